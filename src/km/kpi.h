/*
 * kpi: the KM plan's three indicators for a fiscal year, computed from what
 * people did — never typed in — each with its numerator, denominator, value
 * (a percentage, 0–100, one decimal), target, whether it is met, and the
 * rows that count and the rows that do not (the evidence).
 *
 * - KPI1: divisions (สำนัก/กอง, the level-1 units) with at least one
 *   operations manual (kind "manual") approved in the year — an approval
 *   memo of that year is the evidence — over the divisions that existed in
 *   the year (created by its end, active). A manual retired later still
 *   counts for the year it was approved in.
 * - KPI2: job lines developed (km/training) over the job lines municipal
 *   employees held in the year.
 * - KPI3: divisions with an accessible KM space by the end of the year — a
 *   KM corner holding at least one published document of the division
 *   (published by then and not retired by then), or a registered external
 *   space (e.g. a LINE group) — over the same divisions as KPI1.
 *
 * Targets: the plan in force for the year (km/plan) gives them when it sets
 * one for the indicator's code (plan_kpis.code "KPI1".."KPI3") and the
 * year (plan_kpi_targets.fy); otherwise the defaults of the seed plan:
 * KPI1 100%, KPI2 80%, KPI3 80/90/100% in the plan's first, second and
 * later years (80% without a plan).
 */
#ifndef KLANG_KM_KPI_H
#define KLANG_KM_KPI_H

#include <jansson.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

/* The three indicators of fiscal year `fy` (B.E., 2400–2700):
 * {"fy","kpis":[{"code","name_th","numerator","denominator","value",
 *   "target","met","rows":[…]}]}. KPI1 and KPI3 rows are divisions
 * {unit_id,name,counted,evidence:[…]}; KPI2 rows are job lines as
 * km/training gives them. `with_rows` false leaves the rows out. Any
 * account of the organisation reads them. */
int kpi_year(struct db *db, const struct actor *a, int fy, bool with_rows, json_t **out) WUR;

#endif
