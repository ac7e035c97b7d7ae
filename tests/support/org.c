/* A helper for the domain's unit tests: a fresh organisation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/cal.h"
#include "core/clock.h"
#include "km/account.h"
#include "km/doc.h"
#include "km/org.h"
#include "km/people.h"
#include "km/secret.h"
#include "km/workflow.h"
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

int64_t test_at(const char *iso)
{
	struct date d;
	assert_int_equal(cal_parse_iso(iso, strlen(iso), &d), 0);
	return cal_days(d) * 86400 + 2 * 3600;
}

int64_t test_approved_manual(struct db *db, const struct actor *head, const struct actor *reviewer,
			     const struct actor *approver, const struct actor *publisher, int64_t unit,
			     const char *title, const char *approved)
{
	struct doc_input in = DOC_INPUT_EMPTY;
	in.title = title;
	in.kind = "manual";
	in.unit_id = unit;
	in.body_md = "## ขั้นตอน\n\nข้อความ\n";
	int64_t id = 0;
	clock_set_as_of(test_at(approved) - 3 * 86400);
	assert_int_equal(doc_create(db, head, &in, &id, NULL), 0);
	assert_int_equal(wf_apply(db, head, id, WF_SUBMIT, NULL, NULL), 0);
	assert_int_equal(wf_apply(db, reviewer, id, WF_REVIEW, NULL, NULL), 0);
	clock_set_as_of(test_at(approved));
	assert_int_equal(wf_apply(db, approver, id, WF_APPROVE, NULL, NULL), 0);
	assert_int_equal(wf_apply(db, publisher, id, WF_PUBLISH, NULL, NULL), 0);
	clock_set_as_of(0);
	return id;
}

void test_division(struct db *db, const struct actor *op, const char *name, const char *code, const char *login,
		   const char *created, int64_t *unit, struct actor *head)
{
	clock_set_as_of(test_at(created));
	struct unit_input u = {name, code, 0, 0, 1};
	assert_int_equal(unit_create(db, op, &u, unit), 0);
	struct person_input p = PERSON_INPUT_UNCHANGED;
	p.name = login;
	p.unit_id = *unit;
	p.active = 1;
	int64_t person = 0;
	assert_int_equal(person_create(db, op, &p, &person), 0);
	clock_set_as_of(0);
	test_account(db, op, login, ROLE_UNIT_HEAD | ROLE_STAFF, person, head);
}
