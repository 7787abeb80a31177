"""XEP-0200 stanza encryption for one direction (spec/byte-strings.md §4-§5,
spec/message-flow.md §7, the A- entries cited inline)."""

import c14n
from primitives import (COUNTER_MOD, CheckFailure, b64decode_strict,
                        ctr_bytes, ctr_crypt, hash_len, hmac_bytes)

NS_C = "http://www.xmpp.org/extensions/xep-0200.html#ns"
NS_AMP = "http://jabber.org/protocol/amp"
NS_CLIENT = "jabber:client"
C_TAG = "{%s}c" % NS_C
_C_CHILDREN = ("data", "key", "new", "old", "mac")

# BS §4: the exact terminate / terminate-ack plaintexts we emit.
TERMINATE = ('<feature xmlns="http://jabber.org/protocol/feature-neg">'
             '<x xmlns="jabber:x:data" type="{type}">'
             '<field var="FORM_TYPE"><value>urn:xmpp:ssn</value></field>'
             '<field var="terminate"><value>1</value></field></x></feature>')


def terminate_plaintext(ack):
    return TERMINATE.replace("{type}", "result" if ack else "submit").encode()


def stanza_mac(h, km, m_content, counter):
    """a_mac = HMAC(HASH, KM, m_content ‖ ctr(C0)): content first, then the
    counter (XEP-0200 §"Encrypting a Stanza")."""
    return hmac_bytes(h, km, m_content.encode("utf-8") + ctr_bytes(counter))


def encrypt_payload(cipher, kc, counter, m):
    """m_final and the counter after it. No content: no <data/>, C + 1;
    cipher 'none': m unchanged, C + 1 (XEP-0200 §"Encrypting a Stanza")."""
    if not m:
        return None, (counter + 1) % COUNTER_MOD
    return ctr_crypt(cipher, kc, counter, m)


def is_clear_child(child):
    """Children that stay outside <c/>: <thread/>, AMP, <error/> (BS §5)."""
    name = c14n.local_name(child.tag)
    ns = c14n.namespace(child.tag)
    if name in ("thread", "error") and ns in ("", NS_CLIENT):
        return True
    return name == "amp" and ns == NS_AMP


def find_c(stanza):
    cs = [child for child in stanza if child.tag == C_TAG]
    if len(cs) != 1:
        raise CheckFailure("ESESSION_ESTANZA", f"{len(cs)} <c/> children")
    return cs[0]


def parse_c(c):
    """Strict <c/> (A-"Strict `<c/>`", A-"Empty `<data/>`", A-"`<new/>`
    syntax"): returns {name: [text, ...]} with base64 fields decoded."""
    if c.attrib:
        raise CheckFailure("ESESSION_ESTANZA", "attribute on <c/>")
    if c.text and c.text.strip(" \t\r\n"):
        raise CheckFailure("ESESSION_ESTANZA", "text in <c/>")
    fields = {name: [] for name in _C_CHILDREN}
    for child in c:
        name = c14n.local_name(child.tag)
        if c14n.namespace(child.tag) != NS_C or name not in _C_CHILDREN:
            raise CheckFailure("ESESSION_ESTANZA", f"unexpected {child.tag}")
        if child.attrib or len(child):
            raise CheckFailure("ESESSION_ESTANZA", f"<{name}/> not a leaf")
        if child.tail and child.tail.strip(" \t\r\n"):
            raise CheckFailure("ESESSION_ESTANZA", "text in <c/>")
        fields[name].append(child.text or "")
    if len(fields["mac"]) != 1:
        raise CheckFailure("ESESSION_ESTANZA", "need exactly one <mac/>")
    for name in ("data", "key", "new"):
        if len(fields[name]) > 1:
            raise CheckFailure("ESESSION_ESTANZA", f"repeated <{name}/>")
    for name in ("data", "key", "old"):
        if any(text == "" for text in fields[name]):
            raise CheckFailure("ESESSION_ESTANZA", f"empty <{name}/>")
    for text in fields["new"]:
        if not (text.isascii() and text.isdigit() and text[0] != "0"
                and int(text) < 1 << 32):
            raise CheckFailure("ESESSION_ESTANZA", f"<new>{text}</new>")
    decoded = {name: [b64decode_strict(t) for t in fields[name]]
               for name in ("data", "key", "old", "mac")}
    decoded["new"] = fields["new"]
    return decoded


def m_content(c):
    """norm of the children of <c/> except <mac/>, without <c/>'s tags."""
    return c14n.norm_children(
        c, skip=lambda child: c14n.local_name(child.tag) == "mac")


class Direction:
    """One direction's state: keys and counter of the sender."""

    def __init__(self, cipher, h, kc, km, counter):
        self.cipher, self.h = cipher, h
        self.kc, self.km, self.counter = kc, km, counter

    def receive(self, stanza_text):
        """XEP-0200 §"Decrypting a Stanza", in the order of MF §7: structure,
        MAC (before anything is decrypted), decrypt, parse. Returns (m, the
        parsed children of m). Raises CheckFailure; the counter moves only
        once the MAC verified."""
        stanza = c14n.parse(stanza_text)
        c = find_c(stanza)
        fields = parse_c(c)
        mac = fields["mac"][0]
        if len(mac) != hash_len(self.h):
            raise CheckFailure("ESESSION_EMAC", f"MAC of {len(mac)} bytes")
        content = m_content(c)
        if mac != stanza_mac(self.h, self.km, content, self.counter):
            raise CheckFailure("ESESSION_EMAC", "a_mac does not verify")
        data = fields["data"][0] if fields["data"] else b""
        m, self.counter = encrypt_payload(self.cipher, self.kc, self.counter,
                                          data)
        m = m or b""
        if fields["key"]:
            # Re-keying is not implemented by the reference; the vectors
            # carry none. Checked here only up to the MAC.
            raise CheckFailure("REKEY_NOT_CROSSCHECKED")
        try:
            return m, parse_content(m, stanza)
        except CheckFailure as exc:
            exc.authenticated = True  # the MAC verified: the session fails
            raise


def parse_content(m, stanza):
    """Parse m as element content inside a wrapper declaring only the
    stanza's default namespace (BS §5; XEP-0200 §"Decrypting a Stanza")."""
    ns = c14n.namespace(stanza.tag)
    decl = f' xmlns="{ns}"' if ns else ""
    name = c14n.local_name(stanza.tag)
    try:
        text = m.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CheckFailure("ESESSION_EXML_UTF8", str(exc)) from exc
    wrapper = c14n.parse(f"<{name}{decl}>{text}</{name}>")
    if wrapper.text and wrapper.text.strip(" \t\r\n"):
        raise CheckFailure("ESESSION_EXML_MIXED_CONTENT", "text in content")
    for child in wrapper:
        if child.tail and child.tail.strip(" \t\r\n"):
            raise CheckFailure("ESESSION_EXML_MIXED_CONTENT",
                               "text in content")
    return list(wrapper)


def encrypted_children(plaintext_stanza):
    """The children of a plaintext stanza that go into m (BS §5)."""
    return [child for child in plaintext_stanza if not is_clear_child(child)]


def same_trees(a, b):
    return [c14n.tree_key(x) for x in a] == [c14n.tree_key(y) for y in b]

