/* Tests of km/community and km/mentoring on the demo organisation: the
 * demo's communities, who reads and who posts on a board, the
 * facilitator's powers, answers and their notifications, threads turned
 * into draft documents, files, the privacy of a mentoring log, isolation
 * between organisations, and the limits on sizes and counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "km/account.h"
#include "km/audit.h"
#include "km/community.h"
#include "km/demo.h"
#include "km/doc.h"
#include "km/mentoring.h"
#include "km/notify.h"
#include "km/org.h"
#include "km/secret.h"
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
	char dir[64], files[96];
	struct db *db;
	struct demo_result demo;
	/* committee: the KM committee's secretary; head: HEALTH's unit head;
	 * fin: FIN's head (no password, acts in tests); stranger: an admin of
	 * another organisation. */
	struct actor admin, committee, executive, head, staff, fin, public_, stranger;
};

static void actor_of(struct fixture *f, const char *login, struct actor *out)
{
	int64_t id = 0, org = 0;
	assert_int_equal(account_find(f->db, login, &id, &org), 0);
	assert_int_equal(account_load_actor(f->db, id, out), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/klang-cop-XXXXXX");
	if (!mkdtemp(f->dir) || secret_init())
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/k.db", f->dir);
	snprintf(f->files, sizeof f->files, "%s/files", f->dir);
	if (db_open(path, &f->db) || db_migrate(f->db, NULL) || search_schema(f->db) ||
	    demo_create(f->db, &policy, &f->demo))
		return -1;
	*state = f;
	actor_of(f, "admin", &f->admin);
	actor_of(f, "committee", &f->committee);
	actor_of(f, "executive", &f->executive);
	actor_of(f, "unithead", &f->head);
	actor_of(f, "staff", &f->staff);
	actor_of(f, "head-fin", &f->fin);
	f->public_.org_id = f->admin.org_id;
	/* Another organisation with an admin of its own. */
	struct actor op;
	authz_operator(&op, 0);
	int64_t org = 0, account = 0;
	if (org_create(f->db, &op, "other-town", "เทศบาลตำบลทดสอบ", "Test", "", &org))
		return -1;
	op.org_id = org;
	if (account_create(f->db, &op, &policy, "other-admin", NULL, ROLE_ADMIN | ROLE_STAFF, NULL, 0, &account) ||
	    account_load_actor(f->db, account, &f->stranger))
		return -1;
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

static int64_t new_community(struct fixture *f, const char *name, const struct actor *facilitator)
{
	struct community_input in = COMMUNITY_INPUT_UNCHANGED;
	in.name = name;
	in.description = "ทดสอบ";
	in.facilitator_account_id = facilitator->account_id;
	int64_t id = 0;
	assert_int_equal(community_create(f->db, &f->committee, &in, &id), 0);
	return id;
}

static int64_t new_thread(struct fixture *f, const struct actor *a, int64_t community, const char *body)
{
	int64_t id = 0;
	assert_int_equal(community_thread_create(f->db, a, f->files, community, "คำถามทดสอบ", body, NULL, 0, &id), 0);
	return id;
}

static int64_t new_reply(struct fixture *f, const struct actor *a, int64_t thread, const char *body)
{
	int64_t id = 0;
	assert_int_equal(community_reply_add(f->db, a, f->files, thread, body, NULL, 0, &id), 0);
	return id;
}

/* Whether the actor has a notification of `kind` whose text holds `part`. */
static bool notified(struct fixture *f, const struct actor *a, const char *kind, const char *part)
{
	json_t *items = NULL;
	int64_t total = 0, unread = 0;
	assert_int_equal(notify_list(f->db, a, 1, 100, &items, &total, &unread), 0);
	bool found = false;
	size_t i;
	json_t *n;
	json_array_foreach(items, i, n) found |= !strcmp(json_string_value(json_object_get(n, "kind")), kind) &&
		strstr(json_string_value(json_object_get(n, "text")), part) != NULL;
	json_decref(items);
	return found;
}

static int64_t count_of(struct fixture *f, const char *sql, int64_t id)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, sql, DB_ARGS(DB_INT(id)), &n), 0);
	return n;
}

/* Runs `insert` (an INSERT … SELECT … FROM n, written as N_TIMES("…")
 * with $1 the parent, $3 the organisation, $4 an account) once for each
 * row of n(i), i = 1…times: rows added straight into the tables, to reach
 * a limit quickly. The SQL is a literal: statements are cached by it. */
#define N_TIMES(insert) "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2) " insert
static void rows_times(struct fixture *f, const char *insert, int64_t parent, int64_t times)
{
	assert_int_equal(db_exec(f->db, insert, DB_ARGS(DB_INT(parent), DB_INT(times), DB_INT(f->admin.org_id),
						       DB_INT(f->head.account_id))),
			 0);
}

static void demo_communities_are_alive(void **state)
{
	struct fixture *f = *state;
	json_t *items = NULL, *c = NULL, *threads = NULL;
	int64_t total = 0, nthreads = 0;
	assert_int_equal(community_list(f->db, &f->staff, 1, 50, &items, &total), 0);
	assert_int_equal(total, 2);
	size_t i;
	json_t *o;
	int answered = 0;
	json_array_foreach(items, i, o) {
		assert_true(json_is_true(json_object_get(o, "active")));
		assert_true(json_is_true(json_object_get(o, "is_member"))); /* staff joined both */
		assert_true(json_integer_value(json_object_get(o, "member_count")) >= 5);
		assert_true(json_integer_value(json_object_get(o, "thread_count")) >= 2);
		int64_t id = json_integer_value(json_object_get(o, "id"));
		assert_int_equal(community_threads(f->db, &f->staff, id, 1, 50, &threads, &nthreads), 0);
		size_t j;
		json_t *t;
		json_array_foreach(threads, j, t) answered += json_is_true(json_object_get(t, "answered"));
		json_decref(threads);
	}
	assert_int_equal(answered, 1);
	/* The first (by name, active first) holds the strategic issue and the
	 * meeting record. */
	int64_t service = count_of(f, "SELECT id FROM communities WHERE issue_id IS NOT NULL AND org_id = $1",
				   f->admin.org_id);
	assert_int_equal(community_get(f->db, &f->staff, service, &c), 0);
	assert_int_equal(json_integer_value(json_object_get(c, "meeting_count")), 1);
	json_t *m = json_array_get(json_object_get(c, "meetings"), 0);
	assert_non_null(strstr(json_string_value(json_object_get(m, "notes_html")), "<li>"));
	json_decref(c);
	json_decref(items);
	/* One mentoring pair with its log, dated this fiscal year. */
	json_t *pairs = NULL;
	assert_int_equal(mentoring_list(f->db, &f->staff, &pairs), 0);
	assert_int_equal(json_array_size(pairs), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(pairs, 0), "my_role")), "mentee");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(pairs, 0), "log_count")), 3);
	json_decref(pairs);
}

static void members_post_others_read(void **state)
{
	struct fixture *f = *state;
	int64_t c = new_community(f, "ชุมชนทดสอบสิทธิ์", &f->head);
	/* The facilitator is its first member; everyone of the organisation reads. */
	json_t *o = NULL;
	assert_int_equal(community_get(f->db, &f->executive, c, &o), 0);
	assert_false(json_is_true(json_object_get(o, "can_post")));
	assert_true(json_is_true(json_object_get(o, "can_join")));
	assert_int_equal(json_array_size(json_object_get(o, "members")), 1);
	json_decref(o);
	int64_t t = new_thread(f, &f->head, c, "ใครเคยทำเรื่องนี้บ้าง");
	assert_int_equal(community_thread_get(f->db, &f->executive, t, &o), 0);
	assert_false(json_is_true(json_object_get(o, "can_reply")));
	assert_non_null(strstr(json_string_value(json_object_get(o, "body_html")), "<p>"));
	json_decref(o);
	/* Others read but do not post: not the executive, not even an admin. */
	int64_t id = 0;
	assert_int_equal(community_thread_create(f->db, &f->executive, f->files, c, "หัวข้อ", "ข้อความ", NULL, 0, &id),
			 ERR_FORBIDDEN);
	assert_int_equal(community_reply_add(f->db, &f->admin, f->files, t, "ข้อความ", NULL, 0, &id), ERR_FORBIDDEN);
	/* After joining they do. */
	assert_int_equal(community_join(f->db, &f->executive, c), 0);
	assert_int_equal(community_join(f->db, &f->executive, c), ERR_CONFLICT);
	new_reply(f, &f->executive, t, "เคยทำที่กองคลังครับ");
	/* Leaving ends it. */
	assert_int_equal(community_member_remove(f->db, &f->executive, c, f->executive.account_id), 0);
	assert_int_equal(community_reply_add(f->db, &f->executive, f->files, t, "อีกครั้ง", NULL, 0, &id),
			 ERR_FORBIDDEN);
	/* The public reads nothing; another organisation finds nothing. */
	json_t *items = NULL;
	int64_t total = 0;
	assert_int_equal(community_list(f->db, &f->public_, 1, 10, &items, &total), ERR_UNAUTH);
	assert_int_equal(community_get(f->db, &f->public_, c, &o), ERR_UNAUTH);
	assert_int_equal(community_get(f->db, &f->stranger, c, &o), ERR_NOTFOUND);
	assert_int_equal(community_thread_get(f->db, &f->stranger, t, &o), ERR_NOTFOUND);
	assert_int_equal(community_join(f->db, &f->stranger, c), ERR_NOTFOUND);
	assert_int_equal(community_list(f->db, &f->stranger, 1, 10, &items, &total), 0);
	assert_int_equal(total, 0);
	json_decref(items);
	/* Only admins and the committee start communities. */
	struct community_input in = COMMUNITY_INPUT_UNCHANGED;
	in.name = "ชุมชนของเจ้าหน้าที่";
	assert_int_equal(community_create(f->db, &f->staff, &in, &id), ERR_FORBIDDEN);
	assert_int_equal(community_create(f->db, &f->head, &in, &id), ERR_FORBIDDEN);
	assert_int_equal(community_create(f->db, &f->admin, &in, &id), 0);
	/* Names are unique in the organisation. */
	assert_int_equal(community_create(f->db, &f->committee, &in, &id), ERR_CONFLICT);
	/* A facilitator from another organisation is refused. */
	in.name = "ชุมชนข้ามองค์กร";
	in.facilitator_account_id = f->stranger.account_id;
	assert_int_equal(community_create(f->db, &f->committee, &in, &id), ERR_INVAL);
	/* A closed community takes no posts and no members, but stays readable. */
	struct community_input close = COMMUNITY_INPUT_UNCHANGED;
	close.active = 0;
	assert_int_equal(community_update(f->db, &f->head, c, &close), 0);
	assert_int_equal(community_thread_create(f->db, &f->head, f->files, c, "หัวข้อ", "ข้อความ", NULL, 0, &id),
			 ERR_FORBIDDEN);
	assert_int_equal(community_join(f->db, &f->staff, c), ERR_FORBIDDEN);
	assert_int_equal(community_thread_get(f->db, &f->staff, t, &o), 0);
	json_decref(o);
}

static void facilitator_powers(void **state)
{
	struct fixture *f = *state;
	int64_t c = new_community(f, "ชุมชนทดสอบผู้อำนวยความสะดวก", &f->head);
	assert_int_equal(community_join(f->db, &f->staff, c), 0);
	/* A member does not run the community. */
	struct community_input edit = COMMUNITY_INPUT_UNCHANGED;
	edit.description = "คำอธิบายใหม่";
	assert_int_equal(community_update(f->db, &f->staff, c, &edit), ERR_FORBIDDEN);
	assert_int_equal(community_member_add(f->db, &f->staff, c, f->fin.account_id), ERR_FORBIDDEN);
	struct community_meeting_input m = {"2026-11-20", "ประชุมครั้งที่ 1", "- สรุปผล", 8};
	assert_int_equal(community_meeting_add(f->db, &f->staff, c, &m, NULL), ERR_FORBIDDEN);
	/* The facilitator does. */
	assert_int_equal(community_update(f->db, &f->head, c, &edit), 0);
	assert_int_equal(community_member_add(f->db, &f->head, c, f->fin.account_id), 0);
	assert_int_equal(community_member_add(f->db, &f->head, c, f->stranger.account_id), ERR_INVAL);
	assert_int_equal(community_meeting_add(f->db, &f->head, c, &m, NULL), 0);
	assert_int_equal(community_member_remove(f->db, &f->head, c, f->fin.account_id), 0);
	assert_int_equal(community_member_remove(f->db, &f->head, c, f->fin.account_id), ERR_NOTFOUND);
	/* A member's thread: the facilitator locks it; nobody replies then. */
	int64_t t = new_thread(f, &f->staff, c, "ขอคำแนะนำ");
	assert_int_equal(community_thread_lock(f->db, &f->staff, t, true), ERR_FORBIDDEN);
	assert_int_equal(community_thread_lock(f->db, &f->head, t, true), 0);
	int64_t id = 0;
	assert_int_equal(community_reply_add(f->db, &f->head, f->files, t, "ตอบ", NULL, 0, &id), ERR_FORBIDDEN);
	assert_int_equal(community_thread_lock(f->db, &f->committee, t, false), 0);
	new_reply(f, &f->head, t, "ตอบแล้ว");
	/* The facilitator cannot leave; a handover keeps the old one a member. */
	assert_int_equal(community_member_remove(f->db, &f->head, c, f->head.account_id), ERR_CONFLICT);
	struct community_input hand = COMMUNITY_INPUT_UNCHANGED;
	hand.facilitator_account_id = f->staff.account_id;
	assert_int_equal(community_update(f->db, &f->head, c, &hand), 0);
	json_t *o = NULL;
	assert_int_equal(community_get(f->db, &f->staff, c, &o), 0);
	assert_true(json_is_true(json_object_get(o, "is_facilitator")));
	assert_int_equal(json_integer_value(json_object_get(o, "facilitator_account_id")), f->staff.account_id);
	size_t i;
	json_t *mem;
	int facilitators = 0;
	json_array_foreach(json_object_get(o, "members"), i, mem) facilitators +=
		!strcmp(json_string_value(json_object_get(mem, "role")), "facilitator");
	assert_int_equal(facilitators, 1);
	json_decref(o);
	assert_int_equal(community_update(f->db, &f->head, c, &edit), ERR_FORBIDDEN);
	assert_int_equal(community_member_remove(f->db, &f->head, c, f->head.account_id), 0);
	/* The trail holds the steps. */
	assert_true(count_of(f, "SELECT count(*) FROM audit_events WHERE target_id = $1 AND action = 'community.create'", c) == 1);
	assert_true(count_of(f, "SELECT count(*) FROM audit_events WHERE target_id = $1 AND action = 'community.join'", c) == 1);
	assert_true(count_of(f, "SELECT count(*) FROM audit_events WHERE target_id = $1 AND action = 'community.meeting'", c) == 1);
}

static void answers_and_notifications(void **state)
{
	struct fixture *f = *state;
	int64_t c = new_community(f, "ชุมชนทดสอบคำตอบ", &f->committee);
	assert_int_equal(community_join(f->db, &f->staff, c), 0);
	assert_int_equal(community_join(f->db, &f->head, c), 0);
	assert_int_equal(community_join(f->db, &f->executive, c), 0);
	/* The thread mentions the executive: told, as an account of the
	 * organisation that reads the board. */
	int64_t t = new_thread(f, &f->staff, c, "ขอวิธีเก็บตัวอย่างน้ำ @executive ช่วยดูด้วยครับ");
	assert_true(notified(f, &f->executive, "mention", "คำถามทดสอบ"));
	/* A reply tells the author and the facilitator, not the replier. */
	int64_t r1 = new_reply(f, &f->head, t, "เก็บในขวดปลอดเชื้อ แช่เย็นภายใน 30 นาที");
	assert_true(notified(f, &f->staff, "community", "ในชุมชน ชุมชนทดสอบคำตอบ"));
	assert_true(notified(f, &f->committee, "community", "ในชุมชน ชุมชนทดสอบคำตอบ"));
	assert_false(notified(f, &f->head, "community", "ในชุมชน ชุมชนทดสอบคำตอบ"));
	int64_t r2 = new_reply(f, &f->executive, t, "เห็นด้วย");
	/* Only the author or the facilitator choose the answer. */
	assert_int_equal(community_answer_mark(f->db, &f->head, t, r1), ERR_FORBIDDEN);
	assert_int_equal(community_answer_mark(f->db, &f->admin, t, r1), ERR_FORBIDDEN);
	assert_int_equal(community_answer_mark(f->db, &f->staff, t, r1), 0);
	assert_true(notified(f, &f->head, "community", "เลือกคำตอบของคุณ"));
	json_t *o = NULL;
	assert_int_equal(community_thread_get(f->db, &f->staff, t, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "answer_reply_id")), r1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "answer"), "id")), r1);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(o, "replies"), 0), "is_answer")));
	assert_false(json_is_true(json_object_get(json_array_get(json_object_get(o, "replies"), 1), "is_answer")));
	json_decref(o);
	assert_int_equal(community_answer_mark(f->db, &f->committee, t, r2), 0);
	/* A reply of another thread is not an answer here; 0 clears. */
	int64_t t2 = new_thread(f, &f->head, c, "อีกเรื่อง");
	int64_t other = new_reply(f, &f->staff, t2, "คำตอบของอีกเรื่อง");
	assert_int_equal(community_answer_mark(f->db, &f->staff, t, other), ERR_INVAL);
	assert_int_equal(community_answer_mark(f->db, &f->staff, t, 0), 0);
	assert_int_equal(count_of(f, "SELECT count(*) FROM community_threads WHERE id = $1 AND answer_reply_id IS NULL", t), 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM audit_events WHERE target_id = $1 AND action = 'community.answer'", t), 2);
	/* The paged replies of the API. */
	json_t *items = NULL;
	int64_t total = 0;
	assert_int_equal(community_replies(f->db, &f->admin, t, 2, 1, &items, &total), 0);
	assert_int_equal(total, 2);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), r2);
	json_decref(items);
}

static void thread_becomes_draft(void **state)
{
	struct fixture *f = *state;
	int64_t c = new_community(f, "ชุมชนทดสอบเอกสาร", &f->committee);
	assert_int_equal(community_join(f->db, &f->staff, c), 0);
	assert_int_equal(community_join(f->db, &f->head, c), 0);
	int64_t t = new_thread(f, &f->staff, c, "ขั้นตอนตรวจร้านอาหารใหม่ มีอะไรบ้าง");
	int64_t r = new_reply(f, &f->head, t, "ตรวจใบอนุญาต ตรวจสุขลักษณะ และบันทึกผล");
	new_reply(f, &f->committee, t, "เพิ่มการถ่ายภาพประกอบด้วย");
	assert_int_equal(community_answer_mark(f->db, &f->staff, t, r), 0);
	/* A member who neither asked nor facilitates cannot. */
	int64_t doc = 0;
	assert_int_equal(community_thread_to_doc(f->db, &f->head, t, "article", &doc), ERR_FORBIDDEN);
	assert_int_equal(community_thread_to_doc(f->db, &f->staff, t, "manual", &doc), ERR_INVAL);
	assert_int_equal(community_thread_to_doc(f->db, &f->staff, t, "good_practice", &doc), 0);
	/* A draft in the author's unit, which the author may edit. */
	json_t *d = NULL;
	assert_int_equal(doc_get(f->db, &f->staff, doc, 0, &d), 0);
	assert_string_equal(json_string_value(json_object_get(d, "status")), "draft");
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "good_practice");
	assert_int_equal(json_integer_value(json_object_get(d, "unit_id")), f->staff.unit_id);
	assert_true(json_is_true(json_object_get(d, "can_edit")));
	const char *body = json_string_value(json_object_get(json_object_get(d, "revision"), "body_md"));
	assert_non_null(strstr(body, "## คำถาม"));
	assert_non_null(strstr(body, "ขั้นตอนตรวจร้านอาหารใหม่"));
	assert_non_null(strstr(body, "## คำตอบ"));
	assert_non_null(strstr(body, "ตรวจใบอนุญาต"));
	assert_non_null(strstr(body, "เพิ่มการถ่ายภาพประกอบ"));
	assert_true(strstr(body, "ตรวจใบอนุญาต") < strstr(body, "เพิ่มการถ่ายภาพประกอบ"));
	json_decref(d);
	/* The thread links it; once only. */
	json_t *o = NULL;
	assert_int_equal(community_thread_get(f->db, &f->staff, t, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "document_id")), doc);
	assert_false(json_is_true(json_object_get(o, "can_convert")));
	json_decref(o);
	assert_int_equal(community_thread_to_doc(f->db, &f->committee, t, NULL, &doc), ERR_CONFLICT);
	assert_int_equal(count_of(f, "SELECT count(*) FROM audit_events WHERE target_id = $1 AND action = 'community.to_document'", t), 1);
	/* The facilitator may turn a thread into a document (default: article). */
	int64_t t2 = new_thread(f, &f->staff, c, "คำถามที่ยังไม่มีคำตอบ");
	assert_int_equal(community_thread_to_doc(f->db, &f->committee, t2, NULL, &doc), 0);
	assert_int_equal(doc_get(f->db, &f->committee, doc, 0, &d), 0);
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "article");
	json_decref(d);
}

static void files_on_posts(void **state)
{
	struct fixture *f = *state;
	int64_t c = new_community(f, "ชุมชนทดสอบไฟล์", &f->head);
	static const char text[] = "รายการเอกสารที่ต้องใช้\n";
	struct community_file ok = {"รายการ.txt", text, sizeof text - 1};
	int64_t t = 0, r = 0;
	assert_int_equal(community_thread_create(f->db, &f->head, f->files, c, "แนบไฟล์", "ดูไฟล์แนบ", &ok, 1, &t), 0);
	/* The type is sniffed: an executable named .pdf is refused. */
	static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
	struct community_file bad = {"x.pdf", elf, sizeof elf - 1};
	assert_int_equal(community_reply_add(f->db, &f->head, f->files, t, "ไฟล์", &bad, 1, &r), ERR_INVAL);
	struct community_file many[COMMUNITY_FILES_PER_POST + 1];
	for (size_t i = 0; i < COMMUNITY_FILES_PER_POST + 1; i++)
		many[i] = ok;
	assert_int_equal(community_reply_add(f->db, &f->head, f->files, t, "ไฟล์", many, COMMUNITY_FILES_PER_POST + 1, &r),
			 ERR_TOOBIG);
	struct community_file big = {"big.txt", text, COMMUNITY_FILE_MAX + 1};
	assert_int_equal(community_reply_add(f->db, &f->head, f->files, t, "ไฟล์", &big, 1, &r), ERR_TOOBIG);
	/* Nothing half-posted. */
	assert_int_equal(count_of(f, "SELECT count(*) FROM community_replies WHERE thread_id = $1", t), 0);
	assert_int_equal(community_reply_add(f->db, &f->head, f->files, t, "อีกไฟล์", many, 2, &r), 0);
	json_t *o = NULL;
	assert_int_equal(community_thread_get(f->db, &f->staff, t, &o), 0);
	json_t *file = json_array_get(json_object_get(o, "files"), 0);
	assert_string_equal(json_string_value(json_object_get(file, "kind")), "text");
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(o, "replies"), 0), "files")), 2);
	int64_t fid = json_integer_value(json_object_get(file, "id"));
	json_decref(o);
	/* Whoever reads the board reads its files; no one else. */
	json_t *row = NULL;
	assert_int_equal(community_file_get(f->db, &f->executive, fid, &row), 0);
	assert_int_equal(json_integer_value(json_object_get(row, "size")), (json_int_t)(sizeof text - 1));
	assert_int_equal(strlen(json_string_value(json_object_get(row, "sha256"))), 64);
	json_decref(row);
	assert_int_equal(community_file_get(f->db, &f->stranger, fid, &row), ERR_NOTFOUND);
	assert_int_equal(community_file_get(f->db, &f->public_, fid, &row), ERR_UNAUTH);
	/* At most 50 files per thread, replies included. */
	rows_times(f,
		   N_TIMES("INSERT INTO community_files (org_id, thread_id, sha256, filename, mime, kind, size, created_at)"
		   " SELECT $3, $1, sha256, filename, mime, kind, size, 0 FROM n, community_files"
		   " WHERE thread_id = $1 AND reply_id IS NULL AND $4 > 0"),
		   t, COMMUNITY_FILES_PER_THREAD - count_of(f, "SELECT count(*) FROM community_files WHERE thread_id = $1", t));
	assert_int_equal(count_of(f, "SELECT count(*) FROM community_files WHERE thread_id = $1", t),
			 COMMUNITY_FILES_PER_THREAD);
	assert_int_equal(community_reply_add(f->db, &f->head, f->files, t, "อีก", &ok, 1, &r), ERR_TOOBIG);
}

static void limits(void **state)
{
	struct fixture *f = *state;
	int64_t c = new_community(f, "ชุมชนทดสอบขีดจำกัด", &f->head);
	int64_t id = 0;
	/* Titles of 300 characters, bodies of 20,000 (Thai counts characters). */
	char *title = test_repeat("ก", COMMUNITY_TITLE_MAX), *body = test_repeat("ข", COMMUNITY_BODY_MAX);
	assert_int_equal(community_thread_create(f->db, &f->head, f->files, c, title, body, NULL, 0, &id), 0);
	free(title);
	free(body);
	title = test_repeat("ก", COMMUNITY_TITLE_MAX + 1);
	body = test_repeat("ข", COMMUNITY_BODY_MAX + 1);
	assert_int_equal(community_thread_create(f->db, &f->head, f->files, c, title, "ข้อความ", NULL, 0, &id), ERR_TOOBIG);
	assert_int_equal(community_thread_create(f->db, &f->head, f->files, c, "หัวข้อ", body, NULL, 0, &id), ERR_TOOBIG);
	assert_int_equal(community_reply_add(f->db, &f->head, f->files, id, body, NULL, 0, &id), ERR_TOOBIG);
	free(title);
	free(body);
	/* Empty, blank and multi-line where one line belongs. */
	assert_int_equal(community_thread_create(f->db, &f->head, f->files, c, "  ", "ข้อความ", NULL, 0, &id), ERR_INVAL);
	assert_int_equal(community_thread_create(f->db, &f->head, f->files, c, "หัวข้อ", "\n \n", NULL, 0, &id), ERR_INVAL);
	assert_int_equal(community_thread_create(f->db, &f->head, f->files, c, "บรรทัด\nสอง", "ข้อความ", NULL, 0, &id),
			 ERR_INVAL);
	/* Replies per thread. */
	int64_t t = new_thread(f, &f->head, c, "กระทู้ยาว");
	rows_times(f,
		   N_TIMES("INSERT INTO community_replies (org_id, thread_id, body_md, author_name, created_at)"
			   " SELECT $3, $1, 'x', 'x', $4 FROM n"),
		   t, COMMUNITY_REPLIES_MAX);
	assert_int_equal(community_reply_add(f->db, &f->head, f->files, t, "อีก", NULL, 0, &id), ERR_TOOBIG);
	/* Meetings: a real date, a sane head count. */
	struct community_meeting_input m = {"2026-02-30", "ประชุม", "", 3};
	assert_int_equal(community_meeting_add(f->db, &f->head, c, &m, NULL), ERR_INVAL);
	m.date = "2026-02-28";
	m.attendees = -1;
	assert_int_equal(community_meeting_add(f->db, &f->head, c, &m, NULL), ERR_INVAL);
	m.attendees = COMMUNITY_ATTENDEES_MAX + 1;
	assert_int_equal(community_meeting_add(f->db, &f->head, c, &m, NULL), ERR_INVAL);
	/* Communities per organisation. */
	rows_times(f,
		   N_TIMES("INSERT INTO communities (org_id, name, facilitator_account_id, created_at, updated_at)"
			   " SELECT $3, 'ชุมชนที่ ' || i || '/' || $1, $4, 0, 0 FROM n"),
		   0, COMMUNITIES_PER_ORG_MAX);
	struct community_input in = COMMUNITY_INPUT_UNCHANGED;
	in.name = "ชุมชนเกินจำนวน";
	assert_int_equal(community_create(f->db, &f->committee, &in, &id), ERR_TOOBIG);
	/* Lists are paged and capped. */
	json_t *items = NULL;
	int64_t total = 0;
	assert_int_equal(community_list(f->db, &f->staff, 1, 100000, &items, &total), 0);
	assert_int_equal(json_array_size(items), COMMUNITY_PAGE_MAX);
	assert_true(total > COMMUNITIES_PER_ORG_MAX);
	json_decref(items);
}

static void mentoring_log_is_private(void **state)
{
	struct fixture *f = *state;
	int64_t pair = count_of(f, "SELECT id FROM mentoring_pairs WHERE org_id = $1", f->admin.org_id);
	/* The mentor and the mentee read the log and write it. */
	json_t *p = NULL;
	assert_int_equal(mentoring_get(f->db, &f->staff, pair, &p), 0);
	assert_int_equal(json_array_size(json_object_get(p, "log")), 3);
	assert_true(json_is_true(json_object_get(p, "can_write_log")));
	assert_false(json_is_true(json_object_get(p, "can_edit")));
	json_decref(p);
	int64_t entry = 0;
	assert_int_equal(mentoring_log_add(f->db, &f->head, pair, "2026-11-20", "ทบทวนผลการตรวจร่วมกัน", &entry), 0);
	assert_int_equal(mentoring_log_add(f->db, &f->staff, pair, "2026-11-21", "ตรวจเองครั้งแรก", &entry), 0);
	/* The committee and admins see the pair, not what the log says. */
	assert_int_equal(mentoring_get(f->db, &f->committee, pair, &p), 0);
	assert_null(json_object_get(p, "log"));
	assert_int_equal(json_integer_value(json_object_get(p, "log_count")), 5);
	assert_true(json_is_true(json_object_get(p, "can_edit")));
	assert_false(json_is_true(json_object_get(p, "can_write_log")));
	json_decref(p);
	assert_int_equal(mentoring_log_add(f->db, &f->admin, pair, "2026-11-21", "ดูแล", &entry), ERR_FORBIDDEN);
	/* Anyone else does not find it. */
	assert_int_equal(mentoring_get(f->db, &f->executive, pair, &p), ERR_NOTFOUND);
	assert_int_equal(mentoring_get(f->db, &f->stranger, pair, &p), ERR_NOTFOUND);
	assert_int_equal(mentoring_log_add(f->db, &f->executive, pair, "2026-11-21", "ดูแล", &entry), ERR_NOTFOUND);
	json_t *list = NULL;
	assert_int_equal(mentoring_list(f->db, &f->executive, &list), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	/* The trail records that an entry was written, not its text. */
	assert_int_equal(count_of(f,
				  "SELECT count(*) FROM audit_events WHERE target_id = $1 AND action = 'mentoring.log'"
				  " AND detail LIKE '%ตรวจเอง%'",
				  pair),
			 0);
	/* Only admins and the committee arrange pairs. */
	struct mentoring_input in = MENTORING_INPUT_UNCHANGED;
	in.mentor_person_id = f->fin.person_id;
	in.mentee_person_id = f->staff.person_id;
	in.start_date = "2026-10-01";
	int64_t id = 0;
	assert_int_equal(mentoring_create(f->db, &f->staff, &in, &id), ERR_FORBIDDEN);
	assert_int_equal(mentoring_create(f->db, &f->head, &in, &id), ERR_FORBIDDEN);
	in.end_date = "2026-09-30";
	assert_int_equal(mentoring_create(f->db, &f->committee, &in, &id), ERR_INVAL);
	in.end_date = NULL;
	in.mentee_person_id = f->fin.person_id;
	assert_int_equal(mentoring_create(f->db, &f->committee, &in, &id), ERR_INVAL);
	in.mentee_person_id = f->stranger.person_id ? f->stranger.person_id : 999999;
	assert_int_equal(mentoring_create(f->db, &f->committee, &in, &id), ERR_INVAL);
	in.mentee_person_id = f->staff.person_id;
	assert_int_equal(mentoring_create(f->db, &f->admin, &in, &id), 0);
	json_t *mine = NULL;
	assert_int_equal(mentoring_list(f->db, &f->staff, &mine), 0);
	assert_int_equal(json_array_size(mine), 2);
	json_decref(mine);
	/* An ended pair takes no more entries; its people still read it. */
	struct mentoring_input end = MENTORING_INPUT_UNCHANGED;
	end.active = 0;
	end.end_date = "2026-11-30";
	assert_int_equal(mentoring_update(f->db, &f->head, id, &end), ERR_FORBIDDEN);
	assert_int_equal(mentoring_update(f->db, &f->committee, id, &end), 0);
	assert_int_equal(mentoring_log_add(f->db, &f->staff, id, "2026-11-21", "อีกครั้ง", &entry), ERR_FORBIDDEN);
	assert_int_equal(mentoring_get(f->db, &f->staff, id, &p), 0);
	assert_string_equal(json_string_value(json_object_get(p, "end_date")), "2026-11-30");
	assert_false(json_is_true(json_object_get(p, "active")));
	json_decref(p);
	/* Limits: the note's length, a real date. */
	char *note = test_repeat("ค", MENTORING_NOTE_MAX + 1);
	assert_int_equal(mentoring_log_add(f->db, &f->staff, pair, "2026-11-21", note, &entry), ERR_TOOBIG);
	free(note);
	assert_int_equal(mentoring_log_add(f->db, &f->staff, pair, "21/11/2569", "บันทึก", &entry), ERR_INVAL);
	assert_int_equal(mentoring_log_add(f->db, &f->staff, pair, "2026-11-21", " \n", &entry), ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_communities_are_alive),
		cmocka_unit_test(members_post_others_read),
		cmocka_unit_test(facilitator_powers),
		cmocka_unit_test(answers_and_notifications),
		cmocka_unit_test(thread_becomes_draft),
		cmocka_unit_test(files_on_posts),
		cmocka_unit_test(limits),
		cmocka_unit_test(mentoring_log_is_private),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
