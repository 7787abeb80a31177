/*
 * xml_c14n.c - the canonical form of XEP-0116 §"XML Normalization", exactly as
 * spec/normalization.md states it. Every choice below is one of the
 * sections of spec/ambiguities.md, named in the comment beside it.
 */
#include "xml_serialize.h"

#include "xml_escape.h"
#include "xml_tree_internal.h"

#include <string.h>

/* XML 1.0 production [3] S. */
static bool es_xml_is_space_only(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return false;
	}
	return true;
}

/* "All character data between all elements MUST be removed": text beside
 * child elements may only be white space, which is dropped; anything else
 * would be left out of the signature silently (spec/ambiguities.md
 * "Character data between elements"). */
static esession_status es_xml_c14n_check_mixed(const es_xml_node *e)
{
	if (e->n_elements == 0)
		return ESESSION_OK;
	for (const es_xml_node *c = e->first; c != NULL; c = c->next) {
		if (c->kind == ES_XML_TEXT &&
		    !es_xml_is_space_only(c->text, c->text_len))
			return ESESSION_EXML_MIXED_CONTENT;
	}
	return ESESSION_OK;
}

/* Namespaces cannot be written ("no xmlns attributes or namespace
 * prefixes"), so the canonical form is only defined where leaving them out
 * loses nothing: one namespace for every element, none for attributes
 * (spec/ambiguities.md "Namespaces in the canonical form"). */
static esession_status es_xml_c14n_check_element(const es_xml_node *e,
                                                 const char *ns)
{
	ES_ENSURE(strcmp(e->ns, ns) == 0, ESESSION_EXML_C14N_NAMESPACE);
	for (const es_xml_attr *a = e->attrs; a != NULL; a = a->next)
		ES_ENSURE(a->ns[0] == '\0', ESESSION_EXML_C14N_NAMESPACE);
	return es_xml_c14n_check_mixed(e);
}

/* Attributes in lexicographic order of their names (Canonical XML 1.0
 * §2.2: by namespace URI, then local name; every namespace URI is empty
 * here). Names are unique on an element, so repeatedly taking the least
 * name greater than the last one written visits each once, without
 * allocating. Comparison is bytewise, which for UTF-8 is code point
 * order, as Canonical XML requires. */
static esession_status es_xml_c14n_attrs(es_xml_buf *out, const es_xml_node *e)
{
	const char *last = NULL;
	for (size_t i = 0; i < e->n_attrs; i++) {
		const es_xml_attr *next = NULL;
		for (const es_xml_attr *a = e->attrs; a != NULL; a = a->next) {
			if (last != NULL && strcmp(a->name, last) <= 0)
				continue;
			if (next == NULL || strcmp(a->name, next->name) < 0)
				next = a;
		}
		if (next == NULL)
			break;
		ES_GUARD(es_xml_buf_puts(out, " "));
		ES_GUARD(es_xml_buf_puts(out, next->name));
		/* spec/ambiguities.md "Attribute quotes in the canonical
		 * form": double quotes. */
		ES_GUARD(es_xml_buf_puts(out, "=\""));
		ES_GUARD(es_xml_escape_attr(out, next->value, next->value_len));
		ES_GUARD(es_xml_buf_puts(out, "\""));
		last = next->name;
	}
	return ESESSION_OK;
}

static esession_status es_xml_c14n_start(es_xml_buf *out, const es_xml_node *e,
                                         const char *ns)
{
	ES_GUARD(es_xml_c14n_check_element(e, ns));
	ES_GUARD(es_xml_buf_puts(out, "<"));
	ES_GUARD(es_xml_buf_puts(out, e->name));
	ES_GUARD(es_xml_c14n_attrs(out, e));
	return es_xml_buf_puts(out, ">");
}

/* Empty elements are start-end pairs (Canonical XML 1.0 §1.1). */
static esession_status es_xml_c14n_end(es_xml_buf *out, const es_xml_node *e)
{
	ES_GUARD(es_xml_buf_puts(out, "</"));
	ES_GUARD(es_xml_buf_puts(out, e->name));
	return es_xml_buf_puts(out, ">");
}

/* Canonical form of the subtree at top, all in namespace ns. */
static esession_status es_xml_c14n_tree(es_xml_buf *out, const es_xml_node *top,
                                        const char *ns)
{
	const es_xml_node *n = top;
	for (;;) {
		if (n->kind == ES_XML_TEXT) {
			/* Text beside elements was checked to be white space
			 * by the parent's check and is dropped; text of a leaf
			 * element is content and kept. */
			if (n->parent == NULL || n->parent->n_elements == 0)
				ES_GUARD(es_xml_escape_text(out, n->text,
				                            n->text_len));
		} else {
			ES_GUARD(es_xml_c14n_start(out, n, ns));
			if (n->first != NULL) {
				n = n->first;
				continue;
			}
			ES_GUARD(es_xml_c14n_end(out, n));
		}
		while (n != top && n->next == NULL) {
			n = n->parent;
			ES_GUARD(es_xml_c14n_end(out, n));
		}
		if (n == top)
			return ESESSION_OK;
		n = n->next;
	}
}

esession_status es_xml_c14n(const es_xml_node *elem, es_xml_buf *out)
{
	ES_ENSURE(es_xml_is_element(elem) && out != NULL, ESESSION_EINVAL);
	size_t before = out->len;
	esession_status st = es_xml_c14n_tree(out, elem, elem->ns);
	if (st != ESESSION_OK)
		es_xml_buf_truncate(out, before);
	return st;
}

esession_status es_xml_c14n_children(const es_xml_node *elem, es_xml_buf *out)
{
	ES_ENSURE(es_xml_is_element(elem) && out != NULL, ESESSION_EINVAL);
	size_t before = out->len;
	esession_status st = ESESSION_OK;
	/* The content of a container (XEP-0200 <c/>) is element-only, even
	 * when no element is left in it (<mac/> removed from an empty re-key
	 * stanza): its white space is dropped, any other text refused
	 * (normalization.md rule 6). */
	for (const es_xml_node *c = elem->first; st == ESESSION_OK && c != NULL;
	     c = c->next) {
		if (c->kind == ES_XML_TEXT)
			st = es_xml_is_space_only(c->text, c->text_len)
			         ? ESESSION_OK
			         : ESESSION_EXML_MIXED_CONTENT;
		else
			st = es_xml_c14n_tree(out, c, elem->ns);
	}
	if (st != ESESSION_OK)
		es_xml_buf_truncate(out, before);
	return st;
}
