/*
 * kdf.c - XEP-0116 session keys and the final shared secret.
 */
#include "kdf.h"

#include <string.h>

esession_status es_kdf_derive(es_hash_alg alg, const uint8_t *k, size_t k_len,
                              const char *label, size_t key_len, es_secbuf *out)
{
	size_t hash_len = es_hash_len(alg);
	ES_ENSURE(hash_len != 0, ESESSION_EUNSUPPORTED);
	ES_ENSURE(k != NULL || k_len == 0, ESESSION_EINVAL);
	ES_ENSURE(label != NULL && key_len != 0, ESESSION_EINVAL);
	ES_ENSURE(out != NULL && out->data == NULL && out->len == 0,
	          ESESSION_EINVAL);
	/* XEP-0116 §"Generating Session Keys": the hash output must be no
	 * shorter than the key data. */
	ES_ENSURE(key_len <= hash_len, ESESSION_EKEY_LENGTH);

	const es_span message[] = {
	    {(const uint8_t *)label, strlen(label)},
	};
	es_secbuf mac = ES_SECBUF_INIT;
	es_secbuf key = ES_SECBUF_INIT;
	esession_status st =
	    es_hmac_secret(alg, k, k_len, message, ES_ARRAY_LEN(message), &mac);
	if (st != ESESSION_OK)
		goto out;
	st = es_secbuf_alloc(&key, key_len);
	if (st != ESESSION_OK)
		goto out;
	/* XEP-0116 §"Generating Session Keys": key data is taken from the
	 * least significant bits of the HMAC output, i.e. its last bytes
	 * (spec/ambiguities.md "KDF: least significant bits of the HMAC"). */
	memcpy(key.data, mac.data + (hash_len - key_len), key_len);
	*out = key;
	key = (es_secbuf)ES_SECBUF_INIT;
out:
	es_secbuf_free(&key);
	es_secbuf_free(&mac);
	return st;
}

esession_status es_kdf_final_secret(es_hash_alg alg, const uint8_t *k,
                                    size_t k_len, const uint8_t *srs,
                                    size_t srs_len, const uint8_t *oss,
                                    size_t oss_len, es_secbuf *out)
{
	/* XEP-0116 §"Generating Bob's Final Session Keys":
	 * K = HASH(K | SRS | OSS), each of SRS and OSS only if present. */
	const es_span parts[] = {
	    {k, k_len},
	    {srs, srs_len},
	    {oss, oss_len},
	};
	return es_hash_secret(alg, parts, ES_ARRAY_LEN(parts), out);
}
