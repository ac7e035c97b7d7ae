/*
 * account: logins, passwords (argon2id through libsodium), roles, login
 * throttling, and loading the actor behind an account.
 */
#ifndef KLANG_KM_ACCOUNT_H
#define KLANG_KM_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

/* Settings from the configuration that the account rules need. */
struct auth_policy {
	int pw_mem_mib;       /* argon2id memory, >= 46 */
	int pw_ops;           /* argon2id passes, >= 1 */
	int fail_account;     /* failures per login in the window before throttling */
	int fail_ip;          /* failures per address in the window before throttling */
	int window_min;       /* minutes a failure counts */
	int session_idle_min;
	int session_max_hours;
};

#define ACCOUNT_PASSWORD_MIN 10
#define ACCOUNT_PASSWORD_MAX 256
#define ACCOUNT_LOGIN_MAX 40

/* True if `login` is 2–40 characters of a-z, 0-9, '.', '_' and '-'
 * starting with a letter. */
bool account_login_valid(const char *login);

/* Hashes a password (slow: argon2id; call from a worker, never an event
 * thread). out receives the encoded hash string. */
int account_hash_password(const struct auth_policy *p, const char *password,
			  char out[128]) WUR;

/* Creates an account in the actor's organisation with the given roles and
 * password (NULL: none set; the account cannot log in until one is). The
 * actor must be the operator or an admin allowed to grant the roles. */
int account_create(struct db *db, const struct actor *a, const struct auth_policy *p,
		   const char *login, const char *password, unsigned roles,
		   const char *committee_role, int64_t person_id, int64_t *id_out) WUR;

/* Sets the password of `login` (the actor's own, or anyone's for the
 * operator and admins). Ends the account's other sessions. */
int account_set_password(struct db *db, const struct actor *a, const struct auth_policy *p,
			 const char *login, const char *password) WUR;

/* Disables `login`: ends its sessions and revokes its API tokens. The last
 * active admin of an organisation cannot be disabled. */
int account_disable(struct db *db, const struct actor *a, const char *login) WUR;

/* Replaces the roles of an account. Only admins change roles (the operator
 * too); nobody grants a role at or above their own; the last admin keeps
 * the admin role. */
int account_set_roles(struct db *db, const struct actor *a, int64_t account_id, unsigned roles,
		      const char *committee_role) WUR;

/* Checks a login and password (slow). On success fills *out with the actor
 * (ip copied from `ip`) and clears nothing else; on failure records it for
 * throttling and the audit trail and returns ERR_UNAUTH; when the login or
 * the address has too many recent failures returns ERR_THROTTLED without
 * checking the password. */
int account_login(struct db *db, const struct auth_policy *p, const char *login,
		  const char *password, const char *ip, struct actor *out) WUR;

/* Loads the actor of an active account (roles, person, unit). */
int account_load_actor(struct db *db, int64_t account_id, struct actor *out) WUR;

/* Finds an account id by login in any organisation (for the CLI). */
int account_find(struct db *db, const char *login, int64_t *id_out, int64_t *org_out) WUR;

/* The actor's own account as the API's /me shape. */
int account_me_json(const struct actor *a, json_t **out) WUR;

/* Accounts of the actor's organisation (admins only). */
int account_list(struct db *db, const struct actor *a, json_t **out) WUR;

#endif
