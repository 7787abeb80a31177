/*
 * xml_arena.c - bump allocator (see xml_arena.h).
 */
#include "xml_arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct es_arena_block {
	es_arena_block *next;
	size_t size; /* usable bytes after the header */
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

#define ES_ARENA_ALIGN (alignof(max_align_t))

void es_arena_init(es_arena *arena, size_t block_size)
{
	arena->first = NULL;
	arena->cur = NULL;
	arena->block_size = block_size != 0 ? block_size : ES_ARENA_BLOCK_SIZE;
}

static es_arena_block *es_arena_block_new(size_t size)
{
	if (size > SIZE_MAX - sizeof(es_arena_block))
		return NULL;
	es_arena_block *b = malloc(sizeof(es_arena_block) + size);
	if (b == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

static void es_arena_free_chain(es_arena_block *b)
{
	while (b != NULL) {
		es_arena_block *next = b->next;
		free(b);
		b = next;
	}
}

void *es_arena_alloc(es_arena *arena, size_t len)
{
	/* Round up so the next allocation stays aligned. */
	if (len > SIZE_MAX - ES_ARENA_ALIGN)
		return NULL;
	size_t need = (len + ES_ARENA_ALIGN - 1) & ~(ES_ARENA_ALIGN - 1);
	if (need == 0)
		need = ES_ARENA_ALIGN;

	es_arena_block *b = arena->cur;
	if (b == NULL || b->size - b->used < need) {
		/* A block after cur may be left from before a rewind; it was
		 * freed there, so cur is always the last block. */
		size_t size =
		    need > arena->block_size ? need : arena->block_size;
		es_arena_block *nb = es_arena_block_new(size);
		if (nb == NULL)
			return NULL;
		if (b == NULL)
			arena->first = nb;
		else
			b->next = nb;
		arena->cur = nb;
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += need;
	return p;
}

char *es_arena_strndup(es_arena *arena, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = es_arena_alloc(arena, len + 1);
	if (p == NULL)
		return NULL;
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

es_arena_mark es_arena_mark_get(const es_arena *arena)
{
	es_arena_mark m;
	m.block = arena->cur;
	m.used = arena->cur != NULL ? arena->cur->used : 0;
	return m;
}

void es_arena_rewind(es_arena *arena, es_arena_mark mark)
{
	if (mark.block == NULL) {
		es_arena_reset(arena);
		return;
	}
	es_arena_free_chain(mark.block->next);
	mark.block->next = NULL;
	mark.block->used = mark.used;
	arena->cur = mark.block;
}

void es_arena_reset(es_arena *arena)
{
	if (arena->first == NULL)
		return;
	es_arena_free_chain(arena->first->next);
	arena->first->next = NULL;
	arena->first->used = 0;
	arena->cur = arena->first;
}

void es_arena_free(es_arena *arena)
{
	es_arena_free_chain(arena->first);
	arena->first = NULL;
	arena->cur = NULL;
}
