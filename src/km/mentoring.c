/* mentoring: mentoring pairs, their goals and their private log. */
#include "km/mentoring.h"

#include <stdio.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "store/db.h"
#include "store/db_json.h"

#define PEOPLE_MAX 5000 /* offered when choosing a mentor or a mentee */

static bool manages(const struct actor *a)
{
	return a->operator || (a->roles & (ROLE_ADMIN | ROLE_COMMITTEE));
}

static int manage_check(const struct actor *a)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	if (manages(a))
		return 0;
	return err_fail(ERR_FORBIDDEN, NULL, "เฉพาะคณะกรรมการจัดการความรู้หรือผู้ดูแลระบบที่จัดคู่พี่เลี้ยงได้",
			"Only the KM committee or an admin may arrange mentoring pairs.");
}

/* A date (YYYY-MM-DD), normalised into out; NULL or "" is none when
 * optional. */
static int date_check(const char *field, const char *s, bool required, char out[11])
{
	out[0] = 0;
	struct date d;
	if (!s || !s[0])
		return required ? err_fail(ERR_INVAL, field, "กรุณาระบุวันที่", "A date is required.") : 0;
	if (cal_parse_iso(s, strlen(s), &d))
		return err_fail(ERR_INVAL, field, "วันที่ไม่ถูกต้อง (ปปปป-ดด-วว)", "The date is not valid (YYYY-MM-DD).");
	cal_iso(d, out);
	return 0;
}

static int person_check(struct db *db, const struct actor *a, int64_t id, const char *field)
{
	int64_t n = 0;
	int rc = db_query_int(db, "SELECT count(*) FROM people WHERE id = $1 AND org_id = $2 AND active = 1",
			      DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &n);
	if (!rc && !n)
		rc = err_fail(ERR_INVAL, field, "ไม่พบบุคลากรนี้ในองค์กร", "No such person in the organisation.");
	return rc;
}

/* Goals and notes: valid text of at most max characters. */
static int text_check(const char *field, const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n && !utf8_valid_text(s, n))
		return err_fail(ERR_INVAL, field, "ข้อความมีอักขระที่ใช้ไม่ได้", "The text holds characters that are not allowed.");
	if (utf8_count(s, n) > max)
		return err_fail(ERR_TOOBIG, field, "ข้อความยาวเกินกำหนด", "The text is too long.");
	return 0;
}

/* The merged period must run forwards. */
static int period_check(const char *start, const char *end)
{
	if (end && end[0] && strcmp(end, start) < 0)
		return err_fail(ERR_INVAL, "end_date", "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น", "The end date is before the start date.");
	return 0;
}

int mentoring_create(struct db *db, const struct actor *a, const struct mentoring_input *in, int64_t *id_out)
{
	char start[11], end[11];
	int rc = manage_check(a);
	if (!rc && (in->mentor_person_id <= 0 || in->mentee_person_id <= 0))
		rc = err_fail(ERR_INVAL, in->mentor_person_id <= 0 ? "mentor_person_id" : "mentee_person_id",
			      "กรุณาเลือกพี่เลี้ยงและผู้รับการดูแล", "Choose the mentor and the mentee.");
	if (!rc && in->mentor_person_id == in->mentee_person_id)
		rc = err_fail(ERR_INVAL, "mentee_person_id", "พี่เลี้ยงและผู้รับการดูแลต้องเป็นคนละคนกัน",
			      "The mentor and the mentee are two different people.");
	if (!rc)
		rc = person_check(db, a, in->mentor_person_id, "mentor_person_id");
	if (!rc)
		rc = person_check(db, a, in->mentee_person_id, "mentee_person_id");
	if (!rc)
		rc = text_check("goals", in->goals, MENTORING_GOALS_MAX);
	if (!rc)
		rc = date_check("start_date", in->start_date, true, start);
	if (!rc)
		rc = date_check("end_date", in->end_date, false, end);
	if (!rc)
		rc = period_check(start, end);
	if (rc || (rc = db_begin(db)))
		return rc;
	int64_t count = 0, id = 0, now = clock_now();
	rc = db_query_int(db, "SELECT count(*) FROM mentoring_pairs WHERE org_id = $1", DB_ARGS(DB_INT(a->org_id)),
			  &count);
	if (!rc && count >= MENTORING_PAIRS_MAX)
		rc = err_fail(ERR_TOOBIG, NULL, "จำนวนคู่พี่เลี้ยงขององค์กรถึงขีดจำกัดแล้ว",
			      "The organisation has as many mentoring pairs as allowed.");
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO mentoring_pairs (org_id, mentor_person_id, mentee_person_id, goals,"
				  " start_date, end_date, active, created_by, created_at, updated_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(in->mentor_person_id), DB_INT(in->mentee_person_id),
					  DB_TEXT(in->goals ? in->goals : ""), DB_TEXT(start), end[0] ? DB_TEXT(end) : DB_NULL,
					  DB_INT(in->active == 0 ? 0 : 1), DB_ID_OR_NULL(a->account_id), DB_INT(now)),
				  &id);
	if (!rc)
		rc = audit_log(db, a, "mentoring.create", "mentoring_pair", id, NULL);
	if ((rc = db_end(db, rc)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int mentoring_update(struct db *db, const struct actor *a, int64_t id, const struct mentoring_input *in)
{
	char start[11], end[11], old_start[11] = "", old_end[11] = "";
	int64_t mentor = 0, mentee = 0;
	int rc = manage_check(a);
	struct db_stmt *st = NULL;
	if (!rc)
		rc = db_query(db,
			      "SELECT mentor_person_id, mentee_person_id, start_date, coalesce(end_date, '')"
			      " FROM mentoring_pairs WHERE id = $1 AND org_id = $2",
			      DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &st);
	if (!rc) {
		rc = db_step(st);
		if (rc == DB_ROW) {
			mentor = db_col_int(st, 0);
			mentee = db_col_int(st, 1);
			snprintf(old_start, sizeof old_start, "%s", db_col_text(st, 2, NULL));
			snprintf(old_end, sizeof old_end, "%s", db_col_text(st, 3, NULL));
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = err_fail(ERR_NOTFOUND, NULL, "ไม่พบคู่พี่เลี้ยงนี้", "No such mentoring pair.");
		}
		db_done(st);
	}
	if (!rc && in->mentor_person_id > 0 && (rc = person_check(db, a, in->mentor_person_id, "mentor_person_id")) == 0)
		mentor = in->mentor_person_id;
	if (!rc && in->mentee_person_id > 0 && (rc = person_check(db, a, in->mentee_person_id, "mentee_person_id")) == 0)
		mentee = in->mentee_person_id;
	if (!rc && mentor == mentee)
		rc = err_fail(ERR_INVAL, "mentee_person_id", "พี่เลี้ยงและผู้รับการดูแลต้องเป็นคนละคนกัน",
			      "The mentor and the mentee are two different people.");
	if (!rc)
		rc = text_check("goals", in->goals, MENTORING_GOALS_MAX);
	if (!rc)
		rc = date_check("start_date", in->start_date ? in->start_date : old_start, true, start);
	if (!rc)
		rc = date_check("end_date", in->end_date ? in->end_date : old_end, false, end);
	if (!rc)
		rc = period_check(start, end);
	if (!rc && in->active > 1)
		rc = err_fail(ERR_INVAL, "active", "สถานะไม่ถูกต้อง", "Active is 0 or 1.");
	if (rc || (rc = db_begin(db)))
		return rc;
	rc = db_exec(db,
		     "UPDATE mentoring_pairs SET mentor_person_id = $3, mentee_person_id = $4,"
		     " goals = coalesce($5, goals), start_date = $6, end_date = $7,"
		     " active = CASE WHEN $8 < 0 THEN active ELSE $8 END, updated_at = $9"
		     " WHERE id = $1 AND org_id = $2",
		     DB_ARGS(DB_INT(id), DB_INT(a->org_id), DB_INT(mentor), DB_INT(mentee), DB_TEXT(in->goals),
			     DB_TEXT(start), end[0] ? DB_TEXT(end) : DB_NULL, DB_INT(in->active), DB_INT(clock_now())));
	if (!rc)
		rc = audit_log(db, a, "mentoring.update", "mentoring_pair", id, NULL);
	return db_end(db, rc);
}

/* A pair's row for the actor; $1 organisation, $2 the actor's person, $3
 * 1 when the actor sees every pair. */
#define PAIR_COLUMNS                                                                               \
	"SELECT m.id, m.mentor_person_id, pm.name AS mentor_name, pm.position AS mentor_position,"     \
	" m.mentee_person_id, pe.name AS mentee_name, pe.position AS mentee_position, m.goals,"        \
	" m.start_date, m.end_date, m.active,"                                                         \
	" (SELECT count(*) FROM mentoring_log l WHERE l.pair_id = m.id) AS log_count,"                 \
	" (SELECT max(l.date) FROM mentoring_log l WHERE l.pair_id = m.id) AS last_log_date,"          \
	" CASE WHEN m.mentor_person_id = $2 THEN 'mentor' WHEN m.mentee_person_id = $2 THEN 'mentee'"  \
	" ELSE '' END AS my_role"                                                                      \
	" FROM mentoring_pairs m JOIN people pm ON pm.id = m.mentor_person_id"                         \
	" JOIN people pe ON pe.id = m.mentee_person_id"                                                \
	" WHERE m.org_id = $1 AND ($3 = 1 OR m.mentor_person_id = $2 OR m.mentee_person_id = $2)"

static void active_bool(json_t *o)
{
	json_object_set_new(o, "active", json_boolean(json_integer_value(json_object_get(o, "active")) != 0));
}

int mentoring_list(struct db *db, const struct actor *a, json_t **out)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	int rc = db_query_json(db, PAIR_COLUMNS " ORDER BY m.active DESC, m.start_date DESC, m.id DESC",
			       DB_ARGS(DB_INT(a->org_id), DB_INT(a->person_id), DB_INT(manages(a) ? 1 : 0)),
			       MENTORING_PAIRS_MAX, out);
	size_t i;
	json_t *o;
	if (!rc)
		json_array_foreach(*out, i, o) active_bool(o);
	return rc;
}

/* The pair if the actor may see it; *in_pair when the actor is its mentor
 * or mentee. */
static int pair_get(struct db *db, const struct actor *a, int64_t id, json_t **out, bool *in_pair)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	int rc = db_query_json_one(db, PAIR_COLUMNS " AND m.id = $4",
				   DB_ARGS(DB_INT(a->org_id), DB_INT(a->person_id), DB_INT(manages(a) ? 1 : 0),
					   DB_INT(id)),
				   out);
	if (rc == ERR_NOTFOUND)
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบคู่พี่เลี้ยงนี้", "No such mentoring pair.");
	if (rc)
		return rc;
	active_bool(*out);
	*in_pair = json_string_value(json_object_get(*out, "my_role"))[0] != 0;
	return 0;
}

int mentoring_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	json_t *o = NULL, *log = NULL;
	bool in_pair = false;
	int rc = pair_get(db, a, id, &o, &in_pair);
	if (rc)
		return rc;
	if (in_pair &&
	    (rc = db_query_json(db,
				"SELECT id, date, note, author_name, created_at FROM mentoring_log WHERE pair_id = $1"
				" ORDER BY date, id",
				DB_ARGS(DB_INT(id)), MENTORING_LOG_MAX, &log))) {
		json_decref(o);
		return rc;
	}
	if (log)
		json_object_set_new(o, "log", log);
	json_object_set_new(o, "can_write_log", json_boolean(in_pair && json_is_true(json_object_get(o, "active"))));
	json_object_set_new(o, "can_edit", json_boolean(manages(a)));
	*out = o;
	return 0;
}

int mentoring_log_add(struct db *db, const struct actor *a, int64_t id, const char *date, const char *note,
		      int64_t *id_out)
{
	json_t *pair = NULL;
	bool in_pair = false;
	char day[11];
	int rc = pair_get(db, a, id, &pair, &in_pair);
	bool active = !rc && json_is_true(json_object_get(pair, "active"));
	json_decref(pair);
	if (!rc && !in_pair)
		rc = err_fail(ERR_FORBIDDEN, NULL, "เฉพาะพี่เลี้ยงและผู้รับการดูแลที่บันทึกได้",
			      "Only the mentor and the mentee write the log.");
	if (!rc && !active)
		rc = err_fail(ERR_FORBIDDEN, NULL, "คู่พี่เลี้ยงนี้สิ้นสุดแล้ว", "This mentoring pair has ended.");
	if (!rc)
		rc = date_check("date", date, true, day);
	if (!rc && (!note || !note[strspn(note, " \t\r\n")]))
		rc = err_fail(ERR_INVAL, "note", "กรุณากรอกบันทึก", "The note is required.");
	if (!rc)
		rc = text_check("note", note, MENTORING_NOTE_MAX);
	if (rc || (rc = db_begin(db)))
		return rc;
	int64_t count = 0, entry = 0;
	rc = db_query_int(db, "SELECT count(*) FROM mentoring_log WHERE pair_id = $1", DB_ARGS(DB_INT(id)), &count);
	if (!rc && count >= MENTORING_LOG_MAX)
		rc = err_fail(ERR_TOOBIG, NULL, "บันทึกของคู่พี่เลี้ยงนี้ครบจำนวนที่กำหนดแล้ว",
			      "This pair's log has as many entries as allowed.");
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO mentoring_log (org_id, pair_id, date, note, author_account_id, author_name,"
				  " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(id), DB_TEXT(day), DB_TEXT(note),
					  DB_ID_OR_NULL(a->account_id), DB_TEXT(a->name), DB_INT(clock_now())),
				  &entry);
	/* The trail says that an entry was written, never what it says. */
	if (!rc)
		rc = audit_log(db, a, "mentoring.log", "mentoring_pair", id, NULL);
	if ((rc = db_end(db, rc)))
		return rc;
	if (id_out)
		*id_out = entry;
	return 0;
}

int mentoring_people(struct db *db, const struct actor *a, json_t **out)
{
	int rc = manage_check(a);
	if (rc)
		return rc;
	return db_query_json(db,
			     "SELECT p.id, p.name, p.position, coalesce(u.name, '') AS unit_name FROM people p"
			     " LEFT JOIN units u ON u.id = p.unit_id WHERE p.org_id = $1 AND p.active = 1"
			     " ORDER BY p.name, p.id",
			     DB_ARGS(DB_INT(a->org_id)), PEOPLE_MAX, out);
}
