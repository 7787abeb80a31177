/*
 * session_internal.h - the ESession state machine (one object per local
 * JID, peer JID and <thread/>): its states, the data each state holds, and
 * the handlers the transition table (transitions.c) dispatches to.
 *
 * spec/state-table.md is the reading this implements: the 4-message
 * SIGMA-R negotiation and the 3-message SIGMA-I negotiation (XEP-0116
 * §"Three- or Four-Message Negotiation?"), each with public-key
 * identification ('none' only in 4-message).
 */
#ifndef ES_SESSION_INTERNAL_H
#define ES_SESSION_INTERNAL_H

#include "classify.h"
#include "config.h"
#include "dh.h"
#include "events.h"
#include "neg_common.h"
#include "neg_error.h"
#include "params.h"
#include "proof.h"
#include "secmem.h"
#include "sigma_keys.h"
#include "sigma_mac.h"
#include "stanza_dir.h"
#include "store.h"
#include "xml_buf.h"
#include "xml_parse.h"
#include "xml_tree.h"

typedef enum es_state {
	ES_S_I_IDLE = 0,      /* Alice: created, nothing sent */
	ES_S_I_WAIT_RESP,     /* Alice: request sent (4-message) */
	ES_S_I_WAIT_RESP3,    /* Alice: request sent (3-message, 'dhkeys') */
	ES_S_I_WAIT_BOBID,    /* Alice: message 3 sent, waiting for message 4 */
	ES_S_R_IDLE,          /* Bob: created for a request */
	ES_S_R_WAIT_COMPLETE, /* Bob: response sent, waiting for message 3 */
	ES_S_R_WAIT_COMPLETE3, /* Bob: 3-message response (with ID_B) sent */
	ES_S_ACTIVE,           /* keys established (XEP-0200 traffic) */
	ES_S_TERMINATING,      /* our terminate sent, waiting for the ack */
	ES_S_ENDED,            /* orderly end, every secret wiped */
	ES_S_FAILED,           /* failure, every secret wiped */
	ES_STATE_COUNT
} es_state;

/* Number of message kinds (es_neg_kind values are 1..ES_KIND_COUNT-1). */
#define ES_KIND_COUNT ((size_t)ES_NEG_KIND_ERR_OTHER + 1u)

#define ES_NONCE_LEN 32u /* N_A, N_B we generate (ambiguities: nonces) */

/* Largest mpi(e) or mpi(d) we produce: the 8192-bit group. */
#define ES_DH_MAX_BYTES 1024u

struct esession_session {
	es_state state;
	esession_role role;
	es_policy policy;
	esession_answer answer; /* Bob: accept, decline, fallback, silent */
	const es_store *store;  /* borrowed; NULL: no retained secrets */
	es_rng *rng;            /* NULL: libgcrypt */

	char *local_jid;
	char *peer_jid;  /* full once bound, else as given by the caller */
	char *peer_bare; /* peer_jid up to '/' */
	char *thread;
	bool peer_bound; /* peer_jid is the full JID the peer speaks from */

	es_event_queue events;
	es_xml_parser *parser;
	es_xml_doc *doc; /* reset at the start of every call */
	es_xml_buf out;  /* serialization scratch */

	/* Negotiation (public values; wiped anyway when the session ends). */
	es_params params;
	uint8_t n_a[ES_NEG_NONCE_MAX];
	size_t n_a_len;
	uint8_t n_b[ES_NEG_NONCE_MAX];
	size_t n_b_len;
	uint8_t *e; /* mpi(e) of the selected group */
	size_t e_len;
	uint8_t *d; /* mpi(d) */
	size_t d_len;
	uint8_t he[32];    /* Bob: He of the selected group */
	es_xml_buf form_a; /* normalized request form */
	es_xml_buf form_b; /* normalized response form (message 2) */
	uint8_t c_a[ES_CTR_MAX_BLOCK_LEN]; /* current C_A */
	uint8_t c_b[ES_CTR_MAX_BLOCK_LEN]; /* current C_B */
	size_t block_len;
	uint8_t m_a[ES_HASH_MAX_LEN]; /* M_A: the SAS input */
	size_t m_a_len;

	/* Secrets of the negotiation. */
	es_dh *dh_offer[ES_POLICY_MAX_LIST]; /* Alice: x_i per offered group */
	size_t n_dh_offer;
	es_dh *dh_own;         /* Bob: y */
	es_secbuf k0;          /* provisory K = HASH(mpi(shared)) */
	es_store_list rs_list; /* Alice: her retained secrets for the peer */
	es_sign_key *identity; /* our private identity key (a copy), or NULL */
	es_sigma_keys keys3;   /* Bob, 3-message: the six keys from K, kept
	                          from message 2 to message 3 */

	/* Alice, 3-message, before Bob's response (early.c): the stanza the
	 * application asked to encrypt, as it gave it (malloc'ed, wiped on
	 * release), to ride in message 3; and whether message 3 also ends
	 * the session ('terminate', XEP-0116 object encryption). */
	char *early;
	size_t early_len;
	bool early_terminate;

	/* Results. */
	char sas[8];
	bool rs_matched;
	bool chain_verified;
	bool oss_used;
	es_secbuf retained;     /* the new retained secret of this session */
	char *retained_peer;    /* its store key (peer JID) */
	es_stanza_dir *tx;      /* our sending direction */
	es_stanza_dir *rx;      /* the peer's sending direction */
	struct es_rekey *rekey; /* XEP-0200 re-keying (rekey.h) or NULL */

	/* What the peer's identity proof established (XEP-0116 §"Key
	 * Associations"), reported in ESTABLISHED and esession_info. */
	unsigned peer_key;                 /* ESESSION_PEER_KEY_* */
	char *peer_petname;                /* malloc'ed, or NULL */
	char peer_fingerprint[2 * 32 + 1]; /* hex SHA-256 of its KeyValue */
	unsigned warnings;                 /* ESESSION_WARN_* */
};

/* A handler for one (state, message kind) cell. `info` describes the
 * stanza (classify.h); every pointer in it is borrowed from s->doc. */
typedef esession_status (*es_handler)(esession_session *s,
                                      const es_neg_stanza_info *info);

/* The table: handler for (state, kind), or NULL: refused, no change. */
es_handler es_transition(es_state state, es_neg_kind kind);

/* Handlers (initiator.c, responder.c, traffic.c). */
esession_status es_alice_on_response(esession_session *s,
                                     const es_neg_stanza_info *info);
esession_status es_alice_on_decline(esession_session *s,
                                    const es_neg_stanza_info *info);
esession_status es_alice_on_bobid(esession_session *s,
                                  const es_neg_stanza_info *info);
esession_status es_bob_on_request(esession_session *s,
                                  const es_neg_stanza_info *info);
esession_status es_bob_on_request3(esession_session *s,
                                   const es_neg_stanza_info *info);
esession_status es_bob_on_complete(esession_session *s,
                                   const es_neg_stanza_info *info);
esession_status es_bob_on_complete_terminate(esession_session *s,
                                             const es_neg_stanza_info *info);
esession_status es_bob_on_cancel(esession_session *s,
                                 const es_neg_stanza_info *info);
esession_status es_on_peer_error(esession_session *s,
                                 const es_neg_stanza_info *info);
esession_status es_on_encrypted(esession_session *s,
                                const es_neg_stanza_info *info);

/*
 * Alice's stanza in message 3 of the 3-message negotiation (early.c;
 * XEP-0116 §"Sending Alice's Identity": "In the case of a 3-message
 * negotiation Alice MAY also send encrypted content ... in the same stanza
 * as the proof of her identity").
 *
 * es_early_keep - esession_session_encrypt in ES_S_I_WAIT_RESP3: check
 * the stanza as far as can be done before anything is negotiated and keep
 * a copy. Returns ESESSION_OK; ESESSION_ESTATE (a stanza is already kept,
 * or termination was asked for); ESESSION_EXML_* (not well-formed);
 * ESESSION_ESTANZA (not a stanza of jabber:client or no namespace, of type
 * 'error', or holding a <c/>); ESESSION_ESTANZA_KIND (not a <message/>,
 * or our policy does not offer to encrypt messages); ESESSION_EINVAL
 * (another <thread/> or another peer in 'to'); ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_early_keep(esession_session *s,
                                            const char *stanza, size_t len);

/*
 * es_early_message3 - message 3 around x, the completed form (identity
 * and mac appended), built in s->doc. With a kept stanza and the
 * directions open: the stanza encrypted with s->tx (its counter carries on
 * after ID_A) and the <feature/> holding x put after its <thread/>, as in
 * the XEP-0116 example; *pending then holds the counter move, which the
 * caller commits once the message is queued or rolls back. A stanza that
 * cannot be encrypted in this session (e.g. 'stanzas' was negotiated
 * without messages) is given back in an UNSENT event with the reason and
 * message 3 goes without it. Without a kept stanza: the plain message 3.
 * Returns ESESSION_OK, ESESSION_ENOMEM, ESESSION_ECRYPTO (the session
 * then fails; the kept stanza is given back by the failure).
 */
ES_MUST_CHECK esession_status es_early_message3(esession_session *s,
                                                es_xml_node *x,
                                                es_xml_node **msg,
                                                es_stanza_pending *pending);

/* es_early_add_terminate - when termination was asked for, the
 * 'terminate' field (value 1) appended to the completion form x, before
 * form_A2 is taken from it (XEP-0116 §"Sending Alice's Identity"). */
ES_MUST_CHECK esession_status es_early_add_terminate(esession_session *s,
                                                     es_xml_node *x);

/* es_early_give_back - queue the kept stanza (if any) as an UNSENT event
 * with status `why`; the session no longer holds it. Called before a
 * session that kept one fails or ends. Returns ESESSION_OK, or
 * ESESSION_ENOMEM (the stanza is still kept; es_session_wipe then wipes
 * it). */
ES_MUST_CHECK esession_status es_early_give_back(esession_session *s,
                                                 esession_status why);

/* es_early_clear - wipe and release the kept stanza. */
void es_early_clear(esession_session *s);

/* Alice's first message (initiator.c). */
ES_MUST_CHECK esession_status es_alice_start(esession_session *s);

/* Traffic (traffic.c). */
ES_MUST_CHECK esession_status es_traffic_encrypt(esession_session *s,
                                                 const char *stanza,
                                                 size_t len);
ES_MUST_CHECK esession_status es_traffic_terminate(esession_session *s);
/* Give the application's stanza root (in s->doc) the session's <thread/>
 * and, without 'to', the peer's JID; refuse (ESESSION_EINVAL) a stanza
 * naming another thread or a 'to' that is neither the peer's JID nor its
 * bare JID. Also ESESSION_ENOMEM and the tree's statuses. */
ES_MUST_CHECK esession_status es_traffic_address(esession_session *s,
                                                 es_xml_node *root);

/* Shared helpers (session.c). */

/* Consume the status of a step whose failure must not change the outcome
 * (queuing the FAILED event or error stanza of a session that is failing
 * anyway: the caller still gets the failure status). */
static inline void es_best_effort(esession_status st)
{
	(void)st;
}

/* Serialize node and queue it as a SEND event. */
ES_MUST_CHECK esession_status es_session_send(esession_session *s,
                                              const es_xml_node *node);

/* Queue the error stanza of err (if it has a condition), a FAILED event
 * with `status` and the first field of err, wipe every secret and move to
 * FAILED. Returns `status` so handlers can `return es_session_fail(...)`. */
esession_status es_session_fail(esession_session *s, esession_status status,
                                const es_neg_error *err);

/* Same with a single field var (may be NULL) and a condition. */
esession_status es_session_fail_field(esession_session *s,
                                      esession_status status,
                                      es_neg_condition condition,
                                      const char *field);

/* Move to ENDED (or FAILED) and queue TERMINATED with `status`. */
void es_session_end(esession_session *s, esession_status status);

/* Wipe and release every secret and every negotiation value. */
void es_session_wipe(esession_session *s);

/* Create s->tx and s->rx from the final keys and the current counters
 * (alice: which side we are). */
ES_MUST_CHECK esession_status es_session_open_directions(
    esession_session *s, const es_sigma_keys *keys, bool alice);

/*
 * es_session_prove_identity - our identity proof (XEP-0116 §"Hiding Bob's
 * Identity", §"Hiding Alice's Identity"): pubKey_X per our pubkey mode
 * (the Normalized KeyValue of s->identity, or empty for 'none') into
 * in->pub_key, mac_X = HMAC(HASH, KS_X, in) (mac_A when alice), the
 * payload (mac_X, or pubKey_X | sign_X), then ID_X = CIPHER(KC_X, C_X,
 * payload) into *id (malloc'ed; empty on entry, the caller clears it) and
 * M_X into m (es_hash_len bytes of ES_HASH_MAX_LEN). counter (C_X, block
 * length bytes) advances in place.
 */
ES_MUST_CHECK esession_status es_session_prove_identity(
    esession_session *s, bool alice, const es_sigma_dir_keys *keys,
    es_sigma_mac_input *in, uint8_t *counter, es_neg_bytes *id, uint8_t *m);

/*
 * es_session_mac_input - the mac_X input of this session without pubKey_X
 * (which es_session_prove_identity / es_session_check_identity fill in):
 * mac_A covers {N_B, N_A, e, pubKey_A, form_A, form_A2} (XEP-0116 §"Hiding
 * Alice's Identity"), mac_B {N_A, N_B, d, pubKey_B, form_B, form_B2}
 * (§"Sending Bob's Identity"; no form_B2 in the 3-message response:
 * form2 NULL). alice: whose mac. The spans borrow s and form2.
 */
es_sigma_mac_input es_session_mac_input(const esession_session *s, bool alice,
                                        const es_xml_buf *form2);

/*
 * es_session_append_identity - our proof appended to the form x being
 * built, as its 'identity' and 'mac' fields (es_neg_append_identity):
 * form_X2 is the normalized content of x as it stands when with_form2 (all
 * but the 3-message response), then es_session_prove_identity with keys and
 * our counter (C_A when alice, else C_B; it advances). m_out, when not
 * NULL, receives M_X (es_hash_len bytes of ES_HASH_MAX_LEN; the SAS needs
 * M_A).
 */
ES_MUST_CHECK esession_status es_session_append_identity(
    esession_session *s, bool alice, const es_sigma_dir_keys *keys,
    bool with_form2, es_xml_node *x, uint8_t *m_out);

/*
 * es_session_check_identity - the peer's proof (XEP-0116 §"Verifying
 * Bob's Identity", §"Verifying Alice's Identity"): M_X first (nothing is
 * decrypted unless it verifies), then ID_X; 'none': the decrypted mac_X
 * against HMAC(HASH, KS_X, in); key modes: the payload read, the key found
 * (by fingerprint in 'hash' mode), mac_X computed with its KeyValue as
 * pubKey_X, sign_X verified, the key checked against the store. Records
 * peer_key, petname and fingerprint. peer_alice: the proof is Alice's
 * (mac_A, init_pubkey). in->pub_key is overwritten. counter advances on
 * success only. Every failure names the field for
 * feature-not-implemented in err: [mac] for M_X, [identity] otherwise.
 */
ES_MUST_CHECK esession_status es_session_check_identity(
    esession_session *s, bool peer_alice, const es_sigma_dir_keys *keys,
    const es_neg_bytes *id, const es_neg_bytes *m, es_sigma_mac_input *in,
    uint8_t *counter, es_neg_error *err);

/* Derive this session's new retained secret from the final K and store it
 * in place of srs_entry (the SRS found, or NULL); sets rs_matched and
 * chain_verified. */
ES_MUST_CHECK esession_status es_session_keep_retained(
    esession_session *s, const es_secbuf *k, const es_store_entry *srs_entry);

/* Queue ESTABLISHED and enter ACTIVE with the two directions. */
ES_MUST_CHECK esession_status es_session_establish(esession_session *s);

/* Normalized form string of x into buf (replacing its content). */
ES_MUST_CHECK esession_status es_session_form_string(const es_xml_node *x,
                                                     bool exclude_id_mac,
                                                     es_xml_buf *buf);

/* Random nonces and initial counters (spec/ambiguities.md "Nonce length
 * and encoding", "Counter encoding"): len random bytes whose first octet
 * has a bit of first_mask set. ES_FIRST_NONZERO: N_A, N_B (never a zero
 * first octet, so an MPI reading of the nonce gives the same bytes);
 * ES_FIRST_NOT_0_OR_80: C_A, so that neither C_A nor C_B = C_A XOR
 * 2^(n-1) starts with a zero octet. */
#define ES_FIRST_NONZERO     0xffu
#define ES_FIRST_NOT_0_OR_80 0x7fu
ES_MUST_CHECK esession_status es_session_random_id(esession_session *s,
                                                   uint8_t *out, size_t len,
                                                   uint8_t first_mask);

/* Bytes helpers: copy into a fresh malloc'ed buffer. */
ES_MUST_CHECK esession_status es_session_dup(uint8_t **dst, size_t *dst_len,
                                             const uint8_t *src, size_t len);

#endif
