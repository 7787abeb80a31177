#!/usr/bin/env python3
"""Generated ONCE the fixed keys and signatures of tests/crypto/test_sign.c
with Python's `cryptography` (an implementation independent of libgcrypt).

Keys are random, so running this again gives different keys; its output was
pasted into test_sign.c once. `--check` instead re-verifies the vectors
pasted in the test file with `cryptography` (run from the repository root):

    python3 tests/crypto/kat/sign_keys.py --check

The 2048/224 DSA key comes from OpenSSL (python `cryptography` picks q =
256 bits for 2048-bit p), the signature from `cryptography`:
    openssl genpkey -genparam -algorithm DSA -out dsa224.pem \
        -pkeyopt dsa_paramgen_bits:2048 -pkeyopt dsa_paramgen_q_bits:224
    openssl genpkey -paramfile dsa224.pem -out dsa224key.pem
"""
import re
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature, encode_dss_signature)

MSG = bytes.fromhex("6d61635f41" + "00" * 11 + "ff" * 16)  # 32 octets


def mpi(v: int) -> str:
    return v.to_bytes((v.bit_length() + 7) // 8, "big").hex()


def fixed(v: int, n: int) -> str:
    return v.to_bytes(n, "big").hex()


def emit(name: str, hexstr: str) -> None:
    chunks = [hexstr[i:i + 64] for i in range(0, len(hexstr), 64)]
    print(f"#define {name} \\")
    print(" \\\n".join(f'\t"{c}"' for c in chunks))
    print()


def dsa_sig(key, qlen):
    r, s = decode_dss_signature(key.sign(MSG, hashes.SHA256()))
    return fixed(r, qlen) + fixed(s, qlen)


def generate():
    k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    n = k.private_numbers()
    for name, v in [("N", n.public_numbers.n), ("E", n.public_numbers.e),
                    ("D", n.d), ("P", n.p), ("Q", n.q), ("U", n.iqmp)]:
        emit("RSA_" + name, mpi(v))
    emit("RSA_SIG", k.sign(MSG, padding.PKCS1v15(), hashes.SHA256()).hex())

    params = dsa.generate_parameters(key_size=2048)
    for tag, key in [("DSA", params.generate_private_key()),
                     ("DSA2", params.generate_private_key())]:
        pn = key.private_numbers()
        dp = pn.public_numbers.parameter_numbers
        if tag == "DSA":
            for name, v in [("P", dp.p), ("Q", dp.q), ("G", dp.g)]:
                emit("DSA_" + name, mpi(v))
        emit(tag + "_Y", mpi(pn.public_numbers.y))
        emit(tag + "_X", mpi(pn.x))
        emit(tag + "_SIG", dsa_sig(key, 32))

    key = serialization.load_pem_private_key(
        open("/tmp/w/dsa224key.pem", "rb").read(), password=None)
    pn = key.private_numbers()
    dp = pn.public_numbers.parameter_numbers
    for name, v in [("P", dp.p), ("Q", dp.q), ("G", dp.g),
                    ("Y", pn.public_numbers.y), ("X", pn.x)]:
        emit("DSA224_" + name, mpi(v))
    emit("DSA224_SIG", dsa_sig(key, 28))


def check():
    # The keys are in pubkey_test_keys.h, the signatures in test_sign.c;
    # a define is its name and one or more adjacent hex string literals.
    src = (open("tests/pubkey/pubkey_test_keys.h").read() +
           open("tests/crypto/test_sign.c").read())
    vals = {}
    for m in re.finditer(r'#define (\w+)\s+((?:\\\s*)?(?:"[0-9a-f]+"\s*\\?\s*)+)',
                         src):
        vals[m.group(1)] = int("".join(re.findall(r'"([0-9a-f]+)"',
                                                  m.group(2))), 16)
    pub = rsa.RSAPublicNumbers(vals["RSA_E"], vals["RSA_N"]).public_key()
    sig = vals["RSA_SIG"].to_bytes(256, "big")
    pub.verify(sig, MSG, padding.PKCS1v15(), hashes.SHA256())
    for tag, dom, qlen in [("DSA", "DSA", 32), ("DSA2", "DSA", 32),
                           ("DSA224", "DSA224", 28)]:
        pn = dsa.DSAParameterNumbers(vals[dom + "_P"], vals[dom + "_Q"],
                                     vals[dom + "_G"])
        key = dsa.DSAPublicNumbers(vals[tag + "_Y"], pn).public_key()
        raw = vals[tag + "_SIG"].to_bytes(2 * qlen, "big")
        r = int.from_bytes(raw[:qlen], "big")
        s = int.from_bytes(raw[qlen:], "big")
        key.verify(encode_dss_signature(r, s), MSG, hashes.SHA256())
    print("all signatures verify")


if __name__ == "__main__":
    check() if "--check" in sys.argv else generate()
