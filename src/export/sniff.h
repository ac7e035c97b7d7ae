/*
 * sniff: the real type of an uploaded file, found from its bytes, and
 * whether the name the client gave it agrees. The Content-Type a client
 * sends is never consulted: callers pass only the bytes and the file name.
 *
 * Accepted kinds, and nothing else:
 *
 *   kind    media type (canonical)                                              extensions
 *   pdf     application/pdf                                                     .pdf
 *   docx    application/vnd.openxmlformats-officedocument.wordprocessingml.document  .docx
 *   xlsx    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet   .xlsx
 *   png     image/png                                                           .png
 *   jpeg    image/jpeg                                                          .jpg .jpeg
 *   gif     image/gif                                                           .gif
 *   webp    image/webp                                                          .webp
 *   text    text/plain, text/markdown, text/csv (by extension)                  .txt .md .csv
 *
 * How a kind is decided:
 * - libmagic (MAGIC_MIME_TYPE, with its decompressing, CDF, tar and ELF
 *   parsers off) names the type, and the leading signature bytes must agree
 *   with it ("%PDF-", the PNG signature, FF D8 FF, "GIF87a"/"GIF89a",
 *   "RIFF"…"WEBP", "PK\3\4").
 * - DOCX and XLSX are zips to libmagic (application/zip, octet-stream or an
 *   OOXML type depending on the order of the entries): the zip must start
 *   with a local file header (so nothing, such as an executable, is
 *   prepended), and its [Content_Types].xml (at most 1 MB, unencrypted, no
 *   DTD) must declare exactly one main part through an <Override>, either
 *   wordprocessingml.document.main+xml or spreadsheetml.sheet.main+xml, and
 *   that part must exist. Macro-enabled, template and PowerPoint packages
 *   are refused. [Content_Types].xml decides even when libmagic guessed the
 *   other OOXML type.
 * - text is what libmagic calls a text type (text/plain, text/csv…, or
 *   application/json) and is, after an optional UTF-8 BOM, entirely
 *   well-formed UTF-8 without NUL or control characters other than tab, CR
 *   and LF (utf8_valid_text).
 *   Text in any other encoding (TIS-620, Latin-1, UTF-16) is refused with a
 *   message asking for UTF-8. Text is always UTF-8, so a server should add
 *   "; charset=utf-8" when it serves one.
 *
 * Every refusal is ERR_INVAL with a Thai and an English message recorded
 * through err_fail (field "file"), except ERR_NOMEM, and ERR_IO when the
 * libmagic database cannot be loaded (a server fault, not the user's).
 *
 * Thread safety: every call opens its own libmagic cookie (about 0.1 ms to
 * open and load the compiled database) and closes it before returning, so
 * all functions here may run on any number of threads at once. libxml2 is
 * initialised once (pthread_once) on first use.
 */
#ifndef KLANG_EXPORT_SNIFF_H
#define KLANG_EXPORT_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct sniff_result {
	const char *kind; /* static: "pdf", "docx", "xlsx", "png", "jpeg", "gif", "webp", "text" */
	const char *mime; /* static: the canonical media type to store and to serve */
};

/*
 * Finds the kind of data[0..len) from its bytes alone. For text the media
 * type is text/plain. On success fills *out and returns 0; on failure
 * zeroes *out, records the error detail and returns ERR_INVAL (empty,
 * unsupported, damaged or password-protected, not UTF-8), ERR_NOMEM or
 * ERR_IO. Reads nothing outside data[0..len).
 */
int sniff_detect(const void *data, size_t len, struct sniff_result *out) WUR;

/*
 * As sniff_detect, and then requires the extension of `filename` (the
 * client's name for the upload, preferably already cleaned, e.g. by
 * multipart_safe_filename; NULL counts as no extension) to be one of the
 * kind's extensions, ignoring ASCII case. A mismatch (a PDF named .docx,
 * an executable named .pdf is refused earlier as unsupported) is ERR_INVAL
 * with a message naming the real type and its extension. For text the
 * media type follows the extension: .md text/markdown, .csv text/csv,
 * .txt text/plain.
 */
int sniff_file(const void *data, size_t len, const char *filename, struct sniff_result *out) WUR;

/*
 * True if `filename` ends in '.' and one of the extensions of `kind`
 * (ASCII case ignored; "report.PDF" is a pdf, "pdf" and "report.pdf " are
 * not). False for an unknown kind or a NULL argument.
 */
bool sniff_extension_ok(const char *kind, const char *filename);

#endif
