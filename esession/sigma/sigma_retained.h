/*
 * sigma_retained.h - finding the shared retained secret (SRS) of the
 * 4-message exchange without revealing it:
 *
 *   XEP-0116 §"Sending Alice's Identity": Alice sends, in 'rshashes',
 *     rshash_i = HMAC(HASH, N_A, RS_i) for each secret RS_i she retained
 *     with Bob's clients, and "MUST also append a few random numbers";
 *   XEP-0116 §"Generating Bob's Final Session Keys": Bob looks for a value
 *     equal to HMAC(HASH, N_A, RS) first among the secrets he holds for
 *     Alice's bare JID, then (SHOULD) among all the secrets he holds;
 *   XEP-0116 §"Sending Bob's Identity": Bob sends
 *     srshash = HMAC(HASH, SRS, "Shared Retained Secret"), or "a random
 *     number instead" when no SRS was found;
 *   XEP-0116 §"Generating Alice's Final Session Keys": Alice finds the
 *     secret whose HMAC equals srshash.
 *
 * Retained secrets are passed as es_span views of the caller's secure
 * memory (the store's entries); they are never copied here. Expiry ("has
 * confirmed that the secret has not expired") is the store's and the
 * application's business: the lists passed in must hold only unexpired
 * secrets.
 *
 * Timing: every search computes the HMAC of every candidate and compares
 * it with every received value in constant time, with no early exit, so
 * the time depends only on the list sizes, never on whether or where a
 * match is (spec/ambiguities.md "Retained-secret searches do not stop
 * at the first match").
 */
#ifndef ES_SIGMA_RETAINED_H
#define ES_SIGMA_RETAINED_H

#include "hash.h"
#include "rng.h"
#include "secmem.h"

/* Random values appended to 'rshashes': between these bounds, uniformly
 * (spec/ambiguities.md "rshashes padding"). */
#define ES_SIGMA_RSHASH_PADDING_MIN 1u
#define ES_SIGMA_RSHASH_PADDING_MAX 4u

/* The values of an 'rshashes' field, public (they are sent): count values
 * of value_len bytes each, stored one after the other in `values`
 * (malloc'ed, owned by the struct). */
typedef struct es_sigma_rshashes {
	uint8_t *values;
	size_t count;
	size_t value_len;
} es_sigma_rshashes;

#define ES_SIGMA_RSHASHES_INIT \
	{                      \
		NULL, 0, 0     \
	}

/* Which retained secret matched. */
typedef struct es_sigma_srs_match {
	bool found;    /* false: no SRS (not an error) */
	bool extended; /* Bob: found in the extended list, not the primary */
	size_t index;  /* index in the list it was found in; 0 if !found */
} es_sigma_srs_match;

/*
 * es_sigma_rshash - rshash = HMAC(HASH, N_A, RS), XEP-0116 §"Sending
 * Alice's Identity" (the key is Alice's nonce, the message the secret).
 * out: receives es_hash_len(hash) bytes.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL or empty n_a, NULL rs or
 * empty secret, NULL out); ESESSION_EUNSUPPORTED; ESESSION_EBUFSIZE;
 * ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_rshash(es_hash_alg hash,
                                              const uint8_t *n_a,
                                              size_t n_a_len, const es_span *rs,
                                              uint8_t *out, size_t out_size);

/*
 * es_sigma_rshashes_build - the whole 'rshashes' field: the rshash of each
 * of the n_secrets secrets in order, then r random values of
 * es_hash_len(hash) bytes each, r uniform in ES_SIGMA_RSHASH_PADDING_MIN ..
 * ES_SIGMA_RSHASH_PADDING_MAX (XEP-0116 §"Sending Alice's Identity": "a
 * few random numbers"). n_secrets may be 0 (padding only).
 * rng: NULL in production (libgcrypt); a test generator for vectors.
 * out: must be empty (ES_SIGMA_RSHASHES_INIT) on entry; release with
 * es_sigma_rshashes_free. Left empty on failure.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL n_a or out, empty n_a, out
 * not empty, secrets NULL with n_secrets > 0, an empty secret);
 * ESESSION_EUNSUPPORTED; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_rshashes_build(
    es_hash_alg hash, es_rng *rng, const uint8_t *n_a, size_t n_a_len,
    const es_span *secrets, size_t n_secrets, es_sigma_rshashes *out);

/* es_sigma_rshashes_value - the i-th value (i < list->count). */
const uint8_t *es_sigma_rshashes_value(const es_sigma_rshashes *list, size_t i);

/* Release; leaves the struct empty. Safe on NULL. */
void es_sigma_rshashes_free(es_sigma_rshashes *list);

/*
 * es_sigma_rshashes_search - Bob's search, XEP-0116 §"Generating Bob's
 * Final Session Keys".
 * rshashes: the n_rshashes values received in 'rshashes' (base64-decoded);
 *     values that are not es_hash_len(hash) bytes long are ignored
 *     (spec/ambiguities.md "rshashes padding").
 * primary: the secrets Bob holds for Alice's bare JID;
 * extended: the secrets of the extended search (all other JIDs); pass
 *     n_extended 0 to skip it (XEP-0116: resource-constrained
 *     implementations MAY).
 * Result: the first primary secret that matches any received value, else
 * the first extended one, else found = false. Both lists are always
 * searched in full (see the timing note above).
 * Returns ESESSION_OK (whether found or not); ESESSION_EINVAL (NULL
 * pointer with a non-zero count, empty n_a, a NULL span with a non-zero
 * length, an empty secret, NULL out); ESESSION_EUNSUPPORTED;
 * ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_rshashes_search(
    es_hash_alg hash, const uint8_t *n_a, size_t n_a_len,
    const es_span *rshashes, size_t n_rshashes, const es_span *primary,
    size_t n_primary, const es_span *extended, size_t n_extended,
    es_sigma_srs_match *out);

/*
 * es_sigma_srshash - the 'srshash' value, XEP-0116 §"Sending Bob's
 * Identity": HMAC(HASH, SRS, "Shared Retained Secret") when srs is not
 * NULL, else es_hash_len(hash) random bytes from rng
 * (spec/ambiguities.md "srshash when no SRS").
 * out: receives es_hash_len(hash) bytes (public: sent).
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL out, srs with NULL data or
 * empty); ESESSION_EUNSUPPORTED; ESESSION_EBUFSIZE; ESESSION_ENOMEM;
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_srshash(es_hash_alg hash, es_rng *rng,
                                               const es_span *srs, uint8_t *out,
                                               size_t out_size);

/*
 * es_sigma_srshash_search - Alice's search, XEP-0116 §"Generating Alice's
 * Final Session Keys": the first of the n_secrets secrets RS with
 * HMAC(HASH, RS, "Shared Retained Secret") = srshash, compared in constant
 * time, every secret tried.
 * Returns ESESSION_OK (found or not, see out->found); ESESSION_ESRSHASH
 * (srshash_len is not es_hash_len(hash): a malformed field, XEP-0116
 * answers feature-not-implemented [srshash]); ESESSION_EINVAL;
 * ESESSION_EUNSUPPORTED; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_srshash_search(
    es_hash_alg hash, const uint8_t *srshash, size_t srshash_len,
    const es_span *secrets, size_t n_secrets, es_sigma_srs_match *out);

#endif
