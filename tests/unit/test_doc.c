/* Tests of km/doc, km/workflow, km/diff and km/corner: documents, revisions,
 * conflicts, who reads and edits what, publication, retirement, coverage. */
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
#include "km/corner.h"
#include "km/demo.h"
#include "km/diff.h"
#include "km/doc.h"
#include "km/find.h"
#include "km/kmap.h"
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
	struct actor admin, head, staff, executive, public_;
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
	    account_login(f->db, &policy, "executive", password_of(f, "executive"), "t", &f->executive))
		return -1;
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
	assert_false(json_is_true(json_object_get(doc, "can_publish"))); /* staff */
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
	/* Publishing: only the division's head or an admin. */
	assert_int_equal(wf_apply(f->db, &f->staff, id, WF_PUBLISH, NULL), ERR_FORBIDDEN);
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_PUBLISH, NULL), 0);
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
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_RETIRE, ""), ERR_INVAL);
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_RETIRE, "ใช้ระเบียบใหม่แทน"), 0);
	int64_t after = -1;
	assert_int_equal(doc_list(f->db, &f->staff, &all, 1, 50, &items, &after), 0);
	json_decref(items);
	assert_int_equal(after, total_staff - 1);
	assert_int_equal(doc_get(f->db, &f->staff, id, 0, &doc), 0); /* still readable */
	assert_string_equal(json_string_value(json_object_get(doc, "status")), "retired");
	assert_false(json_is_true(json_object_get(doc, "can_edit")));
	json_decref(doc);
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_PUBLISH, NULL), ERR_CONFLICT);
}

static void readers_see_the_published_revision(void **state)
{
	struct fixture *f = *state;
	int64_t rev1 = 0, rev2 = 0;
	int64_t id = new_doc(f, &f->head, f->health, "public", &rev1);
	assert_int_equal(wf_apply(f->db, &f->admin, id, WF_PUBLISH, NULL), 0);
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
	json_decref(doc);
	/* The public cannot ask for the unpublished revision. */
	assert_int_equal(doc_get(f->db, &f->public_, id, rev2, &doc), ERR_NOTFOUND);
	/* Publishing again shows the new revision to everyone. */
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_PUBLISH, NULL), 0);
	assert_int_equal(doc_get(f->db, &f->public_, id, 0, &doc), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "revision"), "id")), rev2);
	json_decref(doc);
	/* The publication's fiscal year follows the clock (a past "as of"). */
	int64_t past = 0;
	int64_t id2 = new_doc(f, &f->head, f->health, "org", &past);
	clock_set_as_of(1609459200); /* 2021-01-01: FY 2564 */
	assert_int_equal(wf_apply(f->db, &f->head, id2, WF_PUBLISH, NULL), 0);
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
	assert_int_equal(wf_apply(f->db, &f->head, id, WF_PUBLISH, NULL), 0);
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
		cmocka_unit_test(search_follows_the_reading_rules),
		cmocka_unit_test(missing_documents_are_indexed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
