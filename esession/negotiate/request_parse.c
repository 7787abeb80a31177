/*
 * request_parse.c - Bob's checks of an ESession request and his selection
 * of one option per field (XEP-0116 §"ESession Rejection (Bob)",
 * §"Diffie-Hellman Preparation (Bob)"; spec/message-flow.md §2 "Msg 1
 * checks by Bob"; see request.h).
 */
#include "request.h"

#include "groups.h"
#include "neg_select.h"

#include <stdlib.h>
#include <string.h>

void es_neg_request_clear(es_neg_request *req)
{
	if (req == NULL)
		return;
	es_neg_bytes_clear(&req->nonce);
	es_neg_bytes_clear(&req->dh_value);
	memset(req, 0, sizeof(*req));
}

/* ---- one selector per field: each returns OK or the field's status --- */

static esession_status es_sel_logging(const es_policy *p, const es_form *form,
                                      const char **var, es_params *out)
{
	const bool has_logging = es_form_field_find(form, "logging") != NULL;
	const bool has_otr = es_form_field_find(form, "otr") != NULL;
	*var = has_otr && !has_logging ? "otr" : "logging";
	/* Both spellings at once leave the answer ambiguous. */
	ES_ENSURE(has_logging != has_otr, ESESSION_ENEG_FIELD);
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, *var, &v, &n));
	for (size_t i = 0; i < n; i++) {
		es_logging l = 0;
		es_logging_spelling sp = 0;
		if (es_logging_from_name(*var, v[i], &l, &sp) != ESESSION_OK)
			continue;
		for (size_t k = 0; k < p->n_logging; k++) {
			if (p->logging[k] == l) {
				out->logging = l;
				out->logging_spelling = sp;
				return ESESSION_OK;
			}
		}
	}
	return ESESSION_ENEG_UNACCEPTABLE;
}

static esession_status es_sel_disclosure(const es_policy *p,
                                         const es_form *form, es_params *out)
{
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, "disclosure", &v, &n));
	for (size_t i = 0; i < n; i++) {
		es_disclosure d = 0;
		/* XEP-0116 §"Back Doors": "never" always; "disabled" or
		 * "enabled" only when the policy tolerates a disclosing peer
		 * (the session then warns, ESESSION_WARN_DISCLOSURE). */
		if (es_disclosure_from_name(v[i], &d) == ESESSION_OK &&
		    (d == ES_DISCLOSURE_NEVER || p->accept_disclosure)) {
			out->disclosure = d;
			return ESESSION_OK;
		}
	}
	return ESESSION_ENEG_UNACCEPTABLE;
}

static esession_status es_sel_modp(const es_policy *p, const es_form *form,
                                   es_params *out)
{
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, "modp", &v, &n));
	for (size_t i = 0; i < n; i++) {
		unsigned g = 0;
		if (es_neg_group_parse(v[i], &g) != ESESSION_OK)
			continue;
		for (size_t k = 0; k < p->n_groups; k++) {
			if (p->groups[k] == g) {
				out->group = g;
				out->group_index = i;
				return ESESSION_OK;
			}
		}
	}
	return ESESSION_ENEG_UNACCEPTABLE;
}

static esession_status es_sel_cipher(const es_policy *p, const es_form *form,
                                     es_params *out)
{
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, "crypt_algs", &v, &n));
	for (size_t i = 0; i < n; i++) {
		es_cipher_alg c = 0;
		if (es_cipher_from_name(v[i], &c) != ESESSION_OK)
			continue;
		for (size_t k = 0; k < p->n_ciphers; k++) {
			if (p->ciphers[k] == c) {
				out->cipher = c;
				return ESESSION_OK;
			}
		}
	}
	return ESESSION_ENEG_UNACCEPTABLE;
}

static esession_status es_sel_hash(const es_policy *p, const es_form *form,
                                   es_params *out)
{
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, "hash_algs", &v, &n));
	for (size_t i = 0; i < n; i++) {
		es_hash_alg h = 0;
		if (es_hash_from_name(v[i], &h) != ESESSION_OK)
			continue;
		/* XEP-0116 §"Generating Session Keys": the hash output must
		 * be no shorter than the cipher key. */
		if (out->cipher != 0 &&
		    es_hash_len(h) < es_cipher_key_len(out->cipher))
			continue;
		for (size_t k = 0; k < p->n_hashes; k++) {
			if (p->hashes[k] == h) {
				out->hash = h;
				return ESESSION_OK;
			}
		}
	}
	return ESESSION_ENEG_UNACCEPTABLE;
}

static esession_status es_sel_pubkey(const es_pubkey_mode *accept,
                                     size_t n_accept, es_neg_mode mode,
                                     const es_form *form, const char *var,
                                     es_pubkey_mode *out)
{
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, var, &v, &n));
	for (size_t i = 0; i < n; i++) {
		es_pubkey_mode m = 0;
		if (es_pubkey_mode_from_name(v[i], &m) != ESESSION_OK)
			continue;
		/* XEP-0116 §"ESession Request": "'none' MUST NOT be
		 * specified with 3-message negotiation". */
		if (mode == ES_NEG_MODE_3MSG && m == ES_PUBKEY_NONE)
			continue;
		for (size_t k = 0; k < n_accept; k++) {
			if (accept[k] == m) {
				*out = m;
				return ESESSION_OK;
			}
		}
	}
	return ESESSION_ENEG_UNACCEPTABLE;
}

/* sign_algs is required iff a pubkey mode other than none was selected
 * (XEP-0116 §"ESession Request"); when present anyway it is answered if
 * an option is acceptable, and ignored otherwise. */
static esession_status es_sel_sign(const es_policy *p, const es_form *form,
                                   es_params *out)
{
	const bool keys =
	    (out->init_pubkey != 0 && out->init_pubkey != ES_PUBKEY_NONE) ||
	    (out->resp_pubkey != 0 && out->resp_pubkey != ES_PUBKEY_NONE);
	const char *const *v = NULL;
	size_t n = 0;
	esession_status st = es_neg_offered(form, "sign_algs", &v, &n);
	if (st == ESESSION_EFORM_FIELD_MISSING && !keys)
		return ESESSION_OK;
	ES_GUARD(st);
	for (size_t i = 0; i < n; i++) {
		es_sign_alg a = 0;
		if (es_sign_alg_from_name(v[i], &a) != ESESSION_OK)
			continue;
		for (size_t k = 0; k < p->n_sign_algs; k++) {
			if (p->sign_algs[k] == a) {
				out->sign_alg = a;
				return ESESSION_OK;
			}
		}
	}
	return keys ? ESESSION_ENEG_UNACCEPTABLE : ESESSION_OK;
}

static esession_status es_sel_compress(const es_form *form)
{
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, "compress", &v, &n));
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], "none") == 0)
			return ESESSION_OK;
	return ESESSION_ENEG_UNACCEPTABLE;
}

/* spec/ambiguities.md "stanzas (list-multi) selection": every
 * offered kind the policy allows. */
static esession_status es_sel_stanzas(const es_policy *p, const es_form *form,
                                      es_params *out)
{
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, "stanzas", &v, &n));
	unsigned mask = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned bit = 0;
		if (es_stanza_kind_from_name(v[i], &bit) == ESESSION_OK)
			mask |= bit & p->stanzas;
	}
	ES_ENSURE(mask != 0, ESESSION_ENEG_UNACCEPTABLE);
	out->stanzas = mask;
	return ESESSION_OK;
}

static esession_status es_sel_ver(const es_policy *p, const es_form *form,
                                  es_params *out)
{
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, "ver", &v, &n));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i], es_version_name(ES_VERSION_1_0)) == 0) {
			out->version = ES_VERSION_1_0;
			return ESESSION_OK;
		}
		if (p->accept_ver_1_3 &&
		    strcmp(v[i], es_version_name(ES_VERSION_1_3_ALIAS)) == 0) {
			out->version = ES_VERSION_1_3_ALIAS;
			return ESESSION_OK;
		}
	}
	return ESESSION_ENEG_UNACCEPTABLE;
}

/* XEP-0116 §"Response Form": Bob's value is >= Alice's and < 2^32. */
static esession_status es_sel_rekey(const es_policy *p, const es_form *form,
                                    es_params *out, uint32_t *alice)
{
	const char *const *v = NULL;
	size_t n = 0;
	ES_GUARD(es_neg_offered(form, "rekey_freq", &v, &n));
	ES_ENSURE(n == 1, ESESSION_ENEG_FIELD);
	ES_GUARD(es_rekey_freq_parse(v[0], alice));
	out->rekey_freq = *alice > p->rekey_freq ? *alice : p->rekey_freq;
	return ESESSION_OK;
}

static esession_status es_sel_sas(const es_policy *p, const es_form *form,
                                  es_params *out)
{
	const char *const *v = NULL;
	size_t n = 0;
	esession_status st = es_neg_offered(form, "sas_algs", &v, &n);
	if (out->mode == ES_NEG_MODE_3MSG) {
		/* XEP-0116: "there MUST be no 'sas_algs' field". */
		return st == ESESSION_EFORM_FIELD_MISSING ? ESESSION_OK
		                                          : ESESSION_ENEG_FIELD;
	}
	ES_GUARD(st);
	for (size_t i = 0; i < n; i++) {
		es_sas_alg a = 0;
		if (es_sas_from_name(v[i], &a) != ESESSION_OK)
			continue;
		for (size_t k = 0; k < p->n_sas_algs; k++) {
			if (p->sas_algs[k] == a) {
				out->sas_alg = a;
				return ESESSION_OK;
			}
		}
	}
	return ESESSION_ENEG_UNACCEPTABLE;
}

/* dhhashes / dhkeys: one strict base64 value per 'modp' option, in the
 * same order (XEP-0116 §"ESession Request (Alice)"); He is 32 bytes.
 * The value of the selected group goes to req->dh_value. */
static esession_status es_sel_dh(const es_form *form, const char *var,
                                 es_neg_request *req)
{
	const char *const *v = NULL;
	size_t n = 0;
	const char *const *groups = NULL;
	size_t n_groups = 0;
	ES_GUARD(es_form_values(form, var, &v, &n));
	ES_ENSURE(n > 0, ESESSION_ENEG_FIELD);
	if (es_neg_offered(form, "modp", &groups, &n_groups) == ESESSION_OK)
		ES_ENSURE(n == n_groups, ESESSION_ENEG_FIELD);
	for (size_t i = 0; i < n; i++) {
		es_neg_bytes b = {0};
		ES_GUARD(es_neg_b64_decode(v[i], &b));
		const bool ok = req->params.mode == ES_NEG_MODE_4MSG
		                    ? b.len == 32
		                    : b.len > 0;
		if (ok && req->params.group != 0 &&
		    i == req->params.group_index &&
		    req->dh_value.data == NULL) {
			req->dh_value = b;
			continue;
		}
		es_neg_bytes_clear(&b);
		if (!ok && req->params.mode == ES_NEG_MODE_3MSG &&
		    req->params.group != 0 && i == req->params.group_index) {
			req->dh_empty = true;
			continue;
		}
		ES_ENSURE(ok, ESESSION_ENEG_FIELD);
	}
	return ESESSION_OK;
}

static esession_status es_sel_nonce(const es_form *form, es_neg_bytes *nonce)
{
	const char *v = NULL;
	esession_status st = es_form_single_value(form, "my_nonce", &v);
	if (st == ESESSION_EFORM_FIELD_MISSING || st == ESESSION_EFORM_VALUES)
		return ESESSION_ENEG_FIELD;
	ES_GUARD(st);
	ES_GUARD(es_neg_b64_decode(v, nonce));
	/* spec/ambiguities.md "Nonce length and encoding". */
	if (nonce->len < ES_NEG_NONCE_MIN || nonce->len > ES_NEG_NONCE_MAX) {
		es_neg_bytes_clear(nonce);
		return ESESSION_ENEG_FIELD;
	}
	return ESESSION_OK;
}

static esession_status es_sel_accept(const es_form *form)
{
	bool accept = false;
	esession_status st = es_form_boolean(form, "accept", &accept);
	if (st == ESESSION_ENOMEM || st == ESESSION_EINVAL)
		return st;
	ES_ENSURE(st == ESESSION_OK && accept, ESESSION_ENEG_FIELD);
	return ESESSION_OK;
}

/* Every ESession field in the order of the XEP-0116 example; each failure
 * is noted (first status kept, field listed). */
static esession_status es_select_all(const es_policy *p, const es_form *form,
                                     es_neg_request *req, es_neg_note *note)
{
	es_params *out = &req->params;
	const char *logging_var = "logging";
	const char *dh_var =
	    out->mode == ES_NEG_MODE_4MSG ? "dhhashes" : "dhkeys";

	/* Pubkey modes decide whether sign_algs is required: select them
	 * first, note them in their own place below. */
	esession_status st_init =
	    es_sel_pubkey(p->init_pubkey, p->n_init_pubkey, out->mode, form,
	                  "init_pubkey", &out->init_pubkey);
	esession_status st_resp =
	    es_sel_pubkey(p->resp_pubkey, p->n_resp_pubkey, out->mode, form,
	                  "resp_pubkey", &out->resp_pubkey);

	es_neg_note_field(note, "accept", es_sel_accept(form));
	esession_status st_log = es_sel_logging(p, form, &logging_var, out);
	es_neg_note_field(note, logging_var, st_log);
	if (st_log == ESESSION_ENEG_FIELD &&
	    es_form_field_find(form, "otr") != NULL)
		es_neg_note_field(note, "otr", st_log);
	esession_status st_disc = es_sel_disclosure(p, form, out);
	es_neg_note_field(note, "disclosure", st_disc);
	req->ssn_ok = st_log == ESESSION_OK && st_disc == ESESSION_OK;
	es_neg_note_field(note, "modp", es_sel_modp(p, form, out));
	es_neg_note_field(note, "crypt_algs", es_sel_cipher(p, form, out));
	es_neg_note_field(note, "hash_algs", es_sel_hash(p, form, out));
	es_neg_note_field(note, "sign_algs", es_sel_sign(p, form, out));
	es_neg_note_field(note, "compress", es_sel_compress(form));
	es_neg_note_field(note, "stanzas", es_sel_stanzas(p, form, out));
	es_neg_note_field(note, "init_pubkey", st_init);
	es_neg_note_field(note, "resp_pubkey", st_resp);
	es_neg_note_field(note, "ver", es_sel_ver(p, form, out));
	es_neg_note_field(note, "rekey_freq",
	                  es_sel_rekey(p, form, out, &req->alice_rekey_freq));
	es_neg_note_field(note, "my_nonce", es_sel_nonce(form, &req->nonce));
	es_neg_note_field(note, "sas_algs", es_sel_sas(p, form, out));
	es_neg_note_field(note, dh_var, es_sel_dh(form, dh_var, req));
	return note->nomem ? ESESSION_ENOMEM : note->status;
}

/* Fields this module answers or reads; any other field marked <required/>
 * cannot be answered (XEP-0155 §"Accepting a Session"). */
static bool es_known_request_field(const char *var)
{
	static const char *const known[] = {
	    "FORM_TYPE",   "accept",      "logging",  "otr",
	    "disclosure",  "security",    "modp",     "crypt_algs",
	    "hash_algs",   "sign_algs",   "compress", "stanzas",
	    "init_pubkey", "resp_pubkey", "ver",      "rekey_freq",
	    "my_nonce",    "sas_algs",    "dhhashes", "dhkeys"};
	for (size_t i = 0; i < ES_ARRAY_LEN(known); i++)
		if (strcmp(known[i], var) == 0)
			return true;
	return false;
}

/*
 * Unknown fields marked <required/> cannot be answered (XEP-0155
 * §"Accepting a Session": the response MUST include values for all
 * required fields; §"Rejecting a Session": feature-not-implemented naming
 * them). Read from the tree so the names outlive the parsed form.
 */
static esession_status es_neg_required_unknown(const es_xml_node *x,
                                               es_neg_error *err)
{
	esession_status st = ESESSION_OK;
	for (const es_xml_node *f = es_xml_find_child(x, ES_FORM_NS, "field");
	     f != NULL; f = es_xml_find_next(f, ES_FORM_NS, "field")) {
		const char *var = es_xml_attr_get(f, "", "var", NULL);
		if (var == NULL || es_known_request_field(var) ||
		    es_xml_find_child(f, ES_FORM_NS, "required") == NULL)
			continue;
		es_neg_error_set(err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
		es_neg_error_add_field(err, var);
		st = ESESSION_ENEG_REQUIRED_UNKNOWN;
	}
	return st;
}

/* XEP-0155 envelope: form type 'form', FORM_TYPE urn:xmpp:ssn, e2e offered
 * (spec/message-flow.md §2 "Msg 1 checks by Bob", steps 1-2). */
static esession_status es_request_envelope(const es_form *form,
                                           es_neg_request *req)
{
	ES_ENSURE(es_form_get_type(form) == ES_FORM_TYPE_FORM,
	          ESESSION_EUNEXPECTED);
	const char *ft = NULL;
	ES_ENSURE(es_form_form_type(form, &ft) == ESESSION_OK &&
	              strcmp(ft, ES_SSN_FORM_TYPE) == 0,
	          ESESSION_ENOT_ESESSION);
	const char *const *v = NULL;
	size_t n = 0;
	ES_ENSURE(es_neg_offered(form, "security", &v, &n) == ESESSION_OK,
	          ESESSION_ENOT_ESESSION);
	for (size_t i = 0; i < n; i++) {
		es_security s = 0;
		if (es_security_from_name(v[i], &s) == ESESSION_OK)
			req->security_offered |= ES_SECURITY_BIT(s);
	}
	ES_ENSURE((req->security_offered & ES_SECURITY_BIT(ES_SECURITY_E2E)) !=
	              0,
	          ESESSION_ENOT_ESESSION);
	req->params.security = ES_SECURITY_E2E;
	return ESESSION_OK;
}

esession_status es_neg_request_parse(const es_policy *policy,
                                     const es_xml_node *x, es_neg_request *req,
                                     es_neg_error *err)
{
	ES_ENSURE(policy != NULL && x != NULL && req != NULL && err != NULL,
	          ESESSION_EINVAL);
	/* Documented contract: req zeroed, so nothing it holds is lost. */
	ES_ENSURE(req->nonce.data == NULL && req->dh_value.data == NULL,
	          ESESSION_EINVAL);
	es_neg_error_reset(err);
	ES_GUARD(es_policy_validate(policy));

	es_form *form = NULL;
	es_neg_note note = {ESESSION_OK, err, false};
	const char *logging_var = NULL;
	bool hashes = false;
	bool keys = false;
	esession_status st = es_neg_form_parse(x, &form, err);
	if (st != ESESSION_OK)
		return st;
	req->form = x;

	st = es_request_envelope(form, req);
	if (st != ESESSION_OK)
		goto out;
	/* The XEP-0155 answers first, so that a Bob unwilling (or unable)
	 * to run this ESession can still answer with a security fallback. */
	req->ssn_ok =
	    es_sel_logging(policy, form, &logging_var, &req->params) ==
	        ESESSION_OK &&
	    es_sel_disclosure(policy, form, &req->params) == ESESSION_OK;

	/* Step 4: exactly one of dhhashes (4-message) / dhkeys (3-message). */
	hashes = es_form_field_find(form, "dhhashes") != NULL;
	keys = es_form_field_find(form, "dhkeys") != NULL;
	if (hashes == keys) {
		es_neg_note_field(&note, "dhhashes", ESESSION_ENEG_FIELD);
		es_neg_note_field(&note, "dhkeys", ESESSION_ENEG_FIELD);
		es_neg_error_set(err, ES_NEG_COND_NOT_ACCEPTABLE);
		st = note.status;
		goto out;
	}
	req->params.mode = hashes ? ES_NEG_MODE_4MSG : ES_NEG_MODE_3MSG;
	if (keys && !policy->allow_3msg) {
		/* XEP-0116 §"ESession Rejection (Bob)": a 4-message-only Bob
		 * "SHOULD return a <feature-not-implemented/> error
		 * specifying the 'dhkeys' field". */
		es_neg_error_set(err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
		es_neg_error_add_field(err, "dhkeys");
		st = ESESSION_EUNSUPPORTED;
		goto out;
	}

	st = es_select_all(policy, form, req, &note);
	if (st == ESESSION_ENOMEM)
		goto out;
	if (st != ESESSION_OK) {
		/* XEP-0116 §"ESession Rejection (Bob)": one <not-acceptable/>
		 * "specifying the field(s) with unsupported options". */
		es_neg_error_set(err, ES_NEG_COND_NOT_ACCEPTABLE);
		goto out;
	}
	st = es_neg_required_unknown(x, err);

out:
	if (st != ESESSION_OK && err->condition == ES_NEG_COND_NONE)
		err->n_fields = 0;
	es_form_free(form);
	return st;
}
