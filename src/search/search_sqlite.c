/*
 * search_sqlite: the index on SQLite FTS5 (with search_sqlite_query.c and
 * search_sqlite_rank.c, the backend-specific part of search/): klang's
 * tokenizer, the schema, and the entries. An entry's facts live in
 * search_docs and its text in search_text (portable, in the migrations);
 * search_fts is an FTS5 table over search_text (external content) and
 * search_vocab its vocabulary. The tokenizer cuts stored text with
 * thai_terms; a query's text is cut by search/ itself (query.c), so in query
 * mode the tokenizer passes each quoted term through.
 */
#include "search/search.h"
#include "search/search_int.h"
#include "search/search_sqlite_int.h"

#include <pthread.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/str.h"
#include "core/utf8.h"
#include "store/db.h"
#include "store/db_json.h"
#include "thai/normalize.h"
#include "thai/segment.h"
#include "thai/terms.h"

/* Bump when what the tokenizer emits changes: search_schema then rebuilds. */
#define TOKENIZER_VERSION "klang-3"

/* ---- the tokenizer ---- */

struct tok_call {
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
};

static int tok_term(void *ctx, const struct thai_term *t)
{
	struct tok_call *c = ctx;
	int rc = c->token(c->ctx, t->colocated ? FTS5_TOKEN_COLOCATED : 0, t->p, (int)t->n, (int)t->off,
			  (int)(t->off + t->len));
	return rc == SQLITE_OK ? 0 : rc;
}

static int tok_create(void *ud, const char **args, int nargs, Fts5Tokenizer **out)
{
	(void)args;
	(void)nargs;
	*out = (Fts5Tokenizer *)ud;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int ntext,
			int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	if (ntext <= 0)
		return SQLITE_OK;
	if (flags & FTS5_TOKENIZE_QUERY)
		return token(ctx, 0, text, ntext, 0, ntext);
	struct tok_call c = {ctx, token};
	/* every text indexed comes from search_text, which search_put fills with
	 * normalised text */
	unsigned how = THAI_TERMS_UNITS | THAI_TERMS_PARTS | THAI_TERMS_NORMAL;
	int rc = thai_terms(search_dict(), text, (size_t)ntext, how, tok_term, &c);
	if (rc == ERR_INVAL)
		return SQLITE_OK; /* stored text is valid UTF-8; anything else is skipped */
	return rc == 0 ? SQLITE_OK : rc > 0 ? rc : SQLITE_NOMEM;
}

static fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_tokenize};

/* Registers the tokenizer on this connection unless it is there. */
int sq_ensure(struct db *db)
{
	sqlite3 *h = db_native(db);
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return ERR_DB;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api)
		return ERR_DB;
	void *ud = NULL;
	fts5_tokenizer found;
	if (api->xFindTokenizer(api, "klang", &ud, &found) == SQLITE_OK)
		return 0;
	static int dummy;
	if (api->xCreateTokenizer(api, "klang", &dummy, &tokenizer, NULL) != SQLITE_OK || sq_rank_register(api))
		return ERR_DB;
	return 0;
}

static int recount(struct db *db);

int search_schema(struct db *db)
{
	int rc = search_words_load(db);
	if (rc == 0)
		rc = sq_ensure(db);
	if (rc)
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	rc = db_exec(db,
		     "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, summary, body, tags, attach,"
		     " content='search_text', content_rowid='id', tokenize='klang')",
		     DB_NOARGS);
	if (rc == 0)
		rc = db_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search_fts, 'row')",
			     DB_NOARGS);
	/* The tokenizer that made the index, and whether it is this one. */
	char version[64] = "";
	struct db_stmt *st = NULL;
	if (rc == 0)
		rc = db_query(db, "SELECT value FROM search_meta WHERE key = 'tokenizer'", DB_NOARGS, &st);
	if (rc == 0 && (rc = db_step(st)) == DB_ROW)
		snprintf(version, sizeof version, "%s", db_col_text(st, 0, NULL));
	db_done(st);
	if (rc >= 0)
		rc = 0;
	if (rc == 0 && strcmp(version, TOKENIZER_VERSION)) {
		if (version[0])
			log_info("search: the index was made by tokenizer '%s': rebuilding", version);
		rc = db_exec(db, "INSERT INTO search_fts(search_fts) VALUES ('rebuild')", DB_NOARGS);
		if (rc == 0)
			rc = recount(db);
		if (rc == 0)
			rc = db_exec(db,
				     "INSERT INTO search_meta (key, value) VALUES ('tokenizer', $1)"
				     " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
				     DB_ARGS(DB_TEXT(TOKENIZER_VERSION)));
	}
	return db_end(db, rc);
}

/* ---- the index's change counter (the document-count cache reads it) ---- */

int64_t sq_index_version(struct db *db)
{
	int64_t v = 0;
	if (db_query_int(db, "SELECT CAST(value AS BIGINT) FROM search_meta WHERE key = 'version'", DB_NOARGS, &v)) {
		err_clear();
		return 0;
	}
	return v;
}

/* Bumps the index's change counter and moves its count of entries by
 * `added` and of tokens by `tokens` (inside the writer's transaction). */
static int index_changed(struct db *db, int added, int64_t tokens)
{
	int rc = db_exec(db,
			 "INSERT INTO search_meta (key, value) VALUES ('version', '1')"
			 " ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(search_meta.value AS BIGINT) + 1 AS TEXT)",
			 DB_NOARGS);
	if (rc == 0 && added)
		rc = db_exec(db,
			     "INSERT INTO search_meta (key, value) VALUES ('docs', CAST($1 AS TEXT))"
			     " ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(search_meta.value AS BIGINT) + $1 AS TEXT)",
			     DB_ARGS(DB_INT(added)));
	if (rc == 0 && tokens)
		rc = db_exec(db,
			     "INSERT INTO search_meta (key, value) VALUES ('tokens', CAST($1 AS TEXT))"
			     " ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(search_meta.value AS BIGINT) + $1 AS TEXT)",
			     DB_ARGS(DB_INT(tokens)));
	return rc;
}

/* A counter of search_meta ("docs", "tokens"; 0 if not counted yet). */
int64_t sq_meta_int(struct db *db, const char *key)
{
	int64_t v = 0;
	if (db_query_int(db, "SELECT CAST(value AS BIGINT) FROM search_meta WHERE key = $1", DB_ARGS(DB_TEXT(key)), &v)) {
		err_clear();
		return 0;
	}
	return v;
}

/* ---- entries ---- */

#define TEXT_COLS "title, summary, body, tags, attach"

/* Removes the entry's postings using its stored text (external content);
 * says whether there was one and how many tokens it had. */
static int unindex(struct db *db, int64_t id, bool *existed, int64_t *tokens)
{
	struct db_stmt *st = NULL;
	*existed = false;
	*tokens = 0;
	if (db_query_int(db, "SELECT len FROM search_docs WHERE id = $1", DB_ARGS(DB_INT(id)), tokens))
		err_clear();
	int rc = db_query(db, "SELECT " TEXT_COLS " FROM search_text WHERE id = $1", DB_ARGS(DB_INT(id)), &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*existed = true;
		size_t n[5];
		const char *t[5];
		/* copied: the text is only valid until st is done */
		char *copy[5] = {0};
		for (int i = 0; i < 5; i++) {
			t[i] = db_col_text(st, i, &n[i]);
			copy[i] = malloc(n[i] + 1);
			if (copy[i]) {
				memcpy(copy[i], t[i], n[i]);
				copy[i][n[i]] = 0;
			}
		}
		db_done(st);
		st = NULL;
		rc = 0;
		for (int i = 0; i < 5; i++) {
			if (!copy[i])
				rc = ERR_NOMEM;
		}
		if (rc == 0)
			rc = db_exec(db,
				     "INSERT INTO search_fts (search_fts, rowid, " TEXT_COLS ")"
				     " VALUES ('delete', $1, $2, $3, $4, $5, $6)",
				     DB_ARGS(DB_INT(id), DB_TEXTN(copy[0], n[0]), DB_TEXTN(copy[1], n[1]),
					     DB_TEXTN(copy[2], n[2]), DB_TEXTN(copy[3], n[3]), DB_TEXTN(copy[4], n[4])));
		for (int i = 0; i < 5; i++)
			free(copy[i]);
		return rc;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* The tokens FTS5 counted in an entry: its docsize record, a varint per
 * column (FTS5's own table, as the backend may read it). */
static int entry_tokens(struct db *db, int64_t id, int64_t *out)
{
	struct db_stmt *st = NULL;
	*out = 0;
	int rc = db_query(db, "SELECT sz FROM search_fts_docsize WHERE id = $1", DB_ARGS(DB_INT(id)), &st);
	if (rc == 0 && (rc = db_step(st)) == DB_ROW) {
		size_t n = 0;
		const unsigned char *p = (const unsigned char *)db_col_text(st, 0, &n);
		/* SQLite's varints: seven bits a byte, most significant first */
		for (size_t i = 0; i < n;) {
			uint64_t v = 0;
			for (int k = 0; i < n && k < 9; k++) {
				unsigned char b = p[i++];
				if (k == 8) {
					v = (v << 8) | b;
					break;
				}
				v = (v << 7) | (b & 0x7F);
				if (!(b & 0x80))
					break;
			}
			*out += (int64_t)v;
		}
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* After a rebuild: each entry's length, the counters (and with them the
 * cached word counts, which the change counter invalidates). */
static int recount(struct db *db)
{
	int64_t last = 0, docs = 0, tokens = 0;
	int rc = 0;
	for (;;) {
		int64_t ids[256];
		int n = 0;
		struct db_stmt *st = NULL;
		rc = db_query(db, "SELECT id FROM search_docs WHERE id > $1 ORDER BY id LIMIT 256", DB_ARGS(DB_INT(last)),
			      &st);
		for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0)
			ids[n++] = db_col_int(st, 0);
		db_done(st);
		if (rc < 0)
			return rc;
		rc = 0;
		for (int i = 0; rc == 0 && i < n; i++) {
			int64_t t = 0;
			rc = entry_tokens(db, ids[i], &t);
			if (rc == 0)
				rc = db_exec(db, "UPDATE search_docs SET len = $1 WHERE id = $2", DB_ARGS(DB_INT(t), DB_INT(ids[i])));
			tokens += t;
			docs++;
		}
		if (rc || n < 256)
			break;
		last = ids[n - 1];
	}
	if (rc == 0)
		rc = db_exec(db,
			     "INSERT INTO search_meta (key, value) VALUES ('docs', CAST($1 AS TEXT)), ('tokens', CAST($2 AS TEXT))"
			     " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			     DB_ARGS(DB_INT(docs), DB_INT(tokens)));
	return rc ? rc : index_changed(db, 0, 0);
}

int sq_unindex_matching(struct db *db, const char *word, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	size_t cap = 0;
	struct db_stmt *st = NULL;
	int rc = sq_ensure(db); /* the first use of search/ on this connection may be this */
	if (rc == 0)
		rc = db_query(db,
			      "SELECT id FROM search_text WHERE instr(title, $1) > 0 OR instr(summary, $1) > 0"
			      " OR instr(body, $1) > 0 OR instr(tags, $1) > 0 OR instr(attach, $1) > 0",
			      DB_ARGS(DB_TEXT(word)), &st);
	for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			int64_t *v = realloc(*ids, cap * sizeof *v);
			if (!v) {
				rc = ERR_NOMEM;
				break;
			}
			*ids = v;
		}
		(*ids)[(*n)++] = db_col_int(st, 0);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	bool existed = false;
	int64_t tokens = 0;
	rc = 0;
	for (size_t i = 0; rc == 0 && i < *n; i++)
		rc = unindex(db, (*ids)[i], &existed, &tokens);
	return rc;
}

int sq_reindex_ids(struct db *db, const int64_t *ids, size_t n)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int64_t old = 0, tokens = 0;
		if (db_query_int(db, "SELECT len FROM search_docs WHERE id = $1", DB_ARGS(DB_INT(ids[i])), &old))
			err_clear();
		rc = db_exec(db,
			     "INSERT INTO search_fts (rowid, " TEXT_COLS ") SELECT id, " TEXT_COLS
			     " FROM search_text WHERE id = $1",
			     DB_ARGS(DB_INT(ids[i])));
		if (rc == 0)
			rc = entry_tokens(db, ids[i], &tokens);
		if (rc == 0)
			rc = db_exec(db, "UPDATE search_docs SET len = $1 WHERE id = $2",
				     DB_ARGS(DB_INT(tokens), DB_INT(ids[i])));
		if (rc == 0)
			rc = index_changed(db, 0, tokens - old);
	}
	return rc;
}

int search_put(struct db *db, const struct search_doc *d)
{
	int rc = sq_ensure(db);
	if (rc)
		return rc;
	const char *src[5] = {d->title, d->summary, d->body, d->tags, d->attach};
	struct buf norm[5];
	for (int i = 0; i < 5; i++) {
		buf_init(&norm[i], (size_t)32 << 20);
		if (rc == 0 && src[i])
			rc = thai_normalize_mode(src[i], strlen(src[i]), false, &norm[i]);
	}
	if (rc == 0)
		rc = db_begin(db);
	if (rc)
		goto out;
	bool existed = false;
	int64_t old_tokens = 0, tokens = 0;
	rc = unindex(db, d->id, &existed, &old_tokens);
	if (rc == 0 && existed)
		rc = db_exec(db, "DELETE FROM search_text WHERE id = $1", DB_ARGS(DB_INT(d->id)));
	if (rc == 0)
		rc = db_exec(db, "DELETE FROM search_docs WHERE id = $1", DB_ARGS(DB_INT(d->id)));
	if (rc == 0)
		rc = db_exec(db,
			     "INSERT INTO search_text (id, " TEXT_COLS ") VALUES ($1, $2, $3, $4, $5, $6)",
			     DB_ARGS(DB_INT(d->id), DB_TEXTN(buf_cstr(&norm[0]), norm[0].len),
				     DB_TEXTN(buf_cstr(&norm[1]), norm[1].len), DB_TEXTN(buf_cstr(&norm[2]), norm[2].len),
				     DB_TEXTN(buf_cstr(&norm[3]), norm[3].len), DB_TEXTN(buf_cstr(&norm[4]), norm[4].len)));
	if (rc == 0)
		rc = db_exec(db,
			     "INSERT INTO search_fts (rowid, " TEXT_COLS ") VALUES ($1, $2, $3, $4, $5, $6)",
			     DB_ARGS(DB_INT(d->id), DB_TEXTN(buf_cstr(&norm[0]), norm[0].len),
				     DB_TEXTN(buf_cstr(&norm[1]), norm[1].len), DB_TEXTN(buf_cstr(&norm[2]), norm[2].len),
				     DB_TEXTN(buf_cstr(&norm[3]), norm[3].len), DB_TEXTN(buf_cstr(&norm[4]), norm[4].len)));
	/* its length in tokens, as FTS5 counted them, kept beside its facts so
	 * that ranking reads it with them */
	if (rc == 0)
		rc = entry_tokens(db, d->id, &tokens);
	if (rc == 0)
		rc = db_exec(db,
			     "INSERT INTO search_docs (id, org_id, unit_id, division_id, kind, status, visibility,"
			     " created_by, fy, issues, updated_at, len)"
			     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
			     DB_ARGS(DB_INT(d->id), DB_INT(d->org_id), DB_ID_OR_NULL(d->unit_id),
				     DB_ID_OR_NULL(d->division_id), DB_TEXT(d->kind), DB_TEXT(d->status),
				     DB_TEXT(d->visibility), DB_ID_OR_NULL(d->created_by), DB_INT(d->fy),
				     DB_TEXT(d->issues ? d->issues : ""), DB_INT(d->updated_at), DB_INT(tokens)));
	if (rc == 0)
		rc = index_changed(db, existed ? 0 : 1, tokens - old_tokens);
	rc = db_end(db, rc);
out:
	for (int i = 0; i < 5; i++)
		buf_release(&norm[i]);
	return rc;
}

int search_remove(struct db *db, int64_t id)
{
	int rc = sq_ensure(db);
	if (rc || (rc = db_begin(db)))
		return rc;
	bool existed = false;
	int64_t tokens = 0;
	rc = unindex(db, id, &existed, &tokens);
	if (rc == 0 && existed)
		rc = db_exec(db, "DELETE FROM search_text WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (rc == 0 && existed)
		rc = db_exec(db, "DELETE FROM search_docs WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (rc == 0 && existed)
		rc = index_changed(db, -1, -tokens);
	return db_end(db, rc);
}

int search_clear(struct db *db, int64_t org_id)
{
	int rc = sq_ensure(db);
	if (rc || (rc = db_begin(db)))
		return rc;
	struct db_stmt *st = NULL;
	int64_t ids[256];
	do {
		int n = 0;
		rc = db_query(db, "SELECT id FROM search_docs WHERE org_id = $1 LIMIT 256", DB_ARGS(DB_INT(org_id)), &st);
		for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0)
			ids[n++] = db_col_int(st, 0);
		db_done(st);
		if (rc < 0)
			break;
		rc = 0;
		for (int i = 0; rc == 0 && i < n; i++)
			rc = search_remove(db, ids[i]);
		if (n < 256)
			break;
	} while (rc == 0);
	return db_end(db, rc);
}
