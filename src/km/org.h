/*
 * org: organisations, their units (สำนัก / กอง / ฝ่าย, nested) and job lines
 * (สายงาน). Every query filters on the actor's organisation.
 */
#ifndef KLANG_KM_ORG_H
#define KLANG_KM_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "km/authz.h"

struct db;

#define ORG_NAME_MAX 200
#define UNIT_NAME_MAX 200
#define UNIT_CODE_MAX 32
#define UNIT_MAX_DEPTH 4

/* Creates an organisation (operator only). */
int org_create(struct db *db, const struct actor *a, const char *code, const char *name,
	       const char *name_en, const char *province, int64_t *id_out) WUR;

/* The organisation public pages show when the instance has one (the first). */
int org_default(struct db *db, int64_t *id_out) WUR;

/* {"id","code","name","name_en","kind","province"}. Public facts. */
int org_get(struct db *db, int64_t org_id, json_t **out) WUR;

/* Fields of a unit to set. A NULL string or a negative number leaves the
 * field as it is (for partial updates). parent_id 0 means "no parent". */
struct unit_input {
	const char *name;
	const char *code;
	int64_t parent_id; /* -1: unchanged */
	int sort;          /* -1: unchanged */
	int active;        /* -1: unchanged */
};
#define UNIT_INPUT_UNCHANGED {NULL, NULL, -1, -1, -1}

/* All units of the actor's organisation in tree order (parents before their
 * children), each {"id","name","parent_id","code","level","sort","active",
 * "parent_name"}. */
int unit_list(struct db *db, const struct actor *a, json_t **out) WUR;

/* One unit; ERR_NOTFOUND if absent or in another organisation. */
int unit_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

int unit_create(struct db *db, const struct actor *a, const struct unit_input *in,
		int64_t *id_out) WUR;
int unit_update(struct db *db, const struct actor *a, int64_t id, const struct unit_input *in) WUR;

/* Job lines {"id","code","name","people"} of the actor's organisation. */
int jobline_list(struct db *db, const struct actor *a, json_t **out) WUR;
int jobline_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;
int jobline_create(struct db *db, const struct actor *a, const char *code, const char *name,
		   int64_t *id_out) WUR;
int jobline_update(struct db *db, const struct actor *a, int64_t id, const char *code,
		   const char *name) WUR;

#endif
