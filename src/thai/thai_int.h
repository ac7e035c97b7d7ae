/*
 * thai_int: what the files of src/thai share and nobody else sees: Thai
 * character classes, Thai Character Cluster (TCC) boundaries over decoded
 * code points, and the dictionary trie's internals.
 */
#ifndef KLANG_THAI_INT_H
#define KLANG_THAI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Consonants ก..ฮ. */
static inline bool thai_cp_cons(uint32_t c)
{
	return c >= 0x0E01 && c <= 0x0E2E;
}

/* Leading vowels เ แ โ ใ ไ: written before the consonant they follow in speech. */
static inline bool thai_cp_lead(uint32_t c)
{
	return c >= 0x0E40 && c <= 0x0E44;
}

/* Combining marks above and below (vowels, tone marks, ็ ์ ํ ๎). */
static inline bool thai_cp_mark(uint32_t c)
{
	return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E);
}

/* Tone marks ่ ้ ๊ ๋. */
static inline bool thai_cp_tone(uint32_t c)
{
	return c >= 0x0E48 && c <= 0x0E4B;
}

/* Following vowels that never start a cluster: ะ า ำ ๅ. */
static inline bool thai_cp_follow(uint32_t c)
{
	return c == 0x0E30 || c == 0x0E32 || c == 0x0E33 || c == 0x0E45;
}

/* Letters that make up Thai words (no digits, no ฯ ๆ ฿ ๏ ๚ ๛). */
static inline bool thai_cp_letter(uint32_t c)
{
	return thai_cp_cons(c) || (c >= 0x0E30 && c <= 0x0E3A) || (c >= 0x0E40 && c <= 0x0E45) ||
	       (c >= 0x0E47 && c <= 0x0E4E);
}

/* Characters that attach to whatever precedes them and never start a token. */
static inline bool thai_cp_attach(uint32_t c)
{
	return thai_cp_mark(c) || thai_cp_follow(c) || (c >= 0x0300 && c <= 0x036F) ||
	       (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200D || (c >= 0x1F3FB && c <= 0x1F3FF);
}

/* The number of code points in the Thai Character Cluster that starts at
 * cp[i] (i < n); at least 1. A word boundary may fall only between clusters. */
size_t thai_tcc_len(const uint32_t *cp, size_t n, size_t i);

/* Decodes p[0..n) into cp[] and the byte offset of each code point into
 * off[] (off[count] == n). A malformed byte decodes as U+FFFD, one byte
 * long. Both arrays need room for n + 1 entries. Returns the count. */
size_t thai_decode(const char *p, size_t n, uint32_t *cp, size_t *off);

/* The dictionary trie: nodes numbered from 1 (the root); an edge is found by
 * hashing (parent, code point). term[node] != 0 marks the end of a word and
 * holds the THAI_SRC_* bits of where the word came from. */
struct thai_dict {
	uint64_t *keys; /* (parent << 21 | cp) + 1 per slot, 0 when the slot is free */
	uint32_t *vals; /* child node per slot */
	size_t cap;     /* slots, a power of two */
	size_t used;    /* occupied slots; kept below cap * 3 / 4 */
	uint8_t *term;  /* per node */
	size_t nodes;   /* nodes in use, root included; node 0 is unused */
	size_t nodes_cap;
	size_t words;
};

/* The child of `node` along `cp`, or 0. */
uint32_t thai_dict_step(const struct thai_dict *d, uint32_t node, uint32_t cp);

/* The words shipped with klang (government and KM vocabulary); NULL-terminated. */
extern const char *const thai_builtin_words[];

#endif
