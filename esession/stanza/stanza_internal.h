/*
 * stanza_internal.h - shared by the files of esession/stanza only: the
 * layout of the direction state, a growable byte buffer and the
 * classification of stanza children.
 */
#ifndef ES_STANZA_INTERNAL_H
#define ES_STANZA_INTERNAL_H

#include "stanza.h"
#include "xml_parse.h"

/* A growable byte buffer kept across stanzas (capacity is kept). Its
 * contents are wiped by es_stanza_bytes_wipe() after every stanza that put
 * plaintext in it, and before it is freed. */
typedef struct es_stanza_bytes {
	uint8_t *data;
	size_t len;
	size_t cap;
} es_stanza_bytes;

/* Make room for len + extra bytes (realloc wipes nothing, so growth goes
 * through a fresh allocation and wipes the old one). Returns ESESSION_OK,
 * ESESSION_EBUFSIZE (size overflow), ESESSION_ENOMEM. */
ES_MUST_CHECK esession_status es_stanza_bytes_reserve(es_stanza_bytes *b,
                                                      size_t extra);

/* Append n bytes (after reserving). Same statuses. */
ES_MUST_CHECK esession_status es_stanza_bytes_append(es_stanza_bytes *b,
                                                     const void *data,
                                                     size_t n);

/* Wipe the used bytes and set len to 0; the capacity is kept. */
void es_stanza_bytes_wipe(es_stanza_bytes *b);

/* Wipe the whole capacity and free. */
void es_stanza_bytes_free(es_stanza_bytes *b);

struct es_stanza_dir {
	es_cipher_alg cipher;
	es_hash_alg hash;
	es_ctr *ctr;          /* keyed with KC, holds the counter */
	es_hmac_ctx *mac;     /* keyed with KM */
	es_secbuf km;         /* a copy of KM, for XEP-0200 <old/> */
	size_t block_len;     /* n/8 */
	uint64_t blocks_used; /* counter values consumed under KC */
	uint64_t stanzas;     /* stanzas committed, never reset */
	bool broken;          /* a re-key failed half-way: refuse all */

	/* Scratch, reused by every stanza. */
	es_xml_parser *parser;
	es_xml_doc *doc;         /* trees of the text-shaped calls */
	es_xml_buf m;            /* serialized content m (sending) */
	es_xml_buf content;      /* normalized m_content */
	es_stanza_bytes text;    /* base64 text, plaintext to parse */
	es_stanza_bytes decoded; /* decoded base64 values (receiving) */
};

/* Where a direct child of a stanza wrapper goes. */
typedef enum es_stanza_child_class {
	ES_STANZA_CHILD_SKIP,    /* white-space text between children */
	ES_STANZA_CHILD_CLEAR,   /* <thread/>, <amp/>, <error/> */
	ES_STANZA_CHILD_THREAD,  /* <thread/> (also clear) */
	ES_STANZA_CHILD_C,       /* the XEP-0200 <c/> */
	ES_STANZA_CHILD_CONTENT, /* anything else element */
	ES_STANZA_CHILD_BAD_TEXT /* non-white-space text */
} es_stanza_child_class;

/*
 * es_stanza_check_wrapper - the stanza is <message/>, <presence/> or <iq/>
 * in jabber:client or in no namespace, and its kind is in kinds.
 * Returns ESESSION_OK, ESESSION_ESTANZA, ESESSION_ESTANZA_KIND.
 */
ES_MUST_CHECK esession_status es_stanza_check_wrapper(const es_xml_node *stanza,
                                                      unsigned kinds);

/* es_stanza_classify - the class of a direct child of the wrapper. */
es_stanza_child_class es_stanza_classify(const es_xml_node *stanza,
                                         const es_xml_node *child);

/* True when s[0..len) is only XML white space (XML 1.0 [3] S). */
bool es_stanza_is_space(const char *s, size_t len);

/*
 * es_stanza_copy_wrapper - a new, empty element in doc with the name,
 * namespace and attributes of stanza. Returns ESESSION_OK,
 * ESESSION_ENOMEM (or what es_xml_set_attr returns for an attribute the
 * tree API refuses).
 */
ES_MUST_CHECK esession_status es_stanza_copy_wrapper(es_xml_doc *doc,
                                                     const es_xml_node *stanza,
                                                     es_xml_node **out);

/*
 * es_stanza_mac_input - feed HMAC with m_content then the counter C
 * (XEP-0200 §"Encrypting a Stanza": a_mac = HMAC(HASH, KM, m_content |
 * C), C as n/8 bytes big-endian, A-"Counter encoding").
 */
ES_MUST_CHECK esession_status es_stanza_mac_input(es_stanza_dir *dir,
                                                  const es_xml_buf *content,
                                                  const uint8_t *counter);

/* Counter values a stanza consumes: ceil(m_len / n/8) for a real cipher
 * and m_len > 0; 1 for 'none' or no content (XEP-0200 §"Encrypting a
 * Stanza"). */
uint64_t es_stanza_blocks_for(const es_stanza_dir *dir, size_t m_len);

/* es_stanza_pending, es_stanza_pending_commit and _rollback: see
 * stanza_dir.h. */

/* The received <c/>, checked (S-"Strict <c/>"). Text pointers are
 * borrowed from the received tree. */
typedef struct es_stanza_cwire {
	const es_xml_node *mac;
	const char *data_text; /* NULL when there is no <data/> */
	size_t data_text_len;
	const char *key_text; /* NULL when there is no <key/> */
	size_t key_text_len;
	const char *mac_text;
	size_t mac_text_len;
	uint32_t new_count; /* 0 when there is no <new/> */
	size_t n_old;
	size_t old_text_total;
} es_stanza_cwire;

/*
 * es_stanza_cwire_parse - check the received <c/> (S-"Strict <c/>") and
 * locate its fields. Returns ESESSION_OK, ESESSION_ESTANZA, ESESSION_ENOMEM.
 */
ES_MUST_CHECK esession_status es_stanza_cwire_parse(const es_xml_node *c,
                                                    es_stanza_cwire *w);

/*
 * es_stanza_find_c - the one <c/> child of a received wrapper; *error_c
 * tells whether its <error/> holds a <c/> too. Returns ESESSION_OK,
 * ESESSION_EPLAINTEXT (no <c/>), ESESSION_ESTANZA.
 */
ES_MUST_CHECK esession_status es_stanza_find_c(const es_xml_node *stanza,
                                               const es_xml_node **c_out,
                                               bool *error_c);

/* ESESSION_ESTATE when the state is unusable, ESESSION_EINVAL for NULL. */
ES_MUST_CHECK esession_status es_stanza_dir_usable(const es_stanza_dir *dir);

#endif
