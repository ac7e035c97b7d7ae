/* Tests of export/report_pdf: a sample report rendered to PDF and read
 * back with poppler-glib: the Thai title, the fiscal year and the KPI
 * values in Thai digits, more than one page, numbered in Thai digits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "export/report_pdf.h"
#include "support/pdf.h"

static bool is_mark(gunichar c)
{
	return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E);
}

/* in without white space and Thai marks (poppler moves them), appended to b. */
static void strip(const char *in, GString *out)
{
	for (const char *s = in; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		if (!g_unichar_isspace(c) && !is_mark(c))
			g_string_append_unichar(out, c);
	}
}

static bool has(GString *text, const char *want)
{
	GString *w = g_string_new(NULL);
	strip(want, w);
	bool ok = strstr(text->str, w->str) != NULL;
	if (!ok)
		print_error("missing: %s\n", want);
	g_string_free(w, TRUE);
	return ok;
}

static json_t *sample(void)
{
	json_t *rows = json_pack("[{s:s,s:b,s:[{s:s}]},{s:s,s:b,s:[]}]", "name", "กองคลัง", "counted", 1, "evidence",
				 "title", "คู่มือการเบิกจ่าย", "name", "กองช่าง", "counted", 0, "evidence");
	json_t *kpis = json_pack("[{s:s,s:s,s:i,s:i,s:f,s:f,s:b,s:o},{s:s,s:s,s:i,s:i,s:f,s:f,s:b,s:[]}]",
				 "code", "KPI1", "name_th", "ส่วนราชการที่มีคู่มือการปฏิบัติงาน", "numerator", 2,
				 "denominator", 3, "value", 66.7, "target", 100.0, "met", 0, "rows", rows, "code",
				 "KPI3", "name_th", "ส่วนราชการที่มีพื้นที่การจัดการความรู้", "numerator", 1,
				 "denominator", 3, "value", 33.3, "target", 90.0, "met", 0, "rows");
	/* The committee's own indicator, not entered yet, with its evidence. */
	json_array_append_new(kpis, json_pack("{s:s,s:s,s:b,s:b,s:i,s:i,s:f,s:f,s:b,s:s,s:[{s:s,s:s,s:b}]}", "code",
					      "KPI4", "name_th", "การนำความรู้ไปใช้", "custom", 1, "entered", 0,
					      "numerator", 0, "denominator", 0, "value", 0.0, "target", 70.0, "met", 0,
					      "note", "", "rows", "title", "แบบสำรวจการนำความรู้ไปใช้", "url",
					      "https://forms.example/km", "counted", 1));
	json_t *trend = json_pack("[{s:i,s:[{s:s,s:f,s:f}]},{s:i,s:[{s:s,s:f,s:f}]}]", "fy", 2565, "kpis", "code",
				  "KPI1", "value", 50.0, "target", 100.0, "fy", 2566, "kpis", "code", "KPI1", "value",
				  66.7, "target", 100.0);
	json_t *acts = json_array();
	for (int i = 0; i < 30; i++)
		json_array_append_new(acts, json_pack("{s:s,s:s,s:s,s:i}", "title", "อบรมการเขียนคู่มือการปฏิบัติงาน",
						      "kind_th", "ฝึกอบรม", "start_date", "2023-03-01", "participants",
						      20 + i));
	json_t *data = json_pack(
		"{s:i,s:s,s:{s:s,s:i,s:i,s:s,s:[{s:i,s:s}]},s:o,s:o,s:o,s:{s:i,s:i},s:[{s:s,s:s}],"
		"s:[{s:s,s:s,s:s}],s:s,s:s}",
		"fy", 2566, "org", "เทศบาลตำบลทดสอบ", "plan", "title", "แผนการจัดการความรู้ ปี 2564–2566", "fy_from",
		2564, "fy_to", 2566, "vision", "องค์กรแห่งการเรียนรู้", "strategies", "number", 1, "title",
		"พัฒนาคู่มือการปฏิบัติงาน", "kpis", kpis, "trend", trend, "activities", acts, "coverage", "covered", 3,
		"total", 5, "gaps", "title", "การจัดเก็บภาษีป้าย", "unit_name", "กองคลัง", "committee", "name",
		"นายสมชาย ใจดี", "position", "ปลัดเทศบาล", "role_th", "ประธานกรรมการ", "problems",
		"บุคลากรมีภารกิจมาก", "proposals", "ควรจัดเวทีแลกเปลี่ยนทุกไตรมาส");
	return json_pack("{s:i,s:i,s:i,s:s,s:i,s:o}", "id", 1, "fy", 2566, "version", 2, "status", "submitted",
			 "submitted_at", 1700000000, "data", data);
}

static void renders_thai_report(void **state)
{
	(void)state;
	json_t *r = sample();
	assert_non_null(r);
	struct buf pdf;
	buf_init(&pdf, 32 << 20);
	assert_int_equal(report_pdf_render(r, true, &pdf), 0);
	PopplerDocument *doc = test_pdf_open(pdf.p, pdf.len);
	int n = poppler_document_get_n_pages(doc);
	assert_true(n > 1);
	GString *text = g_string_new(NULL);
	for (int i = 0; i < n; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *t = poppler_page_get_text(page);
		strip(t, text);
		g_free(t);
		g_object_unref(page);
	}
	assert_true(has(text, "รายงานผลการติดตามและประเมินผลการดำเนินงานตามแผนการจัดการความรู้"));
	assert_true(has(text, "ประจำปีงบประมาณ ๒๕๖๖"));
	assert_true(has(text, "๖๖.๗"));
	assert_true(has(text, "๓๓.๓"));
	assert_true(has(text, "๒/๓"));
	assert_true(has(text, "หน้า ๒ /"));
	assert_true(has(text, "เทศบาลตำบลทดสอบ"));
	assert_true(has(text, "ควรจัดเวทีแลกเปลี่ยนทุกไตรมาส"));
	assert_true(has(text, "นายสมชาย ใจดี"));
	assert_true(has(text, "การจัดเก็บภาษีป้าย"));
	assert_true(has(text, "รอบันทึก")); /* a custom KPI not entered yet */
	assert_true(has(text, "แบบสำรวจการนำความรู้ไปใช้"));
	/* The charts' axes and value labels are in Thai digits too. */
	assert_true(has(text, "๑๐๐%"));
	assert_true(has(text, "๕๐.๐%") || has(text, "๕๐%"));
	assert_null(strstr(text->str, "100%"));
	assert_null(strstr(text->str, "2566"));
	g_string_free(text, TRUE);
	g_object_unref(doc);
	buf_release(&pdf);

	/* Arabic digits when not asked for Thai ones */
	buf_init(&pdf, 32 << 20);
	assert_int_equal(report_pdf_render(r, false, &pdf), 0);
	doc = test_pdf_open(pdf.p, pdf.len);
	PopplerPage *page = poppler_document_get_page(doc, 0);
	char *t = poppler_page_get_text(page);
	assert_non_null(strstr(t, "2566"));
	g_free(t);
	g_object_unref(page);
	g_object_unref(doc);
	buf_release(&pdf);
	json_decref(r);
}

static void refuses_without_data(void **state)
{
	(void)state;
	struct buf pdf;
	buf_init(&pdf, 1 << 20);
	json_t *r = json_object();
	assert_int_equal(report_pdf_render(r, true, &pdf), ERR_INVAL);
	json_decref(r);
	buf_release(&pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_thai_report),
		cmocka_unit_test(refuses_without_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
