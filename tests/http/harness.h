/*
 * harness: the real klang binary under test, and a small HTTP client.
 *
 * A server is a fresh temporary directory holding a data directory made
 * with `klang init --demo` (whose one-time passwords are kept), a free port
 * on 127.0.0.1 and a `klang serve` child process that answers
 * GET /api/v1/health. A client is a libcurl easy handle with its own cookie
 * engine, so every role keeps its own session and nothing leaks between
 * them. Each request keeps the answer's status, raw headers and body until
 * the next request on the same client.
 *
 * What the test programs share besides: a bearer token per demo role, kept
 * per server, and clients that use one or a role's session; h_publish,
 * which takes a draft to publication through the real review and approval
 * workflow (nothing publishes directly); multipart bodies; unit ids by
 * code; and checks of JSON answers, API errors and pages.
 *
 * Lifetimes: objects made inside a test (between h_test_begin and
 * h_test_end) belong to that test and are released by h_test_end even when
 * an assertion jumps out of the test; objects made outside a test live
 * until they are freed or the process ends (an atexit handler stops every
 * server still running and removes its directory).
 */
#ifndef KLANG_TESTS_HTTP_HARNESS_H
#define KLANG_TESTS_HTTP_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <curl/curl.h>
#include <jansson.h>

/* The roles of the test matrix: the public (no account) and the five demo
 * logins, in rising order of rank. */
enum h_role { H_PUBLIC, H_STAFF, H_UNITHEAD, H_EXECUTIVE, H_COMMITTEE, H_ADMIN, H_NROLES };

/* The demo login of a role; NULL for the public. */
const char *h_role_login(enum h_role r);
/* A three-letter name for compact output ("pub", "sta", …). */
const char *h_role_short(enum h_role r);

#define H_SECRET_MAX 64

struct h_server {
	char root[256]; /* temporary directory: data/ and klang.log */
	char data[300]; /* the data directory given to --data */
	char log[300];  /* the server's and the CLI's standard error */
	char base[64];  /* "http://127.0.0.1:PORT" */
	int port;
	pid_t pid;                              /* the `serve` process; 0 once stopped */
	bool test_owned;                        /* released by h_test_end */
	char passwords[H_NROLES][H_SECRET_MAX]; /* one-time demo passwords */
	char tokens[H_NROLES][H_SECRET_MAX];    /* h_role_token's, made on first use */
};

/* A growable byte buffer, always NUL-terminated once anything was added. */
struct h_buf {
	char *p;
	size_t len, cap;
};

void h_buf_add(struct h_buf *b, const void *p, size_t n);
void h_buf_reset(struct h_buf *b);
void h_buf_release(struct h_buf *b);

/* Global set-up, once per process: the binary to run (argv[1]), the
 * settings every child shares (environment KLANG_*: fast argon2id, quiet
 * logs, default limits), libcurl, the clean-up at exit, and cmocka's test
 * filter from KLANG_HTTP_FILTER (name* runs only the matching tests). */
void h_init(const char *klang_path);
const char *h_klang(void);

/* Marks the start and end of a test: everything made in between that is
 * still open at the end is released (clients freed, servers killed). */
void h_test_begin(void);
void h_test_end(void);
/* The two as cmocka's per-test setup and teardown. */
int h_test_setup(void **state);
int h_test_teardown(void **state);

/* Starts a server: new temporary directory, `init --demo`, `serve` with the
 * extra settings (NULL-terminated list of "--key=value"; NULL for none),
 * then waits up to 10 s for /api/v1/health to answer 200. NULL on failure,
 * with the reason and the server log printed. */
struct h_server *h_server_start(const char *const *settings);

/* Sends signal `sig` to the server process (it keeps running until
 * h_server_stop collects it). */
void h_server_signal(const struct h_server *s, int sig);

/* Sends SIGTERM, waits for the process and removes the directory. Returns
 * the exit status (0 for a graceful stop), 128 + signal if it was killed,
 * or -1 if it had to be killed after 20 s. Frees `s`. */
int h_server_stop(struct h_server *s);

/* Runs `klang --data DIR ARGS…` (NULL-terminated), feeding `input` (may be
 * NULL) on standard input and collecting standard output into `out` (may be
 * NULL). Returns the exit status, or -1 if it could not run. */
int h_cli(const struct h_server *s, struct h_buf *out, const char *input, ...)
	__attribute__((sentinel));

/* `token create LOGIN`: copies the token (the last line of the output)
 * into out. Returns 0 on success. */
int h_token_create(const struct h_server *s, const char *login, char *out, size_t cap);

/* A bearer token of demo role r (not the public) on s: made with
 * h_token_create the first time and kept in s->tokens. NULL, with a
 * message, if it cannot be made. */
const char *h_role_token(struct h_server *s, enum h_role r);

/* Takes document `id` to publication through the real workflow over the
 * API, as the demo's roles with their bearer tokens, from whatever state
 * its current revision is in (draft, submitted, reviewed or approved):
 * the unit head submits, the committee reviews, the executive approves and
 * the unit head publishes (the committee when the kind's publishers lack
 * unit_head). Steps the kind has no role for (review, approval: read from
 * GET /api/v1/workflow/rules) are skipped. So it suits documents of the
 * unit head's division (HEALTH) that the committee and the executive did
 * not write. Returns 200 when the document is published, else the status
 * of the step that failed (0 if no answer came), with the step, the role
 * and the answer printed. */
long h_publish(struct h_server *s, long long id);

/* The main of a test program whose tests share one server with the demo
 * organisation: checks that argv[1] names the binary, initialises the
 * harness, starts the server into *srv before the first test, stops it
 * after the last (a stop that is not graceful fails the group), and runs
 * `tests` as the group `name`. */
struct CMUnitTest;
int h_main(int argc, char **argv, const char *name, const struct CMUnitTest *tests, size_t n,
	   struct h_server **srv);

/* A client that speaks for role r with its bearer token (a test's). */
struct h_client *h_role_client(struct h_server *s, enum h_role r);
/* The id of the person behind role r's account (GET /api/v1/me). */
long long h_role_person(struct h_server *s, enum h_role r);

struct h_client {
	CURL *curl;
	const struct h_server *srv; /* for its passwords; may be stopped */
	char base[64];              /* the server's address, kept */
	long status;                /* of the last answer; 0 if the request failed */
	struct h_buf body;          /* of the last answer */
	struct h_buf headers;       /* raw header block of the last answer */
	struct h_buf scratch;       /* h_form output */
	char method[8], path[512];  /* of the last request, for messages */
	char csrf[H_SECRET_MAX];    /* the last token h_csrf_from_body found */
	char bearer[H_SECRET_MAX];  /* sent as Authorization: Bearer when set */
	char err[CURL_ERROR_SIZE];
	bool test_owned;
	struct h_client *next; /* registry */
};

/* A client of `s` with an empty cookie jar. */
struct h_client *h_client_new(const struct h_server *s);
void h_client_free(struct h_client *c);
/* A client of `s` that sends `token` as its bearer token (no session). */
struct h_client *h_client_bearer(const struct h_server *s, const char *token);
/* A client of `s` logged in as demo role r through the form, holding its
 * session's CSRF token (h_login_role); fails the running test, saying why,
 * if the login fails. */
struct h_client *h_client_session(const struct h_server *s, enum h_role r);

/* Sends every following request from the local address `ip` (for example
 * "127.0.0.2"), so the server sees another client address. */
void h_client_source(struct h_client *c, const char *ip);

/* One request. `path` starts with '/'. `ctype` is the body's content type
 * (NULL: none sent). `headers` is a NULL-terminated list of extra header
 * lines, or NULL. Returns the status (0 if the transfer failed: c->err). */
long h_request(struct h_client *c, const char *method, const char *path, const char *ctype,
	       const char *body, size_t len, const char *const *headers);
long h_get(struct h_client *c, const char *path);
long h_head(struct h_client *c, const char *path);
long h_post_form(struct h_client *c, const char *path, const char *body);
long h_post_json(struct h_client *c, const char *path, const char *json,
		 const char *const *headers);
long h_put_json(struct h_client *c, const char *path, const char *json, const char *const *headers);
/* POST with chunked transfer encoding (no Content-Length): `len` bytes of
 * `fill`. */
long h_post_chunked(struct h_client *c, const char *path, const char *ctype, char fill, size_t len);

/* Builds an urlencoded form from key, value pairs (NULL-terminated) into
 * the client's scratch buffer; valid until the next h_form on `c`. */
const char *h_form(struct h_client *c, ...) __attribute__((sentinel));

/* A multipart/form-data body into b (emptied first): the text fields
 * `fields` (name, value pairs, NULL-terminated; NULL for none), then the
 * file `filename` of `len` bytes in field `file_field`. Its content type,
 * with the boundary, into ctype. */
void h_multipart(struct h_buf *b, char *ctype, size_t cap, const char *const *fields,
		 const char *file_field, const char *filename, const void *data, size_t len);

/* The value of the first response header `name` (case-insensitive),
 * trimmed, into out; NULL if absent. */
const char *h_header(const struct h_client *c, const char *name, char *out, size_t cap);
/* The whole Set-Cookie value that sets cookie `cookie`, into out; NULL if
 * the last answer did not set it. */
const char *h_set_cookie(const struct h_client *c, const char *cookie, char *out, size_t cap);
/* The cookie jar's value of `name`, into out; NULL if absent. */
const char *h_cookie(const struct h_client *c, const char *name, char *out, size_t cap);
/* Puts cookie name=value for the server into the jar (replacing one of
 * the same name). */
void h_cookie_put(struct h_client *c, const char *name, const char *value);

/* True if the last body contains `needle`. */
bool h_body_has(const struct h_client *c, const char *needle);
/* The last body parsed as JSON (a new reference), or NULL. */
json_t *h_json(const struct h_client *c);

/* The first column of the first row of `sql`, read from the server's
 * database file (for what no page or API shows): with `text` bound to ?1
 * and `n` to ?2, or, when text is NULL, `n` to ?1. -1, with a message, on
 * error or when there is no row. */
long long h_db_number(const struct h_server *s, const char *sql, const char *text, long long n);

/* Sends `o` (stolen) as a JSON body; a client with a session (no bearer
 * token) sends its CSRF token as the header. The status, or -1 when the
 * body cannot be written. */
long h_send_json(struct h_client *c, const char *method, const char *path, json_t *o);

/* The id of the unit with `code`, as c sees the units (GET
 * /api/v1/units); 0, with a message, if there is none. */
long long h_unit_id(struct h_client *c, const char *code);

/* Finds name="_csrf" value="…" in the last body and keeps it in c->csrf.
 * Returns c->csrf, or NULL if the body has none. */
const char *h_csrf_from_body(struct h_client *c);
/* GET path, then h_csrf_from_body. */
const char *h_csrf_fetch(struct h_client *c, const char *path);

/* Logs in through the form: GET /login for the anonymous CSRF cookie and
 * token (or a page's token when a session exists), then POST /login.
 * `next` may be NULL. Returns the status of the POST. */
long h_login(struct h_client *c, const char *login, const char *password, const char *next);
/* h_login with a demo role's password; true on 303. Afterwards c->csrf is
 * the session's token, read from the home page. */
bool h_login_role(struct h_client *c, enum h_role r);

/* Checks the last status, printing the request and the start of the body
 * when it is not `want`. For use in tests. */
void h_check_status(const struct h_client *c, long want, const char *file, int line);
#define assert_status(c, want) h_check_status((c), (want), __FILE__, __LINE__)

/* Checks of the last answer for use in tests; a failure is reported at the
 * caller's file and line. h_json_answer: the status, a JSON content type
 * and body, parsed (a new reference for the caller). h_expect_error: an
 * API error with the status, {"error":{"code","message_th","message_en"
 * [,"field"]}}, both messages present and the Thai one in Thai, and the
 * field when `field` is not NULL. h_expect_page: an HTML page with the
 * status that shows `text` when it is not NULL. */
json_t *h_json_answer_at(struct h_client *c, long status, const char *file, int line);
void h_expect_error_at(struct h_client *c, long status, const char *code, const char *field,
		       const char *file, int line);
void h_expect_page_at(struct h_client *c, long status, const char *text, const char *file,
		      int line);
#define h_json_answer(c, status) h_json_answer_at((c), (status), __FILE__, __LINE__)
#define h_expect_error(c, status, code, field) \
	h_expect_error_at((c), (status), (code), (field), __FILE__, __LINE__)
#define h_expect_page(c, status, text) h_expect_page_at((c), (status), (text), __FILE__, __LINE__)

#endif
