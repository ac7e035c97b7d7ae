/*
 * test_audit: the audit trail over HTTP, the real binary on loopback with
 * the demo organisation. Logins and failed logins are recorded; a request
 * refused with 403 is recorded once as authz.denied with its actor,
 * address and path (a refused CSRF token and the public's 401 are not);
 * someone else's person record opened (page or API) is a person.view, one's
 * own is not, a list is not; the API's filters (actor, action and its
 * prefix, target, Bangkok days, address), its totals, paging and errors;
 * only admins read it (API, page, CSV); the page (Thai labels, B.E. times,
 * the CSV link keeping the filters, the link in the admin menu); the CSV
 * (BOM, header, filtered rows, RFC 4180 quoting, formulas neutralised,
 * the file name); and `klang audit verify` on an intact and a tampered
 * chain. Run as
 *   test_audit PATH/TO/klang
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "harness.h"

static struct {
	struct h_server *srv;
	char admin_token[H_SECRET_MAX];
	long long staff_account, staff_person, admin_person;
} S;

/* Helpers */

static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static long long int_of(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}



/* GET path as JSON, checking the status. The caller owns the value. */
static json_t *get_json_at(struct h_client *c, const char *path, long status, const char *file,
			   int line)
{
	h_get(c, path);
	h_check_status(c, status, file, line);
	json_t *v = h_json(c);
	if (!v) {
		print_error("%s %s: not JSON: %.200s\n", c->method, c->path, c->body.p ? c->body.p : "");
		_fail(file, line);
	}
	return v;
}
#define get_json(c, path, status) get_json_at((c), (path), (status), __FILE__, __LINE__)

/* Checks the last answer is the API's error with `code` naming `field`. */
static void expect_api_error_at(struct h_client *c, long status, const char *code,
				const char *field, const char *file, int line)
{
	h_check_status(c, status, file, line);
	json_t *v = h_json(c);
	json_t *e = json_object_get(v, "error");
	if (!e || !str_of(e, "code") || strcmp(str_of(e, "code"), code) ||
	    (field && (!str_of(e, "field") || strcmp(str_of(e, "field"), field))) ||
	    !str_of(e, "message_th") || !str_of(e, "message_en")) {
		print_error("%s %s: want error %s (field %s): %.300s\n", c->method, c->path, code,
			    field ? field : "-", c->body.p ? c->body.p : "");
		json_decref(v);
		_fail(file, line);
	}
	json_decref(v);
}
#define expect_api_error(c, status, code, field) \
	expect_api_error_at((c), (status), (code), (field), __FILE__, __LINE__)

/* The audit API's answer to `query` (after "?"), as the admin's bot. */
static json_t *audit_at(const char *query, long long *total, const char *file, int line)
{
	struct h_client *c = h_client_bearer(S.srv, S.admin_token);
	char path[1200];
	snprintf(path, sizeof path, "/api/v1/audit?%s", query);
	json_t *v = get_json_at(c, path, 200, file, line);
	json_t *t = json_object_get(v, "total");
	if (!json_is_integer(t) || !json_is_array(json_object_get(v, "items"))) {
		print_error("%s: not a list: %.300s\n", path, c->body.p);
		_fail(file, line);
	}
	*total = json_integer_value(t);
	h_client_free(c);
	return v;
}
#define audit(query, total) audit_at((query), (total), __FILE__, __LINE__)

static json_t *first_item(json_t *list)
{
	return json_array_get(json_object_get(list, "items"), 0);
}

/* Events of the demo organisation where `cond` holds (SQL, with ?1 the
 * text given). */
static long long events_where(const char *cond, const char *text)
{
	char sql[600];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_events WHERE org_id = (SELECT min(id) FROM organisations)"
		 " AND (%s)%s",
		 cond, text ? " AND ?2 = 0" : " AND ?1 = 0");
	return h_db_number(S.srv, sql, text, 0);
}

/* Today's date in Bangkok, shifted by `days`, as YYYY-MM-DD. */
static void bangkok_day(int days, char out[11])
{
	time_t t = time(NULL) + 7 * 3600 + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* 1. Logins */

static void logins_are_recorded(void **state)
{
	(void)state;
	struct h_client *c = h_client_new(S.srv);
	long long fails_before = events_where("action = 'login.fail' AND actor = 'executive'", NULL);
	assert_int_equal(h_login(c, "executive", "not-the-password", NULL), 401);
	assert_true(h_login_role(c, H_EXECUTIVE));
	long long total = 0;
	json_t *v = audit("action=login.fail&actor=executive", &total);
	assert_int_equal(total, fails_before + 1);
	json_t *e = first_item(v);
	assert_string_equal(str_of(e, "actor"), "executive");
	assert_string_equal(str_of(e, "ip"), "127.0.0.1");
	assert_true(json_is_null(json_object_get(e, "actor_account_id")));
	json_decref(v);
	v = audit("action=login&actor=executive", &total);
	assert_true(total >= 1);
	e = first_item(v);
	assert_string_equal(str_of(e, "action"), "login");
	assert_string_equal(str_of(e, "target_type"), "account");
	assert_true(int_of(e, "actor_account_id") > 0);
	assert_int_equal(int_of(e, "actor_account_id"), int_of(e, "target_id"));
	/* at_iso is the same second as at, in UTC. */
	time_t at = (time_t)int_of(e, "at");
	struct tm tm;
	char iso[32];
	gmtime_r(&at, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	assert_string_equal(str_of(e, "at_iso"), iso);
	json_decref(v);
}

/* 2. Refused requests */

static void refusals_are_recorded_once(void **state)
{
	(void)state;
	struct h_client *staff = h_client_session(S.srv, H_STAFF);
	long long before = events_where("action = 'authz.denied'", NULL);
	/* The route's role check. */
	h_post_form(staff, "/admin/units", h_form(staff, "_csrf", staff->csrf, "name", "mx", NULL));
	assert_status(staff, 403);
	long long total = 0;
	json_t *v = audit("action=authz.denied&actor=staff", &total);
	json_t *e = first_item(v);
	assert_string_equal(str_of(e, "detail"), "POST /admin/units");
	assert_string_equal(str_of(e, "target_type"), "route");
	assert_true(json_is_null(json_object_get(e, "target_id")));
	assert_int_equal(int_of(e, "actor_account_id"), S.staff_account);
	assert_string_equal(str_of(e, "ip"), "127.0.0.1");
	json_decref(v);
	assert_int_equal(events_where("action = 'authz.denied'", NULL), before + 1);
	/* A GET (read in a snapshot) is recorded too, without its query. */
	assert_int_equal(h_get(staff, "/admin/people?page=2"), 403);
	v = audit("action=authz.denied&actor=staff", &total);
	assert_string_equal(str_of(first_item(v), "detail"), "GET /admin/people");
	json_decref(v);
	/* The domain's own refusal: the audit API itself. */
	assert_int_equal(h_get(staff, "/api/v1/audit?action=login"), 403);
	v = audit("action=authz.denied&actor=staff", &total);
	assert_string_equal(str_of(first_item(v), "detail"), "GET /api/v1/audit");
	json_decref(v);
	assert_int_equal(events_where("action = 'authz.denied'", NULL), before + 3);
	/* A long path is cut, at a character boundary, with an ellipsis. */
	char path[700];
	int n = snprintf(path, sizeof path, "/admin/units/");
	while (n < 600)
		n += snprintf(path + n, sizeof path - (size_t)n, "1");
	assert_int_equal(h_get(staff, path), 403);
	v = audit("action=authz.denied&actor=staff", &total);
	const char *detail = str_of(first_item(v), "detail");
	assert_non_null(detail);
	assert_true(strlen(detail) <= 300);
	assert_memory_equal(detail, "GET /admin/units/111", 20);
	assert_non_null(strstr(detail, "…"));
	json_decref(v);
	/* A refused CSRF token is not an authorisation failure, nor is the
	 * public's 401. */
	long long mid = events_where("action = 'authz.denied'", NULL);
	h_post_form(staff, "/logout", "");
	assert_status(staff, 403);
	struct h_client *pub = h_client_new(S.srv);
	assert_int_equal(h_get(pub, "/api/v1/audit"), 401);
	assert_int_equal(h_get(pub, "/admin/audit"), 303);
	assert_int_equal(events_where("action = 'authz.denied'", NULL), mid);
}

/* 3. Views of someone else's record */

static void person_views_are_recorded(void **state)
{
	(void)state;
	struct h_client *admin = h_client_session(S.srv, H_ADMIN), *staff = h_client_session(S.srv, H_STAFF);
	char path[96], cond[160];
	snprintf(cond, sizeof cond,
		 "action = 'person.view' AND target_type = 'person' AND target_id = %lld AND actor = ?1",
		 S.staff_person);
	long long by_admin = events_where(cond, "admin"), by_staff = events_where(cond, "staff");
	/* The admin's page and the API. */
	snprintf(path, sizeof path, "/admin/people/%lld", S.staff_person);
	assert_int_equal(h_get(admin, path), 200);
	assert_int_equal(events_where(cond, "admin"), by_admin + 1);
	snprintf(path, sizeof path, "/api/v1/people/%lld", S.staff_person);
	assert_int_equal(h_get(admin, path), 200);
	assert_int_equal(events_where(cond, "admin"), by_admin + 2);
	/* One's own record is not. */
	assert_int_equal(h_get(staff, path), 200);
	assert_int_equal(events_where(cond, "staff"), by_staff);
	/* Staff reading the admin's record is. */
	snprintf(cond, sizeof cond,
		 "action = 'person.view' AND target_id = %lld AND actor = ?1", S.admin_person);
	long long staff_saw = events_where(cond, "staff");
	snprintf(path, sizeof path, "/api/v1/people/%lld", S.admin_person);
	assert_int_equal(h_get(staff, path), 200);
	assert_int_equal(events_where(cond, "staff"), staff_saw + 1);
	/* The API shows it with the reader and the person. */
	long long total = 0;
	char q[160];
	snprintf(q, sizeof q, "action=person.view&target_type=person&target_id=%lld&actor=staff",
		 S.admin_person);
	json_t *v = audit(q, &total);
	assert_int_equal(total, staff_saw + 1);
	assert_int_equal(int_of(first_item(v), "actor_account_id"), S.staff_account);
	json_decref(v);
	/* Lists are not views of one person. */
	long long all = events_where("action = 'person.view'", NULL);
	assert_int_equal(h_get(staff, "/api/v1/people?per_page=50"), 200);
	assert_int_equal(h_get(admin, "/admin/people"), 200);
	assert_int_equal(h_get(staff, "/org"), 200);
	assert_int_equal(events_where("action = 'person.view'", NULL), all);
}

/* 4. The API's filters */

static void api_filters_and_totals(void **state)
{
	(void)state;
	struct h_client *bot = h_client_bearer(S.srv, S.admin_token);
	/* Two units made and one changed: three events of type unit. */
	long long unit = 0;
	for (int i = 0; i < 2; i++) {
		char name[96];
		snprintf(name, sizeof name, "หน่วยทดสอบบันทึก %d", i);
		h_send_json(bot, "POST", "/api/v1/units", json_pack("{s:s}", "name", name));
		assert_status(bot, 201);
		json_t *u = h_json(bot);
		unit = int_of(u, "id");
		json_decref(u);
	}
	char path[96];
	snprintf(path, sizeof path, "/api/v1/units/%lld", unit);
	h_send_json(bot, "PUT", path, json_pack("{s:i}", "sort", 7));
	assert_status(bot, 200);

	long long total = 0;
	/* An action's prefix. */
	json_t *v = audit("action=unit.&per_page=200", &total);
	assert_int_equal(total, events_where("action LIKE 'unit.%'", NULL));
	assert_true(total >= 3);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(v, "items"), i, e)
		assert_memory_equal(str_of(e, "action"), "unit.", 5);
	json_decref(v);
	/* The exact action. */
	v = audit("action=unit.update", &total);
	assert_int_equal(total, events_where("action = 'unit.update'", NULL));
	json_decref(v);
	/* One target: created, then updated, newest first. */
	char q[200];
	snprintf(q, sizeof q, "target_type=unit&target_id=%lld", unit);
	v = audit(q, &total);
	assert_int_equal(total, 2);
	assert_string_equal(str_of(json_array_get(json_object_get(v, "items"), 0), "action"),
			    "unit.update");
	assert_string_equal(str_of(json_array_get(json_object_get(v, "items"), 1), "action"),
			    "unit.create");
	assert_string_equal(str_of(json_array_get(json_object_get(v, "items"), 1), "actor"), "admin");
	json_decref(v);
	/* Days (Bangkok): today holds them, tomorrow and 2001 nothing. */
	char today[11], tomorrow[11];
	bangkok_day(0, today);
	bangkok_day(1, tomorrow);
	snprintf(q, sizeof q, "target_type=unit&target_id=%lld&from=%s&to=%s", unit, today, today);
	json_decref(audit(q, &total));
	assert_int_equal(total, 2);
	snprintf(q, sizeof q, "target_type=unit&target_id=%lld&from=%s", unit, tomorrow);
	json_decref(audit(q, &total));
	assert_int_equal(total, 0);
	json_decref(audit("from=2001-01-01&to=2001-12-31", &total));
	assert_int_equal(total, 0);
	/* Address: exact, and a prefix. */
	json_decref(audit("ip=127.0.0.1", &total));
	assert_int_equal(total, events_where("ip = '127.0.0.1'", NULL));
	assert_true(total > 0);
	long long exact = total;
	json_decref(audit("ip=127.0.", &total));
	assert_true(total >= exact);
	json_decref(audit("ip=127.0.0.2", &total));
	assert_int_equal(total, 0);
	/* Actor: a part of the label. */
	json_decref(audit("actor=dmi&action=unit.create", &total));
	assert_int_equal(total, events_where("actor LIKE '%dmi%' AND action = 'unit.create'", NULL));
	assert_true(total >= 2);
	/* Everything, and pages that do not overlap, capped at 200. */
	v = audit("per_page=1000", &total);
	assert_int_equal(total, events_where("1 = 1", NULL));
	assert_int_equal(json_array_size(json_object_get(v, "items")), 200);
	json_decref(v);
	json_t *p1 = audit("per_page=1&page=1", &total), *p2 = audit("per_page=1&page=2", &total);
	assert_true(int_of(first_item(p1), "id") != int_of(first_item(p2), "id"));
	assert_true(int_of(first_item(p1), "at") >= int_of(first_item(p2), "at"));
	json_decref(p1);
	json_decref(p2);
	/* Bad filters: 400 naming the field. */
	h_get(bot, "/api/v1/audit?from=2026-02-30");
	expect_api_error(bot, 400, "invalid", "from");
	h_get(bot, "/api/v1/audit?to=yesterday");
	expect_api_error(bot, 400, "invalid", "to");
	h_get(bot, "/api/v1/audit?from=2026-11-25&to=2026-11-24");
	expect_api_error(bot, 400, "invalid", "to");
	h_get(bot, "/api/v1/audit?target_id=x");
	expect_api_error(bot, 400, "invalid", "target_id");
	/* A filter longer than 100 characters never reaches the query. */
	char longer[120];
	memset(longer, 'a', 101);
	longer[101] = 0;
	snprintf(q, sizeof q, "/api/v1/audit?actor=%s", longer);
	h_get(bot, q);
	expect_api_error(bot, 413, "too_big", "actor");
}

/* 5. Only admins */

static void only_admins_read_the_trail(void **state)
{
	(void)state;
	static const char *const paths[] = {"/api/v1/audit", "/admin/audit", "/admin/audit.csv"};
	for (int r = H_STAFF; r < H_ADMIN; r++) {
		struct h_client *c = h_client_session(S.srv, (enum h_role)r);
		for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
			h_get(c, paths[i]);
			if (c->status != 403)
				fail_msg("%s GET %s: %ld, want 403", h_role_login((enum h_role)r),
					 paths[i], c->status);
		}
		h_get(c, "/api/v1/audit");
		expect_api_error(c, 403, "forbidden", NULL);
		h_client_free(c);
	}
	/* A staff member's bearer token likewise. */
	char token[H_SECRET_MAX];
	assert_int_equal(h_token_create(S.srv, "staff", token, sizeof token), 0);
	struct h_client *bot = h_client_new(S.srv);
	snprintf(bot->bearer, sizeof bot->bearer, "%s", token);
	h_get(bot, "/api/v1/audit");
	expect_api_error(bot, 403, "forbidden", NULL);
}

/* 6. The page */

static void admin_page(void **state)
{
	(void)state;
	struct h_client *admin = h_client_session(S.srv, H_ADMIN);
	assert_int_equal(h_get(admin, "/admin/units"), 200);
	assert_true(h_body_has(admin, "href=\"/admin/audit\""));
	assert_int_equal(h_get(admin, "/admin/audit?action=login&actor=admin"), 200);
	assert_true(h_body_has(admin, "บันทึกการใช้งาน"));
	assert_true(h_body_has(admin, "เข้าสู่ระบบ"));                  /* the action's label */
	assert_true(h_body_has(admin, "<code>login</code>"));
	assert_true(h_body_has(admin, "/admin/audit.csv?actor=admin&amp;action=login"));
	assert_true(h_body_has(admin, "ดาวน์โหลด CSV"));
	assert_true(h_body_has(admin, "100,000"));
	assert_true(h_body_has(admin, "value=\"login\""));
	/* Times in B.E., Bangkok: this year + 543 and h:m:s. */
	time_t now = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&now, &tm);
	char be[16];
	snprintf(be, sizeof be, " %d ", tm.tm_year + 1900 + 543);
	assert_true(h_body_has(admin, be));
	/* The demo's events: paging keeps the filters. */
	assert_int_equal(h_get(admin, "/admin/audit?action=doc."), 200);
	assert_true(h_body_has(admin, "/admin/audit?page=2&amp;action=doc."));
	/* A label the trail does not know shows the code. */
	assert_int_equal(h_get(admin, "/admin/audit?action=no.such"), 200);
	assert_true(h_body_has(admin, "ไม่พบรายการ"));
	/* A bad date: 400 with a Thai message. */
	assert_int_equal(h_get(admin, "/admin/audit?from=2026-13-01"), 400);
	assert_true(h_body_has(admin, "ตั้งแต่วันที่"));
	assert_int_equal(h_get(admin, "/admin/audit?from=2026-11-25&to=2026-11-01"), 400);
	assert_true(h_body_has(admin, "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น"));
}

/* 7. The CSV */

static void csv_export(void **state)
{
	(void)state;
	struct h_client *bot = h_client_bearer(S.srv, S.admin_token);
	/* A unit whose name a spreadsheet would run as a formula. */
	h_send_json(bot, "POST", "/api/v1/units",
		    json_pack("{s:s}", "name", "=HYPERLINK(\"http://x.invalid\",\"คลิก\")"));
	assert_status(bot, 201);
	json_t *u = h_json(bot);
	long long unit = int_of(u, "id");
	json_decref(u);
	long long exports = events_where("action = 'audit.export'", NULL);

	struct h_client *admin = h_client_session(S.srv, H_ADMIN);
	char path[160];
	snprintf(path, sizeof path, "/admin/audit.csv?action=unit.create&target_type=unit&target_id=%lld",
		 unit);
	assert_int_equal(h_get(admin, path), 200);
	char v[300];
	assert_non_null(h_header(admin, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/csv; charset=utf-8");
	assert_non_null(h_header(admin, "Content-Disposition", v, sizeof v));
	assert_memory_equal(v, "attachment; filename=\"audit-", 28);
	char today[11], want[40];
	bangkok_day(0, today);
	snprintf(want, sizeof want, "audit-%.4s%.2s%.2s.csv\"", today, today + 5, today + 8);
	assert_non_null(strstr(v, want));
	const char *body = admin->body.p;
	assert_non_null(body);
	static const char head[] = "\xEF\xBB\xBF\"รหัส\",\"เวลา (กรุงเทพฯ)\",\"เวลา (UTC)\",\"ผู้กระทำ\"";
	assert_memory_equal(body, head, sizeof head - 1);
	/* The header and one row, each ended by CRLF. */
	const char *row = strstr(body, "\r\n");
	assert_non_null(row);
	row += 2;
	const char *end = strstr(row, "\r\n");
	assert_non_null(end);
	assert_string_equal(end, "\r\n");
	assert_non_null(strstr(row, "\"unit.create\",\"เพิ่มหน่วยงาน\",\"unit\""));
	/* The formula is text: an apostrophe first, quotes doubled. */
	assert_non_null(strstr(row, "\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"คลิก\"\")\""));
	assert_non_null(strstr(row, "\"admin\""));
	/* The download is itself recorded. */
	assert_int_equal(events_where("action = 'audit.export'", NULL), exports + 1);
	long long total = 0;
	json_t *e = audit("action=audit.export", &total);
	assert_string_equal(str_of(first_item(e), "detail"), "1 of 1 events");
	json_decref(e);
	/* Filters that match nothing: the header alone. */
	assert_int_equal(h_get(admin, "/admin/audit.csv?from=2001-01-01&to=2001-01-01"), 200);
	assert_int_equal(strstr(admin->body.p, "\r\n") + 2 - admin->body.p, (long)admin->body.len);
	/* A bad date is the error page. */
	assert_int_equal(h_get(admin, "/admin/audit.csv?to=2026-02-31"), 400);
}

/* 8. Tampering */

static void verify_finds_a_changed_event(void **state)
{
	(void)state;
	struct h_server *srv = h_server_start(NULL);
	assert_non_null(srv);
	struct h_client *c = h_client_new(srv);
	assert_true(h_login_role(c, H_STAFF));
	struct h_buf out = {0};
	assert_int_equal(h_cli(srv, &out, NULL, "audit", "verify", NULL), 0);
	assert_non_null(strstr(out.p, "intact"));

	/* Change one event's detail behind klang's back. */
	long long victim = h_db_number(srv, "SELECT max(id) FROM audit_events WHERE action = ?1 AND ?2 = 0",
				       "login", 0);
	assert_true(victim > 0);
	char path[400];
	snprintf(path, sizeof path, "%s/klang.db", srv->data);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE audit_events SET detail = 'nothing happened' WHERE id = ?1",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, victim);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	int changed = sqlite3_changes(db);
	sqlite3_close(db);
	assert_int_equal(rc, SQLITE_DONE);
	assert_int_equal(changed, 1);

	h_buf_reset(&out);
	int status = h_cli(srv, &out, NULL, "audit", "verify", NULL);
	assert_true(status != 0);
	char want[64];
	snprintf(want, sizeof want, "BROKEN at event %lld", victim);
	if (!out.p || !strstr(out.p, want))
		fail_msg("verify said: %s", out.p ? out.p : "(nothing)");
	h_buf_release(&out);
	assert_int_equal(h_server_stop(srv), 0);
}

/* The suite */

static int group_setup(void **state)
{
	(void)state;
	S.srv = h_server_start(NULL);
	if (!S.srv || h_token_create(S.srv, "admin", S.admin_token, sizeof S.admin_token))
		return -1;
	/* Who the staff member and the admin are. */
	struct h_client *c = h_client_new(S.srv);
	if (!c || !h_login_role(c, H_STAFF) || h_get(c, "/api/v1/me") != 200)
		return -1;
	json_t *me = h_json(c);
	S.staff_account = int_of(me, "id");
	S.staff_person = int_of(json_object_get(me, "person"), "id");
	json_decref(me);
	h_client_free(c);
	c = h_client_new(S.srv);
	snprintf(c->bearer, sizeof c->bearer, "%s", S.admin_token);
	if (h_get(c, "/api/v1/me") != 200)
		return -1;
	me = h_json(c);
	S.admin_person = int_of(json_object_get(me, "person"), "id");
	json_decref(me);
	h_client_free(c);
	if (S.staff_account <= 0 || S.staff_person <= 0 || S.admin_person <= 0 ||
	    S.admin_person == S.staff_person) {
		fprintf(stderr, "# set-up: the demo's staff and admin need people of their own\n");
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (S.srv)
		h_server_stop(S.srv);
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/klang\n", argv[0]);
		return 2;
	}
	h_init(argv[1]);
	const char *filter = getenv("KLANG_HTTP_FILTER");
	if (filter && filter[0])
		cmocka_set_test_filter(filter);
	const struct CMUnitTest tests[] = {
		T(logins_are_recorded),
		T(refusals_are_recorded_once),
		T(person_views_are_recorded),
		T(api_filters_and_totals),
		T(only_admins_read_the_trail),
		T(admin_page),
		T(csv_export),
		T(verify_finds_a_changed_event),
	};
	return cmocka_run_group_tests_name("http_audit", tests, group_setup, group_teardown);
}
