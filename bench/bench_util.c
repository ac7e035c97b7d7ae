/* bench_util: data sets, a scratch data directory, percentiles. */
#define _XOPEN_SOURCE 700
#include "bench/bench_util.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/err.h"
#include "km/account.h"
#include "km/org.h"
#include "km/people.h"
#include "km/workflow.h"
#include "search/search.h"
#include "store/db.h"
#include "store/migrate.h"

json_t *bench_jsonl(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench: cannot read '%s'\n", path);
		return NULL;
	}
	json_t *all = json_array();
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (n <= 1)
			continue;
		json_error_t e;
		json_t *v = json_loadb(line, (size_t)n, 0, &e);
		if (!v) {
			fprintf(stderr, "bench: '%s' line %d: %s\n", path, lineno, e.text);
			json_decref(all);
			all = NULL;
			break;
		}
		json_array_append_new(all, v);
	}
	free(line);
	fclose(f);
	return all;
}

int bench_dataset(const char *dir, json_t **docs, json_t **queries)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/docs.jsonl", dir);
	*docs = bench_jsonl(path);
	snprintf(path, sizeof path, "%s/queries.jsonl", dir);
	*queries = bench_jsonl(path);
	return *docs && *queries ? 0 : 1;
}

int bench_data_dir(char *dir, struct db **db, struct actor *op, int64_t *unit)
{
	if (!mkdtemp(dir)) {
		perror("bench: mkdtemp");
		return 1;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/klang.db", dir);
	int64_t org = 0;
	authz_operator(op, 0);
	int rc = db_open(path, db);
	if (!rc)
		rc = db_migrate(*db, NULL);
	if (!rc)
		rc = search_schema(*db);
	if (!rc)
		rc = org_create(*db, op, "bench", "องค์กรทดสอบ", "Benchmark organisation", "", &org);
	if (!rc) {
		authz_operator(op, org);
		struct unit_input u = {"กองทดสอบ", "bench", 0, 0, 1};
		rc = unit_create(*db, op, &u, unit);
	}
	if (rc)
		bench_fail("creating the data directory", rc);
	return 0;
}

int bench_people_create(struct db *db, const struct actor *op, int64_t unit, struct bench_people *out)
{
	static const struct {
		const char *login, *name, *position;
		unsigned roles;
		const char *committee_role;
	} who[] = {
		{"bench-author", "นางสาวทดสอบ ผู้เขียน", "นักวิชาการ", ROLE_STAFF, NULL},
		{"bench-head", "นายทดสอบ หัวหน้า", "ผู้อำนวยการกองทดสอบ", ROLE_UNIT_HEAD | ROLE_STAFF, NULL},
		{"bench-kmc", "นางทดสอบ กรรมการ", "นักวิเคราะห์นโยบายและแผน", ROLE_COMMITTEE | ROLE_STAFF, "member"},
	};
	struct actor *slot[] = {&out->author, &out->head, &out->committee};
	/* No password is set, so the policy's hashing costs are never used. */
	struct auth_policy policy = {.pw_mem_mib = 46, .pw_ops = 1};
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof who / sizeof who[0]; i++) {
		struct person_input in = {who[i].name, who[i].position, "", "", "municipal_employee", "", "", unit, 0, 1, NULL};
		int64_t person = 0, account = 0;
		rc = person_create(db, op, &in, &person);
		if (!rc)
			rc = account_create(db, op, &policy, who[i].login, NULL, who[i].roles, who[i].committee_role,
					    person, &account);
		if (!rc)
			rc = account_load_actor(db, account, slot[i]);
	}
	return rc;
}

int bench_publish(struct db *db, const struct bench_people *p, int64_t id)
{
	int rc = wf_apply(db, &p->head, id, WF_SUBMIT, NULL, NULL);
	if (!rc)
		rc = wf_apply(db, &p->committee, id, WF_REVIEW, NULL, NULL);
	if (!rc)
		rc = wf_apply(db, &p->head, id, WF_PUBLISH, NULL, NULL);
	return rc;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void bench_rmtree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double bench_percentile(double *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	size_t k = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[k < n ? k : n - 1];
}

void bench_fail(const char *what, int rc)
{
	const struct err_detail *d = err_last();
	fprintf(stderr, "bench: %s failed: %s %s\n", what, err_name(rc), d && d->msg_en ? d->msg_en : "");
	exit(1);
}

double bench_peak_rss_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}
