/*
 * extract: the text of an attachment, for search. PDF through poppler-glib,
 * DOCX and XLSX through libzip and libxml2, plain text as it is. Images
 * have no text (no OCR). Files are hostile until proven otherwise.
 *
 * What comes out, appended to the caller's buffer:
 * - Valid UTF-8 always: malformed sequences (possible in PDF text) are
 *   dropped, and so are C0/C1 controls other than tab and line breaks,
 *   DEL, soft hyphens, byte order marks and U+FFFE/U+FFFF.
 * - Thai glyph variants from the private-use area that legacy Windows and
 *   Mac Thai fonts put into PDFs (U+F700–U+F71A, U+F884–U+F89E: shifted
 *   tone marks and vowels, consonants without descender) are mapped back
 *   to the Thai characters they draw, so that the words can be found.
 * - White space normalised modestly: a run of spaces and tabs becomes one
 *   space, or one tab if it held a tab; CR LF, CR, form feed, vertical tab,
 *   NEL and U+2028/U+2029 are line breaks; spaces next to a line break go;
 *   more than one line break becomes exactly one empty line; nothing
 *   leads or trails. No-break and other Unicode spaces count as spaces.
 * - DOCX: the text of w:t runs (split runs join without a gap), w:tab a
 *   tab, w:br and w:cr a line break, w:noBreakHyphen '-', each paragraph a
 *   line; property elements (w:*Pr, which hold tab stops) and mc:Fallback
 *   (which repeats the mc:Choice it stands in for) are skipped; deleted
 *   text and field codes are not w:t, so they never appear. The main part,
 *   then headers, footers, footnotes and endnotes, each part separated by
 *   an empty line. Parts are found through [Content_Types].xml.
 * - XLSX: the sheet names, each shared string (rich runs joined, phonetic
 *   runs skipped) on its own line, then each inline string of each
 *   worksheet on its own line. Numbers and formulas are not text.
 * - PDF: each page's text (poppler_page_get_text), pages separated by an
 *   empty line, at most max_pages pages.
 * - text: must be UTF-8 (utf8_valid_text after an optional BOM).
 *
 * Defences, all per call:
 * - A zip with more than max_entries entries is ERR_TOOBIG; an encrypted
 *   entry anywhere is ERR_INVAL.
 * - Before an entry is read, its header sizes must be within max_entry
 *   (uncompressed), within max_total with what was read before, and, past
 *   ratio_grace bytes, within max_ratio times its compressed size.
 * - While it is read, whatever the headers claim, the same tests are made
 *   on the bytes actually produced, and an entry may not produce more than
 *   its header declared. Any of these is ERR_TOOBIG, and reading stops at
 *   once: entries are streamed into the XML parser 16 KB at a time, never
 *   held whole in memory.
 * - XML is parsed with libxml2's reader: no network, no DTD loading, no
 *   entity substitution, libxml2's default size and depth limits (no
 *   XML_PARSE_HUGE); a document type declaration is refused (ERR_INVAL),
 *   since OOXML never has one.
 * - Output past max_text bytes (or past the room left in `out`) is cut at
 *   a character boundary and reported through *truncated; so are pages past
 *   max_pages. Truncation is success, not an error.
 *
 * Not bounded here: CPU time inside poppler for a pathological PDF. Run
 * extraction off the HTTP event threads (DESIGN.md: slow work).
 *
 * Thread safety: calls on different threads are independent. libxml2 is
 * initialised once (pthread_once); poppler-glib documents are per call.
 * poppler, fontconfig and GLib keep some caches for the process's life.
 */
#ifndef KLANG_EXPORT_EXTRACT_H
#define KLANG_EXPORT_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct extract_limits {
	size_t max_entries; /* entries in a DOCX/XLSX zip */
	size_t max_entry;   /* uncompressed bytes read from one zip entry */
	size_t max_total;   /* uncompressed bytes read from all entries of one zip */
	size_t max_ratio;   /* uncompressed : compressed, per entry, past ratio_grace */
	size_t ratio_grace; /* bytes of an entry read before the ratio applies */
	size_t max_pages;   /* PDF pages read; more is truncation */
	size_t max_text;    /* bytes of text appended; more is truncation */
};

#define EXTRACT_LIMITS_DEFAULT                                                                       \
	((struct extract_limits){.max_entries = 5000,                                                \
				 .max_entry = (size_t)50 << 20,                                      \
				 .max_total = (size_t)200 << 20,                                     \
				 .max_ratio = 100,                                                   \
				 .ratio_grace = (size_t)1 << 20,                                     \
				 .max_pages = 2000,                                                  \
				 .max_text = (size_t)5 << 20})

/*
 * Appends the search text of data[0..len), a file of `kind` as sniff_file
 * named it ("pdf", "docx", "xlsx", "text"; "png", "jpeg", "gif" and "webp"
 * give no text and succeed), to `out`, within `lim` (NULL: the defaults).
 * Does not trust `kind`: a "docx" that is not a Word package is ERR_INVAL.
 *
 * Returns 0 with *truncated (may be NULL) telling whether max_text, the
 * room left in `out` or max_pages cut the text. Otherwise returns
 * ERR_INVAL (unknown kind, damaged, encrypted or password-protected, not
 * UTF-8, a DTD), ERR_TOOBIG (a zip limit: a zip bomb or a lying header) or
 * ERR_NOMEM, records the detail (Thai and English, field "file") except for
 * ERR_NOMEM, and leaves `out` as it was before the call (unless `out`
 * itself failed to grow, which its sticky error then says). An `out` that
 * already holds an error is returned as it is.
 */
int extract_text(const char *kind, const void *data, size_t len, const struct extract_limits *lim,
		 struct buf *out, bool *truncated) WUR;

#endif
