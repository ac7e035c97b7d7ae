/* cal: B.E. dates, fiscal years, Thai month names and digits. */
#include "core/cal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const months_full[12] = {
	"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
	"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
};

static const char *const months_abbrev[12] = {
	"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
	"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
};

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool cal_valid(struct date d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= cal_days_in_month(d.y, d.m);
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int cal_parse_iso(const char *s, size_t n, struct date *out)
{
	struct date d;
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return ERR_INVAL;
	if (digits(s, 4, &d.y) || digits(s + 5, 2, &d.m) || digits(s + 8, 2, &d.d))
		return ERR_INVAL;
	if (!cal_valid(d))
		return ERR_INVAL;
	*out = d;
	return 0;
}

/* cal_parse_th */

enum era { ERA_NONE, ERA_BE, ERA_CE };

static int bad_date_form(void)
{
	return err_fail(ERR_INVAL, NULL, "อ่านวันที่ไม่ได้ กรุณาใช้รูปแบบ 1/10/2566, 2566-10-01 หรือ 1 ต.ค. 2566",
			"Unreadable date; write it as 1/10/2566, 2566-10-01 or 1 Oct 2023.");
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Removes `prefix` from the start of key; true if it was there. */
static bool cut_prefix(char *key, const char *prefix)
{
	size_t k = strlen(prefix);
	if (strncmp(key, prefix, k) != 0)
		return false;
	memmove(key, key + k, strlen(key + k) + 1);
	return true;
}

static bool cut_suffix(char *key, const char *suffix)
{
	size_t n = strlen(key), k = strlen(suffix);
	if (n < k || strcmp(key + n - k, suffix) != 0)
		return false;
	key[n - k] = 0;
	return true;
}

/* A month by its Thai name (full, or abbreviated with or without dots)
 * or English name (three letters or more); 0 if none. `key` has no dots
 * and is in lower case. */
static int month_named(const char *key)
{
	static const char *const en[12] = {"january", "february", "march",     "april",   "may",      "june",
					   "july",    "august",   "september", "october", "november", "december"};
	size_t n = strlen(key);
	for (int i = 0; i < 12; i++) {
		char ab[24];
		size_t k = 0;
		for (const char *c = months_abbrev[i]; *c && k + 1 < sizeof ab; c++) {
			if (*c != '.')
				ab[k++] = *c;
		}
		ab[k] = 0;
		if (!strcmp(key, months_full[i]) || !strcmp(key, ab) ||
		    (n >= 3 && n <= strlen(en[i]) && !strncmp(key, en[i], n)))
			return i + 1;
	}
	return 0;
}

/* A word of a date: "วันที่", "เดือน" (ignored), an era, a month name. */
static int date_word(const char *w, size_t n, int *month, enum era *era)
{
	char key[64];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '.' || w[i] == '-')
			continue;
		if (k + 1 >= sizeof key)
			return bad_date_form();
		key[k++] = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] + 32) : w[i];
	}
	key[k] = 0;
	while (cut_prefix(key, "วันที่") || cut_prefix(key, "วันที") || cut_prefix(key, "ที่") ||
	       cut_prefix(key, "เดือน"))
		;
	if (cut_suffix(key, "พศ"))
		*era = ERA_BE;
	else if (cut_suffix(key, "คศ"))
		*era = ERA_CE;
	if (!key[0])
		return 0;
	int m = month_named(key);
	if (!m || *month)
		return bad_date_form();
	*month = m;
	return 0;
}

int cal_parse_th(const char *s, size_t n, struct date *out)
{
	char t[128];
	size_t m = 0;
	if (n >= sizeof t)
		return bad_date_form();
	/* Thai digits (E0 B9 90..99) as ASCII, no-break spaces as spaces. */
	for (size_t i = 0; i < n; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (u[0] == 0xE0 && i + 2 < n && u[1] == 0xB9 && u[2] >= 0x90 && u[2] <= 0x99) {
			t[m++] = (char)('0' + (u[2] - 0x90));
			i += 2;
		} else if (u[0] == 0xC2 && i + 1 < n && u[1] == 0xA0) {
			t[m++] = ' ';
			i++;
		} else {
			t[m++] = s[i];
		}
	}
	t[m] = 0;
	/* A time of day after a space or 'T' goes. */
	char *colon = strchr(t, ':');
	if (colon) {
		char *cut = colon;
		while (cut > t && cut[-1] != ' ' && cut[-1] != 'T')
			cut--;
		if (cut == t)
			return bad_date_form();
		for (const char *c = cut; *c; c++) {
			if (!is_digit(*c) && *c != ':' && *c != '.' && *c != ' ')
				return bad_date_form();
		}
		cut[-1] = 0;
		m = strlen(t);
	}
	int num[3], digits[3], nnum = 0, month = 0;
	enum era era = ERA_NONE;
	for (size_t i = 0; i < m;) {
		if (is_digit(t[i])) {
			int v = 0, d = 0;
			for (; i < m && is_digit(t[i]); i++, d++)
				v = v * 10 + (t[i] - '0');
			if (d > 4 || nnum == 3)
				return bad_date_form();
			num[nnum] = v;
			digits[nnum++] = d;
		} else if (strchr(" \t/-.,", t[i])) {
			i++;
		} else {
			size_t j = i;
			while (j < m && !is_digit(t[j]) && !strchr(" \t/,", t[j]))
				j++;
			int rc = date_word(t + i, j - i, &month, &era);
			if (rc)
				return rc;
			i = j;
		}
	}
	struct date d;
	if (month && nnum == 2 && digits[0] <= 2 && digits[1] == 4)
		d = (struct date){num[1], month, num[0]};
	else if (!month && nnum == 3 && digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2)
		d = (struct date){num[0], num[1], num[2]};
	else if (!month && nnum == 3 && digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2)
		d = (struct date){num[2], num[1], num[0]};
	else
		return bad_date_form();
	if (era == ERA_BE || (era == ERA_NONE && d.y >= 2400))
		d.y -= CAL_BE_OFFSET;
	if (d.y < 1800 || d.y > 2399)
		return err_fail(ERR_INVAL, NULL, "ปีไม่ถูกต้อง กรุณาใช้ปี พ.ศ. หรือ ค.ศ. 4 หลัก",
				"The year is not plausible; use a four-digit B.E. or C.E. year.");
	if (!cal_valid(d))
		return err_fail(ERR_INVAL, NULL,
				"ไม่มีวันที่นี้ในปฏิทิน (เช่น 31 เมษายน หรือ 29 กุมภาพันธ์ในปีที่ไม่มีวันนั้น)",
				"No such date in the calendar (such as 31 April, or 29 February in a common year).");
	*out = d;
	return 0;
}

void cal_iso(struct date d, char out[11])
{
	unsigned y = (unsigned)d.y % 10000, m = (unsigned)d.m % 100, dd = (unsigned)d.d % 100;
	snprintf(out, 11, "%04u-%02u-%02u", y, m, dd);
}

int cal_fiscal_year(struct date d)
{
	return d.y + CAL_BE_OFFSET + (d.m >= 10 ? 1 : 0);
}

void cal_fiscal_range(int fy_be, struct date *first, struct date *last)
{
	int ce = fy_be - CAL_BE_OFFSET;
	*first = (struct date){ce - 1, 10, 1};
	*last = (struct date){ce, 9, 30};
}

const char *cal_month_th(int m, bool abbrev)
{
	if (m < 1 || m > 12)
		return "";
	return abbrev ? months_abbrev[m - 1] : months_full[m - 1];
}

void cal_thai_digits(struct buf *b, const char *p, size_t n)
{
	/* Thai digits are U+0E50..U+0E59: E0 B9 90..99 in UTF-8. */
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			buf_append(b, p + start, i - start);
			char t[3] = {(char)0xE0, (char)0xB9, (char)(0x90 + (p[i] - '0'))};
			buf_append(b, t, 3);
			start = i + 1;
		}
	}
	buf_append(b, p + start, n - start);
}

void cal_ascii_digits(struct buf *b, const char *p, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i + 2 < n; i++) {
		if ((unsigned char)p[i] == 0xE0 && (unsigned char)p[i + 1] == 0xB9 &&
		    (unsigned char)p[i + 2] >= 0x90 && (unsigned char)p[i + 2] <= 0x99) {
			buf_append(b, p + start, i - start);
			buf_putc(b, (char)('0' + ((unsigned char)p[i + 2] - 0x90)));
			i += 2;
			start = i + 1;
		}
	}
	buf_append(b, p + start, n - start);
}

static void put_num(struct buf *b, int v, unsigned flags)
{
	char tmp[16];
	int n = snprintf(tmp, sizeof tmp, "%d", v);
	if (flags & CAL_THAI_DIGITS)
		cal_thai_digits(b, tmp, (size_t)n);
	else
		buf_append(b, tmp, (size_t)n);
}

void cal_format_th(struct buf *b, struct date d, unsigned flags)
{
	bool abbrev = flags & CAL_ABBREV;
	if (flags & CAL_PREFIX)
		buf_puts(b, "วันที่ ");
	put_num(b, d.d, flags);
	buf_puts(b, (flags & CAL_PREFIX) ? " เดือน " : " ");
	buf_puts(b, cal_month_th(d.m, abbrev));
	buf_puts(b, (flags & CAL_PREFIX) ? " พ.ศ. " : " ");
	put_num(b, d.y + CAL_BE_OFFSET, flags);
}

int64_t cal_days(struct date d)
{
	/* Days from civil, after H. Hinnant's public-domain algorithm. */
	int y = d.y - (d.m <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + doe - 719468;
}

struct date cal_from_unix(int64_t t)
{
	int64_t z = (t + 7 * 3600) / 86400;
	if ((t + 7 * 3600) % 86400 < 0)
		z--;
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (struct date){(int)(y + (m <= 2)), m, d};
}

struct date cal_today(void)
{
	return cal_from_unix((int64_t)time(NULL));
}
