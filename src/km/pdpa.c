/* pdpa: a person's data exported, a departed person anonymised, training records purged. */
#include "km/pdpa.h"

#include <stdio.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "km/account.h"
#include "km/audit.h"
#include "store/db.h"
#include "store/db_json.h"

/* Rows of the person's accounts, in queries whose $1 is the person and $2
 * the organisation. */
#define MINE(col) " " col " IN (SELECT id FROM accounts WHERE person_id = $1 AND org_id = $2)"

/* One section of the export: its name and the query for its rows ($1 the
 * person, $2 the organisation). */
static const struct {
	const char *name;
	const char *sql;
} sections[] = {
	{"job_lines", "SELECT j.name AS job_line, h.from_date, h.to_date FROM person_job_lines h"
		      " JOIN job_lines j ON j.id = h.job_line_id WHERE h.person_id = $1 AND h.org_id = $2"
		      " ORDER BY h.from_date"},
	{"accounts", "SELECT id, login, committee_role, disabled, lang, created_at, password_changed_at"
		     " FROM accounts WHERE person_id = $1 AND org_id = $2 ORDER BY id"},
	{"roles", "SELECT account_id, role FROM account_roles WHERE" MINE("account_id") " ORDER BY account_id, role"},
	{"api_tokens", "SELECT id, account_id, name, created_at, last_used_at, revoked FROM api_tokens WHERE"
		       MINE("account_id") " ORDER BY id"},
	{"sessions", "SELECT id, account_id, created_at, seen_at, expires_at, ip FROM sessions WHERE"
		     MINE("account_id") " ORDER BY id"},
	{"login_failures", "SELECT login, at, ip FROM login_failures WHERE login IN"
			   " (SELECT login FROM accounts WHERE person_id = $1 AND org_id = $2) ORDER BY id"},
	{"documents", "SELECT d.id, d.title, d.kind, d.status, d.published_fy FROM document_authors x"
		      " JOIN documents d ON d.id = x.document_id WHERE x.person_id = $1 AND x.org_id = $2"
		      " ORDER BY d.id"},
	{"revisions", "SELECT document_id, id AS revision_id, number, title, note, author_name, created_at"
		      " FROM document_revisions WHERE org_id = $2 AND" MINE("author_account_id") " ORDER BY id"},
	{"transitions", "SELECT document_id, revision_id, action, from_state, to_state, actor_name, actor_position,"
			" comment, at FROM document_transitions WHERE org_id = $2 AND" MINE("actor_account_id")
			" ORDER BY id"},
	{"comments", "SELECT id, document_id, revision_id, section, body, author_name, created_at"
		     " FROM document_comments WHERE org_id = $2 AND" MINE("account_id") " ORDER BY id"},
	{"feedback", "SELECT id, document_id, helpful, comment, at FROM document_feedback WHERE org_id = $2 AND"
		     MINE("account_id") " ORDER BY id"},
	{"reads", "SELECT document_id, revision_id, at FROM document_reads WHERE org_id = $2 AND"
		  MINE("account_id") " ORDER BY at"},
	{"notifications", "SELECT id, kind, document_id, actor_name, text, created_at, read_at FROM notifications"
			  " WHERE org_id = $2 AND" MINE("account_id") " ORDER BY id"},
	{"mail", "SELECT id, to_addr, subject, body, created_at, sent_at FROM mail_outbox WHERE org_id = $2"
		 " AND to_addr <> '' AND to_addr = (SELECT email FROM people WHERE id = $1 AND org_id = $2)"
		 " ORDER BY id"},
	{"activities", "SELECT a.id AS activity_id, a.title, a.kind, a.provider, a.start_date, a.end_date, a.fy,"
		       " coalesce(x.hours, a.hours) AS hours, x.report_status, x.report_document_id,"
		       " x.certificate_name, x.added_at FROM activity_participants x"
		       " JOIN activities a ON a.id = x.activity_id WHERE x.person_id = $1 AND x.org_id = $2"
		       " ORDER BY a.start_date, a.id"},
	{"mentoring", "SELECT m.id, CASE WHEN m.mentor_person_id = $1 THEN 'mentor' ELSE 'mentee' END AS role,"
		      " o.name AS partner_name, m.goals, m.start_date, m.end_date, m.active FROM mentoring_pairs m"
		      " JOIN people o ON o.id = CASE WHEN m.mentor_person_id = $1 THEN m.mentee_person_id"
		      " ELSE m.mentor_person_id END"
		      " WHERE m.org_id = $2 AND (m.mentor_person_id = $1 OR m.mentee_person_id = $1) ORDER BY m.id"},
	{"mentoring_log", "SELECT id, pair_id, date, note, created_at FROM mentoring_log WHERE org_id = $2 AND"
			  MINE("author_account_id") " ORDER BY id"},
	{"communities", "SELECT c.id AS community_id, c.name, m.role, m.joined_at FROM community_members m"
			" JOIN communities c ON c.id = m.community_id WHERE m.org_id = $2 AND" MINE("m.account_id")
			" ORDER BY c.id"},
	{"threads", "SELECT id, community_id, title, body_md, created_at FROM community_threads WHERE org_id = $2"
		    " AND" MINE("author_account_id") " ORDER BY id"},
	{"replies", "SELECT id, thread_id, body_md, created_at, edited_at FROM community_replies WHERE org_id = $2"
		    " AND" MINE("author_account_id") " ORDER BY id"},
	{"expert_interviews", "SELECT id, CASE WHEN expert_person_id = $1 THEN 'expert' ELSE 'interviewer' END AS role,"
			      " topic, date, interviewer_name, consent_given, consent_at, consent_method, consent_note,"
			      " document_id, created_at FROM expert_interviews WHERE org_id = $2 AND (expert_person_id = $1"
			      " OR" MINE("interviewer_account_id") ") ORDER BY id"},
	{"audit", "SELECT id, at, actor, action, target_type, target_id, ip, detail FROM audit_events"
		  " WHERE org_id = $2 AND" MINE("actor_account_id") " ORDER BY id"},
};

/* Times (a key "at" or ending in "_at" with an integer) as ISO 8601 UTC. */
static void iso_times(json_t *row)
{
	const char *key;
	json_t *v;
	json_object_foreach(row, key, v)
	{
		size_t n = strlen(key);
		if (!json_is_integer(v) || !(!strcmp(key, "at") || (n > 3 && !strcmp(key + n - 3, "_at"))))
			continue;
		char iso[21];
		audit_time_iso(json_integer_value(v), iso);
		json_object_set_new(row, key, json_string(iso));
	}
}

static int may_export(const struct actor *a, int64_t person_id)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	if (a->operator || (a->roles & ROLE_ADMIN) || (a->person_id && a->person_id == person_id))
		return 0;
	return err_fail(ERR_FORBIDDEN, NULL, "ส่งออกได้เฉพาะข้อมูลของตนเอง ผู้ดูแลระบบจึงส่งออกข้อมูลของผู้อื่นได้",
			"You may export your own data only; admins export anyone's.");
}

int pdpa_export(struct db *db, const struct actor *a, int64_t person_id, const char *format, json_t **out)
{
	int rc = may_export(a, person_id);
	if (rc)
		return rc;
	json_t *person = NULL, *all = NULL, *truncated = json_array();
	rc = db_query_json_one(db,
			       "SELECT p.id, p.name, p.position, p.level, u.name AS unit_name, j.name AS job_line,"
			       " p.employment_type, p.email, p.start_date, p.retirement_date, p.active, p.created_at,"
			       " p.updated_at FROM people p LEFT JOIN units u ON u.id = p.unit_id"
			       " LEFT JOIN job_lines j ON j.id = p.job_line_id WHERE p.id = $1 AND p.org_id = $2",
			       DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)), &person);
	if (rc == ERR_NOTFOUND)
		rc = err_fail(rc, NULL, "ไม่พบบุคลากรนี้", "No such person.");
	if (!rc) {
		iso_times(person);
		all = json_pack("{s:o}", "person", person);
		rc = all && truncated ? 0 : ERR_NOMEM;
	}
	for (size_t i = 0; !rc && i < sizeof sections / sizeof sections[0]; i++) {
		json_t *rows = NULL;
		rc = db_query_json(db, sections[i].sql, DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)),
				   PDPA_SECTION_MAX, &rows);
		if (rc)
			break;
		size_t k;
		json_t *row;
		json_array_foreach(rows, k, row)
			iso_times(row);
		if (json_array_size(rows) >= PDPA_SECTION_MAX)
			json_array_append_new(truncated, json_string(sections[i].name));
		json_object_set_new(all, sections[i].name, rows);
	}
	if (!rc)
		rc = audit_log(db, a, "person.export", "person", person_id, format);
	if (!rc) {
		char iso[21];
		audit_time_iso(clock_now(), iso);
		json_object_set_new(all, "export",
				    json_pack("{s:I, s:s, s:s, s:O}", "person_id", (json_int_t)person_id, "exported_at",
					      iso, "by", person_id == a->person_id ? "self" : "admin", "truncated",
					      truncated));
	}
	json_decref(truncated);
	if (rc) {
		json_decref(all);
		return rc;
	}
	*out = all;
	return 0;
}

void pdpa_label(const char *position, char *out, size_t cap)
{
	int n = position && position[0] ? snprintf(out, cap, "อดีตบุคลากร (ตำแหน่ง %s)", position)
					 : snprintf(out, cap, "อดีตบุคลากร");
	if (n >= 0 && (size_t)n >= cap && cap > 1) {
		/* Too long for the name column's room: cut whole characters and close the bracket. */
		size_t keep = utf8_cut(out, cap - 1, cap - 2);
		out[keep] = ')';
		out[keep + 1] = 0;
	}
}

/* Copies of the name outside the person row, rewritten to the label ($3)
 * for the person's accounts. */
static const char *const renames[] = {
	"UPDATE document_revisions SET author_name = $3 WHERE org_id = $2 AND" MINE("author_account_id"),
	"UPDATE document_transitions SET actor_name = $3 WHERE org_id = $2 AND" MINE("actor_account_id"),
	"UPDATE document_comments SET author_name = $3 WHERE org_id = $2 AND" MINE("account_id"),
	"UPDATE community_threads SET author_name = $3 WHERE org_id = $2 AND" MINE("author_account_id"),
	"UPDATE community_replies SET author_name = $3 WHERE org_id = $2 AND" MINE("author_account_id"),
	"UPDATE mentoring_log SET author_name = $3 WHERE org_id = $2 AND" MINE("author_account_id"),
	"UPDATE expert_interviews SET interviewer_name = $3 WHERE org_id = $2 AND" MINE("interviewer_account_id"),
};

/* Their accounts: disabled through km/account (sessions ended, tokens
 * revoked, the last admin kept), then stripped of what identifies them. */
static int accounts_clear(struct db *db, const struct actor *a, int64_t person_id, int64_t *count)
{
	json_t *accounts = NULL;
	int rc = db_query_json(db, "SELECT id, login, disabled FROM accounts WHERE person_id = $1 AND org_id = $2",
			       DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)), 0, &accounts);
	size_t i;
	json_t *c;
	json_array_foreach(accounts, i, c)
	{
		if (rc)
			break;
		int64_t id = json_integer_value(json_object_get(c, "id"));
		const char *login = json_string_value(json_object_get(c, "login"));
		char anon[32];
		snprintf(anon, sizeof anon, "anon-%lld", (long long)id);
		if (!json_integer_value(json_object_get(c, "disabled")))
			rc = account_disable(db, a, login);
		if (!rc)
			rc = db_exec(db, "DELETE FROM login_failures WHERE login = $1", DB_ARGS(DB_TEXT(login)));
		if (!rc)
			rc = db_exec(db,
				     "UPDATE accounts SET login = $2, pass_hash = '', committee_role = NULL, disabled = 1"
				     " WHERE id = $1",
				     DB_ARGS(DB_INT(id), DB_TEXT(anon)));
	}
	*count = (int64_t)json_array_size(accounts);
	json_decref(accounts);
	if (!rc)
		rc = db_exec(db, "DELETE FROM sessions WHERE" MINE("account_id"),
			     DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)));
	if (!rc)
		rc = db_exec(db, "UPDATE api_tokens SET revoked = 1, name = '' WHERE" MINE("account_id"),
			     DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)));
	if (!rc)
		rc = db_exec(db, "DELETE FROM notifications WHERE" MINE("account_id"),
			     DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)));
	return rc;
}

int pdpa_anonymise(struct db *db, const struct actor *a, int64_t person_id, bool confirm, json_t **out)
{
	if (!a->operator && !(a->roles & ROLE_ADMIN))
		return err_fail(ERR_FORBIDDEN, NULL, "การปกปิดตัวตนทำได้โดยผู้ดูแลระบบเท่านั้น",
				"Only admins anonymise people.");
	if (!confirm)
		return err_fail(ERR_INVAL, "confirm", "การปกปิดตัวตนย้อนกลับไม่ได้ กรุณายืนยันก่อน",
				"Anonymisation cannot be undone: confirm it first.");
	json_t *p = NULL;
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = db_query_json_one(db, "SELECT name, position, email, active FROM people WHERE id = $1 AND org_id = $2",
			       DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)), &p);
	if (rc == ERR_NOTFOUND)
		rc = err_fail(rc, NULL, "ไม่พบบุคลากรนี้", "No such person.");
	if (!rc && json_integer_value(json_object_get(p, "active")))
		rc = err_fail(ERR_CONFLICT, "active",
			      "ปกปิดตัวตนได้เฉพาะบุคลากรที่พ้นจากหน่วยงานแล้ว กรุณาเปลี่ยนสถานะเป็น \"พ้นจากหน่วยงาน\" ก่อน",
			      "Only a person who has left can be anonymised: set their status to \"left\" first.");
	if (!rc && person_id == a->person_id)
		rc = err_fail(ERR_CONFLICT, NULL, "ปกปิดตัวตนของตนเองไม่ได้", "You cannot anonymise yourself.");
	char label[640];
	pdpa_label(rc ? NULL : json_string_value(json_object_get(p, "position")), label, sizeof label);
	const char *old = rc ? "" : json_string_value(json_object_get(p, "name"));
	const char *email = rc ? "" : json_string_value(json_object_get(p, "email"));
	int64_t accounts = 0, renamed = 0;
	if (!rc)
		rc = accounts_clear(db, a, person_id, &accounts);
	for (size_t i = 0; !rc && i < sizeof renames / sizeof renames[0]; i++) {
		rc = db_exec(db, renames[i], DB_ARGS(DB_INT(person_id), DB_INT(a->org_id), DB_TEXT(label)));
		renamed += rc ? 0 : db_changes(db);
	}
	/* Others' notifications name who acted. */
	if (!rc && old[0] && strcmp(old, label)) {
		rc = db_exec(db, "UPDATE notifications SET actor_name = $3 WHERE org_id = $2 AND actor_name = $1",
			     DB_ARGS(DB_TEXT(old), DB_INT(a->org_id), DB_TEXT(label)));
		renamed += rc ? 0 : db_changes(db);
	}
	if (!rc && email[0])
		rc = db_exec(db, "DELETE FROM mail_outbox WHERE org_id = $1 AND to_addr = $2",
			     DB_ARGS(DB_INT(a->org_id), DB_TEXT(email)));
	if (!rc)
		rc = db_exec(db,
			     "UPDATE activity_participants SET certificate_name = 'certificate'"
			     " WHERE person_id = $1 AND org_id = $2 AND certificate_name IS NOT NULL",
			     DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)));
	if (!rc)
		rc = db_exec(db,
			     "UPDATE people SET name = $3, email = '', start_date = NULL, retirement_date = NULL,"
			     " updated_at = $4 WHERE id = $1 AND org_id = $2",
			     DB_ARGS(DB_INT(person_id), DB_INT(a->org_id), DB_TEXT(label), DB_INT(clock_now())));
	char detail[64];
	snprintf(detail, sizeof detail, "accounts %lld, copies %lld", (long long)accounts, (long long)renamed);
	if (!rc)
		rc = audit_log(db, a, "person.anonymise", "person", person_id, detail);
	json_decref(p);
	if ((rc = db_end(db, rc)))
		return rc;
	if (out) {
		*out = json_pack("{s:I, s:s, s:I, s:I}", "person_id", (json_int_t)person_id, "name", label, "accounts",
				 (json_int_t)accounts, "renamed", (json_int_t)renamed);
		if (!*out)
			return ERR_NOMEM;
	}
	return 0;
}

/* Today less `years` (29 February becomes 28 February in a common year). */
static void cutoff_of(int years, char out[11])
{
	struct date d = cal_from_unix(clock_now());
	d.y -= years;
	if (!cal_valid(d))
		d.d = cal_days_in_month(d.y, d.m);
	cal_iso(d, out);
}

int pdpa_training_purge(struct db *db, const struct actor *a, int years, bool dry_run, struct pdpa_purge *out)
{
	memset(out, 0, sizeof *out);
	if (!a->operator)
		return err_fail(ERR_FORBIDDEN, NULL, "การลบประวัติการพัฒนาตามระยะเวลาเก็บรักษาทำผ่านคำสั่งของผู้ดูแลเครื่องเท่านั้น",
				"Training records are purged by the operator's command only.");
	if (years < 1 || years > 100)
		return err_fail(ERR_INVAL, "training_retention_years", "ระยะเวลาเก็บรักษาต้องอยู่ระหว่าง 1 ถึง 100 ปี",
				"The retention period is 1 to 100 years.");
	cutoff_of(years, out->cutoff);
	json_t *orgs = NULL;
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = db_query_json(db,
			   "SELECT o.id,"
			   " (SELECT count(*) FROM activity_participants x JOIN activities t ON t.id = x.activity_id"
			   " WHERE t.org_id = o.id AND t.end_date < $1) AS participants,"
			   " (SELECT count(*) FROM activities t WHERE t.org_id = o.id AND t.end_date < $1) AS activities"
			   " FROM organisations o ORDER BY o.id",
			   DB_ARGS(DB_TEXT(out->cutoff)), 0, &orgs);
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o)
	{
		int64_t parts = json_integer_value(json_object_get(o, "participants"));
		int64_t acts = json_integer_value(json_object_get(o, "activities"));
		if (rc || (!parts && !acts))
			continue;
		out->participants += parts;
		out->activities += acts;
		out->orgs++;
		if (dry_run)
			continue;
		struct actor op;
		authz_operator(&op, json_integer_value(json_object_get(o, "id")));
		rc = db_exec(db,
			     "DELETE FROM activity_participants WHERE activity_id IN"
			     " (SELECT id FROM activities WHERE org_id = $1 AND end_date < $2)",
			     DB_ARGS(DB_INT(op.org_id), DB_TEXT(out->cutoff)));
		if (!rc)
			rc = db_exec(db, "DELETE FROM activities WHERE org_id = $1 AND end_date < $2",
				     DB_ARGS(DB_INT(op.org_id), DB_TEXT(out->cutoff)));
		char detail[128];
		snprintf(detail, sizeof detail, "ended before %s: %lld participations, %lld activities", out->cutoff,
			 (long long)parts, (long long)acts);
		if (!rc)
			rc = audit_log(db, &op, "training.purge", "activity", 0, detail);
	}
	json_decref(orgs);
	/* A dry run ends as it began: nothing written. */
	if (dry_run && !rc) {
		db_rollback(db);
		return 0;
	}
	return db_end(db, rc);
}
