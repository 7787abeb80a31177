/*
 * xml_tree_internal.h - the layout of the XML tree, shared by the files of
 * esession/xml only (parser, serializers). Everything else goes through
 * xml_tree.h.
 */
#ifndef ES_XML_TREE_INTERNAL_H
#define ES_XML_TREE_INTERNAL_H

#include "xml_arena.h"
#include "xml_tree.h"

struct es_xml_doc {
	es_arena arena;
};

struct es_xml_attr {
	const char *ns;   /* "" when unqualified */
	const char *name; /* local name */
	const char *value;
	size_t value_len;
	es_xml_attr *next;
};

enum es_xml_kind { ES_XML_ELEMENT = 1, ES_XML_TEXT = 2 };

struct es_xml_node {
	enum es_xml_kind kind;
	es_xml_doc *doc;
	es_xml_node *parent;
	es_xml_node *prev;
	es_xml_node *next;
	/* ES_XML_ELEMENT */
	const char *ns;
	const char *name;
	es_xml_node *first;
	es_xml_node *last;
	size_t n_elements; /* element children */
	es_xml_attr *attrs;
	es_xml_attr *attrs_last;
	size_t n_attrs;
	/* ES_XML_TEXT */
	const char *text;
	size_t text_len;
};

/* Allocation helpers used by the parser: no validation of names (expat
 * did it), strings given with their lengths and copied into doc. NULL on
 * memory exhaustion. */
es_xml_node *es_xml_node_alloc_element(es_xml_doc *doc, const char *ns,
                                       size_t ns_len, const char *name,
                                       size_t name_len);
es_xml_node *es_xml_node_alloc_text(es_xml_doc *doc, const char *text,
                                    size_t len);
es_xml_attr *es_xml_attr_alloc(es_xml_doc *doc, const char *ns, size_t ns_len,
                               const char *name, size_t name_len,
                               const char *value, size_t value_len);

/* Append without checks (caller guarantees: detached, same doc). */
void es_xml_link_last(es_xml_node *parent, es_xml_node *child);
void es_xml_attr_link_last(es_xml_node *elem, es_xml_attr *attr);

#endif
