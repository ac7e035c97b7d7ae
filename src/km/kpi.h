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
 *
 * Custom indicators: any other KPI of the plan in force for the year is
 * the committee's to measure. Its result is typed in per fiscal year as a
 * count over a count (kpi_value_set) with a note, and its evidence is a
 * list of published documents of the repository (their attachments hold
 * the files) or links (kpi_evidence_add). Its target is the plan's, or
 * none. The KM committee and admins (PERM_KMAP_EDIT) enter them; every
 * change is audited.
 */
#ifndef KLANG_KM_KPI_H
#define KLANG_KM_KPI_H

#include <jansson.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define KPI_COUNT_MAX 1000000000 /* a custom indicator's denominator at most */
#define KPI_NOTE_MAX 2000        /* characters of a custom result's note */
#define KPI_EVIDENCE_MAX 50      /* evidence items per indicator and year */
#define KPI_EVIDENCE_TITLE_MAX 300
#define KPI_URL_MAX 2000

/* The indicators of fiscal year `fy` (B.E., 2400–2700):
 * {"fy","kpis":[{"code","name_th","numerator","denominator","value",
 *   "target","met","unit","rows":[…]}]}: KPI1–KPI3, then the custom
 * indicators of the plan covering the year. KPI1 and KPI3 rows are
 * divisions {unit_id,name,counted,evidence:[…]}; KPI2 rows are job lines
 * as km/training gives them. A custom indicator also has "custom" true,
 * "id" (its plan_kpis id), "kind", "entered" (false: no result yet, and
 * numerator, denominator and value 0), "note", "entered_at", "target"
 * null when the plan sets none, and rows {evidence_id,title,document_id,
 * url,counted:true}. `with_rows` false leaves the rows out. Any account
 * of the organisation reads them. */
int kpi_year(struct db *db, const struct actor *a, int fy, bool with_rows, json_t **out) WUR;

/* Sets custom indicator `kpi_id`'s result in year `fy` (inside its plan's
 * period): numerator over denominator (0 ≤ numerator ≤ denominator,
 * 1 ≤ denominator ≤ KPI_COUNT_MAX), with a note (NULL: none). ERR_INVAL
 * for KPI1–KPI3, which are computed. */
int kpi_value_set(struct db *db, const struct actor *a, int64_t kpi_id, int fy, int64_t numerator,
		  int64_t denominator, const char *note) WUR;

/* Removes custom indicator `kpi_id`'s result of `fy` (its evidence stays). */
int kpi_value_clear(struct db *db, const struct actor *a, int64_t kpi_id, int fy) WUR;

/* Adds evidence to custom indicator `kpi_id` in year `fy`: a title and
 * either a published document of the organisation (document_id > 0) or an
 * http(s) link (url), or both. *id_out (may be NULL) gets its id. */
int kpi_evidence_add(struct db *db, const struct actor *a, int64_t kpi_id, int fy, const char *title,
		     int64_t document_id, const char *url, int64_t *id_out) WUR;

/* Removes evidence item `id`. */
int kpi_evidence_delete(struct db *db, const struct actor *a, int64_t id) WUR;

#endif
