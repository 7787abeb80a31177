/*
 * stanza_test.h - helpers shared by the XEP-0200 suites: a sender and a
 * receiver direction state with the same keys, text round trips, and the
 * raw primitives (CTR, HMAC, base64) to craft stanzas by hand.
 */
#ifndef ES_STANZA_TEST_H
#define ES_STANZA_TEST_H

#include "test_util.h"

#include "base64.h"
#include "stanza.h"

/* KC = 00 01 .. (key length), KM = 20 21 .. 3f (32 bytes), or 20 .. 5f
 * (64 bytes) for whirlpool: the keys of tests/stanza/kat/stanza_kat.py. */
typedef struct st_pair {
	es_stanza_dir *tx;
	es_stanza_dir *rx;
	es_cipher_alg cipher;
	es_hash_alg hash;
} st_pair;

/* Both directions keyed alike, starting at the counter given in hex. */
void st_pair_new(st_pair *p, es_cipher_alg cipher, es_hash_alg hash,
                 const char *counter_hex);
void st_pair_free(st_pair *p);

/* The test keys. */
void st_test_kc(es_cipher_alg cipher, uint8_t *kc, size_t *len);
void st_test_km(es_hash_alg hash, uint8_t *km, size_t *len);

/* Counter of dir as lowercase hex (static buffer, overwritten per call). */
const char *st_counter_hex(const es_stanza_dir *dir);

/* Encrypt the NUL-terminated stanza text; the result (NUL-terminated) is
 * malloc'ed into *out on success. Returns the status. */
esession_status st_encrypt(es_stanza_dir *dir, const char *stanza,
                           const es_stanza_extras *extras, char **out);

/* Decrypt; plaintext malloc'ed into *out on success; rx may be NULL (then
 * the extras are dropped). */
esession_status st_decrypt(es_stanza_dir *dir, const char *stanza, char **out,
                           es_stanza_received *rx);

/* Encrypt then decrypt; asserts success and the counters in step; returns
 * the malloc'ed plaintext. */
char *st_round_trip(st_pair *p, const char *stanza);

/* The text of the element <name> inside s (first occurrence), malloc'ed. */
char *st_element_text(const char *s, const char *name);

/* s with the text of the first <name> replaced by text, malloc'ed. */
char *st_replace_text(const char *s, const char *name, const char *text);

/* base64 helpers that abort the test on failure (malloc'ed results). */
char *st_b64(const uint8_t *b, size_t len);
uint8_t *st_unb64(const char *s, size_t *len);

#endif
