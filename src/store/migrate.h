/*
 * migrate: the numbered schema history. Migrations are the files
 * store/migrations/NNN_name.sql, compiled into the binary; each runs once,
 * in a transaction, and is recorded in the table schema_migrations.
 */
#ifndef KLANG_STORE_MIGRATE_H
#define KLANG_STORE_MIGRATE_H

#include "core/embed.h"
#include "core/err.h"

struct db;

/* Applies every migration of the built-in history not yet applied. Returns
 * 0, or an error after rolling the failing migration back. `applied` (may be
 * NULL) receives how many ran. */
int db_migrate(struct db *db, int *applied) WUR;

/* As db_migrate with an explicit list (a NULL-named-terminated table of
 * "NNN_name.sql" files, in any order); used by tests. */
int db_migrate_files(struct db *db, const struct embed_file *files, int *applied) WUR;

/* The highest applied version, 0 for an empty database. */
int db_schema_version(struct db *db, int *out) WUR;

#endif
