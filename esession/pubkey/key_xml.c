/*
 * key_xml.c - the public functions esession_key_fingerprint and
 * esession_key_keyvalue (esession.h "identity keys").
 */
#include "es_internal.h"

#include "key_internal.h"
#include "keyvalue.h"

#include <stdlib.h>
#include <string.h>

esession_status esession_key_fingerprint(const esession_key *key,
                                         const char *hash, uint8_t *out,
                                         size_t cap, size_t *len)
{
	ES_ENSURE(key != NULL && hash != NULL && out != NULL && len != NULL,
	          ESESSION_EINVAL);
	*len = 0;
	const es_sign_key *sk = es_key_sign_key(key);
	ES_ENSURE(sk != NULL, ESESSION_EINVAL);
	es_hash_alg alg = 0;
	ES_GUARD(es_hash_from_name(hash, &alg));
	return es_pubkey_fingerprint(alg, sk, out, cap, len);
}

esession_status esession_key_keyvalue(const esession_key *key, uint8_t **out,
                                      size_t *out_len)
{
	ES_ENSURE(key != NULL && out != NULL && out_len != NULL,
	          ESESSION_EINVAL);
	*out = NULL;
	*out_len = 0;
	const es_sign_key *sk = es_key_sign_key(key);
	ES_ENSURE(sk != NULL, ESESSION_EINVAL);
	es_xml_buf kv;
	es_xml_buf_init(&kv, 0);
	esession_status st = es_pubkey_keyvalue(sk, &kv);
	if (st == ESESSION_OK) {
		/* Handed to the application, which releases it with
		 * esession_bytes_free: plain malloc'ed and NUL-terminated. */
		uint8_t *copy = malloc(kv.len + 1);
		if (copy == NULL) {
			st = ESESSION_ENOMEM;
		} else {
			memcpy(copy, kv.data, kv.len);
			copy[kv.len] = '\0';
			*out = copy;
			*out_len = kv.len;
		}
	}
	es_xml_buf_free(&kv);
	return st;
}
