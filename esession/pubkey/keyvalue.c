/*
 * keyvalue.c - the Normalized <KeyValue/> of an RSA or DSA public key,
 * its strict reader and its fingerprint (keyvalue.h).
 */
#include "keyvalue.h"

#include "pubkey_xml.h"
#include "secmem.h"

#include <stdlib.h>
#include <string.h>

/* The members of one key type, in the order XML-Signature §4.4.2.1
 * (RSAKeyValue) and §4.4.2.2 (DSAKeyValue) give them. */
typedef struct es_kv_layout {
	es_sign_alg alg;
	const char *element;
	const char *members[4];
	es_key_part parts[4];
	size_t count;
} es_kv_layout;

static const es_kv_layout es_kv_rsa = {
    ES_SIGN_RSA_SHA256,
    "RSAKeyValue",
    {"Modulus", "Exponent", NULL, NULL},
    {ES_KEY_RSA_N, ES_KEY_RSA_E, ES_KEY_RSA_N, ES_KEY_RSA_N},
    2};

static const es_kv_layout es_kv_dsa = {
    ES_SIGN_DSA_SHA256,
    "DSAKeyValue",
    {"P", "Q", "G", "Y"},
    {ES_KEY_DSA_P, ES_KEY_DSA_Q, ES_KEY_DSA_G, ES_KEY_DSA_Y},
    4};

esession_status es_pubkey_keyvalue(const es_sign_key *key, es_xml_buf *out)
{
	ES_ENSURE(key != NULL && out != NULL, ESESSION_EINVAL);
	const es_kv_layout *l = es_sign_key_alg(key) == ES_SIGN_RSA_SHA256
	                            ? &es_kv_rsa
	                            : &es_kv_dsa;
	const size_t before = out->len;
	es_secbuf part = ES_SECBUF_INIT;
	esession_status st = es_xml_buf_puts(out, "<KeyValue><");
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, l->element);
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, ">");
	/* es_sign_key_part hands out canonical CryptoBinary octets: no
	 * leading zero octet (XML-Signature §4.0.1). */
	for (size_t i = 0; i < l->count && st == ESESSION_OK; i++) {
		st = es_sign_key_part(key, l->parts[i], &part);
		if (st == ESESSION_OK)
			st = es_pubkey_b64_element(out, l->members[i],
			                           part.data, part.len);
		es_secbuf_free(&part);
	}
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, "</");
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, l->element);
	if (st == ESESSION_OK)
		st = es_xml_buf_puts(out, "></KeyValue>");
	if (st != ESESSION_OK)
		es_xml_buf_truncate(out, before);
	return st;
}

/* The next element child of parent after `prev` (NULL: the first),
 * refusing non-white-space text on the way. *next is NULL at the end. */
static esession_status next_child(const es_xml_node *parent,
                                  const es_xml_node *prev, es_xml_node **next)
{
	es_xml_node *n =
	    prev != NULL ? es_xml_next(prev) : es_xml_first_child(parent);
	for (; n != NULL; n = es_xml_next(n)) {
		if (es_xml_is_element(n))
			break;
		ES_ENSURE(es_pubkey_is_space(n), ESESSION_EKEYVALUE);
	}
	*next = n;
	return ESESSION_OK;
}

esession_status es_pubkey_keyvalue_parse(const es_xml_node *kv,
                                         es_sign_key **key)
{
	ES_ENSURE(kv != NULL && key != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_xml_is(kv, ES_NS_XMLDSIG, "KeyValue") &&
	              es_xml_attr_count(kv) == 0,
	          ESESSION_EKEYVALUE);
	es_xml_node *inner = NULL;
	es_xml_node *extra = NULL;
	ES_GUARD(next_child(kv, NULL, &inner));
	ES_ENSURE(inner != NULL, ESESSION_EKEYVALUE);
	ES_GUARD(next_child(kv, inner, &extra));
	ES_ENSURE(extra == NULL, ESESSION_EKEYVALUE);
	const es_kv_layout *l = NULL;
	if (es_xml_is(inner, ES_NS_XMLDSIG, es_kv_rsa.element))
		l = &es_kv_rsa;
	else if (es_xml_is(inner, ES_NS_XMLDSIG, es_kv_dsa.element))
		l = &es_kv_dsa;
	/* Another key format (X509Data, PGPData ...) or an unknown element:
	 * XEP-0116 requires RSA (MUST) and DSA (SHOULD) only. */
	ES_ENSURE(l != NULL && es_xml_attr_count(inner) == 0,
	          ESESSION_EKEYVALUE);

	uint8_t *v[4] = {NULL, NULL, NULL, NULL};
	size_t v_len[4] = {0, 0, 0, 0};
	es_xml_node *member = NULL;
	esession_status st = ESESSION_OK;
	for (size_t i = 0; i < l->count && st == ESESSION_OK; i++) {
		st = next_child(inner, member, &member);
		/* Members missing, out of order, or the optional DSA J / Seed
		 * / PgenCounter in place of one: a malformation. */
		if (st == ESESSION_OK)
			st = es_pubkey_b64_leaf(member, l->members[i],
			                        ESESSION_EKEYVALUE, &v[i],
			                        &v_len[i]);
		/* CryptoBinary: "the high-order octet is always non-zero". */
		if (st == ESESSION_OK && v[i][0] == 0)
			st = ESESSION_EKEYVALUE;
	}
	if (st == ESESSION_OK) {
		/* Nothing after the last member: J, Seed, PgenCounter refused
		 * (spec/ambiguities.md "DSAKeyValue optional members"). */
		st = next_child(inner, member, &extra);
		if (st == ESESSION_OK && extra != NULL)
			st = ESESSION_EKEYVALUE;
	}
	if (st == ESESSION_OK && l == &es_kv_rsa) {
		es_rsa_parts parts;
		memset(&parts, 0, sizeof parts);
		parts.n = (es_bytes){v[0], v_len[0]};
		parts.e = (es_bytes){v[1], v_len[1]};
		st = es_sign_key_from_rsa(key, &parts);
	} else if (st == ESESSION_OK) {
		es_dsa_parts parts;
		memset(&parts, 0, sizeof parts);
		parts.p = (es_bytes){v[0], v_len[0]};
		parts.q = (es_bytes){v[1], v_len[1]};
		parts.g = (es_bytes){v[2], v_len[2]};
		parts.y = (es_bytes){v[3], v_len[3]};
		st = es_sign_key_from_dsa(key, &parts);
	}
	for (size_t i = 0; i < 4; i++)
		free(v[i]);
	return st;
}

esession_status es_pubkey_keyvalue_parse_bytes(const uint8_t *kv, size_t len,
                                               es_sign_key **key)
{
	ES_ENSURE(kv != NULL && key != NULL, ESESSION_EINVAL);
	es_xml_doc *doc = NULL;
	es_xml_node *wrapper = NULL;
	es_xml_node *elem = NULL;
	es_xml_node *extra = NULL;
	ES_GUARD(es_xml_doc_new(&doc));
	esession_status st = es_pubkey_parse_fragment(kv, len, doc, &wrapper);
	if (st != ESESSION_OK && st != ESESSION_ENOMEM &&
	    st != ESESSION_ENOTINIT && st != ESESSION_EINVAL)
		st = ESESSION_EKEYVALUE;
	if (st == ESESSION_OK)
		st = next_child(wrapper, NULL, &elem);
	if (st == ESESSION_OK && elem == NULL)
		st = ESESSION_EKEYVALUE;
	if (st == ESESSION_OK)
		st = next_child(wrapper, elem, &extra);
	if (st == ESESSION_OK && extra != NULL)
		st = ESESSION_EKEYVALUE;
	if (st == ESESSION_OK)
		st = es_pubkey_keyvalue_parse(elem, key);
	es_xml_doc_free(doc);
	return st;
}

esession_status es_pubkey_fingerprint(es_hash_alg hash, const es_sign_key *key,
                                      uint8_t *out, size_t cap, size_t *len)
{
	ES_ENSURE(key != NULL && out != NULL && len != NULL, ESESSION_EINVAL);
	*len = 0;
	ES_ENSURE(es_hash_len(hash) > 0, ESESSION_EUNSUPPORTED);
	ES_ENSURE(cap >= es_hash_len(hash), ESESSION_EBUFSIZE);
	es_xml_buf kv;
	es_xml_buf_init(&kv, 0);
	esession_status st = es_pubkey_keyvalue(key, &kv);
	if (st == ESESSION_OK) {
		/* XEP-0116 §"ESession Request": the fingerprint is "the
		 * result of processing the Normalized <KeyValue/> element
		 * with the selected hash algorithm". */
		const es_span part = {kv.data, kv.len};
		st = es_hash(hash, &part, 1, out, cap);
	}
	if (st == ESESSION_OK)
		*len = es_hash_len(hash);
	es_xml_buf_free(&kv);
	return st;
}
