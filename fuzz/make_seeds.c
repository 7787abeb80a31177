/*
 * make_seeds.c - writes the transcript-derived seed corpora of the session
 * harnesses: one deterministic negotiation (fuzz_common's parties, seed
 * and group), an encrypted stanza and a termination, each stanza exactly
 * as it reaches the peer (with 'from' stamped). Because the harnesses
 * replay the same negotiation, every seed is valid in them: message 3
 * passes Bob's MAC checks, the <c/> decrypts.
 *
 *   make_seeds DIR    writes DIR/<harness>/t-*.xml (DIR is fuzz/corpus)
 *
 * Rerun it whenever the library changes a byte of the negotiation (a
 * harness whose seed stops being accepted loses its depth silently;
 * fuzz/run prints the coverage, which shows it).
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *outdir;

static void put(const char *harness, const char *name, int prefix,
                const char *const *parts, size_t n)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s/%s", outdir, harness, name);
	FILE *f = fopen(path, "wb");
	fz_assert(f != NULL, "open output file (does DIR/<harness>/ exist?)");
	if (prefix >= 0)
		fputc(prefix, f);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputc(0, f); /* fuzz_router's separator */
		fputs(parts[i], f);
	}
	fz_assert(fclose(f) == 0, "write output file");
}

static void put1(const char *harness, const char *name, int prefix,
                 const char *xml)
{
	put(harness, name, prefix, &xml, 1);
}

/* Take the one queued stanza of from, stamp it, deliver it to `to`;
 * returns the stamped wire text (caller frees). */
static char *hop(fz_party *from, fz_party *to)
{
	char *x = fz_take(from);
	fz_assert(x != NULL, "a stanza is queued");
	char *wire = fz_stamp_from(x, strlen(x), from->jid);
	free(x);
	fz_ok(fz_deliver(to, NULL, wire, strlen(wire)), "deliver");
	return wire;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_seeds DIR\n");
		return 2;
	}
	outdir = argv[1];
	fz_init();
	fz_pair p;
	fz_pair_init(&p);
	fz_ok(esession_router_start(p.alice.router, FZ_BOB_BARE,
	                            &p.alice.session),
	      "start");
	fz_drain(&p.alice, NULL);
	char *m1 = hop(&p.alice, &p.bob);
	char *m2 = hop(&p.bob, &p.alice);
	char *m3 = hop(&p.alice, &p.bob);
	char *m4 = hop(&p.bob, &p.alice);
	fz_assert(esession_session_state(p.alice.session) ==
	              ESESSION_STATE_ACTIVE,
	          "ACTIVE");
	static const char plain[] =
	    "<message type='chat'><body>Hello, Bob!</body></message>";
	fz_ok(
	    esession_session_encrypt(p.alice.session, plain, sizeof plain - 1),
	    "encrypt");
	fz_drain(&p.alice, NULL);
	char *c1 = hop(&p.alice, &p.bob);
	fz_ok(esession_session_terminate(p.alice.session), "terminate");
	fz_drain(&p.alice, NULL);
	char *t = hop(&p.alice, &p.bob);
	char *ack = hop(&p.bob, &p.alice);

	const char *all[] = {m1, m2, m3, m4, c1, t, ack};
	const char *names[] = {"t-msg1.xml", "t-msg2.xml", "t-msg3.xml",
	                       "t-msg4.xml", "t-c.xml",    "t-terminate.xml",
	                       "t-ack.xml"};
	for (size_t i = 0; i < 7; i++)
		put1("xml", names[i], -1, all[i]);
	for (size_t i = 0; i < 4; i++)
		put1("form", names[i], -1, all[i]);
	/* fuzz_responder_request: byte 0 selects the configuration. */
	put1("responder_request", "t-msg1-default.xml", 0, m1);
	put1("responder_request", "t-msg1-accept.xml", 1, m1);
	put1("responder_request", "t-msg1-decline.xml", 2, m1);
	put1("responder_request", "t-msg1-fallback.xml", 3, m1);
	put1("responder_request", "t-msg1-silent.xml", 4, m1);
	put1("responder_request", "t-msg1-accept-router.xml", 9, m1);
	put1("initiator_response", "t-msg2.xml", -1, m2);
	put1("responder_complete", "t-msg3.xml", -1, m3);
	put1("initiator_bobid", "t-msg4.xml", -1, m4);
	/* fuzz_session_c: byte 0 selects the mode; NUL separates stanzas. */
	const char *c_then_t[] = {c1, t};
	const char *c_twice[] = {c1, c1};
	const char *plain_twice[] = {plain, plain};
	put1("session_c", "t-c.xml", 0, c1);
	put("session_c", "t-c-twice.bin", 0, c_twice, 2);
	put("session_c", "t-c-terminate.bin", 0, c_then_t, 2);
	put1("session_c", "t-plain.xml", 1, plain);
	put("session_c", "t-plain-twice-terminate.bin", 5, plain_twice, 2);
	/* A request with the library's default groups (14, 15, 16, 5), which
	 * the default responder configuration (byte 0 = 0) accepts. */
	{
		static const unsigned defaults[] = {14, 15, 16, 5};
		fz_opts o = {.groups = defaults, .n_groups = 4};
		fz_party a;
		fz_party_init(&a, FZ_ALICE, &o);
		fz_ok(esession_router_start(a.router, FZ_BOB_BARE, &a.session),
		      "start");
		fz_drain(&a, NULL);
		char *x = fz_take(&a);
		fz_assert(x != NULL, "request queued");
		char *wire = fz_stamp_from(x, strlen(x), a.jid);
		put1("responder_request", "t-msg1-default-groups.xml", 0, wire);
		free(wire);
		free(x);
		fz_party_free(&a);
	}
	const char *bob_side[] = {m1, m3, c1, t};
	put("router", "t-session.bin", -1, bob_side, 4);

	char *owned[] = {m1, m2, m3, m4, c1, t, ack};
	for (size_t i = 0; i < 7; i++)
		free(owned[i]);
	fz_pair_free(&p);
	return 0;
}
