/*
 * key_der_encode.c - keys to DER key files (key_der.h).
 *
 * Components come out of the crypto layer in es_secbuf. Public structures
 * are built with libtasn1 (structures zeroized on deletion); the ones
 * holding secrets (RSAPrivateKey, the DSA private INTEGER, PrivateKeyInfo)
 * are written by key_der_write.c straight into secure memory, because
 * asn1_write_value() leaves unwiped copies of what it is given. Every
 * result is DER in secure memory.
 */
#include "key_asn1.h"
#include "key_der.h"
#include "key_der_write.h"
#include "sign_parts.h"

#include <string.h>

/* The DER encoding of NULL, rsaEncryption's parameters (RFC 8017
 * Appendix A.1). */
static const uint8_t es_der_null[] = {0x05, 0x00};

/* Up to eight components of one key, each in secure memory. */
typedef struct es_der_parts {
	es_secbuf v[8];
} es_der_parts;

/* A borrowed view of a component. */
static es_bytes es_der_view(const es_secbuf *b)
{
	return (es_bytes){b->data, b->len};
}

static void es_der_parts_free(es_der_parts *p)
{
	for (size_t i = 0; i < ES_ARRAY_LEN(p->v); i++)
		es_secbuf_free(&p->v[i]);
}

/* Components `which[0..n)` of key into p->v[0..n). */
static esession_status es_der_get_parts(const es_sign_key *key,
                                        const es_key_part *which, size_t n,
                                        es_der_parts *p)
{
	for (size_t i = 0; i < n; i++)
		ES_GUARD(es_sign_key_part(key, which[i], &p->v[i]));
	return ESESSION_OK;
}

/* Set the INTEGER fields names[0..n) to p->v[0..n). */
static esession_status es_der_put_uints(asn1_node node,
                                        const char *const *names, size_t n,
                                        const es_der_parts *p)
{
	for (size_t i = 0; i < n; i++)
		ES_GUARD(es_asn1_write_uint(node, names[i], p->v[i].data,
		                            p->v[i].len));
	return ESESSION_OK;
}

/* Encode a structure of `type` whose INTEGER fields names[0..n) take the
 * components which[0..n) of key. */
static esession_status es_der_encode_integers(const es_sign_key *key,
                                              const char *type,
                                              const char *const *names,
                                              const es_key_part *which,
                                              size_t n, es_secbuf *out)
{
	asn1_node defs = NULL, node = NULL;
	es_der_parts p;
	memset(&p, 0, sizeof(p));
	esession_status st = es_der_get_parts(key, which, n, &p);
	if (st == ESESSION_OK)
		st = es_asn1_new(type, &defs, &node);
	if (st == ESESSION_OK)
		st = es_der_put_uints(node, names, n, &p);
	if (st == ESESSION_OK)
		st = es_asn1_encode(node, out);
	es_asn1_delete(&defs, &node);
	es_der_parts_free(&p);
	return st;
}

/* RFC 8017 Appendix A.1.1 RSAPublicKey. */
static esession_status es_der_encode_rsa_public(const es_sign_key *key,
                                                es_secbuf *out)
{
	static const char *const names[] = {"modulus", "publicExponent"};
	static const es_key_part which[] = {ES_KEY_RSA_N, ES_KEY_RSA_E};
	return es_der_encode_integers(key, "RSAPublicKey", names, which,
	                              ES_ARRAY_LEN(names), out);
}

/* RFC 8017 Appendix A.1.2 RSAPrivateKey, version 0. es_sign_key_part
 * gives p < q and u = q^-1 mod p, which is prime1, prime2 and coefficient
 * in that order; exponent1 and exponent2 follow from them. */
static esession_status es_der_encode_rsa_private(const es_sign_key *key,
                                                 es_secbuf *out)
{
	static const es_key_part which[] = {ES_KEY_RSA_N, ES_KEY_RSA_E,
	                                    ES_KEY_RSA_D, ES_KEY_RSA_P,
	                                    ES_KEY_RSA_Q, ES_KEY_RSA_U};
	es_der_parts p;
	memset(&p, 0, sizeof(p));
	esession_status st =
	    es_der_get_parts(key, which, ES_ARRAY_LEN(which), &p);
	if (st == ESESSION_OK) {
		const es_bytes d = es_der_view(&p.v[2]),
		               pp = es_der_view(&p.v[3]),
		               q = es_der_view(&p.v[4]);
		st = es_sign_rsa_crt_exponents(&d, &pp, &q, &p.v[6], &p.v[7]);
	}
	if (st == ESESSION_OK) {
		/* version, n, e, d, p, q, dP, dQ, qInv (RFC 8017 A.1.2) */
		const es_bytes fields[9] = {{NULL, 0},
		                            es_der_view(&p.v[0]),
		                            es_der_view(&p.v[1]),
		                            es_der_view(&p.v[2]),
		                            es_der_view(&p.v[3]),
		                            es_der_view(&p.v[4]),
		                            es_der_view(&p.v[6]),
		                            es_der_view(&p.v[7]),
		                            es_der_view(&p.v[5])};
		st = es_der_write_uints(fields, ES_ARRAY_LEN(fields), false,
		                        out);
	}
	es_der_parts_free(&p);
	return st;
}

/* The DSA private key x as a bare INTEGER (the privateKey of PKCS#8). */
static esession_status es_der_encode_dsa_private(const es_sign_key *key,
                                                 es_secbuf *out)
{
	es_secbuf x = ES_SECBUF_INIT;
	ES_GUARD(es_sign_key_part(key, ES_KEY_DSA_X, &x));
	const es_bytes v = {x.data, x.len};
	esession_status st = es_der_write_uints(&v, 1, true, out);
	es_secbuf_free(&x);
	return st;
}

/* RFC 3279 §2.3.2 Dss-Parms of a DSA key. */
static esession_status es_der_encode_dss_parms(const es_sign_key *key,
                                               es_secbuf *out)
{
	static const char *const names[] = {"p", "q", "g"};
	static const es_key_part which[] = {ES_KEY_DSA_P, ES_KEY_DSA_Q,
	                                    ES_KEY_DSA_G};
	return es_der_encode_integers(key, "Dss-Parms", names, which,
	                              ES_ARRAY_LEN(names), out);
}

/* The AlgorithmIdentifier at `prefix` ("" for the structure itself) for
 * key: rsaEncryption with NULL, or id-dsa with the key's Dss-Parms. */
static esession_status es_der_put_algorithm(asn1_node node, const char *prefix,
                                            const es_sign_key *key)
{
	char name[ASN1_MAX_NAME_SIZE * 2];
	const bool rsa = es_sign_key_alg(key) == ES_SIGN_RSA_SHA256;
	const char *oid = rsa ? ES_OID_RSA_ENCRYPTION : ES_OID_DSA;
	const char *dot = prefix[0] != 0 ? "." : "";
	(void)snprintf(name, sizeof(name), "%s%salgorithm", prefix, dot);
	ES_GUARD(es_asn1_write(node, name, oid, 1));
	(void)snprintf(name, sizeof(name), "%s%sparameters", prefix, dot);
	if (rsa)
		return es_asn1_write(node, name, es_der_null,
		                     sizeof(es_der_null));
	es_secbuf params = ES_SECBUF_INIT;
	ES_GUARD(es_der_encode_dss_parms(key, &params));
	esession_status st = es_asn1_write(node, name, params.data, params.len);
	es_secbuf_free(&params);
	return st;
}

/* RFC 5280 §4.1.2.7 SubjectPublicKeyInfo: the key is an RSAPublicKey
 * (RFC 8017) or a DSAPublicKey INTEGER y (RFC 3279), in the BIT STRING. */
static esession_status es_der_encode_spki(const es_sign_key *key,
                                          es_secbuf *out)
{
	static const char *const y_name[] = {""};
	static const es_key_part y_part[] = {ES_KEY_DSA_Y};
	asn1_node defs = NULL, node = NULL;
	es_secbuf inner = ES_SECBUF_INIT;
	esession_status st =
	    es_sign_key_alg(key) == ES_SIGN_RSA_SHA256
	        ? es_der_encode_rsa_public(key, &inner)
	        : es_der_encode_integers(key, "DSAPublicKey", y_name, y_part, 1,
	                                 &inner);
	if (st == ESESSION_OK)
		st = es_asn1_new("SubjectPublicKeyInfo", &defs, &node);
	if (st == ESESSION_OK)
		st = es_der_put_algorithm(node, "algorithm", key);
	/* libtasn1 takes a BIT STRING's length in bits. */
	if (st == ESESSION_OK)
		st = inner.len <= SIZE_MAX / 8u
		         ? es_asn1_write(node, "subjectPublicKey", inner.data,
		                         inner.len * 8u)
		         : ESESSION_EINVAL;
	if (st == ESESSION_OK)
		st = es_asn1_encode(node, out);
	es_asn1_delete(&defs, &node);
	es_secbuf_free(&inner);
	return st;
}

/* RFC 5208 §5 PrivateKeyInfo version 0 without attributes; privateKey is
 * an RSAPrivateKey or a DSAPrivateKey INTEGER x. The AlgorithmIdentifier
 * (public) comes from libtasn1, the rest from key_der_write.c. */
static esession_status es_der_encode_pkcs8(const es_sign_key *key,
                                           es_secbuf *out)
{
	asn1_node defs = NULL, node = NULL;
	es_secbuf alg = ES_SECBUF_INIT, inner = ES_SECBUF_INIT;
	esession_status st = es_asn1_new("AlgorithmIdentifier", &defs, &node);
	if (st == ESESSION_OK)
		st = es_der_put_algorithm(node, "", key);
	if (st == ESESSION_OK)
		st = es_asn1_encode(node, &alg);
	es_asn1_delete(&defs, &node);
	if (st == ESESSION_OK)
		st = es_sign_key_alg(key) == ES_SIGN_RSA_SHA256
		         ? es_der_encode_rsa_private(key, &inner)
		         : es_der_encode_dsa_private(key, &inner);
	if (st == ESESSION_OK) {
		const es_bytes a = {alg.data, alg.len};
		const es_bytes k = {inner.data, inner.len};
		st = es_der_write_pkcs8(&a, &k, out);
	}
	es_secbuf_free(&alg);
	es_secbuf_free(&inner);
	return st;
}

esession_status es_key_der_encode(const es_sign_key *key, es_key_der_type type,
                                  es_secbuf *out)
{
	ES_ENSURE(key != NULL && out != NULL, ESESSION_EINVAL);
	const bool rsa = es_sign_key_alg(key) == ES_SIGN_RSA_SHA256;
	const bool priv = es_sign_key_has_private(key);
	switch (type) {
	case ES_KEY_DER_RSA_PUBLIC:
		ES_ENSURE(rsa, ESESSION_EKEY_FORMAT);
		return es_der_encode_rsa_public(key, out);
	case ES_KEY_DER_RSA_PRIVATE:
		ES_ENSURE(rsa, ESESSION_EKEY_FORMAT);
		ES_ENSURE(priv, ESESSION_EKEY);
		return es_der_encode_rsa_private(key, out);
	case ES_KEY_DER_PKCS8:
		ES_ENSURE(priv, ESESSION_EKEY);
		return es_der_encode_pkcs8(key, out);
	case ES_KEY_DER_SPKI: return es_der_encode_spki(key, out);
	case ES_KEY_DER_ANY:
	default: return ESESSION_EINVAL;
	}
}
