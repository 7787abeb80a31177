"""XEP-0116 derivations from raw inputs (spec/byte-strings.md §3).

Each function is one row of BS §3; arguments and results are bytes unless
named otherwise. `h` is the negotiated hash name, `cipher` the crypt_algs
value.
"""

from primitives import (BLOCK_BYTES, CheckFailure, cipher_key_len, ctr_bytes,
                        ctr_crypt, hash_bytes, hmac_bytes, mac_key_len, mpi,
                        mpi_decode, sha256)

# XEP-0116 §"ESession Request (Alice)": 2^(2n-1) < x < p - 1, n = 128
# (A-"Which n bounds the DH exponent").
N_BITS = 8 * BLOCK_BYTES


# spec/dh-exponent.md "Choice": the secret exponent length per group; the
# reference draws exactly this many bits with the top bit set.
EXPONENT_BITS = {1: 256, 2: 256, 5: 256, 14: 320, 15: 420, 16: 480,
                 17: 540, 18: 620}


def check_exponent(x, p):
    if not (1 << (2 * N_BITS - 1)) < x < p - 1:
        raise CheckFailure("ESESSION_EDH_EXPONENT",
                           "x outside 2^(2n-1) < x < p-1")


def dh_public(group, x):
    """e = mpi(g^x mod p) (or d from y)."""
    p, g = group
    check_exponent(x, p)
    return mpi(pow(g, x, p))


def dh_received(group, raw):
    """A received e or d: canonical MPI, then 1 < v < p - 1
    (XEP-0116 §"Diffie-Hellman Preparation (Alice)", §"Verifying Alice's
    Identity"; A-"Non-minimal MPI encodings")."""
    p, _ = group
    value = mpi_decode(raw)
    if not 1 < value < p - 1:
        raise CheckFailure("ESESSION_EDH_RANGE", "outside 1 < v < p-1")
    return value


def he(e_raw):
    """He = SHA256(mpi(e)), whatever HASH is
    (A-"He hash function and input")."""
    return sha256(e_raw)


def shared_secret(group, peer_value, exponent):
    """Z = mpi(peer^exponent mod p). A result in {0, 1, p-1} is refused
    (A-"The DH range check also guards the computed secret")."""
    p, _ = group
    z = pow(peer_value, exponent, p)
    if z in (0, 1, p - 1):
        raise CheckFailure("ESESSION_EDH_RANGE", "degenerate shared secret")
    return mpi(z)


def k_from_shared(h, z_raw):
    """K (3-msg) / K0 (4-msg provisory) = HASH(mpi(Z))
    (A-"HASH(e^y mod p) hashes mpi")."""
    return hash_bytes(h, z_raw)


def final_k(h, k0, srs=None, oss=None):
    """K = HASH(K0 ‖ SRS ‖ OSS), absent parts omitted, always hashed
    (A-"Final K when neither SRS nor OSS exists")."""
    return hash_bytes(h, k0 + (srs or b"") + (oss or b""))


LABELS = {
    "KCA": b"Initiator Cipher Key",
    "KMA": b"Initiator MAC Key",
    "KSA": b"Initiator SIGMA Key",
    "KCB": b"Responder Cipher Key",
    "KMB": b"Responder MAC Key",
    "KSB": b"Responder SIGMA Key",
}


def lsb(data, n):
    """The least significant n bytes of a big-endian value: its last n
    bytes (A-"KDF: least significant bits of the HMAC")."""
    return data[len(data) - n:] if n else b""


def session_keys(h, cipher, k):
    """The six keys of XEP-0116 §"Generating Session Keys"."""
    klen = cipher_key_len(cipher)
    mlen = mac_key_len(cipher, h)
    keys = {}
    for name, label in LABELS.items():
        length = klen if name.startswith("KC") else mlen
        keys[name] = lsb(hmac_bytes(h, k, label), length)
    return keys


def mac_a(h, ks_a, n_b, n_a, e_raw, pubkey_a, form_a, form_a2):
    """mac_A = HMAC(HASH, KS_A, N_B ‖ N_A ‖ e ‖ pubKey_A ‖ form_A ‖ form_A2)."""
    return hmac_bytes(h, ks_a, n_b + n_a + e_raw + pubkey_a
                      + form_a.encode("utf-8") + form_a2.encode("utf-8"))


def mac_b(h, ks_b, n_a, n_b, d_raw, pubkey_b, form_b, form_b2=None):
    """mac_B = HMAC(HASH, KS_B, N_A ‖ N_B ‖ d ‖ pubKey_B ‖ form_B [‖ form_B2])."""
    msg = n_a + n_b + d_raw + pubkey_b + form_b.encode("utf-8")
    if form_b2 is not None:
        msg += form_b2.encode("utf-8")
    return hmac_bytes(h, ks_b, msg)


def hide_identity(h, cipher, kc, km, counter, plaintext):
    """ID_X = CIPHER(KC_X, C_X0, plaintext); M_X = HMAC(HASH, KM_X,
    ctr(C_X0) ‖ ID_X). Returns (ID, M, counter after)."""
    ident, after = ctr_crypt(cipher, kc, counter, plaintext)
    return ident, hmac_bytes(h, km, ctr_bytes(counter) + ident), after


def reveal_identity(h, cipher, kc, km, counter, ident, mac):
    """The receiver's side: M_X first (EMAC), then decrypt."""
    if mac != hmac_bytes(h, km, ctr_bytes(counter) + ident):
        raise CheckFailure("ESESSION_EMAC", "M_X does not verify")
    return ctr_crypt(cipher, kc, counter, ident)


def rshash(h, n_a, secret):
    """HMAC(HASH, N_A, RS): key = Alice's nonce, message = the secret."""
    return hmac_bytes(h, n_a, secret)


def srshash(h, srs):
    return hmac_bytes(h, srs, b"Shared Retained Secret")


def new_retained_secret(h, k):
    return hmac_bytes(h, k, b"New Retained Secret")


SAS_ALPHABET = "acdefghikmopqruvwxy123456789"


def sas28x5(h, m_a, form_b):
    """XEP-0116 §"The sas28x5 SAS Algorithm": the last 3 bytes of
    HASH(M_A ‖ form_B ‖ "Short Authentication String") read big-endian,
    written as 5 base-28 digits, most significant first
    (A-"SAS: least significant 24 bits of the hash", A-"SAS: digit order,
    padding, alphabet"). Returns (hash input digest, SAS)."""
    assert len(SAS_ALPHABET) == 28
    digest = hash_bytes(h, m_a + form_b.encode("utf-8")
                        + b"Short Authentication String")
    return digest, sas_string(int.from_bytes(digest[-3:], "big"))


def sas_string(value):
    """Five base-28 digits of a 24-bit value, most significant first."""
    digits = []
    for _ in range(5):
        value, rem = divmod(value, 28)
        digits.append(SAS_ALPHABET[rem])
    return "".join(reversed(digits))


def counter_b(c_a):
    """C_B = C_A XOR 2^(n-1)."""
    return c_a ^ (1 << (N_BITS - 1))
