/*
 * complete.h - message 3, Alice's session negotiation completion
 * (XEP-0116 §"Sending Alice's Identity"; XEP-0155 §"Completing or
 * Canceling the Negotiation"): <x type='result'> in <feature/> with
 * FORM_TYPE, accept=1, nonce=N_B, [4-msg: dhkeys=e, rshashes], identity,
 * mac.
 *
 * The form is built in two steps: es_neg_complete_form without identity
 * and mac (its normalized content is form_A2, which mac_A covers), then
 * es_neg_append_identity once ID_A and M_A are computed.
 */
#ifndef ES_NEGOTIATE_COMPLETE_H
#define ES_NEGOTIATE_COMPLETE_H

#include "neg_common.h"
#include "neg_error.h"
#include "params.h"

/*
 * es_neg_complete_form - Alice's <x type='result'> without identity/mac,
 * detached, owned by doc. Fields in the order of the XEP-0116 example:
 * FORM_TYPE, accept=1, nonce=b64(N_B), and in 4-message mode
 * dhkeys=b64(mpi(e)) and rshashes (type hidden, as in the example).
 *
 * nonce_b:   N_B as received in message 2 (16..256 bytes).
 * e:         4-msg: mpi(e) of the selected group (non-empty); 3-msg: must
 *            be NULL with e_len 0.
 * rshashes:  4-msg: the HMACs of Alice's retained secrets followed by the
 *            random padding values (spec/ambiguities.md
 *            "rshashes padding": the caller supplies both, at least one
 *            value, each non-empty); 3-msg: NULL / 0.
 *
 * Returns ESESSION_OK, ESESSION_EINVAL (NULL, bad lengths, 4-msg values
 * in 3-msg mode or missing in 4-msg), ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_complete_form(
    es_xml_doc *doc, es_neg_mode mode, const uint8_t *nonce_b,
    size_t nonce_b_len, const uint8_t *e, size_t e_len, const es_span *rshashes,
    size_t n_rshashes, es_xml_node **x);

/* Bob's reading of message 3. */
typedef struct es_neg_complete {
	es_neg_bytes e;         /* 4-msg: mpi(e) as received */
	es_neg_bytes *rshashes; /* 4-msg: n_rshashes values (malloc'ed) */
	size_t n_rshashes;
	es_neg_bytes identity; /* ID_A */
	es_neg_bytes mac;      /* M_A */
	bool terminate;        /* 3-msg: a 'terminate' field set true
	                          (object encryption, XEP-0116) */
	/* Borrowed <x/>: form_A2 is its normalized content without identity
	 * and mac (es_neg_form_c14n(form, true, ...)). */
	const es_xml_node *form;
} es_neg_complete;

/* Free what it holds and zero it. NULL is allowed. */
void es_neg_complete_clear(es_neg_complete *c);

/*
 * es_neg_complete_parse - Bob's checks of Alice's <x/> (the child of
 * <feature/>) in `mode`, where nonce_b is the N_B he sent.
 *
 *   ESESSION_EPEER_DECLINED   accept is false: Alice cancelled (XEP-0155
 *                             §"Completing or Canceling"), no error sent
 * Failures answered with <feature-not-implemented/> naming the field
 * (spec/message-flow.md §6), status of the first in form order:
 *   ESESSION_ENEG_FIELD       accept missing or not boolean; a field
 *                             missing, with no value or several where one
 *                             is due, an empty value; dhkeys or rshashes
 *                             in 3-message mode
 *   ESESSION_ENEG_NONCE       nonce is not N_B
 *   ESESSION_EBASE64_*        a value not strict base64
 * Not answered (err condition NONE):
 *   ESESSION_EINVAL           NULL argument, bad nonce_b
 *   ESESSION_EUNEXPECTED      the form is not of type 'result'
 *   ESESSION_ENOT_ESESSION    FORM_TYPE is not urn:xmpp:ssn
 *   ESESSION_EFORM*, ESESSION_ENOMEM
 * He, the range of e and every MAC are the caller's checks. c must be
 * zeroed on entry; the caller clears it in every case.
 */
ES_MUST_CHECK esession_status es_neg_complete_parse(
    es_neg_mode mode, const uint8_t *nonce_b, size_t nonce_b_len,
    const es_xml_node *x, es_neg_complete *c, es_neg_error *err);

#endif
