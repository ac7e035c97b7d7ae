/*
 * staff_import: the staff registry brought in from a spreadsheet (a
 * municipal staff list read by export/table), with a preview and a clear
 * error per bad cell. Pages, the API and the CLI call this one function.
 *
 * The header row is the first row (within the first ten) that names the
 * name column; rows below it are people. Columns, by their header in
 * English (case ignored, spaces or '_' alike) or Thai, a parenthesised
 * remark ignored ("วันเริ่มงาน (วว/ดด/ปปปป)"):
 *   name            ชื่อ-สกุล, ชื่อ - สกุล, ชื่อ, ชื่อ-นามสกุล   (required)
 *   position        ตำแหน่ง
 *   level           ระดับ
 *   unit            หน่วยงาน, สังกัด          name or code; "กอง/ฝ่าย" for a
 *                                            name that several divisions share
 *   job_line        สายงาน                   name or code
 *   employment_type ประเภทการจ้าง, ประเภทบุคลากร   พนักงานเทศบาล, ลูกจ้างประจำ,
 *                                            พนักงานจ้าง or the English codes
 *   start_date      วันเริ่มงาน, วันที่บรรจุ     cal_parse_th: B.E. or C.E.,
 *   retirement_date วันเกษียณ, วันเกษียณอายุราชการ   Thai digits and months
 *   email           อีเมล
 * Other columns (ลำดับ, remarks) are ignored, and a note says which.
 *
 * A row whose name is already in the registry (the same letters, spaces
 * folded) updates that person, never a second record; an empty cell then
 * leaves the field as it is. A name twice in the file is an error on the
 * later row; a name that two people of the registry share is an error
 * (edit them one by one).
 *
 * Nothing is written unless every row is good, or good_rows_only asks for
 * the good rows; a dry run writes nothing. Either way every good row is
 * written in one transaction through person_create / person_update (so
 * a preview finds every error the import would), and rolled back when
 * nothing is to be kept. A kept import is audited ("people.import", with
 * its counts) besides each person's own event.
 */
#ifndef KLANG_KM_STAFF_IMPORT_H
#define KLANG_KM_STAFF_IMPORT_H

#include <jansson.h>
#include <stdbool.h>

#include "core/err.h"
#include "export/table.h"
#include "km/authz.h"

struct db;

/* Errors listed in a result at most (errors_total counts them all). */
#define STAFF_IMPORT_MAX_ERRORS 1000

/*
 * Imports the people of table `t` as actor `a` (PERM_PEOPLE_EDIT: admins
 * and the operator). *result (the caller's reference) is
 *   {"ok": rows that are good (imported, or to be),
 *    "imported": rows written and kept (0 on a dry run or a refused file),
 *    "created": N, "updated": N, "dry_run": bool,
 *    "errors": [{"row","column","column_th","cell","message_th","message_en"}…],
 *    "errors_total": N,
 *    "notes": [{"message_th","message_en"}…],
 *    "preview": [{"row","name","position","level","unit","unit_id",
 *                 "job_line","job_line_id","employment_type","email",
 *                 "start_date","retirement_date","action":"create"|"update"}…]}
 * with rows numbered as in the spreadsheet and "column" the field's
 * English name ("" for the whole row), "cell" its reference ("E7").
 * Returns 0 whenever the answer is such a result, bad rows or not;
 * otherwise ERR_FORBIDDEN / ERR_UNAUTH, ERR_DB or ERR_NOMEM with no result.
 */
int staff_import(struct db *db, const struct actor *a, const struct table *t, bool dry_run,
		 bool good_rows_only, json_t **result) WUR;

#endif
