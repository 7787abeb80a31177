/*
 * hash.h - the negotiated hash ("HASH") and HMAC over it.
 *
 * XEP-0116 §"Hash Algorithms": sha256 MUST be supported, whirlpool SHOULD.
 * Both are selected by their XEP name. HMAC is RFC 2104 as required by
 * XEP-0200 §"Encrypting a Stanza".
 *
 * Every MAC in XEP-0116 covers a concatenation of several byte strings, e.g.
 * mac_B = HMAC(HASH, KS_B, {N_A, N_B, d, pubKey_B, form_B}). Callers pass
 * such concatenations as an array of es_span parts; nobody builds the
 * concatenated buffer by hand.
 *
 * Two kinds of use:
 *   - one-shot functions (es_hash, es_hmac and their _secret variants) for
 *     the negotiation, where every key is used a handful of times;
 *   - es_hmac_ctx, a keyed HMAC handle kept per session direction and reset
 *     after every message (DESIGN.md "Performance": opening a libgcrypt
 *     handle per message costs more than the MAC itself).
 *
 * Keys and every HMAC state live in libgcrypt secure memory. Outputs that are
 * secrets (derived keys, K, retained secrets) are returned in an es_secbuf.
 */
#ifndef ES_CRYPTO_HASH_H
#define ES_CRYPTO_HASH_H

#include "secmem.h"

/* The hash algorithms of XEP-0116 §"Hash Algorithms". */
typedef enum es_hash_alg {
	ES_HASH_SHA256 = 1, /* "sha256", FIPS 180-2, 32-byte output */
	ES_HASH_WHIRLPOOL   /* "whirlpool", ISO/IEC 10118-3, 64-byte output */
} es_hash_alg;

/* Largest output of any supported hash, for stack buffers. */
#define ES_HASH_MAX_LEN 64

/* One part of a concatenated input: len bytes at data (data may be NULL
 * only when len == 0). The parts are borrowed, never copied or freed. */
typedef struct es_span {
	const uint8_t *data;
	size_t len;
} es_span;

/*
 * es_hash_from_name - map an XEP-0116 'hash_algs' value to an algorithm.
 * name: NUL-terminated, compared exactly (case-sensitive).
 * Returns ESESSION_OK and sets *alg; ESESSION_EUNSUPPORTED for any other
 * name (sha1 and md5 are deliberately not supported: XEP-0116 calls them
 * broken and NOT RECOMMENDED); ESESSION_EINVAL for NULL arguments.
 */
ES_MUST_CHECK esession_status es_hash_from_name(const char *name,
                                                es_hash_alg *alg);

/* es_hash_name - the XEP name ("sha256", "whirlpool"); NULL when alg is not
 * a supported algorithm. The string is static. */
const char *es_hash_name(es_hash_alg alg);

/* es_hash_len - output length in bytes (32 or 64); 0 when alg is not a
 * supported algorithm. */
size_t es_hash_len(es_hash_alg alg);

/*
 * es_hash - HASH(parts[0] | parts[1] | ... | parts[n_parts-1]) for public
 * input (fingerprints, SAS input). Writes es_hash_len(alg) bytes to out.
 * n_parts may be 0 (hash of the empty string).
 * Returns ESESSION_OK; ESESSION_EUNSUPPORTED (unknown alg); ESESSION_EINVAL
 * (out NULL, parts NULL with n_parts > 0, a part with NULL data and len >
 * 0); ESESSION_EBUFSIZE (out_size < es_hash_len(alg)); ESESSION_ENOMEM;
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_hash(es_hash_alg alg, const es_span *parts,
                                      size_t n_parts, uint8_t *out,
                                      size_t out_size);

/*
 * es_hash_secret - as es_hash for secret input (e.g. XEP-0116 K | SRS |
 * OSS): the hash state lives in secure memory and the result goes to *out,
 * which must be empty (ES_SECBUF_INIT) on entry and is left empty on
 * failure. The caller owns *out and releases it with es_secbuf_free.
 * Returns as es_hash, plus ESESSION_EINVAL when *out is not empty; never
 * ESESSION_EBUFSIZE.
 */
ES_MUST_CHECK esession_status es_hash_secret(es_hash_alg alg,
                                             const es_span *parts,
                                             size_t n_parts, es_secbuf *out);

/*
 * es_hmac - HMAC(HASH, key, parts[0] | ... | parts[n_parts-1]) (RFC 2104).
 * The key may have any length, including 0. Writes es_hash_len(alg) bytes
 * to out; use it for MACs that are sent on the wire.
 * Returns ESESSION_OK; ESESSION_EUNSUPPORTED; ESESSION_EINVAL (NULL out,
 * NULL key with key_len > 0, malformed parts); ESESSION_EBUFSIZE;
 * ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_hmac(es_hash_alg alg, const uint8_t *key,
                                      size_t key_len, const es_span *parts,
                                      size_t n_parts, uint8_t *out,
                                      size_t out_size);

/*
 * es_hmac_secret - as es_hmac but the MAC is a secret (a derived key, a new
 * retained secret): it is returned in *out, which must be empty on entry and
 * is left empty on failure. Returns as es_hmac, plus ESESSION_EINVAL when
 * *out is not empty; never ESESSION_EBUFSIZE.
 */
ES_MUST_CHECK esession_status es_hmac_secret(es_hash_alg alg,
                                             const uint8_t *key, size_t key_len,
                                             const es_span *parts,
                                             size_t n_parts, es_secbuf *out);

/*
 * A keyed HMAC handle: the key is set once, each message is fed with
 * es_hmac_ctx_update / es_hmac_ctx_update_parts and finished with
 * es_hmac_ctx_final or es_hmac_ctx_verify, both of which leave the handle
 * keyed and empty, ready for the next message. Not thread-safe: one handle
 * per session direction.
 */
typedef struct es_hmac_ctx es_hmac_ctx;

/*
 * es_hmac_ctx_new - open a keyed handle. *ctx receives a new handle owned by
 * the caller (release with es_hmac_ctx_free); on failure *ctx is NULL. The
 * key is copied into secure memory inside libgcrypt; the caller may wipe its
 * copy at once.
 * Returns ESESSION_OK; ESESSION_EUNSUPPORTED; ESESSION_EINVAL (NULL ctx,
 * NULL key with key_len > 0); ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_hmac_ctx_new(es_hmac_ctx **ctx,
                                              es_hash_alg alg,
                                              const uint8_t *key,
                                              size_t key_len);

/*
 * es_hmac_ctx_rekey - replace the key of an open handle (XEP-0200 re-key)
 * without reopening it. Any partly fed message is discarded.
 * Returns ESESSION_OK; ESESSION_EINVAL (nothing changed); ESESSION_ECRYPTO
 * (the handle's key is then undefined: free the handle).
 */
ES_MUST_CHECK esession_status es_hmac_ctx_rekey(es_hmac_ctx *ctx,
                                                const uint8_t *key,
                                                size_t key_len);

/* es_hmac_ctx_len - MAC length in bytes of the handle's hash. */
size_t es_hmac_ctx_len(const es_hmac_ctx *ctx);

/* es_hmac_ctx_update - append len bytes of message (data may be NULL when
 * len == 0). Returns ESESSION_OK or ESESSION_EINVAL. */
ES_MUST_CHECK esession_status es_hmac_ctx_update(es_hmac_ctx *ctx,
                                                 const uint8_t *data,
                                                 size_t len);

/* es_hmac_ctx_update_parts - append every part in order.
 * Returns ESESSION_OK or ESESSION_EINVAL (malformed parts: nothing of the
 * call is appended then). */
ES_MUST_CHECK esession_status es_hmac_ctx_update_parts(es_hmac_ctx *ctx,
                                                       const es_span *parts,
                                                       size_t n_parts);

/*
 * es_hmac_ctx_final - write the MAC of everything appended since the last
 * final/verify/reset (es_hmac_ctx_len bytes) to out, then reset the handle.
 * Returns ESESSION_OK; ESESSION_EINVAL; ESESSION_EBUFSIZE (out_size too
 * small: the handle is reset all the same, the message is lost);
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_hmac_ctx_final(es_hmac_ctx *ctx, uint8_t *out,
                                                size_t out_size);

/*
 * es_hmac_ctx_verify - compare the MAC of the appended message with
 * `expected` in constant time (the time depends on the MAC length only),
 * then reset the handle.
 * Returns ESESSION_OK when equal; ESESSION_EMAC when different or when
 * expected_len is not the MAC length (a truncated or overlong MAC from a
 * peer is a mismatch, not a usage error); ESESSION_EINVAL (NULL ctx, NULL
 * expected with expected_len > 0); ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_hmac_ctx_verify(es_hmac_ctx *ctx,
                                                 const uint8_t *expected,
                                                 size_t expected_len);

/* es_hmac_ctx_reset - discard a partly fed message; the key is kept. */
void es_hmac_ctx_reset(es_hmac_ctx *ctx);

/* es_hmac_ctx_free - close the handle; libgcrypt wipes the key and state.
 * Safe on NULL. */
void es_hmac_ctx_free(es_hmac_ctx *ctx);

#endif
