/*
 * transitions.c - the whole state machine as one table: for every state
 * and every incoming message kind, the handler that runs, or NULL.
 *
 * spec/state-table.md §4. A NULL cell means "refused, no state change":
 * the caller gets ESESSION_EUNEXPECTED (ESESSION_EPLAINTEXT for an
 * unencrypted stanza in an encrypted session) and nothing else happens, so
 * a missing cell can never advance a session. Terminal states (ENDED,
 * FAILED) never reach the table: every call on them is ESESSION_ESTATE.
 */
#include "session_internal.h"

static const es_handler es_table[ES_STATE_COUNT][ES_KIND_COUNT] = {
    /* Alice, request sent: Bob's answer, or an error from him. */
    [ES_S_I_WAIT_RESP] =
        {
            [ES_NEG_KIND_RESP] = es_alice_on_response,
            [ES_NEG_KIND_FALLBACK] = es_alice_on_response,
            [ES_NEG_KIND_DECLINE] = es_alice_on_decline,
            [ES_NEG_KIND_ERR_NEG] = es_on_peer_error,
            [ES_NEG_KIND_ERR_OTHER] = es_on_peer_error,
        },
    /* Alice, 3-message request sent: Bob's response with his identity,
     * a decline or fallback, or an error. */
    [ES_S_I_WAIT_RESP3] =
        {
            [ES_NEG_KIND_RESP] = es_alice_on_response,
            [ES_NEG_KIND_FALLBACK] = es_alice_on_response,
            [ES_NEG_KIND_DECLINE] = es_alice_on_decline,
            [ES_NEG_KIND_ERR_NEG] = es_on_peer_error,
            [ES_NEG_KIND_ERR_OTHER] = es_on_peer_error,
        },
    /* Alice, message 3 sent: Bob's identity, or an error from him. */
    [ES_S_I_WAIT_BOBID] =
        {
            [ES_NEG_KIND_BOBID] = es_alice_on_bobid,
            [ES_NEG_KIND_ERR_NEG] = es_on_peer_error,
            [ES_NEG_KIND_ERR_OTHER] = es_on_peer_error,
        },
    /* Bob, new session: only a request creates a responder session. */
    [ES_S_R_IDLE] =
        {
            [ES_NEG_KIND_REQ4] = es_bob_on_request,
            [ES_NEG_KIND_REQ3] = es_bob_on_request3,
            [ES_NEG_KIND_REQ_BAD] = es_bob_on_request,
        },
    /* Bob, response sent: Alice's identity, her cancel, or an error. */
    [ES_S_R_WAIT_COMPLETE] =
        {
            [ES_NEG_KIND_COMPLETE] = es_bob_on_complete,
            [ES_NEG_KIND_CANCEL] = es_bob_on_cancel,
            [ES_NEG_KIND_ERR_NEG] = es_on_peer_error,
            [ES_NEG_KIND_ERR_OTHER] = es_on_peer_error,
        },
    /* Bob, 3-message response sent: Alice's identity (possibly with
     * encrypted content, possibly with 'terminate': object encryption),
     * her cancel, or an error. */
    [ES_S_R_WAIT_COMPLETE3] =
        {
            [ES_NEG_KIND_COMPLETE] = es_bob_on_complete,
            [ES_NEG_KIND_TERM_CLEAR] = es_bob_on_complete_terminate,
            [ES_NEG_KIND_CANCEL] = es_bob_on_cancel,
            [ES_NEG_KIND_ERR_NEG] = es_on_peer_error,
            [ES_NEG_KIND_ERR_OTHER] = es_on_peer_error,
        },
    /* Established: encrypted stanzas (data, terminate, ack) and errors.
     * Unauthenticated negotiation messages never disturb it. */
    [ES_S_ACTIVE] =
        {
            [ES_NEG_KIND_ENC] = es_on_encrypted,
            [ES_NEG_KIND_ERR_NEG] = es_on_peer_error,
            [ES_NEG_KIND_ERR_OTHER] = es_on_peer_error,
        },
    /* Our terminate sent: the acknowledgement (or crossing stanzas). */
    [ES_S_TERMINATING] =
        {
            [ES_NEG_KIND_ENC] = es_on_encrypted,
            [ES_NEG_KIND_ERR_NEG] = es_on_peer_error,
            [ES_NEG_KIND_ERR_OTHER] = es_on_peer_error,
        },
};

es_handler es_transition(es_state state, es_neg_kind kind)
{
	if ((size_t)state >= ES_STATE_COUNT || (size_t)kind >= ES_KIND_COUNT)
		return NULL;
	return es_table[state][kind];
}
