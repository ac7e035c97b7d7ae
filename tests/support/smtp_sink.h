/*
 * smtp_sink: a small SMTP server for tests (not part of klang). It listens
 * on 127.0.0.1 on a port the kernel picks, in a thread of its own, serves
 * one connection after another and records every message it accepts.
 *
 * What it speaks: a 220 greeting; EHLO (250 8BITMIME, plus AUTH PLAIN when
 * started with credentials; never STARTTLS) and HELO; AUTH PLAIN, with or
 * without an initial response; MAIL FROM; RCPT TO, answered with the code
 * the sink was started with; DATA (354, lines up to CRLF.CRLF, dot-stuffing
 * undone, 250); RSET, NOOP, QUIT. Anything else is 502, a command out of
 * order 503.
 *
 * Limits, so a test never hangs or grows without bound: a connection idle
 * for SMTP_SINK_IDLE_MS is closed; a line longer than 4 KiB closes the
 * connection; a message over SMTP_SINK_MSG_MAX bytes is refused (552) and
 * not recorded; at most 100 recipients a message and SMTP_SINK_MSGS_MAX
 * messages a sink; smtp_sink_wait waits at most its timeout.
 *
 * Thread safety: every function but smtp_sink_stop may be called from any
 * thread while the sink runs. Strings the accessors return belong to the
 * sink and stay valid until smtp_sink_stop.
 */
#ifndef KLANG_TEST_SMTP_SINK_H
#define KLANG_TEST_SMTP_SINK_H

#include <stddef.h>

#define SMTP_SINK_IDLE_MS 10000
#define SMTP_SINK_MSG_MAX ((size_t)1 << 20)
#define SMTP_SINK_MSGS_MAX 1024

struct smtp_sink;

/* Starts a sink that answers every RCPT TO with rcpt_code (250 accepts;
 * 550, 451… refuse, with a text). NULL if the socket or thread could not
 * be made. */
struct smtp_sink *smtp_sink_start(int rcpt_code);

/* Likewise, but advertises AUTH PLAIN and requires it before MAIL FROM:
 * only `user` with `password` is accepted (235), anything else is 535. */
struct smtp_sink *smtp_sink_start_auth(int rcpt_code, const char *user, const char *password);

/* The port it listens on (127.0.0.1). */
int smtp_sink_port(const struct smtp_sink *s);

/* Waits until at least `count` messages have arrived or timeout_ms has
 * passed; returns how many have arrived. */
int smtp_sink_wait(struct smtp_sink *s, int count, int timeout_ms);

/* How many messages have arrived, and how many connections were accepted. */
int smtp_sink_count(struct smtp_sink *s);
int smtp_sink_connections(struct smtp_sink *s);

/* Message i (0 first, in order of arrival): the MAIL FROM address (without
 * the angle brackets), its recipients, the user it authenticated as ("" if
 * none) and its data as received (CRLF line ends, dot-stuffing undone,
 * without the final ".", NUL-terminated; *len_out gets the length when
 * not NULL). NULL, or 0 recipients, when there is no such message. */
const char *smtp_sink_mail_from(struct smtp_sink *s, int i);
int smtp_sink_rcpt_count(struct smtp_sink *s, int i);
const char *smtp_sink_rcpt(struct smtp_sink *s, int i, int j);
const char *smtp_sink_auth_user(struct smtp_sink *s, int i);
const char *smtp_sink_data(struct smtp_sink *s, int i, size_t *len_out);

/* Stops the thread, closes the socket and frees everything. NULL is a
 * no-op. */
void smtp_sink_stop(struct smtp_sink *s);

/* The first header `name` (case-insensitive) of the message `raw`,
 * unfolded, trimmed, with RFC 2047 B and Q encoded words in UTF-8 or ASCII
 * decoded (the white space between two encoded words dropped). NULL when
 * there is no such header. The caller frees the result. */
char *smtp_sink_header_decoded(const char *raw, const char *name);

/* The body of `raw` (what follows the first empty line) decoded by its
 * Content-Transfer-Encoding: base64 or quoted-printable, else as it is
 * (7bit, 8bit, none). NULL when there is no body or the base64 is broken.
 * The caller frees the result. */
char *smtp_sink_body_decoded(const char *raw);

#endif
