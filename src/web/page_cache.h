/*
 * page_cache: pages that visitors without a login see (the public home page,
 * the knowledge map), kept for a short time so that a crowd of citizens
 * does not render the same page again and again. An entry is used only
 * while no write has been committed through this process since it was made
 * (db_generation) and its age is under the configured limit, which bounds
 * how stale a page can be after a change made by another process (the CLI,
 * another server). Pages with a cookie to set, a query string or a login
 * are never cached.
 */
#ifndef KLANG_WEB_PAGE_CACHE_H
#define KLANG_WEB_PAGE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Sets the longest age of an entry; 0 turns the cache off. */
void page_cache_configure(int max_age_ms);

/* Copies a fresh entry for (path, lang) into `out` and its content type
 * into *ctype (static storage). False on a miss. */
bool page_cache_get(const char *path, int lang, struct buf *out, const char **ctype);

/* Stores a page rendered when the database generation was `generation`. */
void page_cache_put(const char *path, int lang, uint64_t generation, const char *ctype,
		    const char *body, size_t len);

/* Empties the cache and frees its memory (at shutdown). */
void page_cache_clear(void);

#endif
