/*
 * test_pdpa: personal data and recognition over HTTP, the real binary on
 * loopback with the demo organisation. A person's export of their own data
 * as JSON and as CSV (its content type, its header, a Thai name inside),
 * another's refused to staff and given to admins (audited); anonymisation
 * (admins only, with confirmation, only of people who left, CSRF on the
 * session path, the page's form); the contributors of a year and a
 * certificate as PDF for the committee, refused to staff; the pages; and
 * `purge-training` with and without --dry-run.
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

/* The demo server all tests share, started by main. */
static struct h_server *srv;

static struct h_client *bearer(enum h_role r)
{
	return h_client_bearer(srv, h_role_token(srv, r));
}

/* The person behind a demo login, read from the database. */
static long long person_of_login(const char *login)
{
	long long id = h_db_number(srv, "SELECT person_id FROM accounts WHERE login = ?1", login, 0);
	assert_true(id > 0);
	return id;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static void export_own_as_json_and_csv(void **state)
{
	(void)state;
	long long me = person_of_login("staff");
	struct h_client *staff = h_client_session(srv, H_STAFF);
	char path[128], want[512];
	snprintf(path, sizeof path, "/api/v1/people/%lld/export?format=json", me);
	long long before = h_db_number(srv, "SELECT count(*) FROM audit_events WHERE action = 'person.export' AND target_id = ?1", NULL, me);
	h_get(staff, path);
	json_t *x = h_json_answer(staff, 200);
	char name[256];
	snprintf(name, sizeof name, "%s", str(json_object_get(x, "person"), "name"));
	assert_true((unsigned char)name[0] == 0xE0); /* a Thai name */
	assert_string_equal(str(json_object_get(x, "export"), "by"), "self");
	assert_true(json_array_size(json_object_get(x, "accounts")) == 1);
	assert_true(json_array_size(json_object_get(x, "sessions")) >= 1);
	assert_null(strstr(staff->body.p, "pass_hash"));
	assert_null(strstr(staff->body.p, "token_hash"));
	json_decref(x);
	char v[256];
	assert_non_null(h_header(staff, "Content-Disposition", v, sizeof v));
	assert_non_null(strstr(v, "attachment"));

	snprintf(path, sizeof path, "/api/v1/people/%lld/export?format=csv", me);
	h_get(staff, path);
	assert_status(staff, 200);
	assert_non_null(h_header(staff, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/csv; charset=utf-8");
	assert_memory_equal(staff->body.p, "\xEF\xBB\xBF\"section\",\"row\",\"field\",\"value\"\r\n", 36);
	snprintf(want, sizeof want, "\"person\",\"1\",\"name\",\"%s\"\r\n", name);
	assert_true(h_body_has(staff, want));
	assert_true(h_body_has(staff, "\"accounts\",\"1\",\"login\",\"staff\""));
	assert_false(h_body_has(staff, "\"login\",\"admin\""));
	assert_int_equal(h_db_number(srv, "SELECT count(*) FROM audit_events WHERE action = 'person.export' AND target_id = ?1", NULL, me),
			 before + 2);
	/* An unknown format is refused by the route. */
	snprintf(path, sizeof path, "/api/v1/people/%lld/export?format=xml", me);
	h_get(staff, path);
	h_expect_error(staff, 400, "invalid", "format");
}

static void others_export(void **state)
{
	(void)state;
	long long head = person_of_login("unithead");
	char path[128];
	snprintf(path, sizeof path, "/api/v1/people/%lld/export", head);
	static const struct {
		enum h_role role;
		long status;
	} cases[] = {{H_STAFF, 403}, {H_EXECUTIVE, 403}, {H_COMMITTEE, 403}, {H_UNITHEAD, 200}, {H_ADMIN, 200}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct h_client *c = bearer(cases[i].role);
		h_get(c, path);
		if (cases[i].status == 403)
			h_expect_error(c, 403, "forbidden", NULL);
		else
			assert_status(c, 200);
	}
	struct h_client *admin = bearer(H_ADMIN);
	h_get(admin, path);
	json_t *x = h_json_answer(admin, 200);
	assert_string_equal(str(json_object_get(x, "export"), "by"), "admin");
	json_decref(x);
	assert_true(h_db_number(srv, "SELECT count(*) FROM audit_events WHERE action = 'person.export' AND target_id = ?1"
				" AND actor = 'admin'", NULL, head) >= 1);
	struct h_client *public_ = h_client_new(srv);
	h_get(public_, path);
	h_expect_error(public_, 401, "unauthorized", NULL);
	h_get(admin, "/api/v1/people/99999999/export");
	h_expect_error(admin, 404, "not_found", NULL);
}

static long long new_person(struct h_client *admin, const char *name, int active)
{
	json_t *body = json_pack("{s:s, s:s, s:s, s:i}", "name", name, "position", "นายช่างโยธาชำนาญงาน", "email",
				 "gone@example.org", "active", active);
	h_send_json(admin, "POST", "/api/v1/people", body);
	json_t *p = h_json_answer(admin, 201);
	long long id = (long long)json_integer_value(json_object_get(p, "id"));
	json_decref(p);
	return id;
}

static void anonymise(void **state)
{
	(void)state;
	struct h_client *admin = bearer(H_ADMIN);
	long long active = new_person(admin, "นายยังอยู่ ทำงาน", 1);
	long long gone = new_person(admin, "นายจากไป แล้ว", 0);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/people/%lld/anonymise", gone);
	/* Staff may not; the confirmation is needed; an active person is refused. */
	struct h_client *staff = bearer(H_STAFF);
	h_send_json(staff, "POST", path, json_pack("{s:b}", "confirm", 1));
	h_expect_error(staff, 403, "forbidden", NULL);
	h_send_json(admin, "POST", path, json_object());
	h_expect_error(admin, 400, "invalid", "confirm");
	h_send_json(admin, "POST", path, json_pack("{s:b}", "confirm", 0));
	h_expect_error(admin, 400, "invalid", "confirm");
	char other[128];
	snprintf(other, sizeof other, "/api/v1/people/%lld/anonymise", active);
	h_send_json(admin, "POST", other, json_pack("{s:b}", "confirm", 1));
	h_expect_error(admin, 409, "conflict", "active");
	h_send_json(admin, "POST", path, json_pack("{s:b}", "confirm", 1));
	json_t *done = h_json_answer(admin, 200);
	assert_string_equal(str(done, "name"), "อดีตบุคลากร (ตำแหน่ง นายช่างโยธาชำนาญงาน)");
	json_decref(done);
	snprintf(other, sizeof other, "/api/v1/people/%lld", gone);
	h_get(admin, other);
	json_t *p = h_json_answer(admin, 200);
	assert_string_equal(str(p, "name"), "อดีตบุคลากร (ตำแหน่ง นายช่างโยธาชำนาญงาน)");
	assert_string_equal(str(p, "email"), "");
	json_decref(p);
	assert_int_equal(h_db_number(srv, "SELECT count(*) FROM audit_events WHERE action = 'person.anonymise' AND target_id = ?1",
				     NULL, gone),
			 1);

	/* The session path needs its CSRF token; the page's form redirects back. */
	struct h_client *page = h_client_session(srv, H_ADMIN);
	h_request(page, "POST", path, "application/json", "{\"confirm\":true}", 16, NULL);
	h_expect_error(page, 403, "forbidden", "_csrf");
	h_send_json(page, "POST", path, json_pack("{s:b}", "confirm", 1));
	assert_status(page, 200);
	snprintf(other, sizeof other, "/admin/people/%lld", gone);
	h_get(page, other);
	h_expect_page(page, 200, "ปกปิดตัวตน");
	char form[256], at[128];
	snprintf(form, sizeof form, "confirm=1&_csrf=%s", page->csrf);
	snprintf(at, sizeof at, "/admin/people/%lld/anonymise", gone);
	h_post_form(page, at, form);
	assert_status(page, 303);
	char v[128];
	assert_non_null(h_header(page, "Location", v, sizeof v));
	assert_string_equal(v, other);
}

static void recognition_and_certificate(void **state)
{
	(void)state;
	struct h_client *staff = bearer(H_STAFF);
	h_get(staff, "/api/v1/recognition?fy=2400");
	json_t *r = h_json_answer(staff, 200);
	assert_int_equal(json_array_size(json_object_get(r, "items")), 0);
	json_decref(r);
	/* The latest year with contributors (the demo has some every year). */
	long long who = 0;
	int fy = 0;
	for (int y = 2575; y >= 2564 && !who; y--) {
		char path[64];
		snprintf(path, sizeof path, "/api/v1/recognition?fy=%d", y);
		h_get(staff, path);
		r = h_json_answer(staff, 200);
		json_t *first = json_array_get(json_object_get(r, "items"), 0);
		if (first) {
			who = (long long)json_integer_value(json_object_get(first, "person_id"));
			fy = y;
			assert_true(json_integer_value(json_object_get(first, "rank")) == 1);
			assert_true(json_integer_value(json_object_get(first, "score")) > 0);
			assert_null(json_object_get(first, "email"));
		}
		json_decref(r);
	}
	assert_true(who > 0);
	char path[128];
	snprintf(path, sizeof path, "/recognition/%lld/certificate?fy=%d", who, fy);
	struct h_client *committee = h_client_session(srv, H_COMMITTEE);
	h_get(committee, path);
	assert_status(committee, 200);
	char v[128];
	assert_non_null(h_header(committee, "Content-Type", v, sizeof v));
	assert_string_equal(v, "application/pdf");
	assert_memory_equal(committee->body.p, "%PDF-", 5);
	struct h_client *page = h_client_session(srv, H_STAFF);
	h_get(page, path);
	assert_status(page, 403);
	/* The page: a link per person for the committee, none for staff. */
	snprintf(path, sizeof path, "/recognition?fy=%d", fy);
	h_get(committee, path);
	h_expect_page(committee, 200, "ผู้มีส่วนร่วมในการจัดการความรู้");
	assert_true(h_body_has(committee, "/certificate?fy="));
	h_get(page, path);
	h_expect_page(page, 200, "ผู้มีส่วนร่วมในการจัดการความรู้");
	assert_false(h_body_has(page, "/certificate?fy="));
}

static void my_data_page(void **state)
{
	(void)state;
	struct h_client *staff = h_client_session(srv, H_STAFF);
	h_get(staff, "/me/data");
	h_expect_page(staff, 200, "ข้อมูลส่วนบุคคลของฉัน");
	char want[128];
	snprintf(want, sizeof want, "/api/v1/people/%lld/export?format=csv", person_of_login("staff"));
	assert_true(h_body_has(staff, want));
}

static void purge_training(void **state)
{
	(void)state;
	const char *parts = "SELECT count(*) FROM activity_participants";
	long long before = h_db_number(srv, parts, NULL, 0);
	long long old = h_db_number(srv,
				    "SELECT count(*) FROM activity_participants x JOIN activities a ON a.id = x.activity_id"
				    " WHERE a.end_date < date('now', '+7 hours', '-3 years')",
				    NULL, 0);
	assert_true(old > 0 && old < before);
	struct h_buf out = {0};
	assert_int_equal(h_cli(srv, &out, NULL, "purge-training", "--dry-run", "--training_retention_years=3", NULL), 0);
	assert_non_null(strstr(out.p, "would delete"));
	assert_int_equal(h_db_number(srv, parts, NULL, 0), before);
	h_buf_reset(&out);
	assert_int_equal(h_cli(srv, &out, NULL, "purge-training", "--training_retention_years=3", NULL), 0);
	char want[64];
	snprintf(want, sizeof want, "deleted %lld participation", old);
	assert_non_null(strstr(out.p, want));
	h_buf_release(&out);
	assert_int_equal(h_db_number(srv, parts, NULL, 0), before - old);
	assert_int_equal(h_db_number(srv, "SELECT count(*) FROM audit_events WHERE action = 'training.purge'", NULL, 0), 1);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/klang\n", argv[0]);
		return 2;
	}
	h_init(argv[1]);
	/* One server for every test: each test adds its own objects. */
	if (!(srv = h_server_start(NULL)))
		return 1;
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(export_own_as_json_and_csv, h_test_setup, h_test_teardown),
		cmocka_unit_test_setup_teardown(others_export, h_test_setup, h_test_teardown),
		cmocka_unit_test_setup_teardown(anonymise, h_test_setup, h_test_teardown),
		cmocka_unit_test_setup_teardown(recognition_and_certificate, h_test_setup, h_test_teardown),
		cmocka_unit_test_setup_teardown(my_data_page, h_test_setup, h_test_teardown),
		cmocka_unit_test_setup_teardown(purge_training, h_test_setup, h_test_teardown),
	};
	int failed = cmocka_run_group_tests_name("pdpa", tests, NULL, NULL);
	return h_server_stop(srv) ? 1 : failed;
}
