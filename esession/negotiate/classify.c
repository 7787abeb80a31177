/*
 * classify.c - the kind of an incoming stanza (spec/state-table.md §2;
 * see classify.h).
 */
#include "classify.h"

#include <string.h>

const char *es_neg_kind_name(es_neg_kind kind)
{
	switch (kind) {
	case ES_NEG_KIND_PLAIN: return "PLAIN";
	case ES_NEG_KIND_REQ4: return "REQ4";
	case ES_NEG_KIND_REQ3: return "REQ3";
	case ES_NEG_KIND_REQ_BAD: return "REQ_BAD";
	case ES_NEG_KIND_RENEG: return "RENEG";
	case ES_NEG_KIND_RESP: return "RESP";
	case ES_NEG_KIND_FALLBACK: return "FALLBACK";
	case ES_NEG_KIND_DECLINE: return "DECLINE";
	case ES_NEG_KIND_COMPLETE: return "COMPLETE";
	case ES_NEG_KIND_CANCEL: return "CANCEL";
	case ES_NEG_KIND_BOBID: return "BOBID";
	case ES_NEG_KIND_ENC: return "ENC";
	case ES_NEG_KIND_TERM_CLEAR: return "TERM_CLEAR";
	case ES_NEG_KIND_ERR_NEG: return "ERR_NEG";
	case ES_NEG_KIND_ERR_OTHER: return "ERR_OTHER";
	default: return "?";
	}
}

/* The only child {ns}name of parent in *out (NULL when none);
 * ESESSION_ESTANZA when there are several. */
static esession_status es_only_child(const es_xml_node *parent, const char *ns,
                                     const char *name, const es_xml_node **out)
{
	const es_xml_node *c = es_xml_find_child(parent, ns, name);
	ES_ENSURE(c == NULL || es_xml_find_next(c, ns, name) == NULL,
	          ESESSION_ESTANZA);
	*out = c;
	return ESESSION_OK;
}

/* The first <value/> text of field var in the tree, or NULL. */
static const char *es_field_value(const es_xml_node *x, const char *var,
                                  bool *present)
{
	*present = false;
	for (const es_xml_node *f = es_xml_find_child(x, ES_FORM_NS, "field");
	     f != NULL; f = es_xml_find_next(f, ES_FORM_NS, "field")) {
		const char *v = es_xml_attr_get(f, "", "var", NULL);
		if (v == NULL || strcmp(v, var) != 0)
			continue;
		*present = true;
		const es_xml_node *val =
		    es_xml_find_child(f, ES_FORM_NS, "value");
		const char *text = NULL;
		if (val == NULL ||
		    es_xml_text_content(val, &text, NULL) != ESESSION_OK)
			return NULL;
		return text;
	}
	return NULL;
}

static bool es_has_field(const es_xml_node *x, const char *var)
{
	bool present = false;
	(void)es_field_value(x, var, &present);
	return present;
}

/* True when field var has an <option/> (or, XEP-0217 style, a <value/>)
 * equal to want. */
static bool es_field_offers(const es_xml_node *x, const char *var,
                            const char *want)
{
	for (const es_xml_node *f = es_xml_find_child(x, ES_FORM_NS, "field");
	     f != NULL; f = es_xml_find_next(f, ES_FORM_NS, "field")) {
		const char *v = es_xml_attr_get(f, "", "var", NULL);
		if (v == NULL || strcmp(v, var) != 0)
			continue;
		for (const es_xml_node *c = es_xml_first_element(f); c != NULL;
		     c = es_xml_next_element(c)) {
			const es_xml_node *val = c;
			if (es_xml_is(c, ES_FORM_NS, "option"))
				val = es_xml_find_child(c, ES_FORM_NS, "value");
			else if (!es_xml_is(c, ES_FORM_NS, "value"))
				continue;
			const char *text = NULL;
			if (val != NULL &&
			    es_xml_text_content(val, &text, NULL) ==
			        ESESSION_OK &&
			    strcmp(text, want) == 0)
				return true;
		}
		return false;
	}
	return false;
}

/* XEP-0004 §3.3 boolean lexical forms: 1 true, 0 false, else -1. */
static int es_bool_value(const char *v)
{
	if (v == NULL)
		return -1;
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
		return 1;
	if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
		return 0;
	return -1;
}

/* Kind of a feature-neg form of FORM_TYPE urn:xmpp:ssn. */
static es_neg_kind es_form_kind(const es_xml_node *x)
{
	const char *type = es_xml_attr_get(x, "", "type", NULL);
	if (type == NULL)
		return ES_NEG_KIND_PLAIN;
	bool present = false;
	const int accept = es_bool_value(es_field_value(x, "accept", &present));

	if (strcmp(type, "form") == 0) {
		/* XEP-0155 §"Renegotiating a Session". */
		if (es_has_field(x, "renegotiate"))
			return ES_NEG_KIND_RENEG;
		if (accept < 0 || !es_field_offers(x, "security", "e2e"))
			return ES_NEG_KIND_PLAIN;
		const bool hashes = es_has_field(x, "dhhashes");
		const bool keys = es_has_field(x, "dhkeys");
		if (hashes && !keys)
			return ES_NEG_KIND_REQ4;
		if (keys && !hashes)
			return ES_NEG_KIND_REQ3;
		return ES_NEG_KIND_REQ_BAD;
	}
	const bool submit = strcmp(type, "submit") == 0;
	const bool result = strcmp(type, "result") == 0;
	if (!submit && !result)
		return ES_NEG_KIND_PLAIN;
	/* XEP-0155 §"Terminating a Session": submit, acknowledged with
	 * result. */
	if (es_has_field(x, "terminate"))
		return ES_NEG_KIND_TERM_CLEAR;
	if (accept < 0)
		return ES_NEG_KIND_PLAIN;
	if (result)
		return accept ? ES_NEG_KIND_COMPLETE : ES_NEG_KIND_CANCEL;
	if (!accept)
		return ES_NEG_KIND_DECLINE;
	const char *sec = es_field_value(x, "security", &present);
	return sec != NULL && strcmp(sec, "e2e") == 0 ? ES_NEG_KIND_RESP
	                                              : ES_NEG_KIND_FALLBACK;
}

/* The FORM_TYPE urn:xmpp:ssn data form inside wrapper, or NULL. */
static esession_status es_ssn_form(const es_xml_node *wrapper,
                                   const es_xml_node **x)
{
	*x = NULL;
	const es_xml_node *form = NULL;
	ES_GUARD(es_only_child(wrapper, ES_FORM_NS, "x", &form));
	bool present = false;
	const char *ft =
	    form != NULL ? es_field_value(form, "FORM_TYPE", &present) : NULL;
	if (ft != NULL && strcmp(ft, ES_SSN_FORM_TYPE) == 0)
		*x = form;
	return ESESSION_OK;
}

static es_neg_kind es_error_kind(const es_xml_node *stanza)
{
	const es_xml_node *error =
	    es_xml_find_child(stanza, es_xml_ns(stanza), "error");
	for (const es_xml_node *c = error ? es_xml_first_element(error) : NULL;
	     c != NULL; c = es_xml_next_element(c)) {
		if (strcmp(es_xml_ns(c), ES_NS_STANZAS) != 0)
			continue;
		const char *name = es_xml_name(c);
		if (strcmp(name, "not-acceptable") == 0 ||
		    strcmp(name, "feature-not-implemented") == 0)
			return ES_NEG_KIND_ERR_NEG;
		if (strcmp(name, "text") != 0)
			break;
	}
	return ES_NEG_KIND_ERR_OTHER;
}

esession_status es_neg_classify(const es_xml_node *stanza,
                                es_neg_stanza_info *info)
{
	ES_ENSURE(stanza != NULL && info != NULL, ESESSION_EINVAL);
	memset(info, 0, sizeof(*info));
	info->stanza = stanza;
	ES_ENSURE(es_neg_is_stanza(stanza), ESESSION_ESTANZA);
	const char *ns = es_xml_ns(stanza);
	info->from = es_xml_attr_get(stanza, "", "from", NULL);
	info->to = es_xml_attr_get(stanza, "", "to", NULL);
	info->type = es_xml_attr_get(stanza, "", "type", NULL);

	const es_xml_node *thread = NULL;
	ES_GUARD(es_only_child(stanza, ns, "thread", &thread));
	if (thread != NULL) {
		esession_status st =
		    es_xml_text_content(thread, &info->thread, NULL);
		ES_ENSURE(st != ESESSION_EXML_MIXED_CONTENT, ESESSION_ESTANZA);
		ES_GUARD(st);
	}
	ES_GUARD(es_only_child(stanza, ES_NS_XEP0200, "c", &info->c));

	if (info->type != NULL && strcmp(info->type, "error") == 0) {
		info->kind = es_error_kind(stanza);
		return ESESSION_OK;
	}
	const bool message = strcmp(es_xml_name(stanza), "message") == 0;
	const es_xml_node *feature = NULL;
	const es_xml_node *init = NULL;
	ES_GUARD(es_only_child(stanza, ES_NS_FEATURE_NEG, "feature", &feature));
	ES_GUARD(es_only_child(stanza, ES_NS_ESN_INIT, "init", &init));

	info->kind = info->c != NULL ? ES_NEG_KIND_ENC : ES_NEG_KIND_PLAIN;
	if (!message)
		return ESESSION_OK;
	const es_xml_node *x = NULL;
	if (init != NULL) {
		/* XEP-0116 §"Sending Bob's Identity". */
		ES_GUARD(es_ssn_form(init, &x));
		const char *type =
		    x != NULL ? es_xml_attr_get(x, "", "type", NULL) : NULL;
		if (type != NULL && strcmp(type, "result") == 0) {
			info->form = x;
			info->kind = ES_NEG_KIND_BOBID;
			return ESESSION_OK;
		}
	}
	if (feature != NULL) {
		ES_GUARD(es_ssn_form(feature, &x));
		es_neg_kind k = x != NULL ? es_form_kind(x) : ES_NEG_KIND_PLAIN;
		if (k != ES_NEG_KIND_PLAIN) {
			info->form = x;
			info->kind = k;
		}
	}
	return ESESSION_OK;
}
