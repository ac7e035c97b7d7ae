/*
 * equiv: spellings a query treats as one, per organisation (abbreviations,
 * full names), and the two eras of a year. Each group is kept as typed
 * (search_equivalences) and as its spellings cut into search terms
 * (search_equiv_spellings, looked up by a spelling's first term), so a
 * query finds the groups it touches with one indexed lookup per word.
 */
#include "search/search.h"
#include "search/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/utf8.h"
#include "store/db.h"
#include "store/db_json.h"
#include "thai/terms.h"

/* klang's default groups: abbreviations of Thai government that a
 * municipality's documents use in both forms. */
static const char *const default_groups[] = {
	"พ.ร.บ. = พรบ. = พระราชบัญญัติ",
	"พ.ร.ก. = พรก. = พระราชกำหนด",
	"พ.ร.ฎ. = พระราชกฤษฎีกา",
	"อปท. = องค์กรปกครองส่วนท้องถิ่น",
	"อบต. = องค์การบริหารส่วนตำบล",
	"อบจ. = องค์การบริหารส่วนจังหวัด",
	"ทม. = เทศบาลเมือง",
	"ทต. = เทศบาลตำบล",
	"ทน. = เทศบาลนคร",
	"กทม. = กรุงเทพมหานคร",
	"กพร. = ก.พ.ร. = สำนักงานคณะกรรมการพัฒนาระบบราชการ",
	"ก.พ. = สำนักงานคณะกรรมการข้าราชการพลเรือน",
	"ก.ท. = คณะกรรมการกลางพนักงานเทศบาล",
	"ก.ท.จ. = คณะกรรมการพนักงานเทศบาลจังหวัด",
	"สถ. = กรมส่งเสริมการปกครองท้องถิ่น",
	"สตง. = สำนักงานการตรวจเงินแผ่นดิน",
	"ป.ป.ช. = ปปช. = คณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ",
	"ITA = การประเมินคุณธรรมและความโปร่งใส",
	"KM = การจัดการความรู้",
	"CoP = ชุมชนนักปฏิบัติ",
	"SOP = มาตรฐานการปฏิบัติงาน",
	"PDPA = พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล",
	"e-GP = ระบบการจัดซื้อจัดจ้างภาครัฐ",
	"ภ.ด.ส. = ภาษีที่ดินและสิ่งปลูกสร้าง",
	"จ.ส.อ. = จ่าสิบเอก",
	"ผอ. = ผู้อำนวยการ",
};

struct joined {
	struct buf *b;
	int n;
	char first[4 * SEARCH_EQUIV_TERM_MAX + 1];
};

static int join_term(void *ctx, const struct thai_term *t)
{
	struct joined *j = ctx;
	if (t->kind == THAI_TERM_UNIT)
		return 0;
	if (j->n == 0 && t->n < sizeof j->first) {
		memcpy(j->first, t->p, t->n);
		j->first[t->n] = 0;
	}
	if (j->n++)
		buf_putc(j->b, ' ');
	buf_append(j->b, t->p, t->n);
	return 0;
}

/* Splits a group as typed into spellings (at "=" or ","), trimmed. */
static int split(const char *terms, struct str *out, int max, int *n)
{
	*n = 0;
	struct str rest = str_c(terms);
	while (rest.len) {
		size_t k = 0;
		while (k < rest.len && rest.p[k] != '=' && rest.p[k] != ',')
			k++;
		struct str s = str_trim((struct str){rest.p, k});
		if (s.len) {
			if (*n == max)
				return err_fail(ERR_INVAL, "terms", "กลุ่มคำมีได้ไม่เกิน 8 คำ",
						"A group holds at most 8 spellings.");
			if (utf8_count(s.p, s.len) > SEARCH_EQUIV_TERM_MAX)
				return err_fail(ERR_INVAL, "terms", "คำในกลุ่มยาวได้ไม่เกิน 80 ตัวอักษร",
						"A spelling is at most 80 characters.");
			out[(*n)++] = s;
		}
		rest = k < rest.len ? (struct str){rest.p + k + 1, rest.len - k - 1} : (struct str){rest.p, 0};
	}
	if (*n < 2)
		return err_fail(ERR_INVAL, "terms", "ใส่คำที่มีความหมายเดียวกันอย่างน้อย 2 คำ คั่นด้วย =",
				"Give at least two spellings separated by =.");
	return 0;
}

int search_equiv_add(struct db *db, int64_t org_id, const char *terms, int64_t *id_out)
{
	struct str sp[SEARCH_EQUIV_TERMS];
	int n = 0;
	if (!terms || !utf8_valid_text(terms, strlen(terms)) || strpbrk(terms, "\r\n"))
		return err_fail(ERR_INVAL, "terms", "กลุ่มคำไม่ถูกต้อง", "The group is not valid text.");
	int rc = split(terms, sp, SEARCH_EQUIV_TERMS, &n);
	if (rc)
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	int64_t count = 0;
	rc = db_query_int(db, "SELECT count(*) FROM search_equivalences WHERE org_id = $1",
			  DB_ARGS(DB_INT(org_id)), &count);
	if (rc == 0 && count >= SEARCH_EQUIV_MAX)
		rc = err_fail(ERR_TOOBIG, "terms", "มีกลุ่มคำครบ 500 กลุ่มแล้ว", "The organisation has 500 groups already.");
	int64_t id = 0;
	if (rc == 0)
		rc = db_query_int(db,
				  "INSERT INTO search_equivalences (org_id, terms, created_at) VALUES ($1, $2, $3)"
				  " RETURNING id",
				  DB_ARGS(DB_INT(org_id), DB_TEXT(terms), DB_INT(clock_now())), &id);
	struct buf b;
	buf_init(&b, 4096);
	int kept = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		buf_reset(&b);
		struct joined j = {&b, 0, {0}};
		rc = thai_terms(search_dict(), sp[i].p, sp[i].len, 0, join_term, &j);
		if (rc == 0 && (rc = buf_err(&b)) == 0 && j.n > 0 && j.n <= SQ_TERMS_MAX) {
			rc = db_exec(db,
				     "INSERT INTO search_equiv_spellings (equiv_id, org_id, first_term, terms_norm)"
				     " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
				     DB_ARGS(DB_INT(id), DB_INT(org_id), DB_TEXT(j.first), DB_TEXT(buf_cstr(&b))));
			kept += rc == 0 && db_changes(db) > 0;
		}
	}
	buf_release(&b);
	if (rc == 0 && kept < 2)
		rc = err_fail(ERR_INVAL, "terms", "คำในกลุ่มต้องต่างกันอย่างน้อย 2 แบบ",
			      "The group needs at least two different spellings.");
	if (rc == 0 && id_out)
		*id_out = id;
	return db_end(db, rc);
}

int search_equiv_delete(struct db *db, int64_t org_id, int64_t id)
{
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = db_exec(db, "DELETE FROM search_equiv_spellings WHERE equiv_id = $1 AND org_id = $2",
		     DB_ARGS(DB_INT(id), DB_INT(org_id)));
	if (rc == 0)
		rc = db_exec(db, "DELETE FROM search_equivalences WHERE id = $1 AND org_id = $2",
			     DB_ARGS(DB_INT(id), DB_INT(org_id)));
	if (rc == 0 && db_changes(db) == 0)
		rc = err_fail(ERR_NOTFOUND, NULL, "ไม่พบกลุ่มคำนี้", "No such group.");
	return db_end(db, rc);
}

int search_equiv_defaults(struct db *db, int64_t org_id)
{
	int rc = db_begin(db);
	if (rc)
		return rc;
	int64_t count = 0;
	rc = db_query_int(db, "SELECT count(*) FROM search_equivalences WHERE org_id = $1",
			  DB_ARGS(DB_INT(org_id)), &count);
	for (size_t i = 0; rc == 0 && count == 0 && i < sizeof default_groups / sizeof default_groups[0]; i++)
		rc = search_equiv_add(db, org_id, default_groups[i], NULL);
	return db_end(db, rc);
}

int search_equiv_list(struct db *db, int64_t org_id, json_t **out)
{
	return db_query_json(db, "SELECT id, terms, created_at FROM search_equivalences WHERE org_id = $1 ORDER BY terms",
			     DB_ARGS(DB_INT(org_id)), 0, out);
}

/* Splits a stored spelling ("a b c") into terms in `ar`. */
static int spelling_terms(struct arena *ar, const char *s, const char **terms, int *n)
{
	*n = 0;
	char *copy = arena_strdup(ar, s);
	if (!copy)
		return ERR_NOMEM;
	for (char *p = copy; *p && *n < SQ_TERMS_MAX;) {
		char *e = strchr(p, ' ');
		terms[(*n)++] = p;
		if (!e)
			break;
		*e = 0;
		p = e + 1;
	}
	return 0;
}

/* Whether groups g[i..i+n) are plain words equal to terms[0..n). */
static bool holds(const struct sq_plan *p, int i, const char **terms, int n)
{
	if (i + n > p->ngroups)
		return false;
	for (int k = 0; k < n; k++) {
		const struct sq_group *g = &p->groups[i + k];
		if (g->neg || g->nalts < 1 || g->alts[0].nterms != 1 || strcmp(g->alts[0].terms[0], terms[k]))
			return false;
	}
	return true;
}

static bool same_alt(const struct sq_alt *a, const char **terms, int n)
{
	if (!a->phrase || a->nterms != n)
		return false;
	for (int k = 0; k < n; k++) {
		if (strcmp(a->terms[k], terms[k]))
			return false;
	}
	return true;
}

/* Adds every spelling of group `equiv_id` to group g. */
static int add_spellings(struct db *db, struct arena *ar, struct sq_group *g, int64_t equiv_id)
{
	struct db_stmt *st = NULL;
	int rc = db_query(db, "SELECT terms_norm FROM search_equiv_spellings WHERE equiv_id = $1",
			  DB_ARGS(DB_INT(equiv_id)), &st);
	for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
		const char *terms[SQ_TERMS_MAX];
		int n = 0;
		if ((rc = spelling_terms(ar, db_col_text(st, 0, NULL), terms, &n)))
			break;
		bool dup = false;
		for (int a = 0; a < g->nalts; a++)
			dup |= same_alt(&g->alts[a], terms, n);
		if (!dup && g->nalts < 16 && (rc = sq_alt_add(ar, g, terms, n, true)))
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* The other era of a four-digit year: B.E. 2400–2700 ↔ C.E. 1857–2157. */
static int add_year(struct arena *ar, struct sq_group *g)
{
	const char *t = g->alts[0].terms[0];
	if (g->alts[0].nterms != 1 || strlen(t) != 4 || strspn(t, "0123456789") != 4)
		return 0;
	int v = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
	int other = v >= 2400 && v <= 2700 ? v - 543 : v >= 1857 && v <= 2157 ? v + 543 : 0;
	if (!other)
		return 0;
	const char *s = arena_printf(ar, "%d", other);
	return s ? sq_alt_add(ar, g, &s, 1, true) : ERR_NOMEM;
}

int sq_expand(struct db *db, struct arena *ar, int64_t org_id, struct sq_plan *p)
{
	int rc = 0;
	for (int i = 0; rc == 0 && i < p->ngroups; i++) {
		struct sq_group *g = &p->groups[i];
		if (g->neg || g->nalts < 1)
			continue;
		if ((rc = add_year(ar, g)))
			break;
		struct db_stmt *st = NULL;
		int64_t found = 0;
		int span = 0;
		rc = db_query(db,
			      "SELECT equiv_id, terms_norm FROM search_equiv_spellings"
			      " WHERE org_id = $1 AND first_term = $2",
			      DB_ARGS(DB_INT(org_id), DB_TEXT(g->alts[0].terms[0])), &st);
		for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
			const char *terms[SQ_TERMS_MAX];
			int n = 0;
			if ((rc = spelling_terms(ar, db_col_text(st, 1, NULL), terms, &n)))
				break;
			/* a phrase equal to the spelling, or plain words that spell it */
			int s = same_alt(&g->alts[0], terms, n) ? 1 : holds(p, i, terms, n) ? n : 0;
			if (s > span) {
				span = s;
				found = db_col_int(st, 0);
			}
		}
		db_done(st);
		if (rc < 0)
			break;
		rc = 0;
		if (!found)
			continue;
		if (span > 1) {
			/* the words of a multi-word spelling become one group */
			const char *seq[SQ_TERMS_MAX];
			for (int k = 0; k < span; k++)
				seq[k] = p->groups[i + k].alts[0].terms[0];
			g->nalts = 0;
			if ((rc = sq_alt_add(ar, g, seq, span, true)))
				break;
			memmove(&p->groups[i + 1], &p->groups[i + span],
				(size_t)(p->ngroups - i - span) * sizeof p->groups[0]);
			p->ngroups -= span - 1;
			p->npos -= span - 1;
		}
		rc = add_spellings(db, ar, g, found);
	}
	return rc;
}
