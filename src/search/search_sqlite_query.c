/*
 * search_sqlite_query: queries over the SQLite backend's index: the engine's
 * expression and the ranking map built from a query's plan, the planner
 * (which words pick the candidates, which score them; word counts cached
 * per process), matching with the reader's access and the filters (on a
 * large index on the words' postings held in memory, search_sqlite_post.c;
 * else by the engine, the best hits kept as rows come), re-ranking,
 * snippets, suggestions, and titles as you type.
 */
#include "search/search.h"
#include "search/search_int.h"
#include "search/search_sqlite_int.h"

#include <pthread.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/str.h"
#include "core/utf8.h"
#include "store/db.h"
#include "store/db_json.h"
#include "thai/normalize.h"
#include "thai/segment.h"
#include "thai/terms.h"

/* Planning: the postings a query may score. Words are taken rarest first
 * until their document counts add up to this; the commonest words of a
 * long query (which BM25 weighs least) are then left out. */
#define PLAN_BUDGET 1000
/* Words in more than 1/SCORE_COMMON_SHARE of the documents do not score a
 * restricted query's candidates (see plan). */
#define SCORE_COMMON_SHARE 20
/* From this many entries on, words in most of them do not pick candidates. */
#define COMMON_MIN_DOCS 100
/* The first RERANK_K hits are ordered again by the query's letters
 * (rerank.c), that evidence weighing RERANK_WEIGHT: as much as a few
 * discriminating words. */
#define RERANK_K 30
#define RERANK_WEIGHT 16.0

#define SUGGEST_SCAN 5000 /* vocabulary terms looked at per unknown word */
#define SUGGEST_MAX 3

/* ---- queries ---- */

void sq_put_term(struct buf *b, const char *t)
{
	buf_putc(b, '"');
	for (const char *p = t; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

/* The engine's query text and, in step, the ranking function's map of its
 * phrases ("group:df" each, comma-separated, in order). */
struct expr {
	struct buf text;
	struct buf map;
	int phrases;
};

static void expr_init(struct expr *e)
{
	buf_init(&e->text, 64 * 1024);
	buf_init(&e->map, 64 * 1024);
	e->phrases = 0;
}

static void expr_release(struct expr *e)
{
	buf_release(&e->text);
	buf_release(&e->map);
}

static int expr_err(const struct expr *e)
{
	return buf_err(&e->text) ? buf_err(&e->text) : buf_err(&e->map);
}

static void put_phrase_map(struct expr *e, int group, int64_t df, bool part)
{
	buf_printf(&e->map, "%s%d:%lld%s", e->phrases++ ? "," : "", group, (long long)df, part ? ":p" : "");
}

static void put_alt(struct expr *e, const struct sq_alt *a, int group, struct db *db);

/* A group: its alternatives that occur at all (the planner counted them). */
static void put_group(struct expr *e, const struct sq_group *g, int group, struct db *db)
{
	int k = 0;
	buf_putc(&e->text, '(');
	for (int i = 0; i < g->nalts; i++) {
		if (g->alts[i].df == 0 && (g->df > 0 || i > 0))
			continue;
		if (k++)
			buf_puts(&e->text, " OR ");
		put_alt(e, &g->alts[i], group, db);
	}
	buf_putc(&e->text, ')');
}


static void put_alt(struct expr *e, const struct sq_alt *a, int group, struct db *db)
{
	buf_putc(&e->text, '(');
	if (a->phrase) {
		/* one phrase: its rarest word stands for it */
		for (int i = 0; i < a->nterms; i++) {
			if (i)
				buf_puts(&e->text, " + ");
			sq_put_term(&e->text, a->terms[i]);
		}
		put_phrase_map(e, group, a->df, a->part);
	} else {
		/* all of them, anywhere: one phrase each */
		for (int i = 0; i < a->nterms; i++) {
			if (i)
				buf_puts(&e->text, " AND ");
			sq_put_term(&e->text, a->terms[i]);
			put_phrase_map(e, group, db ? sq_term_df(db, a->terms[i]) : a->df, false);
		}
	}
	buf_putc(&e->text, ')');
}

/* The engine's query: the positive groups OR-ed (when the plan is
 * restricted, only documents holding one of the rarer words, or all of
 * them when narrowed, scored on the words), then the exclusions. */
static void fts_expr(struct db *db, const struct sq_plan *p, struct expr *e)
{
	int k = 0;
	if (p->restricted) {
		buf_putc(&e->text, '(');
		for (int i = 0; i < p->ngroups; i++) {
			const struct sq_group *g = &p->groups[i];
			if (g->neg || !g->used)
				continue;
			if (k++)
				buf_puts(&e->text, p->narrow ? " AND " : " OR ");
			put_group(e, g, i, db);
		}
		buf_puts(&e->text, ") AND ");
	}
	k = 0;
	buf_putc(&e->text, '(');
	for (int i = 0; i < p->ngroups; i++) {
		const struct sq_group *g = &p->groups[i];
		if (g->neg || g->df == 0 || !g->scored)
			continue;
		if (k++)
			buf_puts(&e->text, " OR ");
		put_group(e, g, i, db);
	}
	buf_putc(&e->text, ')');
	k = 0;
	for (int i = 0; i < p->ngroups; i++) {
		if (!p->groups[i].neg)
			continue;
		buf_puts(&e->text, k++ ? " OR " : " NOT (");
		put_group(e, &p->groups[i], -1, db);
	}
	if (k)
		buf_putc(&e->text, ')');
}

/* Document counts of terms, cached per process: the vocabulary's count
 * reads the term's whole posting list, which for a common word in a large
 * index costs milliseconds. An entry is exact while the index has not
 * changed, and good enough while it has changed fewer times than a
 * twentieth of the count (a count moves by one per change at most), so a
 * rare word's count is read afresh after any change. The cache is a set of
 * DF_WAYS entries per hash; a new entry takes the place of the one with
 * the smallest count, the cheapest to read again. */
#define DF_SETS 16384
#define DF_WAYS 4

struct df_slot {
	uint64_t key;
	int64_t df;
	int64_t version;
};

static struct df_slot df_cache[DF_SETS][DF_WAYS];
static pthread_mutex_t df_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t hash_str(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001B3ull;
	return h;
}

struct df_ctx {
	uint64_t base; /* the database's hash */
	int64_t version;
};

static _Thread_local struct df_ctx df_now;

void sq_df_now(uint64_t *base, int64_t *version)
{
	*base = df_now.base;
	*version = df_now.version;
}

uint64_t sq_df_key(const char *term)
{
	return hash_str(df_now.base, term) | 1; /* 0: an empty slot */
}

/* The set of a key: the hash's high bits (its lowest is always set). */
static struct df_slot *df_set(uint64_t key)
{
	return df_cache[(key >> 32) % DF_SETS];
}

/* Stores a count (under df_lock): in the key's slot, else the emptiest. */
static void df_store(uint64_t key, int64_t df, int64_t version)
{
	struct df_slot *set = df_set(key), *to = &set[0];
	for (int w = 0; w < DF_WAYS; w++) {
		if (set[w].key == key || set[w].key == 0) {
			to = &set[w];
			break;
		}
		if (set[w].df < to->df)
			to = &set[w];
	}
	*to = (struct df_slot){key, df, version};
}

int64_t sq_term_df(struct db *db, const char *term)
{
	uint64_t key = sq_df_key(term);
	struct df_slot *set = df_set(key);
	struct df_slot c = {0, 0, 0};
	pthread_mutex_lock(&df_lock);
	for (int w = 0; w < DF_WAYS; w++) {
		if (set[w].key == key)
			c = set[w];
	}
	pthread_mutex_unlock(&df_lock);
	if (c.key == key && (c.version == df_now.version ||
			     (c.df > 0 && df_now.version > c.version && (df_now.version - c.version) * 20 <= c.df)))
		return c.df;
	int64_t n = 0;
	if (db_query_int(db, "SELECT doc FROM search_vocab WHERE term = $1", DB_ARGS(DB_TEXT(term)), &n)) {
		err_clear();
		n = 0;
	}
	pthread_mutex_lock(&df_lock);
	df_store(key, n, df_now.version);
	pthread_mutex_unlock(&df_lock);
	return n;
}

/* A small index's whole vocabulary goes into the cache at once, the first
 * time a process searches it (one scan instead of a lookup per new word;
 * later changes are followed word by word, as for a large index). */
#define WARM_MAX_DOCS 20000
#define WARM_SLOTS 16

static uint64_t warmed[WARM_SLOTS];
static unsigned warm_next;

static void df_warm(struct db *db)
{
	pthread_mutex_lock(&df_lock);
	bool done = false;
	for (int i = 0; i < WARM_SLOTS && !done; i++)
		done = warmed[i] == df_now.base;
	if (!done)
		warmed[warm_next++ % WARM_SLOTS] = df_now.base;
	pthread_mutex_unlock(&df_lock);
	int64_t docs = sq_meta_int(db, "docs");
	if (done || docs <= 0 || docs > WARM_MAX_DOCS)
		return;
	struct db_stmt *st = NULL;
	int rc = db_query(db, "SELECT term, doc FROM search_vocab", DB_NOARGS, &st);
	for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
		uint64_t key = sq_df_key(db_col_text(st, 0, NULL));
		pthread_mutex_lock(&df_lock);
		df_store(key, db_col_int(st, 1), df_now.version);
		pthread_mutex_unlock(&df_lock);
	}
	db_done(st);
	err_clear();
}

static void df_begin(struct db *db)
{
	const char *file = sqlite3_db_filename(db_native(db), "main");
	df_now.base = hash_str(0xCBF29CE484222325ull, file ? file : "");
	df_now.version = sq_index_version(db);
	df_warm(db);
}

/* Document counts per group (per alternative, its rarest term's; summed),
 * then the groups that pick candidates: rarest first, while their counts
 * add up to at most PLAN_BUDGET (always one). The others still score. */
static void plan(struct db *db, struct sq_plan *p)
{
	df_begin(db);
	int order[SQ_GROUPS_MAX], n = 0;
	for (int i = 0; i < p->ngroups; i++) {
		struct sq_group *g = &p->groups[i];
		g->df = 0;
		for (int a = 0; a < g->nalts; a++) {
			int64_t least = INT64_MAX;
			for (int t = 0; t < g->alts[a].nterms; t++) {
				int64_t df = sq_term_df(db, g->alts[a].terms[t]);
				if (df < least)
					least = df;
			}
			g->alts[a].df = least == INT64_MAX ? 0 : least;
			g->df += g->alts[a].df;
		}
		g->used = false;
		g->scored = true;
		if (!g->neg && !g->bonus && g->df > 0)
			order[n++] = i;
	}
	for (int i = 1; i < n; i++) {
		int v = order[i], j = i;
		while (j > 0 && p->groups[order[j - 1]].df > p->groups[v].df) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
	int64_t sum = 0, docs = sq_meta_int(db, "docs");
	p->restricted = false;
	p->narrow = false;
	for (int i = 0; i < n; i++) {
		struct sq_group *g = &p->groups[order[i]];
		/* beyond the first, a word that most documents of a sizeable index
		 * hold neither picks candidates nor scores them: it tells them apart
		 * by next to nothing, and reading it costs most of the query */
		if (i > 0 && docs >= COMMON_MIN_DOCS && g->df * 2 > docs) {
			g->scored = false;
			continue;
		}
		if (i > 0 && sum + g->df > PLAN_BUDGET) {
			p->restricted = true;
			break;
		}
		sum += g->df;
		g->used = true;
	}
	/* Even the rarest word is common: candidates must hold the two rarest
	 * (search_run relaxes to one when that finds nothing). */
	if (p->restricted && n >= 2 && p->groups[order[0]].df > PLAN_BUDGET) {
		p->groups[order[1]].used = true;
		p->narrow = true;
		p->second = order[1];
	}
	/* Restricted, the candidates are scored on the other words too, but not
	 * on those most documents hold: they weigh little, and reading where
	 * they occur in each candidate is most of a query's time. */
	int64_t common = docs / SCORE_COMMON_SHARE > PLAN_BUDGET ? docs / SCORE_COMMON_SHARE : PLAN_BUDGET;
	for (int i = 0; p->restricted && docs > 0 && i < n; i++) {
		struct sq_group *g = &p->groups[order[i]];
		if (!g->used && g->df > common)
			g->scored = false;
	}
	/* Nor do the side-by-side bonuses: checking a phrase reads the position
	 * lists of all its words, the common ones too. */
	for (int i = 0; p->restricted && i < p->ngroups; i++) {
		if (p->groups[i].bonus)
			p->groups[i].scored = false;
	}
}

static bool plan_empty(const struct sq_plan *p)
{
	for (int i = 0; i < p->ngroups; i++) {
		if (!p->groups[i].neg && p->groups[i].used)
			return false;
	}
	return true;
}

#define VISIBLE                                                                                   \
	" d.org_id = $2 AND ($3 = 1 OR d.visibility = 'public')"                                  \
	" AND (CASE WHEN d.status IN ('published', 'retired')"                                    \
	"   THEN (d.visibility <> 'unit' OR $4 = 1 OR (d.division_id = $5 AND $5 > 0))"           \
	"   ELSE ($4 = 1 OR (d.division_id = $5 AND $5 > 0) OR (d.created_by = $6 AND $6 > 0)) END)" \
	" AND d.status = $7 AND ($8 = '' OR d.kind = $8) AND ($9 = 0 OR d.division_id = $9)"      \
	" AND ($10 = 0 OR d.issues LIKE '%,' || $10 || ',%') AND ($11 = 0 OR d.fy = $11)"         \
	" AND ($12 = 0 OR d.visibility = 'public')"


/* The average tokens of an entry (0 when not counted: the ranking then
 * reads each document's length itself). */
static double avg_len(struct db *db)
{
	int64_t docs = sq_meta_int(db, "docs");
	return docs > 0 ? (double)sq_meta_int(db, "tokens") / (double)docs : 0;
}

/* Keeps hit h among the best `keep` in order. */
void sq_keep_best(struct sq_hit *best, size_t keep, size_t *kept, struct sq_hit h)
{
	if (keep == 0 || (*kept == keep && !sq_hit_before(&h, &best[*kept - 1])))
		return;
	size_t at = *kept < keep ? (*kept)++ : keep - 1;
	while (at > 0 && sq_hit_before(&h, &best[at - 1])) {
		best[at] = best[at - 1];
		at--;
	}
	best[at] = h;
}

/* Runs the expression: the total and the hits of ranks [skip, skip+take).
 * Rows come in the engine's order; the best skip+take are kept in order as
 * they come (SQL's ORDER BY would score each row twice and sort them all). */
static int match(struct db *db, const struct expr *e, const struct search_access *acc,
		 const struct search_filter *f, int64_t skip, int take, struct sq_hit *rows, int *nrows,
		 int64_t *total)
{
	struct db_stmt *st = NULL;
	*nrows = 0;
	*total = 0;
	size_t keep = (size_t)skip + (size_t)take, kept = 0;
	struct sq_hit *best = keep ? malloc(keep * sizeof *best) : NULL;
	if (keep && !best)
		return ERR_NOMEM;
	const char *status = f->status && f->status[0] ? f->status : "published";
	char avg_text[32];
	snprintf(avg_text, sizeof avg_text, "%.3f", avg_len(db));
	/* The facts in memory when they can be had: no lookup per candidate. */
	const struct sq_facts *facts = sq_facts_acquire(db, df_now.base, df_now.version);
	int rc;
	if (facts) {
		sq_rank_facts(facts);
		rc = db_query(db, "SELECT rowid, klang_rank(search_fts, $2, 0, CAST($3 AS REAL)) FROM search_fts"
				  " WHERE search_fts MATCH $1",
			      DB_ARGS(DB_TEXTN(buf_cstr(&e->text), e->text.len), DB_TEXTN(buf_cstr(&e->map), e->map.len),
				      DB_TEXT(avg_text)),
			      &st);
	} else {
		/* each candidate's facts looked up (CROSS: the index first) */
		rc = db_query(db,
			      "SELECT d.id, klang_rank(search_fts, $13, d.len, CAST($14 AS REAL)) FROM search_fts"
			      " CROSS JOIN search_docs d ON d.id = search_fts.rowid"
			      " WHERE search_fts MATCH $1 AND" VISIBLE,
			      DB_ARGS(DB_TEXTN(buf_cstr(&e->text), e->text.len), DB_INT(acc->org_id),
				      DB_INT(acc->logged_in ? 1 : 0), DB_INT(acc->reads_all ? 1 : 0),
				      DB_INT(acc->division_id), DB_INT(acc->account_id), DB_TEXT(status),
				      DB_TEXT(f->kind ? f->kind : ""), DB_INT(f->division_id), DB_INT(f->issue_id),
				      DB_INT(f->fy), DB_INT(f->public_only ? 1 : 0),
				      DB_TEXTN(buf_cstr(&e->map), e->map.len), DB_TEXT(avg_text)),
			      &st);
	}
	for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
		struct sq_hit h = {db_col_int(st, 0), db_col_double(st, 1)};
		if (facts && !sq_facts_visible(facts, h.id, acc, f, status))
			continue;
		(*total)++;
		sq_keep_best(best, keep, &kept, h);
	}
	db_done(st);
	if (facts) {
		sq_rank_facts(NULL);
		sq_facts_release(facts);
	}
	if (rc < 0) {
		log_error("search: query failed: %s", db_errmsg(db));
		free(best);
		return rc;
	}
	for (size_t i = (size_t)skip; i < kept; i++)
		rows[(*nrows)++] = best[i];
	free(best);
	return 0;
}

/* Fills a page of hits: fields and snippets. */
static int hits_fill(struct db *db, struct arena *ar, const struct sq_plan *p, const struct sq_hit *rows,
		     int n, struct search_hit *hits)
{
	const char **terms = NULL;
	int nterms = 0;
	int rc = sq_terms(ar, p, &terms, &nterms);
	for (int i = 0; rc == 0 && i < n; i++) {
		struct db_stmt *st = NULL;
		rc = db_query(db,
			      "SELECT t.title, d.kind, d.status, coalesce(d.unit_id, 0), d.fy, d.updated_at, t.summary, t.body"
			      " FROM search_docs d JOIN search_text t ON t.id = d.id WHERE d.id = $1",
			      DB_ARGS(DB_INT(rows[i].id)), &st);
		if (rc == 0 && (rc = db_step(st)) == DB_ROW) {
			struct search_hit *h = &hits[i];
			h->id = rows[i].id;
			h->score = rows[i].score;
			h->title = arena_strdup(ar, db_col_text(st, 0, NULL));
			h->kind = arena_strdup(ar, db_col_text(st, 1, NULL));
			h->status = arena_strdup(ar, db_col_text(st, 2, NULL));
			h->unit_id = db_col_int(st, 3);
			h->fy = (int)db_col_int(st, 4);
			h->updated_at = db_col_int(st, 5);
			int found = 0;
			h->snippet_html = sq_snippet(ar, search_dict(), db_col_text(st, 7, NULL), terms, nterms, &found);
			const char *summary = db_col_text(st, 6, NULL);
			if (found == 0 && summary[0])
				h->snippet_html = sq_snippet(ar, search_dict(), summary, terms, nterms, &found);
			rc = h->title && h->kind && h->status && h->snippet_html ? 0 : ERR_NOMEM;
		} else if (rc == DB_DONE) {
			rc = ERR_DB; /* the row went away inside our snapshot: cannot be */
		}
		db_done(st);
	}
	return rc;
}

/* The query with group g's first term replaced by `with`: in the query as
 * typed (normalised) when the term is there, else rebuilt from the groups. */
static const char *requery(struct arena *ar, const struct sq_plan *p, int g, const char *with)
{
	const char *term = p->groups[g].alts[0].terms[0];
	const char *norm = buf_cstr(&p->norm);
	const char *at = strstr(norm, term);
	if (at)
		return arena_printf(ar, "%.*s%s%s", (int)(at - norm), norm, with, at + strlen(term));
	struct buf b;
	buf_init(&b, 4 * SEARCH_QUERY_MAX);
	for (int i = 0; i < p->ngroups; i++) {
		const struct sq_group *x = &p->groups[i];
		if (x->nalts < 1 || x->bonus)
			continue;
		if (b.len)
			buf_putc(&b, ' ');
		if (x->neg)
			buf_putc(&b, '-');
		const struct sq_alt *a = &x->alts[0];
		bool quote = a->nterms > 1;
		if (quote)
			buf_putc(&b, '"');
		for (int t = 0; t < a->nterms; t++) {
			if (t)
				buf_putc(&b, ' ');
			buf_puts(&b, i == g ? with : a->terms[t]);
			if (i == g)
				break;
		}
		if (quote)
			buf_putc(&b, '"');
	}
	const char *r = buf_err(&b) ? NULL : arena_strndup(ar, buf_cstr(&b), b.len);
	buf_release(&b);
	return r;
}

/* The vocabulary term nearest to `term` (same first character), or NULL. */
static const char *nearest(struct db *db, struct arena *ar, const char *term)
{
	uint32_t c0;
	size_t l0 = utf8_decode(term, strlen(term), &c0);
	size_t len = utf8_count(term, strlen(term));
	if (!l0 || len < 2)
		return NULL;
	char lo[8], hi[8];
	memcpy(lo, term, l0);
	lo[l0] = 0;
	memcpy(hi, term, l0);
	hi[l0 - 1]++; /* the next code point's encoding: an upper bound */
	hi[l0] = 0;
	int max = len <= 4 ? 1 : 2, best_d = max + 1;
	int64_t best_docs = 0;
	const char *best = NULL;
	struct db_stmt *st = NULL;
	int rc = db_query(db, "SELECT term, doc FROM search_vocab WHERE term >= $1 AND term < $2 LIMIT $3",
			  DB_ARGS(DB_TEXT(lo), DB_TEXT(hi), DB_INT(SUGGEST_SCAN)), &st);
	for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
		const char *cand = db_col_text(st, 0, NULL);
		int64_t docs = db_col_int(st, 1);
		int dist = sq_distance(term, cand, max);
		if (dist == 0 || dist > max)
			continue;
		if (dist < best_d || (dist == best_d && docs > best_docs)) {
			best = arena_strdup(ar, cand);
			best_d = dist;
			best_docs = docs;
		}
	}
	db_done(st);
	return best;
}

/* Suggestions: each word the index lacks replaced by its nearest term;
 * kept only when the new query finds something the user may open. */
static int suggest(struct db *db, struct arena *ar, const struct search_access *acc,
		   const struct search_filter *f, struct sq_plan *p, struct search_result *out)
{
	out->suggestions = arena_calloc(ar, SUGGEST_MAX, sizeof *out->suggestions);
	if (!out->suggestions)
		return ERR_NOMEM;
	for (int g = 0; g < p->ngroups && out->nsuggestions < SUGGEST_MAX; g++) {
		struct sq_group *x = &p->groups[g];
		if (x->neg || x->df > 0 || x->nalts < 1 || x->alts[0].nterms != 1)
			continue;
		const char *near = nearest(db, ar, x->alts[0].terms[0]);
		if (!near)
			continue;
		const char *q = requery(ar, p, g, near);
		if (!q)
			return ERR_NOMEM;
		struct sq_plan p2;
		int rc = sq_parse(ar, search_dict(), q, &p2);
		if (rc == 0)
			rc = sq_expand(db, ar, acc->org_id, &p2);
		if (rc == 0)
			plan(db, &p2);
		if (rc == 0 && p2.narrow) {
			/* any document will do to keep a suggestion */
			p2.narrow = false;
			p2.groups[p2.second].used = false;
		}
		struct expr e;
		expr_init(&e);
		int64_t total = 0;
		int nrows = 0;
		if (rc == 0 && !plan_empty(&p2)) {
			fts_expr(db, &p2, &e);
			rc = expr_err(&e) ? expr_err(&e) : match(db, &e, acc, f, 0, 0, NULL, &nrows, &total);
		}
		expr_release(&e);
		sq_plan_release(&p2);
		err_clear();
		if (rc == 0 && total > 0)
			out->suggestions[out->nsuggestions++] = q;
	}
	return 0;
}

/* The plan's hits: in memory when it can be, else by the engine. */
static int run_plan(struct db *db, const struct sq_plan *p, const struct search_access *acc,
		    const struct search_filter *f, int64_t skip, int take, struct sq_hit *rows, int *nrows,
		    int64_t *total)
{
	bool handled = false;
	int rc = sq_match_memory(db, p, acc, f, skip, take, rows, nrows, total, &handled);
	if (rc || handled)
		return rc;
	struct expr e;
	expr_init(&e);
	fts_expr(db, p, &e);
	rc = expr_err(&e);
	if (rc == 0) {
		log_debug("search: %s [%s]", buf_cstr(&e.text), buf_cstr(&e.map));
		rc = match(db, &e, acc, f, skip, take, rows, nrows, total);
	}
	expr_release(&e);
	return rc;
}

static int run_query(struct db *db, struct arena *ar, const struct search_access *acc,
		     const struct search_filter *f, const char *q, int page, int per_page,
		     struct search_result *out)
{
	memset(out, 0, sizeof *out);
	if (per_page < 1)
		per_page = 10;
	if (per_page > SEARCH_PER_PAGE_MAX)
		per_page = SEARCH_PER_PAGE_MAX;
	if (page < 1)
		page = 1;
	if (page > SEARCH_PAGE_MAX)
		return err_fail(ERR_INVAL, "page", "ดูผลการค้นหาได้ไม่เกิน 100 หน้า", "Results go up to page 100.");
	struct sq_plan p;
	int rc = sq_ensure(db);
	if (rc == 0)
		rc = sq_parse(ar, search_dict(), q, &p);
	else
		buf_init(&p.norm, 1);
	if (rc == 0)
		rc = sq_expand(db, ar, acc->org_id, &p);
	if (rc)
		goto out;
	out->query_norm = arena_strndup(ar, buf_cstr(&p.norm), p.norm.len);
	plan(db, &p);
	/* The first RERANK_K ranks are ordered again (rerank.c): fetch at least
	 * that many when the page falls among them. */
	int64_t skip = (int64_t)(page - 1) * per_page;
	int want = skip < RERANK_K ? (RERANK_K > skip + per_page ? RERANK_K : (int)skip + per_page) : per_page;
	int64_t from = skip < RERANK_K ? 0 : skip;
	struct sq_hit *rows = arena_calloc(ar, (size_t)want, sizeof *rows);
	if (!rows || !out->query_norm) {
		rc = ERR_NOMEM;
		goto out;
	}
	int nrows = 0;
	if (!plan_empty(&p)) {
		rc = run_plan(db, &p, acc, f, from, want, rows, &nrows, &out->total);
		if (rc == 0 && out->total == 0 && p.narrow) {
			/* no document holds both rarest words: relax to the rarest */
			p.narrow = false;
			p.groups[p.second].used = false;
			rc = run_plan(db, &p, acc, f, from, want, rows, &nrows, &out->total);
		}
		if (rc == 0 && from == 0)
			rc = sq_rerank(db, out->query_norm, rows, nrows < RERANK_K ? nrows : RERANK_K, RERANK_WEIGHT);
		if (rc)
			goto out;
		/* the page's slice of what was fetched */
		int first = (int)(skip - from);
		nrows = nrows > first ? nrows - first : 0;
		if (nrows > per_page)
			nrows = per_page;
		memmove(rows, rows + first, (size_t)nrows * sizeof *rows);
	}
	out->hits = arena_calloc(ar, (size_t)(nrows ? nrows : 1), sizeof *out->hits);
	if (!out->hits) {
		rc = ERR_NOMEM;
		goto out;
	}
	if ((rc = hits_fill(db, ar, &p, rows, nrows, out->hits)))
		goto out;
	out->nhits = nrows;
	if (out->total == 0) {
		out->missed = true;
		rc = suggest(db, ar, acc, f, &p, out);
	}
out:
	sq_plan_release(&p);
	return rc;
}

int search_run(struct db *db, struct arena *ar, const struct search_access *acc,
	       const struct search_filter *f, const char *q, int page, int per_page,
	       struct search_result *out)
{
	/* One read snapshot for the whole query unless the caller holds one:
	 * its counts, postings and rows agree, and the lock is taken once
	 * rather than for each of its statements. */
	bool own = !db_in_tx(db);
	if (own && db_begin_read(db)) {
		err_clear();
		own = false;
	}
	int rc = run_query(db, ar, acc, f, q, page, per_page, out);
	if (own)
		db_rollback(db);
	return rc;
}

int search_titles(struct db *db, struct arena *ar, const struct search_access *acc, const char *typed,
		  int limit, struct search_hit **hits, int *nhits)
{
	*hits = NULL;
	*nhits = 0;
	if (limit < 1 || limit > 20)
		limit = 10;
	size_t n = typed ? strlen(typed) : 0;
	if (n == 0 || n > 200 || !utf8_valid_text(typed, n))
		return err_fail(ERR_INVAL, "q", "พิมพ์ชื่อเรื่องที่ต้องการ (ไม่เกิน 200 ไบต์)",
				"Type part of a title (200 bytes at most).");
	int rc = sq_ensure(db);
	if (rc)
		return rc;
	/* The words before the last space as words (or parts of compounds);
	 * what follows it, a word maybe unfinished, as a prefix: of a word, of a
	 * compound's part, or, cut into words, its last one. */
	size_t cut = n;
	while (cut > 0 && typed[cut - 1] != ' ')
		cut--;
	struct sq_plan p, lastp;
	memset(&p, 0, sizeof p);
	memset(&lastp, 0, sizeof lastp);
	struct expr e;
	expr_init(&e);
	struct buf last, part;
	buf_init(&last, 1024);
	buf_init(&part, 1024);
	thai_fold(typed + cut, n - cut, &last);
	buf_putc(&part, THAI_PART_MARK);
	buf_puts(&part, buf_cstr(&last));
	char *head = arena_strndup(ar, typed, cut);
	rc = head ? 0 : ERR_NOMEM;
	if (rc == 0 && str_trim(str_c(head)).len)
		rc = sq_parse(ar, search_dict(), head, &p);
	if (rc == 0 && last.len)
		rc = sq_parse(ar, search_dict(), buf_cstr(&last), &lastp);
	if (rc)
		goto out;
	plan(db, &p); /* the counts tell which spellings occur at all */
	plan(db, &lastp);
	buf_puts(&e.text, "{title} : (");
	int k = 0;
	for (int g = 0; g < p.ngroups; g++) {
		if (p.groups[g].neg || p.groups[g].bonus)
			continue;
		if (k++)
			buf_puts(&e.text, " AND ");
		put_group(&e, &p.groups[g], g, NULL);
	}
	if (last.len) {
		buf_puts(&e.text, k++ ? " AND (" : "(");
		sq_put_term(&e.text, buf_cstr(&last));
		buf_puts(&e.text, " * OR ");
		sq_put_term(&e.text, buf_cstr(&part));
		buf_puts(&e.text, " *");
		if (lastp.ngroups >= 2) {
			buf_puts(&e.text, " OR (");
			for (int g = 0; g + 1 < lastp.ngroups; g++) {
				if (lastp.groups[g].bonus)
					continue;
				put_group(&e, &lastp.groups[g], g, NULL);
				buf_puts(&e.text, " AND ");
			}
			const struct sq_alt *a = &lastp.groups[lastp.ngroups - 1].alts[0];
			sq_put_term(&e.text, a->terms[a->nterms - 1]);
			buf_puts(&e.text, " *)");
		}
		buf_puts(&e.text, ")");
	}
	buf_puts(&e.text, ")");
	if (k == 0) {
		rc = err_fail(ERR_INVAL, "q", "พิมพ์ชื่อเรื่องที่ต้องการ (ไม่เกิน 200 ไบต์)",
			      "Type part of a title (200 bytes at most).");
		goto out;
	}
	if ((rc = expr_err(&e)))
		goto out;
	struct sq_hit *rows = arena_calloc(ar, (size_t)limit, sizeof *rows);
	struct search_hit *h = arena_calloc(ar, (size_t)limit, sizeof *h);
	if (!rows || !h) {
		rc = ERR_NOMEM;
		goto out;
	}
	struct search_filter f = {0};
	int64_t total = 0;
	int nrows = 0;
	rc = match(db, &e, acc, &f, 0, limit, rows, &nrows, &total);
	for (int i = 0; rc == 0 && i < nrows; i++) {
		struct db_stmt *st = NULL;
		rc = db_query(db,
			      "SELECT t.title, d.kind, coalesce(d.unit_id, 0) FROM search_docs d"
			      " JOIN search_text t ON t.id = d.id WHERE d.id = $1",
			      DB_ARGS(DB_INT(rows[i].id)), &st);
		if (rc == 0 && db_step(st) == DB_ROW) {
			h[i].id = rows[i].id;
			h[i].score = rows[i].score;
			h[i].title = arena_strdup(ar, db_col_text(st, 0, NULL));
			h[i].kind = arena_strdup(ar, db_col_text(st, 1, NULL));
			h[i].unit_id = db_col_int(st, 2);
			if (!h[i].title || !h[i].kind)
				rc = ERR_NOMEM;
		}
		db_done(st);
	}
	if (rc == 0) {
		*hits = h;
		*nhits = nrows;
	}
out:
	expr_release(&e);
	buf_release(&last);
	buf_release(&part);
	sq_plan_release(&p);
	sq_plan_release(&lastp);
	return rc;
}
