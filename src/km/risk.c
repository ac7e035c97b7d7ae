/* risk: who retires soon holding knowledge nobody else holds. */
#include "km/risk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/audit.h"
#include "store/db.h"
#include "store/db_json.h"

#define CANDIDATES_MAX 5000 /* people retiring in the horizon, read at most */
#define ROWS_MAX 20000      /* rows of each kind of reason, read at most */

/* The people of the horizon, by id, pointing at their report item. */
struct slot {
	int64_t id;
	json_t *item;
};

static int slot_cmp(const void *x, const void *y)
{
	int64_t a = ((const struct slot *)x)->id, b = ((const struct slot *)y)->id;
	return (a > b) - (a < b);
}

static json_t *item_of(struct slot *slots, size_t n, int64_t id)
{
	struct slot key = {id, NULL};
	struct slot *s = bsearch(&key, slots, n, sizeof *slots, slot_cmp);
	return s ? s->item : NULL;
}

/* Adds a reason to the person's item, up to RISK_REASONS_MAX. */
static void add_reason(json_t *item, json_t *reason)
{
	json_t *list = json_object_get(item, "reasons");
	if (json_array_size(list) < RISK_REASONS_MAX)
		json_array_append(list, reason);
	json_decref(reason);
}

/* Whether the person's reasons already name document `doc`. */
static bool names_document(json_t *item, json_int_t doc)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(item, "reasons"), i, r) {
		if (json_integer_value(json_object_get(r, "document_id")) == doc)
			return true;
	}
	return false;
}

/* The horizon: people's rows. Every reason query takes the same
 * ($1 org, $2 from, $3 until) and the same condition on p. */
#define RETIRING "p.org_id = $1 AND p.active = 1 AND p.retirement_date >= $2 AND p.retirement_date <= $3"

/* A reason made from one row of a query for the person's item (NULL:
 * none). */
typedef json_t *(*reason_fn)(json_t *row, json_t *item);

/* Runs `sql` (RETIRING's three arguments; a "person_id" column) and adds
 * what `fn` makes of each row to that person's item. */
static int reasons_from(struct db *db, const char *sql, const struct db_arg *args, struct slot *slots, size_t n,
			reason_fn fn)
{
	json_t *rows = NULL;
	int rc = db_query_json(db, sql, args, 3, ROWS_MAX, &rows);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		json_t *item = item_of(slots, n, json_integer_value(json_object_get(row, "person_id")));
		json_t *reason = item ? fn(row, item) : NULL;
		if (reason)
			add_reason(item, reason);
	}
	json_decref(rows);
	return rc;
}

static json_t *sole_author(json_t *row, json_t *item)
{
	(void)item;
	return json_pack("{s:s, s:s, s:O, s:O}", "kind", "sole_author", "kind_th", "ผู้เขียนเพียงคนเดียวของเอกสารที่เผยแพร่",
			 "document_id", json_object_get(row, "document_id"), "title", json_object_get(row, "title"));
}

/* An interview's expert; its document, when it has one that is not
 * retired, unless the person's reasons name it already. */
static json_t *expert(json_t *row, json_t *item)
{
	json_int_t doc = json_integer_value(json_object_get(row, "document_id"));
	if (doc && names_document(item, doc))
		return NULL;
	json_t *reason = json_pack("{s:s, s:s, s:O, s:O}", "kind", "expert", "kind_th", "ผู้เชี่ยวชาญผู้ให้ความรู้เพียงคนเดียว",
				   "interview_id", json_object_get(row, "interview_id"), "title",
				   json_object_get(row, doc ? "document_title" : "topic"));
	if (doc)
		json_object_set_new(reason, "document_id", json_integer(doc));
	return reason;
}

static const char sole_authors_sql[] =
	"SELECT x.person_id, d.id AS document_id, coalesce(r.title, d.title) AS title"
	" FROM document_authors x JOIN people p ON p.id = x.person_id"
	" JOIN documents d ON d.id = x.document_id"
	" LEFT JOIN document_revisions r ON r.id = d.published_revision_id"
	" WHERE " RETIRING " AND d.org_id = $1 AND d.status = 'published'"
	" AND NOT EXISTS (SELECT 1 FROM document_authors y WHERE y.document_id = d.id"
	" AND y.person_id <> x.person_id) ORDER BY d.published_at, d.id";

static const char experts_sql[] =
	"SELECT i.expert_person_id AS person_id, i.id AS interview_id, i.topic,"
	" d.id AS document_id, d.title AS document_title"
	" FROM expert_interviews i JOIN people p ON p.id = i.expert_person_id"
	" LEFT JOIN documents d ON d.id = i.document_id AND d.status <> 'retired'"
	" WHERE " RETIRING " AND i.org_id = $1 ORDER BY i.date, i.id";

/* Required knowledge of a unit with no published document covering it:
 * a reason for everyone of the horizon in that unit, or in the division
 * that unit is. */
static int uncovered(struct db *db, const struct db_arg *args, json_t *items)
{
	json_t *rows = NULL;
	int rc = db_query_json(db,
			       "SELECT k.id AS rk_id, k.title, k.unit_id, u.name AS unit_name"
			       " FROM required_knowledge k JOIN units u ON u.id = k.unit_id"
			       " WHERE k.org_id = $1 AND NOT EXISTS (SELECT 1 FROM document_coverage c"
			       " JOIN documents d ON d.id = c.document_id WHERE c.rk_id = k.id AND d.status = 'published')"
			       " ORDER BY k.issue_id, k.sort, k.id",
			       args, 1, ROWS_MAX, &rows);
	size_t i, j;
	json_t *row, *item;
	json_array_foreach(rows, i, row) {
		json_int_t unit = json_integer_value(json_object_get(row, "unit_id"));
		json_array_foreach(items, j, item) {
			if (json_integer_value(json_object_get(item, "unit_id")) != unit &&
			    json_integer_value(json_object_get(item, "division_id")) != unit)
				continue;
			add_reason(item, json_pack("{s:s, s:s, s:O, s:O, s:O}", "kind", "uncovered", "kind_th",
						   "หน่วยงานรับผิดชอบองค์ความรู้ที่ยังไม่มีเอกสารเผยแพร่", "rk_id",
						   json_object_get(row, "rk_id"), "title", json_object_get(row, "title"),
						   "unit_name", json_object_get(row, "unit_name")));
		}
	}
	json_decref(rows);
	return rc;
}

/* The same day `years` on (28 February for 29 February). */
static struct date years_on(struct date d, int years)
{
	struct date e = {d.y + years, d.m, d.d};
	if (!cal_valid(e))
		e.d = cal_days_in_month(e.y, e.m);
	return e;
}

int risk_report(struct db *db, const struct actor *a, int years, json_t **out)
{
	int rc = authz_require(a, PERM_RISK_READ);
	if (rc)
		return rc;
	if (years < RISK_YEARS_MIN || years > RISK_YEARS_MAX)
		return err_fail(ERR_INVAL, "years", "ช่วงเวลาต้องอยู่ระหว่าง 1 ถึง 10 ปี", "Years run from 1 to 10.");
	struct date today = cal_from_unix(clock_now()), until = years_on(today, years);
	char from_iso[11], until_iso[11];
	cal_iso(today, from_iso);
	cal_iso(until, until_iso);
	const struct db_arg args[] = {DB_INT(a->org_id), DB_TEXT(from_iso), DB_TEXT(until_iso)};
	json_t *people = NULL;
	rc = db_query_json(db,
			   "SELECT p.id AS person_id, p.name, p.position, coalesce(p.unit_id, 0) AS unit_id,"
			   " u.name AS unit_name, coalesce(u.division_id, 0) AS division_id, p.retirement_date"
			   " FROM people p LEFT JOIN units u ON u.id = p.unit_id WHERE " RETIRING
			   " ORDER BY p.retirement_date, p.name, p.id",
			   args, 3, CANDIDATES_MAX, &people);
	if (rc)
		return rc;
	size_t n = json_array_size(people), i;
	struct slot *slots = calloc(n ? n : 1, sizeof *slots);
	if (!slots) {
		json_decref(people);
		return ERR_NOMEM;
	}
	json_t *item;
	json_array_foreach(people, i, item) {
		slots[i] = (struct slot){json_integer_value(json_object_get(item, "person_id")), item};
		json_object_set_new(item, "reasons", json_array());
	}
	qsort(slots, n, sizeof *slots, slot_cmp);
	rc = reasons_from(db, sole_authors_sql, args, slots, n, sole_author);
	if (!rc)
		rc = reasons_from(db, experts_sql, args, slots, n, expert);
	if (!rc)
		rc = uncovered(db, args, people);
	free(slots);
	json_t *items = json_array();
	bool truncated = false;
	json_array_foreach(people, i, item) {
		if (rc || !json_array_size(json_object_get(item, "reasons")))
			continue;
		if (json_array_size(items) >= RISK_PEOPLE_MAX) {
			truncated = true;
			break;
		}
		const char *ret = json_string_value(json_object_get(item, "retirement_date"));
		struct date d;
		int64_t left = cal_parse_iso(ret, strlen(ret), &d) ? 0 : cal_days(d) - cal_days(today);
		json_object_set_new(item, "days_left", json_integer(left));
		json_object_del(item, "division_id");
		json_array_append(items, item);
	}
	json_decref(people);
	char detail[64];
	snprintf(detail, sizeof detail, "years=%d people=%zu", years, json_array_size(items));
	if (!rc)
		rc = audit_log(db, a, "risk.view", "report", 0, detail);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:i, s:s, s:s, s:I, s:b, s:o}", "years", years, "as_of", from_iso, "until", until_iso,
			 "total", (json_int_t)json_array_size(items), "truncated", truncated, "items", items);
	return 0;
}
