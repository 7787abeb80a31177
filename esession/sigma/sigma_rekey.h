/*
 * sigma_rekey.h - the keys of an XEP-0200 re-key (§"Re-Key Initiation"):
 *
 *   K    = d^(x) mod p           the new shared secret (NOT hashed,
 *                                spec/ambiguities.md "Re-key shared secret
 *                                is not hashed"), as its MPI encoding
 *   KC_A = HMAC(HASH, K, "Rekey Initiator Crypt")
 *   KC_B = HMAC(HASH, K, "Rekey Acceptor Crypt")
 *   KM_A = HMAC(HASH, K, "Rekey Initiator MAC")
 *   KM_B = HMAC(HASH, K, "Rekey Acceptor MAC")
 *
 * "Initiator" is the entity that sent the <key/> element, whatever its
 * role in the negotiation (spec/ambiguities.md "Re-key labels: which
 * initiator"). Key lengths and truncation follow the one rule of
 * es_sigma_key_lengths() (sigma_keys.h): "as many bits of key data as are
 * needed for each key MUST be taken from the least significant bits of the
 * output of HMAC" (XEP-0200 uses the words of XEP-0116).
 */
#ifndef ES_SIGMA_REKEY_H
#define ES_SIGMA_REKEY_H

#include "dh.h"
#include "sigma_keys.h"

/* XEP-0200 §"Re-Key Initiation": the four labels, ASCII, no terminator. */
#define ES_KDF_LABEL_REKEY_INITIATOR_CRYPT "Rekey Initiator Crypt"
#define ES_KDF_LABEL_REKEY_ACCEPTOR_CRYPT  "Rekey Acceptor Crypt"
#define ES_KDF_LABEL_REKEY_INITIATOR_MAC   "Rekey Initiator MAC"
#define ES_KDF_LABEL_REKEY_ACCEPTOR_MAC    "Rekey Acceptor MAC"

/* Which side of one re-key: the sender of the <key/> (Alice of XEP-0200
 * §"Re-Key Exchange") or its receiver (Bob). */
typedef enum es_rekey_side {
	ES_REKEY_INITIATOR = 1, /* KC_A, KM_A: "Rekey Initiator ..." */
	ES_REKEY_ACCEPTOR       /* KC_B, KM_B: "Rekey Acceptor ..." */
} es_rekey_side;

/* One direction's keys after a re-key; kc is empty for cipher 'none'. */
typedef struct es_rekey_keys {
	es_secbuf kc;
	es_secbuf km;
} es_rekey_keys;

#define ES_REKEY_KEYS_INIT                     \
	{                                      \
		ES_SECBUF_INIT, ES_SECBUF_INIT \
	}

/*
 * es_sigma_rekey_secret - K = mpi(peer^x mod p) (XEP-0200 §"Re-Key
 * Initiation": K = d^(x) mod p; §"Re-Key Acceptance": K = e^(y) mod p).
 *
 * own: our private value (x of the new pair when we initiate; y of the
 *     selected key set when we accept). Borrowed.
 * peer, peer_len: the peer's public value, checked 1 < v < p - 1 in
 *     canonical MPI form (spec/ambiguities.md "Re-key DH value check":
 *     XEP-0200 only asks "greater than one"; we apply XEP-0116's range).
 * k: must be empty; receives K in secure memory, owned by the caller.
 *
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL argument, k not empty);
 * ESESSION_EMPI (empty value or leading zero octet); ESESSION_EDH_RANGE
 * (v <= 1 or v >= p - 1); ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_rekey_secret(const es_dh *own,
                                                    const uint8_t *peer,
                                                    size_t peer_len,
                                                    es_secbuf *k);

/*
 * es_sigma_rekey_derive - the cipher and MAC keys of one side of a re-key
 * from K (labels above; lengths of es_sigma_key_lengths: KC = the cipher's
 * key length, KM = the same but at least 16 bytes; least significant
 * bytes of the HMAC).
 *
 * k: K from es_sigma_rekey_secret (borrowed). out: must be empty; owned by
 * the caller on success (es_rekey_keys_free), left empty on failure.
 *
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL or empty k, out not empty,
 * unknown side); ESESSION_EUNSUPPORTED; ESESSION_EKEY_LENGTH;
 * ESESSION_ENOMEM; ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_sigma_rekey_derive(es_hash_alg hash,
                                                    es_cipher_alg cipher,
                                                    es_rekey_side side,
                                                    const es_secbuf *k,
                                                    es_rekey_keys *out);

/* Wipe and release; leaves the struct empty. Safe on NULL. */
void es_rekey_keys_free(es_rekey_keys *keys);

#endif
