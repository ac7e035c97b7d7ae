/* Tests of export/chart: the SVG is well-formed XML, accessible (role,
 * title, desc), holds every label escaped, draws bars at the heights their
 * values give, a dashed target line, and refuses a bad model; the cairo
 * drawing puts the same bars at the same places. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "core/err.h"
#include "export/chart.h"
#include "export/chart_cairo.h"
#include "support/support.h"

static const char *const years[] = {"2564", "2565", "<&ปี>"};
static const double kpi[] = {50, 100, NAN};
static const double target[] = {80, 90, 100};
static const struct chart_series one[] = {{"ผลการดำเนินงาน", kpi}};

static struct chart model(void)
{
	return (struct chart){
		.id = "kpi-KPI3",
		.title = "KPI3: หน่วยงานที่มีพื้นที่ KM <ทดสอบ> & co",
		.y_label = "ร้อยละ",
		.unit = "%",
		.kind = CHART_BARS,
		.categories = years,
		.ncategories = 3,
		.series = one,
		.nseries = 1,
		.target = target,
		.target_label = "เป้าหมาย",
		.y_max = 100,
	};
}

static xmlDocPtr parse(const struct chart *c, struct buf *b)
{
	buf_init(b, 1 << 20);
	assert_int_equal(chart_svg(c, b), 0);
	xmlDocPtr doc = xmlReadMemory(buf_cstr(b), (int)b->len, "chart.svg", "UTF-8", XML_PARSE_NONET);
	if (!doc)
		fail_msg("not XML: %s", buf_cstr(b));
	return doc;
}

static bool named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static bool has_class(xmlNodePtr n, const char *cls)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"class");
	bool yes = v && strcmp((const char *)v, cls) == 0;
	xmlFree(v);
	return yes;
}

static double num_prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	assert_non_null(v);
	double d = strtod((const char *)v, NULL);
	xmlFree(v);
	return d;
}

/* Counts the text elements whose content is exactly `s`, and the elements
 * of a kind and class, anywhere under n. */
static int count_text(xmlNodePtr n, const char *s)
{
	int k = 0;
	for (xmlNodePtr c = n; c; c = c->next) {
		if (named(c, "text")) {
			xmlChar *t = xmlNodeGetContent(c);
			k += strcmp((const char *)t, s) == 0;
			xmlFree(t);
		}
		if (c->children)
			k += count_text(c->children, s);
	}
	return k;
}

static void collect(xmlNodePtr n, const char *name, const char *cls, xmlNodePtr *out, int *k)
{
	for (xmlNodePtr c = n; c; c = c->next) {
		if (named(c, name) && (!cls || has_class(c, cls)))
			out[(*k)++] = c;
		if (c->children)
			collect(c->children, name, cls, out, k);
	}
}

static void svg_is_accessible_xml(void **state)
{
	(void)state;
	struct chart c = model();
	struct buf b;
	xmlDocPtr doc = parse(&c, &b);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	assert_true(named(root, "svg"));
	xmlChar *role = xmlGetProp(root, (const xmlChar *)"role");
	assert_string_equal((const char *)role, "img");
	xmlFree(role);
	xmlChar *vb = xmlGetProp(root, (const xmlChar *)"viewBox");
	assert_string_equal((const char *)vb, "0 0 640 320");
	xmlFree(vb);
	xmlChar *lb = xmlGetProp(root, (const xmlChar *)"aria-labelledby");
	assert_string_equal((const char *)lb, "kpi-KPI3-title kpi-KPI3-desc");
	xmlFree(lb);
	/* The first children are the title and the description. */
	xmlNodePtr t = root->children;
	assert_true(named(t, "title"));
	xmlChar *tt = xmlNodeGetContent(t);
	assert_string_equal((const char *)tt, c.title);
	xmlFree(tt);
	assert_true(named(t->next, "desc"));
	xmlChar *d = xmlNodeGetContent(t->next);
	assert_non_null(strstr((const char *)d, "2564 50%"));
	assert_non_null(strstr((const char *)d, "<&ปี> –"));
	assert_non_null(strstr((const char *)d, "เป้าหมาย: 2564 80%"));
	xmlFree(d);
	/* Every category label, unescaped once parsed; the raw text is escaped. */
	for (int i = 0; i < c.ncategories; i++)
		assert_int_equal(count_text(root, years[i]), 1);
	assert_null(strstr(buf_cstr(&b), "<&"));
	assert_non_null(strstr(buf_cstr(&b), "&lt;&amp;ปี&gt;"));
	/* Self-contained: no scripts, no links, no external references. */
	assert_null(strstr(buf_cstr(&b), "<script"));
	assert_null(strstr(buf_cstr(&b), "href"));
	assert_null(strstr(buf_cstr(&b), "url("));
	assert_non_null(strstr(buf_cstr(&b), "font-family=\"Laksaman, sans-serif\""));
	xmlFreeDoc(doc);
	buf_release(&b);
}

static void bars_have_their_heights(void **state)
{
	(void)state;
	struct chart c = model();
	struct chart_frame f;
	assert_int_equal(chart_frame_of(&c, CHART_SVG_W, CHART_SVG_H, &f), 0);
	assert_true(f.y_max == 100);
	struct buf b;
	xmlDocPtr doc = parse(&c, &b);
	xmlNodePtr bars[8];
	int n = 0;
	collect(xmlDocGetRootElement(doc), "rect", "bar", bars, &n);
	assert_int_equal(n, 2); /* the NaN draws nothing */
	double h0 = num_prop(bars[0], "height"), h1 = num_prop(bars[1], "height");
	assert_true(fabs(h0 - f.plot_h * 0.5) < 0.01);
	assert_true(fabs(h1 - f.plot_h) < 0.01);
	/* Bars stand on the axis. */
	assert_true(fabs(num_prop(bars[0], "y") + h0 - (f.plot_y + f.plot_h)) < 0.01);
	assert_true(fabs(num_prop(bars[1], "y") - f.plot_y) < 0.01);
	/* Value labels and a dashed target line. */
	assert_int_equal(count_text(xmlDocGetRootElement(doc), "50%"), 2); /* the bar and the axis */
	xmlNodePtr tl[2];
	int k = 0;
	collect(xmlDocGetRootElement(doc), "path", "target", tl, &k);
	assert_int_equal(k, 1);
	xmlChar *dash = xmlGetProp(tl[0], (const xmlChar *)"stroke-dasharray");
	assert_non_null(dash);
	xmlFree(dash);
	xmlFreeDoc(doc);
	buf_release(&b);

	/* Values above the axis' top are clamped; without y_max the axis
	 * reaches past the largest value at a round step. */
	assert_true(chart_frame_y(&f, 150) == f.plot_y);
	assert_true(chart_frame_y(&f, -3) == f.plot_y + f.plot_h);
	c.y_max = 0;
	static const double big[] = {7, 130, 12};
	const struct chart_series s2[] = {{"a", big}};
	c.series = s2;
	c.target = NULL;
	assert_int_equal(chart_frame_of(&c, CHART_SVG_W, CHART_SVG_H, &f), 0);
	assert_true(f.y_max >= 130 && f.y_max <= 200);
}

/* Thai digits: the labels and the axis' numbers, in SVG as for PDFs. */
static void thai_digits(void **state)
{
	(void)state;
	struct chart c = model();
	c.thai_digits = true;
	struct buf t;
	buf_init(&t, 256);
	chart_value_text(&c, 66.7, &t);
	assert_string_equal(buf_cstr(&t), "๖๖.๗%");
	buf_reset(&t);
	chart_value_text(&c, 100, &t);
	assert_string_equal(buf_cstr(&t), "๑๐๐%");
	buf_release(&t);
	struct buf b;
	xmlDocPtr doc = parse(&c, &b);
	assert_int_equal(count_text(xmlDocGetRootElement(doc), "๕๐%"), 2); /* the bar and the axis */
	assert_int_equal(count_text(xmlDocGetRootElement(doc), "50%"), 0);
	xmlFreeDoc(doc);
	buf_release(&b);
}

static void lines_and_several_series(void **state)
{
	(void)state;
	static const double a[] = {10, NAN, 30}, bb[] = {20, 40, 60};
	const struct chart_series two[] = {{"ก", a}, {"ข", bb}};
	struct chart c = model();
	c.series = two;
	c.nseries = 2;
	c.kind = CHART_LINES;
	struct buf b;
	xmlDocPtr doc = parse(&c, &b);
	xmlNodePtr pts[8];
	int n = 0;
	collect(xmlDocGetRootElement(doc), "circle", "point", pts, &n);
	assert_int_equal(n, 5);
	xmlFreeDoc(doc);
	buf_release(&b);
}

static void bad_models_are_refused(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1 << 20);
	struct chart c = model();
	c.title = NULL;
	assert_int_equal(chart_svg(&c, &b), ERR_INVAL);
	c = model();
	c.ncategories = 0;
	assert_int_equal(chart_svg(&c, &b), ERR_INVAL);
	c = model();
	c.nseries = CHART_SERIES_MAX + 1;
	assert_int_equal(chart_svg(&c, &b), ERR_INVAL);
	c = model();
	c.id = "x\" onload=\"alert(1)";
	assert_int_equal(chart_svg(&c, &b), ERR_INVAL);
	assert_int_equal(b.len, 0);
	/* A small buffer's cap is reported. */
	buf_release(&b);
	buf_init(&b, 64);
	c = model();
	assert_int_equal(chart_svg(&c, &b), ERR_TOOBIG);
	buf_release(&b);
}

/* The pixel at (x, y) of an opaque ARGB32 surface as 0xRRGGBB. */
static unsigned pixel(cairo_surface_t *s, double x, double y)
{
	const unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	return *(const uint32_t *)(d + (int)y * stride + (int)x * 4) & 0xffffff;
}

static void cairo_draws_the_same_geometry(void **state)
{
	(void)state;
	struct chart c = model();
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 640, 320);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	assert_int_equal(chart_cairo(&c, cr, 0, 0, 640, 320, 13), 0);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	struct chart_frame f;
	assert_int_equal(chart_frame_of(&c, 640, 320, &f), 0);
	unsigned bar = (unsigned)strtoul(chart_series_colour(0) + 1, NULL, 16);
	double mid0 = chart_frame_x(&f, &c, 0, 0) + f.bar_w / 2, mid1 = chart_frame_x(&f, &c, 1, 0) + f.bar_w / 2;
	/* The 100% bar fills its column from the axis up; the 50% bar stops
	 * half-way; the NaN draws nothing. */
	assert_int_equal(pixel(s, mid1, chart_frame_y(&f, 60)), bar);
	assert_int_equal(pixel(s, mid1, chart_frame_y(&f, 95)), bar);
	assert_int_equal(pixel(s, mid0, chart_frame_y(&f, 45)), bar);
	assert_int_equal(pixel(s, mid0, chart_frame_y(&f, 60)), 0xffffff);
	double mid2 = chart_frame_x(&f, &c, 2, 0) + f.bar_w / 2;
	assert_int_equal(pixel(s, mid2, chart_frame_y(&f, 40)), 0xffffff);
	/* The target of the first year (80%) crosses its slot, dashed: some
	 * pixels of the row hold its colour, some do not. */
	unsigned tcol = (unsigned)strtoul(CHART_TARGET_COLOUR + 1, NULL, 16);
	int on = 0, n = 0;
	double ty = floor(chart_frame_y(&f, 80));
	for (double x = f.plot_x + 4; x < f.plot_x + f.slot_w - 4; x++, n++) {
		unsigned p0 = pixel(s, x, ty), p1 = pixel(s, x, ty - 1);
		on += p0 == tcol || p1 == tcol;
	}
	assert_true(on > n / 4 && on < n);
	cairo_surface_destroy(s);

	/* A bad model draws nothing and says why. */
	c.ncategories = 0;
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
	cr = cairo_create(s);
	assert_int_equal(chart_cairo(&c, cr, 0, 0, 10, 10, 13), ERR_INVAL);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(svg_is_accessible_xml),
		cmocka_unit_test(bars_have_their_heights),
		cmocka_unit_test(thai_digits),
		cmocka_unit_test(lines_and_several_series),
		cmocka_unit_test(bad_models_are_refused),
		cmocka_unit_test(cairo_draws_the_same_geometry),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
