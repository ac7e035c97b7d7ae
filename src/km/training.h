/*
 * training: staff development records — the seed's strategy 2 and KPI 2.
 * An activity (a course, a seminar, a study visit …) has dates, hours, cost,
 * a provider, inside or outside the organisation, and its participants
 * (entered in bulk for one event). Each participant owes a short report
 * afterwards (what was learned, how it applies here, what we should change);
 * filing it makes a "training lessons" draft that goes through the
 * workflow (ถอดองค์ความรู้จากการฝึกอบรม).
 *
 * KPI 2 is computed, never typed: for a fiscal year, a job line is
 * developed when at least one municipal employee (พนักงานเทศบาล) who held
 * it on an activity's start date took part in an activity starting in that
 * year; the denominator is every job line a municipal employee held at some
 * time in the year (person_job_lines).
 *
 * Who may: admins, the KM committee and unit heads record activities and
 * participants (the creator, admins and the committee edit them); any
 * account reads activities; a person's history is theirs, and others'
 * reading of it is a "person.view" audit event.
 */
#ifndef KLANG_KM_TRAINING_H
#define KLANG_KM_TRAINING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define TRAINING_TITLE_MAX 300        /* characters */
#define TRAINING_TEXT_MAX 4000        /* characters of a description or a report part */
#define TRAINING_PARTICIPANTS_MAX 500 /* per call and per activity */
#define TRAINING_LIST_MAX 200

extern const char *const training_kinds[]; /* NULL-terminated */
const char *training_kind_label_th(const char *kind);

/* An activity. Strings NULL and numbers < 0 leave a field unchanged on
 * update; on create title, kind, start_date and end_date are required. */
struct activity_input {
	const char *title;
	const char *kind;
	const char *provider;
	const char *start_date; /* YYYY-MM-DD */
	const char *end_date;
	const char *location;
	const char *description;
	double hours;  /* < 0: unchanged */
	double cost;   /* baht; < 0: unchanged */
	int internal;  /* 1 inside the organisation, 0 outside, < 0 unchanged */
};
#define ACTIVITY_INPUT_EMPTY {NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1, -1, -1}

int activity_create(struct db *db, const struct actor *a, const struct activity_input *in,
		    int64_t *id_out) WUR;
int activity_update(struct db *db, const struct actor *a, int64_t id,
		    const struct activity_input *in) WUR;

/* One activity: its fields, "kind_th", "fy", "participants" [{person_id,
 * name, position, unit_name, job_line, employment_type, hours,
 * report_status, report_document_id}], "can_edit". */
int activity_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* Activities of fiscal year `fy` (0: all), newest first:
 * [{id,title,kind,kind_th,internal,provider,start_date,end_date,hours,cost,
 *   fy,participants}], and the total. */
int activity_list(struct db *db, const struct actor *a, int fy, int page, int per_page,
		  json_t **items, int64_t *total) WUR;

/* Adds people (of the organisation) to an activity; those already in it are
 * left as they are. *added counts the new ones. */
int activity_add_participants(struct db *db, const struct actor *a, int64_t id,
			      const int64_t *person_ids, int n, int *added) WUR;
/* Removes one participant (done if they are not one); ERR_CONFLICT once
 * their report is filed. */
int activity_remove_participant(struct db *db, const struct actor *a, int64_t id,
				int64_t person_id) WUR;

/* Evidence of a participant's attendance (a certificate): a PDF or an
 * image of at most TRAINING_CERT_MAX bytes, its type checked by its bytes
 * and its name, stored by hash under `blob_root`; it replaces an earlier
 * one. The participant (their own) or the activity's editors. */
#define TRAINING_CERT_MAX ((size_t)10 << 20)
int activity_certificate_set(struct db *db, const struct actor *a, const char *blob_root, int64_t id,
			     int64_t person_id, const char *filename, const void *data, size_t len) WUR;
/* The certificate as a file row {id,sha256,mime,kind,filename} for the
 * participant, the activity's editors and admins (another's is a recorded
 * person.view). ERR_NOTFOUND when there is none. */
int activity_certificate_get(struct db *db, const struct actor *a, int64_t id, int64_t person_id,
			     json_t **out) WUR;

/* The report a participant files after an activity: makes a
 * training_lessons draft in the participant's unit, written by the actor
 * (who must be that participant's account), and marks the report filed.
 * *doc_out receives the document's id. ERR_CONFLICT if already filed. */
struct training_report {
	const char *learned; /* what was learned */
	const char *apply;   /* how it applies to our work */
	const char *change;  /* what we should change */
};
int activity_file_report(struct db *db, const struct actor *a, int64_t id,
			 const struct training_report *rep, int64_t *doc_out) WUR;

/* The actor's reports still due: [{activity_id,title,kind_th,end_date}]. */
int training_reports_due(struct db *db, const struct actor *a, json_t **out) WUR;

/* A person's development by fiscal year: [{fy, hours, activities:[{id,
 * title,kind,kind_th,start_date,end_date,hours,provider,internal,
 * report_status}]}], newest year first. */
int training_person(struct db *db, const struct actor *a, int64_t person_id, json_t **out) WUR;

/* KPI 2 for fiscal year `fy`: {"fy","numerator","denominator","value" (a
 * percentage, 0–100, one decimal), "job_lines":[{id,name,developed (bool),
 * people (municipal employees who held it in the year),
 * developed_people:[{person_id,name,activity_id,activity_title,date}]}]}. */
int training_development(struct db *db, const struct actor *a, int fy, json_t **out) WUR;

#endif
