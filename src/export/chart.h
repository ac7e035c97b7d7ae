/*
 * chart: one chart model (categories along x, one or more series of values,
 * an optional target per category) and its drawing as SVG for pages. A
 * cairo drawing for PDFs reads the same model and the same geometry
 * (chart_frame), so both show the same bars at the same heights.
 *
 * The model is borrowed: chart_svg reads it and keeps nothing. Values are
 * doubles; NaN means "no value" (nothing drawn, "–" in the description).
 */
#ifndef KLANG_EXPORT_CHART_H
#define KLANG_EXPORT_CHART_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"

#define CHART_CATEGORIES_MAX 40
#define CHART_SERIES_MAX 6

/* The SVG's fixed coordinate system (viewBox "0 0 W H"); it scales to the
 * width of its container. */
#define CHART_SVG_W 640.0
#define CHART_SVG_H 320.0

enum chart_kind {
	CHART_BARS,  /* grouped bars, one per series in each category */
	CHART_LINES, /* a line per series through the categories */
};

struct chart_series {
	const char *name;     /* shown in the legend and the description */
	const double *values; /* ncategories values, NaN for none */
};

struct chart {
	const char *id;      /* prefix of the element ids (unique on a page), [A-Za-z0-9_-] */
	const char *title;   /* required: the <title> and the heading drawn */
	const char *desc;    /* the <desc>; NULL: generated from the values */
	const char *y_label; /* the y axis' label, NULL for none */
	const char *unit;    /* suffix of value labels ("%"), NULL for none */
	enum chart_kind kind;
	const char *const *categories; /* ncategories labels (e.g. fiscal years) */
	int ncategories;               /* 1..CHART_CATEGORIES_MAX */
	const struct chart_series *series;
	int nseries;                   /* 1..CHART_SERIES_MAX */
	/* An optional target per category (NULL: none; NaN: none that
	 * category), drawn as a dashed line across each category's slot. */
	const double *target;
	const char *target_label;
	double y_max; /* the axis' top (100 for percentages); <= 0: from the data */
	bool thai_digits; /* values and the axis' numbers in Thai digits (๐–๙) */
};

/* Where things go in a w×h drawing: the plot area (origin top-left, y
 * down), the slot of each category and the axis' top. Shared by every
 * renderer of the model. */
struct chart_frame {
	double plot_x, plot_y, plot_w, plot_h; /* the plot area */
	double slot_w;                         /* width of one category's slot */
	double bar_w;                          /* width of one bar */
	double y_max;                          /* the axis' top value (> 0) */
	double y_step;                         /* gridline spacing in values */
};

/* Checks the model (ERR_INVAL with a detail: no title, category or series
 * counts out of range, a NULL label or value array) and lays it out in a
 * w×h drawing. */
int chart_frame_of(const struct chart *c, double w, double h, struct chart_frame *out) WUR;

/* The y coordinate of value v (clamped to [0, y_max]). */
double chart_frame_y(const struct chart_frame *f, double v);
/* The left edge of series s's bar in category i (bars) or the x of the
 * point (lines: the slot's centre). */
double chart_frame_x(const struct chart_frame *f, const struct chart *c, int i, int s);

/* What every renderer shares: series s's colour and the target's, as
 * "#rrggbb"; a value's label ("62.5%", "100%", "–" for NaN; "๖๒.๕%" with
 * thai_digits) appended to `out`. */
const char *chart_series_colour(int s);
#define CHART_TARGET_COLOUR "#b34700"
#define CHART_TEXT_COLOUR "#222222"
#define CHART_GRID_COLOUR "#d0d0d0"
void chart_value_text(const struct chart *c, double v, struct buf *out);

/* Appends the chart as a self-contained SVG element (no scripts, no external
 * references; role="img" with <title> and <desc>; every text escaped) to
 * `out`. ERR_INVAL as chart_frame_of; otherwise the buffer's error. */
int chart_svg(const struct chart *c, struct buf *out) WUR;

#endif
