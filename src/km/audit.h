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

/* Limits on reading the trail: characters of a text filter, events per
 * page, events per export. */
#define AUDIT_FILTER_MAX 100
#define AUDIT_PAGE_MAX 200
#define AUDIT_EXPORT_MAX 100000

/* What to read. NULL or "" strings and a 0 target_id match everything. */
struct audit_filter {
	const char *actor;       /* a part of the actor's label (login or who) */
	const char *action;      /* exact; a prefix when it ends with '.' ("doc.") */
	const char *target_type; /* exact */
	int64_t target_id;
	const char *from, *to;   /* YYYY-MM-DD, Bangkok-local days, both inclusive */
	const char *ip;          /* exact; a prefix when it ends with '.' or ':' */
};

/* One event as audit_export hands it over; the strings are valid only during
 * the call. Ids that are not set are 0. */
struct audit_event {
	int64_t id, at, actor_account_id, target_id;
	const char *actor, *action, *target_type, *ip, *detail;
};

/* A page of the actor's organisation's events matching `f` (NULL: all),
 * newest first. Needs PERM_AUDIT_READ. per_page is capped at
 * AUDIT_PAGE_MAX; *total receives the count of all matches. A filter that
 * is too long or a date that is not one is ERR_INVAL naming the field
 * (actor, action, target_type, ip, from, to). Items (caller owns the
 * array): {"id","at" (Unix seconds),"at_iso" ("2026-11-24T21:25:50Z"),
 * "actor","actor_account_id","action","target_type","target_id","ip",
 * "detail"}, the ids null when not set. */
int audit_query(struct db *db, const struct actor *actor, const struct audit_filter *f, int page,
		int per_page, json_t **items, int64_t *total) WUR;

/* An export: as audit_query, but hands each of at most `max` (capped at
 * AUDIT_EXPORT_MAX) events to fn, newest first, for files too large for
 * one JSON value. fn returns 0 for the next event, 1 to stop there (a
 * file full), or an error, which is returned. Then records the export
 * itself ("audit.export", how many events it held), so the connection must
 * not be inside a read snapshot. *total receives the count of all
 * matches, *handed how many fn took. */
int audit_export(struct db *db, const struct actor *actor, const struct audit_filter *f, int max,
		 int (*fn)(const struct audit_event *e, void *ctx), void *ctx, int64_t *total,
		 int64_t *handed) WUR;

/* The latest `limit` events of the actor's organisation (audit_query
 * without filters). */
int audit_list(struct db *db, const struct actor *actor, int limit, json_t **out) WUR;

/* Thai label of an action code ("เข้าสู่ระบบ" for "login"); NULL if the
 * code has none. */
const char *audit_action_label_th(const char *action);

/* The i-th action code that has a Thai label (for pickers); NULL past the
 * last. */
const char *audit_action_code(size_t i);

/* Writes `at` as ISO 8601 UTC, "2026-11-24T21:25:50Z", into out. */
void audit_time_iso(int64_t at, char out[21]);

#endif
