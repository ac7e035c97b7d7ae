/* HTTP tests of attachments: uploads of every accepted type, bad uploads
 * (wrong bytes for the name, oversized, a zip bomb, path tricks) answered
 * with a clear 4xx and nothing stored, and downloads checked per document
 * (another unit's unit-only file is 404). The real binary on loopback; the
 * document is published through the workflow (h_publish). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "support/support.h"

static struct h_server *srv;
static char head_token[H_SECRET_MAX], other_token[H_SECRET_MAX];
static long long doc_id;

/* Files under the server's blob store. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char p[1024];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) == 0)
			n += S_ISDIR(st.st_mode) ? count_files(p) : 1;
	}
	closedir(d);
	return n;
}

static int stored(void)
{
	char dir[400];
	snprintf(dir, sizeof dir, "%s/files", srv->data);
	return count_files(dir);
}

static struct h_client *bot(const char *token)
{
	return h_client_bearer(srv, token);
}

/* POST a multipart body with one file field. */
static long upload(struct h_client *c, long long doc, const char *filename, const void *data, size_t len)
{
	struct h_buf b = {0};
	char path[128], ctype[128];
	h_multipart(&b, ctype, sizeof ctype, NULL, "file", filename, data, len);
	snprintf(path, sizeof path, "/api/v1/documents/%lld/attachments", doc);
	long st = h_request(c, "POST", path, ctype, b.p, b.len, NULL);
	h_buf_release(&b);
	return st;
}

static const char content_types[] =
	"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
	"wordprocessingml.document.main+xml\"/></Types>";
static const char document_xml[] =
	"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:body><w:p><w:r><w:t>คู่มือการรับเรื่องร้องเรียน</w:t></w:r></w:p></w:body></w:document>";

static int setup(void **state)
{
	(void)state;
	srv = h_server_start((const char *const[]){"--max_upload_mib=2", NULL});
	if (!srv || h_token_create(srv, "unithead", head_token, sizeof head_token) ||
	    h_cli(srv, NULL, NULL, "user", "add", "outsider", "--role", "staff", NULL) != 0 ||
	    h_token_create(srv, "outsider", other_token, sizeof other_token))
		return -1;
	/* A unit-only manual of the unit head's division, published through
	 * the review and approval workflow. */
	struct h_client *c = bot(head_token);
	h_get(c, "/api/v1/me");
	json_t *me = h_json(c);
	long long unit = json_integer_value(json_object_get(json_object_get(me, "person"), "unit_id"));
	json_decref(me);
	char body[512];
	snprintf(body, sizeof body,
		 "{\"title\":\"คู่มือเฉพาะหน่วยงาน\",\"kind\":\"manual\",\"unit_id\":%lld,\"visibility\":\"unit\"}", unit);
	if (h_post_json(c, "/api/v1/documents", body, NULL) != 201)
		return -1;
	json_t *made = h_json(c);
	doc_id = json_integer_value(json_object_get(made, "id"));
	json_decref(made);
	h_client_free(c);
	return h_publish(srv, doc_id) == 200 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return h_server_stop(srv) == 0 ? 0 : -1;
}

static void every_accepted_type_uploads(void **state)
{
	(void)state;
	struct h_client *c = bot(head_token);
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
					    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0,
					    'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	const struct test_zent docx_entries[] = {{"[Content_Types].xml", content_types, sizeof content_types - 1, false},
						 {"word/document.xml", document_xml, sizeof document_xml - 1, false}};
	size_t docx_len;
	void *docx = test_zip(docx_entries, 2, &docx_len);
	/* A PDF: the server's own export of the document. */
	char path[128];
	snprintf(path, sizeof path, "/api/v1/documents/%lld/export?format=pdf", doc_id);
	assert_int_equal(h_get(c, path), 200);
	size_t pdf_len = c->body.len;
	char *pdf = malloc(pdf_len);
	memcpy(pdf, c->body.p, pdf_len);
	struct {
		const char *name;
		const void *data;
		size_t len;
		const char *kind;
	} files[] = {
		{"ภาพประกอบ.png", png, sizeof png, "png"},
		{"คู่มือ.docx", docx, docx_len, "docx"},
		{"คู่มือ.pdf", pdf, pdf_len, "pdf"},
		{"บันทึก.txt", "ข้อความภาษาไทย\n", strlen("ข้อความภาษาไทย\n"), "text"},
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		assert_int_equal(upload(c, doc_id, files[i].name, files[i].data, files[i].len), 201);
		json_t *a = h_json(c);
		assert_string_equal(json_string_value(json_object_get(a, "kind")), files[i].kind);
		assert_int_equal(strlen(json_string_value(json_object_get(a, "sha256"))), 64);
		/* Download: the same bytes, a Thai name in filename*. */
		snprintf(path, sizeof path, "/api/v1/attachments/%lld", (long long)json_integer_value(json_object_get(a, "id")));
		json_decref(a);
		assert_int_equal(h_get(c, path), 200);
		assert_int_equal(c->body.len, files[i].len);
		assert_memory_equal(c->body.p, files[i].data, files[i].len);
		char disp[512];
		assert_non_null(h_header(c, "Content-Disposition", disp, sizeof disp));
		assert_non_null(strstr(disp, "filename*=UTF-8''%E0%B8"));
	}
	free(docx);
	free(pdf);
	h_client_free(c);
}

static void bad_uploads_are_refused_and_store_nothing(void **state)
{
	(void)state;
	struct h_client *c = bot(head_token);
	int before = stored();
	/* PNG bytes named .pdf. */
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
	assert_int_equal(upload(c, doc_id, "report.pdf", png, sizeof png), 400);
	json_t *e = h_json(c);
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "error"), "code")), "invalid");
	assert_non_null(json_string_value(json_object_get(json_object_get(e, "error"), "message_th")));
	json_decref(e);
	/* An executable named .pdf. */
	static const char exe[] = "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 this program";
	assert_int_equal(upload(c, doc_id, "manual.pdf", exe, sizeof exe - 1), 400);
	/* Over max_upload_mib (2 MiB here). */
	size_t big = (size_t)3 << 20;
	char *blob = malloc(big);
	memset(blob, 'a', big);
	assert_int_equal(upload(c, doc_id, "big.txt", blob, big), 413);
	free(blob);
	/* A zip bomb dressed as a DOCX: 64 MB of zeros in a small zip. */
	size_t zeros_len = (size_t)64 << 20;
	const struct test_zent bomb_entries[] = {{"[Content_Types].xml", content_types, sizeof content_types - 1, false},
						 {"word/document.xml", NULL, zeros_len, false}};
	size_t bomb_len;
	void *bomb = test_zip(bomb_entries, 2, &bomb_len);
	assert_true(bomb_len < ((size_t)2 << 20));
	long st = upload(c, doc_id, "bomb.docx", bomb, bomb_len);
	assert_true(st == 413 || st == 400);
	free(bomb);
	assert_int_equal(stored(), before);
	/* Path tricks in the name: stored under its last component only. */
	assert_int_equal(upload(c, doc_id, "../../etc/passwd.txt", "x\n", 2), 201);
	json_t *a = h_json(c);
	assert_string_equal(json_string_value(json_object_get(a, "filename")), "passwd.txt");
	json_decref(a);
	struct stat s;
	char outside[400];
	snprintf(outside, sizeof outside, "%s/../etc/passwd.txt", srv->data);
	assert_int_not_equal(stat(outside, &s), 0);
	/* A malformed multipart body. */
	assert_int_equal(h_request(c, "POST", "/api/v1/documents/1/attachments",
				   "multipart/form-data; boundary=x", "garbage", 7, NULL), 400);
	h_client_free(c);
}

static void downloads_follow_the_document(void **state)
{
	(void)state;
	struct h_client *head = bot(head_token);
	assert_int_equal(upload(head, doc_id, "ลับเฉพาะหน่วย.txt", "เฉพาะหน่วยงาน\n", strlen("เฉพาะหน่วยงาน\n")), 201);
	json_t *a = h_json(head);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/attachments/%lld", (long long)json_integer_value(json_object_get(a, "id")));
	json_decref(a);
	assert_int_equal(h_get(head, path), 200);
	/* Another unit's staff: the file does not exist for them. */
	struct h_client *outsider = bot(other_token);
	assert_int_equal(h_get(outsider, path), 404);
	/* Nor may they attach to it. */
	assert_int_equal(upload(outsider, doc_id, "x.txt", "x\n", 2), 404);
	/* The public neither. */
	struct h_client *anon = h_client_new(srv);
	assert_int_equal(h_get(anon, path), 404);
	char page[128];
	snprintf(page, sizeof page, "/attachments/%lld/preview", (long long)0 + atoll(strrchr(path, '/') + 1));
	assert_int_equal(h_get(anon, page), 404);
	h_client_free(head);
	h_client_free(outsider);
	h_client_free(anon);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/klang\n", argv[0]);
		return 2;
	}
	h_init(argv[1]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_accepted_type_uploads),
		cmocka_unit_test(bad_uploads_are_refused_and_store_nothing),
		cmocka_unit_test(downloads_follow_the_document),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
