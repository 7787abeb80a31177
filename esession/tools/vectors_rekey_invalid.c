/*
 * vectors_rekey_invalid.c - esession_rekey_invalid.json: a party receives
 * a re-key it must refuse (vectors/README.md "Re-keying", "Invalid
 * tests"): malformed or out-of-range <key/> values, a <key/> sooner than
 * rekey_freq allows, <new/> counting a <key/> never sent, malformed
 * <new/>. Each tampered stanza is re-sealed: its MAC is recomputed with
 * the sender's KM and counter over the tampered content, so the MAC
 * check passes and the check under test is reached (spec/rekey.md R§2
 * gives the order of the checks).
 *
 * Every test uses `tamper.message` 0: the negotiation completes, the
 * traffic script is emitted but not delivered, and `tamper.deliver` (the
 * sender's stanzas as emitted, the last one tampered) goes to the
 * receiver. The stanzas come from a first run of the same inputs (the
 * "probe"), so they are exactly what the sender emits in the recorded run.
 */
#include "vectors_rekey.h"
#include "vectors_tamper.h"

#include "base64.h"
#include "hash.h"
#include "xml_serialize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* MODP group 1, the 768-bit prime of RFC 2409 §6.1 ("First Oakley
 * Group"); the bases below negotiate it. */
static const char group1_p_hex[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF";

#define P_LEN 96u

static void group1_p(uint8_t p[P_LEN])
{
	for (size_t i = 0; i < P_LEN; i++) {
		unsigned v = 0;
		sscanf(group1_p_hex + 2 * i, "%2x", &v);
		p[i] = (uint8_t)v;
	}
}

/* ---- editing an emitted stanza ------------------------------------- */

/* Insert elem into <c/> at its place in the order data, key, new, old*,
 * mac (MF §7): before the first of `before` present in s. */
static char *insert_before(const char *s, const char *const *before,
                           const char *elem)
{
	for (size_t i = 0; before[i] != NULL; i++) {
		const char *at = strstr(s, before[i]);
		if (at != NULL)
			return vx_splice(s, (size_t)(at - s), (size_t)(at - s),
			                 elem);
	}
	return NULL;
}

/* Recompute <mac/> = HMAC(HASH, KM, m_content | C) over the content as it
 * is now (BS §4), with the sender's KM and counter of entry. */
static char *reseal(const vj *group, const vj *entry, char *s)
{
	vx_algs a;
	vx_xml x = {0};
	uint8_t *km = NULL, *c0 = NULL, mac[ES_HASH_MAX_LEN];
	size_t km_len = 0, c0_len = 0, ma, mb;
	es_xml_buf content;
	es_xml_buf_init(&content, 0);
	char *out = NULL;
	bool ok = s != NULL && vx_algs_of(group, &a) &&
	          vj_get_hex(vj_get(entry, "keys"), "KM", &km, &km_len) &&
	          vj_get_hex(entry, "counter", &c0, &c0_len) &&
	          vx_xml_parse(&x, s) == ESESSION_OK;
	es_xml_node *c = NULL;
	for (es_xml_node *e = ok ? es_xml_first_element(x.root) : NULL;
	     e != NULL; e = es_xml_next_element(e))
		if (strcmp(es_xml_name(e), "c") == 0)
			c = e;
	es_xml_node *m = NULL;
	for (es_xml_node *e = c != NULL ? es_xml_first_element(c) : NULL;
	     e != NULL; e = es_xml_next_element(e))
		if (strcmp(es_xml_name(e), "mac") == 0)
			m = e;
	ok = ok && m != NULL;
	if (ok)
		es_xml_detach(m);
	ok = ok && es_xml_c14n_children(c, &content) == ESESSION_OK;
	es_span parts[2] = {{content.data, content.len}, {c0, c0_len}};
	ok = ok &&
	     es_hmac(a.hash, km, km_len, parts, 2, mac, sizeof mac) ==
	         ESESSION_OK &&
	     vx_element_text_span(s, "mac", &ma, &mb);
	char *t = ok ? vx_b64_of(mac, a.hlen) : NULL;
	if (t != NULL)
		out = vx_splice(s, ma, mb, t);
	free(t);
	es_xml_buf_free(&content);
	vx_xml_free(&x);
	free(km);
	free(c0);
	free(s);
	return out;
}

/* ---- the cases ----------------------------------------------------- */

/* How the `target` stanza of the sender is changed. */
typedef enum edit_kind {
	SET_KEY,    /* replace the text of <key/> */
	ADD_KEY,    /* insert <key>text</key> (text NULL: a copy of the
	               sender's genuine <key/> value) */
	ADD_NEW,    /* insert <new>text</new> */
	DOUBLE_KEY, /* repeat the <key/> element */
} edit_kind;

typedef struct rk_case {
	const char *description;
	edit_kind edit;
	const char *text; /* NULL: from bytes below */
	const char *const *flags;
	int value;     /* SET_KEY with text NULL: which DH value */
	size_t target; /* index among the sender's trafficOut entries */
} rk_case;

enum {
	V_ZERO_OCTET = 1,
	V_ONE,
	V_P_MINUS_1,
	V_P,
	V_P_PLUS_1,
	V_LONG,
	V_LEADING_ZERO
};

/* The text of a DH value v (README "DhRange"), or NULL. genuine: the
 * base64 text of the sender's valid <key/>. */
static char *dh_text(int v, const char *genuine)
{
	uint8_t p[P_LEN + 2];
	group1_p(p);
	static const uint8_t zero = 0, one = 1;
	switch (v) {
	case V_ZERO_OCTET: return vx_b64_of(&zero, 1);
	case V_ONE: return vx_b64_of(&one, 1);
	case V_P_MINUS_1: vx_add_one(p, P_LEN, -1); return vx_b64_of(p, P_LEN);
	case V_P: return vx_b64_of(p, P_LEN);
	case V_P_PLUS_1: vx_add_one(p, P_LEN, +1); return vx_b64_of(p, P_LEN);
	case V_LONG: {
		/* One octet longer than p: 2^768 (greater than p). */
		uint8_t l[P_LEN + 1] = {1};
		return vx_b64_of(l, sizeof l);
	}
	case V_LEADING_ZERO: {
		/* The genuine value with a zero octet in front: not the
		 * canonical mpi (XEP-0116 §"Multiple-Precision Integers"). */
		uint8_t raw[P_LEN + 1] = {0};
		size_t len = 0;
		if (es_base64_decode(genuine, strlen(genuine), raw + 1, P_LEN,
		                     &len) != ESESSION_OK)
			return NULL;
		return vx_b64_of(raw, len + 1);
	}
	default: return NULL;
	}
}

static const char *const before_key[] = {"<new>", "<old>", "<mac>", NULL};
static const char *const before_new[] = {"<old>", "<mac>", NULL};

/* The tampered stanza of case k from the emitted one. */
static char *tampered(const vj *group, const vj *entry, const rk_case *k,
                      const char *genuine_key)
{
	const char *s = vj_get_str(entry, "stanza");
	size_t a, b;
	char *out = NULL, *text = NULL;
	vj_buf elem = {0};
	if (s == NULL)
		return NULL;
	switch (k->edit) {
	case SET_KEY:
		text = k->text != NULL ? strdup(k->text)
		                       : dh_text(k->value, genuine_key);
		if (text != NULL && vx_element_text_span(s, "key", &a, &b))
			out = vx_splice(s, a, b, text);
		break;
	case ADD_KEY:
	case ADD_NEW:
		vx_subst(&elem,
		         k->edit == ADD_KEY ? "<key>%s</key>" : "<new>%s</new>",
		         k->text != NULL ? k->text : genuine_key);
		vj_buf_add(&elem, "", 1);
		out = insert_before(
		    s, k->edit == ADD_KEY ? before_key : before_new, elem.data);
		break;
	case DOUBLE_KEY:
		if (vx_element_text_span(s, "key", &a, &b)) {
			vx_subst(&elem, "<key>%s</key>", genuine_key);
			vj_buf_add(&elem, "", 1);
			out = vx_splice(s, b + strlen("</key>"),
			                b + strlen("</key>"), elem.data);
		}
		break;
	}
	free(text);
	vj_buf_free(&elem);
	return reseal(group, entry, out);
}

/* One base session: a traffic script of the sender, and the cases that
 * tamper with one of its stanzas. */
typedef struct rk_base {
	const char *comment;
	uint32_t freq;
	const vx_rk_step *steps;
	const char *sender;
	const rk_case *cases;
	size_t n_cases;
} rk_base;

#define MSG(text) "<message type='chat'><body>" text "</body></message>"
#define FL(...)   ((const char *const[]){"Rekey", "Tampered", __VA_ARGS__, NULL})

static const vx_rk_step steps_key[] = {{"alice", VX_RK_SEND, MSG("hello")},
                                       {"alice", VX_RK_REKEY, NULL},
                                       {NULL, VX_RK_SEND, NULL}};

/* XEP-0200 §"Re-Key Acceptance" and spec/rekey.md R§2: the <key/> value
 * must be a canonical mpi with 1 < e < p - 1, in strict base64. */
static const rk_case key_cases[] = {
    {"<key/> empty (0 as an empty mpi)", SET_KEY, "",
     FL("DhRange", "StanzaStructure"), 0, 1},
    {"<key/> 0x00 (0 with a zero octet)", SET_KEY, NULL, FL("DhRange"),
     V_ZERO_OCTET, 1},
    {"<key/> 1", SET_KEY, NULL, FL("DhRange"), V_ONE, 1},
    {"<key/> p - 1", SET_KEY, NULL, FL("DhRange"), V_P_MINUS_1, 1},
    {"<key/> p", SET_KEY, NULL, FL("DhRange"), V_P, 1},
    {"<key/> p + 1", SET_KEY, NULL, FL("DhRange"), V_P_PLUS_1, 1},
    {"<key/> one octet longer than p", SET_KEY, NULL, FL("DhRange"), V_LONG, 1},
    {"<key/> with a leading zero octet", SET_KEY, NULL, FL("DhRange"),
     V_LEADING_ZERO, 1},
    {"<key/> not base64", SET_KEY, "!!!!", FL("Base64"), 0, 1},
    {"<key/> with embedded whitespace", SET_KEY, "AAAA AAAA", FL("Base64"), 0,
     1},
    {"<key/> with bad padding", SET_KEY, "AA=", FL("Base64"), 0, 1},
    {"two <key/> elements", DOUBLE_KEY, NULL, FL("StanzaStructure"), 0, 1},
};

/* rekey_freq 3, Alice sends three stanzas, the third with <key/>, then
 * two more. */
static const vx_rk_step steps_soon[] = {
    {"alice", VX_RK_SEND, MSG("1")}, {"alice", VX_RK_SEND, MSG("2")},
    {"alice", VX_RK_REKEY, NULL},    {"alice", VX_RK_SEND, MSG("3")},
    {"alice", VX_RK_SEND, MSG("4")}, {NULL, VX_RK_SEND, NULL}};

/* R§3: the k-th stanza since the negotiation or the sender's last <key/>
 * may carry one only if k >= rekey_freq (3). */
static const rk_case soon_cases[] = {
    {"<key/> in Alice's first stanza, rekey_freq 3", ADD_KEY, NULL,
     FL("RekeyTooSoon"), 0, 0},
    {"<key/> in Alice's second stanza, rekey_freq 3", ADD_KEY, NULL,
     FL("RekeyTooSoon"), 0, 1},
    {"<key/> in Alice's first stanza after her previous <key/>, "
     "rekey_freq 3",
     ADD_KEY, NULL, FL("RekeyTooSoon"), 0, 3},
};

/* Bob answers without having received Alice's <key/> (not delivered). */
static const vx_rk_step steps_new[] = {{"alice", VX_RK_SEND, MSG("hello")},
                                       {"alice", VX_RK_REKEY, NULL},
                                       {"bob", VX_RK_SEND, MSG("hi")},
                                       {"bob", VX_RK_SEND, MSG("again")},
                                       {NULL, VX_RK_SEND, NULL}};

/* XEP-0200 §"Decrypting a Stanza" step 1 and R§4: <new/> counts the
 * <key/>s received since the sender's previous stanza; Alice sent one. */
static const rk_case new_cases[] = {
    {"<new>2</new>: Alice sent one <key/>", ADD_NEW, "2", FL("RekeyNew"), 0, 0},
    {"<new>2</new> in Bob's second stanza: Alice sent one <key/>", ADD_NEW, "2",
     FL("RekeyNew"), 0, 1},
    {"<new>0</new>", ADD_NEW, "0", FL("RekeyMalformed"), 0, 0},
    {"<new/> not a number", ADD_NEW, "one", FL("RekeyMalformed"), 0, 0},
    {"<new/> negative", ADD_NEW, "-1", FL("RekeyMalformed"), 0, 0},
    {"<new/> empty", ADD_NEW, "", FL("RekeyMalformed"), 0, 0},
    {"<new/> 2^32", ADD_NEW, "4294967296", FL("RekeyMalformed"), 0, 0},
    {"<new/> of 30 digits", ADD_NEW, "100000000000000000000000000001",
     FL("RekeyMalformed"), 0, 0},
    {"<new/> with a plus sign", ADD_NEW, "+1", FL("RekeyMalformed"), 0, 0},
    {"<new/> with a leading zero", ADD_NEW, "01", FL("RekeyMalformed"), 0, 0},
    {"<new/> with whitespace", ADD_NEW, " 1", FL("RekeyMalformed"), 0, 0},
};

static const rk_base bases[] = {
    {"malformed <key/>", 1, steps_key, "alice", key_cases,
     sizeof key_cases / sizeof key_cases[0]},
    {"<key/> too soon", 3, steps_soon, "alice", soon_cases,
     sizeof soon_cases / sizeof soon_cases[0]},
    {"<new/> counting a <key/> never sent, malformed <new/>", 1, steps_new,
     "bob", new_cases, sizeof new_cases / sizeof new_cases[0]},
};

/* ---- running the cases --------------------------------------------- */

static vx_rk_row row_of(const rk_base *b, const char *comment,
                        const char *const *flags)
{
	vx_rk_row row = {
	    {comment, 1, "aes128-ctr", "sha256", 0, NULL, NULL, flags},
	    NULL,
	    b->freq,
	    b->freq,
	    b->steps};
	return row;
}

static vj *tamper_of(const char *receiver, const char *description, vj *deliver)
{
	vj *t = vj_obj();
	vj_set(t, "receiver", vj_str(receiver));
	vj_set(t, "message", vj_int(0));
	vj_set(t, "description", vj_str(description));
	vj_set(t, "deliver", deliver);
	return t;
}

/* The sender's trafficOut entries of the probe run, in emission order,
 * and the base64 text of its first <key/>. */
typedef struct probe {
	vj *run;
	const vj *entries[16];
	size_t n;
	char *key_text;
} probe;

static bool run_probe(vj *file, const rk_base *b, const char *label,
                      const char *receiver, probe *pr)
{
	vx_rk_row row = row_of(b, "probe", b->cases[0].flags);
	vj *in = vx_rekey_inputs(label, 1, &row, "invalid");
	vj_set(in, "tamper", tamper_of(receiver, "probe", vj_arr()));
	pr->run = vx_session_run(vx_session_group(file, &row.sc, NULL), in);
	vj_free(in);
	const vj *out = vj_get(pr->run, "trafficOut");
	for (size_t i = 0; out != NULL && i < out->n && pr->n < 16; i++) {
		const vj *e = out->items[i];
		const char *sender = vj_get_str(e, "sender");
		if (sender == NULL || strcmp(sender, b->sender) != 0)
			continue;
		pr->entries[pr->n++] = e;
		size_t a, z;
		const char *st = vj_get_str(e, "stanza");
		if (pr->key_text == NULL && vj_get(e, "key") != NULL &&
		    vx_element_text_span(st, "key", &a, &z))
			pr->key_text = strndup(st + a, z - a);
	}
	if (pr->run == NULL)
		fprintf(stderr, "rekey invalid: probe of '%s' failed\n",
		        b->comment);
	return pr->run != NULL;
}

static bool add_case(vj *file, vj *group, const rk_base *b, const char *label,
                     const char *receiver, const probe *pr, const rk_case *k)
{
	/* Cases that copy the sender's genuine <key/> need one. */
	bool needs_key = k->edit == DOUBLE_KEY ||
	                 (k->edit == ADD_KEY && k->text == NULL) ||
	                 (k->edit == SET_KEY && k->value == V_LEADING_ZERO);
	if (k->target >= pr->n || (needs_key && pr->key_text == NULL)) {
		fprintf(stderr, "rekey invalid: '%s' has no target\n",
		        k->description);
		return false;
	}
	vj *deliver = vj_arr();
	for (size_t i = 0; i < k->target; i++)
		vj_push(deliver, vj_str(vj_get_str(pr->entries[i], "stanza")));
	char *bad = tampered(group, pr->entries[k->target], k, pr->key_text);
	if (bad == NULL) {
		vj_free(deliver);
		fprintf(stderr, "rekey invalid: '%s' not built\n",
		        k->description);
		return false;
	}
	vj_push(deliver, vj_str(bad));
	free(bad);
	char comment[200];
	snprintf(comment, sizeof comment, "%s: %s", b->comment, k->description);
	vx_rk_row row = row_of(b, comment, k->flags);
	vj *in = vx_rekey_inputs(label, vj_get(file, "numberOfTests")->num + 1,
	                         &row, "invalid");
	vj_set(in, "tamper", tamper_of(receiver, k->description, deliver));
	vj *test = vx_session_run(group, in);
	vj_free(in);
	/* A tampered stanza the library accepts is no negative vector: a
	 * defect of this table (or of the library), reported, not filed. */
	const char *status = vj_get_str(vj_get(test, "expected"), "status");
	if (status == NULL || strcmp(status, "ESESSION_OK") == 0) {
		vj_free(test);
		fprintf(stderr, "rekey invalid: '%s' accepted\n", comment);
		return false;
	}
	vx_add_test(file, group, test);
	return true;
}

vj *vx_rekey_invalid_file(const char *name)
{
	vj *f = vx_file_new("XEP-0200 re-keying in whole sessions: invalid",
	                    "Re-key stanzas a party must refuse, re-sealed "
	                    "with the sender's KM so that the MAC verifies.");
	bool ok = true;
	for (size_t i = 0; ok && i < sizeof bases / sizeof bases[0]; i++) {
		const rk_base *b = &bases[i];
		const char *receiver =
		    strcmp(b->sender, "alice") == 0 ? "bob" : "alice";
		char label[96];
		snprintf(label, sizeof label, "%s-base%zu", name, i + 1);
		probe pr = {0};
		vx_rk_row row = row_of(b, "", NULL);
		vj *group = vx_session_group(f, &row.sc, NULL);
		ok = run_probe(f, b, label, receiver, &pr);
		for (size_t j = 0; ok && j < b->n_cases; j++)
			ok = add_case(f, group, b, label, receiver, &pr,
			              &b->cases[j]);
		vj_free(pr.run);
		free(pr.key_text);
	}
	if (!ok) {
		vj_free(f);
		return NULL;
	}
	return f;
}
