/*
 * sigma_dh.h - the two values XEP-0116 derives from the Diffie-Hellman
 * public and shared values:
 *
 *   He = SHA256(e)        XEP-0116 §"ESession Request (Alice)": Alice's
 *                          commitment to e in the 4-message exchange,
 *                          checked by Bob in §"Verifying Alice's Identity";
 *   K  = HASH(e^y mod p)  XEP-0116 §"Diffie-Hellman Preparation (Bob)"
 *      = HASH(d^x mod p)  and §"Diffie-Hellman Preparation (Alice)".
 *
 * Both hash the canonical MPI encoding of the integer (XEP-0116
 * §"Multiple-Precision Integers"; spec/ambiguities.md "He hash
 * function and input" and "HASH(e^y mod p) hashes mpi"). He always uses
 * SHA-256, whatever hash is negotiated later: it is sent before the hash
 * is chosen.
 */
#ifndef ES_SIGMA_DH_H
#define ES_SIGMA_DH_H

#include "dh.h"
#include "hash.h"
#include "secmem.h"

/* Length of He: a SHA-256 output. */
#define ES_SIGMA_COMMITMENT_LEN 32u

/*
 * es_sigma_commitment - He = SHA256(e), XEP-0116 §"ESession Request
 * (Alice)" ('dhhashes' field).
 * e: mpi(e) as sent in 'dhkeys' (e_len bytes; borrowed).
 * he: receives ES_SIGMA_COMMITMENT_LEN bytes; he_size must be at least that.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL he, NULL e with e_len > 0);
 * ESESSION_EBUFSIZE; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_commitment(const uint8_t *e,
                                                  size_t e_len, uint8_t *he,
                                                  size_t he_size);

/*
 * es_sigma_check_commitment - XEP-0116 §"Verifying Alice's Identity":
 * "Return a <feature-not-implemented/> error unless SHA256(e) equals 'He'".
 * Compares in constant time (the time depends on nothing secret: He and e
 * are public, but a uniform rule for every MAC and hash is easier to
 * audit). Call it before any other use of e (XEP order: He, then the range
 * check of es_dh_check_public, then K).
 * e: the received 'dhkeys' value, used verbatim; he: the received
 * 'dhhashes' value for the selected group.
 * Returns ESESSION_OK when SHA256(e) = he; ESESSION_ENEG_COMMITMENT when
 * different or he_len is not 32 (a malformed commitment is a failed one);
 * ESESSION_EINVAL (NULL pointer with a non-zero length); ESESSION_ENOMEM;
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_check_commitment(const uint8_t *e,
                                                        size_t e_len,
                                                        const uint8_t *he,
                                                        size_t he_len);

/*
 * es_sigma_hash_shared - K = HASH(mpi(Z)) for the shared value Z given in
 * its canonical MPI encoding (what es_dh_compute_shared returns).
 * z: borrowed, not empty. k: must be empty on entry; receives
 * es_hash_len(hash) bytes of secure memory owned by the caller. Left empty
 * on failure.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL or empty z, NULL or non-empty
 * k); ESESSION_EUNSUPPORTED; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_hash_shared(es_hash_alg hash,
                                                   const es_secbuf *z,
                                                   es_secbuf *k);

/*
 * es_sigma_shared_secret - K = HASH(peer^x mod p): XEP-0116
 * §"Diffie-Hellman Preparation (Bob)" (peer = e, dh = Bob's y) and
 * §"Diffie-Hellman Preparation (Alice)" (peer = d, dh = Alice's x). The
 * peer value is checked (canonical MPI, 1 < v < p - 1) by
 * es_dh_compute_shared; the intermediate Z is wiped before returning.
 * k: as es_sigma_hash_shared.
 * Returns ESESSION_OK; ESESSION_EMPI; ESESSION_EDH_RANGE; ESESSION_EINVAL;
 * ESESSION_EUNSUPPORTED; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_shared_secret(es_hash_alg hash,
                                                     const es_dh *dh,
                                                     const uint8_t *peer,
                                                     size_t peer_len,
                                                     es_secbuf *k);

#endif
