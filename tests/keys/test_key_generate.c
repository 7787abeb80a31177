/*
 * test_key_generate.c - esession_key_generate() and key files of fresh
 * keys: every container and encoding the key allows round-trips to the
 * same components. Slow (a DSA 2048 domain takes seconds to generate):
 * suite 'slow'. The fixed keys of test_key_file.c cover the exact bytes.
 */
#include "key_test_util.h"

#include "es_internal.h"
#include "key_internal.h"
#include "secmem.h"
#include "sign.h"

#include <string.h>

/* The components of a and b are equal (the private ones only when both
 * keys hold them). */
static void kg_assert_same(const esession_key *a, const esession_key *b)
{
	static const es_key_part rsa[] = {ES_KEY_RSA_N, ES_KEY_RSA_E,
	                                  ES_KEY_RSA_D, ES_KEY_RSA_P,
	                                  ES_KEY_RSA_Q, ES_KEY_RSA_U};
	static const es_key_part dsa[] = {ES_KEY_DSA_P, ES_KEY_DSA_Q,
	                                  ES_KEY_DSA_G, ES_KEY_DSA_Y,
	                                  ES_KEY_DSA_X};
	ck_assert_int_eq(esession_key_get_type(a), esession_key_get_type(b));
	const int is_rsa = esession_key_get_type(a) == ESESSION_KEY_RSA;
	const es_key_part *parts = is_rsa ? rsa : dsa;
	const size_t n_public = is_rsa ? 2 : 4;
	const size_t n =
	    esession_key_is_private(a) && esession_key_is_private(b)
	        ? (is_rsa ? ES_ARRAY_LEN(rsa) : ES_ARRAY_LEN(dsa))
	        : n_public;
	for (size_t i = 0; i < n; i++) {
		es_secbuf va = ES_SECBUF_INIT, vb = ES_SECBUF_INIT;
		ck_assert_status(
		    es_sign_key_part(es_key_sign_key(a), parts[i], &va),
		    ESESSION_OK);
		ck_assert_status(
		    es_sign_key_part(es_key_sign_key(b), parts[i], &vb),
		    ESESSION_OK);
		ck_assert_uint_eq(va.len, vb.len);
		ck_assert_mem_eq(va.data, vb.data, va.len);
		es_secbuf_free(&va);
		es_secbuf_free(&vb);
	}
}

static void kg_round_trip(esession_key_type type, unsigned bits)
{
	static const esession_key_container containers[] = {
	    ESESSION_KEY_PKCS8, ESESSION_KEY_PKCS1, ESESSION_KEY_SPKI};
	static const esession_key_encoding encodings[] = {ESESSION_KEY_DER,
	                                                  ESESSION_KEY_PEM};
	esession_key *key = NULL;
	ck_assert_status(esession_key_generate(type, bits, &key), ESESSION_OK);
	ck_assert_int_eq(esession_key_get_type(key), type);
	ck_assert_uint_eq(esession_key_bits(key), bits);
	ck_assert_int_eq(esession_key_is_private(key), 1);
	for (size_t c = 0; c < ES_ARRAY_LEN(containers); c++) {
		if (containers[c] == ESESSION_KEY_PKCS1 &&
		    type != ESESSION_KEY_RSA)
			continue;
		for (size_t e = 0; e < ES_ARRAY_LEN(encodings); e++) {
			uint8_t *out = NULL;
			size_t len = 0;
			ck_assert_status(esession_key_export(key, containers[c],
			                                     encodings[e], &out,
			                                     &len),
			                 ESESSION_OK);
			esession_key *back = NULL;
			ck_assert_status(esession_key_import(out, len, &back),
			                 ESESSION_OK);
			ck_assert_int_eq(esession_key_is_private(back),
			                 containers[c] != ESESSION_KEY_SPKI);
			kg_assert_same(key, back);
			esession_key_free(back);
			esession_bytes_free(out, len);
		}
	}
	esession_key_free(key);
}

START_TEST(generate_rsa_2048_round_trip)
{
	kg_round_trip(ESESSION_KEY_RSA, 2048);
}
END_TEST

START_TEST(generate_dsa_2048_round_trip)
{
	kg_round_trip(ESESSION_KEY_DSA, 2048);
}
END_TEST

START_TEST(generate_refuses_sizes_and_types)
{
	esession_key *key = NULL;
	ck_assert_status(esession_key_generate(ESESSION_KEY_RSA, 1024, &key),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(esession_key_generate(ESESSION_KEY_RSA, 2049, &key),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(esession_key_generate(ESESSION_KEY_DSA, 1024, &key),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(
	    esession_key_generate((esession_key_type)3, 2048, &key),
	    ESESSION_EUNSUPPORTED);
	ck_assert_status(esession_key_generate(ESESSION_KEY_RSA, 2048, NULL),
	                 ESESSION_EINVAL);
	ck_assert_ptr_null(key);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("keys_generate");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, generate_rsa_2048_round_trip);
	tcase_add_test(tc, generate_dsa_2048_round_trip);
	tcase_add_test(tc, generate_refuses_sizes_and_types);
	suite_add_tcase(s, tc);
	return s;
}
