/*
 * normalize: canonical Thai mark order, sara am composition, removal of
 * invisible characters, digit and case folding (see normalize.h).
 */
#include "thai/normalize.h"
#include "thai/terms.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/utf8.h"
#include "thai/thai_int.h"

/* The most marks one base may carry; more are dropped (no real word has 4). */
#define MARKS_MAX 8

static bool invisible(uint32_t c)
{
	return c == 0x00AD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

/* Digit and case folding of one code point. */
static uint32_t fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0x0E50 && c <= 0x0E59)
		return '0' + (c - 0x0E50);
	if (c >= 0xFF10 && c <= 0xFF19)
		return '0' + (c - 0xFF10);
	if (c >= 0xFF21 && c <= 0xFF3A)
		return 'a' + (c - 0xFF21);
	if (c >= 0xFF41 && c <= 0xFF5A)
		return 'a' + (c - 0xFF41);
	if (c >= 0x00C0 && c <= 0x00DE && c != 0x00D7)
		return c + 32;
	return c;
}

/* Canonical position class of a Thai combining mark. */
static int mark_rank(uint32_t c)
{
	if (thai_cp_tone(c))
		return 2;
	if (c >= 0x0E4C)
		return 3;
	return 1;
}

static void put_cp(struct buf *b, uint32_t c)
{
	char s[4];
	size_t n;
	if (c < 0x80) {
		s[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	buf_append(b, s, n);
}

/* Decodes, drops invisible characters, folds digits and case (if asked) and joins
 * เเ into แ. Returns the count, or SIZE_MAX on malformed input. */
static size_t decode_fold(const char *p, size_t n, bool do_fold, uint32_t *cp)
{
	size_t i = 0, k = 0;
	while (i < n) {
		uint32_t c;
		size_t l = utf8_decode(p + i, n - i, &c);
		if (l == 0)
			return SIZE_MAX;
		i += l;
		if (invisible(c))
			continue;
		if (do_fold)
			c = fold(c);
		if (c == 0x0E40 && k > 0 && cp[k - 1] == 0x0E40) {
			cp[k - 1] = 0x0E41;
			continue;
		}
		cp[k++] = c;
	}
	return k;
}

/* Emits the marks run that starts at cp[i] (a mark, or ำ) and returns the
 * index after everything it consumed. */
static size_t put_marks(struct buf *b, const uint32_t *cp, size_t n, size_t i)
{
	uint32_t m[MARKS_MAX];
	size_t k = 0;
	bool nikhahit = false, am = false;
	for (int pass = 0; pass < 2; pass++) {
		while (i < n && thai_cp_mark(cp[i])) {
			if (cp[i] == 0x0E4D && !am)
				nikhahit = true;
			else if (k < MARKS_MAX)
				m[k++] = cp[i];
			i++;
		}
		if (am || i >= n)
			break;
		if (cp[i] == 0x0E33 || (nikhahit && cp[i] == 0x0E32)) {
			am = true;
			nikhahit = false;
			i++;
		} else {
			break;
		}
	}
	if (nikhahit && k < MARKS_MAX)
		m[k++] = 0x0E4D;
	/* insertion sort: stable, and runs are a handful of marks */
	for (size_t a = 1; a < k; a++) {
		uint32_t v = m[a];
		size_t c = a;
		while (c > 0 && mark_rank(m[c - 1]) > mark_rank(v)) {
			m[c] = m[c - 1];
			c--;
		}
		m[c] = v;
	}
	for (size_t a = 0; a < k; a++) {
		if (a == 0 || m[a] != m[a - 1])
			put_cp(b, m[a]);
	}
	if (am)
		put_cp(b, 0x0E33);
	return i;
}

int thai_normalize(const char *p, size_t n, struct buf *out)
{
	return thai_normalize_mode(p, n, true, out);
}

int thai_normalize_mode(const char *p, size_t n, bool fold_case_digits, struct buf *out)
{
	uint32_t *cp = malloc((n + 1) * sizeof *cp);
	if (!cp)
		return ERR_NOMEM;
	int rc = ERR_INVAL;
	size_t m = decode_fold(p, n, fold_case_digits, cp);
	if (m == SIZE_MAX)
		goto out;
	size_t i = 0;
	while (i < m) {
		if (thai_cp_mark(cp[i]) || cp[i] == 0x0E33) {
			i = put_marks(out, cp, m, i);
			continue;
		}
		put_cp(out, cp[i]);
		i++;
	}
	rc = buf_err(out);
out:
	free(cp);
	return rc;
}

/* Whether p[0..n) may hold something thai_fold changes: an ASCII capital,
 * a Latin-1 capital (C3 80–9E), a Thai digit (E0 B9 90–99) or a full-width
 * form (EF BC/BD). */
static bool may_fold(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if ((c >= 'A' && c <= 'Z') || c == 0xC3 || c == 0xEF)
			return true;
		if (c == 0xE0 && i + 2 < n && (unsigned char)p[i + 1] == 0xB9 && (unsigned char)p[i + 2] >= 0x90 &&
		    (unsigned char)p[i + 2] <= 0x99)
			return true;
	}
	return false;
}

void thai_fold(const char *p, size_t n, struct buf *out)
{
	if (!may_fold(p, n)) {
		buf_append(out, p, n);
		return;
	}
	size_t i = 0;
	while (i < n) {
		uint32_t c;
		size_t l = utf8_decode(p + i, n - i, &c);
		if (l == 0) {
			buf_append(out, p + i, 1);
			i++;
			continue;
		}
		uint32_t f = fold(c);
		if (f == c)
			buf_append(out, p + i, l);
		else
			put_cp(out, f);
		i += l;
	}
}
