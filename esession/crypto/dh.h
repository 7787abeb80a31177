/*
 * dh.h - Diffie-Hellman in the MODP groups, as XEP-0116 uses it.
 *
 * XEP-0116 §"ESession Request (Alice)" (and for Bob's y, §"ESession Response
 * (Bob)"):
 *
 *   Generate: a secret random number x (where 2^(2n-1) < x < p - 1)
 *   Calculate: e = g^(x) mod p
 *
 * where n is the block size in bits of the largest-block cipher offered
 * (128 for every cipher esession supports), and every received value v is
 * checked "1 < v < p - 1". The shared secret is K' = d^x mod p (Alice) or
 * e^y mod p (Bob), handed out in its canonical MPI encoding
 * (XEP-0116 §"Multiple-Precision Integers"); the caller hashes it
 * (K = HASH(K')) with the negotiated hash.
 *
 * Exponent length: x is drawn with exactly es_dh_exponent_bits() bits (top
 * bit set), chosen per group from the measurements and argument in
 * spec/dh-exponent.md; it is never shorter than 2n bits, and x > 2^(2n-1)
 * as the XEP requires.
 *
 * This header has no libgcrypt types; values travel as byte strings.
 */
#ifndef ES_CRYPTO_DH_H
#define ES_CRYPTO_DH_H

#include "es_internal.h"
#include "groups.h"
#include "rng.h"
#include "secmem.h"

/* One side's Diffie-Hellman key pair in one group: the secret exponent (in
 * secure memory) and the public value e = g^x mod p. */
typedef struct es_dh es_dh;

/* The block size n, in bits, of every cipher XEP-0116 §"Block Cipher
 * Algorithms" lists (AES, Twofish and Serpent in CTR mode): all are 128-bit
 * block ciphers. */
#define ES_DH_CIPHER_BLOCK_BITS 128u

/*
 * es_dh_exponent_bits - the bit length of the secret exponents esession
 * generates in `group` when the largest offered cipher block is
 * `block_bits` bits: max(table value of spec/dh-exponent.md, 2n).
 *
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL argument, block_bits 0 or so
 * large that 2^(2n-1) < x < p-1 has no room: 2n >= bits of p).
 */
ES_MUST_CHECK esession_status es_dh_exponent_bits(const es_group *group,
                                                  unsigned block_bits,
                                                  unsigned *bits);

/*
 * es_dh_generate - a new key pair with a fresh secret exponent.
 *
 * dh:          receives the key pair, owned by the caller (es_dh_free()).
 *              Untouched on failure.
 * rng:         NULL in production (libgcrypt, GCRY_STRONG_RANDOM via
 *              ES_RNG_SECRET: an ephemeral session secret); a
 *              deterministic test generator for vectors.
 * block_bits:  n, the cipher block size in bits (ES_DH_CIPHER_BLOCK_BITS).
 *
 * The exponent has exactly es_dh_exponent_bits() bits, its top bit set,
 * and is redrawn in the (negligible) cases where it would violate
 * 2^(2n-1) < x < p - 1.
 *
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOTINIT, ESESSION_ENOMEM,
 * ESESSION_ECRYPTO (libgcrypt failure, or the generator produced only
 * out-of-range exponents, which a working generator never does).
 */
ES_MUST_CHECK esession_status es_dh_generate(es_dh **dh, es_rng *rng,
                                             const es_group *group,
                                             unsigned block_bits);

/*
 * es_dh_from_exponent - a key pair from a caller-given exponent (test
 * vectors, replay of recorded sessions).
 *
 * x, x_len:  the exponent's canonical MPI encoding (big-endian, no leading
 *            zero octet). Copied into secure memory; the caller wipes its
 *            own copy.
 *
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL argument, bad block_bits),
 * ESESSION_EMPI (x empty or with a leading zero octet),
 * ESESSION_EDH_EXPONENT (not 2^(2n-1) < x < p - 1), ESESSION_ENOTINIT,
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_dh_from_exponent(es_dh **dh,
                                                  const es_group *group,
                                                  unsigned block_bits,
                                                  const uint8_t *x,
                                                  size_t x_len);

/* The group the key pair belongs to. */
const es_group *es_dh_group(const es_dh *dh);

/*
 * es_dh_public - the public value e = g^x mod p in canonical MPI encoding
 * (what XEP-0116 base64-encodes into "dhkeys" and hashes into He).
 *
 * out, cap:  destination; es_group_p_len() octets always suffice.
 * len:       receives the encoded length (0 on failure).
 *
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EBUFSIZE,
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_dh_public(const es_dh *dh, uint8_t *out,
                                           size_t cap, size_t *len);

/*
 * es_dh_check_public - validate a received public value (e or d) given in
 * its encoding: first the encoding (canonical, XEP-0116 §"Multiple-Precision
 * Integers"), then the range 1 < v < p - 1 (§"ESession Response (Bob)" for e,
 * §"ESession Accept (Alice)" for d).
 *
 * Returns ESESSION_OK, ESESSION_EMPI (empty, or a leading zero octet),
 * ESESSION_EDH_RANGE (v <= 1, v >= p - 1, including any value longer than
 * p), ESESSION_EINVAL, ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_dh_check_public(const es_group *group,
                                                 const uint8_t *v, size_t len);

/*
 * es_dh_compute_shared - the shared secret K' = peer^x mod p.
 *
 * peer, peer_len:  the other side's public value, checked with
 *                  es_dh_check_public() before use.
 * shared:          receives K' in canonical MPI encoding in a new es_secbuf
 *                  owned by the caller (es_secbuf_free()). Untouched on
 *                  failure.
 *
 * As a last line of defence a result <= 1 or == p - 1 is refused with
 * ESESSION_EDH_RANGE (it happens only for an exponent that is a multiple of
 * q = (p-1)/2, which es_dh_generate() never draws).
 *
 * Returns ESESSION_OK, ESESSION_EMPI, ESESSION_EDH_RANGE, ESESSION_EINVAL,
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_dh_compute_shared(const es_dh *dh,
                                                   const uint8_t *peer,
                                                   size_t peer_len,
                                                   es_secbuf *shared);

/*
 * es_dh_export_exponent - the secret exponent x in canonical MPI encoding,
 * into a new es_secbuf owned by the caller. Exists for vector generation
 * (a vector records every random input); protocol code never calls it.
 *
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_dh_export_exponent(const es_dh *dh,
                                                    es_secbuf *x);

/* Wipe and release. Safe on NULL. */
void es_dh_free(es_dh *dh);

#endif
