/* h_training: staff development — activities, participants, the reports
 * participants file, a person's history, and KPI 2 per job line. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/clock.h"
#include "core/str.h"
#include "km/people.h"
#include "km/training.h"
#include "web/handlers.h"
#include "web/multipart.h"

static double num_param(struct req *r, const char *name)
{
	const char *s = req_str(r, name);
	if (!s || !s[0])
		return -1;
	char *end = NULL;
	double v = strtod(s, &end);
	return end && !*end && v >= 0 ? v : 1e12; /* refused by the domain's range */
}

static void activity_input_from(struct req *r, struct activity_input *in)
{
	*in = (struct activity_input)ACTIVITY_INPUT_EMPTY;
	in->title = req_str(r, "title");
	in->kind = req_str(r, "kind");
	in->provider = req_str(r, "provider");
	in->start_date = req_str(r, "start_date");
	in->end_date = req_str(r, "end_date");
	in->location = req_str(r, "location");
	in->description = req_str(r, "description");
	in->hours = num_param(r, "hours");
	in->cost = num_param(r, "cost");
	in->internal = req_has(r, "internal") ? (int)req_int(r, "internal", 0) : -1;
}

/* The ids of a PK_IDLIST parameter (validated by the route). */
static int id_list(struct req *r, const char *name, int64_t **out, int *n)
{
	*n = 0;
	*out = arena_calloc(r->arena, TRAINING_PARTICIPANTS_MAX, sizeof **out);
	if (!*out)
		return ERR_NOMEM;
	struct str rest = str_c(req_str(r, name) ? req_str(r, name) : ""), item;
	for (bool more = true; more && rest.len && *n < TRAINING_PARTICIPANTS_MAX;) {
		more = str_split(rest, ',', &item, &rest);
		int64_t v;
		if (str_to_i64(str_trim(item), 1, INT64_MAX, &v))
			(*out)[(*n)++] = v;
	}
	return 0;
}

/* KPI 2 and the year's activities */

int h_development(struct req *r)
{
	int fy = (int)req_int(r, "fy", h_this_fy());
	json_t *kpi = NULL, *acts = NULL;
	int64_t total = 0;
	int rc = training_development(req_db(r), &r->actor, fy, &kpi);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, kpi);
	if ((rc = activity_list(req_db(r), &r->actor, fy, 1, TRAINING_LIST_MAX, &acts, &total))) {
		json_decref(kpi);
		return rc;
	}
	bool may_record = r->actor.roles & (ROLE_ADMIN | ROLE_COMMITTEE | ROLE_UNIT_HEAD);
	return resp_page(r, 200, "development",
			 json_pack("{s:o, s:o, s:I, s:i, s:o, s:b}", "kpi", kpi, "activities", acts, "total",
				   (json_int_t)total, "fy", fy, "years", h_fy_choices(), "may_record", may_record));
}

/* Activities */

int h_activities_api(struct req *r)
{
	json_t *items = NULL;
	int64_t total = 0;
	int rc = activity_list(req_db(r), &r->actor, (int)req_int(r, "fy", 0), (int)req_int(r, "page", 1),
			       (int)req_int(r, "per_page", 50), &items, &total);
	return rc ? rc : resp_list(r, items, total);
}

static json_t *kinds(void)
{
	json_t *list = json_array();
	for (size_t i = 0; training_kinds[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "code", training_kinds[i], "label_th",
						      training_kind_label_th(training_kinds[i])));
	return list;
}

int h_activity_new(struct req *r)
{
	char today[11];
	cal_iso(cal_from_unix(clock_now()), today);
	return resp_page(r, 200, "activity_new",
			 json_pack("{s:o, s:{s:s, s:s, s:s}}", "kinds", kinds(), "form", "kind", "training",
				   "start_date", today, "end_date", today));
}

int h_activity_create(struct req *r)
{
	struct activity_input in;
	activity_input_from(r, &in);
	int64_t id = 0;
	int rc = activity_create(req_db(r), &r->actor, &in, &id);
	if (rc && !req_wants_json(r)) /* the form again, as typed, with the reason */
		return h_form_retry(r, rc, "activity_new", json_pack("{s:o}", "kinds", kinds()));
	if (rc)
		return rc;
	if (req_wants_json(r)) {
		json_t *act = NULL;
		rc = activity_get(req_db(r), &r->actor, id, &act);
		return rc ? rc : resp_json(r, 201, act);
	}
	return resp_redirect(r, arena_printf(r->arena, "/activities/%lld", (long long)id));
}

int h_activity(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *act = NULL;
	int rc = activity_get(req_db(r), &r->actor, id, &act);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, act);
	/* Whether the reader owes this activity's report. */
	bool due = false;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(act, "participants"), i, p)
		due |= r->actor.person_id && json_integer_value(json_object_get(p, "person_id")) == r->actor.person_id &&
		       !strcmp(json_string_value(json_object_get(p, "report_status")), "due");
	json_t *people = NULL;
	int64_t total = 0;
	if (json_is_true(json_object_get(act, "can_edit")) &&
	    (rc = person_list(req_db(r), &r->actor, 0, 0, 1, PERSON_LIST_MAX, &people, &total))) {
		json_decref(act);
		return rc;
	}
	return resp_page(r, 200, "activity",
			 json_pack("{s:o, s:o*, s:b}", "activity", act, "people", people, "report_due", due));
}

int h_activity_update(struct req *r)
{
	struct activity_input in;
	activity_input_from(r, &in);
	int64_t id = req_int(r, "id", 0);
	int rc = activity_update(req_db(r), &r->actor, id, &in);
	if (rc)
		return rc;
	return req_wants_json(r) ? h_activity(r) : resp_redirect(r, arena_printf(r->arena, "/activities/%lld", (long long)id));
}

int h_activity_participants(struct req *r)
{
	int64_t id = req_int(r, "id", 0), *ids = NULL;
	int n = 0, added = 0;
	int rc = id_list(r, "person_ids", &ids, &n);
	if (!rc)
		rc = activity_add_participants(req_db(r), &r->actor, id, ids, n, &added);
	if (rc)
		return rc;
	if (req_wants_json(r)) {
		json_t *act = NULL;
		rc = activity_get(req_db(r), &r->actor, id, &act);
		return rc ? rc : resp_json(r, 200, json_pack("{s:i, s:O}", "added", added, "participants",
								json_object_get(act, "participants")));
	}
	return resp_redirect(r, arena_printf(r->arena, "/activities/%lld#participants", (long long)id));
}

int h_activity_participant_remove(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = activity_remove_participant(req_db(r), &r->actor, id, req_int(r, "person_id", 0));
	if (rc)
		return rc;
	return req_wants_json(r) ? resp_empty(r, 204)
				 : resp_redirect(r, arena_printf(r->arena, "/activities/%lld#participants", (long long)id));
}

int h_activity_report(struct req *r)
{
	int64_t id = req_int(r, "id", 0), doc = 0;
	struct training_report rep = {req_str(r, "learned"), req_str(r, "apply"), req_str(r, "change")};
	int rc = activity_file_report(req_db(r), &r->actor, id, &rep, &doc);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 201, json_pack("{s:I}", "document_id", (json_int_t)doc));
	/* The draft it became, ready to submit through the workflow. */
	return resp_redirect(r, arena_printf(r->arena, "/docs/%lld", (long long)doc));
}

/* Evidence: a participant's certificate */

int h_activity_certificate_upload(struct req *r)
{
	int64_t id = req_int(r, "id", 0), person = req_int(r, "person_id", 0);
	const struct multipart_part *file = NULL;
	for (size_t i = 0; i < r->nparts && !file; i++) {
		if (str_eq_c(r->parts[i].name, "file") && r->parts[i].filename.p && r->parts[i].filename.len)
			file = &r->parts[i];
	}
	if (!file)
		return err_fail(ERR_INVAL, "file", "กรุณาเลือกไฟล์หลักฐาน", "Choose the certificate's file.");
	const char *raw = arena_str(r->arena, file->filename);
	const char *name = raw ? multipart_safe_filename(r->arena, raw) : NULL;
	if (!name)
		return ERR_NOMEM;
	int rc = activity_certificate_set(req_db(r), &r->actor, h_blob_root(r), id, person, name, file->data.p,
					  file->data.len);
	if (rc)
		return rc;
	return req_wants_json(r) ? resp_empty(r, 204)
				 : resp_redirect(r, arena_printf(r->arena, "/activities/%lld#participants", (long long)id));
}

int h_activity_certificate(struct req *r)
{
	json_t *row = NULL;
	int rc = activity_certificate_get(req_db(r), &r->actor, req_int(r, "id", 0), req_int(r, "person_id", 0), &row);
	return rc ? rc : h_file_send(r, req_keep(r, row));
}

/* A person's development */

int h_person_development(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *history = NULL, *due = NULL;
	int rc = training_person(req_db(r), &r->actor, id, &history);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_list(r, history, (int64_t)json_array_size(history));
	if (id == r->actor.person_id && (rc = training_reports_due(req_db(r), &r->actor, &due))) {
		json_decref(history);
		return rc;
	}
	return resp_page(r, 200, "person_development",
			 json_pack("{s:o, s:I, s:b, s:o*}", "years", history, "person_id", (json_int_t)id, "own",
				   id == r->actor.person_id, "due", due));
}
