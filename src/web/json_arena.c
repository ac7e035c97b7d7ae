/* json_arena: jansson allocation from the current thread's request arena. */
#include "web/json_arena.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/arena.h"

/* A header before every block: 16 bytes keep the block aligned for any type. */
#define HDR 16
#define TAG_HEAP 0x48454150u  /* "HEAP" */
#define TAG_ARENA 0x4152454Eu /* "AREN" */

static _Thread_local struct arena *current;

static void *alloc(size_t n)
{
	if (n > SIZE_MAX - HDR)
		return NULL;
	unsigned char *p;
	uint32_t tag;
	if (current && (p = arena_alloc(current, n + HDR))) {
		tag = TAG_ARENA;
	} else {
		p = malloc(n + HDR);
		if (!p)
			return NULL;
		tag = TAG_HEAP;
	}
	*(uint32_t *)p = tag;
	return p + HDR;
}

static void release(void *q)
{
	if (!q)
		return;
	unsigned char *p = (unsigned char *)q - HDR;
	if (*(uint32_t *)p == TAG_HEAP)
		free(p);
	/* Arena blocks go with their arena. */
}

void json_arena_install(void)
{
	json_set_alloc_funcs(alloc, release);
}

void json_arena_set(struct arena *a)
{
	current = a;
}
