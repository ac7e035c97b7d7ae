/*
 * pdf: a knowledge document as a PDF in Thai official style: A4, margins
 * 3 cm left and 2 cm right (the Regulation on Correspondence), Laksaman
 * 16 pt through Pango (correct Thai shaping and line breaking), a header
 * block, the Markdown body (headings, paragraphs, lists, tables, quotes,
 * code) and page numbers, in Thai digits when asked.
 */
#ifndef KLANG_EXPORT_PDF_H
#define KLANG_EXPORT_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define PDF_META_MAX 8

struct pdf_doc {
	const char *org;        /* the organisation's name */
	const char *title;
	const char *kind_label; /* e.g. คู่มือการปฏิบัติงาน */
	const char *unit;
	const char *meta[PDF_META_MAX][2]; /* label, value (already formatted) */
	int nmeta;
	const char *body_md;
	bool thai_digits;       /* page numbers in Thai digits */
};

/* Appends the PDF to `out`. Thread-safe. */
int pdf_render(const struct pdf_doc *d, struct buf *out) WUR;

#endif
