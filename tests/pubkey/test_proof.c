/*
 * test_proof.c - esession/pubkey/proof.h: proving and checking an
 * identity against a memory store, including the paths a session between
 * two esession peers cannot reach (a key of the other signature
 * algorithm, no store at all).
 */
#include "keyvalue.h"
#include "proof.h"
#include "pubkey_fixture.h"
#include "store_memory.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#define LOCAL "alice@example.org/pda"
#define PEER  "bob@example.com"

typedef struct fx {
	es_store store;
	es_sign_key *bob;   /* Bob's private key */
	es_xml_buf kv;      /* its KeyValue */
	es_secbuf mac;      /* a mac_B */
	es_xml_buf payload; /* Bob's proof */
} fx;

static void fx_init(fx *f, pk_test_key which, es_pubkey_mode mode)
{
	memset(f, 0, sizeof *f);
	ck_assert_status(es_store_memory_new(&f->store), ESESSION_OK);
	f->bob = pk_key(which, true);
	es_xml_buf_init(&f->kv, 0);
	es_xml_buf_init(&f->payload, 0);
	ck_assert_status(es_pubkey_keyvalue(f->bob, &f->kv), ESESSION_OK);
	static const uint8_t mac[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	ck_assert_status(es_secbuf_copy(&f->mac, mac, sizeof mac), ESESSION_OK);
	ck_assert_status(es_pubkey_prove(f->bob, mode, ES_HASH_SHA256, &f->kv,
	                                 &f->mac, &f->payload),
	                 ESESSION_OK);
}

static void fx_free(fx *f)
{
	es_store_free(&f->store);
	es_sign_key_free(f->bob);
	es_xml_buf_free(&f->kv);
	es_xml_buf_free(&f->payload);
	es_secbuf_free(&f->mac);
}

static void trust(fx *f, const char *jid)
{
	ck_assert_status(es_store_key_add(&f->store, LOCAL, jid, f->kv.data,
	                                  f->kv.len, "Bobby", true),
	                 ESESSION_OK);
}

START_TEST(proof_round_trip)
{
	const es_pubkey_mode modes[] = {ES_PUBKEY_KEY, ES_PUBKEY_HASH};
	for (size_t i = 0; i < 2; i++) {
		fx f;
		fx_init(&f, i == 0 ? PK_RSA2 : PK_DSA2, modes[i]);
		trust(&f, PEER);
		es_pubkey_peer peer;
		es_pubkey_peer_init(&peer);
		const es_sign_alg alg =
		    i == 0 ? ES_SIGN_RSA_SHA256 : ES_SIGN_DSA_SHA256;
		ck_assert_status(es_pubkey_identify(modes[i], ES_HASH_SHA256,
		                                    alg, f.payload.data,
		                                    f.payload.len, &f.store,
		                                    LOCAL, PEER, &peer),
		                 ESESSION_OK);
		/* pubKey_X for mac_X is the signer's Normalized KeyValue. */
		ck_assert_uint_eq(peer.keyvalue.len, f.kv.len);
		ck_assert_mem_eq(peer.keyvalue.data, f.kv.data, f.kv.len);
		es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
		ck_assert_status(
		    es_pubkey_accept(&peer, &f.mac, &f.store, LOCAL, PEER, &r),
		    ESESSION_OK);
		ck_assert_uint_eq(r.flags, ESESSION_PEER_KEY_USED |
		                               ESESSION_PEER_KEY_VERIFIED);
		ck_assert_str_eq(r.petname, "Bobby");
		es_store_key_report_clear(&r);
		/* Another mac_X: the signature does not verify, and the
		 * store is not asked. */
		f.mac.data[0] ^= 1;
		ck_assert_status(
		    es_pubkey_accept(&peer, &f.mac, &f.store, LOCAL, PEER, &r),
		    ESESSION_ESIGNATURE);
		ck_assert_uint_eq(r.flags, 0);
		es_pubkey_peer_clear(&peer);
		fx_free(&f);
	}
}
END_TEST

START_TEST(proof_key_of_other_algorithm)
{
	fx f;
	fx_init(&f, PK_RSA2, ES_PUBKEY_KEY);
	es_pubkey_peer peer;
	es_pubkey_peer_init(&peer);
	ck_assert_status(es_pubkey_identify(ES_PUBKEY_KEY, ES_HASH_SHA256,
	                                    ES_SIGN_DSA_SHA256, f.payload.data,
	                                    f.payload.len, &f.store, LOCAL,
	                                    PEER, &peer),
	                 ESESSION_EKEY);
	ck_assert_ptr_null(peer.key);
	es_pubkey_peer_clear(&peer);
	fx_free(&f);
}
END_TEST

START_TEST(proof_without_store)
{
	fx f;
	fx_init(&f, PK_RSA2, ES_PUBKEY_HASH);
	es_pubkey_peer peer;
	es_pubkey_peer_init(&peer);
	/* 'hash' without a store: nothing to resolve the fingerprint. */
	ck_assert_status(es_pubkey_identify(ES_PUBKEY_HASH, ES_HASH_SHA256,
	                                    ES_SIGN_RSA_SHA256, f.payload.data,
	                                    f.payload.len, NULL, LOCAL, PEER,
	                                    &peer),
	                 ESESSION_EKEY_UNKNOWN);
	/* Stored for another JID only: not found for this one. */
	trust(&f, "carol@example.net");
	ck_assert_status(es_pubkey_identify(ES_PUBKEY_HASH, ES_HASH_SHA256,
	                                    ES_SIGN_RSA_SHA256, f.payload.data,
	                                    f.payload.len, &f.store, LOCAL,
	                                    PEER, &peer),
	                 ESESSION_EKEY_UNKNOWN);
	es_pubkey_peer_clear(&peer);
	fx_free(&f);

	/* 'key' without a store: the signature verifies, the key cannot be
	 * confirmed. */
	fx_init(&f, PK_RSA2, ES_PUBKEY_KEY);
	es_pubkey_peer_init(&peer);
	ck_assert_status(es_pubkey_identify(ES_PUBKEY_KEY, ES_HASH_SHA256,
	                                    ES_SIGN_RSA_SHA256, f.payload.data,
	                                    f.payload.len, NULL, LOCAL, PEER,
	                                    &peer),
	                 ESESSION_OK);
	es_store_key_report r = ES_STORE_KEY_REPORT_INIT;
	ck_assert_status(es_pubkey_accept(&peer, &f.mac, NULL, LOCAL, PEER, &r),
	                 ESESSION_EKEY_UNTRUSTED);
	/* With the store: unknown key, trust-on-first-use off. */
	ck_assert_status(
	    es_pubkey_accept(&peer, &f.mac, &f.store, LOCAL, PEER, &r),
	    ESESSION_EKEY_UNTRUSTED);
	ck_assert_uint_eq(r.flags,
	                  ESESSION_PEER_KEY_USED | ESESSION_PEER_KEY_NEW);
	es_store_key_report_clear(&r);
	es_pubkey_peer_clear(&peer);
	fx_free(&f);
}
END_TEST

START_TEST(proof_malformed_payload)
{
	static const char bad[] = "<KeyValue></KeyValue><SignatureValue>AQID"
	                          "</SignatureValue>";
	es_pubkey_peer peer;
	es_pubkey_peer_init(&peer);
	ck_assert_status(es_pubkey_identify(ES_PUBKEY_KEY, ES_HASH_SHA256,
	                                    ES_SIGN_RSA_SHA256,
	                                    (const uint8_t *)bad, strlen(bad),
	                                    NULL, LOCAL, PEER, &peer),
	                 ESESSION_EKEYVALUE);
	ck_assert_status(es_pubkey_identify(ES_PUBKEY_KEY, ES_HASH_SHA256,
	                                    ES_SIGN_RSA_SHA256,
	                                    (const uint8_t *)bad, strlen(bad),
	                                    NULL, NULL, PEER, &peer),
	                 ESESSION_EINVAL);
	es_pubkey_peer_clear(&peer);
	/* A public key cannot prove. */
	es_sign_key *pub = pk_key(PK_RSA, false);
	es_xml_buf kv, out;
	es_xml_buf_init(&kv, 0);
	es_xml_buf_init(&out, 0);
	ck_assert_status(es_pubkey_keyvalue(pub, &kv), ESESSION_OK);
	es_secbuf mac = ES_SECBUF_INIT;
	ck_assert_status(es_secbuf_copy(&mac, (const uint8_t *)"0123", 4),
	                 ESESSION_OK);
	ck_assert_status(es_pubkey_prove(pub, ES_PUBKEY_KEY, ES_HASH_SHA256,
	                                 &kv, &mac, &out),
	                 ESESSION_EKEY);
	es_secbuf_free(&mac);
	es_xml_buf_free(&kv);
	es_xml_buf_free(&out);
	es_sign_key_free(pub);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("pubkey_proof");
	TCase *tc = tcase_create("proof");
	tcase_add_test(tc, proof_round_trip);
	tcase_add_test(tc, proof_key_of_other_algorithm);
	tcase_add_test(tc, proof_without_store);
	tcase_add_test(tc, proof_malformed_payload);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
