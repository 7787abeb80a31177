/*
 * xml_test_equal.h - structural equality of two trees, for round-trip
 * tests: same names, namespaces, attributes (as a set), and children in
 * order with adjacent text nodes compared as joined text.
 */
#ifndef ES_XML_TEST_EQUAL_H
#define ES_XML_TEST_EQUAL_H

#include "xml_tree.h"

#include <string.h>

static inline bool es_test_attrs_subset(const es_xml_node *a,
                                        const es_xml_node *b)
{
	for (const es_xml_attr *x = es_xml_attr_first(a); x != NULL;
	     x = es_xml_attr_next(x)) {
		size_t la = 0, lb = 0;
		const char *va = es_xml_attr_value(x, &la);
		const char *vb = es_xml_attr_get(b, es_xml_attr_ns(x),
		                                 es_xml_attr_name(x), &lb);
		if (vb == NULL || la != lb || memcmp(va, vb, la) != 0)
			return false;
	}
	return true;
}

static inline bool es_test_xml_equal(const es_xml_node *a, const es_xml_node *b)
{
	if (es_xml_is_text(a) || es_xml_is_text(b)) {
		size_t la = 0, lb = 0;
		const char *ta = es_xml_text(a, &la);
		const char *tb = es_xml_text(b, &lb);
		return es_xml_is_text(a) && es_xml_is_text(b) && la == lb &&
		       memcmp(ta, tb, la) == 0;
	}
	if (strcmp(es_xml_name(a), es_xml_name(b)) != 0 ||
	    strcmp(es_xml_ns(a), es_xml_ns(b)) != 0 ||
	    es_xml_attr_count(a) != es_xml_attr_count(b) ||
	    !es_test_attrs_subset(a, b))
		return false;
	const es_xml_node *ca = es_xml_first_child(a);
	const es_xml_node *cb = es_xml_first_child(b);
	while (ca != NULL && cb != NULL) {
		if (!es_test_xml_equal(ca, cb))
			return false;
		ca = es_xml_next(ca);
		cb = es_xml_next(cb);
	}
	return ca == NULL && cb == NULL;
}

#endif
