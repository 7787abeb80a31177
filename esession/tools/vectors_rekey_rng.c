/*
 * vectors_rekey_rng.c - where a re-key's new x comes from in a vector
 * (vectors/README.md "Re-keying", `rekey.x`): the next draws of the
 * party's test-only RNG stream after its negotiation. The observer
 * rebuilds the stream from the seed and replays every negotiation draw
 * in the session's order, each compared with the recorded `random`
 * value, so a stream that diverges fails instead of yielding a wrong x.
 */
#include "vectors_rekey_obs.h"

#include "dh.h"
#include "groups.h"
#include "secmem.h"

#include <stdlib.h>
#include <string.h>

/* ---- the party's stream -------------------------------------------- */

/* Draw len bytes and require them to equal the hex member key of obj. */
static bool replay_bytes(es_rng *rng, const vj *obj, const char *key,
                         uint8_t first_mask)
{
	uint8_t *want = NULL, got[256];
	size_t len = 0;
	bool ok = vj_get_hex(obj, key, &want, &len) && len <= sizeof got &&
	          (first_mask != 0 ? vx_redraw(rng, got, len, first_mask)
	                           : es_rng_bytes(rng, ES_RNG_NONCE, got,
	                                          len) == ESESSION_OK) &&
	          memcmp(got, want, len) == 0;
	free(want);
	return ok;
}

static bool replay_exponent(es_rng *rng, const es_group *g, const vj *obj,
                            const char *key)
{
	es_dh *dh = NULL;
	es_secbuf x = ES_SECBUF_INIT;
	uint8_t *want = NULL;
	size_t len = 0;
	bool ok = es_dh_generate(&dh, rng, g, ES_DH_CIPHER_BLOCK_BITS) ==
	              ESESSION_OK &&
	          es_dh_export_exponent(dh, &x) == ESESSION_OK &&
	          vj_get_hex(obj, key, &want, &len) && len == x.len &&
	          memcmp(x.data, want, len) == 0;
	es_dh_free(dh);
	es_secbuf_free(&x);
	if (want != NULL)
		es_wipe(want, len);
	free(want);
	return ok;
}

/*
 * The party's RNG stream up to the end of the negotiation, every draw in
 * the session's order and checked against the recorded random inputs
 * (README `random`): Alice one x per offered group, N_A, and in 4-message
 * the rshashes padding (one byte r, padding 1 + (r & 3) values, A-"rshashes
 * padding"); Bob N_B, C_A, y, and his random srshash when he found no SRS.
 * Its next draw is the x of the party's first <key/>.
 */
bool vx_rekey_rng_replay(const vj *test, const vj *random,
                         const es_group *selected, int dir, es_rng **out)
{
	const vj *alice = vj_get(test, "alice"), *bob = vj_get(test, "bob");
	const char *a_jid = vj_get_str(alice, "jid");
	const char *b_jid = vj_get_str(bob, "jid");
	const char *a_to = vj_get_str(test, "aliceTo");
	uint8_t *seed = NULL;
	size_t seed_len = 0;
	if (a_jid == NULL || b_jid == NULL || a_to == NULL ||
	    !vj_get_hex(test, "seed", &seed, &seed_len))
		return false;
	es_rng *rng =
	    dir == 0 ? vx_session_rng(seed, seed_len, ESESSION_ROLE_INITIATOR,
	                              a_jid, a_to)
	             : vx_session_rng(seed, seed_len, ESESSION_ROLE_RESPONDER,
	                              b_jid, a_jid);
	free(seed);
	const vj *r = random;
	bool ok = rng != NULL;
	if (dir == 0) {
		const vj *xs = vj_get(r, "x");
		for (size_t i = 0; ok && xs != NULL && i < xs->n; i++) {
			uint64_t m = 0;
			const es_group *g = NULL;
			ok = vj_get_int(xs->items[i], "modp", &m) &&
			     es_group_find((unsigned)m, &g) == ESESSION_OK &&
			     replay_exponent(rng, g, xs->items[i], "x");
		}
		ok = ok && replay_bytes(rng, r, "nA", 0xff);
		const vj *pad = vj_get(r, "rshashesPadding");
		if (ok && pad != NULL) {
			uint8_t rbyte = 0;
			ok = es_rng_bytes(rng, ES_RNG_NONCE, &rbyte, 1) ==
			         ESESSION_OK &&
			     pad->n == 1u + (rbyte & 3u);
			for (size_t i = 0; ok && i < pad->n; i++) {
				vj *one = vj_obj();
				vj_set(one, "v", vx_copy(pad->items[i]));
				ok = replay_bytes(rng, one, "v", 0);
				vj_free(one);
			}
		}
	} else {
		ok = ok && replay_bytes(rng, r, "nB", 0xff) &&
		     replay_bytes(rng, r, "cA", 0x7f) &&
		     replay_exponent(rng, selected, r, "y");
		if (ok && vj_get(r, "srshashRandom") != NULL)
			ok = replay_bytes(rng, r, "srshashRandom", 0);
	}
	if (!ok) {
		es_rng_free(rng);
		return false;
	}
	*out = rng;
	return true;
}
