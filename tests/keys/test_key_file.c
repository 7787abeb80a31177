/*
 * test_key_file.c - key files that must be accepted: the fixed keys
 * python3-cryptography wrote (tests/keys/kat/make_keys.py) imported with
 * the components python reported, exported again byte for byte, and round
 * trips through every container and encoding.
 */
#include "key_test_util.h"

#include "es_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Files of one key, with what importing them must give. */
static const struct {
	const char *file;
	const char *stem;
	esession_key_type type;
	int is_private;
} kt_valid[] = {
    {"rsa2048-pkcs8.der", "rsa2048", ESESSION_KEY_RSA, 1},
    {"rsa2048-pkcs8.pem", "rsa2048", ESESSION_KEY_RSA, 1},
    {"rsa2048-pkcs1.der", "rsa2048", ESESSION_KEY_RSA, 1},
    {"rsa2048-pkcs1.pem", "rsa2048", ESESSION_KEY_RSA, 1},
    {"rsa2048-spki.der", "rsa2048", ESESSION_KEY_RSA, 0},
    {"rsa2048-spki.pem", "rsa2048", ESESSION_KEY_RSA, 0},
    {"rsa2048-pkcs1pub.der", "rsa2048", ESESSION_KEY_RSA, 0},
    {"rsa2048-pkcs1pub.pem", "rsa2048", ESESSION_KEY_RSA, 0},
    {"dsa2048-pkcs8.der", "dsa2048", ESESSION_KEY_DSA, 1},
    {"dsa2048-pkcs8.pem", "dsa2048", ESESSION_KEY_DSA, 1},
    {"dsa2048-spki.der", "dsa2048", ESESSION_KEY_DSA, 0},
    {"dsa2048-spki.pem", "dsa2048", ESESSION_KEY_DSA, 0},
};

START_TEST(import_python_files)
{
	const size_t i = (size_t)_i;
	esession_key *key = kt_import_file(kt_valid[i].file, ESESSION_OK);
	ck_assert_int_eq(esession_key_get_type(key), kt_valid[i].type);
	ck_assert_uint_eq(esession_key_bits(key), 2048);
	ck_assert_int_eq(esession_key_is_private(key), kt_valid[i].is_private);
	kt_assert_parts(key, kt_valid[i].stem, kt_valid[i].is_private);
	esession_key_free(key);
}
END_TEST

/* The export cases of kt_exports (key_test_util.c) run here under
 * valgrind: one per export path (PKCS#8, PKCS#1 private and public, SPKI
 * of RSA and DSA, DER and PEM); keys_roundtrip runs them all. */
START_TEST(export_equals_python_files)
{
	kt_assert_export(&kt_exports[_i]);
}
END_TEST

/* PEM variants RFC 7468 allows and we accept: CRLF line ends, no final
 * line break, whitespace around the block. */
static void kt_assert_pem_variant(const char *text, const char *stem)
{
	esession_key *key = NULL;
	ck_assert_status(
	    esession_key_import((const uint8_t *)text, strlen(text), &key),
	    ESESSION_OK);
	kt_assert_parts(key, stem, 1);
	esession_key_free(key);
}

START_TEST(pem_accepted_variants)
{
	size_t len = 0;
	char *pem = (char *)kt_load("rsa2048-pkcs8.pem", &len);
	/* CRLF */
	char *crlf = malloc(2 * len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (pem[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = pem[i];
	}
	crlf[n] = 0;
	kt_assert_pem_variant(crlf, "rsa2048");
	/* no final line break */
	pem[len - 1] = 0;
	kt_assert_pem_variant(pem, "rsa2048");
	pem[len - 1] = '\n';
	/* surrounding whitespace */
	char *spaced = malloc(len + 16);
	snprintf(spaced, len + 16, " \n\t%s\n \n", pem);
	kt_assert_pem_variant(spaced, "rsa2048");
	free(spaced);
	free(crlf);
	free(pem);
}
END_TEST

START_TEST(export_usage_errors)
{
	esession_key *priv = kt_import_file("dsa2048-pkcs8.der", ESESSION_OK);
	esession_key *pub = kt_import_file("rsa2048-spki.der", ESESSION_OK);
	uint8_t *out = NULL;
	size_t len = 0;
	ck_assert_status(esession_key_export(pub, ESESSION_KEY_PKCS8,
	                                     ESESSION_KEY_DER, &out, &len),
	                 ESESSION_EKEY);
	ck_assert_status(esession_key_export(priv, ESESSION_KEY_PKCS1,
	                                     ESESSION_KEY_PEM, &out, &len),
	                 ESESSION_EKEY_FORMAT);
	ck_assert_status(esession_key_export(priv, (esession_key_container)9,
	                                     ESESSION_KEY_DER, &out, &len),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_key_export(priv, ESESSION_KEY_SPKI,
	                                     (esession_key_encoding)0, &out,
	                                     &len),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_key_export(NULL, ESESSION_KEY_SPKI,
	                                     ESESSION_KEY_DER, &out, &len),
	                 ESESSION_EINVAL);
	ck_assert_status(esession_key_export(priv, ESESSION_KEY_SPKI,
	                                     ESESSION_KEY_DER, NULL, &len),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(out);
	esession_key *k = NULL;
	ck_assert_status(esession_key_import(NULL, 5, &k), ESESSION_EINVAL);
	ck_assert_status(esession_key_import((const uint8_t *)"x", 1, NULL),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(k);
	esession_key_free(priv);
	esession_key_free(pub);
}
END_TEST

START_TEST(public_part_and_accessors)
{
	esession_key *priv = kt_import_file("rsa2048-pkcs1.pem", ESESSION_OK);
	esession_key *pub = NULL;
	ck_assert_status(esession_key_public(priv, &pub), ESESSION_OK);
	ck_assert_int_eq(esession_key_is_private(pub), 0);
	ck_assert_int_eq(esession_key_get_type(pub), ESESSION_KEY_RSA);
	kt_assert_parts(pub, "rsa2048", 0);
	ck_assert_status(esession_key_public(NULL, &pub), ESESSION_EINVAL);
	ck_assert_int_eq(esession_key_get_type(NULL), 0);
	ck_assert_uint_eq(esession_key_bits(NULL), 0);
	ck_assert_int_eq(esession_key_is_private(NULL), 0);
	esession_key_free(NULL);
	esession_bytes_free(NULL, 3);
	esession_key_free(pub);
	esession_key_free(priv);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("keys_file");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, import_python_files, 0,
	                    (int)ES_ARRAY_LEN(kt_valid));
	tcase_add_loop_test(tc, export_equals_python_files, 0,
	                    (int)kt_exports_core);
	tcase_add_test(tc, pem_accepted_variants);
	tcase_add_test(tc, export_usage_errors);
	tcase_add_test(tc, public_part_and_accessors);
	suite_add_tcase(s, tc);
	return s;
}
