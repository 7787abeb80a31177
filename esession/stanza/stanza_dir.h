/*
 * stanza_dir.h - the XEP-0200 state of one direction of an encrypted
 * session: the keyed cipher (holding the counter C), the keyed HMAC, and the
 * number of counter values consumed under the current cipher key.
 *
 * A session keeps two: one for the stanzas it sends (KC, KM and counter of
 * its own role) and one for the stanzas it receives (the peer's). XEP-0200
 * §"Assumptions": C_A, KC_A, KM_A are "the initial block cipher counter
 * value", cipher key and MAC key of the sender; XEP-0116 continues the
 * counter from the identity encryption of the negotiation
 * (spec/ambiguities.md "Counters carried from the negotiation into
 * XEP-0200"), so the caller passes the counter value at which stanza
 * traffic starts.
 *
 * The direction state also owns the scratch objects every stanza needs (a
 * reusable expat parser, a scratch XML document, byte buffers), so that an
 * encrypted stanza costs no handle opening and, in steady state, no heap
 * allocation (DESIGN.md "Performance"). Buffers that held plaintext are
 * wiped after every stanza.
 *
 * Errors are sticky for one case only: when a re-key fails half-way the
 * state refuses every later call with ESESSION_ESTATE (the keys of its
 * cipher and its MAC no longer belong together).
 *
 * Not thread-safe; different direction states are independent.
 */
#ifndef ES_STANZA_DIR_H
#define ES_STANZA_DIR_H

#include "ctr.h"
#include "hash.h"
#include "secmem.h"

typedef struct es_stanza_dir es_stanza_dir;

/*
 * XEP-0200 §"Maximum Key Life": no more than 2^32 - 1 blocks may be
 * exchanged under one key (2^32 is already too many). We count counter
 * values consumed (an empty stanza or a 'none' stanza consumes one), which
 * is never fewer than the blocks encrypted (spec/ambiguities.md
 * "2^32 block limit").
 */
#define ES_STANZA_MAX_BLOCKS_PER_KEY ((UINT64_C(1) << 32) - 1u)

/*
 * es_stanza_dir_new - create the state of one direction.
 *
 * cipher, hash: the negotiated algorithms (XEP-0116 'crypt_algs',
 *     'hash_algs').
 * kc: the cipher key, es_cipher_key_len(cipher) bytes (NULL and 0 for
 *     'none'). km: the MAC key, any length >= 1 (XEP-0116: the whole HMAC
 *     output). Both are copied into libgcrypt secure memory; the caller
 *     may wipe its copies at once.
 * counter: the counter value of the first stanza, es_cipher_block_len()
 *     bytes big-endian (spec/ambiguities.md "Counter encoding").
 * *dir receives the state, owned by the caller (es_stanza_dir_free); NULL
 * on failure.
 *
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL dir or counter, NULL key
 * with a non-zero length, km_len == 0); ESESSION_EUNSUPPORTED (unknown
 * cipher or hash); ESESSION_EKEY (kc_len wrong for the cipher);
 * ESESSION_ECOUNTER (counter_len is not the block length); ESESSION_ENOMEM;
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status
es_stanza_dir_new(es_stanza_dir **dir, es_cipher_alg cipher, es_hash_alg hash,
                  const uint8_t *kc, size_t kc_len, const uint8_t *km,
                  size_t km_len, const uint8_t *counter, size_t counter_len);

/*
 * es_stanza_dir_rekey - replace KC and KM (XEP-0200 §"Re-Key Initiation",
 * §"Re-Key Acceptance"), keeping the counter (spec/ambiguities.md
 * "Counters across re-keys") and resetting the blocks used to 0. The old
 * keys are destroyed inside libgcrypt.
 *
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL dir, NULL key with a
 * non-zero length, km_len == 0); ESESSION_EKEY (kc_len wrong; nothing
 * changed); ESESSION_ENOMEM (nothing changed); ESESSION_ESTATE (an
 * earlier re-key failed); ESESSION_ECRYPTO
 * (libgcrypt refused a key half-way: the state is then unusable and every
 * later call returns ESESSION_ESTATE).
 */
ES_MUST_CHECK esession_status es_stanza_dir_rekey(es_stanza_dir *dir,
                                                  const uint8_t *kc,
                                                  size_t kc_len,
                                                  const uint8_t *km,
                                                  size_t km_len);

/*
 * es_stanza_dir_counter - copy the current counter (the C of the next
 * stanza) to out, es_stanza_dir_counter_len() bytes big-endian.
 * Returns ESESSION_OK; ESESSION_EINVAL; ESESSION_EBUFSIZE.
 */
ES_MUST_CHECK esession_status es_stanza_dir_counter(const es_stanza_dir *dir,
                                                    uint8_t *out,
                                                    size_t out_size);

/* es_stanza_dir_counter_len - n/8, the counter length in bytes (16). */
size_t es_stanza_dir_counter_len(const es_stanza_dir *dir);

/*
 * es_stanza_dir_blocks_used - counter values consumed under the current
 * key since es_stanza_dir_new or the last re-key. The session compares it
 * with ES_STANZA_MAX_BLOCKS_PER_KEY to re-key (or terminate) in time;
 * es_stanza_encrypt refuses with ESESSION_EKEY_EXHAUSTED a stanza that
 * would go beyond the limit.
 */
uint64_t es_stanza_dir_blocks_used(const es_stanza_dir *dir);

/*
 * es_stanza_dir_stanzas - stanzas encrypted (or decrypted) and committed
 * since es_stanza_dir_new; re-keys do not reset it. The session counts
 * XEP-0116 'rekey_freq' with it (spec/rekey.md R§3).
 */
uint64_t es_stanza_dir_stanzas(const es_stanza_dir *dir);

/*
 * es_stanza_dir_copy_mac_key - a copy of the current MAC key KM into out
 * (must be empty; secure memory owned by the caller). The session keeps
 * expired MAC keys to publish them (XEP-0200 §"Publishing Old MAC
 * Values"); nothing else may read a key out of a direction.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL argument, out not empty);
 * ESESSION_ESTATE (the state is unusable); ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status
es_stanza_dir_copy_mac_key(const es_stanza_dir *dir, es_secbuf *out);

/*
 * A counter move not yet committed. es_stanza_encrypt_begin (stanza.h)
 * leaves the counter advanced past the stanza but the move uncommitted, so
 * that the caller can make its own last fallible step (queuing the SEND
 * event) part of the same transaction: es_stanza_pending_commit adds the
 * blocks to the blocks used under the key; es_stanza_pending_rollback
 * restores the counter C0, so a failed call leaves no trace. Exactly one of
 * the two must follow a successful es_stanza_encrypt_begin, before any
 * other call on the direction. (Decryption uses the same object inside
 * esession/stanza.)
 *
 * Rolling back re-uses counter values only for output that was never
 * released (spec/ambiguities.md "Counter after a MAC-valid stanza that
 * cannot be used"): the caller MUST discard the stanza it got.
 */
typedef struct es_stanza_pending {
	uint8_t c0[ES_CTR_MAX_BLOCK_LEN]; /* the counter before the stanza */
	uint64_t blocks;                  /* counter values it consumed */
	bool moved;                       /* the counter has moved */
} es_stanza_pending;

#define ES_STANZA_PENDING_INIT \
	{                      \
		{0}, 0, false  \
	}

void es_stanza_pending_commit(es_stanza_dir *dir, es_stanza_pending *p);
void es_stanza_pending_rollback(es_stanza_dir *dir, es_stanza_pending *p);

/* es_stanza_dir_cipher / es_stanza_dir_hash - the algorithms (dir must not
 * be NULL). */
es_cipher_alg es_stanza_dir_cipher(const es_stanza_dir *dir);
es_hash_alg es_stanza_dir_hash(const es_stanza_dir *dir);

/*
 * TEST ONLY: pretend `blocks` counter values were already consumed under
 * the current key, so the 2^32 limit can be exercised without encrypting
 * 64 GiB. Never call it outside tests.
 */
void es_stanza_dir_set_blocks_used_for_tests(es_stanza_dir *dir,
                                             uint64_t blocks);

/* es_stanza_dir_free - destroy the keys (libgcrypt wipes them), wipe and
 * free the scratch buffers. Safe on NULL. */
void es_stanza_dir_free(es_stanza_dir *dir);

#endif
