/*
 * key_pem.c - RFC 7468 PEM armour for key files (key_pem.h).
 */
#include "key_pem.h"

#include "base64.h"

#include <stdlib.h>
#include <string.h>

/* RFC 7468 §3: "encapsulation boundaries". */
static const char es_pem_begin[] = "-----BEGIN ";
static const char es_pem_end[] = "-----END ";
static const char es_pem_dashes[] = "-----";

/* RFC 7468 §2: generators wrap base64 lines at exactly 64 characters. */
#define ES_PEM_LINE 64u

static const struct {
	const char *label;
	es_key_der_type type;
} es_pem_labels[] = {
    {"PRIVATE KEY", ES_KEY_DER_PKCS8},           /* RFC 7468 §10 */
    {"PUBLIC KEY", ES_KEY_DER_SPKI},             /* RFC 7468 §13 */
    {"RSA PRIVATE KEY", ES_KEY_DER_RSA_PRIVATE}, /* PKCS#1, common use */
    {"RSA PUBLIC KEY", ES_KEY_DER_RSA_PUBLIC},   /* PKCS#1, common use */
};

/* A view of one line of the input, without its line break. */
typedef struct es_pem_line {
	const uint8_t *p;
	size_t len;
} es_pem_line;

static bool es_pem_is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The line at *at, which must end in LF, CRLF or the end of the input;
 * *at moves past its line break. A CR not followed by LF stays in the
 * line (and fails whatever is checked next). */
static void es_pem_next_line(const uint8_t *pem, size_t len, size_t *at,
                             es_pem_line *line)
{
	size_t i = *at;
	while (i < len && pem[i] != '\n')
		i++;
	size_t end = i;
	if (end > *at && pem[end - 1] == '\r' && end < len)
		end--;
	line->p = pem + *at;
	line->len = end - *at;
	*at = i < len ? i + 1 : len;
}

static bool es_pem_starts(const es_pem_line *l, const char *prefix)
{
	size_t n = strlen(prefix);
	return l->len >= n && memcmp(l->p, prefix, n) == 0;
}

/* "-----BEGIN X-----" or "-----END X-----": the label X (non-empty). */
static esession_status es_pem_boundary(const es_pem_line *l, const char *kind,
                                       es_pem_line *label)
{
	const size_t k = strlen(kind), d = sizeof(es_pem_dashes) - 1;
	ES_ENSURE(es_pem_starts(l, kind) && l->len > k + d, ESESSION_EPEM);
	ES_ENSURE(memcmp(l->p + l->len - d, es_pem_dashes, d) == 0,
	          ESESSION_EPEM);
	label->p = l->p + k;
	label->len = l->len - k - d;
	/* RFC 7468 §3 label: printable characters but '-', words separated
	 * by single spaces. */
	for (size_t i = 0; i < label->len; i++) {
		const uint8_t c = label->p[i];
		if (c == ' ')
			ES_ENSURE(i > 0 && label->p[i - 1] != ' ',
			          ESESSION_EPEM);
		else
			ES_ENSURE(c > 0x20 && c < 0x7f && c != '-',
			          ESESSION_EPEM);
	}
	ES_ENSURE(label->p[label->len - 1] != ' ', ESESSION_EPEM);
	return ESESSION_OK;
}

static bool es_pem_label_is(const es_pem_line *label, const char *name)
{
	return label->len == strlen(name) &&
	       memcmp(label->p, name, label->len) == 0;
}

/* Join the body lines starting at *at into b64 (secure memory, sized
 * for the whole input), up to the END line, which goes to *end_line. */
static esession_status es_pem_body(const uint8_t *pem, size_t len, size_t *at,
                                   es_secbuf *b64, size_t *b64_len,
                                   es_pem_line *end_line)
{
	bool short_line_seen = false;
	bool header_seen = false;
	size_t n = 0;
	for (;;) {
		ES_ENSURE(*at < len, ESESSION_EPEM); /* no END line */
		es_pem_line l;
		es_pem_next_line(pem, len, at, &l);
		if (es_pem_starts(&l, es_pem_end)) {
			*end_line = l;
			break;
		}
		/* RFC 1421 §4.6 encapsulated headers ("Proc-Type:
		 * 4,ENCRYPTED", "DEK-Info: ...", then a blank line):
		 * OpenSSL's legacy password-encrypted keys. The rest of
		 * such a body is skipped up to the END line; the key is
		 * refused once the armour is known to be whole. */
		if (header_seen || memchr(l.p, ':', l.len) != NULL) {
			header_seen = true;
			continue;
		}
		/* stricttextualmsg: full lines, then one shorter last line. */
		ES_ENSURE(l.len >= 1 && l.len <= ES_PEM_LINE &&
		              !short_line_seen,
		          ESESSION_EPEM);
		short_line_seen = l.len < ES_PEM_LINE;
		memcpy(b64->data + n, l.p, l.len);
		n += l.len;
	}
	*b64_len = n;
	return header_seen ? ESESSION_EKEY_FORMAT : ESESSION_OK;
}

esession_status es_key_pem_decode(const uint8_t *pem, size_t len,
                                  es_key_der_type *type, es_secbuf *der)
{
	ES_ENSURE(pem != NULL && type != NULL && der != NULL, ESESSION_EINVAL);
	size_t at = 0;
	while (at < len && es_pem_is_space(pem[at]))
		at++;
	ES_ENSURE(at < len, ESESSION_EPEM);

	es_pem_line begin, label, end_line, end_label;
	es_pem_next_line(pem, len, &at, &begin);
	ES_GUARD(es_pem_boundary(&begin, es_pem_begin, &label));

	es_secbuf b64 = ES_SECBUF_INIT;
	size_t b64_len = 0;
	ES_GUARD(es_secbuf_alloc(&b64, len));
	esession_status st =
	    es_pem_body(pem, len, &at, &b64, &b64_len, &end_line);
	/* An RFC 1421 header (ESESSION_EKEY_FORMAT) is reported only once
	 * the armour around it is known to be whole; armour errors win. */
	esession_status armour = st == ESESSION_EKEY_FORMAT ? ESESSION_OK : st;
	if (armour == ESESSION_OK)
		armour = es_pem_boundary(&end_line, es_pem_end, &end_label);
	if (armour == ESESSION_OK &&
	    (end_label.len != label.len ||
	     memcmp(end_label.p, label.p, label.len) != 0))
		armour = ESESSION_EPEM;
	/* One block: only whitespace may follow. */
	while (armour == ESESSION_OK && at < len && es_pem_is_space(pem[at]))
		at++;
	if (armour == ESESSION_OK && at != len)
		armour = ESESSION_EPEM;
	if (armour != ESESSION_OK) {
		st = armour;
		goto out;
	}
	if (st != ESESSION_OK)
		goto out;

	st = ESESSION_EKEY_FORMAT; /* "ENCRYPTED PRIVATE KEY", others */
	for (size_t i = 0; i < ES_ARRAY_LEN(es_pem_labels); i++) {
		if (es_pem_label_is(&label, es_pem_labels[i].label)) {
			*type = es_pem_labels[i].type;
			st = ESESSION_OK;
		}
	}
	if (st != ESESSION_OK)
		goto out;
	if (b64_len == 0) {
		st = ESESSION_EPEM;
		goto out;
	}
	st = es_base64_decode_secret((const char *)b64.data, b64_len, der);
	if (st != ESESSION_OK && st != ESESSION_ENOMEM)
		st = ESESSION_EPEM;
out:
	es_secbuf_free(&b64);
	return st;
}

/* Append s[0..l) at text + *n; the caller sized text for everything. */
static void es_pem_put(uint8_t *text, size_t *n, const void *s, size_t l)
{
	memcpy(text + *n, s, l);
	*n += l;
}

esession_status es_key_pem_encode(es_key_der_type type, const uint8_t *der,
                                  size_t der_len, uint8_t **out,
                                  size_t *out_len)
{
	ES_ENSURE(der != NULL && out != NULL && out_len != NULL,
	          ESESSION_EINVAL);
	const char *label = NULL;
	for (size_t i = 0; i < ES_ARRAY_LEN(es_pem_labels); i++)
		if (es_pem_labels[i].type == type)
			label = es_pem_labels[i].label;
	ES_ENSURE(label != NULL, ESESSION_EINVAL);

	size_t b64_len = 0;
	ES_GUARD(es_base64_encoded_len(der_len, &b64_len));
	ES_ENSURE(b64_len <= ES_KEY_FILE_MAX_LEN * 2u, ESESSION_EINVAL);
	const size_t lines = (b64_len + ES_PEM_LINE - 1) / ES_PEM_LINE;
	const size_t label_len = strlen(label);
	const size_t total = (sizeof(es_pem_begin) - 1) + label_len +
	                     (sizeof(es_pem_dashes) - 1) + 1 + b64_len + lines +
	                     (sizeof(es_pem_end) - 1) + label_len +
	                     (sizeof(es_pem_dashes) - 1) + 1;

	es_secbuf b64 = ES_SECBUF_INIT;
	ES_GUARD(es_secbuf_alloc(&b64, b64_len + 1));
	esession_status st = es_base64_encode_secret(
	    der, der_len, (char *)b64.data, b64.len, NULL);
	uint8_t *text = NULL;
	if (st == ESESSION_OK) {
		text = malloc(total + 1);
		if (text == NULL)
			st = ESESSION_ENOMEM;
	}
	if (st != ESESSION_OK)
		goto out;
	size_t n = 0;
	es_pem_put(text, &n, es_pem_begin, sizeof(es_pem_begin) - 1);
	es_pem_put(text, &n, label, label_len);
	es_pem_put(text, &n, es_pem_dashes, sizeof(es_pem_dashes) - 1);
	es_pem_put(text, &n, "\n", 1);
	for (size_t off = 0; off < b64_len; off += ES_PEM_LINE) {
		const size_t l =
		    b64_len - off < ES_PEM_LINE ? b64_len - off : ES_PEM_LINE;
		es_pem_put(text, &n, b64.data + off, l);
		es_pem_put(text, &n, "\n", 1);
	}
	es_pem_put(text, &n, es_pem_end, sizeof(es_pem_end) - 1);
	es_pem_put(text, &n, label, label_len);
	es_pem_put(text, &n, es_pem_dashes, sizeof(es_pem_dashes) - 1);
	es_pem_put(text, &n, "\n", 1);
	text[n] = 0;
	*out = text;
	*out_len = n;
out:
	es_secbuf_free(&b64);
	return st;
}
