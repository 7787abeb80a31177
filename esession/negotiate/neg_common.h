/*
 * neg_common.h - what every negotiation message shares: namespaces, byte
 * values carried in base64 fields, the <message/> envelope, the
 * normalized form strings (form_A, form_A2, form_B, form_B2).
 *
 * Ownership. Trees are built in a caller-supplied es_xml_doc and belong to
 * it. es_neg_bytes values are malloc'ed and owned by the struct holding
 * them; every result struct of this module has a _clear function that
 * frees them. The values are public protocol data (nonces, DH values,
 * hashes, ciphertexts, MACs): nothing secret passes through this module.
 */
#ifndef ES_NEGOTIATE_NEG_COMMON_H
#define ES_NEGOTIATE_NEG_COMMON_H

#include "form.h"
#include "xml_buf.h"
#include "xml_tree.h"

/* XEP-0020 / XEP-0155 §"Initiating a Session": the negotiation wrapper. */
#define ES_NS_FEATURE_NEG "http://jabber.org/protocol/feature-neg"
/* XEP-0116 §"Sending Bob's Identity": wrapper of message 4. */
#define ES_NS_ESN_INIT "http://www.xmpp.org/extensions/xep-0116.html#ns-init"
/* XEP-0200 §"Encryptable Content": the encrypted-content element <c/>. */
#define ES_NS_XEP0200 "http://www.xmpp.org/extensions/xep-0200.html#ns"
/* RFC 6120 §8.3.3: stanza error conditions. */
#define ES_NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
/* XEP-0079: the delivery rule of the request (XEP-0116 example). */
#define ES_NS_AMP "http://jabber.org/protocol/amp"
/* RFC 6120 §4.8.3: the default namespace of a client stream; the
 * namespace of every stanza this module builds
 * (spec/ambiguities.md "Stanza namespace and envelope attributes"). */
#define ES_NS_CLIENT "jabber:client"
#define ES_NS_SERVER "jabber:server"
/* XEP-0155 §"Initiating a Session": the FORM_TYPE of every form. */
#define ES_SSN_FORM_TYPE "urn:xmpp:ssn"

/* A byte string decoded from (or to be encoded into) a base64 field. */
typedef struct es_neg_bytes {
	uint8_t *data; /* malloc'ed, NULL when len == 0 */
	size_t len;
} es_neg_bytes;

/* Free the bytes and reset to empty. NULL is allowed. */
void es_neg_bytes_clear(es_neg_bytes *b);

/*
 * es_neg_b64_decode - strict RFC 4648 §4 decoding (codec/base64.h) of
 * text into *out, which must be empty. The empty string gives zero bytes.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM or one of the
 * ESESSION_EBASE64_* rejections; *out stays empty on failure.
 */
ES_MUST_CHECK esession_status es_neg_b64_decode(const char *text,
                                                es_neg_bytes *out);

/*
 * es_neg_field_add_b64 - append <value>b64(data)</value> to field.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM and the statuses
 * of es_form_field_add_value.
 */
ES_MUST_CHECK esession_status es_neg_field_add_b64(es_form_field *field,
                                                   const uint8_t *data,
                                                   size_t len);

/*
 * es_neg_offered - the offered set of field var in a request: its
 * <option/> values if it has any, else its <value/>s, whatever its type
 * (XEP-0217 sends fixed parameters as hidden single-value fields;
 * spec/ambiguities.md "Fixed parameters as hidden fields").
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EFORM_FIELD_MISSING.
 */
ES_MUST_CHECK esession_status es_neg_offered(const es_form *form,
                                             const char *var,
                                             const char *const **values,
                                             size_t *count);

/*
 * es_neg_message_new - <message xmlns='jabber:client' to='to'> with
 * <thread>thread</thread> as its first child, in doc. No 'from' (the
 * server stamps it, RFC 6120 §8.1.2.1) and no 'type' (normal; MF N12).
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, empty to or thread),
 * ESESSION_EXML_UTF8 / ESESSION_EXML_NUL, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_message_new(es_xml_doc *doc,
                                                 const char *to,
                                                 const char *thread,
                                                 es_xml_node **msg);

/*
 * es_neg_wrap_form - append <feature xmlns='feature-neg'> (or, with
 * bob_id, <init xmlns='...xep-0116.html#ns-init'>) holding the detached
 * form element x to msg. Returns ESESSION_OK, ESESSION_EINVAL,
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_wrap_form(es_xml_node *msg, es_xml_node *x,
                                               bool bob_id);

/*
 * es_neg_add_amp - append the XEP-0079 rule of the XEP-0116 request
 * example: <amp per-hop='true'><rule action='drop' condition='deliver'
 * value='stored'/></amp> (never store the request offline: Bob must be
 * online to answer). Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_add_amp(es_xml_node *msg);

/*
 * es_neg_append_identity - append <field var='identity'> and
 * <field var='mac'>, each with one base64 value, to the form element x.
 * Used after the form string without them (form_B in 3-message, form_A2,
 * form_B2) was normalized and the identity computed (XEP-0116 §"Sending
 * the Response (3-message negotiations)", §"Sending Alice's Identity",
 * §"Sending Bob's Identity").
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, x not a jabber:x:data <x/>,
 * an empty value), ESESSION_EBUFSIZE, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_append_identity(es_xml_node *x,
                                                     const uint8_t *identity,
                                                     size_t identity_len,
                                                     const uint8_t *mac,
                                                     size_t mac_len);

/*
 * es_neg_form_c14n - the normalized form string of a form element x
 * (spec/byte-strings.md §2 "Form strings"): the canonical form of each
 * element child of x in document order, without the <x> tags; with
 * exclude_identity_mac, <field var='identity'> and <field var='mac'> are
 * skipped (form_B in 3-message, form_A2, form_B2). Appends to out.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, x not jabber:x:data <x/>),
 * ESESSION_EXML_MIXED_CONTENT (non-white-space text between children)
 * and the statuses of es_xml_c14n.
 */
ES_MUST_CHECK esession_status es_neg_form_c14n(const es_xml_node *x,
                                               bool exclude_identity_mac,
                                               es_xml_buf *out);

/* True when node is a <message/>, <presence/> or <iq/> of jabber:client,
 * jabber:server or no namespace (a stanza serialized out of its stream). */
bool es_neg_is_stanza(const es_xml_node *node);

#endif
