/*
 * form_xml.c - XEP-0004 data forms from and to es_xml trees (see form.h).
 */
#include "form_internal.h"

#include <string.h>

/* XML 1.0 production [3] S. */
static bool es_form_is_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	}
	return true;
}

/* Text between the elements of <x/>, <field/> and <option/> may only be
 * white space (XEP-0004 §3 schema: element-only content). */
static esession_status es_form_check_text(const es_xml_node *n)
{
	size_t len = 0;
	const char *t = es_xml_text(n, &len);
	ES_ENSURE(es_form_is_space(t, len), ESESSION_EFORM);
	return ESESSION_OK;
}

/* Character data of a leaf element (<value/>, <title/>, <desc/>...). */
static esession_status es_form_leaf_text(const es_xml_node *e,
                                         const char **text)
{
	esession_status st = es_xml_text_content(e, text, NULL);
	if (st == ESESSION_EXML_MIXED_CONTENT)
		return ESESSION_EFORM;
	return st;
}

static bool es_form_in_ns(const es_xml_node *e, const char *name)
{
	return es_xml_is(e, ES_FORM_NS, name);
}

static esession_status es_form_type_from_name(const char *name,
                                              es_form_type *type)
{
	ES_ENSURE(name != NULL, ESESSION_EFORM_TYPE);
	for (int t = ES_FORM_TYPE_FORM; t <= ES_FORM_TYPE_CANCEL; t++) {
		if (strcmp(name, es_form_type_name((es_form_type)t)) == 0) {
			*type = (es_form_type)t;
			return ESESSION_OK;
		}
	}
	return ESESSION_EFORM_TYPE;
}

static esession_status es_form_field_type_from_name(const char *name,
                                                    es_form_field_type *type)
{
	if (name == NULL) {
		*type = ES_FORM_FIELD_UNSPECIFIED;
		return ESESSION_OK;
	}
	/* XEP-0004 §3.3 says a form-submitting entity MUST treat an unknown
	 * type as text-single; we refuse it (spec/ambiguities.md "Unknown
	 * field types in data forms"). */
	for (int t = ES_FORM_FIELD_BOOLEAN; t <= ES_FORM_FIELD_TEXT_SINGLE;
	     t++) {
		const char *n = es_form_field_type_name((es_form_field_type)t);
		if (strcmp(name, n) == 0) {
			*type = (es_form_field_type)t;
			return ESESSION_OK;
		}
	}
	return ESESSION_EFORM_FIELD_TYPE;
}

/* <option label='...'><value>v</value></option> (XEP-0004 §3.2: "MUST
 * contain one and only one <value/> child"). */
static esession_status es_form_read_option(es_form_field *field,
                                           const es_xml_node *opt)
{
	const es_xml_node *value = NULL;
	for (const es_xml_node *c = es_xml_first_child(opt); c != NULL;
	     c = es_xml_next(c)) {
		if (es_xml_is_text(c)) {
			ES_GUARD(es_form_check_text(c));
		} else if (es_form_in_ns(c, "value")) {
			ES_ENSURE(value == NULL, ESESSION_EFORM_OPTION);
			value = c;
		} else if (strcmp(es_xml_ns(c), ES_FORM_NS) == 0) {
			return ESESSION_EFORM;
		}
	}
	ES_ENSURE(value != NULL, ESESSION_EFORM_OPTION);
	const char *v = NULL;
	ES_GUARD(es_form_leaf_text(value, &v));
	return es_form_field_add_option(
	    field, es_xml_attr_get(opt, "", "label", NULL), v);
}

static esession_status es_form_read_field(es_form *form, const es_xml_node *fe)
{
	es_form_field_type type;
	ES_GUARD(es_form_field_type_from_name(
	    es_xml_attr_get(fe, "", "type", NULL), &type));
	es_form_field *field = NULL;
	ES_GUARD(es_form_add_field(form, es_xml_attr_get(fe, "", "var", NULL),
	                           type, &field));
	const char *label = es_xml_attr_get(fe, "", "label", NULL);
	if (label != NULL)
		ES_GUARD(es_form_field_set_label(field, label));

	for (const es_xml_node *c = es_xml_first_child(fe); c != NULL;
	     c = es_xml_next(c)) {
		const char *text = NULL;
		if (es_xml_is_text(c)) {
			ES_GUARD(es_form_check_text(c));
		} else if (strcmp(es_xml_ns(c), ES_FORM_NS) != 0) {
			continue; /* an extension, e.g. XEP-0122 */
		} else if (es_form_in_ns(c, "value")) {
			ES_GUARD(es_form_leaf_text(c, &text));
			ES_GUARD(es_form_field_add_value(field, text));
		} else if (es_form_in_ns(c, "option")) {
			ES_GUARD(es_form_read_option(field, c));
		} else if (es_form_in_ns(c, "required")) {
			/* §3.2: "This element, which MUST be empty". */
			ES_ENSURE(es_xml_first_child(c) == NULL,
			          ESESSION_EFORM);
			es_form_field_set_required(field, true);
		} else if (es_form_in_ns(c, "desc")) {
			ES_ENSURE(field->desc == NULL, ESESSION_EFORM);
			ES_GUARD(es_form_leaf_text(c, &text));
			ES_GUARD(es_form_field_set_desc(field, text));
		} else {
			return ESESSION_EFORM;
		}
	}
	return ESESSION_OK;
}

static esession_status es_form_read(es_form *form, const es_xml_node *x)
{
	for (const es_xml_node *c = es_xml_first_child(x); c != NULL;
	     c = es_xml_next(c)) {
		const char *text = NULL;
		if (es_xml_is_text(c)) {
			ES_GUARD(es_form_check_text(c));
		} else if (strcmp(es_xml_ns(c), ES_FORM_NS) != 0) {
			continue;
		} else if (es_form_in_ns(c, "field")) {
			ES_GUARD(es_form_read_field(form, c));
		} else if (es_form_in_ns(c, "title")) {
			ES_ENSURE(form->title == NULL, ESESSION_EFORM);
			ES_GUARD(es_form_leaf_text(c, &text));
			ES_GUARD(es_form_set_title(form, text));
		} else if (es_form_in_ns(c, "instructions")) {
			ES_GUARD(es_form_leaf_text(c, &text));
			ES_GUARD(es_form_add_instructions(form, text));
		} else if (es_form_in_ns(c, "reported") ||
		           es_form_in_ns(c, "item")) {
			/* Multi-item results (§3.4) are outside what
			 * esession ever exchanges. */
			return ESESSION_EUNSUPPORTED;
		} else {
			return ESESSION_EFORM;
		}
	}
	return ESESSION_OK;
}

esession_status es_form_parse(const es_xml_node *x,
                              const es_form_limits *limits, es_form **out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	*out = NULL;
	ES_ENSURE(x != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_form_in_ns(x, "x"), ESESSION_EFORM);
	es_form_type type;
	ES_GUARD(es_form_type_from_name(es_xml_attr_get(x, "", "type", NULL),
	                                &type));
	es_form *form = NULL;
	ES_GUARD(es_form_new(type, limits, &form));
	esession_status st = es_form_read(form, x);
	if (st != ESESSION_OK) {
		es_form_free(form);
		return st;
	}
	*out = form;
	return ESESSION_OK;
}

/* ---- to XML ------------------------------------------------------------ */

static esession_status es_form_write_field(const es_form_field *f,
                                           es_xml_node *x)
{
	es_xml_node *fe = NULL;
	ES_GUARD(es_xml_add_element(x, ES_FORM_NS, "field", &fe));
	if (f->type != ES_FORM_FIELD_UNSPECIFIED)
		ES_GUARD(es_xml_set_attr(fe, "", "type",
		                         es_form_field_type_name(f->type)));
	if (f->var != NULL)
		ES_GUARD(es_xml_set_attr(fe, "", "var", f->var));
	if (f->label != NULL)
		ES_GUARD(es_xml_set_attr(fe, "", "label", f->label));
	if (f->desc != NULL)
		ES_GUARD(es_xml_add_text_element(fe, ES_FORM_NS, "desc",
		                                 f->desc, NULL));
	for (size_t i = 0; i < f->values.n; i++)
		ES_GUARD(es_xml_add_text_element(fe, ES_FORM_NS, "value",
		                                 f->values.v[i], NULL));
	for (size_t i = 0; i < f->option_values.n; i++) {
		es_xml_node *opt = NULL;
		ES_GUARD(es_xml_add_element(fe, ES_FORM_NS, "option", &opt));
		if (f->option_labels.v[i] != NULL)
			ES_GUARD(es_xml_set_attr(opt, "", "label",
			                         f->option_labels.v[i]));
		ES_GUARD(es_xml_add_text_element(opt, ES_FORM_NS, "value",
		                                 f->option_values.v[i], NULL));
	}
	/* After values and options, as in the XEP-0116 examples. */
	if (f->required)
		ES_GUARD(es_xml_add_element(fe, ES_FORM_NS, "required", NULL));
	return ESESSION_OK;
}

esession_status es_form_to_xml(const es_form *form, es_xml_doc *doc,
                               es_xml_node **out)
{
	ES_ENSURE(form != NULL && doc != NULL && out != NULL, ESESSION_EINVAL);
	es_xml_node *x = NULL;
	ES_GUARD(es_xml_element_new(doc, ES_FORM_NS, "x", &x));
	ES_GUARD(es_xml_set_attr(x, "", "type", es_form_type_name(form->type)));
	if (form->title != NULL)
		ES_GUARD(es_xml_add_text_element(x, ES_FORM_NS, "title",
		                                 form->title, NULL));
	for (size_t i = 0; i < form->instructions.n; i++)
		ES_GUARD(es_xml_add_text_element(x, ES_FORM_NS, "instructions",
		                                 form->instructions.v[i],
		                                 NULL));
	for (size_t i = 0; i < form->n_fields; i++)
		ES_GUARD(es_form_write_field(form->fields[i], x));
	*out = x;
	return ESESSION_OK;
}
