/*
 * minimal.c - the smallest complete use of libesession: Alice and Bob, two
 * clients in one process, negotiate an encrypted session (XEP-0116,
 * 4 messages), exchange one encrypted message each way (XEP-0200) and
 * terminate. Only the public header is used.
 *
 * The "network" is a queue of stanzas in memory. It does what the XMPP
 * servers would do between two real clients: it stamps the sender's full
 * JID in the 'from' attribute (the library never writes 'from'; RFC 6120
 * §8.1.2.1) and delivers the stanza to the other client.
 *
 * The pattern to copy into a real client is in handle_events(): after
 * every call into the library, drain the session's events, and act on each
 * one (send, show the SAS, show a decrypted stanza, note the end).
 *
 * Exit status 0 when everything worked, 1 otherwise. docs/api-guide.md
 * explains each step.
 */
#include <esession.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One XMPP client: its full JID and the library objects it owns. */
struct client {
	const char *name;
	const char *jid;
	esession_store *store;   /* retained secrets, shared by its sessions */
	esession_config *config; /* its policy (defaults here) */
	esession_router *router; /* finds the session of an incoming stanza */
	esession_session *session;
	char sas[8];     /* copied from the ESTABLISHED event */
	int established; /* ESTABLISHED seen */
	int ended;       /* TERMINATED seen */
	int failed;      /* FAILED seen */
	int decrypted;   /* PLAINTEXT events seen */
};

/* The in-memory network: stanzas in flight, in order. */
#define WIRE_MAX 16
struct wire {
	char *stanza[WIRE_MAX];
	struct client *to[WIRE_MAX];
	size_t head, tail;
};

/* What the sender's server does: add from='<sender's full JID>' to the
 * stanza's root element. `xml` starts with "<message", "<presence" or
 * "<iq" (the library writes no XML declaration). */
static char *stamp_from(const char *xml, size_t len, const char *jid)
{
	size_t name_end = 1;
	while (name_end < len && xml[name_end] != ' ' && xml[name_end] != '>' &&
	       xml[name_end] != '/')
		name_end++;
	size_t add = strlen(jid) + strlen(" from=''");
	char *out = malloc(len + add + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, xml, name_end);
	snprintf(out + name_end, add + 1, " from='%s'", jid);
	memcpy(out + name_end + add, xml + name_end, len - name_end);
	out[len + add] = '\0';
	return out;
}

static int wire_put(struct wire *w, const char *xml, size_t len,
                    const struct client *from, struct client *to)
{
	if (w->tail == WIRE_MAX)
		return -1;
	char *stamped = stamp_from(xml, len, from->jid);
	if (stamped == NULL)
		return -1;
	w->stanza[w->tail] = stamped;
	w->to[w->tail] = to;
	w->tail++;
	return 0;
}

/*
 * Drain every pending event of session s, which belongs to client c whose
 * peer is `peer`. Event pointers are borrowed: they stay valid only until
 * the next call on the same session, so whatever is kept is copied before
 * esession_session_next_event() is called again.
 */
static int handle_events(struct client *c, esession_session *s,
                         struct client *peer, struct wire *w)
{
	esession_event ev;
	while (esession_session_next_event(s, &ev) == ESESSION_OK) {
		switch (ev.type) {
		case ESESSION_EVENT_SEND:
			/* A stanza for the peer: hand it to the XMPP stream
			 * (here: the in-memory network). */
			if (wire_put(w, ev.stanza, ev.stanza_len, c, peer) != 0)
				return -1;
			break;
		case ESESSION_EVENT_ESTABLISHED:
			/* Show the SAS; the users compare it out of band. */
			snprintf(c->sas, sizeof c->sas, "%s", ev.sas);
			c->established = 1;
			printf("%s: session established, SAS %s\n", c->name,
			       ev.sas);
			break;
		case ESESSION_EVENT_PLAINTEXT:
			/* The peer's stanza, decrypted: process it as if it
			 * had arrived in clear. */
			c->decrypted++;
			printf("%s: received %.*s\n", c->name,
			       (int)ev.stanza_len, ev.stanza);
			break;
		case ESESSION_EVENT_TERMINATED:
			c->ended = 1;
			printf("%s: session ended (%s)\n", c->name,
			       esession_strerror(ev.status));
			break;
		case ESESSION_EVENT_FAILED:
			c->failed = 1;
			printf("%s: session failed: %s (field %s)\n", c->name,
			       esession_strerror(ev.status),
			       ev.field != NULL ? ev.field : "none");
			break;
		default: break;
		}
	}
	return 0;
}

/* Deliver every stanza in flight; each delivery may queue answers. */
static int run_network(struct wire *w, struct client *alice, struct client *bob)
{
	while (w->head < w->tail) {
		char *xml = w->stanza[w->head];
		struct client *to = w->to[w->head];
		struct client *peer = to == alice ? bob : alice;
		w->stanza[w->head++] = NULL;

		esession_session *s = NULL;
		esession_status st =
		    esession_router_receive(to->router, xml, strlen(xml), &s);
		free(xml);
		if (s == NULL) {
			/* Not an ESession stanza: a real client would hand
			 * it to its normal stanza processing. */
			printf("%s: not for the library: %s\n", to->name,
			       esession_strerror(st));
			return -1;
		}
		to->session = s;
		/* Drain even when st is not ESESSION_OK: a failing session
		 * may have queued the error stanza the XEPs prescribe. */
		if (handle_events(to, s, peer, w) != 0 || st != ESESSION_OK)
			return -1;
	}
	return 0;
}

static int client_init(struct client *c, const char *name, const char *jid)
{
	memset(c, 0, sizeof *c);
	c->name = name;
	c->jid = jid;
	if (esession_store_new_memory(&c->store) != ESESSION_OK ||
	    esession_config_new(c->store, &c->config) != ESESSION_OK ||
	    esession_router_new(c->config, jid, &c->router) != ESESSION_OK)
		return -1;
	return 0;
}

static void client_free(struct client *c)
{
	/* The router frees its sessions; then the config, then the store
	 * (each must outlive what was made from it). */
	if (c->router != NULL)
		esession_router_free(c->router);
	esession_config_free(c->config);
	esession_store_free(c->store);
}

/* Encrypt one chat message from c to peer and put it on the network. */
static int send_chat(struct client *c, struct client *peer, struct wire *w,
                     const char *text)
{
	char stanza[256];
	snprintf(stanza, sizeof stanza,
	         "<message type='chat'><body>%s</body></message>", text);
	/* The session adds 'to' and <thread/>; on failure nothing was
	 * queued and the caller still owns its stanza. */
	esession_status st =
	    esession_session_encrypt(c->session, stanza, strlen(stanza));
	if (st != ESESSION_OK) {
		printf("%s: cannot encrypt: %s\n", c->name,
		       esession_strerror(st));
		return -1;
	}
	return handle_events(c, c->session, peer, w);
}

int main(void)
{
	struct client alice = {0}, bob = {0};
	struct wire w = {0};
	int ok = 0;

	/* Once per process, before anything else. */
	esession_status st = esession_init(0);
	if (st != ESESSION_OK) {
		fprintf(stderr, "esession_init: %s\n", esession_strerror(st));
		return 1;
	}
	if (client_init(&alice, "Alice", "alice@example.org/pda") != 0 ||
	    client_init(&bob, "Bob", "bob@example.com/laptop") != 0) {
		fprintf(stderr, "set-up failed\n");
		goto out;
	}

	/* Alice asks for a session with Bob (bare JID: his reply binds the
	 * session to the resource that answers). */
	if (esession_router_start(alice.router, "bob@example.com",
	                          &alice.session) != ESESSION_OK ||
	    handle_events(&alice, alice.session, &bob, &w) != 0 ||
	    run_network(&w, &alice, &bob) != 0)
		goto out;
	if (!alice.established || !bob.established ||
	    strcmp(alice.sas, bob.sas) != 0) {
		printf("negotiation did not complete with equal SAS\n");
		goto out;
	}
	/* The users compared the SAS (here: equal by construction). */
	if (esession_session_confirm_sas(alice.session) != ESESSION_OK ||
	    esession_session_confirm_sas(bob.session) != ESESSION_OK)
		goto out;

	if (send_chat(&alice, &bob, &w, "Hello, Bob!") != 0 ||
	    run_network(&w, &alice, &bob) != 0 ||
	    send_chat(&bob, &alice, &w, "Hi Alice.") != 0 ||
	    run_network(&w, &alice, &bob) != 0)
		goto out;

	/* Alice ends the session; Bob acknowledges; both see TERMINATED. */
	if (esession_session_terminate(alice.session) != ESESSION_OK ||
	    handle_events(&alice, alice.session, &bob, &w) != 0 ||
	    run_network(&w, &alice, &bob) != 0)
		goto out;

	ok = alice.decrypted == 1 && bob.decrypted == 1 && alice.ended &&
	     bob.ended && !alice.failed && !bob.failed &&
	     esession_session_state(alice.session) == ESESSION_STATE_ENDED &&
	     esession_session_state(bob.session) == ESESSION_STATE_ENDED;
out:
	while (w.head < w.tail)
		free(w.stanza[w.head++]);
	client_free(&alice);
	client_free(&bob);
	printf("%s\n", ok ? "minimal example: OK" : "minimal example: FAILED");
	return ok ? 0 : 1;
}
