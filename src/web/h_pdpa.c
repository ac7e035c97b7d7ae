/* h_pdpa: personal data — one's own data page, a person's export as JSON
 * or CSV, and the anonymisation of a departed person. Every rule is
 * km/pdpa's.
 *
 * The CSV is one file, four columns: section, row, field, value — one line
 * per value of the JSON export, in its order (section "person" is row 1;
 * a list's items are rows 1, 2, …; a list inside a row is joined by
 * ", "). A long format, so every section fits one header and a
 * spreadsheet filters it by section. UTF-8 with a byte order mark. */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "km/pdpa.h"
#include "web/handlers.h"

#define EXPORT_MAX ((size_t)64 << 20) /* bytes of an export's answer */

int h_me_data(struct req *r)
{
	return resp_page(r, 200, "me_data",
			 json_pack("{s:s, s:I}", "title", "ข้อมูลส่วนบุคคลของฉัน", "person_id",
				   (json_int_t)r->actor.person_id));
}

/* A value as CSV text (into the arena). */
static const char *cell_text(struct req *r, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_value(v);
	case JSON_INTEGER:
		return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
	case JSON_REAL:
		return arena_printf(r->arena, "%g", json_real_value(v));
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_ARRAY: {
		struct buf b;
		buf_init(&b, 1 << 20);
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			buf_printf(&b, "%s%s", i ? ", " : "", cell_text(r, x));
		const char *s = buf_err(&b) ? "" : arena_strdup(r->arena, buf_cstr(&b));
		buf_release(&b);
		return s;
	}
	default:
		return "";
	}
}

static void csv_row(struct req *r, const char *section, size_t row, json_t *o)
{
	const char *field;
	json_t *v;
	char n[24];
	snprintf(n, sizeof n, "%zu", row);
	json_object_foreach(o, field, v)
	{
		const char *text = cell_text(r, v);
		h_csv_cell(&r->out, section, true);
		h_csv_cell(&r->out, n, false);
		h_csv_cell(&r->out, field, false);
		h_csv_cell(&r->out, text ? text : "", false);
		buf_puts(&r->out, "\r\n");
	}
}

static int csv(struct req *r, json_t *data)
{
	buf_reset(&r->out);
	buf_puts(&r->out, "\xEF\xBB\xBF"); /* the BOM: Excel reads the file as UTF-8 */
	static const char *const head[] = {"section", "row", "field", "value"};
	for (size_t i = 0; i < 4; i++)
		h_csv_cell(&r->out, head[i], i == 0);
	buf_puts(&r->out, "\r\n");
	const char *section;
	json_t *v;
	json_object_foreach(data, section, v)
	{
		if (json_is_object(v)) {
			csv_row(r, section, 1, v);
			continue;
		}
		size_t i;
		json_t *row;
		json_array_foreach(v, i, row)
			csv_row(r, section, i + 1, row);
	}
	json_decref(data);
	r->status = 200;
	r->content_type_out = "text/csv; charset=utf-8";
	return buf_err(&r->out);
}

int h_person_export(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	const char *format = req_str(r, "format");
	bool as_csv = format && !strcmp(format, "csv");
	json_t *data = NULL;
	int rc = pdpa_export(req_db(r), &r->actor, id, as_csv ? "csv" : "json", &data);
	if (rc)
		return rc;
	r->out.max = EXPORT_MAX;
	char *name = arena_printf(r->arena, "personal-data-%lld.%s", (long long)id, as_csv ? "csv" : "json");
	if (name)
		resp_filename(r, false, name, name);
	return as_csv ? csv(r, data) : resp_json(r, 200, data);
}

int h_person_anonymise(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *done = NULL;
	int rc = pdpa_anonymise(req_db(r), &r->actor, id, req_int(r, "confirm", 0) == 1, &done);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, done);
	json_decref(done);
	return resp_redirect(r, arena_printf(r->arena, "/admin/people/%lld", (long long)id));
}
