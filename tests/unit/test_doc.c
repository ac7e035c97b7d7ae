/* Tests of km/doc, km/workflow, km/approval, km/notify, km/diff and
 * km/corner: documents, revisions, conflicts, who reads and edits what,
 * review and approval, memos, notifications, retirement, coverage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/clock.h"
#include "km/account.h"
#include "km/approval.h"
#include "km/corner.h"
#include "km/demo.h"
#include "km/diff.h"
#include "km/doc.h"
#include "km/find.h"
#include "km/kmap.h"
#include "km/notify.h"
#include "km/secret.h"
#include "km/workflow.h"
#include "thai/segment.h"
#include "search/search.h"
#include "store/db.h"
#include "store/db_json.h"
#include "store/migrate.h"
#include "support/support.h"

static const struct auth_policy policy = {
	.pw_mem_mib = 46, .pw_ops = 1, .fail_account = 50, .fail_ip = 500, .window_min = 15,
	.session_idle_min = 30, .session_max_hours = 8,
};

struct fixture {
	char dir[64];
	struct db *db;
	struct demo_result demo;
	struct actor admin, head, staff, executive, committee, public_, other_head, op;
	int64_t health, fin; /* division unit ids */
};

static const char *password_of(struct fixture *f, const char *login)
{
	for (int i = 0; i < DEMO_LOGINS; i++) {
		if (!strcmp(f->demo.logins[i].login, login))
			return f->demo.logins[i].password;
	}
	return "";
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/klang-doc-XXXXXX");
	if (!mkdtemp(f->dir) || secret_init())
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/k.db", f->dir);
	if (db_open(path, &f->db) || db_migrate(f->db, NULL) || search_schema(f->db) || demo_create(f->db, &policy, &f->demo))
		return -1;
	if (account_login(f->db, &policy, "admin", password_of(f, "admin"), "t", &f->admin) ||
	    account_login(f->db, &policy, "unithead", password_of(f, "unithead"), "t", &f->head) ||
	    account_login(f->db, &policy, "staff", password_of(f, "staff"), "t", &f->staff) ||
	    account_login(f->db, &policy, "executive", password_of(f, "executive"), "t", &f->executive) ||
	    account_login(f->db, &policy, "committee", password_of(f, "committee"), "t", &f->committee))
		return -1;
	/* The head of another division (FIN), who cannot log in but acts in tests. */
	int64_t fin_head = 0;
	if (db_query_int(f->db, "SELECT id FROM accounts WHERE login = 'head-fin'", DB_NOARGS, &fin_head) ||
	    account_load_actor(f->db, fin_head, &f->other_head))
		return -1;
	authz_operator(&f->op, f->admin.org_id);
	f->public_.org_id = f->admin.org_id;
	if (db_query_int(f->db, "SELECT id FROM units WHERE code = 'HEALTH'", DB_NOARGS, &f->health) ||
	    db_query_int(f->db, "SELECT id FROM units WHERE code = 'FIN'", DB_NOARGS, &f->fin))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	int rc = test_rmtree(f->dir);
	free(f);
	return rc;
}

static int64_t new_doc(struct fixture *f, const struct actor *a, int64_t unit, const char *visibility,
		       int64_t *rev)
{
	struct doc_input in = DOC_INPUT_EMPTY;
	in.title = "คู่มือการตรวจสุขาภิบาลอาหาร";
	in.kind = "manual";
	in.unit_id = unit;
	in.visibility = visibility;
	in.body_md = "## วัตถุประสงค์\n\nตรวจร้านอาหารให้ได้มาตรฐาน\n";
	in.tags = "อาหาร, สุขาภิบาล , อาหาร";
	int64_t id = 0;
	assert_int_equal(doc_create(f->db, a, &in, &id, rev), 0);
	return id;
}

/* Takes a draft to publication as the default rules want it: the head
 * submits, the committee reviews, the executive approves (when the kind
 * needs it), an admin publishes. */
static void publish(struct fixture *f, int64_t id)
{
	json_t *doc = NULL;
	assert_int_equal(doc_get(f->db, &f->admin, id, 0, &doc), 0);
	struct wf_rule rule;
	assert_int_equal(wf_rule_get(f->db, f->admin.org_id, json_string_value(json_object_get(doc, "kind")), &rule), 0);
	json_decref(doc);
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_SUBMIT, NULL, NULL), 0);
	if (rule.review)
		assert_int_equal(wf_apply(f->db, &f->committee, id, WF_REVIEW, NULL, NULL), 0);
	if (rule.approve)
		assert_int_equal(wf_apply(f->db, &f->executive, id, WF_APPROVE, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->admin, id, WF_PUBLISH, NULL, NULL), 0);
}

static void create_edit_conflict_restore(void **state)
{
	struct fixture *f = *state;
	int64_t rev1 = 0, rev2 = 0, rev3 = 0;
	int64_t id = new_doc(f, &f->staff, f->health, "org", &rev1);
	json_t *doc = NULL;
	assert_int_equal(doc_get(f->db, &f->staff, id, 0, &doc), 0);
	assert_string_equal(json_string_value(json_object_get(doc, "status")), "draft");
	assert_int_equal(json_array_size(json_object_get(doc, "tags")), 2); /* trimmed, unique */
	assert_true(json_is_true(json_object_get(doc, "can_edit")));
	json_decref(doc);
	/* A save from the current revision makes a new one. */
	struct doc_input edit = DOC_INPUT_EMPTY;
	edit.body_md = "## วัตถุประสงค์\n\nตรวจร้านอาหารและแผงลอยให้ได้มาตรฐาน\n";
	edit.note = "เพิ่มแผงลอย";
	edit.base_revision_id = rev1;
	assert_int_equal(doc_update(f->db, &f->staff, id, &edit, &rev2), 0);
	assert_true(rev2 > rev1);
	/* A save from the old base is a conflict and stores nothing. */
	edit.body_md = "ข้อความที่จะชน";
	assert_int_equal(doc_update(f->db, &f->head, id, &edit, &rev3), ERR_CONFLICT);
	json_t *revs = NULL;
	assert_int_equal(doc_revisions(f->db, &f->staff, id, &revs), 0);
	assert_int_equal(json_array_size(revs), 2);
	json_decref(revs);
	/* Restoring revision 1 makes revision 3 with its text. */
	assert_int_equal(doc_restore(f->db, &f->staff, id, rev1, &rev3), 0);
	assert_int_equal(doc_get(f->db, &f->staff, id, 0, &doc), 0);
	json_t *rev = json_object_get(doc, "revision");
	assert_int_equal(json_integer_value(json_object_get(rev, "number")), 3);
	assert_string_equal(json_string_value(json_object_get(rev, "body_md")),
			    "## วัตถุประสงค์\n\nตรวจร้านอาหารให้ได้มาตรฐาน\n");
	json_decref(doc);
	/* Revisions are immutable: there is no path that changes revision 1. */
	json_t *texts = NULL;
	assert_int_equal(doc_revision_texts(f->db, &f->staff, id, rev1, rev2, &texts), 0);
	assert_int_equal(json_array_size(texts), 2);
	json_decref(texts);
}

static void who_reads_and_edits(void **state)
{
	struct fixture *f = *state;
	int64_t rev = 0;
	int64_t id = new_doc(f, &f->head, f->health, "unit", &rev);
	json_t *doc = NULL;
	/* A draft: its division and the readers-of-everything, nobody else. */
	assert_int_equal(doc_get(f->db, &f->staff, id, 0, &doc), 0);
	json_decref(doc);
	assert_int_equal(doc_get(f->db, &f->executive, id, 0, &doc), 0);
	assert_false(json_is_true(json_object_get(doc, "can_edit")));
	json_decref(doc);
	assert_int_equal(doc_get(f->db, &f->public_, id, 0, &doc), ERR_NOTFOUND);
	/* Staff of HEALTH may not create in FIN. */
	struct doc_input in = DOC_INPUT_EMPTY;
	in.title = "x";
	in.kind = "article";
	in.unit_id = f->fin;
	int64_t other = 0;
	assert_int_equal(doc_create(f->db, &f->staff, &in, &other, NULL), ERR_FORBIDDEN);
	assert_int_equal(doc_create(f->db, &f->public_, &in, &other, NULL), ERR_UNAUTH);
	/* Bad input: each a clear error, nothing stored. */
	in.unit_id = f->health;
	in.kind = "poem";
	assert_int_equal(doc_create(f->db, &f->staff, &in, &other, NULL), ERR_INVAL);
	assert_string_equal(err_last()->field, "kind");
	in.kind = "article";
	in.title = "";
	assert_int_equal(doc_create(f->db, &f->staff, &in, &other, NULL), ERR_INVAL);
	in.title = "ok";
	in.visibility = "everyone";
	assert_int_equal(doc_create(f->db, &f->staff, &in, &other, NULL), ERR_INVAL);
	/* Publishing: staff may not; through the workflow it is published. */
	assert_int_equal(wf_apply(f->db, &f->staff, id, WF_PUBLISH, NULL, NULL), ERR_FORBIDDEN);
	publish(f, id);
	/* Published for the unit: the public and other divisions still cannot read it. */
	assert_int_equal(doc_get(f->db, &f->public_, id, 0, &doc), ERR_NOTFOUND);
	struct doc_filter all = {0};
	json_t *items = NULL;
	int64_t total_public = -1, total_staff = -1;
	assert_int_equal(doc_list(f->db, &f->public_, &all, 1, 50, &items, &total_public), 0);
	json_decref(items);
	assert_int_equal(doc_list(f->db, &f->staff, &all, 1, 50, &items, &total_staff), 0);
	json_decref(items);
	assert_true(total_staff > total_public);
	/* Retiring needs a reason; a retired document leaves the default list. */
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_RETIRE, "", NULL), ERR_INVAL);
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_RETIRE, "ใช้ระเบียบใหม่แทน", NULL), 0);
	int64_t after = -1;
	assert_int_equal(doc_list(f->db, &f->staff, &all, 1, 50, &items, &after), 0);
	json_decref(items);
	assert_int_equal(after, total_staff - 1);
	assert_int_equal(doc_get(f->db, &f->staff, id, 0, &doc), 0); /* still readable */
	assert_string_equal(json_string_value(json_object_get(doc, "status")), "retired");
	assert_false(json_is_true(json_object_get(doc, "can_edit")));
	json_decref(doc);
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_PUBLISH, NULL, NULL), ERR_CONFLICT);
}

static void readers_see_the_published_revision(void **state)
{
	struct fixture *f = *state;
	int64_t rev1 = 0, rev2 = 0;
	int64_t id = new_doc(f, &f->head, f->health, "public", &rev1);
	publish(f, id);
	struct doc_input edit = DOC_INPUT_EMPTY;
	edit.base_revision_id = rev1;
	edit.title = "คู่มือการตรวจสุขาภิบาลอาหาร (ฉบับปรับปรุง)";
	assert_int_equal(doc_update(f->db, &f->head, id, &edit, &rev2), 0);
	json_t *doc = NULL;
	assert_int_equal(doc_get(f->db, &f->public_, id, 0, &doc), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "revision"), "id")), rev1);
	json_decref(doc);
	assert_int_equal(doc_get(f->db, &f->head, id, 0, &doc), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "revision"), "id")), rev2);
	assert_true(json_is_true(json_object_get(doc, "has_unpublished")));
	/* The new revision is a draft again; the document stays published. */
	assert_string_equal(json_string_value(json_object_get(doc, "status")), "published");
	assert_string_equal(json_string_value(json_object_get(doc, "state")), "draft");
	json_decref(doc);
	/* The public cannot ask for the unpublished revision. */
	assert_int_equal(doc_get(f->db, &f->public_, id, rev2, &doc), ERR_NOTFOUND);
	/* Publishing again, through every step, shows it to everyone. */
	publish(f, id);
	assert_int_equal(doc_get(f->db, &f->public_, id, 0, &doc), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "revision"), "id")), rev2);
	json_decref(doc);
	/* The publication's fiscal year follows the clock (a past "as of"). */
	int64_t past = 0;
	int64_t id2 = new_doc(f, &f->head, f->health, "org", &past);
	clock_set_as_of(1609459200); /* 2021-01-01: FY 2564 */
	publish(f, id2);
	clock_set_as_of(0);
	assert_int_equal(doc_get(f->db, &f->head, id2, 0, &doc), 0);
	assert_int_equal(json_integer_value(json_object_get(doc, "published_fy")), 2564);
	json_decref(doc);
}

static void coverage_and_corners(void **state)
{
	struct fixture *f = *state;
	int64_t rk = 0, rev = 0;
	assert_int_equal(db_query_int(f->db, "SELECT id FROM required_knowledge WHERE title = 'การจัดการความขัดแย้งเชิงสันติ'", DB_NOARGS, &rk), 0);
	json_t *map = NULL;
	assert_int_equal(kmap_get(f->db, &f->public_, f->admin.org_id, &map), 0);
	assert_int_equal(kmap_coverage(f->db, &f->public_, map), 0);
	bool before = true;
	size_t i, j;
	json_t *issue, *item;
	json_array_foreach(map, i, issue) json_array_foreach(json_object_get(issue, "knowledge"), j, item) {
		if (json_integer_value(json_object_get(item, "id")) == rk)
			before = json_is_true(json_object_get(item, "covered"));
	}
	json_decref(map);
	struct doc_input in = DOC_INPUT_EMPTY;
	in.title = "แนวทางไกล่เกลี่ยข้อพิพาทในชุมชน";
	in.kind = "good_practice";
	in.unit_id = f->health;
	in.visibility = "public";
	in.covers = &rk;
	in.ncovers = 1;
	in.covers_set = true;
	int64_t id = 0;
	assert_int_equal(doc_create(f->db, &f->head, &in, &id, &rev), 0);
	publish(f, id);
	assert_int_equal(kmap_get(f->db, &f->public_, f->admin.org_id, &map), 0);
	assert_int_equal(kmap_coverage(f->db, &f->public_, map), 0);
	bool after = false;
	size_t ndocs = 0;
	json_array_foreach(map, i, issue) json_array_foreach(json_object_get(issue, "knowledge"), j, item) {
		if (json_integer_value(json_object_get(item, "id")) == rk) {
			after = json_is_true(json_object_get(item, "covered"));
			ndocs = json_array_size(json_object_get(item, "docs"));
		}
	}
	json_decref(map);
	assert_false(before);
	assert_true(after);
	assert_true(ndocs >= 1);
	/* Corners: the head sets the external space; staff cannot; bad URLs refused. */
	assert_int_equal(corner_set(f->db, &f->staff, f->health, "x", "LINE", "https://line.me/x"), ERR_FORBIDDEN);
	assert_int_equal(corner_set(f->db, &f->head, f->health, "x", "LINE", "javascript:alert(1)"), ERR_INVAL);
	assert_int_equal(corner_set(f->db, &f->head, f->health, "มุมความรู้", "LINE", "https://line.me/x"), 0);
	json_t *corner = NULL;
	assert_int_equal(corner_get(f->db, &f->public_, f->health, &corner), 0);
	assert_string_equal(json_string_value(json_object_get(corner, "external_url")), "https://line.me/x");
	assert_int_equal(json_array_size(json_object_get(corner, "people")), 0); /* not for the public */
	assert_true(json_array_size(json_object_get(corner, "documents")) >= 1);
	json_decref(corner);
}

static void diffs(void **state)
{
	(void)state;
	json_t *ops = json_array();
	const char *a = "บรรทัดหนึ่ง\nตรวจร้านอาหาร\nบรรทัดสาม\n", *b = "บรรทัดหนึ่ง\nตรวจร้านอาหารและแผงลอย\nบรรทัดสาม\n";
	assert_int_equal(diff_texts(NULL, a, strlen(a), b, strlen(b), ops), 0);
	/* Kept, then only the added Thai words, then kept. */
	char joined_new[256] = "", joined_old[256] = "";
	size_t i;
	json_t *op;
	bool added = false;
	json_array_foreach(ops, i, op) {
		const char *o = json_string_value(json_object_get(op, "op"));
		const char *t = json_string_value(json_object_get(op, "text"));
		if (*o != '-')
			strncat(joined_new, t, sizeof joined_new - strlen(joined_new) - 1);
		if (*o != '+')
			strncat(joined_old, t, sizeof joined_old - strlen(joined_old) - 1);
		if (*o == '+') {
			assert_string_equal(t, "และแผงลอย");
			added = true;
		}
		assert_true(*o != '-'); /* nothing was removed */
	}
	assert_true(added);
	assert_string_equal(joined_new, b);
	assert_string_equal(joined_old, a);
	json_decref(ops);
	/* Identical texts: one kept piece. */
	ops = json_array();
	assert_int_equal(diff_texts(NULL, a, strlen(a), a, strlen(a), ops), 0);
	assert_int_equal(json_array_size(ops), 1);
	json_decref(ops);
	/* With the Thai dictionary a changed word is one piece, not letters:
	 * ร้านอาหาร -> ร้านค้า changes the word อาหาร to ค้า. */
	struct thai_dict *dict = NULL;
	assert_int_equal(thai_dict_load_default(&dict), 0);
	const char *c = "ตรวจร้านอาหาร\n", *d = "ตรวจร้านค้า\n";
	ops = json_array();
	assert_int_equal(diff_texts(dict, c, strlen(c), d, strlen(d), ops), 0);
	bool removed_word = false, added_word = false;
	json_array_foreach(ops, i, op) {
		const char *o = json_string_value(json_object_get(op, "op"));
		const char *t = json_string_value(json_object_get(op, "text"));
		removed_word |= *o == '-' && !strcmp(t, "อาหาร");
		added_word |= *o == '+' && !strcmp(t, "ค้า");
	}
	assert_true(removed_word);
	assert_true(added_word);
	json_decref(ops);
	/* Without it, the same change is letters (อ า ห า ร go, ค้ า come). */
	ops = json_array();
	assert_int_equal(diff_texts(NULL, c, strlen(c), d, strlen(d), ops), 0);
	removed_word = false;
	json_array_foreach(ops, i, op) removed_word |= !strcmp(json_string_value(json_object_get(op, "text")), "อาหาร");
	assert_false(removed_word);
	json_decref(ops);
	thai_dict_free(dict);
}

/* ---- the workflow ---- */

/* The actors of the matrix, by letter: A the author (staff of HEALTH, who
 * wrote the document), H HEALTH's head, F FIN's head, K a KM committee
 * member, E the executive, D an admin, O the operator, P the public. */
#define ACTORS "AHFKEDOP"
static const struct actor *matrix_actor(struct fixture *f, char c)
{
	switch (c) {
	case 'A': return &f->staff;
	case 'H': return &f->head;
	case 'F': return &f->other_head;
	case 'K': return &f->committee;
	case 'E': return &f->executive;
	case 'D': return &f->admin;
	case 'O': return &f->op;
	default: return &f->public_;
	}
}

/* A document of `kind` written by the author, brought to `state` by the
 * people who may take each step ("pending": published, then edited). */
static int64_t doc_in_state(struct fixture *f, const char *kind, const char *state)
{
	struct doc_input in = DOC_INPUT_EMPTY;
	in.title = "คู่มือทดสอบสถานะ";
	in.kind = kind;
	in.unit_id = f->health;
	in.body_md = "## ขั้นตอน\n\nข้อความ\n";
	int64_t id = 0, rev = 0;
	assert_int_equal(doc_create(f->db, &f->staff, &in, &id, &rev), 0);
	static const char *const order[] = {"draft", "submitted", "reviewed", "approved", "published", "pending", "retired"};
	struct wf_rule rule;
	assert_int_equal(wf_rule_get(f->db, f->admin.org_id, kind, &rule), 0);
	for (size_t i = 1; i < sizeof order / sizeof order[0] && strcmp(order[i - 1], state); i++) {
		const char *next = order[i];
		if (!strcmp(next, "submitted"))
			assert_int_equal(wf_apply(f->db, &f->head, id, WF_SUBMIT, NULL, NULL), 0);
		else if (!strcmp(next, "reviewed") && rule.review)
			assert_int_equal(wf_apply(f->db, &f->committee, id, WF_REVIEW, NULL, NULL), 0);
		else if (!strcmp(next, "approved") && rule.approve)
			assert_int_equal(wf_apply(f->db, &f->executive, id, WF_APPROVE, "เห็นชอบ", NULL), 0);
		else if (!strcmp(next, "published"))
			assert_int_equal(wf_apply(f->db, &f->admin, id, WF_PUBLISH, NULL, NULL), 0);
		else if (!strcmp(next, "pending")) {
			struct doc_input edit = DOC_INPUT_EMPTY;
			edit.base_revision_id = rev;
			edit.body_md = "## ขั้นตอน\n\nข้อความใหม่\n";
			assert_int_equal(doc_update(f->db, &f->staff, id, &edit, &rev), 0);
		} else if (!strcmp(next, "retired"))
			assert_int_equal(wf_apply(f->db, &f->head, id, WF_RETIRE, "เลิกใช้", NULL), 0);
	}
	return id;
}

static void doc_states(struct fixture *f, int64_t id, char status[16], char state[16])
{
	json_t *row = NULL;
	assert_int_equal(db_query_json_one(f->db, "SELECT status, coalesce(pending_state, status) AS state FROM documents WHERE id = $1",
					   DB_ARGS(DB_INT(id)), &row), 0);
	snprintf(status, 16, "%s", json_string_value(json_object_get(row, "status")));
	snprintf(state, 16, "%s", json_string_value(json_object_get(row, "state")));
	json_decref(row);
}

/* Every state × action × actor for two kinds, against tables written out
 * by hand from the default rules: the actors in a cell may take the step
 * and reach the state named; everyone else is refused and nothing moves. */
static void workflow_matrix(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *kind, *state;
		const char *allowed[WF__COUNT]; /* by action: the actors who may */
	} table[] = {
		/*                       submit  review  req_changes approve reject  publish retire */
		{"manual", "draft",     {"HK",   "",     "",         "",     "",     "",     ""}},
		{"manual", "submitted", {"",     "HK",   "HK",       "",     "HK",   "",     ""}},
		{"manual", "reviewed",  {"",     "",     "E",        "E",    "E",    "",     ""}},
		{"manual", "approved",  {"",     "",     "HKD",      "",     "HKD",  "HKD",  ""}},
		{"manual", "published", {"",     "",     "",         "",     "",     "",     "HKD"}},
		{"manual", "pending",   {"HK",   "",     "",         "",     "",     "",     "HKD"}},
		{"manual", "retired",   {"",     "",     "",         "",     "",     "",     ""}},
		{"article", "draft",    {"AHKD", "",     "",         "",     "",     "",     ""}},
		{"article", "submitted", {"",    "HK",   "HK",       "",     "HK",   "",     ""}},
		{"article", "reviewed", {"",     "",     "HKD",      "",     "HKD",  "HKD",  ""}},
		{"article", "published", {"",    "",     "",         "",     "",     "",     "HKD"}},
	};
	static const char *const reached[WF__COUNT] = {"submitted", "reviewed", "draft", "approved", "draft",
						       "published", "retired"};
	int allowed_seen = 0, refused_seen = 0;
	for (size_t t = 0; t < sizeof table / sizeof table[0]; t++) {
		int64_t id = doc_in_state(f, table[t].kind, table[t].state);
		char status0[16], state0[16];
		doc_states(f, id, status0, state0);
		for (int act = 0; act < WF__COUNT; act++) {
			for (const char *c = ACTORS; *c; c++) {
				bool may = strchr(table[t].allowed[act], *c) != NULL;
				assert_int_equal(db_begin(f->db), 0);
				const char *to = NULL;
				int rc = wf_apply(f->db, matrix_actor(f, *c), id, (enum wf_action)act, "เหตุผลประกอบ", &to);
				char status[16], st[16];
				doc_states(f, id, status, st);
				if (may != (rc == 0))
					fail_msg("%s/%s: %s by %c gave %d", table[t].kind, table[t].state,
						 wf_action_name((enum wf_action)act), *c, rc);
				if (may) {
					assert_string_equal(to, reached[act]);
					assert_string_equal(st, reached[act]);
					allowed_seen++;
				} else {
					assert_true(rc == ERR_FORBIDDEN || rc == ERR_CONFLICT || rc == ERR_NOTFOUND ||
						    rc == ERR_UNAUTH);
					assert_string_equal(st, state0); /* nothing moved */
					assert_string_equal(status, status0);
					refused_seen++;
				}
				db_rollback(f->db);
				err_clear();
			}
		}
	}
	assert_true(allowed_seen > 30 && refused_seen > 500);
	/* 403 against 409: a role that never takes the step is forbidden in any
	 * state; the right role in the wrong state is a conflict. */
	int64_t id = doc_in_state(f, "manual", "draft");
	assert_int_equal(wf_apply(f->db, &f->staff, id, WF_APPROVE, NULL, NULL), ERR_FORBIDDEN);
	assert_int_equal(wf_apply(f->db, &f->executive, id, WF_APPROVE, NULL, NULL), ERR_CONFLICT);
	assert_int_equal(wf_apply(f->db, &f->public_, id, WF_SUBMIT, NULL, NULL), ERR_UNAUTH);
	/* The operator holds no role: it writes drafts and takes no step. */
	assert_int_equal(wf_apply(f->db, &f->op, id, WF_SUBMIT, NULL, NULL), ERR_FORBIDDEN);
	/* Returning a document needs a reason. */
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_SUBMIT, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->committee, id, WF_REQUEST_CHANGES, "  ", NULL), ERR_INVAL);
	assert_int_equal(wf_apply(f->db, &f->committee, id, WF_REJECT, "ขอบเขตไม่ตรงกับภารกิจ", NULL), 0);
	json_t *doc = NULL;
	assert_int_equal(doc_get(f->db, &f->staff, id, 0, &doc), 0);
	assert_string_equal(json_string_value(json_object_get(doc, "state")), "draft");
	assert_string_equal(json_string_value(json_object_get(doc, "rejected_reason")), "ขอบเขตไม่ตรงกับภารกิจ");
	json_decref(doc);
}

/* Nobody reviews or approves their own work; an approval binds to the
 * revision it was given on. */
static void own_work_and_binding(void **state)
{
	struct fixture *f = *state;
	/* The head writes and submits; the head may not review it, the committee may. */
	struct doc_input in = DOC_INPUT_EMPTY;
	in.title = "คู่มือที่หัวหน้าเขียนเอง";
	in.kind = "manual";
	in.unit_id = f->health;
	int64_t id = 0, rev = 0;
	assert_int_equal(doc_create(f->db, &f->head, &in, &id, &rev), 0);
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_SUBMIT, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_REVIEW, NULL, NULL), ERR_FORBIDDEN);
	assert_string_equal(err_last()->field, "action");
	assert_int_equal(wf_apply(f->db, &f->committee, id, WF_REVIEW, NULL, NULL), 0);
	/* The executive who edited it may not approve it. */
	struct doc_input edit = DOC_INPUT_EMPTY;
	edit.base_revision_id = rev;
	edit.body_md = "แก้โดยผู้บริหาร";
	assert_int_equal(doc_update(f->db, &f->admin, id, &edit, &rev), 0); /* an edit: back to draft */
	json_t *st = NULL;
	assert_int_equal(wf_status(f->db, &f->head, id, &st), 0);
	assert_string_equal(json_string_value(json_object_get(st, "state")), "draft");
	json_decref(st);
	/* Approved, then edited: it must be approved again before publication. */
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_SUBMIT, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->committee, id, WF_REVIEW, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->executive, id, WF_APPROVE, NULL, NULL), 0);
	edit.base_revision_id = rev;
	edit.body_md = "แก้หลังอนุมัติ";
	assert_int_equal(doc_update(f->db, &f->head, id, &edit, &rev), 0);
	assert_int_equal(wf_apply(f->db, &f->admin, id, WF_PUBLISH, NULL, NULL), ERR_CONFLICT);
	/* Even with the state forced to "approved", the approval of the old
	 * revision does not publish the new one. */
	assert_int_equal(db_exec(f->db, "UPDATE documents SET status = 'approved' WHERE id = $1", DB_ARGS(DB_INT(id))), 0);
	assert_int_equal(wf_apply(f->db, &f->admin, id, WF_PUBLISH, NULL, NULL), ERR_CONFLICT);
	assert_int_equal(db_exec(f->db, "UPDATE documents SET status = 'draft' WHERE id = $1", DB_ARGS(DB_INT(id))), 0);
	/* Through every step again, it publishes. */
	publish(f, id);
	json_t *doc = NULL;
	assert_int_equal(doc_get(f->db, &f->public_, id, 0, &doc), ERR_NOTFOUND); /* org only */
	assert_int_equal(doc_get(f->db, &f->staff, id, 0, &doc), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "revision"), "id")), rev);
	json_decref(doc);
	/* The steps and their comments are the reviewers' business: a reader of
	 * another division sees the state and that a memo exists, not the
	 * history; the committee sees it all. */
	assert_int_equal(wf_status(f->db, &f->other_head, id, &st), 0);
	assert_int_equal(json_array_size(json_object_get(st, "history")), 0);
	assert_true(json_is_true(json_object_get(st, "memo")));
	assert_int_equal(json_array_size(json_object_get(st, "actions")), 0);
	json_decref(st);
	assert_int_equal(wf_status(f->db, &f->committee, id, &st), 0);
	assert_true(json_array_size(json_object_get(st, "history")) >= 8);
	json_decref(st);
	/* A citizen manual goes public when published. */
	in.title = "คู่มือประชาชน: การขอใบอนุญาต";
	in.kind = "citizen_manual";
	in.visibility = "org";
	assert_int_equal(doc_create(f->db, &f->staff, &in, &id, &rev), 0);
	publish(f, id);
	assert_int_equal(doc_get(f->db, &f->public_, id, 0, &doc), 0);
	assert_string_equal(json_string_value(json_object_get(doc, "visibility")), "public");
	json_decref(doc);
}

static bool has_notification(struct fixture *f, const struct actor *a, const char *kind, int64_t doc)
{
	json_t *items = NULL;
	int64_t total = 0, unread = 0;
	assert_int_equal(notify_list(f->db, a, 1, 100, &items, &total, &unread), 0);
	bool found = false;
	size_t i;
	json_t *n;
	json_array_foreach(items, i, n) found |= !strcmp(json_string_value(json_object_get(n, "kind")), kind) &&
		json_integer_value(json_object_get(n, "document_id")) == doc;
	json_decref(items);
	return found;
}

static bool in_box(struct fixture *f, const struct actor *a, const char *box, int64_t doc, const char *next)
{
	json_t *b = NULL;
	assert_int_equal(wf_inbox(f->db, a, &b), 0);
	bool found = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(b, box), i, it) found |= json_integer_value(json_object_get(it, "id")) == doc &&
		(!next || !strcmp(json_string_value(json_object_get(it, "next_action")), next));
	json_decref(b);
	return found;
}

/* Who hears of each step, and whose inbox it waits in. */
static void notifications_and_inbox(void **state)
{
	struct fixture *f = *state;
	int64_t id = doc_in_state(f, "manual", "draft");
	assert_true(in_box(f, &f->head, "waiting", id, "submit")); /* a draft of the head's division */
	assert_false(in_box(f, &f->committee, "waiting", id, NULL));
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_SUBMIT, NULL, NULL), 0);
	assert_true(has_notification(f, &f->committee, "submitted", id));
	assert_false(has_notification(f, &f->executive, "submitted", id));
	assert_true(in_box(f, &f->committee, "waiting", id, "review"));
	assert_true(in_box(f, &f->head, "sent", id, NULL));
	assert_false(in_box(f, &f->executive, "waiting", id, NULL));
	assert_int_equal(wf_apply(f->db, &f->committee, id, WF_REVIEW, "เรียบร้อย @executive โปรดพิจารณา", NULL), 0);
	assert_true(has_notification(f, &f->executive, "reviewed", id));
	assert_true(has_notification(f, &f->executive, "mention", id));
	assert_true(in_box(f, &f->executive, "waiting", id, "approve"));
	assert_false(in_box(f, &f->committee, "waiting", id, NULL));
	/* Overdue: waiting longer than a week. */
	clock_set_as_of(clock_now() + (WF_OVERDUE_DAYS + 1) * 86400);
	json_t *b = NULL;
	assert_int_equal(wf_inbox(f->db, &f->executive, &b), 0);
	assert_true(json_integer_value(json_object_get(b, "overdue")) >= 1);
	json_decref(b);
	clock_set_as_of(0);
	assert_int_equal(wf_apply(f->db, &f->executive, id, WF_APPROVE, NULL, NULL), 0);
	assert_true(has_notification(f, &f->staff, "approved", id)); /* the author */
	/* Comments: per section, mentions notify; the public may not. */
	int64_t cid = 0;
	assert_int_equal(wf_comment_add(f->db, &f->committee, id, "ขั้นตอน", "เพิ่มระยะเวลา @unithead", &cid), 0);
	assert_true(has_notification(f, &f->head, "mention", id));
	assert_int_equal(wf_comment_add(f->db, &f->public_, id, "", "x", &cid), ERR_UNAUTH);
	assert_int_equal(wf_comment_add(f->db, &f->committee, id, "", "", &cid), ERR_INVAL);
	json_t *list = NULL;
	assert_int_equal(wf_comments(f->db, &f->staff, id, 0, &list), 0);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "section")), "ขั้นตอน");
	json_decref(list);
	/* Reading marks as read. */
	int64_t unread = 0;
	assert_int_equal(notify_unread(f->db, &f->executive, &unread), 0);
	assert_true(unread >= 2);
	assert_int_equal(notify_read(f->db, &f->executive, 0), 0);
	assert_int_equal(notify_unread(f->db, &f->executive, &unread), 0);
	assert_int_equal(unread, 0);
}

/* The approval memo: numbered per organisation and fiscal year, frozen. */
static void approval_memos(void **state)
{
	struct fixture *f = *state;
	clock_set_as_of(1483246800); /* 2017-01-01 09:00 Bangkok: FY 2560, a year with no memo */
	int64_t a = doc_in_state(f, "manual", "approved");
	int64_t b = doc_in_state(f, "manual", "approved");
	clock_set_as_of(0);
	json_t *m = NULL;
	assert_int_equal(approval_memo_get(f->db, &f->staff, a, 0, &m), 0);
	assert_int_equal(json_integer_value(json_object_get(m, "fy")), 2560);
	assert_int_equal(json_integer_value(json_object_get(m, "number")), 1);
	assert_string_equal(json_string_value(json_object_get(m, "number_th")), "๑/๒๕๖๐");
	assert_string_equal(json_string_value(json_object_get(m, "date_th")), "๑ มกราคม ๒๕๖๐");
	assert_non_null(strstr(json_string_value(json_object_get(m, "subject")), "คู่มือทดสอบสถานะ"));
	json_t *signers = json_object_get(m, "signers");
	assert_string_equal(json_string_value(json_object_get(json_array_get(signers, json_array_size(signers) - 1), "name")),
			    f->executive.name);
	bool reviewer = false;
	size_t i;
	json_t *s;
	json_array_foreach(signers, i, s) reviewer |= !strcmp(json_string_value(json_object_get(s, "name")), f->committee.name);
	assert_true(reviewer);
	json_decref(m);
	assert_int_equal(approval_memo_get(f->db, &f->staff, b, 0, &m), 0);
	assert_int_equal(json_integer_value(json_object_get(m, "number")), 2);
	json_decref(m);
	/* The list of FY 2560 holds both; another division's reader sees a memo
	 * once its document is published (as an "org" document, to all). */
	json_t *list = NULL;
	assert_int_equal(approval_memo_list(f->db, &f->committee, 2560, &list), 0);
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);
	assert_int_equal(approval_memo_list(f->db, &f->other_head, 2560, &list), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	assert_int_equal(wf_apply(f->db, &f->admin, b, WF_PUBLISH, NULL, NULL), 0);
	assert_int_equal(approval_memo_list(f->db, &f->other_head, 2560, &list), 0);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	assert_int_equal(approval_memo_list(f->db, &f->public_, 2560, &list), ERR_UNAUTH);
	/* The memo is frozen: a later title does not change it. */
	assert_int_equal(db_exec(f->db, "UPDATE document_revisions SET title = 'อื่น' WHERE document_id = $1", DB_ARGS(DB_INT(a))), 0);
	assert_int_equal(approval_memo_get(f->db, &f->staff, a, 0, &m), 0);
	assert_non_null(strstr(json_string_value(json_object_get(m, "subject")), "คู่มือทดสอบสถานะ"));
	json_decref(m);
	/* The PDF. */
	struct buf pdf;
	buf_init(&pdf, (size_t)16 << 20);
	assert_int_equal(approval_memo_pdf(f->db, &f->staff, a, 0, &pdf), 0);
	assert_true(pdf.len > 1000 && !memcmp(buf_cstr(&pdf), "%PDF", 4));
	buf_release(&pdf);
	/* No memo for a document never approved. */
	int64_t c = doc_in_state(f, "article", "published");
	assert_int_equal(approval_memo_get(f->db, &f->staff, c, 0, &m), ERR_NOTFOUND);
}

/* Rules are data: an admin changes them; nobody else. */
static void rules_are_data(void **state)
{
	struct fixture *f = *state;
	struct wf_rule r;
	assert_int_equal(wf_rule_get(f->db, f->admin.org_id, "article", &r), 0);
	assert_int_equal(r.approve, 0u);
	r.approve = ROLE_EXECUTIVE;
	assert_int_equal(wf_rule_set(f->db, &f->head, &r), ERR_FORBIDDEN);
	assert_int_equal(wf_rule_set(f->db, &f->admin, &r), 0);
	int64_t id = doc_in_state(f, "article", "reviewed");
	assert_int_equal(wf_apply(f->db, &f->admin, id, WF_PUBLISH, NULL, NULL), ERR_CONFLICT); /* needs approval now */
	assert_int_equal(wf_apply(f->db, &f->executive, id, WF_APPROVE, NULL, NULL), 0);
	assert_int_equal(wf_apply(f->db, &f->admin, id, WF_PUBLISH, NULL, NULL), 0);
	r.submit = 0;
	assert_int_equal(wf_rule_set(f->db, &f->admin, &r), ERR_INVAL);
	r.submit = ROLE_STAFF;
	r.approve = 0;
	assert_int_equal(wf_rule_set(f->db, &f->admin, &r), 0);
	json_t *list = NULL;
	assert_int_equal(wf_rules_list(f->db, &f->staff, &list), 0);
	assert_int_equal(json_array_size(list), 7);
	json_decref(list);
	unsigned bits = 0;
	assert_true(wf_roles_parse("unit_head, km_committee", &bits));
	assert_int_equal(bits, (unsigned)(ROLE_UNIT_HEAD | ROLE_COMMITTEE));
	assert_false(wf_roles_parse("unit_head,king", &bits));
}

/* Whether a search for the document's own title, in its status, finds it. */
static bool search_finds(struct fixture *f, const struct actor *a, int64_t id, const char *title,
			 const char *status)
{
	struct arena *ar = arena_new(1 << 24);
	struct doc_query dq = {.q = title, .status = status};
	json_t *res = NULL;
	bool found = false;
	if (doc_search(f->db, ar, a, &dq, 1, 50, &res) == 0) {
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(res, "items"), i, it) found |=
			json_integer_value(json_object_get(it, "id")) == id;
	}
	json_decref(res);
	arena_free(ar);
	return found;
}

/* Search finds a document exactly when the reader may open it: every demo
 * document, every reader, every status. */
static void search_follows_the_reading_rules(void **state)
{
	struct fixture *f = *state;
	const struct actor *readers[] = {&f->admin, &f->head, &f->staff, &f->executive, &f->public_};
	json_t *docs = NULL;
	assert_int_equal(db_query_json(f->db, "SELECT id, title, status FROM documents ORDER BY id", DB_NOARGS, 0, &docs),
			 0);
	assert_true(json_array_size(docs) >= 20);
	int checked = 0, hidden = 0;
	size_t i;
	json_t *d;
	json_array_foreach(docs, i, d) {
		int64_t id = json_integer_value(json_object_get(d, "id"));
		const char *title = json_string_value(json_object_get(d, "title"));
		const char *status = json_string_value(json_object_get(d, "status"));
		for (size_t r = 0; r < sizeof readers / sizeof readers[0]; r++) {
			json_t *doc = NULL;
			bool may = doc_get(f->db, readers[r], id, 0, &doc) == 0;
			json_decref(doc);
			err_clear();
			assert_int_equal(search_finds(f, readers[r], id, title, status), may);
			checked++;
			hidden += !may;
		}
	}
	json_decref(docs);
	assert_true(hidden > 0 && hidden < checked);
}

/* A document the index lacks (a database from before search) is indexed at
 * start-up by doc_index_missing. */
static void missing_documents_are_indexed(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0, n = -1;
	assert_int_equal(db_query_int(f->db, "SELECT id FROM documents WHERE status = 'published' ORDER BY id LIMIT 1",
				      DB_NOARGS, &id), 0);
	char *title = NULL;
	struct arena *ar = arena_new(1 << 16);
	assert_int_equal(db_query_text(f->db, ar, "SELECT title FROM documents WHERE id = $1", DB_ARGS(DB_INT(id)), &title),
			 0);
	assert_int_equal(search_remove(f->db, id), 0);
	assert_false(search_finds(f, &f->admin, id, title, "published"));
	assert_int_equal(doc_index_missing(f->db, &n), 0);
	assert_int_equal(n, 1);
	assert_true(search_finds(f, &f->admin, id, title, "published"));
	assert_int_equal(doc_index_missing(f->db, &n), 0);
	assert_int_equal(n, 0);
	arena_free(ar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_edit_conflict_restore),
		cmocka_unit_test(who_reads_and_edits),
		cmocka_unit_test(readers_see_the_published_revision),
		cmocka_unit_test(coverage_and_corners),
		cmocka_unit_test(diffs),
		cmocka_unit_test(workflow_matrix),
		cmocka_unit_test(own_work_and_binding),
		cmocka_unit_test(notifications_and_inbox),
		cmocka_unit_test(approval_memos),
		cmocka_unit_test(rules_are_data),
		cmocka_unit_test(search_follows_the_reading_rules),
		cmocka_unit_test(missing_documents_are_indexed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
