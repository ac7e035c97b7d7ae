/* h_pages: the public and staff pages (the citizens' portal with its
 * disclosure of the KM plan and reports among them), login and logout. */
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "km/account.h"
#include "km/doc.h"
#include "km/kmap.h"
#include "km/org.h"
#include "km/people.h"
#include "km/plan.h"
#include "km/report.h"
#include "km/session.h"
#include "store/db.h"
#include "web/auth.h"
#include "web/handlers.h"

/* A local path to go back to: "/…" but not "//…" (no open redirects). */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	return next;
}

int h_home(struct req *r)
{
	json_t *ctx = json_object(), *plan = NULL, *recent = NULL;
	struct db *db = req_db(r);
	if (!r->actor.org_id)
		return resp_page(r, 200, "home", ctx);
	int fy = cal_fiscal_year(cal_today());
	int64_t issues = 0, items = 0;
	int rc = plan_for_year(db, r->actor.org_id, fy, &plan);
	if (rc == 0)
		json_object_set_new(ctx, "plan", plan);
	else if (rc != ERR_NOTFOUND)
		goto fail;
	struct doc_filter newest = {0};
	int64_t ndocs = 0;
	if ((rc = kmap_counts(db, &r->actor, r->actor.org_id, &issues, &items)) ||
	    (rc = doc_list(db, &r->actor, &newest, 1, 8, &recent, &ndocs)))
		goto fail;
	json_object_set_new(ctx, "recent", recent);
	json_object_set_new(ctx, "doc_count", json_integer(ndocs));
	json_object_set_new(ctx, "fy", json_integer(fy));
	json_object_set_new(ctx, "issue_count", json_integer(issues));
	json_object_set_new(ctx, "knowledge_count", json_integer(items));
	return resp_page(r, 200, "home", ctx);
fail:
	json_decref(ctx);
	return rc;
}

int h_login_form(struct req *r)
{
	if (r->actor.account_id)
		return resp_redirect(r, safe_next(req_str(r, "next")));
	auth_csrf_ensure(r);
	return resp_page(r, 200, "login", json_pack("{s:s}", "next", safe_next(req_str(r, "next"))));
}

int h_login(struct req *r)
{
	const char *login = req_str(r, "login"), *password = req_str(r, "password");
	struct actor a;
	struct db *db = req_db(r);
	int rc = account_login(db, &r->app->policy, login, password, r->client_ip, &a);
	if (rc == ERR_UNAUTH || rc == ERR_THROTTLED) {
		if (req_wants_json(r))
			return rc;
		const struct err_detail *d = err_last();
		if (rc == ERR_THROTTLED)
			resp_header(r, "Retry-After", "60");
		return resp_page(r, err_http_status(rc), "login",
				 json_pack("{s:s, s:s, s:{s:s, s:s}}", "next",
					   safe_next(req_str(r, "next")), "login", login, "error",
					   "message_th", d->msg_th, "message_en", d->msg_en));
	}
	if (rc)
		return rc;
	char token[SECRET_TOKEN_LEN + 1], csrf[SECRET_TOKEN_LEN + 1];
	rc = session_create(db, &r->app->policy, &a, r->cookie_session,
			    token, csrf);
	if (rc)
		return rc;
	resp_cookie(r, "klang_session", token, (long)r->app->policy.session_max_hours * 3600, true);
	return resp_redirect(r, safe_next(req_str(r, "next")));
}

int h_logout(struct req *r)
{
	if (r->via_session) {
		int rc = session_destroy(req_db(r), r->session_token);
		if (rc)
			return rc;
	}
	resp_cookie(r, "klang_session", "", -1, true);
	return resp_redirect(r, "/");
}

int h_lang(struct req *r)
{
	const char *to = req_str(r, "to");
	resp_cookie(r, "klang_lang", to, 365L * 24 * 3600, false);
	return resp_redirect(r, safe_next(req_str(r, "next")));
}

int h_org(struct req *r)
{
	struct db *db = req_db(r);
	json_t *units = NULL, *committee = NULL, *people = NULL;
	int64_t total = 0;
	int64_t unit = req_int(r, "unit_id", 0);
	int rc = unit_list(db, &r->actor, &units);
	if (!rc)
		rc = person_committee(db, &r->actor, &committee);
	if (!rc)
		rc = person_list(db, &r->actor, unit, 0, 1, PERSON_LIST_MAX, &people, &total);
	if (rc) {
		json_decref(units);
		json_decref(committee);
		return rc;
	}
	size_t i;
	json_t *m;
	json_array_foreach(committee, i, m) {
		const char *role = json_string_value(json_object_get(m, "committee_role"));
		json_object_set_new(m, "role_th", json_string(authz_committee_role_label_th(role)));
	}
	json_array_foreach(people, i, m) {
		const char *t = json_string_value(json_object_get(m, "employment_type"));
		json_object_set_new(m, "employment_th", json_string(person_employment_label_th(t)));
	}
	json_t *ctx = json_pack("{s:o, s:o, s:o, s:I, s:I}", "units", units, "committee", committee,
				"people", people, "people_total", (json_int_t)total, "unit_id",
				(json_int_t)unit);
	return resp_page(r, 200, "org", ctx);
}

int h_kmap(struct req *r)
{
	json_t *kmap = NULL;
	int rc = kmap_get(req_db(r), &r->actor, r->actor.org_id, &kmap);
	if (!rc)
		rc = kmap_coverage(req_db(r), &r->actor, kmap);
	if (rc) {
		json_decref(kmap);
		return rc;
	}
	size_t i, j, gaps = 0;
	json_t *issue, *item;
	json_array_foreach(kmap, i, issue) {
		json_array_foreach(json_object_get(issue, "knowledge"), j, item)
			gaps += !json_is_true(json_object_get(item, "covered"));
	}
	json_t *units = NULL;
	if (r->actor.roles & (ROLE_ADMIN | ROLE_COMMITTEE)) {
		rc = unit_list(req_db(r), &r->actor, &units);
		if (rc) {
			json_decref(kmap);
			return rc;
		}
	}
	return resp_page(r, 200, "kmap",
			 json_pack("{s:o, s:b, s:o?, s:I}", "issues", kmap, "can_edit",
				   (r->actor.roles & (ROLE_ADMIN | ROLE_COMMITTEE)) != 0, "units", units,
				   "gaps", (json_int_t)gaps));
}

int h_portal(struct req *r)
{
	json_t *citizen = NULL, *others = NULL, *plans = NULL, *reports = NULL;
	int64_t n1 = 0, n2 = 0;
	struct doc_filter c = {.kind = "citizen_manual", .public_only = true, .order = "title"};
	struct doc_filter o = {.public_only = true};
	/* The disclosure (ITA) lists what the public may read, whoever asks. */
	const struct actor visitor = {.org_id = r->actor.org_id};
	int rc = doc_list(req_db(r), &r->actor, &c, 1, DOC_LIST_MAX, &citizen, &n1);
	if (!rc)
		rc = doc_list(req_db(r), &r->actor, &o, 1, 50, &others, &n2);
	if (!rc)
		rc = plan_list(req_db(r), &visitor, &plans);
	if (!rc)
		rc = report_list(req_db(r), &visitor, 0, &reports);
	if (rc) {
		json_decref(citizen);
		json_decref(others);
		json_decref(plans);
		return rc;
	}
	return resp_page(r, 200, "portal",
			 json_pack("{s:o, s:o, s:I, s:o, s:o}", "citizen", citizen, "others", others, "total",
				   (json_int_t)n2, "plans", plans, "reports", reports));
}
