/*
 * snippet: the piece of a hit's text shown under its title, around the
 * densest window of the query's terms, cut and highlighted only at the term
 * boundaries thai_terms finds (never inside a Thai word or character).
 */
#include "search/search_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "thai/terms.h"

#define SCAN_MAX (64 * 1024) /* bytes of text looked at */
#define WINDOW 420           /* bytes shown, about 140 Thai characters */
#define CONTEXT 90           /* bytes before the first match */
#define MATCHES_MAX 512
#define WHOLE_MAX 1024      /* bytes of a text cut whole (a longer one: around its terms) */
#define REGION_TERMS 4      /* query terms looked for to place the window */

struct span {
	size_t off, len;
	int term; /* index in the query's terms, -1 for other terms */
};

struct scan {
	const char **terms;
	int nterms;
	struct span *v; /* every term of the text */
	size_t n, cap;
	int matches;
};

static int on_term(void *ctx, const struct thai_term *t)
{
	struct scan *s = ctx;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 512;
		struct span *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return ERR_NOMEM;
		s->v = v;
		s->cap = cap;
	}
	int which = -1;
	const char *tp = t->p;
	size_t tn = t->n;
	if (tn > 1 && tp[0] == THAI_PART_MARK) {
		tp++;
		tn--;
	}
	for (int i = 0; s->matches < MATCHES_MAX && i < s->nterms; i++) {
		if (strlen(s->terms[i]) == tn && !memcmp(s->terms[i], tp, tn)) {
			which = i;
			s->matches++;
			break;
		}
	}
	s->v[s->n++] = (struct span){t->off, t->len, which};
	return 0;
}

/* The largest n' ≤ n that does not cut a UTF-8 sequence. */
static size_t char_floor(const char *p, size_t n)
{
	while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Whether byte i of p starts a position where a snippet may begin or end
 * cleanly without segmenting what is before it: after white space. */
static bool after_space(const char *p, size_t i)
{
	return i == 0 || p[i - 1] == ' ' || p[i - 1] == '\n' || p[i - 1] == '\t' || p[i - 1] == '\r';
}

static const char *find_term(const char *p, size_t n, const char *t, size_t tn)
{
	if (tn == 0 || tn > n)
		return NULL;
	/* Latin terms are folded: look for them without regard to case. */
	if (((unsigned char)t[0] >= 'a' && (unsigned char)t[0] <= 'z')) {
		for (size_t i = 0; i + tn <= n; i++) {
			if (strncasecmp(p + i, t, tn) == 0)
				return p + i;
		}
		return NULL;
	}
	return memmem(p, n, t, tn);
}

/* The region of the text worth cutting into words: around the densest
 * window of the terms' occurrences (found as bytes; the words are checked
 * when the region is segmented), so a long text is not segmented whole. */
static void region(const char *text, size_t n, const char **terms, int nterms, size_t *a, size_t *b)
{
	size_t occ[MATCHES_MAX];
	int which[MATCHES_MAX], k = 0;
	/* the longest terms (the likeliest to be rare) place the window */
	int pick[REGION_TERMS], npick = 0;
	for (int t = 0; t < nterms && t < 64; t++) {
		size_t tn = strlen(terms[t]);
		if (tn < 4)
			continue; /* one Thai letter or a short Latin word: too common to place a window */
		int at = npick < REGION_TERMS ? npick++ : REGION_TERMS;
		while (at > 0 && strlen(terms[pick[at - 1]]) < tn) {
			if (at < REGION_TERMS)
				pick[at] = pick[at - 1];
			at--;
		}
		if (at < REGION_TERMS)
			pick[at] = t;
	}
	for (int i = 0; i < npick; i++) {
		int t = pick[i];
		size_t tn = strlen(terms[t]);
		const char *p = text;
		for (int c = 0; c < 3 && k < MATCHES_MAX; c++) {
			const char *hit = find_term(p, n - (size_t)(p - text), terms[t], tn);
			if (!hit)
				break;
			occ[k] = (size_t)(hit - text);
			which[k++] = t;
			p = hit + tn;
		}
	}
	size_t best = 0;
	int best_score = -1;
	for (int i = 0; i < k; i++) {
		uint64_t seen = 0;
		int score = 0;
		for (int j = 0; j < k; j++) {
			if (occ[j] < occ[i] || occ[j] - occ[i] > WINDOW)
				continue;
			score += 1 + (!(seen >> which[j] & 1)) * 16;
			seen |= (uint64_t)1 << which[j];
		}
		if (score > best_score || (score == best_score && occ[i] < best)) {
			best_score = score;
			best = occ[i];
		}
	}
	size_t slack = 48;
	*a = best > CONTEXT + slack ? best - CONTEXT - slack : 0;
	*b = best + WINDOW + slack < n ? best + WINDOW + slack : n;
	/* prefer to start and end at white space when there is some near */
	for (size_t i = *a; i > 0 && *a - i < slack; i--) {
		if (after_space(text, i)) {
			*a = i;
			break;
		}
	}
	for (size_t i = *b; i < n && i - *b < slack; i++) {
		if (after_space(text, i)) {
			*b = i;
			break;
		}
	}
	while (*a > 0 && ((unsigned char)text[*a] & 0xC0) == 0x80)
		(*a)--;
	while (*b < n && ((unsigned char)text[*b] & 0xC0) == 0x80)
		(*b)++;
}

const char *sq_snippet(struct arena *ar, const struct thai_dict *d, const char *text,
		       const char **terms, int nterms, int *matched)
{
	size_t n = strlen(text);
	if (n > SCAN_MAX)
		n = char_floor(text, SCAN_MAX);
	size_t ra = 0, rb = n;
	if (n > WHOLE_MAX)
		region(text, n, terms, nterms, &ra, &rb);
	struct scan s = {terms, nterms, NULL, 0, 0, 0};
	struct buf out;
	buf_init(&out, 8 * WINDOW);
	const char *res = NULL;
	*matched = 0;
	if (thai_terms(d, text + ra, rb - ra, THAI_TERMS_NORMAL, on_term, &s))
		goto out;
	/* Words cut by the region's edges are not shown. */
	struct span *v = s.v;
	size_t nv = s.n;
	for (size_t i = 0; i < nv; i++)
		v[i].off += ra;
	if (nv && ra > 0 && !after_space(text, ra)) {
		v++;
		nv--;
	}
	if (nv && rb < n && !after_space(text, rb))
		nv--;
	for (size_t i = 0; i < nv; i++)
		*matched += v[i].term >= 0;
	/* The window starting at a match that holds the most distinct terms. */
	size_t best = 0;
	int best_score = -1;
	for (size_t i = 0; i < nv; i++) {
		if (v[i].term < 0)
			continue;
		uint64_t seen = 0;
		int score = 0;
		for (size_t j = i; j < nv && v[j].off + v[j].len - v[i].off <= WINDOW; j++) {
			int t = v[j].term;
			if (t < 0)
				continue;
			score += 1 + (t < 64 && !(seen >> t & 1)) * 16;
			if (t < 64)
				seen |= (uint64_t)1 << t;
		}
		if (score > best_score) {
			best_score = score;
			best = i;
		}
	}
	/* Start a little before it, at a term, and end at a term. */
	size_t first = best;
	while (best_score >= 0 && first > 0 && v[best].off - v[first - 1].off <= CONTEXT)
		first--;
	size_t start = nv ? v[first].off : 0, end = start;
	size_t last = first;
	for (size_t j = first; j < nv && v[j].off + v[j].len - start <= WINDOW; j++) {
		if (v[j].off + v[j].len > end)
			end = v[j].off + v[j].len; /* a part may end inside its word */
		last = j + 1;
	}
	if (start > 0)
		buf_puts(&out, "… ");
	size_t at = start;
	bool open = false;
	for (size_t j = first; j < last; j++) {
		if (v[j].term < 0 || v[j].off < at)
			continue; /* not a query term, or inside one marked already */
		/* terms side by side share one mark (คุก|รุ่น → <mark>คุกรุ่น</mark>) */
		if (open && v[j].off > at) {
			buf_puts(&out, "</mark>");
			open = false;
		}
		buf_put_html(&out, text + at, v[j].off - at);
		if (!open)
			buf_puts(&out, "<mark>");
		open = true;
		buf_put_html(&out, text + v[j].off, v[j].len);
		at = v[j].off + v[j].len;
	}
	if (open)
		buf_puts(&out, "</mark>");
	if (end > at)
		buf_put_html(&out, text + at, end - at);
	if (end < strlen(text))
		buf_puts(&out, " …");
	if (buf_err(&out) == 0)
		res = arena_strndup(ar, buf_cstr(&out), out.len);
out:
	free(s.v);
	buf_release(&out);
	return res;
}
