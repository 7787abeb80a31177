/*
 * cmd_demo.c - `esession demo`: Alice and Bob in one process run the whole
 * XEP-0116 4-message negotiation through the public API, printing every
 * stanza on the wire, both SAS values and the verification state, then
 * exchange encrypted messages both ways and terminate. A second session
 * shows the retained secret of the first one protecting it.
 *
 *   esession demo [--group N] [--cipher NAME] [--hash NAME] [--quiet]
 *
 * The tool stands in for the two clients and their servers: it stamps the
 * 'from' attribute on each stanza, as a server does, and delivers it.
 */
#include "commands.h"
#include "esession.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALICE "alice@example.org/pda"
#define BOB   "bob@example.com/laptop"

struct party {
	const char *name;
	const char *jid;
	esession_store *store;
	esession_config *config;
	esession_router *router;
	esession_session *session; /* the current session of this party */
	char sas[8];
	int established;
	int ended;
};

static int quiet;

/* Print XML text indented, one element per line (leaf elements with their
 * text on one line). Display only: the wire bytes are what was produced. */
static void print_indented(const char *xml, size_t len)
{
	int depth = 0;
	size_t i = 0;
	while (i < len) {
		if (xml[i] != '<') {
			size_t j = i;
			while (j < len && xml[j] != '<')
				j++;
			printf("%.*s", (int)(j - i), xml + i);
			i = j;
			continue;
		}
		size_t end = i;
		while (end < len && xml[end] != '>')
			end++;
		int closing = xml[i + 1] == '/';
		int empty = end > i && xml[end - 1] == '/';
		if (closing) {
			depth--;
			/* A closing tag right after text stays on its line. */
			if (i == 0 || xml[i - 1] == '>')
				printf("\n%*s", 4 + 2 * depth, "");
		} else {
			if (i > 0)
				printf("\n");
			printf("%*s", 4 + 2 * depth, "");
			if (!empty)
				depth++;
		}
		printf("%.*s", (int)(end - i + 1), xml + i);
		i = end + 1;
	}
	printf("\n");
}

/* Insert from='jid' after the root element's name (what a server does). */
static char *stamp_from(const char *xml, size_t len, const char *jid)
{
	size_t name_end = 1;
	while (name_end < len && xml[name_end] != ' ' && xml[name_end] != '>' &&
	       xml[name_end] != '/')
		name_end++;
	size_t add = strlen(" from=''") + strlen(jid);
	char *out = malloc(len + add + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, xml, name_end);
	sprintf(out + name_end, " from='%s'", jid);
	memcpy(out + name_end + add, xml + name_end, len - name_end);
	out[len + add] = '\0';
	return out;
}

static int deliver(struct party *from, struct party *to, const char *xml,
                   size_t len);

/* Drain one party's session events; SEND events are delivered to peer. */
static int drain(struct party *p, struct party *peer)
{
	esession_event ev;
	while (p->session != NULL &&
	       esession_session_next_event(p->session, &ev) == ESESSION_OK) {
		switch (ev.type) {
		case ESESSION_EVENT_SEND: {
			size_t n = ev.stanza_len;
			char *copy = malloc(n + 1);
			if (copy == NULL)
				return 1;
			memcpy(copy, ev.stanza, n + 1);
			int rc = deliver(p, peer, copy, n);
			free(copy);
			if (rc != 0)
				return rc;
			break;
		}
		case ESESSION_EVENT_ESTABLISHED:
			memcpy(p->sas, ev.sas, sizeof p->sas);
			p->established = 1;
			printf(
			    "[%s] session established: SAS %s, retained secret "
			    "matched: %s, SAS chain verified before: %s\n",
			    p->name, ev.sas,
			    ev.retained_secret_matched ? "yes" : "no",
			    ev.sas_chain_verified ? "yes" : "no");
			break;
		case ESESSION_EVENT_PLAINTEXT:
			printf("[%s] decrypted stanza:\n", p->name);
			print_indented(ev.stanza, ev.stanza_len);
			break;
		case ESESSION_EVENT_TERMINATED:
			p->ended = 1;
			printf("[%s] session terminated (%s)\n", p->name,
			       esession_strerror(ev.status));
			break;
		case ESESSION_EVENT_FAILED:
			printf("[%s] session FAILED: %s%s%s\n", p->name,
			       esession_strerror(ev.status),
			       ev.field ? ", field " : "",
			       ev.field ? ev.field : "");
			return 1;
		default: break;
		}
	}
	return 0;
}

static int deliver(struct party *from, struct party *to, const char *xml,
                   size_t len)
{
	char *wire = stamp_from(xml, len, from->jid);
	if (wire == NULL)
		return 1;
	if (!quiet) {
		printf("\n%s -> %s (%zu bytes):\n", from->name, to->name,
		       strlen(wire));
		print_indented(wire, strlen(wire));
	}
	esession_session *s = NULL;
	esession_status st =
	    esession_router_receive(to->router, wire, strlen(wire), &s);
	free(wire);
	if (s != NULL)
		to->session = s;
	if (st != ESESSION_OK && st != ESESSION_EPEER_DECLINED) {
		printf("[%s] refused the stanza: %s\n", to->name,
		       esession_strerror(st));
		/* Still drain: a failing session queues its error stanza. */
		drain(to, from);
		return 1;
	}
	return drain(to, from);
}

static int setup_party(struct party *p, const char *name, const char *jid,
                       const unsigned *group, const char *cipher,
                       const char *hash)
{
	memset(p, 0, sizeof *p);
	p->name = name;
	p->jid = jid;
	esession_status st = esession_store_new_memory(&p->store);
	if (st == ESESSION_OK)
		st = esession_config_new(p->store, &p->config);
	if (st == ESESSION_OK && group != NULL)
		st = esession_config_set_groups(p->config, group, 1);
	if (st == ESESSION_OK && cipher != NULL)
		st = esession_config_set_ciphers(p->config, &cipher, 1);
	if (st == ESESSION_OK && hash != NULL)
		st = esession_config_set_hashes(p->config, &hash, 1);
	if (st == ESESSION_OK)
		st = esession_router_new(p->config, jid, &p->router);
	if (st != ESESSION_OK) {
		fprintf(stderr, "demo: %s: setup: %s\n", name,
		        esession_strerror(st));
		return 1;
	}
	return 0;
}

static void free_party(struct party *p)
{
	esession_router_free(p->router);
	esession_config_free(p->config);
	esession_store_free(p->store);
}

static int send_text(struct party *from, struct party *to, const char *body)
{
	char stanza[512];
	snprintf(stanza, sizeof stanza,
	         "<message type='chat'><body>%s</body></message>", body);
	printf("\n[%s] encrypting: %s\n", from->name, stanza);
	esession_status st =
	    esession_session_encrypt(from->session, stanza, strlen(stanza));
	if (st != ESESSION_OK) {
		printf("[%s] encrypt failed: %s\n", from->name,
		       esession_strerror(st));
		return 1;
	}
	return drain(from, to);
}

static int run_session(struct party *alice, struct party *bob, int round)
{
	printf("\n=== session %d: negotiation (XEP-0116, 4 messages) ===\n",
	       round);
	alice->established = bob->established = 0;
	alice->ended = bob->ended = 0;
	esession_status st = esession_router_start(
	    alice->router, "bob@example.com", &alice->session);
	if (st != ESESSION_OK) {
		printf("start: %s\n", esession_strerror(st));
		return 1;
	}
	if (drain(alice, bob) != 0)
		return 1;
	if (!alice->established || !bob->established) {
		printf("negotiation did not complete\n");
		return 1;
	}
	esession_info info;
	if (esession_session_get_info(alice->session, &info) == ESESSION_OK)
		printf("\nnegotiated: MODP group %u, %s, %s, rekey_freq %u, "
		       "logging %s, disclosure %s\n",
		       info.modp_group, info.cipher, info.hash,
		       (unsigned)info.rekey_freq, info.logging,
		       info.disclosure);
	printf("SAS: Alice sees %s, Bob sees %s: %s\n", alice->sas, bob->sas,
	       strcmp(alice->sas, bob->sas) == 0 ? "EQUAL" : "DIFFERENT");
	if (strcmp(alice->sas, bob->sas) != 0)
		return 1;

	printf("\n=== session %d: encrypted stanzas (XEP-0200) ===\n", round);
	if (send_text(alice, bob, "Hello, Bob!") != 0 ||
	    send_text(bob, alice, "Hi Alice &amp; welcome.") != 0 ||
	    send_text(alice, bob, "The SAS matches on my side.") != 0 ||
	    send_text(bob, alice, "Mine too.") != 0)
		return 1;

	if (round == 1) {
		/* The users compared the SAS out of band: remember it. */
		if (esession_session_confirm_sas(alice->session) !=
		        ESESSION_OK ||
		    esession_session_confirm_sas(bob->session) != ESESSION_OK)
			return 1;
		printf("\nboth users confirmed the SAS: the retained-secret "
		       "chain is marked verified\n");
	}

	printf("\n=== session %d: termination ===\n", round);
	st = esession_session_terminate(alice->session);
	if (st != ESESSION_OK) {
		printf("terminate: %s\n", esession_strerror(st));
		return 1;
	}
	if (drain(alice, bob) != 0)
		return 1;
	if (!alice->ended || !bob->ended) {
		printf("termination did not complete\n");
		return 1;
	}
	printf("states: Alice %s, Bob %s\n",
	       esession_session_state(alice->session) == ESESSION_STATE_ENDED
	           ? "ENDED"
	           : "?",
	       esession_session_state(bob->session) == ESESSION_STATE_ENDED
	           ? "ENDED"
	           : "?");
	esession_status r1 =
	    esession_router_remove(alice->router, alice->session);
	esession_status r2 = esession_router_remove(bob->router, bob->session);
	alice->session = bob->session = NULL;
	return r1 == ESESSION_OK && r2 == ESESSION_OK ? 0 : 1;
}

int es_cmd_demo(int argc, char **argv)
{
	unsigned group = 0;
	const char *cipher = NULL;
	const char *hash = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--group") == 0 && i + 1 < argc)
			group = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--cipher") == 0 && i + 1 < argc)
			cipher = argv[++i];
		else if (strcmp(argv[i], "--hash") == 0 && i + 1 < argc)
			hash = argv[++i];
		else if (strcmp(argv[i], "--quiet") == 0)
			quiet = 1;
		else {
			fprintf(stderr,
			        "usage: esession demo [--group N] [--cipher "
			        "NAME] [--hash NAME] [--quiet]\n");
			return 2;
		}
	}
	struct party alice, bob;
	int rc = setup_party(&alice, "Alice", ALICE, group ? &group : NULL,
	                     cipher, hash);
	if (rc == 0)
		rc = setup_party(&bob, "Bob", BOB, group ? &group : NULL,
		                 cipher, hash);
	if (rc == 0)
		rc = run_session(&alice, &bob, 1);
	if (rc == 0)
		rc = run_session(&alice, &bob, 2);
	free_party(&alice);
	free_party(&bob);
	printf("\ndemo %s\n", rc == 0 ? "completed" : "FAILED");
	return rc == 0 ? 0 : 1;
}
