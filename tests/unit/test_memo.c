/* Tests of export/memo: the approval memo (บันทึกข้อความ) rendered to PDF and
 * read back with poppler-glib: its text, its pages, where its lines stand
 * (margins, halves, indents, the foot) and the fields it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <poppler.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/err.h"
#include "export/memo.h"

/* The official page, in points, as the tests expect it (not the renderer's
 * own constants). */
#define CM (72 / 2.54)
#define A4_W 595.28
#define A4_H 841.89
#define LEFT (3 * CM)
#define RIGHT (A4_W - 2 * CM)
#define BOTTOM (A4_H - 2 * CM)
#define MID ((LEFT + RIGHT) / 2)        /* the middle of the text */
#define RIGHT_MID ((MID + RIGHT) / 2)   /* the middle of its right half */

static const char sentence[] = "ด้วยกองสาธารณสุขและสิ่งแวดล้อมได้ทบทวนคู่มือการตรวจสุขาภิบาลอาหาร"
			       "ตามประกาศกระทรวงสาธารณสุข พ.ศ. 2561 ข้อ 3 ให้ทันสมัยและสอดคล้องกับงานจริง ";

/* A memo of one page: one proposer, one reviewer and the approver. */
static struct memo_doc sample(void)
{
	return (struct memo_doc){
		.agency = "กองสาธารณสุขและสิ่งแวดล้อม เทศบาลเมืองสมุทรสงคราม",
		.number = "สส ๕๒๐๐๑/๑๒/๒๕๖๘",
		.date = "๒๔ พฤศจิกายน ๒๕๖๙",
		.subject = "ขออนุมัติเผยแพร่คู่มือการตรวจสุขาภิบาลอาหาร",
		.to = "นายกเทศมนตรีเมืองสมุทรสงคราม",
		.paras = {"ตามที่ได้ตรวจร้านอาหาร 25 ร้าน ในปี 2568 แล้ว"}, /* one line */
		.nparas = 1,
		.signers = {{NULL, "นางสาวสมศรี ใจดี", "นักวิชาการสุขาภิบาลชำนาญการ", "24 พ.ย. 68"},
			    {"ผู้ทบทวน", "นายสมชาย รักงาน", "ผู้อำนวยการกองสาธารณสุข", "25 พ.ย. 68"},
			    {"อนุมัติ", "นายสุเมธ ยิ่งยง", "นายกเทศมนตรีเมืองสมุทรสงคราม", NULL}},
		.nsigners = 3,
		.footer = "อ้างอิง: คลังความรู้ เอกสารเลขที่ 123 ฉบับที่ 4",
		.thai_digits = true,
	};
}

/* One page's text and the box of each of its characters. */
struct page_text {
	char *text;
	PopplerRectangle *rects;
	guint n;
	double w, h;
};

struct rendered {
	PopplerDocument *doc;
	int npages;
	struct page_text pages[16];
};

static void render(const struct memo_doc *m, struct rendered *r)
{
	struct buf pdf;
	buf_init(&pdf, 16 << 20);
	assert_int_equal(memo_pdf_render(m, &pdf), 0);
	assert_memory_equal(pdf.p, "%PDF-", 5);
	GBytes *bytes = g_bytes_new(pdf.p, pdf.len);
	buf_release(&pdf);
	GError *gerr = NULL;
	r->doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	assert_non_null(r->doc);
	r->npages = poppler_document_get_n_pages(r->doc);
	assert_in_range(r->npages, 1, 16);
	for (int i = 0; i < r->npages; i++) {
		struct page_text *pt = &r->pages[i];
		PopplerPage *page = poppler_document_get_page(r->doc, i);
		poppler_page_get_size(page, &pt->w, &pt->h);
		pt->text = poppler_page_get_text(page);
		assert_true(poppler_page_get_text_layout(page, &pt->rects, &pt->n));
		assert_int_equal(pt->n, g_utf8_strlen(pt->text, -1)); /* a box per character */
		g_object_unref(page);
	}
}

static void release(struct rendered *r)
{
	for (int i = 0; i < r->npages; i++) {
		g_free(r->pages[i].text);
		g_free(r->pages[i].rects);
	}
	g_object_unref(r->doc);
}

/* Where needle first stands on page pt with its top at or below y `below`,
 * white space ignored on both sides (poppler puts spaces around Thai marks
 * above tall consonants, "เป็ น"): the boxes of its first and last
 * characters. False if it is not there. */
static bool locate_below(const struct page_text *pt, const char *needle, double below, PopplerRectangle *first,
			 PopplerRectangle *last)
{
	/* The page's characters without white space, each with its index. */
	size_t n = pt->n, k = 0;
	gunichar *chars = g_new(gunichar, n + 1);
	guint *at = g_new(guint, n + 1);
	const char *s = pt->text;
	for (guint i = 0; i < n && *s; i++, s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		if (!g_unichar_isspace(c)) {
			chars[k] = c;
			at[k++] = i;
		}
	}
	glong nn;
	gunichar *want = g_utf8_to_ucs4_fast(needle, -1, &nn);
	size_t m = 0;
	for (glong i = 0; i < nn; i++)
		if (!g_unichar_isspace(want[i]))
			want[m++] = want[i];
	bool found = false;
	for (size_t i = 0; m && i + m <= k && !found; i++) {
		if (pt->rects[at[i]].y1 < below || memcmp(chars + i, want, m * sizeof *want))
			continue;
		found = true;
		if (first)
			*first = pt->rects[at[i]];
		if (last)
			*last = pt->rects[at[i + m - 1]];
	}
	g_free(want);
	g_free(at);
	g_free(chars);
	return found;
}

static bool locate(const struct page_text *pt, const char *needle, PopplerRectangle *first, PopplerRectangle *last)
{
	return locate_below(pt, needle, 0, first, last);
}

/* The first page (0-based) holding needle, or -1. */
static int page_of(const struct rendered *r, const char *needle)
{
	for (int i = 0; i < r->npages; i++)
		if (locate(&r->pages[i], needle, NULL, NULL))
			return i;
	return -1;
}

/* Every character of every page lies between the margins. */
static void assert_margins(const struct rendered *r)
{
	for (int i = 0; i < r->npages; i++) {
		const struct page_text *pt = &r->pages[i];
		for (guint k = 0; k < pt->n; k++) {
			if (pt->rects[k].x1 < LEFT - 1 || pt->rects[k].x2 > RIGHT + 1)
				fail_msg("page %d, character %u: x %.2f..%.2f outside %.2f..%.2f", i + 1, k,
					 pt->rects[k].x1, pt->rects[k].x2, LEFT - 1, RIGHT + 1);
		}
	}
}

static double mid_x(PopplerRectangle a, PopplerRectangle b)
{
	return (a.x1 + b.x2) / 2;
}

static void reads_back(void **state)
{
	(void)state;
	struct memo_doc m = sample();
	struct rendered r;
	render(&m, &r);
	assert_int_equal(r.npages, 1);
	const struct page_text *pt = &r.pages[0];
	assert_float_equal(pt->w, A4_W, 0.5);
	assert_float_equal(pt->h, A4_H, 0.5);
	const char *want[] = {"บันทึกข้อความ", "ส่วนราชการ", m.agency, "ที่", "สส ๕๒๐๐๑/๑๒/๒๕๖๘", "วันที่",
			      m.date, "เรื่อง", m.subject, "เรียน", m.to,
			      "ตามที่ได้ตรวจร้านอาหาร ๒๕ ร้าน ในปี ๒๕๖๘ แล้ว",
			      "ผู้ทบทวน", "อนุมัติ", "เอกสารเลขที่ ๑๒๓ ฉบับที่ ๔", "๒๔ พ.ย. ๖๘", "๒๕ พ.ย. ๖๘"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!locate(pt, want[i], NULL, NULL))
			fail_msg("\"%s\" is not in the page:\n%s", want[i], pt->text);
	for (int i = 0; i < m.nsigners; i++) {
		char name[256];
		snprintf(name, sizeof name, "(%s)", m.signers[i].name);
		assert_true(locate(pt, name, NULL, NULL));
		assert_true(locate(pt, m.signers[i].position, NULL, NULL));
	}
	/* Every ASCII digit became a Thai digit; one page is not numbered. */
	assert_null(strpbrk(pt->text, "0123456789"));
	assert_null(strstr(pt->text, "หน้า"));

	PopplerRectangle a, b, c, d;
	/* The heading centred on the text. */
	assert_true(locate(pt, "บันทึกข้อความ", &a, &b));
	assert_float_equal(mid_x(a, b), MID, 3);
	assert_true(a.y1 < 2.5 * CM);
	/* Labels at the left margin; วันที่ on the number's line, in the right half. */
	assert_true(locate(pt, "ส่วนราชการ", &a, NULL));
	assert_float_equal(a.x1, LEFT, 1);
	assert_true(locate(pt, "ที่สส", &a, NULL));
	assert_float_equal(a.x1, LEFT, 1);
	assert_true(locate(pt, "วันที่๒๔", &c, NULL));
	assert_float_equal(c.x1, MID, 1);
	assert_float_equal(c.y2, a.y2, 2); /* the same baseline (label fonts alike) */
	/* The body's first line indented 2.5 cm, below เรียน. */
	assert_true(locate(pt, "เรียน", &a, NULL));
	assert_true(locate(pt, "ตามที่ได้", &b, NULL));
	assert_float_equal(b.x1, LEFT + 2.5 * CM, 1);
	assert_true(b.y1 > a.y2 - 1);
	/* Signature blocks centred in the right half, in order, each line under
	 * the one before. */
	double y = b.y1 + 1, below[MEMO_SIGNERS_MAX + 1] = {y};
	for (int i = 0; i < m.nsigners; i++) {
		char name[256];
		snprintf(name, sizeof name, "(%s)", m.signers[i].name);
		assert_true(locate_below(pt, name, y, &c, &d));
		assert_float_equal(mid_x(c, d), RIGHT_MID, 3);
		assert_true(locate_below(pt, m.signers[i].position, c.y1 + 1, &a, &b));
		assert_float_equal(mid_x(a, b), RIGHT_MID, 3);
		y = below[i + 1] = a.y1 + 1;
	}
	/* The approver's caption above its dotted line, above its name, with
	 * room to sign besides the line of dots (26.5 pt a line). */
	assert_true(locate_below(pt, "อนุมัติ", below[m.nsigners - 1], &a, &b)); /* not the subject's */
	assert_float_equal(mid_x(a, b), RIGHT_MID, 3);
	assert_true(locate_below(pt, "........", a.y1 + 1, &d, NULL));
	assert_true(locate(pt, "(นายสุเมธ", &c, NULL));
	assert_true(d.y1 < c.y1);
	assert_true(c.y1 - a.y1 > 2 * 26.5 + 10);
	/* The footer at the foot, below the bottom margin, at the left. */
	assert_true(locate(pt, "อ้างอิง:", &a, NULL));
	assert_float_equal(a.x1, LEFT, 1);
	assert_true(a.y1 > BOTTOM);
	assert_true(a.y2 < A4_H);
	assert_margins(&r);
	release(&r);
}

static void digits_kept_when_not_asked(void **state)
{
	(void)state;
	struct memo_doc m = sample();
	m.thai_digits = false;
	struct rendered r;
	render(&m, &r);
	const struct page_text *pt = &r.pages[0];
	assert_true(locate(pt, "ร้านอาหาร 25 ร้าน ในปี 2568", NULL, NULL));
	assert_true(locate(pt, "เอกสารเลขที่ 123", NULL, NULL));
	assert_true(locate(pt, "24 พ.ย. 68", NULL, NULL));
	assert_true(locate(pt, "สส ๕๒๐๐๑/๑๒/๒๕๖๘", NULL, NULL)); /* Thai digits given stay */
	release(&r);
}

/* Text is text: markup characters are shown, not obeyed. */
static void values_are_plain_text(void **state)
{
	(void)state;
	struct memo_doc m = sample();
	m.subject = "<b>ขออนุมัติ</b> & <i>ทดสอบ";
	m.paras[0] = "ย่อหน้า <span foreground=\"red\">สีแดง</span> &amp;";
	struct rendered r;
	render(&m, &r);
	assert_true(locate(&r.pages[0], "<b>ขออนุมัติ</b> & <i>ทดสอบ", NULL, NULL));
	assert_true(locate(&r.pages[0], "<span foreground=\"red\">สีแดง</span> &amp;", NULL, NULL));
	release(&r);
}

static void optional_fields(void **state)
{
	(void)state;
	struct memo_doc m = sample();
	m.number = NULL;
	m.date = "";
	m.footer = NULL;
	m.nparas = 0;
	m.nsigners = 1;
	m.signers[0] = (struct memo_signer){NULL, "นายสุเมธ ยิ่งยง", "นายกเทศมนตรีเมืองสมุทรสงคราม", NULL};
	struct rendered r;
	render(&m, &r);
	assert_int_equal(r.npages, 1);
	const struct page_text *pt = &r.pages[0];
	PopplerRectangle a, b;
	/* No number or date yet: dotted lines to write them in. */
	assert_true(locate(pt, "ที่....", &a, NULL));
	assert_true(locate(pt, "วันที่....", &b, NULL));
	assert_float_equal(b.y2, a.y2, 2);
	assert_true(locate(pt, "(นายสุเมธ ยิ่งยง)", NULL, NULL));
	assert_null(strstr(pt->text, "อ้างอิง"));
	assert_null(strstr(pt->text, "พ.ย."));
	/* Nothing below the bottom margin at all. */
	for (guint k = 0; k < pt->n; k++)
		assert_true(pt->rects[k].y2 < BOTTOM + 1);
	release(&r);
}

/* A body of 8 long paragraphs, the last one `extra` sentences longer, with
 * a marker (one word, never broken) at its end. */
static struct memo_doc long_memo(struct buf *body, int extra)
{
	struct memo_doc m = sample();
	m.nparas = MEMO_PARAS_MAX;
	size_t ends[MEMO_PARAS_MAX];
	for (int i = 0; i < MEMO_PARAS_MAX; i++) {
		int n = 3 + (i == MEMO_PARAS_MAX - 1 ? extra : 0);
		for (int k = 0; k < n; k++)
			buf_puts(body, sentence);
		if (i == MEMO_PARAS_MAX - 1)
			buf_puts(body, "ENDMARK");
		buf_putc(body, 0); /* paragraphs side by side in one buffer */
		ends[i] = body->len;
	}
	assert_int_equal(buf_err(body), 0);
	for (int i = 0; i < MEMO_PARAS_MAX; i++)
		m.paras[i] = body->p + (i ? ends[i - 1] : 0);
	return m;
}

/* A long body flows onto more pages, justified within the margins, pages
 * numbered; a signature block never splits across pages, even where part
 * of it would have fitted. */
static void long_body_flows(void **state)
{
	(void)state;
	bool moved_whole = false;
	for (int extra = 0; extra <= 14; extra++) {
		struct buf body;
		buf_init(&body, 1 << 20);
		struct memo_doc m = long_memo(&body, extra);
		struct rendered r;
		render(&m, &r);
		assert_true(r.npages >= 2);
		assert_margins(&r);
		for (int i = 0; i < r.npages; i++) {
			char ascii[64];
			snprintf(ascii, sizeof ascii, "หน้า %d / %d", i + 1, r.npages);
			struct buf num;
			buf_init(&num, 256);
			cal_thai_digits(&num, ascii, strlen(ascii));
			PopplerRectangle a;
			assert_true(locate(&r.pages[i], buf_cstr(&num), &a, NULL));
			assert_true(a.y1 > BOTTOM);
			buf_release(&num);
		}
		for (int i = 0; i < r.npages; i++)
			assert_null(strpbrk(r.pages[i].text, "0123456789"));
		/* Each block whole on one page. */
		for (int i = 0; i < m.nsigners; i++) {
			const struct memo_signer *s = &m.signers[i];
			char name[256];
			snprintf(name, sizeof name, "(%s)", s->name);
			int pg = page_of(&r, name);
			assert_true(pg >= 0);
			assert_true(locate(&r.pages[pg], s->position, NULL, NULL));
			if (s->caption)
				assert_true(locate(&r.pages[pg], s->caption, NULL, NULL));
			if (s->date) {
				char date[64];
				snprintf(date, sizeof date, "%s", i == 0 ? "๒๔ พ.ย. ๖๘" : "๒๕ พ.ย. ๖๘");
				assert_true(locate(&r.pages[pg], date, NULL, NULL));
			}
		}
		/* The first block on a later page than the body's end although
		 * more than two lines were left below it: moved whole. */
		int end = page_of(&r, "ENDMARK"), first = page_of(&r, "(นางสาวสมศรี ใจดี)");
		assert_true(end >= 0 && first >= end);
		PopplerRectangle a;
		assert_true(locate(&r.pages[end], "ENDMARK", NULL, &a));
		if (first > end && BOTTOM - a.y2 > 70) {
			moved_whole = true;
			assert_true(locate(&r.pages[first], "........", NULL, NULL));
		}
		release(&r);
		buf_release(&body);
	}
	assert_true(moved_whole);
}

/* m is refused as ERR_INVAL naming field, with nothing appended. */
static void assert_refused(const struct memo_doc *m, const char *field)
{
	struct buf out;
	buf_init(&out, 1 << 20);
	assert_int_equal(memo_pdf_render(m, &out), ERR_INVAL);
	assert_string_equal(err_last()->field, field);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void refuses_bad_fields(void **state)
{
	(void)state;
	struct memo_doc m = sample();
	m.subject = NULL;
	assert_refused(&m, "subject");
	m = sample();
	m.agency = "";
	assert_refused(&m, "agency");
	m = sample();
	m.to = NULL;
	assert_refused(&m, "to");
	m = sample();
	m.agency = "กอง\xe0\xb8"; /* cut in the middle of a character */
	assert_refused(&m, "agency");
	m = sample();
	m.footer = "อ้างอิง\x01";
	assert_refused(&m, "footer");
	m = sample();
	m.date = "๒๔\xff";
	assert_refused(&m, "date");
	m = sample();
	m.nparas = 2; /* paras[1] is NULL */
	assert_refused(&m, "paras");
	m = sample();
	m.nparas = MEMO_PARAS_MAX + 1;
	assert_refused(&m, "paras");
	m = sample();
	m.nparas = -1;
	assert_refused(&m, "paras");
	m = sample();
	m.nsigners = 0;
	assert_refused(&m, "signers");
	m = sample();
	m.nsigners = MEMO_SIGNERS_MAX + 1;
	assert_refused(&m, "signers");
	m = sample();
	m.signers[1].position = NULL;
	assert_refused(&m, "signers");
	m = sample();
	m.signers[2].name = "";
	assert_refused(&m, "signers");
	/* A full output buffer is its own error. */
	m = sample();
	struct buf out;
	buf_init(&out, 1000);
	assert_int_equal(memo_pdf_render(&m, &out), ERR_TOOBIG);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_back),
		cmocka_unit_test(digits_kept_when_not_asked),
		cmocka_unit_test(values_are_plain_text),
		cmocka_unit_test(optional_fields),
		cmocka_unit_test(long_body_flows),
		cmocka_unit_test(refuses_bad_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
