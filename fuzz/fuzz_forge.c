/*
 * fuzz_forge.c - see fuzz_forge.h.
 */
#include "fuzz_forge.h"

#include "base64.h"
#include "ctr.h"
#include "session_internal.h"
#include "sigma_final.h"
#include "sigma_identity.h"
#include "sigma_keys.h"

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

/* C_X before its owner sealed an ID_X of id_len bytes: the counter c
 * holds now moved back by the blocks the encryption used
 * (ceil(id_len / block), big-endian, modulo 2^(8 * block)). */
static void counter_back(uint8_t *c, size_t block, size_t id_len)
{
	uint64_t sub = (id_len + block - 1) / block;
	unsigned borrow = 0;
	for (size_t i = block; i-- > 0;) {
		const unsigned d = (unsigned)(sub & 0xffu) + borrow;
		borrow = c[i] < d ? 1u : 0u;
		c[i] = (uint8_t)((c[i] + 256u - d) & 0xffu);
		sub >>= 8;
	}
}

/* What sealing one identity needs: the algorithms, KC_X and KM_X (in
 * `keys`, borrowed from a session or pointing at `owned`), and C_X before
 * the encryption. */
typedef struct sealer {
	es_hash_alg hash;
	es_cipher_alg cipher;
	size_t block_len;
	const es_sigma_dir_keys *keys;
	es_sigma_dir_keys owned;
	uint8_t c[ES_CTR_MAX_BLOCK_LEN];
} sealer;

/* XEP-0116 §"Generating Bob's Final Session Keys": K = HASH(K | SRS |
 * OSS), computed from Alice's provisory K the way she will compute it on
 * message 4, then Bob's three keys (§"Generating Session Keys"). */
static void bob_final_keys(const esession_session *alice, sealer *s)
{
	/* A pair's stores are fresh: no retained secret, so no SRS. */
	fz_assert(alice->rs_list.count == 0, "Alice has no retained secret");
	es_secbuf oss = ES_SECBUF_INIT;
	if (alice->store != NULL)
		fz_ok(es_store_other_secret(alice->store, alice->local_jid,
		                            alice->peer_bare, &oss),
		      "Alice's OSS");
	const es_span oss_span = {oss.data, oss.len};
	es_secbuf k = ES_SECBUF_INIT;
	fz_ok(es_sigma_final_secret(s->hash, &alice->k0, NULL,
	                            oss.len > 0 ? &oss_span : NULL, &k),
	      "final K");
	fz_ok(es_sigma_derive_dir_keys(s->hash, s->cipher, ES_SIGMA_RESPONDER,
	                               &k, &s->owned),
	      "KC_B, KM_B of the final K");
	s->keys = &s->owned;
	es_secbuf_free(&k);
	es_secbuf_free(&oss);
}

/* The sealer of identity `which`, whose recorded ID_X is id_len bytes
 * (see fuzz_forge.h for where each key and counter comes from). */
static void sealer_init(const fz_pair *p, fz_identity which, size_t id_len,
                        sealer *s)
{
	const esession_session *alice = p->alice.session;
	const esession_session *bob = p->bob.session;
	fz_assert(alice != NULL && bob != NULL, "both sessions exist");
	memset(s, 0, sizeof *s);
	s->hash = bob->params.hash;
	s->cipher = bob->params.cipher;
	s->block_len = bob->block_len;
	switch (which) {
	case FZ_ID_BOB3:
		fz_assert(bob->state == ES_S_R_WAIT_COMPLETE3,
		          "Bob sent message 2 of 3");
		s->keys = &bob->keys3.responder;
		memcpy(s->c, bob->c_b, s->block_len);
		counter_back(s->c, s->block_len, id_len);
		return;
	case FZ_ID_ALICE3:
		fz_assert(bob->state == ES_S_R_WAIT_COMPLETE3,
		          "Bob waits for message 3 of 3");
		s->keys = &bob->keys3.initiator;
		memcpy(s->c, bob->c_a, s->block_len);
		return;
	case FZ_ID_ALICE4:
		fz_assert(bob->state == ES_S_R_WAIT_COMPLETE &&
		              alice->state == ES_S_I_WAIT_BOBID,
		          "Alice sent message 3 of 4");
		fz_ok(es_sigma_derive_dir_keys(s->hash, s->cipher,
		                               ES_SIGMA_INITIATOR, &alice->k0,
		                               &s->owned),
		      "Alice's provisory KC_A, KM_A");
		s->keys = &s->owned;
		memcpy(s->c, bob->c_a, s->block_len);
		return;
	case FZ_ID_BOB4:
		fz_assert(alice->state == ES_S_I_WAIT_BOBID,
		          "Alice waits for message 4");
		bob_final_keys(alice, s);
		memcpy(s->c, alice->c_b, s->block_len);
		return;
	}
	fz_assert(false, "known identity");
}

static void sealer_free(sealer *s)
{
	es_sigma_dir_keys_free(&s->owned);
	es_wipe(s->c, sizeof s->c);
}

fz_identity fz_identity_of(const fz_pair *p, unsigned message)
{
	const bool three = p->mode->messages == 3;
	if (three && message == 2)
		return FZ_ID_BOB3;
	if (message == 3)
		return three ? FZ_ID_ALICE3 : FZ_ID_ALICE4;
	fz_assert(!three && message == 4, "a message with an identity");
	return FZ_ID_BOB4;
}

/* Where msg's recorded ID_X and M_X are, and the sealer for it; false
 * when msg has no 'identity' or no 'mac' field. */
static bool recorded(const fz_pair *p, fz_identity which, const char *msg,
                     span *id, span *mac, sealer *s)
{
	if (!field_value(msg, "identity", id) || !field_value(msg, "mac", mac))
		return false;
	size_t id_len = 0;
	free(decode(msg, *id, &id_len));
	sealer_init(p, which, id_len, s);
	return true;
}

/* msg with the values at a and b (disjoint spans) replaced by va, vb. */
static char *replace2(const char *msg, span a, const char *va, span b,
                      const char *vb)
{
	const bool a_first = a.at < b.at;
	const span first = a_first ? a : b;
	const span second = a_first ? b : a;
	const char *v1 = a_first ? va : vb;
	const char *v2 = a_first ? vb : va;
	const size_t total =
	    strlen(msg) - first.len - second.len + strlen(v1) + strlen(v2);
	char *out = malloc(total + 1);
	fz_assert(out != NULL, "malloc");
	size_t o = 0;
	memcpy(out, msg, first.at);
	o += first.at;
	memcpy(out + o, v1, strlen(v1));
	o += strlen(v1);
	const size_t mid = first.at + first.len;
	memcpy(out + o, msg + mid, second.at - mid);
	o += second.at - mid;
	memcpy(out + o, v2, strlen(v2));
	o += strlen(v2);
	const size_t tail = second.at + second.len;
	memcpy(out + o, msg + tail, strlen(msg) - tail + 1);
	return out;
}

char *fz_seal_identity(const fz_pair *p, fz_identity which, const char *msg,
                       const uint8_t *payload, size_t len)
{
	span id_at, mac_at;
	sealer s;
	if (!recorded(p, which, msg, &id_at, &mac_at, &s))
		return NULL;
	uint8_t *id = malloc(len != 0 ? len : 1);
	fz_assert(id != NULL, "malloc");
	uint8_t m[ES_HASH_MAX_LEN];
	const size_t m_len = es_hash_len(s.hash);
	if (len == 0) {
		/* es_sigma_identity_seal refuses an empty payload; the MAC
		 * of an empty ID_X is the HMAC of C_X alone. */
		fz_ok(es_sigma_identity_mac(s.hash, &s.keys->km, s.c,
		                            s.block_len, NULL, 0, m, sizeof m),
		      "M_X");
	} else {
		es_ctr *ctr = NULL;
		fz_ok(es_ctr_new(&ctr, s.cipher, s.keys->kc.data,
		                 s.keys->kc.len, s.c, s.block_len),
		      "KC_X");
		fz_ok(es_sigma_identity_seal(s.hash, ctr, &s.keys->km, payload,
		                             len, id, len, m, sizeof m),
		      "ID_X, M_X");
		es_ctr_free(ctr);
	}
	sealer_free(&s);
	char *id64 = encode(id, len);
	char *m64 = encode(m, m_len);
	free(id);
	char *out = replace2(msg, id_at, id64, mac_at, m64);
	free(id64);
	free(m64);
	return out;
}

void fz_open_identity(const fz_pair *p, fz_identity which, const char *msg,
                      uint8_t **out, size_t *out_len)
{
	span id_at, mac_at;
	sealer s;
	fz_assert(recorded(p, which, msg, &id_at, &mac_at, &s),
	          "the message has identity and mac");
	size_t id_len = 0, m_len = 0;
	uint8_t *id = decode(msg, id_at, &id_len);
	uint8_t *m = decode(msg, mac_at, &m_len);
	es_ctr *ctr = NULL;
	fz_ok(es_ctr_new(&ctr, s.cipher, s.keys->kc.data, s.keys->kc.len, s.c,
	                 s.block_len),
	      "KC_X");
	es_secbuf plain = ES_SECBUF_INIT;
	fz_ok(es_sigma_identity_open(s.hash, ctr, &s.keys->km, id, id_len, m,
	                             m_len, &plain),
	      "open the recorded ID_X");
	es_ctr_free(ctr);
	sealer_free(&s);
	*out = malloc(plain.len + 1);
	fz_assert(*out != NULL, "malloc");
	if (plain.len > 0)
		memcpy(*out, plain.data, plain.len);
	(*out)[plain.len] = 0;
	*out_len = plain.len;
	es_secbuf_free(&plain);
	free(id);
	free(m);
}
