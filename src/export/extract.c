/* extract: search text from PDF (poppler-glib), DOCX and XLSX (libzip +
 * libxml2, entries streamed within limits) and UTF-8 text. */
#include "export/extract.h"

#include <glib.h>
#include <poppler.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "export/zipxml.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define S_NS ZIPXML_S_NS
#define S_NS_STRICT ZIPXML_S_NS_STRICT
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define CT_W "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define CT_S ZIPXML_CT_S

/* What the user is told; every detail names the field "file" (damage,
 * encryption and zip limits: zipxml_fail). */
enum msg { NOT_UTF8, NOT_WORD, NOT_EXCEL, BAD_KIND };

static const struct {
	int code;
	const char *th, *en;
} msgs[] = {
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

/* DOCX and XLSX text. */

struct ooxml {
	struct sink *s;
	bool in_t;   /* inside a text element */
	bool in_str; /* XLSX: inside a shared (si) or inline (is) string */
};

/* Streams part `name` into fn until the sink is full. */
static int walk(struct zipxml *z, const char *name, struct sink *s, zipxml_node_fn fn, void *ctx)
{
	int rc = zipxml_walk(z, name, fn, ctx, &s->full);
	return rc ? rc : buf_err(s->out);
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
	if (zipxml_is_text(type)) {
		if (x->in_t)
			put_value(x, r);
		return ZIPXML_NEXT;
	}
	if (type == XML_READER_TYPE_ELEMENT && ns && !strcmp(ns, MC_NS) && !strcmp(local, "Fallback"))
		return ZIPXML_SKIP; /* the same content as the mc:Choice before it */
	if (!zipxml_ns(ns, W_NS, W_NS_STRICT))
		return ZIPXML_NEXT;
	if (type == XML_READER_TYPE_ELEMENT) {
		size_t n = strlen(local);
		if (n > 2 && !strcmp(local + n - 2, "Pr"))
			return ZIPXML_SKIP; /* properties: tab stops, styles, no text */
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
	return ZIPXML_NEXT;
}

static int workbook_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct ooxml *x = ctx;
	if (type != XML_READER_TYPE_ELEMENT || !zipxml_ns(ns, S_NS, S_NS_STRICT) || strcmp(local, "sheet"))
		return ZIPXML_NEXT;
	char *name = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "name");
	if (name)
		sink_text(x->s, name, strlen(name));
	xmlFree(name);
	sink_break(x->s, 1);
	return ZIPXML_NEXT;
}

/* Shared strings (si) and worksheets' inline strings (is): their t text. */
static int cells_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct ooxml *x = ctx;
	if (zipxml_is_text(type)) {
		if (x->in_t)
			put_value(x, r);
		return ZIPXML_NEXT;
	}
	if (!zipxml_ns(ns, S_NS, S_NS_STRICT))
		return ZIPXML_NEXT;
	bool str = !strcmp(local, "si") || !strcmp(local, "is");
	if (type == XML_READER_TYPE_ELEMENT) {
		if (str)
			x->in_str = !xmlTextReaderIsEmptyElement(r);
		else if (!strcmp(local, "rPh") || !strcmp(local, "phoneticPr"))
			return ZIPXML_SKIP; /* phonetic guides repeat the text */
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
	return ZIPXML_NEXT;
}

static const char *const docx_parts[] = {CT_W "header+xml", CT_W "footer+xml", CT_W "footnotes+xml",
					 CT_W "endnotes+xml", NULL};
static const char *const xlsx_parts[] = {CT_S "sharedStrings+xml", CT_S "worksheet+xml", NULL};

static int ooxml_text(const void *data, size_t len, bool word, const struct extract_limits *lim,
		      struct sink *s)
{
	struct zipxml z = {0};
	struct zipxml_parts p = {.main_ct = word ? CT_W "document.main+xml" : CT_S "sheet.main+xml",
				 .want = word ? docx_parts : xlsx_parts};
	struct ooxml x = {.s = s};
	zipxml_node_fn part_fn = word ? docx_node : cells_node;
	int rc = zipxml_open(&z, data, len, lim);
	if (!rc)
		rc = zipxml_content_types(&z, &p);
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
	zipxml_parts_release(&p);
	zipxml_close(&z);
	return rc;
}

/* PDF text, page by page. `data` must outlive the document: it does, as
 * the document is released before returning, so it is not copied. */
static int pdf_text(const void *data, size_t len, const struct extract_limits *lim, struct sink *s,
		    bool *cut)
{
	if (!data || !len)
		return zipxml_fail(ZIPXML_DAMAGED);
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *gerr = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (!doc) {
		bool locked = gerr && g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
		g_clear_error(&gerr);
		return locked ? zipxml_fail(ZIPXML_ENCRYPTED) : zipxml_fail(ZIPXML_DAMAGED);
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
