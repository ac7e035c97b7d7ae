/*
 * memo: an approval memo (บันทึกข้อความ, the internal memo of the Regulation
 * on Correspondence, ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ) as an A4 PDF.
 *
 * The layout is the official form: margins 3 cm left and 2 cm right; the
 * heading บันทึกข้อความ in bold 29 pt, centred; the lines ส่วนราชการ, ที่ with
 * วันที่ in the right half of the same line, and เรื่อง, their labels bold
 * 20 pt and their values 16 pt; a rule; เรียน; the body paragraphs in 16 pt,
 * justified, each first line indented 2.5 cm; then the signature blocks,
 * each centred in the right half of the text: its caption (bold for the
 * approver), room to sign above a dotted line, "(name)", the position and
 * the date. A block is never split: one that does not fit goes whole to a
 * new page. Text flows onto further pages when long; pages are numbered
 * at their foot only when there are several. Everything is Laksaman drawn
 * through Pango (Thai shaping and word breaking); every value is plain
 * text, never markup.
 */
#ifndef KLANG_EXPORT_MEMO_H
#define KLANG_EXPORT_MEMO_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"

#define MEMO_PARAS_MAX 8
#define MEMO_SIGNERS_MAX 8

/* One signature block. name and position are required; the others may be
 * NULL (or empty), and are then left out. */
struct memo_signer {
	const char *caption;  /* above the signature, e.g. "ผู้ทบทวน" or "อนุมัติ"; may be NULL */
	const char *name;     /* shown as "(name)" under the signature line */
	const char *position; /* under the name */
	const char *date;     /* already formatted, may be NULL */
};

/*
 * A memo. Every string is borrowed for the call only and must be UTF-8
 * text (utf8_valid_text: no NUL, no control but tab and line breaks).
 * Required, non-NULL and not empty: agency, subject, to, paras[0..nparas),
 * and name and position of signers[0..nsigners). number and date may be
 * NULL (or empty): a dotted line is left to fill in by hand, as on a draft
 * before its number is given. 0 <= nparas <= MEMO_PARAS_MAX;
 * 1 <= nsigners <= MEMO_SIGNERS_MAX.
 */
struct memo_doc {
	const char *agency;   /* ส่วนราชการ value */
	const char *number;   /* ที่ value, already formatted by the caller, e.g. "๑๒/๒๕๖๘" */
	const char *date;     /* วันที่ value, already formatted, e.g. "๒๔ พฤศจิกายน ๒๕๖๙" */
	const char *subject;  /* เรื่อง */
	const char *to;       /* เรียน */
	const char *paras[MEMO_PARAS_MAX]; /* body paragraphs, plain text (not markup) */
	int nparas;
	struct memo_signer signers[MEMO_SIGNERS_MAX]; /* in order: the proposers/reviewers, last the approver */
	int nsigners;
	const char *footer;   /* small print at the page foot (a reference), may be NULL */
	bool thai_digits;     /* ASCII digits in every text become Thai digits */
};

/*
 * Appends the memo as PDF to `out`. Thread-safe.
 *
 * Returns 0; ERR_INVAL when a required field is missing or empty, a count
 * is out of range or a string is not UTF-8 text (the detail names the
 * field: "agency", "number", "date", "subject", "to", "paras", "signers",
 * "footer"), with nothing appended; otherwise the error of `out` (ERR_TOOBIG,
 * ERR_NOMEM) or ERR_IO from cairo, with `out` holding part of a PDF.
 */
int memo_pdf_render(const struct memo_doc *m, struct buf *out) WUR;

#endif
