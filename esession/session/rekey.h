/*
 * rekey.h - the XEP-0200 re-key state of one established session
 * (§"Re-Key Exchange", §"Publishing Old MAC Values", §"Maximum Key Life"):
 * which sets of receiving keys are kept, which private DH values, how many
 * stanzas each side sent since its last <key/>, which expired MAC keys may
 * be published. spec/rekey.md is the reading this implements, step by step.
 *
 * The model, from our side ("we" are XEP-0200's Alice when we send a
 * <key/>, its Bob when we receive one):
 *
 *   - one sending key pair {KC, KM}, in the session's tx direction
 *     ("Alice never remembers more than one copy of KC_A and KM_A");
 *   - a list of key sets {KC_peer, KM_peer, x}, oldest first: set 0 comes
 *     from the negotiation, set j from the j-th <key/> we sent. The peer's
 *     <new/> says how many of our <key/>s it had received when it sent a
 *     stanza; counted from the set its previous stanza used, that selects
 *     the set to verify with (XEP-0200 §"Decrypting a Stanza" step 1).
 *     Sets are numbered absolutely (es_rekey_set.index), so a set dropped
 *     by the timeout never shifts the meaning of a later <new/>.
 *
 * The session's rx direction always holds the keys of one set; sets whose
 * key_id equals rx_key_id share those keys and need no copy of them.
 *
 * The state is created the first time re-keying is used (a <key/> to send
 * or received, a <new/>, a tick); until then the session needs none of it.
 * Stanzas are counted by the directions themselves (es_stanza_dir_stanzas),
 * so rekey_freq is counted from the negotiation whenever the state starts.
 *
 * This module knows no XML and no session: traffic.c feeds it. Nothing
 * here reads a clock: time is the value last given to es_rekey_tick().
 * Not thread-safe (one session, one thread).
 */
#ifndef ES_SESSION_REKEY_H
#define ES_SESSION_REKEY_H

#include "dh.h"
#include "groups.h"
#include "rng.h"
#include "sigma_rekey.h"
#include "stanza.h"

/* Our <key/>s the peer has not answered yet, plus the set in use: a peer
 * that never answers cannot make us keep more than this many private
 * values (XEP-0200: "she MUST remember several sets"; we bound them). */
#define ES_REKEY_MAX_SETS 8u

/* Expired MAC keys waiting to be published; the oldest is dropped (wiped,
 * never published) when a new one does not fit. Publishing is a MAY. */
#define ES_REKEY_MAX_OLD 8u

/* XEP-0200 §"Re-Key Initiation": old sets are kept until the peer is seen
 * to use a newer one "or a reasonable time has passed (60 seconds should
 * cover a network round-trip and calculations by a constrained client)". */
#define ES_REKEY_SET_TIMEOUT_MS UINT64_C(60000)

/* XEP-0200 §"Maximum Key Life": a stanza sent when this many counter
 * values were used under our key carries a <key/> (when rekey_freq
 * allows), long before ES_STANZA_MAX_BLOCKS_PER_KEY forces one. */
#define ES_REKEY_SOFT_BLOCKS (UINT64_C(1) << 31)

typedef struct es_rekey es_rekey;

/*
 * A <key/> we are about to send (XEP-0200 §"Re-Key Initiation"), with
 * everything computed before the stanza is built, so that committing it
 * after the SEND event is queued cannot fail for lack of memory.
 */
typedef struct es_rekey_offer {
	es_dh *own;           /* the new x */
	uint8_t *pub;         /* mpi(e), e = g^x mod p: the <key/> value */
	size_t pub_len;       /* (public; malloc'ed) */
	es_rekey_keys mine;   /* our new KC, KM: "Rekey Initiator ..." */
	es_rekey_keys theirs; /* the peer's, "Rekey Acceptor ...", for the
	                         set this <key/> creates */
	es_secbuf old_km;     /* our current KM, published once expired */
} es_rekey_offer;

#define ES_REKEY_OFFER_INIT                                            \
	{                                                              \
		NULL, NULL, 0, ES_REKEY_KEYS_INIT, ES_REKEY_KEYS_INIT, \
		    ES_SECBUF_INIT                                     \
	}

/*
 * es_rekey_new - the state of a session that just became ACTIVE.
 *
 * group, hash, cipher, rekey_freq: the negotiated values (rekey_freq >= 1).
 * own: our private DH value of the negotiation (x for the initiator, y for
 *     the responder). Ownership passes to the state on success only. NULL
 *     when the negotiation did not keep it: we can still initiate
 *     re-keys, but accepting one the peer sent under set 0 then fails with
 *     ESESSION_EREKEY.
 * peer, peer_len: the peer's public value of the negotiation (d or e);
 *     copied.
 *
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL out, group or peer, empty
 * peer, rekey_freq 0); ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status
es_rekey_new(es_rekey **out, const es_group *group, es_hash_alg hash,
             es_cipher_alg cipher, uint32_t rekey_freq, es_dh *own,
             const uint8_t *peer, size_t peer_len);

/* es_rekey_free - destroy every private value and key (wiped). NULL ok. */
void es_rekey_free(es_rekey *rk);

/* ---- sending ---------------------------------------------------------- */

/*
 * es_rekey_may_initiate - whether our next stanza, sent through tx, may
 * carry a <key/>.
 * Returns ESESSION_OK; ESESSION_EREKEY_TOO_SOON (fewer than rekey_freq
 * stanzas since our last <key/>, counting the next one: spec/rekey.md
 * R§3); ESESSION_EREKEY_PENDING (ES_REKEY_MAX_SETS - 1 of our <key/>s are
 * unanswered); ESESSION_EINVAL.
 */
ES_MUST_CHECK esession_status es_rekey_may_initiate(const es_rekey *rk,
                                                    const es_stanza_dir *tx);

/*
 * es_rekey_wants_key - policy: true when tx has used ES_REKEY_SOFT_BLOCKS
 * counter values under its key and a <key/> is allowed now.
 */
bool es_rekey_wants_key(const es_rekey *rk, const es_stanza_dir *tx);

/*
 * es_rekey_offer_prepare - XEP-0200 §"Re-Key Initiation" up to the keys:
 * a new x (2^(2n-1) < x < p - 1), e = g^x mod p, K = d^x mod p with the
 * peer's latest public value d, our new keys and the peer's. Also copies
 * tx's current KM for later publishing. Nothing in rk changes.
 *
 * rng: NULL for libgcrypt (the session's injected test generator
 * otherwise). offer: ES_REKEY_OFFER_INIT; owned by the caller
 * (es_rekey_offer_clear) whatever the outcome.
 * Returns ESESSION_OK, the statuses of es_rekey_may_initiate, and
 * ESESSION_ENOMEM, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_rekey_offer_prepare(const es_rekey *rk,
                                                     es_rng *rng,
                                                     const es_stanza_dir *tx,
                                                     es_rekey_offer *offer);

/* es_rekey_offer_clear - wipe and release what the offer still holds. */
void es_rekey_offer_clear(es_rekey_offer *offer);

/*
 * es_rekey_extras - the <c/> children our next stanza carries besides
 * <data/>: <key/> (offer, or NULL for none), <new/> (the <key/> stanzas
 * received since our last stanza), <old/> (every expired MAC key that may
 * be published now: spec/rekey.md §5). x and old[] borrow from rk and
 * offer until the next call on rk; old must have ES_REKEY_MAX_OLD entries.
 */
void es_rekey_extras(const es_rekey *rk, const es_rekey_offer *offer,
                     es_stanza_extras *x, es_span *old);

/*
 * es_rekey_sent - the stanza built with es_rekey_extras(rk, offer, ...)
 * was queued: forget the published MAC keys, reset <new/>, count the
 * stanza, and with an offer "use her new KC_A and KM_A when sending
 * subsequent stanzas" (tx is re-keyed) and keep the new set. The offer is
 * emptied.
 * Returns ESESSION_OK; ESESSION_EINVAL; ESESSION_ECRYPTO or ESESSION_ESTATE
 * when libgcrypt refuses the new key (tx is then unusable; the session
 * must fail: the peer will expect the new key).
 */
ES_MUST_CHECK esession_status es_rekey_sent(es_rekey *rk, es_stanza_dir *tx,
                                            es_rekey_offer *offer);

/* ---- receiving -------------------------------------------------------- */

/*
 * es_rekey_select - XEP-0200 §"Decrypting a Stanza" step 1: the set the
 * peer's stanza uses, from its (not yet authenticated) <new/> value; rx is
 * re-keyed with that set's keys when they differ from the ones it holds.
 * Nothing is destroyed before the MAC verifies (spec/ambiguities.md
 * "<new/> is read before the MAC"). *pos receives the set's position for
 * es_rekey_received.
 * Returns ESESSION_OK; ESESSION_EREKEY_NEW (<new/> counts more <key/>s
 * than we sent); ESESSION_EREKEY_EXPIRED (the selected set was destroyed
 * by the timeout); ESESSION_EINVAL; ESESSION_ENOMEM, ESESSION_ECRYPTO,
 * ESESSION_ESTATE (re-keying rx).
 */
ES_MUST_CHECK esession_status es_rekey_select(es_rekey *rk, es_stanza_dir *rx,
                                              uint32_t new_count, size_t *pos);

/*
 * es_rekey_received - the stanza verified with the set at pos: destroy the
 * older sets ("Bob MUST then securely destroy any of his sets of values
 * that are older than the selected set"), count the stanza, enforce
 * rekey_freq on a <key/> (key != NULL), and accept it (§"Re-Key
 * Acceptance": K = e^y with y of the selected set, the peer's keys
 * replaced in every set, ours too when exactly one set is kept).
 *
 * tx: our sending direction, NULL once our terminate has been sent.
 * Returns ESESSION_OK; ESESSION_EREKEY_TOO_SOON; ESESSION_EMPI,
 * ESESSION_EDH_RANGE (the <key/> value); ESESSION_EREKEY (no private value
 * of the negotiation to accept with); ESESSION_EINVAL; ESESSION_ENOMEM;
 * ESESSION_ECRYPTO; ESESSION_ESTATE. Any failure is final: the caller
 * fails the session.
 */
ES_MUST_CHECK esession_status es_rekey_received(es_rekey *rk, es_stanza_dir *rx,
                                                es_stanza_dir *tx, size_t pos,
                                                const uint8_t *key,
                                                size_t key_len);

/* ---- time ------------------------------------------------------------- */

/*
 * es_rekey_tick - the application's clock (milliseconds, any origin, never
 * decreasing). Sets older than a newer set created at least
 * ES_REKEY_SET_TIMEOUT_MS ago are destroyed (XEP-0200: "or a reasonable
 * time has passed"); their MAC keys are not published (we do not know that
 * every stanza under them arrived). New sets are stamped with this time.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL, now_ms smaller than before).
 */
ES_MUST_CHECK esession_status es_rekey_tick(es_rekey *rk, uint64_t now_ms);

/* ---- observation (tests, info) ---------------------------------------- */

/* Number of key sets kept, and of MAC keys waiting to be published. */
size_t es_rekey_set_count(const es_rekey *rk);
size_t es_rekey_old_count(const es_rekey *rk);

/*
 * TEST ONLY: replace this side's copy of the agreed rekey_freq, so that a
 * test can play a peer that ignores the agreement. Never call it outside
 * tests.
 */
void es_rekey_set_rekey_freq_for_tests(es_rekey *rk, uint32_t rekey_freq);

#endif
