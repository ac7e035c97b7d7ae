/* Tests of km/plan on a fresh organisation: the plan is public to read and
 * the committee's and admins' to edit; KPIs with targets per year within
 * the plan's period; action rows; a copy into a new period shifts the
 * targets year by year and copies the strategies and action rows; the
 * limits on sizes and counts; the audit events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "km/plan.h"
#include "store/db.h"
#include "support/org.h"

struct fixture {
	char dir[64];
	struct db *db;
	struct actor op, committee, admin, staff, exec, public_;
	int64_t plan, s1, s2, k1, k3;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (test_org_open("plan", "เทศบาลทดสอบแผน", f->dir, &f->db, &f->op))
		return -1;
	*state = f;
	test_account(f->db, &f->op, "kmc", ROLE_COMMITTEE, 0, &f->committee);
	test_account(f->db, &f->op, "admin", ROLE_ADMIN, 0, &f->admin);
	test_account(f->db, &f->op, "staff", ROLE_STAFF, 0, &f->staff);
	test_account(f->db, &f->op, "exec", ROLE_EXECUTIVE, 0, &f->exec);
	f->public_.org_id = f->op.org_id;
	assert_int_equal(plan_create(f->db, &f->committee, "แผนการจัดการความรู้ ประจำปีงบประมาณ 2564–2566", 2564, 2566,
				     "วิสัยทัศน์", &f->plan),
			 0);
	struct plan_strategy_input s = {1, "ยุทธศาสตร์หนึ่ง", "ความหมาย", "พันธกิจ", "ทุกหน่วยงาน", "เป้าประสงค์",
					"ดำเนินงาน ตั้งแต่ปี 2564–2566"};
	assert_int_equal(plan_strategy_add(f->db, &f->committee, f->plan, &s, &f->s1), 0);
	s.number = 2;
	s.title = "ยุทธศาสตร์สอง";
	assert_int_equal(plan_strategy_add(f->db, &f->admin, f->plan, &s, &f->s2), 0);
	struct plan_kpi_input k1 = {f->s1, "KPI1", "คู่มือ", "output", 1}, k3 = {f->s2, "KPI3", "พื้นที่", "system", 3};
	assert_int_equal(plan_kpi_add(f->db, &f->committee, f->plan, &k1, &f->k1), 0);
	assert_int_equal(plan_kpi_add(f->db, &f->committee, f->plan, &k3, &f->k3), 0);
	for (int y = 0; y < 3; y++) {
		assert_int_equal(plan_kpi_target_set(f->db, &f->committee, f->k1, 2564 + y, 100), 0);
		assert_int_equal(plan_kpi_target_set(f->db, &f->committee, f->k3, 2564 + y, 80 + 10 * y), 0);
	}
	struct plan_action_input a = {f->s1, 1, "จัดทำคู่มือ", "กำหนดตัวชี้วัด", "2564–2566", "จำนวนคู่มือ",
				      "1 เรื่อง", "ทุกหน่วยงาน", "รอบ 3 ปี", "บันทึกอนุมัติ"};
	assert_int_equal(plan_action_add(f->db, &f->committee, f->plan, &a, NULL), 0);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc = test_org_close(f->db, f->dir);
	free(f);
	return rc;
}

static json_t *kpi_of(json_t *plan, const char *code)
{
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(plan, "kpis"), i, k) if (!strcmp(json_string_value(json_object_get(k, "code")), code)) return k;
	fail_msg("no %s", code);
	return NULL;
}

static double target(json_t *kpi, size_t year)
{
	return json_number_value(json_object_get(json_array_get(json_object_get(kpi, "targets"), year), "target"));
}

static void read_public_edit_committee(void **state)
{
	struct fixture *f = *state;
	json_t *p = NULL;
	assert_int_equal(plan_get(f->db, &f->public_, f->plan, &p), 0);
	assert_int_equal(json_array_size(json_object_get(p, "years")), 3);
	assert_int_equal(json_array_size(json_object_get(p, "strategies")), 2);
	assert_int_equal(json_array_size(json_object_get(p, "actions")), 1);
	assert_true(target(kpi_of(p, "KPI3"), 1) == 90.0);
	assert_false(json_is_true(json_object_get(p, "can_edit")));
	json_decref(p);
	assert_int_equal(plan_list(f->db, &f->public_, &p), 0);
	assert_int_equal(json_array_size(p), 1);
	json_decref(p);
	/* Another organisation's plan is not found. */
	struct actor other = {.org_id = f->op.org_id + 1000};
	assert_int_equal(plan_get(f->db, &other, f->plan, &p), ERR_NOTFOUND);

	struct plan_fields fields = {NULL, NULL, "เป้าหมายหลัก", "จุดเน้น"};
	assert_int_equal(plan_update(f->db, &f->staff, f->plan, &fields), ERR_FORBIDDEN);
	assert_int_equal(plan_update(f->db, &f->exec, f->plan, &fields), ERR_FORBIDDEN);
	assert_int_equal(plan_update(f->db, &f->public_, f->plan, &fields), ERR_UNAUTH);
	assert_int_equal(plan_update(f->db, &f->committee, f->plan, &fields), 0);
	assert_int_equal(plan_get(f->db, &f->committee, f->plan, &p), 0);
	assert_string_equal(json_string_value(json_object_get(p, "main_goals")), "เป้าหมายหลัก");
	assert_string_equal(json_string_value(json_object_get(p, "vision")), "วิสัยทัศน์"); /* unchanged */
	assert_true(json_is_true(json_object_get(p, "can_edit")));
	json_decref(p);
	struct plan_action_input a = {0, 2, "กิจกรรม", NULL, NULL, NULL, NULL, NULL, NULL, NULL};
	assert_int_equal(plan_action_add(f->db, &f->staff, f->plan, &a, NULL), ERR_FORBIDDEN);
	struct plan_kpi_input k = {0, "C1", NULL, "outcome", 9};
	int64_t kid = 0;
	assert_int_equal(plan_kpi_add(f->db, &f->staff, f->plan, &k, &kid), ERR_FORBIDDEN);
	assert_int_equal(plan_kpi_add(f->db, &f->admin, f->plan, &k, &kid), 0);
	assert_int_equal(plan_kpi_add(f->db, &f->admin, f->plan, &k, NULL), ERR_CONFLICT); /* same code */
	k.measure = "ตัวชี้วัดของคณะกรรมการ";
	assert_int_equal(plan_kpi_update(f->db, &f->committee, kid, &k), 0);
	assert_int_equal(plan_kpi_target_set(f->db, &f->committee, kid, 2565, 60), 0);
	assert_int_equal(plan_kpi_target_set(f->db, &f->committee, kid, 2565, -1), 0); /* removed */
	assert_int_equal(plan_kpi_delete(f->db, &f->staff, kid), ERR_FORBIDDEN);
	assert_int_equal(plan_kpi_delete(f->db, &f->committee, kid), 0);
	int64_t n = 0;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action LIKE 'plan.%'", DB_NOARGS, &n), 0);
	assert_true(n >= 10);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action = 'plan.update'", DB_NOARGS, &n), 0);
	assert_int_equal(n, 1);
}

static void copy_shifts_targets(void **state)
{
	struct fixture *f = *state;
	int64_t copy = 0;
	assert_int_equal(plan_copy(f->db, &f->staff, f->plan, 2567, 2570, &copy), ERR_FORBIDDEN);
	assert_int_equal(plan_copy(f->db, &f->committee, f->plan, 2567, 2566, &copy), ERR_INVAL);
	assert_int_equal(plan_copy(f->db, &f->committee, f->plan, 2567, 2570, &copy), 0);
	json_t *p = NULL;
	assert_int_equal(plan_get(f->db, &f->public_, copy, &p), 0);
	assert_string_equal(json_string_value(json_object_get(p, "title")),
			    "แผนการจัดการความรู้ ประจำปีงบประมาณ 2567–2570");
	assert_int_equal(json_integer_value(json_object_get(p, "fy_from")), 2567);
	assert_int_equal(json_array_size(json_object_get(p, "strategies")), 2);
	assert_int_equal(json_array_size(json_object_get(p, "actions")), 1);
	json_t *k3 = kpi_of(p, "KPI3");
	assert_true(target(k3, 0) == 80.0 && target(k3, 1) == 90.0 && target(k3, 2) == 100.0);
	assert_true(target(k3, 3) == 100.0); /* beyond the source's years: its last */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(k3, "targets"), 0), "fy")), 2567);
	/* The copy's KPIs and rows point at the copy's strategies. */
	int64_t s = json_integer_value(json_object_get(k3, "strategy_id"));
	assert_true(s != f->s2 && s > 0);
	assert_int_equal(json_integer_value(json_object_get(k3, "strategy_number")), 2);
	json_t *row = json_array_get(json_object_get(p, "actions"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "evidence")), "บันทึกอนุมัติ");
	assert_int_equal(json_integer_value(json_object_get(row, "strategy_number")), 1);
	json_decref(p);
	/* The source is unchanged. */
	assert_int_equal(plan_get(f->db, &f->public_, f->plan, &p), 0);
	assert_true(target(kpi_of(p, "KPI3"), 0) == 80.0);
	json_decref(p);
	/* The KPI engine's lookup: the plan in force in the year. */
	double t = 0;
	assert_int_equal(plan_kpi_target(f->db, f->op.org_id, 2568, "KPI3", &t), 0);
	assert_true(t == 90.0);
	assert_int_equal(plan_kpi_target(f->db, f->op.org_id, 2568, "KPI2", &t), ERR_NOTFOUND);
	assert_int_equal(plan_kpi_target(f->db, f->op.org_id, 2590, "KPI3", &t), ERR_NOTFOUND);
}

static void limits(void **state)
{
	struct fixture *f = *state;
	char long_title[PLAN_TITLE_MAX * 3 + 8];
	memset(long_title, 'x', PLAN_TITLE_MAX + 1);
	long_title[PLAN_TITLE_MAX + 1] = 0;
	int64_t id = 0;
	assert_int_equal(plan_create(f->db, &f->committee, long_title, 2580, 2582, NULL, &id), ERR_INVAL);
	assert_int_equal(plan_create(f->db, &f->committee, "แผน", 2580, 2580 + PLAN_MAX_YEARS + 1, NULL, &id), ERR_INVAL);
	assert_int_equal(plan_create(f->db, &f->committee, "แผน", 2580, 2582, NULL, &id), 0);
	/* Targets: within the period, 0–100. */
	assert_int_equal(plan_kpi_target_set(f->db, &f->committee, f->k1, 2567, 50), ERR_INVAL);
	assert_int_equal(plan_kpi_target_set(f->db, &f->committee, f->k1, 2565, 101), ERR_INVAL);
	/* KPI codes and kinds. */
	struct plan_kpi_input k = {0, "KPI 9", NULL, "output", 0};
	assert_int_equal(plan_kpi_add(f->db, &f->committee, id, &k, NULL), ERR_INVAL);
	k.code = "K9";
	k.kind = "impact";
	assert_int_equal(plan_kpi_add(f->db, &f->committee, id, &k, NULL), ERR_INVAL);
	k.kind = "output";
	k.strategy_id = f->s1; /* another plan's strategy */
	assert_int_equal(plan_kpi_add(f->db, &f->committee, id, &k, NULL), ERR_INVAL);
	/* Counts: strategies. */
	struct plan_strategy_input s = {0, "ยุทธศาสตร์", NULL, NULL, NULL, NULL, NULL};
	for (int i = 1; i <= PLAN_STRATEGIES_MAX; i++) {
		s.number = i;
		assert_int_equal(plan_strategy_add(f->db, &f->committee, id, &s, NULL), 0);
	}
	s.number = PLAN_STRATEGIES_MAX + 1;
	assert_int_equal(plan_strategy_add(f->db, &f->committee, id, &s, NULL), ERR_TOOBIG);
	s.number = 100;
	assert_int_equal(plan_strategy_add(f->db, &f->committee, id, &s, NULL), ERR_INVAL);
	/* Action rows: an empty activity, an over-long note, the count. */
	struct plan_action_input a = {0, 0, "", NULL, NULL, NULL, NULL, NULL, NULL, NULL};
	assert_int_equal(plan_action_add(f->db, &f->committee, id, &a, NULL), ERR_INVAL);
	char *note = malloc(PLAN_TEXT_MAX + 2);
	memset(note, 'n', PLAN_TEXT_MAX + 1);
	note[PLAN_TEXT_MAX + 1] = 0;
	a.activity = "กิจกรรม";
	a.note = note;
	assert_int_equal(plan_action_add(f->db, &f->committee, id, &a, NULL), ERR_INVAL);
	free(note);
	a.note = NULL;
	for (int i = 0; i < PLAN_ACTIONS_MAX; i++)
		assert_int_equal(plan_action_add(f->db, &f->committee, id, &a, NULL), 0);
	assert_int_equal(plan_action_add(f->db, &f->committee, id, &a, NULL), ERR_TOOBIG);
	/* Deleting a strategy keeps its KPIs, without a strategy. */
	assert_int_equal(plan_strategy_delete(f->db, &f->committee, f->s1), 0);
	json_t *p = NULL;
	assert_int_equal(plan_get(f->db, &f->public_, f->plan, &p), 0);
	assert_true(json_is_null(json_object_get(kpi_of(p, "KPI1"), "strategy_id")));
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_public_edit_committee),
		cmocka_unit_test(copy_shifts_targets),
		cmocka_unit_test(limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
