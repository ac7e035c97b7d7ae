/*
 * route: the route table's types, matching of a method and path against
 * it, and validation of the parameters each route declares. Parameters a
 * route does not declare never reach its handler. No libmicrohttpd here:
 * this is plain data and functions, tested on its own.
 */
#ifndef KLANG_WEB_ROUTE_H
#define KLANG_WEB_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct req;

enum http_method {
	HTTP_GET = 1,
	HTTP_POST = 2,
	HTTP_PUT = 4,
	HTTP_DELETE = 8,
	HTTP_HEAD = 16,
};

enum route_flag {
	RF_AUTH = 1,  /* an account is needed; the public gets the login page (or 401) */
	RF_API = 2,   /* JSON API: errors as JSON, bearer tokens accepted */
	RF_SLOW = 4,  /* runs on the worker pool, never on an event thread */
	RF_PUBLIC_CACHE = 8, /* the answer to visitors without a login may be reused briefly (page_cache) */
	RF_UPLOAD = 16, /* takes multipart/form-data up to max_upload_mib; files via req_file */
	RF_NO_SNAPSHOT = 32, /* a GET that also writes (search logs the queries that found
			      * nothing): its reads are not wrapped in one read snapshot */
};

enum param_src { PS_PATH, PS_QUERY, PS_BODY };

enum param_kind {
	PK_ID,       /* a positive integer id */
	PK_INT,      /* an integer in [min, max] */
	PK_LINE,     /* one line of text, at most max characters (trimmed) */
	PK_TEXT,     /* text with line breaks, at most max characters */
	PK_ENUM,     /* one of choices */
	PK_BOOL,     /* 1/0, true/false, on (checkbox) */
	PK_DATE,     /* YYYY-MM-DD */
	PK_SECRET,   /* a password: kept as sent, at most max bytes */
	PK_IDLIST,   /* comma-separated positive ids, at most max of them (a form's
		      * repeated field or a JSON array arrives joined by commas) */
	PK_ENUMLIST, /* comma-separated choices, at most max of them (joined alike) */
};

struct param_spec {
	const char *name;
	enum param_src src;
	enum param_kind kind;
	bool required;
	int64_t min, max;           /* PK_INT range; characters for text kinds */
	const char *const *choices; /* PK_ENUM, NULL-terminated */
	const char *label_th;       /* the field's name in Thai, for messages */
};

#define ROUTE_MAX_PARAMS 16
#define ROUTE_MAX_PATH_ARGS 4

struct route {
	unsigned methods;  /* enum http_method bits */
	const char *pattern; /* "/api/v1/units/{id}"; {name} matches one segment */
	int (*handler)(struct req *r);
	unsigned flags;    /* enum route_flag bits */
	unsigned roles;    /* enum role bits of which one is needed; 0: any account */
	size_t max_body;   /* bytes; 0: the configured default */
	struct param_spec params[ROUTE_MAX_PARAMS];
};

/* The route table (routes.c), terminated by an entry with a NULL pattern. */
extern const struct route web_routes[];

/* Parses a method name; 0 if unsupported. */
unsigned route_method(const char *name);

/* Finds the route for `path`. On a match of the path but not the method,
 * returns NULL and sets *path_matched (for 405 and its Allow header:
 * *allowed gets the methods that would match). Path arguments ({id}) go to
 * args/nargs as slices of `path`. */
const struct route *route_find(const struct route *table, unsigned method, struct str path,
			       struct str args[ROUTE_MAX_PATH_ARGS], int *nargs,
			       bool *path_matched, unsigned *allowed);

/* Checks a route table: patterns well-formed and unique per method, every
 * path argument declared as a PS_PATH parameter and vice versa, handlers
 * set, sizes sane. Writes a reason to `why` on failure. Used at start-up
 * and by the unit tests. */
int route_table_check(const struct route *table, const char **why) WUR;

/* A source of raw values for validation: returns the value of the declared
 * parameter `spec` (or sets *present = false). Implemented by server.c over
 * the path, the query, the form or the JSON body; only PK_IDLIST accepts a
 * list (a repeated form field or a JSON array). */
typedef struct str (*param_lookup_fn)(void *ctx, const struct param_spec *spec, bool *present);

/* A validated value. `text` is NUL-terminated (arena memory), `num` is set
 * for numeric kinds and booleans. */
struct param_value {
	bool present;
	const char *text;
	int64_t num;
};

/* Validates every declared parameter of `r` into out[] (same order as
 * r->params). On failure returns ERR_INVAL (ERR_TOOBIG for length) with the
 * error detail naming the field; `label_buf` receives a Thai and English
 * message (they are built per request, so they live in the arena `a`). */
struct arena;
int route_params_validate(const struct route *r, param_lookup_fn lookup, void *ctx,
			  struct arena *a, struct param_value out[ROUTE_MAX_PARAMS],
			  const char **msg_th, const char **msg_en, const char **field) WUR;

#endif
