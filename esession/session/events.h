/*
 * events.h - the queue of events a session hands to the application
 * (DESIGN.md "API principles": results come back as events the caller
 * drains; the library never sends).
 *
 * Each queued event owns its strings. esession_session_next_event moves the
 * oldest event into the "current" slot, from which the application borrows
 * it until its next call on the session; the slot is then wiped and
 * released (stanza text may be decrypted content).
 */
#ifndef ES_SESSION_EVENTS_H
#define ES_SESSION_EVENTS_H

#include "es_internal.h"

typedef struct es_event {
	esession_event_type type;
	char *stanza; /* owned, NUL-terminated, or NULL */
	size_t stanza_len;
	esession_status status;
	char *field; /* owned or NULL */
	char sas[8];
	bool retained_secret_matched;
	bool sas_chain_verified;
	unsigned peer_key;      /* ESTABLISHED: ESESSION_PEER_KEY_* */
	char *peer_key_petname; /* ESTABLISHED: owned, or NULL */
	unsigned warnings;      /* ESTABLISHED: ESESSION_WARN_* */
} es_event;

typedef struct es_event_queue {
	es_event *items;
	size_t head;  /* index of the oldest event */
	size_t count; /* events queued */
	size_t capacity;
	es_event current; /* the event last handed out */
	bool has_current;
} es_event_queue;

/* Queue limit: a session never needs more than a handful between two
 * drains; a larger backlog means the application stopped draining. */
#define ES_EVENT_QUEUE_MAX 256u

/* Append an event; takes ownership of ev's strings on success only.
 * Returns ESESSION_OK, ESESSION_ENOMEM (queue full or no memory). */
ES_MUST_CHECK esession_status es_events_push(es_event_queue *q, es_event *ev);

/* Convenience: queue a SEND / PLAINTEXT event with a copy of text. */
ES_MUST_CHECK esession_status es_events_push_stanza(es_event_queue *q,
                                                    esession_event_type type,
                                                    const char *text,
                                                    size_t len);

/* Queue a FAILED or TERMINATED event (field may be NULL; it is copied). */
ES_MUST_CHECK esession_status es_events_push_status(es_event_queue *q,
                                                    esession_event_type type,
                                                    esession_status status,
                                                    const char *field);

/* Move the oldest event to the current slot and describe it in *ev.
 * Returns ESESSION_OK or ESESSION_ENO_EVENT. */
ES_MUST_CHECK esession_status es_events_pop(es_event_queue *q,
                                            esession_event *ev);

/* Wipe and release the current slot (called at the start of every public
 * call on the session). */
void es_events_release_current(es_event_queue *q);

/* Number of queued events (not counting the current slot). */
size_t es_events_count(const es_event_queue *q);

/* Wipe and release everything. */
void es_events_free(es_event_queue *q);

#endif
