/*
 * vectors_internal.h - helpers shared by the files of the vector tool
 * (not by the replay test, which uses vectors.h only).
 */
#ifndef ES_TOOLS_VECTORS_INTERNAL_H
#define ES_TOOLS_VECTORS_INTERNAL_H

#include "ctr.h"
#include "hash.h"
#include "rng.h"
#include "vectors.h"
#include "xml_buf.h"
#include "xml_parse.h"
#include "xml_tree.h"

/* Print "tcId N: <message>" to stderr. Always returns NULL (for
 * `return vx_fail(...)` in functions returning a pointer). */
void *vx_fail(const vj *test, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The same, returning false (for functions returning bool). */
bool vx_failed(const vj *test, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* One parsed stanza: a private parser and document. */
typedef struct vx_xml {
	es_xml_parser *parser;
	es_xml_doc *doc;
	es_xml_node *root;
} vx_xml;

/* Parse text (NUL-terminated) into x; x must be zeroed or freed before.
 * Returns ESESSION_OK or the parser's status. */
esession_status vx_xml_parse(vx_xml *x, const char *text);
void vx_xml_free(vx_xml *x);

/* The data form <x xmlns='jabber:x:data'/> of a negotiation stanza (inside
 * <feature/> or <init/>), or NULL. */
es_xml_node *vx_form_of(const es_xml_node *stanza);

/* The i-th <value/> of the field `var` of form, base64-decoded into a new
 * malloc'ed buffer. false when absent or not base64. */
bool vx_field_bytes(const es_xml_node *form, const char *var, size_t i,
                    uint8_t **out, size_t *len);
/* The number of <value/> children of the field var (0 when absent). */
size_t vx_field_count(const es_xml_node *form, const char *var);

/* BS §2: the normalized children of form, optionally without the
 * identity and mac fields, appended to out. */
bool vx_form_string(const es_xml_node *form, bool exclude_id_mac, vj_buf *out);

/* Insert from='jid' after the root element's name (what a server does,
 * vectors/README.md "Delivery"). Returns a new malloc'ed string. */
char *vx_stamp_from(const char *stanza, const char *jid);

/* The algorithms and sizes of a SessionTest or StanzaTest group. */
typedef struct vx_algs {
	es_hash_alg hash;
	es_cipher_alg cipher;
	size_t hlen;
	size_t blen; /* n/8 */
} vx_algs;

bool vx_algs_of(const vj *group, vx_algs *out);

/* The keys and counters of both XEP-0200 directions, as the observer sees
 * them: index 0 = stanzas Alice sends (KC_A, KM_A, C_A), 1 = Bob's. */
typedef struct vx_dirs {
	vx_algs algs;
	uint8_t kc[2][32];
	size_t kc_len;
	uint8_t km[2][64];
	size_t km_len;
	uint8_t ctr[2][ES_CTR_MAX_BLOCK_LEN];
} vx_dirs;

/* Observe one encrypted stanza sent in direction `dir`: recompute the
 * counter, m, data, m_content and MAC, check the MAC, advance the counter.
 * Fills obj with counter, m, data, mContent, mac (README order). */
bool vx_observe_stanza(const vj *test, vx_dirs *dirs, int dir,
                       const char *stanza, vj *obj);

/* Observe the four negotiation messages: re-draw x and y from the test
 * seed, check them against the wire, compute every intermediate. Returns
 * the `random` and `intermediates` objects and the traffic keys. */
bool vx_observe_negotiation(const vj *group, const vj *test,
                            const char *const msgs[4], vj **random,
                            vj **intermediates, vx_dirs *dirs);

/* The session's test-only RNG as esession/session/config.c
 * (es_config_session_rng) seeds it: seed | role | local JID | 0x00 | peer
 * JID. NULL on failure; es_rng_free() it. */
es_rng *vx_session_rng(const uint8_t *seed, size_t seed_len, esession_role role,
                       const char *local, const char *peer);

/* The session's draw of a nonce or initial counter
 * (es_session_random_id): whole values redrawn until the first octet has
 * a bit of first_mask set. */
bool vx_redraw(es_rng *rng, uint8_t *out, size_t len, uint8_t first_mask);

/* BS §1 CIPHER: the CTR transform of in[0..len) with key from counter
 * ctr, which advances by the blocks used. */
bool vx_ctr_crypt(const vx_algs *a, const uint8_t *key, size_t key_len,
                  uint8_t *ctr, const uint8_t *in, size_t len, uint8_t *out);

/* Append tmpl to out with every "%s" replaced by arg (templates are
 * data, not printf formats). */
void vx_subst(vj_buf *out, const char *tmpl, const char *arg);

#endif
