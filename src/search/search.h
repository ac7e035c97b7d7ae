/*
 * search: the full-text index of the knowledge repository and the queries
 * over it. Thai-aware through thai_terms: SQLite FTS5 with klang's own
 * tokenizer (search_sqlite.c, the one backend-specific file), BM25 ranking
 * with titles above summaries above bodies, query planning so that the
 * cost of a query stays bounded as the repository grows, snippets cut at
 * word boundaries, suggestions from the index's vocabulary when nothing is
 * found, and a log of those misses (the knowledge-gap report).
 *
 * search/ knows nothing of documents' rules: km/ builds each entry (struct
 * search_doc) from a document and computes, per query, what the asking user
 * may open (struct search_access). Every result and every count honours it.
 *
 * Memory: results live in the caller's arena. The tokenizer registers
 * itself on a connection the first time search/ uses it, so the server's
 * threads, the CLI and the tests need no set-up.
 */
#ifndef KLANG_SEARCH_SEARCH_H
#define KLANG_SEARCH_SEARCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct db;
struct thai_dict;

#define SEARCH_QUERY_MAX 500     /* bytes of a query */
#define SEARCH_QUERY_ITEMS 32    /* words, phrases and exclusions of a query */
#define SEARCH_PER_PAGE_MAX 50
#define SEARCH_PAGE_MAX 100      /* pages a query may be paged through */
#define SEARCH_EQUIV_MAX 500     /* equivalence groups per organisation */
#define SEARCH_EQUIV_TERMS 8     /* spellings in one group */
#define SEARCH_EQUIV_TERM_MAX 80 /* characters of one spelling */
#define SEARCH_WORD_MAX 64        /* characters of an organisation's word */
#define SEARCH_WORDS_MAX 2000     /* words per organisation */
#define SEARCH_MISSES_PER_DAY 5000 /* queries that found nothing logged per organisation and day */

/* The dictionary search cuts text with: libthai's words, klang's and the
 * organisations' own (search_words_load), loaded once per process on first
 * use (every Thai run is unknown if libthai's file is missing; that is
 * logged). Read-only, shared by all threads; a word added or removed swaps
 * in a new one (the old stays valid until the process exits). */
const struct thai_dict *search_dict(void);

/* Adds the organisations' stored words to the dictionary (at start-up:
 * search_schema does it). */
int search_words_load(struct db *db) WUR;

/* An organisation's own words (Thai letters, 2 to SEARCH_WORD_MAX): the
 * dictionary gains or loses the word at once and the entries holding it
 * are indexed again. The caller checks permissions (km/). ERR_INVAL with a
 * detail for a bad word, ERR_CONFLICT for one already there. */
int search_word_add(struct db *db, int64_t org_id, const char *word, int64_t account_id, int64_t *id_out) WUR;
int search_word_delete(struct db *db, int64_t org_id, int64_t id) WUR;
/* [{id, word, created_at}] by word. */
int search_word_list(struct db *db, int64_t org_id, json_t **out) WUR;

/* One entry of the index: a document as km/ hands it over. The text fields
 * are plain text (Markdown already rendered to text). */
struct search_doc {
	int64_t id;          /* the document's id */
	int64_t org_id;
	int64_t unit_id;
	int64_t division_id; /* the division (level-1 unit) of unit_id */
	int64_t created_by;  /* account id, 0 if none */
	const char *kind;
	const char *status;
	const char *visibility; /* public, org, unit */
	int fy;                 /* fiscal year (B.E.) first published, 0 if never */
	const char *issues;     /* strategic issue ids it covers, ",1,4," ("" none) */
	int64_t updated_at;
	const char *title;
	const char *summary;
	const char *body;
	const char *tags;   /* space- or comma-separated */
	const char *attach; /* text extracted from its attachments */
};

/* Creates the index's tables if they are missing and rebuilds the index
 * when it was made by another version of the tokenizer. Run at start-up
 * (app_open, the CLI) outside any read snapshot; idempotent. */
int search_schema(struct db *db) WUR;

/* Adds or replaces one entry. Opens its own transaction (or nests). */
int search_put(struct db *db, const struct search_doc *d) WUR;
/* Removes an entry; no entry is not an error. */
int search_remove(struct db *db, int64_t id) WUR;
/* Removes every entry of an organisation (before a full reindex). */
int search_clear(struct db *db, int64_t org_id) WUR;

/* Who asks: computed by km/ from the actor. A document is visible when it
 * belongs to org_id and: published or retired, and public, or "org" and
 * logged_in, or "unit" and (reads_all or its division is division_id);
 * otherwise (not yet published) when reads_all, or its division is
 * division_id, or account_id created it. */
struct search_access {
	int64_t org_id;
	bool logged_in;
	bool reads_all;
	int64_t division_id; /* 0: none */
	int64_t account_id;  /* 0: none */
};

/* Filters; zero/NULL/"" means any. */
struct search_filter {
	const char *kind;
	const char *status;  /* default "published" */
	int64_t division_id; /* documents of this division */
	int64_t issue_id;    /* covering this strategic issue */
	int fy;              /* first published in this fiscal year */
	bool public_only;    /* the public portal */
};

struct search_hit {
	int64_t id;
	double score;      /* higher is better */
	const char *title;
	const char *kind;
	const char *status;
	int64_t unit_id;
	int fy;
	int64_t updated_at;
	const char *snippet_html; /* escaped text with <mark>…</mark> */
};

struct search_result {
	struct search_hit *hits;
	int nhits;
	int64_t total;            /* visible documents matching, ≤ the planned cap */
	const char **suggestions; /* when nothing matched: queries to try */
	int nsuggestions;
	const char *query_norm;   /* the query as understood (normalised) */
	bool missed;              /* nothing found: the caller logs it (search_miss_log) */
};

/* Runs the query `q` for `acc` with the filters, page `page` (from 1) of
 * `per_page` hits, best first. Query syntax: words (OR, ranked by BM25),
 * "an exact phrase", -word or -"a phrase" to exclude; Thai written without
 * spaces is cut into words. An empty query or one of only exclusions gives
 * ERR_INVAL with a detail. When nothing matches, `missed` is set and
 * suggestions (each checked to find something the user may open) are
 * filled in. Reads only, so it may run inside a read snapshot; results in
 * `ar`. */
int search_run(struct db *db, struct arena *ar, const struct search_access *acc,
	       const struct search_filter *f, const char *q, int page, int per_page,
	       struct search_result *out) WUR;

/* Titles for search-as-you-type: up to `limit` (≤ 20) visible published
 * documents whose title holds the typed words, the last one as a prefix.
 * Each hit has id, title, kind and unit_id only. */
int search_titles(struct db *db, struct arena *ar, const struct search_access *acc,
		  const char *typed, int limit, struct search_hit **hits, int *nhits) WUR;

/* Logs a query that found nothing (a write: after the read snapshot), up
 * to SEARCH_MISSES_PER_DAY per organisation and day (UTC). */
int search_miss_log(struct db *db, int64_t org_id, int64_t account_id, const char *query) WUR;
/* The queries that found nothing between two times (Unix seconds, [from,
 * to)), grouped: [{query, count, last_at}], most frequent first, at most
 * `limit`. */
int search_misses(struct db *db, int64_t org_id, int64_t from, int64_t to, int limit, json_t **out) WUR;

/* Equivalences: groups of spellings a query treats as one (พ.ร.บ. = พรบ. =
 * พระราชบัญญัติ), as data the organisation's admins edit. `terms` is the
 * group written with "=" or "," between spellings. The caller checks
 * permissions (km/). ERR_INVAL with a detail for fewer than two spellings,
 * too many or too long ones. */
int search_equiv_add(struct db *db, int64_t org_id, const char *terms, int64_t *id_out) WUR;
int search_equiv_delete(struct db *db, int64_t org_id, int64_t id) WUR;
/* The organisation's groups: [{id, terms, created_at}] by terms. */
int search_equiv_list(struct db *db, int64_t org_id, json_t **out) WUR;
/* Puts klang's default groups (government abbreviations) into an
 * organisation that has none. */
int search_equiv_defaults(struct db *db, int64_t org_id) WUR;

#endif
