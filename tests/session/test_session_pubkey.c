/*
 * test_session_pubkey.c - public-key identification in the 4-message
 * negotiation (XEP-0116 'init_pubkey', 'resp_pubkey', 'sign_algs';
 * §"Hiding Bob's Identity", §"Verifying Bob's Identity", and Alice's
 * equivalents; §"Verifying Keys", §"Key Associations").
 *
 * Both roles against each other for every (init_pubkey, resp_pubkey) pair
 * of {none, key, hash} with rsa-sha256 and dsa-sha256, and every negative
 * path of the public-key checks with its exact status, FAILED event and
 * error stanza. Keys are the fixed keys of tests/pubkey/pubkey_test_keys.h:
 * Alice RSA / DSA, Bob RSA2 / DSA2. The SHA-256 fingerprints below were
 * computed independently by tests/pubkey/kat/pubkey_kat.py.
 */
#include "session_harness.h"

#include "../pubkey/pubkey_fixture.h"
#include "config.h"
#include "test_util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FNI "feature-not-implemented"
#define NA  "not-acceptable"

/* pubkey_kat.py: SHA-256 of each key's Normalized <KeyValue/>. */
#define FP_RSA \
	"2667ea6af0a95027dbfd9991cb8155e328e172a1d137747ca93f10b98c4f9d2b"
#define FP_RSA2 \
	"2bddc83fa257d4af00a6c4cfc3c98ba449de7e45c232830814fe5b92a1e3f32f"
#define FP_DSA \
	"81636a033a58e383eeaf9aca2e06074117a25d0670feae2d9d62b54dbad5efe0"
#define FP_DSA2 \
	"10389cc6c5d1cc7c011447c4bfe4f81d63e682213bb7cf3214962020d6c156f9"

static const sh_opts pk_opts = {.group = 5,
                                .cipher = "aes128-ctr",
                                .hash = "sha256",
                                .deterministic = true};

typedef struct pk_side {
	const char *init; /* init_pubkey list, one mode */
	const char *resp; /* resp_pubkey list, one mode */
	const char *alg;  /* sign_algs, one algorithm */
} pk_side;

static void set_modes(sh_party *p, const char *init, const char *resp,
                      const char *alg)
{
	ck_assert_status(
	    esession_config_set_pubkey(p->config, &init, 1, &resp, 1),
	    ESESSION_OK);
	ck_assert_status(esession_config_set_sign_algs(p->config, &alg, 1),
	                 ESESSION_OK);
}

static void set_identity(sh_party *p, pk_test_key which)
{
	esession_key *k = pk_esession_key(which, true);
	ck_assert_status(esession_config_set_identity_key(p->config, k),
	                 ESESSION_OK);
	esession_key_free(k);
}

/* Associate the public key `which` with peer_bare in p's store. */
static void add_key(sh_party *p, const char *peer_bare, pk_test_key which,
                    const char *petname, int verified)
{
	esession_key *k = pk_esession_key(which, false);
	ck_assert_status(esession_store_add_key(p->store, p->jid, peer_bare, k,
	                                        petname, verified),
	                 ESESSION_OK);
	esession_key_free(k);
}

static bool is_key_mode(const char *mode)
{
	return strcmp(mode, "none") != 0;
}

/* Both parties configured for (init, resp) with alg; keys exchanged and
 * verified where a mode needs them. */
static void pk_pair(sh_pair *p, const char *init, const char *resp, bool dsa)
{
	sh_pair_init(p, &pk_opts);
	const char *alg = dsa ? "dsa-sha256" : "rsa-sha256";
	set_modes(&p->alice, init, resp, alg);
	set_modes(&p->bob, init, resp, alg);
	set_identity(&p->alice, dsa ? PK_DSA : PK_RSA);
	set_identity(&p->bob, dsa ? PK_DSA2 : PK_RSA2);
	if (is_key_mode(resp))
		add_key(&p->alice, SH_BOB_BARE, dsa ? PK_DSA2 : PK_RSA2,
		        "Bobby", 1);
	if (is_key_mode(init))
		add_key(&p->bob, SH_ALICE_BARE, dsa ? PK_DSA : PK_RSA, "Ally",
		        1);
}

static void assert_info(const sh_party *p, const char *init, const char *resp,
                        const char *alg, bool peer_used, const char *petname,
                        const char *fp)
{
	esession_info info;
	ck_assert_status(esession_session_get_info(p->session, &info),
	                 ESESSION_OK);
	ck_assert_str_eq(info.init_pubkey, init);
	ck_assert_str_eq(info.resp_pubkey, resp);
	ck_assert_str_eq(info.sign_alg, alg);
	const sh_event *est = sh_last(p, ESESSION_EVENT_ESTABLISHED);
	ck_assert_ptr_nonnull(est);
	ck_assert_uint_eq(est->peer_key, info.peer_key);
	ck_assert_uint_eq(est->warnings, info.warnings);
	if (peer_used) {
		ck_assert_uint_eq(info.peer_key,
		                  ESESSION_PEER_KEY_USED |
		                      ESESSION_PEER_KEY_VERIFIED);
		ck_assert_str_eq(info.peer_key_petname, petname);
		ck_assert_str_eq(est->peer_key_petname, petname);
		ck_assert_str_eq(info.peer_key_fingerprint, fp);
	} else {
		ck_assert_uint_eq(info.peer_key, 0);
		ck_assert_ptr_null(info.peer_key_petname);
		ck_assert_ptr_null(est->peer_key_petname);
		ck_assert_str_eq(info.peer_key_fingerprint, "");
	}
	ck_assert_uint_eq(info.warnings, 0);
}

static const char *const modes[] = {"none", "key", "hash"};

/* Every pair of modes, both algorithms (_i: init * 6 + resp * 2 + dsa). */
START_TEST(pubkey_pair_4msg)
{
	const char *init = modes[_i / 6];
	const char *resp = modes[(_i / 2) % 3];
	const bool dsa = _i % 2 == 1;
	sh_pair p;
	pk_pair(&p, init, resp, dsa);
	sh_run_to(&p, SH_ACTIVE);
	const sh_event *a = sh_last(&p.alice, ESESSION_EVENT_ESTABLISHED);
	const sh_event *b = sh_last(&p.bob, ESESSION_EVENT_ESTABLISHED);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(a->sas, b->sas);
	const bool keys = is_key_mode(init) || is_key_mode(resp);
	const char *alg = keys ? (dsa ? "dsa-sha256" : "rsa-sha256") : "";
	assert_info(&p.alice, init, resp, alg, is_key_mode(resp), "Bobby",
	            dsa ? FP_DSA2 : FP_RSA2);
	assert_info(&p.bob, init, resp, alg, is_key_mode(init), "Ally",
	            dsa ? FP_DSA : FP_RSA);
	/* The established session carries traffic both ways. */
	static const char hello[] = "<message><body>hello</body></message>";
	ck_assert_status(
	    esession_session_encrypt(p.alice.session, hello, strlen(hello)),
	    ESESSION_OK);
	sh_drain(&p.alice);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.bob, ESESSION_EVENT_PLAINTEXT), 1);
	sh_pair_free(&p);
}
END_TEST

/* The same through the identity carried in message 3 and message 4:
 * the 'key' payload is larger than a bare mac, so the counters that
 * continue into XEP-0200 moved further; traffic both ways proves both
 * sides agree (checked above for Alice -> Bob; here Bob -> Alice). */
START_TEST(pubkey_counters_carry_on)
{
	sh_pair p;
	pk_pair(&p, "key", "key", false);
	sh_run_to(&p, SH_ACTIVE);
	static const char hi[] = "<message><body>hi</body></message>";
	ck_assert_status(
	    esession_session_encrypt(p.bob.session, hi, strlen(hi)),
	    ESESSION_OK);
	sh_drain(&p.bob);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_OK);
	ck_assert_uint_eq(sh_count(&p.alice, ESESSION_EVENT_PLAINTEXT), 1);
	sh_pair_free(&p);
}
END_TEST

/* ---- negative paths -------------------------------------------------- */

/* The receiving party failed with `status`, field `field`, and queued an
 * error stanza with `condition` naming `field`. */
static void assert_failed(sh_party *p, esession_status status,
                          const char *condition, const char *field)
{
	ck_assert_int_eq(sh_state(p), ESESSION_STATE_FAILED);
	const sh_event *f = sh_last(p, ESESSION_EVENT_FAILED);
	ck_assert_ptr_nonnull(f);
	ck_assert_status(f->status, status);
	if (field != NULL)
		ck_assert_str_eq(f->field, field);
	ck_assert_uint_eq(sh_count(p, ESESSION_EVENT_ESTABLISHED), 0);
	if (condition == NULL) {
		ck_assert_uint_eq(p->n_out, 0);
		return;
	}
	ck_assert_uint_eq(p->n_out, 1);
	sh_error e;
	sh_error_of(p->outbox[0], &e);
	ck_assert_str_eq(e.condition, condition);
	ck_assert_str_eq(e.fields, field != NULL ? field : "");
}

/* Bob's key is not in Alice's store and she does not trust new keys:
 * "return a <feature-not-implemented/> error unless she can confirm ...
 * that pubKey_B really is Bob's public key". */
START_TEST(alice_refuses_unknown_key)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	set_modes(&p.alice, "none", "key", "rsa-sha256");
	set_modes(&p.bob, "none", "key", "rsa-sha256");
	set_identity(&p.bob, PK_RSA2);
	sh_run_to(&p, SH_MSG4_QUEUED);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_EKEY_UNTRUSTED);
	assert_failed(&p.alice, ESESSION_EKEY_UNTRUSTED, FNI, "identity");
	esession_info info;
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	/* What was presented is still reported. */
	ck_assert_uint_eq(info.peer_key,
	                  ESESSION_PEER_KEY_USED | ESESSION_PEER_KEY_NEW);
	ck_assert_str_eq(info.peer_key_fingerprint, FP_RSA2);
	sh_pair_free(&p);
}
END_TEST

/* Trust on first use: a new key of a JID without one is accepted and
 * associated (unverified); the next session finds it. */
START_TEST(alice_trusts_new_key_when_asked)
{
	/* Two sessions in a row: random thread ids (a deterministic RNG
	 * would give the second session the first one's thread). */
	static const sh_opts random_opts = {
	    .group = 5, .cipher = "aes128-ctr", .hash = "sha256"};
	sh_pair p;
	sh_pair_init(&p, &random_opts);
	ck_assert_status(esession_store_set_trust_new_keys(p.alice.store, 1),
	                 ESESSION_OK);
	set_modes(&p.alice, "none", "key", "rsa-sha256");
	set_modes(&p.bob, "none", "key", "rsa-sha256");
	set_identity(&p.bob, PK_RSA2);
	sh_run_to(&p, SH_ACTIVE);
	esession_info info;
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	ck_assert_uint_eq(info.peer_key,
	                  ESESSION_PEER_KEY_USED | ESESSION_PEER_KEY_NEW);
	ck_assert_uint_eq(info.warnings, 0);
	/* Second session: the key is known now, and 'hash' may be asked. */
	static const char *const kh[] = {"hash"};
	static const char *const none[] = {"none"};
	ck_assert_status(
	    esession_config_set_pubkey(p.alice.config, none, 1, kh, 1),
	    ESESSION_OK);
	ck_assert_status(
	    esession_config_set_pubkey(p.bob.config, none, 1, kh, 1),
	    ESESSION_OK);
	sh_party_clear(&p.alice);
	sh_party_clear(&p.bob);
	sh_run_to(&p, SH_ACTIVE);
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	ck_assert_uint_eq(info.peer_key, ESESSION_PEER_KEY_USED);
	ck_assert_str_eq(info.resp_pubkey, "hash");
	sh_pair_free(&p);
}
END_TEST

/* Alice's store associates Bob's key with another JID: OTHER_JID, and
 * the memory store refuses it (XEP-0116 §"Key Associations"). */
START_TEST(alice_refuses_key_of_other_jid)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	ck_assert_status(esession_store_set_trust_new_keys(p.alice.store, 1),
	                 ESESSION_OK);
	set_modes(&p.alice, "none", "key", "rsa-sha256");
	set_modes(&p.bob, "none", "key", "rsa-sha256");
	set_identity(&p.bob, PK_RSA2);
	add_key(&p.alice, "mallory@example.net", PK_RSA2, "Mallory", 1);
	sh_run_to(&p, SH_MSG4_QUEUED);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_EKEY_UNTRUSTED);
	assert_failed(&p.alice, ESESSION_EKEY_UNTRUSTED, FNI, "identity");
	esession_info info;
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	ck_assert(info.peer_key & ESESSION_PEER_KEY_OTHER_JID);
	sh_pair_free(&p);
}
END_TEST

/* Bob's JID used another key before: CHANGED, refused. */
START_TEST(alice_refuses_changed_key)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	ck_assert_status(esession_store_set_trust_new_keys(p.alice.store, 1),
	                 ESESSION_OK);
	set_modes(&p.alice, "none", "key", "rsa-sha256");
	set_modes(&p.bob, "none", "key", "rsa-sha256");
	set_identity(&p.bob, PK_RSA2);
	add_key(&p.alice, SH_BOB_BARE, PK_RSA, "Bobby", 1);
	sh_run_to(&p, SH_MSG4_QUEUED);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_EKEY_UNTRUSTED);
	assert_failed(&p.alice, ESESSION_EKEY_UNTRUSTED, FNI, "identity");
	esession_info info;
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	ck_assert(info.peer_key & ESESSION_PEER_KEY_CHANGED);
	sh_pair_free(&p);
}
END_TEST

/* 'hash': Alice holds a key of Bob's, but not the one he uses. "If she
 * cannot find a copy of the public key then Alice MUST terminate". */
START_TEST(alice_unknown_fingerprint)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	set_modes(&p.alice, "none", "hash", "rsa-sha256");
	set_modes(&p.bob, "none", "hash", "rsa-sha256");
	set_identity(&p.bob, PK_RSA2);
	add_key(&p.alice, SH_BOB_BARE, PK_RSA, "Bobby", 1);
	sh_run_to(&p, SH_MSG4_QUEUED);
	ck_assert_status(sh_forward(&p.bob, &p.alice), ESESSION_EKEY_UNKNOWN);
	assert_failed(&p.alice, ESESSION_EKEY_UNKNOWN, FNI, "identity");
	sh_pair_free(&p);
}
END_TEST

/* 'hash' is asked only when Alice holds a key of Bob's: with none, her
 * only mode is dropped and the session cannot start. */
START_TEST(alice_hash_needs_a_stored_key)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	set_modes(&p.alice, "none", "hash", "rsa-sha256");
	esession_session *s = NULL;
	ck_assert_status(esession_router_start(p.alice.router, SH_BOB_BARE, &s),
	                 ESESSION_EKEY_UNKNOWN);
	/* With 'key' as a second choice, 'hash' is left out of the offer. */
	static const char *const none[] = {"none"};
	static const char *const resp[] = {"hash", "key"};
	ck_assert_status(
	    esession_config_set_pubkey(p.alice.config, none, 1, resp, 2),
	    ESESSION_OK);
	ck_assert_status(esession_router_start(p.alice.router, SH_BOB_BARE,
	                                       &p.alice.session),
	                 ESESSION_OK);
	sh_drain(&p.alice);
	ck_assert_uint_eq(p.alice.n_out, 1);
	ck_assert_ptr_null(strstr(p.alice.outbox[0], "<value>hash</value>"));
	ck_assert_ptr_nonnull(strstr(p.alice.outbox[0], "<value>key</value>"));
	sh_pair_free(&p);
}
END_TEST

/* Bob's side: Alice identifies with 'hash' and Bob has no such key. */
START_TEST(bob_unknown_fingerprint)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	set_modes(&p.alice, "hash", "none", "rsa-sha256");
	set_modes(&p.bob, "hash", "none", "rsa-sha256");
	set_identity(&p.alice, PK_RSA);
	sh_run_to(&p, SH_MSG3_QUEUED);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_EKEY_UNKNOWN);
	assert_failed(&p.bob, ESESSION_EKEY_UNKNOWN, FNI, "identity");
	sh_pair_free(&p);
}
END_TEST

START_TEST(bob_refuses_unknown_key)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	set_modes(&p.alice, "key", "none", "dsa-sha256");
	set_modes(&p.bob, "key", "none", "dsa-sha256");
	set_identity(&p.alice, PK_DSA);
	sh_run_to(&p, SH_MSG3_QUEUED);
	ck_assert_status(sh_forward(&p.alice, &p.bob), ESESSION_EKEY_UNTRUSTED);
	assert_failed(&p.bob, ESESSION_EKEY_UNTRUSTED, FNI, "identity");
	/* Nothing was associated by a refused proof. */
	sh_pair_free(&p);
}
END_TEST

/* A field that mac_B covers but M_B does not (srshash in form_B2): ID_B
 * decrypts, but sign_B was made over another mac_B than the one Alice
 * computes: VERIFY fails. In 'none' mode the same edit is EIDENTITY. */
START_TEST(alice_bad_signature)
{
	for (int dsa = 0; dsa < 2; dsa++) {
		sh_pair p;
		pk_pair(&p, "none", "key", dsa == 1);
		sh_run_to(&p, SH_MSG4_QUEUED);
		char *m4 = sh_take(&p.bob);
		char *bad = sh_edit_field(m4, "srshash", SH_FLIP, NULL, 3);
		ck_assert_status(sh_deliver(&p.bob, &p.alice, bad),
		                 ESESSION_ESIGNATURE);
		assert_failed(&p.alice, ESESSION_ESIGNATURE, FNI, "identity");
		free(bad);
		free(m4);
		sh_pair_free(&p);
	}
}
END_TEST

/* A proof that does not verify never reaches the store: with "trust new
 * keys", a forged identity must not get its key associated with Bob's
 * JID (spec/ambiguities.md "Signature before trust"). */
START_TEST(bad_signature_is_not_remembered)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	ck_assert_status(esession_store_set_trust_new_keys(p.alice.store, 1),
	                 ESESSION_OK);
	set_modes(&p.alice, "none", "key", "rsa-sha256");
	set_modes(&p.bob, "none", "key", "rsa-sha256");
	set_identity(&p.bob, PK_RSA2);
	sh_run_to(&p, SH_MSG4_QUEUED);
	char *m4 = sh_take(&p.bob);
	char *bad = sh_edit_field(m4, "srshash", SH_FLIP, NULL, 7);
	ck_assert_status(sh_deliver(&p.bob, &p.alice, bad),
	                 ESESSION_ESIGNATURE);
	assert_failed(&p.alice, ESESSION_ESIGNATURE, FNI, "identity");
	bool known = true;
	ck_assert_status(es_store_key_known(&p.alice.store->store, SH_ALICE,
	                                    SH_BOB_BARE, &known),
	                 ESESSION_OK);
	ck_assert(!known);
	free(bad);
	free(m4);
	sh_pair_free(&p);
}
END_TEST

/* The same for sign_A: a value of rshashes (in form_A2, under mac_A,
 * not under M_A). */
START_TEST(bob_bad_signature)
{
	for (int dsa = 0; dsa < 2; dsa++) {
		sh_pair p;
		pk_pair(&p, "hash", "none", dsa == 1);
		sh_run_to(&p, SH_MSG3_QUEUED);
		char *m3 = sh_take(&p.alice);
		char *bad = sh_edit_field(m3, "rshashes", SH_FLIP, NULL, 0);
		ck_assert_status(sh_deliver(&p.alice, &p.bob, bad),
		                 ESESSION_ESIGNATURE);
		assert_failed(&p.bob, ESESSION_ESIGNATURE, FNI, "identity");
		free(bad);
		free(m3);
		sh_pair_free(&p);
	}
}
END_TEST

/* The identity itself tampered with: M_X catches it first. */
START_TEST(tampered_identity_is_a_mac_failure)
{
	sh_pair p;
	pk_pair(&p, "key", "key", false);
	sh_run_to(&p, SH_MSG4_QUEUED);
	char *m4 = sh_take(&p.bob);
	char *bad = sh_edit_field(m4, "identity", SH_FLIP, NULL, 100);
	ck_assert_status(sh_deliver(&p.bob, &p.alice, bad), ESESSION_EMAC);
	assert_failed(&p.alice, ESESSION_EMAC, FNI, "mac");
	free(bad);
	free(m4);
	sh_pair_free(&p);
}
END_TEST

/* A JID that had a key and now uses none: MISSING, and a warning. */
START_TEST(missing_key_is_reported)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	add_key(&p.alice, SH_BOB_BARE, PK_RSA2, "Bobby", 1);
	sh_run_to(&p, SH_ACTIVE);
	esession_info info;
	ck_assert_status(esession_session_get_info(p.alice.session, &info),
	                 ESESSION_OK);
	ck_assert_uint_eq(info.peer_key, ESESSION_PEER_KEY_MISSING);
	ck_assert_uint_eq(info.warnings, ESESSION_WARN_PEER_KEY);
	const sh_event *est = sh_last(&p.alice, ESESSION_EVENT_ESTABLISHED);
	ck_assert_uint_eq(est->warnings, ESESSION_WARN_PEER_KEY);
	/* Bob's store knows nothing of Alice: no flag, no warning. */
	ck_assert_status(esession_session_get_info(p.bob.session, &info),
	                 ESESSION_OK);
	ck_assert_uint_eq(info.peer_key, 0);
	ck_assert_uint_eq(info.warnings, 0);
	sh_pair_free(&p);
}
END_TEST

/* crypt_algs 'none': integrity only, and both sides are warned. */
START_TEST(no_confidentiality_warning)
{
	static const sh_opts o = {.group = 5,
	                          .cipher = "none",
	                          .hash = "sha256",
	                          .deterministic = true};
	sh_pair p;
	sh_pair_init(&p, &o);
	sh_run_to(&p, SH_ACTIVE);
	ck_assert_uint_eq(
	    sh_last(&p.alice, ESESSION_EVENT_ESTABLISHED)->warnings,
	    ESESSION_WARN_NO_CONFIDENTIALITY);
	ck_assert_uint_eq(sh_last(&p.bob, ESESSION_EVENT_ESTABLISHED)->warnings,
	                  ESESSION_WARN_NO_CONFIDENTIALITY);
	sh_pair_free(&p);
}
END_TEST

/* ---- configuration --------------------------------------------------- */

/* A key mode for our own side needs an identity key of an offered
 * algorithm, checked when the session is created. */
START_TEST(no_identity_key)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	esession_session *s = NULL;
	/* Alice offers to identify herself, has no key. */
	set_modes(&p.alice, "key", "none", "rsa-sha256");
	ck_assert_status(esession_router_start(p.alice.router, SH_BOB_BARE, &s),
	                 ESESSION_ENO_IDENTITY_KEY);
	/* A DSA key while only rsa-sha256 is offered. */
	set_identity(&p.alice, PK_DSA);
	ck_assert_status(esession_router_start(p.alice.router, SH_BOB_BARE, &s),
	                 ESESSION_ENO_IDENTITY_KEY);
	/* Removed again with NULL. */
	ck_assert_status(esession_config_set_identity_key(p.alice.config, NULL),
	                 ESESSION_OK);
	ck_assert_status(esession_router_start(p.alice.router, SH_BOB_BARE, &s),
	                 ESESSION_ENO_IDENTITY_KEY);
	/* Bob accepts to identify himself with a key but has none: his
	 * responder session is not created. */
	set_modes(&p.alice, "none", "key", "rsa-sha256");
	set_modes(&p.bob, "none", "key", "rsa-sha256");
	sh_run_to(&p, SH_MSG1_QUEUED);
	ck_assert_status(sh_forward(&p.alice, &p.bob),
	                 ESESSION_ENO_IDENTITY_KEY);
	ck_assert_uint_eq(p.bob.n_out, 0);
	sh_pair_free(&p);
}
END_TEST

/* One sign_algs value serves both sides: Bob with an RSA key cannot
 * answer an Alice who offers dsa-sha256 only. */
START_TEST(sign_alg_mismatch)
{
	sh_pair p;
	sh_pair_init(&p, &pk_opts);
	set_modes(&p.alice, "none", "key", "dsa-sha256");
	static const char *const both[] = {"rsa-sha256", "dsa-sha256"};
	set_modes(&p.bob, "none", "key", "rsa-sha256");
	ck_assert_status(esession_config_set_sign_algs(p.bob.config, both, 2),
	                 ESESSION_OK);
	set_identity(&p.bob, PK_RSA2);
	sh_run_to(&p, SH_MSG1_QUEUED);
	ck_assert_status(sh_forward(&p.alice, &p.bob),
	                 ESESSION_ENEG_UNACCEPTABLE);
	assert_failed(&p.bob, ESESSION_ENEG_UNACCEPTABLE, NA, "sign_algs");
	sh_pair_free(&p);
}
END_TEST

START_TEST(config_setters)
{
	esession_config *c = NULL;
	ck_assert_status(esession_config_new(NULL, &c), ESESSION_OK);
	static const char *const key[] = {"key"};
	static const char *const none[] = {"none"};
	static const char *const bad[] = {"cert"};
	static const char *const dup[] = {"key", "key"};
	static const char *const four[] = {"key", "hash", "none", "key"};
	ck_assert_status(esession_config_set_pubkey(c, bad, 1, none, 1),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(esession_config_set_pubkey(c, none, 1, dup, 2),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_config_set_pubkey(c, four, 4, none, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_config_set_pubkey(c, none, 0, none, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_config_set_pubkey(NULL, none, 1, none, 1),
	                 ESESSION_EINVAL);
	static const char *const uri[] = {
	    "http://www.w3.org/2000/09/xmldsig#rsa-sha256"};
	static const char *const rsa2[] = {"rsa-sha256", "rsa-sha256"};
	ck_assert_status(esession_config_set_sign_algs(c, uri, 1),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(esession_config_set_sign_algs(c, rsa2, 2),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_config_set_sign_algs(c, rsa2, 0),
	                 ESESSION_EINVAL);
	/* 3-message needs a key mode on both sides ('none' MUST NOT be
	 * specified with 3-message negotiation). */
	ck_assert_status(esession_config_set_messages(c, 3, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_config_set_messages(c, 5, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_config_set_pubkey(c, key, 1, key, 1),
	                 ESESSION_OK);
	ck_assert_status(esession_config_set_messages(c, 3, 0), ESESSION_OK);
	/* ... and while 3-message is the default, 'none' only is refused. */
	ck_assert_status(esession_config_set_pubkey(c, none, 1, key, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_config_set_messages(c, 4, 1), ESESSION_OK);
	ck_assert_status(esession_config_set_accept_disclosure(c, 1),
	                 ESESSION_OK);
	ck_assert_status(esession_config_set_accept_disclosure(NULL, 1),
	                 ESESSION_EINVAL);
	/* A public key cannot sign. */
	esession_key *pub = pk_esession_key(PK_RSA, false);
	ck_assert_status(esession_config_set_identity_key(c, pub),
	                 ESESSION_EINVAL);
	esession_key_free(pub);
	ck_assert_status(esession_config_set_identity_key(NULL, NULL),
	                 ESESSION_EINVAL);
	esession_config_free(c);
}
END_TEST

/* Disclosure (XEP-0116 §"Back Doors"): a request whose only option is
 * "enabled" is refused by default, answered with accept_disclosure. */
START_TEST(disclosure_acceptance)
{
	for (int accept = 0; accept < 2; accept++) {
		sh_pair p;
		sh_pair_init(&p, &pk_opts);
		ck_assert_status(
		    esession_config_set_accept_disclosure(p.bob.config, accept),
		    ESESSION_OK);
		sh_run_to(&p, SH_MSG1_QUEUED);
		char *m1 = sh_take(&p.alice);
		char *edited =
		    sh_edit_field(m1, "disclosure", SH_SET, "enabled", 0);
		esession_status st = sh_deliver(&p.alice, &p.bob, edited);
		if (accept) {
			ck_assert_status(st, ESESSION_OK);
			ck_assert_uint_eq(p.bob.n_out, 1);
			char *v = sh_field_value(p.bob.outbox[0], "disclosure");
			ck_assert_str_eq(v, "enabled");
			free(v);
		} else {
			ck_assert_status(st, ESESSION_ENEG_UNACCEPTABLE);
			assert_failed(&p.bob, ESESSION_ENEG_UNACCEPTABLE, NA,
			              "disclosure");
		}
		free(edited);
		free(m1);
		sh_pair_free(&p);
	}
}
END_TEST

/* Alice's side: Bob answers "enabled"; refused unless she accepts it. */
START_TEST(disclosure_answer)
{
	for (int accept = 0; accept < 2; accept++) {
		sh_pair p;
		sh_pair_init(&p, &pk_opts);
		ck_assert_status(esession_config_set_accept_disclosure(
		                     p.alice.config, accept),
		                 ESESSION_OK);
		sh_run_to(&p, SH_MSG2_QUEUED);
		char *m2 = sh_take(&p.bob);
		char *edited =
		    sh_edit_field(m2, "disclosure", SH_SET, "enabled", 0);
		esession_status st = sh_deliver(&p.bob, &p.alice, edited);
		if (accept) {
			/* Accepted: message 3 follows (Bob will then see
			 * that form_B was changed). */
			ck_assert_status(st, ESESSION_OK);
			ck_assert_uint_eq(p.alice.n_out, 1);
		} else {
			ck_assert_status(st, ESESSION_ENEG_NOT_OFFERED);
			assert_failed(&p.alice, ESESSION_ENEG_NOT_OFFERED, NA,
			              "disclosure");
		}
		free(edited);
		free(m2);
		sh_pair_free(&p);
	}
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("session_pubkey");
	TCase *tc = tcase_create("pubkey");
	tcase_add_loop_test(tc, pubkey_pair_4msg, 0, 18);
	tcase_add_test(tc, pubkey_counters_carry_on);
	tcase_add_test(tc, alice_refuses_unknown_key);
	tcase_add_test(tc, alice_trusts_new_key_when_asked);
	tcase_add_test(tc, alice_refuses_key_of_other_jid);
	tcase_add_test(tc, alice_refuses_changed_key);
	tcase_add_test(tc, alice_unknown_fingerprint);
	tcase_add_test(tc, alice_hash_needs_a_stored_key);
	tcase_add_test(tc, bob_unknown_fingerprint);
	tcase_add_test(tc, bob_refuses_unknown_key);
	tcase_add_test(tc, alice_bad_signature);
	tcase_add_test(tc, bob_bad_signature);
	tcase_add_test(tc, bad_signature_is_not_remembered);
	tcase_add_test(tc, tampered_identity_is_a_mac_failure);
	tcase_add_test(tc, missing_key_is_reported);
	tcase_add_test(tc, no_confidentiality_warning);
	tcase_add_test(tc, no_identity_key);
	tcase_add_test(tc, sign_alg_mismatch);
	tcase_add_test(tc, config_setters);
	tcase_add_test(tc, disclosure_acceptance);
	tcase_add_test(tc, disclosure_answer);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return s;
}
