/* community: communities of practice, their boards and meetings. */
#include "km/community.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/cal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "export/markdown.h"
#include "export/sniff.h"
#include "km/audit.h"
#include "km/doc.h"
#include "km/notify.h"
#include "store/blob.h"
#include "store/db.h"
#include "store/db_json.h"

const char *const community_doc_kinds[] = {"article", "good_practice", NULL};

#define FILENAME_MAX_BYTES 255
#define MEETINGS_SHOWN 50 /* on a community's page, newest first */

/* Admins and the KM committee run every community. */
static bool manages(const struct actor *a)
{
	return a->operator || (a->roles & (ROLE_ADMIN | ROLE_COMMITTEE));
}

static int need_account(const struct actor *a)
{
	if (a->account_id || a->operator)
		return 0;
	return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
}

static bool blank(const char *s)
{
	for (; s && *s; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	}
	return true;
}

/* Text of at most `max` characters; `line`: without line breaks. NULL
 * passes unless required. */
static int check_text(const char *field, const char *s, size_t max, bool required, bool line)
{
	if (!s && !required)
		return 0;
	size_t n = s ? strlen(s) : 0;
	if (required && blank(s))
		return err_fail(ERR_INVAL, field, "กรุณากรอกข้อความ", "This field is required.");
	if (!utf8_valid_text(s, n) || (line && strpbrk(s, "\r\n\t")))
		return err_fail(ERR_INVAL, field, "ข้อความมีอักขระที่ใช้ไม่ได้", "The text holds characters that are not allowed.");
	if (utf8_count(s, n) > max)
		return err_fail(ERR_TOOBIG, field, "ข้อความยาวเกินกำหนด", "The text is too long.");
	return 0;
}

/* Integer 0/1 columns of a row as JSON booleans. */
static void to_bools(json_t *o, const char *const *keys)
{
	for (; *keys; keys++) {
		json_t *v = json_object_get(o, *keys);
		if (json_is_integer(v))
			json_object_set_new(o, *keys, json_boolean(json_integer_value(v) != 0));
	}
}

static void rows_to_bools(json_t *rows, const char *const *keys)
{
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o) to_bools(o, keys);
}

/* Adds o[html_key]: o[md_key] rendered as safe HTML. */
static int add_html(json_t *o, const char *md_key, const char *html_key)
{
	const char *md = json_string_value(json_object_get(o, md_key));
	struct buf html;
	buf_init(&html, (size_t)4 << 20);
	int rc = md_to_html(md ? md : "", md ? strlen(md) : 0, &html);
	if (!rc)
		rc = buf_err(&html);
	if (!rc && json_object_set_new(o, html_key, json_stringn(buf_cstr(&html), html.len)))
		rc = ERR_NOMEM;
	buf_release(&html);
	return rc;
}

static int add_html_all(json_t *rows, const char *md_key, const char *html_key)
{
	size_t i;
	json_t *o;
	int rc = 0;
	json_array_foreach(rows, i, o) {
		if (!rc)
			rc = add_html(o, md_key, html_key);
	}
	return rc;
}

static void paging(int *page, int *per_page)
{
	if (*per_page < 1 || *per_page > COMMUNITY_PAGE_MAX)
		*per_page = COMMUNITY_PAGE_MAX;
	if (*page < 1)
		*page = 1;
	if (*page > 1000000)
		*page = 1000000;
}

/* ERR_TOOBIG (with the message) when `sql`, counting the rows under
 * `parent`, says that `adding` more would pass `max`. */
static int room(struct db *db, const char *sql, int64_t parent, int64_t adding, int64_t max, const char *field,
		const char *th, const char *en)
{
	int64_t count = 0;
	int rc = db_query_int(db, sql, DB_ARGS(DB_INT(parent)), &count);
	if (!rc && count + adding > max)
		rc = err_fail(ERR_TOOBIG, field, th, en);
	return rc;
}

/* A community as its checks need it, with the actor's membership. */
struct comm {
	int64_t id, facilitator;
	bool active, member;
	char name[COMMUNITY_NAME_MAX * 4 + 1];
};

static int comm_load(struct db *db, const struct actor *a, int64_t id, struct comm *c)
{
	int rc = need_account(a);
	if (rc)
		return rc;
	struct db_stmt *st;
	rc = db_query(db,
		      "SELECT c.facilitator_account_id, c.active, c.name,"
		      " (SELECT count(*) FROM community_members m WHERE m.community_id = c.id"
		      " AND m.account_id = $3)"
		      " FROM communities c WHERE c.id = $1 AND c.org_id = $2",
		      DB_ARGS(DB_INT(id), DB_INT(a->org_id), DB_INT(a->account_id)), &st);
	if (rc)
		return rc;
	memset(c, 0, sizeof *c);
	rc = db_step(st);
	if (rc == DB_ROW) {
		c->id = id;
		c->facilitator = db_col_int(st, 0);
		c->active = db_col_int(st, 1) != 0;
		snprintf(c->name, sizeof c->name, "%s", db_col_text(st, 2, NULL));
		c->member = a->account_id && db_col_int(st, 3) > 0;
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = err_fail(ERR_NOTFOUND, NULL, "ไม่พบชุมชนนี้", "No such community.");
	}
	db_done(st);
	return rc;
}

static bool is_facilitator(const struct actor *a, const struct comm *c)
{
	return a->account_id && a->account_id == c->facilitator;
}

static bool may_manage(const struct actor *a, const struct comm *c)
{
	return manages(a) || is_facilitator(a, c);
}

static int manage_check(const struct actor *a, const struct comm *c)
{
	if (may_manage(a, c))
		return 0;
	return err_fail(ERR_FORBIDDEN, NULL,
			"เฉพาะผู้อำนวยความสะดวกของชุมชน คณะกรรมการจัดการความรู้ หรือผู้ดูแลระบบเท่านั้น",
			"Only the community's facilitator, the KM committee or an admin may do this.");
}

/* Posting: members of an active community. */
static int post_check(const struct comm *c)
{
	if (!c->active)
		return err_fail(ERR_FORBIDDEN, NULL, "ชุมชนนี้ปิดแล้ว จึงโพสต์ไม่ได้", "This community is closed to new posts.");
	if (!c->member)
		return err_fail(ERR_FORBIDDEN, NULL, "เฉพาะสมาชิกของชุมชนเท่านั้นที่โพสต์ได้ กรุณาเข้าร่วมชุมชนก่อน",
				"Only members post on this board: join the community first.");
	return 0;
}

/* A thread as its checks need it, with its community. */
struct thread {
	struct comm c;
	int64_t id, author, answer, document;
	bool locked;
	char title[COMMUNITY_TITLE_MAX * 4 + 1];
	char author_name[160];
};

static int thread_load(struct db *db, const struct actor *a, int64_t id, struct thread *t)
{
	int rc = need_account(a);
	if (rc)
		return rc;
	struct db_stmt *st;
	rc = db_query(db,
		      "SELECT community_id, coalesce(author_account_id, 0), coalesce(answer_reply_id, 0),"
		      " coalesce(document_id, 0), locked, title, author_name"
		      " FROM community_threads WHERE id = $1 AND org_id = $2",
		      DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &st);
	if (rc)
		return rc;
	memset(t, 0, sizeof *t);
	int64_t community = 0;
	rc = db_step(st);
	if (rc == DB_ROW) {
		t->id = id;
		community = db_col_int(st, 0);
		t->author = db_col_int(st, 1);
		t->answer = db_col_int(st, 2);
		t->document = db_col_int(st, 3);
		t->locked = db_col_int(st, 4) != 0;
		snprintf(t->title, sizeof t->title, "%s", db_col_text(st, 5, NULL));
		snprintf(t->author_name, sizeof t->author_name, "%s", db_col_text(st, 6, NULL));
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = err_fail(ERR_NOTFOUND, NULL, "ไม่พบกระทู้นี้", "No such thread.");
	}
	db_done(st);
	return rc ? rc : comm_load(db, a, community, &t->c);
}

/* The thread's author or the community's facilitator. */
static bool owns_thread(const struct actor *a, const struct thread *t)
{
	return (a->account_id && a->account_id == t->author) || is_facilitator(a, &t->c);
}

/* An active account of the actor's organisation. */
static int account_check(struct db *db, const struct actor *a, int64_t account_id, const char *field)
{
	int64_t n = 0;
	int rc = db_query_int(db, "SELECT count(*) FROM accounts WHERE id = $1 AND org_id = $2 AND disabled = 0",
			      DB_ARGS(DB_INT(account_id), DB_INT(a->org_id)), &n);
	if (!rc && !n)
		rc = err_fail(ERR_INVAL, field, "ไม่พบบัญชีผู้ใช้นี้ในองค์กร", "No such account in the organisation.");
	return rc;
}

static int input_check(struct db *db, const struct actor *a, const struct community_input *in, bool create)
{
	int rc = check_text("name", in->name, COMMUNITY_NAME_MAX, create, true);
	if (!rc && in->name && blank(in->name))
		rc = err_fail(ERR_INVAL, "name", "กรุณากรอกชื่อชุมชน", "The community needs a name.");
	if (!rc)
		rc = check_text("description", in->description, COMMUNITY_DESC_MAX, false, false);
	if (!rc && in->active > 1)
		rc = err_fail(ERR_INVAL, "active", "สถานะไม่ถูกต้อง", "Active is 0 or 1.");
	if (!rc && in->issue_id > 0) {
		int64_t n = 0;
		rc = db_query_int(db, "SELECT count(*) FROM strategic_issues WHERE id = $1 AND org_id = $2",
				  DB_ARGS(DB_INT(in->issue_id), DB_INT(a->org_id)), &n);
		if (!rc && !n)
			rc = err_fail(ERR_INVAL, "issue_id", "ไม่พบประเด็นยุทธศาสตร์นี้", "No such strategic issue.");
	}
	if (!rc && in->facilitator_account_id > 0)
		rc = account_check(db, a, in->facilitator_account_id, "facilitator_account_id");
	return rc;
}

/* Makes account_id the facilitator's membership (a member already or not). */
static int member_put(struct db *db, int64_t org_id, int64_t community, int64_t account_id, const char *role)
{
	return db_exec(db,
		       "INSERT INTO community_members (community_id, account_id, org_id, role, joined_at)"
		       " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (community_id, account_id)"
		       " DO UPDATE SET role = excluded.role",
		       DB_ARGS(DB_INT(community), DB_INT(account_id), DB_INT(org_id), DB_TEXT(role),
			       DB_INT(clock_now())));
}

static int name_taken(int rc)
{
	if (rc == ERR_CONFLICT)
		return err_fail(ERR_CONFLICT, "name", "มีชุมชนชื่อนี้อยู่แล้ว", "A community of that name exists.");
	return rc;
}

int community_create(struct db *db, const struct actor *a, const struct community_input *in,
		     int64_t *id_out)
{
	int rc = need_account(a);
	if (!rc && !manages(a))
		rc = err_fail(ERR_FORBIDDEN, NULL, "เฉพาะคณะกรรมการจัดการความรู้หรือผู้ดูแลระบบที่สร้างชุมชนได้",
			      "Only the KM committee or an admin may create a community.");
	int64_t facilitator = in->facilitator_account_id > 0 ? in->facilitator_account_id : a->account_id;
	if (!rc && facilitator <= 0)
		rc = err_fail(ERR_INVAL, "facilitator_account_id", "กรุณาเลือกผู้อำนวยความสะดวกของชุมชน",
			      "Choose the community's facilitator.");
	if (!rc)
		rc = input_check(db, a, in, true);
	if (!rc && in->facilitator_account_id <= 0)
		rc = account_check(db, a, facilitator, "facilitator_account_id");
	if (rc || (rc = db_begin(db)))
		return rc;
	int64_t id = 0, now = clock_now();
	rc = room(db, "SELECT count(*) FROM communities WHERE org_id = $1", a->org_id, 1, COMMUNITIES_PER_ORG_MAX, NULL,
		  "จำนวนชุมชนขององค์กรถึงขีดจำกัดแล้ว", "The organisation has as many communities as allowed.");
	if (!rc)
		rc = name_taken(db_query_int(
			db,
			"INSERT INTO communities (org_id, name, description, facilitator_account_id, issue_id, active,"
			" created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
			DB_ARGS(DB_INT(a->org_id), DB_TEXT(in->name), DB_TEXT(in->description ? in->description : ""),
				DB_INT(facilitator), DB_ID_OR_NULL(in->issue_id), DB_INT(in->active == 0 ? 0 : 1),
				DB_ID_OR_NULL(a->account_id), DB_INT(now)),
			&id));
	if (!rc)
		rc = member_put(db, a->org_id, id, facilitator, "facilitator");
	if (!rc)
		rc = audit_log(db, a, "community.create", "community", id, in->name);
	if ((rc = db_end(db, rc)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int community_update(struct db *db, const struct actor *a, int64_t id, const struct community_input *in)
{
	struct comm c;
	int rc = comm_load(db, a, id, &c);
	if (!rc)
		rc = manage_check(a, &c);
	if (!rc)
		rc = input_check(db, a, in, false);
	if (rc || (rc = db_begin(db)))
		return rc;
	rc = name_taken(db_exec(
		db,
		"UPDATE communities SET name = coalesce($3, name), description = coalesce($4, description),"
		" issue_id = CASE WHEN $5 < 0 THEN issue_id WHEN $5 = 0 THEN NULL ELSE $5 END,"
		" active = CASE WHEN $6 < 0 THEN active ELSE $6 END, updated_at = $7"
		" WHERE id = $1 AND org_id = $2",
		DB_ARGS(DB_INT(id), DB_INT(a->org_id), DB_TEXT(in->name), DB_TEXT(in->description),
			DB_INT(in->issue_id), DB_INT(in->active), DB_INT(clock_now()))));
	/* A new facilitator: the old one stays a member. */
	if (!rc && in->facilitator_account_id > 0 && in->facilitator_account_id != c.facilitator) {
		rc = db_exec(db, "UPDATE communities SET facilitator_account_id = $2 WHERE id = $1",
			     DB_ARGS(DB_INT(id), DB_INT(in->facilitator_account_id)));
		if (!rc)
			rc = member_put(db, a->org_id, id, c.facilitator, "member");
		if (!rc)
			rc = member_put(db, a->org_id, id, in->facilitator_account_id, "facilitator");
	}
	if (!rc)
		rc = audit_log(db, a, "community.update", "community", id, in->name ? in->name : c.name);
	return db_end(db, rc);
}

/* The columns of a community in lists and on its page; $1 the
 * organisation, $2 the actor's account. */
#define COMMUNITY_COLUMNS                                                                          \
	"SELECT c.id, c.name, c.description, c.active, c.issue_id, i.number AS issue_number,"         \
	" i.title AS issue_title, c.facilitator_account_id,"                                           \
	" coalesce(p.name, f.login) AS facilitator_name, c.created_at,"                                \
	" (SELECT count(*) FROM community_members m WHERE m.community_id = c.id) AS member_count,"     \
	" (SELECT count(*) FROM community_threads t WHERE t.community_id = c.id) AS thread_count,"     \
	" (SELECT max(t.updated_at) FROM community_threads t WHERE t.community_id = c.id)"             \
	" AS last_activity,"                                                                           \
	" (SELECT count(*) FROM community_members m WHERE m.community_id = c.id"                       \
	" AND m.account_id = $2) AS is_member"                                                         \
	" FROM communities c JOIN accounts f ON f.id = c.facilitator_account_id"                       \
	" LEFT JOIN people p ON p.id = f.person_id LEFT JOIN strategic_issues i ON i.id = c.issue_id"  \
	" WHERE c.org_id = $1"

static const char *const community_bools[] = {"active", "is_member", NULL};

int community_list(struct db *db, const struct actor *a, int page, int per_page, json_t **items,
		   int64_t *total)
{
	int rc = need_account(a);
	if (rc)
		return rc;
	paging(&page, &per_page);
	rc = db_query_int(db, "SELECT count(*) FROM communities WHERE org_id = $1", DB_ARGS(DB_INT(a->org_id)),
			  total);
	if (!rc)
		rc = db_query_json(db, COMMUNITY_COLUMNS " ORDER BY c.active DESC, c.name LIMIT $3 OFFSET $4",
				   DB_ARGS(DB_INT(a->org_id), DB_INT(a->account_id), DB_INT(per_page),
					   DB_INT((int64_t)(page - 1) * per_page)),
				   0, items);
	if (!rc)
		rows_to_bools(*items, community_bools);
	return rc;
}

int community_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	struct comm c;
	int rc = comm_load(db, a, id, &c);
	if (rc)
		return rc;
	json_t *o = NULL, *members = NULL, *meetings = NULL;
	int64_t nmeetings = 0;
	rc = db_query_json_one(db, COMMUNITY_COLUMNS " AND c.id = $3",
			       DB_ARGS(DB_INT(a->org_id), DB_INT(a->account_id), DB_INT(id)), &o);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT m.account_id, c.login, coalesce(p.name, c.login) AS name,"
				   " coalesce(p.position, '') AS position, m.role, m.joined_at"
				   " FROM community_members m JOIN accounts c ON c.id = m.account_id"
				   " LEFT JOIN people p ON p.id = c.person_id WHERE m.community_id = $1"
				   " ORDER BY CASE m.role WHEN 'facilitator' THEN 0 ELSE 1 END, name, m.account_id",
				   DB_ARGS(DB_INT(id)), COMMUNITY_MEMBERS_MAX, &members);
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM community_meetings WHERE community_id = $1",
				  DB_ARGS(DB_INT(id)), &nmeetings);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT id, date, title, notes_md, attendees, created_at FROM community_meetings"
				   " WHERE community_id = $1 ORDER BY date DESC, id DESC",
				   DB_ARGS(DB_INT(id)), MEETINGS_SHOWN, &meetings);
	if (!rc)
		rc = add_html_all(meetings, "notes_md", "notes_html");
	if (rc) {
		json_decref(o);
		json_decref(members);
		json_decref(meetings);
		return rc;
	}
	to_bools(o, community_bools);
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "meetings", meetings);
	json_object_set_new(o, "meeting_count", json_integer(nmeetings));
	json_object_set_new(o, "is_facilitator", json_boolean(is_facilitator(a, &c)));
	json_object_set_new(o, "can_post", json_boolean(c.member && c.active));
	json_object_set_new(o, "can_join", json_boolean(!c.member && c.active && a->account_id));
	json_object_set_new(o, "can_leave", json_boolean(c.member && !is_facilitator(a, &c)));
	json_object_set_new(o, "can_manage", json_boolean(may_manage(a, &c)));
	*out = o;
	return 0;
}

/* Adds a member after the checks of join and add. */
static int member_insert(struct db *db, const struct actor *a, const struct comm *c, int64_t account_id,
			 const char *action)
{
	if (!c->active)
		return err_fail(ERR_FORBIDDEN, NULL, "ชุมชนนี้ปิดรับสมาชิกแล้ว", "This community no longer takes members.");
	int rc = db_begin(db);
	if (rc)
		return rc;
	int64_t already = 0;
	rc = db_query_int(db, "SELECT count(*) FROM community_members WHERE community_id = $1 AND account_id = $2",
			  DB_ARGS(DB_INT(c->id), DB_INT(account_id)), &already);
	if (!rc && already)
		rc = err_fail(ERR_CONFLICT, NULL, "เป็นสมาชิกของชุมชนนี้อยู่แล้ว", "Already a member of this community.");
	if (!rc)
		rc = room(db, "SELECT count(*) FROM community_members WHERE community_id = $1", c->id, 1,
			  COMMUNITY_MEMBERS_MAX, NULL, "สมาชิกของชุมชนเต็มแล้ว", "The community has as many members as allowed.");
	if (!rc)
		rc = member_put(db, a->org_id, c->id, account_id, "member");
	char detail[32];
	snprintf(detail, sizeof detail, "account %lld", (long long)account_id);
	if (!rc)
		rc = audit_log(db, a, action, "community", c->id, detail);
	return db_end(db, rc);
}

int community_join(struct db *db, const struct actor *a, int64_t id)
{
	struct comm c;
	int rc = comm_load(db, a, id, &c);
	if (!rc && !a->account_id)
		rc = err_fail(ERR_INVAL, NULL, "ต้องเข้าร่วมด้วยบัญชีผู้ใช้", "Only an account can join.");
	return rc ? rc : member_insert(db, a, &c, a->account_id, "community.join");
}

int community_member_add(struct db *db, const struct actor *a, int64_t id, int64_t account_id)
{
	struct comm c;
	int rc = comm_load(db, a, id, &c);
	if (!rc)
		rc = manage_check(a, &c);
	if (!rc)
		rc = account_check(db, a, account_id, "account_id");
	return rc ? rc : member_insert(db, a, &c, account_id, "community.member_add");
}

int community_member_remove(struct db *db, const struct actor *a, int64_t id, int64_t account_id)
{
	struct comm c;
	int rc = comm_load(db, a, id, &c);
	bool self = a->account_id && a->account_id == account_id;
	if (!rc && !self)
		rc = manage_check(a, &c);
	if (!rc && account_id == c.facilitator)
		rc = err_fail(ERR_CONFLICT, NULL, "ผู้อำนวยความสะดวกออกจากชุมชนไม่ได้ กรุณามอบหมายผู้อำนวยความสะดวกคนใหม่ก่อน",
			      "The facilitator cannot leave: hand the role to someone else first.");
	if (rc || (rc = db_begin(db)))
		return rc;
	rc = db_exec(db, "DELETE FROM community_members WHERE community_id = $1 AND account_id = $2",
		     DB_ARGS(DB_INT(id), DB_INT(account_id)));
	if (!rc && db_changes(db) == 0)
		rc = err_fail(ERR_NOTFOUND, NULL, "ไม่ได้เป็นสมาชิกของชุมชนนี้", "Not a member of this community.");
	char detail[32];
	snprintf(detail, sizeof detail, "account %lld", (long long)account_id);
	if (!rc)
		rc = audit_log(db, a, self ? "community.leave" : "community.member_remove", "community", id, detail);
	return db_end(db, rc);
}

int community_threads(struct db *db, const struct actor *a, int64_t id, int page, int per_page,
		      json_t **items, int64_t *total)
{
	struct comm c;
	int rc = comm_load(db, a, id, &c);
	if (rc)
		return rc;
	paging(&page, &per_page);
	rc = db_query_int(db, "SELECT count(*) FROM community_threads WHERE community_id = $1",
			  DB_ARGS(DB_INT(id)), total);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT t.id, t.title, t.author_account_id, t.author_name, t.created_at, t.updated_at,"
				   " t.locked, t.document_id,"
				   " CASE WHEN t.answer_reply_id IS NULL THEN 0 ELSE 1 END AS answered,"
				   " (SELECT count(*) FROM community_replies r WHERE r.thread_id = t.id) AS reply_count"
				   " FROM community_threads t WHERE t.community_id = $1"
				   " ORDER BY t.updated_at DESC, t.id DESC LIMIT $2 OFFSET $3",
				   DB_ARGS(DB_INT(id), DB_INT(per_page), DB_INT((int64_t)(page - 1) * per_page)), 0,
				   items);
	static const char *const keys[] = {"locked", "answered", NULL};
	if (!rc)
		rows_to_bools(*items, keys);
	return rc;
}

/* Files */

static int files_check(const struct community_file *files, size_t n, struct sniff_result *kinds)
{
	if (n > COMMUNITY_FILES_PER_POST)
		return err_fail(ERR_TOOBIG, "file", "แนบไฟล์ได้ไม่เกิน 5 ไฟล์ต่อข้อความ", "At most 5 files per post.");
	for (size_t i = 0; i < n; i++) {
		const char *name = files[i].filename;
		size_t len = name ? strlen(name) : 0;
		if (!len || len > FILENAME_MAX_BYTES || !utf8_valid_text(name, len) || strpbrk(name, "/\\\r\n\t"))
			return err_fail(ERR_INVAL, "file", "ชื่อไฟล์ไม่ถูกต้อง", "The file name is not valid.");
		if (files[i].len > COMMUNITY_FILE_MAX)
			return err_fail(ERR_TOOBIG, "file", "ไฟล์ใหญ่เกิน 10 MB", "A file is larger than 10 MB.");
		int rc = sniff_file(files[i].data, files[i].len, name, &kinds[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* Stores the files of one post (checked by files_check) and their rows. */
static int files_store(struct db *db, const struct actor *a, const char *blob_root, int64_t thread_id,
		       int64_t reply_id, const struct community_file *files, const struct sniff_result *kinds,
		       size_t n)
{
	if (!n)
		return 0;
	int rc = room(db, "SELECT count(*) FROM community_files WHERE thread_id = $1", thread_id, (int64_t)n,
		      COMMUNITY_FILES_PER_THREAD, "file", "กระทู้นี้มีไฟล์แนบครบจำนวนที่กำหนดแล้ว (50 ไฟล์)",
		      "This thread has as many files as allowed (50).");
	for (size_t i = 0; !rc && i < n; i++) {
		char sha[BLOB_HASH_LEN + 1];
		rc = blob_put(blob_root, files[i].data, files[i].len, sha);
		if (!rc)
			rc = db_exec(db,
				     "INSERT INTO community_files (org_id, thread_id, reply_id, sha256, filename, mime,"
				     " kind, size, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
				     DB_ARGS(DB_INT(a->org_id), DB_INT(thread_id), DB_ID_OR_NULL(reply_id), DB_TEXT(sha),
					     DB_TEXT(files[i].filename), DB_TEXT(kinds[i].mime), DB_TEXT(kinds[i].kind),
					     DB_INT((int64_t)files[i].len), DB_ID_OR_NULL(a->account_id),
					     DB_INT(clock_now())));
	}
	return rc;
}

int community_file_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	int rc = need_account(a);
	if (rc)
		return rc;
	json_t *row = NULL;
	rc = db_query_json_one(db,
			       "SELECT f.id, f.thread_id, f.reply_id, f.sha256, f.filename, f.mime, f.kind, f.size,"
			       " f.created_at, t.community_id FROM community_files f"
			       " JOIN community_threads t ON t.id = f.thread_id WHERE f.id = $1 AND f.org_id = $2",
			       DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &row);
	if (rc == ERR_NOTFOUND)
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบไฟล์นี้", "No such file.");
	if (rc)
		return rc;
	/* Whoever reads the board reads its files. */
	struct comm c;
	rc = comm_load(db, a, json_integer_value(json_object_get(row, "community_id")), &c);
	if (rc) {
		json_decref(row);
		return rc;
	}
	*out = row;
	return 0;
}

/* Threads */

/* What a new thread and a new reply share: the member's right to post, the
 * Markdown and the files, checked before anything is written. */
struct post {
	const char *blob_root;
	const char *body_md;
	const struct community_file *files;
	size_t nfiles;
	struct sniff_result kinds[COMMUNITY_FILES_PER_POST];
};

static int post_prepare(const struct comm *c, struct post *p)
{
	int rc = post_check(c);
	if (!rc)
		rc = check_text("body_md", p->body_md, COMMUNITY_BODY_MAX, true, false);
	return rc ? rc : files_check(p->files, p->nfiles, p->kinds);
}

/* After the post's row: its files, then word to whoever it mentions. */
static int post_finish(struct db *db, const struct actor *a, const struct post *p, int64_t thread_id,
		       int64_t reply_id, const char *title)
{
	int rc = files_store(db, a, p->blob_root, thread_id, reply_id, p->files, p->kinds, p->nfiles);
	return rc ? rc : notify_mentions(db, a, 0, p->body_md, title);
}

int community_thread_create(struct db *db, const struct actor *a, const char *blob_root,
			    int64_t community_id, const char *title, const char *body_md,
			    const struct community_file *files, size_t nfiles, int64_t *id_out)
{
	struct comm c;
	struct post p = {blob_root, body_md, files, nfiles, {{0}}};
	int rc = comm_load(db, a, community_id, &c);
	if (!rc)
		rc = check_text("title", title, COMMUNITY_TITLE_MAX, true, true);
	if (!rc)
		rc = post_prepare(&c, &p);
	if (rc || (rc = db_begin(db)))
		return rc;
	int64_t id = 0, now = clock_now();
	rc = room(db, "SELECT count(*) FROM community_threads WHERE community_id = $1", community_id, 1,
		  COMMUNITY_THREADS_MAX, NULL, "กระดานของชุมชนนี้มีกระทู้ครบจำนวนที่กำหนดแล้ว",
		  "This board has as many threads as allowed.");
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO community_threads (org_id, community_id, title, body_md, author_account_id,"
				  " author_name, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(community_id), DB_TEXT(title), DB_TEXT(body_md),
					  DB_ID_OR_NULL(a->account_id), DB_TEXT(a->name), DB_INT(now)),
				  &id);
	if (!rc)
		rc = post_finish(db, a, &p, id, 0, title);
	if (!rc)
		rc = audit_log(db, a, "community.thread", "community_thread", id, title);
	if ((rc = db_end(db, rc)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

static const char *const reply_bools[] = {"is_answer", NULL};

/* Replies of a thread with their files and HTML; `answer` marks one. */
static int replies_load(struct db *db, int64_t thread_id, int64_t answer, int limit, int64_t offset,
			json_t **out)
{
	json_t *replies = NULL, *files = NULL;
	int rc = db_query_json(db,
			       "SELECT id, body_md, author_account_id, author_name, created_at, edited_at,"
			       " CASE WHEN id = $2 THEN 1 ELSE 0 END AS is_answer"
			       " FROM community_replies WHERE thread_id = $1 ORDER BY id LIMIT $3 OFFSET $4",
			       DB_ARGS(DB_INT(thread_id), DB_INT(answer), DB_INT(limit), DB_INT(offset)), 0, &replies);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT id, reply_id, filename, mime, kind, size FROM community_files"
				   " WHERE thread_id = $1 AND reply_id IS NOT NULL ORDER BY id",
				   DB_ARGS(DB_INT(thread_id)), COMMUNITY_FILES_PER_THREAD, &files);
	if (!rc)
		rc = add_html_all(replies, "body_md", "body_html");
	if (rc) {
		json_decref(replies);
		json_decref(files);
		return rc;
	}
	size_t i, j;
	json_t *r, *f;
	json_array_foreach(replies, i, r) {
		json_t *mine = json_array();
		json_int_t id = json_integer_value(json_object_get(r, "id"));
		json_array_foreach(files, j, f) {
			if (json_integer_value(json_object_get(f, "reply_id")) == id)
				json_array_append(mine, f);
		}
		json_object_set_new(r, "files", mine);
		to_bools(r, reply_bools);
	}
	json_decref(files);
	*out = replies;
	return 0;
}

int community_thread_get(struct db *db, const struct actor *a, int64_t thread_id, json_t **out)
{
	struct thread t;
	int rc = thread_load(db, a, thread_id, &t);
	if (rc)
		return rc;
	json_t *o = NULL, *replies = NULL, *files = NULL;
	rc = db_query_json_one(db,
			       "SELECT t.id, t.community_id, c.name AS community_name, t.title, t.body_md,"
			       " t.author_account_id, t.author_name, t.created_at, t.updated_at, t.locked,"
			       " t.answer_reply_id, t.document_id FROM community_threads t"
			       " JOIN communities c ON c.id = t.community_id WHERE t.id = $1",
			       DB_ARGS(DB_INT(thread_id)), &o);
	if (!rc)
		rc = add_html(o, "body_md", "body_html");
	if (!rc)
		rc = replies_load(db, thread_id, t.answer, COMMUNITY_REPLIES_MAX, 0, &replies);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT id, filename, mime, kind, size FROM community_files"
				   " WHERE thread_id = $1 AND reply_id IS NULL ORDER BY id",
				   DB_ARGS(DB_INT(thread_id)), COMMUNITY_FILES_PER_THREAD, &files);
	if (rc) {
		json_decref(o);
		json_decref(replies);
		json_decref(files);
		return rc;
	}
	static const char *const keys[] = {"locked", NULL};
	to_bools(o, keys);
	size_t i;
	json_t *r;
	json_array_foreach(replies, i, r) {
		if (json_is_true(json_object_get(r, "is_answer")))
			json_object_set(o, "answer", r);
	}
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "replies", replies);
	json_object_set_new(o, "reply_count", json_integer((json_int_t)json_array_size(replies)));
	json_object_set_new(o, "community_active", json_boolean(t.c.active));
	json_object_set_new(o, "is_member", json_boolean(t.c.member));
	json_object_set_new(o, "can_reply", json_boolean(t.c.member && t.c.active && !t.locked));
	json_object_set_new(o, "can_mark_answer", json_boolean(owns_thread(a, &t)));
	json_object_set_new(o, "can_convert", json_boolean(owns_thread(a, &t) && !t.document));
	json_object_set_new(o, "can_lock", json_boolean(may_manage(a, &t.c)));
	*out = o;
	return 0;
}

int community_thread_community(struct db *db, const struct actor *a, int64_t thread_id, int64_t *community_id)
{
	struct thread t;
	int rc = thread_load(db, a, thread_id, &t);
	if (!rc)
		*community_id = t.c.id;
	return rc;
}

int community_replies(struct db *db, const struct actor *a, int64_t thread_id, int page, int per_page,
		      json_t **items, int64_t *total)
{
	struct thread t;
	int rc = thread_load(db, a, thread_id, &t);
	if (rc)
		return rc;
	paging(&page, &per_page);
	rc = db_query_int(db, "SELECT count(*) FROM community_replies WHERE thread_id = $1",
			  DB_ARGS(DB_INT(thread_id)), total);
	return rc ? rc : replies_load(db, thread_id, t.answer, per_page, (int64_t)(page - 1) * per_page, items);
}

/* Tells the thread's author and the facilitator of a reply (never the
 * replier, nobody twice). */
static int notify_reply(struct db *db, const struct actor *a, const struct thread *t)
{
	char text[2560]; /* notify_add keeps NOTIFY_TEXT_MAX bytes of it */
	snprintf(text, sizeof text, "%s ตอบกระทู้ \"%s\" ในชุมชน %s", a->name, t->title, t->c.name);
	int rc = 0;
	if (t->author && t->author != a->account_id)
		rc = notify_add(db, a->org_id, t->author, "community", 0, a->name, text);
	if (!rc && t->c.facilitator != a->account_id && t->c.facilitator != t->author)
		rc = notify_add(db, a->org_id, t->c.facilitator, "community", 0, a->name, text);
	return rc;
}

int community_reply_add(struct db *db, const struct actor *a, const char *blob_root, int64_t thread_id,
			const char *body_md, const struct community_file *files, size_t nfiles, int64_t *id_out)
{
	struct thread t;
	struct post p = {blob_root, body_md, files, nfiles, {{0}}};
	int rc = thread_load(db, a, thread_id, &t);
	if (!rc && t.locked && t.c.member)
		rc = err_fail(ERR_FORBIDDEN, NULL, "กระทู้นี้ปิดการตอบแล้ว", "This thread is locked.");
	if (!rc)
		rc = post_prepare(&t.c, &p);
	if (rc || (rc = db_begin(db)))
		return rc;
	int64_t id = 0, now = clock_now();
	rc = room(db, "SELECT count(*) FROM community_replies WHERE thread_id = $1", thread_id, 1,
		  COMMUNITY_REPLIES_MAX, NULL, "กระทู้นี้มีคำตอบครบจำนวนที่กำหนดแล้ว กรุณาตั้งกระทู้ใหม่",
		  "This thread has as many replies as allowed: start a new one.");
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO community_replies (org_id, thread_id, body_md, author_account_id, author_name,"
				  " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(thread_id), DB_TEXT(body_md),
					  DB_ID_OR_NULL(a->account_id), DB_TEXT(a->name), DB_INT(now)),
				  &id);
	if (!rc)
		rc = db_exec(db, "UPDATE community_threads SET updated_at = $2 WHERE id = $1",
			     DB_ARGS(DB_INT(thread_id), DB_INT(now)));
	if (!rc)
		rc = post_finish(db, a, &p, thread_id, id, t.title);
	if (!rc)
		rc = notify_reply(db, a, &t);
	if (!rc)
		rc = audit_log(db, a, "community.reply", "community_thread", thread_id, NULL);
	if ((rc = db_end(db, rc)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int community_answer_mark(struct db *db, const struct actor *a, int64_t thread_id, int64_t reply_id)
{
	struct thread t;
	int rc = thread_load(db, a, thread_id, &t);
	if (!rc && !owns_thread(a, &t))
		rc = err_fail(ERR_FORBIDDEN, NULL, "เฉพาะผู้ตั้งกระทู้หรือผู้อำนวยความสะดวกที่เลือกคำตอบได้",
			      "Only the thread's author or the facilitator may choose its answer.");
	int64_t replier = 0;
	if (!rc && reply_id > 0) {
		rc = db_query_int(db,
				  "SELECT coalesce(author_account_id, 0) FROM community_replies WHERE id = $1 AND thread_id = $2",
				  DB_ARGS(DB_INT(reply_id), DB_INT(thread_id)), &replier);
		if (rc == ERR_NOTFOUND)
			rc = err_fail(ERR_INVAL, "reply_id", "คำตอบนี้ไม่ได้อยู่ในกระทู้นี้", "That reply is not in this thread.");
	}
	if (rc || (rc = db_begin(db)))
		return rc;
	rc = db_exec(db, "UPDATE community_threads SET answer_reply_id = $2 WHERE id = $1",
		     DB_ARGS(DB_INT(thread_id), DB_ID_OR_NULL(reply_id)));
	if (!rc && replier && replier != a->account_id && reply_id != t.answer) {
		char text[2560];
		snprintf(text, sizeof text, "%s เลือกคำตอบของคุณเป็นคำตอบของกระทู้ \"%s\"", a->name, t.title);
		rc = notify_add(db, a->org_id, replier, "community", 0, a->name, text);
	}
	char detail[32];
	snprintf(detail, sizeof detail, "reply %lld", (long long)reply_id);
	if (!rc)
		rc = audit_log(db, a, reply_id > 0 ? "community.answer" : "community.answer_clear",
			       "community_thread", thread_id, detail);
	return db_end(db, rc);
}

int community_thread_lock(struct db *db, const struct actor *a, int64_t thread_id, bool locked)
{
	struct thread t;
	int rc = thread_load(db, a, thread_id, &t);
	if (!rc)
		rc = manage_check(a, &t.c);
	if (rc || (rc = db_begin(db)))
		return rc;
	rc = db_exec(db, "UPDATE community_threads SET locked = $2 WHERE id = $1",
		     DB_ARGS(DB_INT(thread_id), DB_INT(locked ? 1 : 0)));
	if (!rc)
		rc = audit_log(db, a, locked ? "community.lock" : "community.unlock", "community_thread", thread_id,
			       NULL);
	return db_end(db, rc);
}

/* Conversion to a document */

static void put_date(struct buf *b, int64_t t)
{
	cal_format_th(b, cal_from_unix(t), 0);
}

/* The document's Markdown: where it came from, the question, the answer,
 * then the other replies while they fit. */
static int doc_body(struct db *db, const struct thread *t, struct buf *b)
{
	json_t *th = NULL, *replies = NULL;
	int rc = db_query_json_one(db, "SELECT body_md, created_at FROM community_threads WHERE id = $1",
				   DB_ARGS(DB_INT(t->id)), &th);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT id, body_md, author_name, created_at FROM community_replies"
				   " WHERE thread_id = $1 ORDER BY id",
				   DB_ARGS(DB_INT(t->id)), COMMUNITY_REPLIES_MAX, &replies);
	if (rc) {
		json_decref(th);
		return rc;
	}
	buf_printf(b, "> ความรู้จากกระทู้ในชุมชนนักปฏิบัติ \"%s\" ตั้งโดย %s เมื่อ ", t->c.name, t->author_name);
	put_date(b, json_integer_value(json_object_get(th, "created_at")));
	buf_puts(b, "\n\n## คำถาม\n\n");
	buf_puts(b, json_string_value(json_object_get(th, "body_md")));
	size_t i;
	json_t *r;
	json_array_foreach(replies, i, r) {
		if (json_integer_value(json_object_get(r, "id")) != t->answer)
			continue;
		buf_printf(b, "\n\n## คำตอบ\n\n%s\n\n— %s, ", json_string_value(json_object_get(r, "body_md")),
			   json_string_value(json_object_get(r, "author_name")));
		put_date(b, json_integer_value(json_object_get(r, "created_at")));
	}
	/* The other replies while they fit; one that does not is left out
	 * with the ones after it. */
	struct buf piece;
	buf_init(&piece, DOC_BODY_MAX);
	bool heading = false;
	json_array_foreach(replies, i, r) {
		if (json_integer_value(json_object_get(r, "id")) == t->answer)
			continue;
		buf_reset(&piece);
		buf_printf(&piece, "%s\n\n**%s** (", heading ? "" : "\n\n## ความเห็นอื่นจากสมาชิก",
			   json_string_value(json_object_get(r, "author_name")));
		put_date(&piece, json_integer_value(json_object_get(r, "created_at")));
		buf_printf(&piece, ")\n\n%s", json_string_value(json_object_get(r, "body_md")));
		if (buf_err(&piece) || b->len + piece.len + 2 > DOC_BODY_MAX)
			break;
		buf_append(b, buf_cstr(&piece), piece.len);
		heading = true;
	}
	buf_release(&piece);
	buf_putc(b, '\n');
	json_decref(th);
	json_decref(replies);
	return buf_err(b);
}

int community_thread_to_doc(struct db *db, const struct actor *a, int64_t thread_id, const char *kind,
			    int64_t *doc_out)
{
	struct thread t;
	int rc = thread_load(db, a, thread_id, &t);
	if (!rc && !owns_thread(a, &t))
		rc = err_fail(ERR_FORBIDDEN, NULL, "เฉพาะผู้ตั้งกระทู้หรือผู้อำนวยความสะดวกที่นำกระทู้ไปจัดทำเป็นเอกสารได้",
			      "Only the thread's author or the facilitator may turn it into a document.");
	if (!rc && t.document)
		rc = err_fail(ERR_CONFLICT, NULL, "กระทู้นี้ถูกนำไปจัดทำเป็นเอกสารแล้ว", "This thread already became a document.");
	kind = kind && kind[0] ? kind : "article";
	if (!rc && strcmp(kind, "article") && strcmp(kind, "good_practice"))
		rc = err_fail(ERR_INVAL, "kind", "เลือกได้เฉพาะบทความหรือแนวปฏิบัติที่ดี",
			      "The kind is article or good_practice.");
	if (!rc && !a->unit_id)
		rc = err_fail(ERR_INVAL, NULL, "บัญชีของคุณยังไม่ได้สังกัดหน่วยงาน จึงสร้างเอกสารไม่ได้",
			      "Your account belongs to no unit, so it cannot create documents.");
	if (rc)
		return rc;
	struct buf body;
	buf_init(&body, DOC_BODY_MAX);
	rc = doc_body(db, &t, &body);
	char summary[COMMUNITY_NAME_MAX * 4 + 200];
	snprintf(summary, sizeof summary, "ความรู้จากการแลกเปลี่ยนในชุมชนนักปฏิบัติ %s", t.c.name);
	int64_t doc = 0;
	if (!rc)
		rc = db_begin(db);
	if (!rc) {
		struct doc_input in = DOC_INPUT_EMPTY;
		in.title = t.title;
		in.summary = summary;
		in.body_md = buf_cstr(&body);
		in.kind = kind;
		in.knowledge_type = "tacit";
		in.unit_id = a->unit_id;
		in.tags = "ชุมชนนักปฏิบัติ";
		in.note = "จัดทำจากกระทู้ในชุมชนนักปฏิบัติ";
		rc = doc_create(db, a, &in, &doc, NULL);
		if (!rc)
			rc = db_exec(db, "UPDATE community_threads SET document_id = $2 WHERE id = $1 AND document_id IS NULL",
				     DB_ARGS(DB_INT(thread_id), DB_INT(doc)));
		if (!rc && db_changes(db) != 1)
			rc = err_fail(ERR_CONFLICT, NULL, "กระทู้นี้ถูกนำไปจัดทำเป็นเอกสารแล้ว",
				      "This thread already became a document.");
		char detail[32];
		snprintf(detail, sizeof detail, "document %lld", (long long)doc);
		if (!rc)
			rc = audit_log(db, a, "community.to_document", "community_thread", thread_id, detail);
		rc = db_end(db, rc);
	}
	buf_release(&body);
	if (!rc && doc_out)
		*doc_out = doc;
	return rc;
}

/* Meetings */

int community_meeting_add(struct db *db, const struct actor *a, int64_t community_id,
			  const struct community_meeting_input *in, int64_t *id_out)
{
	struct comm c;
	struct date d;
	int rc = comm_load(db, a, community_id, &c);
	if (!rc)
		rc = manage_check(a, &c);
	if (!rc && (!in->date || cal_parse_iso(in->date, strlen(in->date), &d)))
		rc = err_fail(ERR_INVAL, "date", "วันที่ไม่ถูกต้อง (ปปปป-ดด-วว)", "The date is not valid (YYYY-MM-DD).");
	if (!rc)
		rc = check_text("title", in->title, COMMUNITY_TITLE_MAX, true, true);
	if (!rc)
		rc = check_text("notes_md", in->notes_md, COMMUNITY_NOTES_MAX, false, false);
	if (!rc && (in->attendees < 0 || in->attendees > COMMUNITY_ATTENDEES_MAX))
		rc = err_fail(ERR_INVAL, "attendees", "จำนวนผู้เข้าร่วมไม่ถูกต้อง", "The number of attendees is not valid.");
	if (rc || (rc = db_begin(db)))
		return rc;
	int64_t id = 0;
	rc = room(db, "SELECT count(*) FROM community_meetings WHERE community_id = $1", community_id, 1,
		  COMMUNITY_MEETINGS_MAX, NULL, "บันทึกการประชุมของชุมชนนี้ครบจำนวนที่กำหนดแล้ว",
		  "This community has as many meeting records as allowed.");
	char iso[11];
	cal_iso(d, iso);
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO community_meetings (org_id, community_id, date, title, notes_md, attendees,"
				  " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_INT(community_id), DB_TEXT(iso), DB_TEXT(in->title),
					  DB_TEXT(in->notes_md ? in->notes_md : ""), DB_INT(in->attendees),
					  DB_ID_OR_NULL(a->account_id), DB_INT(clock_now())),
				  &id);
	if (!rc)
		rc = audit_log(db, a, "community.meeting", "community", community_id, in->title);
	if ((rc = db_end(db, rc)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int community_accounts(struct db *db, const struct actor *a, json_t **out)
{
	int rc = need_account(a);
	if (rc)
		return rc;
	return db_query_json(db,
			     "SELECT c.id, c.login, coalesce(p.name, c.login) AS name FROM accounts c"
			     " LEFT JOIN people p ON p.id = c.person_id WHERE c.org_id = $1 AND c.disabled = 0"
			     " ORDER BY name, c.login",
			     DB_ARGS(DB_INT(a->org_id)), 2000, out);
}
