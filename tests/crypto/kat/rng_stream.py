#!/usr/bin/env python3
"""Independent computation of the deterministic test RNG stream
(esession/crypto/rng.h): block(i) = HMAC-SHA256(seed, "esession test rng" ||
be32(i)), output = block(0) || block(1) || ...  Expected values of
tests/crypto/test_rng.c come from this script."""
import hashlib
import hmac


def stream(seed: bytes, n: int) -> bytes:
    out, i = b"", 0
    while len(out) < n:
        msg = b"esession test rng" + i.to_bytes(4, "big")
        out += hmac.new(seed, msg, hashlib.sha256).digest()
        i += 1
    return out[:n]


print(stream(b"esession rng seed 1", 80).hex())
print(stream(b"", 32).hex())
