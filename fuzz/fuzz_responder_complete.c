/*
 * fuzz_responder_complete.c - Bob receiving Alice's identity (XEP-0116
 * message 3, "accept"): the nonce and commitment checks, decryption and
 * MAC of id_A, his session keys, and message 4.
 *
 * A deterministic pair is run until Alice has queued message 3; it is
 * dropped and the input (the whole stanza) is delivered to Bob's session.
 * The harness holds the same keys as the recorded transcript, so the seed
 * (the recorded message 3) passes every MAC check; whatever Bob answers is
 * forwarded to Alice and back.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	fz_pair p;
	fz_pair_init(&p);
	fz_run_to(&p, FZ_MSG3);
	fz_discard(&p.alice);
	(void)fz_receive(&p.bob, data, size);
	fz_pump(&p);
	fz_pair_free(&p);
	return 0;
}
