/*
 * traffic.c - an established session: XEP-0200 encryption of the
 * application's stanzas, decryption of the peer's, termination (XEP-0116
 * §"ESession Termination", XEP-0155 §"Terminating a Session"), and error
 * stanzas from the peer.
 */
#include "session_internal.h"

#include "form.h"
#include "neg_common.h"
#include "rekey.h"
#include "response.h"
#include "stanza.h"
#include "xml_serialize.h"

#include <stdlib.h>
#include <string.h>

/* The stanza namespace of root ("jabber:client" or none). */
static const char *stanza_ns(const es_xml_node *root)
{
	return es_xml_ns(root);
}

/* Give the application's stanza the session's <thread/> and address
 * (XEP-0201: the thread routes it to the peer's session). A stanza that
 * names another thread or another peer is refused. */
esession_status es_traffic_address(esession_session *s, es_xml_node *root)
{
	const char *ns = stanza_ns(root);
	es_xml_node *thread = es_xml_find_child(root, ns, "thread");
	if (thread != NULL) {
		const char *text = NULL;
		size_t len = 0;
		ES_GUARD(es_xml_text_content(thread, &text, &len));
		ES_ENSURE(len == strlen(s->thread) &&
		              memcmp(text, s->thread, len) == 0,
		          ESESSION_EINVAL);
	} else {
		es_xml_node *t = NULL;
		ES_GUARD(es_xml_element_new(s->doc, ns, "thread", &t));
		ES_GUARD(es_xml_add_text(t, s->thread));
		ES_GUARD(
		    es_xml_insert_before(root, t, es_xml_first_child(root)));
	}
	const char *to = es_xml_attr_get(root, "", "to", NULL);
	if (to == NULL)
		return es_xml_set_attr(root, "", "to", s->peer_jid);
	/* The bare JID of the peer or its bound full JID. */
	ES_ENSURE(strcmp(to, s->peer_jid) == 0 || strcmp(to, s->peer_bare) == 0,
	          ESESSION_EINVAL);
	return ESESSION_OK;
}

/*
 * The session's re-key state, created when re-keying is first used (a
 * <key/> to send or received, a <new/>, a tick: spec/rekey.md R§1). It
 * takes over our private DH value of the negotiation (x of the selected
 * group for the initiator, y for the responder: XEP-0200 §"Assumptions"
 * lists both among the parameters re-keying uses) and copies the peer's
 * public value (d or e).
 */
static esession_status traffic_rekey(esession_session *s, es_rekey **out)
{
	if (s->rekey == NULL) {
		const bool alice = s->role == ESESSION_ROLE_INITIATOR;
		es_dh **own = NULL;
		if (alice && s->params.group_index < s->n_dh_offer)
			own = &s->dh_offer[s->params.group_index];
		else if (!alice)
			own = &s->dh_own;
		const es_group *group = NULL;
		ES_GUARD(es_group_find(s->params.group, &group));
		ES_GUARD(es_rekey_new(
		    &s->rekey, group, s->params.hash, s->params.cipher,
		    s->params.rekey_freq, own != NULL ? *own : NULL,
		    alice ? s->d : s->e, alice ? s->d_len : s->e_len));
		if (own != NULL)
			*own = NULL; /* now owned by s->rekey */
	}
	*out = s->rekey;
	return ESESSION_OK;
}

/* Whether a stanza we send carries a <key/>. */
typedef enum key_choice {
	KEY_NEVER,  /* termination and its acknowledgement */
	KEY_POLICY, /* when the soft block limit asks for one */
	KEY_NOW     /* esession_session_rekey, the hard block limit */
} key_choice;

/*
 * Encrypt root (in s->doc) and queue it as one transaction: the counter
 * moves, the re-key state changes and the SEND event is queued, or
 * nothing happens (DESIGN.md: "either it is returned encrypted, or the
 * call fails and the caller still has it"). The stanza carries <new/>
 * and the <old/> values that may be published (spec/rekey.md R§4, R§5).
 */
static esession_status send_stanza(esession_session *s, es_xml_node *root,
                                   key_choice choice)
{
	es_rekey *rk = s->rekey; /* NULL: re-keying never used yet */
	/* XEP-0200 §"Maximum Key Life", R§6: past the soft limit, a stanza
	 * carries a <key/> as soon as rekey_freq allows one. */
	bool with_key = choice == KEY_NOW;
	if (choice == KEY_POLICY &&
	    es_stanza_dir_blocks_used(s->tx) >= ES_REKEY_SOFT_BLOCKS) {
		ES_GUARD(traffic_rekey(s, &rk));
		with_key = es_rekey_wants_key(rk, s->tx);
	}
	es_rekey_offer offer = ES_REKEY_OFFER_INIT;
	esession_status st = ESESSION_OK;
	if (with_key) {
		st = traffic_rekey(s, &rk);
		if (st == ESESSION_OK)
			st = es_rekey_offer_prepare(rk, s->rng, s->tx, &offer);
	}

	es_span old[ES_REKEY_MAX_OLD];
	es_stanza_extras extras;
	es_stanza_pending pending = ES_STANZA_PENDING_INIT;
	es_xml_node *out = NULL;
	if (st == ESESSION_OK) {
		/* <key/>, <new/> and the <old/> values due (R§4, R§5). */
		if (rk != NULL)
			es_rekey_extras(rk, with_key ? &offer : NULL, &extras,
			                old);
		st = es_stanza_encrypt_begin(s->tx, s->params.stanzas, root,
		                             rk != NULL ? &extras : NULL,
		                             s->doc, &out, &pending);
	}
	if (st == ESESSION_OK) {
		st = es_session_send(s, out);
		if (st != ESESSION_OK)
			es_stanza_pending_rollback(s->tx, &pending);
	}
	if (st == ESESSION_OK) {
		es_stanza_pending_commit(s->tx, &pending);
		if (rk != NULL)
			st = es_rekey_sent(rk, s->tx, with_key ? &offer : NULL);
		/* The stanza with the <key/> is queued but our keys did not
		 * follow (libgcrypt refused one): every later stanza would
		 * fail the peer's MAC check. */
		if (st != ESESSION_OK)
			st = es_session_fail_field(s, st, ES_NEG_COND_NONE,
			                           NULL);
	}
	es_rekey_offer_clear(&offer);
	return st;
}

/* The empty re-key stanza of XEP-0200 §"Encrypting a Stanza" ("if there is
 * no XML content to be encrypted (e.g. if this is an empty Re-Key Exchange
 * stanza)"): <message to><thread/><c>key, mac</c></message>. */
static esession_status send_empty_rekey(esession_session *s)
{
	es_xml_node *msg = NULL;
	ES_GUARD(es_neg_message_new(s->doc, s->peer_jid, s->thread, &msg));
	return send_stanza(s, msg, KEY_NOW);
}

esession_status es_traffic_encrypt(esession_session *s, const char *stanza,
                                   size_t len)
{
	es_xml_node *root = NULL;
	es_xml_doc_reset(s->doc);
	ES_GUARD(es_xml_parse(s->parser, s->doc, (const uint8_t *)stanza, len,
	                      &root));
	ES_GUARD(es_traffic_address(s, root));
	/* On failure nothing was queued and no counter moved. */
	esession_status st = send_stanza(s, root, KEY_POLICY);
	if (st != ESESSION_EKEY_EXHAUSTED)
		return st;
	/* XEP-0200 §"Maximum Key Life": the stanza does not fit under the
	 * current key. Re-key first with an empty stanza (it needs one
	 * counter value under the old key), then send the stanza under the
	 * new key. When rekey_freq forbids a re-key now, the caller gets
	 * ESESSION_EKEY_EXHAUSTED and keeps its stanza (spec/rekey.md R§6). */
	es_rekey *rk = NULL;
	ES_GUARD(traffic_rekey(s, &rk));
	ES_GUARD(es_rekey_may_initiate(rk, s->tx) == ESESSION_OK
	             ? ESESSION_OK
	             : ESESSION_EKEY_EXHAUSTED);
	ES_GUARD(send_empty_rekey(s));
	return send_stanza(s, root, KEY_NEVER);
}

esession_status esession_session_rekey(esession_session *s)
{
	ES_ENSURE(s != NULL, ESESSION_EINVAL);
	es_events_release_current(&s->events);
	ES_ENSURE(s->state == ES_S_ACTIVE, ESESSION_ESTATE);
	es_xml_doc_reset(s->doc);
	return send_empty_rekey(s);
}

esession_status esession_session_tick(esession_session *s, uint64_t now_ms)
{
	ES_ENSURE(s != NULL, ESESSION_EINVAL);
	es_events_release_current(&s->events);
	ES_ENSURE(s->state == ES_S_ACTIVE || s->state == ES_S_TERMINATING,
	          ESESSION_ESTATE);
	es_rekey *rk = NULL;
	ES_GUARD(traffic_rekey(s, &rk));
	return es_rekey_tick(rk, now_ms);
}

/* <message to><thread/><feature><x type=...>FORM_TYPE, terminate=1</x>
 * </feature></message>: the terminate form (type submit) or its
 * acknowledgement (type result), XEP-0155 §"Terminating a Session". */
static esession_status terminate_stanza(esession_session *s, es_form_type type,
                                        es_xml_node **msg)
{
	es_form *form = NULL;
	es_form_field *f = NULL;
	es_xml_node *x = NULL;
	esession_status st = es_form_new(type, NULL, &form);
	if (st == ESESSION_OK)
		st = es_form_add_field(form, "FORM_TYPE",
		                       ES_FORM_FIELD_UNSPECIFIED, &f);
	if (st == ESESSION_OK)
		st = es_form_field_add_value(f, ES_SSN_FORM_TYPE);
	if (st == ESESSION_OK)
		st = es_form_add_field(form, "terminate",
		                       ES_FORM_FIELD_UNSPECIFIED, &f);
	if (st == ESESSION_OK)
		st = es_form_field_add_value(f, "1");
	if (st == ESESSION_OK)
		st = es_form_to_xml(form, s->doc, &x);
	es_form_free(form);
	if (st == ESESSION_OK)
		st = es_neg_form_stanza(s->doc, s->peer_jid, s->thread, x,
		                        false, msg);
	return st;
}

esession_status es_traffic_terminate(esession_session *s)
{
	es_xml_node *msg = NULL;
	es_xml_doc_reset(s->doc);
	ES_GUARD(terminate_stanza(s, ES_FORM_TYPE_SUBMIT, &msg));
	/* XEP-0116 §"ESession Termination": "She MAY publish old values of
	 * KM_A and/or KM_B within her termination stanza as long as she is
	 * sure all the stanzas that MAY use the old values have been
	 * received": send_stanza adds exactly those (spec/rekey.md §5). */
	ES_GUARD(send_stanza(s, msg, KEY_NEVER));
	/* "She MUST then securely destroy all keys" - the sending keys now;
	 * the receiving keys stay until the acknowledgement, whose MAC
	 * proves Bob received every stanza (XEP-0116 §"ESession
	 * Termination"). */
	es_stanza_dir_free(s->tx);
	s->tx = NULL;
	s->state = ES_S_TERMINATING;
	return ESESSION_OK;
}

/* The SSN form of a decrypted stanza, if its content is one: returns the
 * form type through *type when it carries terminate = true. */
static bool terminate_form(const es_xml_node *plain, es_form_type *type)
{
	es_neg_stanza_info pinfo;
	if (es_neg_classify(plain, &pinfo) != ESESSION_OK ||
	    pinfo.kind != ES_NEG_KIND_TERM_CLEAR || pinfo.form == NULL)
		return false;
	es_form *form = NULL;
	bool yes = false;
	bool value = false;
	if (es_form_parse(pinfo.form, NULL, &form) == ESESSION_OK &&
	    es_form_boolean(form, "terminate", &value) == ESESSION_OK &&
	    value) {
		*type = es_form_get_type(form);
		yes = true;
	}
	es_form_free(form);
	return yes;
}

/*
 * XEP-0200 §"Decrypting a Stanza" with re-keying: choose the key set from
 * <new/>, verify and decrypt, then let the re-key state destroy older
 * sets, count the stanza and accept a <key/>. Every failure terminates the
 * session with not-acceptable ("Bob MUST terminate the encrypted session,
 * he MAY send a <not-acceptable/> error").
 */
static esession_status decrypt_stanza(esession_session *s,
                                      const es_xml_node *root,
                                      es_xml_node **plain, bool *deliver)
{
	es_rekey *rk = s->rekey; /* NULL: re-keying never used yet */
	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	uint32_t new_count = 0;
	size_t pos = 0;
	ES_GUARD(es_stanza_peek_new(root, s->params.stanzas, &new_count));
	if (rk != NULL)
		ES_GUARD(es_rekey_select(rk, s->rx, new_count, &pos));
	else
		/* Without a re-key state we never sent a <key/>. */
		ES_ENSURE(new_count == 0, ESESSION_EREKEY_NEW);
	ES_GUARD(es_stanza_decrypt(s->rx, s->params.stanzas, root, s->doc,
	                           plain, &rx));
	/* <old/> values are ignored (XEP-0200 §"Publishing Old MAC Values":
	 * "Entities SHOULD ignore any <old/> elements they receive"); the
	 * MAC covered them like every other child of <c/>. */
	esession_status st = ESESSION_OK;
	if (rk == NULL && rx.key != NULL)
		st = traffic_rekey(s, &rk);
	if (st == ESESSION_OK && rk != NULL)
		st = es_rekey_received(rk, s->rx, s->tx, pos, rx.key,
		                       rx.key_len);
	/* An "empty Re-Key Exchange stanza" (XEP-0200 §"Encrypting a
	 * Stanza"): a <message/> whose <c/> holds a <key/> and no <data/>
	 * carries nothing for the application (spec/rekey.md R§2). */
	*deliver = !(rx.key != NULL && !rx.data_present &&
	             strcmp(es_xml_name(root), "message") == 0);
	es_stanza_received_clear(&rx);
	return st;
}

esession_status es_on_encrypted(esession_session *s,
                                const es_neg_stanza_info *info)
{
	es_xml_node *plain = NULL;
	bool deliver = true;
	esession_status st = decrypt_stanza(s, info->stanza, &plain, &deliver);
	if (st != ESESSION_OK)
		return es_session_fail_field(s, st, ES_NEG_COND_NOT_ACCEPTABLE,
		                             NULL);
	if (!deliver)
		return ESESSION_OK;

	es_form_type type = ES_FORM_TYPE_FORM;
	if (terminate_form(plain, &type)) {
		if (type == ES_FORM_TYPE_SUBMIT && s->state == ES_S_ACTIVE) {
			/* The peer ends the session: acknowledge, then destroy
			 * every key. */
			es_xml_node *ack = NULL;
			st = terminate_stanza(s, ES_FORM_TYPE_RESULT, &ack);
			/* "He MAY publish any old values of KM_A or KM_B
			 * within the acknowledgement stanza." */
			if (st == ESESSION_OK)
				st = send_stanza(s, ack, KEY_NEVER);
			if (st != ESESSION_OK)
				return es_session_fail_field(
				    s, st, ES_NEG_COND_NONE, NULL);
		}
		/* An acknowledgement, a terminate crossing ours, or an
		 * unsolicited acknowledgement: the session has ended. */
		es_session_end(s, ESESSION_OK);
		return ESESSION_OK;
	}
	es_xml_buf_clear(&s->out);
	st = es_xml_serialize(plain, &s->out);
	if (st == ESESSION_OK)
		st = es_events_push_stanza(&s->events, ESESSION_EVENT_PLAINTEXT,
		                           (const char *)s->out.data,
		                           s->out.len);
	es_wipe(s->out.data, s->out.len);
	es_xml_buf_clear(&s->out);
	return st;
}

esession_status es_on_peer_error(esession_session *s,
                                 const es_neg_stanza_info *info)
{
	es_neg_error err;
	es_neg_error_reset(&err);
	/* EPEER_NOT_ACCEPTABLE, EPEER_NOT_IMPLEMENTED or EPEER_ERROR; a
	 * malformed error stanza is still an error from the peer. */
	esession_status st = es_neg_error_parse(info->stanza, &err);
	if (st == ESESSION_ESTANZA || st == ESESSION_OK)
		st = ESESSION_EPEER_ERROR;
	if (st == ESESSION_ENOMEM)
		return st;
	if ((s->state == ES_S_ACTIVE || s->state == ES_S_TERMINATING) &&
	    info->kind == ES_NEG_KIND_ERR_OTHER) {
		/* A bounce (recipient-unavailable, ...) does not end an
		 * authenticated session (spec/state-table.md §4.3). */
		return st;
	}
	/* XEP-0116 §"ESession Rejection": "both MUST consider the previous
	 * negotiation to have failed"; an established session ends on a
	 * negotiation error (spec/state-table.md §4.3). No error answers an
	 * error. The field list names the peer's reason; it is borrowed from
	 * the stanza, so report the first field before wiping. A stanza kept
	 * for message 3 goes back to the application first. */
	es_best_effort(es_early_give_back(s, st));
	es_best_effort(
	    es_events_push_status(&s->events, ESESSION_EVENT_FAILED, st,
	                          err.n_fields > 0 ? err.fields[0] : NULL));
	es_session_wipe(s);
	s->state = ES_S_FAILED;
	return st;
}
