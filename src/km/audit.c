/* audit: hash-chained, append-only events. */
#include "km/audit.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/buf.h"
#include "km/secret.h"
#include "store/db.h"
#include "store/db_json.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The canonical text an event's hash covers. Fields are separated by a
 * byte that valid text cannot hold. */
static void canonical(struct buf *b, const char *prev, int64_t org_id, int64_t at,
		      int64_t account_id, const char *actor, const char *action,
		      const char *target_type, int64_t target_id, const char *ip,
		      const char *detail)
{
	buf_printf(b, "%s\x1f%" PRId64 "\x1f%" PRId64 "\x1f%" PRId64 "\x1f", prev, org_id, at,
		   account_id);
	buf_puts(b, actor);
	buf_putc(b, '\x1f');
	buf_puts(b, action);
	buf_putc(b, '\x1f');
	buf_puts(b, target_type);
	buf_printf(b, "\x1f%" PRId64 "\x1f", target_id);
	buf_puts(b, ip);
	buf_putc(b, '\x1f');
	buf_puts(b, detail);
}

static int append(struct db *db, int64_t org_id, int64_t account_id, const char *actor,
		  const char *ip, const char *action, const char *target_type, int64_t target_id,
		  const char *detail)
{
	struct db_stmt *st;
	char prev[SECRET_HASH_LEN + 1] = GENESIS;
	int rc = db_query(db, "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1", DB_NOARGS,
			  &st);
	if (rc)
		return rc;
	if ((rc = db_step(st)) == DB_ROW) {
		size_t n;
		const char *h = db_col_text(st, 0, &n);
		if (n == SECRET_HASH_LEN)
			memcpy(prev, h, n + 1);
		rc = 0;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	int64_t at = clock_now();
	struct buf b;
	buf_init(&b, 64 << 10);
	canonical(&b, prev, org_id, at, account_id, actor, action, target_type, target_id, ip,
		  detail);
	if (buf_err(&b)) {
		rc = buf_err(&b);
		buf_release(&b);
		return rc;
	}
	char hash[SECRET_HASH_LEN + 1];
	secret_sha256_hex(b.p, b.len, hash);
	buf_release(&b);
	return db_exec(db,
		       "INSERT INTO audit_events (org_id, at, actor_account_id, actor, action,"
		       " target_type, target_id, ip, detail, prev_hash, hash)"
		       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
		       DB_ARGS(DB_ID_OR_NULL(org_id), DB_INT(at), DB_ID_OR_NULL(account_id),
			       DB_TEXT(actor), DB_TEXT(action), DB_TEXT(target_type),
			       DB_ID_OR_NULL(target_id), DB_TEXT(ip), DB_TEXT(detail), DB_TEXT(prev),
			       DB_TEXT(hash)));
}

static int append_tx(struct db *db, int64_t org_id, int64_t account_id, const char *actor,
		     const char *ip, const char *action, const char *target_type,
		     int64_t target_id, const char *detail)
{
	if (db_in_tx(db))
		return append(db, org_id, account_id, actor, ip, action, target_type, target_id,
			      detail);
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = append(db, org_id, account_id, actor, ip, action, target_type, target_id, detail);
	rc = db_end(db, rc);
	return rc;
}

int audit_log(struct db *db, const struct actor *a, const char *action, const char *target_type,
	      int64_t target_id, const char *detail)
{
	return append_tx(db, a->org_id, a->account_id, a->login[0] ? a->login : "public", a->ip,
			 action, target_type ? target_type : "", target_id, detail ? detail : "");
}

int audit_log_anon(struct db *db, int64_t org_id, const char *who, const char *ip,
		   const char *action, const char *detail)
{
	return append_tx(db, org_id, 0, who, ip ? ip : "", action, "", 0, detail ? detail : "");
}

int audit_verify(struct db *db, int64_t *checked, int64_t *bad_id)
{
	struct db_stmt *st;
	int rc = db_query(db,
			  "SELECT id, coalesce(org_id, 0), at, coalesce(actor_account_id, 0), actor,"
			  " action, target_type, coalesce(target_id, 0), ip, detail, prev_hash, hash"
			  " FROM audit_events ORDER BY id",
			  DB_NOARGS, &st);
	if (rc)
		return rc;
	char prev[SECRET_HASH_LEN + 1] = GENESIS;
	struct buf b;
	buf_init(&b, 64 << 10);
	int64_t n = 0;
	*bad_id = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		buf_reset(&b);
		canonical(&b, prev, db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
			  db_col_text(st, 4, NULL), db_col_text(st, 5, NULL),
			  db_col_text(st, 6, NULL), db_col_int(st, 7), db_col_text(st, 8, NULL),
			  db_col_text(st, 9, NULL));
		char hash[SECRET_HASH_LEN + 1];
		secret_sha256_hex(buf_cstr(&b), b.len, hash);
		if (strcmp(db_col_text(st, 10, NULL), prev) != 0 ||
		    strcmp(db_col_text(st, 11, NULL), hash) != 0) {
			*bad_id = db_col_int(st, 0);
			rc = ERR_CONFLICT;
			break;
		}
		memcpy(prev, hash, sizeof hash);
		n++;
	}
	db_done(st);
	buf_release(&b);
	*checked = n;
	return rc < 0 ? rc : 0;
}

int audit_list(struct db *db, const struct actor *a, int limit, json_t **out)
{
	int rc = authz_require(a, PERM_AUDIT_READ);
	if (rc)
		return rc;
	return db_query_json(db,
			     "SELECT id, at, actor, action, target_type, target_id, ip, detail"
			     " FROM audit_events WHERE org_id = $1 ORDER BY id DESC LIMIT $2",
			     DB_ARGS(DB_INT(a->org_id), DB_INT(limit)), 0, out);
}
