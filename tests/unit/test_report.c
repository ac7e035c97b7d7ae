/* Tests of km/report: drafts follow the data, a submitted report is frozen
 * whatever the data does later, versions, narrative limits, permissions.
 *
 * Divisions A and B; A's manual is approved on 1 May 2023 (FY 2566), so
 * FY 2566's KPI1 is 1/2. After version 1 is submitted, B's manual is
 * approved on 1 June 2023: the draft version 2 shows 2/2, version 1
 * still 1/2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/doc.h"
#include "km/org.h"
#include "km/people.h"
#include "km/report.h"
#include "km/workflow.h"
#include "store/db.h"
#include "support/org.h"

struct fixture {
	char dir[64];
	struct db *db;
	struct actor op, head[2], committee, executive, admin, staff;
	int64_t unit[2];
};

static int64_t manual(struct fixture *f, int u, const char *title, const char *approved)
{
	return test_approved_manual(f->db, &f->head[u], &f->committee, &f->executive, &f->admin, f->unit[u], title,
				    approved);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (test_org_open("report", "เทศบาลทดสอบรายงาน", f->dir, &f->db, &f->op))
		return -1;
	*state = f;
	static const char *const names[] = {"กองคลัง", "กองช่าง"};
	static const char *const codes[] = {"A", "B"};
	static const char *const logins[] = {"head-a", "head-b"};
	for (int i = 0; i < 2; i++)
		test_division(f->db, &f->op, names[i], codes[i], logins[i], "2019-06-01", &f->unit[i], &f->head[i]);
	test_account(f->db, &f->op, "kmc", ROLE_COMMITTEE, 0, &f->committee);
	test_account(f->db, &f->op, "exec", ROLE_EXECUTIVE, 0, &f->executive);
	test_account(f->db, &f->op, "admin", ROLE_ADMIN, 0, &f->admin);
	test_account(f->db, &f->op, "staff", ROLE_STAFF, 0, &f->staff);
	manual(f, 0, "คู่มือการเบิกจ่าย", "2023-05-01");
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc = test_org_close(f->db, f->dir);
	free(f);
	return rc;
}

/* KPI1's numerator in report `id` as `a` reads it. */
static json_int_t kpi1(struct fixture *f, const struct actor *a, int64_t id, json_t **keep)
{
	json_t *r = NULL;
	assert_int_equal(report_get(f->db, a, id, &r), 0);
	json_t *kpis = json_object_get(json_object_get(r, "data"), "kpis");
	json_int_t n = -1;
	size_t i;
	json_t *k;
	json_array_foreach(kpis, i, k) {
		if (strcmp(json_string_value(json_object_get(k, "code")), "KPI1") == 0)
			n = json_integer_value(json_object_get(k, "numerator"));
	}
	if (keep)
		*keep = r;
	else
		json_decref(r);
	return n;
}

static void frozen_after_submit(void **state)
{
	struct fixture *f = *state;
	int64_t v1 = 0, v2 = 0;
	assert_int_equal(report_generate(f->db, &f->committee, 2566, &v1), 0);
	assert_int_equal(kpi1(f, &f->committee, v1, NULL), 1);
	assert_int_equal(report_update(f->db, &f->committee, v1, "งบประมาณจำกัด", "เพิ่มการอบรม"), 0);
	assert_int_equal(report_submit(f->db, &f->committee, v1), 0);
	/* submitted: no more edits, no second submit */
	assert_int_equal(report_update(f->db, &f->committee, v1, "x", NULL), ERR_CONFLICT);
	assert_int_equal(report_submit(f->db, &f->committee, v1), ERR_CONFLICT);

	manual(f, 1, "คู่มือการขออนุญาตก่อสร้าง", "2023-06-01");
	json_t *r = NULL;
	assert_int_equal(kpi1(f, &f->staff, v1, &r), 1);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "submitted");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "data"), "problems")), "งบประมาณจำกัด");
	assert_false(json_is_true(json_object_get(r, "can_edit")));
	json_decref(r);

	/* a new version follows the data */
	assert_int_equal(report_generate(f->db, &f->admin, 2566, &v2), 0);
	assert_int_equal(kpi1(f, &f->committee, v2, &r), 2);
	assert_int_equal(json_integer_value(json_object_get(r, "version")), 2);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "draft");
	assert_true(json_is_true(json_object_get(r, "can_edit")));
	json_decref(r);

	json_t *list = NULL;
	assert_int_equal(report_list(f->db, &f->staff, 2566, &list), 0);
	assert_int_equal(json_array_size(list), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "version")), 2);
	json_decref(list);
	assert_int_equal(report_list(f->db, &f->staff, 2565, &list), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
}

static void permissions_and_limits(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0;
	assert_int_equal(report_generate(f->db, &f->staff, 2566, &id), ERR_FORBIDDEN);
	assert_int_equal(report_generate(f->db, &f->committee, 1999, &id), ERR_INVAL);
	assert_int_equal(report_generate(f->db, &f->op, 2567, &id), 0);
	assert_int_equal(report_update(f->db, &f->staff, id, "x", "y"), ERR_FORBIDDEN);
	assert_int_equal(report_submit(f->db, &f->staff, id), ERR_FORBIDDEN);
	size_t n = 8001 * 3;
	char *big = malloc(n + 1);
	for (size_t i = 0; i < n; i += 3)
		memcpy(big + i, "ก", 3);
	big[n] = 0;
	assert_int_equal(report_update(f->db, &f->committee, id, big, NULL), ERR_TOOBIG);
	big[8000 * 3] = 0;
	assert_int_equal(report_update(f->db, &f->committee, id, big, NULL), 0);
	free(big);
	json_t *r = NULL;
	assert_int_equal(report_get(f->db, &f->staff, id, &r), 0);
	assert_false(json_is_true(json_object_get(r, "can_edit")));
	assert_int_equal(json_integer_value(json_object_get(r, "fy")), 2567);
	json_decref(r);
	assert_int_equal(report_get(f->db, &f->staff, id + 100, &r), ERR_NOTFOUND);
}

/* Disclosure on the public portal: only a submitted report, only by the
 * committee; the public reads published reports and nothing else. */
static void published_for_the_public(void **state)
{
	struct fixture *f = *state;
	int64_t draft = 0, sub = 0;
	assert_int_equal(report_generate(f->db, &f->committee, 2566, &sub), 0);
	assert_int_equal(report_submit(f->db, &f->committee, sub), 0);
	assert_int_equal(report_generate(f->db, &f->committee, 2566, &draft), 0);
	struct actor public_ = {.org_id = f->op.org_id};
	json_t *r = NULL, *list = NULL;

	assert_int_equal(report_publish(f->db, &f->committee, draft, true), ERR_CONFLICT);
	assert_int_equal(report_publish(f->db, &f->staff, sub, true), ERR_FORBIDDEN);
	assert_int_equal(report_get(f->db, &public_, sub, &r), ERR_NOTFOUND);
	assert_int_equal(report_list(f->db, &public_, 0, &list), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);

	assert_int_equal(report_get(f->db, &f->committee, sub, &r), 0);
	assert_true(json_is_true(json_object_get(r, "can_publish")));
	assert_true(json_is_null(json_object_get(r, "published_at")));
	json_decref(r);
	assert_int_equal(report_publish(f->db, &f->committee, sub, true), 0);
	assert_int_equal(report_get(f->db, &public_, sub, &r), 0);
	assert_true(json_is_integer(json_object_get(r, "published_at")));
	assert_false(json_is_true(json_object_get(r, "can_edit")));
	assert_false(json_is_true(json_object_get(r, "can_publish")));
	assert_non_null(json_object_get(json_object_get(r, "data"), "kpis"));
	json_decref(r);
	assert_int_equal(report_get(f->db, &public_, draft, &r), ERR_NOTFOUND);
	assert_int_equal(report_list(f->db, &public_, 0, &list), 0);
	assert_int_equal(json_array_size(list), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), sub);
	json_decref(list);
	/* The organisation still lists both. */
	assert_int_equal(report_list(f->db, &f->staff, 2566, &list), 0);
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);

	/* Withdrawn: gone from the portal. */
	assert_int_equal(report_publish(f->db, &f->committee, sub, false), 0);
	assert_int_equal(report_get(f->db, &public_, sub, &r), ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(frozen_after_submit, setup, teardown),
		cmocka_unit_test_setup_teardown(permissions_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(published_for_the_public, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
