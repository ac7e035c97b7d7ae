/*
 * attachment: files attached to documents (PDF, DOCX, XLSX, images, plain
 * text). The type is sniffed from the bytes and must agree with the file's
 * extension; text is extracted for search; the bytes are stored once by
 * SHA-256 (store/blob) and every download checks that the actor may open
 * the document.
 */
#ifndef KLANG_KM_ATTACHMENT_H
#define KLANG_KM_ATTACHMENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "km/authz.h"

struct db;

#define ATTACHMENTS_PER_DOC_MAX 50

/* Attaches a file to document `doc_id` (its editors only). `filename` is the
 * client's name, made safe by the caller. On success *out is
 * {"id","sha256","mime","kind","size","filename","text_chars"}. */
int attachment_add(struct db *db, const struct actor *a, const char *blob_root, int64_t doc_id,
		   const char *filename, const void *data, size_t len, json_t **out) WUR;

/* Imports one file as a new draft document of `kind` in `unit_id`: the
 * title is the file name without its extension, the body the file's text
 * (Markdown files as they are; PDF, DOCX and XLSX by extraction), and the
 * file itself is attached. Only PDF, DOCX, XLSX, .md and .txt are taken. */
int attachment_import(struct db *db, const struct actor *a, const char *blob_root, int64_t unit_id,
		      const char *kind, const char *filename, const void *data, size_t len,
		      int64_t *doc_out) WUR;

/* One attachment's row if the actor may open its document; ERR_NOTFOUND
 * otherwise (whether absent or not allowed). */
int attachment_get(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* As attachment_get, with the start of its extracted text ("text",
 * "text_truncated") for a preview page. */
int attachment_preview(struct db *db, const struct actor *a, int64_t id, json_t **out) WUR;

/* The attachments of a document the actor may open. */
int attachment_list(struct db *db, const struct actor *a, int64_t doc_id, json_t **out) WUR;

#endif
