/*
 * store_memory.c - the in-memory es_store (store_memory.h).
 */
#include "store_memory.h"
#include "store_util.h"

#include "store_memory_keys.h"

#include <stdlib.h>
#include <string.h>

/* One retained secret: (local JID, peer JID) -> secret, SAS flag. */
typedef struct mem_secret {
	char *local_jid;
	char *peer_jid;
	es_secbuf secret;
	bool sas_verified;
} mem_secret;

/* One other shared secret: (local JID, peer bare JID) -> OSS. */
typedef struct mem_oss {
	char *local_jid;
	char *peer_bare_jid;
	es_secbuf oss;
} mem_oss;

typedef struct mem_store {
	mem_secret *secrets;
	size_t n_secrets;
	size_t cap_secrets;
	mem_oss *oss;
	size_t n_oss;
	size_t cap_oss;
	es_mem_keys keys; /* known peer keys (store_memory_keys.h) */
} mem_store;

static void secret_clear(mem_secret *s)
{
	es_secbuf_free(&s->secret);
	free(s->local_jid);
	free(s->peer_jid);
	memset(s, 0, sizeof(*s));
}

static void oss_clear(mem_oss *o)
{
	es_secbuf_free(&o->oss);
	free(o->local_jid);
	free(o->peer_bare_jid);
	memset(o, 0, sizeof(*o));
}

static size_t find_secret(const mem_store *m, const char *local_jid,
                          const char *peer_jid)
{
	for (size_t i = 0; i < m->n_secrets; i++)
		if (strcmp(m->secrets[i].local_jid, local_jid) == 0 &&
		    strcmp(m->secrets[i].peer_jid, peer_jid) == 0)
			return i;
	return SIZE_MAX;
}

static size_t find_oss(const mem_store *m, const char *local_jid,
                       const char *peer_bare_jid)
{
	for (size_t i = 0; i < m->n_oss; i++)
		if (strcmp(m->oss[i].local_jid, local_jid) == 0 &&
		    strcmp(m->oss[i].peer_bare_jid, peer_bare_jid) == 0)
			return i;
	return SIZE_MAX;
}

/* Wipe entry i and close the gap with the last entry (order is not part of
 * the interface). */
static void remove_secret_at(mem_store *m, size_t i)
{
	secret_clear(&m->secrets[i]);
	m->n_secrets--;
	if (i != m->n_secrets) {
		m->secrets[i] = m->secrets[m->n_secrets];
		memset(&m->secrets[m->n_secrets], 0, sizeof(mem_secret));
	}
}

static bool secret_equals(const es_secbuf *stored, const es_span *s)
{
	/* Lengths of retained secrets are public (hlen); contents are
	 * compared in constant time. */
	return stored->len == s->len &&
	       es_ct_equal(stored->data, s->data, s->len);
}

static bool has_bare(const char *jid, const char *bare)
{
	size_t bare_len = strcspn(jid, "/");
	return strlen(bare) == bare_len && memcmp(jid, bare, bare_len) == 0;
}

static esession_status mem_list(mem_store *m, const char *local_jid,
                                const char *peer_bare_jid, es_store_list *out)
{
	for (size_t i = 0; i < m->n_secrets; i++) {
		const mem_secret *s = &m->secrets[i];
		if (strcmp(s->local_jid, local_jid) != 0)
			continue;
		if (peer_bare_jid != NULL &&
		    !has_bare(s->peer_jid, peer_bare_jid))
			continue;
		esession_status st =
		    es_store_list_append(out, s->peer_jid, s->secret.data,
		                         s->secret.len, s->sas_verified);
		if (st != ESESSION_OK) {
			es_store_list_free(out);
			return st;
		}
	}
	return ESESSION_OK;
}

static esession_status mem_list_for_peer(void *ctx, const char *local_jid,
                                         const char *peer_bare_jid,
                                         es_store_list *out)
{
	return mem_list(ctx, local_jid, peer_bare_jid, out);
}

static esession_status mem_list_all(void *ctx, const char *local_jid,
                                    es_store_list *out)
{
	return mem_list(ctx, local_jid, NULL, out);
}

static esession_status mem_replace(void *ctx, const char *local_jid,
                                   const char *peer_jid,
                                   const char *srs_peer_jid, const es_span *srs,
                                   const uint8_t *secret, size_t secret_len)
{
	mem_store *m = ctx;

	/* Everything that can fail happens before the store changes. */
	mem_secret fresh = {NULL, NULL, ES_SECBUF_INIT, false};
	esession_status st =
	    es_store_reserve((void **)&m->secrets, m->n_secrets,
	                     &m->cap_secrets, sizeof(mem_secret));
	if (st != ESESSION_OK)
		return st;
	fresh.local_jid = es_store_strdup(local_jid);
	fresh.peer_jid = es_store_strdup(peer_jid);
	if (fresh.local_jid == NULL || fresh.peer_jid == NULL) {
		secret_clear(&fresh);
		return ESESSION_ENOMEM;
	}
	st = es_secbuf_copy(&fresh.secret, secret, secret_len);
	if (st != ESESSION_OK) {
		secret_clear(&fresh);
		return st;
	}

	/* XEP-0116 §"Sending Bob's Identity": "destroy all his copies of the
	 * old retained secret (SRS)". The chain stays SAS-verified only if
	 * the new secret was derived from a verified SRS. */
	if (srs_peer_jid != NULL) {
		size_t i = find_secret(m, local_jid, srs_peer_jid);
		if (i != SIZE_MAX &&
		    secret_equals(&m->secrets[i].secret, srs)) {
			fresh.sas_verified = m->secrets[i].sas_verified;
			remove_secret_at(m, i);
		}
	}
	/* One secret per peer client: the newest replaces the previous one. */
	size_t old = find_secret(m, local_jid, peer_jid);
	if (old != SIZE_MAX)
		remove_secret_at(m, old);

	m->secrets[m->n_secrets++] = fresh;
	return ESESSION_OK;
}

static esession_status mem_mark_verified(void *ctx, const char *local_jid,
                                         const char *peer_jid,
                                         const es_span *secret)
{
	mem_store *m = ctx;
	size_t i = find_secret(m, local_jid, peer_jid);
	if (i == SIZE_MAX || !secret_equals(&m->secrets[i].secret, secret))
		return ESESSION_ESTORE_NOT_FOUND;
	m->secrets[i].sas_verified = true;
	return ESESSION_OK;
}

static esession_status mem_remove(void *ctx, const char *local_jid,
                                  const char *peer_jid)
{
	mem_store *m = ctx;
	size_t i = find_secret(m, local_jid, peer_jid);
	if (i == SIZE_MAX)
		return ESESSION_ESTORE_NOT_FOUND;
	remove_secret_at(m, i);
	return ESESSION_OK;
}

static esession_status mem_other_secret(void *ctx, const char *local_jid,
                                        const char *peer_bare_jid,
                                        es_secbuf *out)
{
	mem_store *m = ctx;
	size_t i = find_oss(m, local_jid, peer_bare_jid);
	if (i == SIZE_MAX)
		return ESESSION_OK;
	return es_secbuf_copy(out, m->oss[i].oss.data, m->oss[i].oss.len);
}

static esession_status mem_keys_for_jid(void *ctx, const char *local_jid,
                                        const char *peer_bare_jid,
                                        es_store_key_list *out)
{
	mem_store *m = ctx;
	return es_mem_keys_for_jid(&m->keys, local_jid, peer_bare_jid, out);
}

static esession_status mem_jids_for_key(void *ctx, const char *local_jid,
                                        const uint8_t *keyvalue, size_t len,
                                        es_store_key_list *out)
{
	mem_store *m = ctx;
	return es_mem_keys_jids_for_key(&m->keys, local_jid, keyvalue, len,
	                                out);
}

static esession_status mem_key_add(void *ctx, const char *local_jid,
                                   const char *peer_bare_jid,
                                   const uint8_t *keyvalue, size_t len,
                                   const char *petname, bool verified)
{
	mem_store *m = ctx;
	return es_mem_keys_add(&m->keys, local_jid, peer_bare_jid, keyvalue,
	                       len, petname, verified);
}

/* The in-memory store has no policy of its own: the library's rule. */
static esession_status mem_key_trust(void *ctx, const char *local_jid,
                                     const char *peer_bare_jid,
                                     const uint8_t *keyvalue, size_t len,
                                     unsigned flags, bool associated,
                                     es_store_key_verdict *verdict)
{
	mem_store *m = ctx;
	(void)local_jid;
	(void)peer_bare_jid;
	(void)keyvalue;
	(void)len;
	*verdict = es_store_key_rule(flags, associated, m->keys.trust_new_keys);
	return ESESSION_OK;
}

static esession_status mem_set_trust_new_keys(void *ctx, bool trust)
{
	mem_store *m = ctx;
	m->keys.trust_new_keys = trust;
	return ESESSION_OK;
}

static void mem_free(void *ctx)
{
	mem_store *m = ctx;
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n_secrets; i++)
		secret_clear(&m->secrets[i]);
	for (size_t i = 0; i < m->n_oss; i++)
		oss_clear(&m->oss[i]);
	free(m->secrets);
	free(m->oss);
	es_mem_keys_free(&m->keys);
	free(m);
}

static const es_store_ops mem_ops = {
    .list_for_peer = mem_list_for_peer,
    .list_all = mem_list_all,
    .replace = mem_replace,
    .mark_verified = mem_mark_verified,
    .remove = mem_remove,
    .other_secret = mem_other_secret,
    .free = mem_free,
    .keys_for_jid = mem_keys_for_jid,
    .jids_for_key = mem_jids_for_key,
    .key_add = mem_key_add,
    .key_trust = mem_key_trust,
    .set_trust_new_keys = mem_set_trust_new_keys,
};

esession_status es_store_memory_new(es_store *store)
{
	ES_ENSURE(store != NULL, ESESSION_EINVAL);
	mem_store *m = calloc(1, sizeof(*m));
	ES_ENSURE(m != NULL, ESESSION_ENOMEM);
	store->ops = &mem_ops;
	store->ctx = m;
	return ESESSION_OK;
}

static mem_store *as_memory(const es_store *store)
{
	if (store == NULL || store->ops != &mem_ops)
		return NULL;
	return store->ctx;
}

esession_status es_store_memory_set_other_secret(es_store *store,
                                                 const char *local_jid,
                                                 const char *peer_bare_jid,
                                                 const uint8_t *oss,
                                                 size_t oss_len)
{
	mem_store *m = as_memory(store);
	ES_ENSURE(m != NULL, ESESSION_EINVAL);
	ES_ENSURE(local_jid != NULL && local_jid[0] != '\0', ESESSION_EINVAL);
	ES_ENSURE(peer_bare_jid != NULL && peer_bare_jid[0] != '\0' &&
	              strchr(peer_bare_jid, '/') == NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(oss != NULL || oss_len == 0, ESESSION_EINVAL);

	size_t i = find_oss(m, local_jid, peer_bare_jid);
	if (oss_len == 0) {
		if (i != SIZE_MAX) {
			oss_clear(&m->oss[i]);
			m->n_oss--;
			if (i != m->n_oss) {
				m->oss[i] = m->oss[m->n_oss];
				memset(&m->oss[m->n_oss], 0, sizeof(mem_oss));
			}
		}
		return ESESSION_OK;
	}

	es_secbuf value = ES_SECBUF_INIT;
	ES_GUARD(es_secbuf_copy(&value, oss, oss_len));
	if (i != SIZE_MAX) {
		es_secbuf_free(&m->oss[i].oss);
		m->oss[i].oss = value;
		return ESESSION_OK;
	}

	mem_oss fresh = {NULL, NULL, value};
	esession_status st = es_store_reserve((void **)&m->oss, m->n_oss,
	                                      &m->cap_oss, sizeof(mem_oss));
	if (st != ESESSION_OK)
		goto fail;
	fresh.local_jid = es_store_strdup(local_jid);
	fresh.peer_bare_jid = es_store_strdup(peer_bare_jid);
	if (fresh.local_jid == NULL || fresh.peer_bare_jid == NULL) {
		st = ESESSION_ENOMEM;
		goto fail;
	}
	m->oss[m->n_oss++] = fresh;
	return ESESSION_OK;
fail:
	oss_clear(&fresh);
	return st;
}

size_t es_store_memory_count(const es_store *store)
{
	const mem_store *m = as_memory(store);
	return m == NULL ? 0 : m->n_secrets;
}
