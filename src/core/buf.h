/*
 * buf: a growable, NUL-terminated byte buffer on the heap.
 *
 * Invariants: `p` is NULL or points to `cap` bytes with p[len] == 0;
 * len < cap <= max + 1. Appending past `max` bytes fails. The first failure
 * (ERR_NOMEM or ERR_TOOBIG) is remembered in `err` and every later append is
 * ignored, so a caller may append many times and check `buf_err` once.
 */
#ifndef KLANG_CORE_BUF_H
#define KLANG_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct buf {
	char *p;
	size_t len;
	size_t cap;
	size_t max;
	int err;
};

#define BUF_DEFAULT_MAX ((size_t)64 << 20)

/* Starts an empty buffer that may hold up to `max` bytes. Allocates nothing. */
void buf_init(struct buf *b, size_t max);

/* Frees the memory and returns the buffer to its initial, empty state. */
void buf_release(struct buf *b);

/* Empties the buffer (keeps its memory) and clears its error. */
void buf_reset(struct buf *b);

void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_put_str(struct buf *b, struct str s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Appends everything left to read from file descriptor `fd` (interrupted
 * reads retried). Returns 0, ERR_IO when a read fails, or the buffer's
 * error (reading stops there). Leaves fd open. */
int buf_read_fd(struct buf *b, int fd);

/* Appends with HTML escaping of & < > " ' (safe in text and quoted attributes). */
void buf_put_html(struct buf *b, const char *p, size_t n);

/* The first error (0 if none). */
static inline int buf_err(const struct buf *b)
{
	return b->err;
}

/* The content; "" for an empty buffer. Valid until the next append. */
static inline const char *buf_cstr(const struct buf *b)
{
	return b->p ? b->p : "";
}

/* Hands the heap block to the caller (who frees it with free()) and leaves
 * the buffer empty. Returns NULL if the buffer has an error. An empty buffer
 * yields a 1-byte block holding "". */
char *buf_take(struct buf *b, size_t *len_out) WUR;

#endif
