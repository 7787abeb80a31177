/*
 * key_asn1.c - libtasn1 definitions and accessors for key files
 * (key_asn1.h).
 */
#include "key_asn1.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* The definitions of spec/esession-keys.asn, compiled at build time by
 * asn1Parser (esession/keys/meson.build). The generated file defines the
 * table and tests HAVE_CONFIG_H, which names no file of ours. */
extern const asn1_static_node esession_keys_asn1_tab[];
#define HAVE_CONFIG_H 0
#include "esession_keys_asn1_tab.h"
#undef HAVE_CONFIG_H

/* The module name of spec/esession-keys.asn, prefixed to every type. */
#define ES_ASN1_MODULE "ESessionKeys."

static esession_status es_asn1_status(int r)
{
	switch (r) {
	case ASN1_SUCCESS: return ESESSION_OK;
	case ASN1_MEM_ALLOC_ERROR: return ESESSION_ENOMEM;
	default: return ESESSION_EKEY_FORMAT;
	}
}

esession_status es_asn1_new(const char *type, asn1_node *defs, asn1_node *node)
{
	ES_ENSURE(type != NULL && defs != NULL && node != NULL,
	          ESESSION_EINVAL);
	*defs = NULL;
	*node = NULL;
	char name[ASN1_MAX_NAME_SIZE];
	int n = snprintf(name, sizeof(name), "%s%s", ES_ASN1_MODULE, type);
	ES_ENSURE(n > 0 && (size_t)n < sizeof(name), ESESSION_EINVAL);
	ES_GUARD(es_asn1_status(
	    asn1_array2tree(esession_keys_asn1_tab, defs, NULL)));
	return es_asn1_status(asn1_create_element(*defs, name, node));
}

void es_asn1_delete(asn1_node *defs, asn1_node *node)
{
	if (node != NULL && *node != NULL)
		(void)asn1_delete_structure2(node, ASN1_DELETE_FLAG_ZEROIZE);
	if (defs != NULL && *defs != NULL)
		(void)asn1_delete_structure(defs);
}

esession_status es_asn1_decode(asn1_node *node, const uint8_t *der, size_t len)
{
	ES_ENSURE(node != NULL && *node != NULL && der != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(len <= INT_MAX, ESESSION_EKEY_FORMAT);
	int used = (int)len;
	/* On failure libtasn1 deletes the structure itself and sets *node
	 * to NULL, without zeroizing it (docs/keys.md "Memory"). */
	int r = asn1_der_decoding2(node, der, &used,
	                           ASN1_DECODE_FLAG_STRICT_DER, NULL);
	ES_GUARD(es_asn1_status(r));
	/* asn1_der_decoding2 stops after one element; es_der_check has
	 * already refused trailing bytes, this is the belt to those braces. */
	ES_ENSURE((size_t)used == len, ESESSION_EDER);
	return ESESSION_OK;
}

esession_status es_asn1_read_bytes(asn1_node node, const char *name,
                                   es_secbuf *out)
{
	ES_ENSURE(node != NULL && name != NULL && out != NULL, ESESSION_EINVAL);
	int len = 0;
	int r = asn1_read_value(node, name, NULL, &len);
	/* A present value answers "too small" with its length; an empty one
	 * (len 0) succeeds at once. */
	if (r == ASN1_SUCCESS && len == 0) {
		*out = (es_secbuf)ES_SECBUF_INIT;
		return ESESSION_OK;
	}
	ES_ENSURE(r == ASN1_MEM_ERROR && len > 0, es_asn1_status(r));
	es_secbuf buf = ES_SECBUF_INIT;
	ES_GUARD(es_secbuf_alloc(&buf, (size_t)len));
	int got = len;
	r = asn1_read_value(node, name, buf.data, &got);
	if (r != ASN1_SUCCESS || got != len) {
		es_secbuf_free(&buf);
		return r != ASN1_SUCCESS ? es_asn1_status(r)
		                         : ESESSION_EKEY_FORMAT;
	}
	*out = buf;
	return ESESSION_OK;
}

esession_status es_asn1_read_bits(asn1_node node, const char *name,
                                  es_secbuf *out)
{
	ES_ENSURE(node != NULL && name != NULL && out != NULL, ESESSION_EINVAL);
	/* libtasn1 counts a BIT STRING's length in bits (in *len on
	 * output) and its buffer size in octets (on input). */
	int bits = 0;
	int r = asn1_read_value(node, name, NULL, &bits);
	ES_ENSURE(r == ASN1_MEM_ERROR && bits > 0 && bits % 8 == 0,
	          r == ASN1_MEM_ALLOC_ERROR ? ESESSION_ENOMEM
	                                    : ESESSION_EKEY_FORMAT);
	es_secbuf buf = ES_SECBUF_INIT;
	ES_GUARD(es_secbuf_alloc(&buf, (size_t)bits / 8u));
	int got = bits / 8;
	r = asn1_read_value(node, name, buf.data, &got);
	if (r != ASN1_SUCCESS || got != bits) {
		es_secbuf_free(&buf);
		return r != ASN1_SUCCESS ? es_asn1_status(r)
		                         : ESESSION_EKEY_FORMAT;
	}
	*out = buf;
	return ESESSION_OK;
}

bool es_asn1_has(asn1_node node, const char *name)
{
	/* asn1_der_decoding2 removes the nodes of absent OPTIONAL fields;
	 * a present one exists even when it has no value of its own (a SET
	 * OF, possibly empty). */
	return node != NULL && asn1_find_node(node, name) != NULL;
}

esession_status es_asn1_read_uint(asn1_node node, const char *name,
                                  es_secbuf *buf, es_bytes *value)
{
	ES_ENSURE(buf != NULL && value != NULL, ESESSION_EINVAL);
	es_secbuf v = ES_SECBUF_INIT;
	ES_GUARD(es_asn1_read_bytes(node, name, &v));
	/* Two's complement content octets, minimal (es_der_check). Key
	 * components are positive: a negative one is no key. */
	if (v.len == 0 || (v.data[0] & 0x80u) != 0) {
		es_secbuf_free(&v);
		return ESESSION_EKEY;
	}
	const size_t skip = v.data[0] == 0x00 ? 1u : 0u;
	if (v.len == skip) { /* zero */
		es_secbuf_free(&v);
		return ESESSION_EKEY;
	}
	*buf = v;
	*value = (es_bytes){v.data + skip, v.len - skip};
	return ESESSION_OK;
}

esession_status es_asn1_read_small(asn1_node node, const char *name,
                                   unsigned *value)
{
	ES_ENSURE(node != NULL && name != NULL && value != NULL,
	          ESESSION_EINVAL);
	uint8_t v[2];
	int len = (int)sizeof(v);
	int r = asn1_read_value(node, name, v, &len);
	/* A longer value does not fit: no version we know is that large. */
	ES_ENSURE(r != ASN1_MEM_ERROR, ESESSION_EKEY_FORMAT);
	ES_GUARD(es_asn1_status(r));
	ES_ENSURE(len >= 1 && (v[0] & 0x80u) == 0, ESESSION_EKEY_FORMAT);
	unsigned x = 0;
	for (int i = 0; i < len; i++)
		x = (x << 8) | v[i];
	ES_ENSURE(x <= 255u, ESESSION_EKEY_FORMAT);
	*value = x;
	return ESESSION_OK;
}

esession_status es_asn1_write(asn1_node node, const char *name,
                              const void *value, size_t len)
{
	ES_ENSURE(node != NULL && name != NULL, ESESSION_EINVAL);
	ES_ENSURE(len <= INT_MAX, ESESSION_EINVAL);
	return es_asn1_status(asn1_write_value(node, name, value, (int)len));
}

esession_status es_asn1_write_uint(asn1_node node, const char *name,
                                   const uint8_t *value, size_t len)
{
	ES_ENSURE(value != NULL || len == 0, ESESSION_EINVAL);
	ES_ENSURE(len < INT_MAX, ESESSION_EINVAL);
	/* DER INTEGER is two's complement (X.690 §8.3): a positive value
	 * whose top bit is set gets a zero sign octet; zero is one zero
	 * octet. */
	const size_t pad = (len == 0 || (value[0] & 0x80u) != 0) ? 1u : 0u;
	es_secbuf tmp = ES_SECBUF_INIT;
	ES_GUARD(es_secbuf_alloc(&tmp, len + pad));
	if (len > 0)
		memcpy(tmp.data + pad, value, len);
	esession_status st = es_asn1_write(node, name, tmp.data, tmp.len);
	es_secbuf_free(&tmp);
	return st;
}

esession_status es_asn1_encode(asn1_node node, es_secbuf *out)
{
	ES_ENSURE(node != NULL && out != NULL, ESESSION_EINVAL);
	int len = 0;
	int r = asn1_der_coding(node, "", NULL, &len, NULL);
	ES_ENSURE(r == ASN1_MEM_ERROR && len > 0, es_asn1_status(r));
	es_secbuf buf = ES_SECBUF_INIT;
	ES_GUARD(es_secbuf_alloc(&buf, (size_t)len));
	int got = len;
	r = asn1_der_coding(node, "", buf.data, &got, NULL);
	if (r != ASN1_SUCCESS || got != len) {
		es_secbuf_free(&buf);
		return r != ASN1_SUCCESS ? es_asn1_status(r)
		                         : ESESSION_EKEY_FORMAT;
	}
	*out = buf;
	return ESESSION_OK;
}
