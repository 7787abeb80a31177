/*
 * test_kdf.c - XEP-0116 key derivation: the least-significant-bits rule and
 * K = HASH(K | SRS | OSS).
 *
 * Nothing is published for these; every expected value was computed
 * outside esession with python3 hmac/hashlib (and `openssl mac` for
 * HMAC-Whirlpool), tests/crypto/kat/crypto_b_kat.py:
 *
 *   K = bytes(range(1, 33))
 *   mac = hmac.new(K, b"Initiator Cipher Key", hashlib.sha256).digest()
 *   mac[-16:].hex(), mac[-24:].hex(), mac.hex()
 *   hashlib.sha256(K + b"\xa5" * 32 + b"other shared secret").hexdigest()
 */
#include "test_util.h"

#include "kdf.h"

#include <stdlib.h>
#include <string.h>

static uint8_t K[32];

static void setup(void)
{
	for (size_t i = 0; i < sizeof(K); i++)
		K[i] = (uint8_t)(i + 1);
}

static void check_derive(es_hash_alg alg, const char *label, size_t key_len,
                         const char *hex)
{
	es_secbuf key = ES_SECBUF_INIT;
	ck_assert_status(es_kdf_derive(alg, K, sizeof(K), label, key_len, &key),
	                 ESESSION_OK);
	ck_assert_mem_hex(key.data, key.len, hex);
	es_secbuf_free(&key);
}

START_TEST(kdf_labels_are_the_xep_strings)
{
	/* XEP-0116 §"Generating Session Keys", §"Sending Bob's Identity". */
	ck_assert_str_eq(ES_KDF_LABEL_INITIATOR_CIPHER, "Initiator Cipher Key");
	ck_assert_str_eq(ES_KDF_LABEL_INITIATOR_MAC, "Initiator MAC Key");
	ck_assert_str_eq(ES_KDF_LABEL_INITIATOR_SIGMA, "Initiator SIGMA Key");
	ck_assert_str_eq(ES_KDF_LABEL_RESPONDER_CIPHER, "Responder Cipher Key");
	ck_assert_str_eq(ES_KDF_LABEL_RESPONDER_MAC, "Responder MAC Key");
	ck_assert_str_eq(ES_KDF_LABEL_RESPONDER_SIGMA, "Responder SIGMA Key");
	ck_assert_str_eq(ES_KDF_LABEL_NEW_RETAINED_SECRET,
	                 "New Retained Secret");
	ck_assert_str_eq(ES_KDF_LABEL_SHARED_RETAINED_SECRET,
	                 "Shared Retained Secret");
}
END_TEST

START_TEST(kdf_takes_least_significant_bytes)
{
	/* HMAC-SHA256(K, "Initiator Cipher Key") =
	 *   b57aea4428b327931917defa46c20768 4ebeea5d75ad7a55305149a94180040e
	 * aes128 takes the last 16 bytes, aes192 the last 24, a 32-byte key
	 * the whole output. */
	check_derive(ES_HASH_SHA256, ES_KDF_LABEL_INITIATOR_CIPHER, 16,
	             "4ebeea5d75ad7a55305149a94180040e");
	check_derive(ES_HASH_SHA256, ES_KDF_LABEL_INITIATOR_CIPHER, 24,
	             "1917defa46c207684ebeea5d75ad7a55305149a94180040e");
	check_derive(ES_HASH_SHA256, ES_KDF_LABEL_INITIATOR_CIPHER, 32,
	             "b57aea4428b327931917defa46c20768"
	             "4ebeea5d75ad7a55305149a94180040e");
	check_derive(ES_HASH_SHA256, ES_KDF_LABEL_INITIATOR_CIPHER, 1, "0e");
	check_derive(ES_HASH_SHA256, ES_KDF_LABEL_RESPONDER_MAC, 16,
	             "cf011a9fb148a0838e427cd945a072b4");
	check_derive(ES_HASH_SHA256, ES_KDF_LABEL_NEW_RETAINED_SECRET, 32,
	             "df887a2e3f48d4f1d1910d3ce965fab8"
	             "407345fccf1b0fcac1ef1f44cfc9c771");
	/* HMAC-Whirlpool: a 32-byte key is the second half of the 64-byte
	 * output. */
	check_derive(ES_HASH_WHIRLPOOL, ES_KDF_LABEL_INITIATOR_CIPHER, 32,
	             "10726c3c6a334d67d850480156a8012d"
	             "c3337517ea630a4f02d511598847f096");
	check_derive(ES_HASH_WHIRLPOOL, ES_KDF_LABEL_INITIATOR_CIPHER, 64,
	             "ce18cb7196510bf3b80fc2513f8ef1c96a150a6bdff88185f0be47b3"
	             "afab8e3110726c3c6a334d67d850480156a8012dc3337517ea630a4f"
	             "02d511598847f096");
}
END_TEST

START_TEST(kdf_errors)
{
	es_secbuf key = ES_SECBUF_INIT;
	/* XEP-0116: the hash output must be no shorter than the key. */
	ck_assert_status(
	    es_kdf_derive(ES_HASH_SHA256, K, sizeof(K), "x", 33, &key),
	    ESESSION_EKEY_LENGTH);
	ck_assert_status(
	    es_kdf_derive(ES_HASH_WHIRLPOOL, K, sizeof(K), "x", 65, &key),
	    ESESSION_EKEY_LENGTH);
	ck_assert_status(
	    es_kdf_derive(ES_HASH_SHA256, K, sizeof(K), "x", 0, &key),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_kdf_derive((es_hash_alg)0, K, sizeof(K), "x", 16, &key),
	    ESESSION_EUNSUPPORTED);
	ck_assert_status(es_kdf_derive(ES_HASH_SHA256, NULL, 3, "x", 16, &key),
	                 ESESSION_EINVAL);
	ck_assert_status(
	    es_kdf_derive(ES_HASH_SHA256, K, sizeof(K), NULL, 16, &key),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_kdf_derive(ES_HASH_SHA256, K, sizeof(K), "x", 16, NULL),
	    ESESSION_EINVAL);
	ck_assert_ptr_null(key.data);

	/* A non-empty output would be leaked: refused, and left intact. */
	ck_assert_status(
	    es_kdf_derive(ES_HASH_SHA256, K, sizeof(K), "x", 16, &key),
	    ESESSION_OK);
	uint8_t *before = key.data;
	ck_assert_status(
	    es_kdf_derive(ES_HASH_SHA256, K, sizeof(K), "x", 16, &key),
	    ESESSION_EINVAL);
	ck_assert_ptr_eq(key.data, before);
	ck_assert_uint_eq(key.len, 16);
	es_secbuf_free(&key);
}
END_TEST

START_TEST(kdf_final_secret)
{
	/* XEP-0116 §"Generating Bob's Final Session Keys":
	 * K = HASH(K | SRS | OSS), SRS and OSS only when present. */
	uint8_t srs[32];
	memset(srs, 0xa5, sizeof(srs));
	const char *oss = "other shared secret";
	es_secbuf out = ES_SECBUF_INIT;

	ck_assert_status(es_kdf_final_secret(ES_HASH_SHA256, K, sizeof(K), srs,
	                                     sizeof(srs), (const uint8_t *)oss,
	                                     strlen(oss), &out),
	                 ESESSION_OK);
	ck_assert_mem_hex(out.data, out.len,
	                  "19b11058a8bff730b5c96ba2baf358f7"
	                  "b2127b8c13131af24f54bf494f26fef5");
	es_secbuf_free(&out);

	ck_assert_status(es_kdf_final_secret(ES_HASH_SHA256, K, sizeof(K), NULL,
	                                     0, (const uint8_t *)oss,
	                                     strlen(oss), &out),
	                 ESESSION_OK);
	ck_assert_mem_hex(out.data, out.len,
	                  "76f060065444910bf3fefec54524f9ae"
	                  "44facfc23089c8f7a4ebadc0efab8c1b");
	es_secbuf_free(&out);

	ck_assert_status(es_kdf_final_secret(ES_HASH_SHA256, K, sizeof(K), NULL,
	                                     0, NULL, 0, &out),
	                 ESESSION_OK);
	ck_assert_mem_hex(out.data, out.len,
	                  "ae216c2ef5247a3782c135efa279a3e4"
	                  "cdc61094270f5d2be58c6204b7a612c9");
	es_secbuf_free(&out);

	ck_assert_status(es_kdf_final_secret(ES_HASH_SHA256, K, sizeof(K), NULL,
	                                     4, NULL, 0, &out),
	                 ESESSION_EINVAL);
	ck_assert_status(es_kdf_final_secret((es_hash_alg)0, K, sizeof(K), NULL,
	                                     0, NULL, 0, &out),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_ptr_null(out.data);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("crypto_kdf");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, kdf_labels_are_the_xep_strings);
	tcase_add_test(tc, kdf_takes_least_significant_bytes);
	tcase_add_test(tc, kdf_errors);
	tcase_add_test(tc, kdf_final_secret);
	suite_add_tcase(s, tc);
	return s;
}
