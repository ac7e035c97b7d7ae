/* sniff: file types by content (libmagic, libzip), checked against names. */
#include "export/sniff.h"

#include <magic.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/utf8.h"

#define CONTENT_TYPES_MAX (256 << 10)

static const struct {
	const char *kind, *mime, *ext[3];
} kinds[] = {
	{"pdf", "application/pdf", {"pdf"}},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}},
	{"png", "image/png", {"png"}},
	{"jpeg", "image/jpeg", {"jpg", "jpeg"}},
	{"gif", "image/gif", {"gif"}},
	{"webp", "image/webp", {"webp"}},
	{"text", "text/plain; charset=utf-8", {"txt", "md", "csv"}},
};

/* One libmagic cookie per thread: cookies are not thread-safe. */
static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void close_cookie(void *cookie)
{
	magic_close(cookie);
}

static void make_key(void)
{
	pthread_key_create(&key, close_cookie);
}

static magic_t cookie(void)
{
	pthread_once(&once, make_key);
	magic_t m = pthread_getspecific(key);
	if (!m) {
		m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR);
		if (m && magic_load(m, NULL) != 0) {
			magic_close(m);
			m = NULL;
		}
		if (m)
			pthread_setspecific(key, m);
	}
	return m;
}

/* Reads [Content_Types].xml of an OOXML zip: "docx", "xlsx" or NULL. */
static const char *ooxml_kind(const void *data, size_t len)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
	if (!src)
		return NULL;
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &err);
	if (!z) {
		zip_source_free(src);
		return NULL;
	}
	const char *kind = NULL;
	zip_stat_t st;
	zip_file_t *f = NULL;
	if (zip_stat(z, "[Content_Types].xml", 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size < CONTENT_TYPES_MAX && (f = zip_fopen(z, "[Content_Types].xml", 0))) {
		char *text = malloc(CONTENT_TYPES_MAX + 1);
		zip_int64_t n = text ? zip_fread(f, text, CONTENT_TYPES_MAX) : -1;
		if (n > 0) {
			text[n] = 0;
			if (strstr(text, "wordprocessingml.document.main+xml"))
				kind = "docx";
			else if (strstr(text, "spreadsheetml.sheet.main+xml"))
				kind = "xlsx";
		}
		free(text);
		zip_fclose(f);
	}
	zip_close(z);
	return kind;
}

static const char *extension(const char *filename)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	return dot && dot[1] ? dot + 1 : "";
}

int sniff_file(const void *data, size_t len, const char *filename, struct sniff_result *out)
{
	if (len == 0)
		return err_fail(ERR_INVAL, "file", "ไฟล์ว่างเปล่า", "The file is empty.");
	magic_t m = cookie();
	const char *mime = m ? magic_buffer(m, data, len) : NULL;
	if (!mime)
		mime = "application/octet-stream";
	const char *kind = NULL;
	if (!strcmp(mime, "application/pdf"))
		kind = "pdf";
	else if (!strcmp(mime, "image/png"))
		kind = "png";
	else if (!strcmp(mime, "image/jpeg"))
		kind = "jpeg";
	else if (!strcmp(mime, "image/gif"))
		kind = "gif";
	else if (!strcmp(mime, "image/webp"))
		kind = "webp";
	else if (!strcmp(mime, "application/zip") || !strncmp(mime, "application/vnd.openxmlformats", 30) ||
		 !strcmp(mime, "application/octet-stream"))
		kind = len > 4 && !memcmp(data, "PK\x03\x04", 4) ? ooxml_kind(data, len) : NULL;
	else if (!strncmp(mime, "text/", 5) && utf8_valid_text(data, len))
		kind = "text";
	if (!kind)
		return err_fail(ERR_INVAL, "file",
				"ไม่รองรับไฟล์ประเภทนี้ (รับ PDF, DOCX, XLSX, รูปภาพ PNG/JPEG/GIF/WebP และข้อความ UTF-8)",
				"Unsupported file type (PDF, DOCX, XLSX, PNG/JPEG/GIF/WebP images and UTF-8 text only).");
	const char *ext = extension(filename);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(kinds[i].kind, kind))
			continue;
		for (int e = 0; e < 3 && kinds[i].ext[e]; e++) {
			if (!strcasecmp(kinds[i].ext[e], ext)) {
				out->kind = kinds[i].kind;
				out->mime = kinds[i].mime;
				return 0;
			}
		}
	}
	return err_fail(ERR_INVAL, "file", "นามสกุลของไฟล์ไม่ตรงกับเนื้อหาของไฟล์",
			"The file's extension does not match its content.");
}
