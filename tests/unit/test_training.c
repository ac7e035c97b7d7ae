/* Tests of km/training: activities and who may record them, participants,
 * the report that becomes a training-lessons draft, a person's history (and
 * its view in the audit trail), and KPI 2 on a small organisation whose
 * numbers were worked out by hand:
 *
 *   job lines  JL1 finance, JL2 legal, JL3 civil works, JL4 clerk, JL5 (held
 *              by a contract worker only)
 *   P1  municipal employee, JL1 since 2015
 *   P2  municipal employee, JL2 since 2015
 *   P3  municipal employee, JL4 until 2023-04-01, then JL3
 *   P4  contract worker, JL5
 *   P5  municipal employee, JL4, started 2023-06-01
 *   A1  2023-09-30 (FY 2566): P1, P4     A2  2023-10-01 (FY 2567): P2
 *   A3  2023-02-01 (FY 2566): P3 (then JL4)   A4  2023-05-01 (FY 2566): P3 (then JL3)
 *
 *   FY 2566: lines held by municipal employees JL1 JL2 JL3 JL4 = 4; developed
 *            JL1 (A1) JL4 (A3) JL3 (A4) = 3 → 75.0%; JL5 counts nowhere
 *   FY 2567: JL1 JL2 JL3 JL4 = 4; developed JL2 (A2) = 1 → 25.0%
 *   FY 2565: JL1 JL2 JL4 (P5 not yet there, P3 on JL4) = 3; none → 0%
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "km/account.h"
#include "km/doc.h"
#include "km/org.h"
#include "km/people.h"
#include "km/secret.h"
#include "km/training.h"
#include "search/search.h"
#include "store/db.h"
#include "store/db_json.h"
#include "store/migrate.h"
#include "support/support.h"

static const struct auth_policy policy = {.pw_mem_mib = 46, .pw_ops = 1};

struct fixture {
	char dir[64];
	struct db *db;
	struct actor op, head, other_head, p1, p2;
	int64_t line[6], person[6], act[5], unit;
};

static int64_t person(struct fixture *f, const char *name, int64_t line, const char *type, const char *start)
{
	struct person_input in = PERSON_INPUT_UNCHANGED;
	in.name = name;
	in.unit_id = f->unit;
	in.job_line_id = line;
	in.employment_type = type;
	in.start_date = start;
	in.active = 1;
	int64_t id = 0;
	assert_int_equal(person_create(f->db, &f->op, &in, &id), 0);
	return id;
}

static void account(struct fixture *f, const char *login, unsigned roles, int64_t person_id, struct actor *out)
{
	int64_t id = 0;
	assert_int_equal(account_create(f->db, &f->op, &policy, login, NULL, roles, NULL, person_id, &id), 0);
	assert_int_equal(account_load_actor(f->db, id, out), 0);
}

static int64_t activity(struct fixture *f, const struct actor *a, const char *title, const char *start)
{
	struct activity_input in = ACTIVITY_INPUT_EMPTY;
	in.title = title;
	in.kind = "training";
	in.start_date = start;
	in.end_date = start;
	in.hours = 6;
	int64_t id = 0;
	assert_int_equal(activity_create(f->db, a, &in, &id), 0);
	return id;
}

static void add(struct fixture *f, int64_t act, int64_t who)
{
	int added = 0;
	assert_int_equal(activity_add_participants(f->db, &f->op, act, &who, 1, &added), 0);
	assert_int_equal(added, 1);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/klang-training-XXXXXX");
	if (!mkdtemp(f->dir) || secret_init())
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/k.db", f->dir);
	int64_t org = 0;
	authz_operator(&f->op, 0);
	if (db_open(path, &f->db) || db_migrate(f->db, NULL) || search_schema(f->db) ||
	    org_create(f->db, &f->op, "t", "เทศบาลทดสอบ", "", "", &org))
		return -1;
	authz_operator(&f->op, org);
	struct unit_input u = {"กองคลัง", "FIN", 0, 0, 1}, u2 = {"กองช่าง", "ENG", 0, 1, 1};
	int64_t eng = 0;
	if (unit_create(f->db, &f->op, &u, &f->unit) || unit_create(f->db, &f->op, &u2, &eng))
		return -1;
	static const char *const names[] = {"", "นักวิชาการเงินและบัญชี", "นิติกร", "นายช่างโยธา", "เจ้าพนักงานธุรการ",
					    "พนักงานขับรถยนต์"};
	for (int i = 1; i <= 5; i++) {
		char code[8];
		snprintf(code, sizeof code, "JL%d", i);
		if (jobline_create(f->db, &f->op, code, names[i], &f->line[i]))
			return -1;
	}
	*state = f;
	f->person[1] = person(f, "นายหนึ่ง ทดสอบ", f->line[1], "municipal_employee", "2015-01-01");
	f->person[2] = person(f, "นางสองสาม ทดสอบ", f->line[2], "municipal_employee", "2015-01-01");
	f->person[3] = person(f, "นายสาม ทดสอบ", f->line[4], "municipal_employee", "2010-01-01");
	f->person[4] = person(f, "นายสี่ ทดสอบ", f->line[5], "contract_worker", "2018-01-01");
	f->person[5] = person(f, "นางสาวห้า ทดสอบ", f->line[4], "municipal_employee", "2023-06-01");
	struct person_input move = PERSON_INPUT_UNCHANGED;
	move.job_line_id = f->line[3];
	move.job_line_since = "2023-04-01";
	assert_int_equal(person_update(f->db, &f->op, f->person[3], &move), 0);
	account(f, "head", ROLE_UNIT_HEAD | ROLE_STAFF, f->person[2], &f->head);
	account(f, "head2", ROLE_UNIT_HEAD | ROLE_STAFF, 0, &f->other_head);
	account(f, "p1", ROLE_STAFF, f->person[1], &f->p1);
	f->act[1] = activity(f, &f->op, "การบัญชีภาครัฐ", "2023-09-30");
	f->act[2] = activity(f, &f->op, "กฎหมายปกครอง", "2023-10-01");
	f->act[3] = activity(f, &f->op, "งานสารบรรณ", "2023-02-01");
	f->act[4] = activity(f, &f->op, "การควบคุมงานก่อสร้าง", "2023-05-01");
	add(f, f->act[1], f->person[1]);
	add(f, f->act[1], f->person[4]);
	add(f, f->act[2], f->person[2]);
	add(f, f->act[3], f->person[3]);
	add(f, f->act[4], f->person[3]);
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

static json_t *line_of(json_t *kpi, int64_t id)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(kpi, "job_lines"), i, l) if (json_integer_value(json_object_get(l, "id")) == id) return l;
	return NULL;
}

static void kpi2_by_hand(void **state)
{
	struct fixture *f = *state;
	json_t *k = NULL;
	assert_int_equal(training_development(f->db, &f->p1, 2566, &k), 0);
	assert_int_equal(json_integer_value(json_object_get(k, "numerator")), 3);
	assert_int_equal(json_integer_value(json_object_get(k, "denominator")), 4);
	assert_true(json_real_value(json_object_get(k, "value")) == 75.0);
	assert_true(json_is_true(json_object_get(line_of(k, f->line[1]), "developed"))); /* 30 September: FY 2566 */
	assert_true(json_is_true(json_object_get(line_of(k, f->line[3]), "developed"))); /* after the move */
	assert_true(json_is_true(json_object_get(line_of(k, f->line[4]), "developed"))); /* before it */
	assert_false(json_is_true(json_object_get(line_of(k, f->line[2]), "developed")));
	assert_null(line_of(k, f->line[5])); /* a contract worker's line */
	/* P3 counts once per line, with the activity that did it. */
	json_t *who = json_object_get(line_of(k, f->line[4]), "developed_people");
	assert_int_equal(json_array_size(who), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(who, 0), "activity_id")), f->act[3]);
	json_decref(k);
	assert_int_equal(training_development(f->db, &f->p1, 2567, &k), 0);
	assert_int_equal(json_integer_value(json_object_get(k, "numerator")), 1); /* 1 October: FY 2567 */
	assert_int_equal(json_integer_value(json_object_get(k, "denominator")), 4);
	assert_true(json_real_value(json_object_get(k, "value")) == 25.0);
	json_decref(k);
	assert_int_equal(training_development(f->db, &f->p1, 2565, &k), 0);
	assert_int_equal(json_integer_value(json_object_get(k, "numerator")), 0);
	assert_int_equal(json_integer_value(json_object_get(k, "denominator")), 3);
	assert_true(json_real_value(json_object_get(k, "value")) == 0.0);
	json_decref(k);
	assert_int_equal(training_development(f->db, &f->p1, 1999, &k), ERR_INVAL);
	struct actor public_ = {.org_id = f->op.org_id};
	assert_int_equal(training_development(f->db, &public_, 2566, &k), ERR_UNAUTH);
}

static void who_records(void **state)
{
	struct fixture *f = *state;
	struct activity_input in = ACTIVITY_INPUT_EMPTY;
	in.title = "สัมมนา";
	in.kind = "seminar";
	in.start_date = "2024-03-02";
	in.end_date = "2024-03-01";
	int64_t id = 0;
	assert_int_equal(activity_create(f->db, &f->p1, &in, &id), ERR_FORBIDDEN); /* staff */
	assert_int_equal(activity_create(f->db, &f->head, &in, &id), ERR_INVAL); /* ends before it starts */
	assert_string_equal(err_last()->field, "end_date");
	in.end_date = "2024-03-03";
	in.kind = "party";
	assert_int_equal(activity_create(f->db, &f->head, &in, &id), ERR_INVAL);
	in.kind = "seminar";
	in.hours = 20000;
	assert_int_equal(activity_create(f->db, &f->head, &in, &id), ERR_INVAL);
	in.hours = 6;
	assert_int_equal(activity_create(f->db, &f->head, &in, &id), 0);
	json_t *a = NULL;
	assert_int_equal(activity_get(f->db, &f->p1, id, &a), 0);
	assert_int_equal(json_integer_value(json_object_get(a, "fy")), 2567);
	assert_false(json_is_true(json_object_get(a, "can_edit")));
	json_decref(a);
	/* Its creator adds people; another unit head may not; nobody foreign. */
	int added = 0;
	assert_int_equal(activity_add_participants(f->db, &f->other_head, id, &f->person[1], 1, &added), ERR_FORBIDDEN);
	int64_t two[] = {f->person[1], f->person[5]};
	int64_t told = 0, told_after = 0;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM notifications WHERE kind = 'report_due'", DB_NOARGS, &told), 0);
	assert_int_equal(activity_add_participants(f->db, &f->head, id, two, 2, &added), 0);
	assert_int_equal(added, 2);
	/* P1 has an account and is told of the report; P5 has none. */
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM notifications WHERE kind = 'report_due'", DB_NOARGS, &told_after), 0);
	assert_int_equal(told_after, told + 1);
	assert_int_equal(activity_add_participants(f->db, &f->head, id, two, 2, &added), 0);
	assert_int_equal(added, 0); /* already there */
	int64_t nobody = 999999;
	assert_int_equal(activity_add_participants(f->db, &f->head, id, &nobody, 1, &added), ERR_INVAL);
	int64_t many[TRAINING_PARTICIPANTS_MAX + 1] = {0};
	assert_int_equal(activity_add_participants(f->db, &f->head, id, many, TRAINING_PARTICIPANTS_MAX + 1, &added),
			 ERR_TOOBIG);
	/* Moving the start moves the fiscal year. */
	struct activity_input move = ACTIVITY_INPUT_EMPTY;
	move.start_date = "2024-09-30";
	assert_int_equal(activity_update(f->db, &f->head, id, &move), ERR_INVAL); /* after the end */
	move.end_date = "2024-09-30";
	assert_int_equal(activity_update(f->db, &f->head, id, &move), 0);
	assert_int_equal(activity_get(f->db, &f->head, id, &a), 0);
	assert_int_equal(json_integer_value(json_object_get(a, "fy")), 2567);
	json_decref(a);
	assert_int_equal(activity_remove_participant(f->db, &f->head, id, f->person[5]), 0);
	assert_int_equal(activity_remove_participant(f->db, &f->head, id, f->person[5]), 0); /* gone already */
	assert_int_equal(activity_remove_participant(f->db, &f->other_head, id, f->person[1]), ERR_FORBIDDEN);
}

static void reports_and_history(void **state)
{
	struct fixture *f = *state;
	json_t *due = NULL;
	assert_int_equal(training_reports_due(f->db, &f->p1, &due), 0);
	assert_true(json_array_size(due) >= 1);
	json_decref(due);
	struct training_report rep = {"หลักการบัญชีเกณฑ์คงค้าง", "ปรับการบันทึกบัญชีของกอง", NULL};
	int64_t doc = 0;
	assert_int_equal(activity_file_report(f->db, &f->head, f->act[1], &rep, &doc), ERR_FORBIDDEN); /* not there */
	struct training_report empty = {"", "x", NULL};
	assert_int_equal(activity_file_report(f->db, &f->p1, f->act[1], &empty, &doc), ERR_INVAL);
	assert_int_equal(activity_file_report(f->db, &f->p1, f->act[1], &rep, &doc), 0);
	assert_int_equal(activity_file_report(f->db, &f->p1, f->act[1], &rep, &doc), ERR_CONFLICT);
	/* The report is a training-lessons draft of P1's unit, theirs to submit. */
	json_t *d = NULL;
	assert_int_equal(doc_get(f->db, &f->p1, doc, 0, &d), 0);
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "training_lessons");
	assert_string_equal(json_string_value(json_object_get(d, "status")), "draft");
	assert_true(json_is_true(json_object_get(d, "can_edit")));
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(d, "revision"), "body_md")),
			       "หลักการบัญชีเกณฑ์คงค้าง"));
	json_decref(d);
	/* A filed report keeps its participant. */
	assert_int_equal(activity_remove_participant(f->db, &f->op, f->act[1], f->person[1]), ERR_CONFLICT);
	/* History by fiscal year; another's is a recorded view. */
	json_t *h = NULL;
	int64_t before = 0, after = 0;
	assert_int_equal(training_person(f->db, &f->p1, f->person[1], &h), 0);
	assert_int_equal(json_array_size(h), 2); /* FY 2567 (who_records' seminar), then 2566 */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(h, 0), "fy")), 2567);
	json_t *y2566 = json_array_get(h, 1);
	assert_int_equal(json_integer_value(json_object_get(y2566, "fy")), 2566);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(y2566, "activities"), 0), "id")),
			 f->act[1]);
	assert_true(json_real_value(json_object_get(y2566, "hours")) == 6.0);
	json_decref(h);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action = 'person.view'", DB_NOARGS, &before), 0);
	assert_int_equal(training_person(f->db, &f->p1, f->person[3], &h), 0);
	assert_int_equal(json_array_size(json_object_get(json_array_get(h, 0), "activities")), 2);
	json_decref(h);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action = 'person.view'", DB_NOARGS, &after), 0);
	assert_int_equal(after, before + 1);
}

/* The evidence of attendance: a PDF or an image, the participant's own or
 * attached by whoever records the activity; another's is a recorded view. */
static void certificates(void **state)
{
	struct fixture *f = *state;
	char root[96];
	snprintf(root, sizeof root, "%s/files", f->dir);
	static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
	assert_int_equal(activity_certificate_set(f->db, &f->p1, root, f->act[1], f->person[1], "วุฒิบัตร.txt", "hello\n", 6),
			 ERR_INVAL); /* text is no certificate */
	assert_int_equal(activity_certificate_set(f->db, &f->other_head, root, f->act[1], f->person[1], "c.pdf", pdf,
						  sizeof pdf - 1),
			 ERR_FORBIDDEN);
	assert_int_equal(activity_certificate_set(f->db, &f->p1, root, f->act[2], f->person[2], "c.pdf", pdf, sizeof pdf - 1),
			 ERR_FORBIDDEN); /* someone else's, and not an editor */
	assert_int_equal(activity_certificate_set(f->db, &f->op, root, f->act[2], f->person[1], "c.pdf", pdf, sizeof pdf - 1),
			 ERR_NOTFOUND); /* not a participant of it */
	json_t *row = NULL;
	assert_int_equal(activity_certificate_get(f->db, &f->p1, f->act[1], f->person[1], &row), ERR_NOTFOUND);
	assert_int_equal(activity_certificate_set(f->db, &f->p1, root, f->act[1], f->person[1], "วุฒิบัตร.pdf", pdf,
						  sizeof pdf - 1),
			 0);
	assert_int_equal(activity_certificate_get(f->db, &f->p1, f->act[1], f->person[1], &row), 0);
	assert_string_equal(json_string_value(json_object_get(row, "kind")), "pdf");
	assert_string_equal(json_string_value(json_object_get(row, "filename")), "วุฒิบัตร.pdf");
	assert_int_equal(strlen(json_string_value(json_object_get(row, "sha256"))), 64);
	json_decref(row);
	assert_int_equal(activity_certificate_get(f->db, &f->other_head, f->act[1], f->person[1], &row), ERR_FORBIDDEN);
	int64_t before = 0, after = 0;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action = 'person.view'", DB_NOARGS, &before), 0);
	assert_int_equal(activity_certificate_get(f->db, &f->op, f->act[1], f->person[1], &row), 0);
	json_decref(row);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action = 'person.view'", DB_NOARGS, &after), 0);
	assert_int_equal(after, before + 1);
	json_t *a = NULL;
	assert_int_equal(activity_get(f->db, &f->p1, f->act[1], &a), 0);
	size_t i;
	json_t *p;
	int with = 0, without = 0;
	json_array_foreach(json_object_get(a, "participants"), i, p)
	{
		bool has = json_integer_value(json_object_get(p, "has_certificate")) == 1;
		if (json_integer_value(json_object_get(p, "person_id")) == f->person[1])
			with += has;
		else
			without += !has;
	}
	assert_int_equal(with, 1);
	assert_int_equal(without, 1); /* P4 has none */
	json_decref(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kpi2_by_hand),
		cmocka_unit_test(who_records),
		cmocka_unit_test(reports_and_history),
		cmocka_unit_test(certificates),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
