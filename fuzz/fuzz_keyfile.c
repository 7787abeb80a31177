/*
 * fuzz_keyfile.c - key files (esession/keys): esession_key_import on any
 * bytes (DER or PEM recognised from the input), and for what imports, the
 * export round trip.
 *
 * Properties beyond "no crash, no leak": an imported key exports in every
 * container and encoding its kind allows (PKCS#8 and PKCS#1 only with the
 * private part, PKCS#1 only for RSA) and refuses the others with their
 * documented statuses; every export imports again to a key with the same
 * components and the same private/public kind; exporting that key again
 * gives the same bytes (DER is canonical, so the library has one encoding
 * per key and container).
 */
#include "fuzz_common.h"

#include "es_internal.h"
#include "key_internal.h"
#include "secmem.h"
#include "sign.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Same components (private ones when both have them). */
static void check_same_key(const esession_key *a, const esession_key *b)
{
	static const es_key_part rsa[] = {ES_KEY_RSA_N, ES_KEY_RSA_E,
	                                  ES_KEY_RSA_D, ES_KEY_RSA_P,
	                                  ES_KEY_RSA_Q, ES_KEY_RSA_U};
	static const es_key_part dsa[] = {ES_KEY_DSA_P, ES_KEY_DSA_Q,
	                                  ES_KEY_DSA_G, ES_KEY_DSA_Y,
	                                  ES_KEY_DSA_X};
	fz_assert(esession_key_get_type(a) == esession_key_get_type(b),
	          "same key type after a round trip");
	fz_assert(esession_key_bits(a) == esession_key_bits(b),
	          "same size after a round trip");
	const bool is_rsa = esession_key_get_type(a) == ESESSION_KEY_RSA;
	const bool both_private =
	    esession_key_is_private(a) && esession_key_is_private(b);
	const es_key_part *parts = is_rsa ? rsa : dsa;
	const size_t n =
	    is_rsa ? (both_private ? 6u : 2u) : (both_private ? 5u : 4u);
	for (size_t i = 0; i < n; i++) {
		es_secbuf va = ES_SECBUF_INIT, vb = ES_SECBUF_INIT;
		fz_ok(es_sign_key_part(es_key_sign_key(a), parts[i], &va),
		      "component of the imported key");
		fz_ok(es_sign_key_part(es_key_sign_key(b), parts[i], &vb),
		      "component of the re-imported key");
		fz_assert(fz_same(va.data, va.len, vb.data, vb.len),
		          "same component after a round trip");
		es_secbuf_free(&va);
		es_secbuf_free(&vb);
	}
}

static void check_export(const esession_key *key,
                         esession_key_container container,
                         esession_key_encoding encoding)
{
	const bool is_rsa = esession_key_get_type(key) == ESESSION_KEY_RSA;
	const bool priv = esession_key_is_private(key) != 0;
	esession_status want = ESESSION_OK;
	if (container == ESESSION_KEY_PKCS1 && !is_rsa)
		want = ESESSION_EKEY_FORMAT;
	else if (container == ESESSION_KEY_PKCS8 && !priv)
		want = ESESSION_EKEY;
	uint8_t *out = NULL;
	size_t len = 0;
	esession_status st =
	    esession_key_export(key, container, encoding, &out, &len);
	fz_assert(st == want, "export status as documented");
	if (st != ESESSION_OK) {
		fz_assert(out == NULL, "no output on failure");
		return;
	}
	esession_key *back = NULL;
	fz_ok(esession_key_import(out, len, &back), "export imports again");
	const bool back_priv = priv && container != ESESSION_KEY_SPKI;
	fz_assert((esession_key_is_private(back) != 0) == back_priv,
	          "private part kept exactly where the container holds it");
	check_same_key(key, back);
	uint8_t *again = NULL;
	size_t again_len = 0;
	fz_ok(
	    esession_key_export(back, container, encoding, &again, &again_len),
	    "re-export");
	fz_assert(fz_same(out, len, again, again_len),
	          "one encoding per key and container");
	esession_bytes_free(again, again_len);
	esession_key_free(back);
	esession_bytes_free(out, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const esession_key_container containers[] = {
	    ESESSION_KEY_PKCS8, ESESSION_KEY_PKCS1, ESESSION_KEY_SPKI};
	static const esession_key_encoding encodings[] = {ESESSION_KEY_DER,
	                                                  ESESSION_KEY_PEM};
	fz_init();
	esession_key *key = NULL;
	esession_status st = esession_key_import(data, size, &key);
	if (st != ESESSION_OK) {
		fz_assert(key == NULL, "no key on failure");
		return 0;
	}
	fz_assert(key != NULL, "a key on success");
	for (size_t c = 0; c < ES_ARRAY_LEN(containers); c++)
		for (size_t e = 0; e < ES_ARRAY_LEN(encodings); e++)
			check_export(key, containers[c], encodings[e]);
	esession_key_free(key);
	return 0;
}
