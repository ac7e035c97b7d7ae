/* session: hashed session tokens with idle and absolute timeouts. */
#include "km/session.h"

#include <string.h>
#include <time.h>

#include "km/audit.h"
#include "store/db.h"

int session_create(struct db *db, const struct auth_policy *p, const struct actor *a,
		   const char *old_token, char token[SECRET_TOKEN_LEN + 1],
		   char csrf[SECRET_TOKEN_LEN + 1])
{
	int rc;
	if (old_token && old_token[0] && (rc = session_destroy(db, old_token)))
		return rc;
	secret_token_new(token);
	secret_token_new(csrf);
	char hash[SECRET_HASH_LEN + 1];
	secret_sha256_hex(token, strlen(token), hash);
	int64_t now = (int64_t)time(NULL);
	return db_exec(db,
		       "INSERT INTO sessions (org_id, account_id, token_hash, csrf, created_at,"
		       " seen_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
		       DB_ARGS(DB_INT(a->org_id), DB_INT(a->account_id), DB_TEXT(hash), DB_TEXT(csrf),
			       DB_INT(now), DB_INT(now + (int64_t)p->session_max_hours * 3600),
			       DB_TEXT(a->ip)));
}

int session_resolve(struct db *db, const struct auth_policy *p, const char *token,
		    struct actor *out, char csrf[SECRET_TOKEN_LEN + 1])
{
	if (strlen(token) != SECRET_TOKEN_LEN)
		return ERR_UNAUTH;
	char hash[SECRET_HASH_LEN + 1];
	secret_sha256_hex(token, SECRET_TOKEN_LEN, hash);
	struct db_stmt *st;
	int rc = db_query(db, "SELECT id, account_id, csrf, seen_at, expires_at FROM sessions"
			      " WHERE token_hash = $1",
			  DB_ARGS(DB_TEXT(hash)), &st);
	if (rc)
		return rc;
	int64_t id = 0, account = 0, seen = 0, expires = 0;
	if ((rc = db_step(st)) == DB_ROW) {
		id = db_col_int(st, 0);
		account = db_col_int(st, 1);
		size_t n;
		const char *c = db_col_text(st, 2, &n);
		if (n == SECRET_TOKEN_LEN)
			memcpy(csrf, c, n + 1);
		else
			csrf[0] = 0;
		seen = db_col_int(st, 3);
		expires = db_col_int(st, 4);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_UNAUTH;
	}
	db_done(st);
	if (rc)
		return rc;
	int64_t now = (int64_t)time(NULL);
	if (now >= expires || now - seen >= (int64_t)p->session_idle_min * 60) {
		rc = db_exec(db, "DELETE FROM sessions WHERE id = $1", DB_ARGS(DB_INT(id)));
		return rc ? rc : ERR_UNAUTH;
	}
	if ((rc = account_load_actor(db, account, out)))
		return rc;
	if (now - seen >= 60)
		rc = db_exec(db, "UPDATE sessions SET seen_at = $1 WHERE id = $2",
			     DB_ARGS(DB_INT(now), DB_INT(id)));
	return rc;
}

int session_destroy(struct db *db, const char *token)
{
	char hash[SECRET_HASH_LEN + 1];
	secret_sha256_hex(token, strlen(token), hash);
	return db_exec(db, "DELETE FROM sessions WHERE token_hash = $1", DB_ARGS(DB_TEXT(hash)));
}

int session_purge(struct db *db, const struct auth_policy *p)
{
	int64_t now = (int64_t)time(NULL);
	return db_exec(db, "DELETE FROM sessions WHERE expires_at <= $1 OR seen_at <= $2",
		       DB_ARGS(DB_INT(now), DB_INT(now - (int64_t)p->session_idle_min * 60)));
}
