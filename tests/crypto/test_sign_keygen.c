/*
 * test_sign_keygen.c - DSA 2048/256 key generation. Its own suite because
 * libgcrypt's DSA domain generation takes 0.5-1 s natively and about a
 * minute under valgrind (RSA generation is tested in test_sign.c).
 */
#include "test_util.h"

#include "close_random.h"
#include "sign.h"

#include <string.h>

static es_bytes part_of(const es_sign_key *key, es_key_part which,
                        es_secbuf *buf)
{
	ck_assert_status(es_sign_key_part(key, which, buf), ESESSION_OK);
	return (es_bytes){buf->data, buf->len};
}

START_TEST(dsa_generate_2048_256)
{
	es_sign_key *key = NULL;
	ck_assert_status(es_sign_key_generate(&key, ES_SIGN_DSA_SHA256, 2048),
	                 ESESSION_OK);
	ck_assert(es_sign_key_has_private(key));
	ck_assert_uint_eq(es_sign_key_bits(key), 2048);
	ck_assert_uint_eq(es_sign_signature_len(key), 64); /* |q| = 256 */

	static const uint8_t msg[] = "mac_A stand-in";
	uint8_t sig[64];
	size_t len = 0;
	ck_assert_status(
	    es_sign_create(key, msg, sizeof msg - 1, sig, sizeof sig, &len),
	    ESESSION_OK);

	/* The exported public half (<DSAKeyValue/> P, Q, G, Y) verifies. */
	es_secbuf buf[4] = {ES_SECBUF_INIT, ES_SECBUF_INIT, ES_SECBUF_INIT,
	                    ES_SECBUF_INIT};
	es_dsa_parts parts = {0};
	parts.p = part_of(key, ES_KEY_DSA_P, &buf[0]);
	parts.q = part_of(key, ES_KEY_DSA_Q, &buf[1]);
	parts.g = part_of(key, ES_KEY_DSA_G, &buf[2]);
	parts.y = part_of(key, ES_KEY_DSA_Y, &buf[3]);
	ck_assert_uint_eq(parts.q.len, 32);
	es_sign_key *pub = NULL;
	ck_assert_status(es_sign_key_from_dsa(&pub, &parts), ESESSION_OK);
	ck_assert_status(es_sign_verify(pub, msg, sizeof msg - 1, sig, len),
	                 ESESSION_OK);
	sig[10] ^= 0x01;
	ck_assert_status(es_sign_verify(pub, msg, sizeof msg - 1, sig, len),
	                 ESESSION_ESIGNATURE);
	for (size_t i = 0; i < 4; i++)
		es_secbuf_free(&buf[i]);
	es_sign_key_free(pub);
	es_sign_key_free(key);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("sign_keygen");
	TCase *tc = tcase_create("core");
	tcase_add_unchecked_fixture(tc, NULL, es_test_close_random);
	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, dsa_generate_2048_256);
	suite_add_tcase(s, tc);
	return s;
}
