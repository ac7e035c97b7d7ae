/* form: urlencoded parsing. */
#include "web/form.h"

#include <string.h>

#include "core/arena.h"


/* Decodes one component into arena memory. */
static int decode(struct arena *a, const char *p, size_t n, struct str *out)
{
	char *d = arena_alloc(a, n + 1);
	if (!d)
		return ERR_NOMEM;
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= n)
				return ERR_INVAL;
			int hi = str_hexval(p[i + 1]), lo = str_hexval(p[i + 2]);
			if (hi < 0 || lo < 0)
				return ERR_INVAL;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		d[w++] = c;
	}
	d[w] = 0;
	*out = (struct str){d, w};
	return 0;
}

int form_parse(struct arena *a, const char *p, size_t n, size_t max_fields, struct kv **out,
	       size_t *count)
{
	*out = NULL;
	*count = 0;
	if (n == 0)
		return 0;
	size_t fields = 1;
	for (size_t i = 0; i < n; i++)
		fields += p[i] == '&';
	if (fields > max_fields)
		return ERR_TOOBIG;
	struct kv *kv = arena_calloc(a, fields, sizeof *kv);
	if (!kv)
		return ERR_NOMEM;
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && p[i] != '&')
			continue;
		const char *f = p + start;
		size_t len = i - start;
		start = i + 1;
		if (len == 0)
			continue;
		const char *eq = memchr(f, '=', len);
		size_t kl = eq ? (size_t)(eq - f) : len;
		int rc = decode(a, f, kl, &kv[k].key);
		if (!rc)
			rc = eq ? decode(a, eq + 1, len - kl - 1, &kv[k].value)
				: decode(a, "", 0, &kv[k].value);
		if (rc)
			return rc;
		k++;
	}
	*out = kv;
	*count = k;
	return 0;
}

struct str form_get(const struct kv *kv, size_t count, const char *key, bool *present)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i < count; i++) {
		if (kv[i].key.len == kl && memcmp(kv[i].key.p, key, kl) == 0) {
			*present = true;
			return kv[i].value;
		}
	}
	*present = false;
	return STR_NULL;
}
