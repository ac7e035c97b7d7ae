/*
 * corner: a unit's KM corner (มุม KM), the unit's accessible knowledge space
 * that the plan's KPI 3 counts: its published knowledge, its manuals by
 * fiscal year, its people, an optional registered external space (e.g. the
 * unit's LINE group) and its view count.
 */
#ifndef KLANG_KM_CORNER_H
#define KLANG_KM_CORNER_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

/* {"unit":{…},"intro","external_label","external_url","views",
 *  "documents":[…visible published documents of the unit's division…],
 *  "manuals_by_fy":[{"fy","items":[…]}], "people":[…] (accounts only),
 *  "can_edit"}. */
int corner_get(struct db *db, const struct actor *a, int64_t unit_id, json_t **out) WUR;

/* Counts a view of the corner (a write: not inside a read snapshot). */
int corner_count_view(struct db *db, int64_t org_id, int64_t unit_id) WUR;

/* Sets the introduction and the external space (an http(s) URL or ""): the
 * unit head of the unit's division, or an admin. */
int corner_set(struct db *db, const struct actor *a, int64_t unit_id, const char *intro,
	       const char *external_label, const char *external_url) WUR;

#endif
