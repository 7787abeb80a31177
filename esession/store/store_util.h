/*
 * store_util.h - the two allocation helpers every store file needs: a
 * string copy and the growth of a dynamic array.
 */
#ifndef ES_STORE_UTIL_H
#define ES_STORE_UTIL_H

#include "es_internal.h"

/* A malloc'ed copy of the NUL-terminated s, or NULL when memory is out. */
char *es_store_strdup(const char *s);

/*
 * es_store_reserve - make room for one more element of `size` bytes in
 * *array, which holds `count` of *capacity elements (doubling, from 4).
 * Returns ESESSION_OK, ESESSION_ENOMEM (allocation failed or the size
 * would overflow); *array and *capacity are unchanged on failure.
 */
ES_MUST_CHECK esession_status es_store_reserve(void **array, size_t count,
                                               size_t *capacity, size_t size);

#endif
