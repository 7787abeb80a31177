/*
 * test_secmem.c - secure buffers, wiping, and the constant-time comparison.
 *
 * The constant-time test follows the ctgrind idea: the secret inputs are
 * marked undefined for valgrind memcheck, so any branch or memory index that
 * depends on them is reported as an error when the suite runs under the
 * valgrind test setup (which fails on any error). Outside valgrind the client
 * requests are no-ops and the test checks the results only.
 */
#include "test_util.h"

#include "secmem.h"

#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>

START_TEST(secbuf_alloc_copy_free)
{
	es_secbuf b = ES_SECBUF_INIT;
	ck_assert_status(es_secbuf_alloc(&b, 32), ESESSION_OK);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_uint_eq(b.len, 32);
	for (size_t i = 0; i < b.len; i++)
		ck_assert_uint_eq(b.data[i], 0);
	es_secbuf_free(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);

	const uint8_t src[5] = {1, 2, 3, 4, 5};
	ck_assert_status(es_secbuf_copy(&b, src, sizeof src), ESESSION_OK);
	ck_assert_mem_eq(b.data, src, sizeof src);
	es_secbuf_free(&b);

	/* Empty buffers and NULL are fine to free. */
	ck_assert_status(es_secbuf_alloc(&b, 0), ESESSION_OK);
	ck_assert_ptr_null(b.data);
	es_secbuf_free(&b);
	es_secbuf_free(NULL);
}
END_TEST

START_TEST(secbuf_rejects_bad_arguments)
{
	es_secbuf b = ES_SECBUF_INIT;
	ck_assert_status(es_secbuf_alloc(NULL, 4), ESESSION_EINVAL);
	ck_assert_status(es_secbuf_copy(&b, NULL, 4), ESESSION_EINVAL);
	ck_assert_ptr_null(b.data);
	/* More than the whole secure pool cannot be granted. */
	ck_assert_status(es_secbuf_alloc(&b, (size_t)1 << 30), ESESSION_ENOMEM);
	ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(wipe_zeroes)
{
	uint8_t buf[64];
	memset(buf, 0xa5, sizeof buf);
	es_wipe(buf, sizeof buf);
	for (size_t i = 0; i < sizeof buf; i++)
		ck_assert_uint_eq(buf[i], 0);
	es_wipe(NULL, 10); /* no-op */
}
END_TEST

START_TEST(ct_equal_results)
{
	uint8_t a[48], b[48];
	for (size_t i = 0; i < sizeof a; i++)
		a[i] = b[i] = (uint8_t)(i * 7 + 1);
	ck_assert(es_ct_equal(a, b, sizeof a));
	ck_assert(es_ct_equal(a, b, 0));
	/* A difference in any byte, in any bit, is found. */
	for (size_t i = 0; i < sizeof a; i++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			b[i] ^= (uint8_t)(1u << bit);
			ck_assert(!es_ct_equal(a, b, sizeof a));
			b[i] ^= (uint8_t)(1u << bit);
		}
	}
}
END_TEST

START_TEST(ct_equal_has_no_secret_dependent_branch)
{
	uint8_t a[32], b[32];
	for (size_t i = 0; i < sizeof a; i++)
		a[i] = b[i] = (uint8_t)i;
	b[3] ^= 1;
	/* Secrets: memcheck reports any branch that depends on them. */
	VALGRIND_MAKE_MEM_UNDEFINED(a, sizeof a);
	VALGRIND_MAKE_MEM_UNDEFINED(b, sizeof b);
	bool equal = es_ct_equal(a, b, sizeof a);
	/* The verdict itself is public. */
	VALGRIND_MAKE_MEM_DEFINED(&equal, sizeof equal);
	VALGRIND_MAKE_MEM_DEFINED(a, sizeof a);
	VALGRIND_MAKE_MEM_DEFINED(b, sizeof b);
	ck_assert(!equal);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("secmem");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, secbuf_alloc_copy_free);
	tcase_add_test(tc, secbuf_rejects_bad_arguments);
	tcase_add_test(tc, wipe_zeroes);
	tcase_add_test(tc, ct_equal_results);
	tcase_add_test(tc, ct_equal_has_no_secret_dependent_branch);
	suite_add_tcase(s, tc);
	return s;
}
