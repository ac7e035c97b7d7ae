/*
 * test_people_import: the staff registry brought in from CSV and XLSX over
 * HTTP and the CLI, the real binary on loopback with the demo
 * organisation. Good and bad rows (a unit that does not exist, an unknown
 * job line, dates that do not exist in B.E. and C.E., Thai digits and
 * month names, a name twice in the file, a name already in the registry),
 * a dry run that writes nothing, a file with bad rows refused whole, the
 * good rows only when asked, a clean file, an XLSX file, who may import
 * (admins; CSRF on the session path), the admin pages (preview, import of
 * the checked file only, the template), deactivation, and
 * `klang import-staff`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "support/support.h"

static struct {
	struct h_server *srv;
	char existing[200]; /* a name of the demo's registry */
	long long existing_id;
} S;

#define HEADER "ชื่อ-สกุล,ตำแหน่ง,ระดับ,หน่วยงาน,สายงาน,ประเภทการจ้าง,วันเริ่มงาน,วันเกษียณอายุราชการ\r\n"

/* Rows 2, 3 and 9 are good (3: a unit and job line by code, Thai digits
 * and month; 9: the registry's person, updated); the others each have one
 * error. EXISTING is replaced by S.existing. */
static const char mixed_csv[] =
	HEADER
	"นายนำเข้า หนึ่ง,นักวิชาการเงินและบัญชี,ชำนาญการ,กองคลัง,นักวิชาการเงินและบัญชี,พนักงานเทศบาล,1/10/2556,30/9/2590\r\n"
	"นางนำเข้า สอง,เจ้าพนักงานธุรการ,ปฏิบัติงาน,FIN-ADM,JL27,ลูกจ้างประจำ,๑ ต.ค. ๒๕๖๐,2050-09-30\r\n"
	"นายหน่วย ผิด,นิติกร,ปฏิบัติการ,กองที่ไม่มีจริง,นิติกร,พนักงานเทศบาล,1/10/2560,30/9/2595\r\n"
	"นายสายงาน ผิด,นิติกร,ปฏิบัติการ,กองคลัง,สายงานที่ไม่มี,พนักงานเทศบาล,1/10/2560,30/9/2595\r\n"
	"นายวันที่ ผิดพุทธ,นิติกร,ปฏิบัติการ,กองคลัง,นิติกร,พนักงานเทศบาล,31/4/2560,30/9/2595\r\n"
	"นายวันที่ ผิดคริสต์,นิติกร,ปฏิบัติการ,กองคลัง,นิติกร,พนักงานเทศบาล,2023-02-29,2055-09-30\r\n"
	" นายนำเข้า  หนึ่ง ,นิติกร,,,,,,\r\n"
	"EXISTING,ตำแหน่งจากไฟล์นำเข้า,,,,,,\r\n"
	"นายประเภท ผิด,,,,,ข้าราชการ,,\r\n";

static const char clean_csv[] =
	HEADER
	"นายสะอาด ครบถ้วน,นักวิชาการศึกษา,ปฏิบัติการ,กองการศึกษา,นักวิชาการศึกษา,พนักงานเทศบาล,1 พฤศจิกายน 2562,30/9/2600\r\n"
	"นางสาวสะอาด ถูกต้อง,นักพัฒนาชุมชน,ชำนาญการ,กองสวัสดิการสังคม/ฝ่ายพัฒนาชุมชน,นักพัฒนาชุมชน,พนักงานจ้างตามภารกิจ,2019-06-01,\r\n";

/* Helpers */

static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static long long int_of(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static long long people(void)
{
	return h_db_number(S.srv, "SELECT count(*) FROM people WHERE ?1 = 0", NULL, 0);
}

static long long named(const char *name)
{
	return h_db_number(S.srv, "SELECT count(*) FROM people WHERE name = ?1 AND ?2 = 0", name, 0);
}

static long long imports_audited(void)
{
	return h_db_number(S.srv, "SELECT count(*) FROM audit_events WHERE action = 'people.import' AND ?1 = 0", NULL, 0);
}

/* mixed_csv with the registry's name in place of EXISTING (static). */
static const char *mixed(void)
{
	static char out[4096];
	const char *at = strstr(mixed_csv, "EXISTING");
	snprintf(out, sizeof out, "%.*s%s%s", (int)(at - mixed_csv), mixed_csv, S.existing, at + strlen("EXISTING"));
	return out;
}

/* POSTs `data` as the file of /api/v1/people/import`query`; a session
 * client sends its CSRF token unless `csrf` is false. */
static long upload(struct h_client *c, const char *query, const char *filename, const void *data, size_t len,
		   bool csrf)
{
	struct h_buf b = {0};
	char path[128], ctype[128], hdr[128];
	h_multipart(&b, ctype, sizeof ctype, NULL, "file", filename, data, len);
	snprintf(path, sizeof path, "/api/v1/people/import%s", query);
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", c->csrf);
	const char *const headers[] = {hdr, NULL};
	long st = h_request(c, "POST", path, ctype, b.p, b.len, csrf && !c->bearer[0] ? headers : NULL);
	h_buf_release(&b);
	return st;
}

static long upload_csv(struct h_client *c, const char *query, const char *csv)
{
	return upload(c, query, "staff.csv", csv, strlen(csv), true);
}

/* The error of `row` in `column`, or NULL. */
static json_t *error_at(json_t *res, long long row, const char *column)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(res, "errors"), i, e) {
		if (int_of(e, "row") == row && !strcmp(str_of(e, "column"), column))
			return e;
	}
	return NULL;
}

static json_t *preview_row(json_t *res, long long row)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(res, "preview"), i, p) {
		if (int_of(p, "row") == row)
			return p;
	}
	return NULL;
}

static struct h_client *admin(void)
{
	return h_client_bearer(S.srv, h_role_token(S.srv, H_ADMIN));
}

/* What the mixed file gives, whether previewed or refused. */
static void check_mixed(json_t *res)
{
	assert_int_equal(int_of(res, "ok"), 3);
	assert_int_equal(int_of(res, "created"), 2);
	assert_int_equal(int_of(res, "updated"), 1);
	assert_int_equal(int_of(res, "errors_total"), 6);
	assert_int_equal(json_array_size(json_object_get(res, "errors")), 6);
	struct {
		long long row;
		const char *column, *cell, *en;
	} want[] = {
		{4, "unit", "D4", "No such unit"},     {5, "job_line", "E5", "No such job line"},
		{6, "start_date", "G6", "No such date"}, {7, "start_date", "G7", "No such date"},
		{8, "name", "A8", "row 2"},            {10, "employment_type", "F10", "employment type"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		json_t *e = error_at(res, want[i].row, want[i].column);
		if (!e)
			fail_msg("no error on row %lld, %s", want[i].row, want[i].column);
		assert_string_equal(str_of(e, "cell"), want[i].cell);
		assert_non_null(strstr(str_of(e, "message_en"), want[i].en));
		assert_true((unsigned char)str_of(e, "message_th")[0] == 0xE0); /* Thai */
	}
	json_t *p = preview_row(res, 2);
	assert_non_null(p);
	assert_string_equal(str_of(p, "action"), "create");
	assert_string_equal(str_of(p, "unit"), "กองคลัง");
	assert_string_equal(str_of(p, "job_line"), "นักวิชาการเงินและบัญชี");
	assert_string_equal(str_of(p, "start_date"), "2013-10-01");
	assert_string_equal(str_of(p, "retirement_date"), "2047-09-30");
	p = preview_row(res, 3);
	assert_non_null(p);
	assert_string_equal(str_of(p, "unit"), "ฝ่ายบริหารงานคลัง");
	assert_string_equal(str_of(p, "job_line"), "เจ้าพนักงานธุรการ");
	assert_string_equal(str_of(p, "employment_type"), "permanent_worker");
	assert_string_equal(str_of(p, "start_date"), "2017-10-01");
	p = preview_row(res, 9);
	assert_non_null(p);
	assert_string_equal(str_of(p, "action"), "update");
}

/* Tests */

/* The mixed file sent with `query`: answered `status`, nothing written. */
static void nothing_written(const char *query, long status)
{
	struct h_client *c = admin();
	long long before = people(), audited = imports_audited();
	assert_int_equal(upload_csv(c, query, mixed()), status);
	json_t *res = h_json_answer(c, status);
	check_mixed(res);
	assert_true(json_is_true(json_object_get(res, "dry_run")) == (strstr(query, "dry_run") != NULL));
	assert_int_equal(int_of(res, "imported"), 0);
	json_decref(res);
	assert_int_equal(people(), before);
	assert_int_equal(named("นายนำเข้า หนึ่ง"), 0);
	assert_int_equal(named("นางนำเข้า สอง"), 0);
	assert_int_equal(imports_audited(), audited);
}

static void dry_run_previews_and_writes_nothing(void **state)
{
	(void)state;
	nothing_written("?dry_run=1", 200);
	nothing_written("?dry_run=1&good_rows_only=1", 200);
}

static void bad_rows_refuse_the_whole_file(void **state)
{
	(void)state;
	nothing_written("", 400);
}

static void good_rows_only_imports_the_good_ones(void **state)
{
	(void)state;
	struct h_client *c = admin();
	long long before = people(), audited = imports_audited();
	assert_int_equal(upload_csv(c, "?good_rows_only=1", mixed()), 200);
	json_t *res = h_json_answer(c, 200);
	check_mixed(res);
	assert_int_equal(int_of(res, "imported"), 3);
	json_decref(res);
	assert_int_equal(people(), before + 2);
	assert_int_equal(named("นายนำเข้า หนึ่ง"), 1);
	assert_int_equal(named("นางนำเข้า สอง"), 1);
	assert_int_equal(named("นายหน่วย ผิด"), 0);
	assert_int_equal(named(S.existing), 1); /* updated, not added */
	assert_int_equal(imports_audited(), audited + 1);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/people/%lld", S.existing_id);
	assert_int_equal(h_get(c, path), 200);
	json_t *p = h_json_answer(c, 200);
	assert_string_equal(str_of(p, "position"), "ตำแหน่งจากไฟล์นำเข้า");
	assert_true(str_of(p, "unit_name") && str_of(p, "unit_name")[0]); /* empty cells left it */
	json_decref(p);
	long long id = h_db_number(S.srv, "SELECT id FROM people WHERE name = ?1 AND ?2 = 0", "นางนำเข้า สอง", 0);
	assert_int_equal(h_db_number(S.srv, "SELECT count(*) FROM people WHERE id = ?1 AND start_date = '2017-10-01'"
				     " AND retirement_date = '2050-09-30' AND employment_type = 'permanent_worker'",
				     NULL, id),
			 1);
	/* The same file again: the good rows are now all updates. */
	assert_int_equal(upload_csv(c, "?good_rows_only=1&dry_run=1", mixed()), 200);
	res = h_json_answer(c, 200);
	assert_int_equal(int_of(res, "updated"), 3);
	assert_int_equal(int_of(res, "created"), 0);
	json_decref(res);
}

static void a_clean_file_imports_every_row(void **state)
{
	(void)state;
	struct h_client *c = admin();
	long long before = people();
	assert_int_equal(upload_csv(c, "", clean_csv), 200);
	json_t *res = h_json_answer(c, 200);
	assert_int_equal(int_of(res, "ok"), 2);
	assert_int_equal(int_of(res, "imported"), 2);
	assert_int_equal(int_of(res, "errors_total"), 0);
	json_t *p = preview_row(res, 3);
	assert_string_equal(str_of(p, "unit"), "ฝ่ายพัฒนาชุมชน");
	assert_string_equal(str_of(p, "employment_type"), "contract_worker");
	json_decref(res);
	assert_int_equal(people(), before + 2);
	assert_int_equal(h_db_number(S.srv, "SELECT count(*) FROM people WHERE name = ?1 AND start_date = '2019-11-01' AND ?2 = 0",
				     "นายสะอาด ครบถ้วน", 0),
			 1);
	/* The job line history KPI 2 counts from. */
	assert_int_equal(h_db_number(S.srv,
				     "SELECT count(*) FROM person_job_lines j JOIN people p ON p.id = j.person_id"
				     " WHERE p.name = ?1 AND j.to_date IS NULL AND ?2 = 0",
				     "นางสาวสะอาด ถูกต้อง", 0),
			 1);
}

/* An XLSX the way Excel writes it: shared strings, a date serial in a date
 * cell, an inline string, a gap (no level column), English headers. */
static void an_xlsx_file_imports(void **state)
{
	(void)state;
#define S_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define CT_S "application/vnd.openxmlformats-officedocument.spreadsheetml."
	static const char ct[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT_S "sheet.main+xml\"/></Types>";
	static const char wb[] =
		"<workbook " S_NS " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		"<sheets><sheet name=\"staff\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	static const char rels[] =
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
		"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
		"</Relationships>";
	static const char styles[] =
		"<styleSheet " S_NS "><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";
	static const char sst[] =
		"<sst " S_NS "><si><t>Name</t></si><si><t>Unit</t></si><si><t>Job line</t></si><si><t>Start date</t></si>"
		"<si><t>Level</t></si><si><t>กองช่าง</t></si><si><t>วิศวกรโยธา</t></si></sst>";
	static const char sheet[] =
		"<worksheet " S_NS "><sheetData>"
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c>"
		"<c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"F1\" t=\"s\"><v>4</v></c></row>"
		"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>นายเอ็กซ์เซล แผ่นงาน</t></is></c><c r=\"B2\" t=\"s\"><v>5</v></c>"
		"<c r=\"C2\" t=\"s\"><v>6</v></c><c r=\"D2\" s=\"1\"><v>45200</v></c></row>"
		"</sheetData></worksheet>";
	struct test_zent e[] = {{"[Content_Types].xml", ct, sizeof ct - 1, false}, {"xl/workbook.xml", wb, sizeof wb - 1, false},
				{"xl/_rels/workbook.xml.rels", rels, sizeof rels - 1, false},
				{"xl/styles.xml", styles, sizeof styles - 1, false},
				{"xl/sharedStrings.xml", sst, sizeof sst - 1, false},
				{"xl/worksheets/sheet1.xml", sheet, sizeof sheet - 1, false}};
	size_t len;
	char *z = test_zip(e, 6, &len);
	struct h_client *c = admin();
	long st = upload(c, "", "บุคลากร.xlsx", z, len, true);
	free(z);
	assert_int_equal(st, 200);
	json_t *res = h_json_answer(c, 200);
	assert_int_equal(int_of(res, "imported"), 1);
	json_t *p = preview_row(res, 2);
	assert_non_null(p);
	assert_string_equal(str_of(p, "unit"), "กองช่าง");
	assert_string_equal(str_of(p, "job_line"), "วิศวกรโยธา");
	assert_string_equal(str_of(p, "start_date"), "2023-10-01");
	assert_string_equal(str_of(p, "level"), "");
	json_decref(res);
	assert_int_equal(named("นายเอ็กซ์เซล แผ่นงาน"), 1);
}

static void unreadable_files_are_400(void **state)
{
	(void)state;
	struct h_client *c = admin();
	assert_int_equal(upload(c, "", "staff.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, true), 400);
	h_expect_error(c, 400, "invalid", "file");
	/* No header naming the name column: the import's own shape. */
	assert_int_equal(upload_csv(c, "", "a,b\r\n1,2\r\n"), 400);
	json_t *res = h_json_answer(c, 400);
	assert_non_null(error_at(res, 1, "name"));
	json_decref(res);
	/* No file at all. */
	struct h_buf b = {0};
	char ctype[128];
	const char *const fields[] = {"note", "x", NULL};
	h_multipart(&b, ctype, sizeof ctype, fields, "other", "a.csv", "name\n", 5);
	assert_int_equal(h_request(c, "POST", "/api/v1/people/import", ctype, b.p, b.len, NULL), 400);
	h_buf_release(&b);
	h_expect_error(c, 400, "invalid", "file");
}

static void only_admins_import(void **state)
{
	(void)state;
	long long before = people();
	for (enum h_role r = H_STAFF; r < H_ADMIN; r++) {
		struct h_client *c = h_client_bearer(S.srv, h_role_token(S.srv, r));
		assert_int_equal(upload_csv(c, "", clean_csv), 403);
		h_expect_error(c, 403, "forbidden", NULL);
	}
	struct h_client *pub = h_client_new(S.srv);
	assert_int_equal(upload_csv(pub, "", clean_csv), 401);
	/* A session needs its CSRF token; with it the import runs. */
	struct h_client *s = h_client_session(S.srv, H_ADMIN);
	assert_int_equal(upload(s, "?dry_run=1", "staff.csv", clean_csv, strlen(clean_csv), false), 403);
	h_expect_error(s, 403, "forbidden", "_csrf");
	assert_int_equal(upload(s, "?dry_run=1", "staff.csv", clean_csv, strlen(clean_csv), true), 200);
	assert_int_equal(people(), before);
}

/* The admin pages: upload, the preview with the errors in Thai, the import
 * of the checked file only. */
static long page_post(struct h_client *c, const char *mode, const char *checked, const char *csv)
{
	struct h_buf b = {0};
	char ctype[128];
	const char *const fields[] = {"_csrf", c->csrf, "mode", mode, "checked", checked ? checked : "", NULL};
	h_multipart(&b, ctype, sizeof ctype, fields, "file", "รายชื่อ.csv", csv, strlen(csv));
	long st = h_request(c, "POST", "/admin/people/import", ctype, b.p, b.len, NULL);
	h_buf_release(&b);
	return st;
}

/* The value of the hidden "checked" field in the last page. */
static void checked_of(struct h_client *c, char out[65])
{
	const char *at = c->body.p ? strstr(c->body.p, "name=\"checked\" value=\"") : NULL;
	assert_non_null(at);
	at += strlen("name=\"checked\" value=\"");
	memcpy(out, at, 64);
	out[64] = 0;
}

static void the_admin_pages(void **state)
{
	(void)state;
	struct h_client *s = h_client_session(S.srv, H_ADMIN);
	assert_int_equal(h_get(s, "/admin/people/import"), 200);
	h_expect_page(s, 200, "นำเข้ารายชื่อบุคลากรจากไฟล์");
	assert_true(h_body_has(s, "enctype=\"multipart/form-data\""));
	assert_int_equal(h_get(s, "/admin/people"), 200);
	assert_true(h_body_has(s, "/admin/people/import"));
	/* The template: UTF-8 with a BOM, the Thai headers. */
	assert_int_equal(h_get(s, "/admin/people/import/template.csv"), 200);
	assert_true(s->body.len > 3 && !memcmp(s->body.p, "\xEF\xBB\xBF", 3));
	assert_true(h_body_has(s, "ชื่อ-สกุล,ตำแหน่ง"));
	char ct[96];
	assert_non_null(h_header(s, "Content-Type", ct, sizeof ct));
	assert_non_null(strstr(ct, "text/csv"));

	const char *csv = HEADER "นางหน้าเว็บ ทดลอง,นิติกร,ปฏิบัติการ,กองคลัง,นิติกร,พนักงานเทศบาล,1/10/2565,\r\n"
				 "นายหน้าเว็บ ผิด,นิติกร,ปฏิบัติการ,กองคลัง,นิติกร,พนักงานเทศบาล,30/2/2565,\r\n";
	h_csrf_fetch(s, "/admin/people/import");
	long long before = people();
	assert_int_equal(page_post(s, "preview", NULL, csv), 200);
	h_expect_page(s, 200, "ไม่มีวันที่นี้ในปฏิทิน");
	assert_true(h_body_has(s, "นางหน้าเว็บ ทดลอง"));
	assert_true(h_body_has(s, "นำเข้าเฉพาะแถวที่ถูกต้อง"));
	assert_true(h_body_has(s, "1 ต.ค. 2565")); /* the start date in B.E. */
	char sha[65];
	checked_of(s, sha);
	assert_int_equal(people(), before);
	/* Another file than the one checked is checked, not imported. */
	const char *other = HEADER "นายไฟล์อื่น ทดลอง,,,,,,,\r\n";
	assert_int_equal(page_post(s, "good_rows_only", sha, other), 200);
	assert_true(h_body_has(s, "ไม่ใช่ไฟล์เดียวกับที่ตรวจสอบ"));
	assert_int_equal(people(), before);
	/* The checked file, its good rows. */
	assert_int_equal(page_post(s, "good_rows_only", sha, csv), 200);
	h_expect_page(s, 200, "นำเข้าเรียบร้อย");
	assert_int_equal(people(), before + 1);
	assert_int_equal(named("นางหน้าเว็บ ทดลอง"), 1);
	/* All of a file with a bad row: refused, shown again. */
	assert_int_equal(page_post(s, "import", NULL, csv), 400);
	assert_true(h_body_has(s, "ยังไม่ได้นำเข้าข้อมูลใด ๆ"));
	/* Without the CSRF field: refused. */
	struct h_buf b = {0};
	char ctype[128];
	h_multipart(&b, ctype, sizeof ctype, NULL, "file", "a.csv", csv, strlen(csv));
	assert_int_equal(h_request(s, "POST", "/admin/people/import", ctype, b.p, b.len, NULL), 403);
	h_buf_release(&b);
	/* Staff do not see the page. */
	struct h_client *staff = h_client_session(S.srv, H_STAFF);
	assert_int_equal(h_get(staff, "/admin/people/import"), 403);
}

/* Deactivation: the API's PUT and the page's button. */
static void a_person_is_deactivated(void **state)
{
	(void)state;
	struct h_client *c = admin();
	long long id = h_db_number(S.srv, "SELECT id FROM people WHERE name = ?1 AND ?2 = 0", "นายนำเข้า หนึ่ง", 0);
	assert_true(id > 0);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/people/%lld", id);
	assert_int_equal(h_send_json(c, "PUT", path, json_pack("{s:i}", "active", 0)), 200);
	json_t *p = h_json_answer(c, 200);
	assert_false(json_is_true(json_object_get(p, "active")) || int_of(p, "active") == 1);
	json_decref(p);
	struct h_client *s = h_client_session(S.srv, H_ADMIN);
	snprintf(path, sizeof path, "/admin/people/%lld", id);
	assert_int_equal(h_get(s, path), 200);
	assert_true(h_body_has(s, "name=\"active\" value=\"1\""));
	assert_int_equal(h_post_form(s, path, h_form(s, "_csrf", s->csrf, "active", "1", NULL)), 303);
	assert_int_equal(h_db_number(S.srv, "SELECT active FROM people WHERE id = ?1", NULL, id), 1);
	assert_int_equal(h_get(s, path), 200);
	assert_true(h_body_has(s, "name=\"active\" value=\"0\""));
	assert_int_equal(h_post_form(s, path, h_form(s, "_csrf", s->csrf, "active", "0", NULL)), 303);
	assert_int_equal(h_db_number(S.srv, "SELECT active FROM people WHERE id = ?1", NULL, id), 0);
}

static void the_cli_imports_a_csv(void **state)
{
	(void)state;
	char path[400];
	snprintf(path, sizeof path, "%s/staff.csv", S.srv->root);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	const char *csv = HEADER "นายคำสั่ง ทดลอง,นิติกร,ปฏิบัติการ,OFFICE,JL10,พนักงานเทศบาล,1/10/2566,\r\n"
				 "นายคำสั่ง ผิด,นิติกร,ปฏิบัติการ,ไม่มีหน่วยนี้,JL10,พนักงานเทศบาล,1/10/2566,\r\n";
	fputs(csv, f);
	fclose(f);
	long long before = people();
	struct h_buf out = {0};
	assert_int_equal(h_cli(S.srv, &out, NULL, "import-staff", path, "--dry-run", NULL), 1);
	assert_non_null(strstr(out.p, "row 3 D3 unit"));
	assert_non_null(strstr(out.p, "แถว 3 D3 หน่วยงาน"));
	assert_non_null(strstr(out.p, "นายคำสั่ง ทดลอง"));
	assert_int_equal(people(), before);
	h_buf_reset(&out);
	assert_int_equal(h_cli(S.srv, &out, NULL, "import-staff", path, NULL), 1);
	assert_non_null(strstr(out.p, "nothing imported"));
	assert_int_equal(people(), before);
	h_buf_reset(&out);
	assert_int_equal(h_cli(S.srv, &out, NULL, "import-staff", path, "--good-rows-only", NULL), 1);
	assert_non_null(strstr(out.p, "imported 1 people"));
	assert_int_equal(people(), before + 1);
	/* Recorded as the operator's. */
	assert_int_equal(h_db_number(S.srv, "SELECT count(*) FROM audit_events WHERE action = 'people.import'"
				     " AND actor = ?1 AND ?2 = 0", "operator", 0),
			 1);
	/* A clean file: exit 0. */
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(HEADER "นายคำสั่ง ทดลอง,นิติกรชำนาญการ,ชำนาญการ,,,,,\r\n", f);
	fclose(f);
	h_buf_reset(&out);
	assert_int_equal(h_cli(S.srv, &out, NULL, "import-staff", path, NULL), 0);
	assert_non_null(strstr(out.p, "1 updated"));
	h_buf_release(&out);
	assert_int_equal(named("นายคำสั่ง ทดลอง"), 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

static int setup(void **state)
{
	(void)state;
	S.srv = h_server_start(NULL);
	if (!S.srv)
		return -1;
	struct h_client *c = h_client_bearer(S.srv, h_role_token(S.srv, H_ADMIN));
	int rc = -1;
	if (h_get(c, "/api/v1/people?per_page=1") == 200) {
		json_t *v = h_json(c);
		json_t *p = json_array_get(json_object_get(v, "items"), 0);
		if (p) {
			snprintf(S.existing, sizeof S.existing, "%s", str_of(p, "name"));
			S.existing_id = int_of(p, "id");
			rc = 0;
		}
		json_decref(v);
	}
	h_client_free(c);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	return S.srv && h_server_stop(S.srv) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/klang\n", argv[0]);
		return 2;
	}
	h_init(argv[1]);
	const struct CMUnitTest tests[] = {
		T(dry_run_previews_and_writes_nothing),
		T(bad_rows_refuse_the_whole_file),
		T(good_rows_only_imports_the_good_ones),
		T(a_clean_file_imports_every_row),
		T(an_xlsx_file_imports),
		T(unreadable_files_are_400),
		T(only_admins_import),
		T(the_admin_pages),
		T(a_person_is_deactivated),
		T(the_cli_imports_a_csv),
	};
	return cmocka_run_group_tests_name("people_import", tests, setup, teardown);
}
