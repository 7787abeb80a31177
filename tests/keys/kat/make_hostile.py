#!/usr/bin/env python3
"""Write the hostile DER inputs of tests/keys/data/hostile/ from the fixed
keys that make_keys.py wrote, with a DER encoder of its own (below) and
python3-cryptography, independently of esession.

    python3 tests/keys/kat/make_hostile.py tests/keys/data

Each file name says what is wrong; tests/keys/test_key_hostile.c holds the
exact status esession must answer for each.
"""
import os
import sys

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import dsa, rsa

data = sys.argv[1] if len(sys.argv) > 1 else "."
out = os.path.join(data, "hostile")
os.makedirs(out, exist_ok=True)

OID_RSA = bytes.fromhex("06092a864886f70d010101")    # 1.2.840.113549.1.1.1
OID_PSS = bytes.fromhex("06092a864886f70d01010a")    # 1.2.840.113549.1.1.10
OID_DSA = bytes.fromhex("06072a8648ce380401")        # 1.2.840.10040.4.1
NULL = b"\x05\x00"


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def integer(v):
    """X.690 8.3 two's complement, minimal."""
    n = (v.bit_length() + 8) // 8 if v >= 0 else ((-v - 1).bit_length() + 8) // 8
    return tlv(0x02, v.to_bytes(max(n, 1), "big", signed=True))


def seq(*items):
    return tlv(0x30, b"".join(items))


def octets(b):
    return tlv(0x04, b)


def bits(b):
    return tlv(0x03, b"\x00" + b)


def read(name):
    with open(os.path.join(data, name), "rb") as f:
        return f.read()


def write(name, b):
    with open(os.path.join(out, name), "wb") as f:
        f.write(b)


def rsa_private(n, e, d, p, q, dp, dq, u, version=0, extra=b""):
    return seq(integer(version), integer(n), integer(e), integer(d),
               integer(p), integer(q), integer(dp), integer(dq), integer(u),
               extra)


def pkcs8(alg, inner, version=0, extra=b""):
    return seq(integer(version), alg, octets(inner), extra)


def main():
    rk = ser.load_der_private_key(read("rsa2048-pkcs1.der"), None)
    pn = rk.private_numbers()
    n, e = pn.public_numbers.n, pn.public_numbers.e
    d, p, q = pn.d, pn.p, pn.q
    dp, dq, u = pn.dmp1, pn.dmq1, pn.iqmp
    good = rsa_private(n, e, d, p, q, dp, dq, u)
    assert good == read("rsa2048-pkcs1.der"), "our encoder disagrees"
    rsa_alg = seq(OID_RSA, NULL)
    assert pkcs8(rsa_alg, good) == read("rsa2048-pkcs8.der")
    pub = seq(integer(n), integer(e))
    assert seq(rsa_alg, bits(pub)) == read("rsa2048-spki.der")

    # --- strict DER (ESESSION_EDER) ---
    body = good[4:]                     # good = 30 82 LL LL body
    write("ber-indefinite.der", b"\x30\x80" + body + b"\x00\x00")
    write("ber-long-length.der",
          b"\x30\x83" + len(body).to_bytes(3, "big") + body)
    # e = 65537 as "02 81 03 01 00 01": a short length in long form
    pub_nm = bytes.fromhex("0281030100 01".replace(" ", ""))
    write("ber-inner-long-length.der",
          tlv(0x30, integer(n) + pub_nm))
    write("trailing-byte.der", good + b"\x00")
    write("integer-nonminimal.der",
          tlv(0x30, integer(n) + tlv(0x02, b"\x00" + e.to_bytes(3, "big"))))
    write("integer-empty.der", tlv(0x30, integer(n) + tlv(0x02, b"")))
    write("null-with-content.der",
          seq(seq(OID_RSA, tlv(0x05, b"\x00")), bits(pub)))
    write("bitstring-unused-bits.der",
          seq(rsa_alg, tlv(0x03, b"\x01" + pub[:-1] + bytes([pub[-1] | 1]))))
    write("constructed-octet-string.der",
          seq(integer(0), rsa_alg, tlv(0x24, octets(good))))
    write("high-tag-number.der", seq(integer(0), tlv(0x1f, b"\x01\x00")))
    deep = integer(1)
    for _ in range(12):
        deep = seq(deep)
    write("too-deep.der", deep)
    write("oid-nonminimal.der",
          seq(seq(bytes.fromhex("060a2a86488086f70d010101"), NULL),
              bits(pub)))
    write("inner-length-overrun.der",
          b"\x30\x06\x02\x01\x05\x02\x05\x03")

    # --- the input ends inside an element (ESESSION_EDER_TRUNCATED) ---
    write("pkcs8-inner-truncated.der", pkcs8(rsa_alg, good[:-10]))

    # --- well-formed DER, unsupported structure (ESESSION_EKEY_FORMAT) ---
    other = seq(integer(2), integer(n), integer(e), integer(d), integer(p),
                integer(q), integer(dp), integer(dq), integer(u))
    write("multi-prime.der",
          rsa_private(n, e, d, p, q, dp, dq, u, version=1,
                      extra=seq(seq(integer(3), integer(1), integer(1)))))
    write("rsa-version-2.der", other)
    write("pkcs8-version-1.der", pkcs8(rsa_alg, good, version=1))
    write("pkcs8-attributes.der",
          pkcs8(rsa_alg, good,
                extra=tlv(0xa0, seq(OID_RSA, tlv(0x31, NULL)))))
    write("spki-rsassa-pss.der", seq(seq(OID_PSS, NULL), bits(pub)))
    write("spki-rsa-no-params.der", seq(seq(OID_RSA), bits(pub)))
    write("spki-rsa-params-not-null.der",
          seq(seq(OID_RSA, integer(0)), bits(pub)))
    write("pkcs1pub-three-integers.der",
          seq(integer(n), integer(e), integer(e)))  # shape: RSAPrivateKey
    write("set-not-sequence.der", tlv(0x31, integer(n) + integer(e)))

    dk = ser.load_der_private_key(read("dsa2048-pkcs8.der"), None)
    dn = dk.private_numbers()
    par = dn.public_numbers.parameter_numbers
    dss = seq(integer(par.p), integer(par.q), integer(par.g))
    dsa_alg = seq(OID_DSA, dss)
    assert pkcs8(dsa_alg, integer(dn.x)) == read("dsa2048-pkcs8.der")
    assert seq(dsa_alg, bits(integer(dn.public_numbers.y))) == \
        read("dsa2048-spki.der")
    write("spki-dsa-no-params.der",
          seq(seq(OID_DSA), bits(integer(dn.public_numbers.y))))
    write("pkcs8-dsa-params-null.der",
          pkcs8(seq(OID_DSA, NULL), integer(dn.x)))

    # --- inconsistent or out-of-range keys (ESESSION_EKEY) ---
    write("negative-modulus.der", seq(integer(-n), integer(e)))
    write("zero-exponent.der", seq(integer(n), integer(0)))
    write("crt-exponent1-wrong.der",
          rsa_private(n, e, d, p, q, dp + 2, dq, u))
    write("coefficient-wrong.der",
          rsa_private(n, e, d, p, q, dp, dq, u + 1))
    write("prime1-wrong.der",
          rsa_private(n, e, d, p + 2, q, dp, dq, u))
    big = (1 << 8199) | 1                            # 8200 bits, odd
    write("oversize-modulus.der", seq(integer(big), integer(e)))
    write("even-modulus.der", seq(integer(n + 1), integer(e)))
    write("dsa-x-zero.der", pkcs8(dsa_alg, integer(0)))
    write("dsa-x-too-long.der", pkcs8(dsa_alg, integer(par.p - 2)))
    write("dsa-y-outside-subgroup.der",
          seq(dsa_alg, bits(integer(par.p - 1))))
    write("dsa-g-one.der",
          seq(seq(OID_DSA, seq(integer(par.p), integer(par.q), integer(1))),
              bits(integer(dn.public_numbers.y))))


if __name__ == "__main__":
    main()
