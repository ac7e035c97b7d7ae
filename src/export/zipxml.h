/*
 * zipxml: the parts of an OOXML package (DOCX, XLSX), streamed out of the
 * zip through libxml2's reader within limits. Private to export/: extract
 * (search text) and table (spreadsheet rows) share it, so both hold every
 * file to the same defences.
 *
 * Defences, per package (struct extract_limits):
 * - more than max_entries entries is ERR_TOOBIG; an encrypted entry
 *   anywhere is ERR_INVAL;
 * - before an entry is read its header sizes must be within max_entry,
 *   within max_total with what was read before and, past ratio_grace
 *   bytes, within max_ratio times its compressed size; while it is read the
 *   same tests are made on the bytes actually produced, and an entry may
 *   not produce more than its header declared (ERR_TOOBIG, at once);
 * - entries are streamed into the parser 16 KB at a time, never held whole;
 * - XML: no network, no DTD loading, no entity substitution, libxml2's
 *   default size and depth limits; a document type declaration is
 *   ERR_INVAL, since OOXML never has one.
 * Every failure records a Thai and English detail naming the field "file".
 */
#ifndef KLANG_EXPORT_ZIPXML_H
#define KLANG_EXPORT_ZIPXML_H

#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

#include "core/err.h"
#include "export/extract.h"

#define ZIPXML_S_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define ZIPXML_S_NS_STRICT "http://purl.oclc.org/ooxml/spreadsheetml/main"
#define ZIPXML_CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define ZIPXML_CT_S "application/vnd.openxmlformats-officedocument.spreadsheetml."

/* What a package's reader says went wrong (all with the field "file"). */
enum zipxml_msg { ZIPXML_DAMAGED, ZIPXML_ENCRYPTED, ZIPXML_BOMB, ZIPXML_TOO_MANY };

/* Records the detail of `m` and returns its code (ERR_INVAL or ERR_TOOBIG). */
int zipxml_fail(enum zipxml_msg m);

/* An open package. `total` counts the uncompressed bytes read from all its
 * entries so far (for max_total). */
struct zipxml {
	zip_t *za;
	const struct extract_limits *lim;
	size_t total;
};

/* Opens data[0..len) (not copied: it must outlive the package) and checks
 * the entry count and encryption. `lim` must outlive the package too. On
 * failure nothing needs closing. */
int zipxml_open(struct zipxml *z, const void *data, size_t len, const struct extract_limits *lim) WUR;
/* Closes the package; a zeroed or already closed one is a no-op. */
void zipxml_close(struct zipxml *z);

/* What a node callback answers. */
enum { ZIPXML_NEXT = 0, ZIPXML_SKIP = 1 /* the node's subtree */ };

/* Called for each node of a part (`ns` may be NULL); returns ZIPXML_NEXT,
 * ZIPXML_SKIP or a negative error, which ends the walk. */
typedef int (*zipxml_node_fn)(void *ctx, xmlTextReaderPtr r, int type, const char *ns, const char *local);

/*
 * Streams part `name` (case ignored, as OPC part names are) through fn.
 * Stops early, with success, once *stop (when not NULL) is true before a
 * read. ERR_NOTFOUND, with no detail, when the package has no such part:
 * the caller decides what that means.
 */
int zipxml_walk(struct zipxml *z, const char *name, zipxml_node_fn fn, void *ctx, const bool *stop) WUR;

/* The parts [Content_Types].xml declares: the one main part of type
 * main_ct and the parts of the types in `want` (rank: their index there). */
struct zipxml_part {
	char *name; /* the zip entry name (PartName without its '/') */
	int rank;
};

struct zipxml_parts {
	const char *main_ct;      /* in */
	const char *const *want;  /* in, NULL-terminated */
	char *main;               /* the first main part, or NULL */
	int mains;                /* how many main parts were declared */
	struct zipxml_part *v;
	size_t n, cap;
};

/* Reads [Content_Types].xml into p (main_ct and want set by the caller);
 * more wanted parts than max_entries is ERR_TOOBIG. ERR_NOTFOUND, with no
 * detail, when the package has none. Release p in any case. */
int zipxml_content_types(struct zipxml *z, struct zipxml_parts *p) WUR;
void zipxml_parts_release(struct zipxml_parts *p);

/* True if `ns` is one of the two (transitional and strict) namespaces. */
bool zipxml_ns(const char *ns, const char *a, const char *b);

/* True for the reader's text node types (text, CDATA, white space). */
bool zipxml_is_text(int type);

#endif
