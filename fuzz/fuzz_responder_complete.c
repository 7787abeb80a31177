/*
 * fuzz_responder_complete.c - Bob receiving Alice's identity (XEP-0116
 * message 3, "accept"): the nonce and commitment checks (4 messages),
 * decryption and MAC of ID_A, her signature or fingerprint when she
 * identifies with a public key, his session keys, and message 4.
 *
 * Input: byte 0, then the rest:
 *   byte0 & 0x87  the negotiation mode (fz_mode_select(byte0, 0), see
 *               fuzz_modes.h: bit 7 set and bits 0-2 the mode; bit 7
 *               clear is mode 0, the 4-message negotiation without
 *               public keys). A deterministic pair is run in that mode
 *               until Alice has queued message 3.
 *   byte0 & 0x88  (fz_sealed, fuzz_forge.h)
 *               not both set: message 3 is dropped and the rest is a
 *               stanza delivered to Bob's session instead. The harness
 *               holds the same keys as the recorded transcript of the
 *               mode, so the seed (that mode's recorded message 3) passes
 *               every MAC and signature check.
 *               both set: the rest is the plaintext payload of ID_A
 *               ({pubKey_A, sign_A}, or mac_A in pubkey 'none': XEP-0116
 *               §"Hiding Alice's Identity"); the harness seals it as
 *               Alice would, with her KC_A, KM_A and C_A (fuzz_forge.h:
 *               FZ_ID_ALICE4, FZ_ID_ALICE3), into her recorded message 3,
 *               so Bob's parsing of <KeyValue/>, <fingerprint/> and
 *               <SignatureValue/> (or his comparison of mac_A) gets
 *               fuzzed bytes past M_A (seeds: the recorded payloads,
 *               t-payload-*, which give back message 3 exactly). Mode 0
 *               is sealed with byte 0x88.
 * Whatever Bob answers is forwarded to Alice and back.
 */
#include "fuzz_common.h"
#include "fuzz_forge.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	if (size < 1)
		return 0;
	fz_pair p;
	fz_pair_init_mode(&p, fz_mode_select(data[0], 0));
	fz_run_to(&p, FZ_MSG3);
	if (fz_sealed(data[0])) {
		char *msg3 = fz_take(&p.alice);
		char *sealed = fz_seal_identity(&p, fz_identity_of(&p, 3), msg3,
		                                data + 1, size - 1);
		fz_assert(sealed != NULL, "message 3 has identity and mac");
		(void)fz_deliver(&p.bob, FZ_ALICE, sealed, strlen(sealed));
		free(sealed);
		free(msg3);
	} else {
		fz_discard(&p.alice);
		(void)fz_receive(&p.bob, data + 1, size - 1);
	}
	fz_pump(&p);
	fz_pair_free(&p);
	return 0;
}
