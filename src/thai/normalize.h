/*
 * normalize: the one canonical form of text that both the indexer and the
 * query side see, so that spellings that look the same match.
 */
#ifndef KLANG_THAI_NORMALIZE_H
#define KLANG_THAI_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* Appends the normalised form of p[0..n) (UTF-8) to `out`:
 *  - zero-width characters (U+200B..U+200D, U+2060, U+FEFF) and the soft
 *    hyphen U+00AD are removed;
 *  - the combining marks after a Thai base are put in one canonical order
 *    (vowels above/below and ็ first, then tone marks, then ์ ํ ๎) and a
 *    mark repeated in a row is kept once (ก่่ → ก่);
 *  - sara am written as nikhahit + sara aa (U+0E4D U+0E32, with or without a
 *    tone mark between or after) becomes U+0E33 with the tone mark before it
 *    (น ํ ้ า → น้ำ), and ำ followed by a tone mark gets the mark moved before;
 *  - two sara e (เเ), a common typing of sara ae, become แ;
 *  - Thai digits and full-width digits become ASCII digits; Latin capitals
 *    (ASCII, Latin-1, full-width) become ASCII/Latin-1 lower case;
 *  - ๆ (mai yamok) is kept as it is: thai_segment emits it as a token of
 *    its own (THAI_TOK_PUNCT), which the indexer skips, since the word it
 *    repeats is indexed just before it; "ดีๆ" and "ดี ๆ" index the same.
 * Everything else is copied unchanged. Returns 0, ERR_INVAL when the input
 * is not valid UTF-8 (nothing is appended then), or the buffer's error. The
 * output is valid UTF-8 and never longer than the input. */
int thai_normalize(const char *p, size_t n, struct buf *out) WUR;

/* As thai_normalize; with fold_case_digits false, digits and letter case are
 * left as they are, so the result looks exactly like the input (only the
 * invisible differences go): the form klang stores for snippets, whose
 * offsets the search terms of thai_terms refer to. */
int thai_normalize_mode(const char *p, size_t n, bool fold_case_digits, struct buf *out) WUR;

#endif
