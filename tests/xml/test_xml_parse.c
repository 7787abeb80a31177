/*
 * test_xml_parse.c - the stanza parser: trees it builds, limits, and every
 * refusal with its exact status (hostile inputs).
 */
#include "test_util.h"

#include "xml_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static es_xml_parser *parser;
static es_xml_doc *doc;

static void setup(void)
{
	ck_assert_status(es_xml_parser_new(&parser, NULL), ESESSION_OK);
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
}

static void teardown(void)
{
	es_xml_doc_free(doc);
	es_xml_parser_free(parser);
	doc = NULL;
	parser = NULL;
}

static esession_status parse_n(const char *s, size_t len, es_xml_node **root)
{
	es_xml_node *dummy = NULL;
	return es_xml_parse(parser, doc, (const uint8_t *)s, len,
	                    root != NULL ? root : &dummy);
}

static esession_status parse(const char *s)
{
	return parse_n(s, strlen(s), NULL);
}

static char *repeat(const char *head, const char *unit, size_t count,
                    const char *tail);

/* XEP-0200 §"Sending an Encrypted Stanza" example, with the placeholders
 * replaced and a non-ASCII body to cut inside multi-byte characters. */
static const char real_stanza[] =
    "<message from='alice@example.org/pda' to='bob@example.com/laptop' "
    "type='chat'>\n"
    "  <thread>ffd7076498744578d10edabfe7f4a866</thread>\n"
    "  <body>caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92 &amp; &lt;ok&gt; "
    "&#x41;</body>\n"
    "  <c xmlns='http://www.xmpp.org/extensions/xep-0200.html#ns'>\n"
    "    <data>aGVsbG8=</data>\n"
    "    <new>1</new>\n"
    "    <mac>bWFj</mac>\n"
    "  </c>\n"
    "  <amp xmlns='http://jabber.org/protocol/amp' per-hop='true'>\n"
    "    <rule action='error' condition='match-resource' value='exact'/>\n"
    "  </amp>\n"
    "</message>";

START_TEST(parse_builds_tree)
{
	es_xml_node *root = NULL;
	ck_assert_status(parse_n(real_stanza, strlen(real_stanza), &root),
	                 ESESSION_OK);
	ck_assert_str_eq(es_xml_name(root), "message");
	ck_assert_str_eq(es_xml_ns(root), "");
	ck_assert_ptr_null(es_xml_parent(root));
	ck_assert_str_eq(es_xml_attr_get(root, "", "type", NULL), "chat");
	ck_assert_ptr_null(es_xml_attr_get(root, "", "id", NULL));
	ck_assert_uint_eq(es_xml_attr_count(root), 3);
	ck_assert_uint_eq(es_xml_element_count(root), 4);

	const char *text = NULL;
	size_t len = 0;
	es_xml_node *body = es_xml_find_child(root, "", "body");
	ck_assert_ptr_nonnull(body);
	ck_assert_status(es_xml_text_content(body, &text, &len), ESESSION_OK);
	ck_assert_str_eq(text, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92 & "
	                       "<ok> A");
	ck_assert_uint_eq(len, strlen(text));

	const char *c_ns = "http://www.xmpp.org/extensions/xep-0200.html#ns";
	es_xml_node *c = es_xml_find_child(root, c_ns, "c");
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_null(es_xml_find_child(root, "", "c"));
	es_xml_node *data = es_xml_first_element(c);
	ck_assert(es_xml_is(data, c_ns, "data"));
	ck_assert(es_xml_is(es_xml_next_element(data), c_ns, "new"));
	ck_assert_status(es_xml_text_content(c, &text, &len),
	                 ESESSION_EXML_MIXED_CONTENT);

	es_xml_node *amp =
	    es_xml_find_child(root, "http://jabber.org/protocol/amp", "amp");
	es_xml_node *rule =
	    es_xml_find_child(amp, "http://jabber.org/protocol/amp", "rule");
	ck_assert_str_eq(es_xml_attr_get(rule, "", "condition", NULL),
	                 "match-resource");
	ck_assert_ptr_null(es_xml_first_child(rule));

	/* White space between elements is kept as text nodes. */
	ck_assert(es_xml_is_text(es_xml_first_child(root)));
	ck_assert_str_eq(es_xml_text(es_xml_first_child(root), NULL), "\n  ");
}
END_TEST

START_TEST(parse_namespaces_and_attributes)
{
	es_xml_node *root = NULL;
	const char *s = "<p:a xmlns:p='urn:p' xmlns='urn:d' p:x='1' y='2' "
	                "xml:lang='en'><b/><p:c/><d xmlns=''/></p:a>";
	ck_assert_status(parse_n(s, strlen(s), &root), ESESSION_OK);
	ck_assert(es_xml_is(root, "urn:p", "a"));
	ck_assert_str_eq(es_xml_attr_get(root, "urn:p", "x", NULL), "1");
	ck_assert_ptr_null(es_xml_attr_get(root, "", "x", NULL));
	ck_assert_str_eq(es_xml_attr_get(root, "", "y", NULL), "2");
	ck_assert_str_eq(es_xml_attr_get(root, ES_XML_NS_XML, "lang", NULL),
	                 "en");
	/* Declarations are not attributes of the tree. */
	ck_assert_uint_eq(es_xml_attr_count(root), 3);
	es_xml_node *b = es_xml_first_element(root);
	ck_assert(es_xml_is(b, "urn:d", "b"));
	ck_assert(es_xml_is(es_xml_next_element(b), "urn:p", "c"));
	ck_assert(es_xml_is(es_xml_last_child(root), "", "d"));
}
END_TEST

START_TEST(parse_normalises_and_expands)
{
	es_xml_node *root = NULL;
	/* Attribute-value normalisation (XML 1.0 §3.3.3) turns literal TAB
	 * and LF into spaces; character references survive. CR LF in text
	 * becomes LF (§2.11). CDATA is plain text. */
	const char *s = "<a v='x\ty\nz&#9;&#10;&apos;&quot;'>1\r\n2&#13;"
	                "<![CDATA[<&>]]></a>";
	ck_assert_status(parse_n(s, strlen(s), &root), ESESSION_OK);
	ck_assert_str_eq(es_xml_attr_get(root, "", "v", NULL), "x y z\t\n'\"");
	const char *text = NULL;
	ck_assert_status(es_xml_text_content(root, &text, NULL), ESESSION_OK);
	ck_assert_str_eq(text, "1\n2\r<&>");
	/* Adjacent character data forms one text node. */
	ck_assert_ptr_eq(es_xml_first_child(root), es_xml_last_child(root));
}
END_TEST

START_TEST(parse_allows_surrounding_space)
{
	ck_assert_status(parse(" \r\n\t<a/>\n \t"), ESESSION_OK);
}
END_TEST

START_TEST(parser_is_reusable)
{
	/* Errors leave nothing behind: the next parse works. */
	for (int i = 0; i < 100; i++) {
		ck_assert_status(parse("<a><b x='1'>t</b></a>"), ESESSION_OK);
		ck_assert_status(parse("<a><b></a>"), ESESSION_EXML_SYNTAX);
		ck_assert_status(parse("<!DOCTYPE a><a/>"),
		                 ESESSION_EXML_DOCTYPE);
		es_xml_doc_reset(doc);
	}
}
END_TEST

START_TEST(parse_failure_leaves_doc_unchanged)
{
	es_xml_node *root = NULL;
	ck_assert_status(parse_n("<a/>", 4, &root), ESESSION_OK);
	es_xml_node *bad = root;
	ck_assert_status(parse_n("<a><b><c></c></b>", 17, &bad),
	                 ESESSION_EXML_TRUNCATED);
	ck_assert_ptr_null(bad);
	/* The first tree is still valid after the failed parse. */
	ck_assert_str_eq(es_xml_name(root), "a");
}
END_TEST

/* A failure after the tree has grown past the arena's first block frees
 * the later blocks again, and the earlier tree survives. */
START_TEST(parse_failure_rewinds_large_tree)
{
	es_xml_node *first = NULL;
	ck_assert_status(parse_n("<keep a='1'/>", 13, &first), ESESSION_OK);
	char *s = repeat("<a>", "<b x='0123456789'>text</b>", 1000, "<c>");
	es_xml_node *root = NULL;
	ck_assert_status(parse_n(s, strlen(s), &root), ESESSION_EXML_TRUNCATED);
	free(s);
	ck_assert_str_eq(es_xml_attr_get(first, "", "a", NULL), "1");
	s = repeat("<a>", "<b x='0123456789'>text</b>", 1000, "</a>");
	ck_assert_status(parse_n(s, strlen(s), &root), ESESSION_OK);
	ck_assert_uint_eq(es_xml_element_count(root), 1000);
	free(s);
}
END_TEST

START_TEST(parse_invalid_arguments)
{
	es_xml_node *root = NULL;
	ck_assert_status(
	    es_xml_parse(NULL, doc, (const uint8_t *)"<a/>", 4, &root),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_xml_parse(parser, NULL, (const uint8_t *)"<a/>", 4, &root),
	    ESESSION_EINVAL);
	ck_assert_status(es_xml_parse(parser, doc, NULL, 4, &root),
	                 ESESSION_EINVAL);
	ck_assert_status(
	    es_xml_parse(parser, doc, (const uint8_t *)"<a/>", 4, NULL),
	    ESESSION_EINVAL);
	es_xml_limits lim;
	es_xml_limits_default(&lim);
	lim.max_depth = 0;
	es_xml_parser *p2 = NULL;
	ck_assert_status(es_xml_parser_new(&p2, &lim), ESESSION_EINVAL);
	ck_assert_status(es_xml_parser_new(NULL, NULL), ESESSION_EINVAL);
}
END_TEST

/* ---- refusals --------------------------------------------------------- */

START_TEST(refuse_billion_laughs)
{
	/* The classic attack (without the XML declaration, which would be
	 * refused first as a PI): the first entity declaration stops it. */
	const char *lol =
	    "<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ELEMENT lolz (#PCDATA)>\n"
	    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    "]>\n<lolz>&lol3;</lolz>";
	ck_assert_status(parse(lol), ESESSION_EXML_ENTITY);
	/* Element declarations before the entities change nothing. */
	ck_assert_status(parse("<!DOCTYPE a [<!ELEMENT a ANY><!ATTLIST a x "
	                       "CDATA 'd'><!ENTITY e 'x'>]><a>&e;</a>"),
	                 ESESSION_EXML_ENTITY);
	/* Parameter entities too. */
	ck_assert_status(parse("<!DOCTYPE a [<!ENTITY % p 'x'> %p;]><a/>"),
	                 ESESSION_EXML_ENTITY);
	/* With the declaration: the first defect in document order wins. */
	ck_assert_status(parse("<?xml version='1.0'?>\n<!DOCTYPE a [<!ENTITY "
	                       "e 'x'>]><a>&e;</a>"),
	                 ESESSION_EXML_PI);
}
END_TEST

START_TEST(refuse_external_entity)
{
	ck_assert_status(parse("<!DOCTYPE a [<!ENTITY e SYSTEM "
	                       "\"file:///etc/passwd\">]><a>&e;</a>"),
	                 ESESSION_EXML_ENTITY);
	ck_assert_status(parse("<!DOCTYPE a [<!ENTITY % e SYSTEM "
	                       "\"http://example.com/x.dtd\"> %e;]><a/>"),
	                 ESESSION_EXML_ENTITY);
	/* An external DTD is a DOCTYPE and is never fetched. */
	ck_assert_status(parse("<!DOCTYPE a SYSTEM \"file:///etc/passwd\">"
	                       "<a>&e;</a>"),
	                 ESESSION_EXML_DOCTYPE);
}
END_TEST

START_TEST(refuse_doctype)
{
	ck_assert_status(parse("<!DOCTYPE x><x/>"), ESESSION_EXML_DOCTYPE);
	ck_assert_status(parse("<!DOCTYPE x [<!ELEMENT x EMPTY>]><x/>"),
	                 ESESSION_EXML_DOCTYPE);
	ck_assert_status(parse("<!DOCTYPE x []><x/>"), ESESSION_EXML_DOCTYPE);
}
END_TEST

START_TEST(refuse_entity_references)
{
	ck_assert_status(parse("<a>&e;</a>"), ESESSION_EXML_ENTITY);
	ck_assert_status(parse("<a x='&e;'/>"), ESESSION_EXML_ENTITY);
	ck_assert_status(parse("<a>&nbsp;</a>"), ESESSION_EXML_ENTITY);
	/* The five predefined entities and character references are fine. */
	ck_assert_status(parse("<a x='&amp;&lt;&gt;&apos;&quot;&#65;&#x42;'>"
	                       "&amp;&lt;&gt;&apos;&quot;&#65;&#x42;</a>"),
	                 ESESSION_OK);
}
END_TEST

START_TEST(refuse_processing_instructions)
{
	ck_assert_status(parse("<?xml version='1.0'?><a/>"), ESESSION_EXML_PI);
	ck_assert_status(parse("<?xml version='1.0' encoding='ISO-8859-1'?>"
	                       "<a/>"),
	                 ESESSION_EXML_PI);
	ck_assert_status(parse("<?pi data?><a/>"), ESESSION_EXML_PI);
	ck_assert_status(parse("<a><?pi data?></a>"), ESESSION_EXML_PI);
	ck_assert_status(parse("<a/><?pi data?>"), ESESSION_EXML_PI);
	ck_assert_status(parse("<a><?xml version='1.0'?></a>"),
	                 ESESSION_EXML_PI);
}
END_TEST

START_TEST(refuse_comments)
{
	ck_assert_status(parse("<!-- x --><a/>"), ESESSION_EXML_COMMENT);
	ck_assert_status(parse("<a><!-- x --></a>"), ESESSION_EXML_COMMENT);
	ck_assert_status(parse("<a/><!-- x -->"), ESESSION_EXML_COMMENT);
}
END_TEST

START_TEST(refuse_nul)
{
	ck_assert_status(parse_n("<a>\0</a>", 8, NULL), ESESSION_EXML_NUL);
	ck_assert_status(parse_n("<a/>\0", 5, NULL), ESESSION_EXML_NUL);
	ck_assert_status(parse_n("\0<a/>", 5, NULL), ESESSION_EXML_NUL);
	/* NUL wins over other defects, even earlier ones. */
	ck_assert_status(parse_n("<!DOCTYPE a><a>\xff\0</a>", 21, NULL),
	                 ESESSION_EXML_NUL);
	/* A character reference to NUL is not a NUL byte but a bad
	 * reference. */
	ck_assert_status(parse("<a>&#0;</a>"), ESESSION_EXML_UTF8);
}
END_TEST

START_TEST(refuse_invalid_utf8)
{
	static const char *const bad[] = {
	    "<a>\xc0\xaf</a>",         /* overlong '/' */
	    "<a>\xe0\x80\xaf</a>",     /* overlong, 3 bytes */
	    "<a>\xf0\x80\x80\xaf</a>", /* overlong, 4 bytes */
	    "<a>\xc1\xbf</a>",         /* overlong lead C1 */
	    "<a>\xed\xa0\x80</a>",     /* surrogate U+D800 */
	    "<a>\xed\xbf\xbf</a>",     /* surrogate U+DFFF */
	    "<a>\xf4\x90\x80\x80</a>", /* U+110000 */
	    "<a>\xf5\x80\x80\x80</a>", /* lead F5 */
	    "<a>\xff</a>",             /* never valid */
	    "<a>\x80</a>",             /* lone continuation */
	    "<a>\xc3</a>",             /* truncated 2-byte sequence */
	    "<a>\xe2\x82</a>",         /* truncated 3-byte sequence */
	    "<a>\xf0\x9f\x94</a>",     /* truncated 4-byte sequence */
	    "<a x='\xc3('/>",          /* bad continuation, attribute */
	    "<\xc3\xa9\xed\xa0\x80/>", /* surrogate in a name */
	    "<a>\xef\xbf\xbe</a>",     /* U+FFFE is not a Char */
	    "<a>\xef\xbf\xbf</a>",     /* U+FFFF */
	    "<a>\x01</a>",             /* C0 control */
	    "<a>\x1f</a>",             /* C0 control */
	    "<a x='\x0b'/>",           /* C0 control in attribute */
	    "<a>&#xFFFE;</a>",         /* reference to a non-Char */
	    "<a>&#xD800;</a>",         /* reference to a surrogate */
	    "<a>&#x1;</a>",            /* reference to C0 */
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(bad); i++) {
		esession_status st = parse(bad[i]);
		ck_assert_msg(st == ESESSION_EXML_UTF8, "case %zu: %d", i,
		              (int)st);
	}
	/* Valid edges: U+007F..U+0080, U+FFFD, U+10FFFF, C1 controls. */
	ck_assert_status(parse("<a>\x7f\xc2\x80\xc2\x9f\xef\xbf\xbd"
	                       "\xf4\x8f\xbf\xbf\xed\x9f\xbf\xee\x80\x80</a>"),
	                 ESESSION_OK);
}
END_TEST

START_TEST(refuse_namespace_errors)
{
	ck_assert_status(parse("<p:a/>"), ESESSION_EXML_NAMESPACE);
	ck_assert_status(parse("<a p:x='1'/>"), ESESSION_EXML_NAMESPACE);
	ck_assert_status(parse("<a xmlns:p='u'/><!-- -->"),
	                 ESESSION_EXML_COMMENT);
	ck_assert_status(parse("<a xmlns:p='u'><b/></a>"), ESESSION_OK);
	ck_assert_status(parse("<a><p:b xmlns:q='u'/></a>"),
	                 ESESSION_EXML_NAMESPACE);
	ck_assert_status(parse("<a xmlns:xml='urn:other'/>"),
	                 ESESSION_EXML_NAMESPACE);
	ck_assert_status(parse("<a xmlns:xmlns='urn:other'/>"),
	                 ESESSION_EXML_NAMESPACE);
	ck_assert_status(
	    parse("<a xmlns:p='http://www.w3.org/XML/1998/namespace'/>"),
	    ESESSION_EXML_NAMESPACE);
	ck_assert_status(parse("<a xmlns:p='http://www.w3.org/2000/xmlns/'/>"),
	                 ESESSION_EXML_NAMESPACE);
	ck_assert_status(parse("<a xmlns:p=''/>"), ESESSION_EXML_NAMESPACE);
	/* Binding xml to its own namespace is allowed (XML Names §3). */
	ck_assert_status(
	    parse("<a xmlns:xml='http://www.w3.org/XML/1998/namespace'/>"),
	    ESESSION_OK);
	/* An element in the XML namespace could not be written back. */
	ck_assert_status(parse("<xml:a/>"), ESESSION_EXML_NAMESPACE);
	ck_assert_status(parse("<a><xml:b/></a>"), ESESSION_EXML_NAMESPACE);
	/* Same expanded attribute name twice. */
	ck_assert_status(parse("<a xmlns:p='u' xmlns:q='u' p:x='1' q:x='2'/>"),
	                 ESESSION_EXML_SYNTAX);
}
END_TEST

START_TEST(refuse_syntax_errors)
{
	static const char *const bad[] = {
	    "<a/>x",     /* trailing text */
	    "<a/><b/>",  /* second root */
	    "<a/>junk<", /* trailing garbage */
	    "x<a/>",     /* leading text */
	    "<a></b>",   /* mismatched tags */
	    "<a x='1' x='2'/>",
	    "<a x=1/>", /* unquoted attribute */
	    "<a><</a>",
	    "<a>]]></a>",
	    "<1a/>",
	    "\xef\xbb\xbf<a/>", /* byte order mark */
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(bad); i++) {
		esession_status st = parse(bad[i]);
		ck_assert_msg(st == ESESSION_EXML_SYNTAX, "case %zu: %d", i,
		              (int)st);
	}
}
END_TEST

START_TEST(refuse_truncated)
{
	ck_assert_status(parse(""), ESESSION_EXML_TRUNCATED);
	ck_assert_status(parse("  "), ESESSION_EXML_TRUNCATED);
	ck_assert_status(parse("<a"), ESESSION_EXML_TRUNCATED);
	ck_assert_status(parse("<a>"), ESESSION_EXML_TRUNCATED);
	ck_assert_status(parse("<a><b/>"), ESESSION_EXML_TRUNCATED);
	ck_assert_status(parse("<a x='1"), ESESSION_EXML_TRUNCATED);
	ck_assert_status(parse("<a><![CDATA[x"), ESESSION_EXML_TRUNCATED);
	ck_assert_status(parse("<a>&am"), ESESSION_EXML_TRUNCATED);
	ck_assert_status(parse("<a>\xe2\x82"), ESESSION_EXML_TRUNCATED);
}
END_TEST

/* Every strict prefix of a real stanza is refused as truncated or not
 * well-formed: never accepted, never another status, never a crash. */
START_TEST(truncated_at_every_byte)
{
	size_t n = strlen(real_stanza);
	size_t truncated = 0;
	for (size_t cut = 0; cut < n; cut++) {
		/* A private copy so that memcheck sees reads past the cut. */
		char *copy = malloc(cut + 1);
		ck_assert_ptr_nonnull(copy);
		memcpy(copy, real_stanza, cut);
		esession_status st = parse_n(copy, cut, NULL);
		free(copy);
		ck_assert_msg(st == ESESSION_EXML_TRUNCATED ||
		                  st == ESESSION_EXML_SYNTAX,
		              "prefix of %zu bytes: %d", cut, (int)st);
		if (st == ESESSION_EXML_TRUNCATED)
			truncated++;
	}
	/* expat reports every cut of this stanza as an early end. */
	ck_assert_uint_eq(truncated, n);
	ck_assert_status(parse_n(real_stanza, n, NULL), ESESSION_OK);
}
END_TEST

/* ---- limits ----------------------------------------------------------- */

static char *repeat(const char *head, const char *unit, size_t count,
                    const char *tail)
{
	size_t n = strlen(head) + strlen(unit) * count + strlen(tail) + 1;
	char *s = malloc(n);
	ck_assert_ptr_nonnull(s);
	strcpy(s, head);
	char *p = s + strlen(head);
	for (size_t i = 0; i < count; i++) {
		memcpy(p, unit, strlen(unit));
		p += strlen(unit);
	}
	strcpy(p, tail);
	return s;
}

static char *nested(size_t depth)
{
	char *open = repeat("", "<a>", depth, "");
	char *s = repeat(open, "</a>", depth, "");
	free(open);
	return s;
}

START_TEST(limit_depth)
{
	char *s = nested(32);
	ck_assert_status(parse(s), ESESSION_OK);
	free(s);
	s = nested(33);
	ck_assert_status(parse(s), ESESSION_EXML_TOO_DEEP);
	free(s);
	s = nested(10000);
	ck_assert_status(parse(s), ESESSION_EXML_TOO_DEEP);
	free(s);
	/* 10000 open tags, never closed: the depth limit comes first. */
	s = repeat("", "<a>", 10000, "");
	ck_assert_status(parse(s), ESESSION_EXML_TOO_DEEP);
	free(s);
}
END_TEST

START_TEST(limit_input_size)
{
	/* A 1 MiB attribute is refused for its size before parsing. */
	char *s = repeat("<a x='", "y", 1024 * 1024, "'/>");
	ck_assert_status(parse(s), ESESSION_EXML_TOO_LARGE);
	/* Exactly at the limit is fine. */
	size_t head = strlen("<a>"), tail = strlen("</a>");
	char *t =
	    repeat("<a>", "z", ES_XML_DEFAULT_MAX_INPUT - head - tail, "</a>");
	ck_assert_uint_eq(strlen(t), ES_XML_DEFAULT_MAX_INPUT);
	ck_assert_status(parse(t), ESESSION_EXML_TEXT_TOO_LONG);
	free(t);

	/* With the input limit raised, the attribute limit catches it. */
	es_xml_limits lim;
	es_xml_limits_default(&lim);
	lim.max_input = 2 * 1024 * 1024;
	es_xml_parser *big = NULL;
	ck_assert_status(es_xml_parser_new(&big, &lim), ESESSION_OK);
	es_xml_node *root = NULL;
	ck_assert_status(
	    es_xml_parse(big, doc, (const uint8_t *)s, strlen(s), &root),
	    ESESSION_EXML_ATTR_TOO_LONG);
	es_xml_parser_free(big);
	free(s);
}
END_TEST

START_TEST(limit_attributes)
{
	/* 32 distinct attributes pass, 33 do not. */
	char buf[1024];
	size_t off = (size_t)snprintf(buf, sizeof(buf), "<a");
	for (int i = 0; i < 32; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off,
		                        " a%d='v'", i);
	snprintf(buf + off, sizeof(buf) - off, "/>");
	ck_assert_status(parse(buf), ESESSION_OK);
	snprintf(buf + off, sizeof(buf) - off, " a32='v'/>");
	ck_assert_status(parse(buf), ESESSION_EXML_TOO_MANY_ATTRS);
	/* Namespace declarations count as attributes. */
	snprintf(buf + off, sizeof(buf) - off, " xmlns:p='u'/>");
	ck_assert_status(parse(buf), ESESSION_EXML_TOO_MANY_ATTRS);
	snprintf(buf + off, sizeof(buf) - off, " xmlns='u'/>");
	ck_assert_status(parse(buf), ESESSION_EXML_TOO_MANY_ATTRS);
}
END_TEST

START_TEST(limit_children)
{
	char *s = repeat("<a>", "<b/>", 1024, "</a>");
	ck_assert_status(parse(s), ESESSION_OK);
	free(s);
	s = repeat("<a>", "<b/>", 1025, "</a>");
	ck_assert_status(parse(s), ESESSION_EXML_TOO_MANY_CHILDREN);
	free(s);
	/* Text between the children does not count. */
	s = repeat("<a>", "<b/> ", 1024, "</a>");
	ck_assert_status(parse(s), ESESSION_OK);
	free(s);
}
END_TEST

START_TEST(limit_lengths)
{
	es_xml_limits lim;
	es_xml_limits_default(&lim);
	lim.max_attr_len = 8;
	lim.max_text_len = 8;
	es_xml_parser *small = NULL;
	ck_assert_status(es_xml_parser_new(&small, &lim), ESESSION_OK);
	struct {
		const char *in;
		esession_status want;
	} cases[] = {
	    {"<a x='12345678'>12345678</a>", ESESSION_OK},
	    {"<a x='123456789'/>", ESESSION_EXML_ATTR_TOO_LONG},
	    /* Lengths count the value after expansion. */
	    {"<a x='&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;'/>", ESESSION_OK},
	    {"<a x='&#x20AC;&#x20AC;&#x20AC;'/>", ESESSION_EXML_ATTR_TOO_LONG},
	    {"<a>123456789</a>", ESESSION_EXML_TEXT_TOO_LONG},
	    {"<a>1234<![CDATA[56789]]></a>", ESESSION_EXML_TEXT_TOO_LONG},
	    {"<a>1234<b/>5678</a>", ESESSION_OK},
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(cases); i++) {
		es_xml_node *root = NULL;
		esession_status st =
		    es_xml_parse(small, doc, (const uint8_t *)cases[i].in,
		                 strlen(cases[i].in), &root);
		ck_assert_msg(st == cases[i].want, "case %zu: %d", i, (int)st);
	}
	es_xml_parser_free(small);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("xml_parse");
	TCase *tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_builds_tree);
	tcase_add_test(tc, parse_namespaces_and_attributes);
	tcase_add_test(tc, parse_normalises_and_expands);
	tcase_add_test(tc, parse_allows_surrounding_space);
	tcase_add_test(tc, parser_is_reusable);
	tcase_add_test(tc, parse_failure_leaves_doc_unchanged);
	tcase_add_test(tc, parse_failure_rewinds_large_tree);
	tcase_add_test(tc, parse_invalid_arguments);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, refuse_billion_laughs);
	tcase_add_test(tc, refuse_external_entity);
	tcase_add_test(tc, refuse_doctype);
	tcase_add_test(tc, refuse_entity_references);
	tcase_add_test(tc, refuse_processing_instructions);
	tcase_add_test(tc, refuse_comments);
	tcase_add_test(tc, refuse_nul);
	tcase_add_test(tc, refuse_invalid_utf8);
	tcase_add_test(tc, refuse_namespace_errors);
	tcase_add_test(tc, refuse_syntax_errors);
	tcase_add_test(tc, refuse_truncated);
	tcase_add_test(tc, truncated_at_every_byte);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, limit_depth);
	tcase_add_test(tc, limit_input_size);
	tcase_add_test(tc, limit_attributes);
	tcase_add_test(tc, limit_children);
	tcase_add_test(tc, limit_lengths);
	suite_add_tcase(s, tc);
	return s;
}
