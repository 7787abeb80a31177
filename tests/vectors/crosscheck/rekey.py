"""One party's XEP-0200 traffic state after the negotiation, with
re-keying, as spec/rekey.md ("R") and spec/byte-strings.md §4 read
XEP-0200 §"Re-Key Exchange" and §"Publishing Old MAC Values".

"We" is the party that owns the object. Sending: C, KC, KM of our
direction; <new/> counts the peer's <key/>s since our previous stanza; a
<key/> derives K = mpi(d^x mod p) (not hashed) and the four "Rekey ..." keys,
our next stanzas use the Initiator keys and a new key set {Acceptor keys, x}
is kept for the peer's answer. Receiving: <new/> selects the key set
(R§4), the MAC is checked with that set's peer keys, only then are older
sets destroyed; a <key/> is accepted with the private value of the selected
set. Expired MAC keys are published in <old/> when R§5 allows.
"""

import c14n
import xep0200
from primitives import (CheckFailure, cipher_key_len, hmac_bytes, mac_key_len,
                        mpi, mpi_decode)
from xep0116 import check_exponent, lsb

# BS §4 row "rekey keys": "Initiator" is the sender of <key/>
# (A-"Re-key labels: which initiator").
REKEY_LABELS = {
    "KCI": b"Rekey Initiator Crypt",
    "KMI": b"Rekey Initiator MAC",
    "KCR": b"Rekey Acceptor Crypt",
    "KMR": b"Rekey Acceptor MAC",
}

# R§4 "At most ES_REKEY_MAX_SETS = 8 sets"; R§5 at most 8 waiting MAC keys.
MAX_SETS = 8
MAX_OLD = 8


def rekey_keys(h, cipher, k_raw):
    """The four keys of XEP-0200 §"Re-Key Initiation" from K = mpi(d^x mod
    p), used as the HMAC key as is (A-"Re-key shared secret is not hashed"),
    truncated like KC/KM of XEP-0116 (least significant bytes; lengths of
    A-"Length of the MAC and SIGMA keys")."""
    klen, mlen = cipher_key_len(cipher), mac_key_len(cipher, h)
    return {name: lsb(hmac_bytes(h, k_raw, label),
                      klen if name.startswith("KC") else mlen)
            for name, label in REKEY_LABELS.items()}


class KeySet:
    """R§1 "sets of values {KC_B KM_B x}": the peer's keys and our private
    value, with the absolute index of R§1 (0: the negotiation)."""

    def __init__(self, index, peer_kc, peer_km, priv):
        self.index, self.peer_kc, self.peer_km = index, peer_kc, peer_km
        self.priv = priv


class Traffic:
    def __init__(self, cipher, h, group, tx, rx, priv, peer_pub, rekey_freq):
        """tx, rx: (KC, KM, counter) of our and the peer's direction after
        the negotiation; priv: our DH private value of the negotiation (x of
        the selected group for the initiator, y for the responder, R§1);
        peer_pub: the peer's public value of the negotiation (int)."""
        self.cipher, self.h, self.group = cipher, h, group
        self.kc, self.km, self.counter = tx
        self.rx_kc, self.rx_km, self.rx_counter = rx
        self.sets = [KeySet(0, rx[0], rx[1], priv)]
        self.next_index = 1
        self.peer_pub = peer_pub
        self.peer_acked = 0
        self.new_pending = 0
        self.sent_since_key = 0
        self.recv_since_key = 0
        self.rekey_freq = rekey_freq
        # R§5: expired MAC keys waiting, oldest first: [key, threshold]
        # where threshold is the set index the peer must select before the
        # key may be published (0: publishable now)
        self.waiting = []

    # ---------------------------------------------------------- sending

    def _expire(self, key, threshold):
        """R§5: an expired MAC key waits; a ninth pushes out the oldest."""
        self.waiting.append([key, threshold])
        if len(self.waiting) > MAX_OLD:
            self.waiting.pop(0)

    def publishable(self):
        return [key for key, threshold in self.waiting
                if threshold <= self.peer_acked]

    def send(self, m, rekey_x=None):
        """Our next stanza: returns what it must carry (R§2, R§4 step 5,
        R§5) and commits the state. m: the plaintext bytes (b"" for an empty
        re-key stanza)."""
        out = {"counter": self.counter, "KC": self.kc, "KM": self.km}
        out["new"] = self.new_pending or None
        out["old"] = self.publishable()
        number = self.sent_since_key + 1
        if rekey_x is not None:
            if number < self.rekey_freq:
                raise CheckFailure("ESESSION_EREKEY_TOO_SOON",
                                   f"stanza {number} < rekey_freq")
            if self.next_index - self.sets[0].index >= MAX_SETS:
                raise CheckFailure("ESESSION_EREKEY_PENDING")
            p, g = self.group
            check_exponent(rekey_x, p)
            out["key"] = mpi(pow(g, rekey_x, p))
            k_raw = mpi(pow(self.peer_pub, rekey_x, p))
            keys = rekey_keys(self.h, self.cipher, k_raw)
            out["rekey"] = dict(keys, K=k_raw, x=rekey_x,
                                peerPublic=mpi(self.peer_pub))
        out["data"], self.counter = xep0200.encrypt_payload(
            self.cipher, self.kc, self.counter, m)
        # commit (R§8): published keys are wiped, <new/> restarts
        self.waiting = [w for w in self.waiting
                        if w[1] > self.peer_acked]
        self.new_pending = 0
        self.sent_since_key = number
        if rekey_x is not None:
            keys = out["rekey"]
            index = self.next_index
            self._expire(self.km, index)
            self.kc, self.km = keys["KCI"], keys["KMI"]
            self.sets.append(KeySet(index, keys["KCR"], keys["KMR"],
                                    rekey_x))
            self.next_index += 1
            self.sent_since_key = 0
        return out

    # -------------------------------------------------------- receiving

    def receive(self, stanza_text):
        """XEP-0200 §"Decrypting a Stanza" with R§2 and R§4, in R§2's
        order: structure and base64, <new/> selection, MAC, rekey_freq,
        the <key/> integer, then decryption and parsing. Returns
        (m, children, info)."""
        stanza = c14n.parse(stanza_text)
        c = xep0200.find_c(stanza)
        fields = xep0200.parse_c(c)
        mac = fields["mac"][0]
        n = int(fields["new"][0]) if fields["new"] else 0
        selected = self.peer_acked + n
        if selected >= self.next_index:
            raise CheckFailure("ESESSION_EREKEY_NEW",
                               f"<new>{n}</new> selects set {selected}")
        if selected < self.sets[0].index:
            raise CheckFailure("ESESSION_EREKEY_EXPIRED")
        chosen = next(s for s in self.sets if s.index == selected)
        if len(mac) != len(hmac_bytes(self.h, b"", b"")):
            raise CheckFailure("ESESSION_EMAC", f"MAC of {len(mac)} bytes")
        content = xep0200.m_content(c)
        if mac != xep0200.stanza_mac(self.h, chosen.peer_km, content,
                                     self.rx_counter):
            raise CheckFailure("ESESSION_EMAC", "a_mac does not verify")
        info = {"set": selected, "counter": self.rx_counter,
                "KC": chosen.peer_kc, "KM": chosen.peer_km}
        # R§4 step 3: after the MAC, older sets go and peer_acked moves;
        # R§5: the peer's replaced KM may be published at once
        if chosen.peer_km != self.rx_km:
            self._expire(self.rx_km, 0)
        self.sets = [s for s in self.sets if s.index >= selected]
        self.peer_acked = selected
        self.rx_kc, self.rx_km = chosen.peer_kc, chosen.peer_km
        self.recv_since_key += 1
        data = fields["data"][0] if fields["data"] else b""
        m, self.rx_counter = xep0200.encrypt_payload(
            self.cipher, self.rx_kc, self.rx_counter, data)
        m = m or b""
        if fields["key"]:
            info["rekey"] = self._accept(fields["key"][0])
        try:
            children = xep0200.parse_content(m, stanza)
        except CheckFailure as exc:
            exc.authenticated = True
            raise
        info["emptyRekey"] = bool(fields["key"]) and not fields["data"]
        return m, children, info

    def _accept(self, raw):
        """R§2 checks of a received <key/> (after the MAC): rekey_freq,
        canonical MPI, 1 < e < p - 1; then R§4 step 4."""
        if self.recv_since_key < self.rekey_freq:
            raise CheckFailure("ESESSION_EREKEY_TOO_SOON",
                               f"peer stanza {self.recv_since_key}")
        p, _ = self.group
        e = mpi_decode(raw)
        if not 1 < e < p - 1:
            raise CheckFailure("ESESSION_EDH_RANGE", "<key/> out of range")
        oldest = self.sets[0]
        k_raw = mpi(pow(e, oldest.priv, p))
        keys = rekey_keys(self.h, self.cipher, k_raw)
        # R§5: the peer's KM the <key/> stanza was MACed with is published
        # at once; peer keys of other sets were never used: wiped
        self._expire(self.rx_km, 0)
        for s in self.sets:
            s.peer_kc, s.peer_km = keys["KCI"], keys["KMI"]
        self.rx_kc, self.rx_km = keys["KCI"], keys["KMI"]
        if len(self.sets) == 1:
            # our old KM waits for a set of a <key/> we send from now on
            self._expire(self.km, self.next_index)
            self.kc, self.km = keys["KCR"], keys["KMR"]
        self.peer_pub = e
        self.new_pending += 1
        self.recv_since_key = 0
        return dict(keys, K=k_raw)

