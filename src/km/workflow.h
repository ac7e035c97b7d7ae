/*
 * workflow: the one state machine of documents. States: draft, submitted,
 * reviewed, approved, published, retired. Every change of state goes
 * through wf_apply, whatever the path (pages, API, import, CLI).
 *
 * The rules here are the repository's interim ones: an admin, or the unit
 * head of the document's division, publishes (from any state before
 * published, or again to publish newer changes) and retires with a reason.
 * Review and executive approval replace direct publication in their own
 * issue; the table below is where they go.
 */
#ifndef KLANG_KM_WORKFLOW_H
#define KLANG_KM_WORKFLOW_H

#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

enum wf_action {
	WF_PUBLISH,
	WF_RETIRE,
};

/* Parses "publish" or "retire"; -1 if unknown. */
int wf_action_parse(const char *name);

/* Applies an action to document `id`. `comment` is the reason (required to
 * retire). ERR_CONFLICT when the action does not apply to the state. */
int wf_apply(struct db *db, const struct actor *a, int64_t id, enum wf_action action,
	     const char *comment) WUR;

/* Thai label of a state. */
const char *wf_state_label_th(const char *state);
/* Its English label ("" for an unknown state). */
const char *wf_state_label_en(const char *state);

#endif
