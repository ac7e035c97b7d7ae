/* test_tpl: the template renderer, from parsing to exact rendered output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "web/tpl.h"

/* A table entry from a string literal. */
#define FILE_LIT(name, text) {(name), (text), sizeof(text) - 1}
#define ONE(name, text) {FILE_LIT(name, text), {0}}

/* Renders `name` from a loaded set; returns the output (caller frees). */
static char *render_dup(const struct tpl_set *set, const char *name, const char *ctx_json,
			enum tpl_lang lang)
{
	json_error_t jerr;
	json_t *ctx = json_loads(ctx_json, 0, &jerr);
	struct buf b;
	if (!ctx)
		fail_msg("bad test json: %s", jerr.text);
	buf_init(&b, BUF_DEFAULT_MAX);
	assert_int_equal(tpl_render(set, name, ctx, lang, &b), 0);
	json_decref(ctx);
	char *s = strdup(buf_cstr(&b));
	assert_non_null(s);
	buf_release(&b);
	return s;
}

/* Loads one template "t" from `text` and checks its output. */
static void expect(const char *text, const char *ctx_json, enum tpl_lang lang, const char *want)
{
	const struct embed_file files[] = {{"t.html", text, strlen(text)}, {0}};
	struct tpl_set *set = NULL;
	assert_int_equal(tpl_set_load(files, &set), 0);
	char *got = render_dup(set, "t", ctx_json, lang);
	if (strcmp(got, want) != 0)
		print_error("template %s\ncontext %s\n", text, ctx_json);
	assert_string_equal(got, want);
	free(got);
	tpl_set_free(set);
}

/* Checks that loading fails with ERR_INVAL and that the log names `want`
 * (e.g. "t.html:3: unknown helper"). */
static void expect_load_error(const struct embed_file *files, const char *want)
{
	static char sentinel;
	struct tpl_set *set = (struct tpl_set *)(void *)&sentinel; /* must become NULL */
	char log[4096];
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	dup2(fileno(tmp), STDERR_FILENO);
	int rc = tpl_set_load(files, &set);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	size_t n = fread(log, 1, sizeof log - 1, tmp);
	log[n] = 0;
	fclose(tmp);
	if (!strstr(log, want))
		print_error("wanted \"%s\" in the log, got: %s\n", want, log);
	tpl_set_free(rc ? NULL : set);
	assert_int_equal(rc, ERR_INVAL);
	assert_null(set);
	assert_non_null(strstr(log, want));
}

static void expect_bad(const char *text, const char *want)
{
	const struct embed_file files[] = {{"t.html", text, strlen(text)}, {0}};
	expect_load_error(files, want);
}

static void test_escaping(void **state)
{
	(void)state;
	expect("<p title=\"{{v}}\">{{v}}|{{raw v}}</p>", "{\"v\": \"<b>&\\\"'</b>\"}", TPL_TH,
	       "<p title=\"&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;\">&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;"
	       "|<b>&\"'</b></p>");
}

static void test_value_text(void **state)
{
	(void)state;
	expect("[{{i}}|{{neg}}|{{r}}|{{y}}|{{n}}|{{z}}|{{o}}|{{a}}|{{missing}}|{{s}}]",
	       "{\"i\": 42, \"neg\": -7, \"r\": 2.5, \"y\": true, \"n\": false, \"z\": null,"
	       " \"o\": {\"k\": 1}, \"a\": [1], \"s\": \"ไทย\"}",
	       TPL_TH, "[42|-7|2.5|true|false|||||ไทย]");
	/* a lone helper name is a path, not a helper call */
	expect("{{url}} {{ date }}", "{\"url\": \"/x\", \"date\": \"soon\"}", TPL_EN, "/x soon");
	/* a root that is not an object, and "." */
	expect("{{.}}:{{x}}", "[1]", TPL_TH, ":");
}

static void test_nested_paths(void **state)
{
	(void)state;
	expect("{{a.b.c}}|{{ a.b.c }}|{{a.b.zz}}|{{a.s.x}}|{{a.b}}",
	       "{\"a\": {\"b\": {\"c\": \"deep\"}, \"s\": \"str\"}}", TPL_TH, "deep|deep|||");
}

static void test_each_outer_lookup(void **state)
{
	(void)state;
	expect("{{#each items}}{{name}}@{{org}}{{#with meta}}/{{org}}.{{name}}{{/with}};{{/each}}",
	       "{\"org\": \"root\", \"items\": [{\"name\": \"a\"}, {\"name\": \"b\", \"org\": \"own\"},"
	       " {\"name\": \"c\", \"meta\": {\"x\": 1}}]}",
	       TPL_TH, "a@root;b@own;c@root/root.c;");
	/* an explicit null shadows the outer value; deeper segments do not fall back */
	expect("{{#each xs}}[{{v}}|{{p.q}}]{{/each}}",
	       "{\"v\": \"outer\", \"p\": {\"q\": \"outer\"}, \"xs\": [{\"v\": null, \"p\": {}}]}",
	       TPL_TH, "[|]");
}

static void test_each_data(void **state)
{
	(void)state;
	expect("{{#each xs}}{{@index}}/{{@number}}/{{@first}}/{{@last}}={{.}} {{/each}}",
	       "{\"xs\": [\"a\", \"b\", \"c\"]}", TPL_TH,
	       "0/1/true/false=a 1/2/false/false=b 2/3/false/true=c ");
	expect("{{#each xs}}{{#unless @first}}, {{/unless}}{{.}}{{#if @last}}.{{/if}}{{/each}}",
	       "{\"xs\": [1, 2]}", TPL_TH, "1, 2.");
	/* the nearest #each answers, through #with and into nested loops */
	expect("{{#each rows}}{{#with r}}{{@index}}{{/with}}"
	       "{{#each cells}}{{@index}}{{.}}{{/each}};{{/each}}[{{@index}}]",
	       "{\"rows\": [{\"r\": 1, \"cells\": [\"x\", \"y\"]}, {\"r\": 2, \"cells\": [\"z\"]}]}",
	       TPL_TH, "00x1y;10z;[]");
	expect("{{#each o}}x{{else}}not an array{{/each}}", "{\"o\": {\"a\": 1}}", TPL_TH,
	       "not an array");
}

static void test_each_else(void **state)
{
	(void)state;
	const char *t = "{{#each xs}}<{{.}}>{{else}}none{{/each}}";
	expect(t, "{\"xs\": []}", TPL_TH, "none");
	expect(t, "{}", TPL_TH, "none");
	expect(t, "{\"xs\": [\"a&\"]}", TPL_TH, "<a&amp;>");
	expect("{{#each xs}}{{.}}{{/each}}!", "{\"xs\": []}", TPL_TH, "!");
}

static void test_truthiness(void **state)
{
	(void)state;
	static const struct {
		const char *ctx, *want;
	} cases[] = {
		{"{\"v\": null}", "F+"},     {"{\"v\": false}", "F+"}, {"{\"v\": 0}", "F+"},
		{"{\"v\": 0.0}", "F+"},      {"{\"v\": \"\"}", "F+"},  {"{\"v\": []}", "F+"},
		{"{\"v\": {}}", "F+"},	     {"{}", "F+"},	       {"{\"v\": \"x\"}", "T-"},
		{"{\"v\": 1}", "T-"},	     {"{\"v\": -1}", "T-"},    {"{\"v\": 0.5}", "T-"},
		{"{\"v\": true}", "T-"},     {"{\"v\": [0]}", "T-"},   {"{\"v\": {\"a\": 0}}", "T-"},
		{"{\"v\": \"0\"}", "T-"},    {"{\"v\": \"false\"}", "T-"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		expect("{{#if v}}T{{else}}F{{/if}}{{#unless v}}+{{else}}-{{/unless}}", cases[i].ctx,
		       TPL_TH, cases[i].want);
	}
	expect("{{#if v}}yes{{/if}}|{{#unless v}}no{{/unless}}", "{\"v\": 1}", TPL_TH, "yes|");
}

static void test_with(void **state)
{
	(void)state;
	expect("{{#with a}}{{b}}-{{top}}{{/with}}", "{\"top\": \"T\", \"a\": {\"b\": \"B\"}}", TPL_TH,
	       "B-T");
	expect("{{#with a}}{{b}}{{else}}empty{{/with}}", "{\"a\": {}}", TPL_TH, "empty");
	expect("[{{#with a}}x{{/with}}]", "{}", TPL_TH, "[]");
	expect("{{#with a}}{{.}}{{/with}}", "{\"a\": \"str\"}", TPL_TH, "str");
}

static void test_eq(void **state)
{
	(void)state;
	const char *t = "{{#eq status \"open\"}}O{{else}}X{{/eq}}";
	expect(t, "{\"status\": \"open\"}", TPL_TH, "O");
	expect(t, "{\"status\": \"opened\"}", TPL_TH, "X");
	expect(t, "{}", TPL_TH, "X");
	expect("{{#eq n \"3\"}}three{{/eq}}{{#eq b \"true\"}}!{{/eq}}", "{\"n\": 3, \"b\": true}",
	       TPL_TH, "three!");
	expect("{{#eq s \"say \\\"hi\\\"\"}}quoted{{/eq}}", "{\"s\": \"say \\\"hi\\\"\"}", TPL_TH,
	       "quoted");
	const char *path = "{{#each people}}{{name}}{{#eq id me}}*{{/eq}} {{/each}}";
	expect(path, "{\"me\": 2, \"people\": [{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}]}",
	       TPL_TH, "a b* ");
	expect("{{#eq a b}}same{{else}}diff{{/eq}}", "{\"a\": \"x\", \"b\": \"y\"}", TPL_TH, "diff");
	expect("{{#eq missing \"\"}}empty{{/eq}}", "{}", TPL_TH, "empty");
}

static void test_partials(void **state)
{
	(void)state;
	const struct embed_file files[] = {
		FILE_LIT("page.html", "<ul>{{#each xs}}{{> item}}{{/each}}</ul>{{>footer}}"),
		FILE_LIT("item.html", "<li>{{@number}}. {{name}} {{> badge}}</li>"),
		FILE_LIT("badge.html", "[{{site}}]"),
		FILE_LIT("footer.html", "<footer>{{site}}</footer>"),
		{0},
	};
	struct tpl_set *set = NULL;
	assert_int_equal(tpl_set_load(files, &set), 0);
	assert_true(tpl_exists(set, "page"));
	assert_true(tpl_exists(set, "badge"));
	assert_false(tpl_exists(set, "page.html"));
	char *got = render_dup(set, "page", "{\"site\": \"K\", \"xs\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}",
			       TPL_TH);
	assert_string_equal(got, "<ul><li>1. a [K]</li><li>2. b [K]</li></ul><footer>K</footer>");
	free(got);
	tpl_set_free(set);

	const struct embed_file missing[] = {
		FILE_LIT("ok.html", "fine"),
		FILE_LIT("p.html", "a\n\n{{> nosuch}}"),
		{0},
	};
	expect_load_error(missing, "p.html:3: unknown partial \"nosuch\"");
}

static void test_t(void **state)
{
	(void)state;
	const char *t = "<b>{{t \"บันทึก\" \"Save\"}}</b>{{ t \"ก<ข\" \"say \\\"hi\\\" & \\\\\" }}";
	expect(t, "{}", TPL_TH, "<b>บันทึก</b>ก&lt;ข");
	expect(t, "{}", TPL_EN, "<b>Save</b>say &quot;hi&quot; &amp; \\");
	expect("{{t \"a}}b\" \"c\"}}", "{}", TPL_TH, "a}}b");
}

static void test_dates(void **state)
{
	(void)state;
	const char *ctx = "{\"d\": \"2026-01-31\", \"long\": \"2026-05-04T10:00:00+07:00\","
			  " \"ts\": 1769850300, \"midnight\": 1769878800, \"bad\": \"soon<\","
			  " \"feb30\": \"2026-02-30\", \"huge\": 9000000000000000000, \"r\": 1.5}";
	expect("{{date d}}|{{datefull d}}|{{date long}}|{{date ts}}", ctx, TPL_TH,
	       "31 ม.ค. 2569|31 มกราคม 2569|4 พ.ค. 2569|31 ม.ค. 2569");
	expect("{{date d}}|{{datefull d}}|{{date long}}|{{datefull long}}", ctx, TPL_EN,
	       "31 Jan 2026|31 January 2026|4 May 2026|4 May 2026");
	/* 1769850300 is 2026-01-31 09:05 UTC, 16:05 in Bangkok; 1769878800 is
	 * 2026-01-31 17:00 UTC, already 1 February in Bangkok. */
	expect("{{datetime ts}}|{{datetime midnight}}|{{date midnight}}", ctx, TPL_TH,
	       "31 ม.ค. 2569 16:05|1 ก.พ. 2569 00:00|1 ก.พ. 2569");
	expect("{{datetime ts}}|{{datetime midnight}}|{{datefull midnight}}", ctx, TPL_EN,
	       "31 Jan 2026 16:05|1 Feb 2026 00:00|1 February 2026");
	expect("{{date bad}}|{{date feb30}}|{{datetime d}}|{{date huge}}|{{date r}}|{{date none}}",
	       ctx, TPL_TH, "soon&lt;|2026-02-30|2026-01-31|9000000000000000000|1.5|");
	expect("{{date x}}", "{\"x\": 0}", TPL_EN, "1 Jan 1970");
	expect("{{datetime x}}", "{\"x\": -1}", TPL_EN, "1 Jan 1970 06:59");
}

static void test_thnum(void **state)
{
	(void)state;
	const char *ctx = "{\"s\": \"เลขที่ 12/2569\", \"n\": 2569, \"q\": \"a'1<\"}";
	expect("{{thnum s}}|{{thnum n}}|{{thnum q}}", ctx, TPL_TH,
	       "เลขที่ ๑๒/๒๕๖๙|๒๕๖๙|a&#39;๑&lt;");
	expect("{{thnum s}}|{{thnum n}}|{{thnum q}}", ctx, TPL_EN, "เลขที่ 12/2569|2569|a&#39;1&lt;");
}

static void test_url(void **state)
{
	(void)state;
	static const struct {
		const char *url, *want;
	} cases[] = {
		{"/x?a=1&b=2", "/x?a=1&amp;b=2"},
		{"/", "/"},
		{"https://example.com/p", "https://example.com/p"},
		{"HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"},
		{"mailto:a@b.th", "mailto:a@b.th"},
		{"javascript:alert(1)", "#"},
		{"JavaScript:alert(1)", "#"},
		{"//evil.com", "#"},
		{"/\\\\evil.com", "#"},
		{"/\\t/evil.com", "#"},
		{" /x", "#"},
		{"ftp://x", "#"},
		{"data:text/html,x", "#"},
		{"x/y", "#"},
		{"", "#"},
		{"/\\\"><script>", "/&quot;&gt;&lt;script&gt;"},
	};
	char ctx[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(ctx, sizeof ctx, "{\"u\": \"%s\"}", cases[i].url);
		expect("{{url u}}", ctx, TPL_TH, cases[i].want);
	}
	expect("{{url none}}|{{url n}}", "{\"n\": 5}", TPL_TH, "#|#");
}

static void test_comments_and_text(void **state)
{
	(void)state;
	expect("a{{! note }}b{{!\nmulti\nline }}c }} { {x} {{!}}", "{\"x\": 1}", TPL_TH,
	       "abc }} { {x} ");
	expect("", "{}", TPL_TH, "");
	/* lines after a multi-line comment and text are still counted */
	expect_bad("a\n{{! one\ntwo }}\n{{#if}}", "t.html:4: {{#if}} needs one path");
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_bad("x\n\n{{foo bar}}", "t.html:3: unknown helper \"foo\"");
	expect_bad("{{#loop xs}}{{/loop}}", "t.html:1: unknown block \"#loop\"");
	expect_bad("{{#raw x}}{{/raw}}", "t.html:1: unknown block \"#raw\"");
	expect_bad("{{if x}}", "t.html:1: unknown helper \"if\"");
	expect_bad("ok\n{{name", "t.html:2: unclosed tag");
	expect_bad("{{name }\n", "t.html:1: unclosed tag");
	expect_bad("{{a {{b}}", "t.html:1: unclosed tag");
	expect_bad("{{#if a}}\n{{/each}}", "t.html:2: {{/each}} does not close {{#if}} of line 1");
	expect_bad("{{/if}}", "t.html:1: {{/if}} without an open block");
	expect_bad("{{/if x}}", "t.html:1: closing tag takes no arguments");
	expect_bad("a\n{{#each xs}}\n{{#if y}}{{/if}}", "t.html:2: unclosed {{#each}}");
	expect_bad("{{else}}", "t.html:1: {{else}} outside a block");
	expect_bad("{{#if a}}{{/if}}{{else}}", "t.html:1: {{else}} outside a block");
	expect_bad("{{#if a}}{{else}}\n{{else}}{{/if}}", "t.html:2: second {{else}} in {{#if}}");
	expect_bad("{{}}", "t.html:1: empty path");
	expect_bad("{{  }}", "t.html:1: empty path");
	expect_bad("{{#if}}{{/if}}", "t.html:1: {{#if}} needs one path");
	expect_bad("{{#each a b}}{{/each}}", "t.html:1: {{#each}} needs one path");
	expect_bad("{{#eq a}}{{/eq}}", "t.html:1: {{#eq}} needs a path and a string literal or path");
	expect_bad("{{a..b}}", "t.html:1: bad path \"a..b\"");
	expect_bad("{{.a}}", "t.html:1: bad path \".a\"");
	expect_bad("{{a.}}", "t.html:1: bad path \"a.\"");
	expect_bad("{{a<b}}", "t.html:1: bad path \"a<b\"");
	expect_bad("{{@foo}}", "t.html:1: unknown variable \"@foo\"");
	expect_bad("{{t \"only\"}}", "t.html:1: {{t}} needs a Thai and an English string literal");
	expect_bad("{{t a b}}", "t.html:1: {{t}} needs a Thai");
	expect_bad("{{date a b}}", "t.html:1: {{date}} needs one path");
	expect_bad("{{url \"/x\"}}", "t.html:1: {{url}} needs one path");
	expect_bad("{{raw}}x{{raw a b c d}}", "t.html:1: too many arguments");
	expect_bad("{{t \"a\nb\" \"c\"}}", "t.html:1: unterminated string literal");
	expect_bad("{{t \"a\"\"b\"}}", "t.html:1: malformed string literal");
	expect_bad("{{\"x\"}}", "t.html:1: a tag cannot start with a string");
	expect_bad("{{> a b}}", "t.html:1: {{>}} needs one template name");
	expect_bad("{{> \"x\"}}", "t.html:1: a tag cannot start with a string");
	expect_bad("{{else x}}", "t.html:1: {{else}} takes no arguments");

	const struct embed_file noext[] = {FILE_LIT("page.txt", "x"), {0}};
	expect_load_error(noext, "page.txt: a template file name must end in .html");
	const struct embed_file twice[] = {FILE_LIT("a.html", "1"), FILE_LIT("a.html", "2"), {0}};
	expect_load_error(twice, "a.html: template defined twice");
	/* an error in the second file names that file */
	const struct embed_file second[] = {FILE_LIT("a.html", "ok"), FILE_LIT("b.html", "\n{{#if x}}"), {0}};
	expect_load_error(second, "b.html:2: unclosed {{#if}}");
}

/* Builds `n` nested {{#with a}} blocks around {{v}} into out. */
static void nested_with(char *out, size_t cap, int n)
{
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, cap - len, "{{#with a}}");
	len += (size_t)snprintf(out + len, cap - len, "{{v}}");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, cap - len, "{{/with}}");
}

static void test_depth_limits(void **state)
{
	(void)state;
	static char text[2048];
	struct tpl_set *set = NULL;
	struct buf b;
	json_t *ctx = json_loads("{\"a\": {\"x\": 1}, \"v\": \"deep\"}", 0, NULL);
	assert_non_null(ctx);
	buf_init(&b, BUF_DEFAULT_MAX);

	/* 31 contexts on top of the root fit, 32 do not */
	nested_with(text, sizeof text, 31);
	expect(text, "{\"a\": {\"x\": 1}, \"v\": \"deep\"}", TPL_TH, "deep");
	nested_with(text, sizeof text, 32);
	const struct embed_file deep[] = {{"t.html", text, strlen(text)}, {0}};
	assert_int_equal(tpl_set_load(deep, &set), 0);
	assert_int_equal(tpl_render(set, "t", ctx, TPL_TH, &b), ERR_TOOBIG);
	tpl_set_free(set);
	set = NULL;
	nested_with(text, sizeof text, 33);
	expect_bad(text, "t.html:1: blocks nested deeper than 32");

	/* a partial that includes itself stops at the partial depth */
	const struct embed_file loop[] = {FILE_LIT("r.html", "r{{> r}}"), {0}};
	assert_int_equal(tpl_set_load(loop, &set), 0);
	buf_reset(&b);
	assert_int_equal(tpl_render(set, "r", ctx, TPL_TH, &b), ERR_TOOBIG);
	assert_string_equal(buf_cstr(&b), "rrrrrrrrrrrrrrrrr"); /* the page, then 16 partials */
	tpl_set_free(set);

	/* recursion that ends is fine; leaves need their own "kids", or the
	 * lookup would find the parent's and recurse until the limit */
	const struct embed_file tree[] = {
		FILE_LIT("node.html", "({{n}}{{#each kids}}{{> node}}{{/each}})"), {0}};
	assert_int_equal(tpl_set_load(tree, &set), 0);
	char *got = render_dup(set, "node",
			       "{\"n\": 1, \"kids\": [{\"n\": 2, \"kids\": [{\"n\": 3, \"kids\": []}]},"
			       " {\"n\": 4, \"kids\": null}]}",
			       TPL_TH);
	assert_string_equal(got, "(1(2(3))(4))");
	free(got);
	tpl_set_free(set);
	buf_release(&b);
	json_decref(ctx);
}

static void test_not_found(void **state)
{
	(void)state;
	const struct embed_file files[] = ONE("home.html", "hi");
	struct tpl_set *set = NULL;
	struct buf b;
	buf_init(&b, 1024);
	assert_int_equal(tpl_set_load(files, &set), 0);
	assert_true(tpl_exists(set, "home"));
	assert_false(tpl_exists(set, "nope"));
	assert_false(tpl_exists(NULL, "home"));
	assert_int_equal(tpl_render(set, "nope", NULL, TPL_TH, &b), ERR_NOTFOUND);
	assert_int_equal(tpl_render(set, "home.html", NULL, TPL_TH, &b), ERR_NOTFOUND);
	assert_int_equal(b.len, 0);
	assert_int_equal(tpl_render(set, "home", NULL, TPL_TH, &b), 0);
	assert_string_equal(buf_cstr(&b), "hi");
	tpl_set_free(set);
	tpl_set_free(NULL);
	buf_release(&b);

	/* an empty table is a valid, empty set */
	const struct embed_file none[] = {{0}};
	assert_int_equal(tpl_set_load(none, &set), 0);
	assert_false(tpl_exists(set, "home"));
	tpl_set_free(set);
}

static void test_buffer_cap(void **state)
{
	(void)state;
	const struct embed_file files[] = ONE("t.html", "0123456789{{#each xs}}{{.}}{{/each}}");
	struct tpl_set *set = NULL;
	json_t *ctx = json_loads("{\"xs\": [\"abc\", \"def\"]}", 0, NULL);
	struct buf b;
	assert_int_equal(tpl_set_load(files, &set), 0);

	buf_init(&b, 8);
	assert_int_equal(tpl_render(set, "t", ctx, TPL_TH, &b), ERR_TOOBIG);
	buf_release(&b);

	buf_init(&b, 14);
	assert_int_equal(tpl_render(set, "t", ctx, TPL_TH, &b), ERR_TOOBIG);
	assert_string_equal(buf_cstr(&b), "0123456789abc");
	buf_release(&b);

	buf_init(&b, 16);
	assert_int_equal(tpl_render(set, "t", ctx, TPL_TH, &b), 0);
	assert_string_equal(buf_cstr(&b), "0123456789abcdef");
	buf_release(&b);

	tpl_set_free(set);
	json_decref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_value_text),
		cmocka_unit_test(test_nested_paths),
		cmocka_unit_test(test_each_outer_lookup),
		cmocka_unit_test(test_each_data),
		cmocka_unit_test(test_each_else),
		cmocka_unit_test(test_truthiness),
		cmocka_unit_test(test_with),
		cmocka_unit_test(test_eq),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_t),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_thnum),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_comments_and_text),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_depth_limits),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_buffer_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
