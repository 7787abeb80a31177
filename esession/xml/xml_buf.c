/*
 * xml_buf.c - growable byte buffer (see xml_buf.h).
 */
#include "xml_buf.h"

#include <stdlib.h>
#include <string.h>

void es_xml_buf_init(es_xml_buf *buf, size_t max)
{
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
	buf->max = max != 0 ? max : ES_XML_BUF_DEFAULT_MAX;
	/* Keeps the capacity doubling in es_xml_buf_append overflow-free. */
	if (buf->max > SIZE_MAX / 4)
		buf->max = SIZE_MAX / 4;
}

void es_xml_buf_clear(es_xml_buf *buf)
{
	buf->len = 0;
	if (buf->data != NULL)
		buf->data[0] = '\0';
}

void es_xml_buf_truncate(es_xml_buf *buf, size_t len)
{
	if (len >= buf->len)
		return;
	buf->len = len;
	buf->data[len] = '\0';
}

void es_xml_buf_free(es_xml_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

esession_status es_xml_buf_append(es_xml_buf *buf, const void *data, size_t len)
{
	ES_ENSURE(buf != NULL && (data != NULL || len == 0), ESESSION_EINVAL);
	ES_ENSURE(len <= buf->max && buf->len <= buf->max - len,
	          ESESSION_EBUFSIZE);
	size_t need = buf->len + len + 1; /* + NUL; max < SIZE_MAX / 2 */
	if (need > buf->cap) {
		size_t cap = buf->cap != 0 ? buf->cap : 256;
		while (cap < need)
			cap *= 2;
		uint8_t *d = realloc(buf->data, cap);
		ES_ENSURE(d != NULL, ESESSION_ENOMEM);
		buf->data = d;
		buf->cap = cap;
	}
	if (len > 0)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return ESESSION_OK;
}

esession_status es_xml_buf_puts(es_xml_buf *buf, const char *s)
{
	ES_ENSURE(s != NULL, ESESSION_EINVAL);
	return es_xml_buf_append(buf, s, strlen(s));
}
