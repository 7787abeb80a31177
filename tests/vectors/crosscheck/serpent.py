"""Serpent block encryption (128-bit block; 128/192/256-bit keys), pure Python.

Written from R. Anderson, E. Biham, L. Knudsen, "Serpent: A Proposal for
the Advanced Encryption Standard" (1998), in its bitslice description
(§2 "the cipher", equivalent to the IP/FP description):

* the block is four 32-bit words X0..X3; S-box S_i is applied to the
  4-bit column (bit j of X0, X1, X2, X3), X0 holding the least
  significant bit of the S-box input and output;
* 32 rounds: key mixing with K_i, S-box S_(i mod 8), then the linear
  transformation LT (rounds 0..30) or the final key K_32 (round 31);
* key schedule: the key is padded to 256 bits by appending a single 1 bit
  and zeros (at the most significant end), w_-8..w_-1 are its words,
  w_i = (w_(i-8) ^ w_(i-5) ^ w_(i-3) ^ w_(i-1) ^ phi ^ i) <<< 11 with
  phi = 0x9E3779B9, and K_i = S_((3 - i) mod 8)(w_4i .. w_4i+3).

Byte order: byte 0 of the key and of the block is the least significant
byte of word 0. This is the convention of the NESSIE test vectors (and of
libgcrypt); the AES-submission files print the same values as 128-bit
numbers, i.e. byte-reversed. selftest.py checks the NESSIE vectors for all
three key sizes. XEP-0116 §"Block Cipher Algorithms" lists
serpent128/192/256-ctr without fixing a byte order: see the cross-check's
README ("Serpent byte order").
"""

_SBOX = (
    (3, 8, 15, 1, 10, 6, 5, 11, 14, 13, 4, 2, 7, 0, 9, 12),
    (15, 12, 2, 7, 9, 0, 5, 10, 1, 11, 14, 8, 6, 13, 3, 4),
    (8, 6, 7, 9, 3, 12, 10, 15, 13, 1, 14, 4, 0, 11, 5, 2),
    (0, 15, 11, 8, 12, 9, 6, 3, 13, 1, 2, 4, 10, 7, 5, 14),
    (1, 15, 8, 3, 12, 0, 11, 6, 2, 5, 4, 10, 9, 14, 7, 13),
    (15, 5, 2, 11, 4, 10, 9, 12, 0, 3, 14, 8, 13, 6, 7, 1),
    (7, 2, 12, 5, 8, 4, 6, 11, 14, 9, 1, 15, 13, 3, 10, 0),
    (1, 13, 15, 0, 14, 8, 2, 11, 7, 4, 12, 10, 9, 3, 5, 6),
)
_PHI = 0x9E3779B9
_M32 = 0xFFFFFFFF


def _rol(x, n):
    return ((x << n) | (x >> (32 - n))) & _M32


def _sbox_words(box, x0, x1, x2, x3):
    """Apply a 4-bit S-box to the 32 bit columns of (x0, x1, x2, x3)."""
    y0 = y1 = y2 = y3 = 0
    for j in range(32):
        nibble = (((x0 >> j) & 1) | (((x1 >> j) & 1) << 1)
                  | (((x2 >> j) & 1) << 2) | (((x3 >> j) & 1) << 3))
        out = box[nibble]
        y0 |= (out & 1) << j
        y1 |= ((out >> 1) & 1) << j
        y2 |= ((out >> 2) & 1) << j
        y3 |= ((out >> 3) & 1) << j
    return y0, y1, y2, y3


def _lt(x0, x1, x2, x3):
    x0 = _rol(x0, 13)
    x2 = _rol(x2, 3)
    x1 = x1 ^ x0 ^ x2
    x3 = x3 ^ x2 ^ ((x0 << 3) & _M32)
    x1 = _rol(x1, 1)
    x3 = _rol(x3, 7)
    x0 = x0 ^ x1 ^ x3
    x2 = x2 ^ x3 ^ ((x1 << 7) & _M32)
    x0 = _rol(x0, 5)
    x2 = _rol(x2, 22)
    return x0, x1, x2, x3


class Serpent:
    block_size = 16

    def __init__(self, key):
        key = bytes(key)
        if len(key) not in (16, 24, 32):
            raise ValueError("Serpent key must be 16, 24 or 32 bytes")
        if len(key) < 32:
            # append a single 1 bit right after the key's most significant
            # bit, i.e. byte 0x01 at the next (more significant) byte
            key = key + b"\x01" + b"\x00" * (31 - len(key))
        w = [int.from_bytes(key[4 * i:4 * i + 4], "little") for i in range(8)]
        for i in range(132):
            # w[i] here is w_(i-8) of the paper (w starts at index -8)
            w.append(_rol(w[i] ^ w[i + 3] ^ w[i + 5] ^ w[i + 7] ^ _PHI ^ i,
                          11))
        w = w[8:]
        self._keys = []
        for i in range(33):
            box = _SBOX[(3 - i) % 8]
            self._keys.append(_sbox_words(box, *w[4 * i:4 * i + 4]))

    def encrypt_block(self, block):
        if len(block) != 16:
            raise ValueError("Serpent block must be 16 bytes")
        x = [int.from_bytes(block[4 * i:4 * i + 4], "little")
             for i in range(4)]
        for rnd in range(32):
            k = self._keys[rnd]
            x = [x[i] ^ k[i] for i in range(4)]
            x = list(_sbox_words(_SBOX[rnd % 8], *x))
            if rnd < 31:
                x = list(_lt(*x))
            else:
                k = self._keys[32]
                x = [x[i] ^ k[i] for i in range(4)]
        return b"".join(v.to_bytes(4, "little") for v in x)
