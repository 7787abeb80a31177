"""Twofish block encryption (128-bit block; 128/192/256-bit keys), pure Python.

Written from B. Schneier, J. Kelsey, D. Whiting, D. Wagner, C. Hall,
N. Ferguson, "Twofish: A 128-Bit Block Cipher" (1998), §4:

* q0/q1: the 8-bit permutations built from the 4-bit tables t0..t3 (§4.3.5);
* MDS: the 4x4 matrix over GF(2^8) mod x^8+x^6+x^5+x^3+1 (§4.3.2);
* RS: the 4x8 Reed-Solomon matrix over GF(2^8) mod x^8+x^6+x^3+x^2+1
  (§4.3) that derives the S-box key words S from the key;
* h(X, L): the q/xor cascade for k = 2, 3, 4 followed by the MDS multiply;
* expanded key K_0..K_39 with rho = 2^24 + 2^16 + 2^8 + 1, the PHT and the
  8- and 9-bit rotations (§4.3.7);
* 16 rounds of F with input/output whitening and the 1-bit rotations;
  bytes are read and written as little-endian 32-bit words (§4.1).

Only encryption is needed (CTR mode). Checked by selftest.py against the
Twofish paper's ecb_tbl.txt values for all three key sizes. XEP-0116
§"Block Cipher Algorithms" lists twofish128/192/256-ctr; the `cryptography`
package does not provide Twofish.
"""

_Q0_T = (
    (0x8, 0x1, 0x7, 0xD, 0x6, 0xF, 0x3, 0x2, 0x0, 0xB, 0x5, 0x9, 0xE, 0xC, 0xA, 0x4),
    (0xE, 0xC, 0xB, 0x8, 0x1, 0x2, 0x3, 0x5, 0xF, 0x4, 0xA, 0x6, 0x7, 0x0, 0x9, 0xD),
    (0xB, 0xA, 0x5, 0xE, 0x6, 0xD, 0x9, 0x0, 0xC, 0x8, 0xF, 0x3, 0x2, 0x4, 0x7, 0x1),
    (0xD, 0x7, 0xF, 0x4, 0x1, 0x2, 0x6, 0xE, 0x9, 0xB, 0x3, 0x0, 0x8, 0x5, 0xC, 0xA),
)
_Q1_T = (
    (0x2, 0x8, 0xB, 0xD, 0xF, 0x7, 0x6, 0xE, 0x3, 0x1, 0x9, 0x4, 0x0, 0xA, 0xC, 0x5),
    (0x1, 0xE, 0x2, 0xB, 0x4, 0xC, 0x3, 0x7, 0x6, 0xD, 0xA, 0x5, 0xF, 0x9, 0x0, 0x8),
    (0x4, 0xC, 0x7, 0x5, 0x1, 0x6, 0x9, 0xA, 0x0, 0xE, 0xD, 0x8, 0x2, 0xB, 0x3, 0xF),
    (0xB, 0x9, 0x5, 0x1, 0xC, 0x3, 0xD, 0xE, 0x6, 0x4, 0x7, 0xF, 0x2, 0x0, 0x8, 0xA),
)


def _ror4(x, n):
    return ((x >> n) | (x << (4 - n))) & 0xF


def _build_q(t):
    # §4.3.5: the permutation q on a byte x
    out = []
    for x in range(256):
        a0, b0 = x >> 4, x & 0xF
        a1 = a0 ^ b0
        b1 = a0 ^ _ror4(b0, 1) ^ ((8 * a0) & 0xF)
        a2, b2 = t[0][a1], t[1][b1]
        a3 = a2 ^ b2
        b3 = a2 ^ _ror4(b2, 1) ^ ((8 * a2) & 0xF)
        a4, b4 = t[2][a3], t[3][b3]
        out.append((b4 << 4) | a4)
    return tuple(out)


Q0 = _build_q(_Q0_T)
Q1 = _build_q(_Q1_T)


def _gf_mul(a, b, poly):
    result = 0
    while b:
        if b & 1:
            result ^= a
        a <<= 1
        if a & 0x100:
            a ^= poly
        b >>= 1
    return result


_MDS_POLY = 0x169
_RS_POLY = 0x14D
_MDS = ((0x01, 0xEF, 0x5B, 0x5B),
        (0x5B, 0xEF, 0xEF, 0x01),
        (0xEF, 0x5B, 0x01, 0xEF),
        (0xEF, 0x01, 0xEF, 0x5B))
_RS = ((0x01, 0xA4, 0x55, 0x87, 0x5A, 0x58, 0xDB, 0x9E),
       (0xA4, 0x56, 0x82, 0xF3, 0x1E, 0xC6, 0x68, 0xE5),
       (0x02, 0xA1, 0xFC, 0xC1, 0x47, 0xAE, 0x3D, 0x19),
       (0xA4, 0x55, 0x87, 0x5A, 0x58, 0xDB, 0x9E, 0x03))
_MDS_MUL = {c: tuple(_gf_mul(c, x, _MDS_POLY) for x in range(256))
            for row in _MDS for c in row}

_M32 = 0xFFFFFFFF


def _rol(x, n):
    return ((x << n) | (x >> (32 - n))) & _M32


def _ror(x, n):
    return ((x >> n) | (x << (32 - n))) & _M32


def _bytes_of(word):
    return [(word >> (8 * i)) & 0xFF for i in range(4)]


def _h(x, key_words):
    """§4.3.2 h(X, L) with L = key_words (k = len(key_words) words)."""
    y = _bytes_of(x)
    k = len(key_words)
    l = [_bytes_of(w) for w in key_words]
    if k == 4:
        y = [Q1[y[0]] ^ l[3][0], Q0[y[1]] ^ l[3][1],
             Q0[y[2]] ^ l[3][2], Q1[y[3]] ^ l[3][3]]
    if k >= 3:
        y = [Q1[y[0]] ^ l[2][0], Q1[y[1]] ^ l[2][1],
             Q0[y[2]] ^ l[2][2], Q0[y[3]] ^ l[2][3]]
    y = [Q1[Q0[Q0[y[0]] ^ l[1][0]] ^ l[0][0]],
         Q0[Q0[Q1[y[1]] ^ l[1][1]] ^ l[0][1]],
         Q1[Q1[Q0[y[2]] ^ l[1][2]] ^ l[0][2]],
         Q0[Q1[Q1[y[3]] ^ l[1][3]] ^ l[0][3]]]
    z = 0
    for i in range(4):
        zi = 0
        for j in range(4):
            zi ^= _MDS_MUL[_MDS[i][j]][y[j]]
        z |= zi << (8 * i)
    return z


class Twofish:
    block_size = 16

    def __init__(self, key):
        key = bytes(key)
        if len(key) not in (16, 24, 32):
            raise ValueError("Twofish key must be 16, 24 or 32 bytes")
        k = len(key) // 8
        words = [int.from_bytes(key[4 * i:4 * i + 4], "little")
                 for i in range(2 * k)]
        m_even = words[0::2]
        m_odd = words[1::2]
        # S-box key words: S_i = RS . (key bytes 8i .. 8i+7), used in
        # reverse order (S_(k-1), ..., S_0) as the list L of h.
        s = []
        for i in range(k):
            chunk = key[8 * i:8 * i + 8]
            word = 0
            for row in range(4):
                acc = 0
                for col in range(8):
                    acc ^= _gf_mul(_RS[row][col], chunk[col], _RS_POLY)
                word |= acc << (8 * row)
            s.append(word)
        self._s = list(reversed(s))
        rho = 0x01010101
        self._k = []
        for i in range(20):
            a = _h(2 * i * rho, m_even)
            b = _rol(_h((2 * i + 1) * rho, m_odd), 8)
            self._k.append((a + b) & _M32)
            self._k.append(_rol((a + 2 * b) & _M32, 9))

    def _g(self, x):
        return _h(x, self._s)

    def encrypt_block(self, block):
        if len(block) != 16:
            raise ValueError("Twofish block must be 16 bytes")
        kk = self._k
        r = [int.from_bytes(block[4 * i:4 * i + 4], "little") ^ kk[i]
             for i in range(4)]
        for rnd in range(16):
            t0 = self._g(r[0])
            t1 = self._g(_rol(r[1], 8))
            f0 = (t0 + t1 + kk[2 * rnd + 8]) & _M32
            f1 = (t0 + 2 * t1 + kk[2 * rnd + 9]) & _M32
            r = [_ror(r[2] ^ f0, 1), _rol(r[3], 1) ^ f1, r[0], r[1]]
        # undo the last swap, output whitening
        out = [r[2] ^ kk[4], r[3] ^ kk[5], r[0] ^ kk[6], r[1] ^ kk[7]]
        return b"".join(w.to_bytes(4, "little") for w in out)
