/* h_staff: the staff registry imported from CSV or XLSX: the API
 * (POST /api/v1/people/import) and the admin pages (upload, preview with
 * the errors per row, import), plus a template file to fill in.
 *
 * The pages keep nothing between the preview and the import: the admin
 * chooses the file again, and the form carries the SHA-256 of the file
 * that was previewed; a different file is previewed instead of imported. */
#include <string.h>

#include "core/arena.h"
#include "export/table.h"
#include "km/secret.h"
#include "km/staff_import.h"
#include "web/handlers.h"
#include "web/json_arena.h"
#include "web/multipart.h"

/* The uploaded file in field "file", read as a table (freed by the caller). */
static int upload_table(struct req *r, struct table **t, char sha[SECRET_HASH_LEN + 1],
			const char **filename)
{
	const struct multipart_part *p = req_file(r, "file");
	if (!p || !p->filename.p || !p->filename.len)
		return err_fail(ERR_INVAL, "file", "กรุณาเลือกไฟล์รายชื่อบุคลากร (CSV หรือ Excel .xlsx)",
				"Choose a staff list file (CSV or Excel .xlsx).");
	const char *raw = arena_str(r->arena, p->filename);
	const char *name = raw ? multipart_safe_filename(r->arena, raw) : NULL;
	if (!name)
		return ERR_NOMEM;
	if (sha)
		secret_sha256_hex(p->data.p, p->data.len, sha);
	if (filename)
		*filename = name;
	return table_read(p->data.p, p->data.len, name, t);
}

/* Runs the import with this thread's JSON on the heap: a list of 10,000
 * people makes more short-lived values than a request's arena should hold.
 * The result is released with the request all the same. */
static int run_import(struct req *r, const struct table *t, bool dry_run, bool good_rows_only,
		      json_t **result)
{
	json_arena_set(NULL);
	int rc = staff_import(req_db(r), &r->actor, t, dry_run, good_rows_only, result);
	json_arena_set(r->arena);
	if (!rc)
		req_keep(r, *result);
	return rc;
}

/* A refused import: errors, nothing written, not a dry run. */
static bool refused(json_t *res)
{
	return !json_is_true(json_object_get(res, "dry_run")) &&
	       json_integer_value(json_object_get(res, "imported")) == 0 &&
	       json_integer_value(json_object_get(res, "errors_total")) > 0;
}

int h_api_people_import(struct req *r)
{
	struct table *t = NULL;
	json_t *res = NULL;
	int rc = upload_table(r, &t, NULL, NULL);
	if (!rc)
		rc = run_import(r, t, req_int(r, "dry_run", 0), req_int(r, "good_rows_only", 0), &res);
	table_free(t);
	if (rc)
		return rc;
	return resp_json(r, refused(res) ? 400 : 200, json_incref(res));
}

int h_admin_people_import_form(struct req *r)
{
	return resp_page(r, 200, "admin_people_import", json_object());
}

int h_admin_people_import(struct req *r)
{
	const char *mode = req_str(r, "mode");
	const char *checked = req_str(r, "checked");
	bool dry_run = !mode || !strcmp(mode, "preview");
	json_t *ctx = json_object();
	struct table *t = NULL;
	char sha[SECRET_HASH_LEN + 1];
	const char *filename = NULL;
	err_clear();
	int rc = upload_table(r, &t, sha, &filename);
	if (rc == ERR_INVAL || rc == ERR_TOOBIG) {
		const struct err_detail *d = err_last();
		json_object_set_new(ctx, "error", json_pack("{s:s, s:s}", "message_th", d->msg_th ? d->msg_th : "อ่านไฟล์ไม่ได้",
							    "message_en", d->msg_en ? d->msg_en : "The file cannot be read."));
		return resp_page(r, err_http_status(rc), "admin_people_import", ctx);
	}
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	/* An import of a file other than the one previewed is previewed. */
	if (!dry_run && checked && checked[0] && strcmp(checked, sha) != 0) {
		dry_run = true;
		json_object_set_new(ctx, "error",
				    json_pack("{s:s, s:s}", "message_th",
					      "ไฟล์ที่เลือกไม่ใช่ไฟล์เดียวกับที่ตรวจสอบไว้ ระบบจึงแสดงผลตรวจสอบของไฟล์นี้แทน ยังไม่ได้นำเข้า",
					      "message_en",
					      "This is not the file that was checked, so it has been checked instead; nothing was imported."));
	}
	json_t *res = NULL;
	rc = run_import(r, t, dry_run, mode && !strcmp(mode, "good_rows_only"), &res);
	table_free(t);
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "result", json_incref(res));
	json_object_set_new(ctx, "sha256", json_string(sha));
	json_object_set_new(ctx, "filename", json_string(filename));
	json_object_set_new(ctx, "dry_run", json_boolean(dry_run));
	json_object_set_new(ctx, "more_errors",
			    json_boolean(json_integer_value(json_object_get(res, "errors_total")) >
					 (json_int_t)json_array_size(json_object_get(res, "errors"))));
	return resp_page(r, refused(res) ? 400 : 200, "admin_people_import", ctx);
}

/* A file to fill in: the Thai headers and one example row, UTF-8 with a
 * BOM so that Excel opens it as Thai. */
int h_admin_people_import_template(struct req *r)
{
	buf_reset(&r->out);
	buf_puts(&r->out, "\xEF\xBB\xBF"
			  "ชื่อ-สกุล,ตำแหน่ง,ระดับ,หน่วยงาน,สายงาน,ประเภทการจ้าง,วันเริ่มงาน,วันเกษียณอายุราชการ,อีเมล\r\n"
			  "นางสาวตัวอย่าง ใจดี,นักวิชาการเงินและบัญชี,ชำนาญการ,กองคลัง,นักวิชาการเงินและบัญชี,"
			  "พนักงานเทศบาล,1/10/2556,30/9/2590,\r\n");
	resp_filename(r, false, "staff-template.csv", "แบบฟอร์มรายชื่อบุคลากร.csv");
	r->status = 200;
	r->content_type_out = "text/csv; charset=utf-8";
	return buf_err(&r->out);
}
