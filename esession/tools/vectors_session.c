/*
 * vectors_session.c - run one SessionTest (vectors/README.md) through the
 * public API: two parties, each with its own config (deterministic RNG
 * seeded with the test seed) and an in-tool store that holds the test's
 * retained secrets and other shared secret and records the new retained
 * secret. The tool delivers every stanza itself, stamping 'from' as a
 * server does, and records what each library emitted.
 */
#include "vectors_early.h"
#include "vectors_internal.h"
#include "vectors_keys.h"
#include "vectors_rekey_obs.h"

#include <stdlib.h>
#include <string.h>

/* ---- the store: inputs in, the new retained secret out ------------------ */

typedef struct vx_store {
	const vj *secrets;   /* [{peer, secret}] */
	const vj *peer_keys; /* [{peer, keyValue}]: trusted, verified */
	uint8_t *oss;
	size_t oss_len;
	uint8_t new_rs[64];
	size_t new_rs_len;
} vx_store;

static bool bare_equal(const char *full, const char *bare)
{
	size_t n = strlen(bare);
	return strncmp(full, bare, n) == 0 &&
	       (full[n] == '\0' || full[n] == '/');
}

static esession_status store_list(void *ctx, const char *local_jid,
                                  const char *peer_bare_jid,
                                  esession_store_list *out)
{
	const vx_store *st = ctx;
	(void)local_jid;
	for (size_t i = 0; st->secrets != NULL && i < st->secrets->n; i++) {
		const vj *e = st->secrets->items[i];
		const char *peer = vj_get_str(e, "peer");
		uint8_t *rs = NULL;
		size_t len = 0;
		if (peer == NULL || !vj_get_hex(e, "secret", &rs, &len))
			return ESESSION_ESTORE;
		esession_status s = ESESSION_OK;
		if (peer_bare_jid == NULL || bare_equal(peer, peer_bare_jid))
			s = esession_store_list_add(out, peer, rs, len, 0);
		free(rs);
		if (s != ESESSION_OK)
			return s;
	}
	return ESESSION_OK;
}

static esession_status store_replace(void *ctx, const char *local_jid,
                                     const char *peer_jid,
                                     const char *srs_peer_jid,
                                     const uint8_t *srs, size_t srs_len,
                                     const uint8_t *secret, size_t len)
{
	vx_store *st = ctx;
	(void)local_jid;
	(void)peer_jid;
	(void)srs_peer_jid;
	(void)srs;
	(void)srs_len;
	if (len > sizeof st->new_rs)
		return ESESSION_ESTORE;
	memcpy(st->new_rs, secret, len);
	st->new_rs_len = len;
	return ESESSION_OK;
}

static esession_status store_mark(void *ctx, const char *local_jid,
                                  const char *peer_jid, const uint8_t *secret,
                                  size_t len)
{
	(void)ctx;
	(void)local_jid;
	(void)peer_jid;
	(void)secret;
	(void)len;
	return ESESSION_OK;
}

static esession_status store_oss(void *ctx, const char *local_jid,
                                 const char *peer_bare_jid,
                                 const uint8_t **secret, size_t *len)
{
	const vx_store *st = ctx;
	(void)local_jid;
	(void)peer_bare_jid;
	*secret = st->oss;
	*len = st->oss_len;
	return ESESSION_OK;
}

/* Peer keys (README `peerKeys`): every key is verified and associated
 * with exactly the JIDs the test lists; nothing is learnt on first use. */
static esession_status store_keys_for_jid(void *ctx, const char *local_jid,
                                          const char *peer_bare_jid,
                                          esession_store_key_list *out)
{
	const vx_store *st = ctx;
	(void)local_jid;
	for (size_t i = 0; st->peer_keys != NULL && i < st->peer_keys->n; i++) {
		const vj *e = st->peer_keys->items[i];
		const char *peer = vj_get_str(e, "peer");
		const vj *kv = vj_get(e, "keyValue");
		if (peer == NULL || kv == NULL || kv->type != VJ_STR)
			return ESESSION_ESTORE;
		if (strcmp(peer, peer_bare_jid) != 0)
			continue;
		esession_status s = esession_store_key_list_add(
		    out, peer, (const uint8_t *)kv->str, kv->len, NULL, 1);
		if (s != ESESSION_OK)
			return s;
	}
	return ESESSION_OK;
}

static esession_status store_jids_for_key(void *ctx, const char *local_jid,
                                          const uint8_t *keyvalue, size_t len,
                                          esession_store_key_list *out)
{
	const vx_store *st = ctx;
	(void)local_jid;
	for (size_t i = 0; st->peer_keys != NULL && i < st->peer_keys->n; i++) {
		const vj *e = st->peer_keys->items[i];
		const char *peer = vj_get_str(e, "peer");
		const vj *kv = vj_get(e, "keyValue");
		if (peer == NULL || kv == NULL || kv->type != VJ_STR)
			return ESESSION_ESTORE;
		if (kv->len != len || memcmp(kv->str, keyvalue, len) != 0)
			continue;
		esession_status s = esession_store_key_list_add(
		    out, peer, keyvalue, len, NULL, 1);
		if (s != ESESSION_OK)
			return s;
	}
	return ESESSION_OK;
}

/* The test's associations are fixed: nothing new is remembered. */
static esession_status store_add_key(void *ctx, const char *local_jid,
                                     const char *peer_bare_jid,
                                     const uint8_t *keyvalue, size_t len,
                                     const char *petname, int verified)
{
	(void)ctx;
	(void)local_jid;
	(void)peer_bare_jid;
	(void)keyvalue;
	(void)len;
	(void)petname;
	(void)verified;
	return ESESSION_OK;
}

/* ---- parties ------------------------------------------------------------- */

typedef struct vx_party {
	const char *jid;
	vx_store st;
	esession_store *store;
	esession_config *config;
	esession_session *s;
	/* Events of the last delivery. */
	vj *sent;        /* array of SEND stanzas, oldest first */
	char sas[8];     /* ESTABLISHED */
	char *plaintext; /* PLAINTEXT */
	esession_status failed_status;
	char *failed_field; /* FAILED */
	bool failed, established, terminated;
	/* UNSENT (kept across deliveries: README earlyContentUnsent) */
	char *unsent;
	esession_status unsent_status;
} vx_party;

static unsigned stanza_mask(const vj *list)
{
	unsigned mask = 0;
	for (size_t i = 0; list != NULL && i < list->n; i++) {
		const char *k = list->items[i]->str;
		if (list->items[i]->type != VJ_STR)
			continue;
		if (strcmp(k, "message") == 0)
			mask |= ESESSION_STANZA_MESSAGE;
		else if (strcmp(k, "presence") == 0)
			mask |= ESESSION_STANZA_PRESENCE;
		else if (strcmp(k, "iq") == 0)
			mask |= ESESSION_STANZA_IQ;
	}
	return mask;
}

static bool str_list(const vj *list, const char **out, size_t cap, size_t *n)
{
	*n = 0;
	for (size_t i = 0; list != NULL && i < list->n && i < cap; i++) {
		if (list->items[i]->type != VJ_STR)
			return false;
		out[(*n)++] = list->items[i]->str;
	}
	return *n > 0;
}

/* The optional inputs of README "Public keys", "3-message" and
 * "Re-keying": absent ones keep the library's defaults. */
static bool party_init_pubkey(vx_party *p, const vj *conf)
{
	const char *init[4], *resp[4], *algs[4];
	size_t n_init = 0, n_resp = 0, n_algs = 0;
	const vj *ik = vj_get(conf, "identityKey");
	bool ok = true;
	if (vj_get(conf, "initPubkey") != NULL ||
	    vj_get(conf, "respPubkey") != NULL)
		ok = str_list(vj_get(conf, "initPubkey"), init, 4, &n_init) &&
		     str_list(vj_get(conf, "respPubkey"), resp, 4, &n_resp) &&
		     esession_config_set_pubkey(p->config, init, n_init, resp,
		                                n_resp) == ESESSION_OK;
	if (ok && vj_get(conf, "signAlgs") != NULL)
		ok = str_list(vj_get(conf, "signAlgs"), algs, 4, &n_algs) &&
		     esession_config_set_sign_algs(p->config, algs, n_algs) ==
		         ESESSION_OK;
	if (ok && ik != NULL) {
		esession_key *key = NULL;
		ok = vx_key_load(ik, &key) == ESESSION_OK &&
		     esession_config_set_identity_key(p->config, key) ==
		         ESESSION_OK;
		esession_key_free(key);
	}
	uint64_t messages = 4, freq = 0;
	const vj *accept3 = vj_get(conf, "accept3");
	if (ok && (vj_get_int(conf, "messages", &messages) || accept3 != NULL))
		ok = (messages == 3 || messages == 4) &&
		     esession_config_set_messages(
		         p->config, (unsigned)messages,
		         accept3 != NULL && accept3->type == VJ_BOOL &&
		             accept3->num != 0) == ESESSION_OK;
	if (ok && vj_get_int(conf, "rekeyFreq", &freq))
		ok = freq >= 1 && freq <= UINT32_MAX &&
		     esession_config_set_rekey_freq(
		         p->config, (uint32_t)freq) == ESESSION_OK;
	return ok;
}

static bool party_init(vx_party *p, const vj *conf, const uint8_t *seed,
                       size_t seed_len)
{
	/* Designated: the other operations (keys, ...) stay NULL. */
	static const esession_store_ops ops = {
	    .list = store_list,
	    .replace = store_replace,
	    .mark_verified = store_mark,
	    .other_secret = store_oss,
	    .keys_for_jid = store_keys_for_jid,
	    .jids_for_key = store_jids_for_key,
	    .add_key = store_add_key};
	memset(p, 0, sizeof *p);
	p->jid = vj_get_str(conf, "jid");
	p->st.secrets = vj_get(conf, "retainedSecrets");
	p->st.peer_keys = vj_get(conf, "peerKeys");
	(void)vj_get_hex(conf, "otherSecret", &p->st.oss, &p->st.oss_len);
	p->sent = vj_arr();
	const vj *modp = vj_get(conf, "modp");
	unsigned groups[16];
	size_t n_groups = 0;
	for (size_t i = 0; modp != NULL && i < modp->n && i < 16; i++)
		groups[n_groups++] = (unsigned)modp->items[i]->num;
	const char *ciphers[16], *hashes[4];
	size_t n_ciphers = 0, n_hashes = 0;
	if (p->jid == NULL || n_groups == 0 ||
	    !str_list(vj_get(conf, "ciphers"), ciphers, 16, &n_ciphers) ||
	    !str_list(vj_get(conf, "hashes"), hashes, 4, &n_hashes))
		return false;
	return esession_store_new_custom(&ops, &p->st, &p->store) ==
	           ESESSION_OK &&
	       esession_config_new(p->store, &p->config) == ESESSION_OK &&
	       esession_config_set_groups(p->config, groups, n_groups) ==
	           ESESSION_OK &&
	       esession_config_set_ciphers(p->config, ciphers, n_ciphers) ==
	           ESESSION_OK &&
	       esession_config_set_hashes(p->config, hashes, n_hashes) ==
	           ESESSION_OK &&
	       esession_config_set_stanzas(
	           p->config, stanza_mask(vj_get(conf, "stanzas"))) ==
	           ESESSION_OK &&
	       esession_config_set_deterministic_rng_for_tests(
	           p->config, seed, seed_len) == ESESSION_OK &&
	       party_init_pubkey(p, conf);
}

static void party_reset_events(vx_party *p)
{
	vj_free(p->sent);
	p->sent = vj_arr();
	free(p->plaintext);
	free(p->failed_field);
	p->plaintext = p->failed_field = NULL;
}

static void party_free(vx_party *p)
{
	esession_session_free(p->s);
	esession_config_free(p->config);
	esession_store_free(p->store);
	free(p->st.oss);
	free(p->unsent);
	party_reset_events(p);
	vj_free(p->sent);
}

/* Copy every pending event of p's session into p. */
static void drain(vx_party *p)
{
	esession_event ev;
	while (p->s != NULL &&
	       esession_session_next_event(p->s, &ev) == ESESSION_OK) {
		switch (ev.type) {
		case ESESSION_EVENT_SEND:
			vj_push(p->sent, vj_strn(ev.stanza, ev.stanza_len));
			break;
		case ESESSION_EVENT_ESTABLISHED:
			snprintf(p->sas, sizeof p->sas, "%s",
			         ev.sas != NULL ? ev.sas : "");
			p->established = true;
			break;
		case ESESSION_EVENT_PLAINTEXT:
			free(p->plaintext);
			p->plaintext = strndup(ev.stanza, ev.stanza_len);
			break;
		case ESESSION_EVENT_TERMINATED: p->terminated = true; break;
		case ESESSION_EVENT_FAILED:
			p->failed = true;
			p->failed_status = ev.status;
			free(p->failed_field);
			p->failed_field =
			    ev.field != NULL ? strdup(ev.field) : NULL;
			break;
		case ESESSION_EVENT_UNSENT:
			free(p->unsent);
			p->unsent = strndup(ev.stanza, ev.stanza_len);
			p->unsent_status = ev.status;
			break;
		default: break;
		}
	}
}

/* Deliver stanza (as emitted by `from`) to `to`; a responder session is
 * created by the first stanza Bob receives. */
static esession_status deliver(vx_party *from, vx_party *to, const char *stanza)
{
	char *wire = vx_stamp_from(stanza, from->jid);
	esession_status st;
	party_reset_events(to);
	if (to->s == NULL)
		st = esession_session_new_responder(to->config, to->jid, wire,
		                                    strlen(wire), &to->s);
	else
		st = esession_session_receive(to->s, wire, strlen(wire));
	free(wire);
	drain(to);
	return st;
}

/* Take the single stanza p emitted (or NULL). */
static char *take_one(vx_party *p)
{
	if (p->sent->n != 1)
		return NULL;
	return strdup(p->sent->items[0]->str);
}

static const char *state_name(const vx_party *p)
{
	switch (p->s != NULL ? esession_session_state(p->s) : 0) {
	case ESESSION_STATE_IDLE: return "IDLE";
	case ESESSION_STATE_NEGOTIATING: return "NEGOTIATING";
	case ESESSION_STATE_ACTIVE: return "ACTIVE";
	case ESESSION_STATE_TERMINATING: return "TERMINATING";
	case ESESSION_STATE_ENDED: return "ENDED";
	case ESESSION_STATE_FAILED: return "FAILED";
	default: return "NONE";
	}
}

/* {condition, fields} of an error stanza, or NULL if it is none. */
static vj *error_of(const char *stanza)
{
	vx_xml x = {0};
	vj *out = NULL;
	if (vx_xml_parse(&x, stanza) != ESESSION_OK)
		goto done;
	es_xml_node *err = NULL;
	for (es_xml_node *c = es_xml_first_element(x.root); c != NULL;
	     c = es_xml_next_element(c))
		if (strcmp(es_xml_name(c), "error") == 0)
			err = c;
	if (err == NULL)
		goto done;
	out = vj_obj();
	vj *fields = vj_arr();
	for (es_xml_node *c = es_xml_first_element(err); c != NULL;
	     c = es_xml_next_element(c)) {
		if (es_xml_is(c, "urn:ietf:params:xml:ns:xmpp-stanzas",
		              es_xml_name(c)) &&
		    vj_get(out, "condition") == NULL)
			vj_set(out, "condition", vj_str(es_xml_name(c)));
		if (strcmp(es_xml_name(c), "feature") != 0)
			continue;
		for (es_xml_node *f = es_xml_first_element(c); f != NULL;
		     f = es_xml_next_element(f)) {
			const char *var = es_xml_attr_get(f, "", "var", NULL);
			if (var != NULL)
				vj_push(fields, vj_str(var));
		}
	}
	vj_set(out, "fields", fields);
done:
	vx_xml_free(&x);
	return out;
}

/* ---- one run ---------------------------------------------------------------
 */

typedef struct vx_run {
	vj *messages;    /* [{sender, stanza}] */
	vj *traffic_out; /* README trafficOut */
	vj *expected;    /* invalid runs */
	char *msgs[4];   /* the four negotiation stanzas (valid runs) */
	vj *early_out;   /* README earlyContentOut, earlyContentUnsent */
	vj *early_unsent;
} vx_run;

static void run_free(vx_run *r)
{
	vj_free(r->messages);
	vj_free(r->traffic_out);
	vj_free(r->expected);
	vj_free(r->early_out);
	vj_free(r->early_unsent);
	for (int i = 0; i < 4; i++)
		free(r->msgs[i]);
}

static vj *message_entry(const char *sender, const char *stanza)
{
	vj *m = vj_obj();
	vj_set(m, "sender", vj_str(sender));
	vj_set(m, "stanza", vj_str(stanza));
	return m;
}

/* What the refusing party reported (README "expected"). */
static void record_expected(vx_party *to, const char *party, int message,
                            esession_status st, vx_run *r)
{
	r->expected = vj_obj();
	vj_set(r->expected, "party", vj_str(party));
	vj_set(r->expected, "message", vj_int((uint64_t)message));
	vj_set(r->expected, "status", vj_str(vx_status_name(st)));
	if (to->failed && to->failed_field != NULL)
		vj_set(r->expected, "failedField", vj_str(to->failed_field));
	for (size_t i = 0; i < to->sent->n; i++) {
		vj *err = error_of(to->sent->items[i]->str);
		if (err != NULL) {
			vj_set(r->expected, "error", err);
			break;
		}
	}
	vj_set(r->expected, "state", vj_str(state_name(to)));
}

/* Deliver the tamper list to `to`: every stanza but the last must be
 * accepted. Returns the status of the last one. */
static bool deliver_tamper(const vj *test, const vj *tamper, vx_party *from,
                           vx_party *to, esession_status *last)
{
	const vj *list = vj_get(tamper, "deliver");
	*last = ESESSION_OK;
	for (size_t i = 0; list != NULL && i < list->n; i++) {
		*last = deliver(from, to, list->items[i]->str);
		if (i + 1 < list->n && *last != ESESSION_OK)
			return vx_failed(test, "tamper stanza %zu refused: %s",
			                 i, vx_status_name(*last));
	}
	return true;
}

/* The traffic phase of a run: the observer's keys and re-key model, and
 * the stanzas each sender holds back (README "Re-keying": hold, release). */
#define VX_MAX_HELD 16

typedef struct vx_traffic_run {
	const vj *test;
	vx_dirs dirs;
	vx_rekey_obs *rko;
	vx_party *p[2];
	bool quiet;               /* invalid run: nothing is delivered */
	vj *held[2][VX_MAX_HELD]; /* trafficOut entries, oldest first */
	size_t n_held[2];
} vx_traffic_run;

/* Deliver the stanza of entry (emitted by dir) and observe its receipt.
 * A content stanza must come out as PLAINTEXT (recorded as `delivered`);
 * an empty re-key stanza must not (spec/rekey.md R§2). */
static bool deliver_entry(vx_traffic_run *t, int dir, vj *e)
{
	vx_party *from = t->p[dir], *to = t->p[1 - dir];
	const char *kind = vj_get_str(e, "kind");
	bool empty_rekey =
	    vj_get(e, "key") != NULL && vj_get(e, "data") == NULL;
	bool silent =
	    empty_rekey || (kind != NULL && strncmp(kind, "terminate", 9) == 0);
	esession_status st = deliver(from, to, vj_get_str(e, "stanza"));
	bool ok = st == ESESSION_OK && !to->failed &&
	          (to->plaintext != NULL) != silent;
	if (!ok)
		return vx_failed(t->test, "traffic refused: %s",
		                 vx_status_name(st));
	if (!silent)
		vj_set(e, "delivered", vj_str(to->plaintext));
	return vx_rekey_obs_received(t->rko, t->test, &t->dirs, dir, e);
}

/* Observe what `dir` just emitted (exactly one stanza) as a new trafficOut
 * entry of `kind`; deliver it unless held. */
static vj *emit(vx_traffic_run *t, int dir, const char *kind, bool with_key,
                bool hold, vx_run *r)
{
	vx_party *from = t->p[dir];
	char *out = take_one(from);
	if (out == NULL)
		return vx_fail(t->test, "%s: %zu stanzas emitted", kind,
		               from->sent->n);
	vj *e = vj_push(r->traffic_out, vj_obj());
	vj_set(e, "sender", vj_str(dir == 0 ? "alice" : "bob"));
	vj_set(e, "kind", vj_str(kind));
	bool ok =
	    vx_rekey_obs_sent(t->rko, t->test, &t->dirs, dir, out, with_key, e);
	vj_set(e, "stanza", vj_str(out));
	free(out);
	/* An invalid run delivers nothing but tamper.deliver. */
	if (ok && t->quiet)
		return e;
	if (ok && hold) {
		ok = t->n_held[dir] < VX_MAX_HELD;
		if (ok)
			t->held[dir][t->n_held[dir]++] = e;
	} else if (ok) {
		ok = deliver_entry(t, dir, e);
	}
	return ok ? e : NULL;
}

/* One `traffic` entry (README "Re-keying"): encrypt a plaintext, re-key
 * (esession_session_rekey: an empty stanza with <key/>), or release the
 * sender's held stanzas. */
static bool run_action(vx_traffic_run *t, const vj *action, vx_run *r)
{
	const char *sender = vj_get_str(action, "sender");
	const char *plain = vj_get_str(action, "plaintext");
	const vj *rekey = vj_get(action, "rekey");
	const vj *hold = vj_get(action, "hold");
	const vj *release = vj_get(action, "release");
	if (sender == NULL)
		return vx_failed(t->test, "traffic entry without sender");
	int dir = strcmp(sender, "alice") == 0 ? 0 : 1;
	vx_party *from = t->p[dir];
	bool held = hold != NULL && hold->type == VJ_BOOL && hold->num != 0;
	if (release != NULL) {
		bool ok = true;
		for (size_t i = 0; ok && i < t->n_held[dir]; i++)
			ok = deliver_entry(t, dir, t->held[dir][i]);
		t->n_held[dir] = 0;
		return ok;
	}
	party_reset_events(from);
	esession_status st;
	const char *kind = "message";
	vx_xml x = {0};
	if (rekey != NULL) {
		st = esession_session_rekey(from->s);
	} else if (plain != NULL) {
		st = esession_session_encrypt(from->s, plain, strlen(plain));
		if (st == ESESSION_OK && vx_xml_parse(&x, plain) == ESESSION_OK)
			kind = es_xml_name(x.root);
	} else {
		return vx_failed(t->test, "traffic entry without action");
	}
	drain(from);
	bool ok = st == ESESSION_OK;
	if (!ok)
		vx_fail(t->test, "%s: %s", rekey != NULL ? "rekey" : "encrypt",
		        vx_status_name(st));
	ok = ok && emit(t, dir, kind, rekey != NULL, held, r) != NULL;
	vx_xml_free(&x);
	return ok;
}

/* XEP-0116 §"ESession Termination": terminate, delivered, and the
 * acknowledgement, delivered. */
static bool run_terminate(vx_traffic_run *t, int dir, vx_run *r)
{
	vx_party *from = t->p[dir], *to = t->p[1 - dir];
	party_reset_events(from);
	esession_status st = esession_session_terminate(from->s);
	drain(from);
	if (st != ESESSION_OK)
		return vx_failed(t->test, "terminate: %s", vx_status_name(st));
	/* Delivering the terminate makes `to` answer (its SEND events). */
	if (emit(t, dir, "terminate", false, false, r) == NULL ||
	    emit(t, 1 - dir, "terminate-ack", false, false, r) == NULL)
		return false;
	if (!from->terminated || !to->terminated)
		return vx_failed(t->test, "termination incomplete");
	return true;
}

static bool has_flag(const vj *test, const char *flag)
{
	const vj *flags = vj_get(test, "flags");
	for (size_t i = 0; flags != NULL && i < flags->n; i++)
		if (flags->items[i]->type == VJ_STR &&
		    strcmp(flags->items[i]->str, flag) == 0)
			return true;
	return false;
}

/* The whole session; with `tamper` the run stops at the tampered point. */
static bool run_once(const vj *group, const vj *test, const vj *tamper,
                     vx_run *r, vj **random, vj **inter)
{
	uint8_t *seed = NULL;
	size_t seed_len = 0;
	const char *thread = vj_get_str(test, "thread");
	const char *to_jid = vj_get_str(test, "aliceTo");
	vx_party alice, bob;
	vx_party *p[2] = {&alice, &bob};
	bool ok = vj_get_hex(test, "seed", &seed, &seed_len) &&
	          thread != NULL && to_jid != NULL;
	memset(&alice, 0, sizeof alice);
	memset(&bob, 0, sizeof bob);
	ok = ok && party_init(&alice, vj_get(test, "alice"), seed, seed_len) &&
	     party_init(&bob, vj_get(test, "bob"), seed, seed_len);
	free(seed);
	if (!ok) {
		party_free(&alice);
		party_free(&bob);
		return vx_failed(test, "party configuration refused");
	}
	r->messages = vj_arr();
	r->traffic_out = vj_arr();
	uint64_t t_msg = 99, n_msgs = 4;
	if (tamper != NULL && !vj_get_int(tamper, "message", &t_msg))
		ok = false;
	/* XEP-0116 §"Three- or Four-Message Negotiation?"; the internal
	 * groups of the generator may leave the 4-message default out. */
	(void)vj_get_int(group, "messageCount", &n_msgs);
	if (n_msgs != 3 && n_msgs != 4)
		ok = vx_failed(test, "messageCount %llu",
		               (unsigned long long)n_msgs);

	/* XEP-0116 §"Online ESession Negotiation": messages 1-4. */
	esession_status st = esession_session_new_initiator(
	    alice.config, alice.jid, to_jid, thread, &alice.s);
	if (ok && st == ESESSION_OK)
		st = esession_session_start(alice.s);
	drain(&alice);
	ok = ok && st == ESESSION_OK;
	/* README "3-message": a stanza (and terminate) handed over while
	 * Alice waits for message 2. */
	ok = ok && vx_early_queue(test, alice.s);
	drain(&alice);
	/* With a tampered message k the exchange goes on as the libraries
	 * answer until a party refuses a stanza: that refusal is the
	 * expected outcome (a tampered message 1 may be refused only at
	 * message 3, say). */
	bool stopped = false, tampered = false;
	for (int k = 1; ok && !stopped && (uint64_t)k <= n_msgs; k++) {
		vx_party *from = p[(k - 1) % 2], *to = p[k % 2];
		const char *to_name = k % 2 ? "bob" : "alice";
		char *msg = take_one(from);
		if (msg == NULL) {
			if (tampered) {
				/* The tampered message was accepted and
				 * answered with nothing: no party refused,
				 * so this is no negative vector (status OK;
				 * the generator leaves it out). */
				record_expected(from, k % 2 ? "alice" : "bob",
				                k - 1, ESESSION_OK, r);
				stopped = true;
				break;
			}
			ok = vx_failed(test, "message %d not emitted", k);
			break;
		}
		if ((uint64_t)k == t_msg) {
			ok = deliver_tamper(test, tamper, from, to, &st);
			tampered = true;
		} else {
			vj_push(r->messages,
			        message_entry(k % 2 ? "alice" : "bob", msg));
			st = deliver(from, to, msg);
			r->msgs[k - 1] = msg;
			msg = NULL;
		}
		free(msg);
		if (ok && tampered && (st != ESESSION_OK || to->failed)) {
			record_expected(to, to_name, k, st, r);
			stopped = true;
		} else if (ok && st != ESESSION_OK) {
			ok = vx_failed(test, "message %d refused: %s", k,
			               vx_status_name(st));
		}
	}
	if (ok && tampered && !stopped) {
		/* Accepted all the way: not a negative vector. */
		record_expected(&bob, "bob", (int)n_msgs, ESESSION_OK, r);
		stopped = true;
	}
	vx_traffic_run t;
	memset(&t, 0, sizeof t);
	t.test = test;
	t.p[0] = &alice;
	t.p[1] = &bob;
	t.quiet = tamper != NULL;
	if (ok && !stopped) {
		ok = alice.established && bob.established &&
		     strcmp(alice.sas, bob.sas) == 0;
		if (!ok)
			vx_fail(test, "not established with equal SAS");
		vj *rnd = NULL, *itm = NULL;
		ok = ok && vx_observe_negotiation(group, test,
		                                  (const char *const *)r->msgs,
		                                  &rnd, &itm, &t.dirs);
		/* README "Re-keying": only re-key tests list `keys`. */
		t.rko =
		    ok ? vx_rekey_obs_new(group, test, rnd, itm, &t.dirs,
		                          r->msgs[1], has_flag(test, "Rekey"))
		       : NULL;
		ok = ok && t.rko != NULL;
		vx_early_seen seen = {bob.plaintext, alice.unsent,
		                      alice.unsent_status, alice.terminated,
		                      bob.terminated};
		ok = ok &&
		     vx_early_observe(test, t.rko, &t.dirs, r->msgs[2], &seen,
		                      &r->early_out, &r->early_unsent);
		/* The 3-message exchange shows no SAS and keeps no retained
		 * secret (A-"What the 3-message exchange leaves out"): the
		 * observer then records neither, and both parties must
		 * agree. */
		const char *sas = ok ? vj_get_str(itm, "sas") : NULL;
		ok = ok && strcmp(sas != NULL ? sas : "", alice.sas) == 0;
		uint8_t *nrs = NULL;
		size_t nrs_len = 0;
		if (ok && vj_get(itm, "newRetainedSecret") != NULL)
			ok = vj_get_hex(itm, "newRetainedSecret", &nrs,
			                &nrs_len);
		ok = ok && alice.st.new_rs_len == nrs_len &&
		     bob.st.new_rs_len == nrs_len &&
		     (nrs_len == 0 ||
		      (memcmp(alice.st.new_rs, nrs, nrs_len) == 0 &&
		       memcmp(bob.st.new_rs, nrs, nrs_len) == 0));
		free(nrs);
		if (!ok)
			vx_fail(test, "observer and session disagree on the "
			              "SAS or the new retained secret");
		/* Only the untampered run reports what it observed. */
		if (random != NULL && inter != NULL) {
			*random = rnd;
			*inter = itm;
		} else {
			vj_free(rnd);
			vj_free(itm);
		}
	}
	/* XEP-0200 traffic; with a traffic-phase tamper the stanzas are
	 * encrypted and recorded but not delivered. */
	const vj *traffic = vj_get(test, "traffic");
	for (size_t i = 0; ok && !stopped && traffic != NULL && i < traffic->n;
	     i++)
		ok = run_action(&t, traffic->items[i], r);
	if (ok && !stopped && (t.n_held[0] != 0 || t.n_held[1] != 0))
		ok = vx_failed(test, "held stanzas never released");
	if (ok && !stopped && tamper != NULL) {
		const char *recv = vj_get_str(tamper, "receiver");
		int to = recv != NULL && strcmp(recv, "alice") == 0 ? 0 : 1;
		ok = deliver_tamper(test, tamper, p[1 - to], p[to], &st);
		if (ok)
			record_expected(p[to], to == 0 ? "alice" : "bob", 0, st,
			                r);
		stopped = true;
	}
	const char *term = vj_get_str(test, "terminate");
	if (ok && !stopped && term != NULL)
		ok = run_terminate(&t, strcmp(term, "alice") == 0 ? 0 : 1, r);
	vx_rekey_obs_free(t.rko);
	es_wipe(&t, sizeof t);
	party_free(&alice);
	party_free(&bob);
	return ok;
}

static const char *const input_keys[] = {
    "tcId",  "comment", "result", "flags",   "seed",
    "alice", "bob",     "thread", "aliceTo", NULL};

vj *vx_session_run(const vj *group, const vj *test)
{
	vj *out = vj_obj();
	for (size_t i = 0; input_keys[i] != NULL; i++) {
		const vj *v = vj_get(test, input_keys[i]);
		if (v == NULL) {
			vj_free(out);
			return vx_fail(test, "input '%s' missing",
			               input_keys[i]);
		}
		vj_set(out, input_keys[i], vx_copy(v));
	}
	const vj *tamper = vj_get(test, "tamper");
	vx_run base, bad;
	memset(&base, 0, sizeof base);
	memset(&bad, 0, sizeof bad);
	vj *random = NULL, *inter = NULL;
	/* The untampered run gives the random inputs (and, for a valid test,
	 * everything else). */
	bool ok = run_once(group, test, NULL, &base, &random, &inter);
	if (ok && tamper != NULL)
		ok = run_once(group, test, tamper, &bad, NULL, NULL);
	if (ok) {
		vj_set(out, "random", random);
		random = NULL;
		static const char *const early_in[] = {"earlyContent",
		                                       "earlyTerminate"};
		for (size_t i = 0; i < 2; i++)
			if (vj_get(test, early_in[i]) != NULL)
				vj_set(out, early_in[i],
				       vx_copy(vj_get(test, early_in[i])));
		if (vj_get(test, "traffic") != NULL)
			vj_set(out, "traffic",
			       vx_copy(vj_get(test, "traffic")));
		if (vj_get(test, "terminate") != NULL)
			vj_set(out, "terminate",
			       vx_copy(vj_get(test, "terminate")));
		vx_run *r = tamper != NULL ? &bad : &base;
		if (tamper == NULL) {
			vj_set(out, "intermediates", inter);
			inter = NULL;
		}
		vj_set(out, "messages", r->messages);
		if (r->early_out != NULL)
			vj_set(out, "earlyContentOut", r->early_out);
		if (r->early_unsent != NULL)
			vj_set(out, "earlyContentUnsent", r->early_unsent);
		vj_set(out, "trafficOut", r->traffic_out);
		r->messages = r->traffic_out = NULL;
		r->early_out = r->early_unsent = NULL;
		if (tamper != NULL) {
			vj_set(out, "tamper", vx_copy(tamper));
			vj_set(out, "expected", r->expected);
			r->expected = NULL;
		}
	}
	vj_free(random);
	vj_free(inter);
	run_free(&base);
	run_free(&bad);
	if (!ok) {
		vj_free(out);
		return NULL;
	}
	return out;
}
