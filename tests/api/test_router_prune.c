/*
 * test_router_prune.c - the router frees ended and failed sessions whose
 * events were drained, by request and by itself when its table is full.
 */
#include "test_util.h"

#include "esession.h"

#include <stdio.h>
#include <string.h>

/* A request that fails Bob's checks (no dhhashes value for its group):
 * the responder session fails at once and queues an error stanza. */
static void bad_request(char *buf, size_t size, unsigned n)
{
	snprintf(buf, size,
	         "<message from='mallory@example.net/x%u' to='bob@example.com'>"
	         "<thread>t%u</thread>"
	         "<feature xmlns='http://jabber.org/protocol/feature-neg'>"
	         "<x xmlns='jabber:x:data' type='form'>"
	         "<field var='FORM_TYPE' type='hidden'>"
	         "<value>urn:xmpp:ssn</value></field>"
	         "<field var='accept' type='boolean'><value>1</value></field>"
	         "<field var='security' type='list-single'>"
	         "<option><value>e2e</value></option></field>"
	         "<field var='dhhashes' type='hidden'/>"
	         "</x></feature></message>",
	         n, n);
}

static void drain(esession_session *s)
{
	esession_event ev;
	while (esession_session_next_event(s, &ev) == ESESSION_OK)
		;
}

START_TEST(prune_frees_drained_sessions_only)
{
	esession_config *c = NULL;
	esession_router *r = NULL;
	ck_assert_status(esession_config_new(NULL, &c), ESESSION_OK);
	ck_assert_status(esession_router_new(c, "bob@example.com/laptop", &r),
	                 ESESSION_OK);
	char req[2048];
	esession_session *s1 = NULL, *s2 = NULL;
	bad_request(req, sizeof req, 1);
	ck_assert_int_ne(esession_router_receive(r, req, strlen(req), &s1),
	                 ESESSION_OK);
	ck_assert_ptr_nonnull(s1);
	ck_assert_int_eq(esession_session_state(s1), ESESSION_STATE_FAILED);
	bad_request(req, sizeof req, 2);
	ck_assert_int_ne(esession_router_receive(r, req, strlen(req), &s2),
	                 ESESSION_OK);
	ck_assert_ptr_nonnull(s2);
	/* Events still queued: nothing is freed. */
	ck_assert_uint_eq(esession_router_prune(r), 0);
	drain(s1);
	ck_assert_uint_eq(esession_router_prune(r), 1);
	drain(s2);
	ck_assert_uint_eq(esession_router_prune(r), 1);
	ck_assert_uint_eq(esession_router_prune(r), 0);
	ck_assert_uint_eq(esession_router_prune(NULL), 0);
	esession_router_free(r);
	esession_router_free(NULL);
	esession_config_free(c);
}
END_TEST

START_TEST(full_table_prunes_itself)
{
	esession_config *c = NULL;
	esession_router *r = NULL;
	ck_assert_status(esession_config_new(NULL, &c), ESESSION_OK);
	ck_assert_status(esession_router_new(c, "bob@example.com/laptop", &r),
	                 ESESSION_OK);
	char req[2048];
	/* 1024 failed requests fill the table... */
	for (unsigned i = 0; i < 1024; i++) {
		esession_session *s = NULL;
		bad_request(req, sizeof req, i);
		ck_assert_int_ne(
		    esession_router_receive(r, req, strlen(req), &s),
		    ESESSION_OK);
		ck_assert_ptr_nonnull(s);
		if (i >= 10)
			drain(s);
	}
	/* ...and the next one still gets a session: the drained failures
	 * make room; the ten undrained ones stay. */
	esession_session *s = NULL;
	bad_request(req, sizeof req, 5000);
	ck_assert_int_ne(esession_router_receive(r, req, strlen(req), &s),
	                 ESESSION_ENOMEM);
	ck_assert_ptr_nonnull(s);
	drain(s);
	ck_assert_uint_eq(esession_router_prune(r), 1);
	esession_router_free(r);
	esession_config_free(c);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("router_prune");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, prune_frees_drained_sessions_only);
	tcase_add_test(tc, full_table_prunes_itself);
	suite_add_tcase(s, tc);
	return s;
}
