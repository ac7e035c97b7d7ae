/* h_workflow: review and approval — steps on documents (form and API), the
 * inbox, reviewers' comments, notifications, approval memos, and the
 * admins' rules of who takes each step. */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "km/approval.h"
#include "km/diff.h"
#include "km/doc.h"
#include "km/notify.h"
#include "km/workflow.h"
#include "search/search.h"
#include "web/handlers.h"

/* Steps */

static int take_step(struct req *r, int64_t id, enum wf_action action)
{
	const char *state = NULL;
	int rc = wf_apply(req_db(r), &r->actor, id, action, req_str(r, "comment"), &state);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "status", state,
						   "action", wf_action_name(action)));
	return resp_redirect(r, arena_printf(r->arena, "/docs/%lld", (long long)id));
}

int h_doc_transition(struct req *r)
{
	int action = wf_action_parse(req_str(r, "action"));
	if (action < 0)
		return err_fail(ERR_INVAL, "action", "ไม่รู้จักการดำเนินการนี้", "Unknown action.");
	return take_step(r, req_int(r, "id", 0), (enum wf_action)action);
}

/* The repository's "publish" shortcut: the same step, the same rules. */
int h_doc_publish(struct req *r)
{
	return take_step(r, req_int(r, "id", 0), WF_PUBLISH);
}

int h_api_doc_workflow(struct req *r)
{
	json_t *st = NULL;
	int rc = wf_status(req_db(r), &r->actor, req_int(r, "id", 0), &st);
	return rc ? rc : resp_json(r, 200, st);
}

/* Comments */

int h_doc_comment(struct req *r)
{
	int64_t id = req_int(r, "id", 0), cid = 0;
	int rc = wf_comment_add(req_db(r), &r->actor, id, req_str(r, "section"), req_str(r, "body"), &cid);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)cid));
	return resp_redirect(r, arena_printf(r->arena, "/docs/%lld/review#comment-%lld", (long long)id,
					     (long long)cid));
}

int h_api_doc_comments(struct req *r)
{
	json_t *list = NULL;
	int rc = wf_comments(req_db(r), &r->actor, req_int(r, "id", 0), req_int(r, "revision_id", 0), &list);
	return rc ? rc : resp_list(r, list, (int64_t)json_array_size(list));
}

/* The Markdown's headings, for comments per section. */
static json_t *sections_of(const char *md)
{
	json_t *list = json_array();
	bool fenced = false;
	for (const char *p = md; p && *p;) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n >= 3 && (!strncmp(p, "```", 3) || !strncmp(p, "~~~", 3)))
			fenced = !fenced;
		size_t h = 0;
		while (!fenced && h < n && h < 7 && p[h] == '#')
			h++;
		if (h >= 1 && h <= 6 && h < n && p[h] == ' ' && json_array_size(list) < 200) {
			struct str t = str_trim((struct str){p + h + 1, n - h - 1});
			size_t cut = utf8_cut(t.p, t.len, 900);
			if (cut)
				json_array_append_new(list, json_stringn(t.p, cut));
		}
		p = end ? end + 1 : p + n;
	}
	return list;
}

/* The comments by section for the review page: [{section, comments}], the
 * whole document ("") first, then each heading once, then any section no
 * heading holds (a comment given through the API). */
static json_t *threads_of(const json_t *sections, const json_t *comments)
{
	json_t *threads = json_array();
	json_array_append_new(threads, json_pack("{s:s, s:[]}", "section", "", "comments"));
	size_t i, j;
	json_t *x, *t;
	json_array_foreach(sections, i, x)
	{
		bool seen = false;
		json_array_foreach(threads, j, t) seen |= json_equal(json_object_get(t, "section"), x);
		if (!seen)
			json_array_append_new(threads, json_pack("{s:O, s:[]}", "section", x, "comments"));
	}
	json_array_foreach(comments, i, x)
	{
		json_t *home = NULL;
		json_array_foreach(threads, j, t)
		{
			if (json_equal(json_object_get(t, "section"), json_object_get(x, "section"))) {
				home = t;
				break;
			}
		}
		if (!home) {
			home = json_pack("{s:O, s:[]}", "section", json_object_get(x, "section"), "comments");
			json_array_append_new(threads, home);
		}
		json_array_append(json_object_get(home, "comments"), x);
	}
	return threads;
}

/* The review page: the document's state and steps, what changed since the
 * last published revision, and comments by section. */
int h_doc_review(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *doc = NULL, *st = NULL, *comments = NULL, *texts = NULL, *ops = NULL;
	int rc = doc_get(req_db(r), &r->actor, id, 0, &doc);
	if (!rc)
		rc = wf_status(req_db(r), &r->actor, id, &st);
	if (!rc)
		rc = wf_comments(req_db(r), &r->actor, id, 0, &comments);
	int64_t cur = json_integer_value(json_object_get(doc, "current_revision_id"));
	int64_t pub = json_integer_value(json_object_get(doc, "published_revision_id"));
	if (!rc && pub && pub != cur)
		rc = doc_revision_texts(req_db(r), &r->actor, id, pub, cur, &texts);
	if (!rc && texts) {
		const char *a = json_string_value(json_object_get(json_array_get(texts, 0), "body_md"));
		const char *b = json_string_value(json_object_get(json_array_get(texts, 1), "body_md"));
		ops = json_array();
		rc = diff_texts(search_dict(), a ? a : "", a ? strlen(a) : 0, b ? b : "", b ? strlen(b) : 0, ops);
	}
	/* Without a diff the page shows the text. */
	if (!rc && !ops)
		rc = h_doc_add_html(doc);
	if (rc) {
		json_decref(doc);
		json_decref(st);
		json_decref(comments);
		json_decref(texts);
		return rc;
	}
	/* The sections of the revision under review, the current one (a
	 * reader's doc_get holds the published one). */
	json_t *rev = texts ? json_array_get(texts, 1) : json_object_get(doc, "revision");
	json_t *sections = sections_of(json_string_value(json_object_get(rev, "body_md")));
	json_object_set_new(doc, "sections", sections);
	json_t *threads = threads_of(sections, comments);
	json_t *ctx = json_pack("{s:o, s:o, s:o, s:o, s:o*, s:o*}", "doc", doc, "wf", st, "comments", comments,
				"threads", threads, "ops", ops, "texts", texts);
	return resp_page(r, 200, "doc_review", ctx);
}

/* Inbox */

int h_inbox(struct req *r)
{
	json_t *box = NULL;
	int rc = wf_inbox(req_db(r), &r->actor, &box);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, box);
	return resp_page(r, 200, "inbox", json_pack("{s:o}", "box", box));
}

/* Notifications */

int h_notifications(struct req *r)
{
	json_t *items = NULL;
	int64_t total = 0, unread = 0;
	int rc = notify_list(req_db(r), &r->actor, (int)req_int(r, "page", 1), (int)req_int(r, "per_page", 50),
			     &items, &total, &unread);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, json_pack("{s:o, s:I, s:I}", "items", items, "total", (json_int_t)total,
						   "unread", (json_int_t)unread));
	int page = (int)req_int(r, "page", 1);
	int per_page = (int)req_int(r, "per_page", 50);
	if (per_page > NOTIFY_LIST_MAX)
		per_page = NOTIFY_LIST_MAX;
	return resp_page(r, 200, "notifications",
			 json_pack("{s:o, s:I, s:I, s:i, s:i}", "items", items, "total", (json_int_t)total, "unread",
				   (json_int_t)unread, "prev_page", page > 1 ? page - 1 : 0, "next_page",
				   (int64_t)page * per_page < total ? page + 1 : 0));
}

int h_notifications_read(struct req *r)
{
	int rc = notify_read(req_db(r), &r->actor, req_int(r, "id", 0));
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_empty(r, 204);
	return resp_redirect(r, "/notifications");
}

/* Approval memos */

int h_doc_memo(struct req *r)
{
	int64_t id = req_int(r, "id", 0), memo = req_int(r, "memo_id", 0);
	const char *format = req_str(r, "format");
	if (format && !strcmp(format, "pdf")) {
		buf_reset(&r->out);
		r->out.max = (size_t)64 << 20;
		int rc = approval_memo_pdf(req_db(r), &r->actor, id, memo, &r->out);
		if (rc)
			return rc;
		r->status = 200;
		r->content_type_out = "application/pdf";
		char *name = arena_printf(r->arena, "memo-document-%lld.pdf", (long long)id);
		if (name)
			resp_filename(r, false, name, name);
		return 0;
	}
	json_t *m = NULL;
	int rc = approval_memo_get(req_db(r), &r->actor, id, memo, &m);
	if (rc)
		return rc;
	if (req_wants_json(r) && !(format && !strcmp(format, "html")))
		return resp_json(r, 200, m);
	return resp_page(r, 200, "memo", json_pack("{s:o}", "memo", m));
}

int h_memos(struct req *r)
{
	int fy = (int)req_int(r, "fy", 0);
	json_t *list = NULL;
	int rc = approval_memo_list(req_db(r), &r->actor, fy, &list);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_list(r, list, (int64_t)json_array_size(list));
	/* The page's choice of years: the current one back to the first plan's. */
	int this_fy = cal_fiscal_year(cal_from_unix(clock_now()));
	json_t *years = json_array();
	for (int y = this_fy; y >= 2564; y--)
		json_array_append_new(years, json_integer(y));
	return resp_page(r, 200, "memos", json_pack("{s:o, s:i, s:i, s:o}", "memos", list, "fy", fy, "this_fy",
						     this_fy, "years", years));
}

/* Rules */

static json_t *roles_of(unsigned roles)
{
	json_t *a = json_array();
	static const enum role all[] = {ROLE_ADMIN, ROLE_COMMITTEE, ROLE_EXECUTIVE, ROLE_UNIT_HEAD, ROLE_STAFF};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "role", authz_role_name(all[i]), "label_th",
						   authz_role_label_th(all[i]), "on", (roles & all[i]) != 0));
	return a;
}

int h_workflow_rules(struct req *r)
{
	json_t *rules = NULL;
	int rc = wf_rules_list(req_db(r), &r->actor, &rules);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_list(r, rules, (int64_t)json_array_size(rules));
	/* The page draws a checkbox per role and step. */
	size_t i;
	json_t *rule;
	json_array_foreach(rules, i, rule)
	{
		static const char *const steps[] = {"submit", "review", "approve", "publish"};
		for (size_t k = 0; k < 4; k++) {
			unsigned bits = 0;
			size_t j;
			json_t *name;
			json_array_foreach(json_object_get(rule, steps[k]), j, name)
				bits |= authz_role_parse(json_string_value(name));
			json_object_set_new(rule, arena_printf(r->arena, "%s_roles", steps[k]), roles_of(bits));
		}
	}
	return resp_page(r, 200, "admin_workflow", json_pack("{s:o}", "rules", rules));
}

int h_workflow_rule_set(struct req *r)
{
	/* PUT takes a partial object: absent steps stay as they are. The page's
	 * form sends every step (an empty hidden field makes "none" sendable). */
	struct wf_rule rule;
	int rc = wf_rule_get(req_db(r), r->actor.org_id, req_str(r, "kind"), &rule);
	if (rc)
		return rc;
	static const char *const steps[] = {"submit", "review", "approve", "publish"};
	unsigned *bits[] = {&rule.submit, &rule.review, &rule.approve, &rule.publish};
	for (size_t i = 0; i < 4; i++) {
		const char *v = req_str(r, steps[i]);
		if (v && !wf_roles_parse(v, bits[i]))
			return err_fail(ERR_INVAL, steps[i], "บทบาทไม่ถูกต้อง", "Unknown role.");
	}
	if (req_has(r, "publish_public"))
		rule.publish_public = req_int(r, "publish_public", 0) != 0;
	rc = wf_rule_set(req_db(r), &r->actor, &rule);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return h_workflow_rules(r);
	return resp_redirect(r, "/admin/workflow");
}
