/*
 * test_xml_tree.c - building, reading, moving and copying tree nodes.
 */
#include "test_util.h"

#include "xml_serialize.h"
#include "xml_test_equal.h"
#include "xml_tree.h"

#include <string.h>

static es_xml_doc *doc;

static void setup(void)
{
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
}

static void teardown(void)
{
	es_xml_doc_free(doc);
	doc = NULL;
}

START_TEST(build_and_read)
{
	es_xml_node *msg = NULL, *body = NULL, *x = NULL;
	ck_assert_status(
	    es_xml_element_new(doc, "jabber:client", "message", &msg),
	    ESESSION_OK);
	ck_assert_status(es_xml_set_attr(msg, "", "to", "bob@example.com"),
	                 ESESSION_OK);
	ck_assert_status(es_xml_set_attr(msg, "", "type", "chat"), ESESSION_OK);
	ck_assert_status(es_xml_set_attr(msg, "", "to", "carol@example.com"),
	                 ESESSION_OK);
	ck_assert_status(es_xml_set_attr(msg, ES_XML_NS_XML, "lang", "en"),
	                 ESESSION_OK);
	ck_assert_status(es_xml_add_text_element(msg, "jabber:client", "body",
	                                         "hello", &body),
	                 ESESSION_OK);
	ck_assert_status(es_xml_add_element(msg, "jabber:x:data", "x", &x),
	                 ESESSION_OK);

	ck_assert_uint_eq(es_xml_attr_count(msg), 3);
	ck_assert_str_eq(es_xml_attr_get(msg, "", "to", NULL),
	                 "carol@example.com");
	/* Insertion order is kept; a replaced value keeps its place. */
	const es_xml_attr *a = es_xml_attr_first(msg);
	ck_assert_str_eq(es_xml_attr_name(a), "to");
	a = es_xml_attr_next(a);
	ck_assert_str_eq(es_xml_attr_name(a), "type");
	a = es_xml_attr_next(a);
	ck_assert_str_eq(es_xml_attr_ns(a), ES_XML_NS_XML);
	ck_assert_ptr_null(es_xml_attr_next(a));

	ck_assert_ptr_eq(es_xml_find_child(msg, "jabber:client", "body"), body);
	ck_assert_ptr_eq(es_xml_find_child(msg, "jabber:x:data", "x"), x);
	ck_assert_ptr_null(es_xml_find_child(msg, "jabber:client", "x"));
	ck_assert_ptr_eq(es_xml_parent(x), msg);
	ck_assert_ptr_eq(es_xml_doc_of(x), doc);
	ck_assert_uint_eq(es_xml_element_count(msg), 2);

	const char *t = NULL;
	size_t len = 99;
	ck_assert_status(es_xml_text_content(body, &t, &len), ESESSION_OK);
	ck_assert_str_eq(t, "hello");
	ck_assert_uint_eq(len, 5);
	ck_assert_status(es_xml_text_content(x, &t, &len), ESESSION_OK);
	ck_assert_str_eq(t, "");
	ck_assert_uint_eq(len, 0);
	ck_assert_status(es_xml_text_content(msg, &t, &len),
	                 ESESSION_EXML_MIXED_CONTENT);
}
END_TEST

START_TEST(find_all_matching_children)
{
	es_xml_node *f = NULL;
	ck_assert_status(es_xml_element_new(doc, "u", "field", &f),
	                 ESESSION_OK);
	ck_assert_status(es_xml_add_text_element(f, "u", "value", "1", NULL),
	                 ESESSION_OK);
	ck_assert_status(es_xml_add_text_element(f, "v", "value", "x", NULL),
	                 ESESSION_OK);
	ck_assert_status(es_xml_add_text(f, " "), ESESSION_OK);
	ck_assert_status(es_xml_add_text_element(f, "u", "value", "2", NULL),
	                 ESESSION_OK);
	const char *want[] = {"1", "2"};
	size_t i = 0;
	for (es_xml_node *v = es_xml_find_child(f, "u", "value"); v != NULL;
	     v = es_xml_find_next(v, "u", "value")) {
		const char *t = NULL;
		ck_assert_uint_lt(i, 2);
		ck_assert_status(es_xml_text_content(v, &t, NULL), ESESSION_OK);
		ck_assert_str_eq(t, want[i++]);
	}
	ck_assert_uint_eq(i, 2);
}
END_TEST

START_TEST(building_refuses_bad_input)
{
	es_xml_node *e = NULL, *t = NULL;
	ck_assert_status(es_xml_element_new(doc, "", "", &e), ESESSION_EINVAL);
	ck_assert_status(es_xml_element_new(doc, "", "p:a", &e),
	                 ESESSION_EINVAL);
	ck_assert_status(es_xml_element_new(doc, "", "1a", &e),
	                 ESESSION_EINVAL);
	ck_assert_status(es_xml_element_new(doc, "", "a b", &e),
	                 ESESSION_EINVAL);
	ck_assert_status(es_xml_element_new(doc, NULL, "a", &e),
	                 ESESSION_EINVAL);
	ck_assert_status(es_xml_element_new(doc, "\xff", "a", &e),
	                 ESESSION_EINVAL);
	ck_assert_status(es_xml_element_new(NULL, "", "a", &e),
	                 ESESSION_EINVAL);
	ck_assert_status(es_xml_element_new(doc, ES_XML_NS_XML, "a", &e),
	                 ESESSION_EINVAL);
	ck_assert_status(
	    es_xml_element_new(doc, "http://www.w3.org/2000/xmlns/", "a", &e),
	    ESESSION_EINVAL);
	ck_assert_status(es_xml_element_new(doc, "", "a-b.c_d9", &e),
	                 ESESSION_OK);
	ck_assert_status(es_xml_set_attr(e, "", "xmlns", "u"), ESESSION_EINVAL);
	ck_assert_status(
	    es_xml_set_attr(e, "http://www.w3.org/2000/xmlns/", "p", "u"),
	    ESESSION_EINVAL);
	ck_assert_status(es_xml_set_attr(e, "", "x", "\xc0\xaf"),
	                 ESESSION_EXML_UTF8);
	ck_assert_status(es_xml_set_attr(e, "", "x", "\x01"),
	                 ESESSION_EXML_UTF8);
	ck_assert_status(es_xml_set_attr(e, "", "x", NULL), ESESSION_EINVAL);
	ck_assert_status(es_xml_text_new(doc, "a\0b", 3, &t),
	                 ESESSION_EXML_NUL);
	ck_assert_status(es_xml_text_new(doc, "\xed\xa0\x80", 3, &t),
	                 ESESSION_EXML_UTF8);
	ck_assert_status(es_xml_text_new(doc, "ok", 2, &t), ESESSION_OK);
	/* A text node has no attributes or children. */
	ck_assert_status(es_xml_set_attr(t, "", "x", "1"), ESESSION_EINVAL);
	es_xml_node *c = NULL;
	ck_assert_status(es_xml_element_new(doc, "", "c", &c), ESESSION_OK);
	ck_assert_status(es_xml_append_child(t, c), ESESSION_EINVAL);
}
END_TEST

START_TEST(linking_rules)
{
	es_xml_node *a = NULL, *b = NULL, *c = NULL, *other = NULL;
	es_xml_doc *doc2 = NULL;
	ck_assert_status(es_xml_doc_new(&doc2), ESESSION_OK);
	ck_assert_status(es_xml_element_new(doc, "", "a", &a), ESESSION_OK);
	ck_assert_status(es_xml_add_element(a, "", "b", &b), ESESSION_OK);
	ck_assert_status(es_xml_add_element(b, "", "c", &c), ESESSION_OK);
	ck_assert_status(es_xml_element_new(doc2, "", "o", &other),
	                 ESESSION_OK);
	/* Attached nodes, cycles and foreign documents are refused. */
	ck_assert_status(es_xml_append_child(a, c), ESESSION_EINVAL);
	ck_assert_status(es_xml_append_child(c, a), ESESSION_EINVAL);
	ck_assert_status(es_xml_append_child(a, other), ESESSION_EINVAL);
	ck_assert_status(es_xml_append_child(a, a), ESESSION_EINVAL);
	es_xml_detach(b);
	ck_assert_status(es_xml_append_child(c, b), ESESSION_EINVAL);
	ck_assert_uint_eq(es_xml_element_count(a), 0);
	/* ref must be a child of parent. */
	ck_assert_status(es_xml_insert_before(a, b, c), ESESSION_EINVAL);
	ck_assert_status(es_xml_append_child(a, b), ESESSION_OK);
	es_xml_detach(NULL);
	es_xml_detach(a); /* detached already: no effect */
	es_xml_doc_free(doc2);
}
END_TEST

/* XEP-0200 takes <thread/>, <amp/> and <error/> out of a stanza before
 * encrypting its content and puts them back at their places. */
START_TEST(strip_and_restore)
{
	es_xml_node *m = NULL, *thread = NULL, *body = NULL, *amp = NULL;
	ck_assert_status(
	    es_xml_element_new(doc, "jabber:client", "message", &m),
	    ESESSION_OK);
	ck_assert_status(es_xml_add_text(m, " "), ESESSION_OK);
	ck_assert_status(es_xml_add_text_element(m, "jabber:client", "thread",
	                                         "t1", &thread),
	                 ESESSION_OK);
	ck_assert_status(es_xml_add_text(m, " "), ESESSION_OK);
	ck_assert_status(
	    es_xml_add_text_element(m, "jabber:client", "body", "b", &body),
	    ESESSION_OK);
	ck_assert_status(es_xml_add_element(m, "http://jabber.org/protocol/amp",
	                                    "amp", &amp),
	                 ESESSION_OK);

	es_xml_node *thread_next = es_xml_next(thread);
	es_xml_detach(thread);
	es_xml_detach(amp);
	ck_assert_uint_eq(es_xml_element_count(m), 1);
	ck_assert_ptr_eq(es_xml_first_element(m), body);
	ck_assert_ptr_null(es_xml_parent(thread));
	ck_assert_ptr_eq(es_xml_last_child(m), body);
	/* The two spaces are now adjacent text nodes. */
	ck_assert(es_xml_is_text(es_xml_first_child(m)));
	ck_assert(es_xml_is_text(es_xml_next(es_xml_first_child(m))));

	ck_assert_status(es_xml_insert_before(m, thread, thread_next),
	                 ESESSION_OK);
	ck_assert_status(es_xml_insert_before(m, amp, NULL), ESESSION_OK);
	ck_assert_ptr_eq(es_xml_first_element(m), thread);
	ck_assert_ptr_eq(es_xml_next_element(thread), body);
	ck_assert_ptr_eq(es_xml_next_element(body), amp);
	ck_assert_ptr_eq(es_xml_prev(es_xml_next(thread)), thread);
	ck_assert_uint_eq(es_xml_element_count(m), 3);

	/* Insert at the very front. */
	es_xml_detach(body);
	ck_assert_status(es_xml_insert_before(m, body, es_xml_first_child(m)),
	                 ESESSION_OK);
	ck_assert_ptr_eq(es_xml_first_child(m), body);
	ck_assert_ptr_null(es_xml_prev(body));
}
END_TEST

START_TEST(text_content_joins_adjacent_text)
{
	es_xml_node *v = NULL, *mid = NULL;
	ck_assert_status(es_xml_element_new(doc, "", "value", &v), ESESSION_OK);
	ck_assert_status(es_xml_add_text(v, "ab"), ESESSION_OK);
	ck_assert_status(es_xml_add_element(v, "", "x", &mid), ESESSION_OK);
	ck_assert_status(es_xml_add_text(v, "cd"), ESESSION_OK);
	const char *t = NULL;
	size_t len = 0;
	ck_assert_status(es_xml_text_content(v, &t, &len),
	                 ESESSION_EXML_MIXED_CONTENT);
	es_xml_detach(mid);
	ck_assert_status(es_xml_text_content(v, &t, &len), ESESSION_OK);
	ck_assert_str_eq(t, "abcd");
	ck_assert_uint_eq(len, 4);
	ck_assert_status(es_xml_text_content(NULL, &t, &len), ESESSION_EINVAL);
}
END_TEST

START_TEST(deep_copy)
{
	es_xml_node *a = NULL, *b = NULL, *copy = NULL;
	ck_assert_status(es_xml_element_new(doc, "u", "a", &a), ESESSION_OK);
	ck_assert_status(es_xml_set_attr(a, "", "k", "v"), ESESSION_OK);
	ck_assert_status(es_xml_set_attr(a, "urn:p", "k", "w"), ESESSION_OK);
	ck_assert_status(es_xml_add_element(a, "u", "b", &b), ESESSION_OK);
	ck_assert_status(es_xml_add_text_element(b, "v", "c", "text", NULL),
	                 ESESSION_OK);
	ck_assert_status(es_xml_add_text(b, "tail"), ESESSION_OK);
	ck_assert_status(es_xml_add_element(a, "u", "d", NULL), ESESSION_OK);

	es_xml_doc *doc2 = NULL;
	ck_assert_status(es_xml_doc_new(&doc2), ESESSION_OK);
	ck_assert_status(es_xml_copy(doc2, a, &copy), ESESSION_OK);
	ck_assert_ptr_eq(es_xml_doc_of(copy), doc2);
	ck_assert_ptr_null(es_xml_parent(copy));
	ck_assert(es_test_xml_equal(a, copy));
	ck_assert_ptr_eq(es_xml_doc_of(es_xml_first_element(copy)), doc2);

	/* The copy is independent of the original. */
	ck_assert_status(es_xml_set_attr(a, "", "k", "changed"), ESESSION_OK);
	ck_assert_str_eq(es_xml_attr_get(copy, "", "k", NULL), "v");
	ck_assert(!es_test_xml_equal(a, copy));

	/* Copy of a subtree inside the same document. */
	es_xml_node *bc = NULL;
	ck_assert_status(es_xml_copy(doc, b, &bc), ESESSION_OK);
	ck_assert(es_test_xml_equal(b, bc));
	ck_assert_ptr_null(es_xml_parent(bc));
	es_xml_doc_free(doc2);
}
END_TEST

START_TEST(reset_reuses_document)
{
	for (int round = 0; round < 50; round++) {
		es_xml_node *r = NULL;
		ck_assert_status(es_xml_element_new(doc, "", "r", &r),
		                 ESESSION_OK);
		for (int i = 0; i < 200; i++)
			ck_assert_status(es_xml_add_text_element(
			                     r, "", "v", "0123456789", NULL),
			                 ESESSION_OK);
		ck_assert_uint_eq(es_xml_element_count(r), 200);
		es_xml_doc_reset(doc);
	}
	es_xml_doc_free(NULL);
	es_xml_doc_reset(NULL);
}
END_TEST

/* Copy and both serializers walk the tree without recursion: a tree far
 * deeper than any parser limit must not exhaust the stack. */
START_TEST(deep_trees_do_not_recurse)
{
	enum { DEPTH = 100000 };
	es_xml_node *root = NULL, *cur = NULL, *copy = NULL;
	ck_assert_status(es_xml_element_new(doc, "u", "a", &root), ESESSION_OK);
	cur = root;
	for (int i = 0; i < DEPTH; i++)
		ck_assert_status(es_xml_add_element(cur, "u", "a", &cur),
		                 ESESSION_OK);
	ck_assert_status(es_xml_add_text(cur, "leaf"), ESESSION_OK);
	ck_assert_status(es_xml_copy(doc, root, &copy), ESESSION_OK);

	es_xml_buf out;
	es_xml_buf_init(&out, 8u * 1024u * 1024u);
	ck_assert_status(es_xml_serialize(copy, &out), ESESSION_OK);
	/* "<a xmlns=\"u\">" + DEPTH * "<a>" + "leaf" + (DEPTH+1) * "</a>" */
	ck_assert_uint_eq(out.len,
	                  13 + (size_t)DEPTH * 3 + 4 + ((size_t)DEPTH + 1) * 4);
	es_xml_buf_clear(&out);
	ck_assert_status(es_xml_c14n(copy, &out), ESESSION_OK);
	ck_assert_uint_eq(out.len,
	                  3 + (size_t)DEPTH * 3 + 4 + ((size_t)DEPTH + 1) * 4);
	ck_assert_mem_eq(out.data, "<a><a><a>", 9);
	es_xml_buf_free(&out);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("xml_tree");
	TCase *tc = tcase_create("tree");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, build_and_read);
	tcase_add_test(tc, find_all_matching_children);
	tcase_add_test(tc, building_refuses_bad_input);
	tcase_add_test(tc, linking_rules);
	tcase_add_test(tc, strip_and_restore);
	tcase_add_test(tc, text_content_joins_adjacent_text);
	tcase_add_test(tc, deep_copy);
	tcase_add_test(tc, reset_reuses_document);
	tcase_add_test(tc, deep_trees_do_not_recurse);
	suite_add_tcase(s, tc);
	return s;
}
