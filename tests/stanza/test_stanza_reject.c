/*
 * test_stanza_reject.c - XEP-0200 stanzas that must be refused, each with
 * its exact status, without moving the counter, and with a later valid
 * stanza still accepted: tampering, replay, reordering, MACs over
 * unnormalized content, malformed <c/>, unparsable plaintext.
 */
#include "stanza_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_C   "http://www.xmpp.org/extensions/xep-0200.html#ns"
#define ZERO_C "00000000000000000000000000000000"

static const char plain[] =
    "<message xmlns=\"jabber:client\" to=\"bob@example.com\">"
    "<body>Ninety-nine bytes of message body, enough for several blocks of "
    "AES.</body></message>";

/* The receiver refuses `wire` with `expected`, its counter unchanged
 * (`idx` names the case in a failure message). */
static void st_refuse_case(st_pair *p, const char *wire,
                           esession_status expected, size_t idx)
{
	char before[2 * ES_CTR_MAX_BLOCK_LEN + 1];
	strcpy(before, st_counter_hex(p->rx));
	uint64_t used = es_stanza_dir_blocks_used(p->rx);
	char *dec = NULL;
	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	esession_status got = st_decrypt(p->rx, wire, &dec, &rx);
	ck_assert_msg(got == expected, "case %zu: got %d (%s), expected %d",
	              idx, (int)got, esession_strerror(got), (int)expected);
	ck_assert_ptr_null(dec);
	ck_assert_ptr_null(rx.key);
	ck_assert_ptr_null(rx.old);
	ck_assert_str_eq(st_counter_hex(p->rx), before);
	ck_assert_uint_eq(es_stanza_dir_blocks_used(p->rx), used);
}

static void st_refuse(st_pair *p, const char *wire, esession_status expected)
{
	st_refuse_case(p, wire, expected, 0);
}

/* The receiver accepts `wire`. */
static void st_accept(st_pair *p, const char *wire)
{
	char *dec = NULL;
	ck_assert_status(st_decrypt(p->rx, wire, &dec, NULL), ESESSION_OK);
	free(dec);
}

/* `wire` with the decoded bytes of <name> changed at byte i. */
static char *st_flip(const char *wire, const char *name, size_t i,
                     size_t *n_bytes)
{
	char *text = st_element_text(wire, name);
	uint8_t *b = st_unb64(text, n_bytes);
	char *out = NULL;
	if (i < *n_bytes) {
		b[i] ^= 0x01;
		char *t = st_b64(b, *n_bytes);
		out = st_replace_text(wire, name, t);
		free(t);
	}
	free(b);
	free(text);
	return out;
}

START_TEST(tamper_every_byte_of_data_and_mac)
{
	static const char *const fields[] = {"data", "mac"};
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, ZERO_C);
	char *wire = NULL;
	ck_assert_status(st_encrypt(p.tx, plain, NULL, &wire), ESESSION_OK);
	for (size_t f = 0; f < ES_ARRAY_LEN(fields); f++) {
		size_t n = 0;
		for (size_t i = 0;; i++) {
			char *bad = st_flip(wire, fields[f], i, &n);
			if (bad == NULL)
				break;
			st_refuse(&p, bad, ESESSION_EMAC);
			free(bad);
		}
		ck_assert_uint_gt(n, 16);
	}
	st_accept(&p, wire);
	free(wire);
	st_pair_free(&p);
}
END_TEST

START_TEST(tamper_key_new_old)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, ZERO_C);
	uint8_t key[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	uint8_t old[32] = {0};
	es_span olds[1] = {{old, sizeof(old)}};
	es_stanza_extras x = {key, sizeof(key), 3, olds, 1};
	char *wire = NULL;
	ck_assert_status(st_encrypt(p.tx, plain, &x, &wire), ESESSION_OK);
	size_t n = 0;
	char *bad = st_flip(wire, "key", 0, &n);
	st_refuse(&p, bad, ESESSION_EMAC);
	free(bad);
	bad = st_flip(wire, "old", 31, &n);
	st_refuse(&p, bad, ESESSION_EMAC);
	free(bad);
	bad = st_replace_text(wire, "new", "4");
	st_refuse(&p, bad, ESESSION_EMAC);
	free(bad);
	/* Dropping a covered element breaks the MAC too. */
	char *k = st_element_text(wire, "key");
	char drop[128];
	snprintf(drop, sizeof(drop), "<key>%s</key>", k);
	bad = strdup(wire);
	char *at = strstr(bad, drop);
	memmove(at, at + strlen(drop), strlen(at + strlen(drop)) + 1);
	st_refuse(&p, bad, ESESSION_EMAC);
	free(bad);
	free(k);
	st_accept(&p, wire);
	free(wire);
	st_pair_free(&p);
}
END_TEST

START_TEST(replay_and_reorder)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, ZERO_C);
	char *w1 = NULL;
	char *w2 = NULL;
	char *w3 = NULL;
	ck_assert_status(st_encrypt(p.tx, plain, NULL, &w1), ESESSION_OK);
	ck_assert_status(st_encrypt(p.tx, plain, NULL, &w2), ESESSION_OK);
	ck_assert_status(st_encrypt(p.tx, "<message/>", NULL, &w3),
	                 ESESSION_OK);
	/* Reordered: w2 is MACed with a later counter. */
	st_refuse(&p, w2, ESESSION_EMAC);
	st_accept(&p, w1);
	/* Replayed: the counter has moved on. */
	st_refuse(&p, w1, ESESSION_EMAC);
	st_accept(&p, w2);
	st_refuse(&p, w2, ESESSION_EMAC);
	st_refuse(&p, w1, ESESSION_EMAC);
	/* An empty stanza consumes a counter value too: no replay. */
	st_accept(&p, w3);
	st_refuse(&p, w3, ESESSION_EMAC);
	free(w1);
	free(w2);
	free(w3);
	st_pair_free(&p);
}
END_TEST

/*
 * Build a stanza by hand with the raw primitives, as a peer would: m is
 * encrypted under the test KC from counter c0 (hex), and the MAC covers
 * mac_content | c0 verbatim. The <c/> element's inner text is c_inner with
 * %D replaced by the base64 of m_final and %M by the base64 of the MAC.
 */
static char *st_craft(const char *m, const char *c0_hex,
                      const char *mac_content_fmt, const char *c_inner_fmt)
{
	uint8_t kc[32];
	uint8_t km[64];
	size_t kc_len = 0;
	size_t km_len = 0;
	size_t c_len = 0;
	st_test_kc(ES_CIPHER_AES128_CTR, kc, &kc_len);
	st_test_km(ES_HASH_SHA256, km, &km_len);
	uint8_t *c0 = es_test_unhex(c0_hex, &c_len);
	es_ctr *ctr = NULL;
	ck_assert_status(
	    es_ctr_new(&ctr, ES_CIPHER_AES128_CTR, kc, kc_len, c0, c_len),
	    ESESSION_OK);
	size_t m_len = strlen(m);
	uint8_t *m_final = malloc(m_len + 1);
	ck_assert_status(
	    es_ctr_encrypt(ctr, m_final, (const uint8_t *)m, m_len),
	    ESESSION_OK);
	char *data = st_b64(m_final, m_len);

	/* The MAC input: the format with %D replaced. */
	char content[4096];
	char inner[4096];
	const char *d = strstr(mac_content_fmt, "%D");
	ck_assert_ptr_nonnull(d);
	snprintf(content, sizeof(content), "%.*s%s%s",
	         (int)(d - mac_content_fmt), mac_content_fmt, data, d + 2);
	uint8_t mac[32];
	es_span parts[2] = {{(const uint8_t *)content, strlen(content)},
	                    {c0, c_len}};
	ck_assert_status(
	    es_hmac(ES_HASH_SHA256, km, km_len, parts, 2, mac, sizeof(mac)),
	    ESESSION_OK);
	char *mac64 = st_b64(mac, sizeof(mac));

	const char *dd = strstr(c_inner_fmt, "%D");
	const char *mm = strstr(c_inner_fmt, "%M");
	ck_assert(dd != NULL && mm != NULL && dd < mm);
	snprintf(inner, sizeof(inner), "%.*s%s%.*s%s%s",
	         (int)(dd - c_inner_fmt), c_inner_fmt, data, (int)(mm - dd - 2),
	         dd + 2, mac64, mm + 2);
	size_t n = strlen(inner) + 128;
	char *wire = malloc(n);
	snprintf(wire, n, "<message><c xmlns=\"" NS_C "\">%s</c></message>",
	         inner);
	es_ctr_free(ctr);
	free(c0);
	free(m_final);
	free(data);
	free(mac64);
	return wire;
}

START_TEST(mac_over_unnormalized_content_fails)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, ZERO_C);
	const char *m = "<body>hi</body>";
	/* Control: a pretty-printed <c/> whose MAC covers the normalized
	 * content verifies (white space between the children is not part of
	 * m_content). */
	char *good = st_craft(m, ZERO_C, "<data>%D</data>",
	                      "\n  <data>%D</data>\n  <mac>%M</mac>\n");
	/* The same <c/> MACed as sent, white space kept: refused. */
	char *bad = st_craft(m, ZERO_C, "\n  <data>%D</data>\n  ",
	                     "\n  <data>%D</data>\n  <mac>%M</mac>\n");
	/* Or with the <c> tags included. */
	char *bad2 = st_craft(m, ZERO_C, "<c><data>%D</data></c>",
	                      "<data>%D</data><mac>%M</mac>");
	st_refuse(&p, bad, ESESSION_EMAC);
	st_refuse(&p, bad2, ESESSION_EMAC);
	st_accept(&p, good);
	free(good);
	free(bad);
	free(bad2);
	st_pair_free(&p);
}
END_TEST

START_TEST(unparsable_plaintext_gives_parser_status)
{
	static const struct {
		const char *m;
		esession_status st;
	} cases[] = {
	    {"<body>x</body><!-- c -->", ESESSION_EXML_COMMENT},
	    {"<body>x</body></message><message>", ESESSION_EXML_SYNTAX},
	    {"<body>x</bod>", ESESSION_EXML_SYNTAX},
	    {"<?pi x?>", ESESSION_EXML_PI},
	    {"<p:body>x</p:body>", ESESSION_EXML_NAMESPACE},
	    {"<body>&ent;</body>", ESESSION_EXML_ENTITY},
	    {"<body>\xff</body>", ESESSION_EXML_UTF8},
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(cases); i++) {
		st_pair p;
		st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, ZERO_C);
		char *wire = st_craft(cases[i].m, ZERO_C, "<data>%D</data>",
		                      "<data>%D</data><mac>%M</mac>");
		char *dec = NULL;
		ck_assert_status(st_decrypt(p.rx, wire, &dec, NULL),
		                 cases[i].st);
		/* The MAC was valid: the counter moved as the sender's did. */
		size_t blocks = (strlen(cases[i].m) + 15) / 16;
		ck_assert_uint_eq(es_stanza_dir_blocks_used(p.rx), blocks);
		free(wire);
		st_pair_free(&p);
	}
}
END_TEST

/* <c/> contents that must be refused before any MAC is computed. Every
 * case is a <message/> in jabber:client unless it says otherwise. */
static const struct {
	const char *wire;
	esession_status st;
} malformed[] = {
    /* Not an encrypted stanza. */
    {"<message><body>hi</body></message>", ESESSION_EPLAINTEXT},
    {"<message/>", ESESSION_EPLAINTEXT},
    /* Two <c/>. */
    {"<message><c xmlns='" NS_C "'><mac>AAAA</mac></c>"
     "<c xmlns='" NS_C "'><mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    /* Plaintext beside <c/>: would be delivered as if protected. */
    {"<message><body>injected</body><c xmlns='" NS_C "'>"
     "<mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message>text<c xmlns='" NS_C "'><mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    /* <mac/> missing or twice; <data/>, <key/>, <new/> twice. */
    {"<message><c xmlns='" NS_C "'><data>AAAA</data></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><mac>AAAA</mac><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><data>AAAA</data><data>AAAA</data>"
     "<mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><key>AAAA</key><key>AAAA</key>"
     "<mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><new>1</new><new>1</new>"
     "<mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    /* <new/> not a positive decimal. */
    {"<message><c xmlns='" NS_C "'><new>0</new><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><new>01</new><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><new>+1</new><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><new> 1</new><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><new></new><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><new>4294967296</new><mac>AAAA</mac>"
     "</c></message>",
     ESESSION_ESTANZA},
    /* Unknown children, foreign namespaces, text, attributes, nesting. */
    {"<message><c xmlns='" NS_C "'><foo/><mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><data xmlns='urn:x'>AAAA</data>"
     "<mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'>AAAA<mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "' id='1'><mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><mac a='b'>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><data><x/></data><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_ESTANZA},
    /* Empty <data/>, <key/>, <old/>. */
    {"<message><c xmlns='" NS_C "'><data/><mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><key/><mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message><c xmlns='" NS_C "'><old/><mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    /* <c/> inside <error/>: only in a type='error' stanza, only once. */
    {"<message><error><c xmlns='" NS_C "'><mac>AAAA</mac></c></error>"
     "<c xmlns='" NS_C "'><mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    {"<message type='error'><error><c xmlns='" NS_C "'><mac>AAAA</mac></c>"
     "<c xmlns='" NS_C "'><mac>AAAA</mac></c></error>"
     "<c xmlns='" NS_C "'><mac>AAAA</mac></c></message>",
     ESESSION_ESTANZA},
    /* Not a stanza we handle. */
    {"<foo><c xmlns='" NS_C "'><mac>AAAA</mac></c></foo>", ESESSION_ESTANZA},
    {"<message xmlns='jabber:server'><c xmlns='" NS_C "'><mac>AAAA</mac>"
     "</c></message>",
     ESESSION_ESTANZA},
    /* Strict base64 (RFC 4648 §4) in every field. */
    {"<message><c xmlns='" NS_C "'><data>AB==</data><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_EBASE64_NONCANON},
    {"<message><c xmlns='" NS_C "'><data>AA AA</data><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_EBASE64_SPACE},
    {"<message><c xmlns='" NS_C "'><key>AAA</key><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_EBASE64_LENGTH},
    {"<message><c xmlns='" NS_C "'><old>AA*A</old><mac>AAAA</mac></c>"
     "</message>",
     ESESSION_EBASE64_CHAR},
    {"<message><c xmlns='" NS_C "'><mac>A=AA</mac></c></message>",
     ESESSION_EBASE64_PADDING},
    /* Well-formed but wrong MAC lengths are MAC failures. */
    {"<message><c xmlns='" NS_C "'><mac>AAAA</mac></c></message>",
     ESESSION_EMAC},
    {"<message><c xmlns='" NS_C "'><mac></mac></c></message>", ESESSION_EMAC},
    /* Not XML at all: the parser's status. */
    {"<message><c xmlns='" NS_C "'>", ESESSION_EXML_TRUNCATED},
};

START_TEST(malformed_c_refused)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, ZERO_C);
	char *wire = NULL;
	ck_assert_status(st_encrypt(p.tx, plain, NULL, &wire), ESESSION_OK);
	for (size_t i = 0; i < ES_ARRAY_LEN(malformed); i++) {
		st_refuse_case(&p, malformed[i].wire, malformed[i].st, i);
	}
	st_accept(&p, wire);
	free(wire);
	st_pair_free(&p);
}
END_TEST

START_TEST(kinds_not_negotiated)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, ZERO_C);
	const char *s = "<presence><show>dnd</show></presence>";
	es_xml_buf out;
	es_xml_buf_init(&out, 0);
	ck_assert_status(es_stanza_encrypt_text(p.tx, ES_STANZA_MESSAGE,
	                                        (const uint8_t *)s, strlen(s),
	                                        NULL, &out),
	                 ESESSION_ESTANZA_KIND);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_str_eq(st_counter_hex(p.tx), ZERO_C);
	char *wire = NULL;
	ck_assert_status(st_encrypt(p.tx, s, NULL, &wire), ESESSION_OK);
	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	ck_assert_status(es_stanza_decrypt_text(
	                     p.rx, ES_STANZA_MESSAGE | ES_STANZA_IQ,
	                     (const uint8_t *)wire, strlen(wire), &out, &rx),
	                 ESESSION_ESTANZA_KIND);
	ck_assert_str_eq(st_counter_hex(p.rx), ZERO_C);
	st_accept(&p, wire);
	free(wire);
	es_xml_buf_free(&out);
	st_pair_free(&p);
}
END_TEST

START_TEST(encrypt_refusals_leave_no_trace)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, ZERO_C);
	static const struct {
		const char *s;
		esession_status st;
	} cases[] = {
	    {"<message><c xmlns='" NS_C "'/></message>", ESESSION_ESTANZA},
	    {"<message>text</message>", ESESSION_ESTANZA},
	    {"<foo/>", ESESSION_ESTANZA},
	    {"<message xmlns='urn:x'/>", ESESSION_ESTANZA},
	    {"<message><body>", ESESSION_EXML_TRUNCATED},
	};
	for (size_t i = 0; i < ES_ARRAY_LEN(cases); i++) {
		char *out = NULL;
		ck_assert_status(st_encrypt(p.tx, cases[i].s, NULL, &out),
		                 cases[i].st);
		ck_assert_str_eq(st_counter_hex(p.tx), ZERO_C);
		ck_assert_uint_eq(es_stanza_dir_blocks_used(p.tx), 0);
	}
	/* Malformed extras are a usage error. */
	es_stanza_extras x = {NULL, 4, 0, NULL, 0};
	char *out = NULL;
	ck_assert_status(st_encrypt(p.tx, plain, &x, &out), ESESSION_EINVAL);
	uint8_t b[1] = {0};
	es_span empty_old[1] = {{b, 0}};
	es_stanza_extras y = {NULL, 0, 0, empty_old, 1};
	ck_assert_status(st_encrypt(p.tx, plain, &y, &out), ESESSION_EINVAL);
	ck_assert_str_eq(st_counter_hex(p.tx), ZERO_C);
	/* The receiver's result holder must be empty. */
	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	rx.key = b;
	es_xml_buf buf;
	es_xml_buf_init(&buf, 0);
	ck_assert_status(es_stanza_decrypt_text(p.rx, ES_STANZA_ALL_KINDS,
	                                        (const uint8_t *)plain,
	                                        strlen(plain), &buf, &rx),
	                 ESESSION_EINVAL);
	es_xml_buf_free(&buf);
	st_pair_free(&p);
}
END_TEST

START_TEST(dir_arguments)
{
	es_stanza_dir *d = NULL;
	uint8_t k[32] = {0};
	uint8_t c[16] = {0};
	ck_assert_status(es_stanza_dir_new(NULL, ES_CIPHER_AES128_CTR,
	                                   ES_HASH_SHA256, k, 16, k, 32, c, 16),
	                 ESESSION_EINVAL);
	ck_assert_status(es_stanza_dir_new(&d, ES_CIPHER_AES128_CTR,
	                                   ES_HASH_SHA256, k, 16, k, 0, c, 16),
	                 ESESSION_EINVAL);
	ck_assert_status(es_stanza_dir_new(&d, ES_CIPHER_AES128_CTR,
	                                   ES_HASH_SHA256, k, 15, k, 32, c, 16),
	                 ESESSION_EKEY);
	ck_assert_status(es_stanza_dir_new(&d, ES_CIPHER_AES128_CTR,
	                                   ES_HASH_SHA256, k, 16, k, 32, c, 8),
	                 ESESSION_ECOUNTER);
	ck_assert_status(es_stanza_dir_new(&d, (es_cipher_alg)99,
	                                   ES_HASH_SHA256, k, 16, k, 32, c, 16),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_status(es_stanza_dir_new(&d, ES_CIPHER_AES128_CTR,
	                                   (es_hash_alg)99, k, 16, k, 32, c,
	                                   16),
	                 ESESSION_EUNSUPPORTED);
	ck_assert_ptr_null(d);
	uint8_t small[8];
	ck_assert_status(es_stanza_dir_new(&d, ES_CIPHER_AES128_CTR,
	                                   ES_HASH_SHA256, k, 16, k, 32, c, 16),
	                 ESESSION_OK);
	ck_assert_status(es_stanza_dir_counter(d, small, sizeof(small)),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(es_stanza_dir_rekey(d, k, 16, NULL, 0),
	                 ESESSION_EINVAL);
	es_stanza_dir_free(d);
	es_stanza_dir_free(NULL);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("stanza_reject");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, tamper_every_byte_of_data_and_mac);
	tcase_add_test(tc, tamper_key_new_old);
	tcase_add_test(tc, replay_and_reorder);
	tcase_add_test(tc, mac_over_unnormalized_content_fails);
	tcase_add_test(tc, unparsable_plaintext_gives_parser_status);
	tcase_add_test(tc, malformed_c_refused);
	tcase_add_test(tc, kinds_not_negotiated);
	tcase_add_test(tc, encrypt_refusals_leave_no_trace);
	tcase_add_test(tc, dir_arguments);
	suite_add_tcase(s, tc);
	return s;
}
