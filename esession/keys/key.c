/*
 * key.c - the esession_key handle: generation, the public part, the
 * accessors, and esession_bytes_free() for the buffers the key functions
 * return. Key files are in key_file.c; the crypto layer (sign.h) owns the
 * key material itself.
 */
#include "key_internal.h"

#include "secmem.h"

#include <stdlib.h>

const es_sign_key *es_key_sign_key(const esession_key *key)
{
	return key != NULL ? key->key : NULL;
}

/* Wraps an es_sign_key (taking ownership of it) into a new handle. On
 * failure the es_sign_key is released. */
static esession_status es_key_wrap(es_sign_key *sk, esession_key **out)
{
	esession_key *key = malloc(sizeof(*key));
	if (key == NULL) {
		es_sign_key_free(sk);
		return ESESSION_ENOMEM;
	}
	key->key = sk;
	*out = key;
	return ESESSION_OK;
}

esession_status es_key_adopt(es_sign_key *sk, esession_key **out)
{
	ES_ENSURE(sk != NULL && out != NULL, ESESSION_EINVAL);
	return es_key_wrap(sk, out);
}

esession_status esession_key_generate(esession_key_type type, unsigned bits,
                                      esession_key **out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	es_sign_alg alg;
	switch (type) {
	case ESESSION_KEY_RSA: alg = ES_SIGN_RSA_SHA256; break;
	case ESESSION_KEY_DSA: alg = ES_SIGN_DSA_SHA256; break;
	default: return ESESSION_EUNSUPPORTED;
	}
	es_sign_key *sk = NULL;
	ES_GUARD(es_sign_key_generate(&sk, alg, bits));
	return es_key_wrap(sk, out);
}

esession_status esession_key_public(const esession_key *key, esession_key **out)
{
	ES_ENSURE(key != NULL && key->key != NULL && out != NULL,
	          ESESSION_EINVAL);
	es_sign_key *sk = NULL;
	ES_GUARD(es_sign_key_copy(key->key, false, &sk));
	return es_key_wrap(sk, out);
}

void esession_key_free(esession_key *key)
{
	if (key == NULL)
		return;
	es_sign_key_free(key->key); /* wipes the private part */
	free(key);
}

esession_key_type esession_key_get_type(const esession_key *key)
{
	if (key == NULL || key->key == NULL)
		return (esession_key_type)0;
	return es_sign_key_alg(key->key) == ES_SIGN_RSA_SHA256
	           ? ESESSION_KEY_RSA
	           : ESESSION_KEY_DSA;
}

unsigned esession_key_bits(const esession_key *key)
{
	if (key == NULL || key->key == NULL)
		return 0;
	return es_sign_key_bits(key->key);
}

int esession_key_is_private(const esession_key *key)
{
	if (key == NULL || key->key == NULL)
		return 0;
	return es_sign_key_has_private(key->key) ? 1 : 0;
}

void esession_bytes_free(uint8_t *bytes, size_t len)
{
	if (bytes == NULL)
		return;
	es_wipe(bytes, len);
	free(bytes);
}
