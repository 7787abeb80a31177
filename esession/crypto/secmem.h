/*
 * secmem.h - buffers for secret bytes.
 *
 * Every secret the library holds (DH exponents, shared secrets, derived
 * keys, retained secrets, decrypted plaintext) lives in an es_secbuf: its
 * bytes come from libgcrypt's secure memory (locked, never swapped) and are
 * wiped before they are released.
 */
#ifndef ES_CRYPTO_SECMEM_H
#define ES_CRYPTO_SECMEM_H

#include "es_internal.h"

typedef struct es_secbuf {
	uint8_t *data; /* gcry_malloc_secure'd, or NULL when len == 0 */
	size_t len;
} es_secbuf;

#define ES_SECBUF_INIT  \
	{               \
		NULL, 0 \
	}

/* Allocate len zero bytes of secure memory. On failure *buf is untouched
 * and ESESSION_ENOMEM is returned. len == 0 gives an empty buffer. */
ES_MUST_CHECK esession_status es_secbuf_alloc(es_secbuf *buf, size_t len);

/* Allocate and copy. */
ES_MUST_CHECK esession_status es_secbuf_copy(es_secbuf *buf,
                                             const uint8_t *data, size_t len);

/* Wipe and release; leaves *buf empty. Safe on an empty buffer and NULL. */
void es_secbuf_free(es_secbuf *buf);

/* Overwrite len bytes with zeros in a way the compiler cannot elide. */
void es_wipe(void *p, size_t len);

/* Constant-time equality of two byte strings of the same length: the time
 * depends on len only. Returns true when equal. */
bool es_ct_equal(const uint8_t *a, const uint8_t *b, size_t len);

#endif
