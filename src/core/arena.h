/*
 * arena: a region allocator. Everything allocated from an arena is freed
 * at once by arena_free; nothing is freed one by one. One arena serves one
 * HTTP request (created at its first callback, freed when it completes) or
 * one CLI command.
 *
 * An arena has a cap on its total size; an allocation past it fails (NULL)
 * so that no request can take more memory than the cap allows.
 * Cleanups registered with arena_defer run, last registered first, when the
 * arena is freed; that is how heap objects (JSON trees, statements) are tied
 * to a request's lifetime.
 */
#ifndef KLANG_CORE_ARENA_H
#define KLANG_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "core/str.h"

struct arena;

#define ARENA_DEFAULT_CAP ((size_t)256 << 20)

/* Returns a new arena that may grow to `cap` bytes, or NULL. */
struct arena *arena_new(size_t cap);

/* Runs the cleanups and frees every block. arena_free(NULL) is a no-op. */
void arena_free(struct arena *a);

/* Returns `n` bytes aligned for any type, or NULL when the cap is reached.
 * The memory is not zeroed. */
void *arena_alloc(struct arena *a, size_t n);

/* As arena_alloc, zeroed; checks `count * size` for overflow. */
void *arena_calloc(struct arena *a, size_t count, size_t size);

/* Copies `n` bytes and a NUL. */
char *arena_strndup(struct arena *a, const char *p, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_str(struct arena *a, struct str s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Registers `fn(p)` to run when the arena is freed. Returns 0 or ERR_NOMEM
 * (in which case fn(p) has already run, so nothing leaks). */
int arena_defer(struct arena *a, void (*fn)(void *), void *p);

/* Bytes handed out so far. */
size_t arena_used(const struct arena *a);

#endif
