"""Known-answer tests of the cross-check's own primitives, run before any
vector is checked: a wrong primitive here would otherwise show up as a
"disagreement" with the reference. Every expected value is published
(the source is cited next to it), except the normalization examples, which
are the hand-written examples of spec/normalization.md, and the crossing
re-key walk-through, which plays the table of spec/rekey.md R§4 (no
published re-key vector exists).
"""

import sys

sys.dont_write_bytecode = True  # run from the source tree by meson

# pylint: disable=wrong-import-position
import c14n  # noqa: E402
import pubkey  # noqa: E402
import xep0200  # noqa: E402
import xep0116  # noqa: E402
from primitives import (CIPHERS, CheckFailure,  # noqa: E402
                        b64decode_strict, b64encode, ctr_crypt, hmac_bytes,
                        load_groups, mpi)
from rekey import Traffic, rekey_keys  # noqa: E402
from serpent import Serpent  # noqa: E402
from twofish import Twofish  # noqa: E402
from whirlpool import Whirlpool  # noqa: E402

# ISO/IEC 10118-3:2004 Whirlpool vectors (also in the NESSIE submission).
WHIRLPOOL_KAT = [
    (b"", "19fa61d75522a4669b44e39c1d2e1726c530232130d407f89afee0964997f7a7"
          "3e83be698b288febcf88e3e03c4f0757ea8964e59b63d93708b138cc42a66eb3"),
    (b"abc",
     "4e2448a4c6f486bb16b6562c73b4020bf3043e3a731bce721ae1b303d97e6d4c"
     "7181eebdb6c57e277d0e34957114cbd6c797fc9d95d8b582d225292076d4eef5"),
    (b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
     "dc37e008cf9ee69bf11f00ed9aba26901dd7c28cdec066cc6af42e40f82f3a1e"
     "08eba26629129d8fb7cb57211b9281a65517cc879d7b962142c65f5a7af01467"),
]

# Twofish paper, ecb_tbl.txt (I=1 and I=3/I=4 chains) and the
# "full key" examples of its Appendix A.
TWOFISH_KAT = [
    ("00000000000000000000000000000000", "00000000000000000000000000000000",
     "9f589f5cf6122c32b6bfec2f2ae8c35a"),
    ("9f589f5cf6122c32b6bfec2f2ae8c35a", "d491db16e7b1c39e86cb086b789f5419",
     "019f9809de1711858faac3a3ba20fbc3"),
    ("0123456789abcdeffedcba98765432100011223344556677",
     "00000000000000000000000000000000", "cfd1d2e5a9be9cdf501f13b892bd2248"),
    ("88b2b2706b105e36b446bb6d731a1e88efa71f788965bd44",
     "39da69d6ba4997d585b6dc073ca341b2", "182b02d81497ea45f9daacdc29193a65"),
    ("0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff",
     "00000000000000000000000000000000", "37527be0052334b89f0cfccae87cfa20"),
    ("d43bb7556ea32e46f2a282b7d45b4e0d57ff739d4dc92c1bd7fc01700cc8216f",
     "90afe91bb288544f2c32dc239b2635e6", "6cb4561c40bf0a9705931cb6d408e7fa"),
]

# NESSIE Serpent-128/192/256-128 verified test vectors (set 1 vector 0,
# set 1 vector 1, set 3 vector 0, set 4-style 000102.. keys).
SERPENT_KAT = [
    ("80" + "00" * 15, "00" * 16, "264e5481eff42a4606abda06c0bfda3d"),
    ("40" + "00" * 15, "00" * 16, "4a231b3bc727993407ac6ec8350e8524"),
    ("00" * 16, "00" * 16, "3620b17ae6a993d09618b8768266bae9"),
    ("80" + "00" * 23, "00" * 16, "9e274ead9b737bb21efcfca548602689"),
    ("000102030405060708090a0b0c0d0e0f1011121314151617",
     "4528caccb954d450655e8cfd71cbfac7", "00112233445566778899aabbccddeeff"),
    ("80" + "00" * 31, "00" * 16, "a223aa1288463c0e2be38ebd825616c0"),
    ("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
     "3da46ffa6f4d6f30cd258333e5a61369", "00112233445566778899aabbccddeeff"),
]


# spec/normalization.md "Examples" (input, canonical output, whether the
# element's content only is written, as for XEP-0200 m_content).
NORMALIZATION_EXAMPLES = [
    ("<x xmlns='jabber:x:data' type='submit'>\n  <field var='FORM_TYPE'>\n"
     "    <value>urn:xmpp:ssn</value>\n  </field>\n"
     "  <field var='accept'><value>1</value></field>\n</x>",
     '<x type="submit"><field var="FORM_TYPE"><value>urn:xmpp:ssn</value>'
     '</field><field var="accept"><value>1</value></field></x>', False),
    ("<a z='1' a='2' m='3' A='4' aa='5' _='6'/>",
     '<a A="4" _="6" a="2" aa="5" m="3" z="1"></a>', False),
    ("<a b='x&amp;&lt;&gt;&quot;&apos;&#9;&#10;&#13;'>"
     "&amp;&lt;&gt;&quot;&apos;&#13;&#9;&#10;</a>",
     '<a b="x&amp;&lt;>&quot;\'&#x9;&#xA;&#xD;">&amp;&lt;&gt;"\'&#xD;\t\n</a>',
     False),
    ("<field var='x'><required/><value/></field>",
     '<field var="x"><required></required><value></value></field>', False),
    ("<a> <b> x </b>\n<c>  </c> </a>", "<a><b> x </b><c>  </c></a>", False),
    ("<p:KeyValue xmlns:p='http://www.w3.org/2000/09/xmldsig#'>"
     "<p:RSAKeyValue xmlns='http://www.w3.org/2000/09/xmldsig#'>"
     "<Modulus>AQID</Modulus><p:Exponent>AQAB</p:Exponent></p:RSAKeyValue>"
     "</p:KeyValue>",
     "<KeyValue><RSAKeyValue><Modulus>AQID</Modulus><Exponent>AQAB</Exponent>"
     "</RSAKeyValue></KeyValue>", False),
    ("<c xmlns='http://www.xmpp.org/extensions/xep-0200.html#ns'>\n"
     "    <data>aGVsbG8=</data>\n    <new>1</new>\n</c>",
     "<data>aGVsbG8=</data><new>1</new>", True),
]


# RFC 6979 Appendix A.2.1 (DSA, 1024 bits) and A.2.2 (DSA, 2048 bits):
# SHA-256 signatures of "sample" and "test" with the deterministic nonce
# (p, q, g, x as the RFC prints them; r, s the published results).
RFC6979_DSA = [
    ("86F5CA03DCFEB225063FF830A0C769B9DD9D6153AD91D7CE27F787C43278B447"
     "E6533B86B18BED6E8A48B784A14C252C5BE0DBF60B86D6385BD2F12FB763ED88"
     "73ABFD3F5BA2E0A8C0A59082EAC056935E529DAF7C610467899C77ADEDFC846C"
     "881870B7B19B2B58F9BE0521A17002E3BDD6B86685EE90B3D9A1B02B782B1779",
     "996F967F6C8E388D9E28D01E205FBA957A5698B1",
     "07B0F92546150B62514BB771E2A0C0CE387F03BDA6C56B505209FF25FD3C133D"
     "89BBCD97E904E09114D9A7DEFDEADFC9078EA544D2E401AEECC40BB9FBBF78FD"
     "87995A10A1C27CB7789B594BA7EFB5C4326A9FE59A070E136DB77175464ADCA4"
     "17BE5DCE2F40D10A46A3A3943F26AB7FD9C0398FF8C76EE0A56826A8A88F1DBD",
     "411602CB19A6CCC34494D79D98EF1E7ED5AF25F7",
     [(b"sample", "81F2F5850BE5BC123C43F71A3033E9384611C545",
       "4CDD914B65EB6C66A8AAAD27299BEE6B035F5E89"),
      (b"test", "22518C127299B0F6FDC9872B282B9E70D0790812",
       "6837EC18F150D55DE95B5E29BE7AF5D01E4FE160")]),
    ("9DB6FB5951B66BB6FE1E140F1D2CE5502374161FD6538DF1648218642F0B5C48"
     "C8F7A41AADFA187324B87674FA1822B00F1ECF8136943D7C55757264E5A1A44F"
     "FE012E9936E00C1D3E9310B01C7D179805D3058B2A9F4BB6F9716BFE6117C6B5"
     "B3CC4D9BE341104AD4A80AD6C94E005F4B993E14F091EB51743BF33050C38DE2"
     "35567E1B34C3D6A5C0CEAA1A0F368213C3D19843D0B4B09DCB9FC72D39C8DE41"
     "F1BF14D4BB4563CA28371621CAD3324B6A2D392145BEBFAC748805236F5CA2FE"
     "92B871CD8F9C36D3292B5509CA8CAA77A2ADFC7BFD77DDA6F71125A7456FEA15"
     "3E433256A2261C6A06ED3693797E7995FAD5AABBCFBE3EDA2741E375404AE25B",
     "F2C3119374CE76C9356990B465374A17F23F9ED35089BD969F61C6DDE9998C1F",
     "5C7FF6B06F8F143FE8288433493E4769C4D988ACE5BE25A0E24809670716C613"
     "D7B0CEE6932F8FAA7C44D2CB24523DA53FBE4F6EC3595892D1AA58C4328A06C4"
     "6A15662E7EAA703A1DECF8BBB2D05DBE2EB956C142A338661D10461C0D135472"
     "085057F3494309FFA73C611F78B32ADBB5740C361C9F35BE90997DB2014E2EF5"
     "AA61782F52ABEB8BD6432C4DD097BC5423B285DAFB60DC364E8161F4A2A35ACA"
     "3A10B1C4D203CC76A470A33AFDCBDD92959859ABD8B56E1725252D78EAC66E71"
     "BA9AE3F1DD2487199874393CD4D832186800654760E1E34C09E4D155179F9EC0"
     "DC4473F996BDCE6EED1CABED8B6F116F7AD9CF505DF0F998E34AB27514B0FFE7",
     "69C7548C21D0DFEA6B9A51C9EAD4E27C33D3B3F180316E5BCAB92C933F0E4DBC",
     [(b"sample",
       "EACE8BDBBE353C432A795D9EC556C6D021F7A03F42C36E9BC87E4AC7932CC809",
       "7081E175455F9247B812B74583E9E94F9EA79BD640DC962533B0680793A38D53"),
      (b"test",
       "8190012A1969F9957D56FCCAAD223186F423398D58EF5B3CEFD5A4146A4476F0",
       "7452A53F7075D417B4B013B278D1BB8BBD21863F5E7B1CEE679CF2188E1AB19E")]),
]


def _check(cond, what):
    if not cond:
        raise AssertionError(f"self-test failed: {what}")


def run():
    """Returns the number of known answers checked; raises on a failure."""
    n = 0
    for msg, want in WHIRLPOOL_KAT:
        _check(Whirlpool(msg).hexdigest() == want, f"whirlpool {msg!r}")
        n += 1
    for key, pt, ct in TWOFISH_KAT:
        got = Twofish(bytes.fromhex(key)).encrypt_block(bytes.fromhex(pt))
        _check(got.hex() == ct, f"twofish {key}")
        n += 1
    for key, pt, ct in SERPENT_KAT:
        got = Serpent(bytes.fromhex(key)).encrypt_block(bytes.fromhex(pt))
        _check(got.hex() == ct, f"serpent {key}")
        n += 1

    # NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt), first two blocks, with the
    # F.5 initial counter block as C: checks "the first block uses C itself".
    out, after = ctr_crypt(
        "aes128-ctr", bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c"),
        int("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 16),
        bytes.fromhex("6bc1bee22e409f96e93d7e117393172a"
                      "ae2d8a571e03ac9c9eb76fac45af8e51"))
    _check(out.hex() == "874d6191b620e3261bef6864990db6ce"
                        "9806f66b7970fdff8617187bb9fffdff", "aes128-ctr F.5.1")
    _check(after == int("f0f1f2f3f4f5f6f7f8f9fafbfcfdff01", 16), "ctr advance")
    n += 1
    # a partial block consumes a whole counter value; 'none' adds 1
    _, after = ctr_crypt("aes128-ctr", bytes(16), (1 << 128) - 1, b"x" * 17)
    _check(after == 1, "ctr wrap")
    _, after = ctr_crypt("none", b"", 5, b"x" * 100)
    _check(after == 6, "none counter")
    _check(set(CIPHERS) >= {"aes128-ctr", "twofish256-ctr", "serpent128-ctr"},
           "cipher table")
    n += 1

    # RFC 4231 §4.3 (test case 2), HMAC-SHA-256.
    got = hmac_bytes("sha256", b"Jefe", b"what do ya want for nothing?")
    _check(got.hex() == "5bdcc146bf60754e6a042426089575c7"
                        "5a003f089d2739839dec58b964ec3843",
           "hmac-sha256 rfc4231 tc2")
    n += 1

    # XEP-0116 §"Multiple-Precision Integers"
    _check(mpi(0) == b"" and mpi(255) == b"\xff" and mpi(256) == b"\x01\x00",
           "mpi")
    n += 1

    # RFC 4648 §10 vectors, and the strict refusals of A-"Base64 strictness"
    _check(b64decode_strict("Zm9vYmE=") == b"fooba", "base64 decode")
    for bad, status in [("Zm9v YmE=", "ESESSION_EBASE64_SPACE"),
                        ("Zm9v*mE=", "ESESSION_EBASE64_CHAR"),
                        ("Zm9vYmE", "ESESSION_EBASE64_LENGTH"),
                        ("Zm=vYmE=", "ESESSION_EBASE64_PADDING"),
                        ("Zm9vYmF=", "ESESSION_EBASE64_NONCANON")]:
        try:
            b64decode_strict(bad)
            _check(False, f"base64 accepted {bad!r}")
        except CheckFailure as exc:
            _check(exc.status == status, f"base64 {bad!r} -> {exc.status}")
    n += 1

    # sas28x5 digits of 2^24 - 1, by hand: 16777215 = 27*28^4 + 8*28^3
    # + 7*28^2 + 14*28 + 7, i.e. "9kiui" in the XEP's alphabet (the value
    # A-"SAS: digit order, padding, alphabet" quotes); 0 is "aaaaa".
    value, digits = (1 << 24) - 1, []
    for _ in range(5):
        value, rem = divmod(value, 28)
        digits.append(rem)
    _check(digits[::-1] == [27, 8, 7, 14, 7], "base-28 of 2^24-1")
    _check("".join(xep0116.SAS_ALPHABET[d] for d in digits[::-1]) == "9kiui",
           "sas alphabet")
    _check(xep0116.sas_string((1 << 24) - 1) == "9kiui"
           and xep0116.sas_string(0) == "aaaaa", "sas_string ends")
    n += 1

    # RFC 6979 A.2.1 / A.2.2: the DSA nonce and signature used to recompute
    # the vectors' DSA SignatureValues; each also verifies with
    # `cryptography` (r || s layout of pubkey.verify)
    for p, q, g, x, cases in RFC6979_DSA:
        p, q, g, x = (int(v, 16) for v in (p, q, g, x))
        y = pow(g, x, p)
        qlen = (q.bit_length() + 7) // 8
        for msg, r, s in cases:
            got = pubkey.dsa_sign(p, q, g, x, msg)
            _check(got == (int(r, 16), int(s, 16)),
                   f"rfc6979 dsa {p.bit_length()} {msg!r}")
            sigma = int(r, 16).to_bytes(qlen, "big") + \
                int(s, 16).to_bytes(qlen, "big")
            _check(pubkey.verify("dsa", (p, q, g, y), sigma, msg)
                   and not pubkey.verify("dsa", (p, q, g, y), sigma,
                                         msg + b"x"),
                   f"dsa verify {p.bit_length()} {msg!r}")
            n += 1
    # BS §3 fingerprint row: the KeyValue of a small RSA key written by
    # hand from the rule (Modulus 0x010203 -> AQID, Exponent 65537 -> AQAB)
    _check(pubkey.keyvalue("rsa", (0x010203, 65537)) ==
           "<KeyValue><RSAKeyValue><Modulus>AQID</Modulus><Exponent>AQAB"
           "</Exponent></RSAKeyValue></KeyValue>", "keyvalue rsa")
    n += 1

    # spec/normalization.md "Examples": the canonical bytes it prints
    for given, want, children in NORMALIZATION_EXAMPLES:
        root = c14n.parse(given)
        got = (c14n.norm_children(root, skip=lambda c: c14n.local_name(
            c.tag) == "mac") if children else c14n.norm(
                root, c14n.namespace(root.tag)))
        _check(got == want, f"normalization of {given!r}: {got!r}")
        n += 1

    # The group table: safe-prime shape checks only (the values themselves
    # are compared with the project's reference copy by meson test).
    groups = load_groups()
    _check(sorted(groups) == [1, 2, 5, 14, 15, 16, 17, 18], "groups present")
    for number, (p, g) in groups.items():
        ones = 2**64 - 1
        _check(g == 2 and p % 8 == 7 and p >> (p.bit_length() - 64) == ones
               and p & ones == ones, f"group {number} shape")
    n += 1
    n += _rekey_walkthrough()
    return n


def _rekey_walkthrough():
    """spec/rekey.md R§4 worked example (crossing re-keys), run with two
    traffic states of this reading: the table fixes which keys each side
    sends with and which sets it keeps; every stanza must verify. Returns
    the number of checks."""
    group = load_groups()[5]
    p, g = group
    x0, y0 = (1 << 300) + 11, (1 << 300) + 13
    tx_a = (bytes(range(16)), bytes(range(16, 32)), 5)
    tx_b = (bytes(range(32, 48)), bytes(range(48, 64)), 1 << 127)
    alice = Traffic("aes128-ctr", "sha256", group, tx_a, tx_b, x0,
                    pow(g, y0, p), 1)
    bob = Traffic("aes128-ctr", "sha256", group, tx_b, tx_a, y0,
                  pow(g, x0, p), 1)

    def stanza(rec):
        parts = []
        for name in ("data", "key"):
            if rec.get(name) is not None:
                parts.append(f"<{name}>{b64encode(rec[name])}</{name}>")
        if rec["new"]:
            parts.append(f"<new>{rec['new']}</new>")
        parts += [f"<old>{b64encode(o)}</old>" for o in rec["old"]]
        content = "".join(parts)
        mac = xep0200.stanza_mac("sha256", rec["KM"], content,
                                 rec["counter"])
        return (f"<message xmlns='jabber:client'><c xmlns='{xep0200.NS_C}'>"
                f"{content}<mac>{b64encode(mac)}</mac></c></message>")

    x1, y1 = (1 << 300) + 17, (1 << 300) + 19
    e1 = stanza(alice.send(b"", x1))    # A sends e1 under K0_A
    d1 = stanza(bob.send(b"", y1))      # B sends d1 under K0_B
    k_a = alice.sets[1]                 # {Acc(K_a), x1}
    alice.receive(d1)                   # set 0, K = d1^x0 = K_b
    bob.receive(e1)                     # set 0, K = e1^y0 = K_a
    _check(len(alice.sets) == 2 and len(bob.sets) == 2, "R§4 two sets each")
    ini_a = rekey_keys("sha256", "aes128-ctr", mpi(pow(g, y0 * x1, p)))
    ini_b = rekey_keys("sha256", "aes128-ctr", mpi(pow(g, x0 * y1, p)))
    _check(alice.sets[1] is k_a and alice.km == ini_a["KMI"]
           and bob.km == ini_b["KMI"],
           "R§4 each keeps its own Ini key while holding two sets")
    _check(alice.km == bob.rx_km and bob.km == alice.rx_km,
           "R§4 each follows the other's key")
    rec_a = alice.send(b"<body>a</body>")
    rec_b = bob.send(b"<body>b</body>")
    _check(rec_a["new"] == 1 and rec_b["new"] == 1, "R§4 <new>1</new>")
    bob.receive(stanza(rec_a))
    alice.receive(stanza(rec_b))
    _check([s.index for s in alice.sets] == [1]
           and [s.index for s in bob.sets] == [1], "R§4 set 1 left")
    return 5


if __name__ == "__main__":
    print(f"selftest: {run()} known answers ok")
