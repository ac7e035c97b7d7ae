/* h_search: the search page, search-as-you-type and the search API, and the
 * API of the organisation's search equivalences and own words (their admin
 * page is in h_admin.c). Which documents an actor finds, and how many, is decided by
 * km/find from the actor alone; nothing here filters results. The page and
 * the API run without a read snapshot (RF_NO_SNAPSHOT): doc_search logs a
 * query that found nothing, a write, only outside a transaction. */
#include <string.h>

#include "core/arena.h"
#include "km/doc.h"
#include "km/find.h"
#include "km/org.h"
#include "km/workflow.h"
#include "search/search.h"
#include "store/db.h"
#include "web/handlers.h"

#define SEARCH_PAGE_SIZE 10 /* hits per page unless per_page says otherwise */

static void query_from(const struct req *r, struct doc_query *q)
{
	*q = (struct doc_query){
		.q = req_str(r, "q"),
		.kind = req_str(r, "kind"),
		.status = req_str(r, "status"),
		.unit_id = req_int(r, "unit_id", 0),
		.issue_id = req_int(r, "issue_id", 0),
		.fy = (int)req_int(r, "fy", 0),
	};
}

static int per_page_of(const struct req *r)
{
	int64_t n = req_int(r, "per_page", SEARCH_PAGE_SIZE);
	return n > SEARCH_PER_PAGE_MAX ? SEARCH_PER_PAGE_MAX : (int)n;
}

/* The page */

/* "/search?q=…" with the filters in force and `page`. */
static const char *page_href(struct req *r, const struct doc_query *q, int page, int per_page)
{
	const char *enc = req_query_escape(r, q->q);
	if (!enc)
		return NULL;
	char *href = arena_printf(r->arena, "/search?q=%s", enc);
	if (href && q->kind)
		href = arena_printf(r->arena, "%s&kind=%s", href, q->kind);
	if (href && q->status)
		href = arena_printf(r->arena, "%s&status=%s", href, q->status);
	if (href && q->unit_id)
		href = arena_printf(r->arena, "%s&unit_id=%lld", href, (long long)q->unit_id);
	if (href && q->issue_id)
		href = arena_printf(r->arena, "%s&issue_id=%lld", href, (long long)q->issue_id);
	if (href && q->fy)
		href = arena_printf(r->arena, "%s&fy=%d", href, q->fy);
	if (href && per_page != SEARCH_PAGE_SIZE)
		href = arena_printf(r->arena, "%s&per_page=%d", href, per_page);
	if (href && page > 1)
		href = arena_printf(r->arena, "%s&page=%d", href, page);
	return href;
}

/* Labels and links the template needs around doc_search's answer. */
static int decorate(struct req *r, const struct doc_query *q, int page, int per_page, json_t *res,
		    json_t *ctx)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(res, "items"), i, it) {
		const char *kind = json_string_value(json_object_get(it, "kind"));
		const char *status = json_string_value(json_object_get(it, "status"));
		json_object_set_new(it, "kind_en", json_string(doc_kind_label_en(kind ? kind : "")));
		if (status && strcmp(status, "published")) {
			json_object_set_new(it, "status_th", json_string(wf_state_label_th(status)));
			json_object_set_new(it, "status_en", json_string(wf_state_label_en(status)));
		}
	}
	json_t *sugg = json_array();
	json_array_foreach(json_object_get(res, "suggestions"), i, it) {
		const char *text = json_string_value(it);
		const char *enc = req_query_escape(r, text);
		if (!enc) {
			json_decref(sugg);
			return ERR_NOMEM;
		}
		json_array_append_new(sugg, json_pack("{s:s, s:s+}", "text", text, "href", "/search?q=", enc));
	}
	json_object_set_new(ctx, "suggest_links", sugg);
	int64_t total = json_integer_value(json_object_get(res, "total"));
	int64_t shown = (int64_t)json_array_size(json_object_get(res, "items"));
	if (shown) {
		json_object_set_new(ctx, "first", json_integer((json_int_t)(page - 1) * per_page + 1));
		json_object_set_new(ctx, "last", json_integer((json_int_t)(page - 1) * per_page + shown));
	}
	if (page > 1)
		json_object_set_new(ctx, "prev_href", json_string(page_href(r, q, page - 1, per_page)));
	if ((int64_t)page * per_page < total && page < SEARCH_PAGE_MAX)
		json_object_set_new(ctx, "next_href", json_string(page_href(r, q, page + 1, per_page)));
	json_object_set_new(ctx, "pager", json_boolean(json_object_get(ctx, "prev_href") ||
						       json_object_get(ctx, "next_href")));
	return 0;
}

/* The form's choices: kinds for everyone, divisions for accounts (the
 * public may not list units). */
static int form_choices(struct req *r, json_t *ctx)
{
	json_t *kinds = json_array();
	for (int i = 0; doc_kinds[i]; i++)
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s}", "code", doc_kinds[i], "th",
						       doc_kind_label_th(doc_kinds[i]), "en",
						       doc_kind_label_en(doc_kinds[i])));
	json_object_set_new(ctx, "kinds", kinds);
	if (!r->actor.account_id)
		return 0;
	json_t *units = NULL;
	int rc = unit_list(req_db(r), &r->actor, &units);
	if (!rc)
		json_object_set_new(ctx, "units", units);
	return rc;
}

int h_search(struct req *r)
{
	struct doc_query q;
	query_from(r, &q);
	int page = (int)req_int(r, "page", 1), per_page = per_page_of(r);
	json_t *ctx = json_object();
	int rc = form_choices(r, ctx);
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "q", json_string(q.q ? q.q : ""));
	json_object_set_new(ctx, "filter",
			    json_pack("{s:s, s:s, s:I, s:I, s:i, s:i}", "kind", q.kind ? q.kind : "", "status",
				      q.status ? q.status : "published", "unit_id", (json_int_t)q.unit_id,
				      "issue_id", (json_int_t)q.issue_id, "fy", q.fy, "per_page", per_page));
	if (!q.q) /* the form alone */
		return resp_page(r, 200, "search", ctx);
	if (q.q[0])
		json_object_set_new(ctx, "title", json_string(q.q));
	json_t *res = NULL;
	err_clear();
	rc = doc_search(req_db(r), r->arena, &r->actor, &q, page, per_page, &res);
	if (rc == ERR_INVAL || rc == ERR_TOOBIG) {
		/* The page again with the message and what the user typed. */
		const struct err_detail *d = err_last();
		json_object_set_new(ctx, "error",
				    json_pack("{s:s, s:s, s:s?}", "message_th",
					      d->msg_th ? d->msg_th : "คำค้นไม่ถูกต้อง", "message_en",
					      d->msg_en ? d->msg_en : "The query is not valid.", "field", d->field));
		return resp_page(r, err_http_status(rc), "search", ctx);
	}
	if (!rc)
		rc = decorate(r, &q, page, per_page, res, ctx);
	if (rc) {
		json_decref(res);
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "result", res);
	return resp_page(r, 200, "search", ctx);
}

/* The API */

int h_api_search(struct req *r)
{
	struct doc_query q;
	query_from(r, &q);
	json_t *res = NULL;
	int rc = doc_search(req_db(r), r->arena, &r->actor, &q, (int)req_int(r, "page", 1), per_page_of(r),
			    &res);
	return rc ? rc : resp_json(r, 200, res);
}

int h_api_search_titles(struct req *r)
{
	json_t *titles = NULL;
	int rc = doc_search_titles(req_db(r), r->arena, &r->actor, req_str(r, "q"), &titles);
	return rc ? rc : resp_json(r, 200, titles);
}

int h_api_equivs(struct req *r)
{
	json_t *groups = NULL;
	int rc = doc_equiv_list(req_db(r), &r->actor, &groups);
	return rc ? rc : resp_list(r, groups, (int64_t)json_array_size(groups));
}

int h_api_equiv_add(struct req *r)
{
	int64_t id = 0;
	json_t *groups = NULL;
	int rc = doc_equiv_add(req_db(r), &r->actor, req_str(r, "terms"), &id);
	if (!rc)
		rc = doc_equiv_list(req_db(r), &r->actor, &groups);
	if (rc)
		return rc;
	size_t i;
	json_t *g, *made = NULL;
	json_array_foreach(groups, i, g) {
		if (json_integer_value(json_object_get(g, "id")) == id)
			made = json_incref(g);
	}
	json_decref(groups);
	return made ? resp_json(r, 201, made) : ERR_NOTFOUND;
}

int h_api_equiv_delete(struct req *r)
{
	int rc = doc_equiv_delete(req_db(r), &r->actor, req_int(r, "id", 0));
	return rc ? rc : resp_empty(r, 204);
}

int h_api_words(struct req *r)
{
	json_t *words = NULL;
	int rc = doc_word_list(req_db(r), &r->actor, &words);
	return rc ? rc : resp_list(r, words, (int64_t)json_array_size(words));
}

int h_api_word_add(struct req *r)
{
	int64_t id = 0;
	json_t *words = NULL;
	int rc = doc_word_add(req_db(r), &r->actor, req_str(r, "word"), &id);
	if (!rc)
		rc = doc_word_list(req_db(r), &r->actor, &words);
	if (rc)
		return rc;
	size_t i;
	json_t *w, *made = NULL;
	json_array_foreach(words, i, w) {
		if (json_integer_value(json_object_get(w, "id")) == id)
			made = json_incref(w);
	}
	json_decref(words);
	return made ? resp_json(r, 201, made) : ERR_NOTFOUND;
}

int h_api_word_delete(struct req *r)
{
	int rc = doc_word_delete(req_db(r), &r->actor, req_int(r, "id", 0));
	return rc ? rc : resp_empty(r, 204);
}
