/*
 * store_memory_keys.h - the keys part of the in-memory store
 * (store_memory.h): per local JID, a set of known keys, each with its
 * petname, verification and the bare JIDs associated with it (store.h,
 * "Keys"). Used by store_memory.c only.
 *
 * Keys are public data: ordinary memory, no wiping. Lookups are linear
 * over at most ES_STORE_KEYS_MAX keys of ES_STORE_KEY_JIDS_MAX JIDs each.
 */
#ifndef ES_STORE_MEMORY_KEYS_H
#define ES_STORE_MEMORY_KEYS_H

#include "store.h"

/* One known key of one local JID. */
typedef struct es_mem_key {
	char *local_jid;
	uint8_t *keyvalue; /* Normalized <KeyValue/> */
	size_t len;
	char *petname; /* or NULL */
	bool verified;
	char **jids; /* associated bare JIDs, 1 .. ES_STORE_KEY_JIDS_MAX */
	size_t n_jids;
	size_t cap_jids;
} es_mem_key;

typedef struct es_mem_keys {
	es_mem_key *keys; /* at most ES_STORE_KEYS_MAX, all local JIDs */
	size_t count;
	size_t capacity;
	bool trust_new_keys; /* es_store_key_rule's trust on first use */
} es_mem_keys;

#define ES_MEM_KEYS_INIT          \
	{                         \
		NULL, 0, 0, false \
	}

/* The rows of es_store_ops.keys_for_jid and jids_for_key into *out.
 * Return ESESSION_OK, ESESSION_ENOMEM (out emptied). */
ES_MUST_CHECK esession_status es_mem_keys_for_jid(const es_mem_keys *keys,
                                                  const char *local_jid,
                                                  const char *peer_bare_jid,
                                                  es_store_key_list *out);
ES_MUST_CHECK esession_status es_mem_keys_jids_for_key(const es_mem_keys *keys,
                                                       const char *local_jid,
                                                       const uint8_t *keyvalue,
                                                       size_t len,
                                                       es_store_key_list *out);

/* es_store_ops.key_add: on failure nothing changes.
 * Returns ESESSION_OK; ESESSION_ENOMEM; ESESSION_ESTORE (ES_STORE_KEYS_MAX
 * keys held, or ES_STORE_KEY_JIDS_MAX JIDs already associated with this
 * key). */
ES_MUST_CHECK esession_status es_mem_keys_add(
    es_mem_keys *keys, const char *local_jid, const char *peer_bare_jid,
    const uint8_t *keyvalue, size_t len, const char *petname, bool verified);

/* Free every key; leaves *keys as ES_MEM_KEYS_INIT. Safe on NULL. */
void es_mem_keys_free(es_mem_keys *keys);

#endif
