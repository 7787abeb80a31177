/*
 * vectors_variants.c - see vectors_tamper.h: text edits of the stanzas a
 * base run emitted, and the systematic tamperings of a negotiation
 * message built from them.
 */
#include "vectors_tamper.h"

#include "base64.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text edits --------------------------------------------------------- */
char *vx_b64_of(const uint8_t *data, size_t len)
{
	size_t n = 0;
	if (es_base64_encoded_len(len, &n) != ESESSION_OK)
		return NULL;
	char *out = malloc(n + 1);
	if (out != NULL &&
	    es_base64_encode(data, len, out, n + 1, NULL) != ESESSION_OK) {
		free(out);
		out = NULL;
	}
	return out;
}

/* s with s[start, end) replaced by insert (new malloc'ed string). */
char *vx_splice(const char *s, size_t start, size_t end, const char *insert)
{
	vj_buf b = {0};
	vj_buf_add(&b, s, start);
	vj_buf_adds(&b, insert);
	vj_buf_adds(&b, s + end);
	return b.data;
}

/* The bytes of <field ... var="var">...</field> in s. */
static bool field_span(const char *s, const char *var, size_t *start,
                       size_t *end)
{
	char key[64];
	snprintf(key, sizeof key, " var=\"%s\"", var);
	const char *at = strstr(s, key);
	if (at == NULL)
		return false;
	const char *open = at;
	while (open > s && strncmp(open, "<field", 6) != 0)
		open--;
	const char *close = strstr(at, "</field>");
	if (close == NULL || strncmp(open, "<field", 6) != 0)
		return false;
	*start = (size_t)(open - s);
	*end = (size_t)(close - s) + strlen("</field>");
	return true;
}

/* The text of the first <value/> of field var. */
bool vx_value_span(const char *s, const char *var, size_t *start, size_t *end)
{
	size_t fs, fe;
	if (!field_span(s, var, &fs, &fe))
		return false;
	const char *v = strstr(s + fs, "<value>");
	if (v == NULL || (size_t)(v - s) > fe)
		return false;
	const char *ve = strstr(v, "</value>");
	*start = (size_t)(v - s) + strlen("<value>");
	*end = (size_t)(ve - s);
	return true;
}

/* The text of the first <name>...</name> in s. */
bool vx_element_text_span(const char *s, const char *name, size_t *start,
                          size_t *end)
{
	char open[32], close[32];
	snprintf(open, sizeof open, "<%s>", name);
	snprintf(close, sizeof close, "</%s>", name);
	const char *a = strstr(s, open);
	const char *b = a != NULL ? strstr(a, close) : NULL;
	if (b == NULL)
		return false;
	*start = (size_t)(a - s) + strlen(open);
	*end = (size_t)(b - s);
	return true;
}

/* Decode the text s[start, end) (base64) into a new buffer. */
uint8_t *vx_decode_span(const char *s, size_t start, size_t end, size_t *len)
{
	uint8_t *out = malloc(end - start + 1);
	if (out != NULL &&
	    es_base64_decode(s + start, end - start, out, end - start + 1,
	                     len) != ESESSION_OK) {
		free(out);
		out = NULL;
	}
	return out;
}

char *vx_flip_element(const char *s, const char *name, size_t at, uint8_t mask)
{
	size_t a, b, len = 0;
	if (!vx_element_text_span(s, name, &a, &b))
		return NULL;
	uint8_t *raw = vx_decode_span(s, a, b, &len);
	char *t = NULL, *out = NULL;
	if (raw != NULL && len > 0) {
		raw[at == SIZE_MAX ? len / 2 : at % len] ^= mask;
		t = vx_b64_of(raw, len);
		out = t != NULL ? vx_splice(s, a, b, t) : NULL;
	}
	free(raw);
	free(t);
	return out;
}

/* ---- variants --------------------------------------------------------- */

static void variant_add(vx_variants *vs, char *stanza, const char *flag,
                        const char *fmt, const char *arg)
{
	if (stanza == NULL || vs->n == sizeof vs->v / sizeof vs->v[0]) {
		free(stanza);
		return;
	}
	vx_variant *v = &vs->v[vs->n++];
	v->stanza = stanza;
	v->flag = flag;
	vj_buf d = {0};
	vx_subst(&d, fmt, arg);
	snprintf(v->desc, sizeof v->desc, "%s", d.data);
	vj_buf_free(&d);
}

void vx_variants_free(vx_variants *vs)
{
	for (size_t i = 0; i < vs->n; i++)
		free(vs->v[i].stanza);
	vs->n = 0;
}

/* Base64 encodings of the same value that RFC 4648 §4 (A-"Base64
 * strictness") refuses, and truncated / extended values. */
static void base64_variants(vx_variants *vs, const char *s, size_t vs_start,
                            size_t vs_end, const char *what)
{
	size_t len = 0;
	uint8_t *raw = vx_decode_span(s, vs_start, vs_end, &len);
	if (raw == NULL || len < 2) {
		free(raw);
		return;
	}
	char *txt = strndup(s + vs_start, vs_end - vs_start);
	size_t tl = strlen(txt);
	char buf[2048];
	/* Embedded space and line break after the 4th character. */
	snprintf(buf, sizeof buf, "%.4s %s", txt, txt + 4);
	variant_add(vs, vx_splice(s, vs_start, vs_end, buf), "Base64",
	            "%s: base64 with an embedded space", what);
	snprintf(buf, sizeof buf, "%.4s\n%s", txt, txt + 4);
	variant_add(vs, vx_splice(s, vs_start, vs_end, buf), "Base64",
	            "%s: base64 with an embedded line break", what);
	/* A character outside the alphabet. */
	snprintf(buf, sizeof buf, "*%s", txt + 1);
	variant_add(vs, vx_splice(s, vs_start, vs_end, buf), "Base64",
	            "%s: a character outside the base64 alphabet", what);
	/* Padding: removed, or one '=' too many. */
	if (txt[tl - 1] == '=') {
		snprintf(buf, sizeof buf, "%.*s", (int)(tl - 1), txt);
		variant_add(vs, vx_splice(s, vs_start, vs_end, buf), "Base64",
		            "%s: base64 padding removed", what);
		/* Non-zero padding bits: the last symbol before '=' + 1. */
		size_t last = tl - 1;
		while (last > 0 && txt[last] == '=')
			last--;
		snprintf(buf, sizeof buf, "%s", txt);
		buf[last] = buf[last] == 'z' ? '0' : (char)(buf[last] + 1);
		variant_add(vs, vx_splice(s, vs_start, vs_end, buf), "Base64",
		            "%s: non-canonical base64 (padding bits set)",
		            what);
	}
	snprintf(buf, sizeof buf, "%s====", txt);
	variant_add(vs, vx_splice(s, vs_start, vs_end, buf), "Base64",
	            "%s: base64 with extra padding", what);
	/* One byte shorter, one byte longer (valid base64). */
	char *shorter = vx_b64_of(raw, len - 1);
	if (shorter != NULL)
		variant_add(vs, vx_splice(s, vs_start, vs_end, shorter),
		            "MacLength", "%s: value truncated by one byte",
		            what);
	free(shorter);
	uint8_t *longer = malloc(len + 1);
	if (longer != NULL) {
		memcpy(longer, raw, len);
		longer[len] = 0x00;
		char *l = vx_b64_of(longer, len + 1);
		if (l != NULL)
			variant_add(
			    vs, vx_splice(s, vs_start, vs_end, l), "MacLength",
			    "%s: value extended by one zero byte", what);
		free(l);
		free(longer);
	}
	/* One bit changed (canonical base64). */
	raw[len - 1] ^= 0x01;
	char *flip = vx_b64_of(raw, len);
	if (flip != NULL)
		variant_add(vs, vx_splice(s, vs_start, vs_end, flip),
		            "Tampered", "%s: last bit of the value flipped",
		            what);
	free(flip);
	free(txt);
	free(raw);
}

static bool is_base64_field(const char *var)
{
	static const char *const b64[] = {"my_nonce", "dhhashes", "dhkeys",
	                                  "nonce",    "counter",  "rshashes",
	                                  "srshash",  "identity", "mac"};
	for (size_t i = 0; i < sizeof b64 / sizeof b64[0]; i++)
		if (strcmp(var, b64[i]) == 0)
			return true;
	return false;
}

/* Remove, duplicate, empty and change every field of a message. */
void vx_field_variants(vx_variants *vs, const char *s, const char *var)
{
	size_t fs, fe, vs_start, vs_end;
	if (!field_span(s, var, &fs, &fe))
		return;
	variant_add(vs, vx_splice(s, fs, fe, ""), "Tampered",
	            "field %s removed", var);
	char *dup = strndup(s + fs, fe - fs);
	variant_add(vs, vx_splice(s, fe, fe, dup), "Tampered",
	            "field %s duplicated", var);
	free(dup);
	if (!vx_value_span(s, var, &vs_start, &vs_end))
		return;
	variant_add(vs, vx_splice(s, vs_start, vs_end, ""), "Tampered",
	            "field %s: first value empty", var);
	if (is_base64_field(var))
		base64_variants(vs, s, vs_start, vs_end, var);
	else
		variant_add(vs, vx_splice(s, vs_start, vs_end, "bogus"),
		            "Tampered",
		            "field %s: first value replaced by 'bogus'", var);
}

/* RFC 3526 §2: the 1536-bit MODP group (group 5), the group of the
 * invalid vectors. */
static const char group5_p_hex[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
    "9ED529077096966D670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF";

static size_t group5_p(uint8_t *p)
{
	size_t n = strlen(group5_p_hex) / 2;
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		sscanf(group5_p_hex + 2 * i, "%2x", &v);
		p[i] = (uint8_t)v;
	}
	return n;
}

/* Big-endian v += delta (delta = +1 or -1), in place. */
void vx_add_one(uint8_t *v, size_t len, int delta)
{
	for (size_t i = len; i-- > 0;) {
		if (delta > 0 && v[i]++ != 0xff)
			return;
		if (delta < 0 && v[i]-- != 0x00)
			return;
	}
}

/* DH values outside 1 < v < p-1 and non-canonical encodings of a valid
 * one (A-"Non-minimal MPI encodings", A-"Encoding of zero"). */
void vx_dh_variants(vx_variants *vs, const char *s, bool commitment)
{
	size_t a, b;
	if (!vx_value_span(s, "dhkeys", &a, &b))
		return;
	uint8_t p[200], v[202];
	size_t n = group5_p(p);
	char *t;
	static const uint8_t zero = 0, one = 1, two = 2;
	variant_add(vs, vx_splice(s, a, b, ""), "DhRange", "dhkeys: %s",
	            "empty (0)");
	t = vx_b64_of(&zero, 1);
	variant_add(vs, vx_splice(s, a, b, t), "DhRange", "dhkeys: %s",
	            "0x00 (0)");
	free(t);
	t = vx_b64_of(&one, 1);
	variant_add(vs, vx_splice(s, a, b, t), "DhRange", "dhkeys: %s", "1");
	free(t);
	memcpy(v, p, n);
	vx_add_one(v, n, -1);
	t = vx_b64_of(v, n);
	variant_add(vs, vx_splice(s, a, b, t), "DhRange", "dhkeys: %s", "p-1");
	free(t);
	t = vx_b64_of(p, n);
	variant_add(vs, vx_splice(s, a, b, t), "DhRange", "dhkeys: %s", "p");
	free(t);
	memcpy(v, p, n);
	vx_add_one(v, n, +1);
	t = vx_b64_of(v, n);
	variant_add(vs, vx_splice(s, a, b, t), "DhRange", "dhkeys: %s", "p+1");
	free(t);
	v[0] = 0x01;
	memset(v + 1, 0, n);
	t = vx_b64_of(v, n + 1);
	variant_add(vs, vx_splice(s, a, b, t), "DhRange", "dhkeys: %s",
	            "2^(8 len(p)), longer than p");
	free(t);
	size_t len = 0;
	uint8_t *raw = vx_decode_span(s, a, b, &len);
	if (raw != NULL && len + 1 <= sizeof v) {
		v[0] = 0;
		memcpy(v + 1, raw, len);
		t = vx_b64_of(v, len + 1);
		variant_add(vs, vx_splice(s, a, b, t), "DhRange", "dhkeys: %s",
		            "the same value with a leading zero octet");
		free(t);
	}
	free(raw);
	if (commitment) {
		t = vx_b64_of(&two, 1);
		variant_add(vs, vx_splice(s, a, b, t), "Commitment",
		            "dhkeys: %s",
		            "2 (in range, but not the e committed to by He)");
		free(t);
	}
}

/* Tampering with the stanza around the form. */
void vx_envelope_variants(vx_variants *vs, const char *s, int k)
{
	size_t a, b;
	if (vx_element_text_span(s, "thread", &a, &b)) {
		variant_add(vs, vx_splice(s, a, b, "another-thread"),
		            "Tampered", "%s", "<thread/> of another session");
		variant_add(vs,
		            vx_splice(s, a - strlen("<thread>"),
		                      b + strlen("</thread>"), ""),
		            "Tampered", "%s", "<thread/> removed");
	}
	const char *type = strstr(s, "type=\"");
	const char *x = strstr(s, "<x xmlns=\"jabber:x:data\" type=\"");
	if (x != NULL) {
		type = x + strlen("<x xmlns=\"jabber:x:data\" type=\"");
		const char *end = strchr(type, '"');
		a = (size_t)(type - s);
		b = (size_t)(end - s);
		variant_add(vs, vx_splice(s, a, b, k == 1 ? "submit" : "form"),
		            "Tampered", "%s", "data form type changed");
	}
	variant_add(vs, strndup(s, strlen(s) / 2), "Tampered", "%s",
	            "stanza truncated in the middle");
	const char *ns = k == 4 ? "http://www.xmpp.org/extensions/"
	                          "xep-0116.html#ns-init"
	                        : "http://jabber.org/protocol/feature-neg";
	const char *at = strstr(s, ns);
	if (at != NULL)
		variant_add(vs,
		            vx_splice(s, (size_t)(at - s),
		                      (size_t)(at - s) + strlen(ns),
		                      "urn:example:other"),
		            "Tampered", "%s",
		            "negotiation wrapper in another namespace");
}

/* Wrong nonces echoed: the sender's own nonce instead of the peer's. */
void vx_nonce_variants(vx_variants *vs, const char *s, int k,
                       const char *n_a_b64, const char *n_b_b64)
{
	size_t a, b;
	if (k >= 2 && vx_value_span(s, "nonce", &a, &b))
		variant_add(
		    vs, vx_splice(s, a, b, k == 3 ? n_a_b64 : n_b_b64),
		    "WrongNonce", "%s",
		    "nonce: the sender's own nonce echoed instead of the "
		    "peer's");
	if (k == 2 && vx_value_span(s, "my_nonce", &a, &b))
		variant_add(vs, vx_splice(s, a, b, n_a_b64), "WrongNonce", "%s",
		            "my_nonce: Alice's own nonce (N_B = N_A)");
}
