/*
 * report_pdf: the annual monitoring and evaluation report (km/report) as
 * a PDF in the official style, laid down with the pen of pdf_pen.c
 * (A4, Laksaman 16 pt through Pango, page numbers in Thai digits): a cover
 * (organisation, title with the fiscal year, version, date), then
 * 1 plan summary, 2 KPI results table with one chart per KPI (its trend
 * over the plan's years when the report has one, else the year's value
 * against the target), 3 evidence per KPI (rows that count / do not),
 * 4 development activities, 5 knowledge gaps, 6 problems and proposals,
 * 7 the committee.
 */
#ifndef KLANG_EXPORT_REPORT_PDF_H
#define KLANG_EXPORT_REPORT_PDF_H

#include <jansson.h>
#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"

/* Appends report `r` (report_get's object; read only, borrowed for the
 * call) as PDF to `out`; thai_digits: every ASCII digit of the text as a
 * Thai digit. Returns 0, ERR_INVAL when r has no "data" object, or the
 * error of `out` / ERR_IO from cairo. Thread-safe. */
int report_pdf_render(const json_t *r, bool thai_digits, struct buf *out) WUR;

#endif
