/*
 * test_dashboard: the KPI dashboard over HTTP, the real binary on loopback
 * with the demo organisation. The page as a logged-in user: a chart per
 * indicator (inline SVG with role="img" and a title, beside its table),
 * the per-division breakdown, knowledge-map coverage and the gaps; the
 * zero-result searches only for the committee; the shape of
 * GET /api/v1/kpi?fy=2566; and the committee's own indicator (the demo's
 * KPI4): its card with the result and evidence, a refused entry shown
 * again with what was typed, an entry through the API, and staff refused.
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

static void expect_has(const struct h_client *c, const char *needle)
{
	if (!h_body_has(c, needle))
		fail_msg("%s %s: the page lacks \"%s\"", c->method, c->path, needle);
}

static void page_as_committee(void **state)
{
	(void)state;
	struct h_client *c = h_client_session(srv, H_COMMITTEE);
	/* A search that finds nothing is logged for the gap report. */
	h_get(c, "/search?q=qwxzvbnm");
	assert_status(c, 200);
	h_get(c, "/dashboard?fy=2566");
	assert_status(c, 200);
	expect_has(c, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
	expect_has(c, "role=\"img\"");
	expect_has(c, "<title id=\"trend-1-title\">KPI1: ");
	expect_has(c, "<title id=\"trend-3-title\">KPI3: ");
	expect_has(c, "stroke-dasharray=\"6 4\"");
	/* The table alternative stays. */
	expect_has(c, "id=\"trend-h\"");
	expect_has(c, "<caption>");
	/* Per division, coverage and gaps. */
	expect_has(c, "id=\"units-h\"");
	expect_has(c, "id=\"coverage\"");
	expect_has(c, "ความครอบคลุมของแผนที่ความรู้");
	expect_has(c, "id=\"gaps\"");
	expect_has(c, "ช่องว่างความรู้");
	/* The miss is of this fiscal year, the page's default. */
	assert_false(h_body_has(c, "qwxzvbnm"));
	h_get(c, "/dashboard");
	assert_status(c, 200);
	expect_has(c, "qwxzvbnm");
}

static void page_as_staff(void **state)
{
	(void)state;
	struct h_client *c = h_client_session(srv, H_STAFF);
	h_get(c, "/dashboard");
	assert_status(c, 200);
	expect_has(c, "role=\"img\"");
	expect_has(c, "id=\"coverage\"");
	expect_has(c, "id=\"gaps\"");
	/* Queries may name people: staff see the map's gaps, not the log. */
	expect_has(c, "เฉพาะคณะทำงานจัดการความรู้และผู้ดูแลระบบ");
	assert_false(h_body_has(c, "qwxzvbnm"));
	struct h_client *anon = h_client_new(srv);
	h_get(anon, "/dashboard");
	assert_true(anon->status == 303 || anon->status == 401 || anon->status == 302);
}

static void api_shape(void **state)
{
	(void)state;
	struct h_client *c = h_role_client(srv, H_STAFF);
	h_get(c, "/api/v1/kpi?fy=2566");
	json_t *k = h_json_answer(c, 200);
	assert_int_equal(json_integer_value(json_object_get(k, "fy")), 2566);
	json_t *kpis = json_object_get(k, "kpis");
	assert_int_equal(json_array_size(kpis), 3);
	static const char *const codes[] = {"KPI1", "KPI2", "KPI3"};
	for (size_t i = 0; i < 3; i++) {
		json_t *e = json_array_get(kpis, i);
		assert_string_equal(json_string_value(json_object_get(e, "code")), codes[i]);
		assert_true(json_is_integer(json_object_get(e, "numerator")));
		assert_true(json_is_integer(json_object_get(e, "denominator")));
		assert_true(json_is_number(json_object_get(e, "value")));
		assert_true(json_is_number(json_object_get(e, "target")));
		assert_true(json_is_boolean(json_object_get(e, "met")));
		assert_null(json_object_get(e, "rows"));
	}
	json_decref(k);
	h_get(c, "/api/v1/kpi?fy=1999");
	assert_status(c, 400);
}

static void custom_indicator(void **state)
{
	(void)state;
	long long kpi = h_db_number(srv, "SELECT id FROM plan_kpis WHERE code = ?1", "KPI4", 0);
	assert_true(kpi > 0);
	struct h_client *c = h_client_session(srv, H_COMMITTEE);
	h_get(c, "/dashboard?fy=2568");
	assert_status(c, 200);
	char anchor[64], path[64];
	snprintf(anchor, sizeof anchor, "id=\"custom-%lld\"", kpi);
	expect_has(c, anchor);
	expect_has(c, "72.6%"); /* 61 of 84, entered by the demo */
	expect_has(c, "สรุปผลแบบติดตามการนำความรู้ไปใช้ในการปฏิบัติงาน ปีงบประมาณ 2568");
	expect_has(c, "<th scope=\"col\">KPI4</th>"); /* the trend table's column */

	/* A numerator over the denominator: the page again, what was typed kept. */
	snprintf(path, sizeof path, "/kpi/%lld/value", kpi);
	h_post_form(c, path,
		    h_form(c, "fy", "2568", "numerator", "90", "denominator", "84", "note", "พิมพ์ผิด-คงไว้", "_csrf",
			   c->csrf, NULL));
	assert_status(c, 400);
	expect_has(c, "ตัวตั้งต้องอยู่ระหว่าง");
	expect_has(c, "value=\"90\"");
	expect_has(c, "พิมพ์ผิด-คงไว้");
	h_get(c, "/api/v1/kpi?fy=2568");
	json_t *y = h_json_answer(c, 200);
	json_t *k = json_array_get(json_object_get(y, "kpis"), 3);
	assert_string_equal(json_string_value(json_object_get(k, "code")), "KPI4");
	assert_int_equal(json_integer_value(json_object_get(k, "numerator")), 61);
	json_decref(y);

	/* Through the API, this year; staff may not. */
	snprintf(path, sizeof path, "/api/v1/kpi/%lld/value", kpi);
	struct h_client *staff = h_role_client(srv, H_STAFF);
	h_put_json(staff, path, "{\"fy\":2570,\"numerator\":7,\"denominator\":10}", NULL);
	assert_status(staff, 403);
	struct h_client *api = h_role_client(srv, H_COMMITTEE);
	h_put_json(api, path, "{\"fy\":2570,\"numerator\":7,\"denominator\":10,\"note\":\"สำรวจ ๑๐ คน\"}", NULL);
	k = h_json_answer(api, 200);
	assert_true(json_real_value(json_object_get(k, "value")) == 70.0);
	assert_true(json_is_true(json_object_get(k, "met")));
	assert_true(json_is_true(json_object_get(k, "entered")));
	json_decref(k);
	h_put_json(api, path, "{\"fy\":2566,\"numerator\":7,\"denominator\":10}", NULL);
	assert_status(api, 400); /* outside the follow-on plan */
	snprintf(path, sizeof path, "/api/v1/kpi/%lld/evidence", kpi);
	h_post_json(api, path, "{\"fy\":2570,\"title\":\"แบบสำรวจ\",\"url\":\"javascript:alert(1)\"}", NULL);
	assert_status(api, 400);
	h_post_json(api, path, "{\"fy\":2570,\"title\":\"แบบสำรวจ\",\"url\":\"https://forms.example/km\"}", NULL);
	k = h_json_answer(api, 201);
	assert_int_equal(json_array_size(json_object_get(k, "rows")), 1);
	json_decref(k);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(page_as_committee),
		T(page_as_staff),
		T(api_shape),
		T(custom_indicator),
	};
	return h_main(argc, argv, "dashboard", tests, sizeof tests / sizeof tests[0], &srv);
}
