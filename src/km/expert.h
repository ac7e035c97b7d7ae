/*
 * expert: expert knowledge capture (ถอดองค์ความรู้ผู้เชี่ยวชาญ). A structured
 * interview records what an experienced person knows about their work:
 * the context, key tasks, decision rules, pitfalls, who to ask and the
 * documents used, with the interviewer, the date and the expert's consent.
 * With consent, it becomes an "expert knowledge" draft (tacit knowledge,
 * the expert among its authors) in the expert's unit, which then goes
 * through the workflow like any other document (km/workflow.h).
 *
 * Who may:
 * - record an interview: any account, as its interviewer; the KM
 *   committee, admins and the heads of the expert's division may also name
 *   another account as the interviewer;
 * - edit it: the KM committee, admins, the heads of the expert's division
 *   (the division of the interview's unit) and the interviewer; an
 *   interview that became a document is closed (the draft carries on);
 * - read it: those who may edit it, and the expert;
 * - record consent: the expert with their own account ("expert"), or the
 *   interviewer recording the form the expert signed ("interviewer", which
 *   must say how consent was given); consent may be withdrawn the same way
 *   until the document is made;
 * - make the document: those who may edit it, once consent is recorded;
 *   doc_create's rule applies as well (a document is made in one's own
 *   division, unless one is an admin).
 *
 * An interview is about work, not about the person: reading one is not a
 * view of personal data (no "person.view" event); every change is audited
 * (expert.create, expert.update, expert.consent, expert.document).
 */
#ifndef KLANG_KM_EXPERT_H
#define KLANG_KM_EXPERT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define EXPERT_TOPIC_MAX 250        /* characters: the document's title adds a prefix */
#define EXPERT_TEXT_MAX 4000        /* characters of each section */
#define EXPERT_NOTE_MAX 300         /* characters of the consent note */
#define EXPERT_NAME_MAX 160         /* characters of the interviewer's name */
#define EXPERT_TAGS_MAX 10          /* tags of an interview (the document adds one) */
#define EXPERT_TAGS_CHARS 600       /* characters of the tag list */
#define EXPERT_LIST_MAX 200         /* interviews per page */

/* An interview's fields. NULL strings and negative numbers leave a field
 * unchanged on update; on create expert_person_id, topic and date are
 * required. rk_id: the required-knowledge item the document will cover
 * (0: none). interviewer_account_id: create only (0 or absent: the
 * actor); interviewer_name: the name as recorded (NULL: the account's). */
struct expert_input {
	int64_t expert_person_id;
	int64_t interviewer_account_id;
	const char *interviewer_name;
	const char *topic;
	const char *date; /* YYYY-MM-DD */
	const char *context;
	const char *key_tasks;
	const char *decision_rules;
	const char *pitfalls;
	const char *who_to_ask;
	const char *documents_used;
	const char *tags; /* comma-separated */
	int64_t rk_id;
};
#define EXPERT_INPUT_EMPTY {-1, -1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1}

int expert_create(struct db *db, const struct actor *a, const struct expert_input *in,
		  int64_t *id_out) WUR;
/* The expert may change only while no consent is recorded. ERR_CONFLICT
 * once the interview became a document. */
int expert_update(struct db *db, const struct actor *a, int64_t id,
		  const struct expert_input *in) WUR;

/* Records (given = true) or withdraws consent, with how it was recorded
 * (`note`, ≤ EXPERT_NOTE_MAX characters: required from the interviewer,
 * optional from the expert). ERR_CONFLICT once the document is made. */
int expert_consent(struct db *db, const struct actor *a, int64_t id, bool given,
		   const char *note) WUR;

/* Makes the expert_knowledge draft from the interview: in the interview's
 * unit, title "ถอดองค์ความรู้ผู้เชี่ยวชาญ: <topic>", the sections as Markdown
 * headings (บริบทของงาน, งานหลัก, หลักการตัดสินใจ, ข้อควรระวัง,
 * ผู้ที่ควรสอบถาม, เอกสารที่ใช้; empty ones left out), knowledge type tacit,
 * the interview's tags and "ถอดองค์ความรู้ผู้เชี่ยวชาญ", covering rk_id when
 * set, the expert added to its authors. ERR_CONFLICT without consent, when
 * every section is empty, or when the document exists already. *doc_out
 * receives the document's id. */
int expert_make_document(struct db *db, const struct actor *a, int64_t id,
			 int64_t *doc_out) WUR;

/* One interview: its fields, "expert_name", "expert_position",
 * "unit_name", "rk_title", "consent_given" (bool), "consent_by_name",
 * "document_status" (when it has a document), and what the actor may do:
 * "can_edit", "can_consent", "can_make_document". */
int expert_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* The interviews the actor may read, newest first:
 * [{id,topic,date,expert_person_id,expert_name,unit_id,unit_name,
 *   interviewer_name,consent_given (bool),document_id,document_status}],
 * and the total. */
int expert_list(struct db *db, const struct actor *a, int page, int per_page, json_t **items,
		int64_t *total) WUR;

#endif
