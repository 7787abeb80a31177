/*
 * test_session_3msg.c - the 3-message SIGMA-I negotiation (XEP-0116
 * §"Three- or Four-Message Negotiation?", the 3-message steps of
 * §"ESession Request (Alice)", §"ESession Response (Bob)", §"ESession
 * Accept (Alice)", §"Verifying Alice's Identity").
 *
 *   msg 1  Alice -> Bob   request with 'dhkeys' (every e_i), no sas_algs
 *   msg 2  Bob -> Alice   response + identity/mac (ID_B, M_B over K)
 *   msg 3  Alice -> Bob   result form: nonce, identity/mac (ID_A, M_A)
 *
 * Every pair of key modes with both signature algorithms, the policy
 * refusals, and tampered messages with their exact statuses.
 */
#include "session_harness.h"

#include "../pubkey/pubkey_fixture.h"
#include "test_util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FNI "feature-not-implemented"
#define NA  "not-acceptable"

/* tests/pubkey/kat/pubkey_kat.py: SHA-256 of the Normalized KeyValue. */
#define FP_RSA \
	"2667ea6af0a95027dbfd9991cb8155e328e172a1d137747ca93f10b98c4f9d2b"
#define FP_RSA2 \
	"2bddc83fa257d4af00a6c4cfc3c98ba449de7e45c232830814fe5b92a1e3f32f"
#define FP_DSA \
	"81636a033a58e383eeaf9aca2e06074117a25d0670feae2d9d62b54dbad5efe0"
#define FP_DSA2 \
	"10389cc6c5d1cc7c011447c4bfe4f81d63e682213bb7cf3214962020d6c156f9"

static const sh_opts opts3 = {.group = 5,
                              .cipher = "aes128-ctr",
                              .hash = "sha256",
                              .deterministic = true};

static void configure(sh_party *p, const char *init, const char *resp,
                      const char *alg, unsigned offer, int accept3)
{
	ck_assert_status(
	    esession_config_set_pubkey(p->config, &init, 1, &resp, 1),
	    ESESSION_OK);
	ck_assert_status(esession_config_set_sign_algs(p->config, &alg, 1),
	                 ESESSION_OK);
	ck_assert_status(
	    esession_config_set_messages(p->config, offer, accept3),
	    ESESSION_OK);
}

static void identity(sh_party *p, pk_test_key which)
{
	esession_key *k = pk_esession_key(which, true);
	ck_assert_status(esession_config_set_identity_key(p->config, k),
	                 ESESSION_OK);
	esession_key_free(k);
}

static void know(sh_party *p, const char *peer_bare, pk_test_key which,
                 const char *petname)
{
	esession_key *k = pk_esession_key(which, false);
	ck_assert_status(
	    esession_store_add_key(p->store, p->jid, peer_bare, k, petname, 1),
	    ESESSION_OK);
	esession_key_free(k);
}

/* Both parties: 3-message, (init, resp), keys exchanged and verified. */
static void pair3(sh_pair *p, const char *init, const char *resp, bool dsa)
{
	sh_pair_init(p, &opts3);
	const char *alg = dsa ? "dsa-sha256" : "rsa-sha256";
	configure(&p->alice, init, resp, alg, 3, 1);
	configure(&p->bob, init, resp, alg, 4, 1);
	identity(&p->alice, dsa ? PK_DSA : PK_RSA);
	identity(&p->bob, dsa ? PK_DSA2 : PK_RSA2);
	know(&p->alice, SH_BOB_BARE, dsa ? PK_DSA2 : PK_RSA2, "Bobby");
	know(&p->bob, SH_ALICE_BARE, dsa ? PK_DSA : PK_RSA, "Ally");
}

/* Alice starts: message 1 in her outbox. */
static void start(sh_pair *p)
{
	ck_assert_status(esession_router_start(p->alice.router, SH_BOB_BARE,
	                                       &p->alice.session),
	                 ESESSION_OK);
	sh_drain(&p->alice);
	ck_assert_uint_eq(p->alice.n_out, 1);
}

/* Run to: 1 = msg 1 queued, 2 = msg 2 queued, 3 = Alice ACTIVE with
 * msg 3 queued, 4 = both ACTIVE. */
static void run3(sh_pair *p, int stage)
{
	start(p);
	if (stage >= 2) {
		ck_assert_status(sh_forward(&p->alice, &p->bob), ESESSION_OK);
		ck_assert_uint_eq(p->bob.n_out, 1);
		ck_assert_int_eq(sh_state(&p->bob), ESESSION_STATE_NEGOTIATING);
	}
	if (stage >= 3) {
		ck_assert_status(sh_forward(&p->bob, &p->alice), ESESSION_OK);
		ck_assert_uint_eq(p->alice.n_out, 1);
		ck_assert_int_eq(sh_state(&p->alice), ESESSION_STATE_ACTIVE);
	}
	if (stage >= 4) {
		ck_assert_status(sh_forward(&p->alice, &p->bob), ESESSION_OK);
		ck_assert_int_eq(sh_state(&p->bob), ESESSION_STATE_ACTIVE);
	}
}

static void assert_failed(sh_party *p, esession_status status,
                          const char *condition, const char *fields)
{
	ck_assert_int_eq(sh_state(p), ESESSION_STATE_FAILED);
	const sh_event *f = sh_last(p, ESESSION_EVENT_FAILED);
	ck_assert_ptr_nonnull(f);
	ck_assert_status(f->status, status);
	ck_assert_uint_eq(sh_count(p, ESESSION_EVENT_ESTABLISHED), 0);
	ck_assert_uint_eq(p->n_out, 1);
	sh_error e;
	sh_error_of(p->outbox[0], &e);
	ck_assert_str_eq(e.condition, condition);
	ck_assert_str_eq(e.fields, fields);
}

static const char *const key_modes[] = {"key", "hash"};

/* _i: init * 4 + resp * 2 + dsa. */
START_TEST(three_message_established)
{
	const char *init = key_modes[_i / 4];
	const char *resp = key_modes[(_i / 2) % 2];
	const bool dsa = _i % 2 == 1;
	sh_pair p;
	pair3(&p, init, resp, dsa);
	run3(&p, 1);
	/* Message 1: dhkeys, no dhhashes, no sas_algs. */
	const char *m1 = p.alice.outbox[0];
	ck_assert_ptr_nonnull(strstr(m1, "var=\"dhkeys\""));
	ck_assert_ptr_null(strstr(m1, "dhhashes"));
	ck_assert_ptr_null(strstr(m1, "sas_algs"));
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	/* Message 2 carries Bob's identity. */
	ck_assert_uint_eq(p.bob.n_out, 1);
	ck_assert_ptr_nonnull(strstr(p.bob.outbox[0], "var=\"identity\""));
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_ACTIVE);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ACTIVE);
	const char *alg = dsa ? "dsa-sha256" : "rsa-sha256";
	esession_info a, b;
	ck_assert_status(esession_session_get_info(p.alice.session, &a),
	                 ESESSION_OK);
	ck_assert_status(esession_session_get_info(p.bob.session, &b),
	                 ESESSION_OK);
	ck_assert_int_eq(a.message_count, 3);
	ck_assert_int_eq(b.message_count, 3);
	/* No SAS and no retained secret in SIGMA-I. */
	ck_assert_str_eq(a.sas, "");
	ck_assert_str_eq(b.sas, "");
	ck_assert_int_eq(a.retained_secret_matched, 0);
	ck_assert_str_eq(a.init_pubkey, init);
	ck_assert_str_eq(b.resp_pubkey, resp);
	ck_assert_str_eq(a.sign_alg, alg);
	ck_assert_str_eq(b.sign_alg, alg);
	const unsigned used =
	    ESESSION_PEER_KEY_USED | ESESSION_PEER_KEY_VERIFIED;
	ck_assert_uint_eq(a.peer_key, used);
	ck_assert_uint_eq(b.peer_key, used);
	ck_assert_str_eq(a.peer_key_petname, "Bobby");
	ck_assert_str_eq(b.peer_key_petname, "Ally");
	ck_assert_str_eq(a.peer_key_fingerprint, dsa ? FP_DSA2 : FP_RSA2);
	ck_assert_str_eq(b.peer_key_fingerprint, dsa ? FP_DSA : FP_RSA);
	/* Traffic both ways under the keys of K. */
	static const char m[] = "<message><body>sigma-i</body></message>";
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, m, strlen(m)),
	    ESESSION_OK);
	sh_drain(&p.alice);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	ck_assert_status(esession_session_encrypt(p.bob.session, m, strlen(m)),
	                 ESESSION_OK);
	sh_drain(&p.bob);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	/* SAS confirmation belongs to the 4-message exchange. */
	ck_assert_status(esession_session_confirm_sas(p.alice.session),
	                 ESESSION_ESTATE);
	sh_pair_free(&p);
}
END_TEST

/* Bob's policy is 4-message only: feature-not-implemented [dhkeys]. */
START_TEST(refused_by_policy)
{
	sh_pair p;
	pair3(&p, "key", "key", false);
	configure(&p.bob, "key", "key", "rsa-sha256", 4, 0);
	run3(&p, 1);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_EUNSUPPORTED);
	assert_failed(&p.bob, ESESSION_EUNSUPPORTED, FNI, "dhkeys");
	/* Alice learns it from the error. */
	ck_assert_status(sh_forward(&p.bob, &p.alice),
	                 ESESSION_EPEER_NOT_IMPLEMENTED);
	ck_assert_int_eq(sh_state(&p.alice), ESESSION_STATE_FAILED);
	sh_pair_free(&p);
}
END_TEST

/* 'none' is never selected in 3-message: a request whose only
 * init_pubkey option is 'none' is not acceptable. */
START_TEST(none_refused)
{
	sh_pair p;
	pair3(&p, "key", "key", false);
	run3(&p, 1);
	char *m1 = sh_take(&p.alice);
	char *bad = sh_edit_field(m1, "init_pubkey", SH_SET, "none", 0);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, bad),
	                 ESESSION_ENEG_UNACCEPTABLE);
	assert_failed(&p.bob, ESESSION_ENEG_UNACCEPTABLE, NA, "init_pubkey");
	free(bad);
	free(m1);
	sh_pair_free(&p);
}
END_TEST

/* e out of range in message 1: feature-not-implemented [dhkeys]. */
START_TEST(bad_e_in_request)
{
	sh_pair p;
	pair3(&p, "key", "key", false);
	run3(&p, 1);
	char *m1 = sh_take(&p.alice);
	char *bad = sh_edit_field(m1, "dhkeys", SH_SET, "AQ==", 0);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, bad), ESESSION_EDH_RANGE);
	assert_failed(&p.bob, ESESSION_EDH_RANGE, FNI, "dhkeys");
	free(bad);
	free(m1);
	sh_pair_free(&p);
}
END_TEST

/* An empty dhkeys value for the selected group fails 1 < e < p - 1 like
 * any other e: feature-not-implemented [dhkeys] (spec/ambiguities.md
 * "Missing or empty 3-message fields"). */
START_TEST(empty_e_in_request)
{
	sh_pair p;
	pair3(&p, "key", "key", false);
	run3(&p, 1);
	char *m1 = sh_take(&p.alice);
	char *bad = sh_edit_field(m1, "dhkeys", SH_SET, "", 0);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, bad),
	                 ESESSION_ENEG_FIELD);
	assert_failed(&p.bob, ESESSION_ENEG_FIELD, FNI, "dhkeys");
	free(bad);
	free(m1);
	sh_pair_free(&p);
}
END_TEST

/* Message 2 tampered: every edit reaches Alice's identity checks. */
static const struct {
	const char *field;
	sh_edit edit;
	const char *arg;
	esession_status want;
	const char *cond;
	const char *fields;
} bad_m2[] = {
    /* M_B does not verify: nothing is decrypted. */
    {"identity", SH_FLIP, NULL, ESESSION_EMAC, FNI, "mac"},
    {"mac", SH_FLIP, NULL, ESESSION_EMAC, FNI, "mac"},
    /* Another d: another K, so M_B cannot verify. */
    {"dhkeys", SH_FLIP, NULL, ESESSION_EMAC, FNI, "mac"},
    /* d out of range. */
    {"dhkeys", SH_SET, "AQ==", ESESSION_EDH_RANGE, NA, "dhkeys"},
    /* A field of form_B (under mac_B, not under M_B): sign_B was made
     * over another mac_B. */
    {"rekey_freq", SH_SET, "1000", ESESSION_ESIGNATURE, FNI, "identity"},
    /* The counter C_A: C_B moves with it, M_B fails. */
    {"counter", SH_FLIP, NULL, ESESSION_EMAC, FNI, "mac"},
    /* identity or mac missing, empty or not base64: M_B cannot match,
     * feature-not-implemented, not a form error (spec/ambiguities.md
     * "Missing or empty 3-message fields"). */
    {"identity", SH_REMOVE, NULL, ESESSION_ENEG_FIELD, FNI, "identity"},
    {"identity", SH_SET, "", ESESSION_ENEG_FIELD, FNI, "identity"},
    {"mac", SH_REMOVE, NULL, ESESSION_ENEG_FIELD, FNI, "mac"},
    {"mac", SH_SET, "", ESESSION_ENEG_FIELD, FNI, "mac"},
    {"mac", SH_SET, "AB=", ESESSION_EBASE64_LENGTH, FNI, "mac"},
};

START_TEST(tampered_response)
{
	sh_pair p;
	pair3(&p, "key", "key", false);
	run3(&p, 2);
	char *m2 = sh_take(&p.bob);
	char *bad = sh_edit_field(m2, bad_m2[_i].field, bad_m2[_i].edit,
	                          bad_m2[_i].arg, 9);
	ck_assert_status(sh_deliver(&p.bob, &p.alice, bad), bad_m2[_i].want);
	assert_failed(&p.alice, bad_m2[_i].want, bad_m2[_i].cond,
	              bad_m2[_i].fields);
	free(bad);
	free(m2);
	sh_pair_free(&p);
}
END_TEST

/* Message 3 tampered: Bob's checks. */
static const struct {
	const char *field;
	sh_edit edit;
	const char *arg;
	esession_status want;
	const char *fields;
} bad_m3[] = {
    {"identity", SH_FLIP, NULL, ESESSION_EMAC, "mac"},
    {"mac", SH_FLIP, NULL, ESESSION_EMAC, "mac"},
    {"nonce", SH_FLIP, NULL, ESESSION_ENEG_NONCE, "nonce"},
};

START_TEST(tampered_completion)
{
	sh_pair p;
	pair3(&p, "hash", "key", true);
	run3(&p, 3);
	char *m3 = sh_take(&p.alice);
	char *bad = sh_edit_field(m3, bad_m3[_i].field, bad_m3[_i].edit,
	                          bad_m3[_i].arg, 5);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, bad), bad_m3[_i].want);
	assert_failed(&p.bob, bad_m3[_i].want, FNI, bad_m3[_i].fields);
	free(bad);
	free(m3);
	sh_pair_free(&p);
}
END_TEST

/* Alice asks 'hash' and holds a key of Bob's, not the one he uses. */
START_TEST(unknown_fingerprint)
{
	sh_pair p;
	sh_pair_init(&p, &opts3);
	configure(&p.alice, "key", "hash", "rsa-sha256", 3, 1);
	configure(&p.bob, "key", "hash", "rsa-sha256", 4, 1);
	identity(&p.alice, PK_RSA);
	identity(&p.bob, PK_RSA2);
	know(&p.alice, SH_BOB_BARE, PK_RSA, "not Bob's");
	run3(&p, 2);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_EKEY_UNKNOWN);
	assert_failed(&p.alice, ESESSION_EKEY_UNKNOWN, FNI, "identity");
	sh_pair_free(&p);
}
END_TEST

/* Bob does not know Alice's key (and trusts no new key). */
START_TEST(bob_untrusted_key)
{
	sh_pair p;
	sh_pair_init(&p, &opts3);
	configure(&p.alice, "key", "key", "dsa-sha256", 3, 1);
	configure(&p.bob, "key", "key", "dsa-sha256", 4, 1);
	identity(&p.alice, PK_DSA);
	identity(&p.bob, PK_DSA2);
	know(&p.alice, SH_BOB_BARE, PK_DSA2, "Bobby");
	run3(&p, 3);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_EKEY_UNTRUSTED);
	assert_failed(&p.bob, ESESSION_EKEY_UNTRUSTED, FNI, "identity");
	sh_pair_free(&p);
}
END_TEST

/* The <c/> of a stanza Alice encrypts right after message 3 (her counter
 * continues after ID_A) put into message 3 itself, as XEP-0116 §"Sending
 * Alice's Identity" allows: Bob verifies her identity, then decrypts it.
 * With message 3 tampered, the <c/> is ignored. */
static char *splice_c(const char *m3, const char *enc)
{
	const char *c = strstr(enc, "<c ");
	const char *c_end = strstr(enc, "</c>");
	const char *end = strstr(m3, "</message>");
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(c_end);
	ck_assert_ptr_nonnull(end);
	c_end += strlen("</c>");
	size_t head = (size_t)(end - m3);
	size_t body = (size_t)(c_end - c);
	char *out = malloc(strlen(m3) + body + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, m3, head);
	memcpy(out + head, c, body);
	strcpy(out + head + body, end);
	return out;
}

START_TEST(content_in_completion)
{
	for (int tamper = 0; tamper < 2; tamper++) {
		sh_pair p;
		pair3(&p, "key", "hash", false);
		run3(&p, 3);
		char *m3 = sh_take(&p.alice);
		static const char body[] =
		    "<message><body>first words</body></message>";
		ck_assert_status(esession_session_encrypt(p.alice.session, body,
		                                          strlen(body)),
		                 ESESSION_OK);
		sh_drain(&p.alice);
		char *enc = sh_take(&p.alice);
		char *both = splice_c(m3, enc);
		if (tamper) {
			char *bad =
			    sh_edit_field(both, "identity", SH_FLIP, NULL, 1);
			ck_assert_status(sh_deliver(&p.alice, &p.bob, bad),
			                 ESESSION_EMAC);
			ck_assert_int_eq(sh_state(&p.bob),
			                 ESESSION_STATE_FAILED);
			ck_assert_uint_eq(
			    sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 0);
			free(bad);
		} else {
			ck_assert_status(sh_deliver(&p.alice, &p.bob, both),
			                 ESESSION_OK);
			ck_assert_int_eq(sh_state(&p.bob),
			                 ESESSION_STATE_ACTIVE);
			const sh_event *pt =
			    sh_last(&p.bob, ESESSION_EVENT_PLAINTEXT);
			ck_assert_ptr_nonnull(pt);
			ck_assert_ptr_nonnull(
			    strstr(pt->stanza, "first words"));
		}
		free(both);
		free(enc);
		free(m3);
		sh_pair_free(&p);
	}
}
END_TEST

/* Alice cancels in message 3 (accept = 0): an orderly end for Bob. */
START_TEST(cancel_in_completion)
{
	sh_pair p;
	pair3(&p, "key", "key", false);
	run3(&p, 3);
	char *m3 = sh_take(&p.alice);
	char *cancel = sh_edit_field(m3, "accept", SH_SET, "0", 0);
	ck_assert_status(sh_deliver(&p.alice, &p.bob, cancel),
	                 ESESSION_EPEER_DECLINED);
	ck_assert_int_eq(sh_state(&p.bob), ESESSION_STATE_ENDED);
	free(cancel);
	free(m3);
	sh_pair_free(&p);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("session_3msg");
	TCase *tc = tcase_create("sigma_i");
	tcase_add_loop_test(tc, three_message_established, 0, 8);
	tcase_add_test(tc, refused_by_policy);
	tcase_add_test(tc, none_refused);
	tcase_add_test(tc, bad_e_in_request);
	tcase_add_test(tc, empty_e_in_request);
	tcase_add_loop_test(tc, tampered_response, 0,
	                    (int)(sizeof bad_m2 / sizeof bad_m2[0]));
	tcase_add_loop_test(tc, tampered_completion, 0,
	                    (int)(sizeof bad_m3 / sizeof bad_m3[0]));
	tcase_add_test(tc, unknown_fingerprint);
	tcase_add_test(tc, bob_untrusted_key);
	tcase_add_test(tc, cancel_in_completion);
	tcase_add_test(tc, content_in_completion);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return s;
}
