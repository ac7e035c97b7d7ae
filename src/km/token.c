/* token: hashed bearer tokens for the API. */
#include "km/token.h"

#include <string.h>
#include <time.h>

#include "km/account.h"
#include "km/audit.h"
#include "store/db.h"

int token_create(struct db *db, const struct actor *a, const char *login, const char *name,
		 char token[SECRET_TOKEN_LEN + 1])
{
	int64_t id, org;
	int rc = account_find(db, login, &id, &org);
	if (rc)
		return rc;
	if (!a->operator && org != a->org_id)
		return err_fail(ERR_NOTFOUND, "login", "ไม่พบชื่อผู้ใช้นี้", "No such login.");
	if (id != a->account_id && (rc = authz_require(a, PERM_ACCOUNTS_EDIT)))
		return rc;
	secret_token_new(token);
	char hash[SECRET_HASH_LEN + 1];
	secret_sha256_hex(token, SECRET_TOKEN_LEN, hash);
	if ((rc = db_begin(db)))
		return rc;
	int64_t tid = 0;
	rc = db_query_int(db,
			  "INSERT INTO api_tokens (org_id, account_id, token_hash, name, created_at)"
			  " VALUES ($1, $2, $3, $4, $5) RETURNING id",
			  DB_ARGS(DB_INT(org), DB_INT(id), DB_TEXT(hash), DB_TEXT(name ? name : ""),
				  DB_INT(time(NULL))),
			  &tid);
	if (!rc)
		rc = audit_log(db, a, "token.create", "account", id, login);
	rc = db_end(db, rc);
	return rc;
}

int token_resolve(struct db *db, const char *token, struct actor *out)
{
	if (strlen(token) != SECRET_TOKEN_LEN)
		return ERR_UNAUTH;
	char hash[SECRET_HASH_LEN + 1];
	secret_sha256_hex(token, SECRET_TOKEN_LEN, hash);
	int64_t account = 0;
	int rc = db_query_int(db, "SELECT account_id FROM api_tokens WHERE token_hash = $1 AND revoked = 0",
			      DB_ARGS(DB_TEXT(hash)), &account);
	if (rc == ERR_NOTFOUND)
		return ERR_UNAUTH;
	if (rc)
		return rc;
	return account_load_actor(db, account, out);
}
