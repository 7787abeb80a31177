/*
 * fuzz_forge.h - Bob's identity in the 3-message negotiation, sealed by
 * the harness: lets a fuzzer put any plaintext payload into ID_B with a
 * correct M_B, so that Alice's parsing of {pubKey_B, sign_B} (XEP-0116
 * §"Verifying Bob's Identity": <KeyValue/> or <fingerprint/>, then
 * <SignatureValue/>) runs on fuzzed bytes past the MAC check.
 *
 * XEP-0116 §"Hiding Bob's Identity":
 *   ID_B = CIPHER(KC_B, C_B, {pubKey_B, sign_B})
 *   M_B  = HMAC(HASH, KM_B, C_B, ID_B)
 * The harness holds Bob's session (a deterministic pair), so it has KC_B,
 * KM_B (kept in Bob's session from message 2 to message 3) and C_B: the
 * counter Bob's session holds after sealing, moved back by the blocks
 * his recorded ID_B used.
 */
#ifndef ES_FUZZ_FORGE_H
#define ES_FUZZ_FORGE_H

#include "fuzz_common.h"

/*
 * fz_forge_identity3 - message 2 (msg2: Bob's recorded stanza, the one
 * fz_run_to(p, FZ_MSG2) queued; p in a 3-message mode) with the values of
 * its 'identity' and 'mac' fields replaced by ID_B and M_B of `payload`
 * (len 0: an empty ID_B). A new NUL-terminated string (caller frees), or
 * NULL when msg2 has no such fields. Aborts on a crypto failure.
 */
char *fz_forge_identity3(const fz_pair *p, const char *msg2,
                         const uint8_t *payload, size_t len);

/*
 * fz_open_identity3 - the plaintext {pubKey_B, sign_B} of msg2's ID_B (M_B
 * verified), into a new buffer *out of *out_len bytes and a NUL (the
 * payload is XML text; caller frees).
 * Aborts when msg2 does not open: make_seeds uses it on Bob's own
 * message 2 to write the payload seeds.
 */
void fz_open_identity3(const fz_pair *p, const char *msg2, uint8_t **out,
                       size_t *out_len);

#endif
