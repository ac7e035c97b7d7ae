/*
 * terms: search terms from segmented text (see terms.h).
 */
#include "thai/terms.h"

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "thai/normalize.h"
#include "thai/segment.h"
#include "thai/thai_int.h"

/* Longest piece of a dotted abbreviation, in code points (ก.ท.ท. has 1,
 * กทม. has no dots inside, "ผอ." one piece: not joined). */
#define ABBR_PIECE_MAX 3

struct toks {
	struct thai_tok *v;
	size_t n, cap;
};

static int collect(void *ctx, const struct thai_tok *t)
{
	struct toks *ts = ctx;
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 256;
		struct thai_tok *v = realloc(ts->v, cap * sizeof *v);
		if (!v)
			return ERR_NOMEM;
		ts->v = v;
		ts->cap = cap;
	}
	ts->v[ts->n++] = *t;
	return 0;
}

static bool is_thai(const struct thai_tok *t)
{
	return t->kind == THAI_TOK_WORD || t->kind == THAI_TOK_UNKNOWN;
}

static bool is_dot(const char *text, const struct thai_tok *t)
{
	return t->kind == THAI_TOK_PUNCT && t->len == 1 && text[t->off] == '.';
}

/* The number of (piece, dot) pairs of a dotted abbreviation starting at
 * token i, or 0 when there is none. */
static size_t abbr_pairs(const char *text, const struct thai_tok *v, size_t n, size_t i)
{
	size_t k = 0;
	while (i + 1 < n && is_thai(&v[i]) && utf8_count(text + v[i].off, v[i].len) <= ABBR_PIECE_MAX &&
	       is_dot(text, &v[i + 1]) && v[i].off + v[i].len == v[i + 1].off &&
	       (k == 0 || v[i - 1].off + v[i - 1].len == v[i].off)) {
		k++;
		i += 2;
	}
	return k >= 2 ? k : 0;
}

struct emitter {
	thai_term_fn fn;
	void *ctx;
	struct buf t;
	const char *text;
};

static int put(struct emitter *e, size_t off, size_t len, enum thai_term_kind kind, bool colocated)
{
	if (buf_err(&e->t)) {
		/* longer than THAI_TERM_BYTES_MAX (a pasted blob, not a word): not a term */
		buf_reset(&e->t);
		return 0;
	}
	if (e->t.len == 0)
		return 0;
	struct thai_term term = {buf_cstr(&e->t), e->t.len, off, len, kind, colocated};
	int rc = e->fn(e->ctx, &term);
	buf_reset(&e->t);
	return rc;
}

/* A Thai consonant repeated three times or more at the end of the term
 * (มากกกก, สุดดด: a word stretched for emphasis) is kept once, so that the
 * stretched word is the word. */
static void unstretch(struct buf *t)
{
	if (t->len < 9)
		return;
	const unsigned char *p = (const unsigned char *)t->p;
	size_t end = t->len, k = end;
	/* a consonant ก..ฮ is E0 B8 81..AE */
	if (p[end - 3] != 0xE0 || p[end - 2] != 0xB8 || p[end - 1] < 0x81 || p[end - 1] > 0xAE)
		return;
	while (k >= 3 && !memcmp(p + k - 3, p + end - 3, 3))
		k -= 3;
	if ((end - k) / 3 >= 3 && k > 0) {
		t->len = k + 3;
		t->p[t->len] = 0;
	}
}

static int put_span(struct emitter *e, size_t off, size_t len, enum thai_term_kind kind, bool colocated)
{
	thai_fold(e->text + off, len, &e->t);
	if (kind == THAI_TERM_WORD || kind == THAI_TERM_UNKNOWN)
		unstretch(&e->t);
	return put(e, off, len, kind, colocated);
}

/* The parts of a compound dictionary word (งบประมาณรายจ่าย: งบประมาณ,
 * รายจ่าย; การจัดการ: การ, จัดการ), colocated with it, so that a query for
 * a part finds the whole. Greedy: from each position the longest word that
 * ends on a cluster boundary, never the whole span itself; parts of three
 * clusters or more are split again, `depth` levels down. Stops where no
 * word starts. */
static int compound_parts(struct emitter *e, const struct thai_dict *d, size_t off, size_t len, int depth)
{
	uint32_t cp[THAI_COMPOUND_MAX + 1];
	size_t co[THAI_COMPOUND_MAX + 1];
	const char *p = e->text + off;
	size_t m = 0;
	for (size_t i = 0; i < len && m < THAI_COMPOUND_MAX;) {
		size_t l = utf8_decode(p + i, len - i, &cp[m]);
		if (!l)
			return 0;
		co[m++] = i;
		i += l;
	}
	if (m == THAI_COMPOUND_MAX)
		return 0;
	co[m] = len;
	unsigned char bound[THAI_COMPOUND_MAX + 1] = {0};
	size_t clusters = 0;
	for (size_t i = 0; i < m; i += thai_tcc_len(cp, m, i)) {
		bound[i] = 1;
		clusters++;
	}
	bound[m] = 1;
	if (clusters < 3)
		return 0;
	int rc = 0;
	for (size_t i = 0; i < m && rc == 0;) {
		size_t best = 0;
		uint32_t node = 1;
		for (size_t j = i; j < m && node; j++) {
			node = thai_dict_step(d, node, cp[j]);
			if (node && d->term[node] && bound[j + 1] && !(i == 0 && j + 1 == m))
				best = j + 1;
		}
		if (!best)
			break;
		size_t pc = 0; /* clusters of the part */
		for (size_t k = i; k < best; k++)
			pc += bound[k];
		/* one-cluster parts and the nominalisers การ, ความ find nothing useful */
		bool useful = pc >= 2 && !(co[best] - co[i] == strlen("การ") && !memcmp(p + co[i], "การ", co[best] - co[i])) &&
			      !(co[best] - co[i] == strlen("ความ") && !memcmp(p + co[i], "ความ", co[best] - co[i]));
		if (useful) {
			buf_putc(&e->t, THAI_PART_MARK);
			thai_fold(p + co[i], co[best] - co[i], &e->t);
			rc = put(e, off + co[i], co[best] - co[i], THAI_TERM_PART, true);
		}
		if (rc == 0 && depth > 1 && best - i >= 3)
			rc = compound_parts(e, d, off + co[i], co[best] - co[i], depth - 1);
		i = best;
	}
	return rc;
}

struct units_ctx {
	struct emitter *e;
	size_t base;
	size_t whole; /* the run's length: a unit as long is the run itself */
	bool first_colocated;
	int count;
};

static int on_unit(void *ctx, const struct thai_tok *t)
{
	struct units_ctx *u = ctx;
	if (t->len == u->whole)
		return 0;
	bool col = u->count > 0 || u->first_colocated;
	u->count++;
	return put_span(u->e, u->base + t->off, t->len, THAI_TERM_UNIT, col);
}

static int unknown_run(struct emitter *e, const struct thai_tok *t, unsigned flags)
{
	const char *p = e->text + t->off;
	bool whole = utf8_count(p, t->len) <= THAI_TERM_RUN_MAX;
	int rc = whole ? put_span(e, t->off, t->len, THAI_TERM_UNKNOWN, false) : 0;
	if (rc || !(flags & THAI_TERMS_UNITS))
		return rc;
	struct units_ctx u = {e, t->off, whole ? t->len : 0, whole, 0};
	return thai_units(p, t->len, THAI_UNIT_BIGRAM, on_unit, &u);
}

static bool ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the byte at p starts a mark that the segmenter keeps inside a
 * token but that is no part of a term: ASCII punctuation (e-GP, AT&T,
 * 555+, a web address's / and .) or the apostrophe ’ (Kiehl’s). */
static size_t inner_mark(const char *p, size_t n)
{
	unsigned char c = (unsigned char)p[0];
	if (c < 0x80)
		return ascii_alnum(c) ? 0 : 1;
	return n >= 3 && !memcmp(p, "\xe2\x80\x99", 3) ? 3 : 0;
}

/* A Latin token: each run between marks (a web address, HR-V, Kiehl's,
 * @name) is a term, as when the marks stood alone; a run of digits alone
 * is a number. */
static int latin(struct emitter *e, const struct thai_tok *t)
{
	const char *p = e->text + t->off;
	size_t i = 0;
	int rc = 0;
	while (i < t->len && rc == 0) {
		size_t l;
		while (i < t->len && (l = inner_mark(p + i, t->len - i)) > 0)
			i += l;
		size_t j = i;
		bool digits = true;
		while (j < t->len && !inner_mark(p + j, t->len - j)) {
			digits = digits && p[j] >= '0' && p[j] <= '9';
			j++;
		}
		if (j > i)
			rc = put_span(e, t->off + i, j - i, digits ? THAI_TERM_NUMBER : THAI_TERM_LATIN, false);
		i = j;
	}
	return rc;
}

/* A dotted abbreviation (พ.ร.บ., น.) is one term without its dots. */
static int abbreviation(struct emitter *e, const struct thai_tok *t)
{
	const char *p = e->text + t->off;
	for (size_t i = 0; i < t->len; i++) {
		if (p[i] != '.')
			thai_fold(p + i, 1, &e->t);
	}
	return put(e, t->off, t->len, THAI_TERM_WORD, false);
}

static int number(struct emitter *e, const struct thai_tok *t)
{
	const char *p = e->text + t->off;
	size_t i = 0, end = t->len;
	/* what follows the last digit is no part of the number (555+, 199.-, 1.) */
	while (end > 0 && !((unsigned char)p[end - 1] >= '0' && (unsigned char)p[end - 1] <= '9') &&
	       !(end >= 3 && (unsigned char)p[end - 3] == 0xE0 && (unsigned char)p[end - 2] == 0xB9 &&
		 (unsigned char)p[end - 1] >= 0x90 && (unsigned char)p[end - 1] <= 0x99))
		end--;
	while (i < end) {
		uint32_t c = 0;
		size_t l = utf8_decode(p + i, end - i, &c);
		if (l == 0)
			l = 1;
		if (c != ',')
			thai_fold(p + i, l, &e->t);
		i += l;
	}
	return put(e, t->off, t->len, THAI_TERM_NUMBER, false);
}

int thai_terms(const struct thai_dict *d, const char *p, size_t n, unsigned flags, thai_term_fn fn,
	       void *ctx)
{
	struct buf norm;
	buf_init(&norm, n + 1); /* normalising never lengthens */
	struct toks ts = {0};
	struct emitter e = {fn, ctx, {0}, NULL};
	buf_init(&e.t, THAI_TERM_BYTES_MAX);
	int rc = 0;
	size_t len = n;
	if (flags & THAI_TERMS_NORMAL) {
		e.text = p;
	} else {
		if ((rc = thai_normalize_mode(p, n, false, &norm)))
			goto out;
		e.text = buf_cstr(&norm);
		len = norm.len;
	}
	rc = thai_segment(d, e.text, len, collect, &ts);
	for (size_t i = 0; rc == 0 && i < ts.n; i++) {
		const struct thai_tok *t = &ts.v[i];
		size_t k = is_thai(t) ? abbr_pairs(e.text, ts.v, ts.n, i) : 0;
		if (k) {
			for (size_t j = 0; j < k; j++)
				thai_fold(e.text + ts.v[i + 2 * j].off, ts.v[i + 2 * j].len, &e.t);
			const struct thai_tok *last = &ts.v[i + 2 * k - 1];
			rc = put(&e, t->off, last->off + last->len - t->off, THAI_TERM_WORD, false);
			i += 2 * k - 1;
			continue;
		}
		if (is_thai(t) && memchr(e.text + t->off, '.', t->len)) {
			rc = abbreviation(&e, t);
			continue;
		}
		switch (t->kind) {
		case THAI_TOK_WORD:
			rc = put_span(&e, t->off, t->len, THAI_TERM_WORD, false);
			if (rc == 0 && (flags & THAI_TERMS_PARTS) && d)
				rc = compound_parts(&e, d, t->off, t->len, 2);
			break;
		case THAI_TOK_UNKNOWN:
			rc = unknown_run(&e, t, flags);
			break;
		case THAI_TOK_LATIN:
			rc = latin(&e, t);
			break;
		case THAI_TOK_NUMBER:
			rc = number(&e, t);
			break;
		default:
			break;
		}
	}
out:
	free(ts.v);
	buf_release(&e.t);
	buf_release(&norm);
	return rc;
}
