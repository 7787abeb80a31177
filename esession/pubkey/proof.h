/*
 * proof.h - public-key identity proofs for the session (XEP-0116 §"Hiding
 * Bob's Identity", §"Verifying Bob's Identity", and the same steps for
 * Alice, §"Hiding Alice's Identity", §"Verifying Alice's Identity").
 *
 * Prover:   pubKey_X = Normalized <KeyValue/> of our key (in mac_X);
 *           sign_X = SIGN(signKey_X, mac_X); the payload
 *           {pubKey_X | sign_X} ('hash': the fingerprint element in place
 *           of pubKey_X) is then sealed into ID_X by the caller.
 * Verifier: after M_X verified and ID_X decrypted, es_pubkey_identify
 *           reads the payload and finds the peer's key ('hash': in the
 *           store, by fingerprint); the caller computes mac_X with that
 *           key's KeyValue; es_pubkey_accept verifies sign_X over it and
 *           only then asks the store whether the key is the peer's
 *           (XEP-0116 §"Verifying Keys", §"Key Associations"), so that an
 *           unverified signature never changes the store.
 */
#ifndef ES_PUBKEY_PROOF_H
#define ES_PUBKEY_PROOF_H

#include "params.h"
#include "secmem.h"
#include "sign.h"
#include "store.h"
#include "xml_buf.h"

/*
 * es_pubkey_prove - the payload {pubKey_X | sign_X} into out (replacing
 * its content).
 * own: our private key, of the negotiated signature algorithm.
 * keyvalue: own's Normalized <KeyValue/> (the pubKey_X of mac_X).
 * Returns ESESSION_OK, ESESSION_EINVAL, ESESSION_EKEY (a public key),
 * ESESSION_EUNSUPPORTED, ESESSION_EBUFSIZE, ESESSION_ENOMEM,
 * ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_pubkey_prove(
    const es_sign_key *own, es_pubkey_mode mode, es_hash_alg hash,
    const es_xml_buf *keyvalue, const es_secbuf *mac_x, es_xml_buf *out);

/* The peer's claimed identity, read from its payload. */
typedef struct es_pubkey_peer {
	es_sign_key *key;    /* its public key */
	es_xml_buf keyvalue; /* its Normalized <KeyValue/>: pubKey_X */
	uint8_t *sig;        /* σ of sign_X */
	size_t sig_len;
} es_pubkey_peer;

void es_pubkey_peer_init(es_pubkey_peer *peer);
void es_pubkey_peer_clear(es_pubkey_peer *peer);

/*
 * es_pubkey_identify - read a decrypted payload and find the key.
 * mode, hash, alg: the negotiated pubkey mode of the peer, HASH and
 * signature algorithm. store may be NULL (no stored key: 'hash' then
 * finds nothing). peer: initialised, filled on success.
 * Returns ESESSION_OK, the statuses of es_pubkey_payload_parse,
 * ESESSION_EKEY_UNKNOWN ('hash': no key of peer_bare_jid has that
 * fingerprint, XEP-0116 §"Verifying Bob's Identity": "If she cannot find
 * a copy of the public key then Alice MUST terminate the ESession"),
 * ESESSION_EKEY (the key is not of algorithm alg), ESESSION_ESTORE.
 */
ES_MUST_CHECK esession_status es_pubkey_identify(
    es_pubkey_mode mode, es_hash_alg hash, es_sign_alg alg,
    const uint8_t *payload, size_t len, const es_store *store,
    const char *local_jid, const char *peer_bare_jid, es_pubkey_peer *peer);

/*
 * es_pubkey_accept - VERIFY(sign_X, pubKey_X, mac_X), then the store's
 * verdict on the key for peer_bare_jid (es_store_key_check; with no store
 * no key can be confirmed). report receives the flags and petname in
 * every case where the check ran (the caller clears it).
 * Returns ESESSION_OK, ESESSION_ESIGNATURE, ESESSION_EKEY_UNTRUSTED,
 * ESESSION_EINVAL, ESESSION_ENOMEM, ESESSION_ESTORE, ESESSION_ECRYPTO.
 */
ES_MUST_CHECK esession_status es_pubkey_accept(const es_pubkey_peer *peer,
                                               const es_secbuf *mac_x,
                                               const es_store *store,
                                               const char *local_jid,
                                               const char *peer_bare_jid,
                                               es_store_key_report *report);

#endif
