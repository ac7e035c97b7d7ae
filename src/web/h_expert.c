/* h_expert: expert knowledge capture (interviews, consent, the draft each
 * becomes) and the knowledge-at-risk report. */
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/clock.h"
#include "km/expert.h"
#include "km/kmap.h"
#include "km/people.h"
#include "km/risk.h"
#include "web/handlers.h"

static void expert_input_from(const struct req *r, struct expert_input *in)
{
	*in = (struct expert_input)EXPERT_INPUT_EMPTY;
	in->expert_person_id = req_int(r, "expert_person_id", -1);
	in->interviewer_account_id = req_int(r, "interviewer_account_id", -1);
	in->interviewer_name = req_str(r, "interviewer_name");
	in->topic = req_str(r, "topic");
	in->date = req_str(r, "date");
	in->context = req_str(r, "context");
	in->key_tasks = req_str(r, "key_tasks");
	in->decision_rules = req_str(r, "decision_rules");
	in->pitfalls = req_str(r, "pitfalls");
	in->who_to_ask = req_str(r, "who_to_ask");
	in->documents_used = req_str(r, "documents_used");
	in->tags = req_str(r, "tags");
	in->rk_id = req_int(r, "rk_id", -1);
}

/* What the form's pickers offer: the organisation's people (the expert)
 * and its required knowledge (what the document will cover). */
static int pickers(struct req *r, json_t *ctx)
{
	json_t *people = NULL, *kmap = NULL;
	int64_t total = 0;
	int rc = person_list(req_db(r), &r->actor, 0, 0, 1, PERSON_LIST_MAX, &people, &total);
	if (!rc)
		rc = kmap_get(req_db(r), &r->actor, r->actor.org_id, &kmap);
	if (rc) {
		json_decref(people);
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "people", people);
	json_object_set_new(ctx, "issues", kmap);
	return 0;
}

int h_experts(struct req *r)
{
	int page = 1, per_page = EXPERT_LIST_MAX;
	req_paging(r, EXPERT_LIST_MAX, &page, &per_page);
	json_t *items = NULL;
	int64_t total = 0;
	int rc = expert_list(req_db(r), &r->actor, page, per_page, &items, &total);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_list(r, items, total);
	return resp_page(r, 200, "experts",
			 json_pack("{s:o, s:I, s:b}", "items", items, "total", (json_int_t)total, "risk",
				   authz_can(&r->actor, PERM_RISK_READ)));
}

int h_expert_new(struct req *r)
{
	char today[11];
	cal_iso(cal_from_unix(clock_now()), today);
	json_t *ctx = json_pack("{s:{s:s}}", "form", "date", today);
	int rc = pickers(r, ctx);
	return rc ? rc : resp_page(r, 200, "expert_new", ctx);
}

int h_expert_create(struct req *r)
{
	struct expert_input in;
	expert_input_from(r, &in);
	int64_t id = 0;
	int rc = expert_create(req_db(r), &r->actor, &in, &id);
	if (rc && !req_wants_json(r)) { /* the form again, as typed, with the reason */
		json_t *ctx = json_object();
		int prc = pickers(r, ctx);
		return prc ? prc : h_form_retry(r, rc, "expert_new", ctx);
	}
	if (rc)
		return rc;
	if (req_wants_json(r)) {
		json_t *iv = NULL;
		rc = expert_get(req_db(r), &r->actor, id, &iv);
		return rc ? rc : resp_json(r, 201, iv);
	}
	return resp_redirect(r, arena_printf(r->arena, "/experts/%lld", (long long)id));
}

int h_expert(struct req *r)
{
	json_t *iv = NULL;
	int rc = expert_get(req_db(r), &r->actor, req_int(r, "id", 0), &iv);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, iv);
	json_t *ctx = json_pack("{s:o}", "expert", iv);
	/* The form starts from the interview as saved. */
	if (json_is_true(json_object_get(iv, "can_edit"))) {
		json_object_set_new(ctx, "form", json_deep_copy(iv));
		if ((rc = pickers(r, ctx)))
			return rc;
	}
	return resp_page(r, 200, "expert", ctx);
}

int h_expert_update(struct req *r)
{
	struct expert_input in;
	expert_input_from(r, &in);
	int64_t id = req_int(r, "id", 0);
	int rc = expert_update(req_db(r), &r->actor, id, &in);
	if (rc && !req_wants_json(r)) {
		json_t *iv = NULL, *ctx = NULL;
		int grc = expert_get(req_db(r), &r->actor, id, &iv);
		if (grc)
			return grc;
		ctx = json_pack("{s:o}", "expert", iv);
		if ((grc = pickers(r, ctx)))
			return grc;
		return h_form_retry(r, rc, "expert", ctx);
	}
	if (rc)
		return rc;
	return req_wants_json(r) ? h_expert(r) : resp_redirect(r, arena_printf(r->arena, "/experts/%lld", (long long)id));
}

int h_expert_consent(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = expert_consent(req_db(r), &r->actor, id, req_int(r, "consent_given", 1) != 0,
				req_str(r, "consent_note"));
	if (rc)
		return rc;
	return req_wants_json(r) ? h_expert(r)
				 : resp_redirect(r, arena_printf(r->arena, "/experts/%lld#consent", (long long)id));
}

int h_expert_document(struct req *r)
{
	int64_t doc = 0;
	int rc = expert_make_document(req_db(r), &r->actor, req_int(r, "id", 0), &doc);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 201, json_pack("{s:I}", "document_id", (json_int_t)doc));
	/* The draft, ready for the workflow's first step. */
	return resp_redirect(r, arena_printf(r->arena, "/docs/%lld", (long long)doc));
}

int h_knowledge_risk(struct req *r)
{
	json_t *report = NULL;
	int rc = risk_report(req_db(r), &r->actor, (int)req_int(r, "years", RISK_YEARS_DEFAULT), &report);
	if (rc)
		return rc;
	if (req_wants_json(r))
		return resp_json(r, 200, report);
	json_t *choices = json_array();
	for (int y = RISK_YEARS_MIN; y <= RISK_YEARS_MAX; y++)
		json_array_append_new(choices, json_integer(y));
	json_object_set_new(report, "choices", choices);
	return resp_page(r, 200, "knowledge_risk", report);
}
