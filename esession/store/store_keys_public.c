/*
 * store_keys_public.c - the public key-association calls of esession.h
 * ("store"): esession_store_add_key and esession_store_set_trust_new_keys
 * over the internal es_store (store.h).
 */
#include "config.h"
#include "key_internal.h"
#include "keyvalue.h"
#include "xml_buf.h"

esession_status esession_store_add_key(esession_store *store,
                                       const char *local_jid,
                                       const char *peer_bare_jid,
                                       const esession_key *key,
                                       const char *petname, int verified)
{
	ES_ENSURE(store != NULL && key != NULL, ESESSION_EINVAL);
	const es_sign_key *sk = es_key_sign_key(key);
	ES_ENSURE(sk != NULL, ESESSION_EINVAL);

	/* XEP-0116 §"Key Associations": keys are remembered by their
	 * Normalized <KeyValue/>, the bytes whose HASH is the fingerprint
	 * and which the peer will present. A longer one than the store
	 * keeps cannot be added. */
	es_xml_buf kv;
	es_xml_buf_init(&kv, ES_STORE_KEYVALUE_MAX);
	esession_status st = es_pubkey_keyvalue(sk, &kv);
	if (st == ESESSION_EBUFSIZE)
		st = ESESSION_EKEYVALUE;
	if (st != ESESSION_OK)
		goto out;
	st = es_store_key_add(&store->store, local_jid, peer_bare_jid, kv.data,
	                      kv.len, petname, verified != 0);
out:
	es_xml_buf_free(&kv);
	return st;
}

esession_status esession_store_set_trust_new_keys(esession_store *store,
                                                  int trust)
{
	ES_ENSURE(store != NULL, ESESSION_EINVAL);
	return es_store_set_trust_new_keys(&store->store, trust != 0);
}
