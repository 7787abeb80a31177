/*
 * payload.c - pubKey_X | sign_X, the plaintext of ID_X in the public-key
 * modes (payload.h).
 */
#include "payload.h"

#include "keyvalue.h"
#include "pubkey_xml.h"

#include <stdlib.h>
#include <string.h>

esession_status es_pubkey_payload_build(es_pubkey_mode mode, es_hash_alg hash,
                                        const uint8_t *keyvalue,
                                        size_t keyvalue_len, const uint8_t *sig,
                                        size_t sig_len, es_xml_buf *out)
{
	ES_ENSURE(out != NULL && keyvalue != NULL && keyvalue_len > 0 &&
	              sig != NULL && sig_len > 0,
	          ESESSION_EINVAL);
	ES_ENSURE(mode == ES_PUBKEY_KEY || mode == ES_PUBKEY_HASH,
	          ESESSION_EINVAL);
	const size_t before = out->len;
	esession_status st = ESESSION_OK;
	if (mode == ES_PUBKEY_KEY) {
		st = es_xml_buf_append(out, keyvalue, keyvalue_len);
	} else {
		/* XEP-0116 §"Hiding Bob's Identity": "if (resp_pubkey ==
		 * 'hash') pubKey_B = '<fingerprint>' + HASH(pubKey_B) +
		 * '</fingerprint>'", the hash in base64 (spec/ambiguities.md
		 * "Fingerprint element content"). */
		uint8_t fp[ES_HASH_MAX_LEN];
		const es_span part = {keyvalue, keyvalue_len};
		st = es_hash(hash, &part, 1, fp, sizeof fp);
		if (st == ESESSION_OK)
			st = es_pubkey_b64_element(out, "fingerprint", fp,
			                           es_hash_len(hash));
	}
	/* sign_X: "the signature ... of the HMAC result wrapped in a
	 * <SignatureValue/> element". */
	if (st == ESESSION_OK)
		st = es_pubkey_b64_element(out, "SignatureValue", sig, sig_len);
	if (st != ESESSION_OK)
		es_xml_buf_truncate(out, before);
	return st;
}

void es_pubkey_payload_clear(es_pubkey_payload *p)
{
	if (p == NULL)
		return;
	es_sign_key_free(p->key);
	free(p->fingerprint);
	free(p->sig);
	memset(p, 0, sizeof *p);
}

/* The element children of the wrapper, exactly two, with nothing but
 * white space around them. */
static esession_status two_elements(const es_xml_node *wrapper,
                                    es_xml_node **first, es_xml_node **second)
{
	es_xml_node *found[2] = {NULL, NULL};
	size_t count = 0;
	for (es_xml_node *n = es_xml_first_child(wrapper); n != NULL;
	     n = es_xml_next(n)) {
		if (es_xml_is_element(n)) {
			ES_ENSURE(count < 2, ESESSION_EIDENTITY_PAYLOAD);
			found[count++] = n;
		} else {
			ES_ENSURE(es_pubkey_is_space(n),
			          ESESSION_EIDENTITY_PAYLOAD);
		}
	}
	ES_ENSURE(count == 2, ESESSION_EIDENTITY_PAYLOAD);
	*first = found[0];
	*second = found[1];
	return ESESSION_OK;
}

esession_status es_pubkey_payload_parse(es_pubkey_mode mode, es_hash_alg hash,
                                        const uint8_t *payload, size_t len,
                                        es_pubkey_payload *p)
{
	ES_ENSURE(payload != NULL && p != NULL, ESESSION_EINVAL);
	ES_ENSURE(mode == ES_PUBKEY_KEY || mode == ES_PUBKEY_HASH,
	          ESESSION_EINVAL);
	ES_ENSURE(es_hash_len(hash) > 0, ESESSION_EUNSUPPORTED);
	es_xml_doc *doc = NULL;
	es_xml_node *wrapper = NULL;
	es_xml_node *id = NULL;
	es_xml_node *sig = NULL;
	ES_GUARD(es_xml_doc_new(&doc));
	esession_status st =
	    es_pubkey_parse_fragment(payload, len, doc, &wrapper);
	if (st != ESESSION_OK && st != ESESSION_ENOMEM &&
	    st != ESESSION_ENOTINIT && st != ESESSION_EINVAL)
		st = ESESSION_EIDENTITY_PAYLOAD;
	if (st == ESESSION_OK)
		st = two_elements(wrapper, &id, &sig);
	const char *id_name =
	    mode == ES_PUBKEY_KEY ? "KeyValue" : "fingerprint";
	if (st == ESESSION_OK &&
	    (!es_xml_is(id, ES_NS_XMLDSIG, id_name) ||
	     !es_xml_is(sig, ES_NS_XMLDSIG, "SignatureValue")))
		st = ESESSION_EIDENTITY_PAYLOAD;
	if (st == ESESSION_OK && mode == ES_PUBKEY_KEY)
		st = es_pubkey_keyvalue_parse(id, &p->key);
	if (st == ESESSION_OK && mode == ES_PUBKEY_HASH) {
		st =
		    es_pubkey_b64_leaf(id, "fingerprint", ESESSION_EFINGERPRINT,
		                       &p->fingerprint, &p->fingerprint_len);
		if (st == ESESSION_OK &&
		    p->fingerprint_len != es_hash_len(hash))
			st = ESESSION_EFINGERPRINT;
	}
	if (st == ESESSION_OK)
		st = es_pubkey_b64_leaf(sig, "SignatureValue",
		                        ESESSION_ESIGNATUREVALUE, &p->sig,
		                        &p->sig_len);
	es_xml_doc_free(doc);
	return st;
}
