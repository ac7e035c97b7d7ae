/* multipart: multipart/form-data parsing and file-name cleaning. */
#include "web/multipart.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/utf8.h"

#define BOUNDARY_MAX 70 /* RFC 2046 */
#define EXT_MAX 16      /* longest extension kept when a display name is cut */

/* Each failure records one of these details for the error page. */
static int bad_type(void)
{
	return err_fail(ERR_INVAL, NULL, "คำขอนี้ไม่ใช่การส่งแบบฟอร์มที่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วส่งอีกครั้ง",
			"The request is not a valid multipart form; reload the page and send it again.");
}

static int bad(void)
{
	return err_fail(ERR_INVAL, NULL,
			"ข้อมูลแบบฟอร์มที่ส่งมาไม่สมบูรณ์หรือผิดรูปแบบ กรุณาโหลดหน้าใหม่แล้วส่งอีกครั้ง",
			"The form data is malformed or incomplete; reload the page and send it again.");
}

static int bad_name(void)
{
	return err_fail(ERR_INVAL, "file",
			"ชื่อไฟล์หรือชื่อช่องข้อมูลมีอักขระที่ใช้ไม่ได้ กรุณาเปลี่ยนชื่อไฟล์แล้วลองอีกครั้ง",
			"A file or field name holds characters that are not allowed; rename the file and try again.");
}

static int too_many(void)
{
	return err_fail(ERR_TOOBIG, NULL, "ส่งไฟล์หรือช่องข้อมูลมากเกินไปในครั้งเดียว กรุณาแบ่งส่งหลายครั้ง",
			"Too many files or fields in one submission; send them in several batches.");
}

static int too_long(void)
{
	return err_fail(ERR_TOOBIG, "file", "ชื่อไฟล์หรือข้อมูลส่วนหัวยาวเกินไป กรุณาใช้ชื่อไฟล์ที่สั้นลง",
			"A file name or part header is too long; use a shorter file name.");
}

/* Control characters other than tab. */
static bool is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7F;
}

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* RFC 9110 tchar. */
static bool is_tchar(unsigned char c)
{
	return is_alnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* RFC 2045 tspecials: what a backslash in a quoted string may escape. */
static bool is_tspecial(unsigned char c)
{
	return c && strchr("()<>@,;:\\\"/[]?=", c);
}

/* RFC 2046 bchars. */
static bool is_bchar(unsigned char c)
{
	return is_alnum(c) || (c && strchr("'()+_,-./:=? ", c));
}

/* A byte of an unquoted parameter value. */
static bool is_value_byte(unsigned char c)
{
	return !is_ctl(c) && c != ' ' && c != '\t' && c != ';' && c != '"';
}


/* Compares with a lower-case ASCII literal, ignoring ASCII case. */
static bool ci_eq(struct str s, const char *lit)
{
	size_t n = strlen(lit);
	if (s.len != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + ('a' - 'A'));
		if (c != (unsigned char)lit[i])
			return false;
	}
	return true;
}

static void skip(struct str *s, size_t k)
{
	s->p += k;
	s->len -= k;
}

static void skip_ows(struct str *s)
{
	while (s->len && (s->p[0] == ' ' || s->p[0] == '\t'))
		skip(s, 1);
}

/* Consumes and returns the longest prefix of bytes accepted by `ok`. */
static struct str take(struct str *s, bool (*ok)(unsigned char))
{
	size_t i = 0;
	while (i < s->len && ok((unsigned char)s->p[i]))
		i++;
	struct str r = {s->p, i};
	skip(s, i);
	return r;
}

/* Consumes the quoted string that starts *s and returns its content, unescaped, as an
 * arena copy. A backslash escapes a tspecial; before anything else it is literal. */
static int quoted(struct arena *a, struct str *s, struct str *out)
{
	char *d = arena_alloc(a, s->len); /* content + NUL <= len - 1 */
	if (!d)
		return ERR_NOMEM;
	size_t w = 0;
	for (size_t i = 1; i < s->len; i++) {
		unsigned char c = (unsigned char)s->p[i];
		if (c == '"') {
			d[w] = 0;
			*out = (struct str){d, w};
			skip(s, i + 1);
			return 0;
		}
		if (is_ctl(c))
			return bad();
		if (c == '\\' && i + 1 < s->len && is_tspecial((unsigned char)s->p[i + 1]))
			c = (unsigned char)s->p[++i];
		d[w++] = (char)c;
	}
	return bad(); /* no closing quote */
}

/* Reads the next `; name=value` of a header value into `name` (a slice) and `value`
 * (an arena copy). Returns 1 when it read one, 0 at the end, or an error. */
static int next_param(struct arena *a, struct str *s, struct str *name, struct str *value)
{
	skip_ows(s);
	if (!s->len)
		return 0;
	if (s->p[0] != ';')
		return bad();
	skip(s, 1);
	skip_ows(s);
	if (!s->len)
		return 0; /* a trailing ';' */
	*name = take(s, is_tchar);
	skip_ows(s);
	if (!name->len || !s->len || s->p[0] != '=')
		return bad();
	skip(s, 1);
	skip_ows(s);
	if (s->len && s->p[0] == '"') {
		int rc = quoted(a, s, value);
		return rc ? rc : 1;
	}
	struct str v = take(s, is_value_byte);
	if (!v.len)
		return bad();
	char *c = arena_str(a, v);
	if (!c)
		return ERR_NOMEM;
	*value = (struct str){c, v.len};
	return 1;
}

/* Reads the boundary of a multipart/form-data Content-Type value and writes the
 * delimiter, CRLF "--" boundary, to delim (*dl bytes). */
static int parse_boundary(struct arena *a, const char *content_type, char delim[4 + BOUNDARY_MAX],
			  size_t *dl)
{
	if (!content_type)
		return bad_type();
	struct str s = str_c(content_type), name, value, b = STR_NULL;
	skip_ows(&s);
	struct str type = take(&s, is_tchar);
	if (!s.len || s.p[0] != '/')
		return bad_type();
	skip(&s, 1);
	struct str sub = take(&s, is_tchar);
	if (!ci_eq(type, "multipart") || !ci_eq(sub, "form-data"))
		return bad_type();
	bool seen = false;
	int rc;
	while ((rc = next_param(a, &s, &name, &value)) == 1) {
		if (!ci_eq(name, "boundary"))
			continue;
		if (seen)
			return bad_type();
		seen = true;
		b = value;
	}
	if (rc == ERR_INVAL)
		return bad_type();
	if (rc)
		return rc;
	if (!seen || b.len == 0 || b.len > BOUNDARY_MAX || b.p[b.len - 1] == ' ')
		return bad_type();
	for (size_t i = 0; i < b.len; i++) {
		if (!is_bchar((unsigned char)b.p[i]))
			return bad_type();
	}
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b.p, b.len);
	*dl = 4 + b.len;
	return 0;
}

/* Field and file names: UTF-8 text without any control character. */
static bool name_ok(struct str s)
{
	if (!utf8_valid_text(s.p, s.len))
		return false;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == '\t' || s.p[i] == '\r' || s.p[i] == '\n')
			return false;
	}
	return true;
}

/* Decodes an RFC 8187 ext-value (UTF-8'lang'pct-encoded) into an arena copy. The
 * language is ignored; bytes other than '%' pass through (name_ok checks them). */
static int ext_value(struct arena *a, struct str v, struct str *out)
{
	struct str charset, lang, rest;
	if (!str_split(v, '\'', &charset, &rest) || !ci_eq(charset, "utf-8") ||
	    !str_split(rest, '\'', &lang, &rest))
		return bad();
	char *d = arena_alloc(a, rest.len + 1);
	if (!d)
		return ERR_NOMEM;
	size_t w = 0;
	for (size_t i = 0; i < rest.len; i++) {
		unsigned char c = (unsigned char)rest.p[i];
		if (c == '%') {
			if (i + 2 >= rest.len)
				return bad();
			int hi = str_hexval((unsigned char)rest.p[i + 1]), lo = str_hexval((unsigned char)rest.p[i + 2]);
			if (hi < 0 || lo < 0)
				return bad();
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		}
		d[w++] = (char)c;
	}
	d[w] = 0;
	*out = (struct str){d, w};
	return 0;
}

static int parse_disposition(struct arena *a, struct str v, const struct multipart_limits *lim,
			     struct multipart_part *p)
{
	struct str name, value, fname = STR_NULL, fstar = STR_NULL;
	if (!ci_eq(take(&v, is_tchar), "form-data"))
		return bad();
	int rc;
	while ((rc = next_param(a, &v, &name, &value)) == 1) {
		struct str *slot = ci_eq(name, "name")	    ? &p->name
				   : ci_eq(name, "filename")  ? &fname
				   : ci_eq(name, "filename*") ? &fstar
							      : NULL;
		if (!slot)
			continue;
		if (slot->p)
			return bad(); /* repeated */
		*slot = value;
	}
	if (rc)
		return rc;
	if (!p->name.p)
		return bad();
	if (fstar.p && (rc = ext_value(a, fstar, &fname)) != 0)
		return rc;
	if (!name_ok(p->name) || (fname.p && !name_ok(fname)))
		return bad_name();
	if (p->name.len > lim->max_name)
		return too_long();
	p->filename = fname;
	return 0;
}

/* A part's Content-Type: type/subtype, then parameters (kept, not parsed). */
static int parse_type(struct arena *a, struct str v, struct multipart_part *p)
{
	struct str s = v;
	if (!take(&s, is_tchar).len || !s.len || s.p[0] != '/')
		return bad();
	skip(&s, 1);
	if (!take(&s, is_tchar).len)
		return bad();
	skip_ows(&s);
	if (s.len && s.p[0] != ';')
		return bad();
	char *c = arena_str(a, v);
	if (!c)
		return ERR_NOMEM;
	p->content_type = (struct str){c, v.len};
	return 0;
}

enum { SEEN_DISP = 1, SEEN_TYPE = 2, SEEN_CTE = 4 };

/* One header line, without its CRLF. */
static int parse_header(struct arena *a, struct str line, const struct multipart_limits *lim,
			struct multipart_part *p, unsigned *seen)
{
	for (size_t i = 0; i < line.len; i++) {
		if (is_ctl((unsigned char)line.p[i]))
			return bad();
	}
	struct str v = line;
	struct str name = take(&v, is_tchar); /* a folded line starts with white space: no name */
	if (!name.len || !v.len || v.p[0] != ':')
		return bad();
	skip(&v, 1);
	v = str_trim(v);
	unsigned bit = ci_eq(name, "content-disposition")	    ? SEEN_DISP
		       : ci_eq(name, "content-type")		    ? SEEN_TYPE
		       : ci_eq(name, "content-transfer-encoding") ? SEEN_CTE
								    : 0;
	if (!bit)
		return 0;
	if (*seen & bit)
		return bad(); /* repeated */
	*seen |= bit;
	if (bit == SEEN_DISP)
		return parse_disposition(a, v, lim, p);
	if (bit == SEEN_TYPE)
		return parse_type(a, v, p);
	return ci_eq(v, "7bit") || ci_eq(v, "8bit") || ci_eq(v, "binary") ? 0 : bad();
}

/*
 * Parses the part whose header section starts at *pos (just past its delimiter
 * line) and moves *pos past the boundary of the delimiter that ends it.
 * delim is CRLF "--" boundary, dl bytes.
 */
static int parse_part(struct arena *a, const char *body, size_t n, size_t *pos, const char *delim,
		      size_t dl, const struct multipart_limits *lim, struct multipart_part *p)
{
	size_t at = *pos, nh = 0;
	size_t end = n - at > lim->max_header_bytes ? at + lim->max_header_bytes : n;
	unsigned seen = 0;
	for (;;) {
		const char *nl = memchr(body + at, '\n', end - at);
		if (!nl)
			return end < n ? too_long() : bad();
		size_t e = (size_t)(nl - body);
		if (e == at || body[e - 1] != '\r')
			return bad(); /* bare LF */
		struct str line = {body + at, e - 1 - at};
		at = e + 1;
		if (!line.len)
			break;
		if (line.len >= dl - 2 && memcmp(line.p, delim + 2, dl - 2) == 0)
			return bad(); /* a delimiter cuts the header section */
		if (nh++ == lim->max_headers)
			return too_long();
		int rc = parse_header(a, line, lim, p, &seen);
		if (rc)
			return rc;
	}
	if (!(seen & SEEN_DISP))
		return bad();
	if (!(seen & SEEN_TYPE))
		p->content_type = STR("text/plain");
	/* body[at - 2 .. at) is the empty line's CRLF, which may begin the next delimiter. */
	const char *d = memmem(body + at - 2, n - (at - 2), delim, dl);
	if (!d)
		return bad(); /* no closing delimiter */
	size_t ds = (size_t)(d - body);
	p->data = (struct str){body + at, ds > at ? ds - at : 0};
	*pos = ds + dl;
	return 0;
}

int multipart_parse(struct arena *a, const char *content_type, const char *body, size_t n,
		    const struct multipart_limits *lim, struct multipart_part **out, size_t *count)
{
	const struct multipart_limits dflt = MULTIPART_LIMITS_DEFAULT;
	struct multipart_part *parts = NULL;
	size_t np = 0, cap = 0;
	char delim[4 + BOUNDARY_MAX];
	size_t dl = 0;
	*out = NULL;
	*count = 0;
	if (!lim)
		lim = &dflt;
	int rc = parse_boundary(a, content_type, delim, &dl);
	if (rc)
		return rc;
	if (!body || n == 0)
		return bad();

	/* pos: just past the boundary of the delimiter being read. */
	size_t pos;
	if (n >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0) {
		pos = dl - 2;
	} else {
		const char *d = memmem(body, n, delim, dl);
		if (!d)
			return bad();
		pos = (size_t)(d - body) + dl;
	}
	for (;;) {
		if (n - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-') {
			pos += 2;
			while (pos < n && (body[pos] == ' ' || body[pos] == '\t'))
				pos++;
			if (pos == n || (n - pos >= 2 && body[pos] == '\r' && body[pos + 1] == '\n'))
				break; /* the close delimiter; the rest is the epilogue */
			return bad();
		}
		while (pos < n && (body[pos] == ' ' || body[pos] == '\t'))
			pos++;
		if (n - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
			return bad();
		pos += 2;
		if (np == lim->max_parts)
			return too_many();
		if (np == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			if (ncap > lim->max_parts)
				ncap = lim->max_parts;
			struct multipart_part *grown = arena_calloc(a, ncap, sizeof *grown);
			if (!grown)
				return ERR_NOMEM;
			if (np)
				memcpy(grown, parts, np * sizeof *grown);
			parts = grown;
			cap = ncap;
		}
		/* parts[np] is zeroed: arena_calloc, and never used before */
		rc = parse_part(a, body, n, &pos, delim, dl, lim, &parts[np++]);
		if (rc)
			return rc;
	}
	*out = parts; /* NULL when there is no part */
	*count = np;
	return 0;
}

const struct multipart_part *multipart_get(const struct multipart_part *parts, size_t count,
					   const char *name)
{
	struct str want = str_c(name);
	for (size_t i = 0; i < count; i++) {
		if (str_eq(parts[i].name, want))
			return &parts[i];
	}
	return NULL;
}

/* Code points a display name never holds: controls, bidirectional controls, the
 * line and paragraph separators and the byte-order mark. */
static bool dropped(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
	       cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0xFEFF;
}

static size_t trim_end(const char *d, size_t w)
{
	while (w && (d[w - 1] == '.' || d[w - 1] == ' '))
		w--;
	return w;
}

const char *multipart_safe_filename(struct arena *a, const char *raw)
{
	if (!raw)
		raw = "";
	size_t n = strlen(raw), i = 0, w = 0;
	for (size_t k = 0; k < n; k++) {
		if (raw[k] == '/' || raw[k] == '\\')
			i = k + 1;
	}
	char *d = arena_alloc(a, n - i + sizeof "file");
	if (!d)
		return NULL;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(raw + i, n - i, &cp);
		if (!len) {
			i++; /* a malformed byte */
			continue;
		}
		if (!dropped(cp) && !(w == 0 && (cp == '.' || cp == ' '))) {
			memcpy(d + w, raw + i, len);
			w += len;
		}
		i += len;
	}
	w = trim_end(d, w);
	if (w > MULTIPART_FILENAME_MAX) {
		size_t ext = 0; /* bytes of a final ".ext" to keep */
		for (size_t k = w - 1; k > 0 && w - k <= EXT_MAX; k--) {
			if (d[k] == '.') {
				ext = w - k;
				break;
			}
		}
		size_t head = utf8_cut(d, w, MULTIPART_FILENAME_MAX - ext);
		memmove(d + head, d + w - ext, ext);
		w = trim_end(d, head + ext);
	}
	if (w == 0) {
		memcpy(d, "file", 4);
		w = 4;
	}
	d[w] = 0;
	return d;
}
