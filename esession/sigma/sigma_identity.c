/*
 * sigma_identity.c - ID_X and M_X (XEP-0116 §"Hiding Bob's Identity",
 * §"Hiding Alice's Identity", §"Verifying Bob's Identity", §"Verifying
 * Alice's Identity").
 */
#include "sigma_identity.h"

static bool secbuf_usable(const es_secbuf *b)
{
	return b != NULL && b->data != NULL && b->len != 0;
}

esession_status es_sigma_identity_mac(es_hash_alg hash, const es_secbuf *km,
                                      const uint8_t *counter,
                                      size_t counter_len, const uint8_t *id,
                                      size_t id_len, uint8_t *m, size_t m_size)
{
	ES_ENSURE(secbuf_usable(km) && counter != NULL && m != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(id != NULL || id_len == 0, ESESSION_EINVAL);
	ES_ENSURE(counter_len != 0 && counter_len <= ES_CTR_MAX_BLOCK_LEN,
	          ESESSION_ECOUNTER);
	/* XEP-0116 §"Hiding Bob's Identity": M_B = HMAC(HASH, KM_B, C_B,
	 * ID_B), C_B as n/8 bytes big-endian (spec/ambiguities.md
	 * "Counter encoding"). */
	const es_span parts[] = {{counter, counter_len}, {id, id_len}};
	return es_hmac(hash, km->data, km->len, parts, ES_ARRAY_LEN(parts), m,
	               m_size);
}

esession_status es_sigma_identity_seal(
    es_hash_alg hash, es_ctr *ctr, const es_secbuf *km, const uint8_t *payload,
    size_t payload_len, uint8_t *id, size_t id_size, uint8_t *m, size_t m_size)
{
	ES_ENSURE(ctr != NULL && secbuf_usable(km), ESESSION_EINVAL);
	ES_ENSURE(payload != NULL && payload_len != 0, ESESSION_EINVAL);
	ES_ENSURE(id != NULL && m != NULL, ESESSION_EINVAL);
	ES_ENSURE(id_size >= payload_len, ESESSION_EBUFSIZE);
	size_t hash_len = es_hash_len(hash);
	ES_ENSURE(hash_len != 0, ESESSION_EUNSUPPORTED);
	ES_ENSURE(m_size >= hash_len, ESESSION_EBUFSIZE);

	/* M_X covers C_X "before the encryption". */
	uint8_t counter[ES_CTR_MAX_BLOCK_LEN];
	size_t counter_len = es_ctr_block_len(ctr);
	ES_GUARD(es_ctr_get_counter(ctr, counter, sizeof(counter)));

	/* XEP-0116 §"Hiding Bob's Identity": ID_B = CIPHER(KC_B, C_B, ...);
	 * the counter advances one per (partial) block. */
	esession_status st = es_ctr_encrypt(ctr, id, payload, payload_len);
	if (st != ESESSION_OK)
		return st;
	st = es_sigma_identity_mac(hash, km, counter, counter_len, id,
	                           payload_len, m, m_size);
	if (st != ESESSION_OK) {
		/* Leave no half-made identity and no consumed counter values:
		 * the caller may retry or abandon with the state it had. */
		es_wipe(id, payload_len);
		esession_status restored =
		    es_ctr_set_counter(ctr, counter, counter_len);
		if (restored != ESESSION_OK)
			st = restored;
	}
	return st;
}

esession_status es_sigma_identity_verify_mac(es_hash_alg hash,
                                             const es_ctr *ctr,
                                             const es_secbuf *km,
                                             const uint8_t *id, size_t id_len,
                                             const uint8_t *m, size_t m_len)
{
	ES_ENSURE(ctr != NULL && secbuf_usable(km), ESESSION_EINVAL);
	ES_ENSURE(id != NULL || id_len == 0, ESESSION_EINVAL);
	ES_ENSURE(m != NULL || m_len == 0, ESESSION_EINVAL);
	size_t hash_len = es_hash_len(hash);
	ES_ENSURE(hash_len != 0, ESESSION_EUNSUPPORTED);

	uint8_t counter[ES_CTR_MAX_BLOCK_LEN];
	size_t counter_len = es_ctr_block_len(ctr);
	ES_GUARD(es_ctr_get_counter(ctr, counter, sizeof(counter)));

	uint8_t expected[ES_HASH_MAX_LEN];
	esession_status st =
	    es_sigma_identity_mac(hash, km, counter, counter_len, id, id_len,
	                          expected, sizeof(expected));
	if (st != ESESSION_OK)
		goto out;
	/* XEP-0116 §"Verifying Bob's Identity": "Return a
	 * <feature-not-implemented/> error to Bob unless the value of M_B she
	 * calculated matches the one she received". The length of a MAC is
	 * public; its bytes are compared in constant time. */
	if (m_len != hash_len || !es_ct_equal(expected, m, hash_len))
		st = ESESSION_EMAC;
out:
	es_wipe(expected, sizeof(expected));
	return st;
}

esession_status es_sigma_identity_decrypt(es_ctr *ctr, const uint8_t *id,
                                          size_t id_len, es_secbuf *payload)
{
	ES_ENSURE(ctr != NULL && payload != NULL, ESESSION_EINVAL);
	ES_ENSURE(payload->data == NULL && payload->len == 0, ESESSION_EINVAL);
	ES_ENSURE(id != NULL || id_len == 0, ESESSION_EINVAL);

	es_secbuf plain = ES_SECBUF_INIT;
	esession_status st = es_secbuf_alloc(&plain, id_len);
	if (st != ESESSION_OK)
		goto out;
	/* XEP-0116 §"Verifying Bob's Identity": mac_B = DECIPHER(KC_B, C_B,
	 * ID_B), "C_B MUST be incremented by 1 for each encrypted block or
	 * partial block". An empty ID consumes no block. */
	if (id_len != 0) {
		st = es_ctr_decrypt(ctr, plain.data, id, id_len);
		if (st != ESESSION_OK)
			goto out;
	}
	*payload = plain;
	plain = (es_secbuf)ES_SECBUF_INIT;
out:
	es_secbuf_free(&plain);
	return st;
}

esession_status es_sigma_identity_open(es_hash_alg hash, es_ctr *ctr,
                                       const es_secbuf *km, const uint8_t *id,
                                       size_t id_len, const uint8_t *m,
                                       size_t m_len, es_secbuf *payload)
{
	ES_ENSURE(payload != NULL && payload->data == NULL && payload->len == 0,
	          ESESSION_EINVAL);
	/* DESIGN.md: a MAC is verified before anything under it is
	 * decrypted; XEP-0116 lists M_X first. */
	ES_GUARD(
	    es_sigma_identity_verify_mac(hash, ctr, km, id, id_len, m, m_len));
	return es_sigma_identity_decrypt(ctr, id, id_len, payload);
}

esession_status es_sigma_identity_check_mac(const es_secbuf *expected,
                                            const es_secbuf *decrypted)
{
	ES_ENSURE(secbuf_usable(expected) && decrypted != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(decrypted->data != NULL || decrypted->len == 0,
	          ESESSION_EINVAL);
	/* XEP-0116 §"Verifying Bob's Identity": "return a
	 * <feature-not-implemented/> error to Bob if the two values of mac_B
	 * she calculated in the steps above do not match". */
	bool equal =
	    decrypted->len == expected->len &&
	    es_ct_equal(expected->data, decrypted->data, expected->len);
	return equal ? ESESSION_OK : ESESSION_EIDENTITY;
}

esession_status es_sigma_identity_seal_none(es_hash_alg hash, es_ctr *ctr,
                                            const es_secbuf *km,
                                            const es_secbuf *mac_x, uint8_t *id,
                                            size_t id_size, uint8_t *m,
                                            size_t m_size)
{
	ES_ENSURE(secbuf_usable(mac_x), ESESSION_EINVAL);
	/* XEP-0116 §"Hiding Bob's Identity": with resp_pubkey 'none',
	 * "encrypt just the HMAC result". */
	return es_sigma_identity_seal(hash, ctr, km, mac_x->data, mac_x->len,
	                              id, id_size, m, m_size);
}

esession_status es_sigma_identity_open_none(es_hash_alg hash, es_ctr *ctr,
                                            const es_secbuf *km,
                                            const uint8_t *id, size_t id_len,
                                            const uint8_t *m, size_t m_len,
                                            const es_secbuf *expected_mac)
{
	ES_ENSURE(secbuf_usable(expected_mac), ESESSION_EINVAL);
	es_secbuf decrypted = ES_SECBUF_INIT;
	esession_status st = es_sigma_identity_open(hash, ctr, km, id, id_len,
	                                            m, m_len, &decrypted);
	if (st != ESESSION_OK)
		goto out;
	st = es_sigma_identity_check_mac(expected_mac, &decrypted);
out:
	es_secbuf_free(&decrypted);
	return st;
}
