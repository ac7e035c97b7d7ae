/* Tests of store/: the db API on SQLite, migrations, transactions, binding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "store/db.h"
#include "store/db_json.h"
#include "store/migrate.h"
#include "support/support.h"

static char dir[] = "/tmp/klang-store-XXXXXX";
static char path[600];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return test_rmtree(dir);
}

static struct db *fresh(const char *name)
{
	char p[700];
	snprintf(p, sizeof p, "%s/%s.db", dir, name);
	unlink(p);
	struct db *db = NULL;
	assert_int_equal(db_open(p, &db), 0);
	return db;
}

static void migrations_apply_once(void **state)
{
	(void)state;
	struct db *db = fresh("m");
	int applied = -1, version = -1;
	assert_int_equal(db_migrate(db, &applied), 0);
	assert_true(applied >= 1);
	assert_int_equal(db_schema_version(db, &version), 0);
	assert_true(version >= 1);
	assert_int_equal(db_migrate(db, &applied), 0);
	assert_int_equal(applied, 0);
	int64_t n = 0;
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM schema_migrations", DB_NOARGS, &n), 0);
	assert_int_equal(n, version);
	/* The per-connection settings. */
	assert_int_equal(db_query_int(db, "PRAGMA foreign_keys", DB_NOARGS, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_query_int(db, "PRAGMA synchronous", DB_NOARGS, &n), 0);
	assert_int_equal(n, 2); /* FULL */
	char *mode = NULL;
	struct arena *a = arena_new(1 << 16);
	assert_int_equal(db_query_text(db, a, "PRAGMA journal_mode", DB_NOARGS, &mode), 0);
	assert_string_equal(mode, "wal");
	arena_free(a);
	db_close(db);
}

static void failing_migration_rolls_back(void **state)
{
	(void)state;
	struct db *db = fresh("bad");
	const struct embed_file files[] = {
		{"002_two.sql", "CREATE TABLE two (x INTEGER); INSERT INTO nowhere VALUES (1);", 0},
		{"001_one.sql", "CREATE TABLE one (id ID_PRIMARY_KEY, v TEXT);", 0},
		{NULL, NULL, 0},
	};
	int applied = 0, version = 0;
	assert_int_not_equal(db_migrate_files(db, files, &applied), 0);
	assert_int_equal(applied, 1); /* 001 ran; 002 failed and was rolled back */
	assert_int_equal(db_schema_version(db, &version), 0);
	assert_int_equal(version, 1);
	int64_t n = -1;
	assert_int_not_equal(db_query_int(db, "SELECT count(*) FROM two", DB_NOARGS, &n), 0);
	/* ID_PRIMARY_KEY numbers rows. */
	int64_t id = 0;
	assert_int_equal(db_query_int(db, "INSERT INTO one (v) VALUES ($1) RETURNING id",
				      DB_ARGS(DB_TEXT("a")), &id), 0);
	assert_int_equal(id, 1);
	const struct embed_file dup[] = {{"003_a.sql", "SELECT 1;", 0}, {"003_b.sql", "SELECT 1;", 0}, {0}};
	assert_int_equal(db_migrate_files(db, dup, NULL), ERR_INVAL);
	const struct embed_file badname[] = {{"x.sql", "SELECT 1;", 0}, {0}};
	assert_int_equal(db_migrate_files(db, badname, NULL), ERR_INVAL);
	db_close(db);
}

static void binding_by_number(void **state)
{
	(void)state;
	struct db *db = fresh("bind");
	assert_int_equal(db_exec_script(db, "CREATE TABLE t (id ID_PRIMARY_KEY, a TEXT, b INTEGER, c TEXT)"), 0);
	int64_t id = 0;
	/* $2 appears before $1 and twice: bound by number, not by position. */
	assert_int_equal(db_query_int(db, "INSERT INTO t (b, a, c) VALUES ($2, $1, $2 || '') RETURNING id",
				      DB_ARGS(DB_TEXT("ไทย"), DB_INT(7)), &id), 0);
	struct db_stmt *st;
	assert_int_equal(db_query(db, "SELECT a, b, c FROM t WHERE id = $1", DB_ARGS(DB_INT(id)), &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0, NULL), "ไทย");
	assert_int_equal(db_col_int(st, 1), 7);
	assert_string_equal(db_col_text(st, 2, NULL), "7");
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	/* NULL through DB_TEXT(NULL), and a length-limited text. */
	assert_int_equal(db_exec(db, "INSERT INTO t (a, b) VALUES ($1, $2)",
				 DB_ARGS(DB_TEXT(NULL), DB_NULL)), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t (a) VALUES ($1)", DB_ARGS(DB_TEXTN("abcdef", 3))), 0);
	int64_t n = 0;
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM t WHERE a IS NULL AND b IS NULL", DB_NOARGS, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM t WHERE a = 'abc'", DB_NOARGS, &n), 0);
	assert_int_equal(n, 1);
	/* Too few arguments for the statement is refused. */
	assert_int_equal(db_exec(db, "INSERT INTO t (a, b) VALUES ($1, $2)", DB_ARGS(DB_TEXT("x"))), ERR_INVAL);
	/* Only $n parameters are accepted. */
	assert_int_equal(db_exec(db, "INSERT INTO t (a) VALUES (:a)", DB_ARGS(DB_TEXT("x"))), ERR_INVAL);
	/* No row: ERR_NOTFOUND. */
	assert_int_equal(db_query_int(db, "SELECT b FROM t WHERE id = $1", DB_ARGS(DB_INT(999)), &n), ERR_NOTFOUND);
	/* The same statement used while it is still open (nested) works. */
	struct db_stmt *outer, *inner;
	assert_int_equal(db_query(db, "SELECT id FROM t ORDER BY id", DB_NOARGS, &outer), 0);
	assert_int_equal(db_step(outer), DB_ROW);
	assert_int_equal(db_query(db, "SELECT id FROM t ORDER BY id", DB_NOARGS, &inner), 0);
	assert_int_equal(db_step(inner), DB_ROW);
	assert_int_equal(db_col_int(inner, 0), db_col_int(outer, 0));
	db_done(inner);
	db_done(outer);
	/* SQL written into one reused buffer is told apart by its text, not
	 * its address: the cache never runs the previous statement. */
	char sql[64];
	for (int k = 1; k <= 2; k++) {
		snprintf(sql, sizeof sql, "SELECT %d + $1", k * 100);
		assert_int_equal(db_query_int(db, sql, DB_ARGS(DB_INT(1)), &n), 0);
		assert_int_equal(n, k * 100 + 1);
	}
	db_close(db);
}

static void transactions_and_savepoints(void **state)
{
	(void)state;
	struct db *db = fresh("tx");
	assert_int_equal(db_exec_script(db, "CREATE TABLE t (v INTEGER UNIQUE)"), 0);
	assert_false(db_in_tx(db));
	assert_int_equal(db_begin(db), 0);
	assert_true(db_in_tx(db));
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(1))), 0);
	/* An inner transaction that fails is undone alone. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(2))), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(1))), ERR_CONFLICT);
	db_rollback(db);
	assert_true(db_in_tx(db));
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(3))), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_false(db_in_tx(db));
	int64_t sum = 0;
	assert_int_equal(db_query_int(db, "SELECT sum(v) FROM t", DB_NOARGS, &sum), 0);
	assert_int_equal(sum, 4); /* 1 + 3; the 2 went with the inner rollback */
	/* An outer rollback undoes everything. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(10))), 0);
	db_rollback(db);
	assert_int_equal(db_query_int(db, "SELECT sum(v) FROM t", DB_NOARGS, &sum), 0);
	assert_int_equal(sum, 4);
	assert_int_equal(db_commit(db), ERR_INVAL); /* nothing to commit */
	db_close(db);
}

static void rows_as_json(void **state)
{
	(void)state;
	struct db *db = fresh("json");
	assert_int_equal(db_exec_script(db, "CREATE TABLE t (id ID_PRIMARY_KEY, name TEXT, parent_id INTEGER, extra_json TEXT);"
					    "INSERT INTO t (name, parent_id, extra_json) VALUES ('ก', NULL, '{\"k\":[1,2]}'), ('ข', 1, NULL);"), 0);
	json_t *rows = NULL;
	assert_int_equal(db_query_json(db, "SELECT id, name, parent_id, extra_json FROM t ORDER BY id", DB_NOARGS, 0, &rows), 0);
	assert_int_equal(json_array_size(rows), 2);
	json_t *first = json_array_get(rows, 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), 1);
	assert_string_equal(json_string_value(json_object_get(first, "name")), "ก");
	assert_true(json_is_null(json_object_get(first, "parent_id")));
	assert_int_equal(json_integer_value(json_array_get(json_object_get(json_object_get(first, "extra"), "k"), 1)), 2);
	json_decref(rows);
	assert_int_equal(db_query_json(db, "SELECT id FROM t", DB_NOARGS, 1, &rows), 0);
	assert_int_equal(json_array_size(rows), 1); /* the limit */
	json_decref(rows);
	json_t *one = NULL;
	assert_int_equal(db_query_json_one(db, "SELECT name FROM t WHERE id = $1", DB_ARGS(DB_INT(5)), &one), ERR_NOTFOUND);
	db_close(db);
}

static int hook_calls;
static int count_hook(struct db *db, void *ctx)
{
	(void)db;
	(void)ctx;
	hook_calls++;
	return 0;
}

static void pool_and_hooks(void **state)
{
	(void)state;
	assert_int_equal(db_hook_add(count_hook, NULL), 0);
	hook_calls = 0;
	struct db_pool *pool = NULL;
	assert_int_equal(db_pool_open(path, 3, &pool), 0);
	assert_int_equal(hook_calls, 3); /* every connection ran the hook */
	struct db *a = db_pool_acquire(pool), *b = db_pool_acquire(pool);
	assert_ptr_not_equal(a, b);
	assert_int_equal(db_exec_script(a, "CREATE TABLE IF NOT EXISTS p (v INTEGER)"), 0);
	/* A connection handed back inside a transaction is rolled back. */
	assert_int_equal(db_begin(a), 0);
	assert_int_equal(db_exec(a, "INSERT INTO p VALUES (1)", DB_NOARGS), 0);
	db_pool_release(pool, a);
	int64_t n = -1;
	assert_int_equal(db_query_int(b, "SELECT count(*) FROM p", DB_NOARGS, &n), 0);
	assert_int_equal(n, 0);
	db_pool_release(pool, b);
	db_pool_close(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations_apply_once),
		cmocka_unit_test(failing_migration_rolls_back),
		cmocka_unit_test(binding_by_number),
		cmocka_unit_test(transactions_and_savepoints),
		cmocka_unit_test(rows_as_json),
		cmocka_unit_test(pool_and_hooks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
