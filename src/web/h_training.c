/* h_training: staff development — activities, participants, the reports
 * participants file, a person's history, and KPI 2 per job line. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/clock.h"
#include "core/str.h"
#include "export/chart.h"
#include "km/kmap.h"
#include "km/kpi.h"
#include "km/people.h"
#include "km/training.h"
#include "web/handlers.h"
#include "web/multipart.h"

static int this_fy(void)
{
	return cal_fiscal_year(cal_from_unix(clock_now()));
}

/* The fiscal years a selector offers: this one back to 2564. */
static json_t *years(void)
{
	json_t *list = json_array();
	for (int fy = this_fy(); fy >= 2564; fy--)
		json_array_append_new(list, json_integer(fy));
	return list;
}

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
	int fy = (int)req_int(r, "fy", this_fy());
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
				   (json_int_t)total, "fy", fy, "years", years(), "may_record", may_record));
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

/* The KM plan's indicators: the dashboard and GET /api/v1/kpi */

/* One chart per indicator of the trend (kpi_year of each year, oldest
 * first): its value each year against its target, as SVG made by
 * export/chart — [{code, name_th, svg}]. */
static int trend_charts(const json_t *trend, json_t **out)
{
	enum { YEARS_MAX = CHART_CATEGORIES_MAX };
	size_t ny = json_array_size(trend);
	if (ny < 1 || ny > YEARS_MAX) {
		*out = json_array();
		return 0;
	}
	char labels[YEARS_MAX][12];
	const char *cats[YEARS_MAX];
	double values[YEARS_MAX], targets[YEARS_MAX];
	for (size_t y = 0; y < ny; y++) {
		snprintf(labels[y], sizeof labels[y], "%d",
			 (int)json_integer_value(json_object_get(json_array_get(trend, y), "fy")));
		cats[y] = labels[y];
	}
	const json_t *first = json_object_get(json_array_get(trend, 0), "kpis");
	json_t *charts = json_array();
	int rc = 0;
	for (size_t k = 0; k < json_array_size(first) && !rc; k++) {
		const char *code = json_string_value(json_object_get(json_array_get(first, k), "code"));
		const char *name = json_string_value(json_object_get(json_array_get(first, k), "name_th"));
		for (size_t y = 0; y < ny; y++) {
			const json_t *ki = json_array_get(json_object_get(json_array_get(trend, y), "kpis"), k);
			bool none = json_integer_value(json_object_get(ki, "denominator")) <= 0;
			values[y] = none ? NAN : json_number_value(json_object_get(ki, "value"));
			targets[y] = ki ? json_number_value(json_object_get(ki, "target")) : NAN;
		}
		char id[32], title[400];
		snprintf(id, sizeof id, "trend-%zu", k + 1);
		snprintf(title, sizeof title, "%s: %s — ร้อยละรายปีงบประมาณเทียบกับเป้าหมาย", code ? code : "",
			 name ? name : "");
		const struct chart_series series[] = {{"ผลการดำเนินงาน", values}};
		struct chart c = {
			.id = id,
			.title = title,
			.y_label = "ร้อยละ",
			.unit = "%",
			.kind = CHART_BARS,
			.categories = cats,
			.ncategories = (int)ny,
			.series = series,
			.nseries = 1,
			.target = targets,
			.target_label = "เป้าหมาย",
			.y_max = 100,
		};
		struct buf b;
		buf_init(&b, 1 << 20);
		if (!(rc = chart_svg(&c, &b)))
			json_array_append_new(charts, json_pack("{s:s?, s:s?, s:s}", "code", code, "name_th", name,
								"svg", buf_cstr(&b)));
		buf_release(&b);
	}
	if (rc) {
		json_decref(charts);
		return rc;
	}
	*out = charts;
	return 0;
}

/* The divisions of the selected year with whether each counts for KPI1
 * and KPI3 (their drill-down rows side by side): [{name, kpi1, kpi3}]. */
static json_t *unit_breakdown(const json_t *year)
{
	json_t *units = json_array();
	size_t i, j;
	const json_t *k, *row;
	json_array_foreach(json_object_get(year, "kpis"), i, k) {
		const char *code = json_string_value(json_object_get(k, "code"));
		const char *key = code && !strcmp(code, "KPI1") ? "kpi1" : code && !strcmp(code, "KPI3") ? "kpi3" : NULL;
		if (!key)
			continue;
		json_array_foreach(json_object_get(k, "rows"), j, row) {
			json_int_t id = json_integer_value(json_object_get(row, "unit_id"));
			json_t *u = NULL, *e;
			size_t n;
			json_array_foreach(units, n, e)
				if (json_integer_value(json_object_get(e, "unit_id")) == id)
					u = e;
			if (!u) {
				u = json_pack("{s:I, s:O?}", "unit_id", id, "name", json_object_get(row, "name"));
				json_array_append_new(units, u);
			}
			json_object_set(u, key, json_object_get(row, "counted"));
		}
	}
	return units;
}

int h_kpi(struct req *r)
{
	int fy = (int)req_int(r, "fy", this_fy());
	json_t *k = NULL, *trend = NULL, *charts = NULL, *coverage = NULL, *misses = NULL;
	int rc = kpi_year(req_db(r), &r->actor, fy, !req_wants_json(r) || req_int(r, "rows", 0), &k);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, k);
	/* The trend: each year from the seed plan's first to this one. */
	trend = json_array();
	for (int y = 2564; y <= this_fy() && !rc; y++) {
		json_t *t = NULL;
		if (!(rc = kpi_year(req_db(r), &r->actor, y, false, &t)))
			json_array_append_new(trend, t);
	}
	if (!rc)
		rc = trend_charts(trend, &charts);
	if (!rc)
		rc = kmap_coverage_summary(req_db(r), &r->actor, &coverage);
	/* The zero-result searches are the committee's to read; others see
	 * the map's gaps only. */
	bool misses_hidden = false;
	if (!rc && (rc = kmap_search_gaps(req_db(r), &r->actor, fy, 20, &misses)) == ERR_FORBIDDEN) {
		err_clear();
		misses_hidden = true;
		misses = json_array();
		rc = 0;
	}
	if (rc) {
		json_decref(k);
		json_decref(trend);
		json_decref(charts);
		json_decref(coverage);
		json_decref(misses);
		return rc;
	}
	json_t *units = unit_breakdown(k);
	return resp_page(r, 200, "dashboard",
			 json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:i, s:o}", "kpi", k, "trend", trend, "charts",
				   charts, "units", units, "coverage", coverage, "misses", misses, "misses_hidden",
				   misses_hidden, "fy", fy, "years", years()));
}
