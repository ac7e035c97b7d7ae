/*
 * misses: the log of queries that found nothing, which the knowledge-gap
 * report reads (what staff look for and klang does not hold).
 */
#include "search/search.h"

#include "core/clock.h"
#include "store/db.h"
#include "store/db_json.h"

int search_miss_log(struct db *db, int64_t org_id, int64_t account_id, const char *query)
{
	if (!query || !query[0])
		return 0;
	/* Anyone may search, so the log is capped per organisation and day:
	 * past the cap, misses of that day are not recorded. */
	int64_t now = clock_now(), day = now - now % 86400;
	return db_exec(db,
		       "INSERT INTO search_misses (org_id, account_id, query, at)"
		       " SELECT $1, $2, $3, $4 WHERE (SELECT count(*) FROM search_misses"
		       " WHERE org_id = $1 AND at >= $5) < $6",
		       DB_ARGS(DB_INT(org_id), DB_ID_OR_NULL(account_id), DB_TEXT(query), DB_INT(now), DB_INT(day),
			       DB_INT(SEARCH_MISSES_PER_DAY)));
}

int search_misses(struct db *db, int64_t org_id, int64_t from, int64_t to, int limit, json_t **out)
{
	if (limit < 1 || limit > 1000)
		limit = 100;
	return db_query_json(db,
			     "SELECT query, count(*) AS count, max(at) AS last_at FROM search_misses"
			     " WHERE org_id = $1 AND at >= $2 AND at < $3 GROUP BY query"
			     " ORDER BY count(*) DESC, max(at) DESC LIMIT $4",
			     DB_ARGS(DB_INT(org_id), DB_INT(from), DB_INT(to), DB_INT(limit)), 0, out);
}
