/* staff_import: people from a spreadsheet, checked cell by cell, written
 * through km/people in one transaction, or only previewed. */
#include "km/staff_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "km/org.h"
#include "km/people.h"
#include "store/db.h"

#define SCRATCH_CAP ((size_t)128 << 20)
#define HEADER_SEARCH 10 /* rows in which the header may stand */

enum field { F_NAME, F_POSITION, F_LEVEL, F_UNIT, F_JOB_LINE, F_EMPLOYMENT, F_START, F_RETIRE, F_EMAIL, F__COUNT };

/* Each field's name in the API, in Thai, and its headers folded (see
 * fold_header). */
static const struct {
	const char *name, *th;
	const char *const headers[9];
} fields[F__COUNT] = {
	[F_NAME] = {"name", "ชื่อ-สกุล", {"name", "fullname", "ชื่อสกุล", "ชื่อ", "ชื่อนามสกุล", "ชื่อและนามสกุล", "ชื่อตัวชื่อสกุล", NULL}},
	[F_POSITION] = {"position", "ตำแหน่ง", {"position", "ตำแหน่ง", "ชื่อตำแหน่ง", NULL}},
	[F_LEVEL] = {"level", "ระดับ", {"level", "ระดับ", "ระดับตำแหน่ง", NULL}},
	[F_UNIT] = {"unit", "หน่วยงาน", {"unit", "หน่วยงาน", "สังกัด", "ส่วนราชการ", NULL}},
	[F_JOB_LINE] = {"job_line", "สายงาน", {"jobline", "สายงาน", NULL}},
	[F_EMPLOYMENT] = {"employment_type", "ประเภทการจ้าง", {"employmenttype", "ประเภทการจ้าง", "ประเภทบุคลากร", "ประเภท", NULL}},
	[F_START] = {"start_date", "วันเริ่มงาน", {"startdate", "วันเริ่มงาน", "วันที่เริ่มงาน", "วันที่บรรจุ", "วันบรรจุ", NULL}},
	[F_RETIRE] = {"retirement_date", "วันเกษียณอายุราชการ",
		      {"retirementdate", "วันเกษียณ", "วันเกษียณอายุราชการ", "วันที่เกษียณ", "วันที่เกษียณอายุราชการ", NULL}},
	[F_EMAIL] = {"email", "อีเมล", {"email", "อีเมล", "อีเมล์", NULL}},
};

static const char *const employment_codes[] = {"municipal_employee", "permanent_worker", "contract_worker", NULL};

struct problem {
	int row, col; /* col from 1; 0: the row */
	int seq;      /* order found, for a stable sort */
	enum field field;
	bool has_field;
	const char *th, *en;
};

/* A row of people as read and checked. */
struct person_row {
	const struct table_row *tr;
	const char *v[F__COUNT]; /* cleaned values; "" when empty or no column */
	bool bad;
	int64_t existing;        /* the registry's person of that name, or 0 */
	const char *unit, *job_line; /* the registry's names of the matches */
	char start[11], retire[11];
	struct person_input in;
};

/* A unit or job line of the organisation, its name and code folded. */
struct ref {
	const char *name, *code, *parent; /* parent: a unit's parent's name */
	const char *label;                /* the name as the registry has it */
	int64_t id;
};

struct named {
	const char *key; /* folded name */
	int64_t id;
	int count;       /* people of the registry with this name */
};

struct ctx {
	struct db *db;
	const struct actor *a;
	const struct table *t;
	struct arena *ar;
	int col[F__COUNT];      /* column of each field, 0 if absent */
	int header;             /* index of the header row in t->rows */
	struct problem *probs;
	size_t nprobs, cap_probs;
	struct person_row *rows;
	size_t nrows;
	struct ref *units, *joblines;
	size_t nunits, njoblines;
	json_t *notes;
	struct named *people;
	size_t npeople;
};

/* Text */

/* Copies p into the arena with white space (tabs, line breaks, no-break
 * spaces) folded to single spaces and trimmed, zero-width spaces and byte
 * order marks removed. */
static char *clean(struct arena *ar, const char *p)
{
	size_t n = strlen(p), o = 0;
	char *s = arena_alloc(ar, n + 1);
	if (!s)
		return NULL;
	bool space = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (!k) {
			k = 1;
			cp = 0xFFFD;
		}
		if (cp == 0x200B || cp == 0xFEFF) {
			i += k;
			continue;
		}
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
			space = o > 0;
			i += k;
			continue;
		}
		if (space)
			s[o++] = ' ';
		space = false;
		memcpy(s + o, p + i, k);
		o += k;
		i += k;
	}
	s[o] = 0;
	return s;
}

/* A cleaned value folded for comparison: ASCII in lower case. */
static char *fold(struct arena *ar, const char *p)
{
	char *s = clean(ar, p);
	for (char *c = s; c && *c; c++) {
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	}
	return s;
}

/* A header folded: lower case, without parenthesised remarks, spaces and
 * the marks people put between words ("ชื่อ - สกุล", "Job line", "E-mail",
 * "start_date*"). */
static void fold_header(const char *p, char *out, size_t cap)
{
	size_t o = 0;
	int depth = 0;
	for (; *p && o + 1 < cap; p++) {
		char c = *p;
		if (c == '(')
			depth++;
		else if (c == ')' && depth)
			depth--;
		else if (depth || strchr(" \t\r\n-_.*:", c))
			continue;
		else if (!strncmp(p, "\xE2\x80\x93", 3)) /* an en dash */
			p += 2;
		else
			out[o++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	out[o] = 0;
}

static int header_field(const char *cell)
{
	char key[200];
	fold_header(cell, key, sizeof key);
	for (int f = 0; f < F__COUNT && key[0]; f++) {
		for (int i = 0; fields[f].headers[i]; i++) {
			if (!strcmp(key, fields[f].headers[i]))
				return f;
		}
	}
	return -1;
}

/* Problems */

static int add_problem(struct ctx *c, int row, int col, int field, const char *th, const char *en)
{
	if (c->nprobs == c->cap_probs) {
		size_t cap = c->cap_probs ? c->cap_probs * 2 : 64;
		struct problem *v = arena_calloc(c->ar, cap, sizeof *v);
		if (!v)
			return ERR_NOMEM;
		if (c->nprobs)
			memcpy(v, c->probs, c->nprobs * sizeof *v);
		c->probs = v;
		c->cap_probs = cap;
	}
	c->probs[c->nprobs] = (struct problem){row, col, (int)c->nprobs, field >= 0 ? (enum field)field : F_NAME,
					       field >= 0, th, en};
	c->nprobs++;
	return 0;
}

/* A problem of row r's field f (its column, if the file has one). */
static int field_problem(struct ctx *c, struct person_row *r, enum field f, const char *th, const char *en)
{
	r->bad = true;
	return add_problem(c, r->tr->number, c->col[f], (int)f, th, en);
}

static int by_row(const void *x, const void *y)
{
	const struct problem *a = x, *b = y;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static json_t *problems_json(struct ctx *c)
{
	if (c->nprobs)
		qsort(c->probs, c->nprobs, sizeof *c->probs, by_row);
	json_t *out = json_array();
	for (size_t i = 0; i < c->nprobs && i < STAFF_IMPORT_MAX_ERRORS; i++) {
		const struct problem *p = &c->probs[i];
		char ref[24] = "";
		if (p->col > 0) {
			char letters[4];
			table_column_name(p->col, letters);
			snprintf(ref, sizeof ref, "%s%d", letters, p->row);
		}
		json_array_append_new(out, json_pack("{s:i, s:s, s:s, s:s, s:s, s:s}", "row", p->row, "column",
						     p->has_field ? fields[p->field].name : "", "column_th",
						     p->has_field ? fields[p->field].th : "", "cell", ref,
						     "message_th", p->th, "message_en", p->en));
	}
	return out;
}

static int note(struct ctx *c, const char *th, const char *en)
{
	return json_array_append_new(c->notes, json_pack("{s:s, s:s}", "message_th", th, "message_en", en))
		       ? ERR_NOMEM
		       : 0;
}

/* The header */

/* Finds the header row and maps its columns; a file without one is a
 * problem of its first row. */
static int find_header(struct ctx *c)
{
	const struct table *t = c->t;
	for (size_t i = 0; i < t->nrows && i < HEADER_SEARCH; i++) {
		const struct table_row *r = &t->rows[i];
		int found[F__COUNT] = {0};
		for (int col = 1; col <= r->ncells; col++) {
			int f = header_field(table_cell(r, col));
			if (f >= 0 && !found[f])
				found[f] = col;
		}
		if (!found[F_NAME])
			continue;
		c->header = (int)i;
		memcpy(c->col, found, sizeof found);
		struct buf unused;
		buf_init(&unused, 2000);
		int rc = 0;
		for (int col = 1; col <= r->ncells && !rc; col++) {
			const char *h = table_cell(r, col);
			int f = header_field(h);
			if (f >= 0 && found[f] != col)
				rc = add_problem(c, r->number, col, f, "หัวคอลัมน์นี้ซ้ำกับคอลัมน์ก่อนหน้า กรุณาลบคอลัมน์ที่ซ้ำ",
						 "This header repeats an earlier column's; remove one of them.");
			else if (f < 0 && h[0])
				buf_printf(&unused, "%s%s", unused.len ? ", " : "", h);
		}
		if (!rc && unused.len && !buf_err(&unused)) {
			const char *th = arena_printf(c->ar, "ไม่ได้ใช้ข้อมูลในคอลัมน์: %s", unused.p);
			const char *en = arena_printf(c->ar, "Columns not used: %s", unused.p);
			rc = th && en ? note(c, th, en) : ERR_NOMEM;
		}
		buf_release(&unused);
		return rc;
	}
	c->header = -1;
	return add_problem(c, t->nrows ? t->rows[0].number : 1, 0, F_NAME,
			   "ไม่พบหัวคอลัมน์ \"ชื่อ-สกุล\" (name) ในแถวแรก ๆ ของไฟล์ กรุณาใส่หัวคอลัมน์ตามแบบฟอร์ม",
			   "No \"name\" (ชื่อ-สกุล) header in the first rows of the file; add the headers of the template.");
}

/* The registry */

static int by_key(const void *x, const void *y)
{
	return strcmp(((const struct named *)x)->key, ((const struct named *)y)->key);
}

/* Everyone of the organisation (active or not), by folded name. */
static int load_people(struct ctx *c)
{
	size_t cap = 0;
	for (int page = 1;; page++) {
		json_t *items = NULL;
		int64_t total = 0;
		int rc = person_list(c->db, c->a, 0, 1, page, PERSON_LIST_MAX, &items, &total);
		if (rc)
			return rc;
		size_t i;
		json_t *p;
		json_array_foreach(items, i, p) {
			if (c->npeople == cap) {
				cap = cap ? cap * 2 : 256;
				struct named *v = arena_calloc(c->ar, cap, sizeof *v);
				if (!v) {
					json_decref(items);
					return ERR_NOMEM;
				}
				if (c->npeople)
					memcpy(v, c->people, c->npeople * sizeof *v);
				c->people = v;
			}
			const char *key = fold(c->ar, json_string_value(json_object_get(p, "name")));
			if (!key) {
				json_decref(items);
				return ERR_NOMEM;
			}
			c->people[c->npeople++] = (struct named){key, json_integer_value(json_object_get(p, "id")), 1};
		}
		size_t got = json_array_size(items);
		json_decref(items);
		if (got < PERSON_LIST_MAX || (int64_t)page * PERSON_LIST_MAX >= total)
			break;
	}
	if (c->npeople)
		qsort(c->people, c->npeople, sizeof *c->people, by_key);
	/* Each entry learns how many share its name. */
	for (size_t i = 0; i < c->npeople;) {
		size_t j = i;
		while (j < c->npeople && !strcmp(c->people[j].key, c->people[i].key))
			j++;
		for (size_t k = i; k < j; k++)
			c->people[k].count = (int)(j - i);
		i = j;
	}
	return 0;
}

static const struct named *person_named(const struct ctx *c, const char *key)
{
	struct named probe = {key, 0, 0};
	if (!c->npeople)
		return NULL;
	return bsearch(&probe, c->people, c->npeople, sizeof *c->people, by_key);
}

static const char *folded_member(struct arena *ar, json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return fold(ar, v ? v : "");
}

/* The organisation's units or job lines (`list` taken), folded. */
static int load_refs(struct ctx *c, json_t *list, struct ref **out, size_t *n)
{
	size_t count = json_array_size(list);
	struct ref *v = arena_calloc(c->ar, count ? count : 1, sizeof *v);
	int rc = v ? 0 : ERR_NOMEM;
	for (size_t i = 0; i < count && !rc; i++) {
		json_t *o = json_array_get(list, i);
		const char *label = json_string_value(json_object_get(o, "name"));
		v[i] = (struct ref){folded_member(c->ar, o, "name"), folded_member(c->ar, o, "code"),
				    folded_member(c->ar, o, "parent_name"), arena_strdup(c->ar, label ? label : ""),
				    json_integer_value(json_object_get(o, "id"))};
		if (!v[i].name || !v[i].code || !v[i].parent || !v[i].label)
			rc = ERR_NOMEM;
	}
	json_decref(list);
	*out = v;
	*n = count;
	return rc;
}

/* A unit by code or name; "กอง/ฝ่าย" names a unit under its parent. */
static int match_unit(struct ctx *c, struct person_row *r, const char *value)
{
	char *key = fold(c->ar, value);
	if (!key)
		return ERR_NOMEM;
	/* A code first (codes are unique), then names (which may repeat). */
	const struct ref *hit = NULL;
	int names = 0;
	for (size_t i = 0; i < c->nunits && !names; i++) {
		if (!strcmp(c->units[i].code, key)) {
			hit = &c->units[i];
			names = 1;
		}
	}
	for (size_t i = 0; i < c->nunits && !hit; i++) {
		if (!strcmp(c->units[i].name, key))
			names++;
	}
	for (size_t i = 0; i < c->nunits && !hit && names; i++) {
		if (!strcmp(c->units[i].name, key))
			hit = &c->units[i];
	}
	char *slash = strrchr(key, '/');
	if (!names && slash) {
		*slash = 0;
		const char *parent = clean(c->ar, key), *child = clean(c->ar, slash + 1);
		if (!parent || !child)
			return ERR_NOMEM;
		for (size_t i = 0; i < c->nunits; i++) {
			if (!strcmp(c->units[i].name, child) && !strcmp(c->units[i].parent, parent)) {
				hit = &c->units[i];
				names++;
			}
		}
	}
	if (names > 1)
		return field_problem(c, r, F_UNIT,
				     "มีหน่วยงานชื่อนี้มากกว่าหนึ่งหน่วย กรุณาใช้รหัสหน่วยงาน หรือเขียนเป็น \"กอง/ฝ่าย\"",
				     "Several units have this name; use the unit's code or write \"division/unit\".");
	if (!hit)
		return field_problem(c, r, F_UNIT,
				     "ไม่พบหน่วยงานนี้ในโครงสร้างองค์กร (ใช้ชื่อหรือรหัสหน่วยงานตามหน้าหน่วยงาน)",
				     "No such unit in the organisation (use a unit's name or code as the units page lists them).");
	r->in.unit_id = hit->id;
	r->unit = hit->label;
	return 0;
}

static int match_job_line(struct ctx *c, struct person_row *r, const char *value)
{
	char *key = fold(c->ar, value);
	if (!key)
		return ERR_NOMEM;
	for (size_t i = 0; i < c->njoblines; i++) {
		const struct ref *j = &c->joblines[i];
		if (!strcmp(j->code, key) || !strcmp(j->name, key)) {
			r->in.job_line_id = j->id;
			r->job_line = j->label;
			return 0;
		}
	}
	return field_problem(c, r, F_JOB_LINE, "ไม่พบสายงานนี้ (ใช้ชื่อหรือรหัสสายงานตามหน้าสายงาน)",
			     "No such job line (use a job line's name or code as the job lines page lists them).");
}

/* An employment type: its code, or its Thai name ("พนักงานจ้างตามภารกิจ"
 * is a พนักงานจ้าง). */
static int match_employment(struct ctx *c, struct person_row *r, const char *value)
{
	char *key = fold(c->ar, value);
	if (!key)
		return ERR_NOMEM;
	for (int i = 0; employment_codes[i]; i++) {
		const char *th = person_employment_label_th(employment_codes[i]);
		if (!strcmp(key, employment_codes[i]) || !strncmp(key, th, strlen(th))) {
			r->in.employment_type = employment_codes[i];
			return 0;
		}
	}
	return field_problem(c, r, F_EMPLOYMENT,
			     "ประเภทการจ้างต้องเป็น พนักงานเทศบาล ลูกจ้างประจำ หรือ พนักงานจ้าง",
			     "The employment type is one of municipal_employee (พนักงานเทศบาล), permanent_worker "
			     "(ลูกจ้างประจำ) or contract_worker (พนักงานจ้าง).");
}

static int parse_date(struct ctx *c, struct person_row *r, enum field f, char out[11])
{
	const char *v = r->v[f];
	struct date d;
	err_clear();
	if (!cal_parse_th(v, strlen(v), &d)) {
		cal_iso(d, out);
		return 0;
	}
	const struct err_detail *e = err_last();
	return field_problem(c, r, f, e->msg_th ? e->msg_th : "วันที่ไม่ถูกต้อง", e->msg_en ? e->msg_en : "Invalid date.");
}

/* Reads and checks one row: its values, the registry's unit, job line and
 * person, its dates. */
static int check_row(struct ctx *c, struct person_row *r)
{
	for (int f = 0; f < F__COUNT; f++) {
		r->v[f] = c->col[f] ? clean(c->ar, table_cell(r->tr, c->col[f])) : "";
		if (!r->v[f])
			return ERR_NOMEM;
	}
	r->in = (struct person_input)PERSON_INPUT_UNCHANGED;
	const char *name = r->v[F_NAME];
	int rc = 0;
	if (!name[0])
		rc = field_problem(c, r, F_NAME, "ต้องระบุชื่อ-สกุล", "A name is required.");
	else if (utf8_count(name, strlen(name)) > PERSON_NAME_MAX)
		rc = field_problem(c, r, F_NAME, "ชื่อ-สกุลยาวเกิน 160 ตัวอักษร", "The name is longer than 160 characters.");
	if (!rc && r->v[F_UNIT][0])
		rc = match_unit(c, r, r->v[F_UNIT]);
	if (!rc && r->v[F_JOB_LINE][0])
		rc = match_job_line(c, r, r->v[F_JOB_LINE]);
	if (!rc && r->v[F_EMPLOYMENT][0])
		rc = match_employment(c, r, r->v[F_EMPLOYMENT]);
	if (!rc && r->v[F_START][0])
		rc = parse_date(c, r, F_START, r->start);
	if (!rc && r->v[F_RETIRE][0])
		rc = parse_date(c, r, F_RETIRE, r->retire);
	if (!rc && r->start[0] && r->retire[0] && strcmp(r->retire, r->start) <= 0)
		rc = field_problem(c, r, F_RETIRE, "วันเกษียณต้องอยู่หลังวันเริ่มงาน",
				   "The retirement date must come after the start date.");
	if (rc || !name[0])
		return rc;
	const char *key = fold(c->ar, name);
	const struct named *p = key ? person_named(c, key) : NULL;
	if (!key)
		return ERR_NOMEM;
	if (p && p->count > 1)
		return field_problem(c, r, F_NAME,
				     "มีบุคลากรชื่อนี้มากกว่าหนึ่งคนในทะเบียน กรุณาแก้ไขทีละคนในหน้าบุคลากร",
				     "Several people of the registry have this name; edit them one by one on the people page.");
	r->existing = p ? p->id : 0;
	/* Fields of the file; empty ones leave an existing person's as they are. */
	r->in.name = name;
#define GIVEN(f) (r->v[f][0] ? r->v[f] : r->existing ? NULL : "")
	r->in.position = GIVEN(F_POSITION);
	r->in.level = GIVEN(F_LEVEL);
	r->in.email = GIVEN(F_EMAIL);
#undef GIVEN
	r->in.start_date = r->start[0] ? r->start : NULL;
	r->in.retirement_date = r->retire[0] ? r->retire : NULL;
	if (!r->existing) {
		if (r->in.unit_id < 0)
			r->in.unit_id = 0;
		if (r->in.job_line_id < 0)
			r->in.job_line_id = 0;
		r->in.active = 1;
	}
	return 0;
}

struct seen {
	const char *key;
	int row; /* index into c->rows */
};

static int by_seen(const void *x, const void *y)
{
	const struct seen *a = x, *b = y;
	int d = strcmp(a->key, b->key);
	return d ? d : (a->row > b->row) - (a->row < b->row);
}

/* The same name on several rows: the later ones are errors. */
static int check_duplicates(struct ctx *c)
{
	struct seen *v = arena_calloc(c->ar, c->nrows ? c->nrows : 1, sizeof *v);
	if (!v)
		return ERR_NOMEM;
	size_t n = 0;
	for (size_t i = 0; i < c->nrows; i++) {
		if (!c->rows[i].v[F_NAME] || !c->rows[i].v[F_NAME][0])
			continue;
		if (!(v[n].key = fold(c->ar, c->rows[i].v[F_NAME])))
			return ERR_NOMEM;
		v[n++].row = (int)i;
	}
	qsort(v, n, sizeof *v, by_seen);
	int rc = 0;
	for (size_t i = 1; i < n && !rc; i++) {
		size_t first = i - 1;
		while (first > 0 && !strcmp(v[first - 1].key, v[i].key))
			first--;
		if (strcmp(v[first].key, v[i].key))
			continue;
		struct person_row *r = &c->rows[v[i].row];
		int other = c->rows[v[first].row].tr->number;
		const char *th = arena_printf(c->ar, "ชื่อนี้ซ้ำกับแถวที่ %d ในไฟล์เดียวกัน", other);
		const char *en = arena_printf(c->ar, "The same name as row %d of this file.", other);
		rc = th && en ? field_problem(c, r, F_NAME, th, en) : ERR_NOMEM;
	}
	return rc;
}

/* The rows under the header, checked; table problems become the rows'. */
static int check_rows(struct ctx *c)
{
	const struct table *t = c->t;
	int header_number = t->rows[c->header].number;
	size_t first = (size_t)c->header + 1;
	c->rows = arena_calloc(c->ar, t->nrows - first + 1, sizeof *c->rows);
	if (!c->rows)
		return ERR_NOMEM;
	int rc = 0;
	for (size_t i = first; i < t->nrows && !rc; i++) {
		bool any = false;
		for (int f = 0; f < F__COUNT; f++)
			any = any || (c->col[f] && table_cell(&t->rows[i], c->col[f])[0]);
		if (!any)
			continue; /* numbered but empty rows of a template */
		struct person_row *r = &c->rows[c->nrows++];
		r->tr = &t->rows[i];
		rc = check_row(c, r);
	}
	for (size_t i = 0; i < t->nproblems && !rc; i++) {
		const struct table_problem *p = &t->problems[i];
		if (p->row < header_number)
			continue;
		int field = -1;
		for (int f = 0; f < F__COUNT; f++) {
			if (c->col[f] && c->col[f] == p->column)
				field = f;
		}
		for (size_t k = 0; k < c->nrows; k++) {
			if (c->rows[k].tr->number == p->row)
				c->rows[k].bad = true;
		}
		rc = add_problem(c, p->row, p->column, field, p->msg_th, p->msg_en);
	}
	return rc ? rc : check_duplicates(c);
}

/* Writing */

/* The field a km/people error names ("unit_id" is the unit's). */
static int field_named(const char *name)
{
	for (int f = 0; name && f < F__COUNT; f++) {
		size_t n = strlen(fields[f].name);
		if (!strncmp(name, fields[f].name, n) && (!name[n] || !strcmp(name + n, "_id")))
			return f;
	}
	return -1;
}

static int write_row(struct ctx *c, struct person_row *r)
{
	err_clear();
	int64_t id = 0;
	int rc = r->existing ? person_update(c->db, c->a, r->existing, &r->in)
			     : person_create(c->db, c->a, &r->in, &id);
	if (rc != ERR_INVAL && rc != ERR_CONFLICT && rc != ERR_TOOBIG)
		return rc;
	const struct err_detail *e = err_last();
	int f = field_named(e->field);
	r->bad = true;
	return add_problem(c, r->tr->number, f >= 0 ? c->col[f] : 0, f, e->msg_th ? e->msg_th : "ข้อมูลไม่ถูกต้อง",
			   e->msg_en ? e->msg_en : "Invalid data.");
}

static json_t *preview_item(const struct person_row *r)
{
	const char *type = r->in.employment_type ? r->in.employment_type : r->existing ? "" : "municipal_employee";
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "row",
			 r->tr->number, "name", r->v[F_NAME], "position", r->v[F_POSITION], "level",
			 r->v[F_LEVEL], "unit", r->unit ? r->unit : "", "unit_id",
			 (json_int_t)(r->in.unit_id > 0 ? r->in.unit_id : 0), "job_line",
			 r->job_line ? r->job_line : "", "job_line_id",
			 (json_int_t)(r->in.job_line_id > 0 ? r->in.job_line_id : 0), "employment_type", type,
			 "employment_th", person_employment_label_th(type), "email", r->v[F_EMAIL], "start_date",
			 r->start, "retirement_date", r->retire, "action", r->existing ? "update" : "create");
}

static int run(struct ctx *c, bool dry_run, bool good_rows_only, json_t *result)
{
	json_t *units = NULL, *joblines = NULL;
	int rc = unit_list(c->db, c->a, &units);
	if (!rc)
		rc = load_refs(c, units, &c->units, &c->nunits);
	if (!rc)
		rc = jobline_list(c->db, c->a, &joblines);
	if (!rc)
		rc = load_refs(c, joblines, &c->joblines, &c->njoblines);
	if (!rc)
		rc = load_people(c);
	if (!rc && c->t->note_th)
		rc = note(c, c->t->note_th, c->t->note_en);
	if (!rc)
		rc = find_header(c);
	if (!rc && c->header >= 0)
		rc = check_rows(c);
	if (rc)
		return rc;
	if (c->header >= 0 && !c->nrows && !c->nprobs)
		rc = add_problem(c, c->t->rows[c->header].number + 1, 0, -1, "ไม่มีรายชื่อบุคลากรใต้แถวหัวคอลัมน์",
				 "There are no people under the header row.");
	/* Every good row is written, so a preview finds what the import would;
	 * what is not to be kept is rolled back. */
	if (!rc)
		rc = db_begin(c->db);
	if (rc)
		return rc;
	int created = 0, updated = 0, ok = 0;
	for (size_t i = 0; i < c->nrows && !rc; i++) {
		struct person_row *r = &c->rows[i];
		if (!r->bad)
			rc = write_row(c, r);
	}
	json_t *preview = json_array();
	for (size_t i = 0; i < c->nrows && !rc; i++) {
		const struct person_row *r = &c->rows[i];
		if (r->bad)
			continue;
		ok++;
		*(r->existing ? &updated : &created) += 1;
		json_array_append_new(preview, preview_item(r));
	}
	bool keep = !rc && !dry_run && ok > 0 && (c->nprobs == 0 || good_rows_only);
	if (keep) {
		char detail[160];
		snprintf(detail, sizeof detail, "%s: %d created, %d updated, %zu rows refused", c->t->format,
			 created, updated, c->nrows - (size_t)ok);
		rc = audit_log(c->db, c->a, "people.import", "org", c->a->org_id, detail);
	}
	if (keep && !rc) {
		rc = db_commit(c->db);
	} else {
		db_rollback(c->db);
	}
	if (rc) {
		json_decref(preview);
		return rc;
	}
	json_object_set_new(result, "ok", json_integer(ok));
	json_object_set_new(result, "imported", json_integer(keep ? ok : 0));
	json_object_set_new(result, "created", json_integer(created));
	json_object_set_new(result, "updated", json_integer(updated));
	json_object_set_new(result, "dry_run", json_boolean(dry_run));
	json_object_set_new(result, "errors", problems_json(c));
	json_object_set_new(result, "errors_total", json_integer((json_int_t)c->nprobs));
	json_object_set_new(result, "notes", json_incref(c->notes));
	json_object_set_new(result, "preview", preview);
	return 0;
}

int staff_import(struct db *db, const struct actor *a, const struct table *t, bool dry_run,
		 bool good_rows_only, json_t **result)
{
	*result = NULL;
	int rc = authz_require(a, PERM_PEOPLE_EDIT);
	if (rc)
		return rc;
	struct ctx c = {.db = db, .a = a, .t = t, .ar = arena_new(SCRATCH_CAP), .notes = json_array()};
	json_t *res = json_object();
	rc = c.ar && c.notes && res ? run(&c, dry_run, good_rows_only, res) : ERR_NOMEM;
	json_decref(c.notes);
	arena_free(c.ar);
	if (rc) {
		json_decref(res);
		return rc;
	}
	*result = res;
	return 0;
}
