/*
 * sigma_final.h - the last computations of the 4-message exchange:
 *
 *   XEP-0116 §"Generating Bob's Final Session Keys" and §"Generating
 *   Alice's Final Session Keys": K = HASH(K | SRS | OSS), SRS only if one
 *   was found, OSS only if one exists (spec/ambiguities.md "Final
 *   K when neither SRS nor OSS exists": always hashed);
 *   XEP-0116 §"Sending Bob's Identity" and §"Generating Alice's Final
 *   Session Keys": the new retained secret HMAC(HASH, K, "New Retained
 *   Secret") with the final K;
 *   XEP-0116 §"The sas28x5 SAS Algorithm": SAS = sas28x5(M_A, form_B).
 */
#ifndef ES_SIGMA_FINAL_H
#define ES_SIGMA_FINAL_H

#include "hash.h"
#include "sas.h"
#include "secmem.h"

/*
 * es_sigma_final_secret - K = HASH(K0 | SRS | OSS) (es_kdf_final_secret).
 * k0: the Diffie-Hellman K (HASH(mpi(Z))); srs: the SRS found by the
 * search, NULL if none; oss: the other shared secret, NULL if none (an
 * empty span counts as none). All borrowed.
 * out: must be empty on entry; receives es_hash_len(hash) bytes of secure
 * memory owned by the caller. Left empty on failure.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL or empty k0, a span with NULL
 * data and a non-zero length, NULL or non-empty out);
 * ESESSION_EUNSUPPORTED; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_final_secret(es_hash_alg hash,
                                                    const es_secbuf *k0,
                                                    const es_span *srs,
                                                    const es_span *oss,
                                                    es_secbuf *out);

/*
 * es_sigma_new_retained_secret - HMAC(HASH, K, "New Retained Secret"), the
 * whole HMAC output, with K the final K.
 * out: must be empty on entry; receives es_hash_len(hash) bytes of secure
 * memory owned by the caller (to be handed to the store).
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL or empty k, NULL or non-empty
 * out); ESESSION_EUNSUPPORTED; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_new_retained_secret(es_hash_alg hash,
                                                           const es_secbuf *k,
                                                           es_secbuf *out);

/*
 * es_sigma_sas - XEP-0116 §"The sas28x5 SAS Algorithm" over M_A (the hlen
 * raw bytes sent in Alice's 'mac' field) and form_B (the normalized content
 * of Bob's message-2 form): 5 characters and a NUL into out (out_size >=
 * ES_SAS28X5_SIZE). Both sides compute it from the same public bytes.
 * Returns ESESSION_OK; ESESSION_EINVAL; ESESSION_EBUFSIZE;
 * ESESSION_EUNSUPPORTED; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_sas(es_hash_alg hash, const uint8_t *m_a,
                                           size_t m_a_len,
                                           const uint8_t *form_b,
                                           size_t form_b_len, char *out,
                                           size_t out_size);

#endif
