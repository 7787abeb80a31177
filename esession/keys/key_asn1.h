/*
 * key_asn1.h - the libtasn1 side of key files: the definitions compiled
 * from spec/esession-keys.asn at build time, and small typed accessors
 * over libtasn1 nodes.
 *
 * Where libtasn1 keeps copies: asn1_der_decoding2() and asn1_write_value()
 * copy every value, secrets included, into node storage on the ordinary
 * heap (libtasn1 has no allocator hook). Every structure holding a secret
 * is deleted with es_asn1_delete(), which zeroizes that storage
 * (ASN1_DELETE_FLAG_ZEROIZE) before freeing it, as soon as the values have
 * been copied out. docs/keys.md "Memory" lists what remains.
 *
 * libtasn1 results other than success and memory exhaustion (an element
 * libtasn1 cannot find or build, which a structure matching our
 * definitions never produces) are reported as ESESSION_EKEY_FORMAT: there
 * is no status for "libtasn1 failed", and refusing the key is the safe
 * reading of every such case.
 */
#ifndef ES_KEYS_KEY_ASN1_H
#define ES_KEYS_KEY_ASN1_H

#include "es_internal.h"
#include "secmem.h"
#include "sign.h"

#include <libtasn1.h>

/*
 * es_asn1_new - a new empty structure of the type "ESessionKeys.<type>"
 * (type is one of the type names of spec/esession-keys.asn). The
 * definitions tree is built afresh per call: the library keeps no global
 * state (DESIGN.md "API principles").
 *
 * defs, node:  receive the definitions and the structure; release both
 *              with es_asn1_delete() (also on failure, when either may be
 *              set).
 * Returns ESESSION_OK, ESESSION_ENOMEM, ESESSION_EKEY_FORMAT.
 */
ES_MUST_CHECK esession_status es_asn1_new(const char *type, asn1_node *defs,
                                          asn1_node *node);

/* Zeroize and delete the structure and its definitions; both are set to
 * NULL. Safe on NULL nodes. */
void es_asn1_delete(asn1_node *defs, asn1_node *node);

/*
 * es_asn1_decode - decode der[0..len), already accepted by es_der_check(),
 * into *node (strict DER, no trailing bytes). On failure libtasn1 has
 * deleted the structure and *node is NULL; es_asn1_delete() stays safe.
 * Returns ESESSION_OK, ESESSION_EKEY_FORMAT (well-formed DER that is not
 * the structure asked for), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_asn1_decode(asn1_node *node,
                                             const uint8_t *der, size_t len);

/*
 * es_asn1_read_bytes - the value of the field `name` into a new secure
 * buffer *out (the caller owns it). An absent OPTIONAL field gives
 * ESESSION_EKEY_FORMAT.
 * Returns ESESSION_OK, ESESSION_EKEY_FORMAT, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_asn1_read_bytes(asn1_node node,
                                                 const char *name,
                                                 es_secbuf *out);

/*
 * es_asn1_read_bits - the BIT STRING field `name`, which must hold a whole
 * number of octets (a subjectPublicKey holds DER), into a new buffer *out
 * (secure memory for uniformity; the caller owns it).
 * Returns ESESSION_OK, ESESSION_EKEY_FORMAT (absent, or a bit count that
 * is not a multiple of 8), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_asn1_read_bits(asn1_node node,
                                                const char *name,
                                                es_secbuf *out);

/* Whether the OPTIONAL field `name` is present in a structure decoded by
 * es_asn1_decode(). */
bool es_asn1_has(asn1_node node, const char *name);

/*
 * es_asn1_read_uint - the INTEGER field `name` as a key component: into
 * *buf (a new secure buffer the caller owns) and *value, a view of it in
 * canonical unsigned form (the sign octet of a positive value dropped).
 * es_der_check() has already made the encoding minimal and non-empty.
 * Returns ESESSION_OK, ESESSION_EKEY (negative or zero: no key component
 * is), ESESSION_EKEY_FORMAT, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_asn1_read_uint(asn1_node node,
                                                const char *name,
                                                es_secbuf *buf,
                                                es_bytes *value);

/*
 * es_asn1_read_small - the INTEGER field `name` as a small non-negative
 * number (a version), *value = 0..255.
 * Returns ESESSION_OK, ESESSION_EKEY_FORMAT (absent, negative or larger).
 */
ES_MUST_CHECK esession_status es_asn1_read_small(asn1_node node,
                                                 const char *name,
                                                 unsigned *value);

/*
 * es_asn1_write_uint - set the INTEGER field `name` to the non-negative
 * integer whose canonical unsigned encoding is value (DER adds a zero sign
 * octet when the top bit is set). The bytes go through a secure buffer.
 * Returns ESESSION_OK, ESESSION_EINVAL (empty value), ESESSION_ENOMEM,
 * ESESSION_EKEY_FORMAT.
 */
ES_MUST_CHECK esession_status es_asn1_write_uint(asn1_node node,
                                                 const char *name,
                                                 const uint8_t *value,
                                                 size_t len);

/* es_asn1_write - asn1_write_value() with a status: ESESSION_OK,
 * ESESSION_ENOMEM, ESESSION_EKEY_FORMAT. */
ES_MUST_CHECK esession_status es_asn1_write(asn1_node node, const char *name,
                                            const void *value, size_t len);

/*
 * es_asn1_encode - the DER encoding of node into a new secure buffer *out
 * (the caller owns it).
 * Returns ESESSION_OK, ESESSION_ENOMEM, ESESSION_EKEY_FORMAT (a field left
 * unset).
 */
ES_MUST_CHECK esession_status es_asn1_encode(asn1_node node, es_secbuf *out);

#endif
