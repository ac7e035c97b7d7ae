/*
 * db_json: query results as JSON values (jansson), the shape in which domain
 * modules hand rows to the API and to templates. Column names become keys;
 * integers stay integers, NULL becomes null. A column named "*_json" holds
 * JSON text and is decoded under its name without the suffix.
 */
#ifndef KLANG_STORE_DB_JSON_H
#define KLANG_STORE_DB_JSON_H

#include <jansson.h>

#include "store/db.h"

/* The current row as a new object (caller owns a reference). */
json_t *db_row_json(struct db_stmt *st);

/* All rows as a new array in *out (caller owns it). `limit` caps the rows
 * read (0 = no cap). */
int db_query_json(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		  size_t limit, json_t **out) WUR;

/* The first row as a new object, ERR_NOTFOUND if none. */
int db_query_json_one(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		      json_t **out) WUR;

#endif
