/* certificate: a certificate of recognition (เกียรติบัตร) laid down with the pen of pdf_pen.c. */
#include "export/certificate.h"

#include <assert.h>
#include <string.h>

#include "core/utf8.h"
#include "export/pdf_int.h"

#define SIDE (2.2 * PDF_CM)           /* the text stands between SIDE and the page's width less SIDE */
#define WIDTH (PDF_PAGE_W - 2 * SIDE) /* centred on the page, not on the memo's margins */
#define TOP (2.6 * PDF_CM)            /* the highest the first line stands */
#define ROOM_H (PDF_BOTTOM - 0.4 * PDF_CM - TOP) /* the height the lines share, above the foot's note */
#define FRAME_OUT (0.8 * PDF_CM)      /* the outer frame's inset from the page's edge */
#define FRAME_IN (1.0 * PDF_CM)
#define MIN_SCALE 0.4                 /* long texts shrink the type down to this, to stay on one page */
#define SIGN_LINE "........................................"
#define LINES_MAX 12

/* One centred paragraph: `text` between `lead` and `tail` (either may be
 * NULL) in Laksaman of `size` points (bold or not), then `space` points. */
struct line {
	bool bold;
	double size;
	const char *lead, *text, *tail;
	double space;
};

struct cert_pass {
	const struct certificate *c;
	struct line lines[LINES_MAX];
	int n;
	int err; /* the first failure of a text buffer */
};

/* The double frame round the page, in the dark blue of official seals. */
static void frame(struct pdf_pen *p)
{
	if (!p->draw)
		return;
	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, 0.11, 0.20, 0.45);
	cairo_set_line_width(p->cr, 2.4);
	cairo_rectangle(p->cr, FRAME_OUT, FRAME_OUT, PDF_PAGE_W - 2 * FRAME_OUT, PDF_PAGE_H - 2 * FRAME_OUT);
	cairo_stroke(p->cr);
	cairo_set_line_width(p->cr, 0.8);
	cairo_rectangle(p->cr, FRAME_IN, FRAME_IN, PDF_PAGE_W - 2 * FRAME_IN, PDF_PAGE_H - 2 * FRAME_IN);
	cairo_stroke(p->cr);
	cairo_restore(p->cr);
}

static bool given(const char *s)
{
	return s && s[0];
}

static void add(struct cert_pass *cp, bool bold, double size, const char *lead, const char *text, const char *tail,
		double space)
{
	if (cp->n < LINES_MAX)
		cp->lines[cp->n++] = (struct line){bold, size, lead, text, tail, space};
}

/* What the certificate says, from the top. */
static void compose(struct cert_pass *cp)
{
	const struct certificate *c = cp->c;
	add(cp, true, 24, NULL, c->org, NULL, 8);
	add(cp, true, 42, NULL, "เกียรติบัตร", NULL, 8);
	add(cp, false, 18, NULL, "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า", NULL, 12);
	add(cp, true, 28, NULL, c->name, NULL, given(c->position) ? 2 : 12);
	if (given(c->position))
		add(cp, false, 18, "ตำแหน่ง ", c->position, NULL, 12);
	add(cp, false, 17, NULL, c->reason, NULL, 6);
	if (given(c->details))
		add(cp, false, 15, NULL, c->details, NULL, 6);
	add(cp, false, 16, NULL, "ขอให้มีความสุขความเจริญ และเป็นกำลังสำคัญขององค์กรสืบไป", NULL, 10);
	add(cp, false, 16, "ให้ไว้ ณ ", c->date, NULL, 40);
	add(cp, false, 16, NULL, SIGN_LINE, NULL, 2);
	add(cp, false, 16, "(", c->signer_name, ")", 0);
	add(cp, false, 16, NULL, c->signer_position, NULL, 0);
}

/* The line's layout at `scale`, digits as the certificate asks; the caller
 * owns it. */
static PangoLayout *layout(struct cert_pass *cp, struct pdf_pen *p, const struct line *l, double scale)
{
	struct buf b;
	buf_init(&b, BUF_DEFAULT_MAX);
	const char *parts[] = {l->lead, l->text, l->tail};
	for (size_t i = 0; i < 3; i++)
		if (parts[i])
			pdf_put_text(&b, parts[i], cp->c->thai_digits);
	if (buf_err(&b) && !cp->err)
		cp->err = buf_err(&b);
	PangoLayout *pl = pdf_pen_layout_new(p, PDF_FONT, WIDTH);
	PangoFontDescription *fd = pango_font_description_from_string(PDF_FONT);
	pango_font_description_set_weight(fd, l->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_size(fd, (gint)(l->size * scale * PANGO_SCALE));
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_alignment(pl, PANGO_ALIGN_CENTER);
	pango_layout_set_text(pl, buf_cstr(&b), -1);
	buf_release(&b);
	return pl;
}

/* The height of every line and space at `scale`. */
static double height(struct cert_pass *cp, struct pdf_pen *p, double scale)
{
	double h = 0;
	for (int i = 0; i < cp->n; i++) {
		PangoLayout *pl = layout(cp, p, &cp->lines[i], scale);
		h += pdf_layout_height(pl) + cp->lines[i].space * scale;
		g_object_unref(pl);
	}
	return h;
}

/* Both passes measure the same: the type shrinks until the lines fit the
 * page (smaller type wraps into fewer lines, so one step is enough), and
 * what is left of the page is shared above and below them. */
static int body(struct pdf_pen *p, void *ctx)
{
	struct cert_pass *cp = ctx;
	frame(p);
	double scale = 1, h = height(cp, p, 1);
	if (h > ROOM_H) {
		scale = ROOM_H / h > MIN_SCALE ? ROOM_H / h : MIN_SCALE;
		h = height(cp, p, scale);
	}
	p->y = TOP + (h < ROOM_H ? (ROOM_H - h) / 2 : 0);
	for (int i = 0; i < cp->n; i++) {
		PangoLayout *pl = layout(cp, p, &cp->lines[i], scale);
		pdf_pen_show(p, pl, SIDE, cp->lines[i].space * scale);
		g_object_unref(pl);
	}
	return cp->err;
}

/* The fields, their limits and whether they must be given. */
struct field {
	const char *name;
	const char *value;
	size_t max;
	bool required;
};

static int validate(const struct certificate *c)
{
	const struct field fields[] = {
		{"org", c->org, CERTIFICATE_LINE_MAX, true},
		{"name", c->name, CERTIFICATE_LINE_MAX, true},
		{"position", c->position, CERTIFICATE_LINE_MAX, false},
		{"reason", c->reason, CERTIFICATE_TEXT_MAX, true},
		{"details", c->details, CERTIFICATE_DETAILS_MAX, false},
		{"date", c->date, CERTIFICATE_LINE_MAX, true},
		{"signer_name", c->signer_name, CERTIFICATE_LINE_MAX, true},
		{"signer_position", c->signer_position, CERTIFICATE_LINE_MAX, true},
		{"footer", c->footer, CERTIFICATE_TEXT_MAX, false},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const struct field *f = &fields[i];
		size_t n = f->value ? strlen(f->value) : 0;
		if (!n && f->required)
			return err_fail(ERR_INVAL, f->name, "เกียรติบัตรยังขาดข้อมูลที่ต้องมี",
					"the certificate lacks a required field");
		if (n && !utf8_valid_text(f->value, n))
			return err_fail(ERR_INVAL, f->name, "ข้อความมีอักขระที่ใช้ไม่ได้",
					"the text holds characters that cannot be used");
		if (utf8_count(f->value ? f->value : "", n) > f->max)
			return err_fail(ERR_TOOBIG, f->name, "ข้อความยาวเกินกว่าที่เกียรติบัตรหนึ่งหน้าจะรับได้",
					"the text is too long for a one-page certificate");
	}
	return 0;
}

int certificate_pdf_render(const struct certificate *c, struct buf *out)
{
	assert(c && out);
	int rc = validate(c);
	if (rc)
		return rc;
	/* The foot's note is drawn as given: its digits are converted here. */
	struct buf note;
	buf_init(&note, BUF_DEFAULT_MAX);
	pdf_put_text(&note, c->footer ? c->footer : "", c->thai_digits);
	if (!(rc = buf_err(&note))) {
		const struct pdf_pen_opts o = {.title = "เกียรติบัตร", .first_top = TOP, .thai_digits = c->thai_digits,
					       .note = buf_cstr(&note)};
		struct cert_pass cp = {.c = c};
		compose(&cp);
		rc = pdf_pen_render(&o, body, &cp, out);
	}
	buf_release(&note);
	return rc;
}
