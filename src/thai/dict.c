/*
 * dict: the word dictionary behind thai_segment. A trie over code points
 * whose edges live in one open-addressing hash table keyed by (parent node,
 * code point), so a walk costs one probe per character. libthai's 25,000
 * words are read from its libdatrie file once at start-up.
 */
#include "thai/segment.h"

#include <datrie/trie.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "thai/normalize.h"
#include "thai/thai_int.h"

#define WORD_MAX_CHARS 64

static uint64_t edge_key(uint32_t node, uint32_t cp)
{
	return (((uint64_t)node << 21) | (cp & 0x1FFFFF)) + 1;
}

static size_t edge_hash(uint64_t k, size_t cap)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k & (cap - 1);
}

uint32_t thai_dict_step(const struct thai_dict *d, uint32_t node, uint32_t cp)
{
	uint64_t k = edge_key(node, cp);
	for (size_t h = edge_hash(k, d->cap);; h = (h + 1) & (d->cap - 1)) {
		if (d->keys[h] == k)
			return d->vals[h];
		if (d->keys[h] == 0)
			return 0;
	}
}

static int grow_edges(struct thai_dict *d)
{
	size_t cap = d->cap * 2;
	uint64_t *keys = calloc(cap, sizeof *keys);
	uint32_t *vals = malloc(cap * sizeof *vals);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < d->cap; i++) {
		if (!d->keys[i])
			continue;
		size_t h = edge_hash(d->keys[i], cap);
		while (keys[h])
			h = (h + 1) & (cap - 1);
		keys[h] = d->keys[i];
		vals[h] = d->vals[i];
	}
	free(d->keys);
	free(d->vals);
	d->keys = keys;
	d->vals = vals;
	d->cap = cap;
	return 0;
}

/* The child of `node` along `cp`, created if missing; 0 on ERR_NOMEM. */
static uint32_t step_add(struct thai_dict *d, uint32_t node, uint32_t cp)
{
	if ((d->used + 1) * 4 > d->cap * 3 && grow_edges(d) != 0)
		return 0;
	if (d->nodes == d->nodes_cap) {
		size_t nc = d->nodes_cap * 2;
		uint8_t *t = realloc(d->term, nc);
		if (!t)
			return 0;
		memset(t + d->nodes_cap, 0, nc - d->nodes_cap);
		d->term = t;
		d->nodes_cap = nc;
	}
	uint64_t k = edge_key(node, cp);
	size_t h = edge_hash(k, d->cap);
	for (; d->keys[h]; h = (h + 1) & (d->cap - 1)) {
		if (d->keys[h] == k)
			return d->vals[h];
	}
	d->keys[h] = k;
	d->vals[h] = (uint32_t)d->nodes++;
	d->used++;
	return d->vals[h];
}

int thai_dict_new(struct thai_dict **out)
{
	*out = NULL;
	struct thai_dict *d = calloc(1, sizeof *d);
	if (!d)
		return ERR_NOMEM;
	d->cap = 1024;
	d->nodes_cap = 1024;
	d->nodes = 2; /* 0 means "no node"; 1 is the root */
	d->keys = calloc(d->cap, sizeof *d->keys);
	d->vals = malloc(d->cap * sizeof *d->vals);
	d->term = calloc(d->nodes_cap, 1);
	if (!d->keys || !d->vals || !d->term) {
		thai_dict_free(d);
		return ERR_NOMEM;
	}
	*out = d;
	return 0;
}

void thai_dict_free(struct thai_dict *d)
{
	if (!d)
		return;
	free(d->keys);
	free(d->vals);
	free(d->term);
	free(d);
}

/* Adds code points cp[0..n) as a word with source bits `src`. */
static int add_cps(struct thai_dict *d, const uint32_t *cp, size_t n, unsigned src)
{
	if (n == 0 || n > WORD_MAX_CHARS)
		return ERR_INVAL;
	uint32_t node = 1;
	for (size_t i = 0; i < n; i++) {
		node = step_add(d, node, cp[i]);
		if (!node)
			return ERR_NOMEM;
	}
	if (!d->term[node])
		d->words++;
	d->term[node] |= (uint8_t)src;
	return 0;
}

int thai_dict_add_n(struct thai_dict *d, const char *p, size_t n, unsigned src)
{
	uint32_t cp[WORD_MAX_CHARS + 1];
	size_t off[WORD_MAX_CHARS + 1];
	struct buf b;
	buf_init(&b, 4 * WORD_MAX_CHARS);
	int rc = ERR_INVAL;
	if (n == 0 || n > 4 * WORD_MAX_CHARS || !utf8_valid_text(p, n))
		goto out;
	rc = thai_normalize(p, n, &b);
	if (rc != 0)
		goto out;
	rc = ERR_INVAL;
	if (b.len == 0 || utf8_count(b.p, b.len) > WORD_MAX_CHARS)
		goto out;
	size_t m = thai_decode(b.p, b.len, cp, off);
	rc = add_cps(d, cp, m, src);
out:
	buf_release(&b);
	return rc;
}

int thai_dict_add(struct thai_dict *d, const char *word)
{
	return thai_dict_add_n(d, word, strlen(word), THAI_SRC_ORG);
}

unsigned thai_dict_lookup(const struct thai_dict *d, const char *p, size_t n)
{
	uint32_t node = 1;
	size_t i = 0;
	while (i < n && node) {
		uint32_t c;
		size_t l = utf8_decode(p + i, n - i, &c);
		if (l == 0)
			return 0;
		node = thai_dict_step(d, node, c);
		i += l;
	}
	return node && n > 0 ? d->term[node] : 0;
}

size_t thai_dict_size(const struct thai_dict *d)
{
	return d->words;
}

struct load_ctx {
	struct thai_dict *d;
	unsigned src;
	int rc;
};

static Bool load_word(const AlphaChar *key, TrieData data, void *user)
{
	struct load_ctx *lc = user;
	uint32_t cp[WORD_MAX_CHARS];
	size_t n = 0;
	(void)data;
	while (key[n] && n < WORD_MAX_CHARS) {
		cp[n] = key[n];
		n++;
	}
	if (key[n])
		return DA_TRUE; /* longer than any word we keep */
	int rc = add_cps(lc->d, cp, n, lc->src);
	if (rc == ERR_NOMEM) {
		lc->rc = rc;
		return DA_FALSE;
	}
	return DA_TRUE;
}

int thai_dict_load_trie(struct thai_dict *d, const char *path, unsigned src)
{
	Trie *t = trie_new_from_file(path);
	if (!t)
		return ERR_IO;
	struct load_ctx lc = {d, src, 0};
	if (!trie_enumerate(t, load_word, &lc) && lc.rc == 0)
		lc.rc = ERR_IO;
	trie_free(t);
	return lc.rc;
}

int thai_dict_add_builtin(struct thai_dict *d)
{
	for (size_t i = 0; thai_builtin_words[i]; i++) {
		const char *w = thai_builtin_words[i];
		int rc = thai_dict_add_n(d, w, strlen(w), THAI_SRC_KLANG);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int thai_dict_load_default(struct thai_dict **out)
{
	struct thai_dict *d = NULL;
	int rc = thai_dict_new(&d);
	if (rc != 0)
		goto out;
	rc = thai_dict_load_trie(d, THAI_DICT_LIBTHAI_PATH, THAI_SRC_LIBTHAI);
	if (rc != 0)
		goto out;
	rc = thai_dict_add_builtin(d);
out:
	if (rc != 0) {
		thai_dict_free(d);
		d = NULL;
	}
	*out = d;
	return rc;
}
