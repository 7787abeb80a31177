/*
 * test_stanza.c - XEP-0200 encryption and decryption that must succeed:
 * known answers, round trips of every kind, size, cipher and hash, the
 * counters of both sides, clear children, re-keying and the block limit.
 *
 * Known answers: computed outside esession by
 * tests/stanza/kat/stanza_kat.py (python3 hashlib/hmac/base64 and
 * `cryptography` AES-ECB per counter value), from the byte strings of
 * spec/byte-strings.md §4-§5. Never outputs of this code.
 */
#include "stanza_test.h"

#include "xml_parse.h"
#include "xml_serialize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_C "http://www.xmpp.org/extensions/xep-0200.html#ns"

/* ---- known answers ---------------------------------------------------- */

/* Plaintext of stanza_kat.py "message": <amp/> before the content, as in
 * the XEP-0200 §"Encryptable Content" example. */
static const char kat1_plain[] =
    "<message xmlns=\"jabber:client\" from=\"alice@example.org/pda\" "
    "to=\"bob@example.com/laptop\" type=\"chat\">"
    "<thread>ffd7076498744578d10edabfe7f4a866</thread>"
    "<body>Hello, Bob!</body>"
    "<amp xmlns=\"http://jabber.org/protocol/amp\" per-hop=\"true\">"
    "<rule action=\"error\" condition=\"match-resource\" value=\"exact\"/>"
    "</amp>"
    "<active xmlns=\"http://jabber.org/protocol/chatstates\"/>"
    "</message>";

/* stanza_kat.py output "message" (C0 = 0123..3210, C1 = C0 + 5). */
static const char kat1_wire[] =
    "<message xmlns=\"jabber:client\" from=\"alice@example.org/pda\" "
    "to=\"bob@example.com/laptop\" type=\"chat\">"
    "<thread>ffd7076498744578d10edabfe7f4a866</thread>"
    "<c xmlns=\"" NS_C "\">"
    "<data>uu8W2TCbIHmWhWeBcXJkwozmrI2WDAoHqeXRgXLT7qs5vQT2MVV+ynx2uioqEZQI"
    "8ult9Z5Ldc/HCZ0vpa1h70tAX/3STjRdR1q3qT0CWw==</data>"
    "<mac>5fwXzG7X9ASnGgjMTjba8jTh6SdgYDbj/sw9SuroR+k=</mac></c>"
    "<amp xmlns=\"http://jabber.org/protocol/amp\" per-hop=\"true\">"
    "<rule action=\"error\" condition=\"match-resource\" value=\"exact\"/>"
    "</amp></message>";

START_TEST(kat_message)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "0123456789abcdeffedcba9876543210");
	char *enc = NULL;
	ck_assert_status(st_encrypt(p.tx, kat1_plain, NULL, &enc), ESESSION_OK);
	ck_assert_str_eq(enc, kat1_wire);
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "0123456789abcdeffedcba9876543215");
	ck_assert_uint_eq(es_stanza_dir_blocks_used(p.tx), 5);

	char *dec = NULL;
	ck_assert_status(st_decrypt(p.rx, kat1_wire, &dec, NULL), ESESSION_OK);
	/* <c/> was where the content goes back: after <thread/>, before
	 * <amp/>. */
	ck_assert_str_eq(
	    dec,
	    "<message xmlns=\"jabber:client\" from=\"alice@example.org/pda\" "
	    "to=\"bob@example.com/laptop\" type=\"chat\">"
	    "<thread>ffd7076498744578d10edabfe7f4a866</thread>"
	    "<body>Hello, Bob!</body>"
	    "<active xmlns=\"http://jabber.org/protocol/chatstates\"/>"
	    "<amp xmlns=\"http://jabber.org/protocol/amp\" per-hop=\"true\">"
	    "<rule action=\"error\" condition=\"match-resource\" "
	    "value=\"exact\"/></amp></message>");
	ck_assert_str_eq(st_counter_hex(p.rx),
	                 "0123456789abcdeffedcba9876543215");
	free(enc);
	free(dec);
	st_pair_free(&p);
}
END_TEST

/* stanza_kat.py "rekey-wrap": C0 = 2^128 - 1, <key/>, <new/>, <old/>s. */
static const char kat2_wire[] =
    "<message to=\"bob@example.com/laptop\"><c xmlns=\"" NS_C "\">"
    "<data>ACZwVrc54UwRudb8fHDMYafRSBfv6innU2DjDcWx5g==</data>"
    "<key>BQECAwQFBgcICQoLDA0ODxAREhM=</key><new>2</new>"
    "<old>qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqo=</old>"
    "<old>VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVU=</old>"
    "<mac>b3rhyNajsEPSIX+giCRXIitjU3GtUC5VIa1eZkcITK4=</mac></c></message>";

START_TEST(kat_rekey_fields_and_wrap)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "ffffffffffffffffffffffffffffffff");
	uint8_t key[20];
	uint8_t old1[32];
	uint8_t old2[32];
	key[0] = 5;
	for (size_t i = 1; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	memset(old1, 0xaa, sizeof(old1));
	memset(old2, 0x55, sizeof(old2));
	es_span olds[2] = {{old1, sizeof(old1)}, {old2, sizeof(old2)}};
	es_stanza_extras x = {key, sizeof(key), 2, olds, 2};

	char *enc = NULL;
	ck_assert_status(st_encrypt(p.tx,
	                            "<message to=\"bob@example.com/laptop\">"
	                            "<body>counter wraps here</body></message>",
	                            &x, &enc),
	                 ESESSION_OK);
	ck_assert_str_eq(enc, kat2_wire);
	/* Two blocks: ff..ff, then 00..00; next is 00..01. */
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "00000000000000000000000000000001");

	/* The session reads <new/> first, to choose the keys (XEP-0200
	 * §"Decrypting a Stanza" step 1). */
	es_xml_doc *doc = NULL;
	es_xml_parser *parser = NULL;
	es_xml_node *tree = NULL;
	uint32_t new_count = 0;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	ck_assert_status(es_xml_parser_new(&parser, NULL), ESESSION_OK);
	ck_assert_status(es_xml_parse(parser, doc, (const uint8_t *)kat2_wire,
	                              strlen(kat2_wire), &tree),
	                 ESESSION_OK);
	ck_assert_status(
	    es_stanza_peek_new(tree, ES_STANZA_ALL_KINDS, &new_count),
	    ESESSION_OK);
	ck_assert_uint_eq(new_count, 2);
	ck_assert_status(es_stanza_peek_new(tree, ES_STANZA_IQ, &new_count),
	                 ESESSION_ESTANZA_KIND);
	es_xml_parser_free(parser);
	es_xml_doc_free(doc);

	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	char *dec = NULL;
	ck_assert_status(st_decrypt(p.rx, kat2_wire, &dec, &rx), ESESSION_OK);
	ck_assert_str_eq(dec, "<message to=\"bob@example.com/laptop\">"
	                      "<body>counter wraps here</body></message>");
	ck_assert_uint_eq(rx.key_len, sizeof(key));
	ck_assert_mem_eq(rx.key, key, sizeof(key));
	ck_assert_uint_eq(rx.new_count, 2);
	ck_assert_uint_eq(rx.n_old, 2);
	ck_assert_uint_eq(rx.old[0].len, 32);
	ck_assert_mem_eq(rx.old[0].data, old1, 32);
	ck_assert_mem_eq(rx.old[1].data, old2, 32);
	ck_assert(!rx.error_c_present);
	ck_assert_str_eq(st_counter_hex(p.rx),
	                 "00000000000000000000000000000001");
	es_stanza_received_clear(&rx);
	free(enc);
	free(dec);
	st_pair_free(&p);
}
END_TEST

/* ---- round trips ------------------------------------------------------ */

/* A <message/> whose m = "<body>" text "</body>" has m_len bytes. */
static char *st_body_stanza(const char *wrapper, size_t m_len)
{
	size_t text_len = m_len - 13;
	char *text = malloc(text_len + 1);
	ck_assert_ptr_nonnull(text);
	for (size_t i = 0; i < text_len; i++)
		text[i] = (char)('a' + i % 26);
	text[text_len] = '\0';
	size_t n = strlen(wrapper) * 2 + text_len + 64;
	char *s = malloc(n);
	ck_assert_ptr_nonnull(s);
	snprintf(s, n,
	         "<%s xmlns=\"jabber:client\" to=\"bob@example.com\">"
	         "<body>%s</body></%s>",
	         wrapper, text, wrapper);
	free(text);
	return s;
}

START_TEST(round_trip_kinds_and_sizes)
{
	static const char *const kinds[] = {"message", "presence", "iq"};
	/* m lengths: one partial block, exactly one block, one byte more,
	 * 1 KiB of body text (m = 1037 bytes). */
	static const size_t m_lens[] = {14, 16, 17, 32, 33, 1037};
	for (size_t k = 0; k < ES_ARRAY_LEN(kinds); k++) {
		for (size_t i = 0; i < ES_ARRAY_LEN(m_lens); i++) {
			st_pair p;
			st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
			            "00000000000000000000000000000000");
			char *s = st_body_stanza(kinds[k], m_lens[i]);
			char *dec = st_round_trip(&p, s);
			ck_assert_str_eq(dec, s);
			/* XEP-0200: one counter value per block or partial
			 * block. */
			ck_assert_uint_eq(es_stanza_dir_blocks_used(p.tx),
			                  (m_lens[i] + 15) / 16);
			ck_assert_uint_eq(es_stanza_dir_blocks_used(p.rx),
			                  (m_lens[i] + 15) / 16);
			free(s);
			free(dec);
			st_pair_free(&p);
		}
	}
}
END_TEST

START_TEST(round_trip_one_byte_payload)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "00000000000000000000000000000000");
	const char *s = "<message><body>x</body></message>";
	char *dec = st_round_trip(&p, s);
	ck_assert_str_eq(dec, s);
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "00000000000000000000000000000001");
	free(dec);
	st_pair_free(&p);
}
END_TEST

START_TEST(round_trip_empty_content)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "000000000000000000000000000000fe");
	char *enc = NULL;
	/* Only clear children: no <data/>, the counter moves by 1. */
	ck_assert_status(
	    st_encrypt(p.tx, "<message><thread>t1</thread>\n  </message>", NULL,
	               &enc),
	    ESESSION_OK);
	ck_assert_ptr_null(strstr(enc, "<data>"));
	ck_assert_ptr_nonnull(strstr(enc, "<mac>"));
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "000000000000000000000000000000ff");
	char *dec = NULL;
	ck_assert_status(st_decrypt(p.rx, enc, &dec, NULL), ESESSION_OK);
	ck_assert_str_eq(dec, "<message><thread>t1</thread></message>");
	ck_assert_str_eq(st_counter_hex(p.rx),
	                 "000000000000000000000000000000ff");
	free(enc);
	free(dec);
	/* No content at all, as for a bare re-key stanza. */
	ck_assert_status(st_encrypt(p.tx, "<presence/>", NULL, &enc),
	                 ESESSION_OK);
	ck_assert_status(st_decrypt(p.rx, enc, &dec, NULL), ESESSION_OK);
	ck_assert_str_eq(dec, "<presence/>");
	ck_assert_str_eq(st_counter_hex(p.rx),
	                 "00000000000000000000000000000100");
	free(enc);
	free(dec);
	st_pair_free(&p);
}
END_TEST

START_TEST(round_trip_every_cipher_and_hash)
{
	static const es_cipher_alg ciphers[] = {
	    ES_CIPHER_NONE,           ES_CIPHER_AES128_CTR,
	    ES_CIPHER_AES192_CTR,     ES_CIPHER_AES256_CTR,
	    ES_CIPHER_TWOFISH128_CTR, ES_CIPHER_TWOFISH256_CTR,
	    ES_CIPHER_SERPENT128_CTR, ES_CIPHER_SERPENT192_CTR,
	    ES_CIPHER_SERPENT256_CTR};
	static const es_hash_alg hashes[] = {ES_HASH_SHA256, ES_HASH_WHIRLPOOL};
	for (size_t c = 0; c < ES_ARRAY_LEN(ciphers); c++) {
		for (size_t h = 0; h < ES_ARRAY_LEN(hashes); h++) {
			st_pair p;
			st_pair_new(&p, ciphers[c], hashes[h],
			            "7fffffffffffffffffffffffffffffff");
			for (size_t i = 0; i < 3; i++) {
				char *s =
				    st_body_stanza("message", 14 + 40 * i);
				char *dec = st_round_trip(&p, s);
				ck_assert_str_eq(dec, s);
				free(s);
				free(dec);
			}
			st_pair_free(&p);
		}
	}
}
END_TEST

START_TEST(cipher_none_sends_m_and_counts_one)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_NONE, ES_HASH_SHA256,
	            "00000000000000000000000000000010");
	char *enc = NULL;
	ck_assert_status(st_encrypt(p.tx,
	                            "<message><body>integrity only, no "
	                            "secrecy at all</body></message>",
	                            NULL, &enc),
	                 ESESSION_OK);
	/* XEP-0200: "encryption MUST NOT be performed", the content is still
	 * base64-encoded, and C_A is incremented by 1. */
	char *data = st_element_text(enc, "data");
	size_t len = 0;
	uint8_t *m = st_unb64(data, &len);
	const char *expect = "<body>integrity only, no secrecy at all</body>";
	ck_assert_uint_eq(len, strlen(expect));
	ck_assert_mem_eq(m, expect, len);
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "00000000000000000000000000000011");
	char *dec = NULL;
	ck_assert_status(st_decrypt(p.rx, enc, &dec, NULL), ESESSION_OK);
	ck_assert_str_eq(st_counter_hex(p.rx),
	                 "00000000000000000000000000000011");
	free(data);
	free(m);
	free(enc);
	free(dec);
	st_pair_free(&p);
}
END_TEST

START_TEST(counters_stay_in_step)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES256_CTR, ES_HASH_SHA256,
	            "0000000000000000ffffffffffffff00");
	uint64_t blocks = 0;
	for (size_t i = 0; i < 300; i++) {
		size_t m_len = 14 + (i * 37) % 500;
		char *s = st_body_stanza(i % 3 == 0 ? "iq" : "message", m_len);
		char *dec = st_round_trip(&p, s);
		ck_assert_str_eq(dec, s);
		blocks += (m_len + 15) / 16;
		ck_assert_uint_eq(es_stanza_dir_blocks_used(p.tx), blocks);
		ck_assert_uint_eq(es_stanza_dir_blocks_used(p.rx), blocks);
		free(s);
		free(dec);
	}
	st_pair_free(&p);
}
END_TEST

START_TEST(counter_wraps_at_2_pow_n)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "fffffffffffffffffffffffffffffffe");
	/* 3 blocks: ff..fe, ff..ff, 00..00. */
	char *s = st_body_stanza("message", 40);
	char *dec = st_round_trip(&p, s);
	ck_assert_str_eq(dec, s);
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "00000000000000000000000000000001");
	free(dec);
	dec = st_round_trip(&p, s);
	ck_assert_str_eq(dec, s);
	free(dec);
	free(s);
	st_pair_free(&p);
}
END_TEST

/* ---- clear children ---------------------------------------------------- */

START_TEST(thread_amp_error_stay_in_clear)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "00000000000000000000000000000000");
	/* XEP-0200 §"Encryptable Content", the iq error example. */
	const char *s =
	    "<iq xmlns=\"jabber:client\" from=\"alice@example.org/pda\" "
	    "to=\"bob@example.com/laptop\" id=\"publish1\" type=\"error\">"
	    "<pubsub xmlns=\"http://jabber.org/protocol/pubsub\">"
	    "<publish node=\"princely_musings\"><item id=\"ae89\"/></publish>"
	    "</pubsub>"
	    "<error type=\"modify\"><not-acceptable "
	    "xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
	    "<payload-too-big "
	    "xmlns=\"http://jabber.org/protocol/pubsub#errors\"/>"
	    "</error></iq>";
	char *enc = NULL;
	ck_assert_status(st_encrypt(p.tx, s, NULL, &enc), ESESSION_OK);
	/* pubsub is encrypted, the error stays in clear after <c/>. */
	ck_assert_ptr_null(strstr(enc, "pubsub\""));
	const char *c = strstr(enc, "<c xmlns=");
	const char *err = strstr(enc, "<error type=\"modify\"><not-acceptable");
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(err);
	ck_assert(c < err);
	char *dec = NULL;
	ck_assert_status(st_decrypt(p.rx, enc, &dec, NULL), ESESSION_OK);
	ck_assert_str_eq(dec, s);
	free(enc);
	free(dec);

	/* Several threads and an amp after the content: threads first, then
	 * <c/>, then the others in their order. */
	const char *s2 =
	    "<message><body>b</body><thread>t</thread>"
	    "<amp xmlns=\"http://jabber.org/protocol/amp\"/>"
	    "<x xmlns=\"urn:x\"/><error type=\"cancel\"/></message>";
	ck_assert_status(st_encrypt(p.tx, s2, NULL, &enc), ESESSION_OK);
	ck_assert_ptr_nonnull(strstr(enc, "<message><thread>t</thread><c "));
	ck_assert_ptr_nonnull(
	    strstr(enc, "</c><amp xmlns=\"http://jabber.org/protocol/amp\"/>"
	                "<error type=\"cancel\"/></message>"));
	ck_assert_status(st_decrypt(p.rx, enc, &dec, NULL), ESESSION_OK);
	ck_assert_str_eq(dec, "<message><thread>t</thread><body>b</body>"
	                      "<x xmlns=\"urn:x\"/>"
	                      "<amp xmlns=\"http://jabber.org/protocol/amp\"/>"
	                      "<error type=\"cancel\"/></message>");
	free(enc);
	free(dec);
	st_pair_free(&p);
}
END_TEST

START_TEST(c_inside_error_is_reported)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "00000000000000000000000000000000");
	const char *s =
	    "<message type=\"error\"><body>b</body>"
	    "<error type=\"cancel\"><c xmlns=\"" NS_C "\">"
	    "<data>AAAA</data><mac>AAAA</mac></c></error></message>";
	char *enc = NULL;
	ck_assert_status(st_encrypt(p.tx, s, NULL, &enc), ESESSION_OK);
	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	char *dec = NULL;
	ck_assert_status(st_decrypt(p.rx, enc, &dec, &rx), ESESSION_OK);
	ck_assert(rx.error_c_present);
	/* The inner <c/> is left as received, inside <error/>. */
	ck_assert_str_eq(dec, s);
	es_stanza_received_clear(&rx);
	free(enc);
	free(dec);
	st_pair_free(&p);
}
END_TEST

/* ---- namespaces -------------------------------------------------------- */

START_TEST(content_namespaces_survive)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "00000000000000000000000000000000");
	/* A prefix declared on the wrapper and used by the content: m is
	 * self-contained, so the content keeps its namespaces. */
	const char *s = "<message xmlns=\"jabber:client\" xmlns:g=\"urn:geo\" "
	                "xml:lang=\"en\"><g:loc g:alt=\"1609\"><g:lat>39"
	                "</g:lat></g:loc><body xml:lang=\"fr\">&lt;&amp;"
	                "</body></message>";
	char *dec = st_round_trip(&p, s);
	ck_assert_str_eq(dec,
	                 "<message xmlns=\"jabber:client\" xml:lang=\"en\">"
	                 "<loc xmlns=\"urn:geo\" xmlns:ns0=\"urn:geo\" "
	                 "ns0:alt=\"1609\"><lat>39</lat></loc>"
	                 "<body xml:lang=\"fr\">&lt;&amp;</body></message>");
	free(dec);
	st_pair_free(&p);
}
END_TEST

/* ---- trees ------------------------------------------------------------- */

START_TEST(tree_api_leaves_input_untouched)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "00000000000000000000000000000000");
	es_xml_doc *doc = NULL;
	es_xml_parser *parser = NULL;
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	ck_assert_status(es_xml_parser_new(&parser, NULL), ESESSION_OK);
	const char *s = "<presence xmlns=\"jabber:client\"><show>dnd</show>"
	                "<status>Working</status></presence>";
	es_xml_node *in = NULL;
	ck_assert_status(
	    es_xml_parse(parser, doc, (const uint8_t *)s, strlen(s), &in),
	    ESESSION_OK);
	es_xml_node *enc = NULL;
	ck_assert_status(
	    es_stanza_encrypt(p.tx, ES_STANZA_PRESENCE, in, NULL, doc, &enc),
	    ESESSION_OK);
	es_xml_buf b;
	es_xml_buf_init(&b, 0);
	ck_assert_status(es_xml_serialize(in, &b), ESESSION_OK);
	ck_assert_str_eq((const char *)b.data, s);
	ck_assert_ptr_nonnull(es_xml_find_child(enc, NS_C, "c"));

	es_xml_node *dec = NULL;
	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	ck_assert_status(
	    es_stanza_decrypt(p.rx, ES_STANZA_PRESENCE, enc, doc, &dec, &rx),
	    ESESSION_OK);
	es_xml_buf_clear(&b);
	ck_assert_status(es_xml_serialize(dec, &b), ESESSION_OK);
	ck_assert_str_eq((const char *)b.data, s);
	ck_assert_ptr_nonnull(es_xml_find_child(enc, NS_C, "c"));
	es_stanza_received_clear(&rx);
	es_xml_buf_free(&b);
	es_xml_parser_free(parser);
	es_xml_doc_free(doc);
	st_pair_free(&p);
}
END_TEST

/* ---- re-key and block limit ------------------------------------------- */

START_TEST(rekey_keeps_counter)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "00000000000000000000000000000000");
	char *s = st_body_stanza("message", 40);
	char *dec = st_round_trip(&p, s);
	free(dec);
	char *old = NULL;
	ck_assert_status(st_encrypt(p.tx, s, NULL, &old), ESESSION_OK);

	uint8_t kc[16];
	uint8_t km[32];
	memset(kc, 0x11, sizeof(kc));
	memset(km, 0x22, sizeof(km));
	ck_assert_status(
	    es_stanza_dir_rekey(p.tx, kc, sizeof(kc), km, sizeof(km)),
	    ESESSION_OK);
	ck_assert_status(
	    es_stanza_dir_rekey(p.rx, kc, sizeof(kc), km, sizeof(km)),
	    ESESSION_OK);
	ck_assert_uint_eq(es_stanza_dir_blocks_used(p.tx), 0);
	/* Counters continue: 3 blocks sent, 3 more under the old key. */
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "00000000000000000000000000000006");
	/* The receiver is 3 blocks behind and has the new key: the stanza
	 * made with the old key does not verify. */
	ck_assert_status(st_decrypt(p.rx, old, &dec, NULL), ESESSION_EMAC);
	free(old);
	/* A wrong key length changes nothing. */
	ck_assert_status(es_stanza_dir_rekey(p.tx, kc, 15, km, sizeof(km)),
	                 ESESSION_EKEY);
	st_pair_free(&p);
	free(s);
}
END_TEST

START_TEST(block_limit_per_key)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "00000000000000000000000000000000");
	/* XEP-0200 §"Maximum Key Life": 2^32 - 1 blocks at most. */
	es_stanza_dir_set_blocks_used_for_tests(p.tx, (UINT64_C(1) << 32) - 3);
	es_stanza_dir_set_blocks_used_for_tests(p.rx, (UINT64_C(1) << 32) - 3);
	char *s2 = st_body_stanza("message", 32); /* 2 blocks */
	char *s3 = st_body_stanza("message", 33); /* 3 blocks */
	char *enc = NULL;
	char *dec = NULL;
	ck_assert_status(st_encrypt(p.tx, s3, NULL, &enc),
	                 ESESSION_EKEY_EXHAUSTED);
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "00000000000000000000000000000000");
	dec = st_round_trip(&p, s2);
	free(dec);
	ck_assert_uint_eq(es_stanza_dir_blocks_used(p.tx),
	                  ES_STANZA_MAX_BLOCKS_PER_KEY);
	/* Even an empty stanza consumes a counter value. */
	ck_assert_status(st_encrypt(p.tx, "<message/>", NULL, &enc),
	                 ESESSION_EKEY_EXHAUSTED);

	/* The receiver refuses a peer that goes beyond the limit, after the
	 * MAC and without moving its counter. */
	es_stanza_dir_set_blocks_used_for_tests(p.tx, 0);
	ck_assert_status(st_encrypt(p.tx, "<message/>", NULL, &enc),
	                 ESESSION_OK);
	ck_assert_status(st_decrypt(p.rx, enc, &dec, NULL),
	                 ESESSION_EKEY_EXHAUSTED);
	ck_assert_str_eq(st_counter_hex(p.rx),
	                 "00000000000000000000000000000002");
	free(enc);

	/* A re-key resets the count. */
	uint8_t kc[16] = {0};
	uint8_t km[32] = {0};
	ck_assert_status(
	    es_stanza_dir_rekey(p.tx, kc, sizeof(kc), km, sizeof(km)),
	    ESESSION_OK);
	ck_assert_status(st_encrypt(p.tx, s3, NULL, &enc), ESESSION_OK);
	free(enc);
	free(s2);
	free(s3);
	st_pair_free(&p);
}
END_TEST

/* ---- the pending counter move (es_stanza_encrypt_begin) ---------------- */

/* Parse text into doc (asserting success). */
static es_xml_node *parse_into(es_xml_parser *parser, es_xml_doc *doc,
                               const char *text)
{
	es_xml_node *root = NULL;
	ck_assert_status(es_xml_parse(parser, doc, (const uint8_t *)text,
	                              strlen(text), &root),
	                 ESESSION_OK);
	return root;
}

/* A rolled-back stanza leaves the counter and the blocks used as they
 * were, so the next stanza is the one the receiver expects; a committed
 * one moves both (spec/rekey.md R§8). */
START_TEST(encrypt_begin_rollback_and_commit)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "000000000000000000000000000000f0");
	es_xml_parser *parser = NULL;
	es_xml_doc *doc = NULL;
	ck_assert_status(es_xml_parser_new(&parser, NULL), ESESSION_OK);
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	char *s = st_body_stanza("message", 40); /* 3 blocks */
	es_xml_node *root = parse_into(parser, doc, s);
	es_xml_node *out = NULL;
	es_stanza_pending pending = ES_STANZA_PENDING_INIT;

	ck_assert_status(es_stanza_encrypt_begin(p.tx, ES_STANZA_ALL_KINDS,
	                                         root, NULL, doc, &out,
	                                         &pending),
	                 ESESSION_OK);
	ck_assert(pending.moved);
	ck_assert_uint_eq(pending.blocks, 3);
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "000000000000000000000000000000f3");
	/* A second begin on a pending move is refused. */
	ck_assert_status(es_stanza_encrypt_begin(p.tx, ES_STANZA_ALL_KINDS,
	                                         root, NULL, doc, &out,
	                                         &pending),
	                 ESESSION_EINVAL);
	es_stanza_pending_rollback(p.tx, &pending);
	ck_assert(!pending.moved);
	ck_assert_str_eq(st_counter_hex(p.tx),
	                 "000000000000000000000000000000f0");
	ck_assert_uint_eq(es_stanza_dir_blocks_used(p.tx), 0);

	ck_assert_status(es_stanza_encrypt_begin(p.tx, ES_STANZA_ALL_KINDS,
	                                         root, NULL, doc, &out,
	                                         &pending),
	                 ESESSION_OK);
	es_stanza_pending_commit(p.tx, &pending);
	ck_assert_uint_eq(es_stanza_dir_blocks_used(p.tx), 3);
	es_xml_buf b;
	es_xml_buf_init(&b, 0);
	ck_assert_status(es_xml_serialize(out, &b), ESESSION_OK);
	char *wire = malloc(b.len + 1);
	ck_assert_ptr_nonnull(wire);
	memcpy(wire, b.data, b.len);
	wire[b.len] = '\0';
	/* The receiver, which never saw the rolled-back stanza, accepts it. */
	char *dec = NULL;
	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	ck_assert_status(st_decrypt(p.rx, wire, &dec, &rx), ESESSION_OK);
	ck_assert(rx.data_present);
	es_stanza_received_clear(&rx);
	free(dec);
	free(wire);
	es_xml_buf_free(&b);
	es_xml_parser_free(parser);
	es_xml_doc_free(doc);
	free(s);
	st_pair_free(&p);
}
END_TEST

/* The MAC key copy follows re-keys; an empty stanza with a <key/> is
 * reported without data_present. */
START_TEST(mac_key_copy_and_empty_rekey)
{
	st_pair p;
	st_pair_new(&p, ES_CIPHER_AES128_CTR, ES_HASH_SHA256,
	            "00000000000000000000000000000000");
	uint8_t km[32];
	size_t km_len = 0;
	st_test_km(ES_HASH_SHA256, km, &km_len);
	es_secbuf copy = ES_SECBUF_INIT;
	ck_assert_status(es_stanza_dir_copy_mac_key(p.tx, &copy), ESESSION_OK);
	ck_assert_uint_eq(copy.len, km_len);
	ck_assert(memcmp(copy.data, km, km_len) == 0);
	ck_assert_status(es_stanza_dir_copy_mac_key(p.tx, &copy),
	                 ESESSION_EINVAL); /* not empty */
	es_secbuf_free(&copy);
	ck_assert_status(es_stanza_dir_copy_mac_key(NULL, &copy),
	                 ESESSION_EINVAL);

	const uint8_t key[] = {0x02};
	const es_stanza_extras x = {.key = key, .key_len = 1};
	char *enc = NULL;
	char *dec = NULL;
	ck_assert_status(st_encrypt(p.tx, "<message/>", &x, &enc), ESESSION_OK);
	es_stanza_received rx = ES_STANZA_RECEIVED_INIT;
	ck_assert_status(st_decrypt(p.rx, enc, &dec, &rx), ESESSION_OK);
	ck_assert(!rx.data_present);
	ck_assert_uint_eq(rx.key_len, 1);
	es_stanza_received_clear(&rx);
	free(enc);
	free(dec);

	uint8_t kc2[16];
	uint8_t km2[16];
	memset(kc2, 0x33, sizeof kc2);
	memset(km2, 0x44, sizeof km2);
	ck_assert_status(
	    es_stanza_dir_rekey(p.tx, kc2, sizeof kc2, km2, sizeof km2),
	    ESESSION_OK);
	ck_assert_status(es_stanza_dir_copy_mac_key(p.tx, &copy), ESESSION_OK);
	ck_assert_uint_eq(copy.len, sizeof km2);
	ck_assert(memcmp(copy.data, km2, sizeof km2) == 0);
	es_secbuf_free(&copy);
	st_pair_free(&p);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("stanza");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, kat_message);
	tcase_add_test(tc, kat_rekey_fields_and_wrap);
	tcase_add_test(tc, round_trip_kinds_and_sizes);
	tcase_add_test(tc, round_trip_one_byte_payload);
	tcase_add_test(tc, round_trip_empty_content);
	tcase_add_test(tc, round_trip_every_cipher_and_hash);
	tcase_add_test(tc, cipher_none_sends_m_and_counts_one);
	tcase_add_test(tc, counters_stay_in_step);
	tcase_add_test(tc, counter_wraps_at_2_pow_n);
	tcase_add_test(tc, thread_amp_error_stay_in_clear);
	tcase_add_test(tc, c_inside_error_is_reported);
	tcase_add_test(tc, content_namespaces_survive);
	tcase_add_test(tc, tree_api_leaves_input_untouched);
	tcase_add_test(tc, rekey_keeps_counter);
	tcase_add_test(tc, block_limit_per_key);
	tcase_add_test(tc, encrypt_begin_rollback_and_commit);
	tcase_add_test(tc, mac_key_copy_and_empty_rekey);
	suite_add_tcase(s, tc);
	return s;
}
