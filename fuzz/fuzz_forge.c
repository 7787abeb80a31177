/*
 * fuzz_forge.c - see fuzz_forge.h.
 */
#include "fuzz_forge.h"

#include "base64.h"
#include "ctr.h"
#include "session_internal.h"
#include "sigma_identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text of the first <value/> of field `var` in msg (a span of msg). */
typedef struct span {
	size_t at;
	size_t len;
} span;

static bool field_value(const char *msg, const char *var, span *out)
{
	char open[64];
	snprintf(open, sizeof open, "<field var=\"%s\"><value>", var);
	const char *v = strstr(msg, open);
	if (v == NULL)
		return false;
	v += strlen(open);
	const char *end = strstr(v, "</value>");
	if (end == NULL)
		return false;
	out->at = (size_t)(v - msg);
	out->len = (size_t)(end - v);
	return true;
}

static uint8_t *decode(const char *msg, span s, size_t *len)
{
	const size_t cap = es_base64_decoded_max_len(s.len);
	uint8_t *b = malloc(cap != 0 ? cap : 1);
	fz_assert(b != NULL, "malloc");
	fz_ok(es_base64_decode(msg + s.at, s.len, b, cap, len),
	      "base64 of a recorded field");
	return b;
}

static char *encode(const uint8_t *b, size_t len)
{
	size_t n = 0;
	fz_ok(es_base64_encoded_len(len, &n), "base64 length");
	char *t = malloc(n + 1);
	fz_assert(t != NULL, "malloc");
	fz_ok(es_base64_encode(b, len, t, n + 1, NULL), "base64");
	return t;
}

/* C_B before Bob sealed his ID_B of id_len bytes: his current counter
 * moved back by the blocks it used (ceil(id_len / block), big-endian,
 * modulo 2^(8 * block)). */
static void counter_before(const esession_session *bob, size_t id_len,
                           uint8_t *c)
{
	const size_t block = bob->block_len;
	memcpy(c, bob->c_b, block);
	uint64_t sub = (id_len + block - 1) / block;
	unsigned borrow = 0;
	for (size_t i = block; i-- > 0;) {
		const unsigned d = (unsigned)(sub & 0xffu) + borrow;
		borrow = c[i] < d ? 1u : 0u;
		c[i] = (uint8_t)((c[i] + 256u - d) & 0xffu);
		sub >>= 8;
	}
}

/* Bob's session after message 2 of a 3-message negotiation. */
static const esession_session *bob3(const fz_pair *p)
{
	fz_assert(p->mode->messages == 3 && p->bob.session != NULL,
	          "Bob's 3-message session");
	return p->bob.session;
}

/* Bob's C_B from before his recorded ID_B in msg2; false without one. */
static bool recorded_counter(const esession_session *bob, const char *msg2,
                             span *id, span *mac, uint8_t *c)
{
	if (!field_value(msg2, "identity", id) ||
	    !field_value(msg2, "mac", mac))
		return false;
	size_t id_len = 0;
	free(decode(msg2, *id, &id_len));
	counter_before(bob, id_len, c);
	return true;
}

char *fz_forge_identity3(const fz_pair *p, const char *msg2,
                         const uint8_t *payload, size_t len)
{
	const esession_session *bob = bob3(p);
	const es_sigma_dir_keys *keys = &bob->keys3.responder;
	const es_hash_alg hash = bob->params.hash;
	span id_at, mac_at;
	uint8_t c[ES_CTR_MAX_BLOCK_LEN];
	if (!recorded_counter(bob, msg2, &id_at, &mac_at, c))
		return NULL;
	uint8_t *id = malloc(len != 0 ? len : 1);
	fz_assert(id != NULL, "malloc");
	uint8_t m[ES_HASH_MAX_LEN];
	const size_t m_len = es_hash_len(hash);
	if (len == 0) {
		/* es_sigma_identity_seal refuses an empty payload; the MAC
		 * of an empty ID_B is the HMAC of C_B alone. */
		fz_ok(es_sigma_identity_mac(hash, &keys->km, c, bob->block_len,
		                            NULL, 0, m, sizeof m),
		      "M_B");
	} else {
		es_ctr *ctr = NULL;
		fz_ok(es_ctr_new(&ctr, bob->params.cipher, keys->kc.data,
		                 keys->kc.len, c, bob->block_len),
		      "KC_B");
		fz_ok(es_sigma_identity_seal(hash, ctr, &keys->km, payload, len,
		                             id, len, m, sizeof m),
		      "ID_B, M_B");
		es_ctr_free(ctr);
	}
	char *id64 = encode(id, len);
	char *m64 = encode(m, m_len);
	free(id);
	/* Replace the two values, the earlier one first. */
	const bool id_first = id_at.at < mac_at.at;
	const span first = id_first ? id_at : mac_at;
	const span second = id_first ? mac_at : id_at;
	const char *v1 = id_first ? id64 : m64;
	const char *v2 = id_first ? m64 : id64;
	const size_t total =
	    strlen(msg2) - first.len - second.len + strlen(v1) + strlen(v2);
	char *out = malloc(total + 1);
	fz_assert(out != NULL, "malloc");
	size_t o = 0;
	memcpy(out, msg2, first.at);
	o += first.at;
	memcpy(out + o, v1, strlen(v1));
	o += strlen(v1);
	const size_t mid = first.at + first.len;
	memcpy(out + o, msg2 + mid, second.at - mid);
	o += second.at - mid;
	memcpy(out + o, v2, strlen(v2));
	o += strlen(v2);
	const size_t tail = second.at + second.len;
	memcpy(out + o, msg2 + tail, strlen(msg2) - tail + 1);
	free(id64);
	free(m64);
	return out;
}

void fz_open_identity3(const fz_pair *p, const char *msg2, uint8_t **out,
                       size_t *out_len)
{
	const esession_session *bob = bob3(p);
	const es_sigma_dir_keys *keys = &bob->keys3.responder;
	span id_at, mac_at;
	uint8_t c[ES_CTR_MAX_BLOCK_LEN];
	fz_assert(recorded_counter(bob, msg2, &id_at, &mac_at, c),
	          "message 2 has identity and mac");
	size_t id_len = 0, m_len = 0;
	uint8_t *id = decode(msg2, id_at, &id_len);
	uint8_t *m = decode(msg2, mac_at, &m_len);
	es_ctr *ctr = NULL;
	fz_ok(es_ctr_new(&ctr, bob->params.cipher, keys->kc.data, keys->kc.len,
	                 c, bob->block_len),
	      "KC_B");
	es_secbuf plain = ES_SECBUF_INIT;
	fz_ok(es_sigma_identity_open(bob->params.hash, ctr, &keys->km, id,
	                             id_len, m, m_len, &plain),
	      "open Bob's recorded ID_B");
	es_ctr_free(ctr);
	*out = malloc(plain.len + 1);
	fz_assert(*out != NULL, "malloc");
	memcpy(*out, plain.data, plain.len);
	(*out)[plain.len] = 0;
	*out_len = plain.len;
	es_secbuf_free(&plain);
	free(id);
	free(m);
}
