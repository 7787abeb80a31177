/*
 * store_memory_keys.c - known keys and their JIDs in process memory
 * (store_memory_keys.h).
 */
#include "store_memory_keys.h"
#include "store_util.h"

#include <stdlib.h>
#include <string.h>

static void key_clear(es_mem_key *k)
{
	for (size_t i = 0; i < k->n_jids; i++)
		free(k->jids[i]);
	free(k->jids);
	free(k->local_jid);
	free(k->keyvalue);
	free(k->petname);
	memset(k, 0, sizeof(*k));
}

static bool key_is(const es_mem_key *k, const char *local_jid,
                   const uint8_t *keyvalue, size_t len)
{
	return strcmp(k->local_jid, local_jid) == 0 && k->len == len &&
	       es_ct_equal(k->keyvalue, keyvalue, len);
}

static size_t find_key(const es_mem_keys *keys, const char *local_jid,
                       const uint8_t *keyvalue, size_t len)
{
	for (size_t i = 0; i < keys->count; i++)
		if (key_is(&keys->keys[i], local_jid, keyvalue, len))
			return i;
	return SIZE_MAX;
}

static bool has_jid(const es_mem_key *k, const char *jid)
{
	for (size_t i = 0; i < k->n_jids; i++)
		if (strcmp(k->jids[i], jid) == 0)
			return true;
	return false;
}

static esession_status append_row(const es_mem_key *k, const char *jid,
                                  es_store_key_list *out)
{
	esession_status st = es_store_key_list_append(
	    out, jid, k->keyvalue, k->len, k->petname, k->verified);
	if (st != ESESSION_OK)
		es_store_key_list_free(out);
	return st;
}

esession_status es_mem_keys_for_jid(const es_mem_keys *keys,
                                    const char *local_jid,
                                    const char *peer_bare_jid,
                                    es_store_key_list *out)
{
	for (size_t i = 0; i < keys->count; i++) {
		const es_mem_key *k = &keys->keys[i];
		if (strcmp(k->local_jid, local_jid) == 0 &&
		    has_jid(k, peer_bare_jid))
			ES_GUARD(append_row(k, peer_bare_jid, out));
	}
	return ESESSION_OK;
}

esession_status es_mem_keys_jids_for_key(const es_mem_keys *keys,
                                         const char *local_jid,
                                         const uint8_t *keyvalue, size_t len,
                                         es_store_key_list *out)
{
	size_t i = find_key(keys, local_jid, keyvalue, len);
	if (i == SIZE_MAX)
		return ESESSION_OK;
	const es_mem_key *k = &keys->keys[i];
	for (size_t j = 0; j < k->n_jids; j++)
		ES_GUARD(append_row(k, k->jids[j], out));
	return ESESSION_OK;
}

/* A known key: associate one more JID and update petname and verification.
 * Everything that can fail happens before the key changes. */
static esession_status update_key(es_mem_key *k, const char *peer_bare_jid,
                                  const char *petname, bool verified)
{
	char *jid = NULL;
	char *name = NULL;
	esession_status st = ESESSION_OK;
	if (!has_jid(k, peer_bare_jid)) {
		ES_ENSURE(k->n_jids < ES_STORE_KEY_JIDS_MAX, ESESSION_ESTORE);
		ES_GUARD(es_store_reserve((void **)&k->jids, k->n_jids,
		                          &k->cap_jids, sizeof(char *)));
		jid = es_store_strdup(peer_bare_jid);
		ES_ENSURE(jid != NULL, ESESSION_ENOMEM);
	}
	if (petname != NULL) {
		name = es_store_strdup(petname);
		if (name == NULL) {
			st = ESESSION_ENOMEM;
			goto out;
		}
	}

	if (jid != NULL) {
		k->jids[k->n_jids++] = jid;
		jid = NULL;
	}
	if (name != NULL) {
		free(k->petname);
		k->petname = name;
		name = NULL;
	}
	k->verified = verified;
out:
	free(jid);
	free(name);
	return st;
}

static esession_status new_key(es_mem_keys *keys, const char *local_jid,
                               const char *peer_bare_jid,
                               const uint8_t *keyvalue, size_t len,
                               const char *petname, bool verified)
{
	/* A peer presenting ever new keys under trust on first use must
	 * not grow the store without bound. */
	ES_ENSURE(keys->count < ES_STORE_KEYS_MAX, ESESSION_ESTORE);
	ES_GUARD(es_store_reserve((void **)&keys->keys, keys->count,
	                          &keys->capacity, sizeof(es_mem_key)));

	es_mem_key k = {NULL, NULL, len, NULL, verified, NULL, 0, 0};
	k.local_jid = es_store_strdup(local_jid);
	k.keyvalue = malloc(len);
	if (petname != NULL)
		k.petname = es_store_strdup(petname);
	k.jids = malloc(sizeof(char *));
	if (k.jids != NULL) {
		k.cap_jids = 1;
		k.jids[0] = es_store_strdup(peer_bare_jid);
		k.n_jids = k.jids[0] != NULL ? 1 : 0;
	}
	if (k.local_jid == NULL || k.keyvalue == NULL || k.n_jids == 0 ||
	    (petname != NULL && k.petname == NULL)) {
		key_clear(&k);
		return ESESSION_ENOMEM;
	}
	memcpy(k.keyvalue, keyvalue, len);
	keys->keys[keys->count++] = k;
	return ESESSION_OK;
}

esession_status es_mem_keys_add(es_mem_keys *keys, const char *local_jid,
                                const char *peer_bare_jid,
                                const uint8_t *keyvalue, size_t len,
                                const char *petname, bool verified)
{
	size_t i = find_key(keys, local_jid, keyvalue, len);
	if (i != SIZE_MAX)
		return update_key(&keys->keys[i], peer_bare_jid, petname,
		                  verified);
	return new_key(keys, local_jid, peer_bare_jid, keyvalue, len, petname,
	               verified);
}

void es_mem_keys_free(es_mem_keys *keys)
{
	if (keys == NULL)
		return;
	for (size_t i = 0; i < keys->count; i++)
		key_clear(&keys->keys[i]);
	free(keys->keys);
	*keys = (es_mem_keys)ES_MEM_KEYS_INIT;
}
