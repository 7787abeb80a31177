/*
 * stanza_test.c - helpers shared by the XEP-0200 suites (stanza_test.h).
 */
#include "stanza_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void st_test_kc(es_cipher_alg cipher, uint8_t *kc, size_t *len)
{
	*len = es_cipher_key_len(cipher);
	for (size_t i = 0; i < *len; i++)
		kc[i] = (uint8_t)i;
}

void st_test_km(es_hash_alg hash, uint8_t *km, size_t *len)
{
	*len = es_hash_len(hash);
	for (size_t i = 0; i < *len; i++)
		km[i] = (uint8_t)(0x20 + i);
}

void st_pair_new(st_pair *p, es_cipher_alg cipher, es_hash_alg hash,
                 const char *counter_hex)
{
	uint8_t kc[32];
	uint8_t km[64];
	size_t kc_len = 0;
	size_t km_len = 0;
	size_t c_len = 0;
	st_test_kc(cipher, kc, &kc_len);
	st_test_km(hash, km, &km_len);
	uint8_t *c = es_test_unhex(counter_hex, &c_len);
	p->cipher = cipher;
	p->hash = hash;
	ck_assert_status(es_stanza_dir_new(&p->tx, cipher, hash,
	                                   kc_len ? kc : NULL, kc_len, km,
	                                   km_len, c, c_len),
	                 ESESSION_OK);
	ck_assert_status(es_stanza_dir_new(&p->rx, cipher, hash,
	                                   kc_len ? kc : NULL, kc_len, km,
	                                   km_len, c, c_len),
	                 ESESSION_OK);
	free(c);
}

void st_pair_free(st_pair *p)
{
	es_stanza_dir_free(p->tx);
	es_stanza_dir_free(p->rx);
	p->tx = NULL;
	p->rx = NULL;
}

const char *st_counter_hex(const es_stanza_dir *dir)
{
	static char hex[2 * ES_CTR_MAX_BLOCK_LEN + 1];
	uint8_t c[ES_CTR_MAX_BLOCK_LEN];
	ck_assert_status(es_stanza_dir_counter(dir, c, sizeof(c)), ESESSION_OK);
	size_t n = es_stanza_dir_counter_len(dir);
	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", c[i]);
	hex[2 * n] = '\0';
	return hex;
}

static char *st_take(es_xml_buf *buf)
{
	char *s = malloc(buf->len + 1);
	ck_assert_ptr_nonnull(s);
	if (buf->len > 0)
		memcpy(s, buf->data, buf->len);
	s[buf->len] = '\0';
	es_xml_buf_free(buf);
	return s;
}

esession_status st_encrypt(es_stanza_dir *dir, const char *stanza,
                           const es_stanza_extras *extras, char **out)
{
	es_xml_buf buf;
	es_xml_buf_init(&buf, 0);
	esession_status st = es_stanza_encrypt_text(
	    dir, ES_STANZA_ALL_KINDS, (const uint8_t *)stanza, strlen(stanza),
	    extras, &buf);
	/* A failed call appends nothing. */
	if (st != ESESSION_OK)
		ck_assert_uint_eq(buf.len, 0);
	*out = st == ESESSION_OK ? st_take(&buf) : NULL;
	es_xml_buf_free(&buf);
	return st;
}

esession_status st_decrypt(es_stanza_dir *dir, const char *stanza, char **out,
                           es_stanza_received *rx)
{
	es_xml_buf buf;
	es_xml_buf_init(&buf, 0);
	es_stanza_received local = ES_STANZA_RECEIVED_INIT;
	esession_status st = es_stanza_decrypt_text(
	    dir, ES_STANZA_ALL_KINDS, (const uint8_t *)stanza, strlen(stanza),
	    &buf, rx != NULL ? rx : &local);
	if (st != ESESSION_OK)
		ck_assert_uint_eq(buf.len, 0);
	es_stanza_received_clear(&local);
	*out = st == ESESSION_OK ? st_take(&buf) : NULL;
	es_xml_buf_free(&buf);
	return st;
}

char *st_round_trip(st_pair *p, const char *stanza)
{
	char *enc = NULL;
	char *dec = NULL;
	ck_assert_status(st_encrypt(p->tx, stanza, NULL, &enc), ESESSION_OK);
	ck_assert_status(st_decrypt(p->rx, enc, &dec, NULL), ESESSION_OK);
	char tx_c[2 * ES_CTR_MAX_BLOCK_LEN + 1];
	strcpy(tx_c, st_counter_hex(p->tx));
	ck_assert_str_eq(tx_c, st_counter_hex(p->rx));
	free(enc);
	return dec;
}

char *st_element_text(const char *s, const char *name)
{
	char open[32];
	char close[32];
	snprintf(open, sizeof(open), "<%s>", name);
	snprintf(close, sizeof(close), "</%s>", name);
	const char *a = strstr(s, open);
	ck_assert_ptr_nonnull(a);
	a += strlen(open);
	const char *b = strstr(a, close);
	ck_assert_ptr_nonnull(b);
	size_t n = (size_t)(b - a);
	char *t = malloc(n + 1);
	ck_assert_ptr_nonnull(t);
	memcpy(t, a, n);
	t[n] = '\0';
	return t;
}

char *st_replace_text(const char *s, const char *name, const char *text)
{
	char open[32];
	char close[32];
	snprintf(open, sizeof(open), "<%s>", name);
	snprintf(close, sizeof(close), "</%s>", name);
	const char *a = strstr(s, open);
	ck_assert_ptr_nonnull(a);
	a += strlen(open);
	const char *b = strstr(a, close);
	ck_assert_ptr_nonnull(b);
	size_t n = (size_t)(a - s) + strlen(text) + strlen(b) + 1;
	char *r = malloc(n);
	ck_assert_ptr_nonnull(r);
	snprintf(r, n, "%.*s%s%s", (int)(a - s), s, text, b);
	return r;
}

char *st_b64(const uint8_t *b, size_t len)
{
	size_t n = 0;
	ck_assert_status(es_base64_encoded_len(len, &n), ESESSION_OK);
	char *s = malloc(n + 1);
	ck_assert_ptr_nonnull(s);
	ck_assert_status(es_base64_encode(b, len, s, n + 1, NULL), ESESSION_OK);
	return s;
}

uint8_t *st_unb64(const char *s, size_t *len)
{
	size_t max = es_base64_decoded_max_len(strlen(s));
	uint8_t *b = malloc(max + 1);
	ck_assert_ptr_nonnull(b);
	ck_assert_status(es_base64_decode(s, strlen(s), b, max, len),
	                 ESESSION_OK);
	return b;
}
