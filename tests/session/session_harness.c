/*
 * session_harness.c - see session_harness.h.
 *
 * The wire helpers read and rewrite stanzas with the library's own XML
 * parser and serializer (the tree API, not the session code under test):
 * a tampered stanza is still well-formed XML, so each test reaches the
 * check it aims at instead of the parser.
 */
#include "session_harness.h"

#include "base64.h"
#include "test_util.h"
#include "xml_buf.h"
#include "xml_parse.h"
#include "xml_serialize.h"
#include "xml_tree.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_DATA    "jabber:x:data"
#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define NS_FEATURE "http://jabber.org/protocol/feature-neg"
#define NS_C       "http://www.xmpp.org/extensions/xep-0200.html#ns"

static char *dup_n(const char *s, size_t n)
{
	char *c = malloc(n + 1);
	ck_assert_ptr_nonnull(c);
	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

static char *dup_s(const char *s)
{
	return s != NULL ? dup_n(s, strlen(s)) : NULL;
}

/* ---- parties ---------------------------------------------------------- */

static void party_init(sh_party *p, const char *jid, const sh_opts *o)
{
	memset(p, 0, sizeof *p);
	p->jid = jid;
	ck_assert_status(esession_store_new_memory(&p->store), ESESSION_OK);
	ck_assert_status(esession_config_new(p->store, &p->config),
	                 ESESSION_OK);
	if (o != NULL && o->group != 0)
		ck_assert_status(
		    esession_config_set_groups(p->config, &o->group, 1),
		    ESESSION_OK);
	if (o != NULL && o->cipher != NULL)
		ck_assert_status(
		    esession_config_set_ciphers(p->config, &o->cipher, 1),
		    ESESSION_OK);
	if (o != NULL && o->hash != NULL)
		ck_assert_status(
		    esession_config_set_hashes(p->config, &o->hash, 1),
		    ESESSION_OK);
	if (o != NULL && o->stanzas != 0)
		ck_assert_status(
		    esession_config_set_stanzas(p->config, o->stanzas),
		    ESESSION_OK);
	if (o != NULL && o->deterministic) {
		const char *seed =
		    o->seed != NULL ? o->seed : "session-harness";
		ck_assert_status(
		    esession_config_set_deterministic_rng_for_tests(
		        p->config, (const uint8_t *)seed, strlen(seed)),
		    ESESSION_OK);
	}
	ck_assert_status(esession_router_new(p->config, jid, &p->router),
	                 ESESSION_OK);
}

void sh_party_clear(sh_party *p)
{
	for (size_t i = 0; i < p->n_events; i++) {
		free(p->events[i].stanza);
		free(p->events[i].field);
		free(p->events[i].peer_key_petname);
	}
	p->n_events = 0;
	for (size_t i = 0; i < p->n_out; i++)
		free(p->outbox[i]);
	p->n_out = 0;
}

static void party_free(sh_party *p)
{
	sh_party_clear(p);
	esession_router_free(p->router);
	esession_config_free(p->config);
	esession_store_free(p->store);
	memset(p, 0, sizeof *p);
}

void sh_pair_init(sh_pair *p, const sh_opts *opts)
{
	party_init(&p->alice, SH_ALICE, opts);
	party_init(&p->bob, SH_BOB, opts);
}

void sh_pair_free(sh_pair *p)
{
	party_free(&p->alice);
	party_free(&p->bob);
}

void sh_drain(sh_party *p)
{
	esession_event ev;
	if (p->session == NULL)
		return;
	while (esession_session_next_event(p->session, &ev) == ESESSION_OK) {
		ck_assert_uint_lt(p->n_events, SH_MAX_EVENTS);
		sh_event *e = &p->events[p->n_events++];
		memset(e, 0, sizeof *e);
		e->type = ev.type;
		e->status = ev.status;
		e->field = dup_s(ev.field);
		if (ev.sas != NULL)
			snprintf(e->sas, sizeof e->sas, "%s", ev.sas);
		e->retained_secret_matched = ev.retained_secret_matched;
		e->sas_chain_verified = ev.sas_chain_verified;
		e->peer_key = ev.peer_key;
		e->peer_key_petname = dup_s(ev.peer_key_petname);
		e->warnings = ev.warnings;
		if (ev.stanza != NULL) {
			/* The text is NUL-terminated and stanza_len long. */
			ck_assert_uint_eq(strlen(ev.stanza), ev.stanza_len);
			e->stanza = dup_n(ev.stanza, ev.stanza_len);
		}
		if (ev.type == ESESSION_EVENT_SEND) {
			ck_assert_uint_lt(p->n_out, SH_MAX_OUTBOX);
			p->outbox[p->n_out++] = dup_s(e->stanza);
		}
	}
}

char *sh_take(sh_party *p)
{
	ck_assert_msg(p->n_out > 0, "%s has nothing to send", p->jid);
	char *x = p->outbox[0];
	memmove(p->outbox, p->outbox + 1, (p->n_out - 1) * sizeof *p->outbox);
	p->n_out--;
	return x;
}

/* Insert from='jid' after the root element's name, as a server does. */
static char *stamp_from(const char *xml, const char *jid)
{
	size_t len = strlen(xml);
	size_t name_end = 1;
	while (name_end < len && xml[name_end] != ' ' && xml[name_end] != '>' &&
	       xml[name_end] != '/')
		name_end++;
	size_t add = strlen(" from=''") + strlen(jid);
	char *out = malloc(len + add + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, xml, name_end);
	snprintf(out + name_end, add + 1, " from='%s'", jid);
	memcpy(out + name_end + add, xml + name_end, len - name_end + 1);
	return out;
}

esession_status sh_deliver_as(sh_party *to, const char *from_jid,
                              const char *xml)
{
	char *wire = from_jid != NULL ? stamp_from(xml, from_jid) : dup_s(xml);
	esession_session *s = NULL;
	esession_status st =
	    esession_router_receive(to->router, wire, strlen(wire), &s);
	free(wire);
	if (s != NULL)
		to->session = s;
	sh_drain(to);
	return st;
}

esession_status sh_receive(sh_party *to, const char *from_jid, const char *xml)
{
	char *wire = from_jid != NULL ? stamp_from(xml, from_jid) : dup_s(xml);
	esession_status st =
	    esession_session_receive(to->session, wire, strlen(wire));
	free(wire);
	sh_drain(to);
	return st;
}

esession_status sh_deliver(sh_party *from, sh_party *to, const char *xml)
{
	return sh_deliver_as(to, from->jid, xml);
}

esession_status sh_forward(sh_party *from, sh_party *to)
{
	char *x = sh_take(from);
	esession_status st = sh_deliver(from, to, x);
	free(x);
	return st;
}

void sh_continue_to(sh_pair *p, sh_stage from, sh_stage stage)
{
	for (sh_stage s = from + 1; s <= stage; s++) {
		switch (s) {
		case SH_MSG1_QUEUED:
			ck_assert_status(
			    esession_router_start(p->alice.router, SH_BOB_BARE,
			                          &p->alice.session),
			    ESESSION_OK);
			sh_drain(&p->alice);
			ck_assert_uint_eq(p->alice.n_out, 1);
			break;
		case SH_MSG2_QUEUED:
			ck_assert_status(sh_forward(&p->alice, &p->bob),
			                 ESESSION_OK);
			ck_assert_uint_eq(p->bob.n_out, 1);
			break;
		case SH_MSG3_QUEUED:
			ck_assert_status(sh_forward(&p->bob, &p->alice),
			                 ESESSION_OK);
			ck_assert_uint_eq(p->alice.n_out, 1);
			break;
		case SH_MSG4_QUEUED:
			ck_assert_status(sh_forward(&p->alice, &p->bob),
			                 ESESSION_OK);
			ck_assert_uint_eq(p->bob.n_out, 1);
			break;
		case SH_ACTIVE:
			ck_assert_status(sh_forward(&p->bob, &p->alice),
			                 ESESSION_OK);
			ck_assert_int_eq(sh_state(&p->alice),
			                 ESESSION_STATE_ACTIVE);
			ck_assert_int_eq(sh_state(&p->bob),
			                 ESESSION_STATE_ACTIVE);
			break;
		default: ck_abort_msg("bad stage");
		}
	}
}

void sh_run_to(sh_pair *p, sh_stage stage)
{
	sh_continue_to(p, (sh_stage)0, stage);
}

size_t sh_count(const sh_party *p, esession_event_type type)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_events; i++)
		n += p->events[i].type == type;
	return n;
}

const sh_event *sh_last(const sh_party *p, esession_event_type type)
{
	for (size_t i = p->n_events; i > 0; i--)
		if (p->events[i - 1].type == type)
			return &p->events[i - 1];
	return NULL;
}

esession_state sh_state(const sh_party *p)
{
	return esession_session_state(p->session);
}

/* ---- XML helpers ------------------------------------------------------ */

typedef struct sh_tree {
	es_xml_parser *parser;
	es_xml_doc *doc;
	es_xml_node *root;
} sh_tree;

static void tree_parse(sh_tree *t, const char *xml)
{
	memset(t, 0, sizeof *t);
	ck_assert_status(es_xml_parser_new(&t->parser, NULL), ESESSION_OK);
	ck_assert_status(es_xml_doc_new(&t->doc), ESESSION_OK);
	ck_assert_status(es_xml_parse(t->parser, t->doc, (const uint8_t *)xml,
	                              strlen(xml), &t->root),
	                 ESESSION_OK);
}

static char *tree_serialize(const es_xml_node *node)
{
	es_xml_buf buf;
	es_xml_buf_init(&buf, 0);
	ck_assert_status(es_xml_serialize(node, &buf), ESESSION_OK);
	char *s = dup_n((const char *)buf.data, buf.len);
	es_xml_buf_free(&buf);
	return s;
}

static void tree_free(sh_tree *t)
{
	es_xml_doc_free(t->doc);
	es_xml_parser_free(t->parser);
}

static char *text_of(const es_xml_node *elem)
{
	const char *text = NULL;
	size_t len = 0;
	ck_assert_status(es_xml_text_content(elem, &text, &len), ESESSION_OK);
	return dup_n(text, len);
}

/* Depth-first search for the data-form <field var='var'/>. */
static es_xml_node *find_field(es_xml_node *node, const char *var)
{
	for (es_xml_node *c = es_xml_first_element(node); c != NULL;
	     c = es_xml_next_element(c)) {
		const char *v = es_xml_attr_get(c, "", "var", NULL);
		if (es_xml_is(c, NS_DATA, "field") && v != NULL &&
		    strcmp(v, var) == 0)
			return c;
		es_xml_node *deeper = find_field(c, var);
		if (deeper != NULL)
			return deeper;
	}
	return NULL;
}

static void set_text(es_xml_node *elem, const char *text)
{
	es_xml_node *c;
	while ((c = es_xml_first_child(elem)) != NULL)
		es_xml_detach(c);
	if (text[0] != '\0')
		ck_assert_status(es_xml_add_text(elem, text), ESESSION_OK);
}

char *sh_b64(const uint8_t *data, size_t len)
{
	size_t n = 0;
	ck_assert_status(es_base64_encoded_len(len, &n), ESESSION_OK);
	char *out = malloc(n + 1);
	ck_assert_ptr_nonnull(out);
	ck_assert_status(es_base64_encode(data, len, out, n + 1, NULL),
	                 ESESSION_OK);
	return out;
}

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The base64 text b64 with one bit of its decoded bytes flipped. */
static char *flip_b64(const char *b64, size_t bit)
{
	size_t cap = es_base64_decoded_max_len(strlen(b64));
	uint8_t *raw = malloc(cap + 1);
	size_t n = 0;
	ck_assert_ptr_nonnull(raw);
	ck_assert_status(es_base64_decode(b64, strlen(b64), raw, cap, &n),
	                 ESESSION_OK);
	ck_assert_uint_gt(n, 0);
	bit %= 8 * n;
	raw[bit / 8] ^= (uint8_t)(0x80u >> (bit % 8));
	char *out = sh_b64(raw, n);
	free(raw);
	return out;
}

/* The same bytes with a non-zero padding bit (RFC 4648 §3.5): only
 * possible when the length is not a multiple of 3. */
static char *noncanon_b64(const char *b64)
{
	char *out = dup_s(b64);
	size_t len = strlen(out);
	ck_assert_msg(len >= 4 && out[len - 1] == '=',
	              "value has no padding bits: %s", b64);
	size_t last = out[len - 2] == '=' ? len - 3 : len - 2;
	const char *pos = strchr(b64_alphabet, out[last]);
	ck_assert_ptr_nonnull(pos);
	size_t idx = (size_t)(pos - b64_alphabet);
	ck_assert_uint_eq(idx & 1u, 0); /* canonical on input */
	out[last] = b64_alphabet[idx | 1u];
	return out;
}

char *sh_field_value(const char *xml, const char *var)
{
	sh_tree t;
	tree_parse(&t, xml);
	es_xml_node *f = find_field(t.root, var);
	ck_assert_msg(f != NULL, "no field %s", var);
	es_xml_node *v = es_xml_find_child(f, NS_DATA, "value");
	ck_assert_ptr_nonnull(v);
	char *s = text_of(v);
	tree_free(&t);
	return s;
}

static void edit_value(es_xml_node *v, sh_edit edit, const char *arg,
                       size_t bit)
{
	char *old = text_of(v);
	char *neu = NULL;
	switch (edit) {
	case SH_SET: neu = dup_s(arg); break;
	case SH_FLIP: neu = flip_b64(old, bit); break;
	case SH_NONCANON: neu = noncanon_b64(old); break;
	default: ck_abort_msg("not a value edit");
	}
	set_text(v, neu);
	free(old);
	free(neu);
}

char *sh_edit_field(const char *xml, const char *var, sh_edit edit,
                    const char *arg, size_t bit)
{
	sh_tree t;
	tree_parse(&t, xml);
	es_xml_node *f = find_field(t.root, var);
	ck_assert_msg(f != NULL, "no field %s", var);
	switch (edit) {
	case SH_REMOVE: es_xml_detach(f); break;
	case SH_DUPLICATE: {
		es_xml_node *copy = NULL;
		ck_assert_status(es_xml_copy(t.doc, f, &copy), ESESSION_OK);
		ck_assert_status(es_xml_insert_before(es_xml_parent(f), copy,
		                                      es_xml_next(f)),
		                 ESESSION_OK);
		break;
	}
	case SH_SWAP_OPTIONS: {
		es_xml_node *o1 = es_xml_find_child(f, NS_DATA, "option");
		ck_assert_ptr_nonnull(o1);
		es_xml_node *o2 = es_xml_find_next(o1, NS_DATA, "option");
		ck_assert_ptr_nonnull(o2);
		es_xml_detach(o2);
		ck_assert_status(es_xml_insert_before(f, o2, o1), ESESSION_OK);
		break;
	}
	default: {
		/* The first <value/>, or that of the first <option/> (a
		 * request's list fields). */
		es_xml_node *v = es_xml_find_child(f, NS_DATA, "value");
		if (v == NULL) {
			es_xml_node *o =
			    es_xml_find_child(f, NS_DATA, "option");
			v = o != NULL ? es_xml_find_child(o, NS_DATA, "value")
			              : NULL;
		}
		ck_assert_msg(v != NULL, "field %s has no value", var);
		edit_value(v, edit, arg, bit);
		break;
	}
	}
	char *out = tree_serialize(t.root);
	tree_free(&t);
	return out;
}

char *sh_edit_thread(const char *xml, const char *thread)
{
	sh_tree t;
	tree_parse(&t, xml);
	es_xml_node *th =
	    es_xml_find_child(t.root, es_xml_ns(t.root), "thread");
	ck_assert_ptr_nonnull(th);
	if (thread == NULL)
		es_xml_detach(th);
	else
		set_text(th, thread);
	char *out = tree_serialize(t.root);
	tree_free(&t);
	return out;
}

char *sh_edit_attr(const char *xml, const char *name, const char *value)
{
	sh_tree t;
	tree_parse(&t, xml);
	ck_assert_status(es_xml_set_attr(t.root, "", name, value), ESESSION_OK);
	char *out = tree_serialize(t.root);
	tree_free(&t);
	return out;
}

char *sh_edit_c(const char *xml, const char *child, sh_edit edit,
                const char *arg, size_t bit)
{
	sh_tree t;
	tree_parse(&t, xml);
	es_xml_node *c = es_xml_find_child(t.root, NS_C, "c");
	ck_assert_ptr_nonnull(c);
	es_xml_node *e = es_xml_find_child(c, NS_C, child);
	ck_assert_msg(e != NULL, "no <%s/> in <c/>", child);
	if (edit == SH_REMOVE)
		es_xml_detach(e);
	else
		edit_value(e, edit, arg, bit);
	char *out = tree_serialize(t.root);
	tree_free(&t);
	return out;
}

void sh_error_of(const char *xml, sh_error *out)
{
	memset(out, 0, sizeof *out);
	sh_tree t;
	tree_parse(&t, xml);
	const char *ns = es_xml_ns(t.root);
	const char *a = es_xml_attr_get(t.root, "", "type", NULL);
	snprintf(out->type, sizeof out->type, "%s", a != NULL ? a : "");
	a = es_xml_attr_get(t.root, "", "to", NULL);
	snprintf(out->to, sizeof out->to, "%s", a != NULL ? a : "");
	es_xml_node *th = es_xml_find_child(t.root, ns, "thread");
	if (th != NULL) {
		char *s = text_of(th);
		snprintf(out->thread, sizeof out->thread, "%s", s);
		free(s);
	}
	es_xml_node *err = es_xml_find_child(t.root, ns, "error");
	ck_assert_msg(err != NULL, "not an error stanza: %s", xml);
	for (es_xml_node *c = es_xml_first_element(err); c != NULL;
	     c = es_xml_next_element(c)) {
		if (strcmp(es_xml_ns(c), NS_STANZAS) == 0 &&
		    out->condition[0] == '\0')
			snprintf(out->condition, sizeof out->condition, "%s",
			         es_xml_name(c));
	}
	es_xml_node *feat = es_xml_find_child(err, NS_FEATURE, "feature");
	for (es_xml_node *f = feat != NULL
	                          ? es_xml_find_child(feat, NS_FEATURE, "field")
	                          : NULL;
	     f != NULL; f = es_xml_find_next(f, NS_FEATURE, "field")) {
		const char *var = es_xml_attr_get(f, "", "var", NULL);
		size_t used = strlen(out->fields);
		snprintf(out->fields + used, sizeof out->fields - used, "%s%s",
		         used > 0 ? "," : "", var != NULL ? var : "?");
	}
	tree_free(&t);
}

static char *children_after(const es_xml_node *root, const es_xml_node *skip)
{
	es_xml_buf buf;
	es_xml_buf_init(&buf, 0);
	for (es_xml_node *c = es_xml_first_child(root); c != NULL;
	     c = es_xml_next(c)) {
		if (c == skip || !es_xml_is_element(c))
			continue;
		ck_assert_status(es_xml_serialize(c, &buf), ESESSION_OK);
	}
	char *s = dup_n((const char *)buf.data, buf.len);
	es_xml_buf_free(&buf);
	return s;
}

void sh_assert_plaintext(const char *sent, const char *received,
                         const char *from, const char *to, const char *thread)
{
	sh_tree a, b;
	tree_parse(&a, sent);
	tree_parse(&b, received);
	ck_assert_str_eq(es_xml_name(a.root), es_xml_name(b.root));
	ck_assert_str_eq(es_xml_ns(a.root), es_xml_ns(b.root));
	/* Added by the sender's library and the server. */
	const char *v = es_xml_attr_get(b.root, "", "from", NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v, from);
	v = es_xml_attr_get(b.root, "", "to", NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v, to);
	es_xml_node *th = es_xml_first_element(b.root);
	ck_assert_ptr_nonnull(th);
	ck_assert_str_eq(es_xml_name(th), "thread");
	char *tt = text_of(th);
	ck_assert_str_eq(tt, thread);
	free(tt);
	/* Every other attribute equal, none missing, none extra. */
	ck_assert_uint_eq(es_xml_attr_count(b.root),
	                  es_xml_attr_count(a.root) + 2);
	for (const es_xml_attr *at = es_xml_attr_first(a.root); at != NULL;
	     at = es_xml_attr_next(at)) {
		const char *got = es_xml_attr_get(b.root, es_xml_attr_ns(at),
		                                  es_xml_attr_name(at), NULL);
		ck_assert_msg(got != NULL, "attribute %s lost",
		              es_xml_attr_name(at));
		ck_assert_str_eq(got, es_xml_attr_value(at, NULL));
	}
	/* The content: every element child, in order, serialized. */
	char *ca = children_after(a.root, NULL);
	char *cb = children_after(b.root, th);
	ck_assert_str_eq(ca, cb);
	free(ca);
	free(cb);
	tree_free(&a);
	tree_free(&b);
}
