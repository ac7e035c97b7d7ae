/*
 * diff: the difference of two texts for the revision history, as a list of
 * kept, added and removed pieces. Lines are compared first; changed lines
 * are then compared token by token: a Latin word, a run of digits, a space
 * run, or a single Thai (or other) character — word-level for Thai arrives
 * with the Thai segmenter. Work is bounded: beyond the limits a changed
 * block is shown as removed-then-added whole.
 */
#ifndef KLANG_KM_DIFF_H
#define KLANG_KM_DIFF_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"

/* Appends to `out` (a JSON array) objects {"op":"="|"+"|"-","text":"…"}
 * turning `a` into `b`. Adjacent pieces with the same op are merged. */
int diff_texts(const char *a, size_t alen, const char *b, size_t blen, json_t *out) WUR;

#endif
