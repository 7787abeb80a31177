/*
 * key_der_write.c - DER writer for the secret-bearing structures
 * (key_der_write.h).
 */
#include "key_der_write.h"

#include <string.h>

enum {
	ES_DER_W_INTEGER = 0x02,
	ES_DER_W_OCTET_STRING = 0x04,
	ES_DER_W_SEQUENCE = 0x30
};

/* Key files are small (key_der.h ES_KEY_FILE_MAX_LEN); lengths beyond a
 * 4-octet length field are refused rather than written. */
#define ES_DER_W_MAX_CONTENT 0xffffffu

/* Octets of the length field for a content of len octets (§8.1.3). */
static size_t es_der_w_len_octets(size_t len)
{
	size_t n = 1;
	if (len >= 0x80u)
		for (size_t v = len; v > 0; v >>= 8)
			n++;
	return n;
}

/* Content octets of the INTEGER v: a zero octet first when the top bit is
 * set (v is non-negative); zero is one zero octet. */
static size_t es_der_w_uint_content(const es_bytes *v)
{
	if (v->len == 0)
		return 1;
	return v->len + ((v->data[0] & 0x80u) != 0 ? 1u : 0u);
}

static size_t es_der_w_tlv(size_t content)
{
	return 1 + es_der_w_len_octets(content) + content;
}

/* A bounded writer over a secure buffer. */
typedef struct es_der_w {
	uint8_t *p;
	size_t cap;
	size_t at;
} es_der_w;

static void es_der_w_bytes(es_der_w *w, const uint8_t *b, size_t len)
{
	/* The sizes were computed before allocation; running over would
	 * be a bug in this file, caught here rather than in memory. */
	if (len > w->cap - w->at)
		return;
	if (len > 0)
		memcpy(w->p + w->at, b, len);
	w->at += len;
}

static void es_der_w_header(es_der_w *w, uint8_t tag, size_t len)
{
	uint8_t h[1 + 1 + sizeof(size_t)];
	size_t n = 0;
	h[n++] = tag;
	const size_t lo = es_der_w_len_octets(len);
	if (lo == 1) {
		h[n++] = (uint8_t)len;
	} else {
		h[n++] = (uint8_t)(0x80u | (lo - 1));
		for (size_t i = lo - 1; i > 0; i--)
			h[n++] = (uint8_t)(len >> (8 * (i - 1)));
	}
	es_der_w_bytes(w, h, n);
}

static void es_der_w_uint(es_der_w *w, const es_bytes *v)
{
	static const uint8_t zero = 0;
	es_der_w_header(w, ES_DER_W_INTEGER, es_der_w_uint_content(v));
	if (v->len == 0 || (v->data[0] & 0x80u) != 0)
		es_der_w_bytes(w, &zero, 1);
	es_der_w_bytes(w, v->data, v->len);
}

/* Allocate total octets of secure memory for w. */
static esession_status es_der_w_open(es_der_w *w, es_secbuf *buf, size_t total)
{
	ES_GUARD(es_secbuf_alloc(buf, total));
	w->p = buf->data;
	w->cap = total;
	w->at = 0;
	return ESESSION_OK;
}

/* The writer filled its buffer exactly, else the buffer is released. */
static esession_status es_der_w_close(const es_der_w *w, es_secbuf *buf,
                                      es_secbuf *out)
{
	if (w->at != w->cap) {
		es_secbuf_free(buf);
		return ESESSION_EINVAL;
	}
	*out = *buf;
	return ESESSION_OK;
}

esession_status es_der_write_uints(const es_bytes *v, size_t n, bool bare,
                                   es_secbuf *out)
{
	ES_ENSURE(v != NULL && out != NULL && n > 0, ESESSION_EINVAL);
	ES_ENSURE(!bare || n == 1, ESESSION_EINVAL);
	size_t content = 0;
	for (size_t i = 0; i < n; i++) {
		ES_ENSURE(v[i].data != NULL || v[i].len == 0, ESESSION_EINVAL);
		ES_ENSURE(v[i].len <= ES_DER_W_MAX_CONTENT / 16u,
		          ESESSION_EINVAL);
		content += es_der_w_tlv(es_der_w_uint_content(&v[i]));
	}
	const size_t total = bare ? content : es_der_w_tlv(content);
	es_secbuf buf = ES_SECBUF_INIT;
	es_der_w w;
	ES_GUARD(es_der_w_open(&w, &buf, total));
	if (!bare)
		es_der_w_header(&w, ES_DER_W_SEQUENCE, content);
	for (size_t i = 0; i < n; i++)
		es_der_w_uint(&w, &v[i]);
	return es_der_w_close(&w, &buf, out);
}

esession_status es_der_write_pkcs8(const es_bytes *alg, const es_bytes *key,
                                   es_secbuf *out)
{
	ES_ENSURE(alg != NULL && key != NULL && out != NULL, ESESSION_EINVAL);
	ES_ENSURE(alg->data != NULL && key->data != NULL, ESESSION_EINVAL);
	ES_ENSURE(alg->len <= ES_DER_W_MAX_CONTENT / 4u &&
	              key->len <= ES_DER_W_MAX_CONTENT / 4u,
	          ESESSION_EINVAL);
	static const es_bytes version = {NULL, 0}; /* 0: RFC 5208 v1 */
	const size_t content = es_der_w_tlv(es_der_w_uint_content(&version)) +
	                       alg->len + es_der_w_tlv(key->len);
	es_secbuf buf = ES_SECBUF_INIT;
	es_der_w w;
	ES_GUARD(es_der_w_open(&w, &buf, es_der_w_tlv(content)));
	es_der_w_header(&w, ES_DER_W_SEQUENCE, content);
	es_der_w_uint(&w, &version);
	es_der_w_bytes(&w, alg->data, alg->len);
	es_der_w_header(&w, ES_DER_W_OCTET_STRING, key->len);
	es_der_w_bytes(&w, key->data, key->len);
	return es_der_w_close(&w, &buf, out);
}
