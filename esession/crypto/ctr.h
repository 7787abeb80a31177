/*
 * ctr.h - the negotiated block cipher ("CIPHER") in counter mode, with the
 * counter semantics of XEP-0116 and XEP-0200.
 *
 * XEP-0116 §"Hiding Bob's Identity" and XEP-0200 §"Encrypting a Stanza":
 * the counter C is an n-bit integer (n = cipher block size in bits) that is
 * "incremented by 1 for each encrypted block or partial block (i.e.
 * C = (C + 1) mod 2^n)" and carried from one message to the next. So:
 *
 *   - block i of a message (i = 0, 1, ...) is XORed with
 *     CIPHER(key, (C + i) mod 2^n), the first block using C itself
 *     (spec/ambiguities.md "CTR: first block uses the counter itself");
 *   - a message of L bytes consumes ceil(L / blocksize) counter values, and
 *     the unused keystream of a final partial block is discarded: the next
 *     message starts a fresh block at the next counter value
 *     (spec/ambiguities.md "CTR: partial blocks and the carried counter").
 *     libgcrypt would keep the leftover keystream across calls; es_ctr sets
 *     the counter explicitly before every message so it never relies on
 *     that.
 *   - cipher 'none' (XEP-0116 §"Block Cipher Algorithms": no encryption,
 *     integrity only) copies the data unchanged and, per XEP-0200, increments
 *     the counter by exactly 1 per message. Its block size is taken as 128
 *     bits (spec/ambiguities.md "CTR: block size of 'none'").
 *
 * es_ctr reads and writes the counter as n/8 bytes, big-endian, fixed
 * width: the counter block itself (spec/ambiguities.md "Counter
 * encoding"; how it appears in the 'counter' field of XEP-0116 §"Response
 * Form" and in the MACs is the session's business). The counter is public;
 * the key lives only inside libgcrypt's secure memory.
 *
 * An es_ctr is kept per session direction and reused for every message.
 * Not thread-safe.
 */
#ifndef ES_CRYPTO_CTR_H
#define ES_CRYPTO_CTR_H

#include "es_internal.h"

/* The block cipher algorithms of XEP-0116 §"Block Cipher Algorithms". */
typedef enum es_cipher_alg {
	ES_CIPHER_NONE = 1,   /* "none": identity, integrity-only sessions */
	ES_CIPHER_AES128_CTR, /* "aes128-ctr" (MUST) */
	ES_CIPHER_AES192_CTR, /* "aes192-ctr" */
	ES_CIPHER_AES256_CTR, /* "aes256-ctr" */
	ES_CIPHER_TWOFISH128_CTR, /* "twofish128-ctr" */
	ES_CIPHER_TWOFISH256_CTR, /* "twofish256-ctr" */
	ES_CIPHER_SERPENT128_CTR, /* "serpent128-ctr" */
	ES_CIPHER_SERPENT192_CTR, /* "serpent192-ctr" */
	ES_CIPHER_SERPENT256_CTR  /* "serpent256-ctr" */
	/* "twofish192-ctr" is not offered: libgcrypt's Twofish accepts only
	 * 128- and 256-bit keys (gcry_cipher_setkey with 24 bytes fails with
	 * GPG_ERR_INV_KEYLEN), and a 192-bit Twofish key schedule is not a
	 * zero-padded 256-bit one, so it cannot be emulated. */
} es_cipher_alg;

/* Largest block size of any supported cipher, in bytes. */
#define ES_CTR_MAX_BLOCK_LEN 16

/*
 * es_cipher_from_name - map an XEP-0116 'crypt_algs' value to an algorithm.
 * name: NUL-terminated, compared exactly.
 * Returns ESESSION_OK; ESESSION_EUNSUPPORTED for any other name, including
 * "twofish192-ctr" (see above); ESESSION_EINVAL for NULL arguments.
 */
ES_MUST_CHECK esession_status es_cipher_from_name(const char *name,
                                                  es_cipher_alg *alg);

/* es_cipher_name - the XEP name, static; NULL for an unknown alg. */
const char *es_cipher_name(es_cipher_alg alg);

/* es_cipher_key_len - key length in bytes (0 for 'none' and unknown). */
size_t es_cipher_key_len(es_cipher_alg alg);

/* es_cipher_block_len - block size n/8 in bytes: 16 for every supported
 * cipher including 'none'; 0 for an unknown alg. This is also the counter
 * length and the n of XEP-0116's DH exponent bound 2^(2n-1). */
size_t es_cipher_block_len(es_cipher_alg alg);

typedef struct es_ctr es_ctr;

/*
 * es_ctr_new - open a keyed CTR context.
 * key: es_cipher_key_len(alg) bytes (ignored for 'none', where key may be
 *      NULL and key_len must be 0); copied into libgcrypt secure memory, the
 *      caller may wipe its copy at once.
 * counter: the initial counter C, es_cipher_block_len(alg) bytes,
 *      big-endian.
 * *ctx receives the context, owned by the caller (es_ctr_free); NULL on
 * failure.
 * Returns ESESSION_OK; ESESSION_EUNSUPPORTED (unknown alg); ESESSION_EINVAL
 * (NULL ctx or counter, NULL key with key_len > 0); ESESSION_EKEY (key_len
 * is not the cipher's key length); ESESSION_ECOUNTER (counter_len is not
 * the block length); ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_ctr_new(es_ctr **ctx, es_cipher_alg alg,
                                         const uint8_t *key, size_t key_len,
                                         const uint8_t *counter,
                                         size_t counter_len);

/*
 * es_ctr_rekey - replace the key, keeping the handle and the counter
 * (XEP-0200 re-key) and resetting es_ctr_blocks_used. Returns ESESSION_OK;
 * ESESSION_EINVAL or ESESSION_EKEY (nothing changed); ESESSION_ECRYPTO (the
 * key is then undefined: free the context).
 */
ES_MUST_CHECK esession_status es_ctr_rekey(es_ctr *ctx, const uint8_t *key,
                                           size_t key_len);

/*
 * es_ctr_crypt - encrypt or decrypt (the same operation in CTR mode) one
 * message of len bytes starting at the current counter, then advance the
 * counter by ceil(len / blocksize) modulo 2^n ('none': copy, advance by 1).
 * out and in may be the same pointer (in place); otherwise they must not
 * overlap. len == 0 leaves the counter unchanged for a real cipher (no
 * block was encrypted) and advances it by 1 for 'none'; a stanza without
 * content is the caller's business (XEP-0200: use es_ctr_advance(ctx, 1)).
 * On failure the counter is unchanged and out is wiped.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL ctx, NULL in/out with len >
 * 0); ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_ctr_crypt(es_ctr *ctx, uint8_t *out,
                                           const uint8_t *in, size_t len);

/* es_ctr_encrypt / es_ctr_decrypt - es_ctr_crypt under the name that says
 * what the caller is doing. */
ES_MUST_CHECK esession_status es_ctr_encrypt(es_ctr *ctx, uint8_t *out,
                                             const uint8_t *in, size_t len);
ES_MUST_CHECK esession_status es_ctr_decrypt(es_ctr *ctx, uint8_t *out,
                                             const uint8_t *in, size_t len);

/*
 * es_ctr_advance - C = (C + blocks) mod 2^n without encrypting anything
 * (XEP-0200 §"Encrypting a Stanza": a stanza without content still
 * increments the counter by 1). Returns ESESSION_OK or ESESSION_EINVAL.
 */
ES_MUST_CHECK esession_status es_ctr_advance(es_ctr *ctx, uint64_t blocks);

/* es_ctr_get_counter - copy the current counter (block length bytes,
 * big-endian) to out. Returns ESESSION_OK; ESESSION_EINVAL;
 * ESESSION_EBUFSIZE (out_size smaller than the block length). */
ES_MUST_CHECK esession_status es_ctr_get_counter(const es_ctr *ctx,
                                                 uint8_t *out, size_t out_size);

/* es_ctr_set_counter - replace the current counter. Returns ESESSION_OK;
 * ESESSION_EINVAL; ESESSION_ECOUNTER (len is not the block length). */
ES_MUST_CHECK esession_status es_ctr_set_counter(es_ctr *ctx,
                                                 const uint8_t *counter,
                                                 size_t len);

/* es_ctr_blocks_used - counter values consumed since es_ctr_new or the last
 * es_ctr_rekey (saturates at UINT64_MAX). XEP-0200 §"Maximum Key Life": no
 * more than 2^32 blocks may be sent under one key; the session enforces
 * that with this figure. */
uint64_t es_ctr_blocks_used(const es_ctr *ctx);

/* es_ctr_block_len - the context's block (and counter) length in bytes. */
size_t es_ctr_block_len(const es_ctr *ctx);

/*
 * es_ctr_responder_counter - XEP-0116 §"Diffie-Hellman Preparation (Bob)":
 * C_B = C_A XOR 2^(n-1), i.e. the most significant bit of the big-endian
 * counter flipped. c_a and c_b are len bytes each and may be the same
 * buffer. Returns ESESSION_OK; ESESSION_EINVAL (NULL pointer);
 * ESESSION_ECOUNTER (len == 0).
 */
ES_MUST_CHECK esession_status es_ctr_responder_counter(const uint8_t *c_a,
                                                       uint8_t *c_b,
                                                       size_t len);

/* es_ctr_free - close the handle (libgcrypt wipes the key schedule) and free
 * the context. Safe on NULL. */
void es_ctr_free(es_ctr *ctx);

#endif
