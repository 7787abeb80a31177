/*
 * mpi.h - XEP-0116 §"Multiple-Precision Integers": the one byte encoding of
 * big integers used for every value the protocol hashes, MACs or base64-
 * encodes.
 *
 *   "the integer MUST first be converted to a 'big endian' bitstring. The
 *    bitstring MUST then be padded with leading zero bits so that there are
 *    an integral number of octets. Finally, if the integer is not of fixed
 *    bit-length (i.e. not a hash or HMAC result) and the bitstring contains
 *    leading octets that are zero, these MUST be removed (so the high-order
 *    octet is non-zero)."
 *
 * The encoding is unsigned: an integer whose top bit is set (first octet
 * >= 0x80) gets no sign octet. Zero encodes as the empty string (its one
 * padded octet is a leading zero octet, which the rule removes); see
 * spec/ambiguities.md "Encoding of zero".
 *
 * Uses libgcrypt types: include it only from the .c files of esession/crypto/
 * (and the crypto unit tests).
 */
#ifndef ES_CRYPTO_MPI_H
#define ES_CRYPTO_MPI_H

#include "es_internal.h"
#include "secmem.h"

#include <gcrypt.h>

/*
 * es_mpi_check_canonical - whether buf[0..len) is the canonical encoding of
 * a positive integer: at least one octet and no leading zero octet.
 *
 * Every integer we receive (DH values e and d, key components) must be
 * positive, so the empty string (zero) is refused as well: a value with a
 * leading zero octet or an empty value is not what a conforming sender
 * produces, and accepting it would give one integer two encodings (and two
 * different hashes He = SHA256(e)).
 *
 * Returns ESESSION_OK, ESESSION_EMPI (empty, or leading zero octet),
 * ESESSION_EINVAL (buf NULL with len > 0).
 */
ES_MUST_CHECK esession_status es_mpi_check_canonical(const uint8_t *buf,
                                                     size_t len);

/*
 * es_mpi_decode - strict decoder: the canonical encoding of a positive
 * integer (es_mpi_check_canonical()) to a new MPI.
 *
 * out:  receives the MPI, owned by the caller (gcry_mpi_release()); it is in
 *       secure memory when buf is (libgcrypt allocates the MPI where the
 *       buffer lives), so secrets are decoded from an es_secbuf. Untouched
 *       on failure.
 *
 * Returns ESESSION_OK, ESESSION_EMPI, ESESSION_EINVAL (NULL argument),
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_mpi_decode(gcry_mpi_t *out, const uint8_t *buf,
                                            size_t len);

/*
 * es_mpi_decode_fixed - decoder for integers of fixed bit-length (the
 * halves r and s of a DSA signature value): leading zero octets are part of
 * the encoding and accepted; len must be at least 1.
 *
 * Same ownership and secure-memory rule as es_mpi_decode().
 *
 * Returns ESESSION_OK, ESESSION_EMPI (len == 0), ESESSION_EINVAL,
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_mpi_decode_fixed(gcry_mpi_t *out,
                                                  const uint8_t *buf,
                                                  size_t len);

/* Length in octets of the canonical encoding of v >= 0 (0 for zero). */
size_t es_mpi_encoded_len(gcry_mpi_t v);

/*
 * es_mpi_encode - canonical encoding of v >= 0 into out[0..cap).
 *
 * len:  receives the number of octets written (es_mpi_encoded_len(v); 0
 *       for zero). On failure out is unspecified and *len is 0.
 *
 * Returns ESESSION_OK, ESESSION_EBUFSIZE (cap too small),
 * ESESSION_EINVAL (NULL argument, or v negative), ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_mpi_encode(gcry_mpi_t v, uint8_t *out,
                                            size_t cap, size_t *len);

/*
 * es_mpi_encode_secret - canonical encoding of a secret v >= 0 into a new
 * es_secbuf (the shared secret, an exponent). The caller owns *out and
 * releases it with es_secbuf_free(); it is untouched on failure. No copy of
 * the value is left outside secure memory.
 *
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL argument, v negative),
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_mpi_encode_secret(gcry_mpi_t v,
                                                   es_secbuf *out);

/*
 * es_mpi_encode_fixed - v >= 0 as exactly len octets, left-padded with
 * zero octets (fixed bit-length integers: DSA r and s).
 *
 * Returns ESESSION_OK, ESESSION_EBUFSIZE (v needs more than len octets),
 * ESESSION_EINVAL (NULL argument, v negative), ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_mpi_encode_fixed(gcry_mpi_t v, uint8_t *out,
                                                  size_t len);

#endif
