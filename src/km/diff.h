/*
 * diff: the difference of two texts for the revision history, as a list of
 * kept, added and removed pieces. Lines are compared first; changed lines
 * are then compared token by token: words from the Thai segmenter (thai/)
 * when a dictionary is given, else Latin words, digit runs, space runs and
 * single characters with their marks. Work is bounded: beyond the limits a
 * changed block is shown as removed-then-added whole.
 */
#ifndef KLANG_KM_DIFF_H
#define KLANG_KM_DIFF_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"

/* Appends to `out` (a JSON array) objects {"op":"="|"+"|"-","text":"…"}
 * turning `a` into `b`. Adjacent pieces with the same op are merged.
 * `dict` (may be NULL) gives word-level pieces for Thai. */
struct thai_dict;
int diff_texts(const struct thai_dict *dict, const char *a, size_t alen, const char *b, size_t blen,
	       json_t *out) WUR;

#endif
