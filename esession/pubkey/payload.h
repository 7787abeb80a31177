/*
 * payload.h - the plaintext of an identity proof in a public-key mode
 * (XEP-0116 §"Hiding Bob's Identity", §"Hiding Alice's Identity"):
 *
 *   ID_X = CIPHER(KC_X, C_X, {pubKey_X, sign_X})
 *
 * with, byte for byte (spec/byte-strings.md §3, "ID_X plaintext"):
 *
 *   'key':   <KeyValue>...</KeyValue><SignatureValue>b64(σ)</SignatureValue>
 *   'hash':  <fingerprint>b64(HASH(KeyValue))</fingerprint>
 *            <SignatureValue>b64(σ)</SignatureValue>
 *
 * all Normalized, without namespace declarations, nothing between the two
 * elements. The receiver parses the decrypted bytes as the content of an
 * element in the XML-Signature namespace (pubkey_xml.h), which must hold
 * exactly these two sibling elements (spec/ambiguities.md "Splitting the
 * identity payload", "Fingerprint element content").
 */
#ifndef ES_PUBKEY_PAYLOAD_H
#define ES_PUBKEY_PAYLOAD_H

#include "hash.h"
#include "params.h"
#include "xml_buf.h"

/*
 * es_pubkey_payload_build - append pubKey_X | sign_X to out.
 * mode: ES_PUBKEY_KEY or ES_PUBKEY_HASH.
 * keyvalue: the signer's Normalized <KeyValue/> (es_pubkey_keyvalue).
 * hash: HASH of the negotiation, for the 'hash' fingerprint.
 * sig: the signature value σ = SIGN(signKey_X, mac_X).
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, empty keyvalue or sig,
 * mode 'none'), ESESSION_EUNSUPPORTED, ESESSION_EBUFSIZE, ESESSION_ENOMEM.
 * On failure out is unchanged.
 */
ES_MUST_CHECK esession_status es_pubkey_payload_build(
    es_pubkey_mode mode, es_hash_alg hash, const uint8_t *keyvalue,
    size_t keyvalue_len, const uint8_t *sig, size_t sig_len, es_xml_buf *out);

/* A parsed payload. Every pointer is malloc'ed and owned by it. */
typedef struct es_pubkey_payload {
	es_sign_key *key;     /* 'key': the public key; 'hash': NULL */
	uint8_t *fingerprint; /* 'hash': hlen bytes; 'key': NULL */
	size_t fingerprint_len;
	uint8_t *sig; /* σ as carried in <SignatureValue/> */
	size_t sig_len;
} es_pubkey_payload;

/* Release what p holds and zero it. NULL is allowed. */
void es_pubkey_payload_clear(es_pubkey_payload *p);

/*
 * es_pubkey_payload_parse - split and read a decrypted payload in `mode`.
 * p must be zeroed on entry; the caller clears it in every case.
 * Returns ESESSION_OK or, first failure wins in document order:
 *   ESESSION_EIDENTITY_PAYLOAD  not XML, not exactly two elements with
 *                               only white space around them, or not
 *                               <KeyValue/> ('key') / <fingerprint/>
 *                               ('hash') followed by <SignatureValue/>
 *   ESESSION_EKEYVALUE, ESESSION_EKEY   as es_pubkey_keyvalue_parse
 *   ESESSION_EFINGERPRINT       attributes, child elements, not strict
 *                               base64, or not es_hash_len(hash) bytes
 *   ESESSION_ESIGNATUREVALUE    attributes, child elements, empty or not
 *                               strict base64
 *   ESESSION_EINVAL, ESESSION_ENOMEM, ESESSION_ENOTINIT, ESESSION_ECRYPTO
 */
ES_MUST_CHECK esession_status es_pubkey_payload_parse(es_pubkey_mode mode,
                                                      es_hash_alg hash,
                                                      const uint8_t *payload,
                                                      size_t len,
                                                      es_pubkey_payload *p);

#endif
