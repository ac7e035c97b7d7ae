/*
 * segment: Thai word segmentation for search.
 *
 * A `struct thai_dict` holds the words: libthai's dictionary (Debian package
 * libthai-data, read once at start-up from its trie file), klang's own
 * government and KM vocabulary (compiled in), and words an organisation's
 * admins add. It is built once, hangs off `struct app`, and is read-only while
 * text is segmented, so any number of threads may segment with it at once.
 *
 * thai_segment cuts text into tokens (offset, length, kind). It does no I/O.
 * Thai runs are cut by dynamic programming over a lattice of dictionary
 * words whose ends fall on Thai Character Cluster (TCC) boundaries: the path
 * chosen minimises a cost of tokens + characters outside the dictionary +
 * a surcharge for one-cluster words, then prefers even word lengths.
 * Consecutive clusters outside the dictionary form one THAI_TOK_UNKNOWN token
 * (a name, a transliteration, a typo); the indexer also indexes its fallback
 * units (thai_units). การ and ความ stay joined to the word after them
 * (การศึกษา, ความรู้: one search word, as in the UD Thai convention). A
 * word stretched for emphasis (มากกกก, ไปปป, น้าาา, พ่องงงง: its last letter
 * repeated, or a consonant three times or more after it) is one token; a
 * consonant that is no word alone joins the word after it when the two can
 * open a syllable (คร้า, หน่า) or at the start of a run, else the syllable
 * it closes (ยาคุม). An abbreviation keeps its dots
 * (น., กทม., พ.ศ., เม.ย.). Written as people write on the web: a web
 * address (http://…, www.…) and an @name are one Latin token; - ' ’ & _
 * between letters or digits stay inside a Latin word (HR-V, Kiehl’s),
 * digits before letters start one (4u2, 2GB); a "+" after a number or word
 * (555+, PA+++) and the ".-" of a price (199.-) belong to it, and so does
 * the "." or ")" of a list item's number (1. 2)); a repeated symbol ("...",
 * "^^", "(((") is one token, "!" and "?" one by one; so is an ASCII
 * emoticon (:) T_T <3). A zero-width character opens the token after it.
 *
 * Guarantees: tokens are in order, do not overlap, and cover the input
 * except nothing is dropped (spaces come out as THAI_TOK_SPACE); no token
 * boundary splits a UTF-8 sequence, separates a combining mark from its base
 * or falls inside a TCC. Input should be thai_normalize'd first (the
 * dictionary holds normalised words); malformed bytes come out as one-byte
 * THAI_TOK_PUNCT tokens.
 */
#ifndef KLANG_THAI_SEGMENT_H
#define KLANG_THAI_SEGMENT_H

#include <stddef.h>

#include "core/err.h"

struct thai_dict;

/* Where libthai-data puts its dictionary trie. */
#define THAI_DICT_LIBTHAI_PATH "/usr/share/libthai/thbrk.tri"

/* Where a dictionary word came from (bits, a word may have several). */
enum thai_src {
	THAI_SRC_LIBTHAI = 1,
	THAI_SRC_KLANG = 2, /* the built-in list in words.c */
	THAI_SRC_ORG = 4,   /* added by an organisation's admins */
};

enum thai_tok_kind {
	THAI_TOK_WORD = 1, /* a Thai dictionary word, or an abbreviation with its dots */
	THAI_TOK_UNKNOWN,  /* a run of Thai clusters outside the dictionary */
	THAI_TOK_LATIN,    /* a Latin word (letters, digits, - ' ’ & _ inside), a web address, an @name */
	THAI_TOK_NUMBER,   /* ASCII or Thai digits, with . , : between digits (and 555+, 199.-, 1.) */
	THAI_TOK_PUNCT,    /* one other character (punctuation, symbol, emoji, ๆ, ฯ), a
			    * repeated symbol, an emoticon */
	THAI_TOK_SPACE,    /* a run of white space */
};

struct thai_tok {
	size_t off; /* byte offset into the segmented text */
	size_t len; /* bytes, > 0 */
	enum thai_tok_kind kind;
};

/* Receives each token in order; returning non-zero stops the segmentation,
 * which then returns that value. */
typedef int (*thai_tok_fn)(void *ctx, const struct thai_tok *t);

enum thai_algo {
	THAI_ALGO_DEFAULT = 0, /* the lattice + TCC algorithm described above */
	THAI_ALGO_MAXIMAL,     /* baseline: fewest words, no TCC constraint */
	THAI_ALGO_LONGEST,     /* baseline: greedy longest match, left to right */
};

/* Returns in *out an empty dictionary (free with thai_dict_free). */
int thai_dict_new(struct thai_dict **out) WUR;

/* Returns in *out a dictionary of libthai's words (read from
 * THAI_DICT_LIBTHAI_PATH) and klang's built-in words. ERR_IO if the libthai
 * file is missing or unreadable, ERR_NOMEM. Done once at start-up. */
int thai_dict_load_default(struct thai_dict **out) WUR;

/* Adds every word of a libdatrie trie file (such as libthai's) with the
 * source bits `src`. ERR_IO when it cannot be read. */
int thai_dict_load_trie(struct thai_dict *d, const char *path, unsigned src) WUR;

/* Adds klang's built-in government and KM words. */
int thai_dict_add_builtin(struct thai_dict *d) WUR;

/* Adds one word (NUL-terminated UTF-8) as an organisation's word. The word
 * is normalised first (thai_normalize); ERR_INVAL if it is empty, not valid
 * UTF-8 or longer than 64 characters. Adding a word twice is harmless. Not
 * safe while another thread segments with `d`. */
int thai_dict_add(struct thai_dict *d, const char *word) WUR;

/* As thai_dict_add, for n bytes at p, with the given source bits. */
int thai_dict_add_n(struct thai_dict *d, const char *p, size_t n, unsigned src) WUR;

/* The source bits of p[0..n) if it is a dictionary word (as is, not
 * normalised), else 0. */
unsigned thai_dict_lookup(const struct thai_dict *d, const char *p, size_t n);

/* Number of distinct words. */
size_t thai_dict_size(const struct thai_dict *d);

/* Frees the dictionary; thai_dict_free(NULL) is a no-op. */
void thai_dict_free(struct thai_dict *d);

/* Segments p[0..n) with the default algorithm, calling fn for each token.
 * Returns 0, ERR_NOMEM, or the first non-zero value fn returned. `d` may be
 * NULL (every Thai run is then unknown). Allocates scratch memory
 * proportional to n and frees it before returning. */
int thai_segment(const struct thai_dict *d, const char *p, size_t n, thai_tok_fn fn, void *ctx) WUR;

/* As thai_segment with a chosen algorithm (the baselines exist for the
 * benchmark). */
int thai_segment_algo(const struct thai_dict *d, const char *p, size_t n, enum thai_algo algo,
		      thai_tok_fn fn, void *ctx) WUR;

enum thai_unit {
	THAI_UNIT_TCC = 1,    /* each Thai Character Cluster */
	THAI_UNIT_BIGRAM = 2, /* each pair of adjacent clusters (a lone cluster alone) */
};

/* Fallback units for an out-of-dictionary run p[0..n) (a THAI_TOK_UNKNOWN
 * token), for the indexer: with THAI_UNIT_TCC each cluster, with
 * THAI_UNIT_BIGRAM each overlapping pair of clusters, so that a query for
 * part of a name ("สมชาย" inside "นายสมชายใจดี") still finds it when the
 * query's own clusters are made into the same units. Units are emitted as
 * THAI_TOK_UNKNOWN tokens with offsets into p. Returns 0, ERR_NOMEM or fn's
 * non-zero value. */
int thai_units(const char *p, size_t n, enum thai_unit mode, thai_tok_fn fn, void *ctx) WUR;

#endif
