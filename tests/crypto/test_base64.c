/*
 * test_base64.c - strict RFC 4648 §4 base64: the RFC's vectors, every
 * rejection class with its exact status, and round trips.
 *
 * Sources: RFC 4648 §10 "Test Vectors" (BASE64 of "", "f", "fo", "foo",
 * "foob", "fooba", "foobar"); the encoding of the 256 byte values 0..255
 * was computed outside esession with python3:
 *     base64.b64encode(bytes(range(256))).decode()
 */
#include "test_util.h"

#include "base64.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *bytes;
	const char *text;
} rfc4648_s10[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

static const char all_bytes_b64[] =
    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEy"
    "MzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2Rl"
    "ZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeY"
    "mZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrL"
    "zM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+"
    "/w==";

START_TEST(base64_rfc4648_vectors)
{
	const char *bytes = rfc4648_s10[_i].bytes;
	const char *text = rfc4648_s10[_i].text;
	size_t n = strlen(bytes);
	char enc[16];
	size_t enc_len = 99;
	size_t need = 0;
	ck_assert_status(es_base64_encoded_len(n, &need), ESESSION_OK);
	ck_assert_uint_eq(need, strlen(text));
	ck_assert_status(es_base64_encode((const uint8_t *)bytes, n, enc,
	                                  need + 1, &enc_len),
	                 ESESSION_OK);
	ck_assert_str_eq(enc, text);
	ck_assert_uint_eq(enc_len, strlen(text));

	uint8_t dec[16];
	size_t dec_len = 99;
	ck_assert_status(
	    es_base64_decode(text, strlen(text), dec, sizeof(dec), &dec_len),
	    ESESSION_OK);
	ck_assert_uint_eq(dec_len, n);
	ck_assert_mem_eq(dec, bytes, n);
	/* Exactly the decoded length is enough room. */
	ck_assert_status(es_base64_decode(text, strlen(text),
	                                  n > 0 ? dec : NULL, n, &dec_len),
	                 ESESSION_OK);
	ck_assert_uint_eq(dec_len, n);
}
END_TEST

START_TEST(base64_every_byte_value)
{
	uint8_t bytes[256];
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)i;
	char enc[400];
	size_t enc_len = 0;
	ck_assert_status(
	    es_base64_encode(bytes, sizeof(bytes), enc, sizeof(enc), &enc_len),
	    ESESSION_OK);
	ck_assert_str_eq(enc, all_bytes_b64);
	uint8_t dec[256];
	size_t dec_len = 0;
	ck_assert_status(es_base64_decode(all_bytes_b64, strlen(all_bytes_b64),
	                                  dec, sizeof(dec), &dec_len),
	                 ESESSION_OK);
	ck_assert_uint_eq(dec_len, 256);
	ck_assert_mem_eq(dec, bytes, 256);
}
END_TEST

START_TEST(base64_public_and_secret_maps_agree)
{
	/* Every byte value in every position of a quantum: the table map of
	 * es_base64_decode and the constant-time map of
	 * es_base64_decode_secret give the same status and bytes, and
	 * exactly the 64 alphabet characters are accepted. */
	size_t accepted = 0;
	for (unsigned c = 0; c < 256; c++) {
		for (size_t pos = 0; pos < 4; pos++) {
			char text[4] = {'Q', 'U', 'J', 'D'}; /* "ABC" */
			text[pos] = (char)c;
			uint8_t out[3];
			size_t out_len = 0;
			esession_status pub = es_base64_decode(
			    text, 4, out, sizeof(out), &out_len);
			es_secbuf sec = ES_SECBUF_INIT;
			ck_assert_status(es_base64_decode_secret(text, 4, &sec),
			                 pub);
			if (pub == ESESSION_OK) {
				ck_assert_uint_eq(sec.len, out_len);
				ck_assert_mem_eq(sec.data, out, out_len);
				if (pos == 0)
					accepted++;
			}
			es_secbuf_free(&sec);
		}
	}
	ck_assert_uint_eq(accepted, 64);

	/* The constant-time encoder gives the same text. */
	uint8_t bytes[256];
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)i;
	char enc[400];
	size_t enc_len = 0;
	ck_assert_status(es_base64_encode_secret(bytes, sizeof(bytes), enc,
	                                         sizeof(enc), &enc_len),
	                 ESESSION_OK);
	ck_assert_str_eq(enc, all_bytes_b64);
	ck_assert_uint_eq(enc_len, strlen(all_bytes_b64));
}
END_TEST

struct rejection {
	const char *text;
	size_t len; /* 0: strlen(text) */
	esession_status status;
};

static const struct rejection rejections[] = {
    /* Whitespace and line breaks (RFC 4648 §3.1, §3.3). */
    {"Zm9v\n", 0, ESESSION_EBASE64_SPACE},
    {" Zm9v", 0, ESESSION_EBASE64_SPACE},
    {"Zm 9v", 0, ESESSION_EBASE64_SPACE},
    {"Zm9v\r\nYg==", 0, ESESSION_EBASE64_SPACE},
    {"Zm9\tv", 0, ESESSION_EBASE64_SPACE},
    {"Zm9v Zg", 0, ESESSION_EBASE64_SPACE}, /* also bad length */
    /* Characters outside the alphabet (RFC 4648 §3.3). */
    {"Zm9v!", 0, ESESSION_EBASE64_CHAR},
    {"Zm9-", 0, ESESSION_EBASE64_CHAR}, /* base64url, §5 */
    {"Zm9_", 0, ESESSION_EBASE64_CHAR},
    {"Zm\0v", 4, ESESSION_EBASE64_CHAR},
    {"Zm9\xc3", 0, ESESSION_EBASE64_CHAR},
    {"Zm9v.A==", 0, ESESSION_EBASE64_CHAR},
    {"Zg!", 0, ESESSION_EBASE64_CHAR},   /* also bad length */
    {"Zm9\v", 0, ESESSION_EBASE64_CHAR}, /* not XML whitespace */
    /* Length not a multiple of 4: padding is required. */
    {"Z", 0, ESESSION_EBASE64_LENGTH},
    {"Zg", 0, ESESSION_EBASE64_LENGTH},
    {"Zg=", 0, ESESSION_EBASE64_LENGTH},
    {"Zm9vY", 0, ESESSION_EBASE64_LENGTH},
    {"Zm9vYg===", 0, ESESSION_EBASE64_LENGTH},
    /* '=' misplaced or too many. */
    {"Zg=a", 0, ESESSION_EBASE64_PADDING},
    {"Z===", 0, ESESSION_EBASE64_PADDING},
    {"====", 0, ESESSION_EBASE64_PADDING},
    {"=Zm9", 0, ESESSION_EBASE64_PADDING},
    {"Zm==Zm9v", 0, ESESSION_EBASE64_PADDING},
    {"Zm9v====", 0, ESESSION_EBASE64_PADDING},
    {"Zm9=Zm9v", 0, ESESSION_EBASE64_PADDING},
    /* Non-zero bits under the padding (RFC 4648 §3.5). */
    {"Zh==", 0, ESESSION_EBASE64_NONCANON},
    {"Zm9=", 0, ESESSION_EBASE64_NONCANON},
    {"Zm9vY///", 0, ESESSION_OK}, /* control: no padding, all bits used */
    {"Zm9vYh==", 0, ESESSION_EBASE64_NONCANON},
    {"Zm9vYm//", 0, ESESSION_OK},
    {"Zm9vYm/=", 0, ESESSION_EBASE64_NONCANON},
};

START_TEST(base64_rejections)
{
	const struct rejection *r = &rejections[_i];
	size_t len = r->len != 0 ? r->len : strlen(r->text);
	uint8_t out[16];
	memset(out, 0xee, sizeof(out));
	size_t out_len = 99;
	esession_status st =
	    es_base64_decode(r->text, len, out, sizeof(out), &out_len);
	ck_assert_msg(st == r->status, "case %d \"%s\": got %d (%s), want %d",
	              _i, r->text, (int)st, esession_strerror(st),
	              (int)r->status);
	if (r->status != ESESSION_OK) {
		/* Nothing of a rejected input is left behind. */
		ck_assert_uint_eq(out_len, 0);
		for (size_t i = 0; i < sizeof(out); i++)
			ck_assert_uint_eq(out[i], 0);
	}
	/* The secret variant rejects with the same status. */
	es_secbuf sec = ES_SECBUF_INIT;
	ck_assert_status(es_base64_decode_secret(r->text, len, &sec),
	                 r->status);
	if (r->status != ESESSION_OK)
		ck_assert_ptr_null(sec.data);
	es_secbuf_free(&sec);
}
END_TEST

START_TEST(base64_buffer_sizes)
{
	uint8_t out[8];
	size_t out_len = 99;
	/* "Zm9vYg==" decodes to 4 bytes: 3 is too few. */
	ck_assert_status(es_base64_decode("Zm9vYg==", 8, out, 3, &out_len),
	                 ESESSION_EBUFSIZE);
	ck_assert_uint_eq(out_len, 0);
	ck_assert_status(es_base64_decode("Zm9vYg==", 8, out, 4, &out_len),
	                 ESESSION_OK);
	ck_assert_uint_eq(out_len, 4);
	/* Malformed input is reported as such even with a small buffer. */
	ck_assert_status(es_base64_decode("Zm9vY!==", 8, out, 1, &out_len),
	                 ESESSION_EBASE64_CHAR);
	ck_assert_status(es_base64_decode("Zm9vYh==", 8, out, 1, &out_len),
	                 ESESSION_EBASE64_NONCANON);
	ck_assert_status(es_base64_decode("Zm9vYg==", 8, NULL, 0, &out_len),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(es_base64_decode("", 0, NULL, 0, &out_len),
	                 ESESSION_OK);
	ck_assert_uint_eq(out_len, 0);
	ck_assert_uint_eq(es_base64_decoded_max_len(8), 6);
	ck_assert_uint_eq(es_base64_decoded_max_len(7), 3);
	ck_assert_uint_eq(es_base64_decoded_max_len(0), 0);

	/* Encoder: room for the NUL is required. */
	char enc[9];
	size_t enc_len = 99;
	ck_assert_status(
	    es_base64_encode((const uint8_t *)"foob", 4, enc, 8, &enc_len),
	    ESESSION_EBUFSIZE);
	ck_assert_str_eq(enc, "");
	ck_assert_status(
	    es_base64_encode((const uint8_t *)"foob", 4, enc, 9, NULL),
	    ESESSION_OK);
	ck_assert_str_eq(enc, "Zm9vYg==");
	ck_assert_status(es_base64_encode(NULL, 0, enc, 1, &enc_len),
	                 ESESSION_OK);
	ck_assert_str_eq(enc, "");
	ck_assert_uint_eq(enc_len, 0);

	size_t need = 0;
	ck_assert_status(es_base64_encoded_len(SIZE_MAX, &need),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(es_base64_encoded_len(SIZE_MAX / 4 * 3, &need),
	                 ESESSION_OK);
	ck_assert_uint_eq(need, SIZE_MAX / 4 * 4);
}
END_TEST

START_TEST(base64_usage_errors)
{
	uint8_t out[8];
	size_t out_len = 0;
	char enc[8];
	ck_assert_status(es_base64_decode("Zg==", 4, out, 8, NULL),
	                 ESESSION_EINVAL);
	ck_assert_status(es_base64_decode(NULL, 4, out, 8, &out_len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_base64_decode("Zg==", 4, NULL, 8, &out_len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_base64_encode(NULL, 1, enc, 8, NULL),
	                 ESESSION_EINVAL);
	ck_assert_status(es_base64_encode(out, 1, NULL, 8, NULL),
	                 ESESSION_EINVAL);
	ck_assert_status(es_base64_encoded_len(1, NULL), ESESSION_EINVAL);

	es_secbuf sec = ES_SECBUF_INIT;
	ck_assert_status(es_base64_decode_secret("Zm9vYmFy", 8, &sec),
	                 ESESSION_OK);
	ck_assert_uint_eq(sec.len, 6);
	ck_assert_mem_eq(sec.data, "foobar", 6);
	/* Decoding into a full buffer would leak it. */
	ck_assert_status(es_base64_decode_secret("Zg==", 4, &sec),
	                 ESESSION_EINVAL);
	es_secbuf_free(&sec);
	ck_assert_status(es_base64_decode_secret("Zg==", 4, NULL),
	                 ESESSION_EINVAL);
	ck_assert_status(es_base64_decode_secret(NULL, 4, &sec),
	                 ESESSION_EINVAL);
	ck_assert_status(es_base64_decode_secret("", 0, &sec), ESESSION_OK);
	ck_assert_uint_eq(sec.len, 0);
}
END_TEST

/* xorshift32: a fixed, reproducible byte source for the round trips. */
static uint32_t rng_state = 0x9e3779b9u;

static uint8_t next_byte(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return (uint8_t)(rng_state >> 24);
}

static bool in_alphabet(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/';
}

START_TEST(base64_round_trip_lengths_0_to_300)
{
	uint8_t in[300];
	char enc[405];
	uint8_t dec[300];
	for (size_t n = 0; n <= 300; n++) {
		for (size_t i = 0; i < n; i++)
			in[i] = next_byte();
		size_t enc_len = 0;
		ck_assert_status(es_base64_encode(n > 0 ? in : NULL, n, enc,
		                                  sizeof(enc), &enc_len),
		                 ESESSION_OK);
		ck_assert_uint_eq(enc_len, (n + 2) / 3 * 4);
		ck_assert_uint_eq(strlen(enc), enc_len);
		size_t pad = n % 3 == 0 ? 0 : 3 - n % 3;
		for (size_t i = 0; i < enc_len; i++) {
			if (i >= enc_len - pad)
				ck_assert_int_eq(enc[i], '=');
			else
				ck_assert(in_alphabet(enc[i]));
		}
		size_t dec_len = 0;
		ck_assert_status(
		    es_base64_decode(enc, enc_len, dec, sizeof(dec), &dec_len),
		    ESESSION_OK);
		ck_assert_uint_eq(dec_len, n);
		ck_assert_mem_eq(dec, in, n);

		/* Canonical: setting any padding bit is rejected. */
		if (pad > 0) {
			char c = enc[enc_len - pad - 1];
			enc[enc_len - pad - 1] = c == '/' ? '+' : (char)(c + 1);
			ck_assert_status(es_base64_decode(enc, enc_len, dec,
			                                  sizeof(dec),
			                                  &dec_len),
			                 ESESSION_EBASE64_NONCANON);
		}
	}
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("codec_base64");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, base64_rfc4648_vectors, 0,
	                    (int)ES_ARRAY_LEN(rfc4648_s10));
	tcase_add_test(tc, base64_every_byte_value);
	tcase_add_test(tc, base64_public_and_secret_maps_agree);
	tcase_add_loop_test(tc, base64_rejections, 0,
	                    (int)ES_ARRAY_LEN(rejections));
	tcase_add_test(tc, base64_buffer_sizes);
	tcase_add_test(tc, base64_usage_errors);
	tcase_add_test(tc, base64_round_trip_lengths_0_to_300);
	suite_add_tcase(s, tc);
	return s;
}
