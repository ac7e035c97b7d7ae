/*
 * query: the query syntax (words, "phrases", -exclusions) parsed into groups
 * of alternatives over the same terms the index holds (thai_terms).
 */
#include "search/search_int.h"

#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "search/search.h"
#include "thai/terms.h"

/* Question words: a question asks with them, the answer does not hold
 * them, so as query words they only find other questions. Left out of a
 * query that has other words (a phrase keeps them). */
static const char *const question_words[] = {
	"อะไร", "ใด", "ใคร", "ไหน", "ที่ไหน", "เท่าไร", "เท่าไหร่", "เท่าใด", "กี่", "อย่างไร", "ยังไง",
	"ทำไม", "เพราะอะไร", "เมื่อไร", "เมื่อไหร่", "เมื่อใด", "หรือไม่", "หรือเปล่า", "ไหม", "มั้ย", "บ้าง",
	"คืออะไร", "อันใด", "ผู้ใด", "สิ่งใด", "แห่งใด", "ประการใด",
};

static bool question_word(const char *t)
{
	for (size_t i = 0; i < sizeof question_words / sizeof question_words[0]; i++) {
		if (!strcmp(question_words[i], t))
			return true;
	}
	return false;
}

struct collect {
	struct arena *ar;
	const char *terms[SQ_TERMS_MAX * 4];
	enum thai_term_kind kinds[SQ_TERMS_MAX * 4];
	int n;
};

static int on_term(void *ctx, const struct thai_term *t)
{
	struct collect *c = ctx;
	if (c->n == (int)(sizeof c->terms / sizeof c->terms[0]))
		return 0; /* the rest of an overlong word is ignored */
	char *s = arena_strndup(c->ar, t->p, t->n);
	if (!s)
		return ERR_NOMEM;
	c->kinds[c->n] = t->kind;
	c->terms[c->n++] = s;
	return 0;
}

int sq_alt_add(struct arena *ar, struct sq_group *g, const char **terms, int nterms, bool phrase)
{
	if (nterms <= 0)
		return 0;
	if (nterms > SQ_TERMS_MAX)
		nterms = SQ_TERMS_MAX;
	if (g->nalts == g->cap) {
		int cap = g->cap ? g->cap * 2 : 4;
		struct sq_alt *a = arena_calloc(ar, (size_t)cap, sizeof *a);
		if (!a)
			return ERR_NOMEM;
		if (g->nalts)
			memcpy(a, g->alts, (size_t)g->nalts * sizeof *a);
		g->alts = a;
		g->cap = cap;
	}
	const char **t = arena_calloc(ar, (size_t)nterms, sizeof *t);
	if (!t)
		return ERR_NOMEM;
	memcpy(t, terms, (size_t)nterms * sizeof *t);
	g->alts[g->nalts++] = (struct sq_alt){t, nterms, phrase, false, 0};
	return 0;
}

/* Words in sequence also as one: the documents may write them together
 * as one dictionary word (ภาษี ป้าย → ภาษีป้าย), which is then one term. */
static int add_joined(struct arena *ar, struct sq_group *g, const char **seq, int n)
{
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += strlen(seq[i]);
	char *joined = arena_alloc(ar, len + 1);
	if (!joined)
		return ERR_NOMEM;
	joined[0] = 0;
	size_t at = 0;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(seq[i]);
		memcpy(joined + at, seq[i], l);
		at += l;
	}
	joined[at] = 0;
	const char *one = joined;
	return sq_alt_add(ar, g, &one, 1, true);
}

static struct sq_group *group_new(struct sq_plan *p, bool neg)
{
	if (p->ngroups == SQ_GROUPS_MAX)
		return NULL;
	struct sq_group *g = &p->groups[p->ngroups++];
	memset(g, 0, sizeof *g);
	g->neg = neg;
	if (!neg)
		p->npos++;
	return g;
}

/* One item of the query: a word (possibly several Thai words written
 * together) or a phrase, maybe excluded. */
static int item(struct arena *ar, const struct thai_dict *d, struct sq_plan *p, const char *s, size_t n,
		bool phrase, bool neg)
{
	struct collect c = {.ar = ar};
	int rc = thai_terms(d, s, n, THAI_TERMS_UNITS, on_term, &c);
	if (rc)
		return rc;
	if (phrase || neg) {
		/* one group: the words in order (units are not positions) */
		const char *seq[SQ_TERMS_MAX];
		int k = 0;
		for (int i = 0; i < c.n && k < SQ_TERMS_MAX; i++) {
			if (c.kinds[i] != THAI_TERM_UNIT)
				seq[k++] = c.terms[i];
		}
		if (k == 0)
			return 0;
		struct sq_group *g = group_new(p, neg);
		if (!g)
			return 0;
		if ((rc = sq_alt_add(ar, g, seq, k, true)))
			return rc;
		return k > 1 ? add_joined(ar, g, seq, k) : 0;
	}
	/* Several words written together (คุกรุ่น: คุก, รุ่น): any of them finds,
	 * all of them side by side score more. */
	const char *seq[SQ_TERMS_MAX];
	int words = 0;
	for (int i = 0; i < c.n && words < SQ_TERMS_MAX; i++) {
		if (c.kinds[i] != THAI_TERM_UNIT)
			seq[words++] = c.terms[i];
	}
	if (words >= 2 && words <= 4) {
		struct sq_group *g = group_new(p, false);
		if (!g)
			return 0;
		g->bonus = true;
		if ((rc = sq_alt_add(ar, g, seq, words, true)) || (rc = add_joined(ar, g, seq, words)))
			return rc;
	}
	for (int i = 0; i < c.n; i++) {
		if (c.kinds[i] == THAI_TERM_UNIT)
			continue;
		struct sq_group *g = group_new(p, false);
		if (!g)
			return 0;
		g->unknown = c.kinds[i] == THAI_TERM_UNKNOWN;
		if ((rc = sq_alt_add(ar, g, &c.terms[i], 1, true)))
			return rc;
		/* a dictionary word: also as a part of the compounds that hold it */
		if (c.kinds[i] == THAI_TERM_WORD) {
			const char *part = arena_printf(ar, "%c%s", THAI_PART_MARK, c.terms[i]);
			if (!part)
				return ERR_NOMEM;
			if ((rc = sq_alt_add(ar, g, &part, 1, true)))
				return rc;
			g->alts[g->nalts - 1].part = true;
		}
		/* an unknown run: also all of its cluster pairs, anywhere */
		int j = i + 1;
		while (j < c.n && c.kinds[j] == THAI_TERM_UNIT)
			j++;
		if (j - i - 1 >= 2 && (rc = sq_alt_add(ar, g, &c.terms[i + 1], j - i - 1, false)))
			return rc;
	}
	return 0;
}

static bool space_at(const char *q, size_t i)
{
	unsigned char c = (unsigned char)q[i];
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A double quote: ASCII or the curly ones (“ ”) phones type. */
static size_t quote_len(const char *q, size_t i, size_t n)
{
	if (q[i] == '"')
		return 1;
	if (i + 2 < n && (unsigned char)q[i] == 0xE2 && (unsigned char)q[i + 1] == 0x80 &&
	    ((unsigned char)q[i + 2] == 0x9C || (unsigned char)q[i + 2] == 0x9D))
		return 3;
	return 0;
}

int sq_parse(struct arena *ar, const struct thai_dict *d, const char *q, struct sq_plan *p)
{
	memset(p, 0, offsetof(struct sq_plan, norm));
	buf_init(&p->norm, SEARCH_QUERY_MAX * 2);
	size_t n = q ? strlen(q) : 0;
	if (n > SEARCH_QUERY_MAX)
		return err_fail(ERR_INVAL, "q", "คำค้นยาวเกินไป (ไม่เกิน 500 ไบต์)",
				"The query is too long (500 bytes at most).");
	if (!utf8_valid_text(q ? q : "", n))
		return err_fail(ERR_INVAL, "q", "คำค้นมีอักขระที่ไม่ถูกต้อง", "The query holds invalid characters.");
	size_t i = 0;
	int items = 0, rc = 0;
	while (i < n && rc == 0) {
		while (i < n && space_at(q, i))
			i++;
		if (i >= n)
			break;
		if (++items > SEARCH_QUERY_ITEMS)
			break;
		bool neg = false;
		if (q[i] == '-' && i + 1 < n && !space_at(q, i + 1)) {
			neg = true;
			i++;
		}
		size_t ql = quote_len(q, i, n);
		size_t start, end;
		if (ql) {
			start = i + ql;
			end = start;
			while (end < n && !quote_len(q, end, n))
				end++;
			i = end < n ? end + quote_len(q, end, n) : end;
		} else {
			start = i;
			while (i < n && !space_at(q, i))
				i++;
			end = i;
		}
		if (end > start)
			rc = item(ar, d, p, q + start, end - start, ql > 0, neg);
		if (rc == 0 && end > start) {
			if (p->norm.len)
				buf_putc(&p->norm, ' ');
			if (neg)
				buf_putc(&p->norm, '-');
			if (ql)
				buf_putc(&p->norm, '"');
			thai_fold(q + start, end - start, &p->norm);
			if (ql)
				buf_putc(&p->norm, '"');
		}
	}
	/* Question words go when other words remain. */
	int others = 0;
	for (int g = 0; g < p->ngroups; g++) {
		const struct sq_group *x = &p->groups[g];
		others += !x->neg && !(x->nalts >= 1 && x->alts[0].nterms == 1 && question_word(x->alts[0].terms[0]));
	}
	if (rc == 0 && others > 0 && others < p->npos) {
		int k = 0;
		for (int g = 0; g < p->ngroups; g++) {
			const struct sq_group *x = &p->groups[g];
			if (!x->neg && x->nalts >= 1 && x->alts[0].nterms == 1 && question_word(x->alts[0].terms[0]))
				continue;
			p->groups[k++] = p->groups[g];
		}
		p->ngroups = k;
		p->npos = others;
	}
	if (rc == 0 && p->npos == 0)
		rc = err_fail(ERR_INVAL, "q", "กรุณาพิมพ์คำที่ต้องการค้นหา", "Type the words to search for.");
	return rc ? rc : buf_err(&p->norm);
}

void sq_plan_release(struct sq_plan *p)
{
	buf_release(&p->norm);
}

int sq_terms(struct arena *ar, const struct sq_plan *p, const char ***terms, int *n)
{
	int count = 0;
	for (int g = 0; g < p->ngroups; g++) {
		for (int a = 0; !p->groups[g].neg && a < p->groups[g].nalts; a++)
			count += p->groups[g].alts[a].nterms;
	}
	const char **t = arena_calloc(ar, (size_t)count + 1, sizeof *t);
	if (!t)
		return ERR_NOMEM;
	int k = 0;
	for (int g = 0; g < p->ngroups; g++) {
		for (int a = 0; !p->groups[g].neg && a < p->groups[g].nalts; a++) {
			const struct sq_alt *alt = &p->groups[g].alts[a];
			for (int j = 0; alt->phrase && !alt->part && j < alt->nterms; j++) {
				bool seen = false;
				for (int x = 0; x < k && !seen; x++)
					seen = !strcmp(t[x], alt->terms[j]);
				if (!seen)
					t[k++] = alt->terms[j];
			}
		}
	}
	*terms = t;
	*n = k;
	return 0;
}

int sq_distance(const char *a, const char *b, int max)
{
	uint32_t x[64], y[64];
	size_t na = 0, nb = 0, i = 0, la = strlen(a), lb = strlen(b);
	while (i < la && na < 64) {
		size_t l = utf8_decode(a + i, la - i, &x[na]);
		if (!l)
			return max + 1;
		i += l;
		na++;
	}
	for (i = 0; i < lb && nb < 64; nb++) {
		size_t l = utf8_decode(b + i, lb - i, &y[nb]);
		if (!l)
			return max + 1;
		i += l;
	}
	if ((na > nb ? na - nb : nb - na) > (size_t)max)
		return max + 1;
	int row[65];
	for (size_t j = 0; j <= nb; j++)
		row[j] = (int)j;
	for (size_t r = 1; r <= na; r++) {
		int diag = row[0], best = (int)r;
		row[0] = (int)r;
		for (size_t j = 1; j <= nb; j++) {
			int up = row[j];
			int v = diag + (x[r - 1] != y[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return row[nb] > max ? max + 1 : row[nb];
}
