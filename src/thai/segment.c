/*
 * segment: cutting text into tokens (see segment.h). The text is first split
 * into runs by script (Thai letters, Latin letters, digits, space, other);
 * each Thai run is then cut by a shortest-path search over its word lattice.
 */
#include "thai/segment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "thai/thai_int.h"

/* Path costs, one integer per path. A token costs COST_TOK; a character
 * outside the dictionary costs COST_UNK on top (the baselines use
 * COST_UNK_STRICT: any number of tokens before one unknown character). A
 * dictionary word of one cluster costs COST_SHORT more: libthai lists many
 * rare one-syllable words (ดิ, จิ, โค) that would otherwise chop a
 * transliteration into pieces; with it "แคปิตอลฮิล" stays one unknown run.
 * Below COST_TOK, a small term prefers even word lengths among paths of equal
 * token count. Tuned on the gold sets (see bench/wordseg). */
#define COST_TOK ((int64_t)1 << 16)
#define COST_UNK COST_TOK
#define COST_SHORT COST_TOK
#define COST_UNK_STRICT ((int64_t)1 << 32)
#define COST_INF INT64_MAX

enum { ST_WORD = 0, ST_UNK = 1 };

struct seg {
	const struct thai_dict *d;
	enum thai_algo algo;
	thai_tok_fn fn;
	void *ctx;
	uint32_t *cp;  /* decoded input */
	size_t *off;   /* byte offset of each code point, off[m] == n */
	size_t m;
	uint8_t *bnd;  /* per position of the current Thai run: may a token start here */
	int64_t *cost[2];
	size_t *back[2]; /* previous position << 1 | previous state */
	size_t *path;
	struct thai_tok pend; /* the last token, held back so marks can join it */
	bool abbr;    /* pend is an abbreviation that ends with its dot */
	size_t lead;  /* invisible characters from cp[lead] on open the next token; SIZE_MAX if none */
	int rc;
};

static void flush(struct seg *s)
{
	if (s->pend.len && s->rc == 0)
		s->rc = s->fn(s->ctx, &s->pend);
	s->pend.len = 0;
}

/* Whether [a, b) repeats one consonant, the one just before it or three
 * times or more: a word stretched for emphasis (มากกกก, สุดดด, เธออ,
 * พ่องงงง), which stays one token. */
static bool stretched(const struct seg *s, size_t a, size_t b)
{
	if (a == 0 || !thai_cp_cons(s->cp[a]))
		return false;
	for (size_t i = a; i < b; i++) {
		if (s->cp[i] != s->cp[a])
			return false;
	}
	return s->cp[a - 1] == s->cp[a] || b - a >= 3;
}

/* Emits code points [a, b) as a token; a run of unknown tokens merges into
 * one, and so does a stretched ending with the word it stretches. */
static void emit(struct seg *s, size_t a, size_t b, enum thai_tok_kind kind)
{
	size_t o = s->off[a], e = s->off[b];
	bool thai = kind == THAI_TOK_WORD || kind == THAI_TOK_UNKNOWN;
	bool pend_thai = s->pend.kind == THAI_TOK_WORD || s->pend.kind == THAI_TOK_UNKNOWN;
	if (s->pend.len && s->pend.off + s->pend.len == o &&
	    ((kind == THAI_TOK_UNKNOWN && s->pend.kind == kind) ||
	     (s->algo == THAI_ALGO_DEFAULT && thai && pend_thai && stretched(s, a, b)))) {
		s->pend.len = e - s->pend.off;
		return;
	}
	flush(s);
	if (s->lead < a)
		o = s->off[s->lead];
	s->lead = SIZE_MAX;
	s->pend = (struct thai_tok){o, e - o, kind};
}

/* Zero-width characters (a soft hyphen, a zero-width space or non-joiner,
 * a word joiner, a byte-order mark). */
static bool invisible(uint32_t c)
{
	return c == 0x00AD || c == 0x200B || c == 0x200C || c == 0x2060 || c == 0xFEFF;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) ||
	       c == 0x3000 || c == 0x202F || c == 0x205F;
}

static bool is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0x0E50 && c <= 0x0E59);
}

static bool is_latin(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

/* Marks which positions of the Thai run cp[a..b) may start a token. */
static void mark_bounds(struct seg *s, size_t a, size_t b)
{
	size_t len = b - a;
	for (size_t i = 0; i <= len; i++)
		s->bnd[i] = s->algo == THAI_ALGO_DEFAULT ? 0 : i == len || !thai_cp_attach(s->cp[a + i]);
	if (s->algo != THAI_ALGO_DEFAULT)
		return;
	for (size_t i = 0; i < len; i += thai_tcc_len(s->cp + a, len, i))
		s->bnd[i] = 1;
	s->bnd[len] = 1;
}

static size_t next_bound(const struct seg *s, size_t i, size_t len)
{
	do
		i++;
	while (i < len && !s->bnd[i]);
	return i;
}

/* Greedy longest matching, for the benchmark's baseline. */
static void cut_longest(struct seg *s, size_t a, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t best = 0;
		uint32_t node = 1;
		for (size_t j = i; j < len && node; j++) {
			node = thai_dict_step(s->d, node, s->cp[a + j]);
			if (node && s->d->term[node] && s->bnd[j + 1])
				best = j + 1;
		}
		if (best) {
			emit(s, a + i, a + best, THAI_TOK_WORD);
			i = best;
		} else {
			size_t j = next_bound(s, i, len);
			emit(s, a + i, a + j, THAI_TOK_UNKNOWN);
			i = j;
		}
	}
}

/* The cost of one dictionary word of `chars` code points in `clusters` TCCs. */
static int64_t word_cost(const struct seg *s, size_t chars, size_t clusters)
{
	if (s->algo != THAI_ALGO_DEFAULT)
		return COST_TOK;
	int64_t c = (int64_t)chars;
	int64_t r = COST_TOK + (c > 12 ? 0 : (12 - c) * (12 - c)); /* prefer even lengths */
	if (clusters == 1)
		r += COST_SHORT;
	return r;
}

static void relax(struct seg *s, int st, size_t to, int64_t cost, size_t from, int from_st)
{
	if (cost < s->cost[st][to]) {
		s->cost[st][to] = cost;
		s->back[st][to] = from << 1 | (size_t)from_st;
	}
}

/* True for การ and ความ, which make nouns of the verb after them
 * (การศึกษา, ความรู้) and stay with it as one search word. */
static bool nominal_prefix(const uint32_t *cp, size_t n)
{
	static const uint32_t kan[] = {0x0E01, 0x0E32, 0x0E23};
	static const uint32_t khwam[] = {0x0E04, 0x0E27, 0x0E32, 0x0E21};
	if (n == 3)
		return cp[0] == kan[0] && cp[1] == kan[1] && cp[2] == kan[2];
	return n == 4 && cp[0] == khwam[0] && cp[1] == khwam[1] && cp[2] == khwam[2] && cp[3] == khwam[3];
}

/* Whether consonant c can begin a syllable together with the consonant n
 * after it: a true cluster (คร, กล, ปร, บล), or ห or อ before a sonorant
 * (หน, หร, อย, อล). */
static bool cluster(uint32_t c, uint32_t n)
{
	bool sonorant = n == 0x0E07 || n == 0x0E0D || n == 0x0E19 || n == 0x0E21 || n == 0x0E22 ||
			n == 0x0E23 || n == 0x0E25 || n == 0x0E27; /* ง ญ น ม ย ร ล ว */
	if (c == 0x0E2B || c == 0x0E2D) /* ห อ */
		return sonorant;
	if (n == 0x0E23 || n == 0x0E25 || n == 0x0E27) /* ร ล ว */
		return c == 0x0E01 || c == 0x0E02 || c == 0x0E04 || c == 0x0E15 || c == 0x0E17 ||
		       c == 0x0E1B || c == 0x0E1E || c == 0x0E1C || c == 0x0E1A || c == 0x0E14 ||
		       c == 0x0E1F; /* ก ข ค ต ท ป พ ผ บ ด ฟ */
	return false;
}

/* Shortest path over the word lattice of the Thai run cp[a..a+len). */
static void cut_lattice(struct seg *s, size_t a, size_t len)
{
	for (size_t i = 0; i <= len; i++)
		s->cost[ST_WORD][i] = s->cost[ST_UNK][i] = COST_INF;
	s->cost[ST_WORD][0] = 0;
	for (size_t i = 0; i < len; i++) {
		int64_t cw = s->cost[ST_WORD][i], cu = s->cost[ST_UNK][i];
		if (!s->bnd[i] || (cw == COST_INF && cu == COST_INF))
			continue;
		int from_st = cu < cw ? ST_UNK : ST_WORD;
		int64_t c = cu < cw ? cu : cw;
		uint32_t node = s->d ? 1 : 0;
		size_t cl = 0;
		for (size_t j = i; j < len && node; j++) {
			node = thai_dict_step(s->d, node, s->cp[a + j]);
			cl += s->bnd[j + 1];
			if (!node || !s->d->term[node])
				continue;
			if (s->bnd[j + 1])
				relax(s, ST_WORD, j + 1, c + word_cost(s, j + 1 - i, cl), i, from_st);
			/* the word with its last letter stretched: a vowel once or
			 * more (น้าา), a consonant twice or more (ไปปป; กับบลัช is
			 * กับ + บลัช) */
			size_t e = j + 1;
			while (e < len && s->cp[a + e] == s->cp[a + j])
				e++;
			if (e >= j + (thai_cp_cons(s->cp[a + j]) ? 3 : 2) && s->bnd[e] &&
			    s->algo == THAI_ALGO_DEFAULT)
				relax(s, ST_WORD, e, c + word_cost(s, j + 1 - i, cl), i, from_st);
		}
		size_t j = next_bound(s, i, len);
		int64_t unk = (s->algo == THAI_ALGO_DEFAULT ? COST_UNK : COST_UNK_STRICT) * (int64_t)(j - i);
		if (cw != COST_INF)
			relax(s, ST_UNK, j, cw + unk + COST_TOK, i, ST_WORD);
		if (cu != COST_INF)
			relax(s, ST_UNK, j, cu + unk, i, ST_UNK);
	}
	int st = s->cost[ST_UNK][len] < s->cost[ST_WORD][len] ? ST_UNK : ST_WORD;
	size_t k = 0, i = len;
	while (i > 0) {
		size_t b = s->back[st][i];
		s->path[k++] = i << 1 | (size_t)st;
		i = b >> 1;
		st = (int)(b & 1);
	}
	size_t from = 0;
	bool glue = false; /* the token starts with a lone consonant */
	while (k-- > 0) {
		size_t to = s->path[k] >> 1;
		bool unk = s->path[k] & 1;
		if (!unk && k > 0 && !(s->path[k - 1] & 1) && s->algo == THAI_ALGO_DEFAULT &&
		    nominal_prefix(s->cp + a + from, to - from)) {
			k--; /* การ or ความ joins the word it makes a noun of */
			to = s->path[k] >> 1;
		}
		if (unk && to - from == 1 && thai_cp_cons(s->cp[a + from]) && s->algo == THAI_ALGO_DEFAULT &&
		    (k == 0 || !(s->path[k - 1] & 1))) {
			/* a consonant that is no word alone begins the word after it
			 * when the two can open a syllable (คร้า, หน่า) or at the
			 * start of a run (สถุน), else ends the syllable before it
			 * (ยาคุม, แย้ว, พาร์ท) */
			bool abbr = k == 0 && a + to < s->m && s->cp[a + to] == '.' && from > 0 &&
				    thai_cp_cons(s->cp[a + from - 1]); /* กับอ.: อ. */
			bool onset = k > 0 && cluster(s->cp[a + from], s->cp[a + to]);
			if (from > 0 && !abbr && !onset && s->pend.len &&
			    s->pend.off + s->pend.len == s->off[a + from]) {
				s->pend.len = s->off[a + to] - s->pend.off;
				s->pend.kind = THAI_TOK_UNKNOWN;
				from = to;
				continue;
			}
			if ((from == 0 || onset) && k > 0) {
				glue = true;
				from = to;
				continue;
			}
		}
		emit(s, a + (glue ? from - 1 : from), a + to, unk || glue ? THAI_TOK_UNKNOWN : THAI_TOK_WORD);
		glue = false;
		from = to;
	}
}

static void cut_thai(struct seg *s, size_t a, size_t b)
{
	mark_bounds(s, a, b);
	if (s->algo == THAI_ALGO_LONGEST && s->d)
		cut_longest(s, a, b - a);
	else
		cut_lattice(s, a, b - a);
}

static bool is_ascii_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether cp[i..j) holds ASCII digits only. */
static bool ascii_digits(const struct seg *s, size_t i, size_t j)
{
	for (; i < j; i++) {
		if (s->cp[i] < '0' || s->cp[i] > '9')
			return false;
	}
	return true;
}

/* Whether cp[i..) starts with the ASCII string w, ignoring letter case. */
static bool starts_with(const struct seg *s, size_t i, const char *w)
{
	for (; *w; w++, i++) {
		uint32_t c = i < s->m ? s->cp[i] : 0;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (uint32_t)(unsigned char)*w)
			return false;
	}
	return true;
}

/* The end of a web address (http://…, https://…, www.…) or an @name that
 * starts at cp[i], or i when there is none: printable ASCII up to white
 * space or other script, less the punctuation that ends a sentence. */
static size_t link_end(const struct seg *s, size_t i)
{
	const uint32_t *cp = s->cp;
	size_t j;
	if (starts_with(s, i, "http://") || starts_with(s, i, "https://") || starts_with(s, i, "www."))
		j = i;
	else if (cp[i] == '@' && i + 1 < s->m && is_ascii_alnum(cp[i + 1]) &&
		 (i == 0 || !is_ascii_alnum(cp[i - 1])))
		j = i; /* an @name, not the middle of an e-mail address */
	else
		return i;
	bool at = cp[i] == '@';
	while (j < s->m && cp[j] > 0x20 && cp[j] < 0x7F &&
	       (!at || j == i || is_ascii_alnum(cp[j]) || cp[j] == '_' || cp[j] == '.' || cp[j] == '-'))
		j++;
	while (j > i && (cp[j - 1] == '.' || cp[j - 1] == ',' || cp[j - 1] == ')' || cp[j - 1] == '!' ||
			 cp[j - 1] == '?' || cp[j - 1] == ':' || cp[j - 1] == ';' || cp[j - 1] == '"' ||
			 cp[j - 1] == '\'' || cp[j - 1] == '-'))
		j--;
	return j;
}

/* Marks that join the letters on either side of them into one Latin word:
 * HR-V, Kiehl's, AT&T, snake_case. */
static bool latin_joiner(uint32_t c)
{
	return c == '-' || c == '\'' || c == 0x2019 || c == '&' || c == '_';
}

/* The end of a run of '+' after a number or a Latin word (555+, PA+++,
 * C++) or of the ".-" after a price (199.-), or i when there is none. */
static size_t suffix_end(const struct seg *s, size_t i)
{
	const uint32_t *cp = s->cp;
	size_t j = i;
	if (j < s->m && cp[j] == '+') {
		while (j < s->m && cp[j] == '+')
			j++;
	} else if (j + 1 < s->m && cp[j] == '.' && cp[j + 1] == '-') {
		j += 2;
	}
	if (j < s->m && (is_digit(cp[j]) || is_latin(cp[j])))
		return i; /* 1+1, 5.-3: arithmetic, not a suffix */
	return j;
}

/* The end of an emoticon written in ASCII (:) <3 ^_^ T_T) that starts at
 * cp[i], or i when there is none. */
static size_t emoticon_end(const struct seg *s, size_t i)
{
	static const char *const faces[] = {":-)", ":-(", ":')", ":'(", ":)", ":(", ":D", ":P", ":p",
					    ";)", "<3", "^_^", "^o^", "T^T", "T_T", "-_-", "=_=",
					    "O_o", "o_O", ">_<", NULL};
	uint32_t c = s->cp[i];
	if (c >= 0x7F || !strchr(":;<^T-=Oo>", (int)c) || (i > 0 && is_ascii_alnum(s->cp[i - 1])))
		return i;
	for (size_t k = 0; faces[k]; k++) {
		size_t n = 0;
		while (faces[k][n] && i + n < s->m && s->cp[i + n] == (uint32_t)(unsigned char)faces[k][n])
			n++;
		if (!faces[k][n] && (i + n >= s->m || !is_ascii_alnum(s->cp[i + n])))
			return i + n;
	}
	return i;
}

/* Whether the number cp[i..j) is the number of a list item ("1." or "2)"
 * at the start of a line or after a space, before a space). */
static bool list_number(const struct seg *s, size_t i, size_t j)
{
	return j - i <= 2 && (i == 0 || is_space(s->cp[i - 1])) && j + 1 < s->m &&
	       (s->cp[j] == '.' || s->cp[j] == ')') && is_space(s->cp[j + 1]);
}

/* Symbols whose repetition is one token ("...", "^^", "---", "(((",
 * ">>"); "!" and "?" count one by one. */
static bool repeats(uint32_t c)
{
	return c < 0x7F && c > 0x20 && !is_ascii_alnum(c) && c != '!' && c != '?';
}

/* The end of the run of class `kind` that starts at cp[i]. */
static size_t run_end(const struct seg *s, size_t i, enum thai_tok_kind kind)
{
	const uint32_t *cp = s->cp;
	size_t m = s->m;
	switch (kind) {
	case THAI_TOK_SPACE:
		while (i < m && is_space(cp[i]))
			i++;
		return i;
	case THAI_TOK_NUMBER:
		while (i < m && (is_digit(cp[i]) || ((cp[i] == '.' || cp[i] == ',' || cp[i] == ':') &&
						    i + 1 < m && is_digit(cp[i + 1]))))
			i++;
		return suffix_end(s, i);
	case THAI_TOK_LATIN:
		while (i < m && (is_latin(cp[i]) || (cp[i] >= '0' && cp[i] <= '9') ||
				 (latin_joiner(cp[i]) && i > 0 && is_ascii_alnum(cp[i - 1]) && i + 1 < m &&
				  is_ascii_alnum(cp[i + 1]))))
			i++;
		return suffix_end(s, i);
	case THAI_TOK_WORD:
		while (i < m && thai_cp_letter(cp[i]))
			i++;
		return i;
	default:
		if (repeats(cp[i])) {
			size_t j = i + 1;
			while (j < m && cp[j] == cp[i])
				j++;
			if (j > i + 1)
				return j;
		}
		i++;
		while (i < m && thai_cp_attach(cp[i])) {
			if (cp[i] == 0x200D && i + 1 < m)
				i++; /* a joiner glues the next character (emoji sequences) */
			i++;
		}
		return i;
	}
}

/* Whether the held-back Thai token, followed by a single "." at cp[i], is
 * an abbreviation that takes the dot: up to five consonants without a
 * vowel (น., รพ., กทม., สปสช.: Thai ends no sentence with "."), or, at most
 * three characters long, the first piece of a chain (เม.ย., ค.ศ.). */
static bool abbreviation(const struct seg *s, size_t i)
{
	const struct thai_tok *t = &s->pend;
	if (!t->len || (t->kind != THAI_TOK_WORD && t->kind != THAI_TOK_UNKNOWN) ||
	    t->off + t->len != s->off[i] || (i + 1 < s->m && s->cp[i + 1] == '.'))
		return false;
	size_t a = i, chars = 0;
	bool cons = true;
	while (a > 0 && s->off[a - 1] >= t->off && chars <= 5) {
		a--;
		chars++;
		cons = cons && thai_cp_cons(s->cp[a]);
	}
	if (chars <= 3 && i + 2 < s->m && thai_cp_letter(s->cp[i + 1])) {
		size_t j = i + 1;
		while (j < s->m && j - i <= 4 && thai_cp_letter(s->cp[j]))
			j++;
		if (j - i <= 4 && j < s->m && s->cp[j] == '.')
			return true;
	}
	return cons && chars <= 5;
}

static void scan(struct seg *s)
{
	size_t i = 0;
	while (i < s->m && s->rc == 0) {
		uint32_t c = s->cp[i];
		enum thai_tok_kind kind = THAI_TOK_PUNCT;
		if (thai_cp_attach(c) && s->pend.len && s->pend.kind != THAI_TOK_SPACE && s->lead == SIZE_MAX) {
			/* a mark after a non-Thai token stays with it */
			size_t j = run_end(s, i, THAI_TOK_PUNCT);
			s->pend.len = s->off[j] - s->pend.off;
			i = j;
			continue;
		}
		if (invisible(c)) {
			/* it marks where a word starts: it opens the token after it */
			if (s->lead == SIZE_MAX)
				s->lead = i;
			i++;
			continue;
		}
		size_t j = link_end(s, i);
		if (j == i && (j = emoticon_end(s, i)) > i) {
			s->abbr = false;
			emit(s, i, j, THAI_TOK_PUNCT);
			i = j;
			continue;
		}
		if (j > i) {
			s->abbr = false;
			emit(s, i, j, THAI_TOK_LATIN);
			i = j;
			continue;
		}
		if (c == '.' && abbreviation(s, i)) {
			s->pend.len = s->off[i + 1] - s->pend.off;
			s->pend.kind = THAI_TOK_WORD;
			s->abbr = true;
			i++;
			continue;
		}
		if (is_space(c))
			kind = THAI_TOK_SPACE;
		else if (is_digit(c))
			kind = THAI_TOK_NUMBER;
		else if (is_latin(c))
			kind = THAI_TOK_LATIN;
		else if (thai_cp_letter(c) && !thai_cp_attach(c))
			kind = THAI_TOK_WORD;
		j = run_end(s, i, kind);
		if (kind == THAI_TOK_NUMBER && j < s->m && is_latin(s->cp[j]) && ascii_digits(s, i, j))
			j = run_end(s, i, kind = THAI_TOK_LATIN); /* 4u2, 2GB: one Latin word */
		if (kind == THAI_TOK_NUMBER && list_number(s, i, j))
			j++;
		if (kind == THAI_TOK_WORD && s->abbr && s->pend.off + s->pend.len == s->off[i] &&
		    j - i <= 3 && j < s->m && s->cp[j] == '.' && !(j + 1 < s->m && s->cp[j + 1] == '.')) {
			s->pend.len = s->off[j + 1] - s->pend.off; /* the next piece of ม.ค., พ.ร.บ. */
			i = j + 1;
			continue;
		}
		s->abbr = false;
		if (kind == THAI_TOK_WORD)
			cut_thai(s, i, j);
		else
			emit(s, i, j, kind);
		i = j;
	}
	if (s->lead != SIZE_MAX && s->rc == 0)
		emit(s, s->lead, s->m, THAI_TOK_PUNCT); /* nothing came after them */
	flush(s);
}

int thai_segment_algo(const struct thai_dict *d, const char *p, size_t n, enum thai_algo algo,
		      thai_tok_fn fn, void *ctx)
{
	struct seg s = {.d = d, .algo = algo, .fn = fn, .ctx = ctx, .lead = SIZE_MAX};
	int rc = ERR_NOMEM;
	size_t k = n + 1;
	s.cp = malloc(k * sizeof *s.cp);
	s.off = malloc(k * sizeof *s.off);
	s.bnd = malloc(k);
	s.cost[0] = malloc(k * sizeof(int64_t));
	s.cost[1] = malloc(k * sizeof(int64_t));
	s.back[0] = malloc(k * sizeof(size_t));
	s.back[1] = malloc(k * sizeof(size_t));
	s.path = malloc(k * sizeof(size_t));
	if (!s.cp || !s.off || !s.bnd || !s.cost[0] || !s.cost[1] || !s.back[0] || !s.back[1] ||
	    !s.path)
		goto out;
	s.m = thai_decode(p, n, s.cp, s.off);
	scan(&s);
	rc = s.rc;
out:
	free(s.cp);
	free(s.off);
	free(s.bnd);
	free(s.cost[0]);
	free(s.cost[1]);
	free(s.back[0]);
	free(s.back[1]);
	free(s.path);
	return rc;
}

int thai_segment(const struct thai_dict *d, const char *p, size_t n, thai_tok_fn fn, void *ctx)
{
	return thai_segment_algo(d, p, n, THAI_ALGO_DEFAULT, fn, ctx);
}
