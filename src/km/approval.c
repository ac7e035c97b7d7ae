/* approval: approval memos — issued, read, listed, rendered. */
#include "km/approval.h"

#include <stdio.h>
#include <string.h>

#include "core/cal.h"
#include "export/memo.h"
#include "km/doc.h"
#include "store/db.h"
#include "store/db_json.h"

int approval_memo_issue(struct db *db, const struct actor *approver, int64_t doc_id,
			int64_t transition_id, int64_t *memo_id)
{
	json_t *t = NULL, *reviewers = NULL, *submit = NULL;
	int rc = db_query_json_one(db,
				   "SELECT t.revision_id, t.at, t.actor_name, t.actor_position, t.comment,"
				   " v.number, v.title, d.kind, d.unit_id, coalesce(u.name, '') AS unit_name,"
				   " o.name AS org_name"
				   " FROM document_transitions t JOIN document_revisions v ON v.id = t.revision_id"
				   " JOIN documents d ON d.id = t.document_id JOIN organisations o ON o.id = d.org_id"
				   " LEFT JOIN units u ON u.id = d.unit_id WHERE t.id = $1 AND t.document_id = $2",
				   DB_ARGS(DB_INT(transition_id), DB_INT(doc_id)), &t);
	int64_t rev = rc ? 0 : json_integer_value(json_object_get(t, "revision_id"));
	/* Who proposed and who reviewed this revision since it was submitted. */
	if (!rc)
		rc = db_query_json_one(db,
				       "SELECT id, actor_name, actor_position, at FROM document_transitions"
				       " WHERE document_id = $1 AND revision_id = $2 AND action = 'submit'"
				       " ORDER BY id DESC LIMIT 1",
				       DB_ARGS(DB_INT(doc_id), DB_INT(rev)), &submit);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT actor_name AS name, actor_position AS position, at"
				   " FROM document_transitions WHERE document_id = $1 AND revision_id = $2"
				   " AND action = 'review' AND id > $3 ORDER BY id",
				   DB_ARGS(DB_INT(doc_id), DB_INT(rev),
					   DB_INT(json_integer_value(json_object_get(submit, "id")))),
				   0, &reviewers);
	char *rev_text = rc ? NULL : json_dumps(reviewers, JSON_COMPACT);
	if (!rc && !rev_text)
		rc = ERR_NOMEM;
	int64_t at = rc ? 0 : json_integer_value(json_object_get(t, "at"));
	int fy = cal_fiscal_year(cal_from_unix(at));
	int64_t id = 0;
	/* The number is taken inside the writer's transaction: no two memos of
	 * a year share one (and UNIQUE says so if they ever tried). */
	if (!rc)
		rc = db_query_int(
			db,
			"INSERT INTO approval_memos (org_id, fy, number, document_id, revision_id, revision_number,"
			" transition_id, org_name, unit_id, unit_name, kind, title, approver_account_id,"
			" approver_name, approver_position, reviewers, submitter_name, submitter_position,"
			" comment, approved_at)"
			" VALUES ($1, $2, (SELECT coalesce(max(number), 0) + 1 FROM approval_memos"
			" WHERE org_id = $1 AND fy = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
			" $15, $16, $17, $18, $19) RETURNING id",
			DB_ARGS(DB_INT(approver->org_id), DB_INT(fy), DB_INT(doc_id), DB_INT(rev),
				DB_INT(json_integer_value(json_object_get(t, "number"))), DB_INT(transition_id),
				DB_TEXT(json_string_value(json_object_get(t, "org_name"))),
				DB_ID_OR_NULL(json_integer_value(json_object_get(t, "unit_id"))),
				DB_TEXT(json_string_value(json_object_get(t, "unit_name"))),
				DB_TEXT(json_string_value(json_object_get(t, "kind"))),
				DB_TEXT(json_string_value(json_object_get(t, "title"))),
				DB_ID_OR_NULL(approver->account_id),
				DB_TEXT(json_string_value(json_object_get(t, "actor_name"))),
				DB_TEXT(json_string_value(json_object_get(t, "actor_position"))), DB_TEXT(rev_text),
				DB_TEXT(json_string_value(json_object_get(submit, "actor_name"))),
				DB_TEXT(json_string_value(json_object_get(submit, "actor_position"))),
				DB_TEXT(json_string_value(json_object_get(t, "comment"))), DB_INT(at)),
			&id);
	/* json_dumps allocates with jansson's allocator (an arena's, in a
	 * request): freed by its pair. */
	json_malloc_t jm;
	json_free_t jf;
	json_get_alloc_funcs(&jm, &jf);
	if (rev_text)
		jf(rev_text);
	json_decref(t);
	json_decref(reviewers);
	json_decref(submit);
	if (!rc && memo_id)
		*memo_id = id;
	return rc;
}

/* A Thai string with Thai digits, as a JSON string. */
static json_t *thai(struct buf *b)
{
	struct buf t;
	buf_init(&t, 1 << 16);
	cal_thai_digits(&t, buf_cstr(b), strlen(buf_cstr(b)));
	json_t *s = json_string(buf_cstr(&t));
	buf_release(&t);
	buf_reset(b);
	return s;
}

static void date_th(struct buf *b, int64_t at)
{
	cal_format_th(b, cal_from_unix(at), 0);
}

/* The memo's text, composed once for the page and the PDF. */
static void compose(json_t *m)
{
	const char *org = json_string_value(json_object_get(m, "org_name"));
	const char *unit = json_string_value(json_object_get(m, "unit_name"));
	const char *kind = json_string_value(json_object_get(m, "kind"));
	const char *kind_th = doc_kind_label_th(kind);
	const char *title = json_string_value(json_object_get(m, "title"));
	const char *approver_pos = json_string_value(json_object_get(m, "approver_position"));
	const char *submitter = json_string_value(json_object_get(m, "submitter_name"));
	const char *submitter_pos = json_string_value(json_object_get(m, "submitter_position"));
	const char *comment = json_string_value(json_object_get(m, "comment"));
	int64_t at = json_integer_value(json_object_get(m, "approved_at"));
	json_t *reviewers = json_loads(json_string_value(json_object_get(m, "reviewers")), 0, NULL);
	if (!json_is_array(reviewers)) {
		json_decref(reviewers);
		reviewers = json_array();
	}
	struct buf b;
	buf_init(&b, 1 << 16);
	buf_printf(&b, "%lld/%lld", (long long)json_integer_value(json_object_get(m, "number")),
		   (long long)json_integer_value(json_object_get(m, "fy")));
	json_object_set_new(m, "number_th", thai(&b));
	date_th(&b, at);
	json_object_set_new(m, "date_th", thai(&b));
	buf_printf(&b, "%s%s%s", unit && unit[0] ? unit : "", unit && unit[0] ? " " : "", org);
	json_object_set_new(m, "agency", thai(&b));
	buf_printf(&b, "ขออนุมัติเผยแพร่%s เรื่อง %s", kind_th, title);
	json_object_set_new(m, "subject", thai(&b));
	buf_puts(&b, approver_pos && approver_pos[0] ? approver_pos : "ผู้บริหาร");
	json_object_set_new(m, "to", thai(&b));

	json_t *paras = json_array();
	buf_printf(&b,
		   "ตามที่%sได้จัดทำแผนการจัดการความรู้ กำหนดให้ส่วนราชการจัดทำองค์ความรู้และคู่มือ"
		   "การปฏิบัติงาน ซึ่งต้องผ่านการทบทวนและได้รับอนุมัติจากผู้บริหารก่อนเผยแพร่ นั้น",
		   org);
	json_array_append_new(paras, thai(&b));
	buf_printf(&b, "%sได้จัดทำ%s เรื่อง \"%s\" ฉบับแก้ไขที่ %lld", unit && unit[0] ? unit : org,
		   kind_th, title, (long long)json_integer_value(json_object_get(m, "revision_number")));
	if (submitter && submitter[0])
		buf_printf(&b, " เสนอโดย %s%s%s", submitter, submitter_pos && submitter_pos[0] ? " ตำแหน่ง " : "",
			   submitter_pos ? submitter_pos : "");
	size_t i;
	json_t *r;
	json_array_foreach(reviewers, i, r)
	{
		buf_printf(&b, "%s%s%s%s", i ? " และ" : " และผ่านการทบทวนโดย ",
			   json_string_value(json_object_get(r, "name")),
			   json_string_value(json_object_get(r, "position"))[0] ? " ตำแหน่ง " : "",
			   json_string_value(json_object_get(r, "position")));
		buf_puts(&b, " เมื่อวันที่ ");
		date_th(&b, json_integer_value(json_object_get(r, "at")));
	}
	buf_puts(&b, " รายละเอียดตามเอกสารที่แนบมาพร้อมนี้");
	json_array_append_new(paras, thai(&b));
	buf_printf(&b, "จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติให้เผยแพร่%sดังกล่าว%s", kind_th,
		   !strcmp(kind, "citizen_manual") ? "ต่อประชาชนผ่านเว็บไซต์ของหน่วยงาน" : "ในคลังความรู้ของหน่วยงาน");
	json_array_append_new(paras, thai(&b));
	if (comment && comment[0]) {
		buf_printf(&b, "ความเห็นของผู้อนุมัติ: %s", comment);
		json_array_append_new(paras, thai(&b));
	}
	json_object_set_new(m, "paras", paras);

	json_t *signers = json_array();
	if (submitter && submitter[0]) {
		buf_puts(&b, submitter_pos ? submitter_pos : "");
		json_array_append_new(signers, json_pack("{s:s, s:s, s:o, s:n}", "caption", "ผู้เสนอ", "name",
							 submitter, "position", thai(&b), "date"));
	}
	json_array_foreach(reviewers, i, r)
	{
		buf_puts(&b, json_string_value(json_object_get(r, "position")));
		json_t *pos = thai(&b);
		date_th(&b, json_integer_value(json_object_get(r, "at")));
		json_array_append_new(signers, json_pack("{s:s, s:s, s:o, s:o}", "caption", "ผู้ทบทวน", "name",
							 json_string_value(json_object_get(r, "name")), "position",
							 pos, "date", thai(&b)));
	}
	buf_puts(&b, approver_pos ? approver_pos : "");
	json_t *pos = thai(&b);
	date_th(&b, at);
	json_array_append_new(signers, json_pack("{s:s, s:s, s:o, s:o}", "caption", "อนุมัติ", "name",
						 json_string_value(json_object_get(m, "approver_name")), "position",
						 pos, "date", thai(&b)));
	json_object_set_new(m, "signers", signers);
	buf_printf(&b, "ออกโดยระบบคลังความรู้ (klang) · เอกสารรหัส %lld ฉบับแก้ไขที่ %lld (รหัสฉบับ %lld)",
		   (long long)json_integer_value(json_object_get(m, "document_id")),
		   (long long)json_integer_value(json_object_get(m, "revision_number")),
		   (long long)json_integer_value(json_object_get(m, "revision_id")));
	json_object_set_new(m, "footer", thai(&b));
	json_object_set_new(m, "kind_th", json_string(kind_th));
	json_object_del(m, "reviewers"); /* the stored form: the signers say it */
	buf_release(&b);
	json_decref(reviewers);
}

#define MEMO_COLUMNS                                                                               \
	"m.id, m.fy, m.number, m.document_id, m.revision_id, m.revision_number, m.org_name, m.unit_name," \
	" m.kind, m.title, m.approver_name, m.approver_position, m.reviewers, m.submitter_name,"        \
	" m.submitter_position, m.comment, m.approved_at"

int approval_memo_get(struct db *db, const struct actor *a, int64_t doc_id, int64_t memo_id,
		      json_t **out)
{
	struct doc_row r;
	int rc = doc_load_row(db, a, doc_id, &r);
	if (rc)
		return rc;
	rc = db_query_json_one(db,
			       "SELECT " MEMO_COLUMNS " FROM approval_memos m WHERE m.document_id = $1"
			       " AND m.org_id = $2 AND ($3 = 0 OR m.id = $3) ORDER BY m.id DESC LIMIT 1",
			       DB_ARGS(DB_INT(doc_id), DB_INT(a->org_id), DB_INT(memo_id)), out);
	if (rc == ERR_NOTFOUND)
		return err_fail(rc, NULL, "เอกสารนี้ยังไม่มีบันทึกอนุมัติ", "This document has no approval memo.");
	if (!rc)
		compose(*out);
	return rc;
}

int approval_memo_pdf(struct db *db, const struct actor *a, int64_t doc_id, int64_t memo_id,
		      struct buf *out)
{
	json_t *m = NULL;
	int rc = approval_memo_get(db, a, doc_id, memo_id, &m);
	if (rc)
		return rc;
	struct memo_doc d;
	memset(&d, 0, sizeof d);
	d.agency = json_string_value(json_object_get(m, "agency"));
	d.number = json_string_value(json_object_get(m, "number_th"));
	d.date = json_string_value(json_object_get(m, "date_th"));
	d.subject = json_string_value(json_object_get(m, "subject"));
	d.to = json_string_value(json_object_get(m, "to"));
	d.footer = json_string_value(json_object_get(m, "footer"));
	d.thai_digits = true;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(m, "paras"), i, x)
	{
		if (d.nparas < MEMO_PARAS_MAX)
			d.paras[d.nparas++] = json_string_value(x);
	}
	json_t *signers = json_object_get(m, "signers");
	/* The approver is last; if there were ever more signers than the form
	 * holds, the first reviewers give way, never the approver. */
	size_t n = json_array_size(signers), skip = n > MEMO_SIGNERS_MAX ? n - MEMO_SIGNERS_MAX : 0;
	json_array_foreach(signers, i, x)
	{
		if (i && i <= skip)
			continue;
		struct memo_signer *s = &d.signers[d.nsigners++];
		s->caption = json_string_value(json_object_get(x, "caption"));
		s->name = json_string_value(json_object_get(x, "name"));
		s->position = json_string_value(json_object_get(x, "position"));
		s->date = json_string_value(json_object_get(x, "date"));
	}
	rc = memo_pdf_render(&d, out);
	json_decref(m);
	return rc;
}

int approval_memo_list(struct db *db, const struct actor *a, int fy, json_t **out)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	json_t *rows = NULL;
	int rc = db_query_json(db,
			       "SELECT " MEMO_COLUMNS " FROM approval_memos m WHERE m.org_id = $1"
			       " AND ($2 = 0 OR m.fy = $2) ORDER BY m.fy DESC, m.number LIMIT 5000",
			       DB_ARGS(DB_INT(a->org_id), DB_INT(fy)), 0, &rows);
	if (rc)
		return rc;
	json_t *list = json_array();
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m)
	{
		struct doc_row r;
		int c = doc_load_row(db, a, json_integer_value(json_object_get(m, "document_id")), &r);
		if (c == ERR_NOTFOUND) {
			err_clear();
			continue;
		}
		if (c) {
			rc = c;
			break;
		}
		compose(m);
		json_object_del(m, "paras");
		json_object_del(m, "signers");
		json_array_append(list, m);
	}
	json_decref(rows);
	if (rc) {
		json_decref(list);
		return rc;
	}
	*out = list;
	return 0;
}
