/*
 * test_key_roundtrip.c - every container and encoding a key allows,
 * exported and imported again, gives the components python reported for
 * the fixed keys (tests/keys/kat/make_keys.py). In the 'slow' suite: each
 * private import runs the pairwise sign/verify test, about a minute under
 * valgrind for the whole suite; test_key_file.c covers each export path
 * once in the unit suite. Also every byte-for-byte export of
 * kt_exports.
 */
#include "key_test_util.h"

#include "es_internal.h"

#include <stdlib.h>

/* Every container and encoding a key allows, exported and imported again,
 * gives the same components. */
static void kt_round_trip(const char *file, const char *stem)
{
	static const esession_key_container containers[] = {
	    ESESSION_KEY_PKCS8, ESESSION_KEY_PKCS1, ESESSION_KEY_SPKI};
	static const esession_key_encoding encodings[] = {ESESSION_KEY_DER,
	                                                  ESESSION_KEY_PEM};
	esession_key *key = kt_import_file(file, ESESSION_OK);
	const int rsa = esession_key_get_type(key) == ESESSION_KEY_RSA;
	const int priv = esession_key_is_private(key);
	for (size_t c = 0; c < ES_ARRAY_LEN(containers); c++) {
		for (size_t e = 0; e < ES_ARRAY_LEN(encodings); e++) {
			uint8_t *out = NULL;
			size_t out_len = 0;
			esession_status want = ESESSION_OK;
			if (containers[c] == ESESSION_KEY_PKCS1 && !rsa)
				want = ESESSION_EKEY_FORMAT;
			else if (containers[c] == ESESSION_KEY_PKCS8 && !priv)
				want = ESESSION_EKEY;
			ck_assert_status(esession_key_export(key, containers[c],
			                                     encodings[e], &out,
			                                     &out_len),
			                 want);
			if (want != ESESSION_OK) {
				ck_assert_ptr_null(out);
				continue;
			}
			esession_key *back = NULL;
			ck_assert_status(
			    esession_key_import(out, out_len, &back),
			    ESESSION_OK);
			const int back_priv =
			    priv && containers[c] != ESESSION_KEY_SPKI;
			ck_assert_int_eq(esession_key_is_private(back),
			                 back_priv);
			kt_assert_parts(back, stem, back_priv);
			esession_key_free(back);
			esession_bytes_free(out, out_len);
		}
	}
	esession_key_free(key);
}

START_TEST(round_trip_rsa_private)
{
	kt_round_trip("rsa2048-pkcs8.der", "rsa2048");
}
END_TEST

START_TEST(round_trip_rsa_public)
{
	kt_round_trip("rsa2048-spki.pem", "rsa2048");
}
END_TEST

START_TEST(round_trip_dsa_private)
{
	kt_round_trip("dsa2048-pkcs8.pem", "dsa2048");
}
END_TEST

START_TEST(round_trip_dsa_public)
{
	kt_round_trip("dsa2048-spki.der", "dsa2048");
}
END_TEST

START_TEST(export_equals_python_files)
{
	kt_assert_export(&kt_exports[_i]);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("keys_roundtrip");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, export_equals_python_files, 0,
	                    (int)kt_exports_count);
	tcase_add_test(tc, round_trip_rsa_private);
	tcase_add_test(tc, round_trip_rsa_public);
	tcase_add_test(tc, round_trip_dsa_private);
	tcase_add_test(tc, round_trip_dsa_public);
	suite_add_tcase(s, tc);
	return s;
}
