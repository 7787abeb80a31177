/*
 * sign.h - public-key signatures for XEP-0116 identity proof.
 *
 * XEP-0116 §"ESession Response (Bob)" / §"ESession Accept (Alice)": when
 * public keys are
 * used, each side signs its HMAC result (sign_B = SIGN(signKey_B, mac_B),
 * sign_A = SIGN(signKey_A, mac_A)) "as specified in XML Signature except
 * that it is signature of the HMAC result, not of a <SignedInfo/> element".
 * §"Key Signing Algorithms" names two algorithms:
 *
 *   rsa-sha256  RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) with SHA-256;
 *               SignatureValue = the signature octet string S, exactly as
 *               long as the modulus n (XML-Signature §6.4.2).
 *   dsa-sha256  DSA (FIPS 186-4) with SHA-256; SignatureValue = r || s,
 *               each left-padded with zero octets to the byte length of q
 *               (XML-Signature §6.4.1, which fixes 20 octets each for
 *               160-bit q; see spec/ambiguities.md "DSA SignatureValue
 *               layout for q longer than 160 bits").
 *
 * DSA signing derives its nonce k deterministically (RFC 6979 with
 * SHA-256), so a signature depends only on the key and the data: no
 * randomness failure can leak x, and vectors are reproducible.
 *
 * Keys are built from their components as big-endian octet strings
 * (XML-Signature CryptoBinary, the same rule as XEP-0116 §"Multiple-
 * Precision Integers": no leading zero octet), the form the <KeyValue/>
 * reader and key-file readers produce. This header has no libgcrypt types.
 */
#ifndef ES_CRYPTO_SIGN_H
#define ES_CRYPTO_SIGN_H

#include "es_internal.h"
#include "secmem.h"

typedef enum es_sign_alg {
	ES_SIGN_RSA_SHA256 = 1, /* XEP-0116: ...xmldsig#rsa-sha256 */
	ES_SIGN_DSA_SHA256 = 2  /* XEP-0116: ...xmldsig#dsa-sha256 */
} es_sign_alg;

/* A borrowed byte string; len == 0 means "absent". */
typedef struct es_bytes {
	const uint8_t *data;
	size_t len;
} es_bytes;

/*
 * RSA key components. n and e are the <RSAKeyValue/> Modulus and Exponent.
 * The private part is either wholly absent (a public key) or d, p and q
 * are all present; u is optional and, when present, is the RFC 8017
 * coefficient qInv = q^-1 mod p for the p and q given (as in a PKCS#1
 * RSAPrivateKey); it is checked, and recomputed when absent.
 */
typedef struct es_rsa_parts {
	es_bytes n, e;
	es_bytes d, p, q, u;
} es_rsa_parts;

/* DSA key components: the <DSAKeyValue/> P, Q, G, Y and, for a private
 * key, x. */
typedef struct es_dsa_parts {
	es_bytes p, q, g, y;
	es_bytes x;
} es_dsa_parts;

/* Sizes accepted for a key (either side's): RSA modulus 2048..8192 bits;
 * DSA (L, N) = (2048, 224), (2048, 256) or (3072, 256) as FIPS 186-4
 * §4.2 allows with SHA-256. Smaller keys are refused as too weak, larger
 * ones as a denial-of-service risk. */
#define ES_SIGN_RSA_MIN_BITS 2048u
#define ES_SIGN_RSA_MAX_BITS 8192u

/* A public or private signature key. Opaque; private parts live in
 * libgcrypt's secure memory. */
typedef struct es_sign_key es_sign_key;

/*
 * es_sign_key_from_rsa - build an RSA key from its components.
 *
 * key:    receives the key, owned by the caller (es_sign_key_free()).
 *         Untouched on failure. The component bytes are copied; private
 *         ones are copied straight into secure memory.
 *
 * Checks: every present component canonical (non-empty, no leading zero
 * octet); n odd and 2048..8192 bits; e odd, 3 <= e < n; for a private key
 * p * q == n, u (if given) == q^-1 mod p, and a sign/verify pairwise test
 * with the key.
 *
 * Returns ESESSION_OK, ESESSION_EKEY (any check failed, or a partial
 * private part), ESESSION_EINVAL (NULL argument), ESESSION_ENOTINIT,
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sign_key_from_rsa(es_sign_key **key,
                                                   const es_rsa_parts *parts);

/*
 * es_sign_key_from_dsa - build a DSA key from its components.
 *
 * Checks: every present component canonical; (bits of p, bits of q) one of
 * the sizes above; q prime and q | p - 1; 1 < g < p and g^q = 1 mod p;
 * 1 < y < p and y^q = 1 mod p (y in the order-q subgroup); for a private
 * key 0 < x < q, g^x = y mod p and a sign/verify pairwise test.
 *
 * Same ownership and statuses as es_sign_key_from_rsa().
 */
ES_MUST_CHECK esession_status es_sign_key_from_dsa(es_sign_key **key,
                                                   const es_dsa_parts *parts);

/*
 * es_sign_key_generate - a new private key, from libgcrypt's
 * GCRY_VERY_STRONG_RANDOM generator (never from a test RNG: key generation
 * is for the keygen tool and tests, vectors use fixed keys).
 *
 * bits:  RSA: the modulus size, 2048..8192 and a multiple of 8; the public
 *        exponent is 65537. DSA: 2048 (q of 256 bits) or 3072 (q of 256
 *        bits).
 *
 * Returns ESESSION_OK, ESESSION_EUNSUPPORTED (unknown algorithm or size),
 * ESESSION_EINVAL, ESESSION_ENOTINIT, ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sign_key_generate(es_sign_key **key,
                                                   es_sign_alg alg,
                                                   unsigned bits);

/*
 * es_sign_key_copy - a new key with the same public part and, when
 * with_private is true and key has one, the same private part (checked
 * again as es_sign_key_from_rsa / _dsa check it).
 * Returns the statuses of es_sign_key_part and es_sign_key_from_rsa.
 */
ES_MUST_CHECK esession_status es_sign_key_copy(const es_sign_key *key,
                                               bool with_private,
                                               es_sign_key **out);

/* Wipe and release. Safe on NULL. */
void es_sign_key_free(es_sign_key *key);

es_sign_alg es_sign_key_alg(const es_sign_key *key);

/* True for a key with its private part. */
bool es_sign_key_has_private(const es_sign_key *key);

/* Size in bits of the modulus (RSA n) or of p (DSA). */
unsigned es_sign_key_bits(const es_sign_key *key);

/* The components es_sign_key_part() hands out. */
typedef enum es_key_part {
	ES_KEY_RSA_N,
	ES_KEY_RSA_E,
	ES_KEY_RSA_D,
	ES_KEY_RSA_P, /* the smaller prime */
	ES_KEY_RSA_Q, /* the larger prime */
	ES_KEY_RSA_U, /* RFC 8017 qInv = q^-1 mod p for the P and Q above */
	ES_KEY_DSA_P,
	ES_KEY_DSA_Q,
	ES_KEY_DSA_G,
	ES_KEY_DSA_Y,
	ES_KEY_DSA_X
} es_key_part;

/*
 * es_sign_key_part - one component in canonical encoding (for <KeyValue/>
 * and key files), into a new es_secbuf owned by the caller. Public parts
 * come in an es_secbuf too, so one type serves both.
 *
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL argument, or a part of the
 * other algorithm), ESESSION_EKEY (a private part of a public key),
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sign_key_part(const es_sign_key *key,
                                               es_key_part part,
                                               es_secbuf *out);

/* Length in octets of this key's signature values: the byte length of n
 * (RSA) or twice the byte length of q (DSA). */
size_t es_sign_signature_len(const es_sign_key *key);

/*
 * es_sign_create - sign data[0..len) (the HMAC result mac_A or mac_B).
 *
 * sig, cap:  destination; at least es_sign_signature_len() octets.
 * sig_len:   receives es_sign_signature_len() (0 on failure).
 *
 * Returns ESESSION_OK, ESESSION_EKEY (a public key), ESESSION_EBUFSIZE,
 * ESESSION_EINVAL, ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sign_create(const es_sign_key *key,
                                             const uint8_t *data, size_t len,
                                             uint8_t *sig, size_t cap,
                                             size_t *sig_len);

/*
 * es_sign_verify - verify a signature value over data[0..len) with the
 * public part of key.
 *
 * Any signature value of the wrong length, with an integer out of range
 * (RSA: s >= n; DSA: r or s not in 0 < . < q) or that does not verify is
 * refused with the one status ESESSION_ESIGNATURE.
 *
 * Returns ESESSION_OK, ESESSION_ESIGNATURE, ESESSION_EINVAL,
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sign_verify(const es_sign_key *key,
                                             const uint8_t *data, size_t len,
                                             const uint8_t *sig,
                                             size_t sig_len);

#endif
