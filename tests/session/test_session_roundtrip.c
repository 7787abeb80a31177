/*
 * test_session_roundtrip.c - Alice and Bob against each other through the
 * public API: every MODP group the unit pass can afford, every cipher x
 * hash pair, retained secrets across sessions, SAS confirmation, other
 * shared secrets and stanza kinds. The 3072..8192-bit groups and the full
 * cross product are in test_session_roundtrip_slow.c.
 */
#include "roundtrip_common.h"
#include "session_harness.h"
#include "test_util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Groups cheap enough for the valgrind pass. */
static const unsigned unit_groups[] = {1, 2, 5, 14};

START_TEST(test_group)
{
	rt_full_session(unit_groups[_i], "aes128-ctr", "sha256");
}
END_TEST

START_TEST(test_cipher_hash)
{
	size_t c = (size_t)_i / rt_n_hashes;
	size_t h = (size_t)_i % rt_n_hashes;
	rt_full_session(1, rt_ciphers[c], rt_hashes[h]);
}
END_TEST

/* A fresh negotiation between the same parties (old sessions stay in the
 * routers, as in an application that keeps them). */
static void renegotiate(sh_pair *p)
{
	sh_party_clear(&p->alice);
	sh_party_clear(&p->bob);
	sh_run_to(p, SH_ACTIVE);
}

/* XEP-0116 §"Generating Bob's Final Session Keys" / §"Verifying Keys":
 * the second session shares the retained secret of the first; after the
 * users confirm the SAS, the third reports the chain as verified. */
START_TEST(test_retained_secret_chain)
{
	sh_pair p;
	const sh_opts o = {.group = 1};
	sh_pair_init(&p, &o);
	sh_run_to(&p, SH_ACTIVE);
	const sh_event *a = sh_last(&p.alice, ESESSION_EVENT_ESTABLISHED);
	const sh_event *b = sh_last(&p.bob, ESESSION_EVENT_ESTABLISHED);
	ck_assert_int_eq(a->retained_secret_matched, 0);
	ck_assert_int_eq(b->retained_secret_matched, 0);
	ck_assert_int_eq(a->sas_chain_verified, 0);
	rt_terminate(&p);

	renegotiate(&p);
	a = sh_last(&p.alice, ESESSION_EVENT_ESTABLISHED);
	b = sh_last(&p.bob, ESESSION_EVENT_ESTABLISHED);
	ck_assert_int_eq(a->retained_secret_matched, 1);
	ck_assert_int_eq(b->retained_secret_matched, 1);
	ck_assert_int_eq(a->sas_chain_verified, 0);
	ck_assert_int_eq(b->sas_chain_verified, 0);
	ck_assert_str_eq(a->sas, b->sas);
	esession_info info;
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	ck_assert_int_eq(info.retained_secret_matched, 1);
	ck_assert_int_eq(info.other_secret_used, 0);
	ck_assert_status(esession_session_confirm_sas(p.alice.session),
	                 ESESSION_OK);
	ck_assert_status(esession_session_confirm_sas(p.bob.session),
	                 ESESSION_OK);
	ck_assert_status(esession_session_get_info(p.bob.session, &info),
	                 ESESSION_OK);
	ck_assert_int_eq(info.sas_chain_verified, 1);
	rt_terminate(&p);

	renegotiate(&p);
	a = sh_last(&p.alice, ESESSION_EVENT_ESTABLISHED);
	b = sh_last(&p.bob, ESESSION_EVENT_ESTABLISHED);
	ck_assert_int_eq(a->retained_secret_matched, 1);
	ck_assert_int_eq(b->retained_secret_matched, 1);
	ck_assert_int_eq(a->sas_chain_verified, 1);
	ck_assert_int_eq(b->sas_chain_verified, 1);
	rt_send(&p, false, "<message><body>third</body></message>");
	rt_terminate(&p);
	sh_pair_free(&p);
}
END_TEST

/* The very first session confirmed: the second one already reports the
 * chain verified (confirm_sas marks the secret the first session
 * retained). */
START_TEST(test_confirm_first_session)
{
	sh_pair p;
	const sh_opts o = {.group = 1};
	sh_pair_init(&p, &o);
	sh_run_to(&p, SH_ACTIVE);
	ck_assert_status(esession_session_confirm_sas(p.alice.session),
	                 ESESSION_OK);
	ck_assert_status(esession_session_confirm_sas(p.bob.session),
	                 ESESSION_OK);
	rt_terminate(&p);
	renegotiate(&p);
	ck_assert_int_eq(
	    sh_last(&p.alice, ESESSION_EVENT_ESTABLISHED)->sas_chain_verified,
	    1);
	ck_assert_int_eq(
	    sh_last(&p.bob, ESESSION_EVENT_ESTABLISHED)->sas_chain_verified, 1);
	sh_pair_free(&p);
}
END_TEST

static const uint8_t oss1[] = "correct horse battery staple";
static const uint8_t oss2[] = "correct horse battery stapler";

START_TEST(test_other_secret_both)
{
	sh_pair p;
	const sh_opts o = {.group = 1};
	sh_pair_init(&p, &o);
	ck_assert_status(esession_store_set_other_secret(p.alice.store,
	                                                 SH_ALICE, SH_BOB_BARE,
	                                                 oss1, sizeof oss1 - 1),
	                 ESESSION_OK);
	ck_assert_status(esession_store_set_other_secret(p.bob.store, SH_BOB,
	                                                 SH_ALICE_BARE, oss1,
	                                                 sizeof oss1 - 1),
	                 ESESSION_OK);
	sh_run_to(&p, SH_ACTIVE);
	esession_info info;
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	ck_assert_int_eq(info.other_secret_used, 1);
	ck_assert_status(esession_session_get_info(p.bob.session, &info),
	                 ESESSION_OK);
	ck_assert_int_eq(info.other_secret_used, 1);
	rt_send(&p, false, "<message><body>oss</body></message>");
	rt_send(&p, true, "<message><body>oss back</body></message>");
	rt_terminate(&p);
	sh_pair_free(&p);
}
END_TEST

/*
 * Other shared secret on one side only, or different on the two sides.
 * In the 4-message exchange Bob establishes when he sends message 4 (he
 * has nothing left to verify, XEP-0116 §"Sending Bob's Identity"); only
 * Alice can notice, when M_B of message 4 does not verify under her keys
 * (§"Verifying Bob's Identity"). So: Alice never ESTABLISHED, Alice
 * FAILED with the status below and a feature-not-implemented [mac] error
 * stanza; delivering that error makes Bob FAILED too (it is a negotiation
 * error: spec/state-table.md §4.3).
 *
 * esession.h (esession_store_set_other_secret) promises
 * ESESSION_EIDENTITY here; the M_B check comes first and fails with
 * ESESSION_EMAC (XEP-0116: M_B is checked before ID_B is decrypted).
 */
static void oss_mismatch(const uint8_t *a_secret, size_t a_len,
                         const uint8_t *b_secret, size_t b_len)
{
	sh_pair p;
	const sh_opts o = {.group = 1};
	sh_pair_init(&p, &o);
	if (a_len > 0)
		ck_assert_status(
		    esession_store_set_other_secret(
		        p.alice.store, SH_ALICE, SH_BOB_BARE, a_secret, a_len),
		    ESESSION_OK);
	if (b_len > 0)
		ck_assert_status(
		    esession_store_set_other_secret(
		        p.bob.store, SH_BOB, SH_ALICE_BARE, b_secret, b_len),
		    ESESSION_OK);
	sh_run_to(&p, SH_MSG4_QUEUED);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_EMAC);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_FAILED);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_ESTABLISHED), 0);
	const sh_event *f = sh_last(&p.alice, ESESSION_EVENT_FAILED);
	ck_assert_ptr_nonnull(f);
	ck_assert_status(f->status, ESESSION_EMAC);
	ck_assert_str_eq(f->field, "mac");
	ck_assert_uint_eq(p.alice.n_out, 1);
	sh_error e;
	sh_error_of(p.alice.outbox[0], &e);
	ck_assert_str_eq(e.condition, "feature-not-implemented");
	ck_assert_str_eq(e.fields, "mac");
	ck_assert_status(sh_forward(&p.alice, &p.bob),
	                 ESESSION_EPEER_NOT_IMPLEMENTED);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_FAILED);
	sh_pair_free(&p);
}

START_TEST(test_other_secret_alice_only)
{
	oss_mismatch(oss1, sizeof oss1 - 1, NULL, 0);
}
END_TEST

START_TEST(test_other_secret_bob_only)
{
	oss_mismatch(NULL, 0, oss1, sizeof oss1 - 1);
}
END_TEST

START_TEST(test_other_secret_different)
{
	oss_mismatch(oss1, sizeof oss1 - 1, oss2, sizeof oss2 - 1);
}
END_TEST

/* XEP-0116 'stanzas': a kind not negotiated is refused by encrypt with
 * nothing queued and no counter moved (the next stanza still decrypts). */
START_TEST(test_stanza_kind_refused)
{
	sh_pair p;
	const sh_opts o = {.group = 1, .stanzas = ESESSION_STANZA_MESSAGE};
	sh_pair_init(&p, &o);
	sh_run_to(&p, SH_ACTIVE);
	esession_info info;
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	ck_assert_uint_eq(info.stanzas, ESESSION_STANZA_MESSAGE);
	const char *pres = "<presence><show>dnd</show></presence>";
	const char *iq = "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/>"
	                 "</iq>";
	esession_event ev;
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, pres, strlen(pres)),
	    ESESSION_ESTANZA_KIND);
	ck_assert_status(esession_session_next_event(p.alice.session, &ev),
	                 ESESSION_ENO_EVENT);
	ck_assert_status(
	    esession_session_encrypt(p.bob.session, iq, strlen(iq)),
	    ESESSION_ESTANZA_KIND);
	ck_assert_status(esession_session_next_event(p.bob.session, &ev),
	                 ESESSION_ENO_EVENT);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	rt_send(&p, false, "<message><body>still fine</body></message>");
	rt_send(&p, true, "<message><body>yes</body></message>");
	rt_terminate(&p);
	sh_pair_free(&p);
}
END_TEST

/* Both terminate at once (spec/state-table.md §4.3: a terminate
 * received in TERMINATING ends the session without an acknowledgement):
 * both TERMINATED(OK), both ENDED, nothing more on the wire. */
START_TEST(test_crossing_terminates)
{
	sh_pair p;
	const sh_opts o = {.group = 1};
	sh_pair_init(&p, &o);
	sh_run_to(&p, SH_ACTIVE);
	ck_assert_status(esession_session_terminate(p.alice.session),
	                 ESESSION_OK);
	ck_assert_status(esession_session_terminate(p.bob.session),
	                 ESESSION_OK);
	sh_drain(&p.alice);
	sh_drain(&p.bob);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ENDED);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ENDED);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_TERMINATED), 1);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_TERMINATED), 1);
	ck_assert_uint_eq(p.alice.n_out, 0);
	ck_assert_uint_eq(p.bob.n_out, 0);
	sh_pair_free(&p);
}
END_TEST

/* Bob terminates (the responder side of termination). */
START_TEST(test_bob_terminates)
{
	sh_pair p;
	const sh_opts o = {.group = 2};
	sh_pair_init(&p, &o);
	sh_run_to(&p, SH_ACTIVE);
	rt_send(&p, true, "<message><body>bye</body></message>");
	ck_assert_status(esession_session_terminate(p.bob.session),
	                 ESESSION_OK);
	sh_drain(&p.bob);
	/* Alice may still send until she sees the terminate; Bob still
	 * decrypts it (his receiving keys live until the ack). */
	const char *m = "<message><body>crossing</body></message>";
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, m, strlen(m)),
	    ESESSION_OK);
	sh_drain(&p.alice);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_TERMINATING);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ENDED);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ENDED);
	ck_assert_status(sh_last(&p.bob, ESESSION_EVENT_TERMINATED)->status,
	                 ESESSION_OK);
	sh_pair_free(&p);
}
END_TEST

/* The deterministic test RNG makes two runs byte-identical. */
static char *transcript(void)
{
	sh_pair p;
	const sh_opts o = {.group = 1, .deterministic = true};
	sh_pair_init(&p, &o);
	size_t cap = 1u << 16, len = 0;
	char *all = calloc(1, cap);
	ck_assert_ptr_nonnull(all);
	sh_run_to(&p, SH_MSG1_QUEUED);
	for (int i = 0; i < 4; i++) {
		sh_party *from = i % 2 == 0 ? &p.alice : &p.bob;
		sh_party *to = i % 2 == 0 ? &p.bob : &p.alice;
		char *x = sh_take(from);
		size_t n = strlen(x);
		ck_assert_uint_lt(len + n, cap);
		memcpy(all + len, x, n);
		len += n;
		ck_assert_status(sh_deliver(from, to, x), ESESSION_OK);
		free(x);
	}
	sh_pair_free(&p);
	return all;
}

START_TEST(test_deterministic_rng)
{
	char *a = transcript();
	char *b = transcript();
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("session_roundtrip");
	TCase *tc = tcase_create("groups");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_group, 0,
	                    (int)(sizeof unit_groups / sizeof unit_groups[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("cipher_hash");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_cipher_hash, 0,
	                    (int)(rt_n_ciphers * rt_n_hashes));
	suite_add_tcase(s, tc);
	tc = tcase_create("secrets");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_retained_secret_chain);
	tcase_add_test(tc, test_confirm_first_session);
	tcase_add_test(tc, test_other_secret_both);
	tcase_add_test(tc, test_other_secret_alice_only);
	tcase_add_test(tc, test_other_secret_bob_only);
	tcase_add_test(tc, test_other_secret_different);
	suite_add_tcase(s, tc);
	tc = tcase_create("misc");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_stanza_kind_refused);
	tcase_add_test(tc, test_deterministic_rng);
	tcase_add_test(tc, test_crossing_terminates);
	tcase_add_test(tc, test_bob_terminates);
	suite_add_tcase(s, tc);
	return s;
}
