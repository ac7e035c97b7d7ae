/* h_docs: the knowledge repository's pages and API: browsing, reading,
 * writing from templates, revisions and their diffs, publishing, KM
 * corners and export. */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/cal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "km/attachment.h"
#include "store/blob.h"
#include "web/multipart.h"
#include "export/markdown.h"
#include "export/pdf.h"
#include "km/corner.h"
#include "km/diff.h"
#include "km/doc.h"
#include "km/kmap.h"
#include "km/org.h"
#include "km/workflow.h"
#include "search/search.h"
#include "store/db.h"
#include "web/handlers.h"

#define DOCS_PAGE 30
#define MAX_COVERS 50

/* The ids of a comma-separated list (validated by the route as PK_IDLIST). */
static int parse_ids(struct req *r, const char *list, int64_t **out, int *n)
{
	*n = 0;
	*out = arena_calloc(r->arena, MAX_COVERS, sizeof **out);
	if (!*out)
		return ERR_NOMEM;
	struct str rest = str_c(list ? list : ""), item;
	for (bool more = true; more && rest.len;) {
		more = str_split(rest, ',', &item, &rest);
		int64_t v;
		if (!item.len)
			continue;
		if (*n == MAX_COVERS || !str_to_i64(str_trim(item), 1, INT64_MAX, &v))
			return err_fail(ERR_INVAL, "covers", "รายการองค์ความรู้ไม่ถูกต้อง",
					"The list of required-knowledge items is not valid.");
		(*out)[(*n)++] = v;
	}
	return 0;
}

static int doc_input_from(struct req *r, struct doc_input *in)
{
	*in = (struct doc_input)DOC_INPUT_EMPTY;
	in->title = req_str(r, "title");
	in->summary = req_str(r, "summary");
	in->body_md = req_str(r, "body_md");
	in->kind = req_str(r, "kind");
	in->visibility = req_str(r, "visibility");
	in->knowledge_type = req_str(r, "knowledge_type");
	in->review_due = req_str(r, "review_due");
	in->tags = req_str(r, "tags");
	in->note = req_str(r, "note");
	in->unit_id = req_int(r, "unit_id", -1);
	in->base_revision_id = req_int(r, "base_revision_id", 0);
	if (req_has(r, "covers")) {
		int64_t *ids;
		int n;
		int rc = parse_ids(r, req_str(r, "covers"), &ids, &n);
		if (rc)
			return rc;
		in->covers = ids;
		in->ncovers = n;
		in->covers_set = true;
	}
	return 0;
}

int h_doc_add_html(json_t *doc)
{
	json_t *rev = json_object_get(doc, "revision");
	const char *md = json_string_value(json_object_get(rev, "body_md"));
	struct buf html;
	buf_init(&html, 16 << 20);
	int rc = md_to_html(md ? md : "", md ? strlen(md) : 0, &html);
	if (!rc)
		json_object_set_new(doc, "body_html", json_stringn_nocheck(buf_cstr(&html), html.len));
	buf_release(&html);
	return rc;
}

static void add_labels(json_t *doc)
{
	json_object_set_new(doc, "status_th",
			    json_string(wf_state_label_th(json_string_value(json_object_get(doc, "status")))));
}

/* The document's workflow for a logged-in reader (NULL when there is none
 * to show: a visitor, or a document whose steps they may not see), with
 * what the page links to: the review page for those who take part, the
 * approval memo once an approval was given. */
static int doc_workflow(struct req *r, int64_t id, const json_t *doc, json_t **out)
{
	*out = NULL;
	if (!r->actor.account_id)
		return 0;
	json_t *st = NULL;
	int rc = wf_status(req_db(r), &r->actor, id, &st);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN || rc == ERR_UNAUTH) {
		err_clear();
		return 0;
	}
	if (rc)
		return rc;
	bool review = json_array_size(json_object_get(st, "actions")) > 0 ||
		      json_is_true(json_object_get(doc, "can_edit")) ||
		      (r->actor.roles & (ROLE_ADMIN | ROLE_COMMITTEE | ROLE_EXECUTIVE));
	json_object_set_new(st, "review_page", json_boolean(review));
	*out = st;
	return 0;
}

/* Lists for the document forms: units and the knowledge map. */
static int form_lists(struct req *r, json_t *ctx)
{
	json_t *units = NULL, *kmap = NULL;
	int rc = unit_list(req_db(r), &r->actor, &units);
	if (!rc)
		rc = kmap_get(req_db(r), &r->actor, r->actor.org_id, &kmap);
	if (rc) {
		json_decref(units);
		return rc;
	}
	json_object_set_new(ctx, "units", units);
	json_object_set_new(ctx, "issues", kmap);
	json_t *kinds = json_array();
	for (int i = 0; doc_kinds[i]; i++)
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s}", "code", doc_kinds[i], "th",
						       doc_kind_label_th(doc_kinds[i]), "en",
						       doc_kind_label_en(doc_kinds[i])));
	json_object_set_new(ctx, "kinds", kinds);
	return 0;
}

/* Marks the covered items in the knowledge map of a form's context. */
static void mark_covered(json_t *ctx, const json_t *covers)
{
	size_t i, j, k;
	json_t *issue, *item, *c;
	json_array_foreach(json_object_get(ctx, "issues"), i, issue) {
		json_array_foreach(json_object_get(issue, "knowledge"), j, item) {
			json_array_foreach(covers, k, c) {
				if (json_integer_value(json_object_get(c, "id")) ==
				    json_integer_value(json_object_get(item, "id")))
					json_object_set_new(item, "checked", json_true());
			}
		}
	}
}

/* Browsing */

int h_docs(struct req *r)
{
	struct doc_filter f = {
		.kind = req_str(r, "kind"), .status = req_str(r, "status"), .tag = req_str(r, "tag"),
		.unit_id = req_int(r, "unit_id", 0), .issue_id = req_int(r, "issue_id", 0),
		.rk_id = req_int(r, "rk_id", 0), .fy = (int)req_int(r, "fy", 0),
	};
	int page = (int)req_int(r, "page", 1);
	json_t *items = NULL, *ctx = json_object();
	int64_t total = 0;
	int rc = doc_list(req_db(r), &r->actor, &f, page, DOCS_PAGE, &items, &total);
	if (!rc && r->actor.account_id)
		rc = form_lists(r, ctx);
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "items", items);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "filter",
			    json_pack("{s:s, s:s, s:s, s:I, s:I, s:i}", "kind", f.kind ? f.kind : "",
				      "status", f.status ? f.status : "published", "tag", f.tag ? f.tag : "",
				      "unit_id", (json_int_t)f.unit_id, "issue_id", (json_int_t)f.issue_id,
				      "fy", f.fy));
	json_object_set_new(ctx, "page", json_integer(page));
	if ((int64_t)page * DOCS_PAGE < total)
		json_object_set_new(ctx, "next_page", json_integer(page + 1));
	if (page > 1)
		json_object_set_new(ctx, "prev_page", json_integer(page - 1));
	return resp_page(r, 200, "docs", ctx);
}

/* Reading */

int h_doc(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *doc = NULL;
	int rc = doc_get(req_db(r), &r->actor, id, req_int(r, "rev", 0), &doc);
	if (!rc)
		rc = h_doc_add_html(doc);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	add_labels(doc);
	json_t *files = NULL;
	if ((rc = attachment_list(req_db(r), &r->actor, id, &files))) {
		json_decref(doc);
		return rc;
	}
	json_object_set_new(doc, "attachments", files);
	json_t *wf = NULL;
	if ((rc = doc_workflow(r, id, doc, &wf))) {
		json_decref(doc);
		return rc;
	}
	if (!json_is_true(json_object_get(doc, "can_edit")))
		req_after(r, doc_count_view, r->actor.org_id, id);
	/* OpenGraph: a link shared in LINE previews with the title and summary. */
	json_t *rev = json_object_get(doc, "revision");
	const char *summary = json_string_value(json_object_get(rev, "summary"));
	json_t *og = json_pack("{s:O, s:s, s:s}", "title", json_object_get(rev, "title"), "description",
			       summary && summary[0] ? summary : json_string_value(json_object_get(doc, "kind_th")),
			       "url", arena_printf(r->arena, "%s/docs/%lld", r->app->cfg.base_url, (long long)id));
	return resp_page(r, 200, "doc", json_pack("{s:o, s:o, s:o*}", "doc", doc, "og", og, "wf", wf));
}

/* Writing */

/* The template of `kind` (manual when absent) and the form lists: the
 * context of the new-document and template pages. *body is heap memory. */
static int template_context(struct req *r, const char **kind, json_t **ctx, char **body)
{
	if (!*kind)
		*kind = "manual";
	*body = NULL;
	*ctx = json_object();
	int rc = doc_template_dup(req_db(r), &r->actor, *kind, body);
	if (!rc)
		rc = form_lists(r, *ctx);
	if (rc) {
		free(*body);
		json_decref(*ctx);
	}
	return rc;
}

int h_doc_new(struct req *r)
{
	const char *kind = req_str(r, "kind");
	char *body;
	json_t *ctx;
	int rc = template_context(r, &kind, &ctx, &body);
	if (rc)
		return rc;
	int64_t unit = req_int(r, "unit_id", r->actor.unit_id);
	json_object_set_new(ctx, "form",
			    json_pack("{s:s, s:s, s:I, s:s, s:s}", "kind", kind, "body_md", body, "unit_id",
				      (json_int_t)unit, "visibility", kind && !strcmp(kind, "citizen_manual") ? "public" : "org",
				      "knowledge_type", !strcmp(kind, "expert_knowledge") ? "tacit" : "explicit"));
	free(body);
	return resp_page(r, 200, "doc_edit", ctx);
}

/* The form again with the user's text and the error: nothing typed is lost. */
static int form_again(struct req *r, int rc, json_t *doc)
{
	if (rc != ERR_INVAL && rc != ERR_TOOBIG && rc != ERR_CONFLICT && rc != ERR_FORBIDDEN) {
		json_decref(doc);
		return rc;
	}
	const struct err_detail *d = err_last();
	json_t *ctx = json_object();
	int rc2 = form_lists(r, ctx);
	if (rc2) {
		json_decref(doc);
		json_decref(ctx);
		return rc2;
	}
	json_t *form = json_object();
	for (int i = 0; i < ROUTE_MAX_PARAMS && r->route->params[i].name; i++) {
		if (r->route->params[i].src == PS_BODY && r->params[i].present)
			json_object_set_new(form, r->route->params[i].name, json_string(r->params[i].text));
	}
	json_object_set_new(ctx, "form", form);
	if (doc)
		json_object_set_new(ctx, "doc", doc);
	json_object_set_new(ctx, "error",
			    json_pack("{s:s, s:s, s:s?}", "message_th", d->msg_th ? d->msg_th : "ข้อมูลไม่ถูกต้อง",
				      "message_en", d->msg_en ? d->msg_en : "Invalid input.", "field", d->field));
	return resp_page(r, err_http_status(rc), rc == ERR_CONFLICT ? "doc_conflict" : "doc_edit", ctx);
}

int h_doc_create(struct req *r)
{
	struct doc_input in;
	int64_t id = 0;
	int rc = doc_input_from(r, &in);
	if (!rc)
		rc = doc_create(req_db(r), &r->actor, &in, &id, NULL);
	if (rc)
		return form_again(r, rc, NULL);
	return resp_redirect(r, arena_printf(r->arena, "/docs/%lld", (long long)id));
}

int h_doc_edit(struct req *r)
{
	json_t *doc = NULL, *ctx = json_object();
	int rc = doc_get(req_db(r), &r->actor, req_int(r, "id", 0), 0, &doc);
	if (!rc && !json_is_true(json_object_get(doc, "can_edit")))
		rc = err_fail(ERR_FORBIDDEN, NULL, "คุณแก้ไขเอกสารนี้ไม่ได้", "You may not edit this document.");
	if (!rc)
		rc = form_lists(r, ctx);
	if (rc) {
		json_decref(doc);
		json_decref(ctx);
		return rc;
	}
	mark_covered(ctx, json_object_get(doc, "covers"));
	json_t *rev = json_object_get(doc, "revision");
	char *tags = arena_strdup(r->arena, "");
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(doc, "tags"), i, t)
		tags = arena_printf(r->arena, "%s%s%s", tags, i ? ", " : "", json_string_value(t));
	json_object_set_new(ctx, "form",
			    json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:O}", "title",
				      json_object_get(rev, "title"), "summary", json_object_get(rev, "summary"),
				      "body_md", json_object_get(rev, "body_md"), "kind", json_object_get(doc, "kind"),
				      "unit_id", json_object_get(doc, "unit_id"), "visibility",
				      json_object_get(doc, "visibility"), "knowledge_type",
				      json_object_get(doc, "knowledge_type"), "review_due",
				      json_object_get(doc, "review_due"), "tags", tags ? tags : "",
				      "base_revision_id", json_object_get(doc, "current_revision_id")));
	json_object_set_new(ctx, "doc", doc);
	return resp_page(r, 200, "doc_edit", ctx);
}

int h_doc_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	struct doc_input in;
	int rc = doc_input_from(r, &in);
	if (!rc)
		rc = doc_update(req_db(r), &r->actor, id, &in, NULL);
	if (!rc)
		return resp_redirect(r, arena_printf(r->arena, "/docs/%lld", (long long)id));
	json_t *doc = NULL;
	if (doc_get(req_db(r), &r->actor, id, 0, &doc))
		return rc;
	return form_again(r, rc, doc);
}

/* History */

int h_doc_history(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *doc = NULL, *revs = NULL;
	int rc = doc_get(req_db(r), &r->actor, id, 0, &doc);
	if (!rc)
		rc = doc_revisions(req_db(r), &r->actor, id, &revs);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	add_labels(doc);
	return resp_page(r, 200, "doc_history", json_pack("{s:o, s:o}", "doc", doc, "revisions", revs));
}

int h_doc_diff(struct req *r)
{
	int64_t id = req_int(r, "id", 0), a = req_int(r, "a", 0), b = req_int(r, "b", 0);
	json_t *texts = NULL, *doc = NULL;
	int rc = doc_get(req_db(r), &r->actor, id, 0, &doc);
	if (!rc)
		rc = doc_revision_texts(req_db(r), &r->actor, id, a, b, &texts);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	json_t *older = json_array_get(texts, 0), *newer = json_array_get(texts, json_array_size(texts) - 1);
	json_t *ops = json_array();
	const char *x = json_string_value(json_object_get(older, "body_md"));
	const char *y = json_string_value(json_object_get(newer, "body_md"));
	rc = diff_texts(search_dict(), x, strlen(x), y, strlen(y), ops);
	if (rc) {
		json_decref(doc);
		json_decref(texts);
		json_decref(ops);
		return rc;
	}
	json_t *ctx = json_pack("{s:o, s:O, s:O, s:o}", "doc", doc, "older", older, "newer", newer, "ops", ops);
	json_decref(texts);
	return resp_page(r, 200, "doc_diff", ctx);
}

static int back_to_doc(struct req *r, int64_t id)
{
	return resp_redirect(r, arena_printf(r->arena, "/docs/%lld", (long long)id));
}

int h_doc_restore(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = doc_restore(req_db(r), &r->actor, id, req_int(r, "revision_id", 0), NULL);
	return rc ? rc : back_to_doc(r, id);
}

int h_doc_ack(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = doc_acknowledge(req_db(r), &r->actor, id);
	return rc ? rc : back_to_doc(r, id);
}

int h_doc_feedback(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	int rc = doc_feedback(req_db(r), &r->actor, id, req_int(r, "helpful", 1) != 0, req_str(r, "comment"));
	return rc ? rc : back_to_doc(r, id);
}

/* Export */

/* The document as an official-style PDF (slow: this route runs on the
 * worker pool). */
static int export_pdf(struct req *r, int64_t id, json_t *doc)
{
	json_t *rev = json_object_get(doc, "revision");
	const char *title = json_string_value(json_object_get(rev, "title"));
	json_t *org = NULL;
	int rc = org_get(req_db(r), r->actor.org_id, &org);
	if (rc)
		return rc;
	req_keep(r, org);
	struct buf date;
	buf_init(&date, 256);
	cal_format_th(&date, cal_from_unix(json_integer_value(json_object_get(rev, "created_at"))),
		      CAL_THAI_DIGITS);
	char number[32];
	snprintf(number, sizeof number, "%lld", (long long)json_integer_value(json_object_get(rev, "number")));
	struct buf num;
	buf_init(&num, 64);
	cal_thai_digits(&num, number, strlen(number));
	struct pdf_doc pd = {
		.org = json_string_value(json_object_get(org, "name")),
		.title = title,
		.kind_label = json_string_value(json_object_get(doc, "kind_th")),
		.unit = json_string_value(json_object_get(doc, "unit_name")),
		.meta = {{"สถานะ", wf_state_label_th(json_string_value(json_object_get(doc, "status")))},
			 {"ฉบับแก้ไขที่", buf_cstr(&num)},
			 {"วันที่", buf_cstr(&date)},
			 {"ผู้จัดทำ", json_string_value(json_object_get(rev, "author_name"))}},
		.nmeta = 4,
		.body_md = json_string_value(json_object_get(rev, "body_md")),
		.thai_digits = true,
	};
	r->out.max = (size_t)256 << 20;
	rc = pdf_render(&pd, &r->out);
	buf_release(&date);
	buf_release(&num);
	if (rc)
		return rc;
	r->status = 200;
	r->content_type_out = "application/pdf";
	char *fallback = arena_printf(r->arena, "document-%lld.pdf", (long long)id);
	char *name = arena_printf(r->arena, "%.*s.pdf", (int)utf8_cut(title, strlen(title), 150), title);
	if (fallback && name)
		resp_filename(r, false, fallback, name);
	return 0;
}

int h_doc_export(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	json_t *doc = NULL;
	int rc = doc_get(req_db(r), &r->actor, id, 0, &doc);
	if (rc)
		return rc;
	req_keep(r, doc);
	json_t *rev = json_object_get(doc, "revision");
	const char *title = json_string_value(json_object_get(rev, "title"));
	buf_reset(&r->out);
	if (!strcmp(req_str(r, "format"), "pdf"))
		return export_pdf(r, id, doc);
	buf_printf(&r->out, "# %s\n\n", title);
	const char *summary = json_string_value(json_object_get(rev, "summary"));
	if (summary && summary[0])
		buf_printf(&r->out, "> %s\n\n", summary);
	buf_puts(&r->out, json_string_value(json_object_get(rev, "body_md")));
	r->status = 200;
	r->content_type_out = "text/markdown; charset=utf-8";
	char *fallback = arena_printf(r->arena, "document-%lld.md", (long long)id);
	char *name = arena_printf(r->arena, "%.*s.md", (int)utf8_cut(title, strlen(title), 150), title);
	if (fallback && name)
		resp_filename(r, false, fallback, name);
	return buf_err(&r->out);
}

/* KM corners */

int h_corner(struct req *r)
{
	int64_t unit = req_int(r, "id", 0);
	json_t *corner = NULL;
	int rc = corner_get(req_db(r), &r->actor, unit, &corner);
	if (rc)
		return rc;
	req_after(r, corner_count_view, r->actor.org_id, unit);
	return resp_page(r, 200, "corner", json_pack("{s:o}", "corner", corner));
}

int h_corner_update(struct req *r)
{
	int64_t unit = req_int(r, "id", 0);
	int rc = corner_set(req_db(r), &r->actor, unit, req_str(r, "intro"), req_str(r, "external_label"),
			    req_str(r, "external_url"));
	return rc ? rc : resp_redirect(r, arena_printf(r->arena, "/units/%lld/corner", (long long)unit));
}

/* API */

int h_api_docs(struct req *r)
{
	struct doc_filter f = {
		.kind = req_str(r, "kind"), .status = req_str(r, "status"), .tag = req_str(r, "tag"),
		.unit_id = req_int(r, "unit_id", 0), .fy = (int)req_int(r, "fy", 0),
	};
	int page, per_page;
	req_paging(r, DOC_LIST_MAX, &page, &per_page);
	json_t *items = NULL;
	int64_t total = 0;
	int rc = doc_list(req_db(r), &r->actor, &f, page, per_page, &items, &total);
	return rc ? rc : resp_list(r, items, total);
}

static int api_doc_answer(struct req *r, int64_t id, unsigned status)
{
	json_t *doc = NULL;
	int rc = doc_get(req_db(r), &r->actor, id, 0, &doc);
	if (!rc)
		rc = h_doc_add_html(doc);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	json_t *rev = json_object_get(doc, "revision");
	json_object_set(doc, "body_md", json_object_get(rev, "body_md"));
	json_object_set(doc, "summary", json_object_get(rev, "summary"));
	json_object_set(doc, "revision_id", json_object_get(rev, "id"));
	json_object_set_new(doc, "unit", json_pack("{s:O, s:O}", "id", json_object_get(doc, "unit_id"), "name",
						   json_object_get(doc, "unit_name")));
	return resp_json(r, status, doc);
}

int h_api_doc(struct req *r)
{
	return api_doc_answer(r, req_int(r, "id", 0), 200);
}

int h_api_doc_create(struct req *r)
{
	struct doc_input in;
	int64_t id = 0, rev = 0;
	int rc = doc_input_from(r, &in);
	if (!rc)
		rc = doc_create(req_db(r), &r->actor, &in, &id, &rev);
	if (rc)
		return rc;
	return resp_json(r, 201, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)id, "revision_id",
					   (json_int_t)rev, "status", "draft"));
}

int h_api_doc_update(struct req *r)
{
	int64_t id = req_int(r, "id", 0);
	struct doc_input in;
	int rc = doc_input_from(r, &in);
	if (!rc)
		rc = doc_update(req_db(r), &r->actor, id, &in, NULL);
	return rc ? rc : api_doc_answer(r, id, 200);
}

int h_api_doc_revisions(struct req *r)
{
	json_t *revs = NULL;
	int rc = doc_revisions(req_db(r), &r->actor, req_int(r, "id", 0), &revs);
	return rc ? rc : resp_list(r, revs, (int64_t)json_array_size(revs));
}

/* Attachments */

const char *h_blob_root(struct req *r)
{
	return arena_printf(r->arena, "%s/files", r->app->cfg.data_dir);
}

static int attach(struct req *r, json_t **out)
{
	const struct multipart_part *file = req_file(r, "file");
	if (!file || file->filename.len == 0)
		return err_fail(ERR_INVAL, "file", "กรุณาเลือกไฟล์ที่จะแนบ", "Choose a file to attach.");
	const char *raw = arena_str(r->arena, file->filename);
	const char *name = raw ? multipart_safe_filename(r->arena, raw) : NULL;
	if (!name)
		return ERR_NOMEM;
	return attachment_add(req_db(r), &r->actor, h_blob_root(r), req_int(r, "id", 0), name, file->data.p,
			      file->data.len, out);
}

int h_doc_attach(struct req *r)
{
	json_t *a = NULL;
	int rc = attach(r, &a);
	json_decref(a);
	return rc ? rc : back_to_doc(r, req_int(r, "id", 0));
}

int h_api_doc_attach(struct req *r)
{
	json_t *a = NULL;
	int rc = attach(r, &a);
	return rc ? rc : resp_json(r, 201, a);
}

int h_file_send(struct req *r, const json_t *row)
{
	buf_reset(&r->out);
	r->out.max = (size_t)r->app->cfg.max_upload_mib << 20;
	int rc = blob_get(h_blob_root(r), json_string_value(json_object_get(row, "sha256")), &r->out);
	if (rc)
		return rc == ERR_NOTFOUND ? err_fail(ERR_NOTFOUND, NULL, "ไฟล์หายไปจากที่เก็บ", "The stored file is missing.") : rc;
	const char *kind = json_string_value(json_object_get(row, "kind"));
	/* Images and PDFs may open in the browser; everything else downloads. */
	bool inline_ = req_int(r, "inline", 0) && (!strcmp(kind, "pdf") || !strcmp(kind, "png") ||
						   !strcmp(kind, "jpeg") || !strcmp(kind, "gif") ||
						   !strcmp(kind, "webp"));
	r->status = 200;
	/* Text is always UTF-8: say so, or browsers guess. */
	const char *mime = json_string_value(json_object_get(row, "mime"));
	r->content_type_out = !strcmp(kind, "text") && !strstr(mime, "charset")
				      ? arena_printf(r->arena, "%s; charset=utf-8", mime)
				      : arena_strdup(r->arena, mime);
	const char *filename = json_string_value(json_object_get(row, "filename"));
	char *fallback = arena_printf(r->arena, "file-%lld.%s", (long long)json_integer_value(json_object_get(row, "id")),
				      !strcmp(kind, "jpeg") ? "jpg" : !strcmp(kind, "text") ? "txt" : kind);
	resp_filename(r, inline_, fallback ? fallback : "file", filename);
	resp_header(r, "Cache-Control", "private, no-store");
	return 0;
}

int h_attachment(struct req *r)
{
	json_t *row = NULL;
	int rc = attachment_get(req_db(r), &r->actor, req_int(r, "id", 0), &row);
	if (rc)
		return rc;
	return h_file_send(r, req_keep(r, row));
}

int h_attachment_preview(struct req *r)
{
	json_t *row = NULL;
	int rc = attachment_preview(req_db(r), &r->actor, req_int(r, "id", 0), &row);
	if (rc)
		return rc;
	const char *kind = json_string_value(json_object_get(row, "kind"));
	json_object_set_new(row, "is_image", json_boolean(strcmp(kind, "png") == 0 || strcmp(kind, "jpeg") == 0 ||
							  strcmp(kind, "gif") == 0 || strcmp(kind, "webp") == 0));
	json_object_set_new(row, "is_pdf", json_boolean(strcmp(kind, "pdf") == 0));
	return resp_page(r, 200, "attachment", json_pack("{s:o}", "file", row));
}

/* Import: several files at once become drafts with their text. */

int h_doc_import_form(struct req *r)
{
	json_t *ctx = json_object();
	int rc = form_lists(r, ctx);
	if (rc) {
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "unit_id", json_integer(r->actor.unit_id));
	return resp_page(r, 200, "doc_import", ctx);
}

int h_doc_import(struct req *r)
{
	json_t *results = json_array();
	int ok = 0;
	for (size_t i = 0; i < r->nparts; i++) {
		const struct multipart_part *p = &r->parts[i];
		if (!p->filename.p || p->filename.len == 0 || !str_eq_c(p->name, "files"))
			continue;
		const char *raw = arena_str(r->arena, p->filename);
		const char *name = raw ? multipart_safe_filename(r->arena, raw) : NULL;
		if (!name)
			break;
		err_clear();
		int64_t id = 0;
		int rc = attachment_import(req_db(r), &r->actor, h_blob_root(r), req_int(r, "unit_id", 0),
					   req_str(r, "kind"), name, p->data.p, p->data.len, &id);
		const struct err_detail *d = err_last();
		json_array_append_new(results,
				      rc ? json_pack("{s:s, s:s, s:s}", "filename", name, "error_th",
						     d->msg_th ? d->msg_th : "นำเข้าไม่ได้", "error_en",
						     d->msg_en ? d->msg_en : err_name(rc))
					 : json_pack("{s:s, s:I}", "filename", name, "id", (json_int_t)id));
		ok += rc == 0;
	}
	if (json_array_size(results) == 0) {
		json_decref(results);
		return err_fail(ERR_INVAL, "files", "กรุณาเลือกไฟล์ที่จะนำเข้า", "Choose files to import.");
	}
	json_t *ctx = json_object();
	int rc = form_lists(r, ctx);
	if (rc) {
		json_decref(ctx);
		json_decref(results);
		return rc;
	}
	json_object_set_new(ctx, "results", results);
	json_object_set_new(ctx, "imported", json_integer(ok));
	json_object_set_new(ctx, "unit_id", json_integer(req_int(r, "unit_id", 0)));
	return resp_page(r, 200, "doc_import", ctx);
}

/* Lifecycle: what is due for review, and what may be obsolete. */
int h_docs_review(struct req *r)
{
	struct date soon = cal_from_unix(clock_now() + 30 * 86400);
	char due[11];
	cal_iso(soon, due);
	struct doc_filter f = {.due_by = due, .order = "review", .unit_id = req_int(r, "unit_id", 0)};
	struct doc_filter old = {.stale_before = clock_now() - 2 * 365 * 86400, .order = "title",
				 .unit_id = req_int(r, "unit_id", 0)};
	json_t *items = NULL, *stale = NULL, *ctx = json_object();
	int64_t n1 = 0, n2 = 0;
	int rc = doc_list(req_db(r), &r->actor, &f, 1, DOC_LIST_MAX, &items, &n1);
	if (!rc)
		rc = doc_list(req_db(r), &r->actor, &old, 1, DOC_LIST_MAX, &stale, &n2);
	if (!rc)
		rc = form_lists(r, ctx);
	if (rc) {
		json_decref(items);
		json_decref(stale);
		json_decref(ctx);
		return rc;
	}
	json_object_set_new(ctx, "due", items);
	json_object_set_new(ctx, "stale", stale);
	json_object_set_new(ctx, "due_by", json_string(due));
	json_object_set_new(ctx, "unit_id", json_integer(req_int(r, "unit_id", 0)));
	return resp_page(r, 200, "docs_review", ctx);
}

/* Templates: the starting text of each kind, editable by admins. */
int h_admin_templates(struct req *r)
{
	const char *kind = req_str(r, "kind");
	char *body;
	json_t *ctx;
	int rc = template_context(r, &kind, &ctx, &body);
	if (rc)
		return rc;
	json_object_set_new(ctx, "kind", json_string(kind));
	json_object_set_new(ctx, "body_md", json_string(body));
	free(body);
	return resp_page(r, 200, "admin_templates", ctx);
}

int h_admin_template_save(struct req *r)
{
	const char *kind = req_str(r, "kind");
	int rc = doc_template_set(req_db(r), &r->actor, kind, req_str(r, "body_md"));
	return rc ? rc : resp_redirect(r, arena_printf(r->arena, "/admin/templates?kind=%s", kind));
}
