/* recognition: contributors of a fiscal year, ranked, and their certificates. */
#include "km/recognition.h"

#include <stdio.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "export/certificate.h"
#include "km/audit.h"
#include "km/org.h"
#include "store/db.h"
#include "store/db_json.h"

#define XSTR(x) STR_(x)
#define STR_(x) #x

/* Every contribution of the year as a row (person, 1 in the column it
 * counts in): documents published (an author, or a writer of a revision up
 * to the first publication; each document once per person), review and
 * approval steps, accepted answers, development activities. $1 org, $2 fy,
 * $3 and $4 the year's first and past-last second, $5 one person or 0. */
#define CONTRIBUTIONS                                                                                  \
	"SELECT w.person_id, 1 AS pub, 0 AS rev, 0 AS ans, 0 AS act FROM ("                            \
	" SELECT x.person_id, d.id AS doc FROM documents d JOIN document_authors x ON x.document_id = d.id" \
	" WHERE d.org_id = $1 AND d.published_fy = $2"                                                 \
	" UNION SELECT c.person_id, d.id AS doc FROM documents d"                                      \
	" JOIN document_revisions v ON v.document_id = d.id JOIN accounts c ON c.id = v.author_account_id" \
	" WHERE d.org_id = $1 AND d.published_fy = $2 AND c.person_id IS NOT NULL"                     \
	" AND v.created_at <= d.published_at) w"                                                       \
	" UNION ALL SELECT c.person_id, 0, 1, 0, 0 FROM document_transitions t"                        \
	" JOIN accounts c ON c.id = t.actor_account_id WHERE t.org_id = $1"                            \
	" AND t.action IN ('review', 'approve') AND t.at >= $3 AND t.at < $4 AND c.person_id IS NOT NULL" \
	" UNION ALL SELECT c.person_id, 0, 0, 1, 0 FROM community_threads h"                           \
	" JOIN community_replies r ON r.id = h.answer_reply_id JOIN accounts c ON c.id = r.author_account_id" \
	" WHERE h.org_id = $1 AND r.created_at >= $3 AND r.created_at < $4 AND c.person_id IS NOT NULL" \
	" UNION ALL SELECT ap.person_id, 0, 0, 0, 1 FROM activity_participants ap"                     \
	" JOIN activities a ON a.id = ap.activity_id WHERE a.org_id = $1 AND a.fy = $2"

#define SCORE                                                                                          \
	"sum(k.pub) * " XSTR(RECOGNITION_W_PUBLISHED) " + sum(k.rev) * " XSTR(RECOGNITION_W_REVIEWS)   \
	" + sum(k.ans) * " XSTR(RECOGNITION_W_ANSWERS) " + sum(k.act) * " XSTR(RECOGNITION_W_ACTIVITIES)

static const char list_sql[] =
	"SELECT p.id AS person_id, p.name, p.position, sum(k.pub) AS published, sum(k.rev) AS reviews,"
	" sum(k.ans) AS answers, sum(k.act) AS activities, " SCORE " AS score"
	" FROM (" CONTRIBUTIONS ") k JOIN people p ON p.id = k.person_id AND p.org_id = $1"
	" WHERE $5 = 0 OR p.id = $5"
	" GROUP BY p.id, p.name, p.position"
	" ORDER BY score DESC, published DESC, p.name, p.id LIMIT " XSTR(RECOGNITION_LIST_MAX);

static int need_account(const struct actor *a)
{
	if (!a->account_id && !a->operator)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	return 0;
}

static int check_fy(int fy)
{
	if (fy < 2400 || fy > 2700)
		return err_fail(ERR_INVAL, "fy", "ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569", "The fiscal year is a B.E. year such as 2569.");
	return 0;
}

/* The contributors (of one person when person_id > 0), ranked. */
static int contributors(struct db *db, const struct actor *a, int fy, int64_t person_id, json_t **out)
{
	struct date first, last;
	cal_fiscal_range(fy, &first, &last);
	int64_t from = cal_days(first) * 86400 - 7 * 3600; /* Bangkok's midnight */
	int64_t to = (cal_days(last) + 1) * 86400 - 7 * 3600;
	int rc = db_query_json(db, list_sql,
			       DB_ARGS(DB_INT(a->org_id), DB_INT(fy), DB_INT(from), DB_INT(to), DB_INT(person_id)),
			       0, out);
	if (rc)
		return rc;
	/* Equal scores share a rank: 1, 2, 2, 4. */
	size_t i;
	json_t *row;
	json_int_t prev = -1, rank = 0;
	json_array_foreach(*out, i, row)
	{
		json_int_t score = json_integer_value(json_object_get(row, "score"));
		if (score != prev)
			rank = (json_int_t)i + 1;
		prev = score;
		json_object_set_new(row, "rank", json_integer(rank));
	}
	return 0;
}

int recognition_list(struct db *db, const struct actor *a, int fy, json_t **out)
{
	int rc = need_account(a);
	if (!rc)
		rc = check_fy(fy);
	return rc ? rc : contributors(db, a, fy, 0, out);
}

int recognition_person(struct db *db, const struct actor *a, int64_t person_id, int fy, json_t **out)
{
	int rc = need_account(a);
	if (!rc)
		rc = check_fy(fy);
	json_t *row = NULL, *list = NULL;
	if (!rc)
		rc = db_query_json_one(db,
				       "SELECT id AS person_id, name, position, 0 AS published, 0 AS reviews, 0 AS answers,"
				       " 0 AS activities, 0 AS score, 0 AS rank FROM people WHERE id = $1 AND org_id = $2",
				       DB_ARGS(DB_INT(person_id), DB_INT(a->org_id)), &row);
	if (rc == ERR_NOTFOUND)
		return err_fail(rc, NULL, "ไม่พบบุคลากรนี้", "No such person.");
	if (!rc)
		rc = contributors(db, a, fy, person_id, &list);
	if (!rc && json_array_size(list)) {
		json_decref(row);
		row = json_incref(json_array_get(list, 0));
		/* Alone in the list it is first; its rank among everyone is not
		 * asked for here. */
		json_object_set_new(row, "rank", json_integer(0));
	}
	json_decref(list);
	if (rc) {
		json_decref(row);
		return rc;
	}
	*out = row;
	return 0;
}

int recognition_default_signer(struct db *db, const struct actor *a, json_t **out)
{
	int rc = need_account(a);
	if (rc)
		return rc;
	rc = db_query_json_one(db,
			       "SELECT p.name, p.position FROM accounts c"
			       " JOIN account_roles r ON r.account_id = c.id AND r.role = 'executive'"
			       " JOIN people p ON p.id = c.person_id AND p.active = 1"
			       " WHERE c.org_id = $1 AND c.disabled = 0 ORDER BY c.id LIMIT 1",
			       DB_ARGS(DB_INT(a->org_id)), out);
	if (rc == ERR_NOTFOUND) {
		*out = json_pack("{s:s, s:s}", "name", "", "position", "");
		rc = *out ? 0 : ERR_NOMEM;
	}
	return rc;
}

static json_int_t count_of(const json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/* What the person did, as one sentence: "โดยเผยแพร่องค์ความรู้ 3 เรื่อง
 * ทบทวนหรืออนุมัติองค์ความรู้ 2 ครั้ง และ …" (the counts that are not 0). */
static void details(struct buf *b, const json_t *row)
{
	static const struct {
		const char *key, *before, *after;
	} parts[] = {
		{"published", "เผยแพร่องค์ความรู้", "เรื่อง"},
		{"reviews", "ทบทวนหรืออนุมัติองค์ความรู้", "ครั้ง"},
		{"answers", "ให้คำตอบที่ได้รับเลือกในชุมชนนักปฏิบัติ", "ครั้ง"},
		{"activities", "เข้าร่วมกิจกรรมพัฒนาบุคลากร", "กิจกรรม"},
	};
	size_t n = sizeof parts / sizeof parts[0], given = 0, done = 0;
	for (size_t i = 0; i < n; i++)
		given += count_of(row, parts[i].key) > 0;
	for (size_t i = 0; i < n; i++) {
		json_int_t v = count_of(row, parts[i].key);
		if (v <= 0)
			continue;
		done++;
		buf_printf(b, "%s%s %lld %s", done == 1 ? "โดย" : done == given ? " และ" : " ", parts[i].before,
			   (long long)v, parts[i].after);
	}
}

int recognition_certificate_pdf(struct db *db, const struct actor *a, int64_t person_id, int fy,
				const char *signer_name, const char *signer_position, struct buf *out)
{
	if (!a->operator && !(a->roles & (ROLE_ADMIN | ROLE_COMMITTEE)))
		return err_fail(ERR_FORBIDDEN, NULL, "เกียรติบัตรออกได้โดยผู้ดูแลระบบหรือคณะกรรมการการจัดการความรู้",
				"Certificates are issued by admins and the KM committee.");
	json_t *row = NULL, *org = NULL, *signer = NULL;
	int rc = recognition_person(db, a, person_id, fy, &row);
	if (!rc && count_of(row, "score") <= 0)
		rc = err_fail(ERR_CONFLICT, NULL, "บุคลากรนี้ไม่มีผลงานด้านการจัดการความรู้ในปีงบประมาณนี้",
			      "This person has no knowledge-management contribution in that fiscal year.");
	if (!rc)
		rc = org_get(db, a->org_id, &org);
	if (!rc && !(signer_name && signer_name[0]))
		rc = recognition_default_signer(db, a, &signer);
	if (!rc && signer) {
		signer_name = json_string_value(json_object_get(signer, "name"));
		if (!(signer_position && signer_position[0]))
			signer_position = json_string_value(json_object_get(signer, "position"));
	}
	if (!rc && !(signer_name && signer_name[0] && signer_position && signer_position[0]))
		rc = err_fail(ERR_INVAL, "signer_name", "กรุณาระบุชื่อและตำแหน่งผู้ลงนามในเกียรติบัตร",
			      "Give the name and position of who signs the certificate.");
	struct buf reason, what, date, footer;
	buf_init(&reason, 4096);
	buf_init(&what, 4096);
	buf_init(&date, 256);
	buf_init(&footer, 1024);
	if (!rc) {
		buf_printf(&reason, "เป็นผู้มีส่วนร่วมในการจัดการความรู้ดีเด่น ประจำปีงบประมาณ %d", fy);
		details(&what, row);
		cal_format_th(&date, cal_from_unix(clock_now()), CAL_PREFIX);
		buf_printf(&footer, "ออกโดยระบบคลังความรู้ (klang) · ปีงบประมาณ %d · รหัสบุคลากร %lld", fy,
			   (long long)person_id);
		const struct certificate c = {
			.org = json_string_value(json_object_get(org, "name")),
			.name = json_string_value(json_object_get(row, "name")),
			.position = json_string_value(json_object_get(row, "position")),
			.reason = buf_cstr(&reason),
			.details = buf_cstr(&what),
			.date = buf_cstr(&date),
			.signer_name = signer_name,
			.signer_position = signer_position,
			.footer = buf_cstr(&footer),
			.thai_digits = true,
		};
		rc = certificate_pdf_render(&c, out);
	}
	char detail[32];
	snprintf(detail, sizeof detail, "fy %d", fy);
	if (!rc)
		rc = audit_log(db, a, "recognition.certificate", "person", person_id, detail);
	buf_release(&footer);
	buf_release(&date);
	buf_release(&what);
	buf_release(&reason);
	json_decref(signer);
	json_decref(org);
	json_decref(row);
	return rc;
}
