/* inbox: what waits for each person in the workflow, and what they sent. */
#include <string.h>

#include "core/clock.h"
#include "km/doc.h"
#include "km/workflow.h"
#include "km/workflow_int.h"
#include "store/db.h"
#include "store/db_json.h"

static json_t *inbox_item(const struct doc_row *r, const char *title, int next, int64_t now)
{
	const char *state = wf_state_of(r);
	bool overdue = next >= 0 && next != WF_SUBMIT && now - r->state_since > WF_OVERDUE_DAYS * 86400;
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:b}", "id", (json_int_t)r->id,
			 "title", title, "kind", r->kind, "kind_th", doc_kind_label_th(r->kind), "unit_name",
			 r->unit_name, "state", state, "state_th", wf_state_label_th(state), "since",
			 (json_int_t)r->state_since, "next_action", next < 0 ? "" : wf_action_name((enum wf_action)next),
			 "next_action_th", next < 0 ? "" : wf_action_label_th((enum wf_action)next), "overdue", overdue);
}

/* The documents that may concern the actor, oldest waiting first: those on
 * their way to publication (waiting) or that the actor submitted (sent). */
static int inbox_rows(struct db *db, const struct actor *a, bool sent, json_t **out)
{
	if (sent)
		return db_query_json(db,
				     "SELECT d.id, d.title FROM documents d WHERE d.org_id = $1 AND d.id IN"
				     " (SELECT document_id FROM document_transitions WHERE org_id = $1"
				     "  AND actor_account_id = $2 AND action = 'submit')"
				     " AND (coalesce(d.pending_state, d.status) IN ('submitted', 'reviewed', 'approved')"
				     "  OR d.state_since >= $3)"
				     " ORDER BY d.state_since DESC LIMIT 200",
				     DB_ARGS(DB_INT(a->org_id), DB_INT(a->account_id),
					     DB_INT(clock_now() - 30 * 86400)),
				     0, out);
	return db_query_json(db,
			     "SELECT d.id, d.title FROM documents d WHERE d.org_id = $1"
			     " AND coalesce(d.pending_state, d.status) IN ('draft', 'submitted', 'reviewed', 'approved')"
			     " ORDER BY coalesce(d.state_since, d.updated_at), d.id LIMIT 2000",
			     DB_ARGS(DB_INT(a->org_id)), 0, out);
}

/* The last step taken on the document was a return to draft. */
static int returned_to_draft(struct db *db, int64_t id, bool *out)
{
	json_t *row = NULL;
	int rc = db_query_json_one(db,
				   "SELECT action FROM document_transitions WHERE document_id = $1"
				   " ORDER BY id DESC LIMIT 1",
				   DB_ARGS(DB_INT(id)), &row);
	*out = false;
	if (rc == ERR_NOTFOUND) {
		err_clear();
		return 0;
	}
	if (!rc) {
		const char *act = json_string_value(json_object_get(row, "action"));
		*out = act && (!strcmp(act, "request_changes") || !strcmp(act, "reject"));
	}
	json_decref(row);
	return rc;
}

/* Whether a document waits for the actor, and for which step. */
static int waits_for(struct db *db, const struct actor *a, const struct doc_row *r, int *step)
{
	struct wf_rule rule;
	int rc = wf_rule_get(db, a->org_id, r->kind, &rule);
	*step = -1;
	if (rc)
		return rc;
	int next = wf_next_step(&rule, wf_state_of(r));
	if (next < 0)
		return 0;
	if (next == WF_SUBMIT) {
		/* Drafts wait for their division's head, and for their author
		 * when they came back. */
		bool back = false;
		if (wf_held_roles(a, r) & ROLE_UNIT_HEAD & rule.submit) {
			*step = next;
			return 0;
		}
		if (a->account_id && r->acc.created_by == a->account_id)
			rc = returned_to_draft(db, r->id, &back);
		if (!rc && back)
			*step = next;
		return rc;
	}
	rc = wf_check_step(db, a, &rule, (enum wf_action)next, r);
	if (rc == 0)
		*step = next;
	else if (rc == ERR_FORBIDDEN || rc == ERR_CONFLICT)
		rc = 0, err_clear();
	return rc;
}

int wf_inbox(struct db *db, const struct actor *a, json_t **out)
{
	if (!a->account_id)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	json_t *rows = NULL, *waiting = json_array(), *sent = json_array();
	int64_t now = clock_now(), overdue = 0;
	int rc = 0;
	for (int pass = 0; !rc && pass < 2; pass++) {
		rc = inbox_rows(db, a, pass == 1, &rows);
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row)
		{
			if (rc)
				break;
			struct doc_row r;
			int64_t id = json_integer_value(json_object_get(row, "id"));
			const char *title = json_string_value(json_object_get(row, "title"));
			rc = doc_load_row(db, a, id, &r);
			if (rc == ERR_NOTFOUND) {
				rc = 0;
				err_clear();
				continue;
			}
			int step = -1;
			if (!rc && pass == 0)
				rc = waits_for(db, a, &r, &step);
			if (rc)
				break;
			if (pass == 0 && step >= 0 && json_array_size(waiting) < 200) {
				json_t *item = inbox_item(&r, title, step, now);
				overdue += json_is_true(json_object_get(item, "overdue"));
				json_array_append_new(waiting, item);
			} else if (pass == 1) {
				struct wf_rule rule;
				rc = wf_rule_get(db, a->org_id, r.kind, &rule);
				if (!rc)
					json_array_append_new(sent, inbox_item(&r, title, wf_next_step(&rule, wf_state_of(&r)), now));
			}
		}
		json_decref(rows);
		rows = NULL;
	}
	if (rc) {
		json_decref(waiting);
		json_decref(sent);
		return rc;
	}
	*out = json_pack("{s:o, s:o, s:I}", "waiting", waiting, "sent", sent, "overdue", (json_int_t)overdue);
	return 0;
}

int wf_waiting_count(struct db *db, const struct actor *a, int64_t *out)
{
	json_t *box = NULL;
	*out = 0;
	if (!a->account_id)
		return 0;
	int rc = wf_inbox(db, a, &box);
	if (!rc)
		*out = (int64_t)json_array_size(json_object_get(box, "waiting"));
	json_decref(box);
	return rc;
}
