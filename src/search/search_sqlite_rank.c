/*
 * search_sqlite_rank: klang_rank(), the FTS5 ranking function of the
 * SQLite backend. BM25 per query word (a group of spellings scores as its
 * best spelling), with per-column weights, the words' document counts
 * handed in by the planner (FTS5's own bm25() would read every posting
 * list of the query again for them); a word found only as a part of a
 * compound (THAI_PART_MARK) scores less than the word itself.
 *
 * SQL: klang_rank(search_fts, MAP [, LEN, AVGLEN]) where MAP lists, for
 * each phrase of the MATCH expression in order, "group:df" or
 * "group:df:p" (a compound's part), and LEN / AVGLEN are the document's
 * length in tokens and the average (search_sqlite.c builds all of them).
 *
 * klang_freq(search_fts): the weighted frequency of the query's first
 * phrase in the row (what klang_rank counts for it), for the postings the
 * query planner keeps in memory; sq_rank_* give the same BM25 to them.
 */
#include "search/search_int.h"
#include "search/search_sqlite_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* BM25's parameters (k1 below the usual 1.2: a word said once in a short
 * paragraph matters nearly as much as one repeated) and the columns'
 * weights (title, summary, body, tags, attachments): a title word counts
 * as much as several body words. */
#define K1 0.9
#define B 0.75
/* A query word found only as a part of a compound scores this share. */
#define PART_WEIGHT 0.3
static const double col_weight[] = {8.0, 4.0, 1.0, 5.0, 0.6};

#define PHRASES_MAX 256

/* Set by the caller for the rows of one query (sq_rank_facts). */
static _Thread_local const struct sq_facts *rank_facts;

struct rank_query {
	int nphrase;
	int ngroups;
	int group[PHRASES_MAX];
	double idf[PHRASES_MAX];
	double weight[PHRASES_MAX]; /* 1, or PART_WEIGHT for a word as a compound's part */
	double avgdl;
};

static void rank_query_free(void *p)
{
	sqlite3_free(p);
}

double sq_rank_idf(int64_t n, int64_t df)
{
	if (df < 0)
		df = 0;
	if (df > n)
		df = n;
	/* always positive: a word in most documents still counts a little */
	return log(1.0 + ((double)n - (double)df + 0.5) / ((double)df + 0.5));
}

/* Parses the map once per query (kept as the query's aux data). */
static struct rank_query *rank_query_get(const Fts5ExtensionApi *api, Fts5Context *fts, const char *map)
{
	struct rank_query *q = api->xGetAuxdata(fts, 0);
	if (q)
		return q;
	q = sqlite3_malloc(sizeof *q);
	if (!q)
		return NULL;
	memset(q, 0, sizeof *q);
	sqlite3_int64 rows = 0, total = 0;
	api->xRowCount(fts, &rows);
	api->xColumnTotalSize(fts, -1, &total);
	q->avgdl = rows > 0 ? (double)total / (double)rows : 1.0;
	if (q->avgdl <= 0)
		q->avgdl = 1.0;
	q->nphrase = api->xPhraseCount(fts);
	if (q->nphrase > PHRASES_MAX)
		q->nphrase = PHRASES_MAX;
	const char *p = map ? map : "";
	for (int i = 0; i < q->nphrase; i++) {
		char *end = NULL;
		long g = strtol(p, &end, 10);
		long long df = rows / 2;
		q->weight[i] = 1.0;
		if (end && *end == ':') {
			df = strtoll(end + 1, &end, 10);
			if (end && end[0] == ':' && end[1] == 'p') {
				q->weight[i] = PART_WEIGHT;
				end += 2;
			}
			p = end && *end == ',' ? end + 1 : end ? end : p;
		} else {
			g = i; /* no map: each phrase its own group */
		}
		q->group[i] = (int)g;
		q->idf[i] = sq_rank_idf(rows, df);
		if (g >= q->ngroups)
			q->ngroups = (int)g + 1;
	}
	if (api->xSetAuxdata(fts, q, rank_query_free) != SQLITE_OK)
		return NULL;
	return q;
}

double sq_rank_part_weight(void)
{
	return PART_WEIGHT;
}

double sq_rank_norm(double ratio)
{
	return K1 * (1.0 - B + B * ratio);
}

double sq_rank_phrase(double weight, double idf, double freq, double norm)
{
	return weight * idf * freq * (K1 + 1.0) / (freq + norm);
}

/* The weighted frequency of phrase `ph` in the row. */
static double phrase_freq(const Fts5ExtensionApi *api, Fts5Context *fts, int ph)
{
	Fts5PhraseIter it;
	int col = -1, off = -1;
	double freq = 0;
	if (api->xPhraseFirst(fts, ph, &it, &col, &off) != SQLITE_OK)
		return 0;
	for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off))
		freq += col < (int)(sizeof col_weight / sizeof col_weight[0]) ? col_weight[col] : 1.0;
	return freq;
}

static void klang_freq(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		       sqlite3_value **val)
{
	(void)nval;
	(void)val;
	sqlite3_result_double(ctx, api->xPhraseCount(fts) > 0 ? phrase_freq(api, fts, 0) : 0);
}

static void klang_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		       sqlite3_value **val)
{
	const char *map = nval > 0 ? (const char *)sqlite3_value_text(val[0]) : "";
	struct rank_query *q = rank_query_get(api, fts, map);
	if (!q) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	/* Each phrase's occurrences in this row, one phrase at a time: FTS5
	 * then reads only the position lists asked for (xInstCount would read
	 * every phrase's), and a phrase already known to be absent is skipped. */
	double freq[PHRASES_MAX] = {0};
	for (int ph = 0; ph < q->nphrase; ph++)
		freq[ph] = phrase_freq(api, fts, ph);
	/* The document's length against the average: given by the caller
	 * (from the narrow table it joins anyway), else read per row. */
	double ratio;
	if (nval >= 3 && sqlite3_value_double(val[2]) > 0) {
		double len = rank_facts ? (double)sq_facts_len(rank_facts, api->xRowid(fts)) : sqlite3_value_double(val[1]);
		ratio = len / sqlite3_value_double(val[2]);
	} else {
		int dl = 0;
		api->xColumnSize(fts, -1, &dl);
		ratio = (double)dl / q->avgdl;
	}
	double norm = sq_rank_norm(ratio);
	/* Each group scores as its best phrase. */
	double best[PHRASES_MAX] = {0};
	for (int ph = 0; ph < q->nphrase; ph++) {
		int g = q->group[ph];
		if (g < 0 || g >= PHRASES_MAX || freq[ph] <= 0)
			continue;
		double s = sq_rank_phrase(q->weight[ph], q->idf[ph], freq[ph], norm);
		if (s > best[g])
			best[g] = s;
	}
	double score = 0;
	for (int g = 0; g < q->ngroups && g < PHRASES_MAX; g++)
		score += best[g];
	sqlite3_result_double(ctx, score);
}

void sq_rank_facts(const struct sq_facts *f)
{
	rank_facts = f;
}

int sq_rank_register(fts5_api *api)
{
	if (api->xCreateFunction(api, "klang_rank", NULL, klang_rank, NULL) != SQLITE_OK)
		return -1;
	return api->xCreateFunction(api, "klang_freq", NULL, klang_freq, NULL) == SQLITE_OK ? 0 : -1;
}
