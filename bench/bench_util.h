/* bench_util: what the search benchmarks share. */
#ifndef KLANG_BENCH_UTIL_H
#define KLANG_BENCH_UTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "km/authz.h"

struct db;

/* The lines of a JSON Lines file as an array (NULL, with a message, on error). */
json_t *bench_jsonl(const char *path);

/* DIR/docs.jsonl and DIR/queries.jsonl; non-zero, with a message, when
 * either cannot be read. */
int bench_dataset(const char *dir, json_t **docs, json_t **queries);

/* Creates a fresh data directory from the mkdtemp template `dir` with a
 * database, one organisation and one unit: the operator acting in it and
 * the unit's id. Non-zero, with a message, on error. */
int bench_data_dir(char *dir, struct db **db, struct actor *op, int64_t *unit);

/* People of the unit who hold the workflow's roles: an author (staff), the
 * unit's head and a member of the KM committee; none can log in. */
struct bench_people {
	struct actor author, head, committee;
};
int bench_people_create(struct db *db, const struct actor *op, int64_t unit, struct bench_people *out);

/* Takes draft `id` (an article) to publication the way people do: the head
 * submits, the committee member reviews, the head publishes. */
int bench_publish(struct db *db, const struct bench_people *p, int64_t id);

/* Removes a data directory made by bench_data_dir. */
void bench_rmtree(const char *dir);

/* The p-th percentile of v[0..n) (sorts v). */
double bench_percentile(double *v, size_t n, double p);

/* Prints what failed with the error's detail and exits. */
void bench_fail(const char *what, int rc) __attribute__((noreturn));

/* Peak resident memory of the process in MiB. */
double bench_peak_rss_mib(void);

#endif
