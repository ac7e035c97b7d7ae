/*
 * json_arena: JSON values (jansson) allocated from the request's arena.
 * Pages and API answers build many small JSON values; taking them from the
 * arena makes each a pointer bump and frees them all at once with the
 * request. Outside a request (start-up, the CLI, a thread with no arena
 * set) values come from the heap as usual. Every block carries a tag, so a
 * value is released correctly whichever way it was made.
 */
#ifndef KLANG_WEB_JSON_ARENA_H
#define KLANG_WEB_JSON_ARENA_H

struct arena;

/* Installs the allocator into jansson. Call once, first thing in main(),
 * before any JSON value exists. */
void json_arena_install(void);

/* Makes `a` (or NULL: the heap) the source of this thread's JSON values.
 * Values made from an arena must not outlive it. */
void json_arena_set(struct arena *a);

#endif
