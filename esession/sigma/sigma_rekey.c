/*
 * sigma_rekey.c - XEP-0200 §"Re-Key Initiation" and §"Re-Key Acceptance":
 * the new shared secret and the keys derived from it (see sigma_rekey.h).
 */
#include "sigma_rekey.h"

#include "kdf.h"

esession_status es_sigma_rekey_secret(const es_dh *own, const uint8_t *peer,
                                      size_t peer_len, es_secbuf *k)
{
	ES_ENSURE(own != NULL && peer != NULL && k != NULL, ESESSION_EINVAL);
	ES_ENSURE(k->data == NULL && k->len == 0, ESESSION_EINVAL);
	/* es_dh_compute_shared checks the encoding and 1 < v < p - 1 before
	 * any exponentiation (spec/ambiguities.md "Re-key DH value check").
	 * K is used as the HMAC key exactly as computed, without XEP-0116's
	 * HASH (A-"Re-key shared secret is not hashed"). */
	return es_dh_compute_shared(own, peer, peer_len, k);
}

esession_status es_sigma_rekey_derive(es_hash_alg hash, es_cipher_alg cipher,
                                      es_rekey_side side, const es_secbuf *k,
                                      es_rekey_keys *out)
{
	ES_ENSURE(k != NULL && k->data != NULL && k->len != 0, ESESSION_EINVAL);
	ES_ENSURE(out != NULL && out->kc.data == NULL && out->kc.len == 0 &&
	              out->km.data == NULL && out->km.len == 0,
	          ESESSION_EINVAL);

	const char *label_c;
	const char *label_m;
	switch (side) {
	case ES_REKEY_INITIATOR:
		label_c = ES_KDF_LABEL_REKEY_INITIATOR_CRYPT;
		label_m = ES_KDF_LABEL_REKEY_INITIATOR_MAC;
		break;
	case ES_REKEY_ACCEPTOR:
		label_c = ES_KDF_LABEL_REKEY_ACCEPTOR_CRYPT;
		label_m = ES_KDF_LABEL_REKEY_ACCEPTOR_MAC;
		break;
	default: return ESESSION_EINVAL;
	}

	/* "When calculating those keys, as many bits of key data as are
	 * needed for each key MUST be taken from the least significant bits
	 * of the output of HMAC": the same lengths as the negotiated keys
	 * (spec/ambiguities.md "Length of the MAC and SIGMA keys"). */
	es_sigma_key_sizes lengths;
	ES_GUARD(es_sigma_key_lengths(hash, cipher, &lengths));

	es_rekey_keys keys = ES_REKEY_KEYS_INIT;
	esession_status st = ESESSION_OK;
	if (lengths.kc != 0) /* cipher 'none' has no key */
		st = es_kdf_derive(hash, k->data, k->len, label_c, lengths.kc,
		                   &keys.kc);
	if (st == ESESSION_OK)
		st = es_kdf_derive(hash, k->data, k->len, label_m, lengths.km,
		                   &keys.km);
	if (st == ESESSION_OK) {
		*out = keys;
		keys = (es_rekey_keys)ES_REKEY_KEYS_INIT;
	}
	es_rekey_keys_free(&keys);
	return st;
}

void es_rekey_keys_free(es_rekey_keys *keys)
{
	if (keys == NULL)
		return;
	es_secbuf_free(&keys->kc);
	es_secbuf_free(&keys->km);
}
