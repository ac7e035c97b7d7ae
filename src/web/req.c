/* req: what handlers read from a request and how they answer. */
#include "web/req.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "km/notify.h"
#include "km/org.h"
#include "store/db.h"
#include "web/multipart.h"

struct db *req_db(struct req *r)
{
	if (!r->db)
		r->db = db_pool_acquire(r->app->pool);
	return r->db;
}

static int param_index(const struct req *r, const char *name)
{
	if (!r->route)
		return -1;
	for (int i = 0; i < ROUTE_MAX_PARAMS && r->route->params[i].name; i++) {
		if (strcmp(r->route->params[i].name, name) == 0)
			return i;
	}
	log_error("handler asked for undeclared parameter '%s' on '%s'", name, r->route->pattern);
	return -1;
}

const char *req_str(const struct req *r, const char *name)
{
	int i = param_index(r, name);
	return i >= 0 && r->params[i].present ? r->params[i].text : NULL;
}

int64_t req_int(const struct req *r, const char *name, int64_t dflt)
{
	int i = param_index(r, name);
	return i >= 0 && r->params[i].present ? r->params[i].num : dflt;
}

bool req_has(const struct req *r, const char *name)
{
	int i = param_index(r, name);
	return i >= 0 && r->params[i].present;
}

const struct multipart_part *req_file(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nparts; i++) {
		const struct multipart_part *p = &r->parts[i];
		if (p->filename.p && str_eq_c(p->name, name))
			return p;
	}
	return NULL;
}

bool req_wants_json(const struct req *r)
{
	if (r->route && (r->route->flags & RF_API))
		return true;
	if (!r->route && strncmp(r->path, "/api/", 5) == 0)
		return true;
	return r->accept && strstr(r->accept, "application/json") && !strstr(r->accept, "text/html");
}

static void json_release(void *p)
{
	json_decref(p);
}

json_t *req_keep(struct req *r, json_t *v)
{
	if (v && arena_defer(r->arena, json_release, v))
		return NULL;
	return v;
}

void resp_header(struct req *r, const char *name, const char *value)
{
	struct header *h = arena_alloc(r->arena, sizeof *h);
	if (!h)
		return;
	h->name = name;
	h->value = value;
	h->next = r->headers;
	r->headers = h;
}

const char *req_cookie_name(const struct req *r, const char *name)
{
	if (!r->app->cfg.secure_cookies)
		return name;
	if (!strcmp(name, "klang_session"))
		return "__Host-klang_session";
	if (!strcmp(name, "klang_pre"))
		return "__Host-klang_pre";
	if (!strcmp(name, "klang_lang"))
		return "__Host-klang_lang";
	return name;
}

void resp_cookie(struct req *r, const char *name, const char *value, long max_age, bool http_only)
{
	const char *v = arena_printf(r->arena, "%s=%s; Path=/; SameSite=Lax%s%s; Max-Age=%ld",
				     req_cookie_name(r, name), max_age < 0 ? "" : value,
				     http_only ? "; HttpOnly" : "",
				     r->app->cfg.secure_cookies ? "; Secure" : "",
				     max_age < 0 ? 0L : max_age);
	if (v)
		resp_header(r, "Set-Cookie", v);
}

void resp_filename(struct req *r, bool inline_, const char *fallback, const char *utf8_name)
{
	struct buf b;
	buf_init(&b, 4096);
	buf_printf(&b, "%s; filename=\"", inline_ ? "inline" : "attachment");
	for (const char *p = fallback; *p; p++) {
		unsigned char c = (unsigned char)*p;
		buf_putc(&b, c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char)c : '_');
	}
	buf_puts(&b, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)utf8_name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~')
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	if (!buf_err(&b)) {
		char *v = arena_strndup(r->arena, buf_cstr(&b), b.len);
		if (v)
			resp_header(r, "Content-Disposition", v);
	}
	buf_release(&b);
}

unsigned err_http_status(int code)
{
	switch (code) {
	case ERR_OK: return 200;
	case ERR_INVAL: return 400;
	case ERR_UNAUTH: return 401;
	case ERR_FORBIDDEN: return 403;
	case ERR_NOTFOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_TOOBIG: return 413;
	case ERR_THROTTLED: return 429;
	case ERR_NOMEM: return 503;
	default: return 500;
	}
}

/* Messages for errors that carry no detail. */
static void default_message(int code, const char **th, const char **en)
{
	switch (code) {
	case ERR_INVAL:
		*th = "ข้อมูลที่ส่งมาไม่ถูกต้อง";
		*en = "The request is not valid.";
		break;
	case ERR_UNAUTH:
		*th = "กรุณาเข้าสู่ระบบก่อน";
		*en = "Please log in first.";
		break;
	case ERR_FORBIDDEN:
		*th = "คุณไม่มีสิทธิ์เข้าถึงหน้านี้";
		*en = "You do not have permission to do this.";
		break;
	case ERR_NOTFOUND:
		*th = "ไม่พบหน้าหรือข้อมูลที่ต้องการ";
		*en = "Not found.";
		break;
	case ERR_CONFLICT:
		*th = "ข้อมูลขัดแย้งกับที่มีอยู่แล้ว";
		*en = "This conflicts with existing data.";
		break;
	case ERR_TOOBIG:
		*th = "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด";
		*en = "The request is too large.";
		break;
	case ERR_THROTTLED:
		*th = "มีการร้องขอมากเกินไป กรุณารอสักครู่แล้วลองใหม่";
		*en = "Too many requests. Please wait and try again.";
		break;
	default:
		*th = "ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้ง หากยังพบปัญหาโปรดแจ้งผู้ดูแลระบบ";
		*en = "Something went wrong on our side. Please try again; if it persists, tell the administrator.";
	}
}

static int dump_to_buf(const char *p, size_t n, void *data)
{
	struct buf *b = data;
	buf_append(b, p, n);
	return buf_err(b) ? -1 : 0;
}

int resp_json(struct req *r, unsigned status, json_t *v)
{
	if (!v)
		return ERR_NOMEM;
	buf_reset(&r->out);
	int rc = json_dump_callback(v, dump_to_buf, &r->out, JSON_COMPACT);
	json_decref(v);
	if (rc)
		return buf_err(&r->out) ? buf_err(&r->out) : ERR_NOMEM;
	r->status = status;
	r->content_type_out = "application/json; charset=utf-8";
	return buf_err(&r->out);
}

int resp_list(struct req *r, json_t *items, int64_t total)
{
	return resp_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

int resp_empty(struct req *r, unsigned status)
{
	r->status = status;
	buf_reset(&r->out);
	r->content_type_out = NULL;
	return 0;
}

int resp_redirect(struct req *r, const char *location)
{
	r->status = 303;
	r->location = location;
	buf_reset(&r->out);
	r->content_type_out = "text/plain; charset=utf-8";
	return 0;
}

/* The base context every page gets under "app". */
static json_t *base_context(struct req *r)
{
	json_t *app = json_object();
	json_object_set_new(app, "lang", json_string(r->lang == TPL_EN ? "en" : "th"));
	json_object_set_new(app, "csrf", json_string(r->csrf));
	json_object_set_new(app, "path", json_string(r->path));
	json_object_set_new(app, "version", json_string(KLANG_VERSION));
	json_object_set_new(app, "asset_version", json_string(r->app->asset_version));
	if (r->actor.account_id) {
		json_t *roles = json_object();
		for (unsigned bit = 1; bit <= ROLE_STAFF; bit <<= 1) {
			if (r->actor.roles & bit)
				json_object_set_new(roles, authz_role_name((enum role)bit), json_true());
		}
		json_object_set_new(app, "user",
				    json_pack("{s:s, s:s, s:o, s:I}", "login", r->actor.login, "name",
					      r->actor.name, "roles", roles, "person_id", (json_int_t)r->actor.person_id));
		/* The header's bell: one indexed count; a failure only hides it. */
		int64_t unread = 0;
		if (notify_unread(req_db(r), &r->actor, &unread) == 0)
			json_object_set_new(app, "unread", json_integer(unread));
		else
			err_clear();
	}
	int64_t org_id = r->actor.org_id;
	json_t *org = NULL;
	if (org_id && org_get(req_db(r), org_id, &org) == 0)
		json_object_set_new(app, "org", org);
	return app;
}

int resp_page(struct req *r, unsigned status, const char *tpl, json_t *ctx)
{
	if (!ctx)
		return ERR_NOMEM;
	req_keep(r, ctx);
	json_object_set_new(ctx, "app", base_context(r));
	struct buf content;
	buf_init(&content, 8 << 20);
	int rc = tpl_render(r->app->tpl, tpl, ctx, r->lang, &content);
	if (!rc) {
		json_object_set_new(ctx, "content", json_stringn_nocheck(content.p ? content.p : "", content.len));
		buf_reset(&r->out);
		rc = tpl_render(r->app->tpl, "layout", ctx, r->lang, &r->out);
	}
	buf_release(&content);
	if (rc) {
		log_error("render: template '%s' failed (%d)", tpl, rc);
		return rc;
	}
	r->status = status;
	r->content_type_out = "text/html; charset=utf-8";
	return 0;
}

/* Appends s percent-encoded for a query component. */
static void url_encode(struct buf *b, struct str s)
{
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~' || c == '/')
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

const char *req_query_escape(struct req *r, const char *s)
{
	struct buf b;
	buf_init(&b, (size_t)1 << 20);
	url_encode(&b, str_c(s ? s : ""));
	char *out = buf_err(&b) ? NULL : arena_strndup(r->arena, buf_cstr(&b), b.len);
	buf_release(&b);
	return out;
}

int resp_error(struct req *r, int code)
{
	const struct err_detail *d = err_last();
	const char *th = NULL, *en = NULL, *field = NULL;
	if (d->code == code && d->msg_th) {
		th = d->msg_th;
		en = d->msg_en;
		field = d->field;
	} else {
		default_message(code, &th, &en);
	}
	unsigned status = err_http_status(code);
	if (status >= 500)
		log_error("request: '%s %s' failed: %s", r->method_name, r->path, err_name(code));
	if (code == ERR_THROTTLED)
		resp_header(r, "Retry-After", "60");
	if (req_wants_json(r)) {
		json_t *e = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", err_name(code),
				      "message_th", th, "message_en", en);
		if (e && field)
			json_object_set_new(json_object_get(e, "error"), "field", json_string(field));
		if (resp_json(r, status, e) == 0)
			return 0;
	} else if (code == ERR_UNAUTH && r->method == HTTP_GET) {
		/* A page that needs a login: go there, then come back to the same
		 * path and query (percent-encoded into one parameter). */
		struct buf back, enc;
		buf_init(&back, 8192);
		buf_init(&enc, 3 * 8192);
		buf_puts(&back, r->path);
		for (size_t i = 0; i < r->nquery; i++) {
			buf_putc(&back, i ? '&' : '?');
			url_encode(&back, r->query[i].key);
			buf_putc(&back, '=');
			url_encode(&back, r->query[i].value);
		}
		url_encode(&enc, (struct str){buf_cstr(&back), back.len});
		char *next = buf_err(&enc) ? NULL : arena_printf(r->arena, "/login?next=%s", buf_cstr(&enc));
		buf_release(&back);
		buf_release(&enc);
		if (next && resp_redirect(r, next) == 0)
			return 0;
	} else {
		json_t *ctx = json_pack("{s:i, s:s, s:s, s:s?}", "status", (int)status, "message_th", th,
					"message_en", en, "field", field);
		if (resp_page(r, status, "error", ctx) == 0)
			return 0;
	}
	/* Last resort: plain text. */
	buf_reset(&r->out);
	buf_printf(&r->out, "%u %s\n", status, th);
	r->status = status;
	r->content_type_out = "text/plain; charset=utf-8";
	return 0;
}

void req_after(struct req *r, int (*fn)(struct db *db, int64_t org_id, int64_t id),
	       int64_t org_id, int64_t id)
{
	if (r->nafter == (int)(sizeof r->after / sizeof r->after[0]))
		return;
	r->after[r->nafter].fn = fn;
	r->after[r->nafter].org_id = org_id;
	r->after[r->nafter].id = id;
	r->nafter++;
}

void req_paging(const struct req *r, int cap, int *page, int *per_page)
{
	*page = (int)req_int(r, "page", 1);
	int64_t n = req_int(r, "per_page", cap);
	*per_page = n > cap ? cap : (int)n;
}
