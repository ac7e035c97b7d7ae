/*
 * plan: the KM plan (แผนการจัดการความรู้) as data: a period of fiscal years
 * (B.E.), its vision, main goals and KM focus areas, its numbered KM
 * strategies, its indicators (KPIs) with a target per fiscal year, and its
 * action-plan rows (แผนปฏิบัติการ). The plan is a public document: anyone
 * reads it; the KM committee and admins (PERM_KMAP_EDIT) edit it, and a new
 * period can start as a copy of the previous one. Every change is audited.
 *
 * Results are new JSON values the caller owns (json_decref).
 */
#ifndef KLANG_KM_PLAN_H
#define KLANG_KM_PLAN_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

/* Limits: per plan, and characters per field. */
#define PLAN_MAX_YEARS 10       /* fy_to - fy_from at most this */
#define PLAN_STRATEGIES_MAX 20
#define PLAN_KPIS_MAX 50
#define PLAN_ACTIONS_MAX 200
#define PLAN_PER_ORG_MAX 100
#define PLAN_TITLE_MAX 300
#define PLAN_TEXT_MAX 4000      /* vision, main goals, focus areas, long fields */
#define PLAN_LINE_MAX 500       /* short fields */
#define PLAN_CODE_MAX 16

struct plan_strategy_input {
	int number;
	const char *title;
	const char *meaning;
	const char *mission;
	const char *responsible;
	const char *goal;
	const char *timeframe;
};

/* A plan's own fields; NULL leaves a field as it is (plan_update). */
struct plan_fields {
	const char *title;
	const char *vision;
	const char *main_goals;
	const char *focus_areas;
};

/* An indicator. code: "KPI1".."KPI3" (computed) or a custom code of
 * letters, digits, '-' and '_'; kind: "output", "outcome" or "system";
 * strategy_id: 0 for none. */
struct plan_kpi_input {
	int64_t strategy_id;
	const char *code;
	const char *measure;
	const char *kind;
	int sort;
};

/* An action-plan row; activity is required; strategy_id 0 for none. */
struct plan_action_input {
	int64_t strategy_id;
	int sort;
	const char *activity;
	const char *method;
	const char *period;
	const char *kpi;
	const char *target;
	const char *responsible;
	const char *note;
	const char *evidence;
};

/* A text field of a plan or of its indicators' results: ERR_INVAL (with
 * the field) when required and empty, longer than max characters or not
 * valid text; NULL is absent. */
int plan_text_check(const char *field, const char *s, size_t max, bool required) WUR;

int plan_create(struct db *db, const struct actor *a, const char *title, int fy_from, int fy_to,
		const char *vision, int64_t *id_out) WUR;

/* Changes the fields given (see struct plan_fields). */
int plan_update(struct db *db, const struct actor *a, int64_t id, const struct plan_fields *in) WUR;

int plan_strategy_add(struct db *db, const struct actor *a, int64_t plan_id,
		      const struct plan_strategy_input *in, int64_t *id_out) WUR;
/* Replaces strategy `id`'s fields (number and title required). */
int plan_strategy_update(struct db *db, const struct actor *a, int64_t id,
			 const struct plan_strategy_input *in) WUR;
/* Deletes a strategy; its KPIs and action rows stay, without a strategy. */
int plan_strategy_delete(struct db *db, const struct actor *a, int64_t id) WUR;

int plan_kpi_add(struct db *db, const struct actor *a, int64_t plan_id, const struct plan_kpi_input *in,
		 int64_t *id_out) WUR;
int plan_kpi_update(struct db *db, const struct actor *a, int64_t id, const struct plan_kpi_input *in) WUR;
int plan_kpi_delete(struct db *db, const struct actor *a, int64_t id) WUR;
/* Sets KPI `kpi_id`'s target (0–100 percent) for fiscal year `fy`, which
 * must lie in the plan's period; a negative target removes it. */
int plan_kpi_target_set(struct db *db, const struct actor *a, int64_t kpi_id, int fy, double target) WUR;

int plan_action_add(struct db *db, const struct actor *a, int64_t plan_id, const struct plan_action_input *in,
		    int64_t *id_out) WUR;
int plan_action_update(struct db *db, const struct actor *a, int64_t id, const struct plan_action_input *in) WUR;
int plan_action_delete(struct db *db, const struct actor *a, int64_t id) WUR;

/* Copies plan `id` into a new plan for fy_from–fy_to: its fields,
 * strategies, KPIs (the target of the source's n-th year becomes the
 * target of the copy's n-th year; years beyond the source's last take its
 * last target) and action rows. The title names the new period when the
 * old title named the old one. *new_id gets the copy. */
int plan_copy(struct db *db, const struct actor *a, int64_t id, int fy_from, int fy_to, int64_t *new_id) WUR;

/* The organisation's plans, newest period first:
 * [{"id","title","fy_from","fy_to"}]. Public. */
int plan_list(struct db *db, const struct actor *a, json_t **out) WUR;

/* The whole plan: {"id","title","fy_from","fy_to","years":[fy…],"vision",
 * "main_goals","focus_areas","strategies":[…],"kpis":[{"id","code",
 * "measure","kind","strategy_id","strategy_number","sort","targets":
 * [{"fy","set","target"}…] (one per year of the plan; target null and
 * set false when unset)}],
 * "actions":[{"id","strategy_id","strategy_number","sort","activity",
 * "method","period","kpi","target","responsible","note","evidence"}],
 * "can_edit"}. Public; ERR_NOTFOUND for another organisation's plan. */
int plan_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* The plan in force in fiscal year `fy` (B.E.), or else the latest one:
 * {"id","title","fy_from","fy_to","vision","main_goals","focus_areas",
 * "strategies":[…]}. ERR_NOTFOUND when the organisation has no plan.
 * Public. */
int plan_for_year(struct db *db, int64_t org_id, int fy, json_t **out) WUR;

/* The target the plan in force in `fy` (fy_from ≤ fy ≤ fy_to) sets for
 * indicator `code` in that year. ERR_NOTFOUND when no plan covers the
 * year or it sets no such target. */
int plan_kpi_target(struct db *db, int64_t org_id, int fy, const char *code, double *target) WUR;

#endif
