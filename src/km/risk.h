/*
 * risk: the knowledge-at-risk report. For a horizon of N years (1–10), the
 * active people of the organisation whose retirement date falls between
 * today (clock_now, Bangkok) and the same day N years on, who hold
 * knowledge nobody else holds:
 *   "sole_author"  the only author of a published document
 *                  (document_authors);
 *   "expert"       the expert of an expert interview (km/expert), with the
 *                  document it became unless that was retired;
 *   "uncovered"    in a unit responsible for a required-knowledge item that
 *                  no published document covers (the item's unit is the
 *                  person's unit or division).
 * People with none of these are not listed.
 *
 * Who may read: the KM committee, admins and executives (PERM_RISK_READ).
 * The report lists retirement dates, so each reading is recorded in the
 * audit trail ("risk.view", once per report, not per person): the caller
 * must not hold a read snapshot.
 */
#ifndef KLANG_KM_RISK_H
#define KLANG_KM_RISK_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define RISK_YEARS_MIN 1
#define RISK_YEARS_MAX 10
#define RISK_YEARS_DEFAULT 3
#define RISK_PEOPLE_MAX 1000 /* people listed at most ("truncated" says so) */
#define RISK_REASONS_MAX 50  /* reasons per person at most */

/* The report: {"years","as_of","until" (ISO dates),"total","truncated",
 * "items":[{person_id,name,position,unit_id,unit_name,retirement_date
 * (ISO),days_left,reasons:[{kind,kind_th,title, and document_id (for
 * sole_author, and expert when it has a document), interview_id (expert),
 * rk_id and unit_name (uncovered)}]}]}, soonest retirement first.
 * ERR_INVAL when years is out of range. */
int risk_report(struct db *db, const struct actor *a, int years, json_t **out) WUR;

#endif
