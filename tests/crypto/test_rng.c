/* test_rng.c - es_rng: libgcrypt path and the deterministic test stream. */
#include "test_util.h"

#include "close_random.h"
#include "rng.h"

#include <stdlib.h>
#include <string.h>

/* Expected streams computed independently with Python's hmac/hashlib:
 * tests/crypto/kat/rng_stream.py prints both. */
#define SEED1 "esession rng seed 1"
#define SEED1_STREAM_80                                                    \
	"7126ad5d05fa33d263ab267635a8085a67bf13066177f3749438a1f686600033" \
	"96e715e39e7829760b0ff899656585dd6ff5b8a98110d7864691b7446693c909" \
	"8098e2d54c52099454f1265bd1bed70c"
#define EMPTY_SEED_STREAM_32 \
	"8da4c44409dc2e044e9a9969616b29a5f3996a7ee16ac350c4b0ca54c9d54686"

static es_rng *new_rng(const char *seed)
{
	es_rng *rng = NULL;
	ck_assert_status(es_rng_new_deterministic_for_tests(
	                     &rng, (const uint8_t *)seed, strlen(seed)),
	                 ESESSION_OK);
	ck_assert_ptr_nonnull(rng);
	return rng;
}

START_TEST(deterministic_stream_matches_python)
{
	es_rng *rng = new_rng(SEED1);
	uint8_t out[80];
	ck_assert_status(es_rng_bytes(rng, ES_RNG_KEY, out, sizeof out),
	                 ESESSION_OK);
	ck_assert_mem_hex(out, sizeof out, SEED1_STREAM_80);
	es_rng_free(rng);
}
END_TEST

/* The stream does not depend on how requests are split, nor on the kind. */
START_TEST(deterministic_stream_is_split_independent)
{
	es_rng *rng = new_rng(SEED1);
	uint8_t out[80];
	const size_t pieces[] = {1, 31, 0, 33, 15};
	const es_rng_kind kinds[] = {ES_RNG_NONCE, ES_RNG_SECRET, ES_RNG_KEY,
	                             ES_RNG_NONCE, ES_RNG_SECRET};
	size_t at = 0;
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		ck_assert_status(
		    es_rng_bytes(rng, kinds[i], out + at, pieces[i]),
		    ESESSION_OK);
		at += pieces[i];
	}
	ck_assert_uint_eq(at, sizeof out);
	ck_assert_mem_hex(out, sizeof out, SEED1_STREAM_80);
	es_rng_free(rng);
}
END_TEST

START_TEST(deterministic_empty_seed)
{
	es_rng *rng = NULL;
	ck_assert_status(es_rng_new_deterministic_for_tests(&rng, NULL, 0),
	                 ESESSION_OK);
	uint8_t out[32];
	ck_assert_status(es_rng_bytes(rng, ES_RNG_SECRET, out, sizeof out),
	                 ESESSION_OK);
	ck_assert_mem_hex(out, sizeof out, EMPTY_SEED_STREAM_32);
	es_rng_free(rng);
}
END_TEST

START_TEST(different_seeds_differ)
{
	es_rng *a = new_rng("seed A");
	es_rng *b = new_rng("seed B");
	uint8_t xa[32], xb[32];
	ck_assert_status(es_rng_bytes(a, ES_RNG_KEY, xa, sizeof xa),
	                 ESESSION_OK);
	ck_assert_status(es_rng_bytes(b, ES_RNG_KEY, xb, sizeof xb),
	                 ESESSION_OK);
	ck_assert_mem_ne(xa, xb, sizeof xa);
	es_rng_free(a);
	es_rng_free(b);
}
END_TEST

/* rng == NULL: libgcrypt, for every kind. Two draws of 32 bytes are equal
 * or all-zero with probability 2^-256. */
START_TEST(system_rng_every_kind)
{
	static const uint8_t zero[32];
	const es_rng_kind kinds[] = {ES_RNG_NONCE, ES_RNG_SECRET, ES_RNG_KEY};
	for (size_t i = 0; i < 3; i++) {
		uint8_t a[32], b[32];
		ck_assert_status(es_rng_bytes(NULL, kinds[i], a, sizeof a),
		                 ESESSION_OK);
		ck_assert_status(es_rng_bytes(NULL, kinds[i], b, sizeof b),
		                 ESESSION_OK);
		ck_assert_mem_ne(a, b, sizeof a);
		ck_assert_mem_ne(a, zero, sizeof a);
	}
}
END_TEST

START_TEST(bad_arguments)
{
	uint8_t out[4];
	ck_assert_status(es_rng_bytes(NULL, ES_RNG_KEY, NULL, 1),
	                 ESESSION_EINVAL);
	ck_assert_status(es_rng_bytes(NULL, (es_rng_kind)42, out, sizeof out),
	                 ESESSION_EINVAL);
	ck_assert_status(es_rng_bytes(NULL, ES_RNG_KEY, NULL, 0), ESESSION_OK);
	ck_assert_status(es_rng_new_deterministic_for_tests(NULL, NULL, 0),
	                 ESESSION_EINVAL);
	es_rng *rng = NULL;
	ck_assert_status(es_rng_new_deterministic_for_tests(&rng, NULL, 3),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(rng);
	es_rng_free(NULL);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("rng");
	TCase *tc = tcase_create("core");
	tcase_add_unchecked_fixture(tc, NULL, es_test_close_random);
	tcase_add_test(tc, deterministic_stream_matches_python);
	tcase_add_test(tc, deterministic_stream_is_split_independent);
	tcase_add_test(tc, deterministic_empty_seed);
	tcase_add_test(tc, different_seeds_differ);
	tcase_add_test(tc, system_rng_every_kind);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return s;
}
