/*
 * snippet: the piece of a hit's text shown under its title, around the
 * densest window of the query's terms, cut and highlighted only at the term
 * boundaries thai_terms finds (never inside a Thai word or character).
 */
#include "search/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "thai/terms.h"

#define SCAN_MAX (64 * 1024) /* bytes of text looked at */
#define WINDOW 420           /* bytes shown, about 140 Thai characters */
#define CONTEXT 90           /* bytes before the first match */
#define MATCHES_MAX 512

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
	for (int i = 0; s->matches < MATCHES_MAX && i < s->nterms; i++) {
		if (strlen(s->terms[i]) == t->n && !memcmp(s->terms[i], t->p, t->n)) {
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

const char *sq_snippet(struct arena *ar, const struct thai_dict *d, const char *text,
		       const char **terms, int nterms, int *matched)
{
	size_t n = strlen(text);
	if (n > SCAN_MAX)
		n = char_floor(text, SCAN_MAX);
	struct scan s = {terms, nterms, NULL, 0, 0, 0};
	struct buf out;
	buf_init(&out, 8 * WINDOW);
	const char *res = NULL;
	*matched = 0;
	if (thai_terms(d, text, n, 0, on_term, &s))
		goto out;
	*matched = s.matches;
	/* The window starting at a match that holds the most distinct terms. */
	size_t best = 0;
	int best_score = -1;
	for (size_t i = 0; i < s.n; i++) {
		if (s.v[i].term < 0)
			continue;
		unsigned char seen[64] = {0};
		int score = 0;
		for (size_t j = i; j < s.n && s.v[j].off + s.v[j].len - s.v[i].off <= WINDOW; j++) {
			int t = s.v[j].term;
			if (t < 0)
				continue;
			score += 1 + (t < 64 && !seen[t]) * 16;
			if (t < 64)
				seen[t] = 1;
		}
		if (score > best_score) {
			best_score = score;
			best = i;
		}
	}
	/* Start a little before it, at a term, and end at a term. */
	size_t first = best;
	while (best_score >= 0 && first > 0 && s.v[best].off - s.v[first - 1].off <= CONTEXT)
		first--;
	size_t start = s.n ? s.v[first].off : 0, end = start;
	size_t last = first;
	for (size_t j = first; j < s.n && s.v[j].off + s.v[j].len - start <= WINDOW; j++) {
		end = s.v[j].off + s.v[j].len;
		last = j + 1;
	}
	if (first > 0 || start > 0)
		buf_puts(&out, "… ");
	size_t at = start;
	for (size_t j = first; j < last; j++) {
		if (s.v[j].term < 0)
			continue;
		buf_put_html(&out, text + at, s.v[j].off - at);
		buf_puts(&out, "<mark>");
		buf_put_html(&out, text + s.v[j].off, s.v[j].len);
		buf_puts(&out, "</mark>");
		at = s.v[j].off + s.v[j].len;
	}
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
