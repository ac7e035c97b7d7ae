/* report: the annual monitoring and evaluation report, live as a draft, frozen when submitted. */
#include "km/report.h"

#include <stdlib.h>
#include <string.h>
#include "core/arena.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "km/kmap.h"
#include "km/kpi.h"
#include "km/people.h"
#include "km/plan.h"
#include "km/training.h"
#include "store/db.h"
#include "store/db_json.h"

static int check_text(const char *field, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (s && (utf8_count(s, n) > REPORT_TEXT_MAX || !utf8_valid_text(s, n)))
		return err_fail(ERR_TOOBIG, field, "ข้อความยาวเกิน ๘,๐๐๐ ตัวอักษรหรือมีอักขระที่ใช้ไม่ได้",
				"The text is longer than 8,000 characters or holds characters that cannot be used.");
	return 0;
}

static int not_found(void)
{
	return err_fail(ERR_NOTFOUND, "id", "ไม่พบรายงานนี้", "No such report.");
}

static int bad_fy(void)
{
	return err_fail(ERR_INVAL, "fy", "ปีงบประมาณไม่ถูกต้อง", "Not a fiscal year.");
}

/* Report `id`'s row of the actor's organisation (snapshot decoded). */
static int row_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	int rc = db_query_json_one(db,
				   "SELECT id, fy, version, status, problems, proposals, created_at, submitted_at,"
				   " published_at, snapshot AS snapshot_json FROM annual_reports"
				   " WHERE id = $1 AND org_id = $2",
				   DB_ARGS(DB_INT(id), DB_INT(a->org_id)), out);
	return rc == ERR_NOTFOUND ? not_found() : rc;
}

static bool is_draft(const json_t *row)
{
	const char *s = json_string_value(json_object_get(row, "status"));
	return s && strcmp(s, "draft") == 0;
}

/* The values of the indicators in each year of the plan up to `fy`. */
static int trend(struct db *db, const struct actor *a, const json_t *plan, int fy, json_t *out)
{
	int from = (int)json_integer_value(json_object_get(plan, "fy_from"));
	int to = (int)json_integer_value(json_object_get(plan, "fy_to"));
	if (from < 2400 || to < from)
		return 0;
	if (to > fy)
		to = fy;
	for (int y = from; y <= to && y - from <= PLAN_MAX_YEARS; y++) {
		json_t *k = NULL, *kpis = json_array();
		int rc = kpi_year(db, a, y, false, &k);
		if (rc) {
			json_decref(kpis);
			return rc;
		}
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(k, "kpis"), i, v) {
			/* Nothing counted (no divisions, no result entered): no value. */
			bool none = json_integer_value(json_object_get(v, "denominator")) <= 0;
			json_array_append_new(kpis, json_pack("{s:O?,s:O?,s:O?,s:O?}", "code", json_object_get(v, "code"),
							      "value", none ? NULL : json_object_get(v, "value"), "target",
							      json_object_get(v, "target"), "met", json_object_get(v, "met")));
		}
		json_decref(k);
		json_array_append_new(out, json_pack("{s:i,s:o}", "fy", y, "kpis", kpis));
	}
	return 0;
}

/* Everything the report of `fy` shows, from the data as it is now. */
static int gather(struct db *db, const struct actor *a, int fy, const json_t *row, json_t **out)
{
	json_t *d = json_object(), *plan = NULL, *kpi = NULL, *acts = NULL, *cov = NULL, *com = NULL;
	char *org = NULL;
	struct arena *ar = NULL;
	int64_t total = 0;
	int rc = ERR_NOMEM;
	if (!d)
		goto out;
	json_object_set_new(d, "fy", json_integer(fy));
	ar = arena_new(1 << 20);
	if (!ar)
		goto out;
	rc = db_query_text(db, ar, "SELECT name FROM organisations WHERE id = $1", DB_ARGS(DB_INT(a->org_id)), &org);
	if (rc)
		goto out;
	json_object_set_new(d, "org", json_string(org ? org : ""));
	rc = plan_for_year(db, a->org_id, fy, &plan);
	if (rc == ERR_NOTFOUND) {
		err_clear();
		plan = NULL;
		rc = 0;
	}
	if (rc)
		goto out;
	json_object_set(d, "plan", plan ? plan : json_null());
	json_t *tr = json_array();
	json_object_set_new(d, "trend", tr);
	if (plan && (rc = trend(db, a, plan, fy, tr)))
		goto out;
	if ((rc = kpi_year(db, a, fy, true, &kpi)))
		goto out;
	json_object_set(d, "kpis", json_object_get(kpi, "kpis"));
	if ((rc = activity_list(db, a, fy, 1, REPORT_ACTIVITIES_MAX, &acts, &total)))
		goto out;
	json_object_set(d, "activities", acts);
	json_object_set_new(d, "activities_total", json_integer(total));
	if ((rc = kmap_coverage_summary(db, a, &cov)))
		goto out;
	json_object_set_new(d, "coverage",
			    json_pack("{s:O?,s:O?,s:O?}", "covered", json_object_get(cov, "covered"), "total",
				      json_object_get(cov, "total"), "issues", json_object_get(cov, "issues")));
	json_object_set(d, "gaps", json_object_get(cov, "gaps") ? json_object_get(cov, "gaps") : json_array());
	if ((rc = person_committee(db, a, &com)))
		goto out;
	size_t i;
	json_t *m;
	json_array_foreach(com, i, m) {
		const char *role = json_string_value(json_object_get(m, "committee_role"));
		json_object_set_new(m, "role_th", json_string(authz_committee_role_label_th(role)));
	}
	json_object_set(d, "committee", com);
	json_object_set(d, "problems", json_object_get(row, "problems"));
	json_object_set(d, "proposals", json_object_get(row, "proposals"));
	*out = d;
	d = NULL;
out:
	json_decref(d);
	json_decref(plan);
	json_decref(kpi);
	json_decref(acts);
	json_decref(cov);
	json_decref(com);
	arena_free(ar);
	return rc;
}

int report_generate(struct db *db, const struct actor *a, int fy, int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc)
		return rc;
	if (fy < 2400 || fy > 2700)
		return bad_fy();
	int64_t last = 0, id = 0;
	if ((rc = db_begin(db)))
		return rc;
	rc = db_query_int(db, "SELECT coalesce(max(version), 0) FROM annual_reports WHERE org_id = $1 AND fy = $2",
			  DB_ARGS(DB_INT(a->org_id), DB_INT(fy)), &last);
	if (!rc && last >= REPORT_VERSIONS_MAX)
		rc = err_fail(ERR_TOOBIG, "fy", "รายงานของปีนี้มีครบจำนวนฉบับสูงสุดแล้ว",
			      "The year has the most report versions allowed.");
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO annual_reports (org_id, fy, version, status, created_by, created_at)"
				  " VALUES ($1, $2, $3, 'draft', $4, $5) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(fy), DB_INT(last + 1),
					  a->account_id ? DB_INT(a->account_id) : DB_NULL, DB_INT(clock_now())),
				  &id);
	if (!rc)
		rc = audit_log(db, a, "report.generate", "annual_report", id, NULL);
	rc = db_end(db, rc);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int report_update(struct db *db, const struct actor *a, int64_t id, const char *problems, const char *proposals)
{
	json_t *row = NULL;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = check_text("problems", problems)) || (rc = check_text("proposals", proposals)) ||
	    (rc = row_get(db, a, id, &row)))
		return rc;
	if (!is_draft(row))
		rc = err_fail(ERR_CONFLICT, "id", "รายงานนี้เสนอแล้ว แก้ไขไม่ได้ ให้จัดทำฉบับใหม่",
			      "The report is submitted and cannot change; generate a new version.");
	if (!rc)
		rc = db_exec(db,
			     "UPDATE annual_reports SET problems = coalesce($3, problems),"
			     " proposals = coalesce($4, proposals) WHERE id = $1 AND org_id = $2 AND status = 'draft'",
			     DB_ARGS(DB_INT(id), DB_INT(a->org_id), problems ? DB_TEXT(problems) : DB_NULL,
				     proposals ? DB_TEXT(proposals) : DB_NULL));
	if (!rc)
		rc = audit_log(db, a, "report.update", "annual_report", id, NULL);
	json_decref(row);
	return rc;
}

int report_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	json_t *row = NULL, *data = NULL;
	int rc = row_get(db, a, id, &row);
	if (rc)
		return rc;
	/* The public reads the reports published on the portal, nothing else. */
	if (!authz_can(a, PERM_ORG_READ) && !json_is_integer(json_object_get(row, "published_at"))) {
		json_decref(row);
		return not_found();
	}
	bool editor = authz_can(a, PERM_KMAP_EDIT);
	if (is_draft(row)) {
		rc = gather(db, a, (int)json_integer_value(json_object_get(row, "fy")), row, &data);
	} else {
		data = json_incref(json_object_get(row, "snapshot"));
		if (!data)
			data = json_object();
	}
	if (!rc) {
		json_object_del(row, "snapshot");
		json_object_set_new(row, "data", data);
		json_object_set_new(row, "can_edit", json_boolean(is_draft(row) && editor));
		json_object_set_new(row, "can_submit", json_boolean(is_draft(row) && editor));
		json_object_set_new(row, "can_publish", json_boolean(!is_draft(row) && editor));
		*out = row;
		row = NULL;
	} else {
		json_decref(data);
	}
	json_decref(row);
	return rc;
}

int report_publish(struct db *db, const struct actor *a, int64_t id, bool public_)
{
	json_t *row = NULL;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = row_get(db, a, id, &row)))
		return rc;
	if (is_draft(row))
		rc = err_fail(ERR_CONFLICT, "id", "เผยแพร่ได้เฉพาะรายงานที่เสนอผู้บริหารแล้ว",
			      "Only a report submitted to the executives can be published.");
	else if (public_)
		rc = db_exec(db,
			     "UPDATE annual_reports SET published_at = coalesce(published_at, $3),"
			     " published_by = coalesce(published_by, $4) WHERE id = $1 AND org_id = $2",
			     DB_ARGS(DB_INT(id), DB_INT(a->org_id), DB_INT(clock_now()), DB_ID_OR_NULL(a->account_id)));
	else
		rc = db_exec(db,
			     "UPDATE annual_reports SET published_at = NULL, published_by = NULL"
			     " WHERE id = $1 AND org_id = $2",
			     DB_ARGS(DB_INT(id), DB_INT(a->org_id)));
	if (!rc)
		rc = audit_log(db, a, public_ ? "report.publish" : "report.unpublish", "annual_report", id, NULL);
	json_decref(row);
	return rc;
}

int report_live(struct db *db, const struct actor *a, int fy, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	if (rc)
		return rc;
	if (fy < 2400 || fy > 2700)
		return bad_fy();
	json_t *row = json_pack("{s:i,s:i,s:i,s:s,s:s,s:s,s:I,s:n,s:b,s:b}", "id", 0, "fy", fy, "version", 0,
				"status", "draft", "problems", "", "proposals", "", "created_at",
				(json_int_t)clock_now(), "submitted_at", "can_edit", 0, "can_submit", 0);
	json_t *data = NULL;
	if (!row)
		return ERR_NOMEM;
	if ((rc = gather(db, a, fy, row, &data))) {
		json_decref(row);
		return rc;
	}
	json_object_set_new(row, "data", data);
	*out = row;
	return 0;
}

int report_submit(struct db *db, const struct actor *a, int64_t id)
{
	json_t *row = NULL, *data = NULL;
	char *text = NULL;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = row_get(db, a, id, &row)))
		return rc;
	if (!is_draft(row)) {
		rc = err_fail(ERR_CONFLICT, "id", "รายงานนี้เสนอแล้ว", "The report is already submitted.");
		goto out;
	}
	if ((rc = db_begin(db)))
		goto out;
	rc = gather(db, a, (int)json_integer_value(json_object_get(row, "fy")), row, &data);
	if (!rc && !(text = json_dumps(data, JSON_COMPACT)))
		rc = ERR_NOMEM;
	if (!rc)
		rc = db_exec(db,
			     "UPDATE annual_reports SET status = 'submitted', snapshot = $3, submitted_by = $4,"
			     " submitted_at = $5 WHERE id = $1 AND org_id = $2 AND status = 'draft'",
			     DB_ARGS(DB_INT(id), DB_INT(a->org_id), DB_TEXT(text),
				     a->account_id ? DB_INT(a->account_id) : DB_NULL, DB_INT(clock_now())));
	if (!rc && db_changes(db) != 1)
		rc = err_fail(ERR_CONFLICT, "id", "รายงานนี้เสนอแล้ว", "The report is already submitted.");
	if (!rc)
		rc = audit_log(db, a, "report.submit", "annual_report", id, NULL);
	rc = db_end(db, rc);
out:
	if (text) {
		/* json_dumps allocates with jansson's allocator (an arena's, in a
		 * request): freed by its pair. */
		json_malloc_t jm;
		json_free_t jf;
		json_get_alloc_funcs(&jm, &jf);
		jf(text);
	}
	json_decref(data);
	json_decref(row);
	return rc;
}

int report_list(struct db *db, const struct actor *a, int fy, json_t **out)
{
	if (fy != 0 && (fy < 2400 || fy > 2700))
		return bad_fy();
	return db_query_json(db,
			     "SELECT id, fy, version, status, created_at, submitted_at, published_at FROM annual_reports"
			     " WHERE org_id = $1 AND ($2 = 0 OR fy = $2) AND ($3 = 1 OR published_at IS NOT NULL)"
			     " ORDER BY fy DESC, version DESC",
			     DB_ARGS(DB_INT(a->org_id), DB_INT(fy), DB_INT(authz_can(a, PERM_ORG_READ))), 0, out);
}
