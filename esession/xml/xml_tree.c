/*
 * xml_tree.c - building and reading XML trees (see xml_tree.h).
 */
#include "xml_tree_internal.h"

#include "xml_utf8.h"

#include <stdlib.h>
#include <string.h>

/* The namespace of xmlns declarations (XML Names 1.0 §3): never an
 * attribute of the tree. */
#define ES_XML_NS_XMLNS "http://www.w3.org/2000/xmlns/"

esession_status es_xml_doc_new(es_xml_doc **doc)
{
	ES_ENSURE(doc != NULL, ESESSION_EINVAL);
	es_xml_doc *d = malloc(sizeof(*d));
	ES_ENSURE(d != NULL, ESESSION_ENOMEM);
	es_arena_init(&d->arena, 0);
	*doc = d;
	return ESESSION_OK;
}

void es_xml_doc_reset(es_xml_doc *doc)
{
	if (doc != NULL)
		es_arena_reset(&doc->arena);
}

void es_xml_doc_free(es_xml_doc *doc)
{
	if (doc == NULL)
		return;
	es_arena_free(&doc->arena);
	free(doc);
}

/* ---- allocation ------------------------------------------------------- */

es_xml_node *es_xml_node_alloc_element(es_xml_doc *doc, const char *ns,
                                       size_t ns_len, const char *name,
                                       size_t name_len)
{
	es_xml_node *n = es_arena_alloc(&doc->arena, sizeof(*n));
	if (n == NULL)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->kind = ES_XML_ELEMENT;
	n->doc = doc;
	n->ns = es_arena_strndup(&doc->arena, ns, ns_len);
	n->name = es_arena_strndup(&doc->arena, name, name_len);
	n->text = "";
	if (n->ns == NULL || n->name == NULL)
		return NULL;
	return n;
}

es_xml_node *es_xml_node_alloc_text(es_xml_doc *doc, const char *text,
                                    size_t len)
{
	es_xml_node *n = es_arena_alloc(&doc->arena, sizeof(*n));
	if (n == NULL)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->kind = ES_XML_TEXT;
	n->doc = doc;
	n->ns = "";
	n->name = "";
	n->text = es_arena_strndup(&doc->arena, text, len);
	n->text_len = len;
	if (n->text == NULL)
		return NULL;
	return n;
}

es_xml_attr *es_xml_attr_alloc(es_xml_doc *doc, const char *ns, size_t ns_len,
                               const char *name, size_t name_len,
                               const char *value, size_t value_len)
{
	es_xml_attr *a = es_arena_alloc(&doc->arena, sizeof(*a));
	if (a == NULL)
		return NULL;
	a->ns = es_arena_strndup(&doc->arena, ns, ns_len);
	a->name = es_arena_strndup(&doc->arena, name, name_len);
	a->value = es_arena_strndup(&doc->arena, value, value_len);
	a->value_len = value_len;
	a->next = NULL;
	if (a->ns == NULL || a->name == NULL || a->value == NULL)
		return NULL;
	return a;
}

void es_xml_link_last(es_xml_node *parent, es_xml_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last;
	if (parent->last != NULL)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
	if (child->kind == ES_XML_ELEMENT)
		parent->n_elements++;
}

void es_xml_attr_link_last(es_xml_node *elem, es_xml_attr *attr)
{
	attr->next = NULL;
	if (elem->attrs_last != NULL)
		elem->attrs_last->next = attr;
	else
		elem->attrs = attr;
	elem->attrs_last = attr;
	elem->n_attrs++;
}

/* ---- building --------------------------------------------------------- */

/* A namespace URI given to the API: any strict UTF-8 string. */
static bool es_xml_ns_ok(const char *ns)
{
	return ns != NULL && es_xml_check_chars((const uint8_t *)ns, strlen(ns),
	                                        false) == ESESSION_OK;
}

esession_status es_xml_element_new(es_xml_doc *doc, const char *ns,
                                   const char *name, es_xml_node **out)
{
	ES_ENSURE(doc != NULL && out != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_xml_ns_ok(ns) && es_xml_name_ok(name), ESESSION_EINVAL);
	/* Neither reserved namespace can be an element's default namespace
	 * (XML Names 1.0 §3), so such an element could not be serialized. */
	ES_ENSURE(strcmp(ns, ES_XML_NS_XML) != 0 &&
	              strcmp(ns, ES_XML_NS_XMLNS) != 0,
	          ESESSION_EINVAL);
	es_xml_node *n =
	    es_xml_node_alloc_element(doc, ns, strlen(ns), name, strlen(name));
	ES_ENSURE(n != NULL, ESESSION_ENOMEM);
	*out = n;
	return ESESSION_OK;
}

esession_status es_xml_text_new(es_xml_doc *doc, const char *text, size_t len,
                                es_xml_node **out)
{
	ES_ENSURE(doc != NULL && out != NULL, ESESSION_EINVAL);
	ES_ENSURE(text != NULL || len == 0, ESESSION_EINVAL);
	if (text == NULL)
		text = "";
	ES_GUARD(es_xml_check_chars((const uint8_t *)text, len, false));
	es_xml_node *n = es_xml_node_alloc_text(doc, text, len);
	ES_ENSURE(n != NULL, ESESSION_ENOMEM);
	*out = n;
	return ESESSION_OK;
}

static es_xml_attr *es_xml_attr_find(const es_xml_node *elem, const char *ns,
                                     const char *name)
{
	for (es_xml_attr *a = elem->attrs; a != NULL; a = a->next) {
		if (strcmp(a->name, name) == 0 && strcmp(a->ns, ns) == 0)
			return a;
	}
	return NULL;
}

esession_status es_xml_set_attr(es_xml_node *elem, const char *ns,
                                const char *name, const char *value)
{
	ES_ENSURE(elem != NULL && elem->kind == ES_XML_ELEMENT,
	          ESESSION_EINVAL);
	ES_ENSURE(value != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_xml_ns_ok(ns) && es_xml_name_ok(name), ESESSION_EINVAL);
	ES_ENSURE(strcmp(ns, ES_XML_NS_XMLNS) != 0, ESESSION_EINVAL);
	/* An unqualified attribute named xmlns would be a declaration. */
	ES_ENSURE(ns[0] != '\0' || strcmp(name, "xmlns") != 0, ESESSION_EINVAL);
	size_t vlen = strlen(value);
	ES_GUARD(es_xml_check_chars((const uint8_t *)value, vlen, false));

	es_xml_attr *old = es_xml_attr_find(elem, ns, name);
	if (old != NULL) {
		const char *v =
		    es_arena_strndup(&elem->doc->arena, value, vlen);
		ES_ENSURE(v != NULL, ESESSION_ENOMEM);
		old->value = v;
		old->value_len = vlen;
		return ESESSION_OK;
	}
	es_xml_attr *a = es_xml_attr_alloc(elem->doc, ns, strlen(ns), name,
	                                   strlen(name), value, vlen);
	ES_ENSURE(a != NULL, ESESSION_ENOMEM);
	es_xml_attr_link_last(elem, a);
	return ESESSION_OK;
}

static bool es_xml_is_ancestor_or_self(const es_xml_node *candidate,
                                       const es_xml_node *node)
{
	for (const es_xml_node *p = node; p != NULL; p = p->parent) {
		if (p == candidate)
			return true;
	}
	return false;
}

esession_status es_xml_insert_before(es_xml_node *parent, es_xml_node *child,
                                     es_xml_node *ref)
{
	ES_ENSURE(parent != NULL && child != NULL, ESESSION_EINVAL);
	ES_ENSURE(parent->kind == ES_XML_ELEMENT, ESESSION_EINVAL);
	ES_ENSURE(child->parent == NULL && child->doc == parent->doc,
	          ESESSION_EINVAL);
	/* Linking an ancestor below its descendant would make a cycle. A
	 * childless node can only be its own ancestor, which spares the walk
	 * up (and keeps building deep trees linear). */
	ES_ENSURE(child != parent, ESESSION_EINVAL);
	ES_ENSURE(child->first == NULL ||
	              !es_xml_is_ancestor_or_self(child, parent),
	          ESESSION_EINVAL);
	ES_ENSURE(ref == NULL || ref->parent == parent, ESESSION_EINVAL);
	if (ref == NULL) {
		es_xml_link_last(parent, child);
		return ESESSION_OK;
	}
	child->parent = parent;
	child->next = ref;
	child->prev = ref->prev;
	if (ref->prev != NULL)
		ref->prev->next = child;
	else
		parent->first = child;
	ref->prev = child;
	if (child->kind == ES_XML_ELEMENT)
		parent->n_elements++;
	return ESESSION_OK;
}

esession_status es_xml_append_child(es_xml_node *parent, es_xml_node *child)
{
	return es_xml_insert_before(parent, child, NULL);
}

void es_xml_detach(es_xml_node *node)
{
	if (node == NULL || node->parent == NULL)
		return;
	es_xml_node *p = node->parent;
	if (node->prev != NULL)
		node->prev->next = node->next;
	else
		p->first = node->next;
	if (node->next != NULL)
		node->next->prev = node->prev;
	else
		p->last = node->prev;
	if (node->kind == ES_XML_ELEMENT)
		p->n_elements--;
	node->parent = NULL;
	node->prev = NULL;
	node->next = NULL;
}

esession_status es_xml_add_element(es_xml_node *parent, const char *ns,
                                   const char *name, es_xml_node **out)
{
	ES_ENSURE(parent != NULL, ESESSION_EINVAL);
	es_xml_node *n = NULL;
	ES_GUARD(es_xml_element_new(parent->doc, ns, name, &n));
	ES_GUARD(es_xml_append_child(parent, n));
	if (out != NULL)
		*out = n;
	return ESESSION_OK;
}

esession_status es_xml_add_text(es_xml_node *parent, const char *text)
{
	ES_ENSURE(parent != NULL && text != NULL, ESESSION_EINVAL);
	es_xml_node *n = NULL;
	ES_GUARD(es_xml_text_new(parent->doc, text, strlen(text), &n));
	ES_GUARD(es_xml_append_child(parent, n));
	return ESESSION_OK;
}

esession_status es_xml_add_text_element(es_xml_node *parent, const char *ns,
                                        const char *name, const char *text,
                                        es_xml_node **out)
{
	es_xml_node *n = NULL;
	ES_GUARD(es_xml_add_element(parent, ns, name, &n));
	if (text != NULL && text[0] != '\0')
		ES_GUARD(es_xml_add_text(n, text));
	if (out != NULL)
		*out = n;
	return ESESSION_OK;
}

/* Shallow copy of one node (attributes included, children not). */
static es_xml_node *es_xml_copy_one(es_xml_doc *dst, const es_xml_node *src)
{
	if (src->kind == ES_XML_TEXT)
		return es_xml_node_alloc_text(dst, src->text, src->text_len);
	es_xml_node *n = es_xml_node_alloc_element(
	    dst, src->ns, strlen(src->ns), src->name, strlen(src->name));
	if (n == NULL)
		return NULL;
	for (const es_xml_attr *a = src->attrs; a != NULL; a = a->next) {
		es_xml_attr *c =
		    es_xml_attr_alloc(dst, a->ns, strlen(a->ns), a->name,
		                      strlen(a->name), a->value, a->value_len);
		if (c == NULL)
			return NULL;
		es_xml_attr_link_last(n, c);
	}
	return n;
}

esession_status es_xml_copy(es_xml_doc *dst, const es_xml_node *src,
                            es_xml_node **out)
{
	ES_ENSURE(dst != NULL && src != NULL && out != NULL, ESESSION_EINVAL);
	es_xml_node *root = es_xml_copy_one(dst, src);
	ES_ENSURE(root != NULL, ESESSION_ENOMEM);

	/* Iterative pre-order walk of src, mirrored in the copy: no recursion,
	 * so depth is bounded by memory only. */
	const es_xml_node *s = src->first;
	es_xml_node *cparent = root;
	while (s != NULL) {
		es_xml_node *c = es_xml_copy_one(dst, s);
		ES_ENSURE(c != NULL, ESESSION_ENOMEM);
		es_xml_link_last(cparent, c);
		if (s->first != NULL) {
			cparent = c;
			s = s->first;
			continue;
		}
		while (s != src && s->next == NULL) {
			s = s->parent;
			cparent = cparent->parent;
		}
		s = s == src ? NULL : s->next;
	}
	*out = root;
	return ESESSION_OK;
}

/* ---- reading ---------------------------------------------------------- */

bool es_xml_is_element(const es_xml_node *node)
{
	return node != NULL && node->kind == ES_XML_ELEMENT;
}

bool es_xml_is_text(const es_xml_node *node)
{
	return node != NULL && node->kind == ES_XML_TEXT;
}

const char *es_xml_name(const es_xml_node *node)
{
	return node != NULL ? node->name : "";
}

const char *es_xml_ns(const es_xml_node *node)
{
	return node != NULL ? node->ns : "";
}

bool es_xml_is(const es_xml_node *node, const char *ns, const char *name)
{
	return es_xml_is_element(node) && strcmp(node->name, name) == 0 &&
	       strcmp(node->ns, ns) == 0;
}

const char *es_xml_text(const es_xml_node *node, size_t *len)
{
	bool text = es_xml_is_text(node);
	if (len != NULL)
		*len = text ? node->text_len : 0;
	return text ? node->text : "";
}

es_xml_node *es_xml_parent(const es_xml_node *node)
{
	return node != NULL ? node->parent : NULL;
}

es_xml_node *es_xml_first_child(const es_xml_node *node)
{
	return node != NULL ? node->first : NULL;
}

es_xml_node *es_xml_last_child(const es_xml_node *node)
{
	return node != NULL ? node->last : NULL;
}

es_xml_node *es_xml_next(const es_xml_node *node)
{
	return node != NULL ? node->next : NULL;
}

es_xml_node *es_xml_prev(const es_xml_node *node)
{
	return node != NULL ? node->prev : NULL;
}

es_xml_doc *es_xml_doc_of(const es_xml_node *node)
{
	return node != NULL ? node->doc : NULL;
}

static es_xml_node *es_xml_skip_text(es_xml_node *n)
{
	while (n != NULL && n->kind != ES_XML_ELEMENT)
		n = n->next;
	return n;
}

es_xml_node *es_xml_first_element(const es_xml_node *node)
{
	return node != NULL ? es_xml_skip_text(node->first) : NULL;
}

es_xml_node *es_xml_next_element(const es_xml_node *node)
{
	return node != NULL ? es_xml_skip_text(node->next) : NULL;
}

size_t es_xml_element_count(const es_xml_node *elem)
{
	return es_xml_is_element(elem) ? elem->n_elements : 0;
}

es_xml_node *es_xml_find_next(const es_xml_node *after, const char *ns,
                              const char *name)
{
	if (after == NULL || ns == NULL || name == NULL)
		return NULL;
	for (es_xml_node *n = after->next; n != NULL; n = n->next) {
		if (es_xml_is(n, ns, name))
			return n;
	}
	return NULL;
}

es_xml_node *es_xml_find_child(const es_xml_node *elem, const char *ns,
                               const char *name)
{
	if (!es_xml_is_element(elem) || ns == NULL || name == NULL)
		return NULL;
	es_xml_node *n = elem->first;
	if (n == NULL || es_xml_is(n, ns, name))
		return n;
	return es_xml_find_next(n, ns, name);
}

const char *es_xml_attr_get(const es_xml_node *elem, const char *ns,
                            const char *name, size_t *len)
{
	const es_xml_attr *a = NULL;
	if (es_xml_is_element(elem) && ns != NULL && name != NULL)
		a = es_xml_attr_find(elem, ns, name);
	if (len != NULL)
		*len = a != NULL ? a->value_len : 0;
	return a != NULL ? a->value : NULL;
}

const es_xml_attr *es_xml_attr_first(const es_xml_node *elem)
{
	return es_xml_is_element(elem) ? elem->attrs : NULL;
}

const es_xml_attr *es_xml_attr_next(const es_xml_attr *attr)
{
	return attr != NULL ? attr->next : NULL;
}

const char *es_xml_attr_name(const es_xml_attr *attr)
{
	return attr != NULL ? attr->name : "";
}

const char *es_xml_attr_ns(const es_xml_attr *attr)
{
	return attr != NULL ? attr->ns : "";
}

const char *es_xml_attr_value(const es_xml_attr *attr, size_t *len)
{
	if (len != NULL)
		*len = attr != NULL ? attr->value_len : 0;
	return attr != NULL ? attr->value : "";
}

size_t es_xml_attr_count(const es_xml_node *elem)
{
	return es_xml_is_element(elem) ? elem->n_attrs : 0;
}

esession_status es_xml_text_content(const es_xml_node *elem, const char **text,
                                    size_t *len)
{
	ES_ENSURE(es_xml_is_element(elem) && text != NULL, ESESSION_EINVAL);
	ES_ENSURE(elem->n_elements == 0, ESESSION_EXML_MIXED_CONTENT);

	size_t total = 0;
	size_t count = 0;
	const es_xml_node *only = NULL;
	for (const es_xml_node *n = elem->first; n != NULL; n = n->next) {
		total += n->text_len; /* bounded by the arena's own size */
		count++;
		only = n;
	}
	if (count <= 1) {
		*text = only != NULL ? only->text : "";
		if (len != NULL)
			*len = total;
		return ESESSION_OK;
	}
	/* Several text children (left adjacent by es_xml_detach or built so):
	 * join them once. */
	ES_ENSURE(total < SIZE_MAX, ESESSION_ENOMEM);
	char *joined = es_arena_alloc(&elem->doc->arena, total + 1);
	ES_ENSURE(joined != NULL, ESESSION_ENOMEM);
	size_t off = 0;
	for (const es_xml_node *n = elem->first; n != NULL; n = n->next) {
		memcpy(joined + off, n->text, n->text_len);
		off += n->text_len;
	}
	joined[total] = '\0';
	*text = joined;
	if (len != NULL)
		*len = total;
	return ESESSION_OK;
}
