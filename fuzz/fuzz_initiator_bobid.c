/*
 * fuzz_initiator_bobid.c - Alice receiving Bob's identity: decryption and
 * MAC of ID_B, his signature or fingerprint when he identifies with a
 * public key, the retained-secret update, and the first encrypted stanzas
 * after it.
 *
 * Bob's identity travels in message 4 of the 4-message negotiation and in
 * message 2 of the 3-message one (XEP-0116 §"Three- or Four-Message
 * Negotiation?"). Input: byte 0, then the rest:
 *   byte0 & 0x87  the negotiation mode (fz_mode_select(byte0, 0), see
 *               fuzz_modes.h: bit 7 set and bits 0-2 the mode; bit 7
 *               clear is mode 0, the 4-message negotiation without
 *               public keys). A deterministic pair is run until Bob has
 *               queued the message with his identity (2 or 4).
 *   byte0 & 0x88  (fz_sealed, fuzz_forge.h)
 *               not both set: that message is dropped and the rest is a
 *               whole stanza delivered to Alice's session instead (seeds:
 *               the recorded messages, which pass every check; in
 *               3-message modes this is fuzz_initiator_response's entry
 *               point).
 *               both set: the rest is the plaintext payload of ID_B
 *               ({pubKey_B, sign_B}, or mac_B in pubkey 'none'); the
 *               harness seals it as Bob would, with his KC_B, KM_B and
 *               C_B (fuzz_forge.h: FZ_ID_BOB3 for message 2 of 3,
 *               FZ_ID_BOB4 for message 4), into his recorded message, so
 *               Alice's parsing of <KeyValue/>, <fingerprint/> and
 *               <SignatureValue/> (or her comparison of mac_B) gets fuzzed
 *               bytes with a valid M_B (seeds: the recorded payloads,
 *               t-payload-*, which give back the message exactly). Mode 0
 *               is sealed with byte 0x88.
 * Whatever Alice answers is forwarded to Bob and back (fz_pump).
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
	const fz_mode *m = fz_mode_select(data[0], 0);
	const unsigned message = m->messages == 3 ? 2u : 4u;
	fz_pair p;
	fz_pair_init_mode(&p, m);
	fz_run_to(&p, message == 2 ? FZ_MSG2 : FZ_MSG4);
	if (fz_sealed(data[0])) {
		char *msg = fz_take(&p.bob);
		char *sealed = fz_seal_identity(&p, fz_identity_of(&p, message),
		                                msg, data + 1, size - 1);
		fz_assert(sealed != NULL, "the message has identity and mac");
		(void)fz_deliver(&p.alice, FZ_BOB, sealed, strlen(sealed));
		free(sealed);
		free(msg);
	} else {
		fz_discard(&p.bob);
		(void)fz_receive(&p.alice, data + 1, size - 1);
	}
	fz_pump(&p);
	fz_pair_free(&p);
	return 0;
}
