/*
 * test_xml_serialize.c - the ordinary serializer (round trips) and the
 * canonical form of spec/normalization.md. Every expected byte string
 * below was written by hand from the rules in spec/normalization.md, not
 * produced by this code.
 */
#include "test_util.h"

#include "xml_parse.h"
#include "xml_serialize.h"
#include "xml_test_equal.h"

#include <string.h>

static es_xml_parser *parser;
static es_xml_doc *doc;
static es_xml_buf out;

static void setup(void)
{
	ck_assert_status(es_xml_parser_new(&parser, NULL), ESESSION_OK);
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_xml_buf_init(&out, 0);
}

static void teardown(void)
{
	es_xml_buf_free(&out);
	es_xml_doc_free(doc);
	es_xml_parser_free(parser);
}

static es_xml_node *parse_ok(const char *s)
{
	es_xml_node *root = NULL;
	ck_assert_status(
	    es_xml_parse(parser, doc, (const uint8_t *)s, strlen(s), &root),
	    ESESSION_OK);
	return root;
}

static void assert_out(const char *want)
{
	ck_assert_ptr_nonnull(out.data);
	ck_assert_uint_eq(out.len, strlen(want));
	ck_assert_str_eq((const char *)out.data, want);
}

/* Canonical form of a parsed input must be exactly want. */
static void c14n_is(const char *in, const char *want)
{
	es_xml_buf_clear(&out);
	ck_assert_status(es_xml_c14n(parse_ok(in), &out), ESESSION_OK);
	assert_out(want);
}

static void c14n_fails(const char *in, esession_status want)
{
	es_xml_buf_clear(&out);
	ck_assert_status(es_xml_buf_append(&out, "keep", 4), ESESSION_OK);
	ck_assert_status(es_xml_c14n(parse_ok(in), &out), want);
	/* Nothing half-written is left behind. */
	assert_out("keep");
}

/* ---- ordinary serializer ---------------------------------------------- */

static void round_trip(const char *in)
{
	es_xml_node *a = parse_ok(in);
	es_xml_buf_clear(&out);
	ck_assert_status(es_xml_serialize(a, &out), ESESSION_OK);
	es_xml_node *b = NULL;
	ck_assert_status(es_xml_parse(parser, doc, out.data, out.len, &b),
	                 ESESSION_OK);
	ck_assert_msg(es_test_xml_equal(a, b), "round trip of %s gave %s", in,
	              (const char *)out.data);
}

START_TEST(serialize_round_trips)
{
	static const char *const cases[] = {
	    "<a/>",
	    "<message xmlns='jabber:client' to='b@example.com' type='chat'>"
	    "\n  <body>caf\xc3\xa9 &amp; &lt;tag&gt; \"q\" 'a'</body>\n"
	    "  <x xmlns='jabber:x:data' type='form'><field var='v'/></x>"
	    "<y xmlns=''><z/></y></message>",
	    "<a x='&#9;&#10;&#13;&amp;&lt;&gt;&quot;&apos; ' y=''>&#13;\n"
	    "\t]]&gt;</a>",
	    "<p:a xmlns:p='urn:p' xmlns:q='urn:q' p:x='1' q:y='2' q:z='3' "
	    "xml:lang='en' w='0'><p:b p:x='4'/><c xmlns='urn:p'/></p:a>",
	    "<a><![CDATA[<not a tag> & ]]]></a>",
	    "<a xmlns='urn:x'><b xmlns='urn:y'><c xmlns='urn:x'>t</c></b></a>",
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(cases); i++)
		round_trip(cases[i]);
}
END_TEST

START_TEST(serialize_exact_output)
{
	es_xml_buf_clear(&out);
	ck_assert_status(es_xml_serialize(parse_ok("<a xmlns='u'><b xmlns='' "
	                                           "k='&apos;\"'/>t&#13;</a>"),
	                                  &out),
	                 ESESSION_OK);
	assert_out("<a xmlns=\"u\"><b xmlns=\"\" k=\"'&quot;\"/>t&#xD;</a>");

	es_xml_buf_clear(&out);
	ck_assert_status(es_xml_serialize(parse_ok("<a xmlns:p='urn:p' p:x='1' "
	                                           "xml:lang='de'/>"),
	                                  &out),
	                 ESESSION_OK);
	assert_out("<a xmlns:ns0=\"urn:p\" ns0:x=\"1\" xml:lang=\"de\"/>");
}
END_TEST

START_TEST(serialize_children_for_encryption)
{
	es_xml_node *m = parse_ok(
	    "<message xmlns='jabber:client' to='b'><body>hi</body>"
	    "<x xmlns='jabber:x:event'><composing/></x>text</message>");
	es_xml_buf_clear(&out);
	ck_assert_status(es_xml_serialize_children(m, &out), ESESSION_OK);
	assert_out("<body>hi</body><x xmlns=\"jabber:x:event\"><composing/>"
	           "</x>text");

	/* Parsed back inside the stanza, the content is the same. */
	es_xml_buf wrapped;
	es_xml_buf_init(&wrapped, 0);
	ck_assert_status(es_xml_buf_puts(&wrapped, "<message "
	                                           "xmlns='jabber:client' "
	                                           "to='b'>"),
	                 ESESSION_OK);
	ck_assert_status(es_xml_buf_append(&wrapped, out.data, out.len),
	                 ESESSION_OK);
	ck_assert_status(es_xml_buf_puts(&wrapped, "</message>"), ESESSION_OK);
	es_xml_node *m2 = NULL;
	ck_assert_status(
	    es_xml_parse(parser, doc, wrapped.data, wrapped.len, &m2),
	    ESESSION_OK);
	ck_assert(es_test_xml_equal(m, m2));
	es_xml_buf_free(&wrapped);
}
END_TEST

START_TEST(serialize_buffer_limit)
{
	es_xml_buf small;
	es_xml_buf_init(&small, 8);
	ck_assert_status(es_xml_buf_puts(&small, "x"), ESESSION_OK);
	ck_assert_status(es_xml_serialize(parse_ok("<abc>defgh</abc>"), &small),
	                 ESESSION_EBUFSIZE);
	ck_assert_uint_eq(small.len, 1);
	ck_assert_status(es_xml_c14n(parse_ok("<abc>defgh</abc>"), &small),
	                 ESESSION_EBUFSIZE);
	ck_assert_uint_eq(small.len, 1);
	es_xml_buf_free(&small);
	ck_assert_status(es_xml_serialize(NULL, &out), ESESSION_EINVAL);
	ck_assert_status(es_xml_c14n(NULL, &out), ESESSION_EINVAL);
}
END_TEST

/* ---- canonical form --------------------------------------------------- */

/* spec/normalization.md rule 1: the element itself, start tag included,
 * without its namespace declaration; rule 6: white space between elements
 * removed. */
START_TEST(c14n_form_root)
{
	c14n_is(
	    "<x xmlns='jabber:x:data' type='submit'>\n"
	    "  <field var='FORM_TYPE'>\n"
	    "    <value>urn:xmpp:ssn</value>\n"
	    "  </field>\n"
	    "  <field var='accept'><value>1</value></field>\n"
	    "</x>",
	    "<x type=\"submit\"><field var=\"FORM_TYPE\"><value>urn:xmpp:ssn"
	    "</value></field><field var=\"accept\"><value>1</value></field>"
	    "</x>");
}
END_TEST

/* Rule 3: attributes in lexicographic (byte) order of their names. */
START_TEST(c14n_attribute_order)
{
	c14n_is("<x xmlns='jabber:x:data' type='form'><field var='b' "
	        "type='list-single' label='L'/></x>",
	        "<x type=\"form\"><field label=\"L\" type=\"list-single\" "
	        "var=\"b\"></field></x>");
	c14n_is("<a z='1' a='2' m='3' A='4' aa='5' _='6'/>",
	        "<a A=\"4\" _=\"6\" a=\"2\" aa=\"5\" m=\"3\" z=\"1\"></a>");
}
END_TEST

/* Rule 2 (double quotes) and rule 5 (escaping). */
START_TEST(c14n_quotes_and_escaping)
{
	c14n_is("<a b='x&amp;&lt;&gt;&quot;&apos;&#9;&#10;&#13;'>"
	        "&amp;&lt;&gt;&quot;&apos;&#13;&#9;&#10;</a>",
	        "<a b=\"x&amp;&lt;>&quot;'&#x9;&#xA;&#xD;\">"
	        "&amp;&lt;&gt;\"'&#xD;\t\n</a>");
	/* Character references to ordinary characters are expanded. */
	c14n_is("<a b='&#x41;&#233;'>&#x42;&#x20AC;</a>",
	        "<a b=\"A\xc3\xa9\">B\xe2\x82\xac</a>");
	/* CDATA becomes escaped text. */
	c14n_is("<a><![CDATA[<&>]]></a>", "<a>&lt;&amp;&gt;</a>");
}
END_TEST

/* Rule 4: empty elements as start-end pairs. */
START_TEST(c14n_empty_elements)
{
	c14n_is("<field var='x'><required/><value/></field>",
	        "<field var=\"x\"><required></required><value></value>"
	        "</field>");
}
END_TEST

/* Rule 6: white space between elements is dropped; text of a leaf element
 * is kept exactly, white space included; other text beside elements is an
 * error. */
START_TEST(c14n_character_data)
{
	c14n_is("<a> \t\r\n<b> x </b>\n<c>  </c> </a>",
	        "<a><b> x </b><c>  </c></a>");
	c14n_fails("<a><b/>text</a>", ESESSION_EXML_MIXED_CONTENT);
	c14n_fails("<a>text<b/></a>", ESESSION_EXML_MIXED_CONTENT);
	c14n_fails("<a><b><c/>\xc2\xa0</b></a>", ESESSION_EXML_MIXED_CONTENT);
}
END_TEST

/* Rule 1: no namespace declarations or prefixes; what they would say must
 * be implied by the root element. */
START_TEST(c14n_namespaces)
{
	c14n_is("<p:KeyValue xmlns:p='http://www.w3.org/2000/09/xmldsig#'>"
	        "<p:RSAKeyValue xmlns='http://www.w3.org/2000/09/xmldsig#'>"
	        "<Modulus>AQID</Modulus><p:Exponent>AQAB</p:Exponent>"
	        "</p:RSAKeyValue></p:KeyValue>",
	        "<KeyValue><RSAKeyValue><Modulus>AQID</Modulus><Exponent>AQAB"
	        "</Exponent></RSAKeyValue></KeyValue>");
	c14n_fails("<a xmlns='u'><b xmlns='v'/></a>",
	           ESESSION_EXML_C14N_NAMESPACE);
	c14n_fails("<a xmlns='u'><b xmlns=''/></a>",
	           ESESSION_EXML_C14N_NAMESPACE);
	c14n_fails("<a xmlns:p='u' p:x='1'/>", ESESSION_EXML_C14N_NAMESPACE);
	c14n_fails("<a xml:lang='en'/>", ESESSION_EXML_C14N_NAMESPACE);
}
END_TEST

/* XEP-0200 §"Encrypting a Stanza": m_content is the <c/> content without
 * <mac/>, white space removed, e.g. '<data>...</data><new>1</new>'. */
START_TEST(c14n_children_xep0200_content)
{
	es_xml_node *c =
	    parse_ok("<c xmlns='http://www.xmpp.org/extensions/xep-0200.html"
	             "#ns'>\n    <data>aGVsbG8=</data>\n    <new>1</new>\n"
	             "    <mac>bWFj</mac>\n  </c>");
	es_xml_node *mac = es_xml_find_child(
	    c, "http://www.xmpp.org/extensions/xep-0200.html#ns", "mac");
	ck_assert_ptr_nonnull(mac);
	es_xml_detach(mac);
	es_xml_buf_clear(&out);
	ck_assert_status(es_xml_c14n_children(c, &out), ESESSION_OK);
	assert_out("<data>aGVsbG8=</data><new>1</new>");

	es_xml_buf_clear(&out);
	ck_assert_status(es_xml_c14n_children(parse_ok("<c><d/>x</c>"), &out),
	                 ESESSION_EXML_MIXED_CONTENT);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_status(es_xml_c14n_children(parse_ok("<c xmlns='u'><d "
	                                               "xmlns='v'/></c>"),
	                                      &out),
	                 ESESSION_EXML_C14N_NAMESPACE);
	ck_assert_uint_eq(out.len, 0);
	/* The content is element-only even without elements: an empty
	 * re-key <c/> whose <mac/> was removed gives the empty string. */
	c = parse_ok("<c xmlns='u'>\n  <mac>bWFj</mac>\n</c>");
	es_xml_detach(es_xml_first_element(c));
	ck_assert_status(es_xml_c14n_children(c, &out), ESESSION_OK);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_status(es_xml_c14n_children(parse_ok("<c>x</c>"), &out),
	                 ESESSION_EXML_MIXED_CONTENT);
	ck_assert_uint_eq(out.len, 0);
}
END_TEST

/* The canonical form does not depend on how the same tree was written. */
START_TEST(c14n_is_independent_of_serialization)
{
	static const char *const same[] = {
	    "<x xmlns='jabber:x:data' type='form'><field var='a' "
	    "type='hidden'><value>1</value></field></x>",
	    "<x type=\"form\" xmlns=\"jabber:x:data\">\n <field type=\"hidden\""
	    "\n   var=\"a\"><value>&#49;</value></field>\n</x>\n",
	    "<d:x xmlns:d='jabber:x:data' type='form'><d:field var='a' "
	    "type='hidden'><d:value><![CDATA[1]]></d:value></d:field></d:x>",
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(same); i++)
		c14n_is(same[i], "<x type=\"form\"><field type=\"hidden\" "
		                 "var=\"a\"><value>1</value></field></x>");
}
END_TEST

/* Deterministic mutations of a stanza: whatever the parser accepts must
 * serialize, re-parse to an equal tree, and canonicalize or fail with a
 * canonical-form status; whatever it refuses gets an XML status. The
 * mutation stream is a fixed linear congruential generator, so a failure
 * is reproducible from the iteration number. */
START_TEST(mutated_stanzas)
{
	static const char base[] =
	    "<message xmlns='jabber:client' to='b@example.com' type='chat'>"
	    "<body>caf\xc3\xa9 &amp; &lt;x&gt;</body>"
	    "<c xmlns='http://www.xmpp.org/extensions/xep-0200.html#ns'>"
	    "<data>aGVsbG8=</data><new>1</new></c>"
	    "<p:x xmlns:p='urn:p' p:k='v' xml:lang='en'><![CDATA[1]]></p:x>"
	    "</message>";
	static const char pool[] = "<>&;'\"/=:x !?#[]\xc3\xa9\x80\xff\t";
	uint32_t rng = 0x2545F491u;
	size_t accepted = 0;
	char work[sizeof(base) * 2];
	for (int iter = 0; iter < 4000; iter++) {
		size_t len = sizeof(base) - 1;
		memcpy(work, base, len);
		int edits = 1 + iter % 3;
		for (int e = 0; e < edits && len > 1; e++) {
			rng = rng * 1664525u + 1013904223u;
			size_t pos = (rng >> 8) % len;
			rng = rng * 1664525u + 1013904223u;
			char c = pool[(rng >> 8) % (sizeof(pool) - 1)];
			switch ((rng >> 24) % 3) {
			case 0: work[pos] = c; break;
			case 1: /* delete one byte */
				memmove(work + pos, work + pos + 1,
				        len - pos - 1);
				len--;
				break;
			default: /* insert one byte */
				if (len + 1 < sizeof(work)) {
					memmove(work + pos + 1, work + pos,
					        len - pos);
					work[pos] = c;
					len++;
				}
				break;
			}
		}
		es_xml_doc_reset(doc);
		es_xml_node *a = NULL;
		esession_status st =
		    es_xml_parse(parser, doc, (const uint8_t *)work, len, &a);
		if (st != ESESSION_OK) {
			ck_assert_msg(st >= ESESSION_EXML_SYNTAX &&
			                  st <= ESESSION_EXML_COMMENT,
			              "iteration %d: status %d", iter, (int)st);
			ck_assert_ptr_null(a);
			continue;
		}
		accepted++;
		es_xml_buf_clear(&out);
		ck_assert_status(es_xml_serialize(a, &out), ESESSION_OK);
		es_xml_node *b = NULL;
		ck_assert_status(
		    es_xml_parse(parser, doc, out.data, out.len, &b),
		    ESESSION_OK);
		ck_assert_msg(es_test_xml_equal(a, b), "iteration %d", iter);
		es_xml_buf_clear(&out);
		st = es_xml_c14n(a, &out);
		ck_assert_msg(st == ESESSION_OK ||
		                  st == ESESSION_EXML_MIXED_CONTENT ||
		                  st == ESESSION_EXML_C14N_NAMESPACE,
		              "iteration %d: c14n %d", iter, (int)st);
	}
	/* Some mutations (inside text, say) keep the stanza well-formed. */
	ck_assert_uint_gt(accepted, 100);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("xml_serialize");
	TCase *tc = tcase_create("serialize");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, serialize_round_trips);
	tcase_add_test(tc, serialize_exact_output);
	tcase_add_test(tc, serialize_children_for_encryption);
	tcase_add_test(tc, serialize_buffer_limit);
	tcase_add_test(tc, mutated_stanzas);
	suite_add_tcase(s, tc);

	tc = tcase_create("c14n");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, c14n_form_root);
	tcase_add_test(tc, c14n_attribute_order);
	tcase_add_test(tc, c14n_quotes_and_escaping);
	tcase_add_test(tc, c14n_empty_elements);
	tcase_add_test(tc, c14n_character_data);
	tcase_add_test(tc, c14n_namespaces);
	tcase_add_test(tc, c14n_children_xep0200_content);
	tcase_add_test(tc, c14n_is_independent_of_serialization);
	suite_add_tcase(s, tc);
	return s;
}
