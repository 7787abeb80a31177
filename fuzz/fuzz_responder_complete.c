/*
 * fuzz_responder_complete.c - Bob receiving Alice's identity (XEP-0116
 * message 3, "accept"): the nonce and commitment checks (4 messages),
 * decryption and MAC of id_A, her signature or fingerprint when she
 * identifies with a public key, his session keys, and message 4.
 *
 * Input: byte 0 selects the negotiation mode (fz_mode_select(byte 0, 0),
 * see fuzz_modes.h: bit 7 set and bits 0-2 the mode; bit 7 clear is mode
 * 0, the 4-message negotiation without public keys), the rest is the
 * stanza. A deterministic pair is run in that mode until
 * Alice has queued message 3; it is dropped and the stanza is delivered
 * to Bob's session. The harness holds the same keys as the recorded
 * transcript of the mode, so the seed (that mode's recorded message 3)
 * passes every MAC and signature check; whatever Bob answers is
 * forwarded to Alice and back.
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
	fz_run_to(&p, FZ_MSG3);
	fz_discard(&p.alice);
	(void)fz_receive(&p.bob, data + 1, size - 1);
	fz_pump(&p);
	fz_pair_free(&p);
	return 0;
}
