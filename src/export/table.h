/*
 * table: the rows of a spreadsheet a person uploads (a staff list), read
 * from CSV or XLSX into cells of UTF-8 text. Pure: no database, no policy
 * about what the columns mean (km/staff_import decides that).
 *
 * CSV (RFC 4180 and what Excel writes): fields separated by commas (or by
 * tabs when the first line has tabs and no comma), quoted fields with
 * doubled quotes, commas and line breaks inside; records end in CRLF, LF
 * or CR; a UTF-8 byte order mark is dropped. Text that is not UTF-8 is
 * read as Thai Windows-874 / TIS-620 (what Excel in Thai saves as "CSV"):
 * 0xA1–0xFB are U+0E01–U+0E5B, 0xA0 a no-break space, and 0x80, 0x85,
 * 0x91–0x97 Windows' euro, ellipsis, quotes, bullet and dashes; the table
 * then carries a note saying so. Any other byte is ERR_INVAL. A quote
 * never closed is a problem of the row where it opened; reading stops
 * there.
 *
 * XLSX: the first worksheet of the workbook (by its order in the
 * workbook), through its relationships; shared strings (rich runs joined,
 * phonetic runs skipped), inline strings, formulas' cached values,
 * booleans as TRUE/FALSE, numbers as written (an integral value without
 * its ".0" or exponent), and numbers in a cell whose number format is a
 * date (built-in or custom) as the date YYYY-MM-DD (the 1900 and 1904 date
 * systems; the time of day dropped). Cell references with gaps give empty
 * cells; a cell without a reference follows the one before. Read through
 * zipxml, with EXTRACT_LIMITS_DEFAULT's zip and XML defences.
 *
 * Rows keep their number in the spreadsheet (the first row is 1; a CSV
 * record spanning several lines is one row). Rows whose cells are all
 * empty are left out, their numbers skipped.
 *
 * Limits: a file of at most TABLE_MAX_BYTES (else ERR_TOOBIG); at most
 * TABLE_MAX_ROWS rows below the first (ERR_TOOBIG). Past TABLE_MAX_COLS
 * columns and past TABLE_MAX_CELL characters in a cell, a row is kept but
 * has a problem (the excess cells dropped, the long text cut at a
 * character boundary): problems belong to rows, so a caller can reject
 * those rows and keep the others.
 */
#ifndef KLANG_EXPORT_TABLE_H
#define KLANG_EXPORT_TABLE_H

#include <stddef.h>

#include "core/err.h"

#define TABLE_MAX_BYTES ((size_t)10 << 20)
#define TABLE_MAX_ROWS 10000
#define TABLE_MAX_COLS 50
#define TABLE_MAX_CELL 1000 /* characters */

struct table_row {
	int number;        /* in the spreadsheet, from 1 */
	int ncells;        /* up to the last non-empty cell, <= TABLE_MAX_COLS */
	const char **cells; /* NUL-terminated UTF-8; "" when empty; never NULL */
};

/* Something wrong with one row (or one cell of it), found while reading. */
struct table_problem {
	int row;    /* the row's number */
	int column; /* from 1; 0 for the whole row */
	const char *msg_th, *msg_en; /* static */
};

struct table {
	const char *format;            /* "csv" or "xlsx" */
	const char *note_th, *note_en; /* NULL, or how the file was read (TIS-620) */
	struct table_row *rows;        /* in order of their numbers */
	size_t nrows;
	struct table_problem *problems;
	size_t nproblems;
	struct arena *arena; /* holds everything above */
};

/*
 * Reads data[0..len), an upload named `filename` (may be NULL; only its
 * ending is looked at, to refuse old .xls and .ods files by name), into a
 * new table (*out, freed with table_free). The format is found from the
 * bytes: a zip is XLSX, anything else CSV. Returns 0, or ERR_INVAL (not a
 * readable CSV or XLSX), ERR_TOOBIG (the file, its rows or a zip limit) or
 * ERR_NOMEM with the detail recorded (field "file"); *out is NULL then.
 */
int table_read(const char *data, size_t len, const char *filename, struct table **out) WUR;

/* Frees a table; table_free(NULL) is a no-op. */
void table_free(struct table *t);

/* The cell of row r in column `col` (from 1), or "" past its end. */
const char *table_cell(const struct table_row *r, int col);

/* Writes the spreadsheet name of column `col` (1: "A", 27: "AA") into
 * out (at least 4 bytes). */
void table_column_name(int col, char out[4]);

#endif
