/*
 * tcc: Thai Character Clusters, the units a Thai word boundary never cuts,
 * and the fallback units built from them for out-of-dictionary runs.
 *
 * A cluster here is: an optional leading vowel (เ แ โ ใ ไ) with the
 * character after it; then every combining mark and following vowel
 * (ะ า ำ ๅ); after ั, or after a leading vowel with ็, ี or ื, the
 * consonant that must close the syllable (กัน, เป็น, เสีย, เมือ); and any
 * consonant silenced by ์ (with ิ or ุ before the ์), which belongs to
 * the syllable before it (องค์, จันทร์, ศาสตร์).
 */
#include "thai/segment.h"

#include <stdlib.h>

#include "core/utf8.h"
#include "thai/thai_int.h"

size_t thai_decode(const char *p, size_t n, uint32_t *cp, size_t *off)
{
	size_t i = 0, k = 0;
	while (i < n) {
		uint32_t c;
		size_t l = utf8_decode(p + i, n - i, &c);
		if (l == 0) {
			c = 0xFFFD;
			l = 1;
		}
		cp[k] = c;
		off[k] = i;
		k++;
		i += l;
	}
	off[k] = n;
	return k;
}

/* True if a consonant at cp[j] is silenced: followed by ์, or by ิ/ุ then ์. */
static bool silent_at(const uint32_t *cp, size_t n, size_t j)
{
	if (j >= n || !thai_cp_cons(cp[j]))
		return false;
	if (j + 1 < n && cp[j + 1] == 0x0E4C)
		return true;
	return j + 2 < n && (cp[j + 1] == 0x0E34 || cp[j + 1] == 0x0E38) && cp[j + 2] == 0x0E4C;
}

size_t thai_tcc_len(const uint32_t *cp, size_t n, size_t i)
{
	size_t j = i;
	bool lead = thai_cp_lead(cp[j]);
	j++;
	if (lead && j < n && thai_cp_cons(cp[j]))
		j++;
	else if (lead)
		return j - i;
	bool close = false; /* the syllable still needs its final consonant */
	while (j < n && (thai_cp_mark(cp[j]) || thai_cp_follow(cp[j]))) {
		if (cp[j] == 0x0E31 || (lead && (cp[j] == 0x0E47 || cp[j] == 0x0E35 || cp[j] == 0x0E37)))
			close = true;
		j++;
	}
	if (close && j < n && thai_cp_cons(cp[j]) && !silent_at(cp, n, j)) {
		j++;
		while (j < n && (thai_cp_mark(cp[j]) || thai_cp_follow(cp[j])))
			j++;
	}
	while (silent_at(cp, n, j)) {
		j++;
		while (j < n && thai_cp_mark(cp[j]))
			j++;
	}
	return j - i;
}

int thai_units(const char *p, size_t n, enum thai_unit mode, thai_tok_fn fn, void *ctx)
{
	int rc = ERR_NOMEM;
	uint32_t *cp = malloc((n + 1) * sizeof *cp);
	size_t *off = malloc((n + 1) * sizeof *off);
	if (!cp || !off)
		goto out;
	size_t m = thai_decode(p, n, cp, off);
	size_t prev = 0, i = 0, units = 0;
	rc = 0;
	while (i < m && rc == 0) {
		size_t j = i + thai_tcc_len(cp, m, i);
		struct thai_tok t = {off[i], off[j] - off[i], THAI_TOK_UNKNOWN};
		if (mode == THAI_UNIT_BIGRAM) {
			t = (struct thai_tok){off[prev], off[j] - off[prev], THAI_TOK_UNKNOWN};
			if (units > 0 || j == m)
				rc = fn(ctx, &t);
			prev = i;
		} else {
			rc = fn(ctx, &t);
		}
		units++;
		i = j;
	}
out:
	free(cp);
	free(off);
	return rc;
}
