/*
 * sniff: what an uploaded file really is, from its bytes (libmagic), and
 * whether its name's extension agrees. DOCX and XLSX are zips to libmagic:
 * the zip's [Content_Types].xml says which (libzip). Only PDF, DOCX, XLSX,
 * PNG, JPEG, GIF, WebP and UTF-8 plain text (.txt, .md, .csv) are accepted.
 */
#ifndef KLANG_EXPORT_SNIFF_H
#define KLANG_EXPORT_SNIFF_H

#include <stddef.h>

#include "core/err.h"

struct sniff_result {
	const char *kind; /* "pdf", "docx", "xlsx", "png", "jpeg", "gif", "webp", "text" */
	const char *mime; /* the canonical MIME type */
};

/* Decides the type of data[0..len) named `filename`. ERR_INVAL, with a Thai
 * and English message, for an empty, unsupported or misnamed file. The
 * result's strings are static. Thread-safe. */
int sniff_file(const void *data, size_t len, const char *filename, struct sniff_result *out) WUR;

#endif
