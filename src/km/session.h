/*
 * session: browser sessions. A session is a 256-bit random token in the
 * client's cookie; the database keeps its SHA-256, the account, a CSRF token
 * and the times that end it (idle and absolute timeouts).
 */
#ifndef KLANG_KM_SESSION_H
#define KLANG_KM_SESSION_H

#include "core/err.h"
#include "km/account.h"
#include "km/secret.h"

struct db;

/* Starts a session for the actor (just logged in). Writes the cookie token
 * and the session's CSRF token. `old_token` (may be NULL) is a session the
 * client held before, which ends here: the token always changes at login. */
int session_create(struct db *db, const struct auth_policy *p, const struct actor *a,
		   const char *old_token, char token[SECRET_TOKEN_LEN + 1],
		   char csrf[SECRET_TOKEN_LEN + 1]) WUR;

/* Resolves a cookie token to its actor and CSRF token. Returns ERR_UNAUTH if
 * unknown, expired (idle or absolute) or the account is disabled; the
 * expired session is removed. Refreshes the idle time at most once a
 * minute. */
int session_resolve(struct db *db, const struct auth_policy *p, const char *token,
		    struct actor *out, char csrf[SECRET_TOKEN_LEN + 1]) WUR;

/* Ends the session of this token (logout). Unknown tokens are not an error. */
int session_destroy(struct db *db, const char *token) WUR;

/* Removes every expired session (housekeeping). */
int session_purge(struct db *db, const struct auth_policy *p) WUR;

#endif
