/* h_admin: administration pages for units, people, job lines, the
 * knowledge map, the spellings search treats as one and the audit trail
 * (its page, its CSV file and its API). Forms post back; a rejected change
 * shows the form again with the message and the values as sent, so nothing
 * typed is lost. */
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "km/audit.h"
#include "km/find.h"
#include "km/kmap.h"
#include "km/org.h"
#include "km/people.h"
#include "store/db.h"
#include "web/handlers.h"

#define PEOPLE_PAGE 50

json_t *h_form_values(const struct req *r)
{
	json_t *form = json_object();
	for (int i = 0; i < ROUTE_MAX_PARAMS && r->route->params[i].name; i++) {
		const struct param_spec *s = &r->route->params[i];
		if (s->src == PS_BODY && r->params[i].present && s->kind != PK_SECRET)
			json_object_set_new(form, s->name, json_string(r->params[i].text));
	}
	return form;
}

json_t *h_form_error(void)
{
	const struct err_detail *d = err_last();
	return json_pack("{s:s, s:s, s:s?}", "message_th", d->msg_th ? d->msg_th : "ข้อมูลไม่ถูกต้อง", "message_en",
			 d->msg_en ? d->msg_en : "Invalid input.", "field", d->field);
}

int h_form_retry(struct req *r, int rc, const char *tpl, json_t *ctx)
{
	if (rc != ERR_INVAL && rc != ERR_CONFLICT && rc != ERR_TOOBIG) {
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "form", h_form_values(r));
	json_object_set_new(ctx, "error", h_form_error());
	return resp_page(r, err_http_status(rc), tpl, ctx);
}

static int units_and_joblines(struct req *r, json_t *ctx, bool joblines)
{
	json_t *units = NULL, *jl = NULL;
	int rc = unit_list(req_db(r), &r->actor, &units);
	if (!rc && joblines)
		rc = jobline_list(req_db(r), &r->actor, &jl);
	if (rc) {
		json_decref(units);
		return rc;
	}
	json_object_set_new(ctx, "units", units);
	if (jl)
		json_object_set_new(ctx, "joblines", jl);
	return 0;
}

/* Units */

static json_t *units_page(struct req *r, int *rc)
{
	json_t *ctx = json_object();
	*rc = units_and_joblines(r, ctx, false);
	return ctx;
}

int h_admin_units(struct req *r)
{
	int rc;
	json_t *ctx = units_page(r, &rc);
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	return resp_page(r, 200, "admin_units", ctx);
}

int h_admin_unit_create(struct req *r)
{
	struct unit_input in;
	h_unit_input(r, &in);
	int rc = unit_create(req_db(r), &r->actor, &in, NULL);
	if (!rc)
		return resp_redirect(r, "/admin/units");
	int rc2;
	json_t *ctx = units_page(r, &rc2);
	if (rc2) {
		json_decref(ctx);
		return rc2;
	}
	return h_form_retry(r, rc, "admin_units", ctx);
}

static json_t *unit_page(struct req *r, int64_t id, int *rc)
{
	json_t *ctx = json_object(), *unit = NULL;
	*rc = unit_get(req_db(r), &r->actor, id, &unit);
	if (!*rc) {
		json_object_set_new(ctx, "unit", unit);
		*rc = units_and_joblines(r, ctx, false);
	}
	return ctx;
}

int h_admin_unit(struct req *r)
{
	int rc;
	json_t *ctx = unit_page(r, req_int(r, "id", 0), &rc);
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	return resp_page(r, 200, "admin_unit", ctx);
}

int h_admin_unit_update(struct req *r)
{
	struct unit_input in;
	h_unit_input(r, &in);
	int64_t id = req_int(r, "id", 0);
	int rc = unit_update(req_db(r), &r->actor, id, &in);
	if (!rc)
		return resp_redirect(r, "/admin/units");
	int rc2;
	json_t *ctx = unit_page(r, id, &rc2);
	if (rc2) {
		json_decref(ctx);
		return rc2;
	}
	return h_form_retry(r, rc, "admin_unit", ctx);
}

/* People */

static json_t *people_page(struct req *r, int *rc)
{
	json_t *ctx = json_object(), *people = NULL;
	int64_t total = 0;
	int page = (int)req_int(r, "page", 1);
	int64_t unit = req_int(r, "unit_id", 0);
	*rc = person_list(req_db(r), &r->actor, unit, 1, page, PEOPLE_PAGE, &people, &total);
	if (*rc)
		return ctx;
	size_t i;
	json_t *p;
	json_array_foreach(people, i, p) {
		const char *t = json_string_value(json_object_get(p, "employment_type"));
		json_object_set_new(p, "employment_th", json_string(person_employment_label_th(t)));
	}
	json_object_set_new(ctx, "people", people);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "unit_id", json_integer(unit));
	json_object_set_new(ctx, "page", json_integer(page));
	if ((int64_t)page * PEOPLE_PAGE < total)
		json_object_set_new(ctx, "next_page", json_integer(page + 1));
	if (page > 1)
		json_object_set_new(ctx, "prev_page", json_integer(page - 1));
	*rc = units_and_joblines(r, ctx, true);
	return ctx;
}

int h_admin_people(struct req *r)
{
	int rc;
	json_t *ctx = people_page(r, &rc);
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	return resp_page(r, 200, "admin_people", ctx);
}

int h_admin_person_create(struct req *r)
{
	struct person_input in;
	h_person_input(r, &in);
	int64_t id = 0;
	int rc = person_create(req_db(r), &r->actor, &in, &id);
	if (!rc)
		return resp_redirect(r, arena_printf(r->arena, "/admin/people/%lld", (long long)id));
	int rc2;
	json_t *ctx = people_page(r, &rc2);
	if (rc2) {
		json_decref(ctx);
		return rc2;
	}
	return h_form_retry(r, rc, "admin_people", ctx);
}

static json_t *person_page(struct req *r, int64_t id, int *rc)
{
	json_t *ctx = json_object(), *person = NULL;
	*rc = person_get(req_db(r), &r->actor, id, &person);
	if (!*rc) {
		json_object_set_new(ctx, "person", person);
		*rc = units_and_joblines(r, ctx, true);
	}
	return ctx;
}

int h_admin_person(struct req *r)
{
	int rc;
	json_t *ctx = person_page(r, req_int(r, "id", 0), &rc);
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	return resp_page(r, 200, "admin_person", ctx);
}

int h_admin_person_update(struct req *r)
{
	struct person_input in;
	h_person_input(r, &in);
	int64_t id = req_int(r, "id", 0);
	int rc = person_update(req_db(r), &r->actor, id, &in);
	if (!rc)
		return resp_redirect(r, "/admin/people");
	int rc2;
	json_t *ctx = person_page(r, id, &rc2);
	if (rc2) {
		json_decref(ctx);
		return rc2;
	}
	return h_form_retry(r, rc, "admin_person", ctx);
}

/* Job lines */

int h_admin_joblines(struct req *r)
{
	json_t *jl = NULL;
	int rc = jobline_list(req_db(r), &r->actor, &jl);
	return rc ? rc : resp_page(r, 200, "admin_joblines", json_pack("{s:o}", "joblines", jl));
}

int h_admin_jobline_create(struct req *r)
{
	int rc = jobline_create(req_db(r), &r->actor, req_str(r, "code"), req_str(r, "name"), NULL);
	if (!rc)
		return resp_redirect(r, "/admin/joblines");
	json_t *jl = NULL;
	int rc2 = jobline_list(req_db(r), &r->actor, &jl);
	if (rc2)
		return rc2;
	return h_form_retry(r, rc, "admin_joblines", json_pack("{s:o}", "joblines", jl));
}

int h_admin_jobline(struct req *r)
{
	json_t *j = NULL;
	int rc = jobline_get(req_db(r), &r->actor, req_int(r, "id", 0), &j);
	return rc ? rc : resp_page(r, 200, "admin_jobline", json_pack("{s:o}", "jobline", j));
}

int h_admin_jobline_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = jobline_update(req_db(r), &r->actor, id, req_str(r, "code"), req_str(r, "name"));
	if (!rc)
		return resp_redirect(r, "/admin/joblines");
	json_t *j = NULL;
	int rc2 = jobline_get(req_db(r), &r->actor, id, &j);
	if (rc2)
		return rc2;
	return h_form_retry(r, rc, "admin_jobline", json_pack("{s:o}", "jobline", j));
}

/* The knowledge map */

static json_t *issue_page(struct req *r, int64_t id, int *rc)
{
	json_t *ctx = json_object(), *issue = NULL;
	*rc = kmap_issue_get(req_db(r), &r->actor, id, &issue);
	if (!*rc) {
		json_object_set_new(ctx, "issue", issue);
		*rc = units_and_joblines(r, ctx, false);
	}
	return ctx;
}

static int issue_redirect(struct req *r, int64_t id)
{
	return resp_redirect(r, arena_printf(r->arena, "/admin/kmap/issues/%lld", (long long)id));
}

int h_admin_issue_create(struct req *r)
{
	int64_t id = 0;
	int rc = kmap_issue_create(req_db(r), &r->actor, (int)req_int(r, "number", 0),
				   req_str(r, "title"), &id);
	if (!rc)
		return issue_redirect(r, id);
	json_t *kmap = NULL;
	int rc2 = kmap_get(req_db(r), &r->actor, r->actor.org_id, &kmap);
	if (rc2)
		return rc2;
	return h_form_retry(r, rc, "kmap", json_pack("{s:o, s:b}", "issues", kmap, "can_edit", 1));
}

int h_admin_issue(struct req *r)
{
	int rc;
	json_t *ctx = issue_page(r, req_int(r, "id", 0), &rc);
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	return resp_page(r, 200, "admin_issue", ctx);
}

/* Runs a change on the issue page and shows the page again on failure. */
static int issue_change(struct req *r, int64_t issue_id, int rc)
{
	if (!rc)
		return issue_redirect(r, issue_id);
	int rc2;
	json_t *ctx = issue_page(r, issue_id, &rc2);
	if (rc2) {
		json_decref(ctx);
		return rc2;
	}
	return h_form_retry(r, rc, "admin_issue", ctx);
}

int h_admin_issue_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	return issue_change(r, id,
			    kmap_issue_update(req_db(r), &r->actor, id, (int)req_int(r, "number", -1),
					      req_str(r, "title")));
}

int h_admin_goal_create(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	return issue_change(r, id, kmap_goal_add(req_db(r), &r->actor, id, req_str(r, "text"), NULL));
}

int h_admin_goal_delete(struct req *r)
{
	int64_t issue = req_int(r, "issue_id", 0);
	return issue_change(r, issue, kmap_goal_delete(req_db(r), &r->actor, req_int(r, "id", 0)));
}

int h_admin_rk_create(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	return issue_change(r, id,
			    kmap_rk_create(req_db(r), &r->actor, id, req_str(r, "title"),
					   req_int(r, "unit_id", 0), NULL));
}

int h_admin_rk(struct req *r)
{
	json_t *rk = NULL, *ctx = json_object();
	int rc = kmap_rk_get(req_db(r), &r->actor, req_int(r, "id", 0), &rk);
	if (!rc) {
		json_object_set_new(ctx, "rk", rk);
		rc = units_and_joblines(r, ctx, false);
	}
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	return resp_page(r, 200, "admin_rk", ctx);
}

int h_admin_rk_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = kmap_rk_update(req_db(r), &r->actor, id, req_str(r, "title"),
				req_has(r, "unit_id") ? req_int(r, "unit_id", 0) : -1);
	json_t *rk = NULL;
	int rc2 = kmap_rk_get(req_db(r), &r->actor, id, &rk);
	if (rc2)
		return rc2;
	int64_t issue = json_integer_value(json_object_get(rk, "issue_id"));
	if (!rc) {
		json_decref(rk);
		return issue_redirect(r, issue);
	}
	json_t *ctx = json_pack("{s:o}", "rk", rk);
	if ((rc2 = units_and_joblines(r, ctx, false))) {
		json_decref(ctx);
		return rc2;
	}
	return h_form_retry(r, rc, "admin_rk", ctx);
}

int h_admin_rk_delete(struct req *r)
{
	int64_t issue = req_int(r, "issue_id", 0);
	return issue_change(r, issue, kmap_rk_delete(req_db(r), &r->actor, req_int(r, "id", 0)));
}

/* Search terms: groups of spellings a query treats as one, and the
 * organisation's own words that teach the dictionary where a word ends */

static int search_terms_page(struct req *r, int rc)
{
	json_t *groups = NULL, *words = NULL;
	int rc2 = doc_equiv_list(req_db(r), &r->actor, &groups);
	if (!rc2)
		rc2 = doc_word_list(req_db(r), &r->actor, &words);
	if (rc2) {
		json_decref(groups);
		return rc2;
	}
	json_t *ctx = json_pack("{s:I, s:o, s:I, s:o}", "count", (json_int_t)json_array_size(groups), "groups",
				groups, "word_count", (json_int_t)json_array_size(words), "words", words);
	return rc ? h_form_retry(r, rc, "admin_search_terms", ctx) : resp_page(r, 200, "admin_search_terms", ctx);
}

int h_admin_search_terms(struct req *r)
{
	return search_terms_page(r, 0);
}

int h_admin_search_term_add(struct req *r)
{
	int rc = doc_equiv_add(req_db(r), &r->actor, req_str(r, "terms"), NULL);
	return rc ? search_terms_page(r, rc) : resp_redirect(r, "/admin/search-terms");
}

int h_admin_search_term_delete(struct req *r)
{
	int rc = doc_equiv_delete(req_db(r), &r->actor, req_int(r, "id", 0));
	return rc ? rc : resp_redirect(r, "/admin/search-terms");
}

int h_admin_search_word_add(struct req *r)
{
	int rc = doc_word_add(req_db(r), &r->actor, req_str(r, "word"), NULL);
	return rc ? search_terms_page(r, rc) : resp_redirect(r, "/admin/search-terms#words");
}

int h_admin_search_word_delete(struct req *r)
{
	int rc = doc_word_delete(req_db(r), &r->actor, req_int(r, "id", 0));
	return rc ? rc : resp_redirect(r, "/admin/search-terms#words");
}

/* The audit trail: who did what, when and from where, filtered; a page of
 * it, the same as CSV for Excel, and the API's list */

#define AUDIT_PAGE 50
#define AUDIT_CSV_BYTES ((size_t)48 << 20) /* under the answer's 64 MiB cap */

/* The filters' parameter names, as the routes declare them. */
static const char *const audit_params[] = {"actor", "action", "target_type", "target_id",
					   "from",  "to",     "ip"};
#define AUDIT_NPARAMS (sizeof audit_params / sizeof audit_params[0])

static void audit_filter_of(const struct req *r, struct audit_filter *f)
{
	*f = (struct audit_filter){
		.actor = req_str(r, "actor"),
		.action = req_str(r, "action"),
		.target_type = req_str(r, "target_type"),
		.target_id = req_int(r, "target_id", 0),
		.from = req_str(r, "from"),
		.to = req_str(r, "to"),
		.ip = req_str(r, "ip"),
	};
}

/* Appends the time of an event in Bangkok: "24 พ.ย. 2569 04:25:50" (B.E.),
 * or "24 Nov 2026 04:25:50" in English. */
static void audit_time_local(struct buf *b, int64_t at, enum tpl_lang lang)
{
	static const char *const months_en[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
						  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct date d = cal_from_unix(at);
	int64_t s = ((at + 7 * 3600) % 86400 + 86400) % 86400;
	if (lang == TPL_EN)
		buf_printf(b, "%d %s %d", d.d, months_en[d.m - 1], d.y);
	else
		cal_format_th(b, d, CAL_ABBREV);
	buf_printf(b, " %02d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

/* The filters as a query string ("actor=…&action=…", only those given),
 * for the pager's and the CSV link's addresses. */
static const char *audit_query_string(struct req *r)
{
	const char *qs = "";
	for (size_t i = 0; qs && i < AUDIT_NPARAMS; i++) {
		const char *v = req_str(r, audit_params[i]);
		if (v && v[0])
			qs = arena_printf(r->arena, "%s%s%s=%s", qs, qs[0] ? "&" : "", audit_params[i],
					  req_query_escape(r, v));
	}
	return qs ? qs : "";
}

int h_admin_audit(struct req *r)
{
	struct audit_filter f;
	audit_filter_of(r, &f);
	int page = (int)req_int(r, "page", 1);
	json_t *items = NULL;
	int64_t total = 0;
	int rc = audit_query(req_db(r), &r->actor, &f, page, AUDIT_PAGE, &items, &total);
	if (rc && rc != ERR_INVAL)
		return rc;
	json_t *ctx = json_object();
	if (rc) {
		/* A filter the domain refused: the form again, with the message. */
		const struct err_detail *d = err_last();
		json_object_set_new(ctx, "error",
				    json_pack("{s:s, s:s, s:s?}", "message_th",
					      d->msg_th ? d->msg_th : "ข้อมูลไม่ถูกต้อง", "message_en",
					      d->msg_en ? d->msg_en : "Invalid input.", "field", d->field));
		items = json_array();
	}
	struct buf b;
	buf_init(&b, 256);
	size_t i;
	json_t *e;
	json_array_foreach(items, i, e) {
		buf_reset(&b);
		audit_time_local(&b, json_integer_value(json_object_get(e, "at")), r->lang);
		json_object_set_new(e, "at_local", json_string(buf_cstr(&b)));
		const char *th = audit_action_label_th(json_string_value(json_object_get(e, "action")));
		if (th)
			json_object_set_new(e, "action_th", json_string(th));
	}
	buf_release(&b);
	json_t *actions = json_array();
	for (size_t k = 0; audit_action_code(k); k++)
		json_array_append_new(actions,
				      json_pack("{s:s, s:s}", "code", audit_action_code(k), "th",
						audit_action_label_th(audit_action_code(k))));
	json_t *form = json_object();
	for (size_t k = 0; k < AUDIT_NPARAMS; k++) {
		const char *v = req_str(r, audit_params[k]);
		if (v)
			json_object_set_new(form, audit_params[k], json_string(v));
	}
	const char *qs = audit_query_string(r);
	json_object_set_new(ctx, "form", form);
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "actions", actions);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "page", json_integer(page));
	json_object_set_new(ctx, "qs", json_string(qs));
	json_object_set_new(ctx, "qs_amp", json_string(qs[0] ? "&" : ""));
	json_object_set_new(ctx, "csv_max", json_integer(AUDIT_EXPORT_MAX));
	if ((int64_t)page * AUDIT_PAGE < total)
		json_object_set_new(ctx, "next_page", json_integer(page + 1));
	if (page > 1)
		json_object_set_new(ctx, "prev_page", json_integer(page - 1));
	return resp_page(r, rc ? 400 : 200, "admin_audit", ctx);
}

/* CSV (RFC 4180) for spreadsheets: every cell quoted, quotes doubled, rows
 * ended by CRLF; a cell that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a carriage return) gets an apostrophe first. */
void h_csv_cell(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_putc(b, ',');
	buf_putc(b, '"');
	if (s[0] && strchr("=+-@\t\r", s[0]))
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

struct audit_csv {
	struct buf *out;
	enum tpl_lang lang;
};

static int audit_csv_row(const struct audit_event *e, void *ctx)
{
	struct audit_csv *c = ctx;
	struct buf *b = c->out;
	if (b->len > AUDIT_CSV_BYTES)
		return 1;
	char num[3][24], iso[21], local[80];
	snprintf(num[0], sizeof num[0], "%lld", (long long)e->id);
	snprintf(num[1], sizeof num[1], "%lld", (long long)e->actor_account_id);
	snprintf(num[2], sizeof num[2], "%lld", (long long)e->target_id);
	audit_time_iso(e->at, iso);
	struct buf t;
	buf_init(&t, sizeof local - 1);
	audit_time_local(&t, e->at, c->lang);
	snprintf(local, sizeof local, "%s", buf_err(&t) ? "" : buf_cstr(&t));
	buf_release(&t);
	const char *th = audit_action_label_th(e->action);
	const char *cells[] = {num[0], local, iso, e->actor, e->actor_account_id ? num[1] : "",
			       e->action, th ? th : "", e->target_type, e->target_id ? num[2] : "",
			       e->ip, e->detail};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		h_csv_cell(b, cells[i], i == 0);
	buf_puts(b, "\r\n");
	return buf_err(b);
}

int h_admin_audit_csv(struct req *r)
{
	static const char *const head_th[] = {"รหัส", "เวลา (กรุงเทพฯ)", "เวลา (UTC)", "ผู้กระทำ",
					      "รหัสบัญชี", "รหัสการกระทำ", "การกระทำ", "ประเภทเป้าหมาย",
					      "รหัสเป้าหมาย", "ที่อยู่ไอพี", "รายละเอียด"};
	static const char *const head_en[] = {"id", "time (Bangkok)", "time (UTC)", "actor",
					      "account id", "action", "action (Thai)", "target type",
					      "target id", "address", "detail"};
	struct audit_filter f;
	audit_filter_of(r, &f);
	buf_reset(&r->out);
	buf_puts(&r->out, "\xEF\xBB\xBF"); /* the BOM: Excel reads the file as UTF-8 */
	for (size_t i = 0; i < sizeof head_th / sizeof head_th[0]; i++)
		h_csv_cell(&r->out, r->lang == TPL_EN ? head_en[i] : head_th[i], i == 0);
	buf_puts(&r->out, "\r\n");
	struct audit_csv c = {&r->out, r->lang};
	int64_t total = 0, rows = 0;
	int rc = audit_export(req_db(r), &r->actor, &f, AUDIT_EXPORT_MAX, audit_csv_row, &c, &total,
			      &rows);
	if (rc) {
		buf_reset(&r->out);
		return rc;
	}
	if (rows < total)
		resp_header(r, "X-Klang-Truncated",
			    arena_printf(r->arena, "%lld of %lld events", (long long)rows,
					 (long long)total));
	struct date today = cal_today();
	char name[32];
	snprintf(name, sizeof name, "audit-%04d%02d%02d.csv", today.y, today.m, today.d);
	resp_filename(r, false, name, name);
	r->status = 200;
	r->content_type_out = "text/csv; charset=utf-8";
	return buf_err(&r->out);
}

int h_api_audit(struct req *r)
{
	struct audit_filter f;
	audit_filter_of(r, &f);
	int page, per_page;
	req_paging(r, AUDIT_PAGE_MAX, &page, &per_page);
	json_t *items = NULL;
	int64_t total = 0;
	int rc = audit_query(req_db(r), &r->actor, &f, page, per_page, &items, &total);
	return rc ? rc : resp_list(r, items, total);
}
