/*
 * store_keys.c - key associations (XEP-0116 §"Verifying Keys", §"Key
 * Associations"): rows, the flags reported to the user, the library's trust
 * rule and the checked calls into a store's key operations.
 *
 * Every implementation only keeps facts (which key, which JIDs, petname,
 * verification). What those facts mean for the user - the
 * ESESSION_PEER_KEY_* flags - is computed here and nowhere else, so a
 * custom store cannot report a different meaning than the in-memory one.
 */
#include "store.h"
#include "store_util.h"

#include <stdlib.h>
#include <string.h>

static bool bare_jid_ok(const char *jid)
{
	return jid != NULL && jid[0] != '\0' && strchr(jid, '/') == NULL;
}

static bool petname_ok(const char *petname)
{
	/* NULL is "no petname"; an empty one would be shown as nothing. */
	return petname == NULL || (petname[0] != '\0' &&
	                           strnlen(petname, ES_STORE_PETNAME_MAX + 1) <=
	                               ES_STORE_PETNAME_MAX);
}

static void row_clear(es_store_key_row *row)
{
	free(row->peer_bare_jid);
	free(row->keyvalue);
	free(row->petname);
	memset(row, 0, sizeof(*row));
}

esession_status es_store_key_list_append(es_store_key_list *list,
                                         const char *peer_bare_jid,
                                         const uint8_t *keyvalue, size_t len,
                                         const char *petname, bool verified)
{
	ES_ENSURE(list != NULL && bare_jid_ok(peer_bare_jid), ESESSION_EINVAL);
	ES_ENSURE(keyvalue != NULL && len != 0 && len <= ES_STORE_KEYVALUE_MAX,
	          ESESSION_EINVAL);
	ES_ENSURE(petname_ok(petname), ESESSION_EINVAL);
	/* No store has more rows for one JID or one key than it has keys;
	 * a longer list is a misbehaving implementation. */
	ES_ENSURE(list->count < ES_STORE_KEYS_MAX, ESESSION_ESTORE);

	if (list->count == list->capacity) {
		size_t capacity = list->capacity == 0 ? 4 : list->capacity * 2;
		es_store_key_row *grown =
		    realloc(list->rows, capacity * sizeof(es_store_key_row));
		ES_ENSURE(grown != NULL, ESESSION_ENOMEM);
		list->rows = grown;
		list->capacity = capacity;
	}

	es_store_key_row row = {NULL, NULL, len, NULL, verified};
	row.peer_bare_jid = es_store_strdup(peer_bare_jid);
	row.keyvalue = malloc(len);
	if (petname != NULL)
		row.petname = es_store_strdup(petname);
	if (row.peer_bare_jid == NULL || row.keyvalue == NULL ||
	    (petname != NULL && row.petname == NULL)) {
		row_clear(&row);
		return ESESSION_ENOMEM;
	}
	memcpy(row.keyvalue, keyvalue, len);
	list->rows[list->count++] = row;
	return ESESSION_OK;
}

void es_store_key_list_free(es_store_key_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->count; i++)
		row_clear(&list->rows[i]);
	free(list->rows);
	*list = (es_store_key_list)ES_STORE_KEY_LIST_INIT;
}

void es_store_key_report_clear(es_store_key_report *report)
{
	if (report == NULL)
		return;
	free(report->petname);
	*report = (es_store_key_report)ES_STORE_KEY_REPORT_INIT;
}

static bool key_equals(const es_store_key_row *row, const uint8_t *keyvalue,
                       size_t len)
{
	/* Public keys: a plain comparison would do; es_ct_equal costs
	 * nothing at these sizes and leaves nothing to argue about. */
	return row->len == len && es_ct_equal(row->keyvalue, keyvalue, len);
}

es_store_key_verdict es_store_key_rule(unsigned flags, bool associated,
                                       bool trust_new_keys)
{
	if (associated)
		return ES_STORE_KEY_ACCEPT;
	/* NEW excludes OTHER_JID; without CHANGED the JID has no key, so a
	 * first-use association replaces nothing the user relied on. */
	if (trust_new_keys && (flags & ESESSION_PEER_KEY_NEW) != 0 &&
	    (flags & ESESSION_PEER_KEY_CHANGED) == 0)
		return ES_STORE_KEY_ACCEPT_NEW;
	return ES_STORE_KEY_REFUSE;
}

/* ---- checked calls ---------------------------------------------------- */

static bool store_ok(const es_store *store)
{
	return store != NULL && store->ops != NULL;
}

/* All four key operations, or none (store.h). A half-filled table is the
 * implementation's bug and counts as no key support: nothing is trusted. */
static bool has_keys(const es_store *store)
{
	const es_store_ops *ops = store->ops;
	return ops->keys_for_jid != NULL && ops->jids_for_key != NULL &&
	       ops->key_add != NULL && ops->key_trust != NULL;
}

static esession_status key_status(esession_status st)
{
	switch (st) {
	case ESESSION_OK:
	case ESESSION_ENOMEM:
	case ESESSION_ESTORE: return st;
	default: return ESESSION_ESTORE;
	}
}

/* Rows from an implementation: well-formed (es_store_key_list_append
 * guarantees it for rows built through it; the counts are checked
 * here) and each matching what was asked: the JID for keys_for_jid, the
 * key for jids_for_key. */
static bool rows_valid(const es_store_key_list *list, const char *jid,
                       const uint8_t *keyvalue, size_t len)
{
	if (list->count > list->capacity ||
	    (list->count != 0 && list->rows == NULL))
		return false;
	for (size_t i = 0; i < list->count; i++) {
		const es_store_key_row *row = &list->rows[i];
		if (!bare_jid_ok(row->peer_bare_jid) || row->keyvalue == NULL ||
		    row->len == 0 || row->len > ES_STORE_KEYVALUE_MAX)
			return false;
		if (jid != NULL && strcmp(row->peer_bare_jid, jid) != 0)
			return false;
		if (keyvalue != NULL && !key_equals(row, keyvalue, len))
			return false;
	}
	return true;
}

static esession_status keys_for_jid(const es_store *store,
                                    const char *local_jid, const char *jid,
                                    es_store_key_list *out)
{
	esession_status st = key_status(
	    store->ops->keys_for_jid(store->ctx, local_jid, jid, out));
	if (st == ESESSION_OK && !rows_valid(out, jid, NULL, 0))
		st = ESESSION_ESTORE;
	if (st != ESESSION_OK)
		es_store_key_list_free(out);
	return st;
}

static esession_status jids_for_key(const es_store *store,
                                    const char *local_jid,
                                    const uint8_t *keyvalue, size_t len,
                                    es_store_key_list *out)
{
	esession_status st = key_status(store->ops->jids_for_key(
	    store->ctx, local_jid, keyvalue, len, out));
	if (st == ESESSION_OK && !rows_valid(out, NULL, keyvalue, len))
		st = ESESSION_ESTORE;
	if (st != ESESSION_OK)
		es_store_key_list_free(out);
	return st;
}

esession_status es_store_key_add(const es_store *store, const char *local_jid,
                                 const char *peer_bare_jid,
                                 const uint8_t *keyvalue, size_t len,
                                 const char *petname, bool verified)
{
	ES_ENSURE(store_ok(store), ESESSION_EINVAL);
	ES_ENSURE(local_jid != NULL && local_jid[0] != '\0' &&
	              bare_jid_ok(peer_bare_jid),
	          ESESSION_EINVAL);
	ES_ENSURE(keyvalue != NULL && len != 0, ESESSION_EINVAL);
	ES_ENSURE(petname_ok(petname), ESESSION_EINVAL);
	ES_ENSURE(len <= ES_STORE_KEYVALUE_MAX, ESESSION_EKEYVALUE);
	ES_ENSURE(has_keys(store), ESESSION_EUNSUPPORTED);
	return key_status(store->ops->key_add(store->ctx, local_jid,
	                                      peer_bare_jid, keyvalue, len,
	                                      petname, verified));
}

esession_status es_store_set_trust_new_keys(es_store *store, bool trust)
{
	ES_ENSURE(store_ok(store) && has_keys(store) &&
	              store->ops->set_trust_new_keys != NULL,
	          ESESSION_EINVAL);
	esession_status st = store->ops->set_trust_new_keys(store->ctx, trust);
	return st == ESESSION_EINVAL ? st : key_status(st);
}

esession_status es_store_key_known(const es_store *store, const char *local_jid,
                                   const char *peer_bare_jid, bool *known)
{
	ES_ENSURE(store_ok(store) && known != NULL, ESESSION_EINVAL);
	*known = false;
	ES_ENSURE(local_jid != NULL && local_jid[0] != '\0' &&
	              bare_jid_ok(peer_bare_jid),
	          ESESSION_EINVAL);
	if (!has_keys(store))
		return ESESSION_OK;
	es_store_key_list keys = ES_STORE_KEY_LIST_INIT;
	ES_GUARD(keys_for_jid(store, local_jid, peer_bare_jid, &keys));
	*known = keys.count != 0;
	es_store_key_list_free(&keys);
	return ESESSION_OK;
}

/* What the store's rows say about key K presented by JID J. */
typedef struct key_facts {
	unsigned flags;
	bool associated;     /* K is associated with J */
	const char *petname; /* borrowed from the rows of K, or NULL */
} key_facts;

/* XEP-0116 §"Key Associations"; the flags are defined in store.h at
 * es_store_key_check. */
static key_facts facts_of(const es_store_key_list *keys_of_jid,
                          const es_store_key_list *jids_of_key, const char *jid,
                          const uint8_t *keyvalue, size_t len)
{
	key_facts f = {ESESSION_PEER_KEY_USED, false, NULL};

	for (size_t i = 0; i < keys_of_jid->count; i++)
		if (key_equals(&keys_of_jid->rows[i], keyvalue, len))
			f.associated = true;
	/* "a public key with a different fingerprint": J has keys, and K is
	 * none of them. */
	if (keys_of_jid->count != 0 && !f.associated)
		f.flags |= ESESSION_PEER_KEY_CHANGED;

	if (jids_of_key->count == 0) {
		f.flags |= ESESSION_PEER_KEY_NEW;
		return f;
	}
	/* Verification belongs to the key; rows of one key should agree.
	 * If a custom store's rows disagree, the key counts as verified only
	 * if every row says so. */
	bool verified = true;
	for (size_t i = 0; i < jids_of_key->count; i++) {
		const es_store_key_row *row = &jids_of_key->rows[i];
		verified = verified && row->verified;
		if (f.petname == NULL)
			f.petname = row->petname;
		/* "alert their users immediately if another JID presents the
		 * same public key" */
		if (strcmp(row->peer_bare_jid, jid) != 0)
			f.flags |= ESESSION_PEER_KEY_OTHER_JID;
	}
	if (verified)
		f.flags |= ESESSION_PEER_KEY_VERIFIED;
	return f;
}

/* The peer presented no key (XEP-0116 §"Key Associations": "or no key at
 * all"). The session goes on - identifying by key was not required of
 * this negotiation - but the user hears of it if the JID had one. */
static esession_status check_missing(const es_store *store,
                                     const char *local_jid,
                                     const char *peer_bare_jid,
                                     es_store_key_report *report)
{
	bool known = false;
	ES_GUARD(es_store_key_known(store, local_jid, peer_bare_jid, &known));
	report->flags = known ? ESESSION_PEER_KEY_MISSING : 0;
	report->trusted = true;
	return ESESSION_OK;
}

static bool verdict_valid(es_store_key_verdict verdict, unsigned flags)
{
	switch (verdict) {
	case ES_STORE_KEY_REFUSE:
	case ES_STORE_KEY_ACCEPT: return true;
	/* A first-use association must not touch a key the store already
	 * holds: es_store_key_add would reset its verification. */
	case ES_STORE_KEY_ACCEPT_NEW:
		return (flags & ESESSION_PEER_KEY_NEW) != 0;
	default: return false;
	}
}

esession_status es_store_key_check(const es_store *store, const char *local_jid,
                                   const char *peer_bare_jid,
                                   const uint8_t *keyvalue, size_t len,
                                   es_store_key_report *report)
{
	ES_ENSURE(store_ok(store) && report != NULL, ESESSION_EINVAL);
	ES_ENSURE(report->flags == 0 && !report->trusted &&
	              report->petname == NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(local_jid != NULL && local_jid[0] != '\0' &&
	              bare_jid_ok(peer_bare_jid),
	          ESESSION_EINVAL);
	ES_ENSURE((keyvalue == NULL) == (len == 0), ESESSION_EINVAL);
	if (keyvalue == NULL)
		return check_missing(store, local_jid, peer_bare_jid, report);
	ES_ENSURE(len <= ES_STORE_KEYVALUE_MAX, ESESSION_EKEYVALUE);
	if (!has_keys(store)) {
		/* Nothing known, nothing trusted (store.h, the model). */
		report->flags = ESESSION_PEER_KEY_USED;
		return ESESSION_OK;
	}

	es_store_key_list keys_of_jid = ES_STORE_KEY_LIST_INIT;
	es_store_key_list jids_of_key = ES_STORE_KEY_LIST_INIT;
	/* Not a verdict: a store that fails to set one is caught below. */
	es_store_key_verdict verdict = (es_store_key_verdict)0;
	char *petname = NULL;
	esession_status st =
	    keys_for_jid(store, local_jid, peer_bare_jid, &keys_of_jid);
	if (st != ESESSION_OK)
		goto out;
	st = jids_for_key(store, local_jid, keyvalue, len, &jids_of_key);
	if (st != ESESSION_OK)
		goto out;
	key_facts f =
	    facts_of(&keys_of_jid, &jids_of_key, peer_bare_jid, keyvalue, len);
	if (f.petname != NULL) {
		petname = es_store_strdup(f.petname);
		if (petname == NULL) {
			st = ESESSION_ENOMEM;
			goto out;
		}
	}

	st = key_status(store->ops->key_trust(store->ctx, local_jid,
	                                      peer_bare_jid, keyvalue, len,
	                                      f.flags, f.associated, &verdict));
	if (st != ESESSION_OK)
		goto out;
	if (!verdict_valid(verdict, f.flags)) {
		st = ESESSION_ESTORE;
		goto out;
	}
	if (verdict == ES_STORE_KEY_ACCEPT_NEW) {
		/* Trust on first use: remembered, so the next session of this
		 * JID finds the key associated, and a different key from it
		 * is reported CHANGED. Unverified: nobody checked it. */
		st = es_store_key_add(store, local_jid, peer_bare_jid, keyvalue,
		                      len, NULL, false);
		if (st != ESESSION_OK)
			goto out;
	}

	report->flags = f.flags;
	report->trusted = verdict != ES_STORE_KEY_REFUSE;
	report->petname = petname;
	petname = NULL;
out:
	free(petname);
	es_store_key_list_free(&keys_of_jid);
	es_store_key_list_free(&jids_of_key);
	return st;
}

/* Each of the JID's keys is hashed and compared in constant time, and the
 * first match is remembered without leaving the loop. */
esession_status es_store_key_find(const es_store *store, const char *local_jid,
                                  const char *peer_bare_jid, es_hash_alg hash,
                                  const uint8_t *fingerprint, size_t fp_len,
                                  uint8_t **keyvalue, size_t *len)
{
	ES_ENSURE(keyvalue != NULL && len != NULL, ESESSION_EINVAL);
	*keyvalue = NULL;
	*len = 0;
	ES_ENSURE(store_ok(store) && fingerprint != NULL, ESESSION_EINVAL);
	ES_ENSURE(local_jid != NULL && local_jid[0] != '\0' &&
	              bare_jid_ok(peer_bare_jid),
	          ESESSION_EINVAL);
	size_t hash_len = es_hash_len(hash);
	ES_ENSURE(hash_len != 0, ESESSION_EINVAL);
	/* XEP-0116 §"ESession Request": the fingerprint is HASH(KeyValue);
	 * any other length cannot be one. */
	if (fp_len != hash_len || !has_keys(store))
		return ESESSION_EKEY_UNKNOWN;

	es_store_key_list keys = ES_STORE_KEY_LIST_INIT;
	ES_GUARD(keys_for_jid(store, local_jid, peer_bare_jid, &keys));
	esession_status st = ESESSION_OK;
	size_t match = SIZE_MAX;
	for (size_t i = 0; i < keys.count; i++) {
		uint8_t digest[ES_HASH_MAX_LEN];
		es_span part = {keys.rows[i].keyvalue, keys.rows[i].len};
		st = es_hash(hash, &part, 1, digest, sizeof(digest));
		if (st != ESESSION_OK)
			goto out;
		bool equal = es_ct_equal(digest, fingerprint, hash_len);
		if (equal && match == SIZE_MAX)
			match = i;
	}
	if (match == SIZE_MAX) {
		st = ESESSION_EKEY_UNKNOWN;
		goto out;
	}
	/* Hand the row's buffer over instead of copying it. */
	*keyvalue = keys.rows[match].keyvalue;
	*len = keys.rows[match].len;
	keys.rows[match].keyvalue = NULL;
out:
	es_store_key_list_free(&keys);
	return st;
}
