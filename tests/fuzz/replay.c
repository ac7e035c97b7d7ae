/*
 * replay: runs a fuzz target over the files of its corpus and regression
 * folders, so every input that once crashed (and every seed) is replayed by
 * the normal test run, with or without libFuzzer. Prints TAP, one case per
 * file.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path, int n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("not ok %d - %s: cannot open\n", n, path);
		return 1;
	}
	size_t cap = 1 << 16, len = 0;
	uint8_t *data = malloc(cap);
	size_t got;
	while (data && (got = fread(data + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			uint8_t *bigger = realloc(data, cap * 2);
			if (!bigger) {
				free(data);
				data = NULL;
				break;
			}
			data = bigger;
			cap *= 2;
		}
	}
	fclose(f);
	if (!data) {
		printf("not ok %d - %s: out of memory\n", n, path);
		return 1;
	}
	LLVMFuzzerTestOneInput(data, len); /* a crash aborts the whole run: the test fails */
	free(data);
	printf("ok %d - %s\n", n, path);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	int n = 0, failed = 0;
	char path[4096];
	struct {
		char name[1024];
	} *files = NULL;
	size_t nfiles = 0;
	for (int i = 1; i < argc; i++) {
		struct dirent **list = NULL;
		int count = scandir(argv[i], &list, NULL, by_name);
		for (int j = 0; j < count; j++) {
			if (list[j]->d_name[0] != '.') {
				void *grown = realloc(files, (nfiles + 1) * sizeof *files);
				if (grown) {
					files = grown;
					snprintf(files[nfiles].name, sizeof files[nfiles].name, "%s/%s", argv[i],
						 list[j]->d_name);
					nfiles++;
				}
			}
			free(list[j]);
		}
		free(list);
	}
	printf("1..%zu\n", nfiles);
	for (size_t i = 0; i < nfiles; i++) {
		snprintf(path, sizeof path, "%s", files[i].name);
		failed += run_file(path, ++n);
	}
	free(files);
	return failed ? 1 : 0;
}
