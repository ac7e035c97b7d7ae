/*
 * test_http: the real klang binary over loopback. One server with the demo
 * organisation serves most tests; tests that need their own limits or that
 * change much (throttling, the route matrix) start their own. Documents
 * reach publication only through the review and approval workflow
 * (h_publish, or its steps by the page form); the route matrix expects of
 * each workflow route what the default rules say of each role, and
 * tests/http/test_workflow.c checks the rules themselves. Run as
 *   test_http PATH/TO/klang [SOURCE_ROOT]
 * SOURCE_ROOT (for reading src/web/routes.c) defaults to the root this file
 * was compiled from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "support/support.h"
#include "km/authz.h"

/* The shared server and one logged-in client per role (the public's has no
 * session). Made by the group set-up; no test logs these clients out. */
static struct {
	struct h_server *srv;
	struct h_client *as[H_NROLES];
	char admin_token[H_SECRET_MAX];
	char routes_c[512]; /* path of src/web/routes.c, if found */
} S;

/* Small helpers */

static bool has_thai(const char *s)
{
	/* U+0E00–U+0E7F is E0 B8 xx or E0 B9 xx in UTF-8. */
	for (; s && *s; s++) {
		if ((unsigned char)s[0] == 0xE0 &&
		    ((unsigned char)s[1] == 0xB8 || (unsigned char)s[1] == 0xB9))
			return true;
	}
	return false;
}

static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_int_t int_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* A client that authenticates with a bearer token and no cookies. */
static struct h_client *bearer_client(const char *token)
{
	return h_client_bearer(S.srv, token);
}

/* The helpers below report failures at the caller's line: each is a macro
 * over a function that takes the file and line. */
#define CHECK(cond) _assert_true((cond) ? 1 : 0, #cond, file, line)
#define CHECK_STR(a, b) _assert_string_equal(or_null(a), (b), file, line)

static const char *or_null(const char *s)
{
	return s ? s : "(null)";
}

static json_t *get_json_at(struct h_client *c, const char *path, long status, const char *file,
			   int line)
{
	h_get(c, path);
	return h_json_answer_at(c, status, file, line);
}
#define get_json(c, path, status) get_json_at((c), (path), (status), __FILE__, __LINE__)

static void expect_header_at(struct h_client *c, const char *name, const char *want,
			     const char *file, int line)
{
	char v[512];
	if (!h_header(c, name, v, sizeof v)) {
		print_error("%s %s: no %s header\n", c->method, c->path, name);
		_fail(file, line);
	}
	CHECK_STR(v, want);
}
#define expect_header(c, name, want) expect_header_at((c), (name), (want), __FILE__, __LINE__)

/* The number of units, as the admin's token sees it. */
static json_int_t units_total(void)
{
	struct h_client *c = bearer_client(S.admin_token);
	json_t *v = get_json(c, "/api/v1/units?per_page=1", 200);
	json_int_t n = int_of(v, "total");
	json_decref(v);
	h_client_free(c);
	return n;
}

/* Whether the list at `path` ({"items":[…]}) has an item called `name`. */
static bool named_in_list(struct h_client *c, const char *path, const char *name)
{
	json_t *v = get_json(c, path, 200);
	bool found = false;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(v, "items"), i, u) {
		if (str_of(u, "name") && strcmp(str_of(u, "name"), name) == 0)
			found = true;
	}
	json_decref(v);
	return found;
}

static bool unit_named(struct h_client *c, const char *name)
{
	return named_in_list(c, "/api/v1/units?per_page=200", name);
}

/* A client with the anonymous CSRF cookie and its token. */
static struct h_client *anonymous_with_token(const struct h_server *srv)
{
	struct h_client *c = h_client_new(srv);
	assert_non_null(c);
	assert_non_null(h_csrf_fetch(c, "/login"));
	return c;
}

/* Whether local address 127.0.0.2 can reach the server (Linux routes all
 * of 127/8 to loopback; some sandboxes do not). */
static bool second_address_works(const struct h_server *srv)
{
	struct h_client *c = h_client_new(srv);
	h_client_source(c, "127.0.0.2");
	bool ok = h_get(c, "/api/v1/health") == 200;
	h_client_free(c);
	return ok;
}


/* 1. Login */

static void login_sets_a_strict_session_cookie(void **state)
{
	(void)state;
	struct h_client *c = h_client_new(S.srv);
	char v[512];
	h_get(c, "/login");
	h_expect_page(c, 200, "name=\"_csrf\"");
	/* The anonymous CSRF cookie is HttpOnly too. */
	assert_non_null(h_set_cookie(c, "klang_pre", v, sizeof v));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Lax"));

	assert_int_equal(h_login(c, "admin", S.srv->passwords[H_ADMIN], "/org"), 303);
	expect_header(c, "Location", "/org");
	assert_non_null(h_set_cookie(c, "klang_session", v, sizeof v));
	assert_non_null(strstr(v, "; HttpOnly"));
	assert_non_null(strstr(v, "; SameSite=Lax"));
	assert_non_null(strstr(v, "; Path=/"));
	assert_null(strstr(v, "Max-Age=0"));
	char cookie[128];
	assert_non_null(h_cookie(c, "klang_session", cookie, sizeof cookie));
	assert_true(strlen(cookie) >= 32);

	json_t *me = get_json(c, "/api/v1/me", 200);
	assert_true(int_of(me, "id") > 0);
	assert_string_equal(str_of(me, "login"), "admin");
	json_t *person = json_object_get(me, "person");
	assert_true(json_is_object(person));
	assert_true(int_of(person, "id") > 0);
	assert_true(has_thai(str_of(person, "name")));
	assert_true(json_is_integer(json_object_get(person, "unit_id")));
	json_decref(me);

	/* Logged in, the login page sends you on. */
	assert_int_equal(h_get(c, "/login?next=/kmap"), 303);
	expect_header(c, "Location", "/kmap");
}

/* /api/v1/me of each role: exactly the role's names, and the committee
 * secretary's committee role. */
static void me_shows_each_roles_names(void **state)
{
	(void)state;
	static const char *const want[H_NROLES][3] = {
		[H_STAFF] = {"staff"},
		[H_UNITHEAD] = {"unit_head", "staff"},
		[H_EXECUTIVE] = {"executive", "staff"},
		[H_COMMITTEE] = {"km_committee", "staff"},
		[H_ADMIN] = {"admin", "staff"},
	};
	for (int r = H_STAFF; r < H_NROLES; r++) {
		json_t *me = get_json(S.as[r], "/api/v1/me", 200);
		assert_string_equal(str_of(me, "login"), h_role_login((enum h_role)r));
		json_t *roles = json_object_get(me, "roles");
		assert_true(json_is_array(roles));
		size_t n = 0;
		while (n < 3 && want[r][n])
			n++;
		assert_int_equal(json_array_size(roles), n);
		for (size_t i = 0; i < n; i++) {
			bool found = false;
			size_t j;
			json_t *x;
			json_array_foreach(roles, j, x) {
				if (strcmp(json_string_value(x), want[r][i]) == 0)
					found = true;
			}
			if (!found)
				print_error("%s lacks role %s\n", h_role_login((enum h_role)r),
					    want[r][i]);
			assert_true(found);
		}
		json_t *cr = json_object_get(me, "committee_role");
		if (r == H_COMMITTEE)
			assert_string_equal(json_string_value(cr), "secretary");
		else
			assert_true(!cr || json_is_null(cr));
		assert_true(json_is_object(json_object_get(me, "person")));
		json_decref(me);
	}
	/* The public has no "me". */
	h_get(S.as[H_PUBLIC], "/api/v1/me");
	h_expect_error(S.as[H_PUBLIC], 401, "unauthorized", NULL);
}

static void login_failure_says_so_in_thai(void **state)
{
	(void)state;
	static const char msg[] = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง";
	struct h_client *c = h_client_new(S.srv);
	char v[256];
	assert_int_equal(h_login(c, "staff", "wrong-password-1234", NULL), 401);
	h_expect_page(c, 401, msg);
	assert_false(h_body_has(c, "wrong-password-1234")); /* never echoed */
	assert_null(h_set_cookie(c, "klang_session", v, sizeof v));
	assert_null(h_cookie(c, "klang_session", v, sizeof v));
	/* An unknown login gets the same answer. */
	assert_int_equal(h_login(c, "nobody-here", "wrong-password-1234", NULL), 401);
	h_expect_page(c, 401, msg);
	assert_null(h_cookie(c, "klang_session", v, sizeof v));
	/* An empty password never logs in. */
	assert_non_null(h_csrf_fetch(c, "/login"));
	h_post_form(c, "/login",
		    h_form(c, "login", "staff", "password", "", "_csrf", c->csrf, NULL));
	assert_true(c->status == 400 || c->status == 401);
	assert_null(h_cookie(c, "klang_session", v, sizeof v));
	h_get(c, "/api/v1/me");
	h_expect_error(c, 401, "unauthorized", NULL);
	/* The right password still works (the failures are below the limit). */
	assert_int_equal(h_login(c, "staff", S.srv->passwords[H_STAFF], NULL), 303);
}

/* After login, `next` only ever leads to a page of this site. */
static void login_next_stays_on_the_site(void **state)
{
	(void)state;
	static const char *const evil[] = {"//evil.example/", "/\\evil.example/",
					   "https://evil.example/", "evil.example"};
	for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
		struct h_client *c = h_client_new(S.srv);
		assert_int_equal(h_login(c, "staff", S.srv->passwords[H_STAFF], evil[i]), 303);
		expect_header(c, "Location", "/");
		/* The language switch too. */
		char path[128];
		snprintf(path, sizeof path, "/lang?to=th&next=%s", evil[i]);
		assert_int_equal(h_get(c, path), 303);
		expect_header(c, "Location", "/");
		h_client_free(c);
	}
	/* No header splitting through `next`. */
	struct h_client *c = h_client_new(S.srv);
	char v[64];
	h_get(c, "/lang?to=th&next=/%0D%0AX-Injected:%201");
	assert_null(h_header(c, "X-Injected", v, sizeof v));
	assert_int_equal(c->status, 400);
}

/* 2. Throttling */

static void throttle_per_account(void **state)
{
	(void)state;
	static const char *const settings[] = {"--login_fail_account=3", "--login_fail_ip=1000",
					       NULL};
	struct h_server *srv = h_server_start(settings);
	assert_non_null(srv);
	struct h_client *c = h_client_new(srv);
	for (int i = 0; i < 3; i++)
		assert_int_equal(h_login(c, "staff", "not-the-password", NULL), 401);
	/* The limit is reached: even the right password gets 429. */
	assert_int_equal(h_login(c, "staff", "not-the-password", NULL), 429);
	assert_int_equal(h_login(c, "staff", srv->passwords[H_STAFF], NULL), 429);
	h_expect_page(c, 429, "พยายามเข้าสู่ระบบผิดหลายครั้งเกินไป");
	char v[64];
	assert_non_null(h_header(c, "Retry-After", v, sizeof v));
	char *end;
	errno = 0;
	long secs = strtol(v, &end, 10);
	assert_true(errno == 0 && *end == 0 && secs > 0);
	assert_null(h_cookie(c, "klang_session", v, sizeof v));
	/* Another account from the same address is not blocked. */
	assert_int_equal(h_login(c, "unithead", srv->passwords[H_UNITHEAD], NULL), 303);
	/* The account stays blocked from another address too. */
	if (second_address_works(srv)) {
		struct h_client *other = h_client_new(srv);
		h_client_source(other, "127.0.0.2");
		assert_int_equal(h_login(other, "staff", srv->passwords[H_STAFF], NULL), 429);
	} else {
		printf("# 127.0.0.2 unreachable: the other-address check is skipped\n");
	}
	assert_int_equal(h_server_stop(srv), 0);
}

static void throttle_per_address(void **state)
{
	(void)state;
	static const char *const settings[] = {"--login_fail_account=1000", "--login_fail_ip=4",
					       NULL};
	struct h_server *srv = h_server_start(settings);
	assert_non_null(srv);
	if (!second_address_works(srv)) {
		assert_int_equal(h_server_stop(srv), 0);
		skip();
	}
	struct h_client *c = h_client_new(srv);
	/* Three failures on three logins: below the address's limit. */
	assert_int_equal(h_login(c, "ghost1", "not-the-password", NULL), 401);
	assert_int_equal(h_login(c, "ghost2", "not-the-password", NULL), 401);
	assert_int_equal(h_login(c, "staff", "not-the-password", NULL), 401);
	struct h_client *ok = h_client_new(srv);
	assert_int_equal(h_login(ok, "admin", srv->passwords[H_ADMIN], NULL), 303);
	assert_int_equal(h_login(c, "ghost3", "not-the-password", NULL), 401);
	/* Four failures from 127.0.0.1: every login from it is refused … */
	struct h_client *late = h_client_new(srv);
	assert_int_equal(h_login(late, "executive", srv->passwords[H_EXECUTIVE], NULL), 429);
	char v[64];
	assert_non_null(h_header(late, "Retry-After", v, sizeof v));
	h_expect_page(late, 429, "พยายามเข้าสู่ระบบผิดหลายครั้งเกินไป");
	/* … but another address logs in. */
	struct h_client *other = h_client_new(srv);
	h_client_source(other, "127.0.0.2");
	assert_int_equal(h_login(other, "executive", srv->passwords[H_EXECUTIVE], NULL), 303);
	assert_int_equal(h_get(other, "/api/v1/me"), 200);
	assert_int_equal(h_server_stop(srv), 0);
}

/* No permanent lockout: failures older than the window stop counting. The
 * window is at least a minute, so the test ages the recorded failures in
 * the database instead of waiting (table login_failures, column at). */
static void throttle_ends_after_the_window(void **state)
{
	(void)state;
	static const char *const settings[] = {"--login_fail_account=2", "--login_window_min=1",
					       NULL};
	struct h_server *srv = h_server_start(settings);
	assert_non_null(srv);
	struct h_client *c = h_client_new(srv);
	assert_int_equal(h_login(c, "staff", "not-the-password", NULL), 401);
	assert_int_equal(h_login(c, "staff", "not-the-password", NULL), 401);
	assert_int_equal(h_login(c, "staff", srv->passwords[H_STAFF], NULL), 429);

	char path[400];
	snprintf(path, sizeof path, "%s/klang.db", srv->data);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	int rc = sqlite3_exec(db, "UPDATE login_failures SET at = at - 120", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		print_error("sqlite: %s\n", sqlite3_errmsg(db));
	int changed = sqlite3_changes(db);
	sqlite3_close(db);
	assert_int_equal(rc, SQLITE_OK);
	assert_true(changed >= 2);

	assert_int_equal(h_login(c, "staff", srv->passwords[H_STAFF], NULL), 303);
	assert_int_equal(h_server_stop(srv), 0);
}

/* 3. Session rotation */

static void session_rotates_on_login(void **state)
{
	(void)state;
	/* A session id planted before login is never adopted. */
	static const char planted[] = "PLANTEDplantedPLANTEDplantedPLANTEDplanted1";
	struct h_client *c = h_client_new(S.srv);
	h_cookie_put(c, "klang_session", planted);
	assert_true(h_login_role(c, H_STAFF));
	char first[128], second[128], third[128];
	assert_non_null(h_cookie(c, "klang_session", first, sizeof first));
	assert_string_not_equal(first, planted);
	assert_int_equal(h_get(c, "/api/v1/me"), 200);

	/* Logging in again (the form, with the session's token) gives a new
	 * session and ends the old one. */
	assert_true(h_login_role(c, H_STAFF));
	assert_non_null(h_cookie(c, "klang_session", second, sizeof second));
	assert_string_not_equal(first, second);
	json_t *me = get_json(c, "/api/v1/me", 200);
	assert_string_equal(str_of(me, "login"), "staff");
	json_decref(me);

	struct h_client *old = h_client_new(S.srv);
	h_cookie_put(old, "klang_session", first);
	h_get(old, "/api/v1/me");
	h_expect_error(old, 401, "unauthorized", NULL);
	char v[256];
	/* The dead cookie is cleared. */
	assert_non_null(h_set_cookie(old, "klang_session", v, sizeof v));
	assert_non_null(strstr(v, "Max-Age=0"));

	/* Logging in as someone else from the same browser ends the first
	 * user's session too. */
	assert_true(h_login_role(c, H_EXECUTIVE));
	assert_non_null(h_cookie(c, "klang_session", third, sizeof third));
	assert_string_not_equal(second, third);
	me = get_json(c, "/api/v1/me", 200);
	assert_string_equal(str_of(me, "login"), "executive");
	json_decref(me);
	h_cookie_put(old, "klang_session", second);
	h_get(old, "/api/v1/me");
	h_expect_error(old, 401, "unauthorized", NULL);
}

/* 4. Logout */

static void logout_ends_the_session_on_the_server(void **state)
{
	(void)state;
	struct h_client *c = h_client_session(S.srv, H_STAFF);
	char token[128], v[256];
	assert_non_null(h_cookie(c, "klang_session", token, sizeof token));
	/* Without the CSRF token, logout is refused and nothing ends. */
	h_post_form(c, "/logout", "");
	h_expect_page(c, 403, "แบบฟอร์มนี้หมดอายุ");
	assert_int_equal(h_get(c, "/api/v1/me"), 200);

	h_post_form(c, "/logout", h_form(c, "_csrf", c->csrf, NULL));
	assert_status(c, 303);
	expect_header(c, "Location", "/");
	assert_non_null(h_set_cookie(c, "klang_session", v, sizeof v));
	assert_non_null(strstr(v, "Max-Age=0"));
	h_get(c, "/api/v1/me");
	h_expect_error(c, 401, "unauthorized", NULL);

	/* Replaying the old cookie value does not bring the session back. */
	struct h_client *replay = h_client_new(S.srv);
	h_cookie_put(replay, "klang_session", token);
	h_get(replay, "/api/v1/me");
	h_expect_error(replay, 401, "unauthorized", NULL);
	h_cookie_put(replay, "klang_session", token);
	assert_int_equal(h_get(replay, "/org"), 303);
	expect_header(replay, "Location", "/login?next=/org");
}

/* 5. CSRF */

static void csrf_guards_forms(void **state)
{
	(void)state;
	static const char msg[] = "แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งจากหน้าของระบบ";
	struct h_client *admin = S.as[H_ADMIN];
	json_int_t before = units_total();

	h_post_form(admin, "/admin/units", h_form(admin, "name", "csrf-none", NULL));
	h_expect_page(admin, 403, msg);
	h_post_form(admin, "/admin/units",
		    h_form(admin, "name", "csrf-wrong", "_csrf",
			   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL));
	h_expect_page(admin, 403, msg);
	h_post_form(admin, "/admin/units", h_form(admin, "name", "csrf-empty", "_csrf", "", NULL));
	h_expect_page(admin, 403, msg);
	/* Another user's valid token is not this session's token. */
	h_post_form(admin, "/admin/units",
		    h_form(admin, "name", "csrf-foreign", "_csrf", S.as[H_STAFF]->csrf, NULL));
	h_expect_page(admin, 403, msg);
	assert_int_equal(units_total(), before);

	assert_non_null(h_csrf_fetch(admin, "/admin/units"));
	h_post_form(admin, "/admin/units",
		    h_form(admin, "name", "csrf-right", "_csrf", admin->csrf, NULL));
	assert_status(admin, 303);
	expect_header(admin, "Location", "/admin/units");
	assert_int_equal(units_total(), before + 1);
	assert_true(unit_named(admin, "csrf-right"));
}

static void csrf_guards_cookie_api_writes_not_bearer(void **state)
{
	(void)state;
	struct h_client *admin = S.as[H_ADMIN];
	json_int_t before = units_total();
	char hdr[200];

	h_post_json(admin, "/api/v1/units", "{\"name\":\"api-csrf-none\"}", NULL);
	h_expect_error(admin, 403, "forbidden", "_csrf");
	const char *const wrong[] = {"X-CSRF-Token: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
				     NULL};
	h_post_json(admin, "/api/v1/units", "{\"name\":\"api-csrf-wrong\"}", wrong);
	h_expect_error(admin, 403, "forbidden", "_csrf");
	/* A "_csrf" member of the JSON body is not the header. */
	snprintf(hdr, sizeof hdr, "{\"name\":\"api-csrf-body\",\"_csrf\":\"%s\"}", admin->csrf);
	h_post_json(admin, "/api/v1/units", hdr, NULL);
	h_expect_error(admin, 403, "forbidden", "_csrf");
	assert_int_equal(units_total(), before);

	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", admin->csrf);
	const char *const right[] = {hdr, NULL};
	h_post_json(admin, "/api/v1/units", "{\"name\":\"api-csrf-right\"}", right);
	json_t *u = h_json_answer(admin, 201);
	json_int_t id = int_of(u, "id");
	json_decref(u);
	assert_int_equal(units_total(), before + 1);

	char path[64];
	snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)id);
	h_put_json(admin, path, "{\"sort\":3}", NULL);
	h_expect_error(admin, 403, "forbidden", "_csrf");
	h_put_json(admin, path, "{\"sort\":3}", right);
	assert_status(admin, 200);

	/* A bearer token needs no CSRF token. */
	struct h_client *bot = bearer_client(S.admin_token);
	h_post_json(bot, "/api/v1/units", "{\"name\":\"api-bearer\"}", NULL);
	assert_status(bot, 201);
	h_put_json(bot, path, "{\"sort\":4}", NULL);
	assert_status(bot, 200);
	assert_int_equal(units_total(), before + 2);
}

/* The login form needs the anonymous CSRF cookie and its token. */
static void csrf_guards_the_login_form(void **state)
{
	(void)state;
	char v[128];
	const char *pw = S.srv->passwords[H_STAFF];
	/* No cookie, no token. */
	struct h_client *c = h_client_new(S.srv);
	h_post_form(c, "/login", h_form(c, "login", "staff", "password", pw, NULL));
	h_expect_page(c, 403, "แบบฟอร์มนี้หมดอายุ");
	assert_null(h_cookie(c, "klang_session", v, sizeof v));
	/* The cookie but no token in the form. */
	assert_non_null(h_csrf_fetch(c, "/login"));
	h_post_form(c, "/login", h_form(c, "login", "staff", "password", pw, NULL));
	h_expect_page(c, 403, "แบบฟอร์มนี้หมดอายุ");
	assert_null(h_cookie(c, "klang_session", v, sizeof v));
	/* A token without its cookie (taken from another browser). */
	struct h_client *d = h_client_new(S.srv);
	h_post_form(d, "/login",
		    h_form(d, "login", "staff", "password", pw, "_csrf", c->csrf, NULL));
	h_expect_page(d, 403, "แบบฟอร์มนี้หมดอายุ");
	assert_null(h_cookie(d, "klang_session", v, sizeof v));
	/* Both: in. */
	h_post_form(c, "/login",
		    h_form(c, "login", "staff", "password", pw, "_csrf", c->csrf, NULL));
	assert_status(c, 303);
}

/* Bearer tokens work on the API only, and a bad one is refused. */
static void bearer_tokens_are_for_the_api_only(void **state)
{
	(void)state;
	json_int_t before = units_total();
	struct h_client *bot = bearer_client(S.admin_token);
	h_post_form(bot, "/admin/units", "name=bearer-on-a-page");
	assert_true(bot->status == 401 || bot->status == 403);
	assert_int_equal(units_total(), before);
	assert_int_not_equal(h_get(bot, "/admin/units"), 200);

	struct h_client *bad = bearer_client("not-a-real-token-not-a-real-token-not-a-rea");
	h_get(bad, "/api/v1/me");
	h_expect_error(bad, 401, "unauthorized", NULL);
	json_t *me = get_json(bot, "/api/v1/me", 200);
	assert_string_equal(str_of(me, "login"), "admin");
	json_decref(me);
}

/* Documents: helpers shared by the route matrix and the repository tests */

/* Creates a document through the API (201 {"id","revision_id","status"});
 * its id, and its first revision's into *rev if not NULL. */
static long long doc_make_at(struct h_client *bot, const char *title, const char *kind,
			     long long unit, const char *visibility, const char *body,
			     long long *rev, const char *file, int line)
{
	json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:s}", "title", title, "kind", kind, "unit_id",
			      (json_int_t)unit, "visibility", visibility, "body_md", body);
	h_send_json(bot, "POST", "/api/v1/documents", o);
	json_t *v = h_json_answer_at(bot, 201, file, line);
	json_t *id = json_object_get(v, "id"), *r = json_object_get(v, "revision_id");
	CHECK(json_is_integer(id) && json_is_integer(r));
	CHECK_STR(str_of(v, "status"), "draft");
	long long n = json_integer_value(id);
	if (rev)
		*rev = json_integer_value(r);
	json_decref(v);
	return n;
}
#define doc_make(bot, title, kind, unit, vis, body, rev) \
	doc_make_at((bot), (title), (kind), (unit), (vis), (body), (rev), __FILE__, __LINE__)

/* Saves a new body over revision `base` through the API; the new
 * revision's id. */
static long long doc_save_at(struct h_client *bot, long long id, long long base, const char *body,
			     const char *file, int line)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	h_send_json(bot, "PUT", path,
		  json_pack("{s:I, s:s}", "base_revision_id", (json_int_t)base, "body_md", body));
	json_t *v = h_json_answer_at(bot, 200, file, line);
	json_t *r = json_object_get(v, "revision_id");
	CHECK(json_is_integer(r));
	long long rev = json_integer_value(r);
	CHECK(rev != base);
	json_decref(v);
	return rev;
}
#define doc_save(bot, id, base, body) doc_save_at((bot), (id), (base), (body), __FILE__, __LINE__)

/* Takes a document to publication through the workflow (h_publish: its
 * unit head submits, the committee reviews, the executive approves where
 * the kind needs it, a publisher publishes); the published revision's id. */
static long long doc_publish_at(struct h_server *srv, long long id, const char *file, int line)
{
	_assert_int_equal(h_publish(srv, id), 200, file, line);
	struct h_client *admin = h_client_bearer(srv, h_role_token(srv, H_ADMIN));
	char path[64];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	json_t *v = get_json_at(admin, path, 200, file, line);
	CHECK_STR(str_of(v, "status"), "published");
	CHECK_STR(str_of(v, "state"), "published");
	long long rev = json_integer_value(json_object_get(v, "published_revision_id"));
	CHECK(rev > 0 && rev == json_integer_value(json_object_get(v, "current_revision_id")));
	json_decref(v);
	h_client_free(admin);
	return rev;
}
#define doc_publish(srv, id) doc_publish_at((srv), (id), __FILE__, __LINE__)

/* GET /api/v1/documents/{id} as c, expecting 200. */
static json_t *api_doc_at(struct h_client *c, long long id, const char *file, int line)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	return get_json_at(c, path, 200, file, line);
}
#define api_doc(c, id) api_doc_at((c), (id), __FILE__, __LINE__)

/* The id of the unit with `code`, as c sees the units. */
static long long unit_by_code(struct h_client *c, const char *code)
{
	long long id = h_unit_id(c, code);
	if (!id)
		fail_msg("no unit %s", code);
	return id;
}

/* A multipart/form-data body from `spec`, "FIELD:FILENAME" or
 * "FIELD:FILENAME?k=v&k=v": the file FILENAME (a line of text) in FIELD,
 * the fields k=v and, if `csrf` is not NULL, the _csrf field. Its content
 * type into ctype. */
static void multipart_body(struct h_buf *b, char *ctype, size_t cap, const char *spec,
			   const char *csrf)
{
	char field[64], file[128], rest[400] = "", text[200];
	int n = sscanf(spec, "%63[^:]:%127[^?]?%399s", field, file, rest);
	assert_true(n >= 2);
	const char *fields[24];
	size_t k = 0;
	if (csrf) {
		fields[k++] = "_csrf";
		fields[k++] = csrf;
	}
	/* rest is k=v&k=v: cut in place into name, value pairs. */
	for (char *kv = rest[0] ? rest : NULL; kv && k + 2 < sizeof fields / sizeof fields[0];) {
		char *amp = strchr(kv, '&');
		if (amp)
			*amp = 0;
		char *eq = strchr(kv, '=');
		assert_non_null(eq);
		*eq = 0;
		fields[k++] = kv;
		fields[k++] = eq + 1;
		kv = amp ? amp + 1 : NULL;
	}
	fields[k] = NULL;
	int len = snprintf(text, sizeof text, "A line of plain text in %s.\n", file);
	h_multipart(b, ctype, cap, fields, field, file, text, (size_t)len);
}

/* 6. Every route × every role */

/* Row flags: the route needs an account (RF_AUTH); it is a JSON API route
 * (RF_API); each role sends it from a new, freshly logged-in client,
 * because it changes the client's own session (login, logout).
 *
 * M_OBJECT: whether a role may act also depends on the object (a
 * document's division, visibility and state), which a role-only table
 * cannot say. The row then names the roles that may act on its fixture
 * (`acts`, bits 1 << enum h_role): those get `ok`; a role the route's own
 * roles refuse gets the usual 403; any other role (or the public where the
 * route is open) must be refused by the object: 403 or 404. With M_OPENS,
 * every account may open the object, so an account the object refuses
 * gets 403, never 404 (a workflow step the role may not take).
 *
 * M_UPLOAD: the body is "FIELD:FILENAME" or "FIELD:FILENAME?k=v&k=v": the
 * request is multipart/form-data with that file (a line of text) in FIELD,
 * the fields k=v and, for pages, the _csrf field. */
enum { M_AUTH = 1, M_API = 2, M_FRESH = 4, M_OBJECT = 8, M_UPLOAD = 16, M_OPENS = 32 };
#define OK_LOGIN_FORM (-1) /* 200 for the public, 303 for an account */

struct mrow {
	const char *method;
	const char *pattern; /* as written in src/web/routes.c */
	const char *path;    /* concrete; $name expands (see mexpand) */
	const char *body;    /* form for pages, JSON for the API; NULL: none */
	unsigned flags;
	unsigned roles; /* enum role bits of which one is needed; 0: any account */
	long ok;        /* status when allowed */
	unsigned acts;  /* M_OBJECT: the h_role bits that may act on the object */
};

#define ADMIN_ONLY ROLE_ADMIN
#define KMAP_EDIT (ROLE_ADMIN | ROLE_COMMITTEE)
#define PAGE_AUTH M_AUTH
#define API_OPEN M_API
#define API_AUTH (M_API | M_AUTH)
#define CORNER_EDITORS (ROLE_ADMIN | ROLE_UNIT_HEAD)

/* `acts` sets for the fixtures in HEALTH (see matrix_prepare_docs). The
 * workflow's are those of the default rule for manuals (km/workflow.c):
 * review by a unit head of the division or the committee, approval by an
 * executive, publication by the division's head, the committee or an
 * admin; the fixtures are staff's work, so nobody reviews their own. */
#define HR(r) (1u << (r))
#define ACCOUNTS (HR(H_STAFF) | HR(H_UNITHEAD) | HR(H_EXECUTIVE) | HR(H_COMMITTEE) | HR(H_ADMIN))
#define HEALTH_EDITORS (HR(H_STAFF) | HR(H_UNITHEAD) | HR(H_ADMIN))
#define HEALTH_CORNER (HR(H_UNITHEAD) | HR(H_ADMIN))
#define MANUAL_REVIEWERS (HR(H_UNITHEAD) | HR(H_COMMITTEE))
#define MANUAL_APPROVERS HR(H_EXECUTIVE)
#define MANUAL_PUBLISHERS (HR(H_UNITHEAD) | HR(H_COMMITTEE) | HR(H_ADMIN))
#define STEP (M_OBJECT | M_OPENS)
/* Development activities: who records them, who edits the admin's. */
#define ACT_RECORDERS (HR(H_UNITHEAD) | HR(H_COMMITTEE) | HR(H_ADMIN))
#define ACT_EDITORS (HR(H_COMMITTEE) | HR(H_ADMIN))
/* Expert interviews of HEALTH's staff member by the committee
 * (matrix_prepare_experts): who reads, edits, records consent (the expert
 * and the interviewer) and makes the draft (editors of the expert's
 * division: km/doc's rule); who reads the knowledge-at-risk report. */
#define EXP_READERS (HR(H_STAFF) | HR(H_UNITHEAD) | HR(H_COMMITTEE) | HR(H_ADMIN))
#define EXP_EDITORS (HR(H_UNITHEAD) | HR(H_COMMITTEE) | HR(H_ADMIN))
#define EXP_CONSENT (HR(H_STAFF) | HR(H_COMMITTEE))
#define EXP_MAKERS (HR(H_UNITHEAD) | HR(H_ADMIN))
#define RISK_READERS (ROLE_ADMIN | ROLE_COMMITTEE | ROLE_EXECUTIVE)
/* Communities (matrix_prepare_communities): $cop is facilitated by the unit
 * head, with staff as a member, and its thread $copthread is staff's; the
 * demo's mentoring pair $pair is the unit head's (mentor) and staff's
 * (mentee). Members post; the thread's author and the facilitator choose
 * the answer and make a draft of it; the facilitator, the committee and
 * admins run the community; the pair's people write its log. */
#define COP_MEMBERS (HR(H_STAFF) | HR(H_UNITHEAD))
#define COP_RUNNERS (HR(H_UNITHEAD) | HR(H_COMMITTEE) | HR(H_ADMIN))
#define PAIR_SEERS (HR(H_STAFF) | HR(H_UNITHEAD) | HR(H_COMMITTEE) | HR(H_ADMIN))

/* The table mirrors src/web/routes.c: same routes, flags and roles.
 * route_table_is_covered checks that it has every route of that file. */
static const struct mrow matrix[] = {
	{"GET", "/", "/", NULL, 0, 0, 200, 0},
	{"GET", "/login", "/login", NULL, 0, 0, OK_LOGIN_FORM, 0},
	{"POST", "/login", "/login", "login=$login&password=$password", M_FRESH, 0, 303, 0},
	{"POST", "/logout", "/logout", "", M_FRESH, 0, 303, 0},
	{"GET", "/lang", "/lang?to=th&next=/kmap", NULL, 0, 0, 303, 0},
	{"GET", "/org", "/org", NULL, PAGE_AUTH, 0, 200, 0},
	{"GET", "/kmap", "/kmap", NULL, 0, 0, 200, 0},
	/* The KM plan (matrix_prepare_plans): $plan is the seed's; per role,
	 * a KPI $plankpi and an action row $planact to delete. */
	{"GET", "/plans", "/plans", NULL, 0, 0, 200, 0},
	{"GET", "/plans/{id}", "/plans/$plan", NULL, 0, 0, 200, 0},
	{"GET", "/plans/{id}/edit", "/plans/$plan/edit", NULL, PAGE_AUTH, KMAP_EDIT, 200, 0},
	{"POST", "/plans/{id}", "/plans/$plan", "focus_areas=mx-$role", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/plans/{id}/kpis", "/plans/$plan/kpis", "code=MX-$role&kind=output&targets=50", PAGE_AUTH,
	 KMAP_EDIT, 303, 0},
	{"POST", "/plans/{id}/kpis/{item}/delete", "/plans/$plan/kpis/$plankpi/delete", "", PAGE_AUTH, KMAP_EDIT,
	 303, 0},
	{"POST", "/plans/{id}/actions", "/plans/$plan/actions", "activity=mx-$role", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/plans/{id}/actions/{item}/delete", "/plans/$plan/actions/$planact/delete", "", PAGE_AUTH,
	 KMAP_EDIT, 303, 0},
	{"POST", "/plans/{id}/copy", "/plans/$plan/copy", "fy_from=2690&fy_to=2691", PAGE_AUTH, KMAP_EDIT, 303, 0},
	/* The annual report (matrix_prepare_reports): $report is a draft of
	 * FY 2566; per role, drafts $rsub (pages) and $rsubapi (API) to submit. */
	{"GET", "/reports", "/reports?fy=2566", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/reports", "/reports", "fy=2566", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"GET", "/reports/{id}", "/reports/$report", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/reports/{id}", "/reports/$report", "problems=mx-$role", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/reports/{id}/submit", "/reports/$rsub/submit", "", PAGE_AUTH, KMAP_EDIT, 303, 0},
	/* $rpub: a submitted report of FY 2566 on the public portal. */
	{"POST", "/reports/{id}/publish", "/reports/$rpub/publish", "public=1", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"GET", "/public/reports/{id}", "/public/reports/$rpub", NULL, 0, 0, 200, 0},
	/* The committee's own indicator (matrix_prepare_reports): $ckpi, the
	 * demo's KPI4 of the follow-on plan; per role, evidence $kev (pages)
	 * and $kevapi (API) to remove. */
	{"POST", "/kpi/{id}/value", "/kpi/$ckpi/value", "fy=2568&numerator=1&denominator=2", PAGE_AUTH, KMAP_EDIT,
	 303, 0},
	{"POST", "/kpi/{id}/value/delete", "/kpi/$ckpi/value/delete", "fy=2568", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/kpi/{id}/evidence", "/kpi/$ckpi/evidence", "fy=2568&title=mx-$role&url=https://mx.example",
	 PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/kpi/evidence/{id}/delete", "/kpi/evidence/$kev/delete", "fy=2568", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"GET", "/search", "/search?q=mx", NULL, 0, 0, 200, 0},
	{"GET", "/static/{name}", "/static/app.css", NULL, 0, 0, 200, 0},
	{"GET", "/favicon.ico", "/favicon.ico", NULL, 0, 0, 200, 0},

	/* The knowledge repository. Fixtures, all manuals in the HEALTH
	 * division ($health), made by its unit head: $doc, a draft (org
	 * visibility) with revisions $reva and $revb and the attachment $att;
	 * $pub, a published public manual; $opub, a published manual for the
	 * organisation (with its approval memo); per role, $own (a draft;
	 * current revision $ownbase) and $api (a draft; $apibase). Made by
	 * HEALTH's staff and moved on by the workflow, per role: $sub
	 * (submitted), $rvd (reviewed) and $apv (approved). Staff and the unit
	 * head are of HEALTH; executive and committee read every document but
	 * edit none of HEALTH's; admins edit everything. */
	{"GET", "/docs", "/docs", NULL, 0, 0, 200, 0},
	{"GET", "/portal", "/portal", NULL, 0, 0, 200, 0},
	{"GET", "/docs/review", "/docs/review", NULL, PAGE_AUTH, 0, 200, 0},
	{"GET", "/docs/new", "/docs/new", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/docs", "/docs", "title=mx-doc-$role&kind=manual&unit_id=$health&body_md=mx",
	 PAGE_AUTH | M_OBJECT, 0, 303, HEALTH_EDITORS},
	{"GET", "/docs/import", "/docs/import", NULL, PAGE_AUTH, 0, 200, 0},
	/* Each role imports into a unit of its own division ($myunit); the
	 * page answers 200 with a result per file, whatever the result. */
	{"POST", "/docs/import", "/docs/import",
	 "files:mx-imp-$role.txt?unit_id=$myunit&kind=manual", PAGE_AUTH | M_UPLOAD, 0, 200, 0},
	{"GET", "/docs/{id}", "/docs/$doc", NULL, M_OBJECT, 0, 200, ACCOUNTS},
	{"POST", "/docs/{id}", "/docs/$own", "base_revision_id=$ownbase&body_md=mx-edit-$role",
	 PAGE_AUTH | M_OBJECT, 0, 303, HEALTH_EDITORS},
	{"GET", "/docs/{id}/edit", "/docs/$doc/edit", NULL, PAGE_AUTH | M_OBJECT, 0, 200,
	 HEALTH_EDITORS},
	{"GET", "/docs/{id}/history", "/docs/$doc/history", NULL, PAGE_AUTH | M_OBJECT, 0, 200,
	 ACCOUNTS},
	{"GET", "/docs/{id}/diff", "/docs/$doc/diff?a=$reva&b=$revb", NULL, PAGE_AUTH | M_OBJECT, 0,
	 200, ACCOUNTS},
	{"POST", "/docs/{id}/restore", "/docs/$doc/restore", "revision_id=$reva",
	 PAGE_AUTH | M_OBJECT, 0, 303, HEALTH_EDITORS},
	/* The workflow: each role reviews its submitted $sub by the form;
	 * comments on $doc are for everyone who takes part in its review. */
	{"POST", "/docs/{id}/transitions", "/docs/$sub/transitions", "action=review",
	 PAGE_AUTH | STEP, 0, 303, MANUAL_REVIEWERS},
	{"GET", "/docs/{id}/review", "/docs/$doc/review", NULL, PAGE_AUTH | M_OBJECT, 0, 200,
	 ACCOUNTS},
	{"POST", "/docs/{id}/comments", "/docs/$doc/comments",
	 "section=&body=mx-comment-$role", PAGE_AUTH | M_OBJECT, 0, 303, ACCOUNTS},
	{"GET", "/docs/{id}/memo", "/docs/$opub/memo", NULL, M_OBJECT, 0, 200, ACCOUNTS},
	{"GET", "/memos", "/memos", NULL, PAGE_AUTH, 0, 200, 0},
	{"GET", "/inbox", "/inbox", NULL, PAGE_AUTH, 0, 200, 0},
	/* Staff development: $act, an activity the admin recorded; admins,
	 * the KM committee and unit heads record activities; whoever recorded
	 * one, admins and the committee edit it and its participants ($person
	 * added, then removed again: removal of someone absent is done). */
	{"GET", "/development", "/development?fy=2570", NULL, PAGE_AUTH, 0, 200, 0},
	{"GET", "/dashboard", "/dashboard?fy=2566", NULL, PAGE_AUTH, 0, 200, 0},
	{"GET", "/activities/new", "/activities/new", NULL, PAGE_AUTH, ROLE_ADMIN | ROLE_COMMITTEE | ROLE_UNIT_HEAD, 200, 0},
	{"POST", "/activities", "/activities", "title=mx-act-$role&kind=training&start_date=2026-10-05&end_date=2026-10-05",
	 PAGE_AUTH | STEP, 0, 303, ACT_RECORDERS},
	{"GET", "/activities/{id}", "/activities/$act", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/activities/{id}", "/activities/$act", "title=mx-act-edit-$role", PAGE_AUTH | STEP, 0, 303, ACT_EDITORS},
	{"POST", "/activities/{id}/participants", "/activities/$act/participants", "person_ids=$person",
	 PAGE_AUTH | STEP, 0, 303, ACT_EDITORS},
	{"POST", "/activities/{id}/participants/{person_id}/remove", "/activities/$act/participants/$person/remove", "",
	 PAGE_AUTH | STEP, 0, 303, ACT_EDITORS},
	{"POST", "/activities/{id}/report", "/activities/$act/report", "learned=x&apply=y", PAGE_AUTH | STEP, 0, 303, 0},
	/* Evidence: the editors may attach it ($person was removed above, so
	 * once allowed the answer is 404: not a participant); nobody holds one
	 * (404). */
	{"POST", "/activities/{id}/participants/{person_id}/certificate", "/activities/$act/participants/$person/certificate",
	 "file:mx-cert-$role.txt", PAGE_AUTH | STEP | M_UPLOAD, 0, 404, ACT_EDITORS},
	{"GET", "/activities/{id}/participants/{person_id}/certificate", "/activities/$act/participants/$person/certificate",
	 NULL, PAGE_AUTH | STEP, 0, 404, ACT_EDITORS | HR(H_ADMIN)},
	{"GET", "/people/{id}/development", "/people/$person/development", NULL, PAGE_AUTH, 0, 200, 0},
	/* Recognition and personal data: $contrib, the unit head (an author of
	 * $pub, published this year); $gone, a person who has left, anonymised
	 * by the admin (again by the API: it is idempotent). */
	{"GET", "/recognition", "/recognition", NULL, PAGE_AUTH, 0, 200, 0},
	{"GET", "/recognition/{person_id}/certificate", "/recognition/$contrib/certificate", NULL, PAGE_AUTH,
	 ROLE_ADMIN | ROLE_COMMITTEE, 200, 0},
	{"GET", "/me/data", "/me/data", NULL, PAGE_AUTH, 0, 200, 0},
	/* Expert knowledge capture: $exp, the committee's interview of
	 * HEALTH's staff member; $expdoc and $expapi, one per role, consented.
	 * Anyone records an interview they conduct (of $person). */
	{"GET", "/experts", "/experts", NULL, PAGE_AUTH, 0, 200, 0},
	{"GET", "/experts/new", "/experts/new", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/experts", "/experts", "expert_person_id=$person&topic=mx-exp-$role&date=2026-11-02", PAGE_AUTH, 0, 303, 0},
	{"GET", "/experts/{id}", "/experts/$exp", NULL, PAGE_AUTH | M_OBJECT, 0, 200, EXP_READERS},
	{"POST", "/experts/{id}", "/experts/$exp", "pitfalls=mx-$role", PAGE_AUTH | M_OBJECT, 0, 303, EXP_EDITORS},
	{"POST", "/experts/{id}/consent", "/experts/$exp/consent", "consent_given=1&consent_note=mx", PAGE_AUTH | M_OBJECT, 0,
	 303, EXP_CONSENT},
	{"POST", "/experts/{id}/document", "/experts/$expdoc/document", "", PAGE_AUTH | M_OBJECT, 0, 303, EXP_MAKERS},
	{"GET", "/reports/knowledge-at-risk", "/reports/knowledge-at-risk?years=3", NULL, PAGE_AUTH, RISK_READERS, 200, 0},
	{"GET", "/notifications", "/notifications", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/notifications/read", "/notifications/read", "", PAGE_AUTH, 0, 303, 0},
	/* The rules: the admin writes expert knowledge's default again. */
	{"GET", "/admin/workflow", "/admin/workflow", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/workflow", "/admin/workflow",
	 "kind=expert_knowledge&submit=km_committee,unit_head,staff&review=km_committee&approve="
	 "&publish=admin,km_committee",
	 PAGE_AUTH, ADMIN_ONLY, 303, 0},
	{"POST", "/docs/{id}/ack", "/docs/$pub/ack", "", PAGE_AUTH | M_OBJECT, 0, 303, ACCOUNTS},
	{"POST", "/docs/{id}/feedback", "/docs/$pub/feedback", "helpful=1", PAGE_AUTH | M_OBJECT, 0,
	 303, ACCOUNTS},
	{"GET", "/docs/{id}/export", "/docs/$doc/export?format=md", NULL, M_OBJECT, 0, 200,
	 ACCOUNTS},
	{"POST", "/docs/{id}/attachments", "/docs/$doc/attachments", "file:mx-$role.txt",
	 PAGE_AUTH | M_OBJECT | M_UPLOAD, 0, 303, HEALTH_EDITORS},
	{"GET", "/attachments/{id}", "/attachments/$att", NULL, M_OBJECT, 0, 200, ACCOUNTS},
	{"GET", "/attachments/{id}/preview", "/attachments/$att/preview", NULL, M_OBJECT, 0, 200,
	 ACCOUNTS},
	{"GET", "/units/{id}/corner", "/units/$health/corner", NULL, 0, 0, 200, 0},
	{"POST", "/units/{id}/corner", "/units/$health/corner",
	 "intro=mx-corner-$role&external_url=https://example.org/$role", PAGE_AUTH | M_OBJECT,
	 CORNER_EDITORS, 303, HEALTH_CORNER},
	/* Communities of practice and mentoring: each role joins and leaves
	 * $copjoin (facilitated by FIN's head), adds and removes its own kmc
	 * account ($kmc) on $cop, and makes a draft of its own thread ($copdoc,
	 * $copapi). */
	{"GET", "/communities", "/communities", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/communities", "/communities", "name=mx-cop-$role", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"GET", "/communities/{id}", "/communities/$cop", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/communities/{id}", "/communities/$cop", "description=mx-$role", PAGE_AUTH | STEP, 0, 303,
	 COP_RUNNERS},
	{"POST", "/communities/{id}/join", "/communities/$copjoin/join", "", PAGE_AUTH, 0, 303, 0},
	{"POST", "/communities/{id}/leave", "/communities/$copjoin/leave", "", PAGE_AUTH, 0, 303, 0},
	{"POST", "/communities/{id}/members", "/communities/$cop/members", "account_id=$kmc", PAGE_AUTH | STEP, 0,
	 303, COP_RUNNERS},
	{"POST", "/communities/{id}/members/{account_id}/remove", "/communities/$cop/members/$kmc/remove", "",
	 PAGE_AUTH | STEP, 0, 303, COP_RUNNERS},
	{"POST", "/communities/{id}/meetings", "/communities/$cop/meetings", "date=2026-11-20&title=mx-meet-$role",
	 PAGE_AUTH | STEP, 0, 303, COP_RUNNERS},
	{"POST", "/communities/{id}/threads", "/communities/$cop/threads",
	 "file:mx-cop-$role.txt?title=mx-thread-$role&body_md=mx", PAGE_AUTH | STEP | M_UPLOAD, 0, 303, COP_MEMBERS},
	{"GET", "/communities/{id}/threads/{tid}", "/communities/$cop/threads/$copthread", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/communities/{id}/threads/{tid}/replies", "/communities/$cop/threads/$copthread/replies",
	 "file:mx-reply-$role.txt?body_md=mx", PAGE_AUTH | STEP | M_UPLOAD, 0, 303, COP_MEMBERS},
	{"POST", "/communities/{id}/threads/{tid}/answer", "/communities/$cop/threads/$copthread/answer",
	 "reply_id=$copreply", PAGE_AUTH | STEP, 0, 303, COP_MEMBERS},
	{"POST", "/communities/{id}/threads/{tid}/lock", "/communities/$cop/threads/$copthread/lock", "locked=0",
	 PAGE_AUTH | STEP, 0, 303, COP_RUNNERS},
	{"POST", "/communities/{id}/threads/{tid}/document", "/communities/$cop/threads/$copdoc/document",
	 "kind=article", PAGE_AUTH | STEP, 0, 303, COP_MEMBERS},
	{"GET", "/community-files/{id}", "/community-files/$copfile", NULL, PAGE_AUTH, 0, 200, 0},
	{"GET", "/mentoring", "/mentoring", NULL, PAGE_AUTH, 0, 200, 0},
	{"POST", "/mentoring", "/mentoring", "mentor_person_id=$person&mentee_person_id=$mentee&start_date=2026-10-01",
	 PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"GET", "/mentoring/{id}", "/mentoring/$pair", NULL, PAGE_AUTH | M_OBJECT, 0, 200, PAIR_SEERS},
	{"POST", "/mentoring/{id}", "/mentoring/$pair", "goals=mx-$role", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/mentoring/{id}/log", "/mentoring/$pair/log", "date=2026-11-20&note=mx-$role", PAGE_AUTH | M_OBJECT,
	 0, 303, COP_MEMBERS},

	{"GET", "/admin/units", "/admin/units", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/units", "/admin/units", "name=mx-unit-$role", PAGE_AUTH, ADMIN_ONLY, 303,
	 0},
	{"GET", "/admin/units/{id}", "/admin/units/$unit", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/units/{id}", "/admin/units/$unit", "sort=5", PAGE_AUTH, ADMIN_ONLY, 303,
	 0},
	{"GET", "/admin/people", "/admin/people", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/people", "/admin/people", "name=mx-person-$role", PAGE_AUTH, ADMIN_ONLY,
	 303, 0},
	/* The staff import: a file without the name header is still a preview. */
	{"GET", "/admin/people/import", "/admin/people/import", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/people/import", "/admin/people/import", "file:mx-staff-$role.csv?mode=preview",
	 PAGE_AUTH | M_UPLOAD, ADMIN_ONLY, 200, 0},
	{"GET", "/admin/people/import/template.csv", "/admin/people/import/template.csv", NULL, PAGE_AUTH,
	 ADMIN_ONLY, 200, 0},
	{"GET", "/admin/people/{id}", "/admin/people/$person", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/people/{id}", "/admin/people/$person", "position=mx-pos-$role", PAGE_AUTH,
	 ADMIN_ONLY, 303, 0},
	{"POST", "/admin/people/{id}/anonymise", "/admin/people/$gone/anonymise", "confirm=1", PAGE_AUTH, ADMIN_ONLY,
	 303, 0},
	{"GET", "/admin/templates", "/admin/templates", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/templates", "/admin/templates", "kind=manual&body_md=mx-template-$role",
	 PAGE_AUTH, ADMIN_ONLY, 303, 0},
	{"GET", "/admin/joblines", "/admin/joblines", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/joblines", "/admin/joblines", "code=MXJ-$role&name=mx-jobline-$role",
	 PAGE_AUTH, ADMIN_ONLY, 303, 0},
	{"GET", "/admin/joblines/{id}", "/admin/joblines/$jobline", NULL, PAGE_AUTH, ADMIN_ONLY,
	 200, 0},
	{"POST", "/admin/joblines/{id}", "/admin/joblines/$jobline", "name=mx-jl-$role", PAGE_AUTH,
	 ADMIN_ONLY, 303, 0},
	/* Search equivalences: each role adds its own group and deletes its
	 * own $equiv (the API row deletes $equivapi). */
	{"GET", "/admin/search-terms", "/admin/search-terms", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/search-terms", "/admin/search-terms", "terms=mxpa$role%3Dmxpb$role",
	 PAGE_AUTH, ADMIN_ONLY, 303, 0},
	{"POST", "/admin/search-terms/{id}/delete", "/admin/search-terms/$equiv/delete", "",
	 PAGE_AUTH, ADMIN_ONLY, 303, 0},
	/* The organisation's words, Thai letters with the role's letter last
	 * ($thf percent-encoded for a form): each role adds its own and deletes
	 * its own $word (the API row deletes $wordapi). */
	{"POST", "/admin/search-terms/words", "/admin/search-terms/words",
	 "word=%E0%B8%9F%E0%B8%AB%E0%B8%81%E0%B8%94%E0%B8%9B$thf", PAGE_AUTH, ADMIN_ONLY, 303, 0},
	{"POST", "/admin/search-terms/words/{id}/delete", "/admin/search-terms/words/$word/delete",
	 "", PAGE_AUTH, ADMIN_ONLY, 303, 0},
	/* The audit trail (tests/http/test_audit.c tests it in depth). */
	{"GET", "/admin/audit", "/admin/audit", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"GET", "/admin/audit.csv", "/admin/audit.csv?action=login", NULL, PAGE_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/admin/kmap/issues", "/admin/kmap/issues", "number=$num&title=mx-issue-$role",
	 PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"GET", "/admin/kmap/issues/{id}", "/admin/kmap/issues/$issue", NULL, PAGE_AUTH, KMAP_EDIT,
	 200, 0},
	{"POST", "/admin/kmap/issues/{id}", "/admin/kmap/issues/$issue",
	 "title=mx-issue-title-$role", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/admin/kmap/issues/{id}/goals", "/admin/kmap/issues/$issue/goals",
	 "text=mx-newgoal-$role", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/admin/kmap/goals/{id}/delete", "/admin/kmap/goals/$goal/delete",
	 "issue_id=$issue", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/admin/kmap/issues/{id}/knowledge", "/admin/kmap/issues/$issue/knowledge",
	 "title=mx-newrk-$role&unit_id=$unit", PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"GET", "/admin/kmap/knowledge/{id}", "/admin/kmap/knowledge/$rk", NULL, PAGE_AUTH,
	 KMAP_EDIT, 200, 0},
	{"POST", "/admin/kmap/knowledge/{id}", "/admin/kmap/knowledge/$rk", "title=mx-rk-$role",
	 PAGE_AUTH, KMAP_EDIT, 303, 0},
	{"POST", "/admin/kmap/knowledge/{id}/delete", "/admin/kmap/knowledge/$rkdel/delete",
	 "issue_id=$issue", PAGE_AUTH, KMAP_EDIT, 303, 0},

	{"GET", "/api/v1/health", "/api/v1/health", NULL, API_OPEN, 0, 200, 0},
	{"GET", "/api/v1/me", "/api/v1/me", NULL, API_AUTH, 0, 200, 0},
	{"GET", "/api/v1/org", "/api/v1/org", NULL, API_OPEN, 0, 200, 0},
	{"GET", "/api/v1/units", "/api/v1/units?page=1&per_page=5", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/units", "/api/v1/units", "{\"name\":\"mx-api-unit-$role\"}", API_AUTH,
	 ADMIN_ONLY, 201, 0},
	{"GET", "/api/v1/units/{id}", "/api/v1/units/$unit", NULL, API_AUTH, 0, 200, 0},
	{"PUT", "/api/v1/units/{id}", "/api/v1/units/$unit", "{\"sort\":6}", API_AUTH, ADMIN_ONLY,
	 200, 0},
	{"GET", "/api/v1/people", "/api/v1/people?per_page=5", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/people", "/api/v1/people", "{\"name\":\"mx-api-person-$role\"}", API_AUTH,
	 ADMIN_ONLY, 201, 0},
	{"POST", "/api/v1/people/import", "/api/v1/people/import?dry_run=1", "file:mx-staff-$role.csv",
	 API_AUTH | M_UPLOAD, ADMIN_ONLY, 200, 0},
	{"GET", "/api/v1/people/{id}", "/api/v1/people/$person", NULL, API_AUTH, 0, 200, 0},
	{"PUT", "/api/v1/people/{id}", "/api/v1/people/$person", "{\"position\":\"mx-$role\"}",
	 API_AUTH, ADMIN_ONLY, 200, 0},
	{"GET", "/api/v1/job-lines", "/api/v1/job-lines", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/job-lines", "/api/v1/job-lines",
	 "{\"code\":\"MXA-$role\",\"name\":\"mx-api-jl-$role\"}", API_AUTH, ADMIN_ONLY, 201, 0},
	{"PUT", "/api/v1/job-lines/{id}", "/api/v1/job-lines/$jobline",
	 "{\"name\":\"mx-api-jl2-$role\"}", API_AUTH, ADMIN_ONLY, 200, 0},
	{"GET", "/api/v1/audit", "/api/v1/audit?per_page=5", NULL, API_AUTH, ADMIN_ONLY, 200, 0},
	{"GET", "/api/v1/knowledge-map", "/api/v1/knowledge-map", NULL, API_OPEN, 0, 200, 0},
	{"GET", "/api/v1/documents", "/api/v1/documents?per_page=5", NULL, API_OPEN, 0, 200, 0},
	{"POST", "/api/v1/documents", "/api/v1/documents",
	 "{\"title\":\"mx-api-doc-$role\",\"kind\":\"manual\",\"unit_id\":$health}",
	 API_AUTH | M_OBJECT, 0, 201, HEALTH_EDITORS},
	{"GET", "/api/v1/documents/{id}", "/api/v1/documents/$doc", NULL, API_OPEN | M_OBJECT, 0,
	 200, ACCOUNTS},
	{"PUT", "/api/v1/documents/{id}", "/api/v1/documents/$api",
	 "{\"base_revision_id\":$apibase,\"body_md\":\"mx-api-edit-$role\"}", API_AUTH | M_OBJECT,
	 0, 200, HEALTH_EDITORS},
	{"GET", "/api/v1/documents/{id}/revisions", "/api/v1/documents/$doc/revisions", NULL,
	 API_AUTH | M_OBJECT, 0, 200, ACCOUNTS},
	/* Each role publishes its approved $apv by the shortcut and approves
	 * its reviewed $rvd; the rest of the workflow's API. */
	{"POST", "/api/v1/documents/{id}/publish", "/api/v1/documents/$apv/publish", "{}",
	 API_AUTH | STEP, 0, 200, MANUAL_PUBLISHERS},
	{"POST", "/api/v1/documents/{id}/transitions", "/api/v1/documents/$rvd/transitions",
	 "{\"action\":\"approve\"}", API_AUTH | STEP, 0, 200, MANUAL_APPROVERS},
	{"GET", "/api/v1/documents/{id}/workflow", "/api/v1/documents/$doc/workflow", NULL,
	 API_AUTH | M_OBJECT, 0, 200, ACCOUNTS},
	{"GET", "/api/v1/documents/{id}/comments", "/api/v1/documents/$doc/comments", NULL,
	 API_AUTH | M_OBJECT, 0, 200, ACCOUNTS},
	{"POST", "/api/v1/documents/{id}/comments", "/api/v1/documents/$doc/comments",
	 "{\"body\":\"mx-api-comment-$role\"}", API_AUTH | M_OBJECT, 0, 201, ACCOUNTS},
	{"GET", "/api/v1/documents/{id}/memo", "/api/v1/documents/$opub/memo", NULL,
	 API_OPEN | M_OBJECT, 0, 200, ACCOUNTS},
	{"GET", "/api/v1/memos", "/api/v1/memos", NULL, API_AUTH, 0, 200, 0},
	{"GET", "/api/v1/inbox", "/api/v1/inbox", NULL, API_AUTH, 0, 200, 0},
	{"GET", "/api/v1/development", "/api/v1/development?fy=2570", NULL, API_AUTH, 0, 200, 0},
	{"GET", "/api/v1/kpi", "/api/v1/kpi?fy=2566&rows=1", NULL, API_AUTH, 0, 200, 0},
	{"GET", "/api/v1/activities", "/api/v1/activities?fy=2570", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/activities", "/api/v1/activities",
	 "{\"title\":\"mx-apiact-$role\",\"kind\":\"seminar\",\"start_date\":\"2026-10-07\",\"end_date\":\"2026-10-07\"}",
	 API_AUTH | STEP, 0, 201, ACT_RECORDERS},
	{"GET", "/api/v1/activities/{id}", "/api/v1/activities/$act", NULL, API_AUTH, 0, 200, 0},
	{"PUT", "/api/v1/activities/{id}", "/api/v1/activities/$act", "{\"hours\":\"12\"}", API_AUTH | STEP, 0, 200,
	 ACT_EDITORS},
	{"POST", "/api/v1/activities/{id}/participants", "/api/v1/activities/$act/participants",
	 "{\"person_ids\":[$person]}", API_AUTH | STEP, 0, 200, ACT_EDITORS},
	{"DELETE", "/api/v1/activities/{id}/participants/{person_id}", "/api/v1/activities/$act/participants/$person", "",
	 API_AUTH | STEP, 0, 204, ACT_EDITORS},
	{"POST", "/api/v1/activities/{id}/report", "/api/v1/activities/$act/report", "{\"learned\":\"x\",\"apply\":\"y\"}",
	 API_AUTH | STEP, 0, 201, 0},
	{"POST", "/api/v1/activities/{id}/participants/{person_id}/certificate",
	 "/api/v1/activities/$act/participants/$person/certificate", "file:mx-cert-$role.txt", API_AUTH | STEP | M_UPLOAD, 0,
	 404, ACT_EDITORS},
	{"GET", "/api/v1/activities/{id}/participants/{person_id}/certificate",
	 "/api/v1/activities/$act/participants/$person/certificate", NULL, API_AUTH | STEP, 0, 404, ACT_EDITORS},
	{"GET", "/api/v1/people/{id}/development", "/api/v1/people/$person/development", NULL, API_AUTH, 0, 200, 0},
	/* Only the person themself and admins export a person's data. */
	{"GET", "/api/v1/people/{id}/export", "/api/v1/people/$person/export?format=csv", NULL, API_AUTH | STEP, 0,
	 200, HR(H_ADMIN)},
	{"POST", "/api/v1/people/{id}/anonymise", "/api/v1/people/$gone/anonymise", "{\"confirm\":true}", API_AUTH,
	 ADMIN_ONLY, 200, 0},
	{"GET", "/api/v1/recognition", "/api/v1/recognition", NULL, API_AUTH, 0, 200, 0},
	{"GET", "/api/v1/experts", "/api/v1/experts", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/experts", "/api/v1/experts",
	 "{\"expert_person_id\":$person,\"topic\":\"mx-api-exp-$role\",\"date\":\"2026-11-02\"}", API_AUTH, 0, 201, 0},
	{"GET", "/api/v1/experts/{id}", "/api/v1/experts/$exp", NULL, API_AUTH | M_OBJECT, 0, 200, EXP_READERS},
	{"PUT", "/api/v1/experts/{id}", "/api/v1/experts/$exp", "{\"pitfalls\":\"mx-api-$role\"}", API_AUTH | M_OBJECT, 0, 200,
	 EXP_EDITORS},
	{"POST", "/api/v1/experts/{id}/consent", "/api/v1/experts/$exp/consent",
	 "{\"consent_given\":true,\"consent_note\":\"mx\"}", API_AUTH | M_OBJECT, 0, 200, EXP_CONSENT},
	{"POST", "/api/v1/experts/{id}/document", "/api/v1/experts/$expapi/document", "{}", API_AUTH | M_OBJECT, 0, 201,
	 EXP_MAKERS},
	{"GET", "/api/v1/reports/knowledge-at-risk", "/api/v1/reports/knowledge-at-risk?years=3", NULL, API_AUTH,
	 RISK_READERS, 200, 0},
	{"GET", "/api/v1/notifications", "/api/v1/notifications?per_page=5", NULL, API_AUTH, 0,
	 200, 0},
	{"POST", "/api/v1/notifications/read", "/api/v1/notifications/read", "{}", API_AUTH, 0, 204,
	 0},
	{"GET", "/api/v1/workflow/rules", "/api/v1/workflow/rules", NULL, API_AUTH, 0, 200, 0},
	{"PUT", "/api/v1/workflow/rules", "/api/v1/workflow/rules",
	 "{\"kind\":\"expert_knowledge\",\"review\":[\"km_committee\"]}", API_AUTH,
	 ADMIN_ONLY, 200, 0},
	{"POST", "/api/v1/documents/{id}/attachments", "/api/v1/documents/$doc/attachments",
	 "file:mx-api-$role.txt", API_AUTH | M_OBJECT | M_UPLOAD, 0, 201, HEALTH_EDITORS},
	{"GET", "/api/v1/attachments/{id}", "/api/v1/attachments/$att", NULL,
	 API_OPEN | M_OBJECT, 0, 200, ACCOUNTS},
	{"GET", "/api/v1/documents/{id}/export", "/api/v1/documents/$doc/export?format=md", NULL,
	 API_OPEN | M_OBJECT, 0, 200, ACCOUNTS},
	{"GET", "/api/v1/communities", "/api/v1/communities", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/communities", "/api/v1/communities", "{\"name\":\"mx-api-cop-$role\"}", API_AUTH, KMAP_EDIT,
	 201, 0},
	{"GET", "/api/v1/communities/{id}", "/api/v1/communities/$cop", NULL, API_AUTH, 0, 200, 0},
	{"PUT", "/api/v1/communities/{id}", "/api/v1/communities/$cop", "{\"description\":\"mx-api-$role\"}",
	 API_AUTH | STEP, 0, 200, COP_RUNNERS},
	{"POST", "/api/v1/communities/{id}/members", "/api/v1/communities/$copjoin/members", "{}", API_AUTH, 0, 201, 0},
	{"DELETE", "/api/v1/communities/{id}/members/{account_id}", "/api/v1/communities/$copjoin/members/$me", "",
	 API_AUTH, 0, 204, 0},
	{"POST", "/api/v1/communities/{id}/meetings", "/api/v1/communities/$cop/meetings",
	 "{\"date\":\"2026-11-21\",\"title\":\"mx-api-meet-$role\"}", API_AUTH | STEP, 0, 201, COP_RUNNERS},
	{"GET", "/api/v1/communities/{id}/threads", "/api/v1/communities/$cop/threads", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/communities/{id}/threads", "/api/v1/communities/$cop/threads",
	 "{\"title\":\"mx-api-thread-$role\",\"body_md\":\"mx\"}", API_AUTH | STEP, 0, 201, COP_MEMBERS},
	{"GET", "/api/v1/threads/{id}", "/api/v1/threads/$copthread", NULL, API_AUTH, 0, 200, 0},
	{"GET", "/api/v1/threads/{id}/replies", "/api/v1/threads/$copthread/replies", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/threads/{id}/replies", "/api/v1/threads/$copthread/replies", "{\"body_md\":\"mx-$role\"}",
	 API_AUTH | STEP, 0, 201, COP_MEMBERS},
	{"POST", "/api/v1/threads/{id}/answer", "/api/v1/threads/$copthread/answer", "{\"reply_id\":$copreply}",
	 API_AUTH | STEP, 0, 200, COP_MEMBERS},
	{"POST", "/api/v1/threads/{id}/lock", "/api/v1/threads/$copthread/lock", "{\"locked\":0}", API_AUTH | STEP, 0,
	 200, COP_RUNNERS},
	{"POST", "/api/v1/threads/{id}/document", "/api/v1/threads/$copapi/document", "{\"kind\":\"good_practice\"}",
	 API_AUTH | STEP, 0, 201, COP_MEMBERS},
	{"GET", "/api/v1/community-files/{id}", "/api/v1/community-files/$copfile", NULL, API_AUTH, 0, 200, 0},
	{"GET", "/api/v1/mentoring", "/api/v1/mentoring", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/mentoring", "/api/v1/mentoring",
	 "{\"mentor_person_id\":$person,\"mentee_person_id\":$mentee,\"start_date\":\"2026-10-01\"}", API_AUTH,
	 KMAP_EDIT, 201, 0},
	{"GET", "/api/v1/mentoring/{id}", "/api/v1/mentoring/$pair", NULL, API_AUTH | M_OBJECT, 0, 200, PAIR_SEERS},
	{"PUT", "/api/v1/mentoring/{id}", "/api/v1/mentoring/$pair", "{\"goals\":\"mx-api-$role\"}", API_AUTH,
	 KMAP_EDIT, 200, 0},
	{"POST", "/api/v1/mentoring/{id}/log", "/api/v1/mentoring/$pair/log",
	 "{\"date\":\"2026-11-21\",\"note\":\"mx-api-$role\"}", API_AUTH | M_OBJECT, 0, 201, COP_MEMBERS},
	{"GET", "/api/v1/reports", "/api/v1/reports?fy=2566", NULL, API_AUTH, 0, 200, 0},
	{"POST", "/api/v1/reports", "/api/v1/reports", "{\"fy\":2566}", API_AUTH, KMAP_EDIT, 201, 0},
	{"GET", "/api/v1/reports/{id}", "/api/v1/reports/$report", NULL, API_AUTH, 0, 200, 0},
	{"PUT", "/api/v1/reports/{id}", "/api/v1/reports/$report", "{\"proposals\":\"mx-api-$role\"}", API_AUTH,
	 KMAP_EDIT, 200, 0},
	{"POST", "/api/v1/reports/{id}/submit", "/api/v1/reports/$rsubapi/submit", "{}", API_AUTH, KMAP_EDIT, 200, 0},
	{"POST", "/api/v1/reports/{id}/publish", "/api/v1/reports/$rpub/publish", "{\"public\":true}", API_AUTH,
	 KMAP_EDIT, 200, 0},
	{"PUT", "/api/v1/kpi/{id}/value", "/api/v1/kpi/$ckpi/value", "{\"fy\":2568,\"numerator\":3,\"denominator\":4}",
	 API_AUTH, KMAP_EDIT, 200, 0},
	{"DELETE", "/api/v1/kpi/{id}/value", "/api/v1/kpi/$ckpi/value?fy=2568", "", API_AUTH, KMAP_EDIT, 200, 0},
	{"POST", "/api/v1/kpi/{id}/evidence", "/api/v1/kpi/$ckpi/evidence",
	 "{\"fy\":2568,\"title\":\"mx-api-$role\",\"url\":\"https://mx.example\"}", API_AUTH, KMAP_EDIT, 201, 0},
	{"DELETE", "/api/v1/kpi/evidence/{id}", "/api/v1/kpi/evidence/$kevapi", "", API_AUTH, KMAP_EDIT, 200, 0},
	{"GET", "/api/v1/plans", "/api/v1/plans", NULL, API_OPEN, 0, 200, 0},
	{"GET", "/api/v1/plans/{id}", "/api/v1/plans/$plan", NULL, API_OPEN, 0, 200, 0},
	{"PUT", "/api/v1/plans/{id}", "/api/v1/plans/$plan", "{\"focus_areas\":\"mx-api-$role\"}", API_AUTH,
	 KMAP_EDIT, 200, 0},
	{"POST", "/api/v1/plans/{id}/copy", "/api/v1/plans/$plan/copy", "{\"fy_from\":2692,\"fy_to\":2693}",
	 API_AUTH, KMAP_EDIT, 201, 0},
	{"GET", "/api/v1/search", "/api/v1/search?q=mx&per_page=5", NULL, API_OPEN, 0, 200, 0},
	{"GET", "/api/v1/search/titles", "/api/v1/search/titles?q=mx", NULL, API_OPEN, 0, 200, 0},
	{"GET", "/api/v1/search/equivalences", "/api/v1/search/equivalences", NULL, API_AUTH,
	 ADMIN_ONLY, 200, 0},
	{"POST", "/api/v1/search/equivalences", "/api/v1/search/equivalences",
	 "{\"terms\":\"mxqa$role = mxqb$role\"}", API_AUTH, ADMIN_ONLY, 201, 0},
	/* An empty JSON body: the request carries the CSRF header. */
	{"DELETE", "/api/v1/search/equivalences/{id}", "/api/v1/search/equivalences/$equivapi", "",
	 API_AUTH, ADMIN_ONLY, 204, 0},
	{"GET", "/api/v1/search/words", "/api/v1/search/words", NULL, API_AUTH, ADMIN_ONLY, 200, 0},
	{"POST", "/api/v1/search/words", "/api/v1/search/words", "{\"word\":\"ฟหกดอ$th\"}", API_AUTH,
	 ADMIN_ONLY, 201, 0},
	{"DELETE", "/api/v1/search/words/{id}", "/api/v1/search/words/$wordapi", "", API_AUTH,
	 ADMIN_ONLY, 204, 0},
};

#define MATRIX_ROWS (sizeof matrix / sizeof matrix[0])

/* Objects of the matrix server the concrete paths point at. Goals and
 * required knowledge that get deleted have one per role. */
struct mids {
	const struct h_server *srv;
	long long unit, person, jobline, issue, rk, act;
	long long gone, contrib; /* a person who left; a contributor of this year */
	long long goal[H_NROLES], rkdel[H_NROLES];
	/* The repository's (matrix_prepare_docs). */
	long long health, doc, reva, revb, att, pub, opub, myunit[H_NROLES];
	long long own[H_NROLES], ownbase[H_NROLES], api[H_NROLES], apibase[H_NROLES];
	long long sub[H_NROLES], rvd[H_NROLES], apv[H_NROLES]; /* on their way */
	/* Search equivalence groups and the organisation's words, one per role
	 * for each delete row. */
	long long equiv[H_NROLES], equivapi[H_NROLES], word[H_NROLES], wordapi[H_NROLES];
	/* Expert interviews (matrix_prepare_experts). */
	long long exp, expdoc[H_NROLES], expapi[H_NROLES];
	/* Communities and mentoring (matrix_prepare_communities). */
	long long cop, copjoin, copthread, copreply, copfile, pair, mentee;
	long long kmc[H_NROLES], me[H_NROLES], copdoc[H_NROLES], copapi[H_NROLES];
	/* The KM plan (matrix_prepare_plans). */
	long long plan, plankpi[H_NROLES], planact[H_NROLES];
	/* The annual report (matrix_prepare_reports). */
	long long report, rsub[H_NROLES], rsubapi[H_NROLES], rpub;
	long long ckpi, kev[H_NROLES], kevapi[H_NROLES];
};

/* The Thai letter that ends the role's organisation words (ก ข ค ง จ ฉ),
 * and the same percent-encoded for a form. */
static const char *role_thai(enum h_role r, bool form)
{
	static const char *const th[H_NROLES] = {"ก", "ข", "ค", "ง", "จ", "ฉ"};
	static const char *const enc[H_NROLES] = {"%E0%B8%81", "%E0%B8%82", "%E0%B8%84",
						  "%E0%B8%87", "%E0%B8%88", "%E0%B8%89"};
	return form ? enc[r] : th[r];
}

static unsigned role_bits(enum h_role r)
{
	static const unsigned bits[H_NROLES] = {
		0,
		ROLE_STAFF,
		ROLE_UNIT_HEAD | ROLE_STAFF,
		ROLE_EXECUTIVE | ROLE_STAFF,
		ROLE_COMMITTEE | ROLE_STAFF,
		ROLE_ADMIN | ROLE_STAFF,
	};
	return bits[r];
}

/* Expands $unit, $person, $gone, $contrib, $jobline, $issue, $rk, $goal, $rkdel (the
 * role's), $role, $num (a per-role issue number), $login and $password
 * (the role's; the public uses staff's); and the repository's $health,
 * $doc, $reva, $revb, $att, $pub, $opub, $own, $ownbase, $api, $apibase,
 * $sub, $rvd, $apv and $myunit (the last eight the role's); the role's
 * search equivalence groups $equiv and $equivapi, organisation words $word
 * and $wordapi, and the Thai letter that ends its words, $th ($thf
 * percent-encoded); the expert interviews $exp, $expdoc and $expapi (the
 * last two the role's); the communities' $cop, $copjoin, $copthread,
 * $copreply, $copfile, $copdoc and $copapi (the last two the role's), the
 * mentoring pair $pair and a person $mentee, and the role's own account $me
 * and its kmc account $kmc. */
static void mexpand(const char *tpl, enum h_role r, const struct mids *m, char *out, size_t cap)
{
	size_t w = 0;
	out[0] = 0;
	for (const char *p = tpl; *p && w + 1 < cap;) {
		if (*p != '$') {
			out[w++] = *p++;
			out[w] = 0;
			continue;
		}
		const char *q = ++p;
		while (*q >= 'a' && *q <= 'z')
			q++;
		char name[16];
		size_t n = (size_t)(q - p) < sizeof name ? (size_t)(q - p) : sizeof name - 1;
		memcpy(name, p, n);
		name[n] = 0;
		p = q;
		enum h_role as = r == H_PUBLIC ? H_STAFF : r;
		char v[H_SECRET_MAX + 8] = "";
		if (!strcmp(name, "unit"))
			snprintf(v, sizeof v, "%lld", m->unit);
		else if (!strcmp(name, "plan"))
			snprintf(v, sizeof v, "%lld", m->plan);
		else if (!strcmp(name, "report"))
			snprintf(v, sizeof v, "%lld", m->report);
		else if (!strcmp(name, "rsub"))
			snprintf(v, sizeof v, "%lld", m->rsub[r]);
		else if (!strcmp(name, "rsubapi"))
			snprintf(v, sizeof v, "%lld", m->rsubapi[r]);
		else if (!strcmp(name, "rpub"))
			snprintf(v, sizeof v, "%lld", m->rpub);
		else if (!strcmp(name, "ckpi"))
			snprintf(v, sizeof v, "%lld", m->ckpi);
		else if (!strcmp(name, "kev"))
			snprintf(v, sizeof v, "%lld", m->kev[r]);
		else if (!strcmp(name, "kevapi"))
			snprintf(v, sizeof v, "%lld", m->kevapi[r]);
		else if (!strcmp(name, "plankpi"))
			snprintf(v, sizeof v, "%lld", m->plankpi[r]);
		else if (!strcmp(name, "planact"))
			snprintf(v, sizeof v, "%lld", m->planact[r]);
		else if (!strcmp(name, "act"))
			snprintf(v, sizeof v, "%lld", m->act);
		else if (!strcmp(name, "exp"))
			snprintf(v, sizeof v, "%lld", m->exp);
		else if (!strcmp(name, "expdoc"))
			snprintf(v, sizeof v, "%lld", m->expdoc[r]);
		else if (!strcmp(name, "expapi"))
			snprintf(v, sizeof v, "%lld", m->expapi[r]);
		else if (!strcmp(name, "person"))
			snprintf(v, sizeof v, "%lld", m->person);
		else if (!strcmp(name, "cop"))
			snprintf(v, sizeof v, "%lld", m->cop);
		else if (!strcmp(name, "copjoin"))
			snprintf(v, sizeof v, "%lld", m->copjoin);
		else if (!strcmp(name, "copthread"))
			snprintf(v, sizeof v, "%lld", m->copthread);
		else if (!strcmp(name, "copreply"))
			snprintf(v, sizeof v, "%lld", m->copreply);
		else if (!strcmp(name, "copfile"))
			snprintf(v, sizeof v, "%lld", m->copfile);
		else if (!strcmp(name, "copdoc"))
			snprintf(v, sizeof v, "%lld", m->copdoc[r]);
		else if (!strcmp(name, "copapi"))
			snprintf(v, sizeof v, "%lld", m->copapi[r]);
		else if (!strcmp(name, "pair"))
			snprintf(v, sizeof v, "%lld", m->pair);
		else if (!strcmp(name, "mentee"))
			snprintf(v, sizeof v, "%lld", m->mentee);
		else if (!strcmp(name, "kmc"))
			snprintf(v, sizeof v, "%lld", m->kmc[r]);
		else if (!strcmp(name, "me"))
			snprintf(v, sizeof v, "%lld", m->me[as]);
		else if (!strcmp(name, "gone"))
			snprintf(v, sizeof v, "%lld", m->gone);
		else if (!strcmp(name, "contrib"))
			snprintf(v, sizeof v, "%lld", m->contrib);
		else if (!strcmp(name, "jobline"))
			snprintf(v, sizeof v, "%lld", m->jobline);
		else if (!strcmp(name, "issue"))
			snprintf(v, sizeof v, "%lld", m->issue);
		else if (!strcmp(name, "rk"))
			snprintf(v, sizeof v, "%lld", m->rk);
		else if (!strcmp(name, "goal"))
			snprintf(v, sizeof v, "%lld", m->goal[r]);
		else if (!strcmp(name, "rkdel"))
			snprintf(v, sizeof v, "%lld", m->rkdel[r]);
		else if (!strcmp(name, "role"))
			snprintf(v, sizeof v, "%s", h_role_short(r));
		else if (!strcmp(name, "num"))
			snprintf(v, sizeof v, "%d", 80 + (int)r);
		else if (!strcmp(name, "health"))
			snprintf(v, sizeof v, "%lld", m->health);
		else if (!strcmp(name, "doc"))
			snprintf(v, sizeof v, "%lld", m->doc);
		else if (!strcmp(name, "reva"))
			snprintf(v, sizeof v, "%lld", m->reva);
		else if (!strcmp(name, "revb"))
			snprintf(v, sizeof v, "%lld", m->revb);
		else if (!strcmp(name, "att"))
			snprintf(v, sizeof v, "%lld", m->att);
		else if (!strcmp(name, "pub"))
			snprintf(v, sizeof v, "%lld", m->pub);
		else if (!strcmp(name, "own"))
			snprintf(v, sizeof v, "%lld", m->own[r]);
		else if (!strcmp(name, "ownbase"))
			snprintf(v, sizeof v, "%lld", m->ownbase[r]);
		else if (!strcmp(name, "api"))
			snprintf(v, sizeof v, "%lld", m->api[r]);
		else if (!strcmp(name, "apibase"))
			snprintf(v, sizeof v, "%lld", m->apibase[r]);
		else if (!strcmp(name, "opub"))
			snprintf(v, sizeof v, "%lld", m->opub);
		else if (!strcmp(name, "sub"))
			snprintf(v, sizeof v, "%lld", m->sub[r]);
		else if (!strcmp(name, "rvd"))
			snprintf(v, sizeof v, "%lld", m->rvd[r]);
		else if (!strcmp(name, "apv"))
			snprintf(v, sizeof v, "%lld", m->apv[r]);
		else if (!strcmp(name, "myunit"))
			snprintf(v, sizeof v, "%lld", m->myunit[r]);
		else if (!strcmp(name, "equiv"))
			snprintf(v, sizeof v, "%lld", m->equiv[r]);
		else if (!strcmp(name, "equivapi"))
			snprintf(v, sizeof v, "%lld", m->equivapi[r]);
		else if (!strcmp(name, "word"))
			snprintf(v, sizeof v, "%lld", m->word[r]);
		else if (!strcmp(name, "wordapi"))
			snprintf(v, sizeof v, "%lld", m->wordapi[r]);
		else if (!strcmp(name, "th"))
			snprintf(v, sizeof v, "%s", role_thai(r, false));
		else if (!strcmp(name, "thf"))
			snprintf(v, sizeof v, "%s", role_thai(r, true));
		else if (!strcmp(name, "login"))
			snprintf(v, sizeof v, "%s", h_role_login(as));
		else if (!strcmp(name, "password"))
			snprintf(v, sizeof v, "%s", m->srv->passwords[as]);
		else
			fail_msg("matrix: unknown $%s", name);
		int k = snprintf(out + w, cap - w, "%s", v);
		w += k > 0 ? (size_t)k : 0;
		if (w >= cap)
			w = cap - 1;
	}
}

/* Sends one matrix request as role r with client c. */
static long mrequest(struct h_client *c, const struct mrow *row, enum h_role r,
		     const struct mids *m, char *path, size_t path_cap)
{
	char body[1024], hdr[128];
	mexpand(row->path, r, m, path, path_cap);
	if (!row->body)
		return h_request(c, row->method, path, NULL, NULL, 0, NULL);
	mexpand(row->body, r, m, body, sizeof body);
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", c->csrf);
	const char *const headers[] = {hdr, NULL};
	if (row->flags & M_UPLOAD) {
		/* Pages send the token as a form field, the API as the header. */
		struct h_buf mp = {0};
		char ctype[128];
		bool api = row->flags & M_API;
		multipart_body(&mp, ctype, sizeof ctype, body, api ? NULL : c->csrf);
		long st = h_request(c, row->method, path, ctype, mp.p, mp.len,
				    api ? headers : NULL);
		h_buf_release(&mp);
		return st;
	}
	if (row->flags & M_API)
		return h_request(c, row->method, path, "application/json", body, strlen(body),
				 headers);
	char form[1200];
	snprintf(form, sizeof form, "%s%s_csrf=%s", body, body[0] ? "&" : "", c->csrf);
	return h_request(c, row->method, path, "application/x-www-form-urlencoded", form,
			 strlen(form), NULL);
}

/* Whether the answer is what the table says for role r; `why` says what
 * differs. */
static bool mcheck(const struct mrow *row, enum h_role r, struct h_client *c, const char *path,
		   char *why, size_t cap)
{
	bool allowed = !(row->flags & M_AUTH) ||
		       (r != H_PUBLIC && (!row->roles || (role_bits(r) & row->roles)));
	bool api = row->flags & M_API;
	char v[600];
	why[0] = 0;
	if (allowed && (row->flags & M_OBJECT) && !(row->acts & HR(r))) {
		/* The route lets the role in; the object must refuse it (an
		 * account that may open it: 403). */
		if ((row->flags & M_OPENS) && r != H_PUBLIC && c->status != 403) {
			snprintf(why, cap, "want 403");
			return false;
		}
		if (c->status != 403 && c->status != 404) {
			snprintf(why, cap, "want 403 or 404");
			return false;
		}
		if (api) {
			json_t *j = h_json(c);
			const char *code = str_of(json_object_get(j, "error"), "code");
			if (!code || (strcmp(code, "forbidden") && strcmp(code, "not_found")))
				snprintf(why, cap, "want a JSON error");
			json_decref(j);
		} else if (!h_header(c, "Content-Type", v, sizeof v) || !strstr(v, "text/html") ||
			   !has_thai(c->body.p)) {
			snprintf(why, cap, "want an HTML page in Thai");
		}
		return !why[0];
	}
	if (allowed) {
		long want = row->ok == OK_LOGIN_FORM ? (r == H_PUBLIC ? 200 : 303) : row->ok;
		if (c->status != want)
			snprintf(why, cap, "want %ld", want);
		return !why[0];
	}
	if (r == H_PUBLIC && !api && !strcmp(row->method, "GET")) {
		/* A page that needs a login sends the public there and back: the
		 * decoded `next` is the whole path, query included. */
		static const char login[] = "/login?next=";
		char *next = NULL;
		if (c->status == 303 && h_header(c, "Location", v, sizeof v) &&
		    !strncmp(v, login, sizeof login - 1))
			next = curl_easy_unescape(c->curl, v + sizeof login - 1, 0, NULL);
		if (c->status != 303)
			snprintf(why, cap, "want 303");
		else if (!next || strcmp(next, path) != 0) {
			char msg[120];
			snprintf(msg, sizeof msg, "Location %.40s, want next=%.50s encoded", v,
				 path);
			snprintf(why, cap, "%s", msg);
		}
		curl_free(next);
		return !why[0];
	}
	long want = r == H_PUBLIC ? 401 : 403;
	if (c->status != want) {
		snprintf(why, cap, "want %ld", want);
		return false;
	}
	if (api) {
		json_t *j = h_json(c);
		const char *code = str_of(json_object_get(j, "error"), "code");
		if (!code || strcmp(code, want == 401 ? "unauthorized" : "forbidden") != 0)
			snprintf(why, cap, "want a JSON error");
		json_decref(j);
	} else if (!h_header(c, "Content-Type", v, sizeof v) || !strstr(v, "text/html") ||
		   (want == 403 && !h_body_has(c, "คุณไม่มีสิทธิ์"))) {
		snprintf(why, cap, "want an HTML page in Thai");
	}
	return !why[0];
}

/* A client for role r on srv: logged in, with its CSRF token; the public's
 * has the anonymous one. */
static struct h_client *mclient(const struct h_server *srv, enum h_role r)
{
	return r == H_PUBLIC ? anonymous_with_token(srv) : h_client_session(srv, r);
}

static long long id_from_location(struct h_client *c, const char *prefix)
{
	char v[256];
	assert_non_null(h_header(c, "Location", v, sizeof v));
	size_t n = strlen(prefix);
	assert_memory_equal(v, prefix, n);
	char *end;
	long long id = strtoll(v + n, &end, 10);
	assert_true(id > 0 && (*end == 0 || *end == '/' || *end == '?'));
	return id;
}

static long long api_create(struct h_client *bot, const char *path, const char *json)
{
	h_post_json(bot, path, json, NULL);
	json_t *v = h_json_answer(bot, 201);
	long long id = int_of(v, "id");
	json_decref(v);
	return id;
}

/* Finds in the knowledge map's issue `issue` the goal (key "goals", field
 * "text") or item (key "knowledge", field "title") with that text. */
static long long kmap_find(json_t *kmap, long long issue, const char *key, const char *field,
			   const char *text)
{
	size_t i, j;
	json_t *is, *x;
	json_array_foreach(json_object_get(kmap, "issues"), i, is) {
		if (int_of(is, "id") != issue)
			continue;
		json_array_foreach(json_object_get(is, key), j, x) {
			if (str_of(x, field) && !strcmp(str_of(x, field), text))
				return int_of(x, "id");
		}
	}
	fail_msg("knowledge map: no %s '%s'", key, text);
	return 0;
}

static void matrix_prepare(const struct h_server *srv, struct h_client *admin, struct mids *m)
{
	char token[H_SECRET_MAX];
	assert_int_equal(h_token_create(srv, "admin", token, sizeof token), 0);
	struct h_client *bot = h_client_new(srv);
	snprintf(bot->bearer, sizeof bot->bearer, "%s", token);
	m->srv = srv;
	m->unit =
		api_create(bot, "/api/v1/units", "{\"name\":\"mx-target-unit\",\"code\":\"MXT\"}");
	char json[200];
	snprintf(json, sizeof json, "{\"name\":\"mx-target-person\",\"unit_id\":%lld}", m->unit);
	m->person = api_create(bot, "/api/v1/people", json);
	m->gone = api_create(bot, "/api/v1/people", "{\"name\":\"mx-gone-person\",\"position\":\"mx-position\",\"active\":0}");
	m->contrib = h_db_number(srv, "SELECT person_id FROM accounts WHERE login = ?1", "unithead", 0);
	m->jobline = api_create(bot, "/api/v1/job-lines",
				"{\"code\":\"MXT\",\"name\":\"mx-target-jobline\"}");
	m->act = api_create(bot, "/api/v1/activities",
			    "{\"title\":\"mx-target-activity\",\"kind\":\"training\","
			    "\"start_date\":\"2026-10-05\",\"end_date\":\"2026-10-06\",\"hours\":\"12\"}");

	h_post_form(admin, "/admin/kmap/issues",
		    h_form(admin, "number", "70", "title", "mx-target-issue", "_csrf", admin->csrf,
			   NULL));
	assert_status(admin, 303);
	m->issue = id_from_location(admin, "/admin/kmap/issues/");
	char path[128], text[64];
	snprintf(path, sizeof path, "/admin/kmap/issues/%lld/knowledge", m->issue);
	h_post_form(admin, path,
		    h_form(admin, "title", "mx-target-rk", "_csrf", admin->csrf, NULL));
	assert_status(admin, 303);
	for (int r = 0; r < H_NROLES; r++) {
		snprintf(text, sizeof text, "mx-rkdel-%s", h_role_short((enum h_role)r));
		h_post_form(admin, path, h_form(admin, "title", text, "_csrf", admin->csrf, NULL));
		assert_status(admin, 303);
	}
	snprintf(path, sizeof path, "/admin/kmap/issues/%lld/goals", m->issue);
	for (int r = 0; r < H_NROLES; r++) {
		snprintf(text, sizeof text, "mx-goal-%s", h_role_short((enum h_role)r));
		h_post_form(admin, path, h_form(admin, "text", text, "_csrf", admin->csrf, NULL));
		assert_status(admin, 303);
	}
	for (int r = 0; r < H_NROLES; r++) {
		const char *who = h_role_short((enum h_role)r);
		char group[128];
		snprintf(group, sizeof group, "{\"terms\":\"mxea%s = mxeb%s\"}", who, who);
		m->equiv[r] = api_create(bot, "/api/v1/search/equivalences", group);
		snprintf(group, sizeof group, "{\"terms\":\"mxfa%s = mxfb%s\"}", who, who);
		m->equivapi[r] = api_create(bot, "/api/v1/search/equivalences", group);
		snprintf(group, sizeof group, "{\"word\":\"ฟหกดล%s\"}", role_thai((enum h_role)r, false));
		m->word[r] = api_create(bot, "/api/v1/search/words", group);
		snprintf(group, sizeof group, "{\"word\":\"ฟหกดบ%s\"}", role_thai((enum h_role)r, false));
		m->wordapi[r] = api_create(bot, "/api/v1/search/words", group);
	}
	json_t *kmap = get_json(bot, "/api/v1/knowledge-map", 200);
	m->rk = kmap_find(kmap, m->issue, "knowledge", "title", "mx-target-rk");
	for (int r = 0; r < H_NROLES; r++) {
		snprintf(text, sizeof text, "mx-rkdel-%s", h_role_short((enum h_role)r));
		m->rkdel[r] = kmap_find(kmap, m->issue, "knowledge", "title", text);
		snprintf(text, sizeof text, "mx-goal-%s", h_role_short((enum h_role)r));
		m->goal[r] = kmap_find(kmap, m->issue, "goals", "text", text);
	}
	json_decref(kmap);
	h_client_free(bot);
}

/* Takes workflow step `action` on document `id` as role r (bearer token),
 * expecting 200. */
static void mstep(struct h_server *srv, enum h_role r, long long id, const char *action)
{
	struct h_client *c = h_client_bearer(srv, h_role_token(srv, r));
	char path[80];
	snprintf(path, sizeof path, "/api/v1/documents/%lld/transitions", id);
	h_send_json(c, "POST", path, json_pack("{s:s}", "action", action));
	assert_status(c, 200);
	h_client_free(c);
}

/* The repository's fixtures (see the matrix's comment), made through the
 * API by HEALTH's unit head and, for the workflow's, by its staff. */
static void matrix_prepare_docs(struct h_server *srv, struct mids *m)
{
	struct h_client *bot = h_client_bearer(srv, h_role_token(srv, H_UNITHEAD));
	struct h_client *staff = h_client_bearer(srv, h_role_token(srv, H_STAFF));
	m->health = unit_by_code(bot, "HEALTH");
	long long office = unit_by_code(bot, "OFFICE-ADM"), strat = unit_by_code(bot, "STRAT-IT");
	for (int r = 0; r < H_NROLES; r++)
		m->myunit[r] = r == H_EXECUTIVE || r == H_COMMITTEE ? office
			       : r == H_ADMIN				  ? strat
								  : m->health;
	m->doc = doc_make(bot, "mx-doc", "manual", m->health, "org", "mx first", &m->reva);
	m->revb = doc_save(bot, m->doc, m->reva, "mx second");
	m->pub = doc_make(bot, "mx-pub", "manual", m->health, "public", "mx public", NULL);
	doc_publish(srv, m->pub);
	m->opub = doc_make(bot, "mx-opub", "manual", m->health, "org", "mx org", NULL);
	doc_publish(srv, m->opub);
	for (int r = 0; r < H_NROLES; r++) {
		const char *who = h_role_short((enum h_role)r);
		char title[64];
		snprintf(title, sizeof title, "mx-own-%s", who);
		m->own[r] = doc_make(bot, title, "manual", m->health, "org", "mx", &m->ownbase[r]);
		snprintf(title, sizeof title, "mx-api-%s", who);
		m->api[r] = doc_make(bot, title, "manual", m->health, "org", "mx", &m->apibase[r]);
		snprintf(title, sizeof title, "mx-sub-%s", who);
		m->sub[r] = doc_make(staff, title, "manual", m->health, "org", "mx", NULL);
		snprintf(title, sizeof title, "mx-rvd-%s", who);
		m->rvd[r] = doc_make(staff, title, "manual", m->health, "org", "mx", NULL);
		snprintf(title, sizeof title, "mx-apv-%s", who);
		m->apv[r] = doc_make(staff, title, "manual", m->health, "org", "mx", NULL);
		long long *on_way[] = {&m->sub[r], &m->rvd[r], &m->apv[r]};
		static const char *const steps[] = {"submit", "review", "approve"};
		static const enum h_role takers[] = {H_UNITHEAD, H_COMMITTEE, H_EXECUTIVE};
		for (int k = 0; k < 3; k++) {
			for (int j = 0; j <= k; j++)
				mstep(srv, takers[j], *on_way[k], steps[j]);
		}
	}
	struct h_buf mp = {0};
	char ctype[128], path[80];
	multipart_body(&mp, ctype, sizeof ctype, "file:mx-fixture.txt", NULL);
	snprintf(path, sizeof path, "/api/v1/documents/%lld/attachments", m->doc);
	h_request(bot, "POST", path, ctype, mp.p, mp.len, NULL);
	h_buf_release(&mp);
	json_t *a = h_json_answer(bot, 201);
	m->att = int_of(a, "id");
	json_decref(a);
	h_client_free(bot);
	h_client_free(staff);
}

/* The expert interviews of the matrix: the committee interviews HEALTH's
 * staff member ($exp), and once per role for each draft row, recording
 * the signed consent form ($expdoc, $expapi). */
static void matrix_prepare_experts(struct h_server *srv, struct mids *m)
{
	struct h_client *kmc = h_client_bearer(srv, h_role_token(srv, H_COMMITTEE));
	struct h_client *staff = h_client_bearer(srv, h_role_token(srv, H_STAFF));
	h_get(staff, "/api/v1/me");
	json_t *me = h_json_answer(staff, 200);
	long long expert = int_of(json_object_get(me, "person"), "id");
	json_decref(me);
	char body[256], path[96];
	snprintf(body, sizeof body,
		 "{\"expert_person_id\":%lld,\"topic\":\"mx-exp\",\"date\":\"2026-11-01\",\"key_tasks\":\"mx\"}", expert);
	m->exp = api_create(kmc, "/api/v1/experts", body);
	for (int r = 0; r < H_NROLES; r++) {
		long long *made[] = {&m->expdoc[r], &m->expapi[r]};
		for (int k = 0; k < 2; k++) {
			*made[k] = api_create(kmc, "/api/v1/experts", body);
			snprintf(path, sizeof path, "/api/v1/experts/%lld/consent", *made[k]);
			h_post_json(kmc, path, "{\"consent_given\":true,\"consent_note\":\"mx\"}", NULL);
			assert_status(kmc, 200);
		}
	}
	h_client_free(kmc);
	h_client_free(staff);
}

/* The communities of the matrix (see COP_MEMBERS): $cop, facilitated by
 * the unit head, with staff as a member; $copjoin, facilitated by FIN's
 * head, for joining and leaving; staff's thread $copthread (with the file
 * $copfile) and the unit head's reply $copreply; a thread of staff's per
 * role for each draft row; the demo's mentoring pair. */
static void matrix_prepare_communities(struct h_server *srv, struct mids *m)
{
	static const char *const kmc[H_NROLES] = {"kmc01", "kmc02", "kmc03", "kmc04", "kmc05", "kmc06"};
	for (int r = 0; r < H_NROLES; r++) {
		m->kmc[r] = h_db_number(srv, "SELECT id FROM accounts WHERE login = ?1", kmc[r], 0);
		m->me[r] = h_db_number(srv, "SELECT id FROM accounts WHERE login = ?1",
				       h_role_login(r == H_PUBLIC ? H_STAFF : (enum h_role)r), 0);
	}
	long long fin = h_db_number(srv, "SELECT id FROM accounts WHERE login = ?1", "head-fin", 0);
	m->pair = h_db_number(srv, "SELECT min(id) FROM mentoring_pairs", NULL, 0);
	m->mentee = h_db_number(srv, "SELECT min(id) FROM people", NULL, 0);
	struct h_client *kmcc = h_client_bearer(srv, h_role_token(srv, H_COMMITTEE));
	struct h_client *staff = h_client_bearer(srv, h_role_token(srv, H_STAFF));
	struct h_client *head = h_client_bearer(srv, h_role_token(srv, H_UNITHEAD));
	char body[200], path[96];
	snprintf(body, sizeof body, "{\"name\":\"mx-cop\",\"facilitator_account_id\":%lld}", m->me[H_UNITHEAD]);
	m->cop = api_create(kmcc, "/api/v1/communities", body);
	snprintf(body, sizeof body, "{\"name\":\"mx-cop-join\",\"facilitator_account_id\":%lld}", fin);
	m->copjoin = api_create(kmcc, "/api/v1/communities", body);
	snprintf(path, sizeof path, "/api/v1/communities/%lld/members", m->cop);
	h_post_json(staff, path, "{}", NULL);
	assert_status(staff, 201);
	struct h_buf mp = {0};
	char ctype[128];
	multipart_body(&mp, ctype, sizeof ctype, "file:mx-cop-fixture.txt?title=mx-cop-thread&body_md=mx", NULL);
	snprintf(path, sizeof path, "/api/v1/communities/%lld/threads", m->cop);
	h_request(staff, "POST", path, ctype, mp.p, mp.len, NULL);
	h_buf_release(&mp);
	json_t *t = h_json_answer(staff, 201);
	m->copthread = int_of(t, "id");
	json_decref(t);
	snprintf(path, sizeof path, "/api/v1/threads/%lld", m->copthread);
	t = get_json(staff, path, 200);
	m->copfile = int_of(json_array_get(json_object_get(t, "files"), 0), "id");
	json_decref(t);
	snprintf(path, sizeof path, "/api/v1/threads/%lld/replies", m->copthread);
	m->copreply = api_create(head, path, "{\"body_md\":\"mx-reply\"}");
	snprintf(path, sizeof path, "/api/v1/communities/%lld/threads", m->cop);
	for (int r = 0; r < H_NROLES; r++) {
		m->copdoc[r] = api_create(staff, path, "{\"title\":\"mx-cop-doc\",\"body_md\":\"mx\"}");
		m->copapi[r] = api_create(staff, path, "{\"title\":\"mx-cop-api\",\"body_md\":\"mx\"}");
	}
	h_client_free(kmcc);
	h_client_free(staff);
	h_client_free(head);
}

/* The KM plan's fixtures: the seed's plan, and per role a KPI and an
 * action row (made by the admin's forms) for the delete rows. */
static void matrix_prepare_plans(const struct h_server *srv, struct h_client *admin, struct mids *m)
{
	m->plan = h_db_number(srv, "SELECT id FROM km_plans WHERE fy_from = ?1", NULL, 2564);
	assert_true(m->plan > 0);
	char path[96], code[32], text[32];
	for (int r = 0; r < H_NROLES; r++) {
		snprintf(code, sizeof code, "MXDEL-%s", h_role_short((enum h_role)r));
		snprintf(path, sizeof path, "/plans/%lld/kpis", m->plan);
		h_post_form(admin, path, h_form(admin, "code", code, "kind", "system", "_csrf", admin->csrf, NULL));
		assert_status(admin, 303);
		m->plankpi[r] = h_db_number(srv, "SELECT id FROM plan_kpis WHERE code = ?1", code, 0);
		snprintf(text, sizeof text, "mx-del-%s", h_role_short((enum h_role)r));
		snprintf(path, sizeof path, "/plans/%lld/actions", m->plan);
		h_post_form(admin, path, h_form(admin, "activity", text, "_csrf", admin->csrf, NULL));
		assert_status(admin, 303);
		m->planact[r] = h_db_number(srv, "SELECT id FROM plan_actions WHERE activity = ?1", text, 0);
		assert_true(m->plankpi[r] > 0 && m->planact[r] > 0);
	}
}

/* The annual report's fixtures: drafts of FY 2566 made by the admin's
 * form, one to read and edit and per role two to submit. */
static long long mreport(const struct h_server *srv, struct h_client *admin)
{
	h_post_form(admin, "/reports", h_form(admin, "fy", "2566", "_csrf", admin->csrf, NULL));
	assert_status(admin, 303);
	long long id = h_db_number(srv, "SELECT max(id) FROM annual_reports WHERE id > ?1", NULL, 0);
	assert_true(id > 0);
	return id;
}

/* An evidence item of custom indicator `kpi` in FY 2568, added by the admin. */
static long long mevidence(const struct h_server *srv, struct h_client *admin, long long kpi)
{
	char path[64];
	snprintf(path, sizeof path, "/kpi/%lld/evidence", kpi);
	h_post_form(admin, path,
		    h_form(admin, "fy", "2568", "title", "mx-evidence", "url", "https://mx.example", "_csrf", admin->csrf,
			   NULL));
	assert_status(admin, 303);
	long long e = h_db_number(srv, "SELECT max(id) FROM kpi_evidence WHERE kpi_id = ?1", NULL, kpi);
	assert_true(e > 0);
	return e;
}

static void matrix_prepare_reports(const struct h_server *srv, struct h_client *admin, struct mids *m)
{
	m->report = mreport(srv, admin);
	for (int r = 0; r < H_NROLES; r++) {
		m->rsub[r] = mreport(srv, admin);
		m->rsubapi[r] = mreport(srv, admin);
	}
	m->rpub = mreport(srv, admin);
	char path[64];
	snprintf(path, sizeof path, "/reports/%lld/submit", m->rpub);
	h_post_form(admin, path, h_form(admin, "_csrf", admin->csrf, NULL));
	assert_status(admin, 303);
	snprintf(path, sizeof path, "/reports/%lld/publish", m->rpub);
	h_post_form(admin, path, h_form(admin, "public", "1", "_csrf", admin->csrf, NULL));
	assert_status(admin, 303);
	m->ckpi = h_db_number(srv, "SELECT id FROM plan_kpis WHERE code = ?1", "KPI4", 0);
	assert_true(m->ckpi > 0);
	for (int r = 0; r < H_NROLES; r++) {
		m->kev[r] = mevidence(srv, admin, m->ckpi);
		m->kevapi[r] = mevidence(srv, admin, m->ckpi);
	}
}

/* The state the matrix's writes left on document `id`: its status and
 * the number of its revisions, as the admin sees them. */
static void mdoc_state(struct h_client *admin, long long id, char *status, size_t cap,
		       size_t *revisions)
{
	json_t *d = api_doc(admin, id);
	snprintf(status, cap, "%s", or_null(str_of(d, "status")));
	json_decref(d);
	char path[80];
	snprintf(path, sizeof path, "/api/v1/documents/%lld/revisions", id);
	json_t *v = get_json(admin, path, 200);
	*revisions = json_array_size(json_object_get(v, "items"));
	json_decref(v);
}

static void route_matrix(void **state)
{
	(void)state;
	struct h_server *srv = h_server_start(NULL);
	assert_non_null(srv);
	struct h_client *as[H_NROLES];
	for (int r = 0; r < H_NROLES; r++)
		as[r] = mclient(srv, (enum h_role)r);
	struct mids m = {0};
	matrix_prepare(srv, as[H_ADMIN], &m);
	matrix_prepare_docs(srv, &m);
	matrix_prepare_experts(srv, &m);
	matrix_prepare_communities(srv, &m);
	matrix_prepare_plans(srv, as[H_ADMIN], &m);
	matrix_prepare_reports(srv, as[H_ADMIN], &m);

	int failures = 0;
	printf("# route × role (pub sta uhd exe com adm): status, ! where the table disagrees\n");
	for (size_t i = 0; i < MATRIX_ROWS; i++) {
		const struct mrow *row = &matrix[i];
		char line[400], why[160] = "", path[300];
		int n = snprintf(line, sizeof line, "# %-4s %-36s", row->method, row->pattern);
		for (int r = 0; r < H_NROLES; r++) {
			struct h_client *c = as[r];
			if (row->flags & M_FRESH)
				c = mclient(srv, (enum h_role)r);
			mrequest(c, row, (enum h_role)r, &m, path, sizeof path);
			char w[120];
			bool ok = mcheck(row, (enum h_role)r, c, path, w, sizeof w);
			if (!ok) {
				failures++;
				if (!why[0]) {
					snprintf(why, sizeof why, " (%s: got %ld, %s: %.60s)",
						 h_role_short((enum h_role)r), c->status, w,
						 c->body.p ? c->body.p : "");
					for (char *x = why; *x; x++) /* one TAP comment line */
						if (*x == '\n' || *x == '\r' || *x == '\t')
							*x = ' ';
				}
			}
			if (n > 0 && (size_t)n < sizeof line)
				n += snprintf(line + n, sizeof line - (size_t)n, " %3ld%s",
					      c->status, ok ? " " : "!");
			if (row->flags & M_FRESH)
				h_client_free(c);
		}
		printf("%s%s\n", line, why);
	}

	/* Refused writes left nothing behind: of the units and job lines each
	 * role tried to create (by form and by API), only the admin's exist. */
	struct h_client *admin = as[H_ADMIN];
	static const struct {
		const char *list, *prefix; /* list path; name before the role */
	} made[] = {
		{"/api/v1/units?per_page=200", "mx-unit-"},
		{"/api/v1/units?per_page=200", "mx-api-unit-"},
		{"/api/v1/job-lines", "mx-jobline-"},
		{"/api/v1/job-lines", "mx-api-jl-"},
	};
	for (size_t k = 0; k < sizeof made / sizeof made[0]; k++) {
		for (int r = 0; r < H_NROLES; r++) {
			char name[64];
			snprintf(name, sizeof name, "%s%s", made[k].prefix,
				 h_role_short((enum h_role)r));
			if (named_in_list(admin, made[k].list, name) != (r == H_ADMIN)) {
				printf("# %s: %s\n", name, r == H_ADMIN ? "missing" : "made");
				failures++;
			}
		}
	}
	/* Search equivalences: only the admin's groups were added (by form
	 * and by API), only the admin's fixtures were deleted. */
	json_t *groups = get_json(admin, "/api/v1/search/equivalences", 200);
	for (int r = 0; r < H_NROLES; r++) {
		const char *who = h_role_short((enum h_role)r);
		char want[4][64];
		snprintf(want[0], sizeof want[0], "mxpa%s=mxpb%s", who, who);
		snprintf(want[1], sizeof want[1], "mxqa%s = mxqb%s", who, who);
		snprintf(want[2], sizeof want[2], "mxea%s = mxeb%s", who, who);
		snprintf(want[3], sizeof want[3], "mxfa%s = mxfb%s", who, who);
		for (int k = 0; k < 4; k++) {
			bool found = false;
			size_t i;
			json_t *g;
			json_array_foreach(json_object_get(groups, "items"), i, g) {
				if (str_of(g, "terms") && !strcmp(str_of(g, "terms"), want[k]))
					found = true;
			}
			/* added: only by the admin; fixtures: all but the admin's remain */
			if (found != ((k < 2) == (r == H_ADMIN))) {
				printf("# equivalence '%s': %s\n", want[k], found ? "present" : "missing");
				failures++;
			}
		}
	}
	json_decref(groups);
	/* The organisation's words likewise. */
	json_t *words = get_json(admin, "/api/v1/search/words", 200);
	for (int r = 0; r < H_NROLES; r++) {
		static const char *const stems[4] = {"ฟหกดป", "ฟหกดอ", "ฟหกดล", "ฟหกดบ"};
		for (int k = 0; k < 4; k++) {
			char want[64];
			snprintf(want, sizeof want, "%s%s", stems[k], role_thai((enum h_role)r, false));
			bool found = false;
			size_t i;
			json_t *w;
			json_array_foreach(json_object_get(words, "items"), i, w) {
				if (str_of(w, "word") && !strcmp(str_of(w, "word"), want))
					found = true;
			}
			if (found != ((k < 2) == (r == H_ADMIN))) {
				printf("# word '%s': %s\n", want, found ? "present" : "missing");
				failures++;
			}
		}
	}
	json_decref(words);
	/* Documents: only the editors' creations exist, only their edits were
	 * saved, only those whose step it was took it: reviewed $sub, approved
	 * $rvd, published $apv. */
	struct h_client *bot = h_client_bearer(srv, h_role_token(srv, H_ADMIN));
	for (int r = 0; r < H_NROLES; r++) {
		const char *who = h_role_short((enum h_role)r);
		bool edits = HEALTH_EDITORS & HR(r);
		static const char *const made_docs[] = {"mx-doc-", "mx-api-doc-", "mx-imp-"};
		for (size_t k = 0; k < 3; k++) {
			char title[64];
			snprintf(title, sizeof title, "%s%s", made_docs[k], who);
			bool found = false;
			json_t *v =
				get_json(bot, "/api/v1/documents?status=draft&per_page=200", 200);
			size_t i;
			json_t *d;
			json_array_foreach(json_object_get(v, "items"), i, d) {
				if (str_of(d, "title") && !strcmp(str_of(d, "title"), title))
					found = true;
			}
			json_decref(v);
			/* Imports go to each role's own division. */
			bool want = k == 2 ? r != H_PUBLIC : edits;
			if (found != want) {
				printf("# document %s: %s\n", title, want ? "missing" : "made");
				failures++;
			}
		}
		char status[32];
		size_t revs;
		size_t want_revs = edits ? 2 : 1;
		mdoc_state(bot, m.own[r], status, sizeof status, &revs);
		if (revs != want_revs || strcmp(status, "draft")) {
			printf("# mx-own-%s: %s with %zu revisions\n", who, status, revs);
			failures++;
		}
		mdoc_state(bot, m.api[r], status, sizeof status, &revs);
		if (revs != want_revs || strcmp(status, "draft")) {
			printf("# mx-api-%s: %s with %zu revisions\n", who, status, revs);
			failures++;
		}
		const struct {
			const char *name;
			long long id;
			unsigned acts;
			const char *before, *after;
		} steps[] = {
			{"mx-sub", m.sub[r], MANUAL_REVIEWERS, "submitted", "reviewed"},
			{"mx-rvd", m.rvd[r], MANUAL_APPROVERS, "reviewed", "approved"},
			{"mx-apv", m.apv[r], MANUAL_PUBLISHERS, "approved", "published"},
		};
		for (size_t k = 0; k < 3; k++) {
			const char *want = steps[k].acts & HR(r) ? steps[k].after : steps[k].before;
			mdoc_state(bot, steps[k].id, status, sizeof status, &revs);
			if (strcmp(status, want)) {
				printf("# %s-%s: %s, not %s\n", steps[k].name, who, status, want);
				failures++;
			}
		}
	}
	/* Every account commented on $doc, by form and by API; the public not. */
	char path[80];
	snprintf(path, sizeof path, "/api/v1/documents/%lld/comments", m.doc);
	json_t *comments = get_json(bot, path, 200);
	for (int r = 0; r < H_NROLES; r++) {
		for (int k = 0; k < 2; k++) {
			char body[64];
			snprintf(body, sizeof body, "mx-%scomment-%s", k ? "api-" : "",
				 h_role_short((enum h_role)r));
			bool found = false;
			size_t i;
			json_t *x;
			json_array_foreach(json_object_get(comments, "items"), i, x)
				found |= str_of(x, "body") && !strcmp(str_of(x, "body"), body);
			if (found != (r != H_PUBLIC)) {
				printf("# comment %s: %s\n", body, found ? "made" : "missing");
				failures++;
			}
		}
	}
	json_decref(comments);
	/* Three restores and six uploads (by form and API) by the editors. */
	size_t revs;
	char status[32];
	mdoc_state(bot, m.doc, status, sizeof status, &revs);
	if (revs != 2 + 3) {
		printf("# mx-doc: %zu revisions, not 5\n", revs);
		failures++;
	}
	snprintf(path, sizeof path, "/docs/%lld", m.doc);
	assert_int_equal(h_get(as[H_ADMIN], path), 200);
	int files = 0;
	for (const char *p = as[H_ADMIN]->body.p; (p = strstr(p, "/preview\"")); p++)
		files++;
	if (files != 1 + 6) {
		printf("# mx-doc: %d attachments, not 7\n", files);
		failures++;
	}
	h_client_free(bot);
	if (failures)
		fail_msg("%d role × route outcomes differ from the table", failures);
	assert_int_equal(h_server_stop(srv), 0);
}

/* Finds the source root: argv[2], or the root this file was compiled from
 * (__FILE__ is relative to the build directory, where the klang binary
 * lives). */
static void find_source_root(int argc, char **argv)
{
	static const char tail[] = "tests/http/test_http.c";
	char cand[sizeof S.routes_c];
	cand[0] = 0;
	if (argc > 2) {
		snprintf(cand, sizeof cand, "%s", argv[2]);
	} else {
		const char *file = __FILE__;
		size_t n = strlen(file), t = strlen(tail);
		if (n >= t && strcmp(file + n - t, tail) == 0) {
			int dir_len = 0;
			const char *slash = strrchr(argv[1], '/');
			if (file[0] != '/' && slash)
				dir_len = (int)(slash - argv[1] + 1);
			snprintf(cand, sizeof cand, "%.*s%.*s", dir_len, argv[1], (int)(n - t),
				 file);
		}
	}
	char probe[sizeof cand + 32];
	struct stat st;
	snprintf(probe, sizeof probe, "%s%ssrc/web/routes.c", cand,
		 cand[0] && cand[strlen(cand) - 1] != '/' ? "/" : "");
	size_t n = strlen(probe);
	if (cand[0] && n < sizeof S.routes_c && stat(probe, &st) == 0)
		memcpy(S.routes_c, probe, n + 1);
}

/* Every route of src/web/routes.c has a row in the matrix, and every row
 * is a route there. */
static void route_table_is_covered(void **state)
{
	(void)state;
	if (!S.routes_c[0])
		fail_msg("src/web/routes.c not found: pass the source root as the second argument");
	/* A failure here means a route was added or removed: give it a row in
	 * `matrix` above (path, body, flags and roles as in routes.c). */
	FILE *f = fopen(S.routes_c, "r");
	assert_non_null(f);
	struct h_buf text = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		h_buf_add(&text, chunk, n);
	fclose(f);
	const char *p = text.p ? strstr(text.p, "web_routes[]") : NULL;
	assert_non_null(p);

	bool seen[MATRIX_ROWS] = {0};
	int routes = 0, missing = 0;
	/* Each entry opens with "{HTTP_…", its methods joined by '|', then the
	 * quoted pattern. */
	while ((p = strstr(p, "{HTTP_"))) {
		const char *q = strchr(p, '"');
		assert_non_null(q);
		char methods[128], pattern[128];
		size_t ml = (size_t)(q - p - 1) < sizeof methods ? (size_t)(q - p - 1)
								 : sizeof methods - 1;
		memcpy(methods, p + 1, ml);
		methods[ml] = 0;
		const char *e = strchr(q + 1, '"');
		assert_non_null(e);
		size_t pl = (size_t)(e - q - 1) < sizeof pattern ? (size_t)(e - q - 1)
								 : sizeof pattern - 1;
		memcpy(pattern, q + 1, pl);
		pattern[pl] = 0;
		static const char *const names[] = {"GET", "POST", "PUT", "DELETE"};
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
			char token[16];
			snprintf(token, sizeof token, "HTTP_%s", names[k]);
			const char *t = strstr(methods, token);
			if (!t || (t[strlen(token)] >= 'A' && t[strlen(token)] <= 'Z'))
				continue;
			routes++;
			bool found = false;
			for (size_t i = 0; i < MATRIX_ROWS; i++) {
				if (!strcmp(matrix[i].method, names[k]) &&
				    !strcmp(matrix[i].pattern, pattern)) {
					seen[i] = found = true;
				}
			}
			if (!found) {
				printf("# route not in the matrix: %s %s\n", names[k], pattern);
				missing++;
			}
		}
		p = e;
	}
	for (size_t i = 0; i < MATRIX_ROWS; i++) {
		if (!seen[i]) {
			printf("# matrix row not in routes.c: %s %s\n", matrix[i].method,
			       matrix[i].pattern);
			missing++;
		}
	}
	h_buf_release(&text);
	printf("# routes.c: %d method+pattern pairs, matrix: %zu rows\n", routes, MATRIX_ROWS);
	assert_int_equal(missing, 0);
	assert_int_equal((size_t)routes, MATRIX_ROWS);
}

/* 7. 404, 405, HEAD */

static void unknown_paths_are_404(void **state)
{
	(void)state;
	struct h_client *c = h_client_new(S.srv);
	h_get(c, "/no/such/page");
	h_expect_page(c, 404, "ไม่พบหน้าหรือข้อมูลที่ต้องการ");
	assert_true(h_body_has(c, "<html lang=\"th\">"));
	h_get(c, "/api/v1/no-such-thing");
	h_expect_error(c, 404, "not_found", NULL);
	h_post_json(c, "/api/v1/no-such-thing", "{}", NULL);
	h_expect_error(c, 404, "not_found", NULL);
	/* Known routes, unknown objects. */
	h_get(S.as[H_STAFF], "/api/v1/units/999999");
	h_expect_error(S.as[H_STAFF], 404, "not_found", NULL);
	h_get(S.as[H_ADMIN], "/admin/units/999999");
	h_expect_page(S.as[H_ADMIN], 404, "ไม่พบ");
	/* A path argument that is not an id. */
	h_get(S.as[H_STAFF], "/api/v1/units/abc");
	assert_true(S.as[H_STAFF]->status == 400 || S.as[H_STAFF]->status == 404);
}

/* The error page's heading names the problem (templates/error.html). */
static void error_pages_name_the_problem(void **state)
{
	(void)state;
	struct h_client *c = h_client_new(S.srv);
	h_get(c, "/no/such/page");
	h_expect_page(c, 404, "<h1>ไม่พบหน้านี้");
	h_get(S.as[H_STAFF], "/admin/units");
	h_expect_page(S.as[H_STAFF], 403, "<h1>ไม่มีสิทธิ์");
}

static void wrong_methods_are_405_with_allow(void **state)
{
	(void)state;
	struct h_client *c = bearer_client(S.admin_token);
	char allow[128];
	h_request(c, "DELETE", "/api/v1/units/1", NULL, NULL, 0, NULL);
	assert_status(c, 405);
	assert_non_null(h_header(c, "Allow", allow, sizeof allow));
	assert_non_null(strstr(allow, "GET"));
	assert_non_null(strstr(allow, "PUT"));
	assert_non_null(strstr(allow, "HEAD"));
	assert_null(strstr(allow, "DELETE"));
	json_t *v = h_json_answer(c, 405);
	assert_true(json_is_object(json_object_get(v, "error")));
	json_decref(v);

	struct h_client *p = h_client_new(S.srv);
	h_post_form(p, "/", "a=1");
	h_expect_page(p, 405, NULL);
	assert_non_null(h_header(p, "Allow", allow, sizeof allow));
	assert_string_equal(allow, "GET, HEAD");
	h_get(p, "/logout");
	assert_status(p, 405);
	assert_non_null(h_header(p, "Allow", allow, sizeof allow));
	assert_string_equal(allow, "POST");
	h_head(p, "/logout");
	assert_status(p, 405);
	assert_non_null(h_header(p, "Allow", allow, sizeof allow));
	assert_string_equal(allow, "POST");
}

/* A method the server does not implement at all: 501, or 405 with the
 * Allow header that RFC 9110 section 15.5.6 requires. */
static void unknown_methods_are_answered_properly(void **state)
{
	(void)state;
	struct h_client *c = bearer_client(S.admin_token);
	char allow[128];
	h_request(c, "PATCH", "/api/v1/units/1", "application/json", "{\"sort\":1}", 10, NULL);
	if (c->status == 405) {
		if (!h_header(c, "Allow", allow, sizeof allow))
			fail_msg("PATCH /api/v1/units/1: 405 without an Allow header");
		assert_non_null(strstr(allow, "PUT"));
	} else {
		assert_status(c, 501);
	}
}

static void head_answers_like_get_without_a_body(void **state)
{
	(void)state;
	struct h_client *c = h_client_new(S.srv);
	char v[128];
	assert_int_equal(h_head(c, "/"), 200);
	assert_int_equal(c->body.len, 0);
	assert_non_null(h_header(c, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/html; charset=utf-8");
	assert_non_null(h_header(c, "Content-Length", v, sizeof v));
	assert_true(strtol(v, NULL, 10) > 0);
	assert_int_equal(h_head(c, "/api/v1/health"), 200);
	assert_int_equal(c->body.len, 0);
	assert_int_equal(h_head(c, "/static/app.css"), 200);
}

/* 8. Oversized bodies */

static void oversized_bodies_are_413(void **state)
{
	(void)state;
	const size_t limit = 1024 << 10;
	json_int_t before = units_total();
	struct h_client *c = bearer_client(S.admin_token);
	/* A valid JSON object one byte over the limit, then one well under. */
	struct h_buf big = {0};
	static const char head[] = "{\"name\":\"big-body\",\"pad\":\"";
	h_buf_add(&big, head, sizeof head - 1);
	while (big.len < limit - 1)
		h_buf_add(&big, "aaaaaaaaaaaaaaaa",
			  big.len + 16 <= limit - 1 ? 16 : limit - 1 - big.len);
	h_buf_add(&big, "\"}", 2);
	assert_int_equal(big.len, limit + 1);
	const char *const expect[] = {"Expect: 100-continue", NULL};
	h_request(c, "POST", "/api/v1/units", "application/json", big.p, big.len, expect);
	h_expect_error(c, 413, "too_big", NULL);
	json_t *v = h_json(c);
	assert_non_null(strstr(str_of(json_object_get(v, "error"), "message_th"), "ใหญ่เกิน"));
	json_decref(v);
	assert_int_equal(units_total(), before);

	/* Without a length (chunked), the same. */
	h_post_chunked(c, "/api/v1/units", "application/json", ' ', limit + 4096);
	h_expect_error(c, 413, "too_big", NULL);

	/* A form page says it in Thai. */
	struct h_client *admin = S.as[H_ADMIN];
	h_request(admin, "POST", "/admin/units", "application/x-www-form-urlencoded", big.p,
		  big.len, expect);
	h_expect_page(admin, 413, "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด");
	assert_int_equal(units_total(), before);

	/* Below the limit is fine (undeclared members are ignored). */
	h_buf_reset(&big);
	h_buf_add(&big, head, sizeof head - 1);
	while (big.len < limit - 4096)
		h_buf_add(&big, "aaaaaaaaaaaaaaaa", 16);
	h_buf_add(&big, "\"}", 2);
	h_request(c, "POST", "/api/v1/units", "application/json", big.p, big.len, expect);
	assert_status(c, 201);
	assert_int_equal(units_total(), before + 1);
	h_buf_release(&big);
}

/* 9. Malformed input */

static void malformed_forms_are_400_in_thai(void **state)
{
	(void)state;
	json_int_t before = units_total();
	struct h_client *c = h_client_new(S.srv);
	h_post_form(c, "/login", "a=%zz");
	h_expect_page(c, 400, "ข้อมูลแบบฟอร์มไม่ถูกต้อง");
	h_post_form(c, "/login", "login=%");
	h_expect_page(c, 400, "ข้อมูลแบบฟอร์มไม่ถูกต้อง");

	struct h_client *admin = S.as[H_ADMIN];
	char form[200];
	snprintf(form, sizeof form, "name=%%zz&_csrf=%s", admin->csrf);
	h_post_form(admin, "/admin/units", form);
	h_expect_page(admin, 400, "ข้อมูลแบบฟอร์มไม่ถูกต้อง");
	/* A form field that decodes to invalid UTF-8. */
	snprintf(form, sizeof form, "name=%%FF%%FEab&_csrf=%s", admin->csrf);
	h_post_form(admin, "/admin/units", form);
	h_expect_page(admin, 400, "UTF-8");
	assert_true(has_thai(admin->body.p));
	/* A control character in a one-line field. */
	snprintf(form, sizeof form, "name=a%%0Ab&_csrf=%s", admin->csrf);
	h_post_form(admin, "/admin/units", form);
	h_expect_page(admin, 400, "ไม่ถูกต้อง");
	assert_int_equal(units_total(), before);
}

/* A one-value field sent twice is not merged into a value nobody sent. */
static void repeated_form_fields_are_not_merged(void **state)
{
	(void)state;
	struct h_client *admin = S.as[H_ADMIN];
	char form[200];
	snprintf(form, sizeof form, "name=dup-a&name=dup-b&_csrf=%s", admin->csrf);
	h_post_form(admin, "/admin/units", form);
	assert_true(admin->status == 303 || admin->status == 400);
	assert_false(unit_named(admin, "dup-a,dup-b"));
}

static void invalid_utf8_in_urls_is_400(void **state)
{
	(void)state;
	struct h_client *staff = S.as[H_STAFF];
	h_get(staff, "/org?unit_id=%FF");
	h_expect_page(staff, 400, "ข้อความในที่อยู่ (URL) ไม่ใช่ UTF-8 ที่ถูกต้อง");
	h_get(staff, "/api/v1/units?page=%C3%28");
	h_expect_error(staff, 400, "invalid", NULL);
	/* Even a parameter the route does not read. */
	h_get(staff, "/api/v1/units?x=%FF");
	h_expect_error(staff, 400, "invalid", NULL);
	struct h_client *c = h_client_new(S.srv);
	h_get(c, "/%FF");
	h_expect_page(c, 400, "UTF-8");
	/* Raw invalid bytes in a JSON body. */
	struct h_client *bot = bearer_client(S.admin_token);
	h_post_json(bot, "/api/v1/units", "{\"name\":\"\xff\xfe\"}", NULL);
	h_expect_error(bot, 400, "invalid", NULL);
}

static void bad_json_is_400_with_details(void **state)
{
	(void)state;
	json_int_t before = units_total();
	struct h_client *bot = bearer_client(S.admin_token);
	static const struct {
		const char *body;
		const char *field; /* NULL: the body as a whole */
	} cases[] = {
		{"{\"name\":", NULL},
		{"not json", NULL},
		{"[{\"name\":\"array\"}]", NULL},
		{"\"just a string\"", NULL},
		{"{\"name\":\"a\",\"name\":\"b\"}", NULL},
		{"{\"name\":[1]}", "name"},
		{"{\"name\":{\"th\":\"x\"}}", "name"},
		{"{\"name\":\"ok\",\"sort\":\"abc\"}", "sort"},
		{"{\"name\":\"ok\",\"sort\":1.5}", "sort"},
		{"{\"name\":\"ok\",\"parent_id\":[2]}", "parent_id"},
		{"{\"name\":\"ok\",\"active\":7}", "active"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		h_post_json(bot, "/api/v1/units", cases[i].body, NULL);
		if (bot->status != 400)
			print_error("body %s\n", cases[i].body);
		h_expect_error(bot, 400, "invalid", cases[i].field);
	}
	/* A body that is not JSON at all. */
	h_request(bot, "POST", "/api/v1/units", "text/plain", "name=x", 6, NULL);
	h_expect_error(bot, 400, "invalid", NULL);
	assert_int_equal(units_total(), before);
}

/* 10. The API */

static void api_health_and_org(void **state)
{
	(void)state;
	struct h_client *c = h_client_new(S.srv);
	json_t *v = get_json(c, "/api/v1/health", 200);
	assert_string_equal(str_of(v, "status"), "ok");
	assert_non_null(str_of(v, "version"));
	assert_true(strlen(str_of(v, "version")) > 0);
	json_decref(v);
	v = get_json(c, "/api/v1/org", 200);
	assert_true(int_of(v, "id") > 0);
	assert_string_equal(str_of(v, "code"), "samutsongkhram-town");
	assert_string_equal(str_of(v, "name"), "เทศบาลเมืองสมุทรสงคราม");
	assert_string_equal(str_of(v, "name_en"), "Samut Songkhram Town Municipality");
	json_decref(v);
}

static void api_units_list_and_paging(void **state)
{
	(void)state;
	struct h_client *staff = S.as[H_STAFF];
	json_t *all = get_json(staff, "/api/v1/units", 200);
	json_t *items = json_object_get(all, "items");
	assert_true(json_is_array(items));
	json_int_t total = int_of(all, "total");
	assert_true(total >= 25);
	assert_int_equal(json_array_size(items), (size_t)total);
	bool top = false, child = false;
	size_t i;
	json_t *u;
	json_array_foreach(items, i, u) {
		assert_true(int_of(u, "id") > 0);
		assert_non_null(str_of(u, "name"));
		assert_non_null(str_of(u, "code"));
		json_t *parent = json_object_get(u, "parent_id");
		assert_true(json_is_null(parent) || json_is_integer(parent));
		top |= json_is_null(parent);
		child |= json_is_integer(parent);
	}
	assert_true(top && child);

	json_t *page = get_json(staff, "/api/v1/units?page=2&per_page=5", 200);
	json_t *some = json_object_get(page, "items");
	assert_int_equal(json_array_size(some), 5);
	assert_int_equal(int_of(page, "total"), total);
	for (i = 0; i < 5; i++)
		assert_int_equal(int_of(json_array_get(some, i), "id"),
				 int_of(json_array_get(items, 5 + i), "id"));
	json_decref(page);
	page = get_json(staff, "/api/v1/units?page=1000&per_page=5", 200);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 0);
	assert_int_equal(int_of(page, "total"), total);
	json_decref(page);
	json_decref(all);

	h_get(staff, "/api/v1/units?per_page=0");
	h_expect_error(staff, 400, "invalid", "per_page");
	h_get(staff, "/api/v1/units?page=abc");
	h_expect_error(staff, 400, "invalid", "page");
}

static void api_units_create_and_update(void **state)
{
	(void)state;
	struct h_client *bot = bearer_client(S.admin_token);
	h_post_json(bot, "/api/v1/units",
		    "{\"name\":\"กองการประปา\",\"code\":\"WATER\",\"parent_id\":1}", NULL);
	json_t *u = h_json_answer(bot, 201);
	json_int_t id = int_of(u, "id");
	assert_string_equal(str_of(u, "name"), "กองการประปา");
	assert_string_equal(str_of(u, "code"), "WATER");
	assert_int_equal(int_of(u, "parent_id"), 1);
	json_decref(u);

	char path[64];
	snprintf(path, sizeof path, "/api/v1/units/%lld", (long long)id);
	u = get_json(S.as[H_STAFF], path, 200);
	assert_string_equal(str_of(u, "name"), "กองการประปา");
	json_decref(u);

	/* Partial update: what is absent stays. */
	h_put_json(bot, path, "{\"sort\":7}", NULL);
	u = h_json_answer(bot, 200);
	assert_int_equal(int_of(u, "id"), id);
	assert_string_equal(str_of(u, "name"), "กองการประปา");
	assert_string_equal(str_of(u, "code"), "WATER");
	assert_int_equal(int_of(u, "parent_id"), 1);
	assert_int_equal(int_of(u, "sort"), 7);
	json_decref(u);
	h_put_json(bot, path, "{\"name\":\"กองการประปา (ปรับปรุง)\"}", NULL);
	u = h_json_answer(bot, 200);
	assert_string_equal(str_of(u, "name"), "กองการประปา (ปรับปรุง)");
	assert_string_equal(str_of(u, "code"), "WATER");
	assert_int_equal(int_of(u, "sort"), 7);
	json_decref(u);
	u = get_json(bot, path, 200);
	assert_string_equal(str_of(u, "name"), "กองการประปา (ปรับปรุง)");
	json_decref(u);

	/* A taken code is a conflict on that field. */
	h_post_json(bot, "/api/v1/units", "{\"name\":\"ซ้ำ\",\"code\":\"WATER\"}", NULL);
	h_expect_error(bot, 409, "conflict", "code");
	/* Staff may read but not write. */
	char token[H_SECRET_MAX];
	assert_int_equal(h_token_create(S.srv, "staff", token, sizeof token), 0);
	struct h_client *staff = bearer_client(token);
	h_put_json(staff, path, "{\"name\":\"x\"}", NULL);
	h_expect_error(staff, 403, "forbidden", NULL);
	h_put_json(bot, "/api/v1/units/999999", "{\"name\":\"x\"}", NULL);
	h_expect_error(bot, 404, "not_found", NULL);
}

/* Makes units prefix-a > prefix-b > prefix-c and prefix-d > prefix-e; ids
 * into ids[0..4]. */
static void make_trees(struct h_client *bot, const char *prefix, long long ids[5])
{
	char json[160];
	for (int i = 0; i < 5; i++) {
		long long parent = i == 1 || i == 2 || i == 4 ? ids[i - 1] : 0;
		snprintf(json, sizeof json, "{\"name\":\"%s-%c\",\"parent_id\":%lld}", prefix,
			 'a' + i, parent);
		ids[i] = api_create(bot, "/api/v1/units", json);
	}
}

/* No move nests units deeper than UNIT_MAX_DEPTH (4), counting the
 * moved unit's own sub-units. */
static void api_unit_move_respects_max_depth(void **state)
{
	(void)state;
	struct h_client *bot = bearer_client(S.admin_token);
	long long t[5];
	make_trees(bot, "depth", t);
	/* a (with b and c below it) under e (level 2): c would be at level 5. */
	char json[64], path[64];
	snprintf(path, sizeof path, "/api/v1/units/%lld", t[0]);
	snprintf(json, sizeof json, "{\"parent_id\":%lld}", t[4]);
	h_put_json(bot, path, json, NULL);
	h_expect_error(bot, 400, "invalid", "parent_id");
	json_t *u = get_json(bot, path, 200);
	assert_true(json_is_null(json_object_get(u, "parent_id")));
	json_decref(u);
}

/* After a move, every descendant's level follows, not only the children's. */
static void api_unit_move_updates_every_level(void **state)
{
	(void)state;
	struct h_client *bot = bearer_client(S.admin_token);
	long long t[5];
	make_trees(bot, "levels", t);
	/* a under d: a 2, b 3, c 4. */
	char json[64], path[64];
	snprintf(path, sizeof path, "/api/v1/units/%lld", t[0]);
	snprintf(json, sizeof json, "{\"parent_id\":%lld}", t[3]);
	h_put_json(bot, path, json, NULL);
	json_t *u = h_json_answer(bot, 200);
	assert_int_equal(int_of(u, "level"), 2);
	json_decref(u);
	for (int i = 1; i <= 2; i++) {
		snprintf(path, sizeof path, "/api/v1/units/%lld", t[i]);
		u = get_json(bot, path, 200);
		long long level = int_of(u, "level");
		json_decref(u);
		if (level != 2 + i)
			fail_msg("after the move, levels-%c is at level %lld, not %d", 'a' + i, level,
				 2 + i);
	}
}

static void api_people_create_and_update(void **state)
{
	(void)state;
	struct h_client *bot = bearer_client(S.admin_token);
	h_post_json(bot, "/api/v1/people",
		    "{\"name\":\"นางสาวทดสอบ ระบบดี\",\"position\":\"นักทดสอบระบบ\",\"unit_id\":1,"
		    "\"employment_type\":\"contract_worker\",\"start_date\":\"2024-10-01\","
		    "\"retirement_date\":\"2050-09-30\",\"email\":\"t@example.org\"}",
		    NULL);
	json_t *p = h_json_answer(bot, 201);
	json_int_t id = int_of(p, "id");
	assert_string_equal(str_of(p, "name"), "นางสาวทดสอบ ระบบดี");
	assert_string_equal(str_of(p, "position"), "นักทดสอบระบบ");
	assert_int_equal(int_of(p, "unit_id"), 1);
	assert_string_equal(str_of(p, "employment_type"), "contract_worker");
	assert_string_equal(str_of(p, "start_date"), "2024-10-01");
	json_decref(p);

	char path[64];
	snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)id);
	h_put_json(bot, path, "{\"position\":\"หัวหน้าทดสอบ\"}", NULL);
	p = h_json_answer(bot, 200);
	assert_string_equal(str_of(p, "position"), "หัวหน้าทดสอบ");
	assert_string_equal(str_of(p, "name"), "นางสาวทดสอบ ระบบดี");
	assert_int_equal(int_of(p, "unit_id"), 1);
	assert_string_equal(str_of(p, "employment_type"), "contract_worker");
	assert_string_equal(str_of(p, "start_date"), "2024-10-01");
	assert_string_equal(str_of(p, "email"), "t@example.org");
	json_decref(p);
	p = get_json(S.as[H_STAFF], path, 200);
	assert_string_equal(str_of(p, "position"), "หัวหน้าทดสอบ");
	json_decref(p);

	h_post_json(bot, "/api/v1/people", "{\"name\":\"x\",\"employment_type\":\"volunteer\"}",
		    NULL);
	h_expect_error(bot, 400, "invalid", "employment_type");
	h_post_json(bot, "/api/v1/people", "{\"name\":\"x\",\"start_date\":\"2024-13-01\"}", NULL);
	h_expect_error(bot, 400, "invalid", "start_date");
	h_post_json(bot, "/api/v1/people", "{\"name\":\"x\",\"unit_id\":999999}", NULL);
	h_expect_error(bot, 400, "invalid", "unit_id");
	h_post_json(bot, "/api/v1/people", "{\"position\":\"no name\"}", NULL);
	h_expect_error(bot, 400, "invalid", "name");
	h_put_json(bot, path, "{\"email\":\"not-an-address\"}", NULL);
	h_expect_error(bot, 400, "invalid", "email");

	json_t *list = get_json(S.as[H_STAFF], "/api/v1/people?per_page=3", 200);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 3);
	assert_true(int_of(list, "total") >= 90);
	json_decref(list);
}

/* A date is cleared by sending it empty (people.c: NULL leaves, "" clears). */
static void api_people_dates_can_be_cleared(void **state)
{
	(void)state;
	struct h_client *bot = bearer_client(S.admin_token);
	h_post_json(bot, "/api/v1/people",
		    "{\"name\":\"ทดสอบ ล้างวันที่\",\"retirement_date\":\"2040-09-30\"}", NULL);
	json_t *p = h_json_answer(bot, 201);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/people/%lld", (long long)int_of(p, "id"));
	json_decref(p);
	h_put_json(bot, path, "{\"retirement_date\":\"\"}", NULL);
	p = h_json_answer(bot, 200);
	char still[32] = "";
	snprintf(still, sizeof still, "%s", or_null(str_of(p, "retirement_date")));
	json_decref(p);
	if (strcmp(still, "(null)") != 0)
		fail_msg("PUT %s {\"retirement_date\":\"\"}: still %s", path, still);
}

static void api_job_lines(void **state)
{
	(void)state;
	json_t *list = get_json(S.as[H_STAFF], "/api/v1/job-lines", 200);
	json_t *items = json_object_get(list, "items");
	assert_true(json_array_size(items) >= 33);
	assert_int_equal(int_of(list, "total"), json_array_size(items));
	size_t i;
	json_t *j;
	json_array_foreach(items, i, j) {
		assert_true(int_of(j, "id") > 0);
		assert_non_null(str_of(j, "code"));
		assert_non_null(str_of(j, "name"));
	}
	json_decref(list);

	struct h_client *bot = bearer_client(S.admin_token);
	h_post_json(bot, "/api/v1/job-lines", "{\"code\":\"JLT1\",\"name\":\"นักทดสอบระบบ\"}", NULL);
	j = h_json_answer(bot, 201);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/job-lines/%lld", (long long)int_of(j, "id"));
	assert_string_equal(str_of(j, "code"), "JLT1");
	assert_string_equal(str_of(j, "name"), "นักทดสอบระบบ");
	json_decref(j);
	h_put_json(bot, path, "{\"name\":\"นักทดสอบระบบชำนาญการ\"}", NULL);
	j = h_json_answer(bot, 200);
	assert_string_equal(str_of(j, "code"), "JLT1");
	assert_string_equal(str_of(j, "name"), "นักทดสอบระบบชำนาญการ");
	json_decref(j);
	h_post_json(bot, "/api/v1/job-lines", "{\"code\":\"JLT1\",\"name\":\"อื่น\"}", NULL);
	h_expect_error(bot, 409, "conflict", NULL);
	h_post_json(bot, "/api/v1/job-lines", "{\"name\":\"ไม่มีรหัส\"}", NULL);
	h_expect_error(bot, 400, "invalid", "code");
}

static void api_knowledge_map(void **state)
{
	(void)state;
	struct h_client *c = h_client_new(S.srv); /* public */
	json_t *v = get_json(c, "/api/v1/knowledge-map", 200);
	json_t *issues = json_object_get(v, "issues");
	assert_int_equal(json_array_size(issues), 6);
	size_t i;
	json_t *is;
	json_array_foreach(issues, i, is) {
		assert_int_equal(int_of(is, "number"), (json_int_t)i + 1);
		assert_true(has_thai(str_of(is, "title")));
		json_t *goals = json_object_get(is, "goals"),
		       *knowledge = json_object_get(is, "knowledge");
		assert_true(json_array_size(goals) > 0);
		assert_true(json_array_size(knowledge) > 0);
		assert_true(int_of(json_array_get(goals, 0), "id") > 0);
		assert_true(has_thai(str_of(json_array_get(goals, 0), "text")));
		assert_true(int_of(json_array_get(knowledge, 0), "id") > 0);
		assert_true(has_thai(str_of(json_array_get(knowledge, 0), "title")));
	}
	json_decref(v);
}

static void api_validation_names_the_field(void **state)
{
	(void)state;
	json_int_t before = units_total();
	struct h_client *bot = bearer_client(S.admin_token);
	h_post_json(bot, "/api/v1/units", "{\"name\":\"\"}", NULL);
	h_expect_error(bot, 400, "invalid", "name");
	h_post_json(bot, "/api/v1/units", "{\"name\":\"   \"}", NULL);
	h_expect_error(bot, 400, "invalid", "name");
	h_post_json(bot, "/api/v1/units", "{}", NULL);
	h_expect_error(bot, 400, "invalid", "name");
	h_post_json(bot, "/api/v1/units", "{\"name\":\"x\",\"parent_id\":999999}", NULL);
	assert_true(bot->status == 400 || bot->status == 404);
	/* Too long: 201 Thai characters. */
	struct h_buf body = {0};
	h_buf_add(&body, "{\"name\":\"", 9);
	for (int i = 0; i < 201; i++)
		h_buf_add(&body, "ก", strlen("ก"));
	h_buf_add(&body, "\"}", 2);
	h_post_json(bot, "/api/v1/units", body.p, NULL);
	h_buf_release(&body);
	assert_true(bot->status == 400 || bot->status == 413);
	h_expect_error(bot, bot->status, bot->status == 400 ? "invalid" : "too_big", "name");
	assert_int_equal(units_total(), before);
}

/* 11. Security headers */

static void check_security_headers(struct h_client *c, bool page)
{
	char v[600];
	assert_non_null(h_header(c, "Content-Security-Policy", v, sizeof v));
	assert_null(strstr(v, "unsafe-inline"));
	assert_null(strstr(v, "unsafe-eval"));
	assert_non_null(strstr(v, "default-src 'self'"));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_non_null(strstr(v, "object-src 'none'"));
	expect_header(c, "X-Content-Type-Options", "nosniff");
	assert_non_null(h_header(c, "Referrer-Policy", v, sizeof v));
	assert_true(!strcmp(v, "strict-origin-when-cross-origin") || !strcmp(v, "no-referrer") ||
		    !strcmp(v, "same-origin") || !strcmp(v, "strict-origin"));
	if (page) {
		assert_non_null(h_header(c, "Cache-Control", v, sizeof v));
		assert_non_null(strstr(v, "no-store"));
		/* Nothing inline that the policy would block. */
		const char *b = c->body.p ? c->body.p : "";
		assert_null(strstr(b, " style=\""));
		assert_null(strstr(b, " onclick="));
		assert_null(strstr(b, " onload="));
		for (const char *s = strstr(b, "<script"); s; s = strstr(s + 1, "<script")) {
			const char *gt = strchr(s, '>');
			assert_non_null(gt);
			char tag[300];
			snprintf(tag, sizeof tag, "%.*s", (int)(gt - s), s);
			assert_non_null(strstr(tag, " src="));
		}
	}
}

static void pages_send_security_headers(void **state)
{
	(void)state;
	struct h_client *pub = h_client_new(S.srv);
	static const char *const public_pages[] = {"/", "/login", "/kmap"};
	for (size_t i = 0; i < sizeof public_pages / sizeof public_pages[0]; i++) {
		assert_int_equal(h_get(pub, public_pages[i]), 200);
		check_security_headers(pub, true);
	}
	h_get(pub, "/no-such-page");
	check_security_headers(pub, true);
	static const char *const admin_pages[] = {"/admin/units", "/admin/people", "/org", "/kmap",
						  "/"};
	for (size_t i = 0; i < sizeof admin_pages / sizeof admin_pages[0]; i++) {
		assert_int_equal(h_get(S.as[H_ADMIN], admin_pages[i]), 200);
		check_security_headers(S.as[H_ADMIN], true);
	}
	assert_int_equal(h_get(S.as[H_STAFF], "/api/v1/me"), 200);
	check_security_headers(S.as[H_STAFF], false);
	char v[128];
	assert_non_null(h_header(S.as[H_STAFF], "Cache-Control", v, sizeof v));
	assert_non_null(strstr(v, "no-store"));
}

static void static_assets_are_cached_by_version(void **state)
{
	(void)state;
	struct h_client *c = h_client_new(S.srv);
	assert_int_equal(h_get(c, "/"), 200);
	const char *p = strstr(c->body.p, "/static/app.css?v=");
	assert_non_null(p);
	char url[128];
	size_t n = strcspn(p, "\"");
	assert_true(n < sizeof url);
	snprintf(url, sizeof url, "%.*s", (int)n, p);

	char v[256];
	assert_int_equal(h_get(c, url), 200);
	assert_true(c->body.len > 100);
	assert_non_null(h_header(c, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "text/css"));
	assert_non_null(h_header(c, "Cache-Control", v, sizeof v));
	assert_non_null(strstr(v, "max-age=31536000"));
	assert_non_null(strstr(v, "immutable"));
	expect_header(c, "X-Content-Type-Options", "nosniff");

	/* A stale or missing version is cached only briefly. */
	assert_int_equal(h_get(c, "/static/app.css?v=000000000000"), 200);
	assert_non_null(h_header(c, "Cache-Control", v, sizeof v));
	assert_null(strstr(v, "immutable"));
	assert_int_equal(h_get(c, "/static/app.css"), 200);
	assert_non_null(h_header(c, "Cache-Control", v, sizeof v));
	assert_null(strstr(v, "immutable"));
	assert_int_equal(h_get(c, "/static/app.js"), 200);
	assert_non_null(h_header(c, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "javascript"));

	assert_int_equal(h_get(c, "/static/nope.css"), 404);
	assert_int_equal(h_get(c, "/static/..%2F..%2Fsrc%2Fmain.c"), 404);
	assert_int_equal(h_get(c, "/static/../meson.build"), 404);
}

/* 12. Escaping */

static void names_are_escaped_in_pages(void **state)
{
	(void)state;
	static const char raw[] = "<script>alert(1)</script>";
	static const char escaped[] = "&lt;script&gt;alert(1)&lt;/script&gt;";
	struct h_client *bot = bearer_client(S.admin_token);
	h_post_json(bot, "/api/v1/units",
		    "{\"name\":\"<script>alert(1)</script>\",\"code\":\"XSS1\"}", NULL);
	json_t *u = h_json_answer(bot, 201);
	assert_string_equal(str_of(u, "name"), raw); /* JSON keeps the text as it is */
	json_int_t unit = int_of(u, "id");
	json_decref(u);
	char json[200];
	snprintf(json, sizeof json,
		 "{\"name\":\"\\\"><img src=x onerror=alert(2)>\",\"unit_id\":%lld}",
		 (long long)unit);
	h_post_json(bot, "/api/v1/people", json, NULL);
	u = h_json_answer(bot, 201);
	char person[64];
	snprintf(person, sizeof person, "/admin/people/%lld", (long long)int_of(u, "id"));
	json_decref(u);

	struct h_client *admin = S.as[H_ADMIN];
	static const char *const pages[] = {"/admin/units", "/org"};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		assert_int_equal(h_get(admin, pages[i]), 200);
		if (h_body_has(admin, "<script>alert(1)"))
			fail_msg("%s shows the raw tag", pages[i]);
		if (!h_body_has(admin, escaped))
			fail_msg("%s lacks the escaped name", pages[i]);
	}
	char unit_page[64];
	snprintf(unit_page, sizeof unit_page, "/admin/units/%lld", (long long)unit);
	assert_int_equal(h_get(admin, unit_page), 200);
	assert_false(h_body_has(admin, "<script>alert(1)"));
	/* In an attribute value too. */
	assert_int_equal(h_get(admin, person), 200);
	assert_false(h_body_has(admin, "\"><img"));
	assert_true(h_body_has(admin, "&quot;&gt;&lt;img") ||
		    h_body_has(admin, "&#34;&gt;&lt;img"));
	char org[64];
	snprintf(org, sizeof org, "/org?unit_id=%lld", (long long)unit);
	assert_int_equal(h_get(admin, org), 200);
	assert_false(h_body_has(admin, "<img src=x"));
}

/* 13. Disabling an account ends its sessions and tokens */

static void disabling_an_account_ends_its_session(void **state)
{
	(void)state;
	struct h_buf out = {0};
	assert_int_equal(h_cli(S.srv, &out, "tester-password-1\n", "user", "add", "tester",
			       "--role", "staff", "--stdin", NULL),
			 0);
	h_buf_release(&out);
	struct h_client *c = h_client_new(S.srv);
	assert_int_equal(h_login(c, "tester", "tester-password-1", NULL), 303);
	json_t *me = get_json(c, "/api/v1/me", 200);
	assert_string_equal(str_of(me, "login"), "tester");
	json_decref(me);
	char token[H_SECRET_MAX];
	assert_int_equal(h_token_create(S.srv, "tester", token, sizeof token), 0);
	struct h_client *bot = bearer_client(token);
	assert_int_equal(h_get(bot, "/api/v1/me"), 200);

	assert_int_equal(h_cli(S.srv, NULL, NULL, "user", "disable", "tester", NULL), 0);
	h_get(c, "/api/v1/me");
	h_expect_error(c, 401, "unauthorized", NULL);
	h_get(bot, "/api/v1/me");
	h_expect_error(bot, 401, "unauthorized", NULL);
	struct h_client *again = h_client_new(S.srv);
	assert_int_equal(h_login(again, "tester", "tester-password-1", NULL), 401);
	h_expect_page(again, 401, "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง");
}

/* 14. The knowledge repository
 *
 * Fixtures are made through the API by HEALTH's unit head (token D.uh) on
 * the shared server. The demo may hold published documents of its own, so
 * lists are checked by differences and by ids, never by totals. Accounts:
 * staff and unithead are of the HEALTH division; executive and committee
 * (OFFICE) and admin (STRAT) read everything; `outsider` is a plain staff
 * account without a person, so of no division at all; `head-fin` (the
 * demo's FIN head, no password: a token only) is an account of another
 * division. */

static struct {
	bool ready;
	char uh[H_SECRET_MAX], staff[H_SECRET_MAX], finhead[H_SECRET_MAX];
	long long health, health_svc, fin;
	long long rk[2]; /* two required-knowledge items */
} D;

static const char outsider_password[] = "outsider-password-1";

static void docs_ready(void)
{
	if (D.ready)
		return;
	assert_int_equal(h_token_create(S.srv, "unithead", D.uh, sizeof D.uh), 0);
	assert_int_equal(h_token_create(S.srv, "staff", D.staff, sizeof D.staff), 0);
	assert_int_equal(h_token_create(S.srv, "head-fin", D.finhead, sizeof D.finhead), 0);
	struct h_client *bot = bearer_client(S.admin_token);
	D.health = unit_by_code(bot, "HEALTH");
	D.health_svc = unit_by_code(bot, "HEALTH-SVC");
	D.fin = unit_by_code(bot, "FIN");
	json_t *kmap = get_json(bot, "/api/v1/knowledge-map", 200);
	json_t *first = json_array_get(json_object_get(kmap, "issues"), 0);
	json_t *items = json_object_get(first, "knowledge");
	assert_true(json_array_size(items) >= 2);
	D.rk[0] = int_of(json_array_get(items, 0), "id");
	D.rk[1] = int_of(json_array_get(items, 1), "id");
	json_decref(kmap);
	char input[64];
	snprintf(input, sizeof input, "%s\n", outsider_password);
	assert_int_equal(h_cli(S.srv, NULL, input, "user", "add", "outsider", "--role", "staff",
			       "--stdin", NULL),
			 0);
	D.ready = true;
}

static struct h_client *outsider_client(void)
{
	struct h_client *c = h_client_new(S.srv);
	assert_int_equal(h_login(c, "outsider", outsider_password, NULL), 303);
	assert_non_null(h_csrf_fetch(c, "/"));
	return c;
}

/* The total of an API list ({"items","total"}). */
static json_int_t list_total(struct h_client *c, const char *path)
{
	json_t *v = get_json(c, path, 200);
	json_int_t n = int_of(v, "total");
	json_decref(v);
	return n;
}

/* Whether the API list at `path` has the document `id`. */
static bool list_has(struct h_client *c, const char *path, long long id)
{
	json_t *v = get_json(c, path, 200);
	bool found = false;
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(v, "items"), i, d) {
		if (int_of(d, "id") == id)
			found = true;
	}
	json_decref(v);
	return found;
}

/* The count a /docs page shows in its heading: "คลังความรู้ (N)". */
static long docs_page_total(struct h_client *c, const char *path)
{
	static const char mark[] = "คลังความรู้ <span class=\"muted\">(";
	h_get(c, path);
	h_expect_page(c, 200, mark);
	return strtol(strstr(c->body.p, mark) + sizeof mark - 1, NULL, 10);
}

/* Whether the last page links to document `id`. */
static bool links_doc(const struct h_client *c, long long id)
{
	char href[64];
	snprintf(href, sizeof href, "href=\"/docs/%lld\"", id);
	return h_body_has(c, href);
}

static size_t revisions_of(struct h_client *c, long long id)
{
	char path[80];
	snprintf(path, sizeof path, "/api/v1/documents/%lld/revisions", id);
	json_t *v = get_json(c, path, 200);
	size_t n = json_array_size(json_object_get(v, "items"));
	assert_int_equal(int_of(v, "total"), (json_int_t)n);
	json_decref(v);
	return n;
}

/* Every draft of the organisation, as the admin (who reads all) counts. */
static json_int_t drafts_total(void)
{
	struct h_client *bot = bearer_client(S.admin_token);
	json_int_t n = list_total(bot, "/api/v1/documents?status=draft&per_page=1");
	h_client_free(bot);
	return n;
}

/* One number of the database, for what no page shows (reads, feedback). */
static long long db_number(const char *sql, long long arg)
{
	long long n = h_db_number(S.srv, sql, NULL, arg);
	assert_true(n >= 0);
	return n;
}

static void docs_create_by_form_and_api(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *uh = S.as[H_UNITHEAD];
	struct h_client *bot = bearer_client(D.uh);
	char health[24], fin[24], rk0[24], rk1[24], path[80];
	snprintf(health, sizeof health, "%lld", D.health);
	snprintf(fin, sizeof fin, "%lld", D.fin);
	snprintf(rk0, sizeof rk0, "%lld", D.rk[0]);
	snprintf(rk1, sizeof rk1, "%lld", D.rk[1]);
	json_int_t before = drafts_total();

	/* The form offers every required-knowledge item as a checkbox after
	 * an empty hidden field of the same name. */
	h_get(uh, "/docs/new?kind=manual");
	h_expect_page(uh, 200, "<input type=\"hidden\" name=\"covers\" value=\"\">");
	char box[80];
	snprintf(box, sizeof box, "name=\"covers\" value=\"%s\"", rk1);
	assert_true(h_body_has(uh, box));

	static const char title[] = "คู่มือการตรวจร้านอาหารแบบฟอร์ม";
	h_post_form(uh, "/docs",
		    h_form(uh, "_csrf", uh->csrf, "title", title, "kind", "manual", "unit_id",
			   health, "visibility", "unit", "body_md", "## ขั้นตอน\n\n1. ตรวจครัว\n",
			   "tags", "อาหาร, สุขาภิบาล ,อาหาร", "covers", "", "covers", rk0, "covers", rk1,
			   NULL));
	assert_status(uh, 303);
	long long id = id_from_location(uh, "/docs/");
	json_t *d = api_doc(bot, id);
	assert_string_equal(str_of(d, "title"), title);
	assert_string_equal(str_of(d, "kind"), "manual");
	assert_string_equal(str_of(d, "visibility"), "unit");
	assert_string_equal(str_of(d, "status"), "draft");
	assert_int_equal(int_of(json_object_get(d, "unit"), "id"), D.health);
	assert_string_equal(str_of(d, "body_md"), "## ขั้นตอน\n\n1. ตรวจครัว\n");
	json_t *covers = json_object_get(d, "covers"), *tags = json_object_get(d, "tags");
	assert_int_equal(json_array_size(covers), 2);
	long long c0 = int_of(json_array_get(covers, 0), "id"),
		  c1 = int_of(json_array_get(covers, 1), "id");
	assert_true((c0 == D.rk[0] && c1 == D.rk[1]) || (c0 == D.rk[1] && c1 == D.rk[0]));
	assert_int_equal(json_array_size(tags), 2); /* trimmed, each once */
	assert_string_equal(json_string_value(json_array_get(tags, 0)), "สุขาภิบาล");
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "อาหาร");
	long long rev = int_of(d, "revision_id");
	json_decref(d);
	assert_int_equal(drafts_total(), before + 1);

	/* Unticking every box sends only the hidden field: no coverage left. */
	char base[24];
	snprintf(base, sizeof base, "%lld", rev);
	snprintf(path, sizeof path, "/docs/%lld", id);
	h_post_form(uh, path,
		    h_form(uh, "_csrf", uh->csrf, "base_revision_id", base, "covers", "", NULL));
	assert_status(uh, 303);
	d = api_doc(bot, id);
	assert_int_equal(json_array_size(json_object_get(d, "covers")), 0);
	assert_string_equal(str_of(d, "title"), title); /* the rest stays */
	json_decref(d);

	/* The API: 201 with exactly the id, the revision and the state. */
	json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:[I]}", "title", "บทความจาก API",
			      "kind", "article", "unit_id", (json_int_t)D.health_svc, "visibility",
			      "org", "body_md", "เนื้อหา", "tags", "api", "covers",
			      (json_int_t)D.rk[0]);
	h_send_json(bot, "POST", "/api/v1/documents", o);
	json_t *v = h_json_answer(bot, 201);
	assert_int_equal(json_object_size(v), 3);
	long long aid = int_of(v, "id");
	long long arev = int_of(v, "revision_id");
	assert_string_equal(str_of(v, "status"), "draft");
	json_decref(v);
	d = api_doc(bot, aid);
	assert_int_equal(int_of(d, "revision_id"), arev);
	assert_string_equal(str_of(d, "kind"), "article");
	assert_int_equal(json_array_size(json_object_get(d, "covers")), 1);
	json_decref(d);
	assert_int_equal(drafts_total(), before + 2);

	/* Staff of HEALTH may not create in FIN: by form … */
	struct h_client *staff = S.as[H_STAFF];
	h_post_form(staff, "/docs",
		    h_form(staff, "_csrf", staff->csrf, "title", "ไม่ควรถูกสร้าง", "kind", "manual",
			   "unit_id", fin, "body_md", "x", NULL));
	h_expect_page(staff, 403, "สร้างเอกสารได้เฉพาะในหน่วยงานของตนเอง");
	/* … nor by the API. */
	struct h_client *sbot = bearer_client(D.staff);
	h_send_json(sbot, "POST", "/api/v1/documents",
		  json_pack("{s:s, s:s, s:I}", "title", "ไม่ควรถูกสร้าง", "kind", "manual",
			    "unit_id", (json_int_t)D.fin));
	h_expect_error(sbot, 403, "forbidden", "unit_id");
	assert_int_equal(drafts_total(), before + 2);

	/* The public: to the login page, or 401. */
	struct h_client *pub = anonymous_with_token(S.srv);
	assert_int_equal(h_get(pub, "/docs/new"), 303);
	expect_header(pub, "Location", "/login?next=/docs/new");
	h_post_form(pub, "/docs",
		    h_form(pub, "_csrf", pub->csrf, "title", "สาธารณะ", "kind", "manual", "unit_id",
			   health, NULL));
	h_expect_page(pub, 401, NULL);
	struct h_client *anon = h_client_new(S.srv);
	h_send_json(anon, "POST", "/api/v1/documents",
		  json_pack("{s:s, s:s, s:I}", "title", "สาธารณะ", "kind", "manual", "unit_id",
			    (json_int_t)D.health));
	h_expect_error(anon, 401, "unauthorized", NULL);
	assert_int_equal(drafts_total(), before + 2);
}

/* Reads one document as c: the page and, for `api`, the API. */
static void expect_doc_status_at(struct h_client *c, long long id, long status, bool page,
				 const char *file, int line)
{
	char path[64];
	if (page) {
		snprintf(path, sizeof path, "/docs/%lld", id);
		h_get(c, path);
		h_expect_page_at(c, status, NULL, file, line);
	}
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	h_get(c, path);
	if (status == 404)
		h_expect_error_at(c, 404, "not_found", NULL, file, line);
	else
		json_decref(h_json_answer_at(c, status, file, line));
}
#define expect_doc(c, id, status) \
	expect_doc_status_at((c), (id), (status), true, __FILE__, __LINE__)
#define expect_doc_api(c, id, status) \
	expect_doc_status_at((c), (id), (status), false, __FILE__, __LINE__)

static void docs_reading_rules(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *bot = bearer_client(D.uh), *fin = bearer_client(D.finhead);
	struct h_client *pub = h_client_new(S.srv), *out = outsider_client();
	struct h_client *staff = S.as[H_STAFF], *exe = S.as[H_EXECUTIVE];
	struct h_client *readers[] = {pub, out, staff, exe};
	static const char *const reader[] = {"the public", "outsider", "staff", "executive"};
	enum { NREADERS = 4 };
	long before[NREADERS], drafts_before[NREADERS];
	for (int i = 0; i < NREADERS; i++) {
		before[i] = docs_page_total(readers[i], "/docs");
		drafts_before[i] = docs_page_total(readers[i], "/docs?status=draft");
	}
	json_int_t api_before = list_total(pub, "/api/v1/documents");

	long long draft =
		doc_make(bot, "ร่างที่ยังไม่เผยแพร่", "manual", D.health, "org", "ร่าง", NULL);
	long long unit =
		doc_make(bot, "เฉพาะกองสาธารณสุข", "manual", D.health_svc, "unit", "ภายใน", NULL);
	long long org = doc_make(bot, "ทั้งองค์กร", "article", D.health, "org", "องค์กร", NULL);
	long long pubdoc = doc_make(bot, "คู่มือประชาชนเรื่องการขออนุญาต", "citizen_manual",
				    D.health, "public", "สาธารณะ", NULL);
	doc_publish(S.srv, unit);
	doc_publish(S.srv, org);
	doc_publish(S.srv, pubdoc);

	/* A draft: its division and those who read everything. */
	expect_doc(pub, draft, 404);
	expect_doc(out, draft, 404);
	expect_doc_api(fin, draft, 404);
	expect_doc(staff, draft, 200);
	expect_doc(exe, draft, 200);
	expect_doc(S.as[H_COMMITTEE], draft, 200);
	expect_doc(S.as[H_ADMIN], draft, 200);
	/* Published for the unit: its division (HEALTH-SVC is in HEALTH). */
	expect_doc(pub, unit, 404);
	expect_doc(out, unit, 404);
	expect_doc_api(fin, unit, 404);
	expect_doc(staff, unit, 200);
	expect_doc(exe, unit, 200);
	expect_doc(S.as[H_COMMITTEE], unit, 200);
	/* Published for the organisation: every account. */
	expect_doc(pub, org, 404);
	expect_doc(out, org, 200);
	expect_doc_api(fin, org, 200);
	/* Published for the public: everyone, and listed for them. */
	expect_doc(pub, pubdoc, 200);
	char path[64];
	snprintf(path, sizeof path, "/docs/%lld", pubdoc);
	h_get(pub, path);
	h_expect_page(pub, 200, "คู่มือประชาชนเรื่องการขออนุญาต");
	assert_true(list_has(pub, "/api/v1/documents?per_page=200", pubdoc));
	assert_false(list_has(pub, "/api/v1/documents?per_page=200", org));
	assert_false(list_has(pub, "/api/v1/documents?per_page=200", unit));
	assert_int_equal(list_total(pub, "/api/v1/documents"), api_before + 1);
	h_get(pub, "/portal");
	h_expect_page(pub, 200, NULL);
	assert_true(links_doc(pub, pubdoc));
	assert_false(links_doc(pub, org) || links_doc(pub, unit) || links_doc(pub, draft));

	/* /docs lists what each may open, and only that. */
	static const long gained[NREADERS] = {1, 2, 3, 3};
	static const long drafts_gained[NREADERS] = {0, 0, 1, 1};
	const long long ids[] = {pubdoc, org, unit};
	for (int i = 0; i < NREADERS; i++) {
		long now = docs_page_total(readers[i], "/docs");
		if (now - before[i] != gained[i])
			fail_msg("/docs as %s: %ld more, not %ld", reader[i], now - before[i],
				 gained[i]);
		for (int k = 0; k < 3; k++)
			assert_int_equal(links_doc(readers[i], ids[k]), k < gained[i]);
		assert_false(links_doc(readers[i], draft));
		now = docs_page_total(readers[i], "/docs?status=draft");
		if (now - drafts_before[i] != drafts_gained[i])
			fail_msg("/docs?status=draft as %s: %ld more, not %ld", reader[i],
				 now - drafts_before[i], drafts_gained[i]);
		assert_int_equal(links_doc(readers[i], draft), drafts_gained[i] == 1);
	}
	/* The API list of another division's account. */
	assert_true(list_has(fin, "/api/v1/documents?per_page=200", org));
	assert_false(list_has(fin, "/api/v1/documents?per_page=200", unit));
	assert_false(list_has(fin, "/api/v1/documents?status=draft&per_page=200", draft));
}

static void docs_editing_and_conflicts(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *bot = bearer_client(D.uh), *uh = S.as[H_UNITHEAD];
	long long r1;
	long long id = doc_make(bot, "เอกสารทดสอบการแก้ไข", "manual", D.health, "org",
				"ต้นฉบับ first-text", &r1);
	char path[64], form_path[64], base[24];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	snprintf(form_path, sizeof form_path, "/docs/%lld", id);

	/* Based on the current revision: saved as a new one. */
	h_send_json(bot, "PUT", path,
		  json_pack("{s:I, s:s, s:s}", "base_revision_id", (json_int_t)r1, "body_md",
			    "ฉบับที่สอง second-text", "note", "แก้ครั้งแรก"));
	json_t *v = h_json_answer(bot, 200);
	long long r2 = int_of(v, "revision_id");
	assert_true(r2 != r1);
	assert_string_equal(str_of(v, "body_md"), "ฉบับที่สอง second-text");
	json_decref(v);
	assert_int_equal(revisions_of(bot, id), 2);

	/* Based on a stale one: 409, and nothing stored. */
	h_send_json(bot, "PUT", path,
		  json_pack("{s:I, s:s}", "base_revision_id", (json_int_t)r1, "body_md",
			    "ข้อความที่ล้าสมัย stale-text"));
	h_expect_error(bot, 409, "conflict", "base_revision_id");
	assert_int_equal(revisions_of(bot, id), 2);
	v = api_doc(bot, id);
	assert_int_equal(int_of(v, "revision_id"), r2);
	assert_string_equal(str_of(v, "body_md"), "ฉบับที่สอง second-text");
	json_decref(v);

	/* The form with a stale base: 409 and a page with both texts. */
	snprintf(base, sizeof base, "%lld", r1);
	h_post_form(uh, form_path,
		    h_form(uh, "_csrf", uh->csrf, "base_revision_id", base, "title",
			   "เอกสารทดสอบการแก้ไข", "body_md",
			   "ข้อความของฉันที่ยังไม่บันทึก unsaved-text", NULL));
	h_expect_page(uh, 409, "second-text");
	assert_true(h_body_has(uh, "ข้อความของฉันที่ยังไม่บันทึก unsaved-text"));
	assert_true(h_body_has(uh, "ฉบับที่สอง second-text"));
	/* Its form saves over the latest revision. */
	snprintf(base, sizeof base, "%lld", r2);
	char want[80];
	snprintf(want, sizeof want, "name=\"base_revision_id\" value=\"%s\"", base);
	assert_true(h_body_has(uh, want));
	assert_int_equal(revisions_of(bot, id), 2);

	/* The form with the current base: saved. */
	h_post_form(uh, form_path,
		    h_form(uh, "_csrf", uh->csrf, "base_revision_id", base, "body_md",
			   "ฉบับที่สาม third-text", NULL));
	assert_status(uh, 303);
	expect_header(uh, "Location", form_path);
	assert_int_equal(revisions_of(bot, id), 3);
	v = api_doc(bot, id);
	assert_string_equal(str_of(v, "body_md"), "ฉบับที่สาม third-text");
	json_decref(v);

	/* Readers who may not edit: refused, nothing stored. */
	h_post_form(S.as[H_EXECUTIVE], form_path,
		    h_form(S.as[H_EXECUTIVE], "_csrf", S.as[H_EXECUTIVE]->csrf, "base_revision_id",
			   base, "body_md", "ผู้บริหาร", NULL));
	assert_status(S.as[H_EXECUTIVE], 403);
	assert_int_equal(revisions_of(bot, id), 3);
}

/* "Nothing lost": the conflict page keeps every field the user changed,
 * not only the body (templates/doc_conflict.html re-sends title, body and
 * note; a summary or tags typed there would be saved from the old
 * revision instead). */
static void docs_conflict_page_keeps_every_field(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *bot = bearer_client(D.uh), *uh = S.as[H_UNITHEAD];
	long long r1;
	long long id = doc_make(bot, "ทดสอบหน้าขัดแย้ง", "manual", D.health, "org", "หนึ่ง", &r1);
	doc_save(bot, id, r1, "สอง");
	char path[64], base[24];
	snprintf(path, sizeof path, "/docs/%lld", id);
	snprintf(base, sizeof base, "%lld", r1);
	h_post_form(uh, path,
		    h_form(uh, "_csrf", uh->csrf, "base_revision_id", base, "body_md", "สาม",
			   "summary", "บทคัดย่อใหม่ unsaved-summary", "tags", "unsaved-tag", NULL));
	h_expect_page(uh, 409, "สาม");
	if (!h_body_has(uh, "unsaved-summary"))
		fail_msg("POST %s (stale base): the conflict page drops the summary the user typed",
			 path);
	if (!h_body_has(uh, "unsaved-tag"))
		fail_msg("POST %s (stale base): the conflict page drops the tags the user typed",
			 path);
}

/* An editor of one division cannot move a document into another: doc.h's
 * rule for creating ("only in your own unit") holds for a change of unit
 * too, or staff could place documents in any division. */
static void docs_update_keeps_the_division_rule(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *sbot = bearer_client(D.staff);
	long long r1;
	long long id = doc_make(sbot, "ของเจ้าหน้าที่", "manual", D.health, "org", "x", &r1);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	h_send_json(sbot, "PUT", path,
		  json_pack("{s:I, s:I}", "base_revision_id", (json_int_t)r1, "unit_id",
			    (json_int_t)D.fin));
	long st = sbot->status;
	json_t *v = api_doc(bearer_client(S.admin_token), id);
	long long unit = int_of(v, "unit_id");
	json_decref(v);
	if (st != 403 || unit != D.health)
		fail_msg("PUT %s {unit_id: FIN} by HEALTH staff: %ld, unit now %lld (want 403, "
			 "unit stays %lld)",
			 path, st, unit, D.health);
	assert_int_equal(revisions_of(sbot, id), 1);
}

static void docs_history_diff_restore(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *bot = bearer_client(D.uh), *uh = S.as[H_UNITHEAD];
	static const char one[] = "บรรทัดแรก\nkeepword oldword\nบรรทัดสุดท้าย\n";
	static const char two[] = "บรรทัดแรก\nkeepword newword\nบรรทัดสุดท้าย\n";
	long long r1;
	long long id = doc_make(bot, "ประวัติการแก้ไข", "manual", D.health, "org", one, &r1);
	long long r2 = doc_save(bot, id, r1, two);
	char path[96], want[96];

	snprintf(path, sizeof path, "/docs/%lld/history", id);
	h_get(uh, path);
	h_expect_page(uh, 200, NULL);
	for (int k = 0; k < 2; k++) {
		snprintf(want, sizeof want, "href=\"/docs/%lld?rev=%lld\"", id, k ? r2 : r1);
		assert_true(h_body_has(uh, want));
	}
	/* The older one can be restored, the current one not. */
	snprintf(want, sizeof want, "name=\"revision_id\" value=\"%lld\"", r1);
	assert_true(h_body_has(uh, want));
	snprintf(want, sizeof want, "name=\"revision_id\" value=\"%lld\"", r2);
	assert_false(h_body_has(uh, want));
	/* Reviewers read it too; a reader of no division does not. */
	assert_int_equal(h_get(S.as[H_COMMITTEE], path), 200);
	struct h_client *out = outsider_client();
	h_get(out, path);
	assert_true(out->status == 403 || out->status == 404);

	snprintf(path, sizeof path, "/docs/%lld/diff?a=%lld&b=%lld", id, r1, r2);
	h_get(uh, path);
	h_expect_page(uh, 200, "<del>oldword</del>");
	assert_true(h_body_has(uh, "<ins>newword</ins>"));
	assert_false(h_body_has(uh, "<del>keepword") || h_body_has(uh, "<ins>keepword"));

	/* Restoring the first text makes a third revision with it. */
	snprintf(path, sizeof path, "/docs/%lld/restore", id);
	snprintf(want, sizeof want, "%lld", r1);
	h_post_form(uh, path, h_form(uh, "_csrf", uh->csrf, "revision_id", want, NULL));
	assert_status(uh, 303);
	snprintf(want, sizeof want, "/docs/%lld", id);
	expect_header(uh, "Location", want);
	json_t *v = api_doc(bot, id);
	assert_string_equal(str_of(v, "body_md"), one);
	assert_int_equal(int_of(json_object_get(v, "revision"), "number"), 3);
	long long r3 = int_of(v, "revision_id");
	assert_true(r3 != r1 && r3 != r2);
	json_decref(v);
	assert_int_equal(revisions_of(bot, id), 3);

	/* Another document's revision is not this one's. */
	long long other_rev;
	doc_make(bot, "เอกสารอื่น", "manual", D.health, "org", "อื่น", &other_rev);
	snprintf(want, sizeof want, "%lld", other_rev);
	h_post_form(uh, path, h_form(uh, "_csrf", uh->csrf, "revision_id", want, NULL));
	assert_status(uh, 404);
	assert_int_equal(revisions_of(bot, id), 3);
	snprintf(path, sizeof path, "/docs/%lld/diff?a=%lld&b=%lld", id, r1, other_rev);
	assert_int_equal(h_get(uh, path), 404);
}

/* Posts the page form of workflow step `action` on document `id` as c. */
static long doc_step_form(struct h_client *c, long long id, const char *action, const char *comment)
{
	char path[64];
	snprintf(path, sizeof path, "/docs/%lld/transitions", id);
	return h_post_form(c, path,
			   comment ? h_form(c, "_csrf", c->csrf, "action", action, "comment", comment, NULL)
				   : h_form(c, "_csrf", c->csrf, "action", action, NULL));
}

/* Publication goes through the workflow, by the page form as by the API
 * (tests/http/test_workflow.c checks each rule on each path): nobody
 * publishes a draft, the form's steps lead back to the document, and
 * readers keep the published text while an edit is on its way. */
static void docs_publish_workflow(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *bot = bearer_client(D.uh), *uh = S.as[H_UNITHEAD];
	struct h_client *staff = S.as[H_STAFF], *exe = S.as[H_EXECUTIVE], *pub = h_client_new(S.srv);
	long long id = doc_make(bot, "คู่มือประชาชนฉบับเผยแพร่", "citizen_manual", D.health,
				"public", "ข้อความฉบับแรก first-published", NULL);
	char page[64], api[80];
	snprintf(page, sizeof page, "/docs/%lld", id);
	snprintf(api, sizeof api, "/api/v1/documents/%lld/publish", id);

	/* A draft: staff and the executive may not publish at all, the unit
	 * head not before review and approval, and another division's head
	 * does not see it. */
	doc_step_form(staff, id, "publish", NULL);
	h_expect_page(staff, 403, NULL);
	struct h_client *sbot = bearer_client(D.staff);
	h_send_json(sbot, "POST", api, json_object());
	h_expect_error(sbot, 403, "forbidden", "action");
	doc_step_form(exe, id, "publish", NULL);
	h_expect_page(exe, 403, NULL);
	doc_step_form(uh, id, "publish", NULL);
	h_expect_page(uh, 409, NULL);
	h_send_json(bot, "POST", api, json_object());
	h_expect_error(bot, 409, "conflict", "action");
	struct h_client *fin = bearer_client(D.finhead);
	h_send_json(fin, "POST", api, json_object());
	h_expect_error(fin, 404, "not_found", NULL);
	json_t *v = api_doc(bot, id);
	assert_string_equal(str_of(v, "status"), "draft");
	json_decref(v);
	assert_int_equal(h_get(pub, page), 404);

	/* The steps by the form, each back to the document's page. */
	static const struct {
		enum h_role who;
		const char *action, *state;
	} steps[] = {
		{H_UNITHEAD, "submit", "submitted"},
		{H_COMMITTEE, "review", "reviewed"},
		{H_EXECUTIVE, "approve", "approved"},
		{H_UNITHEAD, "publish", "published"},
	};
	for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		struct h_client *c = S.as[steps[k].who];
		doc_step_form(c, id, steps[k].action, NULL);
		assert_status(c, 303);
		expect_header(c, "Location", page);
		v = api_doc(bot, id);
		assert_string_equal(str_of(v, "state"), steps[k].state);
		json_decref(v);
	}
	h_get(pub, page);
	h_expect_page(pub, 200, "first-published");

	/* An edit is not published yet: readers keep the published text. */
	v = api_doc(bot, id);
	long long published = int_of(v, "published_revision_id");
	long long r2 = doc_save(bot, id, int_of(v, "revision_id"), "ข้อความฉบับใหม่ second-draft");
	json_decref(v);
	v = api_doc(bot, id);
	assert_string_equal(str_of(v, "status"), "published");
	assert_string_equal(str_of(v, "state"), "draft");
	json_decref(v);
	h_get(pub, page);
	h_expect_page(pub, 200, "first-published");
	assert_false(h_body_has(pub, "second-draft"));
	v = api_doc(pub, id);
	assert_int_equal(int_of(v, "revision_id"), published);
	assert_string_equal(str_of(v, "body_md"), "ข้อความฉบับแรก first-published");
	assert_non_null(strstr(str_of(v, "body_html"), "first-published"));
	json_decref(v);
	/* Not even by asking for the new revision. */
	char rev[96];
	snprintf(rev, sizeof rev, "/docs/%lld?rev=%lld", id, r2);
	assert_int_equal(h_get(pub, rev), 404);
	assert_false(h_body_has(pub, "second-draft"));
	/* The editor sees the new text and that it is unpublished. */
	h_get(uh, page);
	h_expect_page(uh, 200, "second-draft");
	assert_true(h_body_has(uh, "มีการแก้ไขที่ยังไม่เผยแพร่"));
	assert_false(h_body_has(uh, "first-published"));

	/* Through the workflow again: the new revision is what everyone reads. */
	assert_int_equal(doc_publish(S.srv, id), r2);
	h_get(pub, page);
	h_expect_page(pub, 200, "second-draft");
	assert_false(h_body_has(pub, "first-published"));
}

/* Lists show readers what they can open: the published revision's title
 * and summary, not those of an unpublished edit (km/doc.c add_revision
 * copies every saved title and summary into documents, which doc_list
 * reads). */
static void docs_lists_show_the_published_title(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *bot = bearer_client(D.uh), *pub = h_client_new(S.srv);
	long long r1;
	long long id = doc_make(bot, "ชื่อที่เผยแพร่แล้ว published-title", "citizen_manual",
				D.health, "public", "เนื้อหา", &r1);
	doc_publish(S.srv, id);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	h_send_json(bot, "PUT", path,
		  json_pack("{s:I, s:s, s:s}", "base_revision_id", (json_int_t)r1, "title",
			    "ชื่อร่างใหม่ draft-title", "summary", "บทคัดย่อร่าง draft-summary"));
	assert_status(bot, 200);
	static const char *const lists[] = {"/api/v1/documents?per_page=200", "/portal", "/docs",
					    "/docs?kind=citizen_manual"};
	int leaks = 0;
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		assert_int_equal(h_get(pub, lists[i]), 200);
		bool shows = h_body_has(pub, "published-title");
		bool leaked = h_body_has(pub, "draft-title") || h_body_has(pub, "draft-summary");
		if (!shows || leaked) {
			printf("# %s for the public: %s%s\n", lists[i],
			       shows ? "" : "lacks the published title; ",
			       leaked ? "shows the unpublished title or summary" : "");
			leaks++;
		}
	}
	if (leaks)
		fail_msg("%d lists show an unpublished edit's title to the public", leaks);
}

static void docs_retire(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *bot = bearer_client(D.uh), *uh = S.as[H_UNITHEAD];
	struct h_client *staff = S.as[H_STAFF], *pub = h_client_new(S.srv);
	long long id =
		doc_make(bot, "คู่มือที่จะยกเลิก", "manual", D.health, "public", "เดิม", NULL);
	doc_publish(S.srv, id);
	char page[64];
	snprintf(page, sizeof page, "/docs/%lld", id);
	assert_true(list_has(pub, "/api/v1/documents?per_page=200", id));

	/* Retiring is for those who publish (staff do not); by the form. */
	doc_step_form(staff, id, "retire", "ไม่ใช้แล้ว");
	h_expect_page(staff, 403, NULL);
	/* A reason is required. */
	doc_step_form(uh, id, "retire", NULL);
	h_expect_page(uh, 400, NULL);
	doc_step_form(uh, id, "retire", "");
	h_expect_page(uh, 400, NULL);
	doc_step_form(uh, id, "retire", "   ");
	h_expect_page(uh, 400, NULL);
	json_t *v = api_doc(bot, id);
	assert_string_equal(str_of(v, "status"), "published");
	json_decref(v);

	doc_step_form(uh, id, "retire", "มีระเบียบใหม่แทน retire-reason");
	assert_status(uh, 303);
	expect_header(uh, "Location", page);
	v = api_doc(bot, id);
	assert_string_equal(str_of(v, "status"), "retired");
	assert_string_equal(str_of(v, "retired_reason"), "มีระเบียบใหม่แทน retire-reason");
	json_decref(v);

	/* Out of the default lists … */
	h_get(uh, "/docs");
	h_expect_page(uh, 200, NULL);
	assert_false(links_doc(uh, id));
	assert_false(list_has(pub, "/api/v1/documents?per_page=200", id));
	assert_false(list_has(bot, "/api/v1/documents?per_page=200", id));
	h_get(uh, "/docs?status=retired");
	assert_true(links_doc(uh, id));
	/* … still readable, with the banner and the reason. */
	h_get(pub, page);
	h_expect_page(pub, 200, "เอกสารนี้ยกเลิกการใช้แล้ว");
	assert_true(h_body_has(pub, "retire-reason"));
	h_get(uh, page);
	h_expect_page(uh, 200, "ยกเลิกการใช้");
	/* Retired is final: not retired again, not edited. */
	doc_step_form(uh, id, "retire", "อีกครั้ง");
	h_expect_page(uh, 409, NULL);
	v = api_doc(bot, id);
	long long rev = int_of(v, "revision_id");
	json_decref(v);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	h_send_json(bot, "PUT", path,
		  json_pack("{s:I, s:s}", "base_revision_id", (json_int_t)rev, "body_md", "แก้"));
	h_expect_error(bot, 403, "forbidden", NULL);
}

/* Fails if the HTML holds a script element other than the site's own
 * (src="/static/…"), an onerror attribute or a javascript: URL in any tag;
 * escaped text (&lt;…) is not a tag. */
static void expect_inert_html_at(const char *html, const char *where, const char *file, int line)
{
	for (const char *p = html ? strchr(html, '<') : NULL; p; p = strchr(p + 1, '<')) {
		const char *gt = strchr(p, '>');
		if (!gt)
			break;
		char tag[1024];
		size_t n = (size_t)(gt - p) < sizeof tag - 1 ? (size_t)(gt - p) : sizeof tag - 1;
		for (size_t i = 0; i < n; i++)
			tag[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
		tag[n] = 0;
		bool script = !strncmp(tag, "<script", 7) && !strstr(tag, " src=\"/static/");
		if (script || strstr(tag, "onerror") || strstr(tag, "javascript:")) {
			print_error("%s: active content: %.200s\n", where, tag);
			_fail(file, line);
		}
	}
}
#define expect_inert_html(html, where) expect_inert_html_at((html), (where), __FILE__, __LINE__)

static void docs_markdown_is_safe(void **state)
{
	(void)state;
	docs_ready();
	static const char body[] = "ย่อหน้าแรก\n\n<script>alert(1)</script>\n\n"
				   "<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n"
				   "[y](JaVaScRiPt:alert(2))\n\n"
				   "<a href=\"javascript:alert(3)\">z</a>\n\n"
				   "![i](javascript:alert(4))\n";
	struct h_client *bot = bearer_client(D.uh), *pub = h_client_new(S.srv);
	long long id = doc_make(bot, "ทดสอบความปลอดภัย", "article", D.health, "public", body, NULL);
	doc_publish(S.srv, id);
	char page[64];
	snprintf(page, sizeof page, "/docs/%lld", id);
	struct h_client *who[] = {S.as[H_UNITHEAD], pub};
	for (size_t i = 0; i < 2; i++) {
		h_get(who[i], page);
		h_expect_page(who[i], 200, "ย่อหน้าแรก");
		expect_inert_html(who[i]->body.p, page);
		json_t *v = api_doc(who[i], id);
		const char *html = str_of(v, "body_html");
		assert_non_null(html);
		assert_non_null(strstr(html, "ย่อหน้าแรก"));
		assert_null(strstr(html, "<script"));
		expect_inert_html(html, "body_html");
		/* The Markdown itself is kept as written. */
		assert_string_equal(str_of(v, "body_md"), body);
		json_decref(v);
	}
}

static void docs_export_markdown(void **state)
{
	(void)state;
	docs_ready();
	static const char title[] = "คู่มือตรวจสุขาภิบาลอาหาร";
	struct h_client *bot = bearer_client(D.uh), *uh = S.as[H_UNITHEAD];
	long long id = doc_make(bot, title, "manual", D.health, "org", "เนื้อหาส่งออก", NULL);
	char path[96], ct[128], cd[600];
	snprintf(path, sizeof path, "/docs/%lld/export?format=md", id);
	assert_int_equal(h_get(uh, path), 200);
	assert_non_null(h_header(uh, "Content-Type", ct, sizeof ct));
	assert_non_null(strstr(ct, "text/markdown"));
	assert_non_null(h_header(uh, "Content-Disposition", cd, sizeof cd));
	char *enc = curl_easy_escape(uh->curl, title, 0);
	char want[600];
	snprintf(want, sizeof want, "filename*=UTF-8''%s.md", enc);
	curl_free(enc);
	if (!strstr(cd, want))
		fail_msg("Content-Disposition: %s\n# lacks %s", cd, want);
	assert_non_null(strstr(cd, "attachment"));
	char head[128];
	snprintf(head, sizeof head, "# %s\n", title);
	assert_memory_equal(uh->body.p, head, strlen(head));
	assert_non_null(strstr(uh->body.p, "เนื้อหาส่งออก"));
	/* The API's export is the same file. */
	snprintf(path, sizeof path, "/api/v1/documents/%lld/export?format=md", id);
	assert_int_equal(h_get(bot, path), 200);
	assert_memory_equal(bot->body.p, head, strlen(head));

	/* Who may not read it gets 404, and no text. */
	struct h_client *pub = h_client_new(S.srv);
	snprintf(path, sizeof path, "/docs/%lld/export?format=md", id);
	h_get(pub, path);
	h_expect_page(pub, 404, NULL);
	assert_false(h_body_has(pub, "เนื้อหาส่งออก"));
	snprintf(path, sizeof path, "/api/v1/documents/%lld/export?format=md", id);
	h_get(pub, path);
	h_expect_error(pub, 404, "not_found", NULL);
	struct h_client *fin = bearer_client(D.finhead);
	h_get(fin, path);
	h_expect_error(fin, 404, "not_found", NULL);
}

static void km_corner(void **state)
{
	(void)state;
	docs_ready();
	static const char url[] = "https://example.org/km/health-corner-test";
	char path[64], href[128];
	snprintf(path, sizeof path, "/units/%lld/corner", D.health);
	snprintf(href, sizeof href, "href=\"%s\"", url);
	struct h_client *pub = anonymous_with_token(S.srv), *uh = S.as[H_UNITHEAD],
			*staff = S.as[H_STAFF];
	/* Everyone sees the corner; only accounts see its people. */
	h_get(pub, path);
	h_expect_page(pub, 200, "กองสาธารณสุขและสิ่งแวดล้อม");
	assert_false(h_body_has(pub, "<h2>บุคลากร"));
	h_get(staff, path);
	h_expect_page(staff, 200, "<h2>บุคลากร");
	assert_false(h_body_has(staff, "action=\"/units/")); /* no settings form for staff */
	h_get(uh, path);
	h_expect_page(uh, 200, "<h2>บุคลากร");

	h_post_form(uh, path,
		    h_form(uh, "_csrf", uh->csrf, "intro", "มุมทดสอบ corner-intro",
			   "external_label", "กลุ่มทดสอบ corner-label", "external_url", url, NULL));
	assert_status(uh, 303);
	expect_header(uh, "Location", path);
	h_get(pub, path);
	h_expect_page(pub, 200, href);
	assert_true(h_body_has(pub, "corner-label"));
	assert_true(h_body_has(pub, "corner-intro"));

	/* Only http(s) links. */
	h_post_form(uh, path,
		    h_form(uh, "_csrf", uh->csrf, "intro", "x", "external_url",
			   "javascript:alert(1)", NULL));
	h_expect_page(uh, 400, NULL);
	h_post_form(uh, path,
		    h_form(uh, "_csrf", uh->csrf, "external_url", " JavaScript:alert(1)", NULL));
	assert_status(uh, 400);
	/* Staff may not change it, nor the public. */
	h_post_form(staff, path,
		    h_form(staff, "_csrf", staff->csrf, "external_url", "https://example.org/staff",
			   NULL));
	h_expect_page(staff, 403, NULL);
	h_post_form(pub, path,
		    h_form(pub, "_csrf", pub->csrf, "external_url", "https://example.org/pub",
			   NULL));
	assert_status(pub, 401);
	h_get(pub, path);
	h_expect_page(pub, 200, href);
	assert_false(h_body_has(pub, "javascript:") || h_body_has(pub, "example.org/staff") ||
		     h_body_has(pub, "example.org/pub"));
	assert_true(h_body_has(pub, "corner-intro"));

	assert_int_equal(h_get(pub, "/units/999999/corner"), 404);
}

static void docs_ack_and_feedback(void **state)
{
	(void)state;
	docs_ready();
	static const char reads[] = "SELECT count(*) FROM document_reads WHERE document_id = ?";
	static const char helpful[] =
		"SELECT count(*) FROM document_feedback WHERE document_id = ? AND helpful = 1";
	struct h_client *bot = bearer_client(D.uh), *staff = S.as[H_STAFF];
	long long id = doc_make(bot, "คู่มือที่ต้องอ่าน", "manual", D.health, "org", "อ่าน", NULL);
	char page[64], ack[64], fb[64];
	snprintf(page, sizeof page, "/docs/%lld", id);
	snprintf(ack, sizeof ack, "/docs/%lld/ack", id);
	snprintf(fb, sizeof fb, "/docs/%lld/feedback", id);
	/* Not published: nothing to acknowledge. */
	h_post_form(staff, ack, h_form(staff, "_csrf", staff->csrf, NULL));
	assert_status(staff, 400);
	assert_int_equal(db_number(reads, id), 0);

	doc_publish(S.srv, id);
	h_get(staff, page);
	char action[96];
	snprintf(action, sizeof action, "action=\"%s\"", ack);
	h_expect_page(staff, 200, action);
	h_post_form(staff, ack, h_form(staff, "_csrf", staff->csrf, NULL));
	assert_status(staff, 303);
	expect_header(staff, "Location", page);
	assert_int_equal(db_number(reads, id), 1);
	h_post_form(staff, ack, h_form(staff, "_csrf", staff->csrf, NULL));
	assert_status(staff, 303);
	assert_int_equal(db_number(reads, id), 1); /* once per version */

	h_post_form(staff, fb,
		    h_form(staff, "_csrf", staff->csrf, "helpful", "1", "comment", "ดีมาก", NULL));
	assert_status(staff, 303);
	expect_header(staff, "Location", page);
	assert_int_equal(db_number(helpful, id), 1);
	h_post_form(staff, fb, h_form(staff, "_csrf", staff->csrf, "helpful", "maybe", NULL));
	assert_status(staff, 400);
	assert_int_equal(db_number(helpful, id), 1);

	/* The public: to the login page or 401, and nothing recorded. */
	struct h_client *pub = anonymous_with_token(S.srv);
	h_post_form(pub, ack, h_form(pub, "_csrf", pub->csrf, NULL));
	assert_true(pub->status == 401 || pub->status == 303);
	h_post_form(pub, fb, h_form(pub, "_csrf", pub->csrf, "helpful", "1", NULL));
	assert_true(pub->status == 401 || pub->status == 303);
	assert_int_equal(db_number(reads, id), 1);
	assert_int_equal(db_number(helpful, id), 1);
}

static void docs_limits(void **state)
{
	(void)state;
	docs_ready();
	struct h_client *bot = bearer_client(D.uh), *uh = S.as[H_UNITHEAD];
	json_int_t before = drafts_total();
	long long r1;
	long long id = doc_make(bot, "ขีดจำกัด", "manual", D.health, "org", "สั้น", &r1);
	before++;

	/* Over 1 MiB of Markdown: in ASCII (over the character limit too) and
	 * in Thai (3 bytes a character: under it, over the byte limit). */
	char *ascii = test_repeat("a", (1u << 20) + 1), *thai = test_repeat("ก", 350000);
	const char *bodies[] = {ascii, thai};
	char path[64], base[24];
	snprintf(path, sizeof path, "/api/v1/documents/%lld", id);
	snprintf(base, sizeof base, "%lld", r1);
	for (int i = 0; i < 2; i++) {
		h_send_json(bot, "POST", "/api/v1/documents",
			  json_pack("{s:s, s:s, s:I, s:s}", "title", "ใหญ่เกิน", "kind", "manual",
				    "unit_id", (json_int_t)D.health, "body_md", bodies[i]));
		assert_true(bot->status == 413 || bot->status == 400);
		h_expect_error(bot, bot->status, bot->status == 413 ? "too_big" : "invalid",
				 "body_md");
		h_send_json(bot, "PUT", path,
			  json_pack("{s:I, s:s}", "base_revision_id", (json_int_t)r1, "body_md",
				    bodies[i]));
		assert_true(bot->status == 413 || bot->status == 400);
		h_expect_error(bot, bot->status, bot->status == 413 ? "too_big" : "invalid",
				 "body_md");
	}
	/* The form says so in Thai, on the form with the user's title. */
	char health[24];
	snprintf(health, sizeof health, "%lld", D.health);
	h_post_form(uh, "/docs",
		    h_form(uh, "_csrf", uh->csrf, "title", "ใหญ่เกินแบบฟอร์ม big-form", "kind",
			   "manual", "unit_id", health, "body_md", thai, NULL));
	assert_true(uh->status == 413 || uh->status == 400);
	h_expect_page(uh, uh->status, "1 MB");
	assert_true(h_body_has(uh, "big-form"));
	free(ascii);
	free(thai);
	assert_int_equal(drafts_total(), before);
	assert_int_equal(revisions_of(bot, id), 1);

	/* 51 required-knowledge items: over the limit of 50. */
	json_t *ids = json_array();
	for (int i = 1; i <= 51; i++)
		json_array_append_new(ids, json_integer(i));
	h_send_json(bot, "POST", "/api/v1/documents",
		  json_pack("{s:s, s:s, s:I, s:o}", "title", "ครอบคลุมเกิน", "kind", "manual",
			    "unit_id", (json_int_t)D.health, "covers", ids));
	assert_true(bot->status == 400 || bot->status == 413);
	h_expect_error(bot, bot->status, bot->status == 400 ? "invalid" : "too_big", "covers");
	struct h_buf form = {0};
	char field[160];
	snprintf(field, sizeof field, "_csrf=%s&title=covers&kind=manual&unit_id=%s", uh->csrf,
		 health);
	h_buf_add(&form, field, strlen(field));
	for (int i = 1; i <= 51; i++) {
		snprintf(field, sizeof field, "&covers=%d", i);
		h_buf_add(&form, field, strlen(field));
	}
	h_post_form(uh, "/docs", form.p);
	h_buf_release(&form);
	assert_true(uh->status == 400 || uh->status == 413);
	h_expect_page(uh, uh->status, NULL);

	/* An unknown kind names the field. */
	h_send_json(bot, "POST", "/api/v1/documents",
		  json_pack("{s:s, s:s, s:I}", "title", "ประเภทแปลก", "kind", "novel", "unit_id",
			    (json_int_t)D.health));
	h_expect_error(bot, 400, "invalid", "kind");
	h_send_json(bot, "PUT", path,
		  json_pack("{s:I, s:s}", "base_revision_id", (json_int_t)r1, "kind", "novel"));
	h_expect_error(bot, 400, "invalid", "kind");
	h_post_form(uh, "/docs",
		    h_form(uh, "_csrf", uh->csrf, "title", "ประเภทแปลก", "kind", "novel", "unit_id",
			   health, NULL));
	h_expect_page(uh, 400, NULL);
	assert_int_equal(drafts_total(), before);
	assert_int_equal(revisions_of(bot, id), 1);
}

/* Raw sockets, for a request held open across the stop signal. */

static int connect_local(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Reads into b until it holds `needle` (NULL: until the peer closes) or
 * timeout_ms pass. */
static bool recv_until(int fd, struct h_buf *b, const char *needle, int timeout_ms)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (needle && b->p && strstr(b->p, needle))
			return true;
		clock_gettime(CLOCK_MONOTONIC, &t);
		long left = timeout_ms -
			    ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return false;
		char chunk[4096];
		ssize_t r = recv(fd, chunk, sizeof chunk, 0);
		if (r == 0)
			return needle == NULL;
		if (r < 0)
			return false;
		h_buf_add(b, chunk, (size_t)r);
	}
}

/* The end: SIGTERM stops the shared server gracefully. A request already
 * being received is finished and answered, new connections are refused,
 * and the process exits with status 0. */
static void server_stops_gracefully(void **state)
{
	(void)state;
	static const char body[] = "{\"name\":\"in-flight\"}";
	struct h_client *c = h_client_new(S.srv);
	assert_int_equal(h_get(c, "/api/v1/health"), 200);

	/* Headers first; "100 Continue" shows the server holds the request. */
	int fd = connect_local(S.srv->port);
	assert_true(fd >= 0);
	char head[512];
	snprintf(head, sizeof head,
		 "POST /api/v1/units HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		 "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
		 "Content-Length: %zu\r\nExpect: 100-continue\r\n\r\n",
		 S.srv->port, S.admin_token, sizeof body - 1);
	assert_true(send_all(fd, head, strlen(head)));
	struct h_buf in = {0};
	assert_true(recv_until(fd, &in, "\r\n\r\n", 5000));
	assert_memory_equal(in.p, "HTTP/1.1 100", 12);

	h_server_signal(S.srv, SIGTERM);
	/* New connections are refused soon after the signal. */
	bool refused = false;
	for (int i = 0; i < 200 && !refused; i++) {
		int other = connect_local(S.srv->port);
		if (other < 0)
			refused = true;
		else
			close(other);
		if (!refused)
			usleep(10 * 1000);
	}
	/* The request in flight still gets its answer. */
	h_buf_reset(&in);
	bool sent = send_all(fd, body, sizeof body - 1);
	bool answered = sent && recv_until(fd, &in, "in-flight", 5000);
	close(fd);
	if (!answered)
		print_error("in-flight request: %.200s\n", in.p ? in.p : "(no answer)");
	bool created = answered && strncmp(in.p, "HTTP/1.1 201", 12) == 0;
	h_buf_release(&in);

	struct h_server *srv = S.srv;
	S.srv = NULL;
	for (int r = 0; r < H_NROLES; r++) {
		h_client_free(S.as[r]);
		S.as[r] = NULL;
	}
	assert_int_equal(h_server_stop(srv), 0);
	assert_true(refused);
	assert_true(created);
	assert_int_equal(h_get(c, "/api/v1/health"), 0);
}

/* The suite */

static int group_setup(void **state)
{
	(void)state;
	S.srv = h_server_start(NULL);
	if (!S.srv)
		return -1;
	S.as[H_PUBLIC] = h_client_new(S.srv);
	for (int r = H_STAFF; r < H_NROLES; r++) {
		S.as[r] = h_client_new(S.srv);
		if (!S.as[r] || !h_login_role(S.as[r], (enum h_role)r)) {
			fprintf(stderr, "# set-up: login as %s failed\n",
				h_role_login((enum h_role)r));
			return -1;
		}
	}
	if (h_token_create(S.srv, "admin", S.admin_token, sizeof S.admin_token) != 0)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int r = 0; r < H_NROLES; r++)
		h_client_free(S.as[r]);
	if (S.srv)
		h_server_stop(S.srv);
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/klang [SOURCE_ROOT]\n", argv[0]);
		return 2;
	}
	h_init(argv[1]);
	find_source_root(argc, argv);
	const struct CMUnitTest tests[] = {
		T(login_sets_a_strict_session_cookie),
		T(me_shows_each_roles_names),
		T(login_failure_says_so_in_thai),
		T(login_next_stays_on_the_site),
		T(throttle_per_account),
		T(throttle_per_address),
		T(throttle_ends_after_the_window),
		T(session_rotates_on_login),
		T(logout_ends_the_session_on_the_server),
		T(csrf_guards_forms),
		T(csrf_guards_cookie_api_writes_not_bearer),
		T(csrf_guards_the_login_form),
		T(bearer_tokens_are_for_the_api_only),
		T(route_matrix),
		T(route_table_is_covered),
		T(unknown_paths_are_404),
		T(error_pages_name_the_problem),
		T(wrong_methods_are_405_with_allow),
		T(unknown_methods_are_answered_properly),
		T(head_answers_like_get_without_a_body),
		T(oversized_bodies_are_413),
		T(malformed_forms_are_400_in_thai),
		T(repeated_form_fields_are_not_merged),
		T(invalid_utf8_in_urls_is_400),
		T(bad_json_is_400_with_details),
		T(api_health_and_org),
		T(api_units_list_and_paging),
		T(api_units_create_and_update),
		T(api_unit_move_respects_max_depth),
		T(api_unit_move_updates_every_level),
		T(api_people_create_and_update),
		T(api_people_dates_can_be_cleared),
		T(api_job_lines),
		T(api_knowledge_map),
		T(api_validation_names_the_field),
		T(pages_send_security_headers),
		T(static_assets_are_cached_by_version),
		T(names_are_escaped_in_pages),
		T(disabling_an_account_ends_its_session),
		T(docs_create_by_form_and_api),
		T(docs_reading_rules),
		T(docs_editing_and_conflicts),
		T(docs_conflict_page_keeps_every_field),
		T(docs_update_keeps_the_division_rule),
		T(docs_history_diff_restore),
		T(docs_publish_workflow),
		T(docs_lists_show_the_published_title),
		T(docs_retire),
		T(docs_markdown_is_safe),
		T(docs_export_markdown),
		T(km_corner),
		T(docs_ack_and_feedback),
		T(docs_limits),
		T(server_stops_gracefully),
	};
	return cmocka_run_group_tests_name("http", tests, group_setup, group_teardown);
}
