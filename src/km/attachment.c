/* attachment: files of documents: sniffed, extracted, stored by hash. */
#include "km/attachment.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "export/extract.h"
#include "export/sniff.h"
#include "km/audit.h"
#include "km/doc.h"
#include "km/find.h"
#include "store/blob.h"
#include "store/db.h"
#include "store/db_json.h"

int attachment_add(struct db *db, const struct actor *a, const char *blob_root, int64_t doc_id,
		   const char *filename, const void *data, size_t len, json_t **out)
{
	json_t *doc = NULL;
	int rc = doc_get(db, a, doc_id, 0, &doc);
	bool editor = !rc && json_is_true(json_object_get(doc, "can_edit"));
	json_decref(doc);
	if (rc)
		return rc;
	if (!editor)
		return err_fail(ERR_FORBIDDEN, NULL, "คุณแนบไฟล์กับเอกสารนี้ไม่ได้",
				"You may not attach files to this document.");
	int64_t count = 0;
	if ((rc = db_query_int(db, "SELECT count(*) FROM attachments WHERE document_id = $1",
			       DB_ARGS(DB_INT(doc_id)), &count)))
		return rc;
	if (count >= ATTACHMENTS_PER_DOC_MAX)
		return err_fail(ERR_TOOBIG, "file", "แนบไฟล์ได้ไม่เกิน 50 ไฟล์ต่อเอกสาร",
				"At most 50 files per document.");
	struct sniff_result kind;
	if ((rc = sniff_file(data, len, filename, &kind)))
		return rc;
	struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	struct buf text;
	buf_init(&text, lim.max_text + 16);
	bool truncated = false;
	rc = extract_text(kind.kind, data, len, &lim, &text, &truncated);
	char sha[BLOB_HASH_LEN + 1];
	if (!rc)
		rc = blob_put(blob_root, data, len, sha);
	int64_t id = 0;
	if (!rc)
		rc = db_begin(db);
	if (!rc) {
		rc = db_query_int(db,
				  "INSERT INTO attachments (org_id, document_id, sha256, mime, kind, size, filename,"
				  " text, text_truncated, created_by, created_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(doc_id), DB_TEXT(sha), DB_TEXT(kind.mime),
					  DB_TEXT(kind.kind), DB_INT((int64_t)len), DB_TEXT(filename),
					  DB_TEXTN(buf_cstr(&text), text.len), DB_INT(truncated ? 1 : 0),
					  DB_ID_OR_NULL(a->account_id), DB_INT(clock_now())),
				  &id);
		if (!rc)
			rc = db_exec(db, "UPDATE documents SET updated_at = $1 WHERE id = $2",
				     DB_ARGS(DB_INT(clock_now()), DB_INT(doc_id)));
		if (!rc)
			rc = doc_index(db, doc_id);
		if (!rc)
			rc = audit_log(db, a, "attachment.add", "document", doc_id, filename);
		if (!rc)
			rc = db_commit(db);
		if (rc)
			db_rollback(db);
	}
	size_t chars = text.len;
	buf_release(&text);
	if (rc)
		return rc;
	*out = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:I, s:b}", "id", (json_int_t)id, "sha256", sha,
			 "mime", kind.mime, "kind", kind.kind, "size", (json_int_t)len, "filename", filename,
			 "text_bytes", (json_int_t)chars, "text_truncated", truncated);
	return *out ? 0 : ERR_NOMEM;
}

int attachment_import(struct db *db, const struct actor *a, const char *blob_root, int64_t unit_id,
		      const char *kind, const char *filename, const void *data, size_t len,
		      int64_t *doc_out)
{
	struct sniff_result sr;
	int rc = sniff_file(data, len, filename, &sr);
	if (rc)
		return rc;
	if (!strcmp(sr.kind, "png") || !strcmp(sr.kind, "jpeg") || !strcmp(sr.kind, "gif") ||
	    !strcmp(sr.kind, "webp"))
		return err_fail(ERR_INVAL, "file", "นำเข้าได้เฉพาะ PDF, DOCX, XLSX, Markdown และข้อความ",
				"Only PDF, DOCX, XLSX, Markdown and text files can be imported.");
	/* The title: the name without its extension, on one line. */
	char title[DOC_TITLE_MAX * 4];
	snprintf(title, sizeof title, "%s", filename);
	char *dot = strrchr(title, '.');
	if (dot && dot != title)
		*dot = 0;
	struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	lim.max_text = DOC_BODY_MAX - 1024;
	struct buf body;
	buf_init(&body, DOC_BODY_MAX);
	bool truncated = false;
	if (!strcmp(sr.kind, "text")) {
		/* Markdown and text keep their lines as written. */
		size_t n = len > lim.max_text ? lim.max_text : len;
		n = utf8_cut(data, len, n);
		buf_append(&body, data, n);
		truncated = n < len;
	} else {
		rc = extract_text(sr.kind, data, len, &lim, &body, &truncated);
	}
	if (!rc && truncated)
		buf_puts(&body, "\n\n(ข้อความยาวเกินกำหนด ตัดไว้เพียงเท่านี้ ต้นฉบับอยู่ในไฟล์แนบ)\n");
	int64_t id = 0;
	if (!rc)
		rc = db_begin(db);
	if (!rc) {
		struct doc_input in = DOC_INPUT_EMPTY;
		in.title = title;
		in.kind = kind;
		in.unit_id = unit_id;
		in.body_md = buf_cstr(&body);
		in.note = "นำเข้าจากไฟล์";
		rc = doc_create(db, a, &in, &id, NULL);
		json_t *att = NULL;
		if (!rc)
			rc = attachment_add(db, a, blob_root, id, filename, data, len, &att);
		json_decref(att);
		if (!rc)
			rc = db_commit(db);
		if (rc)
			db_rollback(db);
	}
	buf_release(&body);
	if (!rc && doc_out)
		*doc_out = id;
	return rc;
}

int attachment_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	json_t *row = NULL, *doc = NULL;
	int rc = db_query_json_one(db,
				   "SELECT id, document_id, sha256, mime, kind, size, filename, created_at"
				   " FROM attachments WHERE id = $1 AND org_id = $2",
				   DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &row);
	/* The document's reading rules decide; a refusal looks like absence. */
	if (!rc)
		rc = doc_get(db, a, json_integer_value(json_object_get(row, "document_id")), 0, &doc);
	json_decref(doc);
	if (rc) {
		json_decref(row);
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบไฟล์นี้ หรือคุณไม่มีสิทธิ์เปิด",
				"No such file, or you may not open it.");
	}
	*out = row;
	return 0;
}

int attachment_preview(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	json_t *row = NULL, *text = NULL;
	int rc = attachment_get(db, a, id, &row);
	if (!rc)
		rc = db_query_json_one(db,
				       "SELECT substr(text, 1, 20000) AS text, text_truncated FROM attachments"
				       " WHERE id = $1",
				       DB_ARGS(DB_INT(id)), &text);
	if (rc) {
		json_decref(row);
		return rc;
	}
	json_object_update(row, text);
	json_decref(text);
	*out = row;
	return 0;
}

int attachment_list(struct db *db, const struct actor *a, int64_t doc_id, json_t **out)
{
	json_t *doc = NULL;
	int rc = doc_get(db, a, doc_id, 0, &doc);
	json_decref(doc);
	if (rc)
		return rc;
	return db_query_json(db,
			     "SELECT id, sha256, mime, kind, size, filename, created_at FROM attachments"
			     " WHERE document_id = $1 ORDER BY id",
			     DB_ARGS(DB_INT(doc_id)), ATTACHMENTS_PER_DOC_MAX, out);
}
