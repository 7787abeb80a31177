/*
 * key_pem.h - RFC 7468 textual encoding of the key files of key_der.h.
 *
 * Accepted: optional whitespace, one "-----BEGIN <label>-----" line, the
 * base64 of the DER in lines of exactly 64 characters except the last
 * (1..64; RFC 7468 §3 "stricttextualmsg"), the matching
 * "-----END <label>-----" line, optional whitespace. Lines end in LF or
 * CRLF; the last line may lack its line break. Labels (RFC 7468 §10, §11,
 * §13 and the PKCS#1 labels of common practice):
 *
 *   "PRIVATE KEY"       PKCS#8 PrivateKeyInfo
 *   "PUBLIC KEY"        SubjectPublicKeyInfo
 *   "RSA PRIVATE KEY"   PKCS#1 RSAPrivateKey
 *   "RSA PUBLIC KEY"    PKCS#1 RSAPublicKey
 *
 * Explanatory text around the block, RFC 1421 headers and more than one
 * block are refused (spec/ambiguities.md "PEM strictness").
 */
#ifndef ES_KEYS_KEY_PEM_H
#define ES_KEYS_KEY_PEM_H

#include "es_internal.h"
#include "key_der.h"
#include "secmem.h"

/*
 * es_key_pem_decode - the DER inside the PEM text pem[0..len).
 *
 * type:  receives the structure the label names.
 * der:   receives a new secure buffer with the decoded DER, owned by the
 *        caller; untouched on failure. The base64 text (as secret as the
 *        key) is gathered in secure memory and wiped.
 *
 * Returns ESESSION_OK; ESESSION_EPEM (no BEGIN line first, END line
 * missing or not matching, a line of the wrong length, text after the
 * block, invalid base64, an empty body); ESESSION_EKEY_FORMAT (the label
 * "ENCRYPTED PRIVATE KEY" or any label not listed above, an RFC 1421
 * header line such as "Proc-Type: 4,ENCRYPTED"); ESESSION_EINVAL;
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_key_pem_decode(const uint8_t *pem, size_t len,
                                                es_key_der_type *type,
                                                es_secbuf *der);

/*
 * es_key_pem_encode - der[0..der_len) of structure `type` as PEM text:
 * 64-character lines, LF line ends, into a new buffer *out (malloc'd,
 * NUL-terminated; *out_len excludes the NUL) owned by the caller, who
 * releases it with esession_bytes_free() (it wipes: the text of a private
 * key is secret).
 * Returns ESESSION_OK, ESESSION_EINVAL (type ES_KEY_DER_ANY, NULL
 * argument), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_key_pem_encode(es_key_der_type type,
                                                const uint8_t *der,
                                                size_t der_len, uint8_t **out,
                                                size_t *out_len);

#endif
