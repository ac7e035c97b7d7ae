/* sniff: upload types from bytes (libmagic), OOXML by [Content_Types].xml
 * (libzip + libxml2), checked against the file name's extension. */
#include "export/sniff.h"

#include <libxml/xmlreader.h>
#include <magic.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/buf.h"
#include "core/utf8.h"

#define CONTENT_TYPES_MAX ((size_t)1 << 20)

#define MIME_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define MIME_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define CT_DOCX_MAIN MIME_DOCX ".main+xml"
#define CT_XLSX_MAIN MIME_XLSX ".main+xml"

/* Each kind, its extensions, and what to tell someone who misnamed it. */
static const struct kind {
	const char *kind, *mime, *ext[3];
	const char *mismatch_th, *mismatch_en;
} kinds[] = {
	{"pdf", "application/pdf", {"pdf"},
	 "ไฟล์นี้เป็น PDF แต่ชื่อไฟล์ไม่ได้ลงท้ายด้วย .pdf กรุณาเปลี่ยนชื่อไฟล์ให้ตรงกับชนิดแล้วอัปโหลดอีกครั้ง",
	 "This file is a PDF but its name does not end in .pdf; rename it to match and upload it again."},
	{"docx", MIME_DOCX, {"docx"},
	 "ไฟล์นี้เป็นเอกสาร Word แต่ชื่อไฟล์ไม่ได้ลงท้ายด้วย .docx กรุณาเปลี่ยนชื่อไฟล์ให้ตรงกับชนิดแล้วอัปโหลดอีกครั้ง",
	 "This file is a Word document but its name does not end in .docx; rename it to match and upload it again."},
	{"xlsx", MIME_XLSX, {"xlsx"},
	 "ไฟล์นี้เป็นสมุดงาน Excel แต่ชื่อไฟล์ไม่ได้ลงท้ายด้วย .xlsx กรุณาเปลี่ยนชื่อไฟล์ให้ตรงกับชนิดแล้วอัปโหลดอีกครั้ง",
	 "This file is an Excel workbook but its name does not end in .xlsx; rename it to match and upload it again."},
	{"png", "image/png", {"png"},
	 "ไฟล์นี้เป็นรูปภาพ PNG แต่ชื่อไฟล์ไม่ได้ลงท้ายด้วย .png กรุณาเปลี่ยนชื่อไฟล์ให้ตรงกับชนิดแล้วอัปโหลดอีกครั้ง",
	 "This file is a PNG image but its name does not end in .png; rename it to match and upload it again."},
	{"jpeg", "image/jpeg", {"jpg", "jpeg"},
	 "ไฟล์นี้เป็นรูปภาพ JPEG แต่ชื่อไฟล์ไม่ได้ลงท้ายด้วย .jpg หรือ .jpeg กรุณาเปลี่ยนชื่อไฟล์ให้ตรงกับชนิดแล้วอัปโหลดอีกครั้ง",
	 "This file is a JPEG image but its name does not end in .jpg or .jpeg; rename it to match and upload it again."},
	{"gif", "image/gif", {"gif"},
	 "ไฟล์นี้เป็นรูปภาพ GIF แต่ชื่อไฟล์ไม่ได้ลงท้ายด้วย .gif กรุณาเปลี่ยนชื่อไฟล์ให้ตรงกับชนิดแล้วอัปโหลดอีกครั้ง",
	 "This file is a GIF image but its name does not end in .gif; rename it to match and upload it again."},
	{"webp", "image/webp", {"webp"},
	 "ไฟล์นี้เป็นรูปภาพ WebP แต่ชื่อไฟล์ไม่ได้ลงท้ายด้วย .webp กรุณาเปลี่ยนชื่อไฟล์ให้ตรงกับชนิดแล้วอัปโหลดอีกครั้ง",
	 "This file is a WebP image but its name does not end in .webp; rename it to match and upload it again."},
	{"text", "text/plain", {"txt", "md", "csv"},
	 "ไฟล์นี้เป็นข้อความธรรมดา แต่ชื่อไฟล์ไม่ได้ลงท้ายด้วย .txt .md หรือ .csv กรุณาเปลี่ยนชื่อไฟล์ให้ตรงกับชนิดแล้วอัปโหลดอีกครั้ง",
	 "This file is plain text but its name does not end in .txt, .md or .csv; rename it to match and upload it again."},
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

static const struct kind *kind_find(const char *kind)
{
	for (size_t i = 0; kind && i < NKINDS; i++)
		if (!strcmp(kinds[i].kind, kind))
			return &kinds[i];
	return NULL;
}

static int empty(void)
{
	return err_fail(ERR_INVAL, "file", "ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ที่มีเนื้อหา",
			"The file is empty; choose a file with content.");
}

static int unsupported(void)
{
	return err_fail(ERR_INVAL, "file",
			"ระบบไม่รับไฟล์ชนิดนี้ รับเฉพาะ PDF, Word (.docx), Excel (.xlsx), รูปภาพ PNG, JPEG, GIF, WebP "
			"และไฟล์ข้อความ UTF-8 (.txt, .md, .csv)",
			"This type of file is not accepted; upload PDF, Word (.docx), Excel (.xlsx), PNG, JPEG, GIF or "
			"WebP images, or UTF-8 text (.txt, .md, .csv).");
}

static int not_utf8(void)
{
	return err_fail(ERR_INVAL, "file",
			"ไฟล์ข้อความต้องเข้ารหัสแบบ UTF-8 กรุณาบันทึกไฟล์ใหม่เป็น UTF-8 แล้วอัปโหลดอีกครั้ง",
			"Text files must be encoded in UTF-8; save the file as UTF-8 and upload it again.");
}

static int damaged(void)
{
	return err_fail(ERR_INVAL, "file",
			"ไฟล์ Word หรือ Excel นี้เสียหายหรือไม่สมบูรณ์ กรุณาเปิดแล้วบันทึกใหม่ก่อนอัปโหลด",
			"This Word or Excel file is damaged or incomplete; open it, save it again and upload it.");
}

static int locked(void)
{
	return err_fail(ERR_INVAL, "file",
			"ไฟล์นี้มีรหัสผ่านหรือเป็นไฟล์ Office รุ่นเก่า (.doc, .xls) กรุณาเอารหัสผ่านออกและบันทึกเป็น "
			".docx หรือ .xlsx แล้วอัปโหลดอีกครั้ง",
			"This file is password-protected or in an old Office format (.doc, .xls); remove the "
			"password, save it as .docx or .xlsx and upload it again.");
}

static int magic_unavailable(void)
{
	return err_fail(ERR_IO, "file", "ระบบตรวจชนิดไฟล์ไม่พร้อมใช้งาน กรุณาแจ้งผู้ดูแลระบบ",
			"File type detection is unavailable; tell the administrator.");
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static bool starts(const void *data, size_t len, size_t off, const char *sig, size_t n)
{
	return len >= off + n && !memcmp((const char *)data + off, sig, n);
}

/* The media type libmagic names, copied into mime[cap]. */
static int magic_type(const void *data, size_t len, char *mime, size_t cap)
{
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
			       MAGIC_NO_CHECK_CDF | MAGIC_NO_CHECK_ELF);
	if (!m)
		return magic_unavailable();
	int rc = 0;
	if (magic_load(m, NULL) != 0) {
		rc = magic_unavailable();
		goto out;
	}
	const char *t = magic_buffer(m, data, len);
	if (!t || strlen(t) >= cap) {
		rc = unsupported();
		goto out;
	}
	memcpy(mime, t, strlen(t) + 1);
out:
	magic_close(m);
	return rc;
}

/* Reads one zip entry, at most `max` bytes whatever its header claims. */
static int read_entry(zip_t *za, zip_int64_t idx, size_t max, struct buf *out)
{
	zip_stat_t st;
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0)
		return damaged();
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return locked();
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > max)
		return damaged();
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!f)
		return damaged();
	int rc = 0;
	char chunk[16384];
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, sizeof chunk);
		if (n < 0) {
			rc = damaged();
			break;
		}
		if (n == 0)
			break;
		buf_append(out, chunk, (size_t)n);
		if (buf_err(out)) {
			rc = buf_err(out) == ERR_NOMEM ? ERR_NOMEM : damaged();
			break;
		}
	}
	zip_fclose(f);
	return rc;
}

/* Finds the one OOXML main part that [Content_Types].xml declares with an
 * <Override> and checks that the zip holds it: "docx", "xlsx" or an error. */
static int content_types_kind(zip_t *za, const struct buf *xml, const char **kind)
{
	xmlTextReaderPtr r = xmlReaderForMemory(buf_cstr(xml), (int)xml->len, NULL, NULL,
						XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!r)
		return ERR_NOMEM;
	int rc = 0, ret, mains = 0;
	const char *found = NULL;
	while ((ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			ret = -1; /* OOXML has no DTD; refuse entity games */
			break;
		}
		const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
		const char *local = (const char *)xmlTextReaderConstLocalName(r);
		if (type != XML_READER_TYPE_ELEMENT || !ns || strcmp(ns, CT_NS) || strcmp(local, "Override"))
			continue;
		xmlChar *ct = xmlTextReaderGetAttribute(r, BAD_CAST "ContentType");
		xmlChar *part = xmlTextReaderGetAttribute(r, BAD_CAST "PartName");
		const char *k = NULL;
		if (ct && !strcmp((const char *)ct, CT_DOCX_MAIN))
			k = "docx";
		else if (ct && !strcmp((const char *)ct, CT_XLSX_MAIN))
			k = "xlsx";
		if (k) {
			mains++;
			found = k;
			const char *name = (const char *)part;
			if (!name || name[0] != '/' || zip_name_locate(za, name + 1, ZIP_FL_NOCASE) < 0)
				rc = damaged(); /* the declared main part is missing */
		}
		xmlFree(ct);
		xmlFree(part);
		if (rc)
			break;
	}
	xmlFreeTextReader(r);
	if (rc)
		return rc;
	if (ret < 0)
		return damaged();
	if (mains != 1)
		return unsupported(); /* PowerPoint, macro-enabled, templates, or ambiguous */
	*kind = found;
	return 0;
}

/* A zip from libmagic's point of view: "docx" or "xlsx" by its content types. */
static int ooxml_kind(const void *data, size_t len, const char **kind)
{
	pthread_once(&xml_once, xmlInitParser);
	zip_error_t ze;
	zip_error_init(&ze);
	struct buf xml;
	buf_init(&xml, CONTENT_TYPES_MAX);
	zip_t *za = NULL;
	int rc;
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		rc = ERR_NOMEM;
		goto out;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za) {
		zip_source_free(src);
		rc = zip_error_code_zip(&ze) == ZIP_ER_MEMORY ? ERR_NOMEM : damaged();
		goto out;
	}
	zip_int64_t idx = zip_name_locate(za, "[Content_Types].xml", ZIP_FL_NOCASE);
	if (idx < 0) {
		rc = unsupported(); /* a zip, but no Office document */
		goto out;
	}
	if ((rc = read_entry(za, idx, CONTENT_TYPES_MAX, &xml)))
		goto out;
	rc = content_types_kind(za, &xml, kind);
out:
	if (za)
		zip_discard(za);
	buf_release(&xml);
	zip_error_fini(&ze);
	return rc;
}

static bool is_zip_mime(const char *mime)
{
	return !strcmp(mime, "application/zip") || !strcmp(mime, "application/x-zip") ||
	       !strcmp(mime, "application/x-zip-compressed") || !strcmp(mime, "application/octet-stream") ||
	       !strcmp(mime, MIME_DOCX) || !strcmp(mime, MIME_XLSX);
}

static bool is_text_mime(const char *mime)
{
	return !strncmp(mime, "text/", 5) || !strcmp(mime, "application/json") ||
	       !strcmp(mime, "application/csv");
}

/* UTF-8 text, after an optional byte order mark. */
static bool utf8_text(const void *data, size_t len)
{
	const char *p = data;
	if (starts(p, len, 0, "\xEF\xBB\xBF", 3)) {
		p += 3;
		len -= 3;
	}
	return utf8_valid_text(p, len);
}

int sniff_detect(const void *data, size_t len, struct sniff_result *out)
{
	*out = (struct sniff_result){0};
	if (!data || len == 0)
		return empty();
	char mime[128];
	int rc = magic_type(data, len, mime, sizeof mime);
	if (rc)
		return rc;
	const char *kind = NULL;
	if (!strcmp(mime, "application/pdf") && starts(data, len, 0, "%PDF-", 5))
		kind = "pdf";
	else if (!strcmp(mime, "image/png") && starts(data, len, 0, "\x89PNG\r\n\x1A\n", 8))
		kind = "png";
	else if (!strcmp(mime, "image/jpeg") && starts(data, len, 0, "\xFF\xD8\xFF", 3))
		kind = "jpeg";
	else if (!strcmp(mime, "image/gif") &&
		 (starts(data, len, 0, "GIF87a", 6) || starts(data, len, 0, "GIF89a", 6)))
		kind = "gif";
	else if (!strcmp(mime, "image/webp") && starts(data, len, 0, "RIFF", 4) &&
		 starts(data, len, 8, "WEBP", 4))
		kind = "webp";
	else if (is_zip_mime(mime) && starts(data, len, 0, "PK\x03\x04", 4)) {
		if ((rc = ooxml_kind(data, len, &kind)))
			return rc;
	} else if (is_text_mime(mime)) {
		if (!utf8_text(data, len))
			return not_utf8();
		kind = "text";
	} else if (starts(data, len, 0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
		return locked(); /* OLE compound file: .doc/.xls, or an encrypted .docx/.xlsx */
	}
	const struct kind *k = kind_find(kind);
	if (!k)
		return unsupported();
	out->kind = k->kind;
	out->mime = k->mime;
	return 0;
}

/* The extension of `filename` (after its last '.'), or NULL. */
static const char *extension(const char *filename)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	return dot && dot[1] ? dot + 1 : NULL;
}

bool sniff_extension_ok(const char *kind, const char *filename)
{
	const struct kind *k = kind_find(kind);
	const char *ext = extension(filename);
	if (!k || !ext)
		return false;
	for (size_t i = 0; i < 3 && k->ext[i]; i++)
		if (!strcasecmp(k->ext[i], ext))
			return true;
	return false;
}

int sniff_file(const void *data, size_t len, const char *filename, struct sniff_result *out)
{
	int rc = sniff_detect(data, len, out);
	if (rc)
		return rc;
	if (!sniff_extension_ok(out->kind, filename)) {
		const struct kind *k = kind_find(out->kind);
		*out = (struct sniff_result){0};
		return err_fail(ERR_INVAL, "file", k->mismatch_th, k->mismatch_en);
	}
	if (!strcmp(out->kind, "text")) {
		const char *ext = extension(filename);
		if (!strcasecmp(ext, "md"))
			out->mime = "text/markdown";
		else if (!strcasecmp(ext, "csv"))
			out->mime = "text/csv";
	}
	return 0;
}
