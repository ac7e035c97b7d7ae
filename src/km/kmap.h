/*
 * kmap: the knowledge map, the plan's section 4: strategic issues, their
 * goals, and the knowledge required for each, with the responsible unit
 * (none: the organisation as a whole).
 */
#ifndef KLANG_KM_KMAP_H
#define KLANG_KM_KMAP_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define KMAP_TEXT_MAX 500

/* The whole map of an organisation:
 * [{"id","number","title","goals":[{"id","text"}],
 *   "knowledge":[{"id","title","unit_id","unit_name"}]}]. Public (it is part
 * of the published plan), so it takes the organisation explicitly. */
int kmap_get(struct db *db, const struct actor *a, int64_t org_id, json_t **out) WUR;

/* Counts of an organisation's strategic issues and required-knowledge items.
 * Public. */
int kmap_counts(struct db *db, const struct actor *a, int64_t org_id, int64_t *issues,
		int64_t *items) WUR;

/* Adds to each knowledge item of a map from kmap_get the published
 * documents covering it that the actor may open ("docs":[{id,title,kind}])
 * and "covered" (true when any published document covers it, visible or
 * not, so the gap report does not depend on who looks). */
int kmap_coverage(struct db *db, const struct actor *a, json_t *issues) WUR;

/* Tallies a map that went through kmap_coverage: {"covered","total",
 * "issues":[{"id","number","title","covered","total"}] (every issue, in the
 * map's order), "gaps":[{"id","title","unit_name","issue_number",
 * "issue_title"}] (the items no published document covers, in the map's
 * order)}. Reads `issues` only; the result is new and the caller owns it
 * (NULL only when out of memory). */
json_t *kmap_coverage_tally(const json_t *issues);

/* The actor's organisation's map, its coverage and their tally
 * (kmap_coverage_tally) in one: what the dashboard shows. */
int kmap_coverage_summary(struct db *db, const struct actor *a, json_t **out) WUR;

/* Knowledge gaps seen in search: the actor's organisation's queries that
 * found nothing in fiscal year `fy` (B.E., Bangkok time), grouped by the
 * query as search normalised it, [{query, count, last_at}], most frequent
 * first, at most `limit` (1..100). Queries may name people, so only those
 * who edit the plan (PERM_KMAP_EDIT: the committee, admins) read them;
 * others get ERR_FORBIDDEN. ERR_INVAL for a year outside 2400–2700. */
int kmap_search_gaps(struct db *db, const struct actor *a, int fy, int limit, json_t **out) WUR;

int kmap_issue_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;
int kmap_issue_create(struct db *db, const struct actor *a, int number, const char *title,
		      int64_t *id_out) WUR;
/* number < 0 or title NULL leave the field unchanged. */
int kmap_issue_update(struct db *db, const struct actor *a, int64_t id, int number,
		      const char *title) WUR;

int kmap_goal_add(struct db *db, const struct actor *a, int64_t issue_id, const char *text,
		  int64_t *id_out) WUR;
int kmap_goal_delete(struct db *db, const struct actor *a, int64_t goal_id) WUR;

/* Required knowledge; unit_id 0 means the organisation as a whole. */
int kmap_rk_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;
int kmap_rk_create(struct db *db, const struct actor *a, int64_t issue_id, const char *title,
		   int64_t unit_id, int64_t *id_out) WUR;
/* title NULL and unit_id < 0 leave the field unchanged. */
int kmap_rk_update(struct db *db, const struct actor *a, int64_t id, const char *title,
		   int64_t unit_id) WUR;
int kmap_rk_delete(struct db *db, const struct actor *a, int64_t id) WUR;

#endif
