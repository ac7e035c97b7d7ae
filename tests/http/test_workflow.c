/*
 * test_workflow: review and approval over HTTP, the real binary on
 * loopback with the demo organisation. Each rule of km/workflow.h on each
 * write path, the JSON API (bearer tokens) and the page form (sessions):
 * the role each step needs (staff, the executive, another division's head
 * refused with 403), the state each step needs (409), the comment that
 * request_changes, reject and retire need (400), CSRF on the form and on
 * the API with a session cookie (bearer calls need none), the publish
 * shortcut, nobody reviewing their own work, approval bound to the
 * revision approved, readers keeping the published revision while a new
 * one is on its way, imports (page and CLI) making drafts, the approval
 * memo (JSON, page, PDF, the list by fiscal year), the inbox, the
 * notifications, the rules admins edit, and notifications sent as e-mail
 * through tests/support/smtp_sink.
 *
 * One server serves the tests but the last, which starts its own with
 * e-mail on. Documents are manuals (submit by the division's head or the
 * committee, review by them, approval by an executive, publication by the
 * head, the committee or an admin) and articles (no approval) of HEALTH,
 * the demo unit head's division, or of FIN, whose head (`head-fin`) gets a
 * password here so that it can use the form too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "support/smtp_sink.h"

/* Who acts: the demo roles, and FIN's head (no demo role of the harness:
 * its token and password are made in the set-up). */
enum who { STAFF, HEAD, EXEC, KMC, ADMIN, FINHEAD, NWHO };
static const enum h_role who_role[NWHO] = {H_STAFF, H_UNITHEAD, H_EXECUTIVE, H_COMMITTEE, H_ADMIN,
					   H_PUBLIC};
static const char *const who_login[NWHO] = {"staff", "unithead", "executive",
					    "committee", "admin", "head-fin"};

/* The two write paths. */
enum mode { API, FORM, NMODES };

static const char finhead_password[] = "fin-head-password-1";

static struct {
	struct h_server *srv;
	struct h_client *c[NWHO][NMODES]; /* a bearer client and a session per actor */
	long long health, fin;
} S;

/* Small helpers */

static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static long long int_of(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

#define get_json(c, path, status) (h_get((c), (path)), h_json_answer((c), (status)))

/* The object of the list `items` whose `key` is n (borrowed), or NULL. */
static json_t *item_with(json_t *items, const char *key, long long n)
{
	size_t i;
	json_t *x;
	json_array_foreach(items, i, x) {
		if (int_of(x, key) == n)
			return x;
	}
	return NULL;
}

/* A document through the API as w; its id. */
static long long doc_new(enum who w, const char *title, const char *kind, long long unit,
			 const char *visibility)
{
	struct h_client *c = S.c[w][API];
	h_send_json(c, "POST", "/api/v1/documents",
		    json_pack("{s:s, s:s, s:I, s:s, s:s}", "title", title, "kind", kind, "unit_id",
			      (json_int_t)unit, "visibility", visibility, "body_md",
			      "## ขั้นตอน\n\nเนื้อหาฉบับแรก\n"));
	json_t *v = h_json_answer(c, 201);
	long long id = int_of(v, "id");
	json_decref(v);
	assert_true(id > 0);
	return id;
}

/* The document as c reads it (GET /api/v1/documents/{id}). */
static json_t *doc_read(struct h_client *c, long long id)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	return get_json(c, path, 200);
}

/* Saves an edit of the current revision as w: `field` becomes `value`. */
static void doc_edit(enum who w, long long id, const char *field, const char *value)
{
	struct h_client *c = S.c[w][API];
	json_t *d = doc_read(c, id);
	long long base = int_of(d, "revision_id");
	json_decref(d);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	h_send_json(c, "PUT", path,
		    json_pack("{s:I, s:s}", "base_revision_id", (json_int_t)base, field, value));
	assert_status(c, 200);
}

/* Checks the document's state (GET …/documents/{id} "state", as the admin
 * reads it) and, when `status` is not NULL, its status. */
static void expect_state_at(long long id, const char *state, const char *status, const char *file,
			    int line)
{
	json_t *d = doc_read(S.c[ADMIN][API], id);
	const char *got = str_of(d, "state"), *st = str_of(d, "status");
	if (!got || strcmp(got, state) || (status && (!st || strcmp(st, status)))) {
		print_error("document %lld: state %s, status %s; want %s, %s\n", id,
			    got ? got : "(none)", st ? st : "(none)", state, status ? status : "any");
		_fail(file, line);
	}
	json_decref(d);
}
#define expect_state(id, state, status) expect_state_at((id), (state), (status), __FILE__, __LINE__)

/* Takes workflow step `action` on document `id` as w by `mode`; the
 * status of the answer. */
static long step(enum mode m, enum who w, long long id, const char *action, const char *comment)
{
	struct h_client *c = S.c[w][m];
	char path[80];
	if (m == API) {
		snprintf(path, sizeof path, "/api/v1/documents/%lld/transitions", id);
		json_t *o = json_pack("{s:s}", "action", action);
		if (comment)
			json_object_set_new(o, "comment", json_string(comment));
		return h_send_json(c, "POST", path, o);
	}
	snprintf(path, sizeof path, "/docs/%lld/transitions", id);
	return h_post_form(c, path,
			   comment ? h_form(c, "_csrf", c->csrf, "action", action, "comment", comment,
					    NULL)
				   : h_form(c, "_csrf", c->csrf, "action", action, NULL));
}

/* Takes a step and checks the answer: `want` 200 when it is taken (the API
 * answers {"id","status","action"} with the new state; the form 303 back
 * to the document), else the error (the API's code and field; the form's
 * error page, whose alert gives the reason the API gives for the same
 * step); then the document's state, `state`, which a refused step left as
 * it was. */
static void expect_step_at(enum mode m, enum who w, long long id, const char *action,
			   const char *comment, long want, const char *state, const char *file,
			   int line)
{
	struct h_client *c = S.c[w][m];
	step(m, w, id, action, comment);
	if (c->status != (want == 200 && m == FORM ? 303 : want))
		print_error("%s as %s by the %s on document %lld:\n", action, who_login[w],
			    m == API ? "API" : "form", id);
	if (want == 200 && m == FORM) {
		h_check_status(c, 303, file, line);
		char loc[128], page[64];
		snprintf(page, sizeof page, "/docs/%lld", id);
		if (!h_header(c, "Location", loc, sizeof loc) || strcmp(loc, page)) {
			print_error("%s %s: Location not %s\n", c->method, c->path, page);
			_fail(file, line);
		}
	} else if (want == 200) {
		json_t *v = h_json_answer_at(c, 200, file, line);
		bool shape = json_object_size(v) == 3 && int_of(v, "id") == id &&
			     str_of(v, "action") && !strcmp(str_of(v, "action"), action) &&
			     str_of(v, "status") && !strcmp(str_of(v, "status"), state);
		json_decref(v);
		if (!shape) {
			print_error("%s %s: want {\"id\":%lld,\"status\":\"%s\",\"action\":\"%s\"}: %s\n",
				    c->method, c->path, id, state, action, c->body.p);
			_fail(file, line);
		}
	} else if (m == API) {
		const char *code = want == 400   ? "invalid"
				   : want == 403 ? "forbidden"
				   : want == 404 ? "not_found"
						 : "conflict";
		h_expect_error_at(c, want, code,
				  want == 404 ? NULL : want == 400 ? "comment" : "action", file, line);
	} else {
		/* The error page's alert gives the reason the API gives. */
		h_expect_page_at(c, want, "role=\"alert\">", file, line);
		const char *alert = strstr(c->body.p, "role=\"alert\">") + strlen("role=\"alert\">");
		const char *end = strstr(alert, "</p>");
		char shown[400];
		snprintf(shown, sizeof shown, "%.*s", end ? (int)(end - alert) : 0, alert);
		struct h_client *api = S.c[w][API];
		step(API, w, id, action, comment);
		json_t *v = h_json_answer_at(api, want, file, line);
		const char *th = str_of(json_object_get(v, "error"), "message_th");
		bool same = th && !strcmp(th, shown);
		if (!same)
			print_error("%s %s: the page says '%s', the API '%s'\n", c->method, c->path,
				    shown, th ? th : "(none)");
		json_decref(v);
		if (!same)
			_fail(file, line);
	}
	expect_state_at(id, state, NULL, file, line);
}
#define expect_step(m, w, id, action, comment, want, state) \
	expect_step_at((m), (w), (id), (action), (comment), (want), (state), __FILE__, __LINE__)

/* One step of a scenario: who takes `action` (with `comment`), the status
 * wanted and the state afterwards, as for expect_step. */
struct step_case {
	enum who w;
	const char *action, *comment;
	long want;
	const char *state;
};

static void run_steps_at(enum mode m, long long id, const struct step_case *cases, size_t n,
			 const char *file, int line)
{
	for (size_t k = 0; k < n; k++)
		expect_step_at(m, cases[k].w, id, cases[k].action, cases[k].comment, cases[k].want,
			       cases[k].state, file, line);
}
#define run_steps(m, id, cases) \
	run_steps_at((m), (id), (cases), sizeof(cases) / sizeof(cases)[0], __FILE__, __LINE__)

/* Takes the steps that lead a HEALTH manual from draft to `state` (as the
 * head, the committee and the executive), by the API. */
static void advance(long long id, const char *state)
{
	static const struct {
		enum who w;
		const char *action, *to;
	} path[] = {{HEAD, "submit", "submitted"}, {KMC, "review", "reviewed"},
		    {EXEC, "approve", "approved"}, {HEAD, "publish", "published"}};
	for (size_t k = 0; k < sizeof path / sizeof path[0]; k++) {
		expect_step(API, path[k].w, id, path[k].action, NULL, 200, path[k].to);
		if (!strcmp(path[k].to, state))
			return;
	}
	fail_msg("no state %s", state);
}

/* 1. Each step needs its role, on both paths */

static void each_step_needs_its_role(void **state)
{
	(void)state;
	static const struct step_case draft_to_published[] = {
		/* Submitting a manual is the division head's or the committee's;
		 * another division's head does not even see a draft of HEALTH. */
		{EXEC, "submit", NULL, 403, "draft"},
		{STAFF, "submit", NULL, 403, "draft"},
		{ADMIN, "submit", NULL, 403, "draft"},
		{FINHEAD, "submit", NULL, 404, "draft"},
		{HEAD, "submit", NULL, 200, "submitted"},
		/* Reviewing: the head (not their own work here: see
		 * nobody_reviews_their_own_work) or the committee. */
		{STAFF, "review", NULL, 403, "submitted"},
		{EXEC, "review", NULL, 403, "submitted"},
		{ADMIN, "review", NULL, 403, "submitted"},
		{KMC, "review", NULL, 200, "reviewed"},
		/* Approving: an executive only. */
		{STAFF, "approve", NULL, 403, "reviewed"},
		{HEAD, "approve", NULL, 403, "reviewed"},
		{KMC, "approve", NULL, 403, "reviewed"},
		{ADMIN, "approve", NULL, 403, "reviewed"},
		{EXEC, "approve", NULL, 200, "approved"},
		/* Publishing: the head, the committee or an admin. */
		{STAFF, "publish", NULL, 403, "approved"},
		{EXEC, "publish", NULL, 403, "approved"},
		{HEAD, "publish", NULL, 200, "published"},
	};
	/* Published for the organisation, an edit of it is one FIN's head
	 * sees and may still take no step on: not of their division. */
	static const struct step_case edit_of_published[] = {
		{FINHEAD, "submit", NULL, 403, "draft"},
		{HEAD, "submit", NULL, 200, "submitted"},
		{FINHEAD, "review", NULL, 403, "submitted"},
		{FINHEAD, "request_changes", "ไม่ใช่กองของฉัน", 403, "submitted"},
		{FINHEAD, "retire", "ไม่ใช่กองของฉัน", 403, "submitted"},
		{STAFF, "retire", "ไม่ใช้แล้ว", 403, "submitted"},
		{KMC, "request_changes", "แก้หัวข้อที่สอง", 200, "draft"},
		{HEAD, "retire", "มีฉบับใหม่แทน", 200, "retired"},
	};
	for (int m = 0; m < NMODES; m++) {
		char title[96];
		snprintf(title, sizeof title, "คู่มือขั้นตอนตามบทบาท roles-%d", m);
		long long id = doc_new(HEAD, title, "manual", S.health, "org");
		run_steps(m, id, draft_to_published);
		doc_edit(HEAD, id, "body_md", "ฉบับแก้ไข");
		expect_state(id, "draft", "published");
		run_steps(m, id, edit_of_published);
	}
}

/* 2. Each step needs its state */

static void wrong_state_is_409(void **state)
{
	(void)state;
	static const struct step_case manual[] = {
		{EXEC, "approve", NULL, 409, "draft"},
		{KMC, "review", NULL, 409, "draft"},
		{HEAD, "publish", NULL, 409, "draft"},
		{HEAD, "retire", "ยังไม่เผยแพร่", 409, "draft"},
		{KMC, "request_changes", "แก้", 409, "draft"},
		{KMC, "reject", "ไม่ผ่าน", 409, "draft"},
		{HEAD, "submit", NULL, 200, "submitted"},
		{HEAD, "submit", NULL, 409, "submitted"},
		{EXEC, "approve", NULL, 409, "submitted"},
		{HEAD, "publish", NULL, 409, "submitted"},
		{KMC, "review", NULL, 200, "reviewed"},
		{KMC, "review", NULL, 409, "reviewed"},
		{HEAD, "publish", NULL, 409, "reviewed"},
	};
	/* An article has no approval step: approving one is a conflict. */
	static const struct step_case article[] = {
		{HEAD, "submit", NULL, 200, "submitted"},
		{KMC, "review", NULL, 200, "reviewed"},
		{EXEC, "approve", NULL, 409, "reviewed"},
		{KMC, "publish", NULL, 200, "published"},
	};
	for (int m = 0; m < NMODES; m++) {
		char title[96];
		snprintf(title, sizeof title, "คู่มือสถานะไม่ถูกต้อง state-%d", m);
		run_steps(m, doc_new(HEAD, title, "manual", S.health, "org"), manual);
		snprintf(title, sizeof title, "บทความไม่มีขั้นอนุมัติ no-approval-%d", m);
		run_steps(m, doc_new(HEAD, title, "article", S.health, "org"), article);
	}
}

/* 3. Sending back, rejecting and retiring need a comment */

static void comments_are_required(void **state)
{
	(void)state;
	static const struct step_case send_back[] = {
		{KMC, "request_changes", NULL, 400, "submitted"},
		{KMC, "request_changes", "", 400, "submitted"},
		{KMC, "request_changes", "   ", 400, "submitted"},
		{KMC, "request_changes", "เพิ่มขั้นตอนที่สาม", 200, "draft"},
	};
	static const struct step_case reject[] = {
		{EXEC, "reject", NULL, 400, "reviewed"},
		{EXEC, "reject", " ", 400, "reviewed"},
		{EXEC, "reject", "ไม่สอดคล้องกับระเบียบ reject-reason", 200, "draft"},
	};
	/* Retired is final. */
	static const struct step_case retire[] = {
		{HEAD, "retire", NULL, 400, "published"},
		{HEAD, "retire", "", 400, "published"},
		{HEAD, "retire", "เลิกใช้ retire-reason", 200, "retired"},
		{HEAD, "retire", "อีกครั้ง", 409, "retired"},
		{HEAD, "submit", NULL, 409, "retired"},
	};
	for (int m = 0; m < NMODES; m++) {
		char title[96];
		snprintf(title, sizeof title, "คู่มือที่ต้องมีเหตุผล reasons-%d", m);
		long long id = doc_new(HEAD, title, "manual", S.health, "org");
		advance(id, "submitted");
		run_steps(m, id, send_back);
		advance(id, "reviewed");
		run_steps(m, id, reject);
		json_t *d = doc_read(S.c[ADMIN][API], id);
		assert_string_equal(str_of(d, "rejected_reason"), "ไม่สอดคล้องกับระเบียบ reject-reason");
		json_decref(d);
		advance(id, "published");
		run_steps(m, id, retire);
	}
}

/* 4. CSRF: the form and the API with a session cookie need the token;
 * bearer tokens do not */

static void csrf_guards_steps_with_a_session(void **state)
{
	(void)state;
	long long id = doc_new(HEAD, "คู่มือทดสอบโทเค็น csrf", "manual", S.health, "org");
	struct h_client *head = S.c[HEAD][FORM];
	char form[64], api[80], pub[80];
	snprintf(form, sizeof form, "/docs/%lld/transitions", id);
	snprintf(api, sizeof api, "/api/v1/documents/%lld/transitions", id);
	snprintf(pub, sizeof pub, "/api/v1/documents/%lld/publish", id);
	static const char msg[] = "แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งจากหน้าของระบบ";

	h_post_form(head, form, h_form(head, "action", "submit", NULL));
	h_expect_page(head, 403, msg);
	h_post_form(head, form,
		    h_form(head, "action", "submit", "_csrf",
			   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL));
	h_expect_page(head, 403, msg);
	h_post_form(head, form,
		    h_form(head, "action", "submit", "_csrf", S.c[KMC][FORM]->csrf, NULL));
	h_expect_page(head, 403, msg);
	expect_state(id, "draft", "draft");

	/* The API with the session cookie: the header, not a body member. */
	h_post_json(head, api, "{\"action\":\"submit\"}", NULL);
	h_expect_error(head, 403, "forbidden", "_csrf");
	char body[160];
	snprintf(body, sizeof body, "{\"action\":\"submit\",\"_csrf\":\"%s\"}", head->csrf);
	h_post_json(head, api, body, NULL);
	h_expect_error(head, 403, "forbidden", "_csrf");
	expect_state(id, "draft", "draft");
	expect_step(API, HEAD, id, "submit", NULL, 200, "submitted"); /* bearer: no token */
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", S.c[KMC][FORM]->csrf);
	const char *const kmc_header[] = {hdr, NULL};
	h_post_json(S.c[KMC][FORM], api, "{\"action\":\"review\"}", NULL);
	h_expect_error(S.c[KMC][FORM], 403, "forbidden", "_csrf");
	h_post_json(S.c[KMC][FORM], api, "{\"action\":\"review\"}", kmc_header);
	assert_status(S.c[KMC][FORM], 200);
	expect_state(id, "reviewed", "reviewed");
	expect_step(API, EXEC, id, "approve", NULL, 200, "approved");
	/* The publish shortcut likewise. */
	h_post_json(head, pub, "{}", NULL);
	h_expect_error(head, 403, "forbidden", "_csrf");
	expect_state(id, "approved", "approved");
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", head->csrf);
	const char *const head_header[] = {hdr, NULL};
	h_post_json(head, pub, "{}", head_header);
	assert_status(head, 200);
	expect_state(id, "published", "published");
}

/* 5. The publish shortcut is the publish step, with its rules */

static void publish_shortcut_obeys_the_rules(void **state)
{
	(void)state;
	long long id = doc_new(HEAD, "คู่มือทางลัดเผยแพร่ shortcut", "manual", S.health, "org");
	char path[80];
	snprintf(path, sizeof path, "/api/v1/documents/%lld/publish", id);
	struct h_client *head = S.c[HEAD][API], *staff = S.c[STAFF][API];
	h_send_json(head, "POST", path, json_object());
	h_expect_error(head, 409, "conflict", "action");
	h_send_json(staff, "POST", path, json_object());
	h_expect_error(staff, 403, "forbidden", "action");
	expect_state(id, "draft", "draft");
	advance(id, "reviewed");
	/* Reviewed is not approved. */
	h_send_json(head, "POST", path, json_object());
	h_expect_error(head, 409, "conflict", "action");
	expect_step(API, EXEC, id, "approve", NULL, 200, "approved");
	h_send_json(staff, "POST", path, json_object());
	h_expect_error(staff, 403, "forbidden", "action");
	h_send_json(S.c[EXEC][API], "POST", path, json_object());
	h_expect_error(S.c[EXEC][API], 403, "forbidden", "action");
	expect_state(id, "approved", "approved");
	h_send_json(head, "POST", path, json_object());
	json_t *v = h_json_answer(head, 200);
	assert_int_equal(json_object_size(v), 3);
	assert_int_equal(int_of(v, "id"), id);
	assert_string_equal(str_of(v, "status"), "published");
	assert_string_equal(str_of(v, "action"), "publish");
	json_decref(v);
	expect_state(id, "published", "published");
	/* The direct page routes of the interim rule are gone. */
	struct h_client *form = S.c[HEAD][FORM];
	snprintf(path, sizeof path, "/docs/%lld/publish", id);
	h_post_form(form, path, h_form(form, "_csrf", form->csrf, NULL));
	assert_status(form, 404);
	snprintf(path, sizeof path, "/docs/%lld/retire", id);
	h_post_form(form, path, h_form(form, "_csrf", form->csrf, "comment", "x", NULL));
	assert_status(form, 404);
	expect_state(id, "published", "published");
}

/* 6. Nobody reviews or approves their own work */

static void nobody_reviews_their_own_work(void **state)
{
	(void)state;
	/* The head's own manual: the head submits it, the committee reviews. */
	static const struct step_case heads_manual[] = {
		{HEAD, "submit", NULL, 200, "submitted"},
		{HEAD, "review", NULL, 403, "submitted"},
		{KMC, "review", NULL, 200, "reviewed"},
	};
	/* Staff's article: submitting it does not make it the head's. */
	static const struct step_case staffs_article[] = {
		{STAFF, "submit", NULL, 200, "submitted"},
		{STAFF, "review", NULL, 403, "submitted"},
		{HEAD, "review", NULL, 200, "reviewed"},
		{HEAD, "publish", NULL, 200, "published"},
	};
	/* A revision the head wrote is the head's work until published … */
	static const struct step_case heads_revision[] = {
		{HEAD, "submit", NULL, 200, "submitted"},
		{HEAD, "review", NULL, 403, "submitted"},
		{KMC, "review", NULL, 200, "reviewed"},
		{HEAD, "publish", NULL, 200, "published"},
	};
	/* … and no longer once it is: staff's next edit is the head's to
	 * review. */
	static const struct step_case staffs_revision[] = {
		{STAFF, "submit", NULL, 200, "submitted"},
		{HEAD, "review", NULL, 200, "reviewed"},
	};
	for (int m = 0; m < NMODES; m++) {
		char title[96];
		snprintf(title, sizeof title, "คู่มือของหัวหน้าเอง own-%d", m);
		run_steps(m, doc_new(HEAD, title, "manual", S.health, "org"), heads_manual);
		snprintf(title, sizeof title, "บทความของเจ้าหน้าที่ staff-work-%d", m);
		long long art = doc_new(STAFF, title, "article", S.health, "org");
		run_steps(m, art, staffs_article);
		doc_edit(HEAD, art, "body_md", "ฉบับที่หัวหน้าแก้");
		run_steps(m, art, heads_revision);
		doc_edit(STAFF, art, "body_md", "ฉบับที่เจ้าหน้าที่แก้อีกครั้ง");
		run_steps(m, art, staffs_revision);
	}
}

/* 7. An approval is of one revision: an edit needs the steps again */

static void approval_binds_to_the_revision(void **state)
{
	(void)state;
	struct h_client *admin = S.c[ADMIN][API];
	long long id = doc_new(HEAD, "คู่มือผูกกับฉบับที่อนุมัติ bound", "manual", S.health, "org");
	advance(id, "approved");
	doc_edit(HEAD, id, "body_md", "แก้หลังอนุมัติ edited-after-approval");
	expect_state(id, "draft", "draft");
	expect_step(API, HEAD, id, "publish", NULL, 409, "draft");
	expect_step(FORM, HEAD, id, "publish", NULL, 409, "draft");
	advance(id, "published");
	json_t *d = doc_read(admin, id);
	long long rev = int_of(d, "current_revision_id");
	assert_int_equal(int_of(d, "published_revision_id"), rev);
	assert_non_null(strstr(str_of(d, "body_md"), "edited-after-approval"));
	json_decref(d);
	/* The memo is the last approval's, of the revision published. */
	char path[80];
	snprintf(path, sizeof path, "/api/v1/documents/%lld/memo", id);
	json_t *memo = get_json(admin, path, 200);
	assert_int_equal(int_of(memo, "revision_id"), rev);
	json_decref(memo);

	/* A published document likewise: readers keep "published", the new
	 * revision is a draft, and an edit after its approval sends it back. */
	doc_edit(HEAD, id, "body_md", "ฉบับที่สาม third");
	expect_state(id, "draft", "published");
	advance(id, "approved");
	expect_state(id, "approved", "published");
	doc_edit(HEAD, id, "body_md", "ฉบับที่สี่ fourth");
	expect_state(id, "draft", "published");
	expect_step(API, HEAD, id, "publish", NULL, 409, "draft");
	advance(id, "published");
	d = doc_read(admin, id);
	assert_non_null(strstr(str_of(d, "body_md"), "fourth"));
	json_decref(d);
}

/* 8. Readers keep the published revision while a new one is on its way */

/* Checks what staff (a reader of FIN's documents, not an editor) get of
 * document id: the title that holds `shown` and not `hidden`, status
 * "published", by the API and on the page. */
static void expect_reader_sees_at(long long id, const char *shown, const char *hidden,
				  const char *file, int line)
{
	struct h_client *api = S.c[STAFF][API], *page = S.c[STAFF][FORM];
	json_t *d = doc_read(api, id);
	const char *title = str_of(d, "title"), *status = str_of(d, "status");
	bool ok = title && strstr(title, shown) && !strstr(title, hidden) && status &&
		  !strcmp(status, "published");
	if (!ok)
		print_error("document %lld for staff: title %s, status %s; want %s\n", id,
			    title ? title : "(none)", status ? status : "(none)", shown);
	json_decref(d);
	char path[64];
	snprintf(path, sizeof path, "/docs/%lld", id);
	h_get(page, path);
	h_expect_page_at(page, 200, shown, file, line);
	if (h_body_has(page, hidden)) {
		print_error("GET %s as staff shows '%s'\n", path, hidden);
		ok = false;
	}
	if (!ok)
		_fail(file, line);
}
#define expect_reader_sees(id, shown, hidden) \
	expect_reader_sees_at((id), (shown), (hidden), __FILE__, __LINE__)

static void readers_keep_the_published_revision(void **state)
{
	(void)state;
	long long id =
		doc_new(FINHEAD, "ระเบียบการเบิกจ่ายฉบับเดิม old-title", "regulation", S.fin, "org");
	/* FIN's head takes the steps of their own division. */
	expect_step(API, FINHEAD, id, "submit", NULL, 200, "submitted");
	expect_step(API, KMC, id, "review", NULL, 200, "reviewed");
	expect_step(API, EXEC, id, "approve", NULL, 200, "approved");
	expect_step(API, FINHEAD, id, "publish", NULL, 200, "published");
	expect_reader_sees(id, "old-title", "new-title");

	doc_edit(FINHEAD, id, "title", "ระเบียบการเบิกจ่ายฉบับใหม่ new-title");
	static const struct {
		enum who w;
		const char *action, *state;
	} steps[] = {{FINHEAD, "submit", "submitted"},
		     {KMC, "review", "reviewed"},
		     {EXEC, "approve", "approved"}};
	for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		expect_reader_sees(id, "old-title", "new-title");
		/* HEALTH's head reads it and takes no step on it. */
		const char *before = k ? steps[k - 1].state : "draft";
		expect_step(API, HEAD, id, steps[k].action, NULL, 403, before);
		expect_step(API, steps[k].w, id, steps[k].action, NULL, 200, steps[k].state);
	}
	expect_reader_sees(id, "old-title", "new-title");
	json_t *d = doc_read(S.c[FINHEAD][API], id); /* its editor reads the new one */
	assert_non_null(strstr(str_of(d, "title"), "new-title"));
	json_decref(d);
	/* Not for the public at all: it is the organisation's. */
	struct h_client *pub = h_client_new(S.srv);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	h_get(pub, path);
	h_expect_error(pub, 404, "not_found", NULL);

	expect_step(API, FINHEAD, id, "publish", NULL, 200, "published");
	expect_reader_sees(id, "new-title", "old-title");
}

/* 9. Imports make drafts, by the page and by the CLI */

/* How many drafts of `kind` are titled `title` (the admin reads all); the
 * last one's id into *id when not NULL. */
static int drafts_titled(const char *kind, const char *title, long long *id)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/documents?status=draft&kind=%s&per_page=200", kind);
	json_t *list = get_json(S.c[ADMIN][API], path, 200);
	int n = 0;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(list, "items"), i, x) {
		if (str_of(x, "title") && !strcmp(str_of(x, "title"), title)) {
			n++;
			if (id)
				*id = int_of(x, "id");
		}
	}
	json_decref(list);
	return n;
}

static void imports_make_drafts(void **state)
{
	(void)state;
	struct h_client *head = S.c[HEAD][FORM];
	static const char name[] = "คู่มือนำเข้าจากหน้าเว็บ.txt", text[] = "ขั้นตอนการนำเข้าเอกสาร\n";
	char unit[24], ctype[128];
	snprintf(unit, sizeof unit, "%lld", S.health);
	struct h_buf b = {0};
	/* Without the form's token: refused, nothing made. */
	const char *const no_token[] = {"unit_id", unit, "kind", "manual", NULL};
	h_multipart(&b, ctype, sizeof ctype, no_token, "files", name, text, strlen(text));
	h_request(head, "POST", "/docs/import", ctype, b.p, b.len, NULL);
	h_expect_page(head, 403, NULL);
	const char *const fields[] = {"_csrf", head->csrf, "unit_id", unit, "kind", "manual", NULL};
	h_multipart(&b, ctype, sizeof ctype, fields, "files", name, text, strlen(text));
	h_request(head, "POST", "/docs/import", ctype, b.p, b.len, NULL);
	h_buf_release(&b);
	h_expect_page(head, 200, name);
	/* The page links the new document: href="/docs/ID">NAME. */
	const char *at = strstr(head->body.p, name), *link = NULL;
	for (const char *p = head->body.p; (p = strstr(p, "href=\"/docs/")) && p < at; p++)
		link = p;
	assert_non_null(link);
	long long id = strtoll(link + strlen("href=\"/docs/"), NULL, 10);
	assert_true(id > 0);
	json_t *d = doc_read(S.c[ADMIN][API], id);
	assert_string_equal(str_of(d, "title"), "คู่มือนำเข้าจากหน้าเว็บ");
	json_decref(d);
	assert_int_equal(drafts_titled("manual", "คู่มือนำเข้าจากหน้าเว็บ", NULL), 1);
	expect_state(id, "draft", "draft");
	expect_step(API, HEAD, id, "publish", NULL, 409, "draft");

	/* The CLI, as the operator: drafts too, which then go the usual way. */
	char dir[400], file[600];
	snprintf(dir, sizeof dir, "%s/import", S.srv->root);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(file, sizeof file, "%s/ระเบียบนำเข้าทางคำสั่ง.txt", dir);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("ข้อ ๑ ระเบียบนี้ใช้บังคับตั้งแต่วันประกาศ\n", f);
	fclose(f);
	struct h_buf out = {0};
	int rc = h_cli(S.srv, &out, NULL, "import", dir, "--unit", "HEALTH", "--kind", "regulation",
		       NULL);
	bool said = out.p && strstr(out.p, "imported 1 file(s) as draft");
	h_buf_release(&out);
	assert_int_equal(rc, 0);
	assert_true(said);
	long long cli = 0;
	assert_int_equal(drafts_titled("regulation", "ระเบียบนำเข้าทางคำสั่ง", &cli), 1);
	expect_state(cli, "draft", "draft");
	expect_step(API, HEAD, cli, "publish", NULL, 409, "draft");
	advance(cli, "published");
}

/* 10. The approval memo */

/* The fiscal year (B.E.) of now in Bangkok: 1 October starts the next. */
static int fiscal_year_now(void)
{
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm.tm_year + 1900 + 543 + (tm.tm_mon >= 9);
}

/* n in Thai digits (๐ is U+0E50: E0 B9 90). */
static void thai_digits(int n, char *out, size_t cap)
{
	char ascii[16];
	snprintf(ascii, sizeof ascii, "%d", n);
	size_t w = 0;
	for (const char *p = ascii; *p && w + 4 <= cap; p++) {
		out[w++] = (char)0xE0;
		out[w++] = (char)0xB9;
		out[w++] = (char)(0x90 + (*p - '0'));
	}
	out[w] = 0;
}

static void the_approval_memo(void **state)
{
	(void)state;
	static const char title[] = "คู่มือการออกบันทึกข้อความ memo-title";
	struct h_client *head = S.c[HEAD][API];
	long long id = doc_new(HEAD, title, "manual", S.health, "org");
	char path[96], memos[64], want[40], digits[32];
	snprintf(path, sizeof path, "/api/v1/documents/%lld/memo", id);
	/* No memo before the approval. */
	h_get(head, path);
	h_expect_error(head, 404, "not_found", NULL);
	advance(id, "reviewed");
	h_get(head, path);
	h_expect_error(head, 404, "not_found", NULL);
	expect_step(API, EXEC, id, "approve", NULL, 200, "approved");

	int fy = fiscal_year_now();
	thai_digits(fy, digits, sizeof digits);
	snprintf(want, sizeof want, "/%s", digits);
	json_t *m = get_json(head, path, 200);
	const char *number = str_of(m, "number_th");
	assert_non_null(number);
	if (strlen(number) <= strlen(want) || strcmp(number + strlen(number) - strlen(want), want))
		fail_msg("memo number_th %s does not end in %s", number, want);
	assert_int_equal(int_of(m, "fy"), fy);
	assert_int_equal(int_of(m, "document_id"), id);
	assert_string_equal(str_of(m, "title"), title);
	char number_th[64];
	snprintf(number_th, sizeof number_th, "%s", number);
	json_decref(m);

	/* The PDF and the page. */
	snprintf(path, sizeof path, "/api/v1/documents/%lld/memo?format=pdf", id);
	assert_int_equal(h_get(head, path), 200);
	char ct[128];
	assert_non_null(h_header(head, "Content-Type", ct, sizeof ct));
	assert_memory_equal(ct, "application/pdf", strlen("application/pdf"));
	assert_true(head->body.len > 1000);
	assert_memory_equal(head->body.p, "%PDF", 4);
	snprintf(path, sizeof path, "/api/v1/documents/%lld/memo?format=html", id);
	h_get(head, path);
	h_expect_page(head, 200, "บันทึกข้อความ");
	assert_true(h_body_has(head, "memo-title"));
	snprintf(path, sizeof path, "/docs/%lld/memo", id);
	struct h_client *page = S.c[HEAD][FORM];
	h_get(page, path);
	h_expect_page(page, 200, "บันทึกข้อความ");
	assert_true(h_body_has(page, "memo-title"));
	assert_true(h_body_has(page, number_th));

	/* The list of the fiscal year holds it, the year before does not. */
	snprintf(memos, sizeof memos, "/api/v1/memos?fy=%d", fy);
	json_t *list = get_json(head, memos, 200);
	json_t *item = item_with(json_object_get(list, "items"), "document_id", id);
	assert_non_null(item);
	assert_string_equal(str_of(item, "number_th"), number_th);
	assert_int_equal(int_of(list, "total"),
			 (long long)json_array_size(json_object_get(list, "items")));
	json_decref(list);
	snprintf(memos, sizeof memos, "/api/v1/memos?fy=%d", fy - 1);
	list = get_json(head, memos, 200);
	assert_null(item_with(json_object_get(list, "items"), "document_id", id));
	json_decref(list);

	/* Who may not open the document gets no memo; a draft has none. */
	struct h_client *pub = h_client_new(S.srv);
	snprintf(path, sizeof path, "/api/v1/documents/%lld/memo", id);
	h_get(pub, path);
	h_expect_error(pub, 404, "not_found", NULL);
	long long draft = doc_new(HEAD, "ร่างที่ไม่มีบันทึก no-memo", "manual", S.health, "org");
	snprintf(path, sizeof path, "/api/v1/documents/%lld/memo", draft);
	h_get(head, path);
	h_expect_error(head, 404, "not_found", NULL);
	snprintf(path, sizeof path, "/docs/%lld/memo", draft);
	h_get(page, path);
	h_expect_page(page, 404, NULL);
}

/* 11. The inbox and the notifications */

/* The item of document id in list `box` ("waiting" or "sent") of w's
 * inbox (a new reference), or NULL. */
static json_t *inbox_item(enum who w, const char *box, long long id)
{
	json_t *v = get_json(S.c[w][API], "/api/v1/inbox", 200);
	json_t *item = item_with(json_object_get(v, box), "id", id);
	json_incref(item);
	json_decref(v);
	return item;
}

/* The executive's notifications: the list, and the unread count. */
static json_t *notifications(long long *unread)
{
	json_t *v = get_json(S.c[EXEC][API], "/api/v1/notifications?per_page=100", 200);
	*unread = int_of(v, "unread");
	return v;
}

static void inbox_and_notifications(void **state)
{
	(void)state;
	static const char title[] = "คู่มือกล่องงาน inbox-title";
	long long id = doc_new(HEAD, title, "manual", S.health, "org");
	expect_step(API, HEAD, id, "submit", NULL, 200, "submitted");
	/* The committee is to review it; the executive has nothing to do yet. */
	json_t *item = inbox_item(KMC, "waiting", id);
	assert_non_null(item);
	assert_string_equal(str_of(item, "next_action"), "review");
	assert_string_equal(str_of(item, "title"), title);
	assert_string_equal(str_of(item, "state"), "submitted");
	json_decref(item);
	assert_null(inbox_item(EXEC, "waiting", id));
	item = inbox_item(HEAD, "sent", id);
	assert_non_null(item);
	json_decref(item);
	h_get(S.c[KMC][FORM], "/inbox");
	h_expect_page(S.c[KMC][FORM], 200, "inbox-title");

	long long before;
	json_decref(notifications(&before));
	expect_step(API, KMC, id, "review", NULL, 200, "reviewed");
	item = inbox_item(EXEC, "waiting", id);
	assert_non_null(item);
	assert_string_equal(str_of(item, "next_action"), "approve");
	json_decref(item);
	assert_null(inbox_item(KMC, "waiting", id));

	/* The executive is told, unread. */
	long long unread;
	json_t *v = notifications(&unread);
	json_t *n = NULL;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(v, "items"), i, x) {
		const char *kind = str_of(x, "kind");
		if (int_of(x, "document_id") == id && kind && !strcmp(kind, "reviewed"))
			n = x;
	}
	assert_non_null(n);
	assert_int_equal(int_of(n, "read"), 0);
	assert_non_null(strstr(str_of(n, "text"), "inbox-title"));
	long long nid = int_of(n, "id");
	json_decref(v);
	assert_int_equal(unread, before + 1);

	/* Read: that one, then all. */
	struct h_client *exe = S.c[EXEC][API];
	h_send_json(exe, "POST", "/api/v1/notifications/read",
		    json_pack("{s:I}", "id", (json_int_t)nid));
	assert_status(exe, 204);
	v = notifications(&unread);
	assert_int_equal(unread, before);
	assert_int_equal(int_of(item_with(json_object_get(v, "items"), "id", nid), "read"), 1);
	json_decref(v);
	h_send_json(exe, "POST", "/api/v1/notifications/read", json_object());
	assert_status(exe, 204);
	json_decref(notifications(&unread));
	assert_int_equal(unread, 0);
}

/* 12. The rules: admins change them */

/* The rule of `kind` in a rules answer (borrowed), or NULL. */
static json_t *rule_of(json_t *rules, const char *kind)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rules, "items"), i, r) {
		if (str_of(r, "kind") && !strcmp(str_of(r, "kind"), kind))
			return r;
	}
	return NULL;
}

static json_t *article_rule(enum who w)
{
	json_t *rules = get_json(S.c[w][API], "/api/v1/workflow/rules", 200);
	json_t *r = json_incref(rule_of(rules, "article"));
	json_decref(rules);
	assert_non_null(r);
	return r;
}

static void rules_are_for_admins(void **state)
{
	(void)state;
	json_t *before = article_rule(STAFF); /* every account reads them */
	assert_int_equal(json_array_size(json_object_get(before, "approve")), 0);
	struct h_client *head = S.c[HEAD][API], *admin = S.c[ADMIN][API], *session = S.c[ADMIN][FORM];
	h_send_json(head, "PUT", "/api/v1/workflow/rules",
		    json_pack("{s:s, s:[s]}", "kind", "article", "approve", "executive"));
	h_expect_error(head, 403, "forbidden", NULL);
	h_put_json(session, "/api/v1/workflow/rules",
		   "{\"kind\":\"article\",\"approve\":[\"executive\"]}", NULL);
	h_expect_error(session, 403, "forbidden", "_csrf");
	h_send_json(admin, "PUT", "/api/v1/workflow/rules",
		    json_pack("{s:s, s:[s]}", "kind", "article", "approve", "mayor"));
	assert_status(admin, 400);
	json_t *now = article_rule(ADMIN);
	assert_true(json_equal(now, before));
	json_decref(now);

	/* Articles need an executive's approval now; the other steps stay. */
	h_send_json(admin, "PUT", "/api/v1/workflow/rules",
		    json_pack("{s:s, s:[s]}", "kind", "article", "approve", "executive"));
	json_t *v = h_json_answer(admin, 200);
	json_t *rule = rule_of(v, "article");
	assert_non_null(rule);
	assert_int_equal(json_array_size(json_object_get(rule, "approve")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(rule, "approve"), 0)),
			    "executive");
	assert_true(json_equal(json_object_get(rule, "submit"), json_object_get(before, "submit")));
	assert_true(json_equal(json_object_get(rule, "publish"), json_object_get(before, "publish")));
	json_decref(v);
	long long id = doc_new(HEAD, "บทความที่ต้องอนุมัติ needs-approval", "article", S.health, "org");
	expect_step(API, HEAD, id, "submit", NULL, 200, "submitted");
	expect_step(API, KMC, id, "review", NULL, 200, "reviewed");
	expect_step(API, HEAD, id, "publish", NULL, 409, "reviewed");
	expect_step(API, EXEC, id, "approve", NULL, 200, "approved");
	expect_step(API, HEAD, id, "publish", NULL, 200, "published");

	/* Back as it was: no approval again. */
	h_send_json(admin, "PUT", "/api/v1/workflow/rules",
		    json_pack("{s:s, s:[]}", "kind", "article", "approve"));
	assert_status(admin, 200);
	now = article_rule(STAFF);
	assert_true(json_equal(now, before));
	json_decref(now);
	json_decref(before);
	id = doc_new(HEAD, "บทความไม่ต้องอนุมัติอีก no-approval-again", "article", S.health, "org");
	expect_step(API, HEAD, id, "submit", NULL, 200, "submitted");
	expect_step(API, KMC, id, "review", NULL, 200, "reviewed");
	expect_step(API, HEAD, id, "publish", NULL, 200, "published");
}

/* Puts the article's default rule back, whatever the test left. */
static int rules_teardown(void **state)
{
	h_send_json(S.c[ADMIN][API], "PUT", "/api/v1/workflow/rules",
		    json_pack("{s:s, s:[], s:[sss], s:[ss], s:[sss]}", "kind", "article", "approve",
			      "submit", "staff", "unit_head", "km_committee", "review", "unit_head",
			      "km_committee", "publish", "unit_head", "km_committee", "admin"));
	return h_test_teardown(state);
}

/* 13. Notifications by e-mail */

static struct smtp_sink *sink;

static int mail_teardown(void **state)
{
	int rc = h_test_teardown(state); /* the server first: it may be sending */
	smtp_sink_stop(sink);
	sink = NULL;
	return rc;
}

static void notifications_are_mailed(void **state)
{
	(void)state;
	static const char to[] = "km-secretary@example.go.th";
	static const char title[] = "คู่มือแจ้งเตือนทางอีเมล mail-title";
	sink = smtp_sink_start(250);
	assert_non_null(sink);
	char url[64];
	snprintf(url, sizeof url, "--smtp_url=smtp://127.0.0.1:%d", smtp_sink_port(sink));
	const char *const settings[] = {url, "--smtp_from=klang@example.go.th", "--smtp_interval_s=1",
					"--base_url=https://km.example.go.th", NULL};
	struct h_server *srv = h_server_start(settings);
	assert_non_null(srv);
	struct h_client *admin = h_client_bearer(srv, h_role_token(srv, H_ADMIN));
	struct h_client *kmc = h_client_bearer(srv, h_role_token(srv, H_COMMITTEE));
	struct h_client *head = h_client_bearer(srv, h_role_token(srv, H_UNITHEAD));

	/* The committee's secretary gets an address. */
	json_t *me = get_json(kmc, "/api/v1/me", 200);
	long long person = int_of(json_object_get(me, "person"), "id");
	json_decref(me);
	assert_true(person > 0);
	char path[80];
	snprintf(path, sizeof path, "/api/v1/people/%lld", person);
	h_send_json(admin, "PUT", path, json_pack("{s:s}", "email", to));
	assert_status(admin, 200);
	me = get_json(head, "/api/v1/me", 200);
	long long unit = int_of(json_object_get(me, "person"), "unit_id");
	json_decref(me);

	h_send_json(head, "POST", "/api/v1/documents",
		    json_pack("{s:s, s:s, s:I, s:s}", "title", title, "kind", "manual", "unit_id",
			      (json_int_t)unit, "body_md", "เนื้อหา"));
	json_t *v = h_json_answer(head, 201);
	long long id = int_of(v, "id");
	json_decref(v);
	snprintf(path, sizeof path, "/api/v1/documents/%lld/transitions", id);
	h_send_json(head, "POST", path, json_pack("{s:s}", "action", "submit"));
	assert_status(head, 200);

	/* The secretary's message arrives within 15 s. */
	int found = -1;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int seen = 0, elapsed = 0; found < 0 && elapsed < 15000;) {
		int n = smtp_sink_wait(sink, seen + 1, 15000 - elapsed);
		for (; seen < n && found < 0; seen++) {
			for (int j = 0; j < smtp_sink_rcpt_count(sink, seen); j++) {
				if (!strcmp(smtp_sink_rcpt(sink, seen, j), to))
					found = seen;
			}
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		elapsed = (int)((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
	}
	/* The server stops cleanly with its mail thread (and, under the
	 * sanitizers, leaks nothing). */
	assert_int_equal(h_server_stop(srv), 0);
	if (found < 0)
		fail_msg("no e-mail to %s within 15 s (%d messages)", to, smtp_sink_count(sink));
	assert_string_equal(smtp_sink_mail_from(sink, found), "klang@example.go.th");
	const char *raw = smtp_sink_data(sink, found, NULL);
	char *hto = smtp_sink_header_decoded(raw, "To");
	char *subject = smtp_sink_header_decoded(raw, "Subject");
	char *body = smtp_sink_body_decoded(raw);
	char link[128];
	snprintf(link, sizeof link, "https://km.example.go.th/docs/%lld", id);
	char why[900] = "";
	if (!hto || !strstr(hto, to))
		snprintf(why, sizeof why, "To is %s, not %s", hto ? hto : "(none)", to);
	else if (!subject || !strstr(subject, title))
		snprintf(why, sizeof why, "the Subject does not name the document \"%s\": %s", title,
			 subject ? subject : "(none)");
	else if (!body || !strstr(body, link))
		snprintf(why, sizeof why, "the body does not link to %s: %.400s", link,
			 body ? body : "(none)");
	free(hto);
	free(subject);
	free(body);
	if (why[0])
		fail_msg("%s", why);
}

/* The suite */

static int group_setup(void **state)
{
	(void)state;
	char input[64];
	snprintf(input, sizeof input, "%s\n", finhead_password);
	S.srv = h_server_start(NULL);
	if (!S.srv ||
	    h_cli(S.srv, NULL, input, "user", "passwd", "head-fin", "--stdin", NULL) != 0)
		return -1;
	for (int w = 0; w < NWHO; w++) {
		struct h_client *api = h_client_new(S.srv), *session = h_client_new(S.srv);
		S.c[w][API] = api;
		S.c[w][FORM] = session;
		bool ok;
		if (w == FINHEAD) {
			ok = h_token_create(S.srv, who_login[w], api->bearer,
					    sizeof api->bearer) == 0 &&
			     h_login(session, who_login[w], finhead_password, NULL) == 303 &&
			     h_csrf_fetch(session, "/");
		} else {
			const char *token = h_role_token(S.srv, who_role[w]);
			if (token)
				snprintf(api->bearer, sizeof api->bearer, "%s", token);
			ok = token && h_login_role(session, who_role[w]);
		}
		if (!ok) {
			fprintf(stderr, "# set-up: %s could not log in\n", who_login[w]);
			return -1;
		}
	}
	S.health = h_unit_id(S.c[ADMIN][API], "HEALTH");
	S.fin = h_unit_id(S.c[ADMIN][API], "FIN");
	return S.health > 0 && S.fin > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int w = 0; w < NWHO; w++) {
		h_client_free(S.c[w][API]);
		h_client_free(S.c[w][FORM]);
	}
	return S.srv && h_server_stop(S.srv) == 0 ? 0 : -1;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/klang\n", argv[0]);
		return 2;
	}
	h_init(argv[1]); /* KLANG_HTTP_FILTER=name* runs only the matching tests */
	const struct CMUnitTest tests[] = {
		T(each_step_needs_its_role),
		T(wrong_state_is_409),
		T(comments_are_required),
		T(csrf_guards_steps_with_a_session),
		T(publish_shortcut_obeys_the_rules),
		T(nobody_reviews_their_own_work),
		T(approval_binds_to_the_revision),
		T(readers_keep_the_published_revision),
		T(imports_make_drafts),
		T(the_approval_memo),
		T(inbox_and_notifications),
		cmocka_unit_test_setup_teardown(rules_are_for_admins, h_test_setup, rules_teardown),
		cmocka_unit_test_setup_teardown(notifications_are_mailed, h_test_setup, mail_teardown),
	};
	return cmocka_run_group_tests_name("workflow", tests, group_setup, group_teardown);
}
