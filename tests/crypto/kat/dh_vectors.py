#!/usr/bin/env python3
"""Independent Diffie-Hellman values for tests/crypto/test_dh.c, computed
with Python's pow() from the primes in spec/reference/modp-groups.txt.

Run from the repository root: python3 tests/crypto/kat/dh_vectors.py"""
import hashlib
import hmac

groups = {}
for line in open("spec/reference/modp-groups.txt"):
    f = line.split()
    groups[int(f[1])] = int(f[7], 16)


def hexint(v: int) -> str:
    """XEP-0116 MPI encoding: big-endian, no leading zero octet."""
    return v.to_bytes((v.bit_length() + 7) // 8, "big").hex()


def rng_stream(seed: bytes, n: int) -> bytes:
    out, i = b"", 0
    while len(out) < n:
        msg = b"esession test rng" + i.to_bytes(4, "big")
        out += hmac.new(seed, msg, hashlib.sha256).digest()
        i += 1
    return out[:n]


# Fixed exponents (arbitrary, top bit set, inside 2^255 < x < p-1).
for g, x, y in [
    (14, int("c0ffee" + "11" * 37, 16), int("bead" + "2357" * 19, 16)),
    (5, int("9" + "e" * 63, 16), int("a5" * 32, 16)),
]:
    p = groups[g]
    e, d = pow(2, x, p), pow(2, y, p)
    k = pow(d, x, p)
    assert k == pow(e, y, p)
    print(f"group {g}\n x {hexint(x)}\n y {hexint(y)}\n e {hexint(e)}\n"
          f" d {hexint(d)}\n K {hexint(k)}")

# es_dh_generate() with the test RNG seeded "dh seed", group 14: a 320-bit
# exponent from the first 40 stream bytes with its top bit forced.
raw = rng_stream(b"dh seed", 40)
x = int.from_bytes(raw, "big") | (1 << 319)
print(f"generated group 14\n x {hexint(x)}\n e {hexint(pow(2, x, groups[14]))}")
