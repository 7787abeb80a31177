"""The two parties of a 4-message ESession, as a second reading of
spec/message-flow.md ("MF") §2 and §7 and spec/byte-strings.md ("BS") §3.

Each party starts from the inputs a vector gives (configuration and every
random value) and processes received stanzas with the checks of MF, in MF's
order; a failed check raises CheckFailure with the reason (status name) and,
where MF names one, the field. What a party computes is kept in `values`
under the names the vectors use for intermediates, so that the checker can
compare them.
"""

import json

import c14n
import pubkey as PK
import xep0116 as X
from primitives import CheckFailure, b64decode_strict, ctr_value, hash_len
from xep0200 import NS_C
from rekey import Traffic

NS_FEATURE = "http://jabber.org/protocol/feature-neg"
NS_INIT = "http://www.xmpp.org/extensions/xep-0116.html#ns-init"
NS_DATA = "jabber:x:data"
FORM_TYPE = "urn:xmpp:ssn"


def bare(jid):
    return jid.split("/", 1)[0]


def hexb(value):
    return bytes.fromhex(value) if isinstance(value, str) else value


def other_secret(cfg):
    """The configured OSS as bytes, None when absent (A-"Other shared
    secret: encoding and absence")."""
    return hexb(cfg["otherSecret"]) if "otherSecret" in cfg else None


class Form:
    """A parsed jabber:x:data form: the <x/> element and its fields."""

    def __init__(self, x):
        self.x = x
        self.wrong = "ESESSION_ENOT_ESESSION"
        self.type = x.get("type")
        self.fields = {}
        for child in x:
            if c14n.local_name(child.tag) != "field":
                continue
            var = child.get("var")
            if var is None:
                raise CheckFailure("ESESSION_EFORM_NO_VAR")
            if var in self.fields:
                raise CheckFailure("ESESSION_EFORM_DUPLICATE", var, var)
            values = [v.text or "" for v in child
                      if c14n.local_name(v.tag) == "value"]
            options = []
            for opt in child:
                if c14n.local_name(opt.tag) == "option":
                    vals = [v.text or "" for v in opt
                            if c14n.local_name(v.tag) == "value"]
                    if len(vals) != 1:
                        raise CheckFailure("ESESSION_EFORM_OPTION", var, var)
                    options.append(vals[0])
            self.fields[var] = (values, options)

    def has(self, var):
        return var in self.fields

    def offered(self, var):
        """The offered set: the <option/> values, or if none the <value/>s
        (A-"Fixed parameters as hidden fields")."""
        values, options = self.require(var)
        return options if options else values

    def require(self, var):
        if var not in self.fields:
            raise _field_failure("ESESSION_ENEG_FIELD", var, "missing")
        return self.fields[var]

    def single(self, var):
        values, _ = self.require(var)
        if len(values) != 1:
            raise _field_failure("ESESSION_ENEG_FIELD", var,
                                 f"{len(values)} values")
        return values[0]

    def nonempty(self, var):
        """A single value that must not be empty: an empty <value/> of a
        field that carries bytes is a missing value (ENEG_FIELD), before any
        base64 or integer decoding. Adopted after the vectors: README.md
        "Readings adopted after seeing the vectors" (a)."""
        text = self.single(var)
        if text == "":
            raise _field_failure("ESESSION_ENEG_FIELD", var, "empty value")
        return text

    def b64(self, var, nonempty=False):
        """One strict-base64 value. nonempty: the field carries a value
        (dhkeys, identity, mac, srshash), so an empty <value/> is a missing
        value; fields that are only compared (nonce, counter, my_nonce) fail
        their comparison or length check instead."""
        text = self.nonempty(var) if nonempty else self.single(var)
        try:
            return b64decode_strict(text)
        except CheckFailure as exc:
            raise _field_failure(exc.status, var, "base64") from exc

    def b64_values(self, var):
        values, _ = self.require(var)
        out = []
        for text in values:
            try:
                out.append(b64decode_strict(text))
            except CheckFailure as exc:
                raise _field_failure(exc.status, var, "base64") from exc
        return out

    def content(self, skip=("identity", "mac")):
        """form_X: norm of the children, identity/mac fields excluded."""
        return c14n.norm_children(
            self.x, skip=lambda c: c14n.local_name(c.tag) == "field"
            and c.get("var") in skip)


def _field_failure(status, field, detail="", condition=None):
    """A failure naming a negotiation field; `condition` overrides the
    error condition MF §6 gives the message number (3-message cases)."""
    exc = CheckFailure(status, f"[{field}] {detail}", field)
    if condition:
        exc.condition = condition
    return exc


FNI = "feature-not-implemented"

SIGN_URI = "http://www.w3.org/2000/09/xmldsig#"


def sign_uri(name):
    """sign_algs option values are the XEP's identifiers
    (A-"Signature algorithm identifiers"); the vectors name them short."""
    return name if name.startswith("http") else SIGN_URI + name


_OWN_KEYS = {}


def own_key(key):
    """(kind, integers) of a vector's identityKey: RSA (n, e, d, p, q, u),
    DSA (p, q, g, y, x); the components are checked against each other
    and against the given keyValue / fingerprints (once per distinct key:
    the four test keys recur in every test)."""
    memo = json.dumps(key, sort_keys=True)
    if memo not in _OWN_KEYS:
        _OWN_KEYS[memo] = _own_key(key)
    return _OWN_KEYS[memo]


def _own_key(key):
    comp = {k: int(v, 16) for k, v in key["components"].items()}
    if key["alg"].startswith("rsa"):
        kind = "rsa"
        n, e, d, p, q, u = (comp[k] for k in ("n", "e", "d", "p", "q", "u"))
        ok = (n == p * q and u == pow(q, -1, p)
              and pow(pow(2, e, n), d, n) == 2)
        parts = (n, e, d, p, q, u)
    else:
        kind = "dsa"
        p, q, g, y, x = (comp[k] for k in ("p", "q", "g", "y", "x"))
        ok = y == pow(g, x, p) and 0 < x < q
        parts = (p, q, g, y, x)
    text = PK.keyvalue(kind, parts[:2] if kind == "rsa" else parts[:4])
    fps = key.get("fingerprints", {})
    if not ok or text != key.get("keyValue") or any(
            PK.fingerprint(h, text) != bytes.fromhex(fp)
            for h, fp in fps.items()):
        raise CheckFailure("VECTOR_KEY", f"identityKey {key.get('name')} "
                           "components, keyValue or fingerprints "
                           "inconsistent")
    return kind, parts


def read_form(text, wrapper_ns, form_type, thread=None):
    """Parse a negotiation stanza: <message> with the session's <thread/>,
    one wrapper in `wrapper_ns` holding one <x xmlns='jabber:x:data'/> of
    `form_type` with FORM_TYPE urn:xmpp:ssn (MF §1, §2). Anything else is
    not a message of this negotiation: ENOT_ESESSION for a stanza of
    another thread or before any negotiation (thread None: message 1),
    EUNEXPECTED for a stanza of the session's thread that is not the
    expected message (spec/message-flow.md only says "reject, no state
    change"; the statuses were adopted after the vectors: README.md
    "Readings adopted after seeing the vectors" (d))."""
    stanza = c14n.parse(text)
    if c14n.local_name(stanza.tag) != "message":
        raise CheckFailure("ESESSION_ENOT_ESESSION", "not a <message/>")
    check_thread(stanza, thread)
    wrong = ("ESESSION_ENOT_ESESSION" if thread is None
             else "ESESSION_EUNEXPECTED")
    name = "feature" if wrapper_ns == NS_FEATURE else "init"
    wrappers = [c for c in stanza if c.tag == "{%s}%s" % (wrapper_ns, name)]
    if len(wrappers) != 1:
        raise CheckFailure(wrong, "no negotiation wrapper")
    xs = [c for c in wrappers[0] if c.tag == "{%s}x" % NS_DATA]
    if len(xs) != 1:
        raise CheckFailure(wrong, "no single data form")
    form = Form(xs[0])
    form.wrong = wrong
    if not form.has("FORM_TYPE") or form.fields["FORM_TYPE"][0] != [FORM_TYPE]:
        raise CheckFailure(wrong, "FORM_TYPE")
    if form.type != form_type:
        raise CheckFailure(wrong, f"form type {form.type}")
    return stanza, form


def check_thread(stanza, thread):
    """MF §1: every negotiation and session stanza carries the session's
    <thread/>; another thread (or none) is not this session's business."""
    threads = [c.text or "" for c in stanza
               if c14n.local_name(c.tag) == "thread"]
    if thread is not None and threads != [thread]:
        raise CheckFailure("ESESSION_ENOT_ESESSION", f"thread {threads}")


def _is_true(text):
    return text in ("1", "true")


def _boolean(form, var):
    """An XEP-0004 boolean ('1'/'true'/'0'/'false'). Missing or not a
    boolean: the stanza is not a well-formed negotiation message of this
    kind (`form.wrong`). Adopted after the vectors: README.md "Readings
    adopted after seeing the vectors" (b)."""
    values = form.fields.get(var, ([], []))[0]
    if len(values) != 1 or values[0] not in ("1", "true", "0", "false"):
        raise _field_failure(form.wrong, var, "not a boolean")
    return _is_true(values[0])


class Party:
    def __init__(self, role, vector, groups):
        self.role = role
        self.vector = vector
        self.groups = groups
        self.cfg = vector[role]
        self.rnd = vector["random"]
        self.values = {}
        self.thread = vector.get("thread")
        self.expect = 1
        self.traffic = None  # rekey.Traffic once ACTIVE
        self.three = False   # a 3-message negotiation (MF §3)

    # ------------------------------------------------ public keys (MF §3)

    def own_pubkey(self, mode):
        """pubKey_X: "" for 'none', else our Normalized KeyValue."""
        if mode == "none":
            return ""
        kind, parts = own_key(self.cfg["identityKey"])
        return PK.keyvalue(kind, parts[:2] if kind == "rsa" else parts[:4])

    def own_identity(self, mode, mac):
        """ID_X plaintext for our mode (BS §3 "ID_X plaintext") and what it
        was made of: pubKey_X, sigma (recomputed from the private key:
        RSA PKCS#1 v1.5 is deterministic, DSA uses the RFC 6979 nonce),
        fingerprint."""
        v = {"pubKey": "", "sign": None, "fingerprint": None}
        if mode == "none":
            return bytes(mac), v
        kind, parts = own_key(self.cfg["identityKey"])
        v["pubKey"] = self.own_pubkey(mode)
        if kind == "rsa":
            v["sign"] = PK.rsa_sign(*parts, mac)
        else:
            p, q, g, _, x = parts
            v["sign"] = PK.dsa_signature_value(p, q, g, x, mac)
        h = self.values["hash"]
        if mode == "hash":
            v["fingerprint"] = PK.fingerprint(h, v["pubKey"])
        return PK.identity_payload(mode, v["pubKey"], h, v["sign"]), v

    def peer_identity(self, plain, mode, make_mac, peer_jid):
        """MF §3 "Public-key checks" (or, for 'none', the plaintext must be
        mac_X). make_mac(pubKey text) -> mac_X. Returns (mac_X, values)."""
        v = {"pubKey": "", "sign": None, "fingerprint": None}
        h = self.values["hash"]
        if mode == "none":
            mac = make_mac("")
            if bytes(plain) != mac:
                raise _field_failure("ESESSION_EIDENTITY", "identity")
            return mac, v
        try:
            key, sigma = PK.split_payload(plain, mode, h)
            if mode == "key":
                kind, parts, text = key
            else:
                text = self._stored_key(peer_jid, key)
                kind, parts, text = PK.parse_keyvalue(PK.stored_keyvalue(text))
                v["fingerprint"] = bytes(key)
            PK.check_key_policy(kind, parts)
            if PK.sign_alg(kind) != self.values["sign_alg"]:
                raise CheckFailure("ESESSION_EKEY", "not the sign_algs key")
            mac = make_mac(text)
            if not PK.verify(kind, parts, sigma, mac):
                raise CheckFailure("ESESSION_ESIGNATURE")
            if not self._trusted(peer_jid, text):
                raise CheckFailure("ESESSION_EKEY_UNTRUSTED")
        except CheckFailure as exc:
            raise _field_failure(exc.status, "identity", exc.detail) from exc
        v.update(pubKey=text, sign=sigma)
        return mac, v

    def _peer_keys(self, peer_jid):
        return [k["keyValue"] for k in self.cfg.get("peerKeys", [])
                if bare(k["peer"]) == bare(peer_jid)]

    def _stored_key(self, peer_jid, fp):
        """'hash': the stored key of the peer's bare JID whose HASH is the
        fingerprint (XEP-0116 §"Verifying Bob's Identity"; MF §3 step 3)."""
        for text in self._peer_keys(peer_jid):
            if PK.fingerprint(self.values["hash"], text) == bytes(fp):
                return text
        raise CheckFailure("ESESSION_EKEY_UNKNOWN", "no stored key")

    def _trusted(self, peer_jid, text):
        """MF §3 step 6 says only "the store's verdict". The rule used is
        the one of esession.h (esession_store_ops): "a key associated with
        the JID is trusted"; the vectors' `peerKeys` are those keys."""
        return text in self._peer_keys(peer_jid)

    def start_traffic(self, tx, rx, priv, peer_pub):
        v = self.values
        self.traffic = Traffic(v["cipher"], v["hash"], self.group, tx, rx,
                               priv, int.from_bytes(peer_pub, "big"),
                               v["rekey_freq"])
        self.expect = 0

    def end(self):
        """The session is over (terminated): its keys are gone, any further
        stanza is unexpected (MF §7)."""
        self.traffic = None
        self.expect = -1

    def check_from(self, text, peer_jid):
        stanza = c14n.parse(text)
        sender = stanza.get("from")
        if sender is not None and sender != peer_jid:
            raise CheckFailure("ESESSION_EWRONG_PEER", sender)

    def receive_traffic(self, text):
        if self.traffic is None:
            raise CheckFailure("ESESSION_EUNEXPECTED", "no session yet")
        check_thread(c14n.parse(text), self.thread)
        return self.traffic.receive(text)

    def receive(self, text, peer_jid):
        """Any stanza for this party, dispatched by its state (MF §2, §7)."""
        stanza = c14n.parse(text)
        if self.expect == 0:
            check_thread(stanza, self.thread)
            if not any(c.tag == "{%s}c" % NS_C for c in stanza):
                # A-"Plaintext stanzas inside a session"
                raise CheckFailure("ESESSION_EPLAINTEXT")
            return self.receive_traffic(text)
        handler = {(Bob, 1): "on_msg1", (Bob, 3): "on_msg3",
                   (Alice, 2): "on_msg2", (Alice, 4): "on_msg4"}.get(
            (type(self), self.expect))
        if handler is None:
            raise CheckFailure("ESESSION_EUNEXPECTED", f"state {self.expect}")
        if handler == "on_msg1":
            return self.on_msg1(text)
        return getattr(self, handler)(text, peer_jid)


class Bob(Party):
    """The responder. Messages 1 and 3."""

    # The fixed field order of MF §2 (A-"Order of the fields in Bob's
    # response and in error lists") decides which failure is reported.
    def on_msg1(self, text):
        """MF §2 "Msg 1 checks by Bob" (MF §3 for a 3-message request),
        then his msg 2 computations from the vector's random values (y,
        N_B, C_A)."""
        v = self.values
        # the request starts the session: its <thread/> becomes the
        # session's (MF §1), so only its presence is checked here
        stanza, form = read_form(text, NS_FEATURE, "form")
        threads = [c.text or "" for c in stanza
                   if c14n.local_name(c.tag) == "thread"]
        if len(threads) != 1 or not threads[0]:
            raise CheckFailure("ESESSION_ENOT_ESESSION", "no <thread/>")
        self.thread = threads[0]
        accept = _boolean(form, "accept")
        security = form.fields.get("security", ([], []))
        if "e2e" not in (security[1] or security[0]):
            raise CheckFailure("ESESSION_ENOT_ESESSION", "no e2e")
        has_hashes, has_keys = form.has("dhhashes"), form.has("dhkeys")
        if has_keys and not has_hashes and not self.cfg.get("accept3"):
            raise _field_failure("ESESSION_EUNSUPPORTED", "dhkeys",
                                 "3-message")
        if has_keys == has_hashes:
            exc = _field_failure("ESESSION_ENEG_FIELD", "dhhashes")
            exc.fields = ["dhhashes", "dhkeys"]  # MF §2 msg 1 checks step 4
            raise exc
        self.three = has_keys
        if not accept:
            raise _field_failure("ESESSION_ENEG_FIELD", "accept")
        sel = {}
        if not form.has("logging") and not form.has("otr"):
            # logging (or XEP-0217's otr) is required (adopted after the
            # vectors: README.md "Readings adopted ..." (e))
            raise _field_failure("ESESSION_ENEG_FIELD", "logging")
        for var in ("logging", "otr"):
            if form.has(var):
                # A-"logging / otr field name and values": answered in
                # Alice's spelling; either answer is acceptable by default.
                sel[var] = self._choose(form, var, ["mustnot", "may", "true",
                                                    "false"])
        sel["disclosure"] = self._choose(form, "disclosure", ["never"])
        sel["security"] = self._choose(form, "security", ["e2e"])
        modp = sel["modp"] = self._choose(form, "modp",
                                          [str(g) for g in self.cfg["modp"]])
        cipher = sel["crypt_algs"] = self._choose(form, "crypt_algs",
                                                  self.cfg["ciphers"])
        hsh = sel["hash_algs"] = self._choose(form, "hash_algs",
                                              self.cfg["hashes"])
        sel["compress"] = self._choose(form, "compress", ["none"])
        # A-"stanzas (list-multi) selection": the subset, in Alice's order
        stanzas = [s for s in form.offered("stanzas")
                   if s in self.cfg["stanzas"]]
        if not stanzas:
            raise _field_failure("ESESSION_ENEG_UNACCEPTABLE", "stanzas")
        sel["stanzas"] = stanzas
        # pubkey modes: Bob's accepted modes, in Alice's order; 'none' MUST
        # NOT be selected in a 3-message negotiation (MF §2 step 8)
        for var, key in (("init_pubkey", "initPubkey"),
                         ("resp_pubkey", "respPubkey")):
            allowed = [m for m in self.cfg.get(key, ["none"])
                       if not (self.three and m == "none")]
            sel[var] = self._choose(form, var, allowed)
        # A-"sign_algs when both pubkey modes are none": required iff a key
        # mode is selected; otherwise answered when acceptable, or omitted
        signs = [sign_uri(a) for a in self.cfg.get("signAlgs", [])]
        if sel["init_pubkey"] != "none" or sel["resp_pubkey"] != "none":
            sel["sign_algs"] = self._choose(form, "sign_algs", signs)
        elif form.has("sign_algs"):
            usable = [o for o in form.offered("sign_algs") if o in signs]
            if usable:
                sel["sign_algs"] = usable[0]
        sel["ver"] = self._choose(form, "ver", ["1.0", "1.3"])
        freq = form.single("rekey_freq")
        if not (freq.isascii() and freq.isdigit() and freq[0] != "0"
                and int(freq) < 1 << 32):
            raise _field_failure("ESESSION_ENEG_FIELD", "rekey_freq")
        # 0116 §"Response Form": at least Alice's value; Bob's policy
        # minimum is his configured rekeyFreq (vectors/README.md: 100)
        sel["rekey_freq"] = str(max(int(freq), self.cfg.get("rekeyFreq",
                                                            100)))
        n_a = form.b64("my_nonce")
        if not 16 <= len(n_a) <= 256:
            raise _field_failure("ESESSION_ENEG_FIELD", "my_nonce", "length")
        if not self.three:
            sel["sas_algs"] = self._choose(form, "sas_algs", ["sas28x5"])
        # msg 2 echoes N_A in 'nonce' as Alice sent it
        sel["nonce"] = form.single("my_nonce")
        v["selection"] = sel
        offered_groups = form.offered("modp")
        v.update(modp=int(modp), cipher=cipher, hash=hsh, nA=n_a,
                 formA=form.content(skip=()),
                 rekey_freq=int(sel["rekey_freq"]),
                 sign_alg=sel.get("sign_algs"),
                 init_pubkey=sel["init_pubkey"],
                 resp_pubkey=sel["resp_pubkey"])
        self.group = self.groups[int(modp)]
        if self.three:
            # MF §3 msg 1: dhkeys, one e per modp option; the selected e
            # must be canonical and 1 < e < p - 1 (feature-not-implemented)
            keys = form.b64_values("dhkeys")
            if len(keys) != len(offered_groups):
                raise _field_failure("ESESSION_ENEG_FIELD", "dhkeys", "count")
            v["dhkeys"] = keys
            e_raw = keys[offered_groups.index(modp)]
            if e_raw == b"":
                # The rule of Form.nonempty: an empty value of a field
                # that carries bytes is a missing value, here of Bob's
                # check 1 < e < p - 1 (spec/ambiguities.md "Missing or
                # empty 3-message fields").
                raise _field_failure("ESESSION_ENEG_FIELD", "dhkeys",
                                     "empty value", condition=FNI)
            try:
                self.e_val = X.dh_received(self.group, e_raw)
            except CheckFailure as exc:
                raise _field_failure(exc.status, "dhkeys",
                                     condition=FNI) from exc
            v["e_sel"] = e_raw
        else:
            hes = form.b64_values("dhhashes")
            if len(hes) != len(offered_groups):
                raise _field_failure("ESESSION_ENEG_FIELD", "dhhashes",
                                     "count")
            he_sel = hes[offered_groups.index(modp)]
            if len(he_sel) != 32:
                raise _field_failure("ESESSION_ENEG_FIELD", "dhhashes",
                                     "length")
            v.update(He_sel=he_sel, dhhashes=hes)
        # Bob's own values (MF §2 msg 2 computations)
        self.y = int.from_bytes(hexb(self.rnd["y"]), "big")
        v["d"] = X.dh_public(self.group, self.y)
        v["nB"] = hexb(self.rnd["nB"])
        v["cA"] = ctr_value(hexb(self.rnd["cA"]))
        v["cB"] = X.counter_b(v["cA"])
        if self.three:
            # MF §3 msg 2: K = HASH(mpi(e^y mod p)) and all six keys
            z = X.shared_secret(self.group, self.e_val, self.y)
            v["sharedSecret"] = z
            v["K"] = X.k_from_shared(hsh, z)
            v["finalKeys"] = X.session_keys(hsh, cipher, v["K"])
            v["newRetainedSecret"] = X.new_retained_secret(hsh, v["K"])
        self.expect = 3

    def _choose(self, form, var, allowed):
        """First of Alice's options that Bob accepts (A-"Selection order")."""
        for option in form.offered(var):
            if option in allowed:
                return option
        raise _field_failure("ESESSION_ENEG_UNACCEPTABLE", var)

    def note_msg2(self, text):
        """Bob's own message 2 as emitted: form_B is its content (MF §2),
        identity and mac excluded; in a 3-message negotiation he also
        computes mac_B, sign_B, ID_B, M_B (MF §3 msg 2)."""
        v = self.values
        _, form = read_form(text, NS_FEATURE, "submit")
        v["formB"] = form.content()
        v["msg2"] = form
        if self.three:
            self.hide_b(v["finalKeys"], None)

    def hide_b(self, keys, form_b2):
        """mac_B (with form_B2 in 4-msg), Bob's identity payload, ID_B and
        M_B from C_B0 (BS §3)."""
        v = self.values
        h = v["hash"]
        pub = self.own_pubkey(v["resp_pubkey"])
        v["macB"] = X.mac_b(h, keys["KSB"], v["nA"], v["nB"], v["d"],
                            pub.encode("utf-8"), v["formB"], form_b2)
        plain, own = self.own_identity(v["resp_pubkey"], v["macB"])
        v["own"] = own
        v["identityPlainB"] = plain
        v["IDB"], v["MB"], v["counterB"] = X.hide_identity(
            h, v["cipher"], keys["KCB"], keys["KMB"], v["cB"], plain)

    def on_msg3(self, text, alice_jid):
        """MF §2 msg 3, Bob's checks and computations (He, e range, K0,
        M_A, ID_A -> mac_A or the public-key checks, SAS, SRS search, final
        K and keys); MF §3 for a 3-message negotiation."""
        v = self.values
        h, cipher = v["hash"], v["cipher"]
        self.check_from(text, alice_jid)
        _, form = read_form(text, NS_FEATURE, "result", self.thread)
        if not _boolean(form, "accept"):
            raise _field_failure("ESESSION_EPEER_DECLINED", "accept")
        if form.b64("nonce") != v["nB"]:
            raise _field_failure("ESESSION_ENEG_NONCE", "nonce")
        if self.three:
            return self._on_msg3_three(text, form, alice_jid)
        e_raw = form.b64("dhkeys", nonempty=True)
        # the form's byte fields are decoded before any cryptography:
        # rshashes is required (Alice MUST send padding values) and its
        # values must be strict base64 (adopted after the vectors:
        # README.md "Readings adopted after seeing the vectors" (c))
        received = form.b64_values("rshashes")
        ident = form.b64("identity", nonempty=True)
        mac = form.b64("mac", nonempty=True)
        # XEP-0116 §"Verifying Alice's Identity" order: the commitment
        # first (it covers the exact octets, so a non-canonical e fails
        # here), then the canonical encoding and 1 < e < p - 1
        if X.he(e_raw) != v["He_sel"]:
            raise _field_failure("ESESSION_ENEG_COMMITMENT", "dhkeys")
        try:
            e_val = X.dh_received(self.group, e_raw)
            z = X.shared_secret(self.group, e_val, self.y)
        except CheckFailure as exc:
            raise _field_failure(exc.status, "dhkeys") from exc
        v["e_sel"] = e_raw
        v["sharedSecret"] = z
        v["K0"] = X.k_from_shared(h, z)
        prov = X.session_keys(h, cipher, v["K0"])
        v["provisoryKeys"] = {k: prov[k] for k in ("KCA", "KMA", "KSA")}
        v["formA2"] = form.content()
        self._reveal_a(prov, ident, mac, alice_jid)
        if "formB" in v:  # known when Bob's own message 2 was noted
            v["sasInput"], v["sas"] = X.sas28x5(h, mac, v["formB"])
        # SRS (MF §2 msg 3 step 10): Bob's secrets for Alice's bare JID
        # first, then the others; the first whose rshash is received.
        v["rshashes"] = received
        mine = [s for s in self.cfg.get("retainedSecrets", [])
                if bare(s["peer"]) == bare(alice_jid)]
        others = [s for s in self.cfg.get("retainedSecrets", [])
                  if bare(s["peer"]) != bare(alice_jid)]
        srs = None
        for entry in mine + others:
            secret = hexb(entry["secret"])
            if X.rshash(h, v["nA"], secret) in received:
                srs = secret
                break
        v["srs_bob"] = srs
        oss = other_secret(self.cfg)
        v["K"] = X.final_k(h, v["K0"], srs, oss)
        v["finalKeys"] = X.session_keys(h, cipher, v["K"])
        v["srshash"] = (X.srshash(h, srs) if srs is not None
                        else hexb(self.rnd["srshashRandom"]))
        v["newRetainedSecret"] = X.new_retained_secret(h, v["K"])
        self.expect = 4

    def _reveal_a(self, keys, ident, mac, alice_jid):
        """M_A (EMAC [mac]), ID_A decrypted, then mac_A or the public-key
        checks [identity] (MF §2 msg 3 steps 7-8, MF §3)."""
        v = self.values
        h = v["hash"]
        if len(mac) != hash_len(h):
            raise _field_failure("ESESSION_EMAC", "mac", "length")
        try:
            plain, after = X.reveal_identity(h, v["cipher"], keys["KCA"],
                                             keys["KMA"], v["cA"], ident, mac)
        except CheckFailure as exc:
            raise _field_failure(exc.status, "mac") from exc
        v["macA"], peer = self.peer_identity(
            plain, v["init_pubkey"], lambda pub: X.mac_a(
                h, keys["KSA"], v["nB"], v["nA"], v["e_sel"],
                pub.encode("utf-8"), v["formA"], v["formA2"]),
            alice_jid)
        v["peer"] = peer
        v["identityPlainA"] = plain
        v["IDA"], v["MA"], v["counterA"] = ident, mac, after

    def _on_msg3_three(self, text, form, alice_jid):
        """MF §3 msg 3 checks: no dhkeys, no rshashes; M_A and ID_A with the
        keys of K; success makes the session ACTIVE. Then (MF §3 row "3
        checks") the `<c/>` that MAY follow is processed as an ordinary
        XEP-0200 stanza, KC_A from the counter after ID_A; a `terminate`
        field of value 1 in the form (it is part of form_A2, so mac_A and
        the signature cover it) ends the session right after it (XEP-0116
        §"Sending Alice's Identity": "the ESession is terminated
        immediately")."""
        v = self.values
        ident = form.b64("identity", nonempty=True)
        mac = form.b64("mac", nonempty=True)
        v["formA2"] = form.content()
        self._reveal_a(v["finalKeys"], ident, mac, alice_jid)
        keys = v["finalKeys"]
        self.start_traffic((keys["KCB"], keys["KMB"], v["counterB"]),
                           (keys["KCA"], keys["KMA"], v["counterA"]),
                           self.y, v["e_sel"])
        stanza = c14n.parse(text)
        if any(c.tag == "{%s}c" % NS_C for c in stanza):
            # the stanza with its <feature/> is what the XEP's example
            # sends; <feature/> is a clear child outside <c/>, so m_content
            # and the MAC see only <c/>'s children
            v["early"] = self.receive_traffic(text)
            v["earlyCounterAfter"] = self.traffic.rx_counter
        v["terminate"] = form.has("terminate") and _boolean(form, "terminate")
        if v["terminate"]:
            self.end()

    def note_msg4(self, text):
        """Bob's own message 4: form_B2, and mac_B/ID_B/M_B recomputed."""
        v = self.values
        keys = v["finalKeys"]
        _, form = read_form(text, NS_INIT, "result")
        v["formB2"] = form.content()
        self.hide_b(keys, v["formB2"])
        self.start_traffic((keys["KCB"], keys["KMB"], v["counterB"]),
                           (keys["KCA"], keys["KMA"], v["counterA"]),
                           self.y, v["e_sel"])
        return form


class Alice(Party):
    """The initiator. Messages 2 and 4."""

    def __init__(self, role, vector, groups):
        super().__init__(role, vector, groups)
        v = self.values
        v["nA"] = hexb(self.rnd["nA"])
        self.x = {}
        v["e"] = []
        for entry in self.rnd["x"]:
            group = groups[entry["modp"]]
            x = int.from_bytes(hexb(entry["x"]), "big")
            e_raw = X.dh_public(group, x)
            self.x[entry["modp"]] = x
            v["e"].append({"modp": entry["modp"], "e": e_raw,
                           "He": X.he(e_raw)})

    def note_msg1(self, text):
        _, form = read_form(text, NS_FEATURE, "form")
        self.values["formA"] = form.content(skip=())
        self.values["msg1"] = form
        self.three = form.has("dhkeys")
        self.expect = 2

    def on_msg2(self, text, bob_jid):
        """MF §2 msg 2, Alice's checks (Bob's answers among her offers,
        nonce, counter, d) and computations (K0, provisory keys, the
        rshashes she will send)."""
        v = self.values
        self.check_from(text, bob_jid)
        _, form = read_form(text, NS_FEATURE, "submit", self.thread)
        offer = v["msg1"]
        if not _boolean(form, "accept"):
            raise CheckFailure("ESESSION_EPEER_DECLINED")
        security = form.single("security")
        if security != "e2e":
            if security in offer.offered("security"):
                raise CheckFailure("ESESSION_EPEER_FALLBACK", security)
            raise _field_failure("ESESSION_ENEG_NOT_OFFERED", "security")
        if form.has("dhhashes") or (not self.three and (
                form.has("identity") or form.has("mac"))):
            raise _field_failure("ESESSION_ENEG_FIELD", "dhhashes")
        chosen = {}
        for var in ("logging", "disclosure", "modp", "crypt_algs",
                    "hash_algs", "sign_algs", "compress", "init_pubkey",
                    "resp_pubkey", "ver", "sas_algs"):
            if var == "logging" and not offer.has("logging"):
                continue
            if var == "sas_algs" and self.three:
                continue  # MF §3: no SAS in the 3-message exchange
            if var == "sign_algs":
                # A-"sign_algs when both pubkey modes are none": present
                # iff asked for and answered (checked below)
                if not form.has(var):
                    continue
                if not offer.has(var):
                    raise _field_failure("ESESSION_ENEG_NOT_OFFERED", var)
            value = form.single(var)
            if value not in offer.offered(var):
                raise _field_failure("ESESSION_ENEG_NOT_OFFERED", var)
            chosen[var] = value
        stanzas, _ = form.require("stanzas")
        if not stanzas or any(s not in offer.offered("stanzas")
                              for s in stanzas):
            raise _field_failure("ESESSION_ENEG_NOT_OFFERED", "stanzas")
        v["stanzas"] = stanzas
        freq = form.single("rekey_freq")
        if not (freq.isascii() and freq.isdigit() and freq[0] != "0"
                and int(offer.single("rekey_freq")) <= int(freq) < 1 << 32):
            raise _field_failure("ESESSION_ENEG_FIELD", "rekey_freq")
        n_b = form.b64("my_nonce")
        if not 16 <= len(n_b) <= 256 or n_b == v["nA"]:
            raise _field_failure("ESESSION_ENEG_FIELD", "my_nonce")
        d_raw = form.b64("dhkeys", nonempty=True)
        if form.b64("nonce") != v["nA"]:
            raise _field_failure("ESESSION_ENEG_NONCE", "nonce")
        counter_raw = form.b64("counter")
        if len(counter_raw) != 16:
            raise _field_failure("ESESSION_ECOUNTER", "counter")
        modp = int(chosen["modp"])
        self.group = self.groups[modp]
        e_sel = next(e["e"] for e in v["e"] if e["modp"] == modp)
        if d_raw == e_sel:
            raise _field_failure("ESESSION_ENEG_FIELD", "dhkeys", "d = e")
        try:
            d_val = X.dh_received(self.group, d_raw)
            z = X.shared_secret(self.group, d_val, self.x[modp])
        except CheckFailure as exc:
            raise _field_failure(exc.status, "dhkeys") from exc
        h, cipher = chosen["hash_algs"], chosen["crypt_algs"]
        if chosen["init_pubkey"] != "none" or \
                chosen["resp_pubkey"] != "none":
            if "sign_algs" not in chosen:
                raise _field_failure("ESESSION_ENEG_FIELD", "sign_algs")
        v.update(modp=modp, cipher=cipher, hash=h, nB=n_b, d=d_raw,
                 cA=ctr_value(counter_raw), e_sel=e_sel, sharedSecret=z,
                 rekey_freq=int(freq), sign_alg=chosen.get("sign_algs"),
                 init_pubkey=chosen["init_pubkey"],
                 resp_pubkey=chosen["resp_pubkey"])
        v["cB"] = X.counter_b(v["cA"])
        v["formB"] = form.content()
        if self.three:
            return self._on_msg2_three(form, z, bob_jid)
        v["K0"] = X.k_from_shared(h, z)
        prov = X.session_keys(h, cipher, v["K0"])
        v["provisoryKeys"] = {k: prov[k] for k in ("KCA", "KMA", "KSA")}
        # msg 3 values Alice will send (MF §2 msg 3 computations)
        mine = [s for s in self.cfg.get("retainedSecrets", [])
                if bare(s["peer"]) == bare(bob_jid)]
        padding = [hexb(p) for p in self.rnd.get("rshashesPadding", [])]
        v["rshashes"] = [X.rshash(h, v["nA"], hexb(s["secret"]))
                         for s in mine] + padding
        self.expect = 4

    def _on_msg2_three(self, form, z, bob_jid):
        """MF §3 msg 2 checks: K = HASH(mpi(Z)) and all six keys, then M_B
        (feature-not-implemented [mac]) and ID_B -> mac_B / signature
        (feature-not-implemented [identity])."""
        v = self.values
        h, cipher = v["hash"], v["cipher"]
        v["K"] = X.k_from_shared(h, z)
        keys = v["finalKeys"] = X.session_keys(h, cipher, v["K"])
        v["newRetainedSecret"] = X.new_retained_secret(h, v["K"])
        try:
            self._reveal_b(keys, form, None, bob_jid)
        except CheckFailure as exc:
            exc.condition = FNI
            raise
        self.expect = 0  # Alice's message 3 makes the session ACTIVE

    def _reveal_b(self, keys, form, form_b2, bob_jid):
        """M_B (EMAC [mac]), ID_B decrypted, then mac_B or the public-key
        checks [identity] (MF §2 msg 4 steps 5-6, MF §3)."""
        v = self.values
        h = v["hash"]
        ident = form.b64("identity", nonempty=True)
        mac = form.b64("mac", nonempty=True)
        if len(mac) != hash_len(h):
            raise _field_failure("ESESSION_EMAC", "mac", "length")
        try:
            plain, after = X.reveal_identity(h, v["cipher"], keys["KCB"],
                                             keys["KMB"], v["cB"], ident, mac)
        except CheckFailure as exc:
            raise _field_failure(exc.status, "mac") from exc
        v["macB"], peer = self.peer_identity(
            plain, v["resp_pubkey"], lambda pub: X.mac_b(
                h, keys["KSB"], v["nA"], v["nB"], v["d"], pub.encode("utf-8"),
                v["formB"], form_b2), bob_jid)
        v["peer"] = peer
        v["identityPlainB"] = plain
        v["IDB"], v["MB"], v["counterB"] = ident, mac, after

    def note_msg3(self, text):
        """Alice's own message 3: form_A2, then mac_A, ID_A, M_A, SAS (with
        the provisory keys in 4-msg, the keys of K in 3-msg)."""
        v = self.values
        h, cipher = v["hash"], v["cipher"]
        keys = v["finalKeys"] if self.three else v["provisoryKeys"]
        _, form = read_form(text, NS_FEATURE, "result")
        v["formA2"] = form.content()
        pub = self.own_pubkey(v["init_pubkey"])
        v["macA"] = X.mac_a(h, keys["KSA"], v["nB"], v["nA"], v["e_sel"],
                            pub.encode("utf-8"), v["formA"], v["formA2"])
        plain, v["own"] = self.own_identity(v["init_pubkey"], v["macA"])
        v["identityPlainA"] = plain
        v["IDA"], v["MA"], v["counterA"] = X.hide_identity(
            h, cipher, keys["KCA"], keys["KMA"], v["cA"], plain)
        if self.three:
            keys = v["finalKeys"]
            self.start_traffic((keys["KCA"], keys["KMA"], v["counterA"]),
                               (keys["KCB"], keys["KMB"], v["counterB"]),
                               self.x[v["modp"]], v["d"])
            # the <c/> Alice MAY add (MF §3 row "3") is checked by the
            # caller against her traffic state, which starts at counterA
            v["terminate"] = (form.has("terminate")
                              and _boolean(form, "terminate"))
        else:
            v["sasInput"], v["sas"] = X.sas28x5(h, v["MA"], v["formB"])
        return form

    def on_msg4(self, text, bob_jid):
        """MF §2 msg 4, Alice's checks and computations (nonce, srshash and
        SRS, final K and keys, M_B, ID_B -> mac_B or the public-key
        checks)."""
        v = self.values
        h, cipher = v["hash"], v["cipher"]
        self.check_from(text, bob_jid)
        _, form = read_form(text, NS_INIT, "result", self.thread)
        if form.b64("nonce") != v["nA"]:
            raise _field_failure("ESESSION_ENEG_NONCE", "nonce")
        srshash = form.b64("srshash", nonempty=True)
        if len(srshash) != hash_len(h):
            raise _field_failure("ESESSION_ESRSHASH", "srshash")
        srs = None
        for entry in self.cfg.get("retainedSecrets", []):
            secret = hexb(entry["secret"])
            if bare(entry["peer"]) == bare(bob_jid) and \
                    X.srshash(h, secret) == srshash:
                srs = secret
                break
        v["srs_alice"] = srs
        oss = other_secret(self.cfg)
        v["K"] = X.final_k(h, v["K0"], srs, oss)
        keys = X.session_keys(h, cipher, v["K"])
        v["finalKeys"] = keys
        v["formB2"] = form.content()
        self._reveal_b(keys, form, v["formB2"], bob_jid)
        v["srshash"] = srshash
        v["newRetainedSecret"] = X.new_retained_secret(h, v["K"])
        self.start_traffic((keys["KCA"], keys["KMA"], v["counterA"]),
                           (keys["KCB"], keys["KMB"], v["counterB"]),
                           self.x[v["modp"]], v["d"])
        return form
