/* pdf: Markdown documents to PDF with cairo and Pango. */
#include "export/pdf.h"

#include <cairo-pdf.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/cal.h"

/* A4 in points; margins of the Regulation on Correspondence. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN_L (3.0 * 72 / 2.54)
#define MARGIN_R (2.0 * 72 / 2.54)
#define MARGIN_T (2.5 * 72 / 2.54)
#define MARGIN_B (2.0 * 72 / 2.54)
#define TEXT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define FONT "Laksaman"
#define MAX_COLS 12
#define MAX_DEPTH 16

struct pen {
	cairo_t *cr;
	PangoContext *pc; /* at 72 dpi: a point of the font is a point of the page */
	bool draw;   /* false: the counting pass */
	double y;    /* the next line's top */
	int page;    /* 1-based */
	int pages;   /* total, known in the drawing pass */
	bool thai_digits;
};

static void footer(struct pen *p)
{
	if (!p->draw)
		return;
	char text[64];
	snprintf(text, sizeof text, "หน้า %d / %d", p->page, p->pages);
	struct buf b;
	buf_init(&b, 256);
	if (p->thai_digits)
		cal_thai_digits(&b, text, strlen(text));
	else
		buf_puts(&b, text);
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_from_string(FONT " 12");
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, buf_cstr(&b), -1);
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	cairo_move_to(p->cr, PAGE_W - MARGIN_R - w, PAGE_H - MARGIN_B + 8);
	pango_cairo_show_layout(p->cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
	buf_release(&b);
}

static void new_page(struct pen *p)
{
	footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN_T;
}

/* Lays out Pango markup at x with width w and draws it line by line,
 * breaking pages between lines. */
static void paragraph(struct pen *p, const char *markup, double x, double w, const char *font,
		      double space_after)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_markup(l, markup, -1);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double h = (double)logical.height / PANGO_SCALE;
		if (p->y + h > PAGE_H - MARGIN_B)
			new_page(p);
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
	pango_font_description_free(fd);
	g_object_unref(l);
	p->y += space_after;
}

/* Inline content as Pango markup. */
static void inline_markup(cmark_node *n, struct buf *b, int depth)
{
	for (cmark_node *c = cmark_node_first_child(n); c && depth < MAX_DEPTH; c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT: {
			char *e = g_markup_escape_text(lit ? lit : "", -1);
			buf_puts(b, e);
			g_free(e);
			break;
		}
		case CMARK_NODE_CODE: {
			char *e = g_markup_escape_text(lit ? lit : "", -1);
			buf_printf(b, "<tt>%s</tt>", e);
			g_free(e);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			buf_putc(b, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, '\n');
			break;
		case CMARK_NODE_STRONG:
			buf_puts(b, "<b>");
			inline_markup(c, b, depth + 1);
			buf_puts(b, "</b>");
			break;
		case CMARK_NODE_EMPH:
			buf_puts(b, "<i>");
			inline_markup(c, b, depth + 1);
			buf_puts(b, "</i>");
			break;
		case CMARK_NODE_LINK: {
			inline_markup(c, b, depth + 1);
			const char *url = cmark_node_get_url(c);
			if (url && url[0]) {
				char *e = g_markup_escape_text(url, -1);
				buf_printf(b, " (%s)", e);
				g_free(e);
			}
			break;
		}
		case CMARK_NODE_IMAGE:
			buf_puts(b, "[ภาพ: ");
			inline_markup(c, b, depth + 1);
			buf_puts(b, "]");
			break;
		default:
			/* strikethrough and other extension nodes: their text */
			if (cmark_node_first_child(c)) {
				bool strike = !strcmp(cmark_node_get_type_string(c), "strikethrough");
				if (strike)
					buf_puts(b, "<s>");
				inline_markup(c, b, depth + 1);
				if (strike)
					buf_puts(b, "</s>");
			} else if (lit) {
				char *e = g_markup_escape_text(lit, -1);
				buf_puts(b, e);
				g_free(e);
			}
		}
	}
}

static void table(struct pen *p, cmark_node *t, double x, double w)
{
	int cols = 0;
	for (cmark_node *row = cmark_node_first_child(t); row; row = cmark_node_next(row)) {
		int n = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell))
			n++;
		if (n > cols)
			cols = n;
	}
	if (cols == 0)
		return;
	if (cols > MAX_COLS)
		cols = MAX_COLS;
	double cw = w / cols, pad = 4;
	bool header = true;
	for (cmark_node *row = cmark_node_first_child(t); row; row = cmark_node_next(row)) {
		/* Measure the row: the tallest cell. */
		PangoLayout *ls[MAX_COLS] = {0};
		double h = 0;
		int i = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && i < cols; cell = cmark_node_next(cell), i++) {
			struct buf b;
			buf_init(&b, 1 << 20);
			if (header)
				buf_puts(&b, "<b>");
			inline_markup(cell, &b, 0);
			if (header)
				buf_puts(&b, "</b>");
			ls[i] = pango_layout_new(p->pc);
			PangoFontDescription *fd = pango_font_description_from_string(FONT " 14");
			pango_layout_set_font_description(ls[i], fd);
			pango_font_description_free(fd);
			pango_layout_set_width(ls[i], (int)((cw - 2 * pad) * PANGO_SCALE));
			pango_layout_set_wrap(ls[i], PANGO_WRAP_WORD_CHAR);
			pango_layout_set_markup(ls[i], buf_cstr(&b), -1);
			buf_release(&b);
			int lw, lh;
			pango_layout_get_pixel_size(ls[i], &lw, &lh);
			if (lh + 2 * pad > h)
				h = lh + 2 * pad;
		}
		if (p->y + h > PAGE_H - MARGIN_B)
			new_page(p);
		for (int k = 0; k < cols; k++) {
			if (p->draw) {
				cairo_rectangle(p->cr, x + k * cw, p->y, cw, h);
				cairo_set_line_width(p->cr, 0.6);
				cairo_stroke(p->cr);
				if (ls[k]) {
					cairo_move_to(p->cr, x + k * cw + pad, p->y + pad);
					pango_cairo_show_layout(p->cr, ls[k]);
				}
			}
			if (ls[k])
				g_object_unref(ls[k]);
		}
		p->y += h;
		header = false;
	}
	p->y += 8;
}

static void blocks(struct pen *p, cmark_node *n, double x, double w, int depth)
{
	int number = 0;
	for (cmark_node *c = cmark_node_first_child(n); c && depth < MAX_DEPTH; c = cmark_node_next(c)) {
		struct buf b;
		buf_init(&b, 4 << 20);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_HEADING: {
			static const char *sizes[] = {FONT " Bold 20", FONT " Bold 18", FONT " Bold 17", FONT " Bold 16"};
			int level = cmark_node_get_heading_level(c);
			inline_markup(c, &b, 0);
			p->y += 6;
			paragraph(p, buf_cstr(&b), x, w, sizes[level < 1 ? 0 : level > 4 ? 3 : level - 1], 4);
			break;
		}
		case CMARK_NODE_PARAGRAPH:
			inline_markup(c, &b, 0);
			paragraph(p, buf_cstr(&b), x, w, FONT " 16", 6);
			break;
		case CMARK_NODE_LIST: {
			bool ordered = cmark_node_get_list_type(c) == CMARK_ORDERED_LIST;
			number = cmark_node_get_list_start(c);
			for (cmark_node *item = cmark_node_first_child(c); item; item = cmark_node_next(item)) {
				char marker[32];
				if (ordered)
					snprintf(marker, sizeof marker, "%d.", number++);
				else
					snprintf(marker, sizeof marker, "•");
				double y0 = p->y;
				int page0 = p->page;
				blocks(p, item, x + 22, w - 22, depth + 1);
				if (p->draw && page0 == p->page) {
					/* The marker beside the item's first line. */
					double ysave = p->y;
					p->y = y0;
					paragraph(p, marker, x, 20, FONT " 16", 0);
					p->y = ysave;
				}
			}
			break;
		}
		case CMARK_NODE_BLOCK_QUOTE: {
			double y0 = p->y;
			int page0 = p->page;
			blocks(p, c, x + 18, w - 18, depth + 1);
			if (p->draw && page0 == p->page) {
				cairo_set_line_width(p->cr, 2);
				cairo_move_to(p->cr, x + 6, y0);
				cairo_line_to(p->cr, x + 6, p->y - 6);
				cairo_stroke(p->cr);
			}
			break;
		}
		case CMARK_NODE_CODE_BLOCK: {
			const char *lit = cmark_node_get_literal(c);
			char *e = g_markup_escape_text(lit ? lit : "", -1);
			paragraph(p, e, x + 8, w - 8, "Monospace 11", 8);
			g_free(e);
			break;
		}
		case CMARK_NODE_THEMATIC_BREAK:
			if (p->draw) {
				cairo_set_line_width(p->cr, 0.6);
				cairo_move_to(p->cr, x, p->y + 6);
				cairo_line_to(p->cr, x + w, p->y + 6);
				cairo_stroke(p->cr);
			}
			p->y += 14;
			break;
		default:
			if (!strcmp(cmark_node_get_type_string(c), "table"))
				table(p, c, x, w);
			else if (cmark_node_first_child(c))
				blocks(p, c, x, w, depth + 1);
		}
		buf_release(&b);
	}
}

static void header_block(struct pen *p, const struct pdf_doc *d)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	char *e = g_markup_escape_text(d->org ? d->org : "", -1);
	buf_printf(&b, "%s", e);
	g_free(e);
	paragraph(p, buf_cstr(&b), MARGIN_L, TEXT_W, FONT " 14", 2);
	buf_reset(&b);
	e = g_markup_escape_text(d->title ? d->title : "", -1);
	buf_printf(&b, "<b>%s</b>", e);
	g_free(e);
	paragraph(p, buf_cstr(&b), MARGIN_L, TEXT_W, FONT " 22", 4);
	buf_reset(&b);
	char *k = g_markup_escape_text(d->kind_label ? d->kind_label : "", -1);
	char *u = g_markup_escape_text(d->unit ? d->unit : "", -1);
	buf_printf(&b, "%s · %s", k, u);
	g_free(k);
	g_free(u);
	paragraph(p, buf_cstr(&b), MARGIN_L, TEXT_W, FONT " 15", 4);
	for (int i = 0; i < d->nmeta && i < PDF_META_MAX; i++) {
		buf_reset(&b);
		char *l = g_markup_escape_text(d->meta[i][0] ? d->meta[i][0] : "", -1);
		char *v = g_markup_escape_text(d->meta[i][1] ? d->meta[i][1] : "", -1);
		buf_printf(&b, "<b>%s:</b> %s", l, v);
		g_free(l);
		g_free(v);
		paragraph(p, buf_cstr(&b), MARGIN_L, TEXT_W, FONT " 14", 0);
	}
	buf_release(&b);
	p->y += 6;
	if (p->draw) {
		cairo_set_line_width(p->cr, 0.8);
		cairo_move_to(p->cr, MARGIN_L, p->y);
		cairo_line_to(p->cr, PAGE_W - MARGIN_R, p->y);
		cairo_stroke(p->cr);
	}
	p->y += 10;
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int length)
{
	struct buf *b = closure;
	buf_append(b, data, length);
	return buf_err(b) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* One pass over the document: counting (out == NULL) or drawing. */
static int pass(const struct pdf_doc *d, cmark_node *root, int pages, struct buf *out, int *counted)
{
	cairo_surface_t *s = out ? cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H)
				 : cairo_pdf_surface_create_for_stream(NULL, NULL, PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return ERR_NOMEM;
	}
	if (out) {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title ? d->title : "");
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "klang");
	}
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	PangoContext *pc = pango_cairo_create_context(cr);
	pango_cairo_context_set_resolution(pc, 72);
	struct pen p = {.cr = cr, .pc = pc, .draw = out != NULL, .y = MARGIN_T, .page = 1,
			.pages = pages, .thai_digits = d->thai_digits};
	header_block(&p, d);
	blocks(&p, root, MARGIN_L, TEXT_W, 0);
	footer(&p);
	cairo_show_page(cr);
	*counted = p.page;
	g_object_unref(pc);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t st2 = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (out && buf_err(out))
		return buf_err(out);
	return st == CAIRO_STATUS_SUCCESS && st2 == CAIRO_STATUS_SUCCESS ? 0 : ERR_IO;
}

int pdf_render(const struct pdf_doc *d, struct buf *out)
{
	pthread_once(&once, register_extensions);
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!parser)
		return ERR_NOMEM;
	cmark_syntax_extension *ext = cmark_find_syntax_extension("table");
	if (ext)
		cmark_parser_attach_syntax_extension(parser, ext);
	if ((ext = cmark_find_syntax_extension("strikethrough")))
		cmark_parser_attach_syntax_extension(parser, ext);
	const char *md = d->body_md ? d->body_md : "";
	cmark_parser_feed(parser, md, strlen(md));
	cmark_node *root = cmark_parser_finish(parser);
	int rc = ERR_NOMEM, pages = 0;
	if (root) {
		rc = pass(d, root, 0, NULL, &pages);
		if (!rc)
			rc = pass(d, root, pages, out, &pages);
		cmark_node_free(root);
	}
	cmark_parser_free(parser);
	return rc;
}
