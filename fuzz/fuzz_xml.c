/*
 * fuzz_xml.c - the stanza XML parser, the canonicalizer and the wire
 * serializer (esession/xml).
 *
 * Input: any bytes, parsed as one stanza with a parser that is reused
 * across iterations (as sessions reuse theirs). What parsed must
 * round-trip: serialize -> parse succeeds and serializing again gives the
 * same bytes (xml_serialize.h promises "re-parses to an equal tree"). The
 * canonical form (c14n and c14n of the children) may refuse a tree, but
 * when it succeeds it must give the same bytes for the re-parsed tree.
 */
#include "fuzz_common.h"

#include "xml_buf.h"
#include "xml_parse.h"
#include "xml_serialize.h"
#include "xml_tree.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The serializer adds namespace declarations (a default namespace where an
 * element's differs from its parent's, a prefix per namespaced attribute)
 * and character references, so the re-parse allows for the growth. */
static es_xml_parser *reparser(void)
{
	static es_xml_parser *parser;
	if (parser == NULL) {
		es_xml_limits l;
		es_xml_limits_default(&l);
		l.max_input *= 8;
		l.max_attrs = 2 * l.max_attrs + 1;
		fz_ok(es_xml_parser_new(&parser, &l), "reparser");
	}
	return parser;
}

/* c14n (whole element, or children only) of a tree: status and bytes. */
static esession_status c14n_of(const es_xml_node *root, bool children,
                               es_xml_buf *out)
{
	return children ? es_xml_c14n_children(root, out)
	                : es_xml_c14n(root, out);
}

static void check_c14n(const es_xml_node *a, const es_xml_node *b,
                       bool children)
{
	es_xml_buf ca, cb;
	es_xml_buf_init(&ca, 0);
	es_xml_buf_init(&cb, 0);
	esession_status sa = c14n_of(a, children, &ca);
	esession_status sb = c14n_of(b, children, &cb);
	fz_assert(sa == sb, "c14n: same status for the re-parsed tree");
	if (sa == ESESSION_OK)
		fz_assert(fz_same(ca.data, ca.len, cb.data, cb.len),
		          "c14n: same bytes for the re-parsed tree");
	es_xml_buf_free(&ca);
	es_xml_buf_free(&cb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static es_xml_parser *parser;
	fz_init();
	if (parser == NULL)
		fz_ok(es_xml_parser_new(&parser, NULL), "parser");

	es_xml_doc *doc = NULL, *doc2 = NULL;
	es_xml_buf s1, s2;
	es_xml_buf_init(&s1, 0);
	es_xml_buf_init(&s2, 0);
	fz_ok(es_xml_doc_new(&doc), "doc");
	fz_ok(es_xml_doc_new(&doc2), "doc");

	es_xml_node *root = NULL;
	if (es_xml_parse(parser, doc, data, size, &root) != ESESSION_OK) {
		fz_assert(root == NULL, "root NULL on failure");
		goto out;
	}
	fz_ok(es_xml_serialize(root, &s1), "serialize what parsed");

	es_xml_node *root2 = NULL;
	fz_ok(es_xml_parse(reparser(), doc2, s1.data, s1.len, &root2),
	      "re-parse the serialized tree");
	fz_ok(es_xml_serialize(root2, &s2), "serialize the re-parsed tree");
	fz_assert(fz_same(s1.data, s1.len, s2.data, s2.len),
	          "serialize is a fixed point of parse");

	check_c14n(root, root2, false);
	check_c14n(root, root2, true);

	/* The content serializer on its own (what <c/> encrypts). */
	es_xml_buf_clear(&s2);
	esession_status st = es_xml_serialize_children(root, &s2);
	fz_assert(st == ESESSION_OK || st == ESESSION_EBUFSIZE,
	          "serialize_children of a parsed tree");
out:
	es_xml_buf_free(&s1);
	es_xml_buf_free(&s2);
	es_xml_doc_free(doc);
	es_xml_doc_free(doc2);
	return 0;
}
