/*
 * mentoring: mentoring pairs (ระบบพี่เลี้ยง): a mentor and a mentee, both
 * people of the organisation, with goals, a period and a log of what they
 * did together.
 *
 * Who may do what:
 * - create and change a pair (goals, period, active): admins and the KM
 *   committee.
 * - see a pair (its people, goals, period, how many log entries and the
 *   date of the last): its mentor and mentee (through their accounts'
 *   person), admins and the KM committee. Anyone else: "not found".
 * - read and write the log: the mentor and the mentee only; the log is
 *   their own conversation, so admins and the committee see that it is
 *   kept, not what it says.
 */
#ifndef KLANG_KM_MENTORING_H
#define KLANG_KM_MENTORING_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define MENTORING_GOALS_MAX 2000   /* characters */
#define MENTORING_NOTE_MAX 5000    /* characters of a log entry */
#define MENTORING_PAIRS_MAX 1000   /* per organisation */
#define MENTORING_LOG_MAX 1000     /* entries per pair */

/* What a create or an update sets. On update 0 ids, NULL strings and
 * active < 0 leave a field unchanged; end_date "" clears it. On create the
 * two people and start_date are required. */
struct mentoring_input {
	int64_t mentor_person_id;
	int64_t mentee_person_id;
	const char *goals;
	const char *start_date; /* YYYY-MM-DD */
	const char *end_date;   /* YYYY-MM-DD, "" or NULL: open-ended */
	int active;
};
#define MENTORING_INPUT_UNCHANGED {0, 0, NULL, NULL, NULL, -1}

int mentoring_create(struct db *db, const struct actor *a, const struct mentoring_input *in,
		     int64_t *id_out) WUR;
int mentoring_update(struct db *db, const struct actor *a, int64_t id,
		     const struct mentoring_input *in) WUR;

/* The pairs the actor may see (their own; all for admins and the
 * committee), active first: [{id,mentor_person_id,mentor_name,
 * mentor_position,mentee_person_id,mentee_name,mentee_position,goals,
 * start_date,end_date,active,log_count,last_log_date,my_role}] where
 * my_role is "mentor", "mentee" or "". */
int mentoring_list(struct db *db, const struct actor *a, json_t **out) WUR;

/* One pair as in the list, with "log" [{id,date,note,author_name,
 * created_at}] (oldest first) for its mentor and mentee only, and
 * can_write_log, can_edit. */
int mentoring_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* Adds a log entry (the mentor or the mentee). */
int mentoring_log_add(struct db *db, const struct actor *a, int64_t id, const char *date,
		      const char *note, int64_t *id_out) WUR;

/* The organisation's active people, for choosing a mentor and a mentee
 * (admins and the committee): [{id,name,position,unit_name}]. */
int mentoring_people(struct db *db, const struct actor *a, json_t **out) WUR;

#endif
