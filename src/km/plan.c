/* plan: KM plans, their strategies, indicators with targets per year, and
 * action-plan rows. */
#include "km/plan.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "store/db.h"
#include "store/db_json.h"

int plan_text_check(const char *field, const char *s, size_t max, bool required)
{
	size_t n = s ? strlen(s) : 0;
	if ((required && n == 0) || (s && (utf8_count(s, n) > max || !utf8_valid_text(s, n))))
		return err_fail(ERR_INVAL, field, "ข้อความว่างหรือยาวเกินกำหนด",
				"The text is empty or too long.");
	return 0;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int bad_years(void)
{
	return err_fail(ERR_INVAL, "fy_to", "ช่วงปีงบประมาณไม่ถูกต้อง", "The fiscal-year range is not valid.");
}

static int not_found(void)
{
	return err_fail(ERR_NOTFOUND, "id", "ไม่พบแผนหรือรายการนี้", "No such plan or item.");
}

static bool years_ok(int fy_from, int fy_to)
{
	return fy_from >= 2500 && fy_from <= 2700 && fy_to >= fy_from && fy_to <= fy_from + PLAN_MAX_YEARS;
}

/* The plan `id` of the actor's organisation: its period. */
static int plan_period(struct db *db, int64_t org_id, int64_t id, int *fy_from, int *fy_to)
{
	json_t *p = NULL;
	int rc = db_query_json_one(db, "SELECT fy_from, fy_to FROM km_plans WHERE id = $1 AND org_id = $2",
				   DB_ARGS(DB_INT(id), DB_INT(org_id)), &p);
	if (rc == ERR_NOTFOUND)
		return not_found();
	if (rc)
		return rc;
	if (fy_from)
		*fy_from = (int)json_integer_value(json_object_get(p, "fy_from"));
	if (fy_to)
		*fy_to = (int)json_integer_value(json_object_get(p, "fy_to"));
	json_decref(p);
	return 0;
}

/* The tables of a plan's items. The statement cache keys on the SQL
 * string's address, so each query is its own literal. */
enum item { ITEM_STRATEGY, ITEM_KPI, ITEM_ACTION };

static const char *const item_plan_sql[] = {
	[ITEM_STRATEGY] = "SELECT plan_id FROM km_strategies WHERE id = $1 AND org_id = $2",
	[ITEM_KPI] = "SELECT plan_id FROM plan_kpis WHERE id = $1 AND org_id = $2",
	[ITEM_ACTION] = "SELECT plan_id FROM plan_actions WHERE id = $1 AND org_id = $2",
};

static const char *const item_count_sql[] = {
	[ITEM_STRATEGY] = "SELECT count(*) FROM km_strategies WHERE plan_id = $1",
	[ITEM_KPI] = "SELECT count(*) FROM plan_kpis WHERE plan_id = $1",
	[ITEM_ACTION] = "SELECT count(*) FROM plan_actions WHERE plan_id = $1",
};

/* The plan that item `id` belongs to. */
static int item_plan(struct db *db, int64_t org_id, enum item kind, int64_t id, int64_t *plan_id)
{
	int rc = db_query_int(db, item_plan_sql[kind], DB_ARGS(DB_INT(id), DB_INT(org_id)), plan_id);
	return rc == ERR_NOTFOUND ? not_found() : rc;
}

/* Refuses a new item when the plan already holds `max` of its kind. */
static int room(struct db *db, enum item kind, int64_t plan_id, int64_t max)
{
	int64_t n = 0;
	int rc = db_query_int(db, item_count_sql[kind], DB_ARGS(DB_INT(plan_id)), &n);
	if (!rc && n >= max)
		return err_fail(ERR_TOOBIG, "plan_id", "แผนนี้มีรายการครบจำนวนสูงสุดแล้ว",
				"The plan holds the most items allowed.");
	return rc;
}

/* A strategy of the same plan, or 0 for none. */
static int strategy_ok(struct db *db, int64_t plan_id, int64_t strategy_id)
{
	if (strategy_id <= 0)
		return 0;
	int64_t n = 0;
	int rc = db_query_int(db, "SELECT count(*) FROM km_strategies WHERE id = $1 AND plan_id = $2",
			      DB_ARGS(DB_INT(strategy_id), DB_INT(plan_id)), &n);
	if (!rc && !n)
		return err_fail(ERR_INVAL, "strategy_id", "ยุทธศาสตร์นี้ไม่อยู่ในแผน",
				"The strategy is not part of this plan.");
	return rc;
}

int plan_create(struct db *db, const struct actor *a, const char *title, int fy_from, int fy_to,
		const char *vision, int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = plan_text_check("title", title, PLAN_TITLE_MAX, true)) ||
	    (rc = plan_text_check("vision", vision, PLAN_TEXT_MAX, false)))
		return rc;
	if (!years_ok(fy_from, fy_to))
		return bad_years();
	int64_t n = 0, id = 0;
	rc = db_query_int(db, "SELECT count(*) FROM km_plans WHERE org_id = $1", DB_ARGS(DB_INT(a->org_id)), &n);
	if (!rc && n >= PLAN_PER_ORG_MAX)
		return err_fail(ERR_TOOBIG, "id", "มีแผนครบจำนวนสูงสุดแล้ว", "The organisation holds the most plans allowed.");
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO km_plans (org_id, title, fy_from, fy_to, vision, created_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_TEXT(title), DB_INT(fy_from), DB_INT(fy_to),
					  DB_TEXT(or_empty(vision)), DB_INT(clock_now())),
				  &id);
	if (!rc)
		rc = audit_log(db, a, "plan.create", "km_plan", id, title);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int plan_update(struct db *db, const struct actor *a, int64_t id, const struct plan_fields *in)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = plan_text_check("title", in->title, PLAN_TITLE_MAX, in->title != NULL)) ||
	    (rc = plan_text_check("vision", in->vision, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_text_check("main_goals", in->main_goals, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_text_check("focus_areas", in->focus_areas, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_period(db, a->org_id, id, NULL, NULL)))
		return rc;
	rc = db_exec(db,
		     "UPDATE km_plans SET title = coalesce($3, title), vision = coalesce($4, vision),"
		     " main_goals = coalesce($5, main_goals), focus_areas = coalesce($6, focus_areas)"
		     " WHERE id = $1 AND org_id = $2",
		     DB_ARGS(DB_INT(id), DB_INT(a->org_id), in->title ? DB_TEXT(in->title) : DB_NULL,
			     in->vision ? DB_TEXT(in->vision) : DB_NULL,
			     in->main_goals ? DB_TEXT(in->main_goals) : DB_NULL,
			     in->focus_areas ? DB_TEXT(in->focus_areas) : DB_NULL));
	return rc ? rc : audit_log(db, a, "plan.update", "km_plan", id, in->title);
}

static int strategy_check(const struct plan_strategy_input *in)
{
	int rc;
	if (in->number < 1 || in->number > 99)
		return err_fail(ERR_INVAL, "number", "ลำดับยุทธศาสตร์ต้องอยู่ระหว่าง 1–99",
				"The strategy number must be 1–99.");
	if ((rc = plan_text_check("title", in->title, PLAN_LINE_MAX, true)) ||
	    (rc = plan_text_check("meaning", in->meaning, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_text_check("mission", in->mission, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_text_check("responsible", in->responsible, PLAN_LINE_MAX, false)) ||
	    (rc = plan_text_check("goal", in->goal, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_text_check("timeframe", in->timeframe, PLAN_LINE_MAX, false)))
		return rc;
	return 0;
}

static int number_taken(int rc)
{
	if (rc == ERR_CONFLICT)
		return err_fail(rc, "number", "มียุทธศาสตร์ลำดับนี้อยู่แล้ว", "A strategy with this number exists.");
	return rc;
}

int plan_strategy_add(struct db *db, const struct actor *a, int64_t plan_id,
		      const struct plan_strategy_input *in, int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = strategy_check(in)) || (rc = plan_period(db, a->org_id, plan_id, NULL, NULL)) ||
	    (rc = room(db, ITEM_STRATEGY, plan_id, PLAN_STRATEGIES_MAX)))
		return rc;
	int64_t id = 0;
	rc = db_query_int(db,
			  "INSERT INTO km_strategies (org_id, plan_id, number, title, meaning,"
			  " mission, responsible, goal, timeframe)"
			  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_INT(plan_id), DB_INT(in->number), DB_TEXT(in->title),
				  DB_TEXT(or_empty(in->meaning)), DB_TEXT(or_empty(in->mission)),
				  DB_TEXT(or_empty(in->responsible)), DB_TEXT(or_empty(in->goal)),
				  DB_TEXT(or_empty(in->timeframe))),
			  &id);
	if (rc)
		return number_taken(rc);
	rc = audit_log(db, a, "plan.strategy.add", "km_plan", plan_id, in->title);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int plan_strategy_update(struct db *db, const struct actor *a, int64_t id, const struct plan_strategy_input *in)
{
	int64_t plan_id = 0;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = strategy_check(in)) || (rc = item_plan(db, a->org_id, ITEM_STRATEGY, id, &plan_id)))
		return rc;
	rc = db_exec(db,
		     "UPDATE km_strategies SET number = $2, title = $3, meaning = $4, mission = $5,"
		     " responsible = $6, goal = $7, timeframe = $8 WHERE id = $1",
		     DB_ARGS(DB_INT(id), DB_INT(in->number), DB_TEXT(in->title), DB_TEXT(or_empty(in->meaning)),
			     DB_TEXT(or_empty(in->mission)), DB_TEXT(or_empty(in->responsible)),
			     DB_TEXT(or_empty(in->goal)), DB_TEXT(or_empty(in->timeframe))));
	if (rc)
		return number_taken(rc);
	return audit_log(db, a, "plan.strategy.update", "km_plan", plan_id, in->title);
}

int plan_strategy_delete(struct db *db, const struct actor *a, int64_t id)
{
	int64_t plan_id = 0;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = item_plan(db, a->org_id, ITEM_STRATEGY, id, &plan_id)) ||
	    (rc = db_exec(db, "DELETE FROM km_strategies WHERE id = $1", DB_ARGS(DB_INT(id)))))
		return rc;
	return audit_log(db, a, "plan.strategy.delete", "km_plan", plan_id, NULL);
}

static int kpi_check(const struct plan_kpi_input *in)
{
	size_t n = in->code ? strlen(in->code) : 0;
	bool code_ok = n > 0 && n <= PLAN_CODE_MAX;
	for (size_t i = 0; code_ok && i < n; i++) {
		char c = in->code[i];
		code_ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
			  c == '_';
	}
	if (!code_ok)
		return err_fail(ERR_INVAL, "code", "รหัสตัวชี้วัดใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข - และ _ ไม่เกิน 16 ตัว",
				"A KPI code is 1–16 letters, digits, '-' or '_'.");
	if (!in->kind || (strcmp(in->kind, "output") && strcmp(in->kind, "outcome") && strcmp(in->kind, "system")))
		return err_fail(ERR_INVAL, "kind", "ประเภทตัวชี้วัดต้องเป็น output, outcome หรือ system",
				"The kind is output, outcome or system.");
	if (in->sort < 0 || in->sort > 10000)
		return err_fail(ERR_INVAL, "sort", "ลำดับไม่ถูกต้อง", "The order is not valid.");
	return plan_text_check("measure", in->measure, PLAN_TEXT_MAX, false);
}

static int code_taken(int rc)
{
	if (rc == ERR_CONFLICT)
		return err_fail(rc, "code", "มีตัวชี้วัดรหัสนี้ในแผนแล้ว", "The plan has a KPI with this code.");
	return rc;
}

int plan_kpi_add(struct db *db, const struct actor *a, int64_t plan_id, const struct plan_kpi_input *in,
		 int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = kpi_check(in)) || (rc = plan_period(db, a->org_id, plan_id, NULL, NULL)) ||
	    (rc = room(db, ITEM_KPI, plan_id, PLAN_KPIS_MAX)) || (rc = strategy_ok(db, plan_id, in->strategy_id)))
		return rc;
	int64_t id = 0;
	rc = db_query_int(db,
			  "INSERT INTO plan_kpis (org_id, plan_id, strategy_id, code, measure, kind, sort)"
			  " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_INT(plan_id), DB_ID_OR_NULL(in->strategy_id), DB_TEXT(in->code),
				  DB_TEXT(or_empty(in->measure)), DB_TEXT(in->kind), DB_INT(in->sort)),
			  &id);
	if (rc)
		return code_taken(rc);
	rc = audit_log(db, a, "plan.kpi.add", "km_plan", plan_id, in->code);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int plan_kpi_update(struct db *db, const struct actor *a, int64_t id, const struct plan_kpi_input *in)
{
	int64_t plan_id = 0;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = kpi_check(in)) || (rc = item_plan(db, a->org_id, ITEM_KPI, id, &plan_id)) ||
	    (rc = strategy_ok(db, plan_id, in->strategy_id)))
		return rc;
	rc = db_exec(db, "UPDATE plan_kpis SET strategy_id = $2, code = $3, measure = $4, kind = $5, sort = $6 WHERE id = $1",
		     DB_ARGS(DB_INT(id), DB_ID_OR_NULL(in->strategy_id), DB_TEXT(in->code),
			     DB_TEXT(or_empty(in->measure)), DB_TEXT(in->kind), DB_INT(in->sort)));
	if (rc)
		return code_taken(rc);
	return audit_log(db, a, "plan.kpi.update", "km_plan", plan_id, in->code);
}

int plan_kpi_delete(struct db *db, const struct actor *a, int64_t id)
{
	int64_t plan_id = 0;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = item_plan(db, a->org_id, ITEM_KPI, id, &plan_id)) ||
	    (rc = db_exec(db, "DELETE FROM plan_kpis WHERE id = $1", DB_ARGS(DB_INT(id)))))
		return rc;
	return audit_log(db, a, "plan.kpi.delete", "km_plan", plan_id, NULL);
}

int plan_kpi_target_set(struct db *db, const struct actor *a, int64_t kpi_id, int fy, double target)
{
	int64_t plan_id = 0;
	int from = 0, to = 0;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = item_plan(db, a->org_id, ITEM_KPI, kpi_id, &plan_id)) ||
	    (rc = plan_period(db, a->org_id, plan_id, &from, &to)))
		return rc;
	if (fy < from || fy > to)
		return err_fail(ERR_INVAL, "fy", "ปีงบประมาณอยู่นอกช่วงของแผน", "The fiscal year is outside the plan's period.");
	if (isnan(target) || target > 100)
		return err_fail(ERR_INVAL, "target", "ค่าเป้าหมายต้องอยู่ระหว่าง 0–100", "A target is 0–100 percent.");
	if (target < 0)
		rc = db_exec(db, "DELETE FROM plan_kpi_targets WHERE kpi_id = $1 AND fy = $2",
			     DB_ARGS(DB_INT(kpi_id), DB_INT(fy)));
	else
		rc = db_exec(db,
			     "INSERT INTO plan_kpi_targets (org_id, kpi_id, fy, target) VALUES ($1, $2, $3, $4)"
			     " ON CONFLICT (kpi_id, fy) DO UPDATE SET target = excluded.target",
			     DB_ARGS(DB_INT(a->org_id), DB_INT(kpi_id), DB_INT(fy), DB_DOUBLE(target)));
	if (rc)
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "kpi %lld fy %d: %.1f", (long long)kpi_id, fy, target);
	return audit_log(db, a, "plan.kpi.target", "km_plan", plan_id, detail);
}

static int action_check(const struct plan_action_input *in)
{
	int rc;
	if (in->sort < 0 || in->sort > 10000)
		return err_fail(ERR_INVAL, "sort", "ลำดับไม่ถูกต้อง", "The order is not valid.");
	if ((rc = plan_text_check("activity", in->activity, PLAN_TEXT_MAX, true)) ||
	    (rc = plan_text_check("method", in->method, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_text_check("period", in->period, PLAN_LINE_MAX, false)) ||
	    (rc = plan_text_check("kpi", in->kpi, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_text_check("target", in->target, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_text_check("responsible", in->responsible, PLAN_LINE_MAX, false)) ||
	    (rc = plan_text_check("note", in->note, PLAN_TEXT_MAX, false)) ||
	    (rc = plan_text_check("evidence", in->evidence, PLAN_TEXT_MAX, false)))
		return rc;
	return 0;
}

int plan_action_add(struct db *db, const struct actor *a, int64_t plan_id, const struct plan_action_input *in,
		    int64_t *id_out)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = action_check(in)) || (rc = plan_period(db, a->org_id, plan_id, NULL, NULL)) ||
	    (rc = room(db, ITEM_ACTION, plan_id, PLAN_ACTIONS_MAX)) ||
	    (rc = strategy_ok(db, plan_id, in->strategy_id)))
		return rc;
	int64_t id = 0;
	rc = db_query_int(db,
			  "INSERT INTO plan_actions (org_id, plan_id, strategy_id, sort, activity, method, period, kpi,"
			  " target, responsible, note, evidence)"
			  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_INT(plan_id), DB_ID_OR_NULL(in->strategy_id), DB_INT(in->sort),
				  DB_TEXT(in->activity), DB_TEXT(or_empty(in->method)), DB_TEXT(or_empty(in->period)),
				  DB_TEXT(or_empty(in->kpi)), DB_TEXT(or_empty(in->target)),
				  DB_TEXT(or_empty(in->responsible)), DB_TEXT(or_empty(in->note)),
				  DB_TEXT(or_empty(in->evidence))),
			  &id);
	if (!rc)
		rc = audit_log(db, a, "plan.action.add", "km_plan", plan_id, NULL);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int plan_action_update(struct db *db, const struct actor *a, int64_t id, const struct plan_action_input *in)
{
	int64_t plan_id = 0;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = action_check(in)) || (rc = item_plan(db, a->org_id, ITEM_ACTION, id, &plan_id)) ||
	    (rc = strategy_ok(db, plan_id, in->strategy_id)))
		return rc;
	rc = db_exec(db,
		     "UPDATE plan_actions SET strategy_id = $2, sort = $3, activity = $4, method = $5, period = $6,"
		     " kpi = $7, target = $8, responsible = $9, note = $10, evidence = $11 WHERE id = $1",
		     DB_ARGS(DB_INT(id), DB_ID_OR_NULL(in->strategy_id), DB_INT(in->sort), DB_TEXT(in->activity),
			     DB_TEXT(or_empty(in->method)), DB_TEXT(or_empty(in->period)), DB_TEXT(or_empty(in->kpi)),
			     DB_TEXT(or_empty(in->target)), DB_TEXT(or_empty(in->responsible)),
			     DB_TEXT(or_empty(in->note)), DB_TEXT(or_empty(in->evidence))));
	return rc ? rc : audit_log(db, a, "plan.action.update", "km_plan", plan_id, NULL);
}

int plan_action_delete(struct db *db, const struct actor *a, int64_t id)
{
	int64_t plan_id = 0;
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc || (rc = item_plan(db, a->org_id, ITEM_ACTION, id, &plan_id)) ||
	    (rc = db_exec(db, "DELETE FROM plan_actions WHERE id = $1", DB_ARGS(DB_INT(id)))))
		return rc;
	return audit_log(db, a, "plan.action.delete", "km_plan", plan_id, NULL);
}

/* The copy's title: the old period in the title ("2564–2566" or
 * "2564-2566") becomes the new one; else the old title as it is. */
static void copy_title(const char *old, int from, int to, int nfrom, int nto, char *out, size_t cap)
{
	static const char *const dashes[] = {"–", "-"};
	for (size_t i = 0; i < 2; i++) {
		char period[32];
		snprintf(period, sizeof period, "%d%s%d", from, dashes[i], to);
		const char *at = strstr(old, period);
		if (at) {
			snprintf(out, cap, "%.*s%d%s%d%s", (int)(at - old), old, nfrom, dashes[i], nto,
				 at + strlen(period));
			return;
		}
	}
	snprintf(out, cap, "%s", old);
}

static const char *text_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int copy_into(struct db *db, const struct actor *a, json_t *src, int fy_from, int fy_to, int64_t *new_id)
{
	int from = (int)json_integer_value(json_object_get(src, "fy_from"));
	int to = (int)json_integer_value(json_object_get(src, "fy_to"));
	char title[PLAN_TITLE_MAX * 4 + 32];
	copy_title(text_of(src, "title"), from, to, fy_from, fy_to, title, sizeof title);
	if (strlen(title) > (size_t)PLAN_TITLE_MAX * 4 || utf8_count(title, strlen(title)) > PLAN_TITLE_MAX)
		snprintf(title, sizeof title, "%s", text_of(src, "title"));
	int64_t id = 0;
	int rc = plan_create(db, a, title, fy_from, fy_to, text_of(src, "vision"), &id);
	struct plan_fields f = {NULL, NULL, text_of(src, "main_goals"), text_of(src, "focus_areas")};
	if (!rc)
		rc = plan_update(db, a, id, &f);
	/* Strategies: old id -> new id, for the KPIs and action rows. */
	json_t *map = json_object();
	size_t i;
	json_t *s, *k, *t;
	json_array_foreach(json_object_get(src, "strategies"), i, s)
	{
		if (rc)
			break;
		struct plan_strategy_input in = {
			(int)json_integer_value(json_object_get(s, "number")), text_of(s, "title"),
			text_of(s, "meaning"), text_of(s, "mission"), text_of(s, "responsible"), text_of(s, "goal"),
			text_of(s, "timeframe")};
		int64_t sid = 0;
		rc = plan_strategy_add(db, a, id, &in, &sid);
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(s, "id")));
		json_object_set_new(map, key, json_integer(sid));
	}
	json_array_foreach(json_object_get(src, "kpis"), i, k)
	{
		if (rc)
			break;
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(k, "strategy_id")));
		struct plan_kpi_input in = {json_integer_value(json_object_get(map, key)), text_of(k, "code"),
					    text_of(k, "measure"), text_of(k, "kind"),
					    (int)json_integer_value(json_object_get(k, "sort"))};
		int64_t kid = 0;
		rc = plan_kpi_add(db, a, id, &in, &kid);
		/* The n-th year's target to the n-th year; beyond the source's
		 * last year, its last target that was set. */
		json_t *targets = json_object_get(k, "targets");
		json_t *last = NULL;
		for (int fy = fy_from; !rc && fy <= fy_to; fy++) {
			size_t n = (size_t)(fy - fy_from);
			t = n < json_array_size(targets) ? json_object_get(json_array_get(targets, n), "target") : NULL;
			if (json_is_number(t))
				last = t;
			else if (n < json_array_size(targets))
				continue; /* unset in the source's year */
			else
				t = last;
			if (json_is_number(t))
				rc = plan_kpi_target_set(db, a, kid, fy, json_number_value(t));
		}
	}
	json_array_foreach(json_object_get(src, "actions"), i, s)
	{
		if (rc)
			break;
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(s, "strategy_id")));
		struct plan_action_input in = {json_integer_value(json_object_get(map, key)),
					       (int)json_integer_value(json_object_get(s, "sort")),
					       text_of(s, "activity"),
					       text_of(s, "method"),
					       text_of(s, "period"),
					       text_of(s, "kpi"),
					       text_of(s, "target"),
					       text_of(s, "responsible"),
					       text_of(s, "note"),
					       text_of(s, "evidence")};
		rc = plan_action_add(db, a, id, &in, NULL);
	}
	json_decref(map);
	if (!rc)
		*new_id = id;
	return rc;
}

int plan_copy(struct db *db, const struct actor *a, int64_t id, int fy_from, int fy_to, int64_t *new_id)
{
	int rc = authz_require(a, PERM_KMAP_EDIT);
	if (rc)
		return rc;
	if (!years_ok(fy_from, fy_to))
		return bad_years();
	json_t *src = NULL;
	if ((rc = plan_get(db, a, id, &src)))
		return rc;
	if ((rc = db_begin(db))) {
		json_decref(src);
		return rc;
	}
	int64_t nid = 0;
	rc = copy_into(db, a, src, fy_from, fy_to, &nid);
	json_decref(src);
	if (!rc) {
		char detail[48];
		snprintf(detail, sizeof detail, "from plan %lld", (long long)id);
		rc = audit_log(db, a, "plan.copy", "km_plan", nid, detail);
	}
	rc = db_end(db, rc);
	if (!rc)
		*new_id = nid;
	return rc;
}

int plan_list(struct db *db, const struct actor *a, json_t **out)
{
	return db_query_json(db,
			     "SELECT id, title, fy_from, fy_to FROM km_plans WHERE org_id = $1"
			     " ORDER BY fy_from DESC, id DESC",
			     DB_ARGS(DB_INT(a->org_id)), PLAN_PER_ORG_MAX, out);
}

int plan_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	json_t *plan = NULL, *strategies = NULL, *kpis = NULL, *targets = NULL, *actions = NULL;
	int rc = db_query_json_one(db,
				   "SELECT id, title, fy_from, fy_to, vision, main_goals, focus_areas FROM km_plans"
				   " WHERE id = $1 AND org_id = $2",
				   DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &plan);
	if (rc == ERR_NOTFOUND)
		return not_found();
	if (rc)
		return rc;
	if (!rc)
		rc = db_query_json(db,
				   "SELECT id, number, title, meaning, mission, responsible, goal, timeframe"
				   " FROM km_strategies WHERE plan_id = $1 ORDER BY number",
				   DB_ARGS(DB_INT(id)), 0, &strategies);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT k.id, k.code, k.measure, k.kind, k.strategy_id, s.number AS strategy_number,"
				   " k.sort FROM plan_kpis k LEFT JOIN km_strategies s ON s.id = k.strategy_id"
				   " WHERE k.plan_id = $1 ORDER BY k.sort, k.code",
				   DB_ARGS(DB_INT(id)), 0, &kpis);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT t.kpi_id, t.fy, t.target FROM plan_kpi_targets t"
				   " JOIN plan_kpis k ON k.id = t.kpi_id WHERE k.plan_id = $1",
				   DB_ARGS(DB_INT(id)), 0, &targets);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT a.id, a.strategy_id, s.number AS strategy_number, a.sort, a.activity,"
				   " a.method, a.period, a.kpi, a.target, a.responsible, a.note, a.evidence"
				   " FROM plan_actions a LEFT JOIN km_strategies s ON s.id = a.strategy_id"
				   " WHERE a.plan_id = $1 ORDER BY a.sort, a.id",
				   DB_ARGS(DB_INT(id)), 0, &actions);
	if (rc) {
		json_decref(plan);
		json_decref(strategies);
		json_decref(kpis);
		json_decref(targets);
		json_decref(actions);
		return rc;
	}
	json_int_t from = json_integer_value(json_object_get(plan, "fy_from"));
	json_int_t to = json_integer_value(json_object_get(plan, "fy_to"));
	json_t *years = json_array();
	for (json_int_t fy = from; fy <= to; fy++)
		json_array_append_new(years, json_integer(fy));
	size_t i, j;
	json_t *k, *t;
	json_array_foreach(kpis, i, k)
	{
		json_t *row = json_array();
		for (json_int_t fy = from; fy <= to; fy++) {
			json_t *v = json_null();
			json_array_foreach(targets, j, t)
			{
				if (json_equal(json_object_get(t, "kpi_id"), json_object_get(k, "id")) &&
				    json_integer_value(json_object_get(t, "fy")) == fy)
					v = json_real(json_number_value(json_object_get(t, "target")));
			}
			json_array_append_new(row, json_pack("{s:I, s:b, s:o}", "fy", fy, "set", !json_is_null(v), "target", v));
		}
		json_object_set_new(k, "targets", row);
	}
	json_decref(targets);
	json_object_set_new(plan, "years", years);
	json_object_set_new(plan, "strategies", strategies);
	json_object_set_new(plan, "kpis", kpis);
	json_object_set_new(plan, "actions", actions);
	json_object_set_new(plan, "can_edit", json_boolean(authz_can(a, PERM_KMAP_EDIT)));
	*out = plan;
	return 0;
}

int plan_for_year(struct db *db, int64_t org_id, int fy, json_t **out)
{
	json_t *plan = NULL, *strategies = NULL;
	int rc = db_query_json_one(db,
				   "SELECT id, title, fy_from, fy_to, vision, main_goals, focus_areas FROM km_plans"
				   " WHERE org_id = $1"
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

int plan_kpi_target(struct db *db, int64_t org_id, int fy, const char *code, double *target)
{
	json_t *row = NULL;
	int rc = db_query_json_one(db,
				   "SELECT t.target FROM plan_kpi_targets t JOIN plan_kpis k ON k.id = t.kpi_id"
				   " WHERE k.code = $3 AND t.fy = $2 AND k.plan_id = (SELECT id FROM km_plans"
				   " WHERE org_id = $1 AND $2 BETWEEN fy_from AND fy_to ORDER BY fy_to DESC, id DESC"
				   " LIMIT 1)",
				   DB_ARGS(DB_INT(org_id), DB_INT(fy), DB_TEXT(code)), &row);
	if (rc)
		return rc;
	*target = json_number_value(json_object_get(row, "target"));
	json_decref(row);
	return 0;
}
