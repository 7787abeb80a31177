/*
 * fuzz_form.c - the XEP-0004 data-form parser and serializer (esession/form).
 *
 * Input: a stanza parsed as XML; every jabber:x:data <x/> in the tree (the
 * root or any descendant, depth first) goes to es_form_parse. A form that
 * parsed is written back with es_form_to_xml, and that tree must parse
 * again into a form that serializes to the same bytes.
 */
#include "fuzz_common.h"

#include "form.h"
#include "xml_buf.h"
#include "xml_parse.h"
#include "xml_serialize.h"
#include "xml_tree.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* es_form_to_xml(form) serialized into out. */
static void form_bytes(const es_form *form, es_xml_doc *doc, es_xml_buf *out,
                       es_xml_node **x)
{
	fz_ok(es_form_to_xml(form, doc, x), "es_form_to_xml");
	fz_ok(es_xml_serialize(*x, out), "serialize the form");
}

static void check_form(const es_xml_node *x, es_xml_doc *scratch)
{
	es_form *form = NULL, *again = NULL;
	if (es_form_parse(x, NULL, &form) != ESESSION_OK) {
		fz_assert(form == NULL, "form NULL on failure");
		return;
	}
	/* Read the model the way the negotiation code does. */
	for (size_t i = 0; i < es_form_field_count(form); i++) {
		const es_form_field *f = es_form_field_at(form, i);
		const char *var = es_form_field_var(f);
		for (size_t v = 0; v < es_form_field_value_count(f); v++)
			(void)strlen(es_form_field_values(f)[v]);
		if (var != NULL) {
			const char *value;
			bool b;
			fz_assert(es_form_field_find(form, var) == f,
			          "field_find finds the field");
			esession_status st =
			    es_form_single_value(form, var, &value);
			fz_assert(st == ESESSION_OK ||
			              st == ESESSION_EFORM_VALUES,
			          "single_value of a present field");
			if (st == ESESSION_OK)
				(void)strlen(value);
			st = es_form_boolean(form, var, &b);
			fz_assert(st == ESESSION_OK ||
			              st == ESESSION_EFORM_VALUES ||
			              st == ESESSION_EFORM_BAD_VALUE,
			          "boolean of a present field");
		}
	}

	es_xml_buf b1, b2;
	es_xml_buf_init(&b1, 0);
	es_xml_buf_init(&b2, 0);
	es_xml_node *x1 = NULL, *x2 = NULL;
	form_bytes(form, scratch, &b1, &x1);
	fz_ok(es_form_parse(x1, NULL, &again), "re-parse es_form_to_xml");
	form_bytes(again, scratch, &b2, &x2);
	fz_assert(fz_same(b1.data, b1.len, b2.data, b2.len),
	          "form serialization is a fixed point");
	es_xml_buf_free(&b1);
	es_xml_buf_free(&b2);
	es_form_free(again);
	es_form_free(form);
}

/* Depth-first over the tree without recursion (depth is bounded by the
 * parser, but the walk need not rely on it). */
static void visit(const es_xml_node *root, es_xml_doc *scratch)
{
	const es_xml_node *n = root;
	while (n != NULL) {
		if (es_xml_is(n, ES_FORM_NS, "x"))
			check_form(n, scratch);
		const es_xml_node *next = es_xml_first_element(n);
		while (next == NULL && n != root) {
			next = es_xml_next_element(n);
			if (next == NULL)
				n = es_xml_parent(n);
		}
		if (next == NULL)
			break;
		n = next;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static es_xml_parser *parser;
	fz_init();
	if (parser == NULL)
		fz_ok(es_xml_parser_new(&parser, NULL), "parser");
	es_xml_doc *doc = NULL, *scratch = NULL;
	fz_ok(es_xml_doc_new(&doc), "doc");
	fz_ok(es_xml_doc_new(&scratch), "doc");
	es_xml_node *root = NULL;
	if (es_xml_parse(parser, doc, data, size, &root) == ESESSION_OK)
		visit(root, scratch);
	es_xml_doc_free(scratch);
	es_xml_doc_free(doc);
	return 0;
}
