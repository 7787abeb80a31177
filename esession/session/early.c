/*
 * early.c - Alice's stanza in message 3 of the 3-message negotiation.
 *
 * XEP-0116 §"Sending Alice's Identity": "In the case of a 3-message
 * negotiation Alice MAY also send encrypted content (see Stanza
 * Encryption) in the same stanza as the proof of her identity", and "If
 * Alice also includes a 'terminate' field with its value set to "1" or
 * "true" ... within the form then the ESession is terminated immediately"
 * (object encryption).
 *
 * The application hands the stanza to esession_session_encrypt while Alice
 * waits for Bob's response; nothing is negotiated yet, so the session
 * keeps the text and encrypts it when message 3 is built, with the keys
 * of K and the counter C_A as ID_A left it. One stanza at most: message 3
 * has room for one <c/>. A kept stanza is never dropped silently: it
 * leaves in message 3, or comes back to the application in an UNSENT
 * event that says why (spec/state-table.md §5.1).
 */
#include "session_internal.h"

#include "response.h"
#include "stanza.h"

#include <stdlib.h>
#include <string.h>

/* What can be checked before the session's parameters are known; the
 * remaining checks of es_stanza_encrypt run when message 3 is built. */
static esession_status early_check(esession_session *s, es_xml_node *root)
{
	const char *ns = es_xml_ns(root);
	/* The namespaces es_stanza_encrypt accepts. */
	ES_ENSURE(es_neg_is_stanza(root) &&
	              (ns[0] == '\0' || strcmp(ns, ES_NS_CLIENT) == 0),
	          ESESSION_ESTANZA);
	/* Message 3 is a <message/> (XEP-0116 example), and the content
	 * keeps the stanza it came from (XEP-0200 §"Encryptable Content"). */
	ES_ENSURE(strcmp(es_xml_name(root), "message") == 0,
	          ESESSION_ESTANZA_KIND);
	ES_ENSURE((s->policy.stanzas & ES_STANZA_MESSAGE) != 0,
	          ESESSION_ESTANZA_KIND);
	/* type='error' would make message 3 an error stanza (XEP-0155:
	 * errors are never negotiation messages). */
	const char *type = es_xml_attr_get(root, "", "type", NULL);
	ES_ENSURE(type == NULL || strcmp(type, "error") != 0, ESESSION_ESTANZA);
	/* As es_stanza_encrypt: a stanza already holding <c/> is refused. */
	ES_ENSURE(es_xml_find_child(root, ES_NS_XEP0200, "c") == NULL,
	          ESESSION_ESTANZA);
	return es_traffic_address(s, root);
}

esession_status es_early_keep(esession_session *s, const char *stanza,
                              size_t len)
{
	ES_ENSURE(s->early == NULL && !s->early_terminate, ESESSION_ESTATE);
	es_xml_node *root = NULL;
	es_xml_doc_reset(s->doc);
	ES_GUARD(es_xml_parse(s->parser, s->doc, (const uint8_t *)stanza, len,
	                      &root));
	esession_status st = early_check(s, root);
	es_xml_doc_reset(s->doc);
	ES_GUARD(st);
	/* The text as given: it is re-parsed and addressed to the bound JID
	 * when message 3 is built, and given back unchanged if it is not
	 * sent. */
	char *copy = malloc(len + 1);
	ES_ENSURE(copy != NULL, ESESSION_ENOMEM);
	memcpy(copy, stanza, len);
	copy[len] = '\0';
	s->early = copy;
	s->early_len = len;
	return ESESSION_OK;
}

esession_status es_early_add_terminate(esession_session *s, es_xml_node *x)
{
	if (!s->early_terminate)
		return ESESSION_OK;
	/* XEP-0155 §"Terminating a Session": <field var='terminate'>
	 * <value>1</value></field>. mac_A covers it: it is part of form_A2. */
	es_xml_node *field = NULL;
	ES_GUARD(es_xml_add_element(x, ES_FORM_NS, "field", &field));
	ES_GUARD(es_xml_set_attr(field, "", "var", "terminate"));
	return es_xml_add_text_element(field, ES_FORM_NS, "value", "1", NULL);
}

/* The kept stanza encrypted for message 3 (*out, in s->doc), addressed to
 * the JID Bob answered from. */
static esession_status early_encrypt(esession_session *s, es_xml_node **out,
                                     es_stanza_pending *pending)
{
	es_xml_node *root = NULL;
	ES_GUARD(es_xml_parse(s->parser, s->doc, (const uint8_t *)s->early,
	                      s->early_len, &root));
	ES_GUARD(es_traffic_address(s, root));
	/* Message 3 goes to Bob's full JID (XEP-0155 §"Accepting a
	 * Session"), whatever 'to' the application wrote. */
	ES_GUARD(es_xml_set_attr(root, "", "to", s->peer_jid));
	return es_stanza_encrypt_begin(s->tx, s->params.stanzas, root, NULL,
	                               s->doc, out, pending);
}

esession_status es_early_message3(esession_session *s, es_xml_node *x,
                                  es_xml_node **msg, es_stanza_pending *pending)
{
	if (s->early == NULL)
		return es_neg_form_stanza(s->doc, s->peer_jid, s->thread, x,
		                          false, msg);
	es_xml_node *out = NULL;
	esession_status st = early_encrypt(s, &out, pending);
	if (st == ESESSION_ENOMEM || st == ESESSION_ECRYPTO)
		return st;
	if (st != ESESSION_OK) {
		/* Not encryptable in this session (a kind Bob did not
		 * accept, a defect only the full check sees): the
		 * application gets it back, the negotiation goes on. */
		ES_GUARD(es_early_give_back(s, st));
		return es_neg_form_stanza(s->doc, s->peer_jid, s->thread, x,
		                          false, msg);
	}
	/* <thread/>, <feature/>, <c/>, as in the XEP-0116 example. The
	 * encrypted stanza has its <thread/> children first and <c/> right
	 * after them (stanza.h). */
	es_xml_node *c = es_xml_find_child(out, ES_NS_XEP0200, "c");
	st = es_neg_wrap_form(out, x, false);
	if (st == ESESSION_OK) {
		es_xml_node *feature = es_xml_parent(x);
		es_xml_detach(feature);
		st = es_xml_insert_before(out, feature, c);
	}
	if (st != ESESSION_OK) {
		es_stanza_pending_rollback(s->tx, pending);
		return st;
	}
	*msg = out;
	return ESESSION_OK;
}

esession_status es_early_give_back(esession_session *s, esession_status why)
{
	if (s->early == NULL)
		return ESESSION_OK;
	es_event ev;
	memset(&ev, 0, sizeof ev);
	ev.type = ESESSION_EVENT_UNSENT;
	ev.status = why;
	ev.stanza = s->early;
	ev.stanza_len = s->early_len;
	/* The queue takes the text on success only. */
	ES_GUARD(es_events_push(&s->events, &ev));
	s->early = NULL;
	s->early_len = 0;
	return ESESSION_OK;
}

void es_early_clear(esession_session *s)
{
	if (s->early != NULL) {
		es_wipe(s->early, s->early_len);
		free(s->early);
	}
	s->early = NULL;
	s->early_len = 0;
	s->early_terminate = false;
}
