#!/usr/bin/env python3
"""Interoperability of `esession keygen` with python3-cryptography (OpenSSL).

    interop.py PATH-TO-esession

For RSA 2048 and DSA 2048, in PEM and DER, esession writes a key pair;
python must load both files (OpenSSL checks the private key's consistency,
RSA CRT values included), find the public key equal to the private key's,
sign with the private key and verify with the public one, and re-serialize
both to exactly the bytes esession wrote (DER is canonical; RFC 7468 PEM
with 64-character lines). It also checks the tool's file handling: the
private key file has mode 0600, an existing file is not overwritten
without --force, and --force replaces it.
"""
import os
import stat
import subprocess
import sys
import tempfile

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import dsa, padding, rsa

tool = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def keygen(*args):
    return subprocess.run([tool, "keygen", *args], capture_output=True,
                          text=True)


def one(tmp, kind, fmt):
    priv_path = os.path.join(tmp, "%s.%s" % (kind, fmt))
    pub_path = os.path.join(tmp, "%s.pub.%s" % (kind, fmt))
    r = keygen("--type", kind, "--bits", "2048", "--out", priv_path,
               "--public-out", pub_path, "--format", fmt)
    check(r.returncode == 0, "%s %s: keygen failed: %s" % (kind, fmt,
                                                           r.stderr))
    if r.returncode != 0:
        return
    check(stat.S_IMODE(os.stat(priv_path).st_mode) == 0o600,
          "%s %s: private key mode" % (kind, fmt))
    with open(priv_path, "rb") as f:
        priv_bytes = f.read()
    with open(pub_path, "rb") as f:
        pub_bytes = f.read()
    enc = ser.Encoding.PEM if fmt == "pem" else ser.Encoding.DER
    if fmt == "pem":
        priv = ser.load_pem_private_key(priv_bytes, None)
        pub = ser.load_pem_public_key(pub_bytes)
    else:
        priv = ser.load_der_private_key(priv_bytes, None)
        pub = ser.load_der_public_key(pub_bytes)
    want = rsa.RSAPrivateKey if kind == "rsa" else dsa.DSAPrivateKey
    check(isinstance(priv, want), "%s %s: key type" % (kind, fmt))
    check(priv.key_size == 2048, "%s %s: key size" % (kind, fmt))
    check(priv.public_key().public_numbers() == pub.public_numbers(),
          "%s %s: public key differs from the private key's" % (kind, fmt))
    msg = b"XEP-0116 mac_A"
    if kind == "rsa":
        sig = priv.sign(msg, padding.PKCS1v15(), hashes.SHA256())
        pub.verify(sig, msg, padding.PKCS1v15(), hashes.SHA256())
    else:
        sig = priv.sign(msg, hashes.SHA256())
        pub.verify(sig, msg, hashes.SHA256())
    check(priv.private_bytes(enc, ser.PrivateFormat.PKCS8,
                             ser.NoEncryption()) == priv_bytes,
          "%s %s: PKCS#8 bytes differ from python's" % (kind, fmt))
    check(pub.public_bytes(enc, ser.PublicFormat.SubjectPublicKeyInfo)
          == pub_bytes, "%s %s: SPKI bytes differ from python's" % (kind,
                                                                  fmt))


def file_handling(tmp):
    path = os.path.join(tmp, "exists.pem")
    with open(path, "w") as f:
        f.write("keep me\n")
    r = keygen("--type", "rsa", "--bits", "2048", "--out", path)
    check(r.returncode == 1, "overwrite without --force: exit %d"
          % r.returncode)
    with open(path) as f:
        check(f.read() == "keep me\n", "existing file was changed")
    os.chmod(path, 0o644)
    r = keygen("--type", "rsa", "--bits", "2048", "--out", path, "--force")
    check(r.returncode == 0, "--force: exit %d" % r.returncode)
    check(stat.S_IMODE(os.stat(path).st_mode) == 0o600,
          "--force kept the old mode")
    r = keygen("--type", "rsa", "--bits", "1024", "--out",
               os.path.join(tmp, "small.pem"))
    check(r.returncode == 2, "1024-bit RSA: exit %d" % r.returncode)
    r = keygen("--type", "ecdsa", "--out", os.path.join(tmp, "x.pem"))
    check(r.returncode == 2, "unknown type: exit %d" % r.returncode)
    r = keygen("--help")
    check(r.returncode == 0 and "usage" in r.stdout, "--help")


with tempfile.TemporaryDirectory() as tmp:
    for kind in ("rsa", "dsa"):
        for fmt in ("pem", "der"):
            one(tmp, kind, fmt)
    file_handling(tmp)

print("%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)
