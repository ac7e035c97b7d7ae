/* corner: KM corners of units. */
#include "km/corner.h"

#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "km/audit.h"
#include "km/doc.h"
#include "km/org.h"
#include "km/people.h"
#include "store/db.h"
#include "store/db_json.h"

static bool may_edit(const struct actor *a, int64_t division_id)
{
	return a->operator || (a->roles & ROLE_ADMIN) ||
	       ((a->roles & ROLE_UNIT_HEAD) && a->division_id && a->division_id == division_id);
}

int corner_get(struct db *db, const struct actor *a, int64_t unit_id, json_t **out)
{
	json_t *unit = NULL, *corner = NULL, *docs = NULL, *manuals = NULL, *people = NULL;
	int rc = db_query_json_one(db,
				   "SELECT id, name, code, level, parent_id, division_id FROM units"
				   " WHERE id = $1 AND org_id = $2",
				   DB_ARGS(DB_INT(unit_id), DB_INT(a->org_id)), &unit);
	if (rc == ERR_NOTFOUND)
		return err_fail(rc, NULL, "ไม่พบหน่วยงานนี้", "No such unit.");
	if (rc)
		return rc;
	int64_t division = json_integer_value(json_object_get(unit, "division_id"));
	rc = db_query_json_one(db,
			       "SELECT intro, external_label, external_url, views FROM km_corners WHERE unit_id = $1",
			       DB_ARGS(DB_INT(unit_id)), &corner);
	if (rc == ERR_NOTFOUND) {
		corner = json_pack("{s:s, s:s, s:s, s:i}", "intro", "", "external_label", "",
				   "external_url", "", "views", 0);
		rc = 0;
	}
	struct doc_filter f = {.unit_id = unit_id};
	int64_t total = 0;
	if (!rc)
		rc = doc_list(db, a, &f, 1, 50, &docs, &total);
	struct doc_filter m = {.unit_id = unit_id, .kind = "manual", .order = "title"};
	json_t *all_manuals = NULL;
	int64_t mtotal = 0;
	if (!rc)
		rc = doc_list(db, a, &m, 1, DOC_LIST_MAX, &all_manuals, &mtotal);
	if (!rc) {
		/* Group by fiscal year of publication, newest first. */
		manuals = json_array();
		size_t i;
		json_t *d;
		json_array_foreach(all_manuals, i, d) {
			json_int_t fy = json_integer_value(json_object_get(d, "published_fy"));
			json_t *group = NULL;
			size_t j;
			json_t *g;
			json_array_foreach(manuals, j, g) {
				if (json_integer_value(json_object_get(g, "fy")) == fy)
					group = g;
			}
			if (!group) {
				group = json_pack("{s:I, s:[]}", "fy", fy, "items");
				/* Insert keeping newest years first. */
				size_t at = 0;
				while (at < json_array_size(manuals) &&
				       json_integer_value(json_object_get(json_array_get(manuals, at), "fy")) > fy)
					at++;
				json_array_insert_new(manuals, at, group);
			}
			json_array_append(json_object_get(group, "items"), d);
		}
		json_decref(all_manuals);
	}
	if (!rc && (a->account_id || a->operator))
		rc = db_query_json(db,
				   "SELECT p.id, p.name, p.position, u.name AS unit_name FROM people p"
				   " JOIN units u ON u.id = p.unit_id WHERE u.division_id = $1 AND p.org_id = $2"
				   " AND p.active = 1 ORDER BY u.sort, p.name LIMIT 500",
				   DB_ARGS(DB_INT(division), DB_INT(a->org_id)), 0, &people);
	if (rc) {
		json_decref(unit);
		json_decref(corner);
		json_decref(docs);
		json_decref(manuals);
		return rc;
	}
	json_object_set_new(corner, "unit", unit);
	json_object_set_new(corner, "documents", docs);
	json_object_set_new(corner, "documents_total", json_integer(total));
	json_object_set_new(corner, "manuals_by_fy", manuals);
	json_object_set_new(corner, "people", people ? people : json_array());
	json_object_set_new(corner, "can_edit", json_boolean(may_edit(a, division)));
	*out = corner;
	return 0;
}

int corner_count_view(struct db *db, int64_t org_id, int64_t unit_id)
{
	return db_exec(db,
		       "INSERT INTO km_corners (unit_id, org_id, views, updated_at) VALUES ($1, $2, 1, $3)"
		       " ON CONFLICT (unit_id) DO UPDATE SET views = km_corners.views + 1",
		       DB_ARGS(DB_INT(unit_id), DB_INT(org_id), DB_INT(clock_now())));
}

int corner_set(struct db *db, const struct actor *a, int64_t unit_id, const char *intro,
	       const char *external_label, const char *external_url)
{
	int64_t division = 0;
	int rc = db_query_int(db, "SELECT coalesce(division_id, 0) FROM units WHERE id = $1 AND org_id = $2",
			      DB_ARGS(DB_INT(unit_id), DB_INT(a->org_id)), &division);
	if (rc == ERR_NOTFOUND)
		return err_fail(rc, NULL, "ไม่พบหน่วยงานนี้", "No such unit.");
	if (rc)
		return rc;
	if (!may_edit(a, division))
		return err_fail(ERR_FORBIDDEN, NULL, "เฉพาะหัวหน้าหน่วยงานหรือผู้ดูแลระบบ",
				"Only the unit's head or an admin may change its KM corner.");
	intro = intro ? intro : "";
	external_label = external_label ? external_label : "";
	external_url = external_url ? external_url : "";
	if (utf8_count(intro, strlen(intro)) > 2000 || utf8_count(external_label, strlen(external_label)) > 200 ||
	    strlen(external_url) > 500)
		return err_fail(ERR_TOOBIG, NULL, "ข้อความยาวเกินกำหนด", "Text too long.");
	if (external_url[0] && strncasecmp(external_url, "https://", 8) && strncasecmp(external_url, "http://", 7))
		return err_fail(ERR_INVAL, "external_url", "ลิงก์ต้องขึ้นต้นด้วย https:// หรือ http://",
				"The link must start with https:// or http://.");
	rc = db_exec(db,
		     "INSERT INTO km_corners (unit_id, org_id, intro, external_label, external_url, updated_at)"
		     " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit_id) DO UPDATE SET intro = excluded.intro,"
		     " external_label = excluded.external_label, external_url = excluded.external_url,"
		     " updated_at = excluded.updated_at",
		     DB_ARGS(DB_INT(unit_id), DB_INT(a->org_id), DB_TEXT(intro), DB_TEXT(external_label),
			     DB_TEXT(external_url), DB_INT(clock_now())));
	if (!rc)
		rc = audit_log(db, a, "corner.update", "unit", unit_id, external_url);
	return rc;
}
