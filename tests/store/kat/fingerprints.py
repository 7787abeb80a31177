#!/usr/bin/env python3
# Expected fingerprints of the test KeyValues of test_store_keys.c,
# computed outside esession: SHA-256 with Python's hashlib, Whirlpool with
# OpenSSL's legacy provider (hashlib has no Whirlpool). Run:
#   python3 tests/store/kat/fingerprints.py
import hashlib
import subprocess

KEYS = {
    "KV_A": b"<KeyValue><RSAKeyValue><Modulus>3q2+7w==</Modulus>"
            b"<Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>",
    "KV_B": b"<KeyValue><RSAKeyValue><Modulus>yv66vg==</Modulus>"
            b"<Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>",
}


def whirlpool(data):
    out = subprocess.run(
        ["openssl", "dgst", "-whirlpool", "-provider", "legacy",
         "-provider", "default", "-r"],
        input=data, capture_output=True, check=True).stdout
    return out.split()[0].decode()


for name, kv in KEYS.items():
    print(name, "sha256   ", hashlib.sha256(kv).hexdigest())
    print(name, "whirlpool", whirlpool(kv))

# A 2048-bit RSA public key (modulus made once with
# cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key,
# e = 65537), as test_store_keys_public.c builds it. Its Normalized
# <KeyValue/> is written by hand here from XML-Signature §4.4.2 (Modulus
# and Exponent as base64 CryptoBinary) and the one-line form of
# spec/normalization.md; its SHA-256 fingerprint is what
# esession_store_add_key must have stored.
import base64

N_HEX = (
    "8a288a14df9e67b3ba285666021a2b286d7dd3eb20c0cc1610d809e77517f013"
    "02277fb1d9f9ac41a07bda6213a817ddf7af53a9a0e0529d107bdacc0d604f69"
    "6a036e6dc139cc2978ecabf218144ef52f8a3367282819507e17d6632ae479c3"
    "54d0f2600a27f34baceee753cfd08d98ffc2510e1b13017a04183e86087814e0"
    "48bf5238d20cc2d7c549ddacb34d23b505dd48fc25c524eba975fb6c72246007"
    "eaaac449322df6662b36b77e430ae76a6d6e6fdf9b6f4a586069d2a18849c9dc"
    "eb864e83d3a1b78c05757dce0569b01675d65269262ba1bbc253334a5d03f63e"
    "565f99af11dc8144244f85154c2d8d9bd02409d7cea1280f99990f5b9a5a18e1")
kv = (b"<KeyValue><RSAKeyValue><Modulus>"
      + base64.b64encode(bytes.fromhex(N_HEX))
      + b"</Modulus><Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>")
print("RSA_KEY sha256   ", hashlib.sha256(kv).hexdigest())
