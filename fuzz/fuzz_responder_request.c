/*
 * fuzz_responder_request.c - Bob receiving an ESession request (XEP-0116
 * message 1, XEP-0155 request form): request parsing, option selection,
 * the answer policies and the error stanzas they produce; 3-message
 * (SIGMA-I) requests with every e_i ('dhkeys') and public-key requests.
 *
 * Input: byte 0 selects Bob's configuration and entry point, the rest is
 * the request stanza exactly as it arrives (with its 'from').
 *   byte0 & 7:  0 library defaults (groups 14, 15, 16, 5; real RNG: a
 *                 request it accepts costs a 2048-bit exponentiation)
 *               1, 5, 6, 7 accept, group 1, deterministic RNG (the
 *                 seeds' setting)
 *               2 decline   3 fallback (c2s, none)   4 silent
 *   byte0 & 8:  through esession_router_receive instead of
 *               esession_session_new_responder.
 *   byte0 & 0x80, (byte0 >> 4) & 7: the negotiation mode of Bob's
 *               config (fz_mode_select(byte0, 4), see fuzz_modes.h); bit
 *               7 clear is mode 0, the 4-message negotiation without
 *               public keys (the older seeds' setting); the others give
 *               Bob pubkey modes, an identity key, Alice's public key
 *               and, in 3-message modes, acceptance of 3-message
 *               requests (answered with message 2 and his identity).
 * Whatever Bob queues is read and dropped.
 */
#include "fuzz_common.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned default_groups[] = {14, 15, 16, 5};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	if (size < 1)
		return 0;
	fz_opts o = {0};
	switch (data[0] & 7u) {
	case 0:
		o.groups = default_groups;
		o.n_groups = 4;
		o.random_rng = true;
		break;
	case 2: o.answer = ESESSION_ANSWER_DECLINE; break;
	case 3:
		o.answer = ESESSION_ANSWER_FALLBACK;
		o.fallback = ESESSION_SECURITY_C2S | ESESSION_SECURITY_NONE;
		break;
	case 4: o.answer = ESESSION_ANSWER_SILENT; break;
	default: break;
	}
	o.mode = fz_mode_select(data[0], 4);
	o.is_alice = false;
	const bool via_router = (data[0] & 8u) != 0;
	const char *request = (const char *)data + 1;
	const size_t len = size - 1;

	fz_party bob;
	fz_party_init(&bob, FZ_BOB, &o);
	if (via_router) {
		(void)fz_deliver(&bob, NULL, request, len);
	} else {
		esession_session *s = NULL;
		esession_status st = esession_session_new_responder(
		    bob.config, FZ_BOB, request, len, &s);
		fz_assert(st != ESESSION_OK || s != NULL,
		          "a session whenever the request was accepted");
		if (fz_verbose())
			fprintf(stderr, "fuzz: new_responder: %s; state %d\n",
			        esession_strerror(st),
			        (int)esession_session_state(s));
		if (s != NULL) {
			esession_info info;
			fz_ok(esession_session_get_info(s, &info), "get_info");
			fz_drain(&bob, s);
			esession_session_free(s);
		}
	}
	fz_party_free(&bob);
	return 0;
}
