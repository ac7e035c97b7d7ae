/*
 * workflow: the one state machine of documents, and the only code that
 * changes a document's state. Pages, the API, imports, the demo, the
 * benchmarks and the CLI all go through wf_apply.
 *
 * States: draft → submitted → reviewed → approved → published, and
 * retired. "request_changes" and "reject" return a document to draft (a
 * rejection keeps its reason). documents.status is what readers get: a
 * published document stays published while a new revision of it is worked
 * on; that revision's state is documents.pending_state. "The state" below is
 * pending_state when set, else status.
 *
 * Who may take each step is data per organisation and kind (workflow_rules;
 * built-in defaults until an admin changes them): roles that submit, review,
 * approve and publish; a kind may have no review or no approval step. A
 * unit head acts only on documents of their own division and staff only on
 * documents they may edit; the KM committee, executives and admins act
 * across the organisation. The operator (CLI) holds no role: it creates
 * drafts and takes no step.
 *
 * Rules that hold on every path:
 * - nothing is published without the review and approval its kind needs,
 *   each given to the revision being published (a step binds to the
 *   revision id: an edit returns the document to draft and needs them again);
 * - nobody reviews or approves their own work (the document's creator or an
 *   author of a revision since it was last published);
 * - request_changes, reject and retire need a comment.
 *
 * Approval by an executive issues the approval memo (km/memo.h). Every step
 * notifies the people concerned (km/notify.h) and is an audit event.
 */
#ifndef KLANG_KM_WORKFLOW_H
#define KLANG_KM_WORKFLOW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

enum wf_action {
	WF_SUBMIT,
	WF_REVIEW,
	WF_REQUEST_CHANGES,
	WF_APPROVE,
	WF_REJECT,
	WF_PUBLISH,
	WF_RETIRE,
	WF__COUNT
};

#define WF_COMMENT_MAX 2000 /* characters */
#define WF_OVERDUE_DAYS 7   /* a step waiting longer is overdue in the inbox */

/* Parses an action name ("submit" …); -1 if unknown. */
int wf_action_parse(const char *name);
const char *wf_action_name(enum wf_action action);
/* The Thai label of an action (a button: "ส่งทบทวน", "อนุมัติ" …). */
const char *wf_action_label_th(enum wf_action action);

/* Takes a step on document `id`. `comment` is optional for forward steps
 * and required (≤ WF_COMMENT_MAX characters) for request_changes, reject
 * and retire. ERR_NOTFOUND when the actor may not open the document,
 * ERR_FORBIDDEN when they may not take this step (the detail says why),
 * ERR_CONFLICT when the state does not allow it or the kind has no such
 * step. The new state goes to *state_out (static storage) when not NULL. */
int wf_apply(struct db *db, const struct actor *a, int64_t id, enum wf_action action,
	     const char *comment, const char **state_out) WUR;

/* What the actor may do with document `id` now, for buttons: a JSON object
 * {"state","state_th","actions":[{"action","label_th","comment_required"}],
 *  "steps":{"review":bool,"approve":bool,"public":bool},"memo":bool (an
 *  approval memo exists),"insider":bool,"history":[transitions oldest
 *  first: {id,action,action_th,from_state,to_state,revision_id,
 *  revision_number,actor_name,actor_position,comment,at}]}. The history
 *  (with reviewers' comments) is given only to insiders: those who may edit
 *  the document or take a step on it, and those who read everything. */
int wf_status(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* Called by km/doc when a new revision is saved: a document on its way to
 * publication returns to draft (its steps bound the old revision). */
int wf_revision_saved(struct db *db, int64_t id) WUR;

/* Reviewers' comments on the current revision, on the whole document
 * (section "") or on one section (its heading, ≤ 300 characters): anyone
 * who may take a step on the document, or edit it, may comment; @login
 * mentions notify; the document's people are told. */
#define WF_COMMENTS_MAX 500 /* per revision */
int wf_comment_add(struct db *db, const struct actor *a, int64_t id, const char *section,
		   const char *body, int64_t *comment_id) WUR;
/* Comments on revision `revision_id` (0: the current one), in order:
 * [{id,revision_id,section,body,author_name,created_at}]. */
int wf_comments(struct db *db, const struct actor *a, int64_t id, int64_t revision_id,
		json_t **out) WUR;

/* Thai and English labels of a state ("" for an unknown state). */
const char *wf_state_label_th(const char *state);
const char *wf_state_label_en(const char *state);

/* The rule for one kind of document. Role sets are enum role bits; 0 for
 * review or approve means the kind has no such step. */
struct wf_rule {
	char kind[24];
	unsigned submit, review, approve, publish;
	bool publish_public; /* publishing puts it on the public portal */
};

/* "unit_head,km_committee" → role bits; false if a name is unknown. */
bool wf_roles_parse(const char *list, unsigned *out);

/* The organisation's rule for `kind` (its own row, or the default). */
int wf_rule_get(struct db *db, int64_t org_id, const char *kind, struct wf_rule *out) WUR;
/* Every kind's rule: [{kind,kind_th,submit:[roles],review,approve,publish,
 * publish_public}]. Any account of the organisation may read them. */
int wf_rules_list(struct db *db, const struct actor *a, json_t **out) WUR;
/* Replaces one kind's rule (admins; audited). Submit and publish need at
 * least one role; roles must be known. */
int wf_rule_set(struct db *db, const struct actor *a, const struct wf_rule *r) WUR;
/* Writes the default rules for a new organisation. */
int wf_rules_init(struct db *db, int64_t org_id) WUR;

/* The actor's inbox (km/inbox.c): {"waiting":[…],"sent":[…],"overdue":N}. An item is
 * {id,title,kind,kind_th,unit_name,state,state_th,since,next_action,
 *  next_action_th,overdue}. "waiting": documents on which the actor may take
 * the next step (for a unit head, also the division's drafts to submit);
 * "sent": documents the actor submitted that are still on their way, or
 * were decided in the last 30 days. At most 200 of each. */
int wf_inbox(struct db *db, const struct actor *a, json_t **out) WUR;

/* How many documents wait for the actor (the header's badge). */
int wf_waiting_count(struct db *db, const struct actor *a, int64_t *out) WUR;

#endif
