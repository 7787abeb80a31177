/*
 * test_store.c - the retained-secret store interface (esession/store/
 * store.h) and its in-memory implementation: every operation, the SAS flag
 * carried along a chain, destruction of the old secret (XEP-0116
 * §"Sending Bob's Identity": "MUST destroy all his copies of the old
 * retained secret"), secure memory, and the wrappers' checks of arguments
 * and of a misbehaving implementation.
 */
#include "test_util.h"

#include "store.h"
#include "store_memory.h"

#include <gcrypt.h>
#include <stdlib.h>
#include <string.h>

#define BOB       "bob@example.com/desk"
#define ALICE     "alice@example.org"
#define ALICE_PH  "alice@example.org/phone"
#define ALICE_LT  "alice@example.org/laptop"
#define ALICEX_PH "alicex@example.org/phone"
#define CAROL     "carol@example.net/home"

static uint8_t secret_a[32];
static uint8_t secret_b[32];
static uint8_t secret_c[32];
static es_store store;

static void setup(void)
{
	memset(secret_a, 0xa1, sizeof(secret_a));
	memset(secret_b, 0xb2, sizeof(secret_b));
	memset(secret_c, 0xc3, sizeof(secret_c));
	ck_assert_status(es_store_memory_new(&store), ESESSION_OK);
}

static void teardown(void)
{
	es_store_free(&store);
	ck_assert_ptr_null(store.ops);
}

static es_span span_of(const uint8_t *s)
{
	return (es_span){s, 32};
}

static void put(const char *peer, const uint8_t *secret)
{
	ck_assert_status(
	    es_store_replace(&store, BOB, peer, NULL, NULL, secret, 32),
	    ESESSION_OK);
}

/* The entry of `peer` in list, or NULL. */
static const es_store_entry *entry_of(const es_store_list *list,
                                      const char *peer)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->entries[i].peer_jid, peer) == 0)
			return &list->entries[i];
	return NULL;
}

static void assert_entry(const char *peer, const uint8_t *secret, bool verified)
{
	es_store_list list = ES_STORE_LIST_INIT;
	ck_assert_status(es_store_list_all(&store, BOB, &list), ESESSION_OK);
	const es_store_entry *e = entry_of(&list, peer);
	ck_assert_ptr_nonnull(e);
	if (e == NULL)
		return;
	ck_assert_uint_eq(e->secret.len, 32);
	ck_assert_mem_eq(e->secret.data, secret, 32);
	ck_assert(e->sas_verified == verified);
	es_store_list_free(&list);
}

static void assert_absent(const char *peer)
{
	es_store_list list = ES_STORE_LIST_INIT;
	ck_assert_status(es_store_list_all(&store, BOB, &list), ESESSION_OK);
	ck_assert_ptr_null(entry_of(&list, peer));
	es_store_list_free(&list);
}

START_TEST(empty_store_lists_nothing)
{
	es_store_list list = ES_STORE_LIST_INIT;
	ck_assert_status(es_store_list_for_peer(&store, BOB, ALICE, &list),
	                 ESESSION_OK);
	ck_assert_uint_eq(list.count, 0);
	ck_assert_status(es_store_list_all(&store, BOB, &list), ESESSION_OK);
	ck_assert_uint_eq(list.count, 0);
	ck_assert_uint_eq(es_store_memory_count(&store), 0);
	es_store_list_free(&list);
}
END_TEST

START_TEST(list_for_peer_selects_by_bare_jid_and_local_jid)
{
	put(ALICE_PH, secret_a);
	put(ALICE_LT, secret_b);
	put(ALICE, secret_c);     /* the bare JID itself is a client too */
	put(ALICEX_PH, secret_a); /* shares a prefix, another user */
	ck_assert_status(es_store_replace(&store, "bob@example.com/phone",
	                                  ALICE_PH, NULL, NULL, secret_c, 32),
	                 ESESSION_OK); /* another local client */

	es_store_list list = ES_STORE_LIST_INIT;
	ck_assert_status(es_store_list_for_peer(&store, BOB, ALICE, &list),
	                 ESESSION_OK);
	ck_assert_uint_eq(list.count, 3);
	const es_store_entry *phone = entry_of(&list, ALICE_PH);
	const es_store_entry *laptop = entry_of(&list, ALICE_LT);
	ck_assert_ptr_nonnull(entry_of(&list, ALICE));
	ck_assert_ptr_null(entry_of(&list, ALICEX_PH));
	ck_assert_ptr_nonnull(phone);
	ck_assert_ptr_nonnull(laptop);
	if (phone == NULL || laptop == NULL)
		return;
	ck_assert_mem_eq(laptop->secret.data, secret_b, 32);
	ck_assert(!phone->sas_verified);
	es_store_list_free(&list);
	ck_assert_ptr_null(list.entries);
	ck_assert_uint_eq(list.count, 0);

	/* Extended search: every peer of this local client, only it. */
	ck_assert_status(es_store_list_all(&store, BOB, &list), ESESSION_OK);
	ck_assert_uint_eq(list.count, 4);
	es_store_list_free(&list);
	ck_assert_status(
	    es_store_list_all(&store, "bob@example.com/phone", &list),
	    ESESSION_OK);
	ck_assert_uint_eq(list.count, 1);
	ck_assert_mem_eq(list.entries[0].secret.data, secret_c, 32);
	es_store_list_free(&list);
	ck_assert_uint_eq(es_store_memory_count(&store), 5);
}
END_TEST

START_TEST(secrets_are_in_secure_memory)
{
	put(ALICE_PH, secret_a);
	es_store_list list = ES_STORE_LIST_INIT;
	ck_assert_status(es_store_list_all(&store, BOB, &list), ESESSION_OK);
	ck_assert_uint_eq(list.count, 1);
	ck_assert(gcry_is_secure(list.entries[0].secret.data));
	es_span *views = NULL;
	ck_assert_status(es_store_list_secrets(&list, &views), ESESSION_OK);
	ck_assert_ptr_eq(views[0].data, list.entries[0].secret.data);
	ck_assert_uint_eq(views[0].len, 32);
	free(views);
	es_store_list_free(&list);

	es_secbuf oss = ES_SECBUF_INIT;
	ck_assert_status(es_store_memory_set_other_secret(
	                     &store, BOB, ALICE, (const uint8_t *)"pw", 2),
	                 ESESSION_OK);
	ck_assert_status(es_store_other_secret(&store, BOB, ALICE, &oss),
	                 ESESSION_OK);
	ck_assert(gcry_is_secure(oss.data));
	es_secbuf_free(&oss);

	/* An empty list gives no views. */
	ck_assert_status(es_store_list_secrets(&list, &views), ESESSION_OK);
	ck_assert_ptr_null(views);
	ck_assert_status(es_store_list_secrets(NULL, &views), ESESSION_EINVAL);
}
END_TEST

START_TEST(replace_same_client_destroys_the_old_secret)
{
	put(ALICE_PH, secret_a);
	put(ALICE_PH, secret_b);
	ck_assert_uint_eq(es_store_memory_count(&store), 1);
	assert_entry(ALICE_PH, secret_b, false);
	/* The old secret can no longer be found anywhere. */
	es_store_list list = ES_STORE_LIST_INIT;
	ck_assert_status(es_store_list_all(&store, BOB, &list), ESESSION_OK);
	for (size_t i = 0; i < list.count; i++)
		ck_assert(memcmp(list.entries[i].secret.data, secret_a, 32) !=
		          0);
	es_store_list_free(&list);
}
END_TEST

START_TEST(sas_flag_follows_the_chain)
{
	put(ALICE_PH, secret_a);
	es_span a = span_of(secret_a);
	ck_assert_status(es_store_mark_verified(&store, BOB, ALICE_PH, &a),
	                 ESESSION_OK);
	assert_entry(ALICE_PH, secret_a, true);

	/* Next session used SRS = secret_a: the new secret inherits the flag
	 * and the old one is gone. */
	ck_assert_status(
	    es_store_replace(&store, BOB, ALICE_PH, ALICE_PH, &a, secret_b, 32),
	    ESESSION_OK);
	assert_entry(ALICE_PH, secret_b, true);
	ck_assert_uint_eq(es_store_memory_count(&store), 1);

	/* A session without SRS breaks the chain: flag false. */
	put(ALICE_PH, secret_c);
	assert_entry(ALICE_PH, secret_c, false);
}
END_TEST

START_TEST(replace_from_extended_match_moves_the_secret)
{
	/* Alice used another JID (XEP-0116 extended search): the SRS was held
	 * under CAROL. The new secret is stored under Alice's current JID and
	 * the old SRS is destroyed. */
	put(CAROL, secret_a);
	es_span a = span_of(secret_a);
	ck_assert_status(es_store_mark_verified(&store, BOB, CAROL, &a),
	                 ESESSION_OK);
	put(ALICE_PH, secret_c);
	ck_assert_status(
	    es_store_replace(&store, BOB, ALICE_PH, CAROL, &a, secret_b, 32),
	    ESESSION_OK);
	assert_absent(CAROL);
	assert_entry(ALICE_PH, secret_b, true);
	ck_assert_uint_eq(es_store_memory_count(&store), 1);
}
END_TEST

START_TEST(replace_with_stale_srs_keeps_other_entry_and_no_flag)
{
	/* Another session replaced the entry meanwhile: the SRS no longer
	 * matches, that entry stays and the new chain is unverified. */
	put(CAROL, secret_c);
	es_span c = span_of(secret_c);
	ck_assert_status(es_store_mark_verified(&store, BOB, CAROL, &c),
	                 ESESSION_OK);
	es_span stale = span_of(secret_a);
	ck_assert_status(es_store_replace(&store, BOB, ALICE_PH, CAROL, &stale,
	                                  secret_b, 32),
	                 ESESSION_OK);
	assert_entry(CAROL, secret_c, true);
	assert_entry(ALICE_PH, secret_b, false);

	/* An SRS entry that does not exist at all. */
	ck_assert_status(es_store_replace(&store, BOB, ALICE_LT, "nobody@x/y",
	                                  &stale, secret_a, 32),
	                 ESESSION_OK);
	assert_entry(ALICE_LT, secret_a, false);
}
END_TEST

START_TEST(mark_verified_needs_the_same_secret)
{
	put(ALICE_PH, secret_a);
	es_span b = span_of(secret_b);
	es_span a = span_of(secret_a);
	ck_assert_status(es_store_mark_verified(&store, BOB, ALICE_PH, &b),
	                 ESESSION_ESTORE_NOT_FOUND);
	ck_assert_status(es_store_mark_verified(&store, BOB, ALICE_LT, &a),
	                 ESESSION_ESTORE_NOT_FOUND);
	ck_assert_status(es_store_mark_verified(&store, CAROL, ALICE_PH, &a),
	                 ESESSION_ESTORE_NOT_FOUND);
	es_span short_a = {secret_a, 31};
	ck_assert_status(
	    es_store_mark_verified(&store, BOB, ALICE_PH, &short_a),
	    ESESSION_ESTORE_NOT_FOUND);
	assert_entry(ALICE_PH, secret_a, false);
	ck_assert_status(es_store_mark_verified(&store, BOB, ALICE_PH, NULL),
	                 ESESSION_EINVAL);
}
END_TEST

START_TEST(remove_forgets_and_reports_absence)
{
	put(ALICE_PH, secret_a);
	put(ALICE_LT, secret_b);
	ck_assert_status(es_store_remove(&store, BOB, ALICE_PH), ESESSION_OK);
	assert_absent(ALICE_PH);
	assert_entry(ALICE_LT, secret_b, false);
	ck_assert_status(es_store_remove(&store, BOB, ALICE_PH),
	                 ESESSION_ESTORE_NOT_FOUND);
	ck_assert_status(es_store_remove(&store, BOB, ALICE_LT), ESESSION_OK);
	ck_assert_uint_eq(es_store_memory_count(&store), 0);
	ck_assert_status(es_store_remove(&store, BOB, ""), ESESSION_EINVAL);
}
END_TEST

START_TEST(other_secret_set_get_replace_clear)
{
	es_secbuf oss = ES_SECBUF_INIT;
	ck_assert_status(es_store_other_secret(&store, BOB, ALICE, &oss),
	                 ESESSION_OK);
	ck_assert_ptr_null(oss.data);
	ck_assert_uint_eq(oss.len, 0);

	const uint8_t pw1[] = "first password";
	const uint8_t pw2[] = "second";
	ck_assert_status(es_store_memory_set_other_secret(&store, BOB, ALICE,
	                                                  pw1, sizeof(pw1) - 1),
	                 ESESSION_OK);
	ck_assert_status(es_store_other_secret(&store, BOB, ALICE, &oss),
	                 ESESSION_OK);
	ck_assert_uint_eq(oss.len, sizeof(pw1) - 1);
	ck_assert_mem_eq(oss.data, pw1, oss.len);
	/* A non-empty output is refused. */
	ck_assert_status(es_store_other_secret(&store, BOB, ALICE, &oss),
	                 ESESSION_EINVAL);
	es_secbuf_free(&oss);

	/* Per (local, peer): other peers and local JIDs have none. */
	ck_assert_status(
	    es_store_other_secret(&store, BOB, "carol@example.net", &oss),
	    ESESSION_OK);
	ck_assert_ptr_null(oss.data);
	ck_assert_status(es_store_other_secret(&store, CAROL, ALICE, &oss),
	                 ESESSION_OK);
	ck_assert_ptr_null(oss.data);

	ck_assert_status(es_store_memory_set_other_secret(&store, BOB, ALICE,
	                                                  pw2, sizeof(pw2) - 1),
	                 ESESSION_OK);
	ck_assert_status(es_store_other_secret(&store, BOB, ALICE, &oss),
	                 ESESSION_OK);
	ck_assert_mem_eq(oss.data, pw2, sizeof(pw2) - 1);
	es_secbuf_free(&oss);

	ck_assert_status(
	    es_store_memory_set_other_secret(&store, BOB, ALICE, NULL, 0),
	    ESESSION_OK);
	ck_assert_status(es_store_other_secret(&store, BOB, ALICE, &oss),
	                 ESESSION_OK);
	ck_assert_ptr_null(oss.data);
	/* Clearing what is not there is fine. */
	ck_assert_status(
	    es_store_memory_set_other_secret(&store, BOB, ALICE, NULL, 0),
	    ESESSION_OK);

	/* Bad arguments: a full JID where a bare one is required. */
	ck_assert_status(
	    es_store_memory_set_other_secret(&store, BOB, ALICE_PH, pw1, 3),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_store_memory_set_other_secret(&store, BOB, ALICE, NULL, 3),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_store_memory_set_other_secret(&store, "", ALICE, pw1, 3),
	    ESESSION_EINVAL);
	ck_assert_status(es_store_other_secret(&store, BOB, ALICE_PH, &oss),
	                 ESESSION_EINVAL);
}
END_TEST

START_TEST(wrappers_check_arguments)
{
	es_store_list list = ES_STORE_LIST_INIT;
	es_span a = span_of(secret_a);
	ck_assert_status(es_store_list_for_peer(NULL, BOB, ALICE, &list),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_list_for_peer(&store, "", ALICE, &list),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_list_for_peer(&store, BOB, ALICE_PH, &list),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_list_for_peer(&store, BOB, NULL, &list),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_list_all(&store, NULL, &list),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_list_all(&store, BOB, NULL), ESESSION_EINVAL);
	ck_assert_status(
	    es_store_replace(&store, BOB, ALICE_PH, NULL, NULL, secret_a, 0),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_store_replace(&store, BOB, ALICE_PH, CAROL, NULL, secret_a, 32),
	    ESESSION_EINVAL);
	ck_assert_status(
	    es_store_replace(&store, BOB, ALICE_PH, NULL, &a, secret_a, 32),
	    ESESSION_EINVAL);
	es_span empty = {secret_a, 0};
	ck_assert_status(es_store_replace(&store, BOB, ALICE_PH, CAROL, &empty,
	                                  secret_a, 32),
	                 ESESSION_EINVAL);
	ck_assert_status(
	    es_store_replace(&store, BOB, "", NULL, NULL, secret_a, 32),
	    ESESSION_EINVAL);
	ck_assert_uint_eq(es_store_memory_count(&store), 0);

	/* A list that is not empty is refused, not overwritten. */
	put(ALICE_PH, secret_a);
	ck_assert_status(es_store_list_all(&store, BOB, &list), ESESSION_OK);
	ck_assert_status(es_store_list_all(&store, BOB, &list),
	                 ESESSION_EINVAL);
	ck_assert_uint_eq(list.count, 1);
	es_store_list_free(&list);
	es_store_list_free(NULL);

	ck_assert_status(es_store_list_append(&list, "", secret_a, 32, false),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_list_append(&list, ALICE, secret_a, 0, false),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_list_append(NULL, ALICE, secret_a, 32, false),
	                 ESESSION_EINVAL);
	ck_assert_status(es_store_memory_new(NULL), ESESSION_EINVAL);
	es_store_free(NULL);
}
END_TEST

START_TEST(list_append_grows)
{
	es_store_list list = ES_STORE_LIST_INIT;
	for (size_t i = 0; i < 40; i++)
		ck_assert_status(es_store_list_append(&list, ALICE, secret_a,
		                                      32, i % 2 == 1),
		                 ESESSION_OK);
	ck_assert_uint_eq(list.count, 40);
	ck_assert(list.entries[39].sas_verified);
	ck_assert(!list.entries[38].sas_verified);
	es_store_list_free(&list);
}
END_TEST

/* ---- a misbehaving implementation -------------------------------------- */

typedef struct fake {
	esession_status status;      /* what every operation returns */
	const char *list_peer;       /* the peer JID of the one listed entry */
	size_t oss_len_without_data; /* other_secret: len with data NULL */
} fake;

static esession_status fake_list_for_peer(void *ctx, const char *local,
                                          const char *peer, es_store_list *out)
{
	fake *f = ctx;
	(void)local;
	(void)peer;
	if (f->list_peer != NULL)
		ck_assert_status(es_store_list_append(out, f->list_peer,
		                                      secret_a, 32, false),
		                 ESESSION_OK);
	return f->status;
}

static esession_status fake_list_all(void *ctx, const char *local,
                                     es_store_list *out)
{
	return fake_list_for_peer(ctx, local, NULL, out);
}

static esession_status fake_replace(void *ctx, const char *local,
                                    const char *peer, const char *srs_peer,
                                    const es_span *srs, const uint8_t *secret,
                                    size_t len)
{
	(void)local;
	(void)peer;
	(void)srs_peer;
	(void)srs;
	(void)secret;
	(void)len;
	return ((fake *)ctx)->status;
}

static esession_status fake_mark(void *ctx, const char *local, const char *peer,
                                 const es_span *secret)
{
	(void)local;
	(void)peer;
	(void)secret;
	return ((fake *)ctx)->status;
}

static esession_status fake_remove(void *ctx, const char *local,
                                   const char *peer)
{
	(void)local;
	(void)peer;
	return ((fake *)ctx)->status;
}

static esession_status fake_oss(void *ctx, const char *local, const char *peer,
                                es_secbuf *out)
{
	fake *f = ctx;
	(void)local;
	(void)peer;
	if (f->oss_len_without_data != 0)
		out->len = f->oss_len_without_data;
	return f->status;
}

static const es_store_ops fake_ops = {
    .list_for_peer = fake_list_for_peer,
    .list_all = fake_list_all,
    .replace = fake_replace,
    .mark_verified = fake_mark,
    .remove = fake_remove,
    .other_secret = fake_oss,
    .free = NULL,
};

START_TEST(wrappers_contain_a_misbehaving_store)
{
	fake f = {ESESSION_EMAC, NULL, 0};
	es_store s = {&fake_ops, &f};
	es_store_list list = ES_STORE_LIST_INIT;
	es_span a = span_of(secret_a);
	es_secbuf oss = ES_SECBUF_INIT;

	/* An undocumented status becomes ESESSION_ESTORE. */
	ck_assert_status(es_store_list_for_peer(&s, BOB, ALICE, &list),
	                 ESESSION_ESTORE);
	ck_assert_status(
	    es_store_replace(&s, BOB, ALICE_PH, NULL, NULL, secret_a, 32),
	    ESESSION_ESTORE);
	ck_assert_status(es_store_mark_verified(&s, BOB, ALICE_PH, &a),
	                 ESESSION_ESTORE);
	ck_assert_status(es_store_remove(&s, BOB, ALICE_PH), ESESSION_ESTORE);
	ck_assert_status(es_store_other_secret(&s, BOB, ALICE, &oss),
	                 ESESSION_ESTORE);

	/* NOT_FOUND is meaningful only where documented. */
	f.status = ESESSION_ESTORE_NOT_FOUND;
	ck_assert_status(es_store_list_all(&s, BOB, &list), ESESSION_ESTORE);
	ck_assert_status(
	    es_store_replace(&s, BOB, ALICE_PH, NULL, NULL, secret_a, 32),
	    ESESSION_ESTORE);
	ck_assert_status(es_store_remove(&s, BOB, ALICE_PH),
	                 ESESSION_ESTORE_NOT_FOUND);
	ck_assert_status(es_store_mark_verified(&s, BOB, ALICE_PH, &a),
	                 ESESSION_ESTORE_NOT_FOUND);

	/* ENOMEM passes through; the partial list is released. */
	f.status = ESESSION_ENOMEM;
	f.list_peer = ALICE_PH;
	ck_assert_status(es_store_list_all(&s, BOB, &list), ESESSION_ENOMEM);
	ck_assert_ptr_null(list.entries);

	/* An entry of another user in a per-peer list: ESESSION_ESTORE. */
	f.status = ESESSION_OK;
	f.list_peer = CAROL;
	ck_assert_status(es_store_list_for_peer(&s, BOB, ALICE, &list),
	                 ESESSION_ESTORE);
	ck_assert_uint_eq(list.count, 0);
	f.list_peer = ALICE_PH;
	ck_assert_status(es_store_list_for_peer(&s, BOB, ALICE, &list),
	                 ESESSION_OK);
	ck_assert_uint_eq(list.count, 1);
	es_store_list_free(&list);

	/* A malformed OSS buffer. */
	f.oss_len_without_data = 5;
	ck_assert_status(es_store_other_secret(&s, BOB, ALICE, &oss),
	                 ESESSION_ESTORE);
	ck_assert_uint_eq(oss.len, 0);

	/* No other_secret operation: there is no OSS. */
	es_store_ops no_oss = fake_ops;
	no_oss.other_secret = NULL;
	es_store s2 = {&no_oss, &f};
	ck_assert_status(es_store_other_secret(&s2, BOB, ALICE, &oss),
	                 ESESSION_OK);
	ck_assert_ptr_null(oss.data);

	/* Not a memory store: the memory-only calls refuse it. */
	ck_assert_status(es_store_memory_set_other_secret(
	                     &s, BOB, ALICE, (const uint8_t *)"x", 1),
	                 ESESSION_EINVAL);
	ck_assert_uint_eq(es_store_memory_count(&s), 0);
	es_store_free(&s); /* ops->free NULL: nothing to release */
	ck_assert_ptr_null(s.ctx);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("memory");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, empty_store_lists_nothing);
	tcase_add_test(tc, list_for_peer_selects_by_bare_jid_and_local_jid);
	tcase_add_test(tc, secrets_are_in_secure_memory);
	tcase_add_test(tc, replace_same_client_destroys_the_old_secret);
	tcase_add_test(tc, sas_flag_follows_the_chain);
	tcase_add_test(tc, replace_from_extended_match_moves_the_secret);
	tcase_add_test(tc,
	               replace_with_stale_srs_keeps_other_entry_and_no_flag);
	tcase_add_test(tc, mark_verified_needs_the_same_secret);
	tcase_add_test(tc, remove_forgets_and_reports_absence);
	tcase_add_test(tc, other_secret_set_get_replace_clear);
	tcase_add_test(tc, wrappers_check_arguments);
	tcase_add_test(tc, list_append_grows);
	tcase_add_test(tc, wrappers_contain_a_misbehaving_store);
	suite_add_tcase(s, tc);
	return s;
}
