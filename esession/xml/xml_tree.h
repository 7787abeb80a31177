/*
 * xml_tree.h - a small XML tree: elements with a namespace URI, attributes and
 * ordered children (elements and character data).
 *
 * Ownership. Every node belongs to exactly one es_xml_doc, which owns the
 * memory of all its nodes, attributes and strings (one arena). There is no
 * per-node free: a detached node simply stops being part of any tree and
 * its memory is returned when the document is reset or freed. Pointers to
 * nodes and strings stay valid until es_xml_doc_reset() or
 * es_xml_doc_free() of their document. Nodes of different documents are
 * never linked; es_xml_copy() brings a subtree from one document to
 * another.
 *
 * Names and namespaces. An element or attribute has a local name and a
 * namespace URI; "" (never NULL) means "no namespace". Prefixes are not
 * kept: the serializer chooses its own declarations.
 *
 * Strings are UTF-8, NUL-terminated, and never contain NUL; text and
 * attribute values also carry their length.
 *
 * A document is not thread-safe; different documents are independent.
 */
#ifndef ES_XML_TREE_H
#define ES_XML_TREE_H

#include "es_internal.h"

typedef struct es_xml_doc es_xml_doc;
typedef struct es_xml_node es_xml_node;
typedef struct es_xml_attr es_xml_attr;

/* The XML namespace, bound to the prefix "xml" by definition (XML Names
 * 1.0 §3). */
#define ES_XML_NS_XML "http://www.w3.org/XML/1998/namespace"

/* ---- documents -------------------------------------------------------- */

/* Create an empty document. *doc receives it; free with es_xml_doc_free().
 * Returns ESESSION_OK, ESESSION_EINVAL (doc NULL), ESESSION_ENOMEM. */
ES_MUST_CHECK esession_status es_xml_doc_new(es_xml_doc **doc);

/* Forget every node of the document (all node pointers become invalid)
 * and keep its first memory block for the next tree. */
void es_xml_doc_reset(es_xml_doc *doc);

/* Release the document and every node in it. NULL is allowed. */
void es_xml_doc_free(es_xml_doc *doc);

/* ---- building --------------------------------------------------------- */

/*
 * es_xml_element_new - a new detached element in doc. ns is the namespace
 * URI ("" for none), name an ASCII NCName (es_xml_name_ok). Both are
 * copied. *out receives the element, owned by doc.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL argument, bad name, ns not
 * valid UTF-8, ns the XML or xmlns namespace), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_xml_element_new(es_xml_doc *doc,
                                                 const char *ns,
                                                 const char *name,
                                                 es_xml_node **out);

/*
 * es_xml_text_new - a new detached text node holding text[0..len), copied.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL argument), ESESSION_EXML_NUL
 * or ESESSION_EXML_UTF8 (text not strict UTF-8 of XML characters),
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_xml_text_new(es_xml_doc *doc, const char *text,
                                              size_t len, es_xml_node **out);

/*
 * es_xml_set_attr - set attribute {ns}name of elem to value (copied),
 * replacing an existing value. ns "" for an unqualified attribute; the
 * xmlns namespace is refused (declarations are the serializer's job).
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL argument, not an element, bad
 * name or namespace), ESESSION_EXML_NUL / ESESSION_EXML_UTF8 (bad value),
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_xml_set_attr(es_xml_node *elem, const char *ns,
                                              const char *name,
                                              const char *value);

/*
 * es_xml_append_child - link the detached node child as the last child of
 * parent. Both must belong to the same document, and child must not be an
 * ancestor of parent.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, parent not an element,
 * child attached, different documents, cycle).
 */
ES_MUST_CHECK esession_status es_xml_append_child(es_xml_node *parent,
                                                  es_xml_node *child);

/*
 * es_xml_insert_before - link the detached node child into parent just
 * before ref (a child of parent), or last when ref is NULL. Used to put
 * back elements removed with es_xml_detach() at their old position.
 * Returns as es_xml_append_child(), and ESESSION_EINVAL when ref is not a
 * child of parent.
 */
ES_MUST_CHECK esession_status es_xml_insert_before(es_xml_node *parent,
                                                   es_xml_node *child,
                                                   es_xml_node *ref);

/*
 * es_xml_detach - unlink node (and its subtree) from its parent. The node
 * stays owned by its document and may be linked again. No effect on a
 * detached node or NULL.
 */
void es_xml_detach(es_xml_node *node);

/* Convenience: es_xml_element_new + es_xml_append_child. *out (may be
 * NULL) receives the new child. Same statuses. */
ES_MUST_CHECK esession_status es_xml_add_element(es_xml_node *parent,
                                                 const char *ns,
                                                 const char *name,
                                                 es_xml_node **out);

/* Convenience: append a text node holding the NUL-terminated text, which
 * is copied. Same statuses as es_xml_text_new / es_xml_append_child. */
ES_MUST_CHECK esession_status es_xml_add_text(es_xml_node *parent,
                                              const char *text);

/* Convenience: add an element ns/name with one text child, as in
 * <value>text</value>. *out may be NULL. */
ES_MUST_CHECK esession_status es_xml_add_text_element(es_xml_node *parent,
                                                      const char *ns,
                                                      const char *name,
                                                      const char *text,
                                                      es_xml_node **out);

/*
 * es_xml_copy - deep copy of the subtree src into dst (which may be src's
 * own document). *out receives the detached copy, owned by dst.
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL), ESESSION_ENOMEM (dst may
 * then hold unreachable memory until reset or free).
 */
ES_MUST_CHECK esession_status es_xml_copy(es_xml_doc *dst,
                                          const es_xml_node *src,
                                          es_xml_node **out);

/* ---- reading (all results are borrowed from the node's document) ----- */

bool es_xml_is_element(const es_xml_node *node);
bool es_xml_is_text(const es_xml_node *node);

/* Local name and namespace URI of an element; "" for a text node. */
const char *es_xml_name(const es_xml_node *node);
const char *es_xml_ns(const es_xml_node *node);

/* True when node is an element named {ns}name. */
bool es_xml_is(const es_xml_node *node, const char *ns, const char *name);

/* Characters of a text node (and *len their byte count, len may be NULL);
 * "" for an element. */
const char *es_xml_text(const es_xml_node *node, size_t *len);

/* Structure; NULL where there is no such node. */
es_xml_node *es_xml_parent(const es_xml_node *node);
es_xml_node *es_xml_first_child(const es_xml_node *node);
es_xml_node *es_xml_last_child(const es_xml_node *node);
es_xml_node *es_xml_next(const es_xml_node *node);
es_xml_node *es_xml_prev(const es_xml_node *node);
es_xml_doc *es_xml_doc_of(const es_xml_node *node);

/* Element children only: first element child, next element sibling. */
es_xml_node *es_xml_first_element(const es_xml_node *node);
es_xml_node *es_xml_next_element(const es_xml_node *node);

/* Number of element children (text nodes not counted). */
size_t es_xml_element_count(const es_xml_node *elem);

/* First element child of elem named {ns}name, or NULL. */
es_xml_node *es_xml_find_child(const es_xml_node *elem, const char *ns,
                               const char *name);

/* Next element sibling after `after` named {ns}name, or NULL: with
 * es_xml_find_child it visits every matching child in order. */
es_xml_node *es_xml_find_next(const es_xml_node *after, const char *ns,
                              const char *name);

/* Value of attribute {ns}name of elem (ns "" for unqualified), or NULL
 * when absent or elem is not an element. *len (may be NULL) gets its
 * length. */
const char *es_xml_attr_get(const es_xml_node *elem, const char *ns,
                            const char *name, size_t *len);

/* Attributes in document (or insertion) order. */
const es_xml_attr *es_xml_attr_first(const es_xml_node *elem);
const es_xml_attr *es_xml_attr_next(const es_xml_attr *attr);
const char *es_xml_attr_name(const es_xml_attr *attr);
const char *es_xml_attr_ns(const es_xml_attr *attr);
const char *es_xml_attr_value(const es_xml_attr *attr, size_t *len);
size_t es_xml_attr_count(const es_xml_node *elem);

/*
 * es_xml_text_content - the character data of a leaf element, as for
 * <value>abc</value>. *text receives a NUL-terminated string borrowed from
 * the element's document ("" when there is no text) and *len (may be NULL)
 * its length. Several adjacent text children are joined (in the document's
 * arena).
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, not an element),
 * ESESSION_EXML_MIXED_CONTENT (elem has element children), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_xml_text_content(const es_xml_node *elem,
                                                  const char **text,
                                                  size_t *len);

#endif
