/*
 * test_plan: the KM plan over HTTP, the real binary on loopback with the
 * demo organisation. The API: the list and the seed's plan (public), with
 * its KPIs and their targets per year (KPI3 80/90/100) and its action
 * rows; the follow-on plan, made by copying it; a partial PUT by the
 * committee (403 for staff, 401 for the public, 400 for an over-long
 * field); a copy into a new period (201) whose targets are shifted year by
 * year. The pages, and CSRF on forms and on cookie-sent API requests; a
 * KPI target set on the edit page is the target GET /api/v1/kpi reports.
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

static json_t *kpi_of(json_t *plan, const char *code)
{
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(plan, "kpis"), i, k) if (!strcmp(json_string_value(json_object_get(k, "code")), code)) return k;
	fail_msg("no %s", code);
	return NULL;
}

static double target_of(json_t *kpi, size_t year)
{
	return json_number_value(json_object_get(json_array_get(json_object_get(kpi, "targets"), year), "target"));
}

static long long seed_plan(void)
{
	return h_db_number(srv, "SELECT id FROM km_plans WHERE fy_from = ?1", NULL, 2564);
}

static void api_read_edit_copy(void **state)
{
	(void)state;
	struct h_client *pub = h_client_new(srv);
	h_get(pub, "/api/v1/plans");
	json_t *list = h_json_answer(pub, 200);
	assert_true(json_array_size(json_object_get(list, "items")) >= 2);
	json_decref(list);
	long long id = seed_plan();
	char path[96];
	snprintf(path, sizeof path, "/api/v1/plans/%lld", id);
	h_get(pub, path);
	json_t *p = h_json_answer(pub, 200);
	assert_int_equal(num(p, "fy_from"), 2564);
	assert_int_equal(json_array_size(json_object_get(p, "strategies")), 3);
	assert_int_equal(json_array_size(json_object_get(p, "actions")), 3);
	assert_non_null(strstr(json_string_value(json_object_get(p, "main_goals")), "เป้าหมายหลักที่ ๒."));
	json_t *k3 = kpi_of(p, "KPI3");
	assert_true(target_of(k3, 0) == 80.0 && target_of(k3, 1) == 90.0 && target_of(k3, 2) == 100.0);
	assert_string_equal(json_string_value(json_object_get(k3, "kind")), "system");
	assert_false(json_is_true(json_object_get(p, "can_edit")));
	json_decref(p);
	/* The follow-on plan is the demo's copy: its KPI3 starts at 80 again. */
	long long next = h_db_number(srv, "SELECT id FROM km_plans WHERE fy_from = ?1", NULL, 2567);
	snprintf(path, sizeof path, "/api/v1/plans/%lld", next);
	h_get(pub, path);
	p = h_json_answer(pub, 200);
	assert_true(target_of(kpi_of(p, "KPI3"), 0) == 80.0 && target_of(kpi_of(p, "KPI3"), 1) == 90.0);
	assert_int_equal(json_array_size(json_object_get(p, "actions")), 3);
	json_decref(p);
	h_get(pub, "/api/v1/plans/999999");
	assert_status(pub, 404);

	/* A partial PUT: the committee may, staff may not, the public must log in. */
	snprintf(path, sizeof path, "/api/v1/plans/%lld", id);
	struct h_client *kmc = h_role_client(srv, H_COMMITTEE), *staff = h_role_client(srv, H_STAFF);
	h_put_json(kmc, path, "{\"focus_areas\":\"จุดเน้นใหม่\"}", NULL);
	p = h_json_answer(kmc, 200);
	assert_string_equal(json_string_value(json_object_get(p, "focus_areas")), "จุดเน้นใหม่");
	assert_non_null(strstr(json_string_value(json_object_get(p, "main_goals")), "เป้าหมายหลักที่ ๑.")); /* unchanged */
	assert_true(json_is_true(json_object_get(p, "can_edit")));
	json_decref(p);
	h_put_json(staff, path, "{\"focus_areas\":\"x\"}", NULL);
	assert_status(staff, 403);
	h_put_json(pub, path, "{\"focus_areas\":\"x\"}", NULL);
	assert_status(pub, 401);
	h_put_json(kmc, path, "{\"title\":\"\"}", NULL);
	h_expect_error(kmc, 400, "invalid", "title");

	/* A copy into a new period: 201, the targets shifted year by year. */
	snprintf(path, sizeof path, "/api/v1/plans/%lld/copy", id);
	h_post_json(kmc, path, "{\"fy_from\":2600,\"fy_to\":2603}", NULL);
	p = h_json_answer(kmc, 201);
	assert_int_equal(num(p, "fy_from"), 2600);
	assert_non_null(strstr(json_string_value(json_object_get(p, "title")), "2600–2603"));
	k3 = kpi_of(p, "KPI3");
	assert_true(target_of(k3, 0) == 80.0 && target_of(k3, 1) == 90.0 && target_of(k3, 2) == 100.0 &&
		    target_of(k3, 3) == 100.0);
	assert_int_equal(json_array_size(json_object_get(p, "actions")), 3);
	assert_int_equal(json_array_size(json_object_get(p, "strategies")), 3);
	json_decref(p);
	h_post_json(kmc, path, "{\"fy_from\":2600,\"fy_to\":2599}", NULL);
	assert_status(kmc, 400);
	h_post_json(staff, path, "{\"fy_from\":2610,\"fy_to\":2611}", NULL);
	assert_status(staff, 403);
	h_client_free(kmc);
	h_client_free(staff);
	h_client_free(pub);
}

/* The value of `code`'s target in GET /api/v1/kpi?fy=fy as c. */
static double kpi_target(struct h_client *c, int fy, const char *code)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/kpi?fy=%d", fy);
	h_get(c, path);
	json_t *v = h_json_answer(c, 200);
	double t = json_number_value(json_object_get(kpi_of(v, code), "target"));
	json_decref(v);
	return t;
}

static void pages_and_csrf(void **state)
{
	(void)state;
	long long id = seed_plan();
	char path[96], body[400];
	struct h_client *pub = h_client_new(srv);
	h_get(pub, "/plans");
	h_expect_page(pub, 200, "แผนการจัดการความรู้");
	snprintf(path, sizeof path, "/plans/%lld", id);
	h_get(pub, path);
	h_expect_page(pub, 200, "แผนปฏิบัติการ");
	snprintf(path, sizeof path, "/plans/%lld/edit", id);
	h_get(pub, path);
	assert_status(pub, 303); /* to the login page */

	struct h_client *kmc = h_client_session(srv, H_COMMITTEE);
	h_get(kmc, path);
	h_expect_page(kmc, 200, "เพิ่มตัวชี้วัด");
	/* A form without the token is refused; with it, saved. */
	snprintf(path, sizeof path, "/plans/%lld", id);
	h_post_form(kmc, path, "vision=x");
	assert_status(kmc, 403);
	snprintf(body, sizeof body, "vision=%%E0%%B8%%81&_csrf=%s", kmc->csrf);
	h_post_form(kmc, path, body);
	assert_status(kmc, 303);
	/* KPI3's target for 2565 set to 85 on the form: the KPI engine's. */
	long long k3 = h_db_number(srv, "SELECT id FROM plan_kpis WHERE code = 'KPI3' AND plan_id = ?1", NULL, id);
	assert_true(k3 > 0);
	snprintf(path, sizeof path, "/plans/%lld/kpis", id);
	snprintf(body, sizeof body, "kpi_id=%lld&code=KPI3&kind=system&targets=80,85,100&_csrf=%s", k3, kmc->csrf);
	h_post_form(kmc, path, body);
	assert_status(kmc, 303);
	assert_true(kpi_target(kmc, 2565, "KPI3") == 85.0);
	/* Malformed targets come back on the page with the reason. */
	snprintf(body, sizeof body, "kpi_id=%lld&code=KPI3&kind=system&targets=80,abc&_csrf=%s", k3, kmc->csrf);
	h_post_form(kmc, path, body);
	h_expect_page(kmc, 400, "ค่าเป้าหมายต้องเป็นตัวเลขคั่นด้วยจุลภาค");
	assert_true(kpi_target(kmc, 2565, "KPI3") == 85.0); /* unchanged */

	/* The API with the session cookie needs the token as a header. */
	snprintf(path, sizeof path, "/api/v1/plans/%lld", id);
	h_put_json(kmc, path, "{\"vision\":\"y\"}", NULL);
	assert_status(kmc, 403);
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", kmc->csrf);
	const char *const headers[] = {hdr, NULL};
	h_put_json(kmc, path, "{\"vision\":\"y\"}", headers);
	assert_status(kmc, 200);

	/* The copy form goes to the new plan's edit page. */
	snprintf(path, sizeof path, "/plans/%lld/copy", id);
	snprintf(body, sizeof body, "fy_from=2620&fy_to=2622&_csrf=%s", kmc->csrf);
	h_post_form(kmc, path, body);
	assert_status(kmc, 303);
	char loc[128];
	assert_non_null(h_header(kmc, "Location", loc, sizeof loc));
	assert_memory_equal(loc, "/plans/", 7);
	h_get(kmc, loc);
	h_expect_page(kmc, 200, "2620–2622");
	h_client_free(kmc);
	h_client_free(pub);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(api_read_edit_copy),
		T(pages_and_csrf),
	};
	return h_main(argc, argv, "plan", tests, sizeof tests / sizeof tests[0], &srv);
}
