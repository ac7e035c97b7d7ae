/*
 * req: one HTTP request as handlers see it, and the helpers they answer
 * with. Nothing here knows libmicrohttpd: server.c fills a req from the
 * connection and sends what the handler put into it.
 *
 * Memory: everything a handler allocates comes from r->arena and lives until
 * the request completes. JSON values handed to resp_* are owned by the
 * request (released with the arena).
 */
#ifndef KLANG_WEB_REQ_H
#define KLANG_WEB_REQ_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/str.h"
#include "km/authz.h"
#include "km/secret.h"
#include "web/app.h"
#include "web/route.h"
#include "web/tpl.h"

struct arena;
struct db;

struct kv {
	struct str key;
	struct str value;
};

struct header {
	const char *name;
	const char *value;
	struct header *next;
};

struct req {
	struct app *app;
	struct arena *arena;
	unsigned method;          /* enum http_method */
	const char *method_name;
	const char *path;         /* decoded path, NUL-terminated */
	const struct route *route;
	struct str path_args[ROUTE_MAX_PATH_ARGS];
	int npath_args;

	/* Inputs, parsed by the framework before validation. */
	struct kv *query;
	size_t nquery;
	struct kv *form;
	size_t nform;
	json_t *json;             /* a JSON body, or NULL */
	struct multipart_part *parts; /* a multipart body's parts (RF_UPLOAD routes) */
	size_t nparts;
	struct buf body;
	const char *content_type;
	const char *accept;
	const char *origin;
	const char *authorization;
	const char *cookie_session;
	const char *cookie_pre;   /* the anonymous CSRF cookie */
	const char *cookie_lang;
	const char *csrf_sent;    /* X-CSRF-Token header or _csrf field */
	const char *client_ip;
	struct param_value params[ROUTE_MAX_PARAMS];

	/* Who is asking. */
	struct actor actor;
	bool via_session;
	bool via_token;
	char csrf[SECRET_TOKEN_LEN + 1]; /* the token forms must carry */
	char session_token[SECRET_TOKEN_LEN + 1];
	enum tpl_lang lang;

	/* The answer. */
	unsigned status;
	const char *content_type_out;
	struct buf out;
	struct header *headers;
	const char *location;

	struct db *db;            /* acquired on first use, released at completion */

	/* Small writes a GET handler asks for (view counts), run after the
	 * handler's read snapshot ends. */
	struct {
		int (*fn)(struct db *db, int64_t org_id, int64_t id);
		int64_t org_id, id;
	} after[4];
	int nafter;
};

/* Runs fn(db, org_id, id) after the handler, outside its read snapshot.
 * Failures are logged, not shown: they are counters, not the answer. */
void req_after(struct req *r, int (*fn)(struct db *db, int64_t org_id, int64_t id),
	       int64_t org_id, int64_t id);

/* The database connection of this request (from the pool, on first use). */
struct db *req_db(struct req *r);

/* Validated parameters by name (as declared in the route). */
const char *req_str(const struct req *r, const char *name);   /* NULL if absent */
int64_t req_int(const struct req *r, const char *name, int64_t dflt);
bool req_has(const struct req *r, const char *name);

/* The uploaded file in field `name` (a part with a file name), or NULL. */
struct multipart_part;
const struct multipart_part *req_file(const struct req *r, const char *name);

/* True for API routes and for clients that asked for JSON. */
bool req_wants_json(const struct req *r);

void resp_header(struct req *r, const char *name, const char *value);

/* Sets a cookie with the house attributes (Path=/, HttpOnly, SameSite=Lax,
 * Secure and the __Host- prefix behind TLS). max_age < 0 deletes it. */
void resp_cookie(struct req *r, const char *name, const char *value, long max_age, bool http_only);
/* The cookie's name as sent on the wire (with the __Host- prefix behind TLS). */
const char *req_cookie_name(const struct req *r, const char *name);

/* Answers with a page: `tpl` rendered with `ctx` (taken: the request owns
 * it), inside the layout. The base context (user, language, CSRF token,
 * organisation) is added under "app". */
int resp_page(struct req *r, unsigned status, const char *tpl, json_t *ctx) WUR;

/* Answers with JSON (taken). */
int resp_json(struct req *r, unsigned status, json_t *v) WUR;

/* Answers with a status and no body (204 No Content). */
int resp_empty(struct req *r, unsigned status) WUR;

/* `s` percent-encoded for a URL's query component (RFC 3986 unreserved
 * characters and '/' stay as they are), in the request's arena; NULL when
 * out of memory. */
const char *req_query_escape(struct req *r, const char *s);

/* 303 See Other to a local path. */
int resp_redirect(struct req *r, const char *location) WUR;

/* Answers with the error page or the JSON error for `code`, using the
 * thread's error detail when it has one. */
int resp_error(struct req *r, int code);

/* Answers a list as {"items":[…],"total":N} (items taken). */
int resp_list(struct req *r, json_t *items, int64_t total) WUR;

/* Sets Content-Disposition (RFC 6266): `inline` or `attachment`, an ASCII
 * fallback name and the UTF-8 name percent-encoded in filename*. */
void resp_filename(struct req *r, bool inline_, const char *fallback, const char *utf8_name);

/* The HTTP status for an error code: the one mapping for the whole program. */
unsigned err_http_status(int code);

/* Ties a JSON value to the request's lifetime and returns it. */
json_t *req_keep(struct req *r, json_t *v);

/* The page number and page size from ?page=&per_page= (capped at `cap`). */
void req_paging(const struct req *r, int cap, int *page, int *per_page);

#endif
