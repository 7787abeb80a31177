/*
 * sign.c - rsa-sha256 and dsa-sha256 signatures over byte strings
 * (XEP-0116 §"Key Signing Algorithms"), keys from components, key
 * generation.
 */
#include "sign.h"

#include "mpi.h"

#include <stdlib.h>

struct es_sign_key {
	es_sign_alg alg;
	gcry_sexp_t pub;  /* (public-key (rsa|dsa ...)) */
	gcry_sexp_t sec;  /* (private-key ...), secure memory; NULL if public */
	gcry_mpi_t bound; /* RSA: n; DSA: q: signature integers stay below */
	unsigned bits;    /* bits of n (RSA) or p (DSA) */
	size_t sig_len;   /* octets of a signature value */
};

/* The message a new private key signs and verifies once as a pairwise
 * consistency test. */
static const uint8_t es_sign_pairwise_msg[] = "esession pairwise key test";

static esession_status es_sign_status(gcry_error_t err)
{
	if (err == 0)
		return ESESSION_OK;
	return gcry_err_code(err) == GPG_ERR_ENOMEM ? ESESSION_ENOMEM
	                                            : ESESSION_ECRYPTO;
}

static void es_mpi_release_all(gcry_mpi_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		gcry_mpi_release(v[i]);
		v[i] = NULL;
	}
}

/* No component of an acceptable key is longer than the largest RSA
 * modulus; longer ones are refused before any allocation sized by them. */
#define ES_SIGN_MAX_PART_LEN (ES_SIGN_RSA_MAX_BITS / 8u)

/* A key component: canonical (XML-Signature CryptoBinary, XEP-0116
 * §"Multiple-Precision Integers") and not over-long, else ESESSION_EKEY.
 * Secret components are copied into secure memory before decoding so the
 * MPI is secure. */
static esession_status es_sign_decode_part(const es_bytes *b, bool secret,
                                           gcry_mpi_t *out)
{
	ES_ENSURE(b->data != NULL || b->len == 0, ESESSION_EINVAL);
	ES_ENSURE(b->len <= ES_SIGN_MAX_PART_LEN, ESESSION_EKEY);
	esession_status st = es_mpi_check_canonical(b->data, b->len);
	if (st == ESESSION_EMPI)
		return ESESSION_EKEY;
	ES_GUARD(st);
	if (!secret)
		return es_mpi_decode(out, b->data, b->len);

	es_secbuf copy = ES_SECBUF_INIT;
	ES_GUARD(es_secbuf_copy(&copy, b->data, b->len));
	st = es_mpi_decode(out, copy.data, copy.len);
	es_secbuf_free(&copy);
	return st;
}

/* SHA-256 of the data, the "hash" of the XML-Signature algorithm. */
static esession_status es_sign_data_sexp(es_sign_alg alg, const uint8_t *data,
                                         size_t len, gcry_sexp_t *out)
{
	static const uint8_t empty[1] = {0};
	uint8_t digest[32];
	gcry_md_hash_buffer(GCRY_MD_SHA256, digest, len > 0 ? data : empty,
	                    len);
	/* RSA: EMSA-PKCS1-v1_5 with the SHA-256 DigestInfo (RFC 8017 §9.2).
	 * DSA: the hash, truncated to the bit length of q by libgcrypt
	 * (FIPS 186-4 §4.6), and the nonce k from RFC 6979 when signing. */
	const char *fmt = alg == ES_SIGN_RSA_SHA256
	                      ? "(data (flags pkcs1) (hash sha256 %b))"
	                      : "(data (flags rfc6979) (hash sha256 %b))";
	esession_status st = es_sign_status(
	    gcry_sexp_build(out, NULL, fmt, (int)sizeof digest, digest));
	es_wipe(digest, sizeof digest);
	return st;
}

static esession_status es_sign_new(es_sign_key **key, es_sign_alg alg)
{
	es_sign_key *k = calloc(1, sizeof *k);
	ES_ENSURE(k != NULL, ESESSION_ENOMEM);
	k->alg = alg;
	*key = k;
	return ESESSION_OK;
}

/* Sign and verify one fixed message: catches a private part that does not
 * match the public one (FIPS 140 style pairwise consistency test). */
static esession_status es_sign_pairwise_test(const es_sign_key *key)
{
	uint8_t sig[ES_SIGN_RSA_MAX_BITS / 8];
	size_t sig_len = 0;
	esession_status st = es_sign_create(key, es_sign_pairwise_msg,
	                                    sizeof es_sign_pairwise_msg - 1,
	                                    sig, sizeof sig, &sig_len);
	if (st == ESESSION_OK)
		st = es_sign_verify(key, es_sign_pairwise_msg,
		                    sizeof es_sign_pairwise_msg - 1, sig,
		                    sig_len);
	if (st == ESESSION_ESIGNATURE || st == ESESSION_ECRYPTO)
		st = ESESSION_EKEY;
	return st;
}

/*
 * RSA from MPIs (the private ones NULL for a public key): the checks of
 * es_sign_key_from_rsa(). u_pkcs1, when not NULL, is RFC 8017's qInv for
 * the given p and q. p and q may be swapped in place (libgcrypt wants
 * p < q); the caller owns and releases every MPI.
 */
static esession_status es_sign_build_rsa(es_sign_key **key, gcry_mpi_t n,
                                         gcry_mpi_t e, gcry_mpi_t d,
                                         gcry_mpi_t p, gcry_mpi_t q,
                                         gcry_mpi_t u_pkcs1)
{
	esession_status st = ESESSION_OK;
	es_sign_key *k = NULL;
	gcry_mpi_t t = gcry_mpi_snew(0);
	gcry_mpi_t u = NULL;
	unsigned bits = gcry_mpi_get_nbits(n);

	if (bits < ES_SIGN_RSA_MIN_BITS || bits > ES_SIGN_RSA_MAX_BITS ||
	    !gcry_mpi_test_bit(n, 0) || !gcry_mpi_test_bit(e, 0) ||
	    gcry_mpi_cmp_ui(e, 3) < 0 || gcry_mpi_cmp(e, n) >= 0) {
		st = ESESSION_EKEY;
		goto out;
	}
	st = es_sign_new(&k, ES_SIGN_RSA_SHA256);
	if (st != ESESSION_OK)
		goto out;
	k->bits = bits;
	k->sig_len = ((size_t)bits + 7u) / 8u;
	k->bound = gcry_mpi_copy(n);
	st = es_sign_status(gcry_sexp_build(
	    &k->pub, NULL, "(public-key (rsa (n %m) (e %m)))", n, e));
	if (st != ESESSION_OK)
		goto out;

	if (d != NULL) {
		/* p * q == n, both factors > 1. */
		gcry_mpi_mul(t, p, q);
		if (gcry_mpi_cmp(t, n) != 0 || gcry_mpi_cmp_ui(p, 1) <= 0 ||
		    gcry_mpi_cmp_ui(q, 1) <= 0 || gcry_mpi_cmp(p, q) == 0) {
			st = ESESSION_EKEY;
			goto out;
		}
		/* RFC 8017 §3.2: qInv * q == 1 (mod p), qInv < p. */
		if (u_pkcs1 != NULL) {
			gcry_mpi_mulm(t, u_pkcs1, q, p);
			if (gcry_mpi_cmp_ui(t, 1) != 0 ||
			    gcry_mpi_cmp(u_pkcs1, p) >= 0) {
				st = ESESSION_EKEY;
				goto out;
			}
		}
		/* libgcrypt's private key wants p < q and u = p^-1 mod q. */
		if (gcry_mpi_cmp(p, q) > 0)
			gcry_mpi_swap(p, q);
		u = gcry_mpi_snew(0);
		if (!gcry_mpi_invm(u, p, q)) {
			st = ESESSION_EKEY;
			goto out;
		}
		st = es_sign_status(gcry_sexp_build(
		    &k->sec, NULL,
		    "(private-key (rsa (n %m) (e %m) (d %m) (p %m) (q %m) "
		    "(u %m)))",
		    n, e, d, p, q, u));
		if (st != ESESSION_OK)
			goto out;
		if (gcry_pk_testkey(k->sec) != 0) {
			st = ESESSION_EKEY;
			goto out;
		}
		st = es_sign_pairwise_test(k);
		if (st != ESESSION_OK)
			goto out;
	}
	*key = k;
	k = NULL;
out:
	gcry_mpi_release(t);
	gcry_mpi_release(u);
	es_sign_key_free(k);
	return st;
}

esession_status es_sign_key_from_rsa(es_sign_key **key,
                                     const es_rsa_parts *parts)
{
	ES_ENSURE(key != NULL && parts != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	bool any_private = parts->d.len > 0 || parts->p.len > 0 ||
	                   parts->q.len > 0 || parts->u.len > 0;
	bool all_private =
	    parts->d.len > 0 && parts->p.len > 0 && parts->q.len > 0;
	ES_ENSURE(!any_private || all_private, ESESSION_EKEY);

	esession_status st = ESESSION_OK;
	/* n, e, d, p, q, u */
	gcry_mpi_t v[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
	const es_bytes *src[6] = {&parts->n, &parts->e, &parts->d,
	                          &parts->p, &parts->q, &parts->u};
	size_t count = any_private ? (parts->u.len > 0 ? 6 : 5) : 2;
	for (size_t i = 0; i < count; i++) {
		st = es_sign_decode_part(src[i], i >= 2, &v[i]);
		if (st != ESESSION_OK)
			goto out;
	}
	st = es_sign_build_rsa(key, v[0], v[1], v[2], v[3], v[4], v[5]);
out:
	es_mpi_release_all(v, ES_ARRAY_LEN(v));
	return st;
}

/* True when the DSA sizes (L, N) are ones FIPS 186-4 §4.2 pairs with
 * SHA-256 and that we accept. */
static bool es_sign_dsa_sizes_ok(unsigned l, unsigned n)
{
	return (l == 2048 && (n == 224 || n == 256)) || (l == 3072 && n == 256);
}

/* 1 < v < p and v^q == 1 (mod p): v lies in the order-q subgroup. */
static bool es_sign_dsa_in_subgroup(gcry_mpi_t v, gcry_mpi_t p, gcry_mpi_t q,
                                    gcry_mpi_t scratch)
{
	if (gcry_mpi_cmp_ui(v, 1) <= 0 || gcry_mpi_cmp(v, p) >= 0)
		return false;
	gcry_mpi_powm(scratch, v, q, p);
	return gcry_mpi_cmp_ui(scratch, 1) == 0;
}

static esession_status es_sign_build_dsa(es_sign_key **key, gcry_mpi_t p,
                                         gcry_mpi_t q, gcry_mpi_t g,
                                         gcry_mpi_t y, gcry_mpi_t x)
{
	esession_status st = ESESSION_OK;
	es_sign_key *k = NULL;
	gcry_mpi_t t = gcry_mpi_snew(0);
	unsigned bits = gcry_mpi_get_nbits(p);

	if (!es_sign_dsa_sizes_ok(bits, gcry_mpi_get_nbits(q))) {
		st = ESESSION_EKEY;
		goto out;
	}
	/* q | p - 1, q prime (cheap at 256 bits; p's primality is not
	 * tested: a composite p only weakens the signer's own key). */
	gcry_mpi_sub_ui(t, p, 1);
	gcry_mpi_mod(t, t, q);
	if (gcry_mpi_cmp_ui(t, 0) != 0 || gcry_prime_check(q, 0) != 0 ||
	    !es_sign_dsa_in_subgroup(g, p, q, t) ||
	    !es_sign_dsa_in_subgroup(y, p, q, t)) {
		st = ESESSION_EKEY;
		goto out;
	}
	st = es_sign_new(&k, ES_SIGN_DSA_SHA256);
	if (st != ESESSION_OK)
		goto out;
	k->bits = bits;
	k->sig_len = 2 * es_mpi_encoded_len(q);
	k->bound = gcry_mpi_copy(q);
	st = es_sign_status(gcry_sexp_build(
	    &k->pub, NULL, "(public-key (dsa (p %m) (q %m) (g %m) (y %m)))", p,
	    q, g, y));
	if (st != ESESSION_OK)
		goto out;

	if (x != NULL) {
		/* 0 < x < q and y == g^x (mod p). */
		if (gcry_mpi_cmp_ui(x, 0) <= 0 || gcry_mpi_cmp(x, q) >= 0) {
			st = ESESSION_EKEY;
			goto out;
		}
		gcry_mpi_powm(t, g, x, p);
		if (gcry_mpi_cmp(t, y) != 0) {
			st = ESESSION_EKEY;
			goto out;
		}
		st = es_sign_status(gcry_sexp_build(
		    &k->sec, NULL,
		    "(private-key (dsa (p %m) (q %m) (g %m) (y %m) (x %m)))", p,
		    q, g, y, x));
		if (st != ESESSION_OK)
			goto out;
		if (gcry_pk_testkey(k->sec) != 0) {
			st = ESESSION_EKEY;
			goto out;
		}
		st = es_sign_pairwise_test(k);
		if (st != ESESSION_OK)
			goto out;
	}
	*key = k;
	k = NULL;
out:
	gcry_mpi_release(t);
	es_sign_key_free(k);
	return st;
}

esession_status es_sign_key_from_dsa(es_sign_key **key,
                                     const es_dsa_parts *parts)
{
	ES_ENSURE(key != NULL && parts != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);

	esession_status st = ESESSION_OK;
	/* p, q, g, y, x */
	gcry_mpi_t v[5] = {NULL, NULL, NULL, NULL, NULL};
	const es_bytes *src[5] = {&parts->p, &parts->q, &parts->g, &parts->y,
	                          &parts->x};
	size_t count = parts->x.len > 0 ? 5 : 4;
	for (size_t i = 0; i < count; i++) {
		st = es_sign_decode_part(src[i], i == 4, &v[i]);
		if (st != ESESSION_OK)
			goto out;
	}
	st = es_sign_build_dsa(key, v[0], v[1], v[2], v[3], v[4]);
out:
	es_mpi_release_all(v, ES_ARRAY_LEN(v));
	return st;
}

esession_status es_sign_key_generate(es_sign_key **key, es_sign_alg alg,
                                     unsigned bits)
{
	ES_ENSURE(key != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);

	esession_status st = ESESSION_OK;
	gcry_sexp_t params = NULL;
	gcry_sexp_t pair = NULL;
	gcry_mpi_t v[5] = {NULL, NULL, NULL, NULL, NULL};
	switch (alg) {
	case ES_SIGN_RSA_SHA256:
		ES_ENSURE(bits >= ES_SIGN_RSA_MIN_BITS &&
		              bits <= ES_SIGN_RSA_MAX_BITS && bits % 8 == 0,
		          ESESSION_EUNSUPPORTED);
		st = es_sign_status(gcry_sexp_build(
		    &params, NULL, "(genkey (rsa (nbits %u) (rsa-use-e %u)))",
		    bits, 65537u));
		break;
	case ES_SIGN_DSA_SHA256:
		ES_ENSURE(bits == 2048 || bits == 3072, ESESSION_EUNSUPPORTED);
		st = es_sign_status(gcry_sexp_build(
		    &params, NULL, "(genkey (dsa (nbits %u) (qbits %u)))", bits,
		    256u));
		break;
	default: return ESESSION_EUNSUPPORTED;
	}
	if (st != ESESSION_OK)
		goto out;
	st = es_sign_status(gcry_pk_genkey(&pair, params));
	if (st != ESESSION_OK)
		goto out;
	/* Through the component path: the generated key gets the same
	 * checks and pairwise test as any other. */
	if (alg == ES_SIGN_RSA_SHA256) {
		st = es_sign_status(
		    gcry_sexp_extract_param(pair, "private-key", "nedpq", &v[0],
		                            &v[1], &v[2], &v[3], &v[4], NULL));
		if (st == ESESSION_OK)
			st = es_sign_build_rsa(key, v[0], v[1], v[2], v[3],
			                       v[4], NULL);
	} else {
		st = es_sign_status(
		    gcry_sexp_extract_param(pair, "private-key", "pqgyx", &v[0],
		                            &v[1], &v[2], &v[3], &v[4], NULL));
		if (st == ESESSION_OK)
			st = es_sign_build_dsa(key, v[0], v[1], v[2], v[3],
			                       v[4]);
	}
out:
	es_mpi_release_all(v, ES_ARRAY_LEN(v));
	gcry_sexp_release(params);
	gcry_sexp_release(pair);
	return st;
}

void es_sign_key_free(es_sign_key *key)
{
	if (key == NULL)
		return;
	gcry_sexp_release(key->pub);
	gcry_sexp_release(key->sec); /* secure memory: wiped by libgcrypt */
	gcry_mpi_release(key->bound);
	free(key);
}

es_sign_alg es_sign_key_alg(const es_sign_key *key)
{
	return key->alg;
}

bool es_sign_key_has_private(const es_sign_key *key)
{
	return key->sec != NULL;
}

unsigned es_sign_key_bits(const es_sign_key *key)
{
	return key->bits;
}

size_t es_sign_signature_len(const es_sign_key *key)
{
	return key->sig_len;
}

esession_status es_sign_key_part(const es_sign_key *key, es_key_part part,
                                 es_secbuf *out)
{
	ES_ENSURE(key != NULL && out != NULL, ESESSION_EINVAL);
	static const struct {
		es_key_part part;
		es_sign_alg alg;
		const char *name; /* libgcrypt parameter name */
		bool secret;
	} table[] = {
	    {ES_KEY_RSA_N, ES_SIGN_RSA_SHA256, "n", false},
	    {ES_KEY_RSA_E, ES_SIGN_RSA_SHA256, "e", false},
	    {ES_KEY_RSA_D, ES_SIGN_RSA_SHA256, "d", true},
	    {ES_KEY_RSA_P, ES_SIGN_RSA_SHA256, "p", true},
	    {ES_KEY_RSA_Q, ES_SIGN_RSA_SHA256, "q", true},
	    {ES_KEY_RSA_U, ES_SIGN_RSA_SHA256, NULL, true},
	    {ES_KEY_DSA_P, ES_SIGN_DSA_SHA256, "p", false},
	    {ES_KEY_DSA_Q, ES_SIGN_DSA_SHA256, "q", false},
	    {ES_KEY_DSA_G, ES_SIGN_DSA_SHA256, "g", false},
	    {ES_KEY_DSA_Y, ES_SIGN_DSA_SHA256, "y", false},
	    {ES_KEY_DSA_X, ES_SIGN_DSA_SHA256, "x", true},
	};
	size_t i = 0;
	while (i < ES_ARRAY_LEN(table) && table[i].part != part)
		i++;
	ES_ENSURE(i < ES_ARRAY_LEN(table) && table[i].alg == key->alg,
	          ESESSION_EINVAL);
	ES_ENSURE(!table[i].secret || key->sec != NULL, ESESSION_EKEY);

	esession_status st = ESESSION_OK;
	gcry_mpi_t v = NULL, p = NULL, q = NULL;
	gcry_sexp_t from = table[i].secret ? key->sec : key->pub;
	if (table[i].name != NULL) {
		st = es_sign_status(gcry_sexp_extract_param(
		    from, NULL, table[i].name, &v, NULL));
	} else {
		/* RFC 8017 qInv = q^-1 mod p, for our p < q. */
		st = es_sign_status(
		    gcry_sexp_extract_param(from, NULL, "pq", &p, &q, NULL));
		if (st == ESESSION_OK) {
			v = gcry_mpi_snew(0);
			if (!gcry_mpi_invm(v, q, p))
				st = ESESSION_ECRYPTO;
		}
	}
	if (st == ESESSION_OK)
		st = es_mpi_encode_secret(v, out);
	gcry_mpi_release(v);
	gcry_mpi_release(p);
	gcry_mpi_release(q);
	return st;
}

esession_status es_sign_create(const es_sign_key *key, const uint8_t *data,
                               size_t len, uint8_t *sig, size_t cap,
                               size_t *sig_len)
{
	ES_ENSURE(key != NULL && sig_len != NULL, ESESSION_EINVAL);
	*sig_len = 0;
	ES_ENSURE(data != NULL || len == 0, ESESSION_EINVAL);
	ES_ENSURE(sig != NULL, ESESSION_EINVAL);
	ES_ENSURE(key->sec != NULL, ESESSION_EKEY);
	ES_ENSURE(cap >= key->sig_len, ESESSION_EBUFSIZE);

	esession_status st = ESESSION_OK;
	gcry_sexp_t hash = NULL;
	gcry_sexp_t result = NULL;
	gcry_mpi_t r = NULL, s = NULL;

	st = es_sign_data_sexp(key->alg, data, len, &hash);
	if (st != ESESSION_OK)
		goto out;
	st = es_sign_status(gcry_pk_sign(&result, hash, key->sec));
	if (st != ESESSION_OK)
		goto out;
	if (key->alg == ES_SIGN_RSA_SHA256) {
		/* XML-Signature §6.4.2: the octet string S of RFC 8017 §8.2.1,
		 * as long as the modulus. */
		st = es_sign_status(
		    gcry_sexp_extract_param(result, "sig-val", "s", &s, NULL));
		if (st == ESESSION_OK)
			st = es_mpi_encode_fixed(s, sig, key->sig_len);
	} else {
		/* XML-Signature §6.4.1: r || s, each padded to |q|. */
		size_t half = key->sig_len / 2;
		st = es_sign_status(gcry_sexp_extract_param(
		    result, "sig-val", "rs", &r, &s, NULL));
		if (st == ESESSION_OK)
			st = es_mpi_encode_fixed(r, sig, half);
		if (st == ESESSION_OK)
			st = es_mpi_encode_fixed(s, sig + half, half);
	}
	if (st == ESESSION_EBUFSIZE)
		st = ESESSION_ECRYPTO; /* libgcrypt returned an oversized value
		                        */
	if (st == ESESSION_OK)
		*sig_len = key->sig_len;
out:
	gcry_sexp_release(hash);
	gcry_sexp_release(result);
	gcry_mpi_release(r);
	gcry_mpi_release(s);
	return st;
}

/* 0 < v < bound, else the signature is refused. */
static bool es_sign_in_range(gcry_mpi_t v, gcry_mpi_t bound)
{
	return gcry_mpi_cmp_ui(v, 0) > 0 && gcry_mpi_cmp(v, bound) < 0;
}

esession_status es_sign_verify(const es_sign_key *key, const uint8_t *data,
                               size_t len, const uint8_t *sig, size_t sig_len)
{
	ES_ENSURE(key != NULL, ESESSION_EINVAL);
	ES_ENSURE(data != NULL || len == 0, ESESSION_EINVAL);
	ES_ENSURE(sig != NULL || sig_len == 0, ESESSION_EINVAL);
	ES_ENSURE(sig_len == key->sig_len, ESESSION_ESIGNATURE);

	esession_status st = ESESSION_OK;
	gcry_sexp_t hash = NULL;
	gcry_sexp_t sexp = NULL;
	gcry_mpi_t r = NULL, s = NULL;

	if (key->alg == ES_SIGN_RSA_SHA256) {
		st = es_mpi_decode_fixed(&s, sig, sig_len);
		if (st != ESESSION_OK)
			goto out;
		if (!es_sign_in_range(s, key->bound)) {
			st = ESESSION_ESIGNATURE;
			goto out;
		}
		st = es_sign_status(
		    gcry_sexp_build(&sexp, NULL, "(sig-val (rsa (s %m)))", s));
	} else {
		size_t half = sig_len / 2;
		st = es_mpi_decode_fixed(&r, sig, half);
		if (st == ESESSION_OK)
			st = es_mpi_decode_fixed(&s, sig + half, half);
		if (st != ESESSION_OK)
			goto out;
		if (!es_sign_in_range(r, key->bound) ||
		    !es_sign_in_range(s, key->bound)) {
			st = ESESSION_ESIGNATURE;
			goto out;
		}
		st = es_sign_status(gcry_sexp_build(
		    &sexp, NULL, "(sig-val (dsa (r %m) (s %m)))", r, s));
	}
	if (st != ESESSION_OK)
		goto out;
	st = es_sign_data_sexp(key->alg, data, len, &hash);
	if (st != ESESSION_OK)
		goto out;
	gcry_error_t err = gcry_pk_verify(sexp, hash, key->pub);
	if (gcry_err_code(err) == GPG_ERR_BAD_SIGNATURE)
		st = ESESSION_ESIGNATURE;
	else
		st = es_sign_status(err);
out:
	gcry_sexp_release(hash);
	gcry_sexp_release(sexp);
	gcry_mpi_release(r);
	gcry_mpi_release(s);
	return st;
}

esession_status es_sign_key_copy(const es_sign_key *key, bool with_private,
                                 es_sign_key **out)
{
	ES_ENSURE(key != NULL && out != NULL, ESESSION_EINVAL);
	const bool priv = with_private && key->sec != NULL;
	/* The parts of each algorithm, public ones first, in the order of
	 * es_rsa_parts / es_dsa_parts. */
	static const es_key_part rsa[] = {ES_KEY_RSA_N, ES_KEY_RSA_E,
	                                  ES_KEY_RSA_D, ES_KEY_RSA_P,
	                                  ES_KEY_RSA_Q, ES_KEY_RSA_U};
	static const es_key_part dsa[] = {ES_KEY_DSA_P, ES_KEY_DSA_Q,
	                                  ES_KEY_DSA_G, ES_KEY_DSA_Y,
	                                  ES_KEY_DSA_X};
	const bool is_rsa = key->alg == ES_SIGN_RSA_SHA256;
	const es_key_part *parts = is_rsa ? rsa : dsa;
	const size_t n_public = is_rsa ? 2u : 4u;
	const size_t n_all = is_rsa ? ES_ARRAY_LEN(rsa) : ES_ARRAY_LEN(dsa);
	const size_t n = priv ? n_all : n_public;
	es_secbuf v[6] = {ES_SECBUF_INIT, ES_SECBUF_INIT, ES_SECBUF_INIT,
	                  ES_SECBUF_INIT, ES_SECBUF_INIT, ES_SECBUF_INIT};
	esession_status st = ESESSION_OK;
	for (size_t i = 0; i < n && st == ESESSION_OK; i++)
		st = es_sign_key_part(key, parts[i], &v[i]);
#define ES_PART(i) ((es_bytes){v[i].data, v[i].len})
	if (st == ESESSION_OK && is_rsa) {
		const es_rsa_parts rp = {ES_PART(0), ES_PART(1), ES_PART(2),
		                         ES_PART(3), ES_PART(4), ES_PART(5)};
		st = es_sign_key_from_rsa(out, &rp);
	} else if (st == ESESSION_OK) {
		const es_dsa_parts dp = {ES_PART(0), ES_PART(1), ES_PART(2),
		                         ES_PART(3), ES_PART(4)};
		st = es_sign_key_from_dsa(out, &dp);
	}
#undef ES_PART
	for (size_t i = 0; i < ES_ARRAY_LEN(v); i++)
		es_secbuf_free(&v[i]);
	return st;
}
