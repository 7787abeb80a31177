/*
 * vectors_tamper.h - building invalid vectors: text edits of the stanzas a
 * base run emitted (vectors_variants.c), the systematic tamperings of one
 * negotiation message, and running a tampered test (vectors_tamper.c).
 *
 * Every tampered stanza is made from the bytes the library emitted in the
 * base run, by text edits: the library writes double-quoted attributes,
 * which the edits rely on. Strings returned by these functions are new and
 * malloc'ed (caller frees); NULL means the edit did not apply or memory
 * ran out, and every function taking one accepts NULL.
 */
#ifndef ES_TOOLS_VECTORS_TAMPER_H
#define ES_TOOLS_VECTORS_TAMPER_H

#include "vectors_gen.h"

/* ---- text edits ---------------------------------------------------------- */

/* Strict base64 of data. */
char *vx_b64_of(const uint8_t *data, size_t len);
/* s with s[start, end) replaced by insert. */
char *vx_splice(const char *s, size_t start, size_t end, const char *insert);
/* The text [*start, *end) of the first <value/> of field var in s. */
bool vx_value_span(const char *s, const char *var, size_t *start, size_t *end);
/* The text [*start, *end) of the first <name>...</name> in s. */
bool vx_element_text_span(const char *s, const char *name, size_t *start,
                          size_t *end);
/* The base64 text s[start, end) decoded into a new buffer of *len bytes. */
uint8_t *vx_decode_span(const char *s, size_t start, size_t end, size_t *len);
/* The base64 text of the first <name/> in s decoded, bits `mask` of octet
 * `at` (SIZE_MAX: the middle octet, len / 2) flipped, encoded again. */
char *vx_flip_element(const char *s, const char *name, size_t at, uint8_t mask);
/* The big-endian number v of len octets plus delta (+1 or -1), in place,
 * modulo 2^(8 len). */
void vx_add_one(uint8_t *v, size_t len, int delta);

/* ---- tamperings of one message ------------------------------------------- */

/* One tampered stanza and what it tests. */
typedef struct vx_variant {
	char *stanza;
	char desc[160];
	const char *flag; /* the specific flag, or NULL ("Tampered") */
} vx_variant;

/* A batch of variants of one message (at most 64: more are dropped). */
typedef struct vx_variants {
	vx_variant v[64];
	size_t n;
} vx_variants;

/* Free every stanza of vs and empty it. */
void vx_variants_free(vx_variants *vs);
/* Field var of message s removed, duplicated, emptied and changed; for
 * the base64 fields also the encodings RFC 4648 §4 refuses and truncated
 * and extended values. */
void vx_field_variants(vx_variants *vs, const char *s, const char *var);
/* The DH value of s ('dhkeys') outside 1 < v < p-1 (MODP group 5) and in
 * non-canonical encodings; commitment: also the He mismatch of message 3. */
void vx_dh_variants(vx_variants *vs, const char *s, bool commitment);
/* The stanza around the form of message k: thread, wrapper, type. */
void vx_envelope_variants(vx_variants *vs, const char *s, int k);
/* Message k (2 or 3) echoing the sender's own nonce (base64 n_a_b64,
 * n_b_b64) instead of the peer's. */
void vx_nonce_variants(vx_variants *vs, const char *s, int k,
                       const char *n_a_b64, const char *n_b_b64);

/* ---- running tampered tests ---------------------------------------------- */

/* The invalid file being built from one base session. */
typedef struct vx_tamper_job {
	vj *file;
	size_t dropped; /* tamperings the library accepted (left out) */
	bool failed;
	const char *label; /* the base session's seed label */
	const vx_pk *pk;   /* its public keys / 3-message (NULL: none) */
} vx_tamper_job;

/* Run the base scenario sc with `deliver` (array of stanzas, consumed)
 * given to `receiver` in place of message k (0: traffic) and add the test
 * to job->file when the library refuses it; an accepted tampering is
 * counted in job->dropped and left out; job->failed on a tool failure. */
void vx_add_tampered(vx_tamper_job *job, const vx_scenario *sc, int k,
                     const char *receiver, const vx_variant *v, vj *deliver);

#endif
