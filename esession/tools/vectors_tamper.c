/*
 * vectors_tamper.c - esession_4msg_none_invalid.json: every field of every
 * message of one 4-message base session tampered, and its encrypted
 * stanzas replayed, dropped, reordered and edited (vectors/README.md
 * "Invalid tests"). The expected status, error and field are what the
 * receiving library reports; a tampering the library accepts is not a
 * negative vector and is left out (the count is printed).
 */
#include "vectors_tamper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the invalid session file
 * -------------------------------------------------- */

static const vx_traffic traffic_three[] = {
    {"alice", "<message type='chat'><body>one</body></message>"},
    {"alice", "<message type='chat'><body>two</body></message>"},
    {"alice", "<message type='chat'><body>three</body></message>"},
    {NULL, NULL}};

static const vx_scenario base_neg = {
    "",           5,
    "aes128-ctr", "sha256",
    RS_SHARED,    NULL,
    NULL,         FLAGS("FourMessage", "PubkeyNone", "RetainedSecret")};
static const vx_scenario base_traffic = {
    "",           5,
    "aes128-ctr", "sha256",
    RS_SHARED,    traffic_three,
    NULL,         FLAGS("FourMessage", "PubkeyNone", "RetainedSecret")};

#define BASE_LABEL "invalid-base"

void vx_add_tampered(vx_tamper_job *job, const vx_scenario *sc, int k,
                     const char *receiver, const vx_variant *v, vj *deliver)
{
	vj *file = job->file;
	uint64_t id = vj_get(file, "numberOfTests")->num + 1;
	vj *in = vx_session_inputs_pk(job->label, id, sc, job->pk, "invalid");
	char comment[200];
	snprintf(comment, sizeof comment, "message %d: %s", k, v->desc);
	if (k == 0)
		snprintf(comment, sizeof comment, "traffic: %s", v->desc);
	/* Replace comment and flags. */
	for (size_t i = 0; i < in->n; i++) {
		if (strcmp(in->keys[i], "comment") == 0) {
			vj_free(in->items[i]);
			in->items[i] = vj_str(comment);
		} else if (strcmp(in->keys[i], "flags") == 0) {
			vj *f = in->items[i];
			vj_push(f,
			        vj_str(v->flag != NULL ? v->flag : "Tampered"));
		}
	}
	vj *t = vj_set(in, "tamper", vj_obj());
	vj_set(t, "receiver", vj_str(receiver));
	vj_set(t, "message", vj_int((uint64_t)k));
	vj_set(t, "description", vj_str(v->desc));
	vj_set(t, "deliver", deliver);
	vj *group = vx_session_group(file, sc, job->pk);
	vj *test = vx_session_run(group, in);
	vj_free(in);
	if (test == NULL) {
		job->failed = true;
		return;
	}
	const char *status = vj_get_str(vj_get(test, "expected"), "status");
	if (status != NULL && strcmp(status, "ESESSION_OK") == 0) {
		job->dropped++;
		fprintf(stderr,
		        "vectors: accepted, not a negative vector: %s\n",
		        comment);
		vj_free(test);
		return;
	}
	vx_add_test(file, group, test);
}

static void add_one_stanza(vx_tamper_job *job, int k, const char *receiver,
                           const vx_variant *v)
{
	vj *d = vj_arr();
	vj_push(d, vj_str(v->stanza));
	vx_add_tampered(job, &base_neg, k, receiver, v, d);
}

static void negotiation_cases(vx_tamper_job *job, const vj *base)
{
	const vj *msgs = vj_get(base, "messages");
	const vj *rnd = vj_get(base, "random");
	uint8_t *n_a = NULL, *n_b = NULL;
	size_t n_a_len = 0, n_b_len = 0;
	(void)vj_get_hex(rnd, "nA", &n_a, &n_a_len);
	(void)vj_get_hex(rnd, "nB", &n_b, &n_b_len);
	char *n_a_b64 = vx_b64_of(n_a, n_a_len),
	     *n_b_b64 = vx_b64_of(n_b, n_b_len);
	for (int k = 1; msgs != NULL && k <= 4 && !job->failed; k++) {
		const char *s = vj_get_str(msgs->items[k - 1], "stanza");
		const char *receiver = k % 2 ? "bob" : "alice";
		vx_variants vs = {0};
		vx_xml x = {0};
		if (vx_xml_parse(&x, s) == ESESSION_OK) {
			es_xml_node *form = vx_form_of(x.root);
			for (es_xml_node *f = es_xml_first_element(form);
			     f != NULL; f = es_xml_next_element(f)) {
				const char *var =
				    es_xml_attr_get(f, "", "var", NULL);
				if (var == NULL)
					continue;
				vx_field_variants(&vs, s, var);
				for (size_t i = 0; i < vs.n; i++)
					add_one_stanza(job, k, receiver,
					               &vs.v[i]);
				vx_variants_free(&vs);
			}
		}
		vx_xml_free(&x);
		if (k == 2 || k == 3)
			vx_dh_variants(&vs, s, k == 3);
		vx_envelope_variants(&vs, s, k);
		vx_nonce_variants(&vs, s, k, n_a_b64, n_b_b64);
		for (size_t i = 0; i < vs.n; i++)
			add_one_stanza(job, k, receiver, &vs.v[i]);
		vx_variants_free(&vs);
	}
	free(n_a);
	free(n_b);
	free(n_a_b64);
	free(n_b_b64);
}

/* Edit the <mac/> or <data/> text of an encrypted stanza. */
static char *edit_c(const char *s, const char *child, const char *text)
{
	size_t a, b;
	if (!vx_element_text_span(s, child, &a, &b))
		return NULL;
	return vx_splice(s, a, b, text);
}

static char *resize_c(const char *s, const char *child, int delta)
{
	size_t a, b, len = 0;
	if (!vx_element_text_span(s, child, &a, &b))
		return NULL;
	uint8_t *raw = vx_decode_span(s, a, b, &len);
	if (raw == NULL)
		return NULL;
	uint8_t *r2 = realloc(raw, len + 1);
	if (r2 == NULL) {
		free(raw);
		return NULL;
	}
	if (delta > 0)
		r2[len] = 0x00;
	char *t = vx_b64_of(r2, delta > 0 ? len + 1 : len - 1);
	char *out = t != NULL ? vx_splice(s, a, b, t) : NULL;
	free(t);
	free(r2);
	return out;
}

/* Deliver lists made of the base traffic s1, s2, s3 and one edit. */
static void traffic_cases(vx_tamper_job *job, const vj *base)
{
	const vj *out = vj_get(base, "trafficOut");
	if (out == NULL || out->n < 3) {
		job->failed = true;
		return;
	}
	const char *s[3];
	for (int i = 0; i < 3; i++)
		s[i] = vj_get_str(out->items[i], "stanza");
	static const struct {
		const char *desc, *flag;
		int seq[3]; /* indexes of s to deliver; -1 ends */
	} orders[] = {
	    {"s1 delivered twice", "Replay", {0, 0, -1}},
	    {"s1, s2, then s1 again", "Replay", {0, 1, 0}},
	    {"s2 delivered before s1", "Reorder", {1, -1, -1}},
	    {"s1, then s3: s2 dropped", "Drop", {0, 2, -1}},
	    {"s3 first: s1 and s2 dropped", "Drop", {2, -1, -1}},
	};
	for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
		vj *d = vj_arr();
		for (int j = 0; j < 3 && orders[i].seq[j] >= 0; j++)
			vj_push(d, vj_str(s[orders[i].seq[j]]));
		vx_variant v = {NULL, "", orders[i].flag};
		snprintf(v.desc, sizeof v.desc, "%s", orders[i].desc);
		vx_add_tampered(job, &base_traffic, 0, "bob", &v, d);
	}
	/* Edits of s1, delivered alone. */
	char *mac_b64 = NULL;
	size_t a, b;
	if (vx_element_text_span(s[0], "mac", &a, &b))
		mac_b64 = strndup(s[0] + a, b - a);
	char spaced[200];
	snprintf(spaced, sizeof spaced, "%.4s %s", mac_b64 ? mac_b64 : "",
	         mac_b64 ? mac_b64 + 4 : "");
	struct edit {
		char *stanza;
		const char *desc, *flag;
	} edits[] = {
	    {vx_flip_element(s[0], "mac", 0, 0x80), "s1: MAC bit flipped",
	     "Tampered"},
	    {resize_c(s[0], "mac", -1), "s1: MAC truncated by one byte",
	     "MacLength"},
	    {resize_c(s[0], "mac", +1), "s1: MAC extended by one byte",
	     "MacLength"},
	    {edit_c(s[0], "mac", ""), "s1: MAC empty", "MacLength"},
	    {edit_c(s[0], "mac", spaced), "s1: MAC base64 with a space",
	     "Base64"},
	    {vx_flip_element(s[0], "data", 0, 0x80),
	     "s1: ciphertext bit flipped", "Tampered"},
	    {resize_c(s[0], "data", -1), "s1: ciphertext truncated",
	     "Tampered"},
	    {resize_c(s[0], "data", +1), "s1: ciphertext extended", "Tampered"},
	    {edit_c(s[0], "data", "AAAA"), "s1: ciphertext replaced",
	     "Tampered"},
	    {strndup(s[0], strlen(s[0]) - 12), "s1: stanza truncated",
	     "StanzaStructure"},
	    {NULL, NULL, NULL}};
	/* <mac/> removed; an unknown child in <c/>; <c/> removed. */
	if (vx_element_text_span(s[0], "mac", &a, &b))
		edits[10] =
		    (struct edit){vx_splice(s[0], a - strlen("<mac>"),
		                            b + strlen("</mac>"), ""),
		                  "s1: <mac/> removed", "StanzaStructure"};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		if (edits[i].stanza == NULL)
			continue;
		vj *d = vj_arr();
		vj_push(d, vj_str(edits[i].stanza));
		vx_variant v = {NULL, "", edits[i].flag};
		snprintf(v.desc, sizeof v.desc, "%s", edits[i].desc);
		vx_add_tampered(job, &base_traffic, 0, "bob", &v, d);
		free(edits[i].stanza);
	}
	/* An unencrypted stanza of a negotiated kind (A-"Plaintext stanzas
	 * inside a session"). */
	vj *d = vj_arr();
	vj_push(d, vj_str("<message type=\"chat\" to=\"bob@example.com/"
	                  "laptop\"><thread>" BASE_LABEL "</thread><body>in "
	                  "clear</body></message>"));
	vx_variant v = {NULL, "an unencrypted message on the session's thread",
	                "StanzaStructure"};
	vx_add_tampered(job, &base_traffic, 0, "bob", &v, d);
	free(mac_b64);
}

vj *vx_invalid_sessions(const char *name)
{
	(void)name;
	vx_tamper_job job = {
	    vx_file_new("XEP-0116 4-message ESession, pubkey none, with "
	                "XEP-0200 traffic",
	                "Invalid: one base session (seed 'esession "
	                "vectors/" BASE_LABEL "') with one message or "
	                "stanza tampered per test."),
	    0, false, BASE_LABEL, NULL};
	vj *in = vx_session_inputs(BASE_LABEL, 0, &base_traffic, "valid");
	vj *group = vj_obj();
	vj_set(group, "modp", vj_int(5));
	vj_set(group, "cipher", vj_str("aes128-ctr"));
	vj_set(group, "hash", vj_str("sha256"));
	vj *base = vx_session_run(group, in);
	vj_free(in);
	vj_free(group);
	if (base == NULL) {
		vj_free(job.file);
		return NULL;
	}
	negotiation_cases(&job, base);
	if (!job.failed)
		traffic_cases(&job, base);
	vj_free(base);
	fprintf(stderr,
	        "vectors: %s: %zu tamperings accepted by the library "
	        "(left out)\n",
	        name, job.dropped);
	if (job.failed) {
		vj_free(job.file);
		return NULL;
	}
	return job.file;
}
