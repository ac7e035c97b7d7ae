/*
 * tpl: the HTML template renderer. Templates are compiled into the binary
 * (the files in templates/), parsed once at start-up into a tpl_set, and rendered
 * against a JSON value (jansson) as context. Output is HTML-escaped by
 * default; unescaped output must be asked for by name ({{raw x}}).
 *
 * Syntax:
 *   {{path}}                 the value, HTML-escaped. path: name, a.b.c,
 *                            "." (the current value), @index, @number
 *                            (@index + 1), @first, @last (inside #each).
 *                            The first name is looked up in the current
 *                            context, then in each enclosing one; a missing
 *                            value renders as nothing. Integers and reals
 *                            render as numbers, true/false as "true"/"false".
 *   {{raw path}}             the value without escaping (trusted HTML only)
 *   {{t "ไทย" "English"}}     the text for the render's language
 *   {{date path}}            ISO date "2026-01-31" (or Unix seconds) as
 *                            "31 ม.ค. 2569" (Thai, B.E.) or "31 Jan 2026"
 *   {{datefull path}}        "31 มกราคม 2569" / "31 January 2026"
 *   {{datetime path}}        Unix seconds as "31 ม.ค. 2569 14:05" (Bangkok)
 *   {{thnum path}}           the value with Thai digits (in Thai only)
 *   {{url path}}             escaped, and only if it is a relative path
 *                            ("/…", not "//…"), http:, https: or mailto:;
 *                            otherwise "#"
 *   {{#if path}}…{{else}}…{{/if}}    false: missing, null, false, 0, "",
 *                                    empty array or object
 *   {{#unless path}}…{{/unless}}
 *   {{#each path}}…{{else}}…{{/each}}  over an array; the body's context is
 *                                      the element; else when empty
 *   {{#with path}}…{{/with}}         context becomes the value (skipped if false)
 *   {{#eq path "literal"}}…{{else}}…{{/eq}}  true when the value's text
 *   {{#eq path other.path}}…{{/eq}}          equals the literal or other value
 *   {{> name}}               another template, with the current context
 *   {{! comment }}           nothing
 *
 * Parse errors (unknown tag, unbalanced block, missing partial) are found at
 * load time with the file and line, so a broken template stops start-up and
 * the unit tests, never a request.
 */
#ifndef KLANG_WEB_TPL_H
#define KLANG_WEB_TPL_H

#include <jansson.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/err.h"

struct tpl_set;

enum tpl_lang { TPL_TH = 0, TPL_EN = 1 };

/* Parses every file of a NULL-name-terminated table. Template names are the
 * file names without ".html". On error logs "file:line: reason" and returns
 * ERR_INVAL. */
int tpl_set_load(const struct embed_file *files, struct tpl_set **out) WUR;

/* Frees the set. tpl_set_free(NULL) is a no-op. */
void tpl_set_free(struct tpl_set *set);

/* True if the set has a template of that name. */
int tpl_exists(const struct tpl_set *set, const char *name);

/* Renders template `name` with context `ctx` (borrowed) in `lang`, appending
 * to `out`. Returns ERR_NOTFOUND for an unknown template, the buffer's error
 * if it failed, else 0. Thread-safe: a set is read-only after loading. */
int tpl_render(const struct tpl_set *set, const char *name, json_t *ctx, enum tpl_lang lang,
	       struct buf *out) WUR;

#endif
