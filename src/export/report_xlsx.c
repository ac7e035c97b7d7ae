/* report_xlsx: the annual report as a workbook, one sheet per part, through libxlsxwriter. */
#include "export/report_xlsx.h"

#include <assert.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/cal.h"
#include "core/log.h"
#include "core/utf8.h"

#define TITLE "รายงานผลการติดตามและประเมินผลการดำเนินงานตามแผนการจัดการความรู้"
#define CELL_MAX 32767     /* bytes of text per cell (Excel holds 32767 characters) */
#define TREND_CODES_MAX 16 /* KPIs the trend sheet shows */
#define HEAD_ROW 3         /* the header row of tables below a title, a note and a blank row */
#define SUMMARY_HEAD_ROW 5 /* the header row of the summary's KPI table */

/* How a column shows its value; any column shows numbers as numbers and
 * other strings as text. */
enum show {
	SHOW_TEXT,
	SHOW_WRAP, /* long text, wrapped in its cell */
	SHOW_PCT,  /* numbers with one decimal */
	SHOW_DATE, /* "YYYY-MM-DD…" or Unix seconds as "1 มี.ค. 2566" */
	SHOW_KIND, /* an evidence kind as its Thai label */
	SHOW_MET,  /* true/false as ผ่าน/ไม่ผ่าน; "–" when the item has no target */
};

/* A column of a table: the member of an item it shows, its Thai header,
 * how, and its width in characters. Members that no column names are not
 * shown (ids among them). */
struct col {
	const char *key;
	const char *head;
	enum show show;
	double width;
};

/* The columns are at most 32 per table: a mask holds one bit each. */
typedef uint32_t col_mask;
#define MASK_ALL ((col_mask)-1)

struct xw {
	lxw_workbook *wb;
	const json_t *r, *d;
	lxw_format *big, *bold, *head, *top, *wrap, *pct;
	int rc;          /* the first failure, as an enum err */
	lxw_error lxerr; /* libxlsxwriter's first failure (for the log) */
};

static const struct col summary_cols[] = {
	{"code", "รหัส", SHOW_TEXT, 16},
	{"name_th", "ตัวชี้วัด", SHOW_WRAP, 60},
	{"numerator", "ตัวตั้ง", SHOW_TEXT, 10},
	{"denominator", "ตัวหาร", SHOW_TEXT, 10},
	{"value", "ผล (%)", SHOW_PCT, 10},
	{"target", "เป้าหมาย (%)", SHOW_PCT, 12},
	{"met", "ผ่าน/ไม่ผ่าน", SHOW_MET, 13},
};

/* Evidence rows of KPI1 and KPI3: divisions; of the committee's own
 * indicators: what the committee recorded; of KPI2: job lines. */
static const struct col row_cols[] = {
	{"name", "หน่วยงาน", SHOW_WRAP, 32},
	{"title", "หลักฐาน", SHOW_WRAP, 48},
	{"document_title", "เอกสารในระบบ", SHOW_WRAP, 40},
	{"url", "ที่อยู่ (URL)", SHOW_TEXT, 36},
};

static const struct col job_line_cols[] = {
	{"name", "สายงาน", SHOW_WRAP, 32},
	{"people", "บุคลากรในสายงาน (คน)", SHOW_TEXT, 14},
};

/* What backs a row: KPI1 approval memos of manuals, KPI2 people developed
 * and their activity, KPI3 external spaces and published documents. */
static const struct col evidence_cols[] = {
	{"kind", "ประเภทหลักฐาน", SHOW_KIND, 18},
	{"number", "เลขที่บันทึก", SHOW_TEXT, 10},
	{"title", "เรื่อง", SHOW_WRAP, 48},
	{"approved_at", "วันที่อนุมัติ", SHOW_DATE, 14},
	{"url", "ที่อยู่ (URL)", SHOW_TEXT, 36},
	{"name", "ผู้ได้รับการพัฒนา", SHOW_TEXT, 28},
	{"activity_title", "กิจกรรม", SHOW_WRAP, 44},
	{"date", "วันที่จัดกิจกรรม", SHOW_DATE, 14},
};

/* A KPI's pair of columns in the trend (headed by trend_sheet). */
static const struct col trend_cols[] = {
	{"value", "ผล (%)", SHOW_PCT, 14},
	{"target", "เป้าหมาย (%)", SHOW_PCT, 14},
};

static const struct col activity_cols[] = {
	{"title", "กิจกรรม", SHOW_WRAP, 48},
	{"kind_th", "ประเภท", SHOW_TEXT, 18},
	{"provider", "ผู้จัด", SHOW_WRAP, 24},
	{"start_date", "วันที่เริ่ม", SHOW_DATE, 14},
	{"end_date", "วันที่สิ้นสุด", SHOW_DATE, 14},
	{"hours", "ชั่วโมง", SHOW_TEXT, 9},
	{"participants", "ผู้เข้าร่วม (คน)", SHOW_TEXT, 12},
	{"cost", "ค่าใช้จ่าย (บาท)", SHOW_TEXT, 14},
};

static const struct col gap_cols[] = {
	{"issue_number", "ประเด็นที่", SHOW_TEXT, 10},
	{"issue_title", "ประเด็นความรู้", SHOW_WRAP, 36},
	{"title", "องค์ความรู้ที่ยังไม่มีเอกสาร", SHOW_WRAP, 48},
	{"unit_name", "หน่วยงาน", SHOW_WRAP, 28},
};

static const struct col committee_cols[] = {
	{"name", "ชื่อ – สกุล", SHOW_TEXT, 28},
	{"position", "ตำแหน่ง", SHOW_WRAP, 30},
	{"unit_name", "สังกัด", SHOW_WRAP, 26},
	{"role_th", "หน้าที่ในคณะกรรมการ", SHOW_TEXT, 22},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void fail(struct xw *x, int rc)
{
	if (rc && !x->rc)
		x->rc = rc;
}

static void lxw_fail(struct xw *x, lxw_error e)
{
	if (e == LXW_NO_ERROR)
		return;
	if (x->lxerr == LXW_NO_ERROR)
		x->lxerr = e;
	fail(x, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? ERR_NOMEM : ERR_IO);
}

/* Text s in a cell, cut at a character boundary to what a cell holds;
 * empty text leaves the cell blank. */
static void text(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
	size_t n = strlen(s);
	if (n == 0)
		return;
	if (n <= CELL_MAX) {
		lxw_fail(x, worksheet_write_string(ws, row, col, s, f));
		return;
	}
	char *cut = strndup(s, utf8_cut(s, n, CELL_MAX));
	if (!cut) {
		fail(x, ERR_NOMEM);
		return;
	}
	lxw_fail(x, worksheet_write_string(ws, row, col, cut, f));
	free(cut);
}

static void number(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *f)
{
	lxw_fail(x, worksheet_write_number(ws, row, col, v, f));
}

/* A text the caller has built in b (released here). */
static void text_buf(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, struct buf *b, lxw_format *f)
{
	if (buf_err(b))
		fail(x, buf_err(b));
	else
		text(x, ws, row, col, buf_cstr(b), f);
	buf_release(b);
}

/* Appends v as a Thai date ("1 มี.ค. 2566") to b: v is Unix seconds or a
 * string that starts "YYYY-MM-DD". False, appending nothing, for anything
 * else. */
static bool thai_date(struct buf *b, const json_t *v)
{
	struct date d;
	if (json_is_integer(v) && json_integer_value(v) > 0)
		d = cal_from_unix(json_integer_value(v));
	else if (!json_is_string(v) || json_string_length(v) < 10 || cal_parse_iso(json_string_value(v), 10, &d))
		return false;
	cal_format_th(b, d, CAL_ABBREV);
	return true;
}

static const char *kind_th(const char *kind)
{
	if (strcmp(kind, "external") == 0)
		return "พื้นที่ภายนอก";
	if (strcmp(kind, "document") == 0)
		return "เอกสารที่เผยแพร่";
	return kind;
}

/* The value of member c->key of o in a cell, as c shows it; nothing for
 * a missing or null member. */
static void cell(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const json_t *o,
		 const struct col *c)
{
	const json_t *v = json_object_get(o, c->key);
	if (!v || json_is_null(v))
		return;
	if (c->show == SHOW_DATE) {
		struct buf b;
		buf_init(&b, BUF_DEFAULT_MAX);
		if (thai_date(&b, v)) {
			text_buf(x, ws, row, col, &b, x->top);
			return;
		}
		buf_release(&b);
	}
	if (json_is_boolean(v)) {
		const bool t = json_is_true(v);
		const char *s = t ? "ใช่" : "ไม่ใช่";
		if (c->show == SHOW_MET)
			s = !json_is_number(json_object_get(o, "target")) ? "–" : t ? "ผ่าน" : "ไม่ผ่าน";
		text(x, ws, row, col, s, x->top);
	} else if (json_is_number(v)) {
		number(x, ws, row, col, json_number_value(v), c->show == SHOW_PCT ? x->pct : x->top);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		text(x, ws, row, col, c->show == SHOW_KIND ? kind_th(s) : s, c->show == SHOW_WRAP ? x->wrap : x->top);
	}
}

/* The columns of cols (at most 32) that o has a value for, added to m. */
static col_mask present(const struct col *cols, size_t n, const json_t *o, col_mask m)
{
	assert(n <= 32);
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(o, cols[i].key);
		if (v && !json_is_null(v))
			m |= (col_mask)1 << i;
	}
	return m;
}

/* The headers of the columns of cols in m from column c on, with their
 * widths. Returns the column after them. */
static lxw_col_t heads(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t c, const struct col *cols,
		       size_t n, col_mask m)
{
	for (size_t i = 0; i < n; i++) {
		if (!(m & ((col_mask)1 << i)))
			continue;
		text(x, ws, row, c, cols[i].head, x->head);
		lxw_fail(x, worksheet_set_column(ws, c, c, cols[i].width, NULL));
		c++;
	}
	return c;
}

/* The values of o under the columns of cols in m from column c on.
 * Returns the column after them. */
static lxw_col_t cells(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t c, const struct col *cols,
		       size_t n, col_mask m, const json_t *o)
{
	for (size_t i = 0; i < n; i++) {
		if (!(m & ((col_mask)1 << i)))
			continue;
		if (o)
			cell(x, ws, row, c, o, &cols[i]);
		c++;
	}
	return c;
}

/* A leading "ลำดับ" column. */
static void seq_head(struct xw *x, lxw_worksheet *ws, lxw_row_t row)
{
	text(x, ws, row, 0, "ลำดับ", x->head);
	lxw_fail(x, worksheet_set_column(ws, 0, 0, 7, NULL));
}

/* Freezes the rows down to the header at `head` and filters the table
 * below it, `last` its last row and `ncol` its columns. */
static void frame(struct xw *x, lxw_worksheet *ws, lxw_row_t head, lxw_row_t last, lxw_col_t ncol)
{
	worksheet_freeze_panes(ws, head + 1, 0);
	if (ncol > 0 && last > head)
		lxw_fail(x, worksheet_autofilter(ws, head, 0, last, ncol - 1));
}

static lxw_worksheet *sheet(struct xw *x, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws)
		fail(x, ERR_IO);
	return ws;
}

/* The title in the fiscal year of the report into b. */
static void title(struct buf *b, const json_t *d)
{
	buf_printf(b, "%s ประจำปีงบประมาณ พ.ศ. %lld", TITLE, (long long)json_integer_value(json_object_get(d, "fy")));
}

/* The moment the report stands for: its submission, else its creation
 * (0 for a live draft). */
static json_int_t report_time(const json_t *r)
{
	const json_t *t = json_object_get(r, "submitted_at");
	if (!json_is_integer(t))
		t = json_object_get(r, "created_at");
	return json_integer_value(t);
}

/* A label in column A and its text (wrapped) in column B. */
static void labelled(struct xw *x, lxw_worksheet *ws, lxw_row_t row, const char *label, const char *s)
{
	text(x, ws, row, 0, label, x->bold);
	text(x, ws, row, 1, s[0] ? s : "–", x->wrap);
}

static void summary_sheet(struct xw *x)
{
	lxw_worksheet *ws = sheet(x, "สรุป");
	if (!ws)
		return;
	const json_t *r = x->r, *d = x->d;
	text(x, ws, 0, 0, str(d, "org"), x->big);
	struct buf b;
	buf_init(&b, BUF_DEFAULT_MAX);
	title(&b, d);
	text_buf(x, ws, 1, 0, &b, x->bold);

	buf_init(&b, BUF_DEFAULT_MAX);
	long long version = (long long)json_integer_value(json_object_get(r, "version"));
	if (version > 0)
		buf_printf(&b, "ฉบับที่ %lld (%s)", version,
			   strcmp(str(r, "status"), "submitted") == 0 ? "เสนอผู้บริหารแล้ว" : "ฉบับร่าง");
	else
		buf_puts(&b, "ฉบับร่าง (ข้อมูล ณ วันที่ส่งออก)");
	json_int_t t = report_time(r);
	if (t > 0) {
		buf_puts(&b, " วันที่ ");
		cal_format_th(&b, cal_from_unix(t), 0);
	}
	text_buf(x, ws, 2, 0, &b, x->top);

	const json_t *plan = json_object_get(d, "plan");
	buf_init(&b, BUF_DEFAULT_MAX);
	if (json_is_object(plan))
		buf_printf(&b, "แผนการจัดการความรู้: %s (ปีงบประมาณ พ.ศ. %lld–%lld)", str(plan, "title"),
			   (long long)json_integer_value(json_object_get(plan, "fy_from")),
			   (long long)json_integer_value(json_object_get(plan, "fy_to")));
	else
		buf_puts(&b, "ยังไม่มีแผนการจัดการความรู้ในระบบ");
	text_buf(x, ws, 3, 0, &b, x->top);

	/* The KPI table: every column, whatever the KPIs hold. */
	const lxw_col_t ncol = heads(x, ws, SUMMARY_HEAD_ROW, 0, summary_cols, COUNT(summary_cols), MASK_ALL);
	lxw_row_t row = SUMMARY_HEAD_ROW + 1;
	size_t i;
	const json_t *k;
	json_array_foreach(json_object_get(d, "kpis"), i, k) {
		cells(x, ws, row, 0, summary_cols, COUNT(summary_cols), MASK_ALL, k);
		row++;
	}
	frame(x, ws, SUMMARY_HEAD_ROW, row - 1, ncol);
	row++;
	labelled(x, ws, row++, "ปัญหาและอุปสรรค", str(d, "problems"));
	labelled(x, ws, row, "ข้อเสนอแนะ", str(d, "proposals"));
	worksheet_activate(ws);
}

/* The first array member of an evidence row: what backs it. */
static const json_t *backing(const json_t *row)
{
	const char *key;
	const json_t *v;
	/* jansson's iterator takes no const; row is only read */
	json_object_foreach((json_t *)row, key, v) {
		if (json_is_array(v))
			return v;
	}
	return NULL;
}

/* Whether an evidence row counts: KPI1/KPI3 rows say "counted", KPI2's
 * job lines "developed". */
static bool counts(const json_t *row)
{
	return json_is_true(json_object_get(row, "counted")) || json_is_true(json_object_get(row, "developed"));
}

/* The worksheet of the KPI at `index`, named by its code; "ตัวชี้วัด N"
 * when the code is not a name Excel allows or is taken. */
static lxw_worksheet *kpi_worksheet(struct xw *x, const char *code, size_t index)
{
	char name[LXW_MAX_SHEETNAME_LENGTH];
	size_t n = utf8_cut(code, strlen(code), sizeof name - 1);
	memcpy(name, code, n);
	name[n] = '\0';
	for (char *p = name; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = '_';
	if (!name[0] || workbook_validate_sheet_name(x->wb, name) != LXW_NO_ERROR)
		snprintf(name, sizeof name, "ตัวชี้วัด %zu", index + 1);
	return sheet(x, name);
}

static void kpi_sheet(struct xw *x, const json_t *k, size_t index)
{
	lxw_worksheet *ws = kpi_worksheet(x, str(k, "code"), index);
	if (!ws)
		return;
	struct buf b;
	buf_init(&b, BUF_DEFAULT_MAX);
	buf_printf(&b, "%s %s", str(k, "code"), str(k, "name_th"));
	text_buf(x, ws, 0, 0, &b, x->big);

	buf_init(&b, BUF_DEFAULT_MAX);
	buf_printf(&b, "ผลการดำเนินงาน %lld จาก %lld คิดเป็นร้อยละ %.1f",
		   (long long)json_integer_value(json_object_get(k, "numerator")),
		   (long long)json_integer_value(json_object_get(k, "denominator")),
		   json_number_value(json_object_get(k, "value")));
	const json_t *target = json_object_get(k, "target");
	if (json_is_number(target))
		buf_printf(&b, " ค่าเป้าหมายร้อยละ %.1f: %s", json_number_value(target),
			   json_is_true(json_object_get(k, "met")) ? "ผ่าน" : "ไม่ผ่าน");
	else
		buf_puts(&b, " (ไม่ได้กำหนดค่าเป้าหมาย)");
	text_buf(x, ws, 1, 0, &b, x->bold);
	if (str(k, "note")[0]) {
		buf_init(&b, BUF_DEFAULT_MAX);
		buf_printf(&b, "หมายเหตุ: %s", str(k, "note"));
		text_buf(x, ws, 2, 0, &b, x->top);
	}

	const json_t *rows = json_object_get(k, "rows");
	size_t i, j;
	const json_t *row, *e;
	/* The columns: job lines when any row is one, the members rows and
	 * their evidence have. */
	bool lines = false;
	col_mask mr = 0, me = 0;
	json_array_foreach(rows, i, row) {
		lines |= json_object_get(row, "developed") != NULL;
	}
	const struct col *rc = lines ? job_line_cols : row_cols;
	const size_t nr = lines ? COUNT(job_line_cols) : COUNT(row_cols);
	json_array_foreach(rows, i, row) {
		mr = present(rc, nr, row, mr);
		json_array_foreach(backing(row), j, e) {
			me = present(evidence_cols, COUNT(evidence_cols), e, me);
		}
	}
	seq_head(x, ws, HEAD_ROW);
	text(x, ws, HEAD_ROW, 1, "นับ", x->head);
	lxw_fail(x, worksheet_set_column(ws, 1, 1, 9, NULL));
	lxw_col_t c = heads(x, ws, HEAD_ROW, 2, rc, nr, mr);
	const lxw_col_t ncol = heads(x, ws, HEAD_ROW, c, evidence_cols, COUNT(evidence_cols), me);

	/* One line per piece of evidence (one for a row without), each
	 * repeating its row so the table can be filtered. */
	lxw_row_t line = HEAD_ROW + 1;
	json_array_foreach(rows, i, row) {
		const json_t *ev = backing(row);
		const size_t n = json_array_size(ev);
		for (j = 0; j == 0 || j < n; j++) {
			number(x, ws, line, 0, (double)(i + 1), x->top);
			text(x, ws, line, 1, counts(row) ? "นับ" : "ไม่นับ", x->top);
			cells(x, ws, line, 2, rc, nr, mr, row);
			cells(x, ws, line, c, evidence_cols, COUNT(evidence_cols), me, json_array_get(ev, j));
			line++;
		}
	}
	if (line == HEAD_ROW + 1)
		text(x, ws, line, 0, "– ไม่มีรายการ –", x->top);
	frame(x, ws, HEAD_ROW, line - 1, ncol);
}

/* The KPI codes of the trend: those of the year first, then any other,
 * at most TREND_CODES_MAX. Returns how many. */
static size_t trend_codes(const json_t *d, const char **codes)
{
	size_t n = 0, i, j;
	const json_t *k, *y;
	json_array_foreach(json_object_get(d, "kpis"), i, k) {
		if (n < TREND_CODES_MAX && str(k, "code")[0])
			codes[n++] = str(k, "code");
	}
	json_array_foreach(json_object_get(d, "trend"), i, y) {
		json_array_foreach(json_object_get(y, "kpis"), j, k) {
			const char *code = str(k, "code");
			bool seen = !code[0];
			for (size_t c = 0; c < n && !seen; c++)
				seen = strcmp(codes[c], code) == 0;
			if (!seen && n < TREND_CODES_MAX)
				codes[n++] = code;
		}
	}
	return n;
}

/* One line of the trend: fiscal year fy, then each code's value and target
 * among the KPIs kpis. */
static void trend_line(struct xw *x, lxw_worksheet *ws, lxw_row_t row, json_int_t fy, const json_t *kpis,
		       const char **codes, size_t n)
{
	number(x, ws, row, 0, (double)fy, x->top);
	size_t i;
	const json_t *k;
	json_array_foreach(kpis, i, k) {
		for (size_t c = 0; c < n; c++) {
			if (strcmp(codes[c], str(k, "code")) != 0)
				continue;
			cells(x, ws, row, (lxw_col_t)(1 + 2 * c), trend_cols, COUNT(trend_cols), MASK_ALL, k);
			break;
		}
	}
}

static void trend_sheet(struct xw *x)
{
	lxw_worksheet *ws = sheet(x, "แนวโน้ม");
	if (!ws)
		return;
	text(x, ws, 0, 0, "แนวโน้มผลการดำเนินงานตามตัวชี้วัด (ร้อยละ) ในแต่ละปีงบประมาณ", x->big);
	const char *codes[TREND_CODES_MAX];
	const size_t n = trend_codes(x->d, codes);
	text(x, ws, HEAD_ROW, 0, "ปีงบประมาณ", x->head);
	lxw_fail(x, worksheet_set_column(ws, 0, 0, 12, NULL));
	for (size_t c = 0; c < n; c++) {
		struct buf b;
		for (int t = 0; t < 2; t++) {
			buf_init(&b, BUF_DEFAULT_MAX);
			buf_printf(&b, "%s %s", codes[c], trend_cols[t].head);
			text_buf(x, ws, HEAD_ROW, (lxw_col_t)(1 + 2 * c + t), &b, x->head);
		}
	}
	if (n)
		lxw_fail(x, worksheet_set_column(ws, 1, (lxw_col_t)(2 * n), 14, NULL));
	lxw_row_t row = HEAD_ROW + 1;
	const json_t *trend = json_object_get(x->d, "trend");
	size_t i;
	const json_t *y;
	json_array_foreach(trend, i, y) {
		json_int_t fy = json_integer_value(json_object_get(y, "fy"));
		trend_line(x, ws, row++, fy, json_object_get(y, "kpis"), codes, n);
	}
	/* Without a plan's years: the report's own year. */
	if (!json_array_size(trend))
		trend_line(x, ws, row++, json_integer_value(json_object_get(x->d, "fy")), json_object_get(x->d, "kpis"),
			   codes, n);
	frame(x, ws, HEAD_ROW, row - 1, (lxw_col_t)(1 + 2 * n));
}

/* A sheet of the items of list: a title, a note (may be empty), then a
 * table led by a sequence number over the columns the items have, or
 * `none` when there are no items. */
static void list_sheet(struct xw *x, const char *name, const char *head, struct buf *note, const struct col *cols,
		       size_t n, const json_t *list, const char *none)
{
	lxw_worksheet *ws = sheet(x, name);
	if (!ws) {
		buf_release(note);
		return;
	}
	text(x, ws, 0, 0, head, x->big);
	text_buf(x, ws, 1, 0, note, x->top);
	col_mask m = 0;
	size_t i;
	const json_t *o;
	json_array_foreach(list, i, o) {
		m = present(cols, n, o, m);
	}
	if (!json_array_size(list)) {
		text(x, ws, HEAD_ROW, 0, none, x->top);
		return;
	}
	seq_head(x, ws, HEAD_ROW);
	const lxw_col_t ncol = heads(x, ws, HEAD_ROW, 1, cols, n, m);
	lxw_row_t row = HEAD_ROW + 1;
	json_array_foreach(list, i, o) {
		number(x, ws, row, 0, (double)(i + 1), x->top);
		cells(x, ws, row, 1, cols, n, m, o);
		row++;
	}
	frame(x, ws, HEAD_ROW, row - 1, ncol);
}

static void activity_sheet(struct xw *x)
{
	const json_t *acts = json_object_get(x->d, "activities");
	if (!json_is_array(acts))
		return;
	struct buf note;
	buf_init(&note, BUF_DEFAULT_MAX);
	json_int_t total = json_integer_value(json_object_get(x->d, "activities_total"));
	if (total > (json_int_t)json_array_size(acts))
		buf_printf(&note, "แสดง %zu จาก %lld กิจกรรม", json_array_size(acts), (long long)total);
	list_sheet(x, "กิจกรรม", "กิจกรรมการพัฒนาบุคลากรในปีงบประมาณ", &note, activity_cols, COUNT(activity_cols), acts,
		   "ไม่มีกิจกรรมในปีงบประมาณนี้");
}

static void gap_sheet(struct xw *x)
{
	const json_t *gaps = json_object_get(x->d, "gaps"), *cov = json_object_get(x->d, "coverage");
	if (!json_is_array(gaps) && !json_is_object(cov))
		return;
	struct buf note;
	buf_init(&note, BUF_DEFAULT_MAX);
	if (json_is_object(cov))
		buf_printf(&note, "องค์ความรู้ที่จำเป็นซึ่งมีเอกสารเผยแพร่แล้ว %lld จาก %lld รายการ",
			   (long long)json_integer_value(json_object_get(cov, "covered")),
			   (long long)json_integer_value(json_object_get(cov, "total")));
	list_sheet(x, "ช่องว่างความรู้", "ช่องว่างองค์ความรู้", &note, gap_cols, COUNT(gap_cols), gaps,
		   "ไม่มีช่องว่างองค์ความรู้");
}

static void committee_sheet(struct xw *x)
{
	struct buf note;
	buf_init(&note, BUF_DEFAULT_MAX);
	list_sheet(x, "คณะกรรมการ", "คณะกรรมการจัดการความรู้", &note, committee_cols, COUNT(committee_cols),
		   json_object_get(x->d, "committee"), "ยังไม่ได้แต่งตั้งคณะกรรมการ");
}

static lxw_format *format(struct xw *x, bool bold, double size, bool wrap, const char *num)
{
	lxw_format *f = workbook_add_format(x->wb);
	if (!f) {
		fail(x, ERR_NOMEM);
		return NULL;
	}
	if (bold)
		format_set_bold(f);
	if (size > 0)
		format_set_font_size(f, size);
	if (wrap)
		format_set_text_wrap(f);
	if (num)
		format_set_num_format(f, num);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static void formats(struct xw *x)
{
	x->big = format(x, true, 14, false, NULL);
	x->bold = format(x, true, 0, false, NULL);
	x->head = format(x, true, 0, true, NULL);
	x->top = format(x, false, 0, false, NULL);
	x->wrap = format(x, false, 0, true, NULL);
	x->pct = format(x, false, 0, false, "0.0");
	if (x->head) {
		format_set_bottom(x->head, LXW_BORDER_THIN);
		format_set_bg_color(x->head, 0xDDEBF7);
	}
}

/* Title and author (the organisation) of the document. */
static void properties(struct xw *x)
{
	struct buf t, a;
	buf_init(&t, BUF_DEFAULT_MAX);
	buf_init(&a, BUF_DEFAULT_MAX);
	title(&t, x->d);
	buf_puts(&a, str(x->d, "org"));
	buf_putc(&t, '\0');
	buf_putc(&a, '\0');
	if (buf_err(&t) || buf_err(&a)) {
		fail(x, buf_err(&t) ? buf_err(&t) : buf_err(&a));
	} else {
		lxw_doc_properties p = {.title = t.p, .author = a.p, .company = a.p,
					.created = (time_t)report_time(x->r)};
		lxw_fail(x, workbook_set_properties(x->wb, &p));
	}
	buf_release(&t);
	buf_release(&a);
}

/* Appends the file at `path` to out. */
static int slurp(const char *path, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return ERR_IO;
	int rc = buf_read_fd(out, fd);
	close(fd);
	return rc;
}

static void sheets(struct xw *x)
{
	formats(x);
	if (x->rc)
		return;
	properties(x);
	summary_sheet(x);
	size_t i;
	const json_t *k;
	json_array_foreach(json_object_get(x->d, "kpis"), i, k) {
		kpi_sheet(x, k, i);
	}
	trend_sheet(x);
	activity_sheet(x);
	gap_sheet(x);
	committee_sheet(x);
}

static pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;

int report_xlsx_render(const json_t *r, struct buf *out)
{
	assert(out);
	const json_t *d = json_object_get(r, "data");
	if (!json_is_object(d))
		return err_fail(ERR_INVAL, "data", "รายงานไม่มีข้อมูล", "The report holds no data.");
	struct xw x = {.r = r, .d = d};
	struct buf dir, path;
	int fd = -1, rc = ERR_NOMEM;
	const char *tmp = getenv("TMPDIR");
	buf_init(&dir, 4096);
	buf_init(&path, 4096);
	buf_puts(&dir, tmp && tmp[0] == '/' ? tmp : "/tmp");
	buf_printf(&path, "%s/klang-report-XXXXXX", buf_cstr(&dir));
	if (buf_err(&dir) || buf_err(&path))
		goto out;
	/* The file exists, private (0600), from here until `out`; the
	 * writer opens it again by name. */
	fd = mkstemp(path.p);
	if (fd < 0) {
		rc = ERR_IO;
		goto out;
	}
	lxw_workbook_options opt = {.tmpdir = dir.p};
	x.wb = workbook_new_opt(path.p, &opt);
	if (!x.wb)
		goto out;
	sheets(&x);
	/* Closing writes the file and frees the workbook, whatever failed.
	 * libxlsxwriter formats the document's dates with gmtime(), whose
	 * result is shared by the process: one workbook closes at a time. */
	pthread_mutex_lock(&close_lock);
	lxw_fail(&x, workbook_close(x.wb));
	pthread_mutex_unlock(&close_lock);
	rc = x.rc;
	if (!rc)
		rc = slurp(path.p, out);
	else if (x.lxerr != LXW_NO_ERROR)
		log_error("report xlsx: writing the workbook failed: %s", lxw_strerror(x.lxerr));
out:
	if (fd >= 0) {
		close(fd);
		unlink(path.p);
	}
	buf_release(&path);
	buf_release(&dir);
	if (rc == ERR_IO)
		return err_fail(ERR_IO, NULL, "สร้างไฟล์ Excel ของรายงานไม่สำเร็จ",
				"The report workbook could not be written.");
	if (rc == ERR_NOMEM)
		return err_fail(ERR_NOMEM, NULL, "หน่วยความจำไม่พอสำหรับสร้างไฟล์ Excel",
				"Out of memory writing the workbook.");
	return rc;
}
