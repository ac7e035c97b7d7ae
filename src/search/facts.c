/*
 * facts: search_docs held in memory, one compact record per entry indexed
 * by its id, so that a query checks each candidate's visibility, filters
 * and length without a database lookup per candidate (at 100,000 entries
 * that lookup was most of a query's time). The copy is made for one index
 * version of one database and made again when the index has changed; the
 * rules are the ones of search_run's SQL (VISIBLE), which the tests hold
 * to doc_may_read.
 */
#include "search/search_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "search/search.h"
#include "store/db.h"

/* Ids must be dense enough for an array indexed by them. */
#define SPARSE_FACTOR 4

enum { ST_OTHER, ST_LIVE /* published or retired */ };
enum { VIS_PUBLIC = 1, VIS_ORG, VIS_UNIT };

struct fact {
	int64_t org;
	int64_t division;
	int64_t created_by;
	int32_t len;
	int32_t fy;
	uint32_t kind;   /* offset of the kind in the pool */
	uint32_t status; /* offset of the status in the pool */
	uint32_t issues; /* offset of ",1,4," in the pool */
	uint8_t vis;
	uint8_t live;
	uint8_t present;
};

struct sq_facts {
	uint64_t base;
	int64_t version;
	int64_t min_id;
	int64_t n;
	struct fact *v;
	char *pool;
	size_t pool_len, pool_cap;
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct sq_facts *current;

static void facts_free(struct sq_facts *f)
{
	if (!f)
		return;
	free(f->v);
	free(f->pool);
	free(f);
}

/* Interns s in the pool (kinds and statuses repeat: looked up among the
 * last few); returns its offset, or UINT32_MAX when out of memory. */
static uint32_t pool_put(struct sq_facts *f, const char *s, bool intern)
{
	size_t n = strlen(s) + 1;
	if (intern) {
		for (size_t off = 0; off < f->pool_len && off < 4096;) {
			size_t l = strlen(f->pool + off) + 1;
			if (l == n && !memcmp(f->pool + off, s, n))
				return (uint32_t)off;
			off += l;
		}
	}
	if (f->pool_len + n > f->pool_cap) {
		size_t cap = f->pool_cap ? f->pool_cap * 2 : 65536;
		while (cap < f->pool_len + n)
			cap *= 2;
		char *p = realloc(f->pool, cap);
		if (!p || cap > UINT32_MAX)
			return UINT32_MAX;
		f->pool = p;
		f->pool_cap = cap;
	}
	memcpy(f->pool + f->pool_len, s, n);
	f->pool_len += n;
	return (uint32_t)(f->pool_len - n);
}

static struct sq_facts *build(struct db *db, uint64_t base, int64_t version)
{
	int64_t lo = 0, hi = 0, count = 0;
	struct db_stmt *st = NULL;
	int rc = db_query(db, "SELECT coalesce(min(id), 0), coalesce(max(id), 0), count(*) FROM search_docs", DB_NOARGS,
			  &st);
	if (rc == 0 && db_step(st) == DB_ROW) {
		lo = db_col_int(st, 0);
		hi = db_col_int(st, 1);
		count = db_col_int(st, 2);
	}
	db_done(st);
	if (rc || hi - lo + 1 > count * SPARSE_FACTOR + 1024)
		return NULL;
	struct sq_facts *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->base = base;
	f->version = version;
	f->min_id = lo;
	f->n = count ? hi - lo + 1 : 0;
	f->v = calloc((size_t)(f->n ? f->n : 1), sizeof *f->v);
	if (!f->v || pool_put(f, "", false) == UINT32_MAX) {
		facts_free(f);
		return NULL;
	}
	rc = db_query(db,
		      "SELECT id, org_id, coalesce(division_id, 0), coalesce(created_by, 0), status, visibility,"
		      " kind, fy, issues, len FROM search_docs",
		      DB_NOARGS, &st);
	for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
		int64_t id = db_col_int(st, 0);
		if (id < f->min_id || id >= f->min_id + f->n)
			continue; /* written after the count: the next version builds again */
		struct fact *x = &f->v[id - f->min_id];
		const char *status = db_col_text(st, 4, NULL);
		const char *vis = db_col_text(st, 5, NULL);
		x->org = db_col_int(st, 1);
		x->division = db_col_int(st, 2);
		x->created_by = db_col_int(st, 3);
		x->live = !strcmp(status, "published") || !strcmp(status, "retired");
		x->vis = !strcmp(vis, "public") ? VIS_PUBLIC : !strcmp(vis, "org") ? VIS_ORG : VIS_UNIT;
		x->status = pool_put(f, status, true);
		x->kind = pool_put(f, db_col_text(st, 6, NULL), true);
		x->fy = (int32_t)db_col_int(st, 7);
		const char *issues = db_col_text(st, 8, NULL);
		x->issues = issues[0] ? pool_put(f, issues, false) : 0;
		x->len = (int32_t)db_col_int(st, 9);
		x->present = 1;
		if (x->status == UINT32_MAX || x->kind == UINT32_MAX || x->issues == UINT32_MAX)
			rc = ERR_NOMEM;
	}
	db_done(st);
	if (rc < 0) {
		facts_free(f);
		return NULL;
	}
	return f;
}

const struct sq_facts *sq_facts_acquire(struct db *db, uint64_t base, int64_t version)
{
	pthread_rwlock_rdlock(&lock);
	if (current && current->base == base && current->version == version)
		return current;
	pthread_rwlock_unlock(&lock);
	struct sq_facts *f = build(db, base, version);
	if (!f)
		return NULL;
	pthread_rwlock_wrlock(&lock);
	facts_free(current);
	current = f;
	pthread_rwlock_unlock(&lock);
	pthread_rwlock_rdlock(&lock);
	if (current == f)
		return current;
	pthread_rwlock_unlock(&lock); /* replaced in between: the caller uses SQL */
	return NULL;
}

void sq_facts_release(const struct sq_facts *f)
{
	if (f)
		pthread_rwlock_unlock(&lock);
}

static const struct fact *fact_of(const struct sq_facts *f, int64_t id)
{
	if (id < f->min_id || id >= f->min_id + f->n || !f->v[id - f->min_id].present)
		return NULL;
	return &f->v[id - f->min_id];
}

bool sq_facts_visible(const struct sq_facts *f, int64_t id, const struct search_access *acc,
		      const struct search_filter *flt, const char *status)
{
	const struct fact *x = fact_of(f, id);
	if (!x || x->org != acc->org_id || strcmp(f->pool + x->status, status))
		return false;
	if (!acc->logged_in && x->vis != VIS_PUBLIC)
		return false;
	bool own_division = acc->division_id > 0 && x->division == acc->division_id;
	bool ok = x->live ? (x->vis != VIS_UNIT || acc->reads_all || own_division)
			  : (acc->reads_all || own_division || (acc->account_id > 0 && x->created_by == acc->account_id));
	if (!ok)
		return false;
	if (flt->kind && flt->kind[0] && strcmp(f->pool + x->kind, flt->kind))
		return false;
	if (flt->division_id && x->division != flt->division_id)
		return false;
	if (flt->fy && x->fy != flt->fy)
		return false;
	if (flt->public_only && x->vis != VIS_PUBLIC)
		return false;
	if (flt->issue_id) {
		char key[32];
		snprintf(key, sizeof key, ",%lld,", (long long)flt->issue_id);
		if (!x->issues || !strstr(f->pool + x->issues, key))
			return false;
	}
	return true;
}

void sq_facts_prefetch(const struct sq_facts *f, int64_t id)
{
	if (id >= f->min_id && id < f->min_id + f->n)
		__builtin_prefetch(&f->v[id - f->min_id]);
}

int32_t sq_facts_len(const struct sq_facts *f, int64_t id)
{
	const struct fact *x = fact_of(f, id);
	return x ? x->len : 0;
}
