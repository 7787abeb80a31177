/*
 * response_check.c - Alice's checks of Bob's response, message 2
 * (XEP-0116 §"Diffie-Hellman Preparation (Alice)"; spec/message-flow.md
 * §2 "Alice's checks and computations"; see response.h).
 *
 * Every value Bob selected must be one Alice offered. Alice built her
 * request from her policy (request_build.c), so "offered" is read from
 * the same policy and mode.
 */
#include "response.h"

#include "groups.h"
#include "neg_select.h"
#include "secmem.h"

#include <string.h>

void es_neg_response_clear(es_neg_response *resp)
{
	if (resp == NULL)
		return;
	es_neg_bytes_clear(&resp->nonce_b);
	es_neg_bytes_clear(&resp->d);
	es_neg_bytes_clear(&resp->counter);
	es_neg_bytes_clear(&resp->identity);
	es_neg_bytes_clear(&resp->mac);
	memset(resp, 0, sizeof(*resp));
}

/* The one value of field var, or ESESSION_ENEG_FIELD. */
static esession_status es_single(const es_form *form, const char *var,
                                 const char **v)
{
	esession_status st = es_form_single_value(form, var, v);
	if (st == ESESSION_EFORM_FIELD_MISSING || st == ESESSION_EFORM_VALUES)
		return ESESSION_ENEG_FIELD;
	return st;
}

static esession_status es_chk_logging(const es_policy *p, const es_form *form,
                                      es_params *out)
{
	const char *v = NULL;
	ES_GUARD(es_single(form, "logging", &v));
	es_logging l = 0;
	es_logging_spelling sp = 0;
	/* We offered the XEP-0155 spelling only (request_build.c). */
	ES_ENSURE(es_logging_from_name("logging", v, &l, &sp) == ESESSION_OK &&
	              sp == ES_LOGGING_SSN,
	          ESESSION_ENEG_NOT_OFFERED);
	for (size_t i = 0; i < p->n_logging; i++) {
		if (p->logging[i] == l) {
			out->logging = l;
			out->logging_spelling = sp;
			return ESESSION_OK;
		}
	}
	return ESESSION_ENEG_NOT_OFFERED;
}

static esession_status es_chk_disclosure(const es_policy *p,
                                         const es_form *form, es_params *out)
{
	const char *v = NULL;
	es_disclosure d = 0;
	ES_GUARD(es_single(form, "disclosure", &v));
	/* We offer "never", and the others only with accept_disclosure
	 * (request_build.c, XEP-0116 §"Back Doors"). */
	ES_ENSURE(es_disclosure_from_name(v, &d) == ESESSION_OK,
	          ESESSION_ENEG_NOT_OFFERED);
	ES_ENSURE(d == ES_DISCLOSURE_NEVER || p->accept_disclosure,
	          ESESSION_ENEG_NOT_OFFERED);
	out->disclosure = d;
	return ESESSION_OK;
}

static esession_status es_chk_modp(const es_policy *p, const es_form *form,
                                   es_params *out)
{
	const char *v = NULL;
	unsigned g = 0;
	ES_GUARD(es_single(form, "modp", &v));
	ES_ENSURE(es_neg_group_parse(v, &g) == ESESSION_OK,
	          ESESSION_ENEG_NOT_OFFERED);
	for (size_t i = 0; i < p->n_groups; i++) {
		if (p->groups[i] == g) {
			out->group = g;
			out->group_index = i;
			return ESESSION_OK;
		}
	}
	return ESESSION_ENEG_NOT_OFFERED;
}

static esession_status es_chk_cipher(const es_policy *p, const es_form *form,
                                     es_params *out)
{
	const char *v = NULL;
	es_cipher_alg c = 0;
	ES_GUARD(es_single(form, "crypt_algs", &v));
	ES_ENSURE(es_cipher_from_name(v, &c) == ESESSION_OK,
	          ESESSION_ENEG_NOT_OFFERED);
	for (size_t i = 0; i < p->n_ciphers; i++) {
		if (p->ciphers[i] == c) {
			out->cipher = c;
			return ESESSION_OK;
		}
	}
	return ESESSION_ENEG_NOT_OFFERED;
}

static esession_status es_chk_hash(const es_policy *p, const es_form *form,
                                   es_params *out)
{
	const char *v = NULL;
	es_hash_alg h = 0;
	ES_GUARD(es_single(form, "hash_algs", &v));
	ES_ENSURE(es_hash_from_name(v, &h) == ESESSION_OK,
	          ESESSION_ENEG_NOT_OFFERED);
	for (size_t i = 0; i < p->n_hashes; i++) {
		if (p->hashes[i] == h) {
			out->hash = h;
			return ESESSION_OK;
		}
	}
	return ESESSION_ENEG_NOT_OFFERED;
}

static esession_status es_chk_pubkey(const es_pubkey_mode *offered, size_t n,
                                     es_neg_mode mode, const es_form *form,
                                     const char *var, es_pubkey_mode *out)
{
	const char *v = NULL;
	es_pubkey_mode m = 0;
	ES_GUARD(es_single(form, var, &v));
	ES_ENSURE(es_pubkey_mode_from_name(v, &m) == ESESSION_OK,
	          ESESSION_ENEG_NOT_OFFERED);
	/* 'none' is never offered in 3-message mode (request_build.c). */
	ES_ENSURE(!(mode == ES_NEG_MODE_3MSG && m == ES_PUBKEY_NONE),
	          ESESSION_ENEG_NOT_OFFERED);
	for (size_t i = 0; i < n; i++) {
		if (offered[i] == m) {
			*out = m;
			return ESESSION_OK;
		}
	}
	return ESESSION_ENEG_NOT_OFFERED;
}

static bool es_offers_keys(const es_policy *p)
{
	for (size_t i = 0; i < p->n_init_pubkey; i++)
		if (p->init_pubkey[i] != ES_PUBKEY_NONE)
			return true;
	for (size_t i = 0; i < p->n_resp_pubkey; i++)
		if (p->resp_pubkey[i] != ES_PUBKEY_NONE)
			return true;
	return false;
}

/* Answered only if we sent it; required when a key mode was selected. */
static esession_status es_chk_sign(const es_policy *p, const es_form *form,
                                   es_params *out)
{
	const bool keys =
	    (out->init_pubkey != 0 && out->init_pubkey != ES_PUBKEY_NONE) ||
	    (out->resp_pubkey != 0 && out->resp_pubkey != ES_PUBKEY_NONE);
	if (es_form_field_find(form, "sign_algs") == NULL)
		return keys ? ESESSION_ENEG_FIELD : ESESSION_OK;
	ES_ENSURE(es_offers_keys(p), ESESSION_ENEG_NOT_OFFERED);
	const char *v = NULL;
	es_sign_alg a = 0;
	ES_GUARD(es_single(form, "sign_algs", &v));
	ES_ENSURE(es_sign_alg_from_name(v, &a) == ESESSION_OK,
	          ESESSION_ENEG_NOT_OFFERED);
	for (size_t i = 0; i < p->n_sign_algs; i++) {
		if (p->sign_algs[i] == a) {
			out->sign_alg = a;
			return ESESSION_OK;
		}
	}
	return ESESSION_ENEG_NOT_OFFERED;
}

static esession_status es_chk_compress(const es_form *form)
{
	const char *v = NULL;
	ES_GUARD(es_single(form, "compress", &v));
	ES_ENSURE(strcmp(v, "none") == 0, ESESSION_ENEG_NOT_OFFERED);
	return ESESSION_OK;
}

/* A non-empty subset of the offered kinds, none repeated. */
static esession_status es_chk_stanzas(const es_policy *p, const es_form *form,
                                      es_params *out)
{
	const char *const *v = NULL;
	size_t n = 0;
	esession_status st = es_form_values(form, "stanzas", &v, &n);
	ES_ENSURE(st != ESESSION_EFORM_FIELD_MISSING, ESESSION_ENEG_FIELD);
	ES_GUARD(st);
	ES_ENSURE(n > 0, ESESSION_ENEG_FIELD);
	unsigned mask = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned bit = 0;
		ES_ENSURE(es_stanza_kind_from_name(v[i], &bit) == ESESSION_OK &&
		              (p->stanzas & bit) != 0,
		          ESESSION_ENEG_NOT_OFFERED);
		ES_ENSURE((mask & bit) == 0, ESESSION_ENEG_FIELD);
		mask |= bit;
	}
	out->stanzas = mask;
	return ESESSION_OK;
}

static esession_status es_chk_ver(const es_form *form, es_params *out)
{
	const char *v = NULL;
	ES_GUARD(es_single(form, "ver", &v));
	/* We offer "1.0" only (spec/ambiguities.md "ver values"). */
	ES_ENSURE(strcmp(v, es_version_name(ES_VERSION_1_0)) == 0,
	          ESESSION_ENEG_NOT_OFFERED);
	out->version = ES_VERSION_1_0;
	return ESESSION_OK;
}

/* XEP-0116 §"Response Form": "less than 2^(32) and greater than or equal
 * to the value specified by Alice". */
static esession_status es_chk_rekey(const es_policy *p, const es_form *form,
                                    es_params *out)
{
	const char *v = NULL;
	uint32_t r = 0;
	ES_GUARD(es_single(form, "rekey_freq", &v));
	ES_GUARD(es_rekey_freq_parse(v, &r));
	ES_ENSURE(r >= p->rekey_freq, ESESSION_ENEG_UNACCEPTABLE);
	out->rekey_freq = r;
	return ESESSION_OK;
}

static esession_status es_chk_sas(const es_policy *p, const es_form *form,
                                  es_params *out)
{
	if (out->mode == ES_NEG_MODE_3MSG)
		return es_form_field_find(form, "sas_algs") == NULL
		           ? ESESSION_OK
		           : ESESSION_ENEG_FIELD;
	const char *v = NULL;
	es_sas_alg a = 0;
	ES_GUARD(es_single(form, "sas_algs", &v));
	ES_ENSURE(es_sas_from_name(v, &a) == ESESSION_OK,
	          ESESSION_ENEG_NOT_OFFERED);
	for (size_t i = 0; i < p->n_sas_algs; i++) {
		if (p->sas_algs[i] == a) {
			out->sas_alg = a;
			return ESESSION_OK;
		}
	}
	return ESESSION_ENEG_NOT_OFFERED;
}

/* my_nonce = N_B: 16..256 bytes and not N_A (§"Response Form": Bob "MUST
 * NOT return Alice's values of N_A"). */
static esession_status es_chk_my_nonce(const es_form *form,
                                       const uint8_t *nonce_a,
                                       size_t nonce_a_len, es_neg_bytes *out)
{
	ES_GUARD(es_neg_single_b64(form, "my_nonce", out));
	const bool bad_len =
	    out->len < ES_NEG_NONCE_MIN || out->len > ES_NEG_NONCE_MAX;
	if (bad_len || (out->len == nonce_a_len &&
	                es_ct_equal(out->data, nonce_a, nonce_a_len))) {
		es_neg_bytes_clear(out);
		return ESESSION_ENEG_FIELD;
	}
	return ESESSION_OK;
}

/* counter = C_A: exactly n/8 bytes (spec/ambiguities.md
 * "Counter encoding"). Checked once the cipher is known. */
static esession_status es_chk_counter(const es_form *form, const es_params *p,
                                      es_neg_bytes *out)
{
	ES_GUARD(es_neg_single_b64(form, "counter", out));
	if (p->cipher != 0 && out->len != es_cipher_block_len(p->cipher)) {
		es_neg_bytes_clear(out);
		return ESESSION_ECOUNTER;
	}
	return ESESSION_OK;
}

static esession_status es_chk_nonempty_b64(const es_form *form, const char *var,
                                           es_neg_bytes *out)
{
	ES_GUARD(es_neg_single_b64(form, var, out));
	ES_ENSURE(out->len > 0, ESESSION_ENEG_FIELD);
	return ESESSION_OK;
}

static esession_status es_chk_absent(const es_form *form, const char *var)
{
	return es_form_field_find(form, var) == NULL ? ESESSION_OK
	                                             : ESESSION_ENEG_FIELD;
}

/* Every field, in the order of the XEP-0116 example. */
static esession_status es_check_all(const es_policy *p, const uint8_t *nonce_a,
                                    size_t nonce_a_len, const es_form *form,
                                    es_neg_response *resp, es_neg_note *note)
{
	es_params *out = &resp->params;
	esession_status st_init =
	    es_chk_pubkey(p->init_pubkey, p->n_init_pubkey, out->mode, form,
	                  "init_pubkey", &out->init_pubkey);
	esession_status st_resp =
	    es_chk_pubkey(p->resp_pubkey, p->n_resp_pubkey, out->mode, form,
	                  "resp_pubkey", &out->resp_pubkey);

	es_neg_note_field(note, "logging", es_chk_logging(p, form, out));
	es_neg_note_field(note, "disclosure", es_chk_disclosure(p, form, out));
	es_neg_note_field(note, "modp", es_chk_modp(p, form, out));
	es_neg_note_field(note, "crypt_algs", es_chk_cipher(p, form, out));
	es_neg_note_field(note, "hash_algs", es_chk_hash(p, form, out));
	es_neg_note_field(note, "sign_algs", es_chk_sign(p, form, out));
	es_neg_note_field(note, "compress", es_chk_compress(form));
	es_neg_note_field(note, "stanzas", es_chk_stanzas(p, form, out));
	es_neg_note_field(note, "init_pubkey", st_init);
	es_neg_note_field(note, "resp_pubkey", st_resp);
	es_neg_note_field(note, "ver", es_chk_ver(form, out));
	es_neg_note_field(note, "rekey_freq", es_chk_rekey(p, form, out));
	es_neg_note_field(
	    note, "my_nonce",
	    es_chk_my_nonce(form, nonce_a, nonce_a_len, &resp->nonce_b));
	es_neg_note_field(note, "sas_algs", es_chk_sas(p, form, out));
	es_neg_note_field(note, "dhhashes", es_chk_absent(form, "dhhashes"));
	es_neg_note_field(note, "dhkeys",
	                  es_chk_nonempty_b64(form, "dhkeys", &resp->d));
	es_neg_note_field(
	    note, "nonce",
	    es_neg_check_nonce(form, "nonce", nonce_a, nonce_a_len));
	es_neg_note_field(note, "counter",
	                  es_chk_counter(form, out, &resp->counter));
	if (out->mode == ES_NEG_MODE_3MSG) {
		/* XEP-0116 §"Verifying Bob's Identity": "Return a
		 * <feature-not-implemented/> error to Bob unless the value of
		 * M_B she calculated matches the one she received in the
		 * 'mac' field" - a missing or malformed value cannot match,
		 * so it is kept for that check, not answered here with
		 * not-acceptable (spec/ambiguities.md "Missing or empty
		 * 3-message fields"). */
		resp->identity_status =
		    es_chk_nonempty_b64(form, "identity", &resp->identity);
		resp->mac_status = es_chk_nonempty_b64(form, "mac", &resp->mac);
		if (resp->identity_status == ESESSION_ENOMEM ||
		    resp->mac_status == ESESSION_ENOMEM)
			note->nomem = true;
	} else {
		es_neg_note_field(note, "identity",
		                  es_chk_absent(form, "identity"));
		es_neg_note_field(note, "mac", es_chk_absent(form, "mac"));
	}
	return note->nomem ? ESESSION_ENOMEM : note->status;
}

/* accept and security decide whether this is an ESession answer at all
 * (spec/message-flow.md §2, Alice's step 2; §5). */
static esession_status es_check_accept_security(const es_policy *p,
                                                const es_form *form,
                                                es_neg_response *resp,
                                                es_neg_note *note)
{
	bool accept = false;
	esession_status st = es_form_boolean(form, "accept", &accept);
	if (st == ESESSION_ENOMEM)
		return st;
	if (st != ESESSION_OK) {
		es_neg_note_field(note, "accept", ESESSION_ENEG_FIELD);
		return ESESSION_ENEG_FIELD;
	}
	if (!accept)
		return ESESSION_EPEER_DECLINED;

	const char *v = NULL;
	es_security sec = 0;
	st = es_single(form, "security", &v);
	if (st == ESESSION_OK && es_security_from_name(v, &sec) != ESESSION_OK)
		st = ESESSION_ENEG_NOT_OFFERED;
	if (st == ESESSION_OK && sec != ES_SECURITY_E2E &&
	    (p->security_fallback & ES_SECURITY_BIT(sec)) == 0)
		st = ESESSION_ENEG_NOT_OFFERED;
	if (st != ESESSION_OK) {
		es_neg_note_field(note, "security", st);
		return st;
	}
	resp->params.security = sec;
	return sec == ES_SECURITY_E2E ? ESESSION_OK : ESESSION_EPEER_FALLBACK;
}

esession_status es_neg_response_check(const es_policy *policy, es_neg_mode mode,
                                      const uint8_t *nonce_a,
                                      size_t nonce_a_len, const es_xml_node *x,
                                      es_neg_response *resp, es_neg_error *err)
{
	ES_ENSURE(policy != NULL && nonce_a != NULL && x != NULL &&
	              resp != NULL && err != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(mode == ES_NEG_MODE_3MSG || mode == ES_NEG_MODE_4MSG,
	          ESESSION_EINVAL);
	ES_ENSURE(nonce_a_len >= ES_NEG_NONCE_MIN &&
	              nonce_a_len <= ES_NEG_NONCE_MAX,
	          ESESSION_EINVAL);
	ES_ENSURE(resp->nonce_b.data == NULL && resp->d.data == NULL &&
	              resp->counter.data == NULL &&
	              resp->identity.data == NULL && resp->mac.data == NULL,
	          ESESSION_EINVAL);
	es_neg_error_reset(err);
	ES_GUARD(es_policy_validate(policy));

	es_form *form = NULL;
	es_neg_note note = {ESESSION_OK, err, false};
	esession_status st = es_neg_form_parse(x, &form, err);
	if (st != ESESSION_OK)
		return st;
	resp->form = x;
	resp->params.mode = mode;

	st = es_neg_check_envelope(form, ES_FORM_TYPE_SUBMIT);
	if (st != ESESSION_OK)
		goto out;
	st = es_check_accept_security(policy, form, resp, &note);
	if (st == ESESSION_OK)
		st = es_check_all(policy, nonce_a, nonce_a_len, form, resp,
		                  &note);
	/* XEP-0116 §"Diffie-Hellman Preparation (Alice)": unacceptable
	 * options and a bad d are answered with <not-acceptable/>. */
	if (err->n_fields > 0 && st != ESESSION_ENOMEM)
		es_neg_error_set(err, ES_NEG_COND_NOT_ACCEPTABLE);

out:
	if (st != ESESSION_OK && err->condition == ES_NEG_COND_NONE)
		err->n_fields = 0;
	es_form_free(form);
	return st;
}
