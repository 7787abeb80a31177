/*
 * make_seeds.c - writes the transcript-derived seed corpora of the session
 * harnesses: one deterministic negotiation per mode (fuzz_common's
 * parties, seed and group; fuzz_modes.h's modes and keys), an encrypted
 * stanza and a termination, each stanza exactly as it reaches the peer
 * (with 'from' stamped). Because the harnesses replay the same
 * negotiation of the mode their selector byte names, every seed is valid
 * in them: message 3 passes Bob's MAC and signature checks, the <c/>
 * decrypts.
 *
 *   make_seeds DIR    writes DIR/<harness>/t-*.xml (DIR is fuzz/corpus)
 *
 * Mode 0's seeds keep the names they had before modes existed; the other
 * modes' seeds carry the mode's name. The payload seeds t-payload-* of
 * fuzz_responder_complete and fuzz_initiator_bobid hold the plaintext of
 * each recorded ID_A and ID_B (opened with fuzz_forge.h); make_seeds
 * aborts unless sealing it again gives back the recorded message byte for
 * byte. Rerun it whenever the library changes a byte of the negotiation
 * (a harness whose seed stops being accepted loses its depth silently;
 * fuzz/run prints the coverage, which shows it, and the fuzz-seeds-fresh
 * test fails).
 */
#include "fuzz_common.h"
#include "fuzz_forge.h"

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
			fputc(0, f); /* the harnesses' stanza separator */
		fputs(parts[i], f);
	}
	fz_assert(fclose(f) == 0, "write output file");
}

static void put1(const char *harness, const char *name, int prefix,
                 const char *xml)
{
	put(harness, name, prefix, &xml, 1);
}

/* A payload seed: the selector byte, then the bytes (mac_X in pubkey
 * 'none' is binary). */
static void put_bytes(const char *harness, const char *name, int prefix,
                      const uint8_t *data, size_t len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s/%s", outdir, harness, name);
	FILE *f = fopen(path, "wb");
	fz_assert(f != NULL, "open output file (does DIR/<harness>/ exist?)");
	fputc(prefix, f);
	fz_assert(fwrite(data, 1, len, f) == len, "write payload");
	fz_assert(fclose(f) == 0, "write output file");
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

/* hop for message `message` (2, 3 or 4), which carries an identity:
 * before it is delivered (the point where the harnesses seal), its ID_X
 * is opened into *payload (caller frees), and sealing that plaintext
 * again must give back the stanza byte for byte: the sealed modes of
 * fuzz_initiator_bobid and fuzz_responder_complete start from there. */
static char *hop_identity(fz_pair *p, fz_party *from, fz_party *to,
                          unsigned message, uint8_t **payload,
                          size_t *payload_len)
{
	char *x = fz_take(from);
	fz_assert(x != NULL, "a stanza is queued");
	char *wire = fz_stamp_from(x, strlen(x), from->jid);
	free(x);
	const fz_identity which = fz_identity_of(p, message);
	fz_open_identity(p, which, wire, payload, payload_len);
	char *again = fz_seal_identity(p, which, wire, *payload, *payload_len);
	fz_assert(again != NULL && strcmp(again, wire) == 0,
	          "re-sealed identity gives back the recorded message");
	free(again);
	fz_ok(fz_deliver(to, NULL, wire, strlen(wire)), "deliver");
	return wire;
}

/* One whole session in one mode, as the stanzas reach the peer. */
typedef struct transcript {
	char *msg[4];       /* messages 1..4; msg[3] NULL in a 3-message mode */
	char *c;            /* Alice's encrypted `plain` */
	char *t;            /* Alice's termination */
	char *ack;          /* Bob's answer to it */
	uint8_t *payload_b; /* the plaintext of Bob's ID_B (message 2 or 4) */
	size_t payload_b_len;
	uint8_t *payload_a; /* the plaintext of Alice's ID_A (message 3) */
	size_t payload_a_len;
} transcript;

static const char plain[] =
    "<message type='chat'><body>Hello, Bob!</body></message>";

static void record(const fz_mode *m, transcript *tr)
{
	memset(tr, 0, sizeof *tr);
	fz_pair p;
	fz_pair_init_mode(&p, m);
	fz_ok(esession_router_start(p.alice.router, FZ_BOB_BARE,
	                            &p.alice.session),
	      "start");
	fz_drain(&p.alice, NULL);
	tr->msg[0] = hop(&p.alice, &p.bob);
	if (m->messages == 3)
		tr->msg[1] = hop_identity(&p, &p.bob, &p.alice, 2,
		                          &tr->payload_b, &tr->payload_b_len);
	else
		tr->msg[1] = hop(&p.bob, &p.alice);
	tr->msg[2] = hop_identity(&p, &p.alice, &p.bob, 3, &tr->payload_a,
	                          &tr->payload_a_len);
	if (m->messages == 4)
		tr->msg[3] = hop_identity(&p, &p.bob, &p.alice, 4,
		                          &tr->payload_b, &tr->payload_b_len);
	fz_assert(
	    esession_session_state(p.alice.session) == ESESSION_STATE_ACTIVE &&
	        esession_session_state(p.bob.session) == ESESSION_STATE_ACTIVE,
	    "both ACTIVE");
	fz_ok(
	    esession_session_encrypt(p.alice.session, plain, sizeof plain - 1),
	    "encrypt");
	fz_drain(&p.alice, NULL);
	tr->c = hop(&p.alice, &p.bob);
	fz_ok(esession_session_terminate(p.alice.session), "terminate");
	fz_drain(&p.alice, NULL);
	tr->t = hop(&p.alice, &p.bob);
	tr->ack = hop(&p.bob, &p.alice);
	fz_pair_free(&p);
}

static void transcript_free(transcript *tr)
{
	for (size_t i = 0; i < 4; i++)
		free(tr->msg[i]);
	free(tr->c);
	free(tr->t);
	free(tr->ack);
	free(tr->payload_a);
	free(tr->payload_b);
}

/* The seeds of mode 0, under the names they had before modes existed. */
static void seeds_mode0(const transcript *tr)
{
	char *const *msg = tr->msg;
	const char *all[] = {msg[0], msg[1], msg[2], msg[3],
	                     tr->c,  tr->t,  tr->ack};
	const char *names[] = {"t-msg1.xml", "t-msg2.xml", "t-msg3.xml",
	                       "t-msg4.xml", "t-c.xml",    "t-terminate.xml",
	                       "t-ack.xml"};
	for (size_t i = 0; i < 7; i++)
		put1("xml", names[i], -1, all[i]);
	for (size_t i = 0; i < 4; i++)
		put1("form", names[i], -1, all[i]);
	/* fuzz_responder_request: byte 0 selects the configuration. */
	put1("responder_request", "t-msg1-default.xml", 0, msg[0]);
	put1("responder_request", "t-msg1-accept.xml", 1, msg[0]);
	put1("responder_request", "t-msg1-decline.xml", 2, msg[0]);
	put1("responder_request", "t-msg1-fallback.xml", 3, msg[0]);
	put1("responder_request", "t-msg1-silent.xml", 4, msg[0]);
	put1("responder_request", "t-msg1-accept-router.xml", 9, msg[0]);
	/* The other session harnesses: byte 0 = 0 selects mode 0. */
	put1("initiator_response", "t-msg2.xml", 0, msg[1]);
	put1("responder_complete", "t-msg3.xml", 0, msg[2]);
	put1("initiator_bobid", "t-msg4.xml", 0, msg[3]);
	/* The sealed modes (fz_sealed: byte 0x88 is mode 0): the plaintext
	 * of ID_A and ID_B, here mac_A and mac_B (pubkey 'none'). */
	const int sealed0 = (int)(FZ_MODE_BIT | FZ_SEAL_BIT);
	put_bytes("responder_complete", "t-payload-4none.bin", sealed0,
	          tr->payload_a, tr->payload_a_len);
	put_bytes("initiator_bobid", "t-payload-4none.bin", sealed0,
	          tr->payload_b, tr->payload_b_len);
	/* fuzz_session_c: byte 0 selects the mode; NUL separates stanzas. */
	const char *c_then_t[] = {tr->c, tr->t};
	const char *c_twice[] = {tr->c, tr->c};
	const char *plain_twice[] = {plain, plain};
	put1("session_c", "t-c.xml", 0, tr->c);
	put("session_c", "t-c-twice.bin", 0, c_twice, 2);
	put("session_c", "t-c-terminate.bin", 0, c_then_t, 2);
	put1("session_c", "t-plain.xml", 1, plain);
	put("session_c", "t-plain-twice-terminate.bin", 5, plain_twice, 2);
	const char *bob_side[] = {msg[0], msg[2], tr->c, tr->t};
	put("router", "t-session.bin", 0, bob_side, 4);
}

/* The seeds of mode index i > 0, named after the mode. */
static void seeds_mode(unsigned i, const transcript *tr)
{
	const fz_mode *m = fz_mode_at(i);
	char *const *msg = tr->msg;
	char name[96];
	/* fz_mode_select: bit 7 and the mode index. */
	const int sel = (int)(FZ_MODE_BIT | i);
	const int sel4 = (int)(FZ_MODE_BIT | (i << 4));
#define NAME(fmt) (snprintf(name, sizeof name, fmt, m->name), name)
	/* Accept (configuration 1), mode in bits 4-6. */
	put1("responder_request", NAME("t-msg1-%s.xml"), sel4 | 1, msg[0]);
	put1("initiator_response", NAME("t-msg2-%s.xml"), sel, msg[1]);
	put1("responder_complete", NAME("t-msg3-%s.xml"), sel, msg[2]);
	/* Bob's identity: message 4, or message 2 in SIGMA-I. */
	if (m->messages == 4)
		put1("initiator_bobid", NAME("t-msg4-%s.xml"), sel, msg[3]);
	else
		put1("initiator_bobid", NAME("t-msg2-%s.xml"), sel, msg[1]);
	/* Bit 3 (fz_sealed): the plaintext {pubKey_X, sign_X} of ID_A and
	 * ID_B (XML text), which the harnesses seal. */
	put_bytes("responder_complete", NAME("t-payload-%s.xml"),
	          sel | (int)FZ_SEAL_BIT, tr->payload_a, tr->payload_a_len);
	put_bytes("initiator_bobid", NAME("t-payload-%s.xml"),
	          sel | (int)FZ_SEAL_BIT, tr->payload_b, tr->payload_b_len);
	const char *c_then_t[] = {tr->c, tr->t};
	put("session_c", NAME("t-c-terminate-%s.bin"), sel4, c_then_t, 2);
	const char *bob_side[] = {msg[0], msg[2], tr->c, tr->t};
	put("router", NAME("t-session-%s.bin"), sel, bob_side, 4);
	/* The parsers see the public-key fields (KeyValue, fingerprint,
	 * SignatureValue, dhkeys) through two modes: one 4-message DSA
	 * mode with both 'key' and 'hash', one 3-message RSA mode. */
	if (i == 3 || i == 4) {
		const size_t n = m->messages;
		for (size_t k = 0; k < n; k++) {
			snprintf(name, sizeof name, "t-msg%zu-%s.xml", k + 1,
			         m->name);
			put1("xml", name, -1, msg[k]);
			put1("form", name, -1, msg[k]);
		}
	}
#undef NAME
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_seeds DIR\n");
		return 2;
	}
	outdir = argv[1];
	fz_init();
	for (unsigned i = 0; i < FZ_N_MODES; i++) {
		transcript tr;
		record(fz_mode_at(i), &tr);
		if (i == 0)
			seeds_mode0(&tr);
		else
			seeds_mode(i, &tr);
		transcript_free(&tr);
	}
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
	return 0;
}
