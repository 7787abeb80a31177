/*
 * test_keyvalue.c - esession/pubkey: the Normalized <KeyValue/>, its
 * strict reader, fingerprints, <fingerprint/> and <SignatureValue/>, and
 * the identity payload {pubKey_X | sign_X}.
 *
 * Known answers were computed independently from the key integers by
 * tests/pubkey/kat/pubkey_kat.py (Python base64 / hashlib / cryptography).
 */
#include "keyvalue.h"
#include "payload.h"
#include "pubkey_fixture.h"
#include "pubkey_xml.h"
#include "test_util.h"
#include "xml_parse.h"
#include "xml_serialize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pubkey_kat.py: the Normalized KeyValue of RSA (full text). */
#define KV_RSA                                                                 \
	"<KeyValue><RSAKeyValue><Modulus>rVi9UWHG/uNRrk8kbg5DBHR+UEHy1/"       \
	"9vWoGwG"                                                              \
	"hz8TtcgQj/Mfiv0XvYlu6/c9p9bgcuHPVlwPRWMqR6gZJ8FPWwq38eLxSKEVAXxvy/"   \
	"2lz"                                                                  \
	"DsufRluzK+5/"                                                         \
	"sM9C2xtILpBuhnMJPCeXKtNCf524t9M8elEnbAaAGCWnInrVs27HKaBSZ"            \
	"PDz4MZh0FPYYituDzgEGr9UOR1Admshb/"                                    \
	"In5pOSMSIYjtbBZzh9xw8EjPTASvBbilqAXq"                                 \
	"AWTzEmlJLPwU0j1CE4ENg0V2ZElziybR/"                                    \
	"0ybogR9FP9QWxTX54DG7C5Vpqs888jJkVEYC"                                 \
	"bUWiCp+TMgtKCQvfMX0wc68ue4b+Q==</Modulus><Exponent>AQAB</Exponent></" \
	"RSAKeyValue></KeyValue>"
/* pubkey_kat.py: SHA-256 of KV_RSA, and length + SHA-256 of the others. */
#define KV_RSA_SHA256 \
	"2667ea6af0a95027dbfd9991cb8155e328e172a1d137747ca93f10b98c4f9d2b"
#define KV_RSA2_SHA256 \
	"2bddc83fa257d4af00a6c4cfc3c98ba449de7e45c232830814fe5b92a1e3f32f"
#define KV_DSA_LEN 1152u
#define KV_DSA_SHA256 \
	"81636a033a58e383eeaf9aca2e06074117a25d0670feae2d9d62b54dbad5efe0"
#define KV_DSA2_SHA256 \
	"10389cc6c5d1cc7c011447c4bfe4f81d63e682213bb7cf3214962020d6c156f9"
/* pubkey_kat.py: the fingerprint element of RSA with sha256. */
#define FP_RSA_ELEMENT                                                \
	"<fingerprint>JmfqavCpUCfb/ZmRy4FV4yjhcqHRN3R8qT8QuYxPnSs=</" \
	"fingerprint>"
/* pubkey_kat.py: the 32-octet mac signed, and length + SHA-256 of the
 * payloads 'key' and 'hash' (sha256) with RSA's PKCS#1 v1.5 signature. */
#define MAC                 "6d61635f410000000000000000000000ffffffffffffffffffffffffffffffff"
#define PAYLOAD_KEY_RSA_LEN 813u
#define PAYLOAD_KEY_RSA_SHA256 \
	"ee5aadddec42f663dbe7ea4280bfe3f1e2a7d414bcec1986bbb12e728a1a3000"
#define PAYLOAD_HASH_RSA_LEN 448u
#define PAYLOAD_HASH_RSA_SHA256 \
	"d92e7ace86be4514f58389a9059e49e444efb10ac955eb7a086cba94006893fd"

#define RSA_OPEN  "<KeyValue><RSAKeyValue>"
#define RSA_CLOSE "</RSAKeyValue></KeyValue>"
#define RSA_MODULUS                                                            \
	"<Modulus>rVi9UWHG/uNRrk8kbg5DBHR+UEHy1/9vWoGwGhz8TtcgQj/Mfiv0XvYlu6/" \
	"c9p9bgcuHPVlwPRWMqR6gZJ8FPWwq38eLxSKEVAXxvy/2lzDsufRluzK+5/"          \
	"sM9C2xtILpBuhnMJPCeXKtNCf524t9M8elEnbAaAGCWnInrVs27HKaBSZPDz4MZh0FPY" \
	"YituDzgEGr9UOR1Admshb/"                                               \
	"In5pOSMSIYjtbBZzh9xw8EjPTASvBbilqAXqAWTzEmlJLPwU0j1CE4ENg0V2ZElziybR" \
	"/0ybogR9FP9QWxTX54DG7C5Vpqs888jJkVEYCbUWiCp+TMgtKCQvfMX0wc68ue4b+Q==" \
	"</Modulus>"
#define RSA_EXPONENT "<Exponent>AQAB</Exponent>"

static void assert_sha256(const uint8_t *data, size_t len, const char *hex)
{
	uint8_t h[32];
	const es_span part = {data, len};
	ck_assert_status(es_hash(ES_HASH_SHA256, &part, 1, h, sizeof h),
	                 ESESSION_OK);
	ck_assert_mem_hex(h, sizeof h, hex);
}

static void assert_keyvalue(pk_test_key which, size_t len, const char *sha)
{
	es_sign_key *key = pk_key(which, false);
	es_xml_buf kv;
	es_xml_buf_init(&kv, 0);
	ck_assert_status(es_pubkey_keyvalue(key, &kv), ESESSION_OK);
	if (len != 0)
		ck_assert_uint_eq(kv.len, len);
	assert_sha256(kv.data, kv.len, sha);
	es_xml_buf_free(&kv);
	es_sign_key_free(key);
}

START_TEST(keyvalue_rsa_equals_python)
{
	es_sign_key *key = pk_key(PK_RSA, true);
	es_xml_buf kv;
	es_xml_buf_init(&kv, 0);
	/* A private key gives the KeyValue of its public part. */
	ck_assert_status(es_pubkey_keyvalue(key, &kv), ESESSION_OK);
	ck_assert_uint_eq(kv.len, strlen(KV_RSA));
	ck_assert_mem_eq(kv.data, KV_RSA, kv.len);
	es_xml_buf_free(&kv);
	es_sign_key_free(key);
	assert_keyvalue(PK_RSA2, 436, KV_RSA2_SHA256);
}
END_TEST

START_TEST(keyvalue_dsa_equals_python)
{
	assert_keyvalue(PK_DSA, KV_DSA_LEN, KV_DSA_SHA256);
	assert_keyvalue(PK_DSA2, KV_DSA_LEN, KV_DSA2_SHA256);
}
END_TEST

/* The builder writes exactly what the canonicalizer writes for the same
 * element (spec/normalization.md), whatever its input spelling. */
START_TEST(keyvalue_is_normalized)
{
	es_xml_parser *parser = NULL;
	es_xml_doc *doc = NULL;
	es_xml_node *root = NULL;
	es_sign_key *key = NULL;
	ck_assert_status(es_xml_parser_new(&parser, NULL), ESESSION_OK);
	ck_assert_status(es_xml_doc_new(&doc), ESESSION_OK);
	/* Declare the default namespace on KeyValue too. */
	static const char full[] =
	    "<ds:KeyValue xmlns:ds='http://www.w3.org/2000/09/xmldsig#' "
	    "xmlns='http://www.w3.org/2000/09/xmldsig#'>\n"
	    "  <ds:RSAKeyValue>\n    " RSA_MODULUS
	    "\n    <Exponent>AQAB</Exponent>\n"
	    "  </ds:RSAKeyValue>\n</ds:KeyValue>";
	ck_assert_status(es_xml_parse(parser, doc, (const uint8_t *)full,
	                              strlen(full), &root),
	                 ESESSION_OK);
	es_xml_buf c14n;
	es_xml_buf_init(&c14n, 0);
	ck_assert_status(es_xml_c14n(root, &c14n), ESESSION_OK);
	ck_assert_uint_eq(c14n.len, strlen(KV_RSA));
	ck_assert_mem_eq(c14n.data, KV_RSA, c14n.len);
	ck_assert_status(es_pubkey_keyvalue_parse(root, &key), ESESSION_OK);
	ck_assert_int_eq(es_sign_key_alg(key), ES_SIGN_RSA_SHA256);
	ck_assert(!es_sign_key_has_private(key));
	es_sign_key_free(key);
	es_xml_buf_free(&c14n);
	es_xml_doc_free(doc);
	es_xml_parser_free(parser);
}
END_TEST

START_TEST(keyvalue_round_trip)
{
	const pk_test_key keys[] = {PK_RSA, PK_RSA2, PK_DSA, PK_DSA2};
	for (size_t i = 0; i < 4; i++) {
		es_sign_key *key = pk_key(keys[i], false);
		es_sign_key *back = NULL;
		es_xml_buf kv, kv2;
		es_xml_buf_init(&kv, 0);
		es_xml_buf_init(&kv2, 0);
		ck_assert_status(es_pubkey_keyvalue(key, &kv), ESESSION_OK);
		ck_assert_status(
		    es_pubkey_keyvalue_parse_bytes(kv.data, kv.len, &back),
		    ESESSION_OK);
		ck_assert_int_eq(es_sign_key_alg(back), es_sign_key_alg(key));
		ck_assert_status(es_pubkey_keyvalue(back, &kv2), ESESSION_OK);
		ck_assert_uint_eq(kv.len, kv2.len);
		ck_assert_mem_eq(kv.data, kv2.data, kv.len);
		es_xml_buf_free(&kv);
		es_xml_buf_free(&kv2);
		es_sign_key_free(back);
		es_sign_key_free(key);
	}
}
END_TEST

/* Each malformation of a KeyValue, with the status it must get. */
static const struct {
	const char *name;
	const char *text;
	esession_status want;
} bad_kv[] = {
    {"valid", RSA_OPEN RSA_MODULUS RSA_EXPONENT RSA_CLOSE, ESESSION_OK},
    {"white space between elements",
     "<KeyValue>\n <RSAKeyValue> " RSA_MODULUS "\t" RSA_EXPONENT
     "\r\n</RSAKeyValue> </KeyValue>",
     ESESSION_OK},
    {"other root", "<KeyInfo><RSAKeyValue>" RSA_MODULUS RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"attribute on KeyValue",
     "<KeyValue Id='k'><RSAKeyValue>" RSA_MODULUS RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"attribute on RSAKeyValue",
     "<KeyValue><RSAKeyValue a='1'>" RSA_MODULUS RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"attribute on Exponent",
     RSA_OPEN RSA_MODULUS "<Exponent a='1'>AQAB</Exponent>" RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"no Exponent", RSA_OPEN RSA_MODULUS RSA_CLOSE, ESESSION_EKEYVALUE},
    {"members swapped", RSA_OPEN RSA_EXPONENT RSA_MODULUS RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"member repeated",
     RSA_OPEN RSA_MODULUS RSA_EXPONENT RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"empty KeyValue", "<KeyValue></KeyValue>", ESESSION_EKEYVALUE},
    {"two key values",
     RSA_OPEN RSA_MODULUS RSA_EXPONENT
     "</RSAKeyValue><RSAKeyValue>" RSA_MODULUS RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"text in KeyValue",
     "<KeyValue>x<RSAKeyValue>" RSA_MODULUS RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"text in RSAKeyValue", RSA_OPEN "x" RSA_MODULUS RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"element in Exponent",
     RSA_OPEN RSA_MODULUS "<Exponent><b>AQAB</b></Exponent>" RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"empty Exponent", RSA_OPEN RSA_MODULUS "<Exponent></Exponent>" RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"leading zero octet",
     RSA_OPEN RSA_MODULUS "<Exponent>AAEAAQ==</Exponent>" RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"space in base64",
     RSA_OPEN RSA_MODULUS "<Exponent>AQ AB</Exponent>" RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"not base64", RSA_OPEN RSA_MODULUS "<Exponent>AQA*</Exponent>" RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"unpadded base64",
     RSA_OPEN RSA_MODULUS "<Exponent>AQABAQ</Exponent>" RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"other key format",
     "<KeyValue><X509Data><X509Certificate>AQAB</X509Certificate>"
     "</X509Data></KeyValue>",
     ESESSION_EKEYVALUE},
    {"other namespace",
     "<KeyValue><RSAKeyValue xmlns='urn:other'>" RSA_MODULUS RSA_EXPONENT
         RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"not XML", RSA_OPEN RSA_MODULUS RSA_EXPONENT "</RSAKeyValue>",
     ESESSION_EKEYVALUE},
    {"two elements",
     RSA_OPEN RSA_MODULUS RSA_EXPONENT RSA_CLOSE RSA_OPEN RSA_MODULUS
         RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEYVALUE},
    {"trailing text", RSA_OPEN RSA_MODULUS RSA_EXPONENT RSA_CLOSE "x",
     ESESSION_EKEYVALUE},
    {"escape from the wrapper",
     RSA_OPEN RSA_MODULUS RSA_EXPONENT RSA_CLOSE "</w><w>", ESESSION_EKEYVALUE},
    {"comment", "<!--c-->" RSA_OPEN RSA_MODULUS RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEYVALUE},
    /* Well formed, but not a key es_sign_key_from_rsa accepts: exponent
     * even; modulus of 8 bits. */
    {"even exponent",
     RSA_OPEN RSA_MODULUS "<Exponent>AQAC</Exponent>" RSA_CLOSE, ESESSION_EKEY},
    {"tiny modulus", RSA_OPEN "<Modulus>+w==</Modulus>" RSA_EXPONENT RSA_CLOSE,
     ESESSION_EKEY},
    {"DSA without Q",
     "<KeyValue><DSAKeyValue><P>+w==</P><G>Ag==</G><Y>Ag==</Y>"
     "</DSAKeyValue></KeyValue>",
     ESESSION_EKEYVALUE},
    {"DSA tiny",
     "<KeyValue><DSAKeyValue><P>+w==</P><Q>BQ==</Q><G>Ag==</G>"
     "<Y>Ag==</Y></DSAKeyValue></KeyValue>",
     ESESSION_EKEY},
};

START_TEST(keyvalue_malformed)
{
	const char *text = bad_kv[_i].text;
	es_sign_key *key = NULL;
	esession_status st = es_pubkey_keyvalue_parse_bytes(
	    (const uint8_t *)text, strlen(text), &key);
	ck_assert_msg(st == bad_kv[_i].want, "%s: %d (%s), expected %d",
	              bad_kv[_i].name, (int)st, esession_strerror(st),
	              (int)bad_kv[_i].want);
	ck_assert(st == ESESSION_OK ? key != NULL : key == NULL);
	es_sign_key_free(key);
}
END_TEST

/* DSA members beyond P, Q, G, Y (XML-Signature §4.4.2.1: J, Seed,
 * PgenCounter) are refused (spec/ambiguities.md "DSAKeyValue optional
 * members"); the valid key passes. */
START_TEST(keyvalue_dsa_optional_members_refused)
{
	es_sign_key *dsa = pk_key(PK_DSA, false);
	es_xml_buf kv;
	es_xml_buf_init(&kv, 0);
	ck_assert_status(es_pubkey_keyvalue(dsa, &kv), ESESSION_OK);
	const char *tail = "</DSAKeyValue></KeyValue>";
	ck_assert_uint_gt(kv.len, strlen(tail));
	const size_t head = kv.len - strlen(tail);
	static const char *const extras[] = {
	    "<J>Ag==</J>", "<Seed>Ag==</Seed><PgenCounter>Ag==</PgenCounter>"};
	for (size_t i = 0; i < 2; i++) {
		es_xml_buf t;
		es_xml_buf_init(&t, 0);
		ck_assert_status(es_xml_buf_append(&t, kv.data, head),
		                 ESESSION_OK);
		ck_assert_status(es_xml_buf_puts(&t, extras[i]), ESESSION_OK);
		ck_assert_status(es_xml_buf_puts(&t, tail), ESESSION_OK);
		es_sign_key *key = NULL;
		ck_assert_status(
		    es_pubkey_keyvalue_parse_bytes(t.data, t.len, &key),
		    ESESSION_EKEYVALUE);
		ck_assert_ptr_null(key);
		es_xml_buf_free(&t);
	}
	es_sign_key *key = NULL;
	ck_assert_status(es_pubkey_keyvalue_parse_bytes(kv.data, kv.len, &key),
	                 ESESSION_OK);
	es_sign_key_free(key);
	es_xml_buf_free(&kv);
	es_sign_key_free(dsa);
}
END_TEST

START_TEST(fingerprint_sha256)
{
	es_sign_key *key = pk_key(PK_RSA, true);
	uint8_t fp[ES_HASH_MAX_LEN];
	size_t len = 0;
	ck_assert_status(
	    es_pubkey_fingerprint(ES_HASH_SHA256, key, fp, sizeof fp, &len),
	    ESESSION_OK);
	ck_assert_mem_hex(fp, len, KV_RSA_SHA256);
	/* Whirlpool: 64 bytes, HASH of the same KeyValue bytes. */
	ck_assert_status(
	    es_pubkey_fingerprint(ES_HASH_WHIRLPOOL, key, fp, sizeof fp, &len),
	    ESESSION_OK);
	ck_assert_uint_eq(len, 64);
	uint8_t direct[ES_HASH_MAX_LEN];
	const es_span part = {(const uint8_t *)KV_RSA, strlen(KV_RSA)};
	ck_assert_status(
	    es_hash(ES_HASH_WHIRLPOOL, &part, 1, direct, sizeof direct),
	    ESESSION_OK);
	ck_assert_mem_eq(fp, direct, 64);
	ck_assert_status(
	    es_pubkey_fingerprint(ES_HASH_SHA256, key, fp, 31, &len),
	    ESESSION_EBUFSIZE);
	ck_assert_uint_eq(len, 0);
	ck_assert_status(
	    es_pubkey_fingerprint((es_hash_alg)99, key, fp, sizeof fp, &len),
	    ESESSION_EUNSUPPORTED);
	ck_assert_status(
	    es_pubkey_fingerprint(ES_HASH_SHA256, NULL, fp, sizeof fp, &len),
	    ESESSION_EINVAL);
	es_sign_key_free(key);
}
END_TEST

START_TEST(public_key_functions)
{
	esession_key *key = pk_esession_key(PK_DSA, true);
	uint8_t *kv = NULL;
	size_t kv_len = 0;
	ck_assert_status(esession_key_keyvalue(key, &kv, &kv_len), ESESSION_OK);
	ck_assert_uint_eq(kv_len, KV_DSA_LEN);
	ck_assert_uint_eq(kv[kv_len], 0);
	assert_sha256(kv, kv_len, KV_DSA_SHA256);
	esession_bytes_free(kv, kv_len);
	uint8_t fp[64];
	size_t len = 0;
	ck_assert_status(
	    esession_key_fingerprint(key, "sha256", fp, sizeof fp, &len),
	    ESESSION_OK);
	ck_assert_mem_hex(fp, len, KV_DSA_SHA256);
	ck_assert_status(
	    esession_key_fingerprint(key, "sha1", fp, sizeof fp, &len),
	    ESESSION_EUNSUPPORTED);
	ck_assert_status(esession_key_fingerprint(key, "sha256", fp, 16, &len),
	                 ESESSION_EBUFSIZE);
	ck_assert_status(
	    esession_key_fingerprint(NULL, "sha256", fp, sizeof fp, &len),
	    ESESSION_EINVAL);
	ck_assert_status(esession_key_keyvalue(NULL, &kv, &kv_len),
	                 ESESSION_EINVAL);
	esession_key_free(key);
}
END_TEST

/* ---- the identity payload ------------------------------------------- */

static void rsa_signature(uint8_t **sig, size_t *sig_len)
{
	es_sign_key *key = pk_key(PK_RSA, true);
	size_t mac_len = 0;
	uint8_t *mac = es_test_unhex(MAC, &mac_len);
	*sig = malloc(256);
	ck_assert_ptr_nonnull(*sig);
	ck_assert_status(es_sign_create(key, mac, mac_len, *sig, 256, sig_len),
	                 ESESSION_OK);
	free(mac);
	es_sign_key_free(key);
}

START_TEST(payload_equals_python)
{
	uint8_t *sig = NULL;
	size_t sig_len = 0;
	rsa_signature(&sig, &sig_len);
	const uint8_t *kv = (const uint8_t *)KV_RSA;
	es_xml_buf out;
	es_xml_buf_init(&out, 0);
	ck_assert_status(es_pubkey_payload_build(ES_PUBKEY_KEY, ES_HASH_SHA256,
	                                         kv, strlen(KV_RSA), sig,
	                                         sig_len, &out),
	                 ESESSION_OK);
	ck_assert_uint_eq(out.len, PAYLOAD_KEY_RSA_LEN);
	assert_sha256(out.data, out.len, PAYLOAD_KEY_RSA_SHA256);
	es_xml_buf_clear(&out);
	ck_assert_status(es_pubkey_payload_build(ES_PUBKEY_HASH, ES_HASH_SHA256,
	                                         kv, strlen(KV_RSA), sig,
	                                         sig_len, &out),
	                 ESESSION_OK);
	ck_assert_uint_eq(out.len, PAYLOAD_HASH_RSA_LEN);
	ck_assert_mem_eq(out.data, FP_RSA_ELEMENT, strlen(FP_RSA_ELEMENT));
	assert_sha256(out.data, out.len, PAYLOAD_HASH_RSA_SHA256);
	/* 'none' has no payload of this kind; out is left as it was. */
	ck_assert_status(es_pubkey_payload_build(ES_PUBKEY_NONE, ES_HASH_SHA256,
	                                         kv, strlen(KV_RSA), sig,
	                                         sig_len, &out),
	                 ESESSION_EINVAL);
	ck_assert_uint_eq(out.len, PAYLOAD_HASH_RSA_LEN);
	es_xml_buf_free(&out);
	free(sig);
}
END_TEST

START_TEST(payload_round_trip)
{
	uint8_t *sig = NULL;
	size_t sig_len = 0;
	rsa_signature(&sig, &sig_len);
	const es_pubkey_mode modes[] = {ES_PUBKEY_KEY, ES_PUBKEY_HASH};
	for (size_t i = 0; i < 2; i++) {
		es_xml_buf out;
		es_xml_buf_init(&out, 0);
		ck_assert_status(
		    es_pubkey_payload_build(modes[i], ES_HASH_SHA256,
		                            (const uint8_t *)KV_RSA,
		                            strlen(KV_RSA), sig, sig_len, &out),
		    ESESSION_OK);
		es_pubkey_payload p;
		memset(&p, 0, sizeof p);
		ck_assert_status(es_pubkey_payload_parse(modes[i],
		                                         ES_HASH_SHA256,
		                                         out.data, out.len, &p),
		                 ESESSION_OK);
		ck_assert_uint_eq(p.sig_len, sig_len);
		ck_assert_mem_eq(p.sig, sig, sig_len);
		if (modes[i] == ES_PUBKEY_KEY) {
			ck_assert_ptr_nonnull(p.key);
			ck_assert_ptr_null(p.fingerprint);
		} else {
			ck_assert_ptr_null(p.key);
			ck_assert_mem_hex(p.fingerprint, p.fingerprint_len,
			                  KV_RSA_SHA256);
		}
		/* The wrong mode for the payload is its structure's fault. */
		es_pubkey_payload q;
		memset(&q, 0, sizeof q);
		ck_assert_status(es_pubkey_payload_parse(modes[1 - i],
		                                         ES_HASH_SHA256,
		                                         out.data, out.len, &q),
		                 ESESSION_EIDENTITY_PAYLOAD);
		es_pubkey_payload_clear(&q);
		/* 'hash' with whirlpool expects a 64-byte fingerprint. */
		if (modes[i] == ES_PUBKEY_HASH) {
			ck_assert_status(
			    es_pubkey_payload_parse(modes[i], ES_HASH_WHIRLPOOL,
			                            out.data, out.len, &q),
			    ESESSION_EFINGERPRINT);
			es_pubkey_payload_clear(&q);
		}
		es_pubkey_payload_clear(&p);
		es_xml_buf_free(&out);
	}
	free(sig);
}
END_TEST

#define SV_OK "<SignatureValue>AQID</SignatureValue>"
#define FP_OK                                                         \
	"<fingerprint>JmfqavCpUCfb/ZmRy4FV4yjhcqHRN3R8qT8QuYxPnSs=</" \
	"fingerprint>"

static const struct {
	const char *name;
	es_pubkey_mode mode;
	const char *text;
	esession_status want;
} bad_payload[] = {
    {"key ok", ES_PUBKEY_KEY, KV_RSA SV_OK, ESESSION_OK},
    {"hash ok", ES_PUBKEY_HASH, FP_OK SV_OK, ESESSION_OK},
    {"hash ok, spaces", ES_PUBKEY_HASH, " " FP_OK "\n" SV_OK " ", ESESSION_OK},
    {"only the key", ES_PUBKEY_KEY, KV_RSA, ESESSION_EIDENTITY_PAYLOAD},
    {"only the signature", ES_PUBKEY_KEY, SV_OK, ESESSION_EIDENTITY_PAYLOAD},
    {"swapped", ES_PUBKEY_KEY, SV_OK KV_RSA, ESESSION_EIDENTITY_PAYLOAD},
    {"three elements", ES_PUBKEY_HASH, FP_OK SV_OK SV_OK,
     ESESSION_EIDENTITY_PAYLOAD},
    {"text between", ES_PUBKEY_HASH, FP_OK "x" SV_OK,
     ESESSION_EIDENTITY_PAYLOAD},
    {"not XML", ES_PUBKEY_HASH, FP_OK "<SignatureValue>AQID",
     ESESSION_EIDENTITY_PAYLOAD},
    {"empty", ES_PUBKEY_HASH, "", ESESSION_EIDENTITY_PAYLOAD},
    {"fingerprint elsewhere", ES_PUBKEY_HASH,
     "<fingerprint xmlns='urn:x'>AQID</fingerprint>" SV_OK,
     ESESSION_EIDENTITY_PAYLOAD},
    {"bad key", ES_PUBKEY_KEY, "<KeyValue></KeyValue>" SV_OK,
     ESESSION_EKEYVALUE},
    {"fingerprint too short", ES_PUBKEY_HASH,
     "<fingerprint>AQID</fingerprint>" SV_OK, ESESSION_EFINGERPRINT},
    {"fingerprint attribute", ES_PUBKEY_HASH,
     "<fingerprint a='b'>JmfqavCpUCfb/ZmRy4FV4yjhcqHRN3R8qT8QuYxPnSs="
     "</fingerprint>" SV_OK,
     ESESSION_EFINGERPRINT},
    {"fingerprint not base64", ES_PUBKEY_HASH,
     "<fingerprint>2667ea6af0a95027dbfd9991cb8155e328e172a1d137747ca93f10b9"
     "8c4f9d2b</fingerprint>" SV_OK,
     ESESSION_EFINGERPRINT},
    {"signature empty", ES_PUBKEY_HASH,
     FP_OK "<SignatureValue></SignatureValue>", ESESSION_ESIGNATUREVALUE},
    {"signature attribute", ES_PUBKEY_HASH,
     FP_OK "<SignatureValue Id='s'>AQID</SignatureValue>",
     ESESSION_ESIGNATUREVALUE},
    {"signature with line breaks", ES_PUBKEY_HASH,
     FP_OK "<SignatureValue>AQID\nAQID</SignatureValue>",
     ESESSION_ESIGNATUREVALUE},
    {"signature child", ES_PUBKEY_HASH,
     FP_OK "<SignatureValue><a>AQID</a></SignatureValue>",
     ESESSION_ESIGNATUREVALUE},
};

START_TEST(payload_malformed)
{
	const char *text = bad_payload[_i].text;
	es_pubkey_payload p;
	memset(&p, 0, sizeof p);
	esession_status st =
	    es_pubkey_payload_parse(bad_payload[_i].mode, ES_HASH_SHA256,
	                            (const uint8_t *)text, strlen(text), &p);
	ck_assert_msg(st == bad_payload[_i].want, "%s: %d (%s), expected %d",
	              bad_payload[_i].name, (int)st, esession_strerror(st),
	              (int)bad_payload[_i].want);
	es_pubkey_payload_clear(&p);
}
END_TEST

Suite *es_test_suite(void)
{
	Suite *s = suite_create("pubkey_keyvalue");
	TCase *tc = tcase_create("keyvalue");
	tcase_add_test(tc, keyvalue_rsa_equals_python);
	tcase_add_test(tc, keyvalue_dsa_equals_python);
	tcase_add_test(tc, keyvalue_is_normalized);
	tcase_add_test(tc, keyvalue_round_trip);
	tcase_add_loop_test(tc, keyvalue_malformed, 0,
	                    (int)(sizeof bad_kv / sizeof bad_kv[0]));
	tcase_add_test(tc, keyvalue_dsa_optional_members_refused);
	tcase_add_test(tc, fingerprint_sha256);
	tcase_add_test(tc, public_key_functions);
	tcase_add_test(tc, payload_equals_python);
	tcase_add_test(tc, payload_round_trip);
	tcase_add_loop_test(tc, payload_malformed, 0,
	                    (int)(sizeof bad_payload / sizeof bad_payload[0]));
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
