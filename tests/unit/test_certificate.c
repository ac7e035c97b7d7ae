/* Tests of export/certificate: the certificate of recognition (เกียรติบัตร)
 * rendered to PDF and read back with poppler-glib: one A4 page holding the
 * organisation, the wording, the person, what for, the date and the signer
 * in Thai digits, the name centred on the page; the longest fields still on
 * one page; the fields it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "export/certificate.h"
#include "support/pdf.h"

static struct certificate sample(void)
{
	return (struct certificate){
		.org = "เทศบาลเมืองสมุทรสงคราม",
		.name = "นางสาวสมศรี ใจดี",
		.position = "นักวิชาการสาธารณสุขชำนาญการ",
		.reason = "เป็นผู้มีส่วนร่วมในการจัดการความรู้ดีเด่น ประจำปีงบประมาณ 2569",
		.details = "โดยเผยแพร่องค์ความรู้ 3 เรื่อง และเข้าร่วมกิจกรรมพัฒนาบุคลากร 4 กิจกรรม",
		.date = "วันที่ 24 เดือน พฤศจิกายน พ.ศ. 2569",
		.signer_name = "นายสุเมธ ยิ่งยง",
		.signer_position = "นายกเทศมนตรีเมืองสมุทรสงคราม",
		.footer = "ออกโดยระบบคลังความรู้ (klang) · รหัสบุคลากร 12",
		.thai_digits = true,
	};
}

/* The rendered document: its pages and the first page's text, compared
 * without white space and Thai marks above and below the line (poppler
 * puts spaces around them and may take a tone mark after the next vowel:
 * "นีไ้ว้"). */
struct rendered {
	PopplerDocument *doc;
	int npages;
	double w, h;
	char text[16384];
};

static bool is_mark(gunichar c)
{
	return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E);
}

/* in without white space and marks, into out. */
static void strip(const char *in, char *out, size_t cap)
{
	size_t k = 0;
	for (const char *s = in; *s && k + 8 < cap; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		if (g_unichar_isspace(c) || is_mark(c))
			continue;
		size_t n = (size_t)(g_utf8_next_char(s) - s);
		memcpy(out + k, s, n);
		k += n;
	}
	out[k] = 0;
}

static void render(const struct certificate *c, struct rendered *r)
{
	struct buf pdf;
	buf_init(&pdf, 16 << 20);
	assert_int_equal(certificate_pdf_render(c, &pdf), 0);
	r->doc = test_pdf_open(pdf.p, pdf.len);
	buf_release(&pdf);
	r->npages = poppler_document_get_n_pages(r->doc);
	PopplerPage *page = poppler_document_get_page(r->doc, 0);
	poppler_page_get_size(page, &r->w, &r->h);
	char *text = poppler_page_get_text(page);
	strip(text, r->text, sizeof r->text);
	g_free(text);
	g_object_unref(page);
}

/* needle is in the page's text (both stripped). */
static bool has(const struct rendered *r, const char *needle)
{
	char want[1024];
	strip(needle, want, sizeof want);
	return strstr(r->text, want) != NULL;
}

static void holds_everything_in_thai_on_one_page(void **state)
{
	(void)state;
	struct certificate c = sample();
	struct rendered r;
	render(&c, &r);
	assert_int_equal(r.npages, 1);
	assert_true(r.w > 590 && r.w < 600 && r.h > 838 && r.h < 845); /* A4 portrait */
	static const char *const want[] = {
		"เทศบาลเมืองสมุทรสงคราม", "เกียรติบัตร", "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า", "นางสาวสมศรี ใจดี",
		"ตำแหน่ง นักวิชาการสาธารณสุขชำนาญการ", "ประจำปีงบประมาณ ๒๕๖๙", "องค์ความรู้ ๓ เรื่อง",
		"ให้ไว้ ณ วันที่ ๒๔ เดือน พฤศจิกายน พ.ศ. ๒๕๖๙", "(นายสุเมธ ยิ่งยง)", "นายกเทศมนตรีเมืองสมุทรสงคราม",
		"รหัสบุคลากร ๑๒",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		if (!has(&r, want[i]))
			fail_msg("missing \"%s\" in: %s", want[i], r.text);
	}
	/* Thai digits everywhere, and no page number on a single page. */
	assert_null(strstr(r.text, "2569"));
	assert_null(strstr(r.text, "หน้า"));
	/* The name stands centred on the page. */
	PopplerPage *page = poppler_document_get_page(r.doc, 0);
	GList *hits = poppler_page_find_text(page, "นางสาวสมศรี");
	assert_non_null(hits);
	PopplerRectangle *box = hits->data;
	double left = box->x1, right = box->x2;
	g_list_free_full(hits, (GDestroyNotify)poppler_rectangle_free);
	hits = poppler_page_find_text(page, "ใจดี");
	assert_non_null(hits);
	box = hits->data;
	if (box->x2 > right)
		right = box->x2;
	g_list_free_full(hits, (GDestroyNotify)poppler_rectangle_free);
	double mid = (left + right) / 2;
	if (mid < r.w / 2 - 6 || mid > r.w / 2 + 6)
		fail_msg("the name's middle is at %.1f, the page's at %.1f", mid, r.w / 2);
	g_object_unref(page);
	g_object_unref(r.doc);
}

static void leaves_out_what_is_not_given(void **state)
{
	(void)state;
	struct certificate c = sample();
	c.position = "";
	c.details = NULL;
	c.footer = NULL;
	c.thai_digits = false;
	struct rendered r;
	render(&c, &r);
	assert_int_equal(r.npages, 1);
	assert_false(has(&r, "ตำแหน่ง"));
	assert_true(has(&r, "ประจำปีงบประมาณ 2569"));
	g_object_unref(r.doc);
}

/* s filled with n copies of a Thai syllable, words apart. */
static const char *fill(char *s, size_t cap, size_t chars)
{
	static const char syl[] = "ความรู้ "; /* 8 characters */
	size_t k = 0;
	s[0] = 0;
	for (size_t n = 0; n + 8 <= chars && k + sizeof syl < cap; n += 8, k += sizeof syl - 1)
		memcpy(s + k, syl, sizeof syl);
	return s;
}

static void the_longest_fields_fit_one_page(void **state)
{
	(void)state;
	static char line[6][4096], reason[8192], details[8192];
	struct certificate c = {
		.org = fill(line[0], sizeof line[0], CERTIFICATE_LINE_MAX),
		.name = fill(line[1], sizeof line[1], CERTIFICATE_LINE_MAX),
		.position = fill(line[2], sizeof line[2], CERTIFICATE_LINE_MAX),
		.reason = fill(reason, sizeof reason, CERTIFICATE_TEXT_MAX),
		.details = fill(details, sizeof details, CERTIFICATE_DETAILS_MAX),
		.date = fill(line[3], sizeof line[3], CERTIFICATE_LINE_MAX),
		.signer_name = fill(line[4], sizeof line[4], CERTIFICATE_LINE_MAX),
		.signer_position = fill(line[5], sizeof line[5], CERTIFICATE_LINE_MAX),
		.footer = "klang",
		.thai_digits = true,
	};
	struct rendered r;
	render(&c, &r);
	assert_int_equal(r.npages, 1);
	g_object_unref(r.doc);
}

static void refuses_missing_long_and_broken_fields(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out, 1 << 20);
	struct certificate c = sample();
	c.name = "";
	assert_int_equal(certificate_pdf_render(&c, &out), ERR_INVAL);
	assert_string_equal(err_last()->field, "name");
	c = sample();
	c.signer_position = NULL;
	assert_int_equal(certificate_pdf_render(&c, &out), ERR_INVAL);
	assert_string_equal(err_last()->field, "signer_position");
	c = sample();
	c.details = "\xe0\xb8"; /* a cut character */
	assert_int_equal(certificate_pdf_render(&c, &out), ERR_INVAL);
	assert_string_equal(err_last()->field, "details");
	static char longer[4096];
	c = sample();
	c.reason = fill(longer, sizeof longer, CERTIFICATE_TEXT_MAX + 8);
	assert_int_equal(certificate_pdf_render(&c, &out), ERR_TOOBIG);
	assert_string_equal(err_last()->field, "reason");
	assert_int_equal(out.len, 0); /* nothing appended */
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(holds_everything_in_thai_on_one_page),
		cmocka_unit_test(leaves_out_what_is_not_given),
		cmocka_unit_test(the_longest_fields_fit_one_page),
		cmocka_unit_test(refuses_missing_long_and_broken_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
