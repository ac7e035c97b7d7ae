/* table: CSV and XLSX uploads read into rows of text cells, within limits. */
#include "export/table.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/cal.h"
#include "core/utf8.h"
#include "export/zipxml.h"

/* What a table may take in memory: cells, shared strings, row pointers. */
#define TABLE_ARENA_CAP ((size_t)192 << 20)
/* Shared strings a workbook may hold. */
#define SST_MAX 1000000
/* Bytes gathered for one cell: past this it is surely over TABLE_MAX_CELL
 * characters (a character is at most 4 bytes). */
#define CELL_GATHER (TABLE_MAX_CELL * 4 + 4)
/* The last row and column a worksheet may have (Excel's). */
#define SHEET_MAX_ROW 1048576
#define SHEET_MAX_COL 16384

#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"

enum msg { M_FILE_BIG, M_ROWS, M_STRINGS, M_ENCODING, M_XLS, M_ODS, M_NOT_XLSX, M_NO_SHEET, M_NONE };

static const struct {
	int code;
	const char *th, *en;
} msgs[] = {
	[M_FILE_BIG] = {ERR_TOOBIG, "ไฟล์ใหญ่เกิน 10 MB กรุณาแบ่งเป็นหลายไฟล์",
			"The file is larger than 10 MB; split it into several files."},
	[M_ROWS] = {ERR_TOOBIG, "ไฟล์มีข้อมูลเกิน 10,000 แถว กรุณาแบ่งเป็นหลายไฟล์",
		    "The file has more than 10,000 rows; split it into several files."},
	[M_STRINGS] = {ERR_TOOBIG, "ไฟล์ Excel มีข้อความมากเกินกว่าที่อ่านได้ กรุณาแบ่งเป็นหลายไฟล์",
		       "The workbook holds more texts than can be read; split it into several files."},
	[M_ENCODING] = {ERR_INVAL,
			"อ่านไฟล์ CSV ไม่ได้: ต้องเป็นข้อความ UTF-8 หรือ TIS-620 (ภาษาไทยแบบ Windows) กรุณาบันทึกเป็น \"CSV UTF-8\" แล้วอัปโหลดอีกครั้ง",
			"The CSV file cannot be read: it must be UTF-8 or TIS-620 (Thai Windows) text; save it as \"CSV UTF-8\" and upload it again."},
	[M_XLS] = {ERR_INVAL,
		   "ไฟล์นี้เป็น Excel รุ่นเก่า (.xls) หรือมีรหัสผ่าน กรุณาบันทึกเป็น .xlsx (ไม่ใส่รหัสผ่าน) หรือ CSV แล้วอัปโหลดอีกครั้ง",
		   "The file is an old Excel workbook (.xls) or has a password; save it as .xlsx (without a password) or CSV and upload it again."},
	[M_ODS] = {ERR_INVAL, "ไฟล์ OpenDocument (.ods) ยังไม่รองรับ กรุณาบันทึกเป็น .xlsx หรือ CSV แล้วอัปโหลดอีกครั้ง",
		   "OpenDocument spreadsheets (.ods) are not read; save it as .xlsx or CSV and upload it again."},
	[M_NOT_XLSX] = {ERR_INVAL, "ไฟล์นี้ไม่ใช่สมุดงาน Excel (.xlsx) ที่อ่านได้",
			"The file is not a readable Excel workbook (.xlsx)."},
	[M_NO_SHEET] = {ERR_INVAL, "ไม่พบแผ่นงาน (worksheet) แรกในไฟล์ Excel",
			"The workbook has no first worksheet to read."},
};

static int fail(enum msg m)
{
	return err_fail(msgs[m].code, "file", msgs[m].th, msgs[m].en);
}

/* Rows as they are read. */

struct builder {
	struct table *t;
	size_t cap_rows, cap_problems;
	int row;                            /* the number of the row being built */
	const char *cells[TABLE_MAX_COLS];  /* NULL: empty */
	int ncells;                         /* its last non-empty column */
	bool wide;                          /* its excess columns were reported */
};

/* Makes room for one more element of `size` bytes in *v (n used, *cap
 * allocated), doubling in the arena. */
static int grow(struct arena *a, void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t cap2 = *cap ? *cap * 2 : 64;
	void *nv = arena_calloc(a, cap2, size);
	if (!nv)
		return ERR_NOMEM;
	if (n)
		memcpy(nv, *v, n * size);
	*v = nv;
	*cap = cap2;
	return 0;
}

static int problem(struct builder *b, int col, const char *th, const char *en)
{
	struct table *t = b->t;
	int rc = grow(t->arena, (void **)&t->problems, &b->cap_problems, t->nproblems, sizeof *t->problems);
	if (rc)
		return rc;
	t->problems[t->nproblems++] = (struct table_problem){b->row, col, th, en};
	return 0;
}

static void row_begin(struct builder *b, int number)
{
	b->row = number;
	b->ncells = 0;
	b->wide = false;
	memset(b->cells, 0, sizeof b->cells);
}

/* Keeps the row being built if it has a non-empty cell. */
static int row_end(struct builder *b)
{
	struct table *t = b->t;
	if (!b->ncells)
		return 0;
	if (t->nrows > TABLE_MAX_ROWS)
		return fail(M_ROWS);
	int rc = grow(t->arena, (void **)&t->rows, &b->cap_rows, t->nrows, sizeof *t->rows);
	if (rc)
		return rc;
	const char **cells = arena_calloc(t->arena, (size_t)b->ncells, sizeof *cells);
	if (!cells)
		return ERR_NOMEM;
	for (int i = 0; i < b->ncells; i++)
		cells[i] = b->cells[i] ? b->cells[i] : "";
	t->rows[t->nrows++] = (struct table_row){b->row, b->ncells, cells};
	b->ncells = 0;
	return 0;
}

/* A non-empty cell past TABLE_MAX_COLS: the row's problem, once. */
static int too_wide(struct builder *b, int col)
{
	if (b->wide)
		return 0;
	b->wide = true;
	return problem(b, col, "แถวนี้มีข้อมูลเกิน 50 คอลัมน์ ข้อมูลที่เกินไม่ได้ถูกอ่าน",
		       "The row has data past column 50; what is past it was not read.");
}

/* Sets cell `col` of the row being built to `s` (kept as it is). */
static int cell_set(struct builder *b, int col, const char *s, bool too_long)
{
	if (!s[0] && !too_long)
		return 0;
	if (col > TABLE_MAX_COLS)
		return too_wide(b, col);
	if (too_long) {
		int rc = problem(b, col, "ข้อความในช่องนี้ยาวเกิน 1,000 ตัวอักษร",
				 "The cell holds more than 1,000 characters.");
		if (rc)
			return rc;
	}
	b->cells[col - 1] = s;
	if (col > b->ncells)
		b->ncells = col;
	return 0;
}

/* The bytes of p[0..n) to keep: all, or the first TABLE_MAX_CELL
 * characters when there are more (or when gathering overflowed). */
static size_t clip(const char *p, size_t n, bool overflow, bool *too_long)
{
	*too_long = overflow || utf8_count(p, n) > TABLE_MAX_CELL;
	if (!*too_long)
		return n;
	size_t i = 0;
	for (int chars = 0; i < n && chars < TABLE_MAX_CELL; chars++) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		i += k ? k : 1;
	}
	return i;
}

/* Copies p[0..n) into cell `col`. */
static int cell_copy(struct builder *b, int col, const char *p, size_t n, bool overflow)
{
	if (!n && !overflow)
		return 0;
	if (col > TABLE_MAX_COLS)
		return too_wide(b, col);
	bool too_long;
	size_t keep = clip(p, n, overflow, &too_long);
	char *s = arena_strndup(b->t->arena, p, keep);
	return s ? cell_set(b, col, s, too_long) : ERR_NOMEM;
}

/* Appends p[0..n) to a cell being gathered, up to CELL_GATHER bytes. */
static void gather(struct buf *f, const char *p, size_t n, bool *overflow)
{
	size_t room = CELL_GATHER > f->len ? CELL_GATHER - f->len : 0;
	if (n > room) {
		n = utf8_cut(p, n, room);
		*overflow = true;
	}
	buf_append(f, p, n);
}

/* CSV */

/* Windows-874 (TIS-620 with Windows' additions) → Unicode; 0 if undefined. */
static uint32_t win874(unsigned char c)
{
	if ((c >= 0xA1 && c <= 0xDA) || (c >= 0xDF && c <= 0xFB))
		return 0x0E01 + (uint32_t)(c - 0xA1);
	switch (c) {
	case 0xA0: return 0x00A0;
	case 0x80: return 0x20AC;
	case 0x85: return 0x2026;
	case 0x91: return 0x2018;
	case 0x92: return 0x2019;
	case 0x93: return 0x201C;
	case 0x94: return 0x201D;
	case 0x95: return 0x2022;
	case 0x96: return 0x2013;
	case 0x97: return 0x2014;
	default: return 0;
	}
}

/* The text of a CSV file as UTF-8: itself without its BOM, or converted
 * from Windows-874 into the arena (with the table's note). */
static int csv_text(struct table *t, const char *p, size_t n, const char **out, size_t *out_n)
{
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		p += 3;
		n -= 3;
	}
	if (utf8_valid_text(p, n)) {
		*out = p;
		*out_n = n;
		return 0;
	}
	char *o = arena_alloc(t->arena, n * 3 + 1);
	if (!o)
		return ERR_NOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
				return fail(M_ENCODING);
			o[k++] = (char)c;
			continue;
		}
		uint32_t cp = win874(c);
		if (!cp)
			return fail(M_ENCODING);
		if (cp < 0x800) {
			o[k++] = (char)(0xC0 | cp >> 6);
		} else {
			o[k++] = (char)(0xE0 | cp >> 12);
			o[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		}
		o[k++] = (char)(0x80 | (cp & 0x3F));
	}
	o[k] = 0;
	t->note_th = "ไฟล์นี้เข้ารหัสแบบ TIS-620 (Windows-874) ระบบแปลงเป็น UTF-8 ให้แล้ว กรุณาตรวจดูตัวอย่างข้อมูลว่าภาษาไทยถูกต้อง";
	t->note_en = "The file was TIS-620 (Windows-874) text and has been converted to UTF-8; check the preview's Thai.";
	*out = o;
	*out_n = k;
	return 0;
}

/* A comma, or a tab when the first line has tabs and no comma. */
static char csv_delimiter(const char *p, size_t n)
{
	size_t line = 0;
	while (line < n && p[line] != '\n' && p[line] != '\r')
		line++;
	return memchr(p, '\t', line) && !memchr(p, ',', line) ? '\t' : ',';
}

static size_t field_end(const char *p, size_t n, size_t i, char delim)
{
	while (i < n && p[i] != delim && p[i] != '\r' && p[i] != '\n')
		i++;
	return i;
}

/* A quoted field from p[i] (the opening quote) into f; *i moves past the
 * closing quote. False when the quote is never closed. */
static bool csv_quoted(const char *p, size_t n, size_t *i, struct buf *f, bool *overflow)
{
	size_t j = *i + 1;
	for (;;) {
		const char *q = memchr(p + j, '"', n - j);
		if (!q)
			return false;
		size_t at = (size_t)(q - p);
		gather(f, p + j, at - j, overflow);
		j = at + 1;
		if (j < n && p[j] == '"') {
			gather(f, "\"", 1, overflow);
			j++;
			continue;
		}
		*i = j;
		return true;
	}
}

static int csv_read(struct builder *b, const char *data, size_t len)
{
	const char *p = NULL;
	size_t n = 0;
	int rc = csv_text(b->t, data, len, &p, &n);
	if (rc)
		return rc;
	char delim = csv_delimiter(p, n);
	struct buf f;
	buf_init(&f, CELL_GATHER + 8);
	int col = 1;
	row_begin(b, 1);
	for (size_t i = 0; i < n && !rc;) {
		if (p[i] == '"') {
			bool overflow = false;
			buf_reset(&f);
			if (!csv_quoted(p, n, &i, &f, &overflow)) {
				rc = problem(b, col, "เครื่องหมายคำพูด (\") ในช่องนี้เปิดแล้วไม่ได้ปิด ข้อมูลตั้งแต่ช่องนี้จนจบไฟล์จึงอ่านไม่ได้",
					     "A quote (\") in this cell is never closed, so nothing from here to the end of the file can be read.");
				break;
			}
			/* Text after the closing quote is kept, as Excel does. */
			size_t end = field_end(p, n, i, delim);
			gather(&f, p + i, end - i, &overflow);
			i = end;
			rc = buf_err(&f) ? buf_err(&f) : cell_copy(b, col, f.p ? f.p : "", f.len, overflow);
		} else {
			size_t end = field_end(p, n, i, delim);
			rc = cell_copy(b, col, p + i, end - i, false);
			i = end;
		}
		if (rc || i >= n)
			break;
		if (p[i] == delim) {
			i++;
			col++;
			continue;
		}
		i += p[i] == '\r' && i + 1 < n && p[i + 1] == '\n' ? 2 : 1;
		rc = row_end(b);
		row_begin(b, b->row + 1);
		col = 1;
	}
	if (!rc)
		rc = row_end(b);
	buf_release(&f);
	return rc;
}

/* XLSX */

struct sst_entry {
	const char *text;
	bool too_long;
};

struct numfmt {
	int id;
	bool date;
};

enum ctype { C_NUMBER, C_SHARED, C_INLINE, C_STR, C_BOOL, C_ERROR, C_DATE };

struct xlsx {
	struct builder *b;
	struct arena *a;
	struct zipxml z;
	/* the workbook and its relationships */
	const char *workbook;
	bool date1904;
	const char *sheet_rid;
	const char *sheet, *strings, *styles; /* part names */
	/* styles: which cell formats (xf) show dates */
	struct numfmt *fmts;
	size_t nfmts, cap_fmts;
	bool *xf_date;
	size_t nxf, cap_xf;
	bool in_xfs;
	/* shared strings */
	struct sst_entry *sst;
	size_t nsst, cap_sst;
	bool in_si;
	/* the cell being read */
	int row, col;
	enum ctype type;
	int style;
	bool in_c, in_v, in_is, in_t;
	struct buf text;
	bool overflow;
};

static char *attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, BAD_CAST name);
}

static bool is_s(const char *ns)
{
	return zipxml_ns(ns, ZIPXML_S_NS, ZIPXML_S_NS_STRICT);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

/* A relationship's target as a part name: absolute ("/xl/…") or relative
 * to the directory of part `base`, with "." and ".." segments resolved. */
static char *resolve(struct arena *a, const char *base, const char *target)
{
	const char *slash = strrchr(base, '/');
	int dir = target[0] == '/' ? 0 : slash ? (int)(slash - base + 1) : 0;
	char *s = arena_printf(a, "%.*s%s", dir, base, target[0] == '/' ? target + 1 : target);
	if (!s)
		return NULL;
	size_t o = 0;
	for (char *seg = s, *next; seg; seg = next) {
		next = strchr(seg, '/');
		size_t n = next ? (size_t)(next - seg) : strlen(seg);
		if (next)
			next++;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (o > 0 && s[--o] != '/')
				;
			continue;
		}
		if (o)
			s[o++] = '/';
		memmove(s + o, seg, n);
		o += n;
	}
	s[o] = 0;
	return s;
}

static int workbook_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct xlsx *x = ctx;
	int rc = 0;
	if (type != XML_READER_TYPE_ELEMENT || !is_s(ns))
		return ZIPXML_NEXT;
	if (!strcmp(local, "workbookPr")) {
		char *v = attr(r, "date1904");
		x->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
		xmlFree(v);
	} else if (!strcmp(local, "sheet") && !x->sheet_rid) {
		char *v = (char *)xmlTextReaderGetAttributeNs(r, BAD_CAST "id", BAD_CAST REL_NS);
		if (!v)
			v = (char *)xmlTextReaderGetAttributeNs(r, BAD_CAST "id", BAD_CAST REL_NS_STRICT);
		if (v && !(x->sheet_rid = arena_strdup(x->a, v)))
			rc = ERR_NOMEM;
		xmlFree(v);
	}
	return rc;
}

static int rels_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct xlsx *x = ctx;
	(void)ns;
	if (type != XML_READER_TYPE_ELEMENT || strcmp(local, "Relationship"))
		return ZIPXML_NEXT;
	char *id = attr(r, "Id"), *rtype = attr(r, "Type"), *target = attr(r, "Target"), *mode = attr(r, "TargetMode");
	const char **slot = NULL;
	if (id && rtype && target && target[0] && !(mode && !strcmp(mode, "External"))) {
		if (ends_with(rtype, "/worksheet") && x->sheet_rid && !strcmp(id, x->sheet_rid))
			slot = &x->sheet;
		else if (ends_with(rtype, "/sharedStrings"))
			slot = &x->strings;
		else if (ends_with(rtype, "/styles"))
			slot = &x->styles;
	}
	int rc = 0;
	if (slot && !*slot && !(*slot = resolve(x->a, x->workbook, target)))
		rc = ERR_NOMEM;
	xmlFree(id);
	xmlFree(rtype);
	xmlFree(target);
	xmlFree(mode);
	return rc;
}

/* Whether a custom number format shows a date: a day, year or era token
 * (d, y, e, b; the Thai ว, ป) in its first section, outside quoted text,
 * escapes and [brackets]; "E+"/"E-" is a scientific exponent. */
static bool format_is_date(const char *f)
{
	for (size_t i = 0; f[i] && f[i] != ';'; i++) {
		char c = f[i];
		if (c == '"') {
			const char *q = strchr(f + i + 1, '"');
			if (!q)
				return false;
			i = (size_t)(q - f);
		} else if (c == '[') {
			const char *q = strchr(f + i + 1, ']');
			if (!q)
				return false;
			i = (size_t)(q - f);
		} else if (c == '\\' || c == '_' || c == '*') {
			if (f[i + 1])
				i++;
		} else if (!strncasecmp(f + i, "general", 7)) {
			i += 6;
		} else if ((c == 'e' || c == 'E') && (f[i + 1] == '+' || f[i + 1] == '-')) {
			i++;
		} else if (strchr("dDyYeEbB", c) || !strncmp(f + i, "ว", 3) || !strncmp(f + i, "ป", 3)) {
			return true;
		}
	}
	return false;
}

/* The built-in number formats that show dates (ECMA-376 18.8.30, with the
 * East Asian and Thai locales' date formats). */
static bool builtin_date(int id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58) ||
	       (id >= 71 && id <= 74) || id == 77 || id == 81;
}

static int num_attr(xmlTextReaderPtr r, const char *name, int dflt)
{
	char *v = attr(r, name);
	int64_t n = dflt;
	if (v && !str_to_i64(str_c(v), 0, INT32_MAX, &n))
		n = dflt;
	xmlFree(v);
	return (int)n;
}

static bool fmt_date(const struct xlsx *x, int id)
{
	for (size_t i = 0; i < x->nfmts; i++) {
		if (x->fmts[i].id == id)
			return x->fmts[i].date;
	}
	return builtin_date(id);
}

static int styles_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct xlsx *x = ctx;
	if (!is_s(ns))
		return ZIPXML_NEXT;
	if (type == XML_READER_TYPE_END_ELEMENT) {
		if (!strcmp(local, "cellXfs"))
			x->in_xfs = false;
		return ZIPXML_NEXT;
	}
	if (type != XML_READER_TYPE_ELEMENT)
		return ZIPXML_NEXT;
	int rc = 0;
	if (!strcmp(local, "numFmt")) {
		char *code = attr(r, "formatCode");
		rc = grow(x->a, (void **)&x->fmts, &x->cap_fmts, x->nfmts, sizeof *x->fmts);
		if (!rc)
			x->fmts[x->nfmts++] = (struct numfmt){num_attr(r, "numFmtId", -1), code && format_is_date(code)};
		xmlFree(code);
	} else if (!strcmp(local, "cellXfs")) {
		x->in_xfs = !xmlTextReaderIsEmptyElement(r);
	} else if (!strcmp(local, "xf") && x->in_xfs) {
		rc = grow(x->a, (void **)&x->xf_date, &x->cap_xf, x->nxf, sizeof *x->xf_date);
		if (!rc)
			x->xf_date[x->nxf++] = fmt_date(x, num_attr(r, "numFmtId", 0));
	}
	return rc;
}

static void text_start(struct xlsx *x)
{
	buf_reset(&x->text);
	x->overflow = false;
}

/* Text of the part; DEL, which XML allows and text does not, is dropped. */
static void text_node(struct xlsx *x, xmlTextReaderPtr r)
{
	const char *v = (const char *)xmlTextReaderConstValue(r);
	while (v && *v) {
		size_t n = strcspn(v, "\x7F");
		gather(&x->text, v, n, &x->overflow);
		v += n + (v[n] != 0);
	}
}

/* Gathers a text node inside a value (v) or a string's text (t of si or
 * is), and passes over what is not SpreadsheetML: true when the node
 * needs nothing more. */
static bool passing(struct xlsx *x, xmlTextReaderPtr r, int type, const char *ns)
{
	if (zipxml_is_text(type)) {
		if (x->in_v || x->in_t)
			text_node(x, r);
		return true;
	}
	return !is_s(ns);
}

static int sst_push(struct xlsx *x)
{
	if (x->nsst >= SST_MAX)
		return fail(M_STRINGS);
	int rc = grow(x->a, (void **)&x->sst, &x->cap_sst, x->nsst, sizeof *x->sst);
	if (rc)
		return rc;
	bool too_long;
	size_t keep = clip(x->text.p ? x->text.p : "", x->text.len, x->overflow, &too_long);
	char *s = arena_strndup(x->a, x->text.p ? x->text.p : "", keep);
	if (!s)
		return ERR_NOMEM;
	x->sst[x->nsst++] = (struct sst_entry){s, too_long};
	return 0;
}

/* Shared strings: each si's t texts (rich runs joined, phonetic runs not). */
static int sst_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct xlsx *x = ctx;
	if (passing(x, r, type, ns))
		return ZIPXML_NEXT;
	if (type == XML_READER_TYPE_ELEMENT) {
		bool empty = xmlTextReaderIsEmptyElement(r);
		if (!strcmp(local, "si")) {
			text_start(x);
			x->in_si = !empty;
			if (empty)
				return sst_push(x);
		} else if (!strcmp(local, "rPh") || !strcmp(local, "phoneticPr")) {
			return ZIPXML_SKIP;
		} else if (!strcmp(local, "t")) {
			x->in_t = x->in_si && !empty;
		}
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (!strcmp(local, "t")) {
			x->in_t = false;
		} else if (!strcmp(local, "si") && x->in_si) {
			x->in_si = false;
			return sst_push(x);
		}
	}
	return ZIPXML_NEXT;
}

/* The column of a cell reference ("AB12" → 28); -1 if it has none. */
static int ref_column(const char *ref)
{
	int col = 0, i = 0;
	for (; (ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'); i++) {
		col = col * 26 + ((ref[i] | 0x20) - 'a' + 1);
		if (col > SHEET_MAX_COL)
			return -1;
	}
	return i ? col : -1;
}

static enum ctype cell_type(const char *t)
{
	if (!t || !strcmp(t, "n"))
		return C_NUMBER;
	if (!strcmp(t, "s"))
		return C_SHARED;
	if (!strcmp(t, "inlineStr"))
		return C_INLINE;
	if (!strcmp(t, "b"))
		return C_BOOL;
	if (!strcmp(t, "e"))
		return C_ERROR;
	if (!strcmp(t, "d"))
		return C_DATE;
	return C_STR;
}

/* A date serial number as YYYY-MM-DD: days since 1899-12-31 in the 1900
 * system (whose 60 is Lotus's 29 February 1900, which never was) or since
 * 1904-01-01; the fraction (the time) dropped. */
static bool serial_date(double v, bool d1904, char out[11])
{
	if (!isfinite(v) || v < 0 || v >= 2958466)
		return false;
	int64_t days = (int64_t)floor(v);
	struct date base;
	if (d1904)
		base = (struct date){1904, 1, 1};
	else if (days >= 61)
		base = (struct date){1899, 12, 30};
	else if (days >= 1 && days < 60)
		base = (struct date){1899, 12, 31};
	else
		return false;
	struct date d = cal_from_unix((cal_days(base) + days) * 86400);
	if (!cal_valid(d))
		return false;
	cal_iso(d, out);
	return true;
}

static int damaged(void)
{
	return zipxml_fail(ZIPXML_DAMAGED);
}

/* The value of the cell just read, into the row. */
static int cell_end(struct xlsx *x)
{
	const char *v = x->text.p ? x->text.p : "";
	size_t n = x->text.len;
	char tmp[40];
	switch (x->type) {
	case C_SHARED: {
		int64_t i;
		if (!n)
			return 0;
		if (!str_to_i64(str_trim((struct str){v, n}), 0, INT64_MAX, &i) || (size_t)i >= x->nsst)
			return damaged();
		return cell_set(x->b, x->col, x->sst[i].text, x->sst[i].too_long);
	}
	case C_BOOL:
		return n ? cell_set(x->b, x->col, v[0] == '1' ? "TRUE" : "FALSE", false) : 0;
	case C_DATE:
		/* ISO 8601: the date part. */
		return cell_copy(x->b, x->col, v, n >= 10 && v[4] == '-' ? 10 : n, x->overflow);
	case C_NUMBER: {
		if (!n || x->overflow)
			return cell_copy(x->b, x->col, v, n, x->overflow);
		char *end;
		double d = strtod(v, &end);
		if (end == v || *end)
			return cell_copy(x->b, x->col, v, n, false);
		bool date = x->style >= 0 && (size_t)x->style < x->nxf && x->xf_date[x->style];
		if (date && serial_date(d, x->date1904, tmp))
			return cell_copy(x->b, x->col, tmp, strlen(tmp), false);
		if (d == floor(d) && fabs(d) < 1e15)
			snprintf(tmp, sizeof tmp, "%.0f", d);
		else
			snprintf(tmp, sizeof tmp, "%.15g", d);
		return cell_copy(x->b, x->col, tmp, strlen(tmp), false);
	}
	default: /* strings, inline strings, errors (#N/A) */
		return cell_copy(x->b, x->col, v, n, x->overflow);
	}
}

static int row_start(struct xlsx *x, xmlTextReaderPtr r)
{
	int n = num_attr(r, "r", x->b->row + 1);
	if (n <= x->b->row || n > SHEET_MAX_ROW)
		return damaged();
	row_begin(x->b, n);
	x->col = 0;
	return xmlTextReaderIsEmptyElement(r) ? row_end(x->b) : 0;
}

static int cell_start(struct xlsx *x, xmlTextReaderPtr r)
{
	char *ref = attr(r, "r"), *t = attr(r, "t");
	int col = ref ? ref_column(ref) : x->col + 1;
	x->type = cell_type(t);
	x->style = num_attr(r, "s", -1);
	xmlFree(ref);
	xmlFree(t);
	if (col <= x->col || col > SHEET_MAX_COL)
		return damaged();
	x->col = col;
	x->in_c = !xmlTextReaderIsEmptyElement(r);
	text_start(x);
	return 0;
}

static int sheet_node(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local)
{
	struct xlsx *x = ctx;
	if (passing(x, r, type, ns))
		return ZIPXML_NEXT;
	if (type == XML_READER_TYPE_ELEMENT) {
		bool empty = xmlTextReaderIsEmptyElement(r);
		if (!strcmp(local, "row"))
			return row_start(x, r);
		if (!strcmp(local, "c"))
			return cell_start(x, r);
		if (!x->in_c)
			return ZIPXML_NEXT;
		if (!strcmp(local, "v"))
			x->in_v = !empty;
		else if (!strcmp(local, "is"))
			x->in_is = !empty;
		else if (!strcmp(local, "t"))
			x->in_t = x->in_is && !empty;
		else if (!strcmp(local, "f") || !strcmp(local, "rPh") || !strcmp(local, "extLst"))
			return ZIPXML_SKIP; /* formulas (the value is in v), phonetic guides */
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (!strcmp(local, "row"))
			return row_end(x->b);
		if (!strcmp(local, "v"))
			x->in_v = false;
		else if (!strcmp(local, "t"))
			x->in_t = false;
		else if (!strcmp(local, "is"))
			x->in_is = false;
		else if (!strcmp(local, "c") && x->in_c) {
			x->in_c = false;
			return cell_end(x);
		}
	}
	return ZIPXML_NEXT;
}

/* Walks part `name`; a missing part is the failure `missing` (M_NONE:
 * fine). */
static int part(struct xlsx *x, const char *name, zipxml_node_fn fn, enum msg missing)
{
	int rc = zipxml_walk(&x->z, name, fn, x, NULL);
	if (rc == ERR_NOTFOUND)
		rc = missing == M_NONE ? 0 : fail(missing);
	return rc;
}

/* The relationships part of part `name`: "xl/workbook.xml" →
 * "xl/_rels/workbook.xml.rels". */
static char *rels_of(struct arena *a, const char *name)
{
	const char *slash = strrchr(name, '/');
	int dir = slash ? (int)(slash - name + 1) : 0;
	return arena_printf(a, "%.*s_rels/%s.rels", dir, name, name + dir);
}

static int xlsx_read(struct builder *b, const char *data, size_t len)
{
	static const char *const none[] = {NULL};
	const struct extract_limits lim = EXTRACT_LIMITS_DEFAULT;
	struct xlsx x = {.b = b, .a = b->t->arena};
	struct zipxml_parts p = {.main_ct = ZIPXML_CT_S "sheet.main+xml", .want = none};
	buf_init(&x.text, CELL_GATHER + 8);
	int rc = zipxml_open(&x.z, data, len, &lim);
	if (!rc)
		rc = zipxml_content_types(&x.z, &p);
	if (rc == ERR_NOTFOUND || (!rc && p.mains != 1))
		rc = fail(M_NOT_XLSX);
	if (!rc && !(x.workbook = arena_strdup(x.a, p.main)))
		rc = ERR_NOMEM;
	if (!rc)
		rc = part(&x, x.workbook, workbook_node, M_NOT_XLSX);
	if (!rc && !x.sheet_rid)
		rc = fail(M_NO_SHEET);
	if (!rc) {
		const char *rels = rels_of(x.a, x.workbook);
		rc = rels ? part(&x, rels, rels_node, M_NO_SHEET) : ERR_NOMEM;
	}
	if (!rc && !x.sheet)
		rc = fail(M_NO_SHEET);
	if (!rc && x.styles)
		rc = part(&x, x.styles, styles_node, M_NONE);
	if (!rc && x.strings)
		rc = part(&x, x.strings, sst_node, M_NONE);
	if (!rc) {
		row_begin(b, 0);
		rc = part(&x, x.sheet, sheet_node, M_NO_SHEET);
	}
	if (!rc)
		rc = buf_err(&x.text);
	buf_release(&x.text);
	zipxml_parts_release(&p);
	zipxml_close(&x.z);
	return rc;
}

/* The table */

static bool name_ends(const char *name, const char *ext)
{
	size_t n = name ? strlen(name) : 0, k = strlen(ext);
	return n >= k && !strcasecmp(name + n - k, ext);
}

int table_read(const char *data, size_t len, const char *filename, struct table **out)
{
	*out = NULL;
	if (len > TABLE_MAX_BYTES)
		return fail(M_FILE_BIG);
	bool zip = len >= 4 && !memcmp(data, "PK", 2) && (data[2] == 3 || data[2] == 5);
	if (name_ends(filename, ".xls") || (len >= 4 && !memcmp(data, "\xD0\xCF\x11\xE0", 4)))
		return fail(M_XLS);
	if (name_ends(filename, ".ods"))
		return fail(M_ODS);
	if (!zip && name_ends(filename, ".xlsx"))
		return fail(M_NOT_XLSX);
	struct arena *a = arena_new(TABLE_ARENA_CAP);
	struct table *t = a ? arena_calloc(a, 1, sizeof *t) : NULL;
	if (!t) {
		arena_free(a);
		return ERR_NOMEM;
	}
	t->arena = a;
	t->format = zip ? "xlsx" : "csv";
	struct builder b = {.t = t};
	int rc = zip ? xlsx_read(&b, data, len) : csv_read(&b, data, len);
	if (rc) {
		arena_free(a);
		return rc;
	}
	*out = t;
	return 0;
}

void table_free(struct table *t)
{
	if (t)
		arena_free(t->arena);
}

const char *table_cell(const struct table_row *r, int col)
{
	return col >= 1 && col <= r->ncells ? r->cells[col - 1] : "";
}

void table_column_name(int col, char out[4])
{
	char tmp[4];
	int n = 0;
	for (; col > 0 && n < 3; col = (col - 1) / 26)
		tmp[n++] = (char)('A' + (col - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
}
