/*
 * session.c - the public session API: creation, the receive path (parse,
 * classify, check the peer, dispatch through the transition table), event
 * draining, information, and the wiping of every secret at the end.
 */
#include "session_internal.h"

#include "keyvalue.h"
#include "rekey.h"
#include "sigma_final.h"
#include "sigma_identity.h"
#include "stanza.h"
#include "xml_serialize.h"

#include <stdlib.h>
#include <string.h>

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *copy = malloc(n + 1);
	if (copy != NULL)
		memcpy(copy, s, n + 1);
	return copy;
}

/* The bare JID of jid: everything before the first '/' (RFC 7622 §3.1). */
static char *bare_of(const char *jid)
{
	const char *slash = strchr(jid, '/');
	size_t n = slash != NULL ? (size_t)(slash - jid) : strlen(jid);
	char *bare = malloc(n + 1);
	if (bare != NULL) {
		memcpy(bare, jid, n);
		bare[n] = '\0';
	}
	return bare;
}

esession_status es_session_dup(uint8_t **dst, size_t *dst_len,
                               const uint8_t *src, size_t len)
{
	uint8_t *copy = malloc(len > 0 ? len : 1);
	ES_ENSURE(copy != NULL, ESESSION_ENOMEM);
	if (len > 0)
		memcpy(copy, src, len);
	free(*dst);
	*dst = copy;
	*dst_len = len;
	return ESESSION_OK;
}

esession_status es_session_random_id(esession_session *s, uint8_t *out,
                                     size_t len, uint8_t first_mask)
{
	ES_ENSURE(len > 0, ESESSION_EINVAL);
	/* Redraw the whole value until its first octet passes: the result is
	 * uniform over the allowed values. The loop ends with overwhelming
	 * probability within a few draws (at least half the octets pass). */
	do {
		ES_GUARD(es_rng_bytes(s->rng, ES_RNG_NONCE, out, len));
	} while ((out[0] & first_mask) == 0);
	return ESESSION_OK;
}

esession_status es_session_form_string(const es_xml_node *x,
                                       bool exclude_id_mac, es_xml_buf *buf)
{
	es_xml_buf_clear(buf);
	return es_neg_form_c14n(x, exclude_id_mac, buf);
}

esession_status es_session_send(esession_session *s, const es_xml_node *node)
{
	es_xml_buf_clear(&s->out);
	ES_GUARD(es_xml_serialize(node, &s->out));
	return es_events_push_stanza(&s->events, ESESSION_EVENT_SEND,
	                             (const char *)s->out.data, s->out.len);
}

void es_session_wipe(esession_session *s)
{
	for (size_t i = 0; i < s->n_dh_offer; i++) {
		es_dh_free(s->dh_offer[i]);
		s->dh_offer[i] = NULL;
	}
	s->n_dh_offer = 0;
	es_dh_free(s->dh_own);
	s->dh_own = NULL;
	es_secbuf_free(&s->k0);
	es_sigma_keys_free(&s->keys3);
	es_early_clear(s);
	/* The re-key state (traffic.c) owns x or y from ACTIVE on. */
	es_rekey_free(s->rekey);
	s->rekey = NULL;
	es_secbuf_free(&s->retained);
	es_store_list_free(&s->rs_list);
	es_stanza_dir_free(s->tx);
	es_stanza_dir_free(s->rx);
	s->tx = NULL;
	s->rx = NULL;
	free(s->e);
	free(s->d);
	s->e = s->d = NULL;
	s->e_len = s->d_len = 0;
	es_wipe(s->he, sizeof s->he);
	es_wipe(s->c_a, sizeof s->c_a);
	es_wipe(s->c_b, sizeof s->c_b);
	es_wipe(s->m_a, sizeof s->m_a);
	es_xml_buf_clear(&s->form_a);
	es_xml_buf_clear(&s->form_b);
	if (s->doc != NULL)
		es_xml_doc_reset(s->doc);
	if (s->out.data != NULL)
		es_wipe(s->out.data, s->out.len);
	es_xml_buf_clear(&s->out);
}

esession_status es_session_fail(esession_session *s, esession_status status,
                                const es_neg_error *err)
{
	/* Best effort: the error stanza and the event are queued before the
	 * secrets go; a failure to queue them cannot keep the session alive.
	 * err's field names may point into the received stanza in s->doc, so
	 * the error stanza is built in a document of its own and s->doc is
	 * only reset by the wipe, after the event has copied the field. A
	 * stanza kept for message 3 goes back to the application first. */
	es_best_effort(es_early_give_back(s, status));
	if (err != NULL && err->condition != ES_NEG_COND_NONE &&
	    s->peer_jid != NULL) {
		es_xml_doc *edoc = NULL;
		es_xml_node *msg = NULL;
		if (es_xml_doc_new(&edoc) == ESESSION_OK &&
		    es_neg_error_stanza(edoc, s->peer_jid, s->thread, err,
		                        &msg) == ESESSION_OK)
			es_best_effort(es_session_send(s, msg));
		es_xml_doc_free(edoc);
	}
	const char *field =
	    err != NULL && err->n_fields > 0 ? err->fields[0] : NULL;
	es_best_effort(es_events_push_status(&s->events, ESESSION_EVENT_FAILED,
	                                     status, field));
	es_session_wipe(s);
	es_sign_key_free(s->identity);
	s->identity = NULL;
	s->state = ES_S_FAILED;
	return status;
}

esession_status es_session_fail_field(esession_session *s,
                                      esession_status status,
                                      es_neg_condition condition,
                                      const char *field)
{
	es_neg_error err;
	es_neg_error_reset(&err);
	es_neg_error_set(&err, condition);
	if (field != NULL)
		es_neg_error_add_field(&err, field);
	return es_session_fail(s, status, &err);
}

void es_session_end(esession_session *s, esession_status status)
{
	es_best_effort(es_early_give_back(s, status));
	es_best_effort(es_events_push_status(
	    &s->events, ESESSION_EVENT_TERMINATED, status, NULL));
	es_session_wipe(s);
	es_sign_key_free(s->identity);
	s->identity = NULL;
	s->state = ES_S_ENDED;
}

/* ID_X = CIPHER(KC_X, C_X, payload), M_X = HMAC(HASH, KM_X, C_X, ID_X)
 * (XEP-0116 §"Hiding Bob's Identity"); C_X advances by the blocks used and
 * carries into XEP-0200. */
static esession_status seal_payload(esession_session *s,
                                    const es_sigma_dir_keys *keys,
                                    const uint8_t *payload, size_t len,
                                    uint8_t *counter, es_neg_bytes *id,
                                    uint8_t *m)
{
	ES_ENSURE(id->data == NULL && len > 0, ESESSION_EINVAL);
	uint8_t *out = malloc(len);
	ES_ENSURE(out != NULL, ESESSION_ENOMEM);
	es_ctr *ctr = NULL;
	esession_status st = es_ctr_new(&ctr, s->params.cipher, keys->kc.data,
	                                keys->kc.len, counter, s->block_len);
	if (st == ESESSION_OK)
		st = es_sigma_identity_seal(s->params.hash, ctr, &keys->km,
		                            payload, len, out, len, m,
		                            ES_HASH_MAX_LEN);
	if (st == ESESSION_OK)
		st = es_ctr_get_counter(ctr, counter, ES_CTR_MAX_BLOCK_LEN);
	es_ctr_free(ctr);
	if (st != ESESSION_OK) {
		free(out);
		return st;
	}
	id->data = out;
	id->len = len;
	return ESESSION_OK;
}

static es_pubkey_mode own_mode(const esession_session *s, bool alice)
{
	return alice ? s->params.init_pubkey : s->params.resp_pubkey;
}

static bool key_mode(es_pubkey_mode mode)
{
	return mode == ES_PUBKEY_KEY || mode == ES_PUBKEY_HASH;
}

/* mac_A or mac_B of `in` with KS_X of keys. */
static esession_status sigma_mac(const esession_session *s, bool alice,
                                 const es_sigma_dir_keys *keys,
                                 const es_sigma_mac_input *in, es_secbuf *mac)
{
	return alice ? es_sigma_mac_a(s->params.hash, &keys->ks, in, mac)
	             : es_sigma_mac_b(s->params.hash, &keys->ks, in, mac);
}

esession_status es_session_prove_identity(esession_session *s, bool alice,
                                          const es_sigma_dir_keys *keys,
                                          es_sigma_mac_input *in,
                                          uint8_t *counter, es_neg_bytes *id,
                                          uint8_t *m)
{
	const es_pubkey_mode mode = own_mode(s, alice);
	es_xml_buf kv;
	es_xml_buf payload;
	es_xml_buf_init(&kv, 0);
	es_xml_buf_init(&payload, 0);
	es_secbuf mac_x = ES_SECBUF_INIT;
	esession_status st = ESESSION_OK;
	/* pubKey_X: "If he selects the 'none' method of identification then
	 * he MUST set pubKey_B to a zero length string"; otherwise our
	 * Normalized <KeyValue/>, also in 'hash' mode (spec/ambiguities.md
	 * "pubKey_X when 'none' and with 'hash'"). Session creation made sure
	 * a key mode comes with a key (ESESSION_ENO_IDENTITY_KEY). */
	if (key_mode(mode)) {
		st = s->identity != NULL ? es_pubkey_keyvalue(s->identity, &kv)
		                         : ESESSION_ENO_IDENTITY_KEY;
	}
	in->pub_key = (es_span){kv.data, kv.len};
	if (st == ESESSION_OK)
		st = sigma_mac(s, alice, keys, in, &mac_x);
	/* ID_X hides mac_X ('none') or {pubKey_X, sign_X}. */
	if (st == ESESSION_OK && key_mode(mode))
		st = es_pubkey_prove(s->identity, mode, s->params.hash, &kv,
		                     &mac_x, &payload);
	if (st == ESESSION_OK)
		st = key_mode(mode) ? seal_payload(s, keys, payload.data,
		                                   payload.len, counter, id, m)
		                    : seal_payload(s, keys, mac_x.data,
		                                   mac_x.len, counter, id, m);
	in->pub_key = (es_span){NULL, 0};
	es_secbuf_free(&mac_x);
	if (payload.data != NULL)
		es_wipe(payload.data, payload.len);
	es_xml_buf_free(&payload);
	es_xml_buf_free(&kv);
	return st;
}

/* Lowercase hex of the SHA-256 of the peer's KeyValue (esession_info). */
static esession_status record_fingerprint(esession_session *s,
                                          const es_xml_buf *kv)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t fp[32];
	const es_span part = {kv->data, kv->len};
	ES_GUARD(es_hash(ES_HASH_SHA256, &part, 1, fp, sizeof fp));
	for (size_t i = 0; i < sizeof fp; i++) {
		s->peer_fingerprint[2 * i] = hex[fp[i] >> 4];
		s->peer_fingerprint[2 * i + 1] = hex[fp[i] & 0xf];
	}
	s->peer_fingerprint[2 * sizeof fp] = '\0';
	return ESESSION_OK;
}

/* Keep what the store reported about the peer's key (or its absence). */
static void record_report(esession_session *s, es_store_key_report *report)
{
	s->peer_key = report->flags;
	free(s->peer_petname);
	s->peer_petname = report->petname;
	report->petname = NULL;
}

/* Key modes: read the payload, find the key, recompute mac_X with its
 * KeyValue, verify sign_X, ask the store. */
static esession_status check_key_proof(esession_session *s, bool peer_alice,
                                       const es_sigma_dir_keys *keys,
                                       const es_secbuf *payload,
                                       es_sigma_mac_input *in)
{
	es_pubkey_peer peer;
	es_pubkey_peer_init(&peer);
	es_store_key_report report = ES_STORE_KEY_REPORT_INIT;
	es_secbuf mac_x = ES_SECBUF_INIT;
	esession_status st =
	    es_pubkey_identify(own_mode(s, peer_alice), s->params.hash,
	                       s->params.sign_alg, payload->data, payload->len,
	                       s->store, s->local_jid, s->peer_bare, &peer);
	if (st == ESESSION_OK) {
		in->pub_key = (es_span){peer.keyvalue.data, peer.keyvalue.len};
		st = sigma_mac(s, peer_alice, keys, in, &mac_x);
		in->pub_key = (es_span){NULL, 0};
	}
	if (st == ESESSION_OK)
		st = es_pubkey_accept(&peer, &mac_x, s->store, s->local_jid,
		                      s->peer_bare, &report);
	/* The flags are worth reporting even for a refused key (the FAILED
	 * event says why; esession_info shows what was presented). */
	record_report(s, &report);
	if (peer.key != NULL && st != ESESSION_ENOMEM)
		es_best_effort(record_fingerprint(s, &peer.keyvalue));
	es_store_key_report_clear(&report);
	es_secbuf_free(&mac_x);
	es_pubkey_peer_clear(&peer);
	return st;
}

/* 'none': the decrypted mac_X against our own; the store is still told
 * that the peer used no key, so that a JID that had one is reported
 * (XEP-0116 §"Key Associations": "(or no key at all) then the entity MUST
 * alert its user"). */
static esession_status check_mac_proof(esession_session *s, bool peer_alice,
                                       const es_sigma_dir_keys *keys,
                                       const es_secbuf *payload,
                                       es_sigma_mac_input *in)
{
	es_secbuf mac_x = ES_SECBUF_INIT;
	es_store_key_report report = ES_STORE_KEY_REPORT_INIT;
	in->pub_key = (es_span){NULL, 0};
	esession_status st = sigma_mac(s, peer_alice, keys, in, &mac_x);
	if (st == ESESSION_OK)
		st = es_sigma_identity_check_mac(&mac_x, payload);
	if (st == ESESSION_OK && s->store != NULL) {
		st = es_store_key_check(s->store, s->local_jid, s->peer_bare,
		                        NULL, 0, &report);
		record_report(s, &report);
	}
	es_store_key_report_clear(&report);
	es_secbuf_free(&mac_x);
	return st;
}

es_sigma_mac_input es_session_mac_input(const esession_session *s, bool alice,
                                        const es_xml_buf *form2)
{
	const es_xml_buf *form = alice ? &s->form_a : &s->form_b;
	return (es_sigma_mac_input){
	    {s->n_a, s->n_a_len},
	    {s->n_b, s->n_b_len},
	    alice ? (es_span){s->e, s->e_len} : (es_span){s->d, s->d_len},
	    {NULL, 0},
	    {form->data, form->len},
	    form2 != NULL ? (es_span){form2->data, form2->len}
	                  : (es_span){NULL, 0}};
}

esession_status es_session_append_identity(esession_session *s, bool alice,
                                           const es_sigma_dir_keys *keys,
                                           bool with_form2, es_xml_node *x,
                                           uint8_t *m_out)
{
	es_xml_buf form2;
	es_xml_buf_init(&form2, 0);
	es_neg_bytes id = {NULL, 0};
	uint8_t m[ES_HASH_MAX_LEN];
	const size_t m_len = es_hash_len(s->params.hash);
	esession_status st =
	    with_form2 ? es_session_form_string(x, false, &form2) : ESESSION_OK;
	if (st == ESESSION_OK) {
		es_sigma_mac_input in =
		    es_session_mac_input(s, alice, with_form2 ? &form2 : NULL);
		st = es_session_prove_identity(s, alice, keys, &in,
		                               alice ? s->c_a : s->c_b, &id, m);
	}
	if (st == ESESSION_OK)
		st = es_neg_append_identity(x, id.data, id.len, m, m_len);
	if (st == ESESSION_OK && m_out != NULL)
		memcpy(m_out, m, m_len);
	es_neg_bytes_clear(&id);
	es_xml_buf_free(&form2);
	return st;
}

esession_status es_session_check_identity(esession_session *s, bool peer_alice,
                                          const es_sigma_dir_keys *keys,
                                          const es_neg_bytes *id,
                                          const es_neg_bytes *m,
                                          es_sigma_mac_input *in,
                                          uint8_t *counter, es_neg_error *err)
{
	es_ctr *ctr = NULL;
	es_secbuf payload = ES_SECBUF_INIT;
	esession_status st = es_ctr_new(&ctr, s->params.cipher, keys->kc.data,
	                                keys->kc.len, counter, s->block_len);
	/* "Return a <feature-not-implemented/> error ... unless the value of
	 * M_B she calculated matches", then "Obtain mac_B ... or pubKey_B and
	 * sign_B ... by decrypting ID_B". */
	if (st == ESESSION_OK)
		st = es_sigma_identity_open(s->params.hash, ctr, &keys->km,
		                            id->data, id->len, m->data, m->len,
		                            &payload);
	if (st == ESESSION_EMAC) {
		es_neg_error_set(err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
		es_neg_error_add_field(err, "mac");
		goto out;
	}
	if (st != ESESSION_OK)
		goto out;
	st = key_mode(own_mode(s, peer_alice))
	         ? check_key_proof(s, peer_alice, keys, &payload, in)
	         : check_mac_proof(s, peer_alice, keys, &payload, in);
	/* Every failed identity check is answered the same way: "return a
	 * <feature-not-implemented/> error unless she can confirm ... that
	 * pubKey_B really is Bob's public key and ... that sign_B is the
	 * signature" (spec/ambiguities.md "Errors of the public-key
	 * checks"). Resource failures are ours, not the peer's. */
	if (st != ESESSION_OK && st != ESESSION_ENOMEM &&
	    st != ESESSION_ECRYPTO && st != ESESSION_ESTORE) {
		es_neg_error_set(err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
		es_neg_error_add_field(err, "identity");
	}
	if (st == ESESSION_OK)
		st = es_ctr_get_counter(ctr, counter, ES_CTR_MAX_BLOCK_LEN);
out:
	es_secbuf_free(&payload);
	es_ctr_free(ctr);
	return st;
}

esession_status es_session_keep_retained(esession_session *s,
                                         const es_secbuf *k,
                                         const es_store_entry *srs_entry)
{
	/* XEP-0116 §"Sending Bob's Identity" / §"Generating Alice's Final
	 * Session Keys": new retained secret = HMAC(HASH, K, "New Retained
	 * Secret"), stored in place of the SRS it continues. */
	ES_GUARD(es_sigma_new_retained_secret(s->params.hash, k, &s->retained));
	s->rs_matched = srs_entry != NULL;
	s->chain_verified = srs_entry != NULL && srs_entry->sas_verified;
	if (s->store == NULL)
		return ESESSION_OK;
	const es_span srs =
	    srs_entry != NULL
	        ? (es_span){srs_entry->secret.data, srs_entry->secret.len}
	        : (es_span){NULL, 0};
	ES_GUARD(
	    es_store_replace(s->store, s->local_jid, s->peer_jid,
	                     srs_entry != NULL ? srs_entry->peer_jid : NULL,
	                     srs_entry != NULL ? &srs : NULL, s->retained.data,
	                     s->retained.len));
	char *peer = dup_str(s->peer_jid);
	ES_ENSURE(peer != NULL, ESESSION_ENOMEM);
	free(s->retained_peer);
	s->retained_peer = peer;
	return ESESSION_OK;
}

/* What the application MUST show its user about an established session
 * (esession.h ESESSION_WARN_*). */
static unsigned session_warnings(const esession_session *s)
{
	unsigned w = 0;
	/* XEP-0116 §"Back Doors": "Both implementations MUST immediately and
	 * clearly inform their users if the negotiated value of the
	 * 'disclose' field is not 'never'". */
	if (s->params.disclosure != ES_DISCLOSURE_NEVER)
		w |= ESESSION_WARN_DISCLOSURE;
	/* §"Unencrypted ESessions": every requirement "except for
	 * Confidentiality". */
	if (s->params.cipher == ES_CIPHER_NONE)
		w |= ESESSION_WARN_NO_CONFIDENTIALITY;
	if (s->params.logging == ES_LOGGING_MAY)
		w |= ESESSION_WARN_LOGGING;
	/* §"Key Associations": "alert their users immediately if another JID
	 * presents the same public key"; a JID with another key "(or no key
	 * at all) then the entity MUST alert its user". */
	if (s->peer_key &
	    (ESESSION_PEER_KEY_OTHER_JID | ESESSION_PEER_KEY_CHANGED |
	     ESESSION_PEER_KEY_MISSING))
		w |= ESESSION_WARN_PEER_KEY;
	return w;
}

esession_status es_session_establish(esession_session *s)
{
	es_event ev;
	memset(&ev, 0, sizeof ev);
	ev.type = ESESSION_EVENT_ESTABLISHED;
	memcpy(ev.sas, s->sas, sizeof ev.sas);
	ev.retained_secret_matched = s->rs_matched;
	ev.sas_chain_verified = s->chain_verified;
	s->warnings = session_warnings(s);
	ev.peer_key = s->peer_key;
	ev.warnings = s->warnings;
	if (s->peer_petname != NULL) {
		ev.peer_key_petname = dup_str(s->peer_petname);
		ES_ENSURE(ev.peer_key_petname != NULL, ESESSION_ENOMEM);
	}
	esession_status st = es_events_push(&s->events, &ev);
	if (st != ESESSION_OK) {
		free(ev.peer_key_petname);
		return st;
	}
	/* The identity key has done its work: keep no copy longer than
	 * needed. */
	es_sign_key_free(s->identity);
	s->identity = NULL;
	s->state = ES_S_ACTIVE;
	return ESESSION_OK;
}

/* ---- creation ------------------------------------------------------- */

static esession_status session_alloc(const esession_config *config,
                                     esession_role role, const char *local_jid,
                                     esession_session **out)
{
	ES_ENSURE(config != NULL && local_jid != NULL && out != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(local_jid[0] != '\0', ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	esession_session *s = calloc(1, sizeof *s);
	ES_ENSURE(s != NULL, ESESSION_ENOMEM);
	s->role = role;
	s->answer = config->answer;
	s->store = config->store != NULL ? &config->store->store : NULL;
	es_xml_buf_init(&s->out, 0);
	es_xml_buf_init(&s->form_a, 0);
	es_xml_buf_init(&s->form_b, 0);
	/* A Bob who will not negotiate (decline, fallback, silence) signs
	 * nothing and needs no key. */
	esession_status st = ESESSION_OK;
	if (role == ESESSION_ROLE_INITIATOR ||
	    s->answer == ESESSION_ANSWER_ACCEPT)
		st = es_config_session_identity(config, role, &s->policy,
		                                &s->identity);
	else
		s->policy = config->policy;
	if (st != ESESSION_OK)
		goto out;
	st = ESESSION_ENOMEM;
	s->local_jid = dup_str(local_jid);
	if (s->local_jid == NULL)
		goto out;
	st = es_xml_parser_new(&s->parser, NULL);
	if (st != ESESSION_OK)
		goto out;
	st = es_xml_doc_new(&s->doc);
	if (st != ESESSION_OK)
		goto out;
	*out = s;
	return ESESSION_OK;
out:
	esession_session_free(s);
	return st;
}

static esession_status set_peer(esession_session *s, const char *peer_jid)
{
	char *full = dup_str(peer_jid);
	char *bare = bare_of(peer_jid);
	if (full == NULL || bare == NULL) {
		free(full);
		free(bare);
		return ESESSION_ENOMEM;
	}
	free(s->peer_jid);
	free(s->peer_bare);
	s->peer_jid = full;
	s->peer_bare = bare;
	return ESESSION_OK;
}

/* A random thread id: 16 random bytes in lowercase hex (XEP-0201 asks for
 * a unique, opaque value). */
static esession_status random_thread(esession_session *s)
{
	uint8_t raw[16];
	static const char hex[] = "0123456789abcdef";
	ES_GUARD(es_rng_bytes(s->rng, ES_RNG_NONCE, raw, sizeof raw));
	char *t = malloc(2 * sizeof raw + 1);
	ES_ENSURE(t != NULL, ESESSION_ENOMEM);
	for (size_t i = 0; i < sizeof raw; i++) {
		t[2 * i] = hex[raw[i] >> 4];
		t[2 * i + 1] = hex[raw[i] & 0xf];
	}
	t[2 * sizeof raw] = '\0';
	s->thread = t;
	return ESESSION_OK;
}

esession_status esession_session_new_initiator(const esession_config *config,
                                               const char *local_jid,
                                               const char *peer_jid,
                                               const char *thread,
                                               esession_session **out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	*out = NULL;
	ES_ENSURE(peer_jid != NULL && peer_jid[0] != '\0', ESESSION_EINVAL);
	ES_ENSURE(thread == NULL || thread[0] != '\0', ESESSION_EINVAL);
	esession_session *s = NULL;
	ES_GUARD(session_alloc(config, ESESSION_ROLE_INITIATOR, local_jid, &s));
	esession_status st = set_peer(s, peer_jid);
	if (st == ESESSION_OK)
		st = es_config_session_rng(config, ESESSION_ROLE_INITIATOR,
		                           local_jid, peer_jid, &s->rng);
	if (st == ESESSION_OK) {
		if (thread != NULL) {
			s->thread = dup_str(thread);
			st = s->thread != NULL ? ESESSION_OK : ESESSION_ENOMEM;
		} else {
			st = random_thread(s);
		}
	}
	if (st != ESESSION_OK) {
		esession_session_free(s);
		return st;
	}
	s->state = ES_S_I_IDLE;
	*out = s;
	return ESESSION_OK;
}

/* Parse and classify one incoming stanza into s->doc. */
static esession_status parse_incoming(esession_session *s, const char *stanza,
                                      size_t len, es_neg_stanza_info *info)
{
	es_xml_node *root = NULL;
	es_xml_doc_reset(s->doc);
	ES_GUARD(es_xml_parse(s->parser, s->doc, (const uint8_t *)stanza, len,
	                      &root));
	return es_neg_classify(root, info);
}

esession_status esession_session_new_responder(const esession_config *config,
                                               const char *local_jid,
                                               const char *request,
                                               size_t request_len,
                                               esession_session **out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	*out = NULL;
	ES_ENSURE(request != NULL, ESESSION_EINVAL);
	esession_session *s = NULL;
	ES_GUARD(session_alloc(config, ESESSION_ROLE_RESPONDER, local_jid, &s));
	s->state = ES_S_R_IDLE;

	es_neg_stanza_info info;
	esession_status st = parse_incoming(s, request, request_len, &info);
	if (st == ESESSION_OK &&
	    (info.kind != ES_NEG_KIND_REQ4 && info.kind != ES_NEG_KIND_REQ3 &&
	     info.kind != ES_NEG_KIND_REQ_BAD))
		st = ESESSION_ENOT_ESESSION;
	/* XEP-0155 §"Initiating a Session": the request carries a <thread/>;
	 * the reply goes to the full JID it came from. */
	if (st == ESESSION_OK &&
	    (info.from == NULL || info.from[0] == '\0' || info.thread == NULL ||
	     info.thread[0] == '\0'))
		st = ESESSION_ENOT_ESESSION;
	if (st == ESESSION_OK)
		st = set_peer(s, info.from);
	if (st == ESESSION_OK) {
		s->thread = dup_str(info.thread);
		if (s->thread == NULL)
			st = ESESSION_ENOMEM;
	}
	if (st == ESESSION_OK)
		st = es_config_session_rng(config, ESESSION_ROLE_RESPONDER,
		                           local_jid, info.from, &s->rng);
	if (st != ESESSION_OK) {
		esession_session_free(s);
		return st;
	}
	s->peer_bound = true;
	*out = s;
	es_handler h = es_transition(s->state, info.kind);
	return h(s, &info);
}

esession_status esession_session_start(esession_session *s)
{
	ES_ENSURE(s != NULL, ESESSION_EINVAL);
	es_events_release_current(&s->events);
	ES_ENSURE(s->state == ES_S_I_IDLE, ESESSION_ESTATE);
	return es_alice_start(s);
}

static bool terminal(const esession_session *s)
{
	return s->state == ES_S_ENDED || s->state == ES_S_FAILED;
}

esession_status esession_session_receive(esession_session *s,
                                         const char *stanza, size_t len)
{
	ES_ENSURE(s != NULL && stanza != NULL, ESESSION_EINVAL);
	es_events_release_current(&s->events);
	ES_ENSURE(!terminal(s), ESESSION_ESTATE);
	ES_ENSURE(s->state != ES_S_I_IDLE, ESESSION_ESTATE);

	es_neg_stanza_info info;
	ES_GUARD(parse_incoming(s, stanza, len, &info));

	/* XEP-0201: the <thread/> identifies the session; anything else is
	 * not ours and changes nothing. */
	ES_ENSURE(info.thread != NULL && strcmp(info.thread, s->thread) == 0,
	          ESESSION_ENOT_ESESSION);
	/* Only the peer may speak in the session: once bound, its full JID;
	 * before Bob's reply, any resource of the bare JID Alice asked
	 * (XEP-0155 §"Accepting a Session"). */
	ES_ENSURE(info.from != NULL, ESESSION_EWRONG_PEER);
	if (s->peer_bound) {
		ES_ENSURE(strcmp(info.from, s->peer_jid) == 0,
		          ESESSION_EWRONG_PEER);
	} else {
		char *bare = bare_of(info.from);
		ES_ENSURE(bare != NULL, ESESSION_ENOMEM);
		bool same = strcmp(bare, s->peer_bare) == 0;
		free(bare);
		ES_ENSURE(same, ESESSION_EWRONG_PEER);
	}

	es_handler h = es_transition(s->state, info.kind);
	if (h == NULL)
		return info.kind == ES_NEG_KIND_PLAIN &&
		               (s->state == ES_S_ACTIVE ||
		                s->state == ES_S_TERMINATING)
		           ? ESESSION_EPLAINTEXT
		           : ESESSION_EUNEXPECTED;
	return h(s, &info);
}

esession_status esession_session_encrypt(esession_session *s,
                                         const char *stanza, size_t len)
{
	ES_ENSURE(s != NULL && stanza != NULL, ESESSION_EINVAL);
	es_events_release_current(&s->events);
	/* XEP-0116 §"Sending Alice's Identity": kept for message 3. */
	if (s->state == ES_S_I_WAIT_RESP3)
		return es_early_keep(s, stanza, len);
	ES_ENSURE(s->state == ES_S_ACTIVE, ESESSION_ESTATE);
	return es_traffic_encrypt(s, stanza, len);
}

esession_status esession_session_terminate(esession_session *s)
{
	ES_ENSURE(s != NULL, ESESSION_EINVAL);
	es_events_release_current(&s->events);
	ES_ENSURE(!terminal(s) && s->state != ES_S_TERMINATING,
	          ESESSION_ESTATE);
	if (s->state == ES_S_I_WAIT_RESP3 && s->early != NULL) {
		/* A stanza waits for message 3: send it, then end (XEP-0116
		 * §"Sending Alice's Identity": 'terminate' in message 3,
		 * "the ESession is terminated immediately"). */
		ES_ENSURE(!s->early_terminate, ESESSION_ESTATE);
		s->early_terminate = true;
		return ESESSION_OK;
	}
	if (s->state != ES_S_ACTIVE) {
		/* Nothing agreed yet: abandon the negotiation silently
		 * (spec/state-table.md §5 A_TERMINATE). */
		es_session_end(s, ESESSION_OK);
		return ESESSION_OK;
	}
	return es_traffic_terminate(s);
}

esession_status esession_session_next_event(esession_session *s,
                                            esession_event *ev)
{
	ES_ENSURE(s != NULL && ev != NULL, ESESSION_EINVAL);
	return es_events_pop(&s->events, ev);
}

esession_state esession_session_state(const esession_session *s)
{
	if (s == NULL)
		return (esession_state)0;
	switch (s->state) {
	case ES_S_I_IDLE:
	case ES_S_R_IDLE: return ESESSION_STATE_IDLE;
	case ES_S_I_WAIT_RESP:
	case ES_S_I_WAIT_RESP3:
	case ES_S_I_WAIT_BOBID:
	case ES_S_R_WAIT_COMPLETE:
	case ES_S_R_WAIT_COMPLETE3: return ESESSION_STATE_NEGOTIATING;
	case ES_S_ACTIVE: return ESESSION_STATE_ACTIVE;
	case ES_S_TERMINATING: return ESESSION_STATE_TERMINATING;
	case ES_S_ENDED: return ESESSION_STATE_ENDED;
	case ES_S_FAILED:
	case ES_STATE_COUNT:
	default: return ESESSION_STATE_FAILED;
	}
}

esession_status esession_session_get_info(const esession_session *s,
                                          esession_info *info)
{
	ES_ENSURE(s != NULL && info != NULL, ESESSION_EINVAL);
	memset(info, 0, sizeof *info);
	info->role = s->role;
	info->state = esession_session_state(s);
	info->local_jid = s->local_jid;
	info->peer_jid = s->peer_jid;
	info->thread = s->thread;
	info->sas = s->sas;
	if (s->params.mode != 0) {
		info->message_count = (int)s->params.mode;
		info->modp_group = s->params.group;
		info->cipher = es_cipher_name(s->params.cipher);
		info->hash = es_hash_name(s->params.hash);
		info->stanzas = s->params.stanzas;
		info->rekey_freq = s->params.rekey_freq;
		info->logging =
		    es_logging_value(s->params.logging, ES_LOGGING_SSN);
		info->disclosure = es_disclosure_name(s->params.disclosure);
	}
	info->retained_secret_matched = s->rs_matched;
	info->other_secret_used = s->oss_used;
	info->sas_chain_verified = s->chain_verified;
	info->init_pubkey = "";
	info->resp_pubkey = "";
	info->sign_alg = "";
	if (s->params.init_pubkey != 0)
		info->init_pubkey = es_pubkey_mode_name(s->params.init_pubkey);
	if (s->params.resp_pubkey != 0)
		info->resp_pubkey = es_pubkey_mode_name(s->params.resp_pubkey);
	if (s->params.sign_alg != 0)
		info->sign_alg = es_sign_alg_short_name(s->params.sign_alg);
	info->peer_key = s->peer_key;
	info->peer_key_petname = s->peer_petname;
	info->peer_key_fingerprint = s->peer_fingerprint;
	info->warnings = s->warnings;
	return ESESSION_OK;
}

esession_status esession_session_confirm_sas(esession_session *s)
{
	ES_ENSURE(s != NULL, ESESSION_EINVAL);
	es_events_release_current(&s->events);
	ES_ENSURE(s->state == ES_S_ACTIVE && s->params.mode == ES_NEG_MODE_4MSG,
	          ESESSION_ESTATE);
	ES_ENSURE(s->store != NULL && s->retained.len > 0 &&
	              s->retained_peer != NULL,
	          ESESSION_ESTATE);
	const es_span secret = {s->retained.data, s->retained.len};
	ES_GUARD(es_store_mark_verified(s->store, s->local_jid,
	                                s->retained_peer, &secret));
	s->chain_verified = true;
	return ESESSION_OK;
}

void esession_session_free(esession_session *s)
{
	if (s == NULL)
		return;
	es_session_wipe(s);
	es_events_free(&s->events);
	es_xml_parser_free(s->parser);
	es_xml_doc_free(s->doc);
	es_xml_buf_free(&s->out);
	es_xml_buf_free(&s->form_a);
	es_xml_buf_free(&s->form_b);
	es_rng_free(s->rng);
	free(s->local_jid);
	free(s->peer_jid);
	free(s->peer_bare);
	free(s->thread);
	free(s->retained_peer);
	free(s->peer_petname);
	es_sign_key_free(s->identity);
	es_wipe(s, sizeof *s);
	free(s);
}
