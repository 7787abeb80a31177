/*
 * fuzz_initiator_response.c - Alice receiving Bob's response (XEP-0116
 * message 2): response form checks, the DH value, in the 3-message
 * negotiation Bob's identity (signature or fingerprint, MAC), her
 * identity (message 3), and Bob's reaction to it.
 *
 * Input: byte 0 selects the negotiation mode (fz_mode_select(byte 0, 0),
 * see fuzz_modes.h: bit 7 set and bits 0-2 the mode; bit 7 clear is mode
 * 0, the 4-message negotiation without public keys), the rest is the
 * stanza. A deterministic pair is run in that mode until Bob
 * has queued message 2; it is dropped and the stanza (with its 'from') is
 * delivered to Alice's session instead. Whatever Alice sends is then
 * forwarded to Bob and back (fz_pump), so an input close to the recorded
 * message 2 of the same mode carries the negotiation on to ACTIVE.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	if (size < 1)
		return 0;
	fz_pair p;
	fz_pair_init_mode(&p, fz_mode_select(data[0], 0));
	fz_run_to(&p, FZ_MSG2);
	fz_discard(&p.bob);
	(void)fz_receive(&p.alice, data + 1, size - 1);
	fz_pump(&p);
	fz_pair_free(&p);
	return 0;
}
