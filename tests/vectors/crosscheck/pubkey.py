"""Public-key identification of XEP-0116 (init_pubkey / resp_pubkey 'key'
and 'hash'), as spec/byte-strings.md ("BS") §3 and spec/message-flow.md
("MF") §3 "Public-key checks" read it.

- pubKey_X: the Normalized XML-Signature <KeyValue/> (BS §2, §3):
  `<KeyValue><RSAKeyValue><Modulus>b64(n)</Modulus><Exponent>b64(e)
  </Exponent></RSAKeyValue></KeyValue>` and `<KeyValue><DSAKeyValue><P/>
  <Q/><G/><Y/></DSAKeyValue></KeyValue>`, each integer an XML-Signature
  CryptoBinary (big-endian octets, no leading zero octet, base64).
- fingerprint = HASH(pubKey_X), carried as `<fingerprint>b64(..)
  </fingerprint>` (A-"Fingerprint element content").
- sign_X = `<SignatureValue>b64(sigma)</SignatureValue>`, sigma over the raw
  octets mac_X (A-"What SIGN signs"): RSASSA-PKCS1-v1_5 with SHA-256, or DSA
  with SHA-256 and sigma = r || s, each the byte length of q
  (A-"DSA SignatureValue layout for q longer than 160 bits").

Verification uses `cryptography`; DSA signatures are also recomputed with
the RFC 6979 deterministic nonce written here (A-"DSA nonce generation"),
checked against RFC 6979 Appendix A.2 by selftest.py.
"""

import hashlib
import hmac

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import \
    encode_dss_signature

import c14n
from primitives import CheckFailure, b64decode_strict, b64encode, hash_bytes

NS_DSIG = "http://www.w3.org/2000/09/xmldsig#"
SIGN_RSA = "http://www.w3.org/2000/09/xmldsig#rsa-sha256"
SIGN_DSA = "http://www.w3.org/2000/09/xmldsig#dsa-sha256"

RSA_MEMBERS = ("Modulus", "Exponent")
DSA_MEMBERS = ("P", "Q", "G", "Y")


def crypto_binary(value):
    """XML-Signature §4.0.1 CryptoBinary: big-endian octets without leading
    zero octets, base64 (BS §3 row fingerprint)."""
    return b64encode(value.to_bytes((value.bit_length() + 7) // 8, "big"))


# ------------------------------------------------------------ KeyValue

def keyvalue(kind, parts):
    """pubKey_X built from the key's integers: kind 'rsa' (parts n, e) or
    'dsa' (p, q, g, y). The Normalized form, written directly from BS §3."""
    if kind == "rsa":
        names, inner = RSA_MEMBERS, "RSAKeyValue"
    else:
        names, inner = DSA_MEMBERS, "DSAKeyValue"
    body = "".join(f"<{name}>{crypto_binary(value)}</{name}>"
                   for name, value in zip(names, parts))
    return f"<KeyValue><{inner}>{body}</{inner}></KeyValue>"


def fingerprint(h, pubkey):
    """HASH(Normalized <KeyValue/>) (XEP-0116 §"ESession Request":
    'hash')."""
    return hash_bytes(h, pubkey.encode("utf-8"))


def parse_keyvalue(elem):
    """A received <KeyValue/> element (XML-Signature namespace): exactly one
    RSAKeyValue (Modulus, Exponent) or DSAKeyValue (P, Q, G, Y), leaves of
    strict base64 without leading zero octet, no attributes. Returns
    (kind, integers, normalized text). Anything else: ESESSION_EKEYVALUE
    (MF §3 step 2; spec/ names A-"KeyValue strictness" and A-"DSAKeyValue
    optional members", which spec/ambiguities.md does not contain: here
    the optional DSA members J, Seed, PgenCounter are refused)."""
    def bad(why):
        return CheckFailure("ESESSION_EKEYVALUE", why)
    if elem.tag != "{%s}KeyValue" % NS_DSIG or elem.attrib:
        raise bad("not a KeyValue")
    inner = list(elem)
    if len(inner) != 1 or inner[0].attrib:
        raise bad("KeyValue must hold one key")
    name = c14n.local_name(inner[0].tag)
    if c14n.namespace(inner[0].tag) != NS_DSIG or name not in (
            "RSAKeyValue", "DSAKeyValue"):
        raise bad(f"unknown key {inner[0].tag}")
    kind = "rsa" if name == "RSAKeyValue" else "dsa"
    members = RSA_MEMBERS if kind == "rsa" else DSA_MEMBERS
    got = list(inner[0])
    if [c.tag for c in got] != ["{%s}%s" % (NS_DSIG, m) for m in members]:
        raise bad(f"{name} members {[c.tag for c in got]}")
    values = []
    for child in got:
        if child.attrib or len(child):
            raise bad("member not a leaf")
        try:
            raw = b64decode_strict(child.text or "")
        except CheckFailure as exc:
            raise bad(f"{child.tag}: {exc.status}") from exc
        if not raw or raw[0] == 0:
            raise bad(f"{child.tag}: empty or leading zero octet")
        values.append(int.from_bytes(raw, "big"))
    return kind, values, c14n.norm(elem, NS_DSIG)


def stored_keyvalue(text):
    """A stored Normalized <KeyValue/> (no namespace declaration, BS §2)
    read back as an element of the XML-Signature namespace."""
    wrapper = c14n.parse(f'<w xmlns="{NS_DSIG}">{text}</w>')
    children = list(wrapper)
    if len(children) != 1:
        raise CheckFailure("ESESSION_EKEYVALUE", "stored key")
    return children[0]


def check_key_policy(kind, parts):
    """A-"RSA coefficient and key-size policy": RSA 2048..8192 bits with odd
    e >= 3; DSA (L, N) in {(2048, 224), (2048, 256), (3072, 256)}, q prime,
    q | p - 1, g and y of order q. ESESSION_EKEY otherwise."""
    if kind == "rsa":
        n, e = parts
        if not (2048 <= n.bit_length() <= 8192 and e >= 3 and e % 2 == 1
                and e < n):
            raise CheckFailure("ESESSION_EKEY", "RSA key outside the policy")
        return
    p, q, g, y = parts
    if (p.bit_length(), q.bit_length()) not in ((2048, 224), (2048, 256),
                                                (3072, 256)):
        raise CheckFailure("ESESSION_EKEY", "DSA sizes outside the policy")
    if (p - 1) % q or not _probable_prime(q) or not 1 < g < p \
            or pow(g, q, p) != 1 or not 1 < y < p or pow(y, q, p) != 1:
        raise CheckFailure("ESESSION_EKEY", "DSA parameters inconsistent")


def _probable_prime(n, rounds=32):
    """Miller-Rabin with fixed bases (a check of a public value; fixed bases
    keep the checker deterministic)."""
    if n < 2:
        return False
    small = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53,
             59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113,
             127, 131]
    for prime in small:
        if n % prime == 0:
            return n == prime
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in small[:rounds]:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def sign_alg(kind):
    return SIGN_RSA if kind == "rsa" else SIGN_DSA


# ------------------------------------------------------------ signatures

def signature_value(sigma):
    return f"<SignatureValue>{b64encode(sigma)}</SignatureValue>"


def verify(kind, parts, sigma, mac):
    """VERIFY(sign_X, pubKey_X, mac_X) with `cryptography`; False when the
    signature does not verify (also for a DSA sigma of the wrong length)."""
    data = bytes(mac)
    try:
        if kind == "rsa":
            n, e = parts
            key = rsa.RSAPublicNumbers(e, n).public_key()
            key.verify(bytes(sigma), data, padding.PKCS1v15(),
                       hashes.SHA256())
            return True
        p, q, g, y = parts
        qlen = (q.bit_length() + 7) // 8
        if len(sigma) != 2 * qlen:
            return False
        r = int.from_bytes(sigma[:qlen], "big")
        s = int.from_bytes(sigma[qlen:], "big")
        key = dsa.DSAPublicNumbers(
            y, dsa.DSAParameterNumbers(p, q, g)).public_key()
        key.verify(encode_dss_signature(r, s), data, hashes.SHA256())
        return True
    except InvalidSignature:
        return False


def rsa_sign(n, e, d, p, q, u, mac):
    """RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.1) with SHA-256, written out: the
    signature is deterministic, so the vector's bytes can be recomputed.
    RSASP1 with the CRT (RFC 8017 §5.1.2 2.b, u = q^-1 mod p), checked
    with the public exponent."""
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420")
    t = digest_info + hashlib.sha256(mac).digest()
    k = (n.bit_length() + 7) // 8
    em = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    m = int.from_bytes(em, "big")
    s1, s2 = pow(m, d % (p - 1), p), pow(m, d % (q - 1), q)
    s = s2 + q * (u * (s1 - s2) % p)
    if pow(s, e, n) != m:
        raise AssertionError("RSA-CRT signature does not invert")
    return s.to_bytes(k, "big")


def _bits2int(data, qlen):
    value = int.from_bytes(data, "big")
    blen = 8 * len(data)
    return value >> (blen - qlen) if blen > qlen else value


def _int2octets(value, rlen):
    return value.to_bytes(rlen, "big")


def _bits2octets(data, q, rlen):
    return _int2octets(_bits2int(data, q.bit_length()) % q, rlen)


def rfc6979_k(q, x, h1, hashmod=hashlib.sha256):
    """RFC 6979 §3.2 steps a-h: the deterministic nonce for private key x
    and message hash h1 (HMAC with the same hash)."""
    qlen = q.bit_length()
    rlen = (qlen + 7) // 8
    hlen = hashmod().digest_size
    v = b"\x01" * hlen
    k = b"\x00" * hlen
    seed = _int2octets(x, rlen) + _bits2octets(h1, q, rlen)
    k = hmac.new(k, v + b"\x00" + seed, hashmod).digest()
    v = hmac.new(k, v, hashmod).digest()
    k = hmac.new(k, v + b"\x01" + seed, hashmod).digest()
    v = hmac.new(k, v, hashmod).digest()
    while True:
        t = b""
        while len(t) < rlen:
            v = hmac.new(k, v, hashmod).digest()
            t += v
        candidate = _bits2int(t, qlen)
        if 1 <= candidate < q:
            yield candidate
        k = hmac.new(k, v + b"\x00", hashmod).digest()
        v = hmac.new(k, v, hashmod).digest()


def dsa_sign(p, q, g, x, message, hashmod=hashlib.sha256):
    """FIPS 186-4 §4.6 DSA with the RFC 6979 nonce; returns (r, s). A k
    giving r = 0 or s = 0 is replaced by the next one (RFC 6979 §3.4)."""
    h1 = hashmod(message).digest()
    z = _bits2int(h1, q.bit_length())
    for k in rfc6979_k(q, x, h1, hashmod):
        r = pow(g, k, p) % q
        s = pow(k, -1, q) * (z + x * r) % q
        if r and s:
            return r, s
    raise AssertionError("unreachable")


def dsa_signature_value(p, q, g, x, mac):
    """sigma = r || s, each the byte length of q."""
    r, s = dsa_sign(p, q, g, x, mac)
    qlen = (q.bit_length() + 7) // 8
    return r.to_bytes(qlen, "big") + s.to_bytes(qlen, "big")


# ------------------------------------------------------------ ID payload

def identity_payload(mode, pubkey, h, sigma):
    """The plaintext of ID_X (BS §3 row "ID_X plaintext"): 'key':
    pubKey_X ‖ sign_X; 'hash': <fingerprint/> ‖ sign_X."""
    if mode == "key":
        first = pubkey
    else:
        first = (f"<fingerprint>{b64encode(fingerprint(h, pubkey))}"
                 "</fingerprint>")
    return (first + signature_value(sigma)).encode("utf-8")


def split_payload(plain, mode, h):
    """The receiver's reading of a decrypted ID_X in a key mode
    (A-"Splitting the identity payload", A-"Namespace of the identity
    payload", both cited by BS §3 and MF §3 but absent from
    spec/ambiguities.md; BS §3 says "the receiver parses it as the content
    of an element in the XML-Signature namespace and requires exactly these
    two elements"). Returns (KeyValue element or fingerprint bytes, sigma).
    MF §3 steps 1-2."""
    try:
        text = bytes(plain).decode("utf-8")
        wrapper = c14n.parse(f'<w xmlns="{NS_DSIG}">{text}</w>')
    except (UnicodeDecodeError, CheckFailure) as exc:
        raise CheckFailure("ESESSION_EIDENTITY_PAYLOAD",
                           f"does not parse: {exc}") from exc
    children = list(wrapper)
    first = "KeyValue" if mode == "key" else "fingerprint"
    if [c.tag for c in children] != ["{%s}%s" % (NS_DSIG, first),
                                     "{%s}SignatureValue" % NS_DSIG] \
            or not _blank(wrapper.text) \
            or not all(_blank(c.tail) for c in children):
        raise CheckFailure("ESESSION_EIDENTITY_PAYLOAD",
                           f"{[c.tag for c in children]}")
    key_elem, sig_elem = children
    if mode == "key":
        key = parse_keyvalue(key_elem)
    else:
        if key_elem.attrib or len(key_elem):
            raise CheckFailure("ESESSION_EFINGERPRINT", "not a leaf")
        try:
            key = b64decode_strict(key_elem.text or "")
        except CheckFailure as exc:
            raise CheckFailure("ESESSION_EFINGERPRINT", exc.status) from exc
        if len(key) != len(hash_bytes(h, b"")):
            raise CheckFailure("ESESSION_EFINGERPRINT", "length")
    if sig_elem.attrib or len(sig_elem):
        raise CheckFailure("ESESSION_ESIGNATUREVALUE", "not a leaf")
    try:
        sigma = b64decode_strict(sig_elem.text or "")
    except CheckFailure as exc:
        raise CheckFailure("ESESSION_ESIGNATUREVALUE", exc.status) from exc
    if not sigma:
        raise CheckFailure("ESESSION_ESIGNATUREVALUE", "empty")
    return key, sigma


def _blank(text):
    return text is None or text == ""
