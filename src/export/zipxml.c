/* zipxml: OOXML parts streamed out of a zip into libxml2's reader, every
 * entry checked against the limits whatever its headers claim. */
#include "export/zipxml.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	int code;
	const char *th, *en;
} msgs[] = {
	[ZIPXML_DAMAGED] = {ERR_INVAL, "ไฟล์เสียหายหรือไม่สมบูรณ์ อ่านข้อความในไฟล์ไม่ได้ กรุณาเปิดแล้วบันทึกใหม่ก่อนอัปโหลด",
			    "The file is damaged or incomplete and its text cannot be read; open it, save it again and upload it."},
	[ZIPXML_ENCRYPTED] = {ERR_INVAL, "ไฟล์นี้มีรหัสผ่านหรือถูกเข้ารหัส กรุณาเอารหัสผ่านออกแล้วอัปโหลดอีกครั้ง",
			      "The file is password-protected or encrypted; remove the password and upload it again."},
	[ZIPXML_BOMB] = {ERR_TOOBIG,
			 "ไฟล์นี้ขยายตัวเกินขนาดที่กำหนดเมื่อแตกไฟล์ (อาจเป็นไฟล์อันตราย) กรุณาตรวจสอบไฟล์หรือแบ่งเป็นไฟล์ที่เล็กลง",
			 "The file unpacks to more than is allowed (it may be a zip bomb); check it or split it into smaller files."},
	[ZIPXML_TOO_MANY] = {ERR_TOOBIG, "ไฟล์นี้มีส่วนประกอบภายในมากเกินไป กรุณาแบ่งเป็นไฟล์ที่เล็กลง",
			     "The file holds too many internal parts; split it into smaller files."},
};

int zipxml_fail(enum zipxml_msg m)
{
	return err_fail(msgs[m].code, "file", msgs[m].th, msgs[m].en);
}

bool zipxml_ns(const char *ns, const char *a, const char *b)
{
	return ns && (!strcmp(ns, a) || !strcmp(ns, b));
}

bool zipxml_is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* One entry being read. */
struct entry {
	struct zipxml *z;
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

int zipxml_open(struct zipxml *z, const void *data, size_t len, const struct extract_limits *lim)
{
	pthread_once(&xml_once, xmlInitParser);
	*z = (struct zipxml){.lim = lim};
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
		rc = zip_error_code_zip(&ze) == ZIP_ER_MEMORY ? ERR_NOMEM : zipxml_fail(ZIPXML_DAMAGED);
		goto out;
	}
	zip_int64_t n = zip_get_num_entries(z->za, 0);
	if (n < 0) {
		rc = zipxml_fail(ZIPXML_DAMAGED);
		goto out;
	}
	if ((zip_uint64_t)n > lim->max_entries) {
		rc = zipxml_fail(ZIPXML_TOO_MANY);
		goto out;
	}
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0) {
			rc = zipxml_fail(ZIPXML_DAMAGED);
			goto out;
		}
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
			rc = zipxml_fail(ZIPXML_ENCRYPTED);
			goto out;
		}
	}
out:
	zip_error_fini(&ze);
	if (rc)
		zipxml_close(z);
	return rc;
}

void zipxml_close(struct zipxml *z)
{
	if (z->za)
		zip_discard(z->za);
	z->za = NULL;
}

static int entry_open(struct zipxml *z, const char *name, struct entry *e)
{
	zip_int64_t idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return ERR_NOTFOUND;
	zip_stat_t st;
	if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_COMP_SIZE) || st.size > SIZE_MAX || st.comp_size > SIZE_MAX)
		return zipxml_fail(ZIPXML_DAMAGED);
	*e = (struct entry){.z = z, .declared = (size_t)st.size, .comp = (size_t)st.comp_size,
			    .before = z->total};
	if (over(z->lim, e->declared, e->comp, z->total))
		return zipxml_fail(ZIPXML_BOMB);
	e->f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
	return e->f ? 0 : zipxml_fail(ZIPXML_DAMAGED);
}

/* libxml2's input callback: the next bytes of the entry, checked. */
static int entry_read(void *ctx, char *p, int len)
{
	struct entry *e = ctx;
	if (e->err || len < 0)
		return -1;
	zip_int64_t n = zip_fread(e->f, p, (zip_uint64_t)len);
	if (n < 0) {
		e->err = zipxml_fail(ZIPXML_DAMAGED); /* bad deflate data or CRC */
		return -1;
	}
	e->got += (size_t)n;
	e->z->total = e->before + e->got;
	if (e->got > e->declared || over(e->z->lim, e->got, e->comp, e->before)) {
		e->err = zipxml_fail(ZIPXML_BOMB);
		return -1;
	}
	return (int)n;
}

int zipxml_walk(struct zipxml *z, const char *name, zipxml_node_fn fn, void *ctx, const bool *stop)
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
	while (ret == 1 && !(stop && *stop)) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			rc = zipxml_fail(ZIPXML_DAMAGED);
			break;
		}
		rc = fn(ctx, r, type, (const char *)xmlTextReaderConstNamespaceUri(r),
			(const char *)xmlTextReaderConstLocalName(r));
		if (rc < 0)
			break;
		ret = rc == ZIPXML_SKIP ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
		rc = 0;
	}
	if (!rc && ret < 0 && !(stop && *stop))
		rc = e.err ? e.err : zipxml_fail(ZIPXML_DAMAGED);
	xmlFreeTextReader(r);
out:
	zip_fclose(e.f);
	return rc;
}

/* [Content_Types].xml */

static int parts_add(struct zipxml_parts *p, size_t max, const char *name, int rank)
{
	if (p->n >= max)
		return zipxml_fail(ZIPXML_TOO_MANY);
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		struct zipxml_part *v = realloc(p->v, cap * sizeof *v);
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

void zipxml_parts_release(struct zipxml_parts *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].name);
	free(p->v);
	free(p->main);
	p->v = NULL;
	p->main = NULL;
	p->n = p->cap = 0;
}

struct ct_walk {
	struct zipxml_parts *p;
	size_t max;
};

static int ct_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct ct_walk *w = ctx;
	struct zipxml_parts *p = w->p;
	if (type != XML_READER_TYPE_ELEMENT || !ns || strcmp(ns, ZIPXML_CT_NS) || strcmp(local, "Override"))
		return ZIPXML_NEXT;
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
					rc = parts_add(p, w->max, pn + 1, i);
					break;
				}
			}
		}
	}
	xmlFree(ct);
	xmlFree(pn);
	return rc;
}

int zipxml_content_types(struct zipxml *z, struct zipxml_parts *p)
{
	struct ct_walk w = {.p = p, .max = z->lim->max_entries};
	return zipxml_walk(z, "[Content_Types].xml", ct_node, &w, NULL);
}
