/*
 * key_test_util.c - see key_test_util.h.
 */
#include "key_test_util.h"

#include "key_internal.h"
#include "secmem.h"
#include "sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t *kt_load(const char *name, size_t *len)
{
	char rel[256];
	int n = snprintf(rel, sizeof(rel), "tests/keys/data/%s", name);
	ck_assert(n > 0 && (size_t)n < sizeof(rel));
	char *path = es_test_source_path(rel);
	uint8_t *data = (uint8_t *)es_test_read_file(path, len);
	free(path);
	return data;
}

esession_key *kt_import_file(const char *name, esession_status expected)
{
	size_t len = 0;
	uint8_t *data = kt_load(name, &len);
	esession_key *key = NULL;
	esession_status st = esession_key_import(data, len, &key);
	ck_assert_msg(st == expected,
	              "%s: import returned %d (%s), expected %d", name, (int)st,
	              esession_strerror(st), (int)expected);
	ck_assert(st == ESESSION_OK ? key != NULL : key == NULL);
	free(data);
	return key;
}

/* The hex value of component `name` in the .parts text. */
static uint8_t *kt_part(const char *parts, const char *name, size_t *len)
{
	char want[16];
	snprintf(want, sizeof(want), "%s ", name);
	const char *line = parts;
	while (line != NULL && *line != 0) {
		if (strncmp(line, want, strlen(want)) == 0) {
			const char *hex = line + strlen(want);
			size_t hl = strcspn(hex, "\n");
			char *copy = strndup(hex, hl);
			uint8_t *v = es_test_unhex(copy, len);
			free(copy);
			return v;
		}
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	ck_abort_msg("component %s missing", name);
	return NULL;
}

void kt_assert_parts(const esession_key *key, const char *stem,
                     int with_private)
{
	static const struct {
		es_key_part part;
		const char *name;
		int secret;
	} rsa[] = {{ES_KEY_RSA_N, "n", 0}, {ES_KEY_RSA_E, "e", 0},
	           {ES_KEY_RSA_D, "d", 1}, {ES_KEY_RSA_P, "p", 1},
	           {ES_KEY_RSA_Q, "q", 1}, {ES_KEY_RSA_U, "u", 1}},
	  dsa[] = {{ES_KEY_DSA_P, "p", 0},
	           {ES_KEY_DSA_Q, "q", 0},
	           {ES_KEY_DSA_G, "g", 0},
	           {ES_KEY_DSA_Y, "y", 0},
	           {ES_KEY_DSA_X, "x", 1}};
	char file[64];
	snprintf(file, sizeof(file), "%s.parts", stem);
	uint8_t *parts = kt_load(file, NULL);
	const es_sign_key *sk = es_key_sign_key(key);
	ck_assert_ptr_nonnull(sk);
	const int is_rsa = esession_key_get_type(key) == ESESSION_KEY_RSA;
	const size_t n = is_rsa ? sizeof(rsa) / sizeof(rsa[0])
	                        : sizeof(dsa) / sizeof(dsa[0]);
	for (size_t i = 0; i < n; i++) {
		const es_key_part part = is_rsa ? rsa[i].part : dsa[i].part;
		const char *name = is_rsa ? rsa[i].name : dsa[i].name;
		const int secret = is_rsa ? rsa[i].secret : dsa[i].secret;
		es_secbuf got = ES_SECBUF_INIT;
		if (secret && !with_private) {
			ck_assert_status(es_sign_key_part(sk, part, &got),
			                 ESESSION_EKEY);
			continue;
		}
		ck_assert_status(es_sign_key_part(sk, part, &got), ESESSION_OK);
		size_t wl = 0;
		uint8_t *want = kt_part((const char *)parts, name, &wl);
		ck_assert_msg(got.len == wl && memcmp(got.data, want, wl) == 0,
		              "%s: component %s differs", stem, name);
		free(want);
		es_secbuf_free(&got);
	}
	free(parts);
}

/* The first kt_exports_core entries cover every export path once. */
const kt_export_case kt_exports[] = {
    {"rsa2048-pkcs1.der", ESESSION_KEY_PKCS8, ESESSION_KEY_PEM,
     "rsa2048-pkcs8.pem"},
    {"rsa2048-pkcs8.pem", ESESSION_KEY_PKCS1, ESESSION_KEY_DER,
     "rsa2048-pkcs1.der"},
    {"rsa2048-spki.pem", ESESSION_KEY_PKCS1, ESESSION_KEY_PEM,
     "rsa2048-pkcs1pub.pem"},
    {"rsa2048-pkcs1pub.pem", ESESSION_KEY_SPKI, ESESSION_KEY_DER,
     "rsa2048-spki.der"},
    {"dsa2048-pkcs8.der", ESESSION_KEY_PKCS8, ESESSION_KEY_DER,
     "dsa2048-pkcs8.der"},
    {"dsa2048-spki.der", ESESSION_KEY_SPKI, ESESSION_KEY_PEM,
     "dsa2048-spki.pem"},
    /* the rest */
    {"rsa2048-pkcs1.der", ESESSION_KEY_PKCS8, ESESSION_KEY_DER,
     "rsa2048-pkcs8.der"},
    {"rsa2048-pkcs8.der", ESESSION_KEY_PKCS1, ESESSION_KEY_PEM,
     "rsa2048-pkcs1.pem"},
    {"rsa2048-pkcs8.der", ESESSION_KEY_SPKI, ESESSION_KEY_DER,
     "rsa2048-spki.der"},
    {"rsa2048-pkcs8.der", ESESSION_KEY_SPKI, ESESSION_KEY_PEM,
     "rsa2048-spki.pem"},
    {"rsa2048-spki.der", ESESSION_KEY_PKCS1, ESESSION_KEY_DER,
     "rsa2048-pkcs1pub.der"},
    {"dsa2048-pkcs8.pem", ESESSION_KEY_PKCS8, ESESSION_KEY_PEM,
     "dsa2048-pkcs8.pem"},
    {"dsa2048-pkcs8.der", ESESSION_KEY_SPKI, ESESSION_KEY_DER,
     "dsa2048-spki.der"},
};
const size_t kt_exports_core = 6;
const size_t kt_exports_count = sizeof(kt_exports) / sizeof(kt_exports[0]);

void kt_assert_export(const kt_export_case *c)
{
	esession_key *key = kt_import_file(c->from, ESESSION_OK);
	uint8_t *out = NULL;
	size_t out_len = 0;
	ck_assert_status(
	    esession_key_export(key, c->container, c->encoding, &out, &out_len),
	    ESESSION_OK);
	size_t want_len = 0;
	uint8_t *want = kt_load(c->expected, &want_len);
	ck_assert_msg(out_len == want_len && memcmp(out, want, want_len) == 0,
	              "export of %s differs from %s", c->from, c->expected);
	if (c->encoding == ESESSION_KEY_PEM)
		ck_assert_uint_eq(out[out_len], 0); /* NUL-terminated */
	free(want);
	esession_bytes_free(out, out_len);
	esession_key_free(key);
}
