/* workflow: document states, the rules of who takes each step, the steps. */
#include "km/workflow.h"
#include "km/workflow_int.h"

#include <stdio.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "km/approval.h"
#include "km/audit.h"
#include "km/doc.h"
#include "km/find.h"
#include "km/notify.h"
#include "store/db.h"
#include "store/db_json.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *state, *th, *en;
} states[] = {
	{"draft", "ฉบับร่าง", "Draft"},
	{"submitted", "รอทบทวน", "Submitted"},
	{"reviewed", "ทบทวนแล้ว รออนุมัติ", "Reviewed"},
	{"approved", "อนุมัติแล้ว รอเผยแพร่", "Approved"},
	{"published", "เผยแพร่แล้ว", "Published"},
	{"retired", "ยกเลิกการใช้", "Retired"},
};

static const struct {
	const char *name, *th, *done_th; /* the button; what happened (notifications) */
	bool comment_required;
} actions[WF__COUNT] = {
	[WF_SUBMIT] = {"submit", "เสนอเพื่อทบทวน", "เสนอเอกสารเพื่อทบทวน", false},
	[WF_REVIEW] = {"review", "ผ่านการทบทวน", "ทบทวนเอกสารแล้ว", false},
	[WF_REQUEST_CHANGES] = {"request_changes", "ส่งกลับให้แก้ไข", "ส่งเอกสารกลับให้แก้ไข", true},
	[WF_APPROVE] = {"approve", "อนุมัติให้เผยแพร่", "อนุมัติให้เผยแพร่เอกสาร", false},
	[WF_REJECT] = {"reject", "ไม่อนุมัติ", "ไม่อนุมัติเอกสาร", true},
	[WF_PUBLISH] = {"publish", "เผยแพร่", "เผยแพร่เอกสาร", false},
	[WF_RETIRE] = {"retire", "ยกเลิกการใช้", "ยกเลิกการใช้เอกสาร", true},
};

/* The defaults `init` writes: manuals and regulations need a unit head's or
 * the committee's review and an executive's approval; citizen manuals the
 * same and go public; articles and lessons only a review. */
#define R_ADMIN ROLE_ADMIN
#define R_KMC ROLE_COMMITTEE
#define R_EXEC ROLE_EXECUTIVE
#define R_HEAD ROLE_UNIT_HEAD
#define R_STAFF ROLE_STAFF
static const struct wf_rule defaults[] = {
	{"manual", R_HEAD | R_KMC, R_HEAD | R_KMC, R_EXEC, R_HEAD | R_KMC | R_ADMIN, false},
	{"citizen_manual", R_HEAD | R_KMC, R_HEAD | R_KMC, R_EXEC, R_HEAD | R_KMC | R_ADMIN, true},
	{"regulation", R_HEAD | R_KMC, R_HEAD | R_KMC, R_EXEC, R_HEAD | R_KMC | R_ADMIN, false},
	{"article", R_STAFF | R_HEAD | R_KMC, R_HEAD | R_KMC, 0, R_HEAD | R_KMC | R_ADMIN, false},
	{"expert_knowledge", R_STAFF | R_HEAD | R_KMC, R_KMC, 0, R_KMC | R_ADMIN, false},
	{"training_lessons", R_STAFF | R_HEAD | R_KMC, R_HEAD | R_KMC, 0, R_HEAD | R_KMC | R_ADMIN, false},
	{"good_practice", R_STAFF | R_HEAD | R_KMC, R_KMC, R_EXEC, R_KMC | R_ADMIN, false},
};

static const enum role role_order[] = {ROLE_ADMIN, ROLE_COMMITTEE, ROLE_EXECUTIVE, ROLE_UNIT_HEAD,
				       ROLE_STAFF};

static int state_index(const char *state)
{
	for (size_t i = 0; state && i < COUNT(states); i++) {
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
	for (int i = 0; name && i < WF__COUNT; i++) {
		if (!strcmp(actions[i].name, name))
			return i;
	}
	return -1;
}

const char *wf_action_name(enum wf_action action)
{
	return (unsigned)action < WF__COUNT ? actions[action].name : "";
}

const char *wf_action_label_th(enum wf_action action)
{
	return (unsigned)action < WF__COUNT ? actions[action].th : "";
}

/* ---- rules ---- */

static const struct wf_rule *default_rule(const char *kind)
{
	for (size_t i = 0; i < COUNT(defaults); i++) {
		if (!strcmp(defaults[i].kind, kind))
			return &defaults[i];
	}
	return NULL;
}

bool wf_roles_parse(const char *list, unsigned *out)
{
	*out = 0;
	struct str rest = str_c(list ? list : ""), item;
	for (bool more = true; more && rest.len;) {
		more = str_split(rest, ',', &item, &rest);
		item = str_trim(item);
		if (!item.len)
			continue;
		char name[24];
		if (item.len >= sizeof name)
			return false;
		memcpy(name, item.p, item.len);
		name[item.len] = 0;
		unsigned r = authz_role_parse(name);
		if (!r)
			return false;
		*out |= r;
	}
	return true;
}

static void roles_format(unsigned roles, char *out, size_t n)
{
	size_t len = 0;
	out[0] = 0;
	for (size_t i = 0; i < COUNT(role_order); i++) {
		if (roles & role_order[i])
			len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s", len ? "," : "",
						authz_role_name(role_order[i]));
	}
}

static json_t *roles_json(unsigned roles)
{
	json_t *a = json_array();
	for (size_t i = 0; i < COUNT(role_order); i++) {
		if (roles & role_order[i])
			json_array_append_new(a, json_string(authz_role_name(role_order[i])));
	}
	return a;
}

int wf_rule_get(struct db *db, int64_t org_id, const char *kind, struct wf_rule *out)
{
	const struct wf_rule *def = default_rule(kind ? kind : "");
	if (!def)
		return err_fail(ERR_INVAL, "kind", "ประเภทเอกสารไม่ถูกต้อง", "Unknown kind of document.");
	*out = *def;
	struct db_stmt *st;
	int rc = db_query(db,
			  "SELECT submit_roles, review_roles, approve_roles, publish_roles, publish_public"
			  " FROM workflow_rules WHERE org_id = $1 AND kind = $2",
			  DB_ARGS(DB_INT(org_id), DB_TEXT(kind)), &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		/* A row that no longer parses (a role renamed) keeps the default. */
		struct wf_rule r = *def;
		if (wf_roles_parse(db_col_text(st, 0, NULL), &r.submit) &&
		    wf_roles_parse(db_col_text(st, 1, NULL), &r.review) &&
		    wf_roles_parse(db_col_text(st, 2, NULL), &r.approve) &&
		    wf_roles_parse(db_col_text(st, 3, NULL), &r.publish) && r.submit && r.publish) {
			r.publish_public = db_col_int(st, 4) != 0;
			*out = r;
		}
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int rule_write(struct db *db, int64_t org_id, const struct wf_rule *r)
{
	char s[96], v[96], ap[96], p[96];
	roles_format(r->submit, s, sizeof s);
	roles_format(r->review, v, sizeof v);
	roles_format(r->approve, ap, sizeof ap);
	roles_format(r->publish, p, sizeof p);
	return db_exec(db,
		       "INSERT INTO workflow_rules (org_id, kind, submit_roles, review_roles, approve_roles,"
		       " publish_roles, publish_public, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
		       " ON CONFLICT (org_id, kind) DO UPDATE SET submit_roles = excluded.submit_roles,"
		       " review_roles = excluded.review_roles, approve_roles = excluded.approve_roles,"
		       " publish_roles = excluded.publish_roles, publish_public = excluded.publish_public,"
		       " updated_at = excluded.updated_at",
		       DB_ARGS(DB_INT(org_id), DB_TEXT(r->kind), DB_TEXT(s), DB_TEXT(v), DB_TEXT(ap), DB_TEXT(p),
			       DB_INT(r->publish_public ? 1 : 0), DB_INT(clock_now())));
}

int wf_rules_init(struct db *db, int64_t org_id)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < COUNT(defaults); i++)
		rc = rule_write(db, org_id, &defaults[i]);
	return rc;
}

int wf_rules_list(struct db *db, const struct actor *a, json_t **out)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	json_t *list = json_array();
	int rc = 0;
	for (size_t i = 0; !rc && doc_kinds[i]; i++) {
		struct wf_rule r;
		rc = wf_rule_get(db, a->org_id, doc_kinds[i], &r);
		if (rc)
			break;
		json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:b}", "kind", r.kind,
						      "kind_th", doc_kind_label_th(r.kind), "submit",
						      roles_json(r.submit), "review", roles_json(r.review),
						      "approve", roles_json(r.approve), "publish",
						      roles_json(r.publish), "publish_public", r.publish_public));
	}
	if (rc) {
		json_decref(list);
		return rc;
	}
	*out = list;
	return 0;
}

int wf_rule_set(struct db *db, const struct actor *a, const struct wf_rule *r)
{
	int rc = authz_require(a, PERM_UNITS_EDIT); /* admins */
	if (rc)
		return rc;
	if (!default_rule(r->kind))
		return err_fail(ERR_INVAL, "kind", "ประเภทเอกสารไม่ถูกต้อง", "Unknown kind of document.");
	if (!r->submit || !r->publish)
		return err_fail(ERR_INVAL, r->submit ? "publish" : "submit",
				"ต้องมีผู้มีสิทธิ์เสนอและผู้มีสิทธิ์เผยแพร่อย่างน้อยหนึ่งบทบาท",
				"At least one role must be able to submit and one to publish.");
	if ((r->submit | r->review | r->approve | r->publish) & ~(unsigned)ROLE_ALL)
		return err_fail(ERR_INVAL, NULL, "บทบาทไม่ถูกต้อง", "Unknown role.");
	if ((rc = db_begin(db)))
		return rc;
	rc = rule_write(db, a->org_id, r);
	char detail[512], s[96], v[96], ap[96], p[96];
	roles_format(r->submit, s, sizeof s);
	roles_format(r->review, v, sizeof v);
	roles_format(r->approve, ap, sizeof ap);
	roles_format(r->publish, p, sizeof p);
	snprintf(detail, sizeof detail, "%s submit=%s review=%s approve=%s publish=%s public=%d", r->kind, s,
		 v, ap, p, r->publish_public);
	if (!rc)
		rc = audit_log(db, a, "workflow.rule", "workflow_rule", 0, detail);
	return db_end(db, rc);
}

/* ---- the state machine ---- */

/* The document as the actor may see it, and its kind's rule. */
static int load_with_rule(struct db *db, const struct actor *a, int64_t id, struct doc_row *r,
			  struct wf_rule *rule)
{
	int rc = doc_load_row(db, a, id, r);
	return rc ? rc : wf_rule_get(db, a->org_id, r->kind, rule);
}

const char *wf_state_of(const struct doc_row *r)
{
	return r->pending_state[0] ? r->pending_state : r->status;
}

/* The next forward step from a state, under a rule; -1 if none. */
int wf_next_step(const struct wf_rule *rule, const char *state)
{
	if (!strcmp(state, "draft"))
		return WF_SUBMIT;
	if (!strcmp(state, "submitted"))
		return rule->review ? WF_REVIEW : rule->approve ? WF_APPROVE : WF_PUBLISH;
	if (!strcmp(state, "reviewed"))
		return rule->approve ? WF_APPROVE : WF_PUBLISH;
	if (!strcmp(state, "approved"))
		return WF_PUBLISH;
	return -1;
}

static unsigned step_roles(const struct wf_rule *rule, int step)
{
	switch (step) {
	case WF_SUBMIT: return rule->submit;
	case WF_REVIEW: return rule->review;
	case WF_APPROVE: return rule->approve;
	case WF_PUBLISH: return rule->publish;
	default: return 0;
	}
}

/* The roles the actor holds for this document: a unit head's only for
 * their division, staff only where they may edit. */
unsigned wf_held_roles(const struct actor *a, const struct doc_row *r)
{
	if (!a->account_id || a->operator)
		return 0;
	unsigned h = a->roles & (ROLE_ADMIN | ROLE_COMMITTEE | ROLE_EXECUTIVE);
	if ((a->roles & ROLE_UNIT_HEAD) && a->division_id && a->division_id == r->acc.division_id)
		h |= ROLE_UNIT_HEAD;
	if ((a->roles & ROLE_STAFF) && doc_may_edit(a, &r->acc))
		h |= ROLE_STAFF;
	return h;
}

/* Whether the document is the actor's own work: they created it or wrote a
 * revision since it was last published. */
static int own_work(struct db *db, const struct actor *a, const struct doc_row *r, bool *out)
{
	*out = a->account_id && r->acc.created_by == a->account_id;
	if (*out || !a->account_id)
		return 0;
	int64_t n = 0;
	int rc = db_query_int(db,
			      "SELECT count(*) FROM document_revisions WHERE document_id = $1"
			      " AND author_account_id = $2 AND number > coalesce((SELECT number FROM"
			      " document_revisions WHERE id = $3), 0)",
			      DB_ARGS(DB_INT(r->id), DB_INT(a->account_id), DB_INT(r->published_revision_id)),
			      &n);
	*out = n > 0;
	return rc;
}

/* The roles an action needs in a state (request_changes and reject: those
 * of the step they stand in for; retire: those who publish). */
static unsigned action_roles(const struct wf_rule *rule, enum wf_action act, const char *state)
{
	switch (act) {
	case WF_REQUEST_CHANGES:
	case WF_REJECT: {
		int next = wf_next_step(rule, state);
		return next == WF_SUBMIT || next < 0 ? (rule->review | rule->approve | rule->publish)
						     : step_roles(rule, next);
	}
	case WF_RETIRE: return rule->publish;
	default: return step_roles(rule, (int)act);
	}
}

/* Whether the state allows the action under the rule. */
static bool state_allows(const struct wf_rule *rule, enum wf_action act, const struct doc_row *r)
{
	const char *state = wf_state_of(r);
	switch (act) {
	case WF_REQUEST_CHANGES:
	case WF_REJECT:
		return !strcmp(state, "submitted") || !strcmp(state, "reviewed") || !strcmp(state, "approved");
	case WF_RETIRE: return !strcmp(r->status, "published");
	default: return wf_next_step(rule, state) == (int)act;
	}
}

/* Before publication: the steps the kind needs were each taken on the
 * revision being published, after it was last submitted. */
static int steps_bound(struct db *db, const struct wf_rule *rule, const struct doc_row *r)
{
	json_t *last = NULL;
	int rc = db_query_json_one(db,
				   "SELECT coalesce(max(CASE WHEN action = 'submit' THEN id END), 0) AS submitted,"
				   " coalesce(max(CASE WHEN action = 'review' THEN id END), 0) AS reviewed,"
				   " coalesce(max(CASE WHEN action = 'approve' THEN id END), 0) AS approved"
				   " FROM document_transitions WHERE document_id = $1 AND revision_id = $2",
				   DB_ARGS(DB_INT(r->id), DB_INT(r->current_revision_id)), &last);
	if (rc)
		return rc;
	json_int_t submitted = json_integer_value(json_object_get(last, "submitted"));
	bool reviewed = json_integer_value(json_object_get(last, "reviewed")) > submitted;
	bool approved = json_integer_value(json_object_get(last, "approved")) > submitted;
	json_decref(last);
	if (!submitted || (rule->review && !reviewed) || (rule->approve && !approved))
		return err_fail(ERR_CONFLICT, "action",
				"ฉบับนี้ยังไม่ผ่านการทบทวนหรืออนุมัติที่เอกสารประเภทนี้ต้องมี",
				"This revision lacks the review or approval its kind needs.");
	return 0;
}

/* Checks that the actor may take `act` on the document; ERR_FORBIDDEN or
 * ERR_CONFLICT with the reason. */
int wf_check_step(struct db *db, const struct actor *a, const struct wf_rule *rule,
		      enum wf_action act, const struct doc_row *r)
{
	const char *state = wf_state_of(r);
	unsigned held = wf_held_roles(a, r);
	/* Not a role that could ever take this step: forbidden, whatever the state. */
	unsigned could = act == WF_REQUEST_CHANGES || act == WF_REJECT
				 ? (rule->review | rule->approve | rule->publish)
				 : action_roles(rule, act, state);
	if ((act == WF_REVIEW && !rule->review) || (act == WF_APPROVE && !rule->approve))
		return err_fail(ERR_CONFLICT, "action", "เอกสารประเภทนี้ไม่มีขั้นตอนนี้",
				"This kind of document has no such step.");
	if (!(held & could))
		return err_fail(ERR_FORBIDDEN, "action", "คุณไม่มีสิทธิ์ดำเนินการขั้นตอนนี้กับเอกสารนี้",
				"You may not take this step on this document.");
	if (!state_allows(rule, act, r))
		return err_fail(ERR_CONFLICT, "action", "ทำรายการนี้กับเอกสารในสถานะปัจจุบันไม่ได้",
				"This action does not apply to the document's current state.");
	if (!(held & action_roles(rule, act, state)))
		return err_fail(ERR_FORBIDDEN, "action", "คุณไม่มีสิทธิ์ดำเนินการขั้นตอนนี้กับเอกสารนี้",
				"You may not take this step on this document.");
	if (act == WF_REVIEW || act == WF_APPROVE) {
		bool own = false;
		int rc = own_work(db, a, r, &own);
		if (rc)
			return rc;
		if (own)
			return err_fail(ERR_FORBIDDEN, "action", "ผู้จัดทำเอกสารทบทวนหรืออนุมัติงานของตนเองไม่ได้",
					"Nobody reviews or approves their own work.");
	}
	if (act == WF_PUBLISH)
		return steps_bound(db, rule, r);
	return 0;
}

static const char *target_state(enum wf_action act)
{
	switch (act) {
	case WF_SUBMIT: return "submitted";
	case WF_REVIEW: return "reviewed";
	case WF_APPROVE: return "approved";
	case WF_PUBLISH: return "published";
	case WF_RETIRE: return "retired";
	default: return "draft";
	}
}

/* Accounts that may take `step` on the document, but for the actor and
 * those whose own work it is, as a JSON array of ids. */
static int step_takers(struct db *db, const struct actor *a, const struct wf_rule *rule, int step,
		       const struct doc_row *r, json_t **out)
{
	unsigned roles = step_roles(rule, step);
	return db_query_json(
		db,
		"SELECT DISTINCT c.id FROM accounts c JOIN account_roles x ON x.account_id = c.id"
		" LEFT JOIN people p ON p.id = c.person_id LEFT JOIN units u ON u.id = p.unit_id"
		" WHERE c.org_id = $1 AND c.disabled = 0 AND c.id <> $2 AND coalesce(c.id, 0) <> $3"
		" AND ((x.role = 'admin' AND $4 = 1) OR (x.role = 'km_committee' AND $5 = 1)"
		"  OR (x.role = 'executive' AND $6 = 1) OR (x.role = 'unit_head' AND $7 = 1 AND u.division_id = $8))"
		" AND NOT EXISTS (SELECT 1 FROM document_revisions v WHERE v.document_id = $9"
		"  AND v.author_account_id = c.id AND v.number > coalesce((SELECT number FROM"
		"  document_revisions WHERE id = $10), 0))"
		" ORDER BY c.id LIMIT 200",
		DB_ARGS(DB_INT(r->acc.org_id), DB_INT(a->account_id), DB_INT(r->acc.created_by),
			DB_INT((roles & ROLE_ADMIN) != 0), DB_INT((roles & ROLE_COMMITTEE) != 0),
			DB_INT((roles & ROLE_EXECUTIVE) != 0), DB_INT((roles & ROLE_UNIT_HEAD) != 0),
			DB_INT(r->acc.division_id), DB_INT(r->id), DB_INT(r->published_revision_id)),
		0, out);
}

/* The people whose work the document is: its creator, the authors of the
 * current round and whoever submitted it. */
static int workers(struct db *db, const struct actor *a, const struct doc_row *r, json_t **out)
{
	return db_query_json(db,
			     "SELECT id FROM accounts WHERE org_id = $1 AND disabled = 0 AND id <> $2 AND ("
			     " id = $3 OR id IN (SELECT author_account_id FROM document_revisions"
			     "  WHERE document_id = $4 AND number > coalesce((SELECT number FROM document_revisions"
			     "  WHERE id = $5), 0))"
			     " OR id IN (SELECT actor_account_id FROM document_transitions WHERE document_id = $4"
			     "  AND action = 'submit' AND revision_id = $6)) ORDER BY id LIMIT 200",
			     DB_ARGS(DB_INT(r->acc.org_id), DB_INT(a->account_id), DB_INT(r->acc.created_by),
				     DB_INT(r->id), DB_INT(r->published_revision_id),
				     DB_INT(r->current_revision_id)),
			     0, out);
}

static const char *notify_kind(enum wf_action act)
{
	switch (act) {
	case WF_SUBMIT: return "submitted";
	case WF_REVIEW: return "reviewed";
	case WF_APPROVE: return "approved";
	case WF_PUBLISH: return "published";
	case WF_REQUEST_CHANGES: return "changes_requested";
	case WF_REJECT: return "rejected";
	default: return "retired";
	}
}

/* Tells those who take the next step, and the document's people of a
 * decision on it. */
static int notify_step(struct db *db, const struct actor *a, const struct wf_rule *rule,
		       enum wf_action act, const struct doc_row *r, const char *title, const char *to)
{
	json_t *next = NULL, *people = NULL;
	int rc = 0, step = wf_next_step(rule, to);
	if (step >= 0 && step != WF_SUBMIT)
		rc = step_takers(db, a, rule, step, r, &next);
	if (!rc && act != WF_SUBMIT)
		rc = workers(db, a, r, &people);
	char text[NOTIFY_TEXT_MAX];
	size_t i;
	json_t *row;
	if (!rc && next) {
		snprintf(text, sizeof text, "%s %s \"%s\" — รอให้คุณ%s", a->name, actions[act].done_th, title,
			 actions[step].th);
		json_array_foreach(next, i, row)
		{
			if ((rc = notify_add(db, r->acc.org_id, json_integer_value(json_object_get(row, "id")),
					     notify_kind(act), r->id, a->name, text)))
				break;
		}
	}
	if (!rc && people) {
		snprintf(text, sizeof text, "%s %s \"%s\" (%s)", a->name, actions[act].done_th, title,
			 wf_state_label_th(to));
		json_array_foreach(people, i, row)
		{
			int64_t id = json_integer_value(json_object_get(row, "id"));
			bool told = false;
			size_t j;
			json_t *n;
			json_array_foreach(next, j, n) told |= json_integer_value(json_object_get(n, "id")) == id;
			if (!told && (rc = notify_add(db, r->acc.org_id, id, notify_kind(act), r->id, a->name, text)))
				break;
		}
	}
	json_decref(next);
	json_decref(people);
	return rc;
}

/* The text of the first column of `sql` for row `id` (by $1), copied into
 * out; "" when there is no row. */
static int one_text(struct db *db, const char *sql, int64_t id, char *out, size_t n)
{
	struct db_stmt *st;
	out[0] = 0;
	int rc = db_query(db, sql, DB_ARGS(DB_INT(id)), &st);
	if (rc)
		return rc;
	if ((rc = db_step(st)) == DB_ROW)
		snprintf(out, n, "%s", db_col_text(st, 0, NULL));
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* The document's latest title (for notifications). */
static int doc_title(struct db *db, int64_t id, char *out, size_t n)
{
	return one_text(db, "SELECT title FROM documents WHERE id = $1", id, out, n);
}

/* The actor's position now, kept with each step they take. */
static int actor_position(struct db *db, const struct actor *a, char *out, size_t n)
{
	out[0] = 0;
	return a->person_id ? one_text(db, "SELECT position FROM people WHERE id = $1", a->person_id, out, n) : 0;
}

int wf_apply(struct db *db, const struct actor *a, int64_t id, enum wf_action act, const char *comment,
	     const char **state_out)
{
	if ((unsigned)act >= WF__COUNT)
		return err_fail(ERR_INVAL, "action", "ไม่รู้จักการดำเนินการนี้", "Unknown action.");
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	size_t clen = comment ? strlen(comment) : 0;
	if (comment && (!utf8_valid_text(comment, clen) || utf8_count(comment, clen) > WF_COMMENT_MAX))
		return err_fail(ERR_INVAL, "comment", "ความเห็นต้องเป็นข้อความไม่เกิน 2,000 ตัวอักษร",
				"A comment is text of up to 2,000 characters.");
	if (actions[act].comment_required && (!comment || !str_trim(str_c(comment)).len))
		return err_fail(ERR_INVAL, "comment", "ต้องระบุเหตุผลหรือสิ่งที่ต้องแก้ไข",
				"A comment saying why is required.");
	int rc = db_begin(db);
	if (rc)
		return rc;
	struct doc_row r;
	struct wf_rule rule;
	rc = load_with_rule(db, a, id, &r, &rule);
	if (!rc)
		rc = wf_check_step(db, a, &rule, act, &r);
	char from[16], position[640];
	snprintf(from, sizeof from, "%s", rc ? "" : wf_state_of(&r));
	const char *to = target_state(act);
	int64_t now = clock_now(), tid = 0;
	if (!rc)
		rc = actor_position(db, a, position, sizeof position);
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO document_transitions (org_id, document_id, revision_id, action,"
				  " from_state, to_state, actor_account_id, actor_name, actor_position, comment, at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(id), DB_INT(r.current_revision_id),
					  DB_TEXT(actions[act].name), DB_TEXT(from), DB_TEXT(to),
					  DB_ID_OR_NULL(a->account_id), DB_TEXT(a->name[0] ? a->name : a->login),
					  DB_TEXT(position), DB_TEXT(comment ? comment : ""), DB_INT(now)),
				  &tid);
	/* A published document keeps its status while a new revision moves. */
	bool lives = !strcmp(r.status, "published");
	if (!rc && act == WF_PUBLISH)
		rc = db_exec(db,
			     "UPDATE documents SET status = 'published', pending_state = NULL,"
			     " published_revision_id = current_revision_id, rejected_reason = NULL,"
			     " published_at = coalesce(published_at, $1), published_fy = coalesce(published_fy, $2),"
			     " visibility = CASE WHEN $3 = 1 THEN 'public' ELSE visibility END,"
			     " state_since = $1, updated_at = $1 WHERE id = $4",
			     DB_ARGS(DB_INT(now), DB_INT(cal_fiscal_year(cal_from_unix(now))),
				     DB_INT(rule.publish_public ? 1 : 0), DB_INT(id)));
	else if (!rc && act == WF_RETIRE)
		rc = db_exec(db,
			     "UPDATE documents SET status = 'retired', pending_state = NULL, retired_at = $1,"
			     " retired_reason = $2, state_since = $1, updated_at = $1 WHERE id = $3",
			     DB_ARGS(DB_INT(now), DB_TEXT(comment), DB_INT(id)));
	else if (!rc)
		rc = db_exec(db,
			     "UPDATE documents SET status = CASE WHEN $1 = 1 THEN status ELSE $2 END,"
			     " pending_state = CASE WHEN $1 = 1 THEN $2 ELSE NULL END,"
			     " rejected_reason = CASE WHEN $3 = 1 THEN $4 WHEN $5 = 1 THEN NULL ELSE rejected_reason END,"
			     " state_since = $6 WHERE id = $7",
			     DB_ARGS(DB_INT(lives ? 1 : 0), DB_TEXT(to), DB_INT(act == WF_REJECT),
				     DB_TEXT(comment ? comment : ""), DB_INT(act == WF_SUBMIT), DB_INT(now),
				     DB_INT(id)));
	if (!rc && act == WF_APPROVE)
		rc = approval_memo_issue(db, a, id, tid, NULL);
	/* What readers and search see changed when the status did. */
	if (!rc && (!lives || act == WF_PUBLISH || act == WF_RETIRE))
		rc = doc_index(db, id);
	char title[DOC_TITLE_MAX * 4 + 1] = "";
	if (!rc)
		rc = doc_title(db, id, title, sizeof title);
	if (!rc)
		rc = notify_step(db, a, &rule, act, &r, title, to);
	if (!rc && comment && comment[0])
		rc = notify_mentions(db, a, id, comment, title);
	char detail[WF_COMMENT_MAX * 3 + 64];
	snprintf(detail, sizeof detail, "%s → %s%s%s", from, to, comment && comment[0] ? ": " : "",
		 comment ? comment : "");
	if (!rc) {
		char action[40];
		snprintf(action, sizeof action, "doc.%s", actions[act].name);
		rc = audit_log(db, a, action, "document", id, detail);
	}
	rc = db_end(db, rc);
	if (!rc && state_out)
		*state_out = states[state_index(to)].state;
	return rc;
}

int wf_revision_saved(struct db *db, int64_t id)
{
	/* SET reads the row as it was: both CASEs see the old status. */
	return db_exec(db,
		       "UPDATE documents SET"
		       " pending_state = CASE WHEN status = 'published' THEN 'draft' ELSE pending_state END,"
		       " status = CASE WHEN status IN ('submitted', 'reviewed', 'approved') THEN 'draft' ELSE status END,"
		       " state_since = CASE WHEN coalesce(pending_state, status) IN ('draft') THEN state_since"
		       "  ELSE $1 END WHERE id = $2",
		       DB_ARGS(DB_INT(clock_now()), DB_INT(id)));
}

/* Whether the actor takes part in the document's review: they may edit it
 * or take some step on it. */
static bool takes_part(const struct actor *a, const struct wf_rule *rule, const struct doc_row *r)
{
	return doc_may_edit(a, &r->acc) ||
	       (wf_held_roles(a, r) & (rule->submit | rule->review | rule->approve | rule->publish));
}

static json_t *action_json(enum wf_action act)
{
	return json_pack("{s:s, s:s, s:b}", "action", actions[act].name, "label_th", actions[act].th,
			 "comment_required", actions[act].comment_required);
}

int wf_status(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	struct doc_row r;
	struct wf_rule rule;
	int rc = load_with_rule(db, a, id, &r, &rule);
	if (rc)
		return rc;
	json_t *acts = json_array();
	for (int act = 0; !rc && act < WF__COUNT; act++) {
		int c = wf_check_step(db, a, &rule, (enum wf_action)act, &r);
		if (c == 0)
			json_array_append_new(acts, action_json((enum wf_action)act));
		else if (c != ERR_FORBIDDEN && c != ERR_CONFLICT)
			rc = c;
	}
	err_clear();
	/* The steps and their comments are for those who take part in the
	 * review and for those who read everything; a reader sees the state. */
	json_t *history = NULL;
	int64_t memos = 0;
	bool insider = takes_part(a, &rule, &r) || doc_reads_all(a);
	if (!rc && insider)
		rc = db_query_json(db,
				   "SELECT t.id, t.action, t.from_state, t.to_state, t.revision_id, v.number AS"
				   " revision_number, t.actor_name, t.actor_position, t.comment, t.at"
				   " FROM document_transitions t JOIN document_revisions v ON v.id = t.revision_id"
				   " WHERE t.document_id = $1 ORDER BY t.id",
				   DB_ARGS(DB_INT(id)), 0, &history);
	else if (!rc)
		history = json_array();
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM approval_memos WHERE document_id = $1",
				  DB_ARGS(DB_INT(id)), &memos);
	if (rc) {
		json_decref(acts);
		json_decref(history);
		return rc;
	}
	size_t i;
	json_t *h;
	json_array_foreach(history, i, h)
	{
		int act = wf_action_parse(json_string_value(json_object_get(h, "action")));
		const char *to = json_string_value(json_object_get(h, "to_state"));
		json_object_set_new(h, "action_th", json_string(act < 0 ? "" : actions[act].done_th));
		json_object_set_new(h, "action_en", json_string(act < 0 ? "" : actions[act].name));
		json_object_set_new(h, "to_state_th", json_string(wf_state_label_th(to)));
		json_object_set_new(h, "to_state_en", json_string(wf_state_label_en(to)));
	}
	const char *state = wf_state_of(&r);
	int next = wf_next_step(&rule, state);
	*out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:{s:b, s:b, s:b}, s:o, s:I, s:b, s:b}", "state", state,
			 "state_th", wf_state_label_th(state), "state_en", wf_state_label_en(state), "status",
			 r.status, "next_th", next < 0 ? "" : actions[next].th, "actions", acts, "steps", "review",
			 rule.review != 0, "approve", rule.approve != 0, "public", rule.publish_public, "history",
			 history, "state_since", (json_int_t)r.state_since, "memo", memos > 0, "insider", insider);
	return 0;
}

/* ---- comments ---- */

int wf_comment_add(struct db *db, const struct actor *a, int64_t id, const char *section,
		   const char *body, int64_t *comment_id)
{
	if (!a->account_id)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	size_t n = body ? strlen(body) : 0, sn = section ? strlen(section) : 0;
	if (!n || !str_trim(str_c(body)).len || !utf8_valid_text(body, n) || utf8_count(body, n) > WF_COMMENT_MAX)
		return err_fail(ERR_INVAL, "body", "ต้องเขียนความเห็น (ไม่เกิน 2,000 ตัวอักษร)",
				"A comment of up to 2,000 characters is required.");
	if (section && (!utf8_valid_text(section, sn) || utf8_count(section, sn) > 300 || strpbrk(section, "\r\n")))
		return err_fail(ERR_INVAL, "section", "หัวข้อยาวเกิน 300 ตัวอักษร", "The section is over 300 characters.");
	int rc = db_begin(db);
	if (rc)
		return rc;
	struct doc_row r;
	struct wf_rule rule;
	rc = load_with_rule(db, a, id, &r, &rule);
	if (!rc && !takes_part(a, &rule, &r))
		rc = err_fail(ERR_FORBIDDEN, NULL, "ความเห็นต่อร่างเป็นของผู้จัดทำและผู้ทบทวน",
			      "Comments on a draft are for its authors and reviewers.");
	int64_t count = 0, cid = 0;
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM document_comments WHERE revision_id = $1",
				  DB_ARGS(DB_INT(r.current_revision_id)), &count);
	if (!rc && count >= WF_COMMENTS_MAX)
		rc = err_fail(ERR_TOOBIG, "body", "ฉบับนี้มีความเห็นครบ 500 รายการแล้ว",
			      "This revision already has 500 comments.");
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO document_comments (org_id, document_id, revision_id, section, body,"
				  " account_id, author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
				  " RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(id), DB_INT(r.current_revision_id),
					  DB_TEXT(section ? section : ""), DB_TEXT(body), DB_INT(a->account_id),
					  DB_TEXT(a->name[0] ? a->name : a->login), DB_INT(clock_now())),
				  &cid);
	json_t *people = NULL;
	if (!rc)
		rc = workers(db, a, &r, &people);
	char title[DOC_TITLE_MAX * 4 + 1] = "", text[NOTIFY_TEXT_MAX];
	if (!rc)
		rc = doc_title(db, id, title, sizeof title);
	snprintf(text, sizeof text, "%s แสดงความเห็นต่อ \"%s\"%s%s", a->name, title, section && section[0] ? " หัวข้อ " : "",
		 section ? section : "");
	size_t i;
	json_t *row;
	json_array_foreach(people, i, row)
	{
		if (rc)
			break;
		rc = notify_add(db, a->org_id, json_integer_value(json_object_get(row, "id")), "comment", id, a->name,
				text);
	}
	json_decref(people);
	if (!rc)
		rc = notify_mentions(db, a, id, body, title);
	if (!rc)
		rc = audit_log(db, a, "doc.comment", "document", id, section);
	rc = db_end(db, rc);
	if (!rc && comment_id)
		*comment_id = cid;
	return rc;
}

int wf_comments(struct db *db, const struct actor *a, int64_t id, int64_t revision_id, json_t **out)
{
	struct doc_row r;
	struct wf_rule rule;
	int rc = load_with_rule(db, a, id, &r, &rule);
	if (!rc && !takes_part(a, &rule, &r) && !doc_reads_all(a))
		rc = err_fail(ERR_FORBIDDEN, NULL, "ความเห็นต่อร่างเป็นของผู้จัดทำและผู้ทบทวน",
			      "Comments on a draft are for its authors and reviewers.");
	if (rc)
		return rc;
	return db_query_json(db,
			     "SELECT id, revision_id, section, body, author_name, created_at FROM document_comments"
			     " WHERE document_id = $1 AND revision_id = $2 ORDER BY id",
			     DB_ARGS(DB_INT(id), DB_INT(revision_id > 0 ? revision_id : r.current_revision_id)),
			     0, out);
}
