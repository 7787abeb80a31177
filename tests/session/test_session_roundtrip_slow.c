/*
 * test_session_roundtrip_slow.c - the full cross product MODP group x
 * cipher x hash (XEP-0116 §"ESession Request": groups 1, 2, 5, 14-18;
 * every crypt_algs and hash_algs value we implement). Runs in the plain
 * pass only ('slow'): the 6144- and 8192-bit groups cost minutes under
 * valgrind.
 */
#include "roundtrip_common.h"
#include "test_util.h"

#include <check.h>

static const unsigned all_groups[] = {1, 2, 5, 14, 15, 16, 17, 18};
#define N_GROUPS (sizeof all_groups / sizeof all_groups[0])

/* The large groups with the default cipher/hash (the unit suite covers
 * 1, 2, 5, 14). */
START_TEST(test_large_group)
{
	rt_full_session(all_groups[4 + _i], "aes128-ctr", "sha256");
}
END_TEST

START_TEST(test_cross_product)
{
	size_t per_group = rt_n_ciphers * rt_n_hashes;
	size_t g = (size_t)_i / per_group;
	size_t c = ((size_t)_i % per_group) / rt_n_hashes;
	size_t h = (size_t)_i % rt_n_hashes;
	rt_full_session(all_groups[g], rt_ciphers[c], rt_hashes[h]);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("session_roundtrip_slow");
	TCase *tc = tcase_create("large_groups");
	tcase_set_timeout(tc, 1200);
	tcase_add_loop_test(tc, test_large_group, 0, 4);
	suite_add_tcase(s, tc);
	tc = tcase_create("cross_product");
	tcase_set_timeout(tc, 1800);
	tcase_add_loop_test(tc, test_cross_product, 0,
	                    (int)(N_GROUPS * rt_n_ciphers * rt_n_hashes));
	suite_add_tcase(s, tc);
	return s;
}
