/*
 * test_groups_prime.c - every embedded p is a safe prime: p and
 * q = (p-1)/2 pass libgcrypt's primality test (gcry_prime_check: trial
 * division, a Fermat test and Rabin-Miller rounds).
 *
 * Its own suite because it is the slowest check of the crypto layer,
 * measured on the 2-core project machine: about 67 s natively (groups 17
 * and 18 alone 18 s and 38 s); under valgrind groups 1, 2, 5 and 14 take
 * about 3 minutes and the whole suite would take well over half an hour.
 */
#include "test_util.h"

#include "groups_mpi.h"

START_TEST(p_and_q_are_prime)
{
	const es_group *grp = es_group_at((size_t)_i);
	ck_assert_ptr_nonnull(grp);
	gcry_mpi_t p = NULL;
	ck_assert_status(es_group_p(grp, &p), ESESSION_OK);
	gcry_mpi_t q = gcry_mpi_new(0);
	gcry_mpi_sub_ui(q, p, 1);
	gcry_mpi_rshift(q, q, 1);
	ck_assert_msg(gcry_prime_check(p, 0) == 0, "group %u: p not prime",
	              es_group_number(grp));
	ck_assert_msg(gcry_prime_check(q, 0) == 0,
	              "group %u: (p-1)/2 not prime", es_group_number(grp));
	/* The check can fail: p - 2 is odd and composite (divisible by 3
	 * for every one of these p, since p = 2 mod 3). */
	gcry_mpi_sub_ui(q, p, 2);
	ck_assert_msg(gcry_prime_check(q, 0) != 0, "group %u: p-2 prime?",
	              es_group_number(grp));
	gcry_mpi_release(p);
	gcry_mpi_release(q);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("groups_prime");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 0);
	tcase_add_loop_test(tc, p_and_q_are_prime, 0, (int)es_group_count());
	suite_add_tcase(s, tc);
	return s;
}
