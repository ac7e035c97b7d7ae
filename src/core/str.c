/* str: borrowed byte slices. */
#include "core/str.h"

#include <string.h>

bool str_eq(struct str a, struct str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

bool str_eq_c(struct str a, const char *c)
{
	return str_eq(a, str_c(c));
}

bool str_starts(struct str s, struct str prefix)
{
	return s.len >= prefix.len && memcmp(s.p, prefix.p, prefix.len) == 0;
}

bool str_to_i64(struct str s, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (s.len == 0 || s.len > 20)
		return false;
	if (s.p[0] == '-') {
		if (min >= 0)
			return false;
		neg = true;
		i = 1;
		if (s.len == 1)
			return false;
	}
	uint64_t v = 0;
	for (; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c < '0' || c > '9')
			return false;
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (c - '0');
	}
	if (!neg && v > (uint64_t)INT64_MAX)
		return false;
	if (neg && v > (uint64_t)INT64_MAX + 1)
		return false;
	int64_t r = neg ? (int64_t)(0 - v) : (int64_t)v;
	if (r < min || r > max)
		return false;
	*out = r;
	return true;
}

bool str_split(struct str s, char sep, struct str *head, struct str *tail)
{
	const char *p = s.len ? memchr(s.p, sep, s.len) : NULL;
	if (!p) {
		*head = s;
		*tail = (struct str){s.p ? s.p + s.len : NULL, 0};
		return false;
	}
	*head = (struct str){s.p, (size_t)(p - s.p)};
	*tail = (struct str){p + 1, s.len - (size_t)(p - s.p) - 1};
	return true;
}

struct str str_trim(struct str s)
{
	while (s.len && (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\r' || s.p[0] == '\n')) {
		s.p++;
		s.len--;
	}
	while (s.len) {
		char c = s.p[s.len - 1];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			break;
		s.len--;
	}
	return s;
}

int str_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
