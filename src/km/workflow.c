/* workflow: document states and the transitions between them. */
#include "km/workflow.h"

#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/cal.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "km/doc.h"
#include "km/find.h"
#include "store/db.h"

static const struct {
	const char *state, *th, *en;
} states[] = {
	{"draft", "ฉบับร่าง", "Draft"},
	{"submitted", "ส่งทบทวนแล้ว", "Submitted"},
	{"reviewed", "ทบทวนแล้ว", "Reviewed"},
	{"approved", "อนุมัติแล้ว", "Approved"},
	{"published", "เผยแพร่แล้ว", "Published"},
	{"retired", "ยกเลิกการใช้", "Retired"},
};

/* Who may apply an action, from which states. */
static const struct {
	enum wf_action action;
	const char *name;
	const char *from[6];
	const char *to;
	unsigned roles; /* any of these, for the document's division (admin: any) */
} rules[] = {
	{WF_PUBLISH, "publish", {"draft", "submitted", "reviewed", "approved", "published", NULL},
	 "published", ROLE_ADMIN | ROLE_UNIT_HEAD},
	{WF_RETIRE, "retire", {"published", NULL}, "retired", ROLE_ADMIN | ROLE_UNIT_HEAD},
};

static int state_index(const char *state)
{
	for (size_t i = 0; state && i < sizeof states / sizeof states[0]; i++) {
		if (!strcmp(states[i].state, state))
			return (int)i;
	}
	return -1;
}

const char *wf_state_label_th(const char *state)
{
	int i = state_index(state);
	return i < 0 ? "" : states[i].th;
}

const char *wf_state_label_en(const char *state)
{
	int i = state_index(state);
	return i < 0 ? "" : states[i].en;
}

int wf_action_parse(const char *name)
{
	for (size_t i = 0; name && i < sizeof rules / sizeof rules[0]; i++) {
		if (!strcmp(rules[i].name, name))
			return (int)rules[i].action;
	}
	return -1;
}

int wf_apply(struct db *db, const struct actor *a, int64_t id, enum wf_action action,
	     const char *comment)
{
	size_t k = 0;
	while (k < sizeof rules / sizeof rules[0] && rules[k].action != action)
		k++;
	if (k == sizeof rules / sizeof rules[0])
		return err_fail(ERR_INVAL, "action", "ไม่รู้จักการดำเนินการนี้", "Unknown action.");
	if (action == WF_RETIRE && (!comment || !comment[0] || utf8_count(comment, strlen(comment)) > 1000))
		return err_fail(ERR_INVAL, "comment", "ต้องระบุเหตุผลที่ยกเลิกการใช้ (ไม่เกิน 1,000 ตัวอักษร)",
				"A reason (up to 1,000 characters) is required to retire a document.");
	int rc = db_begin(db);
	if (rc)
		return rc;
	json_t *doc = NULL;
	rc = doc_get(db, a, id, 0, &doc);
	const char *state = rc ? "" : json_string_value(json_object_get(doc, "status"));
	bool allowed = false;
	for (int i = 0; !rc && rules[k].from[i]; i++)
		allowed |= !strcmp(rules[k].from[i], state);
	if (!rc && !allowed)
		rc = err_fail(ERR_CONFLICT, "action", "ทำรายการนี้กับเอกสารในสถานะปัจจุบันไม่ได้",
			      "This action does not apply to the document's current state.");
	if (!rc && !json_is_true(json_object_get(doc, "can_publish")))
		rc = err_fail(ERR_FORBIDDEN, "action", "เฉพาะหัวหน้าหน่วยงานเจ้าของเอกสารหรือผู้ดูแลระบบ",
			      "Only the owning unit's head or an admin may do this.");
	int64_t now = clock_now();
	if (!rc && action == WF_PUBLISH)
		rc = db_exec(db,
			     "UPDATE documents SET status = 'published', published_revision_id = current_revision_id,"
			     " published_at = coalesce(published_at, $1), published_fy = coalesce(published_fy, $2),"
			     " updated_at = $1 WHERE id = $3",
			     DB_ARGS(DB_INT(now), DB_INT(cal_fiscal_year(cal_from_unix(now))), DB_INT(id)));
	if (!rc && action == WF_RETIRE)
		rc = db_exec(db,
			     "UPDATE documents SET status = 'retired', retired_at = $1, retired_reason = $2,"
			     " updated_at = $1 WHERE id = $3",
			     DB_ARGS(DB_INT(now), DB_TEXT(comment), DB_INT(id)));
	json_decref(doc);
	if (!rc)
		rc = doc_index(db, id);
	if (!rc)
		rc = audit_log(db, a, action == WF_PUBLISH ? "doc.publish" : "doc.retire", "document", id,
			       comment);
	rc = db_end(db, rc);
	return rc;
}
