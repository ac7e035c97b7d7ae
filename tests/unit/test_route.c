/* Tests of web/route and web/form: the route table itself, matching, parameter
 * validation, and urlencoded parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "km/authz.h"
#include "web/form.h"
#include "web/route.h"

static void the_table_is_well_formed(void **state)
{
	(void)state;
	const char *why = NULL;
	assert_int_equal(route_table_check(web_routes, &why), 0);
	for (const struct route *r = web_routes; r->pattern; r++) {
		/* API routes live under /api/v1 and answer JSON; nothing else does. */
		bool api = strncmp(r->pattern, "/api/v1/", 8) == 0;
		assert_int_equal(api, (r->flags & RF_API) != 0);
		/* Administration needs an account and a role. */
		if (strncmp(r->pattern, "/admin/", 7) == 0) {
			assert_true(r->flags & RF_AUTH);
			assert_true(r->roles != 0);
		}
		/* A route that names roles also needs an account. */
		if (r->roles)
			assert_true(r->flags & RF_AUTH);
		/* Writes take their data from the body, reads never do. */
		for (int i = 0; i < ROUTE_MAX_PARAMS && r->params[i].name; i++) {
			if (r->methods == HTTP_GET)
				assert_int_not_equal(r->params[i].src, PS_BODY);
		}
	}
}

static int dummy(struct req *r)
{
	(void)r;
	return 0;
}

static void broken_tables_are_caught(void **state)
{
	(void)state;
	const char *why = NULL;
	const struct route undeclared[] = {{HTTP_GET, "/x/{id}", dummy, 0, 0, 0, {{0}}}, {0}};
	assert_int_not_equal(route_table_check(undeclared, &why), 0);
	const struct route dup[] = {{HTTP_GET, "/x", dummy, 0, 0, 0, {{0}}},
				    {HTTP_GET | HTTP_POST, "/x", dummy, 0, 0, 0, {{0}}}, {0}};
	assert_int_not_equal(route_table_check(dup, &why), 0);
	const struct route body_on_get[] = {
		{HTTP_GET, "/x", dummy, 0, 0, 0, {{"a", PS_BODY, PK_LINE, false, 0, 10, NULL, NULL}}}, {0}};
	assert_int_not_equal(route_table_check(body_on_get, &why), 0);
	const struct route no_max[] = {
		{HTTP_POST, "/x", dummy, 0, 0, 0, {{"a", PS_BODY, PK_LINE, false, 0, 0, NULL, NULL}}}, {0}};
	assert_int_not_equal(route_table_check(no_max, &why), 0);
	const struct route ok[] = {{HTTP_GET, "/x/{id}", dummy, 0, 0, 0, {{"id", PS_PATH, PK_ID, true, 0, 0, NULL, NULL}}},
				   {HTTP_POST, "/x/{id}", dummy, 0, 0, 0, {{"id", PS_PATH, PK_ID, true, 0, 0, NULL, NULL}}},
				   {0}};
	assert_int_equal(route_table_check(ok, &why), 0);
}

static void matching(void **state)
{
	(void)state;
	struct str args[ROUTE_MAX_PATH_ARGS];
	int n = 0;
	bool matched = false;
	unsigned allowed = 0;
	const struct route *r = route_find(web_routes, HTTP_GET, STR("/api/v1/units/42"), args, &n,
					   &matched, &allowed);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/api/v1/units/{id}");
	assert_int_equal(n, 1);
	assert_true(str_eq_c(args[0], "42"));
	r = route_find(web_routes, HTTP_PUT, STR("/api/v1/units/42"), args, &n, &matched, &allowed);
	assert_non_null(r);
	assert_true(r->methods & HTTP_PUT);
	/* Known path, unknown method: NULL, with the methods that exist. */
	r = route_find(web_routes, HTTP_DELETE, STR("/api/v1/units/42"), args, &n, &matched, &allowed);
	assert_null(r);
	assert_true(matched);
	assert_true((allowed & HTTP_GET) && (allowed & HTTP_PUT) && (allowed & HTTP_HEAD));
	/* HEAD is served by the GET route. */
	assert_non_null(route_find(web_routes, HTTP_HEAD, STR("/"), args, &n, &matched, &allowed));
	/* Unknown paths, trailing slashes and empty segments do not match. */
	assert_null(route_find(web_routes, HTTP_GET, STR("/nowhere"), args, &n, &matched, &allowed));
	assert_false(matched);
	assert_null(route_find(web_routes, HTTP_GET, STR("/api/v1/units/"), args, &n, &matched, &allowed));
	assert_null(route_find(web_routes, HTTP_GET, STR("/api/v1/units/1/2"), args, &n, &matched, &allowed));
	assert_int_equal(route_method("GET"), HTTP_GET);
	assert_int_equal(route_method("PATCH"), 0);
}

/* A lookup over a fixed list of name=value pairs (all sources alike). */
struct fake {
	const char *const *kv;
};
static struct str fake_lookup(void *ctx, const struct param_spec *ps, bool *present)
{
	const char *name = ps->name;
	const struct fake *f = ctx;
	for (const char *const *p = f->kv; *p; p += 2) {
		if (strcmp(p[0], name) == 0) {
			*present = true;
			return str_c(p[1]);
		}
	}
	*present = false;
	return STR_NULL;
}

static const char *const kinds[] = {"a", "b", NULL};
static const struct route spec = {
	HTTP_POST, "/t/{id}", dummy, 0, 0, 0,
	{{"id", PS_PATH, PK_ID, true, 0, 0, NULL, "รหัส"},
	 {"name", PS_BODY, PK_LINE, true, 0, 5, NULL, "ชื่อ"},
	 {"n", PS_BODY, PK_INT, false, 1, 10, NULL, NULL},
	 {"kind", PS_BODY, PK_ENUM, false, 0, 0, kinds, NULL},
	 {"on", PS_BODY, PK_BOOL, false, 0, 0, NULL, NULL},
	 {"day", PS_BODY, PK_DATE, false, 0, 0, NULL, NULL},
	 {"pw", PS_BODY, PK_SECRET, false, 0, 8, NULL, NULL},
	 {"kinds", PS_BODY, PK_ENUMLIST, false, 0, 2, kinds, NULL}},
};

static int validate(const char *const *kv, struct param_value *out, const char **field)
{
	struct arena *a = arena_new(1 << 16);
	struct fake f = {kv};
	const char *th = NULL, *en = NULL;
	int rc = route_params_validate(&spec, fake_lookup, &f, a, out, &th, &en, field);
	if (rc) {
		assert_non_null(th);
		assert_non_null(en);
	}
	arena_free(a);
	return rc;
}

static void parameters_are_validated(void **state)
{
	(void)state;
	struct param_value v[ROUTE_MAX_PARAMS];
	const char *field = NULL;
	const char *good[] = {"id", "7", "name", " ไทยดี ", "n", "3", "kind", "b", "on", "on",
			      "day", "2026-01-31", "pw", " s p ", "extra", "ignored", NULL};
	assert_int_equal(validate(good, v, &field), 0);
	assert_int_equal(v[0].num, 7);
	assert_true(v[2].present && v[2].num == 3);
	assert_true(v[4].num == 1);
	const char *list[] = {"id", "7", "name", "x", "kinds", "b, a", NULL};
	assert_int_equal(validate(list, v, &field), 0);
	assert_true(v[7].present);
	const char *none[] = {"id", "7", "name", "x", "kinds", "", NULL};
	assert_int_equal(validate(none, v, &field), 0); /* an empty list is present: none chosen */
	assert_true(v[7].present);
	const char *absent[] = {"id", "7", "name", "x", NULL};
	assert_int_equal(validate(absent, v, &field), 0);
	assert_false(v[2].present);
	assert_false(v[6].present);
	const char *empty_optional[] = {"id", "7", "name", "x", "n", "", "kind", "", "day", "", NULL};
	assert_int_equal(validate(empty_optional, v, &field), 0);
	assert_false(v[2].present); /* an empty number is absent */
	assert_true(v[5].present);  /* an empty date is present: it clears */
	struct {
		const char *kv[8];
		const char *field;
		int rc;
	} bad[] = {
		{{"name", "x", NULL}, "id", ERR_INVAL},                         /* required path id */
		{{"id", "0", "name", "x", NULL}, "id", ERR_INVAL},              /* ids start at 1 */
		{{"id", "7", NULL}, "name", ERR_INVAL},                         /* required */
		{{"id", "7", "name", "หกตัวอักษร", NULL}, "name", ERR_TOOBIG},   /* characters, not bytes */
		{{"id", "7", "name", "a\nb", NULL}, "name", ERR_INVAL},          /* one line */
		{{"id", "7", "name", "\xff", NULL}, "name", ERR_INVAL},          /* UTF-8 */
		{{"id", "7", "name", "x", "n", "11", NULL}, "n", ERR_INVAL},     /* range */
		{{"id", "7", "name", "x", "kind", "c", NULL}, "kind", ERR_INVAL}, /* enum */
		{{"id", "7", "name", "x", "on", "yes", NULL}, "on", ERR_INVAL},
		{{"id", "7", "name", "x", "day", "2026-02-30", NULL}, "day", ERR_INVAL},
		{{"id", "7", "name", "x", "day", "31/01/2026", NULL}, "day", ERR_INVAL},
		{{"id", "7", "name", "x", "pw", "123456789", NULL}, "pw", ERR_INVAL},
		{{"id", "7", "name", "x", "kinds", "a,c", NULL}, "kinds", ERR_INVAL},   /* each a choice */
		{{"id", "7", "name", "x", "kinds", "a,b,a", NULL}, "kinds", ERR_INVAL}, /* at most max */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = validate(bad[i].kv, v, &field);
		assert_int_equal(rc, bad[i].rc);
		assert_string_equal(field, bad[i].field);
	}
}

static void urlencoded_forms(void **state)
{
	(void)state;
	struct arena *a = arena_new(1 << 16);
	struct kv *kv = NULL;
	size_t n = 0;
	const char *body = "a=1&name=%E0%B9%84%E0%B8%97%E0%B8%A2+x&&empty=&flag&a=2";
	assert_int_equal(form_parse(a, body, strlen(body), 16, &kv, &n), 0);
	assert_int_equal(n, 5);
	bool present = false;
	assert_true(str_eq_c(form_get(kv, n, "a", &present), "1")); /* the first wins */
	assert_true(str_eq_c(form_get(kv, n, "name", &present), "ไทย x"));
	assert_true(str_eq_c(form_get(kv, n, "empty", &present), "") && present);
	assert_true(str_eq_c(form_get(kv, n, "flag", &present), "") && present);
	form_get(kv, n, "missing", &present);
	assert_false(present);
	assert_int_equal(form_parse(a, "a=%zz", 5, 16, &kv, &n), ERR_INVAL);
	assert_int_equal(form_parse(a, "a=%4", 4, 16, &kv, &n), ERR_INVAL);
	assert_int_equal(form_parse(a, "a=1&b=2&c=3", 11, 2, &kv, &n), ERR_TOOBIG);
	assert_int_equal(form_parse(a, "", 0, 2, &kv, &n), 0);
	assert_int_equal(n, 0);
	/* A NUL decoded from %00 stays inside the value (validation rejects it later). */
	assert_int_equal(form_parse(a, "a=x%00y", 7, 4, &kv, &n), 0);
	assert_int_equal(kv[0].value.len, 3);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_table_is_well_formed), cmocka_unit_test(broken_tables_are_caught),
		cmocka_unit_test(matching),                cmocka_unit_test(parameters_are_validated),
		cmocka_unit_test(urlencoded_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
