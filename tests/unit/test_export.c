/* Tests of export/: type sniffing, text extraction (with zip-bomb limits),
 * Markdown safety and the PDF renderer (its Thai text read back). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "export/extract.h"
#include "export/markdown.h"
#include "export/pdf.h"
#include "export/sniff.h"
#include "support/support.h"

static const char content_types_docx[] =
	"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
	"wordprocessingml.document.main+xml\"/></Types>";
static const char document_xml[] =
	"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:body><w:p><w:r><w:t>คู่มือ</w:t></w:r><w:r><w:t>การปฏิบัติงาน</w:t></w:r></w:p>"
	"<w:p><w:r><w:t>ขั้นตอนที่</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:p></w:body></w:document>";

static void *make_docx(size_t *len)
{
	const struct test_zent e[] = {{"[Content_Types].xml", content_types_docx, sizeof content_types_docx - 1, false},
				      {"word/document.xml", document_xml, sizeof document_xml - 1, false}};
	return test_zip(e, 2, len);
}

static void sniffing(void **state)
{
	(void)state;
	struct sniff_result r;
	size_t n;
	void *docx = make_docx(&n);
	assert_int_equal(sniff_file(docx, n, "คู่มือ.docx", &r), 0);
	assert_string_equal(r.kind, "docx");
	assert_int_equal(sniff_file(docx, n, "คู่มือ.pdf", &r), ERR_INVAL); /* a DOCX named .pdf */
	assert_int_equal(sniff_file(docx, n, "คู่มือ.DOCX", &r), 0);        /* case of the extension */
	free(docx);
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
					    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89};
	assert_int_equal(sniff_file(png, sizeof png, "a.png", &r), 0);
	assert_string_equal(r.mime, "image/png");
	static const char exe[] = "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 program";
	assert_int_equal(sniff_file(exe, sizeof exe - 1, "a.pdf", &r), ERR_INVAL);
	const char *thai = "ข้อความภาษาไทย\n";
	assert_int_equal(sniff_file(thai, strlen(thai), "note.txt", &r), 0);
	assert_string_equal(r.kind, "text");
	static const char latin1[] = "caf\xe9 cr\xe8me br\xfb" "l\xe9" "e\n";
	assert_int_equal(sniff_file(latin1, sizeof latin1 - 1, "menu.txt", &r), ERR_INVAL);
	assert_int_equal(sniff_file("", 0, "empty.txt", &r), ERR_INVAL);
}

static void extraction_and_zip_bombs(void **state)
{
	(void)state;
	struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	struct buf out;
	buf_init(&out, 1 << 20);
	bool truncated = true;
	size_t n;
	void *docx = make_docx(&n);
	assert_int_equal(extract_text("docx", docx, n, &lim, &out, &truncated), 0);
	assert_false(truncated);
	assert_non_null(strstr(buf_cstr(&out), "คู่มือการปฏิบัติงาน")); /* runs joined */
	assert_non_null(strstr(buf_cstr(&out), "ขั้นตอนที่\t1"));      /* the tab kept */
	free(docx);
	/* 32 MB of zeros compress to almost nothing: refused by the ratio. */
	size_t big = (size_t)32 << 20;
	const struct test_zent e[] = {{"[Content_Types].xml", content_types_docx, sizeof content_types_docx - 1, false},
				      {"word/document.xml", NULL, big, false}};
	void *bomb = test_zip(e, 2, &n);
	assert_true(n < big / 100);
	buf_reset(&out);
	assert_int_equal(extract_text("docx", bomb, n, &lim, &out, &truncated), ERR_TOOBIG);
	free(bomb);
	/* A damaged zip. */
	assert_int_equal(extract_text("docx", "PK\x03\x04garbage", 11, &lim, &out, &truncated), ERR_INVAL);
	/* Output capped at a character boundary. */
	struct extract_limits small = lim;
	small.max_text = 10;
	buf_reset(&out);
	assert_int_equal(extract_text("text", "กขคงจฉ", strlen("กขคงจฉ"), &small, &out, &truncated), 0);
	assert_true(truncated);
	assert_int_equal(out.len, 9); /* three Thai characters, not a broken fourth */
	buf_release(&out);
}

static void markdown_is_safe(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out, 1 << 20);
	const char *md = "## หัวข้อ\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
			 "[x](javascript:alert(1)) **ตัวหนา**\n\n| ก | ข |\n|---|---|\n| 1 | 2 |\n";
	assert_int_equal(md_to_html(md, strlen(md), &out), 0);
	const char *html = buf_cstr(&out);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "onerror"));
	assert_null(strstr(html, "javascript:"));
	assert_non_null(strstr(html, "<table>"));
	assert_non_null(strstr(html, "<strong>ตัวหนา</strong>"));
	/* Deep nesting stays bounded. */
	char *deep = malloc(200001);
	memset(deep, '>', 200000);
	deep[200000] = 0;
	buf_reset(&out);
	out.max = 64 << 20;
	assert_int_equal(md_to_html(deep, 200000, &out), 0);
	free(deep);
	buf_release(&out);
}

static void pdf_round_trip(void **state)
{
	(void)state;
	struct buf body;
	buf_init(&body, 1 << 20);
	buf_puts(&body, "## วัตถุประสงค์\n\nเพื่อให้การตรวจร้านอาหารเป็นไปตามมาตรฐาน **สุขาภิบาลอาหาร**\n\n"
			"## ขั้นตอนการปฏิบัติงาน\n\n| ขั้นตอน | ผู้รับผิดชอบ | ระยะเวลา | ผลลัพธ์ |\n|---|---|---|---|\n");
	for (int i = 1; i <= 40; i++)
		buf_printf(&body, "| %d. ตรวจสถานที่ | นักวิชาการสุขาภิบาล | 1 วัน | รายงานผล |\n", i);
	struct pdf_doc d = {
		.org = "เทศบาลเมืองสมุทรสงคราม", .title = "คู่มือการตรวจสุขาภิบาลอาหาร",
		.kind_label = "คู่มือการปฏิบัติงาน", .unit = "กองสาธารณสุขและสิ่งแวดล้อม",
		.meta = {{"สถานะ", "เผยแพร่แล้ว"}}, .nmeta = 1, .body_md = buf_cstr(&body), .thai_digits = true,
	};
	struct buf pdf;
	buf_init(&pdf, 64 << 20);
	assert_int_equal(pdf_render(&d, &pdf), 0);
	assert_memory_equal(pdf.p, "%PDF-", 5);
	/* Read it back: the Thai words survive shaping and encoding. */
	struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	struct buf text;
	buf_init(&text, 1 << 20);
	bool truncated;
	assert_int_equal(extract_text("pdf", pdf.p, pdf.len, &lim, &text, &truncated), 0);
	assert_non_null(strstr(buf_cstr(&text), "คู่มือการตรวจสุขาภิบาลอาหาร"));
	assert_non_null(strstr(buf_cstr(&text), "นักวิชาการ")); /* a table cell (it wraps) */
	assert_non_null(strstr(buf_cstr(&text), "หน้า ๒ /")); /* more than one page, Thai digits */
	buf_release(&text);
	buf_release(&pdf);
	buf_release(&body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sniffing),
		cmocka_unit_test(extraction_and_zip_bombs),
		cmocka_unit_test(markdown_is_safe),
		cmocka_unit_test(pdf_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
