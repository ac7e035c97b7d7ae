/* doc: documents, revisions, tags, coverage, templates, reading. */
#include "km/doc.h"
#include "km/find.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/buf.h"
#include "core/cal.h"
#include "core/str.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "km/doc_templates.h"
#include "km/workflow.h"
#include "store/db.h"
#include "store/db_json.h"

const char *const doc_kinds[] = {"manual", "citizen_manual", "article", "regulation",
				 "expert_knowledge", "training_lessons", "good_practice", NULL};
const char *const doc_visibilities[] = {"public", "org", "unit", NULL};

static const struct {
	const char *th, *en;
} kind_labels[] = {
	{"คู่มือการปฏิบัติงาน", "Operations manual"},
	{"คู่มือสำหรับประชาชน", "Citizen manual"},
	{"บทความความรู้", "Knowledge article"},
	{"กฎหมาย/ระเบียบ", "Law or regulation"},
	{"องค์ความรู้ผู้เชี่ยวชาญ", "Expert knowledge"},
	{"ความรู้จากการฝึกอบรม", "Training lessons"},
	{"แนวปฏิบัติที่ดี", "Good practice"},
};

static int kind_index(const char *kind)
{
	for (int i = 0; kind && doc_kinds[i]; i++) {
		if (strcmp(doc_kinds[i], kind) == 0)
			return i;
	}
	return -1;
}

bool doc_kind_valid(const char *kind)
{
	return kind_index(kind) >= 0;
}

const char *doc_kind_label_th(const char *kind)
{
	int i = kind_index(kind);
	return i < 0 ? "" : kind_labels[i].th;
}

const char *doc_kind_label_en(const char *kind)
{
	int i = kind_index(kind);
	return i < 0 ? "" : kind_labels[i].en;
}

/* Admins, the KM committee and executives read all of their organisation. */
bool doc_reads_all(const struct actor *a)
{
	return a->operator || (a->account_id && (a->roles & (ROLE_ADMIN | ROLE_COMMITTEE | ROLE_EXECUTIVE)));
}

static bool same_division(const struct actor *a, const struct doc_access *d)
{
	return a->account_id && a->division_id && a->division_id == d->division_id;
}

bool doc_may_read(const struct actor *a, const struct doc_access *d)
{
	if (d->org_id != a->org_id)
		return false;
	bool out = !strcmp(d->status, "published") || !strcmp(d->status, "retired");
	if (out) {
		if (!strcmp(d->visibility, "public"))
			return true;
		if (!a->account_id && !a->operator)
			return false;
		if (!strcmp(d->visibility, "org"))
			return true;
		return doc_reads_all(a) || same_division(a, d);
	}
	return doc_reads_all(a) || same_division(a, d) ||
	       (a->account_id && d->created_by == a->account_id);
}

bool doc_may_edit(const struct actor *a, const struct doc_access *d)
{
	if (d->org_id != a->org_id || !strcmp(d->status, "retired"))
		return false;
	if (a->operator || (a->roles & ROLE_ADMIN))
		return true;
	return a->account_id && (same_division(a, d) || d->created_by == a->account_id);
}

int doc_load_row(struct db *db, const struct actor *a, int64_t id, struct doc_row *r)
{
	struct db_stmt *st;
	int rc = db_query(db,
			  "SELECT d.org_id, coalesce(u.division_id, 0), coalesce(d.created_by, 0), d.status,"
			  " d.visibility, d.kind, coalesce(d.unit_id, 0), coalesce(d.current_revision_id, 0),"
			  " coalesce(d.published_revision_id, 0), coalesce(d.pending_state, ''),"
			  " coalesce(d.state_since, d.updated_at), coalesce(u.name, '')"
			  " FROM documents d LEFT JOIN units u ON u.id = d.unit_id WHERE d.id = $1 AND d.org_id = $2",
			  DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &st);
	if (rc)
		return rc;
	memset(r, 0, sizeof *r);
	rc = db_step(st);
	if (rc == DB_ROW) {
		r->id = id;
		r->acc.org_id = db_col_int(st, 0);
		r->acc.division_id = db_col_int(st, 1);
		r->acc.created_by = db_col_int(st, 2);
		snprintf(r->status, sizeof r->status, "%s", db_col_text(st, 3, NULL));
		snprintf(r->visibility, sizeof r->visibility, "%s", db_col_text(st, 4, NULL));
		snprintf(r->kind, sizeof r->kind, "%s", db_col_text(st, 5, NULL));
		r->unit_id = db_col_int(st, 6);
		r->current_revision_id = db_col_int(st, 7);
		r->published_revision_id = db_col_int(st, 8);
		snprintf(r->pending_state, sizeof r->pending_state, "%s", db_col_text(st, 9, NULL));
		r->state_since = db_col_int(st, 10);
		snprintf(r->unit_name, sizeof r->unit_name, "%s", db_col_text(st, 11, NULL));
		r->acc.status = r->status;
		r->acc.visibility = r->visibility;
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_done(st);
	if (rc == 0 && !doc_may_read(a, &r->acc))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		err_fail(rc, NULL, "ไม่พบเอกสารนี้ หรือคุณไม่มีสิทธิ์เปิด", "No such document, or you may not open it.");
	return rc;
}

static int check_text(const char *field, const char *s, size_t max_chars, bool required,
		      bool one_line, const char *th, const char *en)
{
	if (!s)
		return required ? err_fail(ERR_INVAL, field, th, en) : 0;
	size_t n = strlen(s);
	if ((required && str_trim(str_c(s)).len == 0) || !utf8_valid_text(s, n) ||
	    utf8_count(s, n) > max_chars || (one_line && strpbrk(s, "\r\n")))
		return err_fail(ERR_INVAL, field, th, en);
	return 0;
}

static int check_input(struct db *db, const struct actor *a, const struct doc_input *in,
		       bool creating)
{
	int rc;
	if ((rc = check_text("title", in->title, DOC_TITLE_MAX, creating, true,
			     "ต้องระบุชื่อเรื่อง (ไม่เกิน 300 ตัวอักษร บรรทัดเดียว)",
			     "A title of up to 300 characters on one line is required.")) ||
	    (rc = check_text("summary", in->summary, DOC_SUMMARY_MAX, false, false,
			     "บทคัดย่อยาวเกิน 2,000 ตัวอักษร", "The summary is longer than 2,000 characters.")))
		return rc;
	if (in->body_md && (strlen(in->body_md) > DOC_BODY_MAX || !utf8_valid_text(in->body_md, strlen(in->body_md))))
		return err_fail(strlen(in->body_md) > DOC_BODY_MAX ? ERR_TOOBIG : ERR_INVAL, "body_md",
				"เนื้อหายาวเกิน 1 MB หรือไม่ใช่ข้อความ UTF-8",
				"The body is over 1 MB or not UTF-8 text.");
	if ((creating || in->kind) && !doc_kind_valid(in->kind))
		return err_fail(ERR_INVAL, "kind", "ประเภทเอกสารไม่ถูกต้อง", "Unknown kind of document.");
	if (in->visibility && strcmp(in->visibility, "public") && strcmp(in->visibility, "org") &&
	    strcmp(in->visibility, "unit"))
		return err_fail(ERR_INVAL, "visibility", "การเผยแพร่ต้องเป็น public, org หรือ unit",
				"Visibility is public, org or unit.");
	if (in->knowledge_type && strcmp(in->knowledge_type, "explicit") &&
	    strcmp(in->knowledge_type, "tacit"))
		return err_fail(ERR_INVAL, "knowledge_type", "ประเภทความรู้ต้องเป็น explicit หรือ tacit",
				"Knowledge type is explicit or tacit.");
	struct date d;
	if (in->review_due && in->review_due[0] &&
	    cal_parse_iso(in->review_due, strlen(in->review_due), &d))
		return err_fail(ERR_INVAL, "review_due", "วันครบกำหนดทบทวนต้องเป็น ปปปป-ดด-วว",
				"The review date is YYYY-MM-DD.");
	if (in->ncovers < 0 || in->ncovers > DOC_COVERS_MAX)
		return err_fail(ERR_TOOBIG, "covers", "เลือกองค์ความรู้ได้ไม่เกิน 50 เรื่อง",
				"At most 50 required-knowledge items.");
	if (creating && in->unit_id <= 0)
		return err_fail(ERR_INVAL, "unit_id", "ต้องระบุหน่วยงานเจ้าของเอกสาร",
				"The owning unit is required.");
	if (in->unit_id > 0) {
		int64_t n = 0;
		rc = db_query_int(db, "SELECT count(*) FROM units WHERE id = $1 AND org_id = $2",
				  DB_ARGS(DB_INT(in->unit_id), DB_INT(a->org_id)), &n);
		if (!rc && !n)
			return err_fail(ERR_INVAL, "unit_id", "ไม่พบหน่วยงานที่เลือก", "Unknown unit.");
		if (rc)
			return rc;
	}
	return 0;
}

/* Replaces the tags with those of a comma-separated list (trimmed, unique,
 * limited in count and length). */
static int set_tags(struct db *db, int64_t org_id, int64_t id, const char *list)
{
	int rc = db_exec(db, "DELETE FROM document_tags WHERE document_id = $1", DB_ARGS(DB_INT(id)));
	struct str rest = str_c(list), item;
	int count = 0;
	for (bool more = true; !rc && more && rest.len;) {
		more = str_split(rest, ',', &item, &rest);
		item = str_trim(item);
		if (item.len == 0)
			continue;
		if (++count > DOC_TAGS_MAX || utf8_count(item.p, item.len) > DOC_TAG_MAX)
			return err_fail(ERR_TOOBIG, "tags", "แท็กได้ไม่เกิน 20 คำ คำละไม่เกิน 50 ตัวอักษร",
					"At most 20 tags of up to 50 characters.");
		rc = db_exec(db,
			     "INSERT INTO document_tags (document_id, org_id, tag) VALUES ($1, $2, $3)"
			     " ON CONFLICT DO NOTHING",
			     DB_ARGS(DB_INT(id), DB_INT(org_id), DB_TEXTN(item.p, item.len)));
	}
	return rc;
}

static int set_covers(struct db *db, int64_t org_id, int64_t id, const int64_t *covers, int n)
{
	int rc = db_exec(db, "DELETE FROM document_coverage WHERE document_id = $1", DB_ARGS(DB_INT(id)));
	for (int i = 0; !rc && i < n; i++) {
		int64_t ok = 0;
		rc = db_query_int(db, "SELECT count(*) FROM required_knowledge WHERE id = $1 AND org_id = $2",
				  DB_ARGS(DB_INT(covers[i]), DB_INT(org_id)), &ok);
		if (!rc && !ok)
			return err_fail(ERR_INVAL, "covers", "ไม่พบองค์ความรู้ที่เลือก",
					"Unknown required-knowledge item.");
		if (!rc)
			rc = db_exec(db,
				     "INSERT INTO document_coverage (document_id, org_id, rk_id) VALUES ($1, $2, $3)"
				     " ON CONFLICT DO NOTHING",
				     DB_ARGS(DB_INT(id), DB_INT(org_id), DB_INT(covers[i])));
	}
	return rc;
}

/* Appends a revision and makes it current. */
static int add_revision(struct db *db, const struct actor *a, int64_t id, const char *title,
			const char *summary, const char *body, const char *note, int64_t *rev_out)
{
	int64_t rev = 0, now = clock_now();
	int rc = db_query_int(db,
			      "INSERT INTO document_revisions (org_id, document_id, number, title, summary,"
			      " body_md, note, author_account_id, author_name, created_at)"
			      " VALUES ($1, $2, (SELECT coalesce(max(number), 0) + 1 FROM document_revisions"
			      " WHERE document_id = $2), $3, $4, $5, $6, $7, $8, $9) RETURNING id",
			      DB_ARGS(DB_INT(a->org_id), DB_INT(id), DB_TEXT(title), DB_TEXT(summary),
				      DB_TEXT(body), DB_TEXT(note ? note : ""), DB_ID_OR_NULL(a->account_id),
				      DB_TEXT(a->name[0] ? a->name : a->login), DB_INT(now)),
			      &rev);
	if (!rc)
		rc = db_exec(db,
			     "UPDATE documents SET current_revision_id = $1, title = $2, summary = $3,"
			     " updated_at = $4 WHERE id = $5",
			     DB_ARGS(DB_INT(rev), DB_TEXT(title), DB_TEXT(summary), DB_INT(now), DB_INT(id)));
	if (!rc)
		rc = wf_revision_saved(db, id);
	if (!rc && rev_out)
		*rev_out = rev;
	return rc;
}

/* Checks, inside the caller's transaction, that the actor may edit
 * document `id`; fills the document's access facts. */
static int begin_edit(struct db *db, const struct actor *a, int64_t id, struct doc_row *r)
{
	int rc = doc_load_row(db, a, id, r);
	if (!rc && !doc_may_edit(a, &r->acc))
		rc = err_fail(ERR_FORBIDDEN, NULL, "คุณแก้ไขเอกสารนี้ไม่ได้", "You may not edit this document.");
	return rc;
}

/* Whether the actor may place documents in `unit_id`: their own division,
 * unless they are an admin or the operator. */
static int check_own_division(struct db *db, const struct actor *a, int64_t unit_id, const char *th,
			      const char *en)
{
	if (a->operator || (a->roles & ROLE_ADMIN))
		return 0;
	int64_t div = 0;
	int rc = db_query_int(db, "SELECT coalesce(division_id, 0) FROM units WHERE id = $1",
			      DB_ARGS(DB_INT(unit_id)), &div);
	if (!rc && div != a->division_id)
		rc = err_fail(ERR_FORBIDDEN, "unit_id", th, en);
	return rc;
}

int doc_create(struct db *db, const struct actor *a, const struct doc_input *in, int64_t *id_out,
	       int64_t *rev_out)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	int rc = db_begin(db);
	if (rc)
		return rc;
	int64_t id = 0, now = clock_now();
	rc = check_input(db, a, in, true);
	/* Only someone who may edit the unit's documents may create one there. */
	if (!rc)
		rc = check_own_division(db, a, in->unit_id, "สร้างเอกสารได้เฉพาะในหน่วยงานของตนเอง",
					"You can create documents for your own unit only.");
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO documents (org_id, unit_id, kind, knowledge_type, visibility,"
				  " title, summary, review_due, created_by, created_at, updated_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(in->unit_id), DB_TEXT(in->kind),
					  DB_TEXT(in->knowledge_type ? in->knowledge_type : "explicit"),
					  DB_TEXT(in->visibility ? in->visibility : "org"), DB_TEXT(in->title),
					  DB_TEXT(in->summary ? in->summary : ""),
					  in->review_due && in->review_due[0] ? DB_TEXT(in->review_due) : DB_NULL,
					  DB_ID_OR_NULL(a->account_id), DB_INT(now)),
				  &id);
	if (!rc)
		rc = add_revision(db, a, id, in->title, in->summary ? in->summary : "",
				  in->body_md ? in->body_md : "", in->note ? in->note : "สร้างเอกสาร", rev_out);
	if (!rc && in->tags)
		rc = set_tags(db, a->org_id, id, in->tags);
	if (!rc && in->covers_set)
		rc = set_covers(db, a->org_id, id, in->covers, in->ncovers);
	if (!rc && a->person_id)
		rc = db_exec(db, "INSERT INTO document_authors (document_id, org_id, person_id) VALUES ($1, $2, $3)",
			     DB_ARGS(DB_INT(id), DB_INT(a->org_id), DB_INT(a->person_id)));
	if (!rc)
		rc = doc_index(db, id);
	if (!rc)
		rc = audit_log(db, a, "doc.create", "document", id, in->title);
	if ((rc = db_end(db, rc)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int doc_update(struct db *db, const struct actor *a, int64_t id, const struct doc_input *in,
	       int64_t *rev_out)
{
	struct doc_row r;
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = begin_edit(db, a, id, &r);
	if (!rc)
		rc = check_input(db, a, in, false);
	/* Moving a document to another unit follows the rule of creation. */
	if (!rc && in->unit_id > 0 && in->unit_id != r.unit_id)
		rc = check_own_division(db, a, in->unit_id, "ย้ายเอกสารได้เฉพาะภายในหน่วยงานของตนเอง",
					"You can move documents within your own unit only.");
	/* Who may publish decides who widens or narrows a published document's
	 * readers: an edit alone must not make a unit's manual public. */
	if (!rc && in->visibility && strcmp(in->visibility, r.visibility) && r.published_revision_id &&
	    !a->operator && !(a->roles & ROLE_ADMIN) &&
	    !((a->roles & ROLE_UNIT_HEAD) && a->division_id == r.acc.division_id))
		rc = err_fail(ERR_FORBIDDEN, "visibility",
			      "การเปลี่ยนการเผยแพร่ของเอกสารที่เผยแพร่แล้วต้องเป็นหัวหน้าหน่วยงานหรือผู้ดูแลระบบ",
			      "Only the unit's head or an admin changes who may read a published document.");
	if (!rc && in->base_revision_id != r.current_revision_id)
		rc = err_fail(ERR_CONFLICT, "base_revision_id",
			      "มีผู้บันทึกฉบับใหม่กว่าระหว่างที่คุณแก้ไข ข้อความของคุณยังอยู่ด้านล่าง โปรดรวมแล้วบันทึกอีกครั้ง",
			      "Someone saved a newer revision while you were editing. Your text is kept below: merge and save again.");
	/* The new revision starts from the current one for fields not given. */
	json_t *cur = NULL;
	if (!rc)
		rc = db_query_json_one(db, "SELECT title, summary, body_md FROM document_revisions WHERE id = $1",
				       DB_ARGS(DB_INT(r.current_revision_id)), &cur);
	if (!rc) {
		const char *title = in->title ? in->title : json_string_value(json_object_get(cur, "title"));
		const char *summary = in->summary ? in->summary : json_string_value(json_object_get(cur, "summary"));
		const char *body = in->body_md ? in->body_md : json_string_value(json_object_get(cur, "body_md"));
		rc = add_revision(db, a, id, title, summary, body, in->note, rev_out);
	}
	json_decref(cur);
	if (!rc)
		rc = db_exec(db,
			     "UPDATE documents SET kind = coalesce($1, kind), visibility = coalesce($2, visibility),"
			     " knowledge_type = coalesce($3, knowledge_type),"
			     " unit_id = CASE WHEN $4 > 0 THEN $4 ELSE unit_id END,"
			     " review_due = CASE WHEN $5 IS NULL THEN review_due WHEN $5 = '' THEN NULL ELSE $5 END"
			     " WHERE id = $6",
			     DB_ARGS(DB_TEXT(in->kind), DB_TEXT(in->visibility), DB_TEXT(in->knowledge_type),
				     DB_INT(in->unit_id), DB_TEXT(in->review_due), DB_INT(id)));
	if (!rc && in->tags)
		rc = set_tags(db, a->org_id, id, in->tags);
	if (!rc && in->covers_set)
		rc = set_covers(db, a->org_id, id, in->covers, in->ncovers);
	if (!rc && a->person_id)
		rc = db_exec(db,
			     "INSERT INTO document_authors (document_id, org_id, person_id) VALUES ($1, $2, $3)"
			     " ON CONFLICT DO NOTHING",
			     DB_ARGS(DB_INT(id), DB_INT(a->org_id), DB_INT(a->person_id)));
	if (!rc)
		rc = doc_index(db, id);
	if (!rc)
		rc = audit_log(db, a, "doc.update", "document", id, in->note);
	rc = db_end(db, rc);
	return rc;
}

int doc_restore(struct db *db, const struct actor *a, int64_t id, int64_t revision_id,
		int64_t *rev_out)
{
	struct doc_row r;
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = begin_edit(db, a, id, &r);
	json_t *old = NULL;
	if (!rc) {
		rc = db_query_json_one(db,
				       "SELECT number, title, summary, body_md FROM document_revisions"
				       " WHERE id = $1 AND document_id = $2",
				       DB_ARGS(DB_INT(revision_id), DB_INT(id)), &old);
		if (rc == ERR_NOTFOUND)
			err_fail(rc, "revision_id", "ไม่พบฉบับแก้ไขนี้", "No such revision.");
	}
	if (!rc) {
		char note[64];
		snprintf(note, sizeof note, "นำฉบับที่ %lld กลับมาใช้",
			 (long long)json_integer_value(json_object_get(old, "number")));
		rc = add_revision(db, a, id, json_string_value(json_object_get(old, "title")),
				  json_string_value(json_object_get(old, "summary")),
				  json_string_value(json_object_get(old, "body_md")), note, rev_out);
	}
	json_decref(old);
	if (!rc)
		rc = doc_index(db, id);
	if (!rc)
		rc = audit_log(db, a, "doc.restore", "document", id, NULL);
	rc = db_end(db, rc);
	return rc;
}

static json_t *labels(json_t *row)
{
	const char *kind = json_string_value(json_object_get(row, "kind"));
	json_object_set_new(row, "kind_th", json_string(doc_kind_label_th(kind)));
	json_object_set_new(row, "kind_en", json_string(doc_kind_label_en(kind)));
	return row;
}

int doc_get(struct db *db, const struct actor *a, int64_t id, int64_t revision_id, json_t **out)
{
	struct doc_row r;
	int rc = doc_load_row(db, a, id, &r);
	if (rc)
		return rc;
	bool editor = doc_may_edit(a, &r.acc);
	/* Readers see the published revision; editors the newest. */
	int64_t rev = r.published_revision_id;
	if (editor || !rev)
		rev = r.current_revision_id;
	if (revision_id > 0) {
		if (!editor && revision_id != r.published_revision_id && !(a->roles & (ROLE_ADMIN | ROLE_COMMITTEE | ROLE_EXECUTIVE)))
			return err_fail(ERR_NOTFOUND, NULL, "ไม่พบฉบับแก้ไขนี้", "No such revision.");
		rev = revision_id;
	}
	json_t *doc = NULL, *revision = NULL, *tags = NULL, *covers = NULL, *authors = NULL;
	rc = db_query_json_one(db,
			       "SELECT d.id, d.kind, d.knowledge_type, d.visibility, d.status, d.unit_id,"
			       " u.name AS unit_name, d.review_due, d.published_at, d.published_fy,"
			       " d.retired_at, d.retired_reason, d.views, d.created_at, d.updated_at,"
			       " d.current_revision_id, d.published_revision_id,"
			       " coalesce(d.pending_state, d.status) AS state, d.rejected_reason"
			       " FROM documents d LEFT JOIN units u ON u.id = d.unit_id WHERE d.id = $1",
			       DB_ARGS(DB_INT(id)), &doc);
	if (!rc) {
		rc = db_query_json_one(db,
				       "SELECT id, number, title, summary, body_md, note, author_name, created_at"
				       " FROM document_revisions WHERE id = $1 AND document_id = $2",
				       DB_ARGS(DB_INT(rev), DB_INT(id)), &revision);
		if (rc == ERR_NOTFOUND)
			err_fail(rc, NULL, "ไม่พบฉบับแก้ไขนี้", "No such revision.");
	}
	if (!rc)
		rc = db_query_json(db, "SELECT tag FROM document_tags WHERE document_id = $1 ORDER BY tag",
				   DB_ARGS(DB_INT(id)), 0, &tags);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT k.id, k.title, s.number AS issue_number, s.title AS issue_title"
				   " FROM document_coverage c JOIN required_knowledge k ON k.id = c.rk_id"
				   " JOIN strategic_issues s ON s.id = k.issue_id"
				   " WHERE c.document_id = $1 ORDER BY s.number, k.sort",
				   DB_ARGS(DB_INT(id)), 0, &covers);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT p.id, p.name, p.position FROM document_authors x"
				   " JOIN people p ON p.id = x.person_id WHERE x.document_id = $1 ORDER BY p.name",
				   DB_ARGS(DB_INT(id)), 0, &authors);
	if (rc) {
		json_decref(doc);
		json_decref(revision);
		json_decref(tags);
		json_decref(covers);
		return rc;
	}
	json_t *tag_list = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t) json_array_append(tag_list, json_object_get(t, "tag"));
	json_decref(tags);
	labels(doc);
	json_object_set_new(doc, "title", json_incref(json_object_get(revision, "title")));
	json_object_set_new(doc, "revision", revision);
	json_object_set_new(doc, "tags", tag_list);
	json_object_set_new(doc, "covers", covers);
	json_object_set_new(doc, "authors", authors);
	json_object_set_new(doc, "can_edit", json_boolean(editor));
	json_object_set_new(doc, "has_unpublished",
			    json_boolean(r.published_revision_id && r.current_revision_id != r.published_revision_id));
	json_object_set_new(doc, "is_published_revision", json_boolean(rev == r.published_revision_id));
	/* Readers' responses: helpful or not, and "I have read this version". */
	json_t *fb = NULL;
	rc = db_query_json_one(db,
			       "SELECT coalesce(sum(helpful), 0) AS helpful, count(*) - coalesce(sum(helpful), 0) AS not_helpful,"
			       " (SELECT count(*) FROM document_reads x WHERE x.revision_id = $2) AS reads,"
			       " (SELECT count(*) FROM document_reads x WHERE x.revision_id = $2 AND x.account_id = $3) AS read_by_me"
			       " FROM document_feedback WHERE document_id = $1",
			       DB_ARGS(DB_INT(id), DB_INT(r.published_revision_id), DB_INT(a->account_id)), &fb);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	json_object_set_new(doc, "responses", fb);
	*out = doc;
	return 0;
}

int doc_list(struct db *db, const struct actor *a, const struct doc_filter *f, int page,
	     int per_page, json_t **items, int64_t *total)
{
	if (per_page < 1 || per_page > DOC_LIST_MAX)
		per_page = DOC_LIST_MAX;
	if (page < 1)
		page = 1;
	const char *status = f->status && f->status[0] ? f->status : "published";
	int all = doc_reads_all(a) ? 1 : 0;
	int logged = (a->account_id || a->operator) ? 1 : 0;
	/* The reading rules of doc_may_read, as SQL over the same facts. */
#define VISIBLE                                                                                   \
	" d.org_id = $1 AND ($2 = 1 OR d.visibility = 'public')"                                  \
	" AND (CASE WHEN d.status IN ('published', 'retired')"                                    \
	"   THEN (d.visibility <> 'unit' OR $3 = 1 OR (u.division_id = $4 AND $4 > 0))"           \
	"   ELSE ($3 = 1 OR (u.division_id = $4 AND $4 > 0) OR (d.created_by = $5 AND $5 > 0)) END)" \
	" AND d.status = $6 AND ($7 = '' OR d.kind = $7)"                                          \
	" AND ($8 = 0 OR u.division_id = (SELECT division_id FROM units WHERE id = $8))"          \
	" AND ($9 = '' OR EXISTS (SELECT 1 FROM document_tags t WHERE t.document_id = d.id AND t.tag = $9))" \
	" AND ($10 = 0 OR EXISTS (SELECT 1 FROM document_coverage c JOIN required_knowledge k ON k.id = c.rk_id" \
	"   WHERE c.document_id = d.id AND k.issue_id = $10))"                                    \
	" AND ($11 = 0 OR EXISTS (SELECT 1 FROM document_coverage c WHERE c.document_id = d.id AND c.rk_id = $11))" \
	" AND ($12 = 0 OR d.published_fy = $12) AND ($13 = 0 OR d.visibility = 'public')"     \
	" AND ($16 = '' OR d.review_due <= $16) AND ($17 = 0 OR d.updated_at < $17)"
	struct db_arg args[] = {
		DB_INT(a->org_id), DB_INT(logged), DB_INT(all), DB_INT(a->account_id ? a->division_id : 0),
		DB_INT(a->account_id), DB_TEXT(status), DB_TEXT(f->kind ? f->kind : ""), DB_INT(f->unit_id),
		DB_TEXT(f->tag ? f->tag : ""), DB_INT(f->issue_id), DB_INT(f->rk_id), DB_INT(f->fy),
		DB_INT(f->public_only ? 1 : 0), DB_INT(per_page), DB_INT((int64_t)(page - 1) * per_page),
		DB_TEXT(f->due_by ? f->due_by : ""), DB_INT(f->stale_before),
	};
	/* The count leaves $14 and $15 (paging) unused. */
	int rc = db_query_int(db, "SELECT count(*) FROM documents d LEFT JOIN units u ON u.id = d.unit_id WHERE" VISIBLE,
			      args, 17, total);
	if (rc)
		return rc;
	/* A published document is listed by its published title and summary
	 * (an unpublished edit is not shown before publication). */
#define LISTED_TITLE                                                          \
	" CASE WHEN pr.id IS NULL THEN d.title ELSE pr.title END AS title,"  \
	" CASE WHEN pr.id IS NULL THEN d.summary ELSE pr.summary END AS summary"
	bool by_title = f->order && !strcmp(f->order, "title");
	bool by_review = f->order && !strcmp(f->order, "review");
	if (by_review)
		rc = db_query_json(db,
				   "SELECT d.id," LISTED_TITLE ", d.kind, d.status, d.visibility, d.unit_id,"
				   " u.name AS unit_name, d.published_fy, d.updated_at, d.views, d.review_due"
				   " FROM documents d LEFT JOIN units u ON u.id = d.unit_id"
				   " LEFT JOIN document_revisions pr ON pr.id = d.published_revision_id WHERE" VISIBLE
				   " ORDER BY d.review_due, d.title LIMIT $14 OFFSET $15",
				   args, 17, 0, items);
	else if (by_title)
		rc = db_query_json(db,
				   "SELECT d.id," LISTED_TITLE ", d.kind, d.status, d.visibility, d.unit_id,"
				   " u.name AS unit_name, d.published_fy, d.updated_at, d.views"
				   " FROM documents d LEFT JOIN units u ON u.id = d.unit_id"
				   " LEFT JOIN document_revisions pr ON pr.id = d.published_revision_id WHERE" VISIBLE
				   " ORDER BY 2 LIMIT $14 OFFSET $15",
				   args, 17, 0, items);
	else
		rc = db_query_json(db,
				   "SELECT d.id," LISTED_TITLE ", d.kind, d.status, d.visibility, d.unit_id,"
				   " u.name AS unit_name, d.published_fy, d.updated_at, d.views"
				   " FROM documents d LEFT JOIN units u ON u.id = d.unit_id"
				   " LEFT JOIN document_revisions pr ON pr.id = d.published_revision_id WHERE" VISIBLE
				   " ORDER BY d.updated_at DESC, d.id DESC LIMIT $14 OFFSET $15",
				   args, 17, 0, items);
#undef VISIBLE
#undef LISTED_TITLE
	if (rc)
		return rc;
	size_t i;
	json_t *row;
	json_array_foreach(*items, i, row) labels(row);
	return 0;
}

int doc_revisions(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	struct doc_row r;
	int rc = doc_load_row(db, a, id, &r);
	if (rc)
		return rc;
	if (!doc_may_edit(a, &r.acc) && !doc_reads_all(a))
		return err_fail(ERR_FORBIDDEN, NULL, "ประวัติการแก้ไขเปิดได้เฉพาะผู้แก้ไขและผู้ทบทวน",
				"The history is open to editors and reviewers.");
	rc = db_query_json(db,
			   "SELECT id, number, title, note, author_name, created_at,"
			   " CASE WHEN id = $2 THEN 1 ELSE 0 END AS published,"
			   " CASE WHEN id = $3 THEN 1 ELSE 0 END AS current"
			   " FROM document_revisions WHERE document_id = $1 ORDER BY number DESC",
			   DB_ARGS(DB_INT(id), DB_INT(r.published_revision_id), DB_INT(r.current_revision_id)),
			   0, out);
	return rc;
}

int doc_revision_texts(struct db *db, const struct actor *a, int64_t id, int64_t rev_a,
		       int64_t rev_b, json_t **out)
{
	json_t *list = NULL;
	int rc = doc_revisions(db, a, id, &list);
	json_decref(list);
	if (rc)
		return rc;
	rc = db_query_json(db,
			   "SELECT id, number, title, summary, body_md, author_name, created_at"
			   " FROM document_revisions WHERE document_id = $1 AND id IN ($2, $3) ORDER BY number",
			   DB_ARGS(DB_INT(id), DB_INT(rev_a), DB_INT(rev_b)), 0, out);
	if (!rc && json_array_size(*out) != (rev_a == rev_b ? 1u : 2u)) {
		json_decref(*out);
		*out = NULL;
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบฉบับแก้ไขที่เลือก", "No such revision.");
	}
	return rc;
}

int doc_count_view(struct db *db, int64_t org_id, int64_t id)
{
	return db_exec(db, "UPDATE documents SET views = views + 1 WHERE id = $1 AND org_id = $2",
		       DB_ARGS(DB_INT(id), DB_INT(org_id)));
}

int doc_acknowledge(struct db *db, const struct actor *a, int64_t id)
{
	struct doc_row r;
	if (!a->account_id)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	int rc = doc_load_row(db, a, id, &r);
	if (rc)
		return rc;
	if (!r.published_revision_id)
		return err_fail(ERR_INVAL, NULL, "เอกสารนี้ยังไม่เผยแพร่", "This document is not published.");
	return db_exec(db,
		       "INSERT INTO document_reads (document_id, revision_id, account_id, org_id, at)"
		       " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
		       DB_ARGS(DB_INT(id), DB_INT(r.published_revision_id), DB_INT(a->account_id),
			       DB_INT(a->org_id), DB_INT(clock_now())));
}

int doc_feedback(struct db *db, const struct actor *a, int64_t id, bool helpful, const char *comment)
{
	struct doc_row r;
	if (!a->account_id)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	int rc = doc_load_row(db, a, id, &r);
	if (rc || (rc = check_text("comment", comment, 2000, false, false,
				   "ความเห็นยาวเกิน 2,000 ตัวอักษร", "The comment is over 2,000 characters.")))
		return rc;
	return db_exec(db,
		       "INSERT INTO document_feedback (document_id, org_id, account_id, helpful, comment, at)"
		       " VALUES ($1, $2, $3, $4, $5, $6)",
		       DB_ARGS(DB_INT(id), DB_INT(a->org_id), DB_INT(a->account_id), DB_INT(helpful ? 1 : 0),
			       DB_TEXT(comment ? comment : ""), DB_INT(clock_now())));
}

int doc_template_dup(struct db *db, const struct actor *a, const char *kind, char **out)
{
	if (!doc_kind_valid(kind))
		return err_fail(ERR_INVAL, "kind", "ประเภทเอกสารไม่ถูกต้อง", "Unknown kind of document.");
	struct db_stmt *st;
	int rc = db_query(db, "SELECT body_md FROM doc_templates WHERE org_id = $1 AND kind = $2",
			  DB_ARGS(DB_INT(a->org_id), DB_TEXT(kind)), &st);
	if (rc)
		return rc;
	rc = db_step(st);
	const char *text = rc == DB_ROW ? db_col_text(st, 0, NULL) : doc_template_builtin(kind);
	*out = rc >= 0 ? strdup(text) : NULL;
	db_done(st);
	if (rc < 0)
		return rc;
	return *out ? 0 : ERR_NOMEM;
}

int doc_template_set(struct db *db, const struct actor *a, const char *kind, const char *body)
{
	int rc = authz_require(a, PERM_UNITS_EDIT); /* admins */
	if (rc)
		return rc;
	if (!doc_kind_valid(kind))
		return err_fail(ERR_INVAL, "kind", "ประเภทเอกสารไม่ถูกต้อง", "Unknown kind of document.");
	if (!body || strlen(body) > 64 * 1024 || !utf8_valid_text(body, strlen(body)))
		return err_fail(ERR_INVAL, "body_md", "แม่แบบต้องเป็นข้อความไม่เกิน 64 KB",
				"A template is text of at most 64 KB.");
	rc = db_exec(db,
		     "INSERT INTO doc_templates (org_id, kind, body_md, updated_at) VALUES ($1, $2, $3, $4)"
		     " ON CONFLICT (org_id, kind) DO UPDATE SET body_md = excluded.body_md,"
		     " updated_at = excluded.updated_at",
		     DB_ARGS(DB_INT(a->org_id), DB_TEXT(kind), DB_TEXT(body), DB_INT(clock_now())));
	if (!rc)
		rc = audit_log(db, a, "doc.template", "doc_template", 0, kind);
	return rc;
}
