/*
 * vectors_tamper_pubkey.c - esession_pubkey_invalid.json (vectors/README.md
 * "Invalid tests with public keys"): identity payloads tampered in their
 * plaintext and re-sealed, and the fields and DH value of the 3-message
 * exchange.
 */
#include "vectors_tamper.h"

#include "key_internal.h"
#include "sign.h"
#include "vectors_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- public keys and the 3-message exchange ---------------------------
 * esession_pubkey_invalid.json (README "Invalid tests with public keys").
 * The identity payloads are tampered in their plaintext and re-sealed
 * with the sender's KC_X from C_X0 and KM_X, which the generator knows
 * from the base run's intermediates, so that M_X verifies and the check
 * under test (signature, KeyValue, fingerprint, trust) is reached. */

/* The algorithms, keys and initial counter of party x's identity in a
 * base run (BS §3: ID_A under the provisory keys in 4-message). */
typedef struct seal_keys {
	vx_algs a;
	uint8_t *kc, *km, *c0;
	size_t kc_len, km_len, c0_len;
} seal_keys;

static void seal_keys_free(seal_keys *k)
{
	free(k->kc);
	free(k->km);
	free(k->c0);
	memset(k, 0, sizeof *k);
}

static bool seal_keys_of(const vj *group, const vj *base, char x, bool three,
                         seal_keys *k)
{
	const vj *inter = vj_get(base, "intermediates");
	const vj *keys =
	    vj_get(inter, x == 'A' && !three ? "provisoryKeys" : "finalKeys");
	memset(k, 0, sizeof *k);
	return vx_algs_of(group, &k->a) &&
	       vj_get_hex(keys, x == 'A' ? "KCA" : "KCB", &k->kc, &k->kc_len) &&
	       vj_get_hex(keys, x == 'A' ? "KMA" : "KMB", &k->km, &k->km_len) &&
	       (x == 'A' ? vj_get_hex(vj_get(base, "random"), "cA", &k->c0,
	                              &k->c0_len)
	                 : vj_get_hex(inter, "cB", &k->c0, &k->c0_len)) &&
	       k->c0_len == k->a.blen;
}

/* s with its identity and mac values replaced by ID' = CIPHER(KC, C0,
 * plain) and M' = HMAC(KM, ctr(C0) | ID') (BS §3). */
static char *reseal(const char *s, const seal_keys *k, const uint8_t *plain,
                    size_t len)
{
	uint8_t *id = malloc(len + 1), m[ES_HASH_MAX_LEN];
	es_ctr *c = NULL;
	char *out = NULL, *tmp = NULL, *id_b64 = NULL, *m_b64 = NULL;
	es_span parts[2] = {{k->c0, k->c0_len}, {id, len}};
	size_t a, b;
	if (id != NULL &&
	    es_ctr_new(&c, k->a.cipher, k->kc, k->kc_len, k->c0, k->c0_len) ==
	        ESESSION_OK &&
	    es_ctr_crypt(c, id, plain, len) == ESESSION_OK &&
	    es_hmac(k->a.hash, k->km, k->km_len, parts, 2, m, sizeof m) ==
	        ESESSION_OK &&
	    (id_b64 = vx_b64_of(id, len)) != NULL &&
	    (m_b64 = vx_b64_of(m, k->a.hlen)) != NULL &&
	    vx_value_span(s, "identity", &a, &b)) {
		tmp = vx_splice(s, a, b, id_b64);
		if (vx_value_span(tmp, "mac", &a, &b))
			out = vx_splice(tmp, a, b, m_b64);
	}
	es_ctr_free(c);
	free(id);
	free(tmp);
	free(id_b64);
	free(m_b64);
	return out;
}

/* The README string `name` of x's identity in the base run, e.g.
 * identityPlainA, as text (it is XML). */
static char *inter_text(const vj *base, const char *stem, char x)
{
	char name[32];
	uint8_t *b = NULL;
	size_t len = 0;
	snprintf(name, sizeof name, "%s%c", stem, x);
	if (!vj_get_hex(vj_get(base, "intermediates"), name, &b, &len))
		return NULL;
	char *s = strndup((const char *)b, len);
	free(b);
	return s;
}

/* One plaintext variant: a new malloc'ed payload and what it tests. */
typedef struct plain_variant {
	char *plain;
	const char *flag;
	char desc[120];
} plain_variant;

typedef struct plain_variants {
	plain_variant v[32];
	size_t n;
} plain_variants;

static void padd(plain_variants *pv, char *plain, const char *flag,
                 const char *desc)
{
	if (plain == NULL || pv->n == sizeof pv->v / sizeof pv->v[0]) {
		free(plain);
		return;
	}
	plain_variant *v = &pv->v[pv->n++];
	v->plain = plain;
	v->flag = flag;
	snprintf(v->desc, sizeof v->desc, "%s", desc);
}

/* prefix | <SignatureValue>b64(sig)</SignatureValue> */
static char *with_signature(const char *prefix, size_t prefix_len,
                            const uint8_t *sig, size_t sig_len)
{
	vj_buf b = {0};
	char *t = vx_b64_of(sig, sig_len);
	vj_buf_add(&b, prefix, prefix_len);
	vj_buf_adds(&b, "<SignatureValue>");
	vj_buf_adds(&b, t != NULL ? t : "");
	vj_buf_adds(&b, "</SignatureValue>");
	vj_buf_add(&b, "", 1);
	free(t);
	return b.data;
}

/* The text of <name>...</name> in s replaced (new string), or NULL. */
static char *replace_element_text(const char *s, const char *name,
                                  const char *text)
{
	size_t a, b;
	return vx_element_text_span(s, name, &a, &b) ? vx_splice(s, a, b, text)
	                                             : NULL;
}

/* The same value with a leading zero octet (not a CryptoBinary). */
static char *zero_pad_element(const char *s, const char *name)
{
	size_t a, b, len = 0;
	if (!vx_element_text_span(s, name, &a, &b))
		return NULL;
	uint8_t *raw = vx_decode_span(s, a, b, &len);
	uint8_t *pad = raw != NULL ? malloc(len + 1) : NULL;
	char *t = NULL, *out = NULL;
	if (pad != NULL) {
		pad[0] = 0;
		memcpy(pad + 1, raw, len);
		t = vx_b64_of(pad, len + 1);
		out = t != NULL ? vx_splice(s, a, b, t) : NULL;
	}
	free(raw);
	free(pad);
	free(t);
	return out;
}

/* The selected group's mpi(e) among Alice's offered values. */
static bool selected_e(const vj *group, const vj *inter, uint8_t **e,
                       size_t *e_len)
{
	const vj *es = vj_get(inter, "e");
	const vj *modp = vj_get(group, "modp");
	for (size_t i = 0; es != NULL && modp != NULL && i < es->n; i++) {
		const vj *m = vj_get(es->items[i], "modp");
		if (m != NULL && m->num == modp->num)
			return vj_get_hex(es->items[i], "e", e, e_len);
	}
	return false;
}

/* mac_X of the base run recomputed with pubKey_X = kv, everything else
 * unchanged: what a party presenting the key kv signs (BS §3 rows mac_A,
 * mac_B; 4-message mac_A under the provisory KS_A). */
static bool mac_with_pubkey(const vj *group, const vj *base, char x, bool three,
                            const char *kv, size_t kv_len, uint8_t *mac,
                            size_t cap)
{
	const vj *inter = vj_get(base, "intermediates");
	const vj *random = vj_get(base, "random");
	const vj *keys =
	    vj_get(inter, x == 'A' && !three ? "provisoryKeys" : "finalKeys");
	const char *f1 = vj_get_str(inter, x == 'A' ? "formA" : "formB");
	const char *f2 = x == 'A' ? vj_get_str(inter, "formA2")
	                          : (three ? "" : vj_get_str(inter, "formB2"));
	uint8_t *ks = NULL, *na = NULL, *nb = NULL, *dh = NULL;
	size_t ks_len = 0, na_len = 0, nb_len = 0, dh_len = 0;
	vx_algs a;
	bool ok = f1 != NULL && f2 != NULL && vx_algs_of(group, &a) &&
	          cap >= a.hlen &&
	          vj_get_hex(keys, x == 'A' ? "KSA" : "KSB", &ks, &ks_len) &&
	          vj_get_hex(random, "nA", &na, &na_len) &&
	          vj_get_hex(random, "nB", &nb, &nb_len) &&
	          (x == 'A' ? selected_e(group, inter, &dh, &dh_len)
	                    : vj_get_hex(inter, "d", &dh, &dh_len));
	if (ok) {
		/* A: N_B | N_A | e | pubKey_A | form_A | form_A2;
		 * B: N_A | N_B | d | pubKey_B | form_B (| form_B2). */
		es_span parts[6] = {
		    {x == 'A' ? nb : na, x == 'A' ? nb_len : na_len},
		    {x == 'A' ? na : nb, x == 'A' ? na_len : nb_len},
		    {dh, dh_len},
		    {(const uint8_t *)kv, kv_len},
		    {(const uint8_t *)f1, strlen(f1)},
		    {(const uint8_t *)f2, strlen(f2)}};
		ok = es_hmac(a.hash, ks, ks_len, parts, 6, mac, a.hlen) ==
		     ESESSION_OK;
	}
	free(ks);
	free(na);
	free(nb);
	free(dh);
	return ok;
}

/* Every tampering of one identity plaintext (BS §3 "ID_X plaintext"). */
static void identity_variants(plain_variants *pv, const vj *group,
                              const vj *base, char x, bool three,
                              const char *mode, const char *other_key)
{
	char *plain = inter_text(base, "identityPlain", x);
	const char *sv =
	    plain != NULL ? strstr(plain, "<SignatureValue>") : NULL;
	uint8_t *sig = NULL, *mac = NULL;
	size_t sig_len = 0, mac_len = 0;
	char name[16];
	snprintf(name, sizeof name, "sign%c", x);
	bool ok =
	    sv != NULL &&
	    vj_get_hex(vj_get(base, "intermediates"), name, &sig, &sig_len) &&
	    sig_len > 2;
	snprintf(name, sizeof name, "mac%c", x);
	ok = ok &&
	     vj_get_hex(vj_get(base, "intermediates"), name, &mac, &mac_len);
	if (!ok)
		goto out;
	size_t pre = (size_t)(sv - plain);
	/* The signature (A-"What SIGN signs"). */
	sig[0] ^= 0x01;
	padd(pv, with_signature(plain, pre, sig, sig_len), "BadSignature",
	     "signature: one bit of the first octet changed");
	sig[0] ^= 0x01;
	sig[sig_len - 1] ^= 0x80;
	padd(pv, with_signature(plain, pre, sig, sig_len), "BadSignature",
	     "signature: one bit of the last octet changed");
	sig[sig_len - 1] ^= 0x80;
	padd(pv, with_signature(plain, pre, sig, sig_len - 1), "BadSignature",
	     "signature: one octet short");
	uint8_t *longer = malloc(sig_len + 1);
	if (longer != NULL) {
		memcpy(longer, sig, sig_len);
		longer[sig_len] = 0;
		padd(pv, with_signature(plain, pre, longer, sig_len + 1),
		     "BadSignature", "signature: a zero octet appended");
		memset(longer, 0, sig_len);
		padd(pv, with_signature(plain, pre, longer, sig_len),
		     "BadSignature", "signature: all zero octets");
		free(longer);
	}
	/* The SignatureValue element (A-"Splitting the identity
	 * payload"). */
	padd(pv, strndup(plain, pre), "BadKeyValue",
	     "SignatureValue element missing");
	padd(pv, replace_element_text(plain, "SignatureValue", "!!!!"),
	     "BadKeyValue", "SignatureValue: not base64");
	padd(pv, replace_element_text(plain, "SignatureValue", ""),
	     "BadKeyValue", "SignatureValue: empty");
	vj_buf swap = {0};
	vj_buf_adds(&swap, sv);
	vj_buf_add(&swap, plain, pre);
	vj_buf_add(&swap, "", 1);
	padd(pv, swap.data, "BadKeyValue",
	     "SignatureValue before the key or fingerprint");
	vj_buf two = {0};
	vj_buf_adds(&two, plain);
	vj_buf_adds(&two, sv);
	vj_buf_add(&two, "", 1);
	padd(pv, two.data, "BadKeyValue", "two SignatureValue elements");
	if (strcmp(mode, "hash") == 0) {
		/* XEP-0116 §"ESession Request": the fingerprint names a key
		 * the receiver holds (A-"Fingerprint element content"). */
		padd(pv, vx_flip_element(plain, "fingerprint", SIZE_MAX, 0x01),
		     "UnknownKey",
		     "fingerprint: one bit changed (no such key)");
		padd(pv, replace_element_text(plain, "fingerprint", "!!!!"),
		     "BadKeyValue", "fingerprint: not base64");
		padd(pv, replace_element_text(plain, "fingerprint", "AAAA"),
		     "BadKeyValue", "fingerprint: 3 octets");
		padd(pv, strdup(sv), "BadKeyValue",
		     "fingerprint element missing");
	} else {
		/* XML-Signature §4.4.1 / §4.4.2 KeyValue. */
		bool rsa = strstr(plain, "<RSAKeyValue>") != NULL;
		const char *big = rsa ? "Modulus" : "Y";
		char d[96];
		snprintf(d, sizeof d, "KeyValue: one bit of %s changed", big);
		padd(pv, vx_flip_element(plain, big, SIZE_MAX, 0x01),
		     "UnknownKey", d);
		snprintf(d, sizeof d, "KeyValue: %s not base64", big);
		padd(pv, replace_element_text(plain, big, "!!!!"),
		     "BadKeyValue", d);
		snprintf(d, sizeof d, "KeyValue: %s empty", big);
		padd(pv, replace_element_text(plain, big, ""), "BadKeyValue",
		     d);
		snprintf(d, sizeof d, "KeyValue: %s with a leading zero octet",
		         big);
		padd(pv, zero_pad_element(plain, big), "BadKeyValue", d);
		const char *el = rsa ? "<Exponent>" : "<G>";
		const char *el_end = rsa ? "</Exponent>" : "</G>";
		const char *at = strstr(plain, el);
		const char *end = at != NULL ? strstr(at, el_end) : NULL;
		if (end != NULL)
			padd(pv,
			     vx_splice(plain, (size_t)(at - plain),
			               (size_t)(end - plain) + strlen(el_end),
			               ""),
			     "BadKeyValue",
			     rsa ? "KeyValue: Exponent missing"
			         : "KeyValue: G missing");
		padd(pv, strdup(sv), "BadKeyValue", "KeyValue missing");
		/* A well-formed key the receiver does not trust for this
		 * JID, with a valid signature by that key over the mac_X
		 * that covers it (so M_X, the KeyValue and the signature
		 * all pass and the store's verdict is what refuses it). */
		vj *other = vx_key_object(other_key);
		esession_key *ok_key = NULL;
		uint8_t osig[1024], omac[ES_HASH_MAX_LEN];
		size_t osig_len = 0;
		const vj *okv =
		    other != NULL ? vj_get(other, "keyValue") : NULL;
		/* The recomputation must first give back the base run's
		 * mac_X from its own pubKey_X. */
		char pk_name[16];
		snprintf(pk_name, sizeof pk_name, "pubKey%c", x);
		const char *own_kv =
		    vj_get_str(vj_get(base, "intermediates"), pk_name);
		uint8_t check[ES_HASH_MAX_LEN];
		bool same =
		    own_kv != NULL &&
		    mac_with_pubkey(group, base, x, three, own_kv,
		                    strlen(own_kv), check, sizeof check) &&
		    memcmp(check, mac, mac_len) == 0;
		if (!same)
			fprintf(stderr,
			        "vectors: mac_%c recomputation differs "
			        "from the base run\n",
			        x);
		if (same && okv != NULL &&
		    vx_key_load(other, &ok_key) == ESESSION_OK &&
		    mac_with_pubkey(group, base, x, three, okv->str, okv->len,
		                    omac, sizeof omac) &&
		    es_sign_create(es_key_sign_key(ok_key), omac, mac_len, osig,
		                   sizeof osig, &osig_len) == ESESSION_OK)
			padd(pv,
			     with_signature(okv->str, okv->len, osig, osig_len),
			     "UnknownKey",
			     "an untrusted key, with a valid signature by it");
		esession_key_free(ok_key);
		vj_free(other);
	}
out:
	free(plain);
	free(sig);
	free(mac);
}

/* One base session of the file and the tamperings of its messages. */
typedef struct pk_base {
	const char *label;
	vx_pk pk;
	const char *other_key_a, *other_key_b; /* untrusted stand-ins */
} pk_base;

static const pk_base pk_bases[] = {
    {"pubkey-invalid-4msg-key-rsa",
     {4, "key", "key", "rsa-sha256"},
     "rsa2048-bob",
     "rsa2048-alice"},
    {"pubkey-invalid-4msg-hash-dsa",
     {4, "hash", "hash", "dsa-sha256"},
     NULL,
     NULL},
    {"pubkey-invalid-3msg-key-hash-rsa",
     {3, "key", "hash", "rsa-sha256"},
     "rsa2048-bob",
     NULL},
    {"pubkey-invalid-3msg-hash-key-dsa",
     {3, "hash", "key", "dsa-sha256"},
     NULL,
     "dsa2048-alice"},
};

static void pk_add(vx_tamper_job *job, const vx_scenario *sc, int k,
                   const char *receiver, char *stanza, const char *flag,
                   const char *desc)
{
	vx_variant v = {stanza, "", flag};
	snprintf(v.desc, sizeof v.desc, "%s", desc);
	vj *d = vj_arr();
	vj_push(d, vj_str(stanza));
	vx_add_tampered(job, sc, k, receiver, &v, d);
	free(stanza);
}

/* 3-message: every field of every message, and the DH value of message 1
 * (XEP-0116 §"Diffie-Hellman Preparation (Bob)": 1 < e < p - 1). */
/* Deliver each variant of vs as message k to its receiver, then empty vs.
 * Base64 strictness and duplicated fields are checked by the same code in
 * both flavours and covered exhaustively by esession_4msg_none_invalid.json:
 * left out here to keep vectors/ small. */
static void three_flush(vx_tamper_job *job, const vx_scenario *sc, int k,
                        vx_variants *vs)
{
	const char *receiver = k % 2 ? "bob" : "alice";
	for (size_t i = 0; i < vs->n && !job->failed; i++) {
		const char *desc = vs->v[i].desc;
		if (strcmp(vs->v[i].flag, "Base64") == 0 ||
		    strstr(desc, "duplicated") != NULL)
			continue;
		vj *d = vj_arr();
		vj_push(d, vj_str(vs->v[i].stanza));
		vx_add_tampered(job, sc, k, receiver, &vs->v[i], d);
	}
	vx_variants_free(vs);
}

/* 3-message: every field of messages 2 and 3, the 'dhkeys' field of
 * message 1 (its other fields are those of the 4-message request, whose
 * tampering esession_4msg_none_invalid.json covers) and its DH value
 * (XEP-0116 §"Diffie-Hellman Preparation (Bob)": 1 < e < p - 1). */
static void three_message_fields(vx_tamper_job *job, const vx_scenario *sc,
                                 const vj *base)
{
	const vj *msgs = vj_get(base, "messages");
	for (int k = 1; msgs != NULL && k <= 3 && !job->failed; k++) {
		const char *s = vj_get_str(msgs->items[k - 1], "stanza");
		vx_variants vs = {0};
		vx_xml x = {0};
		if (vx_xml_parse(&x, s) == ESESSION_OK) {
			es_xml_node *form = vx_form_of(x.root);
			for (es_xml_node *f = es_xml_first_element(form);
			     f != NULL && !job->failed;
			     f = es_xml_next_element(f)) {
				const char *var =
				    es_xml_attr_get(f, "", "var", NULL);
				if (var == NULL ||
				    (k == 1 && strcmp(var, "dhkeys") != 0))
					continue;
				vx_field_variants(&vs, s, var);
				three_flush(job, sc, k, &vs);
			}
		}
		vx_xml_free(&x);
		if (k == 1) {
			vx_dh_variants(&vs, s, false);
			three_flush(job, sc, k, &vs);
		}
	}
}

static void pk_base_cases(vx_tamper_job *job, const pk_base *pb)
{
	const vx_pk *pk = &pb->pk;
	bool three = pk->messages == 3;
	vx_scenario sc = {"", 5, "aes128-ctr", "sha256", 0, NULL, NULL, NULL};
	const char *flags[4];
	size_t nf = 0;
	flags[nf++] = three ? "ThreeMessage" : "FourMessage";
	flags[nf++] =
	    strcmp(pk->sign_alg, "rsa-sha256") == 0 ? "RsaSha256" : "DsaSha256";
	flags[nf] = NULL;
	flags[nf + 1] = NULL;
	sc.flags = flags;
	job->label = pb->label;
	job->pk = pk;
	vj *scratch = vj_obj();
	vj_set(scratch, "testGroups", vj_arr());
	vj *group = vx_session_group(scratch, &sc, pk);
	vj *in = vx_session_inputs_pk(pb->label, 0, &sc, pk, "valid");
	vj *base = vx_session_run(group, in);
	vj_free(in);
	if (base == NULL) {
		vj_free(scratch);
		job->failed = true;
		return;
	}
	/* Alice's identity in message 3; Bob's in message 4 (2). */
	const vj *msgs = vj_get(base, "messages");
	for (int side = 0; side < 2 && !job->failed; side++) {
		char x = side == 0 ? 'A' : 'B';
		int k = x == 'A' ? 3 : (three ? 2 : 4);
		const char *mode = x == 'A' ? pk->init_pk : pk->resp_pk;
		const char *other =
		    x == 'A' ? pb->other_key_a : pb->other_key_b;
		const char *s = vj_get_str(msgs->items[k - 1], "stanza");
		seal_keys keys;
		plain_variants pv = {0};
		if (!seal_keys_of(group, base, x, three, &keys)) {
			job->failed = true;
			break;
		}
		identity_variants(&pv, group, base, x, three, mode, other);
		flags[nf] = "Resealed";
		for (size_t i = 0; i < pv.n; i++) {
			if (job->failed) {
				free(pv.v[i].plain);
				continue;
			}
			char desc[160];
			snprintf(desc, sizeof desc,
			         "ID_%c re-sealed with a correct M_%c: %s", x,
			         x, pv.v[i].desc);
			char *t =
			    reseal(s, &keys, (const uint8_t *)pv.v[i].plain,
			           strlen(pv.v[i].plain));
			if (t == NULL)
				job->failed = true;
			else
				pk_add(job, &sc, k, x == 'A' ? "bob" : "alice",
				       t, pv.v[i].flag, desc);
			free(pv.v[i].plain);
		}
		seal_keys_free(&keys);
	}
	flags[nf] = NULL;
	if (three && !job->failed && strcmp(pb->label, pk_bases[2].label) == 0)
		three_message_fields(job, &sc, base);
	vj_free(base);
	vj_free(scratch);
}

vj *vx_pubkey_invalid(const char *name)
{
	vx_tamper_job job = {
	    vx_file_new("XEP-0116 public keys and 3-message: "
	                "invalid",
	                "Invalid: identity payloads tampered and re-sealed, "
	                "3-message fields and DH values, one base session "
	                "per group."),
	    0, false, NULL, NULL};
	for (size_t i = 0;
	     i < sizeof pk_bases / sizeof pk_bases[0] && !job.failed; i++)
		pk_base_cases(&job, &pk_bases[i]);
	fprintf(stderr,
	        "vectors: %s: %zu tamperings accepted by the library "
	        "(left out)\n",
	        name, job.dropped);
	if (job.failed) {
		vj_free(job.file);
		return NULL;
	}
	return job.file;
}
