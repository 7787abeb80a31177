/*
 * test_mpi.c - XEP-0116 §"Multiple-Precision Integers": canonical encoder,
 * strict decoder, fixed-length encoder/decoder.
 *
 * Expected encodings are written out by hand from the XEP's rule (big-endian,
 * whole octets, no leading zero octet, no sign octet); large values are
 * built with libgcrypt's bit operations, independently of the code under
 * test.
 */
#include "test_util.h"

#include "mpi.h"

#include <stdlib.h>
#include <string.h>

/* 2^bits - 1 built bit by bit. */
static gcry_mpi_t all_ones(unsigned bits)
{
	gcry_mpi_t v = gcry_mpi_new(bits);
	gcry_mpi_set_bit(v, bits);
	gcry_mpi_sub_ui(v, v, 1);
	return v;
}

START_TEST(canonical_check)
{
	static const uint8_t zero[] = {0x00};
	static const uint8_t lead0[] = {0x00, 0x01};
	static const uint8_t lead0_high[] = {0x00, 0x80};
	static const uint8_t one[] = {0x01};
	static const uint8_t high[] = {0x80};
	ck_assert_status(es_mpi_check_canonical(one, 0), ESESSION_EMPI);
	ck_assert_status(es_mpi_check_canonical(NULL, 0), ESESSION_EMPI);
	ck_assert_status(es_mpi_check_canonical(zero, 1), ESESSION_EMPI);
	ck_assert_status(es_mpi_check_canonical(lead0, 2), ESESSION_EMPI);
	/* A sign octet before a high bit is a leading zero octet too: the
	 * XEP encoding is unsigned. */
	ck_assert_status(es_mpi_check_canonical(lead0_high, 2), ESESSION_EMPI);
	ck_assert_status(es_mpi_check_canonical(one, 1), ESESSION_OK);
	ck_assert_status(es_mpi_check_canonical(high, 1), ESESSION_OK);
	ck_assert_status(es_mpi_check_canonical(NULL, 1), ESESSION_EINVAL);
}
END_TEST

START_TEST(decode_strict)
{
	static const uint8_t high[] = {0x80};
	static const uint8_t two_octets[] = {0x01, 0x00};
	static const uint8_t lead0[] = {0x00, 0xff};
	gcry_mpi_t v = NULL;

	ck_assert_status(es_mpi_decode(&v, high, sizeof high), ESESSION_OK);
	ck_assert_int_eq(gcry_mpi_cmp_ui(v, 128), 0); /* not -128 */
	ck_assert(!gcry_mpi_is_neg(v));
	gcry_mpi_release(v);
	v = NULL;

	ck_assert_status(es_mpi_decode(&v, two_octets, sizeof two_octets),
	                 ESESSION_OK);
	ck_assert_int_eq(gcry_mpi_cmp_ui(v, 256), 0);
	gcry_mpi_release(v);
	v = NULL;

	ck_assert_status(es_mpi_decode(&v, lead0, sizeof lead0), ESESSION_EMPI);
	ck_assert_ptr_null(v);
	ck_assert_status(es_mpi_decode(&v, high, 0), ESESSION_EMPI);
	ck_assert_ptr_null(v);
	ck_assert_status(es_mpi_decode(NULL, high, 1), ESESSION_EINVAL);
}
END_TEST

/* 1024 octets of 0xff = 2^8192 - 1, the size of a group 18 value. */
START_TEST(decode_huge)
{
	uint8_t *buf = malloc(1024);
	ck_assert_ptr_nonnull(buf);
	memset(buf, 0xff, 1024);
	gcry_mpi_t v = NULL;
	ck_assert_status(es_mpi_decode(&v, buf, 1024), ESESSION_OK);
	gcry_mpi_t expect = all_ones(8192);
	ck_assert_int_eq(gcry_mpi_cmp(v, expect), 0);
	ck_assert_uint_eq(es_mpi_encoded_len(v), 1024);
	gcry_mpi_release(v);
	gcry_mpi_release(expect);
	free(buf);
}
END_TEST

START_TEST(decode_fixed_accepts_leading_zeros)
{
	static const uint8_t padded[] = {0x00, 0x00, 0xff};
	static const uint8_t zeros[] = {0x00, 0x00};
	gcry_mpi_t v = NULL;
	ck_assert_status(es_mpi_decode_fixed(&v, padded, sizeof padded),
	                 ESESSION_OK);
	ck_assert_int_eq(gcry_mpi_cmp_ui(v, 255), 0);
	gcry_mpi_release(v);
	v = NULL;
	ck_assert_status(es_mpi_decode_fixed(&v, zeros, sizeof zeros),
	                 ESESSION_OK);
	ck_assert_int_eq(gcry_mpi_cmp_ui(v, 0), 0);
	gcry_mpi_release(v);
	v = NULL;
	ck_assert_status(es_mpi_decode_fixed(&v, padded, 0), ESESSION_EMPI);
	ck_assert_ptr_null(v);
	ck_assert_status(es_mpi_decode_fixed(&v, NULL, 1), ESESSION_EINVAL);
}
END_TEST

START_TEST(encode_small_values)
{
	uint8_t out[4];
	size_t len = 99;
	gcry_mpi_t v = gcry_mpi_set_ui(NULL, 0);

	/* Zero: the one padded octet is a leading zero octet and goes. */
	ck_assert_status(es_mpi_encode(v, out, sizeof out, &len), ESESSION_OK);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(es_mpi_encoded_len(v), 0);

	gcry_mpi_set_ui(v, 1);
	ck_assert_status(es_mpi_encode(v, out, sizeof out, &len), ESESSION_OK);
	ck_assert_mem_hex(out, len, "01");

	/* High bit set: no sign octet. */
	gcry_mpi_set_ui(v, 0x80);
	ck_assert_status(es_mpi_encode(v, out, sizeof out, &len), ESESSION_OK);
	ck_assert_mem_hex(out, len, "80");

	gcry_mpi_set_ui(v, 0x100);
	ck_assert_status(es_mpi_encode(v, out, sizeof out, &len), ESESSION_OK);
	ck_assert_mem_hex(out, len, "0100");

	gcry_mpi_set_ui(v, 0xdeadbeef);
	ck_assert_status(es_mpi_encode(v, out, sizeof out, &len), ESESSION_OK);
	ck_assert_mem_hex(out, len, "deadbeef");

	/* One octet short. */
	ck_assert_status(es_mpi_encode(v, out, 3, &len), ESESSION_EBUFSIZE);
	ck_assert_uint_eq(len, 0);

	gcry_mpi_neg(v, v);
	ck_assert_status(es_mpi_encode(v, out, sizeof out, &len),
	                 ESESSION_EINVAL);
	ck_assert_status(es_mpi_encode(NULL, out, sizeof out, &len),
	                 ESESSION_EINVAL);
	gcry_mpi_release(v);
}
END_TEST

START_TEST(encode_huge)
{
	gcry_mpi_t v = all_ones(8192);
	size_t len = 0;
	uint8_t *out = malloc(1025);
	ck_assert_ptr_nonnull(out);
	ck_assert_status(es_mpi_encode(v, out, 1025, &len), ESESSION_OK);
	ck_assert_uint_eq(len, 1024);
	for (size_t i = 0; i < len; i++)
		ck_assert_uint_eq(out[i], 0xff);
	ck_assert_status(es_mpi_encode(v, out, 1023, &len), ESESSION_EBUFSIZE);

	/* 2^8192: a one and 1024 zero octets. */
	gcry_mpi_add_ui(v, v, 1);
	ck_assert_status(es_mpi_encode(v, out, 1025, &len), ESESSION_OK);
	ck_assert_uint_eq(len, 1025);
	ck_assert_uint_eq(out[0], 0x01);
	for (size_t i = 1; i < len; i++)
		ck_assert_uint_eq(out[i], 0x00);
	gcry_mpi_release(v);
	free(out);
}
END_TEST

/* decode(encode(v)) == v and encode(decode(b)) == b for canonical b of
 * every length 1..300 with assorted first octets. */
START_TEST(round_trip)
{
	uint8_t in[300], out[300];
	for (size_t n = 1; n <= sizeof in; n++) {
		for (size_t i = 0; i < n; i++)
			in[i] = (uint8_t)(i * 37u + n);
		if (in[0] == 0)
			in[0] = (uint8_t)(0x80u | n);
		gcry_mpi_t v = NULL;
		size_t len = 0;
		ck_assert_status(es_mpi_decode(&v, in, n), ESESSION_OK);
		ck_assert_status(es_mpi_encode(v, out, sizeof out, &len),
		                 ESESSION_OK);
		ck_assert_uint_eq(len, n);
		ck_assert_mem_eq(out, in, n);
		gcry_mpi_release(v);
	}
}
END_TEST

START_TEST(encode_fixed)
{
	uint8_t out[3];
	gcry_mpi_t v = gcry_mpi_set_ui(NULL, 0xff);
	ck_assert_status(es_mpi_encode_fixed(v, out, sizeof out), ESESSION_OK);
	ck_assert_mem_hex(out, sizeof out, "0000ff");
	gcry_mpi_set_ui(v, 0);
	ck_assert_status(es_mpi_encode_fixed(v, out, sizeof out), ESESSION_OK);
	ck_assert_mem_hex(out, sizeof out, "000000");
	gcry_mpi_set_ui(v, 0x10000);
	ck_assert_status(es_mpi_encode_fixed(v, out, 2), ESESSION_EBUFSIZE);
	ck_assert_status(es_mpi_encode_fixed(v, out, 3), ESESSION_OK);
	ck_assert_mem_hex(out, sizeof out, "010000");
	ck_assert_status(es_mpi_encode_fixed(v, NULL, 3), ESESSION_EINVAL);
	gcry_mpi_release(v);
}
END_TEST

/* Secrets stay in secure memory: encode_secret gives an es_secbuf whose
 * bytes decode back into a secure MPI. */
START_TEST(secret_encoding_stays_secure)
{
	gcry_mpi_t v = gcry_mpi_snew(256);
	gcry_mpi_set_bit(v, 255);
	gcry_mpi_add_ui(v, v, 0x1234);
	es_secbuf buf = ES_SECBUF_INIT;
	ck_assert_status(es_mpi_encode_secret(v, &buf), ESESSION_OK);
	ck_assert_uint_eq(buf.len, 32);
	ck_assert(gcry_is_secure(buf.data));
	ck_assert_uint_eq(buf.data[0], 0x80);
	ck_assert_uint_eq(buf.data[30], 0x12);
	ck_assert_uint_eq(buf.data[31], 0x34);

	gcry_mpi_t back = NULL;
	ck_assert_status(es_mpi_decode(&back, buf.data, buf.len), ESESSION_OK);
	ck_assert(gcry_mpi_get_flag(back, GCRYMPI_FLAG_SECURE));
	ck_assert_int_eq(gcry_mpi_cmp(back, v), 0);

	es_secbuf empty = ES_SECBUF_INIT;
	gcry_mpi_set_ui(v, 0);
	ck_assert_status(es_mpi_encode_secret(v, &empty), ESESSION_OK);
	ck_assert_uint_eq(empty.len, 0);

	gcry_mpi_release(back);
	gcry_mpi_release(v);
	es_secbuf_free(&buf);
	ck_assert_status(es_mpi_encode_secret(NULL, &buf), ESESSION_EINVAL);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("mpi");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, canonical_check);
	tcase_add_test(tc, decode_strict);
	tcase_add_test(tc, decode_huge);
	tcase_add_test(tc, decode_fixed_accepts_leading_zeros);
	tcase_add_test(tc, encode_small_values);
	tcase_add_test(tc, encode_huge);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, encode_fixed);
	tcase_add_test(tc, secret_encoding_stays_secure);
	suite_add_tcase(s, tc);
	return s;
}
