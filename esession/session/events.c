/*
 * events.c - the session's event queue (a ring buffer of owned events).
 */
#include "events.h"

#include "secmem.h"

#include <stdlib.h>
#include <string.h>

static void event_clear(es_event *ev)
{
	if (ev->stanza != NULL) {
		es_wipe(ev->stanza, ev->stanza_len);
		free(ev->stanza);
	}
	free(ev->field);
	free(ev->peer_key_petname);
	es_wipe(ev, sizeof *ev);
}

static esession_status grow(es_event_queue *q)
{
	size_t cap = q->capacity == 0 ? 8 : q->capacity * 2;
	ES_ENSURE(cap <= ES_EVENT_QUEUE_MAX, ESESSION_ENOMEM);
	es_event *items = calloc(cap, sizeof *items);
	ES_ENSURE(items != NULL, ESESSION_ENOMEM);
	for (size_t i = 0; i < q->count; i++)
		items[i] = q->items[(q->head + i) % q->capacity];
	free(q->items);
	q->items = items;
	q->head = 0;
	q->capacity = cap;
	return ESESSION_OK;
}

esession_status es_events_push(es_event_queue *q, es_event *ev)
{
	ES_ENSURE(q != NULL && ev != NULL, ESESSION_EINVAL);
	if (q->count == q->capacity)
		ES_GUARD(grow(q));
	q->items[(q->head + q->count) % q->capacity] = *ev;
	q->count++;
	memset(ev, 0, sizeof *ev);
	return ESESSION_OK;
}

esession_status es_events_push_stanza(es_event_queue *q,
                                      esession_event_type type,
                                      const char *text, size_t len)
{
	ES_ENSURE(text != NULL, ESESSION_EINVAL);
	es_event ev;
	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.stanza = malloc(len + 1);
	ES_ENSURE(ev.stanza != NULL, ESESSION_ENOMEM);
	memcpy(ev.stanza, text, len);
	ev.stanza[len] = '\0';
	ev.stanza_len = len;
	esession_status st = es_events_push(q, &ev);
	if (st != ESESSION_OK)
		event_clear(&ev);
	return st;
}

esession_status es_events_push_status(es_event_queue *q,
                                      esession_event_type type,
                                      esession_status status, const char *field)
{
	es_event ev;
	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.status = status;
	if (field != NULL) {
		size_t n = strlen(field);
		ev.field = malloc(n + 1);
		ES_ENSURE(ev.field != NULL, ESESSION_ENOMEM);
		memcpy(ev.field, field, n + 1);
	}
	esession_status st = es_events_push(q, &ev);
	if (st != ESESSION_OK)
		event_clear(&ev);
	return st;
}

esession_status es_events_pop(es_event_queue *q, esession_event *ev)
{
	ES_ENSURE(q != NULL && ev != NULL, ESESSION_EINVAL);
	es_events_release_current(q);
	if (q->count == 0)
		return ESESSION_ENO_EVENT;
	q->current = q->items[q->head];
	memset(&q->items[q->head], 0, sizeof q->items[q->head]);
	q->head = (q->head + 1) % q->capacity;
	q->count--;
	q->has_current = true;

	memset(ev, 0, sizeof *ev);
	ev->type = q->current.type;
	ev->stanza = q->current.stanza;
	ev->stanza_len = q->current.stanza_len;
	ev->status = q->current.status;
	ev->field = q->current.field;
	ev->sas = q->current.type == ESESSION_EVENT_ESTABLISHED ? q->current.sas
	                                                        : NULL;
	ev->retained_secret_matched = q->current.retained_secret_matched;
	ev->sas_chain_verified = q->current.sas_chain_verified;
	ev->peer_key = q->current.peer_key;
	ev->peer_key_petname = q->current.peer_key_petname;
	ev->warnings = q->current.warnings;
	return ESESSION_OK;
}

void es_events_release_current(es_event_queue *q)
{
	if (q == NULL || !q->has_current)
		return;
	event_clear(&q->current);
	q->has_current = false;
}

size_t es_events_count(const es_event_queue *q)
{
	return q == NULL ? 0 : q->count;
}

void es_events_free(es_event_queue *q)
{
	if (q == NULL)
		return;
	es_events_release_current(q);
	for (size_t i = 0; i < q->count; i++)
		event_clear(&q->items[(q->head + i) % q->capacity]);
	free(q->items);
	memset(q, 0, sizeof *q);
}
