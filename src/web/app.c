/* app: the long-lived state of the server and the CLI. */
#include "web/app.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>

#include "core/log.h"
#include "km/find.h"
#include "km/notify.h"
#include "net/smtp.h"
#include "search/search.h"
#include "store/db.h"
#include "store/migrate.h"
#include "web/assets.h"
#include "web/page_cache.h"
#include "thai/segment.h"
#include "web/route.h"
#include "web/tpl.h"

void app_policy_from_config(const struct config *c, struct auth_policy *p)
{
	p->pw_mem_mib = c->pwhash_mem_mib;
	p->pw_ops = c->pwhash_ops;
	p->fail_account = c->login_fail_account;
	p->fail_ip = c->login_fail_ip;
	p->window_min = c->login_window_min;
	p->session_idle_min = c->session_idle_min;
	p->session_max_hours = c->session_max_hours;
}

int app_db_path(const char *data_dir, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s/klang.db", data_dir);
	return n < 0 || (size_t)n >= cap ? ERR_TOOBIG : 0;
}

int app_open(struct app *app, int connections)
{
	app_policy_from_config(&app->cfg, &app->policy);
	int rc = app_db_path(app->cfg.data_dir, app->db_path, sizeof app->db_path);
	if (rc)
		return rc;
	struct stat st;
	if (stat(app->db_path, &st) != 0) {
		log_error("app: no database in '%s': run 'klang --data %s init' first",
			  app->cfg.data_dir, app->cfg.data_dir);
		return ERR_NOTFOUND;
	}
	const char *why = NULL;
	if ((rc = route_table_check(web_routes, &why))) {
		log_error("app: route table is wrong at '%s'", why ? why : "?");
		return rc;
	}
	/* Bring the schema up to date before the pool opens. */
	struct db *db = NULL;
	if ((rc = db_open(app->db_path, &db)))
		return rc;
	rc = db_migrate(db, NULL);
	if (rc == 0)
		rc = search_schema(db);
	int64_t indexed = 0;
	if (rc == 0 && (rc = doc_index_missing(db, &indexed)) == 0 && indexed > 0)
		log_info("search: indexed %lld documents the index lacked", (long long)indexed);
	db_close(db);
	if (rc)
		return rc;
	if ((rc = db_pool_open(app->db_path, connections, &app->pool)))
		return rc;
	if ((rc = tpl_set_load(web_templates, &app->tpl))) {
		app_close(app);
		return rc;
	}
	/* The Thai dictionary (search/'s, swapped when an organisation's words
	 * change: take search_dict() afresh for each text, never keep it). */
	if (!search_dict()) {
		log_error("app: cannot load the Thai dictionary ('%s', package libthai-data)",
			  THAI_DICT_LIBTHAI_PATH);
		app_close(app);
		return ERR_IO;
	}
	app->asset_version = assets_version();
	page_cache_configure(app->cfg.page_cache_ms);
	return 0;
}

/* The mail sender: a thread with its own connection, woken every
 * interval or at once when stopping. */
struct mailer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	int interval_s;
	char db_path[600];
};

static void *mailer_run(void *arg)
{
	struct mailer *m = arg;
	struct db *db = NULL;
	if (db_open(m->db_path, &db)) {
		log_error("mail: cannot open the database; e-mail is not sent");
		return NULL;
	}
	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		pthread_mutex_unlock(&m->lock);
		int sent = 0, rc = notify_mail_flush(db, 50, &sent);
		if (rc)
			log_warn("mail: sending the outbox failed (%d)", rc);
		else if (sent)
			log_info("mail: sent %d messages", sent);
		pthread_mutex_lock(&m->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += m->interval_s;
		while (!m->stop && pthread_cond_timedwait(&m->wake, &m->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&m->lock);
	db_close(db);
	return NULL;
}

int app_mailer_start(struct app *app)
{
	if (!app->cfg.smtp_url[0])
		return 0;
	struct smtp_settings s = {app->cfg.smtp_url, app->cfg.smtp_user, app->cfg.smtp_password,
				  app->cfg.smtp_from, "คลังความรู้ klang", 30000};
	if (!smtp_addr_valid(app->cfg.smtp_from))
		return err_fail(ERR_INVAL, "smtp_from", "ที่อยู่อีเมลผู้ส่งไม่ถูกต้อง", "smtp_from is not a valid address.");
	int rc = notify_mail_configure(&s, app->cfg.base_url);
	if (rc)
		return rc;
	struct mailer *m = calloc(1, sizeof *m);
	if (!m)
		return ERR_NOMEM;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->wake, NULL);
	m->interval_s = app->cfg.smtp_interval_s > 0 ? app->cfg.smtp_interval_s : 10;
	snprintf(m->db_path, sizeof m->db_path, "%s", app->db_path);
	if (pthread_create(&m->thread, NULL, mailer_run, m)) {
		free(m);
		return ERR_NOMEM;
	}
	app->mailer = m;
	log_info("mail: notifications are e-mailed through '%s'", app->cfg.smtp_url);
	return 0;
}

static void mailer_stop(struct mailer *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = true;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->wake);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

void app_close(struct app *app)
{
	mailer_stop(app->mailer);
	app->mailer = NULL;
	notify_mail_release();
	page_cache_clear();
	tpl_set_free(app->tpl);
	app->tpl = NULL;
	db_pool_close(app->pool);
	app->pool = NULL;
}
