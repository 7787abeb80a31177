/*
 * neg_select.c - helpers shared by the parsers of this module (see
 * neg_select.h).
 */
#include "neg_select.h"

#include "secmem.h"

#include <string.h>

void es_neg_note_field(es_neg_note *note, const char *var, esession_status st)
{
	if (st == ESESSION_OK)
		return;
	/* A field absent or with the wrong number of values is a defect of
	 * that field: reported as such and named in the error. */
	if (st == ESESSION_EFORM_FIELD_MISSING || st == ESESSION_EFORM_VALUES)
		st = ESESSION_ENEG_FIELD;
	if (st == ESESSION_ENOMEM)
		note->nomem = true;
	if (note->status == ESESSION_OK)
		note->status = st;
	es_neg_error_add_field(note->err, var);
}

esession_status es_neg_group_parse(const char *text, unsigned *group)
{
	ES_ENSURE(text != NULL && group != NULL, ESESSION_EINVAL);
	ES_ENSURE(text[0] >= '1' && text[0] <= '9', ESESSION_ENEG_FIELD);
	unsigned v = 0;
	for (size_t i = 0; text[i] != '\0'; i++) {
		ES_ENSURE(i < 3, ESESSION_ENEG_FIELD);
		ES_ENSURE(text[i] >= '0' && text[i] <= '9',
		          ESESSION_ENEG_FIELD);
		v = v * 10u + (unsigned)(text[i] - '0');
	}
	*group = v;
	return ESESSION_OK;
}

/* The first <value/> text of <field var='FORM_TYPE'> in the tree, or
 * NULL. */
static const char *es_tree_form_type(const es_xml_node *x)
{
	for (const es_xml_node *f = es_xml_find_child(x, ES_FORM_NS, "field");
	     f != NULL; f = es_xml_find_next(f, ES_FORM_NS, "field")) {
		const char *var = es_xml_attr_get(f, "", "var", NULL);
		if (var == NULL || strcmp(var, "FORM_TYPE") != 0)
			continue;
		const es_xml_node *v =
		    es_xml_find_child(f, ES_FORM_NS, "value");
		const char *text = NULL;
		if (v == NULL ||
		    es_xml_text_content(v, &text, NULL) != ESESSION_OK)
			return NULL;
		return text;
	}
	return NULL;
}

/* The first var that a later field of x repeats, or NULL. */
static const char *es_tree_duplicate_var(const es_xml_node *x)
{
	for (const es_xml_node *f = es_xml_find_child(x, ES_FORM_NS, "field");
	     f != NULL; f = es_xml_find_next(f, ES_FORM_NS, "field")) {
		const char *var = es_xml_attr_get(f, "", "var", NULL);
		if (var == NULL)
			continue;
		for (const es_xml_node *g =
		         es_xml_find_next(f, ES_FORM_NS, "field");
		     g != NULL; g = es_xml_find_next(g, ES_FORM_NS, "field")) {
			const char *other = es_xml_attr_get(g, "", "var", NULL);
			if (other != NULL && strcmp(var, other) == 0)
				return var;
		}
	}
	return NULL;
}

esession_status es_neg_form_parse(const es_xml_node *x, es_form **form,
                                  es_neg_error *err)
{
	ES_ENSURE(x != NULL && form != NULL && err != NULL, ESESSION_EINVAL);
	*form = NULL;
	esession_status st = es_form_parse(x, NULL, form);
	if (st == ESESSION_EFORM_DUPLICATE) {
		/* Name the repeated field to the peer, but only in a form
		 * that is ours to answer. */
		const char *ft = es_tree_form_type(x);
		const char *var = es_tree_duplicate_var(x);
		if (ft != NULL && strcmp(ft, ES_SSN_FORM_TYPE) == 0 &&
		    var != NULL) {
			es_neg_error_set(err, ES_NEG_COND_NOT_ACCEPTABLE);
			es_neg_error_add_field(err, var);
		}
	}
	return st;
}

esession_status es_neg_single_b64(const es_form *form, const char *var,
                                  es_neg_bytes *out)
{
	const char *v = NULL;
	esession_status st = es_form_single_value(form, var, &v);
	if (st == ESESSION_EFORM_FIELD_MISSING || st == ESESSION_EFORM_VALUES)
		return ESESSION_ENEG_FIELD;
	ES_GUARD(st);
	return es_neg_b64_decode(v, out);
}

esession_status es_neg_check_envelope(const es_form *form, es_form_type type)
{
	ES_ENSURE(es_form_get_type(form) == type, ESESSION_EUNEXPECTED);
	const char *ft = NULL;
	ES_ENSURE(es_form_form_type(form, &ft) == ESESSION_OK &&
	              strcmp(ft, ES_SSN_FORM_TYPE) == 0,
	          ESESSION_ENOT_ESESSION);
	return ESESSION_OK;
}

esession_status es_neg_check_nonce(const es_form *form, const char *var,
                                   const uint8_t *expected, size_t expected_len)
{
	es_neg_bytes b = {0};
	ES_GUARD(es_neg_single_b64(form, var, &b));
	const bool same = b.len == expected_len &&
	                  es_ct_equal(b.data, expected, expected_len);
	es_neg_bytes_clear(&b);
	return same ? ESESSION_OK : ESESSION_ENEG_NONCE;
}
