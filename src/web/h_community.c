/* h_community: communities of practice (the list, a community's board,
 * threads with their replies, answers, files and meetings) and mentoring
 * pairs, as pages and as the JSON API. Every rule is km/community's and
 * km/mentoring's; a handler reads the validated parameters, calls them and
 * answers. */
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "km/community.h"
#include "km/kmap.h"
#include "km/mentoring.h"
#include "web/handlers.h"
#include "web/multipart.h"

#define BOARD_PAGE 30 /* threads per page of a board */

static void community_input_from(const struct req *r, struct community_input *in)
{
	*in = (struct community_input)COMMUNITY_INPUT_UNCHANGED;
	in->name = req_str(r, "name");
	in->description = req_str(r, "description");
	in->facilitator_account_id = req_int(r, "facilitator_account_id", -1);
	in->issue_id = req_int(r, "issue_id", -1);
	in->active = (int)req_int(r, "active", -1);
}

static void today_into(json_t *ctx)
{
	char iso[11];
	cal_iso(cal_today(), iso);
	json_object_set_new(ctx, "today", json_string(iso));
}

/* What the forms of a manager offer: the organisation's accounts and its
 * strategic issues. */
static int manager_lists(struct req *r, json_t *ctx)
{
	json_t *accounts = NULL, *issues = NULL;
	int rc = community_accounts(req_db(r), &r->actor, &accounts);
	if (!rc)
		rc = kmap_get(req_db(r), &r->actor, r->actor.org_id, &issues);
	if (rc) {
		json_decref(accounts);
		return rc;
	}
	json_object_set_new(ctx, "accounts", accounts);
	json_object_set_new(ctx, "issues", issues);
	return 0;
}

static int fail(json_t *ctx, int rc)
{
	json_decref(ctx);
	return rc;
}

/* The list */

/* A refused form shows its page again (the context `build` made) with
 * the error and what was typed; the API, and errors that are not the
 * user's, answer as usual. `which` names the form for the page. */
static int retry(struct req *r, int rc, const char *tpl, int built, json_t *ctx, const char *which)
{
	if (req_wants_json(r) || built) {
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "failed", json_string(which));
	return h_form_retry(r, rc, tpl, ctx);
}

/* The context of the list's page `page` (and the list for the API). */
static int list_context(struct req *r, int page, int per_page, json_t **out, json_t **items, int64_t *total)
{
	int rc = community_list(req_db(r), &r->actor, page, per_page, items, total);
	if (rc || !out)
		return rc;
	bool may_create = r->actor.roles & (ROLE_ADMIN | ROLE_COMMITTEE);
	json_t *ctx = json_pack("{s:s, s:o, s:I, s:b, s:i, s:i}", "title", "ชุมชนนักปฏิบัติ", "items", *items, "total",
				(json_int_t)*total, "can_create", may_create, "prev_page", page > 1 ? page - 1 : 0,
				"next_page", (int64_t)page * per_page < *total ? page + 1 : 0);
	if (!ctx)
		return ERR_NOMEM;
	if (may_create && (rc = manager_lists(r, ctx)))
		return fail(ctx, rc);
	*out = ctx;
	return 0;
}

int h_communities(struct req *r)
{
	json_t *items = NULL, *ctx = NULL;
	int64_t total = 0;
	int page, per_page;
	req_paging(r, COMMUNITY_PAGE_MAX, &page, &per_page);
	bool json = req_wants_json(r);
	int rc = list_context(r, page, per_page, json ? NULL : &ctx, &items, &total);
	if (rc)
		return rc;
	return json ? resp_list(r, items, total) : resp_page(r, 200, "communities", ctx);
}

int h_community_create(struct req *r)
{
	struct community_input in;
	community_input_from(r, &in);
	int64_t id = 0;
	int rc = community_create(req_db(r), &r->actor, &in, &id);
	if (rc) {
		json_t *ctx = NULL, *items = NULL;
		int64_t total = 0;
		int built = req_wants_json(r) ? 1 : list_context(r, 1, COMMUNITY_PAGE_MAX, &ctx, &items, &total);
		return retry(r, rc, "communities", built, ctx, "create");
	}
	if (!req_wants_json(r))
		return resp_redirect(r, arena_printf(r->arena, "/communities/%lld", (long long)id));
	json_t *c = NULL;
	rc = community_get(req_db(r), &r->actor, id, &c);
	return rc ? rc : resp_json(r, 201, c);
}

/* A community */

/* The context of a community's page (its board's page `page`). */
static int board_context(struct req *r, int64_t id, int page, json_t **out)
{
	json_t *c = NULL, *threads = NULL;
	int64_t total = 0;
	int rc = community_get(req_db(r), &r->actor, id, &c);
	if (rc)
		return rc;
	json_t *ctx = json_pack("{s:O, s:o}", "title", json_object_get(c, "name"), "c", c);
	if (!ctx)
		return ERR_NOMEM;
	rc = community_threads(req_db(r), &r->actor, id, page, BOARD_PAGE, &threads, &total);
	if (rc)
		return fail(ctx, rc);
	json_object_set_new(ctx, "threads", threads);
	json_object_set_new(ctx, "thread_total", json_integer(total));
	json_object_set_new(ctx, "prev_page", json_integer(page > 1 ? page - 1 : 0));
	json_object_set_new(ctx, "next_page", json_integer((int64_t)page * BOARD_PAGE < total ? page + 1 : 0));
	today_into(ctx);
	if (json_is_true(json_object_get(c, "can_manage")) && (rc = manager_lists(r, ctx)))
		return fail(ctx, rc);
	*out = ctx;
	return 0;
}

int h_community(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *ctx = NULL;
	if (req_wants_json(r)) {
		int rc = community_get(req_db(r), &r->actor, id, &ctx);
		return rc ? rc : resp_json(r, 200, ctx);
	}
	int rc = board_context(r, id, (int)req_int(r, "page", 1), &ctx);
	return rc ? rc : resp_page(r, 200, "community", ctx);
}

static int back_to_community(struct req *r, int64_t id, const char *anchor)
{
	return resp_redirect(r, arena_printf(r->arena, "/communities/%lld%s", (long long)id, anchor));
}

int h_community_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	struct community_input in;
	community_input_from(r, &in);
	int rc = community_update(req_db(r), &r->actor, id, &in);
	if (rc)
		return rc;
	if (!req_wants_json(r))
		return back_to_community(r, id, "");
	json_t *c = NULL;
	rc = community_get(req_db(r), &r->actor, id, &c);
	return rc ? rc : resp_json(r, 200, c);
}

int h_community_join(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = community_join(req_db(r), &r->actor, id);
	return rc ? rc : back_to_community(r, id, "");
}

int h_community_leave(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = community_member_remove(req_db(r), &r->actor, id, r->actor.account_id);
	return rc ? rc : back_to_community(r, id, "");
}

/* Adds the member named by account_id; without one (the API), joins. */
int h_community_member_add(struct req *r)
{
	int64_t id = req_int(r, "id", 0), account = req_int(r, "account_id", 0);
	int rc = account ? community_member_add(req_db(r), &r->actor, id, account)
			 : community_join(req_db(r), &r->actor, id);
	if (rc)
		return rc;
	if (!req_wants_json(r))
		return back_to_community(r, id, "#members");
	return resp_json(r, 201, json_pack("{s:I, s:I}", "community_id", (json_int_t)id, "account_id",
					   (json_int_t)(account ? account : r->actor.account_id)));
}

int h_community_member_remove(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = community_member_remove(req_db(r), &r->actor, id, req_int(r, "account_id", 0));
	if (rc)
		return rc;
	return req_wants_json(r) ? resp_empty(r, 204) : back_to_community(r, id, "#members");
}

int h_community_meeting_add(struct req *r)
{
	int64_t id = req_int(r, "id", 0), meeting = 0;
	struct community_meeting_input in = {req_str(r, "date"), req_str(r, "title"), req_str(r, "notes_md"),
					     (int)req_int(r, "attendees", 0)};
	int rc = community_meeting_add(req_db(r), &r->actor, id, &in, &meeting);
	if (rc) {
		json_t *ctx = NULL;
		int built = req_wants_json(r) ? 1 : board_context(r, id, 1, &ctx);
		return retry(r, rc, "community", built, ctx, "meeting");
	}
	if (req_wants_json(r))
		return resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)meeting));
	return back_to_community(r, id, arena_printf(r->arena, "#meeting-%lld", (long long)meeting));
}

/* A page of a list under the route's {id}: a board's threads, a thread's
 * replies. */
typedef int (*paged_fn)(struct db *db, const struct actor *a, int64_t id, int page, int per_page,
			json_t **items, int64_t *total);

static int paged_list(struct req *r, paged_fn fn)
{
	json_t *items = NULL;
	int64_t total = 0;
	int page, per_page;
	req_paging(r, COMMUNITY_PAGE_MAX, &page, &per_page);
	int rc = fn(req_db(r), &r->actor, req_int(r, "id", 0), page, per_page, &items, &total);
	return rc ? rc : resp_list(r, items, total);
}

int h_api_community_threads(struct req *r)
{
	return paged_list(r, community_threads);
}

/* Threads */

/* The files of a post: every part of the field "file" that carries a file
 * (one more than a post may hold, so that the domain says it is too many). */
static int post_files(struct req *r, struct community_file *out, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < r->nparts && *n <= COMMUNITY_FILES_PER_POST; i++) {
		const struct multipart_part *p = &r->parts[i];
		if (!p->filename.p || !p->filename.len || !str_eq_c(p->name, "file"))
			continue;
		const char *raw = arena_str(r->arena, p->filename);
		const char *name = raw ? multipart_safe_filename(r->arena, raw) : NULL;
		if (!name)
			return ERR_NOMEM;
		out[(*n)++] = (struct community_file){name, p->data.p, p->data.len};
	}
	return 0;
}

static const char *thread_path(struct req *r, int64_t community, int64_t thread)
{
	return arena_printf(r->arena, "/communities/%lld/threads/%lld", (long long)community, (long long)thread);
}

int h_community_thread_create(struct req *r)
{
	int64_t id = req_int(r, "id", 0), thread = 0;
	struct community_file files[COMMUNITY_FILES_PER_POST + 1];
	size_t n = 0;
	int rc = post_files(r, files, &n);
	if (!rc)
		rc = community_thread_create(req_db(r), &r->actor, h_blob_root(r), id, req_str(r, "title"),
					     req_str(r, "body_md"), files, n, &thread);
	if (rc) {
		json_t *ctx = NULL;
		int built = req_wants_json(r) ? 1 : board_context(r, id, 1, &ctx);
		return retry(r, rc, "community", built, ctx, "thread");
	}
	if (req_wants_json(r))
		return resp_json(r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)thread, "community_id", (json_int_t)id));
	return resp_redirect(r, thread_path(r, id, thread));
}

/* The thread of a route: "tid" on pages, whose path also names the
 * community (a thread of another community is not found there), "id" in
 * the API. *community receives its community. */
static int route_thread(struct req *r, int64_t *thread, int64_t *community)
{
	bool page = req_has(r, "tid");
	*thread = req_int(r, page ? "tid" : "id", 0);
	int rc = community_thread_community(req_db(r), &r->actor, *thread, community);
	if (!rc && page && *community != req_int(r, "id", 0))
		rc = err_fail(ERR_NOTFOUND, NULL, "ไม่พบกระทู้นี้", "No such thread.");
	return rc;
}

/* The context of a thread's page, taking `t`. */
static json_t *thread_context(json_t *t)
{
	return json_pack("{s:O, s:o}", "title", json_object_get(t, "title"), "t", t);
}

int h_community_thread(struct req *r)
{
	int64_t thread = 0, community = 0;
	json_t *t = NULL;
	int rc = route_thread(r, &thread, &community);
	if (!rc)
		rc = community_thread_get(req_db(r), &r->actor, thread, &t);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, t);
	return resp_page(r, 200, "community_thread", thread_context(t));
}

int h_api_thread_replies(struct req *r)
{
	return paged_list(r, community_replies);
}

/* After a change to a thread: the page (at `anchor`) or the thread's JSON. */
static int thread_answer(struct req *r, int64_t community, int64_t thread, const char *anchor)
{
	if (!req_wants_json(r))
		return resp_redirect(r, arena_printf(r->arena, "%s%s", thread_path(r, community, thread), anchor));
	json_t *t = NULL;
	int rc = community_thread_get(req_db(r), &r->actor, thread, &t);
	return rc ? rc : resp_json(r, 200, t);
}

int h_community_reply(struct req *r)
{
	int64_t thread = 0, community = 0, reply = 0;
	struct community_file files[COMMUNITY_FILES_PER_POST + 1];
	size_t n = 0;
	int rc = route_thread(r, &thread, &community);
	if (!rc)
		rc = post_files(r, files, &n);
	if (!rc)
		rc = community_reply_add(req_db(r), &r->actor, h_blob_root(r), thread, req_str(r, "body_md"), files, n,
					 &reply);
	if (rc) {
		json_t *t = NULL;
		int built = req_wants_json(r) || !community ? 1 : community_thread_get(req_db(r), &r->actor, thread, &t);
		return retry(r, rc, "community_thread", built, built ? NULL : thread_context(t), "reply");
	}
	if (req_wants_json(r))
		return resp_json(r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)reply, "thread_id", (json_int_t)thread));
	return resp_redirect(r, arena_printf(r->arena, "%s#reply-%lld", thread_path(r, community, thread), (long long)reply));
}

int h_community_answer(struct req *r)
{
	int64_t thread = 0, community = 0, reply = req_int(r, "reply_id", 0);
	int rc = route_thread(r, &thread, &community);
	if (!rc)
		rc = community_answer_mark(req_db(r), &r->actor, thread, reply);
	if (rc)
		return rc;
	return thread_answer(r, community, thread, reply ? arena_printf(r->arena, "#reply-%lld", (long long)reply) : "");
}

int h_community_lock(struct req *r)
{
	int64_t thread = 0, community = 0;
	int rc = route_thread(r, &thread, &community);
	if (!rc)
		rc = community_thread_lock(req_db(r), &r->actor, thread, req_int(r, "locked", 1) != 0);
	return rc ? rc : thread_answer(r, community, thread, "");
}

int h_community_thread_doc(struct req *r)
{
	int64_t thread = 0, community = 0, doc = 0;
	int rc = route_thread(r, &thread, &community);
	if (!rc)
		rc = community_thread_to_doc(req_db(r), &r->actor, thread, req_str(r, "kind"), &doc);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 201, json_pack("{s:I}", "document_id", (json_int_t)doc));
	return resp_redirect(r, arena_printf(r->arena, "/docs/%lld/edit", (long long)doc));
}

int h_community_file(struct req *r)
{
	json_t *row = NULL;
	int rc = community_file_get(req_db(r), &r->actor, req_int(r, "id", 0), &row);
	return rc ? rc : h_file_send(r, req_keep(r, row));
}

/* Mentoring */

static void mentoring_input_from(const struct req *r, struct mentoring_input *in)
{
	*in = (struct mentoring_input)MENTORING_INPUT_UNCHANGED;
	in->mentor_person_id = req_int(r, "mentor_person_id", 0);
	in->mentee_person_id = req_int(r, "mentee_person_id", 0);
	in->goals = req_str(r, "goals");
	in->start_date = req_str(r, "start_date");
	in->end_date = req_str(r, "end_date");
	in->active = (int)req_int(r, "active", -1);
}

/* People to choose from, for those who arrange pairs. */
static int people_into(struct req *r, json_t *ctx)
{
	json_t *people = NULL;
	int rc = mentoring_people(req_db(r), &r->actor, &people);
	if (!rc)
		json_object_set_new(ctx, "people", people);
	return rc;
}

/* The context of the mentoring page. */
static int mentoring_context(struct req *r, json_t **out)
{
	json_t *pairs = NULL;
	int rc = mentoring_list(req_db(r), &r->actor, &pairs);
	if (rc)
		return rc;
	bool may_create = r->actor.roles & (ROLE_ADMIN | ROLE_COMMITTEE);
	json_t *ctx = json_pack("{s:s, s:o, s:b}", "title", "ระบบพี่เลี้ยง", "pairs", pairs, "can_create", may_create);
	if (!ctx)
		return ERR_NOMEM;
	today_into(ctx);
	if (may_create && (rc = people_into(r, ctx)))
		return fail(ctx, rc);
	*out = ctx;
	return 0;
}

int h_mentoring(struct req *r)
{
	json_t *ctx = NULL;
	if (req_wants_json(r)) {
		int rc = mentoring_list(req_db(r), &r->actor, &ctx);
		return rc ? rc : resp_list(r, ctx, (int64_t)json_array_size(ctx));
	}
	int rc = mentoring_context(r, &ctx);
	return rc ? rc : resp_page(r, 200, "mentoring", ctx);
}

static int pair_answer(struct req *r, int64_t id, unsigned status, const char *anchor)
{
	if (!req_wants_json(r))
		return resp_redirect(r, arena_printf(r->arena, "/mentoring/%lld%s", (long long)id, anchor));
	json_t *p = NULL;
	int rc = mentoring_get(req_db(r), &r->actor, id, &p);
	return rc ? rc : resp_json(r, status, p);
}

int h_mentoring_create(struct req *r)
{
	struct mentoring_input in;
	mentoring_input_from(r, &in);
	int64_t id = 0;
	int rc = mentoring_create(req_db(r), &r->actor, &in, &id);
	if (rc) {
		json_t *ctx = NULL;
		int built = req_wants_json(r) ? 1 : mentoring_context(r, &ctx);
		return retry(r, rc, "mentoring", built, ctx, "pair");
	}
	return pair_answer(r, id, 201, "");
}

/* The context of a pair's page. */
static int pair_context(struct req *r, int64_t id, json_t **out)
{
	json_t *p = NULL;
	int rc = mentoring_get(req_db(r), &r->actor, id, &p);
	if (rc)
		return rc;
	json_t *ctx = json_pack("{s:s, s:o}", "title", "คู่พี่เลี้ยง", "pair", p);
	if (!ctx)
		return ERR_NOMEM;
	today_into(ctx);
	if (json_is_true(json_object_get(p, "can_edit")) && (rc = people_into(r, ctx)))
		return fail(ctx, rc);
	*out = ctx;
	return 0;
}

int h_mentoring_pair(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *ctx = NULL;
	if (req_wants_json(r)) {
		int rc = mentoring_get(req_db(r), &r->actor, id, &ctx);
		return rc ? rc : resp_json(r, 200, ctx);
	}
	int rc = pair_context(r, id, &ctx);
	return rc ? rc : resp_page(r, 200, "mentoring_pair", ctx);
}

int h_mentoring_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	struct mentoring_input in;
	mentoring_input_from(r, &in);
	int rc = mentoring_update(req_db(r), &r->actor, id, &in);
	return rc ? rc : pair_answer(r, id, 200, "");
}

int h_mentoring_log_add(struct req *r)
{
	int64_t id = req_int(r, "id", 0), entry = 0;
	int rc = mentoring_log_add(req_db(r), &r->actor, id, req_str(r, "date"), req_str(r, "note"), &entry);
	if (rc) {
		json_t *ctx = NULL;
		int built = req_wants_json(r) ? 1 : pair_context(r, id, &ctx);
		return retry(r, rc, "mentoring_pair", built, ctx, "log");
	}
	if (req_wants_json(r))
		return resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)entry));
	return pair_answer(r, id, 201, arena_printf(r->arena, "#log-%lld", (long long)entry));
}
