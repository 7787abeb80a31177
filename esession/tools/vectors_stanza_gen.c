/*
 * vectors_stanza_gen.c - xep0200_stanza.json: the XEP-0200 stanza layer
 * alone, from given keys and counters (vectors/README.md "StanzaTest").
 * Valid sequences cover payload sizes, every stanza kind and the counter
 * wrap-around at 2^n; invalid ones feed a receiving direction state with
 * stanzas built here, some with a correct MAC over content the receiver
 * must still refuse (unnormalized MAC input, plaintext that is not
 * well-formed), computed with the primitives (BS §4).
 */
#include "vectors_gen.h"
#include "vectors_tamper.h"

#include "base64.h"

#include <stdlib.h>
#include <string.h>

/* Keys are inputs: any bytes do; these patterns make them recognisable. */
static void pattern(uint8_t *out, size_t len, uint8_t start)
{
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)(start + i);
}

typedef struct stanza_case {
	const char *comment;
	const char *cipher, *hash;
	uint8_t counter_fill; /* every counter byte, then the last one: */
	uint8_t counter_last;
	const char *const *plaintexts;
	const char *const *flags;
} stanza_case;

#define TEXTS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const stanza_case valid_cases[] = {
    {"partial, single and multi-block payloads from counter 0", "aes128-ctr",
     "sha256", 0x00, 0x00,
     TEXTS("<message type='chat'><body>a</body></message>",
           "<message type='chat'><body>abc</body></message>",
           "<message type='chat'><body>The quick brown fox jumps over the "
           "lazy</body></message>"),
     FLAGS("MessageStanza", "PartialBlock", "SingleBlock", "MultiBlock")},
    {"a 4-block payload from counter 2^128 - 2: the counter wraps inside "
     "the stanza",
     "aes128-ctr", "sha256", 0xff, 0xfe,
     TEXTS("<message type='chat'><body>The quick brown fox jumps over the "
           "lazy</body></message>",
           "<message type='chat'><body>after the wrap</body></message>"),
     FLAGS("MessageStanza", "MultiBlock", "CounterWrap")},
    {"a single-block payload at counter 2^128 - 1: the next stanza starts "
     "at 0",
     "aes256-ctr", "whirlpool", 0xff, 0xff,
     TEXTS("<message type='chat'><body>abc</body></message>",
           "<message type='chat'><body>abc</body></message>"),
     FLAGS("MessageStanza", "SingleBlock", "CounterWrap")},
    {"message, presence and iq; a stanza without content advances the "
     "counter by one",
     "twofish256-ctr", "sha256", 0x7f, 0xf0,
     TEXTS("<message type='chat'><body>ping</body></message>",
           "<presence><show>away</show></presence>",
           "<iq type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>",
           "<message type='chat'/>"),
     FLAGS("MessageStanza", "PresenceStanza", "IqStanza")},
    {"cipher none: integrity only, the counter advances by one per stanza",
     "none", "sha256", 0x80, 0x00,
     TEXTS("<message type='chat'><body>in clear, MACed</body></message>",
           "<message type='chat'><body>again</body></message>"),
     FLAGS("MessageStanza", "CipherNone")},
    {"serpent192-ctr with whirlpool", "serpent192-ctr", "whirlpool", 0x01, 0x02,
     TEXTS("<message type='chat'><body>The quick brown fox jumps over the "
           "lazy</body></message>"),
     FLAGS("MessageStanza", "MultiBlock")},
};

static vj *stanza_inputs(uint64_t id, const char *comment, const char *result,
                         const char *const *flags, const char *cipher,
                         const uint8_t *ctr, size_t blen)
{
	es_cipher_alg ca = ES_CIPHER_AES128_CTR;
	if (es_cipher_from_name(cipher, &ca) != ESESSION_OK)
		ca = ES_CIPHER_AES128_CTR;
	size_t klen = es_cipher_key_len(ca);
	uint8_t kc[32], km[32];
	pattern(kc, klen, 0x10);
	pattern(km, klen > 16 ? klen : 16, 0x40);
	vj *t = vj_obj();
	vj_set(t, "tcId", vj_int(id));
	vj_set(t, "comment", vj_str(comment));
	vj_set(t, "result", vj_str(result));
	vj_set(t, "flags", vx_flags(flags));
	vj_set(t, "KC", vj_hex(kc, klen));
	vj_set(t, "KM", vj_hex(km, klen > 16 ? klen : 16));
	vj_set(t, "counter", vj_hex(ctr, blen));
	return t;
}

static bool add_stanza_test(vj *file, vj *group, vj *inputs)
{
	vj *test = vx_stanza_run(group, inputs);
	vj_free(inputs);
	if (test == NULL)
		return false;
	vx_add_test(file, group, test);
	return true;
}

static bool valid_stanzas(vj *file)
{
	for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0];
	     i++) {
		const stanza_case *c = &valid_cases[i];
		uint8_t ctr[16];
		memset(ctr, c->counter_fill, sizeof ctr);
		ctr[15] = c->counter_last;
		vj *group = vx_group(file, "StanzaTest", 0, c->cipher, c->hash);
		vj *in = stanza_inputs(vj_get(file, "numberOfTests")->num + 1,
		                       c->comment, "valid", c->flags, c->cipher,
		                       ctr, 16);
		vj *list = vj_set(in, "plaintexts", vj_arr());
		for (size_t j = 0; c->plaintexts[j] != NULL; j++)
			vj_push(list, vj_str(c->plaintexts[j]));
		if (!add_stanza_test(file, group, in))
			return false;
	}
	return true;
}

/* ---- invalid: stanzas built from the primitives ----------------------------
 */

#define C_OPEN "<c xmlns=\"http://www.xmpp.org/extensions/xep-0200.html#ns\">"

/* The keys and counter of the invalid group (aes128-ctr, sha256). */
typedef struct inv_keys {
	uint8_t kc[16], km[16], ctr[16];
} inv_keys;

/*
 * A <message/> whose <c/> holds m encrypted at counter ctr and a MAC over
 * mac_input | ctr (BS §4: a_mac = HMAC(HASH, KM, m_content | ctr(C0))).
 * `content` is the literal <c/> content without <mac/> with one %s for the
 * base64 ciphertext; mac_input likewise (NULL: the same as content).
 * ctr_first: MAC ctr | input instead (the order of M_A, not of a_mac).
 */
static char *build_c(const inv_keys *k, const uint8_t *ctr, const char *m,
                     size_t m_len, const char *content, const char *mac_input,
                     bool ctr_first)
{
	uint8_t *ct = malloc(m_len + 1);
	es_ctr *c = NULL;
	bool ok = ct != NULL &&
	          es_ctr_new(&c, ES_CIPHER_AES128_CTR, k->kc, 16, ctr, 16) ==
	              ESESSION_OK &&
	          es_ctr_crypt(c, ct, (const uint8_t *)m, m_len) == ESESSION_OK;
	es_ctr_free(c);
	char *data = ok ? vx_b64_of(ct, m_len) : NULL;
	free(ct);
	if (data == NULL)
		return NULL;
	vj_buf body = {0}, macin = {0};
	vx_subst(&body, content, data);
	vx_subst(&macin, mac_input != NULL ? mac_input : content, data);
	free(data);
	uint8_t mac[32];
	es_span parts[2] = {{(const uint8_t *)macin.data, macin.len},
	                    {ctr, 16}};
	if (ctr_first) {
		parts[1] = parts[0];
		parts[0] = (es_span){ctr, 16};
	}
	char *mac_b64 = NULL;
	if (es_hmac(ES_HASH_SHA256, k->km, 16, parts, 2, mac, sizeof mac) ==
	    ESESSION_OK)
		mac_b64 = vx_b64_of(mac, sizeof mac);
	vj_buf_free(&macin);
	if (mac_b64 == NULL) {
		vj_buf_free(&body);
		return NULL;
	}
	vj_buf out = {0};
	vj_buf_adds(&out, "<message type=\"chat\">" C_OPEN);
	vj_buf_adds(&out, body.data);
	vj_buf_free(&body);
	vj_buf_adds(&out, "<mac>");
	vj_buf_adds(&out, mac_b64);
	vj_buf_adds(&out, "</mac></c></message>");
	free(mac_b64);
	return out.data;
}

typedef struct inv_case {
	const char *comment, *flag;
	const char *m;         /* plaintext bytes */
	const char *content;   /* <c/> content as sent, %s = data */
	const char *mac_input; /* what the MAC covers, %s = data; NULL:
	                          content (correct) */
	int counter_delta;     /* the sender's counter minus the receiver's */
	bool ctr_first;        /* MAC over ctr | content (wrong order) */
} inv_case;

static const inv_case inv_cases[] = {
    {"MAC computed with counter C + 1", "WrongCounter", "<body>x</body>",
     "<data>%s</data>", NULL, +1, false},
    {"MAC computed with counter C - 1", "WrongCounter", "<body>x</body>",
     "<data>%s</data>", NULL, -1, false},
    {"MAC over the content with the <c/> namespace declared on <data/>",
     "Unnormalized", "<body>x</body>", "<data>%s</data>",
     "<data xmlns=\"http://www.xmpp.org/extensions/xep-0200.html#ns\">%s"
     "</data>",
     0, false},
    {"MAC over the content with white space after <data/>", "Unnormalized",
     "<body>x</body>", "<data>%s</data>", "<data>%s</data>\n", 0, false},
    {"MAC over the counter then the content (the order of M_A, not of the "
     "XEP-0200 MAC)",
     "Unnormalized", "<body>x</body>", "<data>%s</data>", NULL, 0, true},
    {"sent with white space between the children of <c/>, MAC over the "
     "text as sent (the receiver normalizes it away)",
     "Unnormalized", "<body>x</body>", "<data>%s</data> ", "<data>%s</data> ",
     0, false},
    {"correct MAC, plaintext an unclosed element", "BadPlaintext",
     "<body>unclosed", "<data>%s</data>", NULL, 0, false},
    {"correct MAC, plaintext with mismatched tags", "BadPlaintext",
     "<body>x</bodx>", "<data>%s</data>", NULL, 0, false},
    {"correct MAC, plaintext with an undeclared prefix", "BadPlaintext",
     "<p:body>x</p:body>", "<data>%s</data>", NULL, 0, false},
    {"correct MAC, plaintext with a comment", "BadPlaintext",
     "<!-- c --><body>x</body>", "<data>%s</data>", NULL, 0, false},
    {"correct MAC, plaintext with a processing instruction", "BadPlaintext",
     "<?pi x?><body>x</body>", "<data>%s</data>", NULL, 0, false},
    {"correct MAC, plaintext with an undefined entity", "BadPlaintext",
     "<body>&nbsp;</body>", "<data>%s</data>", NULL, 0, false},
    {"correct MAC, plaintext invalid UTF-8", "BadPlaintext",
     "<body>\xff\xfe</body>", "<data>%s</data>", NULL, 0, false},
    {"correct MAC, plaintext with a DOCTYPE", "BadPlaintext",
     "<!DOCTYPE x><body>x</body>", "<data>%s</data>", NULL, 0, false},
    {"correct MAC, plaintext with a NUL byte", "BadPlaintext",
     "<body>\x01</body>", "<data>%s</data>", NULL, 0, false},
    {"correct MAC, an unknown child in <c/>", "StanzaStructure",
     "<body>x</body>", "<data>%s</data><extra>1</extra>", NULL, 0, false},
    {"correct MAC, <data/> twice", "StanzaStructure", "<body>x</body>",
     "<data>%s</data><data>%s</data>", NULL, 0, false},
};

static bool invalid_stanzas(vj *file)
{
	inv_keys k;
	pattern(k.kc, 16, 0x10);
	pattern(k.km, 16, 0x40);
	memset(k.ctr, 0x00, 16);
	k.ctr[15] = 0x20;
	vj *group = vx_group(file, "StanzaTest", 0, "aes128-ctr", "sha256");
	for (size_t i = 0; i < sizeof inv_cases / sizeof inv_cases[0]; i++) {
		const inv_case *c = &inv_cases[i];
		uint8_t ctr[16];
		memcpy(ctr, k.ctr, 16);
		ctr[15] = (uint8_t)(ctr[15] + c->counter_delta);
		char *s = build_c(&k, ctr, c->m, strlen(c->m), c->content,
		                  c->mac_input, c->ctr_first);
		if (s == NULL)
			return false;
		vj *in = stanza_inputs(vj_get(file, "numberOfTests")->num + 1,
		                       c->comment, "invalid",
		                       (const char *const[]){c->flag, NULL},
		                       "aes128-ctr", k.ctr, 16);
		vj_push(vj_set(in, "receive", vj_arr()), vj_str(s));
		free(s);
		if (!add_stanza_test(file, group, in))
			return false;
	}
	return true;
}

vj *vx_stanza_file(void)
{
	vj *f = vx_file_new("XEP-0200 stanza encryption",
	                    "The stanza layer alone, from given keys and "
	                    "counters.");
	if (!valid_stanzas(f) || !invalid_stanzas(f)) {
		vj_free(f);
		return NULL;
	}
	return f;
}
