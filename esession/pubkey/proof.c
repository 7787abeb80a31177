/*
 * proof.c - signing and checking identity proofs (proof.h).
 */
#include "proof.h"

#include "keyvalue.h"
#include "payload.h"

#include <stdlib.h>
#include <string.h>

esession_status es_pubkey_prove(const es_sign_key *own, es_pubkey_mode mode,
                                es_hash_alg hash, const es_xml_buf *keyvalue,
                                const es_secbuf *mac_x, es_xml_buf *out)
{
	ES_ENSURE(own != NULL && keyvalue != NULL && mac_x != NULL &&
	              out != NULL && mac_x->len > 0,
	          ESESSION_EINVAL);
	size_t cap = es_sign_signature_len(own);
	ES_ENSURE(cap > 0, ESESSION_EKEY);
	uint8_t *sig = malloc(cap);
	ES_ENSURE(sig != NULL, ESESSION_ENOMEM);
	size_t sig_len = 0;
	/* XEP-0116: "sign_B = SIGN(signKey_B, mac_B)", over the HMAC result
	 * itself (spec/ambiguities.md "What SIGN signs"). */
	esession_status st =
	    es_sign_create(own, mac_x->data, mac_x->len, sig, cap, &sig_len);
	es_xml_buf_clear(out);
	if (st == ESESSION_OK)
		st = es_pubkey_payload_build(mode, hash, keyvalue->data,
		                             keyvalue->len, sig, sig_len, out);
	free(sig);
	return st;
}

void es_pubkey_peer_init(es_pubkey_peer *peer)
{
	memset(peer, 0, sizeof *peer);
	es_xml_buf_init(&peer->keyvalue, 0);
}

void es_pubkey_peer_clear(es_pubkey_peer *peer)
{
	if (peer == NULL)
		return;
	es_sign_key_free(peer->key);
	es_xml_buf_free(&peer->keyvalue);
	free(peer->sig);
	es_pubkey_peer_init(peer);
}

/* 'hash' mode: the key of peer_bare_jid whose fingerprint was sent. */
static esession_status find_stored_key(const es_pubkey_payload *p,
                                       es_hash_alg hash, const es_store *store,
                                       const char *local_jid,
                                       const char *peer_bare_jid,
                                       es_sign_key **key)
{
	/* XEP-0116 §"Verifying Bob's Identity": Alice replaces pubKey_B by
	 * "her copy of the public key ... whose HASH matches the value
	 * wrapped in the pubKey_B <fingerprint/> element". No store, no
	 * copy. */
	ES_ENSURE(store != NULL, ESESSION_EKEY_UNKNOWN);
	uint8_t *kv = NULL;
	size_t kv_len = 0;
	ES_GUARD(es_store_key_find(store, local_jid, peer_bare_jid, hash,
	                           p->fingerprint, p->fingerprint_len, &kv,
	                           &kv_len));
	/* A stored key that no longer parses is the store's defect. */
	esession_status st = es_pubkey_keyvalue_parse_bytes(kv, kv_len, key);
	if (st == ESESSION_EKEYVALUE || st == ESESSION_EKEY)
		st = ESESSION_ESTORE;
	free(kv);
	return st;
}

esession_status es_pubkey_identify(es_pubkey_mode mode, es_hash_alg hash,
                                   es_sign_alg alg, const uint8_t *payload,
                                   size_t len, const es_store *store,
                                   const char *local_jid,
                                   const char *peer_bare_jid,
                                   es_pubkey_peer *peer)
{
	ES_ENSURE(payload != NULL && peer != NULL && local_jid != NULL &&
	              peer_bare_jid != NULL,
	          ESESSION_EINVAL);
	es_pubkey_payload p;
	memset(&p, 0, sizeof p);
	es_sign_key *key = NULL;
	esession_status st =
	    es_pubkey_payload_parse(mode, hash, payload, len, &p);
	if (st == ESESSION_OK && mode == ES_PUBKEY_KEY) {
		key = p.key;
		p.key = NULL;
	} else if (st == ESESSION_OK) {
		st = find_stored_key(&p, hash, store, local_jid, peer_bare_jid,
		                     &key);
	}
	/* One signature algorithm was negotiated for both sides
	 * ('sign_algs'): a key of the other algorithm cannot have made
	 * sign_X. */
	if (st == ESESSION_OK && es_sign_key_alg(key) != alg)
		st = ESESSION_EKEY;
	/* pubKey_X in mac_X is the Normalized KeyValue, also in 'hash' mode
	 * (spec/ambiguities.md "pubKey_X when 'none' and with 'hash'"). */
	es_xml_buf_clear(&peer->keyvalue);
	if (st == ESESSION_OK)
		st = es_pubkey_keyvalue(key, &peer->keyvalue);
	if (st == ESESSION_OK) {
		peer->key = key;
		peer->sig = p.sig;
		peer->sig_len = p.sig_len;
		key = NULL;
		p.sig = NULL;
	}
	es_sign_key_free(key);
	es_pubkey_payload_clear(&p);
	return st;
}

esession_status es_pubkey_accept(const es_pubkey_peer *peer,
                                 const es_secbuf *mac_x, const es_store *store,
                                 const char *local_jid,
                                 const char *peer_bare_jid,
                                 es_store_key_report *report)
{
	ES_ENSURE(peer != NULL && peer->key != NULL && mac_x != NULL &&
	              report != NULL,
	          ESESSION_EINVAL);
	/* "VERIFY(sign_B, pubKey_B, mac_B)" first: the store learns nothing
	 * from a proof that does not verify. */
	ES_GUARD(es_sign_verify(peer->key, mac_x->data, mac_x->len, peer->sig,
	                        peer->sig_len));
	/* "unless she can confirm (or has previously confirmed) that
	 * pubKey_B really is Bob's public key (see Verifying Keys)". */
	ES_ENSURE(store != NULL, ESESSION_EKEY_UNTRUSTED);
	ES_GUARD(es_store_key_check(store, local_jid, peer_bare_jid,
	                            peer->keyvalue.data, peer->keyvalue.len,
	                            report));
	ES_ENSURE(report->trusted, ESESSION_EKEY_UNTRUSTED);
	return ESESSION_OK;
}
