/* A helper for the domain's unit tests (not part of klang): a fresh
 * database holding one organisation. */
#ifndef KLANG_TEST_ORG_H
#define KLANG_TEST_ORG_H

#include <stdint.h>

#include "km/authz.h"

struct db;

/* A new directory /tmp/klang-TAG-XXXXXX (into dir) with a migrated
 * database (search schema included) holding one organisation called
 * `name`; *op becomes the operator acting in it. 0 on success. */
int test_org_open(const char *tag, const char *name, char dir[64], struct db **db, struct actor *op);

/* An account `login` without a password (it cannot log in) with `roles`
 * (a committee member's when ROLE_COMMITTEE), of person `person_id` (0:
 * none), made by the operator `op`; *out becomes its actor. Fails the
 * running test if refused. */
void test_account(struct db *db, const struct actor *op, const char *login, unsigned roles, int64_t person_id,
		  struct actor *out);

/* A division `name` (code `code`) created on day `created` (YYYY-MM-DD),
 * with a person and an account `login` that heads it (unit_head, staff):
 * its id into *unit, the head's actor into *head. */
void test_division(struct db *db, const struct actor *op, const char *name, const char *code, const char *login,
		   const char *created, int64_t *unit, struct actor *head);

/* 09:00 Bangkok on day `iso` (YYYY-MM-DD) in Unix seconds (for
 * clock_set_as_of). */
int64_t test_at(const char *iso);

/* A manual of `unit` written by its head `head` and taken through every
 * step: the head submits, `reviewer` reviews, `approver` approves on day
 * `approved` (the memo is of that day), `publisher` publishes. Its id;
 * fails the running test if a step is refused. */
int64_t test_approved_manual(struct db *db, const struct actor *head, const struct actor *reviewer,
			     const struct actor *approver, const struct actor *publisher, int64_t unit,
			     const char *title, const char *approved);

/* Closes the database and removes the directory; 0 on success. */
int test_org_close(struct db *db, const char *dir);

#endif
