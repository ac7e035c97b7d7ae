/* smtp: formatting one plain-text message and sending it through libcurl. */
#include "net/smtp.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include <curl/curl.h>

#include "core/utf8.h"

/* Header lines holding encoded words stay within this many characters
 * (RFC 2047 section 2); an encoded word itself is at most 75. */
#define LINE_SOFT 76
/* A header written as it is stays within 78 (RFC 5322 section 2.1.1). */
#define LINE_PLAIN 78
#define WORD_MAX 75
/* "=?UTF-8?B?" and "?=" */
#define WORD_OVERHEAD 12
/* Base64 body lines: 76 characters, 57 bytes of input each. */
#define BODY_LINE_BYTES 57

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void put_b64(struct buf *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63], '=', '='};
		if (i + 1 < n)
			q[2] = b64[v >> 6 & 63];
		if (i + 2 < n)
			q[3] = b64[v & 63];
		buf_append(b, q, 4);
	}
}

bool smtp_addr_valid(const char *addr)
{
	if (!addr)
		return false;
	size_t n = strlen(addr), at = 0, ats = 0;
	if (n == 0 || n > SMTP_ADDR_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)addr[i];
		if (c <= 0x20 || c >= 0x7F || strchr("()<>[]:;,\"\\", c))
			return false;
		if (c == '@') {
			ats++;
			at = i;
		}
	}
	return ats == 1 && at > 0 && at + 1 < n;
}

/* Printable ASCII that no reader could take for an encoded word. */
static bool plain_ascii(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] > 0x7E)
			return false;
		if (p[i] == '=' && i + 1 < n && p[i + 1] == '?')
			return false;
	}
	return true;
}

/* Checks one header text: UTF-8, and no CR or LF. */
static int check_text(const char *p, const char *field, const char *th, const char *en)
{
	size_t n = strlen(p);
	if (!utf8_valid_text(p, n) || memchr(p, '\r', n) || memchr(p, '\n', n))
		return err_fail(ERR_INVAL, field, th, en);
	return 0;
}

static size_t char_len(const char *p, size_t n)
{
	uint32_t cp;
	size_t k = utf8_decode(p, n, &cp);
	return k ? k : 1;
}

/* True if the character at p is a combining mark (Thai vowels and tone
 * marks above and below, or a Latin diacritic), which a reader showing
 * each encoded word on its own would leave without its base. */
static bool combining(const char *p, size_t n)
{
	uint32_t cp;
	if (utf8_decode(p, n, &cp) == 0)
		return false;
	return cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E) ||
	       (cp >= 0x0300 && cp <= 0x036F);
}

/*
 * Appends p[0..n) as RFC 2047 B words, the first starting at column `col`
 * of the current line and each next one on a continuation line. Each word
 * holds whole UTF-8 characters (the text is valid UTF-8), does not leave a
 * combining mark to start the next word when it can help it, and ends no
 * later than LINE_SOFT. Returns the column after the last word.
 */
static size_t put_words(struct buf *b, size_t col, const char *p, size_t n)
{
	size_t i = 0;
	bool first = true;
	while (first || i < n) {
		if (!first) {
			buf_puts(b, "\r\n ");
			col = 1;
		}
		size_t room = LINE_SOFT - col < WORD_MAX ? LINE_SOFT - col : WORD_MAX;
		size_t max = (room - WORD_OVERHEAD) / 4 * 3;
		/* take: whole characters that fit; best: the longest of those
		 * cuts that leaves no combining mark to start the next word. */
		size_t take = 0, best = 0;
		while (i + take < n) {
			size_t k = char_len(p + i + take, n - i - take);
			if (take + k > max)
				break;
			take += k;
			if (i + take == n || !combining(p + i + take, n - i - take))
				best = take;
		}
		if (best > 0)
			take = best;
		buf_puts(b, "=?UTF-8?B?");
		put_b64(b, (const unsigned char *)p + i, take);
		buf_puts(b, "?=");
		col += WORD_OVERHEAD + (take + 2) / 3 * 4;
		i += take;
		first = false;
	}
	return col;
}

/* "Name: text" for an unstructured header (Subject). */
static void put_unstructured(struct buf *b, const char *name, const char *text)
{
	size_t n = strlen(text), col = strlen(name) + 2;
	buf_printf(b, "%s: ", name);
	if (plain_ascii(text, n) && col + n <= LINE_PLAIN)
		buf_append(b, text, n);
	else
		put_words(b, col, text, n);
	buf_puts(b, "\r\n");
}

/* "From: " with the display name, if any, and the address. */
static void put_from(struct buf *b, const char *name, const char *addr)
{
	size_t alen = strlen(addr), col = 6;
	buf_puts(b, "From: ");
	if (!name || !*name) {
		buf_printf(b, "%s\r\n", addr);
		return;
	}
	size_t n = strlen(name), quoted = n + 2;
	for (size_t i = 0; i < n; i++)
		quoted += name[i] == '"' || name[i] == '\\';
	if (plain_ascii(name, n) && col + quoted + alen + 3 <= LINE_PLAIN) {
		buf_putc(b, '"');
		for (size_t i = 0; i < n; i++) {
			if (name[i] == '"' || name[i] == '\\')
				buf_putc(b, '\\');
			buf_putc(b, name[i]);
		}
		buf_printf(b, "\" <%s>\r\n", addr);
		return;
	}
	col = put_words(b, col, name, n);
	if (col + alen + 3 > LINE_SOFT)
		buf_printf(b, "\r\n <%s>\r\n", addr);
	else
		buf_printf(b, " <%s>\r\n", addr);
}

static int put_date(struct buf *b, int64_t now)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)now;
	struct tm tm;
	if ((int64_t)t != now || !gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1970 ||
	    tm.tm_year + 1900 > 9999)
		return err_fail(ERR_INVAL, "date", "วันที่ของอีเมลไม่ถูกต้อง",
		                "the message date is out of range");
	buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday],
	           tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	           tm.tm_sec);
	return 0;
}

static int put_message_id(struct buf *b, const char *from)
{
	unsigned char r[16];
	size_t got = 0;
	while (got < sizeof r) {
		ssize_t k = getrandom(r + got, sizeof r - got, 0);
		if (k <= 0)
			return err_fail(ERR_IO, NULL, "สร้างรหัสอีเมลไม่ได้",
			                "no random bytes for the Message-ID");
		got += (size_t)k;
	}
	buf_puts(b, "Message-ID: <");
	for (size_t i = 0; i < sizeof r; i++)
		buf_printf(b, "%02x", r[i]);
	buf_printf(b, "%s>\r\n", strchr(from, '@'));
	return 0;
}

/* The body with its line ends made CRLF, in base64 lines of 76 characters. */
static void put_body(struct buf *b, const char *p)
{
	unsigned char line[BODY_LINE_BYTES];
	size_t k = 0;
	for (size_t i = 0; p[i]; i++) {
		unsigned char out[2] = {(unsigned char)p[i], 0};
		size_t m = 1;
		if (p[i] == '\r' || p[i] == '\n') {
			out[0] = '\r';
			out[1] = '\n';
			m = 2;
			if (p[i] == '\r' && p[i + 1] == '\n')
				i++;
		}
		for (size_t j = 0; j < m; j++) {
			line[k++] = out[j];
			if (k == sizeof line) {
				put_b64(b, line, k);
				buf_puts(b, "\r\n");
				k = 0;
			}
		}
	}
	if (k > 0) {
		put_b64(b, line, k);
		buf_puts(b, "\r\n");
	}
}

int smtp_format(const struct smtp_settings *s, const struct smtp_message *m, int64_t now,
                struct buf *out)
{
	const char *subject = m->subject ? m->subject : "";
	const char *body = m->body ? m->body : "";
	if (!smtp_addr_valid(s->from))
		return err_fail(ERR_INVAL, "from", "ที่อยู่อีเมลผู้ส่งไม่ถูกต้อง",
		                "the sender's address is not a valid e-mail address");
	if (!smtp_addr_valid(m->to))
		return err_fail(ERR_INVAL, "to", "ที่อยู่อีเมลผู้รับไม่ถูกต้อง (ใส่ได้หนึ่งที่อยู่)",
		                "the recipient's address is not one valid e-mail address");
	int rc;
	if (s->from_name &&
	    (rc = check_text(s->from_name, "from_name",
	                     "ชื่อผู้ส่งต้องเป็นข้อความ UTF-8 บรรทัดเดียว",
	                     "the sender's name must be one line of UTF-8 text")) != 0)
		return rc;
	if ((rc = check_text(subject, "subject", "หัวเรื่องต้องเป็นข้อความ UTF-8 บรรทัดเดียว",
	                     "the subject must be one line of UTF-8 text")) != 0)
		return rc;
	if (!utf8_valid_text(body, strlen(body)))
		return err_fail(ERR_INVAL, "body", "เนื้อความต้องเป็นข้อความ UTF-8",
		                "the body must be UTF-8 text");

	if ((rc = put_date(out, now)) != 0)
		return rc;
	put_from(out, s->from_name, s->from);
	buf_printf(out, "To: %s\r\n", m->to);
	put_unstructured(out, "Subject", subject);
	if ((rc = put_message_id(out, s->from)) != 0)
		return rc;
	buf_puts(out, "Auto-Submitted: auto-generated\r\n"
	              "MIME-Version: 1.0\r\n"
	              "Content-Type: text/plain; charset=UTF-8\r\n"
	              "Content-Transfer-Encoding: base64\r\n"
	              "\r\n");
	put_body(out, body);
	if (buf_err(out) == ERR_TOOBIG)
		return err_fail(ERR_TOOBIG, "body", "อีเมลยาวเกินกำหนด", "the message is too large");
	if (buf_err(out))
		return err_fail(buf_err(out), NULL, "หน่วยความจำไม่พอ", "out of memory");
	return 0;
}

/* ---- sending ---- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc;

static void curl_init(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* One transfer: the message going up, and the server's last refusal. */
struct transfer {
	const char *msg;
	size_t len;
	size_t off;
	char refusal[256]; /* the last 4xx/5xx reply line, or "" */
};

static size_t read_message(char *dst, size_t size, size_t nitems, void *ud)
{
	struct transfer *t = ud;
	size_t n = size * nitems, left = t->len - t->off;
	if (n > left)
		n = left;
	memcpy(dst, t->msg + t->off, n);
	t->off += n;
	return n;
}

/* Keeps the server's replies: a 4xx/5xx line is remembered until a later
 * success (other than the 221 that answers QUIT) clears it. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *ud)
{
	struct transfer *t = ud;
	(void)h;
	if (type != CURLINFO_HEADER_IN || size < 3)
		return 0;
	if (data[0] == '4' || data[0] == '5') {
		size_t n = 0;
		for (size_t i = 0; i < size && n + 1 < sizeof t->refusal; i++) {
			if (data[i] == '\r' || data[i] == '\n')
				break;
			unsigned char c = (unsigned char)data[i];
			t->refusal[n++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
		}
		t->refusal[n] = 0;
	} else if ((data[0] == '2' || data[0] == '3') && memcmp(data, "221", 3) != 0) {
		t->refusal[0] = 0;
	}
	return 0;
}

static bool loopback_host(const char *host)
{
	char h[64];
	size_t n = strlen(host);
	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	if (n >= sizeof h)
		return false;
	memcpy(h, host, n);
	h[n] = 0;
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, h, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, h, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

/* Decides the TLS policy from the URL (see smtp.h); ERR_INVAL for a URL
 * that is not smtp:// or smtps://. */
static int tls_policy(const struct smtp_settings *s, long *use_ssl)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int rc = ERR_INVAL;
	if (!u)
		return err_fail(ERR_NOMEM, NULL, "หน่วยความจำไม่พอ", "out of memory");
	if (!s->url || curl_url_set(u, CURLUPART_URL, s->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	if (strcasecmp(scheme, "smtps") == 0) {
		*use_ssl = CURLUSESSL_ALL;
		rc = 0;
	} else if (strcasecmp(scheme, "smtp") == 0) {
		if (loopback_host(host))
			*use_ssl = CURLUSESSL_NONE;
		else
			*use_ssl = s->user && *s->user ? CURLUSESSL_ALL : CURLUSESSL_TRY;
		rc = 0;
	}
out:
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	if (rc != 0)
		return err_fail(ERR_INVAL, "smtp_url",
		                "ที่อยู่เซิร์ฟเวอร์อีเมลต้องขึ้นต้นด้วย smtp:// หรือ smtps://",
		                "the mail server URL must start with smtp:// or smtps://");
	return 0;
}

static void set_errbuf(char *errbuf, size_t errbuf_len, const char *what, const char *refusal)
{
	if (errbuf_len == 0)
		return;
	if (refusal && *refusal)
		snprintf(errbuf, errbuf_len, "%s (server: %s)", what, refusal);
	else
		snprintf(errbuf, errbuf_len, "%s", what);
}

int smtp_send(const struct smtp_settings *s, const struct smtp_message *m, char *errbuf,
              size_t errbuf_len)
{
	struct transfer t = {0};
	struct buf msg;
	struct curl_slist *rcpt = NULL;
	CURL *h = NULL;
	char cerr[CURL_ERROR_SIZE] = "";
	long use_ssl = CURLUSESSL_TRY;
	int rc;

	buf_init(&msg, SMTP_MESSAGE_MAX);
	set_errbuf(errbuf, errbuf_len, "", NULL);
	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK) {
		rc = err_fail(ERR_IO, NULL, "เริ่มระบบส่งอีเมลไม่ได้", "libcurl failed to initialise");
		set_errbuf(errbuf, errbuf_len, curl_easy_strerror(curl_init_rc), NULL);
		goto out;
	}
	if ((rc = tls_policy(s, &use_ssl)) != 0 || (rc = smtp_format(s, m, time(NULL), &msg)) != 0) {
		const struct err_detail *d = err_last();
		set_errbuf(errbuf, errbuf_len, d->msg_en ? d->msg_en : err_name(rc), NULL);
		goto out;
	}
	t.msg = buf_cstr(&msg);
	t.len = msg.len;

	h = curl_easy_init();
	rcpt = curl_slist_append(NULL, m->to);
	if (!h || !rcpt) {
		rc = err_fail(ERR_NOMEM, NULL, "หน่วยความจำไม่พอ", "out of memory");
		set_errbuf(errbuf, errbuf_len, "out of memory", NULL);
		goto out;
	}
	long timeout = s->timeout_ms > 0 ? s->timeout_ms : SMTP_TIMEOUT_DEFAULT_MS;
	CURLcode cc = CURLE_OK;
#define SET(opt, val) (cc = cc != CURLE_OK ? cc : curl_easy_setopt(h, opt, val))
	SET(CURLOPT_URL, s->url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	SET(CURLOPT_PROXY, "");
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_TIMEOUT_MS, timeout);
	SET(CURLOPT_USE_SSL, use_ssl);
	SET(CURLOPT_MAIL_FROM, s->from);
	SET(CURLOPT_MAIL_RCPT, rcpt);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_message);
	SET(CURLOPT_READDATA, &t);
	SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)t.len);
	SET(CURLOPT_ERRORBUFFER, cerr);
	SET(CURLOPT_DEBUGFUNCTION, on_debug);
	SET(CURLOPT_DEBUGDATA, &t);
	SET(CURLOPT_VERBOSE, 1L);
	if (s->user && *s->user) {
		SET(CURLOPT_USERNAME, s->user);
		SET(CURLOPT_PASSWORD, s->password ? s->password : "");
	}
#undef SET
	if (cc == CURLE_OK)
		cc = curl_easy_perform(h);
	if (cc != CURLE_OK) {
		rc = err_fail(ERR_IO, NULL, "ส่งอีเมลไม่สำเร็จ: เซิร์ฟเวอร์อีเมลไม่รับหรือติดต่อไม่ได้",
		              "the e-mail could not be sent: the mail server refused it or could not be reached");
		set_errbuf(errbuf, errbuf_len, cerr[0] ? cerr : curl_easy_strerror(cc), t.refusal);
		goto out;
	}
	rc = 0;
	set_errbuf(errbuf, errbuf_len, "", NULL);
out:
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	buf_release(&msg);
	return rc;
}
