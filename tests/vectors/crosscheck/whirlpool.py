"""Whirlpool (version 3.0, ISO/IEC 10118-3:2004), pure Python.

Written from the algorithm definition in P. S. L. M. Barreto, V. Rijmen,
"The WHIRLPOOL Hashing Function" (revised 2003), which ISO/IEC 10118-3
standardises:

* state: an 8x8 matrix of bytes, filled row by row from a 64-byte block;
* round function rho[k] = sigma[k] o theta o pi o gamma, 10 rounds;
* gamma: the S-box, built from the 4-bit mini-boxes E, E^-1 and R (§5 of the
  paper, "the S-box"); no table is copied, the 256 entries are computed;
* pi: column j rotated downwards by j positions;
* theta: right multiplication by the circulant matrix cir(1, 1, 4, 1, 8, 5,
  2, 9) over GF(2^8) with the reduction polynomial x^8 + x^4 + x^3 + x^2 + 1;
* key schedule: K^0 = the chaining value, K^r = rho[c^r](K^(r-1)) with the
  round constant c^r whose first row is S[8(r-1) + j] and other rows zero;
* compression: Miyaguchi-Preneel, H_i = W[H_(i-1)](m_i) xor H_(i-1) xor m_i;
* padding: a 1 bit, zeros to 256 bits mod 512, then the bit length as a
  256-bit big-endian integer.

Checked by selftest.py against the ISO/IEC 10118-3 vectors ("", "abc",
the 62-character alphanumeric string). Whirlpool is needed because
XEP-0116 §"Hash Algorithms" lists it and neither hashlib nor the
`cryptography` package provides it here.
"""

_E = (0x1, 0xB, 0x9, 0xC, 0xD, 0x6, 0xF, 0x3,
      0xE, 0x8, 0x7, 0x4, 0xA, 0x2, 0x5, 0x0)
_R = (0x7, 0xC, 0xB, 0xD, 0xE, 0x4, 0x9, 0xF,
      0x6, 0x3, 0x8, 0xA, 0x2, 0x5, 0x1, 0x0)
_E_INV = tuple(_E.index(i) for i in range(16))


def _build_sbox():
    # The paper's S-box structure: u = (hi, lo); hi goes through E, lo
    # through E^-1; the two are mixed by R and mapped back through E, E^-1.
    box = []
    for u in range(256):
        a = _E[u >> 4]
        b = _E_INV[u & 0xF]
        r = _R[a ^ b]
        box.append((_E[a ^ r] << 4) | _E_INV[b ^ r])
    return tuple(box)


SBOX = _build_sbox()


def _gf_mul(a, b):
    """Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11D)."""
    result = 0
    while b:
        if b & 1:
            result ^= a
        a <<= 1
        if a & 0x100:
            a ^= 0x11D
        b >>= 1
    return result


_CIRC = (0x01, 0x01, 0x04, 0x01, 0x08, 0x05, 0x02, 0x09)
# _MUL[c][x] = c * x for the eight coefficients of the circulant matrix.
_MUL = {c: tuple(_gf_mul(c, x) for x in range(256)) for c in set(_CIRC)}
ROUNDS = 10


# The state is kept as 8 rows, each a 64-bit integer (row i = bytes
# a[i][0..7], a[i][0] most significant). gamma, pi and theta combine into
# table lookups: after gamma and pi, row i holds S[a[(i - k) mod 8][k]] in
# column k, and theta makes output byte j of row i the xor over k of
# C[(j - k) mod 8] * that byte. _T[k][x] is the 64-bit row contribution of
# byte x sitting in column k: byte j = _CIRC[(j - k) mod 8] * S[x].
def _build_tables():
    tables = []
    for k in range(8):
        table = []
        for x in range(256):
            word = 0
            for j in range(8):
                word = (word << 8) | _MUL[_CIRC[(j - k) & 7]][SBOX[x]]
            table.append(word)
        tables.append(tuple(table))
    return tuple(tables)


_T = _build_tables()


def _round(rows, key):
    """One rho[key] on 8 row words: gamma, pi, theta, then sigma (xor key)."""
    t0, t1, t2, t3, t4, t5, t6, t7 = _T
    out = []
    for i in range(8):
        out.append(t0[rows[i] >> 56]
                   ^ t1[(rows[(i - 1) & 7] >> 48) & 0xFF]
                   ^ t2[(rows[(i - 2) & 7] >> 40) & 0xFF]
                   ^ t3[(rows[(i - 3) & 7] >> 32) & 0xFF]
                   ^ t4[(rows[(i - 4) & 7] >> 24) & 0xFF]
                   ^ t5[(rows[(i - 5) & 7] >> 16) & 0xFF]
                   ^ t6[(rows[(i - 6) & 7] >> 8) & 0xFF]
                   ^ t7[rows[(i - 7) & 7] & 0xFF]
                   ^ key[i])
    return out


def _round_constant(r):
    """c^r: first row S[8(r-1) .. 8(r-1)+7], other rows zero."""
    first = int.from_bytes(bytes(SBOX[8 * (r - 1):8 * r]), "big")
    return [first] + [0] * 7


_CONSTANTS = tuple(_round_constant(r) for r in range(1, ROUNDS + 1))


def _rows(block):
    return [int.from_bytes(block[8 * i:8 * i + 8], "big") for i in range(8)]


def _compress(chain, block):
    """Miyaguchi-Preneel: W[chain](block) xor chain xor block (row words)."""
    m = _rows(block)
    key = list(chain)
    state = [b ^ k for b, k in zip(m, key)]
    for r in range(ROUNDS):
        key = _round(key, _CONSTANTS[r])
        state = _round(state, key)
    return [s ^ h ^ x for s, h, x in zip(state, chain, m)]


class Whirlpool:
    """hashlib-style object (update/digest/copy), usable with hmac.new."""

    name = "whirlpool"
    digest_size = 64
    block_size = 64

    def __init__(self, data=b""):
        self._chain = [0] * 8
        self._buffer = b""
        self._length = 0
        if data:
            self.update(data)

    def update(self, data):
        data = bytes(data)
        self._length += len(data)
        buf = self._buffer + data
        whole = len(buf) - len(buf) % 64
        for off in range(0, whole, 64):
            self._chain = _compress(self._chain, buf[off:off + 64])
        self._buffer = buf[whole:]

    def copy(self):
        other = Whirlpool()
        other._chain = list(self._chain)
        other._buffer = self._buffer
        other._length = self._length
        return other

    def digest(self):
        bits = self._length * 8
        pad = b"\x80"
        # pad to 32 bytes (256 bits) short of a block boundary
        pad += b"\x00" * ((32 - (len(self._buffer) + 1)) % 64)
        tail = self._buffer + pad + bits.to_bytes(32, "big")
        chain = list(self._chain)
        for off in range(0, len(tail), 64):
            chain = _compress(chain, tail[off:off + 64])
        return b"".join(word.to_bytes(8, "big") for word in chain)

    def hexdigest(self):
        return self.digest().hex()


def whirlpool(data=b""):
    return Whirlpool(data)
