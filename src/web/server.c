/*
 * server: libmicrohttpd in poll mode with a thread pool, strict limits
 * (connection timeout, total and per-address connections, memory per
 * connection, body size per route), a per-request arena freed in the
 * completion callback, and a worker pool for slow routes: such a request
 * is suspended, run by a worker, then resumed to send its answer, so
 * argon2id hashing never blocks an event thread.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "store/db.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/json_arena.h"
#include "web/multipart.h"
#include "web/page_cache.h"
#include "web/req.h"

#define REQUEST_ARENA_CAP ((size_t)64 << 20)
#define SHUTDOWN_GRACE_S 10

enum phase { PH_NEW, PH_BODY, PH_RUNNING, PH_READY };

struct conn {
	struct req r;
	struct MHD_Connection *mc;
	enum phase phase;
	int early;          /* an error found before the body was read (status) */
	size_t max_body;
	struct timespec t0;
	struct conn *next;  /* worker queue */
	size_t sent;        /* body bytes handed to libmicrohttpd, for the log */
	bool csrf_refused;  /* a 403 from the CSRF check, not from authorisation */
	char ip[48];
};

/* The worker pool: a queue of suspended requests. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct conn *head, *tail;
	bool stop;
	int nthreads;
	pthread_t *threads;
} pool = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static atomic_int in_flight;

static const char csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
	"form-action 'self'; frame-ancestors 'none'";

static long long elapsed_us(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)(t.tv_sec - t0->tv_sec) * 1000000 + (t.tv_nsec - t0->tv_nsec) / 1000;
}

/* Runs the handler (or the error answer) for a request whose body is read. */
static void dispatch(struct conn *c);

static enum MHD_Result send_answer(struct conn *c)
{
	struct req *r = &c->r;
	size_t len = 0;
	char *body = buf_take(&r->out, &len);
	c->sent = len;
	if (!body) {
		/* The answer itself failed (too big or out of memory). */
		static const char msg[] = "503 ระบบขัดข้องชั่วคราว\n";
		body = strdup(msg);
		len = body ? sizeof msg - 1 : 0;
		r->status = 503;
		r->content_type_out = "text/plain; charset=utf-8";
	}
	struct MHD_Response *resp =
		MHD_create_response_from_buffer_with_free_callback(len, body, free);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type",
				r->content_type_out ? r->content_type_out : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	if (r->app->cfg.secure_cookies)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	bool cache_set = false;
	for (struct header *h = r->headers; h; h = h->next) {
		MHD_add_response_header(resp, h->name, h->value);
		if (!strcmp(h->name, "Cache-Control"))
			cache_set = true;
	}
	if (!cache_set)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->location)
		MHD_add_response_header(resp, "Location", r->location);
	enum MHD_Result ret = MHD_queue_response(c->mc, r->status ? r->status : 500, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	struct conn *c = cls;
	struct req *r = &c->r;
	if (r->nquery >= FORM_MAX_FIELDS)
		return MHD_NO;
	if (!r->query) {
		r->query = arena_calloc(r->arena, FORM_MAX_FIELDS, sizeof *r->query);
		if (!r->query)
			return MHD_NO;
	}
	r->query[r->nquery].key = str_c(key);
	r->query[r->nquery].value = str_c(value ? value : "");
	r->nquery++;
	return MHD_YES;
}

/* A form field's value; a field sent more than once (checkboxes) gives its
 * values joined by commas. */
static struct str form_joined(struct req *r, const char *name, bool *present)
{
	struct str first = form_get(r->form, r->nform, name, present);
	if (!*present)
		return first;
	size_t count = 0;
	for (size_t i = 0; i < r->nform; i++)
		count += str_eq_c(r->form[i].key, name);
	if (count < 2)
		return first;
	struct buf b;
	buf_init(&b, (size_t)1 << 20);
	for (size_t i = 0, k = 0; i < r->nform; i++) {
		if (!str_eq_c(r->form[i].key, name))
			continue;
		if (k++)
			buf_putc(&b, ',');
		buf_put_str(&b, r->form[i].value);
	}
	char *joined = buf_err(&b) ? NULL : arena_strndup(r->arena, buf_cstr(&b), b.len);
	buf_release(&b);
	return joined ? (struct str){joined, strlen(joined)} : STR("\x01");
}

/* Looks a declared parameter up in the path, query, form or JSON body. */
static struct str lookup(void *ctx, const struct param_spec *spec, bool *present)
{
	struct req *r = ctx;
	const char *name = spec->name;
	bool list = spec->kind == PK_IDLIST || spec->kind == PK_ENUMLIST;
	*present = false;
	switch (spec->src) {
	case PS_PATH: {
		/* Path parameters are in pattern order. */
		int k = 0;
		for (int i = 0; i < ROUTE_MAX_PARAMS && r->route->params[i].name; i++) {
			if (r->route->params[i].src != PS_PATH)
				continue;
			if (!strcmp(r->route->params[i].name, name) && k < r->npath_args) {
				*present = true;
				return r->path_args[k];
			}
			k++;
		}
		return STR_NULL;
	}
	case PS_QUERY:
		return form_get(r->query, r->nquery, name, present);
	case PS_BODY:
		if (r->json) {
			json_t *v = json_object_get(r->json, name);
			if (!v)
				return STR_NULL;
			*present = true;
			if (json_is_string(v))
				return (struct str){json_string_value(v), json_string_length(v)};
			if (json_is_integer(v)) {
				char *s = arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
				return str_c(s ? s : "");
			}
			if (json_is_boolean(v))
				return json_is_true(v) ? STR("1") : STR("0");
			if (json_is_null(v))
				return STR("");
			if (json_is_array(v) && list) {
				/* A list of ids or of names, joined by commas. */
				char *joined = arena_strdup(r->arena, "");
				size_t i;
				json_t *e;
				json_array_foreach(v, i, e) {
					bool names = spec->kind == PK_ENUMLIST;
					if (!joined || (names ? !json_is_string(e) || strchr(json_string_value(e), ',')
							     : !json_is_integer(e)))
						return STR("\x01");
					joined = names ? arena_printf(r->arena, "%s%s%s", joined, i ? "," : "",
								     json_string_value(e))
						      : arena_printf(r->arena, "%s%s%lld", joined, i ? "," : "",
								     (long long)json_integer_value(e));
				}
				return str_c(joined ? joined : "\x01");
			}
			/* Arrays and objects are not scalar parameters: invalid. */
			return STR("\x01");
		}
		return list ? form_joined(r, name, present) : form_get(r->form, r->nform, name, present);
	}
	return STR_NULL;
}

static bool has_prefix_ci(const char *s, const char *prefix)
{
	return s && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Parses the body as the route expects; ERR_INVAL / ERR_TOOBIG on bad input. */
static int parse_body(struct req *r)
{
	if (r->body.len == 0)
		return 0;
	if (!utf8_valid_text(r->body.p, r->body.len) && !has_prefix_ci(r->content_type, "multipart/"))
		return err_fail(ERR_INVAL, NULL, "ข้อมูลที่ส่งมาไม่ใช่ UTF-8 ที่ถูกต้อง",
				"The request body is not valid UTF-8.");
	if (has_prefix_ci(r->content_type, "application/json")) {
		json_error_t e;
		r->json = json_loadb(r->body.p, r->body.len, JSON_REJECT_DUPLICATES, &e);
		if (!r->json || !json_is_object(r->json)) {
			json_decref(r->json);
			r->json = NULL;
			return err_fail(ERR_INVAL, NULL, "ข้อมูล JSON ไม่ถูกต้อง (ต้องเป็นออบเจกต์)",
					"The body is not a valid JSON object.");
		}
		req_keep(r, r->json);
		return 0;
	}
	if (has_prefix_ci(r->content_type, "multipart/form-data") && r->route &&
	    (r->route->flags & RF_UPLOAD)) {
		struct multipart_limits lim = MULTIPART_LIMITS_DEFAULT;
		int rc = multipart_parse(r->arena, r->content_type, r->body.p, r->body.len, &lim, &r->parts,
					 &r->nparts);
		if (rc)
			return rc; /* the parser recorded what is wrong */
		/* Fields that are not files become form fields (validated as such). */
		r->form = arena_calloc(r->arena, r->nparts ? r->nparts : 1, sizeof *r->form);
		if (!r->form)
			return ERR_NOMEM;
		for (size_t i = 0; i < r->nparts; i++) {
			if (r->parts[i].filename.p)
				continue;
			r->form[r->nform].key = r->parts[i].name;
			r->form[r->nform].value = r->parts[i].data;
			r->nform++;
		}
		return 0;
	}
	if (has_prefix_ci(r->content_type, "application/x-www-form-urlencoded")) {
		int rc = form_parse(r->arena, r->body.p, r->body.len, FORM_MAX_FIELDS, &r->form,
				    &r->nform);
		if (rc == ERR_TOOBIG)
			return err_fail(rc, NULL, "แบบฟอร์มมีช่องมากเกินไป", "The form has too many fields.");
		if (rc)
			return err_fail(ERR_INVAL, NULL, "ข้อมูลแบบฟอร์มไม่ถูกต้อง",
					"The form data is malformed.");
		return 0;
	}
	return err_fail(ERR_INVAL, NULL, "ไม่รองรับรูปแบบข้อมูลที่ส่งมา",
			"Unsupported content type.");
}

static void run_handler(struct conn *c)
{
	struct req *r = &c->r;
	int rc;
	/* A page is read from one snapshot: consistent, and locked once. */
	bool snapshot = (r->method == HTTP_GET || r->method == HTTP_HEAD) &&
			!(r->route->flags & RF_NO_SNAPSHOT);
	if (snapshot && (rc = db_begin_read(req_db(r)))) {
		resp_error(r, rc);
		return;
	}
	rc = r->route->handler(r);
	if (snapshot)
		db_rollback(r->db);
	for (int i = 0; i < r->nafter; i++) {
		if (r->after[i].fn(req_db(r), r->after[i].org_id, r->after[i].id))
			log_warn("request: a counter update after '%s' failed", r->path);
	}
	if (rc)
		resp_error(r, rc);
}

static void *worker_main(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&pool.mu);
		while (!pool.head && !pool.stop)
			pthread_cond_wait(&pool.cv, &pool.mu);
		struct conn *c = pool.head;
		if (!c) {
			pthread_mutex_unlock(&pool.mu);
			return NULL;
		}
		pool.head = c->next;
		if (!pool.head)
			pool.tail = NULL;
		pthread_mutex_unlock(&pool.mu);
		err_clear();
		json_arena_set(c->r.arena);
		run_handler(c);
		json_arena_set(NULL);
		c->phase = PH_READY;
		MHD_resume_connection(c->mc);
	}
}

static void enqueue(struct conn *c)
{
	pthread_mutex_lock(&pool.mu);
	c->next = NULL;
	if (pool.tail)
		pool.tail->next = c;
	else
		pool.head = c;
	pool.tail = c;
	pthread_cond_signal(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
}

static void dispatch(struct conn *c)
{
	struct req *r = &c->r;
	int rc;
	if (c->early == 404) {
		/* Known as the public or as the user, for the page's header. */
		if (auth_request(r))
			err_clear();
		rc = ERR_NOTFOUND;
		goto fail;
	}
	if (c->early) {
		rc = ERR_TOOBIG;
		err_fail(ERR_TOOBIG, NULL, "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด",
			 "The request body is too large.");
		goto fail;
	}
	rc = MHD_get_connection_values(c->mc, MHD_GET_ARGUMENT_KIND, collect_kv, c) < 0 ? ERR_INVAL : 0;
	for (size_t i = 0; !rc && i < r->nquery; i++) {
		if (!utf8_valid_text(r->query[i].value.p, r->query[i].value.len) ||
		    !utf8_valid_text(r->query[i].key.p, r->query[i].key.len))
			rc = err_fail(ERR_INVAL, NULL, "ข้อความในที่อยู่ (URL) ไม่ใช่ UTF-8 ที่ถูกต้อง",
				      "The query string is not valid UTF-8.");
	}
	if (rc)
		goto fail;
	/* A public page for a visitor without a login may come from the cache. */
	bool cacheable = (r->method == HTTP_GET || r->method == HTTP_HEAD) &&
			 (r->route->flags & RF_PUBLIC_CACHE) && r->nquery == 0 &&
			 !(r->cookie_session && r->cookie_session[0]) && !r->authorization;
	const char *ctype = NULL;
	if (cacheable && page_cache_get(r->path, (int)r->lang, &r->out, &ctype)) {
		r->status = 200;
		r->content_type_out = ctype;
		c->phase = PH_READY;
		return;
	}
	uint64_t generation = db_generation();
	if ((rc = parse_body(r)))
		goto fail;
	if (!r->csrf_sent) {
		bool present = false;
		struct str v = form_get(r->form, r->nform, "_csrf", &present);
		if (present)
			r->csrf_sent = arena_str(r->arena, v);
	}
	if ((rc = auth_request(r)) || (rc = auth_check_route(r)))
		goto fail;
	if ((rc = auth_check_csrf(r))) {
		c->csrf_refused = true;
		goto fail;
	}
	const char *msg_th = NULL, *msg_en = NULL, *field = NULL;
	rc = route_params_validate(r->route, lookup, r, r->arena, r->params, &msg_th, &msg_en, &field);
	if (rc) {
		err_fail(rc, field, msg_th, msg_en);
		goto fail;
	}
	if (r->route->flags & RF_SLOW) {
		c->phase = PH_RUNNING;
		MHD_suspend_connection(c->mc);
		enqueue(c);
		return;
	}
	run_handler(c);
	c->phase = PH_READY;
	if (cacheable && r->status == 200 && !r->actor.account_id && !r->headers)
		page_cache_put(r->path, (int)r->lang, generation, r->content_type_out, r->out.p,
			       r->out.len);
	return;
fail:
	resp_error(r, rc);
	c->phase = PH_READY;
}

#define DENIED_DETAIL_MAX 300 /* bytes of "METHOD /path" kept */

/* A request answered 403 (the route's role check, or ERR_FORBIDDEN from the
 * domain) is a failed authorisation and goes into the audit trail, once,
 * here: after the handler, whether it ran inline or on a worker, and after
 * its read snapshot, in a write of its own. A refused CSRF token is not
 * (it tells where a request came from, not what its actor may do), nor is
 * 401 (the public is asked to log in first). */
static void audit_denied(struct conn *c)
{
	struct req *r = &c->r;
	if (r->status != 403 || c->csrf_refused || !r->route)
		return;
	struct db *db = req_db(r);
	if (!db) {
		log_error("audit: no database connection to record a refusal of '%s'", r->path);
		return;
	}
	while (db_in_tx(db))
		db_rollback(db); /* what the handler left open is never committed */
	char detail[DENIED_DETAIL_MAX + 4];
	int n = snprintf(detail, sizeof detail, "%s %s", r->method_name, r->path);
	if (n > DENIED_DETAIL_MAX) {
		size_t cut = utf8_cut(detail, strlen(detail), DENIED_DETAIL_MAX - 3);
		memcpy(detail + cut, "…", sizeof "…");
	}
	if (audit_log(db, &r->actor, "authz.denied", "route", 0, detail))
		log_error("audit: recording a refusal of '%s' failed", r->path);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *mc, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	struct app *app = cls;
	struct conn *c = *con_cls;
	if (!c) {
		c = calloc(1, sizeof *c);
		if (!c)
			return MHD_NO;
		*con_cls = c;
		atomic_fetch_add(&in_flight, 1);
		clock_gettime(CLOCK_MONOTONIC, &c->t0);
		c->mc = mc;
		struct req *r = &c->r;
		r->app = app;
		r->arena = arena_new(REQUEST_ARENA_CAP);
		if (!r->arena)
			return MHD_NO;
		json_arena_set(r->arena);
		err_clear();
		r->method_name = arena_strdup(r->arena, method);
		r->method = route_method(method);
		r->path = arena_strdup(r->arena, url);
		buf_init(&r->out, (size_t)64 << 20);
		c->max_body = (size_t)app->cfg.max_body_kib << 10;
		buf_init(&r->body, c->max_body);
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			if (ci->client_addr->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr,
					  c->ip, sizeof c->ip);
			else if (ci->client_addr->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
					  c->ip, sizeof c->ip);
		}
		r->client_ip = c->ip;
		r->content_type = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Content-Type");
		r->accept = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Accept");
		r->authorization = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Authorization");
		r->csrf_sent = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "X-CSRF-Token");
		r->cookie_session = MHD_lookup_connection_value(mc, MHD_COOKIE_KIND,
								req_cookie_name(r, "klang_session"));
		r->cookie_pre = MHD_lookup_connection_value(mc, MHD_COOKIE_KIND,
							    req_cookie_name(r, "klang_pre"));
		r->cookie_lang = MHD_lookup_connection_value(mc, MHD_COOKIE_KIND,
							     req_cookie_name(r, "klang_lang"));
		r->lang = r->cookie_lang && !strcmp(r->cookie_lang, "en") ? TPL_EN : TPL_TH;
		if (!r->method_name || !r->path) {
			c->early = 500;
		} else if (!utf8_valid_text(r->path, strlen(r->path))) {
			c->early = 400;
		} else {
			bool path_matched = false;
			unsigned allowed = 0;
			r->route = route_find(web_routes, r->method, str_c(r->path), r->path_args,
					      &r->npath_args, &path_matched, &allowed);
			if (!r->route)
				c->early = path_matched ? 405 : 404;
			else if (r->route->flags & RF_UPLOAD)
				c->max_body = (size_t)app->cfg.max_upload_mib << 20;
			else if (r->route->max_body)
				c->max_body = r->route->max_body;
			if (c->early == 405) {
				static const char *names[] = {"GET", "POST", "PUT", "DELETE", "HEAD"};
				char *allow = arena_strdup(r->arena, "");
				for (unsigned i = 0; allow && i < 5; i++) {
					if (allowed & (1u << i))
						allow = arena_printf(r->arena, "%s%s%s", allow,
								     allow[0] ? ", " : "", names[i]);
				}
				if (allow)
					resp_header(r, "Allow", allow);
			}
		}
		r->body.max = c->max_body;
		const char *cl = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Content-Length");
		int64_t n;
		if (!c->early && cl && (!str_to_i64(str_c(cl), 0, INT64_MAX, &n) || (uint64_t)n > c->max_body))
			c->early = 413;
		c->phase = PH_BODY;
		if (c->early && c->early != 404)
			goto early;
		return MHD_YES;
	}
	if (c->phase == PH_BODY && *upload_data_size) {
		if (!c->early) {
			buf_append(&c->r.body, upload_data, *upload_data_size);
			if (buf_err(&c->r.body))
				c->early = 413;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (c->phase == PH_BODY) {
		dispatch(c);
		if (c->phase == PH_RUNNING)
			return MHD_YES;
	}
	if (c->phase == PH_RUNNING)
		return MHD_YES; /* not yet: the worker resumes us */
	audit_denied(c);
	return send_answer(c);
early: {
	struct req *r = &c->r;
	int code = c->early == 413 ? ERR_TOOBIG : c->early == 400 ? ERR_INVAL : ERR_DB;
	if (c->early == 405) {
		err_fail(ERR_INVAL, NULL, "ไม่รองรับวิธีการร้องขอนี้สำหรับหน้านี้",
			 "This method is not allowed here.");
		resp_error(r, ERR_INVAL);
		r->status = 405;
	} else if (c->early == 400) {
		err_fail(ERR_INVAL, NULL, "ที่อยู่ (URL) ไม่ใช่ UTF-8 ที่ถูกต้อง", "The path is not valid UTF-8.");
		resp_error(r, code);
	} else if (c->early == 413) {
		err_fail(ERR_TOOBIG, NULL, "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด", "The request body is too large.");
		resp_error(r, code);
	} else {
		resp_error(r, code);
	}
	c->phase = PH_READY;
	return send_answer(c);
}
}

/* libmicrohttpd's callback: JSON values made while handling come from the
 * request's arena (the event thread serves many connections in turn, so the
 * arena is set for each call and cleared after it). */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct conn *c = *con_cls;
	json_arena_set(c ? c->r.arena : NULL);
	enum MHD_Result ret = handle(cls, mc, url, method, version, upload_data, upload_data_size,
				     con_cls);
	json_arena_set(NULL);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)mc;
	(void)toe;
	struct conn *c = *con_cls;
	if (!c)
		return;
	struct req *r = &c->r;
	log_request(r->method_name ? r->method_name : "?", r->path ? r->path : "?", r->status,
		    c->sent, elapsed_us(&c->t0));
	if (r->db)
		db_pool_release(r->app->pool, r->db);
	buf_release(&r->out);
	buf_release(&r->body);
	arena_free(r->arena);
	free(c);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

__attribute__((format(printf, 2, 0))) static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = 0;
	log_warn("http: %s", line);
}

int server_run(struct app *app)
{
	const struct config *cfg = &app->cfg;
	int threads = cfg->threads > 0 ? cfg->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port)};
	if (inet_pton(AF_INET, cfg->bind, &addr.sin_addr) != 1) {
		log_error("server: bad bind address '%s'", cfg->bind);
		return ERR_INVAL;
	}
	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	pool.stop = false;
	pool.nthreads = cfg->workers;
	pool.threads = calloc((size_t)pool.nthreads, sizeof *pool.threads);
	if (!pool.threads)
		return ERR_NOMEM;
	for (int i = 0; i < pool.nthreads; i++)
		pthread_create(&pool.threads[i], NULL, worker_main, NULL);

	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_POLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
		(uint16_t)cfg->port, NULL, NULL, on_request, app,
		MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->conn_timeout,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->conn_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_ip_limit,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->conn_memory_kib << 10,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	int rc = 0;
	if (!d) {
		log_error("server: cannot listen on %s:%d", cfg->bind, cfg->port);
		rc = ERR_IO;
	} else {
		log_info("server: listening on http://%s:%d/ (%d threads, %d workers)", cfg->bind,
			 cfg->port, threads, pool.nthreads);
		int sig = 0;
		sigwait(&stop, &sig);
		log_info("server: signal %d: stopping; finishing requests in flight", sig);
		/* No new connections: the event threads stop polling the listening
		 * socket (woken through their inter-thread channels), and shutting
		 * it down makes the kernel refuse new connections at once. It is
		 * closed only after MHD_stop_daemon: an event thread may still hold
		 * it until then. (poll, not epoll: libmicrohttpd 0.9.75's epoll
		 * loop races MHD_quiesce_daemon over removing the socket from its
		 * epoll set and aborts the process when it loses.) */
		MHD_socket ls = MHD_quiesce_daemon(d);
		if (ls != MHD_INVALID_SOCKET)
			shutdown(ls, SHUT_RDWR);
		for (int i = 0; i < SHUTDOWN_GRACE_S * 10 && atomic_load(&in_flight) > 0; i++)
			usleep(100 * 1000);
		MHD_stop_daemon(d);
		if (ls != MHD_INVALID_SOCKET)
			close(ls);
	}
	pthread_mutex_lock(&pool.mu);
	pool.stop = true;
	pthread_cond_broadcast(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
	for (int i = 0; i < pool.nthreads; i++)
		pthread_join(pool.threads[i], NULL);
	free(pool.threads);
	pool.threads = NULL;
	log_info("server: stopped");
	return rc;
}
