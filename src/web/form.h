/*
 * form: parsing of application/x-www-form-urlencoded bodies and query
 * strings into key/value slices. Pure functions over bytes (fuzzed).
 */
#ifndef KLANG_WEB_FORM_H
#define KLANG_WEB_FORM_H

#include <stddef.h>

#include "core/err.h"
#include "web/req.h"

#define FORM_MAX_FIELDS 256

/* Decodes p[0..n) into at most max_fields pairs allocated from `a`
 * (values are decoded copies, NUL-terminated). '+' is a space; a '%' not
 * followed by two hex digits is ERR_INVAL; more fields than max_fields is
 * ERR_TOOBIG. A key without '=' has an empty value. */
int form_parse(struct arena *a, const char *p, size_t n, size_t max_fields, struct kv **out,
	       size_t *count) WUR;

/* The first value of `key`, or present = false. */
struct str form_get(const struct kv *kv, size_t count, const char *key, bool *present);

#endif
