/* fuzz_table: spreadsheet uploads (CSV, TIS-620 CSV, XLSX) read from
 * arbitrary bytes, with the promises of export/table checked: rows in
 * rising order within the limits, every cell UTF-8 text of at most
 * TABLE_MAX_CELL characters, problems belonging to rows. The first byte
 * picks the name the upload claims. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/utf8.h"
#include "export/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct table *t)
{
	if (t->nrows > TABLE_MAX_ROWS + 1 || (strcmp(t->format, "csv") && strcmp(t->format, "xlsx")))
		__builtin_trap();
	for (size_t i = 0; i < t->nrows; i++) {
		const struct table_row *r = &t->rows[i];
		if (r->number < 1 || (i && r->number <= t->rows[i - 1].number) || r->ncells < 1 ||
		    r->ncells > TABLE_MAX_COLS || !r->cells[r->ncells - 1][0])
			__builtin_trap();
		for (int c = 1; c <= r->ncells; c++) {
			const char *s = table_cell(r, c);
			size_t n = strlen(s);
			if (!utf8_valid_text(s, n) || utf8_count(s, n) > TABLE_MAX_CELL)
				__builtin_trap();
		}
	}
	for (size_t i = 0; i < t->nproblems; i++) {
		if (t->problems[i].row < 1 || !t->problems[i].msg_th || !t->problems[i].msg_en)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"staff.csv", "staff.xlsx", NULL, "staff.txt"};
	if (size < 1)
		return 0;
	struct table *t = NULL;
	err_clear();
	int rc = table_read((const char *)data + 1, size - 1, names[data[0] & 3], &t);
	if (rc) {
		if (t || (rc != ERR_INVAL && rc != ERR_TOOBIG && rc != ERR_NOMEM))
			__builtin_trap();
		return 0;
	}
	check(t);
	table_free(t);
	return 0;
}
