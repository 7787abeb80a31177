/*
 * hash.c - HASH and HMAC (RFC 2104) over libgcrypt's message digests.
 *
 * HMAC uses gcry_md with GCRY_MD_FLAG_HMAC rather than gcry_mac: it works
 * for every digest libgcrypt has, and gcry_md_reset keeps the key, which is
 * what a per-direction handle needs.
 */
#include "hash.h"

#include <gcrypt.h>
#include <stdlib.h>
#include <string.h>

struct es_hmac_ctx {
	gcry_md_hd_t md; /* opened with GCRY_MD_FLAG_SECURE: holds the key */
	int gcry_algo;
	size_t len; /* MAC length in bytes */
};

struct hash_info {
	es_hash_alg alg;
	const char *name; /* XEP-0116 'hash_algs' value */
	int gcry_algo;
	size_t len;
};

/* XEP-0116 §"Hash Algorithms". */
static const struct hash_info hash_table[] = {
    {ES_HASH_SHA256, "sha256", GCRY_MD_SHA256, 32},
    {ES_HASH_WHIRLPOOL, "whirlpool", GCRY_MD_WHIRLPOOL, 64},
};

static const struct hash_info *hash_lookup(es_hash_alg alg)
{
	for (size_t i = 0; i < ES_ARRAY_LEN(hash_table); i++) {
		if (hash_table[i].alg == alg)
			return &hash_table[i];
	}
	return NULL;
}

esession_status es_hash_from_name(const char *name, es_hash_alg *alg)
{
	ES_ENSURE(name != NULL && alg != NULL, ESESSION_EINVAL);
	for (size_t i = 0; i < ES_ARRAY_LEN(hash_table); i++) {
		if (strcmp(name, hash_table[i].name) == 0) {
			*alg = hash_table[i].alg;
			return ESESSION_OK;
		}
	}
	return ESESSION_EUNSUPPORTED;
}

const char *es_hash_name(es_hash_alg alg)
{
	const struct hash_info *info = hash_lookup(alg);
	return info != NULL ? info->name : NULL;
}

size_t es_hash_len(es_hash_alg alg)
{
	const struct hash_info *info = hash_lookup(alg);
	return info != NULL ? info->len : 0;
}

static bool parts_valid(const es_span *parts, size_t n_parts)
{
	if (parts == NULL)
		return n_parts == 0;
	for (size_t i = 0; i < n_parts; i++) {
		if (parts[i].data == NULL && parts[i].len != 0)
			return false;
	}
	return true;
}

static void md_write_parts(gcry_md_hd_t md, const es_span *parts,
                           size_t n_parts)
{
	for (size_t i = 0; i < n_parts; i++) {
		if (parts[i].len > 0)
			gcry_md_write(md, parts[i].data, parts[i].len);
	}
}

static esession_status map_gcry_error(gcry_error_t err)
{
	if (gcry_err_code(err) == GPG_ERR_ENOMEM)
		return ESESSION_ENOMEM;
	return ESESSION_ECRYPTO;
}

/*
 * The one place that runs a digest: open (secure when `secure`), key when
 * `key` is given (HMAC), feed the parts, copy info->len bytes to out, close.
 * Closing makes libgcrypt wipe the state and the key pads.
 */
static esession_status digest_parts(const struct hash_info *info, bool secure,
                                    const uint8_t *key, size_t key_len,
                                    const es_span *parts, size_t n_parts,
                                    uint8_t *out)
{
	unsigned flags = (secure ? GCRY_MD_FLAG_SECURE : 0u) |
	                 (key != NULL ? GCRY_MD_FLAG_HMAC : 0u);
	gcry_md_hd_t md = NULL;
	gcry_error_t err = gcry_md_open(&md, info->gcry_algo, flags);
	if (err)
		return map_gcry_error(err);

	esession_status st = ESESSION_OK;
	if (key != NULL) {
		err = gcry_md_setkey(md, key, key_len);
		if (err) {
			st = map_gcry_error(err);
			goto out;
		}
	}
	md_write_parts(md, parts, n_parts);
	const unsigned char *digest = gcry_md_read(md, info->gcry_algo);
	if (digest == NULL) {
		st = ESESSION_ECRYPTO;
		goto out;
	}
	memcpy(out, digest, info->len);
out:
	gcry_md_close(md);
	return st;
}

/* libgcrypt rejects a NULL key pointer even for length 0; HMAC with an
 * empty key is well defined (RFC 2104 pads it with zeros). */
static const uint8_t empty_key[1];

static esession_status hash_to_buffer(es_hash_alg alg, bool secure,
                                      const uint8_t *key, size_t key_len,
                                      const es_span *parts, size_t n_parts,
                                      uint8_t *out, size_t out_size)
{
	const struct hash_info *info = hash_lookup(alg);
	ES_ENSURE(info != NULL, ESESSION_EUNSUPPORTED);
	ES_ENSURE(out != NULL && parts_valid(parts, n_parts), ESESSION_EINVAL);
	ES_ENSURE(out_size >= info->len, ESESSION_EBUFSIZE);
	return digest_parts(info, secure, key, key_len, parts, n_parts, out);
}

static esession_status hash_to_secbuf(es_hash_alg alg, const uint8_t *key,
                                      size_t key_len, const es_span *parts,
                                      size_t n_parts, es_secbuf *out)
{
	const struct hash_info *info = hash_lookup(alg);
	ES_ENSURE(info != NULL, ESESSION_EUNSUPPORTED);
	ES_ENSURE(out != NULL && out->data == NULL && out->len == 0,
	          ESESSION_EINVAL);
	ES_ENSURE(parts_valid(parts, n_parts), ESESSION_EINVAL);

	es_secbuf result = ES_SECBUF_INIT;
	esession_status st = es_secbuf_alloc(&result, info->len);
	if (st != ESESSION_OK)
		goto out;
	st =
	    digest_parts(info, true, key, key_len, parts, n_parts, result.data);
	if (st != ESESSION_OK)
		goto out;
	*out = result;
	result = (es_secbuf)ES_SECBUF_INIT;
out:
	es_secbuf_free(&result);
	return st;
}

esession_status es_hash(es_hash_alg alg, const es_span *parts, size_t n_parts,
                        uint8_t *out, size_t out_size)
{
	return hash_to_buffer(alg, false, NULL, 0, parts, n_parts, out,
	                      out_size);
}

esession_status es_hash_secret(es_hash_alg alg, const es_span *parts,
                               size_t n_parts, es_secbuf *out)
{
	return hash_to_secbuf(alg, NULL, 0, parts, n_parts, out);
}

esession_status es_hmac(es_hash_alg alg, const uint8_t *key, size_t key_len,
                        const es_span *parts, size_t n_parts, uint8_t *out,
                        size_t out_size)
{
	ES_ENSURE(key != NULL || key_len == 0, ESESSION_EINVAL);
	/* The key is secret, so the HMAC state is kept in secure memory even
	 * though the MAC itself is public. */
	return hash_to_buffer(alg, true, key != NULL ? key : empty_key, key_len,
	                      parts, n_parts, out, out_size);
}

esession_status es_hmac_secret(es_hash_alg alg, const uint8_t *key,
                               size_t key_len, const es_span *parts,
                               size_t n_parts, es_secbuf *out)
{
	ES_ENSURE(key != NULL || key_len == 0, ESESSION_EINVAL);
	return hash_to_secbuf(alg, key != NULL ? key : empty_key, key_len,
	                      parts, n_parts, out);
}

esession_status es_hmac_ctx_new(es_hmac_ctx **ctx, es_hash_alg alg,
                                const uint8_t *key, size_t key_len)
{
	ES_ENSURE(ctx != NULL, ESESSION_EINVAL);
	*ctx = NULL;
	const struct hash_info *info = hash_lookup(alg);
	ES_ENSURE(info != NULL, ESESSION_EUNSUPPORTED);
	ES_ENSURE(key != NULL || key_len == 0, ESESSION_EINVAL);

	es_hmac_ctx *c = calloc(1, sizeof(*c));
	ES_ENSURE(c != NULL, ESESSION_ENOMEM);
	c->gcry_algo = info->gcry_algo;
	c->len = info->len;

	esession_status st = ESESSION_OK;
	gcry_error_t err = gcry_md_open(
	    &c->md, info->gcry_algo, GCRY_MD_FLAG_HMAC | GCRY_MD_FLAG_SECURE);
	if (err) {
		c->md = NULL;
		st = map_gcry_error(err);
		goto out;
	}
	st = es_hmac_ctx_rekey(c, key, key_len);
	if (st != ESESSION_OK)
		goto out;
	*ctx = c;
	c = NULL;
out:
	es_hmac_ctx_free(c);
	return st;
}

esession_status es_hmac_ctx_rekey(es_hmac_ctx *ctx, const uint8_t *key,
                                  size_t key_len)
{
	ES_ENSURE(ctx != NULL && (key != NULL || key_len == 0),
	          ESESSION_EINVAL);
	gcry_md_reset(ctx->md);
	gcry_error_t err =
	    gcry_md_setkey(ctx->md, key != NULL ? key : empty_key, key_len);
	ES_ENSURE(!err, map_gcry_error(err));
	return ESESSION_OK;
}

size_t es_hmac_ctx_len(const es_hmac_ctx *ctx)
{
	return ctx != NULL ? ctx->len : 0;
}

esession_status es_hmac_ctx_update(es_hmac_ctx *ctx, const uint8_t *data,
                                   size_t len)
{
	ES_ENSURE(ctx != NULL && (data != NULL || len == 0), ESESSION_EINVAL);
	if (len > 0)
		gcry_md_write(ctx->md, data, len);
	return ESESSION_OK;
}

esession_status es_hmac_ctx_update_parts(es_hmac_ctx *ctx, const es_span *parts,
                                         size_t n_parts)
{
	ES_ENSURE(ctx != NULL && parts_valid(parts, n_parts), ESESSION_EINVAL);
	md_write_parts(ctx->md, parts, n_parts);
	return ESESSION_OK;
}

/* Read the MAC into mac[0..len), then reset: gcry_md_reset on an HMAC
 * handle keeps the key and restarts from the inner pad. */
static esession_status ctx_finish(es_hmac_ctx *ctx, uint8_t *mac, size_t len)
{
	esession_status st = ESESSION_OK;
	const unsigned char *digest = gcry_md_read(ctx->md, ctx->gcry_algo);
	if (digest == NULL)
		st = ESESSION_ECRYPTO;
	else
		memcpy(mac, digest, len);
	gcry_md_reset(ctx->md);
	return st;
}

esession_status es_hmac_ctx_final(es_hmac_ctx *ctx, uint8_t *out,
                                  size_t out_size)
{
	ES_ENSURE(ctx != NULL && out != NULL, ESESSION_EINVAL);
	size_t len = ctx->len;
	if (out_size < len) {
		gcry_md_reset(ctx->md);
		return ESESSION_EBUFSIZE;
	}
	return ctx_finish(ctx, out, len);
}

esession_status es_hmac_ctx_verify(es_hmac_ctx *ctx, const uint8_t *expected,
                                   size_t expected_len)
{
	ES_ENSURE(ctx != NULL && (expected != NULL || expected_len == 0),
	          ESESSION_EINVAL);
	size_t len = ctx->len;
	uint8_t mac[ES_HASH_MAX_LEN];
	esession_status st = ctx_finish(ctx, mac, len);
	if (st != ESESSION_OK)
		goto out;
	/* The length is public (it is the negotiated hash's); only the
	 * content comparison has to be constant-time. */
	if (expected_len != len || !es_ct_equal(mac, expected, len))
		st = ESESSION_EMAC;
out:
	es_wipe(mac, sizeof(mac));
	return st;
}

void es_hmac_ctx_reset(es_hmac_ctx *ctx)
{
	if (ctx != NULL)
		gcry_md_reset(ctx->md);
}

void es_hmac_ctx_free(es_hmac_ctx *ctx)
{
	if (ctx == NULL)
		return;
	gcry_md_close(ctx->md); /* NULL-safe; wipes the key pads */
	free(ctx);
}
