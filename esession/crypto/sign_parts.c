/*
 * sign_parts.c - RSA CRT exponents and the DSA public value for key files
 * (sign_parts.h).
 */
#include "sign_parts.h"

#include "mpi.h"

/* No component of an acceptable key is longer than the largest modulus;
 * longer ones are refused before any allocation sized by them (the same
 * bound as sign.c). */
#define ES_SIGN_PARTS_MAX_LEN (ES_SIGN_RSA_MAX_BITS / 8u)

/* Decode one canonical component; secret ones through secure memory, so
 * the MPI lands in secure memory too (mpi.h). */
static esession_status es_sign_parts_decode(const es_bytes *b, bool secret,
                                            gcry_mpi_t *out)
{
	ES_ENSURE(b != NULL && (b->data != NULL || b->len == 0),
	          ESESSION_EINVAL);
	ES_ENSURE(b->len <= ES_SIGN_PARTS_MAX_LEN, ESESSION_EKEY);
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

esession_status es_sign_rsa_crt_exponents(const es_bytes *d, const es_bytes *p,
                                          const es_bytes *q, es_secbuf *dp,
                                          es_secbuf *dq)
{
	ES_ENSURE(d != NULL && p != NULL && q != NULL && dp != NULL &&
	              dq != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);

	esession_status st = ESESSION_OK;
	gcry_mpi_t md = NULL, mp = NULL, mq = NULL;
	gcry_mpi_t t = gcry_mpi_snew(0);
	es_secbuf rp = ES_SECBUF_INIT, rq = ES_SECBUF_INIT;
	st = es_sign_parts_decode(d, true, &md);
	if (st == ESESSION_OK)
		st = es_sign_parts_decode(p, true, &mp);
	if (st == ESESSION_OK)
		st = es_sign_parts_decode(q, true, &mq);
	if (st != ESESSION_OK)
		goto out;
	/* A modulus p - 1 <= 1 would be a division by zero or a meaningless
	 * reduction; such a "prime" is refused with the key. */
	if (gcry_mpi_cmp_ui(mp, 2) <= 0 || gcry_mpi_cmp_ui(mq, 2) <= 0) {
		st = ESESSION_EKEY;
		goto out;
	}
	gcry_mpi_sub_ui(t, mp, 1);
	gcry_mpi_mod(t, md, t);
	st = es_mpi_encode_secret(t, &rp);
	if (st != ESESSION_OK)
		goto out;
	gcry_mpi_sub_ui(t, mq, 1);
	gcry_mpi_mod(t, md, t);
	st = es_mpi_encode_secret(t, &rq);
	if (st != ESESSION_OK)
		goto out;
	*dp = rp;
	*dq = rq;
	rp = (es_secbuf)ES_SECBUF_INIT;
	rq = (es_secbuf)ES_SECBUF_INIT;
out:
	es_secbuf_free(&rp);
	es_secbuf_free(&rq);
	gcry_mpi_release(md);
	gcry_mpi_release(mp);
	gcry_mpi_release(mq);
	gcry_mpi_release(t);
	return st;
}

esession_status es_sign_dsa_public_value(const es_bytes *p, const es_bytes *g,
                                         const es_bytes *x, es_secbuf *y)
{
	ES_ENSURE(p != NULL && g != NULL && x != NULL && y != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);

	esession_status st = ESESSION_OK;
	gcry_mpi_t mp = NULL, mg = NULL, mx = NULL;
	gcry_mpi_t t = gcry_mpi_new(0);
	st = es_sign_parts_decode(p, false, &mp);
	if (st == ESESSION_OK)
		st = es_sign_parts_decode(g, false, &mg);
	if (st == ESESSION_OK)
		st = es_sign_parts_decode(x, true, &mx);
	if (st != ESESSION_OK)
		goto out;
	if (gcry_mpi_cmp_ui(mp, 3) < 0 || !gcry_mpi_test_bit(mp, 0)) {
		st = ESESSION_EKEY;
		goto out;
	}
	gcry_mpi_powm(t, mg, mx, mp);
	st = es_mpi_encode_secret(t, y);
out:
	gcry_mpi_release(mp);
	gcry_mpi_release(mg);
	gcry_mpi_release(mx);
	gcry_mpi_release(t);
	return st;
}
