/*
 * approval: the approval memo (บันทึกข้อความขออนุมัติเผยแพร่) that an
 * executive's approval issues. Its number runs per organisation and fiscal
 * year (the fiscal year of the approval date); what it says is frozen when
 * it is issued (titles, names, positions), so it stays the evidence of KPI 1
 * whatever changes later. Shown as a page and as a PDF in the official
 * layout (export/memo).
 */
#ifndef KLANG_KM_APPROVAL_H
#define KLANG_KM_APPROVAL_H

#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "km/authz.h"

struct db;
struct memo_doc;

/* Issues the memo for an approval transition (km/workflow calls it inside
 * its transaction). */
int approval_memo_issue(struct db *db, const struct actor *approver, int64_t doc_id,
			int64_t transition_id, int64_t *memo_id) WUR;

/* The memo of document `doc_id` (the latest, or memo `memo_id` of it when
 * > 0) for an actor who may open the document: its row plus "number_th"
 * ("๑๒/๒๕๖๘"), "date_th", "subject", "to", "agency", "paras" [text],
 * "signers" [{caption,name,position,date}], "footer". */
int approval_memo_get(struct db *db, const struct actor *a, int64_t doc_id, int64_t memo_id,
		      json_t **out) WUR;

/* The memo as PDF, appended to `out`. */
int approval_memo_pdf(struct db *db, const struct actor *a, int64_t doc_id, int64_t memo_id,
		      struct buf *out) WUR;

/* Memos of fiscal year `fy` (0: every year), by number, of documents the
 * actor may open: [{id,fy,number,number_th,document_id,revision_number,
 * title,kind,kind_th,unit_name,approver_name,approver_position,
 * approved_at}]. */
int approval_memo_list(struct db *db, const struct actor *a, int fy, json_t **out) WUR;

#endif
