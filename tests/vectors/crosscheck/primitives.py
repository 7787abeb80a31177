"""Primitives for the independent cross-check, as XEP-0116/XEP-0200 use them.

Everything here is written from the specifications cited next to it and the
project's written readings (spec/byte-strings.md = "BS", spec/ambiguities.md
= "A-"), never from the C library. Library use: hashlib (SHA-256), hmac
(RFC 2104), `cryptography` (AES block encryption only, ECB on one block);
Whirlpool, Twofish and Serpent are the pure-Python modules beside this one.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re
import sys

try:
    from cryptography.hazmat.primitives.ciphers import (Cipher, algorithms,
                                                        modes)
except ImportError:  # a test dependency (DESIGN.md): report SKIP, not FAIL
    print("crosscheck: SKIP: python3 has no `cryptography` package")
    sys.exit(77)

from serpent import Serpent
from twofish import Twofish
from whirlpool import Whirlpool


class CheckFailure(Exception):
    """A check of the protocol failed; `status` names the reason.

    The names are the reasons the vectors use (the reference library's status
    names); each raise site says which rule of our reading it enforces.
    """

    def __init__(self, status, detail="", field=None):
        super().__init__(f"{status}: {detail}" if detail else status)
        self.status = status
        self.detail = detail
        self.field = field


# ---------------------------------------------------------------- hashes

# XEP-0116 §"Hash Algorithms": sha256, whirlpool.
HASHES = {
    "sha256": hashlib.sha256,
    "whirlpool": Whirlpool,
}


def hash_len(name):
    return HASHES[name]().digest_size


def hash_bytes(name, data):
    return HASHES[name](data).digest()


def hmac_bytes(name, key, msg):
    """RFC 2104 HMAC with the negotiated HASH (hmac accepts any hashlib-like
    constructor with block_size/digest_size/update/digest/copy)."""
    return hmac.new(bytes(key), bytes(msg), HASHES[name]).digest()


def sha256(data):
    return hashlib.sha256(data).digest()


# ---------------------------------------------------------------- ciphers

class _Aes:
    block_size = 16

    def __init__(self, key):
        self._enc = Cipher(algorithms.AES(bytes(key)), modes.ECB()).encryptor()

    def encrypt_block(self, block):
        return self._enc.update(bytes(block))


# XEP-0116 §"Block Cipher Algorithms": name -> (block cipher, key bytes).
# twofish192-ctr is listed by the XEP; the reference refuses it
# (A-"CTR: twofish192-ctr is not supported"), the Twofish here supports it.
CIPHERS = {
    "aes128-ctr": (_Aes, 16),
    "aes192-ctr": (_Aes, 24),
    "aes256-ctr": (_Aes, 32),
    "twofish128-ctr": (Twofish, 16),
    "twofish192-ctr": (Twofish, 24),
    "twofish256-ctr": (Twofish, 32),
    "serpent128-ctr": (Serpent, 16),
    "serpent192-ctr": (Serpent, 24),
    "serpent256-ctr": (Serpent, 32),
    "none": (None, 0),
}

# Every listed cipher has 128-bit blocks; 'none' uses 128 too
# (A-"CTR: block size of 'none'").
BLOCK_BYTES = 16
COUNTER_MOD = 1 << (8 * BLOCK_BYTES)


def cipher_key_len(name):
    return CIPHERS[name][1]


def mac_key_len(name, hash_name):
    """KM/KS length: the cipher's key length, at least 16 bytes, never more
    than hlen (A-"Length of the MAC and SIGMA keys", reading (c))."""
    mlen = max(cipher_key_len(name), 16)
    if mlen > hash_len(hash_name):
        raise CheckFailure("ESESSION_EKEY_LENGTH", "hash shorter than key")
    return mlen


def ctr_bytes(counter):
    """ctr(C): exactly n/8 bytes big-endian, never stripped (BS §1)."""
    return (counter % COUNTER_MOD).to_bytes(BLOCK_BYTES, "big")


def ctr_value(raw):
    if len(raw) != BLOCK_BYTES:
        raise CheckFailure("ESESSION_ECOUNTER", f"counter is {len(raw)} bytes")
    return int.from_bytes(raw, "big")


def ctr_crypt(cipher_name, key, counter, data):
    """CIPHER(k, C, m) of BS §1: block i uses E_k(ctr(C + i)); returns the
    output and the counter after the call, C + ceil(len/16) mod 2^128.
    'none': the data unchanged and C + 1 (XEP-0200 §"Encrypting a Stanza").
    Zero bytes with a real cipher consume no counter value
    (A-"CTR: zero-length data"); the stanza layer adds its own +1."""
    factory, key_len = CIPHERS[cipher_name]
    if factory is None:
        return bytes(data), (counter + 1) % COUNTER_MOD
    if len(key) != key_len:
        raise ValueError(f"{cipher_name} wants {key_len}-byte keys")
    block_cipher = factory(key)
    out = bytearray()
    blocks = (len(data) + BLOCK_BYTES - 1) // BLOCK_BYTES
    for i in range(blocks):
        stream = block_cipher.encrypt_block(ctr_bytes(counter + i))
        chunk = data[i * BLOCK_BYTES:(i + 1) * BLOCK_BYTES]
        out += bytes(a ^ b for a, b in zip(chunk, stream))
    return bytes(out), (counter + blocks) % COUNTER_MOD


# ---------------------------------------------------------------- integers

def mpi(value):
    """XEP-0116 §"Multiple-Precision Integers": big-endian, no leading zero
    octet; zero is the empty string (A-"Encoding of zero")."""
    if value < 0:
        raise ValueError("negative integer")
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def mpi_decode(raw):
    """A received integer: refuse empty and leading-zero encodings
    (A-"Non-minimal MPI encodings")."""
    if len(raw) == 0 or raw[0] == 0:
        raise CheckFailure("ESESSION_EMPI", "empty or leading zero octet")
    return int.from_bytes(raw, "big")


# ---------------------------------------------------------------- base64

_B64_ALPHABET = re.compile(rb"[A-Za-z0-9+/=]*")
_XML_SPACE = b" \t\r\n"


def b64encode(raw):
    return base64.b64encode(raw).decode("ascii")


def b64decode_strict(text):
    """RFC 4648 §4 with no exception (A-"Base64 strictness"). The reasons are
    classified in the precedence the reading gives: whitespace, other
    character, length, padding, non-zero pad bits."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    if any(c in _XML_SPACE for c in data):
        raise CheckFailure("ESESSION_EBASE64_SPACE")
    if not _B64_ALPHABET.fullmatch(data):
        raise CheckFailure("ESESSION_EBASE64_CHAR")
    if len(data) % 4:
        raise CheckFailure("ESESSION_EBASE64_LENGTH")
    stripped = data.rstrip(b"=")
    if b"=" in stripped or len(data) - len(stripped) > 2:
        raise CheckFailure("ESESSION_EBASE64_PADDING")
    try:
        raw = base64.b64decode(data, validate=True)
    except binascii.Error as exc:
        raise CheckFailure("ESESSION_EBASE64_PADDING", str(exc)) from exc
    if base64.b64encode(raw) != data:
        raise CheckFailure("ESESSION_EBASE64_NONCANON")
    return raw


# ---------------------------------------------------------------- groups

def load_groups(path=None):
    """The MODP groups of spec/reference/modp-groups.txt (RFC 2409 groups 1,
    2; RFC 3526 groups 5, 14-18): number -> (p, g)."""
    if path is None:
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "..", "..", "..", "spec", "reference",
                            "modp-groups.txt")
    groups = {}
    with open(path, encoding="ascii") as fh:
        for line in fh:
            words = line.split()
            if not words or words[0] != "group":
                continue
            fields = dict(zip(words[2::2], words[3::2]))
            p = int(fields["p"], 16)
            if p.bit_length() != int(fields["bits"]):
                raise ValueError(f"group {words[1]}: p has the wrong length")
            groups[int(words[1])] = (p, int(fields["g"]))
    return groups
