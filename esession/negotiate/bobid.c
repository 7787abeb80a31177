/*
 * bobid.c - message 4, Bob's identity form: builder and Alice's parser
 * (XEP-0116 §"Sending Bob's Identity", §"Final Steps (Alice)"; see
 * bobid.h).
 */
#include "bobid.h"

#include "neg_select.h"

#include <string.h>

void es_neg_bobid_clear(es_neg_bobid *b)
{
	if (b == NULL)
		return;
	es_neg_bytes_clear(&b->srshash);
	es_neg_bytes_clear(&b->identity);
	es_neg_bytes_clear(&b->mac);
	memset(b, 0, sizeof(*b));
}

static esession_status es_bobid_fields(es_form *f, const uint8_t *nonce_a,
                                       size_t nonce_a_len,
                                       const uint8_t *srshash,
                                       size_t srshash_len)
{
	es_form_field *field = NULL;
	ES_GUARD(es_form_add_field(f, "FORM_TYPE", ES_FORM_FIELD_UNSPECIFIED,
	                           &field));
	ES_GUARD(es_form_field_add_value(field, ES_SSN_FORM_TYPE));
	ES_GUARD(
	    es_form_add_field(f, "nonce", ES_FORM_FIELD_UNSPECIFIED, &field));
	ES_GUARD(es_neg_field_add_b64(field, nonce_a, nonce_a_len));
	ES_GUARD(
	    es_form_add_field(f, "srshash", ES_FORM_FIELD_UNSPECIFIED, &field));
	return es_neg_field_add_b64(field, srshash, srshash_len);
}

esession_status es_neg_bobid_form(es_xml_doc *doc, const uint8_t *nonce_a,
                                  size_t nonce_a_len, const uint8_t *srshash,
                                  size_t srshash_len, es_xml_node **x)
{
	ES_ENSURE(doc != NULL && nonce_a != NULL && srshash != NULL &&
	              x != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(nonce_a_len >= ES_NEG_NONCE_MIN &&
	              nonce_a_len <= ES_NEG_NONCE_MAX && srshash_len > 0,
	          ESESSION_EINVAL);
	es_form *f = NULL;
	ES_GUARD(es_form_new(ES_FORM_TYPE_RESULT, NULL, &f));
	esession_status st =
	    es_bobid_fields(f, nonce_a, nonce_a_len, srshash, srshash_len);
	if (st == ESESSION_OK)
		st = es_form_to_xml(f, doc, x);
	es_form_free(f);
	return st;
}

static esession_status es_nonempty_b64(const es_form *form, const char *var,
                                       es_neg_bytes *out)
{
	ES_GUARD(es_neg_single_b64(form, var, out));
	ES_ENSURE(out->len > 0, ESESSION_ENEG_FIELD);
	return ESESSION_OK;
}

esession_status es_neg_bobid_parse(const uint8_t *nonce_a, size_t nonce_a_len,
                                   const es_xml_node *x, es_neg_bobid *b,
                                   es_neg_error *err)
{
	ES_ENSURE(nonce_a != NULL && x != NULL && b != NULL && err != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(nonce_a_len >= ES_NEG_NONCE_MIN &&
	              nonce_a_len <= ES_NEG_NONCE_MAX,
	          ESESSION_EINVAL);
	ES_ENSURE(b->srshash.data == NULL && b->identity.data == NULL &&
	              b->mac.data == NULL,
	          ESESSION_EINVAL);
	es_neg_error_reset(err);
	es_form *form = NULL;
	es_neg_note note = {ESESSION_OK, err, false};
	esession_status st = es_neg_form_parse(x, &form, err);
	if (st != ESESSION_OK) {
		/* spec/message-flow.md §6: every check of messages 3 and 4
		 * is answered with feature-not-implemented, a repeated field
		 * too. */
		if (err->condition == ES_NEG_COND_NOT_ACCEPTABLE)
			es_neg_error_set(err,
			                 ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
		return st;
	}
	b->form = x;
	st = es_neg_check_envelope(form, ES_FORM_TYPE_RESULT);
	if (st != ESESSION_OK)
		goto out;

	es_neg_note_field(
	    &note, "nonce",
	    es_neg_check_nonce(form, "nonce", nonce_a, nonce_a_len));
	es_neg_note_field(&note, "srshash",
	                  es_nonempty_b64(form, "srshash", &b->srshash));
	es_neg_note_field(&note, "identity",
	                  es_nonempty_b64(form, "identity", &b->identity));
	es_neg_note_field(&note, "mac", es_nonempty_b64(form, "mac", &b->mac));
	st = note.nomem ? ESESSION_ENOMEM : note.status;
	/* spec/message-flow.md §6: feature-not-implemented naming the
	 * field. */
	if (st != ESESSION_OK && st != ESESSION_ENOMEM)
		es_neg_error_set(err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);

out:
	if (st != ESESSION_OK && err->condition == ES_NEG_COND_NONE)
		err->n_fields = 0;
	es_form_free(form);
	return st;
}
