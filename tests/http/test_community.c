/*
 * test_community: communities of practice and mentoring over HTTP, the
 * real binary on loopback with the demo organisation. The API's shapes
 * (the demo's two communities, a board, a thread with its replies); who
 * creates (the committee, not staff); the board's permissions (everyone
 * of the organisation reads, members post, others are refused with 403;
 * the answer by the thread's author; a thread turned into a draft
 * document once); CSRF on the forms and on the API with a session cookie
 * (bearer tokens need none); a reply with a file through the page and the
 * file served back; the pages themselves; and the privacy of a mentoring
 * pair's log.
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

static struct {
	struct h_server *srv;
	long long account[H_NROLES]; /* each demo role's account id */
} S;

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_test_setup, h_test_teardown)

static const char *str_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static long long int_of(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static struct h_client *bearer(enum h_role r)
{
	return h_client_bearer(S.srv, h_role_token(S.srv, r));
}

#define get_json(c, path, status) (h_get((c), (path)), h_json_answer((c), (status)))

/* POSTs `o` (stolen) as c and returns the answer's JSON, checked for
 * `status`. */
static json_t *post_json(struct h_client *c, const char *path, json_t *o, long status)
{
	h_send_json(c, "POST", path, o);
	return h_json_answer(c, status);
}

/* A new community made by the committee through the API, facilitated by
 * `facilitator`; its id. */
static long long community_new(const char *name, enum h_role facilitator)
{
	struct h_client *kmc = bearer(H_COMMITTEE);
	json_t *v = post_json(kmc, "/api/v1/communities",
			      json_pack("{s:s, s:s, s:I}", "name", name, "description", "ทดสอบผ่าน HTTP",
					"facilitator_account_id", (json_int_t)S.account[facilitator]),
			      201);
	long long id = int_of(v, "id");
	assert_true(id > 0);
	assert_string_equal(str_of(v, "name"), name);
	json_decref(v);
	h_client_free(kmc);
	return id;
}

static long long thread_new(struct h_client *c, long long community, const char *title, const char *body)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/communities/%lld/threads", community);
	json_t *v = post_json(c, path, json_pack("{s:s, s:s}", "title", title, "body_md", body), 201);
	long long id = int_of(v, "id");
	json_decref(v);
	assert_true(id > 0);
	return id;
}

static void join(struct h_client *c, long long community)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/communities/%lld/members", community);
	json_decref(post_json(c, path, json_object(), 201));
}

/* 1. The API's shapes on the demo's communities */

static void demo_communities_in_the_api(void **state)
{
	(void)state;
	struct h_client *staff = bearer(H_STAFF);
	json_t *v = get_json(staff, "/api/v1/communities", 200);
	assert_int_equal(int_of(v, "total"), 2);
	json_t *items = json_object_get(v, "items");
	assert_int_equal(json_array_size(items), 2);
	long long with_answer = 0;
	size_t i;
	json_t *c;
	json_array_foreach(items, i, c) {
		assert_true(str_of(c, "name") && str_of(c, "facilitator_name")[0]);
		assert_true(json_is_true(json_object_get(c, "active")));
		assert_true(json_is_true(json_object_get(c, "is_member")));
		assert_true(int_of(c, "member_count") >= 5);
		char path[96];
		snprintf(path, sizeof path, "/api/v1/communities/%lld/threads", int_of(c, "id"));
		json_t *threads = get_json(staff, path, 200);
		assert_true(int_of(threads, "total") >= 2);
		size_t j;
		json_t *t;
		json_array_foreach(json_object_get(threads, "items"), j, t) {
			if (json_is_true(json_object_get(t, "answered")))
				with_answer = int_of(t, "id");
		}
		json_decref(threads);
	}
	json_decref(v);
	assert_true(with_answer > 0);
	/* The answered thread: its replies in order, the answer among them. */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/threads/%lld", with_answer);
	v = get_json(staff, path, 200);
	assert_non_null(strstr(str_of(v, "body_html"), "<p>"));
	json_t *answer = json_object_get(v, "answer");
	assert_non_null(answer);
	assert_int_equal(int_of(answer, "id"), int_of(v, "answer_reply_id"));
	assert_true(json_array_size(json_object_get(v, "replies")) >= 2);
	assert_true(json_is_true(json_object_get(v, "can_reply")));
	long long community = int_of(v, "community_id");
	json_decref(v);
	/* A community: members with the facilitator first, the meeting. */
	snprintf(path, sizeof path, "/api/v1/communities/%lld", community);
	v = get_json(staff, path, 200);
	json_t *first = json_array_get(json_object_get(v, "members"), 0);
	assert_string_equal(str_of(first, "role"), "facilitator");
	assert_int_equal(int_of(first, "account_id"), int_of(v, "facilitator_account_id"));
	assert_int_equal(int_of(v, "meeting_count"), 1);
	assert_true(json_is_integer(json_object_get(v, "issue_number")));
	json_decref(v);
	/* Paged replies. */
	snprintf(path, sizeof path, "/api/v1/threads/%lld/replies?per_page=1", with_answer);
	v = get_json(staff, path, 200);
	assert_int_equal(json_array_size(json_object_get(v, "items")), 1);
	assert_true(int_of(v, "total") >= 2);
	json_decref(v);
	/* The public: asked to log in; an unknown id: not found. */
	struct h_client *pub = h_client_new(S.srv);
	h_get(pub, "/api/v1/communities");
	h_expect_error(pub, 401, "unauthorized", NULL);
	h_get(staff, "/api/v1/communities/999999");
	h_expect_error(staff, 404, "not_found", NULL);
	h_get(staff, "/api/v1/threads/999999");
	h_expect_error(staff, 404, "not_found", NULL);
}

/* 2. Creating communities */

static void the_committee_creates_communities(void **state)
{
	(void)state;
	struct h_client *staff = bearer(H_STAFF), *kmc = bearer(H_COMMITTEE);
	h_send_json(staff, "POST", "/api/v1/communities", json_pack("{s:s}", "name", "ชุมชนของเจ้าหน้าที่"));
	h_expect_error(staff, 403, "forbidden", NULL);
	h_send_json(kmc, "POST", "/api/v1/communities", json_pack("{s:s}", "description", "ไม่มีชื่อ"));
	h_expect_error(kmc, 400, "invalid", "name");
	char name[700];
	for (int i = 0; i < 201; i++)
		memcpy(name + 3 * i, "ก", 3);
	name[3 * 201] = 0;
	h_send_json(kmc, "POST", "/api/v1/communities", json_pack("{s:s}", "name", name));
	h_expect_error(kmc, 413, "too_big", "name");
	long long id = community_new("ชุมชนทดสอบการสร้าง", H_COMMITTEE);
	h_send_json(kmc, "POST", "/api/v1/communities", json_pack("{s:s}", "name", "ชุมชนทดสอบการสร้าง"));
	h_expect_error(kmc, 409, "conflict", "name");
	/* The facilitator (here the committee) edits; a member does not. */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/communities/%lld", id);
	join(staff, id);
	h_send_json(staff, "PUT", path, json_pack("{s:s}", "description", "แก้โดยสมาชิก"));
	h_expect_error(staff, 403, "forbidden", NULL);
	h_send_json(kmc, "PUT", path, json_pack("{s:s, s:i}", "description", "คำอธิบายใหม่", "active", 1));
	json_t *v = h_json_answer(kmc, 200);
	assert_string_equal(str_of(v, "description"), "คำอธิบายใหม่");
	json_decref(v);
	assert_true(h_db_number(S.srv, "SELECT count(*) FROM audit_events WHERE action = 'community.create' AND target_id = ?1",
				NULL, id) == 1);
}

/* 3. The board: members post, others read and are refused */

static void members_post_others_are_refused(void **state)
{
	(void)state;
	long long c = community_new("ชุมชนทดสอบกระดาน", H_UNITHEAD);
	struct h_client *exec = bearer(H_EXECUTIVE), *staff = bearer(H_STAFF), *head = bearer(H_UNITHEAD);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/communities/%lld/threads", c);
	/* Not a member: reads the board, may not post. */
	json_t *v = get_json(exec, path, 200);
	assert_int_equal(int_of(v, "total"), 0);
	json_decref(v);
	h_send_json(exec, "POST", path, json_pack("{s:s, s:s}", "title", "หัวข้อ", "body_md", "ข้อความ"));
	h_expect_error(exec, 403, "forbidden", NULL);
	join(exec, c);
	long long t = thread_new(exec, c, "ขอแนวทางจัดซื้อวัสดุสำนักงาน", "ใครเคยทำบ้างครับ @unithead");
	/* A non-member replies: refused; after joining: done. */
	char replies[96];
	snprintf(replies, sizeof replies, "/api/v1/threads/%lld/replies", t);
	h_send_json(staff, "POST", replies, json_pack("{s:s}", "body_md", "ตอบ"));
	h_expect_error(staff, 403, "forbidden", NULL);
	join(staff, c);
	v = post_json(staff, replies, json_pack("{s:s}", "body_md", "ใช้วิธีเฉพาะเจาะจงได้ถ้าวงเงินไม่เกินเกณฑ์"), 201);
	long long r = int_of(v, "id");
	json_decref(v);
	h_send_json(staff, "POST", replies, json_pack("{s:s}", "body_md", ""));
	h_expect_error(staff, 400, "invalid", "body_md");
	/* The answer: the author's (or the facilitator's) to choose. */
	char answer[96];
	snprintf(answer, sizeof answer, "/api/v1/threads/%lld/answer", t);
	h_send_json(staff, "POST", answer, json_pack("{s:I}", "reply_id", (json_int_t)r));
	h_expect_error(staff, 403, "forbidden", NULL);
	v = post_json(exec, answer, json_pack("{s:I}", "reply_id", (json_int_t)r), 200);
	assert_int_equal(int_of(v, "answer_reply_id"), r);
	json_decref(v);
	h_send_json(exec, "POST", answer, json_pack("{s:I}", "reply_id", (json_int_t)999999));
	h_expect_error(exec, 400, "invalid", "reply_id");
	/* The mention told the unit head; the reply told the author. */
	assert_true(h_db_number(S.srv,
				"SELECT count(*) FROM notifications n JOIN accounts a ON a.id = n.account_id"
				" WHERE a.login = ?1 AND n.kind = 'mention' AND n.text LIKE '%จัดซื้อวัสดุ%'",
				"unithead", 0) == 1);
	assert_true(h_db_number(S.srv,
				"SELECT count(*) FROM notifications n JOIN accounts a ON a.id = n.account_id"
				" WHERE a.login = ?1 AND n.kind = 'community' AND n.text LIKE '%จัดซื้อวัสดุ%'",
				"executive", 0) >= 1);
	/* A draft document from the thread, once. */
	char doc[96];
	snprintf(doc, sizeof doc, "/api/v1/threads/%lld/document", t);
	h_send_json(staff, "POST", doc, json_pack("{s:s}", "kind", "article"));
	h_expect_error(staff, 403, "forbidden", NULL);
	v = post_json(exec, doc, json_pack("{s:s}", "kind", "good_practice"), 201);
	long long d = int_of(v, "document_id");
	json_decref(v);
	assert_true(d > 0);
	h_send_json(exec, "POST", doc, json_object());
	h_expect_error(exec, 409, "conflict", NULL);
	h_send_json(head, "POST", doc, json_pack("{s:s}", "kind", "manual"));
	h_expect_error(head, 400, "invalid", "kind");
	char dpath[64];
	snprintf(dpath, sizeof dpath, "/api/v1/documents/%lld", d);
	v = get_json(exec, dpath, 200);
	assert_string_equal(str_of(v, "status"), "draft");
	assert_string_equal(str_of(v, "kind"), "good_practice");
	assert_non_null(strstr(str_of(v, "body_md"), "ใช้วิธีเฉพาะเจาะจง"));
	json_decref(v);
	/* Leaving: members may; the facilitator may not. */
	char member[96];
	snprintf(member, sizeof member, "/api/v1/communities/%lld/members/%lld", c, S.account[H_STAFF]);
	h_request(staff, "DELETE", member, NULL, NULL, 0, NULL);
	assert_status(staff, 204);
	h_send_json(staff, "POST", replies, json_pack("{s:s}", "body_md", "อีกครั้ง"));
	h_expect_error(staff, 403, "forbidden", NULL);
	snprintf(member, sizeof member, "/api/v1/communities/%lld/members/%lld", c, S.account[H_UNITHEAD]);
	h_request(head, "DELETE", member, NULL, NULL, 0, NULL);
	h_expect_error(head, 409, "conflict", NULL);
	/* A facilitator adds someone; a member may not. */
	snprintf(path, sizeof path, "/api/v1/communities/%lld/members", c);
	h_send_json(exec, "POST", path, json_pack("{s:I}", "account_id", (json_int_t)S.account[H_ADMIN]));
	h_expect_error(exec, 403, "forbidden", NULL);
	json_decref(post_json(head, path, json_pack("{s:I}", "account_id", (json_int_t)S.account[H_ADMIN]), 201));
	/* Meetings are the facilitator's to record. */
	snprintf(path, sizeof path, "/api/v1/communities/%lld/meetings", c);
	h_send_json(exec, "POST", path, json_pack("{s:s, s:s}", "date", "2026-11-20", "title", "ประชุม"));
	h_expect_error(exec, 403, "forbidden", NULL);
	h_send_json(head, "POST", path, json_pack("{s:s, s:s}", "date", "2026-13-01", "title", "ประชุม"));
	h_expect_error(head, 400, "invalid", "date");
	json_decref(post_json(head, path, json_pack("{s:s, s:s, s:i}", "date", "2026-11-20", "title", "ประชุมครั้งที่ 1",
						    "attendees", 9),
			      201));
}

/* 4. CSRF, the forms, and a file on a reply */

static void forms_need_csrf_and_carry_files(void **state)
{
	(void)state;
	long long c = community_new("ชุมชนทดสอบแบบฟอร์ม", H_UNITHEAD);
	struct h_client *staff = h_client_session(S.srv, H_STAFF);
	char path[96];
	snprintf(path, sizeof path, "/communities/%lld/join", c);
	static const char msg[] = "แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งจากหน้าของระบบ";
	h_post_form(staff, path, h_form(staff, "x", "1", NULL));
	h_expect_page(staff, 403, msg);
	h_post_form(staff, path, h_form(staff, "_csrf", staff->csrf, NULL));
	assert_status(staff, 303);
	/* A refused post shows the board again with what was typed. */
	char board[96];
	snprintf(board, sizeof board, "/communities/%lld/threads", c);
	h_post_form(staff, board, h_form(staff, "_csrf", staff->csrf, "title", "หัวข้อที่พิมพ์ไว้", "body_md", "", NULL));
	h_expect_page(staff, 400, "value=\"หัวข้อที่พิมพ์ไว้\"");
	assert_true(h_body_has(staff, "role=\"alert\""));
	/* The API with the session cookie needs the header. */
	char api[96];
	snprintf(api, sizeof api, "/api/v1/communities/%lld/threads", c);
	h_post_json(staff, api, "{\"title\":\"หัวข้อ\",\"body_md\":\"ข้อความ\"}", NULL);
	h_expect_error(staff, 403, "forbidden", "_csrf");
	long long t = thread_new(staff, c, "ขอแบบฟอร์มคำร้อง", "มีไฟล์ตัวอย่างไหมครับ");
	/* A reply with a file through the page's form (multipart). */
	char form[128], ctype[128];
	snprintf(form, sizeof form, "/communities/%lld/threads/%lld/replies", c, t);
	static const char text[] = "แบบคำร้องทั่วไป\nชื่อ-สกุล ....\n";
	struct h_buf b = {0};
	const char *const no_token[] = {"body_md", "แนบแบบฟอร์มให้แล้วครับ", NULL};
	h_multipart(&b, ctype, sizeof ctype, no_token, "file", "แบบคำร้อง.txt", text, strlen(text));
	h_request(staff, "POST", form, ctype, b.p, b.len, NULL);
	h_expect_page(staff, 403, msg);
	const char *const fields[] = {"_csrf", staff->csrf, "body_md", "แนบแบบฟอร์มให้แล้วครับ", NULL};
	h_multipart(&b, ctype, sizeof ctype, fields, "file", "แบบคำร้อง.txt", text, strlen(text));
	h_request(staff, "POST", form, ctype, b.p, b.len, NULL);
	h_buf_release(&b);
	assert_status(staff, 303);
	char where[256];
	assert_non_null(h_header(staff, "Location", where, sizeof where));
	assert_non_null(strstr(where, "#reply-"));
	/* The thread page links the file; it comes back as it went. */
	snprintf(form, sizeof form, "/communities/%lld/threads/%lld", c, t);
	h_get(staff, form);
	h_expect_page(staff, 200, "แบบคำร้อง.txt");
	const char *link = strstr(staff->body.p, "href=\"/community-files/");
	assert_non_null(link);
	long long fid = strtoll(link + strlen("href=\"/community-files/"), NULL, 10);
	char file[64], api_file[80];
	snprintf(file, sizeof file, "/community-files/%lld", fid);
	snprintf(api_file, sizeof api_file, "/api/v1/community-files/%lld", fid);
	assert_int_equal(h_get(staff, file), 200);
	struct h_client *exec = bearer(H_EXECUTIVE);
	assert_int_equal(h_get(exec, api_file), 200);
	assert_int_equal(exec->body.len, strlen(text));
	assert_int_equal(memcmp(exec->body.p, text, strlen(text)), 0);
	char hdr[256];
	assert_non_null(h_header(exec, "Content-Disposition", hdr, sizeof hdr));
	assert_non_null(strstr(hdr, "attachment"));
	assert_non_null(h_header(exec, "Content-Type", hdr, sizeof hdr));
	assert_non_null(strstr(hdr, "charset=utf-8"));
	struct h_client *pub = h_client_new(S.srv);
	assert_true(h_get(pub, file) != 200);
	h_get(pub, api_file);
	h_expect_error(pub, 401, "unauthorized", NULL);
	/* A thread of the community looked up under another community: not found. */
	snprintf(form, sizeof form, "/communities/%lld/threads/%lld", c + 100000, t);
	assert_int_equal(h_get(staff, form), 404);
	/* The answer from the form, by the author. */
	long long reply = h_db_number(S.srv, "SELECT max(id) FROM community_replies WHERE thread_id = ?1", NULL, t);
	char rid[24];
	snprintf(rid, sizeof rid, "%lld", reply);
	snprintf(form, sizeof form, "/communities/%lld/threads/%lld/answer", c, t);
	h_post_form(staff, form, h_form(staff, "reply_id", rid, NULL));
	h_expect_page(staff, 403, msg);
	h_post_form(staff, form, h_form(staff, "_csrf", staff->csrf, "reply_id", rid, NULL));
	assert_status(staff, 303);
	assert_int_equal(h_db_number(S.srv, "SELECT answer_reply_id FROM community_threads WHERE id = ?1", NULL, t), reply);
}

/* 5. The pages */

static void pages_show_the_board(void **state)
{
	(void)state;
	long long c = community_new("ชุมชนทดสอบหน้าเว็บ", H_UNITHEAD);
	struct h_client *head = bearer(H_UNITHEAD);
	long long t = thread_new(head, c, "หัวข้อ <b>ตัวหนา</b> ในหน้า", "ข้อความ **สำคัญ** <script>alert(1)</script>");
	struct h_client *exec = h_client_session(S.srv, H_EXECUTIVE);
	h_get(exec, "/communities");
	h_expect_page(exec, 200, "ชุมชนนักปฏิบัติงานบริการประชาชน (ศูนย์บริการร่วม)");
	assert_true(h_body_has(exec, "href=\"/communities\""));          /* the header's link */
	assert_false(h_body_has(exec, "action=\"/communities\""));       /* no create form for executives */
	char path[96];
	snprintf(path, sizeof path, "/communities/%lld", c);
	h_get(exec, path);
	h_expect_page(exec, 200, "เข้าร่วมชุมชน");
	assert_false(h_body_has(exec, "name=\"title\""));                /* no thread form for non-members */
	assert_true(h_body_has(exec, "หัวข้อ &lt;b&gt;ตัวหนา&lt;/b&gt; ในหน้า"));
	snprintf(path, sizeof path, "/communities/%lld/threads/%lld", c, t);
	h_get(exec, path);
	h_expect_page(exec, 200, "<strong>สำคัญ</strong>");
	assert_false(h_body_has(exec, "<script>alert(1)</script>"));
	assert_false(h_body_has(exec, "name=\"body_md\""));              /* no reply form */
	struct h_client *kmc = h_client_session(S.srv, H_COMMITTEE);
	h_get(kmc, "/communities");
	h_expect_page(kmc, 200, "ตั้งชุมชนนักปฏิบัติใหม่");
	/* The public is sent to log in. */
	struct h_client *pub = h_client_new(S.srv);
	assert_true(h_get(pub, "/communities") != 200);
	/* Mentoring pages. */
	struct h_client *staff = h_client_session(S.srv, H_STAFF);
	h_get(staff, "/mentoring");
	h_expect_page(staff, 200, "ระบบพี่เลี้ยง");
	const char *link = strstr(staff->body.p, "href=\"/mentoring/");
	assert_non_null(link);
	long long pair = strtoll(link + strlen("href=\"/mentoring/"), NULL, 10);
	snprintf(path, sizeof path, "/mentoring/%lld", pair);
	h_get(staff, path);
	h_expect_page(staff, 200, "ออกตรวจร้านอาหาร");
	h_get(kmc, path);
	h_expect_page(kmc, 200, "บันทึกการดูแลเป็นของพี่เลี้ยงและผู้รับการดูแลเท่านั้น");
	assert_false(h_body_has(kmc, "ออกตรวจร้านอาหาร"));
	assert_int_equal(h_get(exec, path), 404);
	/* Refused forms come back with what was typed and the reason. */
	char log[96];
	snprintf(log, sizeof log, "/mentoring/%lld/log", pair);
	h_post_form(staff, log, h_form(staff, "_csrf", staff->csrf, "date", "2026-11-20", "note", "  ", NULL));
	h_expect_page(staff, 400, "role=\"alert\"");
	struct h_client *uh = h_client_session(S.srv, H_UNITHEAD);
	snprintf(path, sizeof path, "/communities/%lld/meetings", c);
	h_post_form(uh, path, h_form(uh, "_csrf", uh->csrf, "date", "2026-11-20", "title", "", "notes_md",
				     "สรุปที่พิมพ์ไว้", NULL));
	h_expect_page(uh, 400, "สรุปที่พิมพ์ไว้</textarea>");
	assert_true(h_body_has(uh, "role=\"alert\""));
}

/* 6. Mentoring over the API */

static void mentoring_log_stays_with_the_pair(void **state)
{
	(void)state;
	struct h_client *staff = bearer(H_STAFF), *kmc = bearer(H_COMMITTEE), *exec = bearer(H_EXECUTIVE);
	json_t *v = get_json(staff, "/api/v1/mentoring", 200);
	assert_int_equal(int_of(v, "total"), 1);
	json_t *pair = json_array_get(json_object_get(v, "items"), 0);
	long long id = int_of(pair, "id");
	assert_string_equal(str_of(pair, "my_role"), "mentee");
	json_decref(v);
	v = get_json(exec, "/api/v1/mentoring", 200);
	assert_int_equal(int_of(v, "total"), 0);
	json_decref(v);
	char path[64], log[80];
	snprintf(path, sizeof path, "/api/v1/mentoring/%lld", id);
	snprintf(log, sizeof log, "/api/v1/mentoring/%lld/log", id);
	v = get_json(staff, path, 200);
	assert_true(json_array_size(json_object_get(v, "log")) >= 3);
	json_decref(v);
	v = get_json(kmc, path, 200);
	assert_null(json_object_get(v, "log"));
	assert_true(int_of(v, "log_count") >= 3);
	json_decref(v);
	h_get(exec, path);
	h_expect_error(exec, 404, "not_found", NULL);
	json_decref(post_json(staff, log, json_pack("{s:s, s:s}", "date", "2026-11-23", "note", "ตรวจเองครั้งแรก"), 201));
	h_send_json(kmc, "POST", log, json_pack("{s:s, s:s}", "date", "2026-11-23", "note", "ดูแล"));
	h_expect_error(kmc, 403, "forbidden", NULL);
	h_send_json(exec, "POST", log, json_pack("{s:s, s:s}", "date", "2026-11-23", "note", "ดูแล"));
	h_expect_error(exec, 404, "not_found", NULL);
	h_send_json(staff, "POST", log, json_pack("{s:s}", "date", "2026-11-23"));
	h_expect_error(staff, 400, "invalid", "note");
	/* Pairs are the committee's to arrange. */
	json_t *body = json_pack("{s:I, s:I, s:s, s:s}", "mentor_person_id", (json_int_t)1, "mentee_person_id",
				 (json_int_t)2, "start_date", "2026-10-01", "goals", "เรียนรู้งานสารบรรณ");
	h_send_json(staff, "POST", "/api/v1/mentoring", json_deep_copy(body));
	h_expect_error(staff, 403, "forbidden", NULL);
	v = post_json(kmc, "/api/v1/mentoring", body, 201);
	assert_string_equal(str_of(v, "goals"), "เรียนรู้งานสารบรรณ");
	long long made = int_of(v, "id");
	json_decref(v);
	snprintf(path, sizeof path, "/api/v1/mentoring/%lld", made);
	h_send_json(kmc, "PUT", path, json_pack("{s:i, s:s}", "active", 0, "end_date", "2026-11-30"));
	v = h_json_answer(kmc, 200);
	assert_false(json_is_true(json_object_get(v, "active")));
	json_decref(v);
}

static int setup(void **state)
{
	(void)state;
	S.srv = h_server_start(NULL);
	if (!S.srv)
		return -1;
	for (int r = H_STAFF; r < H_NROLES; r++) {
		struct h_client *c = h_client_bearer(S.srv, h_role_token(S.srv, (enum h_role)r));
		h_get(c, "/api/v1/me");
		json_t *me = h_json(c);
		S.account[r] = json_integer_value(json_object_get(me, "id"));
		json_decref(me);
		h_client_free(c);
		if (S.account[r] <= 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return S.srv && h_server_stop(S.srv) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/klang\n", argv[0]);
		return 2;
	}
	h_init(argv[1]);
	const struct CMUnitTest tests[] = {
		T(demo_communities_in_the_api),
		T(the_committee_creates_communities),
		T(members_post_others_are_refused),
		T(forms_need_csrf_and_carry_files),
		T(pages_show_the_board),
		T(mentoring_log_stays_with_the_pair),
	};
	return cmocka_run_group_tests_name("community", tests, setup, teardown);
}
