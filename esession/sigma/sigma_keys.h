/*
 * sigma_keys.h - the six session keys of XEP-0116 §"Generating Session
 * Keys", derived from the shared secret K:
 *
 *   KC_A = HMAC(HASH, K, "Initiator Cipher Key")   Alice -> Bob, cipher
 *   KM_A = HMAC(HASH, K, "Initiator MAC Key")      Alice -> Bob, MAC
 *   KS_A = HMAC(HASH, K, "Initiator SIGMA Key")    mac_A
 *   KC_B, KM_B, KS_B likewise with "Responder ..." (Bob -> Alice, mac_B)
 *
 * each truncated to its length by keeping the least significant (last)
 * bytes of the HMAC (esession/crypto/kdf.h).
 *
 * How long each key is, is decided in exactly one place,
 * es_sigma_key_lengths(): KC = the cipher's key length; KM and KS = the
 * cipher's key length but at least 16 bytes; never longer than the hash
 * output. With aes128-ctr that is 16 bytes for all six keys, which is what
 * XEP-0217 §"Generating Session Keys" requires ("Only the 128 least
 * significant bits of the HMAC output must be used for each key").
 * spec/ambiguities.md "Length of the MAC and SIGMA keys" gives the
 * argument; it supersedes the earlier reading (KM and KS = the whole HMAC
 * output), which is withdrawn.
 */
#ifndef ES_SIGMA_KEYS_H
#define ES_SIGMA_KEYS_H

#include "ctr.h"
#include "hash.h"
#include "secmem.h"

/* Which side of the negotiation: XEP-0116 Alice (the initiator, keys _A)
 * or Bob (the responder, keys _B). */
typedef enum es_sigma_role {
	ES_SIGMA_INITIATOR = 1, /* Alice: KC_A, KM_A, KS_A; C_A; mac_A */
	ES_SIGMA_RESPONDER      /* Bob:   KC_B, KM_B, KS_B; C_B; mac_B */
} es_sigma_role;

/* The byte lengths of one direction's keys for a (hash, cipher) pair. */
typedef struct es_sigma_key_sizes {
	size_t kc; /* cipher key KC_x: 0 for cipher 'none' */
	size_t km; /* stanza MAC key KM_x */
	size_t ks; /* SIGMA MAC key KS_x */
} es_sigma_key_sizes;

/* The three keys of one direction, each in secure memory. kc is empty
 * (ES_SECBUF_INIT) for cipher 'none'. */
typedef struct es_sigma_dir_keys {
	es_secbuf kc;
	es_secbuf km;
	es_secbuf ks;
} es_sigma_dir_keys;

#define ES_SIGMA_DIR_KEYS_INIT                                 \
	{                                                      \
		ES_SECBUF_INIT, ES_SECBUF_INIT, ES_SECBUF_INIT \
	}

/* Both directions: `initiator` holds KC_A, KM_A, KS_A and `responder`
 * KC_B, KM_B, KS_B. */
typedef struct es_sigma_keys {
	es_sigma_dir_keys initiator;
	es_sigma_dir_keys responder;
} es_sigma_keys;

#define ES_SIGMA_KEYS_INIT                                     \
	{                                                      \
		ES_SIGMA_DIR_KEYS_INIT, ES_SIGMA_DIR_KEYS_INIT \
	}

/* The smallest MAC and SIGMA key: 128 bits, the XEP-0217 key length. */
#define ES_SIGMA_MIN_MAC_KEY_LEN 16u

/*
 * es_sigma_key_lengths - the one rule for the key lengths (see above).
 * XEP-0116 §"Generating Session Keys": "entities MUST ensure that the hash
 * output is no shorter than the required key data".
 * Returns ESESSION_OK and fills *out; ESESSION_EUNSUPPORTED (unknown hash or
 * cipher); ESESSION_EINVAL (out NULL); ESESSION_EKEY_LENGTH (a key would be
 * longer than the hash output; cannot happen with the supported algorithms,
 * the check guards future ones).
 */
ES_MUST_CHECK esession_status es_sigma_key_lengths(es_hash_alg hash,
                                                   es_cipher_alg cipher,
                                                   es_sigma_key_sizes *out);

/*
 * es_sigma_derive_dir_keys - XEP-0116 §"Generating Session Keys" for one
 * direction: role ES_SIGMA_INITIATOR derives KC_A, KM_A, KS_A, role
 * ES_SIGMA_RESPONDER derives KC_B, KM_B, KS_B. Alice's provisory keys of
 * the 4-message exchange are the initiator direction derived from the
 * provisory K (XEP-0116 §"Diffie-Hellman Preparation (Alice)").
 *
 * k: the shared secret K (borrowed; K = HASH(...) so normally hlen bytes).
 * out: every member must be empty on entry; on success the caller owns the
 *      keys (es_sigma_dir_keys_free). Left empty on failure.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL k or out, empty k, unknown
 * role, out not empty); ESESSION_EUNSUPPORTED; ESESSION_EKEY_LENGTH;
 * ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_derive_dir_keys(es_hash_alg hash,
                                                       es_cipher_alg cipher,
                                                       es_sigma_role role,
                                                       const es_secbuf *k,
                                                       es_sigma_dir_keys *out);

/*
 * es_sigma_derive_keys - both directions (XEP-0116 §"Generating Session
 * Keys", 3-message K and the final K of the 4-message exchange). Same
 * parameters, ownership and statuses as es_sigma_derive_dir_keys.
 */
ES_MUST_CHECK esession_status es_sigma_derive_keys(es_hash_alg hash,
                                                   es_cipher_alg cipher,
                                                   const es_secbuf *k,
                                                   es_sigma_keys *out);

/* Wipe and release; leaves the struct empty. Safe on NULL. */
void es_sigma_dir_keys_free(es_sigma_dir_keys *keys);
void es_sigma_keys_free(es_sigma_keys *keys);

#endif
