/* app: the long-lived state of the server and the CLI. */
#include "web/app.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/log.h"
#include "km/find.h"
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

void app_close(struct app *app)
{
	page_cache_clear();
	tpl_set_free(app->tpl);
	app->tpl = NULL;
	db_pool_close(app->pool);
	app->pool = NULL;
}
