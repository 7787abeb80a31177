/*
 * test_key_hostile.c - key files that must be refused, each with its exact
 * status: the hostile DER of tests/keys/data/hostile/ (written by
 * tests/keys/kat/make_hostile.py with a DER encoder of its own), every
 * truncation of valid files, refused keys python3-cryptography wrote, and
 * PEM armour edited here.
 */
#include "key_test_util.h"

#include "es_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *file;
	esession_status status;
} kt_hostile[] = {
    /* not strict DER (X.690 §10, §11) */
    {"hostile/ber-indefinite.der", ESESSION_EDER},
    {"hostile/ber-long-length.der", ESESSION_EDER},
    {"hostile/ber-inner-long-length.der", ESESSION_EDER},
    {"hostile/trailing-byte.der", ESESSION_EDER},
    {"hostile/integer-nonminimal.der", ESESSION_EDER},
    {"hostile/integer-empty.der", ESESSION_EDER},
    {"hostile/null-with-content.der", ESESSION_EDER},
    {"hostile/bitstring-unused-bits.der", ESESSION_EDER},
    {"hostile/constructed-octet-string.der", ESESSION_EDER},
    {"hostile/high-tag-number.der", ESESSION_EDER},
    {"hostile/too-deep.der", ESESSION_EDER},
    {"hostile/oid-nonminimal.der", ESESSION_EDER},
    {"hostile/inner-length-overrun.der", ESESSION_EDER},
    /* a DER value inside an OCTET STRING that ends early */
    {"hostile/pkcs8-inner-truncated.der", ESESSION_EDER_TRUNCATED},
    /* well-formed, but not a structure or algorithm we read */
    {"hostile/multi-prime.der", ESESSION_EKEY_FORMAT},
    {"hostile/rsa-version-2.der", ESESSION_EKEY_FORMAT},
    {"hostile/pkcs8-version-1.der", ESESSION_EKEY_FORMAT},
    {"hostile/pkcs8-attributes.der", ESESSION_EKEY_FORMAT},
    {"hostile/spki-rsassa-pss.der", ESESSION_EKEY_FORMAT},
    {"hostile/spki-rsa-no-params.der", ESESSION_EKEY_FORMAT},
    {"hostile/spki-rsa-params-not-null.der", ESESSION_EKEY_FORMAT},
    {"hostile/pkcs1pub-three-integers.der", ESESSION_EKEY_FORMAT},
    {"hostile/set-not-sequence.der", ESESSION_EKEY_FORMAT},
    {"hostile/spki-dsa-no-params.der", ESESSION_EKEY_FORMAT},
    {"hostile/pkcs8-dsa-params-null.der", ESESSION_EKEY_FORMAT},
    {"ec-p256-spki.der", ESESSION_EKEY_FORMAT},
    {"ed25519-pkcs8.pem", ESESSION_EKEY_FORMAT},
    {"rsa2048-enc-pkcs8.der", ESESSION_EKEY_FORMAT},
    {"rsa2048-enc-pkcs8.pem", ESESSION_EKEY_FORMAT},
    {"rsa2048-legacy-enc.pem", ESESSION_EKEY_FORMAT},
    {"dsa2048-legacy.pem", ESESSION_EKEY_FORMAT},
    /* the structure is right, the key is not */
    {"hostile/negative-modulus.der", ESESSION_EKEY},
    {"hostile/zero-exponent.der", ESESSION_EKEY},
    {"hostile/crt-exponent1-wrong.der", ESESSION_EKEY},
    {"hostile/coefficient-wrong.der", ESESSION_EKEY},
    {"hostile/prime1-wrong.der", ESESSION_EKEY},
    {"hostile/oversize-modulus.der", ESESSION_EKEY},
    {"hostile/even-modulus.der", ESESSION_EKEY},
    {"hostile/dsa-x-zero.der", ESESSION_EKEY},
    {"hostile/dsa-x-too-long.der", ESESSION_EKEY},
    {"hostile/dsa-y-outside-subgroup.der", ESESSION_EKEY},
    {"hostile/dsa-g-one.der", ESESSION_EKEY},
    {"rsa1024-pkcs8.der", ESESSION_EKEY},
    {"dsa1024-pkcs8.der", ESESSION_EKEY},
};

START_TEST(hostile_files)
{
	const size_t i = (size_t)_i;
	esession_key *key =
	    kt_import_file(kt_hostile[i].file, kt_hostile[i].status);
	esession_key_free(key);
}
END_TEST

/* Every proper prefix of a valid DER file ends inside its outer
 * SEQUENCE: ESESSION_EDER_TRUNCATED, whichever byte it stops at. The
 * empty prefix is no key file at all. */
static const char *const kt_der_files[] = {
    "rsa2048-pkcs8.der",    "rsa2048-pkcs1.der", "rsa2048-spki.der",
    "rsa2048-pkcs1pub.der", "dsa2048-pkcs8.der", "dsa2048-spki.der",
};

START_TEST(der_truncated_at_every_byte)
{
	size_t len = 0;
	uint8_t *der = kt_load(kt_der_files[_i], &len);
	esession_key *key = NULL;
	ck_assert_status(esession_key_import(der, 0, &key),
	                 ESESSION_EKEY_FORMAT);
	for (size_t n = 1; n < len; n++) {
		esession_status st = esession_key_import(der, n, &key);
		ck_assert_msg(st == ESESSION_EDER_TRUNCATED,
		              "%s cut at %zu: %d (%s)", kt_der_files[_i], n,
		              (int)st, esession_strerror(st));
		ck_assert_ptr_null(key);
	}
	free(der);
}
END_TEST

/* A PEM whose base64 is cut short still has whole armour: the DER inside
 * ends early. Cutting the text itself loses the END line. */
START_TEST(pem_truncated_at_every_byte)
{
	size_t len = 0;
	uint8_t *pem = kt_load("rsa2048-spki.pem", &len);
	esession_key *key = NULL;
	for (size_t n = 1; n < len - 1; n++) {
		esession_status st = esession_key_import(pem, n, &key);
		ck_assert_msg(st == ESESSION_EPEM, "PEM cut at %zu: %d (%s)", n,
		              (int)st, esession_strerror(st));
	}
	/* Only the final line break missing: accepted. */
	ck_assert_status(esession_key_import(pem, len - 1, &key), ESESSION_OK);
	esession_key_free(key);
	free(pem);
}
END_TEST

START_TEST(recognition_and_size)
{
	esession_key *key = NULL;
	static const char text[] = "Some text that is not a key\n";
	ck_assert_status(
	    esession_key_import((const uint8_t *)text, strlen(text), &key),
	    ESESSION_EKEY_FORMAT);
	ck_assert_status(esession_key_import((const uint8_t *)" \n\t", 3, &key),
	                 ESESSION_EKEY_FORMAT);
	/* DER is recognised by its first octet: no whitespace before it. */
	size_t len = 0;
	uint8_t *der = kt_load("rsa2048-spki.der", &len);
	uint8_t *spaced = malloc(len + 1);
	spaced[0] = '\n';
	memcpy(spaced + 1, der, len);
	ck_assert_status(esession_key_import(spaced, len + 1, &key),
	                 ESESSION_EKEY_FORMAT);
	/* Larger than any key file we accept, refused before parsing. */
	const size_t big = 16u * 1024u + 1u;
	uint8_t *huge = calloc(1, big);
	huge[0] = 0x30;
	ck_assert_status(esession_key_import(huge, big, &key), ESESSION_EKEY);
	ck_assert_ptr_null(key);
	free(huge);
	free(spaced);
	free(der);
}
END_TEST

/* Replace the first occurrence of `from` in text by `to`; a new string. */
static char *kt_replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	ck_assert_ptr_nonnull(at);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	size_t head = (size_t)(at - text);
	memcpy(out, text, head);
	snprintf(out + head, n - head, "%s%s", to, at + strlen(from));
	return out;
}

static void kt_assert_pem(const char *text, esession_status expected)
{
	esession_key *key = NULL;
	esession_status st =
	    esession_key_import((const uint8_t *)text, strlen(text), &key);
	ck_assert_msg(st == expected, "got %d (%s), expected %d for:\n%.200s",
	              (int)st, esession_strerror(st), (int)expected, text);
	ck_assert_ptr_null(key);
}

START_TEST(pem_refused)
{
	char *pem = (char *)kt_load("rsa2048-spki.pem", NULL);
	char *t;
	/* RFC 7468 §2 explanatory text before the block: not recognised */
	t = kt_replace(pem, "-----BEGIN", "My key\n-----BEGIN");
	kt_assert_pem(t, ESESSION_EKEY_FORMAT);
	free(t);
	/* text after the block, a second block */
	size_t len = strlen(pem);
	t = malloc(2 * len + 16);
	snprintf(t, 2 * len + 16, "%sfooter\n", pem);
	kt_assert_pem(t, ESESSION_EPEM);
	snprintf(t, 2 * len + 16, "%s%s", pem, pem);
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	/* END label differs, END line missing, BEGIN line malformed */
	t = kt_replace(pem, "-----END PUBLIC KEY-----",
	               "-----END PRIVATE KEY-----");
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	t = kt_replace(pem, "-----END PUBLIC KEY-----", "");
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	t = kt_replace(pem, "-----BEGIN PUBLIC KEY-----",
	               "-----BEGIN PUBLIC KEY----");
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	t = kt_replace(pem, "-----BEGIN PUBLIC KEY-----",
	               "-----BEGIN PUBLIC  KEY-----");
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	/* a line longer than 64, a short line before the last, a blank
	 * line, trailing space, a character outside base64 */
	const char *nl = strchr(pem, '\n') + 1; /* first base64 line */
	char line[65];
	memcpy(line, nl, 64);
	line[64] = 0;
	char joined[80];
	snprintf(joined, sizeof(joined), "%s\n%c", line, nl[65]);
	char longer[80];
	snprintf(longer, sizeof(longer), "%s%c\n", line, nl[65]);
	t = kt_replace(pem, joined, longer);
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	char shorter[80];
	snprintf(shorter, sizeof(shorter), "%.63s\n", line);
	char orig_line[80];
	snprintf(orig_line, sizeof(orig_line), "%s\n", line);
	t = kt_replace(pem, orig_line, shorter);
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	t = kt_replace(pem, "-----\n", "-----\n\n");
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	t = kt_replace(pem, "-----\n", "-----\n \n");
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	char spaced[80];
	snprintf(spaced, sizeof(spaced), "%s \n", line);
	t = kt_replace(pem, orig_line, spaced);
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	char bad[80];
	snprintf(bad, sizeof(bad), "%.63s!\n", line);
	t = kt_replace(pem, orig_line, bad);
	kt_assert_pem(t, ESESSION_EPEM);
	free(t);
	/* an empty body */
	kt_assert_pem("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
	              ESESSION_EPEM);
	/* labels: another structure, unknown, encrypted */
	t = kt_replace(pem, "BEGIN PUBLIC KEY", "BEGIN CERTIFICATE");
	char *t2 = kt_replace(t, "END PUBLIC KEY", "END CERTIFICATE");
	kt_assert_pem(t2, ESESSION_EKEY_FORMAT);
	free(t2);
	free(t);
	t = kt_replace(pem, "BEGIN PUBLIC KEY", "BEGIN ENCRYPTED PRIVATE KEY");
	t2 = kt_replace(t, "END PUBLIC KEY", "END ENCRYPTED PRIVATE KEY");
	kt_assert_pem(t2, ESESSION_EKEY_FORMAT);
	free(t2);
	free(t);
	/* the label names another structure than the DER holds */
	t = kt_replace(pem, "BEGIN PUBLIC KEY", "BEGIN RSA PUBLIC KEY");
	t2 = kt_replace(t, "END PUBLIC KEY", "END RSA PUBLIC KEY");
	kt_assert_pem(t2, ESESSION_EKEY_FORMAT);
	free(t2);
	free(t);
	/* an RFC 1421 header */
	t = kt_replace(pem, "-----\n", "-----\nComment: hello\n\n");
	kt_assert_pem(t, ESESSION_EKEY_FORMAT);
	free(t);
	free(pem);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("keys_hostile");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, hostile_files, 0,
	                    (int)ES_ARRAY_LEN(kt_hostile));
	tcase_add_loop_test(tc, der_truncated_at_every_byte, 0,
	                    (int)ES_ARRAY_LEN(kt_der_files));
	tcase_add_test(tc, pem_truncated_at_every_byte);
	tcase_add_test(tc, recognition_and_size);
	tcase_add_test(tc, pem_refused);
	suite_add_tcase(s, tc);
	return s;
}
