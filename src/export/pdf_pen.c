/* pdf_pen: the page, the pen and the two passes that pdf.c and memo.c share. */
#include "export/pdf_int.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <string.h>

#include "core/cal.h"

#define NOTE_FONT PDF_FONT " 10"
#define NOTE_LINES 2 /* what fits below the bottom margin at 10 pt */

void pdf_put_text(struct buf *b, const char *s, bool thai_digits)
{
	if (thai_digits)
		cal_thai_digits(b, s, strlen(s));
	else
		buf_puts(b, s);
}

PangoLayout *pdf_pen_layout_new(struct pdf_pen *p, const char *font, double w)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (w > 0) {
		pango_layout_set_width(l, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	return l;
}

double pdf_layout_height(PangoLayout *l)
{
	PangoRectangle logical;
	pango_layout_get_extents(l, NULL, &logical);
	return (double)logical.height / PANGO_SCALE;
}

/* The page number at the right of the foot, the note at its left, both
 * below the bottom margin. */
static void footer(struct pdf_pen *p)
{
	if (!p->draw)
		return;
	const struct pdf_pen_opts *o = p->opts;
	double y = PDF_PAGE_H - PDF_MARGIN_B + 8, room = PDF_TEXT_W;
	if (o->number_always || p->pages > 1) {
		char text[64];
		snprintf(text, sizeof text, "หน้า %d / %d", p->page, p->pages);
		struct buf b;
		buf_init(&b, 256);
		pdf_put_text(&b, text, o->thai_digits);
		PangoLayout *l = pdf_pen_layout_new(p, PDF_FONT " 12", 0);
		pango_layout_set_text(l, buf_cstr(&b), -1);
		int w, h;
		pango_layout_get_pixel_size(l, &w, &h);
		cairo_move_to(p->cr, PDF_PAGE_W - PDF_MARGIN_R - w, y);
		pango_cairo_show_layout(p->cr, l);
		g_object_unref(l);
		buf_release(&b);
		room -= w + 12;
	}
	if (o->note && o->note[0] && room > 0) {
		PangoLayout *l = pdf_pen_layout_new(p, NOTE_FONT, room);
		pango_layout_set_height(l, -NOTE_LINES);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_text(l, o->note, -1);
		cairo_move_to(p->cr, PDF_MARGIN_L, y);
		pango_cairo_show_layout(p->cr, l);
		g_object_unref(l);
	}
}

void pdf_pen_new_page(struct pdf_pen *p)
{
	footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = PDF_MARGIN_T;
}

void pdf_pen_need(struct pdf_pen *p, double h)
{
	if (p->y + h > PDF_BOTTOM)
		pdf_pen_new_page(p);
}

void pdf_pen_show(struct pdf_pen *p, PangoLayout *l, double x, double space_after)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double h = (double)logical.height / PANGO_SCALE;
		pdf_pen_need(p, h);
		if (p->draw) {
			PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
			int baseline = pango_layout_iter_get_baseline(it);
			cairo_move_to(p->cr, x + (double)logical.x / PANGO_SCALE,
				      p->y + (double)(baseline - logical.y) / PANGO_SCALE);
			pango_cairo_show_layout_line(p->cr, line);
		}
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	p->y += space_after;
}

void pdf_pen_rule(struct pdf_pen *p, double x, double w, double y, double width)
{
	if (!p->draw)
		return;
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x, y);
	cairo_line_to(p->cr, x + w, y);
	cairo_stroke(p->cr);
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int length)
{
	struct buf *b = closure;
	buf_append(b, data, length);
	return buf_err(b) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* One pass: counting (out == NULL) or drawing `pages` pages into out. */
static int pass(const struct pdf_pen_opts *o, pdf_pen_body_fn *body, void *ctx, int pages, struct buf *out,
		int *counted)
{
	cairo_surface_t *s = out ? cairo_pdf_surface_create_for_stream(write_buf, out, PDF_PAGE_W, PDF_PAGE_H)
				 : cairo_pdf_surface_create_for_stream(NULL, NULL, PDF_PAGE_W, PDF_PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return ERR_NOMEM;
	}
	if (out) {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, o->title ? o->title : "");
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "klang");
	}
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	PangoContext *pc = pango_cairo_create_context(cr);
	pango_cairo_context_set_resolution(pc, 72);
	struct pdf_pen p = {.cr = cr, .pc = pc, .opts = o, .draw = out != NULL, .y = o->first_top, .page = 1,
			    .pages = pages};
	int rc = body(&p, ctx);
	footer(&p);
	cairo_show_page(cr);
	*counted = p.page;
	g_object_unref(pc);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t st2 = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (rc)
		return rc;
	if (out && buf_err(out))
		return buf_err(out);
	return st == CAIRO_STATUS_SUCCESS && st2 == CAIRO_STATUS_SUCCESS ? 0 : ERR_IO;
}

int pdf_pen_render(const struct pdf_pen_opts *o, pdf_pen_body_fn *body, void *ctx, struct buf *out)
{
	int pages = 0;
	int rc = pass(o, body, ctx, 0, NULL, &pages);
	if (!rc)
		rc = pass(o, body, ctx, pages, out, &pages);
	return rc;
}
