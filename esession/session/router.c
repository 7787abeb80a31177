/*
 * router.c - the sessions of one local client, found by (peer, thread)
 * (DESIGN.md "API principles": offer a small router so an application
 * does not re-implement that lookup).
 *
 * A linear table: a client holds a handful of sessions; the lookup costs
 * two string comparisons per session.
 */
#include "session_internal.h"

#include <stdlib.h>
#include <string.h>

struct esession_router {
	const esession_config *config; /* borrowed */
	char *local_jid;
	esession_session **sessions;
	size_t count;
	size_t capacity;
	es_xml_parser *parser; /* to read thread and from before routing */
	es_xml_doc *doc;
};

/* Upper bound on live sessions of one router: a peer flooding requests
 * on fresh threads cannot make it grow without limit. */
#define ES_ROUTER_MAX_SESSIONS 1024u

esession_status esession_router_new(const esession_config *config,
                                    const char *local_jid,
                                    esession_router **out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	*out = NULL;
	ES_ENSURE(config != NULL && local_jid != NULL && local_jid[0] != '\0',
	          ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	esession_router *r = calloc(1, sizeof *r);
	ES_ENSURE(r != NULL, ESESSION_ENOMEM);
	r->config = config;
	esession_status st = ESESSION_ENOMEM;
	r->local_jid = malloc(strlen(local_jid) + 1);
	if (r->local_jid == NULL)
		goto out;
	memcpy(r->local_jid, local_jid, strlen(local_jid) + 1);
	st = es_xml_parser_new(&r->parser, NULL);
	if (st == ESESSION_OK)
		st = es_xml_doc_new(&r->doc);
	if (st == ESESSION_OK) {
		*out = r;
		return ESESSION_OK;
	}
out:
	esession_router_free(r);
	return st;
}

void esession_router_free(esession_router *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->count; i++)
		esession_session_free(r->sessions[i]);
	free(r->sessions);
	free(r->local_jid);
	es_xml_parser_free(r->parser);
	es_xml_doc_free(r->doc);
	free(r);
}

static esession_status router_add(esession_router *r, esession_session *s)
{
	if (r->count == r->capacity) {
		size_t cap = r->capacity == 0 ? 8 : r->capacity * 2;
		ES_ENSURE(cap <= ES_ROUTER_MAX_SESSIONS, ESESSION_ENOMEM);
		esession_session **grown =
		    realloc(r->sessions, cap * sizeof *grown);
		ES_ENSURE(grown != NULL, ESESSION_ENOMEM);
		r->sessions = grown;
		r->capacity = cap;
	}
	r->sessions[r->count++] = s;
	return ESESSION_OK;
}

esession_status esession_router_start(esession_router *r, const char *peer_jid,
                                      esession_session **out)
{
	ES_ENSURE(r != NULL && out != NULL, ESESSION_EINVAL);
	*out = NULL;
	esession_session *s = NULL;
	ES_GUARD(esession_session_new_initiator(r->config, r->local_jid,
	                                        peer_jid, NULL, &s));
	esession_status st = esession_session_start(s);
	if (st == ESESSION_OK)
		st = router_add(r, s);
	if (st != ESESSION_OK) {
		esession_session_free(s);
		return st;
	}
	*out = s;
	return ESESSION_OK;
}

/* The session for (from, thread): a bound session matches the full JID,
 * an unbound one (Alice before Bob's reply) the bare JID. */
static esession_session *router_find(const esession_router *r, const char *from,
                                     const char *thread)
{
	const char *slash = strchr(from, '/');
	size_t bare_len = slash != NULL ? (size_t)(slash - from) : strlen(from);
	for (size_t i = 0; i < r->count; i++) {
		const esession_session *s = r->sessions[i];
		if (strcmp(s->thread, thread) != 0)
			continue;
		if (s->peer_bound ? strcmp(s->peer_jid, from) == 0
		                  : (strlen(s->peer_bare) == bare_len &&
		                     memcmp(s->peer_bare, from, bare_len) == 0))
			return r->sessions[i];
	}
	return NULL;
}

esession_status esession_router_receive(esession_router *r, const char *stanza,
                                        size_t len, esession_session **out)
{
	ES_ENSURE(r != NULL && stanza != NULL && out != NULL, ESESSION_EINVAL);
	*out = NULL;
	es_xml_node *root = NULL;
	es_neg_stanza_info info;
	es_xml_doc_reset(r->doc);
	ES_GUARD(es_xml_parse(r->parser, r->doc, (const uint8_t *)stanza, len,
	                      &root));
	ES_GUARD(es_neg_classify(root, &info));
	ES_ENSURE(info.from != NULL && info.thread != NULL,
	          ESESSION_ENOT_ESESSION);

	esession_session *s = router_find(r, info.from, info.thread);
	if (s != NULL) {
		*out = s;
		return esession_session_receive(s, stanza, len);
	}
	/* A new thread: only an ESession request opens a session. */
	if (info.kind != ES_NEG_KIND_REQ4 && info.kind != ES_NEG_KIND_REQ3 &&
	    info.kind != ES_NEG_KIND_REQ_BAD)
		return ESESSION_ENOT_ESESSION;
	if (r->count >= ES_ROUTER_MAX_SESSIONS)
		esession_router_prune(r);
	ES_ENSURE(r->count < ES_ROUTER_MAX_SESSIONS, ESESSION_ENOMEM);
	esession_status st = esession_session_new_responder(
	    r->config, r->local_jid, stanza, len, &s);
	if (s == NULL)
		return st;
	esession_status add = router_add(r, s);
	if (add != ESESSION_OK) {
		esession_session_free(s);
		return add;
	}
	*out = s;
	return st;
}

esession_status esession_router_remove(esession_router *r, esession_session *s)
{
	ES_ENSURE(r != NULL && s != NULL, ESESSION_EINVAL);
	for (size_t i = 0; i < r->count; i++) {
		if (r->sessions[i] == s) {
			esession_session_free(s);
			r->sessions[i] = r->sessions[--r->count];
			return ESESSION_OK;
		}
	}
	return ESESSION_EINVAL;
}

size_t esession_router_prune(esession_router *r)
{
	if (r == NULL)
		return 0;
	size_t freed = 0;
	size_t i = 0;
	while (i < r->count) {
		esession_session *s = r->sessions[i];
		bool over = s->state == ES_S_ENDED || s->state == ES_S_FAILED;
		if (over && es_events_count(&s->events) == 0) {
			esession_session_free(s);
			r->sessions[i] = r->sessions[--r->count];
			freed++;
		} else {
			i++;
		}
	}
	return freed;
}
