/*
 * demo: the demo organisation, shaped from the seed plan of Samut Songkhram
 * Town Municipality (FY 2564–2566): its vision and KM strategies, the six
 * strategic issues with their goals and required knowledge, a town
 * municipality's units, 33 job lines, staff with fictitious names, the KM
 * committee's positions, and one login per role. Everything is created
 * through the same domain functions the pages and the API use.
 */
#ifndef KLANG_KM_DEMO_H
#define KLANG_KM_DEMO_H

#include <stdint.h>

#include "core/err.h"
#include "km/account.h"

struct db;

#define DEMO_LOGINS 5

struct demo_result {
	int64_t org_id;
	struct {
		char login[16];
		char password[20];
		const char *role_th;
	} logins[DEMO_LOGINS];
};

/* Creates the demo organisation in an empty database. ERR_CONFLICT if an
 * organisation already exists. */
int demo_create(struct db *db, const struct auth_policy *p, struct demo_result *out) WUR;

/* Internal to km/demo: the development records (demo_training.c), made
 * by the operator `op` acting in the demo organisation. */
int demo_training(struct db *db, const struct actor *op) WUR;

/* Internal to km/demo: the communities of practice and the mentoring
 * pair (demo_community.c), made by demo accounts of organisation org_id
 * over the current fiscal year. */
int demo_communities(struct db *db, int64_t org_id) WUR;

/* Internal to km/demo: two expert interviews with people close to
 * retirement, one consented and published through the workflow, one
 * waiting for consent (demo_expert.c), made by demo accounts; `op` sets
 * the experts' retirement dates. */
int demo_expert(struct db *db, const struct actor *op) WUR;

/* Internal to km/demo: the seed plan's main goals, focus areas, KPIs with
 * their targets per year and action-plan rows (demo_plan.c), added to plan
 * `plan_id` (FY 2564–2566) by the operator `op`. */
int demo_plan(struct db *db, const struct actor *op, int64_t plan_id) WUR;

/* Internal to km/demo: the follow-on plan's own indicator (KPI4, the use
 * of what KM activities taught) with its results and evidence entered by
 * the operator `op` for each finished year (demo_plan.c); after the
 * documents. */
int demo_plan_results(struct db *db, const struct actor *op) WUR;

#endif
