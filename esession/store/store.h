/*
 * store.h - where a session finds and keeps its retained secrets, the
 * SAS-verification state of each retained-secret chain, the optional
 * other shared secret (XEP-0116 §"Generating Bob's Final Session Keys",
 * §"Sending Bob's Identity", §"Generating Alice's Final Session Keys",
 * §"Short Authentication String", §"Three- or Four-Message Negotiation"),
 * and the peers' public keys with their JIDs, petnames and verification
 * (§"Verifying Keys", §"Key Associations").
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
 * Keys. A store may also remember peers' public keys (XEP-0116 §"Key
 * Associations"): per local JID, a set of keys, each its Normalized
 * <KeyValue/> bytes (public data, ordinary memory), a petname and whether
 * the user verified it, and associations key <-> peer bare JID (many to
 * many: one person may use several JIDs with one key, one bare JID may
 * have several clients with different keys). The store only keeps these
 * facts; the flags reported to the user and the default trust rule are
 * computed here, in one place, for every implementation (store_keys.c).
 * A store without key operations knows no key: every key it is shown is
 * untrusted and MISSING is never reported.
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

/* Bounds on what a store holds and on what an implementation may return:
 * a client knows a handful of keys, and a peer must not be able to make the
 * store grow without limit by presenting new keys under trust on first use.
 * An in-memory store that is full refuses the new key or association with
 * ESESSION_ESTORE (not ENOMEM: the limit is a decision, not a shortage). */
#define ES_STORE_KEYS_MAX     1024 /* keys per store, all local JIDs */
#define ES_STORE_KEY_JIDS_MAX 64   /* bare JIDs associated with one key */
#define ES_STORE_KEYVALUE_MAX 4096 /* bytes of one Normalized <KeyValue/> */
#define ES_STORE_PETNAME_MAX  256  /* bytes of one petname */

/* One association as the store returns it: a key, one bare JID it is
 * associated with, and the key's own properties (petname, verification),
 * which are the same in every row of one key. */
typedef struct es_store_key_row {
	char *peer_bare_jid; /* NUL-terminated, malloc'd */
	uint8_t *keyvalue;   /* Normalized <KeyValue/>, malloc'd */
	size_t len;          /* 1 .. ES_STORE_KEYVALUE_MAX */
	char *petname;       /* malloc'd, or NULL */
	bool verified;       /* the user verified the key */
} es_store_key_row;

/* Rows built with es_store_key_list_append, released with
 * es_store_key_list_free; at most ES_STORE_KEYS_MAX rows. */
typedef struct es_store_key_list {
	es_store_key_row *rows;
	size_t count;
	size_t capacity;
} es_store_key_list;

#define ES_STORE_KEY_LIST_INIT \
	{                      \
		NULL, 0, 0     \
	}

/* A store's decision on a presented key (es_store_ops.key_trust). */
typedef enum es_store_key_verdict {
	ES_STORE_KEY_REFUSE = 1, /* untrusted */
	ES_STORE_KEY_ACCEPT,     /* trusted; nothing to record */
	ES_STORE_KEY_ACCEPT_NEW  /* trusted on first use: only for a NEW key,
	                            which es_store_key_check then associates
	                            with the JID, unverified */
} es_store_key_verdict;

/*
 * es_store_key_rule - the library's trust rule, used by the in-memory
 * store and by custom stores without a trust_key operation (XEP-0116
 * §"Verifying Bob's Identity": Alice trusts pubKey_B only if she "can
 * confirm (or has previously confirmed) that pubKey_B really is Bob's
 * public key"):
 *   - a key associated with this JID is accepted;
 *   - with trust_new_keys, a NEW key presented by a JID that has no key is
 *     accepted on first use (ES_STORE_KEY_ACCEPT_NEW);
 *   - anything else is refused: a key of another JID (OTHER_JID) or a key
 *     replacing this JID's key (CHANGED) needs the user's word
 *     (es_store_key_add).
 * flags: as computed by es_store_key_check; associated: the key is
 * associated with the presenting JID.
 */
es_store_key_verdict es_store_key_rule(unsigned flags, bool associated,
                                       bool trust_new_keys);

/*
 * The operations of a store. Every string argument is a non-empty
 * NUL-terminated JID (checked by the wrappers before the call), except
 * petname; every `out` list is empty on entry and, on failure, left empty
 * by the wrapper. Implementations build lists with es_store_list_append
 * and es_store_key_list_append only. Statuses an
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

	/* Key associations. keys_for_jid, jids_for_key, key_add and
	 * key_trust are all set or all NULL (no key support, see the model
	 * above). keyvalue arguments are 1 .. ES_STORE_KEYVALUE_MAX bytes,
	 * compared byte for byte. */

	/* Every row whose JID is peer_bare_jid (the keys of that JID). */
	esession_status (*keys_for_jid)(void *ctx, const char *local_jid,
	                                const char *peer_bare_jid,
	                                es_store_key_list *out);
	/* Every row of the key keyvalue (the JIDs of that key); empty when
	 * the key is unknown. */
	esession_status (*jids_for_key)(void *ctx, const char *local_jid,
	                                const uint8_t *keyvalue, size_t len,
	                                es_store_key_list *out);
	/* Remember the key (if new) and associate it with peer_bare_jid (if
	 * not yet); set its verification to `verified` and, when petname is
	 * not NULL, its petname. ESESSION_ESTORE when full. */
	esession_status (*key_add)(void *ctx, const char *local_jid,
	                           const char *peer_bare_jid,
	                           const uint8_t *keyvalue, size_t len,
	                           const char *petname, bool verified);
	/* The store's decision on the key the peer presented, given what
	 * es_store_key_check found: the flags, and whether the key is
	 * associated with peer_bare_jid. An implementation without a policy
	 * of its own answers es_store_key_rule(). */
	esession_status (*key_trust)(void *ctx, const char *local_jid,
	                             const char *peer_bare_jid,
	                             const uint8_t *keyvalue, size_t len,
	                             unsigned flags, bool associated,
	                             es_store_key_verdict *verdict);
	/* Turn es_store_key_rule's trust on first use on or off. May be NULL
	 * (the store has no such setting); ESESSION_EINVAL when the store
	 * decides trust by a policy of its own. */
	esession_status (*set_trust_new_keys)(void *ctx, bool trust);
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

/* ---- key associations (XEP-0116 §"Verifying Keys", §"Key Associations") */

/*
 * es_store_key_list_append - copy one row onto the end of list.
 * petname may be NULL.
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL list, keyvalue or JID, empty
 * or '/'-containing JID, len 0 or above ES_STORE_KEYVALUE_MAX, petname
 * longer than ES_STORE_PETNAME_MAX); ESESSION_ESTORE (the list already
 * holds ES_STORE_KEYS_MAX rows); ESESSION_ENOMEM (the list is unchanged).
 */
ES_MUST_CHECK esession_status es_store_key_list_append(
    es_store_key_list *list, const char *peer_bare_jid, const uint8_t *keyvalue,
    size_t len, const char *petname, bool verified);

/* es_store_key_list_free - free every row, leave the list empty. Safe on
 * NULL. */
void es_store_key_list_free(es_store_key_list *list);

/*
 * es_store_key_add - the user's word that the key keyvalue[0..len) (a
 * Normalized <KeyValue/>) belongs to peer_bare_jid, for local_jid: the key
 * is remembered and associated with that JID; its verification becomes
 * `verified` and, when petname is not NULL, its petname becomes petname
 * (NULL keeps the current one, so associating a known key with one more
 * JID does not lose its name).
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL store, JIDs or keyvalue,
 * empty JID, '/' in peer_bare_jid, len 0, petname empty or longer than
 * ES_STORE_PETNAME_MAX); ESESSION_EKEYVALUE (len above
 * ES_STORE_KEYVALUE_MAX); ESESSION_EUNSUPPORTED (the store keeps no
 * keys); ESESSION_ENOMEM; ESESSION_ESTORE (the store failed, or is full:
 * ES_STORE_KEYS_MAX keys or ES_STORE_KEY_JIDS_MAX JIDs for this key).
 */
ES_MUST_CHECK esession_status es_store_key_add(
    const es_store *store, const char *local_jid, const char *peer_bare_jid,
    const uint8_t *keyvalue, size_t len, const char *petname, bool verified);

/* es_store_set_trust_new_keys - trust on first use in es_store_key_rule,
 * for stores that follow it (off when a store is created).
 * Returns ESESSION_OK; ESESSION_EINVAL (NULL store or ops, a store without
 * the setting: no key support, or a policy of its own); ESESSION_ESTORE. */
ES_MUST_CHECK esession_status es_store_set_trust_new_keys(es_store *store,
                                                          bool trust);

/* What es_store_key_check found (XEP-0116 §"Key Associations"). */
typedef struct es_store_key_report {
	unsigned flags; /* ESESSION_PEER_KEY_* (esession.h) */
	bool trusted;   /* the store accepts this key for this JID */
	char *petname;  /* malloc'd, or NULL */
} es_store_key_report;

#define ES_STORE_KEY_REPORT_INIT \
	{                        \
		0, false, NULL   \
	}

/* es_store_key_report_clear - free the petname and reset *report to
 * ES_STORE_KEY_REPORT_INIT. Safe on NULL. */
void es_store_key_report_clear(es_store_key_report *report);

/*
 * es_store_key_check - the peer (peer_bare_jid) identified itself with the
 * public key whose Normalized <KeyValue/> is keyvalue[0..len). Computes the
 * flags (USED | NEW or VERIFIED; OTHER_JID when associated with another bare
 * JID; CHANGED when peer_bare_jid is associated with another key), asks the
 * store's decision (memory store: trusted iff associated with this JID, or
 * NEW with no other key for this JID and trust_new_keys set - then it is
 * associated, unverified) and fills *report. keyvalue == NULL, len == 0:
 * the peer used no key; flags = MISSING when this JID has a key, else 0;
 * trusted = true.
 *
 * Precisely (XEP-0116 §"Key Associations"), with K the key and J the JID:
 *   USED       always when a key is given;
 *   NEW        K is associated with no JID (the store never saw it);
 *   VERIFIED   K is known and the user verified it;
 *   OTHER_JID  K is associated with a bare JID other than J ("alert their
 *              users immediately if another JID presents the same public
 *              key");
 *   CHANGED    J has keys and K is not one of them ("a public key with a
 *              different fingerprint"); a JID with several associated
 *              keys (several clients) may present any of them;
 *   MISSING    no key given and J has keys ("or no key at all").
 * Trust is the store's verdict (ops->key_trust; the in-memory store
 * follows es_store_key_rule); on ES_STORE_KEY_ACCEPT_NEW the key is added
 * (unverified, no petname) and associated with J before OK is returned.
 * A store without key operations: flags = USED, untrusted.
 * report->petname is K's petname.
 * *report must be ES_STORE_KEY_REPORT_INIT on entry and is left so on
 * failure.
 * Returns ESESSION_OK (look at report->trusted); ESESSION_EINVAL (NULL
 * store, JIDs or report, '/' in peer_bare_jid, exactly one of keyvalue and
 * len given); ESESSION_EKEYVALUE (len above ES_STORE_KEYVALUE_MAX: no such
 * key can be stored, let alone trusted); ESESSION_ENOMEM; ESESSION_ESTORE
 * (the store failed, returned malformed rows, or is full and cannot record
 * a first-use association).
 */
ES_MUST_CHECK esession_status es_store_key_check(
    const es_store *store, const char *local_jid, const char *peer_bare_jid,
    const uint8_t *keyvalue, size_t len, es_store_key_report *report);

/*
 * es_store_key_find - XEP-0116 'hash' mode: the stored Normalized
 * <KeyValue/> associated with peer_bare_jid (for local_jid) whose
 * HASH(KeyValue) equals fingerprint (constant-time comparison), copied
 * into *keyvalue (malloc'd, *len bytes; caller frees).
 * Every key of the JID is hashed and compared with es_ct_equal, whether
 * or not an earlier one matched. A fingerprint whose length is not the
 * hash length names no key: ESESSION_EKEY_UNKNOWN, like any other miss.
 * On failure *keyvalue is NULL and *len 0.
 * Returns ESESSION_OK, ESESSION_EKEY_UNKNOWN (none; also a store without
 * key operations), ESESSION_EINVAL (NULL argument, empty JID, '/' in
 * peer_bare_jid, unsupported hash), ESESSION_ENOMEM, ESESSION_ESTORE.
 */
ES_MUST_CHECK esession_status es_store_key_find(
    const es_store *store, const char *local_jid, const char *peer_bare_jid,
    es_hash_alg hash, const uint8_t *fingerprint, size_t fp_len,
    uint8_t **keyvalue, size_t *len);

/* es_store_key_known - whether any key is associated with peer_bare_jid
 * (Alice offers 'hash' for Bob only when she holds one of his keys);
 * false for a store without key operations.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM, ESESSION_ESTORE. */
ES_MUST_CHECK esession_status es_store_key_known(const es_store *store,
                                                 const char *local_jid,
                                                 const char *peer_bare_jid,
                                                 bool *known);

/* es_store_free - release the implementation (ops->free(ctx)) and clear
 * *store. Safe on NULL and on a cleared store. */
void es_store_free(es_store *store);

#endif
