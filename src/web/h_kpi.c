/* h_kpi: the KM plan's indicators — the dashboard (every indicator of a
 * fiscal year with its drill-down, the trend, the divisions, the knowledge
 * map's coverage and gaps), GET /api/v1/kpi, and the committee's results
 * and evidence of its own indicators. km/kpi decides who may do what. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/clock.h"
#include "export/chart.h"
#include "km/kmap.h"
#include "km/kpi.h"
#include "web/handlers.h"

#define FIRST_FY 2564 /* the seed plan's first year */

int h_this_fy(void)
{
	return cal_fiscal_year(cal_from_unix(clock_now()));
}

json_t *h_fy_choices(void)
{
	json_t *list = json_array();
	for (int fy = h_this_fy(); fy >= FIRST_FY; fy--)
		json_array_append_new(list, json_integer(fy));
	return list;
}

/* Indicator `code` of a kpi_year object, or NULL. */
static const json_t *indicator_of(const json_t *year, const char *code)
{
	size_t i;
	const json_t *k;
	json_array_foreach(json_object_get(year, "kpis"), i, k) {
		const char *c = json_string_value(json_object_get(k, "code"));
		if (c && code && !strcmp(c, code))
			return k;
	}
	return NULL;
}

/* One chart per indicator of the selected year `year`: its value in each
 * year of `trend` (kpi_year of each year, oldest first) against its
 * target, as SVG made by export/chart — [{code, name_th, svg}]. A year
 * without the indicator or without a result has no bar. */
static int trend_charts(const json_t *year, const json_t *trend, json_t **out)
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
	json_t *charts = json_array();
	int rc = 0;
	size_t k;
	const json_t *ind;
	json_array_foreach(json_object_get(year, "kpis"), k, ind) {
		if (rc)
			break;
		const char *code = json_string_value(json_object_get(ind, "code"));
		const char *name = json_string_value(json_object_get(ind, "name_th"));
		for (size_t y = 0; y < ny; y++) {
			const json_t *ki = indicator_of(json_array_get(trend, y), code);
			const json_t *t = json_object_get(ki, "target");
			bool none = json_integer_value(json_object_get(ki, "denominator")) <= 0;
			values[y] = none ? NAN : json_number_value(json_object_get(ki, "value"));
			targets[y] = json_is_number(t) ? json_number_value(t) : NAN;
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

/* The charts' data as a table: a column per indicator of the selected
 * year, a row per year of the trend — {codes:[…], rows:[{fy, cells:[{value,
 * numerator, denominator, target, met, none}]}]}. */
static json_t *trend_table(const json_t *year, const json_t *trend)
{
	json_t *codes = json_array(), *rows = json_array();
	size_t i, y;
	const json_t *ind, *t;
	json_array_foreach(json_object_get(year, "kpis"), i, ind)
		json_array_append(codes, json_object_get(ind, "code"));
	json_array_foreach(trend, y, t) {
		json_t *cells = json_array();
		json_array_foreach(codes, i, ind) {
			const json_t *k = indicator_of(t, json_string_value(ind));
			bool none = !k || json_integer_value(json_object_get(k, "denominator")) <= 0;
			json_array_append_new(cells, none ? json_pack("{s:b}", "none", 1)
							  : json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?}", "value",
								      json_object_get(k, "value"), "numerator",
								      json_object_get(k, "numerator"), "denominator",
								      json_object_get(k, "denominator"), "target",
								      json_object_get(k, "target"), "met",
								      json_object_get(k, "met")));
		}
		json_array_append_new(rows, json_pack("{s:O?, s:o}", "fy", json_object_get(t, "fy"), "cells", cells));
	}
	return json_pack("{s:o, s:o}", "codes", codes, "rows", rows);
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

/* Everything the dashboard of year `fy` shows, into *out. */
static int dashboard(struct req *r, int fy, json_t **out)
{
	json_t *k = NULL, *trend = NULL, *charts = NULL, *coverage = NULL, *misses = NULL;
	int rc = kpi_year(req_db(r), &r->actor, fy, true, &k);
	if (rc)
		return rc;
	/* The trend: each year from the seed plan's first to this one. */
	trend = json_array();
	for (int y = FIRST_FY; y <= h_this_fy() && !rc; y++) {
		json_t *t = NULL;
		if (!(rc = kpi_year(req_db(r), &r->actor, y, false, &t)))
			json_array_append_new(trend, t);
	}
	if (!rc)
		rc = trend_charts(k, trend, &charts);
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
	json_t *units = unit_breakdown(k), *table = trend_table(k, trend);
	json_decref(trend);
	*out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:i, s:o}", "kpi", k, "trend_table", table, "charts",
			 charts, "units", units, "coverage", coverage, "misses", misses, "misses_hidden", misses_hidden,
			 "can_enter", authz_can(&r->actor, PERM_KMAP_EDIT), "fy", fy, "years", h_fy_choices());
	return *out ? 0 : err_fail(ERR_NOMEM, NULL, NULL, NULL);
}

int h_kpi(struct req *r)
{
	int fy = (int)req_int(r, "fy", h_this_fy());
	if (req_wants_json(r)) {
		json_t *k = NULL;
		int rc = kpi_year(req_db(r), &r->actor, fy, req_int(r, "rows", 0) != 0, &k);
		return rc ? rc : resp_json(r, 200, k);
	}
	json_t *ctx = NULL;
	int rc = dashboard(r, fy, &ctx);
	return rc ? rc : resp_page(r, 200, "dashboard", ctx);
}

/* The committee's own indicators */

/* After a change to custom indicator `kpi_id` in `fy`: the API gets the
 * indicator as kpi_year gives it (with its evidence), with `status`; a
 * page returns to the indicator on the dashboard. */
static int custom_done(struct req *r, int64_t kpi_id, int fy, int status)
{
	if (!req_wants_json(r))
		return resp_redirect(r, arena_printf(r->arena, "/dashboard?fy=%d#custom-%lld", fy, (long long)kpi_id));
	json_t *year = NULL;
	int rc = kpi_year(req_db(r), &r->actor, fy, true, &year);
	if (rc)
		return rc;
	size_t i;
	json_t *k, *found = NULL;
	json_array_foreach(json_object_get(year, "kpis"), i, k)
		if (json_integer_value(json_object_get(k, "id")) == kpi_id && json_is_true(json_object_get(k, "custom")))
			found = json_incref(k);
	json_decref(year);
	if (!found)
		return err_fail(ERR_NOTFOUND, "id", "ไม่พบตัวชี้วัดนี้ในแผนของปีงบประมาณนี้",
				"No such indicator in the plan of this fiscal year.");
	return resp_json(r, status, found);
}

/* A refused change on a page: the dashboard again, with the error and what
 * was typed kept in the indicator's card. */
static int custom_retry(struct req *r, int rc, int64_t kpi_id, int fy)
{
	if (req_wants_json(r) || (rc != ERR_INVAL && rc != ERR_TOOBIG))
		return rc;
	json_t *error = h_form_error(), *form = h_form_values(r);
	err_clear();
	json_t *ctx = NULL;
	int grc = dashboard(r, fy, &ctx);
	if (grc) {
		json_decref(error);
		json_decref(form);
		return grc;
	}
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(json_object_get(ctx, "kpi"), "kpis"), i, k)
		if (json_integer_value(json_object_get(k, "id")) == kpi_id && json_is_true(json_object_get(k, "custom"))) {
			json_object_set(k, "card_error", error);
			json_object_set(k, "form", form);
		}
	json_object_set_new(ctx, "error", error);
	json_decref(form);
	return resp_page(r, err_http_status(rc), "dashboard", ctx);
}

int h_kpi_value(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int fy = (int)req_int(r, "fy", 0);
	int rc = kpi_value_set(req_db(r), &r->actor, id, fy, req_int(r, "numerator", -1), req_int(r, "denominator", 0),
			       req_str(r, "note"));
	return rc ? custom_retry(r, rc, id, fy) : custom_done(r, id, fy, 200);
}

int h_kpi_value_clear(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int fy = (int)req_int(r, "fy", 0);
	int rc = kpi_value_clear(req_db(r), &r->actor, id, fy);
	return rc ? custom_retry(r, rc, id, fy) : custom_done(r, id, fy, 200);
}

int h_kpi_evidence_add(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int fy = (int)req_int(r, "fy", 0);
	int rc = kpi_evidence_add(req_db(r), &r->actor, id, fy, req_str(r, "title"), req_int(r, "document_id", 0),
				  req_str(r, "url"), NULL);
	return rc ? custom_retry(r, rc, id, fy) : custom_done(r, id, fy, 201);
}

int h_kpi_evidence_delete(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int fy = (int)req_int(r, "fy", 0);
	int rc = kpi_evidence_delete(req_db(r), &r->actor, id);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
	return resp_redirect(r, arena_printf(r->arena, "/dashboard?fy=%d", fy ? fy : h_this_fy()));
}
