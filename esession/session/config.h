/*
 * config.h - the public esession_config and esession_store objects.
 */
#ifndef ES_SESSION_CONFIG_H
#define ES_SESSION_CONFIG_H

#include "params.h"
#include "rng.h"
#include "store.h"

struct esession_store {
	es_store store;
};

struct esession_config {
	es_policy policy;
	esession_answer answer; /* how a responder answers a request */
	esession_store *store;  /* borrowed, may be NULL */
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

#endif
