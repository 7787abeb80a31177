/*
 * store_custom.c - an application-supplied store behind the public
 * esession_store_ops table, adapted to the internal es_store interface
 * (store/store.h). The internal wrappers still check every argument and
 * every result the application's functions return.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

struct esession_store_list {
	es_store_list list;
};

struct esession_store_key_list {
	es_store_key_list list;
};

typedef struct custom_ctx {
	esession_store_ops ops; /* copied */
	void *app;
	bool trust_new_keys; /* es_store_key_rule, when ops.trust_key is NULL */
} custom_ctx;

esession_status esession_store_list_add(esession_store_list *list,
                                        const char *peer_jid,
                                        const uint8_t *secret, size_t len,
                                        int sas_verified)
{
	ES_ENSURE(list != NULL, ESESSION_EINVAL);
	return es_store_list_append(&list->list, peer_jid, secret, len,
	                            sas_verified != 0);
}

esession_status esession_store_key_list_add(esession_store_key_list *list,
                                            const char *peer_bare_jid,
                                            const uint8_t *keyvalue, size_t len,
                                            const char *petname, int verified)
{
	ES_ENSURE(list != NULL, ESESSION_EINVAL);
	return es_store_key_list_append(&list->list, peer_bare_jid, keyvalue,
	                                len, petname, verified != 0);
}

/* The public list types wrap the internal ones without copying: the
 * application appends straight into the list the session reads. */
static esession_store_list *as_public(es_store_list *list)
{
	return (esession_store_list *)(void *)list;
}

static esession_store_key_list *as_public_keys(es_store_key_list *list)
{
	return (esession_store_key_list *)(void *)list;
}

static esession_status custom_list_for_peer(void *ctx, const char *local_jid,
                                            const char *peer_bare_jid,
                                            es_store_list *out)
{
	custom_ctx *c = ctx;
	return c->ops.list(c->app, local_jid, peer_bare_jid, as_public(out));
}

static esession_status custom_list_all(void *ctx, const char *local_jid,
                                       es_store_list *out)
{
	custom_ctx *c = ctx;
	return c->ops.list(c->app, local_jid, NULL, as_public(out));
}

static esession_status custom_replace(void *ctx, const char *local_jid,
                                      const char *peer_jid,
                                      const char *srs_peer_jid,
                                      const es_span *srs, const uint8_t *secret,
                                      size_t len)
{
	custom_ctx *c = ctx;
	return c->ops.replace(c->app, local_jid, peer_jid, srs_peer_jid,
	                      srs != NULL ? srs->data : NULL,
	                      srs != NULL ? srs->len : 0, secret, len);
}

static esession_status custom_mark_verified(void *ctx, const char *local_jid,
                                            const char *peer_jid,
                                            const es_span *secret)
{
	custom_ctx *c = ctx;
	esession_status st = c->ops.mark_verified(c->app, local_jid, peer_jid,
	                                          secret->data, secret->len);
	return st == ESESSION_EINVAL ? ESESSION_ESTORE_NOT_FOUND : st;
}

static esession_status custom_remove(void *ctx, const char *local_jid,
                                     const char *peer_jid)
{
	(void)ctx;
	(void)local_jid;
	(void)peer_jid;
	/* Removal (expiry) is the application's own business with its own
	 * store; the library never removes entries by itself. */
	return ESESSION_ESTORE_NOT_FOUND;
}

static esession_status custom_other_secret(void *ctx, const char *local_jid,
                                           const char *peer_bare_jid,
                                           es_secbuf *out)
{
	custom_ctx *c = ctx;
	if (c->ops.other_secret == NULL)
		return ESESSION_OK;
	const uint8_t *oss = NULL;
	size_t len = 0;
	ES_GUARD(
	    c->ops.other_secret(c->app, local_jid, peer_bare_jid, &oss, &len));
	if (len == 0)
		return ESESSION_OK;
	ES_ENSURE(oss != NULL, ESESSION_ESTORE);
	return es_secbuf_copy(out, oss, len);
}

static esession_status custom_keys_for_jid(void *ctx, const char *local_jid,
                                           const char *peer_bare_jid,
                                           es_store_key_list *out)
{
	custom_ctx *c = ctx;
	return c->ops.keys_for_jid(c->app, local_jid, peer_bare_jid,
	                           as_public_keys(out));
}

static esession_status custom_jids_for_key(void *ctx, const char *local_jid,
                                           const uint8_t *keyvalue, size_t len,
                                           es_store_key_list *out)
{
	custom_ctx *c = ctx;
	return c->ops.jids_for_key(c->app, local_jid, keyvalue, len,
	                           as_public_keys(out));
}

static esession_status custom_key_add(void *ctx, const char *local_jid,
                                      const char *peer_bare_jid,
                                      const uint8_t *keyvalue, size_t len,
                                      const char *petname, bool verified)
{
	custom_ctx *c = ctx;
	return c->ops.add_key(c->app, local_jid, peer_bare_jid, keyvalue, len,
	                      petname, verified ? 1 : 0);
}

static esession_status custom_key_trust(void *ctx, const char *local_jid,
                                        const char *peer_bare_jid,
                                        const uint8_t *keyvalue, size_t len,
                                        unsigned flags, bool associated,
                                        es_store_key_verdict *verdict)
{
	custom_ctx *c = ctx;
	if (c->ops.trust_key == NULL) {
		*verdict =
		    es_store_key_rule(flags, associated, c->trust_new_keys);
		return ESESSION_OK;
	}
	/* The application's policy; it records what it wants itself, so
	 * the library never associates on its behalf. */
	int trusted = 0;
	ES_GUARD(c->ops.trust_key(c->app, local_jid, peer_bare_jid, keyvalue,
	                          len, flags, &trusted));
	*verdict = trusted != 0 ? ES_STORE_KEY_ACCEPT : ES_STORE_KEY_REFUSE;
	return ESESSION_OK;
}

static esession_status custom_set_trust_new_keys(void *ctx, bool trust)
{
	custom_ctx *c = ctx;
	/* A store with a policy of its own would silently ignore it. */
	ES_ENSURE(c->ops.trust_key == NULL, ESESSION_EINVAL);
	c->trust_new_keys = trust;
	return ESESSION_OK;
}

static void custom_free(void *ctx)
{
	custom_ctx *c = ctx;
	if (c->ops.free != NULL)
		c->ops.free(c->app);
	free(c);
}

/* A store without key operations knows no key (store.h, "Keys"). */
static const es_store_ops custom_ops = {
    .list_for_peer = custom_list_for_peer,
    .list_all = custom_list_all,
    .replace = custom_replace,
    .mark_verified = custom_mark_verified,
    .remove = custom_remove,
    .other_secret = custom_other_secret,
    .free = custom_free,
};

static const es_store_ops custom_key_ops = {
    .list_for_peer = custom_list_for_peer,
    .list_all = custom_list_all,
    .replace = custom_replace,
    .mark_verified = custom_mark_verified,
    .remove = custom_remove,
    .other_secret = custom_other_secret,
    .free = custom_free,
    .keys_for_jid = custom_keys_for_jid,
    .jids_for_key = custom_jids_for_key,
    .key_add = custom_key_add,
    .key_trust = custom_key_trust,
    .set_trust_new_keys = custom_set_trust_new_keys,
};

esession_status esession_store_new_custom(const esession_store_ops *ops,
                                          void *ctx, esession_store **out)
{
	ES_ENSURE(out != NULL, ESESSION_EINVAL);
	*out = NULL;
	ES_ENSURE(ops != NULL && ops->list != NULL && ops->replace != NULL &&
	              ops->mark_verified != NULL,
	          ESESSION_EINVAL);
	/* Key operations come as a set: a store that could list keys but
	 * not record one (or the reverse) would report flags it cannot
	 * keep true. */
	bool any_keys = ops->keys_for_jid != NULL ||
	                ops->jids_for_key != NULL || ops->add_key != NULL;
	bool all_keys = ops->keys_for_jid != NULL &&
	                ops->jids_for_key != NULL && ops->add_key != NULL;
	ES_ENSURE(any_keys == all_keys, ESESSION_EINVAL);
	ES_ENSURE(ops->trust_key == NULL || all_keys, ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	esession_store *s = calloc(1, sizeof *s);
	custom_ctx *c = calloc(1, sizeof *c);
	if (s == NULL || c == NULL) {
		free(s);
		free(c);
		return ESESSION_ENOMEM;
	}
	c->ops = *ops;
	c->app = ctx;
	s->store.ops = all_keys ? &custom_key_ops : &custom_ops;
	s->store.ctx = c;
	*out = s;
	return ESESSION_OK;
}
