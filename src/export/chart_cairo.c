/*
 * chart_cairo: the chart model drawn with cairo and pango (see
 * chart_cairo.h); the geometry is chart_frame's, as for the SVG.
 */
#include "export/chart_cairo.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

static void set_colour(cairo_t *cr, const char *hex)
{
	unsigned long v = strtoul(hex + 1, NULL, 16);
	cairo_set_source_rgb(cr, ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0);
}

enum anchor { START, MIDDLE, END };

/* Text with its baseline at y, anchored at x as SVG's text-anchor does. */
static void text(cairo_t *cr, PangoLayout *l, const char *s, double x, double y, enum anchor a)
{
	pango_layout_set_text(l, s, -1);
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	double base = pango_layout_get_baseline(l) / (double)PANGO_SCALE;
	cairo_move_to(cr, x - (a == MIDDLE ? w / 2.0 : a == END ? w : 0), y - base);
	pango_cairo_show_layout(cr, l);
}

static void value_text(cairo_t *cr, PangoLayout *l, const struct chart *c, double v, double x, double y,
		       enum anchor a)
{
	struct buf b;
	buf_init(&b, 64);
	chart_value_text(c, v, &b);
	text(cr, l, buf_cstr(&b), x, y, a);
	buf_release(&b);
}

static void dashed(cairo_t *cr, bool on)
{
	static const double dash[] = {6, 4};
	cairo_set_dash(cr, dash, on ? 2 : 0, 0);
}

int chart_cairo(const struct chart *c, cairo_t *cr, double x, double y, double w, double h, double font_size)
{
	struct chart_frame f;
	int rc = chart_frame_of(c, w, h, &f);
	if (rc)
		return rc;
	cairo_save(cr);
	cairo_translate(cr, x, y);
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string("Laksaman");
	pango_font_description_set_absolute_size(fd, font_size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);

	/* The legend. */
	double lx = f.plot_x;
	for (int s = 0; s < c->nseries; s++) {
		set_colour(cr, chart_series_colour(s));
		cairo_rectangle(cr, lx, 12, 12, 12);
		cairo_fill(cr);
		set_colour(cr, CHART_TEXT_COLOUR);
		text(cr, l, c->series[s].name, lx + 16, 23, START);
		int tw;
		pango_layout_get_pixel_size(l, &tw, NULL);
		lx += 32 + tw;
	}
	if (c->target) {
		set_colour(cr, CHART_TARGET_COLOUR);
		cairo_set_line_width(cr, 2);
		dashed(cr, true);
		cairo_move_to(cr, lx, 18);
		cairo_rel_line_to(cr, 20, 0);
		cairo_stroke(cr);
		dashed(cr, false);
		set_colour(cr, CHART_TEXT_COLOUR);
		text(cr, l, c->target_label ? c->target_label : "target", lx + 24, 23, START);
	}

	/* The axes: gridlines with their values, the y label, the categories. */
	cairo_set_line_width(cr, 1);
	for (double v = 0; v <= f.y_max + f.y_step / 2; v += f.y_step) {
		double gy = chart_frame_y(&f, v);
		set_colour(cr, v == 0 ? CHART_TEXT_COLOUR : CHART_GRID_COLOUR);
		cairo_move_to(cr, f.plot_x, gy);
		cairo_line_to(cr, f.plot_x + f.plot_w, gy);
		cairo_stroke(cr);
		set_colour(cr, CHART_TEXT_COLOUR);
		value_text(cr, l, c, v, f.plot_x - 6, gy + 4, END);
	}
	if (c->y_label) {
		cairo_save(cr);
		cairo_translate(cr, 18, f.plot_y + f.plot_h / 2);
		cairo_rotate(cr, -M_PI / 2);
		pango_cairo_update_layout(cr, l);
		text(cr, l, c->y_label, 0, 0, MIDDLE);
		cairo_restore(cr);
		pango_cairo_update_layout(cr, l);
	}
	for (int i = 0; i < c->ncategories; i++)
		text(cr, l, c->categories[i], f.plot_x + (i + 0.5) * f.slot_w, f.plot_y + f.plot_h + 22, MIDDLE);

	/* The series. */
	double base = chart_frame_y(&f, 0);
	for (int s = 0; s < c->nseries; s++) {
		const double *v = c->series[s].values;
		if (c->kind == CHART_LINES) {
			set_colour(cr, chart_series_colour(s));
			cairo_set_line_width(cr, 2.5);
			bool pen = false;
			for (int i = 0; i < c->ncategories; i++) {
				if (!isfinite(v[i])) {
					pen = false;
					continue;
				}
				double px = chart_frame_x(&f, c, i, s), py = chart_frame_y(&f, v[i]);
				if (pen)
					cairo_line_to(cr, px, py);
				else
					cairo_move_to(cr, px, py);
				pen = true;
			}
			cairo_stroke(cr);
		}
		for (int i = 0; i < c->ncategories; i++) {
			if (!isfinite(v[i]))
				continue;
			double px = chart_frame_x(&f, c, i, s), py = chart_frame_y(&f, v[i]);
			set_colour(cr, chart_series_colour(s));
			if (c->kind == CHART_LINES) {
				cairo_arc(cr, px, py, 4, 0, 2 * M_PI);
				cairo_fill(cr);
				set_colour(cr, CHART_TEXT_COLOUR);
				value_text(cr, l, c, v[i], px, py - 8, MIDDLE);
			} else {
				cairo_rectangle(cr, px + 1, py, f.bar_w - 2, base - py);
				cairo_fill(cr);
				set_colour(cr, CHART_TEXT_COLOUR);
				value_text(cr, l, c, v[i], px + f.bar_w / 2, py - 5, MIDDLE);
			}
		}
	}

	/* The target, over the bars. */
	if (c->target) {
		set_colour(cr, CHART_TARGET_COLOUR);
		cairo_set_line_width(cr, 2);
		dashed(cr, true);
		for (int i = 0; i < c->ncategories; i++) {
			if (!isfinite(c->target[i]))
				continue;
			double ty = chart_frame_y(&f, c->target[i]);
			cairo_move_to(cr, f.plot_x + i * f.slot_w + 2, ty);
			cairo_line_to(cr, f.plot_x + (i + 1) * f.slot_w - 2, ty);
		}
		cairo_stroke(cr);
	}
	g_object_unref(l);
	cairo_restore(cr);
	return 0;
}
