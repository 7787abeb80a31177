/*
 * key_der_write.h - DER encoding of the structures that hold secret key
 * components, written directly into secure memory.
 *
 * Why not libtasn1: asn1_write_value() copies an INTEGER into two
 * temporary heap blocks and an OCTET STRING into one, and frees them
 * without wiping them (measured with libtasn1 4.19; docs/keys.md
 * "Memory"). The structures below are fixed sequences of INTEGERs and one
 * OCTET STRING, so they are written here instead, by the X.690 §8.1.3
 * (definite length, fewest octets) and §8.3 (two's complement INTEGER,
 * fewest octets) rules. The public structures (SubjectPublicKeyInfo,
 * RSAPublicKey, AlgorithmIdentifier, Dss-Parms) still go through
 * libtasn1, and the key-file tests check every output of both writers
 * against python3-cryptography's encoding byte for byte.
 */
#ifndef ES_KEYS_KEY_DER_WRITE_H
#define ES_KEYS_KEY_DER_WRITE_H

#include "es_internal.h"
#include "secmem.h"
#include "sign.h"

/*
 * es_der_write_uints - SEQUENCE { INTEGER v[0], ..., INTEGER v[n-1] }
 * (with n == 1 and `bare`, the single INTEGER without the SEQUENCE) into a
 * new secure buffer *out owned by the caller. Each v[i] is a non-negative
 * integer in canonical unsigned form; the empty string is zero.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_der_write_uints(const es_bytes *v, size_t n,
                                                 bool bare, es_secbuf *out);

/*
 * es_der_write_pkcs8 - RFC 5208 §5 PrivateKeyInfo { version 0,
 * privateKeyAlgorithm (the DER in alg, copied verbatim), privateKey
 * OCTET STRING (key) } into a new secure buffer *out owned by the caller.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_der_write_pkcs8(const es_bytes *alg,
                                                 const es_bytes *key,
                                                 es_secbuf *out);

#endif
