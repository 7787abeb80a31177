/*
 * ctr.c - CTR-mode ciphers with an explicit, carried block counter.
 *
 * libgcrypt's CTR mode increments its counter block as one big-endian
 * integer of the full block size, modulo 2^n: exactly XEP-0116's
 * C = (C + 1) mod 2^n. What it does differently is keep unused keystream
 * bytes of a partial block for the next call. XEP-0116/0200 count a partial
 * block as a whole counter value, so before every message we load our own
 * copy of C with gcry_cipher_setctr (which also discards libgcrypt's
 * leftover keystream) and afterwards advance our copy ourselves.
 */
#include "ctr.h"

#include "secmem.h"

#include <gcrypt.h>
#include <stdlib.h>
#include <string.h>

struct es_ctr {
	es_cipher_alg alg;
	gcry_cipher_hd_t cipher; /* NULL for 'none'; GCRY_CIPHER_SECURE */
	size_t key_len;
	size_t block_len;
	uint64_t blocks_used;
	uint8_t counter[ES_CTR_MAX_BLOCK_LEN]; /* big-endian, public */
};

struct cipher_info {
	es_cipher_alg alg;
	const char *name; /* XEP-0116 'crypt_algs' value */
	int gcry_algo;    /* 0 for 'none' */
	size_t key_len;
};

/* XEP-0116 §"Block Cipher Algorithms". libgcrypt's GCRY_CIPHER_TWOFISH is
 * the 256-bit-key variant; twofish192-ctr is absent (see ctr.h). */
static const struct cipher_info cipher_table[] = {
    {ES_CIPHER_NONE, "none", 0, 0},
    {ES_CIPHER_AES128_CTR, "aes128-ctr", GCRY_CIPHER_AES128, 16},
    {ES_CIPHER_AES192_CTR, "aes192-ctr", GCRY_CIPHER_AES192, 24},
    {ES_CIPHER_AES256_CTR, "aes256-ctr", GCRY_CIPHER_AES256, 32},
    {ES_CIPHER_TWOFISH128_CTR, "twofish128-ctr", GCRY_CIPHER_TWOFISH128, 16},
    {ES_CIPHER_TWOFISH256_CTR, "twofish256-ctr", GCRY_CIPHER_TWOFISH, 32},
    {ES_CIPHER_SERPENT128_CTR, "serpent128-ctr", GCRY_CIPHER_SERPENT128, 16},
    {ES_CIPHER_SERPENT192_CTR, "serpent192-ctr", GCRY_CIPHER_SERPENT192, 24},
    {ES_CIPHER_SERPENT256_CTR, "serpent256-ctr", GCRY_CIPHER_SERPENT256, 32},
};

/* Every cipher XEP-0116 lists has 128-bit blocks; 'none' is given the same
 * n (spec/ambiguities.md "CTR: block size of 'none'"). */
#define ES_CTR_BLOCK_LEN 16

static const struct cipher_info *cipher_lookup(es_cipher_alg alg)
{
	for (size_t i = 0; i < ES_ARRAY_LEN(cipher_table); i++) {
		if (cipher_table[i].alg == alg)
			return &cipher_table[i];
	}
	return NULL;
}

esession_status es_cipher_from_name(const char *name, es_cipher_alg *alg)
{
	ES_ENSURE(name != NULL && alg != NULL, ESESSION_EINVAL);
	for (size_t i = 0; i < ES_ARRAY_LEN(cipher_table); i++) {
		if (strcmp(name, cipher_table[i].name) == 0) {
			*alg = cipher_table[i].alg;
			return ESESSION_OK;
		}
	}
	return ESESSION_EUNSUPPORTED;
}

const char *es_cipher_name(es_cipher_alg alg)
{
	const struct cipher_info *info = cipher_lookup(alg);
	return info != NULL ? info->name : NULL;
}

size_t es_cipher_key_len(es_cipher_alg alg)
{
	const struct cipher_info *info = cipher_lookup(alg);
	return info != NULL ? info->key_len : 0;
}

size_t es_cipher_block_len(es_cipher_alg alg)
{
	return cipher_lookup(alg) != NULL ? ES_CTR_BLOCK_LEN : 0;
}

/* counter = (counter + add) mod 2^(8 * len), big-endian. */
static void counter_add(uint8_t *counter, size_t len, uint64_t add)
{
	unsigned carry = 0;
	for (size_t i = len; i-- > 0;) {
		unsigned sum =
		    (unsigned)counter[i] + (unsigned)(add & 0xffu) + carry;
		counter[i] = (uint8_t)sum;
		carry = sum >> 8;
		add >>= 8;
		if (add == 0 && carry == 0)
			break;
	}
}

static esession_status map_gcry_error(gcry_error_t err)
{
	if (gcry_err_code(err) == GPG_ERR_ENOMEM)
		return ESESSION_ENOMEM;
	return ESESSION_ECRYPTO;
}

esession_status es_ctr_new(es_ctr **ctx, es_cipher_alg alg, const uint8_t *key,
                           size_t key_len, const uint8_t *counter,
                           size_t counter_len)
{
	ES_ENSURE(ctx != NULL, ESESSION_EINVAL);
	*ctx = NULL;
	const struct cipher_info *info = cipher_lookup(alg);
	ES_ENSURE(info != NULL, ESESSION_EUNSUPPORTED);
	ES_ENSURE(counter != NULL && (key != NULL || key_len == 0),
	          ESESSION_EINVAL);
	ES_ENSURE(key_len == info->key_len, ESESSION_EKEY);
	ES_ENSURE(counter_len == ES_CTR_BLOCK_LEN, ESESSION_ECOUNTER);

	es_ctr *c = calloc(1, sizeof(*c));
	ES_ENSURE(c != NULL, ESESSION_ENOMEM);
	c->alg = alg;
	c->key_len = info->key_len;
	c->block_len = ES_CTR_BLOCK_LEN;
	memcpy(c->counter, counter, ES_CTR_BLOCK_LEN);

	esession_status st = ESESSION_OK;
	if (info->gcry_algo != 0) {
		gcry_error_t err =
		    gcry_cipher_open(&c->cipher, info->gcry_algo,
		                     GCRY_CIPHER_MODE_CTR, GCRY_CIPHER_SECURE);
		if (err) {
			c->cipher = NULL;
			st = map_gcry_error(err);
			goto out;
		}
		/* The handle's block size is the n of the XEP; it must be the
		 * counter length we promise in es_cipher_block_len. */
		if (gcry_cipher_get_algo_blklen(info->gcry_algo) !=
		    ES_CTR_BLOCK_LEN) {
			st = ESESSION_ECRYPTO;
			goto out;
		}
	}
	st = es_ctr_rekey(c, key, key_len);
	if (st != ESESSION_OK)
		goto out;
	*ctx = c;
	c = NULL;
out:
	es_ctr_free(c);
	return st;
}

esession_status es_ctr_rekey(es_ctr *ctx, const uint8_t *key, size_t key_len)
{
	ES_ENSURE(ctx != NULL && (key != NULL || key_len == 0),
	          ESESSION_EINVAL);
	ES_ENSURE(key_len == ctx->key_len, ESESSION_EKEY);
	if (ctx->cipher != NULL) {
		gcry_error_t err =
		    gcry_cipher_setkey(ctx->cipher, key, key_len);
		ES_ENSURE(!err, map_gcry_error(err));
	}
	ctx->blocks_used = 0;
	return ESESSION_OK;
}

static void count_blocks(es_ctr *ctx, uint64_t blocks)
{
	counter_add(ctx->counter, ctx->block_len, blocks);
	ctx->blocks_used = blocks > UINT64_MAX - ctx->blocks_used
	                       ? UINT64_MAX
	                       : ctx->blocks_used + blocks;
}

esession_status es_ctr_crypt(es_ctr *ctx, uint8_t *out, const uint8_t *in,
                             size_t len)
{
	ES_ENSURE(ctx != NULL, ESESSION_EINVAL);
	ES_ENSURE(len == 0 || (out != NULL && in != NULL), ESESSION_EINVAL);

	if (ctx->cipher == NULL) {
		/* XEP-0200 §"Encrypting a Stanza": with 'none', encryption
		 * MUST NOT be performed and C MUST be incremented by 1. */
		if (len > 0 && out != in)
			memmove(out, in, len);
		count_blocks(ctx, 1);
		return ESESSION_OK;
	}
	if (len == 0)
		return ESESSION_OK;

	/* XEP-0116 §"Hiding Bob's Identity": the first block uses C itself;
	 * every block or partial block consumes one counter value. Setting
	 * the counter also drops libgcrypt's leftover keystream. */
	gcry_error_t err =
	    gcry_cipher_setctr(ctx->cipher, ctx->counter, ctx->block_len);
	if (!err) {
		if (out == in)
			err =
			    gcry_cipher_encrypt(ctx->cipher, out, len, NULL, 0);
		else
			err =
			    gcry_cipher_encrypt(ctx->cipher, out, len, in, len);
	}
	if (err) {
		es_wipe(out, len);
		return map_gcry_error(err);
	}
	uint64_t blocks = (uint64_t)(len / ctx->block_len) +
	                  (len % ctx->block_len != 0 ? 1u : 0u);
	count_blocks(ctx, blocks);
	return ESESSION_OK;
}

esession_status es_ctr_encrypt(es_ctr *ctx, uint8_t *out, const uint8_t *in,
                               size_t len)
{
	return es_ctr_crypt(ctx, out, in, len);
}

esession_status es_ctr_decrypt(es_ctr *ctx, uint8_t *out, const uint8_t *in,
                               size_t len)
{
	return es_ctr_crypt(ctx, out, in, len);
}

esession_status es_ctr_advance(es_ctr *ctx, uint64_t blocks)
{
	ES_ENSURE(ctx != NULL, ESESSION_EINVAL);
	count_blocks(ctx, blocks);
	return ESESSION_OK;
}

esession_status es_ctr_get_counter(const es_ctr *ctx, uint8_t *out,
                                   size_t out_size)
{
	ES_ENSURE(ctx != NULL && out != NULL, ESESSION_EINVAL);
	ES_ENSURE(out_size >= ctx->block_len, ESESSION_EBUFSIZE);
	memcpy(out, ctx->counter, ctx->block_len);
	return ESESSION_OK;
}

esession_status es_ctr_set_counter(es_ctr *ctx, const uint8_t *counter,
                                   size_t len)
{
	ES_ENSURE(ctx != NULL && counter != NULL, ESESSION_EINVAL);
	ES_ENSURE(len == ctx->block_len, ESESSION_ECOUNTER);
	memcpy(ctx->counter, counter, len);
	return ESESSION_OK;
}

uint64_t es_ctr_blocks_used(const es_ctr *ctx)
{
	return ctx != NULL ? ctx->blocks_used : 0;
}

size_t es_ctr_block_len(const es_ctr *ctx)
{
	return ctx != NULL ? ctx->block_len : 0;
}

esession_status es_ctr_responder_counter(const uint8_t *c_a, uint8_t *c_b,
                                         size_t len)
{
	ES_ENSURE(c_a != NULL && c_b != NULL, ESESSION_EINVAL);
	ES_ENSURE(len > 0, ESESSION_ECOUNTER);
	if (c_b != c_a)
		memmove(c_b, c_a, len);
	/* 2^(n-1) is the top bit of the first (most significant) byte. */
	c_b[0] ^= 0x80u;
	return ESESSION_OK;
}

void es_ctr_free(es_ctr *ctx)
{
	if (ctx == NULL)
		return;
	gcry_cipher_close(ctx->cipher); /* NULL-safe; wipes the key schedule */
	es_wipe(ctx, sizeof(*ctx));
	free(ctx);
}
