/* Tests of export/sniff and export/extract: upload types from bytes and
 * names, and search text from DOCX, XLSX, PDF and plain text, with hostile
 * files (zip bombs, lying headers, encryption, damage, DTDs). Fixtures are
 * built at test time: zips with libzip, PDFs with cairo + pango (Laksaman). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <zip.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/utf8.h"
#include "export/extract.h"
#include "export/sniff.h"
#include "support/support.h"

/* Fixtures: zips. */

static uint32_t le32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

static void put_le32(char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (char)(v >> (8 * i));
}

/* Makes entry `name` claim `size` uncompressed bytes, in its central
 * directory record and in its local header. */
static void zip_forge_size(char *zip, size_t len, const char *name, uint32_t size)
{
	size_t nlen = strlen(name);
	for (size_t i = 0; i + 46 <= len; i++) {
		if (memcmp(zip + i, "PK\x01\x02", 4) || zip[i + 28] != (char)nlen || zip[i + 29] != 0 ||
		    i + 46 + nlen > len || memcmp(zip + i + 46, name, nlen))
			continue;
		put_le32(zip + i + 24, size);
		uint32_t local = le32(zip + i + 42);
		assert_true(local + 30 <= len && !memcmp(zip + local, "PK\x03\x04", 4));
		put_le32(zip + local + 22, size);
		return;
	}
	fail_msg("no central directory record for %s", name);
}

#define CT_HEAD                                                                                          \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"                                   \
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"                 \
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" \
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
#define CT_W "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define CT_S "application/vnd.openxmlformats-officedocument.spreadsheetml."
#define OVERRIDE(part, ct) "<Override PartName=\"" part "\" ContentType=\"" ct "\"/>"
#define W_DOC "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
	      "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>"
#define W_END "<w:sectPr/></w:body></w:document>"
#define S_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

static const char rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

static const char docx_ct[] = CT_HEAD OVERRIDE("/word/document.xml", CT_W "document.main+xml")
	OVERRIDE("/word/header1.xml", CT_W "header+xml") "</Types>";

/* คู่มือการปฏิบัติงาน split over three runs (mid-word), a paragraph's tab
 * stops, a trailing space before a tab, a line break, empty paragraphs, a
 * text box given twice (mc:Choice and mc:Fallback), deleted text, a field
 * code and an escaped ampersand. */
static const char docx_body[] =
	W_DOC "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
	"<w:r><w:rPr><w:b/></w:rPr><w:t>คู่มือ</w:t></w:r><w:r><w:t>การปฏิ</w:t></w:r>"
	"<w:r><w:t>บัติงาน</w:t></w:r></w:p>"
	"<w:p><w:r><w:t xml:space=\"preserve\">ขั้นตอนที่ 1 </w:t></w:r><w:r><w:tab/><w:t>รับเรื่อง</w:t>"
	"<w:br/><w:t>บรรทัดใหม่</w:t></w:r></w:p><w:p><w:pPr/></w:p><w:p><w:pPr/></w:p>"
	"<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r>"
	"<w:t>กล่องข้อความ</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>"
	"<w:txbxContent><w:p><w:r><w:t>กล่องข้อความ</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
	"</mc:AlternateContent></w:r></w:p>"
	"<w:p><w:del><w:r><w:delText>ลบแล้ว</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText>"
	"</w:r><w:r><w:t>A&amp;B</w:t></w:r></w:p>" W_END;

static const char docx_header[] =
	"<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:p><w:r><w:t>หัวกระดาษ</w:t></w:r></w:p></w:hdr>";

static const char docx_want[] = "คู่มือการปฏิบัติงาน\nขั้นตอนที่ 1\tรับเรื่อง\nบรรทัดใหม่\n\nกล่องข้อความ\n\nA&B"
				"\n\nหัวกระดาษ";

#define ZENT(n, s) {(n), (s), sizeof(s) - 1, false}

static char *docx_build(const char *body, size_t *len)
{
	struct test_zent e[] = {ZENT("[Content_Types].xml", docx_ct), ZENT("_rels/.rels", rels),
			   {"word/document.xml", body, strlen(body), false}, ZENT("word/header1.xml", docx_header)};
	return test_zip(e, 4, len);
}

/* The worksheet is declared before the shared strings: output follows kind, not order. */
static const char xlsx_ct[] = CT_HEAD OVERRIDE("/xl/workbook.xml", CT_S "sheet.main+xml")
	OVERRIDE("/xl/worksheets/sheet1.xml", CT_S "worksheet+xml")
	OVERRIDE("/xl/sharedStrings.xml", CT_S "sharedStrings+xml") "</Types>";
static const char xlsx_workbook[] =
	"<workbook " S_NS " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"แผนงาน\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"KPI\" sheetId=\"2\" r:id=\"rId2\"/>"
	"</sheets></workbook>";
static const char xlsx_shared[] =
	"<sst " S_NS " count=\"3\" uniqueCount=\"3\"><si><t>ตัวชี้วัด</t></si>"
	"<si><r><rPr><b/></rPr><t>คู่มือ</t></r><r><t>การปฏิบัติงาน</t></r></si>"
	"<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>カンジ</t></rPh><phoneticPr fontId=\"1\"/></si></sst>";
static const char xlsx_sheet[] =
	"<worksheet " S_NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	"<c r=\"B1\" t=\"inlineStr\"><is><t>ข้อความในเซลล์</t></is></c><c r=\"C1\"><v>2567</v></c></row>"
	"</sheetData></worksheet>";
static const char xlsx_want[] = "แผนงาน\nKPI\n\nตัวชี้วัด\nคู่มือการปฏิบัติงาน\n漢字\n\nข้อความในเซลล์";

static char *xlsx_build(size_t *len)
{
	struct test_zent e[] = {ZENT("[Content_Types].xml", xlsx_ct), ZENT("xl/workbook.xml", xlsx_workbook),
			   ZENT("xl/sharedStrings.xml", xlsx_shared), ZENT("xl/worksheets/sheet1.xml", xlsx_sheet)};
	return test_zip(e, 4, len);
}

/* Fixtures: PDFs, one page per string, drawn in Laksaman 16 by pango. */

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append(closure, data, length);
	return buf_err(closure) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static char *pdf_build(const char *const *pages, size_t n, size_t *len)
{
	struct buf b;
	buf_init(&b, (size_t)16 << 20);
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(pdf_write, &b, 595, 842);
	cairo_t *cr = cairo_create(surf);
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_from_string("Laksaman 16");
	pango_layout_set_font_description(layout, font);
	pango_layout_set_width(layout, 495 * PANGO_SCALE);
	for (size_t i = 0; i < n; i++) {
		pango_layout_set_text(layout, pages[i], -1);
		cairo_move_to(cr, 50, 50);
		pango_cairo_show_layout(cr, layout);
		cairo_show_page(cr);
	}
	pango_font_description_free(font);
	g_object_unref(layout);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	assert_int_equal(cairo_surface_status(surf), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(surf);
	char *p = buf_take(&b, len);
	assert_non_null(p);
	return p;
}

static const char *const pdf_pages[] = {"คู่มือการปฏิบัติงาน\nเทศบาลเมืองสมุทรสงคราม ปั้นดิน",
					"การจัดการความรู้ ปีงบประมาณ 2567"};

/* Helpers for checks. */

static void assert_failed(int rc, int want)
{
	assert_int_equal(rc, want);
	const struct err_detail *d = err_last();
	assert_int_equal(d->code, want);
	assert_string_equal(d->field, "file");
	assert_non_null(d->msg_th);
	assert_non_null(d->msg_en);
	assert_true(utf8_valid_text(d->msg_th, strlen(d->msg_th)));
}

static void assert_sniff(const void *data, size_t len, const char *name, const char *kind, const char *mime)
{
	struct sniff_result r;
	err_clear();
	assert_int_equal(sniff_file(data, len, name, &r), 0);
	assert_string_equal(r.kind, kind);
	assert_string_equal(r.mime, mime);
}

/* Refused, with the English message holding `says` (NULL: anything). */
static void assert_refused(const void *data, size_t len, const char *name, const char *says)
{
	struct sniff_result r = {"x", "y"};
	err_clear();
	assert_failed(sniff_file(data, len, name, &r), ERR_INVAL);
	assert_null(r.kind);
	assert_null(r.mime);
	if (says)
		assert_non_null(strstr(err_last()->msg_en, says));
}

/* extract_text into a fresh buffer holding `before`; returns rc. */
static int extract(const char *kind, const void *data, size_t len, const struct extract_limits *lim,
		   struct buf *out, bool *truncated)
{
	buf_init(out, (size_t)64 << 20);
	buf_puts(out, "ก่อน|");
	err_clear();
	*truncated = true;
	int rc = extract_text(kind, data, len, lim, out, truncated);
	if (rc) {
		assert_string_equal(buf_cstr(out), "ก่อน|"); /* failure leaves the buffer as it was */
		assert_int_equal(out->len, strlen("ก่อน|"));
		assert_false(*truncated);
		assert_int_equal(err_last()->code, rc);
	} else {
		assert_true(utf8_valid_text(buf_cstr(out), out->len));
	}
	return rc;
}

#define MIME_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define MIME_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Sniffing. */

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I',
				    'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89};

static void sniff_images(void **state)
{
	static const char jpeg[] = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";
	static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!";
	static const char webp[] = "RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10";
	assert_sniff(png, sizeof png, "scan.PNG", "png", "image/png");
	assert_sniff(jpeg, sizeof jpeg - 1, "photo.jpg", "jpeg", "image/jpeg");
	assert_sniff(jpeg, sizeof jpeg - 1, "photo.JPEG", "jpeg", "image/jpeg");
	assert_sniff(gif, sizeof gif - 1, "a.gif", "gif", "image/gif");
	assert_sniff(webp, sizeof webp - 1, "a.webp", "webp", "image/webp");
	assert_refused(png, sizeof png, "scan.jpg", ".png"); /* names the real type */
	assert_refused(png, 8, "scan.png", "not accepted"); /* a signature alone is not an image */
	assert_refused(jpeg, sizeof jpeg - 1, "photo.png", ".jpg");
}

static void sniff_pdf_and_executables(void **state)
{
	size_t n;
	char *pdf = pdf_build(pdf_pages, 1, &n);
	assert_sniff(pdf, n, "คู่มือ.pdf", "pdf", "application/pdf");
	assert_refused(pdf, n, "คู่มือ.docx", "PDF"); /* a PDF renamed .docx */
	assert_refused(pdf, n, "คู่มือ", "PDF");      /* no extension */
	free(pdf);
	/* A DOS/PE executable renamed .pdf. */
	char exe[512] = "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8";
	exe[0x3c] = (char)0x80;
	memcpy(exe + 0x80, "PE\0\0\x4c\x01", 6);
	assert_refused(exe, sizeof exe, "setup.pdf", "not accepted");
	/* The same executable with a real DOCX appended (libzip would open it). */
	size_t dn;
	char *docx = docx_build(docx_body, &dn);
	char *poly = malloc(sizeof exe + dn);
	assert_non_null(poly);
	memcpy(poly, exe, sizeof exe);
	memcpy(poly + sizeof exe, docx, dn);
	assert_refused(poly, sizeof exe + dn, "setup.docx", "not accepted");
	free(poly);
	free(docx);
}

static void sniff_office(void **state)
{
	size_t n;
	char *docx = docx_build(docx_body, &n);
	assert_sniff(docx, n, "คู่มือ.docx", "docx", MIME_DOCX);
	assert_sniff(docx, n, "x.DOCX", "docx", MIME_DOCX);
	assert_refused(docx, n, "x.xlsx", ".docx");
	assert_refused(docx, n, "x.zip", ".docx");
	free(docx);
	char *xlsx = xlsx_build(&n);
	assert_sniff(xlsx, n, "ตัวชี้วัด.xlsx", "xlsx", MIME_XLSX);
	assert_refused(xlsx, n, "ตัวชี้วัด.docx", ".xlsx");
	free(xlsx);
	/* A zip that is no Office package, a PowerPoint, a macro-enabled
	 * workbook, a missing main part, a DTD, an encrypted [Content_Types]. */
	struct test_zent plain[] = {ZENT("a.txt", "hello")};
	struct test_zent pptx[] = {ZENT("[Content_Types].xml", CT_HEAD OVERRIDE("/ppt/presentation.xml",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml") "</Types>"),
			      ZENT("ppt/presentation.xml", "<p/>")};
	struct test_zent xlsm[] = {ZENT("[Content_Types].xml", CT_HEAD OVERRIDE("/xl/workbook.xml",
		"application/vnd.ms-excel.sheet.macroEnabled.main+xml") "</Types>"),
			      ZENT("xl/workbook.xml", "<w/>")};
	struct test_zent both[] = {ZENT("[Content_Types].xml", CT_HEAD OVERRIDE("/word/document.xml",
		CT_W "document.main+xml") OVERRIDE("/xl/workbook.xml", CT_S "sheet.main+xml") "</Types>"),
			      ZENT("word/document.xml", W_DOC W_END), ZENT("xl/workbook.xml", xlsx_workbook)};
	struct test_zent missing[] = {ZENT("[Content_Types].xml", docx_ct)};
	struct test_zent dtd[] = {ZENT("[Content_Types].xml", "<?xml version=\"1.0\"?><!DOCTYPE Types [<!ENTITY a \"b\">]>"
		"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		OVERRIDE("/word/document.xml", CT_W "document.main+xml") "</Types>"),
			     ZENT("word/document.xml", W_DOC W_END)};
	struct {
		struct test_zent *e;
		size_t n;
		const char *name, *says;
	} cases[] = {{plain, 1, "a.docx", "not accepted"}, {pptx, 2, "a.docx", "not accepted"},
		     {xlsm, 2, "a.xlsx", "not accepted"}, {both, 3, "a.docx", "not accepted"},
		     {missing, 1, "a.docx", "damaged"},
		     {dtd, 2, "a.docx", "damaged"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *z = test_zip(cases[i].e, cases[i].n, &n);
		assert_refused(z, n, cases[i].name, cases[i].says);
		free(z);
	}
	if (zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
		struct test_zent locked[] = {{"[Content_Types].xml", docx_ct, sizeof docx_ct - 1, true},
					ZENT("word/document.xml", W_DOC W_END)};
		char *z = test_zip(locked, 2, &n);
		assert_refused(z, n, "a.docx", "password");
		free(z);
	}
	/* An OLE compound file: an old .doc or an encrypted .docx. */
	char ole[1024] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	assert_refused(ole, sizeof ole, "a.docx", "password");
}

static void sniff_text_files(void **state)
{
	static const char thai[] = "ข้อความภาษาไทย\nบรรทัดที่สอง\n";
	static const char csv[] = "\xEF\xBB\xBFชื่อ,หน่วยงาน\nสมชาย,กองช่าง\nสมหญิง,กองคลัง\n";
	static const char latin1[] = "caf\xe9 cr\xe8me br\xfbl\xe9" "e\n";
	static const char tis620[] = "\xa4\xd9\xe8\xc1\xd7\xcd\n"; /* คู่มือ in TIS-620 */
	static const char utf16[] = "\xff\xfe\x01\x0e\x02\x0e\n\x00";
	assert_sniff(thai, sizeof thai - 1, "บันทึก.txt", "text", "text/plain");
	assert_sniff(thai, sizeof thai - 1, "README.md", "text", "text/markdown");
	assert_sniff(csv, sizeof csv - 1, "staff.CSV", "text", "text/csv");
	assert_refused(latin1, sizeof latin1 - 1, "menu.txt", "UTF-8");
	assert_refused(tis620, sizeof tis620 - 1, "menu.txt", "UTF-8");
	assert_refused(utf16, sizeof utf16 - 1, "menu.txt", "UTF-8");
	assert_refused(thai, sizeof thai - 1, "บันทึก.pdf", ".txt");
	assert_refused(thai, sizeof thai - 1, "บันทึก.html", ".txt");
}

static void sniff_empty(void **state)
{
	assert_refused("", 0, "empty.txt", "empty");
	assert_refused(NULL, 0, "empty.txt", "empty");
	struct sniff_result r;
	assert_failed(sniff_detect("", 0, &r), ERR_INVAL);
	assert_int_equal(sniff_detect(png, sizeof png, &r), 0);
	assert_string_equal(r.kind, "png");
}

static void sniff_extensions(void **state)
{
	assert_true(sniff_extension_ok("pdf", "รายงาน.pdf"));
	assert_true(sniff_extension_ok("pdf", "a.b.PDF"));
	assert_true(sniff_extension_ok("jpeg", "x.jpg"));
	assert_true(sniff_extension_ok("jpeg", "x.Jpeg"));
	assert_true(sniff_extension_ok("text", "x.md"));
	assert_false(sniff_extension_ok("pdf", "pdf"));
	assert_false(sniff_extension_ok("pdf", "x.pdf "));
	assert_false(sniff_extension_ok("pdf", "x.pdf.exe"));
	assert_false(sniff_extension_ok("pdf", "x."));
	assert_false(sniff_extension_ok("docx", "x.doc"));
	assert_false(sniff_extension_ok("text", "x.html"));
	assert_false(sniff_extension_ok("exe", "x.exe"));
	assert_false(sniff_extension_ok(NULL, "x.pdf"));
	assert_false(sniff_extension_ok("pdf", NULL));
}

/* Extraction. */

static void extract_docx(void **state)
{
	size_t n;
	char *docx = docx_build(docx_body, &n);
	struct buf out;
	bool cut;
	assert_int_equal(extract("docx", docx, n, NULL, &out, &cut), 0);
	assert_string_equal(buf_cstr(&out) + strlen("ก่อน|"), docx_want);
	assert_false(cut);
	buf_release(&out);
	/* The kind is not trusted: a DOCX is no workbook. */
	assert_failed(extract("xlsx", docx, n, NULL, &out, &cut), ERR_INVAL);
	assert_non_null(strstr(err_last()->msg_en, "Excel"));
	buf_release(&out);
	free(docx);
}

static void extract_xlsx(void **state)
{
	size_t n;
	char *xlsx = xlsx_build(&n);
	struct buf out;
	bool cut;
	assert_int_equal(extract("xlsx", xlsx, n, NULL, &out, &cut), 0);
	assert_string_equal(buf_cstr(&out) + strlen("ก่อน|"), xlsx_want);
	assert_false(cut);
	buf_release(&out);
	assert_failed(extract("docx", xlsx, n, NULL, &out, &cut), ERR_INVAL);
	assert_non_null(strstr(err_last()->msg_en, "Word"));
	buf_release(&out);
	free(xlsx);
}

static void extract_pdf(void **state)
{
	size_t n;
	char *pdf = pdf_build(pdf_pages, 2, &n);
	struct buf out;
	bool cut;
	assert_int_equal(extract("pdf", pdf, n, NULL, &out, &cut), 0);
	const char *t = buf_cstr(&out);
	assert_non_null(strstr(t, "คู่มือการปฏิบัติงาน"));
	assert_non_null(strstr(t, "เทศบาลเมืองสมุทรสงคราม"));
	assert_non_null(strstr(t, "การจัดการความรู้"));
	assert_non_null(strstr(t, "2567"));
	/* poppler gives "ปั ้ น": the space before the shifted tone mark goes
	 * (the one after it cannot be told from a real word break). */
	assert_non_null(strstr(t, "ปั้"));
	assert_null(strstr(t, "  "));
	assert_null(strstr(t, "\n\n\n"));
	assert_false(cut);
	buf_release(&out);
	/* Pages past the cap are not read, and that is truncation. */
	struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	lim.max_pages = 1;
	assert_int_equal(extract("pdf", pdf, n, &lim, &out, &cut), 0);
	assert_non_null(strstr(buf_cstr(&out), "คู่มือการปฏิบัติงาน"));
	assert_null(strstr(buf_cstr(&out), "การจัดการความรู้"));
	assert_true(cut);
	buf_release(&out);
	/* Damaged PDFs. */
	assert_failed(extract("pdf", pdf, n / 3, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	assert_failed(extract("pdf", "%PDF-1.4\nnonsense", 17, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	free(pdf);
}

static void extract_zip_bomb(void **state)
{
	/* 200 MB of zeros deflate to about 200 KB: the header says so. */
	struct test_zent e[] = {ZENT("[Content_Types].xml", docx_ct), {"word/document.xml", NULL, (size_t)200 << 20, false}};
	size_t n;
	char *bomb = test_zip(e, 2, &n);
	assert_true(n < ((size_t)1 << 20));
	struct buf out;
	bool cut;
	assert_failed(extract("docx", bomb, n, NULL, &out, &cut), ERR_TOOBIG);
	buf_release(&out);
	free(bomb);
	/* 20 MB of zeros: under the entry cap, refused by the 100:1 ratio. With
	 * the ratio lifted, the zeros reach the parser, which refuses them. */
	e[1].len = (size_t)20 << 20;
	bomb = test_zip(e, 2, &n);
	assert_failed(extract("docx", bomb, n, NULL, &out, &cut), ERR_TOOBIG);
	buf_release(&out);
	struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	lim.max_ratio = 1000000;
	assert_failed(extract("docx", bomb, n, &lim, &out, &cut), ERR_INVAL);
	buf_release(&out);
	free(bomb);
}

static void extract_lying_header(void **state)
{
	/* 6 MB of valid, repetitive paragraphs. */
	static const char para[] = "<w:p><w:r><w:t>ก</w:t></w:r></w:p>";
	size_t reps = ((size_t)6 << 20) / (sizeof para - 1);
	struct buf body;
	buf_init(&body, (size_t)8 << 20);
	buf_puts(&body, W_DOC);
	for (size_t i = 0; i < reps; i++)
		buf_append(&body, para, sizeof para - 1);
	buf_puts(&body, W_END);
	assert_int_equal(buf_err(&body), 0);
	struct test_zent e[] = {ZENT("[Content_Types].xml", docx_ct), {"word/document.xml", body.p, body.len, false}};
	size_t n;
	char *zip = test_zip(e, 2, &n);
	struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	lim.max_ratio = 1000000;
	lim.max_entry = (size_t)1 << 20;
	struct buf out;
	bool cut;
	/* Honest header: refused before reading. */
	assert_failed(extract("docx", zip, n, &lim, &out, &cut), ERR_TOOBIG);
	buf_release(&out);
	/* The header claims 4 KB: refused while reading, not at the end. */
	zip_forge_size(zip, n, "word/document.xml", 4096);
	assert_failed(extract("docx", zip, n, &lim, &out, &cut), ERR_TOOBIG);
	buf_release(&out);
	/* Even within every other limit, an entry may not outgrow its header. */
	lim.max_entry = (size_t)50 << 20;
	assert_failed(extract("docx", zip, n, &lim, &out, &cut), ERR_TOOBIG);
	buf_release(&out);
	free(zip);
	/* The honest file, within limits, reads: one ก per line. */
	zip = test_zip(e, 2, &n);
	lim = (struct extract_limits)EXTRACT_LIMITS_DEFAULT;
	lim.max_ratio = 1000000;
	assert_int_equal(extract("docx", zip, n, &lim, &out, &cut), 0);
	assert_int_equal(out.len, strlen("ก่อน|") + reps * strlen("ก\n") - 1);
	buf_release(&out);
	free(zip);
	buf_release(&body);
}

static void extract_zip_limits(void **state)
{
	/* More entries than allowed. */
	struct test_zent many[12];
	char names[12][16];
	many[0] = (struct test_zent)ZENT("[Content_Types].xml", docx_ct);
	many[1] = (struct test_zent){"word/document.xml", docx_body, sizeof docx_body - 1, false};
	for (int i = 2; i < 12; i++) {
		snprintf(names[i], sizeof names[i], "media/%d.bin", i);
		many[i] = (struct test_zent){names[i], "x", 1, false};
	}
	size_t n;
	char *zip = test_zip(many, 12, &n);
	struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	lim.max_entries = 11;
	struct buf out;
	bool cut;
	assert_failed(extract("docx", zip, n, &lim, &out, &cut), ERR_TOOBIG);
	buf_release(&out);
	lim.max_entries = 12;
	assert_int_equal(extract("docx", zip, n, &lim, &out, &cut), 0);
	buf_release(&out);
	free(zip);
	/* More bytes in all than allowed: the body and the header, 700 KB each. */
	struct buf big;
	buf_init(&big, (size_t)1 << 20);
	buf_puts(&big, "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">");
	while (big.len < 700000)
		buf_puts(&big, "<w:p><w:r><w:t>หัวกระดาษ</w:t></w:r></w:p>");
	buf_puts(&big, "</w:hdr>");
	struct test_zent two[] = {ZENT("[Content_Types].xml", docx_ct), {"word/document.xml", big.p, big.len, false},
			     {"word/header1.xml", big.p, big.len, false}};
	zip = test_zip(two, 3, &n);
	lim = (struct extract_limits)EXTRACT_LIMITS_DEFAULT;
	lim.max_total = (size_t)1 << 20;
	assert_failed(extract("docx", zip, n, &lim, &out, &cut), ERR_TOOBIG);
	buf_release(&out);
	lim.max_total = (size_t)2 << 20;
	assert_int_equal(extract("docx", zip, n, &lim, &out, &cut), 0);
	buf_release(&out);
	free(zip);
	buf_release(&big);
}

static void extract_hostile(void **state)
{
	size_t n;
	struct buf out;
	bool cut;
	char *docx = docx_build(docx_body, &n);
	/* Cut short, and with the deflate stream of the body scrambled. */
	assert_failed(extract("docx", docx, n / 2, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	char *bad = malloc(n);
	assert_non_null(bad);
	memcpy(bad, docx, n);
	char *body = memmem(bad, n, "word/document.xml", 17); /* the local header's name */
	assert_non_null(body);
	for (size_t i = 40; i < 80; i++)
		body[17 + i] ^= 0x5A;
	assert_failed(extract("docx", bad, n, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	free(bad);
	free(docx);
	assert_failed(extract("docx", "PK\x03\x04garbage", 11, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	/* Entities: any DTD is refused, even a harmless one (libxml2 would
	 * catch the billion laughs below by itself), and undeclared entities. */
	docx = docx_build("<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x \"แฝง\">]>" W_DOC
			  "<w:p><w:r><w:t>&x;</w:t></w:r></w:p>" W_END, &n);
	assert_failed(extract("docx", docx, n, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	free(docx);
	const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"ha\">"
			     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
			     W_DOC "<w:p><w:r><w:t>&c;</w:t></w:r></w:p>" W_END;
	docx = docx_build(laughs, &n);
	assert_failed(extract("docx", docx, n, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	free(docx);
	docx = docx_build(W_DOC "<w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p>" W_END, &n);
	assert_failed(extract("docx", docx, n, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	free(docx);
	docx = docx_build(W_DOC "<w:p><w:r><w:t>ไม่ปิด</w:r></w:p>" W_END, &n);
	assert_failed(extract("docx", docx, n, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	free(docx);
	/* An encrypted entry. */
	if (zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
		struct test_zent e[] = {ZENT("[Content_Types].xml", docx_ct),
				   {"word/document.xml", docx_body, sizeof docx_body - 1, true}};
		docx = test_zip(e, 2, &n);
		assert_failed(extract("docx", docx, n, NULL, &out, &cut), ERR_INVAL);
		assert_non_null(strstr(err_last()->msg_en, "encrypted"));
		buf_release(&out);
		free(docx);
	}
}

static void extract_plain_text(void **state)
{
	/* BOM, leading spaces, runs of spaces and tabs, CR LF runs, a no-break
	 * space, a soft hyphen, a Windows PUA tone mark (U+F70A → U+0E48) and a
	 * space before a Thai tone mark. */
	static const char in[] = "\xEF\xBB\xBF  หนึ่ง   สอง\t \tสาม  \r\n\r\n\r\n\r\nสี่\xC2\xA0ห้า ปฏิ\xC2\xAD"
				 "บัติ ก\xEF\x9C\x8Aา ปั ้น\r\nจบ\n\n";
	struct buf out;
	bool cut;
	assert_int_equal(extract("text", in, sizeof in - 1, NULL, &out, &cut), 0);
	assert_string_equal(buf_cstr(&out), "ก่อน|หนึ่ง สอง\tสาม\n\nสี่ ห้า ปฏิบัติ ก่า ปั้น\nจบ");
	assert_false(cut);
	buf_release(&out);
	static const char latin1[] = "caf\xe9\n";
	assert_failed(extract("text", latin1, sizeof latin1 - 1, NULL, &out, &cut), ERR_INVAL);
	assert_non_null(strstr(err_last()->msg_en, "UTF-8"));
	buf_release(&out);
}

static void extract_truncation(void **state)
{
	struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	lim.max_text = 10;
	struct buf out;
	bool cut;
	assert_int_equal(extract("text", "กขคงจฉ", strlen("กขคงจฉ"), &lim, &out, &cut), 0);
	assert_true(cut);
	assert_string_equal(buf_cstr(&out), "ก่อน|กขค"); /* three characters, not a broken fourth */
	buf_release(&out);
	lim.max_text = 9;
	assert_int_equal(extract("text", "กขค", strlen("กขค"), &lim, &out, &cut), 0);
	assert_false(cut); /* exactly full is not cut */
	buf_release(&out);
	/* The buffer's own cap counts too. */
	buf_init(&out, strlen("ab") + 7);
	buf_puts(&out, "ab");
	cut = false;
	assert_int_equal(extract_text("text", "กขคง", strlen("กขคง"), NULL, &out, &cut), 0);
	assert_true(cut);
	assert_string_equal(buf_cstr(&out), "abกข");
	assert_int_equal(buf_err(&out), 0);
	buf_release(&out);
	/* DOCX output stops early too. */
	size_t n;
	char *docx = docx_build(docx_body, &n);
	lim.max_text = 20;
	assert_int_equal(extract("docx", docx, n, &lim, &out, &cut), 0);
	assert_true(cut);
	assert_string_equal(buf_cstr(&out), "ก่อน|คู่มือ"); /* 18 of 20 bytes: ก would pass */
	buf_release(&out);
	free(docx);
}

static void extract_kinds(void **state)
{
	struct buf out;
	bool cut;
	assert_int_equal(extract("png", png, sizeof png, NULL, &out, &cut), 0);
	assert_string_equal(buf_cstr(&out), "ก่อน|");
	assert_false(cut);
	buf_release(&out);
	assert_failed(extract("exe", "MZ", 2, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	assert_failed(extract(NULL, "x", 1, NULL, &out, &cut), ERR_INVAL);
	buf_release(&out);
	/* A buffer that already failed is reported as it is. */
	buf_init(&out, 2);
	buf_puts(&out, "abc");
	assert_int_equal(extract_text("text", "x", 1, NULL, &out, NULL), ERR_TOOBIG);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sniff_images),
		cmocka_unit_test(sniff_pdf_and_executables),
		cmocka_unit_test(sniff_office),
		cmocka_unit_test(sniff_text_files),
		cmocka_unit_test(sniff_empty),
		cmocka_unit_test(sniff_extensions),
		cmocka_unit_test(extract_docx),
		cmocka_unit_test(extract_xlsx),
		cmocka_unit_test(extract_pdf),
		cmocka_unit_test(extract_zip_bomb),
		cmocka_unit_test(extract_lying_header),
		cmocka_unit_test(extract_zip_limits),
		cmocka_unit_test(extract_hostile),
		cmocka_unit_test(extract_plain_text),
		cmocka_unit_test(extract_truncation),
		cmocka_unit_test(extract_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
