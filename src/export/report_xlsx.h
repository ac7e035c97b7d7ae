/*
 * report_xlsx: the annual monitoring and evaluation report (km/report) as
 * an XLSX workbook written by libxlsxwriter, for those who go on working
 * with the figures: a summary sheet "สรุป" (organisation, title with the
 * fiscal year, version, plan; one row per KPI with its numerator,
 * denominator, value and target as numbers; problems and proposals), one
 * sheet per KPI named by its code with its evidence rows (นับ/ไม่นับ and
 * what backs each row, one line per piece of evidence), "แนวโน้ม" (each
 * KPI's value and target per fiscal year), "กิจกรรม" (the year's
 * development activities), "ช่องว่างความรู้" (coverage and the knowledge
 * without documents) and "คณะกรรมการ" (the committee). Dates are shown in
 * the Thai form ("1 มี.ค. 2566"); tables have a bold, frozen header row.
 */
#ifndef KLANG_EXPORT_REPORT_XLSX_H
#define KLANG_EXPORT_REPORT_XLSX_H

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

/* Appends report `r` (report_get's object; read only, borrowed for the
 * call) as an XLSX workbook to `out`. libxlsxwriter writes to a file: the
 * workbook passes through a private temporary file in $TMPDIR (else
 * /tmp), removed before the call returns. Returns 0, ERR_INVAL when r has
 * no "data" object, ERR_IO (ERR_NOMEM) when libxlsxwriter or the
 * temporary file fails, or the error of `out`. Thread-safe: workbooks
 * are built in parallel, and closed (written) one at a time. */
int report_xlsx_render(const json_t *r, struct buf *out) WUR;

#endif
