/*
 * params.c - negotiation vocabulary: default policy, policy validation,
 * wire names (see params.h).
 */
#include "params.h"

#include "groups.h"

#include <string.h>

void es_policy_default(es_policy *policy)
{
	memset(policy, 0, sizeof(*policy));
	/* Larger groups first; 5 last for constrained XEP-0217 peers
	 * (XEP-0116 §"ESession Request", footnote on low groups). */
	static const unsigned groups[] = {14, 15, 16, 5};
	for (size_t i = 0; i < ES_ARRAY_LEN(groups); i++)
		policy->groups[i] = groups[i];
	policy->n_groups = ES_ARRAY_LEN(groups);
	/* XEP-0116 §"Mandatory to Implement Technologies": aes128-ctr and
	 * sha256 MUST be supported; XEP-0217 fixes exactly those. */
	policy->ciphers[0] = ES_CIPHER_AES128_CTR;
	policy->ciphers[1] = ES_CIPHER_AES256_CTR;
	policy->n_ciphers = 2;
	policy->hashes[0] = ES_HASH_SHA256;
	policy->hashes[1] = ES_HASH_WHIRLPOOL;
	policy->n_hashes = 2;
	policy->sas_algs[0] = ES_SAS_28X5;
	policy->n_sas_algs = 1;
	policy->init_pubkey[0] = ES_PUBKEY_NONE;
	policy->n_init_pubkey = 1;
	policy->resp_pubkey[0] = ES_PUBKEY_NONE;
	policy->n_resp_pubkey = 1;
	policy->sign_algs[0] = ES_SIGN_RSA_SHA256;
	policy->sign_algs[1] = ES_SIGN_DSA_SHA256;
	policy->n_sign_algs = 2;
	policy->stanzas = ES_STANZA_ALL;
	/* XEP-0116 §"ESession Request": "100 - every hundred stanzas". */
	policy->rekey_freq = 100;
	/* Logging refused by default (esession.h esession_config_new). */
	policy->logging[0] = ES_LOGGING_MUSTNOT;
	policy->n_logging = 1;
	policy->security_fallback = 0;
	policy->allow_3msg = false;
	policy->prefer_3msg = false;
	policy->accept_ver_1_3 = true;
	policy->accept_disclosure = false;
}

/* A list is valid when 1 <= n <= max and no entry repeats. */
static bool es_list_ok(const unsigned *v, size_t n, size_t max)
{
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (v[i] == v[j])
				return false;
	return true;
}

/* The same check for lists of enums: copy to unsigned, then compare. */
#define ES_DEFINE_ENUM_LIST_OK(fn, type)                         \
	static bool fn(const type *v, size_t n, size_t cap)      \
	{                                                        \
		unsigned t[ES_POLICY_MAX_LIST] = {0};            \
		if (n == 0 || n > cap || n > ES_POLICY_MAX_LIST) \
			return false;                            \
		for (size_t i = 0; i < n; i++)                   \
			t[i] = (unsigned)v[i];                   \
		return es_list_ok(t, n, cap);                    \
	}

ES_DEFINE_ENUM_LIST_OK(es_cipher_list_ok, es_cipher_alg)
ES_DEFINE_ENUM_LIST_OK(es_hash_list_ok, es_hash_alg)
ES_DEFINE_ENUM_LIST_OK(es_sas_list_ok, es_sas_alg)
ES_DEFINE_ENUM_LIST_OK(es_pubkey_list_ok, es_pubkey_mode)
ES_DEFINE_ENUM_LIST_OK(es_sign_list_ok, es_sign_alg)
ES_DEFINE_ENUM_LIST_OK(es_logging_list_ok, es_logging)

static bool es_pubkey_list_has_non_none(const es_pubkey_mode *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (m[i] != ES_PUBKEY_NONE)
			return true;
	return false;
}

esession_status es_policy_validate(const es_policy *p)
{
	ES_ENSURE(p != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_list_ok(p->groups, p->n_groups, ES_POLICY_MAX_LIST),
	          ESESSION_EINVAL);
	ES_ENSURE(es_cipher_list_ok(p->ciphers, p->n_ciphers,
	                            ES_ARRAY_LEN(p->ciphers)),
	          ESESSION_EINVAL);
	ES_ENSURE(
	    es_hash_list_ok(p->hashes, p->n_hashes, ES_ARRAY_LEN(p->hashes)),
	    ESESSION_EINVAL);
	ES_ENSURE(es_sas_list_ok(p->sas_algs, p->n_sas_algs,
	                         ES_ARRAY_LEN(p->sas_algs)),
	          ESESSION_EINVAL);
	ES_ENSURE(es_pubkey_list_ok(p->init_pubkey, p->n_init_pubkey,
	                            ES_ARRAY_LEN(p->init_pubkey)),
	          ESESSION_EINVAL);
	ES_ENSURE(es_pubkey_list_ok(p->resp_pubkey, p->n_resp_pubkey,
	                            ES_ARRAY_LEN(p->resp_pubkey)),
	          ESESSION_EINVAL);
	ES_ENSURE(es_logging_list_ok(p->logging, p->n_logging,
	                             ES_ARRAY_LEN(p->logging)),
	          ESESSION_EINVAL);
	ES_ENSURE(p->n_sign_algs == 0 ||
	              es_sign_list_ok(p->sign_algs, p->n_sign_algs,
	                              ES_ARRAY_LEN(p->sign_algs)),
	          ESESSION_EINVAL);
	ES_ENSURE(p->stanzas != 0 && (p->stanzas & ~ES_STANZA_ALL) == 0,
	          ESESSION_EINVAL);
	ES_ENSURE(p->rekey_freq >= 1, ESESSION_EINVAL);
	ES_ENSURE(
	    (p->security_fallback & ~(ES_SECURITY_BIT(ES_SECURITY_C2S) |
	                              ES_SECURITY_BIT(ES_SECURITY_NONE))) == 0,
	    ESESSION_EINVAL);

	for (size_t i = 0; i < p->n_groups; i++) {
		const es_group *g = NULL;
		ES_GUARD(es_group_find(p->groups[i], &g));
	}
	for (size_t i = 0; i < p->n_ciphers; i++)
		ES_ENSURE(es_cipher_name(p->ciphers[i]) != NULL,
		          ESESSION_EUNSUPPORTED);
	for (size_t i = 0; i < p->n_hashes; i++) {
		ES_ENSURE(es_hash_name(p->hashes[i]) != NULL,
		          ESESSION_EUNSUPPORTED);
		/* XEP-0116 §"Generating Session Keys": "entities MUST ensure
		 * that the hash output is no shorter than the required key
		 * data". Any pair of our lists may be selected together. */
		for (size_t j = 0; j < p->n_ciphers; j++)
			ES_ENSURE(es_hash_len(p->hashes[i]) >=
			              es_cipher_key_len(p->ciphers[j]),
			          ESESSION_EUNSUPPORTED);
	}
	for (size_t i = 0; i < p->n_sas_algs; i++)
		ES_ENSURE(p->sas_algs[i] == ES_SAS_28X5, ESESSION_EUNSUPPORTED);
	for (size_t i = 0; i < p->n_init_pubkey; i++)
		ES_ENSURE(es_pubkey_mode_name(p->init_pubkey[i]) != NULL,
		          ESESSION_EUNSUPPORTED);
	for (size_t i = 0; i < p->n_resp_pubkey; i++)
		ES_ENSURE(es_pubkey_mode_name(p->resp_pubkey[i]) != NULL,
		          ESESSION_EUNSUPPORTED);
	for (size_t i = 0; i < p->n_sign_algs; i++)
		ES_ENSURE(es_sign_alg_name(p->sign_algs[i]) != NULL,
		          ESESSION_EUNSUPPORTED);
	for (size_t i = 0; i < p->n_logging; i++)
		ES_ENSURE(p->logging[i] == ES_LOGGING_MUSTNOT ||
		              p->logging[i] == ES_LOGGING_MAY,
		          ESESSION_EUNSUPPORTED);

	bool keys =
	    es_pubkey_list_has_non_none(p->init_pubkey, p->n_init_pubkey) ||
	    es_pubkey_list_has_non_none(p->resp_pubkey, p->n_resp_pubkey);
	ES_ENSURE(!keys || p->n_sign_algs > 0, ESESSION_EINVAL);
	/* XEP-0116 §"ESession Request": "'none' MUST NOT be specified with
	 * 3-message negotiation", so a 3-message default needs a key mode
	 * on both sides. */
	if (p->prefer_3msg) {
		ES_ENSURE(p->allow_3msg, ESESSION_EINVAL);
		ES_ENSURE(es_pubkey_list_has_non_none(p->init_pubkey,
		                                      p->n_init_pubkey) &&
		              es_pubkey_list_has_non_none(p->resp_pubkey,
		                                          p->n_resp_pubkey),
		          ESESSION_EINVAL);
	}
	return ESESSION_OK;
}

/* ---- names -------------------------------------------------------------- */

static const char *const es_pubkey_names[] = {
    [ES_PUBKEY_NONE] = "none",
    [ES_PUBKEY_KEY] = "key",
    [ES_PUBKEY_HASH] = "hash",
};

static const char *const es_sign_names[] = {
    [ES_SIGN_RSA_SHA256] = "http://www.w3.org/2000/09/xmldsig#rsa-sha256",
    [ES_SIGN_DSA_SHA256] = "http://www.w3.org/2000/09/xmldsig#dsa-sha256",
};

static const char *const es_security_names[] = {
    [ES_SECURITY_E2E] = "e2e",
    [ES_SECURITY_C2S] = "c2s",
    [ES_SECURITY_NONE] = "none",
};

static const char *const es_disclosure_names[] = {
    [ES_DISCLOSURE_NEVER] = "never",
    [ES_DISCLOSURE_DISABLED] = "disabled",
    [ES_DISCLOSURE_ENABLED] = "enabled",
};

static const char *const es_version_names[] = {
    [ES_VERSION_1_0] = "1.0",
    [ES_VERSION_1_3_ALIAS] = "1.3",
};

static const char *es_name_at(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : NULL;
}

/* Index of name in names[1..n), or 0 when absent. */
static unsigned es_name_index(const char *const *names, size_t n,
                              const char *name)
{
	for (size_t i = 1; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return (unsigned)i;
	return 0;
}

const char *es_pubkey_mode_name(es_pubkey_mode mode)
{
	return es_name_at(es_pubkey_names, ES_ARRAY_LEN(es_pubkey_names),
	                  (unsigned)mode);
}

const char *es_sign_alg_name(es_sign_alg alg)
{
	return es_name_at(es_sign_names, ES_ARRAY_LEN(es_sign_names),
	                  (unsigned)alg);
}

const char *es_security_name(es_security security)
{
	return es_name_at(es_security_names, ES_ARRAY_LEN(es_security_names),
	                  (unsigned)security);
}

const char *es_disclosure_name(es_disclosure disclosure)
{
	return es_name_at(es_disclosure_names,
	                  ES_ARRAY_LEN(es_disclosure_names),
	                  (unsigned)disclosure);
}

const char *es_version_name(es_version version)
{
	return es_name_at(es_version_names, ES_ARRAY_LEN(es_version_names),
	                  (unsigned)version);
}

const char *es_logging_var(es_logging_spelling spelling)
{
	switch (spelling) {
	case ES_LOGGING_SSN:
	case ES_LOGGING_BOOL: return "logging";
	case ES_LOGGING_OTR: return "otr";
	default: return NULL;
	}
}

const char *es_logging_value(es_logging logging, es_logging_spelling spelling)
{
	bool may = logging == ES_LOGGING_MAY;
	if (logging != ES_LOGGING_MAY && logging != ES_LOGGING_MUSTNOT)
		return NULL;
	switch (spelling) {
	case ES_LOGGING_SSN: return may ? "may" : "mustnot";
	case ES_LOGGING_BOOL: return may ? "true" : "false";
	/* 'otr' = off the record: true means the peer must not log. */
	case ES_LOGGING_OTR: return may ? "false" : "true";
	default: return NULL;
	}
}

const char *es_stanza_kind_name(unsigned bit)
{
	switch (bit) {
	case ES_STANZA_MESSAGE: return "message";
	case ES_STANZA_PRESENCE: return "presence";
	case ES_STANZA_IQ: return "iq";
	default: return NULL;
	}
}

/* Index (>= 1) of name in a names table, or ESESSION_EUNSUPPORTED. */
static esession_status es_from_name(const char *const *names, size_t n,
                                    const char *name, unsigned *index)
{
	ES_ENSURE(name != NULL, ESESSION_EINVAL);
	*index = es_name_index(names, n, name);
	ES_ENSURE(*index != 0, ESESSION_EUNSUPPORTED);
	return ESESSION_OK;
}

esession_status es_pubkey_mode_from_name(const char *name, es_pubkey_mode *mode)
{
	unsigned i = 0;
	ES_ENSURE(mode != NULL, ESESSION_EINVAL);
	ES_GUARD(es_from_name(es_pubkey_names, ES_ARRAY_LEN(es_pubkey_names),
	                      name, &i));
	*mode = (es_pubkey_mode)i;
	return ESESSION_OK;
}

esession_status es_sign_alg_from_name(const char *name, es_sign_alg *alg)
{
	unsigned i = 0;
	ES_ENSURE(alg != NULL, ESESSION_EINVAL);
	ES_GUARD(
	    es_from_name(es_sign_names, ES_ARRAY_LEN(es_sign_names), name, &i));
	*alg = (es_sign_alg)i;
	return ESESSION_OK;
}

/* The short names of the public API (esession_config_set_sign_algs,
 * esession_info), index = es_sign_alg. */
static const char *const es_sign_short_names[] = {
    [ES_SIGN_RSA_SHA256] = "rsa-sha256",
    [ES_SIGN_DSA_SHA256] = "dsa-sha256",
};

const char *es_sign_alg_short_name(es_sign_alg alg)
{
	return es_name_at(es_sign_short_names,
	                  ES_ARRAY_LEN(es_sign_short_names), (unsigned)alg);
}

esession_status es_sign_alg_from_short_name(const char *name, es_sign_alg *alg)
{
	unsigned i = 0;
	ES_ENSURE(alg != NULL, ESESSION_EINVAL);
	ES_GUARD(es_from_name(es_sign_short_names,
	                      ES_ARRAY_LEN(es_sign_short_names), name, &i));
	*alg = (es_sign_alg)i;
	return ESESSION_OK;
}

esession_status es_security_from_name(const char *name, es_security *security)
{
	unsigned i = 0;
	ES_ENSURE(security != NULL, ESESSION_EINVAL);
	ES_GUARD(es_from_name(es_security_names,
	                      ES_ARRAY_LEN(es_security_names), name, &i));
	*security = (es_security)i;
	return ESESSION_OK;
}

esession_status es_disclosure_from_name(const char *name, es_disclosure *d)
{
	unsigned i = 0;
	ES_ENSURE(d != NULL, ESESSION_EINVAL);
	ES_GUARD(es_from_name(es_disclosure_names,
	                      ES_ARRAY_LEN(es_disclosure_names), name, &i));
	*d = (es_disclosure)i;
	return ESESSION_OK;
}

esession_status es_stanza_kind_from_name(const char *name, unsigned *bit)
{
	ES_ENSURE(name != NULL && bit != NULL, ESESSION_EINVAL);
	static const unsigned bits[] = {ES_STANZA_MESSAGE, ES_STANZA_PRESENCE,
	                                ES_STANZA_IQ};
	for (size_t i = 0; i < ES_ARRAY_LEN(bits); i++) {
		if (strcmp(es_stanza_kind_name(bits[i]), name) == 0) {
			*bit = bits[i];
			return ESESSION_OK;
		}
	}
	return ESESSION_EUNSUPPORTED;
}

esession_status es_logging_from_name(const char *var, const char *name,
                                     es_logging *logging,
                                     es_logging_spelling *spelling)
{
	ES_ENSURE(var != NULL && name != NULL && logging != NULL &&
	              spelling != NULL,
	          ESESSION_EINVAL);
	static const es_logging_spelling spellings[] = {
	    ES_LOGGING_SSN, ES_LOGGING_BOOL, ES_LOGGING_OTR};
	static const es_logging values[] = {ES_LOGGING_MUSTNOT, ES_LOGGING_MAY};
	for (size_t s = 0; s < ES_ARRAY_LEN(spellings); s++) {
		if (strcmp(es_logging_var(spellings[s]), var) != 0)
			continue;
		for (size_t v = 0; v < ES_ARRAY_LEN(values); v++) {
			if (strcmp(es_logging_value(values[v], spellings[s]),
			           name) == 0) {
				*logging = values[v];
				*spelling = spellings[s];
				return ESESSION_OK;
			}
		}
	}
	return ESESSION_EUNSUPPORTED;
}

esession_status es_rekey_freq_parse(const char *text, uint32_t *value)
{
	ES_ENSURE(text != NULL && value != NULL, ESESSION_EINVAL);
	/* No sign, no leading zero (so no "0" either), digits only, at most
	 * ten of them (2^32 - 1 = 4294967295). */
	ES_ENSURE(text[0] >= '1' && text[0] <= '9', ESESSION_ENEG_FIELD);
	uint64_t v = 0;
	size_t i = 0;
	for (; text[i] != '\0'; i++) {
		ES_ENSURE(i < 10, ESESSION_ENEG_FIELD);
		ES_ENSURE(text[i] >= '0' && text[i] <= '9',
		          ESESSION_ENEG_FIELD);
		v = v * 10u + (uint64_t)(text[i] - '0');
	}
	ES_ENSURE(v <= UINT32_MAX, ESESSION_ENEG_FIELD);
	*value = (uint32_t)v;
	return ESESSION_OK;
}
