/*
 * notify: telling people that something concerns them. A notification is a
 * row per recipient (the bell and its list); when e-mail is configured and
 * the recipient's person record has an address, the same text is queued in
 * mail_outbox in the same transaction, and notify_mail_flush delivers the
 * queue through SMTP (net/smtp) with retries.
 */
#ifndef KLANG_KM_NOTIFY_H
#define KLANG_KM_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;
struct smtp_settings;

#define NOTIFY_TEXT_MAX 600     /* bytes kept of a notification's text */
#define NOTIFY_MENTIONS_MAX 20  /* accounts one text may mention */
#define NOTIFY_LIST_MAX 100

/* Adds a notification for one account (kind: submitted, reviewed,
 * approved, published, changes_requested, rejected, retired, mention,
 * comment). `doc_id` may be 0. Queues the e-mail too when enabled. */
int notify_add(struct db *db, int64_t org_id, int64_t account_id, const char *kind, int64_t doc_id,
	       const char *actor_name, const char *text) WUR;

/* Notifies every account of the actor's organisation named as "@login" in
 * `text` (at most NOTIFY_MENTIONS_MAX; never the actor; only accounts that
 * may open document `doc_id`). `where_th` says where (e.g. the document's
 * title). */
int notify_mentions(struct db *db, const struct actor *a, int64_t doc_id, const char *text,
		    const char *where_th) WUR;

/* The actor's notifications, newest first: [{id,kind,document_id,
 * actor_name,text,created_at,read}], the total and the unread count. */
int notify_list(struct db *db, const struct actor *a, int page, int per_page, json_t **items,
		int64_t *total, int64_t *unread) WUR;
int notify_unread(struct db *db, const struct actor *a, int64_t *out) WUR;
/* Marks one notification (id > 0) or all of the actor's as read. */
int notify_read(struct db *db, const struct actor *a, int64_t id) WUR;

/* E-mail for the whole process: a copy of the settings is kept (NULL turns
 * e-mail off, the default). `base_url` begins the links in messages. */
int notify_mail_configure(const struct smtp_settings *s, const char *base_url) WUR;
bool notify_mail_enabled(void);
/* Sends up to `max` due messages of the outbox; a failure is retried later
 * (1, 5, 30 minutes, then hourly, 10 attempts in all). *sent counts the
 * messages delivered. */
int notify_mail_flush(struct db *db, int max, int *sent) WUR;
/* Frees what notify_mail_configure kept. */
void notify_mail_release(void);

#endif
