/*
 * vectors_observe.c - the observer of the vector tool: from the wire
 * transcript of a session and the secret exponents, recompute every
 * intermediate value of spec/byte-strings.md (cited BS §n) with the
 * primitives only (hash, HMAC, CTR, DH), and check each against what the
 * session put on the wire. It calls no SIGMA or session function, so a
 * vector is recorded only when two computations agree.
 */
#include "vectors_internal.h"

#include "base64.h"
#include "dh.h"
#include "groups.h"
#include "key_internal.h"
#include "rng.h"
#include "sign.h"
#include "vectors_keys.h"
#include "xml_serialize.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void vx_vreport(const vj *test, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void vx_vreport(const vj *test, const char *fmt, va_list ap)
{
	uint64_t id = 0;
	(void)vj_get_int(test, "tcId", &id);
	fprintf(stderr, "tcId %llu: ", (unsigned long long)id);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void *vx_fail(const vj *test, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vx_vreport(test, fmt, ap);
	va_end(ap);
	return NULL;
}

bool vx_failed(const vj *test, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vx_vreport(test, fmt, ap);
	va_end(ap);
	return false;
}

esession_status vx_xml_parse(vx_xml *x, const char *text)
{
	if (x->parser == NULL)
		ES_GUARD(es_xml_parser_new(&x->parser, NULL));
	if (x->doc == NULL)
		ES_GUARD(es_xml_doc_new(&x->doc));
	es_xml_doc_reset(x->doc);
	x->root = NULL;
	return es_xml_parse(x->parser, x->doc, (const uint8_t *)text,
	                    strlen(text), &x->root);
}

void vx_xml_free(vx_xml *x)
{
	es_xml_parser_free(x->parser);
	es_xml_doc_free(x->doc);
	memset(x, 0, sizeof *x);
}

static es_xml_node *child_named(const es_xml_node *parent, const char *name)
{
	for (es_xml_node *c = es_xml_first_element(parent); c != NULL;
	     c = es_xml_next_element(c))
		if (strcmp(es_xml_name(c), name) == 0)
			return c;
	return NULL;
}

es_xml_node *vx_form_of(const es_xml_node *stanza)
{
	es_xml_node *wrap = child_named(stanza, "feature");
	if (wrap == NULL)
		wrap = child_named(stanza, "init");
	return wrap != NULL ? child_named(wrap, "x") : NULL;
}

static es_xml_node *field_of(const es_xml_node *form, const char *var)
{
	for (es_xml_node *c = es_xml_first_element(form); c != NULL;
	     c = es_xml_next_element(c)) {
		const char *v = es_xml_attr_get(c, "", "var", NULL);
		if (strcmp(es_xml_name(c), "field") == 0 && v != NULL &&
		    strcmp(v, var) == 0)
			return c;
	}
	return NULL;
}

size_t vx_field_count(const es_xml_node *form, const char *var)
{
	es_xml_node *f = field_of(form, var);
	size_t n = 0;
	for (es_xml_node *c = f != NULL ? es_xml_first_element(f) : NULL;
	     c != NULL; c = es_xml_next_element(c))
		if (strcmp(es_xml_name(c), "value") == 0)
			n++;
	return n;
}

bool vx_field_bytes(const es_xml_node *form, const char *var, size_t i,
                    uint8_t **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	es_xml_node *f = field_of(form, var);
	if (f == NULL)
		return false;
	for (es_xml_node *c = es_xml_first_element(f); c != NULL;
	     c = es_xml_next_element(c)) {
		if (strcmp(es_xml_name(c), "value") != 0 || i-- > 0)
			continue;
		const char *text = NULL;
		size_t tlen = 0;
		if (es_xml_text_content(c, &text, &tlen) != ESESSION_OK)
			return false;
		size_t cap = es_base64_decoded_max_len(tlen);
		uint8_t *buf = malloc(cap + 1);
		if (buf == NULL)
			return false;
		if (es_base64_decode(text, tlen, buf, cap, len) !=
		    ESESSION_OK) {
			free(buf);
			return false;
		}
		*out = buf;
		return true;
	}
	return false;
}

bool vx_form_string(const es_xml_node *form, bool exclude_id_mac, vj_buf *out)
{
	es_xml_buf buf;
	es_xml_buf_init(&buf, 0);
	bool ok = true;
	/* BS §2 "Form strings": the children of <x/>, each normalized, in
	 * document order, without the <x> tags. */
	for (es_xml_node *c = es_xml_first_element(form); ok && c != NULL;
	     c = es_xml_next_element(c)) {
		const char *var = es_xml_attr_get(c, "", "var", NULL);
		if (exclude_id_mac && var != NULL &&
		    (strcmp(var, "identity") == 0 || strcmp(var, "mac") == 0))
			continue;
		es_xml_buf_clear(&buf);
		ok = es_xml_c14n(c, &buf) == ESESSION_OK;
		if (ok)
			vj_buf_add(out, buf.data, buf.len);
	}
	es_xml_buf_free(&buf);
	return ok;
}

char *vx_stamp_from(const char *stanza, const char *jid)
{
	size_t len = strlen(stanza);
	size_t name_end = 1;
	while (name_end < len && stanza[name_end] != ' ' &&
	       stanza[name_end] != '>' && stanza[name_end] != '/')
		name_end++;
	vj_buf b = {0};
	vj_buf_add(&b, stanza, name_end);
	vj_buf_adds(&b, " from='");
	vj_buf_adds(&b, jid);
	vj_buf_adds(&b, "'");
	vj_buf_add(&b, stanza + name_end, len - name_end);
	return b.data;
}

bool vx_algs_of(const vj *group, vx_algs *out)
{
	const char *cipher = vj_get_str(group, "cipher");
	const char *hash = vj_get_str(group, "hash");
	if (cipher == NULL || hash == NULL ||
	    es_cipher_from_name(cipher, &out->cipher) != ESESSION_OK ||
	    es_hash_from_name(hash, &out->hash) != ESESSION_OK)
		return false;
	out->hlen = es_hash_len(out->hash);
	out->blen = es_cipher_block_len(out->cipher);
	return true;
}

void vx_subst(vj_buf *out, const char *tmpl, const char *arg)
{
	const char *at;
	while ((at = strstr(tmpl, "%s")) != NULL) {
		vj_buf_add(out, tmpl, (size_t)(at - tmpl));
		vj_buf_adds(out, arg);
		tmpl = at + 2;
	}
	vj_buf_adds(out, tmpl);
}

/* ---- primitives as the observer uses them ------------------------------ */

static bool hash_parts(es_hash_alg alg, const es_span *parts, size_t n,
                       uint8_t *out)
{
	return es_hash(alg, parts, n, out, ES_HASH_MAX_LEN) == ESESSION_OK;
}

static bool hmac_parts(es_hash_alg alg, const uint8_t *key, size_t key_len,
                       const es_span *parts, size_t n, uint8_t *out)
{
	return es_hmac(alg, key, key_len, parts, n, out, ES_HASH_MAX_LEN) ==
	       ESESSION_OK;
}

/* BS §3 KC/KM/KS: the least significant `len` bytes of HMAC(K, label). */
static bool kdf(const vx_algs *a, const uint8_t *k, size_t k_len,
                const char *label, size_t len, uint8_t *out)
{
	uint8_t h[ES_HASH_MAX_LEN];
	es_span part = {(const uint8_t *)label, strlen(label)};
	if (len > a->hlen || !hmac_parts(a->hash, k, k_len, &part, 1, h))
		return false;
	memcpy(out, h + a->hlen - len, len);
	return true;
}

/* Add `blocks` to a big-endian counter modulo 2^(8 len). */
static void ctr_add(uint8_t *ctr, size_t len, uint64_t blocks)
{
	for (size_t i = len; i-- > 0 && blocks > 0;) {
		uint64_t sum = ctr[i] + (blocks & 0xff);
		ctr[i] = (uint8_t)sum;
		blocks = (blocks >> 8) + (sum >> 8);
	}
}

/* CTR transform of in from counter ctr (BS §1 CIPHER); ctr advances. */
bool vx_ctr_crypt(const vx_algs *a, const uint8_t *key, size_t key_len,
                  uint8_t *ctr, const uint8_t *in, size_t len, uint8_t *out)
{
	es_ctr *c = NULL;
	bool ok = es_ctr_new(&c, a->cipher, key, key_len, ctr, a->blen) ==
	              ESESSION_OK &&
	          es_ctr_crypt(c, out, in, len) == ESESSION_OK &&
	          es_ctr_get_counter(c, ctr, a->blen) == ESESSION_OK;
	es_ctr_free(c);
	return ok;
}

typedef struct vx_six {
	uint8_t k[6][32]; /* KCA KMA KSA KCB KMB KSB */
	size_t len[6];
} vx_six;

static const char *const key_names[6] = {"KCA", "KMA", "KSA",
                                         "KCB", "KMB", "KSB"};
static const char *const key_labels[6] = {
    "Initiator Cipher Key", "Initiator MAC Key", "Initiator SIGMA Key",
    "Responder Cipher Key", "Responder MAC Key", "Responder SIGMA Key"};

/* BS §3: klen for KC, mlen = max(klen, 16) for KM and KS. */
static bool derive_six(const vx_algs *a, const uint8_t *k, size_t k_len,
                       size_t n_keys, vx_six *out, vj *obj)
{
	size_t klen = es_cipher_key_len(a->cipher);
	size_t mlen = klen > 16 ? klen : 16;
	for (size_t i = 0; i < n_keys; i++) {
		out->len[i] = i % 3 == 0 ? klen : mlen;
		if (!kdf(a, k, k_len, key_labels[i], out->len[i], out->k[i]))
			return false;
		vj_set(obj, key_names[i], vj_hex(out->k[i], out->len[i]));
	}
	return true;
}

/* ---- re-drawing the secret exponents ----------------------------------- */

/* The session's RNG seed (esession/session/config.c
 * es_config_session_rng): seed | role | local JID | 0x00 | peer JID. */
/* The session's draw of a nonce or initial counter (session_internal.h
 * es_session_random_id): whole values are redrawn until the first octet
 * has a bit of first_mask set. */
bool vx_redraw(es_rng *rng, uint8_t *out, size_t len, uint8_t first_mask)
{
	do {
		if (es_rng_bytes(rng, ES_RNG_NONCE, out, len) != ESESSION_OK)
			return false;
	} while ((out[0] & first_mask) == 0);
	return true;
}

es_rng *vx_session_rng(const uint8_t *seed, size_t seed_len, esession_role role,
                       const char *local, const char *peer)
{
	vj_buf b = {0};
	uint8_t r = (uint8_t)role;
	vj_buf_add(&b, seed, seed_len);
	vj_buf_add(&b, &r, 1);
	vj_buf_adds(&b, local);
	vj_buf_add(&b, "", 1);
	vj_buf_adds(&b, peer);
	es_rng *rng = NULL;
	if (es_rng_new_deterministic_for_tests(&rng, (const uint8_t *)b.data,
	                                       b.len) != ESESSION_OK)
		rng = NULL;
	vj_buf_free(&b);
	return rng;
}

static vj *exponent_hex(const es_dh *dh)
{
	es_secbuf x = ES_SECBUF_INIT;
	if (es_dh_export_exponent(dh, &x) != ESESSION_OK)
		return NULL;
	vj *v = vj_hex(x.data, x.len);
	es_secbuf_free(&x);
	return v;
}

static vj *public_hex(const es_dh *dh, uint8_t *buf, size_t *len)
{
	if (es_dh_public(dh, buf, 1200, len) != ESESSION_OK)
		return NULL;
	return vj_hex(buf, *len);
}

/* ---- the negotiation ---------------------------------------------------- */

typedef struct neg_wire {
	vx_xml xml[4];
	es_xml_node *form[4];
	int n; /* 3 or 4 messages */
} neg_wire;

static void neg_wire_free(neg_wire *w)
{
	for (int i = 0; i < 4; i++)
		vx_xml_free(&w->xml[i]);
}

/* A base64 field value into a fixed buffer (the caller knows the size). */
static bool field(const neg_wire *w, int msg, const char *var, size_t i,
                  uint8_t *out, size_t cap, size_t *len)
{
	uint8_t *b = NULL;
	if (!vx_field_bytes(w->form[msg], var, i, &b, len) || *len > cap) {
		free(b);
		return false;
	}
	memcpy(out, b, *len);
	free(b);
	return true;
}

typedef struct neg_obs {
	const vj *test;
	vx_algs a;
	uint8_t n_a[256], n_b[256], c_a[16], c_b[16];
	size_t n_a_len, n_b_len;
	uint8_t e[1200], d[1200], z[1200];
	size_t e_len, d_len, z_len;
	uint8_t k0[64], k[64];
	vj_buf form_a, form_a2, form_b, form_b2;
	vx_six prov, fin;
	uint8_t id_a[4096], id_b[4096], m_a[64], m_b[64], mac[64];
	size_t id_a_len, id_b_len, m_a_len, m_b_len;
	uint8_t srsh[64];
	size_t srsh_len;
} neg_obs;

/* The identity of one party as the observer checks it (BS §3 ID_X). */
typedef struct vx_ident {
	const vj *party;  /* the party's configuration (identityKey) */
	const char *mode; /* its selected pubkey mode */
	char x;           /* 'A' or 'B': suffix of the README names */
	const char *kv;   /* pubKey_X: the Normalized KeyValue, or "" */
	size_t kv_len;
} vx_ident;

static bool ident_init(vx_ident *id, const vj *party, const char *mode, char x)
{
	const vj *ik = vj_get(party, "identityKey");
	const vj *kv = ik != NULL ? vj_get(ik, "keyValue") : NULL;
	id->party = party;
	id->mode = mode;
	id->x = x;
	id->kv = "";
	id->kv_len = 0;
	if (strcmp(mode, "none") == 0)
		return true;
	if (kv == NULL || kv->type != VJ_STR)
		return false;
	id->kv = kv->str;
	id->kv_len = kv->len;
	return true;
}

static void add_b64(vj_buf *b, const uint8_t *data, size_t len)
{
	size_t n = 0;
	char *s = NULL;
	if (es_base64_encoded_len(len, &n) == ESESSION_OK &&
	    (s = malloc(n + 1)) != NULL &&
	    es_base64_encode(data, len, s, n + 1, NULL) == ESESSION_OK)
		vj_buf_add(b, s, n);
	free(s);
}

static void set_named(vj *obj, const char *stem, char x, vj *val)
{
	char name[32];
	snprintf(name, sizeof name, "%s%c", stem, x);
	vj_set(obj, name, val);
}

/* BS §3 "ID_X plaintext": the observer builds the plaintext it expects
 * ('none': mac_X; 'key': pubKey_X | sign_X; 'hash': fingerprint element |
 * sign_X, with sign_X = SIGN(signKey_X, mac_X), deterministic for both
 * algorithms) and requires the decrypted ID_X to be exactly that. */
static bool check_plain(neg_obs *o, const vx_ident *id, const uint8_t *plain,
                        size_t len, const uint8_t *mac_x, vj *inter,
                        bool pubkeys)
{
	vj_buf want = {0};
	esession_key *key = NULL;
	uint8_t sig[1024], fp[64];
	size_t sig_len = 0;
	bool ok = true;
	if (strcmp(id->mode, "none") == 0) {
		vj_buf_add(&want, mac_x, o->a.hlen);
	} else {
		const es_sign_key *sk = NULL;
		ok = vx_key_load(vj_get(id->party, "identityKey"), &key) ==
		         ESESSION_OK &&
		     (sk = es_key_sign_key(key)) != NULL &&
		     es_sign_create(sk, mac_x, o->a.hlen, sig, sizeof sig,
		                    &sig_len) == ESESSION_OK &&
		     es_sign_verify(sk, mac_x, o->a.hlen, sig, sig_len) ==
		         ESESSION_OK;
		es_span part = {(const uint8_t *)id->kv, id->kv_len};
		bool hash = strcmp(id->mode, "hash") == 0;
		if (ok && hash) {
			ok = hash_parts(o->a.hash, &part, 1, fp);
			vj_buf_adds(&want, "<fingerprint>");
			add_b64(&want, fp, o->a.hlen);
			vj_buf_adds(&want, "</fingerprint>");
			set_named(inter, "fingerprint", id->x,
			          vj_hex(fp, o->a.hlen));
		} else if (ok) {
			vj_buf_add(&want, id->kv, id->kv_len);
		}
		vj_buf_adds(&want, "<SignatureValue>");
		add_b64(&want, sig, sig_len);
		vj_buf_adds(&want, "</SignatureValue>");
		if (ok)
			set_named(inter, "sign", id->x, vj_hex(sig, sig_len));
	}
	ok = ok && want.len == len && memcmp(want.data, plain, len) == 0;
	if (ok && pubkeys)
		set_named(inter, "identityPlain", id->x, vj_hex(plain, len));
	vj_buf_free(&want);
	esession_key_free(key);
	if (!ok)
		return vx_failed(
		    o->test, "observer: identity %c plaintext differs", id->x);
	return true;
}

/* BS §3 ID_X / M_X: check M = HMAC(KM, ctr(C0) | ID), decrypt ID from C0
 * and compare with the expected plaintext; ctr advances past ID. */
static bool check_identity(neg_obs *o, const uint8_t *kc, size_t kc_len,
                           const uint8_t *km, size_t km_len, uint8_t *ctr,
                           const uint8_t *id, size_t id_len, const uint8_t *m,
                           size_t m_len, const uint8_t *mac_x,
                           const vx_ident *who, vj *inter, bool pubkeys)
{
	uint8_t calc[64];
	es_span parts[2] = {{ctr, o->a.blen}, {id, id_len}};
	if (!hmac_parts(o->a.hash, km, km_len, parts, 2, calc) ||
	    m_len != o->a.hlen || memcmp(calc, m, m_len) != 0)
		return vx_failed(o->test, "observer: identity MAC differs");
	uint8_t *plain = malloc(id_len + 1);
	bool ok = plain != NULL &&
	          vx_ctr_crypt(&o->a, kc, kc_len, ctr, id, id_len, plain) &&
	          check_plain(o, who, plain, id_len, mac_x, inter, pubkeys);
	free(plain);
	return ok;
}

static bool parse_messages(neg_wire *w, const vj *test,
                           const char *const msgs[4])
{
	for (int i = 0; i < w->n; i++) {
		if (msgs[i] == NULL ||
		    vx_xml_parse(&w->xml[i], msgs[i]) != ESESSION_OK ||
		    (w->form[i] = vx_form_of(w->xml[i].root)) == NULL)
			return vx_failed(
			    test, "observer: message %d unreadable", i + 1);
	}
	return true;
}

/* Secret (per party) retained secrets: [{peer, secret}] hex inputs. */
static bool find_srs(const neg_obs *o, const vj *party, const uint8_t *srsh,
                     size_t srsh_len, uint8_t *srs, size_t *srs_len)
{
	const vj *list = vj_get(party, "retainedSecrets");
	static const char label[] = "Shared Retained Secret";
	for (size_t i = 0; list != NULL && i < list->n; i++) {
		uint8_t *rs = NULL, h[64];
		size_t rs_len = 0;
		if (!vj_get_hex(list->items[i], "secret", &rs, &rs_len))
			return false;
		es_span part = {(const uint8_t *)label, sizeof label - 1};
		bool match = hmac_parts(o->a.hash, rs, rs_len, &part, 1, h) &&
		             srsh_len == o->a.hlen &&
		             memcmp(h, srsh, srsh_len) == 0;
		if (match) {
			memcpy(srs, rs, rs_len);
			*srs_len = rs_len;
		}
		free(rs);
		if (match)
			return true;
	}
	*srs_len = 0;
	return true;
}

/* 4-message, BS §3: every rshashes value (the real ones first, then the
 * padding, A-"rshashes padding"), Bob's srshash and the SRS it names, and
 * the final K = HASH(K0 | SRS | OSS) (A-"Final K when neither SRS nor OSS
 * exists": always hashed). */
static bool observe_final_k(neg_obs *o, const neg_wire *w, const vj *alice,
                            const vj *bob, vj *random, vj *inter)
{
	size_t n_rs = vx_field_count(w->form[2], "rshashes");
	const vj *a_rs = vj_get(alice, "retainedSecrets");
	size_t n_real = a_rs != NULL ? a_rs->n : 0;
	vj *rsh = vj_set(inter, "rshashes", vj_arr());
	vj *pad = vj_set(random, "rshashesPadding", vj_arr());
	for (size_t i = 0; i < n_rs; i++) {
		uint8_t v[64];
		size_t v_len = 0;
		if (!field(w, 2, "rshashes", i, v, sizeof v, &v_len))
			return false;
		vj_push(rsh, vj_hex(v, v_len));
		if (i >= n_real)
			vj_push(pad, vj_hex(v, v_len));
	}
	uint8_t srs[64];
	size_t srs_len = 0;
	if (!field(w, 3, "srshash", 0, o->srsh, sizeof o->srsh, &o->srsh_len) ||
	    !find_srs(o, bob, o->srsh, o->srsh_len, srs, &srs_len))
		return false;
	if (srs_len == 0)
		vj_set(random, "srshashRandom", vj_hex(o->srsh, o->srsh_len));
	else
		vj_set(inter, "srs", vj_hex(srs, srs_len));
	uint8_t *oss = NULL;
	size_t oss_len = 0;
	(void)vj_get_hex(alice, "otherSecret", &oss, &oss_len);
	es_span pk[3] = {{o->k0, o->a.hlen}, {srs, srs_len}, {oss, oss_len}};
	bool ok = hash_parts(o->a.hash, pk, 3, o->k);
	free(oss);
	es_wipe(srs, sizeof srs);
	if (ok)
		vj_set(inter, "K", vj_hex(o->k, o->a.hlen));
	return ok;
}

/* 4-message, BS §3: the SAS (HASH(M_A | form_B | "Short Authentication
 * String"), last 24 bits, five base-28 digits, most significant first)
 * and the new retained secret HMAC(HASH, K, "New Retained Secret"). */
static bool observe_sas_nrs(neg_obs *o, vj *inter)
{
	static const char sas_label[] = "Short Authentication String";
	static const char alphabet[] = "acdefghikmopqruvwxy123456789";
	static const char nrs_label[] = "New Retained Secret";
	uint8_t sas_in[64], nrs[64];
	es_span ps[3] = {{o->m_a, o->m_a_len},
	                 {(const uint8_t *)o->form_b.data, o->form_b.len},
	                 {(const uint8_t *)sas_label, sizeof sas_label - 1}};
	es_span pn = {(const uint8_t *)nrs_label, sizeof nrs_label - 1};
	if (!hash_parts(o->a.hash, ps, 3, sas_in))
		return false;
	uint32_t v = (uint32_t)sas_in[o->a.hlen - 3] << 16 |
	             (uint32_t)sas_in[o->a.hlen - 2] << 8 |
	             sas_in[o->a.hlen - 1];
	char sas[6] = {0};
	for (int i = 4; i >= 0; i--) {
		sas[i] = alphabet[v % 28];
		v /= 28;
	}
	vj_set(inter, "sasInput", vj_hex(sas_in, o->a.hlen));
	vj_set(inter, "sas", vj_str(sas));
	if (!hmac_parts(o->a.hash, o->k, o->a.hlen, &pn, 1, nrs))
		return false;
	vj_set(inter, "newRetainedSecret", vj_hex(nrs, o->a.hlen));
	return true;
}

static bool observe(neg_obs *o, const vj *group, const char *const msgs[4],
                    vj *random, vj *inter, vx_dirs *dirs)
{
	const vj *test = o->test;
	const vj *alice = vj_get(test, "alice");
	const vj *bob = vj_get(test, "bob");
	const vj *offer = vj_get(alice, "modp");
	const char *a_jid = vj_get_str(alice, "jid");
	const char *b_jid = vj_get_str(bob, "jid");
	const char *a_to = vj_get_str(test, "aliceTo");
	uint64_t sel = 0;
	uint8_t *seed = NULL;
	size_t seed_len = 0;
	if (offer == NULL || a_jid == NULL || b_jid == NULL || a_to == NULL ||
	    !vj_get_int(group, "modp", &sel) ||
	    !vj_get_hex(test, "seed", &seed, &seed_len))
		return vx_failed(test, "observer: inputs incomplete");

	/* XEP-0116 §"Three- or Four-Message Negotiation?" and the selected
	 * pubkey modes (README "Public keys").
	 * (Absent group fields: the 4-message 'none' defaults, for the
	 * generator's internal groups.) */
	uint64_t n_msgs = 4;
	const char *init_pk = vj_get_str(group, "initPubkey");
	const char *resp_pk = vj_get_str(group, "respPubkey");
	bool pubkeys = vj_get(group, "signAlg") != NULL;
	vx_ident who_a, who_b;
	neg_wire w = {0};
	(void)vj_get_int(group, "messageCount", &n_msgs);
	bool ok =
	    (n_msgs == 3 || n_msgs == 4) &&
	    ident_init(&who_a, alice, init_pk != NULL ? init_pk : "none",
	               'A') &&
	    ident_init(&who_b, bob, resp_pk != NULL ? resp_pk : "none", 'B');
	bool three = n_msgs == 3;
	w.n = (int)n_msgs;
	ok = ok && parse_messages(&w, test, msgs);
	es_rng *rng_a = NULL, *rng_b = NULL;
	es_dh *dh_sel = NULL, *dh_b = NULL;
	vj *xs = vj_set(random, "x", vj_arr());
	vj *es = vj_set(inter, "e", vj_arr());
	if (ok) {
		rng_a = vx_session_rng(seed, seed_len, ESESSION_ROLE_INITIATOR,
		                       a_jid, a_to);
		rng_b = vx_session_rng(seed, seed_len, ESESSION_ROLE_RESPONDER,
		                       b_jid, a_jid);
		ok = rng_a != NULL && rng_b != NULL;
	}
	/* Alice, XEP-0116 §"ESession Request (Alice)": one x per offered
	 * group, in 'modp' order, then N_A. Each He must be on the wire. */
	for (size_t i = 0; ok && i < offer->n; i++) {
		const es_group *g = NULL;
		es_dh *dh = NULL;
		uint8_t e[1200], he[64], he_wire[64], he_wire_e[1200];
		size_t e_len = 0, he_len = 0;
		ok = es_group_find((unsigned)offer->items[i]->num, &g) ==
		         ESESSION_OK &&
		     es_dh_generate(&dh, rng_a, g, ES_DH_CIPHER_BLOCK_BITS) ==
		         ESESSION_OK;
		vj *xe = ok ? vj_push(xs, vj_obj()) : NULL;
		vj *ee = ok ? vj_push(es, vj_obj()) : NULL;
		if (ok) {
			vj_set(xe, "modp", vj_int(offer->items[i]->num));
			vj_set(xe, "x", exponent_hex(dh));
			vj_set(ee, "modp", vj_int(offer->items[i]->num));
			vj_set(ee, "e", public_hex(dh, e, &e_len));
			es_span part = {e, e_len};
			/* 4-message: He = SHA256(mpi(e)) in 'dhhashes';
			 * 3-message: e itself in 'dhkeys'. */
			if (three)
				ok = field(&w, 0, "dhkeys", i, he_wire_e,
				           sizeof he_wire_e, &he_len) &&
				     he_len == e_len &&
				     memcmp(e, he_wire_e, e_len) == 0;
			else
				ok = hash_parts(ES_HASH_SHA256, &part, 1, he) &&
				     field(&w, 0, "dhhashes", i, he_wire,
				           sizeof he_wire, &he_len) &&
				     he_len == 32 &&
				     memcmp(he, he_wire, 32) == 0;
			if (!ok)
				vx_fail(
				    test,
				    "observer: x of group %llu does "
				    "not give the value on the wire",
				    (unsigned long long)offer->items[i]->num);
			if (!three)
				vj_set(ee, "He", vj_hex(he, 32));
		}
		if (ok && offer->items[i]->num == sel) {
			dh_sel = dh;
			memcpy(o->e, e, e_len);
			o->e_len = e_len;
		} else {
			es_dh_free(dh);
		}
	}
	/* Bob, §"Diffie-Hellman Preparation (Bob)": N_B, C_A, then y. */
	uint8_t skip[256 + 16];
	size_t c_a_len = 0;
	const es_group *gsel = NULL;
	ok = ok &&
	     field(&w, 0, "my_nonce", 0, o->n_a, sizeof o->n_a, &o->n_a_len) &&
	     field(&w, 1, "my_nonce", 0, o->n_b, sizeof o->n_b, &o->n_b_len) &&
	     field(&w, 1, "counter", 0, o->c_a, sizeof o->c_a, &c_a_len) &&
	     c_a_len == o->a.blen && vx_redraw(rng_b, skip, o->n_b_len, 0xff) &&
	     memcmp(skip, o->n_b, o->n_b_len) == 0 &&
	     vx_redraw(rng_b, skip, o->a.blen, 0x7f) &&
	     memcmp(skip, o->c_a, o->a.blen) == 0 &&
	     es_group_find((unsigned)sel, &gsel) == ESESSION_OK &&
	     es_dh_generate(&dh_b, rng_b, gsel, ES_DH_CIPHER_BLOCK_BITS) ==
	         ESESSION_OK &&
	     field(&w, 1, "dhkeys", 0, o->d, sizeof o->d, &o->d_len);
	if (ok) {
		uint8_t d[1200];
		size_t d_len = 0;
		vj_set(random, "y", exponent_hex(dh_b));
		vj *dv = public_hex(dh_b, d, &d_len);
		ok = dv != NULL && d_len == o->d_len &&
		     memcmp(d, o->d, d_len) == 0;
		vj_free(dv);
		if (!ok)
			vx_fail(test, "observer: y does not give d");
	}
	/* 4-message: Alice's e in message 3 must be the selected one (in
	 * 3-message the loop above checked every e of message 1). */
	uint8_t e3[1200];
	size_t e3_len = 0;
	ok = ok && dh_sel != NULL &&
	     (three || (field(&w, 2, "dhkeys", 0, e3, sizeof e3, &e3_len) &&
	                e3_len == o->e_len && memcmp(e3, o->e, e3_len) == 0));
	if (ok) {
		vj_set(random, "nA", vj_hex(o->n_a, o->n_a_len));
		vj_set(random, "nB", vj_hex(o->n_b, o->n_b_len));
		vj_set(random, "cA", vj_hex(o->c_a, o->a.blen));
	}

	/* Shared secret (BS §3 Z) and K: the provisory K0 with its three
	 * keys in 4-message; in 3-message the only K and all six keys. */
	es_secbuf z = ES_SECBUF_INIT;
	ok = ok &&
	     es_dh_compute_shared(dh_sel, o->d, o->d_len, &z) == ESESSION_OK;
	if (ok) {
		es_span part = {z.data, z.len};
		vj_set(inter, "d", vj_hex(o->d, o->d_len));
		vj_set(inter, "sharedSecret", vj_hex(z.data, z.len));
		ok = hash_parts(o->a.hash, &part, 1, three ? o->k : o->k0);
		vj_set(inter, three ? "K" : "K0",
		       vj_hex(three ? o->k : o->k0, o->a.hlen));
	}
	es_secbuf_free(&z);
	vj *prov =
	    ok ? vj_set(inter, three ? "finalKeys" : "provisoryKeys", vj_obj())
	       : NULL;
	if (three)
		ok = ok && derive_six(&o->a, o->k, o->a.hlen, 6, &o->fin, prov);
	else
		ok = ok &&
		     derive_six(&o->a, o->k0, o->a.hlen, 3, &o->prov, prov);
	/* The keys that protect ID_A: provisory in 4-message. */
	const vx_six *ka = three ? &o->fin : &o->prov;
	memcpy(o->c_b, o->c_a, o->a.blen);
	o->c_b[0] ^= 0x80; /* BS §3 C_B = C_A XOR 2^(n-1) */
	if (ok)
		vj_set(inter, "cB", vj_hex(o->c_b, o->a.blen));

	/* Forms (BS §2). Alice's completion is message 3 in both flavours;
	 * Bob's identity is in message 2 (3-message) or 4. */
	int msg_b = three ? 1 : 3;
	ok = ok && vx_form_string(w.form[0], false, &o->form_a) &&
	     vx_form_string(w.form[2], true, &o->form_a2) &&
	     vx_form_string(w.form[1], true, &o->form_b) &&
	     (three || vx_form_string(w.form[3], true, &o->form_b2));
	if (ok) {
		vj_set(inter, "formA", vj_strn(o->form_a.data, o->form_a.len));
		vj_set(inter, "formA2",
		       vj_strn(o->form_a2.data, o->form_a2.len));
		vj_set(inter, "formB", vj_strn(o->form_b.data, o->form_b.len));
		if (!three)
			vj_set(inter, "formB2",
			       vj_strn(o->form_b2.data, o->form_b2.len));
	}
	if (ok && pubkeys) {
		vj_set(inter, "pubKeyA", vj_strn(who_a.kv, who_a.kv_len));
		vj_set(inter, "pubKeyB", vj_strn(who_b.kv, who_b.kv_len));
	}

	/* mac_A, ID_A, M_A (BS §3) with pubKey_A. */
	uint8_t mac_a[64], ctr_a[16];
	memcpy(ctr_a, o->c_a, o->a.blen);
	es_span pa[6] = {{o->n_b, o->n_b_len},
	                 {o->n_a, o->n_a_len},
	                 {o->e, o->e_len},
	                 {(const uint8_t *)who_a.kv, who_a.kv_len},
	                 {(const uint8_t *)o->form_a.data, o->form_a.len},
	                 {(const uint8_t *)o->form_a2.data, o->form_a2.len}};
	ok = ok && hmac_parts(o->a.hash, ka->k[2], ka->len[2], pa, 6, mac_a) &&
	     field(&w, 2, "identity", 0, o->id_a, sizeof o->id_a,
	           &o->id_a_len) &&
	     field(&w, 2, "mac", 0, o->m_a, sizeof o->m_a, &o->m_a_len) &&
	     check_identity(o, ka->k[0], ka->len[0], ka->k[1], ka->len[1],
	                    ctr_a, o->id_a, o->id_a_len, o->m_a, o->m_a_len,
	                    mac_a, &who_a, inter, pubkeys);
	if (ok) {
		vj_set(inter, "macA", vj_hex(mac_a, o->a.hlen));
		vj_set(inter, "IDA", vj_hex(o->id_a, o->id_a_len));
		vj_set(inter, "MA", vj_hex(o->m_a, o->m_a_len));
	}

	/* rshashes, SRS, final K: 4-message only (A-"What the 3-message
	 * exchange leaves out"). */
	if (!three) {
		ok = ok && observe_final_k(o, &w, alice, bob, random, inter);
		vj *fin = ok ? vj_set(inter, "finalKeys", vj_obj()) : NULL;
		ok = ok && derive_six(&o->a, o->k, o->a.hlen, 6, &o->fin, fin);
		if (ok)
			vj_set(inter, "srshash", vj_hex(o->srsh, o->srsh_len));
	}

	/* mac_B, ID_B, M_B with the final keys (BS §3): form_B2 only in
	 * 4-message. */
	uint8_t mac_b[64], ctr_b[16];
	memcpy(ctr_b, o->c_b, o->a.blen);
	es_span pb[6] = {{o->n_a, o->n_a_len},
	                 {o->n_b, o->n_b_len},
	                 {o->d, o->d_len},
	                 {(const uint8_t *)who_b.kv, who_b.kv_len},
	                 {(const uint8_t *)o->form_b.data, o->form_b.len},
	                 {(const uint8_t *)o->form_b2.data, o->form_b2.len}};
	ok = ok &&
	     hmac_parts(o->a.hash, o->fin.k[5], o->fin.len[5], pb,
	                three ? 5 : 6, mac_b) &&
	     field(&w, msg_b, "identity", 0, o->id_b, sizeof o->id_b,
	           &o->id_b_len) &&
	     field(&w, msg_b, "mac", 0, o->m_b, sizeof o->m_b, &o->m_b_len) &&
	     check_identity(o, o->fin.k[3], o->fin.len[3], o->fin.k[4],
	                    o->fin.len[4], ctr_b, o->id_b, o->id_b_len, o->m_b,
	                    o->m_b_len, mac_b, &who_b, inter, pubkeys);
	if (ok) {
		vj_set(inter, "macB", vj_hex(mac_b, o->a.hlen));
		vj_set(inter, "IDB", vj_hex(o->id_b, o->id_b_len));
		vj_set(inter, "MB", vj_hex(o->m_b, o->m_b_len));
	}

	/* SAS and the new retained secret: 4-message only. */
	ok = ok && (three || observe_sas_nrs(o, inter));
	if (ok) {
		vj_set(inter, "counterA", vj_hex(ctr_a, o->a.blen));
		vj_set(inter, "counterB", vj_hex(ctr_b, o->a.blen));
		/* XEP-0200 traffic keys: the final KC/KM of each role, the
		 * counters continuing after the identities
		 * (A-"Counters carried from the negotiation into XEP-0200"). */
		dirs->algs = o->a;
		dirs->kc_len = o->fin.len[0];
		dirs->km_len = o->fin.len[1];
		memcpy(dirs->kc[0], o->fin.k[0], o->fin.len[0]);
		memcpy(dirs->km[0], o->fin.k[1], o->fin.len[1]);
		memcpy(dirs->kc[1], o->fin.k[3], o->fin.len[3]);
		memcpy(dirs->km[1], o->fin.k[4], o->fin.len[4]);
		memcpy(dirs->ctr[0], ctr_a, o->a.blen);
		memcpy(dirs->ctr[1], ctr_b, o->a.blen);
	}
	es_dh_free(dh_sel);
	es_dh_free(dh_b);
	es_rng_free(rng_a);
	es_rng_free(rng_b);
	free(seed);
	neg_wire_free(&w);
	return ok;
}

bool vx_observe_negotiation(const vj *group, const vj *test,
                            const char *const msgs[4], vj **random,
                            vj **intermediates, vx_dirs *dirs)
{
	neg_obs *o = calloc(1, sizeof *o);
	if (o == NULL)
		return false;
	o->test = test;
	*random = vj_obj();
	*intermediates = vj_obj();
	bool ok = vx_algs_of(group, &o->a) &&
	          observe(o, group, msgs, *random, *intermediates, dirs);
	if (!ok && vj_get(*intermediates, "sas") == NULL)
		vx_fail(test, "observer: negotiation not reproduced");
	vj_buf_free(&o->form_a);
	vj_buf_free(&o->form_a2);
	vj_buf_free(&o->form_b);
	vj_buf_free(&o->form_b2);
	es_wipe(o, sizeof *o);
	free(o);
	if (!ok) {
		vj_free(*random);
		vj_free(*intermediates);
		*random = *intermediates = NULL;
	}
	return ok;
}

/* ---- XEP-0200 stanzas ---------------------------------------------------- */

bool vx_observe_stanza(const vj *test, vx_dirs *dirs, int dir,
                       const char *stanza, vj *obj)
{
	vx_xml x = {0};
	const vx_algs *a = &dirs->algs;
	bool ok = vx_xml_parse(&x, stanza) == ESESSION_OK;
	es_xml_node *c = ok ? child_named(x.root, "c") : NULL;
	es_xml_node *data = c != NULL ? child_named(c, "data") : NULL;
	es_xml_node *mac = c != NULL ? child_named(c, "mac") : NULL;
	uint8_t *d = NULL, *m = NULL, mac_wire[64], calc[64];
	size_t d_len = 0, mac_len = 0;
	const char *text = NULL;
	size_t tlen = 0;
	ok = mac != NULL &&
	     es_xml_text_content(mac, &text, &tlen) == ESESSION_OK &&
	     es_base64_decode(text, tlen, mac_wire, sizeof mac_wire,
	                      &mac_len) == ESESSION_OK;
	if (ok && data != NULL) {
		ok = es_xml_text_content(data, &text, &tlen) == ESESSION_OK;
		d = malloc(es_base64_decoded_max_len(tlen) + 1);
		m = malloc(es_base64_decoded_max_len(tlen) + 1);
		ok = ok && d != NULL && m != NULL &&
		     es_base64_decode(text, tlen, d, tlen, &d_len) ==
		         ESESSION_OK;
	}
	uint8_t c0[16];
	memcpy(c0, dirs->ctr[dir], a->blen);
	/* BS §4: m_final = CIPHER(KC, C0, m); no <data/>: advance by 1. */
	if (ok && data != NULL)
		ok = vx_ctr_crypt(a, dirs->kc[dir], dirs->kc_len,
		                  dirs->ctr[dir], d, d_len, m);
	else if (ok)
		ctr_add(dirs->ctr[dir], a->blen, 1);
	/* BS §4 m_content: the normalized children of <c/> but <mac/>. */
	es_xml_buf content;
	es_xml_buf_init(&content, 0);
	if (ok) {
		es_xml_detach(mac);
		ok = es_xml_c14n_children(c, &content) == ESESSION_OK;
	}
	es_span parts[2] = {{content.data, content.len}, {c0, a->blen}};
	ok = ok &&
	     hmac_parts(a->hash, dirs->km[dir], dirs->km_len, parts, 2, calc) &&
	     mac_len == a->hlen && memcmp(calc, mac_wire, mac_len) == 0;
	if (ok) {
		vj_set(obj, "counter", vj_hex(c0, a->blen));
		vj_set(obj, "m", vj_hex(m, data != NULL ? d_len : 0));
		if (data != NULL)
			vj_set(obj, "data", vj_hex(d, d_len));
		vj_set(obj, "mContent",
		       vj_strn((const char *)content.data, content.len));
		vj_set(obj, "mac", vj_hex(mac_wire, mac_len));
	} else {
		vx_fail(test, "observer: stanza not reproduced: %s", stanza);
	}
	es_xml_buf_free(&content);
	free(d);
	free(m);
	vx_xml_free(&x);
	return ok;
}
