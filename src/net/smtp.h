/*
 * smtp: outbound e-mail. One plain-text UTF-8 message to one recipient,
 * formatted as RFC 5322 + MIME and handed to an SMTP server through libcurl.
 *
 * Nothing here keeps state between calls but libcurl's global
 * initialisation (done once per process, through pthread_once); every
 * call makes and frees its own curl handle, so any thread may call it.
 * Every string in the structs below is borrowed: the caller keeps it alive
 * for the length of the call and nothing keeps it afterwards.
 *
 * What is refused (ERR_INVAL, with a Thai and an English detail through
 * err_fail, field "smtp_url", "from", "from_name", "to", "subject" or
 * "body"):
 * - an address that is not one plausible address: printable ASCII only
 *   (no space, CR, LF or other control character), none of the RFC 5322
 *   specials ( ) < > [ ] : ; , " \ but exactly one '@' with text on both
 *   sides, at most SMTP_ADDR_MAX bytes;
 * - a subject or display name holding CR or LF (header injection);
 * - any text that is not well-formed UTF-8 (utf8_valid_text).
 */
#ifndef KLANG_NET_SMTP_H
#define KLANG_NET_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define SMTP_ADDR_MAX 254
/* The formatted message smtp_send builds may be at most this large. */
#define SMTP_MESSAGE_MAX ((size_t)16 << 20)
#define SMTP_TIMEOUT_DEFAULT_MS 30000L

struct smtp_settings {
	const char *url;       /* "smtp://host:port" or "smtps://host:port" */
	const char *user;      /* NULL or "": no authentication */
	const char *password;  /* NULL means "" */
	const char *from;      /* the sender's address, e.g. "klang@example.go.th" */
	const char *from_name; /* display name (UTF-8, may be Thai); NULL or "": none */
	long timeout_ms;       /* the whole transfer; 0 means SMTP_TIMEOUT_DEFAULT_MS */
};

struct smtp_message {
	const char *to;      /* one address */
	const char *subject; /* UTF-8, one line; NULL means "" */
	const char *body;    /* UTF-8 plain text; NULL means "" */
};

/* True if `addr` is one plausible address by the rules above. */
bool smtp_addr_valid(const char *addr);

/*
 * Appends to `out` the whole message (headers, blank line, body), every
 * line ending in CRLF and none longer than 998 bytes:
 *   Date            RFC 5322 form of `now` (Unix seconds) in UTC, "+0000"
 *   From            the address, after the display name when there is one
 *                   (a quoted string when printable ASCII, else RFC 2047)
 *   To              the address
 *   Subject         as is when printable ASCII that fits one line, else
 *                   RFC 2047 "=?UTF-8?B?…?=" words of at most 75 characters,
 *                   each holding whole UTF-8 characters (and none starting
 *                   with a Thai vowel or tone mark above or below), folded with
 *                   CRLF + space so that no header line passes 76 characters
 *   Message-ID      <32 random hex digits @ the from-address's domain>
 *   Auto-Submitted  auto-generated (RFC 3834: no automatic replies)
 *   MIME-Version, Content-Type text/plain; charset=UTF-8,
 *   Content-Transfer-Encoding base64, in lines of 76 characters.
 * The body's line ends (LF, CR or CRLF) become CRLF before encoding, so the
 * decoded body is the given text with CRLF line ends.
 * Returns 0; ERR_INVAL as described at the top; ERR_IO when no random
 * bytes could be had; the buffer's error (ERR_TOOBIG, ERR_NOMEM) when
 * `out` overflowed its cap. On failure `out` may hold part of a message.
 */
int smtp_format(const struct smtp_settings *s, const struct smtp_message *m, int64_t now,
                struct buf *out) WUR;

/*
 * Sends one message: formats it (smtp_format, dated by the system clock)
 * and hands it to the server of s->url with MAIL FROM s->from and one
 * RCPT TO m->to. Only the smtp and smtps protocols are allowed, signals are
 * never used (CURLOPT_NOSIGNAL) and the whole exchange is bounded by
 * s->timeout_ms. No proxy is used, whatever the environment says.
 *
 * TLS:
 * - smtps:// speaks TLS from the start;
 * - smtp:// to a loopback host (localhost, 127.0.0.0/8, ::1) speaks plain
 *   text: the message never leaves the machine, and a local relay's
 *   self-signed STARTTLS certificate would otherwise fail verification;
 * - smtp:// to any other host with a user set requires STARTTLS
 *   (CURLUSESSL_ALL), so a password is never sent in clear;
 * - smtp:// to any other host without a user uses STARTTLS when the server
 *   offers it (CURLUSESSL_TRY).
 * Certificates and host names are always verified.
 *
 * Returns 0 once the server accepted the message. On failure: ERR_INVAL or
 * ERR_NOMEM before anything was sent (see smtp_format; also a URL that is
 * not smtp:// or smtps://), ERR_IO when the transfer failed. In every
 * failure, when errbuf_len > 0, errbuf receives a NUL-terminated English
 * message: curl's, followed by the server's last reply when it refused
 * (for instance "RCPT failed: 550 (server: 550 5.1.1 no such user)").
 * errbuf may be NULL when errbuf_len is 0. The password never appears in it.
 */
int smtp_send(const struct smtp_settings *s, const struct smtp_message *m, char *errbuf,
              size_t errbuf_len) WUR;

#endif
