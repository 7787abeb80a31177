/*
 * store_memory.h - the default es_store: retained secrets and other shared
 * secrets in process memory, lost when the store is freed.
 *
 * Secrets live in libgcrypt secure memory and are wiped when replaced,
 * removed, or when the store is freed. JIDs are kept in ordinary memory
 * (they are not secret). Lookups are linear: the store is meant for the
 * handful of peers a client talks to, not for a server.
 *
 * Peer keys (store.h, "Keys"; store_memory_keys.h): public data in
 * ordinary memory, at most ES_STORE_KEYS_MAX keys of at most
 * ES_STORE_KEY_JIDS_MAX JIDs each; trust follows es_store_key_rule, with
 * trust on first use off until es_store_set_trust_new_keys turns it on.
 *
 * Not thread-safe (see store.h): share one store only between sessions of
 * one thread.
 */
#ifndef ES_STORE_MEMORY_H
#define ES_STORE_MEMORY_H

#include "store.h"

/*
 * es_store_memory_new - an empty in-memory store into *store (which is
 * overwritten; release it with es_store_free).
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL store); ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_store_memory_new(es_store *store);

/*
 * es_store_memory_set_other_secret - set the other shared secret the
 * application agreed with a peer out of band (XEP-0116 §"Three- or
 * Four-Message Negotiation": e.g. a password, its UTF-8 bytes), for
 * (local_jid, peer_bare_jid); oss NULL / oss_len 0 removes it. The bytes
 * are copied into secure memory; the previous value is wiped.
 * Returns ESESSION_OK; ESESSION_EINVAL (store is not an in-memory store,
 * NULL/empty JID, '/' in peer_bare_jid, NULL oss with oss_len > 0);
 * ESESSION_ENOMEM (the previous value is kept).
 */
ES_MUST_CHECK esession_status es_store_memory_set_other_secret(
    es_store *store, const char *local_jid, const char *peer_bare_jid,
    const uint8_t *oss, size_t oss_len);

/* es_store_memory_count - number of retained-secret entries held (for
 * tests and diagnostics); 0 for a store that is not an in-memory one. */
size_t es_store_memory_count(const es_store *store);

#endif
