/*
 * test_search: search over HTTP, the real binary on loopback with the demo
 * organisation. The API's shape and limits; the reading rules in hits and
 * in totals (the public, another division, the committee, admins); the
 * page (hits with <mark>, escaped titles, suggestions and tips when nothing
 * is found, the Thai message and status 400 for a bad query, the header's
 * search box); search-as-you-type; the equivalences admins edit (roles,
 * CSRF, and a group that makes one spelling find the other); and the
 * organisation's own words (roles, CSRF, bad and duplicate words, the
 * audit trail, and a word that keeps a place name whole).
 *
 * Fixtures, made through the API by HEALTH's unit head and published
 * through the review and approval workflow (h_publish): documents in
 * HEALTH that hold the made-up word "quokkaplume" in every visibility and a
 * draft, one public document that holds only "zorblaxite", and two public
 * documents for the made-up place บึงมะลิหอม (the dictionary cuts it into
 * บึง|มะลิ|หอม): one names it, the other holds บึง only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "harness.h"

static struct {
	struct h_server *srv;
	char uh[H_SECRET_MAX], admin[H_SECRET_MAX], finhead[H_SECRET_MAX], staff[H_SECRET_MAX];
	long long health, health_svc;
	/* quokkaplume: public, org, unit (all published) and a draft */
	long long pub, org, unit, draft;
	long long filter; /* public, published; its title has markup and a Thai run */
	long long zorb;   /* public, published; holds "zorblaxite" only */
	long long place;  /* public, published; names PLACE */
	long long bueng;  /* public, published; holds PLACE's first piece only */
} S;

#define WORD "quokkaplume"
#define PLACE "บึงมะลิหอม"
#define PLACE_Q "%E0%B8%9A%E0%B8%B6%E0%B8%87%E0%B8%A1%E0%B8%B0%E0%B8%A5%E0%B8%B4%E0%B8%AB%E0%B8%AD%E0%B8%A1"

/* Helpers */

static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static struct h_client *bearer(const char *token)
{
	return h_client_bearer(S.srv, token);
}

static struct h_client *session(enum h_role r)
{
	return h_client_session(S.srv, r);
}

#define get_json(c, path, status) (h_get((c), (path)), h_json_answer((c), (status)))

/* A draft through the API; its id. */
static long long doc_make(struct h_client *bot, const char *title, long long unit, const char *visibility,
			  const char *body)
{
	h_send_json(bot, "POST", "/api/v1/documents",
		  json_pack("{s:s, s:s, s:I, s:s, s:s}", "title", title, "kind", "manual", "unit_id",
			    (json_int_t)unit, "visibility", visibility, "body_md", body));
	json_t *v = h_json_answer(bot, 201);
	long long id = json_integer_value(json_object_get(v, "id"));
	json_decref(v);
	assert_true(id > 0);
	return id;
}

/* Takes a draft to publication through the workflow. */
static void doc_publish(long long id)
{
	assert_int_equal(h_publish(S.srv, id), 200);
}

/* The search API's answer to `path` as c: 200, and its total. If `ids` is
 * not NULL, the hits' ids go there (at most n). */
static long long search_total(struct h_client *c, const char *path, long long *ids, size_t n, size_t *nids)
{
	json_t *v = get_json(c, path, 200);
	json_t *total = json_object_get(v, "total");
	assert_true(json_is_integer(total));
	long long t = json_integer_value(total);
	size_t i;
	json_t *it;
	if (nids)
		*nids = 0;
	json_array_foreach(json_object_get(v, "items"), i, it) {
		if (ids && i < n) {
			ids[i] = json_integer_value(json_object_get(it, "id"));
			*nids = i + 1;
		}
	}
	json_decref(v);
	return t;
}

static bool has_id(const long long *ids, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++) {
		if (ids[i] == id)
			return true;
	}
	return false;
}

static bool links_doc(const struct h_client *c, long long id)
{
	char href[64];
	snprintf(href, sizeof href, "href=\"/docs/%lld\"", id);
	return h_body_has(c, href);
}

/* The id of the item of the admin's list at `path` whose `field` is
 * `value`; 0 if none. */
static long long admin_item_id(const char *path, const char *field, const char *value)
{
	struct h_client *c = bearer(S.admin);
	json_t *v = get_json(c, path, 200);
	long long id = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(v, "items"), i, it) {
		if (str_of(it, field) && !strcmp(str_of(it, field), value))
			id = json_integer_value(json_object_get(it, "id"));
	}
	json_decref(v);
	h_client_free(c);
	return id;
}

/* The total of the admin's list at `path` (checked against its items). */
static long long admin_list_count(const char *path)
{
	struct h_client *c = bearer(S.admin);
	json_t *v = get_json(c, path, 200);
	long long n = json_integer_value(json_object_get(v, "total"));
	assert_int_equal(n, (long long)json_array_size(json_object_get(v, "items")));
	json_decref(v);
	h_client_free(c);
	return n;
}

static long long equiv_id(const char *terms)
{
	return admin_item_id("/api/v1/search/equivalences", "terms", terms);
}

static long long equiv_count(void)
{
	return admin_list_count("/api/v1/search/equivalences");
}

static long long word_id(const char *word)
{
	return admin_item_id("/api/v1/search/words", "word", word);
}

static long long word_count(void)
{
	return admin_list_count("/api/v1/search/words");
}

static long long db_count(const char *sql, const char *text, long long n2)
{
	return h_db_number(S.srv, sql, text, n2);
}

/* Rows of the search miss log for `query`. */
static long long misses_of(const char *query)
{
	return db_count("SELECT count(*) FROM search_misses WHERE query = ?1", query, 0);
}

/* Audit events `action` on search words, and the word the latest one names
 * (the API does not expose the audit trail; it is read from the database
 * file). */
static long long word_audits(const char *action)
{
	return db_count("SELECT count(*) FROM audit_events WHERE action = ?1 AND target_type = 'search_word'",
			action, 0);
}

static long long word_audit_last(const char *action)
{
	return db_count("SELECT target_id FROM audit_events WHERE action = ?1 AND target_type = 'search_word'"
			" ORDER BY id DESC LIMIT 1",
			action, 0);
}

/* Whether a search for PLACE finds the document naming it and the one that
 * holds only its first piece (both or only the first, `whole`). */
static void place_search_finds(bool whole, const char *file, int line)
{
	struct h_client *pub = h_client_new(S.srv);
	long long ids[50];
	size_t n;
	long long total = search_total(pub, "/api/v1/search?per_page=50&q=" PLACE_Q, ids, 50, &n);
	_assert_true(has_id(ids, n, S.place), "the document naming the place", file, line);
	if (whole) {
		_assert_int_equal(total, 1, file, line);
		_assert_true(!has_id(ids, n, S.bueng), "not the document with a piece", file, line);
	} else {
		_assert_true(has_id(ids, n, S.bueng), "the document with a piece", file, line);
	}
	h_client_free(pub);
}
#define expect_place(whole) place_search_finds((whole), __FILE__, __LINE__)

/* The tests */


#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

static void api_answers_in_its_shape(void **state)
{
	(void)state;
	struct h_client *pub = h_client_new(S.srv);
	json_t *v = get_json(pub, "/api/v1/search?q=" WORD, 200);
	assert_int_equal(json_integer_value(json_object_get(v, "total")), 1);
	assert_int_equal(json_integer_value(json_object_get(v, "page")), 1);
	assert_int_equal(json_integer_value(json_object_get(v, "per_page")), 10);
	assert_string_equal(str_of(v, "query"), WORD);
	assert_true(json_is_array(json_object_get(v, "suggestions")));
	json_t *items = json_object_get(v, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *hit = json_array_get(items, 0);
	assert_int_equal(json_integer_value(json_object_get(hit, "id")), S.pub);
	assert_string_equal(str_of(hit, "kind"), "manual");
	assert_string_equal(str_of(hit, "kind_th"), "คู่มือการปฏิบัติงาน");
	assert_string_equal(str_of(hit, "status"), "published");
	assert_non_null(strstr(str_of(hit, "title"), WORD));
	assert_true(str_of(hit, "unit") && str_of(hit, "unit")[0]);
	assert_int_equal(json_integer_value(json_object_get(hit, "unit_id")), S.health);
	assert_true(json_integer_value(json_object_get(hit, "fy")) >= 2560);
	assert_true(json_is_number(json_object_get(hit, "score")));
	assert_non_null(strstr(str_of(hit, "snippet_html"), "<mark>" WORD "</mark>"));
	json_decref(v);

	/* per_page is capped; the page and the filters are validated. */
	v = get_json(pub, "/api/v1/search?q=" WORD "&per_page=500", 200);
	assert_int_equal(json_integer_value(json_object_get(v, "per_page")), 50);
	json_decref(v);
	h_get(pub, "/api/v1/search?q=");
	h_expect_error(pub, 400, "invalid", "q");
	h_get(pub, "/api/v1/search");
	h_expect_error(pub, 400, "invalid", "q");
	char path[700] = "/api/v1/search?q=";
	memset(path + strlen(path), 'a', 501); /* 501 bytes */
	h_get(pub, path);
	h_expect_error(pub, 400, "invalid", "q");
	h_get(pub, "/api/v1/search?q=" WORD "&page=101");
	h_expect_error(pub, 400, "invalid", "page");
	h_get(pub, "/api/v1/search?q=" WORD "&page=0");
	h_expect_error(pub, 400, "invalid", "page");
	h_get(pub, "/api/v1/search?q=" WORD "&kind=poem");
	h_expect_error(pub, 400, "invalid", "kind");
	h_get(pub, "/api/v1/search?q=" WORD "&unit_id=99999999");
	h_expect_error(pub, 400, "invalid", "unit_id");
	/* Filters narrow: another kind, another year. */
	assert_int_equal(search_total(pub, "/api/v1/search?q=" WORD "&kind=article", NULL, 0, NULL), 0);
	assert_int_equal(search_total(pub, "/api/v1/search?q=" WORD "&fy=2500", NULL, 0, NULL), 0);
	snprintf(path, sizeof path, "/api/v1/search?q=" WORD "&unit_id=%lld", S.health_svc);
	assert_int_equal(search_total(pub, path, NULL, 0, NULL), 1); /* the unit's division: HEALTH */
}

static void titles_as_you_type(void **state)
{
	(void)state;
	struct h_client *pub = h_client_new(S.srv), *adm = bearer(S.admin);
	json_t *v = get_json(pub, "/api/v1/search/titles?q=quokkap", 200);
	assert_true(json_is_array(v));
	assert_int_equal(json_array_size(v), 1);
	json_t *t = json_array_get(v, 0);
	assert_int_equal(json_integer_value(json_object_get(t, "id")), S.pub);
	assert_non_null(strstr(str_of(t, "title"), WORD));
	assert_string_equal(str_of(t, "kind"), "manual");
	assert_string_equal(str_of(t, "kind_th"), "คู่มือการปฏิบัติงาน");
	json_decref(v);
	/* An admin gets every published title, never the draft. */
	v = get_json(adm, "/api/v1/search/titles?q=quokkap", 200);
	long long ids[10];
	size_t n = 0, i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (n < 10)
			ids[n++] = json_integer_value(json_object_get(x, "id"));
	}
	json_decref(v);
	assert_int_equal(n, 3);
	assert_true(has_id(ids, n, S.pub) && has_id(ids, n, S.org) && has_id(ids, n, S.unit));
	h_get(pub, "/api/v1/search/titles?q=");
	h_expect_error(pub, 400, "invalid", "q");
}

/* A unit-only document and a draft are neither shown nor counted for the
 * public and another division; the committee and admins get them. */
static void hits_and_totals_follow_the_reading_rules(void **state)
{
	(void)state;
	struct h_client *pub = h_client_new(S.srv), *fin = bearer(S.finhead);
	struct h_client *staff = session(H_STAFF), *com = session(H_COMMITTEE), *adm = session(H_ADMIN);
	static const char q[] = "/api/v1/search?q=" WORD "&per_page=50";
	static const char drafts[] = "/api/v1/search?q=" WORD "&status=draft&per_page=50";
	long long ids[50];
	size_t n;

	assert_int_equal(search_total(pub, q, ids, 50, &n), 1);
	assert_int_equal(n, 1);
	assert_true(has_id(ids, n, S.pub));
	assert_int_equal(search_total(fin, q, ids, 50, &n), 2);
	assert_true(has_id(ids, n, S.pub) && has_id(ids, n, S.org));
	assert_false(has_id(ids, n, S.unit) || has_id(ids, n, S.draft));
	struct h_client *all[] = {staff, com, adm};
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(search_total(all[k], q, ids, 50, &n), 3);
		assert_true(has_id(ids, n, S.pub) && has_id(ids, n, S.org) && has_id(ids, n, S.unit));
		assert_false(has_id(ids, n, S.draft)); /* published by default */
	}
	/* Drafts when asked for, to those who may open them. */
	assert_int_equal(search_total(pub, drafts, NULL, 0, NULL), 0);
	assert_int_equal(search_total(fin, drafts, NULL, 0, NULL), 0);
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(search_total(all[k], drafts, ids, 50, &n), 1);
		assert_int_equal(ids[0], S.draft);
	}
	/* A page of one hit still counts them all. */
	assert_int_equal(search_total(adm, "/api/v1/search?q=" WORD "&per_page=1", ids, 50, &n), 3);
	assert_int_equal(n, 1);

	/* The page says the same. */
	h_get(pub, "/search?q=" WORD);
	h_expect_page(pub, 200, "พบ 1 รายการ");
	assert_true(links_doc(pub, S.pub));
	assert_false(links_doc(pub, S.org) || links_doc(pub, S.unit) || links_doc(pub, S.draft));
	assert_false(h_body_has(pub, "name=\"status\"")); /* no status filter for the public */
	h_get(com, "/search?q=" WORD);
	h_expect_page(com, 200, "พบ 3 รายการ");
	assert_true(links_doc(com, S.pub) && links_doc(com, S.org) && links_doc(com, S.unit));
	assert_false(links_doc(com, S.draft));
	assert_true(h_body_has(com, "name=\"status\""));
	h_get(com, "/search?q=" WORD "&status=draft");
	h_expect_page(com, 200, "พบ 1 รายการ");
	assert_true(links_doc(com, S.draft));
	h_get(pub, "/search?q=" WORD "&status=draft");
	h_expect_page(pub, 200, "พบ 0 รายการ");
	assert_false(links_doc(pub, S.draft));
}

static void page_marks_hits_and_escapes_titles(void **state)
{
	(void)state;
	struct h_client *pub = h_client_new(S.srv);
	h_get(pub, "/search?q=" WORD);
	h_expect_page(pub, 200, "<mark>" WORD "</mark>");
	assert_true(links_doc(pub, S.pub));
	/* A Thai word inside a longer run of Thai text, in the snippet. */
	h_get(pub, "/search?q=%E0%B8%96%E0%B8%B1%E0%B8%87%E0%B8%81%E0%B8%A3%E0%B8%AD%E0%B8%87"); /* ถังกรอง */
	h_expect_page(pub, 200, "<p class=\"snippet\">");
	assert_true(links_doc(pub, S.filter));
	assert_true(h_body_has(pub, "<mark>"));
	assert_false(h_body_has(pub, "&lt;mark&gt;"));
	/* The title is text: its markup is escaped. */
	assert_true(h_body_has(pub, "&lt;i&gt;"));
	assert_false(h_body_has(pub, "<i>กรอง</i>"));
	/* The header of every page has the search box and its script. */
	h_get(pub, "/");
	h_expect_page(pub, 200, "action=\"/search\"");
	assert_true(h_body_has(pub, "id=\"site-q\" name=\"q\""));
	assert_true(h_body_has(pub, "/static/search.js?v="));
	h_get(pub, "/static/search.js");
	h_check_status(pub, 200, __FILE__, __LINE__);
	char ct[128];
	assert_non_null(h_header(pub, "Content-Type", ct, sizeof ct));
	assert_string_equal(ct, "text/javascript; charset=utf-8");
	/* Without a query: the form alone. */
	h_get(pub, "/search");
	h_expect_page(pub, 200, "id=\"search-q\"");
	assert_false(h_body_has(pub, "role=\"alert\""));
	assert_false(h_body_has(pub, "results-head"));
}

static void nothing_found_suggests_and_is_logged(void **state)
{
	(void)state;
	struct h_client *staff = session(H_STAFF);
	/* A misspelling of the fixtures' word: nothing holds it. */
	static const char miss[] = "quokkaplumx";
	static const char enc[] = "quokkaplumx";
	char page[200], api[200];
	snprintf(page, sizeof page, "/search?q=%s", enc);
	snprintf(api, sizeof api, "/api/v1/search?q=%s", enc);
	long long before = misses_of(miss);
	assert_true(before >= 0);

	/* The API: nothing, suggestions, and the query in the miss log (the
	 * route reads outside a snapshot, so the log is written). */
	json_t *v = get_json(staff, api, 200);
	assert_int_equal(json_integer_value(json_object_get(v, "total")), 0);
	assert_int_equal(json_array_size(json_object_get(v, "items")), 0);
	json_t *sugg = json_incref(json_object_get(v, "suggestions"));
	json_decref(v);
	assert_true(json_array_size(sugg) >= 1);
	assert_int_equal(misses_of(miss), before + 1);

	/* The page: the message, each suggestion as a link, the tips. */
	h_get(staff, page);
	h_expect_page(staff, 200, "พบ 0 รายการ");
	assert_true(h_body_has(staff, "ไม่พบเอกสารที่ตรงกับคำค้น"));
	assert_true(h_body_has(staff, "ลองใช้คำอื่น"));
	assert_true(h_body_has(staff, "ตรวจการสะกด"));
	assert_true(h_body_has(staff, "ใช้คำที่สั้นลง"));
	assert_int_equal(misses_of(miss), before + 2);
	size_t i;
	json_t *x;
	json_array_foreach(sugg, i, x) {
		char *e = curl_easy_escape(staff->curl, json_string_value(x), 0);
		char link[600];
		snprintf(link, sizeof link, "href=\"/search?q=%s\"", e);
		curl_free(e);
		if (!h_body_has(staff, link))
			fail_msg("the page lacks the suggestion link %s", link);
	}
	/* Following a suggestion finds something. */
	json_array_foreach(sugg, i, x) {
		char *e = curl_easy_escape(staff->curl, json_string_value(x), 0);
		char path[600];
		snprintf(path, sizeof path, "/api/v1/search?q=%s", e);
		curl_free(e);
		assert_true(search_total(staff, path, NULL, 0, NULL) > 0);
	}
	json_decref(sugg);
}

static void bad_queries_are_400_in_thai_and_keep_the_text(void **state)
{
	(void)state;
	struct h_client *pub = h_client_new(S.srv);
	h_get(pub, "/search?q=");
	h_expect_page(pub, 400, "กรุณาพิมพ์คำที่ต้องการค้นหา");
	assert_true(h_body_has(pub, "role=\"alert\""));
	assert_true(h_body_has(pub, "id=\"search-q\""));
	h_get(pub, "/search?q=%20%20%20");
	h_expect_page(pub, 400, "กรุณาพิมพ์คำที่ต้องการค้นหา");
	/* Over 500 bytes: the message, and the words typed stay in the box. */
	char path[800] = "/search?q=", want[700] = "value=\"";
	memset(path + strlen(path), 'b', 501);
	memset(want + strlen(want), 'b', 501);
	want[strlen(want)] = '"';
	h_get(pub, path);
	h_expect_page(pub, 400, "คำค้นยาวเกินไป");
	assert_true(h_body_has(pub, want));
	assert_true(h_body_has(pub, "aria-invalid=\"true\""));
	/* Also in English. */
	h_cookie_put(pub, "klang_lang", "en");
	h_get(pub, "/search?q=");
	h_expect_page(pub, 400, "Type the words to search for.");
}

static void equivalences_are_for_admins(void **state)
{
	(void)state;
	struct h_client *staff = session(H_STAFF), *sbot = bearer(S.staff), *pub = h_client_new(S.srv);
	struct h_client *adm = session(H_ADMIN);
	h_get(staff, "/admin/search-terms");
	h_expect_page(staff, 403, "คุณไม่มีสิทธิ์");
	h_get(sbot, "/api/v1/search/equivalences");
	h_expect_error(sbot, 403, "forbidden", NULL);
	h_post_json(sbot, "/api/v1/search/equivalences", "{\"terms\":\"aaa = bbb\"}", NULL);
	h_expect_error(sbot, 403, "forbidden", NULL);
	h_get(pub, "/api/v1/search/equivalences");
	h_expect_error(pub, 401, "unauthorized", NULL);
	h_get(pub, "/admin/search-terms");
	h_check_status(pub, 303, __FILE__, __LINE__);
	/* The admin page lists the organisation's groups (the defaults) and is
	 * linked from the admin menu. */
	h_get(adm, "/admin/search-terms");
	h_expect_page(adm, 200, "พ.ร.บ. = พรบ. = พระราชบัญญัติ");
	h_get(adm, "/admin/units");
	h_expect_page(adm, 200, "href=\"/admin/search-terms\"");
}

static void an_added_group_finds_the_other_spelling(void **state)
{
	(void)state;
	struct h_client *adm = session(H_ADMIN), *pub = h_client_new(S.srv);
	static const char q[] = "/api/v1/search?q=quintrovex";
	static const char group[] = "quintrovex = zorblaxite";
	assert_int_equal(search_total(pub, q, NULL, 0, NULL), 0);
	long long before = equiv_count();

	/* Without the CSRF token: refused, nothing added. */
	h_post_form(adm, "/admin/search-terms", h_form(adm, "terms", group, NULL));
	h_expect_page(adm, 403, NULL);
	h_post_form(adm, "/admin/search-terms", h_form(adm, "terms", group, "_csrf", "not-the-token", NULL));
	h_expect_page(adm, 403, NULL);
	assert_int_equal(equiv_count(), before);

	/* One spelling is not a group: the form again, with the text. */
	h_post_form(adm, "/admin/search-terms", h_form(adm, "terms", "quintrovex", "_csrf", adm->csrf, NULL));
	h_expect_page(adm, 400, "อย่างน้อย 2 คำ");
	assert_true(h_body_has(adm, "value=\"quintrovex\""));
	assert_int_equal(equiv_count(), before);

	/* Added: a query for one spelling finds the document with the other. */
	h_post_form(adm, "/admin/search-terms", h_form(adm, "terms", group, "_csrf", adm->csrf, NULL));
	h_check_status(adm, 303, __FILE__, __LINE__);
	char loc[256];
	assert_non_null(h_header(adm, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/admin/search-terms");
	assert_int_equal(equiv_count(), before + 1);
	long long id = equiv_id(group);
	assert_true(id > 0);
	h_get(adm, "/admin/search-terms");
	h_expect_page(adm, 200, group);
	long long ids[10];
	size_t n;
	assert_int_equal(search_total(pub, q, ids, 10, &n), 1);
	assert_int_equal(ids[0], S.zorb);
	h_get(pub, "/search?q=quintrovex");
	h_expect_page(pub, 200, "พบ 1 รายการ");
	assert_true(links_doc(pub, S.zorb));

	/* Deleted (a POST with the token): the spelling finds nothing again. */
	char path[96];
	snprintf(path, sizeof path, "/admin/search-terms/%lld/delete", id);
	h_post_form(adm, path, "");
	h_expect_page(adm, 403, NULL);
	assert_int_equal(equiv_count(), before + 1);
	h_post_form(adm, path, h_form(adm, "_csrf", adm->csrf, NULL));
	h_check_status(adm, 303, __FILE__, __LINE__);
	assert_int_equal(equiv_count(), before);
	assert_int_equal(search_total(pub, q, NULL, 0, NULL), 0);
	h_post_form(adm, path, h_form(adm, "_csrf", adm->csrf, NULL));
	h_expect_page(adm, 404, NULL);
}

static void equivalences_api(void **state)
{
	(void)state;
	struct h_client *bot = bearer(S.admin), *adm = session(H_ADMIN), *pub = h_client_new(S.srv);
	static const char q[] = "/api/v1/search?q=zorblaxite";
	long long before = equiv_count();
	assert_int_equal(search_total(pub, "/api/v1/search?q=glimmerquaff", NULL, 0, NULL), 0);

	h_post_json(bot, "/api/v1/search/equivalences", "{\"terms\":\"glimmerquaff, zorblaxite\"}", NULL);
	json_t *g = h_json_answer(bot, 201);
	long long id = json_integer_value(json_object_get(g, "id"));
	assert_true(id > 0);
	assert_string_equal(str_of(g, "terms"), "glimmerquaff, zorblaxite");
	assert_true(json_is_integer(json_object_get(g, "created_at")));
	json_decref(g);
	assert_int_equal(equiv_count(), before + 1);
	assert_int_equal(search_total(pub, "/api/v1/search?q=glimmerquaff", NULL, 0, NULL), 1);
	assert_int_equal(search_total(pub, q, NULL, 0, NULL), 1);

	/* Bad groups name the field. */
	h_post_json(bot, "/api/v1/search/equivalences", "{\"terms\":\"lonely\"}", NULL);
	h_expect_error(bot, 400, "invalid", "terms");
	h_post_json(bot, "/api/v1/search/equivalences", "{}", NULL);
	h_expect_error(bot, 400, "invalid", "terms");
	/* A session needs the CSRF header. */
	h_post_json(adm, "/api/v1/search/equivalences", "{\"terms\":\"aaa = bbb\"}", NULL);
	h_expect_error(adm, 403, "forbidden", NULL);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/search/equivalences/%lld", id);
	h_request(adm, "DELETE", path, NULL, NULL, 0, NULL);
	h_expect_error(adm, 403, "forbidden", NULL);
	assert_int_equal(equiv_count(), before + 1);

	/* Deleted: 204, then 404. */
	h_request(bot, "DELETE", path, NULL, NULL, 0, NULL);
	h_check_status(bot, 204, __FILE__, __LINE__);
	assert_int_equal(equiv_count(), before);
	assert_int_equal(search_total(pub, "/api/v1/search?q=glimmerquaff", NULL, 0, NULL), 0);
	h_request(bot, "DELETE", path, NULL, NULL, 0, NULL);
	h_expect_error(bot, 404, "not_found", NULL);
}

static void words_are_for_admins(void **state)
{
	(void)state;
	struct h_client *staff = session(H_STAFF), *sbot = bearer(S.staff), *pub = h_client_new(S.srv);
	struct h_client *adm = session(H_ADMIN);
	long long before = word_count();
	h_post_form(staff, "/admin/search-terms/words", h_form(staff, "word", PLACE, "_csrf", staff->csrf, NULL));
	h_expect_page(staff, 403, "คุณไม่มีสิทธิ์");
	h_get(sbot, "/api/v1/search/words");
	h_expect_error(sbot, 403, "forbidden", NULL);
	h_post_json(sbot, "/api/v1/search/words", "{\"word\":\"" PLACE "\"}", NULL);
	h_expect_error(sbot, 403, "forbidden", NULL);
	h_request(sbot, "DELETE", "/api/v1/search/words/1", NULL, NULL, 0, NULL);
	h_expect_error(sbot, 403, "forbidden", NULL);
	h_get(pub, "/api/v1/search/words");
	h_expect_error(pub, 401, "unauthorized", NULL);
	assert_int_equal(word_count(), before);
	expect_place(false);
	/* The admin page has the words' section, its Thai explanation and form. */
	h_get(adm, "/admin/search-terms");
	h_expect_page(adm, 200, "คำศัพท์ขององค์กร");
	assert_true(h_body_has(adm, "บอกระบบค้นหาว่าคำหนึ่งจบตรงไหน"));
	assert_true(h_body_has(adm, "action=\"/admin/search-terms/words\""));
}

static void an_added_word_keeps_a_name_whole(void **state)
{
	(void)state;
	struct h_client *adm = session(H_ADMIN);
	long long before = word_count();
	expect_place(false);

	/* Without the CSRF token: refused, nothing added. */
	h_post_form(adm, "/admin/search-terms/words", h_form(adm, "word", PLACE, NULL));
	h_expect_page(adm, 403, NULL);
	h_post_form(adm, "/admin/search-terms/words", h_form(adm, "word", PLACE, "_csrf", "not-the-token", NULL));
	h_expect_page(adm, 403, NULL);
	assert_int_equal(word_count(), before);

	/* Not a word (a space, Latin letters): the form again, with the text. */
	h_post_form(adm, "/admin/search-terms/words", h_form(adm, "word", "บึง มะลิ", "_csrf", adm->csrf, NULL));
	h_expect_page(adm, 400, "คำศัพท์ต้องเป็นอักษรไทย");
	assert_true(h_body_has(adm, "value=\"บึง มะลิ\""));
	assert_true(h_body_has(adm, "placeholder=\"ดอนมะโนรา\" aria-invalid=\"true\""));
	h_post_form(adm, "/admin/search-terms/words", h_form(adm, "word", "bueng", "_csrf", adm->csrf, NULL));
	h_expect_page(adm, 400, "คำศัพท์ต้องเป็นอักษรไทย");
	assert_true(h_body_has(adm, "value=\"bueng\""));
	assert_int_equal(word_count(), before);

	/* Added: the name is one word, found only where it is whole. */
	h_post_form(adm, "/admin/search-terms/words", h_form(adm, "word", PLACE, "_csrf", adm->csrf, NULL));
	h_check_status(adm, 303, __FILE__, __LINE__);
	char loc[256];
	assert_non_null(h_header(adm, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/admin/search-terms#words");
	assert_int_equal(word_count(), before + 1);
	long long id = word_id(PLACE);
	assert_true(id > 0);
	h_get(adm, "/admin/search-terms");
	h_expect_page(adm, 200, "<td lang=\"th\">" PLACE "</td>");
	expect_place(true);
	struct h_client *pub = h_client_new(S.srv);
	h_get(pub, "/search?q=" PLACE_Q);
	h_expect_page(pub, 200, "พบ 1 รายการ");
	assert_true(links_doc(pub, S.place));
	assert_false(links_doc(pub, S.bueng));

	/* Again: 409, the form with the text. */
	h_post_form(adm, "/admin/search-terms/words", h_form(adm, "word", PLACE, "_csrf", adm->csrf, NULL));
	h_expect_page(adm, 409, "มีคำนี้อยู่แล้ว");
	assert_true(h_body_has(adm, "value=\"" PLACE "\""));
	assert_int_equal(word_count(), before + 1);

	/* Deleted (a POST with the token): cut into pieces again. */
	char path[96];
	snprintf(path, sizeof path, "/admin/search-terms/words/%lld/delete", id);
	h_post_form(adm, path, "");
	h_expect_page(adm, 403, NULL);
	assert_int_equal(word_count(), before + 1);
	h_post_form(adm, path, h_form(adm, "_csrf", adm->csrf, NULL));
	h_check_status(adm, 303, __FILE__, __LINE__);
	assert_int_equal(word_count(), before);
	expect_place(false);
	h_post_form(adm, path, h_form(adm, "_csrf", adm->csrf, NULL));
	h_expect_page(adm, 404, NULL);
}

static void words_api(void **state)
{
	(void)state;
	struct h_client *bot = bearer(S.admin), *adm = session(H_ADMIN);
	long long before = word_count();
	expect_place(false);
	long long adds = word_audits("search.word_add"), dels = word_audits("search.word_delete");

	h_post_json(bot, "/api/v1/search/words", "{\"word\":\"" PLACE "\"}", NULL);
	json_t *w = h_json_answer(bot, 201);
	long long id = json_integer_value(json_object_get(w, "id"));
	assert_true(id > 0);
	assert_string_equal(str_of(w, "word"), PLACE);
	assert_true(json_is_integer(json_object_get(w, "created_at")));
	json_decref(w);
	assert_int_equal(word_count(), before + 1);
	expect_place(true);
	/* Audited: one more event, naming the word. */
	assert_int_equal(word_audits("search.word_add"), adds + 1);
	assert_int_equal(word_audit_last("search.word_add"), id);

	/* Bad words name the field in Thai; a word already there is 409. */
	static const char *const bad[] = {
		"{\"word\":\"บึง มะลิ\"}", "{\"word\":\"ก\"}", "{\"word\":\"bueng\"}",
		"{\"word\":\"บึง-มะลิ\"}", "{\"word\":\"\"}", "{}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h_post_json(bot, "/api/v1/search/words", bad[i], NULL);
		h_expect_error(bot, 400, "invalid", "word");
	}
	h_post_json(bot, "/api/v1/search/words", "{\"word\":\"" PLACE "\"}", NULL);
	h_expect_error(bot, 409, "conflict", "word");
	assert_int_equal(word_count(), before + 1);
	assert_int_equal(word_audits("search.word_add"), adds + 1);

	/* A session needs the CSRF header. */
	h_post_json(adm, "/api/v1/search/words", "{\"word\":\"มะลิหอมบึง\"}", NULL);
	h_expect_error(adm, 403, "forbidden", NULL);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/search/words/%lld", id);
	h_request(adm, "DELETE", path, NULL, NULL, 0, NULL);
	h_expect_error(adm, 403, "forbidden", NULL);
	assert_int_equal(word_count(), before + 1);

	/* Deleted: 204, the name in pieces again, then 404. */
	h_request(bot, "DELETE", path, NULL, NULL, 0, NULL);
	h_check_status(bot, 204, __FILE__, __LINE__);
	assert_int_equal(word_count(), before);
	expect_place(false);
	assert_int_equal(word_audits("search.word_delete"), dels + 1);
	assert_int_equal(word_audit_last("search.word_delete"), id);
	h_request(bot, "DELETE", path, NULL, NULL, 0, NULL);
	h_expect_error(bot, 404, "not_found", NULL);
	h_request(bot, "DELETE", "/api/v1/search/words/0", NULL, NULL, 0, NULL);
	h_expect_error(bot, 400, "invalid", "id");
}

/* The suite */

static int setup(void **state)
{
	(void)state;
	S.srv = h_server_start(NULL);
	if (!S.srv || h_token_create(S.srv, "unithead", S.uh, sizeof S.uh) ||
	    h_token_create(S.srv, "admin", S.admin, sizeof S.admin) ||
	    h_token_create(S.srv, "staff", S.staff, sizeof S.staff) ||
	    h_token_create(S.srv, "head-fin", S.finhead, sizeof S.finhead))
		return -1;
	struct h_client *bot = bearer(S.uh);
	S.health = h_unit_id(bot, "HEALTH");
	S.health_svc = h_unit_id(bot, "HEALTH-SVC");
	if (!S.health || !S.health_svc)
		return -1;
	S.pub = doc_make(bot, "คู่มือสาธารณะ " WORD, S.health, "public",
			 "ขั้นตอนการให้บริการ " WORD " สำหรับประชาชน");
	S.org = doc_make(bot, "คู่มือภายในองค์กร " WORD, S.health, "org", "ใช้ภายใน " WORD);
	S.unit = doc_make(bot, "คู่มือเฉพาะหน่วยงาน " WORD, S.health_svc, "unit", "เฉพาะกอง " WORD);
	S.draft = doc_make(bot, "ร่างคู่มือ " WORD, S.health, "org", "ร่าง " WORD);
	S.filter = doc_make(bot, "การล้าง<i>กรอง</i>น้ำ", S.health, "public",
			    "ระบบน้ำประปาหมู่บ้านต้องล้างถังกรองทุกเดือนเพื่อให้น้ำใสสะอาด");
	S.zorb = doc_make(bot, "คู่มือการใช้ zorblaxite", S.health, "public", "วิธีเก็บรักษา zorblaxite ให้ปลอดภัย");
	S.place = doc_make(bot, "ตลาดน้ำ" PLACE, S.health, "public", "ตลาดน้ำ" PLACE "เปิดทุกวันเสาร์");
	S.bueng = doc_make(bot, "ทางไปบึงใหญ่", S.health, "public", "ทางไปบึงใหญ่ต้องผ่านวัด");
	doc_publish(S.pub);
	doc_publish(S.org);
	doc_publish(S.unit);
	doc_publish(S.filter);
	doc_publish(S.zorb);
	doc_publish(S.place);
	doc_publish(S.bueng);
	h_client_free(bot);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return S.srv && h_server_stop(S.srv) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/klang\n", argv[0]);
		return 2;
	}
	h_init(argv[1]);
	const struct CMUnitTest tests[] = {
		T(api_answers_in_its_shape),
		T(titles_as_you_type),
		T(hits_and_totals_follow_the_reading_rules),
		T(page_marks_hits_and_escapes_titles),
		T(nothing_found_suggests_and_is_logged),
		T(bad_queries_are_400_in_thai_and_keep_the_text),
		T(equivalences_are_for_admins),
		T(an_added_group_finds_the_other_spelling),
		T(equivalences_api),
		T(words_are_for_admins),
		T(an_added_word_keeps_a_name_whole),
		T(words_api),
	};
	return cmocka_run_group_tests_name("search", tests, setup, teardown);
}
