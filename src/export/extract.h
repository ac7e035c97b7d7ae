/*
 * extract: the text of an attachment, for search: PDF (poppler-glib), DOCX
 * and XLSX (libzip + libxml2) and plain text. Hostile files are expected:
 * zip entries are read with limits on size and compression ratio whatever
 * their headers claim, XML is parsed without network or entity expansion,
 * and the output is capped (cut at a character boundary).
 */
#ifndef KLANG_EXPORT_EXTRACT_H
#define KLANG_EXPORT_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct extract_limits {
	size_t max_entry;  /* uncompressed bytes read from one zip entry */
	size_t max_ratio;  /* uncompressed : compressed, per entry */
	size_t max_text;   /* bytes of text produced */
	int max_pages;     /* PDF pages read */
};
#define EXTRACT_LIMITS_DEFAULT ((struct extract_limits){(size_t)64 << 20, 200, (size_t)4 << 20, 2000})

/* Appends the text of data[0..len), a file of `kind` ("pdf", "docx",
 * "xlsx", "text"; other kinds give no text), to `out`. *truncated says
 * whether max_text cut it. ERR_TOOBIG for a zip bomb, ERR_INVAL for a
 * damaged or encrypted file. */
int extract_text(const char *kind, const void *data, size_t len, const struct extract_limits *lim,
		 struct buf *out, bool *truncated) WUR;

#endif
