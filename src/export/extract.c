/* extract: search text from PDF (poppler-glib), DOCX and XLSX (libzip +
 * libxml2, entries streamed within limits) and UTF-8 text. */
#include "export/extract.h"

#include <glib.h>
#include <libxml/xmlreader.h>
#include <poppler.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/utf8.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define S_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define S_NS_STRICT "http://purl.oclc.org/ooxml/spreadsheetml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define CT_W "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define CT_S "application/vnd.openxmlformats-officedocument.spreadsheetml."

/* What the user is told; every detail names the field "file". */
enum msg { DAMAGED, ENCRYPTED, BOMB, TOO_MANY, NOT_UTF8, NOT_WORD, NOT_EXCEL, BAD_KIND };

static const struct {
	int code;
	const char *th, *en;
} msgs[] = {
	[DAMAGED] = {ERR_INVAL, "ไฟล์เสียหายหรือไม่สมบูรณ์ อ่านข้อความในไฟล์ไม่ได้ กรุณาเปิดแล้วบันทึกใหม่ก่อนอัปโหลด",
		     "The file is damaged or incomplete and its text cannot be read; open it, save it again and upload it."},
	[ENCRYPTED] = {ERR_INVAL, "ไฟล์นี้มีรหัสผ่านหรือถูกเข้ารหัส กรุณาเอารหัสผ่านออกแล้วอัปโหลดอีกครั้ง",
		       "The file is password-protected or encrypted; remove the password and upload it again."},
	[BOMB] = {ERR_TOOBIG,
		  "ไฟล์นี้ขยายตัวเกินขนาดที่กำหนดเมื่อแตกไฟล์ (อาจเป็นไฟล์อันตราย) กรุณาตรวจสอบไฟล์หรือแบ่งเป็นไฟล์ที่เล็กลง",
		  "The file unpacks to more than is allowed (it may be a zip bomb); check it or split it into smaller files."},
	[TOO_MANY] = {ERR_TOOBIG, "ไฟล์นี้มีส่วนประกอบภายในมากเกินไป กรุณาแบ่งเป็นไฟล์ที่เล็กลง",
		      "The file holds too many internal parts; split it into smaller files."},
	[NOT_UTF8] = {ERR_INVAL, "ไฟล์ข้อความต้องเข้ารหัสแบบ UTF-8 กรุณาบันทึกไฟล์ใหม่เป็น UTF-8 แล้วอัปโหลดอีกครั้ง",
		      "Text files must be encoded in UTF-8; save the file as UTF-8 and upload it again."},
	[NOT_WORD] = {ERR_INVAL, "ไฟล์นี้ไม่ใช่เอกสาร Word (.docx) ที่อ่านได้",
		      "The file is not a readable Word document (.docx)."},
	[NOT_EXCEL] = {ERR_INVAL, "ไฟล์นี้ไม่ใช่สมุดงาน Excel (.xlsx) ที่อ่านได้",
		       "The file is not a readable Excel workbook (.xlsx)."},
	[BAD_KIND] = {ERR_INVAL, "ไม่รองรับการดึงข้อความจากไฟล์ชนิดนี้", "Text cannot be extracted from this kind of file."},
};

static int fail(enum msg m)
{
	return err_fail(msgs[m].code, "file", msgs[m].th, msgs[m].en);
}

/* The text sink: normalises white space, drops what is not text, stops at
 * `limit`. Invariant: out->len <= limit; only whole characters are written. */
struct sink {
	struct buf *out;
	size_t limit;
	unsigned nl; /* line breaks pending */
	char sp;     /* space pending: 0, ' ' or '\t' */
	bool any;    /* something visible was written */
	bool full;   /* limit reached (or `out` failed): nothing more is written */
};

/* Legacy Thai fonts' private-use glyph variants → the Thai they draw
 * (Windows U+F700–U+F71A, Mac U+F884–U+F89E; HarfBuzz's Thai fallback). */
static uint32_t thai_pua(uint32_t cp)
{
	static const uint16_t win[27] = {
		0x0E10, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B,
		0x0E4C, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E0D, 0x0E31, 0x0E4D,
		0x0E47, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E38, 0x0E39, 0x0E3A};
	static const uint16_t mac[27] = {
		0x0E31, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E47, 0x0E48, 0x0E48, 0x0E48,
		0x0E49, 0x0E49, 0x0E49, 0x0E4A, 0x0E4A, 0x0E4A, 0x0E4B, 0x0E4B, 0x0E4B,
		0x0E4C, 0x0E4C, 0x0E4C, 0x0E4D, 0x0E0D, 0x0E38, 0x0E39, 0x0E3A, 0x0E10};
	if (cp >= 0xF700 && cp <= 0xF71A)
		return win[cp - 0xF700];
	if (cp >= 0xF884 && cp <= 0xF89E)
		return mac[cp - 0xF884];
	return cp;
}

static size_t utf8_put(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	size_t n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	for (size_t i = n - 1; i > 0; i--, cp >>= 6)
		o[i] = (char)(0x80 | (cp & 0x3F));
	o[0] = (char)((0xF00 >> n) | cp);
	return n;
}

static void sink_cp(struct sink *s, uint32_t cp)
{
	cp = thai_pua(cp);
	if (cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
		s->nl++; /* line breaks */
		s->sp = 0;
		return;
	}
	if (cp == '\t' || cp == ' ' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000) {
		if (!s->nl && (cp == '\t' || !s->sp)) /* spaces; a tab wins */
			s->sp = cp == '\t' ? '\t' : ' ';
		return;
	}
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
		return; /* controls, soft hyphen, BOM, non-characters */
	if ((cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E)) && !s->nl)
		s->sp = 0; /* a Thai mark never starts a word: PDF text puts spaces before shifted marks */
	char o[6];
	size_t n = 0;
	if (s->any && s->nl) {
		o[n++] = '\n';
		if (s->nl > 1)
			o[n++] = '\n';
	} else if (s->any && s->sp) {
		o[n++] = s->sp;
	}
	n += utf8_put(cp, o + n);
	if (n > s->limit - s->out->len) {
		s->full = true;
		return;
	}
	buf_append(s->out, o, n);
	s->full = buf_err(s->out) != 0;
	s->any = true;
	s->nl = 0;
	s->sp = 0;
}

/* Appends p[0..n): malformed UTF-8 is skipped byte by byte; CR LF is one break. */
static void sink_text(struct sink *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n && !s->full;) {
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') {
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (!len) {
			i++;
			continue;
		}
		sink_cp(s, cp);
		i += len;
	}
}

static void sink_break(struct sink *s, unsigned lines)
{
	s->nl += lines;
	s->sp = 0;
}

static void sink_tab(struct sink *s)
{
	if (!s->nl)
		s->sp = '\t';
}

/* Zip entries, read with limits whatever their headers claim. */

struct zipx {
	zip_t *za;
	const struct extract_limits *lim;
	size_t total; /* uncompressed bytes read from all entries so far */
};

struct entry {
	struct zipx *z;
	zip_file_t *f;
	size_t declared, comp; /* the header's sizes */
	size_t before, got;    /* z->total when opened; bytes produced */
	int err;               /* the first failure seen while reading */
};

/* Whether `n` uncompressed bytes from `comp` compressed ones, after `before`
 * bytes of earlier entries, break a limit. */
static bool over(const struct extract_limits *lim, size_t n, size_t comp, size_t before)
{
	if (n > lim->max_entry || n > lim->max_total || before > lim->max_total - n)
		return true;
	if (n <= lim->ratio_grace)
		return false;
	if (lim->max_ratio == 0)
		return true;
	return comp <= SIZE_MAX / lim->max_ratio && n > comp * lim->max_ratio;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static int zipx_open(struct zipx *z, const void *data, size_t len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	int rc = 0;
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		rc = ERR_NOMEM;
		goto out;
	}
	z->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!z->za) {
		zip_source_free(src);
		rc = zip_error_code_zip(&ze) == ZIP_ER_MEMORY ? ERR_NOMEM : fail(DAMAGED);
		goto out;
	}
	zip_int64_t n = zip_get_num_entries(z->za, 0);
	if (n < 0) {
		rc = fail(DAMAGED);
		goto out;
	}
	if ((zip_uint64_t)n > z->lim->max_entries) {
		rc = fail(TOO_MANY);
		goto out;
	}
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0) {
			rc = fail(DAMAGED);
			goto out;
		}
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
			rc = fail(ENCRYPTED);
			goto out;
		}
	}
out:
	zip_error_fini(&ze);
	return rc;
}

/* Opens entry `name` (case ignored, as OPC part names are). ERR_NOTFOUND,
 * with no detail, when there is none: the caller decides what that means. */
static int entry_open(struct zipx *z, const char *name, struct entry *e)
{
	zip_int64_t idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return ERR_NOTFOUND;
	zip_stat_t st;
	if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_COMP_SIZE) || st.size > SIZE_MAX || st.comp_size > SIZE_MAX)
		return fail(DAMAGED);
	*e = (struct entry){.z = z, .declared = (size_t)st.size, .comp = (size_t)st.comp_size,
			    .before = z->total};
	if (over(z->lim, e->declared, e->comp, z->total))
		return fail(BOMB);
	e->f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
	return e->f ? 0 : fail(DAMAGED);
}

/* libxml2's input callback: the next bytes of the entry, checked. */
static int entry_read(void *ctx, char *p, int len)
{
	struct entry *e = ctx;
	if (e->err || len < 0)
		return -1;
	zip_int64_t n = zip_fread(e->f, p, (zip_uint64_t)len);
	if (n < 0) {
		e->err = fail(DAMAGED); /* bad deflate data or CRC */
		return -1;
	}
	e->got += (size_t)n;
	e->z->total = e->before + e->got;
	if (e->got > e->declared || over(e->z->lim, e->got, e->comp, e->before)) {
		e->err = fail(BOMB);
		return -1;
	}
	return (int)n;
}

enum { NODE_NEXT = 0, NODE_SKIP = 1 };

/* Called for each node; returns NODE_NEXT, NODE_SKIP (its subtree) or an error. */
typedef int (*node_fn)(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local);

/* Streams part `name` through libxml2's reader into fn. */
static int walk(struct zipx *z, const char *name, struct sink *s, node_fn fn, void *ctx)
{
	struct entry e = {0};
	int rc = entry_open(z, name, &e);
	if (rc)
		return rc;
	xmlTextReaderPtr r = xmlReaderForIO(entry_read, NULL, &e, NULL, NULL,
					    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!r) {
		rc = e.err ? e.err : ERR_NOMEM;
		goto out;
	}
	int ret = xmlTextReaderRead(r);
	while (ret == 1 && !s->full) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			rc = fail(DAMAGED);
			break;
		}
		rc = fn(ctx, r, type, (const char *)xmlTextReaderConstNamespaceUri(r),
			(const char *)xmlTextReaderConstLocalName(r));
		if (rc < 0)
			break;
		ret = rc == NODE_SKIP ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
		rc = 0;
	}
	if (!rc && ret < 0 && !s->full)
		rc = e.err ? e.err : fail(DAMAGED);
	xmlFreeTextReader(r);
out:
	zip_fclose(e.f);
	return rc ? rc : buf_err(s->out);
}

/* [Content_Types].xml: the main part and the other parts wanted, by type. */

struct part {
	char *name; /* the zip entry name (PartName without its '/') */
	int rank;   /* index in parts.want: the order of output */
};

struct parts {
	const char *main_ct;
	const char *const *want; /* NULL-terminated */
	size_t max;
	char *main;
	int mains;
	struct part *v;
	size_t n, cap;
};

static int parts_add(struct parts *p, const char *name, int rank)
{
	if (p->n >= p->max)
		return fail(TOO_MANY);
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		struct part *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return ERR_NOMEM;
		p->v = v;
		p->cap = cap;
	}
	if (!(p->v[p->n].name = strdup(name)))
		return ERR_NOMEM;
	p->v[p->n++].rank = rank;
	return 0;
}

static void parts_release(struct parts *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].name);
	free(p->v);
	free(p->main);
}

static int ct_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct parts *p = ctx;
	if (type != XML_READER_TYPE_ELEMENT || !ns || strcmp(ns, CT_NS) || strcmp(local, "Override"))
		return NODE_NEXT;
	char *ct = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "ContentType");
	char *pn = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "PartName");
	int rc = 0;
	if (ct && pn && pn[0] == '/' && pn[1]) {
		if (!strcmp(ct, p->main_ct)) {
			if (!p->mains++ && !(p->main = strdup(pn + 1)))
				rc = ERR_NOMEM;
		} else {
			for (int i = 0; p->want[i]; i++) {
				if (!strcmp(ct, p->want[i])) {
					rc = parts_add(p, pn + 1, i);
					break;
				}
			}
		}
	}
	xmlFree(ct);
	xmlFree(pn);
	return rc;
}

/* DOCX and XLSX text. */

struct ooxml {
	struct sink *s;
	bool in_t;   /* inside a text element */
	bool in_str; /* XLSX: inside a shared (si) or inline (is) string */
};

static bool is_ns(const char *ns, const char *a, const char *b)
{
	return ns && (!strcmp(ns, a) || !strcmp(ns, b));
}

static bool is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static void put_value(struct ooxml *x, xmlTextReaderPtr r)
{
	const char *v = (const char *)xmlTextReaderConstValue(r);
	if (v)
		sink_text(x->s, v, strlen(v));
}

static int docx_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct ooxml *x = ctx;
	if (is_text(type)) {
		if (x->in_t)
			put_value(x, r);
		return NODE_NEXT;
	}
	if (type == XML_READER_TYPE_ELEMENT && ns && !strcmp(ns, MC_NS) && !strcmp(local, "Fallback"))
		return NODE_SKIP; /* the same content as the mc:Choice before it */
	if (!is_ns(ns, W_NS, W_NS_STRICT))
		return NODE_NEXT;
	if (type == XML_READER_TYPE_ELEMENT) {
		size_t n = strlen(local);
		if (n > 2 && !strcmp(local + n - 2, "Pr"))
			return NODE_SKIP; /* properties: tab stops, styles, no text */
		if (!strcmp(local, "t"))
			x->in_t = !xmlTextReaderIsEmptyElement(r);
		else if (!strcmp(local, "tab"))
			sink_tab(x->s);
		else if (!strcmp(local, "br") || !strcmp(local, "cr"))
			sink_break(x->s, 1);
		else if (!strcmp(local, "noBreakHyphen"))
			sink_text(x->s, "-", 1);
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (!strcmp(local, "t"))
			x->in_t = false;
		else if (!strcmp(local, "p"))
			sink_break(x->s, 1);
	}
	return NODE_NEXT;
}

static int workbook_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct ooxml *x = ctx;
	if (type != XML_READER_TYPE_ELEMENT || !is_ns(ns, S_NS, S_NS_STRICT) || strcmp(local, "sheet"))
		return NODE_NEXT;
	char *name = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "name");
	if (name)
		sink_text(x->s, name, strlen(name));
	xmlFree(name);
	sink_break(x->s, 1);
	return NODE_NEXT;
}

/* Shared strings (si) and worksheets' inline strings (is): their t text. */
static int cells_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct ooxml *x = ctx;
	if (is_text(type)) {
		if (x->in_t)
			put_value(x, r);
		return NODE_NEXT;
	}
	if (!is_ns(ns, S_NS, S_NS_STRICT))
		return NODE_NEXT;
	bool str = !strcmp(local, "si") || !strcmp(local, "is");
	if (type == XML_READER_TYPE_ELEMENT) {
		if (str)
			x->in_str = !xmlTextReaderIsEmptyElement(r);
		else if (!strcmp(local, "rPh") || !strcmp(local, "phoneticPr"))
			return NODE_SKIP; /* phonetic guides repeat the text */
		else if (!strcmp(local, "t"))
			x->in_t = x->in_str && !xmlTextReaderIsEmptyElement(r);
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (str) {
			x->in_str = false;
			sink_break(x->s, 1);
		} else if (!strcmp(local, "t")) {
			x->in_t = false;
		}
	}
	return NODE_NEXT;
}

static const char *const docx_parts[] = {CT_W "header+xml", CT_W "footer+xml", CT_W "footnotes+xml",
					 CT_W "endnotes+xml", NULL};
static const char *const xlsx_parts[] = {CT_S "sharedStrings+xml", CT_S "worksheet+xml", NULL};

static int ooxml_text(const void *data, size_t len, bool word, const struct extract_limits *lim,
		      struct sink *s)
{
	pthread_once(&xml_once, xmlInitParser);
	struct zipx z = {.lim = lim};
	struct parts p = {.main_ct = word ? CT_W "document.main+xml" : CT_S "sheet.main+xml",
			  .want = word ? docx_parts : xlsx_parts,
			  .max = lim->max_entries};
	struct ooxml x = {.s = s};
	node_fn part_fn = word ? docx_node : cells_node;
	int rc = zipx_open(&z, data, len);
	if (!rc)
		rc = walk(&z, "[Content_Types].xml", s, ct_node, &p);
	if (rc == ERR_NOTFOUND || (!rc && p.mains != 1))
		rc = fail(word ? NOT_WORD : NOT_EXCEL);
	if (!rc)
		rc = walk(&z, p.main, s, word ? docx_node : workbook_node, &x);
	if (rc == ERR_NOTFOUND)
		rc = fail(word ? NOT_WORD : NOT_EXCEL);
	for (int rank = 0; !rc && p.want[rank]; rank++) {
		for (size_t i = 0; !rc && !s->full && i < p.n; i++) {
			if (p.v[i].rank != rank)
				continue;
			sink_break(s, 2);
			x = (struct ooxml){.s = s};
			rc = walk(&z, p.v[i].name, s, part_fn, &x);
			if (rc == ERR_NOTFOUND)
				rc = 0; /* declared but absent: Office shrugs too */
		}
	}
	parts_release(&p);
	if (z.za)
		zip_discard(z.za);
	return rc;
}

/* PDF text, page by page. `data` must outlive the document: it does, as
 * the document is released before returning, so it is not copied. */
static int pdf_text(const void *data, size_t len, const struct extract_limits *lim, struct sink *s,
		    bool *cut)
{
	if (!data || !len)
		return fail(DAMAGED);
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *gerr = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (!doc) {
		bool locked = gerr && g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
		g_clear_error(&gerr);
		return locked ? fail(ENCRYPTED) : fail(DAMAGED);
	}
	int n = poppler_document_get_n_pages(doc);
	size_t pages = n > 0 ? (size_t)n : 0;
	for (size_t i = 0; i < pages && i < lim->max_pages && !s->full; i++) {
		PopplerPage *page = poppler_document_get_page(doc, (int)i);
		if (!page)
			continue;
		char *text = poppler_page_get_text(page);
		if (text)
			sink_text(s, text, strlen(text));
		g_free(text);
		sink_break(s, 2);
		g_object_unref(page);
	}
	*cut = pages > lim->max_pages;
	g_object_unref(doc);
	return 0;
}

static int plain_text(const char *p, size_t len, struct sink *s)
{
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		p += 3;
		len -= 3;
	}
	if (!utf8_valid_text(p, len))
		return fail(NOT_UTF8);
	sink_text(s, p, len);
	return 0;
}

int extract_text(const char *kind, const void *data, size_t len, const struct extract_limits *lim,
		 struct buf *out, bool *truncated)
{
	const struct extract_limits defaults = EXTRACT_LIMITS_DEFAULT;
	if (truncated)
		*truncated = false;
	if (buf_err(out))
		return buf_err(out);
	if (!lim)
		lim = &defaults;
	size_t start = out->len;
	size_t room = out->max > start ? out->max - start : 0;
	struct sink s = {.out = out, .limit = start + (lim->max_text < room ? lim->max_text : room)};
	bool cut = false;
	int rc;
	if (!kind)
		rc = fail(BAD_KIND);
	else if (!strcmp(kind, "pdf"))
		rc = pdf_text(data, len, lim, &s, &cut);
	else if (!strcmp(kind, "docx") || !strcmp(kind, "xlsx"))
		rc = ooxml_text(data, len, kind[0] == 'd', lim, &s);
	else if (!strcmp(kind, "text"))
		rc = plain_text(data, len, &s);
	else if (!strcmp(kind, "png") || !strcmp(kind, "jpeg") || !strcmp(kind, "gif") || !strcmp(kind, "webp"))
		rc = 0;
	else
		rc = fail(BAD_KIND);
	if (!rc)
		rc = buf_err(out);
	if (rc) {
		if (!buf_err(out) && out->p) {
			out->len = start;
			out->p[start] = 0;
		}
		return rc;
	}
	if (truncated)
		*truncated = s.full || cut;
	return 0;
}
