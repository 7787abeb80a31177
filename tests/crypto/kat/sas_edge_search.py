#!/usr/bin/env python3
"""Find sas28x5 inputs whose SHA-256 value is an edge value (0, 2^24-1).

Independent of esession: python hashlib only. Used once to pick the inputs
of tests/crypto/test_sas.c `sas_edge_values`; prints form_B suffixes.
  M_A    = bytes(range(32))
  form_B = b"<x>" + decimal i
  v      = int.from_bytes(sha256(M_A + form_B + b"Short Authentication
           String").digest()[-3:], "big")
"""
import hashlib

M_A = bytes(range(32))
LABEL = b"Short Authentication String"
want = {0: None, 0xFFFFFF: None}
base = hashlib.sha256(M_A + b"<x>")
i = 0
while any(v is None for v in want.values()):
    h = base.copy()
    h.update(str(i).encode() + LABEL)
    v = int.from_bytes(h.digest()[-3:], "big")
    if v in want and want[v] is None:
        want[v] = i
        print(f"value {v:#08x}: form_B = <x>{i}", flush=True)
    i += 1
