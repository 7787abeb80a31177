#!/usr/bin/env python3
"""Write the fixed test keys of tests/keys/data/ with python3-cryptography
(OpenSSL underneath), independently of esession.

    python3 tests/keys/kat/make_keys.py tests/keys/data

For each key K it writes:
  K.parts           one "name hex" line per component, from cryptography's
                    private_numbers() / public_numbers() (the expected
                    values of tests/keys/test_key_file.c)
  K-pkcs8.der/.pem  PKCS#8 PrivateKeyInfo (PEM label "PRIVATE KEY")
  K-spki.der/.pem   SubjectPublicKeyInfo ("PUBLIC KEY")
  and for RSA also
  K-pkcs1.der/.pem      RSAPrivateKey ("RSA PRIVATE KEY")
  K-pkcs1pub.der/.pem   RSAPublicKey ("RSA PUBLIC KEY")

RSA primes are ordered prime1 < prime2 (esession writes them in that
order, so its export of these keys must equal the files byte for byte).
Keys are random: rerunning changes every file, the test data then has to
be committed again together.

It also writes the refused keys the hostile tests need:
  rsa1024-pkcs8.der      too small (ESESSION_EKEY)
  dsa1024-pkcs8.der      too small (ESESSION_EKEY)
  ec-p256-spki.der       another algorithm (ESESSION_EKEY_FORMAT)
  ed25519-pkcs8.pem      another algorithm (ESESSION_EKEY_FORMAT)
  rsa2048-enc-pkcs8.der/.pem  encrypted PKCS#8 (ESESSION_EKEY_FORMAT)
  rsa2048-legacy-enc.pem RFC 1421 "Proc-Type: 4,ENCRYPTED" (EKEY_FORMAT)
  dsa2048-legacy.pem     OpenSSL's "DSA PRIVATE KEY" (EKEY_FORMAT)
"""
import os
import sys

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

out = sys.argv[1] if len(sys.argv) > 1 else "."
PW = b"test password"


def hexint(v):
    h = "%x" % v
    return ("0" + h) if len(h) % 2 else h


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def both(stem, key_bytes):
    write(stem + ".der", key_bytes(ser.Encoding.DER))
    write(stem + ".pem", key_bytes(ser.Encoding.PEM))


def rsa_ordered(bits):
    k = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    pn = k.private_numbers()
    p, q = sorted((pn.p, pn.q))
    d = pn.d
    nums = rsa.RSAPrivateNumbers(
        p=p, q=q, d=d,
        dmp1=rsa.rsa_crt_dmp1(d, p), dmq1=rsa.rsa_crt_dmq1(d, q),
        iqmp=rsa.rsa_crt_iqmp(p, q), public_numbers=pn.public_numbers)
    return nums.private_key()


def rsa_files(stem, key):
    pn = key.private_numbers()
    with open(os.path.join(out, stem + ".parts"), "w") as f:
        for name, v in (("n", pn.public_numbers.n), ("e", pn.public_numbers.e),
                        ("d", pn.d), ("p", pn.p), ("q", pn.q),
                        ("dp", pn.dmp1), ("dq", pn.dmq1), ("u", pn.iqmp)):
            f.write("%s %s\n" % (name, hexint(v)))
    P, PUB = ser.PrivateFormat, ser.PublicFormat
    none = ser.NoEncryption()
    both(stem + "-pkcs8", lambda e: key.private_bytes(e, P.PKCS8, none))
    both(stem + "-pkcs1",
         lambda e: key.private_bytes(e, P.TraditionalOpenSSL, none))
    both(stem + "-spki",
         lambda e: key.public_key().public_bytes(e, PUB.SubjectPublicKeyInfo))
    both(stem + "-pkcs1pub",
         lambda e: key.public_key().public_bytes(e, PUB.PKCS1))


def dsa_files(stem, key):
    pn = key.private_numbers()
    par = pn.public_numbers.parameter_numbers
    with open(os.path.join(out, stem + ".parts"), "w") as f:
        for name, v in (("p", par.p), ("q", par.q), ("g", par.g),
                        ("y", pn.public_numbers.y), ("x", pn.x)):
            f.write("%s %s\n" % (name, hexint(v)))
    P, PUB = ser.PrivateFormat, ser.PublicFormat
    none = ser.NoEncryption()
    both(stem + "-pkcs8", lambda e: key.private_bytes(e, P.PKCS8, none))
    both(stem + "-spki",
         lambda e: key.public_key().public_bytes(e, PUB.SubjectPublicKeyInfo))


def main():
    P, PUB, E = ser.PrivateFormat, ser.PublicFormat, ser.Encoding
    none = ser.NoEncryption()
    r = rsa_ordered(2048)
    rsa_files("rsa2048", r)
    # OpenSSL generates DSA 2048 with q of 256 bits.
    d = dsa.generate_private_key(key_size=2048)
    dsa_files("dsa2048", d)

    small = rsa_ordered(1024)
    write("rsa1024-pkcs8.der", small.private_bytes(E.DER, P.PKCS8, none))
    dsmall = dsa.generate_private_key(key_size=1024)
    write("dsa1024-pkcs8.der", dsmall.private_bytes(E.DER, P.PKCS8, none))
    eck = ec.generate_private_key(ec.SECP256R1())
    write("ec-p256-spki.der",
          eck.public_key().public_bytes(E.DER, PUB.SubjectPublicKeyInfo))
    edk = ed25519.Ed25519PrivateKey.generate()
    write("ed25519-pkcs8.pem", edk.private_bytes(E.PEM, P.PKCS8, none))
    enc = ser.BestAvailableEncryption(PW)
    write("rsa2048-enc-pkcs8.der", r.private_bytes(E.DER, P.PKCS8, enc))
    write("rsa2048-enc-pkcs8.pem", r.private_bytes(E.PEM, P.PKCS8, enc))
    write("rsa2048-legacy-enc.pem",
          r.private_bytes(E.PEM, P.TraditionalOpenSSL, enc))
    write("dsa2048-legacy.pem",
          d.private_bytes(E.PEM, P.TraditionalOpenSSL, none))


if __name__ == "__main__":
    main()
