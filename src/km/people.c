/* people: the staff registry. */
#include "km/people.h"

#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/cal.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "store/db.h"
#include "store/db_json.h"

static const struct {
	const char *code;
	const char *th;
} employment[] = {
	{"municipal_employee", "พนักงานเทศบาล"},
	{"permanent_worker", "ลูกจ้างประจำ"},
	{"contract_worker", "พนักงานจ้าง"},
};

const char *person_employment_label_th(const char *type)
{
	for (size_t i = 0; type && i < sizeof employment / sizeof employment[0]; i++) {
		if (strcmp(employment[i].code, type) == 0)
			return employment[i].th;
	}
	return "";
}

int person_list(struct db *db, const struct actor *a, int64_t unit_id, int all, int page,
		int per_page, json_t **items, int64_t *total)
{
	int rc = authz_require(a, PERM_PEOPLE_READ);
	if (rc)
		return rc;
	if (per_page < 1 || per_page > PERSON_LIST_MAX)
		per_page = PERSON_LIST_MAX;
	if (page < 1)
		page = 1;
	rc = db_query_int(db,
			  "SELECT count(*) FROM people WHERE org_id = $1 AND ($2 = 0 OR unit_id = $2)"
			  " AND ($3 = 1 OR active = 1)",
			  DB_ARGS(DB_INT(a->org_id), DB_INT(unit_id), DB_INT(all ? 1 : 0)), total);
	if (rc)
		return rc;
	return db_query_json(db,
			     "SELECT p.id, p.name, p.position, p.level, p.unit_id, u.name AS unit_name,"
			     " p.job_line_id, j.name AS job_line, p.employment_type, p.email, p.active"
			     " FROM people p LEFT JOIN units u ON u.id = p.unit_id"
			     " LEFT JOIN job_lines j ON j.id = p.job_line_id"
			     " WHERE p.org_id = $1 AND ($2 = 0 OR p.unit_id = $2) AND ($3 = 1 OR p.active = 1)"
			     " ORDER BY u.sort, u.name, p.name LIMIT $4 OFFSET $5",
			     DB_ARGS(DB_INT(a->org_id), DB_INT(unit_id), DB_INT(all ? 1 : 0),
				     DB_INT(per_page), DB_INT((int64_t)(page - 1) * per_page)),
			     0, items);
}

int person_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	int rc = authz_require(a, PERM_PEOPLE_READ);
	if (rc)
		return rc;
	rc = db_query_json_one(db,
			       "SELECT p.id, p.name, p.position, p.level, p.unit_id, u.name AS unit_name,"
			       " p.job_line_id, j.name AS job_line, p.employment_type, p.email,"
			       " p.start_date, p.retirement_date, p.active"
			       " FROM people p LEFT JOIN units u ON u.id = p.unit_id"
			       " LEFT JOIN job_lines j ON j.id = p.job_line_id"
			       " WHERE p.id = $1 AND p.org_id = $2",
			       DB_ARGS(DB_INT(id), DB_INT(a->org_id)), out);
	if (rc == ERR_NOTFOUND)
		err_fail(rc, NULL, "ไม่พบบุคลากรนี้", "No such person.");
	/* Someone else's record seen is recorded, or not shown. */
	if (!rc && id != a->person_id && (rc = audit_log(db, a, "person.view", "person", id, NULL))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static int check_line(const char *field, const char *s, size_t max, bool required, const char *th,
		      const char *en)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	if ((required && n == 0) || utf8_count(s, n) > max || !utf8_valid_text(s, n) ||
	    strchr(s, '\n') || strchr(s, '\r') || strchr(s, '\t'))
		return err_fail(ERR_INVAL, field, th, en);
	return 0;
}

static int check_date(const char *field, const char *s)
{
	struct date d;
	if (!s || !s[0])
		return 0;
	if (cal_parse_iso(s, strlen(s), &d))
		return err_fail(ERR_INVAL, field, "วันที่ต้องอยู่ในรูปแบบ ปปปป-ดด-วว (ค.ศ.)",
				"Dates are YYYY-MM-DD.");
	return 0;
}

/* Checks that unit and job line, when given, belong to the organisation. */
static int check_refs(struct db *db, int64_t org_id, const struct person_input *in)
{
	int64_t n = 0;
	int rc = 0;
	if (in->unit_id > 0) {
		rc = db_query_int(db, "SELECT count(*) FROM units WHERE id = $1 AND org_id = $2",
				  DB_ARGS(DB_INT(in->unit_id), DB_INT(org_id)), &n);
		if (!rc && !n)
			return err_fail(ERR_INVAL, "unit_id", "ไม่พบหน่วยงานที่เลือก", "Unknown unit.");
	}
	if (!rc && in->job_line_id > 0) {
		rc = db_query_int(db, "SELECT count(*) FROM job_lines WHERE id = $1 AND org_id = $2",
				  DB_ARGS(DB_INT(in->job_line_id), DB_INT(org_id)), &n);
		if (!rc && !n)
			return err_fail(ERR_INVAL, "job_line_id", "ไม่พบสายงานที่เลือก",
					"Unknown job line.");
	}
	return rc;
}

static int check_person(const struct person_input *in, bool creating)
{
	int rc;
	if (creating && !in->name)
		return err_fail(ERR_INVAL, "name", "ต้องระบุชื่อ-สกุล", "A name is required.");
	if ((rc = check_line("name", in->name, PERSON_NAME_MAX, true,
			     "ต้องระบุชื่อ-สกุล (ไม่เกิน 160 ตัวอักษร)",
			     "A name of up to 160 characters is required.")) ||
	    (rc = check_line("position", in->position, 200, false, "ตำแหน่งยาวเกินไป",
			     "The position is too long.")) ||
	    (rc = check_line("level", in->level, 100, false, "ระดับยาวเกินไป",
			     "The level is too long.")) ||
	    (rc = check_line("email", in->email, 254, false, "อีเมลไม่ถูกต้อง",
			     "The e-mail address is not valid.")) ||
	    (rc = check_date("start_date", in->start_date)) ||
	    (rc = check_date("retirement_date", in->retirement_date)) ||
	    (rc = check_date("job_line_since", in->job_line_since)))
		return rc;
	if (in->email && in->email[0] && !strchr(in->email, '@'))
		return err_fail(ERR_INVAL, "email", "อีเมลไม่ถูกต้อง", "The e-mail address is not valid.");
	if (in->employment_type && !person_employment_label_th(in->employment_type)[0])
		return err_fail(ERR_INVAL, "employment_type", "ประเภทการจ้างไม่ถูกต้อง",
				"Unknown employment type.");
	return 0;
}

/* Moves a person to job line `line` (0: none) from `since`: the current
 * period ends there and, unless the line is the same, a new one begins. A
 * change dated before the current period began replaces that period. */
static int job_line_move(struct db *db, int64_t org_id, int64_t person, int64_t line, const char *since)
{
	int64_t same = 0;
	int rc = db_query_int(db,
			      "SELECT count(*) FROM person_job_lines WHERE person_id = $1 AND to_date IS NULL"
			      " AND job_line_id = $2",
			      DB_ARGS(DB_INT(person), DB_INT(line)), &same);
	if (rc || same)
		return rc;
	rc = db_exec(db, "DELETE FROM person_job_lines WHERE person_id = $1 AND to_date IS NULL AND from_date >= $2",
		     DB_ARGS(DB_INT(person), DB_TEXT(since)));
	if (!rc)
		rc = db_exec(db, "UPDATE person_job_lines SET to_date = $2 WHERE person_id = $1 AND to_date IS NULL",
			     DB_ARGS(DB_INT(person), DB_TEXT(since)));
	if (!rc && line > 0)
		rc = db_exec(db,
			     "INSERT INTO person_job_lines (org_id, person_id, job_line_id, from_date)"
			     " VALUES ($1, $2, $3, $4)",
			     DB_ARGS(DB_INT(org_id), DB_INT(person), DB_INT(line), DB_TEXT(since)));
	return rc;
}

/* The day a job line change takes effect: the one given, else `dflt`,
 * else today. */
static const char *since_of(const struct person_input *in, const char *dflt, char today[11])
{
	if (in->job_line_since && in->job_line_since[0])
		return in->job_line_since;
	if (dflt && dflt[0])
		return dflt;
	cal_iso(cal_from_unix(clock_now()), today);
	return today;
}

static struct db_arg date_arg(const char *s)
{
	return s && s[0] ? DB_TEXT(s) : DB_NULL;
}

int person_create(struct db *db, const struct actor *a, const struct person_input *in,
		  int64_t *id_out)
{
	int rc = authz_require(a, PERM_PEOPLE_EDIT);
	if (rc || (rc = check_person(in, true)) || (rc = check_refs(db, a->org_id, in)))
		return rc;
	int64_t now = clock_now(), id = 0;
	if ((rc = db_begin(db)))
		return rc;
	rc = db_query_int(db,
			  "INSERT INTO people (org_id, unit_id, job_line_id, name, position, level,"
			  " employment_type, email, start_date, retirement_date, active, created_at,"
			  " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)"
			  " RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_ID_OR_NULL(in->unit_id),
				  DB_ID_OR_NULL(in->job_line_id), DB_TEXT(in->name),
				  DB_TEXT(in->position ? in->position : ""),
				  DB_TEXT(in->level ? in->level : ""),
				  DB_TEXT(in->employment_type ? in->employment_type : "municipal_employee"),
				  DB_TEXT(in->email ? in->email : ""), date_arg(in->start_date),
				  date_arg(in->retirement_date), DB_INT(in->active == 0 ? 0 : 1),
				  DB_INT(now)),
			  &id);
	char today[11];
	if (!rc && in->job_line_id > 0)
		/* Without a start date nothing says when the line began: held since ever. */
		rc = job_line_move(db, a->org_id, id, in->job_line_id,
				   since_of(in, in->start_date && in->start_date[0] ? in->start_date : "1900-01-01", today));
	if (!rc)
		rc = audit_log(db, a, "person.create", "person", id, NULL);
	rc = db_end(db, rc);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int person_update(struct db *db, const struct actor *a, int64_t id, const struct person_input *in)
{
	int rc = authz_require(a, PERM_PEOPLE_EDIT);
	if (rc || (rc = check_person(in, false)) || (rc = check_refs(db, a->org_id, in)))
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	/* For the dates: NULL leaves, "" clears, a date sets. */
	rc = db_exec(db,
		     "UPDATE people SET name = coalesce($1, name), position = coalesce($2, position),"
		     " level = coalesce($3, level), email = coalesce($4, email),"
		     " employment_type = coalesce($5, employment_type),"
		     " start_date = CASE WHEN $6 IS NULL THEN start_date WHEN $6 = '' THEN NULL ELSE $6 END,"
		     " retirement_date = CASE WHEN $7 IS NULL THEN retirement_date WHEN $7 = '' THEN NULL ELSE $7 END,"
		     " unit_id = CASE WHEN $8 < 0 THEN unit_id WHEN $8 = 0 THEN NULL ELSE $8 END,"
		     " job_line_id = CASE WHEN $9 < 0 THEN job_line_id WHEN $9 = 0 THEN NULL ELSE $9 END,"
		     " active = CASE WHEN $10 < 0 THEN active ELSE $10 END, updated_at = $11"
		     " WHERE id = $12 AND org_id = $13",
		     DB_ARGS(DB_TEXT(in->name), DB_TEXT(in->position), DB_TEXT(in->level),
			     DB_TEXT(in->email), DB_TEXT(in->employment_type),
			     DB_TEXT(in->start_date), DB_TEXT(in->retirement_date),
			     DB_INT(in->unit_id), DB_INT(in->job_line_id), DB_INT(in->active),
			     DB_INT(clock_now()), DB_INT(id), DB_INT(a->org_id)));
	if (!rc && db_changes(db) == 0)
		rc = err_fail(ERR_NOTFOUND, NULL, "ไม่พบบุคลากรนี้", "No such person.");
	char today[11];
	if (!rc && in->job_line_id >= 0)
		rc = job_line_move(db, a->org_id, id, in->job_line_id, since_of(in, NULL, today));
	if (!rc)
		rc = audit_log(db, a, "person.update", "person", id, NULL);
	return db_end(db, rc);
}

int person_committee(struct db *db, const struct actor *a, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	if (rc)
		return rc;
	return db_query_json(db,
			     "SELECT c.id AS account_id, c.committee_role, p.name, p.position,"
			     " u.name AS unit_name"
			     " FROM accounts c JOIN account_roles r ON r.account_id = c.id AND r.role = 'km_committee'"
			     " LEFT JOIN people p ON p.id = c.person_id LEFT JOIN units u ON u.id = p.unit_id"
			     " WHERE c.org_id = $1 AND c.disabled = 0"
			     " ORDER BY CASE c.committee_role WHEN 'chair' THEN 1 WHEN 'vice_chair' THEN 2"
			     " WHEN 'member' THEN 3 WHEN 'secretary' THEN 4 ELSE 5 END, c.id",
			     DB_ARGS(DB_INT(a->org_id)), 0, out);
}
