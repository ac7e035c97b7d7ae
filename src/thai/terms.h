/*
 * terms: the search terms of a text, the one cutting that the indexer, the
 * query parser and the snippet maker share, so that what is indexed is what
 * a query looks for.
 *
 * The text is normalised (thai_normalize_mode without folding) and cut by
 * thai_segment; then each token becomes a term:
 *  - a dictionary word, a Latin word, or an out-of-dictionary Thai run is a
 *    term, folded (Latin lower case, Thai digits as ASCII; a consonant
 *    stretched three times or more at a Thai word's end kept once);
 *  - a Latin token with marks inside (a web address, HR-V, e-GP, Kiehl's)
 *    yields the runs between its marks (runs of digits as numbers);
 *  - a number is a term without its thousands separators (1,000 → 1000)
 *    and without what follows its last digit (555+, 199.-);
 *  - an abbreviation written with dots (พ.ร.บ., ก.พ., น.) is one term
 *    without the dots (พรบ), so that it matches the same abbreviation
 *    written without them;
 *  - with THAI_TERMS_UNITS, an out-of-dictionary run also yields its
 *    overlapping pairs of Thai Character Clusters at the same position
 *    (colocated), so that part of a name or transliteration is found;
 *  - with THAI_TERMS_PARTS, a compound dictionary word also yields its
 *    parts at the same position (งบประมาณรายจ่าย: งบประมาณ, รายจ่าย), so
 *    that a query for a part finds the compound; a part's term starts with
 *    THAI_PART_MARK, so that ranking can tell it from a word;
 *  - spaces, punctuation and ๆ are not terms.
 * Terms are in text order. Runs longer than THAI_TERM_RUN_MAX characters
 * yield only their units.
 */
#ifndef KLANG_THAI_TERMS_H
#define KLANG_THAI_TERMS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct thai_dict;

#define THAI_TERM_RUN_MAX 24 /* code points of an unknown run kept as one term */
#define THAI_TERM_BYTES_MAX 1024 /* a longer token (a pasted blob) is not a term */

#define THAI_COMPOUND_MAX 48 /* code points of a word split into its parts */
/* The byte a part's term starts with (a part matches less than a word):
 * a query looks for "\x01" + word to find it as a part. */
#define THAI_PART_MARK '\x01'

enum {
	THAI_TERMS_UNITS = 1, /* also the cluster pairs of out-of-dictionary runs */
	THAI_TERMS_PARTS = 2, /* also the parts of compound words */
	THAI_TERMS_NORMAL = 4, /* the text is normalised already (thai_normalize_mode without folding) */
};

enum thai_term_kind {
	THAI_TERM_WORD = 1, /* a Thai dictionary word or a dotted abbreviation */
	THAI_TERM_UNKNOWN,  /* a Thai run outside the dictionary */
	THAI_TERM_UNIT,     /* a cluster pair of such a run (colocated) */
	THAI_TERM_PART,     /* a part of a compound word (colocated) */
	THAI_TERM_LATIN,
	THAI_TERM_NUMBER,
};

struct thai_term {
	const char *p;  /* the term, folded; valid during the callback only */
	size_t n;       /* bytes, > 0 */
	size_t off;     /* where it comes from in the normalised text */
	size_t len;
	enum thai_term_kind kind;
	bool colocated; /* at the position of the term before it */
};

typedef int (*thai_term_fn)(void *ctx, const struct thai_term *t);

/* Calls fn for each term of p[0..n). Offsets refer to the text after
 * thai_normalize_mode(p, n, false), which is p itself when p is stored in
 * that form. Returns 0, ERR_INVAL (not UTF-8), ERR_NOMEM or fn's non-zero
 * value. `d` may be NULL (every Thai run is then unknown). */
int thai_terms(const struct thai_dict *d, const char *p, size_t n, unsigned flags, thai_term_fn fn,
	       void *ctx) WUR;

/* Appends p[0..n) to `out` with letter case and digits folded as
 * thai_normalize folds them: what thai_terms does to each term. */
void thai_fold(const char *p, size_t n, struct buf *out);

#endif
