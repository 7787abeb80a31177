/*
 * test_store_keys_custom.c - key associations through an application's
 * own store (esession_store_ops key operations), stores without key
 * operations, misbehaving implementations, and the public calls
 * esession_store_add_key / esession_store_set_trust_new_keys.
 */
#include "config.h"
#include "key_internal.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALICE   "alice@example.com/home"
#define BOB     "bob@example.net"
#define BOB_OLD "bob@old.example.net"
#define MALLORY "mallory@example.org"

#define USED      ESESSION_PEER_KEY_USED
#define NEW       ESESSION_PEER_KEY_NEW
#define VERIFIED  ESESSION_PEER_KEY_VERIFIED
#define OTHER_JID ESESSION_PEER_KEY_OTHER_JID
#define CHANGED   ESESSION_PEER_KEY_CHANGED
#define MISSING   ESESSION_PEER_KEY_MISSING

static const char KV_A[] = "<KeyValue><RSAKeyValue><Modulus>3q2+7w==</Modulus>"
                           "<Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>";
static const char KV_B[] = "<KeyValue><RSAKeyValue><Modulus>yv66vg==</Modulus>"
                           "<Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>";

static const uint8_t *kv(const char *s)
{
	return (const uint8_t *)s;
}

/* ---- an application's store: association rows in an array ------------ */

typedef struct app_row {
	char jid[64];
	char keyvalue[256];
	size_t len;
	char petname[64]; /* "" for none */
	int verified;
} app_row;

typedef struct app_store {
	app_row rows[16];
	size_t n;
	int adds;           /* add_key calls */
	int trust_calls;    /* trust_key calls */
	unsigned flags;     /* flags of the last trust_key call */
	int answer;         /* what trust_key answers */
	esession_status st; /* returned by the key listings when not OK */
	int bad_jid_row;    /* keys_for_jid adds rows of other JIDs */
	int bad_key_row;    /* jids_for_key adds rows of other keys */
} app_store;

static esession_status app_list(void *ctx, const char *local_jid,
                                const char *peer_bare_jid,
                                esession_store_list *out)
{
	(void)ctx;
	(void)local_jid;
	(void)peer_bare_jid;
	(void)out;
	return ESESSION_OK;
}

static esession_status app_replace(void *ctx, const char *local_jid,
                                   const char *peer_jid,
                                   const char *srs_peer_jid, const uint8_t *srs,
                                   size_t srs_len, const uint8_t *secret,
                                   size_t len)
{
	(void)ctx;
	(void)local_jid;
	(void)peer_jid;
	(void)srs_peer_jid;
	(void)srs;
	(void)srs_len;
	(void)secret;
	(void)len;
	return ESESSION_OK;
}

static esession_status app_mark(void *ctx, const char *local_jid,
                                const char *peer_jid, const uint8_t *secret,
                                size_t len)
{
	(void)ctx;
	(void)local_jid;
	(void)peer_jid;
	(void)secret;
	(void)len;
	return ESESSION_OK;
}

static bool row_is(const app_row *r, const uint8_t *keyvalue, size_t len)
{
	return r->len == len && memcmp(r->keyvalue, keyvalue, len) == 0;
}

static esession_status row_out(const app_row *r, const char *jid,
                               esession_store_key_list *out)
{
	return esession_store_key_list_add(
	    out, jid, (const uint8_t *)r->keyvalue, r->len,
	    r->petname[0] != '\0' ? r->petname : NULL, r->verified);
}

static esession_status app_keys_for_jid(void *ctx, const char *local_jid,
                                        const char *peer_bare_jid,
                                        esession_store_key_list *out)
{
	app_store *a = ctx;
	(void)local_jid;
	if (a->st != ESESSION_OK)
		return a->st;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->rows[i].jid, peer_bare_jid) == 0 ||
		    a->bad_jid_row)
			ES_GUARD(row_out(&a->rows[i], a->rows[i].jid, out));
	return ESESSION_OK;
}

static esession_status app_jids_for_key(void *ctx, const char *local_jid,
                                        const uint8_t *keyvalue, size_t len,
                                        esession_store_key_list *out)
{
	app_store *a = ctx;
	(void)local_jid;
	if (a->st != ESESSION_OK)
		return a->st;
	for (size_t i = 0; i < a->n; i++)
		if (row_is(&a->rows[i], keyvalue, len) || a->bad_key_row)
			ES_GUARD(row_out(&a->rows[i], a->rows[i].jid, out));
	return ESESSION_OK;
}

static esession_status app_add_key(void *ctx, const char *local_jid,
                                   const char *peer_bare_jid,
                                   const uint8_t *keyvalue, size_t len,
                                   const char *petname, int verified)
{
	app_store *a = ctx;
	(void)local_jid;
	a->adds++;
	bool associated = false;
	/* Verification and petname belong to the key: every row of it. */
	for (size_t i = 0; i < a->n; i++) {
		app_row *r = &a->rows[i];
		if (!row_is(r, keyvalue, len))
			continue;
		r->verified = verified;
		if (petname != NULL)
			snprintf(r->petname, sizeof(r->petname), "%s", petname);
		associated = associated || strcmp(r->jid, peer_bare_jid) == 0;
	}
	if (associated)
		return ESESSION_OK;
	if (a->n == 16 || len >= sizeof(a->rows[0].keyvalue))
		return ESESSION_ESTORE;
	app_row *r = &a->rows[a->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->jid, sizeof(r->jid), "%s", peer_bare_jid);
	memcpy(r->keyvalue, keyvalue, len);
	r->len = len;
	if (petname != NULL)
		snprintf(r->petname, sizeof(r->petname), "%s", petname);
	for (size_t i = 0; i + 1 < a->n; i++)
		if (row_is(&a->rows[i], keyvalue, len) && petname == NULL)
			memcpy(r->petname, a->rows[i].petname,
			       sizeof(r->petname));
	r->verified = verified;
	return ESESSION_OK;
}

static esession_status app_trust_key(void *ctx, const char *local_jid,
                                     const char *peer_bare_jid,
                                     const uint8_t *keyvalue, size_t len,
                                     unsigned flags, int *trusted)
{
	app_store *a = ctx;
	(void)local_jid;
	(void)peer_bare_jid;
	(void)keyvalue;
	(void)len;
	a->trust_calls++;
	a->flags = flags;
	*trusted = a->answer;
	return ESESSION_OK;
}

static const esession_store_ops keyless_ops = {
    .list = app_list,
    .replace = app_replace,
    .mark_verified = app_mark,
};

static const esession_store_ops key_ops = {
    .list = app_list,
    .replace = app_replace,
    .mark_verified = app_mark,
    .keys_for_jid = app_keys_for_jid,
    .jids_for_key = app_jids_for_key,
    .add_key = app_add_key,
};

static const esession_store_ops policy_ops = {
    .list = app_list,
    .replace = app_replace,
    .mark_verified = app_mark,
    .keys_for_jid = app_keys_for_jid,
    .jids_for_key = app_jids_for_key,
    .add_key = app_add_key,
    .trust_key = app_trust_key,
};

static esession_store *custom(const esession_store_ops *ops, app_store *a)
{
	esession_store *s = NULL;
	ck_assert_status(esession_store_new_custom(ops, a, &s), ESESSION_OK);
	return s;
}

static void expect(esession_store *s, const char *jid, const char *keyvalue,
                   unsigned flags, bool trusted, const char *petname)
{
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	size_t len = keyvalue != NULL ? strlen(keyvalue) : 0;
	ck_assert_status(
	    es_store_key_check(&s->store, ALICE, jid,
	                       keyvalue != NULL ? kv(keyvalue) : NULL, len, &r),
	    ESESSION_OK);
	ck_assert_msg(r.flags == flags, "flags 0x%x, expected 0x%x", r.flags,
	              flags);
	ck_assert(r.trusted == trusted);
	if (petname == NULL)
		ck_assert_ptr_null(r.petname);
	else
		ck_assert_str_eq(r.petname, petname);
	es_store_key_report_clear(&r);
}

static esession_status add(esession_store *s, const char *jid,
                           const char *keyvalue, const char *petname,
                           bool verified)
{
	return es_store_key_add(&s->store, ALICE, jid, kv(keyvalue),
	                        strlen(keyvalue), petname, verified);
}

/* One story, told to the in-memory store and to an application's store:
 * the flags and verdicts must be the same (they are computed in one place
 * from the facts each store keeps). */
static void story(esession_store *s)
{
	ck_assert_status(esession_store_set_trust_new_keys(s, 1), ESESSION_OK);
	expect(s, BOB, NULL, 0, true, NULL);
	expect(s, BOB, KV_A, USED | NEW, true, NULL); /* first use */
	expect(s, BOB, KV_A, USED, true, NULL);
	expect(s, BOB, KV_B, USED | NEW | CHANGED, false, NULL);
	expect(s, BOB, NULL, MISSING, true, NULL);
	ck_assert_status(add(s, MALLORY, KV_B, "Mallory", true), ESESSION_OK);
	expect(s, BOB, KV_B, USED | VERIFIED | OTHER_JID | CHANGED, false,
	       "Mallory");
	ck_assert_status(add(s, BOB, KV_A, "Bob", true), ESESSION_OK);
	ck_assert_status(add(s, BOB_OLD, KV_A, NULL, true), ESESSION_OK);
	expect(s, BOB_OLD, KV_A, USED | VERIFIED | OTHER_JID, true, "Bob");
	ck_assert_status(esession_store_set_trust_new_keys(s, 0), ESESSION_OK);
	expect(s, "carol@example.com", "<KeyValue>c</KeyValue>", USED | NEW,
	       false, NULL);
}

START_TEST(custom_store_reports_like_the_memory_store)
{
	esession_store *mem = NULL;
	ck_assert_status(esession_store_new_memory(&mem), ESESSION_OK);
	story(mem);
	esession_store_free(mem);

	app_store a = {.st = ESESSION_OK};
	esession_store *s = custom(&key_ops, &a);
	story(s);
	/* The library recorded the first use through add_key, unverified
	 * and without a petname; the three explicit adds followed. */
	ck_assert_int_eq(a.adds, 4);
	ck_assert_str_eq(a.rows[0].jid, BOB);
	ck_assert_uint_eq(a.rows[0].len, strlen(KV_A));
	esession_store_free(s);
}
END_TEST

START_TEST(custom_policy_decides_and_records_itself)
{
	app_store a = {.st = ESESSION_OK, .answer = 1};
	esession_store *s = custom(&policy_ops, &a);
	/* A store with its own policy has no library setting to change. */
	ck_assert_status(esession_store_set_trust_new_keys(s, 1),
	                 ESESSION_EINVAL);
	expect(s, BOB, KV_A, USED | NEW, true, NULL);
	ck_assert_int_eq(a.trust_calls, 1);
	ck_assert_uint_eq(a.flags, USED | NEW);
	/* Accepted, but the library records nothing on its behalf. */
	ck_assert_int_eq(a.adds, 0);
	ck_assert_uint_eq(a.n, 0);

	ck_assert_status(add(s, MALLORY, KV_A, "Mallory", true), ESESSION_OK);
	a.answer = 0;
	expect(s, BOB, KV_A, USED | VERIFIED | OTHER_JID, false, "Mallory");
	ck_assert_uint_eq(a.flags, USED | VERIFIED | OTHER_JID);
	/* No key given: no decision to ask for. */
	expect(s, BOB, NULL, 0, true, NULL);
	ck_assert_int_eq(a.trust_calls, 2);
	esession_store_free(s);
}
END_TEST

START_TEST(store_without_key_operations_knows_no_key)
{
	app_store a = {.st = ESESSION_OK};
	esession_store *s = custom(&keyless_ops, &a);
	expect(s, BOB, KV_A, USED, false, NULL);
	expect(s, BOB, NULL, 0, true, NULL);
	ck_assert_status(add(s, BOB, KV_A, NULL, true), ESESSION_EUNSUPPORTED);
	expect(s, BOB, NULL, 0, true, NULL); /* never MISSING */
	ck_assert_status(esession_store_set_trust_new_keys(s, 1),
	                 ESESSION_EINVAL);
	expect(s, BOB, KV_A, USED, false, NULL);
	bool known = true;
	ck_assert_status(es_store_key_known(&s->store, ALICE, BOB, &known),
	                 ESESSION_OK);
	ck_assert(!known);
	uint8_t fp[32] = {0};
	uint8_t *found = NULL;
	size_t len = 0;
	ck_assert_status(es_store_key_find(&s->store, ALICE, BOB,
	                                   ES_HASH_SHA256, fp, sizeof(fp),
	                                   &found, &len),
	                 ESESSION_EKEY_UNKNOWN);
	esession_store_free(s);
}
END_TEST

START_TEST(key_operations_come_as_a_set)
{
	app_store a = {.st = ESESSION_OK};
	esession_store *s = NULL;
	esession_store_ops ops = keyless_ops;
	ops.keys_for_jid = app_keys_for_jid;
	ck_assert_status(esession_store_new_custom(&ops, &a, &s),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(s);
	ops.jids_for_key = app_jids_for_key;
	ck_assert_status(esession_store_new_custom(&ops, &a, &s),
	                 ESESSION_EINVAL);
	ops = key_ops;
	ops.keys_for_jid = NULL;
	ck_assert_status(esession_store_new_custom(&ops, &a, &s),
	                 ESESSION_EINVAL);
	ops = keyless_ops;
	ops.trust_key = app_trust_key;
	ck_assert_status(esession_store_new_custom(&ops, &a, &s),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(s);
}
END_TEST

static void expect_failure(esession_store *s, esession_status expected)
{
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	ck_assert_status(es_store_key_check(&s->store, ALICE, BOB, kv(KV_A),
	                                    strlen(KV_A), &r),
	                 expected);
	/* Nothing half-filled on failure. */
	ck_assert_uint_eq(r.flags, 0);
	ck_assert(!r.trusted);
	ck_assert_ptr_null(r.petname);
	bool known = true;
	ck_assert_status(es_store_key_known(&s->store, ALICE, BOB, &known),
	                 expected);
	ck_assert(!known);
}

START_TEST(misbehaving_custom_store_is_contained)
{
	app_store a = {.st = ESESSION_OK};
	esession_store *s = custom(&key_ops, &a);
	ck_assert_status(add(s, MALLORY, KV_B, "Mallory", true), ESESSION_OK);
	/* Rows that do not answer the question (another JID's key for
	 * Bob's keys; another key for KV_A's JIDs) are the store's bug. */
	a.bad_jid_row = 1;
	expect_failure(s, ESESSION_ESTORE);
	a.bad_jid_row = 0;
	a.bad_key_row = 1;
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	ck_assert_status(es_store_key_check(&s->store, ALICE, BOB, kv(KV_A),
	                                    strlen(KV_A), &r),
	                 ESESSION_ESTORE);
	ck_assert_uint_eq(r.flags, 0);
	ck_assert_ptr_null(r.petname);
	a.bad_key_row = 0;
	/* An undocumented status becomes ESESSION_ESTORE; documented ones
	 * pass through. */
	a.st = ESESSION_EMAC;
	expect_failure(s, ESESSION_ESTORE);
	a.st = ESESSION_ENOMEM;
	expect_failure(s, ESESSION_ENOMEM);
	a.st = ESESSION_ESTORE;
	expect_failure(s, ESESSION_ESTORE);
	a.st = ESESSION_OK;
	expect(s, BOB, KV_A, USED | NEW, false, NULL);
	esession_store_free(s);
}
END_TEST

/* The in-memory store's table with key_trust replaced: verdicts that
 * break the contract of es_store_ops.key_trust. */
static es_store_key_verdict forced_verdict;
static esession_status forced_trust(void *ctx, const char *local_jid,
                                    const char *peer_bare_jid,
                                    const uint8_t *keyvalue, size_t len,
                                    unsigned flags, bool associated,
                                    es_store_key_verdict *verdict)
{
	(void)ctx;
	(void)local_jid;
	(void)peer_bare_jid;
	(void)keyvalue;
	(void)len;
	(void)flags;
	(void)associated;
	if (forced_verdict != (es_store_key_verdict)0)
		*verdict = forced_verdict;
	return ESESSION_OK;
}

START_TEST(verdicts_outside_the_contract_are_refused)
{
	esession_store *mem = NULL;
	ck_assert_status(esession_store_new_memory(&mem), ESESSION_OK);
	ck_assert_status(add(mem, MALLORY, KV_A, "Mallory", true), ESESSION_OK);
	es_store_ops ops = *mem->store.ops;
	ops.key_trust = forced_trust;
	es_store s = {&ops, mem->store.ctx};
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;

	/* "Accept on first use" for a key the store already holds would
	 * reset the verification of Mallory's key. */
	forced_verdict = ES_STORE_KEY_ACCEPT_NEW;
	ck_assert_status(
	    es_store_key_check(&s, ALICE, BOB, kv(KV_A), strlen(KV_A), &r),
	    ESESSION_ESTORE);
	/* No verdict at all, or a value outside the enumeration. */
	forced_verdict = (es_store_key_verdict)0;
	ck_assert_status(
	    es_store_key_check(&s, ALICE, BOB, kv(KV_A), strlen(KV_A), &r),
	    ESESSION_ESTORE);
	forced_verdict = (es_store_key_verdict)99;
	ck_assert_status(
	    es_store_key_check(&s, ALICE, BOB, kv(KV_A), strlen(KV_A), &r),
	    ESESSION_ESTORE);
	ck_assert_ptr_null(r.petname);
	/* Mallory's key is untouched, Bob still has none. */
	expect(mem, MALLORY, KV_A, USED | VERIFIED, true, "Mallory");
	bool known = true;
	ck_assert_status(es_store_key_known(&s, ALICE, BOB, &known),
	                 ESESSION_OK);
	ck_assert(!known);
	/* ACCEPT_NEW for a NEW key is within the contract: associated. */
	forced_verdict = ES_STORE_KEY_ACCEPT_NEW;
	ck_assert_status(
	    es_store_key_check(&s, ALICE, BOB, kv(KV_B), strlen(KV_B), &r),
	    ESESSION_OK);
	ck_assert(r.trusted);
	ck_assert_uint_eq(r.flags, USED | NEW);
	es_store_key_report_clear(&r);
	expect(mem, BOB, KV_B, USED, true, NULL);
	esession_store_free(mem);
}
END_TEST

/* ---- the public calls ------------------------------------------------- */

/* A 2048-bit RSA public key (e = 65537) and the SHA-256 fingerprint of
 * its Normalized <KeyValue/>, both from tests/store/kat/fingerprints.py
 * (Python; the KeyValue written by hand from XML-Signature §4.4.2). */
#define RSA_N                                                              \
	"8a288a14df9e67b3ba285666021a2b286d7dd3eb20c0cc1610d809e77517f013" \
	"02277fb1d9f9ac41a07bda6213a817ddf7af53a9a0e0529d107bdacc0d604f69" \
	"6a036e6dc139cc2978ecabf218144ef52f8a3367282819507e17d6632ae479c3" \
	"54d0f2600a27f34baceee753cfd08d98ffc2510e1b13017a04183e86087814e0" \
	"48bf5238d20cc2d7c549ddacb34d23b505dd48fc25c524eba975fb6c72246007" \
	"eaaac449322df6662b36b77e430ae76a6d6e6fdf9b6f4a586069d2a18849c9dc" \
	"eb864e83d3a1b78c05757dce0569b01675d65269262ba1bbc253334a5d03f63e" \
	"565f99af11dc8144244f85154c2d8d9bd02409d7cea1280f99990f5b9a5a18e1"
#define RSA_KV_SHA256 \
	"5339594f313546f035ce2539f2667c71216dfa5a9262413cea940c1f3d81cdb9"

static esession_key *rsa_key(void)
{
	size_t n_len = 0;
	uint8_t *n = es_test_unhex(RSA_N, &n_len);
	static const uint8_t e[] = {0x01, 0x00, 0x01};
	es_rsa_parts parts = {{n, n_len}, {e, sizeof(e)}, {NULL, 0},
	                      {NULL, 0},  {NULL, 0},      {NULL, 0}};
	es_sign_key *sk = NULL;
	ck_assert_status(es_sign_key_from_rsa(&sk, &parts), ESESSION_OK);
	free(n);
	esession_key *key = NULL;
	ck_assert_status(es_key_adopt(sk, &key), ESESSION_OK);
	return key;
}

START_TEST(add_key_stores_the_normalized_keyvalue)
{
	esession_key *key = rsa_key();
	esession_store *s = NULL;
	ck_assert_status(esession_store_new_memory(&s), ESESSION_OK);
	ck_assert_status(esession_store_add_key(s, ALICE, BOB, key, "Bob", 1),
	                 ESESSION_OK);

	/* Stored under the fingerprint computed independently. */
	size_t fp_len = 0;
	uint8_t *fp = es_test_unhex(RSA_KV_SHA256, &fp_len);
	uint8_t *stored = NULL;
	size_t len = 0;
	ck_assert_status(es_store_key_find(&s->store, ALICE, BOB,
	                                   ES_HASH_SHA256, fp, fp_len, &stored,
	                                   &len),
	                 ESESSION_OK);
	free(fp);
	/* And it is the key the peer will present. */
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	ck_assert_status(
	    es_store_key_check(&s->store, ALICE, BOB, stored, len, &r),
	    ESESSION_OK);
	ck_assert_uint_eq(r.flags, USED | VERIFIED);
	ck_assert(r.trusted);
	ck_assert_str_eq(r.petname, "Bob");
	es_store_key_report_clear(&r);
	free(stored);
	esession_store_free(s);
	esession_key_free(key);
}
END_TEST

START_TEST(public_calls_check_their_arguments)
{
	esession_key *key = rsa_key();
	esession_store *mem = NULL;
	ck_assert_status(esession_store_new_memory(&mem), ESESSION_OK);
	app_store a = {.st = ESESSION_OK};
	esession_store *keyless = custom(&keyless_ops, &a);

	ck_assert_status(esession_store_add_key(NULL, ALICE, BOB, key, NULL, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_store_add_key(mem, ALICE, BOB, NULL, NULL, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_store_add_key(mem, NULL, BOB, key, NULL, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(
	    esession_store_add_key(mem, ALICE, BOB "/r", key, NULL, 1),
	    ESESSION_EINVAL);
	ck_assert_status(esession_store_add_key(mem, ALICE, BOB, key, "", 1),
	                 ESESSION_EINVAL);
	ck_assert_status(
	    esession_store_add_key(keyless, ALICE, BOB, key, NULL, 1),
	    ESESSION_EUNSUPPORTED);
	ck_assert_status(esession_store_set_trust_new_keys(NULL, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_store_key_list_add(NULL, BOB, kv(KV_A),
	                                             strlen(KV_A), NULL, 1),
	                 ESESSION_EINVAL);
	bool known = true;
	ck_assert_status(es_store_key_known(&mem->store, ALICE, BOB, &known),
	                 ESESSION_OK);
	ck_assert(!known);
	esession_store_free(keyless);
	esession_store_free(mem);
	esession_key_free(key);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("store_keys_custom");
	TCase *t = tcase_create("custom");
	tcase_add_test(t, custom_store_reports_like_the_memory_store);
	tcase_add_test(t, custom_policy_decides_and_records_itself);
	tcase_add_test(t, store_without_key_operations_knows_no_key);
	tcase_add_test(t, key_operations_come_as_a_set);
	tcase_add_test(t, misbehaving_custom_store_is_contained);
	tcase_add_test(t, verdicts_outside_the_contract_are_refused);
	suite_add_tcase(s, t);

	t = tcase_create("public");
	tcase_add_test(t, add_key_stores_the_normalized_keyvalue);
	tcase_add_test(t, public_calls_check_their_arguments);
	suite_add_tcase(s, t);
	return s;
}
