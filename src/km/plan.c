/* plan: KM plans and their strategies. */
#include "km/plan.h"

#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "store/db.h"
#include "store/db_json.h"

static int check(const char *field, const char *s, size_t max, bool required)
{
	size_t n = s ? strlen(s) : 0;
	if ((required && n == 0) || (s && (utf8_count(s, n) > max || !utf8_valid_text(s, n))))
		return err_fail(ERR_INVAL, field, "ข้อความว่างหรือยาวเกินกำหนด",
				"The text is empty or too long.");
	return 0;
}

int plan_create(struct db *db, const struct actor *a, const char *title, int fy_from, int fy_to,
		const char *vision, int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = check("title", title, 300, true)) || (rc = check("vision", vision, 2000, false)))
		return rc;
	if (fy_from < 2500 || fy_to < fy_from || fy_to > fy_from + 10)
		return err_fail(ERR_INVAL, "fy_to", "ช่วงปีงบประมาณไม่ถูกต้อง",
				"The fiscal-year range is not valid.");
	int64_t id = 0;
	rc = db_query_int(db,
			  "INSERT INTO km_plans (org_id, title, fy_from, fy_to, vision, created_at)"
			  " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_TEXT(title), DB_INT(fy_from), DB_INT(fy_to),
				  DB_TEXT(vision ? vision : ""), DB_INT(clock_now())),
			  &id);
	if (!rc)
		rc = audit_log(db, a, "plan.create", "km_plan", id, title);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int plan_strategy_add(struct db *db, const struct actor *a, int64_t plan_id,
		      const struct plan_strategy_input *in, int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = check("title", in->title, 500, true)) ||
	    (rc = check("meaning", in->meaning, 4000, false)) ||
	    (rc = check("mission", in->mission, 2000, false)) ||
	    (rc = check("responsible", in->responsible, 500, false)) ||
	    (rc = check("goal", in->goal, 2000, false)) ||
	    (rc = check("timeframe", in->timeframe, 200, false)))
		return rc;
	int64_t n = 0;
	rc = db_query_int(db, "SELECT count(*) FROM km_plans WHERE id = $1 AND org_id = $2",
			  DB_ARGS(DB_INT(plan_id), DB_INT(a->org_id)), &n);
	if (!rc && !n)
		return err_fail(ERR_NOTFOUND, "plan_id", "ไม่พบแผนนี้", "No such plan.");
	int64_t id = 0;
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO km_strategies (org_id, plan_id, number, title, meaning,"
				  " mission, responsible, goal, timeframe)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(plan_id), DB_INT(in->number),
					  DB_TEXT(in->title), DB_TEXT(in->meaning ? in->meaning : ""),
					  DB_TEXT(in->mission ? in->mission : ""),
					  DB_TEXT(in->responsible ? in->responsible : ""),
					  DB_TEXT(in->goal ? in->goal : ""),
					  DB_TEXT(in->timeframe ? in->timeframe : "")),
				  &id);
	if (rc == ERR_CONFLICT)
		return err_fail(rc, "number", "มียุทธศาสตร์ลำดับนี้อยู่แล้ว",
				"A strategy with this number exists.");
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int plan_for_year(struct db *db, int64_t org_id, int fy, json_t **out)
{
	json_t *plan = NULL, *strategies = NULL;
	int rc = db_query_json_one(db,
				   "SELECT id, title, fy_from, fy_to, vision FROM km_plans WHERE org_id = $1"
				   " ORDER BY CASE WHEN $2 BETWEEN fy_from AND fy_to THEN 0 ELSE 1 END,"
				   " fy_to DESC, id DESC LIMIT 1",
				   DB_ARGS(DB_INT(org_id), DB_INT(fy)), &plan);
	if (rc)
		return rc;
	rc = db_query_json(db,
			   "SELECT id, number, title, meaning, mission, responsible, goal, timeframe"
			   " FROM km_strategies WHERE plan_id = $1 ORDER BY number",
			   DB_ARGS(DB_INT(json_integer_value(json_object_get(plan, "id")))), 0,
			   &strategies);
	if (rc) {
		json_decref(plan);
		return rc;
	}
	json_object_set_new(plan, "strategies", strategies);
	*out = plan;
	return 0;
}
