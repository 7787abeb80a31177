/*
 * fuzz_initiator_response.c - Alice receiving Bob's response (XEP-0116
 * message 2): response form checks, the DH value, her identity (message
 * 3), and Bob's reaction to it.
 *
 * A deterministic pair is run until Bob has queued message 2; it is
 * dropped and the input (the whole stanza, with its 'from') is delivered
 * to Alice's session instead. Whatever Alice sends is then forwarded to
 * Bob and back (fz_pump), so an input close to the recorded message 2
 * carries the negotiation on to ACTIVE.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	fz_pair p;
	fz_pair_init(&p);
	fz_run_to(&p, FZ_MSG2);
	fz_discard(&p.bob);
	(void)fz_receive(&p.alice, data, size);
	fz_pump(&p);
	fz_pair_free(&p);
	return 0;
}
