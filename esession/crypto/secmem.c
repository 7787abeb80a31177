/*
 * secmem.c - secure buffers, wiping and constant-time comparison.
 */
#include "secmem.h"

#include <gcrypt.h>
#include <string.h>

void es_wipe(void *p, size_t len)
{
	if (p == NULL || len == 0)
		return;
	/* A volatile function pointer to memset keeps the compiler from
	 * proving the store dead and removing it. */
	static void *(*const volatile memset_v)(void *, int, size_t) = memset;
	memset_v(p, 0, len);
}

esession_status es_secbuf_alloc(es_secbuf *buf, size_t len)
{
	ES_ENSURE(buf != NULL, ESESSION_EINVAL);
	if (len == 0) {
		buf->data = NULL;
		buf->len = 0;
		return ESESSION_OK;
	}
	uint8_t *p = gcry_calloc_secure(1, len);
	ES_ENSURE(p != NULL, ESESSION_ENOMEM);
	buf->data = p;
	buf->len = len;
	return ESESSION_OK;
}

esession_status es_secbuf_copy(es_secbuf *buf, const uint8_t *data, size_t len)
{
	ES_ENSURE(data != NULL || len == 0, ESESSION_EINVAL);
	ES_GUARD(es_secbuf_alloc(buf, len));
	if (len > 0)
		memcpy(buf->data, data, len);
	return ESESSION_OK;
}

void es_secbuf_free(es_secbuf *buf)
{
	if (buf == NULL)
		return;
	if (buf->data != NULL) {
		es_wipe(buf->data, buf->len);
		gcry_free(buf->data);
	}
	buf->data = NULL;
	buf->len = 0;
}

bool es_ct_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
	volatile uint8_t diff = 0;
	for (size_t i = 0; i < len; i++)
		diff = (uint8_t)(diff | (a[i] ^ b[i]));
	return diff == 0;
}
