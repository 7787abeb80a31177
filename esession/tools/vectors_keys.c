/*
 * vectors_keys.c - the four fixed identity keys of the vectors: the one
 * copy in tests/pubkey/pubkey_test_keys.h (generated once
 * with Python's `cryptography`, tests/crypto/kat/sign_keys.py): Alice's
 * RSA key is RSA_*, Bob's RSA2_*; Alice's DSA key is DSA_*, Bob's DSA2_*
 * (the same domain parameters). Hex, big-endian, no leading zero octet.
 */
#include "vectors_keys.h"

#include "key_internal.h"
#include "sign.h"

/* The fixed test keys: the one copy in the tree. */
#include "../../tests/pubkey/pubkey_test_keys.h"

#include <stdlib.h>
#include <string.h>

typedef struct vx_fixed_key {
	const char *name, *alg;
	struct {
		const char *part, *hex;
	} parts[6];
} vx_fixed_key;

static const vx_fixed_key fixed_keys[] = {
    {"rsa2048-alice",
     "rsa-sha256",
     {{"n", RSA_N},
      {"e", RSA_E},
      {"d", RSA_D},
      {"p", RSA_P},
      {"q", RSA_Q},
      {"u", RSA_U}}},
    {"rsa2048-bob",
     "rsa-sha256",
     {{"n", RSA2_N},
      {"e", RSA2_E},
      {"d", RSA2_D},
      {"p", RSA2_P},
      {"q", RSA2_Q},
      {"u", RSA2_U}}},
    {"dsa2048-alice",
     "dsa-sha256",
     {{"p", DSA_P}, {"q", DSA_Q}, {"g", DSA_G}, {"y", DSA_Y}, {"x", DSA_X}}},
    {"dsa2048-bob",
     "dsa-sha256",
     {{"p", DSA_P}, {"q", DSA_Q}, {"g", DSA_G}, {"y", DSA2_Y}, {"x", DSA2_X}}},
};

static const vx_fixed_key *fixed_key(const char *name)
{
	for (size_t i = 0; i < sizeof fixed_keys / sizeof fixed_keys[0]; i++)
		if (strcmp(fixed_keys[i].name, name) == 0)
			return &fixed_keys[i];
	return NULL;
}

/* The bytes of component `part` of an identityKey object (malloc'ed). */
static bool component(const vj *identity_key, const char *part, uint8_t **out,
                      size_t *len)
{
	const vj *c = vj_get(identity_key, "components");
	*out = NULL;
	*len = 0;
	return c != NULL && vj_get(c, part) != NULL &&
	       vj_get_hex(c, part, out, len);
}

esession_status vx_key_load(const vj *identity_key, esession_key **out)
{
	static const char *const rsa[] = {"n", "e", "d", "p", "q", "u"};
	static const char *const dsa[] = {"p", "q", "g", "y", "x"};
	const char *alg = vj_get_str(identity_key, "alg");
	bool is_rsa = alg != NULL && strcmp(alg, "rsa-sha256") == 0;
	bool is_dsa = alg != NULL && strcmp(alg, "dsa-sha256") == 0;
	const char *const *names = is_rsa ? rsa : dsa;
	size_t n = is_rsa ? 6 : 5;
	uint8_t *b[6] = {NULL};
	size_t l[6] = {0};
	esession_status st = ESESSION_EINVAL;
	es_sign_key *sk = NULL;
	if (!is_rsa && !is_dsa)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (!component(identity_key, names[i], &b[i], &l[i]))
			goto out;
	if (is_rsa) {
		es_rsa_parts p = {{b[0], l[0]}, {b[1], l[1]}, {b[2], l[2]},
		                  {b[3], l[3]}, {b[4], l[4]}, {b[5], l[5]}};
		st = es_sign_key_from_rsa(&sk, &p);
	} else {
		es_dsa_parts p = {{b[0], l[0]},
		                  {b[1], l[1]},
		                  {b[2], l[2]},
		                  {b[3], l[3]},
		                  {b[4], l[4]}};
		st = es_sign_key_from_dsa(&sk, &p);
	}
	if (st == ESESSION_OK)
		st = es_key_adopt(sk, out);
out:
	for (size_t i = 0; i < 6; i++) {
		if (b[i] != NULL)
			es_wipe(b[i], l[i]);
		free(b[i]);
	}
	return st;
}

vj *vx_key_object(const char *name)
{
	const vx_fixed_key *k = fixed_key(name);
	if (k == NULL)
		return NULL;
	vj *o = vj_obj();
	vj_set(o, "name", vj_str(k->name));
	vj_set(o, "alg", vj_str(k->alg));
	vj *c = vj_set(o, "components", vj_obj());
	for (size_t i = 0; i < 6 && k->parts[i].part != NULL; i++) {
		vj *h = vj_str(k->parts[i].hex);
		vj_set(c, k->parts[i].part, h);
	}
	esession_key *key = NULL;
	uint8_t *kv = NULL, fp[64];
	size_t kv_len = 0, fp_len = 0;
	bool ok = vx_key_load(o, &key) == ESESSION_OK &&
	          esession_key_keyvalue(key, &kv, &kv_len) == ESESSION_OK;
	if (ok)
		vj_set(o, "keyValue", vj_strn((const char *)kv, kv_len));
	vj *fps = ok ? vj_set(o, "fingerprints", vj_obj()) : NULL;
	static const char *const hashes[] = {"sha256", "whirlpool"};
	for (size_t i = 0; ok && i < 2; i++) {
		ok = esession_key_fingerprint(key, hashes[i], fp, sizeof fp,
		                              &fp_len) == ESESSION_OK;
		if (ok)
			vj_set(fps, hashes[i], vj_hex(fp, fp_len));
	}
	esession_bytes_free(kv, kv_len);
	esession_key_free(key);
	if (!ok) {
		vj_free(o);
		return NULL;
	}
	return o;
}
