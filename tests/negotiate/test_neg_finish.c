/*
 * test_neg_finish.c - message 3 (Alice's completion) and message 4 (Bob's
 * identity): builders, form_A2 / form_B2, parsers
 * (esession/negotiate/complete.h, bobid.h).
 */
#include "neg_test_util.h"

#include "bobid.h"
#include "classify.h"
#include "complete.h"
#include "response.h"

#include <stdlib.h>
#include <string.h>

#define ALICE  "alice@example.org/pda"
#define BOB    "bob@example.com/laptop"
#define THREAD "ffd7076498744578d10edabfe7f4a866"

#define NONCE_A nt_bytes(0, 0xa0, 32)
#define NONCE_B nt_bytes(1, 0xb0, 32)
#define E_VAL   nt_bytes(2, 0xe0, 128)
#define ID_VAL  nt_bytes(3, 0x11, 48)
#define MAC_VAL nt_bytes(4, 0x22, 32)
#define RSH1    nt_bytes(5, 0x33, 32)
#define RSH2    nt_bytes(6, 0x44, 32)

/* Message 3 as text; *form_a2 receives Alice's form_A2 (before identity
 * and mac were appended). */
static char *complete_text(es_neg_mode mode, char **form_a2)
{
	es_xml_doc *doc = NULL;
	es_xml_node *x = NULL;
	es_xml_node *msg = NULL;
	es_span rsh[2] = {{RSH1, 32}, {RSH2, 32}};
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	if (mode == ES_NEG_MODE_4MSG)
		ck_assert_status(es_neg_complete_form(doc, mode, NONCE_B, 32,
		                                      E_VAL, 128, rsh, 2, &x),
		                 ESESSION_OK);
	else
		ck_assert_status(es_neg_complete_form(doc, mode, NONCE_B, 32,
		                                      NULL, 0, NULL, 0, &x),
		                 ESESSION_OK);
	if (form_a2 != NULL)
		*form_a2 = nt_form_c14n(x, false);
	ck_assert_status(es_neg_append_identity(x, ID_VAL, 48, MAC_VAL, 32),
	                 ESESSION_OK);
	ck_assert_status(es_neg_form_stanza(doc, BOB, THREAD, x, false, &msg),
	                 ESESSION_OK);
	char *text = nt_serialize(msg);
	es_xml_doc_free(doc);
	return text;
}

static esession_status bob_reads(const char *text, es_neg_mode mode,
                                 es_neg_complete *c, es_neg_error *err,
                                 es_xml_doc **doc)
{
	ck_assert_status(es_xml_doc_new(doc), ESESSION_OK);
	es_xml_node *msg = nt_parse(*doc, text);
	memset(c, 0, sizeof(*c));
	return es_neg_complete_parse(mode, NONCE_B, 32, nt_form_of(msg), c,
	                             err);
}

START_TEST(complete_round_trip)
{
	char *form_a2 = NULL;
	char *text = complete_text(ES_NEG_MODE_4MSG, &form_a2);
	/* XEP-0116 §"Sending Alice's Identity" example shape. Values are
	 * base64 of the test bytes, computed outside this code:
	 * base64.b64encode(bytes(range(0xb0, 0xd0))) etc. */
	ck_assert_ptr_nonnull(strstr(
	    text, "<x xmlns=\"jabber:x:data\" type=\"result\"><field "
	          "var=\"FORM_TYPE\"><value>urn:xmpp:ssn</value></field><field "
	          "var=\"accept\"><value>1</value></field><field var=\"nonce\">"
	          "<value>sLGys7S1tre4ubq7vL2+v8DBwsPExcbHyMnKy8zNzs8=</value>"
	          "</field><field type=\"hidden\" var=\"dhkeys\"><value>"));
	ck_assert_ptr_nonnull(strstr(
	    text, "<field type=\"hidden\" var=\"rshashes\"><value>"
	          "MzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVI=</value><value>"
	          "REVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2BhYmM=</value>"
	          "</field><field var=\"identity\">"));
	es_neg_complete c;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(bob_reads(text, ES_NEG_MODE_4MSG, &c, &err, &doc),
	                 ESESSION_OK);
	NT_ASSERT_NO_ERROR(&err);
	ck_assert_uint_eq(c.e.len, 128);
	ck_assert_mem_eq(c.e.data, E_VAL, 128);
	ck_assert_uint_eq(c.n_rshashes, 2);
	ck_assert_mem_eq(c.rshashes[0].data, RSH1, 32);
	ck_assert_mem_eq(c.rshashes[1].data, RSH2, 32);
	ck_assert_mem_eq(c.identity.data, ID_VAL, 48);
	ck_assert_mem_eq(c.mac.data, MAC_VAL, 32);
	ck_assert(!c.terminate);
	/* form_A2: Bob's view without identity/mac equals Alice's. */
	char *bob_a2 = nt_form_c14n(c.form, true);
	ck_assert_str_eq(bob_a2, form_a2);
	ck_assert_ptr_null(strstr(bob_a2, "identity"));
	es_neg_stanza_info info;
	ck_assert_status(
	    es_neg_classify(es_xml_parent(es_xml_parent(c.form)), &info),
	    ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_COMPLETE);
	free(bob_a2);
	free(form_a2);
	es_neg_complete_clear(&c);
	es_xml_doc_free(doc);
	free(text);
}
END_TEST

START_TEST(complete_three_message)
{
	char *text = complete_text(ES_NEG_MODE_3MSG, NULL);
	ck_assert_ptr_null(strstr(text, "dhkeys"));
	ck_assert_ptr_null(strstr(text, "rshashes"));
	es_neg_complete c;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(bob_reads(text, ES_NEG_MODE_3MSG, &c, &err, &doc),
	                 ESESSION_OK);
	es_neg_complete_clear(&c);
	es_xml_doc_free(doc);
	/* terminate=1: object encryption (XEP-0116 §"Sending Alice's
	 * Identity"). */
	char *term = nt_replace(text, "<field var=\"identity\">",
	                        "<field var=\"terminate\"><value>true</value>"
	                        "</field><field var=\"identity\">");
	ck_assert_status(bob_reads(term, ES_NEG_MODE_3MSG, &c, &err, &doc),
	                 ESESSION_OK);
	ck_assert(c.terminate);
	es_neg_complete_clear(&c);
	es_xml_doc_free(doc);
	/* A 4-message completion read in 3-message mode. */
	char *four = complete_text(ES_NEG_MODE_4MSG, NULL);
	ck_assert_status(bob_reads(four, ES_NEG_MODE_3MSG, &c, &err, &doc),
	                 ESESSION_ENEG_FIELD);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED, "dhkeys",
	                "rshashes");
	es_neg_complete_clear(&c);
	es_xml_doc_free(doc);
	free(four);
	free(term);
	free(text);
}
END_TEST

typedef struct fin_case {
	const char *var;
	const char *replacement; /* NULL: remove */
	esession_status status;
	const char *fields[3];
} fin_case;

#define F1(var, v) "<field var=\"" var "\"><value>" v "</value></field>"

static const fin_case complete_missing[] = {
    {"FORM_TYPE", NULL, ESESSION_ENOT_ESESSION, {NULL}},
    {"accept", NULL, ESESSION_ENEG_FIELD, {"accept"}},
    {"nonce", NULL, ESESSION_ENEG_FIELD, {"nonce"}},
    {"dhkeys", NULL, ESESSION_ENEG_FIELD, {"dhkeys"}},
    {"rshashes", NULL, ESESSION_ENEG_FIELD, {"rshashes"}},
    {"identity", NULL, ESESSION_ENEG_FIELD, {"identity"}},
    {"mac", NULL, ESESSION_ENEG_FIELD, {"mac"}},
};

static const fin_case complete_wrong[] = {
    {"FORM_TYPE",
     F1("FORM_TYPE", "jabber:iq:other"),
     ESESSION_ENOT_ESESSION,
     {NULL}},
    {"accept", F1("accept", "0"), ESESSION_EPEER_DECLINED, {NULL}},
    {"accept", F1("accept", "2"), ESESSION_ENEG_FIELD, {"accept"}},
    /* N_A echoed instead of N_B */
    {"nonce",
     F1("nonce", "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8="),
     ESESSION_ENEG_NONCE,
     {"nonce"}},
    {"nonce",
     F1("nonce", "sLGys7S1tre4ubq7vL2+v8DBwsPExcbHyMnKy8zNzs8"),
     ESESSION_EBASE64_LENGTH,
     {"nonce"}},
    {"dhkeys",
     "<field var=\"dhkeys\"><value>AQID</value><value>AQID"
     "</value></field>",
     ESESSION_ENEG_FIELD,
     {"dhkeys"}},
    {"dhkeys", F1("dhkeys", ""), ESESSION_ENEG_FIELD, {"dhkeys"}},
    {"rshashes",
     "<field var=\"rshashes\"/>",
     ESESSION_ENEG_FIELD,
     {"rshashes"}},
    {"rshashes", F1("rshashes", "A*=="), ESESSION_EBASE64_CHAR, {"rshashes"}},
    {"identity", F1("identity", ""), ESESSION_ENEG_FIELD, {"identity"}},
    {"mac", F1("mac", "AR=="), ESESSION_EBASE64_NONCANON, {"mac"}},
};

static void run_complete_case(const fin_case *c, char *text)
{
	es_neg_complete comp;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	esession_status st =
	    bob_reads(text, ES_NEG_MODE_4MSG, &comp, &err, &doc);
	ck_assert_msg(st == c->status, "field %s: status %d, expected %d",
	              c->var, (int)st, (int)c->status);
	/* spec/message-flow.md §6: every check of message 3, a repeated
	 * field included, is answered with feature-not-implemented. */
	nt_assert_error(&err,
	                c->fields[0] != NULL
	                    ? ES_NEG_COND_FEATURE_NOT_IMPLEMENTED
	                    : ES_NEG_COND_NONE,
	                c->fields);
	es_neg_complete_clear(&comp);
	es_xml_doc_free(doc);
	free(text);
}

START_TEST(complete_field_missing)
{
	char *text = complete_text(ES_NEG_MODE_4MSG, NULL);
	run_complete_case(&complete_missing[_i],
	                  nt_field_remove(text, complete_missing[_i].var));
	free(text);
}
END_TEST

START_TEST(complete_field_duplicated)
{
	const char *var = complete_missing[_i].var;
	fin_case c = {var, NULL, ESESSION_EFORM_DUPLICATE, {var}};
	char *text = complete_text(ES_NEG_MODE_4MSG, NULL);
	run_complete_case(&c, nt_field_duplicate(text, var));
	free(text);
}
END_TEST

START_TEST(complete_field_wrong)
{
	const fin_case *c = &complete_wrong[_i];
	char *text = complete_text(ES_NEG_MODE_4MSG, NULL);
	run_complete_case(c, nt_field_replace(text, c->var, c->replacement));
	free(text);
}
END_TEST

START_TEST(complete_cancel_and_form_type)
{
	char *text = complete_text(ES_NEG_MODE_4MSG, NULL);
	char *cancel = nt_field_replace(text, "accept", F1("accept", "false"));
	es_xml_doc *doc = NULL;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_neg_stanza_info info;
	ck_assert_status(es_neg_classify(nt_parse(doc, cancel), &info),
	                 ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_CANCEL);
	es_xml_doc_free(doc);
	/* spec/ambiguities.md "Form type of Alice's completion
	 * message": a submit is not a completion. */
	char *submit = nt_replace(text, "type=\"result\"", "type=\"submit\"");
	es_neg_complete c;
	es_neg_error err;
	ck_assert_status(bob_reads(submit, ES_NEG_MODE_4MSG, &c, &err, &doc),
	                 ESESSION_EUNEXPECTED);
	NT_ASSERT_NO_ERROR(&err);
	es_neg_complete_clear(&c);
	es_xml_doc_free(doc);
	free(submit);
	free(cancel);
	free(text);
}
END_TEST

START_TEST(complete_builder_rejects_bad_input)
{
	es_xml_doc *doc = NULL;
	es_xml_node *x = NULL;
	es_span rsh[1] = {{RSH1, 32}};
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	ck_assert_status(es_neg_complete_form(doc, ES_NEG_MODE_4MSG, NONCE_B,
	                                      32, E_VAL, 128, NULL, 0, &x),
	                 ESESSION_EINVAL); /* no rshashes */
	ck_assert_status(es_neg_complete_form(doc, ES_NEG_MODE_4MSG, NONCE_B,
	                                      32, NULL, 0, rsh, 1, &x),
	                 ESESSION_EINVAL); /* no e */
	ck_assert_status(es_neg_complete_form(doc, ES_NEG_MODE_3MSG, NONCE_B,
	                                      32, E_VAL, 128, NULL, 0, &x),
	                 ESESSION_EINVAL); /* e in 3-message */
	ck_assert_status(es_neg_complete_form(doc, ES_NEG_MODE_4MSG, NONCE_B, 8,
	                                      E_VAL, 128, rsh, 1, &x),
	                 ESESSION_EINVAL); /* short nonce */
	ck_assert_status(es_neg_complete_form(doc, ES_NEG_MODE_4MSG, NONCE_B,
	                                      32, E_VAL, 128, rsh, 1, &x),
	                 ESESSION_OK);
	ck_assert_status(es_neg_append_identity(x, ID_VAL, 0, MAC_VAL, 32),
	                 ESESSION_EINVAL);
	es_xml_doc_free(doc);
}
END_TEST

/* ---- message 4 ------------------------------------------------------- */

#define SRSHASH nt_bytes(7, 0x55, 32)

static char *bobid_text(char **form_b2)
{
	es_xml_doc *doc = NULL;
	es_xml_node *x = NULL;
	es_xml_node *msg = NULL;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	ck_assert_status(es_neg_bobid_form(doc, NONCE_A, 32, SRSHASH, 32, &x),
	                 ESESSION_OK);
	if (form_b2 != NULL)
		*form_b2 = nt_form_c14n(x, false);
	ck_assert_status(es_neg_append_identity(x, ID_VAL, 48, MAC_VAL, 32),
	                 ESESSION_OK);
	ck_assert_status(es_neg_form_stanza(doc, ALICE, THREAD, x, true, &msg),
	                 ESESSION_OK);
	char *text = nt_serialize(msg);
	es_xml_doc_free(doc);
	return text;
}

static esession_status alice_reads(const char *text, es_neg_bobid *b,
                                   es_neg_error *err, es_xml_doc **doc)
{
	ck_assert_status(es_xml_doc_new(doc), ESESSION_OK);
	es_xml_node *msg = nt_parse(*doc, text);
	memset(b, 0, sizeof(*b));
	return es_neg_bobid_parse(NONCE_A, 32, nt_form_of(msg), b, err);
}

START_TEST(bobid_round_trip)
{
	char *form_b2 = NULL;
	char *text = bobid_text(&form_b2);
	/* XEP-0116 §"Sending Bob's Identity" shape; base64 of the test
	 * bytes computed with Python (base64.b64encode). */
	ck_assert_str_eq(
	    text,
	    "<message xmlns=\"jabber:client\" to=\"alice@example.org/pda\">"
	    "<thread>ffd7076498744578d10edabfe7f4a866</thread>"
	    "<init xmlns=\"http://www.xmpp.org/extensions/xep-0116.html#ns-"
	    "init\"><x xmlns=\"jabber:x:data\" type=\"result\">"
	    "<field var=\"FORM_TYPE\"><value>urn:xmpp:ssn</value></field>"
	    "<field var=\"nonce\"><value>"
	    "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8=</value></field>"
	    "<field var=\"srshash\"><value>"
	    "VVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3Q=</value></field>"
	    "<field var=\"identity\"><value>"
	    "ERITFBUWFxgZGhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj9A"
	    "</value></field>"
	    "<field var=\"mac\"><value>"
	    "IiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QEE=</value></field>"
	    "</x></init></message>");
	/* spec/byte-strings.md §2 example: form_B2. */
	ck_assert_str_eq(form_b2,
	                 "<field var=\"FORM_TYPE\"><value>urn:xmpp:ssn</value>"
	                 "</field><field var=\"nonce\"><value>"
	                 "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8=</value>"
	                 "</field><field var=\"srshash\"><value>"
	                 "VVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3Q=</value>"
	                 "</field>");
	es_neg_bobid b;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(alice_reads(text, &b, &err, &doc), ESESSION_OK);
	NT_ASSERT_NO_ERROR(&err);
	ck_assert_mem_eq(b.srshash.data, SRSHASH, 32);
	ck_assert_mem_eq(b.identity.data, ID_VAL, 48);
	ck_assert_mem_eq(b.mac.data, MAC_VAL, 32);
	char *alice_b2 = nt_form_c14n(b.form, true);
	ck_assert_str_eq(alice_b2, form_b2);
	es_neg_stanza_info info;
	ck_assert_status(
	    es_neg_classify(es_xml_parent(es_xml_parent(b.form)), &info),
	    ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_BOBID);
	free(alice_b2);
	free(form_b2);
	es_neg_bobid_clear(&b);
	es_xml_doc_free(doc);
	free(text);
}
END_TEST

static const fin_case bobid_cases[] = {
    {"FORM_TYPE", NULL, ESESSION_ENOT_ESESSION, {NULL}},
    {"nonce", NULL, ESESSION_ENEG_FIELD, {"nonce"}},
    {"srshash", NULL, ESESSION_ENEG_FIELD, {"srshash"}},
    {"identity", NULL, ESESSION_ENEG_FIELD, {"identity"}},
    {"mac", NULL, ESESSION_ENEG_FIELD, {"mac"}},
    {"nonce",
     F1("nonce", "sLGys7S1tre4ubq7vL2+v8DBwsPExcbHyMnKy8zNzs8="),
     ESESSION_ENEG_NONCE,
     {"nonce"}},
    {"srshash", F1("srshash", "QQ="), ESESSION_EBASE64_LENGTH, {"srshash"}},
    {"srshash",
     "<field var=\"srshash\"><value>QQ==</value><value>QQ=="
     "</value></field>",
     ESESSION_ENEG_FIELD,
     {"srshash"}},
    {"identity", F1("identity", ""), ESESSION_ENEG_FIELD, {"identity"}},
    {"mac", F1("mac", "QQ==QQ=="), ESESSION_EBASE64_PADDING, {"mac"}},
};

START_TEST(bobid_field_cases)
{
	const fin_case *c = &bobid_cases[_i];
	char *text = bobid_text(NULL);
	char *bad = c->replacement == NULL
	                ? nt_field_remove(text, c->var)
	                : nt_field_replace(text, c->var, c->replacement);
	es_neg_bobid b;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	esession_status st = alice_reads(bad, &b, &err, &doc);
	ck_assert_msg(st == c->status, "case %d: status %d, expected %d", _i,
	              (int)st, (int)c->status);
	nt_assert_error(&err,
	                c->fields[0] != NULL
	                    ? ES_NEG_COND_FEATURE_NOT_IMPLEMENTED
	                    : ES_NEG_COND_NONE,
	                c->fields);
	es_neg_bobid_clear(&b);
	es_xml_doc_free(doc);
	free(bad);
	free(text);
}
END_TEST

/* Every field of message 4 repeated: feature-not-implemented naming it,
 * like every other check of message 4 (spec/message-flow.md §6). */
START_TEST(bobid_field_duplicated)
{
	const char *var = bobid_cases[_i].var;
	char *text = bobid_text(NULL);
	char *dup = nt_field_duplicate(text, var);
	es_neg_bobid b;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(alice_reads(dup, &b, &err, &doc),
	                 ESESSION_EFORM_DUPLICATE);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED, var);
	es_neg_bobid_clear(&b);
	es_xml_doc_free(doc);
	free(dup);
	free(text);
}
END_TEST

START_TEST(bobid_duplicated_and_in_feature)
{
	char *text = bobid_text(NULL);
	char *dup = nt_field_duplicate(text, "srshash");
	es_neg_bobid b;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(alice_reads(dup, &b, &err, &doc),
	                 ESESSION_EFORM_DUPLICATE);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED, "srshash");
	es_neg_bobid_clear(&b);
	es_xml_doc_free(doc);
	/* spec/ambiguities.md "Wrapper of Bob's fourth message":
	 * the same form inside <feature/> is not message 4. */
	char *feat = nt_replace(
	    text,
	    "<init xmlns=\"http://www.xmpp.org/extensions/xep-0116.html#ns-"
	    "init\">",
	    "<feature xmlns=\"http://jabber.org/protocol/feature-neg\">");
	char *feat2 = nt_replace(feat, "</init>", "</feature>");
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_neg_stanza_info info;
	ck_assert_status(es_neg_classify(nt_parse(doc, feat2), &info),
	                 ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_PLAIN);
	es_xml_doc_free(doc);
	free(feat2);
	free(feat);
	free(dup);
	free(text);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("neg_finish");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, complete_round_trip);
	tcase_add_test(tc, complete_three_message);
	tcase_add_loop_test(tc, complete_field_missing, 0,
	                    (int)ES_ARRAY_LEN(complete_missing));
	tcase_add_loop_test(tc, complete_field_duplicated, 0,
	                    (int)ES_ARRAY_LEN(complete_missing));
	tcase_add_loop_test(tc, complete_field_wrong, 0,
	                    (int)ES_ARRAY_LEN(complete_wrong));
	tcase_add_test(tc, complete_cancel_and_form_type);
	tcase_add_test(tc, complete_builder_rejects_bad_input);
	tcase_add_test(tc, bobid_round_trip);
	tcase_add_loop_test(tc, bobid_field_cases, 0,
	                    (int)ES_ARRAY_LEN(bobid_cases));
	tcase_add_loop_test(tc, bobid_field_duplicated, 0, 5);
	tcase_add_test(tc, bobid_duplicated_and_in_feature);
	suite_add_tcase(s, tc);
	return s;
}
