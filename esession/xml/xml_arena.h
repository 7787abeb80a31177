/*
 * xml_arena.h - a bump allocator for XML trees and data forms.
 *
 * A tree parsed from one stanza is a few dozen small objects that live and
 * die together. Allocating them one by one from an arena makes parsing cost
 * a handful of pointer bumps instead of one malloc per node, and releasing a
 * tree one call (DESIGN.md: no heap allocation per stanza in steady state).
 *
 * Memory comes in blocks. es_arena_reset() keeps the first block, so an
 * arena that is reset between stanzas of ordinary size never calls malloc
 * again. Nothing is freed individually.
 */
#ifndef ES_XML_ARENA_H
#define ES_XML_ARENA_H

#include "es_internal.h"

typedef struct es_arena_block es_arena_block;

typedef struct es_arena {
	es_arena_block *first; /* kept by es_arena_reset() */
	es_arena_block *cur;   /* allocations come from here */
	size_t block_size;     /* size of ordinary new blocks */
} es_arena;

/* A position to rewind to (es_arena_mark / es_arena_rewind). */
typedef struct es_arena_mark {
	es_arena_block *block;
	size_t used;
} es_arena_mark;

/* Default size of an arena block: holds a typical stanza tree. */
#define ES_ARENA_BLOCK_SIZE 4096u

/* Initialise an empty arena; no memory is allocated until the first
 * es_arena_alloc(). block_size 0 selects ES_ARENA_BLOCK_SIZE. */
void es_arena_init(es_arena *arena, size_t block_size);

/*
 * es_arena_alloc - len bytes aligned for any object, owned by the arena
 * (valid until es_arena_reset/rewind past it/free). len 0 is allowed and
 * returns a unique non-NULL pointer. The bytes are not initialised.
 * Returns NULL when memory is exhausted or len overflows.
 */
void *es_arena_alloc(es_arena *arena, size_t len);

/* Copy len bytes and append a NUL. NULL on exhaustion. */
char *es_arena_strndup(es_arena *arena, const char *s, size_t len);

/* Remember the current position. */
es_arena_mark es_arena_mark_get(const es_arena *arena);

/* Forget every allocation made since mark (frees later blocks). */
void es_arena_rewind(es_arena *arena, es_arena_mark mark);

/* Forget every allocation; keeps the first block for reuse. */
void es_arena_reset(es_arena *arena);

/* Release all memory. The arena is empty (reusable) afterwards. */
void es_arena_free(es_arena *arena);

#endif
