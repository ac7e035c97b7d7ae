/*
 * workflow_int: what km/workflow shares with km/inbox (inside km/ only).
 */
#ifndef KLANG_KM_WORKFLOW_INT_H
#define KLANG_KM_WORKFLOW_INT_H

#include "km/doc.h"
#include "km/workflow.h"

/* The workflow's state of a document: its pending revision's, else its status. */
const char *wf_state_of(const struct doc_row *r);
/* The next forward step from a state under a rule; -1 if none. */
int wf_next_step(const struct wf_rule *rule, const char *state);
/* The roles the actor holds for the document (a unit head's only for
 * their division, staff only where they may edit). */
unsigned wf_held_roles(const struct actor *a, const struct doc_row *r);
/* 0 if the actor may take `act` now; else ERR_FORBIDDEN or ERR_CONFLICT
 * with the reason in the error detail. */
int wf_check_step(struct db *db, const struct actor *a, const struct wf_rule *rule, enum wf_action act,
		  const struct doc_row *r) WUR;

#endif
