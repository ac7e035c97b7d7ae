/* kpi: KPI 1, 2 and 3 of a fiscal year with their evidence. */
#include "km/kpi.h"

#include <math.h>
#include <string.h>

#include "core/cal.h"
#include "km/plan.h"
#include "km/training.h"
#include "store/db.h"
#include "store/db_json.h"

#define EVIDENCE_MAX 20 /* evidence rows shown per division */

/* The fiscal year's first and last moments, Bangkok time, in Unix seconds. */
static void year_bounds(int fy, int64_t *start, int64_t *end)
{
	struct date first, last;
	cal_fiscal_range(fy, &first, &last);
	*start = cal_days(first) * 86400 - 7 * 3600;
	*end = (cal_days(last) + 1) * 86400 - 7 * 3600 - 1;
}

static double percent(int64_t num, int64_t den)
{
	return den ? round((double)num * 1000.0 / (double)den) / 10.0 : 0.0;
}

/* The plan's year of `fy` (0 the first), or -1 without a plan. */
static int plan_year(struct db *db, int64_t org_id, int fy)
{
	json_t *plan = NULL;
	int rc = plan_for_year(db, org_id, fy, &plan);
	int year = -1;
	if (!rc) {
		json_int_t from = json_integer_value(json_object_get(plan, "fy_from"));
		json_int_t to = json_integer_value(json_object_get(plan, "fy_to"));
		if (fy >= from && fy <= to)
			year = (int)(fy - from);
	}
	json_decref(plan);
	err_clear();
	return year;
}

/* The target of `code` in `fy`: the plan's own when the plan in force
 * sets one, else `dflt`. */
static double target_of(struct db *db, int64_t org_id, int fy, const char *code, double dflt)
{
	double t = dflt;
	if (plan_kpi_target(db, org_id, fy, code, &t))
		t = dflt;
	err_clear();
	return t;
}

static json_t *indicator(const char *code, const char *name_th, int64_t num, int64_t den, double target, json_t *rows,
			 bool with_rows)
{
	double value = percent(num, den);
	json_t *k = json_pack("{s:s, s:s, s:I, s:I, s:f, s:f, s:b, s:s}", "code", code, "name_th", name_th, "numerator",
			      (json_int_t)num, "denominator", (json_int_t)den, "value", value, "target", target, "met",
			      den > 0 && value >= target, "unit", "percent");
	if (with_rows)
		json_object_set(k, "rows", rows);
	json_decref(rows);
	return k;
}

/* Attaches each evidence row to its division (by "division_id") and counts
 * the divisions that have any. */
static int64_t assign(json_t *divisions, json_t *evidence)
{
	int64_t counted = 0;
	size_t i, j;
	json_t *d, *e;
	json_array_foreach(divisions, i, d)
	{
		json_t *mine = json_array();
		json_array_foreach(evidence, j, e)
		{
			if (json_equal(json_object_get(e, "division_id"), json_object_get(d, "unit_id")) &&
			    json_array_size(mine) < EVIDENCE_MAX) {
				json_t *copy = json_deep_copy(e);
				json_object_del(copy, "division_id");
				json_array_append_new(mine, copy);
			}
		}
		bool has = json_array_size(mine) > 0;
		counted += has;
		json_object_set_new(d, "counted", json_boolean(has));
		json_object_set_new(d, "evidence", mine);
	}
	return counted;
}

int kpi_year(struct db *db, const struct actor *a, int fy, bool with_rows, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	if (rc)
		return rc;
	if (fy < 2400 || fy > 2700)
		return err_fail(ERR_INVAL, "fy", "ปีงบประมาณไม่ถูกต้อง", "Not a fiscal year.");
	int64_t start, end;
	year_bounds(fy, &start, &end);
	json_t *div1 = NULL, *memos = NULL, *spaces = NULL, *docs = NULL, *dev = NULL;
	/* The divisions of the year: created by its end and in use. */
	rc = db_query_json(db,
			   "SELECT id AS unit_id, name FROM units WHERE org_id = $1 AND parent_id IS NULL AND active = 1"
			   " AND created_at <= $2 ORDER BY sort, name",
			   DB_ARGS(DB_INT(a->org_id), DB_INT(end)), 0, &div1);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT u.division_id, m.id AS memo_id, m.number, m.document_id, m.title, m.approved_at"
				   " FROM approval_memos m JOIN units u ON u.id = m.unit_id"
				   " WHERE m.org_id = $1 AND m.fy = $2 AND m.kind = 'manual' ORDER BY m.number",
				   DB_ARGS(DB_INT(a->org_id), DB_INT(fy)), 0, &memos);
	/* A registered external space, or a published document of the
	 * division's, as the year ended. */
	if (!rc)
		rc = db_query_json(db,
				   "SELECT u.division_id, 'external' AS kind, c.external_label AS title, c.external_url AS url,"
				   " c.unit_id FROM km_corners c JOIN units u ON u.id = c.unit_id"
				   " WHERE c.org_id = $1 AND c.external_url <> '' AND c.updated_at <= $2 ORDER BY u.sort",
				   DB_ARGS(DB_INT(a->org_id), DB_INT(end)), 0, &spaces);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT u.division_id, 'document' AS kind, d.title, d.id AS document_id, d.unit_id"
				   " FROM documents d JOIN units u ON u.id = d.unit_id WHERE d.org_id = $1"
				   " AND d.published_at IS NOT NULL AND d.published_at <= $2"
				   " AND (d.retired_at IS NULL OR d.retired_at > $2) ORDER BY d.published_at DESC LIMIT 20000",
				   DB_ARGS(DB_INT(a->org_id), DB_INT(end)), 0, &docs);
	if (!rc)
		rc = training_development(db, a, fy, &dev);
	if (rc) {
		json_decref(div1);
		json_decref(memos);
		json_decref(spaces);
		json_decref(docs);
		return rc;
	}
	json_t *div3 = json_deep_copy(div1);
	int64_t num1 = assign(div1, memos);
	json_array_extend(spaces, docs);
	int64_t num3 = assign(div3, spaces);
	json_decref(memos);
	json_decref(spaces);
	json_decref(docs);
	int year = plan_year(db, a->org_id, fy);
	double target1 = target_of(db, a->org_id, fy, "KPI1", 100.0);
	double target2 = target_of(db, a->org_id, fy, "KPI2", 80.0);
	double target3 = target_of(db, a->org_id, fy, "KPI3", year <= 0 ? 80.0 : year == 1 ? 90.0 : 100.0);
	int64_t den = (int64_t)json_array_size(div1);
	json_t *kpis = json_array();
	json_array_append_new(kpis, indicator("KPI1", "หน่วยงานที่มีคู่มือการปฏิบัติงานที่ผู้บริหารอนุมัติให้เผยแพร่ในปีงบประมาณ", num1,
					      den, target1, div1, with_rows));
	json_array_append_new(kpis, indicator("KPI2", "สายงานที่ได้รับการพัฒนาในปีงบประมาณ",
					      json_integer_value(json_object_get(dev, "numerator")),
					      json_integer_value(json_object_get(dev, "denominator")), target2,
					      json_incref(json_object_get(dev, "job_lines")), with_rows));
	json_array_append_new(kpis, indicator("KPI3", "หน่วยงานที่มีพื้นที่จัดการความรู้ที่เข้าถึงได้", num3, den, target3, div3,
					      with_rows));
	json_decref(dev);
	*out = json_pack("{s:i, s:o}", "fy", fy, "kpis", kpis);
	return 0;
}
