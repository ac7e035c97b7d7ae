/*
 * test_report: the annual monitoring and evaluation report over HTTP, the
 * real binary on loopback with the demo organisation. The committee
 * generates a draft of FY 2566 (201), writes the narrative (PUT), the
 * report reads back as JSON with the KPIs and as a PDF; staff may read but
 * not generate; submitting (200) freezes it (a second submit is 409, an
 * edit 409); the list shows it; the pages render; the report downloads
 * as XLSX; published on the portal it is read by anyone at
 * /public/reports/{id} (page, PDF, XLSX) and listed there, and withdrawn
 * it is gone; a draft is never public. The CLI writes the PDF whose text
 * (pdftotext when installed) holds the year in Thai digits, and the XLSX.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static struct h_server *srv;

static void api_generate_narrate_submit(void **state)
{
	(void)state;
	struct h_client *kmc = h_role_client(srv, H_COMMITTEE);
	struct h_client *staff = h_role_client(srv, H_STAFF);

	h_post_json(staff, "/api/v1/reports", "{\"fy\":2566}", NULL);
	assert_status(staff, 403);
	h_post_json(kmc, "/api/v1/reports", "{\"fy\":2566}", NULL);
	json_t *made = h_json_answer(kmc, 201);
	long long id = (long long)json_integer_value(json_object_get(made, "id"));
	json_decref(made);
	assert_true(id > 0);

	char path[96];
	snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
	h_put_json(kmc, path, "{\"problems\":\"บุคลากรมีภารกิจมาก\",\"proposals\":\"จัดเวทีทุกไตรมาส\"}", NULL);
	assert_status(kmc, 200);
	h_get(staff, path);
	json_t *r = h_json_answer(staff, 200);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "draft");
	assert_string_equal(json_string_value(json_object_get(r, "problems")), "บุคลากรมีภารกิจมาก");
	json_t *kpis = json_object_get(json_object_get(r, "data"), "kpis");
	assert_int_equal(json_array_size(kpis), 3);
	json_decref(r);

	snprintf(path, sizeof path, "/api/v1/reports/%lld?format=pdf", id);
	h_get(staff, path);
	assert_status(staff, 200);
	char ctype[128];
	assert_non_null(h_header(staff, "Content-Type", ctype, sizeof ctype));
	assert_non_null(strstr(ctype, "application/pdf"));
	assert_true(staff->body.len > 1000);
	assert_memory_equal(staff->body.p, "%PDF", 4);

	snprintf(path, sizeof path, "/api/v1/reports/%lld/submit", id);
	h_post_json(staff, path, "{}", NULL);
	assert_status(staff, 403);
	h_post_json(kmc, path, "{}", NULL);
	assert_status(kmc, 200);
	h_post_json(kmc, path, "{}", NULL);
	assert_status(kmc, 409);
	snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
	h_put_json(kmc, path, "{\"problems\":\"x\"}", NULL);
	assert_status(kmc, 409);
	h_get(kmc, path);
	r = h_json_answer(kmc, 200);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "submitted");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "data"), "proposals")),
			    "จัดเวทีทุกไตรมาส");
	json_decref(r);

	h_get(staff, "/api/v1/reports?fy=2566");
	json_t *list = h_json_answer(staff, 200);
	assert_true(json_array_size(json_object_get(list, "items")) >= 1);
	json_decref(list);

	/* the pages */
	struct h_client *page = h_client_new(srv);
	assert_true(h_login_role(page, H_COMMITTEE));
	h_get(page, "/reports?fy=2566");
	h_expect_page(page, 200, "จัดทำรายงาน");
	snprintf(path, sizeof path, "/reports/%lld", id);
	h_get(page, path);
	h_expect_page(page, 200, "จัดเวทีทุกไตรมาส");
	h_expect_page(page, 200, "เผยแพร่ต่อสาธารณะ");
	h_client_free(page);

	/* XLSX */
	snprintf(path, sizeof path, "/api/v1/reports/%lld?format=xlsx", id);
	h_get(staff, path);
	assert_status(staff, 200);
	assert_non_null(h_header(staff, "Content-Type", ctype, sizeof ctype));
	assert_non_null(strstr(ctype, "spreadsheetml"));
	assert_true(staff->body.len > 1000);
	assert_memory_equal(staff->body.p, "PK\x03\x04", 4);
}

/* Disclosure on the public portal (ITA): a submitted report at a stable
 * address, readable without a login; a draft never. */
static void published_on_portal(void **state)
{
	(void)state;
	struct h_client *kmc = h_role_client(srv, H_COMMITTEE);
	struct h_client *staff = h_role_client(srv, H_STAFF);
	struct h_client *anon = h_client_new(srv);
	long long draft = 0, id = 0;
	for (int i = 0; i < 2; i++) {
		h_post_json(kmc, "/api/v1/reports", "{\"fy\":2565}", NULL);
		json_t *made = h_json_answer(kmc, 201);
		(i ? &draft : &id)[0] = (long long)json_integer_value(json_object_get(made, "id"));
		json_decref(made);
	}
	char path[96], pub[96];
	snprintf(path, sizeof path, "/api/v1/reports/%lld/publish", id);
	h_post_json(kmc, path, "{\"public\":true}", NULL);
	assert_status(kmc, 409); /* a draft */
	snprintf(path, sizeof path, "/api/v1/reports/%lld/submit", id);
	h_post_json(kmc, path, "{}", NULL);
	assert_status(kmc, 200);
	snprintf(pub, sizeof pub, "/public/reports/%lld", id);
	h_get(anon, pub);
	assert_status(anon, 404);
	snprintf(path, sizeof path, "/api/v1/reports/%lld/publish", id);
	h_post_json(staff, path, "{\"public\":true}", NULL);
	assert_status(staff, 403);
	h_post_json(kmc, path, "{\"public\":true}", NULL);
	json_t *a = h_json_answer(kmc, 200);
	assert_string_equal(json_string_value(json_object_get(a, "url")), pub);
	assert_true(json_is_integer(json_object_get(a, "published_at")));
	json_decref(a);

	h_get(anon, pub);
	h_expect_page(anon, 200, "รายงานผลการติดตามและประเมินผลการดำเนินงานตามแผนการจัดการความรู้");
	h_expect_page(anon, 200, "๒๕๖๕");
	assert_false(h_body_has(anon, "/submit"));
	assert_false(h_body_has(anon, "/publish"));
	char q[128];
	snprintf(q, sizeof q, "%s?format=pdf", pub);
	h_get(anon, q);
	assert_status(anon, 200);
	assert_memory_equal(anon->body.p, "%PDF", 4);
	snprintf(q, sizeof q, "%s?format=xlsx", pub);
	h_get(anon, q);
	assert_status(anon, 200);
	assert_memory_equal(anon->body.p, "PK\x03\x04", 4);
	snprintf(q, sizeof q, "/public/reports/%lld", draft);
	h_get(anon, q);
	assert_status(anon, 404);
	/* The portal lists it (to a logged-in reader: visitors' pages may be
	 * served from the portal's short public cache). */
	struct h_client *reader = h_client_session(srv, H_STAFF);
	h_get(reader, "/portal");
	h_expect_page(reader, 200, pub);
	h_expect_page(reader, 200, "แผนการจัดการความรู้ในองค์กร ประจำปีงบประมาณ 2564–2566");

	/* Withdrawn. */
	h_post_json(kmc, path, "{\"public\":false}", NULL);
	assert_status(kmc, 200);
	h_get(anon, pub);
	assert_status(anon, 404);
	h_client_free(anon);
}

static void cli_writes_pdf(void **state)
{
	(void)state;
	char out[400];
	snprintf(out, sizeof out, "%s/report-2566.pdf", srv->root);
	assert_int_equal(h_cli(srv, NULL, NULL, "report", "--fy", "2566", "--format", "docx", "--out", out, NULL), 2);
	assert_int_equal(h_cli(srv, NULL, NULL, "report", "--fy", "2566", "--format", "xlsx", "--out", out, NULL), 0);
	FILE *f = fopen(out, "rb");
	char pk[4] = {0};
	assert_non_null(f);
	assert_int_equal(fread(pk, 1, 4, f), 4);
	fclose(f);
	assert_memory_equal(pk, "PK\x03\x04", 4);
	assert_int_equal(h_cli(srv, NULL, NULL, "report", "--fy", "2566", "--format", "pdf", "--out", out, NULL), 0);
	f = fopen(out, "rb");
	assert_non_null(f);
	char head[5] = {0};
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_string_equal(head, "%PDF");
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_true(st.st_size > 5000);
	if (access("/usr/bin/pdftotext", X_OK) != 0)
		return;
	char cmd[1000], txt[420];
	snprintf(txt, sizeof txt, "%s.txt", out);
	snprintf(cmd, sizeof cmd, "/usr/bin/pdftotext -q '%s' '%s'", out, txt);
	assert_int_equal(system(cmd), 0);
	f = fopen(txt, "rb");
	assert_non_null(f);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = 0;
	assert_non_null(strstr(text, "๒๕๖๖"));
	assert_null(strstr(text, "2566"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(api_generate_narrate_submit),
		T(published_on_portal),
		T(cli_writes_pdf),
	};
	return h_main(argc, argv, "report", tests, sizeof tests / sizeof tests[0], &srv);
}
