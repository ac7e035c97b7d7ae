/* smtp_sink: a recording SMTP server on loopback, and decoders for what it
 * records (see smtp_sink.h). */
#include "smtp_sink.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/str.h"

#define LINE_MAX_BYTES 4096
#define RCPT_MAX 100

struct sink_msg {
	char *auth_user;
	char *mail_from;
	char **rcpt;
	int nrcpt;
	char *data;
	size_t len;
};

struct smtp_sink {
	int fd;          /* the listening socket */
	int wake[2];     /* a byte written to wake[1] stops the thread */
	int port;
	int rcpt_code;
	char *user;      /* NULL: no AUTH offered */
	char *password;
	pthread_t thread;
	pthread_mutex_t mu; /* guards what follows */
	pthread_cond_t cv;  /* signalled when a message arrives */
	struct sink_msg *msgs;
	int n;
	int connections;
};

/* One client connection and its input buffer. */
struct conn {
	struct smtp_sink *s;
	int fd;
	char in[LINE_MAX_BYTES];
	size_t have;
};

/* ---- base64 ---- */

static int b64_val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decodes p[0..n) into out (room for n bytes), skipping white space and
 * stopping at '='. Returns the length, or -1 on a stray character. */
static long b64_decode(const char *p, size_t n, unsigned char *out)
{
	unsigned v = 0;
	int bits = 0;
	long len = 0;
	for (size_t i = 0; i < n && p[i] != '='; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')
			continue;
		int d = b64_val((unsigned char)p[i]);
		if (d < 0)
			return -1;
		v = (v << 6 | (unsigned)d) & 0xFFFFFF;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[len++] = (unsigned char)(v >> bits);
		}
	}
	return len;
}

/* ---- the connection ---- */

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is readable: 1, or 0 on timeout or a stop request. */
static int wait_readable(struct smtp_sink *s, int fd, int timeout_ms)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = s->wake[0], .events = POLLIN}};
	int64_t end = mono_ms() + timeout_ms;
	for (;;) {
		int64_t left = end - mono_ms();
		if (left <= 0)
			return 0;
		int r = poll(p, 2, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || p[1].revents)
			return 0;
		return 1;
	}
}

static void reply(struct conn *c, const char *text)
{
	size_t n = strlen(text), off = 0;
	while (off < n) {
		ssize_t k = send(c->fd, text + off, n - off, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;
		off += (size_t)k;
	}
}

/* Reads one line (through its LF) into line (NUL-terminated, CR LF kept).
 * Returns its length, or -1 on end of input, timeout, stop, or a line
 * longer than the buffer. */
static long read_line(struct conn *c, char *line)
{
	for (;;) {
		char *lf = memchr(c->in, '\n', c->have);
		if (lf) {
			size_t n = (size_t)(lf - c->in) + 1;
			memcpy(line, c->in, n);
			line[n] = 0;
			memmove(c->in, c->in + n, c->have - n);
			c->have -= n;
			return (long)n;
		}
		if (c->have == sizeof c->in)
			return -1;
		if (!wait_readable(c->s, c->fd, SMTP_SINK_IDLE_MS))
			return -1;
		ssize_t k = recv(c->fd, c->in + c->have, sizeof c->in - c->have, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c->have += (size_t)k;
	}
}

static void chomp(char *line)
{
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = 0;
}

/* The address between '<' and '>' after "FROM:" or "TO:", duplicated. */
static char *path_arg(const char *arg)
{
	const char *lt = strchr(arg, '<');
	const char *gt = lt ? strchr(lt, '>') : NULL;
	if (!lt || !gt)
		return NULL;
	return strndup(lt + 1, (size_t)(gt - lt - 1));
}

static void msg_free(struct sink_msg *m)
{
	free(m->auth_user);
	free(m->mail_from);
	for (int i = 0; i < m->nrcpt; i++)
		free(m->rcpt[i]);
	free(m->rcpt);
	free(m->data);
	*m = (struct sink_msg){0};
}

/* Hands a complete message over to the sink's list. */
static bool record(struct smtp_sink *s, struct sink_msg *m)
{
	bool ok = false;
	pthread_mutex_lock(&s->mu);
	if (s->n < SMTP_SINK_MSGS_MAX) {
		s->msgs[s->n++] = *m;
		*m = (struct sink_msg){0};
		ok = true;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return ok;
}

static bool same(const char *a, size_t alen, const char *b)
{
	return strlen(b) == alen && memcmp(a, b, alen) == 0;
}

/* AUTH PLAIN: base64 of "authzid NUL user NUL password", the authorisation
 * identity empty or the user itself. */
static bool plain_ok(struct smtp_sink *s, const char *b64, char **user_out)
{
	size_t n = strlen(b64);
	char *d = malloc(n + 1);
	long len = d ? b64_decode(b64, n, (unsigned char *)d) : -1;
	bool ok = false;
	char *nul1 = len > 0 ? memchr(d, 0, (size_t)len) : NULL;
	char *nul2 = nul1 ? memchr(nul1 + 1, 0, (size_t)(d + len - nul1 - 1)) : NULL;
	if (nul2) {
		size_t zlen = (size_t)(nul1 - d), ulen = (size_t)(nul2 - nul1 - 1);
		size_t plen = (size_t)(d + len - nul2 - 1);
		const char *user = nul1 + 1;
		ok = (zlen == 0 || (zlen == ulen && memcmp(d, user, ulen) == 0)) &&
		     same(user, ulen, s->user) && same(nul2 + 1, plen, s->password);
		if (ok)
			*user_out = strndup(user, ulen);
	}
	free(d);
	return ok;
}

/* Reads DATA up to the lone ".". Returns 1 with m->data set, 0 when the
 * message was too large (read to its end, not kept), -1 when the
 * connection ended. */
static int read_data(struct conn *c, struct sink_msg *m, char *line)
{
	size_t cap = 0, len = 0;
	char *data = NULL;
	bool over = false;
	for (;;) {
		long n = read_line(c, line);
		if (n < 0) {
			free(data);
			return -1;
		}
		if (strcmp(line, ".\r\n") == 0 || strcmp(line, ".\n") == 0)
			break;
		const char *p = line[0] == '.' ? line + 1 : line;
		size_t k = (size_t)n - (size_t)(p - line);
		if (over || len + k > SMTP_SINK_MSG_MAX) {
			over = true;
			continue;
		}
		if (len + k + 1 > cap) {
			size_t ncap = cap ? cap * 2 : 8192;
			while (ncap < len + k + 1)
				ncap *= 2;
			char *nd = realloc(data, ncap);
			if (!nd) {
				over = true;
				continue;
			}
			data = nd;
			cap = ncap;
		}
		memcpy(data + len, p, k);
		len += k;
	}
	if (over) {
		free(data);
		return 0;
	}
	if (!data)
		data = calloc(1, 1);
	else
		data[len] = 0;
	m->data = data;
	m->len = len;
	return data ? 1 : 0;
}

static void serve(struct conn *c)
{
	struct smtp_sink *s = c->s;
	struct sink_msg m = {0};
	char line[LINE_MAX_BYTES + 1], out[LINE_MAX_BYTES + 128];
	char *authed = NULL;
	bool have_from = false;

	reply(c, "220 127.0.0.1 smtp_sink ready\r\n");
	while (read_line(c, line) >= 0) {
		chomp(line);
		if (strncasecmp(line, "EHLO", 4) == 0) {
			reply(c, "250-127.0.0.1 smtp_sink\r\n250-8BITMIME\r\n");
			reply(c, s->user ? "250-AUTH PLAIN\r\n250 HELP\r\n" : "250 HELP\r\n");
		} else if (strncasecmp(line, "HELO", 4) == 0) {
			reply(c, "250 127.0.0.1 smtp_sink\r\n");
		} else if (strncasecmp(line, "AUTH PLAIN", 10) == 0 && s->user && !authed) {
			const char *ir = line + 10;
			while (*ir == ' ')
				ir++;
			if (!*ir) {
				reply(c, "334 \r\n");
				if (read_line(c, line) < 0)
					break;
				chomp(line);
				ir = line;
			}
			if (strcmp(ir, "*") == 0)
				reply(c, "501 5.7.0 authentication cancelled\r\n");
			else if (plain_ok(s, ir, &authed))
				reply(c, "235 2.7.0 authentication succeeded\r\n");
			else
				reply(c, "535 5.7.8 authentication credentials invalid\r\n");
		} else if (strncasecmp(line, "MAIL FROM:", 10) == 0) {
			char *from = path_arg(line + 10);
			if (s->user && !authed)
				reply(c, "530 5.7.0 authentication required\r\n");
			else if (!from)
				reply(c, "501 5.1.7 bad sender address syntax\r\n");
			else {
				msg_free(&m);
				m.mail_from = from;
				from = NULL;
				have_from = true;
				reply(c, "250 2.1.0 sender ok\r\n");
			}
			free(from);
		} else if (strncasecmp(line, "RCPT TO:", 8) == 0) {
			char *to = path_arg(line + 8);
			if (!have_from)
				reply(c, "503 5.5.1 MAIL first\r\n");
			else if (!to)
				reply(c, "501 5.1.3 bad recipient address syntax\r\n");
			else if (s->rcpt_code / 100 != 2) {
				snprintf(out, sizeof out, "%d %s <%s>: recipient refused by smtp_sink\r\n",
				         s->rcpt_code, s->rcpt_code / 100 == 4 ? "4.2.0" : "5.1.1", to);
				reply(c, out);
			} else if (m.nrcpt >= RCPT_MAX) {
				reply(c, "452 4.5.3 too many recipients\r\n");
			} else {
				char **r = realloc(m.rcpt, sizeof *r * (size_t)(m.nrcpt + 1));
				if (r) {
					m.rcpt = r;
					m.rcpt[m.nrcpt++] = to;
					to = NULL;
				}
				snprintf(out, sizeof out, "%d 2.1.5 recipient ok\r\n", s->rcpt_code);
				reply(c, r ? out : "452 4.3.1 out of memory\r\n");
			}
			free(to);
		} else if (strcasecmp(line, "DATA") == 0) {
			if (!have_from || m.nrcpt == 0) {
				reply(c, "503 5.5.1 no valid recipients\r\n");
				continue;
			}
			reply(c, "354 end data with <CR><LF>.<CR><LF>\r\n");
			int r = read_data(c, &m, line);
			if (r < 0)
				break;
			if (r == 0) {
				reply(c, "552 5.3.4 message too big\r\n");
			} else {
				m.auth_user = strdup(authed ? authed : "");
				reply(c, m.auth_user && record(s, &m) ? "250 2.0.0 queued\r\n"
				                                       : "452 4.3.1 storage full\r\n");
			}
			msg_free(&m);
			have_from = false;
		} else if (strcasecmp(line, "RSET") == 0) {
			msg_free(&m);
			have_from = false;
			reply(c, "250 2.0.0 ok\r\n");
		} else if (strncasecmp(line, "NOOP", 4) == 0) {
			reply(c, "250 2.0.0 ok\r\n");
		} else if (strcasecmp(line, "QUIT") == 0) {
			reply(c, "221 2.0.0 bye\r\n");
			break;
		} else if (strncasecmp(line, "AUTH", 4) == 0 || strncasecmp(line, "MAIL", 4) == 0 ||
		           strncasecmp(line, "RCPT", 4) == 0) {
			reply(c, "503 5.5.1 bad sequence of commands\r\n");
		} else {
			reply(c, "502 5.5.2 command not implemented\r\n");
		}
	}
	msg_free(&m);
	free(authed);
}

static void *sink_main(void *arg)
{
	struct smtp_sink *s = arg;
	struct conn *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	for (;;) {
		struct pollfd p[2] = {{.fd = s->fd, .events = POLLIN}, {.fd = s->wake[0], .events = POLLIN}};
		int r = poll(p, 2, -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || p[1].revents)
			break;
		int fd = accept(s->fd, NULL, NULL);
		if (fd < 0)
			continue;
		struct timeval tv = {.tv_sec = SMTP_SINK_IDLE_MS / 1000};
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		pthread_mutex_lock(&s->mu);
		s->connections++;
		pthread_mutex_unlock(&s->mu);
		c->s = s;
		c->fd = fd;
		c->have = 0;
		serve(c);
		close(fd);
	}
	free(c);
	return NULL;
}

/* ---- the sink ---- */

static struct smtp_sink *start(int rcpt_code, const char *user, const char *password)
{
	struct smtp_sink *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->fd = s->wake[0] = s->wake[1] = -1;
	s->rcpt_code = rcpt_code;
	s->msgs = calloc(SMTP_SINK_MSGS_MAX, sizeof *s->msgs);
	if (user) {
		s->user = strdup(user);
		s->password = strdup(password ? password : "");
	}
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	pthread_condattr_t ca;
	if (!s->msgs || (user && (!s->user || !s->password)) || pipe2(s->wake, O_CLOEXEC) != 0)
		goto fail;
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(s->fd, 16) != 0 || getsockname(s->fd, (struct sockaddr *)&a, &alen) != 0)
		goto fail;
	s->port = ntohs(a.sin_port);
	pthread_mutex_init(&s->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&s->thread, NULL, sink_main, s) != 0) {
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		goto fail;
	}
	return s;
fail:
	if (s->fd >= 0)
		close(s->fd);
	if (s->wake[0] >= 0) {
		close(s->wake[0]);
		close(s->wake[1]);
	}
	free(s->msgs);
	free(s->user);
	free(s->password);
	free(s);
	return NULL;
}

struct smtp_sink *smtp_sink_start(int rcpt_code)
{
	return start(rcpt_code, NULL, NULL);
}

struct smtp_sink *smtp_sink_start_auth(int rcpt_code, const char *user, const char *password)
{
	return user ? start(rcpt_code, user, password) : NULL;
}

int smtp_sink_port(const struct smtp_sink *s)
{
	return s->port;
}

int smtp_sink_wait(struct smtp_sink *s, int count, int timeout_ms)
{
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout_ms / 1000;
	end.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (end.tv_nsec >= 1000000000) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&s->mu);
	while (s->n < count) {
		if (pthread_cond_timedwait(&s->cv, &s->mu, &end) == ETIMEDOUT)
			break;
	}
	int n = s->n;
	pthread_mutex_unlock(&s->mu);
	return n;
}

int smtp_sink_count(struct smtp_sink *s)
{
	pthread_mutex_lock(&s->mu);
	int n = s->n;
	pthread_mutex_unlock(&s->mu);
	return n;
}

int smtp_sink_connections(struct smtp_sink *s)
{
	pthread_mutex_lock(&s->mu);
	int n = s->connections;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* Message i, or NULL; the slot never moves and is never changed once
 * recorded, so what it points to may be read after the lock is let go. */
static const struct sink_msg *msg_at(struct smtp_sink *s, int i)
{
	pthread_mutex_lock(&s->mu);
	const struct sink_msg *m = i >= 0 && i < s->n ? &s->msgs[i] : NULL;
	pthread_mutex_unlock(&s->mu);
	return m;
}

const char *smtp_sink_mail_from(struct smtp_sink *s, int i)
{
	const struct sink_msg *m = msg_at(s, i);
	return m ? m->mail_from : NULL;
}

int smtp_sink_rcpt_count(struct smtp_sink *s, int i)
{
	const struct sink_msg *m = msg_at(s, i);
	return m ? m->nrcpt : 0;
}

const char *smtp_sink_rcpt(struct smtp_sink *s, int i, int j)
{
	const struct sink_msg *m = msg_at(s, i);
	return m && j >= 0 && j < m->nrcpt ? m->rcpt[j] : NULL;
}

const char *smtp_sink_auth_user(struct smtp_sink *s, int i)
{
	const struct sink_msg *m = msg_at(s, i);
	return m ? m->auth_user : NULL;
}

const char *smtp_sink_data(struct smtp_sink *s, int i, size_t *len_out)
{
	const struct sink_msg *m = msg_at(s, i);
	if (len_out)
		*len_out = m ? m->len : 0;
	return m ? m->data : NULL;
}

void smtp_sink_stop(struct smtp_sink *s)
{
	if (!s)
		return;
	ssize_t k;
	do
		k = write(s->wake[1], "x", 1);
	while (k < 0 && errno == EINTR);
	pthread_join(s->thread, NULL);
	close(s->fd);
	close(s->wake[0]);
	close(s->wake[1]);
	for (int i = 0; i < s->n; i++)
		msg_free(&s->msgs[i]);
	free(s->msgs);
	free(s->user);
	free(s->password);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

/* ---- decoding what was received ---- */

/* The raw value of header `name` in raw's header section: *len_out bytes
 * from the returned pointer, folding included. NULL if absent. */
static const char *header_raw(const char *raw, const char *name, size_t *len_out)
{
	size_t nlen = strlen(name);
	const char *p = raw;
	while (*p && *p != '\r' && *p != '\n') {
		const char *eol = strchr(p, '\n');
		if (strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
			const char *v = p + nlen + 1, *e = v;
			for (;;) {
				const char *lf = strchr(e, '\n');
				if (!lf) {
					e += strlen(e);
					break;
				}
				e = lf + 1;
				if (*e != ' ' && *e != '\t')
					break;
			}
			*len_out = (size_t)(e - v);
			return v;
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	return NULL;
}

/* Decodes the encoded word at p (p[0..n) available) into *out, advancing
 * it. Returns the encoded word's length, or 0 if p holds none (or one in
 * a charset other than UTF-8 or US-ASCII). */
static size_t decode_word(const char *p, size_t n, char **out)
{
	if (n < 8 || p[0] != '=' || p[1] != '?')
		return 0;
	const char *cs = p + 2, *end = p + n;
	const char *q1 = memchr(cs, '?', (size_t)(end - cs));
	if (!q1 || q1 + 3 > end || q1[2] != '?')
		return 0;
	char enc = q1[1];
	const char *text = q1 + 3, *t = text;
	while (t + 1 < end && !(t[0] == '?' && t[1] == '=')) {
		if (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n' || *t == '?')
			return 0;
		t++;
	}
	if (t + 1 >= end)
		return 0;
	size_t cslen = (size_t)(q1 - cs);
	const char *star = memchr(cs, '*', cslen); /* RFC 2231 language */
	if (star)
		cslen = (size_t)(star - cs);
	if (!(cslen == 5 && strncasecmp(cs, "UTF-8", 5) == 0) &&
	    !(cslen == 8 && strncasecmp(cs, "US-ASCII", 8) == 0))
		return 0;
	size_t tlen = (size_t)(t - text);
	if (enc == 'B' || enc == 'b') {
		long k = b64_decode(text, tlen, (unsigned char *)*out);
		if (k < 0)
			return 0;
		*out += k;
	} else if (enc == 'Q' || enc == 'q') {
		for (size_t i = 0; i < tlen; i++) {
			int hi, lo;
			if (text[i] == '_') {
				*(*out)++ = ' ';
			} else if (text[i] == '=' && i + 2 < tlen && (hi = str_hexval(text[i + 1])) >= 0 &&
			           (lo = str_hexval(text[i + 2])) >= 0) {
				*(*out)++ = (char)(hi << 4 | lo);
				i += 2;
			} else {
				*(*out)++ = text[i];
			}
		}
	} else {
		return 0;
	}
	return (size_t)(t + 2 - p);
}

char *smtp_sink_header_decoded(const char *raw, const char *name)
{
	size_t n;
	const char *v = header_raw(raw, name, &n);
	if (!v)
		return NULL;
	/* u: the value unfolded (CR and LF dropped, the white space after them
	 * kept) and trimmed; res: the result; scratch: room to try a word. */
	char *u = malloc(n + 1), *res = malloc(n + 1), *scratch = malloc(n + 1);
	if (!u || !res || !scratch) {
		free(u);
		free(res);
		free(scratch);
		return NULL;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] != '\r' && v[i] != '\n')
			u[k++] = v[i];
	}
	while (k > 0 && (u[k - 1] == ' ' || u[k - 1] == '\t'))
		k--;
	size_t i = 0;
	while (i < k && (u[i] == ' ' || u[i] == '\t'))
		i++;
	char *o = res;
	bool after_word = false;
	while (i < k) {
		size_t w = decode_word(u + i, k - i, &o);
		if (w > 0) {
			i += w;
			after_word = true;
			continue;
		}
		if (after_word && (u[i] == ' ' || u[i] == '\t')) {
			/* White space between two encoded words is dropped. */
			size_t j = i;
			while (j < k && (u[j] == ' ' || u[j] == '\t'))
				j++;
			char *sp = scratch;
			if (j < k && decode_word(u + j, k - j, &sp) > 0) {
				i = j;
				continue;
			}
		}
		after_word = false;
		*o++ = u[i++];
	}
	*o = 0;
	free(u);
	free(scratch);
	return res;
}

char *smtp_sink_body_decoded(const char *raw)
{
	const char *sep = strstr(raw, "\r\n\r\n");
	const char *body = sep ? sep + 4 : NULL;
	const char *sep_lf = strstr(raw, "\n\n");
	if (sep_lf && (!sep || sep_lf < sep))
		body = sep_lf + 2;
	if (!body)
		return NULL;
	char *cte = smtp_sink_header_decoded(raw, "Content-Transfer-Encoding");
	size_t n = strlen(body);
	char *out = malloc(n + 1);
	if (!out) {
		free(cte);
		return NULL;
	}
	if (cte && strcasecmp(cte, "base64") == 0) {
		long k = b64_decode(body, n, (unsigned char *)out);
		if (k < 0) {
			free(out);
			out = NULL;
		} else {
			out[k] = 0;
		}
	} else if (cte && strcasecmp(cte, "quoted-printable") == 0) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			int hi, lo;
			if (body[i] != '=') {
				out[k++] = body[i];
			} else if (body[i + 1] == '\r' && body[i + 2] == '\n') {
				i += 2;
			} else if (body[i + 1] == '\n') {
				i += 1;
			} else if ((hi = str_hexval(body[i + 1])) >= 0 && (lo = str_hexval(body[i + 2])) >= 0) {
				out[k++] = (char)(hi << 4 | lo);
				i += 2;
			} else {
				out[k++] = body[i];
			}
		}
		out[k] = 0;
	} else {
		memcpy(out, body, n + 1);
	}
	free(cte);
	return out;
}
