/*
 * search_sqlite_int: what the SQLite backend's files share.
 */
#ifndef KLANG_SEARCH_SQLITE_INT_H
#define KLANG_SEARCH_SQLITE_INT_H

#include <sqlite3.h>

#include <stdint.h>

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

#endif
