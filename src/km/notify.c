/* notify: notifications, @mentions and the e-mail outbox. */
#include "km/notify.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/utf8.h"
#include "km/account.h"
#include "km/doc.h"
#include "net/smtp.h"
#include "store/db.h"
#include "store/db_json.h"

/* The process's e-mail settings; `mail_on` false until configured. */
static pthread_mutex_t mail_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	bool on;
	char *url, *user, *password, *from, *from_name, *base_url;
	long timeout_ms;
} mail;

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void notify_mail_release(void)
{
	pthread_mutex_lock(&mail_lock);
	free(mail.url);
	free(mail.user);
	free(mail.password);
	free(mail.from);
	free(mail.from_name);
	free(mail.base_url);
	memset(&mail, 0, sizeof mail);
	pthread_mutex_unlock(&mail_lock);
}

int notify_mail_configure(const struct smtp_settings *s, const char *base_url)
{
	notify_mail_release();
	if (!s || !s->url || !s->url[0])
		return 0;
	pthread_mutex_lock(&mail_lock);
	mail.url = dup_or_null(s->url);
	mail.user = dup_or_null(s->user);
	mail.password = dup_or_null(s->password);
	mail.from = dup_or_null(s->from);
	mail.from_name = dup_or_null(s->from_name);
	mail.base_url = strdup(base_url ? base_url : "");
	mail.timeout_ms = s->timeout_ms;
	mail.on = mail.url && mail.from && mail.base_url;
	bool ok = mail.on;
	pthread_mutex_unlock(&mail_lock);
	if (!ok) {
		notify_mail_release();
		return ERR_NOMEM;
	}
	return 0;
}

bool notify_mail_enabled(void)
{
	pthread_mutex_lock(&mail_lock);
	bool on = mail.on;
	pthread_mutex_unlock(&mail_lock);
	return on;
}

/* Copies at most `max` bytes of s, cut at a character boundary. */
static void clip(char *out, size_t max, const char *s)
{
	size_t n = strlen(s);
	if (n >= max)
		n = utf8_cut(s, n, max - 1);
	memcpy(out, s, n);
	out[n] = 0;
}

static int queue_mail(struct db *db, int64_t org_id, int64_t account_id, int64_t doc_id, const char *text)
{
	struct db_stmt *st;
	int rc = db_query(db,
			  "SELECT p.email FROM accounts c JOIN people p ON p.id = c.person_id"
			  " WHERE c.id = $1 AND c.disabled = 0 AND p.email <> ''",
			  DB_ARGS(DB_INT(account_id)), &st);
	if (rc)
		return rc;
	char to[256] = "";
	if ((rc = db_step(st)) == DB_ROW)
		snprintf(to, sizeof to, "%s", db_col_text(st, 0, NULL));
	db_done(st);
	if (rc < 0 || !to[0])
		return rc < 0 ? rc : 0;
	/* The subject is the notification's text (RFC 2047 folds it): it names
	 * who did what to which document. */
	char subject[NOTIFY_TEXT_MAX], body[NOTIFY_TEXT_MAX + 600];
	clip(subject, sizeof subject, text);
	pthread_mutex_lock(&mail_lock);
	if (doc_id)
		snprintf(body, sizeof body, "%s\r\n\r\nเปิดดู: %s/docs/%lld\r\n\r\n-- \r\nคลังความรู้ (klang)\r\n",
			 text, mail.base_url ? mail.base_url : "", (long long)doc_id);
	else
		snprintf(body, sizeof body, "%s\r\n\r\n-- \r\nคลังความรู้ (klang)\r\n", text);
	pthread_mutex_unlock(&mail_lock);
	int64_t now = clock_now();
	return db_exec(db,
		       "INSERT INTO mail_outbox (org_id, to_addr, subject, body, created_at, next_at)"
		       " VALUES ($1, $2, $3, $4, $5, $5)",
		       DB_ARGS(DB_INT(org_id), DB_TEXT(to), DB_TEXT(subject), DB_TEXT(body), DB_INT(now)));
}

int notify_add(struct db *db, int64_t org_id, int64_t account_id, const char *kind, int64_t doc_id,
	       const char *actor_name, const char *text)
{
	char t[NOTIFY_TEXT_MAX];
	clip(t, sizeof t, text);
	int rc = db_exec(db,
			 "INSERT INTO notifications (org_id, account_id, kind, document_id, actor_name, text,"
			 " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			 DB_ARGS(DB_INT(org_id), DB_INT(account_id), DB_TEXT(kind), DB_ID_OR_NULL(doc_id),
				 DB_TEXT(actor_name ? actor_name : ""), DB_TEXT(t), DB_INT(clock_now())));
	if (!rc && notify_mail_enabled())
		rc = queue_mail(db, org_id, account_id, doc_id, t);
	return rc;
}

static bool login_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '_' || c == '-';
}

int notify_mentions(struct db *db, const struct actor *a, int64_t doc_id, const char *text,
		    const char *where_th)
{
	int rc = 0, count = 0;
	int64_t seen[NOTIFY_MENTIONS_MAX];
	for (const char *p = text; !rc && p && (p = strchr(p, '@')) && count < NOTIFY_MENTIONS_MAX;) {
		/* "@login" begins a word: not part of an e-mail address. */
		bool starts = p == text || !login_char((unsigned char)p[-1]);
		const char *s = ++p;
		while (login_char((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - s);
		while (n && (s[n - 1] == '.' || s[n - 1] == '-'))
			n--; /* "@somchai." at the end of a sentence */
		if (!starts || !n || n >= 64)
			continue;
		char login[64];
		memcpy(login, s, n);
		login[n] = 0;
		int64_t id = 0;
		rc = db_query_int(db, "SELECT coalesce(max(id), 0) FROM accounts WHERE org_id = $1 AND login = $2"
				      " AND disabled = 0",
				  DB_ARGS(DB_INT(a->org_id), DB_TEXT(login)), &id);
		bool dup = false;
		for (int i = 0; i < count; i++)
			dup |= seen[i] == id;
		if (rc || !id || dup || id == a->account_id)
			continue;
		/* Only someone who may open the document hears of it. */
		if (doc_id) {
			struct actor who;
			struct doc_row r;
			if ((rc = account_load_actor(db, id, &who)))
				break;
			int c = doc_load_row(db, &who, doc_id, &r);
			if (c == ERR_NOTFOUND) {
				err_clear();
				continue;
			}
			if ((rc = c))
				break;
		}
		seen[count++] = id;
		char msg[NOTIFY_TEXT_MAX];
		snprintf(msg, sizeof msg, "%s กล่าวถึงคุณใน \"%s\"", a->name, where_th ? where_th : "");
		rc = notify_add(db, a->org_id, id, "mention", doc_id, a->name, msg);
	}
	return rc;
}

int notify_list(struct db *db, const struct actor *a, int page, int per_page, json_t **items,
		int64_t *total, int64_t *unread)
{
	if (!a->account_id)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	if (per_page < 1 || per_page > NOTIFY_LIST_MAX)
		per_page = NOTIFY_LIST_MAX;
	if (page < 1)
		page = 1;
	int rc = db_query_int(db, "SELECT count(*) FROM notifications WHERE account_id = $1",
			      DB_ARGS(DB_INT(a->account_id)), total);
	if (!rc)
		rc = notify_unread(db, a, unread);
	if (!rc)
		rc = db_query_json(db,
				   "SELECT id, kind, coalesce(document_id, 0) AS document_id, actor_name, text,"
				   " created_at, CASE WHEN read_at IS NULL THEN 0 ELSE 1 END AS read"
				   " FROM notifications WHERE account_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
				   DB_ARGS(DB_INT(a->account_id), DB_INT(per_page),
					   DB_INT((int64_t)(page - 1) * per_page)),
				   0, items);
	return rc;
}

int notify_unread(struct db *db, const struct actor *a, int64_t *out)
{
	*out = 0;
	if (!a->account_id)
		return 0;
	return db_query_int(db, "SELECT count(*) FROM notifications WHERE account_id = $1 AND read_at IS NULL",
			    DB_ARGS(DB_INT(a->account_id)), out);
}

int notify_read(struct db *db, const struct actor *a, int64_t id)
{
	if (!a->account_id)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	return db_exec(db,
		       "UPDATE notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL"
		       " AND ($3 = 0 OR id = $3)",
		       DB_ARGS(DB_INT(clock_now()), DB_INT(a->account_id), DB_INT(id)));
}

/* Seconds before attempt n+1 after n failures. */
static int64_t backoff(int64_t attempts)
{
	static const int64_t wait[] = {60, 300, 1800};
	return attempts <= 3 ? wait[attempts - 1 < 0 ? 0 : attempts - 1] : 3600;
}

#define MAIL_ATTEMPTS_MAX 10

int notify_mail_flush(struct db *db, int max, int *sent)
{
	*sent = 0;
	if (!notify_mail_enabled())
		return 0;
	json_t *rows = NULL;
	int64_t now = clock_now();
	int rc = db_query_json(db,
			       "SELECT id, to_addr, subject, body, attempts FROM mail_outbox"
			       " WHERE sent_at IS NULL AND next_at <= $1 AND attempts < $2 ORDER BY id LIMIT $3",
			       DB_ARGS(DB_INT(now), DB_INT(MAIL_ATTEMPTS_MAX), DB_INT(max)), 0, &rows);
	if (rc)
		return rc;
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m)
	{
		struct smtp_message msg = {
			.to = json_string_value(json_object_get(m, "to_addr")),
			.subject = json_string_value(json_object_get(m, "subject")),
			.body = json_string_value(json_object_get(m, "body")),
		};
		char err[256] = "";
		/* Sent outside any transaction: SMTP may take seconds. */
		pthread_mutex_lock(&mail_lock);
		struct smtp_settings s = {mail.url, mail.user, mail.password, mail.from, mail.from_name,
					  mail.timeout_ms};
		char *url = strdup(s.url ? s.url : ""), *user = dup_or_null(s.user),
		     *pass = dup_or_null(s.password), *from = strdup(s.from ? s.from : ""),
		     *from_name = dup_or_null(s.from_name);
		pthread_mutex_unlock(&mail_lock);
		s = (struct smtp_settings){url, user, pass, from, from_name, s.timeout_ms};
		int src = url && from ? smtp_send(&s, &msg, err, sizeof err) : ERR_NOMEM;
		free(url);
		free(user);
		free(pass);
		free(from);
		free(from_name);
		int64_t id = json_integer_value(json_object_get(m, "id"));
		int64_t attempts = json_integer_value(json_object_get(m, "attempts")) + 1;
		if (src == 0) {
			(*sent)++;
			rc = db_exec(db, "UPDATE mail_outbox SET sent_at = $1, attempts = $2 WHERE id = $3",
				     DB_ARGS(DB_INT(clock_now()), DB_INT(attempts), DB_INT(id)));
		} else {
			log_warn("mail to \"%s\" failed: %s", msg.to, err);
			err_clear();
			rc = db_exec(db,
				     "UPDATE mail_outbox SET attempts = $1, next_at = $2, last_error = $3 WHERE id = $4",
				     DB_ARGS(DB_INT(attempts), DB_INT(clock_now() + backoff(attempts)), DB_TEXT(err),
					     DB_INT(id)));
		}
		if (rc)
			break;
	}
	json_decref(rows);
	return rc;
}
