/*
 * fuzz_initiator_bobid.c - Alice receiving Bob's identity (XEP-0116
 * message 4): decryption and MAC of id_B, the retained-secret update, and
 * the first encrypted stanzas after it.
 *
 * A deterministic pair is run until Bob has queued message 4; it is
 * dropped and the input (the whole stanza) is delivered to Alice's
 * session; the seed is the recorded message 4, which passes every check.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	fz_pair p;
	fz_pair_init(&p);
	fz_run_to(&p, FZ_MSG4);
	fz_discard(&p.bob);
	(void)fz_receive(&p.alice, data, size);
	fz_pump(&p);
	fz_pair_free(&p);
	return 0;
}
