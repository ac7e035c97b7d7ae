/* kpi: KPI 1, 2 and 3 of a fiscal year with their evidence. */
#include "km/kpi.h"

#include <math.h>
#include <strings.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "km/audit.h"
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

/* An indicator's result; a NAN target is none (null, never met). */
static json_t *indicator(const char *code, const char *name_th, int64_t num, int64_t den, double target, json_t *rows,
			 bool with_rows)
{
	double value = percent(num, den);
	json_t *k = json_pack("{s:s, s:s, s:I, s:I, s:f, s:o, s:b, s:s}", "code", code, "name_th", name_th, "numerator",
			      (json_int_t)num, "denominator", (json_int_t)den, "value", value, "target",
			      isnan(target) ? json_null() : json_real(target), "met",
			      den > 0 && !isnan(target) && value >= target, "unit", "percent");
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

static int custom_year(struct db *db, int64_t org_id, int fy, bool with_rows, json_t *kpis);

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
	if ((rc = custom_year(db, a->org_id, fy, with_rows, kpis))) {
		json_decref(kpis);
		return rc;
	}
	*out = json_pack("{s:i, s:o}", "fy", fy, "kpis", kpis);
	return 0;
}

/* Custom indicators: the committee's own measures */

static bool computed(const char *code)
{
	return !strcasecmp(code, "KPI1") || !strcasecmp(code, "KPI2") || !strcasecmp(code, "KPI3");
}

/* The plan covering `fy` (the latest starting one when plans overlap). */
#define PLAN_OF_YEAR                                                                                            \
	"(SELECT id FROM km_plans WHERE org_id = $1 AND $2 BETWEEN fy_from AND fy_to ORDER BY fy_to DESC, id DESC" \
	" LIMIT 1)"

/* Appends the custom indicators of the plan covering `fy` to `kpis`. */
static int custom_year(struct db *db, int64_t org_id, int fy, bool with_rows, json_t *kpis)
{
	json_t *list = NULL, *evidence = NULL;
	int rc = db_query_json(db,
			       "SELECT k.id, k.code, k.measure, k.kind, t.target, v.numerator, v.denominator, v.note,"
			       " v.entered_at FROM plan_kpis k"
			       " LEFT JOIN plan_kpi_targets t ON t.kpi_id = k.id AND t.fy = $2"
			       " LEFT JOIN kpi_values v ON v.kpi_id = k.id AND v.fy = $2"
			       " WHERE k.plan_id = " PLAN_OF_YEAR " AND upper(k.code) NOT IN ('KPI1', 'KPI2', 'KPI3')"
			       " ORDER BY k.sort, k.id",
			       DB_ARGS(DB_INT(org_id), DB_INT(fy)), PLAN_KPIS_MAX, &list);
	if (!rc && with_rows && json_array_size(list))
		rc = db_query_json(db,
				   "SELECT e.id AS evidence_id, e.kpi_id, e.title, e.document_id, e.url,"
				   " d.title AS document_title FROM kpi_evidence e"
				   " LEFT JOIN documents d ON d.id = e.document_id"
				   " WHERE e.org_id = $1 AND e.fy = $2 ORDER BY e.id",
				   DB_ARGS(DB_INT(org_id), DB_INT(fy)), PLAN_KPIS_MAX * KPI_EVIDENCE_MAX, &evidence);
	size_t i, j;
	json_t *k, *e;
	json_array_foreach(rc ? NULL : list, i, k) {
		json_int_t id = json_integer_value(json_object_get(k, "id"));
		bool entered = json_is_integer(json_object_get(k, "denominator"));
		const json_t *t = json_object_get(k, "target");
		json_t *rows = json_array();
		json_array_foreach(evidence, j, e) {
			if (json_integer_value(json_object_get(e, "kpi_id")) != id)
				continue;
			json_t *row = json_deep_copy(e);
			json_object_del(row, "kpi_id");
			json_object_set_new(row, "counted", json_true());
			json_array_append_new(rows, row);
		}
		json_t *ind = indicator(json_string_value(json_object_get(k, "code")),
					json_string_value(json_object_get(k, "measure")),
					json_integer_value(json_object_get(k, "numerator")),
					json_integer_value(json_object_get(k, "denominator")),
					json_is_number(t) ? json_number_value(t) : NAN, rows, with_rows);
		json_object_set_new(ind, "custom", json_true());
		json_object_set_new(ind, "id", json_integer(id));
		json_object_set(ind, "kind", json_object_get(k, "kind"));
		json_object_set_new(ind, "entered", json_boolean(entered));
		json_object_set_new(ind, "note", entered ? json_incref(json_object_get(k, "note")) : json_string(""));
		json_object_set(ind, "entered_at", json_object_get(k, "entered_at"));
		json_array_append_new(kpis, ind);
	}
	json_decref(list);
	json_decref(evidence);
	return rc;
}

/* Custom indicator `kpi_id` of the actor's organisation, checked for
 * entering results of year `fy` in: its plan covers the year. */
static int custom_kpi(struct db *db, const struct actor *a, int64_t kpi_id, int fy)
{
	json_t *k = NULL;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc)
		return rc;
	rc = db_query_json_one(db,
			       "SELECT k.code, p.fy_from, p.fy_to FROM plan_kpis k JOIN km_plans p ON p.id = k.plan_id"
			       " WHERE k.id = $1 AND k.org_id = $2",
			       DB_ARGS(DB_INT(kpi_id), DB_INT(a->org_id)), &k);
	if (rc == ERR_NOTFOUND)
		return err_fail(ERR_NOTFOUND, "kpi_id", "ไม่พบตัวชี้วัดนี้", "No such indicator.");
	if (rc)
		return rc;
	const char *code = json_string_value(json_object_get(k, "code"));
	if (code && computed(code))
		rc = err_fail(ERR_INVAL, "kpi_id", "ตัวชี้วัดนี้คำนวณจากข้อมูลในระบบ กรอกผลเองไม่ได้",
			      "This indicator is computed from the data; its result cannot be typed in.");
	else if (fy < json_integer_value(json_object_get(k, "fy_from")) || fy > json_integer_value(json_object_get(k, "fy_to")))
		rc = err_fail(ERR_INVAL, "fy", "ปีงบประมาณอยู่นอกช่วงของแผน", "The fiscal year is outside the plan's period.");
	json_decref(k);
	return rc;
}

int kpi_value_set(struct db *db, const struct actor *a, int64_t kpi_id, int fy, int64_t numerator,
		  int64_t denominator, const char *note)
{
	int rc = custom_kpi(db, a, kpi_id, fy);
	if (rc || (rc = plan_text_check("note", note, KPI_NOTE_MAX, false)))
		return rc;
	if (denominator < 1 || denominator > KPI_COUNT_MAX)
		return err_fail(ERR_INVAL, "denominator", "ตัวหารต้องเป็นจำนวนเต็มตั้งแต่ ๑ ขึ้นไป",
				"The denominator is a whole number from 1.");
	if (numerator < 0 || numerator > denominator)
		return err_fail(ERR_INVAL, "numerator", "ตัวตั้งต้องอยู่ระหว่าง ๐ ถึงตัวหาร",
				"The numerator lies between 0 and the denominator.");
	rc = db_exec(db,
		     "INSERT INTO kpi_values (org_id, kpi_id, fy, numerator, denominator, note, entered_by, entered_at)"
		     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (kpi_id, fy) DO UPDATE SET"
		     " numerator = excluded.numerator, denominator = excluded.denominator, note = excluded.note,"
		     " entered_by = excluded.entered_by, entered_at = excluded.entered_at",
		     DB_ARGS(DB_INT(a->org_id), DB_INT(kpi_id), DB_INT(fy), DB_INT(numerator), DB_INT(denominator),
			     DB_TEXT(note ? note : ""), DB_ID_OR_NULL(a->account_id), DB_INT(clock_now())));
	if (rc)
		return rc;
	char detail[96];
	snprintf(detail, sizeof detail, "fy %d: %lld / %lld", fy, (long long)numerator, (long long)denominator);
	return audit_log(db, a, "kpi.value", "plan_kpi", kpi_id, detail);
}

int kpi_value_clear(struct db *db, const struct actor *a, int64_t kpi_id, int fy)
{
	int rc = custom_kpi(db, a, kpi_id, fy);
	if (rc || (rc = db_exec(db, "DELETE FROM kpi_values WHERE kpi_id = $1 AND fy = $2",
				DB_ARGS(DB_INT(kpi_id), DB_INT(fy)))))
		return rc;
	char detail[32];
	snprintf(detail, sizeof detail, "fy %d", fy);
	return audit_log(db, a, "kpi.value.clear", "plan_kpi", kpi_id, detail);
}

int kpi_evidence_add(struct db *db, const struct actor *a, int64_t kpi_id, int fy, const char *title,
		     int64_t document_id, const char *url, int64_t *id_out)
{
	int rc = custom_kpi(db, a, kpi_id, fy);
	if (rc || (rc = plan_text_check("title", title, KPI_EVIDENCE_TITLE_MAX, true)))
		return rc;
	url = url ? url : "";
	size_t ul = strlen(url);
	if (ul > KPI_URL_MAX || (ul && strncasecmp(url, "https://", 8) && strncasecmp(url, "http://", 7)) ||
	    !utf8_valid_text(url, ul))
		return err_fail(ERR_INVAL, "url", "ลิงก์ต้องขึ้นต้นด้วย https:// หรือ http:// และยาวไม่เกิน ๒,๐๐๐ ตัวอักษร",
				"A link starts with https:// or http:// and is at most 2,000 characters.");
	if (document_id <= 0 && !ul)
		return err_fail(ERR_INVAL, "document_id", "ระบุเอกสารในคลังความรู้หรือลิงก์ของหลักฐาน",
				"Name a document of the repository or a link.");
	int64_t n = 0;
	if (document_id > 0) {
		rc = db_query_int(db,
				  "SELECT count(*) FROM documents WHERE id = $1 AND org_id = $2"
				  " AND published_at IS NOT NULL AND retired_at IS NULL",
				  DB_ARGS(DB_INT(document_id), DB_INT(a->org_id)), &n);
		if (!rc && n == 0)
			rc = err_fail(ERR_INVAL, "document_id", "ไม่พบเอกสารที่เผยแพร่แล้วหมายเลขนี้",
				      "No published document has this number.");
		if (rc)
			return rc;
	}
	rc = db_query_int(db, "SELECT count(*) FROM kpi_evidence WHERE kpi_id = $1 AND fy = $2",
			  DB_ARGS(DB_INT(kpi_id), DB_INT(fy)), &n);
	if (!rc && n >= KPI_EVIDENCE_MAX)
		rc = err_fail(ERR_TOOBIG, "kpi_id", "หลักฐานของตัวชี้วัดนี้ในปีนี้ครบจำนวนสูงสุด (๕๐ รายการ) แล้ว",
			      "This indicator holds the most evidence allowed for the year (50).");
	int64_t id = 0;
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO kpi_evidence (org_id, kpi_id, fy, title, document_id, url, added_by, added_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(kpi_id), DB_INT(fy), DB_TEXT(title),
					  DB_ID_OR_NULL(document_id), DB_TEXT(url), DB_ID_OR_NULL(a->account_id),
					  DB_INT(clock_now())),
				  &id);
	if (!rc)
		rc = audit_log(db, a, "kpi.evidence.add", "plan_kpi", kpi_id, title);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int kpi_evidence_delete(struct db *db, const struct actor *a, int64_t id)
{
	json_t *e = NULL;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc)
		return rc;
	rc = db_query_json_one(db, "SELECT kpi_id, title FROM kpi_evidence WHERE id = $1 AND org_id = $2",
			       DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &e);
	if (rc == ERR_NOTFOUND)
		return err_fail(ERR_NOTFOUND, "id", "ไม่พบหลักฐานนี้", "No such evidence.");
	if (!rc)
		rc = db_exec(db, "DELETE FROM kpi_evidence WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (!rc)
		rc = audit_log(db, a, "kpi.evidence.delete", "plan_kpi", json_integer_value(json_object_get(e, "kpi_id")),
			       json_string_value(json_object_get(e, "title")));
	json_decref(e);
	return rc;
}
