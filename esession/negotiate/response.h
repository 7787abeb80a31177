/*
 * response.h - message 2, Bob's answer to a request (XEP-0116 §"Response
 * Form", XEP-0155 §"Accepting a Session" / §"Rejecting a Session"), and
 * Alice's checks of it (XEP-0116 §"Diffie-Hellman Preparation (Alice)":
 * "Verify that the ESession options selected by Bob are acceptable").
 */
#ifndef ES_NEGOTIATE_RESPONSE_H
#define ES_NEGOTIATE_RESPONSE_H

#include "request.h"

/*
 * es_neg_response_form - Bob's <x type='submit'> (detached, owned by
 * doc): one <field var><value/></field> per field (no 'type', no
 * <option/>, no <required/>), in the order of the XEP-0116 example:
 * FORM_TYPE, accept=1, logging (or otr, in Alice's spelling), disclosure,
 * security=e2e, modp, crypt_algs, hash_algs, [sign_algs when one was
 * selected], compress=none, stanzas (one value per kind: message, iq,
 * presence), init_pubkey, resp_pubkey, ver (the string Alice offered),
 * rekey_freq, my_nonce=N_B, [sas_algs (4-msg)], dhkeys=d, then nonce=N_A
 * and counter=C_A appended (§"Response Form"). No dhhashes.
 *
 * Without identity/mac this is the form whose normalized content is
 * form_B; in 3-message mode the caller then adds them with
 * es_neg_append_identity (§"Sending the Response (3-message
 * negotiations)").
 *
 * req:     a request parsed with ESESSION_OK (params, N_A).
 * nonce_b: N_B, 16..256 bytes, different from N_A (§"Response Form": Bob
 *          "MUST NOT return Alice's values of N_A and e").
 * d:       mpi(d), non-empty.
 * counter: C_A, the block length of the selected cipher.
 *
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, a request without a
 * selection, bad lengths, N_B == N_A), ESESSION_ECOUNTER (counter length),
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_response_form(
    es_xml_doc *doc, const es_neg_request *req, const uint8_t *nonce_b,
    size_t nonce_b_len, const uint8_t *d, size_t d_len, const uint8_t *counter,
    size_t counter_len, es_xml_node **x);

/*
 * es_neg_decline_form - XEP-0155 §"Rejecting a Session": <x
 * type='submit'> with FORM_TYPE and accept=0 only; reason (may be NULL)
 * adds the optional text-single 'reason' field.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EXML_UTF8 /
 * ESESSION_EXML_NUL (reason), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_decline_form(es_xml_doc *doc,
                                                  const char *reason,
                                                  es_xml_node **x);

/*
 * es_neg_fallback_form - XEP-0116 §"ESession Rejection (Bob)": accept the
 * stanza session without an ESession: <x type='submit'> with FORM_TYPE,
 * accept=1, logging (Alice's spelling), disclosure, security=c2s|none.
 * Only allowed when Alice offered that value
 * (req->security_offered) and the logging/disclosure answers were
 * selected (req->ssn_ok): spec/ambiguities.md "Security
 * fallback".
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, security e2e or not
 * offered, !req->ssn_ok), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_fallback_form(es_xml_doc *doc,
                                                   const es_neg_request *req,
                                                   es_security security,
                                                   es_xml_node **x);

/*
 * es_neg_form_stanza - a negotiation message carrying x (detached) in a
 * <feature/>: <message to><thread/><feature>x</feature></message>, for
 * messages 2 and 3 and the decline/fallback answers. With bob_id the
 * wrapper is XEP-0116's <init/> (message 4).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EXML_UTF8,
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_form_stanza(es_xml_doc *doc,
                                                 const char *to,
                                                 const char *thread,
                                                 es_xml_node *x, bool bob_id,
                                                 es_xml_node **msg);

/* Alice's reading of a response. */
typedef struct es_neg_response {
	es_params params;
	es_neg_bytes nonce_b;  /* N_B (my_nonce) */
	es_neg_bytes d;        /* mpi(d) as received (dhkeys) */
	es_neg_bytes counter;  /* C_A, block length bytes */
	es_neg_bytes identity; /* 3-message only: ID_B */
	es_neg_bytes mac;      /* 3-message only: M_B */
	/* 3-message only: ESESSION_OK when identity / mac held one
	 * non-empty strict base64 value, else why not (ENEG_FIELD,
	 * EFORM_DUPLICATE, EBASE64_*). Not a form error: a missing or
	 * malformed identity or mac fails Bob's identity check, which the
	 * session answers with feature-not-implemented (spec/ambiguities.md
	 * "Missing or empty 3-message fields"). */
	esession_status identity_status;
	esession_status mac_status;
	/* Borrowed <x/>: form_B is its normalized content without identity
	 * and mac (es_neg_form_c14n(form, true, ...)). */
	const es_xml_node *form;
} es_neg_response;

/* Free what a response holds and zero it. NULL is allowed. */
void es_neg_response_clear(es_neg_response *resp);

/*
 * es_neg_response_check - Alice's checks of Bob's <x/> (the child of
 * <feature/>), against the request she built from `policy` in `mode`
 * with nonce N_A.
 *
 * Outcomes that end the ESession attempt without an error stanza:
 *   ESESSION_EPEER_DECLINED     accept is false (XEP-0155 decline)
 *   ESESSION_EPEER_FALLBACK     security is c2s or none and Alice offered
 *                               it; resp->params.security says which
 * Failures answered with <not-acceptable/> naming every failing field (in
 * the order of the XEP-0116 example), status of the first one:
 *   ESESSION_ENEG_FIELD         a field missing, several values where one
 *                               is due, a malformed value; dhhashes
 *                               present; identity/mac present in
 *                               4-message (in 3-message a missing or
 *                               malformed identity/mac is not noted here
 *                               but in resp->identity_status and
 *                               resp->mac_status);
 *                               sas_algs missing (4-msg) or present
 *                               (3-msg); sign_algs missing with a key
 *                               mode; my_nonce of a bad length or equal to
 *                               N_A; no dhkeys value or several
 *   ESESSION_ENEG_NOT_OFFERED   a value Alice did not offer (including
 *                               security c2s/none she did not offer, and
 *                               stanzas outside her set)
 *   ESESSION_ENEG_UNACCEPTABLE  rekey_freq below hers
 *   ESESSION_ENEG_NONCE         nonce is not N_A
 *   ESESSION_ECOUNTER           counter is not the cipher's block length
 *   ESESSION_EBASE64_*          a base64 field not strict base64
 * Not answered (err condition NONE):
 *   ESESSION_EINVAL             NULL argument, bad policy or nonce
 *   ESESSION_EUNEXPECTED        the form is not of type 'submit'
 *   ESESSION_ENOT_ESESSION      FORM_TYPE is not urn:xmpp:ssn
 *   ESESSION_EFORM*, ESESSION_ENOMEM
 *
 * The range and MPI checks of d (1 < d < p-1, XEP-0116: not-acceptable
 * [dhkeys]) and d != e belong to the DH layer and are left to the caller.
 * resp must be zeroed on entry; the caller clears it in every case.
 */
ES_MUST_CHECK esession_status es_neg_response_check(
    const es_policy *policy, es_neg_mode mode, const uint8_t *nonce_a,
    size_t nonce_a_len, const es_xml_node *x, es_neg_response *resp,
    es_neg_error *err);

#endif
