/*
 * db_sqlite: the SQLite backend of the db API. One file in the data
 * directory, WAL journal, synchronous=FULL, foreign keys on, a busy
 * timeout; statements cached per connection by their SQL text.
 */
#include "store/db.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"

#define CACHE_SLOTS 512
#define MAX_PARAMS 64
#define MAX_HOOKS 8
#define BUSY_TIMEOUT_MS 10000

struct db_stmt {
	sqlite3_stmt *st;
	struct db *db;
	const char *sql; /* the caller's string, for the fast check */
	char *text;      /* a copy: the same address may later hold other SQL */
	bool in_use;
	bool cached;
	int nmap;
	int map[MAX_PARAMS + 1]; /* $n -> SQLite parameter index (0 = unused) */
};

struct db {
	sqlite3 *h;
	int depth; /* open transactions: 1 = BEGIN, more = savepoints */
	struct db_stmt *cache[CACHE_SLOTS];
};

static _Atomic uint64_t generation;

uint64_t db_generation(void)
{
	return generation;
}

/* SQLite calls this on every commit, explicit or autocommit. */
static int on_commit(void *ctx)
{
	(void)ctx;
	generation++;
	return 0; /* go on with the commit */
}

static struct {
	db_hook_fn fn;
	void *ctx;
} hooks[MAX_HOOKS];
static int nhooks;

int db_hook_add(db_hook_fn fn, void *ctx)
{
	if (nhooks == MAX_HOOKS)
		return ERR_TOOBIG;
	hooks[nhooks].fn = fn;
	hooks[nhooks].ctx = ctx;
	nhooks++;
	return 0;
}

static int map_rc(struct db *db, int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_OK:
	case SQLITE_DONE:
		return 0;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_CONSTRAINT:
		return ERR_CONFLICT;
	case SQLITE_NOMEM:
		return ERR_NOMEM;
	case SQLITE_TOOBIG:
		return ERR_TOOBIG;
	default:
		log_error("database: %s", sqlite3_errmsg(db->h));
		return ERR_DB;
	}
}

/* Process-wide SQLite settings, before the library initialises: no memory
 * statistics (they take a global mutex on every allocation). */
static void global_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_open(const char *path, struct db **out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, global_setup);
	struct db *db = calloc(1, sizeof *db);
	if (!db)
		return ERR_NOMEM;
	int rc = sqlite3_open_v2(path, &db->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
					 SQLITE_OPEN_EXRESCODE,
				 NULL);
	if (rc != SQLITE_OK) {
		log_error("database: cannot open '%s': %s", path,
			  db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		db_close(db);
		return ERR_DB;
	}
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	sqlite3_commit_hook(db->h, on_commit, NULL);
	static const char *const setup =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA temp_store=MEMORY;"
		"PRAGMA trusted_schema=OFF;"
		/* the search index is read at random: map the file rather than copy
		 * pages through read(), and keep more of them per connection */
		"PRAGMA mmap_size=1073741824;"
		"PRAGMA cache_size=-16384;";
	char *msg = NULL;
	if (sqlite3_exec(db->h, setup, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("database: cannot set up '%s': %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		db_close(db);
		return ERR_DB;
	}
	for (int i = 0; i < nhooks; i++) {
		rc = hooks[i].fn(db, hooks[i].ctx);
		if (rc) {
			db_close(db);
			return rc;
		}
	}
	*out = db;
	return 0;
}

static void stmt_free(struct db_stmt *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->st);
	free(s->text);
	free(s);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		stmt_free(db->cache[i]);
	sqlite3_close_v2(db->h);
	free(db);
}

const char *db_backend(const struct db *db)
{
	(void)db;
	return "sqlite";
}

void *db_native(struct db *db)
{
	return db->h;
}

static size_t slot_of(const char *sql)
{
	uintptr_t v = (uintptr_t)sql;
	v ^= v >> 17;
	v *= 0x9E3779B97F4A7C15ull;
	return (size_t)(v >> 7) % CACHE_SLOTS;
}

static int prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct db_stmt *s = calloc(1, sizeof *s);
	if (!s)
		return ERR_NOMEM;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
	if (rc != SQLITE_OK) {
		log_error("database: cannot prepare: %s: %.200s", sqlite3_errmsg(db->h), sql);
		free(s);
		return ERR_DB;
	}
	s->db = db;
	s->sql = sql;
	s->text = strdup(sql);
	if (!s->text) {
		stmt_free(s);
		return ERR_NOMEM;
	}
	int count = sqlite3_bind_parameter_count(s->st);
	for (int i = 1; i <= count; i++) {
		const char *name = sqlite3_bind_parameter_name(s->st, i);
		long n = name && name[0] == '$' ? strtol(name + 1, NULL, 10) : 0;
		if (n < 1 || n > MAX_PARAMS) {
			log_error("database: parameter '%s' is not $1…$%d: %.200s", name ? name : "?",
				  MAX_PARAMS, sql);
			stmt_free(s);
			return ERR_INVAL;
		}
		s->map[n] = i;
		if (n > s->nmap)
			s->nmap = (int)n;
	}
	*out = s;
	return 0;
}

int db_query(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
	     struct db_stmt **out)
{
	size_t slot = slot_of(sql);
	struct db_stmt *s = db->cache[slot];
	int rc;
	/* The same string at the same address: SQL built at run time in a
	 * reused buffer shares an address with other text, so compare both. */
	if (s && s->sql == sql && !s->in_use && !strcmp(s->text, sql)) {
		/* cached and free */
	} else {
		rc = prepare(db, sql, &s);
		if (rc)
			return rc;
		if (!db->cache[slot] || !db->cache[slot]->in_use) {
			stmt_free(db->cache[slot]);
			db->cache[slot] = s;
			s->cached = true;
		}
	}
	s->in_use = true;
	if ((int)nargs < s->nmap) {
		log_error("database: %zu arguments for $%d: %.200s", nargs, s->nmap, sql);
		db_done(s);
		return ERR_INVAL;
	}
	for (size_t i = 0; i < nargs && (int)i < s->nmap; i++) {
		int idx = s->map[i + 1];
		if (!idx)
			continue;
		const struct db_arg *a = &args[i];
		switch (a->type) {
		case DB_T_NULL:
			rc = sqlite3_bind_null(s->st, idx);
			break;
		case DB_T_INT:
			rc = sqlite3_bind_int64(s->st, idx, a->i);
			break;
		case DB_T_REAL:
			rc = sqlite3_bind_double(s->st, idx, a->d);
			break;
		case DB_T_TEXT:
			rc = sqlite3_bind_text64(s->st, idx, a->s,
						 a->n == (size_t)-1 ? strlen(a->s) : a->n,
						 SQLITE_STATIC, SQLITE_UTF8);
			break;
		default:
			rc = SQLITE_MISUSE;
		}
		if (rc != SQLITE_OK) {
			rc = map_rc(db, rc);
			db_done(s);
			return rc;
		}
	}
	*out = s;
	return 0;
}

int db_step(struct db_stmt *s)
{
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return map_rc(s->db, rc);
}

void db_done(struct db_stmt *s)
{
	if (!s)
		return;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	s->in_use = false;
	if (!s->cached)
		stmt_free(s);
}

int db_columns(struct db_stmt *s)
{
	return sqlite3_column_count(s->st);
}

const char *db_col_name(struct db_stmt *s, int col)
{
	return sqlite3_column_name(s->st, col);
}

enum db_type db_col_type(struct db_stmt *s, int col)
{
	switch (sqlite3_column_type(s->st, col)) {
	case SQLITE_NULL:
		return DB_T_NULL;
	case SQLITE_INTEGER:
		return DB_T_INT;
	case SQLITE_FLOAT:
		return DB_T_REAL;
	default:
		return DB_T_TEXT;
	}
}

int64_t db_col_int(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

double db_col_double(struct db_stmt *s, int col)
{
	return sqlite3_column_double(s->st, col);
}

const char *db_col_text(struct db_stmt *s, int col, size_t *len)
{
	const unsigned char *t = sqlite3_column_text(s->st, col);
	if (len)
		*len = t ? (size_t)sqlite3_column_bytes(s->st, col) : 0;
	return t ? (const char *)t : "";
}

bool db_col_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

int db_exec(struct db *db, const char *sql, const struct db_arg *args, size_t nargs)
{
	struct db_stmt *s;
	int rc = db_query(db, sql, args, nargs, &s);
	if (rc)
		return rc;
	while ((rc = db_step(s)) == DB_ROW)
		;
	db_done(s);
	return rc;
}

int db_query_int(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		 int64_t *out)
{
	struct db_stmt *s;
	int rc = db_query(db, sql, args, nargs, &s);
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc == DB_ROW) {
		*out = db_col_int(s, 0);
		/* Finish the statement (an INSERT … RETURNING completes here). */
		while ((rc = db_step(s)) == DB_ROW)
			;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_done(s);
	return rc;
}

int db_query_text(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
		  size_t nargs, char **out)
{
	struct db_stmt *s;
	int rc = db_query(db, sql, args, nargs, &s);
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc == DB_ROW) {
		size_t n;
		const char *t = db_col_text(s, 0, &n);
		*out = db_col_null(s, 0) ? NULL : arena_strndup(a, t, n);
		rc = (*out || db_col_null(s, 0)) ? 0 : ERR_NOMEM;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_done(s);
	return rc;
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

/* Runs a control statement (BEGIN, SAVEPOINT…) outside the statement cache. */
static int control(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("database: '%s' failed: %s", sql, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return (rc & 0xFF) == SQLITE_BUSY ? ERR_DB : map_rc(db, rc);
	}
	return 0;
}

int db_begin(struct db *db)
{
	char sql[32];
	if (db->depth == 0)
		snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
	else
		snprintf(sql, sizeof sql, "SAVEPOINT sp%d", db->depth);
	int rc = control(db, sql);
	if (!rc)
		db->depth++;
	return rc;
}

int db_begin_read(struct db *db)
{
	if (db->depth > 0)
		return ERR_INVAL;
	int rc = control(db, "BEGIN DEFERRED");
	if (!rc)
		db->depth++;
	return rc;
}

int db_commit(struct db *db)
{
	char sql[32];
	if (db->depth <= 0)
		return ERR_INVAL;
	if (db->depth == 1)
		snprintf(sql, sizeof sql, "COMMIT");
	else
		snprintf(sql, sizeof sql, "RELEASE sp%d", db->depth - 1);
	int rc = control(db, sql);
	if (!rc)
		db->depth--;
	return rc;
}

void db_rollback(struct db *db)
{
	char sql[64];
	if (db->depth <= 0)
		return;
	if (db->depth == 1)
		snprintf(sql, sizeof sql, "ROLLBACK");
	else
		snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", db->depth - 1,
			 db->depth - 1);
	if (control(db, sql))
		log_error("database: rollback failed");
	db->depth--;
	if (db->depth == 0 && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_end(struct db *db, int rc)
{
	if (rc == 0)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

bool db_in_tx(struct db *db)
{
	return db->depth > 0;
}

/* The portable spellings in migrations and how SQLite spells them:
 * ID_PRIMARY_KEY, an auto-numbered 64-bit key (AUTOINCREMENT: a deleted
 * row's id is never handed out again, so a retried DELETE or an audit
 * event's target never meets a new row); ID_KEY, a 64-bit key the writer
 * gives (the search index's rows carry their document's id). */
static const struct {
	const char *token, *spelled;
} ddl_words[] = {
	{"ID_PRIMARY_KEY", "INTEGER PRIMARY KEY AUTOINCREMENT"},
	{"ID_KEY", "INTEGER PRIMARY KEY"},
};

/* The DDL word at p, if any (a whole word: not inside a longer name). */
static int ddl_word_at(const char *sql, const char *p)
{
	if (p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
		return -1;
	for (size_t i = 0; i < sizeof ddl_words / sizeof ddl_words[0]; i++) {
		size_t n = strlen(ddl_words[i].token);
		if (!strncmp(p, ddl_words[i].token, n) && !isalnum((unsigned char)p[n]) && p[n] != '_')
			return (int)i;
	}
	return -1;
}

int db_exec_script(struct db *db, const char *sql)
{
	struct buf b;
	buf_init(&b, strlen(sql) * 4 + 64);
	for (const char *p = sql; *p;) {
		int k = *p == 'I' ? ddl_word_at(sql, p) : -1;
		if (k >= 0) {
			buf_puts(&b, ddl_words[k].spelled);
			p += strlen(ddl_words[k].token);
		} else {
			buf_putc(&b, *p++);
		}
	}
	if (buf_err(&b)) {
		buf_release(&b);
		return ERR_NOMEM;
	}
	const char *text = buf_cstr(&b);
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, text, NULL, NULL, &msg);
	buf_release(&b);
	if (rc != SQLITE_OK) {
		log_error("database: script failed: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return ERR_DB;
	}
	return 0;
}

int db_checkpoint(struct db *db)
{
	int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		log_error("database: checkpoint failed: %s", sqlite3_errmsg(db->h));
		return ERR_DB;
	}
	return 0;
}

const char *db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

/* The pool. */

struct db_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int size;
	int nfree;
	struct db **all;
	struct db **free;
};

int db_pool_open(const char *path, int size, struct db_pool **out)
{
	struct db_pool *p = calloc(1, sizeof *p);
	if (!p)
		return ERR_NOMEM;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->all = calloc((size_t)size, sizeof *p->all);
	p->free = calloc((size_t)size, sizeof *p->free);
	if (!p->all || !p->free) {
		db_pool_close(p);
		return ERR_NOMEM;
	}
	for (int i = 0; i < size; i++) {
		int rc = db_open(path, &p->all[i]);
		if (rc) {
			db_pool_close(p);
			return rc;
		}
		p->size++;
		p->free[p->nfree++] = p->all[i];
	}
	*out = p;
	return 0;
}

void db_pool_close(struct db_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->size; i++)
		db_close(p->all[i]);
	free(p->all);
	free(p->free);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

struct db *db_pool_acquire(struct db_pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	struct db *db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return db;
}

void db_pool_release(struct db_pool *p, struct db *db)
{
	if (!db)
		return;
	while (db_in_tx(db))
		db_rollback(db); /* never hand on an open transaction */
	pthread_mutex_lock(&p->mu);
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}
