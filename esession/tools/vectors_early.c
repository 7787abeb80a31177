/*
 * vectors_early.c - Alice's encrypted content and 'terminate' in the
 * 3-message completion (XEP-0116 §"Sending Alice's Identity": "Alice MAY
 * also send encrypted content ... in the same stanza as the proof of her
 * identity"; "If Alice also includes a 'terminate' field ... the ESession
 * is terminated immediately"). vectors/README.md "3-message" defines the
 * fields; spec/ambiguities.md A-"Encrypted content and 'terminate' in the
 * 3-message completion" and A-"Content that the negotiated parameters do
 * not allow" the behaviour the vectors pin.
 */
#include "vectors_early.h"

#include <stdio.h>
#include <string.h>

/* earlyTerminate: absent = false; anything but a JSON boolean is refused
 * (README: optional fields are absent, never null). */
static bool early_terminate(const vj *test, bool *out)
{
	const vj *v = vj_get(test, "earlyTerminate");
	*out = v != NULL && v->type == VJ_BOOL && v->num != 0;
	return v == NULL || v->type == VJ_BOOL;
}

bool vx_early_queue(const vj *test, esession_session *alice)
{
	const char *content = vj_get_str(test, "earlyContent");
	bool terminate = false;
	if (!early_terminate(test, &terminate))
		return vx_failed(test, "earlyTerminate is not a boolean");
	if (content == NULL)
		return terminate ? vx_failed(test, "earlyTerminate without "
		                                   "earlyContent")
		                 : true;
	/* Kept by the session, no SEND yet (esession.h,
	 * esession_session_encrypt). */
	esession_status st =
	    esession_session_encrypt(alice, content, strlen(content));
	if (st == ESESSION_OK && terminate)
		st = esession_session_terminate(alice);
	if (st != ESESSION_OK)
		return vx_failed(test, "early %s: %s",
		                 terminate ? "content or terminate" : "content",
		                 vx_status_name(st));
	return true;
}

/* Whether the stanza has a <c/> child (XEP-0200 §"Encryptable
 * Content"). */
static bool has_c(const char *stanza)
{
	vx_xml x = {0};
	bool found = false;
	if (vx_xml_parse(&x, stanza) == ESESSION_OK)
		for (es_xml_node *n = es_xml_first_element(x.root);
		     n != NULL && !found; n = es_xml_next_element(n))
			found = strcmp(es_xml_name(n), "c") == 0;
	vx_xml_free(&x);
	return found;
}

/* With object encryption nothing may follow message 3: no traffic, no
 * terminate (and so no acknowledgement); both sessions ended. Without
 * it, both go on. */
static bool check_ending(const vj *test, bool terminate,
                         const vx_early_seen *seen)
{
	const vj *traffic = vj_get(test, "traffic");
	if (terminate && ((traffic != NULL && traffic->n != 0) ||
	                  vj_get(test, "terminate") != NULL))
		return vx_failed(test, "traffic or terminate after object "
		                       "encryption");
	if (seen->alice_ended != terminate || seen->bob_ended != terminate)
		return vx_failed(test,
		                 "after message 3: Alice %s, Bob %s, "
		                 "expected both %s",
		                 seen->alice_ended ? "ended" : "active",
		                 seen->bob_ended ? "ended" : "active",
		                 terminate ? "ended" : "active");
	return true;
}

bool vx_early_observe(const vj *test, vx_rekey_obs *rko, vx_dirs *dirs,
                      const char *msg3, const vx_early_seen *seen, vj **out,
                      vj **unsent)
{
	const char *content = vj_get_str(test, "earlyContent");
	bool terminate = false;
	*out = *unsent = NULL;
	(void)early_terminate(test, &terminate);
	if (content == NULL)
		return seen->delivered == NULL && seen->unsent == NULL
		           ? check_ending(test, false, seen)
		           : vx_failed(test, "early content without input");
	if (!check_ending(test, terminate, seen))
		return false;
	if (seen->unsent != NULL) {
		/* A-"Content that the negotiated parameters do not allow":
		 * message 3 goes without <c/>, the stanza comes back exactly
		 * as given, with the encryption's refusal. */
		if (seen->delivered != NULL || has_c(msg3) ||
		    strcmp(seen->unsent, content) != 0)
			return vx_failed(test, "early content both given back "
			                       "and delivered, or changed");
		*unsent = vj_str(vx_status_name(seen->unsent_status));
		return true;
	}
	if (seen->delivered == NULL)
		return vx_failed(test, "early content neither delivered nor "
		                       "given back");
	/* MF §3 row "3": KC_A from the counter after ID_A, i.e. Alice's first
	 * XEP-0200 stanza; the re-key model sees it as one (it carries no
	 * <key/>). The <feature/> before <c/> is a clear child. */
	vj *e = vj_obj();
	vj_set(e, "sender", vj_str("alice"));
	vj_set(e, "kind", vj_str("message"));
	bool ok = vx_rekey_obs_sent(rko, test, dirs, 0, msg3, false, e);
	/* vx_rekey_obs_received reads the stanza from the entry; the
	 * recorded object has none (message 3 is in `messages`). */
	vj_set(e, "stanza", vj_str(msg3));
	ok = ok && vx_rekey_obs_received(rko, test, dirs, 0, e);
	vj *rec = vj_obj();
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->keys[i], "stanza") != 0)
			vj_set(rec, e->keys[i], vx_copy(e->items[i]));
	vj_set(rec, "delivered", vj_str(seen->delivered));
	vj_free(e);
	if (!ok) {
		vj_free(rec);
		return false;
	}
	*out = rec;
	return true;
}

/* ---- the scenarios ------------------------------------------------------ */

typedef struct vx_early_row {
	vx_pk pk;
	unsigned modp;
	const char *hash;
	const char *comment;
	const char *content; /* earlyContent */
	bool terminate;      /* earlyTerminate */
	bool bob_presence;   /* Bob encrypts <presence/> only */
	const vx_traffic *traffic;
	const char *end; /* `terminate` after the traffic, or NULL */
	const char *const *flags;
} vx_early_row;

/* Wrapper attributes stay on message 3 (A-"Shape of message 3 with
 * content"); the second payload spans several blocks. Each row makes a
 * group of its own (after the eight of three_rows), so that the tcIds of
 * the earlier tests do not move. */
static const vx_early_row early_rows[] = {
    {{3, "key", "key", "rsa-sha256"},
     14,
     "sha256",
     "3-message, message 3 carries Alice's first stanza, then traffic",
     "<message type='chat' id='m3'><body>Sent with my identity.</body>"
     "</message>",
     false,
     false,
     traffic_basic,
     "bob",
     FLAGS("ThreeMessage", "PubkeyKeyA", "PubkeyKeyB", "RsaSha256",
           "MessageStanza", "Termination", "EarlyContent")},
    {{3, "hash", "hash", "dsa-sha256"},
     5,
     "whirlpool",
     "3-message object encryption: message 3 carries a stanza and "
     "terminate, the session ends with it",
     "<message type='chat'><body>One message, then the session is over: "
     "object encryption.</body></message>",
     true,
     false,
     NULL,
     NULL,
     FLAGS("ThreeMessage", "PubkeyHashA", "PubkeyHashB", "DsaSha256",
           "MessageStanza", "EarlyContent", "ObjectEncryption")},
    {{3, "key", "hash", "rsa-sha256"},
     5,
     "whirlpool",
     "3-message with terminate; Bob encrypts presence only, so the "
     "message is given back and message 3 carries terminate alone",
     "<message type='chat'><body>Not for this session.</body></message>",
     true,
     true,
     NULL,
     NULL,
     FLAGS("ThreeMessage", "PubkeyKeyA", "PubkeyHashB", "RsaSha256",
           "ObjectEncryption")},
};

/* Replace bob.stanzas by ["presence"] (XEP-0116 'stanzas': Bob selects
 * among Alice's offer). */
static void bob_presence_only(vj *inputs)
{
	vj *bob = vj_get(inputs, "bob");
	for (size_t i = 0; bob != NULL && i < bob->n; i++) {
		if (strcmp(bob->keys[i], "stanzas") != 0)
			continue;
		vj_free(bob->items[i]);
		bob->items[i] = vj_arr();
		vj_push(bob->items[i], vj_str("presence"));
	}
}

bool vx_add_early_sessions(vj *file, const char *name)
{
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof early_rows / sizeof *early_rows;
	     i++) {
		const vx_early_row *row = &early_rows[i];
		vx_scenario sc = {row->comment, row->modp, "aes128-ctr",
		                  row->hash,    0,         row->traffic,
		                  row->end,     row->flags};
		uint64_t id = vj_get(file, "numberOfTests")->num + 1;
		char label[96];
		snprintf(label, sizeof label, "%s-%llu", name,
		         (unsigned long long)id);
		vj *in =
		    vx_session_inputs_pk(label, id, &sc, &row->pk, "valid");
		vj_set(in, "earlyContent", vj_str(row->content));
		if (row->terminate)
			vj_set(in, "earlyTerminate", vj_bool(true));
		if (row->bob_presence)
			bob_presence_only(in);
		ok = vx_add_session_pk(file, &sc, &row->pk, in);
	}
	return ok;
}
