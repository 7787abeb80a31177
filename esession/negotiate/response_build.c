/*
 * response_build.c - Bob's answers to a request: the ESession response
 * (message 2), the decline and the security fallback (see response.h).
 */
#include "response.h"

#include "secmem.h"

#include <stdio.h>
#include <string.h>

/* <field var='var'><value>value</value></field>, no type (a submit form:
 * XEP-0004 §3.3 "inferred from context"). */
static esession_status es_answer(es_form *f, const char *var, const char *value)
{
	es_form_field *field = NULL;
	ES_ENSURE(value != NULL, ESESSION_EINVAL);
	ES_GUARD(es_form_add_field(f, var, ES_FORM_FIELD_UNSPECIFIED, &field));
	return es_form_field_add_value(field, value);
}

static esession_status es_answer_b64(es_form *f, const char *var,
                                     const uint8_t *data, size_t len)
{
	es_form_field *field = NULL;
	ES_GUARD(es_form_add_field(f, var, ES_FORM_FIELD_UNSPECIFIED, &field));
	return es_neg_field_add_b64(field, data, len);
}

/* FORM_TYPE, accept and the XEP-0155 answers shared by the response and
 * the fallback. */
static esession_status es_answer_ssn(es_form *f, const es_params *p,
                                     es_security security)
{
	ES_GUARD(es_answer(f, "FORM_TYPE", ES_SSN_FORM_TYPE));
	ES_GUARD(es_answer(f, "accept", "1"));
	ES_GUARD(es_answer(f, es_logging_var(p->logging_spelling),
	                   es_logging_value(p->logging, p->logging_spelling)));
	ES_GUARD(es_answer(f, "disclosure", es_disclosure_name(p->disclosure)));
	return es_answer(f, "security", es_security_name(security));
}

static esession_status es_answer_options(es_form *f, const es_params *p)
{
	char text[16];
	snprintf(text, sizeof(text), "%u", p->group);
	ES_GUARD(es_answer(f, "modp", text));
	ES_GUARD(es_answer(f, "crypt_algs", es_cipher_name(p->cipher)));
	ES_GUARD(es_answer(f, "hash_algs", es_hash_name(p->hash)));
	if (p->sign_alg != 0)
		ES_GUARD(
		    es_answer(f, "sign_algs", es_sign_alg_name(p->sign_alg)));
	ES_GUARD(es_answer(f, "compress", "none"));

	es_form_field *field = NULL;
	ES_GUARD(
	    es_form_add_field(f, "stanzas", ES_FORM_FIELD_UNSPECIFIED, &field));
	static const unsigned kinds[] = {ES_STANZA_MESSAGE, ES_STANZA_IQ,
	                                 ES_STANZA_PRESENCE};
	for (size_t i = 0; i < ES_ARRAY_LEN(kinds); i++)
		if ((p->stanzas & kinds[i]) != 0)
			ES_GUARD(es_form_field_add_value(
			    field, es_stanza_kind_name(kinds[i])));

	/* §"Response Form": "He MUST set the 'init_pubkey' field to specify
	 * what sort of identification he requires from Alice". */
	ES_GUARD(
	    es_answer(f, "init_pubkey", es_pubkey_mode_name(p->init_pubkey)));
	ES_GUARD(
	    es_answer(f, "resp_pubkey", es_pubkey_mode_name(p->resp_pubkey)));
	ES_GUARD(es_answer(f, "ver", es_version_name(p->version)));
	snprintf(text, sizeof(text), "%u", (unsigned)p->rekey_freq);
	return es_answer(f, "rekey_freq", text);
}

static esession_status es_response_fields(es_form *f, const es_neg_request *req,
                                          const uint8_t *nonce_b,
                                          size_t nonce_b_len, const uint8_t *d,
                                          size_t d_len, const uint8_t *counter,
                                          size_t counter_len)
{
	const es_params *p = &req->params;
	ES_GUARD(es_answer_ssn(f, p, ES_SECURITY_E2E));
	ES_GUARD(es_answer_options(f, p));
	ES_GUARD(es_answer_b64(f, "my_nonce", nonce_b, nonce_b_len));
	if (p->mode == ES_NEG_MODE_4MSG)
		ES_GUARD(es_answer(f, "sas_algs", "sas28x5"));
	/* No 'dhhashes' ("he MUST NOT include a 'dhhashes' field"). */
	ES_GUARD(es_answer_b64(f, "dhkeys", d, d_len));
	/* "encapsulate the Base64 encoded values of C_A and Alice's N_A in
	 * two new 'counter' and 'nonce' fields and append them". */
	ES_GUARD(es_answer_b64(f, "nonce", req->nonce.data, req->nonce.len));
	return es_answer_b64(f, "counter", counter, counter_len);
}

esession_status es_neg_response_form(es_xml_doc *doc, const es_neg_request *req,
                                     const uint8_t *nonce_b, size_t nonce_b_len,
                                     const uint8_t *d, size_t d_len,
                                     const uint8_t *counter, size_t counter_len,
                                     es_xml_node **x)
{
	ES_ENSURE(doc != NULL && req != NULL && nonce_b != NULL && d != NULL &&
	              counter != NULL && x != NULL,
	          ESESSION_EINVAL);
	const es_params *p = &req->params;
	ES_ENSURE(p->group != 0 && p->cipher != 0 && p->hash != 0 &&
	              p->stanzas != 0 && p->init_pubkey != 0 &&
	              p->resp_pubkey != 0 && p->version != 0 &&
	              p->logging != 0 && p->logging_spelling != 0 &&
	              p->disclosure != 0 && req->nonce.len > 0,
	          ESESSION_EINVAL);
	ES_ENSURE(nonce_b_len >= ES_NEG_NONCE_MIN &&
	              nonce_b_len <= ES_NEG_NONCE_MAX && d_len > 0,
	          ESESSION_EINVAL);
	ES_ENSURE(!(nonce_b_len == req->nonce.len &&
	            es_ct_equal(nonce_b, req->nonce.data, nonce_b_len)),
	          ESESSION_EINVAL);
	ES_ENSURE(counter_len == es_cipher_block_len(p->cipher),
	          ESESSION_ECOUNTER);

	es_form *f = NULL;
	ES_GUARD(es_form_new(ES_FORM_TYPE_SUBMIT, NULL, &f));
	esession_status st = es_response_fields(f, req, nonce_b, nonce_b_len, d,
	                                        d_len, counter, counter_len);
	if (st == ESESSION_OK)
		st = es_form_to_xml(f, doc, x);
	es_form_free(f);
	return st;
}

esession_status es_neg_decline_form(es_xml_doc *doc, const char *reason,
                                    es_xml_node **x)
{
	ES_ENSURE(doc != NULL && x != NULL, ESESSION_EINVAL);
	es_form *f = NULL;
	ES_GUARD(es_form_new(ES_FORM_TYPE_SUBMIT, NULL, &f));
	/* XEP-0155 §"Rejecting a Session": FORM_TYPE and accept=0; "It is
	 * RECOMMENDED that the form does not contain any other fields";
	 * 'reason' is text-single. */
	esession_status st = es_answer(f, "FORM_TYPE", ES_SSN_FORM_TYPE);
	if (st == ESESSION_OK)
		st = es_answer(f, "accept", "0");
	if (st == ESESSION_OK && reason != NULL)
		st = es_answer(f, "reason", reason);
	if (st == ESESSION_OK)
		st = es_form_to_xml(f, doc, x);
	es_form_free(f);
	return st;
}

esession_status es_neg_fallback_form(es_xml_doc *doc, const es_neg_request *req,
                                     es_security security, es_xml_node **x)
{
	ES_ENSURE(doc != NULL && req != NULL && x != NULL, ESESSION_EINVAL);
	ES_ENSURE(security == ES_SECURITY_C2S || security == ES_SECURITY_NONE,
	          ESESSION_EINVAL);
	/* Never a value Alice did not offer (XEP-0155 §"Accepting a
	 * Session"; spec/ambiguities.md "Security fallback"). */
	ES_ENSURE((req->security_offered & ES_SECURITY_BIT(security)) != 0,
	          ESESSION_EINVAL);
	ES_ENSURE(req->ssn_ok, ESESSION_EINVAL);
	es_form *f = NULL;
	ES_GUARD(es_form_new(ES_FORM_TYPE_SUBMIT, NULL, &f));
	esession_status st = es_answer_ssn(f, &req->params, security);
	if (st == ESESSION_OK)
		st = es_form_to_xml(f, doc, x);
	es_form_free(f);
	return st;
}

esession_status es_neg_form_stanza(es_xml_doc *doc, const char *to,
                                   const char *thread, es_xml_node *x,
                                   bool bob_id, es_xml_node **msg)
{
	ES_ENSURE(doc != NULL && x != NULL && msg != NULL, ESESSION_EINVAL);
	es_xml_node *m = NULL;
	ES_GUARD(es_neg_message_new(doc, to, thread, &m));
	ES_GUARD(es_neg_wrap_form(m, x, bob_id));
	*msg = m;
	return ESESSION_OK;
}
