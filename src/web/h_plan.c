/* h_plan: the KM plan's pages and API: the list of plans, a plan with its
 * goals, strategies, KPI targets per year and action plan (public), the
 * committee's edit page (the plan's fields, a KPI with its targets, an
 * action row) and the copy of a plan into a new period. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "km/plan.h"
#include "store/db.h"
#include "web/handlers.h"

static const char *edit_page(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "/plans/%lld/edit", (long long)id);
}

int h_plans(struct req *r)
{
	json_t *items = NULL;
	int rc = plan_list(req_db(r), &r->actor, &items);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_list(r, items, (int64_t)json_array_size(items));
	return resp_page(r, 200, "plans", json_pack("{s:o}", "items", items));
}

int h_plan(struct req *r)
{
	json_t *plan = NULL;
	int rc = plan_get(req_db(r), &r->actor, req_int(r, "id", 0), &plan);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, plan);
	return resp_page(r, 200, "plan",
			 json_pack("{s:o, s:I, s:{s:I, s:I}}", "plan", plan, "plan_id",
				   (json_int_t)req_int(r, "id", 0), "copy", "fy_from",
				   json_integer_value(json_object_get(plan, "fy_to")) + 1, "fy_to",
				   json_integer_value(json_object_get(plan, "fy_to")) + 3));
}

/* The edit page, with the reason when a form was refused. */
static int edit_render(struct req *r, int64_t id, int failed)
{
	json_t *plan = NULL;
	int rc = plan_get(req_db(r), &r->actor, id, &plan);
	if (rc)
		return rc;
	json_int_t rows = (json_int_t)json_array_size(json_object_get(plan, "actions"));
	json_t *ctx = json_pack("{s:o, s:I, s:{s:I}}", "plan", plan, "plan_id", (json_int_t)id, "new_action", "sort",
				rows + 1);
	if (failed)
		return h_form_retry(r, failed, "plan_edit", ctx);
	return resp_page(r, 200, "plan_edit", ctx);
}

int h_plan_edit(struct req *r)
{
	return edit_render(r, req_int(r, "id", 0), 0);
}

int h_plan_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	struct plan_fields f = {req_str(r, "title"), req_str(r, "vision"), req_str(r, "main_goals"),
				req_str(r, "focus_areas")};
	int rc = plan_update(req_db(r), &r->actor, id, &f);
	if (req_wants_json(r))
		return rc ? rc : h_plan(r);
	if (rc)
		return edit_render(r, id, rc);
	return resp_redirect(r, edit_page(r, id));
}

/* "targets": one value per year of the plan, in order, separated by
 * commas; an empty value leaves that year without a target. */
static int targets_set(struct db *db, const struct actor *a, int64_t kpi, int fy_from, int fy_to,
		       const char *list)
{
	const char *p = list;
	int rc = 0;
	for (int fy = fy_from; !rc && fy <= fy_to && p; fy++) {
		while (*p == ' ')
			p++;
		double v = -1;
		if (*p && *p != ',') {
			char *end = NULL;
			errno = 0;
			v = strtod(p, &end);
			while (end && *end == ' ')
				end++;
			if (errno || end == p || (end && *end && *end != ','))
				return err_fail(ERR_INVAL, "targets", "ค่าเป้าหมายต้องเป็นตัวเลขคั่นด้วยจุลภาค",
						"Targets are numbers separated by commas.");
			p = end;
		}
		rc = plan_kpi_target_set(db, a, kpi, fy, v);
		p = strchr(p, ',');
		if (p)
			p++;
	}
	if (!rc && p)
		return err_fail(ERR_INVAL, "targets", "ค่าเป้าหมายมากกว่าจำนวนปีของแผน",
				"More targets than the plan has years.");
	return rc;
}

int h_plan_kpi_save(struct req *r)
{
	struct db *db = req_db(r);
	int64_t id = req_int(r, "id", 0), kpi = req_int(r, "kpi_id", 0);
	struct plan_kpi_input in = {req_int(r, "strategy_id", 0), req_str(r, "code"), req_str(r, "measure"),
				    req_str(r, "kind"), (int)req_int(r, "sort", 0)};
	json_t *plan = NULL;
	int rc = plan_get(db, &r->actor, id, &plan);
	if (rc)
		return rc;
	int from = (int)json_integer_value(json_object_get(plan, "fy_from"));
	int to = (int)json_integer_value(json_object_get(plan, "fy_to"));
	json_decref(plan);
	if ((rc = db_begin(db)))
		return rc;
	if (kpi) {
		int64_t owner = 0;
		rc = db_query_int(db, "SELECT plan_id FROM plan_kpis WHERE id = $1", DB_ARGS(DB_INT(kpi)), &owner);
		if (!rc && owner != id)
			rc = err_fail(ERR_NOTFOUND, "kpi_id", "ไม่พบตัวชี้วัดนี้ในแผน", "No such KPI in this plan.");
		if (!rc)
			rc = plan_kpi_update(db, &r->actor, kpi, &in);
	} else {
		rc = plan_kpi_add(db, &r->actor, id, &in, &kpi);
	}
	if (!rc && req_has(r, "targets"))
		rc = targets_set(db, &r->actor, kpi, from, to, req_str(r, "targets"));
	rc = db_end(db, rc);
	if (rc)
		return edit_render(r, id, rc);
	return resp_redirect(r, edit_page(r, id));
}

int h_plan_action_save(struct req *r)
{
	int64_t id = req_int(r, "id", 0), action = req_int(r, "action_id", 0);
	struct plan_action_input in = {req_int(r, "strategy_id", 0), (int)req_int(r, "sort", 0),
				       req_str(r, "activity"), req_str(r, "method"),
				       req_str(r, "period"), req_str(r, "kpi"),
				       req_str(r, "target"), req_str(r, "responsible"),
				       req_str(r, "note"), req_str(r, "evidence")};
	struct db *db = req_db(r);
	int rc = 0;
	if (action) {
		int64_t owner = 0;
		rc = db_query_int(db, "SELECT plan_id FROM plan_actions WHERE id = $1 AND org_id = $2",
				  DB_ARGS(DB_INT(action), DB_INT(r->actor.org_id)), &owner);
		if (rc == ERR_NOTFOUND || (!rc && owner != id))
			rc = err_fail(ERR_NOTFOUND, "action_id", "ไม่พบรายการนี้ในแผน", "No such row in this plan.");
		if (!rc)
			rc = plan_action_update(db, &r->actor, action, &in);
	} else {
		rc = plan_action_add(db, &r->actor, id, &in, NULL);
	}
	if (rc)
		return edit_render(r, id, rc);
	return resp_redirect(r, edit_page(r, id));
}

/* Deletes item {item} of plan {id} from `table` with `del`. */
static int item_delete(struct req *r, const char *sql, int (*del)(struct db *, const struct actor *, int64_t))
{
	int64_t id = req_int(r, "id", 0), item = req_int(r, "item", 0), owner = 0;
	struct db *db = req_db(r);
	int rc = db_query_int(db, sql, DB_ARGS(DB_INT(item), DB_INT(r->actor.org_id)), &owner);
	if (rc == ERR_NOTFOUND || (!rc && owner != id))
		return err_fail(ERR_NOTFOUND, "item", "ไม่พบรายการนี้ในแผน", "No such item in this plan.");
	if (rc || (rc = del(db, &r->actor, item)))
		return rc;
	return resp_redirect(r, edit_page(r, id));
}

int h_plan_kpi_delete(struct req *r)
{
	return item_delete(r, "SELECT plan_id FROM plan_kpis WHERE id = $1 AND org_id = $2", plan_kpi_delete);
}

int h_plan_action_delete(struct req *r)
{
	return item_delete(r, "SELECT plan_id FROM plan_actions WHERE id = $1 AND org_id = $2", plan_action_delete);
}

int h_plan_copy(struct req *r)
{
	int64_t id = req_int(r, "id", 0), copy = 0;
	int rc = plan_copy(req_db(r), &r->actor, id, (int)req_int(r, "fy_from", 0), (int)req_int(r, "fy_to", 0),
			   &copy);
	if (req_wants_json(r)) {
		json_t *plan = NULL;
		if (rc || (rc = plan_get(req_db(r), &r->actor, copy, &plan)))
			return rc;
		return resp_json(r, 201, plan);
	}
	if (rc) {
		json_t *plan = NULL;
		int grc = plan_get(req_db(r), &r->actor, id, &plan);
		if (grc)
			return grc;
		return h_form_retry(r, rc, "plan", json_pack("{s:o, s:I}", "plan", plan, "plan_id", (json_int_t)id));
	}
	return resp_redirect(r, edit_page(r, copy));
}
