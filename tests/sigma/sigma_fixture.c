/*
 * sigma_fixture.c - the fixed inputs of tests/sigma/kat/sigma_kat.py.
 */
#include "sigma_fixture.h"

#include "test_util.h"

#include <stdlib.h>
#include <string.h>

const uint8_t fx_k_fixed[32] = {0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
                                0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
                                0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57,
                                0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f};

const uint8_t fx_n_a[FX_NONCE_LEN] = {
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa,
    0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5,
    0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf};

const uint8_t fx_n_b[FX_NONCE_LEN] = {
    0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba,
    0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5,
    0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf};

const uint8_t fx_c_a[FX_COUNTER_LEN] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
                                        0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98,
                                        0x76, 0x54, 0x32, 0x10};

#define R4(b)  b, b, b, b
#define R8(b)  R4(b), R4(b)
#define R32(b) R8(b), R8(b), R8(b), R8(b)

const uint8_t fx_x[33] = {0x01, R32(0x11)};
const uint8_t fx_y[41] = {0x02, R32(0x22), R8(0x22)};

const uint8_t fx_rs[FX_N_RS][FX_RS_LEN] = {
    {R32(0x31)}, {R32(0x32)}, {R32(0x33)}, {R32(0x34)}};

const char fx_form_a[] =
    "<field var=\"FORM_TYPE\"><value>urn:xmpp:ssn</value></field>"
    "<field var=\"accept\"><value>1</value></field>";
const char fx_form_b[] =
    "<field var=\"FORM_TYPE\"><value>urn:xmpp:ssn</value></field>"
    "<field var=\"crypt_algs\"><value>aes128-ctr</value></field>";
const char fx_form_a2[] =
    "<field var=\"FORM_TYPE\"><value>urn:xmpp:ssn</value></field>"
    "<field var=\"nonce\"><value>B</value></field>";
const char fx_form_b2[] =
    "<field var=\"FORM_TYPE\"><value>urn:xmpp:ssn</value></field>"
    "<field var=\"srshash\"><value>S</value></field>";
const char fx_oss[] = "correct horse battery staple";

es_secbuf fx_secbuf(const uint8_t *data, size_t len)
{
	es_secbuf b = ES_SECBUF_INIT;
	ck_assert_status(es_secbuf_copy(&b, data, len), ESESSION_OK);
	return b;
}

es_secbuf fx_secbuf_hex(const char *hex)
{
	size_t len = 0;
	uint8_t *bytes = es_test_unhex(hex, &len);
	es_secbuf b = fx_secbuf(bytes, len);
	es_wipe(bytes, len);
	free(bytes);
	return b;
}

void fx_flip(uint8_t *buf, size_t len, size_t bit)
{
	ck_assert_uint_lt(bit / 8, len);
	buf[bit / 8] ^= (uint8_t)(0x80u >> (bit % 8));
}
