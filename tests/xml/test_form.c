/*
 * test_form.c - XEP-0004 data forms: the XEP-0116 example forms, round
 * trips through the tree and the canonical form, builders, and every error
 * status.
 */
#include "test_util.h"

#include "form.h"
#include "xml_parse.h"
#include "xml_serialize.h"

#include <stdio.h>
#include <string.h>

static es_xml_parser *parser;
static es_xml_doc *doc;
static es_xml_buf buf_a, buf_b;

static void setup(void)
{
	ck_assert_status(es_xml_parser_new(&parser, NULL), ESESSION_OK);
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_xml_buf_init(&buf_a, 0);
	es_xml_buf_init(&buf_b, 0);
}

static void teardown(void)
{
	es_xml_buf_free(&buf_a);
	es_xml_buf_free(&buf_b);
	es_xml_doc_free(doc);
	es_xml_parser_free(parser);
}

static es_xml_node *parse_xml(const char *s)
{
	es_xml_node *root = NULL;
	ck_assert_status(
	    es_xml_parse(parser, doc, (const uint8_t *)s, strlen(s), &root),
	    ESESSION_OK);
	return root;
}

/* XEP-0116 §"ESession Request (Alice)", the 4-message request, with each
 * "** ... **" placeholder replaced by a base64 string. */
static const char xep0116_request[] =
    "<message from='alice@example.org/pda' to='bob@example.com'>\n"
    "  <thread>ffd7076498744578d10edabfe7f4a866</thread>\n"
    "  <feature xmlns='http://jabber.org/protocol/feature-neg'>\n"
    "    <x type='form' xmlns='jabber:x:data'>\n"
    "      <field type='hidden' var='FORM_TYPE'>\n"
    "        <value>urn:xmpp:ssn</value>\n"
    "      </field>\n"
    "      <field type='boolean' var='accept'>\n"
    "        <value>1</value>\n"
    "        <required/>\n"
    "      </field>\n"
    "      <field type='list-single' var='logging'>\n"
    "        <option><value>false</value></option>\n"
    "        <option><value>true</value></option>\n"
    "        <required/>\n"
    "      </field>\n"
    "      <field type='list-single' var='disclosure'>\n"
    "        <option><value>never</value></option>\n"
    "        <required/>\n"
    "      </field>\n"
    "      <field type='list-single' var='security'>\n"
    "        <option><value>e2e</value></option>\n"
    "        <option><value>c2s</value></option>\n"
    "        <required/>\n"
    "      </field>\n"
    "      <field type='list-single' var='modp'>\n"
    "        <option><value>5</value></option>\n"
    "        <option><value>14</value></option>\n"
    "        <option><value>2</value></option>\n"
    "        <option><value>1</value></option>\n"
    "      </field>\n"
    "      <field type='list-single' var='crypt_algs'>\n"
    "        <option><value>aes256-ctr</value></option>\n"
    "        <option><value>twofish256-ctr</value></option>\n"
    "        <option><value>aes128-ctr</value></option>\n"
    "      </field>\n"
    "      <field type='list-single' var='hash_algs'>\n"
    "        <option><value>whirlpool</value></option>\n"
    "        <option><value>sha256</value></option>\n"
    "      </field>\n"
    "      <field type='list-single' var='sign_algs'>\n"
    "        <option><value>http://www.w3.org/2000/09/xmldsig#rsa-sha256"
    "</value></option>\n"
    "        <option><value>http://www.w3.org/2000/09/xmldsig#dsa-sha256"
    "</value></option>\n"
    "      </field>\n"
    "      <field type='list-single' var='compress'>\n"
    "        <option><value>none</value></option>\n"
    "      </field>\n"
    "      <field type='list-multi' var='stanzas'>\n"
    "        <option><value>message</value></option>\n"
    "        <option><value>iq</value></option>\n"
    "        <option><value>presence</value></option>\n"
    "      </field>\n"
    "      <field type='list-single' var='init_pubkey'>\n"
    "        <option><value>key</value></option>\n"
    "        <option><value>hash</value></option>\n"
    "        <option><value>none</value></option>\n"
    "      </field>\n"
    "      <field type='list-single' var='resp_pubkey'>\n"
    "        <option><value>key</value></option>\n"
    "        <option><value>hash</value></option>\n"
    "        <option><value>none</value></option>\n"
    "      </field>\n"
    "      <field type='list-single' var='ver'>\n"
    "        <option><value>1.3</value></option>\n"
    "        <option><value>1.2</value></option>\n"
    "      </field>\n"
    "      <field type='text-single' var='rekey_freq'>\n"
    "        <value>1</value>\n"
    "      </field>\n"
    "      <field type='hidden' var='my_nonce'>\n"
    "        <value>QWxpY2UncyBub25jZQ==</value>\n"
    "      </field>\n"
    "      <field type='list-single' var='sas_algs'>\n"
    "        <option><value>sas28x5</value></option>\n"
    "      </field>\n"
    "      <field type='hidden' var='dhhashes'>\n"
    "        <value>SGU1</value>\n"
    "        <value>SGUxNA==</value>\n"
    "        <value>SGUy</value>\n"
    "        <value>SGUx</value>\n"
    "      </field>\n"
    "    </x>\n"
    "  </feature>\n"
    "  <amp xmlns='http://jabber.org/protocol/amp' per-hop='true'>\n"
    "    <rule action='drop' condition='deliver' value='stored'/>\n"
    "  </amp>\n"
    "</message>";

/* XEP-0116 §"ESession Response (Bob)", placeholders replaced. */
static const char xep0116_response[] =
    "<message from='bob@example.com/laptop' to='alice@example.org/pda'>\n"
    "  <thread>ffd7076498744578d10edabfe7f4a866</thread>\n"
    "  <feature xmlns='http://jabber.org/protocol/feature-neg'>\n"
    "    <x type='submit' xmlns='jabber:x:data'>\n"
    "      <field var='FORM_TYPE'>\n"
    "        <value>urn:xmpp:ssn</value>\n"
    "      </field>\n"
    "      <field var='accept'><value>1</value></field>\n"
    "      <field var='logging'><value>true</value></field>\n"
    "      <field var='disclosure'><value>never</value></field>\n"
    "      <field var='security'><value>e2e</value></field>\n"
    "      <field var='modp'><value>5</value></field>\n"
    "      <field var='crypt_algs'><value>aes256-ctr</value></field>\n"
    "      <field var='hash_algs'><value>sha256</value></field>\n"
    "      <field var='sign_algs'><value>"
    "http://www.w3.org/2000/09/xmldsig#rsa-sha256</value></field>\n"
    "      <field var='compress'><value>none</value></field>\n"
    "      <field var='stanzas'><value>message</value></field>\n"
    "      <field var='init_pubkey'><value>hash</value></field>\n"
    "      <field var='resp_pubkey'><value>hash</value></field>\n"
    "      <field var='ver'><value>1.3</value></field>\n"
    "      <field var='rekey_freq'><value>50</value></field>\n"
    "      <field var='my_nonce'>\n"
    "        <value>Qm9iJ3Mgbm9uY2U=</value>\n"
    "      </field>\n"
    "      <field var='sas_algs'><value>sas28x5</value></field>\n"
    "      <field var='dhkeys'>\n"
    "        <value>ZA==</value>\n"
    "      </field>\n"
    "      <field var='nonce'>\n"
    "        <value>QWxpY2UncyBub25jZQ==</value>\n"
    "      </field>\n"
    "      <field var='counter'>\n"
    "        <value>AAAAAAAAAAAAAAAAAAAAAA==</value>\n"
    "      </field>\n"
    "    </x>\n"
    "  </feature>\n"
    "</message>";

/* The canonical form (spec/normalization.md) of the response's <x/>,
 * written by hand: form_B of XEP-0116 §"Generating Bob's Identity". */
static const char xep0116_response_c14n[] =
    "<x type=\"submit\">"
    "<field var=\"FORM_TYPE\"><value>urn:xmpp:ssn</value></field>"
    "<field var=\"accept\"><value>1</value></field>"
    "<field var=\"logging\"><value>true</value></field>"
    "<field var=\"disclosure\"><value>never</value></field>"
    "<field var=\"security\"><value>e2e</value></field>"
    "<field var=\"modp\"><value>5</value></field>"
    "<field var=\"crypt_algs\"><value>aes256-ctr</value></field>"
    "<field var=\"hash_algs\"><value>sha256</value></field>"
    "<field var=\"sign_algs\"><value>"
    "http://www.w3.org/2000/09/xmldsig#rsa-sha256</value></field>"
    "<field var=\"compress\"><value>none</value></field>"
    "<field var=\"stanzas\"><value>message</value></field>"
    "<field var=\"init_pubkey\"><value>hash</value></field>"
    "<field var=\"resp_pubkey\"><value>hash</value></field>"
    "<field var=\"ver\"><value>1.3</value></field>"
    "<field var=\"rekey_freq\"><value>50</value></field>"
    "<field var=\"my_nonce\"><value>Qm9iJ3Mgbm9uY2U=</value></field>"
    "<field var=\"sas_algs\"><value>sas28x5</value></field>"
    "<field var=\"dhkeys\"><value>ZA==</value></field>"
    "<field var=\"nonce\"><value>QWxpY2UncyBub25jZQ==</value></field>"
    "<field var=\"counter\"><value>AAAAAAAAAAAAAAAAAAAAAA==</value>"
    "</field>"
    "</x>";

static const es_xml_node *form_of(const es_xml_node *message)
{
	const es_xml_node *feature = es_xml_find_child(
	    message, "http://jabber.org/protocol/feature-neg", "feature");
	ck_assert_ptr_nonnull(feature);
	const es_xml_node *x = es_xml_find_child(feature, ES_FORM_NS, "x");
	ck_assert_ptr_nonnull(x);
	return x;
}

static void assert_strv(const char *const *got, size_t n,
                        const char *const *want, size_t want_n)
{
	ck_assert_uint_eq(n, want_n);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(got[i], want[i]);
}

START_TEST(parse_xep0116_request)
{
	es_form *form = NULL;
	ck_assert_status(
	    es_form_parse(form_of(parse_xml(xep0116_request)), NULL, &form),
	    ESESSION_OK);
	ck_assert_int_eq(es_form_get_type(form), ES_FORM_TYPE_FORM);
	ck_assert_uint_eq(es_form_field_count(form), 18);
	ck_assert_ptr_null(es_form_title(form));

	const char *v = NULL;
	ck_assert_status(es_form_form_type(form, &v), ESESSION_OK);
	ck_assert_str_eq(v, "urn:xmpp:ssn");
	bool b = false;
	ck_assert_status(es_form_boolean(form, "accept", &b), ESESSION_OK);
	ck_assert(b);
	const es_form_field *accept = es_form_field_find(form, "accept");
	ck_assert(es_form_field_required(accept));
	ck_assert_int_eq(es_form_field_type_of(accept), ES_FORM_FIELD_BOOLEAN);
	ck_assert(!es_form_field_required(es_form_field_find(form, "modp")));

	const char *const *opts = NULL;
	size_t n = 0;
	ck_assert_status(es_form_options(form, "modp", &opts, &n), ESESSION_OK);
	const char *const modp[] = {"5", "14", "2", "1"};
	assert_strv(opts, n, modp, 4);
	ck_assert_status(es_form_options(form, "stanzas", &opts, &n),
	                 ESESSION_OK);
	const char *const stanzas[] = {"message", "iq", "presence"};
	assert_strv(opts, n, stanzas, 3);
	ck_assert_int_eq(
	    es_form_field_type_of(es_form_field_find(form, "stanzas")),
	    ES_FORM_FIELD_LIST_MULTI);
	/* No option carries a label. */
	ck_assert_ptr_null(
	    es_form_field_option_labels(es_form_field_find(form, "modp"))[0]);

	ck_assert_status(es_form_values(form, "dhhashes", &opts, &n),
	                 ESESSION_OK);
	const char *const he[] = {"SGU1", "SGUxNA==", "SGUy", "SGUx"};
	assert_strv(opts, n, he, 4);
	ck_assert_status(es_form_single_value(form, "rekey_freq", &v),
	                 ESESSION_OK);
	ck_assert_str_eq(v, "1");
	ck_assert_status(es_form_single_value(form, "dhhashes", &v),
	                 ESESSION_EFORM_VALUES);
	ck_assert_status(es_form_single_value(form, "modp", &v),
	                 ESESSION_EFORM_VALUES);
	ck_assert_status(es_form_single_value(form, "dhkeys", &v),
	                 ESESSION_EFORM_FIELD_MISSING);
	ck_assert_status(es_form_options(form, "dhkeys", &opts, &n),
	                 ESESSION_EFORM_FIELD_MISSING);
	ck_assert_status(es_form_values(form, "dhkeys", &opts, &n),
	                 ESESSION_EFORM_FIELD_MISSING);
	ck_assert_status(es_form_boolean(form, "modp", &b),
	                 ESESSION_EFORM_VALUES);
	ck_assert_status(es_form_boolean(form, "rekey_freq", &b), ESESSION_OK);
	ck_assert_status(es_form_boolean(form, "ver", &b),
	                 ESESSION_EFORM_VALUES);
	es_form_free(form);
}
END_TEST

START_TEST(parse_xep0116_response)
{
	es_form *form = NULL;
	ck_assert_status(
	    es_form_parse(form_of(parse_xml(xep0116_response)), NULL, &form),
	    ESESSION_OK);
	ck_assert_int_eq(es_form_get_type(form), ES_FORM_TYPE_SUBMIT);
	ck_assert_uint_eq(es_form_field_count(form), 20);
	const es_form_field *f = es_form_field_at(form, 19);
	ck_assert_str_eq(es_form_field_var(f), "counter");
	ck_assert_ptr_null(es_form_field_at(form, 20));
	/* No type attribute in a submit form: left to context. */
	ck_assert_int_eq(es_form_field_type_of(f), ES_FORM_FIELD_UNSPECIFIED);
	ck_assert(!es_form_field_type_given(f));
	const char *v = NULL;
	ck_assert_status(es_form_single_value(form, "counter", &v),
	                 ESESSION_OK);
	ck_assert_str_eq(v, "AAAAAAAAAAAAAAAAAAAAAA==");
	ck_assert_status(es_form_single_value(form, "sign_algs", &v),
	                 ESESSION_OK);
	ck_assert_str_eq(v, "http://www.w3.org/2000/09/xmldsig#rsa-sha256");
	ck_assert_status(es_form_form_type(form, &v), ESESSION_OK);
	ck_assert_str_eq(v, "urn:xmpp:ssn");
	es_form_free(form);
}
END_TEST

/* form_B: the canonical form of the response's <x/>, compared with the
 * hand-written bytes, both from the received tree and from the tree that
 * es_form_to_xml rebuilds from the parsed model. */
START_TEST(response_canonical_form)
{
	const es_xml_node *x = form_of(parse_xml(xep0116_response));
	ck_assert_status(es_xml_c14n(x, &buf_a), ESESSION_OK);
	ck_assert_str_eq((const char *)buf_a.data, xep0116_response_c14n);

	es_form *form = NULL;
	es_xml_node *rebuilt = NULL;
	ck_assert_status(es_form_parse(x, NULL, &form), ESESSION_OK);
	ck_assert_status(es_form_to_xml(form, doc, &rebuilt), ESESSION_OK);
	ck_assert_status(es_xml_c14n(rebuilt, &buf_b), ESESSION_OK);
	ck_assert_str_eq((const char *)buf_b.data, xep0116_response_c14n);
	es_form_free(form);
}
END_TEST

/* Request: parse -> model -> tree gives the same canonical bytes as the
 * tree received, and the serialized tree parses back to the same form. */
START_TEST(request_round_trip)
{
	const es_xml_node *x = form_of(parse_xml(xep0116_request));
	ck_assert_status(es_xml_c14n(x, &buf_a), ESESSION_OK);
	es_form *form = NULL;
	es_xml_node *rebuilt = NULL;
	ck_assert_status(es_form_parse(x, NULL, &form), ESESSION_OK);
	ck_assert_status(es_form_to_xml(form, doc, &rebuilt), ESESSION_OK);
	ck_assert_status(es_xml_c14n(rebuilt, &buf_b), ESESSION_OK);
	ck_assert_uint_eq(buf_a.len, buf_b.len);
	ck_assert_mem_eq(buf_a.data, buf_b.data, buf_a.len);

	es_xml_buf_clear(&buf_b);
	ck_assert_status(es_xml_serialize(rebuilt, &buf_b), ESESSION_OK);
	es_xml_node *again = NULL;
	ck_assert_status(
	    es_xml_parse(parser, doc, buf_b.data, buf_b.len, &again),
	    ESESSION_OK);
	es_form *form2 = NULL;
	ck_assert_status(es_form_parse(again, NULL, &form2), ESESSION_OK);
	ck_assert_uint_eq(es_form_field_count(form2), 18);
	es_form_free(form2);
	es_form_free(form);
}
END_TEST

/* Build part of the request with the API; its canonical form is the one
 * written by hand from spec/normalization.md. */
START_TEST(build_form)
{
	es_form *form = NULL;
	es_form_field *f = NULL;
	ck_assert_status(es_form_new(ES_FORM_TYPE_FORM, NULL, &form),
	                 ESESSION_OK);
	ck_assert_status(es_form_set_title(form, "T & <t>"), ESESSION_OK);
	ck_assert_status(es_form_add_instructions(form, "one"), ESESSION_OK);
	ck_assert_status(es_form_add_instructions(form, "two"), ESESSION_OK);
	ck_assert_status(
	    es_form_add_field(form, "FORM_TYPE", ES_FORM_FIELD_HIDDEN, &f),
	    ESESSION_OK);
	ck_assert_status(es_form_field_add_value(f, "urn:xmpp:ssn"),
	                 ESESSION_OK);
	ck_assert_status(
	    es_form_add_field(form, "accept", ES_FORM_FIELD_BOOLEAN, &f),
	    ESESSION_OK);
	ck_assert_status(es_form_field_add_value(f, "1"), ESESSION_OK);
	es_form_field_set_required(f, true);
	ck_assert_status(
	    es_form_add_field(form, "modp", ES_FORM_FIELD_LIST_SINGLE, &f),
	    ESESSION_OK);
	ck_assert_status(es_form_field_set_label(f, "Group"), ESESSION_OK);
	ck_assert_status(es_form_field_set_desc(f, "MODP group"), ESESSION_OK);
	ck_assert_status(es_form_field_add_option(f, "g14", "14"), ESESSION_OK);
	ck_assert_status(es_form_field_add_option(f, NULL, "5"), ESESSION_OK);
	ck_assert_status(es_form_add_field(form, NULL, ES_FORM_FIELD_FIXED, &f),
	                 ESESSION_OK);
	ck_assert_status(es_form_add_field(form, NULL, ES_FORM_FIELD_FIXED, &f),
	                 ESESSION_OK);
	ck_assert_status(es_form_field_add_value(f, "section"), ESESSION_OK);
	ck_assert_status(
	    es_form_add_field(form, "plain", ES_FORM_FIELD_UNSPECIFIED, &f),
	    ESESSION_OK);
	ck_assert_int_eq(es_form_field_type_of(f), ES_FORM_FIELD_TEXT_SINGLE);

	es_xml_node *x = NULL;
	ck_assert_status(es_form_to_xml(form, doc, &x), ESESSION_OK);
	ck_assert_status(es_xml_c14n(x, &buf_a), ESESSION_OK);
	ck_assert_str_eq(
	    (const char *)buf_a.data,
	    "<x type=\"form\"><title>T &amp; &lt;t&gt;</title>"
	    "<instructions>one</instructions><instructions>two</instructions>"
	    "<field type=\"hidden\" var=\"FORM_TYPE\"><value>urn:xmpp:ssn"
	    "</value></field>"
	    "<field type=\"boolean\" var=\"accept\"><value>1</value>"
	    "<required></required></field>"
	    "<field label=\"Group\" type=\"list-single\" var=\"modp\">"
	    "<desc>MODP group</desc><option label=\"g14\"><value>14</value>"
	    "</option><option><value>5</value></option></field>"
	    "<field type=\"fixed\"></field>"
	    "<field type=\"fixed\"><value>section</value></field>"
	    "<field var=\"plain\"></field></x>");

	/* Parsed back, the model is the same. */
	es_form *back = NULL;
	ck_assert_status(es_form_parse(x, NULL, &back), ESESSION_OK);
	ck_assert_str_eq(es_form_title(back), "T & <t>");
	ck_assert_uint_eq(es_form_instructions_count(back), 2);
	ck_assert_str_eq(es_form_instructions(back, 1), "two");
	ck_assert_ptr_null(es_form_instructions(back, 2));
	const es_form_field *m = es_form_field_find(back, "modp");
	ck_assert_str_eq(es_form_field_label(m), "Group");
	ck_assert_str_eq(es_form_field_desc(m), "MODP group");
	ck_assert_str_eq(es_form_field_option_labels(m)[0], "g14");
	ck_assert_uint_eq(es_form_field_count(back), 6);
	ck_assert_ptr_null(es_form_field_var(es_form_field_at(back, 3)));
	es_form_free(back);
	es_form_free(form);
}
END_TEST

START_TEST(build_errors)
{
	es_form *form = NULL;
	es_form_field *f = NULL, *g = NULL;
	ck_assert_status(es_form_new((es_form_type)0, NULL, &form),
	                 ESESSION_EFORM_TYPE);
	ck_assert_status(es_form_new((es_form_type)9, NULL, &form),
	                 ESESSION_EFORM_TYPE);
	ck_assert_status(es_form_new(ES_FORM_TYPE_FORM, NULL, NULL),
	                 ESESSION_EINVAL);
	es_form_limits lim;
	es_form_limits_default(&lim);
	lim.max_fields = 2;
	lim.max_values = 2;
	lim.max_options = 2;
	ck_assert_status(es_form_new(ES_FORM_TYPE_FORM, &lim, &form),
	                 ESESSION_OK);
	ck_assert_status(
	    es_form_add_field(form, NULL, ES_FORM_FIELD_TEXT_SINGLE, &f),
	    ESESSION_EFORM_NO_VAR);
	ck_assert_status(es_form_add_field(form, "", ES_FORM_FIELD_HIDDEN, &f),
	                 ESESSION_EFORM_NO_VAR);
	ck_assert_status(
	    es_form_add_field(form, "a", (es_form_field_type)42, &f),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_form_add_field(form, "a", ES_FORM_FIELD_BOOLEAN, &f),
	    ESESSION_OK);
	ck_assert_status(es_form_add_field(form, "a", ES_FORM_FIELD_HIDDEN, &g),
	                 ESESSION_EFORM_DUPLICATE);
	ck_assert_status(es_form_field_add_value(f, "yes"),
	                 ESESSION_EFORM_BAD_VALUE);
	ck_assert_status(es_form_field_add_value(f, "True"),
	                 ESESSION_EFORM_BAD_VALUE);
	ck_assert_status(es_form_field_add_value(f, "false"), ESESSION_OK);
	ck_assert_status(es_form_field_add_value(f, "0"),
	                 ESESSION_EFORM_VALUES);
	ck_assert_status(es_form_field_add_option(f, NULL, "x"),
	                 ESESSION_EFORM_OPTION);
	ck_assert_status(es_form_field_add_value(f, NULL), ESESSION_EINVAL);
	ck_assert_status(
	    es_form_add_field(form, "l", ES_FORM_FIELD_LIST_MULTI, &g),
	    ESESSION_OK);
	ck_assert_status(es_form_field_add_option(g, "A", "1"), ESESSION_OK);
	ck_assert_status(es_form_field_add_option(g, "B", "1"),
	                 ESESSION_EFORM_OPTION);
	ck_assert_status(es_form_field_add_option(g, "A", "2"),
	                 ESESSION_EFORM_OPTION);
	ck_assert_status(es_form_field_add_option(g, NULL, "2"), ESESSION_OK);
	ck_assert_status(es_form_field_add_option(g, NULL, "3"),
	                 ESESSION_EFORM_TOO_LARGE);
	ck_assert_status(es_form_field_add_value(g, "1"), ESESSION_OK);
	ck_assert_status(es_form_field_add_value(g, "2"), ESESSION_OK);
	ck_assert_status(es_form_field_add_value(g, "3"),
	                 ESESSION_EFORM_TOO_LARGE);
	ck_assert_status(es_form_field_add_value(g, "\xff"),
	                 ESESSION_EFORM_TOO_LARGE);
	ck_assert_status(
	    es_form_add_field(form, "z", ES_FORM_FIELD_TEXT_MULTI, &g),
	    ESESSION_EFORM_TOO_LARGE);
	ck_assert_status(es_form_set_title(form, "\xc0\x80"),
	                 ESESSION_EXML_UTF8);
	ck_assert_status(es_form_add_instructions(form, "a"), ESESSION_OK);
	ck_assert_status(es_form_add_instructions(form, "b"), ESESSION_OK);
	ck_assert_status(es_form_add_instructions(form, "c"),
	                 ESESSION_EFORM_TOO_LARGE);
	es_form_free(form);

	/* In a submit form an untyped field takes several values. */
	ck_assert_status(es_form_new(ES_FORM_TYPE_SUBMIT, NULL, &form),
	                 ESESSION_OK);
	ck_assert_status(
	    es_form_add_field(form, "u", ES_FORM_FIELD_UNSPECIFIED, &f),
	    ESESSION_OK);
	ck_assert_status(es_form_field_add_value(f, "1"), ESESSION_OK);
	ck_assert_status(es_form_field_add_value(f, "\x01"),
	                 ESESSION_EXML_UTF8);
	ck_assert_status(es_form_field_add_value(f, "2"), ESESSION_OK);
	ck_assert_uint_eq(es_form_field_value_count(f), 2);
	es_form_free(form);
	es_form_free(NULL);
}
END_TEST

/* One malformed form per error status of es_form_parse. */
START_TEST(parse_errors)
{
	static const struct {
		const char *xml;
		esession_status want;
	} cases[] = {
	    /* not a data form */
	    {"<x xmlns='jabber:x:oob' type='form'/>", ESESSION_EFORM},
	    {"<y xmlns='jabber:x:data' type='form'/>", ESESSION_EFORM},
	    {"<x type='form'/>", ESESSION_EFORM},
	    /* form type */
	    {"<x xmlns='jabber:x:data'/>", ESESSION_EFORM_TYPE},
	    {"<x xmlns='jabber:x:data' type='Form'/>", ESESSION_EFORM_TYPE},
	    {"<x xmlns='jabber:x:data' type='error'/>", ESESSION_EFORM_TYPE},
	    /* structure */
	    {"<x xmlns='jabber:x:data' type='form'>text</x>", ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='form'><bogus/></x>",
	     ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='form'><title>a</title>"
	     "<title>b</title></x>",
	     ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='form'><title><b/></title></x>",
	     ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a'>"
	     "<required>x</required></field></x>",
	     ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a'>"
	     "<required><value/></required></field></x>",
	     ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a'>"
	     "<desc>1</desc><desc>2</desc></field></x>",
	     ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a'>"
	     "<value>1<b/></value></field></x>",
	     ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a'>"
	     "<other/></field></x>",
	     ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a'>t</field>"
	     "</x>",
	     ESESSION_EFORM},
	    {"<x xmlns='jabber:x:data' type='result'><reported/></x>",
	     ESESSION_EUNSUPPORTED},
	    {"<x xmlns='jabber:x:data' type='result'><item/></x>",
	     ESESSION_EUNSUPPORTED},
	    /* field type */
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='text'/></x>",
	     ESESSION_EFORM_FIELD_TYPE},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' type=''/>"
	     "</x>",
	     ESESSION_EFORM_FIELD_TYPE},
	    /* var */
	    {"<x xmlns='jabber:x:data' type='form'><field/></x>",
	     ESESSION_EFORM_NO_VAR},
	    {"<x xmlns='jabber:x:data' type='submit'><field><value>1</value>"
	     "</field></x>",
	     ESESSION_EFORM_NO_VAR},
	    {"<x xmlns='jabber:x:data' type='form'><field type='hidden' "
	     "var=''/></x>",
	     ESESSION_EFORM_NO_VAR},
	    {"<x xmlns='jabber:x:data' type='submit'><field var='a'/>"
	     "<field var='b'/><field var='a'/></x>",
	     ESESSION_EFORM_DUPLICATE},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='hidden'/><field var='a' type='boolean'/></x>",
	     ESESSION_EFORM_DUPLICATE},
	    /* values */
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='text-single'><value>1</value><value>2</value></field>"
	     "</x>",
	     ESESSION_EFORM_VALUES},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a'>"
	     "<value>1</value><value>2</value></field></x>",
	     ESESSION_EFORM_VALUES},
	    {"<x xmlns='jabber:x:data' type='submit'><field var='a' "
	     "type='list-single'><value>1</value><value>2</value></field>"
	     "</x>",
	     ESESSION_EFORM_VALUES},
	    {"<x xmlns='jabber:x:data' type='form'><field type='fixed'>"
	     "<value>1</value><value>2</value></field></x>",
	     ESESSION_EFORM_VALUES},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='boolean'><value>yes</value></field></x>",
	     ESESSION_EFORM_BAD_VALUE},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='boolean'><value> 1</value></field></x>",
	     ESESSION_EFORM_BAD_VALUE},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='boolean'><value/></field></x>",
	     ESESSION_EFORM_BAD_VALUE},
	    /* options */
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='text-single'><option><value>1</value></option></field>"
	     "</x>",
	     ESESSION_EFORM_OPTION},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='list-single'><option><value>1</value></option><option>"
	     "<value>1</value></option></field></x>",
	     ESESSION_EFORM_OPTION},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='list-single'><option label='x'><value>1</value></option>"
	     "<option label='x'><value>2</value></option></field></x>",
	     ESESSION_EFORM_OPTION},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='list-multi'><option/></field></x>",
	     ESESSION_EFORM_OPTION},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='list-multi'><option><value>1</value><value>2</value>"
	     "</option></field></x>",
	     ESESSION_EFORM_OPTION},
	    {"<x xmlns='jabber:x:data' type='form'><field var='a' "
	     "type='list-multi'><option><label/><value>1</value></option>"
	     "</field></x>",
	     ESESSION_EFORM},
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(cases); i++) {
		es_form *form = NULL;
		esession_status st =
		    es_form_parse(parse_xml(cases[i].xml), NULL, &form);
		ck_assert_msg(st == cases[i].want, "case %zu: got %d (%s)", i,
		              (int)st, esession_strerror(st));
		ck_assert_ptr_null(form);
	}
	es_form *form = NULL;
	ck_assert_status(es_form_parse(NULL, NULL, &form), ESESSION_EINVAL);
	ck_assert_status(
	    es_form_parse(parse_xml("<x xmlns='jabber:x:data' type='form'/>"),
	                  NULL, NULL),
	    ESESSION_EINVAL);
}
END_TEST

START_TEST(parse_limits_and_extensions)
{
	es_form_limits lim;
	es_form_limits_default(&lim);
	lim.max_fields = 2;
	es_form *form = NULL;
	const char *three = "<x xmlns='jabber:x:data' type='submit'><field "
	                    "var='a'/><field var='b'/><field var='c'/></x>";
	ck_assert_status(es_form_parse(parse_xml(three), &lim, &form),
	                 ESESSION_EFORM_TOO_LARGE);
	ck_assert_status(es_form_parse(parse_xml(three), NULL, &form),
	                 ESESSION_OK);
	es_form_free(form);
	lim.max_fields = 0;
	ck_assert_status(es_form_parse(parse_xml(three), &lim, &form),
	                 ESESSION_EINVAL);

	/* Elements of other namespaces are extensions and ignored; boolean
	 * spellings and white space are accepted. */
	const char *ext =
	    "<x xmlns='jabber:x:data' type='form'>\n"
	    "<field var='b' type='boolean'><value>true</value>"
	    "<validate xmlns='http://jabber.org/protocol/xdata-validate'/>"
	    "</field> <media xmlns='urn:xmpp:media-element'/>\n"
	    "<field var='c' type='boolean'><value>0</value></field></x>";
	ck_assert_status(es_form_parse(parse_xml(ext), NULL, &form),
	                 ESESSION_OK);
	bool b = false;
	ck_assert_status(es_form_boolean(form, "b", &b), ESESSION_OK);
	ck_assert(b);
	ck_assert_status(es_form_boolean(form, "c", &b), ESESSION_OK);
	ck_assert(!b);
	ck_assert_uint_eq(es_form_field_count(form), 2);
	es_form_free(form);
}
END_TEST

START_TEST(type_names)
{
	ck_assert_str_eq(es_form_type_name(ES_FORM_TYPE_CANCEL), "cancel");
	ck_assert_ptr_null(es_form_type_name((es_form_type)77));
	ck_assert_str_eq(es_form_field_type_name(ES_FORM_FIELD_TEXT_PRIVATE),
	                 "text-private");
	ck_assert_ptr_null(es_form_field_type_name(ES_FORM_FIELD_UNSPECIFIED));
	ck_assert_ptr_null(es_form_field_type_name((es_form_field_type)99));
	/* Every field type survives a round trip through its name. */
	for (int t = ES_FORM_FIELD_BOOLEAN; t <= ES_FORM_FIELD_TEXT_SINGLE;
	     t++) {
		char xml[200];
		snprintf(xml, sizeof(xml),
		         "<x xmlns='jabber:x:data' type='result'><field "
		         "var='v' type='%s'/></x>",
		         es_form_field_type_name((es_form_field_type)t));
		es_form *form = NULL;
		ck_assert_status(es_form_parse(parse_xml(xml), NULL, &form),
		                 ESESSION_OK);
		ck_assert_int_eq(
		    es_form_field_type_of(es_form_field_find(form, "v")), t);
		es_form_free(form);
	}
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("form");
	TCase *tc = tcase_create("xep0116");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_xep0116_request);
	tcase_add_test(tc, parse_xep0116_response);
	tcase_add_test(tc, response_canonical_form);
	tcase_add_test(tc, request_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("build");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, build_form);
	tcase_add_test(tc, build_errors);
	tcase_add_test(tc, type_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_errors);
	tcase_add_test(tc, parse_limits_and_extensions);
	suite_add_tcase(s, tc);
	return s;
}
