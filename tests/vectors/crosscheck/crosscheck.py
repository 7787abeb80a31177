#!/usr/bin/env python3
"""Independent cross-check of the esession test vectors (vectors/*.json).

A second implementation of XEP-0116 (4-message negotiation, pubkey none) and
XEP-0200, written from the XEPs and the project's written readings in spec/
(never from the C library), recomputes every derivation of every valid vector
from its inputs and confirms that every invalid vector fails, for its stated
reason, under this reading too. See README.md beside this file.

Usage: crosscheck.py [--vectors DIR] [--skip-slow] [-v] [FILE.json ...]
Exit status: 0 if everything agrees, 1 on any disagreement, 2 on a usage or
self-test error.
"""

import argparse
import glob
import json
import os
import sys
import traceback

# Run from the source tree by meson: leave no __pycache__ behind.
sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import c14n  # noqa: E402
import selftest  # noqa: E402
import xep0116 as X  # noqa: E402
import xep0200  # noqa: E402
from negotiation import Alice, Bob, hexb, sign_uri  # noqa: E402
from primitives import (CheckFailure, cipher_key_len, ctr_bytes,  # noqa: E402
                        ctr_value, hash_len, load_groups, mac_key_len)

DEFAULT_VECTORS = os.path.normpath(os.path.join(HERE, "..", "..", "..",
                                                "vectors"))

# Statuses that name the same kind of failure. A rejection for another
# status of the same class is "confirmed (class)": the two readings agree
# that the input is bad and why, and differ only in which of two checks
# that both fail comes first, or in how finely the failure is named (XML:
# expat through ElementTree reports one class of syntax error).
STATUS_CLASSES = [
    ("base64", lambda s: s.startswith("ESESSION_EBASE64")),
    ("xml", lambda s: s.startswith("ESESSION_EXML")),
    ("form", lambda s: s.startswith("ESESSION_EFORM")
     or s in ("ESESSION_ENEG_FIELD", "ESESSION_ENEG_UNACCEPTABLE",
              "ESESSION_ENEG_NOT_OFFERED", "ESESSION_ENEG_REQUIRED_UNKNOWN")),
    ("integer", lambda s: s in ("ESESSION_EMPI", "ESESSION_EDH_RANGE")),
    # "not a message of this negotiation, no state change": the reference
    # says ENOT_ESESSION before a session exists and EUNEXPECTED once one
    # is being negotiated; spec/message-flow.md names neither ("reject, no
    # state change")
    ("not this session's message", lambda s: s in (
        "ESESSION_ENOT_ESESSION", "ESESSION_EUNEXPECTED")),
]


def status_class(status):
    for name, test in STATUS_CLASSES:
        if test(status):
            return name
    return status


def show(value):
    if isinstance(value, (bytes, bytearray)):
        return value.hex() if value else '""'
    return repr(value)


class Report:
    def __init__(self, verbose):
        self.verbose = verbose
        self.valid = 0
        self.invalid_exact = 0
        self.invalid_class = 0
        self.fields_checked = 0
        self.errors_checked = 0
        self.skipped = {}
        self.disagreements = []
        self.class_notes = []

    def disagree(self, where, what, mine, theirs):
        line = f"{where}: {what}: mine {show(mine)} vs vector {show(theirs)}"
        if isinstance(mine, bytes) and isinstance(theirs, bytes):
            at = next((i for i, (x, y) in enumerate(zip(mine, theirs))
                       if x != y), min(len(mine), len(theirs)))
            line += (f" (lengths {len(mine)}/{len(theirs)}, first difference "
                     f"at byte {at})")
        self.disagreements.append(line)

    def skip(self, reason):
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


class Compare:
    """Collects value mismatches for one test."""

    def __init__(self, report, where):
        self.report, self.where = report, where
        self.failed = False

    def eq(self, what, mine, theirs, optional=False):
        if theirs is None:
            if optional or mine is None:
                return
            self.failed = True
            self.report.disagree(self.where, what, mine, "(absent)")
            return
        if isinstance(mine, (bytes, bytearray)) and isinstance(theirs, str):
            theirs = bytes.fromhex(theirs)
        if mine != theirs:
            self.failed = True
            self.report.disagree(self.where, what, mine, theirs)

    def rule(self, what, required, found):
        """A property spec/ requires of a vector's value does not hold."""
        self.failed = True
        self.report.disagree(self.where, what, f"required: {required}",
                             f"{found}")


def deliver(stanza, sender_jid):
    """The transport stamps `from` right after the root element's name
    (vectors/README.md, `messages`)."""
    end = 1
    while end < len(stanza) and stanza[end] not in " />":
        end += 1
    return f"{stanza[:end]} from='{sender_jid}'{stanza[end:]}"


# ------------------------------------------------------------ SessionTest

NOTE = {1: "note_msg1", 2: "note_msg2", 3: "note_msg3", 4: "note_msg4"}


def run_negotiation(test, groups):
    """Both parties process the recorded negotiation messages (three or
    four): each sender notes its own message, each receiver checks the
    peer's. Returns (alice, bob)."""
    alice = Alice("alice", test, groups)
    bob = Bob("bob", test, groups)
    a_jid, b_jid = test["alice"]["jid"], test["bob"]["jid"]
    msgs = test.get("messages", [])
    for number, msg in enumerate(msgs[:4], start=1):
        want = "alice" if number % 2 else "bob"
        if msg["sender"] != want:
            raise CheckFailure("VECTOR_FORMAT", f"message {number} sender")
        text = msg["stanza"]
        sender, receiver = (alice, bob) if number % 2 else (bob, alice)
        getattr(sender, NOTE[number])(text)
        sender_jid = a_jid if number % 2 else b_jid
        receiver.receive(deliver(text, sender_jid), sender_jid)
    return alice, bob


# Every intermediate of vectors/README.md that check_session_valid compares;
# anything else in a vector is counted as not cross-checked, never ignored.
COMPARED_INTERMEDIATES = {
    "e", "d", "sharedSecret", "K0", "provisoryKeys", "cB", "formA", "formA2",
    "formB", "formB2", "macA", "IDA", "MA", "rshashes", "srs", "K",
    "finalKeys", "srshash", "macB", "IDB", "MB", "sasInput", "sas",
    "newRetainedSecret", "counterA", "counterB", "pubKeyA", "pubKeyB",
    "fingerprintA", "fingerprintB", "signA", "signB", "identityPlainA",
    "identityPlainB",
}

# The values only the 4-message exchange has (vectors/README.md
# "3-message": absent there).
FOUR_ONLY = ("K0", "provisoryKeys", "formB2", "rshashes", "srs", "srshash",
             "sasInput", "sas", "newRetainedSecret")


def check_session_valid(report, where, group, test, groups):
    cmp = Compare(report, where)
    try:
        alice, bob = run_negotiation(test, groups)
    except CheckFailure as exc:
        report.disagree(where, "my reading rejects a valid negotiation "
                        "message", exc.status + " " + exc.detail, "valid")
        return
    a, b = alice.values, bob.values
    inter = test.get("intermediates", {})
    h, cipher = group["hash"], group["cipher"]
    three = bob.three

    # group parameters against our own tables and Bob's selection
    cmp.eq("group.messageCount", 3 if three else 4,
           group.get("messageCount", 4))
    cmp.eq("group.modp/selected", b["modp"], group["modp"])
    cmp.eq("group.cipher/selected", b["cipher"], cipher)
    cmp.eq("group.hash/selected", b["hash"], h)
    cmp.eq("group.initPubkey/selected", b["init_pubkey"],
           group.get("initPubkey", "none"))
    cmp.eq("group.respPubkey/selected", b["resp_pubkey"],
           group.get("respPubkey", "none"))
    if group.get("signAlg") is not None or b["sign_alg"] is not None:
        cmp.eq("group.signAlg/selected", b["sign_alg"],
               sign_uri(group.get("signAlg", "")))
    cmp.eq("Alice's reading of Bob's selection", (
        a["modp"], a["cipher"], a["hash"], a["init_pubkey"],
        a["resp_pubkey"], a["sign_alg"], a["rekey_freq"]), (
        b["modp"], b["cipher"], b["hash"], b["init_pubkey"],
        b["resp_pubkey"], b["sign_alg"], b["rekey_freq"]))
    cmp.eq("group.blockBytes", 16, group.get("blockBytes"))
    cmp.eq("group.cipherKeyBytes", cipher_key_len(cipher),
           group.get("cipherKeyBytes"))
    cmp.eq("group.macKeyBytes", mac_key_len(cipher, h),
           group.get("macKeyBytes"))
    cmp.eq("group.hashBytes", hash_len(h), group.get("hashBytes"))

    # Alice's offers in message 1 are her configuration, in its order
    # (vectors/README.md "Party configuration"); stanzas as a set
    offer, acfg = a["msg1"], test["alice"]
    cmp.eq("msg1 modp options = alice.modp", offer.offered("modp"),
           [str(g) for g in acfg["modp"]])
    cmp.eq("msg1 crypt_algs options = alice.ciphers",
           offer.offered("crypt_algs"), acfg["ciphers"])
    cmp.eq("msg1 hash_algs options = alice.hashes",
           offer.offered("hash_algs"), acfg["hashes"])
    cmp.eq("msg1 stanzas options = alice.stanzas (as sets)",
           sorted(offer.offered("stanzas")), sorted(acfg["stanzas"]))
    cmp.eq("msg1 init_pubkey options = alice.initPubkey",
           offer.offered("init_pubkey"), acfg.get("initPubkey", ["none"]))
    cmp.eq("msg1 resp_pubkey options = alice.respPubkey",
           offer.offered("resp_pubkey"), acfg.get("respPubkey", ["none"]))
    # A-"sign_algs when both pubkey modes are none": only with a key mode
    modes = acfg.get("initPubkey", ["none"]) + acfg.get("respPubkey",
                                                        ["none"])
    if any(m != "none" for m in modes):
        cmp.eq("msg1 sign_algs options = alice.signAlgs",
               offer.offered("sign_algs"),
               [sign_uri(s) for s in acfg.get("signAlgs", [])])
    else:
        cmp.eq("msg1 has no sign_algs (only pubkey none offered)",
               offer.has("sign_algs"), False)
    cmp.eq("msg1 rekey_freq = alice.rekeyFreq", offer.single("rekey_freq"),
           str(acfg.get("rekeyFreq", 100)))
    cmp.eq("3-message offered = alice.messages",
           3 if three else 4, acfg.get("messages", 4))

    # Bob's answers in message 2 are the selections this reading makes
    # (A-"Selection order", A-"stanzas (list-multi) selection")
    answered = b["msg2"]
    for var, value in b["selection"].items():
        got = answered.fields.get(var, ([None], []))[0]
        cmp.eq(f"msg2 {var} (selection)", value if isinstance(value, list)
               else [value], got)
    extra = set(answered.fields) - set(b["selection"]) - {
        "FORM_TYPE", "accept", "my_nonce", "dhkeys", "counter",
        "identity", "mac"}
    cmp.eq("msg2 fields this reading does not answer", sorted(extra), [])

    # the exponents the reference drew have the length of its documented
    # table (spec/dh-exponent.md); any 2^255 < x < p - 1 would conform
    for entry in test["random"]["x"]:
        cmp.eq(f"bit length of x (modp {entry['modp']}, spec/dh-exponent.md)",
               int(entry["x"], 16).bit_length(),
               X.EXPONENT_BITS[entry["modp"]])
    cmp.eq("bit length of y (spec/dh-exponent.md)",
           int(test["random"]["y"], 16).bit_length(),
           X.EXPONENT_BITS[group["modp"]])

    # the other random values have the shapes spec/byte-strings.md §3
    # prescribes for what we generate ([ours] rows)
    rnd = test["random"]
    for name in ("nA", "nB"):
        nonce = bytes.fromhex(rnd[name])
        if len(nonce) != 32 or nonce[0] == 0:
            cmp.rule(f"{name} (BS §3, A-\"Nonce length and encoding\")",
                     "32 bytes, first byte not 0x00",
                     f"{len(nonce)} bytes, first byte 0x{nonce[0]:02x}")
    top = bytes.fromhex(rnd["cA"])[0]
    if top in (0x00, 0x80):
        cmp.rule("cA top octet (BS §3 row C_A, A-\"Counter encoding\")",
                 "not 0x00 or 0x80", f"0x{top:02x}, so C_B starts with "
                 f"0x{top ^ 0x80:02x}")
    padding = rnd.get("rshashesPadding", [])
    if three:
        cmp.eq("3-message: no rshashesPadding, no srshashRandom",
               ("rshashesPadding" in rnd, "srshashRandom" in rnd),
               (False, False))
    else:
        cmp.eq("rshashesPadding: 1..4 values of hlen bytes (A-\"rshashes "
               "padding\")", (1 <= len(padding) <= 4,
                             {len(v) // 2 for v in padding}),
               (True, {hash_len(h)}))
    if "srshashRandom" in rnd:
        cmp.eq("srshashRandom: hlen bytes", len(rnd["srshashRandom"]) // 2,
               hash_len(h))

    # e (and He in 4-msg) per offered group; what message 1 carried
    theirs_e = inter.get("e", [])
    cmp.eq("number of e", len(a["e"]), len(theirs_e))
    for mine, theirs in zip(a["e"], theirs_e):
        cmp.eq(f"e[modp {mine['modp']}].modp", mine["modp"], theirs["modp"])
        cmp.eq(f"e[modp {mine['modp']}].e", mine["e"], theirs["e"])
        if three:
            cmp.eq(f"e[modp {mine['modp']}] has no He (3-message)",
                   "He" in theirs, False)
        else:
            cmp.eq(f"e[modp {mine['modp']}].He", mine["He"], theirs["He"])
    if three:
        cmp.eq("msg1 dhkeys", b["dhkeys"], [e["e"] for e in a["e"]])
    else:
        cmp.eq("msg1 dhhashes", b["dhhashes"], [e["He"] for e in a["e"]])
    cmp.eq("msg1 my_nonce", b["nA"], a["nA"])
    # d and msg 2
    cmp.eq("d", b["d"], inter.get("d"))
    cmp.eq("msg2 dhkeys", a["d"], b["d"])
    cmp.eq("msg2 my_nonce", a["nB"], b["nB"])
    cmp.eq("msg2 counter", a["cA"], b["cA"])
    cmp.eq("cB", ctr_bytes(b["cB"]), inter.get("cB"))
    # shared secret, both sides
    cmp.eq("sharedSecret (Alice = Bob)", a["sharedSecret"], b["sharedSecret"])
    cmp.eq("sharedSecret", a["sharedSecret"], inter.get("sharedSecret"))
    if not three:
        cmp.eq("K0", a["K0"], inter.get("K0"))
        cmp.eq("K0 (Bob)", b["K0"], a["K0"])
        for name in ("KCA", "KMA", "KSA"):
            cmp.eq(f"provisoryKeys.{name}", a["provisoryKeys"][name],
                   inter.get("provisoryKeys", {}).get(name))
            cmp.eq(f"provisoryKeys.{name} (Bob)", b["provisoryKeys"][name],
                   a["provisoryKeys"][name])
    else:
        for name in FOUR_ONLY:
            cmp.eq(f"3-message: no intermediate {name}", name in inter,
                   False)
    # forms
    for name in ("formA", "formA2", "formB") + (() if three
                                                else ("formB2",)):
        cmp.eq(name, a[name], inter.get(name))
        cmp.eq(f"{name} (Bob)", b[name], a[name])
    # message 3
    cmp.eq("msg3 dhkeys = e of the selected group", b["e_sel"], a["e_sel"])
    if not three:
        cmp.eq("rshashes", a["rshashes"], [bytes.fromhex(r) for r in
                                           inter.get("rshashes", [])])
        cmp.eq("msg3 rshashes", b["rshashes"], a["rshashes"])
    for name in ("macA", "IDA", "MA", "identityPlainA"):
        # identityPlainX: new with the public-key files; optional elsewhere
        cmp.eq(name, a[name], inter.get(name),
               optional=name.startswith("identity"))
        cmp.eq(f"msg3 {name} (Bob)", b[name], a[name])
    # public keys (vectors/README.md "Public keys")
    check_pubkeys(cmp, h, inter, a, b)
    # retained secret, K, keys, Bob's identity
    if not three:
        cmp.eq("SRS found by Alice = by Bob", a["srs_alice"], b["srs_bob"])
        cmp.eq("srs", a["srs_alice"], inter.get("srs"),
               optional=a["srs_alice"] is None)
    cmp.eq("K", a["K"], inter.get("K"))
    cmp.eq("K (Bob)", b["K"], a["K"])
    for name in X.LABELS:
        cmp.eq(f"finalKeys.{name}", a["finalKeys"][name],
               inter.get("finalKeys", {}).get(name))
        cmp.eq(f"finalKeys.{name} (Bob)", b["finalKeys"][name],
               a["finalKeys"][name])
    if not three:
        cmp.eq("srshash", b["srshash"], inter.get("srshash"))
        cmp.eq("msg4 srshash", a["srshash"], b["srshash"])
    for name in ("macB", "IDB", "MB", "identityPlainB"):
        cmp.eq(name, b[name], inter.get(name),
               optional=name.startswith("identity"))
        cmp.eq(f"msg{2 if three else 4} {name} (Alice)", a[name], b[name])
    if not three:
        cmp.eq("sasInput", a["sasInput"], inter.get("sasInput"))
        cmp.eq("sas", a["sas"], inter.get("sas"))
        cmp.eq("sas (Bob)", b["sas"], a["sas"])
    if not three:  # MF §3: the 3-message exchange keeps no secret
        cmp.eq("newRetainedSecret", a["newRetainedSecret"],
               inter.get("newRetainedSecret"))
        cmp.eq("newRetainedSecret (Bob)", b["newRetainedSecret"],
               a["newRetainedSecret"])
    cmp.eq("counterA", ctr_bytes(a["counterA"]), inter.get("counterA"))
    cmp.eq("counterB", ctr_bytes(b["counterB"]), inter.get("counterB"))
    cmp.eq("counterA (Bob)", b["counterA"], a["counterA"])
    cmp.eq("counterB (Alice)", a["counterB"], b["counterB"])

    if check_early(cmp, test, alice, bob):
        check_traffic(cmp, test, alice, bob, test.get("trafficOut", []))
    for name in sorted(set(inter) - COMPARED_INTERMEDIATES):
        report.skip(f"intermediate '{name}' unknown to the checker")
    if not cmp.failed:
        report.valid += 1


def check_early(cmp, test, alice, bob):
    """Message 3 of a 3-message negotiation carrying Alice's first
    encrypted stanza and/or `terminate` (MF §3 row "3"; vectors/README.md
    "3-message": `earlyContent`, `earlyTerminate`, `earlyContentOut`,
    `earlyContentUnsent`). Alice's `<c/>` is recomputed from her traffic
    state (KC_A, KM_A, from counterA, the counter after ID_A) and Bob's
    receipt of it, done while he processed message 3, is compared with the
    recorded `delivered`. Returns whether the session goes on to `traffic`
    (False once `terminate` ended it)."""
    a, b = alice.values, bob.values
    flags = test.get("flags", [])
    content = test.get("earlyContent")
    terminate = test.get("earlyTerminate", False)
    out = test.get("earlyContentOut")
    unsent = test.get("earlyContentUnsent")
    if not bob.three:
        cmp.eq("early content / terminate only in 3-message", (
            content, terminate, out, unsent), (None, False, None, None))
        return True
    # A-"Content that the negotiated parameters do not allow": a stanza
    # of a kind Bob did not select is not put into message 3 but given
    # back with ESESSION_ESTANZA_KIND; message 3 still goes (with
    # terminate if asked)
    fits = content is not None and "message" in a["stanzas"] and \
        c14n.local_name(c14n.parse(content).tag) == "message"
    cmp.eq("message 3 carries <c/> iff earlyContent can be encrypted",
           fits, "early" in b)
    cmp.eq("earlyContentOut present iff message 3 carries <c/>",
           "early" in b, out is not None)
    cmp.eq("earlyContentUnsent", "ESESSION_ESTANZA_KIND"
           if content is not None and not fits else None, unsent)
    cmp.eq("flag EarlyContent", "early" in b, "EarlyContent" in flags)
    cmp.eq("flag ObjectEncryption", a["terminate"],
           "ObjectEncryption" in flags)
    cmp.eq("msg3 terminate field = earlyTerminate (Alice's form_A2)",
           a["terminate"], terminate)
    cmp.eq("msg3 terminate field (Bob's reading)", b["terminate"],
           a["terminate"])
    if out is not None and "early" in b:
        where = "earlyContentOut"
        cmp.eq(f"{where}.sender", "alice", out.get("sender"))
        cmp.eq(f"{where}.kind", "message", out.get("kind"))
        cmp.eq(f"{where}.counter = counterA (the counter after ID_A)",
               ctr_bytes(a["counterA"]), out.get("counter"))
        sent = dict(out, stanza=test["messages"][2]["stanza"])
        _, _, after, rec = check_emitted(
            cmp, where, sent, {"sender": "alice", "plaintext": content},
            alice, clear_first=("thread", "feature"))
        m_recv, children, info = b["early"]
        cmp.eq(f"{where}: Bob decrypts to m", m_recv, bytes.fromhex(out["m"]))
        cmp.eq(f"{where}: Bob's counter after it", b["earlyCounterAfter"],
               after)
        cmp.eq(f"{where}: Bob's keys = Alice's", (info["KC"], info["KM"]),
               (rec["KC"], rec["KM"]))
        got = c14n.parse(out.get("delivered", "<missing/>"))
        cmp.eq(f"{where}.delivered content", _keys(children), _keys(
            xep0200.encrypted_children(got)))
        cmp.eq(f"{where}.delivered has no <feature/> (A-\"Shape of message "
               "3 with content\")", [c14n.local_name(ch.tag) for ch in got
                                     if c14n.local_name(ch.tag) == "feature"],
               [])
    if terminate:
        # "the ESession is terminated immediately": nothing follows, and
        # nobody acknowledges
        alice.end()
        cmp.eq("after object encryption: no traffic, no terminate, no "
               "trafficOut", (test.get("traffic", []), test.get("terminate"),
                              test.get("trafficOut", [])), ([], None, []))
        cmp.eq("Bob's session ended with message 3", bob.traffic, None)
        return False
    return True


def check_pubkeys(cmp, h, inter, a, b):
    """pubKey_X, fingerprint, sigma: the signer's values (recomputed from
    its private key) against the vector and against what the verifier
    read from ID_X (and verified with `cryptography`)."""
    for side, own, peer, mode in (("A", a["own"], b["peer"],
                                   a["init_pubkey"]),
                                  ("B", b["own"], a["peer"],
                                   b["resp_pubkey"])):
        cmp.eq(f"pubKey{side}", own["pubKey"], inter.get(f"pubKey{side}"),
               optional=mode == "none")
        cmp.eq(f"pubKey{side} (verifier's copy)", peer["pubKey"],
               own["pubKey"])
        if mode == "hash":
            cmp.eq(f"fingerprint{side}", own["fingerprint"],
                   inter.get(f"fingerprint{side}"))
            cmp.eq(f"fingerprint{side} (verifier)", peer["fingerprint"],
                   own["fingerprint"])
        else:
            cmp.eq(f"fingerprint{side} only in 'hash' mode",
                   f"fingerprint{side}" in inter, False)
        if mode != "none":
            cmp.eq(f"sign{side} (recomputed, RFC 6979 for DSA)",
                   own["sign"], inter.get(f"sign{side}"))
            cmp.eq(f"sign{side} (verified by the peer)", peer["sign"],
                   own["sign"])
        else:
            cmp.eq(f"sign{side} absent with pubkey none",
                   f"sign{side}" in inter, False)


def check_traffic(cmp, test, alice, bob, outs):
    """The XEP-0200 traffic of a session: each recorded stanza recomputed
    by its sender's state (keys, counter, <key/>, <new/>, <old/>), then
    processed by the receiver when the `traffic` actions deliver it
    (vectors/README.md "Re-keying": hold, rekey, release)."""
    parties = {"alice": (alice, bob), "bob": (bob, alice)}
    jids = {"alice": test["alice"]["jid"], "bob": test["bob"]["jid"]}
    outs = list(outs)
    emitted = iter(enumerate(outs))
    held = {"alice": [], "bob": []}
    ok = True

    def emit(action):
        i, out = next(emitted)
        return check_emitted(cmp, f"trafficOut[{i}]", out, action,
                             parties[out["sender"]][0])

    def deliver_out(entry):
        where, out, after, rec = entry
        receiver = parties[out["sender"]][1]
        return check_received(cmp, where, out, (after, rec), receiver,
                              jids[out["sender"]])

    try:
        for action in test.get("traffic", []):
            sender = action["sender"]
            if action.get("release"):
                for entry in held[sender]:
                    ok = deliver_out(entry) and ok
                held[sender] = []
                continue
            entry = emit(action)
            if action.get("hold"):
                held[sender].append(entry)
            else:
                ok = deliver_out(entry) and ok
        if test.get("terminate"):
            for kind in ("terminate", "terminate-ack"):
                entry = emit({"kind": kind})
                ok = deliver_out(entry) and ok
        left = [i for i, _ in emitted]
        cmp.eq("trafficOut entries no action emitted", left, [])
        cmp.eq("held stanzas never released", sum(map(len, held.values())),
               0)
    except StopIteration:
        cmp.eq("trafficOut: one entry per emitting action", len(outs),
               "more")
    except CheckFailure as exc:
        cmp.eq("sender could not emit", exc.status + " " + exc.detail,
               "emitted")
    return ok


def check_emitted(cmp, where, out, action, sender, clear_first=("thread",)):
    """The sender's side of one stanza. Returns (where, out, the sender's
    counter after it). clear_first: the children expected before <c/>
    (message 3 with content: <thread/>, <feature/>)."""
    kind = out.get("kind")
    state = sender.traffic
    m = bytes.fromhex(out["m"])
    stanza = c14n.parse(out["stanza"])
    if action.get("kind"):
        cmp.eq(f"{where}.kind", kind, action["kind"])
    if kind in ("terminate", "terminate-ack"):
        cmp.eq(f"{where}.m (terminate form, BS §4)", m,
               xep0200.terminate_plaintext(kind == "terminate-ack"))
    elif action.get("rekey"):
        cmp.eq(f"{where}: an empty re-key stanza (R§2)", (m, "rekey" in out),
               (b"", True))
    else:
        cmp.eq(f"{where}.sender", action["sender"], out["sender"])
        plain = c14n.parse(action["plaintext"])
        try:
            content = xep0200.parse_content(m, plain)
        except CheckFailure as exc:
            content = exc.status
        cmp.eq(f"{where}.m parses to the plaintext's encrypted "
               "children (BS §5)", _keys(content),
               _keys(xep0200.encrypted_children(plain)))
        # MF §7 sending step 5: attributes kept, <thread/> first, then
        # <c/>, then the plaintext's other clear children in order
        cmp.eq(f"{where}.stanza attributes keep the plaintext's",
               {k: stanza.get(k) for k in plain.attrib}, plain.attrib)
        layout = [c14n.local_name(ch.tag) for ch in stanza]
        clear = [c14n.local_name(ch.tag) for ch in plain
                 if xep0200.is_clear_child(ch)
                 and c14n.local_name(ch.tag) != "thread"]
        cmp.eq(f"{where}.stanza children", layout,
               list(clear_first) + ["c"] + clear)
    rekey_x = (int(out["rekey"]["x"], 16) if "rekey" in out else None)
    rec = state.send(m, rekey_x)
    cmp.eq(f"{where}.counter", ctr_bytes(rec["counter"]), out.get("counter"))
    if "keys" in out:
        cmp.eq(f"{where}.keys.KC", rec["KC"], out["keys"].get("KC"))
        cmp.eq(f"{where}.keys.KM", rec["KM"], out["keys"].get("KM"))
    cmp.eq(f"{where}.data", rec["data"], out.get("data"),
           optional=rec["data"] is None)
    cmp.eq(f"{where}.key", rec.get("key"), out.get("key"),
           optional=rec.get("key") is None)
    cmp.eq(f"{where}.new", rec["new"], out.get("new"),
           optional=rec["new"] is None)
    cmp.eq(f"{where}.old (R§5)", [k.hex() for k in rec["old"]],
           out.get("old", []))
    if "rekey" in rec:
        theirs = out.get("rekey", {})
        for name in ("peerPublic", "K", "KCI", "KMI", "KCR", "KMR"):
            cmp.eq(f"{where}.rekey.{name}", rec["rekey"][name],
                   theirs.get(name))
    c = xep0200.find_c(stanza)
    fields = xep0200.parse_c(c)
    cmp.eq(f"{where}.stanza <data/>", fields["data"][0]
           if fields["data"] else None, rec["data"])
    cmp.eq(f"{where}.stanza <key/>", fields["key"][0]
           if fields["key"] else None, rec.get("key"))
    cmp.eq(f"{where}.stanza <new/>", fields["new"][0] if fields["new"]
           else None, str(rec["new"]) if rec["new"] else None)
    cmp.eq(f"{where}.stanza <old/>", fields["old"], rec["old"])
    cmp.eq(f"{where}.stanza <c/> children in the order data, key, new, "
           "old*, mac (MF §7 sending step 4)",
           [c14n.local_name(ch.tag) for ch in c],
           [n for n, present in (("data", rec["data"] is not None),
                                 ("key", "key" in rec),
                                 ("new", bool(rec["new"])))
            if present] + ["old"] * len(rec["old"]) + ["mac"])
    content_text = xep0200.m_content(c)
    cmp.eq(f"{where}.mContent", content_text, out.get("mContent"))
    mac = xep0200.stanza_mac(state.h, rec["KM"], content_text,
                             rec["counter"])
    cmp.eq(f"{where}.mac", mac, out.get("mac"))
    cmp.eq(f"{where}.stanza <mac/>", fields["mac"][0], mac)
    return where, out, state.counter, rec


def check_received(cmp, where, out, sent, receiver, sender_jid):
    """The receiver's side of one delivered stanza."""
    after, rec = sent[0], sent[1]
    try:
        m_recv, children, info = receiver.receive_traffic(
            deliver(out["stanza"], sender_jid))
    except CheckFailure as exc:
        cmp.eq(f"{where} accepted by the receiver", exc.status, "accepted")
        return False
    cmp.eq(f"{where} decrypts to m", m_recv, bytes.fromhex(out["m"]))
    cmp.eq(f"{where} receiver counter", receiver.traffic.rx_counter, after)
    cmp.eq(f"{where} receiver's keys = sender's", (info["KC"], info["KM"]),
           (rec["KC"], rec["KM"]))
    if "rekey" in rec:
        cmp.eq(f"{where} receiver's re-key K and keys = sender's",
               info.get("rekey"), {k: rec["rekey"][k] for k in (
                   "K", "KCI", "KMI", "KCR", "KMR")})
    kind = out.get("kind")
    if kind not in ("terminate", "terminate-ack"):
        cmp.eq(f"{where}: delivered iff not an empty re-key stanza (R§2)",
               "delivered" in out, not info["emptyRekey"])
    if "delivered" in out:
        got = c14n.parse(out["delivered"])
        cmp.eq(f"{where}.delivered content", _keys(
            xep0200.encrypted_children(got)), _keys(children))
    return True


def _keys(elems):
    if isinstance(elems, str):
        return elems
    return [c14n.tree_key(e) for e in elems]


def base_transcript(doc):
    """The untampered negotiation messages of an invalid file's base
    session, by number: every invalid test records the messages before its
    tampered one as emitted (vectors/README.md), and all tests of a file
    share one base session (the file's header), so a tampered test can
    still give each sender its own original message (Alice needs her
    original request to check Bob's answer)."""
    base = {}
    for group in doc.get("testGroups", []):
        for test in group.get("tests", []):
            tamper = test.get("tamper")
            if not tamper:
                continue
            last = (tamper["message"] - 1 if tamper["message"]
                    else message_count(group))
            for number, msg in enumerate(test["messages"][:last], start=1):
                base.setdefault(base_key(test, number), msg["stanza"])
    return base


def message_count(group):
    return group.get("messageCount", 4)


def base_key(test, number):
    """Tests share a base session when seed and both configurations are
    the same (a file may hold several base sessions)."""
    return (test["seed"], json.dumps([test["alice"], test["bob"]],
                                     sort_keys=True), number)


def invalid_sequence(test, count=4):
    """The stanzas in delivery order: (number, sender, text, tampered).
    `messages` holds the untampered messages of the run in order without
    the tampered one, which `tamper.deliver` replaces at its position; a
    traffic test (message 0) delivers all four, then `deliver`."""
    tamper = test["tamper"]
    target = tamper["message"]
    rest = list(test["messages"])
    receiver = tamper["receiver"]
    other = "bob" if receiver == "alice" else "alice"
    seq = []
    for number in range(1, count + 1):
        sender = "alice" if number % 2 else "bob"
        if number == target:
            if sender != other:
                raise CheckFailure("VECTOR_FORMAT", "tamper.receiver")
            seq += [(number, sender, text, True) for text in tamper["deliver"]]
        elif rest:
            msg = rest.pop(0)
            if msg["sender"] != sender:
                raise CheckFailure("VECTOR_FORMAT", f"message {number} sender")
            seq.append((number, sender, msg["stanza"], False))
        elif number < target or target == 0:
            raise CheckFailure("VECTOR_FORMAT", f"message {number} missing")
    if rest:
        raise CheckFailure("VECTOR_FORMAT", "messages left over")
    if target == 0:
        seq += [(0, other, text, True) for text in tamper["deliver"]]
    return seq


def check_session_invalid(report, where, group, test, groups, base):
    """Replay the run: each sender notes its own message (its original when
    the delivered one is tampered), each receiver checks what it gets; all
    deliveries but the last must pass, the last must fail as expected."""
    expected = test["expected"]
    want = expected["status"]
    parties = {"alice": Alice("alice", test, groups),
               "bob": Bob("bob", test, groups)}
    jids = {name: test[name]["jid"] for name in parties}
    seq = invalid_sequence(test, message_count(group))
    noted = set()
    for index, (number, sender, text, tampered) in enumerate(seq):
        receiver = "bob" if sender == "alice" else "alice"
        last = index == len(seq) - 1
        if number and number not in noted:
            own = base.get(base_key(test, number)) if tampered else text
            if own is not None:
                try:
                    getattr(parties[sender], NOTE[number])(own)
                except CheckFailure as exc:
                    report.disagree(where, f"{sender}'s own message {number}",
                                    f"{exc.status} {exc.detail}", "accepted")
                    return
            noted.add(number)
        try:
            parties[receiver].receive(deliver(text, jids[sender]),
                                      jids[sender])
        except CheckFailure as exc:
            if not last:
                report.disagree(where, f"{receiver} rejects message {number} "
                                f"(delivery {index}, should be accepted)",
                                f"{exc.status} {exc.detail}", "accepted")
                return
            party = expected.get("party", receiver)
            if party != receiver or expected.get("message", number) != number:
                report.disagree(where, "failing party/message",
                                (receiver, number),
                                (party, expected.get("message")))
                return
            judge(report, where, exc, want, expected.get("failedField"))
            if exc.status == want:
                report.errors_checked += 1
                mine = error_reply(number, exc)
                if mine != expected.get("error"):
                    report.disagree(where, "error stanza sent back", mine,
                                    expected.get("error"))
            return
    judge(report, where, None, want)


# No error stanza: the stanza is not this session's (MF §1 "reject, no
# state change"), or an unencrypted one inside it (A-"Plaintext stanzas
# inside a session").
_SILENT = ("ESESSION_ENOT_ESESSION", "ESESSION_EUNEXPECTED",
           "ESESSION_EPLAINTEXT")


def error_reply(number, exc):
    """The error stanza MF §6 has the receiver send for a failure at
    negotiation message `number` (0: XEP-0200 traffic), as the vectors
    record it: {"condition", "fields"}, or None when it sends none."""
    status = exc.status
    if status in _SILENT:
        return None
    if status.startswith("ESESSION_EXML") and not getattr(
            exc, "authenticated", False):
        return None  # the stanza itself did not parse: not this session's
    if number == 0:
        # XEP-0200 §"Decrypting a Stanza": MAY send not-acceptable, no fields
        return {"condition": "not-acceptable", "fields": []}
    fields = getattr(exc, "fields", None) or [exc.field]
    condition = getattr(exc, "condition", None)
    if condition:
        # MF §3 / §6: the 3-message cases (msg 1 e out of range, msg 2
        # M_B / identity) are feature-not-implemented
        return {"condition": condition, "fields": fields}
    if number in (1, 2) and status not in ("ESESSION_EUNSUPPORTED",
                                           "ESESSION_ENEG_REQUIRED_UNKNOWN"):
        return {"condition": "not-acceptable", "fields": fields}
    return {"condition": "feature-not-implemented", "fields": fields}


def judge(report, where, got, want, want_field=None):
    if got is None:
        report.disagree(where, "my reading accepts the invalid input",
                        "accepted", want)
    elif got.status == "REKEY_NOT_CROSSCHECKED":
        report.skip("re-key content (MAC checked, re-key not cross-checked)")
    elif got.status == want:
        report.invalid_exact += 1
        if want_field is not None:
            # the field the FAILED event names (MF §6 field lists)
            report.fields_checked += 1
            if got.field != want_field:
                report.disagree(where, "failed field", got.field, want_field)
    elif status_class(got.status) == status_class(want):
        report.invalid_class += 1
        report.class_notes.append(f"{where}: {got.status} vs {want} "
                                  f"(class {status_class(want)})")
    else:
        report.disagree(where, "rejected for another reason",
                        f"{got.status} {got.detail}", want)


# ------------------------------------------------------------ StanzaTest

def check_stanza_group(report, where_file, group):
    cipher, h = group["cipher"], group["hash"]
    for test in group["tests"]:
        where = f"{where_file} tcId {test['tcId']}"
        kc, km = hexb(test["KC"]), hexb(test["KM"])
        counter = ctr_value(hexb(test["counter"]))
        if test["result"] == "valid":
            cmp = Compare(report, where)
            send = xep0200.Direction(cipher, h, kc, km, counter)
            recv = xep0200.Direction(cipher, h, kc, km, counter)
            for i, st in enumerate(test["stanzas"]):
                w = f"stanzas[{i}]"
                c0 = send.counter
                cmp.eq(f"{w}.counter", ctr_bytes(c0), st.get("counter"))
                m = bytes.fromhex(st["m"])
                plain = c14n.parse(st["plaintext"] if "plaintext" in st
                                   else test["plaintexts"][i])
                try:
                    content = xep0200.parse_content(m, plain)
                except CheckFailure as exc:
                    content = exc.status
                wanted = xep0200.encrypted_children(plain)
                cmp.eq(f"{w}.m = the plaintext's encrypted children",
                       _keys(content), _keys(wanted))
                data, send.counter = xep0200.encrypt_payload(cipher, kc, c0, m)
                cmp.eq(f"{w}.data", data, st.get("data"),
                       optional=data is None)
                c = xep0200.find_c(c14n.parse(st["stanza"]))
                fields = xep0200.parse_c(c)
                text = xep0200.m_content(c)
                cmp.eq(f"{w}.mContent", text, st.get("mContent"))
                mac = xep0200.stanza_mac(h, km, text, c0)
                cmp.eq(f"{w}.mac", mac, st.get("mac"))
                cmp.eq(f"{w}.stanza <mac/>", fields["mac"][0], mac)
                cmp.eq(f"{w}.counterAfter", ctr_bytes(send.counter),
                       st.get("counterAfter"))
                try:
                    m_recv, children = recv.receive(st["stanza"])
                    cmp.eq(f"{w} decrypts to m", m_recv, m)
                    if "delivered" in st:
                        got = c14n.parse(st["delivered"])
                        cmp.eq(f"{w}.delivered content", _keys(
                            xep0200.encrypted_children(got)), _keys(children))
                except CheckFailure as exc:
                    cmp.eq(f"{w} accepted", exc.status, "accepted")
            if not cmp.failed:
                report.valid += 1
        else:
            recv = xep0200.Direction(cipher, h, kc, km, counter)
            got = None
            stanzas = test["receive"]
            for index, text in enumerate(stanzas):
                try:
                    recv.receive(text)
                except CheckFailure as exc:
                    got = exc
                    if index != len(stanzas) - 1:
                        report.disagree(where, f"receive[{index}] rejected",
                                        exc.status, "accepted")
                        break
            else:
                judge(report, where, got, test["expected"]["status"])


# ------------------------------------------------------------ SasTest

def check_sas_group(report, where_file, group):
    for test in group["tests"]:
        where = f"{where_file} tcId {test['tcId']}"
        cmp = Compare(report, where)
        digest, sas = X.sas28x5(group["hash"], hexb(test["MA"]),
                                test["formB"])
        cmp.eq("sasInput", digest, test.get("sasInput"))
        cmp.eq("sas", sas, test.get("sas"))
        if not cmp.failed:
            report.valid += 1


# ------------------------------------------------------------ driver

def check_file(report, path, groups):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    count = 0
    base = base_transcript(doc)
    for group in doc.get("testGroups", []):
        kind = group.get("type")
        for test in group.get("tests", []):
            count += 1
        if kind == "SessionTest":
            for test in group["tests"]:
                where = f"{name} tcId {test['tcId']}"
                try:
                    if test["result"] == "valid":
                        check_session_valid(report, where, group, test, groups)
                    else:
                        check_session_invalid(report, where, group, test,
                                              groups, base)
                except Exception as exc:  # noqa: BLE001 - reported, counted
                    report.disagree(where, "checker could not process the "
                                    "vector", type(exc).__name__ + " "
                                    + str(exc), "-")
                    if report.verbose:
                        traceback.print_exc()
        elif kind in ("StanzaTest", "SasTest"):
            check = (check_stanza_group if kind == "StanzaTest"
                     else check_sas_group)
            try:
                check(report, name, group)
            except Exception as exc:  # noqa: BLE001 - reported, counted
                report.disagree(f"{name} {kind} group", "checker could not "
                                "process the group", type(exc).__name__ + " "
                                + str(exc), "-")
                if report.verbose:
                    traceback.print_exc()
        else:
            for _ in group.get("tests", []):
                report.skip(f"group type {kind} not known to the checker")
    if doc.get("numberOfTests") != count:
        report.disagree(name, "numberOfTests", count, doc.get("numberOfTests"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="vector files (default: "
                        "every *.json of --vectors except schema.json)")
    parser.add_argument("--vectors", default=DEFAULT_VECTORS)
    parser.add_argument("--skip-slow", action="store_true",
                        help="leave out *_slow.json (MODP groups 17, 18)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    try:
        kat = selftest.run()
    except AssertionError as exc:
        print(f"crosscheck: {exc}", file=sys.stderr)
        return 2
    files = args.files or sorted(
        p for p in glob.glob(os.path.join(args.vectors, "*.json"))
        if os.path.basename(p) != "schema.json")
    report = Report(args.verbose)
    if args.skip_slow:
        slow = [p for p in files if p.endswith("_slow.json")]
        files = [p for p in files if p not in slow]
        for p in slow:
            report.skip(f"{os.path.basename(p)} (--skip-slow)")
    if not files:
        print(f"crosscheck: no vector files in {args.vectors}",
              file=sys.stderr)
        return 2
    groups = load_groups()
    for path in files:
        check_file(report, path, groups)

    for line in report.disagreements:
        print(f"DISAGREE {line}")
    if args.verbose:
        for line in report.class_notes:
            print(f"note (same class) {line}")
    skipped = sum(report.skipped.values())
    reasons = "; ".join(f"{n} {r}" for r, n in sorted(report.skipped.items()))
    print(f"crosscheck: self-test {kat} known answers ok; "
          f"{len(files)} files")
    print(f"crosscheck: {report.valid} valid verified, "
          f"{report.invalid_exact + report.invalid_class} invalid confirmed "
          f"({report.invalid_exact} same status, {report.invalid_class} same "
          f"class of status; failed field also compared in "
          f"{report.fields_checked}, error stanza in "
          f"{report.errors_checked}), {skipped} skipped"
          + (f" ({reasons})" if reasons else "")
          + f", {len(report.disagreements)} disagreements")
    return 1 if report.disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
