/*
 * session_internal.h - the ESession state machine (one object per local
 * JID, peer JID and <thread/>): its states, the data each state holds, and
 * the handlers the transition table (transitions.c) dispatches to.
 *
 * spec/state-table.md is the reading this implements. This milestone runs
 * the 4-message SIGMA-R negotiation with pubkey 'none'; the 3-message
 * states of the table are not built yet (a 3-message request is answered
 * with feature-not-implemented [dhkeys], XEP-0116 §"ESession Rejection").
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
#include "secmem.h"
#include "sigma_keys.h"
#include "stanza_dir.h"
#include "store.h"
#include "xml_buf.h"
#include "xml_parse.h"
#include "xml_tree.h"

typedef enum es_state {
	ES_S_I_IDLE = 0,      /* Alice: created, nothing sent */
	ES_S_I_WAIT_RESP,     /* Alice: request sent (4-message) */
	ES_S_I_WAIT_BOBID,    /* Alice: message 3 sent, waiting for message 4 */
	ES_S_R_IDLE,          /* Bob: created for a request */
	ES_S_R_WAIT_COMPLETE, /* Bob: response sent, waiting for message 3 */
	ES_S_ACTIVE,          /* keys established (XEP-0200 traffic) */
	ES_S_TERMINATING,     /* our terminate sent, waiting for the ack */
	ES_S_ENDED,           /* orderly end, every secret wiped */
	ES_S_FAILED,          /* failure, every secret wiped */
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

	/* Results. */
	char sas[8];
	bool rs_matched;
	bool chain_verified;
	bool oss_used;
	es_secbuf retained;  /* the new retained secret of this session */
	char *retained_peer; /* its store key (peer JID) */
	es_stanza_dir *tx;   /* our sending direction */
	es_stanza_dir *rx;   /* the peer's sending direction */
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
esession_status es_bob_on_cancel(esession_session *s,
                                 const es_neg_stanza_info *info);
esession_status es_on_peer_error(esession_session *s,
                                 const es_neg_stanza_info *info);
esession_status es_on_encrypted(esession_session *s,
                                const es_neg_stanza_info *info);

/* Alice's first message (initiator.c). */
ES_MUST_CHECK esession_status es_alice_start(esession_session *s);

/* Traffic (traffic.c). */
ES_MUST_CHECK esession_status es_traffic_encrypt(esession_session *s,
                                                 const char *stanza,
                                                 size_t len);
ES_MUST_CHECK esession_status es_traffic_terminate(esession_session *s);

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

/* Seal mac_X into ID_X and M_X (ES_HASH_MAX_LEN bytes each, of which
 * es_hash_len are used) with the direction's keys; counter (block_len
 * bytes) advances in place. */
ES_MUST_CHECK esession_status es_session_seal_identity(
    esession_session *s, const es_sigma_dir_keys *keys, const es_secbuf *mac_x,
    uint8_t *counter, uint8_t *id, uint8_t *m);

/* Verify M_X, decrypt ID_X and compare with expected_mac; on EMAC or
 * EIDENTITY err names the field for feature-not-implemented. counter
 * advances in place on success only. */
ES_MUST_CHECK esession_status es_session_open_identity(
    esession_session *s, const es_sigma_dir_keys *keys, const es_neg_bytes *id,
    const es_neg_bytes *m, const es_secbuf *expected_mac, uint8_t *counter,
    es_neg_error *err);

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

/* Bytes helpers: copy into a fresh malloc'ed buffer. */
ES_MUST_CHECK esession_status es_session_dup(uint8_t **dst, size_t *dst_len,
                                             const uint8_t *src, size_t len);

#endif
