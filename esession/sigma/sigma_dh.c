/*
 * sigma_dh.c - He = SHA256(e) and K = HASH(mpi(Z)) (XEP-0116 §"ESession
 * Request (Alice)", §"Diffie-Hellman Preparation (Bob)" and "(Alice)").
 */
#include "sigma_dh.h"

esession_status es_sigma_commitment(const uint8_t *e, size_t e_len, uint8_t *he,
                                    size_t he_size)
{
	ES_ENSURE(he != NULL, ESESSION_EINVAL);
	ES_ENSURE(e != NULL || e_len == 0, ESESSION_EINVAL);
	/* XEP-0116 §"ESession Request (Alice)": He = SHA256(e), always
	 * SHA-256 (spec/ambiguities.md "He hash function and
	 * input"). */
	const es_span parts[] = {{e, e_len}};
	return es_hash(ES_HASH_SHA256, parts, ES_ARRAY_LEN(parts), he, he_size);
}

esession_status es_sigma_check_commitment(const uint8_t *e, size_t e_len,
                                          const uint8_t *he, size_t he_len)
{
	ES_ENSURE(e != NULL || e_len == 0, ESESSION_EINVAL);
	ES_ENSURE(he != NULL || he_len == 0, ESESSION_EINVAL);

	uint8_t expected[ES_SIGMA_COMMITMENT_LEN];
	ES_GUARD(es_sigma_commitment(e, e_len, expected, sizeof(expected)));
	/* XEP-0116 §"Verifying Alice's Identity": "unless SHA256(e) equals
	 * 'He'". The length is public; the bytes are compared in constant
	 * time. */
	bool equal = he_len == sizeof(expected) &&
	             es_ct_equal(expected, he, sizeof(expected));
	return equal ? ESESSION_OK : ESESSION_ENEG_COMMITMENT;
}

esession_status es_sigma_hash_shared(es_hash_alg hash, const es_secbuf *z,
                                     es_secbuf *k)
{
	ES_ENSURE(z != NULL && z->data != NULL && z->len != 0, ESESSION_EINVAL);
	/* XEP-0116 §"Diffie-Hellman Preparation (Bob)": K = HASH(e^y mod p),
	 * over the canonical MPI encoding (spec/ambiguities.md
	 * "HASH(e^y mod p) hashes mpi"). */
	const es_span parts[] = {{z->data, z->len}};
	return es_hash_secret(hash, parts, ES_ARRAY_LEN(parts), k);
}

esession_status es_sigma_shared_secret(es_hash_alg hash, const es_dh *dh,
                                       const uint8_t *peer, size_t peer_len,
                                       es_secbuf *k)
{
	ES_ENSURE(dh != NULL && k != NULL, ESESSION_EINVAL);
	ES_ENSURE(k->data == NULL && k->len == 0, ESESSION_EINVAL);
	ES_ENSURE(es_hash_len(hash) != 0, ESESSION_EUNSUPPORTED);

	es_secbuf z = ES_SECBUF_INIT;
	/* es_dh_compute_shared checks the peer's value (XEP-0116: "1 < e <
	 * p - 1", canonical encoding) before exponentiating. */
	esession_status st = es_dh_compute_shared(dh, peer, peer_len, &z);
	if (st != ESESSION_OK)
		goto out;
	st = es_sigma_hash_shared(hash, &z, k);
out:
	es_secbuf_free(&z);
	return st;
}
