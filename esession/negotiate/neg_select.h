/*
 * neg_select.h - helpers shared by the parsers of this module (internal to
 * esession/negotiate): collecting failed fields, strict small decimals,
 * parsing a form with a field-level answer for duplicates.
 */
#ifndef ES_NEGOTIATE_NEG_SELECT_H
#define ES_NEGOTIATE_NEG_SELECT_H

#include "neg_common.h"
#include "neg_error.h"

/* The failures of one message: the first failing status in check order,
 * and every failing field listed in err. */
typedef struct es_neg_note {
	esession_status status; /* first failure, ESESSION_OK if none */
	es_neg_error *err;      /* receives the field names */
	bool nomem;             /* an allocation failed somewhere */
} es_neg_note;

/* Record the outcome st of the check of field var (a string that outlives
 * err): nothing when st is ESESSION_OK. ESESSION_EFORM_FIELD_MISSING and
 * ESESSION_EFORM_VALUES are recorded as ESESSION_ENEG_FIELD. */
void es_neg_note_field(es_neg_note *note, const char *var, esession_status st);

/* A MODP group number: 1 to 3 ASCII digits, no sign, no leading zero.
 * Returns ESESSION_OK or ESESSION_ENEG_FIELD. */
ES_MUST_CHECK esession_status es_neg_group_parse(const char *text,
                                                 unsigned *group);

/*
 * es_neg_form_parse - es_form_parse of x with default limits. When the
 * form repeats a field var and its FORM_TYPE (read from the tree) is
 * urn:xmpp:ssn, err gets not-acceptable [var] (var borrowed from x's
 * document). Returns ESESSION_OK, ESESSION_EINVAL, the statuses of
 * es_form_parse.
 */
ES_MUST_CHECK esession_status es_neg_form_parse(const es_xml_node *x,
                                                es_form **form,
                                                es_neg_error *err);

/*
 * es_neg_single_b64 - the one value of field var, decoded strictly into
 * *out (which must be empty). Returns ESESSION_OK; ESESSION_ENEG_FIELD
 * (missing, no value or several); the ESESSION_EBASE64_* rejections;
 * ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_neg_single_b64(const es_form *form,
                                                const char *var,
                                                es_neg_bytes *out);

/* The form is of `type` (else ESESSION_EUNEXPECTED) with FORM_TYPE
 * urn:xmpp:ssn (else ESESSION_ENOT_ESESSION). */
ES_MUST_CHECK esession_status es_neg_check_envelope(const es_form *form,
                                                    es_form_type type);

/* Field var carries exactly one base64 value equal to expected (compared
 * in constant time). Returns ESESSION_OK; ESESSION_ENEG_NONCE (another
 * value); ESESSION_ENEG_FIELD; ESESSION_EBASE64_*; ESESSION_ENOMEM. */
ES_MUST_CHECK esession_status es_neg_check_nonce(const es_form *form,
                                                 const char *var,
                                                 const uint8_t *expected,
                                                 size_t expected_len);

#endif
