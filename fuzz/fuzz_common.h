/*
 * fuzz_common.h - what the fuzz harnesses share: one-time library
 * initialisation, a harness-level assertion, and two in-process parties
 * (Alice and Bob) that run a deterministic XEP-0116 negotiation through the
 * public API up to a chosen message, so that a harness can hand the fuzzer's
 * bytes to a session that already holds real keys.
 *
 * Determinism. Both parties use the TEST-ONLY deterministic RNG
 * (esession_config_set_deterministic_rng_for_tests) with one fixed seed and
 * MODP group 1 (fast). Every run of the same negotiation therefore produces
 * the same bytes, so a stanza recorded by make_seeds (a valid message 3, an
 * encrypted <c/>, ...) is valid again in every fuzz iteration: the fuzzer
 * starts past the MAC checks and mutates from there.
 *
 * Every helper either succeeds or aborts (a setup failure is a harness bug,
 * and an abort is what both AFL++ and libFuzzer report). Nothing calls
 * exit(); everything allocated is freed by fz_pair_free.
 */
#ifndef ES_FUZZ_COMMON_H
#define ES_FUZZ_COMMON_H

#include "esession.h"
#include "fuzz_modes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FZ_ALICE      "alice@example.org/pda"
#define FZ_BOB        "bob@example.com/laptop"
#define FZ_BOB_BARE   "bob@example.com"
#define FZ_ALICE_BARE "alice@example.org"

/* The MODP group both parties offer and accept in paired harnesses. */
#define FZ_GROUP 1u

#define FZ_MAX_OUTBOX 16

/* esession_init(0) on the first call; aborts if it fails. */
void fz_init(void);

/* Abort with a message on stderr when cond is false. For properties the
 * harness asserts (round trips) and for setup steps. */
void fz_assert(bool cond, const char *what);

/* True when a[0..alen) and b[0..blen) are the same bytes (either pointer
 * may be NULL when its length is 0, as for an empty es_xml_buf). */
bool fz_same(const void *a, size_t alen, const void *b, size_t blen);

/* Abort unless st is ESESSION_OK. */
void fz_ok(esession_status st, const char *what);

/* True when FZ_VERBOSE is set in the environment: the helpers then print
 * the status of every stanza they hand to a session, which shows how deep
 * a seed gets. */
bool fz_verbose(void);

/* Read every field of event ev of session s so that the sanitizers check
 * its pointers (stanza_len must be the length of the NUL-terminated
 * stanza; an SAS has 5 characters, none in a 3-message session). Ends
 * the life of ev's pointers (it calls esession_session_get_info). */
void fz_touch_event(esession_session *s, const esession_event *ev);

/* Options of one party's config. */
typedef struct fz_opts {
	const unsigned *groups; /* NULL: {FZ_GROUP} */
	size_t n_groups;
	esession_answer answer; /* 0: accept */
	unsigned fallback;      /* ESESSION_SECURITY_* mask */
	bool random_rng;        /* true: the real RNG (no determinism) */
	const fz_mode *mode;    /* NULL: fz_modes[0] (4 messages, none) */
	bool is_alice;          /* the party's identity key in `mode` */
} fz_opts;

typedef struct fz_party {
	const char *jid;
	esession_store *store;
	esession_config *config;
	esession_router *router;
	esession_session *session;   /* borrowed from the router */
	char *outbox[FZ_MAX_OUTBOX]; /* SEND stanzas not yet delivered */
	size_t n_out;
} fz_party;

typedef struct fz_pair {
	fz_party alice;
	fz_party bob;
	const fz_mode *mode; /* both parties' */
} fz_pair;

/* Set up one party (opts may be NULL: defaults above). Aborts on failure. */
void fz_party_init(fz_party *p, const char *jid, const fz_opts *opts);
void fz_party_free(fz_party *p);

/* Both parties with the default options (mode 0). */
void fz_pair_init(fz_pair *p);

/* Both parties with the default options in mode m (fz_mode_apply). */
void fz_pair_init_mode(fz_pair *p, const fz_mode *m);
void fz_pair_free(fz_pair *p);

/* Move the pending events of session s (p's current session when s is
 * NULL) into p: SEND stanzas are copied into the outbox (dropped when it
 * is full), every other event is only touched. */
void fz_drain(fz_party *p, esession_session *s);

/* The oldest undelivered stanza of p (caller frees), or NULL. */
char *fz_take(fz_party *p);

/* Drop every undelivered stanza of p. */
void fz_discard(fz_party *p);

/* A copy of xml[0..len) (NUL-terminated, caller frees) with from='jid'
 * inserted after the root element's name, as a server does (RFC 6120
 * §8.1.2.1). */
char *fz_stamp_from(const char *xml, size_t len, const char *jid);

/* Deliver xml[0..len) to `to` through its router, first stamping
 * from='<from JID>' on the root element as a server does (from_jid NULL:
 * deliver the bytes unchanged), then drain. Returns the router's status. */
esession_status fz_deliver(fz_party *to, const char *from_jid, const char *xml,
                           size_t len);

/* Hand data[0..len) unchanged to to->session (esession_session_receive)
 * and drain. Returns its status. */
esession_status fz_receive(fz_party *to, const uint8_t *data, size_t len);

/* Forward queued stanzas both ways until neither party has one left (at
 * most a few rounds): lets a session react to what the fuzzed input made
 * the other one send. */
void fz_pump(fz_pair *p);

/* Points of the negotiation (XEP-0116 §"Online ESession Negotiation"):
 * after fz_run_to(p, FZ_MSGn) message n is the only stanza in its
 * sender's outbox, undelivered. In the 3-message negotiation message 2
 * carries Bob's identity, Alice is ACTIVE once she has sent message 3,
 * and there is no message 4. */
typedef enum fz_stage {
	FZ_MSG1 = 1, /* Alice started */
	FZ_MSG2,     /* Bob answered (3 messages: with his identity) */
	FZ_MSG3,     /* Alice sent her identity */
	FZ_MSG4,     /* Bob established and sent his identity (4 only) */
	FZ_ACTIVE    /* the last message delivered: both ACTIVE */
} fz_stage;

/* Run a fresh negotiation in p->mode up to stage; aborts if any step
 * fails (and for FZ_MSG4 in a 3-message mode). */
void fz_run_to(fz_pair *p, fz_stage stage);

#endif
