/* Tests of km/kpi on a small organisation whose numbers were worked out by
 * hand. Divisions A and B exist since 2019; C is created on 1 March 2023
 * (mid FY 2566). Manuals go through the whole workflow (head submits, the
 * committee reviews, the executive approves: the memo, an admin publishes):
 *
 *   A  approved 30 September 2023 (FY 2566)
 *   B  approved 1 October 2023 (FY 2567)
 *   C  approved 1 May 2023 (FY 2566), retired 1 August 2023
 *   B  registers a LINE group on 15 November 2023 (FY 2567)
 *
 *   FY 2565: KPI1 0/2 (C not yet there), KPI3 0/2
 *   FY 2566: KPI1 2/3 = 66.7 (A, C; the retired manual still counts for
 *            the year it was approved in); KPI3 1/3 = 33.3 (A's manual;
 *            C's was retired before the year ended; B had nothing yet)
 *   FY 2567: KPI1 1/3 = 33.3 (B); KPI3 2/3 = 66.7 (A's manual still
 *            published, B's manual and its LINE group)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/corner.h"
#include "km/doc.h"
#include "km/kpi.h"
#include "km/org.h"
#include "km/people.h"
#include "km/plan.h"
#include "km/workflow.h"
#include "store/db.h"
#include "support/org.h"

struct fixture {
	char dir[64];
	struct db *db;
	struct actor op, head[3], committee, executive, admin;
	int64_t unit[3];
	int64_t manual[3];
};

/* 09:00 Bangkok on a day given as YYYY-MM-DD, as Unix seconds. */
static int64_t manual(struct fixture *f, int u, const char *title, const char *approved)
{
	return test_approved_manual(f->db, &f->head[u], &f->committee, &f->executive, &f->admin, f->unit[u], title,
				    approved);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (test_org_open("kpi", "เทศบาลทดสอบตัวชี้วัด", f->dir, &f->db, &f->op))
		return -1;
	*state = f;
	static const char *const names[] = {"กองคลัง", "กองช่าง", "กองสวัสดิการสังคม"};
	static const char *const codes[] = {"A", "B", "C"};
	static const char *const logins[] = {"head-a", "head-b", "head-c"};
	for (int i = 0; i < 3; i++)
		test_division(f->db, &f->op, names[i], codes[i], logins[i], i == 2 ? "2023-03-01" : "2019-06-01",
			      &f->unit[i], &f->head[i]);
	test_account(f->db, &f->op, "kmc", ROLE_COMMITTEE, 0, &f->committee);
	test_account(f->db, &f->op, "exec", ROLE_EXECUTIVE, 0, &f->executive);
	test_account(f->db, &f->op, "admin", ROLE_ADMIN, 0, &f->admin);
	f->manual[0] = manual(f, 0, "คู่มือการเบิกจ่าย", "2023-09-30");
	f->manual[1] = manual(f, 1, "คู่มือการขออนุญาตก่อสร้าง", "2023-10-01");
	int64_t c = f->manual[2] = manual(f, 2, "คู่มือเบี้ยยังชีพ", "2023-05-01");
	clock_set_as_of(test_at("2023-08-01"));
	assert_int_equal(wf_apply(f->db, &f->head[2], c, WF_RETIRE, "ใช้ระเบียบใหม่", NULL), 0);
	clock_set_as_of(test_at("2023-11-15"));
	assert_int_equal(corner_set(f->db, &f->head[1], f->unit[1], "มุมความรู้กองช่าง", "กลุ่มไลน์กองช่าง",
				    "https://line.me/ti/g/test"),
			 0);
	clock_set_as_of(0);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc = test_org_close(f->db, f->dir);
	free(f);
	return rc;
}

static json_t *kpi(json_t *year, const char *code)
{
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(year, "kpis"), i, k) if (!strcmp(json_string_value(json_object_get(k, "code")), code)) return k;
	fail_msg("no %s", code);
	return NULL;
}

static void expect(json_t *year, const char *code, int num, int den, double value)
{
	json_t *k = kpi(year, code);
	assert_int_equal(json_integer_value(json_object_get(k, "numerator")), num);
	assert_int_equal(json_integer_value(json_object_get(k, "denominator")), den);
	if (fabs(json_real_value(json_object_get(k, "value")) - value) > 1e-9)
		fail_msg("%s value %g, want %g", code, json_real_value(json_object_get(k, "value")), value);
}

/* Whether division `unit` counts in `code`'s rows. */
static bool counted(json_t *year, const char *code, int64_t unit)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(kpi(year, code), "rows"), i, r) if (json_integer_value(json_object_get(r, "unit_id")) == unit) return json_is_true(json_object_get(r, "counted"));
	fail_msg("division %lld not in %s's rows", (long long)unit, code);
	return false;
}

static void by_hand(void **state)
{
	struct fixture *f = *state;
	json_t *y = NULL;
	/* An empty fiscal year (before any division existed): nothing to
	 * count, 0 over 0, and no indicator met. */
	assert_int_equal(kpi_year(f->db, &f->committee, 2561, true, &y), 0);
	expect(y, "KPI1", 0, 0, 0.0);
	expect(y, "KPI2", 0, 0, 0.0);
	expect(y, "KPI3", 0, 0, 0.0);
	for (size_t i = 0; i < 3; i++) {
		json_t *k = json_array_get(json_object_get(y, "kpis"), i);
		assert_false(json_is_true(json_object_get(k, "met")));
		assert_int_equal(json_array_size(json_object_get(k, "rows")), 0);
	}
	json_decref(y);

	assert_int_equal(kpi_year(f->db, &f->committee, 2565, true, &y), 0);
	expect(y, "KPI1", 0, 2, 0.0);
	expect(y, "KPI3", 0, 2, 0.0);
	assert_false(json_is_true(json_object_get(kpi(y, "KPI1"), "met")));
	json_decref(y);

	assert_int_equal(kpi_year(f->db, &f->committee, 2566, true, &y), 0);
	expect(y, "KPI1", 2, 3, 66.7);
	expect(y, "KPI3", 1, 3, 33.3);
	assert_true(counted(y, "KPI1", f->unit[0]));  /* 30 September */
	assert_false(counted(y, "KPI1", f->unit[1])); /* 1 October is the next year */
	assert_true(counted(y, "KPI1", f->unit[2]));  /* retired later: still approved this year */
	assert_false(counted(y, "KPI3", f->unit[2])); /* retired before the year ended */
	/* KPI1's evidence is the memo. */
	json_t *row = json_array_get(json_object_get(kpi(y, "KPI1"), "rows"), 0);
	assert_true(json_integer_value(json_object_get(json_array_get(json_object_get(row, "evidence"), 0), "memo_id")) > 0);
	assert_true(json_real_value(json_object_get(kpi(y, "KPI1"), "target")) == 100.0);
	json_decref(y);

	assert_int_equal(kpi_year(f->db, &f->committee, 2567, true, &y), 0);
	expect(y, "KPI1", 1, 3, 33.3);
	expect(y, "KPI3", 2, 3, 66.7);
	assert_true(counted(y, "KPI3", f->unit[1])); /* its manual and its LINE group */
	json_decref(y);

	/* Without rows, the shape of GET /api/v1/kpi. */
	assert_int_equal(kpi_year(f->db, &f->committee, 2567, false, &y), 0);
	assert_int_equal(json_integer_value(json_object_get(y, "fy")), 2567);
	assert_int_equal(json_array_size(json_object_get(y, "kpis")), 3);
	assert_null(json_object_get(kpi(y, "KPI1"), "rows"));
	json_decref(y);
	assert_int_equal(kpi_year(f->db, &f->committee, 3000, false, &y), ERR_INVAL);
	struct actor public_ = {.org_id = f->op.org_id};
	assert_int_equal(kpi_year(f->db, &public_, 2566, false, &y), ERR_UNAUTH);
}

/* Targets come from the plan in force when it sets them: a plan for
 * 2566–2568 whose KPI3 target for 2566 is 85; KPI1 has none (the default
 * 100), nor KPI3 in 2567 (the default of a plan's second year, 90); 2565
 * has no plan in force (80). */
static void plan_targets(void **state)
{
	struct fixture *f = *state;
	int64_t plan = 0, k3 = 0;
	assert_int_equal(plan_create(f->db, &f->committee, "แผนทดสอบ 2566–2568", 2566, 2568, NULL, &plan), 0);
	struct plan_kpi_input in = {0, "KPI3", "พื้นที่จัดการความรู้", "system", 3};
	assert_int_equal(plan_kpi_add(f->db, &f->committee, plan, &in, &k3), 0);
	assert_int_equal(plan_kpi_target_set(f->db, &f->committee, k3, 2566, 85), 0);
	json_t *y = NULL;
	assert_int_equal(kpi_year(f->db, &f->committee, 2566, false, &y), 0);
	assert_true(json_real_value(json_object_get(kpi(y, "KPI3"), "target")) == 85.0);
	assert_true(json_real_value(json_object_get(kpi(y, "KPI1"), "target")) == 100.0);
	assert_true(json_real_value(json_object_get(kpi(y, "KPI2"), "target")) == 80.0);
	json_decref(y);
	assert_int_equal(kpi_year(f->db, &f->committee, 2567, false, &y), 0);
	assert_true(json_real_value(json_object_get(kpi(y, "KPI3"), "target")) == 90.0);
	json_decref(y);
	assert_int_equal(kpi_year(f->db, &f->committee, 2565, false, &y), 0);
	assert_true(json_real_value(json_object_get(kpi(y, "KPI3"), "target")) == 80.0);
	json_decref(y);
}

/* A custom indicator of a plan for 2569–2571: its result typed in by the
 * committee with its evidence; KPI1–KPI3 cannot be typed in. */
static void custom_indicator(void **state)
{
	struct fixture *f = *state;
	int64_t plan = 0, sat = 0, k3 = 0;
	assert_int_equal(plan_create(f->db, &f->committee, "แผนทดสอบ 2569–2571", 2569, 2571, NULL, &plan), 0);
	struct plan_kpi_input in = {0, "KM-SAT", "ร้อยละของบุคลากรที่พึงพอใจต่อกิจกรรมการจัดการความรู้", "outcome", 4};
	assert_int_equal(plan_kpi_add(f->db, &f->committee, plan, &in, &sat), 0);
	struct plan_kpi_input in3 = {0, "KPI3", "พื้นที่จัดการความรู้", "system", 3};
	assert_int_equal(plan_kpi_add(f->db, &f->committee, plan, &in3, &k3), 0);
	assert_int_equal(plan_kpi_target_set(f->db, &f->committee, sat, 2569, 75), 0);

	/* Nothing entered yet: listed after KPI1–KPI3, not met. */
	json_t *y = NULL;
	assert_int_equal(kpi_year(f->db, &f->committee, 2569, true, &y), 0);
	assert_int_equal(json_array_size(json_object_get(y, "kpis")), 4);
	json_t *k = kpi(y, "KM-SAT");
	assert_true(json_is_true(json_object_get(k, "custom")));
	assert_false(json_is_true(json_object_get(k, "entered")));
	assert_false(json_is_true(json_object_get(k, "met")));
	assert_true(json_real_value(json_object_get(k, "target")) == 75.0);
	json_decref(y);

	/* Who and what may be entered. */
	assert_int_equal(kpi_value_set(f->db, &f->head[0], sat, 2569, 45, 60, NULL), ERR_FORBIDDEN);
	assert_int_equal(kpi_value_set(f->db, &f->committee, sat, 2568, 45, 60, NULL), ERR_INVAL);
	assert_int_equal(kpi_value_set(f->db, &f->committee, sat, 2569, 61, 60, NULL), ERR_INVAL);
	assert_int_equal(kpi_value_set(f->db, &f->committee, sat, 2569, 0, 0, NULL), ERR_INVAL);
	assert_int_equal(kpi_value_set(f->db, &f->committee, sat, 2569, -1, 60, NULL), ERR_INVAL);
	assert_int_equal(kpi_value_set(f->db, &f->committee, k3, 2569, 3, 3, NULL), ERR_INVAL);
	assert_int_equal(kpi_value_set(f->db, &f->committee, 999999, 2569, 3, 3, NULL), ERR_NOTFOUND);
	assert_int_equal(kpi_value_set(f->db, &f->committee, sat, 2569, 45, 60, "แบบสอบถามหลังกิจกรรม ๖๐ ชุด"), 0);

	/* Evidence: a published document or a link. */
	int64_t e1 = 0, e2 = 0;
	assert_int_equal(kpi_evidence_add(f->db, &f->committee, sat, 2569, "สรุปผลแบบสอบถาม", f->manual[0], NULL, &e1), 0);
	assert_int_equal(kpi_evidence_add(f->db, &f->committee, sat, 2569, "แบบสอบถามออนไลน์", 0,
					  "https://forms.example.go.th/km-sat", &e2),
			 0);
	assert_int_equal(kpi_evidence_add(f->db, &f->committee, sat, 2569, "คู่มือที่ยกเลิก", f->manual[2], NULL, NULL),
			 ERR_INVAL);
	assert_int_equal(kpi_evidence_add(f->db, &f->committee, sat, 2569, "ไม่มีที่มา", 0, NULL, NULL), ERR_INVAL);
	assert_int_equal(kpi_evidence_add(f->db, &f->committee, sat, 2569, "ลิงก์", 0, "ftp://x", NULL), ERR_INVAL);
	assert_int_equal(kpi_evidence_add(f->db, &f->committee, sat, 2569, "", 0, "https://x.example", NULL), ERR_INVAL);
	assert_int_equal(kpi_evidence_add(f->db, &f->head[0], sat, 2569, "ลิงก์", 0, "https://x.example", NULL),
			 ERR_FORBIDDEN);

	assert_int_equal(kpi_year(f->db, &f->committee, 2569, true, &y), 0);
	expect(y, "KM-SAT", 45, 60, 75.0);
	k = kpi(y, "KM-SAT");
	assert_true(json_is_true(json_object_get(k, "entered")));
	assert_true(json_is_true(json_object_get(k, "met")));
	assert_string_equal(json_string_value(json_object_get(k, "note")), "แบบสอบถามหลังกิจกรรม ๖๐ ชุด");
	json_t *rows = json_object_get(k, "rows");
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "document_title")),
			    "คู่มือการเบิกจ่าย");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "url")),
			    "https://forms.example.go.th/km-sat");
	/* KPI3 of the plan is still computed. */
	assert_null(json_object_get(kpi(y, "KPI3"), "custom"));
	json_decref(y);

	/* Another year of the plan: no result, no target. */
	assert_int_equal(kpi_year(f->db, &f->committee, 2570, true, &y), 0);
	k = kpi(y, "KM-SAT");
	assert_false(json_is_true(json_object_get(k, "entered")));
	assert_true(json_is_null(json_object_get(k, "target")));
	assert_int_equal(json_array_size(json_object_get(k, "rows")), 0);
	json_decref(y);
	/* A year the plan does not cover has no custom indicator. */
	assert_int_equal(kpi_year(f->db, &f->committee, 2572, false, &y), 0);
	assert_int_equal(json_array_size(json_object_get(y, "kpis")), 3);
	json_decref(y);

	/* Removing evidence and the result. */
	assert_int_equal(kpi_evidence_delete(f->db, &f->head[0], e1), ERR_FORBIDDEN);
	assert_int_equal(kpi_evidence_delete(f->db, &f->committee, e1), 0);
	assert_int_equal(kpi_evidence_delete(f->db, &f->committee, e1), ERR_NOTFOUND);
	assert_int_equal(kpi_value_clear(f->db, &f->committee, sat, 2569), 0);
	assert_int_equal(kpi_year(f->db, &f->committee, 2569, true, &y), 0);
	k = kpi(y, "KM-SAT");
	assert_false(json_is_true(json_object_get(k, "entered")));
	assert_int_equal(json_array_size(json_object_get(k, "rows")), 1);
	json_decref(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_hand),
		cmocka_unit_test(plan_targets),
		cmocka_unit_test(custom_indicator),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
