/*
 * traffic.c - an established session: XEP-0200 encryption of the
 * application's stanzas, decryption of the peer's, termination (XEP-0116
 * §"ESession Termination", XEP-0155 §"Terminating a Session"), and error
 * stanzas from the peer.
 */
#include "session_internal.h"

#include "form.h"
#include "neg_common.h"
#include "response.h"
#include "xml_serialize.h"
#include "stanza.h"

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
static esession_status address_stanza(esession_session *s, es_xml_node *root)
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

static esession_status encrypt_tree(esession_session *s, es_xml_node *root)
{
	es_xml_node *out = NULL;
	ES_GUARD(es_stanza_encrypt(s->tx, s->params.stanzas, root, NULL, s->doc,
	                           &out));
	return es_session_send(s, out);
}

esession_status es_traffic_encrypt(esession_session *s, const char *stanza,
                                   size_t len)
{
	es_xml_node *root = NULL;
	es_xml_doc_reset(s->doc);
	ES_GUARD(es_xml_parse(s->parser, s->doc, (const uint8_t *)stanza, len,
	                      &root));
	ES_GUARD(address_stanza(s, root));
	/* On failure nothing was queued and no counter moved (stanza.h). */
	return encrypt_tree(s, root);
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
	ES_GUARD(encrypt_tree(s, msg));
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

esession_status es_on_encrypted(esession_session *s,
                                const es_neg_stanza_info *info)
{
	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	es_xml_node *plain = NULL;
	const es_xml_node *root = info->stanza;

	/* XEP-0200 §"Decrypting a Stanza": MAC first, then decryption, then
	 * the parse; any failure "MUST terminate the encrypted session" and
	 * "MAY send a <not-acceptable/> error". */
	esession_status st = es_stanza_decrypt(s->rx, s->params.stanzas, root,
	                                       s->doc, &plain, &rx);
	if (st != ESESSION_OK)
		return es_session_fail_field(s, st, ES_NEG_COND_NOT_ACCEPTABLE,
		                             NULL);
	if (rx.key != NULL) {
		/* XEP-0200 §"Re-Key Exchange" is not implemented by this
		 * version: a stanza announcing a new key cannot be followed. */
		es_stanza_received_clear(&rx);
		return es_session_fail_field(
		    s, ESESSION_EREKEY, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED,
		    NULL);
	}
	/* <old/> values are ignored (XEP-0200 §"Publishing Old MAC
	 * Values": "Entities SHOULD ignore any <old/> elements"). */
	es_stanza_received_clear(&rx);

	es_form_type type = ES_FORM_TYPE_FORM;
	if (terminate_form(plain, &type)) {
		if (type == ES_FORM_TYPE_SUBMIT && s->state == ES_S_ACTIVE) {
			/* The peer ends the session: acknowledge, then destroy
			 * every key. */
			es_xml_node *ack = NULL;
			st = terminate_stanza(s, ES_FORM_TYPE_RESULT, &ack);
			if (st == ESESSION_OK)
				st = encrypt_tree(s, ack);
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
	 * the stanza, so report the first field before wiping. */
	es_best_effort(
	    es_events_push_status(&s->events, ESESSION_EVENT_FAILED, st,
	                          err.n_fields > 0 ? err.fields[0] : NULL));
	es_session_wipe(s);
	s->state = ES_S_FAILED;
	return st;
}
