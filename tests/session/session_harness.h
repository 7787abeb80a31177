/*
 * session_harness.h - two parties (Alice and Bob) driven through the public
 * API only, and a "wire" between them that the tests can watch and tamper
 * with.
 *
 * Each party has a memory store, a config and a router. SEND events are
 * not delivered automatically: they pile up in the sender's outbox, the
 * test takes one (sh_take), looks at it or changes it (sh_edit_*), and
 * delivers it (sh_deliver), which stamps from='<sender JID>' on the root
 * element as a server would (RFC 6120 §8.1.2.1) and hands it to the
 * receiver's router. Every other event is copied into the party's event
 * log (the borrowed pointers of esession_event die at the next call).
 *
 * Every helper asserts its own setup steps with Check: a harness failure
 * fails the test that called it.
 */
#ifndef ES_TEST_SESSION_HARNESS_H
#define ES_TEST_SESSION_HARNESS_H

#include "esession.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SH_ALICE      "alice@example.org/pda"
#define SH_BOB        "bob@example.com/laptop"
#define SH_BOB_BARE   "bob@example.com"
#define SH_ALICE_BARE "alice@example.org"

#define SH_MAX_EVENTS 64
#define SH_MAX_OUTBOX 16

/* A copied event. */
typedef struct sh_event {
	esession_event_type type;
	esession_status status;
	char *stanza; /* SEND / PLAINTEXT: copy, NUL-terminated */
	char *field;  /* FAILED: copy or NULL */
	char sas[8];
	int retained_secret_matched;
	int sas_chain_verified;
	unsigned peer_key;      /* ESTABLISHED: ESESSION_PEER_KEY_* */
	char *peer_key_petname; /* ESTABLISHED: copy or NULL */
	unsigned warnings;      /* ESTABLISHED: ESESSION_WARN_* */
} sh_event;

typedef struct sh_party {
	const char *jid;
	esession_store *store;
	esession_config *config;
	esession_router *router;
	esession_session *session; /* borrowed from the router */
	sh_event events[SH_MAX_EVENTS];
	size_t n_events;
	char *outbox[SH_MAX_OUTBOX]; /* SEND stanzas not yet delivered */
	size_t n_out;
} sh_party;

/* Options of both parties' configs (0 / NULL: the library default). */
typedef struct sh_opts {
	unsigned group;
	const char *cipher;
	const char *hash;
	unsigned stanzas;   /* ESESSION_STANZA_* mask; 0: default */
	bool deterministic; /* TEST-ONLY deterministic RNG */
	const char *seed;   /* its seed; NULL: "session-harness" */
} sh_opts;

typedef struct sh_pair {
	sh_party alice;
	sh_party bob;
} sh_pair;

/* Set up both parties (asserting every step). */
void sh_pair_init(sh_pair *p, const sh_opts *opts);
/* Free both parties (routers free their sessions). */
void sh_pair_free(sh_pair *p);
/* Forget the events and outboxes (the sessions stay). */
void sh_party_clear(sh_party *p);

/* Move every pending event of p->session into the log/outbox. */
void sh_drain(sh_party *p);

/* The oldest undelivered stanza of p (caller frees), asserting one. */
char *sh_take(sh_party *p);

/* Deliver xml from `from` to `to` (stamped from='from->jid'), drain `to`
 * and return the router's status. */
esession_status sh_deliver(sh_party *from, sh_party *to, const char *xml);
/* The same with an explicit from JID (NULL: no from attribute). */
esession_status sh_deliver_as(sh_party *to, const char *from_jid,
                              const char *xml);
/* Bypass the router: esession_session_receive on to->session. */
esession_status sh_receive(sh_party *to, const char *from_jid, const char *xml);
/* Take the oldest stanza of from, deliver it to `to`, free it. */
esession_status sh_forward(sh_party *from, sh_party *to);

/* Points of the 4-message negotiation (messages are numbered as in
 * XEP-0116 §"Online ESession Negotiation"). */
typedef enum sh_stage {
	SH_MSG1_QUEUED = 1, /* Alice started: msg 1 in her outbox */
	SH_MSG2_QUEUED,     /* Bob answered: msg 2 in his outbox */
	SH_MSG3_QUEUED,     /* Alice sent her identity: msg 3 queued */
	SH_MSG4_QUEUED,     /* Bob established: msg 4 queued */
	SH_ACTIVE           /* msg 4 delivered: both ACTIVE */
} sh_stage;

/* Run a fresh negotiation (Alice starts through her router) until
 * `stage`, asserting that every step succeeds. */
void sh_run_to(sh_pair *p, sh_stage stage);
/* From the current stage (known to the caller) on to `stage`. */
void sh_continue_to(sh_pair *p, sh_stage from, sh_stage stage);

/* Number of logged events of a type; the last one of it (or NULL). */
size_t sh_count(const sh_party *p, esession_event_type type);
const sh_event *sh_last(const sh_party *p, esession_event_type type);

/* Parsed shape of an error stanza (sh_error_of). */
typedef struct sh_error {
	char type[16];      /* the stanza's type attribute */
	char condition[48]; /* name of the RFC 6120 condition element */
	char fields[160];   /* <field var/> list inside <error/>, "a,b" */
	char thread[80];
	char to[80];
} sh_error;

/* Read an error stanza with the library's XML parser; asserts it parses
 * and has an <error/> child. */
void sh_error_of(const char *xml, sh_error *out);

/* ---- tampering (each returns a new malloc'ed stanza) ------------------ */

typedef enum sh_edit {
	SH_REMOVE = 1,  /* remove the field */
	SH_DUPLICATE,   /* insert a copy of the field after it */
	SH_SET,         /* set the first <value/> text to arg */
	SH_FLIP,        /* flip bit `bit` of the base64-decoded first value */
	SH_NONCANON,    /* same bytes, non-canonical base64 (pad bits set) */
	SH_SWAP_OPTIONS /* swap the first two <option/> of the field */
} sh_edit;

/* Edit the data-form field `var` of the negotiation form of xml. */
char *sh_edit_field(const char *xml, const char *var, sh_edit edit,
                    const char *arg, size_t bit);
/* The base64 text of the first value of field var (caller frees). */
char *sh_field_value(const char *xml, const char *var);
/* Set / remove the text of <thread/>; set the root's attribute. */
char *sh_edit_thread(const char *xml, const char *thread);
char *sh_edit_attr(const char *xml, const char *name, const char *value);
/* Edit a child of the stanza's <c/> (XEP-0200): SET or FLIP of <data> or
 * <mac>. */
char *sh_edit_c(const char *xml, const char *child, sh_edit edit,
                const char *arg, size_t bit);

/* Base64 of bytes (caller frees). */
char *sh_b64(const uint8_t *data, size_t len);

/*
 * Compare what the peer decrypted with what was encrypted. Our reading of
 * "round-tripped exactly": the PLAINTEXT stanza is the sent stanza plus
 * exactly what the sender's library adds (a first child <thread/> with the
 * session thread, a 'to' attribute naming the receiver) and what the
 * server stamps ('from' = the sender's full JID). Both are parsed; the
 * root's name and namespace, every other attribute (name and value, none
 * missing, none extra) and the content (every element child after
 * <thread/>, re-serialized by the library's serializer so that quoting
 * and namespace declarations compare equal) must be equal. Text directly
 * inside the root (not valid in a stanza) is not compared.
 */
void sh_assert_plaintext(const char *sent, const char *received,
                         const char *from, const char *to, const char *thread);

/* State of a party's current session. */
esession_state sh_state(const sh_party *p);

#endif
