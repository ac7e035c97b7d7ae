/*
 * test_expert: expert knowledge capture and the knowledge-at-risk report
 * over HTTP, the real binary on loopback with the demo organisation. The
 * API: an interview recorded by HEALTH's unit head about HEALTH's staff
 * member, who reads it and may not edit it, an executive who may not open
 * it; no document before consent (409); consent by the expert themselves
 * or by the interviewer with how it was given (400 without); the draft
 * (201 {"document_id"}) of kind expert_knowledge, tacit, the expert among
 * its authors, once only. The report: committee, executives and admins
 * (403 for others), the demo's experts in it, years out of range 400, each
 * reading recorded. The pages, and CSRF on forms and on cookie-sent API
 * requests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct h_server *srv;

static long long num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}


/* Whether list `path` (as c) holds an item with "id" = id. */
static bool listed(struct h_client *c, const char *path, long long id)
{
	h_get(c, path);
	json_t *v = h_json_answer(c, 200);
	bool found = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(v, "items"), i, it) found |= num(it, "id") == id;
	json_decref(v);
	return found;
}

static void interview_consent_document(void **state)
{
	(void)state;
	long long expert = h_role_person(srv, H_STAFF);
	struct h_client *head = h_role_client(srv, H_UNITHEAD), *staff = h_role_client(srv, H_STAFF), *exec = h_role_client(srv, H_EXECUTIVE),
			*kmc = h_role_client(srv, H_COMMITTEE);
	char body[1024], path[96];
	/* Bad input: the field says which. */
	snprintf(body, sizeof body, "{\"expert_person_id\":%lld,\"date\":\"2026-11-01\"}", expert);
	h_post_json(head, "/api/v1/experts", body, NULL);
	h_expect_error(head, 400, "invalid", "topic");
	snprintf(body, sizeof body, "{\"expert_person_id\":%lld,\"topic\":\"x\",\"date\":\"2026-13-01\"}", expert);
	h_post_json(head, "/api/v1/experts", body, NULL);
	h_expect_error(head, 400, "invalid", "date");
	h_post_json(head, "/api/v1/experts", "{\"expert_person_id\":999999,\"topic\":\"x\",\"date\":\"2026-11-01\"}", NULL);
	h_expect_error(head, 400, "invalid", "expert_person_id");

	snprintf(body, sizeof body,
		 "{\"expert_person_id\":%lld,\"topic\":\"การควบคุมโรคไข้เลือดออกในชุมชน\",\"date\":\"2026-11-01\","
		 "\"context\":\"ฤดูฝนมีผู้ป่วยเพิ่มขึ้น\",\"key_tasks\":\"- สำรวจลูกน้ำยุงลายทุกสัปดาห์\","
		 "\"decision_rules\":\"พบผู้ป่วยให้พ่นหมอกควันภายใน 24 ชั่วโมง\",\"tags\":\"ไข้เลือดออก\"}",
		 expert);
	h_post_json(head, "/api/v1/experts", body, NULL);
	json_t *iv = h_json_answer(head, 201);
	long long id = num(iv, "id");
	assert_false(json_is_true(json_object_get(iv, "consent_given")));
	assert_false(json_is_true(json_object_get(iv, "can_make_document")));
	json_decref(iv);

	/* The expert reads it; an executive may not open it. */
	snprintf(path, sizeof path, "/api/v1/experts/%lld", id);
	h_get(staff, path);
	assert_status(staff, 200);
	h_get(exec, path);
	h_expect_error(exec, 404, "not_found", NULL);
	assert_true(listed(staff, "/api/v1/experts", id));
	assert_false(listed(exec, "/api/v1/experts", id));
	/* Editors: the interviewer (and the committee, admins); not the expert. */
	h_put_json(staff, path, "{\"pitfalls\":\"x\"}", NULL);
	h_expect_error(staff, 403, "forbidden", NULL);
	h_put_json(head, path, "{\"pitfalls\":\"พ่นหมอกควันตอนแดดจัด ไม่ได้ผล\"}", NULL);
	iv = h_json_answer(head, 200);
	assert_string_equal(json_string_value(json_object_get(iv, "pitfalls")), "พ่นหมอกควันตอนแดดจัด ไม่ได้ผล");
	json_decref(iv);

	/* No document before consent; consent from the expert or the interviewer. */
	snprintf(path, sizeof path, "/api/v1/experts/%lld/document", id);
	h_post_json(head, path, "{}", NULL);
	h_expect_error(head, 409, "conflict", NULL);
	snprintf(path, sizeof path, "/api/v1/experts/%lld/consent", id);
	h_post_json(kmc, path, "{\"consent_given\":true,\"consent_note\":\"ลงนามแล้ว\"}", NULL);
	h_expect_error(kmc, 403, "forbidden", NULL);
	h_post_json(head, path, "{\"consent_given\":true}", NULL);
	h_expect_error(head, 400, "invalid", "consent_note");
	h_post_json(staff, path, "{\"consent_given\":true}", NULL);
	iv = h_json_answer(staff, 200);
	assert_true(json_is_true(json_object_get(iv, "consent_given")));
	assert_string_equal(json_string_value(json_object_get(iv, "consent_method")), "expert");
	json_decref(iv);

	/* The draft: once, 201 with its id. */
	snprintf(path, sizeof path, "/api/v1/experts/%lld/document", id);
	h_post_json(head, path, "{}", NULL);
	json_t *made = h_json_answer(head, 201);
	long long doc = num(made, "document_id");
	json_decref(made);
	assert_true(doc > 0);
	h_post_json(head, path, "{}", NULL);
	h_expect_error(head, 409, "conflict", NULL);
	snprintf(path, sizeof path, "/api/v1/documents/%lld", doc);
	h_get(head, path);
	json_t *d = h_json_answer(head, 200);
	assert_string_equal(json_string_value(json_object_get(d, "kind")), "expert_knowledge");
	assert_string_equal(json_string_value(json_object_get(d, "status")), "draft");
	assert_string_equal(json_string_value(json_object_get(d, "knowledge_type")), "tacit");
	bool author = false;
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(d, "authors"), i, a) author |= num(a, "id") == expert;
	assert_true(author);
	json_decref(d);
	/* It goes on through the workflow: the head submits it. */
	snprintf(path, sizeof path, "/api/v1/documents/%lld/transitions", doc);
	h_post_json(head, path, "{\"action\":\"submit\"}", NULL);
	assert_status(head, 200);
}

static void risk_report(void **state)
{
	(void)state;
	struct h_client *staff = h_role_client(srv, H_STAFF), *head = h_role_client(srv, H_UNITHEAD), *exec = h_role_client(srv, H_EXECUTIVE);
	h_get(staff, "/api/v1/reports/knowledge-at-risk?years=3");
	h_expect_error(staff, 403, "forbidden", NULL);
	h_get(head, "/api/v1/reports/knowledge-at-risk");
	h_expect_error(head, 403, "forbidden", NULL);
	h_get(exec, "/api/v1/reports/knowledge-at-risk?years=11");
	h_expect_error(exec, 400, "invalid", "years");
	long long views = h_db_number(srv, "SELECT count(*) FROM audit_events WHERE action = 'risk.view'", NULL, 0);
	h_get(exec, "/api/v1/reports/knowledge-at-risk?years=3");
	json_t *rep = h_json_answer(exec, 200);
	assert_int_equal(num(rep, "years"), 3);
	/* The demo's two experts close to retirement, one with the published
	 * document their interview became. */
	int experts = 0, with_doc = 0;
	size_t i, j;
	json_t *it, *r;
	json_array_foreach(json_object_get(rep, "items"), i, it) {
		assert_true(num(it, "days_left") >= 0 && num(it, "days_left") <= 3 * 366);
		assert_true(json_array_size(json_object_get(it, "reasons")) > 0);
		json_array_foreach(json_object_get(it, "reasons"), j, r) {
			if (!strcmp(json_string_value(json_object_get(r, "kind")), "expert")) {
				experts++;
				with_doc += num(r, "document_id") > 0;
			}
		}
	}
	assert_true(experts >= 2);
	assert_true(with_doc >= 1);
	assert_int_equal(num(rep, "total"), (long long)json_array_size(json_object_get(rep, "items")));
	json_decref(rep);
	assert_int_equal(h_db_number(srv, "SELECT count(*) FROM audit_events WHERE action = 'risk.view'", NULL, 0),
			 views + 1);
}

static void pages_and_csrf(void **state)
{
	(void)state;
	struct h_client *kmc = h_client_session(srv, H_COMMITTEE);
	h_get(kmc, "/experts");
	h_expect_page(kmc, 200, "บันทึกการถอดองค์ความรู้");
	h_get(kmc, "/experts/new");
	h_expect_page(kmc, 200, "ผู้เชี่ยวชาญ (ผู้ให้ความรู้)");
	h_get(kmc, "/reports/knowledge-at-risk?years=3");
	h_expect_page(kmc, 200, "รายงานความรู้ที่เสี่ยงสูญหาย");
	/* The executive's person is of the committee secretary's division. */
	long long expert = h_role_person(srv, H_EXECUTIVE), mine = h_role_person(srv, H_COMMITTEE);
	char form[1024], body[1200], path[96];
	snprintf(form, sizeof form,
		 "expert_person_id=%lld&topic=%%E0%%B8%%87%%E0%%B8%%B2%%E0%%B8%%99&date=2026-11-02"
		 "&key_tasks=%%E0%%B8%%87%%E0%%B8%%B2%%E0%%B8%%99",
		 expert);
	h_post_form(kmc, "/experts", form);
	assert_status(kmc, 403); /* no token */
	snprintf(body, sizeof body, "%s&_csrf=%s", form, kmc->csrf);
	h_post_form(kmc, "/experts", body);
	assert_status(kmc, 303);
	char loc[128];
	assert_non_null(h_header(kmc, "Location", loc, sizeof loc));
	long long id = strtoll(loc + strlen("/experts/"), NULL, 10);
	assert_true(id > 0);
	h_get(kmc, loc);
	h_expect_page(kmc, 200, "ยังไม่ได้รับความยินยอม");
	/* Oneself as the expert comes back on the form with the reason. */
	snprintf(body, sizeof body, "expert_person_id=%lld&topic=x&date=2026-11-02&_csrf=%s", mine, kmc->csrf);
	h_post_form(kmc, "/experts", body);
	h_expect_page(kmc, 400, "ผู้สัมภาษณ์และผู้เชี่ยวชาญต้องเป็นคนละคนกัน");
	/* The interviewer records the signed form; then the draft. */
	snprintf(path, sizeof path, "/experts/%lld/consent", id);
	snprintf(body, sizeof body, "consent_given=1&consent_note=%%E0%%B8%%A5%%E0%%B8%%87%%E0%%B8%%99%%E0%%B8%%B2%%E0%%B8%%A1&_csrf=%s",
		 kmc->csrf);
	h_post_form(kmc, path, body);
	assert_status(kmc, 303);
	h_get(kmc, loc);
	h_expect_page(kmc, 200, "สร้างร่างเอกสารความรู้ผู้เชี่ยวชาญ");
	snprintf(path, sizeof path, "/experts/%lld/document", id);
	h_post_form(kmc, path, "");
	assert_status(kmc, 403); /* no token */
	snprintf(body, sizeof body, "_csrf=%s", kmc->csrf);
	h_post_form(kmc, path, body);
	assert_status(kmc, 303);
	assert_non_null(h_header(kmc, "Location", loc, sizeof loc));
	assert_memory_equal(loc, "/docs/", 6);

	/* The API with the session cookie needs the token as a header. */
	snprintf(body, sizeof body, "{\"expert_person_id\":%lld,\"topic\":\"api\",\"date\":\"2026-11-03\"}", expert);
	h_post_json(kmc, "/api/v1/experts", body, NULL);
	assert_status(kmc, 403);
	char hdr[128];
	snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", kmc->csrf);
	const char *const headers[] = {hdr, NULL};
	h_post_json(kmc, "/api/v1/experts", body, headers);
	assert_status(kmc, 201);

	struct h_client *staff = h_client_session(srv, H_STAFF);
	h_get(staff, "/reports/knowledge-at-risk");
	assert_status(staff, 403);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/klang\n", argv[0]);
		return 2;
	}
	h_init(argv[1]);
	/* One demo server for the three tests. */
	srv = h_server_start(NULL);
	if (!srv)
		return 1;
	const struct CMUnitTest tests[] = {
		T(interview_consent_document),
		T(risk_report),
		T(pages_and_csrf),
	};
	int failed = cmocka_run_group_tests_name("expert", tests, NULL, NULL);
	return h_server_stop(srv) ? 1 : failed;
}
