/*
 * key_der.h - DER key files: PKCS#1 RSAPrivateKey and RSAPublicKey
 * (RFC 8017 Appendix A.1), PKCS#8 PrivateKeyInfo version 0 (RFC 5208 §5)
 * and SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), for rsaEncryption
 * (RFC 8017 Appendix A.1) and id-dsa (RFC 3279 §2.3.2) keys. The ASN.1
 * types are those of spec/esession-keys.asn; libtasn1 decodes and encodes
 * them, after es_der_check() has made sure the input is strict DER.
 */
#ifndef ES_KEYS_KEY_DER_H
#define ES_KEYS_KEY_DER_H

#include "es_internal.h"
#include "secmem.h"
#include "sign.h"

/* The structures of a key file. */
typedef enum es_key_der_type {
	ES_KEY_DER_ANY = 0,     /* decoding only: recognised from the shape */
	ES_KEY_DER_RSA_PUBLIC,  /* PKCS#1 RSAPublicKey */
	ES_KEY_DER_RSA_PRIVATE, /* PKCS#1 RSAPrivateKey, two-prime */
	ES_KEY_DER_PKCS8,       /* PKCS#8 PrivateKeyInfo, unencrypted */
	ES_KEY_DER_SPKI         /* SubjectPublicKeyInfo */
} es_key_der_type;

/* Algorithm identifiers: rsaEncryption (RFC 8017 Appendix A.1, parameters
 * NULL) and id-dsa (RFC 3279 §2.3.2, parameters Dss-Parms), in the dotted
 * form libtasn1 reads and writes. */
#define ES_OID_RSA_ENCRYPTION "1.2.840.113549.1.1.1"
#define ES_OID_DSA            "1.2.840.10040.4.1"

/* Key files larger than this are refused before any parsing: the largest
 * key we accept (RSA 8192 bits, PKCS#8 in PEM) is about 6.5 KiB. */
#define ES_KEY_FILE_MAX_LEN (16u * 1024u)

/*
 * es_key_der_decode - the key in der[0..len), which holds a structure of
 * `type` (ES_KEY_DER_ANY: whichever of the four the shape shows).
 *
 * key:  receives a new key owned by the caller; untouched on failure.
 *       Secret components are read from libtasn1 straight into secure
 *       memory; the libtasn1 structures holding them are zeroized.
 *
 * Refusals, by kind:
 *   ESESSION_EDER_TRUNCATED  the input ends inside an element (also an
 *                            inner DER value: an OCTET or BIT STRING
 *                            holding a cut-off element)
 *   ESESSION_EDER            not strict DER (BER lengths, non-minimal
 *                            INTEGERs, trailing bytes, ...)
 *   ESESSION_EKEY_FORMAT     not a structure of `type`; an encrypted
 *                            PKCS#8; RSAPrivateKey version other than 0
 *                            (multi-prime); PKCS#8 version other than 0,
 *                            or with attributes; an algorithm other than
 *                            rsaEncryption and id-dsa, or its parameters
 *                            not NULL / Dss-Parms
 *   ESESSION_EKEY            a negative or zero component; inconsistent
 *                            parts (CRT exponents included); sizes outside
 *                            those es_sign_key_from_rsa/_dsa accept
 * and ESESSION_EINVAL, ESESSION_ENOMEM, ESESSION_ENOTINIT,
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_key_der_decode(const uint8_t *der, size_t len,
                                                es_key_der_type type,
                                                es_sign_key **key);

/*
 * es_key_der_encode - key as a DER structure of `type` (not
 * ES_KEY_DER_ANY) into a new secure buffer *out owned by the caller.
 * RSAPrivateKey primes come in the order prime1 < prime2, with exponent1,
 * exponent2 and coefficient computed for that order.
 *
 * Returns ESESSION_OK; ESESSION_EKEY (a private structure asked of a
 * public key); ESESSION_EKEY_FORMAT (a PKCS#1 structure asked of a DSA
 * key); ESESSION_EINVAL; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_key_der_encode(const es_sign_key *key,
                                                es_key_der_type type,
                                                es_secbuf *out);

#endif
