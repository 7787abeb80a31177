/*
 * vectors_rekey_obs.h - the vector observer's own model of XEP-0200
 * re-keying (§"Re-Key Exchange", §"Publishing Old MAC Values"), as
 * spec/rekey.md (R§n) reads it, for vectors/README.md "Re-keying".
 *
 * The library's re-key state (esession/session/rekey.c) is never asked:
 * the observer keeps, for each party, the key sets {KC_peer, KM_peer, x},
 * the peer's latest public value, the <new/> count, the rekey_freq counts
 * and the expired MAC keys waiting for publication, and updates them only
 * from the stanzas on the wire and the exponents it re-draws from the
 * test seed. Every stanza a party emits must carry exactly the <key/>,
 * <new/> and <old/> this model predicts, and every stanza delivered must
 * verify with the key set the model selects for the receiver; otherwise
 * the run fails and no vector is written.
 *
 * The negotiation's keys and counters come from the negotiation observer
 * (vx_dirs); this model changes dirs->kc / dirs->km of a party when its
 * sending keys change (its own <key/>, or accepting the peer's one).
 */
#ifndef ES_TOOLS_VECTORS_REKEY_OBS_H
#define ES_TOOLS_VECTORS_REKEY_OBS_H

#include "vectors_internal.h"

#include "groups.h"

typedef struct vx_rekey_obs vx_rekey_obs;

/*
 * vx_rekey_obs_new - the model right after the negotiation.
 * group, test: the SessionTest group and inputs; random, inter: the
 * negotiation observer's `random` (copied: the RNG replay that re-draws
 * a new x needs it) and `intermediates`; dirs: the observer's traffic
 * keys (read); msg2: Bob's response, whose rekey_freq binds both parties
 * (R§3). record_keys: add `keys` to every stanza (README
 * "Re-keying"; only re-key tests carry it). NULL on failure (reported).
 */
vx_rekey_obs *vx_rekey_obs_new(const vj *group, const vj *test,
                               const vj *random, const vj *inter,
                               const vx_dirs *dirs, const char *msg2,
                               bool record_keys);

void vx_rekey_obs_free(vx_rekey_obs *o);

/*
 * vx_rekey_obs_sent - party `dir` (0 Alice, 1 Bob) emitted `stanza`.
 * Observes it with vx_observe_stanza (counter, m, data, mContent, mac
 * into entry) under the model's sending keys, checks <key/> (present iff
 * with_key), <new/> and <old/> against the model, adds `key`, `new`,
 * `old`, `rekey` and (record_keys) `keys` to entry, and commits the
 * sender's side (R§4 step 5, R§5). false (reported) on any disagreement.
 */
bool vx_rekey_obs_sent(vx_rekey_obs *o, const vj *test, vx_dirs *dirs, int dir,
                       const char *stanza, bool with_key, vj *entry);

/*
 * vx_rekey_obs_received - the stanza of entry (emitted by `dir`, observed
 * by vx_rekey_obs_sent) was delivered to the other party and accepted by
 * its library: select the receiver's key set from <new/> (R§4), require
 * its KM to verify the MAC and its KC to decrypt `data` to `m`, destroy
 * older sets, accept a <key/> (R§4 step 4: K must equal the sender's).
 * false (reported) on any disagreement.
 */
bool vx_rekey_obs_received(vx_rekey_obs *o, const vj *test, vx_dirs *dirs,
                           int dir, const vj *entry);

/*
 * vx_rekey_rng_replay - the RNG of party `dir` (0 Alice, 1 Bob) of test,
 * positioned after its negotiation: Alice's x for every offered group,
 * N_A and, in 4-message, the rshashes padding (one byte r, then 1 + (r & 3)
 * values, A-"rshashes padding"); Bob's N_B, C_A, y and, when he found no
 * SRS, his random srshash. Every draw must equal the recorded value of
 * `random`; selected is the negotiated group. *out receives the stream
 * (es_rng_free). false when a draw differs or on failure.
 */
bool vx_rekey_rng_replay(const vj *test, const vj *random,
                         const es_group *selected, int dir, es_rng **out);

#endif
