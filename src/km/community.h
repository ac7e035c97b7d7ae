/*
 * community: communities of practice (ชุมชนนักปฏิบัติ, KM step 6): a topic,
 * a facilitator (คุณอำนวย), members, the strategic issue it serves, a
 * discussion board of threads and replies (Markdown, @mentions, files),
 * the reply that answers a thread, threads turned into draft knowledge
 * documents, and meeting records.
 *
 * Who may do what (every function checks; pages, API and CLI alike):
 * - read: every account of the organisation reads every community, its
 *   members, meetings and board (sharing is the point); the public reads
 *   nothing. A community of another organisation is "not found".
 * - create: admins and the KM committee. Edit (name, description,
 *   facilitator, strategic issue, active): they and the facilitator.
 * - join: any account of the organisation, while the community is active;
 *   leave: any member but the facilitator (hand the role over first). The
 *   facilitator, admins and the KM committee add and remove members.
 * - post threads and replies: members only, while the community is active
 *   and the thread is not locked. Being an admin gives no voice on a board
 *   one has not joined.
 * - mark a reply as the answer: the thread's author or the facilitator.
 * - lock a thread, record a meeting: the facilitator, admins, the KM
 *   committee.
 * - turn a thread into a draft document: the thread's author or the
 *   facilitator; the draft is created by the actor in the actor's own unit
 *   (doc_create's rules), once per thread.
 *
 * A new thread or reply notifies every account it mentions as "@login"
 * (notify_mentions); a new reply also notifies the thread's author and the
 * facilitator (kind "community"). Creating, joining, marking an answer and
 * turning a thread into a document are recorded in the audit trail.
 *
 * Results are new JSON values the caller owns; "body_html" is the
 * Markdown rendered safely by export/markdown.
 */
#ifndef KLANG_KM_COMMUNITY_H
#define KLANG_KM_COMMUNITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

/* Limits (characters unless said otherwise). */
#define COMMUNITY_NAME_MAX 200
#define COMMUNITY_DESC_MAX 2000
#define COMMUNITY_TITLE_MAX 300          /* a thread's or a meeting's title */
#define COMMUNITY_BODY_MAX 20000         /* a thread's or a reply's Markdown */
#define COMMUNITY_NOTES_MAX 20000        /* a meeting's notes */
#define COMMUNITIES_PER_ORG_MAX 200
#define COMMUNITY_MEMBERS_MAX 1000
#define COMMUNITY_THREADS_MAX 10000      /* per community */
#define COMMUNITY_REPLIES_MAX 500        /* per thread */
#define COMMUNITY_MEETINGS_MAX 1000      /* per community */
#define COMMUNITY_ATTENDEES_MAX 10000
#define COMMUNITY_FILES_PER_POST 5
#define COMMUNITY_FILES_PER_THREAD 50    /* the thread's and its replies' together */
#define COMMUNITY_FILE_MAX ((size_t)10 << 20) /* bytes per file */
#define COMMUNITY_PAGE_MAX 100           /* rows per page of a list */

/* What a create or an update sets. On update NULL strings, negative ids
 * and active < 0 leave a field unchanged; issue_id 0 clears the link. On
 * create, name is required and facilitator_account_id <= 0 means the
 * actor. */
struct community_input {
	const char *name;
	const char *description;
	int64_t facilitator_account_id;
	int64_t issue_id;
	int active;
};
#define COMMUNITY_INPUT_UNCHANGED {NULL, NULL, -1, -1, -1}

/* One uploaded file: the client's name (made safe by the caller) and its
 * bytes. */
struct community_file {
	const char *filename;
	const void *data;
	size_t len;
};

/* Creates a community; the facilitator becomes its first member. */
int community_create(struct db *db, const struct actor *a, const struct community_input *in,
		     int64_t *id_out) WUR;
int community_update(struct db *db, const struct actor *a, int64_t id,
		     const struct community_input *in) WUR;

/* The organisation's communities, active first, then by name:
 * [{id,name,description,active,issue_id,issue_number,issue_title,
 *   facilitator_account_id,facilitator_name,member_count,thread_count,
 *   last_activity,is_member}] and the total. */
int community_list(struct db *db, const struct actor *a, int page, int per_page, json_t **items,
		   int64_t *total) WUR;

/* One community: its fields as in the list, "members"
 * [{account_id,login,name,position,role,joined_at}], "meetings" (newest
 * first, with notes_html), and what the actor may do: is_member,
 * is_facilitator, can_post, can_join, can_leave, can_manage. */
int community_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* Joins (the actor) or adds (account_id of the organisation; the
 * facilitator, admins, the committee). ERR_CONFLICT when already a member. */
int community_join(struct db *db, const struct actor *a, int64_t id) WUR;
int community_member_add(struct db *db, const struct actor *a, int64_t id, int64_t account_id) WUR;
/* Removes a member; the actor's own account_id is leaving. The facilitator
 * cannot be removed. */
int community_member_remove(struct db *db, const struct actor *a, int64_t id,
			    int64_t account_id) WUR;

/* The board: threads, latest activity first: [{id,title,author_name,
 * created_at,updated_at,reply_count,answered,locked,document_id}]. */
int community_threads(struct db *db, const struct actor *a, int64_t id, int page, int per_page,
		      json_t **items, int64_t *total) WUR;

/* Starts a thread with up to COMMUNITY_FILES_PER_POST files. */
int community_thread_create(struct db *db, const struct actor *a, const char *blob_root,
			    int64_t community_id, const char *title, const char *body_md,
			    const struct community_file *files, size_t nfiles, int64_t *id_out) WUR;

/* A thread: {id,community_id,community_name,title,body_md,body_html,
 * author_account_id,author_name,created_at,updated_at,locked,
 * answer_reply_id,document_id,files,replies:[{id,body_md,body_html,
 * author_account_id,author_name,created_at,edited_at,is_answer,files}],
 * can_reply,can_mark_answer,can_convert,can_lock}. Replies come in order,
 * at most COMMUNITY_REPLIES_MAX. */
int community_thread_get(struct db *db, const struct actor *a, int64_t thread_id, json_t **out) WUR;

/* The community a thread the actor may read belongs to. */
int community_thread_community(struct db *db, const struct actor *a, int64_t thread_id,
			       int64_t *community_id) WUR;

/* Replies of a thread in order, paged, as in community_thread_get. */
int community_replies(struct db *db, const struct actor *a, int64_t thread_id, int page,
		      int per_page, json_t **items, int64_t *total) WUR;

int community_reply_add(struct db *db, const struct actor *a, const char *blob_root,
			int64_t thread_id, const char *body_md, const struct community_file *files,
			size_t nfiles, int64_t *id_out) WUR;

/* Marks reply_id (a reply of this thread) as the answer; 0 clears it. */
int community_answer_mark(struct db *db, const struct actor *a, int64_t thread_id,
			  int64_t reply_id) WUR;

/* Locks (no more replies) or unlocks a thread. */
int community_thread_lock(struct db *db, const struct actor *a, int64_t thread_id, bool locked) WUR;

/* Turns the thread (its question, its answer, the other replies) into a
 * draft document of `kind` ("article" or "good_practice"; NULL: article)
 * in the actor's unit, linked from the thread. ERR_CONFLICT when the
 * thread already has one. */
int community_thread_to_doc(struct db *db, const struct actor *a, int64_t thread_id,
			    const char *kind, int64_t *doc_out) WUR;

/* Records a meeting (date YYYY-MM-DD, title, notes in Markdown, how many
 * attended). */
struct community_meeting_input {
	const char *date;
	const char *title;
	const char *notes_md;
	int attendees;
};
int community_meeting_add(struct db *db, const struct actor *a, int64_t community_id,
			  const struct community_meeting_input *in, int64_t *id_out) WUR;

/* A file of a thread or reply the actor may read: {id,thread_id,reply_id,
 * sha256,filename,mime,kind,size,created_at}; ERR_NOTFOUND otherwise. */
int community_file_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* The organisation's active accounts with their names, for choosing a
 * facilitator or a member: [{id,login,name}]. Any account. */
int community_accounts(struct db *db, const struct actor *a, json_t **out) WUR;

/* The community kinds a thread may become ("article", "good_practice"),
 * NULL-terminated, for route validators. */
extern const char *const community_doc_kinds[];

#endif
