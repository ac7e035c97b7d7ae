/* fuzz_multipart: multipart/form-data parsing and file-name cleaning on
 * arbitrary bytes. The input's first line is the Content-Type value, the
 * rest the body; the body is also cleaned as if it were a file name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/utf8.h"
#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool name_ok(struct str s)
{
	if (!s.p || s.p[s.len] != 0 || !utf8_valid_text(s.p, s.len))
		return false;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == '\t' || s.p[i] == '\r' || s.p[i] == '\n')
			return false;
	}
	return true;
}

/* The promises of multipart_safe_filename. */
static void check_safe(struct arena *a, const char *raw)
{
	const char *s = multipart_safe_filename(a, raw);
	if (!s)
		return; /* the arena is full */
	size_t n = strlen(s);
	if (n == 0 || n > MULTIPART_FILENAME_MAX || strchr(s, '/') || strchr(s, '\\') || s[0] == '.' ||
	    s[n - 1] == '.' || s[0] == ' ' || s[n - 1] == ' ' || !utf8_valid_text(s, n))
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(1 << 24);
	if (!a)
		return 0;
	const char *in = (const char *)data;
	const char *nl = memchr(in, '\n', size);
	size_t ctlen = nl ? (size_t)(nl - in) : size;
	char *ct = arena_strndup(a, in, ctlen);
	if (!ct) {
		arena_free(a);
		return 0;
	}
	const char *body = nl ? nl + 1 : in + size;
	size_t n = size - (size_t)(body - in);
	/* Small limits, so that each is reached. */
	const struct multipart_limits lim = {8, 512, 6, 64};
	struct multipart_part *parts = (void *)1;
	size_t count = 99;
	int rc = multipart_parse(a, ct, body, n, &lim, &parts, &count);
	if (rc == 0) {
		if (count > lim.max_parts || (count == 0) != (parts == NULL))
			__builtin_trap();
		for (size_t i = 0; i < count; i++) {
			const struct multipart_part *p = &parts[i];
			/* Data is a slice of the body. */
			if (p->data.len > n || p->data.p < body || p->data.p > body + n - p->data.len)
				__builtin_trap();
			if (!name_ok(p->name) || p->name.len > lim.max_name)
				__builtin_trap();
			if (p->filename.p && !name_ok(p->filename))
				__builtin_trap();
			if (!p->content_type.p || !p->content_type.len ||
			    p->content_type.p[p->content_type.len] != 0)
				__builtin_trap();
			const struct multipart_part *first = multipart_get(parts, count, p->name.p);
			if (!first || first > p || !str_eq(first->name, p->name))
				__builtin_trap();
			/* Parts are in body order and do not overlap. */
			if (i && p->data.p < parts[i - 1].data.p + parts[i - 1].data.len)
				__builtin_trap();
			if (p->filename.p)
				check_safe(a, p->filename.p);
		}
	} else if (rc != ERR_INVAL && rc != ERR_TOOBIG && rc != ERR_NOMEM) {
		__builtin_trap();
	} else if (parts || count || (rc != ERR_NOMEM && err_last()->code != rc)) {
		__builtin_trap();
	}
	char *raw = arena_strndup(a, body, n);
	if (raw)
		check_safe(a, raw);
	arena_free(a);
	return 0;
}
