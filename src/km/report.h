/*
 * report: the annual monitoring and evaluation report of the KM plan
 * (รายงานผลการติดตามและประเมินผลการดำเนินงานตามแผนการจัดการความรู้) for a
 * fiscal year. A report is a numbered version of its year: a draft is
 * gathered live from the data each time it is read; submitting it to the
 * executives freezes everything it shows (plan summary, each KPI against
 * its target with its evidence rows and its trend over the plan's years,
 * the year's development activities, the knowledge gaps, the committee's
 * narrative and the committee) into a snapshot that later data changes
 * never alter. A new version can then be generated.
 *
 * The KM committee and admins (PERM_KMAP_EDIT) generate, edit, submit and
 * publish; any account of the organisation (PERM_ORG_READ) reads. A
 * submitted report the committee publishes is disclosed on the public
 * portal (ITA), where anyone reads it at a stable address; the public
 * reads nothing else. Every change is audited. Results are new JSON values
 * the caller owns (json_decref).
 */
#ifndef KLANG_KM_REPORT_H
#define KLANG_KM_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define REPORT_TEXT_MAX 8000     /* characters per narrative (problems, proposals) */
#define REPORT_VERSIONS_MAX 100  /* versions per fiscal year */
#define REPORT_ACTIVITIES_MAX 100 /* activities a report lists */

/* Generates a new draft report of fiscal year `fy` (B.E., 2400–2700):
 * version = the year's last + 1. *id_out gets its id. */
int report_generate(struct db *db, const struct actor *a, int fy, int64_t *id_out) WUR;

/* Sets a draft's narrative (NULL leaves a field as it is); ERR_CONFLICT
 * for a submitted report. */
int report_update(struct db *db, const struct actor *a, int64_t id, const char *problems,
		  const char *proposals) WUR;

/* Report `id`: {"id","fy","version","status","problems","proposals",
 * "created_at","submitted_at","published_at" (null: not public),
 * "can_edit","can_submit","can_publish","data":{"fy","org","plan"
 * (plan_for_year's object or null),"kpis" (kpi_year's, with rows),
 * "trend":[{"fy","kpis":[{"code","value" (null when nothing was counted),"target","met"}]}],
 * "activities":[…],"activities_total","coverage":{"covered","total"},
 * "gaps":[…],"committee":[{…,"role_th"}],"problems","proposals"}}.
 * A draft's data is gathered now; a submitted one's is its snapshot,
 * unchanged. ERR_NOTFOUND for another organisation's report, and for the
 * public, for a report that is not published. */
int report_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* Freezes draft `id`'s data as its snapshot and marks it submitted;
 * ERR_CONFLICT when it is already submitted. */
int report_submit(struct db *db, const struct actor *a, int64_t id) WUR;

/* The report of `fy` as it would be generated now, stored nowhere: the
 * shape of report_get with "id" 0, "version" 0, "status" "draft" and
 * empty narratives (what the CLI prints). Readers as report_get. */
int report_live(struct db *db, const struct actor *a, int fy, json_t **out) WUR;

/* Publishes submitted report `id` on the public portal (public_ true; a
 * published report keeps its first publication date) or withdraws it.
 * ERR_CONFLICT for a draft. */
int report_publish(struct db *db, const struct actor *a, int64_t id, bool public_) WUR;

/* The organisation's reports of `fy` (0: every year), newest first:
 * [{"id","fy","version","status","created_at","submitted_at",
 * "published_at"}]; for the public, the published ones only. */
int report_list(struct db *db, const struct actor *a, int fy, json_t **out) WUR;

#endif
