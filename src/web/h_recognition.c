/* h_recognition: the contributors of a fiscal year (page and API) and their
 * certificates of recognition (PDF). Every rule is km/recognition's. */
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/clock.h"
#include "km/recognition.h"
#include "web/handlers.h"

#define FIRST_FY 2564 /* the seed plan's first year */

/* The signer the page's links carry: as asked, else the default one. */
static int signer_of(struct req *r, json_t **out)
{
	const char *name = req_str(r, "signer_name"), *position = req_str(r, "signer_position");
	if (name && name[0]) {
		*out = json_pack("{s:s, s:s}", "name", name, "position", position ? position : "");
		return *out ? 0 : ERR_NOMEM;
	}
	return recognition_default_signer(req_db(r), &r->actor, out);
}

int h_recognition(struct req *r)
{
	int this_fy = cal_fiscal_year(cal_from_unix(clock_now()));
	int fy = (int)req_int(r, "fy", this_fy);
	json_t *items = NULL, *signer = NULL;
	int rc = recognition_list(req_db(r), &r->actor, fy, &items);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_list(r, items, (int64_t)json_array_size(items));
	bool may_certify = r->actor.roles & (ROLE_ADMIN | ROLE_COMMITTEE);
	json_t *years = json_array();
	for (int y = this_fy; y >= FIRST_FY; y--)
		json_array_append_new(years, json_integer(y));
	json_t *ctx = json_pack("{s:s, s:o, s:i, s:o, s:b, s:{s:i, s:i, s:i, s:i}}", "title", "ผู้มีส่วนร่วมในการจัดการความรู้",
				"items", items, "fy", fy, "years", years, "may_certify", may_certify, "weights",
				"published", RECOGNITION_W_PUBLISHED, "reviews", RECOGNITION_W_REVIEWS, "answers",
				RECOGNITION_W_ANSWERS, "activities", RECOGNITION_W_ACTIVITIES);
	if (!ctx)
		return ERR_NOMEM;
	if (may_certify) {
		if ((rc = signer_of(r, &signer))) {
			json_decref(ctx);
			return rc;
		}
		/* Each certificate link carries the year and the signer. */
		const char *name = json_string_value(json_object_get(signer, "name"));
		const char *position = json_string_value(json_object_get(signer, "position"));
		const char *q = arena_printf(r->arena, "fy=%d&signer_name=%s&signer_position=%s", fy,
					     req_query_escape(r, name ? name : ""), req_query_escape(r, position ? position : ""));
		json_object_set_new(ctx, "signer", signer);
		json_object_set_new(ctx, "cert_query", json_string(q ? q : ""));
	}
	return resp_page(r, 200, "recognition", ctx);
}

int h_recognition_certificate(struct req *r)
{
	int64_t person = req_int(r, "person_id", 0);
	int fy = (int)req_int(r, "fy", cal_fiscal_year(cal_from_unix(clock_now())));
	buf_reset(&r->out);
	r->out.max = (size_t)16 << 20;
	int rc = recognition_certificate_pdf(req_db(r), &r->actor, person, fy, req_str(r, "signer_name"),
					     req_str(r, "signer_position"), &r->out);
	if (rc)
		return rc;
	r->status = 200;
	r->content_type_out = "application/pdf";
	char *name = arena_printf(r->arena, "certificate-%lld-%d.pdf", (long long)person, fy);
	if (name)
		resp_filename(r, false, name, name);
	return 0;
}
