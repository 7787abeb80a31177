/*
 * complete.c - message 3, Alice's completion form: builder and Bob's
 * parser (XEP-0116 §"Sending Alice's Identity", §"Verifying Alice's
 * Identity"; see complete.h).
 */
#include "complete.h"

#include "neg_select.h"

#include <stdlib.h>
#include <string.h>

void es_neg_complete_clear(es_neg_complete *c)
{
	if (c == NULL)
		return;
	es_neg_bytes_clear(&c->e);
	for (size_t i = 0; i < c->n_rshashes; i++)
		es_neg_bytes_clear(&c->rshashes[i]);
	free(c->rshashes);
	es_neg_bytes_clear(&c->identity);
	es_neg_bytes_clear(&c->mac);
	memset(c, 0, sizeof(*c));
}

static esession_status es_complete_fields(es_form *f, es_neg_mode mode,
                                          const uint8_t *nonce_b,
                                          size_t nonce_b_len, const uint8_t *e,
                                          size_t e_len, const es_span *rsh,
                                          size_t n_rsh)
{
	es_form_field *field = NULL;
	ES_GUARD(es_form_add_field(f, "FORM_TYPE", ES_FORM_FIELD_UNSPECIFIED,
	                           &field));
	ES_GUARD(es_form_field_add_value(field, ES_SSN_FORM_TYPE));
	ES_GUARD(
	    es_form_add_field(f, "accept", ES_FORM_FIELD_UNSPECIFIED, &field));
	ES_GUARD(es_form_field_add_value(field, "1"));
	ES_GUARD(
	    es_form_add_field(f, "nonce", ES_FORM_FIELD_UNSPECIFIED, &field));
	ES_GUARD(es_neg_field_add_b64(field, nonce_b, nonce_b_len));
	if (mode == ES_NEG_MODE_3MSG)
		return ESESSION_OK;
	/* "In the case of a 4-message negotiation Alice MUST also include
	 * ... e (wrapped in a 'dhkeys' field) and ... 'rshashes'"; both
	 * hidden as in the example. */
	ES_GUARD(es_form_add_field(f, "dhkeys", ES_FORM_FIELD_HIDDEN, &field));
	ES_GUARD(es_neg_field_add_b64(field, e, e_len));
	ES_GUARD(
	    es_form_add_field(f, "rshashes", ES_FORM_FIELD_HIDDEN, &field));
	for (size_t i = 0; i < n_rsh; i++)
		ES_GUARD(es_neg_field_add_b64(field, rsh[i].data, rsh[i].len));
	return ESESSION_OK;
}

esession_status es_neg_complete_form(es_xml_doc *doc, es_neg_mode mode,
                                     const uint8_t *nonce_b, size_t nonce_b_len,
                                     const uint8_t *e, size_t e_len,
                                     const es_span *rshashes, size_t n_rshashes,
                                     es_xml_node **x)
{
	ES_ENSURE(doc != NULL && nonce_b != NULL && x != NULL, ESESSION_EINVAL);
	ES_ENSURE(nonce_b_len >= ES_NEG_NONCE_MIN &&
	              nonce_b_len <= ES_NEG_NONCE_MAX,
	          ESESSION_EINVAL);
	if (mode == ES_NEG_MODE_4MSG) {
		ES_ENSURE(e != NULL && e_len > 0 && rshashes != NULL &&
		              n_rshashes > 0,
		          ESESSION_EINVAL);
		for (size_t i = 0; i < n_rshashes; i++)
			ES_ENSURE(rshashes[i].data != NULL &&
			              rshashes[i].len > 0,
			          ESESSION_EINVAL);
	} else {
		ES_ENSURE(mode == ES_NEG_MODE_3MSG && e == NULL && e_len == 0 &&
		              rshashes == NULL && n_rshashes == 0,
		          ESESSION_EINVAL);
	}
	es_form *f = NULL;
	ES_GUARD(es_form_new(ES_FORM_TYPE_RESULT, NULL, &f));
	esession_status st = es_complete_fields(f, mode, nonce_b, nonce_b_len,
	                                        e, e_len, rshashes, n_rshashes);
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

/* rshashes: at least one value, each strict base64 (values of the wrong
 * length are the caller's to ignore, spec/ambiguities.md
 * "rshashes padding"). */
static esession_status es_parse_rshashes(const es_form *form,
                                         es_neg_complete *c)
{
	const char *const *v = NULL;
	size_t n = 0;
	esession_status st = es_form_values(form, "rshashes", &v, &n);
	ES_ENSURE(st != ESESSION_EFORM_FIELD_MISSING, ESESSION_ENEG_FIELD);
	ES_GUARD(st);
	ES_ENSURE(n > 0, ESESSION_ENEG_FIELD);
	c->rshashes = calloc(n, sizeof(*c->rshashes));
	ES_ENSURE(c->rshashes != NULL, ESESSION_ENOMEM);
	for (size_t i = 0; i < n; i++) {
		c->n_rshashes = i + 1;
		ES_GUARD(es_neg_b64_decode(v[i], &c->rshashes[i]));
	}
	return ESESSION_OK;
}

static esession_status es_absent(const es_form *form, const char *var)
{
	return es_form_field_find(form, var) == NULL ? ESESSION_OK
	                                             : ESESSION_ENEG_FIELD;
}

esession_status es_neg_complete_parse(es_neg_mode mode, const uint8_t *nonce_b,
                                      size_t nonce_b_len, const es_xml_node *x,
                                      es_neg_complete *c, es_neg_error *err)
{
	ES_ENSURE(nonce_b != NULL && x != NULL && c != NULL && err != NULL,
	          ESESSION_EINVAL);
	ES_ENSURE(mode == ES_NEG_MODE_3MSG || mode == ES_NEG_MODE_4MSG,
	          ESESSION_EINVAL);
	ES_ENSURE(nonce_b_len >= ES_NEG_NONCE_MIN &&
	              nonce_b_len <= ES_NEG_NONCE_MAX,
	          ESESSION_EINVAL);
	ES_ENSURE(c->e.data == NULL && c->rshashes == NULL &&
	              c->identity.data == NULL && c->mac.data == NULL,
	          ESESSION_EINVAL);
	es_neg_error_reset(err);
	es_form *form = NULL;
	es_neg_note note = {ESESSION_OK, err, false};
	bool accept = false;
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
	c->form = x;
	/* spec/ambiguities.md "Form type of Alice's completion
	 * message": only 'result'. */
	st = es_neg_check_envelope(form, ES_FORM_TYPE_RESULT);
	if (st != ESESSION_OK)
		goto out;

	st = es_form_boolean(form, "accept", &accept);
	if (st == ESESSION_OK && !accept) {
		st = ESESSION_EPEER_DECLINED;
		goto out;
	}
	es_neg_note_field(&note, "accept",
	                  st == ESESSION_OK || st == ESESSION_ENOMEM
	                      ? st
	                      : ESESSION_ENEG_FIELD);
	es_neg_note_field(
	    &note, "nonce",
	    es_neg_check_nonce(form, "nonce", nonce_b, nonce_b_len));
	if (mode == ES_NEG_MODE_4MSG) {
		es_neg_note_field(&note, "dhkeys",
		                  es_nonempty_b64(form, "dhkeys", &c->e));
		es_neg_note_field(&note, "rshashes",
		                  es_parse_rshashes(form, c));
	} else {
		es_neg_note_field(&note, "dhkeys", es_absent(form, "dhkeys"));
		es_neg_note_field(&note, "rshashes",
		                  es_absent(form, "rshashes"));
		/* XEP-0116 §"Sending Alice's Identity": a 'terminate' field
		 * set to "1" or "true" ends the session after the <c/>. */
		bool term = false;
		if (es_form_field_find(form, "terminate") != NULL) {
			esession_status st_t =
			    es_form_boolean(form, "terminate", &term);
			es_neg_note_field(&note, "terminate",
			                  st_t == ESESSION_OK ||
			                          st_t == ESESSION_ENOMEM
			                      ? st_t
			                      : ESESSION_ENEG_FIELD);
		}
		c->terminate = term;
	}
	es_neg_note_field(&note, "identity",
	                  es_nonempty_b64(form, "identity", &c->identity));
	es_neg_note_field(&note, "mac", es_nonempty_b64(form, "mac", &c->mac));
	st = note.nomem ? ESESSION_ENOMEM : note.status;
	/* spec/message-flow.md §6: failed checks of message 3 are answered
	 * with <feature-not-implemented/> naming the field. */
	if (st != ESESSION_OK && st != ESESSION_ENOMEM)
		es_neg_error_set(err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);

out:
	if (st != ESESSION_OK && err->condition == ES_NEG_COND_NONE)
		err->n_fields = 0;
	es_form_free(form);
	return st;
}
