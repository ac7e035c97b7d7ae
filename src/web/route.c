/* route: matching requests to the route table and validating parameters. */
#include "web/route.h"

#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/utf8.h"

unsigned route_method(const char *name)
{
	static const struct {
		const char *name;
		unsigned m;
	} methods[] = {{"GET", HTTP_GET}, {"POST", HTTP_POST}, {"PUT", HTTP_PUT},
		       {"DELETE", HTTP_DELETE}, {"HEAD", HTTP_HEAD}};
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		if (strcmp(methods[i].name, name) == 0)
			return methods[i].m;
	}
	return 0;
}

/* Matches path against pattern; collects {name} segments. */
static bool match(const char *pattern, struct str path, struct str args[ROUTE_MAX_PATH_ARGS],
		  int *nargs)
{
	const char *p = pattern;
	size_t i = 0;
	int n = 0;
	while (*p) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close)
				return false;
			size_t start = i;
			while (i < path.len && path.p[i] != '/')
				i++;
			if (i == start || n == ROUTE_MAX_PATH_ARGS)
				return false;
			args[n++] = (struct str){path.p + start, i - start};
			p = close + 1;
			continue;
		}
		if (i >= path.len || path.p[i] != *p)
			return false;
		p++;
		i++;
	}
	if (i != path.len)
		return false;
	*nargs = n;
	return true;
}

const struct route *route_find(const struct route *table, unsigned method, struct str path,
			       struct str args[ROUTE_MAX_PATH_ARGS], int *nargs,
			       bool *path_matched, unsigned *allowed)
{
	*path_matched = false;
	*allowed = 0;
	*nargs = 0;
	unsigned want = method == HTTP_HEAD ? HTTP_GET : method;
	for (const struct route *r = table; r->pattern; r++) {
		struct str a[ROUTE_MAX_PATH_ARGS];
		int n = 0;
		if (!match(r->pattern, path, a, &n))
			continue;
		*path_matched = true;
		*allowed |= r->methods;
		if (r->methods & want) {
			memcpy(args, a, sizeof a);
			*nargs = n;
			return r;
		}
	}
	if (*allowed & HTTP_GET)
		*allowed |= HTTP_HEAD;
	return NULL;
}

static bool declared_path_param(const struct route *r, const char *name, size_t len)
{
	for (int i = 0; i < ROUTE_MAX_PARAMS && r->params[i].name; i++) {
		if (r->params[i].src == PS_PATH && strlen(r->params[i].name) == len &&
		    memcmp(r->params[i].name, name, len) == 0)
			return true;
	}
	return false;
}

int route_table_check(const struct route *table, const char **why)
{
	for (const struct route *r = table; r->pattern; r++) {
		if (!r->handler || !r->methods || r->pattern[0] != '/') {
			*why = r->pattern;
			return ERR_INVAL;
		}
		/* Path arguments and PS_PATH parameters correspond one to one. */
		int path_args = 0, path_params = 0;
		for (const char *p = r->pattern; (p = strchr(p, '{')); p++) {
			const char *close = strchr(p, '}');
			if (!close || close == p + 1 || !declared_path_param(r, p + 1, (size_t)(close - p - 1))) {
				*why = r->pattern;
				return ERR_INVAL;
			}
			path_args++;
		}
		for (int i = 0; i < ROUTE_MAX_PARAMS && r->params[i].name; i++) {
			const struct param_spec *s = &r->params[i];
			if (s->src == PS_PATH)
				path_params++;
			if ((s->kind == PK_ENUM || s->kind == PK_ENUMLIST) && !s->choices) {
				*why = s->name;
				return ERR_INVAL;
			}
			if ((s->kind == PK_LINE || s->kind == PK_TEXT || s->kind == PK_SECRET ||
			     s->kind == PK_IDLIST || s->kind == PK_ENUMLIST) && s->max <= 0) {
				*why = s->name;
				return ERR_INVAL;
			}
			if (s->src == PS_BODY && !(r->methods & (HTTP_POST | HTTP_PUT | HTTP_DELETE))) {
				*why = s->name;
				return ERR_INVAL;
			}
		}
		if (path_args != path_params || path_args > ROUTE_MAX_PATH_ARGS) {
			*why = r->pattern;
			return ERR_INVAL;
		}
		/* No two routes with the same pattern share a method. */
		for (const struct route *q = table; q < r; q++) {
			if (strcmp(q->pattern, r->pattern) == 0 && (q->methods & r->methods)) {
				*why = r->pattern;
				return ERR_INVAL;
			}
		}
	}
	return 0;
}

static bool is_line(struct str s)
{
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == '\n' || s.p[i] == '\r' || s.p[i] == '\t')
			return false;
	}
	return true;
}

int route_params_validate(const struct route *r, param_lookup_fn lookup, void *ctx,
			  struct arena *a, struct param_value out[ROUTE_MAX_PARAMS],
			  const char **msg_th, const char **msg_en, const char **field)
{
	for (int i = 0; i < ROUTE_MAX_PARAMS; i++)
		out[i] = (struct param_value){0};
	for (int i = 0; i < ROUTE_MAX_PARAMS && r->params[i].name; i++) {
		const struct param_spec *s = &r->params[i];
		const char *label = s->label_th ? s->label_th : s->name;
		bool present = false;
		struct str v = lookup(ctx, s, &present);
		*field = s->name;
		if (present && s->kind != PK_SECRET && s->kind != PK_TEXT)
			v = str_trim(v);
		if (!present || (v.len == 0 && s->kind != PK_TEXT && s->kind != PK_LINE &&
				 s->kind != PK_SECRET && s->kind != PK_IDLIST && s->kind != PK_ENUMLIST &&
				 s->kind != PK_DATE)) {
			if (s->required) {
				*msg_th = arena_printf(a, "กรุณากรอก %s", label);
				*msg_en = arena_printf(a, "The field '%s' is required.", s->name);
				return ERR_INVAL;
			}
			/* An empty optional number or choice counts as absent; an
			 * empty date is present and empty: it clears the date. */
			if (present && (s->kind == PK_ID || s->kind == PK_INT || s->kind == PK_ENUM ||
					s->kind == PK_BOOL))
				present = false;
			if (!present)
				continue;
		}
		if (!utf8_valid_text(v.p, v.len)) {
			*msg_th = arena_printf(a, "ข้อความในช่อง %s ไม่ใช่ UTF-8 ที่ถูกต้อง หรือมีอักขระควบคุม", label);
			*msg_en = arena_printf(a, "The field '%s' is not valid UTF-8 text.", s->name);
			return ERR_INVAL;
		}
		struct param_value *o = &out[i];
		o->present = true;
		bool ok = true;
		switch (s->kind) {
		case PK_ID:
			ok = str_to_i64(v, 1, INT64_MAX, &o->num);
			break;
		case PK_INT:
			ok = str_to_i64(v, s->min, s->max, &o->num);
			break;
		case PK_BOOL:
			if (str_eq_c(v, "1") || str_eq_c(v, "true") || str_eq_c(v, "on"))
				o->num = 1;
			else if (str_eq_c(v, "0") || str_eq_c(v, "false"))
				o->num = 0;
			else
				ok = false;
			break;
		case PK_ENUM:
			ok = false;
			for (const char *const *c = s->choices; *c; c++) {
				if (str_eq_c(v, *c)) {
					ok = true;
					break;
				}
			}
			break;
		case PK_DATE: {
			struct date d;
			ok = v.len == 0 || cal_parse_iso(v.p, v.len, &d) == 0;
			break;
		}
		case PK_LINE:
		case PK_TEXT:
			if (s->kind == PK_LINE && !is_line(v)) {
				ok = false;
				break;
			}
			if (utf8_count(v.p, v.len) > (size_t)s->max) {
				*msg_th = arena_printf(a, "ช่อง %s ยาวเกิน %lld ตัวอักษร", label,
						       (long long)s->max);
				*msg_en = arena_printf(a, "The field '%s' is longer than %lld characters.",
						       s->name, (long long)s->max);
				return ERR_TOOBIG;
			}
			break;
		case PK_SECRET:
			ok = v.len <= (size_t)s->max;
			break;
		case PK_IDLIST: {
			struct str rest = v, item;
			int64_t count = 0, id;
			for (bool more = true; ok && more && rest.len;) {
				more = str_split(rest, ',', &item, &rest);
				item = str_trim(item);
				if (item.len == 0)
					continue; /* the empty hidden field that makes "none" sendable */
				ok = str_to_i64(item, 1, INT64_MAX, &id) && ++count <= s->max;
			}
			break;
		}
		case PK_ENUMLIST: {
			struct str rest = v, item;
			int64_t count = 0;
			for (bool more = true; ok && more && rest.len;) {
				more = str_split(rest, ',', &item, &rest);
				item = str_trim(item);
				if (item.len == 0)
					continue;
				ok = ++count <= s->max;
				bool known = false;
				for (const char *const *c = s->choices; ok && *c && !known; c++)
					known = str_eq_c(item, *c);
				ok = ok && known;
			}
			break;
		}
		}
		if (!ok) {
			*msg_th = arena_printf(a, "ค่าในช่อง %s ไม่ถูกต้อง", label);
			*msg_en = arena_printf(a, "The value of '%s' is not valid.", s->name);
			return ERR_INVAL;
		}
		o->text = arena_str(a, v);
		if (!o->text)
			return ERR_NOMEM;
	}
	*field = NULL;
	return 0;
}
