/*
 * bench_stanza.c - cost of XEP-0200 stanza encryption against its
 * cryptographic floor (DESIGN.md "Performance": a 1 KiB message encrypted
 * and decrypted, XML in, XML out, in at most 2x the raw cipher + MAC +
 * base64 floor).
 *
 * floor: one send and one receive done with the raw primitives and kept
 *   handles, no XML: AES-128-CTR over 1 KiB, base64 encode, HMAC-SHA256 of
 *   the base64 text plus a 16-byte counter; base64 decode, HMAC-SHA256
 *   verify, AES-128-CTR decrypt.
 * stanza: es_stanza_encrypt_text then es_stanza_decrypt_text of a
 *   <message/> with a <thread/> and a 1 KiB <body/>, text to text, with
 *   the two direction states kept.
 *
 * xml i/o: for reference, the least any tree-based XML-in/XML-out
 *   processing of the same exchange costs with the project's parser and
 *   serializer and no cryptography: the sender parses the plaintext and
 *   serializes the encrypted stanza, the receiver parses the encrypted
 *   stanza and serializes the plaintext (each text parsed once and
 *   serialized once). XEP-0200 adds at least one more parse, of m.
 *
 * Each figure is the median over batches of the mean time per iteration.
 * A program, not a test: nothing is asserted. Run it on an idle machine:
 *
 *     meson compile -C build bench_stanza && ./build/bench/bench_stanza
 *
 * An optional argument sets the iterations per batch (default 2000).
 */
#include "base64.h"
#include "stanza.h"
#include "xml_parse.h"
#include "xml_serialize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCHES 31
#define PAYLOAD 1024

/* Iterations per batch; argv[1] may lower it (e.g. under valgrind). */
static size_t per_batch = 2000;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a;
	double y = *(const double *)b;
	return (x > y) - (x < y);
}

static void check(esession_status st, const char *what)
{
	if (st != ESESSION_OK) {
		fprintf(stderr, "%s: %s\n", what, esession_strerror(st));
		exit(1);
	}
}

static uint8_t kc[16];
static uint8_t km[32];
static uint8_t counter[16];

/* One raw send + receive; returns nothing, aborts on error. */
static void floor_once(es_ctr *ectr, es_hmac_ctx *emac, es_ctr *dctr,
                       es_hmac_ctx *dmac, const uint8_t *msg, uint8_t *buf,
                       char *b64, uint8_t *back)
{
	uint8_t tag[32];
	uint8_t c[16];
	size_t b64_len = 0;
	size_t got = 0;
	check(es_ctr_get_counter(ectr, c, sizeof(c)), "counter");
	check(es_ctr_encrypt(ectr, buf, msg, PAYLOAD), "ctr");
	check(es_base64_encode(buf, PAYLOAD, b64, 2 * PAYLOAD, &b64_len),
	      "b64");
	check(es_hmac_ctx_update(emac, (const uint8_t *)b64, b64_len), "mac");
	check(es_hmac_ctx_update(emac, c, sizeof(c)), "mac");
	check(es_hmac_ctx_final(emac, tag, sizeof(tag)), "mac");

	check(es_base64_decode(b64, b64_len, back, 2 * PAYLOAD, &got), "unb64");
	check(es_ctr_get_counter(dctr, c, sizeof(c)), "counter");
	check(es_hmac_ctx_update(dmac, (const uint8_t *)b64, b64_len), "mac");
	check(es_hmac_ctx_update(dmac, c, sizeof(c)), "mac");
	check(es_hmac_ctx_verify(dmac, tag, sizeof(tag)), "verify");
	check(es_ctr_decrypt(dctr, back, back, got), "ctr");
}

static double bench_floor(void)
{
	es_ctr *ectr = NULL;
	es_ctr *dctr = NULL;
	es_hmac_ctx *emac = NULL;
	es_hmac_ctx *dmac = NULL;
	check(es_ctr_new(&ectr, ES_CIPHER_AES128_CTR, kc, 16, counter, 16),
	      "ctr");
	check(es_ctr_new(&dctr, ES_CIPHER_AES128_CTR, kc, 16, counter, 16),
	      "ctr");
	check(es_hmac_ctx_new(&emac, ES_HASH_SHA256, km, 32), "mac");
	check(es_hmac_ctx_new(&dmac, ES_HASH_SHA256, km, 32), "mac");
	static uint8_t msg[PAYLOAD];
	static uint8_t buf[PAYLOAD];
	static char b64[2 * PAYLOAD];
	static uint8_t back[2 * PAYLOAD];
	memset(msg, 'a', sizeof(msg));

	double t[BATCHES];
	for (size_t b = 0; b < BATCHES; b++) {
		double t0 = now_s();
		for (size_t i = 0; i < per_batch; i++)
			floor_once(ectr, emac, dctr, dmac, msg, buf, b64, back);
		t[b] = (now_s() - t0) / (double)per_batch;
	}
	es_ctr_free(ectr);
	es_ctr_free(dctr);
	es_hmac_ctx_free(emac);
	es_hmac_ctx_free(dmac);
	qsort(t, BATCHES, sizeof(t[0]), cmp_double);
	return t[BATCHES / 2];
}

static char stanza[PAYLOAD + 512];
static uint8_t wire_copy[4 * PAYLOAD];

static double bench_stanza(size_t *wire_len)
{
	es_stanza_dir *tx = NULL;
	es_stanza_dir *rx = NULL;
	check(es_stanza_dir_new(&tx, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, kc,
	                        16, km, 32, counter, 16),
	      "dir");
	check(es_stanza_dir_new(&rx, ES_CIPHER_AES128_CTR, ES_HASH_SHA256, kc,
	                        16, km, 32, counter, 16),
	      "dir");
	static char body[PAYLOAD + 1];
	memset(body, 'a', PAYLOAD);
	body[PAYLOAD] = '\0';
	int n = snprintf(stanza, sizeof(stanza),
	                 "<message xmlns=\"jabber:client\" "
	                 "to=\"bob@example.com/laptop\" type=\"chat\">"
	                 "<thread>ffd7076498744578d10edabfe7f4a866</thread>"
	                 "<body>%s</body></message>",
	                 body);
	size_t len = (size_t)n;
	es_xml_buf wire;
	es_xml_buf plain;
	es_xml_buf_init(&wire, 0);
	es_xml_buf_init(&plain, 0);

	double t[BATCHES];
	for (size_t b = 0; b < BATCHES; b++) {
		double t0 = now_s();
		for (size_t i = 0; i < per_batch; i++) {
			es_stanza_received got = ES_STANZA_RECEIVED_INIT;
			es_xml_buf_clear(&wire);
			es_xml_buf_clear(&plain);
			check(es_stanza_encrypt_text(tx, ES_STANZA_ALL_KINDS,
			                             (const uint8_t *)stanza,
			                             len, NULL, &wire),
			      "encrypt");
			check(es_stanza_decrypt_text(rx, ES_STANZA_ALL_KINDS,
			                             wire.data, wire.len,
			                             &plain, &got),
			      "decrypt");
			es_stanza_received_clear(&got);
		}
		t[b] = (now_s() - t0) / (double)per_batch;
	}
	if (plain.len != len || memcmp(plain.data, stanza, len) != 0) {
		fprintf(stderr, "round trip changed the stanza\n");
		exit(1);
	}
	*wire_len = wire.len;
	if (wire.len > sizeof(wire_copy)) {
		fprintf(stderr, "wire too long\n");
		exit(1);
	}
	memcpy(wire_copy, wire.data, wire.len);
	es_xml_buf_free(&wire);
	es_xml_buf_free(&plain);
	es_stanza_dir_free(tx);
	es_stanza_dir_free(rx);
	qsort(t, BATCHES, sizeof(t[0]), cmp_double);
	return t[BATCHES / 2];
}

/* Parse and serialize `text` once, with kept objects. */
static void xml_once(es_xml_parser *parser, es_xml_doc *doc, es_xml_buf *out,
                     const uint8_t *text, size_t len)
{
	es_xml_node *root = NULL;
	es_xml_doc_reset(doc);
	es_xml_buf_clear(out);
	check(es_xml_parse(parser, doc, text, len, &root), "parse");
	check(es_xml_serialize(root, out), "serialize");
}

static double bench_xml(const char *plain, const uint8_t *wire, size_t wire_len)
{
	es_xml_parser *parser = NULL;
	es_xml_doc *doc = NULL;
	es_xml_buf out;
	es_xml_buf_init(&out, 0);
	check(es_xml_parser_new(&parser, NULL), "parser");
	check(es_xml_doc_new(&doc), "doc");
	double t[BATCHES];
	for (size_t b = 0; b < BATCHES; b++) {
		double t0 = now_s();
		for (size_t i = 0; i < per_batch; i++) {
			xml_once(parser, doc, &out, (const uint8_t *)plain,
			         strlen(plain));
			xml_once(parser, doc, &out, wire, wire_len);
		}
		t[b] = (now_s() - t0) / (double)per_batch;
	}
	es_xml_buf_free(&out);
	es_xml_doc_free(doc);
	es_xml_parser_free(parser);
	qsort(t, BATCHES, sizeof(t[0]), cmp_double);
	return t[BATCHES / 2];
}

int main(int argc, char **argv)
{
	if (argc > 1)
		per_batch = (size_t)strtoul(argv[1], NULL, 10);
	if (per_batch == 0)
		per_batch = 1;
	check(esession_init(0), "esession_init");
	for (size_t i = 0; i < sizeof(kc); i++)
		kc[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(km); i++)
		km[i] = (uint8_t)(0x20 + i);
	counter[0] = 0x12;

	size_t wire_len = 0;
	double f = bench_floor();
	double s = bench_stanza(&wire_len);
	printf("floor  (raw AES-128-CTR + HMAC-SHA256 + base64, 1 KiB, "
	       "send + receive): %8.2f us\n",
	       f * 1e6);
	printf("stanza (es_stanza encrypt + decrypt, 1 KiB body, text to "
	       "text, %zu-byte wire): %8.2f us\n",
	       wire_len, s * 1e6);
	double x = bench_xml(stanza, wire_copy, wire_len);
	printf("xml i/o (each text parsed and serialized once, no crypto): "
	       "%8.2f us\n",
	       x * 1e6);
	printf("ratio stanza / floor: %.2f (target <= 2)\n", s / f);
	printf("ratio (floor + xml i/o) / floor: %.2f\n", (f + x) / f);
	return 0;
}
