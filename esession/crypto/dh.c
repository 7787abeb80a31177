/*
 * dh.c - XEP-0116 Diffie-Hellman: exponent generation, public value, range
 * checks, shared secret.
 */
#include "dh.h"

#include "groups_mpi.h"
#include "mpi.h"

#include <stdlib.h>

struct es_dh {
	const es_group *group;
	unsigned block_bits; /* n of XEP-0116: the exponent bound is 2^(2n-1) */
	gcry_mpi_t x;        /* secret exponent, secure memory */
	gcry_mpi_t e;        /* public value g^x mod p */
};

/*
 * Secret exponent length per group, in bits: the one place that decides
 * it. spec/dh-exponent.md gives the measurements and the argument: twice
 * the larger symmetric-strength estimate of RFC 3526 §8 (an exponent of
 * len bits costs ~2^(len/2) to recover with Pollard's lambda), and never
 * below 2n = 256 bits, the XEP-0116 lower bound for 128-bit block ciphers.
 */
static const struct {
	unsigned group;
	unsigned bits;
} es_dh_exponent_table[] = {
    {1, 256},  {2, 256},  {5, 256},  {14, 320},
    {15, 420}, {16, 480}, {17, 540}, {18, 620},
};

/* Redraws before giving up: one draw fails with probability <= 2^-64
 * (x == 2^(2n-1) exactly, or x >= p - 1 for a full-length exponent). */
#define ES_DH_MAX_DRAWS 8

esession_status es_dh_exponent_bits(const es_group *group, unsigned block_bits,
                                    unsigned *bits)
{
	ES_ENSURE(group != NULL && bits != NULL, ESESSION_EINVAL);
	/* XEP-0116 §"ESession Request (Alice)": 2^(2n-1) < x < p - 1 must leave
	 * room, so 2n must stay below the bit length of p. */
	ES_ENSURE(block_bits > 0 && block_bits < es_group_bits(group) / 2,
	          ESESSION_EINVAL);
	unsigned len = 0;
	for (size_t i = 0; i < ES_ARRAY_LEN(es_dh_exponent_table); i++) {
		if (es_dh_exponent_table[i].group == es_group_number(group))
			len = es_dh_exponent_table[i].bits;
	}
	/* Every supported group has an entry; a group without one would
	 * get full-length exponents, never shorter ones. */
	if (len == 0)
		len = es_group_bits(group);
	if (len < 2 * block_bits)
		len = 2 * block_bits;
	*bits = len;
	return ESESSION_OK;
}

/*
 * XEP-0116 §"ESession Request (Alice)": "a secret random number x (where
 * 2^(2n-1) < x < p - 1)". Returns ESESSION_EDH_EXPONENT otherwise.
 * gcry_mpi_cmp() decides on the limb counts first and then on the most
 * significant differing limb; for generated exponents (length fixed by the
 * table, far below p) that reveals nothing beyond x's public length.
 */
static esession_status es_dh_check_exponent(const es_group *group,
                                            unsigned block_bits, gcry_mpi_t x)
{
	esession_status st = ESESSION_OK;
	gcry_mpi_t bound = gcry_mpi_new(0);
	gcry_mpi_t p = NULL;

	gcry_mpi_set_bit(bound, 2 * block_bits - 1);
	if (gcry_mpi_cmp(x, bound) <= 0) {
		st = ESESSION_EDH_EXPONENT;
		goto out;
	}
	st = es_group_p(group, &p);
	if (st != ESESSION_OK)
		goto out;
	gcry_mpi_sub_ui(p, p, 1);
	if (gcry_mpi_cmp(x, p) >= 0)
		st = ESESSION_EDH_EXPONENT;
out:
	gcry_mpi_release(bound);
	gcry_mpi_release(p);
	return st;
}

/* A new es_dh owning the secret exponent x (taken over on success). */
static esession_status es_dh_finish(es_dh **dh, const es_group *group,
                                    unsigned block_bits, gcry_mpi_t *x)
{
	esession_status st = ESESSION_OK;
	gcry_mpi_t g = NULL;
	gcry_mpi_t p = NULL;
	es_dh *d = calloc(1, sizeof *d);
	ES_ENSURE(d != NULL, ESESSION_ENOMEM);

	st = es_group_g(group, &g);
	if (st != ESESSION_OK)
		goto out;
	st = es_group_p(group, &p);
	if (st != ESESSION_OK)
		goto out;
	d->group = group;
	d->block_bits = block_bits;
	d->x = *x;
	*x = NULL;
	/* XEP-0116 §"ESession Request (Alice)": "e = g^(x) mod p". A secure
	 * exponent makes libgcrypt keep its exponent-dependent window table
	 * in secure memory; see spec/dh-exponent.md on powm timing. */
	d->e = gcry_mpi_new(0);
	gcry_mpi_powm(d->e, g, d->x, p);
	*dh = d;
	d = NULL;
out:
	gcry_mpi_release(g);
	gcry_mpi_release(p);
	es_dh_free(d);
	return st;
}

esession_status es_dh_generate(es_dh **dh, es_rng *rng, const es_group *group,
                               unsigned block_bits)
{
	ES_ENSURE(dh != NULL && group != NULL, ESESSION_EINVAL);
	unsigned bits = 0;
	ES_GUARD(es_dh_exponent_bits(group, block_bits, &bits));

	esession_status st = ESESSION_OK;
	es_secbuf raw = ES_SECBUF_INIT;
	gcry_mpi_t x = NULL;
	size_t nbytes = ((size_t)bits + 7u) / 8u;
	unsigned top_bits = bits - 8u * (unsigned)(nbytes - 1); /* 1..8 */

	st = es_secbuf_alloc(&raw, nbytes);
	if (st != ESESSION_OK)
		goto out;
	for (int draw = 0; draw < ES_DH_MAX_DRAWS; draw++) {
		/* An ephemeral exponent is a session secret: libgcrypt's
		 * GCRY_STRONG_RANDOM level (VERY_STRONG is for long-term keys
		 * and costs milliseconds per draw). */
		st = es_rng_bytes(rng, ES_RNG_SECRET, raw.data, raw.len);
		if (st != ESESSION_OK)
			goto out;
		/* Exactly `bits` bits with the top one set: x >= 2^(bits-1)
		 * >= 2^(2n-1), so the XEP's lower bound can fail only for
		 * x == 2^(2n-1) itself. */
		raw.data[0] =
		    (uint8_t)(raw.data[0] & (0xffu >> (8 - top_bits)));
		raw.data[0] = (uint8_t)(raw.data[0] | (1u << (top_bits - 1)));
		gcry_mpi_release(x);
		x = NULL;
		/* Decoded from secure memory, x is a secure MPI. */
		st = es_mpi_decode(&x, raw.data, raw.len);
		if (st != ESESSION_OK)
			goto out;
		st = es_dh_check_exponent(group, block_bits, x);
		if (st != ESESSION_EDH_EXPONENT)
			break;
	}
	if (st == ESESSION_EDH_EXPONENT)
		st = ESESSION_ECRYPTO; /* the generator is broken */
	if (st != ESESSION_OK)
		goto out;
	st = es_dh_finish(dh, group, block_bits, &x);
out:
	gcry_mpi_release(x);
	es_secbuf_free(&raw);
	return st;
}

esession_status es_dh_from_exponent(es_dh **dh, const es_group *group,
                                    unsigned block_bits, const uint8_t *x,
                                    size_t x_len)
{
	ES_ENSURE(dh != NULL && group != NULL, ESESSION_EINVAL);
	ES_ENSURE(x != NULL || x_len == 0, ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	unsigned bits = 0;
	ES_GUARD(es_dh_exponent_bits(group, block_bits, &bits));
	ES_GUARD(es_mpi_check_canonical(x, x_len));

	esession_status st = ESESSION_OK;
	es_secbuf copy = ES_SECBUF_INIT;
	gcry_mpi_t xv = NULL;
	/* Copy first: decoding from secure memory gives a secure MPI. */
	st = es_secbuf_copy(&copy, x, x_len);
	if (st != ESESSION_OK)
		goto out;
	st = es_mpi_decode(&xv, copy.data, copy.len);
	if (st != ESESSION_OK)
		goto out;
	st = es_dh_check_exponent(group, block_bits, xv);
	if (st != ESESSION_OK)
		goto out;
	st = es_dh_finish(dh, group, block_bits, &xv);
out:
	gcry_mpi_release(xv);
	es_secbuf_free(&copy);
	return st;
}

const es_group *es_dh_group(const es_dh *dh)
{
	return dh->group;
}

esession_status es_dh_public(const es_dh *dh, uint8_t *out, size_t cap,
                             size_t *len)
{
	ES_ENSURE(dh != NULL, ESESSION_EINVAL);
	return es_mpi_encode(dh->e, out, cap, len);
}

/* Encoding, length and range checks of a received value; on success *v is
 * the decoded value, owned by the caller. */
static esession_status es_dh_decode_public(const es_group *group,
                                           const uint8_t *buf, size_t len,
                                           gcry_mpi_t *v)
{
	ES_ENSURE(group != NULL, ESESSION_EINVAL);
	/* XEP-0116 §"Multiple-Precision Integers": a conforming sender never
	 * sends a leading zero octet or an empty value. */
	ES_GUARD(es_mpi_check_canonical(buf, len));
	/* Canonical and longer than p: certainly >= p. Refused before any
	 * allocation sized by the attacker. */
	ES_ENSURE(len <= es_group_p_len(group), ESESSION_EDH_RANGE);

	gcry_mpi_t value = NULL;
	ES_GUARD(es_mpi_decode(&value, buf, len));
	/* XEP-0116 §"ESession Response (Bob)": "1 < e < p - 1";
	 * §"ESession Accept (Alice)": "1 < d < p - 1". */
	esession_status st = es_group_check_range(group, value);
	if (st != ESESSION_OK) {
		gcry_mpi_release(value);
		return st;
	}
	*v = value;
	return ESESSION_OK;
}

esession_status es_dh_check_public(const es_group *group, const uint8_t *v,
                                   size_t len)
{
	gcry_mpi_t value = NULL;
	ES_GUARD(es_dh_decode_public(group, v, len, &value));
	gcry_mpi_release(value);
	return ESESSION_OK;
}

esession_status es_dh_compute_shared(const es_dh *dh, const uint8_t *peer,
                                     size_t peer_len, es_secbuf *shared)
{
	ES_ENSURE(dh != NULL && shared != NULL, ESESSION_EINVAL);
	esession_status st = ESESSION_OK;
	gcry_mpi_t peer_v = NULL;
	gcry_mpi_t p = NULL;
	gcry_mpi_t k = NULL;

	st = es_dh_decode_public(dh->group, peer, peer_len, &peer_v);
	if (st != ESESSION_OK)
		goto out;
	st = es_group_p(dh->group, &p);
	if (st != ESESSION_OK)
		goto out;
	k = gcry_mpi_snew(es_group_bits(dh->group));
	gcry_mpi_powm(k, peer_v, dh->x, p);
	/* With both inputs range-checked the result is outside {0, 1, p-1}
	 * unless x is a multiple of q = (p-1)/2; refuse it all the same
	 * rather than derive keys from a value an attacker can predict. */
	st = es_group_check_range(dh->group, k);
	if (st != ESESSION_OK)
		goto out;
	st = es_mpi_encode_secret(k, shared);
out:
	gcry_mpi_release(peer_v);
	gcry_mpi_release(p);
	gcry_mpi_release(k); /* libgcrypt wipes a secure MPI's limbs */
	return st;
}

esession_status es_dh_export_exponent(const es_dh *dh, es_secbuf *x)
{
	ES_ENSURE(dh != NULL && x != NULL, ESESSION_EINVAL);
	return es_mpi_encode_secret(dh->x, x);
}

void es_dh_free(es_dh *dh)
{
	if (dh == NULL)
		return;
	gcry_mpi_release(dh->x);
	gcry_mpi_release(dh->e);
	free(dh);
}
