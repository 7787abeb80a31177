/*
 * xml_serialize.c - ordinary XML output (see xml_serialize.h).
 */
#include "xml_serialize.h"

#include "xml_escape.h"
#include "xml_tree_internal.h"

#include <stdio.h>
#include <string.h>

/* Prefix for the k-th distinct attribute namespace on one element. */
static void es_xml_prefix_name(char *dst, size_t dst_len, size_t k)
{
	(void)snprintf(dst, dst_len, "ns%zu", k);
}

/* Index among the distinct non-XML attribute namespaces of e, in order of
 * first use, of the namespace of attribute a. */
static size_t es_xml_prefix_index(const es_xml_node *e, const es_xml_attr *a)
{
	size_t k = 0;
	for (const es_xml_attr *b = e->attrs; b != a; b = b->next) {
		if (b->ns[0] == '\0' || strcmp(b->ns, ES_XML_NS_XML) == 0)
			continue;
		/* Count b only at the first attribute with its namespace. */
		bool first_use = true;
		for (const es_xml_attr *c = e->attrs; c != b; c = c->next) {
			if (strcmp(c->ns, b->ns) == 0) {
				first_use = false;
				break;
			}
		}
		if (!first_use)
			continue;
		if (strcmp(b->ns, a->ns) == 0)
			return k;
		k++;
	}
	return k;
}

static esession_status es_xml_put_attr(es_xml_buf *out, const char *prefix,
                                       const char *name, const char *value,
                                       size_t value_len)
{
	ES_GUARD(es_xml_buf_puts(out, " "));
	if (prefix != NULL) {
		ES_GUARD(es_xml_buf_puts(out, prefix));
		ES_GUARD(es_xml_buf_puts(out, ":"));
	}
	ES_GUARD(es_xml_buf_puts(out, name));
	ES_GUARD(es_xml_buf_puts(out, "=\""));
	ES_GUARD(es_xml_escape_attr(out, value, value_len));
	return es_xml_buf_puts(out, "\"");
}

/* Start tag of e; default_ns is the default namespace in scope. */
static esession_status es_xml_put_start(es_xml_buf *out, const es_xml_node *e,
                                        const char *default_ns)
{
	char prefix[32];
	ES_GUARD(es_xml_buf_puts(out, "<"));
	ES_GUARD(es_xml_buf_puts(out, e->name));
	if (strcmp(e->ns, default_ns) != 0)
		ES_GUARD(
		    es_xml_put_attr(out, NULL, "xmlns", e->ns, strlen(e->ns)));
	/* Declarations for attribute namespaces, once each. */
	for (const es_xml_attr *a = e->attrs; a != NULL; a = a->next) {
		if (a->ns[0] == '\0' || strcmp(a->ns, ES_XML_NS_XML) == 0)
			continue;
		size_t k = es_xml_prefix_index(e, a);
		bool declared = false;
		for (const es_xml_attr *b = e->attrs; b != a; b = b->next)
			declared = declared || strcmp(b->ns, a->ns) == 0;
		if (declared)
			continue;
		es_xml_prefix_name(prefix, sizeof(prefix), k);
		ES_GUARD(es_xml_put_attr(out, "xmlns", prefix, a->ns,
		                         strlen(a->ns)));
	}
	for (const es_xml_attr *a = e->attrs; a != NULL; a = a->next) {
		const char *pfx = NULL;
		if (strcmp(a->ns, ES_XML_NS_XML) == 0) {
			pfx = "xml";
		} else if (a->ns[0] != '\0') {
			es_xml_prefix_name(prefix, sizeof(prefix),
			                   es_xml_prefix_index(e, a));
			pfx = prefix;
		}
		ES_GUARD(
		    es_xml_put_attr(out, pfx, a->name, a->value, a->value_len));
	}
	return es_xml_buf_puts(out, e->first != NULL ? ">" : "/>");
}

static esession_status es_xml_put_end(es_xml_buf *out, const es_xml_node *e)
{
	if (e->first == NULL)
		return ESESSION_OK; /* written as <a/> */
	ES_GUARD(es_xml_buf_puts(out, "</"));
	ES_GUARD(es_xml_buf_puts(out, e->name));
	return es_xml_buf_puts(out, ">");
}

/* Serialize the subtree at top, whose parent's default namespace is
 * top_default. Iterative pre-order walk with explicit end tags. */
static esession_status es_xml_put_tree(es_xml_buf *out, const es_xml_node *top,
                                       const char *top_default)
{
	const es_xml_node *n = top;
	for (;;) {
		if (n->kind == ES_XML_TEXT) {
			ES_GUARD(es_xml_escape_text(out, n->text, n->text_len));
		} else {
			const char *dflt =
			    n == top ? top_default : n->parent->ns;
			ES_GUARD(es_xml_put_start(out, n, dflt));
			if (n->first != NULL) {
				n = n->first;
				continue;
			}
		}
		/* n is finished: close ancestors that have no more children. */
		while (n != top && n->next == NULL) {
			n = n->parent;
			ES_GUARD(es_xml_put_end(out, n));
		}
		if (n == top)
			return ESESSION_OK;
		n = n->next;
	}
}

esession_status es_xml_serialize(const es_xml_node *node, es_xml_buf *out)
{
	ES_ENSURE(node != NULL && out != NULL, ESESSION_EINVAL);
	size_t before = out->len;
	esession_status st = es_xml_put_tree(out, node, "");
	if (st != ESESSION_OK)
		es_xml_buf_truncate(out, before);
	return st;
}

esession_status es_xml_serialize_children(const es_xml_node *elem,
                                          es_xml_buf *out)
{
	ES_ENSURE(es_xml_is_element(elem) && out != NULL, ESESSION_EINVAL);
	size_t before = out->len;
	esession_status st = ESESSION_OK;
	for (const es_xml_node *c = elem->first; c != NULL; c = c->next) {
		st = es_xml_put_tree(out, c, elem->ns);
		if (st != ESESSION_OK)
			break;
	}
	if (st != ESESSION_OK)
		es_xml_buf_truncate(out, before);
	return st;
}
