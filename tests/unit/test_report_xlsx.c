/* Tests of export/report_xlsx: a sample report rendered to XLSX and read
 * back with export/zipxml (sheet names, cells with shared strings
 * resolved and numbers told from text, the document's properties) and
 * with export/table (the summary, the first sheet); names a KPI code
 * cannot be; no temporary file left behind; no data is ERR_INVAL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "export/report_xlsx.h"
#include "export/table.h"
#include "export/zipxml.h"

static json_t *sample(void)
{
	json_t *rows = json_pack("[{s:i,s:s,s:b,s:[{s:i,s:s,s:i}]},{s:i,s:s,s:b,s:[]}]", "unit_id", 7, "name", "กองคลัง",
				 "counted", 1, "evidence", "number", 12, "title", "คู่มือการเบิกจ่าย", "approved_at",
				 1677650400, "unit_id", 8, "name", "กองช่าง", "counted", 0, "evidence");
	json_t *lines = json_pack("[{s:i,s:s,s:i,s:b,s:[{s:i,s:s,s:s,s:s}]}]", "id", 3, "name", "สายงานการเงินและบัญชี",
				  "people", 4, "developed", 1, "developed_people", "person_id", 9, "name", "นางสาวมณี ดีงาม",
				  "activity_title", "อบรมระบบบัญชี", "date", "2023-03-01");
	json_t *kpis = json_pack("[{s:s,s:s,s:i,s:i,s:f,s:f,s:b,s:o},{s:s,s:s,s:i,s:i,s:f,s:f,s:b,s:o},"
				 "{s:s,s:s,s:i,s:i,s:f,s:f,s:b,s:[]}]",
				 "code", "KPI1", "name_th", "ส่วนราชการที่มีคู่มือการปฏิบัติงาน", "numerator", 2,
				 "denominator", 3, "value", 66.7, "target", 100.0, "met", 0, "rows", rows, "code", "KPI2",
				 "name_th", "สายงานที่ได้รับการพัฒนา", "numerator", 1, "denominator", 1, "value", 100.0,
				 "target", 80.0, "met", 1, "rows", lines, "code", "KPI3", "name_th",
				 "ส่วนราชการที่มีพื้นที่การจัดการความรู้", "numerator", 1, "denominator", 3, "value", 33.3,
				 "target", 90.0, "met", 0, "rows");
	json_t *trend = json_pack("[{s:i,s:[{s:s,s:f,s:f}]},{s:i,s:[{s:s,s:f,s:f},{s:s,s:f,s:f}]}]", "fy", 2565,
				  "kpis", "code", "KPI1", "value", 50.0, "target", 100.0, "fy", 2566, "kpis", "code",
				  "KPI1", "value", 66.7, "target", 100.0, "code", "KPI3", "value", 33.3, "target", 90.0);
	json_t *acts = json_pack("[{s:i,s:s,s:s,s:s,s:i}]", "id", 5, "title", "อบรมการเขียนคู่มือการปฏิบัติงาน",
				 "kind_th", "ฝึกอบรม", "start_date", "2023-03-01", "participants", 20);
	json_t *data = json_pack(
		"{s:i,s:s,s:{s:s,s:i,s:i},s:o,s:o,s:o,s:{s:i,s:i},s:[{s:s,s:s}],s:[{s:s,s:s,s:s}],s:s,s:s}", "fy",
		2566, "org", "เทศบาลตำบลทดสอบ", "plan", "title", "แผนการจัดการความรู้ ปี 2564–2566", "fy_from", 2564,
		"fy_to", 2566, "kpis", kpis, "trend", trend, "activities", acts, "coverage", "covered", 3, "total", 5,
		"gaps", "title", "การจัดเก็บภาษีป้าย", "unit_name", "กองคลัง", "committee", "name", "นายสมชาย ใจดี",
		"position", "ปลัดเทศบาล", "role_th", "ประธานกรรมการ", "problems", "บุคลากรมีภารกิจมาก", "proposals",
		"ควรจัดเวทีแลกเปลี่ยนทุกไตรมาส");
	return json_pack("{s:i,s:i,s:i,s:s,s:i,s:o}", "id", 1, "fy", 2566, "version", 2, "status", "submitted",
			 "submitted_at", 1700000000, "data", data);
}

/* A workbook read back: its parts as text. */
struct book {
	struct buf xlsx;
	struct zipxml z;
	struct extract_limits lim;
	char **sst; /* the shared strings */
	size_t nsst;
};

/* What a walk gathers: the text of a part, and where it is. */
struct walk {
	struct book *bk;
	struct buf out;
	struct buf si; /* the shared string being read */
	bool in_t, in_v, shared, cell_seen;
	const char *want; /* the element whose text counts (NULL: every one) */
	bool in_want;
};

static char *attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, BAD_CAST name);
}

static int sst_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct walk *w = ctx;
	struct book *bk = w->bk;
	(void)ns;
	if (type == XML_READER_TYPE_ELEMENT && strcmp(local, "si") == 0) {
		buf_reset(&w->si);
	} else if (type == XML_READER_TYPE_ELEMENT && strcmp(local, "t") == 0) {
		w->in_t = !xmlTextReaderIsEmptyElement(r);
	} else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(local, "t") == 0) {
		w->in_t = false;
	} else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(local, "si") == 0) {
		bk->sst = realloc(bk->sst, (bk->nsst + 1) * sizeof *bk->sst);
		assert_non_null(bk->sst);
		bk->sst[bk->nsst] = strdup(buf_cstr(&w->si));
		assert_non_null(bk->sst[bk->nsst]);
		bk->nsst++;
	} else if (zipxml_is_text(type) && w->in_t) {
		buf_puts(&w->si, (const char *)xmlTextReaderConstValue(r));
	}
	return ZIPXML_NEXT;
}

/* A sheet as lines of cells joined by tabs: text as it is, numbers as
 * "#value". */
static int sheet_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct walk *w = ctx;
	(void)ns;
	if (type == XML_READER_TYPE_ELEMENT && strcmp(local, "row") == 0) {
		if (w->out.len)
			buf_putc(&w->out, '\n');
		w->cell_seen = false;
	} else if (type == XML_READER_TYPE_ELEMENT && strcmp(local, "c") == 0) {
		char *t = attr(r, "t");
		w->shared = t && strcmp(t, "s") == 0;
		xmlFree(t);
		if (w->cell_seen)
			buf_putc(&w->out, '\t');
		w->cell_seen = true;
	} else if (type == XML_READER_TYPE_ELEMENT && strcmp(local, "v") == 0) {
		w->in_v = !xmlTextReaderIsEmptyElement(r);
	} else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(local, "v") == 0) {
		w->in_v = false;
	} else if (zipxml_is_text(type) && w->in_v) {
		const char *v = (const char *)xmlTextReaderConstValue(r);
		if (w->shared) {
			size_t i = strtoul(v, NULL, 10);
			assert_true(i < w->bk->nsst);
			buf_puts(&w->out, w->bk->sst[i]);
		} else {
			buf_printf(&w->out, "#%s", v);
		}
	}
	return ZIPXML_NEXT;
}

/* Any part as its elements' names, attributes and text, "<name a=v>text". */
static int any_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct walk *w = ctx;
	(void)ns;
	if (type == XML_READER_TYPE_ELEMENT) {
		buf_printf(&w->out, "<%s", local);
		while (xmlTextReaderMoveToNextAttribute(r) == 1)
			buf_printf(&w->out, " %s=%s", (const char *)xmlTextReaderConstLocalName(r),
				   (const char *)xmlTextReaderConstValue(r));
		xmlTextReaderMoveToElement(r);
		buf_putc(&w->out, '>');
	} else if (zipxml_is_text(type)) {
		buf_puts(&w->out, (const char *)xmlTextReaderConstValue(r));
	}
	return ZIPXML_NEXT;
}

static void book_open(struct book *bk, const json_t *r)
{
	memset(bk, 0, sizeof *bk);
	bk->lim = EXTRACT_LIMITS_DEFAULT;
	buf_init(&bk->xlsx, 32 << 20);
	err_clear();
	int rc = report_xlsx_render(r, &bk->xlsx);
	if (rc)
		fail_msg("report_xlsx_render: %d (%s)", rc, err_last()->msg_en ? err_last()->msg_en : "");
	assert_true(bk->xlsx.len > 1000);
	assert_memory_equal(bk->xlsx.p, "PK\x03\x04", 4);
	assert_int_equal(zipxml_open(&bk->z, bk->xlsx.p, bk->xlsx.len, &bk->lim), 0);
	struct walk w = {.bk = bk};
	buf_init(&w.si, 1 << 20);
	assert_int_equal(zipxml_walk(&bk->z, "xl/sharedStrings.xml", sst_node, &w, NULL), 0);
	buf_release(&w.si);
}

static void book_close(struct book *bk)
{
	for (size_t i = 0; i < bk->nsst; i++)
		free(bk->sst[i]);
	free(bk->sst);
	zipxml_close(&bk->z);
	buf_release(&bk->xlsx);
}

/* Part `name` as text through fn; the caller frees the result. */
static char *part(struct book *bk, const char *name, zipxml_node_fn fn)
{
	struct walk w = {.bk = bk};
	buf_init(&w.out, 8 << 20);
	int rc = zipxml_walk(&bk->z, name, fn, &w, NULL);
	if (rc)
		fail_msg("%s: %d", name, rc);
	size_t n;
	char *s = buf_take(&w.out, &n);
	assert_non_null(s);
	return s;
}

static bool has(const char *text, const char *want)
{
	bool ok = strstr(text, want) != NULL;
	if (!ok)
		print_error("missing: %s\nin:\n%s\n", want, text);
	return ok;
}

static bool has_shared(const struct book *bk, const char *want)
{
	for (size_t i = 0; i < bk->nsst; i++)
		if (strcmp(bk->sst[i], want) == 0)
			return true;
	print_error("not a shared string: %s\n", want);
	return false;
}

static void renders_sheets(void **state)
{
	(void)state;
	json_t *r = sample();
	assert_non_null(r);
	struct book bk;
	book_open(&bk, r);

	char *wb = part(&bk, "xl/workbook.xml", any_node);
	assert_true(has(wb, "<sheet name=สรุป sheetId=1 "));
	assert_true(has(wb, "<sheet name=KPI1 sheetId=2 "));
	assert_true(has(wb, "<sheet name=KPI2 sheetId=3 "));
	assert_true(has(wb, "<sheet name=KPI3 sheetId=4 "));
	assert_true(has(wb, "<sheet name=แนวโน้ม sheetId=5 "));
	assert_true(has(wb, "<sheet name=กิจกรรม sheetId=6 "));
	assert_true(has(wb, "<sheet name=ช่องว่างความรู้ sheetId=7 "));
	assert_true(has(wb, "<sheet name=คณะกรรมการ sheetId=8 "));
	assert_null(strstr(wb, "sheetId=9 "));
	free(wb);

	assert_true(has_shared(&bk, "รายงานผลการติดตามและประเมินผลการดำเนินงานตามแผนการจัดการความรู้"
				    " ประจำปีงบประมาณ พ.ศ. 2566"));
	assert_true(has_shared(&bk, "เทศบาลตำบลทดสอบ"));

	/* The summary: its KPI table, numbers as numbers */
	char *s = part(&bk, "xl/worksheets/sheet1.xml", sheet_node);
	assert_true(has(s, "เทศบาลตำบลทดสอบ\n"));
	assert_true(has(s, "\nฉบับที่ 2 (เสนอผู้บริหารแล้ว) วันที่ 15 พฤศจิกายน 2566\n"));
	assert_true(has(s, "\nแผนการจัดการความรู้: แผนการจัดการความรู้ ปี 2564–2566 (ปีงบประมาณ พ.ศ. 2564–2566)\n"));
	assert_true(has(s, "\nรหัส\tตัวชี้วัด\tตัวตั้ง\tตัวหาร\tผล (%)\tเป้าหมาย (%)\tผ่าน/ไม่ผ่าน\n"));
	assert_true(has(s, "\nKPI1\tส่วนราชการที่มีคู่มือการปฏิบัติงาน\t#2\t#3\t#66.7\t#100\tไม่ผ่าน\n"));
	assert_true(has(s, "\nKPI2\tสายงานที่ได้รับการพัฒนา\t#1\t#1\t#100\t#80\tผ่าน\n"));
	assert_true(has(s, "\nKPI3\tส่วนราชการที่มีพื้นที่การจัดการความรู้\t#1\t#3\t#33.3\t#90\tไม่ผ่าน\n"));
	assert_true(has(s, "\nปัญหาและอุปสรรค\tบุคลากรมีภารกิจมาก\nข้อเสนอแนะ\tควรจัดเวทีแลกเปลี่ยนทุกไตรมาส"));
	free(s);
	char *styles = part(&bk, "xl/styles.xml", any_node);
	assert_true(has(styles, "formatCode=0.0>"));
	free(styles);
	char *sheet1 = part(&bk, "xl/worksheets/sheet1.xml", any_node);
	assert_true(has(sheet1, "<pane ySplit=6 topLeftCell=A7 activePane=bottomLeft state=frozen>"));
	free(sheet1);

	/* KPI1: divisions, one line per piece of evidence, ids left out */
	s = part(&bk, "xl/worksheets/sheet2.xml", sheet_node);
	assert_true(has(s, "KPI1 ส่วนราชการที่มีคู่มือการปฏิบัติงาน\n"));
	assert_true(has(s, "\nผลการดำเนินงาน 2 จาก 3 คิดเป็นร้อยละ 66.7 ค่าเป้าหมายร้อยละ 100.0: ไม่ผ่าน\n"));
	assert_true(has(s, "\nลำดับ\tนับ\tหน่วยงาน\tเลขที่บันทึก\tเรื่อง\tวันที่อนุมัติ\n"));
	assert_true(has(s, "\n#1\tนับ\tกองคลัง\t#12\tคู่มือการเบิกจ่าย\t1 มี.ค. 2566\n"));
	assert_true(has(s, "\n#2\tไม่นับ\tกองช่าง"));
	assert_null(strstr(s, "#7"));
	free(s);
	char *sheet2 = part(&bk, "xl/worksheets/sheet2.xml", any_node);
	assert_true(has(sheet2, "<pane ySplit=4 topLeftCell=A5 activePane=bottomLeft state=frozen>"));
	assert_true(has(sheet2, "<autoFilter ref=A4:F6>"));
	free(sheet2);

	/* KPI2: job lines and the people developed */
	s = part(&bk, "xl/worksheets/sheet3.xml", sheet_node);
	assert_true(has(s, "\nลำดับ\tนับ\tสายงาน\tบุคลากรในสายงาน (คน)\tผู้ได้รับการพัฒนา\tกิจกรรม\tวันที่จัดกิจกรรม\n"));
	assert_true(has(s, "\n#1\tนับ\tสายงานการเงินและบัญชี\t#4\tนางสาวมณี ดีงาม\tอบรมระบบบัญชี\t1 มี.ค. 2566"));
	free(s);

	/* KPI3 without rows */
	s = part(&bk, "xl/worksheets/sheet4.xml", sheet_node);
	assert_true(has(s, "\nลำดับ\tนับ\n– ไม่มีรายการ –"));
	free(s);

	/* The trend: a year per line, each KPI's value and target */
	s = part(&bk, "xl/worksheets/sheet5.xml", sheet_node);
	assert_true(has(s, "\nปีงบประมาณ\tKPI1 ผล (%)\tKPI1 เป้าหมาย (%)\tKPI2 ผล (%)\tKPI2 เป้าหมาย (%)"
			   "\tKPI3 ผล (%)\tKPI3 เป้าหมาย (%)\n"));
	assert_true(has(s, "\n#2565\t#50\t#100\n"));
	assert_true(has(s, "\n#2566\t#66.7\t#100\t#33.3\t#90"));
	free(s);

	s = part(&bk, "xl/worksheets/sheet6.xml", sheet_node);
	assert_true(has(s, "\n#1\tอบรมการเขียนคู่มือการปฏิบัติงาน\tฝึกอบรม\t1 มี.ค. 2566\t#20"));
	free(s);
	s = part(&bk, "xl/worksheets/sheet7.xml", sheet_node);
	assert_true(has(s, "\nองค์ความรู้ที่จำเป็นซึ่งมีเอกสารเผยแพร่แล้ว 3 จาก 5 รายการ\n"));
	assert_true(has(s, "\n#1\tการจัดเก็บภาษีป้าย\tกองคลัง"));
	free(s);
	s = part(&bk, "xl/worksheets/sheet8.xml", sheet_node);
	assert_true(has(s, "\nลำดับ\tชื่อ – สกุล\tตำแหน่ง\tหน้าที่ในคณะกรรมการ\n#1\tนายสมชาย ใจดี\tปลัดเทศบาล\tประธานกรรมการ"));
	free(s);

	char *core = part(&bk, "docProps/core.xml", any_node);
	assert_true(has(core, "<title>รายงานผลการติดตามและประเมินผลการดำเนินงานตามแผนการจัดการความรู้"
			      " ประจำปีงบประมาณ พ.ศ. 2566"));
	assert_true(has(core, "<creator>เทศบาลตำบลทดสอบ"));
	free(core);
	book_close(&bk);

	/* export/table reads the summary, the first sheet */
	struct buf x;
	buf_init(&x, 32 << 20);
	assert_int_equal(report_xlsx_render(r, &x), 0);
	struct table *t = NULL;
	assert_int_equal(table_read(x.p, x.len, "report.xlsx", &t), 0);
	bool found = false;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct table_row *row = &t->rows[i];
		if (strcmp(table_cell(row, 1), "KPI1") == 0) {
			assert_string_equal(table_cell(row, 3), "2");
			assert_string_equal(table_cell(row, 4), "3");
			assert_string_equal(table_cell(row, 5), "66.7");
			found = true;
		}
	}
	assert_true(found);
	table_free(t);
	buf_release(&x);
	json_decref(r);
}

/* Codes that cannot name a sheet get one that can. */
static void names_sheets_safely(void **state)
{
	(void)state;
	/* the first: one of the committee's own, without a target */
	json_t *r = json_pack("{s:{s:i,s:s,s:[{s:s,s:s,s:i,s:i,s:f,s:n,s:b,s:s,s:[{s:i,s:s,s:s,s:b}]},"
			      "{s:s,s:[]},{s:s,s:[]},{s:s,s:[]}]}}",
			      "data", "fy", 2567, "org", "เทศบาลตำบลทดสอบ", "kpis", "code", "KPI/1?", "name_th",
			      "ผู้รับบริการพึงพอใจ", "numerator", 8, "denominator", 10, "value", 80.0, "target", "met",
			      0, "note", "สำรวจเดือนสิงหาคม", "rows", "evidence_id", 4, "title", "ผลสำรวจความพึงพอใจ",
			      "url", "https://example.org/survey", "counted", 1, "code", "สรุป", "rows", "code", "",
			      "rows", "code", "ตัวชี้วัดที่ยาวมากเกินกว่าสามสิบเอ็ดตัวอักษร", "rows");
	struct book bk;
	book_open(&bk, r);
	char *wb = part(&bk, "xl/workbook.xml", any_node);
	assert_true(has(wb, "<sheet name=สรุป sheetId=1 "));
	assert_true(has(wb, "<sheet name=KPI_1_ sheetId=2 "));
	assert_true(has(wb, "<sheet name=ตัวชี้วัด 2 sheetId=3 "));
	assert_true(has(wb, "<sheet name=ตัวชี้วัด 3 sheetId=4 "));
	assert_true(has(wb, "<sheet name=ตัวชี้วัด 4 sheetId=5 "));
	assert_true(has(wb, "<sheet name=แนวโน้ม sheetId=6 "));
	assert_true(has(wb, "<sheet name=คณะกรรมการ sheetId=7 "));
	assert_null(strstr(wb, "กิจกรรม"));
	free(wb);
	/* no target: none shown, neither pass nor fail */
	char *s = part(&bk, "xl/worksheets/sheet1.xml", sheet_node);
	assert_true(has(s, "\nKPI/1?\tผู้รับบริการพึงพอใจ\t#8\t#10\t#80\t–\n"));
	free(s);
	s = part(&bk, "xl/worksheets/sheet2.xml", sheet_node);
	assert_true(has(s, "\nผลการดำเนินงาน 8 จาก 10 คิดเป็นร้อยละ 80.0 (ไม่ได้กำหนดค่าเป้าหมาย)\n"
			   "หมายเหตุ: สำรวจเดือนสิงหาคม\n"));
	assert_true(has(s, "\nลำดับ\tนับ\tหลักฐาน\tที่อยู่ (URL)\n"
			   "#1\tนับ\tผลสำรวจความพึงพอใจ\thttps://example.org/survey"));
	free(s);
	/* no committee: a line that says so */
	s = part(&bk, "xl/worksheets/sheet7.xml", sheet_node);
	assert_true(has(s, "ยังไม่ได้แต่งตั้งคณะกรรมการ"));
	free(s);
	/* no trend: the year itself */
	s = part(&bk, "xl/worksheets/sheet6.xml", sheet_node);
	assert_true(has(s, "\n#2567"));
	free(s);
	book_close(&bk);
	json_decref(r);
}

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* The temporary file is in $TMPDIR and gone afterwards; without data the
 * report is refused. */
static void leaves_no_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/klang-test-xlsx-XXXXXX";
	assert_non_null(mkdtemp(dir));
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	assert_int_equal(setenv("TMPDIR", dir, 1), 0);
	json_t *r = sample();
	struct buf x;
	buf_init(&x, 32 << 20);
	assert_int_equal(report_xlsx_render(r, &x), 0);
	assert_true(x.len > 1000);
	assert_int_equal(entries(dir), 0);

	/* too small a buffer: the error of out, and still no file */
	struct buf small;
	buf_init(&small, 100);
	assert_int_equal(report_xlsx_render(r, &small), ERR_TOOBIG);
	assert_int_equal(entries(dir), 0);
	buf_release(&small);

	/* a $TMPDIR that does not exist: ERR_IO */
	char gone[sizeof dir + 8];
	snprintf(gone, sizeof gone, "%s/absent", dir);
	assert_int_equal(setenv("TMPDIR", gone, 1), 0);
	err_clear();
	assert_int_equal(report_xlsx_render(r, &small), ERR_IO);
	assert_int_equal(err_last()->code, ERR_IO);

	if (saved)
		assert_int_equal(setenv("TMPDIR", saved, 1), 0);
	else
		assert_int_equal(unsetenv("TMPDIR"), 0);
	free(saved);
	assert_int_equal(rmdir(dir), 0);
	buf_release(&x);

	json_t *bad = json_pack("{s:i}", "fy", 2566);
	buf_init(&x, 1 << 20);
	err_clear();
	assert_int_equal(report_xlsx_render(bad, &x), ERR_INVAL);
	assert_string_equal(err_last()->field, "data");
	assert_int_equal(x.len, 0);
	assert_int_equal(report_xlsx_render(NULL, &x), ERR_INVAL);
	buf_release(&x);
	json_decref(bad);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_sheets),
		cmocka_unit_test(names_sheets_safely),
		cmocka_unit_test(leaves_no_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
