/*
 * pubkey_fixture.h - the fixed identity keys of pubkey_test_keys.h as
 * es_sign_key / esession_key objects (no key generation in unit tests:
 * RSA-2048 generation takes minutes under valgrind).
 */
#ifndef ES_TEST_PUBKEY_FIXTURE_H
#define ES_TEST_PUBKEY_FIXTURE_H

#include "es_internal.h"
#include "sign.h"

typedef enum pk_test_key {
	PK_RSA = 1, /* RSA-2048 of tests/crypto/test_sign.c */
	PK_RSA2,    /* another RSA-2048 */
	PK_DSA,     /* DSA-2048/256 of tests/crypto/test_sign.c */
	PK_DSA2     /* another key on DSA's domain parameters */
} pk_test_key;

/* A new key (private part included when with_private); aborts the test
 * on failure. Free with es_sign_key_free. */
es_sign_key *pk_key(pk_test_key which, bool with_private);

/* The same as a public esession_key (esession_key_free). */
esession_key *pk_esession_key(pk_test_key which, bool with_private);

#endif
