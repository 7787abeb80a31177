/*
 * test_store_keys.c - key associations in the in-memory store
 * (store.h "key associations"; XEP-0116 §"Verifying Keys", §"Key
 * Associations"): every ESESSION_PEER_KEY_* flag, petnames, trust on
 * first use, fingerprint look-ups, limits and argument checks.
 *
 * The store treats a Normalized <KeyValue/> as opaque bytes, so the keys
 * here are short hand-written KeyValue strings, not real keys.
 */
#include "store_memory.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALICE   "alice@example.com/home" /* the local client */
#define ALICE2  "alice@example.com/work" /* another local client */
#define BOB     "bob@example.net"
#define BOB_OLD "bob@old.example.net"
#define MALLORY "mallory@example.org"

/* Fingerprints: tests/store/kat/fingerprints.py (hashlib; OpenSSL). */
static const char KV_A[] = "<KeyValue><RSAKeyValue><Modulus>3q2+7w==</Modulus>"
                           "<Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>";
static const char KV_B[] = "<KeyValue><RSAKeyValue><Modulus>yv66vg==</Modulus>"
                           "<Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>";
#define KV_A_SHA256 \
	"ff2ad9f8295c942a5ce51656f34a195c0d68258f822097c219a49f89e9b4f943"
#define KV_B_SHA256 \
	"e24830303896ba6773b81c55023d5ea6567c5f1c7185d06ce33e1c9dda744f97"
#define KV_A_WHIRLPOOL                                                     \
	"9391b09aa9ac8fe5542f0f7f9bcf1e215856f8b79e78a906cd5767246615e4a1" \
	"48efdd2a85026f9e0be7fc844a58ff683e5fee3dfede19629e5ecc2036f04704"
#define KV_B_WHIRLPOOL                                                     \
	"0ddef4051ab53718aa057673767384f76d186b5a5bc965b534c2e282d86e0386" \
	"f43a9a8b67c8bc0d31df17fac6665e86ffd2bb659e8bae5829b5596b21432f2e"

#define USED      ESESSION_PEER_KEY_USED
#define NEW       ESESSION_PEER_KEY_NEW
#define VERIFIED  ESESSION_PEER_KEY_VERIFIED
#define OTHER_JID ESESSION_PEER_KEY_OTHER_JID
#define CHANGED   ESESSION_PEER_KEY_CHANGED
#define MISSING   ESESSION_PEER_KEY_MISSING

static const uint8_t *kv(const char *s)
{
	return (const uint8_t *)s;
}

static es_store new_store(void)
{
	es_store s = {NULL, NULL};
	ck_assert_status(es_store_memory_new(&s), ESESSION_OK);
	return s;
}

static esession_status add(const es_store *s, const char *jid,
                           const char *keyvalue, const char *petname,
                           bool verified)
{
	return es_store_key_add(s, ALICE, jid, kv(keyvalue), strlen(keyvalue),
	                        petname, verified);
}

/* Check keyvalue presented by jid; assert flags and trust; return the
 * petname (copied, caller frees) or NULL. */
static char *expect(const es_store *s, const char *jid, const char *keyvalue,
                    unsigned flags, bool trusted)
{
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	size_t len = keyvalue != NULL ? strlen(keyvalue) : 0;
	ck_assert_status(
	    es_store_key_check(s, ALICE, jid,
	                       keyvalue != NULL ? kv(keyvalue) : NULL, len, &r),
	    ESESSION_OK);
	ck_assert_msg(r.flags == flags, "flags 0x%x, expected 0x%x", r.flags,
	              flags);
	ck_assert(r.trusted == trusted);
	char *petname = r.petname;
	r.petname = NULL;
	es_store_key_report_clear(&r);
	return petname;
}

static bool known(const es_store *s, const char *jid)
{
	bool k = true;
	ck_assert_status(es_store_key_known(s, ALICE, jid, &k), ESESSION_OK);
	return k;
}

/* ---- flags and trust -------------------------------------------------- */

START_TEST(new_key_is_untrusted_by_default)
{
	es_store s = new_store();
	ck_assert_ptr_null(expect(&s, BOB, KV_A, USED | NEW, false));
	/* Refused, so not remembered: still NEW, nothing associated. */
	ck_assert_ptr_null(expect(&s, BOB, KV_A, USED | NEW, false));
	ck_assert(!known(&s, BOB));
	es_store_free(&s);
}
END_TEST

START_TEST(trust_on_first_use_records_the_association)
{
	es_store s = new_store();
	ck_assert_status(es_store_set_trust_new_keys(&s, true), ESESSION_OK);
	ck_assert(!known(&s, BOB));
	ck_assert_ptr_null(expect(&s, BOB, KV_A, USED | NEW, true));
	ck_assert(known(&s, BOB));
	/* Second session: known, associated, unverified (nobody checked). */
	ck_assert_ptr_null(expect(&s, BOB, KV_A, USED, true));
	/* Another JID presenting it is reported and refused. */
	ck_assert_ptr_null(expect(&s, MALLORY, KV_A, USED | OTHER_JID, false));
	/* Turning it off keeps what was associated. */
	ck_assert_status(es_store_set_trust_new_keys(&s, false), ESESSION_OK);
	ck_assert_ptr_null(expect(&s, BOB, KV_A, USED, true));
	ck_assert_ptr_null(expect(&s, MALLORY, KV_B, USED | NEW, false));
	es_store_free(&s);
}
END_TEST

START_TEST(trust_on_first_use_refuses_a_changed_key)
{
	es_store s = new_store();
	ck_assert_status(es_store_set_trust_new_keys(&s, true), ESESSION_OK);
	ck_assert_ptr_null(expect(&s, BOB, KV_A, USED | NEW, true));
	/* XEP-0116: "a public key with a different fingerprint ... MUST
	 * alert its user": reported, refused, and not recorded. */
	ck_assert_ptr_null(expect(&s, BOB, KV_B, USED | NEW | CHANGED, false));
	ck_assert_ptr_null(expect(&s, BOB, KV_B, USED | NEW | CHANGED, false));
	ck_assert_ptr_null(expect(&s, BOB, KV_A, USED, true));
	es_store_free(&s);
}
END_TEST

START_TEST(verified_key_with_petname)
{
	es_store s = new_store();
	ck_assert_status(add(&s, BOB, KV_A, "Bob Smith", true), ESESSION_OK);
	char *petname = expect(&s, BOB, KV_A, USED | VERIFIED, true);
	ck_assert_str_eq(petname, "Bob Smith");
	free(petname);
	ck_assert(known(&s, BOB));
	es_store_free(&s);
}
END_TEST

START_TEST(added_unverified_key_is_trusted_but_not_verified)
{
	es_store s = new_store();
	ck_assert_status(add(&s, BOB, KV_A, NULL, false), ESESSION_OK);
	ck_assert_ptr_null(expect(&s, BOB, KV_A, USED, true));
	es_store_free(&s);
}
END_TEST

START_TEST(key_of_another_jid_is_refused_even_when_verified)
{
	/* XEP-0116 §"Key Associations": Mallory "could use his own public
	 * key (that is trusted by Bob) and pretend to be Alice". */
	es_store s = new_store();
	ck_assert_status(es_store_set_trust_new_keys(&s, true), ESESSION_OK);
	ck_assert_status(add(&s, MALLORY, KV_A, "Mallory", true), ESESSION_OK);
	char *petname =
	    expect(&s, BOB, KV_A, USED | VERIFIED | OTHER_JID, false);
	/* The petname says whose key it really is. */
	ck_assert_str_eq(petname, "Mallory");
	free(petname);
	ck_assert(!known(&s, BOB));

	/* The same while Bob has a key of his own: CHANGED as well. */
	ck_assert_status(add(&s, BOB, KV_B, "Bob", true), ESESSION_OK);
	petname =
	    expect(&s, BOB, KV_A, USED | VERIFIED | OTHER_JID | CHANGED, false);
	ck_assert_str_eq(petname, "Mallory");
	free(petname);
	es_store_free(&s);
}
END_TEST

START_TEST(one_key_for_several_jids)
{
	/* XEP-0116: "Alice MAY use many different JIDs to talk to Bob, but
	 * always identify herself to him with the same public key". */
	es_store s = new_store();
	ck_assert_status(add(&s, BOB, KV_A, "Bob", true), ESESSION_OK);
	ck_assert_status(add(&s, BOB_OLD, KV_A, NULL, true), ESESSION_OK);
	/* Trusted for both, and each time the other JID is reported. */
	char *petname =
	    expect(&s, BOB, KV_A, USED | VERIFIED | OTHER_JID, true);
	ck_assert_str_eq(petname, "Bob");
	free(petname);
	petname = expect(&s, BOB_OLD, KV_A, USED | VERIFIED | OTHER_JID, true);
	ck_assert_str_eq(petname, "Bob");
	free(petname);
	es_store_free(&s);
}
END_TEST

START_TEST(several_keys_for_one_jid)
{
	/* Two clients of one bare JID with their own keys: either key is
	 * one of the JID's, so neither is CHANGED. */
	es_store s = new_store();
	ck_assert_status(add(&s, BOB, KV_A, "Bob (laptop)", true), ESESSION_OK);
	ck_assert_status(add(&s, BOB, KV_B, "Bob (phone)", false), ESESSION_OK);
	char *petname = expect(&s, BOB, KV_A, USED | VERIFIED, true);
	ck_assert_str_eq(petname, "Bob (laptop)");
	free(petname);
	petname = expect(&s, BOB, KV_B, USED, true);
	ck_assert_str_eq(petname, "Bob (phone)");
	free(petname);
	es_store_free(&s);
}
END_TEST

START_TEST(missing_key)
{
	es_store s = new_store();
	/* No key ever stored for Bob: nothing to report. */
	ck_assert_ptr_null(expect(&s, BOB, NULL, 0, true));
	ck_assert_status(add(&s, BOB, KV_A, "Bob", true), ESESSION_OK);
	/* XEP-0116: "(or no key at all) then the entity MUST alert". */
	ck_assert_ptr_null(expect(&s, BOB, NULL, MISSING, true));
	ck_assert_ptr_null(expect(&s, MALLORY, NULL, 0, true));
	es_store_free(&s);
}
END_TEST

START_TEST(adding_again_updates_petname_and_verification)
{
	es_store s = new_store();
	ck_assert_status(add(&s, BOB, KV_A, "Bob", false), ESESSION_OK);
	ck_assert_status(add(&s, BOB, KV_A, NULL, true), ESESSION_OK);
	/* NULL kept the petname; verification was replaced. */
	char *petname = expect(&s, BOB, KV_A, USED | VERIFIED, true);
	ck_assert_str_eq(petname, "Bob");
	free(petname);
	ck_assert_status(add(&s, BOB, KV_A, "Robert", false), ESESSION_OK);
	petname = expect(&s, BOB, KV_A, USED, true);
	ck_assert_str_eq(petname, "Robert");
	free(petname);
	/* Verification belongs to the key: verifying it under another JID
	 * verifies it for Bob too. */
	ck_assert_status(add(&s, BOB_OLD, KV_A, NULL, true), ESESSION_OK);
	petname = expect(&s, BOB, KV_A, USED | VERIFIED | OTHER_JID, true);
	ck_assert_str_eq(petname, "Robert");
	free(petname);
	es_store_free(&s);
}
END_TEST

START_TEST(keys_are_per_local_jid)
{
	es_store s = new_store();
	ck_assert_status(add(&s, BOB, KV_A, "Bob", true), ESESSION_OK);
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	ck_assert_status(
	    es_store_key_check(&s, ALICE2, BOB, kv(KV_A), strlen(KV_A), &r),
	    ESESSION_OK);
	ck_assert_uint_eq(r.flags, USED | NEW);
	ck_assert(!r.trusted);
	ck_assert_ptr_null(r.petname);
	es_store_key_report_clear(&r);
	bool k = true;
	ck_assert_status(es_store_key_known(&s, ALICE2, BOB, &k), ESESSION_OK);
	ck_assert(!k);
	es_store_free(&s);
}
END_TEST

/* Every combination of (key associated with the JID, NEW, CHANGED,
 * trust_new_keys); OTHER_JID and VERIFIED never change the verdict. */
START_TEST(rule_table)
{
	static const struct {
		unsigned flags;
		bool associated, tofu;
		es_store_key_verdict verdict;
	} rows[] = {
	    {USED, true, false, ES_STORE_KEY_ACCEPT},
	    {USED | VERIFIED | OTHER_JID, true, false, ES_STORE_KEY_ACCEPT},
	    {USED, true, true, ES_STORE_KEY_ACCEPT},
	    {USED | NEW, false, false, ES_STORE_KEY_REFUSE},
	    {USED | NEW, false, true, ES_STORE_KEY_ACCEPT_NEW},
	    {USED | NEW | CHANGED, false, true, ES_STORE_KEY_REFUSE},
	    {USED | NEW | CHANGED, false, false, ES_STORE_KEY_REFUSE},
	    {USED | VERIFIED | OTHER_JID, false, true, ES_STORE_KEY_REFUSE},
	    {USED | OTHER_JID | CHANGED, false, true, ES_STORE_KEY_REFUSE},
	    {USED, false, true, ES_STORE_KEY_REFUSE},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ck_assert_msg(
		    es_store_key_rule(rows[i].flags, rows[i].associated,
		                      rows[i].tofu) == rows[i].verdict,
		    "row %zu", i);
}
END_TEST

/* ---- fingerprints ('hash' identification) ----------------------------- */

static void expect_found(const es_store *s, const char *jid, es_hash_alg alg,
                         const char *fp_hex, const char *expected)
{
	size_t fp_len = 0;
	uint8_t *fp = es_test_unhex(fp_hex, &fp_len);
	uint8_t *found = NULL;
	size_t len = 0;
	ck_assert_status(
	    es_store_key_find(s, ALICE, jid, alg, fp, fp_len, &found, &len),
	    ESESSION_OK);
	ck_assert_uint_eq(len, strlen(expected));
	ck_assert_mem_eq(found, expected, len);
	free(found);
	free(fp);
}

static void expect_not_found(const es_store *s, const char *jid,
                             es_hash_alg alg, const uint8_t *fp, size_t fp_len)
{
	uint8_t *found = (uint8_t *)1;
	size_t len = 1;
	ck_assert_status(
	    es_store_key_find(s, ALICE, jid, alg, fp, fp_len, &found, &len),
	    ESESSION_EKEY_UNKNOWN);
	ck_assert_ptr_null(found);
	ck_assert_uint_eq(len, 0);
}

START_TEST(find_by_sha256_and_whirlpool)
{
	es_store s = new_store();
	ck_assert_status(add(&s, BOB, KV_A, NULL, true), ESESSION_OK);
	ck_assert_status(add(&s, BOB, KV_B, NULL, false), ESESSION_OK);
	expect_found(&s, BOB, ES_HASH_SHA256, KV_A_SHA256, KV_A);
	expect_found(&s, BOB, ES_HASH_SHA256, KV_B_SHA256, KV_B);
	expect_found(&s, BOB, ES_HASH_WHIRLPOOL, KV_A_WHIRLPOOL, KV_A);
	expect_found(&s, BOB, ES_HASH_WHIRLPOOL, KV_B_WHIRLPOOL, KV_B);
	es_store_free(&s);
}
END_TEST

START_TEST(find_misses)
{
	es_store s = new_store();
	ck_assert_status(add(&s, BOB, KV_A, NULL, true), ESESSION_OK);
	ck_assert_status(add(&s, MALLORY, KV_B, NULL, true), ESESSION_OK);
	size_t n = 0;
	uint8_t *fp_a = es_test_unhex(KV_A_SHA256, &n);
	uint8_t *fp_b = es_test_unhex(KV_B_SHA256, &n);
	uint8_t *wp_a = es_test_unhex(KV_A_WHIRLPOOL, &n);

	/* A key of another JID is not Bob's. */
	expect_not_found(&s, BOB, ES_HASH_SHA256, fp_b, 32);
	expect_not_found(&s, BOB_OLD, ES_HASH_SHA256, fp_a, 32);
	/* One bit off. */
	fp_a[31] ^= 0x01;
	expect_not_found(&s, BOB, ES_HASH_SHA256, fp_a, 32);
	fp_a[31] ^= 0x01;
	/* Wrong lengths name no key: truncated, or the right bytes under
	 * the other algorithm. */
	expect_not_found(&s, BOB, ES_HASH_SHA256, fp_a, 31);
	expect_not_found(&s, BOB, ES_HASH_SHA256, wp_a, 64);
	expect_not_found(&s, BOB, ES_HASH_WHIRLPOOL, fp_a, 32);
	expect_not_found(&s, BOB, ES_HASH_SHA256, fp_a, 0);
	/* Another local client holds nothing. */
	uint8_t *found = NULL;
	size_t len = 0;
	ck_assert_status(es_store_key_find(&s, ALICE2, BOB, ES_HASH_SHA256,
	                                   fp_a, 32, &found, &len),
	                 ESESSION_EKEY_UNKNOWN);
	/* The right one still works. */
	expect_found(&s, BOB, ES_HASH_SHA256, KV_A_SHA256, KV_A);
	free(fp_a);
	free(fp_b);
	free(wp_a);
	es_store_free(&s);
}
END_TEST

START_TEST(find_rejects_bad_arguments)
{
	es_store s = new_store();
	uint8_t fp[32] = {0};
	uint8_t *found = NULL;
	size_t len = 0;
	ck_assert_status(es_store_key_find(NULL, ALICE, BOB, ES_HASH_SHA256, fp,
	                                   32, &found, &len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_find(&s, ALICE, BOB, ES_HASH_SHA256, NULL,
	                                   32, &found, &len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_find(&s, ALICE, BOB, (es_hash_alg)0, fp,
	                                   32, &found, &len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_find(&s, ALICE, BOB "/res",
	                                   ES_HASH_SHA256, fp, 32, &found,
	                                   &len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_find(&s, "", BOB, ES_HASH_SHA256, fp, 32,
	                                   &found, &len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_find(&s, ALICE, BOB, ES_HASH_SHA256, fp,
	                                   32, NULL, &len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_find(&s, ALICE, BOB, ES_HASH_SHA256, fp,
	                                   32, &found, NULL),
	                 ESESSION_EINVAL);
	es_store_free(&s);
}
END_TEST

/* The KATs above are independent of es_hash; this only confirms that the
 * store hashes exactly the bytes it was given (no terminator, no copy
 * error) by hashing them with es_hash too. */
START_TEST(fingerprints_agree_with_es_hash)
{
	uint8_t out[ES_HASH_MAX_LEN];
	es_span part = {kv(KV_A), strlen(KV_A)};
	ck_assert_status(es_hash(ES_HASH_SHA256, &part, 1, out, sizeof(out)),
	                 ESESSION_OK);
	ck_assert_mem_hex(out, 32, KV_A_SHA256);
	ck_assert_status(es_hash(ES_HASH_WHIRLPOOL, &part, 1, out, sizeof(out)),
	                 ESESSION_OK);
	ck_assert_mem_hex(out, 64, KV_A_WHIRLPOOL);
}
END_TEST

/* ---- limits ----------------------------------------------------------- */

static void numbered_key(char *buf, size_t size, unsigned i)
{
	int n = snprintf(buf, size,
	                 "<KeyValue><RSAKeyValue><Modulus>%08u</Modulus>"
	                 "<Exponent>AQAB</Exponent></RSAKeyValue></KeyValue>",
	                 i);
	ck_assert(n > 0 && (size_t)n < size);
}

START_TEST(store_holds_at_most_1024_keys)
{
	es_store s = new_store();
	char key[128];
	for (unsigned i = 0; i < ES_STORE_KEYS_MAX; i++) {
		numbered_key(key, sizeof(key), i);
		ck_assert_status(add(&s, BOB, key, NULL, false), ESESSION_OK);
	}
	numbered_key(key, sizeof(key), ES_STORE_KEYS_MAX);
	ck_assert_status(add(&s, BOB, key, NULL, false), ESESSION_ESTORE);
	/* Known keys are still updated and associated. */
	numbered_key(key, sizeof(key), 7);
	ck_assert_status(add(&s, MALLORY, key, "seven", true), ESESSION_OK);

	/* A peer cannot grow a full store through trust on first use: the
	 * first-use association fails and so does the check. */
	ck_assert_status(es_store_set_trust_new_keys(&s, true), ESESSION_OK);
	numbered_key(key, sizeof(key), ES_STORE_KEYS_MAX + 1);
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	ck_assert_status(
	    es_store_key_check(&s, ALICE, BOB_OLD, kv(key), strlen(key), &r),
	    ESESSION_ESTORE);
	ck_assert_uint_eq(r.flags, 0);
	ck_assert(!r.trusted);
	ck_assert_ptr_null(r.petname);
	ck_assert(!known(&s, BOB_OLD));
	es_store_free(&s);
}
END_TEST

START_TEST(key_has_at_most_64_jids)
{
	es_store s = new_store();
	char jid[64];
	for (unsigned i = 0; i < ES_STORE_KEY_JIDS_MAX; i++) {
		snprintf(jid, sizeof(jid), "user%u@example.com", i);
		ck_assert_status(add(&s, jid, KV_A, NULL, true), ESESSION_OK);
	}
	ck_assert_status(add(&s, BOB, KV_A, NULL, true), ESESSION_ESTORE);
	ck_assert(!known(&s, BOB));
	/* Already associated: an update, not a new association. */
	ck_assert_status(add(&s, "user0@example.com", KV_A, "zero", true),
	                 ESESSION_OK);
	/* And a full key does not stop other keys. */
	ck_assert_status(add(&s, BOB, KV_B, NULL, true), ESESSION_OK);
	es_store_free(&s);
}
END_TEST

START_TEST(keyvalue_and_petname_lengths)
{
	es_store s = new_store();
	uint8_t *big = malloc(ES_STORE_KEYVALUE_MAX + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, 'k', ES_STORE_KEYVALUE_MAX + 1);
	ck_assert_status(es_store_key_add(&s, ALICE, BOB, big,
	                                  ES_STORE_KEYVALUE_MAX + 1, NULL,
	                                  true),
	                 ESESSION_EKEYVALUE);
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	ck_assert_status(es_store_key_check(&s, ALICE, BOB, big,
	                                    ES_STORE_KEYVALUE_MAX + 1, &r),
	                 ESESSION_EKEYVALUE);
	ck_assert_status(es_store_key_add(&s, ALICE, BOB, big,
	                                  ES_STORE_KEYVALUE_MAX, NULL, true),
	                 ESESSION_OK);
	ck_assert_status(
	    es_store_key_check(&s, ALICE, BOB, big, ES_STORE_KEYVALUE_MAX, &r),
	    ESESSION_OK);
	ck_assert_uint_eq(r.flags, USED | VERIFIED);
	es_store_key_report_clear(&r);
	free(big);

	char name[ES_STORE_PETNAME_MAX + 2];
	memset(name, 'n', sizeof(name));
	name[ES_STORE_PETNAME_MAX + 1] = '\0';
	ck_assert_status(add(&s, BOB, KV_A, name, true), ESESSION_EINVAL);
	ck_assert_status(add(&s, BOB, KV_A, "", true), ESESSION_EINVAL);
	name[ES_STORE_PETNAME_MAX] = '\0';
	ck_assert_status(add(&s, BOB, KV_A, name, true), ESESSION_OK);
	char *petname = expect(&s, BOB, KV_A, USED | VERIFIED, true);
	ck_assert_uint_eq(strlen(petname), ES_STORE_PETNAME_MAX);
	free(petname);
	es_store_free(&s);
}
END_TEST

/* ---- arguments -------------------------------------------------------- */

START_TEST(check_rejects_bad_arguments)
{
	es_store s = new_store();
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	const uint8_t *a = kv(KV_A);
	size_t n = strlen(KV_A);
	ck_assert_status(es_store_key_check(NULL, ALICE, BOB, a, n, &r),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_check(&s, NULL, BOB, a, n, &r),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_check(&s, "", BOB, a, n, &r),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_check(&s, ALICE, NULL, a, n, &r),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_check(&s, ALICE, "", a, n, &r),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_check(&s, ALICE, BOB "/r", a, n, &r),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_check(&s, ALICE, BOB, a, 0, &r),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_check(&s, ALICE, BOB, NULL, n, &r),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_check(&s, ALICE, BOB, a, n, NULL),
	                 ESESSION_EINVAL);
	/* A report still holding a result would leak its petname. */
	r.trusted = true;
	ck_assert_status(es_store_key_check(&s, ALICE, BOB, a, n, &r),
	                 ESESSION_EINVAL);
	r = (es_store_key_report)ES_STORE_KEY_REPORT_INIT;
	r.flags = USED;
	ck_assert_status(es_store_key_check(&s, ALICE, BOB, a, n, &r),
	                 ESESSION_EINVAL);
	es_store_free(&s);
}
END_TEST

START_TEST(add_and_known_reject_bad_arguments)
{
	es_store s = new_store();
	const uint8_t *a = kv(KV_A);
	size_t n = strlen(KV_A);
	ck_assert_status(es_store_key_add(NULL, ALICE, BOB, a, n, NULL, true),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_add(&s, "", BOB, a, n, NULL, true),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_add(&s, ALICE, BOB "/r", a, n, NULL, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_add(&s, ALICE, BOB, NULL, n, NULL, true),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_add(&s, ALICE, BOB, a, 0, NULL, true),
	                 ESESSION_EINVAL);
	bool k = true;
	ck_assert_status(es_store_key_known(&s, ALICE, BOB "/r", &k),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_known(&s, NULL, BOB, &k),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_known(&s, ALICE, BOB, NULL),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_known(NULL, ALICE, BOB, &k),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_set_trust_new_keys(NULL, true),
	                 ESESSION_EINVAL);
	ck_assert(!known(&s, BOB));
	es_store_free(&s);
}
END_TEST

START_TEST(key_list_append_checks_rows)
{
	es_store_key_list l = ES_STORE_KEY_LIST_INIT;
	const uint8_t *a = kv(KV_A);
	size_t n = strlen(KV_A);
	ck_assert_status(es_store_key_list_append(NULL, BOB, a, n, NULL, true),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_list_append(&l, "", a, n, NULL, true),
	                 ESESSION_EINVAL);
	ck_assert_status(
	    es_store_key_list_append(&l, BOB "/r", a, n, NULL, true),
	    ESESSION_EINVAL);
	ck_assert_status(es_store_key_list_append(&l, BOB, NULL, n, NULL, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_list_append(&l, BOB, a, 0, NULL, true),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_list_append(
	                     &l, BOB, a, ES_STORE_KEYVALUE_MAX + 1, NULL, true),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_key_list_append(&l, BOB, a, n, "", true),
	                 ESESSION_EINVAL);
	ck_assert_uint_eq(l.count, 0);
	for (size_t i = 0; i < ES_STORE_KEYS_MAX; i++)
		ck_assert_status(
		    es_store_key_list_append(&l, BOB, a, n, "pet", false),
		    ESESSION_OK);
	ck_assert_status(es_store_key_list_append(&l, BOB, a, n, NULL, true),
	                 ESESSION_ESTORE);
	ck_assert_uint_eq(l.count, ES_STORE_KEYS_MAX);
	ck_assert_str_eq(l.rows[5].petname, "pet");
	ck_assert_uint_eq(l.rows[5].len, n);
	ck_assert_mem_eq(l.rows[5].keyvalue, a, n);
	es_store_key_list_free(&l);
	ck_assert_ptr_null(l.rows);
	ck_assert_uint_eq(l.count, 0);
	es_store_key_list_free(NULL);
	es_store_key_report_clear(NULL);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("store_keys");
	TCase *t = tcase_create("flags");
	tcase_add_test(t, new_key_is_untrusted_by_default);
	tcase_add_test(t, trust_on_first_use_records_the_association);
	tcase_add_test(t, trust_on_first_use_refuses_a_changed_key);
	tcase_add_test(t, verified_key_with_petname);
	tcase_add_test(t, added_unverified_key_is_trusted_but_not_verified);
	tcase_add_test(t, key_of_another_jid_is_refused_even_when_verified);
	tcase_add_test(t, one_key_for_several_jids);
	tcase_add_test(t, several_keys_for_one_jid);
	tcase_add_test(t, missing_key);
	tcase_add_test(t, adding_again_updates_petname_and_verification);
	tcase_add_test(t, keys_are_per_local_jid);
	tcase_add_test(t, rule_table);
	suite_add_tcase(s, t);

	t = tcase_create("fingerprints");
	tcase_add_test(t, find_by_sha256_and_whirlpool);
	tcase_add_test(t, find_misses);
	tcase_add_test(t, find_rejects_bad_arguments);
	tcase_add_test(t, fingerprints_agree_with_es_hash);
	suite_add_tcase(s, t);

	t = tcase_create("limits");
	tcase_add_test(t, store_holds_at_most_1024_keys);
	tcase_add_test(t, key_has_at_most_64_jids);
	tcase_add_test(t, keyvalue_and_petname_lengths);
	suite_add_tcase(s, t);

	t = tcase_create("arguments");
	tcase_add_test(t, check_rejects_bad_arguments);
	tcase_add_test(t, add_and_known_reject_bad_arguments);
	tcase_add_test(t, key_list_append_checks_rows);
	suite_add_tcase(s, t);
	return s;
}
