/*
 * stanza_wire.c - the received <c/> and its place in the stanza, checked
 * without any key (XEP-0200 §"Encryptable Content", §"XML Schemas";
 * S-"Strict <c/>"). Nothing here is secret, so nothing here needs to be
 * constant-time.
 */
#include "stanza_internal.h"

#include <string.h>

/* A child of <c/>: no attributes, no child elements, its text. */
static esession_status es_stanza_leaf(const es_xml_node *e, const char **text,
                                      size_t *len)
{
	ES_ENSURE(es_xml_attr_first(e) == NULL, ESESSION_ESTANZA);
	ES_ENSURE(es_xml_first_element(e) == NULL, ESESSION_ESTANZA);
	return es_xml_text_content(e, text, len);
}

/* XEP-0200 §"XML Schemas": <new/> is an xs:positiveInteger; we take the
 * canonical lexical form only (ASCII digits, no sign, no leading zero) and
 * at most 2^32 - 1 (S-"<new/> syntax"). */
static esession_status es_stanza_parse_new(const char *text, size_t len,
                                           uint32_t *out)
{
	ES_ENSURE(len > 0 && len <= 10 && text[0] != '0', ESESSION_ESTANZA);
	uint64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		ES_ENSURE(text[i] >= '0' && text[i] <= '9', ESESSION_ESTANZA);
		v = v * 10u + (uint64_t)(text[i] - '0');
	}
	ES_ENSURE(v <= UINT32_MAX, ESESSION_ESTANZA);
	*out = (uint32_t)v;
	return ESESSION_OK;
}

/* Record one leaf, refusing a second one of a kind that may occur once. */
static esession_status es_stanza_take_once(const es_xml_node *e,
                                           const char **text, size_t *len)
{
	ES_ENSURE(*text == NULL, ESESSION_ESTANZA);
	ES_GUARD(es_stanza_leaf(e, text, len));
	return ESESSION_OK;
}

esession_status es_stanza_cwire_parse(const es_xml_node *c, es_stanza_cwire *w)
{
	memset(w, 0, sizeof(*w));
	ES_ENSURE(es_xml_attr_first(c) == NULL, ESESSION_ESTANZA);
	const char *new_text = NULL;
	size_t new_len = 0;
	for (const es_xml_node *n = es_xml_first_child(c); n != NULL;
	     n = es_xml_next(n)) {
		if (es_xml_is_text(n)) {
			size_t len = 0;
			const char *t = es_xml_text(n, &len);
			ES_ENSURE(es_stanza_is_space(t, len), ESESSION_ESTANZA);
			continue;
		}
		ES_ENSURE(strcmp(es_xml_ns(n), ES_STANZA_NS_C) == 0,
		          ESESSION_ESTANZA);
		const char *name = es_xml_name(n);
		if (strcmp(name, "data") == 0) {
			ES_GUARD(es_stanza_take_once(n, &w->data_text,
			                             &w->data_text_len));
			/* A <data/> is sent only "if there is encrypted XML
			 * content"; an empty one would consume no counter
			 * value and could be replayed (S-"Empty <data/>"). */
			ES_ENSURE(w->data_text_len > 0, ESESSION_ESTANZA);
		} else if (strcmp(name, "key") == 0) {
			ES_GUARD(es_stanza_take_once(n, &w->key_text,
			                             &w->key_text_len));
			ES_ENSURE(w->key_text_len > 0, ESESSION_ESTANZA);
		} else if (strcmp(name, "new") == 0) {
			ES_GUARD(es_stanza_take_once(n, &new_text, &new_len));
			ES_GUARD(es_stanza_parse_new(new_text, new_len,
			                             &w->new_count));
		} else if (strcmp(name, "mac") == 0) {
			ES_GUARD(es_stanza_take_once(n, &w->mac_text,
			                             &w->mac_text_len));
			w->mac = n;
		} else if (strcmp(name, "old") == 0) {
			const char *t = NULL;
			size_t len = 0;
			ES_GUARD(es_stanza_leaf(n, &t, &len));
			ES_ENSURE(len > 0, ESESSION_ESTANZA);
			w->n_old++;
			w->old_text_total += len;
		} else {
			return ESESSION_ESTANZA;
		}
	}
	ES_ENSURE(w->mac != NULL, ESESSION_ESTANZA);
	return ESESSION_OK;
}

/*
 * Check the wrapper's children: exactly one <c/>, otherwise only
 * <thread/>, <amp/>, <error/> and white space (S-"Clear children of a
 * received stanza"); at most one <c/> inside <error/>, and only in a
 * type='error' stanza (XEP-0200 §"Encryptable Content").
 */
esession_status es_stanza_find_c(const es_xml_node *stanza,
                                 const es_xml_node **c_out, bool *error_c)
{
	const es_xml_node *c = NULL;
	size_t n_c = 0;
	size_t n_error_c = 0;
	bool other = false;
	for (const es_xml_node *n = es_xml_first_child(stanza); n != NULL;
	     n = es_xml_next(n)) {
		switch (es_stanza_classify(stanza, n)) {
		case ES_STANZA_CHILD_SKIP:
		case ES_STANZA_CHILD_THREAD: break;
		case ES_STANZA_CHILD_CLEAR:
			for (const es_xml_node *e =
			         es_xml_find_child(n, ES_STANZA_NS_C, "c");
			     e != NULL;
			     e = es_xml_find_next(e, ES_STANZA_NS_C, "c"))
				n_error_c++;
			break;
		case ES_STANZA_CHILD_C:
			c = n;
			n_c++;
			break;
		case ES_STANZA_CHILD_CONTENT:
		case ES_STANZA_CHILD_BAD_TEXT:
		default: other = true; break;
		}
	}
	/* No <c/> at all: a plaintext stanza, whatever else it holds. */
	ES_ENSURE(n_c > 0, ESESSION_EPLAINTEXT);
	/* "A stanza MUST NOT contain more than one <c/> element"; anything
	 * but the clear children beside it would reach the application as if
	 * it had been protected. */
	ES_ENSURE(n_c == 1 && !other, ESESSION_ESTANZA);
	if (n_error_c > 0) {
		const char *type = es_xml_attr_get(stanza, "", "type", NULL);
		ES_ENSURE(n_error_c == 1 && type != NULL &&
		              strcmp(type, "error") == 0,
		          ESESSION_ESTANZA);
	}
	*c_out = c;
	*error_c = n_error_c > 0;
	return ESESSION_OK;
}

esession_status es_stanza_peek_new(const es_xml_node *stanza, unsigned kinds,
                                   uint32_t *new_count)
{
	ES_ENSURE(stanza != NULL && new_count != NULL, ESESSION_EINVAL);
	const es_xml_node *c = NULL;
	bool error_c = false;
	es_stanza_cwire w;
	ES_GUARD(es_stanza_check_wrapper(stanza, kinds));
	ES_GUARD(es_stanza_find_c(stanza, &c, &error_c));
	ES_GUARD(es_stanza_cwire_parse(c, &w));
	*new_count = w.new_count;
	return ESESSION_OK;
}
