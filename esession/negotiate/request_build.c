/*
 * request_build.c - Alice's ESession request, message 1 (XEP-0116
 * §"ESession Request (Alice)"; see request.h).
 */
#include "request.h"

#include <stdio.h>

/* Add a field of type `type` with one option per value, in order. */
static esession_status es_add_options(es_form *f, const char *var,
                                      es_form_field_type type,
                                      const char *const *values, size_t n,
                                      bool required)
{
	es_form_field *field = NULL;
	ES_GUARD(es_form_add_field(f, var, type, &field));
	for (size_t i = 0; i < n; i++)
		ES_GUARD(es_form_field_add_option(field, NULL, values[i]));
	es_form_field_set_required(field, required);
	return ESESSION_OK;
}

/* Add a field with one <value/>. */
static esession_status es_add_value(es_form *f, const char *var,
                                    es_form_field_type type, const char *value,
                                    bool required)
{
	es_form_field *field = NULL;
	ES_GUARD(es_form_add_field(f, var, type, &field));
	ES_GUARD(es_form_field_add_value(field, value));
	es_form_field_set_required(field, required);
	return ESESSION_OK;
}

/* The wire names of a pubkey list, "none" left out in 3-message mode. */
static size_t es_pubkey_names(const es_pubkey_mode *modes, size_t n,
                              es_neg_mode mode, const char **names)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (mode == ES_NEG_MODE_3MSG && modes[i] == ES_PUBKEY_NONE)
			continue;
		names[k++] = es_pubkey_mode_name(modes[i]);
	}
	return k;
}

/* True when a list holds a mode other than "none". */
static bool es_has_key_mode(const es_pubkey_mode *modes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (modes[i] != ES_PUBKEY_NONE)
			return true;
	return false;
}

/* The ESession option fields: modp through ver (XEP-0116 example order). */
static esession_status es_add_option_fields(es_form *f, const es_policy *p,
                                            es_neg_mode mode)
{
	const char *names[ES_POLICY_MAX_LIST];
	char groups[ES_POLICY_MAX_LIST][8];
	size_t n = 0;

	for (size_t i = 0; i < p->n_groups; i++) {
		snprintf(groups[i], sizeof(groups[i]), "%u", p->groups[i]);
		names[i] = groups[i];
	}
	ES_GUARD(es_add_options(f, "modp", ES_FORM_FIELD_LIST_SINGLE, names,
	                        p->n_groups, false));
	for (size_t i = 0; i < p->n_ciphers; i++)
		names[i] = es_cipher_name(p->ciphers[i]);
	ES_GUARD(es_add_options(f, "crypt_algs", ES_FORM_FIELD_LIST_SINGLE,
	                        names, p->n_ciphers, false));
	for (size_t i = 0; i < p->n_hashes; i++)
		names[i] = es_hash_name(p->hashes[i]);
	ES_GUARD(es_add_options(f, "hash_algs", ES_FORM_FIELD_LIST_SINGLE,
	                        names, p->n_hashes, false));

	const char *init[3];
	const char *resp[3];
	size_t n_init =
	    es_pubkey_names(p->init_pubkey, p->n_init_pubkey, mode, init);
	size_t n_resp =
	    es_pubkey_names(p->resp_pubkey, p->n_resp_pubkey, mode, resp);
	ES_ENSURE(n_init > 0 && n_resp > 0, ESESSION_EINVAL);
	/* XEP-0116 §"ESession Request": signature algorithms "unless the
	 * values of the init_pubkey and resp_pubkey parameters are fixed to
	 * 'none'"; XEP-0217: "SHOULD NOT include a sign_algs field". */
	if (es_has_key_mode(p->init_pubkey, p->n_init_pubkey) ||
	    es_has_key_mode(p->resp_pubkey, p->n_resp_pubkey)) {
		for (size_t i = 0; i < p->n_sign_algs; i++)
			names[i] = es_sign_alg_name(p->sign_algs[i]);
		ES_GUARD(es_add_options(f, "sign_algs",
		                        ES_FORM_FIELD_LIST_SINGLE, names,
		                        p->n_sign_algs, false));
	}
	names[0] = "none";
	ES_GUARD(es_add_options(f, "compress", ES_FORM_FIELD_LIST_SINGLE, names,
	                        1, false));
	/* The order of the XEP-0116 example: message, iq, presence. */
	static const unsigned kinds[] = {ES_STANZA_MESSAGE, ES_STANZA_IQ,
	                                 ES_STANZA_PRESENCE};
	for (size_t i = 0; i < ES_ARRAY_LEN(kinds); i++)
		if ((p->stanzas & kinds[i]) != 0)
			names[n++] = es_stanza_kind_name(kinds[i]);
	ES_GUARD(es_add_options(f, "stanzas", ES_FORM_FIELD_LIST_MULTI, names,
	                        n, false));
	ES_GUARD(es_add_options(f, "init_pubkey", ES_FORM_FIELD_LIST_SINGLE,
	                        init, n_init, false));
	ES_GUARD(es_add_options(f, "resp_pubkey", ES_FORM_FIELD_LIST_SINGLE,
	                        resp, n_resp, false));
	/* spec/ambiguities.md "ver values": we offer "1.0". */
	names[0] = es_version_name(ES_VERSION_1_0);
	return es_add_options(f, "ver", ES_FORM_FIELD_LIST_SINGLE, names, 1,
	                      false);
}

/* FORM_TYPE and the XEP-0155 fields: accept, logging, disclosure,
 * security, each <required/> as in the XEP-0116 example. */
static esession_status es_add_ssn_fields(es_form *f, const es_policy *p)
{
	const char *names[ES_POLICY_MAX_LIST];
	ES_GUARD(es_add_value(f, "FORM_TYPE", ES_FORM_FIELD_HIDDEN,
	                      ES_SSN_FORM_TYPE, false));
	ES_GUARD(es_add_value(f, "accept", ES_FORM_FIELD_BOOLEAN, "1", true));
	/* spec/ambiguities.md "logging / otr": XEP-0155 spelling. */
	for (size_t i = 0; i < p->n_logging; i++)
		names[i] = es_logging_value(p->logging[i], ES_LOGGING_SSN);
	ES_GUARD(es_add_options(f, "logging", ES_FORM_FIELD_LIST_SINGLE, names,
	                        p->n_logging, true));
	/* XEP-0116 §"Back Doors": the library has no disclosure feature, so
	 * "never" first; a policy that tolerates a disclosing peer also lists
	 * "enabled", then "disabled" ("SHOULD either negotiate the value of
	 * the 'disclose' field to be 'enabled' or terminate"). */
	size_t n_disc = 0;
	names[n_disc++] = es_disclosure_name(ES_DISCLOSURE_NEVER);
	if (p->accept_disclosure) {
		names[n_disc++] = es_disclosure_name(ES_DISCLOSURE_ENABLED);
		names[n_disc++] = es_disclosure_name(ES_DISCLOSURE_DISABLED);
	}
	ES_GUARD(es_add_options(f, "disclosure", ES_FORM_FIELD_LIST_SINGLE,
	                        names, n_disc, true));
	size_t n = 0;
	names[n++] = es_security_name(ES_SECURITY_E2E);
	if ((p->security_fallback & ES_SECURITY_BIT(ES_SECURITY_C2S)) != 0)
		names[n++] = es_security_name(ES_SECURITY_C2S);
	if ((p->security_fallback & ES_SECURITY_BIT(ES_SECURITY_NONE)) != 0)
		names[n++] = es_security_name(ES_SECURITY_NONE);
	return es_add_options(f, "security", ES_FORM_FIELD_LIST_SINGLE, names,
	                      n, true);
}

static esession_status es_add_request_fields(es_form *f, const es_policy *p,
                                             es_neg_mode mode,
                                             const uint8_t *nonce,
                                             size_t nonce_len,
                                             const es_span *dh, size_t n_dh)
{
	char text[16];
	es_form_field *field = NULL;

	ES_GUARD(es_add_ssn_fields(f, p));
	ES_GUARD(es_add_option_fields(f, p, mode));
	snprintf(text, sizeof(text), "%u", (unsigned)p->rekey_freq);
	ES_GUARD(es_add_value(f, "rekey_freq", ES_FORM_FIELD_TEXT_SINGLE, text,
	                      false));
	ES_GUARD(
	    es_form_add_field(f, "my_nonce", ES_FORM_FIELD_HIDDEN, &field));
	ES_GUARD(es_neg_field_add_b64(field, nonce, nonce_len));
	if (mode == ES_NEG_MODE_4MSG) {
		/* XEP-0116: no 'sas_algs' in the 3-message request. */
		const char *names[ES_POLICY_MAX_LIST];
		for (size_t i = 0; i < p->n_sas_algs; i++)
			names[i] = "sas28x5"; /* the only es_sas_alg */
		ES_GUARD(es_add_options(f, "sas_algs",
		                        ES_FORM_FIELD_LIST_SINGLE, names,
		                        p->n_sas_algs, false));
	}
	/* "in the same order as the associated MODP groups" */
	ES_GUARD(es_form_add_field(
	    f, mode == ES_NEG_MODE_4MSG ? "dhhashes" : "dhkeys",
	    ES_FORM_FIELD_HIDDEN, &field));
	for (size_t i = 0; i < n_dh; i++)
		ES_GUARD(es_neg_field_add_b64(field, dh[i].data, dh[i].len));
	return ESESSION_OK;
}

esession_status es_neg_request_form(es_xml_doc *doc, const es_policy *policy,
                                    es_neg_mode mode, const uint8_t *nonce,
                                    size_t nonce_len, const es_span *dh_values,
                                    size_t n_dh_values, es_xml_node **x)
{
	ES_ENSURE(doc != NULL && policy != NULL && nonce != NULL &&
	              dh_values != NULL && x != NULL,
	          ESESSION_EINVAL);
	ES_GUARD(es_policy_validate(policy));
	ES_ENSURE(mode == ES_NEG_MODE_4MSG ||
	              (mode == ES_NEG_MODE_3MSG && policy->allow_3msg),
	          ESESSION_EINVAL);
	ES_ENSURE(nonce_len >= ES_NEG_NONCE_MIN &&
	              nonce_len <= ES_NEG_NONCE_MAX,
	          ESESSION_EINVAL);
	ES_ENSURE(n_dh_values == policy->n_groups, ESESSION_EINVAL);
	for (size_t i = 0; i < n_dh_values; i++) {
		ES_ENSURE(dh_values[i].data != NULL, ESESSION_EINVAL);
		/* He = SHA256(e): 32 bytes (spec/ambiguities.md
		 * "He hash function and input"). */
		ES_ENSURE(mode == ES_NEG_MODE_4MSG ? dh_values[i].len == 32
		                                   : dh_values[i].len > 0,
		          ESESSION_EINVAL);
	}

	es_form *f = NULL;
	ES_GUARD(es_form_new(ES_FORM_TYPE_FORM, NULL, &f));
	esession_status st = es_add_request_fields(
	    f, policy, mode, nonce, nonce_len, dh_values, n_dh_values);
	if (st == ESESSION_OK)
		st = es_form_to_xml(f, doc, x);
	es_form_free(f);
	return st;
}

esession_status es_neg_request_stanza(es_xml_doc *doc, const char *to,
                                      const char *thread, es_xml_node *x,
                                      es_xml_node **msg)
{
	ES_ENSURE(doc != NULL && x != NULL && msg != NULL, ESESSION_EINVAL);
	es_xml_node *m = NULL;
	ES_GUARD(es_neg_message_new(doc, to, thread, &m));
	ES_GUARD(es_neg_wrap_form(m, x, false));
	/* XEP-0116 §"ESession Request (Alice)" example: drop the request
	 * rather than store it offline (XEP-0079). */
	ES_GUARD(es_neg_add_amp(m));
	*msg = m;
	return ESESSION_OK;
}
