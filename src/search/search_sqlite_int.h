/*
 * search_sqlite_int: what the SQLite backend's files share.
 */
#ifndef KLANG_SEARCH_SQLITE_INT_H
#define KLANG_SEARCH_SQLITE_INT_H

#include <sqlite3.h>

/* Registers klang_rank() with FTS5 on a connection (search_sqlite_rank.c). */
int sq_rank_register(fts5_api *api);

#endif
