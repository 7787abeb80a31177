/*
 * vectors_rekey_obs.c - the observer's model of XEP-0200 re-keying
 * (vectors_rekey_obs.h): spec/rekey.md (R§n) step by step, fed only with
 * the wire and the re-drawn exponents, with the primitives only (DH, HMAC,
 * CTR). Nothing here calls esession/session/rekey.c.
 */
#include "vectors_rekey_obs.h"

#include "base64.h"
#include "dh.h"
#include "groups.h"
#include "secmem.h"

#include <stdlib.h>
#include <string.h>

/* R§4 "At most ES_REKEY_MAX_SETS = 8 sets"; R§5 "At most ES_REKEY_MAX_OLD
 * = 8 keys wait". Restated here from the spec, not included from
 * rekey.h, so that the model does not borrow the library's values. */
#define RK_MAX_SETS 8u
#define RK_MAX_OLD  8u
/* mpi of a value below p of MODP group 18 (8192 bits). */
#define RK_PUB_MAX 1024u

/* R§1 "sets of values {KC_B KM_B x}", with the absolute index. */
typedef struct rk_set {
	uint32_t index;
	uint8_t kc[32], km[64];
	es_dh *priv;
} rk_set;

/* R§5: an expired MAC key and the set index the peer must select before
 * it may be published (0: at once). */
typedef struct rk_old {
	uint8_t km[64];
	uint32_t threshold;
} rk_old;

typedef struct rk_party {
	es_rng *rng; /* the party's RNG replayed; NULL until its first <key/> */
	rk_set sets[RK_MAX_SETS];
	size_t n_sets;
	uint32_t next_index, peer_acked, new_pending;
	uint32_t sent_since_key, recv_since_key;
	uint8_t rx_kc[32], rx_km[64];
	uint8_t peer_pub[RK_PUB_MAX];
	size_t peer_pub_len;
	rk_old old[RK_MAX_OLD];
	size_t n_old;
} rk_party;

struct vx_rekey_obs {
	vx_algs algs;
	const es_group *group;
	uint32_t rekey_freq;
	size_t kc_len, km_len;
	bool record_keys;
	vj *random;    /* a copy, for the RNG replay */
	rk_party p[2]; /* 0 Alice, 1 Bob */
};

/* ---- small helpers ------------------------------------------------- */

/* The text of the first child element `name` of parent, or NULL. */
static es_xml_node *child(const es_xml_node *parent, const char *name)
{
	for (es_xml_node *c = es_xml_first_element(parent); c != NULL;
	     c = es_xml_next_element(c))
		if (strcmp(es_xml_name(c), name) == 0)
			return c;
	return NULL;
}

static bool b64_of_node(const es_xml_node *n, uint8_t *out, size_t cap,
                        size_t *len)
{
	const char *text = NULL;
	size_t tlen = 0;
	return es_xml_text_content(n, &text, &tlen) == ESESSION_OK &&
	       es_base64_decode(text, tlen, out, cap, len) == ESESSION_OK;
}

/* XEP-0200 §"Re-Key Initiation": the four keys of K, HMAC(HASH, K,
 * label), least significant bytes (BS §4, A-"Length of the MAC and SIGMA
 * keys"); K used as is (A-"Re-key shared secret is not hashed"). */
typedef struct rk_keys {
	uint8_t kci[32], kmi[64], kcr[32], kmr[64];
} rk_keys;

static bool rk_kdf(const vx_rekey_obs *o, const es_secbuf *k, const char *label,
                   size_t len, uint8_t *out)
{
	uint8_t h[ES_HASH_MAX_LEN];
	es_span part = {(const uint8_t *)label, strlen(label)};
	bool ok =
	    len <= o->algs.hlen && es_hmac(o->algs.hash, k->data, k->len, &part,
	                                   1, h, sizeof h) == ESESSION_OK;
	if (ok)
		memcpy(out, h + o->algs.hlen - len, len);
	es_wipe(h, sizeof h);
	return ok;
}

static bool rk_derive(const vx_rekey_obs *o, const es_secbuf *k, rk_keys *out)
{
	return rk_kdf(o, k, "Rekey Initiator Crypt", o->kc_len, out->kci) &&
	       rk_kdf(o, k, "Rekey Initiator MAC", o->km_len, out->kmi) &&
	       rk_kdf(o, k, "Rekey Acceptor Crypt", o->kc_len, out->kcr) &&
	       rk_kdf(o, k, "Rekey Acceptor MAC", o->km_len, out->kmr);
}

/* R§5: an expired MAC key waits; a ninth pushes the oldest out. */
static void rk_expire(vx_rekey_obs *o, rk_party *p, const uint8_t *km,
                      uint32_t threshold)
{
	if (p->n_old == RK_MAX_OLD) {
		memmove(&p->old[0], &p->old[1],
		        sizeof p->old[0] * (RK_MAX_OLD - 1));
		p->n_old--;
	}
	memcpy(p->old[p->n_old].km, km, o->km_len);
	p->old[p->n_old].threshold = threshold;
	p->n_old++;
}

/* The rekey_freq value of Bob's response (message 2), which binds both
 * parties (R§3). */
static bool agreed_rekey_freq(const char *msg2, uint32_t *out)
{
	vx_xml x = {0};
	bool ok = false;
	es_xml_node *form =
	    vx_xml_parse(&x, msg2) == ESESSION_OK ? vx_form_of(x.root) : NULL;
	for (es_xml_node *f = form != NULL ? es_xml_first_element(form) : NULL;
	     f != NULL && !ok; f = es_xml_next_element(f)) {
		const char *var = es_xml_attr_get(f, "", "var", NULL);
		es_xml_node *v = child(f, "value");
		const char *text = NULL;
		size_t len = 0;
		if (var == NULL || strcmp(var, "rekey_freq") != 0 ||
		    v == NULL ||
		    es_xml_text_content(v, &text, &len) != ESESSION_OK ||
		    len == 0 || len > 10)
			continue;
		uint64_t n = 0;
		ok = true;
		for (size_t i = 0; i < len; i++) {
			ok = ok && text[i] >= '0' && text[i] <= '9';
			n = n * 10 + (uint64_t)(text[i] - '0');
		}
		ok = ok && n >= 1 && n <= UINT32_MAX;
		*out = (uint32_t)n;
	}
	vx_xml_free(&x);
	return ok;
}

/* es_dh of a recorded exponent (hex member `key` of obj). */
static bool dh_of(const es_group *g, const vj *obj, const char *key,
                  es_dh **out)
{
	uint8_t *x = NULL;
	size_t len = 0;
	bool ok = vj_get_hex(obj, key, &x, &len) &&
	          es_dh_from_exponent(out, g, ES_DH_CIPHER_BLOCK_BITS, x,
	                              len) == ESESSION_OK;
	if (x != NULL)
		es_wipe(x, len);
	free(x);
	return ok;
}

static bool copy_hex(const vj *obj, const char *key, uint8_t *out, size_t cap,
                     size_t *len)
{
	uint8_t *v = NULL;
	bool ok = vj_get_hex(obj, key, &v, len) && *len <= cap;
	if (ok)
		memcpy(out, v, *len);
	free(v);
	return ok;
}

/* ---- creation ------------------------------------------------------ */

vx_rekey_obs *vx_rekey_obs_new(const vj *group, const vj *test,
                               const vj *random, const vj *inter,
                               const vx_dirs *dirs, const char *msg2,
                               bool record_keys)
{
	vx_rekey_obs *o = calloc(1, sizeof *o);
	uint64_t sel = 0;
	if (o == NULL)
		return vx_fail(test, "observer: out of memory");
	o->algs = dirs->algs;
	o->kc_len = dirs->kc_len;
	o->km_len = dirs->km_len;
	o->record_keys = record_keys;
	o->random = vx_copy(random);
	bool ok = vj_get_int(group, "modp", &sel) &&
	          es_group_find((unsigned)sel, &o->group) == ESESSION_OK &&
	          agreed_rekey_freq(msg2, &o->rekey_freq);
	/* R§1: set 0 holds the peer's keys of the negotiation and our private
	 * value of the selected group (x for Alice, y for Bob); the peer's
	 * public value is d for Alice, e for Bob. */
	const vj *xs = vj_get(random, "x");
	const vj *es = vj_get(inter, "e");
	for (size_t i = 0; ok && xs != NULL && es != NULL && i < xs->n &&
	                   i < es->n && o->p[0].n_sets == 0;
	     i++) {
		uint64_t m = 0;
		if (!vj_get_int(xs->items[i], "modp", &m) || m != sel)
			continue;
		ok =
		    dh_of(o->group, xs->items[i], "x", &o->p[0].sets[0].priv) &&
		    copy_hex(es->items[i], "e", o->p[1].peer_pub, RK_PUB_MAX,
		             &o->p[1].peer_pub_len);
		o->p[0].n_sets = 1;
	}
	ok = ok && o->p[0].n_sets == 1 &&
	     dh_of(o->group, random, "y", &o->p[1].sets[0].priv) &&
	     copy_hex(inter, "d", o->p[0].peer_pub, RK_PUB_MAX,
	              &o->p[0].peer_pub_len);
	for (int i = 0; ok && i < 2; i++) {
		rk_party *p = &o->p[i];
		p->n_sets = 1;
		p->next_index = 1;
		memcpy(p->sets[0].kc, dirs->kc[1 - i], o->kc_len);
		memcpy(p->sets[0].km, dirs->km[1 - i], o->km_len);
		memcpy(p->rx_kc, dirs->kc[1 - i], o->kc_len);
		memcpy(p->rx_km, dirs->km[1 - i], o->km_len);
	}
	if (!ok) {
		vx_rekey_obs_free(o);
		return vx_fail(test, "observer: re-key model not initialised");
	}
	return o;
}

void vx_rekey_obs_free(vx_rekey_obs *o)
{
	if (o == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		es_rng_free(o->p[i].rng);
		for (size_t j = 0; j < o->p[i].n_sets; j++)
			es_dh_free(o->p[i].sets[j].priv);
	}
	vj_free(o->random);
	es_wipe(o, sizeof *o);
	free(o);
}

/* ---- sending ------------------------------------------------------- */

/* The <key/>, <new/> and <old/> children of the <c/> of stanza. */
typedef struct rk_wire {
	uint8_t key[RK_PUB_MAX];
	size_t key_len;
	bool has_key;
	uint64_t new_count; /* 0 when absent */
	bool has_new;
	uint8_t old[RK_MAX_OLD + 1][64];
	size_t old_len[RK_MAX_OLD + 1], n_old;
} rk_wire;

static bool parse_wire(const char *stanza, rk_wire *w)
{
	vx_xml x = {0};
	memset(w, 0, sizeof *w);
	bool ok = vx_xml_parse(&x, stanza) == ESESSION_OK;
	es_xml_node *c = ok ? child(x.root, "c") : NULL;
	ok = c != NULL;
	for (es_xml_node *e = ok ? es_xml_first_element(c) : NULL;
	     ok && e != NULL; e = es_xml_next_element(e)) {
		const char *name = es_xml_name(e);
		const char *text = NULL;
		size_t len = 0;
		if (strcmp(name, "key") == 0) {
			ok = !w->has_key &&
			     b64_of_node(e, w->key, sizeof w->key, &w->key_len);
			w->has_key = true;
		} else if (strcmp(name, "new") == 0) {
			ok = !w->has_new &&
			     es_xml_text_content(e, &text, &len) ==
			         ESESSION_OK &&
			     len > 0 && len < 10;
			for (size_t i = 0; ok && i < len; i++) {
				ok = text[i] >= '0' && text[i] <= '9';
				w->new_count = w->new_count * 10 +
				               (uint64_t)(text[i] - '0');
			}
			w->has_new = true;
		} else if (strcmp(name, "old") == 0) {
			ok = w->n_old <= RK_MAX_OLD &&
			     b64_of_node(e, w->old[w->n_old], 64,
			                 &w->old_len[w->n_old]);
			w->n_old++;
		}
	}
	vx_xml_free(&x);
	return ok;
}

/* R§4 step 5: a new x from the sender's RNG, e = g^x must be the <key/>
 * on the wire, K = mpi(d^x mod p) with the peer's latest public value d. */
static bool offer_keys(vx_rekey_obs *o, const vj *test, int dir,
                       const rk_wire *w, es_dh **x_out, rk_keys *keys,
                       vj *rekey)
{
	rk_party *p = &o->p[dir];
	es_dh *x = NULL;
	es_secbuf k = ES_SECBUF_INIT, xs = ES_SECBUF_INIT;
	uint8_t pub[RK_PUB_MAX];
	size_t pub_len = 0;
	if (p->rng == NULL &&
	    !vx_rekey_rng_replay(test, o->random, o->group, dir, &p->rng))
		return vx_failed(test,
		                 "observer: the %s RNG stream does not "
		                 "reproduce the recorded random inputs",
		                 dir == 0 ? "initiator" : "responder");
	bool ok = es_dh_generate(&x, p->rng, o->group,
	                         ES_DH_CIPHER_BLOCK_BITS) == ESESSION_OK &&
	          es_dh_public(x, pub, sizeof pub, &pub_len) == ESESSION_OK &&
	          pub_len == w->key_len && memcmp(pub, w->key, pub_len) == 0;
	if (!ok) {
		es_dh_free(x);
		return vx_failed(test, "observer: the re-drawn x does not give "
		                       "the <key/> on the wire");
	}
	ok = es_dh_export_exponent(x, &xs) == ESESSION_OK &&
	     es_dh_compute_shared(x, p->peer_pub, p->peer_pub_len, &k) ==
	         ESESSION_OK &&
	     rk_derive(o, &k, keys);
	if (ok) {
		vj_set(rekey, "x", vj_hex(xs.data, xs.len));
		vj_set(rekey, "peerPublic",
		       vj_hex(p->peer_pub, p->peer_pub_len));
		vj_set(rekey, "K", vj_hex(k.data, k.len));
		vj_set(rekey, "KCI", vj_hex(keys->kci, o->kc_len));
		vj_set(rekey, "KMI", vj_hex(keys->kmi, o->km_len));
		vj_set(rekey, "KCR", vj_hex(keys->kcr, o->kc_len));
		vj_set(rekey, "KMR", vj_hex(keys->kmr, o->km_len));
		*x_out = x;
	} else {
		es_dh_free(x);
	}
	es_secbuf_free(&k);
	es_secbuf_free(&xs);
	return ok;
}

/* R§5: the expired keys the sender may publish now, in expiry order. */
static bool check_old(const vx_rekey_obs *o, const rk_party *p,
                      const rk_wire *w, vj *olds)
{
	size_t j = 0;
	for (size_t i = 0; i < p->n_old; i++) {
		if (p->old[i].threshold > p->peer_acked)
			continue;
		if (j >= w->n_old || w->old_len[j] != o->km_len ||
		    memcmp(w->old[j], p->old[i].km, o->km_len) != 0)
			return false;
		vj_push(olds, vj_hex(w->old[j], w->old_len[j]));
		j++;
	}
	return j == w->n_old;
}

bool vx_rekey_obs_sent(vx_rekey_obs *o, const vj *test, vx_dirs *dirs, int dir,
                       const char *stanza, bool with_key, vj *entry)
{
	rk_party *p = &o->p[dir];
	rk_wire w;
	uint8_t kc[32], km[64];
	memcpy(kc, dirs->kc[dir], o->kc_len);
	memcpy(km, dirs->km[dir], o->km_len);
	/* XEP-0200 §"Re-Key Initiation": the <key/> stanza itself is
	 * protected by the old keys (R§2). */
	if (!vx_observe_stanza(test, dirs, dir, stanza, entry))
		return false;
	if (!parse_wire(stanza, &w))
		return vx_failed(test, "observer: <c/> children unreadable");
	/* R§3: the k-th stanza since our last <key/> may carry one iff
	 * k >= rekey_freq; R§4: at most RK_MAX_SETS sets. */
	uint32_t number = p->sent_since_key + 1;
	if (w.has_key != with_key ||
	    (with_key && (number < o->rekey_freq ||
	                  p->next_index - p->sets[0].index >= RK_MAX_SETS)))
		return vx_failed(test,
		                 "observer: <key/> %s where the model "
		                 "expects %s",
		                 w.has_key ? "present" : "absent",
		                 with_key ? "one" : "none");
	/* R§4: <new/> counts the peer's <key/>s since our previous stanza. */
	if (w.has_new != (p->new_pending != 0) || w.new_count != p->new_pending)
		return vx_failed(test, "observer: <new/> is not %u",
		                 (unsigned)p->new_pending);
	vj *olds = vj_arr();
	if (!check_old(o, p, &w, olds)) {
		vj_free(olds);
		return vx_failed(test, "observer: <old/> values differ from "
		                       "the keys R§5 lets the sender publish");
	}
	es_dh *x = NULL;
	rk_keys keys;
	vj *rekey = vj_obj();
	bool ok = !with_key || offer_keys(o, test, dir, &w, &x, &keys, rekey);
	if (ok && w.has_key)
		vj_set(entry, "key", vj_hex(w.key, w.key_len));
	if (ok && w.has_new)
		vj_set(entry, "new", vj_int(w.new_count));
	if (ok && olds->n > 0) {
		vj_set(entry, "old", olds);
		olds = NULL;
	}
	if (ok && with_key) {
		vj_set(entry, "rekey", rekey);
		rekey = NULL;
	}
	if (ok && o->record_keys) {
		vj *k = vj_set(entry, "keys", vj_obj());
		vj_set(k, "KC", vj_hex(kc, o->kc_len));
		vj_set(k, "KM", vj_hex(km, o->km_len));
	}
	vj_free(olds);
	vj_free(rekey);
	if (!ok)
		return false;
	/* Commit (R§8): published keys are forgotten, <new/> restarts. */
	size_t kept = 0;
	for (size_t i = 0; i < p->n_old; i++)
		if (p->old[i].threshold > p->peer_acked)
			p->old[kept++] = p->old[i];
	p->n_old = kept;
	p->new_pending = 0;
	p->sent_since_key = number;
	if (with_key) {
		/* R§4 step 5 and R§5 row 1: our KM expires, to be published
		 * once the peer selects the new set; we send with the
		 * Initiator keys; the new set holds the Acceptor keys. */
		rk_expire(o, p, km, p->next_index);
		memcpy(dirs->kc[dir], keys.kci, o->kc_len);
		memcpy(dirs->km[dir], keys.kmi, o->km_len);
		rk_set *s = &p->sets[p->n_sets++];
		s->index = p->next_index++;
		memcpy(s->kc, keys.kcr, o->kc_len);
		memcpy(s->km, keys.kmr, o->km_len);
		s->priv = x;
		p->sent_since_key = 0;
	}
	es_wipe(&keys, sizeof keys);
	es_wipe(kc, sizeof kc);
	es_wipe(km, sizeof km);
	return true;
}

/* ---- receiving ----------------------------------------------------- */

/* The MAC and the decryption of entry with the selected set's keys. */
static bool verify_with(const vx_rekey_obs *o, const rk_set *s, const vj *entry)
{
	uint8_t *c0 = NULL, *mac = NULL, *data = NULL, *m = NULL, *plain = NULL;
	size_t c0_len = 0, mac_len = 0, d_len = 0, m_len = 0;
	uint8_t calc[ES_HASH_MAX_LEN], ctr[ES_CTR_MAX_BLOCK_LEN];
	const char *content = vj_get_str(entry, "mContent");
	bool ok = content != NULL &&
	          vj_get_hex(entry, "counter", &c0, &c0_len) &&
	          c0_len == o->algs.blen &&
	          vj_get_hex(entry, "mac", &mac, &mac_len) &&
	          vj_get_hex(entry, "m", &m, &m_len);
	es_span parts[2] = {
	    {(const uint8_t *)content, content != NULL ? strlen(content) : 0},
	    {c0, c0_len}};
	ok = ok &&
	     es_hmac(o->algs.hash, s->km, o->km_len, parts, 2, calc,
	             sizeof calc) == ESESSION_OK &&
	     mac_len == o->algs.hlen && memcmp(calc, mac, mac_len) == 0;
	if (ok && vj_get(entry, "data") != NULL) {
		ok = vj_get_hex(entry, "data", &data, &d_len) &&
		     d_len == m_len && (plain = malloc(d_len + 1)) != NULL;
		memcpy(ctr, c0, c0_len);
		ok = ok &&
		     vx_ctr_crypt(&o->algs, s->kc, o->kc_len, ctr, data, d_len,
		                  plain) &&
		     memcmp(plain, m, m_len) == 0;
	}
	free(c0);
	free(mac);
	free(data);
	free(m);
	free(plain);
	return ok;
}

/* R§4 step 4: accept the peer's <key/> with the private value of the
 * oldest (= selected) set; K must equal the one the sender derived. */
static bool accept_key(vx_rekey_obs *o, const vj *test, vx_dirs *dirs, int recv,
                       const rk_wire *w, const vj *entry)
{
	rk_party *p = &o->p[recv];
	es_secbuf k = ES_SECBUF_INIT;
	rk_keys keys;
	uint8_t *k_sent = NULL;
	size_t k_sent_len = 0;
	/* R§3: the peer's k-th stanza since its last <key/>, k >= rekey_freq;
	 * R§2: 1 < e < p - 1 (es_dh_compute_shared checks the range). */
	bool ok =
	    p->recv_since_key >= o->rekey_freq && w->key_len <= RK_PUB_MAX &&
	    es_dh_compute_shared(p->sets[0].priv, w->key, w->key_len, &k) ==
	        ESESSION_OK &&
	    vj_get_hex(vj_get(entry, "rekey"), "K", &k_sent, &k_sent_len) &&
	    k_sent_len == k.len && memcmp(k.data, k_sent, k.len) == 0 &&
	    rk_derive(o, &k, &keys);
	es_secbuf_free(&k);
	free(k_sent);
	if (!ok)
		return vx_failed(test, "observer: the receiver's K of the "
		                       "<key/> differs from the sender's");
	/* R§5: the peer's KM the <key/> stanza was MACed with may be
	 * published at once; the peer keys of the other sets were never
	 * used: replaced unpublished. */
	rk_expire(o, p, p->rx_km, 0);
	for (size_t i = 0; i < p->n_sets; i++) {
		memcpy(p->sets[i].kc, keys.kci, o->kc_len);
		memcpy(p->sets[i].km, keys.kmi, o->km_len);
	}
	memcpy(p->rx_kc, keys.kci, o->kc_len);
	memcpy(p->rx_km, keys.kmi, o->km_len);
	if (p->n_sets == 1) {
		/* Only then do our sending keys follow (R§4); our old KM
		 * waits for a set of a <key/> we send from now on (R§5). */
		rk_expire(o, p, dirs->km[recv], p->next_index);
		memcpy(dirs->kc[recv], keys.kcr, o->kc_len);
		memcpy(dirs->km[recv], keys.kmr, o->km_len);
	}
	memcpy(p->peer_pub, w->key, w->key_len);
	p->peer_pub_len = w->key_len;
	p->new_pending++;
	p->recv_since_key = 0;
	es_wipe(&keys, sizeof keys);
	return true;
}

bool vx_rekey_obs_received(vx_rekey_obs *o, const vj *test, vx_dirs *dirs,
                           int dir, const vj *entry)
{
	int recv = 1 - dir;
	rk_party *p = &o->p[recv];
	rk_wire w;
	const char *stanza = vj_get_str(entry, "stanza");
	if (stanza == NULL || !parse_wire(stanza, &w))
		return vx_failed(test, "observer: delivered stanza unreadable");
	/* R§4 step 1: <new/> counts the <key/>s the sender had received
	 * since its previous stanza, which used set peer_acked. */
	uint64_t selected = (uint64_t)p->peer_acked + w.new_count;
	size_t pos = 0;
	while (pos < p->n_sets && p->sets[pos].index != selected)
		pos++;
	if (selected >= p->next_index || pos == p->n_sets)
		return vx_failed(test,
		                 "observer: <new>%llu</new> selects no "
		                 "kept set",
		                 (unsigned long long)w.new_count);
	if (!verify_with(o, &p->sets[pos], entry))
		return vx_failed(test, "observer: the set the receiver selects "
		                       "does not verify the stanza");
	/* R§4 step 3 and R§5 row 3: after the MAC, the older sets go; the
	 * peer's replaced KM may be published at once. */
	if (memcmp(p->sets[pos].km, p->rx_km, o->km_len) != 0)
		rk_expire(o, p, p->rx_km, 0);
	memcpy(p->rx_kc, p->sets[pos].kc, o->kc_len);
	memcpy(p->rx_km, p->sets[pos].km, o->km_len);
	for (size_t i = 0; i < pos; i++)
		es_dh_free(p->sets[i].priv);
	memmove(&p->sets[0], &p->sets[pos],
	        sizeof p->sets[0] * (p->n_sets - pos));
	p->n_sets -= pos;
	es_wipe(&p->sets[p->n_sets], sizeof p->sets[0] * pos);
	p->peer_acked = (uint32_t)selected;
	p->recv_since_key++;
	return !w.has_key || accept_key(o, test, dirs, recv, &w, entry);
}
