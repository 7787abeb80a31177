/*
 * test_neg_request.c - message 1: Alice's builder, Bob's checks and
 * selection (esession/negotiate/request.h).
 */
#include "neg_test_util.h"

#include "classify.h"
#include "neg_examples.h"
#include "request.h"

#include <stdlib.h>
#include <string.h>

#define BOB    "bob@example.com"
#define THREAD "ffd7076498744578d10edabfe7f4a866"

/* He_i of the built requests: 32 bytes, group i filled with 0x10*(i+1)+j;
 * e_i for 3-message requests: 96 bytes starting at 0x40+i. */
static uint8_t he[ES_POLICY_MAX_LIST][32];
static uint8_t ev[ES_POLICY_MAX_LIST][96];

static char *build_request(const es_policy *p, es_neg_mode mode)
{
	es_xml_doc *doc = NULL;
	es_xml_node *x = NULL;
	es_xml_node *msg = NULL;
	es_span dh[ES_POLICY_MAX_LIST];
	for (size_t i = 0; i < p->n_groups; i++) {
		for (size_t j = 0; j < 32; j++)
			he[i][j] = (uint8_t)(0x10 * (i + 1) + j);
		for (size_t j = 0; j < 96; j++)
			ev[i][j] = (uint8_t)(0x40 + i + j);
		dh[i].data = mode == ES_NEG_MODE_4MSG ? he[i] : ev[i];
		dh[i].len = mode == ES_NEG_MODE_4MSG ? 32 : 96;
	}
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	ck_assert_status(es_neg_request_form(doc, p, mode,
	                                     nt_bytes(0, 0xa0, 32), 32, dh,
	                                     p->n_groups, &x),
	                 ESESSION_OK);
	ck_assert_status(es_neg_request_stanza(doc, BOB, THREAD, x, &msg),
	                 ESESSION_OK);
	char *text = nt_serialize(msg);
	es_xml_doc_free(doc);
	return text;
}

static char *default_request(void)
{
	es_policy p;
	es_policy_default(&p);
	return build_request(&p, ES_NEG_MODE_4MSG);
}

/* Parse text and run Bob's checks with policy p. */
static esession_status bob_parse(const char *text, const es_policy *p,
                                 es_neg_request *req, es_neg_error *err,
                                 es_xml_doc **doc)
{
	ck_assert_status(es_xml_doc_new(doc), ESESSION_OK);
	es_xml_node *msg = nt_parse(*doc, text);
	memset(req, 0, sizeof(*req));
	return es_neg_request_parse(p, nt_form_of(msg), req, err);
}

START_TEST(request_fields_in_xep_order)
{
	char *text = default_request();
	es_xml_doc *doc = NULL;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_xml_node *msg = nt_parse(doc, text);
	/* XEP-0116 §"ESession Request (Alice)" example order, sign_algs
	 * left out (pubkeys none), dhhashes for 4-message. */
	static const char *const order[] = {
	    "FORM_TYPE",   "accept",      "logging",   "disclosure", "security",
	    "modp",        "crypt_algs",  "hash_algs", "compress",   "stanzas",
	    "init_pubkey", "resp_pubkey", "ver",       "rekey_freq", "my_nonce",
	    "sas_algs",    "dhhashes"};
	size_t i = 0;
	const es_xml_node *x = nt_form_of(msg);
	ck_assert_str_eq(es_xml_attr_get(x, "", "type", NULL), "form");
	for (const es_xml_node *f = es_xml_first_element(x); f != NULL;
	     f = es_xml_next_element(f), i++) {
		ck_assert_uint_lt(i, ES_ARRAY_LEN(order));
		ck_assert_str_eq(es_xml_attr_get(f, "", "var", NULL), order[i]);
	}
	ck_assert_uint_eq(i, ES_ARRAY_LEN(order));
	/* Envelope: to, no from, no type; thread; feature; amp rule. */
	ck_assert_str_eq(es_xml_attr_get(msg, "", "to", NULL), BOB);
	ck_assert_ptr_null(es_xml_attr_get(msg, "", "from", NULL));
	ck_assert_ptr_null(es_xml_attr_get(msg, "", "type", NULL));
	ck_assert_ptr_nonnull(
	    strstr(text, "<amp xmlns=\"http://jabber.org/protocol/amp\" "
	                 "per-hop=\"true\"><rule action=\"drop\" "
	                 "condition=\"deliver\" value=\"stored\"/></amp>"));
	ck_assert_ptr_nonnull(strstr(
	    text, "<field type=\"list-single\" var=\"modp\"><option><value>14"
	          "</value></option><option><value>15</value></option>"
	          "<option><value>16</value></option><option><value>5"
	          "</value></option></field>"));
	es_neg_stanza_info info;
	ck_assert_status(es_neg_classify(msg, &info), ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_REQ4);
	ck_assert_str_eq(info.thread, THREAD);
	ck_assert_ptr_eq(info.form, x);
	es_xml_doc_free(doc);
	free(text);
}
END_TEST

START_TEST(request_round_trip_default)
{
	char *text = default_request();
	es_policy bob;
	es_policy_default(&bob);
	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(bob_parse(text, &bob, &req, &err, &doc), ESESSION_OK);
	NT_ASSERT_NO_ERROR(&err);
	const es_params *p = &req.params;
	ck_assert_int_eq(p->mode, ES_NEG_MODE_4MSG);
	ck_assert_uint_eq(p->group, 14);
	ck_assert_uint_eq(p->group_index, 0);
	ck_assert_int_eq(p->cipher, ES_CIPHER_AES128_CTR);
	ck_assert_int_eq(p->hash, ES_HASH_SHA256);
	ck_assert_int_eq(p->sas_alg, ES_SAS_28X5);
	ck_assert_int_eq(p->sign_alg, 0);
	ck_assert_uint_eq(p->stanzas, ES_STANZA_ALL);
	ck_assert_uint_eq(p->rekey_freq, 100);
	ck_assert_uint_eq(req.alice_rekey_freq, 100);
	ck_assert_int_eq(p->init_pubkey, ES_PUBKEY_NONE);
	ck_assert_int_eq(p->resp_pubkey, ES_PUBKEY_NONE);
	ck_assert_int_eq(p->security, ES_SECURITY_E2E);
	ck_assert_int_eq(p->logging, ES_LOGGING_MUSTNOT);
	ck_assert_int_eq(p->logging_spelling, ES_LOGGING_SSN);
	ck_assert_int_eq(p->disclosure, ES_DISCLOSURE_NEVER);
	ck_assert_int_eq(p->version, ES_VERSION_1_0);
	ck_assert_uint_eq(req.security_offered,
	                  ES_SECURITY_BIT(ES_SECURITY_E2E));
	ck_assert(req.ssn_ok);
	ck_assert_uint_eq(req.nonce.len, 32);
	ck_assert_mem_eq(req.nonce.data, nt_bytes(0, 0xa0, 32), 32);
	ck_assert_uint_eq(req.dh_value.len, 32);
	ck_assert_mem_eq(req.dh_value.data, he[0], 32);
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
	free(text);
}
END_TEST

/* Bob excludes Alice's first choices: he takes the next ones in HER order,
 * and the He of the group he took. */
START_TEST(request_selection_follows_alice_order)
{
	es_policy alice;
	es_policy_default(&alice);
	alice.ciphers[0] = ES_CIPHER_AES256_CTR;
	alice.ciphers[1] = ES_CIPHER_AES128_CTR;
	alice.hashes[0] = ES_HASH_WHIRLPOOL;
	alice.hashes[1] = ES_HASH_SHA256;
	alice.stanzas = ES_STANZA_MESSAGE | ES_STANZA_IQ;
	alice.rekey_freq = 7;
	char *text = build_request(&alice, ES_NEG_MODE_4MSG);

	es_policy bob;
	es_policy_default(&bob);
	bob.groups[0] = 5; /* Bob: 5 and 16 only, in his own order */
	bob.groups[1] = 16;
	bob.n_groups = 2;
	bob.ciphers[0] = ES_CIPHER_AES128_CTR;
	bob.ciphers[1] = ES_CIPHER_AES256_CTR;
	bob.hashes[0] = ES_HASH_SHA256;
	bob.n_hashes = 1;
	bob.stanzas = ES_STANZA_IQ | ES_STANZA_PRESENCE;
	bob.rekey_freq = 50;
	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(bob_parse(text, &bob, &req, &err, &doc), ESESSION_OK);
	/* Alice offers 14, 15, 16, 5: Bob's first acceptable in her order
	 * is 16, at index 2. */
	ck_assert_uint_eq(req.params.group, 16);
	ck_assert_uint_eq(req.params.group_index, 2);
	ck_assert_mem_eq(req.dh_value.data, he[2], 32);
	/* Alice prefers aes256 and Bob accepts it (his order is ignored). */
	ck_assert_int_eq(req.params.cipher, ES_CIPHER_AES256_CTR);
	ck_assert_int_eq(req.params.hash, ES_HASH_SHA256);
	ck_assert_uint_eq(req.params.stanzas, ES_STANZA_IQ);
	/* max(Alice's 7, Bob's 50) */
	ck_assert_uint_eq(req.params.rekey_freq, 50);
	ck_assert_uint_eq(req.alice_rekey_freq, 7);
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
	free(text);
}
END_TEST

START_TEST(request_xep0116_example)
{
	es_policy bob;
	es_policy_default(&bob);
	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_xml_node *msg = nt_parse(doc, nt_xep0116_request);
	es_neg_stanza_info info;
	ck_assert_status(es_neg_classify(msg, &info), ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_REQ4);
	ck_assert_str_eq(info.from, "alice@example.org/pda");
	ck_assert_str_eq(info.to, BOB);
	ck_assert_str_eq(info.thread, THREAD);
	memset(&req, 0, sizeof(req));
	ck_assert_status(es_neg_request_parse(&bob, info.form, &req, &err),
	                 ESESSION_OK);
	const es_params *p = &req.params;
	ck_assert_uint_eq(p->group, 5); /* Alice's first, Bob accepts 5 */
	ck_assert_uint_eq(p->group_index, 0);
	ck_assert_int_eq(p->cipher, ES_CIPHER_AES256_CTR);
	ck_assert_int_eq(p->hash, ES_HASH_WHIRLPOOL);
	/* key and hash are not in Bob's pubkey policy: none. sign_algs is
	 * still answered (present and acceptable). */
	ck_assert_int_eq(p->init_pubkey, ES_PUBKEY_NONE);
	ck_assert_int_eq(p->resp_pubkey, ES_PUBKEY_NONE);
	ck_assert_int_eq(p->sign_alg, ES_SIGN_RSA_SHA256);
	ck_assert_int_eq(p->version, ES_VERSION_1_3_ALIAS);
	ck_assert_uint_eq(p->rekey_freq, 100);            /* max(1, 100) */
	ck_assert_int_eq(p->logging, ES_LOGGING_MUSTNOT); /* "false" */
	ck_assert_int_eq(p->logging_spelling, ES_LOGGING_BOOL);
	ck_assert_uint_eq(req.security_offered,
	                  ES_SECURITY_BIT(ES_SECURITY_E2E) |
	                      ES_SECURITY_BIT(ES_SECURITY_C2S));
	/* form_A: the pretty-printed request normalized per
	 * spec/byte-strings.md §2 (white space between elements dropped,
	 * attributes sorted, empty elements as start-end pairs). */
	char *form_a = nt_form_c14n(info.form, false);
	ck_assert_ptr_eq(
	    strstr(form_a,
	           "<field type=\"hidden\" var=\"FORM_TYPE\"><value>urn:xmpp:"
	           "ssn</value></field><field type=\"boolean\" var=\"accept\">"
	           "<value>1</value><required></required></field><field "
	           "type=\"list-single\" var=\"logging\"><option><value>false"
	           "</value></option><option><value>true</value></option>"
	           "<required></required></field>"),
	    form_a);
	ck_assert_ptr_nonnull(
	    strstr(form_a, "<value>" NT_B64_HE1 "</value></field>"));
	ck_assert_ptr_null(strchr(form_a, '\n'));
	free(form_a);
	uint8_t five[32];
	memset(five, 5, sizeof(five));
	ck_assert_uint_eq(req.dh_value.len, 32);
	ck_assert_mem_eq(req.dh_value.data, five, 32);
	ck_assert_mem_eq(req.nonce.data, nt_bytes(0, 0, 32), 32);
	es_neg_request_clear(&req);

	/* A Bob without group 5 takes 14, the second He. */
	bob.groups[3] = 17;
	bob.ciphers[1] = ES_CIPHER_AES192_CTR; /* neither aes256 ... */
	bob.hashes[1] = 0;
	bob.n_hashes = 1; /* ... nor whirlpool */
	bob.accept_ver_1_3 = false;
	ck_assert_status(es_neg_request_parse(&bob, info.form, &req, &err),
	                 ESESSION_ENEG_UNACCEPTABLE);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_NOT_ACCEPTABLE, "ver");
	es_neg_request_clear(&req);
	bob.accept_ver_1_3 = true;
	ck_assert_status(es_neg_request_parse(&bob, info.form, &req, &err),
	                 ESESSION_OK);
	uint8_t fourteen[32];
	memset(fourteen, 14, sizeof(fourteen));
	ck_assert_uint_eq(req.params.group, 14);
	ck_assert_uint_eq(req.params.group_index, 1);
	ck_assert_mem_eq(req.dh_value.data, fourteen, 32);
	ck_assert_int_eq(req.params.cipher, ES_CIPHER_AES128_CTR);
	ck_assert_int_eq(req.params.hash, ES_HASH_SHA256);
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
}
END_TEST

START_TEST(request_xep0217_example)
{
	es_policy bob;
	es_policy_default(&bob);
	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(bob_parse(nt_xep0217_request, &bob, &req, &err, &doc),
	                 ESESSION_OK);
	const es_params *p = &req.params;
	ck_assert_uint_eq(p->group, 5);
	ck_assert_int_eq(p->cipher, ES_CIPHER_AES128_CTR); /* hidden value */
	ck_assert_int_eq(p->hash, ES_HASH_SHA256);
	ck_assert_int_eq(p->sas_alg, ES_SAS_28X5);
	ck_assert_int_eq(p->sign_alg, 0);
	ck_assert_uint_eq(p->rekey_freq, 4294967295u);
	ck_assert_int_eq(p->version, ES_VERSION_1_3_ALIAS);
	/* otr "false" (Alice's first) = logging allowed, which the default
	 * policy refuses; her second option, otr "true", is selected. */
	ck_assert_int_eq(p->logging, ES_LOGGING_MUSTNOT);
	ck_assert_int_eq(p->logging_spelling, ES_LOGGING_OTR);
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);

	/* A Bob that refuses logging takes "true". */
	bob.logging[0] = ES_LOGGING_MUSTNOT;
	bob.n_logging = 1;
	ck_assert_status(bob_parse(nt_xep0217_request, &bob, &req, &err, &doc),
	                 ESESSION_OK);
	ck_assert_int_eq(req.params.logging, ES_LOGGING_MUSTNOT);
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
}
END_TEST

/* ---- every field: missing, duplicated, wrong ---------------------------- */

typedef struct field_case {
	const char *var;
	const char *replacement; /* NULL: remove / duplicate */
	esession_status status;
	es_neg_condition condition;
	const char *fields[3];
} field_case;

static const field_case missing_cases[] = {
    {"FORM_TYPE", NULL, ESESSION_ENOT_ESESSION, ES_NEG_COND_NONE, {NULL}},
    {"accept",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"accept"}},
    {"logging",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"logging"}},
    {"disclosure",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"disclosure"}},
    {"security", NULL, ESESSION_ENOT_ESESSION, ES_NEG_COND_NONE, {NULL}},
    {"modp", NULL, ESESSION_ENEG_FIELD, ES_NEG_COND_NOT_ACCEPTABLE, {"modp"}},
    {"crypt_algs",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"crypt_algs"}},
    {"hash_algs",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"hash_algs"}},
    {"compress",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"compress"}},
    {"stanzas",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"stanzas"}},
    {"init_pubkey",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"init_pubkey"}},
    {"resp_pubkey",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"resp_pubkey"}},
    {"ver", NULL, ESESSION_ENEG_FIELD, ES_NEG_COND_NOT_ACCEPTABLE, {"ver"}},
    {"rekey_freq",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"rekey_freq"}},
    {"my_nonce",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"my_nonce"}},
    {"sas_algs",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"sas_algs"}},
    {"dhhashes",
     NULL,
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"dhhashes", "dhkeys"}},
};

static void run_case(const field_case *c, char *text)
{
	es_policy bob;
	es_policy_default(&bob);
	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	esession_status st = bob_parse(text, &bob, &req, &err, &doc);
	ck_assert_msg(st == c->status, "field %s: status %d, expected %d",
	              c->var, (int)st, (int)c->status);
	nt_assert_error(&err, c->condition, c->fields);
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
	free(text);
}

START_TEST(request_field_missing)
{
	const field_case *c = &missing_cases[_i];
	char *text = default_request();
	run_case(c, nt_field_remove(text, c->var));
	free(text);
}
END_TEST

START_TEST(request_field_duplicated)
{
	const field_case *c = &missing_cases[_i];
	field_case dup = {c->var,
	                  NULL,
	                  ESESSION_EFORM_DUPLICATE,
	                  ES_NEG_COND_NOT_ACCEPTABLE,
	                  {c->var}};
	char *text = default_request();
	run_case(&dup, nt_field_duplicate(text, c->var));
	free(text);
}
END_TEST

#define LS(var, opts) \
	"<field type=\"list-single\" var=\"" var "\">" opts "</field>"
#define OPT(v) "<option><value>" v "</value></option>"

static const field_case wrong_cases[] = {
    {"FORM_TYPE",
     "<field type=\"hidden\" var=\"FORM_TYPE\"><value>urn:xmpp:other"
     "</value></field>",
     ESESSION_ENOT_ESESSION,
     ES_NEG_COND_NONE,
     {NULL}},
    {"accept",
     "<field type=\"boolean\" var=\"accept\"><value>0</value></field>",
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"accept"}},
    {"accept",
     "<field type=\"boolean\" var=\"accept\"><value>yes</value></field>",
     ESESSION_EFORM_BAD_VALUE,
     ES_NEG_COND_NONE,
     {NULL}},
    {"logging",
     LS("logging", OPT("sometimes")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"logging"}},
    {"disclosure",
     LS("disclosure", OPT("enabled")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"disclosure"}},
    {"security",
     LS("security", OPT("c2s") OPT("none")),
     ESESSION_ENOT_ESESSION,
     ES_NEG_COND_NONE,
     {NULL}},
    {"modp",
     LS("modp", OPT("1") OPT("2") OPT("3") OPT("4")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"modp"}},
    {"modp",
     LS("modp", OPT("14")),
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"dhhashes"}},
    {"crypt_algs",
     LS("crypt_algs", OPT("des-ctr") OPT("twofish192-ctr")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"crypt_algs"}},
    {"hash_algs",
     LS("hash_algs", OPT("md5") OPT("sha1")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"hash_algs"}},
    {"compress",
     LS("compress", OPT("zlib")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"compress"}},
    {"stanzas",
     "<field type=\"list-multi\" var=\"stanzas\">" OPT("foo") "</field>",
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"stanzas"}},
    {"init_pubkey",
     LS("init_pubkey", OPT("key") OPT("hash")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"init_pubkey"}},
    {"resp_pubkey",
     LS("resp_pubkey", OPT("hash")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"resp_pubkey"}},
    {"ver",
     LS("ver", OPT("2.0") OPT("1.2")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"ver"}},
    {"rekey_freq",
     "<field type=\"text-single\" var=\"rekey_freq\"><value>0</value>"
     "</field>",
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"rekey_freq"}},
    {"rekey_freq",
     "<field type=\"text-single\" var=\"rekey_freq\"><value>4294967296"
     "</value></field>",
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"rekey_freq"}},
    {"rekey_freq",
     "<field type=\"text-single\" var=\"rekey_freq\"><value>+5</value>"
     "</field>",
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"rekey_freq"}},
    {"my_nonce",
     "<field type=\"hidden\" var=\"my_nonce\"><value>"
     "AAECAwQFBgcICQoLDA0O</value></field>", /* 15 bytes */
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"my_nonce"}},
    {"my_nonce",
     "<field type=\"hidden\" var=\"my_nonce\"><value>AAEC AwQF</value>"
     "</field>",
     ESESSION_EBASE64_SPACE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"my_nonce"}},
    {"sas_algs",
     LS("sas_algs", OPT("sas99")),
     ESESSION_ENEG_UNACCEPTABLE,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"sas_algs"}},
    {"dhhashes",
     "<field type=\"hidden\" var=\"dhhashes\"><value>" NT_B64_HE5
     "</value><value>" NT_B64_HE14
     "</value><value>AQID</value><value>" NT_B64_HE1
     "</value></field>", /* third He 3 bytes */
     ESESSION_ENEG_FIELD,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"dhhashes"}},
    {"dhhashes",
     "<field type=\"hidden\" var=\"dhhashes\"><value>" NT_B64_HE5
     "</value><value>" NT_B64_HE14 "</value><value>" NT_B64_HE2
     "</value><value>AQI=A===</value></field>",
     ESESSION_EBASE64_PADDING,
     ES_NEG_COND_NOT_ACCEPTABLE,
     {"dhhashes"}},
};

START_TEST(request_field_wrong)
{
	const field_case *c = &wrong_cases[_i];
	char *text = default_request();
	run_case(c, nt_field_replace(text, c->var, c->replacement));
	free(text);
}
END_TEST

/* XEP-0116 §"ESession Rejection (Bob)": one error lists every field. */
START_TEST(request_not_acceptable_lists_all)
{
	char *text = default_request();
	char *a = nt_field_replace(
	    text, "modp", LS("modp", OPT("1") OPT("2") OPT("3") OPT("4")));
	char *b = nt_field_replace(a, "ver", LS("ver", OPT("1.2")));
	char *c = nt_field_remove(b, "my_nonce");
	char *d =
	    nt_field_replace(c, "disclosure", LS("disclosure", OPT("enabled")));
	field_case expect = {"*",
	                     NULL,
	                     ESESSION_ENEG_UNACCEPTABLE,
	                     ES_NEG_COND_NOT_ACCEPTABLE,
	                     {NULL}};
	es_policy bob;
	es_policy_default(&bob);
	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(bob_parse(d, &bob, &req, &err, &doc), expect.status);
	/* In the order of the XEP-0116 example; the status is the first
	 * failure's (disclosure: unacceptable). */
	NT_ASSERT_ERROR(&err, ES_NEG_COND_NOT_ACCEPTABLE, "disclosure", "modp",
	                "ver", "my_nonce");
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
	free(text);
	free(a);
	free(b);
	free(c);
	free(d);
}
END_TEST

START_TEST(request_three_message)
{
	es_policy alice;
	es_policy_default(&alice);
	alice.allow_3msg = true;
	alice.init_pubkey[0] = ES_PUBKEY_KEY;
	alice.init_pubkey[1] = ES_PUBKEY_NONE;
	alice.n_init_pubkey = 2;
	alice.resp_pubkey[0] = ES_PUBKEY_HASH;
	alice.resp_pubkey[1] = ES_PUBKEY_KEY;
	alice.n_resp_pubkey = 2;
	char *text = build_request(&alice, ES_NEG_MODE_3MSG);
	/* 3-message: no sas_algs, dhkeys, 'none' not offered, sign_algs. */
	ck_assert_ptr_null(strstr(text, "sas_algs"));
	ck_assert_ptr_null(strstr(text, "dhhashes"));
	ck_assert_ptr_nonnull(strstr(text, "var=\"dhkeys\""));
	ck_assert_ptr_nonnull(strstr(
	    text, "<field type=\"list-single\" var=\"init_pubkey\"><option>"
	          "<value>key</value></option></field>"));
	ck_assert_ptr_nonnull(strstr(text, "var=\"sign_algs\""));

	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	/* Default Bob: 4-message only -> feature-not-implemented [dhkeys]. */
	es_policy bob;
	es_policy_default(&bob);
	ck_assert_status(bob_parse(text, &bob, &req, &err, &doc),
	                 ESESSION_EUNSUPPORTED);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED, "dhkeys");
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);

	/* 3-message allowed but Bob only accepts pubkey none: 'none' is
	 * never selectable in 3-message. */
	bob.allow_3msg = true;
	ck_assert_status(bob_parse(text, &bob, &req, &err, &doc),
	                 ESESSION_ENEG_UNACCEPTABLE);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_NOT_ACCEPTABLE, "init_pubkey",
	                "resp_pubkey");
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);

	bob.init_pubkey[0] = ES_PUBKEY_KEY;
	bob.resp_pubkey[0] = ES_PUBKEY_KEY;
	bob.sign_algs[0] = ES_SIGN_DSA_SHA256;
	bob.n_sign_algs = 1;
	ck_assert_status(bob_parse(text, &bob, &req, &err, &doc), ESESSION_OK);
	ck_assert_int_eq(req.params.mode, ES_NEG_MODE_3MSG);
	ck_assert_int_eq(req.params.init_pubkey, ES_PUBKEY_KEY);
	ck_assert_int_eq(req.params.resp_pubkey, ES_PUBKEY_KEY);
	ck_assert_int_eq(req.params.sign_alg, ES_SIGN_DSA_SHA256);
	ck_assert_int_eq(req.params.sas_alg, 0);
	ck_assert_uint_eq(req.dh_value.len, 96);
	ck_assert_mem_eq(req.dh_value.data, ev[0], 96);
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);

	/* sign_algs required with a key mode. */
	char *nosign = nt_field_remove(text, "sign_algs");
	ck_assert_status(bob_parse(nosign, &bob, &req, &err, &doc),
	                 ESESSION_ENEG_FIELD);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_NOT_ACCEPTABLE, "sign_algs");
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
	free(nosign);

	/* sas_algs MUST NOT appear in a 3-message request. */
	char *sas = nt_replace(
	    text, "<field type=\"hidden\" var=\"my_nonce\">",
	    LS("sas_algs",
	       OPT("sas28x5")) "<field type=\"hidden\" var=\"my_nonce\">");
	ck_assert_status(bob_parse(sas, &bob, &req, &err, &doc),
	                 ESESSION_ENEG_FIELD);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_NOT_ACCEPTABLE, "sas_algs");
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
	free(sas);
	free(text);
}
END_TEST

START_TEST(request_both_dh_fields)
{
	char *text = default_request();
	char *both = nt_replace(text, "</x>",
	                        "<field type=\"hidden\" var=\"dhkeys\"><value>"
	                        "AQID</value></field></x>");
	es_policy bob;
	es_policy_default(&bob);
	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(bob_parse(both, &bob, &req, &err, &doc),
	                 ESESSION_ENEG_FIELD);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_NOT_ACCEPTABLE, "dhhashes", "dhkeys");
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	es_neg_stanza_info info;
	ck_assert_status(es_neg_classify(nt_parse(doc, both), &info),
	                 ESESSION_OK);
	ck_assert_int_eq(info.kind, ES_NEG_KIND_REQ_BAD);
	es_xml_doc_free(doc);
	free(both);
	free(text);
}
END_TEST

START_TEST(request_unknown_required_field)
{
	char *text = default_request();
	char *extra = nt_replace(
	    text, "</x>",
	    "<field type=\"boolean\" var=\"multisession\"><value>1</value>"
	    "<required/></field><field type=\"boolean\" var=\"optional\">"
	    "<value>1</value></field></x>");
	es_policy bob;
	es_policy_default(&bob);
	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(bob_parse(extra, &bob, &req, &err, &doc),
	                 ESESSION_ENEG_REQUIRED_UNKNOWN);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED,
	                "multisession");
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
	free(extra);
	free(text);
}
END_TEST

START_TEST(request_wrong_form_type_and_spellings)
{
	char *text = default_request();
	char *submit = nt_replace(text, "type=\"form\"", "type=\"submit\"");
	es_policy bob;
	es_policy_default(&bob);
	es_neg_request req;
	es_neg_error err;
	es_xml_doc *doc = NULL;
	ck_assert_status(bob_parse(submit, &bob, &req, &err, &doc),
	                 ESESSION_EUNEXPECTED);
	NT_ASSERT_NO_ERROR(&err);
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);

	/* logging and otr together: both named. */
	char *both =
	    nt_replace(text,
	               "<field type=\"list-single\" "
	               "var=\"disclosure\">",
	               LS("otr", OPT("true")) "<field type=\"list-single\" "
	                                      "var=\"disclosure\">");
	ck_assert_status(bob_parse(both, &bob, &req, &err, &doc),
	                 ESESSION_ENEG_FIELD);
	NT_ASSERT_ERROR(&err, ES_NEG_COND_NOT_ACCEPTABLE, "logging", "otr");
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);

	/* A plain SSN request (no e2e): not ours, security recorded. */
	char *plain =
	    nt_field_replace(text, "security", LS("security", OPT("c2s")));
	ck_assert_status(bob_parse(plain, &bob, &req, &err, &doc),
	                 ESESSION_ENOT_ESESSION);
	ck_assert_uint_eq(req.security_offered,
	                  ES_SECURITY_BIT(ES_SECURITY_C2S));
	es_neg_request_clear(&req);
	es_xml_doc_free(doc);
	free(plain);
	free(both);
	free(submit);
	free(text);
}
END_TEST

START_TEST(request_builder_rejects_bad_input)
{
	es_policy p;
	es_policy_default(&p);
	es_xml_doc *doc = NULL;
	es_xml_node *x = NULL;
	es_span dh[4];
	for (size_t i = 0; i < 4; i++) {
		dh[i].data = he[i];
		dh[i].len = 32;
	}
	const uint8_t *n = nt_bytes(0, 1, 32);
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	ck_assert_status(
	    es_neg_request_form(doc, &p, ES_NEG_MODE_4MSG, n, 32, dh, 3, &x),
	    ESESSION_EINVAL); /* 4 groups, 3 values */
	ck_assert_status(
	    es_neg_request_form(doc, &p, ES_NEG_MODE_4MSG, n, 15, dh, 4, &x),
	    ESESSION_EINVAL); /* nonce too short */
	dh[1].len = 31;
	ck_assert_status(
	    es_neg_request_form(doc, &p, ES_NEG_MODE_4MSG, n, 32, dh, 4, &x),
	    ESESSION_EINVAL); /* He not 32 bytes */
	dh[1].len = 32;
	ck_assert_status(
	    es_neg_request_form(doc, &p, ES_NEG_MODE_3MSG, n, 32, dh, 4, &x),
	    ESESSION_EINVAL); /* 3-message not allowed */
	p.groups[0] = 3;
	ck_assert_status(
	    es_neg_request_form(doc, &p, ES_NEG_MODE_4MSG, n, 32, dh, 4, &x),
	    ESESSION_EUNSUPPORTED); /* EC2N group 3 */
	es_xml_doc_free(doc);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("neg_request");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, request_fields_in_xep_order);
	tcase_add_test(tc, request_round_trip_default);
	tcase_add_test(tc, request_selection_follows_alice_order);
	tcase_add_test(tc, request_xep0116_example);
	tcase_add_test(tc, request_xep0217_example);
	tcase_add_loop_test(tc, request_field_missing, 0,
	                    (int)ES_ARRAY_LEN(missing_cases));
	tcase_add_loop_test(tc, request_field_duplicated, 0,
	                    (int)ES_ARRAY_LEN(missing_cases));
	tcase_add_loop_test(tc, request_field_wrong, 0,
	                    (int)ES_ARRAY_LEN(wrong_cases));
	tcase_add_test(tc, request_not_acceptable_lists_all);
	tcase_add_test(tc, request_three_message);
	tcase_add_test(tc, request_both_dh_fields);
	tcase_add_test(tc, request_unknown_required_field);
	tcase_add_test(tc, request_wrong_form_type_and_spellings);
	tcase_add_test(tc, request_builder_rejects_bad_input);
	suite_add_tcase(s, tc);
	return s;
}
