/*
 * sigma_keys.c - XEP-0116 §"Generating Session Keys".
 */
#include "sigma_keys.h"

#include "kdf.h"

esession_status es_sigma_key_lengths(es_hash_alg hash, es_cipher_alg cipher,
                                     es_sigma_key_sizes *out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	size_t hash_len = es_hash_len(hash);
	ES_ENSURE(hash_len != 0, ESESSION_EUNSUPPORTED);
	ES_ENSURE(es_cipher_name(cipher) != NULL, ESESSION_EUNSUPPORTED);

	/* spec/ambiguities.md "Length of the MAC and SIGMA keys".
	 * XEP-0116: cipher keys are as long as the cipher needs; variable-
	 * length (HMAC) keys SHOULD take "the maximum length (up to the hash
	 * output length)". XEP-0217, the profile we MUST interoperate with:
	 * "Only the 128 least significant bits of the HMAC output must be
	 * used for each key". Tying the HMAC keys to the cipher's strength
	 * (with a 128-bit floor) satisfies XEP-0217 on its profile
	 * (aes128-ctr: all keys 16 bytes) and gives 256-bit MAC keys with
	 * 256-bit ciphers. */
	size_t cipher_key = es_cipher_key_len(cipher);
	size_t mac_key = cipher_key < ES_SIGMA_MIN_MAC_KEY_LEN
	                     ? ES_SIGMA_MIN_MAC_KEY_LEN
	                     : cipher_key;

	/* XEP-0116 §"Generating Session Keys": "entities MUST ensure that the
	 * hash output is no shorter than the required key data". */
	ES_ENSURE(cipher_key <= hash_len && mac_key <= hash_len,
	          ESESSION_EKEY_LENGTH);

	out->kc = cipher_key;
	out->km = mac_key;
	out->ks = mac_key;
	return ESESSION_OK;
}

static bool dir_keys_empty(const es_sigma_dir_keys *keys)
{
	return keys->kc.data == NULL && keys->kc.len == 0 &&
	       keys->km.data == NULL && keys->km.len == 0 &&
	       keys->ks.data == NULL && keys->ks.len == 0;
}

esession_status es_sigma_derive_dir_keys(es_hash_alg hash, es_cipher_alg cipher,
                                         es_sigma_role role, const es_secbuf *k,
                                         es_sigma_dir_keys *out)
{
	ES_ENSURE(k != NULL && k->data != NULL && k->len != 0, ESESSION_EINVAL);
	ES_ENSURE(out != NULL && dir_keys_empty(out), ESESSION_EINVAL);

	/* XEP-0116 §"Generating Session Keys": the labels of each direction. */
	const char *label_c;
	const char *label_m;
	const char *label_s;
	switch (role) {
	case ES_SIGMA_INITIATOR:
		label_c = ES_KDF_LABEL_INITIATOR_CIPHER;
		label_m = ES_KDF_LABEL_INITIATOR_MAC;
		label_s = ES_KDF_LABEL_INITIATOR_SIGMA;
		break;
	case ES_SIGMA_RESPONDER:
		label_c = ES_KDF_LABEL_RESPONDER_CIPHER;
		label_m = ES_KDF_LABEL_RESPONDER_MAC;
		label_s = ES_KDF_LABEL_RESPONDER_SIGMA;
		break;
	default: return ESESSION_EINVAL;
	}

	es_sigma_key_sizes lengths;
	ES_GUARD(es_sigma_key_lengths(hash, cipher, &lengths));

	es_sigma_dir_keys keys = ES_SIGMA_DIR_KEYS_INIT;
	esession_status st = ESESSION_OK;
	/* Cipher 'none' has no key: KC stays empty (XEP-0116 §"Block Cipher
	 * Algorithms"). */
	if (lengths.kc != 0) {
		st = es_kdf_derive(hash, k->data, k->len, label_c, lengths.kc,
		                   &keys.kc);
		if (st != ESESSION_OK)
			goto out;
	}
	st =
	    es_kdf_derive(hash, k->data, k->len, label_m, lengths.km, &keys.km);
	if (st != ESESSION_OK)
		goto out;
	st =
	    es_kdf_derive(hash, k->data, k->len, label_s, lengths.ks, &keys.ks);
	if (st != ESESSION_OK)
		goto out;

	*out = keys;
	keys = (es_sigma_dir_keys)ES_SIGMA_DIR_KEYS_INIT;
out:
	es_sigma_dir_keys_free(&keys);
	return st;
}

esession_status es_sigma_derive_keys(es_hash_alg hash, es_cipher_alg cipher,
                                     const es_secbuf *k, es_sigma_keys *out)
{
	ES_ENSURE(out != NULL && dir_keys_empty(&out->initiator) &&
	              dir_keys_empty(&out->responder),
	          ESESSION_EINVAL);

	es_sigma_keys keys = ES_SIGMA_KEYS_INIT;
	esession_status st = es_sigma_derive_dir_keys(
	    hash, cipher, ES_SIGMA_INITIATOR, k, &keys.initiator);
	if (st != ESESSION_OK)
		goto out;
	st = es_sigma_derive_dir_keys(hash, cipher, ES_SIGMA_RESPONDER, k,
	                              &keys.responder);
	if (st != ESESSION_OK)
		goto out;

	*out = keys;
	keys = (es_sigma_keys)ES_SIGMA_KEYS_INIT;
out:
	es_sigma_keys_free(&keys);
	return st;
}

void es_sigma_dir_keys_free(es_sigma_dir_keys *keys)
{
	if (keys == NULL)
		return;
	es_secbuf_free(&keys->kc);
	es_secbuf_free(&keys->km);
	es_secbuf_free(&keys->ks);
}

void es_sigma_keys_free(es_sigma_keys *keys)
{
	if (keys == NULL)
		return;
	es_sigma_dir_keys_free(&keys->initiator);
	es_sigma_dir_keys_free(&keys->responder);
}
