/*
 * certificate: a certificate of recognition (เกียรติบัตร) as a one-page A4
 * PDF, portrait, laid down with the pen of pdf_pen.c (Laksaman through
 * Pango: Thai shaping and word breaking).
 *
 * The page, every line centred on it inside a double frame: the
 * organisation's name (bold 24 pt); the word เกียรติบัตร (bold 42 pt);
 * "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า"; the person's name (bold 28 pt) and
 * position; what the certificate is for; the details (what they did); a
 * wish; "ให้ไว้ ณ " and the date; room to sign above a dotted line, the
 * signer's "(name)" and position; the footer's small print. The lines
 * stand in the middle of the page; texts long enough to need more than the
 * page shrink the type (to 40% at the most), so the certificate is always
 * one page within the limits below. Every value is plain text, never
 * markup.
 */
#ifndef KLANG_EXPORT_CERTIFICATE_H
#define KLANG_EXPORT_CERTIFICATE_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"

/* Characters at most, per field. */
#define CERTIFICATE_LINE_MAX 200   /* org, name, position, date, signer's name and position */
#define CERTIFICATE_TEXT_MAX 400   /* reason */
#define CERTIFICATE_DETAILS_MAX 600

/*
 * A certificate. Every string is borrowed for the call only and must be
 * UTF-8 text (utf8_valid_text). Required, non-NULL and not empty: org,
 * name, reason, date, signer_name and signer_position; position, details
 * and footer may be NULL or empty, and are then left out.
 */
struct certificate {
	const char *org;             /* the organisation giving it */
	const char *name;            /* the person recognised */
	const char *position;        /* their position */
	const char *reason;          /* what for: "เป็นผู้มีส่วนร่วมในการจัดการความรู้ดีเด่น ประจำปีงบประมาณ ๒๕๖๙" */
	const char *details;         /* what they did (counts), one paragraph */
	const char *date;            /* formatted, e.g. "วันที่ ๒๔ เดือน พฤศจิกายน พ.ศ. ๒๕๖๙"; shown after "ให้ไว้ ณ " */
	const char *signer_name;     /* the executive who signs: shown as "(name)" */
	const char *signer_position; /* under the name */
	const char *footer;          /* small print at the page's foot (a reference) */
	bool thai_digits;            /* ASCII digits in every text become Thai digits */
};

/*
 * Appends the certificate as PDF to `out`. Thread-safe.
 *
 * Returns 0; ERR_INVAL when a required field is missing or empty or a
 * string is not UTF-8 text, ERR_TOOBIG when a field is longer than its
 * limit (the detail names the field: "org", "name", "position", "reason",
 * "details", "date", "signer_name", "signer_position", "footer"), with
 * nothing appended; otherwise the error of `out` or ERR_IO from cairo.
 */
int certificate_pdf_render(const struct certificate *c, struct buf *out) WUR;

#endif
