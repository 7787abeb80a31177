/*
 * test_sigma_retained.c - 'rshashes' and 'srshash' (XEP-0116 §"Sending
 * Alice's Identity", §"Generating Bob's Final Session Keys", §"Sending
 * Bob's Identity", §"Generating Alice's Final Session Keys"): padding,
 * Bob's two-list search and Alice's search. Expected HMACs are the
 * independent values of tests/sigma/kat/sigma_kat.py.
 */
#include "test_util.h"

#include "sigma_fixture.h"
#include "sigma_kat_values.h"

#include "sigma_retained.h"

#include <stdlib.h>
#include <string.h>

#define SPAN(p, n) ((es_span){(const uint8_t *)(p), (n)})

static es_span rs_span(size_t i)
{
	return SPAN(fx_rs[i], FX_RS_LEN);
}

START_TEST(build_puts_real_values_first_then_padding)
{
	es_rng *rng = NULL;
	const uint8_t seed[] = "sigma retained padding";
	ck_assert_status(
	    es_rng_new_deterministic_for_tests(&rng, seed, sizeof(seed) - 1),
	    ESESSION_OK);
	const es_span secrets[] = {rs_span(0), rs_span(1)};
	es_sigma_rshashes list = ES_SIGMA_RSHASHES_INIT;
	ck_assert_status(es_sigma_rshashes_build(ES_HASH_SHA256, rng, fx_n_a,
	                                         sizeof(fx_n_a), secrets, 2,
	                                         &list),
	                 ESESSION_OK);
	ck_assert_uint_eq(list.value_len, 32);
	ck_assert_uint_ge(list.count, 2 + ES_SIGMA_RSHASH_PADDING_MIN);
	ck_assert_uint_le(list.count, 2 + ES_SIGMA_RSHASH_PADDING_MAX);
	/* sigma_kat.py: RSHASH_1, RSHASH_2. */
	ck_assert_mem_hex(es_sigma_rshashes_value(&list, 0), 32, KAT_RSHASH_1);
	ck_assert_mem_hex(es_sigma_rshashes_value(&list, 1), 32, KAT_RSHASH_2);
	/* The padding is not a copy of a real value. */
	for (size_t i = 2; i < list.count; i++) {
		const uint8_t *v = es_sigma_rshashes_value(&list, i);
		ck_assert(memcmp(v, es_sigma_rshashes_value(&list, 0), 32) !=
		          0);
		ck_assert(memcmp(v, es_sigma_rshashes_value(&list, 1), 32) !=
		          0);
	}
	ck_assert_ptr_null(es_sigma_rshashes_value(&list, list.count));
	ck_assert_ptr_null(es_sigma_rshashes_value(NULL, 0));

	/* A non-empty output is refused. */
	ck_assert_status(es_sigma_rshashes_build(ES_HASH_SHA256, rng, fx_n_a,
	                                         sizeof(fx_n_a), secrets, 2,
	                                         &list),
	                 ESESSION_EINVAL);
	es_sigma_rshashes_free(&list);
	ck_assert_ptr_null(list.values);
	ck_assert_uint_eq(list.count, 0);
	es_sigma_rshashes_free(NULL);
	es_rng_free(rng);
}
END_TEST

START_TEST(padding_count_covers_one_to_four)
{
	/* spec/ambiguities.md "rshashes padding": r uniform in
	 * 1..4. Over 64 deterministic seeds every count occurs, none other;
	 * with no secret the field holds only padding. */
	bool seen[ES_SIGMA_RSHASH_PADDING_MAX + 1] = {false};
	for (uint8_t s = 0; s < 64; s++) {
		es_rng *rng = NULL;
		ck_assert_status(
		    es_rng_new_deterministic_for_tests(&rng, &s, 1),
		    ESESSION_OK);
		es_sigma_rshashes list = ES_SIGMA_RSHASHES_INIT;
		ck_assert_status(es_sigma_rshashes_build(ES_HASH_SHA256, rng,
		                                         fx_n_a, sizeof(fx_n_a),
		                                         NULL, 0, &list),
		                 ESESSION_OK);
		ck_assert_uint_ge(list.count, ES_SIGMA_RSHASH_PADDING_MIN);
		ck_assert_uint_le(list.count, ES_SIGMA_RSHASH_PADDING_MAX);
		seen[list.count] = true;
		es_sigma_rshashes_free(&list);
		es_rng_free(rng);
	}
	for (size_t r = ES_SIGMA_RSHASH_PADDING_MIN;
	     r <= ES_SIGMA_RSHASH_PADDING_MAX; r++)
		ck_assert_msg(seen[r], "padding count %zu never drawn", r);
}
END_TEST

START_TEST(build_rejects_bad_arguments)
{
	es_sigma_rshashes list = ES_SIGMA_RSHASHES_INIT;
	const es_span bad[] = {rs_span(0), SPAN(NULL, 0)};
	ck_assert_status(es_sigma_rshashes_build(ES_HASH_SHA256, NULL, fx_n_a,
	                                         sizeof(fx_n_a), bad, 2, &list),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_build(ES_HASH_SHA256, NULL, fx_n_a,
	                                         sizeof(fx_n_a), NULL, 1,
	                                         &list),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_build(ES_HASH_SHA256, NULL, fx_n_a,
	                                         0, bad, 1, &list),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_build(ES_HASH_SHA256, NULL, fx_n_a,
	                                         sizeof(fx_n_a), bad, 1, NULL),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_build((es_hash_alg)0, NULL, fx_n_a,
	                                         sizeof(fx_n_a), bad, 1, &list),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_ptr_null(list.values);
}
END_TEST

/* Alice's field: rshash(RS_2) hidden among random values of hlen bytes,
 * plus one value of another length that Bob must ignore. */
typedef struct received {
	uint8_t bytes[6][32];
	es_span spans[7];
	size_t n;
} received;

static void received_with(received *r, const es_span *secrets, size_t n)
{
	es_rng *rng = NULL;
	const uint8_t seed[] = "padding";
	ck_assert_status(
	    es_rng_new_deterministic_for_tests(&rng, seed, sizeof(seed) - 1),
	    ESESSION_OK);
	es_sigma_rshashes list = ES_SIGMA_RSHASHES_INIT;
	ck_assert_status(es_sigma_rshashes_build(ES_HASH_SHA256, rng, fx_n_a,
	                                         sizeof(fx_n_a), secrets, n,
	                                         &list),
	                 ESESSION_OK);
	ck_assert_uint_le(list.count, 6);
	r->n = 0;
	r->spans[r->n++] = SPAN(fx_rs[3], 7); /* wrong length: ignored */
	for (size_t i = 0; i < list.count; i++) {
		memcpy(r->bytes[i], es_sigma_rshashes_value(&list, i), 32);
		r->spans[r->n++] = SPAN(r->bytes[i], 32);
	}
	es_sigma_rshashes_free(&list);
	es_rng_free(rng);
}

START_TEST(bob_finds_srs_in_primary_list)
{
	const es_span alice[] = {rs_span(1)};
	received r;
	received_with(&r, alice, 1);
	const es_span primary[] = {rs_span(0), rs_span(1)};
	const es_span extended[] = {rs_span(2), rs_span(3)};
	es_sigma_srs_match m;
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), r.spans, r.n,
	                                          primary, 2, extended, 2, &m),
	                 ESESSION_OK);
	ck_assert(m.found);
	ck_assert(!m.extended);
	ck_assert_uint_eq(m.index, 1);
}
END_TEST

START_TEST(bob_finds_srs_in_extended_list)
{
	const es_span alice[] = {rs_span(2)};
	received r;
	received_with(&r, alice, 1);
	const es_span primary[] = {rs_span(0), rs_span(1)};
	const es_span extended[] = {rs_span(3), rs_span(2)};
	es_sigma_srs_match m;
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), r.spans, r.n,
	                                          primary, 2, extended, 2, &m),
	                 ESESSION_OK);
	ck_assert(m.found);
	ck_assert(m.extended);
	ck_assert_uint_eq(m.index, 1);

	/* Without the extended search (n_extended 0) there is no SRS. */
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), r.spans, r.n,
	                                          primary, 2, NULL, 0, &m),
	                 ESESSION_OK);
	ck_assert(!m.found);
	ck_assert_uint_eq(m.index, 0);
}
END_TEST

START_TEST(bob_prefers_primary_and_first_match)
{
	/* Alice sends hashes of RS_3 and RS_4; Bob holds RS_4 for Alice's
	 * bare JID and RS_3 elsewhere: the primary match wins. */
	const es_span alice[] = {rs_span(2), rs_span(3)};
	received r;
	received_with(&r, alice, 2);
	const es_span primary[] = {rs_span(0), rs_span(3)};
	const es_span extended[] = {rs_span(2)};
	es_sigma_srs_match m;
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), r.spans, r.n,
	                                          primary, 2, extended, 1, &m),
	                 ESESSION_OK);
	ck_assert(m.found && !m.extended);
	ck_assert_uint_eq(m.index, 1);

	/* Both in one list: the first in Bob's list order. */
	const es_span both[] = {rs_span(0), rs_span(3), rs_span(2)};
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), r.spans, r.n,
	                                          both, 3, NULL, 0, &m),
	                 ESESSION_OK);
	ck_assert(m.found && !m.extended);
	ck_assert_uint_eq(m.index, 1);
}
END_TEST

START_TEST(bob_finds_nothing_among_padding_or_other_nonce)
{
	received r;
	received_with(&r, NULL, 0); /* padding only */
	const es_span all[] = {rs_span(0), rs_span(1), rs_span(2), rs_span(3)};
	es_sigma_srs_match m;
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), r.spans, r.n,
	                                          all, 4, all, 4, &m),
	                 ESESSION_OK);
	ck_assert(!m.found);

	/* The right secret under another N_A (a replayed field) does not
	 * match: the key of the HMAC is the nonce. */
	const es_span alice[] = {rs_span(1)};
	received_with(&r, alice, 1);
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_b,
	                                          sizeof(fx_n_b), r.spans, r.n,
	                                          all, 4, NULL, 0, &m),
	                 ESESSION_OK);
	ck_assert(!m.found);

	/* No values at all. */
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), NULL, 0, all,
	                                          4, NULL, 0, &m),
	                 ESESSION_OK);
	ck_assert(!m.found);
}
END_TEST

START_TEST(bob_search_rejects_bad_arguments)
{
	const es_span good[] = {rs_span(0)};
	const es_span empty_secret[] = {SPAN(fx_rs[0], 0)};
	const es_span null_value[] = {SPAN(NULL, 32)};
	es_sigma_srs_match m;
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), good, 1,
	                                          empty_secret, 1, NULL, 0, &m),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), good, 1, good,
	                                          1, empty_secret, 1, &m),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), null_value, 1,
	                                          good, 1, NULL, 0, &m),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), NULL, 1, good,
	                                          1, NULL, 0, &m),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a, 0,
	                                          good, 1, good, 1, NULL, 0,
	                                          &m),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_search(ES_HASH_SHA256, fx_n_a,
	                                          sizeof(fx_n_a), good, 1, good,
	                                          1, NULL, 0, NULL),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sigma_rshashes_search((es_hash_alg)0, fx_n_a,
	                                          sizeof(fx_n_a), good, 1, good,
	                                          1, NULL, 0, &m),
	                 ESESSION_EUNSUPPORTED);
}
END_TEST

START_TEST(alice_finds_srs_from_srshash)
{
	/* sigma_kat.py: SRSHASH_3 = HMAC(RS_3, "Shared Retained Secret"). */
	size_t len = 0;
	uint8_t *srshash = es_test_unhex(KAT_SRSHASH_3, &len);
	const es_span mine[] = {rs_span(0), rs_span(1), rs_span(2), rs_span(3)};
	es_sigma_srs_match m;
	ck_assert_status(
	    es_sigma_srshash_search(ES_HASH_SHA256, srshash, len, mine, 4, &m),
	    ESESSION_OK);
	ck_assert(m.found && !m.extended);
	ck_assert_uint_eq(m.index, 2);

	/* Not in the list, empty list, one bit changed: not found. */
	ck_assert_status(
	    es_sigma_srshash_search(ES_HASH_SHA256, srshash, len, mine, 2, &m),
	    ESESSION_OK);
	ck_assert(!m.found);
	ck_assert_status(
	    es_sigma_srshash_search(ES_HASH_SHA256, srshash, len, NULL, 0, &m),
	    ESESSION_OK);
	ck_assert(!m.found);
	fx_flip(srshash, len, 255);
	ck_assert_status(
	    es_sigma_srshash_search(ES_HASH_SHA256, srshash, len, mine, 4, &m),
	    ESESSION_OK);
	ck_assert(!m.found);

	/* A field that is not hlen bytes: ESESSION_ESRSHASH. */
	ck_assert_status(es_sigma_srshash_search(ES_HASH_SHA256, srshash,
	                                         len - 1, mine, 4, &m),
	                 ESESSION_ESRSHASH);
	ck_assert_status(
	    es_sigma_srshash_search(ES_HASH_SHA256, srshash, 0, mine, 4, &m),
	    ESESSION_ESRSHASH);
	ck_assert_status(es_sigma_srshash_search(ES_HASH_WHIRLPOOL, srshash,
	                                         len, mine, 4, &m),
	                 ESESSION_ESRSHASH);
	ck_assert_status(
	    es_sigma_srshash_search(ES_HASH_SHA256, NULL, 32, mine, 4, &m),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_sigma_srshash_search(ES_HASH_SHA256, srshash, len, NULL, 4, &m),
	    ESESSION_EINVAL);
	ck_assert_status(es_sigma_srshash_search(ES_HASH_SHA256, srshash, len,
	                                         mine, 4, NULL),
	                 ESESSION_EINVAL);
	free(srshash);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("sigma_retained");
	TCase *tc = tcase_create("retained");
	tcase_add_test(tc, build_puts_real_values_first_then_padding);
	tcase_add_test(tc, padding_count_covers_one_to_four);
	tcase_add_test(tc, build_rejects_bad_arguments);
	tcase_add_test(tc, bob_finds_srs_in_primary_list);
	tcase_add_test(tc, bob_finds_srs_in_extended_list);
	tcase_add_test(tc, bob_prefers_primary_and_first_match);
	tcase_add_test(tc, bob_finds_nothing_among_padding_or_other_nonce);
	tcase_add_test(tc, bob_search_rejects_bad_arguments);
	tcase_add_test(tc, alice_finds_srs_from_srshash);
	suite_add_tcase(s, tc);
	return s;
}
