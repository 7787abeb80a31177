/*
 * keyvalue.h - public keys as XEP-0116 carries them: the Normalized
 * XML-Signature <KeyValue/> element (XEP-0116 §"Hiding Bob's Identity":
 * "pubKey_B, which MUST be a Normalized <KeyValue/> element (as specified
 * in XML Signature)"; §"Public Signature-Verification-Key Formats":
 * <RSAKeyValue/> MUST, <DSAKeyValue/> SHOULD) and its fingerprint
 * (§"ESession Request": "the result of processing the Normalized
 * <KeyValue/> element with the selected hash algorithm").
 *
 * The exact bytes (spec/byte-strings.md §3 "pubKey_X"; spec/normalization.md):
 *
 *   <KeyValue><RSAKeyValue><Modulus>b64(n)</Modulus>
 *     <Exponent>b64(e)</Exponent></RSAKeyValue></KeyValue>
 *   <KeyValue><DSAKeyValue><P>b64(p)</P><Q>b64(q)</Q><G>b64(g)</G>
 *     <Y>b64(y)</Y></DSAKeyValue></KeyValue>
 *
 * (one line each, no white space), every integer a CryptoBinary
 * (XML-Signature §4.0.1: big-endian, no leading zero octet). The optional
 * DSA members J, Seed and PgenCounter are never written and refused on
 * reading (spec/ambiguities.md "DSAKeyValue optional members").
 *
 * These are public values: ordinary memory, no wiping needed.
 */
#ifndef ES_PUBKEY_KEYVALUE_H
#define ES_PUBKEY_KEYVALUE_H

#include "hash.h"
#include "sign.h"
#include "xml_buf.h"
#include "xml_tree.h"

/*
 * es_pubkey_keyvalue - append the Normalized <KeyValue/> of key's public
 * part to out (the bytes es_xml_c14n writes for that element).
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL), ESESSION_EBUFSIZE,
 * ESESSION_ENOMEM, ESESSION_ECRYPTO. On failure out is unchanged.
 */
ES_MUST_CHECK esession_status es_pubkey_keyvalue(const es_sign_key *key,
                                                 es_xml_buf *out);

/*
 * es_pubkey_keyvalue_parse - strict reader of a <KeyValue/> element (in
 * the XML-Signature namespace). Exactly one child, <RSAKeyValue/> with
 * <Modulus/>, <Exponent/> or <DSAKeyValue/> with <P/>, <Q/>, <G/>, <Y/>,
 * in that order; no attribute anywhere; only white space between
 * elements; each value non-empty strict base64 of a CryptoBinary without
 * a leading zero octet.
 * key: receives a public key (es_sign_key_free), untouched on failure.
 * Returns ESESSION_OK, ESESSION_EKEYVALUE (any malformation),
 * ESESSION_EKEY (well formed but not a usable key: the checks of
 * es_sign_key_from_rsa / _from_dsa, sizes included), ESESSION_EINVAL,
 * ESESSION_ENOMEM, ESESSION_ENOTINIT, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_pubkey_keyvalue_parse(const es_xml_node *kv,
                                                       es_sign_key **key);

/*
 * es_pubkey_keyvalue_parse_bytes - the same from Normalized bytes as they
 * are stored and hashed (no namespace declaration: the XML-Signature
 * namespace is restored, pubkey_xml.h). The bytes must hold exactly the
 * one <KeyValue/> element and nothing else.
 * Returns as es_pubkey_keyvalue_parse; unparsable XML is
 * ESESSION_EKEYVALUE too.
 */
ES_MUST_CHECK esession_status es_pubkey_keyvalue_parse_bytes(const uint8_t *kv,
                                                             size_t len,
                                                             es_sign_key **key);

/*
 * es_pubkey_fingerprint - HASH(Normalized <KeyValue/> of key) into out
 * (cap >= es_hash_len(hash); *len receives es_hash_len(hash)).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EUNSUPPORTED,
 * ESESSION_EBUFSIZE, ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_pubkey_fingerprint(es_hash_alg hash,
                                                    const es_sign_key *key,
                                                    uint8_t *out, size_t cap,
                                                    size_t *len);

#endif
