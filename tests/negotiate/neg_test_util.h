/*
 * neg_test_util.h - helpers shared by the suites of esession/negotiate:
 * parse and serialize stanzas, edit serialized forms field by field, the
 * fixed byte values of the tests, field-list assertions.
 */
#ifndef ES_NEG_TEST_UTIL_H
#define ES_NEG_TEST_UTIL_H

#include "test_util.h"

#include "neg_error.h"
#include "xml_tree.h"

/* Fixed test bytes: nt_bytes(fill, len) is len bytes fill, fill+1, ...
 * (mod 256) in a static buffer (one per call site, up to 256 bytes;
 * valid until the next call with the same slot). */
const uint8_t *nt_bytes(unsigned slot, uint8_t fill, size_t len);

/* Parse text into doc; the test fails unless it parses. */
es_xml_node *nt_parse(es_xml_doc *doc, const char *text);

/* Serialize node (es_xml_serialize) into a malloc'ed string. */
char *nt_serialize(const es_xml_node *node);

/* Normalized form string (es_neg_form_c14n) into a malloc'ed string. */
char *nt_form_c14n(const es_xml_node *x, bool exclude_identity_mac);

/* The <x/> of a negotiation stanza (in <feature/> or <init/>). */
const es_xml_node *nt_form_of(const es_xml_node *stanza);

/* Edits of a serialized stanza; each returns a new malloc'ed string and
 * fails the test when the field (var="...") or text is not found. */
char *nt_field_remove(const char *xml, const char *var);
char *nt_field_duplicate(const char *xml, const char *var);
char *nt_field_replace(const char *xml, const char *var,
                       const char *replacement);
char *nt_replace(const char *xml, const char *from, const char *to);

/* Assert err holds condition and exactly the NULL-terminated list of
 * field vars, in order. */
void nt_assert_error(const es_neg_error *err, es_neg_condition condition,
                     const char *const *vars);
#define NT_ASSERT_ERROR(err, cond, ...)                             \
	do {                                                        \
		const char *const nt_vars_[] = {__VA_ARGS__, NULL}; \
		nt_assert_error((err), (cond), nt_vars_);           \
	} while (0)
#define NT_ASSERT_NO_ERROR(err) nt_assert_error((err), ES_NEG_COND_NONE, NULL)

#endif
