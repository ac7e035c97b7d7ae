/* migrate: runs the numbered migrations once each, in order. */
#include "store/migrate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/str.h"
#include "store/db.h"

extern const struct embed_file store_migrations[];

static int version_of(const char *name)
{
	int64_t v;
	struct str s = str_c(name), head, tail;
	if (!str_split(s, '_', &head, &tail) || !str_to_i64(head, 1, 99999, &v))
		return -1;
	return (int)v;
}

static int by_version(const void *a, const void *b)
{
	const struct embed_file *x = *(const struct embed_file *const *)a;
	const struct embed_file *y = *(const struct embed_file *const *)b;
	return version_of(x->name) - version_of(y->name);
}

int db_schema_version(struct db *db, int *out)
{
	int64_t v = 0;
	int rc = db_query_int(db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
			      DB_NOARGS, &v);
	if (rc)
		return rc;
	*out = (int)v;
	return 0;
}

int db_migrate_files(struct db *db, const struct embed_file *files, int *applied)
{
	int rc = db_exec_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
				    " version INTEGER PRIMARY KEY,"
				    " name TEXT NOT NULL,"
				    " applied_at BIGINT NOT NULL)");
	if (rc)
		return rc;
	size_t n = 0;
	while (files[n].name)
		n++;
	const struct embed_file **order = calloc(n ? n : 1, sizeof *order);
	if (!order)
		return ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		order[i] = &files[i];
		if (version_of(files[i].name) < 0) {
			log_error("migration: bad file name '%s'", files[i].name);
			free(order);
			return ERR_INVAL;
		}
	}
	qsort(order, n, sizeof *order, by_version);
	int current = 0, count = 0;
	rc = db_schema_version(db, &current);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int v = version_of(order[i]->name);
		if (i > 0 && v == version_of(order[i - 1]->name)) {
			log_error("migration: version %d appears twice", v);
			rc = ERR_INVAL;
			break;
		}
		if (v <= current)
			continue;
		rc = db_begin(db);
		if (rc)
			break;
		rc = db_exec_script(db, order[i]->data);
		if (!rc)
			rc = db_exec(db,
				     "INSERT INTO schema_migrations (version, name, applied_at)"
				     " VALUES ($1, $2, $3)",
				     DB_ARGS(DB_INT(v), DB_TEXT(order[i]->name), DB_INT(time(NULL))));
		if (!rc)
			rc = db_commit(db);
		if (rc) {
			db_rollback(db);
			log_error("migration: '%s' failed", order[i]->name);
			break;
		}
		log_info("migration: applied '%s'", order[i]->name);
		count++;
	}
	free(order);
	if (applied)
		*applied = count;
	return rc;
}

int db_migrate(struct db *db, int *applied)
{
	return db_migrate_files(db, store_migrations, applied);
}
