/*
 * sigma_identity.h - the encrypted identity ID_X and its MAC M_X:
 *
 *   XEP-0116 §"Hiding Bob's Identity":
 *     ID_B = CIPHER(KC_B, C_B, {pubKey_B, sign_B})   or   CIPHER(KC_B, C_B,
 * mac_B) M_B  = HMAC(HASH, KM_B, C_B, ID_B)   with C_B "before the encryption"
 *   XEP-0116 §"Hiding Alice's Identity": the same with _A.
 *   XEP-0116 §"Verifying Bob's Identity" / §"Verifying Alice's Identity":
 *     the receiver checks M_X first, then decrypts ID_X, then compares the
 *     decrypted mac_X with the one it computes itself ('none'), or checks
 *     pubKey_X and sign_X (public-key modes, done by the caller).
 *
 * The counter C_X is the one carried by the caller's es_ctr (keyed with
 * KC_X): ctr(C_X) in M_X is its n/8-byte big-endian value before the
 * encryption (spec/ambiguities.md "Counter encoding"); sealing or
 * opening advances it by the blocks the identity used, and the same es_ctr
 * then carries the counter on into XEP-0200 stanzas
 * (spec/ambiguities.md "Counters carried from the negotiation into
 * XEP-0200").
 *
 * Pieces in XEP order for the caller that needs them (public-key modes:
 * es_sigma_identity_open, then parse pubKey_X | sign_X and VERIFY), and a
 * convenience for pubkey 'none' (es_sigma_identity_seal_none /
 * es_sigma_identity_open_none).
 */
#ifndef ES_SIGMA_IDENTITY_H
#define ES_SIGMA_IDENTITY_H

#include "ctr.h"
#include "hash.h"
#include "secmem.h"

/*
 * es_sigma_identity_mac - M_X = HMAC(HASH, KM_X, ctr(C_X) | ID_X).
 * counter: C_X before the encryption, exactly the cipher block length
 *          (n/8 bytes, big-endian).
 * m: receives es_hash_len(hash) bytes (public: sent in the 'mac' field).
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL or empty km, NULL counter or
 * m, NULL id with id_len > 0); ESESSION_ECOUNTER (counter_len is 0 or
 * more than ES_CTR_MAX_BLOCK_LEN: the caller passes the cipher's block
 * length, es_cipher_block_len);
 * ESESSION_EUNSUPPORTED; ESESSION_EBUFSIZE; ESESSION_ENOMEM;
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_identity_mac(
    es_hash_alg hash, const es_secbuf *km, const uint8_t *counter,
    size_t counter_len, const uint8_t *id, size_t id_len, uint8_t *m,
    size_t m_size);

/*
 * es_sigma_identity_seal - ID_X = CIPHER(KC_X, C_X, payload) and
 * M_X = HMAC(HASH, KM_X, C_X | ID_X) (XEP-0116 §"Hiding Bob's Identity").
 * ctr: keyed with KC_X and holding C_X; advanced by the blocks used.
 * payload: mac_X ('none') or pubKey_X | sign_X; payload_len > 0.
 * id: receives payload_len bytes (id_size >= payload_len).
 * m: receives es_hash_len(hash) bytes.
 * On failure the counter is unchanged and id is wiped.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL argument, empty payload or
 * km); ESESSION_EBUFSIZE; ESESSION_EUNSUPPORTED; ESESSION_ENOMEM;
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_identity_seal(
    es_hash_alg hash, es_ctr *ctr, const es_secbuf *km, const uint8_t *payload,
    size_t payload_len, uint8_t *id, size_t id_size, uint8_t *m, size_t m_size);

/*
 * es_sigma_identity_verify_mac - the first check of XEP-0116 §"Verifying
 * Bob's Identity" / §"Verifying Alice's Identity": M_X computed over the
 * counter ctr holds now (C_X before decryption) and the received ID_X,
 * compared in constant time with the received m. Nothing is decrypted and
 * the counter does not move.
 * Returns ESESSION_OK; ESESSION_EMAC (different, or m_len is not the MAC
 * length); ESESSION_EINVAL; ESESSION_EUNSUPPORTED; ESESSION_ENOMEM;
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_identity_verify_mac(
    es_hash_alg hash, const es_ctr *ctr, const es_secbuf *km, const uint8_t *id,
    size_t id_len, const uint8_t *m, size_t m_len);

/*
 * es_sigma_identity_decrypt - DECIPHER(KC_X, C_X, ID_X): the payload into
 * secure memory, advancing the counter. Call it only after
 * es_sigma_identity_verify_mac succeeded (DESIGN.md: a MAC is verified
 * before anything under it is decrypted).
 * payload: must be empty on entry; receives id_len bytes owned by the
 * caller (empty when id_len == 0). Left empty on failure.
 * Returns ESESSION_OK; ESESSION_EINVAL; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_identity_decrypt(es_ctr *ctr,
                                                        const uint8_t *id,
                                                        size_t id_len,
                                                        es_secbuf *payload);

/*
 * es_sigma_identity_open - es_sigma_identity_verify_mac then
 * es_sigma_identity_decrypt. On ESESSION_EMAC nothing is decrypted, the
 * counter is unchanged and *payload stays empty.
 * Returns the statuses of both.
 */
ES_MUST_CHECK esession_status es_sigma_identity_open(
    es_hash_alg hash, es_ctr *ctr, const es_secbuf *km, const uint8_t *id,
    size_t id_len, const uint8_t *m, size_t m_len, es_secbuf *payload);

/*
 * es_sigma_identity_check_mac - the last check of XEP-0116 §"Verifying
 * Bob's Identity" for pubkey 'none': "if the two values of mac_B she
 * calculated ... do not match" (and the same for mac_A). Constant time in
 * the length of `expected`.
 * Returns ESESSION_OK; ESESSION_EIDENTITY (different content or length);
 * ESESSION_EINVAL (NULL argument, empty expected).
 */
ES_MUST_CHECK esession_status es_sigma_identity_check_mac(
    const es_secbuf *expected, const es_secbuf *decrypted);

/*
 * es_sigma_identity_seal_none - es_sigma_identity_seal with payload mac_X
 * (pubkey 'none'). id_size must be at least mac_x->len.
 */
ES_MUST_CHECK esession_status es_sigma_identity_seal_none(
    es_hash_alg hash, es_ctr *ctr, const es_secbuf *km, const es_secbuf *mac_x,
    uint8_t *id, size_t id_size, uint8_t *m, size_t m_size);

/*
 * es_sigma_identity_open_none - the whole receiver side for pubkey 'none':
 * verify M_X (ESESSION_EMAC, nothing decrypted, counter unchanged),
 * decrypt ID_X (counter advances), compare the decrypted mac_X with
 * expected_mac, the value the caller computed with es_sigma_mac_a/_b
 * (ESESSION_EIDENTITY). The decrypted copy is wiped before returning.
 * Returns ESESSION_OK; ESESSION_EMAC; ESESSION_EIDENTITY; ESESSION_EINVAL;
 * ESESSION_EUNSUPPORTED; ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status
es_sigma_identity_open_none(es_hash_alg hash, es_ctr *ctr, const es_secbuf *km,
                            const uint8_t *id, size_t id_len, const uint8_t *m,
                            size_t m_len, const es_secbuf *expected_mac);

#endif
