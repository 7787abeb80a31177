/*
 * neg_error.h - negotiation errors: the condition and field list a failed
 * check produces, the error stanza that carries them (XEP-0116 §"ESession
 * Rejection (Bob)", XEP-0155 §"Rejecting a Session"), and the parser for
 * error stanzas received from the peer.
 *
 *   <message type='error' to='PEER'>
 *     <thread>T</thread>
 *     <error type='cancel'>
 *       <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
 *       <feature xmlns='http://jabber.org/protocol/feature-neg'>
 *         <field var='modp'/> <field var='ver'/>
 *       </feature>
 *     </error>
 *   </message>
 *
 * The offending <feature/> is not echoed before <error/>, and 'type' is
 * 'cancel' without a legacy 'code' (spec/ambiguities.md "Echo of
 * the offending payload", "Error type and legacy code").
 */
#ifndef ES_NEGOTIATE_NEG_ERROR_H
#define ES_NEGOTIATE_NEG_ERROR_H

#include "xml_tree.h"

typedef enum es_neg_condition {
	ES_NEG_COND_NONE = 0, /* no error stanza is to be sent */
	ES_NEG_COND_NOT_ACCEPTABLE,
	ES_NEG_COND_FEATURE_NOT_IMPLEMENTED,
	ES_NEG_COND_OTHER /* received only: any other RFC 6120 condition */
} es_neg_condition;

/* Field names one error can list: more than every field of a request. */
#define ES_NEG_ERROR_MAX_FIELDS 32u

typedef struct es_neg_error {
	es_neg_condition condition;
	/* The condition element's name: static for errors we produce,
	 * borrowed from the parsed tree for received ones. NULL with
	 * ES_NEG_COND_NONE. */
	const char *condition_name;
	/* <field var/> names in order: static strings for errors we
	 * produce, borrowed from the tree for received ones. */
	const char *fields[ES_NEG_ERROR_MAX_FIELDS];
	size_t n_fields;
	bool truncated; /* received list longer than the array */
} es_neg_error;

/* Reset to "no error". */
void es_neg_error_reset(es_neg_error *err);

/* Set the condition (keeps the fields). */
void es_neg_error_set(es_neg_error *err, es_neg_condition condition);

/* Append var unless already listed (the list keeps first-seen order);
 * beyond ES_NEG_ERROR_MAX_FIELDS only `truncated` is set. var must
 * outlive err (a static string). */
void es_neg_error_add_field(es_neg_error *err, const char *var);

/* True when var is in the field list. */
bool es_neg_error_has_field(const es_neg_error *err, const char *var);

/* "not-acceptable", "feature-not-implemented"; NULL otherwise. */
const char *es_neg_condition_name(es_neg_condition condition);

/*
 * es_neg_error_stanza - build the error stanza of err (condition
 * NOT_ACCEPTABLE or FEATURE_NOT_IMPLEMENTED, 0..n fields) for the peer
 * `to` and the negotiation's thread, in doc. *out receives the detached
 * <message/>, owned by doc.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, empty to/thread, another
 * condition, a field var that is not XML text), ESESSION_EXML_UTF8,
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_error_stanza(es_xml_doc *doc,
                                                  const char *to,
                                                  const char *thread,
                                                  const es_neg_error *err,
                                                  es_xml_node **out);

/*
 * es_neg_error_parse - read a received <message type='error'/> (or any
 * stanza of type error): the first element child of <error/> in the
 * urn:ietf:params:xml:ns:xmpp-stanzas namespace is the condition; the
 * <field var/> children of a feature-neg <feature/> inside <error/> are
 * the field list (missing: empty list). Pointers in *err are borrowed
 * from the stanza's document.
 *
 * The status says what the peer reported:
 *   ESESSION_EPEER_NOT_ACCEPTABLE   <not-acceptable/>
 *   ESESSION_EPEER_NOT_IMPLEMENTED  <feature-not-implemented/>
 *   ESESSION_EPEER_ERROR            any other condition, or none given
 * and, when the stanza is not an error stanza at all:
 *   ESESSION_EINVAL                 NULL argument
 *   ESESSION_ESTANZA                not a stanza, type is not 'error', no
 *                                   <error/> child, or several
 */
ES_MUST_CHECK esession_status es_neg_error_parse(const es_xml_node *stanza,
                                                 es_neg_error *err);

#endif
