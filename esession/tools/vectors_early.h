/*
 * vectors_early.h - a 3-message completion that carries Alice's first
 * encrypted stanza and/or 'terminate' (XEP-0116 §"Sending Alice's
 * Identity"; spec/message-flow.md §3 row "3"; vectors/README.md
 * "3-message", fields earlyContent, earlyTerminate, earlyContentOut,
 * earlyContentUnsent).
 */
#ifndef ES_TOOLS_VECTORS_EARLY_H
#define ES_TOOLS_VECTORS_EARLY_H

#include "vectors_gen.h"
#include "vectors_rekey_obs.h"

/* What the parties reported around message 3. Strings are borrowed. */
typedef struct vx_early_seen {
	const char *delivered; /* Bob's PLAINTEXT on message 3, or NULL */
	const char *unsent;    /* Alice's UNSENT stanza, or NULL */
	esession_status unsent_status;
	bool alice_ended, bob_ended; /* TERMINATED reported */
} vx_early_seen;

/*
 * vx_early_queue - before message 2: give Alice's session the test's
 * `earlyContent` (esession_session_encrypt keeps it for message 3) and,
 * with `earlyTerminate`, ask for termination (object encryption). Does
 * nothing for a test without them.
 * Returns false (with a message on stderr) when the library refuses or
 * the inputs are malformed (earlyTerminate not a boolean, or given
 * without earlyContent: without a kept stanza terminate abandons the
 * negotiation silently, spec/ambiguities.md A-"Encrypted content and
 * 'terminate' in the 3-message completion").
 */
bool vx_early_queue(const vj *test, esession_session *alice);

/*
 * vx_early_observe - after the negotiation: observe message 3's <c/> as
 * Alice's first XEP-0200 stanza (KC_A, KM_A, the counter after ID_A) with
 * the re-key model `rko` (which advances dirs), and its receipt by Bob.
 * *out receives the earlyContentOut object (NULL when message 3 carries
 * no <c/>), *unsent the earlyContentUnsent status name (NULL unless the
 * stanza was given back). Both NULL for a test without earlyContent.
 * Requires: a stanza given back iff Bob delivered none, and then byte for
 * byte the earlyContent; with earlyTerminate both parties TERMINATED and
 * no traffic or terminate in the test; without it neither party ended.
 * Returns false (with a message on stderr) otherwise.
 */
bool vx_early_observe(const vj *test, vx_rekey_obs *rko, vx_dirs *dirs,
                      const char *msg3, const vx_early_seen *seen, vj **out,
                      vj **unsent);

/*
 * vx_add_early_sessions - append to `file` (esession_3msg.json, named
 * `name`, whose seeds it labels) the sessions whose message 3 carries
 * content, content and terminate, or terminate with the content given
 * back. Returns false when a session could not be run and observed.
 */
bool vx_add_early_sessions(vj *file, const char *name);

#endif
