/*
 * roundtrip_common.h - one complete session between Alice and Bob through
 * the public API (negotiation, encrypted traffic both ways, termination),
 * shared by the unit and the slow round-trip suites.
 */
#ifndef ES_TEST_ROUNDTRIP_COMMON_H
#define ES_TEST_ROUNDTRIP_COMMON_H

#include "session_harness.h"

/* The cipher and hash wire names of XEP-0116 §"ESession Request". */
extern const char *const rt_ciphers[];
extern const size_t rt_n_ciphers;
extern const char *const rt_hashes[];
extern const size_t rt_n_hashes;

/* Negotiate with exactly this group/cipher/hash on both sides, check the
 * SAS and the negotiated parameters, exchange message, presence and iq
 * stanzas both ways, terminate. */
void rt_full_session(unsigned group, const char *cipher, const char *hash);

/* Alice encrypts `stanza` (or Bob, when from_bob), the peer decrypts:
 * the PLAINTEXT must equal it (sh_assert_plaintext). */
void rt_send(sh_pair *p, bool from_bob, const char *stanza);

/* Alice terminates, Bob acknowledges: both TERMINATED(OK) and ENDED. */
void rt_terminate(sh_pair *p);

#endif
