/*
 * store_util.c - allocation helpers of the store files (store_util.h).
 */
#include "store_util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *es_store_strdup(const char *s)
{
	size_t size = strlen(s) + 1;
	char *copy = malloc(size);
	if (copy != NULL)
		memcpy(copy, s, size);
	return copy;
}

esession_status es_store_reserve(void **array, size_t count, size_t *capacity,
                                 size_t size)
{
	if (count < *capacity)
		return ESESSION_OK;
	size_t grown_cap = *capacity == 0 ? 4 : *capacity * 2;
	ES_ENSURE(grown_cap > *capacity && grown_cap <= SIZE_MAX / size,
	          ESESSION_ENOMEM);
	void *grown = realloc(*array, grown_cap * size);
	ES_ENSURE(grown != NULL, ESESSION_ENOMEM);
	*array = grown;
	*capacity = grown_cap;
	return ESESSION_OK;
}
