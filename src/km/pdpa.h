/*
 * pdpa: personal data under the Personal Data Protection Act B.E. 2562 —
 * what klang holds about a person (to see and take away), anonymising a
 * person who has left, and the retention period of training records.
 *
 * Export: everything klang holds about one person of the staff registry,
 * as one JSON object of sections (below); the web layer also writes it as
 * CSV. A person exports their own; admins (and the operator) anyone's of
 * their organisation; anyone else gets ERR_FORBIDDEN. Every export is
 * recorded in the audit trail ("person.export", the format in the detail),
 * whoever's it is. Never exported: password hashes, session and token
 * hashes, CSRF tokens.
 *
 * Anonymisation of a departed person (admins and the operator; only a
 * person whose record says they left, active = 0; never one's own record;
 * irreversible, so the caller must confirm): the name becomes the neutral
 * label "อดีตบุคลากร (ตำแหน่ง …)" keeping the position; e-mail, start and
 * retirement dates are cleared; their accounts are disabled (sessions
 * ended, tokens revoked), their logins become "anon-<id>", password and
 * committee role cleared, ids kept; their notifications, e-mail outbox
 * rows, sessions, failed logins and training certificates' file names go.
 * What they wrote stays, attributed to the label (so to their position):
 * the person row (document_authors, training history and KPI 2 keep
 * pointing at it), and the name copied into revisions, workflow steps,
 * reviewers' comments, community threads and replies, the mentoring log,
 * expert interviews they conducted and others' notifications. Free text
 * (document bodies, posts, notes) is content and is not rewritten. Kept
 * as they are, by decision: approval memos (frozen official evidence
 * issued under the Regulation on Correspondence: the name of a signer of a
 * past memo is part of the public record) and the audit trail
 * (append-only and hash-chained: it records logins and actions, and
 * rewriting it would break the chain). Recorded as "person.anonymise"
 * without the old name.
 *
 * Retention: participations in development activities that ended more
 * than `years` ago (activities.end_date) are deleted, and so are the
 * activities left without participants; documents their reports became
 * stay (they are knowledge). Run by the operator (the CLI) over every
 * organisation, recorded as "training.purge" per organisation.
 *
 * This module reads the tables of every module that holds personal data,
 * and anonymisation rewrites the copies of the name in them: it is the one
 * place that must reach every copy.
 */
#ifndef KLANG_KM_PDPA_H
#define KLANG_KM_PDPA_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define PDPA_SECTION_MAX 100000 /* rows per section of an export */

/*
 * Everything klang holds about person `person_id`: {"export":{"person_id",
 * "exported_at","by" ("self" or "admin"),"truncated":[sections cut at
 * PDPA_SECTION_MAX]}, "person":{…}, then arrays: "job_lines", "accounts",
 * "roles", "api_tokens", "sessions", "login_failures", "documents"
 * (authored), "revisions" (written), "transitions" (workflow steps taken),
 * "comments", "feedback", "reads", "notifications", "mail",
 * "activities" (development), "mentoring", "mentoring_log", "communities",
 * "threads", "replies", "expert_interviews" (as the expert or the
 * interviewer), "audit" (events they were the actor of)}. Times
 * are ISO 8601 UTC strings, dates YYYY-MM-DD. `format` ("json" or "csv")
 * only goes into the audit event. Records "person.export" (a write: not
 * inside a read snapshot). The caller owns *out.
 */
int pdpa_export(struct db *db, const struct actor *a, int64_t person_id, const char *format,
		json_t **out) WUR;

/* The label an anonymised person gets: "อดีตบุคลากร (ตำแหน่ง <position>)",
 * or "อดีตบุคลากร" without a position; written into out (NUL-terminated,
 * cut at a character boundary). */
void pdpa_label(const char *position, char *out, size_t cap);

/*
 * Anonymises person `person_id` (see above). `confirm` must be true (else
 * ERR_INVAL, field "confirm"). ERR_CONFLICT for an active person or the
 * actor's own record; ERR_FORBIDDEN for anyone but admins and the
 * operator. Doing it again to an anonymised person changes nothing more.
 * *out (may be NULL) receives {"person_id","name" (the label),"accounts",
 * "renamed" (rows whose copy of the name was replaced)}.
 */
int pdpa_anonymise(struct db *db, const struct actor *a, int64_t person_id, bool confirm,
		   json_t **out) WUR;

/* What a purge did (or, on a dry run, would do). */
struct pdpa_purge {
	char cutoff[11];      /* YYYY-MM-DD: activities that ended before it */
	int64_t participants; /* participations deleted */
	int64_t activities;   /* activities deleted, left without participants */
	int64_t orgs;         /* organisations that had something to delete */
};

/* Deletes training records older than `years` (1–100) before today, in
 * every organisation: the operator only (ERR_FORBIDDEN otherwise). With
 * dry_run, counts and changes nothing (and records nothing). */
int pdpa_training_purge(struct db *db, const struct actor *a, int years, bool dry_run,
			struct pdpa_purge *out) WUR;

#endif
