/*
 * store.c - entry lists and the checked calls into an es_store.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

static bool jid_ok(const char *jid)
{
	return jid != NULL && jid[0] != '\0';
}

static bool bare_jid_ok(const char *jid)
{
	return jid_ok(jid) && strchr(jid, '/') == NULL;
}

/* Whether `jid`'s bare part (up to the first '/') is `bare`. */
static bool jid_has_bare(const char *jid, const char *bare)
{
	size_t bare_len = strcspn(jid, "/");
	return strlen(bare) == bare_len && memcmp(jid, bare, bare_len) == 0;
}

static bool list_empty(const es_store_list *list)
{
	return list->entries == NULL && list->count == 0 && list->capacity == 0;
}

esession_status es_store_list_append(es_store_list *list, const char *peer_jid,
                                     const uint8_t *secret, size_t secret_len,
                                     bool sas_verified)
{
	ES_ENSURE(list != NULL && jid_ok(peer_jid), ESESSION_EINVAL);
	ES_ENSURE(secret != NULL && secret_len != 0, ESESSION_EINVAL);

	if (list->count == list->capacity) {
		size_t capacity = list->capacity == 0 ? 4 : list->capacity * 2;
		ES_ENSURE(capacity > list->capacity &&
		              capacity <= SIZE_MAX / sizeof(es_store_entry),
		          ESESSION_ENOMEM);
		es_store_entry *grown =
		    realloc(list->entries, capacity * sizeof(es_store_entry));
		ES_ENSURE(grown != NULL, ESESSION_ENOMEM);
		list->entries = grown;
		list->capacity = capacity;
	}

	es_store_entry entry = {NULL, ES_SECBUF_INIT, sas_verified};
	size_t jid_size = strlen(peer_jid) + 1;
	entry.peer_jid = malloc(jid_size);
	ES_ENSURE(entry.peer_jid != NULL, ESESSION_ENOMEM);
	memcpy(entry.peer_jid, peer_jid, jid_size);
	esession_status st = es_secbuf_copy(&entry.secret, secret, secret_len);
	if (st != ESESSION_OK) {
		free(entry.peer_jid);
		return st;
	}
	list->entries[list->count++] = entry;
	return ESESSION_OK;
}

void es_store_list_free(es_store_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->count; i++) {
		es_secbuf_free(&list->entries[i].secret);
		free(list->entries[i].peer_jid);
	}
	free(list->entries);
	*list = (es_store_list)ES_STORE_LIST_INIT;
}

esession_status es_store_list_secrets(const es_store_list *list,
                                      es_span **spans)
{
	ES_ENSURE(list != NULL && spans != NULL, ESESSION_EINVAL);
	*spans = NULL;
	if (list->count == 0)
		return ESESSION_OK;
	ES_ENSURE(list->count <= SIZE_MAX / sizeof(es_span), ESESSION_ENOMEM);
	es_span *views = malloc(list->count * sizeof(es_span));
	ES_ENSURE(views != NULL, ESESSION_ENOMEM);
	for (size_t i = 0; i < list->count; i++) {
		views[i].data = list->entries[i].secret.data;
		views[i].len = list->entries[i].secret.len;
	}
	*spans = views;
	return ESESSION_OK;
}

static bool store_ok(const es_store *store)
{
	return store != NULL && store->ops != NULL;
}

/* Statuses an implementation may report; anything else is its bug and is
 * reported as the store's failure. */
static esession_status store_status(esession_status st, bool may_not_find)
{
	switch (st) {
	case ESESSION_OK:
	case ESESSION_ENOMEM:
	case ESESSION_ESTORE: return st;
	case ESESSION_ESTORE_NOT_FOUND:
		return may_not_find ? st : ESESSION_ESTORE;
	default: return ESESSION_ESTORE;
	}
}

/* A list from an implementation must hold well-formed entries and, for a
 * per-peer list, only entries of that bare JID. */
static bool list_valid(const es_store_list *list, const char *peer_bare_jid)
{
	if (list->count > list->capacity ||
	    (list->count != 0 && list->entries == NULL))
		return false;
	for (size_t i = 0; i < list->count; i++) {
		const es_store_entry *e = &list->entries[i];
		if (!jid_ok(e->peer_jid) || e->secret.data == NULL ||
		    e->secret.len == 0)
			return false;
		if (peer_bare_jid != NULL &&
		    !jid_has_bare(e->peer_jid, peer_bare_jid))
			return false;
	}
	return true;
}

static esession_status finish_list(esession_status st, es_store_list *out,
                                   const char *peer_bare_jid)
{
	st = store_status(st, false);
	if (st == ESESSION_OK && !list_valid(out, peer_bare_jid))
		st = ESESSION_ESTORE;
	if (st != ESESSION_OK)
		es_store_list_free(out);
	return st;
}

esession_status es_store_list_for_peer(const es_store *store,
                                       const char *local_jid,
                                       const char *peer_bare_jid,
                                       es_store_list *out)
{
	ES_ENSURE(store_ok(store) && store->ops->list_for_peer != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(jid_ok(local_jid) && bare_jid_ok(peer_bare_jid),
	          ESESSION_EINVAL);
	ES_ENSURE(out != NULL && list_empty(out), ESESSION_EINVAL);
	esession_status st = store->ops->list_for_peer(store->ctx, local_jid,
	                                               peer_bare_jid, out);
	return finish_list(st, out, peer_bare_jid);
}

esession_status es_store_list_all(const es_store *store, const char *local_jid,
                                  es_store_list *out)
{
	ES_ENSURE(store_ok(store) && store->ops->list_all != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(jid_ok(local_jid), ESESSION_EINVAL);
	ES_ENSURE(out != NULL && list_empty(out), ESESSION_EINVAL);
	esession_status st = store->ops->list_all(store->ctx, local_jid, out);
	return finish_list(st, out, NULL);
}

esession_status es_store_replace(const es_store *store, const char *local_jid,
                                 const char *peer_jid, const char *srs_peer_jid,
                                 const es_span *srs, const uint8_t *secret,
                                 size_t secret_len)
{
	ES_ENSURE(store_ok(store) && store->ops->replace != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(jid_ok(local_jid) && jid_ok(peer_jid), ESESSION_EINVAL);
	ES_ENSURE(secret != NULL && secret_len != 0, ESESSION_EINVAL);
	ES_ENSURE((srs_peer_jid == NULL) == (srs == NULL), ESESSION_EINVAL);
	ES_ENSURE(srs_peer_jid == NULL || (jid_ok(srs_peer_jid) &&
	                                   srs->data != NULL && srs->len != 0),
	          ESESSION_EINVAL);
	esession_status st =
	    store->ops->replace(store->ctx, local_jid, peer_jid, srs_peer_jid,
	                        srs, secret, secret_len);
	return store_status(st, false);
}

esession_status es_store_mark_verified(const es_store *store,
                                       const char *local_jid,
                                       const char *peer_jid,
                                       const es_span *secret)
{
	ES_ENSURE(store_ok(store) && store->ops->mark_verified != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(jid_ok(local_jid) && jid_ok(peer_jid), ESESSION_EINVAL);
	ES_ENSURE(secret != NULL && secret->data != NULL && secret->len != 0,
	          ESESSION_EINVAL);
	esession_status st =
	    store->ops->mark_verified(store->ctx, local_jid, peer_jid, secret);
	return store_status(st, true);
}

esession_status es_store_remove(const es_store *store, const char *local_jid,
                                const char *peer_jid)
{
	ES_ENSURE(store_ok(store) && store->ops->remove != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(jid_ok(local_jid) && jid_ok(peer_jid), ESESSION_EINVAL);
	esession_status st =
	    store->ops->remove(store->ctx, local_jid, peer_jid);
	return store_status(st, true);
}

esession_status es_store_other_secret(const es_store *store,
                                      const char *local_jid,
                                      const char *peer_bare_jid, es_secbuf *out)
{
	ES_ENSURE(store_ok(store), ESESSION_EINVAL);
	ES_ENSURE(jid_ok(local_jid) && bare_jid_ok(peer_bare_jid),
	          ESESSION_EINVAL);
	ES_ENSURE(out != NULL && out->data == NULL && out->len == 0,
	          ESESSION_EINVAL);
	/* XEP-0116: the OSS is appended "only if one exists"; a store
	 * without the operation has none. */
	if (store->ops->other_secret == NULL)
		return ESESSION_OK;
	esession_status st =
	    store->ops->other_secret(store->ctx, local_jid, peer_bare_jid, out);
	st = store_status(st, false);
	if (st == ESESSION_OK && (out->data == NULL) != (out->len == 0))
		st = ESESSION_ESTORE;
	if (st != ESESSION_OK)
		es_secbuf_free(out);
	return st;
}

void es_store_free(es_store *store)
{
	if (store == NULL)
		return;
	if (store->ops != NULL && store->ops->free != NULL)
		store->ops->free(store->ctx);
	store->ops = NULL;
	store->ctx = NULL;
}
