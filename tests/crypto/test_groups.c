/*
 * test_groups.c - the embedded MODP constants against the reference copy
 * spec/reference/modp-groups.txt (RFC 2409 groups 1, 2; RFC 3526 groups
 * 5, 14-18), lookup, and the range check.
 *
 * The primality of p and (p-1)/2 is checked in test_groups_prime.c, a
 * separate slow suite (about 65 s natively, and about 3 minutes under
 * valgrind for groups 1 to 14 alone).
 */
#include "test_util.h"

#include "groups_mpi.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(constants_equal_reference_file)
{
	char *path = es_test_source_path("spec/reference/modp-groups.txt");
	char *text = es_test_read_file(path, NULL);
	size_t seen = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		unsigned number = 0, bits = 0, g = 0;
		char hex[2100];
		ck_assert_int_eq(sscanf(line, "group %u bits %u g %u p %2099s",
		                        &number, &bits, &g, hex),
		                 4);
		const es_group *grp = NULL;
		ck_assert_status(es_group_find(number, &grp), ESESSION_OK);
		ck_assert_uint_eq(es_group_number(grp), number);
		ck_assert_uint_eq(es_group_bits(grp), bits);
		ck_assert_uint_eq(es_group_generator(grp), g);
		ck_assert_uint_eq(g, 2);
		ck_assert_uint_eq(es_group_p_len(grp), (bits + 7) / 8);

		gcry_mpi_t from_file = NULL;
		ck_assert_int_eq(
		    gcry_mpi_scan(&from_file, GCRYMPI_FMT_HEX, hex, 0, NULL),
		    0);
		gcry_mpi_t p = NULL, gen = NULL;
		ck_assert_status(es_group_p(grp, &p), ESESSION_OK);
		ck_assert_status(es_group_g(grp, &gen), ESESSION_OK);
		ck_assert_int_eq(gcry_mpi_cmp(p, from_file), 0);
		ck_assert_uint_eq(gcry_mpi_get_nbits(p), bits);
		ck_assert_int_eq(gcry_mpi_cmp_ui(gen, 2), 0);
		gcry_mpi_release(from_file);
		gcry_mpi_release(p);
		gcry_mpi_release(gen);
		seen++;
	}
	/* Every embedded group appears in the file and vice versa. */
	ck_assert_uint_eq(seen, 8);
	ck_assert_uint_eq(es_group_count(), 8);
	free(text);
	free(path);
}
END_TEST

START_TEST(lookup_in_order)
{
	static const unsigned expect[] = {1, 2, 5, 14, 15, 16, 17, 18};
	for (size_t i = 0; i < es_group_count(); i++)
		ck_assert_uint_eq(es_group_number(es_group_at(i)), expect[i]);
	ck_assert_ptr_null(es_group_at(es_group_count()));
}
END_TEST

START_TEST(unknown_groups_unsupported)
{
	static const unsigned unknown[] = {0, 3, 4, 6, 13, 19, 24, UINT_MAX};
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		const es_group *grp = NULL;
		ck_assert_status(es_group_find(unknown[i], &grp),
		                 ESESSION_EUNSUPPORTED);
		ck_assert_ptr_null(grp);
	}
	ck_assert_status(es_group_find(14, NULL), ESESSION_EINVAL);
}
END_TEST

/* XEP-0116 §"ESession Response (Bob)" and §"ESession Accept (Alice)": 1 < v < p
 * - 1, on the integer level. */
START_TEST(range_check_bounds)
{
	for (size_t i = 0; i < es_group_count(); i++) {
		const es_group *grp = es_group_at(i);
		gcry_mpi_t p = NULL;
		ck_assert_status(es_group_p(grp, &p), ESESSION_OK);
		gcry_mpi_t v = gcry_mpi_new(0);

		gcry_mpi_set_ui(v, 0);
		ck_assert_status(es_group_check_range(grp, v),
		                 ESESSION_EDH_RANGE);
		gcry_mpi_set_ui(v, 1);
		ck_assert_status(es_group_check_range(grp, v),
		                 ESESSION_EDH_RANGE);
		gcry_mpi_set_ui(v, 2);
		ck_assert_status(es_group_check_range(grp, v), ESESSION_OK);
		gcry_mpi_set_ui(v, 5);
		gcry_mpi_neg(v, v);
		ck_assert_status(es_group_check_range(grp, v),
		                 ESESSION_EDH_RANGE);
		gcry_mpi_sub_ui(v, p, 2);
		ck_assert_status(es_group_check_range(grp, v), ESESSION_OK);
		gcry_mpi_sub_ui(v, p, 1);
		ck_assert_status(es_group_check_range(grp, v),
		                 ESESSION_EDH_RANGE);
		ck_assert_status(es_group_check_range(grp, p),
		                 ESESSION_EDH_RANGE);
		gcry_mpi_add_ui(v, p, 1);
		ck_assert_status(es_group_check_range(grp, v),
		                 ESESSION_EDH_RANGE);
		gcry_mpi_release(v);
		gcry_mpi_release(p);
	}
	ck_assert_status(es_group_check_range(es_group_at(0), NULL),
	                 ESESSION_EINVAL);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("groups");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, constants_equal_reference_file);
	tcase_add_test(tc, lookup_in_order);
	tcase_add_test(tc, unknown_groups_unsupported);
	tcase_add_test(tc, range_check_bounds);
	suite_add_tcase(s, tc);
	return s;
}
