/*
 * test_session_pubkey_slow.c - the full public-key matrix with the
 * library's default groups (14 first): every (init_pubkey, resp_pubkey)
 * pair allowed in each mode x {rsa-sha256, dsa-sha256} x {4, 3 messages}
 * x {sha256, whirlpool}. The 'unit' suites test_session_pubkey.c and
 * test_session_3msg.c run the same pairs on group 5; this one runs in the
 * plain pass only ('slow').
 */
#include "session_harness.h"

#include "../pubkey/pubkey_fixture.h"
#include "test_util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static void setup(sh_party *p, const char *init, const char *resp,
                  const char *alg, unsigned messages, pk_test_key own,
                  const char *peer_bare, pk_test_key peer)
{
	ck_assert_status(
	    esession_config_set_pubkey(p->config, &init, 1, &resp, 1),
	    ESESSION_OK);
	ck_assert_status(esession_config_set_sign_algs(p->config, &alg, 1),
	                 ESESSION_OK);
	ck_assert_status(esession_config_set_messages(p->config, messages, 1),
	                 ESESSION_OK);
	esession_key *k = pk_esession_key(own, true);
	ck_assert_status(esession_config_set_identity_key(p->config, k),
	                 ESESSION_OK);
	esession_key_free(k);
	k = pk_esession_key(peer, false);
	ck_assert_status(
	    esession_store_add_key(p->store, p->jid, peer_bare, k, "peer", 1),
	    ESESSION_OK);
	esession_key_free(k);
}

static const char *const modes[] = {"none", "key", "hash"};
static const char *const hashes[] = {"sha256", "whirlpool"};

/* _i = ((((hash * 2 + three) * 3 + init) * 3 + resp) * 2 + dsa. */
START_TEST(full_matrix)
{
	int i = _i;
	const bool dsa = i % 2 == 1;
	i /= 2;
	const char *resp = modes[i % 3];
	i /= 3;
	const char *init = modes[i % 3];
	i /= 3;
	const bool three = i % 2 == 1;
	const char *hash = hashes[i / 2];
	/* 'none' is not allowed in 3-message negotiations. */
	if (three && (strcmp(init, "none") == 0 || strcmp(resp, "none") == 0))
		return;
	const sh_opts o = {.hash = hash, .deterministic = true};
	sh_pair p;
	sh_pair_init(&p, &o);
	const char *alg = dsa ? "dsa-sha256" : "rsa-sha256";
	const unsigned messages = three ? 3 : 4;
	setup(&p.alice, init, resp, alg, messages, dsa ? PK_DSA : PK_RSA,
	      SH_BOB_BARE, dsa ? PK_DSA2 : PK_RSA2);
	setup(&p.bob, init, resp, alg, 4, dsa ? PK_DSA2 : PK_RSA2,
	      SH_ALICE_BARE, dsa ? PK_DSA : PK_RSA);
	ck_assert_status(esession_router_start(p.alice.router, SH_BOB_BARE,
	                                       &p.alice.session),
	                 ESESSION_OK);
	sh_drain(&p.alice);
	/* 3 messages: A, B, A. 4 messages: A, B, A, B. */
	for (unsigned m = 1; m <= messages; m++) {
		sh_party *from = m % 2 == 1 ? &p.alice : &p.bob;
		sh_party *to = m % 2 == 1 ? &p.bob : &p.alice;
		ck_assert_status(sh_forward(from, to), ESESSION_OK);
	}
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	esession_info a, b;
	ck_assert_status(esession_session_get_info(p.alice.session, &a),
	                 ESESSION_OK);
	ck_assert_status(esession_session_get_info(p.bob.session, &b),
	                 ESESSION_OK);
	ck_assert_int_eq(a.message_count, (int)messages);
	ck_assert_str_eq(a.hash, hash);
	ck_assert_str_eq(a.sas, b.sas);
	const unsigned used =
	    ESESSION_PEER_KEY_USED | ESESSION_PEER_KEY_VERIFIED;
	ck_assert_uint_eq(a.peer_key, strcmp(resp, "none") != 0
	                                  ? used
	                                  : ESESSION_PEER_KEY_MISSING);
	ck_assert_uint_eq(b.peer_key, strcmp(init, "none") != 0
	                                  ? used
	                                  : ESESSION_PEER_KEY_MISSING);
	static const char msg[] = "<message><body>matrix</body></message>";
	ck_assert_status(
	    esession_session_encrypt(p.bob.session, msg, strlen(msg)),
	    ESESSION_OK);
	sh_drain(&p.bob);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	sh_pair_free(&p);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("session_pubkey_slow");
	TCase *tc = tcase_create("matrix");
	tcase_add_loop_test(tc, full_matrix, 0, 2 * 2 * 3 * 3 * 2);
	tcase_set_timeout(tc, 1800);
	suite_add_tcase(s, tc);
	return s;
}
