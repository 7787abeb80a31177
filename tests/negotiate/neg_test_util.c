/* neg_test_util.c - see neg_test_util.h. */
#include "neg_test_util.h"

#include "neg_common.h"
#include "xml_parse.h"
#include "xml_serialize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const uint8_t *nt_bytes(unsigned slot, uint8_t fill, size_t len)
{
	static uint8_t slots[8][256];
	ck_assert_uint_lt(slot, 8);
	ck_assert_uint_le(len, 256);
	for (size_t i = 0; i < len; i++)
		slots[slot][i] = (uint8_t)(fill + i);
	return slots[slot];
}

es_xml_node *nt_parse(es_xml_doc *doc, const char *text)
{
	es_xml_parser *p = NULL;
	es_xml_node *root = NULL;
	ck_assert_status(es_xml_parser_new(&p, NULL), ESESSION_OK);
	ck_assert_status(
	    es_xml_parse(p, doc, (const uint8_t *)text, strlen(text), &root),
	    ESESSION_OK);
	es_xml_parser_free(p);
	return root;
}

static char *nt_buf_string(es_xml_buf *buf)
{
	char *s = malloc(buf->len + 1);
	ck_assert_ptr_nonnull(s);
	if (buf->len > 0)
		memcpy(s, buf->data, buf->len);
	s[buf->len] = '\0';
	es_xml_buf_free(buf);
	return s;
}

char *nt_serialize(const es_xml_node *node)
{
	es_xml_buf buf;
	es_xml_buf_init(&buf, 0);
	ck_assert_status(es_xml_serialize(node, &buf), ESESSION_OK);
	return nt_buf_string(&buf);
}

char *nt_form_c14n(const es_xml_node *x, bool exclude_identity_mac)
{
	es_xml_buf buf;
	es_xml_buf_init(&buf, 0);
	ck_assert_status(es_neg_form_c14n(x, exclude_identity_mac, &buf),
	                 ESESSION_OK);
	return nt_buf_string(&buf);
}

const es_xml_node *nt_form_of(const es_xml_node *stanza)
{
	const es_xml_node *w =
	    es_xml_find_child(stanza, ES_NS_FEATURE_NEG, "feature");
	if (w == NULL)
		w = es_xml_find_child(stanza, ES_NS_ESN_INIT, "init");
	ck_assert_ptr_nonnull(w);
	const es_xml_node *x = es_xml_find_child(w, ES_FORM_NS, "x");
	ck_assert_ptr_nonnull(x);
	return x;
}

/* Start and end (exclusive) of the <field ...>...</field> (or <field
 * .../>) whose var attribute is var. */
static void nt_field_span(const char *xml, const char *var, size_t *start,
                          size_t *end)
{
	char needle[128];
	snprintf(needle, sizeof(needle), "var=\"%s\"", var);
	const char *at = strstr(xml, needle);
	ck_assert_msg(at != NULL, "field %s not found", var);
	const char *s = at;
	while (s > xml && strncmp(s, "<field", 6) != 0)
		s--;
	ck_assert(strncmp(s, "<field", 6) == 0);
	const char *gt = strchr(at, '>');
	ck_assert_ptr_nonnull(gt);
	const char *e = NULL;
	if (gt[-1] == '/') {
		e = gt + 1;
	} else {
		e = strstr(gt, "</field>");
		ck_assert_ptr_nonnull(e);
		e += strlen("</field>");
	}
	*start = (size_t)(s - xml);
	*end = (size_t)(e - xml);
}

static char *nt_splice(const char *xml, size_t start, size_t end,
                       const char *insert)
{
	size_t len = strlen(xml);
	size_t ins = strlen(insert);
	char *out = malloc(len - (end - start) + ins + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, xml, start);
	memcpy(out + start, insert, ins);
	memcpy(out + start + ins, xml + end, len - end + 1);
	return out;
}

char *nt_field_remove(const char *xml, const char *var)
{
	size_t s = 0;
	size_t e = 0;
	nt_field_span(xml, var, &s, &e);
	return nt_splice(xml, s, e, "");
}

char *nt_field_replace(const char *xml, const char *var,
                       const char *replacement)
{
	size_t s = 0;
	size_t e = 0;
	nt_field_span(xml, var, &s, &e);
	return nt_splice(xml, s, e, replacement);
}

char *nt_field_duplicate(const char *xml, const char *var)
{
	size_t s = 0;
	size_t e = 0;
	nt_field_span(xml, var, &s, &e);
	char *copy = malloc(e - s + 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, xml + s, e - s);
	copy[e - s] = '\0';
	char *out = nt_splice(xml, e, e, copy);
	free(copy);
	return out;
}

char *nt_replace(const char *xml, const char *from, const char *to)
{
	const char *at = strstr(xml, from);
	ck_assert_msg(at != NULL, "'%s' not found", from);
	size_t s = (size_t)(at - xml);
	return nt_splice(xml, s, s + strlen(from), to);
}

void nt_assert_error(const es_neg_error *err, es_neg_condition condition,
                     const char *const *vars)
{
	ck_assert_int_eq((int)err->condition, (int)condition);
	size_t n = 0;
	while (vars != NULL && vars[n] != NULL)
		n++;
	ck_assert_msg(err->n_fields == n, "expected %zu fields, got %zu%s%s", n,
	              err->n_fields, err->n_fields > 0 ? ", first " : "",
	              err->n_fields > 0 ? err->fields[0] : "");
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(err->fields[i], vars[i]);
	ck_assert(!err->truncated);
}
