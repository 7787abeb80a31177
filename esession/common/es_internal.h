/*
 * es_internal.h - conventions shared by every source file of the library.
 *
 * Error propagation. Every internal function that can fail returns an
 * esession_status marked ES_MUST_CHECK. There is one idiom:
 *
 *   - ES_GUARD(expr): evaluate a call returning a status; on failure return
 *     that status unchanged. Use it only where nothing needs releasing.
 *   - ES_ENSURE(cond, status): return `status` when `cond` is false.
 *   - Where resources are held, the function keeps one `esession_status st`
 *     and one `out:` label written out in the function itself:
 *
 *         st = es_something(...);
 *         if (st != ESESSION_OK)
 *                 goto out;
 *
 *     The release code after `out:` runs on success and failure alike and
 *     wipes every secret it frees.
 *
 * The macros never hide a local variable or a goto.
 */
#ifndef ES_INTERNAL_H
#define ES_INTERNAL_H

#include "esession.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ES_MUST_CHECK ESESSION_MUST_CHECK

#define ES_GUARD(expr)                                     \
	do {                                               \
		esession_status es_guard_status_ = (expr); \
		if (es_guard_status_ != ESESSION_OK)       \
			return es_guard_status_;           \
	} while (0)

#define ES_ENSURE(cond, status)          \
	do {                             \
		if (!(cond))             \
			return (status); \
	} while (0)

#define ES_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* True once esession_init() has succeeded (set in crypto/init.c). */
bool es_initialised(void);

#endif /* ES_INTERNAL_H */
