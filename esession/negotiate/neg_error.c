/*
 * neg_error.c - negotiation error model, error stanza builder and parser
 * (see neg_error.h).
 */
#include "neg_error.h"

#include "neg_common.h"

#include <string.h>

void es_neg_error_reset(es_neg_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
}

const char *es_neg_condition_name(es_neg_condition condition)
{
	switch (condition) {
	case ES_NEG_COND_NOT_ACCEPTABLE: return "not-acceptable";
	case ES_NEG_COND_FEATURE_NOT_IMPLEMENTED:
		return "feature-not-implemented";
	case ES_NEG_COND_NONE:
	case ES_NEG_COND_OTHER:
	default: return NULL;
	}
}

void es_neg_error_set(es_neg_error *err, es_neg_condition condition)
{
	if (err == NULL)
		return;
	err->condition = condition;
	err->condition_name = es_neg_condition_name(condition);
}

bool es_neg_error_has_field(const es_neg_error *err, const char *var)
{
	if (err == NULL || var == NULL)
		return false;
	for (size_t i = 0; i < err->n_fields; i++)
		if (strcmp(err->fields[i], var) == 0)
			return true;
	return false;
}

void es_neg_error_add_field(es_neg_error *err, const char *var)
{
	if (err == NULL || var == NULL || es_neg_error_has_field(err, var))
		return;
	if (err->n_fields == ES_NEG_ERROR_MAX_FIELDS) {
		err->truncated = true;
		return;
	}
	err->fields[err->n_fields++] = var;
}

esession_status es_neg_error_stanza(es_xml_doc *doc, const char *to,
                                    const char *thread, const es_neg_error *err,
                                    es_xml_node **out)
{
	ES_ENSURE(doc != NULL && err != NULL && out != NULL, ESESSION_EINVAL);
	const char *cond = es_neg_condition_name(err->condition);
	ES_ENSURE(cond != NULL, ESESSION_EINVAL);
	ES_ENSURE(err->n_fields <= ES_NEG_ERROR_MAX_FIELDS, ESESSION_EINVAL);

	es_xml_node *msg = NULL;
	es_xml_node *error = NULL;
	es_xml_node *feature = NULL;
	ES_GUARD(es_neg_message_new(doc, to, thread, &msg));
	ES_GUARD(es_xml_set_attr(msg, "", "type", "error"));
	/* XEP-0116 §"ESession Rejection (Bob)": type 'cancel', no legacy
	 * 'code'; the request is not echoed (neg_error.h). */
	ES_GUARD(es_xml_add_element(msg, ES_NS_CLIENT, "error", &error));
	ES_GUARD(es_xml_set_attr(error, "", "type", "cancel"));
	ES_GUARD(es_xml_add_element(error, ES_NS_STANZAS, cond, NULL));
	ES_GUARD(
	    es_xml_add_element(error, ES_NS_FEATURE_NEG, "feature", &feature));
	for (size_t i = 0; i < err->n_fields; i++) {
		es_xml_node *field = NULL;
		ES_ENSURE(err->fields[i] != NULL, ESESSION_EINVAL);
		ES_GUARD(es_xml_add_element(feature, ES_NS_FEATURE_NEG, "field",
		                            &field));
		ES_GUARD(es_xml_set_attr(field, "", "var", err->fields[i]));
	}
	*out = msg;
	return ESESSION_OK;
}

esession_status es_neg_error_parse(const es_xml_node *stanza, es_neg_error *err)
{
	ES_ENSURE(stanza != NULL && err != NULL, ESESSION_EINVAL);
	es_neg_error_reset(err);
	ES_ENSURE(es_neg_is_stanza(stanza), ESESSION_ESTANZA);
	const char *type = es_xml_attr_get(stanza, "", "type", NULL);
	ES_ENSURE(type != NULL && strcmp(type, "error") == 0, ESESSION_ESTANZA);

	const char *ns = es_xml_ns(stanza);
	const es_xml_node *error = es_xml_find_child(stanza, ns, "error");
	ES_ENSURE(error != NULL, ESESSION_ESTANZA);
	ES_ENSURE(es_xml_find_next(error, ns, "error") == NULL,
	          ESESSION_ESTANZA);

	/* RFC 6120 §8.3.2: the defined condition is the (first) child in
	 * the stanzas namespace; <text/> is in the same namespace. */
	for (const es_xml_node *c = es_xml_first_element(error); c != NULL;
	     c = es_xml_next_element(c)) {
		if (strcmp(es_xml_ns(c), ES_NS_STANZAS) != 0 ||
		    strcmp(es_xml_name(c), "text") == 0)
			continue;
		err->condition_name = es_xml_name(c);
		break;
	}
	const es_xml_node *feature =
	    es_xml_find_child(error, ES_NS_FEATURE_NEG, "feature");
	if (feature != NULL) {
		for (const es_xml_node *f =
		         es_xml_find_child(feature, ES_NS_FEATURE_NEG, "field");
		     f != NULL;
		     f = es_xml_find_next(f, ES_NS_FEATURE_NEG, "field")) {
			const char *var = es_xml_attr_get(f, "", "var", NULL);
			if (var != NULL)
				es_neg_error_add_field(err, var);
		}
	}

	if (err->condition_name != NULL &&
	    strcmp(err->condition_name, "not-acceptable") == 0) {
		err->condition = ES_NEG_COND_NOT_ACCEPTABLE;
		return ESESSION_EPEER_NOT_ACCEPTABLE;
	}
	if (err->condition_name != NULL &&
	    strcmp(err->condition_name, "feature-not-implemented") == 0) {
		err->condition = ES_NEG_COND_FEATURE_NOT_IMPLEMENTED;
		return ESESSION_EPEER_NOT_IMPLEMENTED;
	}
	err->condition = ES_NEG_COND_OTHER;
	return ESESSION_EPEER_ERROR;
}
