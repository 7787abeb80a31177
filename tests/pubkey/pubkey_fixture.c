/*
 * pubkey_fixture.c - fixed keys for the public-key tests.
 */
#include "pubkey_fixture.h"

#include "key_internal.h"
#include "pubkey_test_keys.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

static es_bytes hexb(const char *hex, uint8_t **owned)
{
	size_t len = 0;
	*owned = es_test_unhex(hex, &len);
	return (es_bytes){*owned, len};
}

es_sign_key *pk_key(pk_test_key which, bool with_private)
{
	uint8_t *o[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
	es_sign_key *key = NULL;
	esession_status st = ESESSION_EINVAL;
	if (which == PK_RSA || which == PK_RSA2) {
		const bool one = which == PK_RSA;
		es_rsa_parts p;
		memset(&p, 0, sizeof p);
		p.n = hexb(one ? RSA_N : RSA2_N, &o[0]);
		p.e = hexb(one ? RSA_E : RSA2_E, &o[1]);
		if (with_private) {
			p.d = hexb(one ? RSA_D : RSA2_D, &o[2]);
			p.p = hexb(one ? RSA_P : RSA2_P, &o[3]);
			p.q = hexb(one ? RSA_Q : RSA2_Q, &o[4]);
			p.u = hexb(one ? RSA_U : RSA2_U, &o[5]);
		}
		st = es_sign_key_from_rsa(&key, &p);
	} else {
		const bool one = which == PK_DSA;
		es_dsa_parts p;
		memset(&p, 0, sizeof p);
		p.p = hexb(DSA_P, &o[0]);
		p.q = hexb(DSA_Q, &o[1]);
		p.g = hexb(DSA_G, &o[2]);
		p.y = hexb(one ? DSA_Y : DSA2_Y, &o[3]);
		if (with_private)
			p.x = hexb(one ? DSA_X : DSA2_X, &o[4]);
		st = es_sign_key_from_dsa(&key, &p);
	}
	for (size_t i = 0; i < 6; i++)
		free(o[i]);
	ck_assert_status(st, ESESSION_OK);
	return key;
}

esession_key *pk_esession_key(pk_test_key which, bool with_private)
{
	esession_key *out = NULL;
	ck_assert_status(es_key_adopt(pk_key(which, with_private), &out),
	                 ESESSION_OK);
	return out;
}
