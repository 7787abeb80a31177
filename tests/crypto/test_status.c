/* test_status.c - esession_strerror() and esession_init() contracts. */
#include "test_util.h"

#include "es_internal.h"

#include <string.h>

START_TEST(strerror_never_null)
{
	for (int s = 0; s < 600; s++) {
		const char *text = esession_strerror((esession_status)s);
		ck_assert_ptr_nonnull(text);
		ck_assert_uint_gt(strlen(text), 0);
	}
	ck_assert_str_eq(esession_strerror((esession_status)599),
	                 "unknown status");
	ck_assert_str_eq(esession_strerror(ESESSION_OK), "success");
}
END_TEST

START_TEST(init_is_idempotent_and_checks_flags)
{
	ck_assert(es_initialised());
	ck_assert_status(esession_init(0), ESESSION_OK);
	ck_assert_status(esession_init(ESESSION_INIT_GCRYPT_EXTERNAL),
	                 ESESSION_OK);
	ck_assert_status(esession_init(0x80), ESESSION_EINVAL);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, strerror_never_null);
	tcase_add_test(tc, init_is_idempotent_and_checks_flags);
	suite_add_tcase(s, tc);
	return s;
}
