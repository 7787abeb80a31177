#!/usr/bin/env python3
"""Independent known answers for tests/pubkey/test_keyvalue.c.

Builds the Normalized <KeyValue/> of the fixed keys in
tests/pubkey/pubkey_test_keys.h from their integers (XML-Signature
CryptoBinary: big-endian, no leading zero octet, base64), its SHA-256
fingerprint, and the identity payloads {pubKey | sign} of XEP-0116 for a
fixed 32-octet mac (RSASSA-PKCS1-v1_5 with SHA-256 by `cryptography`).
Run from the repository root; its output was pasted into the test once:

    python3 tests/pubkey/kat/pubkey_kat.py
"""
import base64
import hashlib
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SRC = open("tests/pubkey/pubkey_test_keys.h").read()
MAC = bytes.fromhex("6d61635f41" + "00" * 11 + "ff" * 16)


def val(name: str) -> int:
    m = re.search(r"#define %s\s*\\?\s*((?:\s*\"[0-9a-f]+\"\s*\\?)+)" % name, SRC)
    return int("".join(re.findall(r'"([0-9a-f]+)"', m.group(1))), 16)


def b64(v: int) -> str:
    raw = v.to_bytes((v.bit_length() + 7) // 8, "big")
    return base64.b64encode(raw).decode()


def kv_rsa(p: str) -> str:
    return ("<KeyValue><RSAKeyValue><Modulus>%s</Modulus><Exponent>%s"
            "</Exponent></RSAKeyValue></KeyValue>"
            % (b64(val(p + "_N")), b64(val(p + "_E"))))


def kv_dsa(p: str, y: str) -> str:
    return ("<KeyValue><DSAKeyValue><P>%s</P><Q>%s</Q><G>%s</G><Y>%s</Y>"
            "</DSAKeyValue></KeyValue>"
            % (b64(val(p + "_P")), b64(val(p + "_Q")), b64(val(p + "_G")),
               b64(val(y))))


def show(label: str, s: str) -> None:
    print(label, "len", len(s), "sha256", hashlib.sha256(s.encode()).hexdigest())


kr = kv_rsa("RSA")
kd = kv_dsa("DSA", "DSA_Y")
print(kr)
show("KV_RSA", kr)
print(kd)
show("KV_DSA", kd)
show("KV_RSA2", kv_rsa("RSA2"))
show("KV_DSA2", kv_dsa("DSA", "DSA2_Y"))

n, e, d = val("RSA_N"), val("RSA_E"), val("RSA_D")
p, q = val("RSA_P"), val("RSA_Q")
priv = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p),
                             rsa.RSAPublicNumbers(e, n)).private_key()
sig = priv.sign(MAC, padding.PKCS1v15(), hashes.SHA256())
sv = "<SignatureValue>%s</SignatureValue>" % base64.b64encode(sig).decode()
show("PAYLOAD_KEY_RSA", kr + sv)
fp = hashlib.sha256(kr.encode()).digest()
fe = "<fingerprint>%s</fingerprint>" % base64.b64encode(fp).decode()
print(fe)
show("PAYLOAD_HASH_RSA", fe + sv)
