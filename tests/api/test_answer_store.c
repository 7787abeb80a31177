/*
 * test_answer_store.c - the responder's answer policy (accept, decline,
 * fallback, silent) and an application-supplied store, through the public
 * API only.
 */
#include "test_util.h"

#include "esession.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALICE "alice@example.org/pda"
#define BOB   "bob@example.com/laptop"

/* Take the next SEND event of s and stamp from= as a server would. */
static char *next_send(esession_session *s, const char *from)
{
	esession_event ev;
	while (esession_session_next_event(s, &ev) == ESESSION_OK) {
		if (ev.type != ESESSION_EVENT_SEND)
			continue;
		const char *sp = strchr(ev.stanza, ' ');
		ck_assert_ptr_nonnull(sp);
		size_t head = (size_t)(sp - ev.stanza);
		size_t n = ev.stanza_len + strlen(from) + 16;
		char *out = malloc(n);
		ck_assert_ptr_nonnull(out);
		snprintf(out, n, "%.*s from='%s'%s", (int)head, ev.stanza, from,
		         ev.stanza + head);
		return out;
	}
	return NULL;
}

/* Count queued events of one type (draining the queue). */
static int count_events(esession_session *s, esession_event_type type,
                        esession_status *status)
{
	esession_event ev;
	int n = 0;
	while (esession_session_next_event(s, &ev) == ESESSION_OK) {
		if (ev.type == type) {
			n++;
			if (status != NULL)
				*status = ev.status;
		}
	}
	return n;
}

struct pair {
	esession_store *sa, *sb;
	esession_config *ca, *cb;
	esession_session *alice, *bob;
};

static void pair_setup(struct pair *p, esession_answer answer,
                       unsigned fallback_a, unsigned fallback_b)
{
	memset(p, 0, sizeof *p);
	const unsigned group = 1; /* cheapest group: protocol, not DH, here */
	ck_assert_status(esession_store_new_memory(&p->sa), ESESSION_OK);
	ck_assert_status(esession_store_new_memory(&p->sb), ESESSION_OK);
	ck_assert_status(esession_config_new(p->sa, &p->ca), ESESSION_OK);
	ck_assert_status(esession_config_new(p->sb, &p->cb), ESESSION_OK);
	ck_assert_status(esession_config_set_groups(p->ca, &group, 1),
	                 ESESSION_OK);
	ck_assert_status(esession_config_set_groups(p->cb, &group, 1),
	                 ESESSION_OK);
	ck_assert_status(
	    esession_config_set_security_fallback(p->ca, fallback_a),
	    ESESSION_OK);
	ck_assert_status(
	    esession_config_set_security_fallback(p->cb, fallback_b),
	    ESESSION_OK);
	ck_assert_status(esession_config_set_answer(p->cb, answer),
	                 ESESSION_OK);
}

static void pair_free(struct pair *p)
{
	esession_session_free(p->alice);
	esession_session_free(p->bob);
	esession_config_free(p->ca);
	esession_config_free(p->cb);
	esession_store_free(p->sa);
	esession_store_free(p->sb);
}

/* Alice sends her request; Bob answers per policy. Returns Bob's reply
 * stanza text (stamped) or NULL when he sent nothing. */
static char *request_and_answer(struct pair *p, esession_status bob_expect)
{
	ck_assert_status(esession_session_new_initiator(
	                     p->ca, ALICE, "bob@example.com", "t1", &p->alice),
	                 ESESSION_OK);
	ck_assert_status(esession_session_start(p->alice), ESESSION_OK);
	char *req = next_send(p->alice, ALICE);
	ck_assert_ptr_nonnull(req);
	ck_assert_status(esession_session_new_responder(p->cb, BOB, req,
	                                                strlen(req), &p->bob),
	                 bob_expect);
	free(req);
	ck_assert_ptr_nonnull(p->bob);
	return next_send(p->bob, BOB);
}

START_TEST(answer_decline)
{
	struct pair p;
	pair_setup(&p, ESESSION_ANSWER_DECLINE, 0, 0);
	char *reply = request_and_answer(&p, ESESSION_OK);
	ck_assert_ptr_nonnull(reply);
	/* XEP-0155 §"Rejecting a Session": accept = 0 in a submit form. */
	ck_assert_ptr_nonnull(strstr(reply, "type=\"submit\""));
	ck_assert_ptr_nonnull(
	    strstr(reply, "<field var=\"accept\"><value>0</value></field>"));
	ck_assert_ptr_null(strstr(reply, "dhkeys"));
	ck_assert_int_eq(esession_session_state(p.bob), ESESSION_STATE_ENDED);
	ck_assert_status(
	    esession_session_receive(p.alice, reply, strlen(reply)),
	    ESESSION_EPEER_DECLINED);
	esession_status st = ESESSION_OK;
	ck_assert_int_eq(count_events(p.alice, ESESSION_EVENT_TERMINATED, &st),
	                 1);
	ck_assert_int_eq(st, ESESSION_EPEER_DECLINED);
	ck_assert_int_eq(esession_session_state(p.alice), ESESSION_STATE_ENDED);
	free(reply);
	pair_free(&p);
}
END_TEST

START_TEST(answer_fallback_when_offered)
{
	struct pair p;
	pair_setup(&p, ESESSION_ANSWER_FALLBACK, ESESSION_SECURITY_C2S,
	           ESESSION_SECURITY_C2S);
	char *reply = request_and_answer(&p, ESESSION_OK);
	ck_assert_ptr_nonnull(reply);
	ck_assert_ptr_nonnull(strstr(
	    reply, "<field var=\"security\"><value>c2s</value></field>"));
	ck_assert_ptr_nonnull(
	    strstr(reply, "<field var=\"accept\"><value>1</value></field>"));
	ck_assert_status(
	    esession_session_receive(p.alice, reply, strlen(reply)),
	    ESESSION_EPEER_FALLBACK);
	esession_status st = ESESSION_OK;
	ck_assert_int_eq(count_events(p.alice, ESESSION_EVENT_TERMINATED, &st),
	                 1);
	ck_assert_int_eq(st, ESESSION_EPEER_FALLBACK);
	free(reply);
	pair_free(&p);
}
END_TEST

START_TEST(answer_fallback_not_offered_declines)
{
	struct pair p;
	/* Alice offers e2e only: Bob's fallback becomes a decline. */
	pair_setup(&p, ESESSION_ANSWER_FALLBACK, 0, ESESSION_SECURITY_C2S);
	char *reply = request_and_answer(&p, ESESSION_OK);
	ck_assert_ptr_nonnull(reply);
	ck_assert_ptr_null(strstr(reply, "c2s"));
	ck_assert_ptr_nonnull(
	    strstr(reply, "<field var=\"accept\"><value>0</value></field>"));
	free(reply);
	pair_free(&p);
}
END_TEST

START_TEST(answer_silent)
{
	struct pair p;
	pair_setup(&p, ESESSION_ANSWER_SILENT, 0, 0);
	char *reply = request_and_answer(&p, ESESSION_OK);
	ck_assert_ptr_null(reply);
	ck_assert_int_eq(esession_session_state(p.bob), ESESSION_STATE_ENDED);
	ck_assert_int_eq(esession_session_state(p.alice),
	                 ESESSION_STATE_NEGOTIATING);
	pair_free(&p);
}
END_TEST

START_TEST(answer_rejects_unknown_value)
{
	esession_config *c = NULL;
	ck_assert_status(esession_config_new(NULL, &c), ESESSION_OK);
	ck_assert_status(esession_config_set_answer(c, (esession_answer)9),
	                 ESESSION_EINVAL);
	ck_assert_status(
	    esession_config_set_answer(NULL, ESESSION_ANSWER_ACCEPT),
	    ESESSION_EINVAL);
	esession_config_free(c);
}
END_TEST

/* ---- a custom store: a fixed table in test memory -------------------- */

struct app_store {
	char peer[64];
	uint8_t secret[64];
	size_t len;
	int verified;
	int have;
	int lists, replaces, marks, frees;
	int fail_list; /* return this status from list when non-zero */
};

static esession_status app_list(void *ctx, const char *local_jid,
                                const char *peer_bare_jid,
                                esession_store_list *out)
{
	struct app_store *a = ctx;
	(void)local_jid;
	a->lists++;
	if (a->fail_list)
		return (esession_status)a->fail_list;
	if (!a->have)
		return ESESSION_OK;
	if (peer_bare_jid != NULL &&
	    strncmp(a->peer, peer_bare_jid, strlen(peer_bare_jid)) != 0)
		return ESESSION_OK;
	return esession_store_list_add(out, a->peer, a->secret, a->len,
	                               a->verified);
}

static esession_status app_replace(void *ctx, const char *local_jid,
                                   const char *peer_jid,
                                   const char *srs_peer_jid, const uint8_t *srs,
                                   size_t srs_len, const uint8_t *secret,
                                   size_t len)
{
	struct app_store *a = ctx;
	(void)local_jid;
	a->replaces++;
	int inherit = srs_peer_jid != NULL && a->have && srs_len == a->len &&
	              memcmp(srs, a->secret, a->len) == 0 && a->verified;
	ck_assert_uint_le(len, sizeof a->secret);
	snprintf(a->peer, sizeof a->peer, "%s", peer_jid);
	memcpy(a->secret, secret, len);
	a->len = len;
	a->verified = inherit;
	a->have = 1;
	return ESESSION_OK;
}

static esession_status app_mark(void *ctx, const char *local_jid,
                                const char *peer_jid, const uint8_t *secret,
                                size_t len)
{
	struct app_store *a = ctx;
	(void)local_jid;
	a->marks++;
	if (!a->have || strcmp(peer_jid, a->peer) != 0 || len != a->len ||
	    memcmp(secret, a->secret, len) != 0)
		return ESESSION_EINVAL;
	a->verified = 1;
	return ESESSION_OK;
}

static void app_free(void *ctx)
{
	struct app_store *a = ctx;
	a->frees++;
}

static const esession_store_ops app_ops = {.list = app_list,
                                           .replace = app_replace,
                                           .mark_verified = app_mark,
                                           .free = app_free};

/* Drive a whole negotiation between two configs; returns Alice's session
 * (ACTIVE) and Bob's through the pointers. */
static void negotiate(esession_config *ca, esession_config *cb,
                      esession_session **alice, esession_session **bob,
                      int *matched_a, int *matched_b, int *verified_a)
{
	ck_assert_status(esession_session_new_initiator(
	                     ca, ALICE, "bob@example.com", NULL, alice),
	                 ESESSION_OK);
	ck_assert_status(esession_session_start(*alice), ESESSION_OK);
	char *m1 = next_send(*alice, ALICE);
	ck_assert_status(
	    esession_session_new_responder(cb, BOB, m1, strlen(m1), bob),
	    ESESSION_OK);
	char *m2 = next_send(*bob, BOB);
	ck_assert_status(esession_session_receive(*alice, m2, strlen(m2)),
	                 ESESSION_OK);
	char *m3 = next_send(*alice, ALICE);
	ck_assert_status(esession_session_receive(*bob, m3, strlen(m3)),
	                 ESESSION_OK);
	char *m4 = next_send(*bob, BOB);
	ck_assert_status(esession_session_receive(*alice, m4, strlen(m4)),
	                 ESESSION_OK);
	esession_info ia, ib;
	ck_assert_status(esession_session_get_info(*alice, &ia), ESESSION_OK);
	ck_assert_status(esession_session_get_info(*bob, &ib), ESESSION_OK);
	ck_assert_int_eq(ia.state, ESESSION_STATE_ACTIVE);
	ck_assert_int_eq(ib.state, ESESSION_STATE_ACTIVE);
	ck_assert_str_eq(ia.sas, ib.sas);
	*matched_a = ia.retained_secret_matched;
	*matched_b = ib.retained_secret_matched;
	*verified_a = ia.sas_chain_verified;
	free(m1);
	free(m2);
	free(m3);
	free(m4);
}

START_TEST(custom_store_carries_retained_secrets)
{
	struct app_store app;
	memset(&app, 0, sizeof app);
	esession_store *sa = NULL, *sb = NULL;
	esession_config *ca = NULL, *cb = NULL;
	const unsigned group = 1;
	/* Alice uses the application's store, Bob the memory store. */
	ck_assert_status(esession_store_new_custom(&app_ops, &app, &sa),
	                 ESESSION_OK);
	ck_assert_status(esession_store_new_memory(&sb), ESESSION_OK);
	ck_assert_status(esession_config_new(sa, &ca), ESESSION_OK);
	ck_assert_status(esession_config_new(sb, &cb), ESESSION_OK);
	ck_assert_status(esession_config_set_groups(ca, &group, 1),
	                 ESESSION_OK);
	ck_assert_status(esession_config_set_groups(cb, &group, 1),
	                 ESESSION_OK);

	esession_session *a = NULL, *b = NULL;
	int ma = -1, mb = -1, va = -1;
	negotiate(ca, cb, &a, &b, &ma, &mb, &va);
	ck_assert_int_eq(ma, 0);
	ck_assert_int_eq(mb, 0);
	ck_assert_int_eq(app.replaces, 1);
	ck_assert_str_eq(app.peer, BOB);
	ck_assert_uint_gt(app.len, 0);
	ck_assert_status(esession_session_confirm_sas(a), ESESSION_OK);
	ck_assert_status(esession_session_confirm_sas(b), ESESSION_OK);
	ck_assert_int_eq(app.verified, 1);
	esession_session_free(a);
	esession_session_free(b);

	/* The second negotiation finds the secret in both stores. */
	negotiate(ca, cb, &a, &b, &ma, &mb, &va);
	ck_assert_int_eq(ma, 1);
	ck_assert_int_eq(mb, 1);
	ck_assert_int_eq(va, 1);
	ck_assert_int_eq(app.replaces, 2);
	ck_assert_int_eq(app.verified, 1); /* inherited along the chain */
	esession_session_free(a);
	esession_session_free(b);

	esession_config_free(ca);
	esession_config_free(cb);
	esession_store_free(sa);
	esession_store_free(sb);
	ck_assert_int_eq(app.frees, 1);
}
END_TEST

START_TEST(custom_store_failure_fails_the_session)
{
	struct app_store app;
	memset(&app, 0, sizeof app);
	app.fail_list = (int)ESESSION_ESTORE;
	esession_store *sa = NULL, *sb = NULL;
	esession_config *ca = NULL, *cb = NULL;
	const unsigned group = 1;
	ck_assert_status(esession_store_new_custom(&app_ops, &app, &sa),
	                 ESESSION_OK);
	ck_assert_status(esession_store_new_memory(&sb), ESESSION_OK);
	ck_assert_status(esession_config_new(sa, &ca), ESESSION_OK);
	ck_assert_status(esession_config_new(sb, &cb), ESESSION_OK);
	ck_assert_status(esession_config_set_groups(ca, &group, 1),
	                 ESESSION_OK);
	ck_assert_status(esession_config_set_groups(cb, &group, 1),
	                 ESESSION_OK);
	esession_session *a = NULL, *b = NULL;
	ck_assert_status(esession_session_new_initiator(
	                     ca, ALICE, "bob@example.com", NULL, &a),
	                 ESESSION_OK);
	ck_assert_status(esession_session_start(a), ESESSION_OK);
	char *m1 = next_send(a, ALICE);
	ck_assert_status(
	    esession_session_new_responder(cb, BOB, m1, strlen(m1), &b),
	    ESESSION_OK);
	char *m2 = next_send(b, BOB);
	/* Alice's store fails while she builds rshashes. */
	ck_assert_status(esession_session_receive(a, m2, strlen(m2)),
	                 ESESSION_ESTORE);
	ck_assert_int_eq(esession_session_state(a), ESESSION_STATE_FAILED);
	esession_status st = ESESSION_OK;
	ck_assert_int_eq(count_events(a, ESESSION_EVENT_FAILED, &st), 1);
	ck_assert_int_eq(st, ESESSION_ESTORE);
	free(m1);
	free(m2);
	esession_session_free(a);
	esession_session_free(b);
	esession_config_free(ca);
	esession_config_free(cb);
	esession_store_free(sa);
	esession_store_free(sb);
}
END_TEST

START_TEST(custom_store_arguments)
{
	struct app_store app;
	esession_store *s = NULL;
	esession_store_ops missing = app_ops;
	missing.replace = NULL;
	ck_assert_status(esession_store_new_custom(&missing, &app, &s),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_status(esession_store_new_custom(NULL, &app, &s),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_store_new_custom(&app_ops, &app, NULL),
	                 ESESSION_EINVAL);
	ck_assert_status(
	    esession_store_list_add(NULL, "a@b", (const uint8_t *)"x", 1, 0),
	    ESESSION_EINVAL);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("answer_store");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, answer_decline);
	tcase_add_test(tc, answer_fallback_when_offered);
	tcase_add_test(tc, answer_fallback_not_offered_declines);
	tcase_add_test(tc, answer_silent);
	tcase_add_test(tc, answer_rejects_unknown_value);
	tcase_add_test(tc, custom_store_carries_retained_secrets);
	tcase_add_test(tc, custom_store_failure_fails_the_session);
	tcase_add_test(tc, custom_store_arguments);
	suite_add_tcase(s, tc);
	return s;
}
