/*
 * store.h - where a session finds and keeps its retained secrets, the
 * SAS-verification state of each retained-secret chain, and the optional
 * other shared secret (XEP-0116 §"Generating Bob's Final Session Keys",
 * §"Sending Bob's Identity", §"Generating Alice's Final Session Keys",
 * §"Short Authentication String", §"Three- or Four-Message Negotiation").
 *
 * The store is an interface: a table of operations (es_store_ops) and the
 * implementation's context. esession ships an in-memory implementation
 * (store_memory.h); an application that wants its secrets to survive a
 * restart supplies its own operations (persisting them encrypted is its
 * business). Sessions call the operations through the es_store_* wrappers
 * below, which check arguments and results.
 *
 * Model. An entry is keyed by (local JID, peer JID): the local JID names
 * our client (normally a full JID), the peer JID the peer's client (a full
 * JID; a bare JID when the peer used no resource). XEP-0116 keeps "the most
 * recent shared secret for each of Alice's clients", so there is at most
 * one entry per key. Each entry carries the retained secret (bytes in
 * secure memory) and whether the chain of secrets it belongs to was
 * confirmed by comparing SAS values out of band (XEP-0116 §"Short
 * Authentication String").
 *
 * JIDs are compared byte for byte: callers pass them already normalized
 * (RFC 7622 PRECIS / stringprep is the XMPP library's job). The bare JID of
 * an entry is its peer JID up to the first '/'.
 *
 * No clock: XEP-0116 lets implementations expire retained secrets ("older
 * than an implementation-defined period of time"). The library never reads
 * the time; an application that wants expiry removes old entries with
 * es_store_remove (it knows when it stored them: after each
 * es_store_replace), and the lists the store returns must hold only
 * unexpired secrets.
 *
 * Threads: a store is not synchronised. One store may be shared by any
 * number of sessions used from one thread; sessions in different threads
 * need different stores or an implementation that locks.
 */
#ifndef ES_STORE_STORE_H
#define ES_STORE_STORE_H

#include "hash.h" /* es_span */
#include "secmem.h"

/* One retained secret as the store returns it. */
typedef struct es_store_entry {
	char *peer_jid;    /* the peer client's JID, NUL-terminated (malloc) */
	es_secbuf secret;  /* the retained secret, secure memory, never empty */
	bool sas_verified; /* the chain was confirmed by SAS */
} es_store_entry;

/* A list of entries, built with es_store_list_append and released with
 * es_store_list_free (which wipes every secret). */
typedef struct es_store_list {
	es_store_entry *entries;
	size_t count;
	size_t capacity;
} es_store_list;

#define ES_STORE_LIST_INIT \
	{                  \
		NULL, 0, 0 \
	}

/*
 * The operations of a store. Every string argument is a non-empty
 * NUL-terminated JID (checked by the wrappers before the call); every
 * `out` list is empty on entry and, on failure, left empty by the wrapper.
 * Implementations build lists with es_store_list_append only. Statuses an
 * operation may return: ESESSION_OK, ESESSION_ENOMEM, ESESSION_ESTORE (its
 * own failure) and, where stated, ESESSION_ESTORE_NOT_FOUND; the wrappers
 * turn anything else into ESESSION_ESTORE.
 */
typedef struct es_store_ops {
	/* Entries of (local_jid, any peer JID whose bare JID is
	 * peer_bare_jid): the list of XEP-0116 §"Generating Bob's Final
	 * Session Keys" (first search) and of Alice's search. */
	esession_status (*list_for_peer)(void *ctx, const char *local_jid,
	                                 const char *peer_bare_jid,
	                                 es_store_list *out);
	/* Every entry of local_jid (Bob's extended search). */
	esession_status (*list_all)(void *ctx, const char *local_jid,
	                            es_store_list *out);
	/* Store `secret` for (local_jid, peer_jid), see es_store_replace. */
	esession_status (*replace)(void *ctx, const char *local_jid,
	                           const char *peer_jid,
	                           const char *srs_peer_jid, const es_span *srs,
	                           const uint8_t *secret, size_t secret_len);
	/* Mark the entry (local_jid, peer_jid) holding `secret` verified;
	 * ESESSION_ESTORE_NOT_FOUND if there is none. */
	esession_status (*mark_verified)(void *ctx, const char *local_jid,
	                                 const char *peer_jid,
	                                 const es_span *secret);
	/* Remove and wipe (local_jid, peer_jid); ESESSION_ESTORE_NOT_FOUND if
	 * absent. */
	esession_status (*remove)(void *ctx, const char *local_jid,
	                          const char *peer_jid);
	/* The other shared secret for (local_jid, peer_bare_jid) into *out
	 * (left empty when there is none, which is not an error). May be
	 * NULL: no OSS ever. */
	esession_status (*other_secret)(void *ctx, const char *local_jid,
	                                const char *peer_bare_jid,
	                                es_secbuf *out);
	/* Release the context, wiping every secret. May be NULL. */
	void (*free)(void *ctx);
} es_store_ops;

/* A store: borrowed ops table plus the implementation's context. */
typedef struct es_store {
	const es_store_ops *ops;
	void *ctx;
} es_store;

/*
 * es_store_list_append - copy an entry onto the end of list: the JID into
 * malloc'ed memory, the secret into secure memory.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL list or peer_jid, empty
 * peer_jid, NULL or empty secret); ESESSION_ENOMEM (the list is unchanged).
 */
ES_MUST_CHECK esession_status es_store_list_append(es_store_list *list,
                                                   const char *peer_jid,
                                                   const uint8_t *secret,
                                                   size_t secret_len,
                                                   bool sas_verified);

/* es_store_list_free - wipe every secret, free everything, leave the list
 * empty. Safe on NULL. */
void es_store_list_free(es_store_list *list);

/*
 * es_store_list_secrets - views of the list's secrets, in order, for the
 * searches of sigma_retained.h: *spans receives a malloc'ed array of
 * list->count es_span (NULL when the list is empty) pointing into the
 * list; free it with free() before the list is freed. The views hold no
 * copy of a secret.
 * Returns ESESSION_OK; ESESSION_EINVAL; ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_store_list_secrets(const es_store_list *list,
                                                    es_span **spans);

/*
 * es_store_list_for_peer - the entries of (local_jid, peer_bare_jid) into
 * *out (must be empty; left empty on failure; the caller frees it).
 * peer_bare_jid must contain no '/'.
 * Returns ESESSION_OK (possibly an empty list); ESESSION_EINVAL (NULL
 * store or ops, NULL/empty JID, a '/' in peer_bare_jid, out not empty);
 * ESESSION_ENOMEM; ESESSION_ESTORE (the store failed or returned a
 * malformed list).
 */
ES_MUST_CHECK esession_status es_store_list_for_peer(const es_store *store,
                                                     const char *local_jid,
                                                     const char *peer_bare_jid,
                                                     es_store_list *out);

/* es_store_list_all - every entry of local_jid, those of the peer's bare JID
 * included (searching them again in Bob's extended search cannot match what
 * the first search did not). As es_store_list_for_peer. */
ES_MUST_CHECK esession_status es_store_list_all(const es_store *store,
                                                const char *local_jid,
                                                es_store_list *out);

/*
 * es_store_replace - keep the new retained secret of a completed
 * negotiation (XEP-0116 §"Sending Bob's Identity": "Bob MUST destroy all
 * his copies of the old retained secret (SRS) ... and securely store the
 * new value"; §"Generating Alice's Final Session Keys" likewise).
 *
 * local_jid, peer_jid: the session's two clients; the new entry is keyed
 * by them.
 * srs_peer_jid, srs: the entry whose secret was the SRS of this
 * negotiation (its peer JID from the list it came from, and the secret
 * bytes), or NULL and NULL when no SRS was found.
 * secret: the new retained secret.
 *
 * Effect: the entry (local_jid, srs_peer_jid) is removed and wiped if it
 * still holds srs (compared in constant time); any entry (local_jid,
 * peer_jid) is removed and wiped; the new entry is added. Its SAS flag is
 * the removed SRS entry's flag - the new secret continues a verified chain
 * only if it was derived from a verified SRS - and false when there was no
 * SRS (or it had been replaced meanwhile). On failure the store is
 * unchanged.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL/empty JIDs or secret, exactly
 * one of srs_peer_jid and srs given, an empty srs); ESESSION_ENOMEM;
 * ESESSION_ESTORE.
 */
ES_MUST_CHECK esession_status
es_store_replace(const es_store *store, const char *local_jid,
                 const char *peer_jid, const char *srs_peer_jid,
                 const es_span *srs, const uint8_t *secret, size_t secret_len);

/*
 * es_store_mark_verified - the users compared the SAS of the negotiation
 * that produced `secret` and it matched: mark the chain verified
 * (XEP-0116 §"Short Authentication String"). The entry must still hold
 * that secret: a later negotiation may have replaced it, and its chain
 * was not the one compared.
 * Returns ESESSION_OK; ESESSION_ESTORE_NOT_FOUND (no entry, or it holds
 * another secret); ESESSION_EINVAL; ESESSION_ESTORE.
 */
ES_MUST_CHECK esession_status es_store_mark_verified(const es_store *store,
                                                     const char *local_jid,
                                                     const char *peer_jid,
                                                     const es_span *secret);

/*
 * es_store_remove - forget (and wipe) one entry: expiry, or a user's
 * request. Returns ESESSION_OK; ESESSION_ESTORE_NOT_FOUND; ESESSION_EINVAL;
 * ESESSION_ESTORE.
 */
ES_MUST_CHECK esession_status es_store_remove(const es_store *store,
                                              const char *local_jid,
                                              const char *peer_jid);

/*
 * es_store_other_secret - the application's other shared secret (OSS,
 * XEP-0116 §"Generating Bob's Final Session Keys") for the peer's bare JID
 * into *out (must be empty; stays empty when none is configured).
 * Returns ESESSION_OK; ESESSION_EINVAL; ESESSION_ENOMEM; ESESSION_ESTORE.
 */
ES_MUST_CHECK esession_status es_store_other_secret(const es_store *store,
                                                    const char *local_jid,
                                                    const char *peer_bare_jid,
                                                    es_secbuf *out);

/* es_store_free - release the implementation (ops->free(ctx)) and clear
 * *store. Safe on NULL and on a cleared store. */
void es_store_free(es_store *store);

#endif
