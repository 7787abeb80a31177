/*
 * sigma_final.c - final K, new retained secret, SAS (XEP-0116 §"Generating
 * Bob's Final Session Keys", §"Sending Bob's Identity", §"Generating
 * Alice's Final Session Keys", §"The sas28x5 SAS Algorithm").
 */
#include "sigma_final.h"

#include "kdf.h"

esession_status es_sigma_final_secret(es_hash_alg hash, const es_secbuf *k0,
                                      const es_span *srs, const es_span *oss,
                                      es_secbuf *out)
{
	ES_ENSURE(k0 != NULL && k0->data != NULL && k0->len != 0,
	          ESESSION_EINVAL);
	ES_ENSURE(srs == NULL || srs->data != NULL || srs->len == 0,
	          ESESSION_EINVAL);
	ES_ENSURE(oss == NULL || oss->data != NULL || oss->len == 0,
	          ESESSION_EINVAL);
	/* XEP-0116 §"Generating Bob's Final Session Keys": "appending to K
	 * ... the SRS (only if one was found) and then the Other Shared
	 * Secret (only if one exists)": an absent value contributes no
	 * bytes. */
	return es_kdf_final_secret(
	    hash, k0->data, k0->len, srs != NULL ? srs->data : NULL,
	    srs != NULL ? srs->len : 0, oss != NULL ? oss->data : NULL,
	    oss != NULL ? oss->len : 0, out);
}

esession_status es_sigma_new_retained_secret(es_hash_alg hash,
                                             const es_secbuf *k, es_secbuf *out)
{
	ES_ENSURE(k != NULL && k->data != NULL && k->len != 0, ESESSION_EINVAL);
	size_t hash_len = es_hash_len(hash);
	ES_ENSURE(hash_len != 0, ESESSION_EUNSUPPORTED);
	/* XEP-0116 §"Sending Bob's Identity": HMAC(HASH, K, "New Retained
	 * Secret"), the whole HMAC (it is a secret, not a key of a given
	 * algorithm). */
	return es_kdf_derive(hash, k->data, k->len,
	                     ES_KDF_LABEL_NEW_RETAINED_SECRET, hash_len, out);
}

esession_status es_sigma_sas(es_hash_alg hash, const uint8_t *m_a,
                             size_t m_a_len, const uint8_t *form_b,
                             size_t form_b_len, char *out, size_t out_size)
{
	/* XEP-0116 §"The sas28x5 SAS Algorithm": M_A | form_B | "Short
	 * Authentication String", least significant 24 bits, base 28. */
	return es_sas28x5(hash, m_a, m_a_len, form_b, form_b_len, out,
	                  out_size);
}
