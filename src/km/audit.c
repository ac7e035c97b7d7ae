/* audit: hash-chained, append-only events. */
#include "km/audit.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "core/cal.h"
#include "core/clock.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "km/secret.h"
#include "store/db.h"
#include "store/db_json.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The canonical text an event's hash covers. Fields are separated by a
 * byte that valid text cannot hold. */
static void canonical(struct buf *b, const char *prev, int64_t org_id, int64_t at,
		      int64_t account_id, const char *actor, const char *action,
		      const char *target_type, int64_t target_id, const char *ip,
		      const char *detail)
{
	buf_printf(b, "%s\x1f%" PRId64 "\x1f%" PRId64 "\x1f%" PRId64 "\x1f", prev, org_id, at,
		   account_id);
	buf_puts(b, actor);
	buf_putc(b, '\x1f');
	buf_puts(b, action);
	buf_putc(b, '\x1f');
	buf_puts(b, target_type);
	buf_printf(b, "\x1f%" PRId64 "\x1f", target_id);
	buf_puts(b, ip);
	buf_putc(b, '\x1f');
	buf_puts(b, detail);
}

static int append(struct db *db, int64_t org_id, int64_t account_id, const char *actor,
		  const char *ip, const char *action, const char *target_type, int64_t target_id,
		  const char *detail)
{
	struct db_stmt *st;
	char prev[SECRET_HASH_LEN + 1] = GENESIS;
	int rc = db_query(db, "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1", DB_NOARGS,
			  &st);
	if (rc)
		return rc;
	if ((rc = db_step(st)) == DB_ROW) {
		size_t n;
		const char *h = db_col_text(st, 0, &n);
		if (n == SECRET_HASH_LEN)
			memcpy(prev, h, n + 1);
		rc = 0;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	int64_t at = clock_now();
	struct buf b;
	buf_init(&b, 64 << 10);
	canonical(&b, prev, org_id, at, account_id, actor, action, target_type, target_id, ip,
		  detail);
	if (buf_err(&b)) {
		rc = buf_err(&b);
		buf_release(&b);
		return rc;
	}
	char hash[SECRET_HASH_LEN + 1];
	secret_sha256_hex(b.p, b.len, hash);
	buf_release(&b);
	return db_exec(db,
		       "INSERT INTO audit_events (org_id, at, actor_account_id, actor, action,"
		       " target_type, target_id, ip, detail, prev_hash, hash)"
		       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
		       DB_ARGS(DB_ID_OR_NULL(org_id), DB_INT(at), DB_ID_OR_NULL(account_id),
			       DB_TEXT(actor), DB_TEXT(action), DB_TEXT(target_type),
			       DB_ID_OR_NULL(target_id), DB_TEXT(ip), DB_TEXT(detail), DB_TEXT(prev),
			       DB_TEXT(hash)));
}

static int append_tx(struct db *db, int64_t org_id, int64_t account_id, const char *actor,
		     const char *ip, const char *action, const char *target_type,
		     int64_t target_id, const char *detail)
{
	if (db_in_tx(db))
		return append(db, org_id, account_id, actor, ip, action, target_type, target_id,
			      detail);
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = append(db, org_id, account_id, actor, ip, action, target_type, target_id, detail);
	rc = db_end(db, rc);
	return rc;
}

int audit_log(struct db *db, const struct actor *a, const char *action, const char *target_type,
	      int64_t target_id, const char *detail)
{
	return append_tx(db, a->org_id, a->account_id, a->login[0] ? a->login : "public", a->ip,
			 action, target_type ? target_type : "", target_id, detail ? detail : "");
}

int audit_log_anon(struct db *db, int64_t org_id, const char *who, const char *ip,
		   const char *action, const char *detail)
{
	return append_tx(db, org_id, 0, who, ip ? ip : "", action, "", 0, detail ? detail : "");
}

int audit_verify(struct db *db, int64_t *checked, int64_t *bad_id)
{
	struct db_stmt *st;
	int rc = db_query(db,
			  "SELECT id, coalesce(org_id, 0), at, coalesce(actor_account_id, 0), actor,"
			  " action, target_type, coalesce(target_id, 0), ip, detail, prev_hash, hash"
			  " FROM audit_events ORDER BY id",
			  DB_NOARGS, &st);
	if (rc)
		return rc;
	char prev[SECRET_HASH_LEN + 1] = GENESIS;
	struct buf b;
	buf_init(&b, 64 << 10);
	int64_t n = 0;
	*bad_id = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		buf_reset(&b);
		canonical(&b, prev, db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
			  db_col_text(st, 4, NULL), db_col_text(st, 5, NULL),
			  db_col_text(st, 6, NULL), db_col_int(st, 7), db_col_text(st, 8, NULL),
			  db_col_text(st, 9, NULL));
		char hash[SECRET_HASH_LEN + 1];
		secret_sha256_hex(buf_cstr(&b), b.len, hash);
		if (strcmp(db_col_text(st, 10, NULL), prev) != 0 ||
		    strcmp(db_col_text(st, 11, NULL), hash) != 0) {
			*bad_id = db_col_int(st, 0);
			rc = ERR_CONFLICT;
			break;
		}
		memcpy(prev, hash, sizeof hash);
		n++;
	}
	db_done(st);
	buf_release(&b);
	*checked = n;
	return rc < 0 ? rc : 0;
}

/* Reading the trail */

/* A text filter as sent, up to AUDIT_FILTER_MAX characters, and the same
 * escaped for LIKE (each byte at most doubled, plus two '%'). */
#define FILTER_BYTES (4 * AUDIT_FILTER_MAX)
#define PATTERN_BYTES (2 * FILTER_BYTES + 3)

/* A filter as the query binds it: validated, days as a half-open range of
 * Unix seconds, parts and prefixes as escaped LIKE patterns. Unused text
 * parameters are "" and unused numbers 0. */
struct where {
	int64_t org_id, from, to, target_id;
	const char *action, *target_type, *ip; /* exact */
	char actor_like[PATTERN_BYTES], action_like[PATTERN_BYTES], ip_like[PATTERN_BYTES];
};

/* The one text of the filter, shared by the count, the page and the export;
 * the range on `at` always applies, so the (org_id, at) index serves it. */
#define AUDIT_WHERE                                                                        \
	" FROM audit_events WHERE org_id = $1 AND at >= $2 AND at < $3"                     \
	" AND ($4 = '' OR actor LIKE $4 ESCAPE '\\')"                                       \
	" AND ($5 = '' OR action = $5) AND ($6 = '' OR action LIKE $6 ESCAPE '\\')"          \
	" AND ($7 = '' OR target_type = $7) AND ($8 = 0 OR target_id = $8)"                 \
	" AND ($9 = '' OR ip = $9) AND ($10 = '' OR ip LIKE $10 ESCAPE '\\')"
#define WHERE_ARGS(w)                                                                      \
	DB_INT((w)->org_id), DB_INT((w)->from), DB_INT((w)->to), DB_TEXT((w)->actor_like),  \
		DB_TEXT((w)->action), DB_TEXT((w)->action_like), DB_TEXT((w)->target_type), \
		DB_INT((w)->target_id), DB_TEXT((w)->ip), DB_TEXT((w)->ip_like)

/* Checks a text filter: NULL or "" is none; otherwise one line of valid
 * UTF-8 of at most AUDIT_FILTER_MAX characters. */
static int check_text(const char *field, const char *s, const char *th)
{
	if (!s || !s[0])
		return 0;
	size_t n = strlen(s);
	if (n > FILTER_BYTES || utf8_count(s, n) > AUDIT_FILTER_MAX || !utf8_valid_text(s, n) ||
	    strpbrk(s, "\r\n\t"))
		return err_fail(ERR_INVAL, field, th, "A filter is one line of at most 100 characters.");
	return 0;
}

/* Writes s as a LIKE pattern: '%', '_' and '\' escaped, with '%' before
 * (when `part`) and after. */
static void like_pattern(char out[PATTERN_BYTES], const char *s, bool part)
{
	size_t w = 0;
	if (part)
		out[w++] = '%';
	for (; *s && w + 3 < PATTERN_BYTES; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			out[w++] = '\\';
		out[w++] = *s;
	}
	out[w++] = '%';
	out[w] = 0;
}

/* The first second of a Bangkok-local day. */
static int64_t day_start(struct date d)
{
	return cal_days(d) * 86400 - 7 * 3600;
}

static int parse_day(const char *field, const char *s, struct date *d)
{
	if (cal_parse_iso(s, strlen(s), d))
		return err_fail(ERR_INVAL, field, "วันที่ต้องอยู่ในรูปแบบ ปปปป-ดด-วว (ค.ศ.)",
				"Dates are YYYY-MM-DD.");
	return 0;
}

/* Checks that the actor may read the trail and that f is valid, and makes
 * w for the actor's organisation. */
static int where_make(const struct actor *a, const struct audit_filter *f, struct where *w)
{
	static const struct audit_filter none = {0};
	int rc = authz_require(a, PERM_AUDIT_READ);
	if (rc)
		return rc;
	if (!f)
		f = &none;
	memset(w, 0, sizeof *w);
	w->org_id = a->org_id;
	w->from = INT64_MIN;
	w->to = INT64_MAX;
	w->target_id = f->target_id > 0 ? f->target_id : 0;
	w->action = w->target_type = w->ip = "";
	if ((rc = check_text("actor", f->actor, "ชื่อผู้กระทำยาวเกิน 100 ตัวอักษร")) ||
	    (rc = check_text("action", f->action, "การกระทำยาวเกิน 100 ตัวอักษร")) ||
	    (rc = check_text("target_type", f->target_type, "ประเภทเป้าหมายยาวเกิน 100 ตัวอักษร")) ||
	    (rc = check_text("ip", f->ip, "ที่อยู่ไอพียาวเกิน 100 ตัวอักษร")))
		return rc;
	if (f->actor && f->actor[0])
		like_pattern(w->actor_like, f->actor, true);
	size_t n;
	if (f->action && (n = strlen(f->action)) > 0) {
		if (f->action[n - 1] == '.')
			like_pattern(w->action_like, f->action, false);
		else
			w->action = f->action;
	}
	if (f->target_type)
		w->target_type = f->target_type;
	if (f->ip && (n = strlen(f->ip)) > 0) {
		if (f->ip[n - 1] == '.' || f->ip[n - 1] == ':')
			like_pattern(w->ip_like, f->ip, false);
		else
			w->ip = f->ip;
	}
	struct date from = {0}, to = {0};
	bool has_from = f->from && f->from[0], has_to = f->to && f->to[0];
	if ((has_from && (rc = parse_day("from", f->from, &from))) ||
	    (has_to && (rc = parse_day("to", f->to, &to))))
		return rc;
	if (has_from)
		w->from = day_start(from);
	if (has_to)
		w->to = day_start(to) + 86400;
	if (has_from && has_to && w->to <= w->from)
		return err_fail(ERR_INVAL, "to", "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น",
				"The end date is before the start date.");
	return 0;
}

/* Hands every event of w, newest first, from `offset` on, at most `limit`,
 * to fn, counting them in *handed; stops at fn's first non-zero return:
 * 1 (enough) gives 0, an error is returned. */
static int scan(struct db *db, const struct where *w, int64_t limit, int64_t offset,
		int (*fn)(const struct audit_event *e, void *ctx), void *ctx, int64_t *handed)
{
	*handed = 0;
	struct db_stmt *st;
	int rc = db_query(db,
			  "SELECT id, at, coalesce(actor_account_id, 0), actor, action, target_type,"
			  " coalesce(target_id, 0), ip, detail" AUDIT_WHERE
			  " ORDER BY at DESC, id DESC LIMIT $11 OFFSET $12",
			  DB_ARGS(WHERE_ARGS(w), DB_INT(limit), DB_INT(offset)), &st);
	if (rc)
		return rc;
	int stop = 0;
	while (!stop && (rc = db_step(st)) == DB_ROW) {
		struct audit_event e = {
			.id = db_col_int(st, 0),
			.at = db_col_int(st, 1),
			.actor_account_id = db_col_int(st, 2),
			.actor = db_col_text(st, 3, NULL),
			.action = db_col_text(st, 4, NULL),
			.target_type = db_col_text(st, 5, NULL),
			.target_id = db_col_int(st, 6),
			.ip = db_col_text(st, 7, NULL),
			.detail = db_col_text(st, 8, NULL),
		};
		if ((stop = fn(&e, ctx)) <= 0)
			(*handed)++;
	}
	db_done(st);
	if (stop)
		return stop < 0 ? stop : 0;
	return rc < 0 ? rc : 0;
}

static int count(struct db *db, const struct where *w, int64_t *total)
{
	return db_query_int(db, "SELECT count(*)" AUDIT_WHERE, DB_ARGS(WHERE_ARGS(w)), total);
}

void audit_time_iso(int64_t at, char out[21])
{
	time_t t = (time_t)at;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm))
		out[0] = 0;
}

static json_t *id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

static int add_item(const struct audit_event *e, void *ctx)
{
	char iso[21];
	audit_time_iso(e->at, iso);
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:s}", "id",
			      (json_int_t)e->id, "at", (json_int_t)e->at, "at_iso", iso, "actor",
			      e->actor, "actor_account_id", id_or_null(e->actor_account_id),
			      "action", e->action, "target_type", e->target_type, "target_id",
			      id_or_null(e->target_id), "ip", e->ip, "detail", e->detail);
	return o && json_array_append_new(ctx, o) == 0 ? 0 : ERR_NOMEM;
}

int audit_query(struct db *db, const struct actor *a, const struct audit_filter *f, int page,
		int per_page, json_t **items, int64_t *total)
{
	*items = NULL;
	*total = 0;
	struct where w;
	int rc = where_make(a, f, &w);
	if (rc)
		return rc;
	if (per_page < 1 || per_page > AUDIT_PAGE_MAX)
		per_page = AUDIT_PAGE_MAX;
	if (page < 1)
		page = 1;
	if ((rc = count(db, &w, total)))
		return rc;
	json_t *arr = json_array();
	if (!arr)
		return ERR_NOMEM;
	int64_t n;
	rc = scan(db, &w, per_page, (int64_t)(page - 1) * per_page, add_item, arr, &n);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	*items = arr;
	return 0;
}

int audit_export(struct db *db, const struct actor *a, const struct audit_filter *f, int max,
		 int (*fn)(const struct audit_event *e, void *ctx), void *ctx, int64_t *total,
		 int64_t *handed)
{
	*total = *handed = 0;
	struct where w;
	int rc = where_make(a, f, &w);
	if (rc)
		return rc;
	if (max < 1 || max > AUDIT_EXPORT_MAX)
		max = AUDIT_EXPORT_MAX;
	if ((rc = count(db, &w, total)) || (rc = scan(db, &w, max, 0, fn, ctx, handed)))
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "%" PRId64 " of %" PRId64 " events", *handed, *total);
	return audit_log(db, a, "audit.export", "", 0, detail);
}

int audit_list(struct db *db, const struct actor *a, int limit, json_t **out)
{
	int64_t total;
	return audit_query(db, a, NULL, 1, limit, out, &total);
}

/* Thai labels of the actions klang records. */
static const struct {
	const char *action, *th;
} labels[] = {
	{"login", "เข้าสู่ระบบ"},
	{"login.fail", "เข้าสู่ระบบไม่สำเร็จ"},
	{"authz.denied", "ถูกปฏิเสธสิทธิ์"},
	{"person.view", "เปิดดูข้อมูลบุคลากร"},
	{"person.create", "เพิ่มบุคลากร"},
	{"person.update", "แก้ไขข้อมูลบุคลากร"},
	{"account.create", "สร้างบัญชีผู้ใช้"},
	{"account.password", "เปลี่ยนรหัสผ่าน"},
	{"account.disable", "ระงับบัญชีผู้ใช้"},
	{"account.roles", "เปลี่ยนบทบาท"},
	{"token.create", "สร้างโทเค็น API"},
	{"audit.export", "ดาวน์โหลดบันทึกการใช้งาน"},
	{"unit.create", "เพิ่มหน่วยงาน"},
	{"unit.update", "แก้ไขหน่วยงาน"},
	{"jobline.create", "เพิ่มสายงาน"},
	{"jobline.update", "แก้ไขสายงาน"},
	{"corner.update", "แก้ไขมุมความรู้"},
	{"plan.create", "สร้างแผนการจัดการความรู้"},
	{"kmap.issue.create", "เพิ่มประเด็นยุทธศาสตร์"},
	{"kmap.issue.update", "แก้ไขประเด็นยุทธศาสตร์"},
	{"kmap.goal.create", "เพิ่มเป้าประสงค์"},
	{"kmap.goal.delete", "ลบเป้าประสงค์"},
	{"kmap.rk.create", "เพิ่มองค์ความรู้ที่จำเป็น"},
	{"kmap.rk.update", "แก้ไของค์ความรู้ที่จำเป็น"},
	{"kmap.rk.delete", "ลบองค์ความรู้ที่จำเป็น"},
	{"doc.create", "สร้างเอกสาร"},
	{"doc.update", "แก้ไขเอกสาร"},
	{"doc.restore", "เรียกคืนฉบับเดิมของเอกสาร"},
	{"doc.template", "แก้ไขแม่แบบเอกสาร"},
	{"doc.submit", "เสนอเอกสารเพื่อทบทวน"},
	{"doc.review", "ทบทวนเอกสาร"},
	{"doc.request_changes", "ส่งเอกสารกลับไปแก้ไข"},
	{"doc.approve", "อนุมัติเอกสาร"},
	{"doc.reject", "ไม่อนุมัติเอกสาร"},
	{"doc.publish", "เผยแพร่เอกสาร"},
	{"doc.retire", "ยกเลิกการใช้เอกสาร"},
	{"doc.comment", "แสดงความเห็นต่อร่างเอกสาร"},
	{"workflow.rule", "แก้ไขลำดับการทบทวนและอนุมัติ"},
	{"activity.create", "บันทึกกิจกรรมพัฒนาบุคลากร"},
	{"activity.update", "แก้ไขกิจกรรมพัฒนาบุคลากร"},
	{"activity.participants", "แก้ไขรายชื่อผู้เข้าร่วมกิจกรรมพัฒนา"},
	{"activity.report", "ส่งรายงานหลังการพัฒนา"},
	{"community.create", "สร้างชุมชนนักปฏิบัติ"},
	{"community.update", "แก้ไขชุมชนนักปฏิบัติ"},
	{"community.join", "เข้าร่วมชุมชนนักปฏิบัติ"},
	{"community.leave", "ออกจากชุมชนนักปฏิบัติ"},
	{"community.member_add", "เพิ่มสมาชิกชุมชนนักปฏิบัติ"},
	{"community.member_remove", "นำสมาชิกออกจากชุมชนนักปฏิบัติ"},
	{"community.thread", "ตั้งกระทู้ในชุมชนนักปฏิบัติ"},
	{"community.reply", "ตอบกระทู้ในชุมชนนักปฏิบัติ"},
	{"community.answer", "เลือกคำตอบของกระทู้"},
	{"community.answer_clear", "ยกเลิกคำตอบของกระทู้"},
	{"community.lock", "ปิดกระทู้"},
	{"community.unlock", "เปิดกระทู้อีกครั้ง"},
	{"community.meeting", "บันทึกการประชุมชุมชนนักปฏิบัติ"},
	{"community.to_document", "สร้างร่างเอกสารความรู้จากกระทู้"},
	{"mentoring.create", "จัดคู่พี่เลี้ยง"},
	{"mentoring.update", "แก้ไขคู่พี่เลี้ยง"},
	{"mentoring.log", "บันทึกการพบพี่เลี้ยง"},
	{"expert.create", "บันทึกการถอดองค์ความรู้ผู้เชี่ยวชาญ"},
	{"expert.update", "แก้ไขการถอดองค์ความรู้ผู้เชี่ยวชาญ"},
	{"expert.consent", "บันทึกความยินยอมของผู้เชี่ยวชาญ"},
	{"expert.document", "สร้างร่างเอกสารความรู้ผู้เชี่ยวชาญ"},
	{"risk.view", "เปิดรายงานความรู้เสี่ยงสูญหาย"},
	{"person.export", "ส่งออกข้อมูลส่วนบุคคล"},
	{"person.anonymise", "ปกปิดตัวตนของบุคลากรที่พ้นจากหน่วยงาน"},
	{"recognition.certificate", "ออกเกียรติบัตร"},
	{"training.purge", "ลบประวัติการพัฒนาที่พ้นระยะเวลาเก็บรักษา"},
	{"attachment.add", "แนบไฟล์"},
	{"search.equiv_add", "เพิ่มกลุ่มคำค้นที่ใช้แทนกันได้"},
	{"search.equiv_delete", "ลบกลุ่มคำค้นที่ใช้แทนกันได้"},
	{"search.word_add", "เพิ่มคำศัพท์ขององค์กร"},
	{"search.word_delete", "ลบคำศัพท์ขององค์กร"},
};

const char *audit_action_label_th(const char *action)
{
	for (size_t i = 0; action && i < sizeof labels / sizeof labels[0]; i++) {
		if (strcmp(labels[i].action, action) == 0)
			return labels[i].th;
	}
	return NULL;
}

const char *audit_action_code(size_t i)
{
	return i < sizeof labels / sizeof labels[0] ? labels[i].action : NULL;
}
