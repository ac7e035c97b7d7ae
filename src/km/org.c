/* org: organisations, units and job lines. */
#include "km/org.h"
#include "km/workflow.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "search/search.h"
#include "store/db.h"
#include "store/db_json.h"

/* A required single-line text field within a length limit (in characters). */
static int check_text(const char *field, const char *s, size_t max_chars, const char *th,
		      const char *en)
{
	size_t n = strlen(s);
	if (n == 0 || utf8_count(s, n) > max_chars || !utf8_valid_text(s, n) || strchr(s, '\n'))
		return err_fail(ERR_INVAL, field, th, en);
	return 0;
}

int org_create(struct db *db, const struct actor *a, const char *code, const char *name,
	       const char *name_en, const char *province, int64_t *id_out)
{
	if (!a->operator)
		return err_fail(ERR_FORBIDDEN, NULL, "เฉพาะผู้ดูแลเครื่องสร้างองค์กรได้",
				"Only the operator creates organisations.");
	int rc = check_text("name", name, ORG_NAME_MAX, "ต้องระบุชื่อองค์กร (ไม่เกิน 200 ตัวอักษร)",
			    "An organisation name of up to 200 characters is required.");
	if (rc)
		return rc;
	rc = db_query_int(db,
			  "INSERT INTO organisations (code, name, name_en, province, created_at)"
			  " VALUES ($1, $2, $3, $4, $5) RETURNING id",
			  DB_ARGS(DB_TEXT(code), DB_TEXT(name), DB_TEXT(name_en ? name_en : ""),
				  DB_TEXT(province ? province : ""), DB_INT(clock_now())),
			  id_out);
	if (rc == ERR_CONFLICT)
		return err_fail(rc, "code", "มีรหัสองค์กรนี้อยู่แล้ว", "This organisation code exists.");
	/* a new organisation starts with klang's abbreviations for search and
	 * the default rules of review and approval */
	if (!rc)
		rc = search_equiv_defaults(db, *id_out);
	return rc ? rc : wf_rules_init(db, *id_out);
}

int org_default(struct db *db, int64_t *id_out)
{
	return db_query_int(db, "SELECT id FROM organisations ORDER BY id LIMIT 1", DB_NOARGS,
			    id_out);
}

int org_get(struct db *db, int64_t org_id, json_t **out)
{
	return db_query_json_one(db,
				 "SELECT id, code, name, name_en, kind, province FROM organisations"
				 " WHERE id = $1",
				 DB_ARGS(DB_INT(org_id)), out);
}

int unit_list(struct db *db, const struct actor *a, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	if (rc)
		return rc;
	/* Tree order: each level-1 unit, then its children, by sort then name. */
	json_t *all;
	rc = db_query_json(db,
			   "SELECT u.id, u.name, u.parent_id, u.code, u.level, u.sort, u.active,"
			   " p.name AS parent_name,"
			   " (SELECT count(*) FROM people x WHERE x.unit_id = u.id AND x.active = 1) AS people"
			   " FROM units u LEFT JOIN units p ON p.id = u.parent_id"
			   " WHERE u.org_id = $1 ORDER BY u.level, u.sort, u.name",
			   DB_ARGS(DB_INT(a->org_id)), 0, &all);
	if (rc)
		return rc;
	json_t *tree = json_array();
	size_t n = json_array_size(all);
	/* Depth-first from the roots; UNIT_MAX_DEPTH bounds the nesting. */
	int64_t stack[UNIT_MAX_DEPTH + 1];
	size_t pos[UNIT_MAX_DEPTH + 1];
	for (size_t i = 0; i < n; i++) {
		json_t *root = json_array_get(all, i);
		if (!json_is_null(json_object_get(root, "parent_id")))
			continue;
		json_array_append(tree, root);
		int depth = 0;
		stack[0] = json_integer_value(json_object_get(root, "id"));
		pos[0] = 0;
		while (depth >= 0) {
			bool pushed = false;
			for (size_t j = pos[depth]; j < n; j++) {
				json_t *u = json_array_get(all, j);
				if (json_integer_value(json_object_get(u, "parent_id")) != stack[depth])
					continue;
				json_array_append(tree, u);
				pos[depth] = j + 1;
				if (depth < UNIT_MAX_DEPTH - 1) {
					depth++;
					stack[depth] = json_integer_value(json_object_get(u, "id"));
					pos[depth] = 0;
				}
				pushed = true;
				break;
			}
			if (!pushed)
				depth--;
		}
	}
	json_decref(all);
	*out = tree;
	return 0;
}

int unit_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	if (rc)
		return rc;
	rc = db_query_json_one(db,
			       "SELECT u.id, u.name, u.parent_id, u.code, u.level, u.sort, u.active,"
			       " p.name AS parent_name,"
			       " (SELECT count(*) FROM people x WHERE x.unit_id = u.id AND x.active = 1) AS people"
			       " FROM units u LEFT JOIN units p ON p.id = u.parent_id"
			       " WHERE u.id = $1 AND u.org_id = $2",
			       DB_ARGS(DB_INT(id), DB_INT(a->org_id)), out);
	if (rc == ERR_NOTFOUND)
		err_fail(rc, NULL, "ไม่พบหน่วยงานนี้", "No such unit.");
	return rc;
}

/* The level a unit gets under `parent_id` (0: top level), checking that the
 * parent is in the organisation, is not the unit itself or below it, and
 * the tree stays within UNIT_MAX_DEPTH. */
static int parent_level(struct db *db, int64_t org_id, int64_t self, int64_t parent_id, int *level)
{
	if (parent_id == 0) {
		*level = 1;
		return 0;
	}
	int64_t cur = parent_id;
	int depth = 0;
	while (cur) {
		if (cur == self)
			return err_fail(ERR_INVAL, "parent_id", "หน่วยงานแม่ต้องไม่ใช่หน่วยงานนี้หรือหน่วยงานย่อยของมัน",
					"A unit cannot be placed under itself or its own sub-unit.");
		if (++depth >= UNIT_MAX_DEPTH)
			return err_fail(ERR_INVAL, "parent_id", "หน่วยงานซ้อนกันได้ไม่เกิน 4 ระดับ",
					"Units nest at most 4 levels deep.");
		struct db_stmt *st;
		int rc = db_query(db, "SELECT coalesce(parent_id, 0) FROM units WHERE id = $1 AND org_id = $2",
				  DB_ARGS(DB_INT(cur), DB_INT(org_id)), &st);
		if (rc)
			return rc;
		rc = db_step(st);
		int64_t next = rc == DB_ROW ? db_col_int(st, 0) : -1;
		db_done(st);
		if (rc < 0)
			return rc;
		if (next < 0)
			return err_fail(ERR_INVAL, "parent_id", "ไม่พบหน่วยงานแม่ที่เลือก",
					"The chosen parent unit does not exist.");
		cur = next;
	}
	*level = depth + 1;
	return 0;
}

/* Recomputes every unit's level and division (its level-1 ancestor, or
 * itself) after a move: each pass settles one more level of the tree. */
static int fix_tree(struct db *db, int64_t org_id)
{
	int rc = db_exec(db,
			 "UPDATE units SET division_id = id, level = 1 WHERE org_id = $1 AND parent_id IS NULL",
			 DB_ARGS(DB_INT(org_id)));
	for (int i = 1; !rc && i < UNIT_MAX_DEPTH; i++)
		rc = db_exec(db,
			     "UPDATE units SET"
			     " division_id = (SELECT p.division_id FROM units p WHERE p.id = units.parent_id),"
			     " level = (SELECT p.level + 1 FROM units p WHERE p.id = units.parent_id)"
			     " WHERE org_id = $1 AND parent_id IS NOT NULL",
			     DB_ARGS(DB_INT(org_id)));
	return rc;
}

/* How many levels hang below a unit (0 for a leaf). */
static int subtree_height(struct db *db, int64_t id, int64_t *height)
{
	return db_query_int(db,
			    "WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM units WHERE id = $1"
			    " UNION ALL SELECT u.id, s.depth + 1 FROM units u JOIN sub s ON u.parent_id = s.id"
			    " WHERE s.depth < 16) SELECT max(depth) FROM sub",
			    DB_ARGS(DB_INT(id)), height);
}

static int check_unit(const struct unit_input *in, bool creating)
{
	int rc = 0;
	if ((creating || in->name) &&
	    (rc = check_text("name", in->name ? in->name : "", UNIT_NAME_MAX,
			     "ต้องระบุชื่อหน่วยงาน (ไม่เกิน 200 ตัวอักษร บรรทัดเดียว)",
			     "A unit name of up to 200 characters on one line is required.")))
		return rc;
	if ((creating || in->code) &&
	    (rc = check_text("code", in->code ? in->code : "", UNIT_CODE_MAX,
			     "ต้องระบุรหัสหน่วยงาน (ไม่เกิน 32 ตัวอักษร)",
			     "A unit code of up to 32 characters is required.")))
		return rc;
	return 0;
}

int unit_create(struct db *db, const struct actor *a, const struct unit_input *given,
		int64_t *id_out)
{
	struct unit_input in_copy = *given;
	const struct unit_input *in = &in_copy;
	char code[32];
	int rc = authz_require(a, PERM_UNITS_EDIT);
	if (rc)
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	if (!in_copy.code || !in_copy.code[0]) {
		/* No code given: the next free "U<n>". */
		int64_t next = 0;
		rc = db_query_int(db, "SELECT coalesce(max(id), 0) + 1 FROM units", DB_NOARGS, &next);
		snprintf(code, sizeof code, "U%lld", (long long)next);
		in_copy.code = code;
	}
	if (rc || (rc = check_unit(in, true))) {
		db_rollback(db);
		return rc;
	}
	int level = 1;
	rc = parent_level(db, a->org_id, 0, in->parent_id > 0 ? in->parent_id : 0, &level);
	int64_t now = clock_now(), id = 0;
	if (!rc)
		rc = db_query_int(db,
				  "INSERT INTO units (org_id, parent_id, code, name, level, sort, active,"
				  " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
				  " RETURNING id",
				  DB_ARGS(DB_INT(a->org_id), DB_ID_OR_NULL(in->parent_id),
					  DB_TEXT(in->code), DB_TEXT(in->name), DB_INT(level),
					  DB_INT(in->sort > 0 ? in->sort : 0),
					  DB_INT(in->active == 0 ? 0 : 1), DB_INT(now)),
				  &id);
	if (rc == ERR_CONFLICT)
		err_fail(rc, "code", "มีรหัสหน่วยงานนี้อยู่แล้ว", "This unit code is taken.");
	if (!rc)
		rc = db_exec(db,
			     "UPDATE units SET division_id = CASE WHEN parent_id IS NULL THEN id ELSE"
			     " (SELECT p.division_id FROM units p WHERE p.id = units.parent_id) END WHERE id = $1",
			     DB_ARGS(DB_INT(id)));
	if (!rc)
		rc = audit_log(db, a, "unit.create", "unit", id, in->name);
	if ((rc = db_end(db, rc)))
		return rc;
	if (id_out)
		*id_out = id;
	return 0;
}

int unit_update(struct db *db, const struct actor *a, int64_t id, const struct unit_input *in)
{
	int rc = authz_require(a, PERM_UNITS_EDIT);
	if (rc || (rc = check_unit(in, false)))
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	int64_t exists = 0;
	rc = db_query_int(db, "SELECT count(*) FROM units WHERE id = $1 AND org_id = $2",
			  DB_ARGS(DB_INT(id), DB_INT(a->org_id)), &exists);
	if (!rc && !exists)
		rc = err_fail(ERR_NOTFOUND, NULL, "ไม่พบหน่วยงานนี้", "No such unit.");
	int level = -1;
	int64_t height = 0;
	if (!rc && in->parent_id >= 0)
		rc = parent_level(db, a->org_id, id, in->parent_id, &level);
	if (!rc && in->parent_id >= 0 && !(rc = subtree_height(db, id, &height)) &&
	    level + height > UNIT_MAX_DEPTH)
		rc = err_fail(ERR_INVAL, "parent_id", "หน่วยงานซ้อนกันได้ไม่เกิน 4 ระดับ (รวมหน่วยงานย่อยของหน่วยงานนี้)",
			      "Units nest at most 4 levels deep, counting this unit's own sub-units.");
	if (!rc)
		rc = db_exec(db,
			     "UPDATE units SET name = coalesce($1, name), code = coalesce($2, code),"
			     " parent_id = CASE WHEN $3 < 0 THEN parent_id WHEN $3 = 0 THEN NULL ELSE $3 END,"
			     " level = CASE WHEN $4 < 0 THEN level ELSE $4 END,"
			     " sort = CASE WHEN $5 < 0 THEN sort ELSE $5 END,"
			     " active = CASE WHEN $6 < 0 THEN active ELSE $6 END,"
			     " updated_at = $7 WHERE id = $8 AND org_id = $9",
			     DB_ARGS(DB_TEXT(in->name), DB_TEXT(in->code), DB_INT(in->parent_id),
				     DB_INT(level), DB_INT(in->sort), DB_INT(in->active),
				     DB_INT(clock_now()), DB_INT(id), DB_INT(a->org_id)));
	if (rc == ERR_CONFLICT)
		err_fail(rc, "code", "มีรหัสหน่วยงานนี้อยู่แล้ว", "This unit code is taken.");
	/* The subtree follows: levels and divisions. */
	if (!rc && level > 0)
		rc = fix_tree(db, a->org_id);
	if (!rc)
		rc = audit_log(db, a, "unit.update", "unit", id, in->name);
	rc = db_end(db, rc);
	return rc;
}

int jobline_list(struct db *db, const struct actor *a, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	if (rc)
		return rc;
	return db_query_json(db,
			     "SELECT j.id, j.code, j.name,"
			     " (SELECT count(*) FROM people p WHERE p.job_line_id = j.id AND p.active = 1) AS people"
			     " FROM job_lines j WHERE j.org_id = $1 ORDER BY j.code, j.name",
			     DB_ARGS(DB_INT(a->org_id)), 0, out);
}

int jobline_get(struct db *db, const struct actor *a, int64_t id, json_t **out)
{
	int rc = authz_require(a, PERM_ORG_READ);
	if (rc)
		return rc;
	rc = db_query_json_one(db, "SELECT id, code, name FROM job_lines WHERE id = $1 AND org_id = $2",
			       DB_ARGS(DB_INT(id), DB_INT(a->org_id)), out);
	if (rc == ERR_NOTFOUND)
		err_fail(rc, NULL, "ไม่พบสายงานนี้", "No such job line.");
	return rc;
}

static int check_jobline(const char *code, const char *name, bool creating)
{
	int rc = 0;
	if ((creating || name) && (rc = check_text("name", name ? name : "", 200,
						    "ต้องระบุชื่อสายงาน (ไม่เกิน 200 ตัวอักษร)",
						    "A job line name of up to 200 characters is required.")))
		return rc;
	if ((creating || code) && (rc = check_text("code", code ? code : "", 32,
						    "ต้องระบุรหัสสายงาน (ไม่เกิน 32 ตัวอักษร)",
						    "A job line code of up to 32 characters is required.")))
		return rc;
	return 0;
}

int jobline_create(struct db *db, const struct actor *a, const char *code, const char *name,
		   int64_t *id_out)
{
	int rc = authz_require(a, PERM_JOBLINES_EDIT);
	if (rc || (rc = check_jobline(code, name, true)))
		return rc;
	int64_t id = 0;
	rc = db_query_int(db,
			  "INSERT INTO job_lines (org_id, code, name, created_at) VALUES ($1, $2, $3, $4)"
			  " RETURNING id",
			  DB_ARGS(DB_INT(a->org_id), DB_TEXT(code), DB_TEXT(name), DB_INT(clock_now())),
			  &id);
	if (rc == ERR_CONFLICT)
		return err_fail(rc, "name", "มีสายงานนี้ (ชื่อหรือรหัส) อยู่แล้ว",
				"A job line with this name or code exists.");
	if (!rc)
		rc = audit_log(db, a, "jobline.create", "job_line", id, name);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int jobline_update(struct db *db, const struct actor *a, int64_t id, const char *code,
		   const char *name)
{
	int rc = authz_require(a, PERM_JOBLINES_EDIT);
	if (rc || (rc = check_jobline(code, name, false)))
		return rc;
	rc = db_exec(db,
		     "UPDATE job_lines SET code = coalesce($1, code), name = coalesce($2, name)"
		     " WHERE id = $3 AND org_id = $4",
		     DB_ARGS(DB_TEXT(code), DB_TEXT(name), DB_INT(id), DB_INT(a->org_id)));
	if (rc == ERR_CONFLICT)
		return err_fail(rc, "name", "มีสายงานนี้ (ชื่อหรือรหัส) อยู่แล้ว",
				"A job line with this name or code exists.");
	if (!rc && db_changes(db) == 0)
		return err_fail(ERR_NOTFOUND, NULL, "ไม่พบสายงานนี้", "No such job line.");
	if (!rc)
		rc = audit_log(db, a, "jobline.update", "job_line", id, name);
	return rc;
}
