/*
 * responder.c - Bob's side of the 4-message and 3-message negotiations
 * (XEP-0116 §"ESession Response (Bob)", §"ESession Accept (Bob)"), every
 * pubkey mode (the identity proofs themselves: session.c
 * es_session_prove_identity / es_session_check_identity).
 */
#include "session_internal.h"

#include "bobid.h"
#include "complete.h"
#include "groups.h"
#include "request.h"
#include "response.h"
#include "sigma_dh.h"
#include "sigma_final.h"
#include "sigma_mac.h"
#include "sigma_retained.h"

#include <stdlib.h>
#include <string.h>

esession_status es_bob_on_request3(esession_session *s,
                                   const es_neg_stanza_info *info)
{
	/* One handler for both: es_neg_request_parse answers a 3-message
	 * request that the policy refuses with feature-not-implemented
	 * [dhkeys] (XEP-0116 §"ESession Rejection (Bob)": "If Alice
	 * initiated a 3-message negotiation but Bob only supports 4-message
	 * negotiations (with Alice) then he SHOULD return a
	 * <feature-not-implemented/> error specifying the 'dhkeys' field"). */
	return es_bob_on_request(s, info);
}

/* Bob will not start an ESession (his application's answer policy).
 * XEP-0116 §"ESession Rejection (Bob)": silently ("If Bob does not want to
 * reveal presence ... SHOULD return no response"), by declining (XEP-0155
 * §"Rejecting a Session": accept = 0), or by accepting a stanza session
 * without encryption when Alice offered 'c2s' or 'none' for 'security'
 * (our fallbacks, in the order c2s, none; a decline when she offered
 * neither). The session ends either way. */
static esession_status bob_refuse(esession_session *s,
                                  const es_neg_request *req)
{
	es_xml_node *x = NULL;
	es_xml_node *msg = NULL;
	esession_status st = ESESSION_OK;
	if (s->answer == ESESSION_ANSWER_SILENT) {
		es_session_end(s, ESESSION_OK);
		return ESESSION_OK;
	}
	es_security fallback = 0;
	if (s->answer == ESESSION_ANSWER_FALLBACK && req->ssn_ok) {
		const es_security order[] = {ES_SECURITY_C2S, ES_SECURITY_NONE};
		for (size_t i = 0; i < ES_ARRAY_LEN(order) && fallback == 0;
		     i++) {
			unsigned bit = ES_SECURITY_BIT(order[i]);
			if ((s->policy.security_fallback & bit) &&
			    (req->security_offered & bit))
				fallback = order[i];
		}
	}
	if (fallback != 0)
		st = es_neg_fallback_form(s->doc, req, fallback, &x);
	else
		st = es_neg_decline_form(s->doc, NULL, &x);
	if (st == ESESSION_OK)
		st = es_neg_form_stanza(s->doc, s->peer_jid, s->thread, x,
		                        false, &msg);
	if (st == ESESSION_OK)
		st = es_session_send(s, msg);
	if (st != ESESSION_OK)
		return es_session_fail_field(s, st, ES_NEG_COND_NONE, NULL);
	es_session_end(s, ESESSION_OK);
	return ESESSION_OK;
}

/*
 * 3-message, before message 2 goes out (XEP-0116 §"Diffie-Hellman
 * Preparation (Bob)", §"Generating Session Keys", §"Hiding Bob's
 * Identity", §"Sending the Response (3-message negotiations)"):
 * K = HASH(e^y mod p), the six keys, mac_B = HMAC(HASH, KS_B, {N_A, N_B,
 * d, pubKey_B, form_B}) (no form_B2), sign_B, ID_B and M_B appended to
 * the response form x. The keys wait in s->keys3 for message 3.
 */
static esession_status bob_identity3(esession_session *s, es_xml_node *x)
{
	esession_status st = es_sigma_shared_secret(s->params.hash, s->dh_own,
	                                            s->e, s->e_len, &s->k0);
	if (st == ESESSION_OK)
		st = es_sigma_derive_keys(s->params.hash, s->params.cipher,
		                          &s->k0, &s->keys3);
	/* "Once the sets of keys have been calculated the value of K MUST
	 * be securely destroyed" (no final K in 3-message). y stays for
	 * re-keying (XEP-0200 §"Assumptions"). */
	es_secbuf_free(&s->k0);
	/* mac_B = HMAC(HASH, KS_B, {N_A, N_B, d, pubKey_B, form_B}): no
	 * form_B2 in the 3-message response. */
	if (st == ESESSION_OK)
		st = es_session_append_identity(s, false, &s->keys3.responder,
		                                false, x, NULL);
	return st;
}

esession_status es_bob_on_request(esession_session *s,
                                  const es_neg_stanza_info *info)
{
	es_neg_request req;
	es_neg_error err;
	memset(&req, 0, sizeof req);
	es_neg_error_reset(&err);
	uint8_t d[ES_DH_MAX_BYTES];
	size_t d_len = 0;
	const es_group *group = NULL;

	esession_status st =
	    es_neg_request_parse(&s->policy, info->form, &req, &err);
	if (s->answer != ESESSION_ANSWER_ACCEPT) {
		st = bob_refuse(s, &req);
		es_neg_request_clear(&req);
		return st;
	}
	if (st != ESESSION_OK)
		goto fail;
	s->params = req.params;
	const bool three = s->params.mode == ES_NEG_MODE_3MSG;
	memcpy(s->n_a, req.nonce.data, req.nonce.len);
	s->n_a_len = req.nonce.len;
	st = es_group_find(s->params.group, &group);
	if (st != ESESSION_OK)
		goto fail;
	if (three) {
		/* "For 3-message negotiations, Bob SHOULD return a
		 * <feature-not-implemented/> error unless: 1 < e < p - 1". */
		st = req.dh_empty ? ESESSION_ENEG_FIELD
		                  : es_dh_check_public(group, req.dh_value.data,
		                                       req.dh_value.len);
		if (st != ESESSION_OK) {
			es_neg_error_set(&err,
			                 ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
			es_neg_error_add_field(&err, "dhkeys");
			goto fail;
		}
		st = es_session_dup(&s->e, &s->e_len, req.dh_value.data,
		                    req.dh_value.len);
	} else {
		memcpy(s->he, req.dh_value.data, sizeof s->he);
	}
	/* form_A: Alice's request form as received, normalized. */
	if (st == ESESSION_OK)
		st = es_session_form_string(req.form, false, &s->form_a);
	if (st != ESESSION_OK)
		goto fail;

	/* §"Diffie-Hellman Preparation (Bob)": N_B, an n-bit C_A,
	 * C_B = C_A XOR 2^(n-1), y and d = g^y mod p. */
	s->block_len = es_cipher_block_len(s->params.cipher);
	s->n_b_len = ES_NONCE_LEN;
	st = es_session_random_id(s, s->n_b, s->n_b_len, ES_FIRST_NONZERO);
	if (st == ESESSION_OK)
		st = es_session_random_id(s, s->c_a, s->block_len,
		                          ES_FIRST_NOT_0_OR_80);
	if (st == ESESSION_OK)
		st = es_ctr_responder_counter(s->c_a, s->c_b, s->block_len);
	if (st == ESESSION_OK)
		st = es_dh_generate(&s->dh_own, s->rng, group,
		                    ES_DH_CIPHER_BLOCK_BITS);
	if (st == ESESSION_OK)
		st = es_dh_public(s->dh_own, d, sizeof d, &d_len);
	if (st == ESESSION_OK)
		st = es_session_dup(&s->d, &s->d_len, d, d_len);
	if (st != ESESSION_OK)
		goto fail;

	/* §"Response Form": form_B is its normalized content. The request
	 * tree lives in s->doc, so build the response there too and only
	 * reset afterwards. */
	es_xml_node *x = NULL;
	es_xml_node *msg = NULL;
	st = es_neg_response_form(s->doc, &req, s->n_b, s->n_b_len, s->d,
	                          s->d_len, s->c_a, s->block_len, &x);
	if (st == ESESSION_OK)
		st = es_session_form_string(x, false, &s->form_b);
	/* 3-message: "Bob MUST NOT send the form until he has completed the
	 * steps in the following sections" (his keys and identity). */
	if (st == ESESSION_OK && three)
		st = bob_identity3(s, x);
	if (st == ESESSION_OK)
		st = es_neg_form_stanza(s->doc, s->peer_jid, s->thread, x,
		                        false, &msg);
	if (st == ESESSION_OK)
		st = es_session_send(s, msg);
	if (st != ESESSION_OK)
		goto fail;
	s->state = three ? ES_S_R_WAIT_COMPLETE3 : ES_S_R_WAIT_COMPLETE;
	goto out;
fail:
	st = es_session_fail(s, st, &err);
out:
	es_neg_request_clear(&req);
	return st;
}

esession_status es_bob_on_cancel(esession_session *s,
                                 const es_neg_stanza_info *info)
{
	(void)info;
	/* XEP-0155 §"Completing or Canceling the Negotiation". */
	es_session_end(s, ESESSION_EPEER_DECLINED);
	return ESESSION_EPEER_DECLINED;
}

/* Bob's retained-secret search: the primary list (Alice's bare JID) and
 * the extended list (every JID), XEP-0116 §"Generating Bob's Final
 * Session Keys". On a match *entry points into one of the lists. */
static esession_status bob_find_srs(esession_session *s,
                                    const es_neg_complete *c,
                                    es_store_list *primary,
                                    es_store_list *extended,
                                    const es_store_entry **entry)
{
	es_span *p_spans = NULL;
	es_span *x_spans = NULL;
	es_span *rsh = NULL;
	es_sigma_srs_match match = {false, false, 0};
	*entry = NULL;
	if (s->store == NULL || c->n_rshashes == 0)
		return ESESSION_OK;
	esession_status st = es_store_list_for_peer(s->store, s->local_jid,
	                                            s->peer_bare, primary);
	if (st == ESESSION_OK)
		st = es_store_list_all(s->store, s->local_jid, extended);
	if (st == ESESSION_OK)
		st = es_store_list_secrets(primary, &p_spans);
	if (st == ESESSION_OK)
		st = es_store_list_secrets(extended, &x_spans);
	if (st == ESESSION_OK) {
		rsh = calloc(c->n_rshashes, sizeof *rsh);
		if (rsh == NULL)
			st = ESESSION_ENOMEM;
	}
	if (st == ESESSION_OK) {
		for (size_t i = 0; i < c->n_rshashes; i++) {
			rsh[i].data = c->rshashes[i].data;
			rsh[i].len = c->rshashes[i].len;
		}
		st = es_sigma_rshashes_search(
		    s->params.hash, s->n_a, s->n_a_len, rsh, c->n_rshashes,
		    p_spans, primary->count, x_spans, extended->count, &match);
	}
	if (st == ESESSION_OK && match.found)
		*entry = match.extended ? &extended->entries[match.index]
		                        : &primary->entries[match.index];
	free(p_spans);
	free(x_spans);
	free(rsh);
	return st;
}

/*
 * Message 3 of the 3-message exchange (XEP-0116 §"Verifying Alice's
 * Identity": "In the case of a 3-message negotiation, the ESession
 * negotiation is now complete"): M_A, ID_A, mac_A and sign_A checked with
 * the keys of message 2, the directions opened. Encrypted content in the
 * same stanza (§"Sending Alice's Identity") is then an ordinary XEP-0200
 * stanza of the established session; a 'terminate' field ends the session
 * right after it ("the ESession is terminated immediately": object
 * encryption).
 */
static esession_status bob_complete3(esession_session *s,
                                     const es_neg_stanza_info *info)
{
	es_neg_complete c;
	es_neg_error err;
	memset(&c, 0, sizeof c);
	es_neg_error_reset(&err);
	es_xml_buf form_a2;
	es_xml_buf_init(&form_a2, 0);

	esession_status st = es_neg_complete_parse(
	    ES_NEG_MODE_3MSG, s->n_b, s->n_b_len, info->form, &c, &err);
	if (st == ESESSION_EPEER_DECLINED) {
		es_neg_complete_clear(&c);
		es_session_end(s, st);
		return st;
	}
	if (st == ESESSION_OK)
		st = es_session_form_string(c.form, true, &form_a2);
	if (st == ESESSION_OK) {
		es_sigma_mac_input in = es_session_mac_input(s, true, &form_a2);
		st = es_session_check_identity(s, true, &s->keys3.initiator,
		                               &c.identity, &c.mac, &in, s->c_a,
		                               &err);
	}
	if (st == ESESSION_OK)
		st = es_session_open_directions(s, &s->keys3, false);
	if (st == ESESSION_OK) {
		es_sigma_keys_free(&s->keys3);
		st = es_session_establish(s);
	}
	if (st != ESESSION_OK) {
		/* "If Bob sends an error to Alice then he SHOULD ignore any
		 * encrypted content he received in the stanza." */
		st = es_session_fail(s, st, &err);
		goto out;
	}
	if (info->c != NULL) {
		es_xml_detach(es_xml_parent(info->form));
		st = es_on_encrypted(s, info);
	}
	if (st == ESESSION_OK && c.terminate && s->state == ES_S_ACTIVE)
		es_session_end(s, ESESSION_OK);
out:
	es_xml_buf_free(&form_a2);
	es_neg_complete_clear(&c);
	return st;
}

/*
 * Message 3 of the 3-message exchange with a 'terminate' field (XEP-0116
 * §"Sending Alice's Identity": object encryption). Its shape makes it
 * TERM_CLEAR (classify.h: a 'terminate' field decides before 'accept'),
 * but only a 'result' form can be Alice's completion: an unencrypted
 * terminate 'submit' is refused with no change, as in every other
 * negotiating state.
 */
esession_status es_bob_on_complete_terminate(esession_session *s,
                                             const es_neg_stanza_info *info)
{
	const char *type = es_xml_attr_get(info->form, "", "type", NULL);
	ES_ENSURE(s->state == ES_S_R_WAIT_COMPLETE3 && type != NULL &&
	              strcmp(type, "result") == 0,
	          ESESSION_EUNEXPECTED);
	return bob_complete3(s, info);
}

esession_status es_bob_on_complete(esession_session *s,
                                   const es_neg_stanza_info *info)
{
	if (s->state == ES_S_R_WAIT_COMPLETE3)
		return bob_complete3(s, info);

	es_neg_complete c;
	es_neg_error err;
	memset(&c, 0, sizeof c);
	es_neg_error_reset(&err);
	es_sigma_dir_keys pkeys = ES_SIGMA_DIR_KEYS_INIT;
	es_sigma_keys keys = ES_SIGMA_KEYS_INIT;
	es_secbuf k = ES_SECBUF_INIT;
	es_secbuf oss = ES_SECBUF_INIT;
	es_store_list primary = ES_STORE_LIST_INIT;
	es_store_list extended = ES_STORE_LIST_INIT;
	const es_store_entry *srs_entry = NULL;
	es_xml_buf form_a2;
	es_xml_buf_init(&form_a2, 0);
	uint8_t srshash[ES_HASH_MAX_LEN];
	const es_group *group = NULL;
	size_t hlen = es_hash_len(s->params.hash);

	esession_status st = es_neg_complete_parse(
	    ES_NEG_MODE_4MSG, s->n_b, s->n_b_len, info->form, &c, &err);
	if (st == ESESSION_EPEER_DECLINED) {
		es_neg_complete_clear(&c);
		es_session_end(s, st);
		return st;
	}
	if (st != ESESSION_OK)
		goto fail;

	/* §"Verifying Alice's Identity": SHA256(e) must equal He, then
	 * 1 < e < p - 1, both answered with feature-not-implemented. */
	st = es_sigma_check_commitment(c.e.data, c.e.len, s->he, sizeof s->he);
	if (st == ESESSION_OK)
		st = es_group_find(s->params.group, &group);
	if (st == ESESSION_OK)
		st = es_dh_check_public(group, c.e.data, c.e.len);
	if (st != ESESSION_OK) {
		es_neg_error_set(&err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
		es_neg_error_add_field(&err, "dhkeys");
		goto fail;
	}
	st = es_session_dup(&s->e, &s->e_len, c.e.data, c.e.len);
	/* K = HASH(e^y mod p); Alice's provisory keys. */
	if (st == ESESSION_OK)
		st = es_sigma_shared_secret(s->params.hash, s->dh_own, s->e,
		                            s->e_len, &s->k0);
	if (st == ESESSION_OK)
		st = es_sigma_derive_dir_keys(s->params.hash, s->params.cipher,
		                              ES_SIGMA_INITIATOR, &s->k0,
		                              &pkeys);
	if (st == ESESSION_OK)
		st = es_session_form_string(c.form, true, &form_a2);
	/* M_A first (nothing decrypted unless it verifies), then mac_A =
	 * HMAC(HASH, KS_A, {N_B, N_A, e, pubKey_A, form_A, form_A2}) and,
	 * with a key, VERIFY(sign_A, pubKey_A, mac_A). */
	if (st == ESESSION_OK) {
		es_sigma_mac_input in = es_session_mac_input(s, true, &form_a2);
		st = es_session_check_identity(s, true, &pkeys, &c.identity,
		                               &c.mac, &in, s->c_a, &err);
	}
	if (st != ESESSION_OK)
		goto fail;

	/* SAS over M_A and form_B. */
	s->m_a_len = hlen;
	memcpy(s->m_a, c.mac.data, hlen);
	st = es_sigma_sas(s->params.hash, s->m_a, s->m_a_len, s->form_b.data,
	                  s->form_b.len, s->sas, sizeof s->sas);
	/* SRS, OSS, and the final K = HASH(K | SRS | OSS). */
	if (st == ESESSION_OK)
		st = bob_find_srs(s, &c, &primary, &extended, &srs_entry);
	if (st == ESESSION_OK && s->store != NULL)
		st = es_store_other_secret(s->store, s->local_jid, s->peer_bare,
		                           &oss);
	if (st != ESESSION_OK)
		goto fail;
	const es_span srs =
	    srs_entry != NULL
	        ? (es_span){srs_entry->secret.data, srs_entry->secret.len}
	        : (es_span){NULL, 0};
	const es_span oss_span = {oss.data, oss.len};
	st = es_sigma_final_secret(s->params.hash, &s->k0,
	                           srs_entry != NULL ? &srs : NULL,
	                           oss.len > 0 ? &oss_span : NULL, &k);
	if (st == ESESSION_OK)
		st = es_sigma_derive_keys(s->params.hash, s->params.cipher, &k,
		                          &keys);
	/* §"Sending Bob's Identity": srshash, then form_B2 and mac_B. */
	if (st == ESESSION_OK)
		st = es_sigma_srshash(s->params.hash, s->rng,
		                      srs_entry != NULL ? &srs : NULL, srshash,
		                      sizeof srshash);
	es_xml_node *x = NULL;
	es_xml_node *msg = NULL;
	if (st == ESESSION_OK)
		st = es_neg_bobid_form(s->doc, s->n_a, s->n_a_len, srshash,
		                       hlen, &x);
	/* mac_B = HMAC(HASH, KS_B, {N_A, N_B, d, pubKey_B, form_B,
	 * form_B2}), sign_B, ID_B, M_B (§"Hiding Bob's Identity"). */
	if (st == ESESSION_OK)
		st = es_session_append_identity(s, false, &keys.responder, true,
		                                x, NULL);
	if (st == ESESSION_OK)
		st = es_neg_form_stanza(s->doc, s->peer_jid, s->thread, x, true,
		                        &msg);
	if (st == ESESSION_OK)
		st = es_session_send(s, msg);
	if (st != ESESSION_OK)
		goto fail;

	/* "Bob MUST destroy all his copies of the old retained secret ...
	 * and calculate a new retained secret": HMAC(HASH, K, "New Retained
	 * Secret"), stored for Alice's client. */
	s->oss_used = oss.len > 0;
	st = es_session_keep_retained(s, &k, srs_entry);
	if (st == ESESSION_OK)
		st = es_session_open_directions(s, &keys, false);
	if (st == ESESSION_OK) {
		/* "Bob's value of K MUST now be securely destroyed." y is
		 * not K: it stays for re-keying (XEP-0200 §"Assumptions",
		 * §"Re-Key Acceptance": "his oldest stored set {KC KM y}"),
		 * owned by the re-key state from the first stanza on and
		 * wiped with the session. */
		es_secbuf_free(&s->k0);
		st = es_session_establish(s);
	}
	if (st != ESESSION_OK)
		goto fail;
	goto out;
fail:
	st = es_session_fail(s, st, &err);
out:
	es_sigma_dir_keys_free(&pkeys);
	es_sigma_keys_free(&keys);
	es_secbuf_free(&k);
	es_secbuf_free(&oss);
	es_store_list_free(&primary);
	es_store_list_free(&extended);
	es_xml_buf_free(&form_a2);
	es_neg_complete_clear(&c);
	return st;
}
