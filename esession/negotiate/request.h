/*
 * request.h - message 1, the ESession request (XEP-0116 §"ESession
 * Request (Alice)"): Alice builds it from her policy; Bob parses it,
 * checks every field and selects one option per field (XEP-0116
 * §"Diffie-Hellman Preparation (Bob)").
 *
 * This is form logic only: the DH values (He_i or e_i) and N_A come in as
 * bytes and go out as bytes; range and MPI checks of e belong to the DH
 * layer.
 */
#ifndef ES_NEGOTIATE_REQUEST_H
#define ES_NEGOTIATE_REQUEST_H

#include "neg_common.h"
#include "neg_error.h"
#include "params.h"

/*
 * es_neg_request_form - Alice's <x type='form'> (detached, owned by doc)
 * with the fields of the XEP-0116 example in its order: FORM_TYPE,
 * accept, logging, disclosure, security, modp, crypt_algs, hash_algs,
 * [sign_algs], compress, stanzas, init_pubkey, resp_pubkey, ver,
 * rekey_freq, my_nonce, [sas_algs (4-msg)], dhhashes (4-msg) | dhkeys
 * (3-msg).
 *
 * policy:    validated policy; every list is offered in its order. In
 *            3-message mode "none" is left out of the pubkey fields
 *            (XEP-0116: "'none' MUST NOT be specified with 3-message
 *            negotiation"); sign_algs is sent only when a pubkey mode
 *            other than none is offered.
 * nonce:     N_A, ES_NEG_NONCE_MIN..ES_NEG_NONCE_MAX bytes.
 * dh_values: one per policy group, same order: He_i = SHA256(mpi(e_i))
 *            (32 bytes) in 4-message mode, mpi(e_i) (non-empty) in
 *            3-message mode.
 *
 * Returns ESESSION_OK or ESESSION_EINVAL (NULL, n_dh_values not the
 * group count, a bad nonce or DH value length, 3-message without a
 * non-none pubkey mode on each side or not allowed by the policy), the
 * statuses of es_policy_validate, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_request_form(
    es_xml_doc *doc, const es_policy *policy, es_neg_mode mode,
    const uint8_t *nonce, size_t nonce_len, const es_span *dh_values,
    size_t n_dh_values, es_xml_node **x);

/*
 * es_neg_request_stanza - the whole message 1 in doc: <message to=peer>,
 * <thread>, <feature> holding x (detached, e.g. from
 * es_neg_request_form), and the <amp/> rule of the XEP-0116 example.
 * No 'from' (the server stamps it) and no 'type'.
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EXML_UTF8,
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_request_stanza(es_xml_doc *doc,
                                                    const char *to,
                                                    const char *thread,
                                                    es_xml_node *x,
                                                    es_xml_node **msg);

/* Bob's reading of a request. */
typedef struct es_neg_request {
	/* Selected parameters. Valid when the parse returned ESESSION_OK. */
	es_params params;
	es_neg_bytes nonce;    /* N_A */
	es_neg_bytes dh_value; /* He (4-msg) or e (3-msg) of params.group */
	/* 3-message only: the selected group's dhkeys value was empty. Not
	 * a form error: it fails Bob's check 1 < e < p - 1, answered with
	 * feature-not-implemented [dhkeys] (XEP-0116 §"Diffie-Hellman
	 * Preparation (Bob)"; spec/ambiguities.md "Missing or empty
	 * 3-message fields"); dh_value stays empty. */
	bool dh_empty;
	uint32_t alice_rekey_freq;
	/* ES_SECURITY_BIT mask of the 'security' options Alice offered:
	 * filled as soon as FORM_TYPE was recognised, so a Bob unwilling to
	 * run an ESession can answer with a fallback (es_neg_fallback_form). */
	unsigned security_offered;
	/* params.logging / logging_spelling / disclosure are valid (the
	 * fallback form needs them) even when other fields failed. */
	bool ssn_ok;
	/* The <x/> as received, borrowed from the stanza's document; its
	 * normalized content is form_A. */
	const es_xml_node *form;
} es_neg_request;

/* Free what a request holds and zero it. NULL is allowed. */
void es_neg_request_clear(es_neg_request *req);

/*
 * es_neg_request_parse - Bob's checks and selection on the <x/> of a
 * request (the child of <feature/>; es_neg_classify finds it).
 *
 * For each ESession field Bob selects the first of Alice's options (in
 * her order) that his policy accepts (spec/ambiguities.md
 * "Selection order"; the offered set is the <option/> values, else the
 * <value/>s). Every field is checked, and every failing field is listed
 * in err (in the order of the XEP-0116 example) for one error stanza.
 * The status is that of the first failing field in that order:
 *
 *   ESESSION_ENEG_FIELD         a field missing, with the wrong number of
 *                               values or a malformed value; dhhashes
 *                               count != modp count; both or neither of
 *                               dhhashes/dhkeys; sas_algs in 3-message;
 *                               a nonce outside 16..256 bytes; He not 32
 *                               bytes; 'accept' not true (an empty
 *                               dhkeys value of the selected group is
 *                               not: see req->dh_empty)
 *   ESESSION_EFORM_DUPLICATE    a field var repeated (named in err when
 *                               the tree's FORM_TYPE is urn:xmpp:ssn)
 *   ESESSION_EBASE64_*          my_nonce, dhhashes or dhkeys not strict
 *                               base64 (the field is listed)
 *   ESESSION_ENEG_UNACCEPTABLE  no offered option is acceptable (also a
 *                               3-message request whose only acceptable
 *                               pubkey mode is none). rekey_freq never
 *                               is: Bob answers max(Alice's, his floor),
 *                               which is always below 2^32
 *   all with err condition not-acceptable, and:
 *   ESESSION_EUNSUPPORTED       3-message request, Bob's policy is
 *                               4-message only: feature-not-implemented
 *                               [dhkeys] (XEP-0116 §"ESession Rejection")
 *   ESESSION_ENEG_REQUIRED_UNKNOWN  an unknown field marked <required/>
 *                               (and nothing else failed):
 *                               feature-not-implemented [vars]
 *
 * Statuses with no error stanza (err condition NONE):
 *   ESESSION_EINVAL             NULL argument, invalid policy
 *   ESESSION_ENOT_ESESSION      not an XEP-0155 form (FORM_TYPE missing
 *                               or not urn:xmpp:ssn), or 'security' does
 *                               not offer e2e (a plain SSN request:
 *                               req->security_offered says what it offers)
 *   ESESSION_EUNEXPECTED        the form is not of type 'form'
 *   ESESSION_EFORM*             the <x/> is not a valid data form
 *   ESESSION_ENOMEM
 *
 * req must be zeroed (or cleared) on entry; the caller clears it in every
 * case. req->form is set whenever x was a data form.
 */
ES_MUST_CHECK esession_status es_neg_request_parse(const es_policy *policy,
                                                   const es_xml_node *x,
                                                   es_neg_request *req,
                                                   es_neg_error *err);

#endif
