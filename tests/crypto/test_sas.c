/*
 * test_sas.c - XEP-0116 §"The sas28x5 SAS Algorithm".
 *
 * Nothing is published; every expected value was computed outside esession
 * (tests/crypto/kat/crypto_b_kat.py), with python3 hashlib for SHA-256 and
 * OpenSSL's Whirlpool (`openssl dgst -whirlpool -provider legacy`) since
 * python hashlib has no Whirlpool here:
 *
 *   DIGITS = "acdefghikmopqruvwxy123456789"          # len(DIGITS) == 28
 *   def sas(v):                                      # 5 digits, MSD first
 *       return "".join(DIGITS[v // 28**k % 28] for k in range(4, -1, -1))
 *   d = hashlib.sha256(M_A + form_B + b"Short Authentication String")
 *   sas(int.from_bytes(d.digest()[-3:], "big"))
 *
 * The edge inputs (SAS value 0 and 2^24 - 1) were found by searching with
 * python3 hashlib, tests/crypto/kat/sas_edge_search.py.
 */
#include "test_util.h"

#include "sas.h"

#include <stdlib.h>
#include <string.h>

static uint8_t M_A[32];

/* form_B with a non-ASCII character, so the UTF-8 bytes matter. */
static const char FORM_B[] =
    "<x xmlns='jabber:x:data' type='result'>\xc3\xa9</x>";

static void setup(void)
{
	for (size_t i = 0; i < sizeof(M_A); i++)
		M_A[i] = (uint8_t)i;
}

static void check_sas(es_hash_alg alg, const uint8_t *m_a, size_t m_a_len,
                      const char *form_b, const char *want)
{
	char out[ES_SAS28X5_SIZE];
	ck_assert_status(es_sas28x5(alg, m_a, m_a_len, (const uint8_t *)form_b,
	                            strlen(form_b), out, sizeof(out)),
	                 ESESSION_OK);
	ck_assert_str_eq(out, want);
}

START_TEST(sas_name)
{
	es_sas_alg alg = 0;
	ck_assert_status(es_sas_from_name("sas28x5", &alg), ESESSION_OK);
	ck_assert_int_eq(alg, ES_SAS_28X5);
	ck_assert_status(es_sas_from_name("sas28x4", &alg),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(es_sas_from_name("SAS28X5", &alg),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(es_sas_from_name(NULL, &alg), ESESSION_EINVAL);
	ck_assert_status(es_sas_from_name("sas28x5", NULL), ESESSION_EINVAL);
}
END_TEST

START_TEST(sas_digits_are_the_xep_alphabet)
{
	/* XEP-0116: "acdefghikmopqruvwxy123456789 (the digits have values
	 * 0-27)": 28 characters; value v alone is "aaaa" + digit v. */
	const char *xep = "acdefghikmopqruvwxy123456789";
	ck_assert_uint_eq(strlen(xep), 28);
	for (uint32_t v = 0; v < 28; v++) {
		char out[ES_SAS28X5_SIZE];
		ck_assert_status(es_sas28x5_encode(v, out, sizeof(out)),
		                 ESESSION_OK);
		ck_assert_int_eq(strncmp(out, "aaaa", 4), 0);
		ck_assert_int_eq(out[4], xep[v]);
		ck_assert_int_eq(out[5], '\0');
	}
}
END_TEST

START_TEST(sas_encode_known_values)
{
	static const struct {
		uint32_t v;
		const char *s;
	} cases[] = {
	    {0, "aaaaa"},        {1, "aaaac"},      {27, "aaaa9"},
	    {28, "aaaca"},       {614655, "a9999"}, {614656, "caaaa"},
	    {0xffffff, "9kiui"},
	};
	char out[ES_SAS28X5_SIZE];
	for (size_t i = 0; i < ES_ARRAY_LEN(cases); i++) {
		ck_assert_status(
		    es_sas28x5_encode(cases[i].v, out, sizeof(out)),
		    ESESSION_OK);
		ck_assert_str_eq(out, cases[i].s);
	}
	ck_assert_status(es_sas28x5_encode(0x1000000, out, sizeof(out)),
	                 ESESSION_EINVAL);
	ck_assert_status(es_sas28x5_encode(0, out, 5), ESESSION_EBUFSIZE);
	ck_assert_status(es_sas28x5_encode(0, NULL, 6), ESESSION_EINVAL);
}
END_TEST

START_TEST(sas_sha256_and_whirlpool)
{
	/* sha256(M_A|form_B|label) ends in ...23ae5b: v = 0x23ae5b. */
	check_sas(ES_HASH_SHA256, M_A, sizeof(M_A), FORM_B, "e4uye");
	/* whirlpool(M_A|form_B|label) ends in ...7f2a7d. */
	check_sas(ES_HASH_WHIRLPOOL, M_A, sizeof(M_A), FORM_B, "rvycc");
	/* Empty M_A and form_B: sha256("Short Authentication String"). */
	check_sas(ES_HASH_SHA256, NULL, 0, "", "qoyyr");
}
END_TEST

START_TEST(sas_edge_values)
{
	/* sha256(M_A | "<x>4968715" | label) ends in 000000, and
	 * sha256(M_A | "<x>2588096" | label) ends in ffffff. */
	check_sas(ES_HASH_SHA256, M_A, sizeof(M_A), "<x>4968715", "aaaaa");
	check_sas(ES_HASH_SHA256, M_A, sizeof(M_A), "<x>2588096", "9kiui");
}
END_TEST

START_TEST(sas_errors)
{
	char out[ES_SAS28X5_SIZE] = "xxxxx";
	ck_assert_status(es_sas28x5((es_hash_alg)0, M_A, sizeof(M_A), NULL, 0,
	                            out, sizeof(out)),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_str_eq(out, "");
	ck_assert_status(
	    es_sas28x5(ES_HASH_SHA256, NULL, 1, NULL, 0, out, sizeof(out)),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_sas28x5(ES_HASH_SHA256, M_A, 1, NULL, 1, out, sizeof(out)),
	    ESESSION_EINVAL);
	ck_assert_status(es_sas28x5(ES_HASH_SHA256, M_A, 1, NULL, 0, out, 5),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(es_sas28x5(ES_HASH_SHA256, M_A, 1, NULL, 0, NULL, 6),
	                 ESESSION_EINVAL);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("sas");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, sas_name);
	tcase_add_test(tc, sas_digits_are_the_xep_alphabet);
	tcase_add_test(tc, sas_encode_known_values);
	tcase_add_test(tc, sas_sha256_and_whirlpool);
	tcase_add_test(tc, sas_edge_values);
	tcase_add_test(tc, sas_errors);
	suite_add_tcase(s, tc);
	return s;
}
