/*
 * find: the repository's search for an actor, and the index kept in step
 * with the documents (see find.h).
 */
#include "km/find.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "export/markdown.h"
#include "km/doc.h"
#include "km/audit.h"
#include "search/search.h"
#include "store/db.h"
#include "store/db_json.h"

#define ATTACH_TEXT_MAX ((size_t)4 << 20) /* bytes of attachment text indexed per document */

/* Appends each row's first column, separated by `sep`, up to the buffer's cap. */
static int column_joined(struct db *db, const char *sql, int64_t id, const char *sep, struct buf *out)
{
	struct db_stmt *st = NULL;
	int rc = db_query(db, sql, DB_ARGS(DB_INT(id)), &st);
	for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
		size_t n = 0;
		const char *t = db_col_text(st, 0, &n);
		if (out->len + n + strlen(sep) + 1 > out->max)
			break; /* the rest is not indexed */
		buf_append(out, t, n);
		buf_puts(out, sep);
	}
	db_done(st);
	return rc < 0 ? rc : buf_err(out);
}

int doc_index(struct db *db, int64_t id)
{
	json_t *row = NULL;
	int rc = db_query_json_one(db,
				   "SELECT d.org_id, coalesce(d.unit_id, 0) AS unit_id,"
				   " coalesce(u.division_id, 0) AS division_id, coalesce(d.created_by, 0) AS created_by,"
				   " d.kind, d.status, d.visibility, coalesce(d.published_fy, 0) AS fy, d.updated_at,"
				   " r.title, r.summary, r.body_md"
				   " FROM documents d LEFT JOIN units u ON u.id = d.unit_id"
				   " JOIN document_revisions r ON r.id = coalesce(d.published_revision_id, d.current_revision_id)"
				   " WHERE d.id = $1",
				   DB_ARGS(DB_INT(id)), &row);
	if (rc == ERR_NOTFOUND) {
		err_clear();
		return search_remove(db, id);
	}
	if (rc)
		return rc;
	struct buf body, tags, issues, attach;
	buf_init(&body, (size_t)DOC_BODY_MAX * 2);
	buf_init(&tags, 64 * 1024);
	buf_init(&issues, 64 * 1024);
	buf_init(&attach, ATTACH_TEXT_MAX);
	const char *md = json_string_value(json_object_get(row, "body_md"));
	rc = md_to_text(md, strlen(md), &body);
	if (!rc)
		rc = column_joined(db, "SELECT tag FROM document_tags WHERE document_id = $1 ORDER BY tag", id, " ", &tags);
	buf_putc(&issues, ',');
	if (!rc)
		rc = column_joined(db,
				   "SELECT DISTINCT CAST(k.issue_id AS TEXT) FROM document_coverage c"
				   " JOIN required_knowledge k ON k.id = c.rk_id"
				   " WHERE c.document_id = $1 AND k.issue_id IS NOT NULL",
				   id, ",", &issues);
	if (!rc)
		rc = column_joined(db, "SELECT text FROM attachments WHERE document_id = $1 ORDER BY id", id, "\n",
				   &attach);
	if (!rc) {
#define I(k) json_integer_value(json_object_get(row, k))
#define S(k) json_string_value(json_object_get(row, k))
		struct search_doc d = {
			.id = id,
			.org_id = I("org_id"),
			.unit_id = I("unit_id"),
			.division_id = I("division_id"),
			.created_by = I("created_by"),
			.kind = S("kind"),
			.status = S("status"),
			.visibility = S("visibility"),
			.fy = (int)I("fy"),
			.issues = issues.len > 1 ? buf_cstr(&issues) : "",
			.updated_at = I("updated_at"),
			.title = S("title"),
			.summary = S("summary"),
			.body = buf_cstr(&body),
			.tags = buf_cstr(&tags),
			.attach = buf_cstr(&attach),
		};
#undef I
#undef S
		rc = search_put(db, &d);
	}
	buf_release(&body);
	buf_release(&tags);
	buf_release(&issues);
	buf_release(&attach);
	json_decref(row);
	return rc;
}

int doc_reindex(struct db *db, void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx)
{
	int64_t total = 0, done = 0;
	int rc = search_schema(db);
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM documents", DB_NOARGS, &total);
	/* Clear every organisation's entries, then index in batches. */
	json_t *orgs = NULL;
	if (!rc)
		rc = db_query_json(db, "SELECT id FROM organisations", DB_NOARGS, 0, &orgs);
	if (!rc)
		rc = db_begin(db);
	if (rc) {
		json_decref(orgs);
		return rc;
	}
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o)
	{
		if (!rc)
			rc = search_clear(db, json_integer_value(json_object_get(o, "id")));
	}
	json_decref(orgs);
	int64_t last = 0;
	while (rc == 0) {
		int64_t ids[256];
		int n = 0;
		struct db_stmt *st = NULL;
		rc = db_query(db, "SELECT id FROM documents WHERE id > $1 ORDER BY id LIMIT 256",
			      DB_ARGS(DB_INT(last)), &st);
		for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0)
			ids[n++] = db_col_int(st, 0);
		db_done(st);
		if (rc < 0)
			break;
		rc = 0;
		for (int k = 0; rc == 0 && k < n; k++) {
			rc = doc_index(db, ids[k]);
			done++;
			if (progress)
				progress(ctx, done, total);
		}
		if (n < 256)
			break;
		last = ids[n - 1];
		/* commit each batch: a long rebuild does not hold one huge transaction */
		if (rc == 0) {
			if ((rc = db_commit(db)))
				return rc;
			if ((rc = db_begin(db)))
				return rc;
		}
	}
	return db_end(db, rc);
}

int doc_index_missing(struct db *db, int64_t *indexed)
{
	int64_t n = 0;
	int rc = 0;
	for (;;) {
		int64_t ids[256];
		int k = 0;
		struct db_stmt *st = NULL;
		rc = db_query(db,
			      "SELECT d.id FROM documents d LEFT JOIN search_docs s ON s.id = d.id"
			      " WHERE s.id IS NULL ORDER BY d.id LIMIT 256",
			      DB_NOARGS, &st);
		for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0)
			ids[k++] = db_col_int(st, 0);
		db_done(st);
		if (rc < 0 || k == 0)
			break;
		rc = db_begin(db);
		for (int i = 0; rc == 0 && i < k; i++)
			rc = doc_index(db, ids[i]);
		if ((rc = db_end(db, rc)))
			break;
		n += k;
		if (k < 256)
			break;
	}
	if (indexed)
		*indexed = n;
	return rc < 0 ? rc : 0;
}

static void access_of(const struct actor *a, struct search_access *acc)
{
	acc->org_id = a->org_id;
	acc->logged_in = a->account_id || a->operator;
	acc->reads_all = doc_reads_all(a);
	acc->division_id = a->account_id ? a->division_id : 0;
	acc->account_id = a->account_id;
}

static bool state_valid(const char *s)
{
	static const char *const states[] = {"draft", "submitted", "reviewed", "approved", "published", "retired"};
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
		if (!strcmp(states[i], s))
			return true;
	}
	return false;
}

/* A unit's name in the organisation ("" when it has none). */
static const char *unit_name(struct db *db, struct arena *ar, int64_t org_id, int64_t unit_id)
{
	char *name = NULL;
	if (unit_id <= 0 ||
	    db_query_text(db, ar, "SELECT name FROM units WHERE id = $1 AND org_id = $2",
			  DB_ARGS(DB_INT(unit_id), DB_INT(org_id)), &name)) {
		err_clear();
		return "";
	}
	return name ? name : "";
}

int doc_search(struct db *db, struct arena *ar, const struct actor *a, const struct doc_query *dq,
	       int page, int per_page, json_t **out)
{
	struct search_access acc;
	access_of(a, &acc);
	struct search_filter f = {
		.kind = dq->kind,
		.status = dq->status,
		.issue_id = dq->issue_id,
		.fy = dq->fy,
		.public_only = dq->public_only,
	};
	if (f.kind && f.kind[0] && !doc_kind_valid(f.kind))
		return err_fail(ERR_INVAL, "kind", "ไม่รู้จักประเภทเอกสารนี้", "Unknown kind.");
	if (f.status && f.status[0] && !state_valid(f.status))
		return err_fail(ERR_INVAL, "status", "ไม่รู้จักสถานะนี้", "Unknown status.");
	if (dq->unit_id > 0) {
		int64_t div = 0;
		int rc = db_query_int(db, "SELECT coalesce(division_id, id) FROM units WHERE id = $1 AND org_id = $2",
				      DB_ARGS(DB_INT(dq->unit_id), DB_INT(a->org_id)), &div);
		if (rc == ERR_NOTFOUND)
			return err_fail(ERR_INVAL, "unit_id", "ไม่พบหน่วยงานนี้", "No such unit.");
		if (rc)
			return rc;
		f.division_id = div;
	}
	struct search_result r;
	int rc = search_run(db, ar, &acc, &f, dq->q, page, per_page, &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	/* the hits' units, each looked up once */
	int64_t seen_id[SEARCH_PER_PAGE_MAX];
	const char *seen_name[SEARCH_PER_PAGE_MAX];
	int nseen = 0;
	for (int i = 0; items && i < r.nhits; i++) {
		const struct search_hit *h = &r.hits[i];
		const char *uname = NULL;
		for (int k = 0; k < nseen && !uname; k++)
			uname = seen_id[k] == h->unit_id ? seen_name[k] : NULL;
		if (!uname) {
			uname = unit_name(db, ar, a->org_id, h->unit_id);
			if (nseen < SEARCH_PER_PAGE_MAX) {
				seen_id[nseen] = h->unit_id;
				seen_name[nseen++] = uname;
			}
		}
		json_t *it = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:i, s:I, s:s, s:f}", "id",
				       (json_int_t)h->id, "title", h->title, "kind", h->kind, "kind_th",
				       doc_kind_label_th(h->kind), "unit", uname,
				       "unit_id", (json_int_t)h->unit_id, "status", h->status, "fy", h->fy,
				       "updated_at", (json_int_t)h->updated_at, "snippet_html", h->snippet_html,
				       "score", h->score);
		if (!it || json_array_append_new(items, it)) {
			json_decref(items);
			items = NULL;
		}
	}
	json_t *sugg = json_array();
	for (int i = 0; sugg && i < r.nsuggestions; i++)
		json_array_append_new(sugg, json_string(r.suggestions[i]));
	*out = json_pack("{s:o*, s:I, s:i, s:i, s:s, s:o*}", "items", items, "total", (json_int_t)r.total, "page",
			 page < 1 ? 1 : page, "per_page",
			 per_page < 1 ? 10 : per_page > SEARCH_PER_PAGE_MAX ? SEARCH_PER_PAGE_MAX : per_page,
			 "query", r.query_norm ? r.query_norm : "", "suggestions", sugg);
	if (!*out)
		return ERR_NOMEM;
	if (r.missed && !db_in_tx(db) && search_miss_log(db, a->org_id, a->account_id, r.query_norm))
		log_error("search: cannot log a query that found nothing");
	return 0;
}

int doc_search_titles(struct db *db, struct arena *ar, const struct actor *a, const char *typed, json_t **out)
{
	struct search_access acc;
	access_of(a, &acc);
	struct search_hit *hits = NULL;
	int n = 0;
	int rc = search_titles(db, ar, &acc, typed, 10, &hits, &n);
	if (rc)
		return rc;
	*out = json_array();
	for (int i = 0; *out && i < n; i++)
		json_array_append_new(*out, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)hits[i].id, "title",
						      hits[i].title, "kind", hits[i].kind, "kind_th",
						      doc_kind_label_th(hits[i].kind)));
	return *out ? 0 : ERR_NOMEM;
}

int doc_equiv_list(struct db *db, const struct actor *a, json_t **out)
{
	int rc = authz_require(a, PERM_SEARCH_EDIT);
	return rc ? rc : search_equiv_list(db, a->org_id, out);
}

int doc_equiv_add(struct db *db, const struct actor *a, const char *terms, int64_t *id_out)
{
	int rc = authz_require(a, PERM_SEARCH_EDIT);
	if (rc || (rc = db_begin(db)))
		return rc;
	int64_t id = 0;
	rc = search_equiv_add(db, a->org_id, terms, &id);
	if (!rc)
		rc = audit_log(db, a, "search.equiv_add", "search_equivalence", id, terms);
	if (!rc && id_out)
		*id_out = id;
	return db_end(db, rc);
}

int doc_equiv_delete(struct db *db, const struct actor *a, int64_t id)
{
	int rc = authz_require(a, PERM_SEARCH_EDIT);
	if (rc || (rc = db_begin(db)))
		return rc;
	rc = search_equiv_delete(db, a->org_id, id);
	if (!rc)
		rc = audit_log(db, a, "search.equiv_delete", "search_equivalence", id, NULL);
	return db_end(db, rc);
}

int doc_word_list(struct db *db, const struct actor *a, json_t **out)
{
	int rc = authz_require(a, PERM_SEARCH_EDIT);
	return rc ? rc : search_word_list(db, a->org_id, out);
}

int doc_word_add(struct db *db, const struct actor *a, const char *word, int64_t *id_out)
{
	int rc = authz_require(a, PERM_SEARCH_EDIT);
	if (rc || (rc = db_begin(db)))
		return rc;
	int64_t id = 0;
	rc = search_word_add(db, a->org_id, word, a->account_id, &id);
	if (!rc)
		rc = audit_log(db, a, "search.word_add", "search_word", id, word);
	if (!rc && id_out)
		*id_out = id;
	return db_end(db, rc);
}

int doc_word_delete(struct db *db, const struct actor *a, int64_t id)
{
	int rc = authz_require(a, PERM_SEARCH_EDIT);
	if (rc || (rc = db_begin(db)))
		return rc;
	rc = search_word_delete(db, a->org_id, id);
	if (!rc)
		rc = audit_log(db, a, "search.word_delete", "search_word", id, NULL);
	return db_end(db, rc);
}
