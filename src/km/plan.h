/*
 * plan: the KM plan (แผนการจัดการความรู้): a period of fiscal years, its
 * vision, and its numbered KM strategies. The plan is a public document.
 */
#ifndef KLANG_KM_PLAN_H
#define KLANG_KM_PLAN_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

struct plan_strategy_input {
	int number;
	const char *title;
	const char *meaning;
	const char *mission;
	const char *responsible;
	const char *goal;
	const char *timeframe;
};

int plan_create(struct db *db, const struct actor *a, const char *title, int fy_from, int fy_to,
		const char *vision, int64_t *id_out) WUR;

int plan_strategy_add(struct db *db, const struct actor *a, int64_t plan_id,
		      const struct plan_strategy_input *in, int64_t *id_out) WUR;

/* The plan in force in fiscal year `fy` (B.E.), or else the latest one:
 * {"id","title","fy_from","fy_to","vision","strategies":[…]}. ERR_NOTFOUND
 * when the organisation has no plan. Public. */
int plan_for_year(struct db *db, int64_t org_id, int fy, json_t **out) WUR;

#endif
