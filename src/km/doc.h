/*
 * doc: the knowledge repository's documents. A document has an owning unit,
 * a kind (manual, citizen_manual, article, regulation, expert_knowledge,
 * training_lessons, good_practice), a visibility (public, org, unit), a
 * status from the workflow (km/workflow.h), tags, the required-knowledge
 * items it covers, and authors. Every save is an immutable revision; readers
 * see the published revision while editors work on the current one.
 *
 * Who may read: a published or retired document is open to everyone when
 * public, to the organisation's accounts when "org", and to the accounts of
 * its division (สำนัก/กอง) when "unit"; admins, the KM committee and
 * executives read everything of their organisation. A document not yet
 * published is open to its creator, its division, the KM committee, admins
 * and executives. Who may edit: the creator, accounts of its division,
 * admins. Anything else is "not found".
 */
#ifndef KLANG_KM_DOC_H
#define KLANG_KM_DOC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define DOC_TITLE_MAX 300     /* characters */
#define DOC_SUMMARY_MAX 2000  /* characters */
#define DOC_BODY_MAX (1 << 20) /* bytes of Markdown */
#define DOC_TAGS_MAX 20
#define DOC_TAG_MAX 50        /* characters per tag */
#define DOC_COVERS_MAX 50
#define DOC_LIST_MAX 200

/* True for a known kind code; its Thai and English labels. */
bool doc_kind_valid(const char *kind);
const char *doc_kind_label_th(const char *kind);
const char *doc_kind_label_en(const char *kind);
/* The kind codes, NULL-terminated (for route validators and forms). */
extern const char *const doc_kinds[];
extern const char *const doc_visibilities[];

/* What a save sets. NULL strings and negative numbers leave a field as it
 * is on update; on create, title, kind and unit are required. `tags` is a
 * comma-separated list; `covers` lists required-knowledge ids (covers_set
 * says whether to replace them). */
struct doc_input {
	const char *title;
	const char *summary;
	const char *body_md;
	const char *kind;
	const char *visibility;
	const char *knowledge_type; /* explicit or tacit */
	const char *review_due;     /* YYYY-MM-DD, "" clears */
	const char *tags;
	const char *note;           /* what this revision changed */
	int64_t unit_id;
	int64_t base_revision_id;   /* update: the revision the editor started from */
	const int64_t *covers;
	int ncovers;
	bool covers_set;
};
#define DOC_INPUT_EMPTY {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1, 0, NULL, 0, false}

/* Creates a draft with its first revision. */
int doc_create(struct db *db, const struct actor *a, const struct doc_input *in, int64_t *id_out,
	       int64_t *rev_out) WUR;

/* Saves a new revision. ERR_CONFLICT (with the detail) when base_revision_id
 * is not the current revision: someone saved in between. */
int doc_update(struct db *db, const struct actor *a, int64_t id, const struct doc_input *in,
	       int64_t *rev_out) WUR;

/* Saves an old revision's text again as the newest revision. */
int doc_restore(struct db *db, const struct actor *a, int64_t id, int64_t revision_id,
		int64_t *rev_out) WUR;

/* The document for the actor: its fields, "kind_th", "unit", "tags",
 * "covers" [{id,title,issue_number}], "authors", and "revision" (the one the
 * actor should see: published for readers, current for editors, or the
 * one asked for with `revision_id` > 0) with title, summary, body_md,
 * number, author_name, created_at; plus "state" (the workflow's: a
 * published document's new revision may be a draft while "status" stays
 * published), "can_edit", "has_unpublished" (current differs from
 * published). */
int doc_get(struct db *db, const struct actor *a, int64_t id, int64_t revision_id,
	    json_t **out) WUR;

/* Filters for doc_list; zero/NULL means any. */
struct doc_filter {
	const char *kind;
	const char *status;   /* default: published */
	const char *tag;
	int64_t unit_id;      /* the unit or anything in its division */
	int64_t issue_id;     /* covers a required-knowledge item of this strategic issue */
	int64_t rk_id;
	int fy;               /* published in this fiscal year */
	bool public_only;     /* the public portal: public documents only */
	const char *order;    /* "updated" (default), "title" or "review" */
	const char *due_by;   /* review due on or before this date (YYYY-MM-DD) */
	int64_t stale_before; /* not updated since this time (Unix seconds) */
};

/* The documents the actor may open, newest first:
 * [{id,title,summary,kind,kind_th,status,visibility,unit_id,unit_name,
 *   published_fy,updated_at,views}], and the total. */
int doc_list(struct db *db, const struct actor *a, const struct doc_filter *f, int page,
	     int per_page, json_t **items, int64_t *total) WUR;

/* Revisions, newest first: [{id,number,title,note,author_name,created_at,
 * published (bool)}]. */
int doc_revisions(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* The text of two revisions of one document, for a diff. */
int doc_revision_texts(struct db *db, const struct actor *a, int64_t id, int64_t rev_a,
		       int64_t rev_b, json_t **out) WUR;

/* Counts a view of the published document (a write: not inside a read
 * snapshot). */
int doc_count_view(struct db *db, int64_t org_id, int64_t id) WUR;

/* Records "I have read this version" for the published revision. */
int doc_acknowledge(struct db *db, const struct actor *a, int64_t id) WUR;

/* Helpful / not helpful with an optional comment. */
int doc_feedback(struct db *db, const struct actor *a, int64_t id, bool helpful,
		 const char *comment) WUR;

/* The starting Markdown for a new document of `kind` in the actor's
 * organisation (an admin-edited template or the built-in one). The string
 * is a new heap block the caller frees. */
int doc_template_dup(struct db *db, const struct actor *a, const char *kind, char **out) WUR;

/* Replaces the organisation's template for `kind` (admins). */
int doc_template_set(struct db *db, const struct actor *a, const char *kind, const char *body) WUR;

/* Internal to km/: whether the actor may read / edit the document row
 * (org_id, division of its unit, status, visibility, creator). */
struct doc_access {
	int64_t org_id;
	int64_t division_id;
	int64_t created_by;
	const char *status;
	const char *visibility;
};
bool doc_may_read(const struct actor *a, const struct doc_access *d);
/* Whether the actor reads every document of the organisation (admins, the
 * KM committee, executives, the operator). */
bool doc_reads_all(const struct actor *a);
bool doc_may_edit(const struct actor *a, const struct doc_access *d);

/* Internal to km/: a document's row as the workflow and the reading rules
 * need it. doc_load_row fills it for a document of the actor's organisation
 * that the actor may read (else ERR_NOTFOUND with the detail); the strings
 * live in the struct. */
struct doc_row {
	struct doc_access acc; /* its strings point into this struct */
	int64_t id;
	char status[16];
	char pending_state[16]; /* "" when none */
	char visibility[8];
	char kind[24];
	char unit_name[640];
	int64_t unit_id;
	int64_t current_revision_id;
	int64_t published_revision_id;
	int64_t state_since;
};
int doc_load_row(struct db *db, const struct actor *a, int64_t id, struct doc_row *r) WUR;

#endif
