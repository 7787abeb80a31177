/*
 * fuzz_common.c - see fuzz_common.h.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One seed for every party: the negotiation is then the same bytes in
 * every iteration and in make_seeds. Changing it invalidates the seeds. */
static const char fz_seed[] = "esession-fuzz";

void fz_assert(bool cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz harness: assertion failed: %s\n", what);
		abort();
	}
}

bool fz_same(const void *a, size_t alen, const void *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

void fz_ok(esession_status st, const char *what)
{
	if (st != ESESSION_OK) {
		fprintf(stderr, "fuzz harness: %s: %s (%d)\n", what,
		        esession_strerror(st), (int)st);
		abort();
	}
}

/* FZ_VERBOSE=1 in the environment: print the status of every stanza a
 * harness hands to a session (to see how deep a seed gets). */
bool fz_verbose(void)
{
	static int v = -1;
	if (v < 0)
		v = getenv("FZ_VERBOSE") != NULL;
	return v != 0;
}

void fz_init(void)
{
	static bool done;
	if (!done) {
		fz_ok(esession_init(0), "esession_init");
		done = true;
	}
}

void fz_touch_event(esession_session *s, const esession_event *ev)
{
	if (ev->stanza != NULL)
		fz_assert(strlen(ev->stanza) == ev->stanza_len,
		          "event stanza_len is the stanza's length");
	if (ev->field != NULL)
		(void)strlen(ev->field);
	if (ev->peer_key_petname != NULL)
		(void)strlen(ev->peer_key_petname);
	(void)esession_strerror(ev->status);
	if (ev->sas == NULL)
		return;
	/* Read last: get_info ends the life of the event's pointers. */
	const size_t sas_len = strlen(ev->sas);
	esession_info info;
	fz_ok(esession_session_get_info(s, &info), "get_info");
	/* XEP-0116 §"Short Authentication String": sas28x5 gives 5
	 * characters; SIGMA-I (3 messages) has no SAS. */
	if (info.message_count == 3)
		fz_assert(sas_len == 0, "no SAS in a 3-message session");
	else
		fz_assert(sas_len == 5, "SAS has 5 characters");
}

void fz_party_init(fz_party *p, const char *jid, const fz_opts *opts)
{
	static const unsigned default_group = FZ_GROUP;
	memset(p, 0, sizeof *p);
	p->jid = jid;
	fz_ok(esession_store_new_memory(&p->store), "store");
	fz_ok(esession_config_new(p->store, &p->config), "config");
	const unsigned *groups = &default_group;
	size_t n_groups = 1;
	if (opts != NULL && opts->groups != NULL) {
		groups = opts->groups;
		n_groups = opts->n_groups;
	}
	fz_ok(esession_config_set_groups(p->config, groups, n_groups),
	      "groups");
	if (opts != NULL && opts->answer != 0)
		fz_ok(esession_config_set_answer(p->config, opts->answer),
		      "answer");
	if (opts != NULL && opts->fallback != 0)
		fz_ok(esession_config_set_security_fallback(p->config,
		                                            opts->fallback),
		      "fallback");
	if (opts == NULL || !opts->random_rng)
		fz_ok(esession_config_set_deterministic_rng_for_tests(
		          p->config, (const uint8_t *)fz_seed,
		          sizeof fz_seed - 1),
		      "deterministic RNG");
	if (opts != NULL && opts->mode != NULL)
		fz_mode_apply(opts->mode, opts->is_alice, p->config, p->store,
		              jid);
	fz_ok(esession_router_new(p->config, jid, &p->router), "router");
}

void fz_discard(fz_party *p)
{
	for (size_t i = 0; i < p->n_out; i++)
		free(p->outbox[i]);
	p->n_out = 0;
}

void fz_party_free(fz_party *p)
{
	fz_discard(p);
	esession_router_free(p->router); /* frees its sessions */
	esession_config_free(p->config);
	esession_store_free(p->store);
	memset(p, 0, sizeof *p);
}

void fz_pair_init_mode(fz_pair *p, const fz_mode *m)
{
	const fz_opts alice = {.mode = m, .is_alice = true};
	const fz_opts bob = {.mode = m, .is_alice = false};
	fz_party_init(&p->alice, FZ_ALICE, &alice);
	fz_party_init(&p->bob, FZ_BOB, &bob);
	p->mode = m;
}

void fz_pair_init(fz_pair *p)
{
	fz_pair_init_mode(p, fz_mode_at(0));
}

void fz_pair_free(fz_pair *p)
{
	fz_party_free(&p->alice);
	fz_party_free(&p->bob);
}

void fz_drain(fz_party *p, esession_session *s)
{
	esession_event ev;
	if (s == NULL)
		s = p->session;
	if (s == NULL)
		return;
	while (esession_session_next_event(s, &ev) == ESESSION_OK) {
		/* Copy first: fz_touch_event ends the event's pointers. */
		if (ev.type == ESESSION_EVENT_SEND &&
		    p->n_out < FZ_MAX_OUTBOX) {
			char *copy = malloc(ev.stanza_len + 1);
			fz_assert(copy != NULL, "malloc");
			memcpy(copy, ev.stanza, ev.stanza_len + 1);
			p->outbox[p->n_out++] = copy;
		}
		fz_touch_event(s, &ev);
	}
}

char *fz_take(fz_party *p)
{
	if (p->n_out == 0)
		return NULL;
	char *x = p->outbox[0];
	memmove(p->outbox, p->outbox + 1, (p->n_out - 1) * sizeof *p->outbox);
	p->n_out--;
	return x;
}

char *fz_stamp_from(const char *xml, size_t len, const char *jid)
{
	size_t name_end = 1;
	while (name_end < len && xml[name_end] != ' ' && xml[name_end] != '>' &&
	       xml[name_end] != '/')
		name_end++;
	if (name_end > len)
		name_end = len;
	size_t add = strlen(" from=''") + strlen(jid);
	char *out = malloc(len + add + 1);
	fz_assert(out != NULL, "malloc");
	memcpy(out, xml, name_end);
	snprintf(out + name_end, add + 1, " from='%s'", jid);
	memcpy(out + name_end + add, xml + name_end, len - name_end);
	out[len + add] = '\0';
	return out;
}

esession_status fz_deliver(fz_party *to, const char *from_jid, const char *xml,
                           size_t len)
{
	char *wire = NULL;
	size_t wire_len = len;
	if (from_jid != NULL) {
		wire = fz_stamp_from(xml, len, from_jid);
		wire_len = strlen(wire);
	}
	esession_session *s = NULL;
	esession_status st = esession_router_receive(
	    to->router, wire != NULL ? wire : xml, wire_len, &s);
	free(wire);
	if (fz_verbose())
		fprintf(stderr, "fuzz: %s routed a stanza: %s; state %d\n",
		        to->jid, esession_strerror(st),
		        (int)esession_session_state(s));
	if (s != NULL)
		to->session = s;
	fz_drain(to, s);
	return st;
}

esession_status fz_receive(fz_party *to, const uint8_t *data, size_t len)
{
	esession_status st =
	    esession_session_receive(to->session, (const char *)data, len);
	if (fz_verbose())
		fprintf(stderr, "fuzz: %s received the input: %s; state %d\n",
		        to->jid, esession_strerror(st),
		        (int)esession_session_state(to->session));
	fz_drain(to, NULL);
	return st;
}

/* Deliver every queued stanza of from to `to`; true if there was one. */
static bool forward_all(fz_party *from, fz_party *to)
{
	bool moved = false;
	char *x;
	while ((x = fz_take(from)) != NULL) {
		(void)fz_deliver(to, from->jid, x, strlen(x));
		free(x);
		moved = true;
	}
	return moved;
}

void fz_pump(fz_pair *p)
{
	/* A negotiation plus termination needs fewer than 8 exchanges; the
	 * bound keeps a misbehaving state machine from looping forever. */
	for (int round = 0; round < 8; round++) {
		bool a = forward_all(&p->alice, &p->bob);
		bool b = forward_all(&p->bob, &p->alice);
		if (!a && !b)
			return;
	}
}

/* Deliver the one queued stanza of from to `to`, asserting success and
 * that `to` answered with exactly `answers` stanzas. */
static void step(fz_party *from, fz_party *to, size_t answers)
{
	fz_assert(from->n_out == 1, "one stanza queued");
	char *x = fz_take(from);
	fz_ok(fz_deliver(to, from->jid, x, strlen(x)), "negotiation step");
	free(x);
	fz_assert(to->n_out == answers, "expected answer queued");
}

void fz_run_to(fz_pair *p, fz_stage stage)
{
	fz_ok(esession_router_start(p->alice.router, FZ_BOB_BARE,
	                            &p->alice.session),
	      "router_start");
	fz_drain(&p->alice, NULL);
	fz_assert(p->alice.n_out == 1, "message 1 queued");
	const bool three = p->mode->messages == 3;
	fz_assert(!three || stage != FZ_MSG4,
	          "no message 4 in the 3-message negotiation");
	if (stage >= FZ_MSG2)
		step(&p->alice, &p->bob, 1);
	if (stage >= FZ_MSG3)
		step(&p->bob, &p->alice, 1);
	if (stage >= FZ_MSG4 && !three)
		step(&p->alice, &p->bob, 1);
	if (stage >= FZ_ACTIVE) {
		/* The last message: 4 from Bob, or 3 (SIGMA-I) from Alice,
		 * who is ACTIVE already. Neither gets an answer. */
		if (three)
			step(&p->alice, &p->bob, 0);
		else
			step(&p->bob, &p->alice, 0);
		fz_assert(esession_session_state(p->alice.session) ==
		                  ESESSION_STATE_ACTIVE &&
		              esession_session_state(p->bob.session) ==
		                  ESESSION_STATE_ACTIVE,
		          "both sessions ACTIVE");
	}
}
