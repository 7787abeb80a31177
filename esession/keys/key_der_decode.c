/*
 * key_der_decode.c - DER key files to keys (key_der.h).
 *
 * Every path reads its fields into es_secbuf (secure memory), deletes the
 * libtasn1 structure (zeroizing its copies) before the key is built, and
 * wipes every buffer on the way out.
 */
#include "key_asn1.h"
#include "key_der.h"
#include "key_der_check.h"
#include "sign_parts.h"

#include <string.h>

/* The DER encoding of NULL, the only parameters of rsaEncryption
 * (RFC 8017 Appendix A.1: "SHALL have a value of type NULL"). */
static const uint8_t es_der_null[] = {0x05, 0x00};

/* DSA sizes bounded before the one modular exponentiation a PKCS#8 DSA
 * key costs (y = g^x mod p): p of at most 3072 bits, q of at most 256;
 * es_sign_key_from_dsa() then checks the exact sizes. */
#define ES_DSA_MAX_P_LEN 384u
#define ES_DSA_MAX_Q_LEN 32u

static esession_status es_der_decode_any(const uint8_t *der, size_t len,
                                         es_key_der_type type,
                                         es_sign_key **key);

/* Decode der[0..len) as `type` into a new libtasn1 structure. The DER
 * must pass es_der_check() first. */
static esession_status es_der_parse(const char *type, const uint8_t *der,
                                    size_t len, asn1_node *defs,
                                    asn1_node *node)
{
	ES_GUARD(es_der_check(der, len));
	ES_GUARD(es_asn1_new(type, defs, node));
	return es_asn1_decode(node, der, len);
}

/* The algorithm of an AlgorithmIdentifier at `prefix` ("algorithm" or
 * "privateKeyAlgorithm") and its parameters' DER, into *params. */
static esession_status es_der_read_algorithm(asn1_node node, const char *prefix,
                                             es_sign_alg *alg,
                                             es_secbuf *params)
{
	char name[ASN1_MAX_NAME_SIZE * 2];
	char oid[64];
	int len = (int)sizeof(oid);
	(void)snprintf(name, sizeof(name), "%s.algorithm", prefix);
	/* An OID longer than the buffer is not one of ours. */
	ES_ENSURE(asn1_read_value(node, name, oid, &len) == ASN1_SUCCESS,
	          ESESSION_EKEY_FORMAT);
	ES_ENSURE(len > 0 && (size_t)len <= sizeof(oid) && oid[len - 1] == 0,
	          ESESSION_EKEY_FORMAT);
	if (strcmp(oid, ES_OID_RSA_ENCRYPTION) == 0)
		*alg = ES_SIGN_RSA_SHA256;
	else if (strcmp(oid, ES_OID_DSA) == 0)
		*alg = ES_SIGN_DSA_SHA256;
	else
		return ESESSION_EKEY_FORMAT;
	/* Parameters are required for both: NULL for RSA (RFC 8017), the
	 * domain for DSA (we take no parameters from anywhere else). */
	(void)snprintf(name, sizeof(name), "%s.parameters", prefix);
	ES_ENSURE(es_asn1_has(node, name), ESESSION_EKEY_FORMAT);
	ES_GUARD(es_asn1_read_bytes(node, name, params));
	if (*alg == ES_SIGN_RSA_SHA256 &&
	    (params->len != sizeof(es_der_null) ||
	     memcmp(params->data, es_der_null, sizeof(es_der_null)) != 0)) {
		es_secbuf_free(params);
		return ESESSION_EKEY_FORMAT;
	}
	return ESESSION_OK;
}

/* A single-INTEGER structure (DSAPublicKey y, DSAPrivateKey x). */
static esession_status es_der_decode_integer(const char *type,
                                             const uint8_t *der, size_t len,
                                             es_secbuf *buf, es_bytes *value)
{
	asn1_node defs = NULL, node = NULL;
	esession_status st = es_der_parse(type, der, len, &defs, &node);
	if (st == ESESSION_OK)
		st = es_asn1_read_uint(node, "", buf, value);
	es_asn1_delete(&defs, &node);
	return st;
}

/* RFC 3279 §2.3.2 Dss-Parms p, q, g (bufs[0..2], views in parts). */
static esession_status es_der_decode_dss_parms(const es_secbuf *params,
                                               es_secbuf bufs[3],
                                               es_dsa_parts *parts)
{
	asn1_node defs = NULL, node = NULL;
	esession_status st =
	    es_der_parse("Dss-Parms", params->data, params->len, &defs, &node);
	if (st == ESESSION_OK)
		st = es_asn1_read_uint(node, "p", &bufs[0], &parts->p);
	if (st == ESESSION_OK)
		st = es_asn1_read_uint(node, "q", &bufs[1], &parts->q);
	if (st == ESESSION_OK)
		st = es_asn1_read_uint(node, "g", &bufs[2], &parts->g);
	es_asn1_delete(&defs, &node);
	return st;
}

/* RFC 8017 Appendix A.1.1 RSAPublicKey. */
static esession_status es_der_decode_rsa_public(const uint8_t *der, size_t len,
                                                es_sign_key **key)
{
	asn1_node defs = NULL, node = NULL;
	es_secbuf b[2] = {ES_SECBUF_INIT, ES_SECBUF_INIT};
	es_rsa_parts parts;
	memset(&parts, 0, sizeof(parts));
	esession_status st =
	    es_der_parse("RSAPublicKey", der, len, &defs, &node);
	if (st == ESESSION_OK)
		st = es_asn1_read_uint(node, "modulus", &b[0], &parts.n);
	if (st == ESESSION_OK)
		st = es_asn1_read_uint(node, "publicExponent", &b[1], &parts.e);
	es_asn1_delete(&defs, &node);
	if (st == ESESSION_OK)
		st = es_sign_key_from_rsa(key, &parts);
	for (size_t i = 0; i < ES_ARRAY_LEN(b); i++)
		es_secbuf_free(&b[i]);
	return st;
}

/* Whether exponent1 and exponent2 are d mod (p-1) and d mod (q-1)
 * (RFC 8017 §3.2): libgcrypt does not use them, but a file whose CRT
 * values disagree with its key is corrupt and would not round-trip. */
static esession_status es_der_check_crt(const es_rsa_parts *parts,
                                        const es_bytes *dp, const es_bytes *dq)
{
	es_secbuf want_p = ES_SECBUF_INIT, want_q = ES_SECBUF_INIT;
	ES_GUARD(es_sign_rsa_crt_exponents(&parts->d, &parts->p, &parts->q,
	                                   &want_p, &want_q));
	/* Constant time in the values (both compared, whatever the first
	 * gives); the lengths are public facts of the file. */
	const bool len_ok = want_p.len == dp->len && want_q.len == dq->len;
	const bool p_ok = len_ok && es_ct_equal(want_p.data, dp->data, dp->len);
	const bool q_ok = len_ok && es_ct_equal(want_q.data, dq->data, dq->len);
	const bool ok = p_ok && q_ok;
	es_secbuf_free(&want_p);
	es_secbuf_free(&want_q);
	return ok ? ESESSION_OK : ESESSION_EKEY;
}

/* RFC 8017 Appendix A.1.2 RSAPrivateKey, version 0 (two-prime). */
static esession_status es_der_decode_rsa_private(const uint8_t *der, size_t len,
                                                 es_sign_key **key)
{
	static const char *const fields[8] = {
	    "modulus", "publicExponent", "privateExponent", "prime1",
	    "prime2",  "exponent1",      "exponent2",       "coefficient"};
	asn1_node defs = NULL, node = NULL;
	es_secbuf b[8];
	es_bytes v[8];
	for (size_t i = 0; i < ES_ARRAY_LEN(b); i++) {
		b[i] = (es_secbuf)ES_SECBUF_INIT;
		v[i] = (es_bytes){NULL, 0};
	}
	unsigned version = 0;
	/* A two-prime RSAPrivateKey is exactly nine INTEGERs. Anything else,
	 * a multi-prime key's tenth element (otherPrimeInfos) included, is
	 * refused here, before libtasn1 copies any secret
	 * (es_der_children_are). */
	static const uint8_t outline[9] = {0x02, 0x02, 0x02, 0x02, 0x02,
	                                   0x02, 0x02, 0x02, 0x02};
	esession_status st = es_der_check(der, len);
	if (st == ESESSION_OK &&
	    !es_der_children_are(der, len, outline, ES_ARRAY_LEN(outline)))
		st = ESESSION_EKEY_FORMAT;
	if (st == ESESSION_OK)
		st = es_der_parse("RSAPrivateKey", der, len, &defs, &node);
	if (st == ESESSION_OK)
		st = es_asn1_read_small(node, "version", &version);
	/* RFC 8017: version 1 marks multi-prime keys (otherPrimeInfos);
	 * XEP-0116 signatures need only two-prime keys, libgcrypt has no
	 * others. otherPrimeInfos cannot be present after the outline
	 * check; testing it too keeps this check independent of that one. */
	if (st == ESESSION_OK &&
	    (version != 0 || es_asn1_has(node, "otherPrimeInfos")))
		st = ESESSION_EKEY_FORMAT;
	for (size_t i = 0; i < ES_ARRAY_LEN(fields) && st == ESESSION_OK; i++)
		st = es_asn1_read_uint(node, fields[i], &b[i], &v[i]);
	es_asn1_delete(&defs, &node);
	const es_rsa_parts parts = {v[0], v[1], v[2], v[3], v[4], v[7]};
	es_sign_key *k = NULL;
	if (st == ESESSION_OK)
		st = es_sign_key_from_rsa(&k, &parts);
	if (st == ESESSION_OK)
		st = es_der_check_crt(&parts, &v[5], &v[6]);
	if (st == ESESSION_OK) {
		*key = k;
		k = NULL;
	}
	es_sign_key_free(k);
	for (size_t i = 0; i < ES_ARRAY_LEN(b); i++)
		es_secbuf_free(&b[i]);
	return st;
}

/* RFC 5280 §4.1.2.7 SubjectPublicKeyInfo. */
static esession_status es_der_decode_spki(const uint8_t *der, size_t len,
                                          es_sign_key **key)
{
	asn1_node defs = NULL, node = NULL;
	es_secbuf params = ES_SECBUF_INIT, bits = ES_SECBUF_INIT;
	es_secbuf b[4] = {ES_SECBUF_INIT, ES_SECBUF_INIT, ES_SECBUF_INIT,
	                  ES_SECBUF_INIT};
	es_dsa_parts dsa;
	memset(&dsa, 0, sizeof(dsa));
	es_sign_alg alg = ES_SIGN_RSA_SHA256;
	esession_status st =
	    es_der_parse("SubjectPublicKeyInfo", der, len, &defs, &node);
	if (st == ESESSION_OK)
		st = es_der_read_algorithm(node, "algorithm", &alg, &params);
	if (st == ESESSION_OK)
		st = es_asn1_read_bits(node, "subjectPublicKey", &bits);
	es_asn1_delete(&defs, &node);
	if (st != ESESSION_OK)
		goto out;
	if (alg == ES_SIGN_RSA_SHA256) {
		/* RFC 8017 Appendix A.1: the key is an RSAPublicKey. */
		st = es_der_decode_rsa_public(bits.data, bits.len, key);
		goto out;
	}
	/* RFC 3279 §2.3.2: the key is DSAPublicKey y, the domain is in the
	 * parameters. */
	st = es_der_decode_dss_parms(&params, b, &dsa);
	if (st == ESESSION_OK)
		st = es_der_decode_integer("DSAPublicKey", bits.data, bits.len,
		                           &b[3], &dsa.y);
	if (st == ESESSION_OK)
		st = es_sign_key_from_dsa(key, &dsa);
out:
	es_secbuf_free(&params);
	es_secbuf_free(&bits);
	for (size_t i = 0; i < ES_ARRAY_LEN(b); i++)
		es_secbuf_free(&b[i]);
	return st;
}

/* A DSA private key: x from the privateKey OCTET STRING, the domain from
 * the parameters, y = g^x mod p computed (PKCS#8 does not carry it). */
static esession_status es_der_decode_dsa_private(const es_secbuf *params,
                                                 const es_secbuf *inner,
                                                 es_sign_key **key)
{
	es_secbuf b[5] = {ES_SECBUF_INIT, ES_SECBUF_INIT, ES_SECBUF_INIT,
	                  ES_SECBUF_INIT, ES_SECBUF_INIT};
	es_dsa_parts dsa;
	memset(&dsa, 0, sizeof(dsa));
	esession_status st = es_der_decode_dss_parms(params, b, &dsa);
	if (st == ESESSION_OK)
		st = es_der_decode_integer("DSAPrivateKey", inner->data,
		                           inner->len, &b[4], &dsa.x);
	if (st == ESESSION_OK &&
	    (dsa.p.len > ES_DSA_MAX_P_LEN || dsa.q.len > ES_DSA_MAX_Q_LEN ||
	     dsa.x.len > dsa.q.len))
		st = ESESSION_EKEY;
	if (st == ESESSION_OK)
		st = es_sign_dsa_public_value(&dsa.p, &dsa.g, &dsa.x, &b[3]);
	if (st == ESESSION_OK) {
		dsa.y = (es_bytes){b[3].data, b[3].len};
		st = es_sign_key_from_dsa(key, &dsa);
	}
	for (size_t i = 0; i < ES_ARRAY_LEN(b); i++)
		es_secbuf_free(&b[i]);
	return st;
}

/* RFC 5208 §5 PrivateKeyInfo, version 0, no attributes. */
static esession_status es_der_decode_pkcs8(const uint8_t *der, size_t len,
                                           es_sign_key **key)
{
	asn1_node defs = NULL, node = NULL;
	es_secbuf params = ES_SECBUF_INIT, inner = ES_SECBUF_INIT;
	es_sign_alg alg = ES_SIGN_RSA_SHA256;
	unsigned version = 0;
	/* version, privateKeyAlgorithm, privateKey and nothing else: RFC
	 * 5208 attributes and RFC 5958 publicKey are refused before
	 * libtasn1 copies the privateKey (es_der_children_are). */
	static const uint8_t outline[3] = {0x02, 0x30, 0x04};
	esession_status st = es_der_check(der, len);
	if (st == ESESSION_OK &&
	    !es_der_children_are(der, len, outline, ES_ARRAY_LEN(outline)))
		st = ESESSION_EKEY_FORMAT;
	if (st == ESESSION_OK)
		st = es_der_parse("PrivateKeyInfo", der, len, &defs, &node);
	if (st == ESESSION_OK)
		st = es_asn1_read_small(node, "version", &version);
	/* Version 1 is RFC 5958 OneAsymmetricKey (with publicKey);
	 * attributes are refused rather than dropped on the next export
	 * (spec/ambiguities.md "PKCS#8 versions and attributes"). */
	if (st == ESESSION_OK &&
	    (version != 0 || es_asn1_has(node, "attributes") ||
	     es_asn1_has(node, "publicKey")))
		st = ESESSION_EKEY_FORMAT;
	if (st == ESESSION_OK)
		st = es_der_read_algorithm(node, "privateKeyAlgorithm", &alg,
		                           &params);
	if (st == ESESSION_OK)
		st = es_asn1_read_bytes(node, "privateKey", &inner);
	es_asn1_delete(&defs, &node);
	if (st == ESESSION_OK)
		st = alg == ES_SIGN_RSA_SHA256
		         ? es_der_decode_any(inner.data, inner.len,
		                             ES_KEY_DER_RSA_PRIVATE, key)
		         : es_der_decode_dsa_private(&params, &inner, key);
	es_secbuf_free(&params);
	es_secbuf_free(&inner);
	return st;
}

static esession_status es_der_decode_any(const uint8_t *der, size_t len,
                                         es_key_der_type type,
                                         es_sign_key **key)
{
	ES_ENSURE(der != NULL || len == 0, ESESSION_EINVAL);
	ES_GUARD(es_der_check(der, len));
	if (type == ES_KEY_DER_ANY) {
		switch (es_der_shape_of(der, len)) {
		case ES_DER_SHAPE_RSA_PUBLIC:
			type = ES_KEY_DER_RSA_PUBLIC;
			break;
		case ES_DER_SHAPE_RSA_PRIVATE:
			type = ES_KEY_DER_RSA_PRIVATE;
			break;
		case ES_DER_SHAPE_PKCS8: type = ES_KEY_DER_PKCS8; break;
		case ES_DER_SHAPE_SPKI: type = ES_KEY_DER_SPKI; break;
		case ES_DER_SHAPE_PKCS8_ENCRYPTED: /* no passwords here */
		case ES_DER_SHAPE_UNKNOWN:
		default: return ESESSION_EKEY_FORMAT;
		}
	}
	switch (type) {
	case ES_KEY_DER_RSA_PUBLIC:
		return es_der_decode_rsa_public(der, len, key);
	case ES_KEY_DER_RSA_PRIVATE:
		return es_der_decode_rsa_private(der, len, key);
	case ES_KEY_DER_PKCS8: return es_der_decode_pkcs8(der, len, key);
	case ES_KEY_DER_SPKI: return es_der_decode_spki(der, len, key);
	case ES_KEY_DER_ANY:
	default: return ESESSION_EINVAL;
	}
}

esession_status es_key_der_decode(const uint8_t *der, size_t len,
                                  es_key_der_type type, es_sign_key **key)
{
	ES_ENSURE(key != NULL, ESESSION_EINVAL);
	ES_ENSURE(es_initialised(), ESESSION_ENOTINIT);
	ES_ENSURE(len <= ES_KEY_FILE_MAX_LEN, ESESSION_EKEY);
	return es_der_decode_any(der, len, type, key);
}
