/*
 * chart: the chart model's geometry and its SVG drawing (see chart.h).
 */
#include "export/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Margins of the plot area inside the drawing: room for the legend above,
 * the value axis' labels to the left and the category labels below. */
#define MARGIN_TOP 40.0
#define MARGIN_LEFT 60.0
#define MARGIN_RIGHT 16.0
#define MARGIN_BOTTOM 40.0
#define GROUP_FRACTION 0.7 /* of a slot taken by its bars */

static const char *const palette[CHART_SERIES_MAX] = {
	"#1f5f99", "#2e7d32", "#6a3d9a", "#8c564b", "#00838f", "#555555",
};
#define TARGET_COLOUR CHART_TARGET_COLOUR
#define TEXT_COLOUR CHART_TEXT_COLOUR
#define GRID_COLOUR CHART_GRID_COLOUR

const char *chart_series_colour(int s)
{
	return palette[(s % CHART_SERIES_MAX + CHART_SERIES_MAX) % CHART_SERIES_MAX];
}

static bool id_ok(const char *id)
{
	if (!id || !id[0] || strlen(id) > 64)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return false;
	return true;
}

static int check(const struct chart *c)
{
	if (!c || !c->title || !c->title[0])
		return err_fail(ERR_INVAL, "title", "แผนภูมิต้องมีชื่อ", "a chart needs a title");
	if (c->id && !id_ok(c->id))
		return err_fail(ERR_INVAL, "id", "รหัสแผนภูมิไม่ถูกต้อง", "a chart id is letters, digits, - and _");
	if (c->ncategories < 1 || c->ncategories > CHART_CATEGORIES_MAX || !c->categories)
		return err_fail(ERR_INVAL, "categories", "จำนวนหมวดของแผนภูมิไม่ถูกต้อง",
				"a chart has 1 to 40 categories");
	for (int i = 0; i < c->ncategories; i++)
		if (!c->categories[i])
			return err_fail(ERR_INVAL, "categories", "หมวดของแผนภูมิไม่มีชื่อ", "a category has no label");
	if (c->nseries < 1 || c->nseries > CHART_SERIES_MAX || !c->series)
		return err_fail(ERR_INVAL, "series", "จำนวนชุดข้อมูลของแผนภูมิไม่ถูกต้อง",
				"a chart has 1 to 6 series");
	for (int s = 0; s < c->nseries; s++)
		if (!c->series[s].values || !c->series[s].name)
			return err_fail(ERR_INVAL, "series", "ชุดข้อมูลของแผนภูมิไม่ครบ",
					"a series has no name or no values");
	return 0;
}

/* A round step (1, 2 or 5 times a power of ten) so that 4 steps reach m. */
static double nice_step(double m)
{
	double raw = m / 4, mag = pow(10, floor(log10(raw))), f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

int chart_frame_of(const struct chart *c, double w, double h, struct chart_frame *out)
{
	int rc = check(c);
	if (rc)
		return rc;
	struct chart_frame f = {
		.plot_x = MARGIN_LEFT,
		.plot_y = MARGIN_TOP,
		.plot_w = w - MARGIN_LEFT - MARGIN_RIGHT,
		.plot_h = h - MARGIN_TOP - MARGIN_BOTTOM,
	};
	f.slot_w = f.plot_w / c->ncategories;
	f.bar_w = f.slot_w * GROUP_FRACTION / (c->kind == CHART_BARS ? c->nseries : 1);
	if (c->y_max > 0 && isfinite(c->y_max)) {
		f.y_max = c->y_max;
		f.y_step = c->y_max / 4;
	} else {
		double m = 0;
		for (int s = 0; s < c->nseries; s++)
			for (int i = 0; i < c->ncategories; i++)
				if (isfinite(c->series[s].values[i]) && c->series[s].values[i] > m)
					m = c->series[s].values[i];
		for (int i = 0; c->target && i < c->ncategories; i++)
			if (isfinite(c->target[i]) && c->target[i] > m)
				m = c->target[i];
		f.y_step = m > 0 ? nice_step(m) : 0.25;
		f.y_max = 4 * f.y_step;
	}
	*out = f;
	return 0;
}

double chart_frame_y(const struct chart_frame *f, double v)
{
	if (!(v > 0))
		v = 0;
	if (v > f->y_max)
		v = f->y_max;
	return f->plot_y + f->plot_h - f->plot_h * v / f->y_max;
}

double chart_frame_x(const struct chart_frame *f, const struct chart *c, int i, int s)
{
	double slot = f->plot_x + i * f->slot_w;
	if (c->kind == CHART_LINES)
		return slot + f->slot_w / 2;
	return slot + f->slot_w * (1 - GROUP_FRACTION) / 2 + s * f->bar_w;
}

static void put_text(struct buf *b, const char *s)
{
	buf_put_html(b, s, strlen(s));
}

/* A value as its label shows it: whole numbers without decimals, others
 * with one. */
static void put_value(struct buf *b, const struct chart *c, double v)
{
	struct buf t;
	buf_init(&t, 256);
	chart_value_text(c, v, &t);
	if (buf_err(&t) && !b->err)
		b->err = buf_err(&t);
	put_text(b, buf_cstr(&t));
	buf_release(&t);
}

void chart_value_text(const struct chart *c, double v, struct buf *out)
{
	if (!isfinite(v)) {
		buf_puts(out, "–");
		return;
	}
	char n[64];
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(n, sizeof n, "%.0f", v);
	else
		snprintf(n, sizeof n, "%.1f", v);
	for (const char *d = n; *d; d++) {
		if (c->thai_digits && *d >= '0' && *d <= '9') {
			const char thai[] = {(char)0xE0, (char)0xB9, (char)(0x90 + (*d - '0'))}; /* U+0E50 + d */
			buf_append(out, thai, sizeof thai);
		} else {
			buf_append(out, d, 1);
		}
	}
	if (c->unit)
		buf_puts(out, c->unit);
}

/* Characters (not bytes) of a UTF-8 string: a rough width for the legend. */
static int chars(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void put_desc(struct buf *b, const struct chart *c)
{
	if (c->desc) {
		put_text(b, c->desc);
		return;
	}
	for (int s = 0; s < c->nseries; s++) {
		put_text(b, c->series[s].name);
		buf_puts(b, ": ");
		for (int i = 0; i < c->ncategories; i++) {
			put_text(b, c->categories[i]);
			buf_putc(b, ' ');
			put_value(b, c, c->series[s].values[i]);
			buf_puts(b, i + 1 < c->ncategories ? ", " : ". ");
		}
	}
	if (c->target) {
		put_text(b, c->target_label ? c->target_label : "target");
		buf_puts(b, ": ");
		for (int i = 0; i < c->ncategories; i++) {
			put_text(b, c->categories[i]);
			buf_putc(b, ' ');
			put_value(b, c, c->target[i]);
			buf_puts(b, i + 1 < c->ncategories ? ", " : ".");
		}
	}
}

static void put_legend(struct buf *b, const struct chart *c)
{
	double x = MARGIN_LEFT;
	buf_puts(b, "<g class=\"legend\" aria-hidden=\"true\">");
	for (int s = 0; s < c->nseries; s++) {
		buf_printf(b, "<rect x=\"%.1f\" y=\"12\" width=\"12\" height=\"12\" fill=\"%s\"/>", x, palette[s]);
		buf_printf(b, "<text x=\"%.1f\" y=\"23\" fill=\"%s\">", x + 16, TEXT_COLOUR);
		put_text(b, c->series[s].name);
		buf_puts(b, "</text>");
		x += 32 + 8.5 * chars(c->series[s].name);
	}
	if (c->target) {
		const char *label = c->target_label ? c->target_label : "target";
		buf_printf(b,
			   "<path d=\"M %.1f 18 h 20\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
			   "<text x=\"%.1f\" y=\"23\" fill=\"%s\">",
			   x, TARGET_COLOUR, x + 24, TEXT_COLOUR);
		put_text(b, label);
		buf_puts(b, "</text>");
	}
	buf_puts(b, "</g>");
}

static void put_axes(struct buf *b, const struct chart *c, const struct chart_frame *f)
{
	buf_puts(b, "<g class=\"axis\" aria-hidden=\"true\">");
	for (double v = 0; v <= f->y_max + f->y_step / 2; v += f->y_step) {
		double y = chart_frame_y(f, v);
		buf_printf(b, "<path d=\"M %.1f %.1f H %.1f\" stroke=\"%s\" stroke-width=\"1\"/>", f->plot_x, y,
			   f->plot_x + f->plot_w, v == 0 ? TEXT_COLOUR : GRID_COLOUR);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">", f->plot_x - 6, y + 4,
			   TEXT_COLOUR);
		put_value(b, c, v);
		buf_puts(b, "</text>");
	}
	if (c->y_label) {
		double mid = f->plot_y + f->plot_h / 2;
		buf_printf(b, "<text transform=\"rotate(-90)\" x=\"%.1f\" y=\"18\" text-anchor=\"middle\" fill=\"%s\">",
			   -mid, TEXT_COLOUR);
		put_text(b, c->y_label);
		buf_puts(b, "</text>");
	}
	for (int i = 0; i < c->ncategories; i++) {
		buf_printf(b, "<text class=\"category\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">",
			   f->plot_x + (i + 0.5) * f->slot_w, f->plot_y + f->plot_h + 22, TEXT_COLOUR);
		put_text(b, c->categories[i]);
		buf_puts(b, "</text>");
	}
	buf_puts(b, "</g>");
}

static void put_label(struct buf *b, const struct chart *c, double x, double y, double v)
{
	buf_printf(b, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">", x, y,
		   TEXT_COLOUR);
	put_value(b, c, v);
	buf_puts(b, "</text>");
}

static void put_series(struct buf *b, const struct chart *c, const struct chart_frame *f, int s)
{
	const double *v = c->series[s].values;
	double base = chart_frame_y(f, 0);
	buf_printf(b, "<g class=\"series\" fill=\"%s\">", palette[s]);
	if (c->kind == CHART_LINES) {
		buf_printf(b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" d=\"", palette[s]);
		bool pen = false;
		for (int i = 0; i < c->ncategories; i++) {
			if (!isfinite(v[i])) {
				pen = false;
				continue;
			}
			buf_printf(b, "%s%.1f %.1f ", pen ? "L " : "M ", chart_frame_x(f, c, i, s),
				   chart_frame_y(f, v[i]));
			pen = true;
		}
		buf_puts(b, "\"/>");
	}
	for (int i = 0; i < c->ncategories; i++) {
		if (!isfinite(v[i]))
			continue;
		double x = chart_frame_x(f, c, i, s), y = chart_frame_y(f, v[i]);
		if (c->kind == CHART_LINES) {
			buf_printf(b, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>", x, y);
			put_label(b, c, x, y - 8, v[i]);
		} else {
			buf_printf(b,
				   "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>",
				   x + 1, y, f->bar_w - 2, base - y);
			put_label(b, c, x + f->bar_w / 2, y - 5, v[i]);
		}
	}
	buf_puts(b, "</g>");
}

static void put_target(struct buf *b, const struct chart *c, const struct chart_frame *f)
{
	buf_printf(b,
		   "<path class=\"target\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
		   " stroke-dasharray=\"6 4\" d=\"",
		   TARGET_COLOUR);
	for (int i = 0; i < c->ncategories; i++)
		if (isfinite(c->target[i]))
			buf_printf(b, "M %.1f %.1f H %.1f ", f->plot_x + i * f->slot_w + 2,
				   chart_frame_y(f, c->target[i]), f->plot_x + (i + 1) * f->slot_w - 2);
	buf_puts(b, "\"/>");
}

int chart_svg(const struct chart *c, struct buf *out)
{
	struct chart_frame f;
	int rc = chart_frame_of(c, CHART_SVG_W, CHART_SVG_H, &f);
	if (rc)
		return rc;
	const char *id = c->id ? c->id : "chart";
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\""
		   " role=\"img\" aria-labelledby=\"%s-title %s-desc\""
		   " font-family=\"Laksaman, sans-serif\" font-size=\"15\">",
		   CHART_SVG_W, CHART_SVG_H, id, id);
	buf_printf(out, "<title id=\"%s-title\">", id);
	put_text(out, c->title);
	buf_printf(out, "</title><desc id=\"%s-desc\">", id);
	put_desc(out, c);
	buf_puts(out, "</desc>");
	put_legend(out, c);
	put_axes(out, c, &f);
	for (int s = 0; s < c->nseries; s++)
		put_series(out, c, &f, s);
	if (c->target)
		put_target(out, c, &f);
	buf_puts(out, "</svg>");
	return buf_err(out);
}
