/*
 * multipart: parsing of multipart/form-data request bodies (RFC 7578 on
 * RFC 2046) into parts, and the cleaning of client-supplied file names.
 * Pure functions over bytes (fuzzed); results live in the caller's arena.
 *
 * What a body must look like (anything else is ERR_INVAL):
 * - Lines end in CRLF. A bare LF is not a line end: in a header it is a
 *   control character (ERR_INVAL), in data it is data.
 * - A delimiter is "--" boundary at the very start of the body, or CRLF "--"
 *   boundary anywhere; the CRLF belongs to the delimiter, not to the data
 *   before it. "--" boundary not preceded by CRLF is data. Every delimiter
 *   must complete its line: optional spaces or tabs then CRLF (a part
 *   follows), or "--" (the close delimiter). A delimiter followed by
 *   anything else (such as "--boundaryX") is ERR_INVAL: RFC 2046 forbids
 *   the boundary inside data, and guessing would make two parsers disagree.
 * - Bytes before the first delimiter (the preamble) and after the close
 *   delimiter's line (the epilogue) are ignored; the close delimiter may
 *   end the body without a CRLF. No close delimiter is ERR_INVAL, and so is
 *   an empty body. A body holding only the close delimiter (what browsers
 *   send for a form with no fields) yields zero parts.
 * - Each part is header lines, an empty line, then data up to the next
 *   delimiter. The empty line may double as the next delimiter's CRLF, which
 *   gives empty data. A header line is a token name, ':', then a value of
 *   visible bytes, spaces, tabs or bytes >= 0x80. Folded lines (starting
 *   with a space or tab), lines without ':', space before ':' and control
 *   characters are ERR_INVAL.
 * - Content-Disposition is required, once, of type form-data, with a `name`
 *   parameter. Its parameters are `; name=value`, the value a run of
 *   non-control bytes other than ';', '"' and white space, or a quoted
 *   string. In a quoted string '\' escapes only a separator character ('"',
 *   '\', '(', ';'…); before anything else it is a literal backslash, so
 *   that the unescaped Windows paths old browsers send survive. `filename*`
 *   (RFC 8187, UTF-8 only: UTF-8'lang'percent-encoded) wins over
 *   `filename`. Repeated `name`, `filename` or `filename*` are ERR_INVAL.
 *   Other parameters are ignored.
 * - Content-Type appears at most once and starts with type/subtype; it
 *   defaults to text/plain. Content-Transfer-Encoding, if present, is 7bit,
 *   8bit or binary (nothing is decoded). Other headers are ignored.
 * - Field names and file names are valid UTF-8 without control characters
 *   (utf8_valid_text, and neither tab, CR nor LF). Browsers send Thai file
 *   names as raw UTF-8 in filename="…"; other clients use filename*.
 */
#ifndef KLANG_WEB_MULTIPART_H
#define KLANG_WEB_MULTIPART_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"

/* Caps on one body. Exceeding any is ERR_TOOBIG. */
struct multipart_limits {
	size_t max_parts;        /* parts in the body */
	size_t max_header_bytes; /* one part's header section, its empty line included */
	size_t max_headers;      /* header lines in one part */
	size_t max_name;         /* bytes of a field name, once decoded */
};

#define MULTIPART_LIMITS_DEFAULT ((struct multipart_limits){64, 8192, 16, 200})

/* The longest display name multipart_safe_filename returns, in bytes. */
#define MULTIPART_FILENAME_MAX 200

/*
 * One part. name, filename and content_type are NUL-terminated copies in
 * the arena (content_type may be a static string); data points into the
 * body passed to multipart_parse and is valid as long as that body.
 */
struct multipart_part {
	struct str name;         /* valid UTF-8, no control characters, may be empty */
	struct str filename;     /* as sent, decoded; p == NULL when the part has no
				  * filename, "" when it was sent empty (a file input
				  * with no file chosen). Not safe to show or store:
				  * see multipart_safe_filename. */
	struct str content_type; /* the header value, trimmed, or "text/plain" */
	struct str data;         /* the part's bytes, a slice of the body */
};

/*
 * Parses `body[0..n)` sent with the Content-Type header value `content_type`
 * (NUL-terminated; NULL is ERR_INVAL), which must be multipart/form-data
 * with a boundary parameter: a token or quoted string of 1 to 70 RFC 2046
 * boundary characters, not ending in a space; a missing, repeated, empty,
 * longer or otherwise invalid boundary is ERR_INVAL. Other parameters are
 * ignored. `lim` NULL means MULTIPART_LIMITS_DEFAULT.
 *
 * On success *out is an array of *count parts in body order, allocated
 * from `a` (NULL when *count is 0). On failure *out is NULL, *count is 0,
 * the error detail (err_last) is set, and the arena may hold partial
 * results. Returns 0, ERR_INVAL (malformed), ERR_TOOBIG (a limit), or
 * ERR_NOMEM. Never reads outside body[0..n).
 */
int multipart_parse(struct arena *a, const char *content_type, const char *body, size_t n,
		    const struct multipart_limits *lim, struct multipart_part **out,
		    size_t *count) WUR;

/* The first part whose field name is exactly `name`, or NULL. */
const struct multipart_part *multipart_get(const struct multipart_part *parts, size_t count,
					   const char *name);

/*
 * Turns a client-supplied file name (`raw`, NUL-terminated, any bytes;
 * NULL is taken as "") into a display name: the last path component
 * (after any '/' or '\'), without malformed UTF-8, control characters (C0,
 * DEL, C1), bidirectional controls or line/paragraph separators, without
 * leading dots and spaces or trailing dots and spaces, at most
 * MULTIPART_FILENAME_MAX bytes cut at a character boundary (keeping an
 * extension of up to 16 bytes when the name is cut). It is never empty
 * ("file" stands in) and never "." or "..".
 *
 * The result is for display and for Content-Disposition; it is not a path.
 * It may still hold '"', ';' and other characters that a header writer
 * must quote or percent-encode (RFC 6266 filename*) and a page must escape.
 * Returns arena memory, or NULL only when the arena is out of memory.
 */
const char *multipart_safe_filename(struct arena *a, const char *raw);

#endif
