/*
 * fuzz_forge.h - an identity payload sealed by the harness: lets a fuzzer
 * put any plaintext into ID_A or ID_B with a correct M_A or M_B, so that
 * the receiver's parsing of the payload (XEP-0116 §"Verifying Bob's
 * Identity", §"Verifying Alice's Identity": <KeyValue/> or <fingerprint/>,
 * then <SignatureValue/>; or mac_X in pubkey 'none') runs on fuzzed bytes
 * past the MAC check.
 *
 * XEP-0116 §"Hiding Bob's Identity" and §"Hiding Alice's Identity":
 *   ID_X = CIPHER(KC_X, C_X, payload)      payload: mac_X ('none') or
 *   M_X  = HMAC(HASH, KM_X, C_X, ID_X)              {pubKey_X, sign_X}
 * with C_X its value "before the encryption". The harness holds both
 * sessions of a deterministic pair (fuzz_common.h), stopped with the
 * identity's message queued and not yet delivered, so it has the keys and
 * the counter of each identity:
 *
 *   FZ_ID_BOB3   ID_B in message 2 of the 3-message negotiation
 *                (§"Hiding Bob's Identity", SIGMA-I). KC_B, KM_B: Bob's
 *                session keeps the six keys derived from K in keys3 from
 *                message 2 to message 3. C_B: Bob's c_b has already moved
 *                past his recorded ID_B; moved back by the blocks it used
 *                (ceil(len / block), the counter is big-endian modulo
 *                2^n), it is C_B before the encryption.
 *   FZ_ID_ALICE3 ID_A in message 3 of the 3-message negotiation
 *                (§"Hiding Alice's Identity"). KC_A, KM_A: Bob's keys3
 *                again (the same K gives all six keys). C_A: Bob's c_a,
 *                which he has not moved yet: the value he checks M_A with.
 *   FZ_ID_ALICE4 ID_A in message 3 of the 4-message negotiation. KC_A,
 *                KM_A are Alice's provisory keys, derived from the
 *                provisory K = HASH(mpi(e^y mod p)) (§"Diffie-Hellman
 *                Preparation (Alice)", §"Generating Session Keys"): Alice
 *                keeps that K (k0) until message 4, so the harness derives
 *                the initiator keys from it as she did. C_A: Bob's c_a, not
 *                yet moved (Bob has no K before he reads e in message 3).
 *   FZ_ID_BOB4   ID_B in message 4 of the 4-message negotiation. KC_B,
 *                KM_B come from the final K = HASH(K | SRS | OSS)
 *                (§"Generating Bob's Final Session Keys"), which Bob has
 *                wiped once ACTIVE; the harness computes it from Alice's
 *                k0 (she keeps it until message 4) with her OSS from her
 *                store and no SRS: a pair's stores are fresh, so neither
 *                party has a retained secret (asserted). C_B: Alice's
 *                c_b, not yet moved: the value she checks M_B with.
 *
 * That the result is exactly what the party would have sent is checked,
 * not only argued: make_seeds opens each recorded identity
 * (fz_open_identity) and aborts unless sealing the plaintext again gives
 * back the recorded message byte for byte (fz_seal_identity).
 */
#ifndef ES_FUZZ_FORGE_H
#define ES_FUZZ_FORGE_H

#include "fuzz_common.h"

typedef enum fz_identity {
	FZ_ID_BOB3 = 1, /* message 2, 3 messages; after fz_run_to(FZ_MSG2) */
	FZ_ID_ALICE3,   /* message 3, 3 messages; after fz_run_to(FZ_MSG3) */
	FZ_ID_ALICE4,   /* message 3, 4 messages; after fz_run_to(FZ_MSG3) */
	FZ_ID_BOB4      /* message 4; after fz_run_to(FZ_MSG4) */
} fz_identity;

/*
 * The selector bit of the sealed modes of fuzz_initiator_bobid and
 * fuzz_responder_complete: byte 0 with bit 7 (FZ_MODE_BIT) and bit 3 set
 * means the rest of the input is a plaintext payload to seal. Bit 7 is
 * required so that text input (ASCII: bit 7 clear; '<' has bit 3 set)
 * still replays mode 0's stanza path in every harness; mode 0 is sealed
 * with byte 0x88.
 */
#define FZ_SEAL_BIT 0x08u
static inline bool fz_sealed(unsigned b)
{
	return (b & (FZ_MODE_BIT | FZ_SEAL_BIT)) == (FZ_MODE_BIT | FZ_SEAL_BIT);
}

/* The identity carried by message `message` (2, 3 or 4) of p's mode.
 * Aborts when that message carries none (1, 2 of 4 messages, 4 of 3). */
fz_identity fz_identity_of(const fz_pair *p, unsigned message);

/*
 * fz_seal_identity - msg (the recorded stanza carrying identity `which`,
 * as queued by the sender or as stamped by make_seeds; p stopped at the
 * point named in fz_identity, with that message undelivered) with the
 * values of its 'identity' and 'mac' fields replaced by ID_X and M_X of
 * `payload` (len 0: an empty ID_X, whose M_X is the HMAC of C_X alone).
 * A new NUL-terminated string (caller frees), or NULL when msg has no
 * such fields. Aborts on a crypto failure or when p is not at that point.
 */
char *fz_seal_identity(const fz_pair *p, fz_identity which, const char *msg,
                       const uint8_t *payload, size_t len);

/*
 * fz_open_identity - the plaintext payload of msg's ID_X (M_X verified),
 * into a new buffer *out of *out_len bytes followed by a NUL (the payload
 * is XML text in the public-key modes, mac_X bytes in 'none'; caller
 * frees). Same p and msg as fz_seal_identity. Aborts when msg does not
 * open: make_seeds uses it on the recorded messages to write the payload
 * seeds.
 */
void fz_open_identity(const fz_pair *p, fz_identity which, const char *msg,
                      uint8_t **out, size_t *out_len);

#endif
