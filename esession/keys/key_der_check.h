/*
 * key_der_check.h - strict DER well-formedness (ITU-T X.690 §10) of a key
 * file, checked before libtasn1 sees it, and the key-file structure the
 * outer SEQUENCE has.
 *
 * libtasn1 4.19's asn1_der_decoding2() with ASN1_DECODE_FLAG_STRICT_DER
 * refuses indefinite lengths, constructed strings and trailing bytes, but
 * accepts a non-minimal length on the outer element, non-minimal, empty
 * and negative INTEGERs, and reports truncation as any other error
 * (docs/keys.md "Strict DER"). This walker closes those gaps and tells a
 * truncated file (ESESSION_EDER_TRUNCATED) from a malformed one
 * (ESESSION_EDER). It reads only tags, lengths and, for INTEGERs, the
 * first two content octets (the facts the length of a minimal encoding
 * already shows), never the rest of a secret.
 */
#ifndef ES_KEYS_KEY_DER_CHECK_H
#define ES_KEYS_KEY_DER_CHECK_H

#include "es_internal.h"

/*
 * es_der_check - whether der[0..len) is exactly one DER element:
 *   - single-octet tags (no high-tag-number form);
 *   - definite lengths in the minimal number of octets (X.690 §10.1);
 *   - SEQUENCE and SET constructed; INTEGER, BOOLEAN, NULL, OBJECT
 *     IDENTIFIER, BIT STRING and OCTET STRING primitive (§10.2);
 *   - INTEGER non-empty and minimal (§8.3.2); BOOLEAN one octet 00 or FF
 *     (§11.1); NULL empty (§8.8.2); BIT STRING with 0..7 unused bits that
 *     are zero (§11.2.1); OBJECT IDENTIFIER sub-identifiers minimal
 *     (§8.19.2);
 *   - children of a constructed element filling it exactly; nesting at
 *     most ES_DER_MAX_DEPTH deep; nothing after the element.
 *
 * Returns ESESSION_OK; ESESSION_EDER_TRUNCATED when the input ends inside
 * the element (in its header or before its declared end); ESESSION_EDER
 * for any other violation; ESESSION_EINVAL (der NULL with len > 0).
 */
ES_MUST_CHECK esession_status es_der_check(const uint8_t *der, size_t len);

/* Deeper than any key-file structure (PKCS#8 nests four levels). */
#define ES_DER_MAX_DEPTH 8u

/* The key-file structures, told apart by the tags of the outer
 * SEQUENCE's first elements. */
typedef enum es_der_shape {
	ES_DER_SHAPE_UNKNOWN = 0,
	ES_DER_SHAPE_RSA_PUBLIC,  /* SEQUENCE { INTEGER, INTEGER } */
	ES_DER_SHAPE_RSA_PRIVATE, /* SEQUENCE { INTEGER, INTEGER, INTEGER..} */
	ES_DER_SHAPE_PKCS8,       /* SEQUENCE { INTEGER, SEQUENCE, .. } */
	ES_DER_SHAPE_SPKI,        /* SEQUENCE { SEQUENCE, BIT STRING } */
	ES_DER_SHAPE_PKCS8_ENCRYPTED /* SEQUENCE { SEQUENCE, OCTET STRING } */
} es_der_shape;

/*
 * es_der_shape_of - the structure of der[0..len), which es_der_check()
 * has accepted. ES_DER_SHAPE_UNKNOWN for anything else.
 */
es_der_shape es_der_shape_of(const uint8_t *der, size_t len);

/*
 * es_der_children_are - whether der[0..len), which es_der_check() has
 * accepted, is a SEQUENCE whose elements have exactly the tags
 * tags[0..n), in that order. Checked before libtasn1 decodes a structure
 * holding secrets: libtasn1 deletes a structure it fails to decode
 * without zeroizing it, so a structure is only handed over once its
 * outline is known to decode (docs/keys.md "Memory").
 */
bool es_der_children_are(const uint8_t *der, size_t len, const uint8_t *tags,
                         size_t n);

#endif
