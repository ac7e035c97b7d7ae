/* Tests of km/recognition and km/pdpa on a small organisation built by hand,
 * the workflow and the clock driven through the real domain functions:
 *
 *   one division FIN; people P1 writer (unit head), P2 reviewer (committee),
 *   P3 executive, P4 learner (staff), P5 nobody (no account); an admin
 *   without a person. Fiscal year 2569 = 2025-10-01 … 2026-09-30.
 *
 *   D1 article by P1: created 2025-11-01, reviewed by P2 2025-11-05,
 *      published 2025-11-10                                    (FY 2569)
 *   D2 article by P1 created 2025-09-20, edited by P4 2025-09-25, reviewed
 *      by P2 2025-10-01, published 2025-10-02                  (FY 2569)
 *   D3 article by P1: reviewed by P2 2025-09-28, published 2025-09-29
 *                                                              (FY 2568)
 *   D4 manual by P1: reviewed by P2 2026-01-10, approved by P3 2026-01-15
 *      (its memo), published 2026-01-20                        (FY 2569)
 *   A1 2025-12-01: P1, P4   A2 2026-03-01: P4   A3 2025-09-30 (FY 2568): P4
 *   a community thread by P4 (2026-02-01): P2's reply marked the answer,
 *   P1's reply not
 *
 *   FY 2569        published reviews answers activities  score (3/2/2/1)
 *     P1               3        0       0        1         10   rank 1
 *     P2               0        3       1        0          8   rank 2
 *     P4               1        0       0        2          5   rank 3
 *     P3               0        1       0        0          2   rank 4
 *   FY 2568: P1 3 (D3), P2 2 (its review), P4 1 (A3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/clock.h"
#include "km/account.h"
#include "km/community.h"
#include "km/doc.h"
#include "km/org.h"
#include "km/pdpa.h"
#include "km/people.h"
#include "km/recognition.h"
#include "km/secret.h"
#include "km/session.h"
#include "km/training.h"
#include "km/workflow.h"
#include "store/db.h"
#include "store/db_json.h"
#include "support/org.h"

static const struct auth_policy policy = {
	.pw_mem_mib = 46, .pw_ops = 1, .fail_account = 50, .fail_ip = 500, .window_min = 15,
	.session_idle_min = 30, .session_max_hours = 8,
};

enum { P1 = 1, P2, P3, P4, P5 };

struct fixture {
	char dir[64];
	struct db *db;
	struct actor op, admin, writer, reviewer, exec, learner;
	int64_t unit, person[6], doc[5], act[4];
};

/* 10:00 in Bangkok on that day. */
static int64_t at(int y, int m, int d)
{
	return cal_days((struct date){y, m, d}) * 86400 + 3 * 3600;
}

static int64_t person(struct fixture *f, const char *name, const char *position, const char *email)
{
	struct person_input in = PERSON_INPUT_UNCHANGED;
	in.name = name;
	in.position = position;
	in.email = email;
	in.unit_id = f->unit;
	in.start_date = "2010-05-01";
	in.active = 1;
	int64_t id = 0;
	assert_int_equal(person_create(f->db, &f->op, &in, &id), 0);
	return id;
}

static int64_t doc(struct fixture *f, const char *title, const char *kind, int64_t *rev)
{
	struct doc_input in = DOC_INPUT_EMPTY;
	in.title = title;
	in.kind = kind;
	in.unit_id = f->unit;
	in.body_md = "## ขั้นตอน\n\nตรวจสอบเอกสารก่อนเบิกจ่าย\n";
	int64_t id = 0;
	assert_int_equal(doc_create(f->db, &f->writer, &in, &id, rev), 0);
	return id;
}

static void step(struct fixture *f, const struct actor *a, int64_t id, enum wf_action action, int64_t when)
{
	clock_set_as_of(when);
	assert_int_equal(wf_apply(f->db, a, id, action, NULL, NULL), 0);
}

static int64_t activity(struct fixture *f, const char *title, const char *date)
{
	struct activity_input in = ACTIVITY_INPUT_EMPTY;
	in.title = title;
	in.kind = "training";
	in.start_date = date;
	in.end_date = date;
	in.hours = 6;
	int64_t id = 0;
	assert_int_equal(activity_create(f->db, &f->op, &in, &id), 0);
	return id;
}

static void take_part(struct fixture *f, int64_t act, int64_t who)
{
	int added = 0;
	assert_int_equal(activity_add_participants(f->db, &f->op, act, &who, 1, &added), 0);
}

/* The writer submits an article on `submit`, the reviewer reviews it on
 * `review`, the admin publishes it on `publish` (days of one month). */
static void review_and_publish(struct fixture *f, int64_t id, int y, int m, int submit, int review, int publish)
{
	step(f, &f->writer, id, WF_SUBMIT, at(y, m, submit));
	step(f, &f->reviewer, id, WF_REVIEW, at(y, m, review));
	step(f, &f->admin, id, WF_PUBLISH, at(y, m, publish));
}

static void documents(struct fixture *f)
{
	int64_t rev = 0;
	clock_set_as_of(at(2025, 11, 1));
	f->doc[1] = doc(f, "การตรวจฎีกาเบิกจ่าย", "article", &rev);
	review_and_publish(f, f->doc[1], 2025, 11, 2, 5, 10);

	clock_set_as_of(at(2025, 9, 20));
	f->doc[2] = doc(f, "การจัดเก็บภาษีป้าย", "article", &rev);
	clock_set_as_of(at(2025, 9, 25));
	struct doc_input edit = DOC_INPUT_EMPTY;
	edit.body_md = "## ขั้นตอน\n\nแจ้งผู้เสียภาษีล่วงหน้า ๓๐ วัน\n";
	edit.base_revision_id = rev;
	assert_int_equal(doc_update(f->db, &f->learner, f->doc[2], &edit, NULL), 0);
	step(f, &f->writer, f->doc[2], WF_SUBMIT, at(2025, 9, 26));
	step(f, &f->reviewer, f->doc[2], WF_REVIEW, at(2025, 10, 1));
	step(f, &f->admin, f->doc[2], WF_PUBLISH, at(2025, 10, 2));

	clock_set_as_of(at(2025, 9, 1));
	f->doc[3] = doc(f, "การควบคุมพัสดุ", "article", &rev);
	review_and_publish(f, f->doc[3], 2025, 9, 27, 28, 29);

	/* A manual also needs the executive's approval (and gets its memo). */
	clock_set_as_of(at(2026, 1, 5));
	f->doc[4] = doc(f, "คู่มือการรับชำระภาษี", "manual", &rev);
	step(f, &f->writer, f->doc[4], WF_SUBMIT, at(2026, 1, 6));
	step(f, &f->reviewer, f->doc[4], WF_REVIEW, at(2026, 1, 10));
	step(f, &f->exec, f->doc[4], WF_APPROVE, at(2026, 1, 15));
	step(f, &f->admin, f->doc[4], WF_PUBLISH, at(2026, 1, 20));
}

static void community(struct fixture *f)
{
	clock_set_as_of(at(2026, 2, 1));
	struct community_input in = COMMUNITY_INPUT_UNCHANGED;
	in.name = "ชุมชนงานคลัง";
	in.facilitator_account_id = f->reviewer.account_id;
	int64_t c = 0, thread = 0, answer = 0, other = 0;
	assert_int_equal(community_create(f->db, &f->reviewer, &in, &c), 0);
	assert_int_equal(community_join(f->db, &f->learner, c), 0);
	assert_int_equal(community_join(f->db, &f->writer, c), 0);
	assert_int_equal(community_thread_create(f->db, &f->learner, f->dir, c, "ภาษีป้ายคิดอย่างไร",
						 "ขอวิธีคำนวณภาษีป้าย", NULL, 0, &thread),
			 0);
	assert_int_equal(community_reply_add(f->db, &f->reviewer, f->dir, thread, "ตามพื้นที่ป้ายคูณอัตรา", NULL, 0, &answer), 0);
	assert_int_equal(community_reply_add(f->db, &f->writer, f->dir, thread, "ดูประกาศกระทรวง", NULL, 0, &other), 0);
	assert_int_equal(community_answer_mark(f->db, &f->learner, thread, answer), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct unit_input u = {"กองคลัง", "FIN", 0, 0, 1};
	if (!f || test_org_open("pdpa", "เทศบาลตำบลทดสอบ", f->dir, &f->db, &f->op) ||
	    unit_create(f->db, &f->op, &u, &f->unit))
		return -1;
	*state = f;
	f->person[P1] = person(f, "นายหนึ่ง ผู้เขียน", "นักวิชาการเงินและบัญชี", "one@example.org");
	f->person[P2] = person(f, "นางสอง ผู้ทบทวน", "ผู้อำนวยการกองคลัง", "two@example.org");
	f->person[P3] = person(f, "นายสาม ผู้บริหาร", "ปลัดเทศบาล", "three@example.org");
	f->person[P4] = person(f, "นางสาวสี่ ผู้เรียน", "เจ้าพนักงานการเงินและบัญชี", "four@example.org");
	f->person[P5] = person(f, "นายห้า ไม่มีบัญชี", "พนักงานจ้าง", "five@example.org");
	test_account(f->db, &f->op, "writer", ROLE_UNIT_HEAD | ROLE_STAFF, f->person[P1], &f->writer);
	test_account(f->db, &f->op, "reviewer", ROLE_COMMITTEE | ROLE_STAFF, f->person[P2], &f->reviewer);
	test_account(f->db, &f->op, "exec", ROLE_EXECUTIVE | ROLE_STAFF, f->person[P3], &f->exec);
	test_account(f->db, &f->op, "learner", ROLE_STAFF, f->person[P4], &f->learner);
	test_account(f->db, &f->op, "admin", ROLE_ADMIN | ROLE_STAFF, 0, &f->admin);
	documents(f);
	f->act[1] = activity(f, "การบัญชีภาครัฐ", "2025-12-01");
	f->act[2] = activity(f, "ระบบ e-LAAS", "2026-03-01");
	f->act[3] = activity(f, "งานสารบรรณ", "2025-09-30");
	take_part(f, f->act[1], f->person[P1]);
	take_part(f, f->act[1], f->person[P4]);
	take_part(f, f->act[2], f->person[P4]);
	take_part(f, f->act[3], f->person[P4]);
	community(f);
	clock_set_as_of(at(2026, 11, 24));
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	clock_set_as_of(0);
	int rc = test_org_close(f->db, f->dir);
	free(f);
	return rc;
}

static json_int_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The row of person `id` in a recognition list; NULL when absent. */
static json_t *row_of(json_t *list, int64_t id)
{
	size_t i;
	json_t *r;
	json_array_foreach(list, i, r)
	{
		if (num(r, "person_id") == id)
			return r;
	}
	return NULL;
}

static void expect(json_t *list, int64_t id, json_int_t published, json_int_t reviews, json_int_t answers,
		   json_int_t activities, json_int_t score, json_int_t rank)
{
	json_t *r = row_of(list, id);
	assert_non_null(r);
	assert_int_equal(num(r, "published"), published);
	assert_int_equal(num(r, "reviews"), reviews);
	assert_int_equal(num(r, "answers"), answers);
	assert_int_equal(num(r, "activities"), activities);
	assert_int_equal(num(r, "score"), score);
	assert_int_equal(num(r, "rank"), rank);
}

static void recognition_counts_by_hand(void **state)
{
	struct fixture *f = *state;
	json_t *list = NULL;
	assert_int_equal(recognition_list(f->db, &f->learner, 2569, &list), 0);
	assert_int_equal(json_array_size(list), 4);
	expect(list, f->person[P1], 3, 0, 0, 1, 10, 1);
	expect(list, f->person[P2], 0, 3, 1, 0, 8, 2);
	expect(list, f->person[P4], 1, 0, 0, 2, 5, 3);
	expect(list, f->person[P3], 0, 1, 0, 0, 2, 4);
	assert_int_equal(num(json_array_get(list, 0), "person_id"), f->person[P1]); /* best first */
	assert_null(row_of(list, f->person[P5]));
	/* Names and positions only: no e-mail, dates or logins. */
	char *text = json_dumps(list, 0);
	assert_null(strstr(text, "@example.org"));
	assert_null(strstr(text, "2010-05-01"));
	assert_null(strstr(text, "writer"));
	assert_non_null(strstr(text, "ผู้อำนวยการกองคลัง"));
	free(text);
	json_decref(list);

	assert_int_equal(recognition_list(f->db, &f->learner, 2568, &list), 0);
	assert_int_equal(json_array_size(list), 3);
	expect(list, f->person[P1], 1, 0, 0, 0, 3, 1);
	expect(list, f->person[P2], 0, 1, 0, 0, 2, 2);
	expect(list, f->person[P4], 0, 0, 0, 1, 1, 3);
	json_decref(list);

	json_t *one = NULL;
	assert_int_equal(recognition_person(f->db, &f->learner, f->person[P5], 2569, &one), 0);
	assert_int_equal(num(one, "score"), 0);
	json_decref(one);
	struct actor public_ = {.org_id = f->op.org_id};
	assert_int_equal(recognition_list(f->db, &public_, 2569, &list), ERR_UNAUTH);
	assert_int_equal(recognition_list(f->db, &f->learner, 1999, &list), ERR_INVAL);
}

static void certificates(void **state)
{
	struct fixture *f = *state;
	struct buf pdf;
	buf_init(&pdf, 16 << 20);
	/* Staff may not; nobody gets one for a year without contributions. */
	assert_int_equal(recognition_certificate_pdf(f->db, &f->learner, f->person[P1], 2569, NULL, NULL, &pdf),
			 ERR_FORBIDDEN);
	assert_int_equal(recognition_certificate_pdf(f->db, &f->admin, f->person[P5], 2569, NULL, NULL, &pdf),
			 ERR_CONFLICT);
	/* The default signer is the executive. */
	json_t *signer = NULL;
	assert_int_equal(recognition_default_signer(f->db, &f->admin, &signer), 0);
	assert_string_equal(json_string_value(json_object_get(signer, "name")), "นายสาม ผู้บริหาร");
	json_decref(signer);
	assert_int_equal(recognition_certificate_pdf(f->db, &f->reviewer, f->person[P4], 2569, NULL, NULL, &pdf), 0);
	assert_memory_equal(pdf.p, "%PDF-", 5);
	buf_reset(&pdf);
	assert_int_equal(recognition_certificate_pdf(f->db, &f->admin, f->person[P1], 2569, "นายเจ็ด นายกเทศมนตรี",
						     "นายกเทศมนตรีตำบลทดสอบ", &pdf),
			 0);
	buf_release(&pdf);
	int64_t n = 0;
	assert_int_equal(db_query_int(f->db,
				      "SELECT count(*) FROM audit_events WHERE action = 'recognition.certificate'"
				      " AND target_id IN ($1, $2)",
				      DB_ARGS(DB_INT(f->person[P4]), DB_INT(f->person[P1])), &n),
			 0);
	assert_int_equal(n, 2);
}

static bool holds(json_t *v, const char *needle)
{
	char *text = json_dumps(v, 0);
	bool found = strstr(text, needle) != NULL;
	free(text);
	return found;
}

static int64_t events(struct fixture *f, const char *action, int64_t target)
{
	int64_t n = 0;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action = $1 AND target_id = $2",
				      DB_ARGS(DB_TEXT(action), DB_INT(target)), &n),
			 0);
	return n;
}

static void export_own_admin_other(void **state)
{
	struct fixture *f = *state;
	char token[SECRET_TOKEN_LEN + 1], csrf[SECRET_TOKEN_LEN + 1];
	snprintf(f->learner.ip, sizeof f->learner.ip, "192.0.2.44");
	assert_int_equal(session_create(f->db, &policy, &f->learner, NULL, token, csrf), 0);
	json_t *x = NULL;
	assert_int_equal(pdpa_export(f->db, &f->learner, f->person[P4], "json", &x), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(x, "person"), "name")), "นางสาวสี่ ผู้เรียน");
	assert_string_equal(json_string_value(json_object_get(json_object_get(x, "export"), "by")), "self");
	static const struct {
		const char *section;
		size_t rows;
	} want[] = {{"accounts", 1}, {"roles", 1}, {"sessions", 1}, {"documents", 1}, {"revisions", 1},
		    {"transitions", 0}, {"activities", 3}, {"communities", 1}, {"threads", 1}, {"replies", 0},
		    {"job_lines", 0}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		json_t *rows = json_object_get(x, want[i].section);
		if (!json_is_array(rows) || json_array_size(rows) != want[i].rows)
			fail_msg("section %s: %zu rows, want %zu", want[i].section, json_array_size(rows), want[i].rows);
	}
	json_t *session = json_array_get(json_object_get(x, "sessions"), 0);
	assert_string_equal(json_string_value(json_object_get(session, "ip")), "192.0.2.44");
	assert_true(json_is_string(json_object_get(session, "created_at"))); /* ISO 8601 */
	assert_true(json_array_size(json_object_get(x, "audit")) >= 1);      /* doc.update and more */
	/* Theirs, and nobody else's: no secrets, no other person's e-mail or login. */
	assert_true(holds(x, "four@example.org"));
	assert_true(holds(x, "192.0.2.44"));
	assert_false(holds(x, "pass_hash") || holds(x, "token_hash") || holds(x, token) || holds(x, csrf));
	assert_false(holds(x, "one@example.org") || holds(x, "\"writer\"") || holds(x, "ตามพื้นที่ป้ายคูณอัตรา"));
	json_decref(x);
	assert_int_equal(events(f, "person.export", f->person[P4]), 1);

	/* Another's: refused to staff, given to admins, audited. */
	assert_int_equal(pdpa_export(f->db, &f->learner, f->person[P1], "json", &x), ERR_FORBIDDEN);
	assert_int_equal(pdpa_export(f->db, &f->reviewer, f->person[P1], "json", &x), ERR_FORBIDDEN);
	assert_int_equal(pdpa_export(f->db, &f->admin, f->person[P1], "csv", &x), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(x, "export"), "by")), "admin");
	assert_int_equal(json_array_size(json_object_get(x, "transitions")), 4); /* submits */
	assert_int_equal(json_array_size(json_object_get(x, "replies")), 1);
	assert_false(holds(x, "four@example.org"));
	json_decref(x);
	assert_int_equal(events(f, "person.export", f->person[P1]), 1);
	assert_int_equal(pdpa_export(f->db, &f->admin, 999999, "json", &x), ERR_NOTFOUND);
}

static void anonymise_a_departed_person(void **state)
{
	struct fixture *f = *state;
	json_t *done = NULL;
	/* Only admins, only with confirmation, only people who have left. */
	assert_int_equal(pdpa_anonymise(f->db, &f->learner, f->person[P1], true, &done), ERR_FORBIDDEN);
	assert_int_equal(pdpa_anonymise(f->db, &f->admin, f->person[P1], false, &done), ERR_INVAL);
	assert_int_equal(pdpa_anonymise(f->db, &f->admin, f->person[P1], true, &done), ERR_CONFLICT);
	struct person_input left = PERSON_INPUT_UNCHANGED;
	left.active = 0;
	assert_int_equal(person_update(f->db, &f->op, f->person[P1], &left), 0);
	assert_int_equal(pdpa_anonymise(f->db, &f->admin, f->person[P1], true, &done), 0);
	const char *label = "อดีตบุคลากร (ตำแหน่ง นักวิชาการเงินและบัญชี)";
	assert_string_equal(json_string_value(json_object_get(done, "name")), label);
	assert_int_equal(num(done, "accounts"), 1);
	json_decref(done);

	/* The record: the label, the position kept, e-mail and dates gone. */
	json_t *p = NULL;
	assert_int_equal(db_query_json_one(f->db, "SELECT name, position, email, start_date FROM people WHERE id = $1",
					   DB_ARGS(DB_INT(f->person[P1])), &p),
			 0);
	assert_string_equal(json_string_value(json_object_get(p, "name")), label);
	assert_string_equal(json_string_value(json_object_get(p, "position")), "นักวิชาการเงินและบัญชี");
	assert_string_equal(json_string_value(json_object_get(p, "email")), "");
	assert_true(json_is_null(json_object_get(p, "start_date")));
	json_decref(p);
	/* The account: disabled, its login neutral, its id kept. */
	json_t *acc = NULL;
	assert_int_equal(db_query_json_one(f->db, "SELECT login, disabled, pass_hash FROM accounts WHERE id = $1",
					   DB_ARGS(DB_INT(f->writer.account_id)), &acc),
			 0);
	char anon[32];
	snprintf(anon, sizeof anon, "anon-%lld", (long long)f->writer.account_id);
	assert_string_equal(json_string_value(json_object_get(acc, "login")), anon);
	assert_int_equal(num(acc, "disabled"), 1);
	json_decref(acc);
	/* The knowledge stays, attributed to the position. */
	json_t *d = NULL;
	assert_int_equal(doc_get(f->db, &f->admin, f->doc[1], 0, &d), 0);
	assert_true(holds(json_object_get(d, "authors"), label));
	assert_false(holds(d, "นายหนึ่ง"));
	json_decref(d);
	json_t *w = NULL;
	assert_int_equal(wf_status(f->db, &f->admin, f->doc[4], &w), 0);
	assert_true(holds(json_object_get(w, "history"), label));
	assert_false(holds(json_object_get(w, "history"), "นายหนึ่ง"));
	json_decref(w);
	json_t *list = NULL;
	assert_int_equal(recognition_list(f->db, &f->learner, 2569, &list), 0);
	assert_string_equal(json_string_value(json_object_get(row_of(list, f->person[P1]), "name")), label);
	json_decref(list);
	/* The approval memo is frozen evidence: the submitter's name stays. */
	int64_t kept = 0;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM approval_memos WHERE document_id = $1 AND submitter_name = $2",
				      DB_ARGS(DB_INT(f->doc[4]), DB_TEXT("นายหนึ่ง ผู้เขียน")), &kept),
			 0);
	assert_int_equal(kept, 1);
	/* Nowhere else. */
	static const char *const copies[] = {
		"SELECT count(*) FROM document_revisions WHERE author_name = $1",
		"SELECT count(*) FROM document_transitions WHERE actor_name = $1",
		"SELECT count(*) FROM community_replies WHERE author_name = $1",
		"SELECT count(*) FROM notifications WHERE actor_name = $1",
		"SELECT count(*) FROM people WHERE name = $1",
	};
	for (size_t i = 0; i < sizeof copies / sizeof copies[0]; i++) {
		int64_t n = -1;
		assert_int_equal(db_query_int(f->db, copies[i], DB_ARGS(DB_TEXT("นายหนึ่ง ผู้เขียน")), &n), 0);
		if (n)
			fail_msg("%s: %lld left", copies[i], (long long)n);
	}
	/* Audited, without the old name; again changes nothing more. */
	assert_int_equal(events(f, "person.anonymise", f->person[P1]), 1);
	int64_t named = 0;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action = 'person.anonymise' AND detail LIKE $1",
				      DB_ARGS(DB_TEXT("%นายหนึ่ง%")), &named),
			 0);
	assert_int_equal(named, 0);
	assert_int_equal(pdpa_anonymise(f->db, &f->admin, f->person[P1], true, NULL), 0);
	json_t *x = NULL;
	assert_int_equal(pdpa_export(f->db, &f->admin, f->person[P1], "json", &x), 0);
	assert_false(holds(x, "one@example.org") || holds(x, "นายหนึ่ง"));
	json_decref(x);
	/* One's own record never. */
	struct actor self = f->admin;
	self.person_id = f->person[P5];
	left.active = 0;
	assert_int_equal(person_update(f->db, &f->op, f->person[P5], &left), 0);
	assert_int_equal(pdpa_anonymise(f->db, &self, f->person[P5], true, NULL), ERR_CONFLICT);
}

static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, sql, DB_NOARGS, &n), 0);
	return n;
}

static void purge_by_date_with_dry_run(void **state)
{
	struct fixture *f = *state;
	struct pdpa_purge p;
	assert_int_equal(pdpa_training_purge(f->db, &f->admin, 10, false, &p), ERR_FORBIDDEN);
	assert_int_equal(pdpa_training_purge(f->db, &f->op, 0, false, &p), ERR_INVAL);
	/* On 2036-01-01 ten years reach back to 2026-01-01: A3 (2025-09-30) and
	 * A1 (2025-12-01) are older, A2 (2026-03-01) is not. */
	clock_set_as_of(at(2036, 1, 1));
	int64_t before = count(f, "SELECT count(*) FROM activity_participants");
	assert_int_equal(pdpa_training_purge(f->db, &f->op, 10, true, &p), 0);
	assert_string_equal(p.cutoff, "2026-01-01");
	assert_int_equal(p.participants, 3);
	assert_int_equal(p.activities, 2);
	assert_int_equal(p.orgs, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM activity_participants"), before);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_events WHERE action = 'training.purge'"), 0);
	assert_int_equal(pdpa_training_purge(f->db, &f->op, 10, false, &p), 0);
	assert_int_equal(p.participants, 3);
	assert_int_equal(count(f, "SELECT count(*) FROM activity_participants"), before - 3);
	assert_int_equal(count(f, "SELECT count(*) FROM activities"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_events WHERE action = 'training.purge'"), 1);
	/* Nothing left to purge; 29 February reaches back to the 28th. */
	assert_int_equal(pdpa_training_purge(f->db, &f->op, 10, false, &p), 0);
	assert_int_equal(p.participants + p.activities + p.orgs, 0);
	clock_set_as_of(at(2028, 2, 29));
	assert_int_equal(pdpa_training_purge(f->db, &f->op, 1, true, &p), 0);
	assert_string_equal(p.cutoff, "2027-02-28");
	clock_set_as_of(0);
}

static void labels(void **state)
{
	(void)state;
	char out[256], small[80];
	pdpa_label("นิติกร", out, sizeof out);
	assert_string_equal(out, "อดีตบุคลากร (ตำแหน่ง นิติกร)");
	pdpa_label("", out, sizeof out);
	assert_string_equal(out, "อดีตบุคลากร");
	/* Too long for the room: whole characters cut, the bracket kept. */
	pdpa_label("นักวิชาการคอมพิวเตอร์ชำนาญการพิเศษ", small, sizeof small);
	assert_true(strlen(small) < sizeof small);
	assert_int_equal(strncmp(small, "อดีตบุคลากร (ตำแหน่ง นัก", strlen("อดีตบุคลากร (ตำแหน่ง นัก")), 0);
	assert_int_equal(small[strlen(small) - 1], ')');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(recognition_counts_by_hand, setup, teardown),
		cmocka_unit_test_setup_teardown(certificates, setup, teardown),
		cmocka_unit_test_setup_teardown(export_own_admin_other, setup, teardown),
		cmocka_unit_test_setup_teardown(anonymise_a_departed_person, setup, teardown),
		cmocka_unit_test_setup_teardown(purge_by_date_with_dry_run, setup, teardown),
		cmocka_unit_test(labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
