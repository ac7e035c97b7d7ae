/*
 * rerank: the first hits ordered again with what words miss: the query's
 * character trigrams found in each hit's title and body, each weighted by
 * how few of those hits hold it. Thai spelling varies inside words
 * (transliterations, compounds cut differently in question and answer);
 * letters shared across such differences still count.
 */
#include "search/search_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "store/db.h"

#define QTRI_MAX 256
#define TEXT_MAX (16 * 1024) /* bytes of a hit's text looked at */

static bool letter(uint32_t c)
{
	return (c >= 0x0E01 && c <= 0x0E4E) || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static uint32_t lower(uint32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Walks the trigrams of letters of a text (three letters in a row, as
 * packed code points; anything else breaks a run). */
struct tri_iter {
	const char *p;
	size_t n, i;
	uint32_t w[3];
	int have;
};

static bool tri_next(struct tri_iter *it, uint64_t *out)
{
	while (it->i < it->n) {
		uint32_t c = 0;
		size_t l;
		const unsigned char *q = (const unsigned char *)it->p + it->i;
		if (q[0] < 0x80) {
			c = q[0]; /* ASCII and the Thai block (E0 B8/B9 xx), the bulk, decoded here */
			l = 1;
		} else if (q[0] == 0xE0 && it->i + 2 < it->n && (q[1] == 0xB8 || q[1] == 0xB9) &&
			   (q[2] & 0xC0) == 0x80) {
			c = 0x0E00 | (uint32_t)(q[1] & 0x01) << 6 | (q[2] & 0x3F);
			l = 3;
		} else {
			l = utf8_decode(it->p + it->i, it->n - it->i, &c);
		}
		it->i += l ? l : 1;
		if (!l || !letter(c)) {
			it->have = 0;
			continue;
		}
		it->w[0] = it->w[1];
		it->w[1] = it->w[2];
		it->w[2] = lower(c);
		if (++it->have >= 3) {
			*out = (uint64_t)it->w[0] << 42 | (uint64_t)it->w[1] << 21 | it->w[2];
			return true;
		}
	}
	return false;
}

/* The trigrams of p[0..n) into v (at most max), unsorted, with repeats. */
static size_t trigrams(const char *p, size_t n, uint64_t *v, size_t max)
{
	struct tri_iter it = {p, n, 0, {0}, 0};
	size_t k = 0;
	uint64_t x;
	while (k < max && tri_next(&it, &x))
		v[k++] = x;
	return k;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static size_t uniq(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	}
	return k;
}

/* The query's trigrams in an open-addressing table: slot → index + 1. */
#define QSLOTS 1024

struct qset {
	uint64_t key[QSLOTS];
	short idx[QSLOTS];
};

static size_t slot_of(uint64_t x)
{
	return (size_t)((x * 0x9E3779B97F4A7C15ull) >> 54) & (QSLOTS - 1);
}

static void qset_put(struct qset *s, uint64_t x, int idx)
{
	size_t i = slot_of(x);
	while (s->idx[i])
		i = (i + 1) & (QSLOTS - 1);
	s->key[i] = x;
	s->idx[i] = (short)(idx + 1);
}

static int qset_find(const struct qset *s, uint64_t x)
{
	for (size_t i = slot_of(x); s->idx[i]; i = (i + 1) & (QSLOTS - 1)) {
		if (s->key[i] == x)
			return s->idx[i] - 1;
	}
	return -1;
}

/* A letter's bit in a set of 256 (letters are ASCII or 0x0E01-0x0E4E). */
static size_t letter_bit(uint32_t c)
{
	return c < 0x80 ? c : 0x80 + (c - 0x0E00);
}

/* Marks in found[] the query trigrams that p[0..n) holds: tri_next's
 * walk, with each letter the query lacks (not in `in`, by letter_bit)
 * breaking the run at once, as no trigram holding it can be the query's:
 * most of a text's trigrams are then never looked up. */
static void scan(const char *p, size_t n, const struct qset *qs, const uint64_t in[4], unsigned char *found)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	uint32_t w1 = 0, w2 = 0;
	int have = 0;
	while (i < n) {
		uint32_t c = 0;
		size_t l;
		if (s[i] < 0x80) {
			c = s[i];
			l = 1;
		} else if (s[i] == 0xE0 && i + 2 < n && (s[i + 1] == 0xB8 || s[i + 1] == 0xB9) && (s[i + 2] & 0xC0) == 0x80) {
			c = 0x0E00 | (uint32_t)(s[i + 1] & 0x01) << 6 | (s[i + 2] & 0x3F);
			l = 3;
		} else {
			l = utf8_decode(p + i, n - i, &c);
		}
		i += l ? l : 1;
		if (!l || !letter(c)) {
			have = 0;
			continue;
		}
		c = lower(c);
		size_t b = letter_bit(c);
		if (!(in[b >> 6] >> (b & 63) & 1)) {
			have = 0;
			continue;
		}
		if (++have >= 3) {
			int k = qset_find(qs, (uint64_t)w1 << 42 | (uint64_t)w2 << 21 | c);
			if (k >= 0)
				found[k] = 1;
		}
		w1 = w2;
		w2 = c;
	}
}

int sq_rerank(struct db *db, const char *query, struct sq_hit *rows, int n, double weight)
{
	if (n < 2 || weight <= 0)
		return 0;
	uint64_t q[QTRI_MAX];
	size_t nq = uniq(q, trigrams(query, strlen(query), q, QTRI_MAX));
	if (nq == 0)
		return 0;
	unsigned char *hit = calloc((size_t)n * nq, 1);
	struct qset *qs = calloc(1, sizeof *qs);
	int rc = hit && qs ? 0 : ERR_NOMEM;
	uint64_t in[4] = {0};
	for (size_t k = 0; rc == 0 && k < nq; k++) {
		qset_put(qs, q[k], (int)k);
		for (int j = 0; j < 3; j++) {
			size_t b = letter_bit((uint32_t)(q[k] >> (21 * j)) & 0x1FFFFF);
			in[b >> 6] |= (uint64_t)1 << (b & 63);
		}
	}
	for (int d = 0; rc == 0 && d < n; d++) {
		struct db_stmt *st = NULL;
		rc = db_query(db, "SELECT title, body FROM search_text WHERE id = $1", DB_ARGS(DB_INT(rows[d].id)), &st);
		if (rc == 0 && db_step(st) == DB_ROW) {
			for (int col = 0; col < 2; col++) {
				size_t len = 0;
				const char *text = db_col_text(st, col, &len);
				scan(text, len < TEXT_MAX ? len : TEXT_MAX, qs, in, hit + (size_t)d * nq);
			}
		}
		db_done(st);
	}
	if (rc == 0) {
		/* each trigram's weight: rarer among these hits, heavier */
		double w[QTRI_MAX], all = 0;
		for (size_t k = 0; k < nq; k++) {
			int df = 0;
			for (int d = 0; d < n; d++)
				df += hit[(size_t)d * nq + k];
			w[k] = log(1.0 + (double)n / (df ? df : 1));
			all += w[k];
		}
		for (int d = 0; d < n; d++) {
			double sum = 0;
			for (size_t k = 0; k < nq; k++)
				sum += hit[(size_t)d * nq + k] ? w[k] : 0;
			rows[d].score += weight * (all > 0 ? sum / all : 0);
		}
		/* insertion sort: a few dozen rows */
		for (int i = 1; i < n; i++) {
			struct sq_hit v = rows[i];
			int j = i;
			while (j > 0 && sq_hit_before(&v, &rows[j - 1])) {
				rows[j] = rows[j - 1];
				j--;
			}
			rows[j] = v;
		}
	}
	free(hit);
	free(qs);
	return rc;
}
