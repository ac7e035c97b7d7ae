/*
 * chart_cairo: the chart model (export/chart.h) drawn straight through
 * cairo and pango, for PDFs and images: the same frame, bars, value labels,
 * dashed target line and legend as the SVG, with no SVG renderer between.
 */
#ifndef KLANG_EXPORT_CHART_CAIRO_H
#define KLANG_EXPORT_CHART_CAIRO_H

#include <cairo.h>

#include "export/chart.h"

/* Draws `c` into the w×h rectangle at (x, y) of `cr` (in cr's user units:
 * points on a PDF page), text in Laksaman at `font_size` units. The
 * model's geometry is chart_frame_of(c, w, h) shifted by (x, y). Leaves
 * cr's state as it found it. ERR_INVAL as chart_frame_of. */
int chart_cairo(const struct chart *c, cairo_t *cr, double x, double y, double w, double h,
		double font_size) WUR;

#endif
