/*
 * vectors_gen.c - the tables of scenarios behind every vector file, and
 * the assembly of the files (vectors/README.md). Adding coverage (the
 * 3-message exchange, public keys, re-keying) is a matter of adding rows
 * to these tables and, where the protocol grows, inputs to the runner.
 */
#include "vectors_gen.h"
#include "vectors_early.h"
#include "vectors_rekey.h"
#include "vectors_keys.h"

#include "ctr.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

const char *const vx_file_names[] = {"esession_4msg_none.json",
                                     "esession_4msg_none_slow.json",
                                     "esession_4msg_none_invalid.json",
                                     "xep0200_stanza.json",
                                     "sas28x5.json",
                                     "esession_4msg_pubkey.json",
                                     "esession_3msg.json",
                                     "esession_pubkey_invalid.json",
                                     "esession_rekey.json",
                                     "esession_rekey_invalid.json",
                                     NULL};

/* ---- notes -------------------------------------------------------------- */

static const struct {
	const char *flag, *text;
} flag_notes[] = {
    {"FourMessage", "4-message (SIGMA-R) negotiation, XEP-0116"},
    {"PubkeyNone", "init_pubkey and resp_pubkey are 'none'"},
    {"RetainedSecret", "both parties hold the same retained secret: SRS is "
                       "found and mixed into the final K"},
    {"RetainedSecretUnmatched",
     "a party holds retained secrets the other does not share"},
    {"OtherSecret", "both parties configured the same other shared secret"},
    {"MultiGroupOffer", "Alice offers several MODP groups (an x, e and He "
                        "for each)"},
    {"MessageStanza", "XEP-0200 traffic of <message/> stanzas"},
    {"PresenceStanza", "XEP-0200 traffic of <presence/> stanzas"},
    {"IqStanza", "XEP-0200 traffic of <iq/> stanzas"},
    {"PartialBlock", "a payload m shorter than one cipher block"},
    {"SingleBlock", "a payload m of exactly one cipher block"},
    {"MultiBlock", "a payload m of several blocks, the last one partial"},
    {"CounterWrap", "the CTR counter passes 2^n - 1 and wraps to 0"},
    {"Termination", "the session ends with terminate and acknowledgement"},
    {"CipherNone", "crypt_algs 'none': integrity only"},
    {"Tampered", "a field or value of a message was changed"},
    {"DhRange", "a DH value 0, 1, p-1, p, p+1, longer than p, or with a "
                "leading zero octet"},
    {"Commitment", "e does not match the He committed to in message 1"},
    {"WrongNonce", "a wrong nonce is echoed"},
    {"Base64", "non-canonical base64, whitespace, bad padding or a "
               "character outside the alphabet"},
    {"MacLength", "a MAC truncated or extended"},
    {"Replay", "a stanza delivered twice"},
    {"Drop", "a stanza never delivered"},
    {"Reorder", "stanzas delivered out of order"},
    {"WrongCounter", "a MAC computed with another counter"},
    {"Unnormalized", "a MAC computed over content that is not normalized"},
    {"BadPlaintext", "a <c/> with a valid MAC whose plaintext is not "
                     "well-formed XML content"},
    {"StanzaStructure", "a malformed <c/> or stanza"},
    {"ThreeMessage", "3-message (SIGMA-I) negotiation, XEP-0116"},
    {"PubkeyKeyA", "Alice identifies with her whole public key (init_pubkey "
                   "'key')"},
    {"PubkeyHashA", "Alice identifies with the fingerprint of her public "
                    "key (init_pubkey 'hash')"},
    {"PubkeyKeyB", "Bob identifies with his whole public key (resp_pubkey "
                   "'key')"},
    {"PubkeyHashB", "Bob identifies with the fingerprint of his public key "
                    "(resp_pubkey 'hash')"},
    {"RsaSha256", "sign_algs rsa-sha256 (RSASSA-PKCS1-v1_5, SHA-256)"},
    {"DsaSha256", "sign_algs dsa-sha256 (DSA, SHA-256, RFC 6979 nonce)"},
    {"Resealed", "a tampered identity payload re-encrypted and re-MACed "
                 "with the correct KC_X and KM_X"},
    {"BadSignature", "a signature with one bit changed or of the wrong "
                     "length"},
    {"BadKeyValue", "a malformed KeyValue, SignatureValue or fingerprint "
                    "inside a correctly MACed ID_X"},
    {"UnknownKey", "a key or fingerprint the receiver does not trust or "
                   "cannot resolve"},
    {"Rekey", "at least one XEP-0200 <key/> (re-key exchange)"},
    {"RekeyCrossing", "both parties send a <key/> before receiving the "
                      "other's"},
    {"InFlight", "stanzas delivered after the receiver has sent or received "
                 "a <key/> that their sender had not yet seen"},
    {"OldMac", "<old/> values (expired MAC keys) published"},
    {"RekeyTooSoon", "a <key/> in fewer than rekey_freq stanzas since the "
                     "negotiation or the sender's previous <key/>"},
    {"RekeyNew", "a <new/> that counts a <key/> never sent"},
    {"RekeyMalformed", "a <new/> that is not a decimal number without sign "
                       "or leading zero, below 2^32"},
    {"EarlyContent", "the 3-message completion (message 3) carries Alice's "
                     "first encrypted stanza"},
    {"ObjectEncryption", "the 3-message completion carries 'terminate': "
                         "the session ends with it, unacknowledged"},
};

static vj *vx_notes(void)
{
	vj *n = vj_obj();
	for (size_t i = 0; i < sizeof flag_notes / sizeof flag_notes[0]; i++)
		vj_set(n, flag_notes[i].flag, vj_str(flag_notes[i].text));
	return n;
}

vj *vx_flags(const char *const *flags)
{
	vj *a = vj_arr();
	for (size_t i = 0; flags != NULL && flags[i] != NULL; i++)
		vj_push(a, vj_str(flags[i]));
	return a;
}

vj *vx_file_new(const char *algorithm, const char *header)
{
	vj *f = vj_obj();
	vj_set(f, "algorithm", vj_str(algorithm));
	vj_set(f, "schema", vj_str("schema.json"));
	char version[64];
	snprintf(version, sizeof version, "esession %s", esession_version());
	vj_set(f, "generatorVersion", vj_str(version));
	vj_set(f, "numberOfTests", vj_int(0));
	vj *h = vj_set(f, "header", vj_arr());
	vj_push(h, vj_str(header));
	vj_push(h, vj_str("Format: vectors/README.md. Byte strings: "
	                  "spec/byte-strings.md. Readings: "
	                  "spec/ambiguities.md."));
	vj_set(f, "notes", vx_notes());
	vj_set(f, "testGroups", vj_arr());
	return f;
}

/* The group of `file` with these fields, created on first use. */
vj *vx_group(vj *file, const char *type, unsigned modp, const char *cipher,
             const char *hash)
{
	vj *groups = vj_get(file, "testGroups");
	for (size_t i = 0; i < groups->n; i++) {
		vj *g = groups->items[i];
		uint64_t m = 0;
		(void)vj_get_int(g, "modp", &m);
		const char *c = vj_get_str(g, "cipher");
		const char *h = vj_get_str(g, "hash");
		if (strcmp(vj_get_str(g, "type"), type) == 0 && m == modp &&
		    (c == NULL || strcmp(c, cipher) == 0) &&
		    (h == NULL || strcmp(h, hash) == 0))
			return g;
	}
	vj *g = vj_push(groups, vj_obj());
	vj_set(g, "type", vj_str(type));
	if (strcmp(type, "SasTest") == 0) {
		vj_set(g, "hash", vj_str(hash));
		vj_set(g, "tests", vj_arr());
		return g;
	}
	es_cipher_alg ca = ES_CIPHER_AES128_CTR;
	es_hash_alg ha = ES_HASH_SHA256;
	/* Names come from this file's tables; a typo shows as a failed
	 * run (the library refuses the configuration). */
	if (es_cipher_from_name(cipher, &ca) != ESESSION_OK)
		ca = ES_CIPHER_AES128_CTR;
	if (es_hash_from_name(hash, &ha) != ESESSION_OK)
		ha = ES_HASH_SHA256;
	size_t klen = es_cipher_key_len(ca);
	if (strcmp(type, "SessionTest") == 0) {
		vj_set(g, "messageCount", vj_int(4));
		vj_set(g, "initPubkey", vj_str("none"));
		vj_set(g, "respPubkey", vj_str("none"));
		vj_set(g, "modp", vj_int(modp));
	}
	vj_set(g, "cipher", vj_str(cipher));
	vj_set(g, "hash", vj_str(hash));
	vj_set(g, "blockBytes", vj_int(es_cipher_block_len(ca)));
	if (strcmp(type, "SessionTest") == 0) {
		vj_set(g, "cipherKeyBytes", vj_int(klen));
		vj_set(g, "macKeyBytes", vj_int(klen > 16 ? klen : 16));
		vj_set(g, "hashBytes", vj_int(es_hash_len(ha)));
	} else {
		vj *k = vj_set(g, "stanzas", vj_arr());
		vj_push(k, vj_str("message"));
		vj_push(k, vj_str("presence"));
		vj_push(k, vj_str("iq"));
	}
	vj_set(g, "tests", vj_arr());
	return g;
}

/* Append a finished test to its group and count it. */
void vx_add_test(vj *file, vj *group, vj *test)
{
	vj_push(vj_get(group, "tests"), test);
	vj_get(file, "numberOfTests")->num++;
}

/* ---- session scenarios -----------------------------------------------------
 */

/* Traffic sets: the plaintext stanzas (BS §5: m is the serialization of
 * the children, so the lengths below are those of m). */
/* m = "<body>Hello, Bob!</body>" etc. */
const vx_traffic traffic_basic[] = {
    {"alice", "<message type='chat'><body>Hello, Bob!</body></message>"},
    {"bob", "<message type='chat'><body>Hi Alice &amp; welcome.</body>"
            "</message>"},
    {NULL, NULL}};

/* m of 14, 16 and 53 bytes: partial, single and multi-block. */
static const vx_traffic traffic_blocks[] = {
    {"alice", "<message type='chat'><body>a</body></message>"},
    {"alice", "<message type='chat'><body>abc</body></message>"},
    {"bob", "<message type='chat'><body>The quick brown fox jumps over "
            "the lazy</body></message>"},
    {NULL, NULL}};

static const vx_traffic traffic_kinds[] = {
    {"alice", "<message type='chat'><body>ping</body></message>"},
    {"bob", "<presence><show>away</show><status>In a meeting"
            "</status></presence>"},
    {"alice", "<iq type='get' id='v1'><query xmlns='jabber:iq:version'/>"
              "</iq>"},
    {"bob", "<iq type='result' id='v1'><query xmlns='jabber:iq:version'>"
            "<name>esession</name></query></iq>"},
    {NULL, NULL}};

static const char *const all_ciphers[] = {
    "aes128-ctr",     "aes192-ctr",     "aes256-ctr",
    "twofish128-ctr", "twofish256-ctr", "serpent128-ctr",
    "serpent192-ctr", "serpent256-ctr", "none"};
static const char *const all_hashes[] = {"sha256", "whirlpool"};

/* The fixed scenarios; the cipher x hash matrix is added in code. */
static const vx_scenario fixed_scenarios[] = {
    {"group 1, XEP-0217 algorithms", 1, "aes128-ctr", "sha256", 0,
     traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "MessageStanza", "Termination")},
    {"group 2, XEP-0217 algorithms", 2, "aes128-ctr", "sha256", 0,
     traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "MessageStanza", "Termination")},
    {"group 5, XEP-0217 algorithms", 5, "aes128-ctr", "sha256", 0,
     traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "MessageStanza", "Termination")},
    {"group 14, XEP-0217 algorithms", 14, "aes128-ctr", "sha256", 0,
     traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "MessageStanza", "Termination")},
    {"group 15", 15, "aes256-ctr", "sha256", 0, traffic_basic, "bob",
     FLAGS("FourMessage", "PubkeyNone", "MessageStanza", "Termination")},
    {"group 16", 16, "aes256-ctr", "whirlpool", 0, traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "MessageStanza", "Termination")},
    {"Alice offers groups 5, 14, 2, 1; Bob accepts only 14", 14, "aes128-ctr",
     "sha256", MULTI_OFFER, traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "MultiGroupOffer", "MessageStanza",
           "Termination")},
    {"retained secret shared by both parties", 5, "aes128-ctr", "sha256",
     RS_SHARED, traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "RetainedSecret", "MessageStanza",
           "Termination")},
    {"Alice holds a retained secret Bob does not", 5, "aes128-ctr", "sha256",
     RS_UNMATCHED, traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "RetainedSecretUnmatched",
           "MessageStanza", "Termination")},
    {"other shared secret", 5, "aes128-ctr", "sha256", OSS_SET, traffic_basic,
     "bob",
     FLAGS("FourMessage", "PubkeyNone", "OtherSecret", "MessageStanza",
           "Termination")},
    {"retained secret and other shared secret", 5, "aes128-ctr", "sha256",
     RS_SHARED | OSS_SET, traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "RetainedSecret", "OtherSecret",
           "MessageStanza", "Termination")},
    {"retained secret, unmatched secret and other shared secret, "
     "whirlpool",
     2, "aes256-ctr", "whirlpool", RS_SHARED | RS_UNMATCHED | OSS_SET,
     traffic_basic, "bob",
     FLAGS("FourMessage", "PubkeyNone", "RetainedSecret",
           "RetainedSecretUnmatched", "OtherSecret", "MessageStanza",
           "Termination")},
    {"partial, single and multi-block payloads", 2, "aes128-ctr", "sha256", 0,
     traffic_blocks, NULL,
     FLAGS("FourMessage", "PubkeyNone", "MessageStanza", "PartialBlock",
           "SingleBlock", "MultiBlock")},
    {"message, presence and iq stanzas", 2, "aes128-ctr", "sha256", 0,
     traffic_kinds, "bob",
     FLAGS("FourMessage", "PubkeyNone", "MessageStanza", "PresenceStanza",
           "IqStanza", "Termination")},
};

static const vx_scenario slow_scenarios[] = {
    {"group 17", 17, "aes256-ctr", "sha256", 0, traffic_basic, "alice",
     FLAGS("FourMessage", "PubkeyNone", "MessageStanza", "Termination")},
    {"group 18", 18, "aes256-ctr", "whirlpool", RS_SHARED, traffic_basic, "bob",
     FLAGS("FourMessage", "PubkeyNone", "RetainedSecret", "MessageStanza",
           "Termination")},
};

static vj *hex_str(const char *s)
{
	return vj_hex((const uint8_t *)s, strlen(s));
}

/* A retained secret of hlen bytes; `tag` makes different ones. */
static vj *secret_entry(const char *peer, size_t hlen, uint8_t tag)
{
	uint8_t rs[64];
	for (size_t i = 0; i < hlen; i++)
		rs[i] = (uint8_t)(tag + 7 * i);
	vj *e = vj_obj();
	vj_set(e, "peer", vj_str(peer));
	vj_set(e, "secret", vj_hex(rs, hlen));
	return e;
}

/* The fixed key of one party for an algorithm (README "Public keys"). */
static const char *key_name(const char *sign_alg, bool alice)
{
	bool rsa = strcmp(sign_alg, "rsa-sha256") == 0;
	if (alice)
		return rsa ? "rsa2048-alice" : "dsa2048-alice";
	return rsa ? "rsa2048-bob" : "dsa2048-bob";
}

/* README "Public keys": both parties offer / accept exactly the modes of
 * pk, each holds its own key when its mode is not 'none', and trusts the
 * peer's key (associated and verified) when the peer's mode is not. */
static void party_pk(vj *p, const vx_pk *pk, bool alice)
{
	vj_push(vj_set(p, "initPubkey", vj_arr()), vj_str(pk->init_pk));
	vj_push(vj_set(p, "respPubkey", vj_arr()), vj_str(pk->resp_pk));
	vj_push(vj_set(p, "signAlgs", vj_arr()), vj_str(pk->sign_alg));
	const char *own = alice ? pk->init_pk : pk->resp_pk;
	const char *peer = alice ? pk->resp_pk : pk->init_pk;
	if (strcmp(own, "none") != 0)
		vj_set(p, "identityKey",
		       vx_key_object(key_name(pk->sign_alg, alice)));
	vj *keys = vj_set(p, "peerKeys", vj_arr());
	if (strcmp(peer, "none") != 0) {
		vj *peer_key = vx_key_object(key_name(pk->sign_alg, !alice));
		vj *e = vj_push(keys, vj_obj());
		vj_set(e, "peer",
		       vj_str(alice ? VX_BOB_BARE : "alice@example.org"));
		vj_set(e, "keyValue", vx_copy(vj_get(peer_key, "keyValue")));
		vj_free(peer_key);
	}
	if (alice)
		vj_set(p, "messages", vj_int(pk->messages));
	else
		vj_set(p, "accept3", vj_bool(pk->messages == 3));
}

static vj *party(const char *jid, const vx_scenario *sc, bool alice,
                 size_t hlen)
{
	vj *p = vj_obj();
	vj_set(p, "jid", vj_str(jid));
	vj *m = vj_set(p, "modp", vj_arr());
	if (alice && (sc->extras & MULTI_OFFER) != 0) {
		static const unsigned offer[] = {5, 14, 2, 1};
		for (size_t i = 0; i < 4; i++)
			vj_push(m, vj_int(offer[i]));
	} else {
		vj_push(m, vj_int(sc->modp));
	}
	vj_push(vj_set(p, "ciphers", vj_arr()), vj_str(sc->cipher));
	vj_push(vj_set(p, "hashes", vj_arr()), vj_str(sc->hash));
	vj *k = vj_set(p, "stanzas", vj_arr());
	vj_push(k, vj_str("message"));
	vj_push(k, vj_str("presence"));
	vj_push(k, vj_str("iq"));
	vj *rs = vj_set(p, "retainedSecrets", vj_arr());
	const char *peer = alice ? VX_BOB : VX_ALICE;
	if ((sc->extras & RS_SHARED) != 0)
		vj_push(rs, secret_entry(peer, hlen, 0xa0));
	if (alice && (sc->extras & RS_UNMATCHED) != 0)
		vj_push(rs, secret_entry(peer, hlen, 0x31));
	if ((sc->extras & OSS_SET) != 0)
		vj_set(p, "otherSecret",
		       hex_str("correct horse battery staple"));
	return p;
}

vj *vx_session_inputs(const char *seed_label, uint64_t tc_id,
                      const vx_scenario *sc, const char *result)
{
	return vx_session_inputs_pk(seed_label, tc_id, sc, NULL, result);
}

vj *vx_session_inputs_pk(const char *seed_label, uint64_t tc_id,
                         const vx_scenario *sc, const vx_pk *pk,
                         const char *result)
{
	es_hash_alg h = ES_HASH_SHA256;
	if (es_hash_from_name(sc->hash, &h) != ESESSION_OK)
		h = ES_HASH_SHA256;
	vj *t = vj_obj();
	char seed[128];
	snprintf(seed, sizeof seed, "esession vectors/%s", seed_label);
	vj_set(t, "tcId", vj_int(tc_id));
	vj_set(t, "comment", vj_str(sc->comment));
	vj_set(t, "result", vj_str(result));
	vj_set(t, "flags", vx_flags(sc->flags));
	vj_set(t, "seed", hex_str(seed));
	vj *a = vj_set(t, "alice", party(VX_ALICE, sc, true, es_hash_len(h)));
	vj *b = vj_set(t, "bob", party(VX_BOB, sc, false, es_hash_len(h)));
	if (pk != NULL) {
		party_pk(a, pk, true);
		party_pk(b, pk, false);
	}
	/* The thread names the seed: tests that share a seed share the
	 * whole negotiation (invalid tests tamper with one base run). */
	vj_set(t, "thread", vj_str(seed_label));
	vj_set(t, "aliceTo", vj_str(VX_BOB_BARE));
	if (sc->traffic != NULL) {
		vj *tr = vj_set(t, "traffic", vj_arr());
		for (size_t i = 0; sc->traffic[i].sender != NULL; i++) {
			vj *e = vj_push(tr, vj_obj());
			vj_set(e, "sender", vj_str(sc->traffic[i].sender));
			vj_set(e, "plaintext",
			       vj_str(sc->traffic[i].plaintext));
		}
	}
	if (sc->terminate != NULL)
		vj_set(t, "terminate", vj_str(sc->terminate));
	return t;
}

vj *vx_session_group(vj *file, const vx_scenario *sc, const vx_pk *pk)
{
	static const vx_pk no_pk = {4, "none", "none", NULL};
	if (pk == NULL)
		pk = &no_pk;
	vj *groups = vj_get(file, "testGroups");
	for (size_t i = 0; i < groups->n; i++) {
		vj *g = groups->items[i];
		uint64_t m = 0, n = 0;
		const char *alg = vj_get_str(g, "signAlg");
		if (vj_get_int(g, "modp", &m) && m == sc->modp &&
		    vj_get_int(g, "messageCount", &n) && n == pk->messages &&
		    strcmp(vj_get_str(g, "cipher"), sc->cipher) == 0 &&
		    strcmp(vj_get_str(g, "hash"), sc->hash) == 0 &&
		    strcmp(vj_get_str(g, "initPubkey"), pk->init_pk) == 0 &&
		    strcmp(vj_get_str(g, "respPubkey"), pk->resp_pk) == 0 &&
		    (alg == NULL) == (pk->sign_alg == NULL) &&
		    (alg == NULL || strcmp(alg, pk->sign_alg) == 0))
			return g;
	}
	/* A new group: vx_group builds the fields of a 4-message 'none'
	 * group in a scratch file; copy them with this flavour and modes,
	 * and signAlg right after respPubkey (README order). */
	vj *fresh = vj_obj();
	vj_set(fresh, "testGroups", vj_arr());
	vj *g0 = vx_group(fresh, "SessionTest", sc->modp, sc->cipher, sc->hash);
	vj *g = vj_push(groups, vj_obj());
	for (size_t i = 0; i < g0->n; i++) {
		const char *k = g0->keys[i];
		if (strcmp(k, "messageCount") == 0)
			vj_set(g, k, vj_int(pk->messages));
		else if (strcmp(k, "initPubkey") == 0)
			vj_set(g, k, vj_str(pk->init_pk));
		else if (strcmp(k, "respPubkey") == 0) {
			vj_set(g, k, vj_str(pk->resp_pk));
			if (pk->sign_alg != NULL)
				vj_set(g, "signAlg", vj_str(pk->sign_alg));
		} else
			vj_set(g, k, vx_copy(g0->items[i]));
	}
	vj_free(fresh);
	return g;
}

/* Run the inputs and file the result; false on failure. */
bool vx_add_session(vj *file, const vx_scenario *sc, vj *inputs)
{
	return vx_add_session_pk(file, sc, NULL, inputs);
}

bool vx_add_session_pk(vj *file, const vx_scenario *sc, const vx_pk *pk,
                       vj *inputs)
{
	vj *group = vx_session_group(file, sc, pk);
	vj *test = vx_session_run(group, inputs);
	vj_free(inputs);
	if (test == NULL)
		return false;
	vx_add_test(file, group, test);
	return true;
}

static bool add_scenarios(vj *file, const char *name, const vx_scenario *sc,
                          size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t id = vj_get(file, "numberOfTests")->num + 1;
		char label[96];
		snprintf(label, sizeof label, "%s-%llu", name,
		         (unsigned long long)id);
		if (!vx_add_session(
		        file, &sc[i],
		        vx_session_inputs(label, id, &sc[i], "valid")))
			return false;
	}
	return true;
}

static vj *valid_sessions(const char *name)
{
	vj *f = vx_file_new("XEP-0116 4-message ESession, pubkey none, with "
	                    "XEP-0200 traffic",
	                    "Valid whole sessions through the public API.");
	bool ok =
	    add_scenarios(f, name, fixed_scenarios,
	                  sizeof fixed_scenarios / sizeof fixed_scenarios[0]);
	/* Every cipher x hash pair, in group 1 (the cheapest DH). */
	for (size_t c = 0; ok && c < sizeof all_ciphers / sizeof *all_ciphers;
	     c++) {
		for (size_t h = 0; ok && h < 2; h++) {
			bool none = strcmp(all_ciphers[c], "none") == 0;
			vx_scenario sc = {
			    "cipher x hash matrix",
			    1,
			    all_ciphers[c],
			    all_hashes[h],
			    0,
			    traffic_blocks,
			    "alice",
			    none ? FLAGS("FourMessage", "PubkeyNone",
			                 "CipherNone", "MessageStanza",
			                 "Termination")
			         : FLAGS("FourMessage", "PubkeyNone",
			                 "MessageStanza", "PartialBlock",
			                 "SingleBlock", "MultiBlock",
			                 "Termination")};
			ok = add_scenarios(f, name, &sc, 1);
		}
	}
	if (!ok) {
		vj_free(f);
		return NULL;
	}
	return f;
}

static vj *slow_sessions(const char *name)
{
	vj *f = vx_file_new("XEP-0116 4-message ESession, pubkey none, with "
	                    "XEP-0200 traffic",
	                    "Valid whole sessions in MODP groups 17 and 18 "
	                    "(slow: replayed in the 'slow' suite).");
	if (!add_scenarios(f, name, slow_scenarios,
	                   sizeof slow_scenarios / sizeof slow_scenarios[0])) {
		vj_free(f);
		return NULL;
	}
	return f;
}

/* ---- public keys and the 3-message exchange -------------------------- */

/* The flags of a public-key scenario, from its modes (README "Flags"). */
static const char *const *pk_flags(const vx_pk *pk, const char **buf)
{
	size_t n = 0;
	buf[n++] = pk->messages == 3 ? "ThreeMessage" : "FourMessage";
	if (strcmp(pk->init_pk, "key") == 0)
		buf[n++] = "PubkeyKeyA";
	if (strcmp(pk->init_pk, "hash") == 0)
		buf[n++] = "PubkeyHashA";
	if (strcmp(pk->resp_pk, "key") == 0)
		buf[n++] = "PubkeyKeyB";
	if (strcmp(pk->resp_pk, "hash") == 0)
		buf[n++] = "PubkeyHashB";
	buf[n++] =
	    strcmp(pk->sign_alg, "rsa-sha256") == 0 ? "RsaSha256" : "DsaSha256";
	buf[n++] = "MessageStanza";
	buf[n++] = "Termination";
	buf[n] = NULL;
	return buf;
}

/* One row of the public-key tables: the modes, and where the session
 * differs from group 5 / aes128-ctr / sha256 / no secrets. */
typedef struct vx_pk_row {
	vx_pk pk;
	unsigned modp;
	const char *hash;
	unsigned extras;
} vx_pk_row;

static bool add_pk_rows(vj *file, const char *name, const vx_pk_row *rows,
                        size_t n)
{
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		const char *flags[12];
		char comment[160];
		const vx_pk *pk = &rows[i].pk;
		snprintf(comment, sizeof comment,
		         "%u-message, init_pubkey %s, resp_pubkey %s, %s",
		         pk->messages, pk->init_pk, pk->resp_pk, pk->sign_alg);
		vx_scenario sc = {comment,
		                  rows[i].modp,
		                  "aes128-ctr",
		                  rows[i].hash,
		                  rows[i].extras,
		                  traffic_basic,
		                  i % 2 == 0 ? "alice" : "bob",
		                  pk_flags(pk, flags)};
		uint64_t id = vj_get(file, "numberOfTests")->num + 1;
		char label[96];
		snprintf(label, sizeof label, "%s-%llu", name,
		         (unsigned long long)id);
		ok = vx_add_session_pk(
		    file, &sc, pk,
		    vx_session_inputs_pk(label, id, &sc, pk, "valid"));
	}
	return ok;
}

#define RSA "rsa-sha256"
#define DSA "dsa-sha256"

/* Every mode on each side at least once per algorithm, and every pair
 * of modes once per algorithm (spec/ambiguities.md A-"Fingerprint element
 * content", A-"What SIGN signs", A-"Splitting the identity payload"). */
static const vx_pk_row pk_rows[] = {
    {{4, "key", "none", RSA}, 5, "sha256", 0},
    {{4, "none", "key", RSA}, 5, "sha256", 0},
    {{4, "hash", "none", RSA}, 5, "sha256", 0},
    {{4, "none", "hash", RSA}, 5, "sha256", 0},
    {{4, "key", "key", RSA}, 14, "sha256", 0},
    {{4, "hash", "hash", RSA}, 5, "whirlpool", 0},
    {{4, "key", "hash", RSA}, 5, "sha256", RS_SHARED},
    {{4, "hash", "key", RSA}, 5, "sha256", OSS_SET},
    {{4, "key", "none", DSA}, 5, "sha256", 0},
    {{4, "none", "key", DSA}, 5, "sha256", 0},
    {{4, "hash", "none", DSA}, 5, "sha256", 0},
    {{4, "none", "hash", DSA}, 5, "sha256", 0},
    {{4, "key", "key", DSA}, 14, "sha256", 0},
    {{4, "hash", "hash", DSA}, 5, "whirlpool", 0},
    {{4, "key", "hash", DSA}, 5, "sha256", RS_SHARED},
    {{4, "hash", "key", DSA}, 5, "sha256", OSS_SET},
};

/* 3-message: 'none' is not allowed (XEP-0116 §"ESession Request"). */
static const vx_pk_row three_rows[] = {
    {{3, "key", "key", RSA}, 5, "sha256", 0},
    {{3, "hash", "hash", RSA}, 5, "sha256", 0},
    {{3, "key", "hash", RSA}, 14, "sha256", 0},
    {{3, "hash", "key", RSA}, 5, "whirlpool", 0},
    {{3, "key", "key", DSA}, 5, "sha256", 0},
    {{3, "hash", "hash", DSA}, 5, "sha256", 0},
    {{3, "key", "hash", DSA}, 14, "sha256", 0},
    {{3, "hash", "key", DSA}, 5, "whirlpool", 0},
};

static vj *pubkey_sessions(const char *name)
{
	vj *f = vx_file_new("XEP-0116 4-message ESession, public keys, with "
	                    "XEP-0200 traffic",
	                    "Valid whole sessions with public-key "
	                    "identification through the public API.");
	if (!add_pk_rows(f, name, pk_rows, sizeof pk_rows / sizeof *pk_rows)) {
		vj_free(f);
		return NULL;
	}
	return f;
}

static vj *three_sessions(const char *name)
{
	vj *f = vx_file_new("XEP-0116 3-message ESession, with XEP-0200 "
	                    "traffic",
	                    "Valid whole 3-message (SIGMA-I) sessions through "
	                    "the public API.");
	if (!add_pk_rows(f, name, three_rows,
	                 sizeof three_rows / sizeof *three_rows) ||
	    !vx_add_early_sessions(f, name)) {
		vj_free(f);
		return NULL;
	}
	return f;
}

/* sas28x5.json: M_A and form_B of real sessions (the valid session files
 * and extra seeds in group 1), each SAS as the sessions showed it. */
static vj *sas_file(void)
{
	vj *f = vx_file_new("XEP-0116 sas28x5",
	                    "M_A and form_B of real sessions and the SAS "
	                    "both parties showed.");
	bool ok = true;
	for (size_t i = 0; ok && i < 40; i++) {
		const char *hash = i % 4 == 3 ? "whirlpool" : "sha256";
		vx_scenario sc = {"SAS of a real session",
		                  1,
		                  "aes128-ctr",
		                  hash,
		                  0,
		                  NULL,
		                  NULL,
		                  FLAGS("FourMessage", "PubkeyNone")};
		vj *group0 = vx_group(f, "SasTest", 0, "", hash);
		char label[64];
		snprintf(label, sizeof label, "sas28x5-%zu", i + 1);
		vj *in = vx_session_inputs(label, i + 1, &sc, "valid");
		vj *sg = vj_obj();
		vj_set(sg, "modp", vj_int(1));
		vj_set(sg, "cipher", vj_str("aes128-ctr"));
		vj_set(sg, "hash", vj_str(hash));
		vj *run = vx_session_run(sg, in);
		vj_free(sg);
		vj_free(in);
		const vj *inter = vj_get(run, "intermediates");
		ok = inter != NULL;
		if (!ok)
			break;
		vj *t = vj_obj();
		vj_set(t, "tcId", vj_int(vj_get(f, "numberOfTests")->num + 1));
		vj_set(t, "comment", vj_str("SAS of a real 4-message session"));
		vj_set(t, "result", vj_str("valid"));
		vj_set(t, "flags", vj_arr());
		vj_set(t, "MA", vx_copy(vj_get(inter, "MA")));
		vj_set(t, "formB", vx_copy(vj_get(inter, "formB")));
		vj *done = vx_sas_run(group0, t);
		vj_free(t);
		vj_free(run);
		ok = done != NULL;
		if (ok)
			vx_add_test(f, group0, done);
	}
	if (!ok) {
		vj_free(f);
		return NULL;
	}
	return f;
}

/* tcIds in file order (tests are created in table order and then filed
 * by group). The seed of a test names the row it came from, not its
 * tcId, so renumbering changes no other byte. */
static vj *renumber(vj *file)
{
	const vj *groups = file != NULL ? vj_get(file, "testGroups") : NULL;
	uint64_t id = 0;
	for (size_t g = 0; groups != NULL && g < groups->n; g++) {
		const vj *tests = vj_get(groups->items[g], "tests");
		for (size_t t = 0; tests != NULL && t < tests->n; t++)
			vj_get(tests->items[t], "tcId")->num = ++id;
	}
	return file;
}

vj *vx_generate_file(const char *name)
{
	if (strcmp(name, "esession_4msg_none.json") == 0)
		return renumber(valid_sessions(name));
	if (strcmp(name, "esession_4msg_none_slow.json") == 0)
		return renumber(slow_sessions(name));
	if (strcmp(name, "esession_4msg_none_invalid.json") == 0)
		return renumber(vx_invalid_sessions(name));
	if (strcmp(name, "xep0200_stanza.json") == 0)
		return renumber(vx_stanza_file());
	if (strcmp(name, "sas28x5.json") == 0)
		return renumber(sas_file());
	if (strcmp(name, "esession_4msg_pubkey.json") == 0)
		return renumber(pubkey_sessions(name));
	if (strcmp(name, "esession_3msg.json") == 0)
		return renumber(three_sessions(name));
	if (strcmp(name, "esession_pubkey_invalid.json") == 0)
		return renumber(vx_pubkey_invalid(name));
	if (strcmp(name, "esession_rekey.json") == 0)
		return renumber(vx_rekey_file(name));
	if (strcmp(name, "esession_rekey_invalid.json") == 0)
		return renumber(vx_rekey_invalid_file(name));
	return NULL;
}
