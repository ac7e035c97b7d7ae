/* Tests of km/: accounts, sessions, tokens, roles, authorisation, isolation
 * between organisations, the audit chain, the knowledge map and the demo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/clock.h"
#include "km/account.h"
#include "km/audit.h"
#include "km/demo.h"
#include "km/kmap.h"
#include "km/org.h"
#include "km/people.h"
#include "km/secret.h"
#include "km/session.h"
#include "km/token.h"
#include "search/search.h"
#include "store/db.h"
#include "store/migrate.h"
#include "support/support.h"

static const struct auth_policy policy = {
	.pw_mem_mib = 46, .pw_ops = 1, .fail_account = 3, .fail_ip = 10, .window_min = 15,
	.session_idle_min = 30, .session_max_hours = 8,
};

struct fixture {
	char dir[64];
	struct db *db;
	struct demo_result demo;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/klang-km-XXXXXX");
	if (!mkdtemp(f->dir) || secret_init())
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/k.db", f->dir);
	if (db_open(path, &f->db) || db_migrate(f->db, NULL) || search_schema(f->db) || demo_create(f->db, &policy, &f->demo))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	int rc = test_rmtree(f->dir);
	free(f);
	return rc;
}

static const char *password_of(struct fixture *f, const char *login)
{
	for (int i = 0; i < DEMO_LOGINS; i++) {
		if (!strcmp(f->demo.logins[i].login, login))
			return f->demo.logins[i].password;
	}
	fail_msg("no demo login %s", login);
	return NULL;
}

static void login_as(struct fixture *f, const char *login, struct actor *a)
{
	assert_int_equal(account_login(f->db, &policy, login, password_of(f, login), "10.0.0.1", a), 0);
}

static void demo_matches_the_seed(void **state)
{
	struct fixture *f = *state;
	int64_t n = 0;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM strategic_issues", DB_NOARGS, &n), 0);
	assert_int_equal(n, 6);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM required_knowledge", DB_NOARGS, &n), 0);
	assert_int_equal(n, 2 + 7 + 7 + 3 + 3 + 2);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM job_lines", DB_NOARGS, &n), 0);
	assert_int_equal(n, 33);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM units WHERE parent_id IS NULL", DB_NOARGS, &n), 0);
	assert_int_equal(n, 8);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM km_strategies s JOIN km_plans p ON p.id = s.plan_id WHERE p.fy_from = 2564", DB_NOARGS, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM account_roles WHERE role = 'km_committee'", DB_NOARGS, &n), 0);
	assert_int_equal(n, 17);
	/* Every job line is held by at least one municipal employee. */
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM job_lines j WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.job_line_id = j.id AND p.employment_type = 'municipal_employee')", DB_NOARGS, &n), 0);
	assert_int_equal(n, 0);
	/* unithead and staff are in the same unit. */
	struct actor head, staff;
	login_as(f, "unithead", &head);
	login_as(f, "staff", &staff);
	assert_true(head.unit_id > 0);
	assert_int_equal(head.unit_id, staff.unit_id);
	assert_true(head.roles & ROLE_UNIT_HEAD);
	struct demo_result again;
	assert_int_equal(demo_create(f->db, &policy, &again), ERR_CONFLICT);
}

static void login_and_throttling(void **state)
{
	struct fixture *f = *state;
	struct actor a;
	login_as(f, "executive", &a);
	assert_true(a.roles & ROLE_EXECUTIVE);
	assert_string_equal(a.login, "executive");
	assert_string_equal(a.ip, "10.0.0.1");
	for (int i = 0; i < policy.fail_account; i++)
		assert_int_equal(account_login(f->db, &policy, "executive", "wrong-password", "10.0.0.2", &a), ERR_UNAUTH);
	/* Now even the right password waits: no hint, no check. */
	assert_int_equal(account_login(f->db, &policy, "executive", password_of(f, "executive"), "10.0.0.2", &a), ERR_THROTTLED);
	/* Unknown logins fail the same way and count for the address. */
	assert_int_equal(account_login(f->db, &policy, "nobody", "whatever-pass", "10.0.0.9", &a), ERR_UNAUTH);
	/* The window passes (failures moved back in time): allowed again. */
	assert_int_equal(db_exec(f->db, "UPDATE login_failures SET at = at - 3600", DB_NOARGS), 0);
	login_as(f, "executive", &a);
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM login_failures WHERE login = 'executive'", DB_NOARGS, &n), 0);
	assert_int_equal(n, 0); /* success clears the account's failures */
}

static void sessions_expire_and_rotate(void **state)
{
	struct fixture *f = *state;
	struct actor a, b;
	login_as(f, "staff", &a);
	char token[SECRET_TOKEN_LEN + 1], csrf[SECRET_TOKEN_LEN + 1], csrf2[SECRET_TOKEN_LEN + 1];
	assert_int_equal(session_create(f->db, &policy, &a, NULL, token, csrf), 0);
	assert_int_equal(strlen(token), SECRET_TOKEN_LEN);
	assert_int_equal(session_resolve(f->db, &policy, token, &b, csrf2), 0);
	assert_int_equal(b.account_id, a.account_id);
	assert_string_equal(csrf, csrf2);
	/* The database never holds the token itself. */
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM sessions WHERE token_hash = $1", DB_ARGS(DB_TEXT(token)), &n), 0);
	assert_int_equal(n, 0);
	/* A new login replaces the old session. */
	char token2[SECRET_TOKEN_LEN + 1];
	assert_int_equal(session_create(f->db, &policy, &a, token, token2, csrf), 0);
	assert_string_not_equal(token, token2);
	assert_int_equal(session_resolve(f->db, &policy, token, &b, csrf2), ERR_UNAUTH);
	assert_int_equal(session_resolve(f->db, &policy, token2, &b, csrf2), 0);
	/* Idle timeout. */
	assert_int_equal(db_exec(f->db, "UPDATE sessions SET seen_at = seen_at - 31 * 60", DB_NOARGS), 0);
	assert_int_equal(session_resolve(f->db, &policy, token2, &b, csrf2), ERR_UNAUTH);
	/* Absolute timeout, however active. */
	assert_int_equal(session_create(f->db, &policy, &a, NULL, token, csrf), 0);
	assert_int_equal(db_exec(f->db, "UPDATE sessions SET expires_at = created_at - 1", DB_NOARGS), 0);
	assert_int_equal(session_resolve(f->db, &policy, token, &b, csrf2), ERR_UNAUTH);
	/* Logout. */
	assert_int_equal(session_create(f->db, &policy, &a, NULL, token, csrf), 0);
	assert_int_equal(session_destroy(f->db, token), 0);
	assert_int_equal(session_resolve(f->db, &policy, token, &b, csrf2), ERR_UNAUTH);
	assert_int_equal(session_resolve(f->db, &policy, "short", &b, csrf2), ERR_UNAUTH);
}

static void roles_tokens_and_disabling(void **state)
{
	struct fixture *f = *state;
	struct actor admin, staff, x;
	login_as(f, "admin", &admin);
	login_as(f, "staff", &staff);
	/* Staff cannot create accounts; admins cannot grant admin (the operator can). */
	assert_int_equal(account_create(f->db, &staff, &policy, "newbie", "a-long-password", ROLE_STAFF, NULL, 0, NULL), ERR_FORBIDDEN);
	assert_int_equal(account_create(f->db, &admin, &policy, "newadmin", "a-long-password", ROLE_ADMIN, NULL, 0, NULL), ERR_FORBIDDEN);
	int64_t id = 0;
	assert_int_equal(account_create(f->db, &admin, &policy, "newbie", "a-long-password", ROLE_STAFF, NULL, 0, &id), 0);
	assert_int_equal(account_create(f->db, &admin, &policy, "newbie", "a-long-password", ROLE_STAFF, NULL, 0, NULL), ERR_CONFLICT);
	assert_int_equal(account_create(f->db, &admin, &policy, "Bad Login", "a-long-password", ROLE_STAFF, NULL, 0, NULL), ERR_INVAL);
	assert_int_equal(account_create(f->db, &admin, &policy, "shortpw", "short", ROLE_STAFF, NULL, 0, NULL), ERR_INVAL);
	/* Roles: an admin may make someone a unit head, not change their own. */
	assert_int_equal(account_set_roles(f->db, &admin, id, ROLE_STAFF | ROLE_UNIT_HEAD, NULL), 0);
	assert_int_equal(account_load_actor(f->db, id, &x), 0);
	assert_true(x.roles & ROLE_UNIT_HEAD);
	assert_int_equal(account_set_roles(f->db, &admin, admin.account_id, ROLE_STAFF, NULL), ERR_FORBIDDEN);
	assert_int_equal(account_set_roles(f->db, &staff, id, ROLE_STAFF, NULL), ERR_FORBIDDEN);
	/* The last admin cannot be disabled, nor lose the role. */
	struct actor op;
	authz_operator(&op, admin.org_id);
	assert_int_equal(account_disable(f->db, &op, "admin"), ERR_CONFLICT);
	assert_int_equal(account_set_roles(f->db, &op, admin.account_id, ROLE_STAFF, NULL), ERR_CONFLICT);
	/* Tokens act as their account; disabling ends sessions and tokens. */
	char token[SECRET_TOKEN_LEN + 1], session[SECRET_TOKEN_LEN + 1], csrf[SECRET_TOKEN_LEN + 1];
	assert_int_equal(token_create(f->db, &op, "newbie", "script", token), 0);
	assert_int_equal(token_resolve(f->db, token, &x), 0);
	assert_int_equal(x.account_id, id);
	assert_int_equal(token_create(f->db, &staff, "newbie", "x", token), ERR_FORBIDDEN);
	struct actor newbie;
	assert_int_equal(account_login(f->db, &policy, "newbie", "a-long-password", "10.1.1.1", &newbie), 0);
	assert_int_equal(session_create(f->db, &policy, &newbie, NULL, session, csrf), 0);
	assert_int_equal(account_disable(f->db, &admin, "newbie"), 0);
	assert_int_equal(token_resolve(f->db, token, &x), ERR_UNAUTH);
	assert_int_equal(session_resolve(f->db, &policy, session, &x, csrf), ERR_UNAUTH);
	assert_int_equal(account_login(f->db, &policy, "newbie", "a-long-password", "10.1.1.1", &x), ERR_UNAUTH);
	/* A password change ends the account's sessions. */
	assert_int_equal(session_create(f->db, &policy, &staff, NULL, session, csrf), 0);
	assert_int_equal(account_set_password(f->db, &staff, &policy, "staff", "another-long-password"), 0);
	assert_int_equal(session_resolve(f->db, &policy, session, &x, csrf), ERR_UNAUTH);
	assert_int_equal(account_login(f->db, &policy, "staff", "another-long-password", "10.0.0.1", &x), 0);
	assert_int_equal(account_set_password(f->db, &staff, &policy, "admin", "another-long-password"), ERR_FORBIDDEN);
}

static void authorisation_and_isolation(void **state)
{
	struct fixture *f = *state;
	struct actor admin, staff, public_ = {0};
	login_as(f, "admin", &admin);
	login_as(f, "unithead", &staff);
	public_.org_id = admin.org_id;
	json_t *out = NULL;
	int64_t total = 0;
	/* The public reads the knowledge map, not the staff list. */
	assert_int_equal(kmap_get(f->db, &public_, admin.org_id, &out), 0);
	assert_int_equal(json_array_size(out), 6);
	json_decref(out);
	assert_int_equal(person_list(f->db, &public_, 0, 0, 1, 10, &out, &total), ERR_UNAUTH);
	assert_int_equal(person_list(f->db, &staff, 0, 0, 1, 10, &out, &total), 0);
	assert_true(total > 60);
	json_decref(out);
	/* Only admins change units; unit heads get 403 from the domain itself. */
	struct unit_input in = UNIT_INPUT_UNCHANGED;
	in.name = "กองทดสอบ";
	int64_t unit = 0;
	assert_int_equal(unit_create(f->db, &staff, &in, &unit), ERR_FORBIDDEN);
	assert_int_equal(unit_create(f->db, &admin, &in, &unit), 0);
	/* A second organisation sees nothing of the first. */
	struct actor op, other;
	authz_operator(&op, 0);
	int64_t org2 = 0;
	assert_int_equal(org_create(f->db, &op, "other", "เทศบาลตำบลอื่น", "", "", &org2), 0);
	authz_operator(&op, org2);
	assert_int_equal(account_create(f->db, &op, &policy, "admin2", "a-long-password", ROLE_ADMIN, NULL, 0, NULL), 0);
	assert_int_equal(account_login(f->db, &policy, "admin2", "a-long-password", "10.2.2.2", &other), 0);
	assert_int_equal(other.org_id, org2);
	assert_int_equal(unit_get(f->db, &other, unit, &out), ERR_NOTFOUND);
	struct unit_input rename = UNIT_INPUT_UNCHANGED;
	rename.name = "ยึด";
	assert_int_equal(unit_update(f->db, &other, unit, &rename), ERR_NOTFOUND);
	assert_int_equal(unit_list(f->db, &other, &out), 0);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	assert_int_equal(person_list(f->db, &other, 0, 0, 1, 10, &out, &total), 0);
	assert_int_equal(total, 0);
	json_decref(out);
	/* Placing a person in another organisation's unit is refused. */
	struct person_input p = PERSON_INPUT_UNCHANGED;
	p.name = "นายทดสอบ ข้ามองค์กร";
	p.unit_id = unit;
	assert_int_equal(person_create(f->db, &other, &p, NULL), ERR_INVAL);
	/* Units cannot be put under themselves. */
	struct unit_input loop = UNIT_INPUT_UNCHANGED;
	loop.parent_id = unit;
	assert_int_equal(unit_update(f->db, &admin, unit, &loop), ERR_INVAL);
}

/* The count of the organisation's events where `cond` holds, by SQL
 * straight to SQLite (db_query caches statements by the text's address,
 * so it takes only constant SQL). */
static int64_t audit_count_where(struct fixture *f, int64_t org_id, const char *cond)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_events WHERE org_id = ?1 AND (%s)", cond);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db_native(f->db), sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, org_id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Runs audit_query and checks that every item's `key` passes `ok`. */
static json_t *audit_query_ok(struct fixture *f, const struct actor *a, const struct audit_filter *flt,
			      int per_page, int64_t *total)
{
	json_t *items = NULL;
	assert_int_equal(audit_query(f->db, a, flt, 1, per_page, &items, total), 0);
	assert_non_null(items);
	return items;
}

static void audit_query_filters(void **state)
{
	struct fixture *f = *state;
	struct actor admin, staff, public_ = {0};
	login_as(f, "admin", &admin);
	login_as(f, "unithead", &staff); /* staff's password changed above */
	public_.org_id = admin.org_id;
	json_t *items = NULL, *e;
	int64_t total = -1;
	size_t i;
	/* Only admins read the trail. */
	assert_int_equal(audit_query(f->db, &staff, NULL, 1, 10, &items, &total), ERR_FORBIDDEN);
	assert_null(items);
	assert_int_equal(audit_query(f->db, &public_, NULL, 1, 10, &items, &total), ERR_UNAUTH);
	/* No filter: the organisation's events, newest first, the page capped. */
	items = audit_query_ok(f, &admin, NULL, 100000, &total);
	assert_int_equal(total, audit_count_where(f, admin.org_id, "1 = 1"));
	assert_int_equal(json_array_size(items), AUDIT_PAGE_MAX);
	int64_t prev_at = INT64_MAX;
	json_array_foreach(items, i, e) {
		int64_t at = json_integer_value(json_object_get(e, "at"));
		assert_true(at <= prev_at);
		prev_at = at;
		assert_non_null(json_string_value(json_object_get(e, "at_iso")));
		assert_int_equal(strlen(json_string_value(json_object_get(e, "at_iso"))), 20);
	}
	json_decref(items);
	/* audit_list is the same without filters. */
	assert_int_equal(audit_list(f->db, &admin, 3, &items), 0);
	assert_int_equal(json_array_size(items), 3);
	json_decref(items);
	/* Action: exact, or a prefix when it ends with '.'. */
	struct audit_filter flt = {.action = "login"};
	items = audit_query_ok(f, &admin, &flt, 200, &total);
	assert_int_equal(total, audit_count_where(f, admin.org_id, "action = 'login'"));
	assert_true(total >= 2);
	json_array_foreach(items, i, e)
		assert_string_equal(json_string_value(json_object_get(e, "action")), "login");
	json_decref(items);
	flt = (struct audit_filter){.action = "kmap."};
	items = audit_query_ok(f, &admin, &flt, 200, &total);
	assert_int_equal(total, audit_count_where(f, admin.org_id, "action LIKE 'kmap.%'"));
	assert_true(total > 0);
	json_array_foreach(items, i, e)
		assert_memory_equal(json_string_value(json_object_get(e, "action")), "kmap.", 5);
	json_decref(items);
	/* Actor: a part of the label; LIKE's wildcards are plain characters. */
	flt = (struct audit_filter){.actor = "nithea"};
	items = audit_query_ok(f, &admin, &flt, 200, &total);
	assert_int_equal(total, audit_count_where(f, admin.org_id, "actor LIKE '%nithea%'"));
	assert_true(total > 0);
	json_array_foreach(items, i, e)
		assert_non_null(strstr(json_string_value(json_object_get(e, "actor")), "nithea"));
	json_decref(items);
	flt = (struct audit_filter){.actor = "%"};
	json_decref(audit_query_ok(f, &admin, &flt, 10, &total));
	assert_int_equal(total, 0);
	flt = (struct audit_filter){.actor = "a_min"};
	json_decref(audit_query_ok(f, &admin, &flt, 10, &total));
	assert_int_equal(total, 0);
	/* Address: exact, or a prefix when it ends with '.'. */
	flt = (struct audit_filter){.ip = "10.0.0.1", .action = "login"};
	json_decref(audit_query_ok(f, &admin, &flt, 10, &total));
	assert_int_equal(total, audit_count_where(f, admin.org_id, "ip = '10.0.0.1' AND action = 'login'"));
	assert_true(total > 0);
	flt = (struct audit_filter){.ip = "10.0.0."};
	json_decref(audit_query_ok(f, &admin, &flt, 10, &total));
	assert_int_equal(total, audit_count_where(f, admin.org_id, "ip LIKE '10.0.0.%'"));
	assert_true(total > audit_count_where(f, admin.org_id, "ip = '10.0.0.1'"));
	/* A person's record seen by someone else is an event; one's own is not. */
	assert_true(staff.person_id > 0);
	int64_t seen_before = audit_count_where(f, admin.org_id, "action = 'person.view'");
	json_t *p = NULL;
	assert_int_equal(person_get(f->db, &staff, staff.person_id, &p), 0);
	json_decref(p);
	assert_int_equal(audit_count_where(f, admin.org_id, "action = 'person.view'"), seen_before);
	assert_int_equal(person_get(f->db, &admin, staff.person_id, &p), 0);
	json_decref(p);
	flt = (struct audit_filter){.action = "person.view", .target_type = "person", .target_id = staff.person_id};
	items = audit_query_ok(f, &admin, &flt, 10, &total);
	assert_int_equal(total, 1);
	e = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(e, "actor")), "admin");
	assert_int_equal(json_integer_value(json_object_get(e, "actor_account_id")), admin.account_id);
	assert_int_equal(json_integer_value(json_object_get(e, "target_id")), staff.person_id);
	assert_string_equal(json_string_value(json_object_get(e, "ip")), "10.0.0.1");
	json_decref(items);
	/* Listing the staff is not a view of anyone's record. */
	assert_int_equal(person_list(f->db, &admin, 0, 1, 1, 10, &p, &total), 0);
	json_decref(p);
	assert_int_equal(audit_count_where(f, admin.org_id, "action = 'person.view'"), seen_before + 1);
	/* Days are Bangkok's and both ends count: 23:59:59 on 24 Nov 2001 in
	 * Bangkok is 16:59:59 UTC; a second later is the 25th. */
	clock_set_as_of(1006621199); /* 2001-11-24T16:59:59Z */
	assert_int_equal(audit_log(f->db, &admin, "test.day", "", 0, "24th"), 0);
	clock_set_as_of(1006621200); /* 2001-11-24T17:00:00Z */
	assert_int_equal(audit_log(f->db, &admin, "test.day", "", 0, "25th"), 0);
	clock_set_as_of(1006534800); /* 2001-11-23T17:00:00Z: 24 Nov 00:00 in Bangkok */
	assert_int_equal(audit_log(f->db, &admin, "test.day", "", 0, "24th early"), 0);
	clock_set_as_of(0);
	flt = (struct audit_filter){.action = "test.", .from = "2001-11-24", .to = "2001-11-24"};
	items = audit_query_ok(f, &admin, &flt, 10, &total);
	assert_int_equal(total, 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "detail")), "24th");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "at_iso")), "2001-11-24T16:59:59Z");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "detail")), "24th early");
	json_decref(items);
	flt = (struct audit_filter){.action = "test.day", .from = "2001-11-25"};
	items = audit_query_ok(f, &admin, &flt, 10, &total);
	assert_int_equal(total, 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "detail")), "25th");
	json_decref(items);
	flt = (struct audit_filter){.action = "test.day", .to = "2001-11-23"};
	json_decref(audit_query_ok(f, &admin, &flt, 10, &total));
	assert_int_equal(total, 0);
	/* Paging: pages do not overlap. */
	flt = (struct audit_filter){.action = "test.day"};
	json_t *p1 = NULL, *p2 = NULL;
	assert_int_equal(audit_query(f->db, &admin, &flt, 1, 2, &p1, &total), 0);
	assert_int_equal(audit_query(f->db, &admin, &flt, 2, 2, &p2, &total), 0);
	assert_int_equal(total, 3);
	assert_int_equal(json_array_size(p1), 2);
	assert_int_equal(json_array_size(p2), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(p2, 0), "detail")), "24th early");
	json_decref(p1);
	json_decref(p2);
	/* Bad filters name their field. */
	flt = (struct audit_filter){.from = "2001-02-30"};
	assert_int_equal(audit_query(f->db, &admin, &flt, 1, 10, &items, &total), ERR_INVAL);
	assert_string_equal(err_last()->field, "from");
	flt = (struct audit_filter){.from = "2001-11-25", .to = "2001-11-24"};
	assert_int_equal(audit_query(f->db, &admin, &flt, 1, 10, &items, &total), ERR_INVAL);
	assert_string_equal(err_last()->field, "to");
	char longer[AUDIT_FILTER_MAX + 2];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = 0;
	flt = (struct audit_filter){.actor = longer};
	assert_int_equal(audit_query(f->db, &admin, &flt, 1, 10, &items, &total), ERR_INVAL);
	assert_string_equal(err_last()->field, "actor");
	/* The other organisation's admin (authorisation_and_isolation) sees
	 * none of these. */
	struct actor other;
	assert_int_equal(account_login(f->db, &policy, "admin2", "a-long-password", "10.2.2.2", &other), 0);
	assert_true(other.org_id != admin.org_id);
	flt = (struct audit_filter){.action = "test.day"};
	json_decref(audit_query_ok(f, &other, &flt, 10, &total));
	assert_int_equal(total, 0);
}

static int export_row(const struct audit_event *e, void *ctx)
{
	int *rows = ctx;
	assert_string_equal(e->action, "test.day");
	return ++*rows == 2; /* stops at the second: it is not taken */
}

static void audit_export_records_itself(void **state)
{
	struct fixture *f = *state;
	struct actor admin;
	login_as(f, "admin", &admin);
	struct audit_filter flt = {.action = "test.day"};
	int rows = 0;
	int64_t total = 0, handed = 0;
	assert_int_equal(audit_export(f->db, &admin, &flt, 0, export_row, &rows, &total, &handed), 0);
	assert_int_equal(rows, 2);
	assert_int_equal(total, 3);
	assert_int_equal(handed, 1);
	json_t *items = NULL;
	flt = (struct audit_filter){.action = "audit.export"};
	assert_int_equal(audit_query(f->db, &admin, &flt, 1, 1, &items, &total), 0);
	assert_int_equal(total, 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "detail")), "1 of 3 events");
	json_decref(items);
	assert_string_equal(audit_action_label_th("login"), "เข้าสู่ระบบ");
	assert_null(audit_action_label_th("no.such.action"));
}

static void audit_chain_detects_tampering(void **state)
{
	struct fixture *f = *state;
	int64_t checked = 0, bad = 0;
	assert_int_equal(audit_verify(f->db, &checked, &bad), 0);
	assert_true(checked > 100); /* the demo's changes and the logins above */
	int64_t n = 0;
	assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_events WHERE action = 'login.fail'", DB_NOARGS, &n), 0);
	assert_true(n >= 3);
	int64_t victim = 0;
	assert_int_equal(db_query_int(f->db, "SELECT id FROM audit_events WHERE action = 'login.fail' ORDER BY id LIMIT 1", DB_NOARGS, &victim), 0);
	assert_int_equal(db_exec(f->db, "UPDATE audit_events SET actor = 'someone-else' WHERE id = $1", DB_ARGS(DB_INT(victim))), 0);
	assert_int_equal(audit_verify(f->db, &checked, &bad), ERR_CONFLICT);
	assert_int_equal(bad, victim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_matches_the_seed),
		cmocka_unit_test(login_and_throttling),
		cmocka_unit_test(sessions_expire_and_rotate),
		cmocka_unit_test(roles_tokens_and_disabling),
		cmocka_unit_test(authorisation_and_isolation),
		cmocka_unit_test(audit_query_filters),
		cmocka_unit_test(audit_export_records_itself),
		cmocka_unit_test(audit_chain_detects_tampering),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
