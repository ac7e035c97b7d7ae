/*
 * search_scale: the search index at scale. Builds N documents from the
 * XQuAD-th paragraphs (each one to three paragraphs drawn with a fixed
 * seed, so every run builds the same set), indexes them with search_put (the
 * indexer alone: the documents' own tables are not written), then runs
 * every question of the set through search_run as an anonymous reader, twice
 * (the first pass with the per-process cache of word counts empty, as after
 * a start; the second as a running server), and prints indexing MB/s,
 * p50/p99 query latency and peak RSS; the last line is {"docs","mb",
 * "index_s","index_mb_s","queries","p50_ms","p99_ms","cold_p50_ms",
 * "cold_p99_ms","peak_rss_mib","R@1","R@10","MRR@10"} (p50/p99: the second
 * pass; R@k and MRR@10, of the second pass: a hit is right when it holds
 * the question's paragraph, so that planning's shortcuts at scale are
 * checked for what they cost in quality).
 * usage: search-scale [--data DIR] [--keep] [--reuse KEPT] [--verbose] N
 * (DIR defaults to ../shared/data/xquad-th; --keep leaves the data directory
 * and prints its name; --reuse KEPT queries such a directory, made for the
 * same N, without indexing again (the indexing figures are then 0);
 * --verbose prints each query's time in the second pass to stderr)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "search/search.h"
#include "store/db.h"

/* A small fixed PRNG (xorshift64*), so the documents are the same each run. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

int main(int argc, char **argv)
{
	const char *src = "../shared/data/xquad-th";
	long n = 0;
	const char *reuse = NULL;
	bool keep = false, verbose = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			src = argv[++i];
		else if (!strcmp(argv[i], "--keep"))
			keep = true;
		else if (!strcmp(argv[i], "--reuse") && i + 1 < argc)
			reuse = argv[++i];
		else if (!strcmp(argv[i], "--verbose"))
			verbose = true;
		else
			n = strtol(argv[i], NULL, 10);
	}
	if (n <= 0 || n > 10000000) {
		fprintf(stderr, "usage: search-scale [--data DIR] [--keep] [--reuse KEPT] [--verbose] N\n");
		return 2;
	}
	json_t *paras = NULL, *queries = NULL;
	if (bench_dataset(src, &paras, &queries) || json_array_size(paras) == 0)
		return 1;
	char data[] = "/tmp/klang-search-scale-XXXXXX";
	struct db *db = NULL;
	struct actor op;
	int64_t unit = 0;
	if (reuse) {
		char path[4096];
		snprintf(path, sizeof path, "%s/klang.db", reuse);
		int64_t org = 0;
		if (db_open(path, &db) || search_schema(db) ||
		    db_query_int(db, "SELECT org_id FROM search_docs LIMIT 1", DB_NOARGS, &org)) {
			fprintf(stderr, "search-scale: cannot open %s\n", path);
			return 1;
		}
		authz_operator(&op, org);
	} else if (bench_data_dir(data, &db, &op, &unit)) {
		return 1;
	}
	size_t np = json_array_size(paras);
	/* the paragraphs each document holds (relevance at scale: a hit is
	 * right when it holds the question's paragraph) */
	int32_t (*holds)[3] = calloc((size_t)n, sizeof *holds);
	if (!holds)
		return 1;
	if (reuse) {
		/* the same draws as the indexing that made KEPT */
		for (long i = 0; i < n; i++) {
			int parts = 1 + (int)(next() % 3);
			for (int k = 0; k < 3; k++)
				holds[i][k] = k < parts ? (int32_t)(next() % np) : -1;
		}
	}
	struct buf body, title;
	buf_init(&body, (size_t)1 << 24);
	buf_init(&title, 4096);
	double bytes = 0;
	int64_t t0 = clock_mono_us();
	int rc = reuse ? 0 : db_begin(db);
	for (long i = 0; !reuse && rc == 0 && i < n; i++) {
		buf_reset(&body);
		buf_reset(&title);
		int parts = 1 + (int)(next() % 3);
		holds[i][1] = holds[i][2] = -1;
		for (int k = 0; k < parts; k++) {
			size_t at = (size_t)(next() % np);
			holds[i][k] = (int32_t)at;
			json_t *p = json_array_get(paras, at);
			if (k == 0)
				buf_printf(&title, "%s %ld", json_string_value(json_object_get(p, "title")), i + 1);
			buf_puts(&body, json_string_value(json_object_get(p, "text")));
			buf_puts(&body, "\n\n");
		}
		bytes += (double)(body.len + title.len);
		struct search_doc d = {
			.id = i + 1, .org_id = op.org_id, .unit_id = unit, .division_id = unit,
			.kind = "article", .status = "published", .visibility = "public", .fy = 2570,
			.issues = "", .updated_at = clock_now(), .title = buf_cstr(&title), .summary = "",
			.body = buf_cstr(&body), .tags = "", .attach = "",
		};
		rc = search_put(db, &d);
		if (rc == 0 && (i + 1) % 2000 == 0) {
			rc = db_commit(db);
			if (rc == 0)
				rc = db_begin(db);
			fprintf(stderr, "\rindexed %ld/%ld", i + 1, n);
		}
	}
	if (!reuse) {
		rc = db_end(db, rc);
		if (rc == 0)
			rc = db_checkpoint(db);
	}
	if (rc)
		bench_fail("indexing", rc);
	double index_s = (double)(clock_mono_us() - t0) / 1e6;
	if (!reuse)
		fprintf(stderr, "\rindexed %ld documents, %.1f MB in %.1f s\n", n, bytes / 1e6, index_s);
	/* each question's paragraph, as an index into paras */
	size_t nq0 = json_array_size(queries);
	int32_t *want = calloc(nq0 ? nq0 : 1, sizeof *want);
	for (size_t i = 0; want && i < nq0; i++) {
		const char *id = json_string_value(json_object_get(json_array_get(queries, i), "doc_id"));
		want[i] = -1;
		for (size_t k = 0; id && k < np; k++) {
			if (!strcmp(id, json_string_value(json_object_get(json_array_get(paras, k), "id")))) {
				want[i] = (int32_t)k;
				break;
			}
		}
	}
	if (!want)
		return 1;
	double r1 = 0, r10 = 0, mrr = 0;
	struct search_access acc = {.org_id = op.org_id};
	struct search_filter f = {0};
	size_t nq = json_array_size(queries);
	double *ms[2] = {calloc(nq ? nq : 1, sizeof(double)), calloc(nq ? nq : 1, sizeof(double))};
	/* Twice: the first pass finds the document counts of common words
	 * uncached (as after a start), the second as a running server has them. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nq; i++) {
			struct arena *ar = arena_new(ARENA_DEFAULT_CAP);
			struct search_result r;
			const char *q = json_string_value(json_object_get(json_array_get(queries, i), "query"));
			int64_t q0 = clock_mono_us();
			int qrc = search_run(db, ar, &acc, &f, q, 1, 10, &r);
			ms[pass][i] = (double)(clock_mono_us() - q0) / 1000.0;
			if (verbose && pass == 1)
				fprintf(stderr, "%.3f ms\t%lld\t%s\n", ms[pass][i], qrc ? -1 : (long long)r.total, q);
			if (qrc && qrc != ERR_INVAL)
				bench_fail("searching", qrc);
			for (int h = 0; pass == 1 && qrc == 0 && h < r.nhits; h++) {
				int64_t d = r.hits[h].id - 1;
				if (d < 0 || d >= n || (holds[d][0] != want[i] && holds[d][1] != want[i] && holds[d][2] != want[i]))
					continue;
				r1 += h == 0;
				r10 += 1;
				mrr += 1.0 / (h + 1);
				break;
			}
			arena_free(ar);
		}
	}
	size_t done = nq;
	db_close(db);
	if (!reuse && keep)
		fprintf(stderr, "kept %s\n", data);
	else if (!reuse)
		bench_rmtree(data);
	double mb_s = index_s > 0 && bytes > 0 ? bytes / 1e6 / index_s : 0;
	double c50 = bench_percentile(ms[0], done, 50), c99 = bench_percentile(ms[0], done, 99);
	double p50 = bench_percentile(ms[1], done, 50), p99 = bench_percentile(ms[1], done, 99);
	double nqd = done ? (double)done : 1;
	printf("indexing: %.2f MB/s; queries: p50 %.3f ms, p99 %.3f ms (first pass, counts uncached:"
	       " p50 %.3f ms, p99 %.3f ms); peak RSS %.0f MiB; at scale R@1 %.3f, R@10 %.3f, MRR@10 %.3f\n",
	       mb_s, p50, p99, c50, c99, bench_peak_rss_mib(), r1 / nqd, r10 / nqd, mrr / nqd);
	printf("{\"docs\":%ld,\"mb\":%.1f,\"index_s\":%.2f,\"index_mb_s\":%.2f,\"queries\":%zu,"
	       "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"cold_p50_ms\":%.3f,\"cold_p99_ms\":%.3f,\"peak_rss_mib\":%.0f,"
	       "\"R@1\":%.3f,\"R@10\":%.3f,\"MRR@10\":%.3f}\n",
	       n, bytes / 1e6, index_s, mb_s, done, p50, p99, c50, c99, bench_peak_rss_mib(), r1 / nqd, r10 / nqd,
	       mrr / nqd);
	free(holds);
	free(want);
	free(ms[0]);
	free(ms[1]);
	buf_release(&body);
	buf_release(&title);
	json_decref(paras);
	json_decref(queries);
	return 0;
}
