/* Tests of core/cal: B.E. dates, fiscal years, Thai digits and month names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/cal.h"

static struct date d(int y, int m, int dd)
{
	return (struct date){y, m, dd};
}

static void fiscal_year_boundaries(void **state)
{
	(void)state;
	assert_int_equal(cal_fiscal_year(d(2025, 9, 30)), 2568);
	assert_int_equal(cal_fiscal_year(d(2025, 10, 1)), 2569);
	assert_int_equal(cal_fiscal_year(d(2026, 1, 31)), 2569);
	assert_int_equal(cal_fiscal_year(d(2026, 11, 24)), 2570);
	assert_int_equal(cal_fiscal_year(d(2020, 10, 1)), 2564); /* the seed plan's first year */
	struct date first, last;
	cal_fiscal_range(2566, &first, &last);
	assert_true(first.y == 2022 && first.m == 10 && first.d == 1);
	assert_true(last.y == 2023 && last.m == 9 && last.d == 30);
}

static void official_thai_date(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 256);
	cal_format_th(&b, d(2026, 1, 31), CAL_THAI_DIGITS);
	assert_string_equal(buf_cstr(&b), "๓๑ มกราคม ๒๕๖๙");
	buf_reset(&b);
	cal_format_th(&b, d(2026, 1, 31), 0);
	assert_string_equal(buf_cstr(&b), "31 มกราคม 2569");
	buf_reset(&b);
	cal_format_th(&b, d(2020, 9, 17), CAL_ABBREV);
	assert_string_equal(buf_cstr(&b), "17 ก.ย. 2563");
	buf_reset(&b);
	cal_format_th(&b, d(2020, 9, 17), CAL_PREFIX | CAL_THAI_DIGITS);
	assert_string_equal(buf_cstr(&b), "วันที่ ๑๗ เดือน กันยายน พ.ศ. ๒๕๖๓");
	buf_release(&b);
}

static void month_names(void **state)
{
	(void)state;
	assert_string_equal(cal_month_th(1, false), "มกราคม");
	assert_string_equal(cal_month_th(12, false), "ธันวาคม");
	assert_string_equal(cal_month_th(2, true), "ก.พ.");
	assert_string_equal(cal_month_th(0, false), "");
	assert_string_equal(cal_month_th(13, true), "");
}

static void digits_both_ways(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 256);
	cal_thai_digits(&b, "ที่ 3152/2563", strlen("ที่ 3152/2563"));
	assert_string_equal(buf_cstr(&b), "ที่ ๓๑๕๒/๒๕๖๓");
	char copy[64];
	snprintf(copy, sizeof copy, "%s", buf_cstr(&b));
	buf_reset(&b);
	cal_ascii_digits(&b, copy, strlen(copy));
	assert_string_equal(buf_cstr(&b), "ที่ 3152/2563");
	buf_reset(&b);
	cal_ascii_digits(&b, "๐๙", strlen("๐๙"));
	assert_string_equal(buf_cstr(&b), "09");
	buf_release(&b);
}

static void parse_and_validate(void **state)
{
	(void)state;
	struct date x;
	assert_int_equal(cal_parse_iso("2024-02-29", 10, &x), 0);
	assert_int_equal(x.y * 10000 + x.m * 100 + x.d, 20240229);
	assert_int_not_equal(cal_parse_iso("2023-02-29", 10, &x), 0);
	assert_int_not_equal(cal_parse_iso("2023-13-01", 10, &x), 0);
	assert_int_not_equal(cal_parse_iso("2023-1-01", 9, &x), 0);
	assert_int_not_equal(cal_parse_iso("2023-01-0a", 10, &x), 0);
	assert_int_not_equal(cal_parse_iso("2023-01-01x", 11, &x), 0);
	char iso[11];
	cal_iso(d(2026, 1, 5), iso);
	assert_string_equal(iso, "2026-01-05");
	assert_true(cal_valid(d(2000, 2, 29)));
	assert_false(cal_valid(d(1900, 2, 29)));
}

/* cal_parse_th: y*10000 + m*100 + d, or -1 when refused. */
static int th(const char *s)
{
	struct date x;
	err_clear();
	if (cal_parse_th(s, strlen(s), &x)) {
		assert_int_equal(err_last()->code, ERR_INVAL);
		assert_non_null(err_last()->msg_th);
		return -1;
	}
	return x.y * 10000 + x.m * 100 + x.d;
}

static void thai_dates_parsed(void **state)
{
	(void)state;
	/* ISO, either era; B.E. from 2400. */
	assert_int_equal(th("2023-10-01"), 20231001);
	assert_int_equal(th("2566-10-01"), 20231001);
	assert_int_equal(th("2566/1/5"), 20230105);
	/* Day first, B.E. or C.E., any separator. */
	assert_int_equal(th("1/10/2566"), 20231001);
	assert_int_equal(th("01-10-2023"), 20231001);
	assert_int_equal(th("1.10.2566"), 20231001);
	assert_int_equal(th(" 30/9/2567 "), 20240930);
	/* Thai digits, month names, the official long form. */
	assert_int_equal(th("๑/๑๐/๒๕๖๖"), 20231001);
	assert_int_equal(th("1 ต.ค. 2566"), 20231001);
	assert_int_equal(th("1 ตค 2566"), 20231001);
	assert_int_equal(th("1ต.ค.2566"), 20231001);
	assert_int_equal(th("1 ตุลาคม 2566"), 20231001);
	assert_int_equal(th("๑๗ ก.ย. ๒๕๖๓"), 20200917);
	assert_int_equal(th("วันที่ ๓๑ เดือน มกราคม พ.ศ. ๒๕๖๙"), 20260131);
	assert_int_equal(th("วันที่ 1 เดือนมีนาคม พ.ศ.2567"), 20240301);
	assert_int_equal(th("1 มี.ค. ค.ศ. 2024"), 20240301);
	assert_int_equal(th("1 Oct 2023"), 20231001);
	assert_int_equal(th("1 October 2566"), 20231001);
	/* A time after the date is ignored. */
	assert_int_equal(th("2023-10-01 08:30"), 20231001);
	assert_int_equal(th("2023-10-01T08:30:00"), 20231001);
	assert_int_equal(th("1/10/2566 0:00"), 20231001);
	/* Leap days by the C.E. year the B.E. year stands for. */
	assert_int_equal(th("29/2/2567"), 20240229);
	assert_int_equal(th("29 ก.พ. 2567"), 20240229);
	assert_int_equal(th("29/2/2566"), -1);
	assert_int_equal(th("2023-02-29"), -1);
	/* Dates that do not exist, and forms that are not dates. */
	assert_int_equal(th("31/4/2566"), -1);
	assert_int_equal(th("32 ต.ค. 2566"), -1);
	assert_int_equal(th("1/13/2566"), -1);
	assert_int_equal(th("0/10/2566"), -1);
	assert_int_equal(th("1/10/66"), -1);     /* two-digit years are ambiguous */
	assert_int_equal(th("1/10/0566"), -1);   /* not a plausible year */
	assert_int_equal(th("1 ต.ค. ต.ค. 2566"), -1);
	assert_int_equal(th("1 ตุลา 2566"), -1);
	assert_int_equal(th("1 ม.ค. พ.ศ. 1999"), -1); /* a B.E. year that is C.E. 1456 */
	assert_int_equal(th(""), -1);
	assert_int_equal(th("เมื่อวาน"), -1);
	assert_int_equal(th("2566"), -1);
	assert_int_equal(th("1/2/3/2566"), -1);
	assert_int_equal(th("12345-10-01"), -1);
	assert_int_equal(th("08:30"), -1);
}

static void bangkok_local_date(void **state)
{
	(void)state;
	/* 2026-01-30 17:00 UTC is already 2026-01-31 00:00 in Bangkok. */
	struct date x = cal_from_unix(1769792400);
	assert_true(x.y == 2026 && x.m == 1 && x.d == 31);
	x = cal_from_unix(1769792399);
	assert_true(x.y == 2026 && x.m == 1 && x.d == 30);
	assert_int_equal(cal_days(d(1970, 1, 1)), 0);
	assert_int_equal(cal_days(d(2026, 1, 31)) - cal_days(d(2025, 12, 31)), 31);
	struct date today = cal_today();
	assert_true(cal_valid(today));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fiscal_year_boundaries), cmocka_unit_test(official_thai_date),
		cmocka_unit_test(month_names),            cmocka_unit_test(digits_both_ways),
		cmocka_unit_test(parse_and_validate),     cmocka_unit_test(bangkok_local_date),
		cmocka_unit_test(thai_dates_parsed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
