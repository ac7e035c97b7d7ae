/* h_api: the JSON API under /api/v1 (conventions in docs/API.md). */
#include <string.h>

#include "km/account.h"
#include "km/kmap.h"
#include "km/org.h"
#include "km/people.h"
#include "store/db.h"
#include "web/handlers.h"

#define API_PAGE_MAX 200

void h_unit_input(const struct req *r, struct unit_input *in)
{
	*in = (struct unit_input)UNIT_INPUT_UNCHANGED;
	in->name = req_str(r, "name");
	in->code = req_str(r, "code");
	if (req_has(r, "parent_id"))
		in->parent_id = req_int(r, "parent_id", 0);
	in->sort = (int)req_int(r, "sort", -1);
	in->active = (int)req_int(r, "active", -1);
}

void h_person_input(const struct req *r, struct person_input *in)
{
	*in = (struct person_input)PERSON_INPUT_UNCHANGED;
	in->name = req_str(r, "name");
	in->position = req_str(r, "position");
	in->level = req_str(r, "level");
	in->email = req_str(r, "email");
	in->employment_type = req_str(r, "employment_type");
	in->start_date = req_str(r, "start_date");
	in->retirement_date = req_str(r, "retirement_date");
	if (req_has(r, "unit_id"))
		in->unit_id = req_int(r, "unit_id", 0);
	if (req_has(r, "job_line_id"))
		in->job_line_id = req_int(r, "job_line_id", 0);
	in->active = (int)req_int(r, "active", -1);
}

int h_api_health(struct req *r)
{
	int64_t one = 0;
	int rc = db_query_int(req_db(r), "SELECT 1", DB_NOARGS, &one);
	if (rc)
		return rc;
	return resp_json(r, 200, json_pack("{s:s, s:s}", "status", "ok", "version", KLANG_VERSION));
}

int h_api_me(struct req *r)
{
	json_t *me = NULL;
	int rc = account_me_json(&r->actor, &me);
	return rc ? rc : resp_json(r, 200, me);
}

int h_api_org(struct req *r)
{
	json_t *org = NULL;
	if (!r->actor.org_id)
		return ERR_NOTFOUND;
	int rc = org_get(req_db(r), r->actor.org_id, &org);
	return rc ? rc : resp_json(r, 200, org);
}

/* Keeps only the public fields of a unit: {"id","name","parent_id","code"}
 * plus level, sort and active. */
int h_api_units(struct req *r)
{
	json_t *units = NULL;
	int rc = unit_list(req_db(r), &r->actor, &units);
	if (rc)
		return rc;
	size_t total = json_array_size(units);
	int page, per_page;
	req_paging(r, API_PAGE_MAX, &page, &per_page);
	json_t *items = json_array();
	for (size_t i = (size_t)(page - 1) * (size_t)per_page; i < total && json_array_size(items) < (size_t)per_page; i++)
		json_array_append(items, json_array_get(units, i));
	json_decref(units);
	return resp_list(r, items, (int64_t)total);
}

int h_api_unit(struct req *r)
{
	json_t *u = NULL;
	int rc = unit_get(req_db(r), &r->actor, req_int(r, "id", 0), &u);
	return rc ? rc : resp_json(r, 200, u);
}

int h_api_unit_create(struct req *r)
{
	struct unit_input in;
	h_unit_input(r, &in);
	int64_t id = 0;
	json_t *u = NULL;
	int rc = unit_create(req_db(r), &r->actor, &in, &id);
	if (!rc)
		rc = unit_get(req_db(r), &r->actor, id, &u);
	return rc ? rc : resp_json(r, 201, u);
}

int h_api_unit_update(struct req *r)
{
	struct unit_input in;
	h_unit_input(r, &in);
	int64_t id = req_int(r, "id", 0);
	json_t *u = NULL;
	int rc = unit_update(req_db(r), &r->actor, id, &in);
	if (!rc)
		rc = unit_get(req_db(r), &r->actor, id, &u);
	return rc ? rc : resp_json(r, 200, u);
}

int h_api_people(struct req *r)
{
	json_t *items = NULL;
	int64_t total = 0;
	int page, per_page;
	req_paging(r, API_PAGE_MAX, &page, &per_page);
	int rc = person_list(req_db(r), &r->actor, req_int(r, "unit_id", 0),
			     (int)req_int(r, "all", 0), page, per_page, &items, &total);
	return rc ? rc : resp_list(r, items, total);
}

int h_api_person(struct req *r)
{
	json_t *p = NULL;
	int rc = person_get(req_db(r), &r->actor, req_int(r, "id", 0), &p);
	return rc ? rc : resp_json(r, 200, p);
}

int h_api_person_create(struct req *r)
{
	struct person_input in;
	h_person_input(r, &in);
	int64_t id = 0;
	json_t *p = NULL;
	int rc = person_create(req_db(r), &r->actor, &in, &id);
	if (!rc)
		rc = person_get(req_db(r), &r->actor, id, &p);
	return rc ? rc : resp_json(r, 201, p);
}

int h_api_person_update(struct req *r)
{
	struct person_input in;
	h_person_input(r, &in);
	int64_t id = req_int(r, "id", 0);
	json_t *p = NULL;
	int rc = person_update(req_db(r), &r->actor, id, &in);
	if (!rc)
		rc = person_get(req_db(r), &r->actor, id, &p);
	return rc ? rc : resp_json(r, 200, p);
}

int h_api_joblines(struct req *r)
{
	json_t *items = NULL;
	int rc = jobline_list(req_db(r), &r->actor, &items);
	return rc ? rc : resp_list(r, items, (int64_t)json_array_size(items));
}

int h_api_jobline_create(struct req *r)
{
	int64_t id = 0;
	json_t *j = NULL;
	int rc = jobline_create(req_db(r), &r->actor, req_str(r, "code"), req_str(r, "name"), &id);
	if (!rc)
		rc = jobline_get(req_db(r), &r->actor, id, &j);
	return rc ? rc : resp_json(r, 201, j);
}

int h_api_jobline_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *j = NULL;
	int rc = jobline_update(req_db(r), &r->actor, id, req_str(r, "code"), req_str(r, "name"));
	if (!rc)
		rc = jobline_get(req_db(r), &r->actor, id, &j);
	return rc ? rc : resp_json(r, 200, j);
}

int h_api_kmap(struct req *r)
{
	json_t *kmap = NULL;
	if (!r->actor.org_id)
		return ERR_NOTFOUND;
	int rc = kmap_get(req_db(r), &r->actor, r->actor.org_id, &kmap);
	return rc ? rc : resp_json(r, 200, json_pack("{s:o}", "issues", kmap));
}
