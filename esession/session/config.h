/*
 * config.h - the public esession_config and esession_store objects.
 */
#ifndef ES_SESSION_CONFIG_H
#define ES_SESSION_CONFIG_H

#include "params.h"
#include "rng.h"
#include "sign.h"
#include "store.h"

struct esession_store {
	es_store store;
};

struct esession_config {
	es_policy policy;
	esession_answer answer; /* how a responder answers a request */
	esession_store *store;  /* borrowed, may be NULL */
	es_sign_key *identity;  /* our private identity key (a copy), or NULL */
	uint8_t *test_seed;     /* TEST ONLY deterministic RNG seed, or NULL */
	size_t test_seed_len;
};

/*
 * es_config_session_rng - the RNG for one new session: NULL (libgcrypt)
 * normally; with a test seed, a deterministic generator seeded with
 * seed || role || local_jid || 0x00 || peer_jid so that the two sides of a
 * test negotiation draw different streams.
 * Returns ESESSION_OK, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_config_session_rng(const esession_config *cfg,
                                                    esession_role role,
                                                    const char *local_jid,
                                                    const char *peer_jid,
                                                    es_rng **rng);

/*
 * es_config_session_identity - the policy and identity key a new session
 * of `role` starts with (XEP-0116 §"ESession Request": "The methods of
 * identification ... that this entity is prepared to offer"). Our own
 * side identifies itself with init_pubkey as Alice and resp_pubkey as
 * Bob; when that list holds 'key' or 'hash', the config needs an identity
 * key whose algorithm is in sign_algs, and the session's sign_algs are
 * cut down to that algorithm (one 'sign_algs' value serves both sides,
 * so we can only agree to the algorithm we can sign with;
 * spec/ambiguities.md "One signature algorithm for both sides").
 * *identity receives a copy of the key (NULL when our side needs none).
 * Returns ESESSION_OK, ESESSION_ENO_IDENTITY_KEY, ESESSION_ENOMEM, and
 * the statuses of es_sign_key_copy.
 */
ES_MUST_CHECK esession_status
es_config_session_identity(const esession_config *cfg, esession_role role,
                           es_policy *policy, es_sign_key **identity);

#endif
