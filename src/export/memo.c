/* memo: the approval memo (บันทึกข้อความ) laid down with the pen of pdf_pen.c. */
#include "export/memo.h"

#include <assert.h>
#include <string.h>

#include "core/utf8.h"
#include "export/pdf_int.h"

#define TOP (1.5 * PDF_CM)    /* the heading's top on page one */
#define INDENT (2.5 * PDF_CM) /* a body paragraph's first line */
#define HALF (PDF_TEXT_W / 2) /* วันที่ starts here; signature blocks stand right of it */
#define ROOM 14               /* points to sign in above the dotted line, besides its ascent */
#define HEADING_FONT PDF_FONT " Bold 29"
#define LABEL_FONT PDF_FONT " Bold 20"
#define TEXT_FONT PDF_FONT " 16"
#define BOLD_FONT PDF_FONT " Bold 16"
#define GAP "  "                                           /* between a label and its value */
#define BLANK "...................................."     /* a number or date to write in */
#define SIGN_LINE "........................................" /* where the signer signs */

/* One run of a layout's text; font NULL: the layout's own (TEXT_FONT). */
struct piece {
	const char *text;
	const char *font;
};

/* An array of pieces written in place, and its length. */
#define PIECES(...)                                                                                  \
	(const struct piece[]){__VA_ARGS__},                                                         \
		(int)(sizeof((const struct piece[]){__VA_ARGS__}) / sizeof(struct piece))

struct memo_pass {
	const struct memo_doc *m;
	int err; /* the first failure of a text buffer */
};

/* A layout w points wide holding the pieces in order (NULL texts left
 * out), digits converted as the memo asks. The caller owns it. */
static PangoLayout *layout(struct memo_pass *mp, struct pdf_pen *p, double w, const struct piece *pcs, int n)
{
	struct buf b;
	buf_init(&b, BUF_DEFAULT_MAX);
	PangoAttrList *attrs = pango_attr_list_new();
	for (int i = 0; i < n; i++) {
		if (!pcs[i].text)
			continue;
		size_t start = b.len;
		pdf_put_text(&b, pcs[i].text, mp->m->thai_digits);
		if (pcs[i].font) {
			PangoFontDescription *fd = pango_font_description_from_string(pcs[i].font);
			PangoAttribute *a = pango_attr_font_desc_new(fd);
			pango_font_description_free(fd);
			a->start_index = (guint)start;
			a->end_index = (guint)b.len;
			pango_attr_list_insert(attrs, a);
		}
	}
	if (buf_err(&b) && !mp->err)
		mp->err = buf_err(&b);
	PangoLayout *l = pdf_pen_layout_new(p, TEXT_FONT, w);
	pango_layout_set_text(l, buf_cstr(&b), -1);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	buf_release(&b);
	return l;
}

/* Lays the pieces down across the text width; frees the layout. */
static void line(struct memo_pass *mp, struct pdf_pen *p, const struct piece *pcs, int n, double space_after)
{
	PangoLayout *l = layout(mp, p, PDF_TEXT_W, pcs, n);
	pdf_pen_show(p, l, PDF_MARGIN_L, space_after);
	g_object_unref(l);
}

static const char *or_blank(const char *s)
{
	return s && s[0] ? s : BLANK;
}

static const char *or_null(const char *s)
{
	return s && s[0] ? s : NULL;
}

/* บันทึกข้อความ, ส่วนราชการ, ที่ | วันที่, เรื่อง, the rule and เรียน. */
static void head(struct memo_pass *mp, struct pdf_pen *p)
{
	const struct memo_doc *m = mp->m;
	PangoLayout *l = layout(mp, p, PDF_TEXT_W, PIECES({"บันทึกข้อความ", HEADING_FONT}));
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pdf_pen_show(p, l, PDF_MARGIN_L, 4);
	g_object_unref(l);

	line(mp, p, PIECES({"ส่วนราชการ", LABEL_FONT}, {GAP, NULL}, {m->agency, NULL}), 0);

	/* วันที่ at a tab stop in the middle: one layout, so it breaks like one. */
	l = layout(mp, p, PDF_TEXT_W,
		   PIECES({"ที่", LABEL_FONT}, {GAP, NULL}, {or_blank(m->number), NULL}, {"\t", NULL},
			  {"วันที่", LABEL_FONT}, {GAP, NULL}, {or_blank(m->date), NULL}));
	PangoTabArray *tabs = pango_tab_array_new_with_positions(1, FALSE, PANGO_TAB_LEFT,
								 (int)(HALF * PANGO_SCALE));
	pango_layout_set_tabs(l, tabs);
	pango_tab_array_free(tabs);
	pdf_pen_show(p, l, PDF_MARGIN_L, 0);
	g_object_unref(l);

	line(mp, p, PIECES({"เรื่อง", LABEL_FONT}, {GAP, NULL}, {m->subject, NULL}), 6);
	pdf_pen_rule(p, PDF_MARGIN_L, PDF_TEXT_W, p->y, 0.6);
	p->y += 8;
	line(mp, p, PIECES({"เรียน", NULL}, {GAP, NULL}, {m->to, NULL}), 6);
}

static void paragraph(struct memo_pass *mp, struct pdf_pen *p, const char *text)
{
	PangoLayout *l = layout(mp, p, PDF_TEXT_W, PIECES({text, NULL}));
	pango_layout_set_indent(l, (int)(INDENT * PANGO_SCALE));
	pango_layout_set_justify(l, TRUE);
	pdf_pen_show(p, l, PDF_MARGIN_L, 6);
	g_object_unref(l);
}

/* A signature block, centred in the right half: the caption, room to
 * sign, then the dotted line, "(name)", the position and the date. Kept on
 * one page unless it alone is taller than a page. */
static void signer(struct memo_pass *mp, struct pdf_pen *p, const struct memo_signer *s, bool approver)
{
	const char *date = or_null(s->date);
	PangoLayout *caption = NULL;
	double h = ROOM;
	if (or_null(s->caption)) {
		caption = layout(mp, p, HALF, PIECES({s->caption, approver ? BOLD_FONT : NULL}));
		pango_layout_set_alignment(caption, PANGO_ALIGN_CENTER);
		h += pdf_layout_height(caption);
	}
	PangoLayout *l = layout(mp, p, HALF,
				PIECES({SIGN_LINE "\n(", NULL}, {s->name, NULL}, {")\n", NULL}, {s->position, NULL},
				       {date ? "\n" : NULL, NULL}, {date, NULL}));
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	h += pdf_layout_height(l);
	if (h <= PDF_BOTTOM - PDF_MARGIN_T)
		pdf_pen_need(p, h);
	if (caption) {
		pdf_pen_show(p, caption, PDF_MARGIN_L + HALF, 0);
		g_object_unref(caption);
	}
	p->y += ROOM;
	pdf_pen_show(p, l, PDF_MARGIN_L + HALF, 0);
	g_object_unref(l);
}

static int body(struct pdf_pen *p, void *ctx)
{
	struct memo_pass *mp = ctx;
	const struct memo_doc *m = mp->m;
	head(mp, p);
	for (int i = 0; i < m->nparas; i++)
		paragraph(mp, p, m->paras[i]);
	for (int i = 0; i < m->nsigners; i++) {
		bool approver = i == m->nsigners - 1;
		p->y += approver ? 14 : 8;
		signer(mp, p, &m->signers[i], approver);
	}
	return mp->err;
}

/* 0 if s may stand in the memo: UTF-8 text, and present if required. */
static int check(const char *s, bool required, const char *field)
{
	if (!s || !s[0])
		return required ? err_fail(ERR_INVAL, field, "บันทึกข้อความยังขาดข้อมูลที่ต้องมี",
					   "the memo lacks a required field")
				: 0;
	if (!utf8_valid_text(s, strlen(s)))
		return err_fail(ERR_INVAL, field, "ข้อความมีอักขระที่ใช้ไม่ได้",
				"the text holds characters that cannot be used");
	return 0;
}

static int validate(const struct memo_doc *m)
{
	int rc;
	if ((rc = check(m->agency, true, "agency")) || (rc = check(m->number, false, "number")) ||
	    (rc = check(m->date, false, "date")) || (rc = check(m->subject, true, "subject")) ||
	    (rc = check(m->to, true, "to")) || (rc = check(m->footer, false, "footer")))
		return rc;
	if (m->nparas < 0 || m->nparas > MEMO_PARAS_MAX)
		return err_fail(ERR_INVAL, "paras", "บันทึกข้อความมีได้ไม่เกิน ๘ ย่อหน้า",
				"a memo has at most 8 paragraphs");
	for (int i = 0; i < m->nparas; i++)
		if ((rc = check(m->paras[i], true, "paras")))
			return rc;
	if (m->nsigners < 1 || m->nsigners > MEMO_SIGNERS_MAX)
		return err_fail(ERR_INVAL, "signers", "บันทึกข้อความต้องมีผู้ลงนาม ๑ ถึง ๘ คน",
				"a memo has from 1 to 8 signers");
	for (int i = 0; i < m->nsigners; i++) {
		const struct memo_signer *s = &m->signers[i];
		if ((rc = check(s->caption, false, "signers")) || (rc = check(s->name, true, "signers")) ||
		    (rc = check(s->position, true, "signers")) || (rc = check(s->date, false, "signers")))
			return rc;
	}
	return 0;
}

int memo_pdf_render(const struct memo_doc *m, struct buf *out)
{
	assert(m && out);
	int rc = validate(m);
	if (rc)
		return rc;
	struct buf title, note;
	buf_init(&title, BUF_DEFAULT_MAX);
	buf_init(&note, BUF_DEFAULT_MAX);
	pdf_put_text(&title, m->subject, m->thai_digits);
	if (m->footer)
		pdf_put_text(&note, m->footer, m->thai_digits);
	rc = buf_err(&title) ? buf_err(&title) : buf_err(&note);
	if (!rc) {
		const struct pdf_pen_opts o = {.title = buf_cstr(&title), .first_top = TOP,
					       .thai_digits = m->thai_digits, .note = buf_cstr(&note)};
		struct memo_pass mp = {.m = m};
		rc = pdf_pen_render(&o, body, &mp, out);
	}
	buf_release(&note);
	buf_release(&title);
	return rc;
}
