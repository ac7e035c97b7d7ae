/* db_json: rows to jansson values. */
#include "store/db_json.h"

#include <string.h>

json_t *db_row_json(struct db_stmt *st)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int n = db_columns(st);
	for (int i = 0; i < n; i++) {
		const char *name = db_col_name(st, i);
		size_t nl = strlen(name);
		json_t *v;
		switch (db_col_type(st, i)) {
		case DB_T_NULL:
			v = json_null();
			break;
		case DB_T_INT:
			v = json_integer(db_col_int(st, i));
			break;
		case DB_T_REAL:
			v = json_real(db_col_double(st, i));
			break;
		default: {
			size_t len;
			const char *t = db_col_text(st, i, &len);
			if (nl > 5 && strcmp(name + nl - 5, "_json") == 0) {
				v = json_loadb(t, len, 0, NULL);
				if (!v)
					v = json_null();
				char key[128];
				size_t kl = nl - 5 < sizeof key - 1 ? nl - 5 : sizeof key - 1;
				memcpy(key, name, kl);
				key[kl] = 0;
				json_object_set_new(o, key, v);
				continue;
			}
			/* Text in the database was validated as UTF-8 when written. */
			v = json_stringn_nocheck(t, len);
		}
		}
		if (!v || json_object_set_new(o, name, v)) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

int db_query_json(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		  size_t limit, json_t **out)
{
	struct db_stmt *st;
	int rc = db_query(db, sql, args, nargs, &st);
	if (rc)
		return rc;
	json_t *arr = json_array();
	if (!arr) {
		db_done(st);
		return ERR_NOMEM;
	}
	size_t count = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (limit && count == limit)
			break;
		json_t *row = db_row_json(st);
		if (!row || json_array_append_new(arr, row)) {
			rc = ERR_NOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int db_query_json_one(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		      json_t **out)
{
	struct db_stmt *st;
	int rc = db_query(db, sql, args, nargs, &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*out = db_row_json(st);
		rc = *out ? 0 : ERR_NOMEM;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_done(st);
	return rc;
}
