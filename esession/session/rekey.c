/*
 * rekey.c - the XEP-0200 re-key state of one session (see rekey.h and
 * spec/rekey.md, whose section numbers the comments cite as R§n).
 */
#include "rekey.h"

#include <stdlib.h>
#include <string.h>

/* One set {KC_peer, KM_peer, x} (XEP-0200 §"Re-Key Initiation"). */
typedef struct es_rekey_set {
	uint32_t index;      /* 0: the negotiation; j: our j-th <key/> */
	uint32_t key_id;     /* sets with equal ids hold equal peer keys */
	es_dh *own;          /* our private value x of this set */
	es_rekey_keys peer;  /* the peer's keys; empty while rx holds them */
	uint64_t created_ms; /* when the <key/> that created it was sent */
} es_rekey_set;

/* An expired MAC key (R§5). */
typedef struct es_rekey_old {
	es_secbuf km;
	uint32_t publish_at; /* publishable once peer_acked >= publish_at */
} es_rekey_old;

struct es_rekey {
	const es_group *group;
	es_hash_alg hash;
	es_cipher_alg cipher;
	uint32_t rekey_freq;

	es_rekey_set sets[ES_REKEY_MAX_SETS]; /* oldest first */
	size_t n_sets;
	uint32_t next_index;  /* index of the set our next <key/> creates */
	uint32_t peer_acked;  /* index of the set the peer last used */
	uint32_t rx_key_id;   /* id of the keys the rx direction holds */
	uint32_t next_key_id; /* the next unused id */
	es_secbuf rx_prev_km; /* rx's KM before es_rekey_select changed it */

	uint8_t *peer_pub; /* the peer's latest public DH value (d) */
	size_t peer_pub_len;

	/* R§3: the stanza counts of tx and rx (es_stanza_dir_stanzas) when
	 * our last <key/> was sent and the peer's last was received; 0 is
	 * the negotiation. */
	uint64_t sent_mark;
	uint64_t recv_mark;
	uint32_t new_pending; /* <key/> stanzas received since we sent */

	es_rekey_old old[ES_REKEY_MAX_OLD];
	size_t n_old;

	uint64_t now_ms;
};

static uint32_t sat_inc(uint32_t v)
{
	return v < UINT32_MAX ? v + 1u : v;
}

static void set_clear(es_rekey_set *set)
{
	es_dh_free(set->own);
	es_rekey_keys_free(&set->peer);
	memset(set, 0, sizeof *set);
}

/* Destroy the first n sets and move the others up. */
static void sets_drop_oldest(es_rekey *rk, size_t n)
{
	for (size_t i = 0; i < n; i++)
		set_clear(&rk->sets[i]);
	memmove(&rk->sets[0], &rk->sets[n],
	        (rk->n_sets - n) * sizeof rk->sets[0]);
	memset(&rk->sets[rk->n_sets - n], 0, n * sizeof rk->sets[0]);
	rk->n_sets -= n;
}

/* Take *km (emptied) as an expired MAC key. When the list is full the
 * oldest entry is destroyed unpublished: publishing is a MAY, keeping
 * keys without bound is not. */
static void old_push(es_rekey *rk, es_secbuf *km, uint32_t publish_at)
{
	if (km->len == 0)
		return;
	if (rk->n_old == ES_REKEY_MAX_OLD) {
		es_secbuf_free(&rk->old[0].km);
		memmove(&rk->old[0], &rk->old[1],
		        (rk->n_old - 1) * sizeof rk->old[0]);
		rk->n_old--;
	}
	rk->old[rk->n_old].km = *km;
	rk->old[rk->n_old].publish_at = publish_at;
	rk->n_old++;
	*km = (es_secbuf)ES_SECBUF_INIT;
}

static bool old_publishable(const es_rekey *rk, const es_rekey_old *o)
{
	return o->publish_at <= rk->peer_acked;
}

esession_status es_rekey_new(es_rekey **out, const es_group *group,
                             es_hash_alg hash, es_cipher_alg cipher,
                             uint32_t rekey_freq, es_dh *own,
                             const uint8_t *peer, size_t peer_len)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	*out = NULL;
	ES_ENSURE(group != NULL && peer != NULL && peer_len > 0,
	          ESESSION_EINVAL);
	ES_ENSURE(rekey_freq >= 1, ESESSION_EINVAL);
	es_rekey *rk = calloc(1, sizeof *rk);
	ES_ENSURE(rk != NULL, ESESSION_ENOMEM);
	rk->peer_pub = malloc(peer_len);
	if (rk->peer_pub == NULL) {
		free(rk);
		return ESESSION_ENOMEM;
	}
	memcpy(rk->peer_pub, peer, peer_len);
	rk->peer_pub_len = peer_len;
	rk->group = group;
	rk->hash = hash;
	rk->cipher = cipher;
	rk->rekey_freq = rekey_freq;
	/* Set 0: the peer's keys of the negotiation, already in rx (id 0),
	 * with our private value of the negotiation. */
	rk->sets[0].own = own;
	rk->n_sets = 1;
	rk->next_index = 1;
	rk->next_key_id = 1;
	*out = rk;
	return ESESSION_OK;
}

void es_rekey_free(es_rekey *rk)
{
	if (rk == NULL)
		return;
	for (size_t i = 0; i < rk->n_sets; i++)
		set_clear(&rk->sets[i]);
	for (size_t i = 0; i < rk->n_old; i++)
		es_secbuf_free(&rk->old[i].km);
	es_secbuf_free(&rk->rx_prev_km);
	free(rk->peer_pub);
	es_wipe(rk, sizeof *rk);
	free(rk);
}

/* ---- sending ---------------------------------------------------------- */

esession_status es_rekey_may_initiate(const es_rekey *rk,
                                      const es_stanza_dir *tx)
{
	ES_ENSURE(rk != NULL && tx != NULL, ESESSION_EINVAL);
	/* R§3: the stanza about to be sent is number k since our last <key/>
	 * (or the negotiation); XEP-0116 'rekey_freq': "The minimum number of
	 * stanzas that MUST be exchanged before an entity MAY initiate a key
	 * re-exchange (1 - every stanza)". */
	const uint64_t k = es_stanza_dir_stanzas(tx) - rk->sent_mark + 1u;
	ES_ENSURE(k >= rk->rekey_freq, ESESSION_EREKEY_TOO_SOON);
	/* Every unanswered <key/> keeps one more private value alive. */
	ES_ENSURE(rk->n_sets < ES_REKEY_MAX_SETS && rk->next_index < UINT32_MAX,
	          ESESSION_EREKEY_PENDING);
	return ESESSION_OK;
}

bool es_rekey_wants_key(const es_rekey *rk, const es_stanza_dir *tx)
{
	return rk != NULL && tx != NULL &&
	       es_stanza_dir_blocks_used(tx) >= ES_REKEY_SOFT_BLOCKS &&
	       es_rekey_may_initiate(rk, tx) == ESESSION_OK;
}

esession_status es_rekey_offer_prepare(const es_rekey *rk, es_rng *rng,
                                       const es_stanza_dir *tx,
                                       es_rekey_offer *offer)
{
	ES_ENSURE(rk != NULL && tx != NULL && offer != NULL, ESESSION_EINVAL);
	ES_ENSURE(offer->own == NULL && offer->pub == NULL, ESESSION_EINVAL);
	ES_GUARD(es_rekey_may_initiate(rk, tx));

	es_secbuf k = ES_SECBUF_INIT;
	/* "Generate: a secret random number x (where 2^(2n-1) < x < p - 1)";
	 * "Calculate: e = g^(x) mod p". */
	esession_status st = es_dh_generate(&offer->own, rng, rk->group,
	                                    ES_DH_CIPHER_BLOCK_BITS);
	if (st == ESESSION_OK) {
		offer->pub = malloc(es_group_p_len(rk->group));
		st = offer->pub != NULL ? ESESSION_OK : ESESSION_ENOMEM;
	}
	if (st == ESESSION_OK)
		st = es_dh_public(offer->own, offer->pub,
		                  es_group_p_len(rk->group), &offer->pub_len);
	/* "Calculate: K = d^(x) mod p (the new shared secret)", d the peer's
	 * latest public value (R§2). */
	if (st == ESESSION_OK)
		st = es_sigma_rekey_secret(offer->own, rk->peer_pub,
		                           rk->peer_pub_len, &k);
	/* "Alice's Encryption key: KC_A = HMAC(HASH, K, "Rekey Initiator
	 * Crypt")", ... "Bob's Integrity key: KM_B = ...". */
	if (st == ESESSION_OK)
		st = es_sigma_rekey_derive(
		    rk->hash, rk->cipher, ES_REKEY_INITIATOR, &k, &offer->mine);
	if (st == ESESSION_OK)
		st = es_sigma_rekey_derive(rk->hash, rk->cipher,
		                           ES_REKEY_ACCEPTOR, &k,
		                           &offer->theirs);
	/* "Once KC_A, KM_A, KC_B and KM_B have been calculated the value of
	 * K MUST be securely destroyed." */
	es_secbuf_free(&k);
	if (st == ESESSION_OK)
		st = es_stanza_dir_copy_mac_key(tx, &offer->old_km);
	return st;
}

void es_rekey_offer_clear(es_rekey_offer *offer)
{
	if (offer == NULL)
		return;
	es_dh_free(offer->own);
	free(offer->pub);
	es_rekey_keys_free(&offer->mine);
	es_rekey_keys_free(&offer->theirs);
	es_secbuf_free(&offer->old_km);
	*offer = (es_rekey_offer)ES_REKEY_OFFER_INIT;
}

void es_rekey_extras(const es_rekey *rk, const es_rekey_offer *offer,
                     es_stanza_extras *x, es_span *old)
{
	memset(x, 0, sizeof *x);
	if (offer != NULL) {
		/* "The new value of e SHOULD be wrapped in a <key/> element".
		 */
		x->key = offer->pub;
		x->key_len = offer->pub_len;
	}
	/* XEP-0200 §"Encrypting a Stanza": "Only if Alice has received
	 * stanzas containing a <key/> element ... since she sent her last
	 * stanza then the XML MUST include the (positive, non-zero) number
	 * of such stanzas". */
	x->new_count = rk->new_pending;
	size_t n = 0;
	for (size_t i = 0; i < rk->n_old; i++) {
		if (!old_publishable(rk, &rk->old[i]))
			continue;
		old[n].data = rk->old[i].km.data;
		old[n].len = rk->old[i].km.len;
		n++;
	}
	x->old = n > 0 ? old : NULL;
	x->n_old = n;
}

esession_status es_rekey_sent(es_rekey *rk, es_stanza_dir *tx,
                              es_rekey_offer *offer)
{
	ES_ENSURE(rk != NULL, ESESSION_EINVAL);
	if (offer != NULL) {
		ES_ENSURE(tx != NULL && offer->own != NULL &&
		              rk->n_sets < ES_REKEY_MAX_SETS,
		          ESESSION_EINVAL);
		/* "Alice MUST use her old KC_A and KM_A to encrypt and
		 * calculate the MAC of this stanza, after which she MUST
		 * securely destroy all copies of the old value of KC_A. She
		 * MUST use her new KC_A and KM_A when sending subsequent
		 * stanzas." The old KC dies inside libgcrypt. */
		ES_GUARD(es_stanza_dir_rekey(
		    tx, offer->mine.kc.data, offer->mine.kc.len,
		    offer->mine.km.data, offer->mine.km.len));
	}
	/* The <old/> values just sent are public now; forget them. */
	size_t kept = 0;
	for (size_t i = 0; i < rk->n_old; i++) {
		if (old_publishable(rk, &rk->old[i])) {
			es_secbuf_free(&rk->old[i].km);
			continue;
		}
		rk->old[kept++] = rk->old[i];
	}
	memset(&rk->old[kept], 0, (rk->n_old - kept) * sizeof rk->old[0]);
	rk->n_old = kept;
	rk->new_pending = 0;

	if (offer == NULL)
		return ESESSION_OK;
	/* "she MUST remember several sets of the three values:
	 * {KC_B KM_B x}". */
	es_rekey_set *set = &rk->sets[rk->n_sets++];
	set->index = rk->next_index++;
	set->key_id = rk->next_key_id++;
	set->own = offer->own;
	set->peer = offer->theirs;
	set->created_ms = rk->now_ms;
	offer->own = NULL;
	offer->theirs = (es_rekey_keys)ES_REKEY_KEYS_INIT;
	/* R§5: our old KM may be published once the peer is seen to use
	 * this set ("received a stanza from Bob encrypted with her new
	 * key"). */
	old_push(rk, &offer->old_km, set->index);
	rk->sent_mark = es_stanza_dir_stanzas(tx); /* counts this stanza */
	es_rekey_offer_clear(offer);
	return ESESSION_OK;
}

/* ---- receiving -------------------------------------------------------- */

esession_status es_rekey_select(es_rekey *rk, es_stanza_dir *rx,
                                uint32_t new_count, size_t *pos)
{
	ES_ENSURE(rk != NULL && rx != NULL && pos != NULL, ESESSION_EINVAL);
	es_secbuf_free(&rk->rx_prev_km);
	/* XEP-0200 §"Decrypting a Stanza": "Use any <new/> element ... to
	 * determine which of his <key/> elements Alice had received before
	 * she sent him the stanza". <new/> counts since the peer's previous
	 * stanza, which used set peer_acked (R§4). */
	uint64_t target = (uint64_t)rk->peer_acked + new_count;
	ES_ENSURE(target < rk->next_index, ESESSION_EREKEY_NEW);
	size_t i = 0;
	while (i < rk->n_sets && rk->sets[i].index != target)
		i++;
	/* Destroyed by the timeout (or the peer skipped backwards, which
	 * <new/> cannot express). */
	ES_ENSURE(i < rk->n_sets, ESESSION_EREKEY_EXPIRED);

	es_rekey_set *set = &rk->sets[i];
	if (set->key_id != rk->rx_key_id) {
		ES_ENSURE(set->peer.km.len > 0, ESESSION_ESTATE);
		/* Keep rx's current KM: once the MAC verifies under the new
		 * keys, every stanza under the old ones has arrived (R§5). */
		ES_GUARD(es_stanza_dir_copy_mac_key(rx, &rk->rx_prev_km));
		ES_GUARD(
		    es_stanza_dir_rekey(rx, set->peer.kc.data, set->peer.kc.len,
		                        set->peer.km.data, set->peer.km.len));
		rk->rx_key_id = set->key_id;
	}
	*pos = i;
	return ESESSION_OK;
}

/* §"Re-Key Acceptance" for a <key/> verified with sets[0]. */
static esession_status rekey_accept(es_rekey *rk, es_stanza_dir *rx,
                                    es_stanza_dir *tx, const uint8_t *key,
                                    size_t key_len)
{
	/* Only if exactly one set is kept do our sending keys change too. */
	const bool ours = rk->n_sets == 1 && tx != NULL;
	es_secbuf k = ES_SECBUF_INIT;
	es_rekey_keys peer = ES_REKEY_KEYS_INIT;
	es_rekey_keys mine = ES_REKEY_KEYS_INIT;
	es_secbuf rx_old = ES_SECBUF_INIT;
	es_secbuf tx_old = ES_SECBUF_INIT;
	uint8_t *pub = NULL;

	/* "he MUST extract the new value of e and confirm that it is greater
	 * than one" (we check 1 < e < p - 1, A-"Re-key DH value check"),
	 * "Then he MUST calculate K using the new value of e and the value
	 * of y from his oldest stored set" - sets[0], the selected one. */
	ES_ENSURE(rk->sets[0].own != NULL, ESESSION_EREKEY);
	esession_status st =
	    es_sigma_rekey_secret(rk->sets[0].own, key, key_len, &k);
	if (st == ESESSION_OK)
		st = es_sigma_rekey_derive(rk->hash, rk->cipher,
		                           ES_REKEY_INITIATOR, &k, &peer);
	if (st == ESESSION_OK && ours)
		st = es_sigma_rekey_derive(rk->hash, rk->cipher,
		                           ES_REKEY_ACCEPTOR, &k, &mine);
	es_secbuf_free(&k);
	if (st == ESESSION_OK)
		st = es_stanza_dir_copy_mac_key(rx, &rx_old);
	if (st == ESESSION_OK && ours)
		st = es_stanza_dir_copy_mac_key(tx, &tx_old);
	if (st == ESESSION_OK) {
		pub = malloc(key_len);
		st = pub != NULL ? ESESSION_OK : ESESSION_ENOMEM;
	}
	/* "Bob MUST replace the values of KC_A and KM_A in all his stored
	 * sets" - rx holds them for every set from now on. */
	if (st == ESESSION_OK)
		st = es_stanza_dir_rekey(rx, peer.kc.data, peer.kc.len,
		                         peer.km.data, peer.km.len);
	/* "Only if Bob is storing exactly one set of values {KC_A KM_A y}
	 * then he MUST also replace his values of KC_B and KM_B". */
	if (st == ESESSION_OK && ours)
		st = es_stanza_dir_rekey(tx, mine.kc.data, mine.kc.len,
		                         mine.km.data, mine.km.len);
	if (st == ESESSION_OK) {
		const uint32_t id = rk->next_key_id++;
		for (size_t i = 0; i < rk->n_sets; i++) {
			es_rekey_keys_free(&rk->sets[i].peer);
			rk->sets[i].key_id = id;
		}
		rk->rx_key_id = id;
		memcpy(pub, key, key_len);
		free(rk->peer_pub);
		rk->peer_pub = pub;
		rk->peer_pub_len = key_len;
		pub = NULL;
		/* R§5: the <key/> stanza was the last under the peer's old
		 * KM ("She MAY also publish KM_B after she has received a
		 * re-key from Bob"); our own old KM waits until the peer
		 * answers a <key/> of ours sent after this. */
		old_push(rk, &rx_old, 0);
		old_push(rk, &tx_old, rk->next_index);
		rk->new_pending = sat_inc(rk->new_pending);
		rk->recv_mark = es_stanza_dir_stanzas(rx);
	}
	free(pub);
	es_rekey_keys_free(&peer);
	es_rekey_keys_free(&mine);
	es_secbuf_free(&rx_old);
	es_secbuf_free(&tx_old);
	return st;
}

esession_status es_rekey_received(es_rekey *rk, es_stanza_dir *rx,
                                  es_stanza_dir *tx, size_t pos,
                                  const uint8_t *key, size_t key_len)
{
	ES_ENSURE(rk != NULL && rx != NULL && pos < rk->n_sets,
	          ESESSION_EINVAL);
	ES_ENSURE(key != NULL || key_len == 0, ESESSION_EINVAL);
	/* "Bob MUST then securely destroy any of his sets of values that
	 * are older than the selected set" - only now that the MAC under
	 * the selected set has verified. */
	sets_drop_oldest(rk, pos);
	rk->peer_acked = rk->sets[0].index;
	if (rk->sets[0].key_id == rk->rx_key_id)
		es_rekey_keys_free(&rk->sets[0].peer); /* rx holds them */
	old_push(rk, &rk->rx_prev_km, 0);

	if (key == NULL)
		return ESESSION_OK;
	/* R§3: this stanza (already counted by rx) is the peer's k-th since
	 * its last <key/>. XEP-0200 §"Re-Key Exchange": "Entities MUST NOT
	 * initiate key re-exchanges more frequently than the agreed limit." */
	const uint64_t k = es_stanza_dir_stanzas(rx) - rk->recv_mark;
	ES_ENSURE(k >= rk->rekey_freq, ESESSION_EREKEY_TOO_SOON);
	return rekey_accept(rk, rx, tx, key, key_len);
}

/* ---- time ------------------------------------------------------------- */

esession_status es_rekey_tick(es_rekey *rk, uint64_t now_ms)
{
	ES_ENSURE(rk != NULL && now_ms >= rk->now_ms, ESESSION_EINVAL);
	rk->now_ms = now_ms;
	/* "before destroying her old values of KC_B and KM_B, Alice MUST
	 * wait until either she receives a stanza encrypted with her new
	 * key, or a reasonable time has passed": every set older than the
	 * newest set whose <key/> was sent ES_REKEY_SET_TIMEOUT_MS ago. */
	size_t drop = 0;
	for (size_t i = 1; i < rk->n_sets; i++) {
		if (now_ms - rk->sets[i].created_ms >= ES_REKEY_SET_TIMEOUT_MS)
			drop = i;
	}
	if (drop > 0)
		sets_drop_oldest(rk, drop);
	return ESESSION_OK;
}

size_t es_rekey_set_count(const es_rekey *rk)
{
	return rk != NULL ? rk->n_sets : 0;
}

size_t es_rekey_old_count(const es_rekey *rk)
{
	return rk != NULL ? rk->n_old : 0;
}

void es_rekey_set_rekey_freq_for_tests(es_rekey *rk, uint32_t rekey_freq)
{
	if (rk != NULL && rekey_freq >= 1)
		rk->rekey_freq = rekey_freq;
}
