/*
 * test_report: the annual monitoring and evaluation report over HTTP, the
 * real binary on loopback with the demo organisation. The committee
 * generates a draft of FY 2566 (201), writes the narrative (PUT), the
 * report reads back as JSON with the KPIs and as a PDF; staff may read but
 * not generate; submitting (200) freezes it (a second submit is 409, an
 * edit 409); the list shows it; the pages render; the CLI writes the PDF
 * whose text (pdftotext when installed) holds the year in Thai digits, and
 * refuses xlsx with exit 2.
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
	h_client_free(page);
}

static void cli_writes_pdf(void **state)
{
	(void)state;
	char out[400];
	snprintf(out, sizeof out, "%s/report-2566.pdf", srv->root);
	assert_int_equal(h_cli(srv, NULL, NULL, "report", "--fy", "2566", "--format", "xlsx", "--out", out, NULL), 2);
	assert_int_equal(h_cli(srv, NULL, NULL, "report", "--fy", "2566", "--format", "pdf", "--out", out, NULL), 0);
	FILE *f = fopen(out, "rb");
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
		T(cli_writes_pdf),
	};
	return h_main(argc, argv, "report", tests, sizeof tests / sizeof tests[0], &srv);
}
