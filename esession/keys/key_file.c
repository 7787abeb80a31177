/*
 * key_file.c - esession_key_import() and esession_key_export(): key files
 * in memory, DER or PEM (docs/keys.md). The library reads and writes no
 * file; the caller passes bytes in and takes bytes out.
 */
#include "key_der.h"
#include "key_internal.h"
#include "key_pem.h"

#include <stdlib.h>
#include <string.h>

/* Every DER key file is a SEQUENCE. */
#define ES_KEY_DER_FIRST_OCTET 0x30u

esession_status esession_key_import(const uint8_t *data, size_t len,
                                    esession_key **out)
{
	ES_ENSURE(out != NULL && (data != NULL || len == 0), ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	ES_ENSURE(len <= ES_KEY_FILE_MAX_LEN, ESESSION_EKEY);

	/* Recognition (spec/ambiguities.md "Key file recognition"): DER
	 * starts with its SEQUENCE tag, PEM (after optional whitespace)
	 * with a dash; anything else is no key file we know. */
	size_t first = 0;
	while (first < len && (data[first] == ' ' || data[first] == '\t' ||
	                       data[first] == '\r' || data[first] == '\n'))
		first++;
	const bool der = len > 0 && data[0] == ES_KEY_DER_FIRST_OCTET;
	const bool pem = first < len && data[first] == '-';
	ES_ENSURE(der || pem, ESESSION_EKEY_FORMAT);

	es_sign_key *sk = NULL;
	if (der) {
		ES_GUARD(es_key_der_decode(data, len, ES_KEY_DER_ANY, &sk));
	} else {
		es_key_der_type type = ES_KEY_DER_ANY;
		es_secbuf bytes = ES_SECBUF_INIT;
		ES_GUARD(es_key_pem_decode(data, len, &type, &bytes));
		esession_status st =
		    es_key_der_decode(bytes.data, bytes.len, type, &sk);
		es_secbuf_free(&bytes);
		ES_GUARD(st);
	}
	return es_key_adopt(sk, out);
}

/* The DER structure of `container` for key: PKCS#1 is RSAPrivateKey for a
 * private key and RSAPublicKey for a public one. */
static esession_status es_key_file_type(const es_sign_key *sk,
                                        esession_key_container container,
                                        es_key_der_type *type)
{
	switch (container) {
	case ESESSION_KEY_PKCS8: *type = ES_KEY_DER_PKCS8; return ESESSION_OK;
	case ESESSION_KEY_PKCS1:
		*type = es_sign_key_has_private(sk) ? ES_KEY_DER_RSA_PRIVATE
		                                    : ES_KEY_DER_RSA_PUBLIC;
		return ESESSION_OK;
	case ESESSION_KEY_SPKI: *type = ES_KEY_DER_SPKI; return ESESSION_OK;
	default: return ESESSION_EINVAL;
	}
}

esession_status esession_key_export(const esession_key *key,
                                    esession_key_container container,
                                    esession_key_encoding encoding,
                                    uint8_t **out, size_t *out_len)
{
	ES_ENSURE(key != NULL && key->key != NULL && out != NULL &&
	              out_len != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(encoding == ESESSION_KEY_DER || encoding == ESESSION_KEY_PEM,
	          ESESSION_EINVAL);
	es_key_der_type type = ES_KEY_DER_ANY;
	ES_GUARD(es_key_file_type(key->key, container, &type));

	es_secbuf der = ES_SECBUF_INIT;
	ES_GUARD(es_key_der_encode(key->key, type, &der));
	esession_status st = ESESSION_OK;
	if (encoding == ESESSION_KEY_PEM) {
		st = es_key_pem_encode(type, der.data, der.len, out, out_len);
	} else {
		/* Out of secure memory: the caller owns it and releases it
		 * with esession_bytes_free(), which wipes it. */
		uint8_t *copy = malloc(der.len);
		if (copy == NULL) {
			st = ESESSION_ENOMEM;
		} else {
			memcpy(copy, der.data, der.len);
			*out = copy;
			*out_len = der.len;
		}
	}
	es_secbuf_free(&der);
	return st;
}
