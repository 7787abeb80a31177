/*
 * kdf.h - session-key derivation of XEP-0116.
 *
 * XEP-0116 §"Generating Session Keys": every key is HMAC(HASH, K, label),
 * and "as many bits of key data as are needed for each key MUST be taken
 * from the least significant bits of the HMAC output". We read the HMAC
 * output as a big-endian integer (the way XEP-0116 treats every byte string
 * it calls a number), so its least significant bits are its LAST bytes: a
 * key of key_len bytes is bytes [hash_len - key_len, hash_len) of the HMAC.
 * See spec/ambiguities.md, "KDF: least significant bits of the HMAC".
 *
 * Labels are the ASCII strings below, used without any terminator.
 */
#ifndef ES_CRYPTO_KDF_H
#define ES_CRYPTO_KDF_H

#include "hash.h"

/* XEP-0116 §"Generating Session Keys": keys for stanzas Alice (the
 * initiator) sends to Bob. */
#define ES_KDF_LABEL_INITIATOR_CIPHER "Initiator Cipher Key" /* KC_A */
#define ES_KDF_LABEL_INITIATOR_MAC    "Initiator MAC Key"    /* KM_A */
#define ES_KDF_LABEL_INITIATOR_SIGMA  "Initiator SIGMA Key"  /* KS_A */
/* XEP-0116 §"Generating Session Keys": keys for stanzas Bob (the
 * responder) sends to Alice. */
#define ES_KDF_LABEL_RESPONDER_CIPHER "Responder Cipher Key" /* KC_B */
#define ES_KDF_LABEL_RESPONDER_MAC    "Responder MAC Key"    /* KM_B */
#define ES_KDF_LABEL_RESPONDER_SIGMA  "Responder SIGMA Key"  /* KS_B */
/* XEP-0116 §"Sending Bob's Identity" and §"Generating Alice's Final Session
 * Keys": the new retained secret, HMAC(HASH, K, "New Retained Secret"). */
#define ES_KDF_LABEL_NEW_RETAINED_SECRET "New Retained Secret"
/* XEP-0116 §"Sending Bob's Identity": the 'srshash' field,
 * HMAC(HASH, SRS, "Shared Retained Secret"). */
#define ES_KDF_LABEL_SHARED_RETAINED_SECRET "Shared Retained Secret"

/*
 * es_kdf_derive - key = the last key_len bytes of HMAC(HASH, k, label).
 *
 * k: the secret key of the HMAC (K, or SRS for the 'srshash' value),
 *    k_len bytes, borrowed.
 * label: NUL-terminated; its bytes without the NUL are the HMAC message.
 * key_len: bytes wanted, 1 .. es_hash_len(alg). Pass es_hash_len(alg) for
 *    the retained-secret values, which use the whole HMAC.
 * out: must be empty (ES_SECBUF_INIT) on entry; receives key_len bytes of
 *    secure memory owned by the caller (es_secbuf_free). Left empty on
 *    failure.
 *
 * Returns ESESSION_OK; ESESSION_EUNSUPPORTED (unknown alg); ESESSION_EINVAL
 * (NULL k with k_len > 0, NULL label, NULL or non-empty out, key_len == 0);
 * ESESSION_EKEY_LENGTH (key_len > es_hash_len(alg): XEP-0116 "entities MUST
 * ensure that the hash output is no shorter than the required key data");
 * ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_kdf_derive(es_hash_alg alg, const uint8_t *k,
                                            size_t k_len, const char *label,
                                            size_t key_len, es_secbuf *out);

/*
 * es_kdf_final_secret - XEP-0116 §"Generating Bob's Final Session Keys" and
 * §"Generating Alice's Final Session Keys": K' = HASH(K | SRS | OSS), where
 * SRS is appended only if one was found and OSS only if one exists. Pass
 * srs == NULL (srs_len 0) or oss == NULL (oss_len 0) for "none"; an empty
 * but present secret contributes no bytes either, so the two are the same.
 *
 * out: must be empty on entry; receives es_hash_len(alg) bytes of secure
 * memory owned by the caller. Left empty on failure. k, srs and oss are
 * borrowed and may be wiped by the caller afterwards.
 *
 * Returns ESESSION_OK; ESESSION_EUNSUPPORTED; ESESSION_EINVAL (a NULL
 * pointer with a non-zero length, NULL or non-empty out); ESESSION_ENOMEM;
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_kdf_final_secret(
    es_hash_alg alg, const uint8_t *k, size_t k_len, const uint8_t *srs,
    size_t srs_len, const uint8_t *oss, size_t oss_len, es_secbuf *out);

#endif
