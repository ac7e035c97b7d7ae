/*
 * app: what outlives a request: the configuration, the database pool, the
 * compiled templates, the account policy. Built once at start-up by
 * app_open and torn down in reverse by app_close.
 */
#ifndef KLANG_WEB_APP_H
#define KLANG_WEB_APP_H

#include "core/config.h"
#include "core/err.h"
#include "km/account.h"

struct db_pool;
struct tpl_set;

struct app {
	struct config cfg;
	struct auth_policy policy;
	struct db_pool *pool;
	struct tpl_set *tpl;
	char db_path[600];
	const char *asset_version; /* short hash of the static assets, for cache busting */
	struct mailer *mailer;     /* sends the e-mail outbox (NULL without smtp_url) */
};

/* Fills the account policy from the configuration. */
void app_policy_from_config(const struct config *c, struct auth_policy *p);

/* Opens the data directory (which must hold an initialised database), the
 * connection pool (`connections` connections) and the templates. */
int app_open(struct app *app, int connections) WUR;
void app_close(struct app *app);

/* Starts the thread that sends the e-mail outbox every smtp_interval_s
 * seconds when smtp_url is set (serve only; the CLI never sends). */
int app_mailer_start(struct app *app) WUR;

/* The database file inside a data directory. */
int app_db_path(const char *data_dir, char *out, size_t cap) WUR;

#endif
