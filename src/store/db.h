/*
 * db: the one database API. SQL text uses $1, $2… parameters so the same
 * statement serves every backend; SQLite (db_sqlite.c) is the embedded
 * default, and a PostgreSQL backend can sit behind the same functions.
 *
 * A `struct db` is one connection, used by one thread at a time. Every
 * connection is opened through db_open, which runs the hooks registered with
 * db_hook_add (search registers its tokenizer there) so the server's
 * threads, the CLI and migrations all get the same connection setup.
 *
 * Statements are cached per connection by SQL text (its address and its
 * characters both): db_query prepares (or reuses), binds and returns a
 * statement that the caller steps and then hands back with db_done. Keep SQL portable: RETURNING for new ids, no
 * backend functions; timestamps are integers (Unix seconds, UTC), dates
 * are 'YYYY-MM-DD' text, booleans are 0/1 integers.
 */
#ifndef KLANG_STORE_DB_H
#define KLANG_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct db_stmt;
struct arena;

enum db_type { DB_T_NULL, DB_T_INT, DB_T_TEXT, DB_T_REAL };

/* A parameter value. Text is borrowed; n == (size_t)-1 means NUL-terminated. */
struct db_arg {
	enum db_type type;
	int64_t i;
	double d;
	const char *s;
	size_t n;
};

#define DB_INT(v) ((struct db_arg){.type = DB_T_INT, .i = (int64_t)(v)})
#define DB_DOUBLE(v) ((struct db_arg){.type = DB_T_REAL, .d = (double)(v)})
/* Text; a NULL pointer binds SQL NULL. */
static inline struct db_arg db_text_arg(const char *s)
{
	return (struct db_arg){.type = s ? DB_T_TEXT : DB_T_NULL, .s = s, .n = (size_t)-1};
}
#define DB_TEXT(v) db_text_arg(v)
#define DB_TEXTN(v, len) ((struct db_arg){.type = DB_T_TEXT, .s = (v), .n = (len)})
#define DB_NULL ((struct db_arg){.type = DB_T_NULL})
/* An id that is NULL when not positive (optional foreign keys). */
#define DB_ID_OR_NULL(v) ((v) > 0 ? DB_INT(v) : DB_NULL)

/* DB_ARGS(a, b, …) expands to the (array, count) pair db_query takes. */
#define DB_ARGS(...) (const struct db_arg[]){__VA_ARGS__}, \
	(sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg))
#define DB_NOARGS NULL, 0

enum { DB_DONE = 0, DB_ROW = 1 };

/* A per-connection hook, run by db_open after the connection is set up. */
typedef int (*db_hook_fn)(struct db *db, void *ctx);

/* Registers a hook for every connection opened afterwards. Not thread-safe:
 * call at start-up, before any connection opens. */
int db_hook_add(db_hook_fn fn, void *ctx) WUR;

/* Opens (creating if needed) the database at `path`. */
int db_open(const char *path, struct db **out) WUR;

/* Closes the connection and its cached statements. db_close(NULL) is a no-op. */
void db_close(struct db *db);

/* The backend's name ("sqlite") and its native handle (sqlite3 *), for the
 * one backend-specific part of the code: search's index. */
const char *db_backend(const struct db *db);
void *db_native(struct db *db);

/* Prepares (or takes from the cache) `sql` and binds `args` to $1…$n.
 * On success the caller owns *out until db_done. */
int db_query(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
	     struct db_stmt **out) WUR;

/* Advances: DB_ROW, DB_DONE, or a negative error (ERR_CONFLICT for a
 * constraint violation, ERR_DB otherwise). */
int db_step(struct db_stmt *st) WUR;

/* Resets the statement and returns it to the cache. db_done(NULL) is a no-op. */
void db_done(struct db_stmt *st);

int db_columns(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int col);
enum db_type db_col_type(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
/* Valid until the next step or db_done; "" for NULL. */
const char *db_col_text(struct db_stmt *st, int col, size_t *len);
bool db_col_null(struct db_stmt *st, int col);

/* Runs a statement that returns no rows (or ignores them). */
int db_exec(struct db *db, const char *sql, const struct db_arg *args, size_t nargs) WUR;

/* Runs a statement expected to return one row whose first column is an
 * integer (e.g. INSERT … RETURNING id, SELECT count(*)). ERR_NOTFOUND when
 * there is no row. */
int db_query_int(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		 int64_t *out) WUR;

/* Runs one text-returning query; the text is copied into `a`. ERR_NOTFOUND
 * when there is no row. A NULL column gives NULL. */
int db_query_text(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
		  size_t nargs, char **out) WUR;

/* Rows changed by the last statement. */
int64_t db_changes(struct db *db);

/* Transactions. The outermost db_begin takes the write lock at once (so
 * read-then-write sequences inside cannot deadlock); inner ones are
 * savepoints, so a domain function may open its own transaction whether or
 * not its caller holds one. Every db_begin is matched by one db_commit or
 * one db_rollback. */
int db_begin(struct db *db) WUR;
int db_commit(struct db *db) WUR;
/* Starts a read-only snapshot: every query until the matching db_commit
 * (or db_rollback) sees the database as it was at the first read. A page
 * made of several queries reads consistent data and takes the lock once. */
int db_begin_read(struct db *db) WUR;
void db_rollback(struct db *db);
/* Ends the innermost transaction: commits when rc is 0, else rolls back.
 * Returns rc, or the commit's error. The usual ending of a write:
 * `return db_end(db, rc);`. */
int db_end(struct db *db, int rc) WUR;

/* True inside a transaction. */
bool db_in_tx(struct db *db);

/* Runs a script of several statements without parameters (migrations). */
int db_exec_script(struct db *db, const char *sql) WUR;

/* A counter that grows with every transaction committed through any
 * connection of this process, for caches of what was read before. */
uint64_t db_generation(void);

/* Copies what the write-ahead log holds into the database file and empties
 * the log (after a bulk load: later reads need not look through the log).
 * Outside any transaction. */
int db_checkpoint(struct db *db) WUR;

/* The last error message of the connection, for logs. */
const char *db_errmsg(struct db *db);

/* A pool of connections to one database, for the server's threads. */
struct db_pool;
int db_pool_open(const char *path, int size, struct db_pool **out) WUR;
void db_pool_close(struct db_pool *p);
/* Blocks until a connection is free. */
struct db *db_pool_acquire(struct db_pool *p);
void db_pool_release(struct db_pool *p, struct db *db);

#endif
