/*
 * str: a borrowed slice of bytes. A `struct str` never owns its memory; it
 * stays valid as long as what it points into.
 */
#ifndef KLANG_CORE_STR_H
#define KLANG_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct str {
	const char *p;
	size_t len;
};

#define STR(lit) ((struct str){(lit), sizeof(lit) - 1})
#define STR_NULL ((struct str){0, 0})

static inline struct str str_c(const char *s)
{
	struct str r = {s, 0};
	if (s) {
		while (s[r.len])
			r.len++;
	}
	return r;
}

bool str_eq(struct str a, struct str b);
bool str_eq_c(struct str a, const char *c);
bool str_starts(struct str s, struct str prefix);

/* Parses a whole slice as a decimal integer in [min, max]: no sign unless
 * min < 0, no spaces, no leading '+', no trailing bytes. Returns false on
 * anything else. */
bool str_to_i64(struct str s, int64_t min, int64_t max, int64_t *out);

/* Splits at the first `sep`: `head` before it, `tail` after it. Returns false
 * (and leaves head = s, tail empty) when there is no separator. */
bool str_split(struct str s, char sep, struct str *head, struct str *tail);

/* The value of a hexadecimal digit, or -1. */
int str_hexval(int c);

/* The slice without leading and trailing ASCII white space. */
struct str str_trim(struct str s);

#endif
