/*
 * neg_common.c - envelope, base64 fields and form strings shared by every
 * negotiation message (see neg_common.h).
 */
#include "neg_common.h"

#include "base64.h"
#include "xml_serialize.h"

#include <stdlib.h>
#include <string.h>

void es_neg_bytes_clear(es_neg_bytes *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

esession_status es_neg_b64_decode(const char *text, es_neg_bytes *out)
{
	ES_ENSURE(text != NULL && out != NULL && out->data == NULL &&
	              out->len == 0,
	          ESESSION_EINVAL);
	size_t n = strlen(text);
	size_t max = es_base64_decoded_max_len(n);
	if (n == 0)
		return ESESSION_OK;
	uint8_t *buf = malloc(max > 0 ? max : 1);
	ES_ENSURE(buf != NULL, ESESSION_ENOMEM);
	size_t len = 0;
	esession_status st = es_base64_decode(text, n, buf, max, &len);
	if (st != ESESSION_OK) {
		free(buf);
		return st;
	}
	out->data = buf;
	out->len = len;
	return ESESSION_OK;
}

esession_status es_neg_field_add_b64(es_form_field *field, const uint8_t *data,
                                     size_t len)
{
	ES_ENSURE(field != NULL && (data != NULL || len == 0), ESESSION_EINVAL);
	size_t enc_len = 0;
	ES_GUARD(es_base64_encoded_len(len, &enc_len));
	char *text = malloc(enc_len + 1);
	ES_ENSURE(text != NULL, ESESSION_ENOMEM);
	esession_status st =
	    es_base64_encode(data, len, text, enc_len + 1, NULL);
	if (st == ESESSION_OK)
		st = es_form_field_add_value(field, text);
	free(text);
	return st;
}

esession_status es_neg_offered(const es_form *form, const char *var,
                               const char *const **values, size_t *count)
{
	ES_ENSURE(form != NULL && var != NULL && values != NULL &&
	              count != NULL,
	          ESESSION_EINVAL);
	const es_form_field *f = es_form_field_find(form, var);
	ES_ENSURE(f != NULL, ESESSION_EFORM_FIELD_MISSING);
	if (es_form_field_option_count(f) > 0) {
		*values = es_form_field_option_values(f);
		*count = es_form_field_option_count(f);
	} else {
		*values = es_form_field_values(f);
		*count = es_form_field_value_count(f);
	}
	return ESESSION_OK;
}

esession_status es_neg_message_new(es_xml_doc *doc, const char *to,
                                   const char *thread, es_xml_node **msg)
{
	ES_ENSURE(doc != NULL && to != NULL && thread != NULL && msg != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(to[0] != '\0' && thread[0] != '\0', ESESSION_EINVAL);
	es_xml_node *m = NULL;
	ES_GUARD(es_xml_element_new(doc, ES_NS_CLIENT, "message", &m));
	ES_GUARD(es_xml_set_attr(m, "", "to", to));
	/* XEP-0155 §"Initiating a Session": every negotiation message
	 * carries the ThreadID of the proposed session. */
	ES_GUARD(
	    es_xml_add_text_element(m, ES_NS_CLIENT, "thread", thread, NULL));
	*msg = m;
	return ESESSION_OK;
}

esession_status es_neg_wrap_form(es_xml_node *msg, es_xml_node *x, bool bob_id)
{
	ES_ENSURE(msg != NULL && x != NULL, ESESSION_EINVAL);
	es_xml_node *wrapper = NULL;
	/* XEP-0116 §"Sending Bob's Identity": message 4 alone is wrapped in
	 * <init/>; every other negotiation form in XEP-0020 <feature/>. */
	ES_GUARD(es_xml_add_element(msg,
	                            bob_id ? ES_NS_ESN_INIT : ES_NS_FEATURE_NEG,
	                            bob_id ? "init" : "feature", &wrapper));
	return es_xml_append_child(wrapper, x);
}

esession_status es_neg_add_amp(es_xml_node *msg)
{
	ES_ENSURE(msg != NULL, ESESSION_EINVAL);
	es_xml_node *amp = NULL;
	es_xml_node *rule = NULL;
	ES_GUARD(es_xml_add_element(msg, ES_NS_AMP, "amp", &amp));
	ES_GUARD(es_xml_set_attr(amp, "", "per-hop", "true"));
	ES_GUARD(es_xml_add_element(amp, ES_NS_AMP, "rule", &rule));
	ES_GUARD(es_xml_set_attr(rule, "", "action", "drop"));
	ES_GUARD(es_xml_set_attr(rule, "", "condition", "deliver"));
	ES_GUARD(es_xml_set_attr(rule, "", "value", "stored"));
	return ESESSION_OK;
}

/* <field var='var'><value>b64</value></field> appended to x. */
static esession_status es_neg_append_b64_field(es_xml_node *x, const char *var,
                                               const uint8_t *data, size_t len)
{
	size_t enc_len = 0;
	ES_GUARD(es_base64_encoded_len(len, &enc_len));
	char *text = malloc(enc_len + 1);
	ES_ENSURE(text != NULL, ESESSION_ENOMEM);
	es_xml_node *field = NULL;
	esession_status st =
	    es_base64_encode(data, len, text, enc_len + 1, NULL);
	if (st == ESESSION_OK)
		st = es_xml_add_element(x, ES_FORM_NS, "field", &field);
	if (st == ESESSION_OK)
		st = es_xml_set_attr(field, "", "var", var);
	if (st == ESESSION_OK)
		st = es_xml_add_text_element(field, ES_FORM_NS, "value", text,
		                             NULL);
	free(text);
	return st;
}

esession_status es_neg_append_identity(es_xml_node *x, const uint8_t *identity,
                                       size_t identity_len, const uint8_t *mac,
                                       size_t mac_len)
{
	ES_ENSURE(x != NULL && es_xml_is(x, ES_FORM_NS, "x"), ESESSION_EINVAL);
	ES_ENSURE(identity != NULL && identity_len > 0 && mac != NULL &&
	              mac_len > 0,
	          ESESSION_EINVAL);
	ES_GUARD(
	    es_neg_append_b64_field(x, "identity", identity, identity_len));
	return es_neg_append_b64_field(x, "mac", mac, mac_len);
}

/* XML white space (XML 1.0 §2.3 production S). */
static bool es_neg_is_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

static bool es_neg_is_id_or_mac(const es_xml_node *child)
{
	if (!es_xml_is(child, ES_FORM_NS, "field"))
		return false;
	const char *var = es_xml_attr_get(child, "", "var", NULL);
	return var != NULL &&
	       (strcmp(var, "identity") == 0 || strcmp(var, "mac") == 0);
}

esession_status es_neg_form_c14n(const es_xml_node *x,
                                 bool exclude_identity_mac, es_xml_buf *out)
{
	ES_ENSURE(x != NULL && out != NULL && es_xml_is(x, ES_FORM_NS, "x"),
	          ESESSION_EINVAL);
	size_t start = out->len;
	esession_status st = ESESSION_OK;
	/* spec/byte-strings.md §2: form_X is the concatenation of the
	 * normalized element children, without the <x> tags
	 * (spec/ambiguities.md "form_X is the content of <x/>"). */
	for (const es_xml_node *c = es_xml_first_child(x); c != NULL;
	     c = es_xml_next(c)) {
		if (es_xml_is_text(c)) {
			size_t len = 0;
			const char *t = es_xml_text(c, &len);
			if (!es_neg_is_space(t, len)) {
				st = ESESSION_EXML_MIXED_CONTENT;
				break;
			}
			continue;
		}
		if (exclude_identity_mac && es_neg_is_id_or_mac(c))
			continue;
		st = es_xml_c14n(c, out);
		if (st != ESESSION_OK)
			break;
	}
	if (st != ESESSION_OK)
		es_xml_buf_truncate(out, start);
	return st;
}

bool es_neg_is_stanza(const es_xml_node *node)
{
	if (node == NULL || !es_xml_is_element(node))
		return false;
	const char *ns = es_xml_ns(node);
	if (strcmp(ns, ES_NS_CLIENT) != 0 && strcmp(ns, ES_NS_SERVER) != 0 &&
	    ns[0] != '\0')
		return false;
	const char *name = es_xml_name(node);
	return strcmp(name, "message") == 0 || strcmp(name, "presence") == 0 ||
	       strcmp(name, "iq") == 0;
}
