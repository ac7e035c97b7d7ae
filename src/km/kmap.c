/* kmap: strategic issues, goals and required knowledge. */
#include "km/kmap.h"

#include <string.h>
#include <time.h>

#include "core/cal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "km/doc.h"
#include "search/search.h"
#include "store/db.h"
#include "store/db_json.h"

static int check_text(const char *field, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || utf8_count(s, n) > KMAP_TEXT_MAX || !utf8_valid_text(s, n))
		return err_fail(ERR_INVAL, field, "ต้องระบุข้อความ (ไม่เกิน 500 ตัวอักษร)",
				"A text of up to 500 characters is required.");
	return 0;
}

/* Attaches to each issue of `issues` the rows of `rows` whose issue_id
 * matches, under `key`. */
static void attach(json_t *issues, json_t *rows, const char *key)
{
	size_t i;
	json_t *issue;
	json_array_foreach(issues, i, issue) {
		json_t *list = json_array();
		json_int_t id = json_integer_value(json_object_get(issue, "id"));
		size_t j;
		json_t *row;
		json_array_foreach(rows, j, row) {
			if (json_integer_value(json_object_get(row, "issue_id")) == id)
				json_array_append(list, row);
		}
		json_object_set_new(issue, key, list);
	}
}

int kmap_get(struct db *db, const struct actor *a, int64_t org_id, json_t **out)
{
	int rc = authz_require(a, PERM_KMAP_READ);
	if (rc)
		return rc;
	json_t *issues = NULL, *goals = NULL, *rks = NULL;
	rc = db_query_json(db,
			   "SELECT id, number, title FROM strategic_issues WHERE org_id = $1 ORDER BY number",
			   DB_ARGS(DB_INT(org_id)), 0, &issues);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT id, issue_id, text FROM strategic_goals WHERE org_id = $1"
				   " ORDER BY issue_id, sort, id",
				   DB_ARGS(DB_INT(org_id)), 0, &goals);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT k.id, k.issue_id, k.title, k.unit_id, u.name AS unit_name"
				   " FROM required_knowledge k LEFT JOIN units u ON u.id = k.unit_id"
				   " WHERE k.org_id = $1 ORDER BY k.issue_id, k.sort, k.id",
				   DB_ARGS(DB_INT(org_id)), 0, &rks);
	if (!rc) {
		attach(issues, goals, "goals");
		attach(issues, rks, "knowledge");
		*out = issues;
		issues = NULL;
	}
	json_decref(issues);
	json_decref(goals);
	json_decref(rks);
	return rc;
}

int kmap_counts(struct db *db, const struct actor *a, int64_t org_id, int64_t *issues,
		int64_t *items)
{
	int rc = authz_require(a, PERM_KMAP_READ);
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM strategic_issues WHERE org_id = $1",
				  DB_ARGS(DB_INT(org_id)), issues);
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM required_knowledge WHERE org_id = $1",
				  DB_ARGS(DB_INT(org_id)), items);
	return rc;
}

int kmap_coverage(struct db *db, const struct actor *a, json_t *issues)
{
	struct db_stmt *st;
	int rc = db_query(db,
			  "SELECT c.rk_id, d.id, pr.title, d.kind, d.org_id, coalesce(u.division_id, 0),"
			  " coalesce(d.created_by, 0), d.status, d.visibility"
			  " FROM document_coverage c JOIN documents d ON d.id = c.document_id"
			  " JOIN document_revisions pr ON pr.id = d.published_revision_id"
			  " LEFT JOIN units u ON u.id = d.unit_id"
			  " WHERE c.org_id = $1 AND d.status = 'published' ORDER BY pr.title",
			  DB_ARGS(DB_INT(a->org_id)), &st);
	if (rc)
		return rc;
	/* Index the items by id. */
	size_t i, j;
	json_t *issue, *item;
	json_array_foreach(issues, i, issue) {
		json_array_foreach(json_object_get(issue, "knowledge"), j, item) {
			json_object_set_new(item, "docs", json_array());
			json_object_set_new(item, "covered", json_false());
		}
	}
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t rk = db_col_int(st, 0);
		struct doc_access acc = {
			.org_id = db_col_int(st, 4),
			.division_id = db_col_int(st, 5),
			.created_by = db_col_int(st, 6),
			.status = db_col_text(st, 7, NULL),
			.visibility = db_col_text(st, 8, NULL),
		};
		bool visible = doc_may_read(a, &acc);
		json_array_foreach(issues, i, issue) {
			json_array_foreach(json_object_get(issue, "knowledge"), j, item) {
				if (json_integer_value(json_object_get(item, "id")) != rk)
					continue;
				json_object_set_new(item, "covered", json_true());
				if (visible)
					json_array_append_new(json_object_get(item, "docs"),
							      json_pack("{s:I, s:s, s:s}", "id",
									(json_int_t)db_col_int(st, 1), "title",
									db_col_text(st, 2, NULL), "kind",
									db_col_text(st, 3, NULL)));
			}
		}
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int kmap_issue_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	json_t *all = NULL;
	int rc = kmap_get(db, a, a->org_id, &all);
	if (rc)
		return rc;
	size_t i;
	json_t *issue;
	rc = err_fail(ERR_NOTFOUND, NULL, "ไม่พบประเด็นยุทธศาสตร์นี้", "No such strategic issue.");
	json_array_foreach(all, i, issue) {
		if (json_integer_value(json_object_get(issue, "id")) == id) {
			*out = json_incref(issue);
			rc = 0;
			break;
		}
	}
	json_decref(all);
	return rc;
}

int kmap_issue_create(struct db *db, const struct actor *a, int number, const char *title,
		      int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = check_text("title", title)))
		return rc;
	if (number < 1 || number > 99)
		return err_fail(ERR_INVAL, "number", "ลำดับต้องเป็น 1–99", "The number must be 1–99.");
	int64_t id = 0;
	rc = db_query_int(db,
			  "INSERT INTO strategic_issues (org_id, number, title, created_at)"
			  " VALUES ($1, $2, $3, $4) RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_INT(number), DB_TEXT(title), DB_INT(clock_now())),
			  &id);
	if (rc == ERR_CONFLICT)
		return err_fail(rc, "number", "มีประเด็นยุทธศาสตร์ลำดับนี้อยู่แล้ว",
				"A strategic issue with this number exists.");
	if (!rc)
		rc = audit_log(db, a, "kmap.issue.create", "strategic_issue", id, title);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int kmap_issue_update(struct db *db, const struct actor *a, int64_t id, int number,
		      const char *title)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (title && (rc = check_text("title", title))))
		return rc;
	if (number == 0 || number > 99)
		return err_fail(ERR_INVAL, "number", "ลำดับต้องเป็น 1–99", "The number must be 1–99.");
	rc = db_exec(db,
		     "UPDATE strategic_issues SET title = coalesce($1, title),"
		     " number = CASE WHEN $2 < 0 THEN number ELSE $2 END WHERE id = $3 AND org_id = $4",
		     DB_ARGS(DB_TEXT(title), DB_INT(number), DB_INT(id), DB_INT(a->org_id)));
	if (rc == ERR_CONFLICT)
		return err_fail(rc, "number", "มีประเด็นยุทธศาสตร์ลำดับนี้อยู่แล้ว",
				"A strategic issue with this number exists.");
	if (!rc && db_changes(db) == 0)
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบประเด็นยุทธศาสตร์นี้", "No such strategic issue.");
	if (!rc)
		rc = audit_log(db, a, "kmap.issue.update", "strategic_issue", id, title);
	return rc;
}

static int issue_in_org(struct db *db, int64_t org_id, int64_t issue_id)
{
	int64_t n = 0;
	int rc = db_query_int(db, "SELECT count(*) FROM strategic_issues WHERE id = $1 AND org_id = $2",
			      DB_ARGS(DB_INT(issue_id), DB_INT(org_id)), &n);
	if (!rc && !n)
		rc = err_fail(ERR_NOTFOUND, "issue_id", "ไม่พบประเด็นยุทธศาสตร์นี้",
			      "No such strategic issue.");
	return rc;
}

int kmap_goal_add(struct db *db, const struct actor *a, int64_t issue_id, const char *text,
		  int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = check_text("text", text)) || (rc = issue_in_org(db, a->org_id, issue_id)))
		return rc;
	int64_t id = 0;
	rc = db_query_int(db,
			  "INSERT INTO strategic_goals (org_id, issue_id, sort, text) VALUES ($1, $2,"
			  " (SELECT coalesce(max(sort), 0) + 1 FROM strategic_goals WHERE issue_id = $2), $3)"
			  " RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_INT(issue_id), DB_TEXT(text)), &id);
	if (!rc)
		rc = audit_log(db, a, "kmap.goal.create", "strategic_goal", id, text);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int kmap_goal_delete(struct db *db, const struct actor *a, int64_t goal_id)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc)
		return rc;
	rc = db_exec(db, "DELETE FROM strategic_goals WHERE id = $1 AND org_id = $2",
		     DB_ARGS(DB_INT(goal_id), DB_INT(a->org_id)));
	if (!rc && db_changes(db) == 0)
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบเป้าประสงค์นี้", "No such goal.");
	if (!rc)
		rc = audit_log(db, a, "kmap.goal.delete", "strategic_goal", goal_id, NULL);
	return rc;
}

static int unit_in_org(struct db *db, int64_t org_id, int64_t unit_id)
{
	if (unit_id <= 0)
		return 0;
	int64_t n = 0;
	int rc = db_query_int(db, "SELECT count(*) FROM units WHERE id = $1 AND org_id = $2",
			      DB_ARGS(DB_INT(unit_id), DB_INT(org_id)), &n);
	if (!rc && !n)
		rc = err_fail(ERR_INVAL, "unit_id", "ไม่พบหน่วยงานที่เลือก", "Unknown unit.");
	return rc;
}

int kmap_rk_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	int rc = authz_require(a, PERM_KMAP_READ);
	if (rc)
		return rc;
	rc = db_query_json_one(db,
			       "SELECT k.id, k.issue_id, k.title, k.unit_id, u.name AS unit_name,"
			       " s.number AS issue_number, s.title AS issue_title"
			       " FROM required_knowledge k JOIN strategic_issues s ON s.id = k.issue_id"
			       " LEFT JOIN units u ON u.id = k.unit_id WHERE k.id = $1 AND k.org_id = $2",
			       DB_ARGS(DB_INT(id), DB_INT(a->org_id)), out);
	if (rc == ERR_NOTFOUND)
		err_fail(rc, NULL, "ไม่พบองค์ความรู้นี้", "No such required-knowledge item.");
	return rc;
}

int kmap_rk_create(struct db *db, const struct actor *a, int64_t issue_id, const char *title,
		   int64_t unit_id, int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = check_text("title", title)) || (rc = issue_in_org(db, a->org_id, issue_id)) ||
	    (rc = unit_in_org(db, a->org_id, unit_id)))
		return rc;
	int64_t id = 0;
	rc = db_query_int(db,
			  "INSERT INTO required_knowledge (org_id, issue_id, unit_id, sort, title, created_at)"
			  " VALUES ($1, $2, $3,"
			  " (SELECT coalesce(max(sort), 0) + 1 FROM required_knowledge WHERE issue_id = $2),"
			  " $4, $5) RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_INT(issue_id), DB_ID_OR_NULL(unit_id),
				  DB_TEXT(title), DB_INT(clock_now())),
			  &id);
	if (!rc)
		rc = audit_log(db, a, "kmap.rk.create", "required_knowledge", id, title);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int kmap_rk_update(struct db *db, const struct actor *a, int64_t id, const char *title,
		   int64_t unit_id)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (title && (rc = check_text("title", title))) ||
	    (rc = unit_in_org(db, a->org_id, unit_id)))
		return rc;
	rc = db_exec(db,
		     "UPDATE required_knowledge SET title = coalesce($1, title),"
		     " unit_id = CASE WHEN $2 < 0 THEN unit_id WHEN $2 = 0 THEN NULL ELSE $2 END"
		     " WHERE id = $3 AND org_id = $4",
		     DB_ARGS(DB_TEXT(title), DB_INT(unit_id), DB_INT(id), DB_INT(a->org_id)));
	if (!rc && db_changes(db) == 0)
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบองค์ความรู้นี้", "No such required-knowledge item.");
	if (!rc)
		rc = audit_log(db, a, "kmap.rk.update", "required_knowledge", id, title);
	return rc;
}

int kmap_rk_delete(struct db *db, const struct actor *a, int64_t id)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc)
		return rc;
	rc = db_exec(db, "DELETE FROM required_knowledge WHERE id = $1 AND org_id = $2",
		     DB_ARGS(DB_INT(id), DB_INT(a->org_id)));
	if (!rc && db_changes(db) == 0)
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบองค์ความรู้นี้", "No such required-knowledge item.");
	if (!rc)
		rc = audit_log(db, a, "kmap.rk.delete", "required_knowledge", id, NULL);
	return rc;
}

json_t *kmap_coverage_tally(const json_t *issues)
{
	json_t *out = json_object(), *list = json_array(), *gaps = json_array();
	if (!out || !list || !gaps) {
		json_decref(out);
		json_decref(list);
		json_decref(gaps);
		return NULL;
	}
	json_int_t covered = 0, total = 0;
	size_t i, j;
	const json_t *issue, *item;
	json_array_foreach(issues, i, issue) {
		json_int_t ic = 0, it = 0;
		json_array_foreach(json_object_get(issue, "knowledge"), j, item) {
			it++;
			if (json_is_true(json_object_get(item, "covered"))) {
				ic++;
				continue;
			}
			json_array_append_new(gaps, json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?}", "id",
							      json_object_get(item, "id"), "title",
							      json_object_get(item, "title"), "unit_name",
							      json_object_get(item, "unit_name"), "issue_number",
							      json_object_get(issue, "number"), "issue_title",
							      json_object_get(issue, "title")));
		}
		json_array_append_new(list, json_pack("{s:O?, s:O?, s:O?, s:I, s:I}", "id", json_object_get(issue, "id"),
						      "number", json_object_get(issue, "number"), "title",
						      json_object_get(issue, "title"), "covered", ic, "total", it));
		covered += ic;
		total += it;
	}
	json_object_set_new(out, "covered", json_integer(covered));
	json_object_set_new(out, "total", json_integer(total));
	json_object_set_new(out, "issues", list);
	json_object_set_new(out, "gaps", gaps);
	return out;
}

int kmap_coverage_summary(struct db *db, const struct actor *a, json_t **out)
{
	json_t *map = NULL;
	int rc = kmap_get(db, a, a->org_id, &map);
	if (!rc)
		rc = kmap_coverage(db, a, map);
	if (!rc && !(*out = kmap_coverage_tally(map)))
		rc = ERR_NOMEM;
	json_decref(map);
	return rc;
}

int kmap_search_gaps(struct db *db, const struct actor *a, int fy, int limit, json_t **out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc)
		return rc;
	if (fy < 2400 || fy > 2700)
		return err_fail(ERR_INVAL, "fy", "ปีงบประมาณไม่ถูกต้อง", "Not a fiscal year.");
	if (limit < 1 || limit > 100)
		limit = 100;
	/* The fiscal year's first and last moments, Bangkok time (UTC+7). */
	struct date first, last;
	cal_fiscal_range(fy, &first, &last);
	int64_t from = cal_days(first) * 86400 - 7 * 3600, to = (cal_days(last) + 1) * 86400 - 7 * 3600;
	return search_misses(db, a->org_id, from, to, limit, out);
}
