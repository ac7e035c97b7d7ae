/*
 * cal: the Thai calendar. Dates are kept in the proleptic Gregorian
 * calendar (C.E.) and shown in the Buddhist Era (B.E. = C.E. + 543).
 * The Thai government fiscal year runs from 1 October to 30 September and
 * is named by the B.E. year in which it ends: 1 Oct 2025 starts FY 2569.
 * Local time is Asia/Bangkok (UTC+7, no daylight saving).
 */
#ifndef KLANG_CORE_CAL_H
#define KLANG_CORE_CAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct date {
	int y; /* C.E. year */
	int m; /* 1..12 */
	int d; /* 1..31 */
};

#define CAL_BE_OFFSET 543

enum cal_flags {
	CAL_THAI_DIGITS = 1, /* ๐-๙ instead of 0-9 */
	CAL_ABBREV = 2,      /* "ม.ค." instead of "มกราคม" */
	CAL_PREFIX = 4,      /* "วันที่ ๓๑ เดือน มกราคม พ.ศ. ๒๕๖๙" (official letters) */
};

bool cal_valid(struct date d);
int cal_days_in_month(int y, int m);

/* Parses "YYYY-MM-DD" (C.E.) exactly. */
int cal_parse_iso(const char *s, size_t n, struct date *out) WUR;

/*
 * Parses a date as people write it in Thai records and spreadsheets:
 * "2566-10-01" or "2023-10-01" (year first, '-' or '/'), "1/10/2566",
 * "1-10-2023", "1.10.2566" (day first, then the month), "1 ต.ค. 2566",
 * "1 ตุลาคม 2566", "วันที่ ๑ เดือน ตุลาคม พ.ศ. ๒๕๖๖", "1 Oct 2023". Thai
 * digits count as digits; spaces between parts are optional; a time after
 * the date ("2023-10-01 08:30", "…T08:30:00") is ignored. The year has
 * four digits and is B.E. when "พ.ศ." says so or when it is 2400 or more,
 * C.E. when "ค.ศ." says so or when it is less; once in C.E. it must lie in
 * 1800–2399. Returns 0, or ERR_INVAL with a Thai and English detail: the
 * form is not one of these, or the date does not exist (31 February,
 * 29 February 2566 = 2023).
 */
int cal_parse_th(const char *s, size_t n, struct date *out) WUR;

/* Writes "YYYY-MM-DD" into out (11 bytes). */
void cal_iso(struct date d, char out[11]);

/* The fiscal year (B.E.) that contains d. */
int cal_fiscal_year(struct date d);

/* First and last day of fiscal year fy_be. */
void cal_fiscal_range(int fy_be, struct date *first, struct date *last);

/* Thai month name, full or abbreviated; m in 1..12. */
const char *cal_month_th(int m, bool abbrev);

/* Appends d in the Thai form "31 มกราคม 2569", modified by cal_flags. */
void cal_format_th(struct buf *b, struct date d, unsigned flags);

/* Appends p[0..n) with ASCII digits replaced by Thai digits. */
void cal_thai_digits(struct buf *b, const char *p, size_t n);

/* Converts Thai digits in p[0..n) to ASCII, appending to b. */
void cal_ascii_digits(struct buf *b, const char *p, size_t n);

/* Unix seconds to the Bangkok-local date. */
struct date cal_from_unix(int64_t t);

/* Today in Bangkok. */
struct date cal_today(void);

/* Days since 1970-01-01 (for comparisons and arithmetic). */
int64_t cal_days(struct date d);

#endif
