/*
 * err: the error codes every fallible function returns, and a per-thread
 * detail (which field, a Thai and an English message) that the layer that
 * detected the error fills in and the web layer shows to the user.
 */
#ifndef KLANG_CORE_ERR_H
#define KLANG_CORE_ERR_H

#define WUR __attribute__((warn_unused_result))

enum err {
	ERR_OK = 0,
	ERR_NOMEM = -1,     /* allocation failed or an arena cap was reached */
	ERR_INVAL = -2,     /* bad input; the detail names the field */
	ERR_NOTFOUND = -3,  /* no such object, or not visible to the actor */
	ERR_FORBIDDEN = -4, /* visible but the actor may not do this */
	ERR_CONFLICT = -5,  /* uniqueness or stale revision */
	ERR_DB = -6,        /* the database failed */
	ERR_TOOBIG = -7,    /* a size or count limit was exceeded */
	ERR_UNAUTH = -8,    /* no valid login, session or token */
	ERR_THROTTLED = -9, /* too many attempts; try again later */
	ERR_IO = -10,       /* file or network I/O failed */
};

struct err_detail {
	int code;
	const char *field;   /* static string or NULL */
	const char *msg_th;  /* static string or NULL */
	const char *msg_en;  /* static string or NULL */
};

/* Returns a stable lower-case name ("invalid", "not_found"…), used as the
 * JSON API's error code. */
const char *err_name(int code);

/* Records a detail for the current thread and returns `code`, so a caller
 * can write `return err_fail(ERR_INVAL, "name", "…", "…");`. The strings
 * must be static: the detail outlives the call. */
int err_fail(int code, const char *field, const char *msg_th, const char *msg_en);

/* The current thread's last detail; its code is 0 when none was recorded. */
const struct err_detail *err_last(void);

/* Forgets the current thread's detail (done at the start of each request). */
void err_clear(void);

#endif
