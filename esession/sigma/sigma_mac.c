/*
 * sigma_mac.c - mac_A and mac_B (XEP-0116 §"Hiding Bob's Identity",
 * §"Hiding Alice's Identity", §"Sending Bob's Identity").
 */
#include "sigma_mac.h"

static esession_status sigma_mac(es_hash_alg hash, const es_secbuf *ks,
                                 const es_span *parts, size_t n_parts,
                                 es_secbuf *out)
{
	ES_ENSURE(ks != NULL && ks->data != NULL && ks->len != 0,
	          ESESSION_EINVAL);
	/* The multi-part HMAC checks every span and the output buffer. */
	return es_hmac_secret(hash, ks->data, ks->len, parts, n_parts, out);
}

esession_status es_sigma_mac_a(es_hash_alg hash, const es_secbuf *ks_a,
                               const es_sigma_mac_input *in, es_secbuf *out)
{
	ES_ENSURE(in != NULL, ESESSION_EINVAL);
	/* XEP-0116 §"Hiding Alice's Identity": "pay attention to the order of
	 * N_B and N_A and to the inclusion of form_A2". */
	const es_span parts[] = {in->n_b,     in->n_a,  in->dh,
	                         in->pub_key, in->form, in->form2};
	return sigma_mac(hash, ks_a, parts, ES_ARRAY_LEN(parts), out);
}

esession_status es_sigma_mac_b(es_hash_alg hash, const es_secbuf *ks_b,
                               const es_sigma_mac_input *in, es_secbuf *out)
{
	ES_ENSURE(in != NULL, ESESSION_EINVAL);
	/* XEP-0116 §"Hiding Bob's Identity": {N_A, N_B, d, pubKey_B, form_B};
	 * §"Sending Bob's Identity": 4-message adds form_B2 (in->form2,
	 * empty in the 3-message exchange, contributing no bytes). */
	const es_span parts[] = {in->n_a,     in->n_b,  in->dh,
	                         in->pub_key, in->form, in->form2};
	return sigma_mac(hash, ks_b, parts, ES_ARRAY_LEN(parts), out);
}
