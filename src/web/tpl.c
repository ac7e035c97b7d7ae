/*
 * tpl: the HTML template renderer (syntax and contract in tpl.h).
 *
 * Loading parses every file once into one flat array of nodes in pre-order:
 * a block node is followed by its body (`body` nodes, nested blocks counted
 * with all their descendants), then by its else branch (`alt` nodes). A
 * render walks index ranges and never looks at template text again. Every
 * byte a render reads (text spans, pre-escaped {{t}} literals, path
 * segments, template names) sits in one pool owned by the set, addressed by
 * offset. A render keeps its context stack in a fixed array on the C stack
 * and allocates nothing but what the output buffer needs.
 */
#include "web/tpl.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cal.h"
#include "core/log.h"
#include "core/str.h"

#define TPL_MAX_NESTING 32 /* open blocks within one template */
#define TPL_MAX_CONTEXT 32 /* context stack depth, the root included */
#define TPL_MAX_PARTIALS 16 /* partials inside partials */
#define TPL_MAX_TOKENS 3 /* words in one tag: "#eq a b", "t \"x\" \"y\"" */
#define TPL_POOL_MAX ((size_t)1 << 30) /* keeps pool offsets in uint32_t */
#define TEXT_TMP 32 /* room for "%lld" and "%g" */

/* Text nodes copy lit[0] as is; N_T holds the Thai (lit[0]) and English
 * (lit[1]) texts, escaped at load; N_VAR to N_URL and the blocks read
 * `path`, #eq also path2 or lit[0]; partials keep their target's name in
 * lit[0] until `ref` is resolved. */
enum node_kind {
	N_TEXT, N_VAR, N_RAW, N_T, N_DATE, N_DATEFULL, N_DATETIME, N_THNUM, N_URL,
	N_IF, N_UNLESS, N_EACH, N_WITH, N_EQ, N_PARTIAL,
};

enum path_kind { P_NAME, P_DOT, P_INDEX, P_NUMBER, P_FIRST, P_LAST };

/* For P_NAME, nseg >= 1 pool offsets of NUL-terminated names start at
 * segs[seg]; the other kinds have no segments. */
struct path {
	uint32_t seg;
	uint16_t nseg;
	uint8_t kind;
};

struct span {
	uint32_t off, len; /* bytes in the pool */
};

struct node {
	uint8_t kind;
	bool eq_lit; /* #eq compares with lit[0], not path2 */
	uint32_t line;
	struct path path, path2;
	struct span lit[2];
	uint32_t body; /* blocks: descendants in the body, right after the node */
	uint32_t alt;  /* blocks: descendants in the else branch, after the body */
	uint32_t ref;  /* partials: index in tpls */
};

struct tpl {
	const char *name; /* in the pool, set once the pool is final */
	uint32_t name_off;
	uint32_t first, count; /* its nodes */
};

/* Read-only once tpl_set_load returns; tpls is sorted by name. */
struct tpl_set {
	char *pool;
	struct node *nodes;
	uint32_t *segs;
	struct tpl *tpls;
	size_t nnodes, cap_nodes, nsegs, cap_segs, ntpls, cap_tpls;
};

/* Tags that take arguments. args: one letter per argument, 'p' a path,
 * 's' a string literal, 'x' either. */
static const struct tag_def {
	const char *name;
	uint8_t kind;
	bool block;
	const char *args, *usage;
} tag_defs[] = {
	{"raw", N_RAW, false, "p", "one path"},
	{"t", N_T, false, "ss", "a Thai and an English string literal"},
	{"date", N_DATE, false, "p", "one path"},
	{"datefull", N_DATEFULL, false, "p", "one path"},
	{"datetime", N_DATETIME, false, "p", "one path"},
	{"thnum", N_THNUM, false, "p", "one path"},
	{"url", N_URL, false, "p", "one path"},
	{"if", N_IF, true, "p", "one path"},
	{"unless", N_UNLESS, true, "p", "one path"},
	{"each", N_EACH, true, "p", "one path"},
	{"with", N_WITH, true, "p", "one path"},
	{"eq", N_EQ, true, "px", "a path and a string literal or path"},
	{NULL, 0, false, NULL, NULL},
};

static const char *const months_en[12] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December",
};

/* ---- loading ---------------------------------------------------------- */

struct open_block {
	uint32_t node;
	unsigned line;
	bool has_else;
};

struct parser {
	struct tpl_set *set;
	struct buf pool;
	const char *file, *src;
	size_t len, pos;
	unsigned line;
	struct open_block open[TPL_MAX_NESTING];
	int nopen;
};

struct tok {
	struct str s; /* a literal without its quotes, still escaped */
	bool lit;
};

/* Logs "file:line: reason" and returns ERR_INVAL. */
static __attribute__((format(printf, 3, 4))) int perr(const struct parser *ps, unsigned line,
							const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_error("%s:%u: %s", ps->file, line, msg);
	return ERR_INVAL;
}

/* Doubles a heap array's capacity; returns the new block, or NULL (the old
 * one untouched). */
static void *vec_grow(void *p, size_t *cap, size_t elem)
{
	size_t ncap = *cap ? *cap * 2 : 64;
	void *np = reallocarray(p, ncap, elem);
	if (np)
		*cap = ncap;
	return np;
}

static const struct tag_def *tag_find(struct str name, bool block)
{
	const struct tag_def *d = tag_defs;
	while (d->name && (d->block != block || !str_eq_c(name, d->name)))
		d++;
	return d->name ? d : NULL;
}

static const char *block_name(uint8_t kind)
{
	const struct tag_def *d = tag_defs;
	while (d->name && d->kind != kind)
		d++;
	return d->name ? d->name : "?";
}

static int push_node(struct parser *ps, const struct node *n)
{
	struct tpl_set *set = ps->set;
	if (set->nnodes >= UINT32_MAX - 1)
		return ERR_TOOBIG;
	if (set->nnodes == set->cap_nodes) {
		struct node *np = vec_grow(set->nodes, &set->cap_nodes, sizeof *np);
		if (!np)
			return ERR_NOMEM;
		set->nodes = np;
	}
	set->nodes[set->nnodes++] = *n;
	return 0;
}

static void count_lines(struct parser *ps, size_t from, size_t to)
{
	const char *p = ps->src + from, *end = ps->src + to;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		ps->line++;
		p++;
	}
}

/* Copies s into the pool, NUL-terminated; returns its span (without the NUL). */
static struct span pool_put(struct parser *ps, struct str s)
{
	struct span sp = {(uint32_t)ps->pool.len, (uint32_t)s.len};
	buf_put_str(&ps->pool, s);
	buf_putc(&ps->pool, 0);
	return sp;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* Parses a path word into `out`, storing its segments in the pool. */
static int parse_path(struct parser *ps, unsigned line, struct str s, struct path *out)
{
	static const char *const data[] = {"@index", "@number", "@first", "@last"};
	struct tpl_set *set = ps->set;
	struct str rest = s, seg;
	bool more = true;
	*out = (struct path){.kind = P_NAME, .seg = (uint32_t)set->nsegs};
	if (str_eq_c(s, ".")) {
		out->kind = P_DOT;
		return 0;
	}
	for (int i = 0; i < 4; i++) {
		if (str_eq_c(s, data[i])) {
			out->kind = (uint8_t)(P_INDEX + i);
			return 0;
		}
	}
	if (s.p[0] == '@')
		return perr(ps, line, "unknown variable \"%.*s\"", (int)s.len, s.p);
	/* A name never starts with a digit: `{{#eq x 404}}` means "404". */
	if (s.p[0] >= '0' && s.p[0] <= '9')
		return perr(ps, line, "\"%.*s\" is not a name; quote a literal", (int)s.len, s.p);
	while (more) {
		more = str_split(rest, '.', &seg, &rest);
		bool ok = seg.len > 0 && out->nseg < UINT16_MAX;
		for (size_t i = 0; ok && i < seg.len; i++)
			ok = is_name_char(seg.p[i]);
		if (!ok)
			return perr(ps, line, "bad path \"%.*s\"", (int)s.len, s.p);
		if (set->nsegs == set->cap_segs) {
			uint32_t *np = vec_grow(set->segs, &set->cap_segs, sizeof *np);
			if (!np)
				return ERR_NOMEM;
			set->segs = np;
		}
		set->segs[set->nsegs++] = pool_put(ps, seg).off;
		out->nseg++;
	}
	return 0;
}

/* Stores a literal in the pool with \" and \\ resolved, HTML-escaped or not. */
static struct span add_literal(struct parser *ps, struct str s, bool escape)
{
	struct span sp = {(uint32_t)ps->pool.len, 0};
	size_t start = 0;
	for (size_t i = 0; i <= s.len; i++) {
		bool esc = i + 1 < s.len && s.p[i] == '\\' && (s.p[i + 1] == '"' || s.p[i + 1] == '\\');
		if (i < s.len && !esc)
			continue;
		if (escape)
			buf_put_html(&ps->pool, s.p + start, i - start);
		else
			buf_append(&ps->pool, s.p + start, i - start);
		start = ++i; /* the escaped character starts the next run */
	}
	sp.len = (uint32_t)(ps->pool.len - sp.off);
	return sp;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Reads the next word of a tag: 1 with a token, 0 at the end, <0 if bad. */
static int next_tok(struct str *rest, struct tok *t)
{
	struct str r = str_trim(*rest);
	size_t i = 0;
	if (r.len == 0)
		return 0;
	if (r.p[0] == '"') {
		for (i = 1; i < r.len && r.p[i] != '"'; i++) {
			if (r.p[i] == '\\')
				i++;
		}
		if (i >= r.len || (i + 1 < r.len && !is_space(r.p[i + 1])))
			return ERR_INVAL;
		*t = (struct tok){{r.p + 1, i - 1}, true};
		i++;
	} else {
		for (; i < r.len && !is_space(r.p[i]); i++) {
			if (r.p[i] == '"')
				return ERR_INVAL;
		}
		*t = (struct tok){{r.p, i}, false};
	}
	*rest = (struct str){r.p + i, r.len - i};
	return 1;
}

static int tokenize(struct parser *ps, unsigned line, struct str s, struct tok *tk, int *n)
{
	struct tok t;
	int rc;
	*n = 0;
	while ((rc = next_tok(&s, &t)) == 1) {
		if (*n == TPL_MAX_TOKENS)
			return perr(ps, line, "too many arguments");
		tk[(*n)++] = t;
	}
	return rc < 0 ? perr(ps, line, "malformed string literal") : 0;
}

/* A lone path, a helper with arguments, or the opening tag of a block. */
static int add_tag(struct parser *ps, unsigned line, bool block, const struct tok *tk, int n)
{
	const struct tag_def *d = tag_find(tk[0].s, block);
	struct node nd = {.kind = N_VAR, .line = line};
	int rc = 0, nlit = 0;
	if (!block && n == 1) { /* a lone word is a path, even "date" or "url" */
		rc = parse_path(ps, line, tk[0].s, &nd.path);
		return rc ? rc : push_node(ps, &nd);
	}
	if (!d)
		return perr(ps, line, "unknown %s \"%s%.*s\"", block ? "block" : "helper",
			    block ? "#" : "", (int)tk[0].s.len, tk[0].s.p);
	bool ok = (size_t)n - 1 == strlen(d->args);
	for (int i = 1; ok && i < n; i++)
		ok = d->args[i - 1] == 'x' || (d->args[i - 1] == 's') == tk[i].lit;
	if (!ok)
		return perr(ps, line, "{{%s%s}} needs %s", block ? "#" : "", d->name, d->usage);
	nd.kind = d->kind;
	nd.eq_lit = d->kind == N_EQ && tk[2].lit;
	for (int i = 1; rc == 0 && i < n; i++) {
		if (tk[i].lit)
			nd.lit[nlit++] = add_literal(ps, tk[i].s, d->kind == N_T);
		else
			rc = parse_path(ps, line, tk[i].s, i == 1 ? &nd.path : &nd.path2);
	}
	if (rc == 0 && block) {
		if (ps->nopen == TPL_MAX_NESTING)
			return perr(ps, line, "blocks nested deeper than %d", TPL_MAX_NESTING);
		ps->open[ps->nopen++] = (struct open_block){(uint32_t)ps->set->nnodes, line, false};
	}
	return rc ? rc : push_node(ps, &nd);
}

/* {{else}} (close == false) or {{/name}}: ends the body or the block. */
static int end_branch(struct parser *ps, unsigned line, bool close, const struct tok *tk, int n)
{
	if (n != 1)
		return perr(ps, line, close ? "closing tag takes no arguments"
					    : "{{else}} takes no arguments");
	if (ps->nopen == 0 && !close)
		return perr(ps, line, "{{else}} outside a block");
	if (ps->nopen == 0)
		return perr(ps, line, "{{/%.*s}} without an open block", (int)tk[0].s.len, tk[0].s.p);
	struct open_block *ob = &ps->open[ps->nopen - 1];
	struct node *nd = &ps->set->nodes[ob->node];
	const char *name = block_name(nd->kind);
	uint32_t inside = (uint32_t)ps->set->nnodes - ob->node - 1;
	if (close && !str_eq_c(tk[0].s, name))
		return perr(ps, line, "{{/%.*s}} does not close {{#%s}} of line %u", (int)tk[0].s.len,
			    tk[0].s.p, name, ob->line);
	if (!close && ob->has_else)
		return perr(ps, line, "second {{else}} in {{#%s}}", name);
	if (ob->has_else)
		nd->alt = inside - nd->body;
	else
		nd->body = inside;
	ob->has_else = true;
	if (close)
		ps->nopen--;
	return 0;
}

/* Finds the "}}" that ends the tag whose content starts at `start`. */
static int find_close(struct parser *ps, unsigned line, size_t start, size_t *end)
{
	const char *s = ps->src;
	bool comment = start < ps->len && s[start] == '!';
	for (size_t i = start; i + 1 < ps->len; i++) {
		if (s[i] == '}' && s[i + 1] == '}') {
			*end = i;
			return 0;
		}
		if (comment)
			continue;
		if (s[i] == '{' && s[i + 1] == '{')
			break;
		if (s[i] != '"')
			continue;
		for (i++; i < ps->len && s[i] != '"'; i++) {
			if (s[i] == '\n')
				return perr(ps, line, "unterminated string literal");
			if (s[i] == '\\')
				i++;
		}
	}
	return perr(ps, line, "unclosed tag");
}

/* Parses the tag at ps->pos (which points at "{{") and moves past it. */
static int parse_tag(struct parser *ps)
{
	unsigned line = ps->line;
	size_t start = ps->pos + 2, end = 0;
	struct tok tk[TPL_MAX_TOKENS];
	int n, rc = find_close(ps, line, start, &end);
	if (rc)
		return rc;
	count_lines(ps, start, end);
	ps->pos = end + 2;

	struct str body = str_trim((struct str){ps->src + start, end - start});
	char sigil = body.len ? body.p[0] : 0;
	if (sigil == '!')
		return 0;
	if (sigil == '#' || sigil == '/' || sigil == '>')
		body = (struct str){body.p + 1, body.len - 1};
	rc = tokenize(ps, line, body, tk, &n);
	if (rc)
		return rc;
	if (n == 0 || tk[0].lit)
		return perr(ps, line, n == 0 ? "empty path" : "a tag cannot start with a string");
	if (sigil == '>') {
		struct node nd = {.kind = N_PARTIAL, .line = line};
		if (n != 1)
			return perr(ps, line, "{{>}} needs one template name");
		nd.lit[0] = pool_put(ps, tk[0].s);
		return push_node(ps, &nd);
	}
	if (sigil == '/' || (sigil != '#' && str_eq_c(tk[0].s, "else")))
		return end_branch(ps, line, sigil == '/', tk, n);
	return add_tag(ps, line, sigil == '#', tk, n);
}

static int parse_file(struct parser *ps, const struct embed_file *f)
{
	struct tpl_set *set = ps->set;
	size_t nlen = strlen(f->name);
	int rc = ERR_INVAL;

	*ps = (struct parser){.set = set, .pool = ps->pool, .file = f->name, .src = f->data,
			      .len = f->data ? f->len : 0, .line = 1};
	if (nlen <= 5 || strcmp(f->name + nlen - 5, ".html") != 0) {
		log_error("%s: a template file name must end in .html", f->name);
		goto out;
	}
	rc = ERR_NOMEM;
	if (set->ntpls == set->cap_tpls) {
		struct tpl *np = vec_grow(set->tpls, &set->cap_tpls, sizeof *np);
		if (!np)
			goto out;
		set->tpls = np;
	}
	set->tpls[set->ntpls++] = (struct tpl){
		.name_off = pool_put(ps, (struct str){f->name, nlen - 5}).off,
		.first = (uint32_t)set->nnodes,
	};
	rc = 0;
	while (rc == 0 && ps->pos < ps->len) {
		const char *tag = memmem(ps->src + ps->pos, ps->len - ps->pos, "{{", 2);
		size_t text_end = tag ? (size_t)(tag - ps->src) : ps->len;
		if (text_end > ps->pos) {
			struct node nd = {.kind = N_TEXT, .line = ps->line};
			nd.lit[0] = (struct span){(uint32_t)ps->pool.len, (uint32_t)(text_end - ps->pos)};
			buf_append(&ps->pool, ps->src + ps->pos, text_end - ps->pos);
			rc = push_node(ps, &nd);
			count_lines(ps, ps->pos, text_end);
			ps->pos = text_end;
		}
		if (rc == 0 && tag)
			rc = parse_tag(ps);
	}
	if (rc == 0 && ps->nopen > 0) {
		const struct open_block *ob = &ps->open[ps->nopen - 1];
		rc = perr(ps, ob->line, "unclosed {{#%s}}", block_name(set->nodes[ob->node].kind));
	}
	set->tpls[set->ntpls - 1].count = (uint32_t)(set->nnodes - set->tpls[set->ntpls - 1].first);
out:
	return rc;
}

static int tpl_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tpl *)a)->name, ((const struct tpl *)b)->name);
}

static const struct tpl *tpl_find(const struct tpl_set *set, const char *name)
{
	struct tpl key = {.name = name};
	if (!set || !name || set->ntpls == 0)
		return NULL;
	return bsearch(&key, set->tpls, set->ntpls, sizeof key, tpl_cmp);
}

/* Sorts the templates by name and points every partial at its template. */
static int resolve(struct tpl_set *set)
{
	for (size_t i = 0; i < set->ntpls; i++)
		set->tpls[i].name = set->pool + set->tpls[i].name_off;
	if (set->ntpls)
		qsort(set->tpls, set->ntpls, sizeof *set->tpls, tpl_cmp);
	for (size_t i = 1; i < set->ntpls; i++) {
		if (strcmp(set->tpls[i - 1].name, set->tpls[i].name) == 0) {
			log_error("%s.html: template defined twice", set->tpls[i].name);
			return ERR_INVAL;
		}
	}
	for (const struct tpl *t = set->tpls; t < set->tpls + set->ntpls; t++) {
		for (struct node *nd = set->nodes + t->first; nd < set->nodes + t->first + t->count;
		     nd++) {
			if (nd->kind != N_PARTIAL)
				continue;
			const char *want = set->pool + nd->lit[0].off;
			const struct tpl *target = tpl_find(set, want);
			if (!target) {
				log_error("%s.html:%u: unknown partial \"%s\"", t->name, nd->line, want);
				return ERR_INVAL;
			}
			nd->ref = (uint32_t)(target - set->tpls);
		}
	}
	return 0;
}

/* Parses every file, then resolves partials; logs the first error with its
 * file and line. The set owns copies of everything it needs from `files`. */
int tpl_set_load(const struct embed_file *files, struct tpl_set **out)
{
	struct parser ps = {0};
	struct tpl_set *set = calloc(1, sizeof *set);
	int rc = ERR_NOMEM;

	*out = NULL;
	buf_init(&ps.pool, TPL_POOL_MAX);
	if (!set)
		goto out;
	ps.set = set;
	for (rc = 0; rc == 0 && files && files->name; files++)
		rc = parse_file(&ps, files);
	if (rc)
		goto out;
	rc = buf_err(&ps.pool);
	if (rc) {
		log_error("templates: pool failed (%s)", err_name(rc));
		goto out;
	}
	rc = ERR_NOMEM;
	set->pool = buf_take(&ps.pool, NULL);
	if (!set->pool)
		goto out;
	rc = resolve(set);
	if (rc)
		goto out;
	*out = set;
	set = NULL;
out:
	buf_release(&ps.pool);
	tpl_set_free(set);
	return rc;
}

/* Frees the set and everything in it; NULL is a no-op. */
void tpl_set_free(struct tpl_set *set)
{
	if (!set)
		return;
	free(set->tpls);
	free(set->segs);
	free(set->nodes);
	free(set->pool);
	free(set);
}

/* True if `name` (without ".html") is in the set; false for a NULL set. */
int tpl_exists(const struct tpl_set *set, const char *name)
{
	return tpl_find(set, name) != NULL;
}

/* ---- rendering -------------------------------------------------------- */

enum value_kind { V_NONE, V_JSON, V_INT };

/* A looked-up value: JSON (borrowed), or an integer for @index/@number. */
struct value {
	uint8_t kind;
	json_t *j;
	long long i;
};

struct frame {
	struct value v;
	size_t idx, count; /* #each frames */
	bool each;
};

struct rstate {
	const struct tpl_set *set;
	struct buf *out;
	enum tpl_lang lang;
	int depth;    /* frames in use; stack[depth - 1] is the current context */
	int partials; /* partials being rendered */
	struct frame stack[TPL_MAX_CONTEXT];
};

/* The value of a path: a name is looked up in the current context, then in
 * each enclosing one; @-variables come from the nearest #each. */
static struct value lookup(const struct rstate *st, const struct path *pa)
{
	const char *pool = st->set->pool;
	const uint32_t *seg = st->set->segs + pa->seg;
	struct value v = {V_NONE, NULL, 0};
	const struct frame *f = NULL;
	json_t *j = NULL;
	if (pa->kind == P_DOT)
		return st->stack[st->depth - 1].v;
	if (pa->kind == P_NAME) {
		for (int d = st->depth - 1; d >= 0 && !j; d--) {
			const struct value *c = &st->stack[d].v;
			if (c->kind == V_JSON && json_is_object(c->j))
				j = json_object_get(c->j, pool + seg[0]);
		}
		for (uint16_t k = 1; j && k < pa->nseg; k++)
			j = json_is_object(j) ? json_object_get(j, pool + seg[k]) : NULL;
		return j ? (struct value){V_JSON, j, 0} : v;
	}
	for (int d = st->depth - 1; d >= 0 && !f; d--) {
		if (st->stack[d].each)
			f = &st->stack[d];
	}
	if (!f)
		return v;
	switch (pa->kind) {
	case P_INDEX: v = (struct value){V_INT, NULL, (long long)f->idx}; break;
	case P_NUMBER: v = (struct value){V_INT, NULL, (long long)f->idx + 1}; break;
	case P_FIRST: v = (struct value){V_JSON, json_boolean(f->idx == 0), 0}; break;
	case P_LAST: v = (struct value){V_JSON, json_boolean(f->idx + 1 == f->count), 0}; break;
	default: break;
	}
	return v;
}

/* The value's text; numbers are written into tmp (TEXT_TMP bytes). */
static struct str value_text(struct value v, char *tmp)
{
	struct str s = {"", 0};
	int n = -1;
	if (v.kind == V_INT)
		n = snprintf(tmp, TEXT_TMP, "%lld", v.i);
	else if (v.kind == V_JSON) {
		switch (json_typeof(v.j)) {
		case JSON_STRING:
			s = (struct str){json_string_value(v.j), json_string_length(v.j)};
			break;
		case JSON_INTEGER:
			n = snprintf(tmp, TEXT_TMP, "%lld", (long long)json_integer_value(v.j));
			break;
		case JSON_REAL: n = snprintf(tmp, TEXT_TMP, "%g", json_real_value(v.j)); break;
		case JSON_TRUE: s = STR("true"); break;
		case JSON_FALSE: s = STR("false"); break;
		default: break;
		}
	}
	if (n > 0 && n < TEXT_TMP)
		s = (struct str){tmp, (size_t)n};
	return s;
}

static bool truthy(struct value v)
{
	if (v.kind == V_INT)
		return v.i != 0;
	if (v.kind != V_JSON)
		return false;
	switch (json_typeof(v.j)) {
	case JSON_OBJECT: return json_object_size(v.j) > 0;
	case JSON_ARRAY: return json_array_size(v.j) > 0;
	case JSON_STRING: return json_string_length(v.j) > 0;
	case JSON_INTEGER: return json_integer_value(v.j) != 0;
	case JSON_REAL: return json_real_value(v.j) != 0.0;
	case JSON_TRUE: return true;
	default: return false;
	}
}

/* Reads a date from an ISO string or Unix seconds; *minute is the Bangkok
 * minute of the day for Unix seconds, else -1. */
static bool value_date(struct value v, struct date *d, int *minute)
{
	const long long t_min = -62135596800LL; /* 0001-01-01T00:00:00Z */
	const long long t_max = 253402300799LL; /* 9999-12-31T23:59:59Z */
	long long t = v.i;
	*minute = -1;
	if (v.kind == V_JSON && json_is_string(v.j)) {
		size_t n = json_string_length(v.j);
		return cal_parse_iso(json_string_value(v.j), n > 10 ? 10 : n, d) == 0;
	}
	if (v.kind == V_JSON && json_is_integer(v.j))
		t = json_integer_value(v.j);
	else if (v.kind != V_INT)
		return false;
	if (t < t_min || t > t_max)
		return false;
	*d = cal_from_unix(t);
	long long s = (t + 7 * 3600) % 86400;
	*minute = (int)((s < 0 ? s + 86400 : s) / 60);
	return cal_valid(*d);
}

static void put_date(const struct rstate *st, uint8_t kind, struct value v)
{
	char tmp[TEXT_TMP];
	struct date d;
	int minute;
	bool ok = value_date(v, &d, &minute);
	if (!ok || (kind == N_DATETIME && minute < 0)) {
		struct str s = value_text(v, tmp);
		buf_put_html(st->out, s.p, s.len);
		return;
	}
	if (st->lang == TPL_TH) {
		cal_format_th(st->out, d, kind == N_DATEFULL ? 0 : CAL_ABBREV);
	} else {
		const char *m = months_en[d.m - 1];
		int mlen = kind == N_DATEFULL ? (int)strlen(m) : 3;
		buf_printf(st->out, "%d %.*s %d", d.d, mlen, m, d.y);
	}
	if (kind == N_DATETIME)
		buf_printf(st->out, " %02d:%02d", minute / 60, minute % 60);
}

/* Escapes s with its ASCII digits turned Thai. Digits are converted apart
 * from the escaping so that entities such as "&#39;" keep theirs. */
static void put_thai_digits(struct buf *b, struct str s)
{
	size_t i = 0;
	while (i < s.len) {
		bool digit = s.p[i] >= '0' && s.p[i] <= '9';
		size_t j = i + 1;
		while (j < s.len && (s.p[j] >= '0' && s.p[j] <= '9') == digit)
			j++;
		if (digit)
			cal_thai_digits(b, s.p + i, j - i);
		else
			buf_put_html(b, s.p + i, j - i);
		i = j;
	}
}

static bool starts_ci(struct str s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.len >= n && strncasecmp(s.p, prefix, n) == 0;
}

/* A link target safe for href: a local path or http(s)/mailto. Control
 * characters are refused (browsers drop tabs and newlines, so "/\t/x" would
 * become "//x"), and so is "/\" (browsers read it as "//"). */
static bool url_ok(struct str s)
{
	for (size_t i = 0; i < s.len; i++) {
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7F)
			return false;
	}
	if (s.len && s.p[0] == '/')
		return s.len == 1 || (s.p[1] != '/' && s.p[1] != '\\');
	return starts_ci(s, "http://") || starts_ci(s, "https://") || starts_ci(s, "mailto:");
}

static bool values_equal(const struct rstate *st, const struct node *nd, struct value v)
{
	char ta[TEXT_TMP], tb[TEXT_TMP];
	struct str a = value_text(v, ta), b;
	if (nd->eq_lit)
		b = (struct str){st->set->pool + nd->lit[0].off, nd->lit[0].len};
	else
		b = value_text(lookup(st, &nd->path2), tb);
	return str_eq(a, b);
}

static int render_range(struct rstate *st, uint32_t i, uint32_t end);

static int render_each(struct rstate *st, struct value v, uint32_t body, uint32_t alt,
		       uint32_t next)
{
	size_t count = v.kind == V_JSON && json_is_array(v.j) ? json_array_size(v.j) : 0;
	int rc = 0;
	if (count == 0)
		return render_range(st, alt, next);
	if (st->depth == TPL_MAX_CONTEXT)
		return ERR_TOOBIG;
	struct frame *f = &st->stack[st->depth++];
	*f = (struct frame){.count = count, .each = true};
	for (size_t k = 0; k < count && rc == 0 && !buf_err(st->out); k++) {
		f->idx = k;
		f->v = (struct value){V_JSON, json_array_get(v.j, k), 0};
		rc = render_range(st, body, alt);
	}
	st->depth--;
	return rc;
}

static int render_with(struct rstate *st, struct value v, uint32_t body, uint32_t alt,
		       uint32_t next)
{
	int rc;
	if (!truthy(v))
		return render_range(st, alt, next);
	if (st->depth == TPL_MAX_CONTEXT)
		return ERR_TOOBIG;
	st->stack[st->depth++] = (struct frame){.v = v};
	rc = render_range(st, body, alt);
	st->depth--;
	return rc;
}

static int render_partial(struct rstate *st, uint32_t ref)
{
	const struct tpl *t = &st->set->tpls[ref];
	int rc;
	if (st->partials == TPL_MAX_PARTIALS)
		return ERR_TOOBIG;
	st->partials++;
	rc = render_range(st, t->first, t->first + t->count);
	st->partials--;
	return rc;
}

/* Renders nodes [i, end), which begin and end at the same nesting level. */
static int render_range(struct rstate *st, uint32_t i, uint32_t end)
{
	const struct tpl_set *set = st->set;
	struct buf *out = st->out;
	int rc = 0;
	while (rc == 0 && i < end && !buf_err(out)) {
		const struct node *nd = &set->nodes[i];
		uint32_t body = i + 1, alt = body + nd->body, next = alt + nd->alt;
		char tmp[TEXT_TMP];
		struct value v = {V_NONE, NULL, 0};
		struct str s;
		if (nd->kind != N_TEXT && nd->kind != N_T && nd->kind != N_PARTIAL)
			v = lookup(st, &nd->path);
		switch (nd->kind) {
		case N_TEXT:
		case N_T: {
			const struct span *sp = &nd->lit[nd->kind == N_T && st->lang == TPL_EN];
			buf_append(out, set->pool + sp->off, sp->len);
			break;
		}
		case N_VAR:
		case N_RAW:
			s = value_text(v, tmp);
			if (nd->kind == N_RAW)
				buf_append(out, s.p, s.len);
			else
				buf_put_html(out, s.p, s.len);
			break;
		case N_DATE:
		case N_DATEFULL:
		case N_DATETIME: put_date(st, nd->kind, v); break;
		case N_THNUM:
			s = value_text(v, tmp);
			if (st->lang == TPL_TH)
				put_thai_digits(out, s);
			else
				buf_put_html(out, s.p, s.len);
			break;
		case N_URL:
			s = value_text(v, tmp);
			if (url_ok(s))
				buf_put_html(out, s.p, s.len);
			else
				buf_putc(out, '#');
			break;
		case N_IF:
		case N_UNLESS:
		case N_EQ: {
			bool yes = nd->kind == N_EQ ? values_equal(st, nd, v)
						    : truthy(v) == (nd->kind == N_IF);
			rc = yes ? render_range(st, body, alt) : render_range(st, alt, next);
			break;
		}
		case N_EACH: rc = render_each(st, v, body, alt, next); break;
		case N_WITH: rc = render_with(st, v, body, alt, next); break;
		case N_PARTIAL: rc = render_partial(st, nd->ref); break;
		default: assert(0); break;
		}
		i = next;
	}
	return rc;
}

/* Renders with a context stack on the C stack: no allocation but the output
 * buffer's, no writes to the set, so any number of threads may share it.
 * Stops at the first error; what was appended so far stays in `out`. */
int tpl_render(const struct tpl_set *set, const char *name, json_t *ctx, enum tpl_lang lang,
	       struct buf *out)
{
	const struct tpl *t = tpl_find(set, name);
	struct rstate st = {.set = set, .out = out, .lang = lang, .depth = 1};
	int rc = ERR_NOTFOUND;
	if (!t)
		goto out;
	if (ctx)
		st.stack[0].v = (struct value){V_JSON, ctx, 0};
	rc = render_range(&st, t->first, t->first + t->count);
	if (rc == 0)
		rc = buf_err(out);
out:
	return rc;
}
