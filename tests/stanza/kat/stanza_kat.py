#!/usr/bin/env python3
"""Independent computation of the XEP-0200 known-answer values used by
tests/stanza/test_stanza.c (test "kat_*"). Uses only hashlib/hmac/base64 and
python3-cryptography (AES in ECB, one block per counter value), never
esession code.

Byte strings, as pinned by spec/byte-strings.md §4-§5:
  m         = serialized encrypted children (xmlns only where the namespace
              differs from the stanza's, double quotes, empty element <a/>)
  m_final   = AES-CTR(KC, C0, m): block i uses (C0 + i) mod 2^128
  m_content = normalized children of <c/> except <mac/>
  a_mac     = HMAC-SHA256(KM, m_content || C0), C0 16 bytes big-endian
Run: python3 tests/stanza/kat/stanza_kat.py
"""
import base64
import hashlib
import hmac

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

NS_C = "http://www.xmpp.org/extensions/xep-0200.html#ns"
KC = bytes(range(0x00, 0x10))
KM = bytes(range(0x20, 0x40))


def aes_ecb(key, block):
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update(block) + enc.finalize()


def xep_ctr(key, c0, msg):
    n = (len(msg) + 15) // 16
    ks = b"".join(aes_ecb(key, ((c0 + i) % 2**128).to_bytes(16, "big"))
                  for i in range(n))
    return bytes(a ^ b for a, b in zip(msg, ks)), (c0 + max(n, 1)) % 2**128


def b64(b):
    return base64.b64encode(b).decode()


def kat(name, c0, m, extras, head, tail):
    m_final, c1 = xep_ctr(KC, c0, m.encode())
    content = ""
    if m:
        content += "<data>%s</data>" % b64(m_final)
    content += extras
    mac = hmac.new(KM, content.encode() + c0.to_bytes(16, "big"),
                   hashlib.sha256).digest()
    out = (head + '<c xmlns="%s">' % NS_C + content +
           "<mac>%s</mac></c>" % b64(mac) + tail)
    print("==", name)
    print("C0      ", c0.to_bytes(16, "big").hex())
    print("C1      ", c1.to_bytes(16, "big").hex())
    print("mac     ", mac.hex())
    print("stanza  ", out)


# 1. A chat message: <thread/> and <amp/> stay in clear, <body/> and a
#    chat state are encrypted. 79 bytes of m = 5 blocks.
kat("message",
    0x0123456789abcdeffedcba9876543210,
    '<body>Hello, Bob!</body>'
    '<active xmlns="http://jabber.org/protocol/chatstates"/>',
    "",
    '<message xmlns="jabber:client" from="alice@example.org/pda" '
    'to="bob@example.com/laptop" type="chat">'
    '<thread>ffd7076498744578d10edabfe7f4a866</thread>',
    '<amp xmlns="http://jabber.org/protocol/amp" per-hop="true">'
    '<rule action="error" condition="match-resource" value="exact"/>'
    '</amp></message>')

# 2. The counter wraps: C0 = 2^128 - 1, two blocks (C0, then 0).
#    With <key/>, <new/> and two <old/> covered by the MAC.
key = bytes.fromhex("05") + bytes(range(1, 20))
old1 = bytes([0xAA] * 32)
old2 = bytes([0x55] * 32)
kat("rekey-wrap",
    2**128 - 1,
    "<body>counter wraps here</body>",
    "<key>%s</key><new>2</new><old>%s</old><old>%s</old>"
    % (b64(key), b64(old1), b64(old2)),
    '<message to="bob@example.com/laptop">', "</message>")
