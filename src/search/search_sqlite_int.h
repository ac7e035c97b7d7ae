/*
 * search_sqlite_int: what the SQLite backend's files share.
 */
#ifndef KLANG_SEARCH_SQLITE_INT_H
#define KLANG_SEARCH_SQLITE_INT_H

#include <sqlite3.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct search_access;
struct search_filter;
struct sq_hit;
struct sq_plan;

struct db;

/* Registers klang_rank() with FTS5 on a connection (search_sqlite_rank.c). */
int sq_rank_register(fts5_api *api);

/* klang_rank's BM25, for scores computed outside FTS5 (the postings held
 * in memory): a word's idf among `rows` entries, the length norm of an
 * entry `ratio` times the average long, and a phrase's score from its
 * weighted frequency (klang_freq) with weight 1, or sq_rank_part_weight()
 * for a word as a compound's part. */
double sq_rank_idf(int64_t rows, int64_t df);
double sq_rank_norm(double ratio);
double sq_rank_phrase(double weight, double idf, double freq, double norm);
double sq_rank_part_weight(void);

/* Lengths for klang_rank from the facts in memory (this thread, until set
 * to NULL) instead of a column of the row. */
struct sq_facts;
void sq_rank_facts(const struct sq_facts *f);

/* Registers klang's tokenizer and ranking on the connection unless they are
 * there (search_sqlite.c). */
int sq_ensure(struct db *db);

/* The index's change counter (the cache of word counts reads it), and the
 * counters "docs" and "tokens" of search_meta (0 when not counted yet). */
int64_t sq_index_version(struct db *db);
int64_t sq_meta_int(struct db *db, const char *key);

/* What search_sqlite_post.c takes from search_sqlite_query.c: a term
 * quoted for the engine's MATCH; a term's document count (cached per
 * process); the cache key of a term and the index the running query reads
 * (its file's hash and version); a hit kept among the best `keep` in
 * order. */
void sq_put_term(struct buf *b, const char *t);
int64_t sq_term_df(struct db *db, const char *term);
uint64_t sq_df_key(const char *term);
void sq_df_now(uint64_t *base, int64_t *version);
void sq_keep_best(struct sq_hit *best, size_t keep, size_t *kept, struct sq_hit h);

/* Matches and scores restricted plan `p` on the postings held in memory
 * (search_sqlite_post.c): the total and the hits of ranks [skip, skip+take)
 * into rows/nrows, as the engine's query would give them. *handled is
 * false, and nothing done, when the postings cannot answer (a phrase of
 * several words, a list too long to read again, a failure): the engine
 * answers then. */
int sq_match_memory(struct db *db, const struct sq_plan *p, const struct search_access *acc,
		    const struct search_filter *f, int64_t skip, int take, struct sq_hit *rows, int *nrows,
		    int64_t *total, bool *handled);

#endif
