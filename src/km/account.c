/* account: logins, argon2id passwords, roles and throttling. */
#include "km/account.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "km/audit.h"
#include "store/db.h"
#include "store/db_json.h"

bool account_login_valid(const char *login)
{
	size_t n = strlen(login);
	if (n < 2 || n > ACCOUNT_LOGIN_MAX || login[0] < 'a' || login[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

static int password_check(const char *pw)
{
	size_t n = strlen(pw);
	if (n < ACCOUNT_PASSWORD_MIN)
		return err_fail(ERR_INVAL, "password", "รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร",
				"The password must be at least 10 characters long.");
	if (n > ACCOUNT_PASSWORD_MAX)
		return err_fail(ERR_TOOBIG, "password", "รหัสผ่านยาวเกินไป",
				"The password is too long.");
	return 0;
}

int account_hash_password(const struct auth_policy *p, const char *password, char out[128])
{
	size_t mem = (size_t)(p->pw_mem_mib < 46 ? 46 : p->pw_mem_mib) << 20;
	unsigned long long ops = (unsigned long long)(p->pw_ops < 1 ? 1 : p->pw_ops);
	_Static_assert(crypto_pwhash_STRBYTES <= 128, "hash buffer");
	if (crypto_pwhash_str_alg(out, password, strlen(password), ops, mem,
				  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_error("account: password hashing failed (out of memory?)");
		return ERR_NOMEM;
	}
	return 0;
}

static int set_roles(struct db *db, int64_t org_id, int64_t account_id, unsigned roles)
{
	int rc = db_exec(db, "DELETE FROM account_roles WHERE account_id = $1",
			 DB_ARGS(DB_INT(account_id)));
	for (unsigned bit = 1; !rc && bit <= ROLE_STAFF; bit <<= 1) {
		if (!(roles & bit))
			continue;
		rc = db_exec(db, "INSERT INTO account_roles (account_id, org_id, role) VALUES ($1, $2, $3)",
			     DB_ARGS(DB_INT(account_id), DB_INT(org_id),
				     DB_TEXT(authz_role_name((enum role)bit))));
	}
	return rc;
}

int account_create(struct db *db, const struct actor *a, const struct auth_policy *p,
		   const char *login, const char *password, unsigned roles,
		   const char *committee_role, int64_t person_id, int64_t *id_out)
{
	int rc = authz_require(a, PERM_ACCOUNTS_EDIT);
	if (rc)
		return rc;
	if (!account_login_valid(login))
		return err_fail(ERR_INVAL, "login",
				"ชื่อผู้ใช้ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข . _ - ยาว 2–40 ตัว",
				"A login is 2–40 of a-z, 0-9, '.', '_' and '-', starting with a letter.");
	if (!roles || (roles & ~(unsigned)ROLE_ALL))
		return err_fail(ERR_INVAL, "roles", "ต้องระบุบทบาทอย่างน้อยหนึ่งบทบาท",
				"At least one role is required.");
	if (!authz_may_grant(a, roles))
		return err_fail(ERR_FORBIDDEN, "roles", "คุณให้บทบาทนี้ไม่ได้",
				"You cannot grant this role.");
	if (committee_role && !authz_committee_role_valid(committee_role))
		return err_fail(ERR_INVAL, "committee_role", "ตำแหน่งในคณะกรรมการไม่ถูกต้อง",
				"Unknown committee role.");
	char hash[128] = "";
	if (password) {
		if ((rc = password_check(password)) || (rc = account_hash_password(p, password, hash)))
			return rc;
	}
	bool own_tx = !db_in_tx(db);
	if (own_tx && (rc = db_begin(db)))
		return rc;
	int64_t id = 0, now = (int64_t)time(NULL);
	rc = db_query_int(db,
			  "INSERT INTO accounts (org_id, person_id, login, pass_hash, committee_role,"
			  " created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $6)"
			  " RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_ID_OR_NULL(person_id), DB_TEXT(login),
				  DB_TEXT(hash),
				  committee_role && (roles & ROLE_COMMITTEE) ? DB_TEXT(committee_role)
									     : DB_NULL,
				  DB_INT(now)),
			  &id);
	if (rc == ERR_CONFLICT)
		err_fail(rc, "login", "มีชื่อผู้ใช้นี้อยู่แล้ว", "This login is taken.");
	if (!rc)
		rc = set_roles(db, a->org_id, id, roles);
	if (!rc)
		rc = audit_log(db, a, "account.create", "account", id, login);
	if (own_tx) {
		if (!rc)
			rc = db_commit(db);
		if (rc)
			db_rollback(db);
	}
	sodium_memzero(hash, sizeof hash);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int account_find(struct db *db, const char *login, int64_t *id_out, int64_t *org_out)
{
	struct db_stmt *st;
	int rc = db_query(db, "SELECT id, org_id FROM accounts WHERE login = $1",
			  DB_ARGS(DB_TEXT(login)), &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id_out = db_col_int(st, 0);
		if (org_out)
			*org_out = db_col_int(st, 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = err_fail(ERR_NOTFOUND, "login", "ไม่พบชื่อผู้ใช้นี้", "No such login.");
	}
	db_done(st);
	return rc;
}

/* Finds `login` in the actor's organisation (any, for the operator). */
static int find_in_org(struct db *db, const struct actor *a, const char *login, int64_t *id)
{
	int64_t org = 0;
	int rc = account_find(db, login, id, &org);
	if (rc)
		return rc;
	if (!a->operator && org != a->org_id)
		return err_fail(ERR_NOTFOUND, "login", "ไม่พบชื่อผู้ใช้นี้", "No such login.");
	return 0;
}

int account_set_password(struct db *db, const struct actor *a, const struct auth_policy *p,
			 const char *login, const char *password)
{
	int64_t id;
	int rc = find_in_org(db, a, login, &id);
	if (rc)
		return rc;
	if (id != a->account_id && (rc = authz_require(a, PERM_ACCOUNTS_EDIT)))
		return rc;
	if ((rc = password_check(password)))
		return rc;
	char hash[128];
	if ((rc = account_hash_password(p, password, hash)))
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	rc = db_exec(db, "UPDATE accounts SET pass_hash = $1, password_changed_at = $2 WHERE id = $3",
		     DB_ARGS(DB_TEXT(hash), DB_INT(time(NULL)), DB_INT(id)));
	if (!rc)
		rc = db_exec(db, "DELETE FROM sessions WHERE account_id = $1", DB_ARGS(DB_INT(id)));
	if (!rc)
		rc = audit_log(db, a, "account.password", "account", id, login);
	rc = db_end(db, rc);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

/* Active admins of an organisation other than `except`. */
static int other_admins(struct db *db, int64_t org_id, int64_t except, int64_t *n)
{
	return db_query_int(db,
			    "SELECT count(*) FROM account_roles r JOIN accounts c ON c.id = r.account_id"
			    " WHERE r.org_id = $1 AND r.role = 'admin' AND c.disabled = 0 AND c.id <> $2",
			    DB_ARGS(DB_INT(org_id), DB_INT(except)), n);
}

int account_disable(struct db *db, const struct actor *a, const char *login)
{
	int64_t id, n = 0;
	int rc = authz_require(a, PERM_ACCOUNTS_EDIT);
	if (rc || (rc = find_in_org(db, a, login, &id)))
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	int64_t org = 0, is_admin = 0;
	rc = db_query_int(db, "SELECT org_id FROM accounts WHERE id = $1", DB_ARGS(DB_INT(id)), &org);
	if (!rc)
		rc = db_query_int(db,
				  "SELECT count(*) FROM account_roles WHERE account_id = $1 AND role = 'admin'",
				  DB_ARGS(DB_INT(id)), &is_admin);
	if (!rc && is_admin && !(rc = other_admins(db, org, id, &n)) && n == 0)
		rc = err_fail(ERR_CONFLICT, "login", "ปิดบัญชีผู้ดูแลระบบคนสุดท้ายไม่ได้",
			      "The last admin cannot be disabled.");
	if (!rc)
		rc = db_exec(db, "UPDATE accounts SET disabled = 1 WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (!rc)
		rc = db_exec(db, "DELETE FROM sessions WHERE account_id = $1", DB_ARGS(DB_INT(id)));
	if (!rc)
		rc = db_exec(db, "UPDATE api_tokens SET revoked = 1 WHERE account_id = $1",
			     DB_ARGS(DB_INT(id)));
	if (!rc)
		rc = audit_log(db, a, "account.disable", "account", id, login);
	rc = db_end(db, rc);
	return rc;
}

int account_set_roles(struct db *db, const struct actor *a, int64_t account_id, unsigned roles,
		      const char *committee_role)
{
	int rc = authz_require(a, PERM_ACCOUNTS_EDIT);
	if (rc)
		return rc;
	if (roles & ~(unsigned)ROLE_ALL)
		return err_fail(ERR_INVAL, "roles", "บทบาทไม่ถูกต้อง", "Unknown role.");
	if (committee_role && !authz_committee_role_valid(committee_role))
		return err_fail(ERR_INVAL, "committee_role", "ตำแหน่งในคณะกรรมการไม่ถูกต้อง",
				"Unknown committee role.");
	if ((rc = db_begin(db)))
		return rc;
	int64_t org = 0, was_admin = 0, n = 0;
	rc = db_query_int(db, "SELECT org_id FROM accounts WHERE id = $1", DB_ARGS(DB_INT(account_id)),
			  &org);
	if (rc == ERR_NOTFOUND || (!rc && !a->operator && org != a->org_id))
		rc = err_fail(ERR_NOTFOUND, "account", "ไม่พบบัญชีผู้ใช้", "No such account.");
	if (!rc)
		rc = db_query_int(db,
				  "SELECT count(*) FROM account_roles WHERE account_id = $1 AND role = 'admin'",
				  DB_ARGS(DB_INT(account_id)), &was_admin);
	/* Granting or taking away: the change must be within the actor's rank. */
	unsigned changed = roles;
	if (!rc && was_admin)
		changed |= ROLE_ADMIN;
	if (!rc && !a->operator && account_id == a->account_id)
		rc = err_fail(ERR_FORBIDDEN, "roles", "เปลี่ยนบทบาทของตนเองไม่ได้",
			      "You cannot change your own roles.");
	if (!rc && !authz_may_grant(a, changed))
		rc = err_fail(ERR_FORBIDDEN, "roles", "คุณให้หรือถอนบทบาทนี้ไม่ได้",
			      "You cannot grant or remove this role.");
	if (!rc && was_admin && !(roles & ROLE_ADMIN) && !(rc = other_admins(db, org, account_id, &n)) &&
	    n == 0)
		rc = err_fail(ERR_CONFLICT, "roles", "ถอนบทบาทผู้ดูแลระบบคนสุดท้ายไม่ได้",
			      "The last admin keeps the admin role.");
	if (!rc)
		rc = set_roles(db, org, account_id, roles);
	if (!rc)
		rc = db_exec(db, "UPDATE accounts SET committee_role = $1 WHERE id = $2",
			     DB_ARGS(committee_role && (roles & ROLE_COMMITTEE) ? DB_TEXT(committee_role)
										: DB_NULL,
				     DB_INT(account_id)));
	if (!rc) {
		char detail[96];
		snprintf(detail, sizeof detail, "roles=%u", roles);
		rc = audit_log(db, a, "account.roles", "account", account_id, detail);
	}
	rc = db_end(db, rc);
	return rc;
}

static int recent_failures(struct db *db, const struct auth_policy *p, const char *login,
			   const char *ip, bool *throttled)
{
	int64_t since = (int64_t)time(NULL) - (int64_t)p->window_min * 60, by_login = 0, by_ip = 0;
	int rc = db_query_int(db, "SELECT count(*) FROM login_failures WHERE login = $1 AND at > $2",
			      DB_ARGS(DB_TEXT(login), DB_INT(since)), &by_login);
	if (!rc)
		rc = db_query_int(db, "SELECT count(*) FROM login_failures WHERE ip = $1 AND at > $2",
				  DB_ARGS(DB_TEXT(ip), DB_INT(since)), &by_ip);
	*throttled = by_login >= p->fail_account || by_ip >= p->fail_ip;
	return rc;
}

int account_login(struct db *db, const struct auth_policy *p, const char *login,
		  const char *password, const char *ip, struct actor *out)
{
	bool throttled = false;
	int rc = recent_failures(db, p, login, ip, &throttled);
	if (rc)
		return rc;
	if (throttled)
		return err_fail(ERR_THROTTLED, NULL,
				"พยายามเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่",
				"Too many failed logins. Please wait a few minutes and try again.");
	struct db_stmt *st;
	rc = db_query(db, "SELECT id, org_id, pass_hash, disabled FROM accounts WHERE login = $1",
		      DB_ARGS(DB_TEXT(login)), &st);
	if (rc)
		return rc;
	int64_t id = 0, org = 0;
	bool ok = false;
	char hash[128] = "";
	if ((rc = db_step(st)) == DB_ROW) {
		id = db_col_int(st, 0);
		org = db_col_int(st, 1);
		size_t n;
		const char *h = db_col_text(st, 2, &n);
		if (n < sizeof hash)
			memcpy(hash, h, n + 1);
		ok = !db_col_int(st, 3);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (hash[0]) {
		ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && ok;
	} else {
		/* Spend the same time on unknown logins, so timing does not tell
		 * which logins exist. */
		char dummy[128];
		if (account_hash_password(p, password, dummy) == 0)
			sodium_memzero(dummy, sizeof dummy);
		ok = false;
	}
	if (!ok) {
		rc = db_exec(db, "INSERT INTO login_failures (login, ip, at) VALUES ($1, $2, $3)",
			     DB_ARGS(DB_TEXT(login), DB_TEXT(ip), DB_INT(time(NULL))));
		if (!rc)
			rc = audit_log_anon(db, org, login, ip, "login.fail", "");
		if (rc)
			return rc;
		return err_fail(ERR_UNAUTH, "password", "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
				"Wrong login or password.");
	}
	rc = account_load_actor(db, id, out);
	if (rc)
		return rc;
	snprintf(out->ip, sizeof out->ip, "%s", ip);
	/* A success clears this login's failures; the address's stay. */
	rc = db_exec(db, "DELETE FROM login_failures WHERE login = $1", DB_ARGS(DB_TEXT(login)));
	if (!rc)
		rc = audit_log(db, out, "login", "account", id, "");
	return rc;
}

int account_load_actor(struct db *db, int64_t account_id, struct actor *out)
{
	struct db_stmt *st;
	int rc = db_query(db,
			  "SELECT c.id, c.org_id, c.login, coalesce(c.committee_role, ''),"
			  " coalesce(p.id, 0), coalesce(p.unit_id, 0), coalesce(p.name, c.login),"
			  " coalesce(u.division_id, 0)"
			  " FROM accounts c LEFT JOIN people p ON p.id = c.person_id"
			  " LEFT JOIN units u ON u.id = p.unit_id"
			  " WHERE c.id = $1 AND c.disabled = 0",
			  DB_ARGS(DB_INT(account_id)), &st);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->account_id = db_col_int(st, 0);
		out->org_id = db_col_int(st, 1);
		snprintf(out->login, sizeof out->login, "%s", db_col_text(st, 2, NULL));
		snprintf(out->committee_role, sizeof out->committee_role, "%s",
			 db_col_text(st, 3, NULL));
		out->person_id = db_col_int(st, 4);
		out->unit_id = db_col_int(st, 5);
		snprintf(out->name, sizeof out->name, "%s", db_col_text(st, 6, NULL));
		out->division_id = db_col_int(st, 7);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_UNAUTH;
	}
	db_done(st);
	if (rc)
		return rc;
	rc = db_query(db, "SELECT role FROM account_roles WHERE account_id = $1",
		      DB_ARGS(DB_INT(account_id)), &st);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW)
		out->roles |= authz_role_parse(db_col_text(st, 0, NULL));
	db_done(st);
	return rc < 0 ? rc : 0;
}

int account_me_json(const struct actor *a, json_t **out)
{
	json_t *roles = json_array();
	for (unsigned bit = 1; bit <= ROLE_STAFF; bit <<= 1) {
		if (a->roles & bit)
			json_array_append_new(roles, json_string(authz_role_name((enum role)bit)));
	}
	json_t *me = json_pack("{s:I, s:s, s:o, s:s?, s:o}", "id", (json_int_t)a->account_id,
			       "login", a->login, "roles", roles, "committee_role",
			       a->committee_role[0] ? a->committee_role : NULL, "person",
			       a->person_id ? json_pack("{s:I, s:s, s:o}", "id", (json_int_t)a->person_id,
							"name", a->name, "unit_id",
							a->unit_id ? json_integer(a->unit_id) : json_null())
					    : json_null());
	if (!me)
		return ERR_NOMEM;
	*out = me;
	return 0;
}

int account_list(struct db *db, const struct actor *a, json_t **out)
{
	int rc = authz_require(a, PERM_ACCOUNTS_EDIT);
	if (rc)
		return rc;
	return db_query_json(db,
			     "SELECT c.id, c.login, c.disabled, c.committee_role, p.name AS person_name"
			     " FROM accounts c LEFT JOIN people p ON p.id = c.person_id"
			     " WHERE c.org_id = $1 ORDER BY c.login",
			     DB_ARGS(DB_INT(a->org_id)), 0, out);
}
