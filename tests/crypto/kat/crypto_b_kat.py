#!/usr/bin/env python3
"""Independent expected values for tests/crypto/test_{hash,kdf,ctr,sas}.c.

Computed outside esession with python3 hashlib/hmac, the `cryptography`
package (AES through OpenSSL) and, for Whirlpool, the OpenSSL command-line
tool's legacy provider (python hashlib has no Whirlpool here). Run it and
compare with the constants in the C tests; it also re-checks the published
vectors typed into those tests (FIPS 180-2, RFC 4231, ISO/IEC 10118-3).
"""
import hashlib
import hmac
import subprocess

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def whirlpool(data: bytes) -> bytes:
    out = subprocess.run(
        ["openssl", "dgst", "-whirlpool", "-binary", "-provider", "legacy",
         "-provider", "default"],
        input=data, capture_output=True, check=True).stdout
    assert len(out) == 64
    return out


def hmac_whirlpool(key: bytes, data: bytes) -> bytes:
    # RFC 2104 written out, with the 64-byte Whirlpool block.
    if len(key) > 64:
        key = whirlpool(key)
    key = key.ljust(64, b"\0")
    inner = whirlpool(bytes(k ^ 0x36 for k in key) + data)
    return whirlpool(bytes(k ^ 0x5C for k in key) + inner)


def h(b: bytes) -> str:
    return b.hex()


print("== KDF (test_kdf.c) ==")
K = bytes(range(1, 33))  # the fixed K of the KDF tests: 01 02 .. 20
for label in ["Initiator Cipher Key", "Responder MAC Key",
              "New Retained Secret"]:
    mac = hmac.new(K, label.encode(), hashlib.sha256).digest()
    print(f"sha256 {label!r}: full {h(mac)}")
    print(f"   last 16 {h(mac[-16:])}  last 24 {h(mac[-24:])}")
macw = hmac_whirlpool(K, b"Initiator Cipher Key")
print(f"whirlpool 'Initiator Cipher Key': last 32 {h(macw[-32:])}")
print(f"   full {h(macw)}")
# second route: OpenSSL's own HMAC over Whirlpool
ossl = subprocess.run(
    ["openssl", "mac", "-digest", "whirlpool", "-macopt", "hexkey:" + K.hex(),
     "-provider", "legacy", "-provider", "default", "HMAC"],
    input=b"Initiator Cipher Key", capture_output=True, check=True).stdout
assert bytes.fromhex(ossl.decode().strip()) == macw
print("HMAC-SHA256 with an empty key over 'abc':",
      hmac.new(b"", b"abc", hashlib.sha256).hexdigest())
SRS = bytes([0xA5]) * 32
OSS = b"other shared secret"
print("final K = sha256(K|SRS|OSS):", h(hashlib.sha256(K + SRS + OSS).digest()))
print("final K = sha256(K|OSS):    ", h(hashlib.sha256(K + OSS).digest()))
print("final K = sha256(K):        ", h(hashlib.sha256(K).digest()))

print("== CTR carried counter (test_ctr.c) ==")
KEY = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")  # SP 800-38A F.5.1
C0 = int("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 16)


def aes_block(key: bytes, counter: int) -> bytes:
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update((counter % 2**128).to_bytes(16, "big")) + enc.finalize()


def xep_ctr(key: bytes, c: int, msg: bytes):
    """XEP-0116/0200: block i uses C+i; a partial block uses one value."""
    out = bytearray()
    nblocks = (len(msg) + 15) // 16
    for i in range(nblocks):
        ks = aes_block(key, c + i)
        chunk = msg[16 * i:16 * i + 16]
        out += bytes(a ^ b for a, b in zip(chunk, ks))
    return bytes(out), (c + nblocks) % 2**128


def ctr_lib(key: bytes, c: int, msg: bytes) -> bytes:
    enc = Cipher(algorithms.AES(key), modes.CTR(c.to_bytes(16, "big"))).encryptor()
    return enc.update(msg) + enc.finalize()


pt = bytes((7 * i + 3) & 0xFF for i in range(82))  # 1+15+16+17+33 = 82
c = C0
off = 0
for n in [1, 15, 16, 17, 33]:
    ct, c_next = xep_ctr(KEY, c, pt[off:off + n])
    assert ct == ctr_lib(KEY, c, pt[off:off + n])  # same thing, 2nd route
    print(f"msg len {n:2d} counter in {c:032x} ct {h(ct)} counter out {c_next:032x}")
    c = c_next
    off += n
print("one long stream of 82 bytes:", h(ctr_lib(KEY, C0, pt)))

cw = 2**128 - 1
ct, c_next = xep_ctr(KEY, cw, pt[:33])
print(f"wrap: counter ff..ff, 33 bytes -> ct {h(ct)} counter out {c_next:032x}")

print("== SAS (test_sas.c) ==")
DIGITS = "acdefghikmopqruvwxy123456789"
assert len(DIGITS) == 28


def sas(v: int) -> str:
    s = ""
    for _ in range(5):
        s = DIGITS[v % 28] + s
        v //= 28
    return s


M_A = bytes(range(32))
FORM_B = "<x xmlns='jabber:x:data' type='result'>é</x>".encode()
LABEL = b"Short Authentication String"
d = hashlib.sha256(M_A + FORM_B + LABEL).digest()
v = int.from_bytes(d[-3:], "big")
print(f"sha256 digest {h(d)} v={v:#08x} sas={sas(v)}")
d = whirlpool(M_A + FORM_B + LABEL)
v = int.from_bytes(d[-3:], "big")
print(f"whirlpool digest {h(d)} v={v:#08x} sas={sas(v)}")
d = hashlib.sha256(LABEL).digest()
v = int.from_bytes(d[-3:], "big")
print(f"sha256 empty M_A/form_B v={v:#08x} sas={sas(v)}")
for v in [0, 1, 27, 28, 0xFFFFFF, 28**4, 28**4 - 1]:
    print(f"encode {v:#08x} -> {sas(v)}")

print("== base64 (test_base64.c) ==")
import base64
print("all 256 byte values:", base64.b64encode(bytes(range(256))).decode())

print("== published vectors re-checked ==")
assert h(hashlib.sha256(b"abc").digest()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
assert h(hashlib.sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").digest()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
assert h(hashlib.sha256(b"a" * 1000000).digest()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
rfc4231 = [
    (b"\x0b" * 20, b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    (b"\xaa" * 20, b"\xdd" * 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
    (bytes(range(1, 26)), b"\xcd" * 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
    (b"\x0c" * 20, b"Test With Truncation", "a3b6167473100ee06e0c796c2955552b"),
    (b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    (b"\xaa" * 131, b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
]
for k, m, exp in rfc4231:
    assert h(hmac.new(k, m, hashlib.sha256).digest()).startswith(exp), exp
iso = [
    (b"", "19fa61d75522a4669b44e39c1d2e1726c530232130d407f89afee0964997f7a73e83be698b288febcf88e3e03c4f0757ea8964e59b63d93708b138cc42a66eb3"),
    (b"a", "8aca2602792aec6f11a67206531fb7d7f0dff59413145e6973c45001d0087b42d11bc645413aeff63a42391a39145a591a92200d560195e53b478584fdae231a"),
    (b"abc", "4e2448a4c6f486bb16b6562c73b4020bf3043e3a731bce721ae1b303d97e6d4c7181eebdb6c57e277d0e34957114cbd6c797fc9d95d8b582d225292076d4eef5"),
    (b"message digest", "378c84a4126e2dc6e56dcc7458377aac838d00032230f53ce1f5700c0ffb4d3b8421557659ef55c106b4b52ac5a4aaa692ed920052838f3362e86dbd37a8903e"),
    (b"abcdefghijklmnopqrstuvwxyz", "f1d754662636ffe92c82ebb9212a484a8d38631ead4238f5442ee13b8054e41b08bf2a9251c30b6a0b8aae86177ab4a6f68f673e7207865d5d9819a3dba4eb3b"),
    (b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "dc37e008cf9ee69bf11f00ed9aba26901dd7c28cdec066cc6af42e40f82f3a1e08eba26629129d8fb7cb57211b9281a65517cc879d7b962142c65f5a7af01467"),
    (b"1234567890" * 8, "466ef18babb0154d25b9d38a6414f5c08784372bccb204d6549c4afadb6014294d5bd8df2a6c44e538cd047b2681a51a2c60481e88c5a20b2c2a80cf3a9a083b"),
    (b"a" * 1000000, "0c99005beb57eff50a7cf005560ddf5d29057fd86b20bfd62deca0f1ccea4af51fc15490eddc47af32bb2b66c34ff9ad8c6008ad677f77126953b226e4ed8b01"),
]
for m, exp in iso:
    assert h(whirlpool(m)) == exp, (m[:20], h(whirlpool(m)))
print("published vectors: all transcriptions match")
