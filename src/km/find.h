/*
 * find: search over the knowledge repository for an actor. km/ decides who
 * may open what (the rules of doc_may_read, handed to search/ as a
 * struct search_access) and keeps the index in step with the documents:
 * every write path of a document (create, edit, restore, workflow,
 * attachments) ends with doc_index inside its transaction.
 */
#ifndef KLANG_KM_FIND_H
#define KLANG_KM_FIND_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct arena;
struct db;

/* Brings the index entry of document `id` up to date (or removes it when
 * the document is gone). For km/'s write paths; no permission check. */
int doc_index(struct db *db, int64_t id) WUR;

/* Rebuilds the whole index from the documents, calling progress (if not
 * NULL) after each document with (done, total). For `klang reindex`. */
int doc_reindex(struct db *db, void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx) WUR;

/* Indexes the documents the index lacks (a database from before search/,
 * or one restored without its index): at start-up. *indexed (if not NULL)
 * gets how many. */
int doc_index_missing(struct db *db, int64_t *indexed) WUR;

struct doc_query {
	const char *q;
	const char *kind;
	const char *status;   /* default published; others only as far as the actor may open */
	int64_t unit_id;      /* the unit's division */
	int64_t issue_id;     /* strategic issue */
	int fy;
	bool public_only;     /* the public portal */
};

/* Searches as the actor: {"items":[{id,title,kind,kind_th,unit,unit_id,
 * status,fy,updated_at,snippet_html,score}],"total":N,"page","per_page",
 * "query","suggestions":[…]}. A query that finds nothing is logged (when the
 * connection is not inside a transaction). ERR_INVAL with a detail for a bad
 * query or filter. */
int doc_search(struct db *db, struct arena *ar, const struct actor *a, const struct doc_query *dq,
	       int page, int per_page, json_t **out) WUR;

/* Titles matching what the actor is typing: [{id,title,kind,kind_th}]. */
int doc_search_titles(struct db *db, struct arena *ar, const struct actor *a, const char *typed,
		      json_t **out) WUR;

/* Equivalences of the actor's organisation (admins edit them). */
int doc_equiv_list(struct db *db, const struct actor *a, json_t **out) WUR;
int doc_equiv_add(struct db *db, const struct actor *a, const char *terms, int64_t *id_out) WUR;
int doc_equiv_delete(struct db *db, const struct actor *a, int64_t id) WUR;

/* The organisation's own words for the dictionary (admins): adding or
 * removing one re-cuts the documents that hold it. */
int doc_word_list(struct db *db, const struct actor *a, json_t **out) WUR;
int doc_word_add(struct db *db, const struct actor *a, const char *word, int64_t *id_out) WUR;
int doc_word_delete(struct db *db, const struct actor *a, int64_t id) WUR;

#endif
