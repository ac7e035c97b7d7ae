/* expert: structured interviews with experts, consent, and the expert
 * knowledge draft each becomes. */
#include "km/expert.h"

#include <string.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "km/doc.h"
#include "km/workflow.h"
#include "store/db.h"
#include "store/db_json.h"

/* The six sections in the order of the document, with their headings. */
static const struct {
	const char *field;
	const char *heading;
} sections[] = {
	{"context", "บริบทของงาน"},
	{"key_tasks", "งานหลัก"},
	{"decision_rules", "หลักการตัดสินใจ"},
	{"pitfalls", "ข้อควรระวัง"},
	{"who_to_ask", "ผู้ที่ควรสอบถาม"},
	{"documents_used", "เอกสารที่ใช้"},
};
#define NSECTIONS (sizeof sections / sizeof sections[0])

static const char *section_value(const struct expert_input *in, size_t i)
{
	const char *const v[NSECTIONS] = {in->context,  in->key_tasks,  in->decision_rules,
					  in->pitfalls, in->who_to_ask, in->documents_used};
	return v[i];
}

/* What the rules need of an interview's row. */
struct interview {
	int64_t expert_person_id;
	int64_t interviewer_account_id; /* 0 when none */
	int64_t unit_id;
	int64_t division_id;
	int64_t document_id; /* 0 until the document is made */
	bool consent;
};

static bool reads_all(const struct actor *a)
{
	return a->operator || (a->account_id && (a->roles & (ROLE_ADMIN | ROLE_COMMITTEE)));
}

/* A head of the division `division_id`. */
static bool heads(const struct actor *a, int64_t division_id)
{
	return a->account_id && (a->roles & ROLE_UNIT_HEAD) && division_id && a->division_id == division_id;
}

static bool may_edit(const struct actor *a, const struct interview *iv)
{
	return reads_all(a) || heads(a, iv->division_id) ||
	       (a->account_id && a->account_id == iv->interviewer_account_id);
}

static bool is_expert(const struct actor *a, const struct interview *iv)
{
	return a->account_id && a->person_id && a->person_id == iv->expert_person_id;
}

static bool may_read(const struct actor *a, const struct interview *iv)
{
	return may_edit(a, iv) || is_expert(a, iv);
}

/* The interview for the actor: ERR_UNAUTH for the public, ERR_NOTFOUND
 * across organisations and for those who may not read it. */
static int load(struct db *db, const struct actor *a, int64_t id, struct interview *iv)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	struct db_stmt *st = NULL;
	int rc = db_query(db,
			  "SELECT i.expert_person_id, coalesce(i.interviewer_account_id, 0), i.unit_id,"
			  " coalesce(u.division_id, 0), coalesce(i.document_id, 0), i.consent_given"
			  " FROM expert_interviews i JOIN units u ON u.id = i.unit_id WHERE i.id = $1 AND i.org_id = $2",
			  DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*iv = (struct interview){db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
					 db_col_int(st, 3), db_col_int(st, 4), db_col_int(st, 5) != 0};
		rc = may_read(a, iv) ? 0 : ERR_NOTFOUND;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_done(st);
	if (rc == ERR_NOTFOUND)
		return err_fail(rc, NULL, "ไม่พบบันทึกการถอดองค์ความรู้นี้", "No such expert interview.");
	return rc;
}

/* Text of at most `max` characters, valid UTF-8; one line when asked. */
static int check_field(const char *field, const char *s, size_t max, bool one_line)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (!utf8_valid_text(s, n) || (one_line && strpbrk(s, "\r\n")))
		return err_fail(ERR_INVAL, field, "ข้อความไม่ถูกต้อง", "The text is not valid.");
	if (utf8_count(s, n) > max)
		return err_fail(ERR_TOOBIG, field, "ข้อความยาวเกินกำหนด", "The text is too long.");
	return 0;
}

static int check_tags(const char *list)
{
	int rc = check_field("tags", list, EXPERT_TAGS_CHARS, true);
	struct str rest = str_c(list ? list : ""), item;
	int count = 0;
	for (bool more = true; !rc && more && rest.len;) {
		more = str_split(rest, ',', &item, &rest);
		item = str_trim(item);
		if (item.len && (++count > EXPERT_TAGS_MAX || utf8_count(item.p, item.len) > DOC_TAG_MAX))
			rc = err_fail(ERR_TOOBIG, "tags", "แท็กได้ไม่เกิน 10 คำ คำละไม่เกิน 50 ตัวอักษร",
				      "At most 10 tags of up to 50 characters.");
	}
	return rc;
}

static int check_input(struct db *db, const struct actor *a, const struct expert_input *in, bool creating)
{
	int rc = 0;
	struct date d;
	if (creating && (!in->topic || !str_trim(str_c(in->topic)).len))
		return err_fail(ERR_INVAL, "topic", "ต้องระบุเรื่องที่ถอดองค์ความรู้", "The topic is required.");
	if (in->topic && !str_trim(str_c(in->topic)).len)
		return err_fail(ERR_INVAL, "topic", "ต้องระบุเรื่องที่ถอดองค์ความรู้", "The topic is required.");
	if ((creating || in->date) && (!in->date || cal_parse_iso(in->date, strlen(in->date), &d)))
		return err_fail(ERR_INVAL, "date", "วันที่ต้องอยู่ในรูปแบบ ปปปป-ดด-วว (ค.ศ.)", "Dates are YYYY-MM-DD.");
	if ((rc = check_field("topic", in->topic, EXPERT_TOPIC_MAX, true)) ||
	    (rc = check_field("interviewer_name", in->interviewer_name, EXPERT_NAME_MAX, true)) || (rc = check_tags(in->tags)))
		return rc;
	for (size_t i = 0; i < NSECTIONS && !rc; i++)
		rc = check_field(sections[i].field, section_value(in, i), EXPERT_TEXT_MAX, false);
	int64_t found = 1;
	if (!rc && in->rk_id > 0)
		rc = db_query_int(db, "SELECT count(*) FROM required_knowledge WHERE id = $1 AND org_id = $2",
				  DB_ARGS(DB_INT(in->rk_id), DB_INT(a->org_id)), &found);
	if (!rc && !found)
		rc = err_fail(ERR_INVAL, "rk_id", "ไม่พบองค์ความรู้ที่เลือก", "Unknown required-knowledge item.");
	return rc;
}

/* The expert's unit and its division; ERR_INVAL when the person is not of
 * the organisation or has no unit. */
static int expert_unit(struct db *db, const struct actor *a, int64_t person_id, int64_t *unit, int64_t *division)
{
	json_t *row = NULL;
	int rc = db_query_json_one(db,
				   "SELECT coalesce(p.unit_id, 0) AS unit_id, coalesce(u.division_id, 0) AS division_id"
				   " FROM people p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = $1 AND p.org_id = $2",
				   DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)), &row);
	if (rc == ERR_NOTFOUND)
		return err_fail(ERR_INVAL, "expert_person_id", "ไม่พบผู้เชี่ยวชาญในทะเบียนบุคลากร",
				"The expert is not in the staff registry.");
	if (!rc) {
		*unit = json_integer_value(json_object_get(row, "unit_id"));
		*division = json_integer_value(json_object_get(row, "division_id"));
	}
	json_decref(row);
	if (!rc && !*unit)
		rc = err_fail(ERR_INVAL, "expert_person_id", "ยังไม่ได้ระบุหน่วยงานของผู้เชี่ยวชาญในทะเบียนบุคลากร",
			      "The expert's unit is not set in the staff registry.");
	return rc;
}

/* The interviewer: an active account of the organisation that is not the
 * expert's own; `name` (cap bytes) receives a copy of its person's name,
 * or its login, cut at a character boundary. */
static int interviewer_of(struct db *db, const struct actor *a, int64_t account_id, int64_t expert,
			  char *name, size_t cap)
{
	json_t *row = NULL;
	int rc = db_query_json_one(db,
				   "SELECT coalesce(p.name, c.login) AS name, coalesce(c.person_id, 0) AS person_id"
				   " FROM accounts c LEFT JOIN people p ON p.id = c.person_id"
				   " WHERE c.id = $1 AND c.org_id = $2 AND c.disabled = 0",
				   DB_ARGS(DB_INT(account_id), DB_INT(a->org_id)), &row);
	if (rc == ERR_NOTFOUND)
		return err_fail(ERR_INVAL, "interviewer_account_id", "ไม่พบบัญชีผู้สัมภาษณ์", "Unknown interviewer account.");
	if (!rc && json_integer_value(json_object_get(row, "person_id")) == expert)
		rc = err_fail(ERR_INVAL, "interviewer_account_id", "ผู้สัมภาษณ์และผู้เชี่ยวชาญต้องเป็นคนละคนกัน",
			      "The interviewer and the expert are different people.");
	if (!rc) {
		const char *n = json_string_value(json_object_get(row, "name"));
		size_t len = utf8_cut(n, strlen(n), cap - 1);
		memcpy(name, n, len);
		name[len] = 0;
	}
	json_decref(row);
	return rc;
}

int expert_create(struct db *db, const struct actor *a, const struct expert_input *in, int64_t *id_out)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	if (in->expert_person_id <= 0)
		return err_fail(ERR_INVAL, "expert_person_id", "ต้องเลือกผู้เชี่ยวชาญ", "Choose the expert.");
	int rc = db_begin(db);
	if (rc)
		return rc;
	int64_t unit = 0, division = 0, id = 0, now = clock_now();
	int64_t interviewer = in->interviewer_account_id > 0 ? in->interviewer_account_id : a->account_id;
	char name[EXPERT_NAME_MAX * 4 + 1] = "";
	rc = check_input(db, a, in, true);
	if (!rc)
		rc = expert_unit(db, a, in->expert_person_id, &unit, &division);
	/* Naming someone else as the interviewer is for those who run the
	 * capture: the committee, admins, the heads of the expert's division. */
	if (!rc && interviewer != a->account_id && !reads_all(a) && !heads(a, division))
		rc = err_fail(ERR_FORBIDDEN, "interviewer_account_id",
			      "ผู้บันทึกต้องเป็นผู้สัมภาษณ์เอง เว้นแต่เป็นคณะกรรมการ ผู้ดูแลระบบ หรือหัวหน้าหน่วยงานของผู้เชี่ยวชาญ",
			      "Record the interviews you conduct; the committee, admins and the expert's unit heads may name another interviewer.");
	if (!rc && !interviewer && !(in->interviewer_name && str_trim(str_c(in->interviewer_name)).len))
		rc = err_fail(ERR_INVAL, "interviewer_name", "ต้องระบุผู้สัมภาษณ์", "Name the interviewer.");
	if (!rc && interviewer)
		rc = interviewer_of(db, a, interviewer, in->expert_person_id, name, sizeof name);
	if (!rc && in->interviewer_name && str_trim(str_c(in->interviewer_name)).len) {
		struct str n = str_trim(str_c(in->interviewer_name));
		memcpy(name, n.p, n.len); /* at most EXPERT_NAME_MAX characters: checked */
		name[n.len] = 0;
	}
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO expert_interviews (org_id, expert_person_id, interviewer_account_id,"
				  " interviewer_name, unit_id, topic, date, context, key_tasks, decision_rules, pitfalls,"
				  " who_to_ask, documents_used, tags, rk_id, created_by, created_at, updated_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)"
				  " RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(in->expert_person_id), DB_ID_OR_NULL(interviewer),
					  DB_TEXT(name), DB_INT(unit), DB_TEXT(in->topic), DB_TEXT(in->date),
					  DB_TEXT(in->context ? in->context : ""), DB_TEXT(in->key_tasks ? in->key_tasks : ""),
					  DB_TEXT(in->decision_rules ? in->decision_rules : ""),
					  DB_TEXT(in->pitfalls ? in->pitfalls : ""), DB_TEXT(in->who_to_ask ? in->who_to_ask : ""),
					  DB_TEXT(in->documents_used ? in->documents_used : ""), DB_TEXT(in->tags ? in->tags : ""),
					  DB_ID_OR_NULL(in->rk_id), DB_ID_OR_NULL(a->account_id), DB_INT(now)),
				  &id);
	if (!rc)
		rc = audit_log(db, a, "expert.create", "expert_interview", id, in->topic);
	rc = db_end(db, rc);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

/* Loads the interview for a change by the actor: readable, editable, and
 * not yet a document. */
static int begin_change(struct db *db, const struct actor *a, int64_t id, struct interview *iv)
{
	int rc = load(db, a, id, iv);
	if (!rc && !may_edit(a, iv))
		rc = err_fail(ERR_FORBIDDEN, NULL,
			      "แก้ไขได้เฉพาะผู้สัมภาษณ์ คณะกรรมการ ผู้ดูแลระบบ และหัวหน้าหน่วยงานของผู้เชี่ยวชาญ",
			      "Only the interviewer, the KM committee, admins and the expert's unit heads edit an interview.");
	if (!rc && iv->document_id)
		rc = err_fail(ERR_CONFLICT, NULL, "บันทึกนี้เป็นร่างเอกสารแล้ว โปรดแก้ไขที่เอกสาร",
			      "This interview became a document: edit the document instead.");
	return rc;
}

int expert_update(struct db *db, const struct actor *a, int64_t id, const struct expert_input *in)
{
	int rc = db_begin(db);
	if (rc)
		return rc;
	struct interview iv = {0};
	int64_t unit = -1, division = 0;
	rc = begin_change(db, a, id, &iv);
	if (!rc)
		rc = check_input(db, a, in, false);
	if (!rc && in->interviewer_account_id > 0 && in->interviewer_account_id != iv.interviewer_account_id)
		rc = err_fail(ERR_INVAL, "interviewer_account_id", "เปลี่ยนผู้สัมภาษณ์ไม่ได้ โปรดบันทึกใหม่",
			      "The interviewer stays: record a new interview instead.");
	bool new_expert = in->expert_person_id > 0 && in->expert_person_id != iv.expert_person_id;
	if (!rc && new_expert && iv.consent)
		rc = err_fail(ERR_CONFLICT, "expert_person_id", "ผู้เชี่ยวชาญให้ความยินยอมแล้ว จึงเปลี่ยนตัวไม่ได้",
			      "The expert has consented: the expert stays.");
	if (!rc && new_expert)
		rc = expert_unit(db, a, in->expert_person_id, &unit, &division);
	/* A unit head moves an interview only to an expert of their division. */
	if (!rc && new_expert && !reads_all(a) && !heads(a, division) && a->account_id != iv.interviewer_account_id)
		rc = err_fail(ERR_FORBIDDEN, "expert_person_id", "เลือกได้เฉพาะผู้เชี่ยวชาญในหน่วยงานของคุณ",
			      "Choose an expert of your own division.");
	int64_t same = 0;
	if (!rc && new_expert && iv.interviewer_account_id)
		rc = db_query_int(db, "SELECT count(*) FROM accounts WHERE id = $1 AND person_id = $2",
				  DB_ARGS(DB_INT(iv.interviewer_account_id), DB_INT(in->expert_person_id)), &same);
	if (!rc && same)
		rc = err_fail(ERR_INVAL, "expert_person_id", "ผู้สัมภาษณ์และผู้เชี่ยวชาญต้องเป็นคนละคนกัน",
			      "The interviewer and the expert are different people.");
	if (!rc)
		rc = db_exec(db,
			     "UPDATE expert_interviews SET topic = coalesce($1, topic), date = coalesce($2, date),"
			     " context = coalesce($3, context), key_tasks = coalesce($4, key_tasks),"
			     " decision_rules = coalesce($5, decision_rules), pitfalls = coalesce($6, pitfalls),"
			     " who_to_ask = coalesce($7, who_to_ask), documents_used = coalesce($8, documents_used),"
			     " tags = coalesce($9, tags), interviewer_name = coalesce($10, interviewer_name),"
			     " rk_id = CASE WHEN $11 < 0 THEN rk_id WHEN $11 = 0 THEN NULL ELSE $11 END,"
			     " expert_person_id = CASE WHEN $12 > 0 THEN $12 ELSE expert_person_id END,"
			     " unit_id = CASE WHEN $13 > 0 THEN $13 ELSE unit_id END, updated_at = $14 WHERE id = $15",
			     DB_ARGS(DB_TEXT(in->topic), DB_TEXT(in->date), DB_TEXT(in->context), DB_TEXT(in->key_tasks),
				     DB_TEXT(in->decision_rules), DB_TEXT(in->pitfalls), DB_TEXT(in->who_to_ask),
				     DB_TEXT(in->documents_used), DB_TEXT(in->tags),
				     DB_TEXT(in->interviewer_name && str_trim(str_c(in->interviewer_name)).len ? in->interviewer_name : NULL),
				     DB_INT(in->rk_id), DB_INT(new_expert ? in->expert_person_id : 0), DB_INT(unit),
				     DB_INT(clock_now()), DB_INT(id)));
	if (!rc)
		rc = audit_log(db, a, "expert.update", "expert_interview", id, in->topic);
	return db_end(db, rc);
}

int expert_consent(struct db *db, const struct actor *a, int64_t id, bool given, const char *note)
{
	int rc = check_field("consent_note", note, EXPERT_NOTE_MAX, true);
	if (rc || (rc = db_begin(db)))
		return rc;
	struct interview iv = {0};
	rc = load(db, a, id, &iv);
	/* The expert speaks for themselves; the interviewer records the form
	 * the expert signed, and says so. */
	const char *method = NULL;
	if (!rc)
		method = is_expert(a, &iv) ? "expert"
			 : a->account_id && a->account_id == iv.interviewer_account_id ? "interviewer"
										       : NULL;
	if (!rc && !method)
		rc = err_fail(ERR_FORBIDDEN, NULL, "บันทึกความยินยอมได้เฉพาะผู้เชี่ยวชาญเองหรือผู้สัมภาษณ์",
			      "Only the expert or the interviewer records consent.");
	bool noted = note && str_trim(str_c(note)).len;
	if (!rc && given && !strcmp(method, "interviewer") && !noted)
		rc = err_fail(ERR_INVAL, "consent_note", "โปรดระบุว่าได้รับความยินยอมอย่างไร เช่น ลงนามในแบบยินยอม",
			      "Say how consent was given, e.g. a signed consent form.");
	if (!rc && iv.document_id)
		rc = err_fail(ERR_CONFLICT, NULL, "บันทึกนี้เป็นร่างเอกสารแล้ว หากต้องการถอนความยินยอมโปรดแจ้งคณะกรรมการให้ยกเลิกเอกสาร",
			      "This interview became a document: to withdraw, ask the committee to retire it.");
	if (!rc)
		rc = db_exec(db,
			     "UPDATE expert_interviews SET consent_given = $1, consent_at = $2, consent_note = $3,"
			     " consent_by_account_id = $4, consent_method = $5, updated_at = $2 WHERE id = $6",
			     DB_ARGS(DB_INT(given), DB_INT(clock_now()), DB_TEXT(noted ? note : ""),
				     DB_ID_OR_NULL(a->account_id), DB_TEXT(method), DB_INT(id)));
	if (!rc)
		rc = audit_log(db, a, "expert.consent", "expert_interview", id, given ? "given" : "withdrawn");
	return db_end(db, rc);
}

/* The Markdown body of the document: where it comes from, then each
 * section that holds text under its heading. */
static void compose_body(struct buf *b, json_t *iv)
{
	const char *date = json_string_value(json_object_get(iv, "date"));
	struct date d;
	const char *position = json_string_value(json_object_get(iv, "expert_position"));
	buf_printf(b, "> ถอดองค์ความรู้จากการสัมภาษณ์ %s%s%s %s โดย %s",
		   json_string_value(json_object_get(iv, "expert_name")), position[0] ? " ตำแหน่ง" : "", position,
		   json_string_value(json_object_get(iv, "unit_name")),
		   json_string_value(json_object_get(iv, "interviewer_name")));
	if (!cal_parse_iso(date, strlen(date), &d)) {
		buf_puts(b, " เมื่อวันที่ ");
		cal_format_th(b, d, 0);
	}
	buf_puts(b, "\n");
	for (size_t i = 0; i < NSECTIONS; i++) {
		const char *text = json_string_value(json_object_get(iv, sections[i].field));
		if (text && str_trim(str_c(text)).len)
			buf_printf(b, "\n## %s\n\n%s\n", sections[i].heading, text);
	}
}

/* consent_given as a boolean, the document's state in Thai. */
static void labels(json_t *row)
{
	json_object_set_new(row, "consent_given", json_boolean(json_integer_value(json_object_get(row, "consent_given"))));
	const char *state = json_string_value(json_object_get(row, "document_status"));
	if (state)
		json_object_set_new(row, "document_status_th", json_string(wf_state_label_th(state)));
}

/* The interview's row with names, for the document and for reading. */
static int fetch(struct db *db, int64_t id, json_t **out)
{
	int rc = db_query_json_one(db,
				   "SELECT i.id, i.expert_person_id, p.name AS expert_name, p.position AS expert_position,"
				   " i.unit_id, u.name AS unit_name, i.interviewer_account_id, i.interviewer_name, i.topic,"
				   " i.date, i.context, i.key_tasks, i.decision_rules, i.pitfalls, i.who_to_ask,"
				   " i.documents_used, i.tags, i.rk_id, k.title AS rk_title, i.consent_given, i.consent_at,"
				   " i.consent_note, i.consent_method, coalesce(cp.name, ca.login) AS consent_by_name,"
				   " i.document_id, d.status AS document_status, i.created_at, i.updated_at"
				   " FROM expert_interviews i JOIN people p ON p.id = i.expert_person_id"
				   " JOIN units u ON u.id = i.unit_id LEFT JOIN required_knowledge k ON k.id = i.rk_id"
				   " LEFT JOIN accounts ca ON ca.id = i.consent_by_account_id"
				   " LEFT JOIN people cp ON cp.id = ca.person_id LEFT JOIN documents d ON d.id = i.document_id"
				   " WHERE i.id = $1",
				   DB_ARGS(DB_INT(id)), out);
	if (!rc)
		labels(*out);
	return rc;
}

int expert_make_document(struct db *db, const struct actor *a, int64_t id, int64_t *doc_out)
{
	int rc = db_begin(db);
	if (rc)
		return rc;
	struct interview iv = {0};
	json_t *row = NULL;
	int64_t doc = 0;
	rc = begin_change(db, a, id, &iv);
	if (!rc && !iv.consent)
		rc = err_fail(ERR_CONFLICT, NULL, "ต้องได้รับความยินยอมจากผู้เชี่ยวชาญก่อนสร้างเอกสาร",
			      "The expert's consent comes before the document.");
	if (!rc)
		rc = fetch(db, id, &row);
	struct buf body, title, tags;
	buf_init(&body, (size_t)256 << 10);
	buf_init(&title, 2048);
	buf_init(&tags, 2048);
	if (!rc) {
		compose_body(&body, row);
		bool any = false;
		for (size_t i = 0; i < NSECTIONS; i++)
			any |= str_trim(str_c(json_string_value(json_object_get(row, sections[i].field)))).len > 0;
		if (!any)
			rc = err_fail(ERR_CONFLICT, NULL, "ยังไม่มีเนื้อหาในบันทึก โปรดกรอกอย่างน้อยหนึ่งหัวข้อ",
				      "The interview is empty: fill in at least one section.");
	}
	if (!rc) {
		const char *topic = json_string_value(json_object_get(row, "topic"));
		const char *own = json_string_value(json_object_get(row, "tags"));
		buf_printf(&title, "ถอดองค์ความรู้ผู้เชี่ยวชาญ: %s", topic);
		buf_printf(&tags, "ถอดองค์ความรู้ผู้เชี่ยวชาญ%s%s", own[0] ? ", " : "", own);
		int64_t rk = json_integer_value(json_object_get(row, "rk_id"));
		struct doc_input in = DOC_INPUT_EMPTY;
		in.title = buf_cstr(&title);
		in.kind = "expert_knowledge";
		in.knowledge_type = "tacit";
		in.unit_id = iv.unit_id;
		in.body_md = buf_cstr(&body);
		in.tags = buf_cstr(&tags);
		in.note = "สร้างจากบันทึกการถอดองค์ความรู้ผู้เชี่ยวชาญ";
		in.covers = &rk;
		in.ncovers = rk > 0;
		in.covers_set = rk > 0;
		rc = buf_err(&body) ? buf_err(&body) : buf_err(&title) ? buf_err(&title) : buf_err(&tags);
		if (!rc)
			rc = doc_create(db, a, &in, &doc, NULL);
	}
	buf_release(&body);
	buf_release(&title);
	buf_release(&tags);
	json_decref(row);
	/* The expert is an author of their knowledge (km/doc adds the one who
	 * creates the draft). */
	if (!rc)
		rc = db_exec(db,
			     "INSERT INTO document_authors (document_id, org_id, person_id) VALUES ($1, $2, $3)"
			     " ON CONFLICT DO NOTHING",
			     DB_ARGS(DB_INT(doc), DB_INT(a->org_id), DB_INT(iv.expert_person_id)));
	if (!rc)
		rc = db_exec(db, "UPDATE expert_interviews SET document_id = $1, updated_at = $2 WHERE id = $3",
			     DB_ARGS(DB_INT(doc), DB_INT(clock_now()), DB_INT(id)));
	if (!rc)
		rc = audit_log(db, a, "expert.document", "expert_interview", id, NULL);
	rc = db_end(db, rc);
	if (!rc && doc_out)
		*doc_out = doc;
	return rc;
}

int expert_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	struct interview iv = {0};
	int rc = load(db, a, id, &iv);
	if (rc || (rc = fetch(db, id, out)))
		return rc;
	bool edit = may_edit(a, &iv) && !iv.document_id;
	bool consent = !iv.document_id && (is_expert(a, &iv) || (a->account_id && a->account_id == iv.interviewer_account_id));
	json_object_set_new(*out, "can_edit", json_boolean(edit));
	json_object_set_new(*out, "can_consent", json_boolean(consent));
	json_object_set_new(*out, "can_make_document", json_boolean(edit && iv.consent));
	return 0;
}

int expert_list(struct db *db, const struct actor *a, int page, int per_page, json_t **items, int64_t *total)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	if (per_page < 1 || per_page > EXPERT_LIST_MAX)
		per_page = EXPERT_LIST_MAX;
	if (page < 1)
		page = 1;
	/* What the actor may read (may_read, in SQL). */
#define READABLE                                                                                            \
	" FROM expert_interviews i JOIN units u ON u.id = i.unit_id JOIN people p ON p.id = i.expert_person_id" \
	" LEFT JOIN documents d ON d.id = i.document_id"                                                      \
	" WHERE i.org_id = $1 AND ($2 = 1 OR i.interviewer_account_id = $3 OR i.expert_person_id = $4"         \
	" OR ($5 = 1 AND u.division_id = $6))"
	bool head = a->account_id && (a->roles & ROLE_UNIT_HEAD) && a->division_id;
	int rc = db_query_int(db, "SELECT count(*)" READABLE,
			      DB_ARGS(DB_INT(a->org_id), DB_INT(reads_all(a)), DB_INT(a->account_id),
				      DB_INT(a->person_id), DB_INT(head), DB_INT(a->division_id)),
			      total);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT i.id, i.topic, i.date, i.expert_person_id, p.name AS expert_name, i.unit_id,"
				   " u.name AS unit_name, i.interviewer_name, i.consent_given, i.document_id,"
				   " d.status AS document_status" READABLE " ORDER BY i.date DESC, i.id DESC LIMIT $7 OFFSET $8",
				   DB_ARGS(DB_INT(a->org_id), DB_INT(reads_all(a)), DB_INT(a->account_id),
					   DB_INT(a->person_id), DB_INT(head), DB_INT(a->division_id), DB_INT(per_page),
					   DB_INT((int64_t)(page - 1) * per_page)),
				   0, items);
#undef READABLE
	size_t i;
	json_t *it;
	if (!rc)
		json_array_foreach(*items, i, it) labels(it);
	return rc;
}
