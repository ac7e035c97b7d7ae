/* training: development activities, participants, reports and KPI 2. */
#include "km/training.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "export/sniff.h"
#include "km/doc.h"
#include "km/notify.h"
#include "store/blob.h"
#include "store/db.h"
#include "store/db_json.h"

static const struct {
	const char *code, *th;
} kinds[] = {
	{"training", "การฝึกอบรม"},
	{"seminar", "การสัมมนา"},
	{"meeting", "การประชุมเชิงปฏิบัติการ"},
	{"study_visit", "การศึกษาดูงาน"},
	{"elearning", "การเรียนรู้ออนไลน์ (e-Learning)"},
	{"coaching", "การสอนงานหรือพี่เลี้ยง"},
	{"on_the_job", "การเรียนรู้จากการปฏิบัติงาน"},
	{"knowledge_sharing", "การแลกเปลี่ยนเรียนรู้ภายใน"},
};

const char *const training_kinds[] = {"training", "seminar", "meeting", "study_visit", "elearning",
				      "coaching", "on_the_job", "knowledge_sharing", NULL};

const char *training_kind_label_th(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++) {
		if (!strcmp(kinds[i].code, kind))
			return kinds[i].th;
	}
	return "";
}

static bool may_record(const struct actor *a)
{
	return a->operator || (a->account_id && (a->roles & (ROLE_ADMIN | ROLE_COMMITTEE | ROLE_UNIT_HEAD)));
}

static int check_text(const char *field, const char *s, size_t max, bool required, bool one_line)
{
	if (!s)
		return required ? err_fail(ERR_INVAL, field, "ต้องกรอกข้อมูลนี้", "This field is required.") : 0;
	size_t n = strlen(s);
	if (required && !str_trim(str_c(s)).len)
		return err_fail(ERR_INVAL, field, "ต้องกรอกข้อมูลนี้", "This field is required.");
	if (!utf8_valid_text(s, n) || utf8_count(s, n) > max || (one_line && strpbrk(s, "\r\n")))
		return err_fail(ERR_INVAL, field, "ข้อความยาวเกินไปหรือไม่ถูกต้อง", "The text is too long or not valid.");
	return 0;
}

static int check_date(const char *field, const char *s, bool required, struct date *d)
{
	if (!s)
		return required ? err_fail(ERR_INVAL, field, "ต้องระบุวันที่", "A date is required.") : 0;
	if (cal_parse_iso(s, strlen(s), d))
		return err_fail(ERR_INVAL, field, "วันที่ต้องอยู่ในรูปแบบ ปปปป-ดด-วว (ค.ศ.)", "Dates are YYYY-MM-DD.");
	return 0;
}

static int check_activity(const struct activity_input *in, bool creating)
{
	struct date s = {0}, e = {0};
	int rc;
	if ((rc = check_text("title", in->title, TRAINING_TITLE_MAX, creating, true)) ||
	    (rc = check_text("provider", in->provider, 300, false, true)) ||
	    (rc = check_text("location", in->location, 300, false, true)) ||
	    (rc = check_text("description", in->description, TRAINING_TEXT_MAX, false, false)) ||
	    (rc = check_date("start_date", in->start_date, creating, &s)) ||
	    (rc = check_date("end_date", in->end_date, creating, &e)))
		return rc;
	if ((creating || in->kind) && !training_kind_label_th(in->kind)[0])
		return err_fail(ERR_INVAL, "kind", "ประเภทกิจกรรมไม่ถูกต้อง", "Unknown kind of activity.");
	if (in->start_date && in->end_date && cal_days(e) < cal_days(s))
		return err_fail(ERR_INVAL, "end_date", "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม", "The end is before the start.");
	if (in->hours > 10000 || in->cost > 1e9 || isnan(in->hours) || isnan(in->cost))
		return err_fail(ERR_INVAL, in->hours > 10000 ? "hours" : "cost", "จำนวนชั่วโมงหรือค่าใช้จ่ายไม่สมเหตุผล",
				"The hours or the cost are out of range.");
	return 0;
}

static int fy_of(const char *iso)
{
	struct date d;
	return cal_parse_iso(iso, strlen(iso), &d) ? 0 : cal_fiscal_year(d);
}

int activity_create(struct db *db, const struct actor *a, const struct activity_input *in, int64_t *id_out)
{
	if (!may_record(a))
		return a->account_id ? err_fail(ERR_FORBIDDEN, NULL, "บันทึกกิจกรรมพัฒนาได้เฉพาะผู้ดูแลระบบ คณะกรรมการ และหัวหน้าหน่วยงาน",
						"Admins, the KM committee and unit heads record activities.")
				     : err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	int rc = check_activity(in, true);
	if (rc)
		return rc;
	int64_t now = clock_now(), id = 0;
	if ((rc = db_begin(db)))
		return rc;
	rc = db_query_int(db,
			  "INSERT INTO activities (org_id, title, kind, internal, provider, start_date, end_date,"
			  " hours, cost, location, description, fy, created_by, created_at, updated_at)"
			  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_TEXT(in->title), DB_TEXT(in->kind), DB_INT(in->internal > 0),
				  DB_TEXT(in->provider ? in->provider : ""), DB_TEXT(in->start_date),
				  DB_TEXT(in->end_date), DB_DOUBLE(in->hours > 0 ? in->hours : 0),
				  DB_DOUBLE(in->cost > 0 ? in->cost : 0), DB_TEXT(in->location ? in->location : ""),
				  DB_TEXT(in->description ? in->description : ""), DB_INT(fy_of(in->start_date)),
				  DB_ID_OR_NULL(a->account_id), DB_INT(now)),
			  &id);
	if (!rc)
		rc = audit_log(db, a, "activity.create", "activity", id, in->title);
	rc = db_end(db, rc);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

/* The activity's creator, for who may edit it; ERR_NOTFOUND across
 * organisations. */
static int load_activity(struct db *db, const struct actor *a, int64_t id, int64_t *created_by)
{
	json_t *row = NULL;
	int rc = db_query_json_one(db, "SELECT coalesce(created_by, 0) AS created_by FROM activities WHERE id = $1 AND org_id = $2",
				   DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &row);
	if (rc == ERR_NOTFOUND)
		return err_fail(rc, NULL, "ไม่พบกิจกรรมนี้", "No such activity.");
	if (!rc)
		*created_by = json_integer_value(json_object_get(row, "created_by"));
	json_decref(row);
	return rc;
}

static bool may_edit(const struct actor *a, int64_t created_by)
{
	return a->operator || (a->account_id && ((a->roles & (ROLE_ADMIN | ROLE_COMMITTEE)) ||
						 ((a->roles & ROLE_UNIT_HEAD) && created_by == a->account_id)));
}

static int begin_edit(struct db *db, const struct actor *a, int64_t id)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	int64_t by = 0;
	int rc = load_activity(db, a, id, &by);
	if (!rc && !may_edit(a, by))
		rc = err_fail(ERR_FORBIDDEN, NULL, "แก้ไขกิจกรรมได้เฉพาะผู้บันทึก ผู้ดูแลระบบ และคณะกรรมการ",
			      "Only whoever recorded it, admins and the KM committee edit an activity.");
	return rc;
}

int activity_update(struct db *db, const struct actor *a, int64_t id, const struct activity_input *in)
{
	int rc = check_activity(in, false);
	if (rc || (rc = db_begin(db)))
		return rc;
	rc = begin_edit(db, a, id);
	/* The dates as they will be (one may change alone): still in order;
	 * the fiscal year follows the start. */
	json_t *row = NULL;
	if (!rc)
		rc = db_query_json_one(db, "SELECT start_date, end_date FROM activities WHERE id = $1", DB_ARGS(DB_INT(id)),
				       &row);
	const char *start = rc ? "" : in->start_date ? in->start_date : json_string_value(json_object_get(row, "start_date"));
	const char *end = rc ? "" : in->end_date ? in->end_date : json_string_value(json_object_get(row, "end_date"));
	if (!rc && strcmp(end, start) < 0)
		rc = err_fail(ERR_INVAL, "end_date", "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม", "The end is before the start.");
	if (!rc)
		rc = db_exec(db,
			     "UPDATE activities SET title = coalesce($1, title), kind = coalesce($2, kind),"
			     " provider = coalesce($3, provider), start_date = $4, end_date = $5,"
			     " location = coalesce($6, location), description = coalesce($7, description),"
			     " hours = CASE WHEN $8 < 0 THEN hours ELSE $8 END, cost = CASE WHEN $9 < 0 THEN cost ELSE $9 END,"
			     " internal = CASE WHEN $10 < 0 THEN internal ELSE $10 END, fy = $11, updated_at = $12 WHERE id = $13",
			     DB_ARGS(DB_TEXT(in->title), DB_TEXT(in->kind), DB_TEXT(in->provider), DB_TEXT(start),
				     DB_TEXT(end), DB_TEXT(in->location), DB_TEXT(in->description), DB_DOUBLE(in->hours),
				     DB_DOUBLE(in->cost), DB_INT(in->internal < 0 ? -1 : in->internal > 0),
				     DB_INT(fy_of(start)), DB_INT(clock_now()), DB_INT(id)));
	if (!rc)
		rc = audit_log(db, a, "activity.update", "activity", id, in->title);
	json_decref(row);
	return db_end(db, rc);
}

static void kind_labels(json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		json_object_set_new(r, "kind_th", json_string(training_kind_label_th(json_string_value(json_object_get(r, "kind")))));
}

int activity_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	int64_t by = 0;
	if (rc || (rc = load_activity(db, a, id, &by)))
		return rc;
	json_t *act = NULL, *people = NULL;
	rc = db_query_json_one(db,
			       "SELECT id, title, kind, internal, provider, start_date, end_date, hours, cost, location,"
			       " description, fy, created_at, updated_at FROM activities WHERE id = $1",
			       DB_ARGS(DB_INT(id)), &act);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT p.id AS person_id, p.name, p.position, u.name AS unit_name, j.name AS job_line,"
				   " p.employment_type, coalesce(x.hours, a.hours) AS hours, x.report_status,"
				   " coalesce(x.report_document_id, 0) AS report_document_id,"
				   " x.certificate_sha256 IS NOT NULL AS has_certificate"
				   " FROM activity_participants x JOIN activities a ON a.id = x.activity_id"
				   " JOIN people p ON p.id = x.person_id LEFT JOIN units u ON u.id = p.unit_id"
				   " LEFT JOIN job_lines j ON j.id = p.job_line_id"
				   " WHERE x.activity_id = $1 ORDER BY u.sort, p.name",
				   DB_ARGS(DB_INT(id)), 0, &people);
	if (rc) {
		json_decref(act);
		return rc;
	}
	json_object_set_new(act, "kind_th", json_string(training_kind_label_th(json_string_value(json_object_get(act, "kind")))));
	json_object_set_new(act, "participants", people);
	json_object_set_new(act, "can_edit", json_boolean(may_edit(a, by)));
	*out = act;
	return 0;
}

int activity_list(struct db *db, const struct actor *a, int fy, int page, int per_page, json_t **items,
		  int64_t *total)
{
	int rc = authz_require(a, PERM_ORG_READ);
	if (rc)
		return rc;
	if (per_page < 1 || per_page > TRAINING_LIST_MAX)
		per_page = TRAINING_LIST_MAX;
	if (page < 1)
		page = 1;
	rc = db_query_int(db, "SELECT count(*) FROM activities WHERE org_id = $1 AND ($2 = 0 OR fy = $2)",
			  DB_ARGS(DB_INT(a->org_id), DB_INT(fy)), total);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT a.id, a.title, a.kind, a.internal, a.provider, a.start_date, a.end_date, a.hours,"
				   " a.cost, a.fy, (SELECT count(*) FROM activity_participants x WHERE x.activity_id = a.id)"
				   " AS participants FROM activities a WHERE a.org_id = $1 AND ($2 = 0 OR a.fy = $2)"
				   " ORDER BY a.start_date DESC, a.id DESC LIMIT $3 OFFSET $4",
				   DB_ARGS(DB_INT(a->org_id), DB_INT(fy), DB_INT(per_page),
					   DB_INT((int64_t)(page - 1) * per_page)),
				   0, items);
	if (!rc)
		kind_labels(*items);
	return rc;
}

static int tell_report_due(struct db *db, const struct actor *a, int64_t id, int64_t person)
{
	json_t *who = NULL, *act = NULL;
	int rc = db_query_json(db, "SELECT id FROM accounts WHERE person_id = $1 AND disabled = 0",
			       DB_ARGS(DB_INT(person)), 0, &who);
	if (!rc && json_array_size(who))
		rc = db_query_json_one(db, "SELECT title FROM activities WHERE id = $1", DB_ARGS(DB_INT(id)), &act);
	size_t i;
	json_t *acc;
	json_array_foreach(who, i, acc)
	{
		if (rc)
			break;
		char text[NOTIFY_TEXT_MAX];
		snprintf(text, sizeof text, "คุณมีรายงานหลังการพัฒนาที่ต้องส่ง: \"%s\" (สิ่งที่ได้เรียนรู้ การนำไปใช้ และข้อเสนอ)",
			 json_string_value(json_object_get(act, "title")));
		rc = notify_add(db, a->org_id, json_integer_value(json_object_get(acc, "id")), "report_due", 0, a->name,
				text);
	}
	json_decref(who);
	json_decref(act);
	return rc;
}

int activity_add_participants(struct db *db, const struct actor *a, int64_t id, const int64_t *person_ids, int n,
			      int *added)
{
	*added = 0;
	if (n < 0 || n > TRAINING_PARTICIPANTS_MAX)
		return err_fail(ERR_TOOBIG, "person_ids", "เพิ่มผู้เข้าร่วมได้ครั้งละไม่เกิน 500 คน",
				"At most 500 participants at a time.");
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = begin_edit(db, a, id);
	int64_t now = clock_now(), count = 0;
	for (int i = 0; !rc && i < n; i++) {
		int64_t ok = 0;
		rc = db_query_int(db, "SELECT count(*) FROM people WHERE id = $1 AND org_id = $2",
				  DB_ARGS(DB_INT(person_ids[i]), DB_INT(a->org_id)), &ok);
		if (!rc && !ok)
			rc = err_fail(ERR_INVAL, "person_ids", "ไม่พบบุคลากรที่เลือก", "Unknown person.");
		if (!rc)
			rc = db_exec(db,
				     "INSERT INTO activity_participants (activity_id, person_id, org_id, added_at)"
				     " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
				     DB_ARGS(DB_INT(id), DB_INT(person_ids[i]), DB_INT(a->org_id), DB_INT(now)));
		int64_t fresh = rc ? 0 : db_changes(db);
		*added += (int)fresh;
		/* A new participant with an account is told of the report they owe. */
		if (!rc && fresh)
			rc = tell_report_due(db, a, id, person_ids[i]);
	}
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM activity_participants WHERE activity_id = $1",
				  DB_ARGS(DB_INT(id)), &count);
	if (!rc && count > TRAINING_PARTICIPANTS_MAX)
		rc = err_fail(ERR_TOOBIG, "person_ids", "กิจกรรมหนึ่งมีผู้เข้าร่วมได้ไม่เกิน 500 คน",
			      "An activity has at most 500 participants.");
	char detail[32];
	snprintf(detail, sizeof detail, "+%d", *added);
	if (!rc)
		rc = audit_log(db, a, "activity.participants", "activity", id, detail);
	rc = db_end(db, rc);
	if (rc)
		*added = 0;
	return rc;
}

int activity_remove_participant(struct db *db, const struct actor *a, int64_t id, int64_t person_id)
{
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = begin_edit(db, a, id);
	int64_t filed = 0;
	if (!rc)
		rc = db_query_int(db,
				  "SELECT count(*) FROM activity_participants WHERE activity_id = $1 AND person_id = $2"
				  " AND report_status = 'filed'",
				  DB_ARGS(DB_INT(id), DB_INT(person_id)), &filed);
	if (!rc && filed)
		rc = err_fail(ERR_CONFLICT, "person_id", "ผู้เข้าร่วมนี้ส่งรายงานแล้ว จึงนำออกไม่ได้",
			      "Their report is filed: the participant stays.");
	/* Removing someone who is not there leaves it so: done. */
	if (!rc)
		rc = db_exec(db, "DELETE FROM activity_participants WHERE activity_id = $1 AND person_id = $2",
			     DB_ARGS(DB_INT(id), DB_INT(person_id)));
	char detail[32];
	snprintf(detail, sizeof detail, "-%lld", (long long)person_id);
	if (!rc)
		rc = audit_log(db, a, "activity.participants", "activity", id, detail);
	return db_end(db, rc);
}

static const char *cert_kind(const char *mime)
{
	static const char *const files[][2] = {{"application/pdf", "pdf"}, {"image/png", "png"}, {"image/jpeg", "jpeg"},
					       {"image/webp", "webp"}, {"image/gif", "gif"}};
	for (size_t i = 0; mime && i < sizeof files / sizeof files[0]; i++) {
		if (!strcmp(files[i][0], mime))
			return files[i][1];
	}
	return NULL;
}

int activity_certificate_set(struct db *db, const struct actor *a, const char *blob_root, int64_t id, int64_t person_id,
			     const char *filename, const void *data, size_t len)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	int rc = db_begin(db);
	if (rc)
		return rc;
	/* Who may, first; then what was sent. */
	int64_t by = 0, here = 0;
	rc = load_activity(db, a, id, &by);
	if (!rc && !may_edit(a, by) && !(a->person_id && a->person_id == person_id))
		rc = err_fail(ERR_FORBIDDEN, NULL, "แนบหลักฐานได้เฉพาะผู้เข้าร่วมเองหรือผู้บันทึกกิจกรรม",
			      "The participant or whoever records the activity attaches its evidence.");
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM activity_participants WHERE activity_id = $1 AND person_id = $2",
				  DB_ARGS(DB_INT(id), DB_INT(person_id)), &here);
	if (!rc && !here)
		rc = err_fail(ERR_NOTFOUND, "person_id", "บุคลากรนี้ไม่ได้เข้าร่วมกิจกรรมนี้", "Not a participant of this activity.");
	if (!rc && len > TRAINING_CERT_MAX)
		rc = err_fail(ERR_TOOBIG, "file", "ไฟล์หลักฐานต้องไม่เกิน 10 MB", "A certificate is at most 10 MB.");
	struct sniff_result kind = {0};
	if (!rc)
		rc = sniff_file(data, len, filename, &kind);
	if (!rc && !cert_kind(kind.mime))
		rc = err_fail(ERR_INVAL, "file", "หลักฐานต้องเป็นไฟล์ PDF หรือรูปภาพ", "A certificate is a PDF or an image.");
	char sha[BLOB_HASH_LEN + 1];
	if (!rc)
		rc = blob_put(blob_root, data, len, sha);
	if (!rc)
		rc = db_exec(db,
			     "UPDATE activity_participants SET certificate_sha256 = $1, certificate_name = $2,"
			     " certificate_mime = $3 WHERE activity_id = $4 AND person_id = $5",
			     DB_ARGS(DB_TEXT(sha), DB_TEXT(filename && filename[0] ? filename : "certificate"),
				     DB_TEXT(kind.mime), DB_INT(id), DB_INT(person_id)));
	char detail[40];
	snprintf(detail, sizeof detail, "certificate %lld", (long long)person_id);
	if (!rc)
		rc = audit_log(db, a, "activity.certificate", "activity", id, detail);
	return db_end(db, rc);
}

int activity_certificate_get(struct db *db, const struct actor *a, int64_t id, int64_t person_id, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	int64_t by = 0;
	if (rc || (rc = load_activity(db, a, id, &by)))
		return rc;
	bool own = a->person_id && a->person_id == person_id;
	if (!own && !may_edit(a, by) && !(a->roles & ROLE_ADMIN))
		return err_fail(ERR_FORBIDDEN, NULL, "หลักฐานเปิดได้เฉพาะผู้เข้าร่วมและผู้บันทึกกิจกรรม",
				"The evidence is for the participant and whoever records the activity.");
	rc = db_query_json_one(db,
			       "SELECT person_id AS id, certificate_sha256 AS sha256, certificate_mime AS mime,"
			       " certificate_name AS filename FROM activity_participants"
			       " WHERE activity_id = $1 AND person_id = $2 AND certificate_sha256 IS NOT NULL",
			       DB_ARGS(DB_INT(id), DB_INT(person_id)), out);
	if (rc == ERR_NOTFOUND)
		return err_fail(rc, NULL, "ยังไม่มีหลักฐานการเข้าร่วม", "No certificate yet.");
	/* Someone else's certificate is their personal data. */
	if (!rc && !own && (rc = audit_log(db, a, "person.view", "person", person_id, "certificate"))) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	if (!rc)
		json_object_set_new(*out, "kind", json_string(cert_kind(json_string_value(json_object_get(*out, "mime")))));
	return rc;
}

int activity_file_report(struct db *db, const struct actor *a, int64_t id, const struct training_report *rep,
			 int64_t *doc_out)
{
	if (!a->account_id)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	int rc;
	if ((rc = check_text("learned", rep->learned, TRAINING_TEXT_MAX, true, false)) ||
	    (rc = check_text("apply", rep->apply, TRAINING_TEXT_MAX, true, false)) ||
	    (rc = check_text("change", rep->change, TRAINING_TEXT_MAX, false, false)))
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	json_t *row = NULL;
	rc = db_query_json_one(db,
			       "SELECT a.title, a.kind, a.provider, a.start_date, a.end_date, a.hours, x.report_status,"
			       " coalesce(p.unit_id, 0) AS unit_id FROM activity_participants x"
			       " JOIN activities a ON a.id = x.activity_id JOIN people p ON p.id = x.person_id"
			       " WHERE x.activity_id = $1 AND x.person_id = $2 AND a.org_id = $3",
			       DB_ARGS(DB_INT(id), DB_INT(a->person_id), DB_INT(a->org_id)), &row);
	if (rc == ERR_NOTFOUND)
		rc = err_fail(ERR_FORBIDDEN, NULL, "รายงานนี้เป็นของผู้เข้าร่วมกิจกรรม", "Only a participant files this report.");
	if (!rc && strcmp(json_string_value(json_object_get(row, "report_status")), "due"))
		rc = err_fail(ERR_CONFLICT, NULL, "ส่งรายงานของกิจกรรมนี้แล้ว", "This report was filed already.");
	if (!rc && !json_integer_value(json_object_get(row, "unit_id")))
		rc = err_fail(ERR_INVAL, NULL, "ยังไม่ได้ระบุหน่วยงานของคุณในทะเบียนบุคลากร",
			      "Your unit is not set in the staff registry.");
	int64_t doc = 0;
	if (!rc) {
		const char *title = json_string_value(json_object_get(row, "title"));
		const char *kind = json_string_value(json_object_get(row, "kind"));
		struct date s, e;
		const char *sd = json_string_value(json_object_get(row, "start_date"));
		const char *ed = json_string_value(json_object_get(row, "end_date"));
		struct buf body, name;
		buf_init(&body, (size_t)64 << 10);
		buf_init(&name, 2048);
		buf_printf(&body, "## กิจกรรม\n\n- ชื่อ: %s\n- ประเภท: %s\n- ผู้จัด: %s\n- วันที่: ", title,
			   training_kind_label_th(kind), json_string_value(json_object_get(row, "provider")));
		if (!cal_parse_iso(sd, strlen(sd), &s) && !cal_parse_iso(ed, strlen(ed), &e)) {
			cal_format_th(&body, s, 0);
			if (cal_days(e) != cal_days(s)) {
				buf_puts(&body, " ถึง ");
				cal_format_th(&body, e, 0);
			}
		}
		buf_printf(&body, "\n\n## สิ่งที่ได้เรียนรู้\n\n%s\n\n## การนำไปใช้กับงานของหน่วยงาน\n\n%s\n", rep->learned,
			   rep->apply);
		if (rep->change && rep->change[0])
			buf_printf(&body, "\n## ข้อเสนอเพื่อการปรับปรุงงาน\n\n%s\n", rep->change);
		/* The title fits DOC_TITLE_MAX characters whatever the activity's. */
		size_t cut = utf8_cut(title, strlen(title), 600);
		buf_printf(&name, "ถอดบทเรียนจาก%s: %.*s", training_kind_label_th(kind), (int)cut, title);
		size_t nlen = strlen(buf_cstr(&name)), keep = nlen;
		while (utf8_count(buf_cstr(&name), keep) > DOC_TITLE_MAX)
			keep = utf8_cut(buf_cstr(&name), nlen, keep - 1);
		char *t = strndup(buf_cstr(&name), keep);
		struct doc_input in = DOC_INPUT_EMPTY;
		in.title = t;
		in.kind = "training_lessons";
		in.knowledge_type = "tacit";
		in.unit_id = json_integer_value(json_object_get(row, "unit_id"));
		in.body_md = buf_cstr(&body);
		in.tags = "ถอดบทเรียน, พัฒนาบุคลากร";
		in.note = "รายงานหลังกิจกรรมพัฒนา";
		rc = buf_err(&body) ? buf_err(&body) : !t ? ERR_NOMEM : doc_create(db, a, &in, &doc, NULL);
		free(t);
		buf_release(&body);
		buf_release(&name);
	}
	json_decref(row);
	if (!rc)
		rc = db_exec(db,
			     "UPDATE activity_participants SET report_status = 'filed', report_document_id = $1"
			     " WHERE activity_id = $2 AND person_id = $3",
			     DB_ARGS(DB_INT(doc), DB_INT(id), DB_INT(a->person_id)));
	if (!rc)
		rc = audit_log(db, a, "activity.report", "activity", id, NULL);
	rc = db_end(db, rc);
	if (!rc && doc_out)
		*doc_out = doc;
	return rc;
}

int training_reports_due(struct db *db, const struct actor *a, json_t **out)
{
	if (!a->account_id)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	char today[11];
	cal_iso(cal_from_unix(clock_now()), today);
	int rc = db_query_json(db,
			       "SELECT a.id AS activity_id, a.title, a.kind, a.end_date FROM activity_participants x"
			       " JOIN activities a ON a.id = x.activity_id WHERE x.person_id = $1 AND a.org_id = $2"
			       " AND x.report_status = 'due' AND a.end_date <= $3 ORDER BY a.end_date DESC LIMIT 100",
			       DB_ARGS(DB_INT(a->person_id), DB_INT(a->org_id), DB_TEXT(today)), 0, out);
	if (!rc)
		kind_labels(*out);
	return rc;
}

int training_person(struct db *db, const struct actor *a, int64_t person_id, json_t **out)
{
	bool own = a->person_id && a->person_id == person_id;
	int rc = own ? 0 : authz_require(a, PERM_PEOPLE_READ);
	if (rc)
		return rc;
	int64_t ok = 0;
	rc = db_query_int(db, "SELECT count(*) FROM people WHERE id = $1 AND org_id = $2",
			  DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)), &ok);
	if (!rc && !ok)
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบบุคลากรนี้", "No such person.");
	json_t *rows = NULL;
	if (!rc)
		rc = db_query_json(db,
				   "SELECT a.id, a.title, a.kind, a.start_date, a.end_date, coalesce(x.hours, a.hours) AS hours,"
				   " a.provider, a.internal, a.fy, x.report_status FROM activity_participants x"
				   " JOIN activities a ON a.id = x.activity_id WHERE x.person_id = $1"
				   " ORDER BY a.start_date DESC, a.id DESC LIMIT 2000",
				   DB_ARGS(DB_INT(person_id)), 0, &rows);
	/* Someone else's training record is personal data: its view is recorded. */
	if (!rc && !own)
		rc = audit_log(db, a, "person.view", "person", person_id, "development");
	if (rc) {
		json_decref(rows);
		return rc;
	}
	kind_labels(rows);
	json_t *years = json_array(), *year = NULL;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_int_t fy = json_integer_value(json_object_get(r, "fy"));
		if (!year || json_integer_value(json_object_get(year, "fy")) != fy) {
			year = json_pack("{s:I, s:f, s:[]}", "fy", fy, "hours", 0.0, "activities");
			json_array_append_new(years, year);
		}
		json_object_set_new(year, "hours", json_real(json_real_value(json_object_get(year, "hours")) +
							     json_number_value(json_object_get(r, "hours"))));
		json_object_del(r, "fy");
		json_array_append(json_object_get(year, "activities"), r);
	}
	json_decref(rows);
	*out = years;
	return 0;
}

int training_development(struct db *db, const struct actor *a, int fy, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	if (rc)
		return rc;
	if (fy < 2400 || fy > 2700)
		return err_fail(ERR_INVAL, "fy", "ปีงบประมาณไม่ถูกต้อง", "Not a fiscal year.");
	struct date first, last;
	cal_fiscal_range(fy, &first, &last);
	char f[11], l[11];
	cal_iso(first, f);
	cal_iso(last, l);
	json_t *lines = NULL, *developed = NULL;
	/* Every job line a municipal employee held at some time in the year. */
	rc = db_query_json(db,
			   "SELECT j.id, j.name, count(DISTINCT h.person_id) AS people FROM person_job_lines h"
			   " JOIN people p ON p.id = h.person_id JOIN job_lines j ON j.id = h.job_line_id"
			   " WHERE h.org_id = $1 AND p.employment_type = 'municipal_employee'"
			   " AND h.from_date <= $3 AND (h.to_date IS NULL OR h.to_date > $2)"
			   " AND (p.start_date IS NULL OR p.start_date <= $3)"
			   " AND (p.retirement_date IS NULL OR p.retirement_date >= $2)"
			   " GROUP BY j.id, j.name ORDER BY j.code, j.name",
			   DB_ARGS(DB_INT(a->org_id), DB_TEXT(f), DB_TEXT(l)), 0, &lines);
	/* Who was developed, counted for the line held on the activity's start. */
	if (!rc)
		rc = db_query_json(db,
				   "SELECT h.job_line_id, p.id AS person_id, p.name, a.id AS activity_id,"
				   " a.title AS activity_title, a.start_date AS date"
				   " FROM activity_participants x JOIN activities a ON a.id = x.activity_id"
				   " JOIN people p ON p.id = x.person_id"
				   " JOIN person_job_lines h ON h.person_id = p.id AND h.from_date <= a.start_date"
				   "  AND (h.to_date IS NULL OR h.to_date > a.start_date)"
				   " WHERE a.org_id = $1 AND a.start_date >= $2 AND a.start_date <= $3"
				   " AND p.employment_type = 'municipal_employee'"
				   " ORDER BY h.job_line_id, a.start_date, p.name LIMIT 20000",
				   DB_ARGS(DB_INT(a->org_id), DB_TEXT(f), DB_TEXT(l)), 0, &developed);
	if (rc) {
		json_decref(lines);
		return rc;
	}
	int64_t num = 0, den = 0;
	size_t i, j;
	json_t *line, *d;
	json_array_foreach(lines, i, line)
	{
		json_t *who = json_array();
		json_int_t id = json_integer_value(json_object_get(line, "id"));
		json_array_foreach(developed, j, d)
		{
			if (json_integer_value(json_object_get(d, "job_line_id")) != id)
				continue;
			/* once per person: their first activity of the year */
			bool seen = false;
			size_t k;
			json_t *w;
			json_array_foreach(who, k, w) seen |= json_equal(json_object_get(w, "person_id"),
									   json_object_get(d, "person_id"));
			if (!seen) {
				json_t *copy = json_deep_copy(d);
				json_object_del(copy, "job_line_id");
				json_array_append_new(who, copy);
			}
		}
		bool dev = json_array_size(who) > 0;
		num += dev;
		den++;
		json_object_set_new(line, "developed", json_boolean(dev));
		json_object_set_new(line, "developed_people", who);
	}
	json_decref(developed);
	double value = den ? round((double)num * 1000.0 / (double)den) / 10.0 : 0.0;
	*out = json_pack("{s:i, s:I, s:I, s:f, s:o}", "fy", fy, "numerator", (json_int_t)num, "denominator",
			 (json_int_t)den, "value", value, "job_lines", lines);
	return 0;
}
