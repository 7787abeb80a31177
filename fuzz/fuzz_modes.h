/*
 * fuzz_modes.h - the negotiation modes a session harness can select with
 * one input byte: XEP-0116's 4-message negotiation without public keys
 * (mode 0, what every session harness did before public keys existed),
 * and public-key identification ('key' or 'hash', RSA-SHA256 or
 * DSA-SHA256) in the 4-message (SIGMA-R) and 3-message (SIGMA-I)
 * negotiations (XEP-0116 §"Three- or Four-Message Negotiation?").
 *
 * Both parties of a mode use fixed identity keys (the keys of
 * tests/pubkey/pubkey_test_keys.h: Alice RSA / DSA, Bob RSA2 / DSA2) and
 * know each other's public key, associated with the peer's bare JID and
 * verified, so that every mode negotiates to ACTIVE and stays
 * deterministic (RSASSA-PKCS1-v1_5 is deterministic, DSA signs with
 * RFC 6979 nonces): a recorded message of any mode passes every MAC and
 * signature check when a harness replays the same mode.
 */
#ifndef ES_FUZZ_MODES_H
#define ES_FUZZ_MODES_H

#include "esession.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct fz_mode {
	const char *name;        /* used in seed file names */
	unsigned messages;       /* 4 (SIGMA-R) or 3 (SIGMA-I) */
	const char *init_pubkey; /* "none", "key" or "hash" */
	const char *resp_pubkey;
	bool dsa; /* dsa-sha256 keys and algorithm, else rsa-sha256 */
} fz_mode;

/* The modes; index 0 is the 4-message negotiation with pubkey "none" and
 * leaves the configs exactly as they were before modes existed (so the
 * older seeds, whose selector byte is 0, replay the same negotiation). */
#define FZ_N_MODES 8u
extern const fz_mode fz_modes[FZ_N_MODES];

/* fz_modes[index % FZ_N_MODES]. */
const fz_mode *fz_mode_at(unsigned index);

/* A harness's selector byte b: bit 7 set selects fz_mode_at(b >> shift)
 * (shift 0: bits 0-2; shift 4: bits 4-6); bit 7 clear selects mode 0.
 * So any text input (an XML stanza, a PEM file: ASCII first bytes) replays
 * the cheap mode 0 in every session harness, and the replay of every
 * corpus through every harness (meson test, also under valgrind) runs the
 * public-key modes only for the seeds made for them. */
#define FZ_MODE_BIT 0x80u
const fz_mode *fz_mode_select(unsigned b, unsigned shift);

/* True when the mode uses public keys (every mode but 0). */
bool fz_mode_has_keys(const fz_mode *m);

/*
 * Configure a party's config and store for mode m: pubkey modes, the
 * signature algorithm, 3 or 4 messages (3-message modes offer 3 and
 * accept 3), the party's own identity key (Alice's when is_alice, else
 * Bob's) and the peer's public key in the store, associated with the
 * peer's bare JID and verified. Nothing for mode 0. Aborts on failure.
 * The keys are built once per process and kept (they are reachable, not
 * leaked).
 */
void fz_mode_apply(const fz_mode *m, bool is_alice, esession_config *config,
                   esession_store *store, const char *own_jid);

#endif
