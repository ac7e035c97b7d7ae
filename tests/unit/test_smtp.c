/* Tests of net/smtp: the formatted message (headers, RFC 2047 words, base64
 * body, refusals of header injection) and sending to the test SMTP sink
 * (delivery, refusal, auth, a closed port, a silent server). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "net/smtp.h"
#include "support/smtp_sink.h"

static const struct smtp_settings base = {
	.url = "smtp://127.0.0.1:1",
	.from = "klang@example.go.th",
	.from_name = "ระบบคลังความรู้ กรมตัวอย่าง",
	.timeout_ms = 5000,
};

static const char body_th[] =
	"เรียน ผู้อำนวยการกอง\n"
	"\n"
	"เอกสาร \"คู่มือการจัดการความรู้ ประจำปีงบประมาณ ๒๕๖๙\" รอการอนุมัติจากท่าน\n"
	".บรรทัดที่ขึ้นต้นด้วยจุด\n"
	"ขอแสดงความนับถือ 📚";
/* The same with CRLF line ends, as the message carries it. */
static const char body_th_crlf[] =
	"เรียน ผู้อำนวยการกอง\r\n"
	"\r\n"
	"เอกสาร \"คู่มือการจัดการความรู้ ประจำปีงบประมาณ ๒๕๖๙\" รอการอนุมัติจากท่าน\r\n"
	".บรรทัดที่ขึ้นต้นด้วยจุด\r\n"
	"ขอแสดงความนับถือ 📚";

/* A Thai subject of more than 200 characters, mixed with ASCII so that
 * words break at every byte offset of a character. */
static char *long_subject(void)
{
	static const char part[] = "แจ้งเตือน KM: เอกสาร “คู่มือ” รอการอนุมัติ 📚 ";
	struct buf b;
	buf_init(&b, 4096);
	while (utf8_count(buf_cstr(&b), b.len) < 200)
		buf_puts(&b, part);
	buf_puts(&b, "จบ");
	size_t n;
	char *s = buf_take(&b, &n);
	assert_non_null(s);
	return s;
}

static char *format(const struct smtp_settings *s, const struct smtp_message *m, int64_t now)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	assert_int_equal(smtp_format(s, m, now, &b), 0);
	size_t n;
	char *r = buf_take(&b, &n);
	assert_non_null(r);
	return r;
}

/* Header `name` of raw, decoded, is `want`. */
static void expect_header(const char *raw, const char *name, const char *want)
{
	assert_non_null(raw);
	char *got = smtp_sink_header_decoded(raw, name);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void expect_body(const char *raw, const char *want)
{
	assert_non_null(raw);
	char *got = smtp_sink_body_decoded(raw);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* CRLF everywhere, no line over 998 bytes, header lines with encoded
 * words within 76, body lines of base64 exactly 76 but the last. */
static void check_lines(const char *raw)
{
	bool in_body = false;
	size_t last_body_len = 0, body_lines = 0;
	for (const char *p = raw; *p;) {
		const char *lf = strchr(p, '\n');
		assert_non_null(lf);
		assert_true(lf > p && lf[-1] == '\r');
		size_t len = (size_t)(lf - p) - 1;
		assert_null(memchr(p, '\r', len));
		assert_true(len <= 998);
		if (in_body) {
			if (body_lines > 0)
				assert_int_equal(last_body_len, 76);
			assert_true(len <= 76);
			last_body_len = len;
			body_lines++;
		} else if (len == 0) {
			in_body = true;
		} else {
			const char *w = strstr(p, "=?");
			if (w && w < lf)
				assert_true(len <= 76);
		}
		p = lf + 1;
	}
	assert_true(in_body);
}

/* Every encoded word in the headers: at most 75 characters, and its text
 * on its own is whole UTF-8 (no character split between two words) that
 * does not start with a Thai combining mark. */
static void check_words(const char *raw)
{
	const char *end = strstr(raw, "\r\n\r\n");
	const char *q;
	for (const char *p = strstr(raw, "=?"); p && p < end; p = strstr(q + 2, "=?")) {
		q = strstr(p + 10, "?=");
		assert_non_null(q);
		size_t len = (size_t)(q + 2 - p);
		assert_true(len <= 75);
		assert_memory_equal(p, "=?UTF-8?B?", 10);
		char one[128];
		snprintf(one, sizeof one, "X: %.*s\r\n\r\n", (int)len, p);
		char *text = smtp_sink_header_decoded(one, "X");
		assert_non_null(text);
		assert_true(strlen(text) > 0);
		assert_true(utf8_valid_text(text, strlen(text)));
		uint32_t cp;
		assert_true(utf8_decode(text, strlen(text), &cp) > 0);
		assert_false(cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) ||
		             (cp >= 0x0E47 && cp <= 0x0E4E)); /* no mark without its base */
		free(text);
	}
}

/* How many encoded words the header `name` (as "\r\nName:") holds. */
static int count_words(const char *raw, const char *name)
{
	const char *h = strstr(raw, name);
	assert_non_null(h);
	const char *e = strstr(h + 2, "\r\n");
	while (e && (e[2] == ' ' || e[2] == '\t'))
		e = strstr(e + 2, "\r\n");
	int n = 0;
	for (const char *p = strstr(h, "=?UTF-8?B?"); p && p < e; p = strstr(p + 2, "=?UTF-8?B?"))
		n++;
	return n;
}

static void format_thai(void **state)
{
	(void)state;
	char *subject = long_subject();
	struct smtp_message m = {.to = "somchai.j@example.go.th", .subject = subject, .body = body_th};
	char *raw = format(&base, &m, 1767225600); /* 2026-01-01 00:00:00 UTC, a Thursday */

	assert_non_null(strstr(raw, "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"));
	assert_true(strncmp(raw, "Date: ", 6) == 0);
	assert_non_null(strstr(raw, "\r\nTo: somchai.j@example.go.th\r\n"));
	assert_non_null(strstr(raw, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(raw, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(strstr(raw, "\r\nContent-Transfer-Encoding: base64\r\n"));
	assert_non_null(strstr(raw, "\r\nAuto-Submitted: auto-generated\r\n"));
	const char *mid = strstr(raw, "\r\nMessage-ID: <");
	assert_non_null(mid);
	mid += 15;
	for (int i = 0; i < 32; i++)
		assert_non_null(strchr("0123456789abcdef", mid[i]));
	assert_memory_equal(mid + 32, "@example.go.th>\r\n", 17);

	check_lines(raw);
	check_words(raw);
	assert_true(count_words(raw, "\r\nSubject:") >= 5);
	assert_true(count_words(raw, "\r\nFrom:") >= 1);

	expect_header(raw, "Subject", subject);
	expect_header(raw, "from", "ระบบคลังความรู้ กรมตัวอย่าง <klang@example.go.th>");
	expect_body(raw, body_th_crlf);

	/* A second call draws another Message-ID. */
	char *again = format(&base, &m, 1767225600);
	assert_string_not_equal(strstr(again, "Message-ID:"), strstr(raw, "Message-ID:"));
	free(again);
	free(raw);
	free(subject);
}

static void format_ascii_and_line_ends(void **state)
{
	(void)state;
	struct smtp_settings s = base;
	s.from_name = "Klang \"KM\" Robot";
	struct smtp_message m = {.to = "a@b.co", .subject = "Weekly report", .body = "a\nb\r\nc\rd\n"};
	char *raw = format(&s, &m, 1700000000); /* 2023-11-14 22:13:20 UTC */
	assert_non_null(strstr(raw, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
	assert_non_null(strstr(raw, "\r\nFrom: \"Klang \\\"KM\\\" Robot\" <klang@example.go.th>\r\n"));
	assert_non_null(strstr(raw, "\r\nSubject: Weekly report\r\n"));
	assert_null(strstr(raw, "=?"));
	check_lines(raw);
	expect_body(raw, "a\r\nb\r\nc\r\nd\r\n");
	free(raw);

	/* No display name; ASCII that looks like an encoded word is encoded;
	 * an empty subject and body. */
	s.from_name = NULL;
	m.subject = "=?UTF-8?B?eA==?= is literal";
	m.body = "";
	raw = format(&s, &m, 0);
	assert_non_null(strstr(raw, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	assert_non_null(strstr(raw, "\r\nFrom: klang@example.go.th\r\n"));
	expect_header(raw, "Subject", m.subject);
	check_lines(raw);
	assert_non_null(strstr(raw, "base64\r\n\r\n"));
	assert_int_equal(raw[strlen(raw) - 1], '\n');
	free(raw);

	/* A long ASCII subject is folded as encoded words too. */
	char longs[400];
	memset(longs, 'x', sizeof longs - 1);
	longs[sizeof longs - 1] = 0;
	m.subject = longs;
	raw = format(&s, &m, 0);
	check_lines(raw);
	expect_header(raw, "Subject", longs);
	free(raw);

	/* A message larger than the buffer's cap. */
	struct buf small;
	buf_init(&small, 200);
	assert_int_equal(smtp_format(&s, &m, 0, &small), ERR_TOOBIG);
	assert_int_equal(err_last()->code, ERR_TOOBIG);
	buf_release(&small);
}

static void expect_inval(const struct smtp_settings *s, const struct smtp_message *m,
                         const char *field)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	err_clear();
	assert_int_equal(smtp_format(s, m, 1767225600, &b), ERR_INVAL);
	const struct err_detail *d = err_last();
	assert_int_equal(d->code, ERR_INVAL);
	assert_non_null(d->field);
	assert_string_equal(d->field, field);
	assert_non_null(d->msg_th);
	assert_non_null(d->msg_en);
	buf_release(&b);
}

static void header_injection_refused(void **state)
{
	(void)state;
	struct smtp_message m = {.to = "a@b.co", .subject = "สวัสดี\r\nBcc: x@evil.example", .body = "x"};
	expect_inval(&base, &m, "subject");
	m.subject = "line\nBcc: x@evil.example";
	expect_inval(&base, &m, "subject");
	m.subject = "cr\ronly";
	expect_inval(&base, &m, "subject");
	m.subject = "\xe0\xb8"; /* a Thai character cut short */
	expect_inval(&base, &m, "subject");
	m.subject = "ok";
	m.body = "bad \xff byte";
	expect_inval(&base, &m, "body");
	m.body = "ok";

	struct smtp_settings s = base;
	s.from_name = "ชื่อ\r\nBcc: x@evil.example";
	expect_inval(&s, &m, "from_name");
	s = base;
	s.from = "klang@example.go.th\r\nBcc: x@evil.example";
	expect_inval(&s, &m, "from");
	s.from = "";
	expect_inval(&s, &m, "from");

	static const char *const bad_to[] = {
		"a@b.co,c@d.co", "a@b.co\r\nBcc: c@d.co", "a@b.co\n", "a b@c.co", "<a@b.co>",
		"Name <a@b.co>", "a@@b.co", "ab.co", "a@b@c.co", "@b.co", "a@", "",
		"a\"@b.co", "a;b@c.co", "a@b.co\t", "สมชาย@b.co",
	};
	for (size_t i = 0; i < sizeof bad_to / sizeof *bad_to; i++) {
		m.to = bad_to[i];
		expect_inval(&base, &m, "to");
		assert_false(smtp_addr_valid(bad_to[i]));
	}
	m.to = NULL;
	expect_inval(&base, &m, "to");

	char addr[300];
	memset(addr, 'a', sizeof addr);
	memcpy(addr + 254 - 7, "@b.co.t", 7);
	addr[254] = 0;
	assert_true(smtp_addr_valid(addr));
	memset(addr, 'a', sizeof addr);
	memcpy(addr + 255 - 7, "@b.co.t", 7);
	addr[255] = 0;
	assert_false(smtp_addr_valid(addr));
	assert_true(smtp_addr_valid("first.last+tag@sub.example.go.th"));
}

/* Settings pointing at 127.0.0.1:port, and the sink there if any. */
struct rig {
	struct smtp_sink *sink;
	char url[64];
	struct smtp_settings s;
};

static void rig_port(struct rig *r, int port)
{
	snprintf(r->url, sizeof r->url, "smtp://127.0.0.1:%d", port);
	r->s = base;
	r->s.url = r->url;
}

static void rig_start(struct rig *r, struct smtp_sink *sink)
{
	assert_non_null(sink);
	r->sink = sink;
	rig_port(r, smtp_sink_port(sink));
}

static void send_to_sink(void **state)
{
	(void)state;
	struct rig r;
	rig_start(&r, smtp_sink_start(250));
	struct smtp_sink *sink = r.sink;
	struct smtp_settings s = r.s;
	char *subject = long_subject();
	struct smtp_message m = {.to = "somchai.j@example.go.th", .subject = subject, .body = body_th};
	char err[256] = "unset";
	assert_int_equal(smtp_send(&s, &m, err, sizeof err), 0);
	assert_string_equal(err, "");

	assert_int_equal(smtp_sink_wait(sink, 1, 5000), 1);
	assert_string_equal(smtp_sink_mail_from(sink, 0), "klang@example.go.th");
	assert_int_equal(smtp_sink_rcpt_count(sink, 0), 1);
	assert_string_equal(smtp_sink_rcpt(sink, 0, 0), "somchai.j@example.go.th");
	assert_string_equal(smtp_sink_auth_user(sink, 0), "");
	size_t len;
	const char *raw = smtp_sink_data(sink, 0, &len);
	assert_non_null(raw);
	assert_int_equal(strlen(raw), len);
	check_lines(raw);
	expect_header(raw, "Subject", subject);
	expect_header(raw, "To", "somchai.j@example.go.th");
	expect_body(raw, body_th_crlf);
	assert_null(smtp_sink_data(sink, 1, NULL));

	smtp_sink_stop(sink);
	free(subject);
}

static void two_in_sequence(void **state)
{
	(void)state;
	struct rig r;
	rig_start(&r, smtp_sink_start(250));
	struct smtp_sink *sink = r.sink;
	struct smtp_settings s = r.s;
	struct smtp_message m1 = {.to = "one@example.go.th", .subject = "ฉบับที่หนึ่ง", .body = "หนึ่ง"};
	struct smtp_message m2 = {.to = "two@example.go.th", .subject = "ฉบับที่สอง", .body = "สอง"};
	char err[256];
	assert_int_equal(smtp_send(&s, &m1, err, sizeof err), 0);
	assert_int_equal(smtp_send(&s, &m2, err, sizeof err), 0);
	assert_int_equal(smtp_sink_wait(sink, 2, 5000), 2);
	assert_int_equal(smtp_sink_connections(sink), 2);
	assert_string_equal(smtp_sink_rcpt(sink, 0, 0), "one@example.go.th");
	assert_string_equal(smtp_sink_rcpt(sink, 1, 0), "two@example.go.th");
	expect_header(smtp_sink_data(sink, 1, NULL), "subject", "ฉบับที่สอง");
	expect_body(smtp_sink_data(sink, 0, NULL), "หนึ่ง");
	smtp_sink_stop(sink);
}

static void recipient_refused(void **state)
{
	(void)state;
	struct rig r;
	rig_start(&r, smtp_sink_start(550));
	struct smtp_sink *sink = r.sink;
	struct smtp_settings s = r.s;
	struct smtp_message m = {.to = "nobody@example.go.th", .subject = "ทดสอบ", .body = "x"};
	char err[256] = "";
	err_clear();
	assert_int_equal(smtp_send(&s, &m, err, sizeof err), ERR_IO);
	assert_non_null(strstr(err, "550"));
	assert_non_null(strstr(err, "recipient refused by smtp_sink"));
	assert_int_equal(err_last()->code, ERR_IO);
	assert_non_null(err_last()->msg_th);
	assert_int_equal(smtp_sink_count(sink), 0);

	/* A tiny errbuf is cut, still NUL-terminated; none at all is fine. */
	char tiny[8];
	memset(tiny, 'z', sizeof tiny);
	assert_int_equal(smtp_send(&s, &m, tiny, sizeof tiny), ERR_IO);
	assert_int_equal(strlen(tiny), sizeof tiny - 1);
	assert_int_equal(smtp_send(&s, &m, NULL, 0), ERR_IO);
	smtp_sink_stop(sink);
}

static void auth_plain(void **state)
{
	(void)state;
	struct rig r;
	rig_start(&r, smtp_sink_start_auth(250, "klang", "รหัส s3cret"));
	struct smtp_sink *sink = r.sink;
	struct smtp_settings s = r.s;
	s.user = "klang";
	s.password = "รหัส s3cret";
	struct smtp_message m = {.to = "a@example.go.th", .subject = "auth", .body = "x"};
	char err[256];
	assert_int_equal(smtp_send(&s, &m, err, sizeof err), 0);
	assert_int_equal(smtp_sink_wait(sink, 1, 5000), 1);
	assert_string_equal(smtp_sink_auth_user(sink, 0), "klang");

	s.password = "wrong";
	assert_int_equal(smtp_send(&s, &m, err, sizeof err), ERR_IO);
	assert_non_null(strstr(err, "535"));
	assert_null(strstr(err, "wrong"));
	s.user = NULL; /* no AUTH: the sink wants it before MAIL FROM */
	assert_int_equal(smtp_send(&s, &m, err, sizeof err), ERR_IO);
	assert_non_null(strstr(err, "530"));
	assert_int_equal(smtp_sink_count(sink), 1);
	smtp_sink_stop(sink);
}

/* Several threads sending at once (each its own curl handle; libcurl's
 * global initialisation happens once). */
struct sender {
	pthread_t thread;
	const struct smtp_settings *s;
	int id;
	int failures;
};

static void *send_two(void *arg)
{
	struct sender *w = arg;
	for (int i = 0; i < 2; i++) {
		char to[64], subject[64], err[256];
		snprintf(to, sizeof to, "t%d.%d@example.go.th", w->id, i);
		snprintf(subject, sizeof subject, "เรื่องที่ %d.%d", w->id, i);
		struct smtp_message m = {.to = to, .subject = subject, .body = "เนื้อความ"};
		if (smtp_send(w->s, &m, err, sizeof err) != 0)
			w->failures++;
	}
	return NULL;
}

static void concurrent_senders(void **state)
{
	(void)state;
	struct rig r;
	rig_start(&r, smtp_sink_start(250));
	struct smtp_sink *sink = r.sink;
	struct smtp_settings s = r.s;
	struct sender w[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct sender){.s = &s, .id = i};
		assert_int_equal(pthread_create(&w[i].thread, NULL, send_two, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(w[i].thread, NULL);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(smtp_sink_wait(sink, 8, 5000), 8);
	int seen = 0;
	for (int i = 0; i < 8; i++) {
		int id, k;
		assert_int_equal(sscanf(smtp_sink_rcpt(sink, i, 0), "t%d.%d@", &id, &k), 2);
		seen |= 1 << (id * 2 + k);
		char want[64];
		snprintf(want, sizeof want, "เรื่องที่ %d.%d", id, k);
		expect_header(smtp_sink_data(sink, i, NULL), "Subject", want);
	}
	assert_int_equal(seen, 0xFF);
	smtp_sink_stop(sink);
}

/* A loopback socket bound (and listening when asked) that never accepts. */
static int bound_socket(bool do_listen, int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	if (do_listen)
		assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void connection_refused(void **state)
{
	(void)state;
	int port;
	close(bound_socket(false, &port)); /* a port nobody listens on */
	struct rig r;
	rig_port(&r, port);
	struct smtp_settings s = r.s;
	s.timeout_ms = 2000;
	struct smtp_message m = {.to = "a@example.go.th", .subject = "x", .body = "x"};
	char err[256] = "";
	int64_t t0 = clock_mono_us();
	assert_int_equal(smtp_send(&s, &m, err, sizeof err), ERR_IO);
	assert_true(clock_mono_us() - t0 < 3000000);
	assert_true(strlen(err) > 0);
}

static void silent_server_times_out(void **state)
{
	(void)state;
	int port;
	int fd = bound_socket(true, &port); /* connects, never greets */
	struct rig r;
	rig_port(&r, port);
	struct smtp_settings s = r.s;
	s.timeout_ms = 500;
	struct smtp_message m = {.to = "a@example.go.th", .subject = "x", .body = "x"};
	char err[256] = "";
	int64_t t0 = clock_mono_us();
	assert_int_equal(smtp_send(&s, &m, err, sizeof err), ERR_IO);
	int64_t took = clock_mono_us() - t0;
	assert_true(took >= 400000 && took < 3000000);
	assert_non_null(strstr(err, "timed out"));
	close(fd);
}

static void refused_before_sending(void **state)
{
	(void)state;
	struct rig r;
	rig_start(&r, smtp_sink_start(250));
	struct smtp_sink *sink = r.sink;
	struct smtp_settings s = r.s;
	struct smtp_message m = {.to = "a@example.go.th", .subject = "x\r\nBcc: b@evil.example", .body = "x"};
	char err[256] = "";
	assert_int_equal(smtp_send(&s, &m, err, sizeof err), ERR_INVAL);
	assert_true(strlen(err) > 0);
	m.subject = "x";
	m.to = "a@example.go.th, b@evil.example";
	assert_int_equal(smtp_send(&s, &m, err, sizeof err), ERR_INVAL);

	static const char *const bad_urls[] = {"http://127.0.0.1:25", "file:///etc/passwd",
	                                       "127.0.0.1:25", "", NULL};
	m.to = "a@example.go.th";
	for (size_t i = 0; i < sizeof bad_urls / sizeof *bad_urls; i++) {
		s.url = bad_urls[i];
		err_clear();
		assert_int_equal(smtp_send(&s, &m, err, sizeof err), ERR_INVAL);
		assert_string_equal(err_last()->field, "smtp_url");
	}
	assert_int_equal(smtp_sink_connections(sink), 0);
	smtp_sink_stop(sink);
	smtp_sink_stop(NULL);
}

/* The sink undoes dot-stuffing and decodes Q words; checked with a message
 * libcurl sends as it is. */
struct upload {
	const char *p;
	size_t left;
};

static size_t read_upload(char *dst, size_t size, size_t n, void *ud)
{
	struct upload *u = ud;
	size_t k = size * n < u->left ? size * n : u->left;
	memcpy(dst, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

static void sink_dots_and_q_words(void **state)
{
	(void)state;
	static const char msg[] =
		"Subject: =?utf-8?q?caf=C3=A9_au?=\r\n"
		"  =?UTF-8?B?4Lij4Liw4Lia4Lia?= end\r\n"
		"Content-Transfer-Encoding: 8bit\r\n"
		"\r\n"
		".leading dot\r\n"
		"..two dots\r\n"
		"last\r\n";
	struct rig r;
	rig_start(&r, smtp_sink_start(250));
	struct smtp_sink *sink = r.sink;
	assert_int_equal(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK);
	CURL *h = curl_easy_init();
	assert_non_null(h);
	struct curl_slist *rcpt = curl_slist_append(NULL, "<x@example.go.th>");
	struct upload u = {msg, sizeof msg - 1};
	curl_easy_setopt(h, CURLOPT_URL, r.url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, "<y@example.go.th>");
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	assert_int_equal(curl_easy_perform(h), CURLE_OK);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	curl_global_cleanup();

	assert_int_equal(smtp_sink_wait(sink, 1, 5000), 1);
	assert_string_equal(smtp_sink_mail_from(sink, 0), "y@example.go.th");
	assert_string_equal(smtp_sink_rcpt(sink, 0, 0), "x@example.go.th");
	const char *raw = smtp_sink_data(sink, 0, NULL);
	assert_string_equal(raw, msg);
	expect_header(raw, "SUBJECT", "café auระบบ end");
	assert_null(smtp_sink_header_decoded(raw, "Subj"));
	assert_null(smtp_sink_header_decoded(raw, "From"));
	expect_body(raw, ".leading dot\r\n..two dots\r\nlast\r\n");
	smtp_sink_stop(sink);
}

/* A client that connects and says nothing neither blocks stopping nor
 * hangs the sink. */
static void sink_stops_with_idle_client(void **state)
{
	(void)state;
	struct smtp_sink *sink = smtp_sink_start(250);
	assert_non_null(sink);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	                        .sin_port = htons((uint16_t)smtp_sink_port(sink))};
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	char greeting[64] = "";
	assert_true(recv(fd, greeting, sizeof greeting - 1, 0) > 0);
	assert_memory_equal(greeting, "220 ", 4);
	assert_int_equal(smtp_sink_wait(sink, 1, 100), 0);
	int64_t t0 = clock_mono_us();
	smtp_sink_stop(sink);
	assert_true(clock_mono_us() - t0 < 1000000);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_thai),
		cmocka_unit_test(format_ascii_and_line_ends),
		cmocka_unit_test(header_injection_refused),
		cmocka_unit_test(send_to_sink),
		cmocka_unit_test(two_in_sequence),
		cmocka_unit_test(recipient_refused),
		cmocka_unit_test(concurrent_senders),
		cmocka_unit_test(auth_plain),
		cmocka_unit_test(connection_refused),
		cmocka_unit_test(silent_server_times_out),
		cmocka_unit_test(refused_before_sending),
		cmocka_unit_test(sink_dots_and_q_words),
		cmocka_unit_test(sink_stops_with_idle_client),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
