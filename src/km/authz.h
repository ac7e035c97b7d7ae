/*
 * authz: who is acting and what they may do. Every domain function that
 * reads or changes data takes the actor and checks here; pages, the API
 * and the CLI call the same functions, so one rule holds on every path.
 */
#ifndef KLANG_KM_AUTHZ_H
#define KLANG_KM_AUTHZ_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

enum role {
	ROLE_ADMIN = 1 << 0,
	ROLE_COMMITTEE = 1 << 1, /* km_committee, with a committee role */
	ROLE_EXECUTIVE = 1 << 2, /* approves knowledge for publication */
	ROLE_UNIT_HEAD = 1 << 3,
	ROLE_STAFF = 1 << 4,
};
#define ROLE_ALL (ROLE_ADMIN | ROLE_COMMITTEE | ROLE_EXECUTIVE | ROLE_UNIT_HEAD | ROLE_STAFF)

/* The acting party. A zeroed actor with org_id set is the public. */
struct actor {
	int64_t account_id; /* 0 for the public and the operator */
	int64_t org_id;     /* the organisation acted in */
	int64_t person_id;  /* 0 when the account has no person */
	int64_t unit_id;    /* the person's unit, 0 if none */
	int64_t division_id; /* that unit's division (level-1 unit), 0 if none */
	unsigned roles;     /* enum role bits */
	bool operator;      /* the CLI: whoever can read the data directory */
	char login[64];
	char name[160];     /* the person's name, or the login */
	char committee_role[24];
	char ip[48];        /* the client address, for the audit trail */
};

enum perm {
	PERM_ORG_READ,      /* the organisation page: units, people, committee */
	PERM_PEOPLE_READ,   /* the staff list and person records */
	PERM_KMAP_READ,     /* the knowledge map (public: it is part of the plan) */
	PERM_UNITS_EDIT,
	PERM_PEOPLE_EDIT,
	PERM_JOBLINES_EDIT,
	PERM_KMAP_EDIT,     /* strategic issues, goals, required knowledge, plan */
	PERM_ACCOUNTS_EDIT, /* accounts, roles, tokens of others */
	PERM_AUDIT_READ,
	PERM_SEARCH_EDIT,   /* search equivalences */
	PERM_RISK_READ,     /* the knowledge-at-risk report (retirements and sole holders) */
	PERM__COUNT
};

/* Role names as stored and as the API shows them. */
const char *authz_role_name(enum role r);
/* Parses a role name; 0 if unknown. */
unsigned authz_role_parse(const char *name);
/* Thai label of a role. */
const char *authz_role_label_th(enum role r);

/* True if the committee role name is one of chair, vice_chair, member,
 * secretary, assistant_secretary. */
bool authz_committee_role_valid(const char *name);
const char *authz_committee_role_label_th(const char *name);

/* Whether the actor holds the permission. */
bool authz_can(const struct actor *a, enum perm p);

/* 0 if allowed; else ERR_UNAUTH for the public (log in first) or
 * ERR_FORBIDDEN, with a Thai and English message in the error detail. */
int authz_require(const struct actor *a, enum perm p) WUR;

/* The highest role bit held, for "nobody grants a role at or above their
 * own": admin > km_committee > executive > unit_head > staff. */
bool authz_may_grant(const struct actor *a, unsigned roles);

/* An actor for the command line acting in org_id. */
void authz_operator(struct actor *a, int64_t org_id);

#endif
