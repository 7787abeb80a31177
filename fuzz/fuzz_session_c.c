/*
 * fuzz_session_c.c - an established session receiving stanzas (XEP-0200
 * <c/> decryption, MAC check, counter, content reassembly; termination).
 *
 * A deterministic pair is run to ACTIVE in the negotiation mode
 * fz_mode_select(byte0, 4) (see fuzz_modes.h: bit 7 set and bits 4-6 the
 * mode; bit 7 clear is mode 0, the 4-message negotiation without public
 * keys). The low bits of byte 0 select how
 * the rest, up to 8 stanzas separated by NUL bytes, is handled:
 *   byte0 & 1 == 0  ciphertext mode: each stanza is delivered as is to
 *                   Bob's session, as though Alice had sent it (seeds:
 *                   recorded encrypted stanzas and the termination).
 *   byte0 & 1 == 1  plaintext mode: Alice encrypts each stanza
 *                   (esession_session_encrypt) and what she sends is
 *                   delivered to Bob, so the fuzzer reaches decryption and
 *                   reassembly of content with valid MACs.
 *   byte0 & 4       Alice terminates afterwards.
 * Whatever Bob answers goes back to Alice (fz_pump).
 */
#include "fuzz_common.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_STANZAS 8

static void one(fz_pair *p, bool plaintext, const uint8_t *s, size_t len)
{
	if (plaintext) {
		if (esession_session_encrypt(p->alice.session, (const char *)s,
		                             len) == ESESSION_OK)
			fz_drain(&p->alice, NULL);
	} else {
		(void)fz_receive(&p->bob, s, len);
	}
	fz_pump(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_init();
	if (size < 1)
		return 0;
	const bool plaintext = (data[0] & 1u) != 0;
	fz_pair p;
	fz_pair_init_mode(&p, fz_mode_select(data[0], 4));
	fz_run_to(&p, FZ_ACTIVE);
	size_t start = 1;
	for (int n = 0; n < MAX_STANZAS && start <= size; n++) {
		const uint8_t *nul =
		    size > start ? memchr(data + start, 0, size - start) : NULL;
		size_t end = nul != NULL ? (size_t)(nul - data) : size;
		one(&p, plaintext, data + start, end - start);
		start = end + 1;
	}
	if ((data[0] & 4u) != 0 &&
	    esession_session_terminate(p.alice.session) == ESESSION_OK) {
		fz_drain(&p.alice, NULL);
		fz_pump(&p);
	}
	fz_pair_free(&p);
	return 0;
}
