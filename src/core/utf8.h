/*
 * utf8: validation and safe cutting of UTF-8 text. Lengths are in bytes.
 */
#ifndef KLANG_CORE_UTF8_H
#define KLANG_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if p[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF) and holds no NUL and no C0 control other than
 * tab, LF and CR. */
bool utf8_valid_text(const char *p, size_t n);

/* Decodes one code point at p (n bytes available). Returns its length in
 * bytes and stores it in *cp, or returns 0 on a malformed sequence. */
size_t utf8_decode(const char *p, size_t n, uint32_t *cp);

/* The largest length <= max that ends on a character boundary of p[0..n). */
size_t utf8_cut(const char *p, size_t n, size_t max);

/* Number of code points in p[0..n) (malformed bytes count one each). */
size_t utf8_count(const char *p, size_t n);

#endif
