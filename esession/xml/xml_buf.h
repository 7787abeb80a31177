/*
 * xml_buf.h - a growable byte buffer for serialized XML.
 *
 * The buffer owns its bytes (malloc). Keep one per session or direction
 * and es_xml_buf_clear() it between stanzas: the capacity is kept, so
 * serializing allocates nothing in steady state.
 */
#ifndef ES_XML_BUF_H
#define ES_XML_BUF_H

#include "es_internal.h"

typedef struct es_xml_buf {
	uint8_t *data; /* NUL-terminated when non-NULL (not counted in len) */
	size_t len;
	size_t cap;
	size_t max; /* appends beyond max fail with ESESSION_EBUFSIZE */
} es_xml_buf;

/* Default ceiling: twice the default parser input limit. */
#define ES_XML_BUF_DEFAULT_MAX (512u * 1024u)

/* Initialise an empty buffer; max 0 selects ES_XML_BUF_DEFAULT_MAX. */
void es_xml_buf_init(es_xml_buf *buf, size_t max);

/* Forget the contents, keep the memory. */
void es_xml_buf_clear(es_xml_buf *buf);

/* Shorten the contents to len bytes (no effect if len >= buf->len). */
void es_xml_buf_truncate(es_xml_buf *buf, size_t len);

/* Release the memory (the buffer may be initialised again). */
void es_xml_buf_free(es_xml_buf *buf);

/* Append len bytes. Returns ESESSION_OK, ESESSION_EBUFSIZE (the result
 * would exceed max; nothing appended), ESESSION_ENOMEM. */
ES_MUST_CHECK esession_status es_xml_buf_append(es_xml_buf *buf,
                                                const void *data, size_t len);

/* Append a NUL-terminated string. Same statuses. */
ES_MUST_CHECK esession_status es_xml_buf_puts(es_xml_buf *buf, const char *s);

#endif
