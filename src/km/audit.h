/*
 * audit: the append-only audit trail. Every event records who, what, the
 * target, when (UTC) and from which address, and is hash-chained: its hash
 * covers its fields and the previous event's hash, so changing or removing
 * any past event is detectable.
 */
#ifndef KLANG_KM_AUDIT_H
#define KLANG_KM_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

/* Appends an event. `actor` may be NULL for events without one (a failed
 * login for an unknown name gives actor_label instead). `detail` is short
 * free text (may be NULL). Runs in its own transaction unless the caller
 * already holds one. */
int audit_log(struct db *db, const struct actor *actor, const char *action,
	      const char *target_type, int64_t target_id, const char *detail) WUR;

/* As audit_log for an event with no account: `who` names the party
 * (e.g. the login that was tried) and `org_id` may be 0. */
int audit_log_anon(struct db *db, int64_t org_id, const char *who, const char *ip,
		   const char *action, const char *detail) WUR;

/* Walks the chain from the first event; returns 0 if intact, else
 * ERR_CONFLICT with *bad_id set to the first event that does not match. */
int audit_verify(struct db *db, int64_t *checked, int64_t *bad_id) WUR;

/* The latest events of the actor's organisation, newest first. */
int audit_list(struct db *db, const struct actor *actor, int limit, json_t **out) WUR;

#endif
