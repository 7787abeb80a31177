/*
 * test_neg_error.c - error stanzas (builder and parser), classification of
 * incoming stanzas, and the policy vocabulary
 * (esession/negotiate/neg_error.h, classify.h, params.h).
 */
#include "neg_test_util.h"

#include "classify.h"
#include "neg_common.h"
#include "neg_error.h"
#include "params.h"

#include <stdlib.h>
#include <string.h>

#define ALICE  "alice@example.org/pda"
#define THREAD "ffd7076498744578d10edabfe7f4a866"

START_TEST(error_stanza_exact)
{
	es_neg_error err;
	es_neg_error_reset(&err);
	es_neg_error_set(&err, ES_NEG_COND_NOT_ACCEPTABLE);
	es_neg_error_add_field(&err, "modp");
	es_neg_error_add_field(&err, "ver");
	es_neg_error_add_field(&err, "modp"); /* listed once */
	es_xml_doc *doc = NULL;
	es_xml_node *msg = NULL;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	ck_assert_status(es_neg_error_stanza(doc, ALICE, THREAD, &err, &msg),
	                 ESESSION_OK);
	char *text = nt_serialize(msg);
	/* XEP-0116 §"ESession Rejection (Bob)" second example, without the
	 * echoed <feature/> and without 'from' (the server stamps it). */
	ck_assert_str_eq(
	    text, "<message xmlns=\"jabber:client\" "
	          "to=\"alice@example.org/pda\" type=\"error\">"
	          "<thread>ffd7076498744578d10edabfe7f4a866</thread>"
	          "<error type=\"cancel\">"
	          "<not-acceptable "
	          "xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
	          "<feature xmlns=\"http://jabber.org/protocol/feature-neg\">"
	          "<field var=\"modp\"/><field var=\"ver\"/>"
	          "</feature></error></message>");
	free(text);

	es_neg_error_reset(&err);
	es_neg_error_set(&err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
	es_neg_error_add_field(&err, "dhkeys");
	ck_assert_status(es_neg_error_stanza(doc, ALICE, THREAD, &err, &msg),
	                 ESESSION_OK);
	text = nt_serialize(msg);
	ck_assert_str_eq(
	    text, "<message xmlns=\"jabber:client\" "
	          "to=\"alice@example.org/pda\" type=\"error\">"
	          "<thread>ffd7076498744578d10edabfe7f4a866</thread>"
	          "<error type=\"cancel\">"
	          "<feature-not-implemented "
	          "xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
	          "<feature xmlns=\"http://jabber.org/protocol/feature-neg\">"
	          "<field var=\"dhkeys\"/>"
	          "</feature></error></message>");
	free(text);

	/* Without fields: an empty <feature/>. */
	es_neg_error_reset(&err);
	es_neg_error_set(&err, ES_NEG_COND_NOT_ACCEPTABLE);
	ck_assert_status(es_neg_error_stanza(doc, ALICE, THREAD, &err, &msg),
	                 ESESSION_OK);
	text = nt_serialize(msg);
	ck_assert_ptr_nonnull(strstr(
	    text, "<feature xmlns=\"http://jabber.org/protocol/feature-neg\"/>"
	          "</error>"));
	free(text);

	es_neg_error_reset(&err);
	ck_assert_status(es_neg_error_stanza(doc, ALICE, THREAD, &err, &msg),
	                 ESESSION_EINVAL); /* no condition */
	es_neg_error_set(&err, ES_NEG_COND_OTHER);
	ck_assert_status(es_neg_error_stanza(doc, ALICE, THREAD, &err, &msg),
	                 ESESSION_EINVAL);
	es_neg_error_set(&err, ES_NEG_COND_NOT_ACCEPTABLE);
	ck_assert_status(es_neg_error_stanza(doc, "", THREAD, &err, &msg),
	                 ESESSION_EINVAL);
	ck_assert_status(es_neg_error_stanza(doc, ALICE, "", &err, &msg),
	                 ESESSION_EINVAL);
	es_xml_doc_free(doc);
}
END_TEST

START_TEST(error_field_list_is_bounded)
{
	static const char *const vars[] = {
	    "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "b0",
	    "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "c0", "c1",
	    "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "d0", "d1", "d2"};
	es_neg_error err;
	es_neg_error_reset(&err);
	for (size_t i = 0; i < ES_ARRAY_LEN(vars); i++)
		es_neg_error_add_field(&err, vars[i]);
	ck_assert_uint_eq(err.n_fields, ES_NEG_ERROR_MAX_FIELDS);
	ck_assert(err.truncated);
	ck_assert(es_neg_error_has_field(&err, "d1"));
	ck_assert(!es_neg_error_has_field(&err, "d2"));
}
END_TEST

/* XEP-0116 §"ESession Rejection (Bob)" examples (the "..." of the echoed
 * feature replaced by a form) and XEP-0155 §"Rejecting a Session"
 * service-unavailable example. */
static const char xep0116_fni[] =
    "<message type='error' from='bob@example.com/laptop' "
    "to='alice@example.org/pda'>\n"
    "  <thread>ffd7076498744578d10edabfe7f4a866</thread>\n"
    "  <feature xmlns='http://jabber.org/protocol/feature-neg'>\n"
    "    <x type='form' xmlns='jabber:x:data'/>\n"
    "  </feature>\n"
    "  <error type='cancel'>\n"
    "    <feature-not-implemented "
    "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>\n"
    "    <feature xmlns='http://jabber.org/protocol/feature-neg'>\n"
    "      <field var='dhkeys'/>\n"
    "    </feature>\n"
    "  </error>\n"
    "</message>";

static const char xep0116_na[] =
    "<message type='error' from='bob@example.com/laptop' "
    "to='alice@example.org/pda'>\n"
    "  <thread>ffd7076498744578d10edabfe7f4a866</thread>\n"
    "  <error type='cancel'>\n"
    "    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>\n"
    "    <feature xmlns='http://jabber.org/protocol/feature-neg'>\n"
    "      <field var='modp'/>\n"
    "      <field var='ver'/>\n"
    "    </feature>\n"
    "  </error>\n"
    "</message>";

static const char xep0155_unavailable[] =
    "<message type='error' from='juliet@capulet.com/balcony' "
    "to='romeo@montague.net/orchard'>\n"
    "  <thread>ffd7076498744578d10edabfe7f4a866</thread>\n"
    "  <error code='503' type='cancel'>\n"
    "    <service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>\n"
    "  </error>\n"
    "</message>";

START_TEST(error_parse_examples)
{
	es_xml_doc *doc = NULL;
	es_neg_error err;
	es_neg_stanza_info info;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);

	es_xml_node *m = nt_parse(doc, xep0116_fni);
	ck_assert_status(es_neg_error_parse(m, &err),
	                 ESESSION_EPEER_NOT_IMPLEMENTED);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED, "dhkeys");
	ck_assert_status(es_neg_classify(m, &info), ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_ERR_NEG);
	ck_assert_str_eq(info.from, "bob@example.com/laptop");
	ck_assert_str_eq(info.thread, THREAD);

	m = nt_parse(doc, xep0116_na);
	ck_assert_status(es_neg_error_parse(m, &err),
	                 ESESSION_EPEER_NOT_ACCEPTABLE);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_NOT_ACCEPTABLE, "modp", "ver");
	ck_assert_str_eq(err.condition_name, "not-acceptable");

	m = nt_parse(doc, xep0155_unavailable);
	ck_assert_status(es_neg_error_parse(m, &err), ESESSION_EPEER_ERROR);
	ck_assert_int_eq(err.condition, ES_NEG_COND_OTHER);
	ck_assert_str_eq(err.condition_name, "service-unavailable");
	ck_assert_uint_eq(err.n_fields, 0);
	ck_assert_status(es_neg_classify(m, &info), ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_ERR_OTHER);

	/* Our own error stanza parses back to the same error. */
	es_neg_error mine;
	es_neg_error_reset(&mine);
	es_neg_error_set(&mine, ES_NEG_COND_NOT_ACCEPTABLE);
	es_neg_error_add_field(&mine, "counter");
	ck_assert_status(es_neg_error_stanza(doc, ALICE, THREAD, &mine, &m),
	                 ESESSION_OK);
	char *text = nt_serialize(m);
	m = nt_parse(doc, text);
	ck_assert_status(es_neg_error_parse(m, &err),
	                 ESESSION_EPEER_NOT_ACCEPTABLE);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_NOT_ACCEPTABLE, "counter");
	free(text);

	/* Not error stanzas. */
	m = nt_parse(doc, "<message to='a@b'><body>hi</body></message>");
	ck_assert_status(es_neg_error_parse(m, &err), ESESSION_ESTANZA);
	m = nt_parse(doc, "<message type='error' to='a@b'/>");
	ck_assert_status(es_neg_error_parse(m, &err), ESESSION_ESTANZA);
	m = nt_parse(doc, "<message type='error'><error type='cancel'/>"
	                  "<error type='cancel'/></message>");
	ck_assert_status(es_neg_error_parse(m, &err), ESESSION_ESTANZA);
	m = nt_parse(doc, "<message type='error'><error type='cancel'/>"
	                  "</message>");
	ck_assert_status(es_neg_error_parse(m, &err), ESESSION_EPEER_ERROR);
	ck_assert_ptr_null(err.condition_name);
	m = nt_parse(doc, "<foo type='error'/>");
	ck_assert_status(es_neg_error_parse(m, &err), ESESSION_ESTANZA);
	es_xml_doc_free(doc);
}
END_TEST

typedef struct classify_case {
	const char *xml;
	esession_status status;
	es_neg_kind kind;
} classify_case;

#define MSG(body) \
	"<message to='bob@example.com'><thread>t</thread>" body "</message>"
#define FEAT(type, fields)                                                 \
	"<feature xmlns='http://jabber.org/protocol/feature-neg'>"         \
	"<x xmlns='jabber:x:data' type='" type "'><field var='FORM_TYPE'>" \
	"<value>urn:xmpp:ssn</value></field>" fields "</x></feature>"
#define FLD(var, v) "<field var='" var "'><value>" v "</value></field>"
#define OFFER(var, v) \
	"<field var='" var "'><option><value>" v "</value></option></field>"
#define CENC                                                          \
	"<c xmlns='http://www.xmpp.org/extensions/xep-0200.html#ns'>" \
	"<data>AA==</data><mac>AA==</mac></c>"

static const classify_case classify_cases[] = {
    {MSG("<body>hi</body>"), ESESSION_OK, ES_NEG_KIND_PLAIN},
    {MSG(CENC), ESESSION_OK, ES_NEG_KIND_ENC},
    {"<presence>" CENC "</presence>", ESESSION_OK, ES_NEG_KIND_ENC},
    {"<iq type='get' id='1'><query xmlns='jabber:iq:version'/></iq>",
     ESESSION_OK, ES_NEG_KIND_PLAIN},
    {MSG(FEAT("form", FLD("accept", "1") OFFER("security", "e2e")
                          FLD("dhhashes", "AA=="))),
     ESESSION_OK, ES_NEG_KIND_REQ4},
    {MSG(FEAT("form", FLD("accept", "true") OFFER("security", "e2e")
                          FLD("dhkeys", "AA=="))),
     ESESSION_OK, ES_NEG_KIND_REQ3},
    {MSG(FEAT("form", FLD("accept", "1") OFFER("security", "e2e"))),
     ESESSION_OK, ES_NEG_KIND_REQ_BAD},
    /* XEP-0217 style: the offered value as a <value/>. */
    {MSG(FEAT("form", FLD("accept", "1") FLD("security", "e2e")
                          FLD("dhhashes", "AA=="))),
     ESESSION_OK, ES_NEG_KIND_REQ4},
    /* a plain SSN request (no e2e): not ours */
    {MSG(FEAT("form", FLD("accept", "1") OFFER("security", "c2s")
                          FLD("dhhashes", "AA=="))),
     ESESSION_OK, ES_NEG_KIND_PLAIN},
    {MSG(FEAT("form", FLD("renegotiate", "1"))), ESESSION_OK,
     ES_NEG_KIND_RENEG},
    {MSG(FEAT("submit", FLD("accept", "1") FLD("security", "e2e"))),
     ESESSION_OK, ES_NEG_KIND_RESP},
    {MSG(FEAT("submit", FLD("accept", "1") FLD("security", "c2s"))),
     ESESSION_OK, ES_NEG_KIND_FALLBACK},
    {MSG(FEAT("submit", FLD("accept", "0"))), ESESSION_OK, ES_NEG_KIND_DECLINE},
    {MSG(FEAT("submit", FLD("accept", "perhaps"))), ESESSION_OK,
     ES_NEG_KIND_PLAIN},
    {MSG(FEAT("submit", FLD("terminate", "1"))), ESESSION_OK,
     ES_NEG_KIND_TERM_CLEAR},
    {MSG(FEAT("result", FLD("terminate", "1"))), ESESSION_OK,
     ES_NEG_KIND_TERM_CLEAR},
    {MSG(FEAT("result", FLD("accept", "1"))), ESESSION_OK,
     ES_NEG_KIND_COMPLETE},
    /* msg 3 of a 3-message exchange may carry <c/> */
    {MSG(FEAT("result", FLD("accept", "1")) CENC), ESESSION_OK,
     ES_NEG_KIND_COMPLETE},
    {MSG(FEAT("result", FLD("accept", "0"))), ESESSION_OK, ES_NEG_KIND_CANCEL},
    /* another FORM_TYPE */
    {MSG("<feature xmlns='http://jabber.org/protocol/feature-neg'>"
         "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'>"
         "<value>urn:xmpp:other</value></field>" FLD("accept",
                                                     "1") "</x></feature>"),
     ESESSION_OK, ES_NEG_KIND_PLAIN},
    {MSG("<init xmlns='http://www.xmpp.org/extensions/xep-0116.html#ns-"
         "init'><x xmlns='jabber:x:data' type='result'><field "
         "var='FORM_TYPE'><value>urn:xmpp:ssn</value></field></x></init>"),
     ESESSION_OK, ES_NEG_KIND_BOBID},
    {"<message type='error'>" CENC "<error type='cancel'><not-acceptable "
     "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
     ESESSION_OK, ES_NEG_KIND_ERR_NEG},
    {"<message type='error'><error type='cancel'><text "
     "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>x</text>"
     "<recipient-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
     "</error></message>",
     ESESSION_OK, ES_NEG_KIND_ERR_OTHER},
    /* malformed */
    {"<message><thread>a</thread><thread>b</thread></message>",
     ESESSION_ESTANZA, 0},
    {"<message><thread>a<b/></thread></message>", ESESSION_ESTANZA, 0},
    {MSG(CENC CENC), ESESSION_ESTANZA, 0},
    {MSG(FEAT("submit", "") FEAT("submit", "")), ESESSION_ESTANZA, 0},
    {"<stream xmlns='jabber:client'/>", ESESSION_ESTANZA, 0},
    {"<message xmlns='urn:other'/>", ESESSION_ESTANZA, 0},
};

START_TEST(classify_kinds)
{
	const classify_case *c = &classify_cases[_i];
	es_xml_doc *doc = NULL;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_neg_stanza_info info;
	ck_assert_status(es_neg_classify(nt_parse(doc, c->xml), &info),
	                 c->status);
	if (c->status == ESESSION_OK)
		ck_assert_msg(info.kind == c->kind, "case %d: %s, expected %s",
		              _i, es_neg_kind_name(info.kind),
		              es_neg_kind_name(c->kind));
	es_xml_doc_free(doc);
}
END_TEST

START_TEST(form_c14n_rejects_mixed_content)
{
	es_xml_doc *doc = NULL;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_xml_node *x = nt_parse(
	    doc, "<x xmlns='jabber:x:data' type='result'>\n <field var='a'>"
	         "<value> v </value></field>stray<field var='mac'/></x>");
	es_xml_buf buf;
	es_xml_buf_init(&buf, 0);
	ck_assert_status(es_xml_buf_puts(&buf, "keep"), ESESSION_OK);
	ck_assert_status(es_neg_form_c14n(x, true, &buf),
	                 ESESSION_EXML_MIXED_CONTENT);
	/* nothing of the failed call is left behind */
	ck_assert_uint_eq(buf.len, 4);
	ck_assert_status(es_neg_form_c14n(es_xml_first_element(x), false, &buf),
	                 ESESSION_EINVAL); /* not an <x/> */
	es_xml_buf_free(&buf);
	x = nt_parse(doc, "<x xmlns='jabber:x:data' type='result'>\n <field "
	                  "var='a'><value> v </value></field>\n<field "
	                  "var='mac'><value>AA==</value></field></x>");
	char *s = nt_form_c14n(x, true);
	/* leaf text kept verbatim, identity/mac excluded */
	ck_assert_str_eq(s, "<field var=\"a\"><value> v </value></field>");
	free(s);
	s = nt_form_c14n(x, false);
	ck_assert_str_eq(s, "<field var=\"a\"><value> v </value></field>"
	                    "<field var=\"mac\"><value>AA==</value></field>");
	free(s);
	es_xml_doc_free(doc);
}
END_TEST

START_TEST(classify_envelope_fields)
{
	es_xml_doc *doc = NULL;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_neg_stanza_info info;
	es_xml_node *m = nt_parse(
	    doc, "<message xmlns='jabber:client' from='a@b/c' to='d@e/f' "
	         "type='chat'><thread>T&amp;1</thread>" CENC "</message>");
	ck_assert_status(es_neg_classify(m, &info), ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_ENC);
	ck_assert_str_eq(info.from, "a@b/c");
	ck_assert_str_eq(info.to, "d@e/f");
	ck_assert_str_eq(info.type, "chat");
	ck_assert_str_eq(info.thread, "T&1");
	ck_assert_ptr_nonnull(info.c);
	ck_assert_ptr_eq(info.c, es_xml_find_child(m, ES_NS_XEP0200, "c"));
	ck_assert_ptr_null(info.form);
	m = nt_parse(doc, "<message/>");
	ck_assert_status(es_neg_classify(m, &info), ESESSION_OK);
	ck_assert_ptr_null(info.thread);
	ck_assert_ptr_null(info.from);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_PLAIN);
	ck_assert_status(es_neg_classify(NULL, &info), ESESSION_EINVAL);
	ck_assert_str_eq(es_neg_kind_name((es_neg_kind)99), "?");
	es_xml_doc_free(doc);
}
END_TEST

/* ---- params ---------------------------------------------------------- */

START_TEST(policy_default_and_validation)
{
	es_policy p;
	es_policy_default(&p);
	ck_assert_status(es_policy_validate(&p), ESESSION_OK);
	ck_assert_uint_eq(p.n_groups, 4);
	ck_assert_uint_eq(p.groups[0], 14);
	ck_assert_int_eq(p.ciphers[0], ES_CIPHER_AES128_CTR);
	ck_assert_int_eq(p.hashes[0], ES_HASH_SHA256);
	ck_assert(!p.allow_3msg);

	es_policy q = p;
	q.n_groups = 0;
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL);
	q = p;
	q.groups[1] = 14; /* duplicate */
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL);
	q = p;
	q.groups[1] = 4; /* EC2N group, not MODP */
	ck_assert_status(es_policy_validate(&q), ESESSION_EUNSUPPORTED);
	q = p;
	q.ciphers[1] = (es_cipher_alg)77;
	ck_assert_status(es_policy_validate(&q), ESESSION_EUNSUPPORTED);
	q = p;
	q.n_ciphers = ES_POLICY_MAX_LIST + 1;
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL);
	q = p;
	q.stanzas = 0;
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL);
	q = p;
	q.stanzas = 0x8;
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL);
	q = p;
	q.rekey_freq = 0;
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL);
	q = p;
	q.security_fallback = ES_SECURITY_BIT(ES_SECURITY_E2E);
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL);
	q = p;
	q.init_pubkey[0] = ES_PUBKEY_KEY;
	q.n_sign_algs = 0;
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL);
	q = p;
	q.prefer_3msg = true;
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL);
	q.allow_3msg = true;
	ck_assert_status(es_policy_validate(&q), ESESSION_EINVAL); /* none */
	q.init_pubkey[0] = ES_PUBKEY_KEY;
	q.resp_pubkey[0] = ES_PUBKEY_HASH;
	ck_assert_status(es_policy_validate(&q), ESESSION_OK);
	ck_assert_status(es_policy_validate(NULL), ESESSION_EINVAL);
}
END_TEST

START_TEST(names_and_parsers)
{
	es_pubkey_mode m = 0;
	ck_assert_status(es_pubkey_mode_from_name("hash", &m), ESESSION_OK);
	ck_assert_int_eq(m, ES_PUBKEY_HASH);
	ck_assert_status(es_pubkey_mode_from_name("Hash", &m),
	                 ESESSION_EUNSUPPORTED);
	es_sign_alg s = 0;
	ck_assert_status(es_sign_alg_from_name("http://www.w3.org/2000/09/"
	                                       "xmldsig#dsa-sha256",
	                                       &s),
	                 ESESSION_OK);
	ck_assert_int_eq(s, ES_SIGN_DSA_SHA256);
	es_security sec = 0;
	ck_assert_status(es_security_from_name("c2s", &sec), ESESSION_OK);
	ck_assert_int_eq(sec, ES_SECURITY_C2S);
	ck_assert_status(es_security_from_name(NULL, &sec), ESESSION_EINVAL);
	unsigned bit = 0;
	ck_assert_status(es_stanza_kind_from_name("presence", &bit),
	                 ESESSION_OK);
	ck_assert_uint_eq(bit, ES_STANZA_PRESENCE);
	ck_assert_status(es_stanza_kind_from_name("chat", &bit),
	                 ESESSION_EUNSUPPORTED);

	/* spec/ambiguities.md "logging / otr"; otr true = must
	 * not log. */
	es_logging l = 0;
	es_logging_spelling sp = 0;
	ck_assert_status(es_logging_from_name("otr", "true", &l, &sp),
	                 ESESSION_OK);
	ck_assert_int_eq(l, ES_LOGGING_MUSTNOT);
	ck_assert_int_eq(sp, ES_LOGGING_OTR);
	ck_assert_status(es_logging_from_name("logging", "true", &l, &sp),
	                 ESESSION_OK);
	ck_assert_int_eq(l, ES_LOGGING_MAY);
	ck_assert_int_eq(sp, ES_LOGGING_BOOL);
	ck_assert_status(es_logging_from_name("logging", "mustnot", &l, &sp),
	                 ESESSION_OK);
	ck_assert_int_eq(l, ES_LOGGING_MUSTNOT);
	ck_assert_int_eq(sp, ES_LOGGING_SSN);
	ck_assert_status(es_logging_from_name("otr", "may", &l, &sp),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_str_eq(es_logging_value(ES_LOGGING_MAY, ES_LOGGING_OTR),
	                 "false");
	ck_assert_ptr_null(es_logging_value((es_logging)9, ES_LOGGING_SSN));

	uint32_t r = 0;
	ck_assert_status(es_rekey_freq_parse("4294967295", &r), ESESSION_OK);
	ck_assert_uint_eq(r, 4294967295u);
	ck_assert_status(es_rekey_freq_parse("1", &r), ESESSION_OK);
	ck_assert_uint_eq(r, 1);
	static const char *const bad[] = {"",   "0",          "01",
	                                  "-1", "4294967296", "1 ",
	                                  " 1", "1e3",        "99999999999"};
	for (size_t i = 0; i < ES_ARRAY_LEN(bad); i++)
		ck_assert_status(es_rekey_freq_parse(bad[i], &r),
		                 ESESSION_ENEG_FIELD);
	ck_assert_str_eq(esession_strerror(ESESSION_ENEG_NOT_OFFERED),
	                 "peer selected a negotiation value that was not "
	                 "offered");
	ck_assert_str_ne(esession_strerror(ESESSION_ENEG_REQUIRED_UNKNOWN),
	                 "unknown status");
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("neg_error");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, error_stanza_exact);
	tcase_add_test(tc, error_field_list_is_bounded);
	tcase_add_test(tc, error_parse_examples);
	tcase_add_loop_test(tc, classify_kinds, 0,
	                    (int)ES_ARRAY_LEN(classify_cases));
	tcase_add_test(tc, form_c14n_rejects_mixed_content);
	tcase_add_test(tc, classify_envelope_fields);
	tcase_add_test(tc, policy_default_and_validation);
	tcase_add_test(tc, names_and_parsers);
	suite_add_tcase(s, tc);
	return s;
}
