/* pdf: Markdown documents to PDF with cairo and Pango. */
#include "export/pdf.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "export/pdf_int.h"

#define MAX_COLS 12
#define MAX_DEPTH 16

/* Lays out Pango markup at x with width w and draws it line by line,
 * breaking pages between lines. */
static void paragraph(struct pdf_pen *p, const char *markup, double x, double w, const char *font,
		      double space_after)
{
	PangoLayout *l = pdf_pen_layout_new(p, font, w);
	pango_layout_set_markup(l, markup, -1);
	pdf_pen_show(p, l, x, space_after);
	g_object_unref(l);
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

static void table(struct pdf_pen *p, cmark_node *t, double x, double w)
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
			ls[i] = pdf_pen_layout_new(p, PDF_FONT " 14", cw - 2 * pad);
			pango_layout_set_markup(ls[i], buf_cstr(&b), -1);
			buf_release(&b);
			int lw, lh;
			pango_layout_get_pixel_size(ls[i], &lw, &lh);
			if (lh + 2 * pad > h)
				h = lh + 2 * pad;
		}
		pdf_pen_need(p, h);
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

static void blocks(struct pdf_pen *p, cmark_node *n, double x, double w, int depth)
{
	int number = 0;
	for (cmark_node *c = cmark_node_first_child(n); c && depth < MAX_DEPTH; c = cmark_node_next(c)) {
		struct buf b;
		buf_init(&b, 4 << 20);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_HEADING: {
			static const char *sizes[] = {PDF_FONT " Bold 20", PDF_FONT " Bold 18", PDF_FONT " Bold 17",
						      PDF_FONT " Bold 16"};
			int level = cmark_node_get_heading_level(c);
			inline_markup(c, &b, 0);
			p->y += 6;
			paragraph(p, buf_cstr(&b), x, w, sizes[level < 1 ? 0 : level > 4 ? 3 : level - 1], 4);
			break;
		}
		case CMARK_NODE_PARAGRAPH:
			inline_markup(c, &b, 0);
			paragraph(p, buf_cstr(&b), x, w, PDF_FONT " 16", 6);
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
					paragraph(p, marker, x, 20, PDF_FONT " 16", 0);
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
			pdf_pen_rule(p, x, w, p->y + 6, 0.6);
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

static void header_block(struct pdf_pen *p, const struct pdf_doc *d)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	char *e = g_markup_escape_text(d->org ? d->org : "", -1);
	buf_printf(&b, "%s", e);
	g_free(e);
	paragraph(p, buf_cstr(&b), PDF_MARGIN_L, PDF_TEXT_W, PDF_FONT " 14", 2);
	buf_reset(&b);
	e = g_markup_escape_text(d->title ? d->title : "", -1);
	buf_printf(&b, "<b>%s</b>", e);
	g_free(e);
	paragraph(p, buf_cstr(&b), PDF_MARGIN_L, PDF_TEXT_W, PDF_FONT " 22", 4);
	buf_reset(&b);
	char *k = g_markup_escape_text(d->kind_label ? d->kind_label : "", -1);
	char *u = g_markup_escape_text(d->unit ? d->unit : "", -1);
	buf_printf(&b, "%s · %s", k, u);
	g_free(k);
	g_free(u);
	paragraph(p, buf_cstr(&b), PDF_MARGIN_L, PDF_TEXT_W, PDF_FONT " 15", 4);
	for (int i = 0; i < d->nmeta && i < PDF_META_MAX; i++) {
		buf_reset(&b);
		char *l = g_markup_escape_text(d->meta[i][0] ? d->meta[i][0] : "", -1);
		char *v = g_markup_escape_text(d->meta[i][1] ? d->meta[i][1] : "", -1);
		buf_printf(&b, "<b>%s:</b> %s", l, v);
		g_free(l);
		g_free(v);
		paragraph(p, buf_cstr(&b), PDF_MARGIN_L, PDF_TEXT_W, PDF_FONT " 14", 0);
	}
	buf_release(&b);
	p->y += 6;
	pdf_pen_rule(p, PDF_MARGIN_L, PDF_TEXT_W, p->y, 0.8);
	p->y += 10;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* The body of a document: its header block, then its Markdown. */
struct doc_body {
	const struct pdf_doc *d;
	cmark_node *root;
};

static int doc_body(struct pdf_pen *p, void *ctx)
{
	const struct doc_body *db = ctx;
	header_block(p, db->d);
	blocks(p, db->root, PDF_MARGIN_L, PDF_TEXT_W, 0);
	return 0;
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
	int rc = ERR_NOMEM;
	if (root) {
		const struct pdf_pen_opts o = {.title = d->title, .first_top = PDF_MARGIN_T, .number_always = true,
					       .thai_digits = d->thai_digits};
		struct doc_body db = {d, root};
		rc = pdf_pen_render(&o, doc_body, &db, out);
		cmark_node_free(root);
	}
	cmark_parser_free(parser);
	return rc;
}
