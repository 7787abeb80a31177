/*
 * initiator.c - Alice's side of the 4-message and 3-message negotiations
 * (XEP-0116 §"ESession Request (Alice)", §"ESession Accept (Alice)",
 * §"Final Steps (Alice)"), every pubkey mode (the identity proofs
 * themselves: session.c es_session_prove_identity /
 * es_session_check_identity).
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
#include "stanza_dir.h"

#include <stdlib.h>
#include <string.h>

/* XEP-0116 §"ESession Request", footnote: "If the entity already
 * possesses one of the other entity's public keys then it is RECOMMENDED
 * that the fingerprint is requested": so 'hash' is asked of Bob only when
 * the store holds a key of his; otherwise he could only answer with a
 * fingerprint Alice cannot resolve (spec/ambiguities.md "When Alice asks
 * for 'hash'"). */
static esession_status alice_resp_modes(esession_session *s)
{
	es_policy *pol = &s->policy;
	bool known = false;
	if (s->store != NULL)
		ES_GUARD(es_store_key_known(s->store, s->local_jid,
		                            s->peer_bare, &known));
	if (known)
		return ESESSION_OK;
	size_t k = 0;
	for (size_t i = 0; i < pol->n_resp_pubkey; i++)
		if (pol->resp_pubkey[i] != ES_PUBKEY_HASH)
			pol->resp_pubkey[k++] = pol->resp_pubkey[i];
	pol->n_resp_pubkey = k;
	/* Nothing left to ask Bob for: no key of his to check a
	 * fingerprint against. */
	ES_ENSURE(k > 0, ESESSION_EKEY_UNKNOWN);
	return ESESSION_OK;
}

esession_status es_alice_start(esession_session *s)
{
	ES_GUARD(alice_resp_modes(s));
	const es_policy *pol = &s->policy;
	/* XEP-0116 §"Three- or Four-Message Negotiation?": 4 by default;
	 * 3 (SIGMA-I) when the policy prefers it. */
	const es_neg_mode mode =
	    pol->prefer_3msg ? ES_NEG_MODE_3MSG : ES_NEG_MODE_4MSG;
	es_span values[ES_POLICY_MAX_LIST];
	uint8_t he[ES_POLICY_MAX_LIST][32];
	uint8_t *e_all = NULL; /* 3-message: every mpi(e_i), public */
	uint8_t e[ES_DH_MAX_BYTES];
	esession_status st = ESESSION_OK;
	if (mode == ES_NEG_MODE_3MSG) {
		e_all = malloc(ES_POLICY_MAX_LIST * ES_DH_MAX_BYTES);
		if (e_all == NULL)
			return ESESSION_ENOMEM;
	}

	/* XEP-0116 §"ESession Request (Alice)": for every offered group,
	 * x, e = g^x mod p and (4-message) He = SHA256(e), in the order of
	 * 'modp'. "Alice MUST send all her calculated values of 'He' (for
	 * 4-message negotiations) or 'e' (for 3-message negotiations)". */
	for (size_t i = 0; i < pol->n_groups; i++) {
		const es_group *group = NULL;
		size_t e_len = 0;
		st = es_group_find(pol->groups[i], &group);
		if (st == ESESSION_OK)
			st = es_dh_generate(&s->dh_offer[i], s->rng, group,
			                    ES_DH_CIPHER_BLOCK_BITS);
		if (st != ESESSION_OK)
			goto out;
		s->n_dh_offer = i + 1;
		st = es_dh_public(s->dh_offer[i], e, sizeof e, &e_len);
		if (st == ESESSION_OK && mode == ES_NEG_MODE_4MSG) {
			st = es_sigma_commitment(e, e_len, he[i], sizeof he[i]);
			values[i] = (es_span){he[i], sizeof he[i]};
		} else if (st == ESESSION_OK) {
			uint8_t *slot = e_all + i * ES_DH_MAX_BYTES;
			memcpy(slot, e, e_len);
			values[i] = (es_span){slot, e_len};
		}
		if (st != ESESSION_OK)
			goto out;
	}
	/* N_A: Alice's ESession ID. */
	s->n_a_len = ES_NONCE_LEN;
	st = es_session_random_id(s, s->n_a, s->n_a_len, ES_FIRST_NONZERO);
	if (st != ESESSION_OK)
		goto out;

	es_xml_node *x = NULL;
	es_xml_node *msg = NULL;
	es_xml_doc_reset(s->doc);
	st = es_neg_request_form(s->doc, pol, mode, s->n_a, s->n_a_len, values,
	                         pol->n_groups, &x);
	/* form_A: the normalized request form, input of mac_A. */
	if (st == ESESSION_OK)
		st = es_session_form_string(x, false, &s->form_a);
	if (st == ESESSION_OK)
		st = es_neg_request_stanza(s->doc, s->peer_jid, s->thread, x,
		                           &msg);
	if (st == ESESSION_OK)
		st = es_session_send(s, msg);
out:
	es_wipe(e, sizeof e);
	free(e_all);
	if (st != ESESSION_OK) {
		es_session_wipe(s);
		return st; /* still IDLE: the caller may retry */
	}
	s->state =
	    mode == ES_NEG_MODE_3MSG ? ES_S_I_WAIT_RESP3 : ES_S_I_WAIT_RESP;
	return ESESSION_OK;
}

esession_status es_alice_on_decline(esession_session *s,
                                    const es_neg_stanza_info *info)
{
	(void)info;
	/* XEP-0155 §"Rejecting a Session": the negotiation is over. */
	es_session_end(s, ESESSION_EPEER_DECLINED);
	return ESESSION_EPEER_DECLINED;
}

/* Retained secrets Alice keeps for the peer's clients, as spans. */
static esession_status alice_secrets(esession_session *s, es_span **spans)
{
	*spans = NULL;
	if (s->store == NULL)
		return ESESSION_OK;
	es_store_list_free(&s->rs_list);
	ES_GUARD(es_store_list_for_peer(s->store, s->local_jid, s->peer_bare,
	                                &s->rs_list));
	return es_store_list_secrets(&s->rs_list, spans);
}

/*
 * The rest of message 2 in the 3-message exchange, and message 3
 * (XEP-0116 §"Diffie-Hellman Preparation (Alice)", §"Verifying Bob's
 * Identity", §"Hiding Alice's Identity", §"Sending Alice's Identity"):
 * the six keys from K, Bob's identity verified, Alice's sent, and the
 * session established. There is no SAS, retained secret or other shared
 * secret in this exchange: XEP-0116 §"Short Authentication String": "The
 * steps in this and all the following Online ESession Negotiation
 * sections are only necessary for 4-message negotiations"
 * (spec/ambiguities.md "What the 3-message exchange leaves out").
 */
static esession_status alice_accept3(esession_session *s,
                                     const es_neg_stanza_info *info,
                                     const es_neg_response *resp,
                                     es_neg_error *err)
{
	es_sigma_keys keys = ES_SIGMA_KEYS_INIT;
	es_xml_node *x = NULL;
	es_xml_node *msg = NULL;
	es_stanza_pending pending = ES_STANZA_PENDING_INIT;

	esession_status st = ESESSION_OK;
	/* §"Verifying Bob's Identity": feature-not-implemented "unless the
	 * value of M_B she calculated matches the one she received in the
	 * 'mac' field"; a missing, empty or malformed identity or mac
	 * cannot (spec/ambiguities.md "Missing or empty 3-message
	 * fields"). */
	if (resp->identity_status != ESESSION_OK ||
	    resp->mac_status != ESESSION_OK) {
		const bool id_bad = resp->identity_status != ESESSION_OK;
		st = id_bad ? resp->identity_status : resp->mac_status;
		es_neg_error_set(err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
		es_neg_error_add_field(err, id_bad ? "identity" : "mac");
		goto out;
	}
	/* "Generate the session keys (KC_A, KM_A, KS_A, KC_B, KM_B and
	 * KS_B) in exactly the same way as Bob did". */
	st = es_sigma_derive_keys(s->params.hash, s->params.cipher, &s->k0,
	                          &keys);
	/* "Set the value of form_B to be the Normalized content of the form
	 * she received from Bob without any 'identity' or 'mac' fields." */
	if (st == ESESSION_OK)
		st = es_session_form_string(info->form, true, &s->form_b);
	/* M_B, ID_B, then mac_B = HMAC(HASH, KS_B, {N_A, N_B, d, pubKey_B,
	 * form_B}) and VERIFY(sign_B, pubKey_B, mac_B). */
	if (st == ESESSION_OK) {
		es_sigma_mac_input in = es_session_mac_input(s, false, NULL);
		st = es_session_check_identity(s, false, &keys.responder,
		                               &resp->identity, &resp->mac, &in,
		                               s->c_b, err);
	}
	if (st != ESESSION_OK)
		goto out;

	/* Message 3: FORM_TYPE, accept, nonce = N_B, [terminate] (form_A2),
	 * then identity and mac. The received tree is no longer needed. */
	es_xml_doc_reset(s->doc);
	st = es_neg_complete_form(s->doc, ES_NEG_MODE_3MSG, s->n_b, s->n_b_len,
	                          NULL, 0, NULL, 0, &x);
	if (st == ESESSION_OK)
		st = es_early_add_terminate(s, x);
	/* mac_A = HMAC(HASH, KS_A, {N_B, N_A, e, pubKey_A, form_A, form_A2})
	 * (spec/ambiguities.md "form_A2 in the 3-message exchange"), ID_A,
	 * M_A with the keys of K. */
	if (st == ESESSION_OK)
		st = es_session_append_identity(s, true, &keys.initiator, true,
		                                x, NULL);
	/* K is no longer needed. The six keys go into the two directions
	 * before message 3 is built: the stanza it may carry is encrypted
	 * with KC_A, its counter carrying on from ID_A. */
	if (st == ESESSION_OK) {
		es_secbuf_free(&s->k0);
		st = es_session_open_directions(s, &keys, true);
	}
	if (st == ESESSION_OK)
		st = es_early_message3(s, x, &msg, &pending);
	/* Queued with the counter move of its content, or neither. */
	if (st == ESESSION_OK) {
		st = es_session_send(s, msg);
		if (st != ESESSION_OK)
			es_stanza_pending_rollback(s->tx, &pending);
		else
			es_stanza_pending_commit(s->tx, &pending);
	}
	const bool terminate = s->early_terminate;
	if (st == ESESSION_OK) {
		es_early_clear(s); /* sent, or already given back */
		st = es_session_establish(s);
	}
	/* Object encryption: "the ESession is terminated immediately". */
	if (st == ESESSION_OK && terminate)
		es_session_end(s, ESESSION_OK);
out:
	es_sigma_keys_free(&keys);
	return st;
}

esession_status es_alice_on_response(esession_session *s,
                                     const es_neg_stanza_info *info)
{
	es_neg_response resp;
	es_neg_error err;
	memset(&resp, 0, sizeof resp);
	es_neg_error_reset(&err);
	es_sigma_dir_keys keys = ES_SIGMA_DIR_KEYS_INIT;
	es_sigma_rshashes rsh = ES_SIGMA_RSHASHES_INIT;
	es_span *secrets = NULL;
	es_span *rsh_spans = NULL;
	uint8_t m[ES_HASH_MAX_LEN];
	const es_group *group = NULL;
	es_dh *dh = NULL;

	/* The response binds the session to the full JID it came from
	 * (XEP-0155 §"Accepting a Session"), so that any error about it goes
	 * back to that resource (RFC 6120 §8.3). */
	esession_status st = ESESSION_OK;
	if (!s->peer_bound) {
		char *full = malloc(strlen(info->from) + 1);
		st = ESESSION_ENOMEM;
		if (full == NULL)
			goto fail;
		memcpy(full, info->from, strlen(info->from) + 1);
		free(s->peer_jid);
		s->peer_jid = full;
		s->peer_bound = true;
	}
	/* XEP-0116 §"Diffie-Hellman Preparation (Alice)": "Verify that the
	 * ESession options selected by Bob are acceptable". */
	const es_neg_mode mode =
	    s->state == ES_S_I_WAIT_RESP3 ? ES_NEG_MODE_3MSG : ES_NEG_MODE_4MSG;
	st = es_neg_response_check(&s->policy, mode, s->n_a, s->n_a_len,
	                           info->form, &resp, &err);
	if (st == ESESSION_EPEER_DECLINED || st == ESESSION_EPEER_FALLBACK) {
		es_neg_response_clear(&resp);
		es_session_end(s, st);
		return st;
	}
	if (st != ESESSION_OK)
		goto fail;
	s->params = resp.params;

	/* "Return a <not-acceptable/> error to Bob unless: 1 < d < p - 1". */
	st = es_group_find(s->params.group, &group);
	if (st == ESESSION_OK)
		st = es_dh_check_public(group, resp.d.data, resp.d.len);
	if (st != ESESSION_OK) {
		es_neg_error_set(&err, ES_NEG_COND_NOT_ACCEPTABLE);
		es_neg_error_add_field(&err, "dhkeys");
		goto fail;
	}
	memcpy(s->n_b, resp.nonce_b.data, resp.nonce_b.len);
	s->n_b_len = resp.nonce_b.len;
	st = es_session_dup(&s->d, &s->d_len, resp.d.data, resp.d.len);
	if (st != ESESSION_OK)
		goto fail;
	/* C_B = C_A XOR 2^(n-1). */
	s->block_len = resp.counter.len;
	memcpy(s->c_a, resp.counter.data, s->block_len);
	st = es_ctr_responder_counter(s->c_a, s->c_b, s->block_len);
	if (st != ESESSION_OK)
		goto fail;

	/* K = HASH(d^x mod p) with x of the selected group. */
	dh = s->dh_offer[s->params.group_index];
	st = es_sigma_shared_secret(s->params.hash, dh, s->d, s->d_len, &s->k0);
	if (st != ESESSION_OK)
		goto fail;
	/* The x of the groups Bob did not select are no longer needed; the
	 * selected x stays for re-keying (XEP-0200 §"Assumptions": x is among
	 * the values re-keying uses; traffic.c hands it to the re-key
	 * state). */
	for (size_t i = 0; i < s->n_dh_offer; i++) {
		if (i == s->params.group_index)
			continue;
		es_dh_free(s->dh_offer[i]);
		s->dh_offer[i] = NULL;
	}
	uint8_t e[ES_DH_MAX_BYTES];
	size_t e_len = 0;
	st = es_dh_public(dh, e, sizeof e, &e_len);
	if (st == ESESSION_OK)
		st = es_session_dup(&s->e, &s->e_len, e, e_len);
	if (st != ESESSION_OK)
		goto fail;
	if (mode == ES_NEG_MODE_3MSG) {
		st = alice_accept3(s, info, &resp, &err);
		if (st != ESESSION_OK)
			goto fail;
		goto out;
	}
	/* Provisory keys for Alice's direction only. */
	st = es_sigma_derive_dir_keys(s->params.hash, s->params.cipher,
	                              ES_SIGMA_INITIATOR, &s->k0, &keys);
	if (st != ESESSION_OK)
		goto fail;
	/* form_B: the normalized response form (SAS and mac_B input). */
	st = es_session_form_string(info->form, false, &s->form_b);
	if (st != ESESSION_OK)
		goto fail;

	/* XEP-0116 §"Sending Alice's Identity": rshashes = HMAC(HASH, N_A,
	 * RS) of each retained secret, plus random padding values. */
	st = alice_secrets(s, &secrets);
	if (st == ESESSION_OK)
		st = es_sigma_rshashes_build(s->params.hash, s->rng, s->n_a,
		                             s->n_a_len, secrets,
		                             s->rs_list.count, &rsh);
	if (st != ESESSION_OK)
		goto fail;
	rsh_spans = calloc(rsh.count, sizeof *rsh_spans);
	st = ESESSION_ENOMEM;
	if (rsh_spans == NULL)
		goto fail;
	for (size_t i = 0; i < rsh.count; i++) {
		rsh_spans[i].data = es_sigma_rshashes_value(&rsh, i);
		rsh_spans[i].len = rsh.value_len;
	}

	/* form_A2: the completion form without identity and mac. */
	es_xml_node *x = NULL;
	es_xml_node *msg = NULL;
	es_xml_doc_reset(s->doc);
	st = es_neg_complete_form(s->doc, ES_NEG_MODE_4MSG, s->n_b, s->n_b_len,
	                          s->e, s->e_len, rsh_spans, rsh.count, &x);
	/* §"Hiding Alice's Identity": mac_A = HMAC(HASH, KS_A, {N_B, N_A, e,
	 * pubKey_A, form_A, form_A2}), sign_A, ID_A = CIPHER(KC_A, C_A,
	 * mac_A or {pubKey_A, sign_A}), M_A = HMAC(HASH, KM_A, C_A, ID_A),
	 * under the provisory keys. */
	if (st == ESESSION_OK)
		st = es_session_append_identity(s, true, &keys, true, x, m);
	if (st == ESESSION_OK)
		st = es_neg_form_stanza(s->doc, s->peer_jid, s->thread, x,
		                        false, &msg);
	if (st == ESESSION_OK)
		st = es_session_send(s, msg);
	if (st != ESESSION_OK)
		goto fail;

	/* SAS over M_A and form_B (§"The sas28x5 SAS Algorithm"). */
	s->m_a_len = es_hash_len(s->params.hash);
	memcpy(s->m_a, m, s->m_a_len);
	st = es_sigma_sas(s->params.hash, s->m_a, s->m_a_len, s->form_b.data,
	                  s->form_b.len, s->sas, sizeof s->sas);
	if (st != ESESSION_OK)
		goto fail;
	s->state = ES_S_I_WAIT_BOBID;
	goto out;
fail:
	st = es_session_fail(s, st, &err);
out:
	es_sigma_dir_keys_free(&keys);
	es_sigma_rshashes_free(&rsh);
	free(rsh_spans);
	free(secrets);
	es_neg_response_clear(&resp);
	return st;
}

/* The directions of an established session from the final keys. */
static esession_status open_directions(esession_session *s,
                                       const es_sigma_keys *keys, bool alice)
{
	const es_sigma_dir_keys *mine =
	    alice ? &keys->initiator : &keys->responder;
	const es_sigma_dir_keys *theirs =
	    alice ? &keys->responder : &keys->initiator;
	const uint8_t *c_mine = alice ? s->c_a : s->c_b;
	const uint8_t *c_theirs = alice ? s->c_b : s->c_a;
	ES_GUARD(es_stanza_dir_new(&s->tx, s->params.cipher, s->params.hash,
	                           mine->kc.data, mine->kc.len, mine->km.data,
	                           mine->km.len, c_mine, s->block_len));
	return es_stanza_dir_new(&s->rx, s->params.cipher, s->params.hash,
	                         theirs->kc.data, theirs->kc.len,
	                         theirs->km.data, theirs->km.len, c_theirs,
	                         s->block_len);
}

esession_status es_session_open_directions(esession_session *s,
                                           const es_sigma_keys *keys,
                                           bool alice)
{
	return open_directions(s, keys, alice);
}

esession_status es_alice_on_bobid(esession_session *s,
                                  const es_neg_stanza_info *info)
{
	es_neg_bobid b;
	es_neg_error err;
	memset(&b, 0, sizeof b);
	es_neg_error_reset(&err);
	es_sigma_keys keys = ES_SIGMA_KEYS_INIT;
	es_secbuf k = ES_SECBUF_INIT;
	es_secbuf oss = ES_SECBUF_INIT;
	es_span *secrets = NULL;
	es_xml_buf form_b2;
	es_xml_buf_init(&form_b2, 0);
	es_sigma_srs_match match = {false, false, 0};

	esession_status st =
	    es_neg_bobid_parse(s->n_a, s->n_a_len, info->form, &b, &err);
	if (st != ESESSION_OK)
		goto fail;

	/* §"Generating Alice's Final Session Keys": find the SRS whose
	 * HMAC(HASH, SRS, "Shared Retained Secret") is srshash. */
	st = es_store_list_secrets(&s->rs_list, &secrets);
	if (st == ESESSION_OK)
		st = es_sigma_srshash_search(s->params.hash, b.srshash.data,
		                             b.srshash.len, secrets,
		                             s->rs_list.count, &match);
	if (st != ESESSION_OK) {
		es_neg_error_set(&err, ES_NEG_COND_FEATURE_NOT_IMPLEMENTED);
		es_neg_error_add_field(&err, "srshash");
		goto fail;
	}
	if (s->store != NULL)
		st = es_store_other_secret(s->store, s->local_jid, s->peer_bare,
		                           &oss);
	if (st != ESESSION_OK)
		goto fail;
	/* K = HASH(K | SRS | OSS), then all six keys. */
	{
		const es_span srs =
		    match.found ? secrets[match.index] : (es_span){NULL, 0};
		const es_span oss_span = {oss.data, oss.len};
		st = es_sigma_final_secret(s->params.hash, &s->k0,
		                           match.found ? &srs : NULL,
		                           oss.len > 0 ? &oss_span : NULL, &k);
	}
	if (st == ESESSION_OK)
		st = es_sigma_derive_keys(s->params.hash, s->params.cipher, &k,
		                          &keys);
	/* form_B2: Bob's completion form without identity and mac. */
	if (st == ESESSION_OK)
		st = es_session_form_string(info->form, true, &form_b2);
	/* §"Verifying Bob's Identity": M_B first, then ID_B, then mac_B =
	 * HMAC(HASH, KS_B, {N_A, N_B, d, pubKey_B, form_B, form_B2})
	 * (§"Sending Bob's Identity") and, with a key, sign_B and the key. */
	if (st == ESESSION_OK) {
		es_sigma_mac_input in =
		    es_session_mac_input(s, false, &form_b2);
		st = es_session_check_identity(s, false, &keys.responder,
		                               &b.identity, &b.mac, &in, s->c_b,
		                               &err);
	}
	if (st != ESESSION_OK)
		goto fail;

	/* Only now, with Bob verified, replace the retained secret
	 * (spec/ambiguities.md "When retained secrets are committed": a
	 * forged message 4 must not destroy Alice's chain). */
	s->oss_used = oss.len > 0;
	st = es_session_keep_retained(
	    s, &k, match.found ? &s->rs_list.entries[match.index] : NULL);
	if (st == ESESSION_OK)
		st = open_directions(s, &keys, true);
	if (st == ESESSION_OK) {
		es_secbuf_free(&s->k0);
		es_store_list_free(&s->rs_list);
		st = es_session_establish(s);
	}
	if (st != ESESSION_OK)
		goto fail;
	if (info->c != NULL) {
		/* §"Sending Bob's Identity": "He MAY also send encrypted
		 * content in the same stanza". With the negotiation payload
		 * taken out, the stanza is an ordinary XEP-0200 stanza. */
		es_xml_detach(es_xml_parent(info->form));
		st = es_on_encrypted(s, info);
	}
	goto out;
fail:
	st = es_session_fail(s, st, &err);
out:
	es_sigma_keys_free(&keys);
	es_secbuf_free(&k);
	es_secbuf_free(&oss);
	free(secrets);
	es_xml_buf_free(&form_b2);
	es_neg_bobid_clear(&b);
	return st;
}
