/*
 * test_training: staff development over HTTP, the real binary on loopback
 * with the demo organisation. Who records activities (unit heads, the
 * committee, admins: 201; staff and executives: 403), bad input (400 with
 * the field), participants in bulk and their limits, the report a
 * participant files becoming a training-lessons draft they may submit, the
 * certificate a participant attaches,
 * KPI 2 moving when a job line's first municipal employee is developed, a
 * person's history (theirs, or another's as an audited view), the pages,
 * and CSRF on the session path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct h_server *srv;

static long long num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}


static long long make_activity(struct h_client *c, const char *title, const char *start)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"title\":\"%s\",\"kind\":\"training\",\"start_date\":\"%s\",\"end_date\":\"%s\",\"hours\":\"6\","
		 "\"provider\":\"สถาบันพัฒนาบุคลากรท้องถิ่น\"}",
		 title, start, start);
	h_post_json(c, "/api/v1/activities", body, NULL);
	json_t *a = h_json_answer(c, 201);
	long long id = num(a, "id");
	json_decref(a);
	return id;
}

static void who_records(void **state)
{
	(void)state;
	const char *body = "{\"title\":\"อบรมทดสอบ\",\"kind\":\"seminar\",\"start_date\":\"2026-10-10\",\"end_date\":\"2026-10-10\"}";
	static const struct {
		enum h_role role;
		long status;
	} cases[] = {{H_STAFF, 403}, {H_EXECUTIVE, 403}, {H_UNITHEAD, 201}, {H_COMMITTEE, 201}, {H_ADMIN, 201}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct h_client *c = h_role_client(srv, cases[i].role);
		h_post_json(c, "/api/v1/activities", body, NULL);
		assert_status(c, cases[i].status);
	}
	struct h_client *head = h_role_client(srv, H_UNITHEAD);
	h_post_json(head, "/api/v1/activities",
		    "{\"title\":\"x\",\"kind\":\"seminar\",\"start_date\":\"2026-10-10\",\"end_date\":\"2026-10-09\"}", NULL);
	h_expect_error(head, 400, "invalid", "end_date");
	h_post_json(head, "/api/v1/activities",
		    "{\"title\":\"x\",\"kind\":\"party\",\"start_date\":\"2026-10-10\",\"end_date\":\"2026-10-10\"}", NULL);
	h_expect_error(head, 400, "invalid", "kind");
	h_post_json(head, "/api/v1/activities",
		    "{\"title\":\"x\",\"kind\":\"seminar\",\"start_date\":\"2026-10-10\",\"end_date\":\"2026-10-10\",\"hours\":\"-3\"}",
		    NULL);
	h_expect_error(head, 400, "invalid", "hours");
	struct h_client *pub = h_client_new(srv);
	h_post_json(pub, "/api/v1/activities", body, NULL);
	assert_status(pub, 401);
}

/* A job line no municipal employee of it had developed this year moves KPI
 * 2 by one when one of them takes part; the participant files the report,
 * which becomes a training-lessons draft they may submit. */
static void kpi2_moves_and_the_report_becomes_a_draft(void **state)
{
	(void)state;
	struct h_client *admin = h_role_client(srv, H_ADMIN), *staff = h_role_client(srv, H_STAFF);
	/* FY 2568 (1 Oct 2024 – 30 Sep 2025): an undeveloped job line held by
	 * a municipal employee, and one of its people. */
	h_get(admin, "/api/v1/development?fy=2568");
	json_t *k = h_json_answer(admin, 200);
	long long before = num(k, "numerator"), den = num(k, "denominator"), line = 0, who = 0;
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(k, "job_lines"), i, l) if (!line && !json_is_true(json_object_get(l, "developed"))) line = num(l, "id");
	json_decref(k);
	assert_true(line > 0 && den > before);
	who = h_db_number(srv,
			  "SELECT h.person_id FROM person_job_lines h JOIN people p ON p.id = h.person_id"
			  " WHERE h.job_line_id = ?1 AND p.employment_type = 'municipal_employee'"
			  " AND h.from_date <= '2024-11-15' AND (h.to_date IS NULL OR h.to_date > '2024-11-15') LIMIT 1",
			  NULL, line);
	assert_true(who > 0);
	long long act = make_activity(admin, "การบริหารความเสี่ยงในองค์กร", "2024-11-15");
	char path[96], body[160];
	snprintf(path, sizeof path, "/api/v1/activities/%lld/participants", act);
	snprintf(body, sizeof body, "{\"person_ids\":[%lld,%lld]}", who, h_role_person(srv, H_STAFF));
	h_post_json(admin, path, body, NULL);
	json_t *r = h_json_answer(admin, 200);
	assert_int_equal(num(r, "added"), 2);
	assert_int_equal(json_array_size(json_object_get(r, "participants")), 2);
	json_decref(r);
	h_get(admin, "/api/v1/development?fy=2568");
	k = h_json_answer(admin, 200);
	assert_int_equal(num(k, "numerator"), before + 1);
	assert_int_equal(num(k, "denominator"), den);
	json_decref(k);
	/* A stranger's id: nothing added. */
	h_post_json(admin, path, "{\"person_ids\":[999999]}", NULL);
	h_expect_error(admin, 400, "invalid", "person_ids");
	/* The staff member files the report: a draft of theirs, to submit. */
	snprintf(path, sizeof path, "/api/v1/activities/%lld/report", act);
	h_post_json(staff, path, "{\"learned\":\"หลักการประเมินความเสี่ยง\",\"apply\":\"ทำทะเบียนความเสี่ยงของกอง\"}", NULL);
	r = h_json_answer(staff, 201);
	long long doc = num(r, "document_id");
	json_decref(r);
	h_post_json(staff, path, "{\"learned\":\"a\",\"apply\":\"b\"}", NULL);
	h_expect_error(staff, 409, "conflict", NULL);
	h_post_json(admin, path, "{\"learned\":\"a\",\"apply\":\"b\"}", NULL);
	h_expect_error(admin, 403, "forbidden", NULL); /* not a participant */
	snprintf(path, sizeof path, "/api/v1/documents/%lld", doc);
	h_get(staff, path);
	json_t *d = h_json_answer(staff, 200);
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "training_lessons");
	assert_string_equal(json_string_value(json_object_get(d, "status")), "draft");
	json_decref(d);
	snprintf(path, sizeof path, "/api/v1/documents/%lld/transitions", doc);
	h_post_json(staff, path, "{\"action\":\"submit\"}", NULL);
	assert_status(staff, 200);
	/* The staff member attaches their certificate; it comes back as sent. */
	static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
	struct h_buf mp = {0};
	char ctype[128];
	h_multipart(&mp, ctype, sizeof ctype, NULL, "file", "วุฒิบัตร.pdf", pdf, sizeof pdf - 1);
	snprintf(path, sizeof path, "/api/v1/activities/%lld/participants/%lld/certificate", act, h_role_person(srv, H_STAFF));
	h_request(staff, "POST", path, ctype, mp.p, mp.len, NULL);
	assert_status(staff, 204);
	h_buf_release(&mp);
	h_get(staff, path);
	assert_status(staff, 200);
	char got[64];
	assert_non_null(h_header(staff, "Content-Type", got, sizeof got));
	assert_string_equal(got, "application/pdf");
	assert_int_equal(staff->body.len, sizeof pdf - 1);
	/* The history: theirs, and another's (an audited view). */
	long long views = h_db_number(srv, "SELECT count(*) FROM audit_events WHERE action = 'person.view'", NULL, 0);
	snprintf(path, sizeof path, "/api/v1/people/%lld/development", who);
	h_get(staff, path);
	json_t *h = h_json_answer(staff, 200);
	assert_true(json_array_size(json_object_get(h, "items")) >= 1);
	json_decref(h);
	assert_int_equal(h_db_number(srv, "SELECT count(*) FROM audit_events WHERE action = 'person.view'", NULL, 0),
			 views + (who != h_role_person(srv, H_STAFF)));
}

static void pages_and_csrf(void **state)
{
	(void)state;
	struct h_client *head = h_client_session(srv, H_UNITHEAD);
	h_get(head, "/development?fy=2566");
	h_expect_page(head, 200, "ตัวชี้วัดที่ 2");
	h_get(head, "/activities/new");
	h_expect_page(head, 200, "บันทึกกิจกรรมพัฒนาบุคลากร");
	/* The form without its token is refused; with it, made. */
	const char *form = "title=%E0%B8%AA%E0%B8%B1%E0%B8%A1%E0%B8%A1%E0%B8%99%E0%B8%B2&kind=seminar"
			   "&start_date=2026-10-12&end_date=2026-10-12";
	h_post_form(head, "/activities", form);
	assert_status(head, 403);
	char body[512];
	snprintf(body, sizeof body, "%s&_csrf=%s", form, head->csrf);
	h_post_form(head, "/activities", body);
	assert_status(head, 303);
	/* A bad date comes back on the form with the reason, as typed. */
	snprintf(body, sizeof body, "title=x&kind=seminar&start_date=2026-10-12&end_date=2026-10-01&_csrf=%s", head->csrf);
	h_post_form(head, "/activities", body);
	h_expect_page(head, 400, "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม");
	struct h_client *staff = h_client_session(srv, H_STAFF);
	h_get(staff, "/activities/new");
	assert_status(staff, 403);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(who_records),
		T(kpi2_moves_and_the_report_becomes_a_draft),
		T(pages_and_csrf),
	};
	return h_main(argc, argv, "training", tests, sizeof tests / sizeof tests[0], &srv);
}
