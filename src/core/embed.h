/* embed: files compiled into the binary by tools/embed.c. */
#ifndef KLANG_CORE_EMBED_H
#define KLANG_CORE_EMBED_H

#include <stddef.h>

struct embed_file {
	const char *name; /* base name, e.g. "layout.html" */
	const char *data; /* NUL-terminated; the NUL is not part of len */
	size_t len;
};

/* Returns the entry named `name` in a NULL-terminated table, or NULL. */
const struct embed_file *embed_find(const struct embed_file *table, const char *name);

#endif
