/*
 * search_quality: retrieval quality of klang's search on a question set.
 * Reads DIR/docs.jsonl ({"id","title","text"}) and DIR/queries.jsonl
 * ({"id","query","doc_id"}), creates a fresh data directory, creates every
 * document as a public article through the domain functions the API uses
 * (written by a staff author) and publishes it through the workflow (the
 * unit head submits, a KM committee member reviews, the head publishes), then runs every query through
 * doc_search (what the search page calls) as an anonymous reader and scores
 * the top 10. The last line is one JSON object:
 * {"docs","queries","R@1","R@5","R@10","MRR@10","p50_ms","p95_ms","index_s"}.
 * usage: search-quality [--keep] [--verbose] DIR
 * (--keep leaves the data directory; --verbose lists the queries whose
 * document is not first)
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench_util.h"
#include "core/arena.h"
#include "core/clock.h"
#include "km/authz.h"
#include "km/doc.h"
#include "km/find.h"
#include "km/org.h"
#include "km/workflow.h"
#include "search/search.h"
#include "store/db.h"
#include "store/migrate.h"

struct doc_map {
	char *ext; /* the data set's id */
	int64_t id;
};

static int by_ext(const void *a, const void *b)
{
	return strcmp(((const struct doc_map *)a)->ext, ((const struct doc_map *)b)->ext);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[argc - 1] : NULL;
	bool keep = false, verbose = false;
	for (int i = 1; i + 1 < argc; i++) {
		keep |= !strcmp(argv[i], "--keep");
		verbose |= !strcmp(argv[i], "--verbose");
	}
	if (!dir || dir[0] == '-') {
		fprintf(stderr, "usage: search-quality [--keep] [--verbose] DIR\n");
		return 2;
	}
	json_t *docs = NULL, *queries = NULL;
	if (bench_dataset(dir, &docs, &queries))
		return 1;
	char data[] = "/tmp/klang-search-quality-XXXXXX";
	struct db *db = NULL;
	struct actor op;
	int64_t unit = 0;
	if (bench_data_dir(data, &db, &op, &unit))
		return 1;
	/* Documents are written by an author and published through the
	 * workflow by people who hold its roles, as the API would. */
	struct bench_people people;
	if (bench_people_create(db, &op, unit, &people))
		bench_fail("creating the people", ERR_INVAL);
	size_t ndocs = json_array_size(docs);
	struct doc_map *map = calloc(ndocs, sizeof *map);
	int64_t t0 = clock_mono_us();
	int rc = db_begin(db);
	for (size_t i = 0; rc == 0 && i < ndocs; i++) {
		json_t *d = json_array_get(docs, i);
		struct doc_input in = DOC_INPUT_EMPTY;
		in.title = json_string_value(json_object_get(d, "title"));
		in.body_md = json_string_value(json_object_get(d, "text"));
		in.kind = "article";
		in.visibility = "public";
		in.unit_id = unit;
		in.note = "bench";
		int64_t id = 0;
		rc = doc_create(db, &people.author, &in, &id, NULL);
		if (rc == 0)
			rc = bench_publish(db, &people, id);
		map[i].ext = (char *)json_string_value(json_object_get(d, "id"));
		map[i].id = id;
		if (rc)
			bench_fail("creating a document", rc);
	}
	rc = db_end(db, rc);
	/* as a server's database stands after a while: the log checkpointed */
	if (rc == 0)
		rc = db_checkpoint(db);
	double index_s = (double)(clock_mono_us() - t0) / 1e6;
	if (rc)
		return 1;
	qsort(map, ndocs, sizeof *map, by_ext);
	struct actor reader = {.org_id = op.org_id};
	size_t nq = json_array_size(queries);
	double *ms = calloc(nq ? nq : 1, sizeof *ms);
	double r1 = 0, r5 = 0, r10 = 0, mrr = 0;
	size_t counted = 0;
	for (size_t i = 0; i < nq; i++) {
		json_t *q = json_array_get(queries, i);
		struct doc_map key = {(char *)json_string_value(json_object_get(q, "doc_id")), 0};
		struct doc_map *want = key.ext ? bsearch(&key, map, ndocs, sizeof *map, by_ext) : NULL;
		struct arena *ar = arena_new(ARENA_DEFAULT_CAP);
		struct doc_query dq = {.q = json_string_value(json_object_get(q, "query"))};
		json_t *res = NULL;
		int64_t q0 = clock_mono_us();
		int qrc = doc_search(db, ar, &reader, &dq, 1, 10, &res);
		ms[counted] = (double)(clock_mono_us() - q0) / 1000.0;
		if (qrc && qrc != ERR_INVAL)
			bench_fail("searching", qrc);
		int rank = 0;
		json_t *items = json_object_get(res, "items");
		for (size_t k = 0; want && k < json_array_size(items); k++) {
			if (json_integer_value(json_object_get(json_array_get(items, k), "id")) == want->id) {
				rank = (int)k + 1;
				break;
			}
		}
		if (verbose && rank != 1)
			fprintf(stderr, "rank %d: %s [want %s, got %s]\n", rank, dq.q, key.ext,
				json_string_value(json_object_get(json_array_get(items, 0), "title")));
		r1 += rank == 1;
		r5 += rank >= 1 && rank <= 5;
		r10 += rank >= 1 && rank <= 10;
		mrr += rank ? 1.0 / rank : 0;
		counted++;
		json_decref(res);
		arena_free(ar);
	}
	db_close(db);
	if (!keep)
		bench_rmtree(data);
	else
		fprintf(stderr, "kept %s\n", data);
	double n = counted ? (double)counted : 1;
	printf("{\"docs\":%zu,\"queries\":%zu,\"R@1\":%.4f,\"R@5\":%.4f,\"R@10\":%.4f,\"MRR@10\":%.4f,"
	       "\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"index_s\":%.2f}\n",
	       ndocs, counted, r1 / n, r5 / n, r10 / n, mrr / n, bench_percentile(ms, counted, 50),
	       bench_percentile(ms, counted, 95), index_s);
	free(ms);
	free(map);
	json_decref(docs);
	json_decref(queries);
	return 0;
}
