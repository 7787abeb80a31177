/*
 * fuzz_router.c - the router of one client (Bob) fed a sequence of
 * stanzas: session look-up by peer and <thread/>, responder creation,
 * several sessions at once, and every session's reaction.
 *
 * Input: byte 0 selects Bob's negotiation mode (fz_mode_select(byte 0, 0),
 * see fuzz_modes.h: bit 7 set and bits 0-2 the mode; bit 7 clear is mode
 * 0, the 4-message negotiation without public keys); the rest is stanzas
 * separated by NUL bytes (a NUL can never occur inside an XML stanza), each
 * delivered unchanged to Bob's router; at most 16. Bob uses the deterministic
 * RNG, so a seed (Alice's recorded side of a whole session of the same mode:
 * request, identity, encrypted stanzas, termination) makes a fresh Bob
 * negotiate and decrypt exactly as when it was recorded. What Bob sends is read
 * and dropped.
 */
#include "fuzz_common.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_STANZAS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	if (size < 1)
		return 0;
	const fz_opts o = {.mode = fz_mode_select(data[0], 0),
	                   .is_alice = false};
	fz_party bob;
	fz_party_init(&bob, FZ_BOB, &o);
	size_t start = 1;
	for (int n = 0; n < MAX_STANZAS && start <= size; n++) {
		const uint8_t *nul =
		    size > start ? memchr(data + start, 0, size - start) : NULL;
		size_t end = nul != NULL ? (size_t)(nul - data) : size;
		(void)fz_deliver(&bob, NULL, (const char *)data + start,
		                 end - start);
		fz_discard(&bob);
		start = end + 1;
	}
	fz_party_free(&bob);
	return 0;
}
