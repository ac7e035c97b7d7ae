/* Tests of km/kmap's dashboard functions: the coverage tally per strategic
 * issue (with the uncovered items as gaps) and the year's zero-result
 * searches, which only the committee and admins read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/kmap.h"
#include "search/search.h"
#include "store/db.h"
#include "support/org.h"

static json_int_t int_at(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void tally_by_issue(void **state)
{
	(void)state;
	json_error_t e;
	json_t *map = json_loads("[{\"id\":1,\"number\":1,\"title\":\"บริการ\",\"knowledge\":["
				 "{\"id\":11,\"title\":\"ก\",\"unit_name\":\"กองช่าง\",\"covered\":true},"
				 "{\"id\":12,\"title\":\"ข\",\"unit_name\":null,\"covered\":false},"
				 "{\"id\":13,\"title\":\"ค\",\"unit_name\":\"กองคลัง\",\"covered\":true}]},"
				 "{\"id\":2,\"number\":2,\"title\":\"ว่าง\",\"knowledge\":[]},"
				 "{\"id\":3,\"number\":3,\"title\":\"ภาษี\",\"knowledge\":["
				 "{\"id\":31,\"title\":\"ง\",\"covered\":false}]}]",
				 0, &e);
	assert_non_null(map);
	json_t *t = kmap_coverage_tally(map);
	assert_non_null(t);
	assert_int_equal(int_at(t, "covered"), 2);
	assert_int_equal(int_at(t, "total"), 4);
	const json_t *issues = json_object_get(t, "issues");
	assert_int_equal(json_array_size(issues), 3);
	assert_int_equal(int_at(json_array_get(issues, 0), "covered"), 2);
	assert_int_equal(int_at(json_array_get(issues, 0), "total"), 3);
	assert_int_equal(int_at(json_array_get(issues, 1), "total"), 0);
	assert_int_equal(int_at(json_array_get(issues, 2), "covered"), 0);
	assert_int_equal(int_at(json_array_get(issues, 2), "total"), 1);
	const json_t *gaps = json_object_get(t, "gaps");
	assert_int_equal(json_array_size(gaps), 2);
	assert_int_equal(int_at(json_array_get(gaps, 0), "id"), 12);
	assert_string_equal(json_string_value(json_object_get(json_array_get(gaps, 0), "issue_title")), "บริการ");
	assert_int_equal(int_at(json_array_get(gaps, 1), "id"), 31);
	assert_int_equal(int_at(json_array_get(gaps, 1), "issue_number"), 3);
	json_decref(t);
	json_decref(map);

	/* An empty map. */
	json_t *empty = json_array();
	t = kmap_coverage_tally(empty);
	assert_int_equal(int_at(t, "total"), 0);
	assert_int_equal(json_array_size(json_object_get(t, "gaps")), 0);
	json_decref(t);
	json_decref(empty);
}

static void summary_and_search_gaps(void **state)
{
	(void)state;
	char dir[64];
	struct db *db;
	struct actor op, committee, staff;
	assert_int_equal(test_org_open("kmap", "เทศบาลทดสอบ", dir, &db, &op), 0);
	test_account(db, &op, "committee", ROLE_COMMITTEE, 0, &committee);
	test_account(db, &op, "staff", ROLE_STAFF, 0, &staff);

	int64_t issue, rk1, rk2;
	assert_int_equal(kmap_issue_create(db, &op, 1, "การบริการประชาชน", &issue), 0);
	assert_int_equal(kmap_rk_create(db, &op, issue, "การรับเรื่องร้องเรียน", 0, &rk1), 0);
	assert_int_equal(kmap_rk_create(db, &op, issue, "การจัดเก็บภาษี", 0, &rk2), 0);
	json_t *s = NULL;
	assert_int_equal(kmap_coverage_summary(db, &staff, &s), 0);
	assert_int_equal(int_at(s, "covered"), 0);
	assert_int_equal(int_at(s, "total"), 2);
	assert_int_equal(json_array_size(json_object_get(s, "gaps")), 2);
	json_decref(s);

	/* Misses on 15 March 2023 (FY 2566) and one on 15 October 2023
	 * (FY 2567). */
	struct date d = {2023, 3, 15};
	clock_set_as_of(cal_days(d) * 86400 + 3 * 3600);
	assert_int_equal(search_miss_log(db, op.org_id, 0, "ภาษีป้าย"), 0);
	assert_int_equal(search_miss_log(db, op.org_id, 0, "ภาษีป้าย"), 0);
	assert_int_equal(search_miss_log(db, op.org_id, 0, "ขออนุญาตก่อสร้าง"), 0);
	d = (struct date){2023, 10, 15};
	clock_set_as_of(cal_days(d) * 86400 + 3 * 3600);
	assert_int_equal(search_miss_log(db, op.org_id, 0, "ขออนุญาตก่อสร้าง"), 0);
	clock_set_as_of(0);

	json_t *m = NULL;
	assert_int_equal(kmap_search_gaps(db, &staff, 2566, 20, &m), ERR_FORBIDDEN);
	assert_int_equal(kmap_search_gaps(db, &committee, 1999, 20, &m), ERR_INVAL);
	assert_int_equal(kmap_search_gaps(db, &committee, 2566, 20, &m), 0);
	assert_int_equal(json_array_size(m), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "query")), "ภาษีป้าย");
	assert_int_equal(int_at(json_array_get(m, 0), "count"), 2);
	assert_int_equal(int_at(json_array_get(m, 1), "count"), 1);
	json_decref(m);
	assert_int_equal(kmap_search_gaps(db, &committee, 2567, 20, &m), 0);
	assert_int_equal(json_array_size(m), 1);
	json_decref(m);
	assert_int_equal(test_org_close(db, dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tally_by_issue),
		cmocka_unit_test(summary_and_search_gaps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
