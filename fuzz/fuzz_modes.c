/*
 * fuzz_modes.c - see fuzz_modes.h.
 */
#include "fuzz_modes.h"

#include "fuzz_common.h"

#include "es_internal.h"
#include "key_internal.h"
#include "sign.h"

/* The fixed keys of the unit tests, one copy in the tree. */
#include "../tests/pubkey/pubkey_test_keys.h"

#include <stdlib.h>
#include <string.h>

/* Mode 0 must stay "4 messages, none": the seeds older than the modes
 * select it with a zero byte. The others cover each pubkey mode in both
 * negotiations with each algorithm at least once, and one mode where
 * Alice and Bob identify themselves differently. */
const fz_mode fz_modes[FZ_N_MODES] = {
    {"4none", 4, "none", "none", false},
    {"4key-rsa", 4, "key", "key", false},
    {"4hash-dsa", 4, "hash", "hash", true},
    {"4key-hash-dsa", 4, "key", "hash", true},
    {"3key-rsa", 3, "key", "key", false},
    {"3hash-rsa", 3, "hash", "hash", false},
    {"3key-dsa", 3, "key", "key", true},
    {"3hash-key-dsa", 3, "hash", "key", true},
};

const fz_mode *fz_mode_at(unsigned index)
{
	return &fz_modes[index % FZ_N_MODES];
}

const fz_mode *fz_mode_select(unsigned b, unsigned shift)
{
	return (b & FZ_MODE_BIT) != 0 ? fz_mode_at(b >> shift) : &fz_modes[0];
}

bool fz_mode_has_keys(const fz_mode *m)
{
	return strcmp(m->init_pubkey, "none") != 0 ||
	       strcmp(m->resp_pubkey, "none") != 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The bytes of a lowercase hex string (caller frees). */
static es_bytes unhex(const char *hex, uint8_t **owned)
{
	const size_t len = strlen(hex) / 2;
	uint8_t *b = malloc(len);
	fz_assert(b != NULL, "malloc");
	for (size_t i = 0; i < len; i++) {
		const int hi = hex_digit(hex[2 * i]);
		const int lo = hex_digit(hex[2 * i + 1]);
		fz_assert(hi >= 0 && lo >= 0, "hex key component");
		b[i] = (uint8_t)(hi * 16 + lo);
	}
	*owned = b;
	return (es_bytes){b, len};
}

/* Key index: bit 0 Bob's (RSA2 / DSA2), bit 1 DSA. */
static esession_key *build_key(unsigned which, bool with_private)
{
	const bool bob = (which & 1u) != 0;
	const bool dsa = (which & 2u) != 0;
	uint8_t *o[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
	es_sign_key *sk = NULL;
	esession_status st;
	if (!dsa) {
		es_rsa_parts p;
		memset(&p, 0, sizeof p);
		p.n = unhex(bob ? RSA2_N : RSA_N, &o[0]);
		p.e = unhex(bob ? RSA2_E : RSA_E, &o[1]);
		if (with_private) {
			p.d = unhex(bob ? RSA2_D : RSA_D, &o[2]);
			p.p = unhex(bob ? RSA2_P : RSA_P, &o[3]);
			p.q = unhex(bob ? RSA2_Q : RSA_Q, &o[4]);
			p.u = unhex(bob ? RSA2_U : RSA_U, &o[5]);
		}
		st = es_sign_key_from_rsa(&sk, &p);
	} else {
		es_dsa_parts p;
		memset(&p, 0, sizeof p);
		p.p = unhex(DSA_P, &o[0]);
		p.q = unhex(DSA_Q, &o[1]);
		p.g = unhex(DSA_G, &o[2]);
		p.y = unhex(bob ? DSA2_Y : DSA_Y, &o[3]);
		if (with_private)
			p.x = unhex(bob ? DSA2_X : DSA_X, &o[4]);
		st = es_sign_key_from_dsa(&sk, &p);
	}
	for (size_t i = 0; i < 6; i++)
		free(o[i]);
	fz_ok(st, "fixed test key");
	esession_key *key = NULL;
	fz_ok(es_key_adopt(sk, &key), "adopt fixed test key");
	return key;
}

/* The four keys, private and public, built on first use and kept for the
 * life of the process (building a private key runs its pairwise test). */
static const esession_key *fixed_key(unsigned which, bool with_private)
{
	static esession_key *cache[4][2];
	esession_key **slot = &cache[which][with_private ? 1 : 0];
	if (*slot == NULL)
		*slot = build_key(which, with_private);
	return *slot;
}

void fz_mode_apply(const fz_mode *m, bool is_alice, esession_config *config,
                   esession_store *store, const char *own_jid)
{
	if (!fz_mode_has_keys(m))
		return;
	const char *init = m->init_pubkey;
	const char *resp = m->resp_pubkey;
	const char *alg = m->dsa ? "dsa-sha256" : "rsa-sha256";
	fz_ok(esession_config_set_pubkey(config, &init, 1, &resp, 1),
	      "pubkey modes");
	fz_ok(esession_config_set_sign_algs(config, &alg, 1), "sign_algs");
	/* XEP-0116 §"Three- or Four-Message Negotiation?": Alice chooses;
	 * Bob must accept 3-message requests to answer one. */
	fz_ok(
	    esession_config_set_messages(config, m->messages, m->messages == 3),
	    "messages");
	const unsigned own = (m->dsa ? 2u : 0u) | (is_alice ? 0u : 1u);
	const unsigned peer = own ^ 1u;
	fz_ok(esession_config_set_identity_key(config, fixed_key(own, true)),
	      "identity key");
	fz_ok(esession_store_add_key(
	          store, own_jid, is_alice ? FZ_BOB_BARE : FZ_ALICE_BARE,
	          fixed_key(peer, false), is_alice ? "Bob" : "Alice", 1),
	      "peer key");
}
