/* err: error names and the per-thread error detail. */
#include "core/err.h"

static _Thread_local struct err_detail last;

const char *err_name(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_NOMEM: return "no_memory";
	case ERR_INVAL: return "invalid";
	case ERR_NOTFOUND: return "not_found";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_CONFLICT: return "conflict";
	case ERR_DB: return "database";
	case ERR_TOOBIG: return "too_big";
	case ERR_UNAUTH: return "unauthorized";
	case ERR_THROTTLED: return "throttled";
	case ERR_IO: return "io";
	}
	return "unknown";
}

int err_fail(int code, const char *field, const char *msg_th, const char *msg_en)
{
	last.code = code;
	last.field = field;
	last.msg_th = msg_th;
	last.msg_en = msg_en;
	return code;
}

const struct err_detail *err_last(void)
{
	return &last;
}

void err_clear(void)
{
	last = (struct err_detail){0};
}
