/* Tests of export/table: CSV as Excel and people write it (quotes, line
 * breaks in cells, CRLF, a BOM, TIS-620), XLSX built in memory (shared and
 * inline strings, dates by their cell format, gaps, the first sheet by
 * the workbook's order), and the limits (rows, columns, cell length, file
 * size, old and foreign formats). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "export/table.h"
#include "support/support.h"

static struct table *read_ok(const char *data, size_t len, const char *name)
{
	struct table *t = NULL;
	err_clear();
	int rc = table_read(data, len, name, &t);
	if (rc)
		fail_msg("table_read: %d (%s)", rc, err_last()->msg_en ? err_last()->msg_en : "");
	assert_non_null(t);
	return t;
}

static struct table *csv(const char *s)
{
	return read_ok(s, strlen(s), "staff.csv");
}

static void read_fails(const char *data, size_t len, const char *name, int want)
{
	struct table *t = (struct table *)1;
	err_clear();
	assert_int_equal(table_read(data, len, name, &t), want);
	assert_null(t);
	assert_non_null(err_last()->msg_th);
	assert_string_equal(err_last()->field, "file");
}

/* Row i's number and cells joined by '|'. */
static const char *row_text(const struct table *t, size_t i, int *number)
{
	static char out[4096];
	assert_true(i < t->nrows);
	const struct table_row *r = &t->rows[i];
	*number = r->number;
	size_t o = 0;
	out[0] = 0;
	for (int c = 1; c <= r->ncells; c++)
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", c > 1 ? "|" : "", table_cell(r, c));
	return out;
}

#define assert_row(t, i, num, text)                                  \
	do {                                                         \
		int n_;                                              \
		const char *s_ = row_text((t), (i), &n_);            \
		assert_string_equal(s_, (text));                     \
		assert_int_equal(n_, (num));                         \
	} while (0)

static void csv_quotes_and_lines(void **state)
{
	(void)state;
	/* A BOM; a quoted comma, doubled quotes, a line break inside a cell
	 * (one row still); CRLF and LF mixed; an empty line (its number
	 * skipped); a trailing empty field; text after a closing quote. */
	struct table *t = csv("\xEF\xBB\xBFname,position,unit\r\n"
			      "\"สมชาย ใจดี\",\"นักวิชาการ, ชำนาญการ\",กองคลัง\r\n"
			      "\"He said \"\"hi\"\"\",\"two\nlines\",x\n"
			      "\n"
			      "a,,\n"
			      "\"q\"uoted,b,\r\n"
			      ",,");
	assert_string_equal(t->format, "csv");
	assert_null(t->note_th);
	assert_int_equal(t->nrows, 5);
	assert_row(t, 0, 1, "name|position|unit");
	assert_row(t, 1, 2, "สมชาย ใจดี|นักวิชาการ, ชำนาญการ|กองคลัง");
	assert_row(t, 2, 3, "He said \"hi\"|two\nlines|x");
	assert_row(t, 3, 5, "a");
	assert_row(t, 4, 6, "quoted|b");
	assert_int_equal(t->nproblems, 0);
	assert_string_equal(table_cell(&t->rows[3], 7), "");
	table_free(t);

	/* Tabs when the first line has tabs and no comma; a lone CR ends a row. */
	t = csv("name\tunit\rก, ข\tค");
	assert_int_equal(t->nrows, 2);
	assert_row(t, 1, 2, "ก, ข|ค");
	table_free(t);

	/* Nothing at all, or only a BOM: no rows, no error. */
	t = csv("\xEF\xBB\xBF");
	assert_int_equal(t->nrows, 0);
	table_free(t);
	table_free(NULL);
}

static void csv_unclosed_quote(void **state)
{
	(void)state;
	struct table *t = csv("name,unit\nก,ข\nค,\"ง\nจ,ฉ\n");
	assert_int_equal(t->nrows, 3);
	assert_row(t, 2, 3, "ค");
	assert_int_equal(t->nproblems, 1);
	assert_int_equal(t->problems[0].row, 3);
	assert_int_equal(t->problems[0].column, 2);
	assert_non_null(strstr(t->problems[0].msg_en, "quote"));
	table_free(t);
}

static void csv_tis620(void **state)
{
	(void)state;
	/* "ชื่อ,หน่วยงาน\nสมชาย,กองคลัง" as Excel in Thai saves it, with a
	 * Windows-874 closing quote (0x94) and a no-break space. */
	const char tis[] = "\xAA\xD7\xE8\xCD,\xCB\xB9\xE8\xC7\xC2\xA7\xD2\xB9\n\xCA\xC1\xAA\xD2\xC2\x94\xA0,\xA1\xCD\xA7\xA4\xC5\xD1\xA7";
	struct table *t = read_ok(tis, sizeof tis - 1, "staff.csv");
	assert_non_null(t->note_th);
	assert_non_null(strstr(t->note_en, "TIS-620"));
	assert_row(t, 0, 1, "ชื่อ|หน่วยงาน");
	assert_row(t, 1, 2, "สมชาย\xE2\x80\x9D\xC2\xA0|กองคลัง");
	table_free(t);
	/* Bytes neither UTF-8 nor Windows-874 (0xFC, an undefined 0xDB, controls). */
	read_fails("a,\xFC\n", 4, "x.csv", ERR_INVAL);
	read_fails("a,\xDB\n", 4, "x.csv", ERR_INVAL);
	read_fails("a\x01,\xA1\n", 5, "x.csv", ERR_INVAL);
	/* UTF-16 ("Unicode text") is not read. */
	read_fails("\xFF\xFEn\0a\0", 6, "x.csv", ERR_INVAL);
}

static void csv_limits(void **state)
{
	(void)state;
	/* A cell of 1,001 characters is cut to 1,000 with a problem; data past
	 * column 50 is dropped with one problem per row (empty cells there are
	 * fine). */
	struct buf b;
	buf_init(&b, TABLE_MAX_BYTES + 100);
	buf_puts(&b, "name\n");
	for (int i = 0; i < 1001; i++)
		buf_puts(&b, "ก");
	buf_puts(&b, ",x\n");
	for (int i = 1; i <= 52; i++)
		buf_printf(&b, "%s%d", i > 1 ? "," : "", i);
	buf_puts(&b, "\nok,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n");
	struct table *t = read_ok(b.p, b.len, "x.csv");
	assert_int_equal(t->nrows, 4);
	assert_int_equal(strlen(table_cell(&t->rows[1], 1)), 1000 * 3);
	assert_string_equal(table_cell(&t->rows[1], 2), "x");
	assert_int_equal(t->rows[2].ncells, 50);
	assert_string_equal(table_cell(&t->rows[2], 50), "50");
	assert_int_equal(t->rows[3].ncells, 1);
	assert_int_equal(t->nproblems, 2);
	assert_true(t->problems[0].row == 2 && t->problems[0].column == 1);
	assert_true(t->problems[1].row == 3 && t->problems[1].column == 51);
	table_free(t);

	/* 10,000 rows under the header are fine; one more is too many. */
	buf_reset(&b);
	buf_puts(&b, "name\n");
	for (int i = 0; i < TABLE_MAX_ROWS; i++)
		buf_printf(&b, "p%d\n", i);
	t = read_ok(b.p, b.len, "x.csv");
	assert_int_equal(t->nrows, TABLE_MAX_ROWS + 1);
	assert_int_equal(t->rows[TABLE_MAX_ROWS].number, TABLE_MAX_ROWS + 1);
	table_free(t);
	buf_puts(&b, "one more\n");
	read_fails(b.p, b.len, "x.csv", ERR_TOOBIG);

	/* Over 10 MiB. */
	buf_reset(&b);
	while (b.len <= TABLE_MAX_BYTES)
		buf_puts(&b, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
	read_fails(b.p, b.len, "x.csv", ERR_TOOBIG);
	buf_release(&b);
}

static void foreign_formats(void **state)
{
	(void)state;
	read_fails("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "staff.xls", ERR_INVAL);
	read_fails("name\n", 5, "staff.xls", ERR_INVAL);
	read_fails("name\n", 5, "staff.ods", ERR_INVAL);
	read_fails("name\n", 5, "staff.XLSX", ERR_INVAL);
	read_fails("PK\x03\x04garbage", 11, "staff.csv", ERR_INVAL);
	char col[4];
	table_column_name(1, col);
	assert_string_equal(col, "A");
	table_column_name(28, col);
	assert_string_equal(col, "AB");
	table_column_name(16384, col);
	assert_string_equal(col, "XFD");
}

/* XLSX fixtures. */

#define S_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define R_NS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define CT_S "application/vnd.openxmlformats-officedocument.spreadsheetml."
#define REL_T "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define ZENT(n, s) {(n), (s), sizeof(s) - 1, false}

static const char ct[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT_S "sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" CT_S "worksheet+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"" CT_S "worksheet+xml\"/></Types>";

/* The first sheet in the workbook's order is sheet2.xml (rId7). */
static const char workbook[] =
	"<workbook " S_NS " " R_NS "><workbookPr/><sheets>"
	"<sheet name=\"บุคลากร\" sheetId=\"2\" r:id=\"rId7\"/><sheet name=\"อื่น\" sheetId=\"1\" r:id=\"rId1\"/>"
	"</sheets></workbook>";
static const char workbook_1904[] =
	"<workbook " S_NS " " R_NS "><workbookPr date1904=\"1\"/><sheets>"
	"<sheet name=\"บุคลากร\" sheetId=\"2\" r:id=\"rId7\"/></sheets></workbook>";

static const char wb_rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL_T "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId7\" Type=\"" REL_T "worksheet\" Target=\"/xl/worksheets/./sheet2.xml\"/>"
	"<Relationship Id=\"rId8\" Type=\"" REL_T "sharedStrings\" Target=\"../xl/sharedStrings.xml\"/>"
	"<Relationship Id=\"rId9\" Type=\"" REL_T "styles\" Target=\"styles.xml\"/></Relationships>";

/* Cell formats: 0 General, 1 built-in date (14), 2 custom Thai date with
 * a B.E. year, 3 custom number with quoted text holding 'd' and 'y', 4
 * scientific (its E is not an era). */
static const char styles[] =
	"<styleSheet " S_NS "><numFmts count=\"3\">"
	"<numFmt numFmtId=\"164\" formatCode=\"[$-th-TH,107]d\\ mmm\\ yyyy;@\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"#,##0 &quot;day yes&quot;\"/>"
	"<numFmt numFmtId=\"166\" formatCode=\"0.00E+00\"/></numFmts>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
	"<xf numFmtId=\"164\"><alignment horizontal=\"left\"/></xf><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/>"
	"</cellXfs></styleSheet>";

static const char shared[] =
	"<sst " S_NS " count=\"4\" uniqueCount=\"4\"><si><t>ชื่อ-สกุล</t></si><si><t>วันเริ่มงาน</t></si>"
	"<si><r><rPr><b/></rPr><t>กอง</t></r><r><t xml:space=\"preserve\">คลัง </t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>ignored</t></rPh></si><si/></sst>";

/* Row 1 the header; row 3 (row 2 missing) with an inline string (its DEL
 * dropped), a gap
 * (B), the date 1 Oct 2023 as a serial in a date cell, a shared string
 * with rich runs, a formula's cached string and a boolean; row 5 with
 * numbers in General, a custom number format, a scientific one, a date in
 * a custom B.E. format, cells without references and an empty styled
 * cell; row 6 only empty cells (left out). */
static const char sheet2[] =
	"<worksheet " S_NS "><dimension ref=\"A1:H5\"/><sheetData>"
	"<row r=\"1\" spans=\"1:3\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
	"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>สมชาย&#127; ใจดี</t></is></c>"
	"<c r=\"C3\" s=\"1\"><v>45200</v></c><c r=\"D3\" t=\"s\"><v>2</v></c>"
	"<c r=\"E3\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c><c r=\"F3\" t=\"b\"><v>1</v></c></row>"
	"<row r=\"5\"><c r=\"A5\"><v>7</v></c><c s=\"3\"><v>12</v></c><c s=\"4\"><v>2.566E3</v></c>"
	"<c s=\"2\"><v>45200.75</v></c><c r=\"E5\"><v>0.1</v></c><c r=\"F5\" s=\"1\"/>"
	"<c r=\"G5\" t=\"s\"><v>3</v></c></row>"
	"<row r=\"6\"><c r=\"A6\" s=\"1\"/></row></sheetData></worksheet>";
static const char sheet1[] =
	"<worksheet " S_NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wrong sheet</t></is></c>"
	"</row></sheetData></worksheet>";

static char *xlsx(const char *wb, const char *sheet, size_t *len)
{
	struct test_zent e[] = {ZENT("[Content_Types].xml", ct), {"xl/workbook.xml", wb, strlen(wb), false},
				ZENT("xl/_rels/workbook.xml.rels", wb_rels), ZENT("xl/styles.xml", styles),
				ZENT("xl/sharedStrings.xml", shared), ZENT("xl/worksheets/sheet1.xml", sheet1),
				{"xl/worksheets/sheet2.xml", sheet, strlen(sheet), false}};
	return test_zip(e, 7, len);
}

static void xlsx_cells(void **state)
{
	(void)state;
	size_t n;
	char *z = xlsx(workbook, sheet2, &n);
	struct table *t = read_ok(z, n, "บุคลากร.xlsx");
	assert_string_equal(t->format, "xlsx");
	assert_int_equal(t->nproblems, 0);
	assert_int_equal(t->nrows, 3);
	assert_row(t, 0, 1, "ชื่อ-สกุล||วันเริ่มงาน");
	assert_row(t, 1, 3, "สมชาย ใจดี||2023-10-01|กองคลัง |ab|TRUE");
	assert_row(t, 2, 5, "7|12|2566|2023-10-01|0.1");
	table_free(t);
	free(z);

	/* The 1904 date system: serial 45200 is four years and a day later. */
	z = xlsx(workbook_1904, sheet2, &n);
	t = read_ok(z, n, NULL);
	assert_string_equal(table_cell(&t->rows[1], 3), "2027-10-02");
	table_free(t);
	free(z);
}

static void xlsx_refused(void **state)
{
	(void)state;
	size_t n;
	/* A shared string that is not there; rows out of order. */
	const char *bad[] = {
		"<worksheet " S_NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>9</v></c></row></sheetData></worksheet>",
		"<worksheet " S_NS "><sheetData><row r=\"2\"><c r=\"A2\"><v>1</v></c></row>"
		"<row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
		"<worksheet " S_NS "><sheetData><row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c></row>"
		"</sheetData></worksheet>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *z = xlsx(workbook, bad[i], &n);
		read_fails(z, n, "x.xlsx", ERR_INVAL);
		free(z);
	}
	/* A zip that is not a workbook; one with an encrypted entry; a
	 * workbook whose first sheet has no relationship. */
	struct test_zent notbook[] = {ZENT("hello.txt", "hello")};
	char *z = test_zip(notbook, 1, &n);
	read_fails(z, n, "x.xlsx", ERR_INVAL);
	free(z);
	struct test_zent locked[] = {ZENT("[Content_Types].xml", ct), {"xl/workbook.xml", workbook, sizeof workbook - 1, true}};
	z = test_zip(locked, 2, &n);
	read_fails(z, n, "x.xlsx", ERR_INVAL);
	free(z);
	struct test_zent norels[] = {ZENT("[Content_Types].xml", ct), ZENT("xl/workbook.xml", workbook)};
	z = test_zip(norels, 2, &n);
	read_fails(z, n, "x.xlsx", ERR_INVAL);
	free(z);
	/* A sheet that claims more than it holds: a zip-bomb defence. */
	struct test_zent bomb[] = {ZENT("[Content_Types].xml", ct), ZENT("xl/workbook.xml", workbook),
				   ZENT("xl/_rels/workbook.xml.rels", wb_rels), {"xl/worksheets/sheet2.xml", NULL, (size_t)300 << 20, false}};
	z = test_zip(bomb, 4, &n);
	read_fails(z, n, "x.xlsx", ERR_TOOBIG);
	free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_and_lines), cmocka_unit_test(csv_unclosed_quote),
		cmocka_unit_test(csv_tis620),           cmocka_unit_test(csv_limits),
		cmocka_unit_test(foreign_formats),      cmocka_unit_test(xlsx_cells),
		cmocka_unit_test(xlsx_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
