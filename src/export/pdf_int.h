/*
 * pdf_int: what the PDF renderers of export/ share (pdf.c for documents,
 * memo.c for memos), implemented in pdf_pen.c: the A4 page with the
 * margins of the Regulation on Correspondence, the Laksaman font, and a
 * pen that lays Pango layouts down line by line, starting a new page where
 * a line does not fit, with page numbers and a note at each page's foot.
 *
 * A document is rendered in two passes over the same body function: the
 * first counts the pages (nothing is drawn, p->draw is false), the second
 * draws them knowing the total, so a footer can say "หน้า n / N". The body
 * must therefore lay out the same things in both passes.
 *
 * Units are PDF points; the Pango context is at 72 dpi, so a point of the
 * font is a point of the page. y grows downwards from the page's top edge.
 */
#ifndef KLANG_EXPORT_PDF_INT_H
#define KLANG_EXPORT_PDF_INT_H

#include <pango/pangocairo.h>
#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"

/* A4 in points; margins of the Regulation on Correspondence. */
#define PDF_PAGE_W 595.28
#define PDF_PAGE_H 841.89
#define PDF_CM (72 / 2.54)
#define PDF_MARGIN_L (3.0 * PDF_CM)
#define PDF_MARGIN_R (2.0 * PDF_CM)
#define PDF_MARGIN_T (2.5 * PDF_CM)
#define PDF_MARGIN_B (2.0 * PDF_CM)
#define PDF_TEXT_W (PDF_PAGE_W - PDF_MARGIN_L - PDF_MARGIN_R)
#define PDF_BOTTOM (PDF_PAGE_H - PDF_MARGIN_B) /* no line of text reaches below */
#define PDF_FONT "Laksaman"

/* How a rendering's pages look apart from their body. */
struct pdf_pen_opts {
	const char *title;  /* the PDF's metadata title; NULL: none */
	double first_top;   /* where the first page's text starts; later pages start at PDF_MARGIN_T */
	bool number_always; /* number a document of one page too (else only from two pages up) */
	bool thai_digits;   /* page numbers in Thai digits */
	const char *note;   /* small print at the left of every page's foot, drawn as given and
			     * cut to two lines; NULL: none */
};

/* The state of one pass. Invariants: y >= first_top on page one and
 * >= PDF_MARGIN_T on later pages; a line drawn through pdf_pen_show ends
 * above PDF_BOTTOM unless it alone is taller than a page. */
struct pdf_pen {
	cairo_t *cr;
	PangoContext *pc; /* at 72 dpi */
	const struct pdf_pen_opts *opts;
	bool draw;        /* false: the counting pass */
	double y;         /* the next line's top */
	int page;         /* 1-based */
	int pages;        /* the total; known in the drawing pass only */
};

/* Lays the body out on p; returns 0 or a negative enum err, which stops
 * the rendering. */
typedef int pdf_pen_body_fn(struct pdf_pen *p, void *ctx);

/*
 * Renders a document: calls body once to count the pages and once to draw
 * them, and appends the PDF to `out`. Returns 0, body's error, the error
 * of `out`, ERR_NOMEM (cairo could not start) or ERR_IO (cairo failed).
 * Thread-safe: every call has its own surface and Pango context.
 */
int pdf_pen_render(const struct pdf_pen_opts *o, pdf_pen_body_fn *body, void *ctx, struct buf *out) WUR;

/* A new layout in p's context with `font` (a Pango font description such
 * as PDF_FONT " Bold 16"), wrapping at words (or characters where a word
 * is too long) within w points; w <= 0: no wrapping. The caller owns it
 * (g_object_unref). */
PangoLayout *pdf_pen_layout_new(struct pdf_pen *p, const char *font, double w);

/* Draws layout l with its left edge at x and its top at p->y, line by
 * line, starting a new page before a line that would cross PDF_BOTTOM;
 * then moves p->y below it by space_after. Only measures when !p->draw. */
void pdf_pen_show(struct pdf_pen *p, PangoLayout *l, double x, double space_after);

/* The height of l in points (its lines together). */
double pdf_layout_height(PangoLayout *l);

/* Starts a new page unless h points fit between p->y and PDF_BOTTOM. */
void pdf_pen_need(struct pdf_pen *p, double h);

/* Ends the page (its footer drawn) and starts the next at PDF_MARGIN_T. */
void pdf_pen_new_page(struct pdf_pen *p);

/* A horizontal rule `width` points thick from x to x + w at height y. */
void pdf_pen_rule(struct pdf_pen *p, double x, double w, double y, double width);

/* Appends s, with its ASCII digits as Thai digits when thai_digits. */
void pdf_put_text(struct buf *b, const char *s, bool thai_digits);

#endif
