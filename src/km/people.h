/*
 * people: the staff registry of an organisation: name, position, unit,
 * job line (สายงาน), employment type, e-mail, active. Personal data: reading
 * it needs an account in the same organisation.
 */
#ifndef KLANG_KM_PEOPLE_H
#define KLANG_KM_PEOPLE_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define PERSON_NAME_MAX 160
#define PERSON_LIST_MAX 500

/* NULL strings and negative numbers leave a field unchanged (partial PUT);
 * an id of 0 clears the reference. */
struct person_input {
	const char *name;
	const char *position;
	const char *level;
	const char *email;
	const char *employment_type; /* municipal_employee, permanent_worker, contract_worker */
	const char *start_date;      /* YYYY-MM-DD or "" to clear */
	const char *retirement_date;
	int64_t unit_id;
	int64_t job_line_id;
	int active;
	/* The day a changed job line takes effect (YYYY-MM-DD; NULL: today, or
	 * the start date for a new person): KPI 2 counts a person for the job
	 * line held on an activity's date (person_job_lines). */
	const char *job_line_since;
};
#define PERSON_INPUT_UNCHANGED {NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1, -1, -1, NULL}

/* Thai label of an employment type ("" if unknown). */
const char *person_employment_label_th(const char *type);

/* A page of people, filtered by unit (0: all) and active only unless
 * `all`. *total receives the count of all matches. Each item:
 * {"id","name","position","level","unit_id","unit_name","job_line_id",
 *  "job_line","employment_type","email","active"}. */
int person_list(struct db *db, const struct actor *a, int64_t unit_id, int all, int page,
		int per_page, json_t **items, int64_t *total) WUR;

/* One person's record. Reading someone else's (not the actor's own person)
 * is recorded in the audit trail ("person.view") in a write of its own, so
 * the caller must not hold a read snapshot (GET routes that show a record
 * are RF_NO_SNAPSHOT); when the event cannot be written the record is not
 * returned. */
int person_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;
int person_create(struct db *db, const struct actor *a, const struct person_input *in,
		  int64_t *id_out) WUR;
int person_update(struct db *db, const struct actor *a, int64_t id,
		  const struct person_input *in) WUR;

/* The KM committee: accounts with the km_committee role and their
 * committee role, ordered chair first. */
int person_committee(struct db *db, const struct actor *a, json_t **out) WUR;

#endif
