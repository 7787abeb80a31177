/*
 * fuzz_router.c - the router of one client (Bob) fed a sequence of
 * stanzas: session look-up by peer and <thread/>, responder creation,
 * several sessions at once, and every session's reaction.
 *
 * Input: stanzas separated by NUL bytes (a NUL can never occur inside an
 * XML stanza), each delivered unchanged to Bob's router; at most 16. Bob
 * uses the deterministic RNG, so the seed (Alice's recorded side of a
 * whole session: request, identity, encrypted stanzas, termination) makes
 * a fresh Bob negotiate and decrypt exactly as when it was recorded.
 * What Bob sends is read and dropped.
 */
#include "fuzz_common.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_STANZAS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	fz_party bob;
	fz_party_init(&bob, FZ_BOB, NULL);
	size_t start = 0;
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
