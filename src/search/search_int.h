/*
 * search_int: what the files of src/search share: the parsed query and its
 * plan (query.c), snippets (snippet.c), equivalences (equiv.c); the backend
 * file (search_sqlite.c) turns a plan into its engine's query.
 */
#ifndef KLANG_SEARCH_INT_H
#define KLANG_SEARCH_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct arena;
struct db;
struct thai_dict;

#define SQ_GROUPS_MAX 64
#define SQ_TERMS_MAX 32 /* terms of one alternative */

/* One way to satisfy a group: its terms adjacent in order (a phrase), or
 * all present anywhere (the cluster pairs of an unknown run). */
struct sq_alt {
	const char **terms;
	int nterms;
	bool phrase;
	bool part;  /* the word as a part of compounds: scores less */
	int64_t df; /* documents holding its rarest term (planning) */
};

/* A query word, phrase or exclusion: any one of its alternatives. */
struct sq_group {
	struct sq_alt *alts;
	int nalts;
	int cap;
	bool neg;
	bool unknown; /* the word is outside the dictionary (suggestions) */
	bool bonus;   /* the words of one item side by side: scores, never picks candidates */
	int64_t df;   /* documents holding it, at most (planning) */
	bool used;    /* one of the words that pick the candidates (planning) */
	bool scored;  /* scores the candidates (planning leaves out the commonest) */
};

struct sq_plan {
	struct sq_group groups[SQ_GROUPS_MAX];
	int ngroups;
	int npos;        /* positive groups */
	bool restricted; /* candidates come from the rarer words only */
	bool narrow;     /* ...and must hold the two rarest (`second`: the other one) */
	int second;
	struct buf norm; /* the query as understood, for the miss log */
};



/* Parses q into groups (see search_run for the syntax). Memory in `ar`;
 * plan->norm is released by sq_plan_release. ERR_INVAL with a detail. */
int sq_parse(struct arena *ar, const struct thai_dict *d, const char *q, struct sq_plan *plan) WUR;
void sq_plan_release(struct sq_plan *plan);

/* Adds an alternative to a group (terms copied by reference). */
int sq_alt_add(struct arena *ar, struct sq_group *g, const char **terms, int nterms, bool phrase) WUR;

/* Adds the other spellings of each organisation's equivalence group whose
 * spelling the query holds, and the other era of a year (2567 ↔ 2024). */
int sq_expand(struct db *db, struct arena *ar, int64_t org_id, struct sq_plan *plan) WUR;

/* The positive terms of the plan (every alternative's), for snippets. */
int sq_terms(struct arena *ar, const struct sq_plan *plan, const char ***terms, int *n) WUR;

/* A snippet of `text` (stored form) around the best window of the query's
 * terms, HTML-escaped, the terms in <mark>. Never cuts inside a word. When
 * no term occurs, the text's beginning. *matched counts the terms found.
 * Result in `ar`; NULL when out of memory. */
const char *sq_snippet(struct arena *ar, const struct thai_dict *d, const char *text,
		       const char **terms, int nterms, int *matched);

/* Backend: takes out of the index every entry whose text holds `word`
 * (before the dictionary changes how that text is cut), listing them in
 * *ids (heap, the caller frees); then sq_reindex_ids puts them back (after
 * the change). Inside the caller's transaction. */
int sq_unindex_matching(struct db *db, const char *word, int64_t **ids, size_t *n) WUR;
int sq_reindex_ids(struct db *db, const int64_t *ids, size_t n) WUR;

/* A hit as the engine ranked it. */
struct sq_hit {
	int64_t id;
	double score;
};

/* Whether hit x ranks before hit y: higher score, then lower id. */
static inline bool sq_hit_before(const struct sq_hit *x, const struct sq_hit *y)
{
	return x->score > y->score || (x->score == y->score && x->id < y->id);
}

/* Orders rows[0..n) again, adding to each score `weight` times the share
 * of the query's character trigrams its title and body hold (each trigram
 * weighted by how few of the n rows hold it). */
int sq_rerank(struct db *db, const char *query, struct sq_hit *rows, int n, double weight) WUR;

/* search_docs in memory (facts.c): acquire the copy for this database
 * (`base`, a hash of its file) at index `version`, building it if need be;
 * NULL when it cannot be had (ids too sparse, no memory): use SQL then.
 * Held (read-locked) until sq_facts_release. */
struct sq_facts;
const struct sq_facts *sq_facts_acquire(struct db *db, uint64_t base, int64_t version);
void sq_facts_release(const struct sq_facts *f);
struct search_access;
struct search_filter;
/* Whether entry `id` is one `acc` may see, in `status`, passing the
 * filters: the rules of search_run's SQL. */
bool sq_facts_visible(const struct sq_facts *f, int64_t id, const struct search_access *acc,
		      const struct search_filter *flt, const char *status);
/* Starts reading entry `id`'s facts into the cache (a hint: for an entry
 * that will be looked at soon). */
void sq_facts_prefetch(const struct sq_facts *f, int64_t id);
/* The entry's length in tokens (0 if unknown). */
int32_t sq_facts_len(const struct sq_facts *f, int64_t id);

/* The edit distance in code points of a and b, or max + 1 when larger. */
int sq_distance(const char *a, const char *b, int max);

#endif
