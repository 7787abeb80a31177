/*
 * config.c - esession_config (policy) and esession_store (public wrapper of
 * the in-memory store).
 */
#include "config.h"

#include "key_internal.h"
#include "secmem.h"
#include "store_memory.h"

#include <stdlib.h>
#include <string.h>

esession_status esession_store_new_memory(esession_store **out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	*out = NULL;
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	esession_store *s = calloc(1, sizeof *s);
	ES_ENSURE(s != NULL, ESESSION_ENOMEM);
	esession_status st = es_store_memory_new(&s->store);
	if (st != ESESSION_OK) {
		free(s);
		return st;
	}
	*out = s;
	return ESESSION_OK;
}

void esession_store_free(esession_store *store)
{
	if (store == NULL)
		return;
	es_store_free(&store->store);
	free(store);
}

esession_status esession_store_set_other_secret(esession_store *store,
                                                const char *local_jid,
                                                const char *peer_bare_jid,
                                                const uint8_t *secret,
                                                size_t len)
{
	ES_ENSURE(store != NULL, ESESSION_EINVAL);
	return es_store_memory_set_other_secret(&store->store, local_jid,
	                                        peer_bare_jid, secret, len);
}

esession_status esession_config_new(esession_store *store,
                                    esession_config **out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	*out = NULL;
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	esession_config *c = calloc(1, sizeof *c);
	ES_ENSURE(c != NULL, ESESSION_ENOMEM);
	es_policy_default(&c->policy);
	c->answer = ESESSION_ANSWER_ACCEPT;
	c->store = store;
	*out = c;
	return ESESSION_OK;
}

void esession_config_free(esession_config *config)
{
	if (config == NULL)
		return;
	if (config->test_seed != NULL) {
		es_wipe(config->test_seed, config->test_seed_len);
		free(config->test_seed);
	}
	es_sign_key_free(config->identity);
	free(config);
}

/* Apply a change to a copy of the policy and keep it only if the whole
 * policy still validates: a failed setter leaves the config unchanged. */
static esession_status commit_policy(esession_config *config,
                                     const es_policy *candidate)
{
	ES_GUARD(es_policy_validate(candidate));
	config->policy = *candidate;
	return ESESSION_OK;
}

esession_status esession_config_set_groups(esession_config *config,
                                           const unsigned *groups, size_t count)
{
	ES_ENSURE(config != NULL && groups != NULL, ESESSION_EINVAL);
	ES_ENSURE(count > 0 && count <= ES_POLICY_MAX_LIST, ESESSION_EINVAL);
	es_policy p = config->policy;
	for (size_t i = 0; i < count; i++)
		p.groups[i] = groups[i];
	p.n_groups = count;
	return commit_policy(config, &p);
}

esession_status esession_config_set_ciphers(esession_config *config,
                                            const char *const *names,
                                            size_t count)
{
	ES_ENSURE(config != NULL && names != NULL, ESESSION_EINVAL);
	ES_ENSURE(count > 0 && count <= ES_POLICY_MAX_LIST, ESESSION_EINVAL);
	es_policy p = config->policy;
	for (size_t i = 0; i < count; i++) {
		ES_ENSURE(names[i] != NULL, ESESSION_EINVAL);
		ES_GUARD(es_cipher_from_name(names[i], &p.ciphers[i]));
	}
	p.n_ciphers = count;
	return commit_policy(config, &p);
}

esession_status esession_config_set_hashes(esession_config *config,
                                           const char *const *names,
                                           size_t count)
{
	ES_ENSURE(config != NULL && names != NULL, ESESSION_EINVAL);
	ES_ENSURE(count > 0 && count <= ES_POLICY_MAX_LIST, ESESSION_EINVAL);
	es_policy p = config->policy;
	for (size_t i = 0; i < count; i++) {
		ES_ENSURE(names[i] != NULL, ESESSION_EINVAL);
		ES_GUARD(es_hash_from_name(names[i], &p.hashes[i]));
	}
	p.n_hashes = count;
	return commit_policy(config, &p);
}

esession_status esession_config_set_stanzas(esession_config *config,
                                            unsigned kinds)
{
	ES_ENSURE(config != NULL, ESESSION_EINVAL);
	es_policy p = config->policy;
	p.stanzas = kinds;
	return commit_policy(config, &p);
}

esession_status esession_config_set_rekey_freq(esession_config *config,
                                               uint32_t stanzas)
{
	ES_ENSURE(config != NULL, ESESSION_EINVAL);
	es_policy p = config->policy;
	p.rekey_freq = stanzas;
	return commit_policy(config, &p);
}

esession_status esession_config_set_logging(esession_config *config, int allow)
{
	ES_ENSURE(config != NULL, ESESSION_EINVAL);
	es_policy p = config->policy;
	/* XEP-0155 'logging': our preference first. */
	p.logging[0] = ES_LOGGING_MUSTNOT;
	p.n_logging = 1;
	if (allow) {
		p.logging[1] = ES_LOGGING_MAY;
		p.n_logging = 2;
	}
	return commit_policy(config, &p);
}

esession_status esession_config_set_security_fallback(esession_config *config,
                                                      unsigned mask)
{
	ES_ENSURE(config != NULL, ESESSION_EINVAL);
	ES_ENSURE((mask & ~(ESESSION_SECURITY_C2S | ESESSION_SECURITY_NONE)) ==
	              0,
	          ESESSION_EINVAL);
	es_policy p = config->policy;
	p.security_fallback = 0;
	if (mask & ESESSION_SECURITY_C2S)
		p.security_fallback |= ES_SECURITY_BIT(ES_SECURITY_C2S);
	if (mask & ESESSION_SECURITY_NONE)
		p.security_fallback |= ES_SECURITY_BIT(ES_SECURITY_NONE);
	return commit_policy(config, &p);
}

esession_status esession_config_set_answer(esession_config *config,
                                           esession_answer answer)
{
	ES_ENSURE(config != NULL, ESESSION_EINVAL);
	ES_ENSURE(answer == ESESSION_ANSWER_ACCEPT ||
	              answer == ESESSION_ANSWER_DECLINE ||
	              answer == ESESSION_ANSWER_FALLBACK ||
	              answer == ESESSION_ANSWER_SILENT,
	          ESESSION_EINVAL);
	config->answer = answer;
	return ESESSION_OK;
}

esession_status esession_config_set_deterministic_rng_for_tests(
    esession_config *config, const uint8_t *seed, size_t len)
{
	ES_ENSURE(config != NULL && seed != NULL && len > 0, ESESSION_EINVAL);
	uint8_t *copy = malloc(len);
	ES_ENSURE(copy != NULL, ESESSION_ENOMEM);
	memcpy(copy, seed, len);
	if (config->test_seed != NULL) {
		es_wipe(config->test_seed, config->test_seed_len);
		free(config->test_seed);
	}
	config->test_seed = copy;
	config->test_seed_len = len;
	return ESESSION_OK;
}

esession_status es_config_session_rng(const esession_config *cfg,
                                      esession_role role, const char *local_jid,
                                      const char *peer_jid, es_rng **rng)
{
	*rng = NULL;
	if (cfg->test_seed == NULL)
		return ESESSION_OK;
	size_t l1 = strlen(local_jid);
	size_t l2 = peer_jid != NULL ? strlen(peer_jid) : 0;
	size_t n = cfg->test_seed_len + 1 + l1 + 1 + l2;
	uint8_t *seed = malloc(n);
	ES_ENSURE(seed != NULL, ESESSION_ENOMEM);
	size_t off = 0;
	memcpy(seed, cfg->test_seed, cfg->test_seed_len);
	off += cfg->test_seed_len;
	seed[off++] = (uint8_t)role;
	memcpy(seed + off, local_jid, l1);
	off += l1;
	seed[off++] = 0;
	if (l2 > 0)
		memcpy(seed + off, peer_jid, l2);
	esession_status st = es_rng_new_deterministic_for_tests(rng, seed, n);
	es_wipe(seed, n);
	free(seed);
	return st;
}

/* ---- public-key identification (XEP-0116 'init_pubkey', 'resp_pubkey',
 * 'sign_algs') and the other policy switches of issue 4 ---------------- */

esession_status esession_config_set_identity_key(esession_config *config,
                                                 const esession_key *key)
{
	ES_ENSURE(config != NULL, ESESSION_EINVAL);
	es_sign_key *copy = NULL;
	if (key != NULL) {
		const es_sign_key *sk = es_key_sign_key(key);
		/* We sign with it: a public key is a usage error. */
		ES_ENSURE(sk != NULL && es_sign_key_has_private(sk),
		          ESESSION_EINVAL);
		ES_GUARD(es_sign_key_copy(sk, true, &copy));
	}
	es_sign_key_free(config->identity);
	config->identity = copy;
	return ESESSION_OK;
}

/* One pubkey list from its names: 1..3 entries, no repeats. */
static esession_status pubkey_list(const char *const *names, size_t n,
                                   es_pubkey_mode *out, size_t *count)
{
	ES_ENSURE(names != NULL && n > 0 && n <= 3, ESESSION_EINVAL);
	for (size_t i = 0; i < n; i++) {
		ES_ENSURE(names[i] != NULL, ESESSION_EINVAL);
		ES_GUARD(es_pubkey_mode_from_name(names[i], &out[i]));
		for (size_t k = 0; k < i; k++)
			ES_ENSURE(out[k] != out[i], ESESSION_EINVAL);
	}
	*count = n;
	return ESESSION_OK;
}

esession_status esession_config_set_pubkey(esession_config *config,
                                           const char *const *init,
                                           size_t n_init,
                                           const char *const *resp,
                                           size_t n_resp)
{
	ES_ENSURE(config != NULL, ESESSION_EINVAL);
	es_policy p = config->policy;
	ES_GUARD(pubkey_list(init, n_init, p.init_pubkey, &p.n_init_pubkey));
	ES_GUARD(pubkey_list(resp, n_resp, p.resp_pubkey, &p.n_resp_pubkey));
	return commit_policy(config, &p);
}

esession_status esession_config_set_sign_algs(esession_config *config,
                                              const char *const *names,
                                              size_t count)
{
	ES_ENSURE(config != NULL && names != NULL, ESESSION_EINVAL);
	es_policy p = config->policy;
	ES_ENSURE(count > 0 && count <= ES_ARRAY_LEN(p.sign_algs),
	          ESESSION_EINVAL);
	for (size_t i = 0; i < count; i++) {
		ES_ENSURE(names[i] != NULL, ESESSION_EINVAL);
		ES_GUARD(
		    es_sign_alg_from_short_name(names[i], &p.sign_algs[i]));
		for (size_t k = 0; k < i; k++)
			ES_ENSURE(p.sign_algs[k] != p.sign_algs[i],
			          ESESSION_EINVAL);
	}
	p.n_sign_algs = count;
	return commit_policy(config, &p);
}

esession_status esession_config_set_messages(esession_config *config,
                                             unsigned offer, int accept_3)
{
	ES_ENSURE(config != NULL && (offer == 3 || offer == 4),
	          ESESSION_EINVAL);
	es_policy p = config->policy;
	/* An Alice who offers 3 messages accepts them as Bob too: the policy
	 * has one switch for "3-message allowed". */
	p.prefer_3msg = offer == 3;
	p.allow_3msg = offer == 3 || accept_3 != 0;
	return commit_policy(config, &p);
}

esession_status esession_config_set_accept_disclosure(esession_config *config,
                                                      int accept)
{
	ES_ENSURE(config != NULL, ESESSION_EINVAL);
	es_policy p = config->policy;
	p.accept_disclosure = accept != 0;
	return commit_policy(config, &p);
}

esession_status es_config_session_identity(const esession_config *cfg,
                                           esession_role role,
                                           es_policy *policy,
                                           es_sign_key **identity)
{
	*identity = NULL;
	*policy = cfg->policy;
	const bool alice = role == ESESSION_ROLE_INITIATOR;
	const es_pubkey_mode *own =
	    alice ? policy->init_pubkey : policy->resp_pubkey;
	const size_t n_own =
	    alice ? policy->n_init_pubkey : policy->n_resp_pubkey;
	bool keys = false;
	for (size_t i = 0; i < n_own; i++)
		keys = keys || own[i] != ES_PUBKEY_NONE;
	if (!keys)
		return ESESSION_OK;
	/* A key mode for our own side is a promise to sign: without a key
	 * of an algorithm we offer, refuse the session rather than a
	 * negotiation that cannot complete (spec/ambiguities.md "A key mode
	 * without an identity key"). */
	ES_ENSURE(cfg->identity != NULL, ESESSION_ENO_IDENTITY_KEY);
	const es_sign_alg alg = es_sign_key_alg(cfg->identity);
	bool listed = false;
	for (size_t i = 0; i < policy->n_sign_algs; i++)
		listed = listed || policy->sign_algs[i] == alg;
	ES_ENSURE(listed, ESESSION_ENO_IDENTITY_KEY);
	policy->sign_algs[0] = alg;
	policy->n_sign_algs = 1;
	return es_sign_key_copy(cfg->identity, true, identity);
}
