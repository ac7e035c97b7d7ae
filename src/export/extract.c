/* extract: text from PDF, DOCX, XLSX and plain text, within limits. */
#include "export/extract.h"

#include <glib.h>
#include <libxml/xmlreader.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/utf8.h"

/* The output: text with runs of white space collapsed, capped. */
struct sink {
	struct buf *out;
	size_t max;
	bool truncated;
	char last; /* the last byte written: ' ', '\n' or other */
};

static void sink_text(struct sink *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n && !s->truncated;) {
		unsigned char c = (unsigned char)p[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
			char w = (c == '\n' || c == '\f') ? '\n' : ' ';
			if (s->last == '\n' || (s->last == ' ' && w == ' ') || s->out->len == 0) {
				i++;
				continue;
			}
			if (s->last == ' ' && w == '\n')
				s->out->p[s->out->len - 1] = '\n';
			else
				buf_putc(s->out, w);
			s->last = w;
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (!len || cp < 0x20) { /* drop what is not text */
			i += len ? len : 1;
			continue;
		}
		if (s->out->len + len > s->max) {
			s->truncated = true;
			break;
		}
		buf_append(s->out, p + i, len);
		s->last = 'x';
		i += len;
	}
}

static void sink_break(struct sink *s, char c)
{
	sink_text(s, &c, 1);
}

/* PDF */

static int pdf_text(const void *data, size_t len, const struct extract_limits *lim, struct sink *s)
{
	GBytes *bytes = g_bytes_new(data, len);
	GError *err = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	g_bytes_unref(bytes);
	if (!doc) {
		if (err)
			g_error_free(err);
		return err_fail(ERR_INVAL, "file", "อ่านไฟล์ PDF ไม่ได้ (ไฟล์เสียหรือมีรหัสผ่าน)",
				"The PDF cannot be read (damaged or password-protected).");
	}
	int pages = poppler_document_get_n_pages(doc);
	for (int i = 0; i < pages && i < lim->max_pages && !s->truncated; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (!page)
			continue;
		char *text = poppler_page_get_text(page);
		if (text) {
			sink_text(s, text, strlen(text));
			sink_break(s, '\n');
			g_free(text);
		}
		g_object_unref(page);
	}
	g_object_unref(doc);
	return buf_err(s->out);
}

/* Zip entries, read with limits whatever the headers claim. */

static int zip_entry(zip_t *z, const char *name, const struct extract_limits *lim, struct buf *xml)
{
	zip_stat_t st;
	if (zip_stat(z, name, 0, &st) != 0)
		return ERR_NOTFOUND;
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return err_fail(ERR_INVAL, "file", "ไฟล์ถูกเข้ารหัส อ่านไม่ได้", "The file is encrypted.");
	size_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? (size_t)st.comp_size : 0;
	size_t cap = lim->max_entry;
	if (comp && comp < cap / lim->max_ratio)
		cap = comp * lim->max_ratio + 4096;
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f)
		return err_fail(ERR_INVAL, "file", "ไฟล์เสียหาย", "The file is damaged.");
	char chunk[65536];
	int rc = 0;
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, sizeof chunk);
		if (n < 0) {
			rc = err_fail(ERR_INVAL, "file", "ไฟล์เสียหาย", "The file is damaged.");
			break;
		}
		if (n == 0)
			break;
		if (xml->len + (size_t)n > cap) {
			rc = err_fail(ERR_TOOBIG, "file", "ไฟล์ขยายตัวเกินกำหนดเมื่อแตกออก (zip bomb)",
				      "The file expands beyond the limit when unpacked (a zip bomb?).");
			break;
		}
		buf_append(xml, chunk, (size_t)n);
		if ((rc = buf_err(xml)))
			break;
	}
	zip_fclose(f);
	return rc;
}

/* Walks XML text: the text of elements named `text_el` (local name), a line
 * break after each `para_el`, a tab for `tab_el`. */
static int xml_text(const struct buf *xml, const char *text_el, const char *para_el,
		    const char *tab_el, struct sink *s)
{
	xmlTextReaderPtr r = xmlReaderForMemory(xml->p ? xml->p : "", (int)xml->len, NULL, NULL,
					       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!r)
		return err_fail(ERR_INVAL, "file", "ไฟล์เสียหาย", "The file is damaged.");
	int in_text = 0, ret;
	while ((ret = xmlTextReaderRead(r)) == 1 && !s->truncated) {
		int type = xmlTextReaderNodeType(r);
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			if (name && !strcmp(name, text_el) && !xmlTextReaderIsEmptyElement(r))
				in_text = 1;
			else if (name && tab_el && !strcmp(name, tab_el))
				sink_break(s, ' ');
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (name && !strcmp(name, text_el))
				in_text = 0;
			else if (name && !strcmp(name, para_el))
				sink_break(s, '\n');
		} else if (in_text && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
				       type == XML_READER_TYPE_CDATA)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v)
				sink_text(s, v, strlen(v));
		}
	}
	xmlFreeTextReader(r);
	if (ret < 0 && !s->truncated)
		return err_fail(ERR_INVAL, "file", "ไฟล์เสียหาย (XML ไม่ถูกต้อง)", "The file is damaged (bad XML).");
	return buf_err(s->out);
}

static int ooxml_text(const void *data, size_t len, bool word, const struct extract_limits *lim,
		      struct sink *s)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
	if (!src)
		return ERR_NOMEM;
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &err);
	if (!z) {
		zip_source_free(src);
		return err_fail(ERR_INVAL, "file", "ไฟล์เสียหาย", "The file is damaged.");
	}
	struct buf xml;
	buf_init(&xml, lim->max_entry);
	int rc;
	if (word) {
		rc = zip_entry(z, "word/document.xml", lim, &xml);
		if (rc == ERR_NOTFOUND)
			rc = err_fail(ERR_INVAL, "file", "ไม่พบเนื้อหาในไฟล์ DOCX", "The DOCX has no document part.");
		if (!rc)
			rc = xml_text(&xml, "t", "p", "tab", s);
	} else {
		rc = zip_entry(z, "xl/sharedStrings.xml", lim, &xml);
		if (!rc)
			rc = xml_text(&xml, "t", "si", NULL, s);
		else if (rc == ERR_NOTFOUND)
			rc = 0; /* a workbook of numbers only */
	}
	buf_release(&xml);
	zip_close(z);
	return rc;
}

int extract_text(const char *kind, const void *data, size_t len, const struct extract_limits *lim,
		 struct buf *out, bool *truncated)
{
	struct sink s = {.out = out, .max = lim->max_text, .last = '\n'};
	int rc = 0;
	if (!strcmp(kind, "pdf"))
		rc = pdf_text(data, len, lim, &s);
	else if (!strcmp(kind, "docx"))
		rc = ooxml_text(data, len, true, lim, &s);
	else if (!strcmp(kind, "xlsx"))
		rc = ooxml_text(data, len, false, lim, &s);
	else if (!strcmp(kind, "text"))
		sink_text(&s, data, len);
	if (truncated)
		*truncated = s.truncated;
	return rc ? rc : buf_err(out);
}
