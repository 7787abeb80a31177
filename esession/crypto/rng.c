/*
 * rng.c - the library's only source of random bytes (see rng.h).
 *
 * Production: rng == NULL and every byte comes from libgcrypt's CSPRNG
 * (XEP-0116 §"Random Numbers": "Implementors MUST use a cryptographically
 * strong PRNG to generate all random numbers").
 *
 * Tests and vector generation: a deterministic stream
 *
 *     block(i) = HMAC-SHA256(seed, "esession test rng" || be32(i)),
 *     i = 0, 1, 2, ...
 *
 * and the output is block(0) || block(1) || ... consumed in order, whatever
 * the sizes of the individual requests. The stream ignores `kind`: the
 * point of the generator is that a vector's inputs can be replayed exactly.
 */
#include "rng.h"

#include "secmem.h"

#include <gcrypt.h>
#include <string.h>

#define ES_RNG_BLOCK_LEN 32u /* SHA-256 output */

static const char es_rng_label[] = "esession test rng";

struct es_rng {
	gcry_mac_hd_t hmac; /* keyed with the seed, secure memory */
	uint32_t next_block;
	bool exhausted; /* all 2^32 blocks were produced */
	uint8_t block[ES_RNG_BLOCK_LEN];
	size_t block_used; /* bytes of block[] already handed out */
};

static esession_status es_rng_system(es_rng_kind kind, uint8_t *out, size_t len)
{
	switch (kind) {
	case ES_RNG_NONCE:
		/* Public values: the nonce generator keeps the strong pool's
		 * output out of anything an attacker can see. */
		gcry_create_nonce(out, len);
		return ESESSION_OK;
	case ES_RNG_SECRET:
		gcry_randomize(out, len, GCRY_STRONG_RANDOM);
		return ESESSION_OK;
	case ES_RNG_KEY:
		gcry_randomize(out, len, GCRY_VERY_STRONG_RANDOM);
		return ESESSION_OK;
	default: return ESESSION_EINVAL;
	}
}

/* Compute block(rng->next_block) into rng->block. */
static esession_status es_rng_refill(es_rng *rng)
{
	ES_ENSURE(!rng->exhausted, ESESSION_ECRYPTO);
	uint32_t i = rng->next_block;
	uint8_t msg[sizeof es_rng_label - 1 + 4];
	memcpy(msg, es_rng_label, sizeof es_rng_label - 1);
	msg[sizeof es_rng_label - 1] = (uint8_t)(i >> 24);
	msg[sizeof es_rng_label + 0] = (uint8_t)(i >> 16);
	msg[sizeof es_rng_label + 1] = (uint8_t)(i >> 8);
	msg[sizeof es_rng_label + 2] = (uint8_t)i;

	size_t out_len = ES_RNG_BLOCK_LEN;
	ES_ENSURE(gcry_mac_reset(rng->hmac) == 0, ESESSION_ECRYPTO);
	ES_ENSURE(gcry_mac_write(rng->hmac, msg, sizeof msg) == 0,
	          ESESSION_ECRYPTO);
	ES_ENSURE(gcry_mac_read(rng->hmac, rng->block, &out_len) == 0 &&
	              out_len == ES_RNG_BLOCK_LEN,
	          ESESSION_ECRYPTO);
	rng->block_used = 0;
	if (i == UINT32_MAX)
		rng->exhausted = true;
	else
		rng->next_block = i + 1;
	return ESESSION_OK;
}

esession_status es_rng_bytes(es_rng *rng, es_rng_kind kind, uint8_t *out,
                             size_t len)
{
	ES_ENSURE(out != NULL || len == 0, ESESSION_EINVAL);
	ES_ENSURE(kind == ES_RNG_NONCE || kind == ES_RNG_SECRET ||
	              kind == ES_RNG_KEY,
	          ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	if (len == 0)
		return ESESSION_OK;
	if (rng == NULL)
		return es_rng_system(kind, out, len);

	size_t done = 0;
	while (done < len) {
		if (rng->block_used == ES_RNG_BLOCK_LEN) {
			esession_status st = es_rng_refill(rng);
			if (st != ESESSION_OK) {
				es_wipe(out, len);
				return st;
			}
		}
		size_t take = ES_RNG_BLOCK_LEN - rng->block_used;
		if (take > len - done)
			take = len - done;
		memcpy(out + done, rng->block + rng->block_used, take);
		/* Bytes handed out are not kept: wipe them in the block. */
		es_wipe(rng->block + rng->block_used, take);
		rng->block_used += take;
		done += take;
	}
	return ESESSION_OK;
}

esession_status es_rng_new_deterministic_for_tests(es_rng **rng,
                                                   const uint8_t *seed,
                                                   size_t seed_len)
{
	ES_ENSURE(rng != NULL, ESESSION_EINVAL);
	ES_ENSURE(seed != NULL || seed_len == 0, ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);

	esession_status st = ESESSION_OK;
	es_rng *r = gcry_calloc_secure(1, sizeof *r);
	ES_ENSURE(r != NULL, ESESSION_ENOMEM);
	r->block_used = ES_RNG_BLOCK_LEN; /* empty: first request refills */

	if (gcry_mac_open(&r->hmac, GCRY_MAC_HMAC_SHA256, GCRY_MAC_FLAG_SECURE,
	                  NULL) != 0) {
		r->hmac = NULL;
		st = ESESSION_ECRYPTO;
		goto out;
	}
	/* HMAC accepts an empty key; libgcrypt needs a valid pointer. */
	static const uint8_t empty_key[1] = {0};
	if (gcry_mac_setkey(r->hmac, seed_len > 0 ? seed : empty_key,
	                    seed_len) != 0) {
		st = ESESSION_ECRYPTO;
		goto out;
	}
	*rng = r;
	r = NULL;
out:
	es_rng_free(r);
	return st;
}

void es_rng_free(es_rng *rng)
{
	if (rng == NULL)
		return;
	if (rng->hmac != NULL)
		gcry_mac_close(rng->hmac);
	es_wipe(rng, sizeof *rng);
	gcry_free(rng);
}

void es_rng_close_for_exit(void)
{
	gcry_control(GCRYCTL_CLOSE_RANDOM_DEVICE, 0);
}
