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
