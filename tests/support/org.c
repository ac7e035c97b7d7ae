/* A helper for the domain's unit tests: a fresh organisation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "km/account.h"
#include "km/org.h"
#include "km/secret.h"
#include "org.h"
#include "search/search.h"
#include "store/db.h"
#include "store/migrate.h"
#include "support.h"

int test_org_open(const char *tag, const char *name, char dir[64], struct db **db, struct actor *op)
{
	snprintf(dir, 64, "/tmp/klang-%s-XXXXXX", tag);
	if (!mkdtemp(dir) || secret_init())
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/k.db", dir);
	int64_t org = 0;
	authz_operator(op, 0);
	if (db_open(path, db) || db_migrate(*db, NULL) || search_schema(*db) ||
	    org_create(*db, op, "t", name, "", "", &org))
		return -1;
	authz_operator(op, org);
	return 0;
}

void test_account(struct db *db, const struct actor *op, const char *login, unsigned roles, int64_t person_id,
		  struct actor *out)
{
	static const struct auth_policy policy = {.pw_mem_mib = 46, .pw_ops = 1};
	int64_t id = 0;
	assert_int_equal(account_create(db, op, &policy, login, NULL, roles, roles & ROLE_COMMITTEE ? "member" : NULL,
					person_id, &id),
			 0);
	assert_int_equal(account_load_actor(db, id, out), 0);
}

int test_org_close(struct db *db, const char *dir)
{
	db_close(db);
	return test_rmtree(dir);
}
