/*
 * wordseg: word-segmentation benchmark. Reads a gold file (one sentence a
 * line, words separated by '|'), segments each joined line with thai_segment
 * and scores word spans: white space is removed from both sides, then a
 * word counts as right when its (start, end) in the space-free text matches a
 * gold word's. Prints counts and speed (MB/s of segmentation alone, dictionary
 * loading excluded); the last line is JSON. WORDSEG_DIFF=1 also prints each
 * sentence the system gets wrong (G gold, S system).
 *
 * usage: wordseg [--algo default|maximal|longest] [--repeat N] FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "thai/segment.h"

struct span {
	size_t a, b;
};

struct spans {
	struct span *v;
	size_t n, cap;
};

struct run {
	const char *line;
	size_t *nsp; /* byte offset -> count of non-space characters before it */
	struct spans *out;
	struct spans *raw; /* byte spans, for WORDSEG_DIFF */
};

static int push(struct spans *s, size_t a, size_t b)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct span *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (struct span){a, b};
	return 0;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The span of p[a..b) in non-space characters, trimmed; 0 if all space. */
static int add_span(struct spans *s, const char *p, const size_t *nsp, size_t a, size_t b)
{
	while (a < b && is_ws((unsigned char)p[a]))
		a++;
	while (b > a && is_ws((unsigned char)p[b - 1]))
		b--;
	if (a == b)
		return 0;
	return push(s, nsp[a], nsp[b]);
}

static int on_tok(void *ctx, const struct thai_tok *t)
{
	struct run *r = ctx;
	if (t->kind != THAI_TOK_SPACE && push(r->raw, t->off, t->off + t->len) != 0)
		return -1;
	return add_span(r->out, r->line, r->nsp, t->off, t->off + t->len);
}

static size_t match(const struct spans *g, const struct spans *s)
{
	size_t i = 0, j = 0, tp = 0;
	while (i < g->n && j < s->n) {
		if (g->v[i].a == s->v[j].a) {
			tp += g->v[i].b == s->v[j].b;
			i++;
			j++;
		} else if (g->v[i].a < s->v[j].a) {
			i++;
		} else {
			j++;
		}
	}
	return tp;
}

int main(int argc, char **argv)
{
	enum thai_algo algo = THAI_ALGO_DEFAULT;
	long repeat = 1;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--algo") && i + 1 < argc) {
			const char *a = argv[++i];
			algo = !strcmp(a, "maximal") ? THAI_ALGO_MAXIMAL
			       : !strcmp(a, "longest") ? THAI_ALGO_LONGEST
						     : THAI_ALGO_DEFAULT;
		} else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			repeat = strtol(argv[++i], NULL, 10);
			if (repeat < 1)
				repeat = 1;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fprintf(stderr, "usage: wordseg [--algo default|maximal|longest] [--repeat N] FILE\n");
		return 2;
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "wordseg: cannot open '%s'\n", path);
		return 1;
	}
	struct thai_dict *d = NULL;
	if (thai_dict_load_default(&d) != 0) {
		fprintf(stderr, "wordseg: cannot load '%s'\n", THAI_DICT_LIBTHAI_PATH);
		return 1;
	}
	struct spans gold = {0}, sys = {0}, raw = {0};
	size_t tp = 0, ng = 0, ns = 0, bytes = 0;
	double secs = 0;
	struct buf text;
	buf_init(&text, BUF_DEFAULT_MAX);
	char *line = NULL;
	size_t cap = 0, *nsp = NULL;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) > 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		buf_reset(&text);
		gold.n = sys.n = 0;
		size_t *bars = malloc(((size_t)len + 2) * sizeof *bars), nb = 0;
		if (!bars)
			return 1;
		for (ssize_t i = 0; i < len; i++) {
			if (line[i] == '|')
				bars[nb++] = text.len;
			else
				buf_putc(&text, line[i]);
		}
		bars[nb++] = text.len;
		free(nsp);
		nsp = malloc((text.len + 1) * sizeof *nsp);
		if (!nsp || buf_err(&text))
			return 1;
		size_t c = 0;
		for (size_t i = 0; i <= text.len; i++) {
			nsp[i] = c;
			if (i < text.len && !is_ws((unsigned char)text.p[i]) &&
			    ((unsigned char)text.p[i] & 0xC0) != 0x80)
				c++;
		}
		size_t prev = 0;
		for (size_t i = 0; i < nb; i++) {
			add_span(&gold, text.p, nsp, prev, bars[i]);
			prev = bars[i];
		}
		free(bars);
		struct run r = {text.p, nsp, &sys, &raw};
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (long k = 0; k < repeat; k++) {
			sys.n = raw.n = 0;
			if (thai_segment_algo(d, text.p, text.len, algo, on_tok, &r) != 0)
				return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		bytes += text.len * (size_t)repeat;
		tp += match(&gold, &sys);
		ng += gold.n;
		ns += sys.n;
		if (getenv("WORDSEG_DIFF") && match(&gold, &sys) != gold.n) {
			printf("G %.*s\nS ", (int)len, line);
			for (size_t i = 0; i < raw.n; i++)
				printf("%.*s|", (int)(raw.v[i].b - raw.v[i].a), text.p + raw.v[i].a);
			printf("\n");
		}
	}
	double p = ns ? (double)tp / (double)ns : 0, rr = ng ? (double)tp / (double)ng : 0;
	double f1 = p + rr > 0 ? 2 * p * rr / (p + rr) : 0;
	printf("file %s algo %s: gold %zu words, system %zu, correct %zu\n", path,
	       algo == THAI_ALGO_MAXIMAL ? "maximal" : algo == THAI_ALGO_LONGEST ? "longest" : "default",
	       ng, ns, tp);
	printf("speed %.1f MB/s (%zu bytes in %.3f s)\n", secs > 0 ? (double)bytes / secs / 1e6 : 0,
	       bytes, secs);
	printf("{\"P\":%.4f,\"R\":%.4f,\"F1\":%.4f}\n", p, rr, f1);
	free(line);
	free(nsp);
	free(gold.v);
	free(sys.v);
	free(raw.v);
	buf_release(&text);
	thai_dict_free(d);
	fclose(f);
	return 0;
}
