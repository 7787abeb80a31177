/*
 * rng.h - the only source of randomness in the library.
 *
 * Production code passes rng == NULL everywhere: bytes then come from
 * libgcrypt (GCRY_VERY_STRONG_RANDOM for long-term secrets such as DH
 * exponents, GCRY_STRONG_RANDOM for session secrets, gcry_create_nonce for
 * public nonces). A deterministic generator exists only for test vectors and
 * is created through es_rng_new_deterministic_for_tests(); the public API
 * exposes it through one explicitly test-only entry point.
 */
#ifndef ES_CRYPTO_RNG_H
#define ES_CRYPTO_RNG_H

#include "es_internal.h"

typedef struct es_rng es_rng;

typedef enum es_rng_kind {
	ES_RNG_NONCE,  /* public values: nonces, counters, padding values */
	ES_RNG_SECRET, /* session secrets */
	ES_RNG_KEY     /* long-term or exponent secrets */
} es_rng_kind;

/* Fill out[0..len) with random bytes. rng == NULL selects libgcrypt. */
ES_MUST_CHECK esession_status es_rng_bytes(es_rng *rng, es_rng_kind kind,
                                           uint8_t *out, size_t len);

/* TEST ONLY: a deterministic generator expanding `seed` (any length) with
 * HMAC-SHA256 in counter mode: block i = HMAC(seed, "esession test rng" ||
 * be32(i)). Never use it outside tests and vector generation. */
ES_MUST_CHECK esession_status es_rng_new_deterministic_for_tests(
    es_rng **rng, const uint8_t *seed, size_t seed_len);

void es_rng_free(es_rng *rng);

/* Release libgcrypt's random-device state at process exit (libgcrypt 1.10
 * keeps a 128 KiB pool for GCRY_VERY_STRONG_RANDOM until then, which leak
 * checkers report). For the command-line tool and test mains only: the
 * library never calls it, and nothing may use randomness afterwards. */
void es_rng_close_for_exit(void);

#endif
