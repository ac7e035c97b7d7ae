/* diff: line diff refined to tokens, by longest common subsequence. */
#include "km/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "core/utf8.h"
#include "thai/segment.h"

/* Largest LCS table (cells) computed for one block; bigger blocks are shown
 * as removed-then-added. */
#define MAX_CELLS ((size_t)4 << 20)
#define MAX_PIECES 200000

struct piece {
	const char *p;
	size_t n;
};

static void emit(json_t *out, char op, const char *p, size_t n)
{
	if (n == 0)
		return;
	size_t last = json_array_size(out);
	json_t *prev = last ? json_array_get(out, last - 1) : NULL;
	char ops[2] = {op, 0};
	if (prev && !strcmp(json_string_value(json_object_get(prev, "op")), ops)) {
		const char *t = json_string_value(json_object_get(prev, "text"));
		size_t tl = json_string_length(json_object_get(prev, "text"));
		char *joined = malloc(tl + n + 1);
		if (!joined)
			return;
		memcpy(joined, t, tl);
		memcpy(joined + tl, p, n);
		json_object_set_new(prev, "text", json_stringn_nocheck(joined, tl + n));
		free(joined);
		return;
	}
	json_array_append_new(out, json_pack("{s:s, s:s%}", "op", ops, "text", p, n));
}

/* Splits into lines (each with its newline). */
static size_t split_lines(const char *s, size_t n, struct piece *out, size_t cap)
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i < n && k < cap; i++) {
		if (s[i] == '\n') {
			out[k++] = (struct piece){s + start, i + 1 - start};
			start = i + 1;
		}
	}
	if (start < n && k < cap)
		out[k++] = (struct piece){s + start, n - start};
	return k;
}

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

struct collect {
	const char *base;
	struct piece *out;
	size_t cap, k;
};

static int collect_token(void *ctx, const struct thai_tok *t)
{
	struct collect *c = ctx;
	if (c->k == c->cap)
		return 1;
	c->out[c->k++] = (struct piece){c->base + t->off, t->len};
	return 0;
}

/* Splits into tokens: the segmenter's words when there is a dictionary,
 * else ASCII words, space runs, or single characters with their marks. */
static size_t split_tokens(const struct thai_dict *dict, const char *s, size_t n, struct piece *out,
			   size_t cap)
{
	if (dict) {
		struct collect c = {s, out, cap, 0};
		if (thai_segment(dict, s, n, collect_token, &c) == 0)
			return c.k;
		/* On any failure fall back to characters. */
	}
	size_t k = 0, i = 0;
	while (i < n && k < cap) {
		size_t j = i;
		unsigned char c = (unsigned char)s[i];
		if (is_word(c)) {
			while (j < n && is_word((unsigned char)s[j]))
				j++;
		} else if (c == ' ' || c == '\t') {
			while (j < n && (s[j] == ' ' || s[j] == '\t'))
				j++;
		} else {
			uint32_t cp;
			size_t len = utf8_decode(s + i, n - i, &cp);
			j = i + (len ? len : 1);
			/* Keep Thai combining marks with their base character. */
			while (j < n) {
				len = utf8_decode(s + j, n - j, &cp);
				if (!len || !((cp >= 0x0E31 && cp <= 0x0E31) || (cp >= 0x0E34 && cp <= 0x0E3A) ||
					      (cp >= 0x0E47 && cp <= 0x0E4E)))
					break;
				j += len;
			}
		}
		out[k++] = (struct piece){s + i, j - i};
		i = j;
	}
	return k;
}

static bool same(struct piece x, struct piece y)
{
	return x.n == y.n && memcmp(x.p, y.p, x.n) == 0;
}

/* LCS over pieces; emits ops. `refine` diffs replaced line blocks again by
 * tokens. Returns ERR_NOMEM on failure. */
static int lcs(const struct thai_dict *dict, const struct piece *a, size_t na, const struct piece *b,
	       size_t nb, json_t *out, bool refine);

static int replace_block(const struct thai_dict *dict, const struct piece *a, size_t na,
			 const struct piece *b, size_t nb, json_t *out, bool refine)
{
	if (!refine || na == 0 || nb == 0) {
		for (size_t i = 0; i < na; i++)
			emit(out, '-', a[i].p, a[i].n);
		for (size_t i = 0; i < nb; i++)
			emit(out, '+', b[i].p, b[i].n);
		return 0;
	}
	/* Token diff of the block's text. */
	const char *as = a[0].p, *bs = b[0].p;
	size_t al = (size_t)(a[na - 1].p + a[na - 1].n - as), bl = (size_t)(b[nb - 1].p + b[nb - 1].n - bs);
	size_t cap_a = al + 1, cap_b = bl + 1;
	struct piece *ta = malloc(cap_a * sizeof *ta), *tb = malloc(cap_b * sizeof *tb);
	int rc = ERR_NOMEM;
	if (ta && tb) {
		size_t ka = split_tokens(dict, as, al, ta, cap_a), kb = split_tokens(dict, bs, bl, tb, cap_b);
		rc = lcs(dict, ta, ka, tb, kb, out, false);
	}
	free(ta);
	free(tb);
	return rc;
}

static int lcs(const struct thai_dict *dict, const struct piece *a, size_t na, const struct piece *b,
	       size_t nb, json_t *out, bool refine)
{
	/* Common prefix and suffix need no table. */
	size_t pre = 0;
	while (pre < na && pre < nb && same(a[pre], b[pre]))
		emit(out, '=', a[pre].p, a[pre].n), pre++;
	size_t suf = 0;
	while (suf < na - pre && suf < nb - pre && same(a[na - 1 - suf], b[nb - 1 - suf]))
		suf++;
	a += pre, b += pre, na -= pre + suf, nb -= pre + suf;
	int rc = 0;
	if (na == 0 || nb == 0 || (na + 1) * (nb + 1) > MAX_CELLS) {
		rc = replace_block(dict, a, na, b, nb, out, refine && (na + 1) * (nb + 1) <= MAX_CELLS);
	} else {
		uint32_t *t = calloc((na + 1) * (nb + 1), sizeof *t);
		if (!t)
			return ERR_NOMEM;
#define T(i, j) t[(i) * (nb + 1) + (j)]
		for (size_t i = na; i-- > 0;)
			for (size_t j = nb; j-- > 0;)
				T(i, j) = same(a[i], b[j]) ? T(i + 1, j + 1) + 1
					  : T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
		size_t i = 0, j = 0, ra = 0, rb = 0;
		/* Walk the table; runs of removals/additions between matches form
		 * blocks that are refined together. */
		while (rc == 0 && (i < na || j < nb)) {
			if (i < na && j < nb && same(a[i], b[j])) {
				rc = replace_block(dict, a + ra, i - ra, b + rb, j - rb, out, refine);
				emit(out, '=', a[i].p, a[i].n);
				i++, j++;
				ra = i, rb = j;
			} else if (j < nb && (i == na || T(i, j + 1) >= T(i + 1, j))) {
				j++;
			} else {
				i++;
			}
		}
		if (rc == 0)
			rc = replace_block(dict, a + ra, na - ra, b + rb, nb - rb, out, refine);
#undef T
		free(t);
	}
	for (size_t k = 0; rc == 0 && k < suf; k++)
		emit(out, '=', a[na + k].p, a[na + k].n);
	return rc;
}

int diff_texts(const struct thai_dict *dict, const char *a, size_t alen, const char *b, size_t blen,
	       json_t *out)
{
	size_t ca = 1, cb = 1;
	for (size_t i = 0; i < alen; i++)
		ca += a[i] == '\n';
	for (size_t i = 0; i < blen; i++)
		cb += b[i] == '\n';
	if (ca > MAX_PIECES || cb > MAX_PIECES)
		return ERR_TOOBIG;
	struct piece *la = malloc(ca * sizeof *la), *lb = malloc(cb * sizeof *lb);
	int rc = ERR_NOMEM;
	if (la && lb) {
		size_t na = split_lines(a, alen, la, ca), nb = split_lines(b, blen, lb, cb);
		rc = lcs(dict, la, na, lb, nb, out, true);
	}
	free(la);
	free(lb);
	return rc;
}
