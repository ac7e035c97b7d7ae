/* h_report: the annual monitoring and evaluation report's pages and API:
 * the reports of a fiscal year with the committee's generate form, one
 * report as a printable page (with the narrative form and the submit
 * button while a draft) or as JSON, PDF or XLSX, the narrative's update,
 * the submission and the publication on the public portal, where the same
 * handler shows a published report at /public/reports/{id}. km/report
 * decides who may do what. */
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/clock.h"
#include "export/report_pdf.h"
#include "export/report_xlsx.h"
#include "km/report.h"
#include "web/handlers.h"

static const char *report_page(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "/reports/%lld", (long long)id);
}

/* Whether the request came through the public portal's address. */
static bool on_portal(const struct req *r)
{
	return strncmp(r->route->pattern, "/public/", 8) == 0;
}

int h_reports(struct req *r)
{
	int fy = (int)req_int(r, "fy", 0);
	json_t *items = NULL;
	if (!fy && !req_wants_json(r))
		fy = h_this_fy();
	int rc = report_list(req_db(r), &r->actor, fy, &items);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_list(r, items, (int64_t)json_array_size(items));
	bool editor = authz_can(&r->actor, PERM_KMAP_EDIT);
	return resp_page(r, 200, "reports", json_pack("{s:o,s:i,s:b}", "items", items, "fy", fy, "can_generate", editor));
}

int h_report_create(struct req *r)
{
	int64_t id = 0;
	int rc = report_generate(req_db(r), &r->actor, (int)req_int(r, "fy", 0), &id);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return resp_redirect(r, report_page(r, id));
}

/* Report `rep` as a download: PDF (Thai digits unless digits=arabic) or
 * XLSX. */
static int send_file(struct req *r, json_t *rep, bool xlsx)
{
	const char *digits = req_str(r, "digits");
	buf_reset(&r->out);
	r->out.max = (size_t)64 << 20;
	int rc = xlsx ? report_xlsx_render(rep, &r->out)
		      : report_pdf_render(rep, !(digits && !strcmp(digits, "arabic")), &r->out);
	if (rc)
		return rc;
	r->status = 200;
	r->content_type_out = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
				   : "application/pdf";
	char *name = arena_printf(r->arena, "report-%lld-v%lld.%s",
				  (long long)json_integer_value(json_object_get(rep, "fy")),
				  (long long)json_integer_value(json_object_get(rep, "version")), xlsx ? "xlsx" : "pdf");
	if (name)
		resp_filename(r, false, name, name);
	return 0;
}

int h_report(struct req *r)
{
	json_t *rep = NULL;
	int rc = report_get(req_db(r), &r->actor, req_int(r, "id", 0), &rep);
	if (rc)
		return rc;
	const char *format = req_str(r, "format");
	if (format && (!strcmp(format, "pdf") || !strcmp(format, "xlsx"))) {
		rc = send_file(r, rep, !strcmp(format, "xlsx"));
		json_decref(rep);
		return rc;
	}
	if (req_wants_json(r))
		return resp_json(r, 200, rep);
	bool portal = on_portal(r);
	return resp_page(r, 200, "report",
			 json_pack("{s:o, s:s, s:b}", "report", rep, "base", portal ? "/public/reports" : "/reports",
				   "portal", portal));
}

int h_report_publish(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = report_publish(req_db(r), &r->actor, id, req_int(r, "public", 1) != 0);
	if (rc)
		return rc;
	if (req_wants_json(r)) {
		json_t *rep = NULL;
		if ((rc = report_get(req_db(r), &r->actor, id, &rep)))
			return rc;
		json_t *answer = json_pack("{s:I, s:O, s:s}", "id", (json_int_t)id, "published_at",
					   json_object_get(rep, "published_at"), "url",
					   arena_printf(r->arena, "/public/reports/%lld", (long long)id));
		json_decref(rep);
		return resp_json(r, 200, answer);
	}
	return resp_redirect(r, report_page(r, id));
}

int h_report_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = report_update(req_db(r), &r->actor, id, req_str(r, "problems"), req_str(r, "proposals"));
	if (req_wants_json(r)) {
		json_t *rep = NULL;
		if (rc || (rc = report_get(req_db(r), &r->actor, id, &rep)))
			return rc;
		return resp_json(r, 200, rep);
	}
	if (rc) {
		json_t *rep = NULL;
		int grc = report_get(req_db(r), &r->actor, id, &rep);
		if (grc)
			return grc;
		return h_form_retry(r, rc, "report", json_pack("{s:o}", "report", rep));
	}
	return resp_redirect(r, report_page(r, id));
}

int h_report_submit(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = report_submit(req_db(r), &r->actor, id);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "submitted"));
	return resp_redirect(r, report_page(r, id));
}
