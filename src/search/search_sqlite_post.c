/*
 * search_sqlite_post: a large index's queries on postings held in memory.
 * A restricted plan (the rarer words pick the candidates) is matched and
 * scored here, with the candidates and scores the engine's query would
 * give, instead of by FTS5 (search_sqlite_query.c asks first and falls back
 * to the engine when this cannot answer).
 */
#include "search/search.h"
#include "search/search_int.h"
#include "search/search_sqlite_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/db.h"

/* A restricted plan (a large index) is matched and scored in memory: each
 * word's postings (entry ids ascending, with the word's weighted frequency
 * in each, as klang_freq counts it) are read from FTS5 once and kept per
 * process. FTS5 costs about a microsecond per candidate row and tens of
 * microseconds per phrase of the expression (a lookup in each segment),
 * and a query on a large index has a thousand candidates or more: that was
 * most of a query's time. A list serves only while the index has not
 * changed since it was read (a list that lagged would score an entry added
 * since without its words, ranking new documents low); a longer list than
 * POST_RELOAD_MAX that would have to be read again leaves the query to the
 * engine instead (while the index changes often, reading it for every query
 * would cost more than the engine's query). Lists are dropped least
 * recently used past POST_CACHE_MAX postings. */
#define POST_CACHE_MAX ((size_t)12 << 20) /* postings held, all lists (8 bytes each) */
#define POST_LIST_MAX (1 << 20)           /* postings of the longest list held */
#define POST_RELOAD_MAX 10000             /* postings of the longest list read again */
#define POST_BUCKETS 4096
#define PREFETCH_AHEAD 8 /* candidates whose facts are fetched ahead */

struct post_list {
	uint64_t key; /* sq_df_key of the term */
	int64_t version, tokens; /* the index's when read (tokens: another file of the same name tells) */
	int32_t n;
	int32_t *id; /* ascending */
	float *freq; /* the word's weighted frequency in the entry */
	int refs;
	bool dead; /* out of the table: freed when its last user lets go */
	uint64_t used;
	struct post_list *next;
};

static struct post_list *post_table[POST_BUCKETS];
static size_t post_total;
static uint64_t post_clock;
static pthread_mutex_t post_lock = PTHREAD_MUTEX_INITIALIZER;

static void post_free(struct post_list *l)
{
	if (!l)
		return;
	free(l->id);
	free(l->freq);
	free(l);
}

/* Takes list *pp out of the table (under post_lock). */
static void post_unlink(struct post_list **pp)
{
	struct post_list *l = *pp;
	*pp = l->next;
	post_total -= (size_t)l->n;
	l->dead = true;
	if (l->refs == 0)
		post_free(l);
}

static void post_release(struct post_list *l)
{
	if (!l)
		return;
	pthread_mutex_lock(&post_lock);
	if (--l->refs == 0 && l->dead)
		post_free(l);
	pthread_mutex_unlock(&post_lock);
}

/* Reads the postings of `term` at the current index version; ERR_TOOBIG
 * when they are too many to hold or the ids do not fit. */
static int post_load(struct db *db, const char *term, int64_t tokens, struct post_list **out)
{
	*out = NULL;
	int64_t df = sq_term_df(db, term);
	if (df > POST_LIST_MAX)
		return ERR_TOOBIG;
	struct post_list *l = calloc(1, sizeof *l);
	size_t cap = (size_t)df + 16;
	struct buf q;
	buf_init(&q, 4 * 1024);
	sq_put_term(&q, term);
	int rc = l && !buf_err(&q) ? 0 : ERR_NOMEM;
	if (rc == 0) {
		l->id = malloc(cap * sizeof *l->id);
		l->freq = malloc(cap * sizeof *l->freq);
		if (!l->id || !l->freq)
			rc = ERR_NOMEM;
	}
	struct db_stmt *st = NULL;
	if (rc == 0)
		rc = db_query(db, "SELECT rowid, klang_freq(search_fts) FROM search_fts WHERE search_fts MATCH $1",
			      DB_ARGS(DB_TEXTN(buf_cstr(&q), q.len)), &st);
	for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
		int64_t id = db_col_int(st, 0);
		if (id <= 0 || id > INT32_MAX || (size_t)l->n + 1 > POST_LIST_MAX) {
			rc = ERR_TOOBIG;
			break;
		}
		if ((size_t)l->n == cap) {
			cap *= 2;
			int32_t *ids = realloc(l->id, cap * sizeof *ids);
			if (ids)
				l->id = ids;
			float *fr = realloc(l->freq, cap * sizeof *fr);
			if (fr)
				l->freq = fr;
			if (!ids || !fr) {
				rc = ERR_NOMEM;
				break;
			}
		}
		l->id[l->n] = (int32_t)id;
		l->freq[l->n++] = (float)db_col_double(st, 1);
	}
	db_done(st);
	buf_release(&q);
	if (rc < 0) {
		err_clear();
		post_free(l);
		return rc;
	}
	uint64_t base;
	l->key = sq_df_key(term);
	sq_df_now(&base, &l->version);
	l->tokens = tokens;
	*out = l;
	return 0;
}

/* The postings of `term`, held until post_release: read afresh unless the
 * ones held are of this index version. `tokens`: the index's count of
 * tokens now. */
static int post_get(struct db *db, const char *term, int64_t tokens, struct post_list **out)
{
	*out = NULL;
	uint64_t key = sq_df_key(term), base;
	int64_t version;
	sq_df_now(&base, &version);
	struct post_list **bucket = &post_table[(key >> 20) % POST_BUCKETS];
	pthread_mutex_lock(&post_lock);
	for (struct post_list *l = *bucket; l; l = l->next) {
		if (l->key != key)
			continue;
		if (l->version == version && l->tokens == tokens) {
			l->refs++;
			l->used = ++post_clock;
			*out = l;
		} else if (l->n > POST_RELOAD_MAX) {
			pthread_mutex_unlock(&post_lock);
			return ERR_TOOBIG;
		}
		break;
	}
	pthread_mutex_unlock(&post_lock);
	if (*out)
		return 0;
	struct post_list *nl = NULL;
	int rc = post_load(db, term, tokens, &nl);
	if (rc)
		return rc;
	pthread_mutex_lock(&post_lock);
	for (struct post_list **pp = bucket; *pp; pp = &(*pp)->next) {
		if ((*pp)->key == key) {
			post_unlink(pp);
			break;
		}
	}
	/* room: the least recently used lists go */
	while (post_total + (size_t)nl->n > POST_CACHE_MAX) {
		struct post_list **victim = NULL;
		for (int b = 0; b < POST_BUCKETS; b++) {
			for (struct post_list **pp = &post_table[b]; *pp; pp = &(*pp)->next) {
				if (!victim || (*pp)->used < (*victim)->used)
					victim = pp;
			}
		}
		if (!victim)
			break;
		post_unlink(victim);
	}
	nl->refs = 1;
	nl->used = ++post_clock;
	nl->next = *bucket;
	*bucket = nl;
	post_total += (size_t)nl->n;
	pthread_mutex_unlock(&post_lock);
	*out = nl;
	return 0;
}

/* One phrase of the plan (a term) on its postings, with a cursor. */
struct fphrase {
	struct post_list *l;
	int32_t at;
	double idf, weight;
	bool here; /* holds the entry looked at */
};

/* An alternative: its phrases (one, or all of a run's pairs). */
struct falt {
	int first, n;
};

struct fgroup {
	int plan_group;
	int first_alt, nalts;
	bool used, neg;
};

/* Moves the cursor to the first posting ≥ id (galloping) and says whether
 * it is id. */
static bool fphrase_seek(struct fphrase *ph, int64_t id)
{
	const struct post_list *l = ph->l;
	int32_t at = ph->at;
	if (at < l->n && l->id[at] < id) {
		int32_t step = 1, lo = at;
		while (at + step < l->n && l->id[at + step] < id) {
			lo = at + step;
			step *= 2;
		}
		int32_t hi = at + step < l->n ? at + step : l->n;
		/* l->id[lo] < id; the answer is in (lo, hi] */
		while (lo + 1 < hi) {
			int32_t mid = lo + (hi - lo) / 2;
			if (l->id[mid] < id)
				lo = mid;
			else
				hi = mid;
		}
		at = hi;
	}
	ph->at = at;
	return at < l->n && l->id[at] == id;
}

static bool falt_here(const struct fphrase *ph, const struct falt *a)
{
	for (int i = 0; i < a->n; i++) {
		if (!ph[a->first + i].here)
			return false;
	}
	return true;
}

static bool fgroup_here(const struct fphrase *ph, const struct falt *alts, const struct fgroup *g)
{
	for (int a = 0; a < g->nalts; a++) {
		if (falt_here(ph, &alts[g->first_alt + a]))
			return true;
	}
	return false;
}

/* The alternatives of group g the engine's query would hold (put_group). */
static bool alt_put(const struct sq_group *g, int i)
{
	return !(g->alts[i].df == 0 && (g->df > 0 || i > 0));
}

/* Matches and scores a restricted plan on the postings held in memory,
 * with the same candidates and scores as the engine's query (fts_expr and
 * klang_rank) would give. *handled is false, and nothing done, when the
 * plan has what the postings cannot answer (phrases of several words) or
 * they cannot be had: the caller asks the engine then. */
int sq_match_memory(struct db *db, const struct sq_plan *p, const struct search_access *acc,
		    const struct search_filter *f, int64_t skip, int take, struct sq_hit *rows, int *nrows,
		    int64_t *total, bool *handled)
{
	*handled = false;
	if (!p->restricted)
		return 0;
	int nph = 0, nalt = 0, ngr = 0;
	for (int i = 0; i < p->ngroups; i++) {
		const struct sq_group *g = &p->groups[i];
		bool in = g->neg || (!g->bonus && g->df > 0 && (g->used || g->scored));
		if (!in)
			continue;
		ngr++;
		for (int a = 0; a < g->nalts; a++) {
			if (!alt_put(g, a))
				continue;
			if (g->alts[a].phrase && g->alts[a].nterms != 1)
				return 0; /* a phrase of several words: positions needed */
			nalt++;
			nph += g->alts[a].nterms;
		}
	}
	int64_t docs = sq_meta_int(db, "docs"), tokens = sq_meta_int(db, "tokens");
	/* the average length as match() hands it to klang_rank */
	char avg_text[32];
	snprintf(avg_text, sizeof avg_text, "%.3f", docs > 0 ? (double)tokens / (double)docs : 0);
	double avg = strtod(avg_text, NULL);
	if (nph == 0 || docs <= 0 || avg <= 0)
		return 0;
	uint64_t base;
	int64_t version;
	sq_df_now(&base, &version);
	const struct sq_facts *facts = sq_facts_acquire(db, base, version);
	if (!facts)
		return 0;
	struct fphrase *ph = calloc((size_t)nph, sizeof *ph);
	struct falt *alts = calloc((size_t)nalt, sizeof *alts);
	struct fgroup *grs = calloc((size_t)ngr, sizeof *grs);
	int *gen = calloc((size_t)nph, sizeof *gen);
	size_t keep = (size_t)skip + (size_t)take, kept = 0;
	struct sq_hit *best = malloc((keep ? keep : 1) * sizeof *best);
	int rc = ph && alts && grs && gen && best ? 0 : ERR_NOMEM;
	/* the phrases, alternatives and groups, and their postings */
	int k = 0, ka = 0, kg = 0;
	int64_t least = INT64_MAX;
	int least_group = -1;
	for (int i = 0; rc == 0 && i < p->ngroups; i++) {
		const struct sq_group *g = &p->groups[i];
		bool in = g->neg || (!g->bonus && g->df > 0 && (g->used || g->scored));
		if (!in)
			continue;
		struct fgroup *fg = &grs[kg];
		*fg = (struct fgroup){i, ka, 0, g->used, g->neg};
		if (g->used && g->df < least) {
			least = g->df;
			least_group = kg;
		}
		kg++;
		for (int a = 0; rc == 0 && a < g->nalts; a++) {
			const struct sq_alt *alt = &g->alts[a];
			if (!alt_put(g, a))
				continue;
			alts[ka++] = (struct falt){k, alt->nterms};
			fg->nalts++;
			for (int t = 0; rc == 0 && t < alt->nterms; t++) {
				struct fphrase *x = &ph[k++];
				int64_t df = alt->phrase ? alt->df : sq_term_df(db, alt->terms[t]);
				x->idf = sq_rank_idf(docs, df);
				x->weight = alt->part ? sq_rank_part_weight() : 1.0;
				rc = post_get(db, alt->terms[t], tokens, &x->l);
			}
		}
	}
	if (rc) {
		/* the postings cannot be had: the engine answers */
		err_clear();
		rc = 0;
		goto out;
	}
	/* the phrases whose postings bring the candidates: the used groups'
	 * (all holding them, the rarest group's alone) */
	int ngen = 0;
	for (int g = 0; g < ngr; g++) {
		if (!grs[g].used || (p->narrow && g != least_group))
			continue;
		for (int a = 0; a < grs[g].nalts; a++) {
			const struct falt *x = &alts[grs[g].first_alt + a];
			for (int t = 0; t < x->n; t++)
				gen[ngen++] = x->first + t;
		}
	}
	const char *status = f->status && f->status[0] ? f->status : "published";
	*handled = true;
	*total = 0;
	for (;;) {
		int64_t id = INT64_MAX;
		for (int i = 0; i < ngen; i++) {
			const struct fphrase *x = &ph[gen[i]];
			if (x->at < x->l->n && x->l->id[x->at] < id)
				id = x->l->id[x->at];
		}
		if (id == INT64_MAX)
			break;
		for (int i = 0; i < nph; i++)
			ph[i].here = fphrase_seek(&ph[i], id);
		bool ok = true, any = false;
		for (int g = 0; ok && g < ngr; g++) {
			bool here = fgroup_here(ph, alts, &grs[g]);
			if (grs[g].neg && here)
				ok = false;
			else if (grs[g].used && !grs[g].neg) {
				any |= here;
				if (p->narrow && !here)
					ok = false;
			}
		}
		if (ok && any && sq_facts_visible(facts, id, acc, f, status)) {
			(*total)++;
			double norm = sq_rank_norm((double)sq_facts_len(facts, id) / avg);
			double score = 0;
			for (int g = 0; g < ngr; g++) {
				if (grs[g].neg)
					continue;
				double top = 0;
				for (int a = 0; a < grs[g].nalts; a++) {
					const struct falt *x = &alts[grs[g].first_alt + a];
					if (!falt_here(ph, x))
						continue;
					for (int t = 0; t < x->n; t++) {
						const struct fphrase *y = &ph[x->first + t];
						double s = sq_rank_phrase(y->weight, y->idf, y->l->freq[y->at], norm);
						if (s > top)
							top = s;
					}
				}
				score += top;
			}
			sq_keep_best(best, keep, &kept, (struct sq_hit){id, score});
		}
		/* past this entry; the facts of those a little further on are
		 * fetched meanwhile (they are spread over a large array) */
		for (int i = 0; i < ngen; i++) {
			struct fphrase *x = &ph[gen[i]];
			if (x->at < x->l->n && x->l->id[x->at] == id)
				x->at++;
			if (x->at + PREFETCH_AHEAD < x->l->n)
				sq_facts_prefetch(facts, x->l->id[x->at + PREFETCH_AHEAD]);
		}
	}
	*nrows = 0;
	for (size_t i = (size_t)skip; i < kept; i++)
		rows[(*nrows)++] = best[i];
out:
	for (int i = 0; ph && i < nph; i++)
		post_release(ph[i].l);
	sq_facts_release(facts);
	free(ph);
	free(alts);
	free(grs);
	free(gen);
	free(best);
	return rc;
}
