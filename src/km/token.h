/*
 * token: API bearer tokens for scripts. A token acts with its account's
 * roles; it is shown once when created and stored as its SHA-256.
 */
#ifndef KLANG_KM_TOKEN_H
#define KLANG_KM_TOKEN_H

#include "core/err.h"
#include "km/authz.h"
#include "km/secret.h"

struct db;

/* Creates a token for `login` (the actor's own, or anyone's in the
 * organisation for admins and the operator). */
int token_create(struct db *db, const struct actor *a, const char *login, const char *name,
		 char token[SECRET_TOKEN_LEN + 1]) WUR;

/* Resolves a bearer token to its actor; ERR_UNAUTH if unknown, revoked or
 * the account is disabled. */
int token_resolve(struct db *db, const char *token, struct actor *out) WUR;

#endif
