/*
 * sign_parts.h - key components that key files carry but es_sign_key does
 * not keep: the RSA CRT exponents of a PKCS#1 RSAPrivateKey and the DSA
 * public value y, which an unencrypted PKCS#8 DSA key omits.
 *
 * All arithmetic stays in the crypto layer (the only code that includes
 * <gcrypt.h>); callers pass and receive canonical big-endian octet strings
 * (the es_bytes / es_secbuf forms of sign.h). Secret inputs and outputs
 * are decoded into and encoded from libgcrypt secure memory.
 * This header has no libgcrypt types.
 */
#ifndef ES_CRYPTO_SIGN_PARTS_H
#define ES_CRYPTO_SIGN_PARTS_H

#include "sign.h"

/*
 * es_sign_rsa_crt_exponents - RFC 8017 §3.2 dP = d mod (p - 1) and
 * dQ = d mod (q - 1), the exponent1 and exponent2 of an RSAPrivateKey, for
 * the primes in the order given (prime1 = p, prime2 = q).
 *
 * d, p, q:  canonical encodings (non-empty, no leading zero octet), at most
 *           ES_SIGN_RSA_MAX_BITS / 8 octets each; p, q > 2.
 * dp, dq:   receive new secure buffers (canonical encodings; zero encodes
 *           as the empty string) owned by the caller; both untouched on
 *           failure. Not constant-time: run once per key-file read or write.
 *
 * Returns ESESSION_OK, ESESSION_EKEY (a component not canonical, too long,
 * or a prime <= 2), ESESSION_EINVAL (NULL argument), ESESSION_ENOTINIT,
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sign_rsa_crt_exponents(const es_bytes *d,
                                                        const es_bytes *p,
                                                        const es_bytes *q,
                                                        es_secbuf *dp,
                                                        es_secbuf *dq);

/*
 * es_sign_dsa_public_value - y = g^x mod p, the public value of the DSA
 * private key x in the domain (p, g).
 *
 * The caller bounds the sizes first (x no longer than q, p of an accepted
 * size), since the cost is that of one modular exponentiation; the result
 * is checked again, with the whole key, by es_sign_key_from_dsa().
 *
 * y:  receives a new buffer (canonical encoding) owned by the caller; an
 *     es_secbuf only so that one type serves every component. Untouched on
 *     failure.
 *
 * Returns ESESSION_OK, ESESSION_EKEY (a component not canonical or too
 * long, p even or < 3), ESESSION_EINVAL, ESESSION_ENOTINIT,
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sign_dsa_public_value(const es_bytes *p,
                                                       const es_bytes *g,
                                                       const es_bytes *x,
                                                       es_secbuf *y);

#endif
