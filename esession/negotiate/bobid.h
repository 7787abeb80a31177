/*
 * bobid.h - message 4, Bob's identity (XEP-0116 §"Sending Bob's
 * Identity"): <init
 * xmlns='http://www.xmpp.org/extensions/xep-0116.html#ns-init'> wrapping <x
 * type='result'> with FORM_TYPE, nonce=N_A, srshash, identity, mac. 4-message
 * negotiation only.
 *
 * Built in two steps like message 3: es_neg_bobid_form without identity
 * and mac (its normalized content is form_B2), then
 * es_neg_append_identity; es_neg_form_stanza(..., bob_id = true, ...)
 * wraps it in <init/>.
 */
#ifndef ES_NEGOTIATE_BOBID_H
#define ES_NEGOTIATE_BOBID_H

#include "neg_common.h"
#include "neg_error.h"
#include "params.h"

/*
 * es_neg_bobid_form - Bob's <x type='result'> without identity/mac,
 * detached, owned by doc: FORM_TYPE, nonce=b64(N_A), srshash=b64(srshash).
 * nonce_a: 16..256 bytes; srshash: non-empty (hlen bytes: the HMAC of the
 * SRS or a random value, spec/ambiguities.md "srshash when no
 * SRS").
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status
es_neg_bobid_form(es_xml_doc *doc, const uint8_t *nonce_a, size_t nonce_a_len,
                  const uint8_t *srshash, size_t srshash_len, es_xml_node **x);

/* Alice's reading of message 4. */
typedef struct es_neg_bobid {
	es_neg_bytes srshash;
	es_neg_bytes identity; /* ID_B */
	es_neg_bytes mac;      /* M_B */
	/* Borrowed <x/>: form_B2 is its normalized content without identity
	 * and mac. */
	const es_xml_node *form;
} es_neg_bobid;

/* Free what it holds and zero it. NULL is allowed. */
void es_neg_bobid_clear(es_neg_bobid *b);

/*
 * es_neg_bobid_parse - Alice's checks of the <x/> inside <init/>, where
 * nonce_a is her N_A.
 * Failures answered with <feature-not-implemented/> naming the fields
 * (spec/message-flow.md §6), status of the first in form order:
 *   ESESSION_ENEG_FIELD   a field missing, several values, an empty value
 *   ESESSION_ENEG_NONCE   nonce is not N_A
 *   ESESSION_EBASE64_*    a value not strict base64
 * Not answered: ESESSION_EINVAL, ESESSION_EUNEXPECTED (form type not
 * 'result'), ESESSION_ENOT_ESESSION (FORM_TYPE), ESESSION_EFORM*,
 * ESESSION_ENOMEM. The srshash length (hlen) and the MACs are the
 * caller's checks. b must be zeroed on entry; the caller clears it.
 */
ES_MUST_CHECK esession_status es_neg_bobid_parse(const uint8_t *nonce_a,
                                                 size_t nonce_a_len,
                                                 const es_xml_node *x,
                                                 es_neg_bobid *b,
                                                 es_neg_error *err);

#endif
