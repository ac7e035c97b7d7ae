/* Tests of core/: buffers, arenas, slices, UTF-8, errors and configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "core/str.h"
#include "core/utf8.h"

static void buf_grows_and_caps(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 10);
	buf_puts(&b, "0123456789");
	assert_int_equal(buf_err(&b), 0);
	assert_int_equal(b.len, 10);
	buf_putc(&b, 'x'); /* past the cap */
	assert_int_equal(buf_err(&b), ERR_TOOBIG);
	buf_puts(&b, ""); /* sticky: later appends are ignored */
	assert_int_equal(b.len, 10);
	assert_string_equal(buf_cstr(&b), "0123456789");
	size_t n = 1;
	assert_null(buf_take(&b, &n)); /* a failed buffer hands nothing out */
	buf_init(&b, 1 << 20);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%04d", i);
	assert_int_equal(b.len, 4000);
	assert_memory_equal(b.p + 3996, "0999", 4);
	char big[600];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	buf_reset(&b);
	buf_printf(&b, "<%s>", big); /* longer than the small stack buffer */
	assert_int_equal(b.len, 601);
	char *p = buf_take(&b, &n);
	assert_non_null(p);
	assert_int_equal(n, 601);
	assert_int_equal(p[600], '>');
	free(p);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void buf_escapes_html(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1024);
	const char *in = "<a href=\"x\">Tom & 'Jerry'</a> ไทย";
	buf_put_html(&b, in, strlen(in));
	assert_string_equal(buf_cstr(&b),
			    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt; ไทย");
	buf_release(&b);
}

static int order[4], norder;
static void note(void *p)
{
	order[norder++] = (int)(intptr_t)p;
}

static void arena_allocates_caps_and_cleans_up(void **state)
{
	(void)state;
	struct arena *a = arena_new(1 << 20);
	assert_non_null(a);
	char *s = arena_strdup(a, "สวัสดี");
	assert_string_equal(s, "สวัสดี");
	void *p = arena_alloc(a, 3);
	void *q = arena_alloc(a, 5);
	assert_true(((uintptr_t)p & 15) == 0 && ((uintptr_t)q & 15) == 0);
	assert_ptr_not_equal(p, q);
	char *f = arena_printf(a, "%d-%s", 42, "x");
	assert_string_equal(f, "42-x");
	/* A large block, then small allocations still work. */
	char *large = arena_alloc(a, 100000);
	assert_non_null(large);
	memset(large, 1, 100000);
	assert_non_null(arena_alloc(a, 16));
	/* Past the cap: NULL, not a crash. */
	assert_null(arena_alloc(a, 2 << 20));
	assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
	norder = 0;
	assert_int_equal(arena_defer(a, note, (void *)1), 0);
	assert_int_equal(arena_defer(a, note, (void *)2), 0);
	arena_free(a);
	assert_int_equal(norder, 2);
	assert_int_equal(order[0], 2); /* last registered runs first */
	assert_int_equal(order[1], 1);
	arena_free(NULL);
}

static void str_parsing(void **state)
{
	(void)state;
	int64_t v;
	assert_true(str_to_i64(STR("123"), 0, 1000, &v) && v == 123);
	assert_false(str_to_i64(STR("1001"), 0, 1000, &v));
	assert_false(str_to_i64(STR("-1"), 0, 1000, &v));
	assert_true(str_to_i64(STR("-5"), -10, 10, &v) && v == -5);
	assert_false(str_to_i64(STR(""), 0, 10, &v));
	assert_false(str_to_i64(STR("+1"), 0, 10, &v));
	assert_false(str_to_i64(STR("1 "), 0, 10, &v));
	assert_false(str_to_i64(STR("0x10"), 0, 100, &v));
	assert_true(str_to_i64(STR("9223372036854775807"), 0, INT64_MAX, &v) && v == INT64_MAX);
	assert_false(str_to_i64(STR("9223372036854775808"), 0, INT64_MAX, &v));
	assert_false(str_to_i64(STR("99999999999999999999"), 0, INT64_MAX, &v));
	struct str h, t;
	assert_true(str_split(STR("key=value=x"), '=', &h, &t));
	assert_true(str_eq_c(h, "key") && str_eq_c(t, "value=x"));
	assert_false(str_split(STR("novalue"), '=', &h, &t));
	assert_true(str_eq_c(h, "novalue") && t.len == 0);
	assert_true(str_eq_c(str_trim(STR("  a b \t\n")), "a b"));
	assert_true(str_eq_c(str_trim(STR("   ")), ""));
	assert_true(str_starts(STR("/api/v1/x"), STR("/api/")));
}

static void utf8_checks(void **state)
{
	(void)state;
	const char *th = "ภาษาไทย";
	assert_true(utf8_valid_text(th, strlen(th)));
	assert_int_equal(utf8_count(th, strlen(th)), 7);
	assert_false(utf8_valid_text("\xC0\xAF", 2));         /* overlong '/' */
	assert_false(utf8_valid_text("\xED\xA0\x80", 3));     /* surrogate */
	assert_false(utf8_valid_text("\xF4\x90\x80\x80", 4)); /* above U+10FFFF */
	assert_false(utf8_valid_text("\xE0\xB8", 2));         /* truncated */
	assert_false(utf8_valid_text("a\0b", 3));             /* NUL */
	assert_false(utf8_valid_text("a\x1b[31m", 6));        /* escape */
	assert_true(utf8_valid_text("a\tb\r\nc", 6));
	/* Cutting never splits a Thai character (3 bytes each). */
	assert_int_equal(utf8_cut(th, strlen(th), 4), 3);
	assert_int_equal(utf8_cut(th, strlen(th), 6), 6);
	assert_int_equal(utf8_cut(th, strlen(th), 100), strlen(th));
	uint32_t cp;
	assert_int_equal(utf8_decode("ก", 3, &cp), 3);
	assert_int_equal(cp, 0x0E01);
}

static void errors_carry_detail(void **state)
{
	(void)state;
	err_clear();
	assert_int_equal(err_last()->code, 0);
	assert_int_equal(err_fail(ERR_INVAL, "name", "ต้องระบุชื่อ", "Name required"), ERR_INVAL);
	assert_int_equal(err_last()->code, ERR_INVAL);
	assert_string_equal(err_last()->field, "name");
	assert_string_equal(err_last()->msg_th, "ต้องระบุชื่อ");
	assert_string_equal(err_name(ERR_NOTFOUND), "not_found");
	assert_string_equal(err_name(ERR_THROTTLED), "throttled");
	err_clear();
	assert_null(err_last()->field);
}

static void config_sources(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_int_equal(c.port, 8080);
	assert_string_equal(c.bind, "127.0.0.1");
	assert_true(c.pwhash_mem_mib >= 46);
	const char *why = NULL;
	assert_int_equal(config_set(&c, "port", "9090", &why), 0);
	assert_int_equal(c.port, 9090);
	assert_int_equal(config_set(&c, "port", "70000", &why), ERR_INVAL);
	assert_int_equal(config_set(&c, "pwhash_mem_mib", "45", &why), ERR_INVAL); /* ASVS floor */
	assert_int_equal(config_set(&c, "nonsense", "1", &why), ERR_NOTFOUND);
	assert_int_equal(config_set(&c, "secure_cookies", "yes", &why), 0);
	assert_true(c.secure_cookies);
	assert_int_equal(config_set(&c, "secure_cookies", "maybe", &why), ERR_INVAL);

	char path[] = "/tmp/klang-config-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("# a comment\n  port = 8181  \nbind=0.0.0.0 # trailing\n\nworkers = 3\n", f);
	fclose(f);
	assert_int_equal(config_load_file(&c, path, false), 0);
	assert_int_equal(c.port, 8181);
	assert_string_equal(c.bind, "0.0.0.0");
	assert_int_equal(c.workers, 3);
	f = fopen(path, "w");
	fputs("port = eighty\n", f);
	fclose(f);
	assert_int_equal(config_load_file(&c, path, false), ERR_INVAL);
	unlink(path);
	assert_int_equal(config_load_file(&c, path, true), 0); /* optional and absent */
	assert_int_not_equal(config_load_file(&c, path, false), 0);

	setenv("KLANG_PORT", "8282", 1);
	setenv("KLANG_LOG_REQUESTS", "false", 1);
	assert_int_equal(config_load_env(&c), 0);
	assert_int_equal(c.port, 8282);
	assert_false(c.log_requests);
	setenv("KLANG_PORT", "x", 1);
	assert_int_not_equal(config_load_env(&c), 0);
	unsetenv("KLANG_PORT");
	unsetenv("KLANG_LOG_REQUESTS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_grows_and_caps),
		cmocka_unit_test(buf_escapes_html),
		cmocka_unit_test(arena_allocates_caps_and_cleans_up),
		cmocka_unit_test(str_parsing),
		cmocka_unit_test(utf8_checks),
		cmocka_unit_test(errors_carry_detail),
		cmocka_unit_test(config_sources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
