#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>

#include "support.h"

int test_rmtree(const char *dir)
{
	char cmd[1024];
	int n = snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (n < 0 || (size_t)n >= sizeof cmd)
		return -1;
	return system(cmd) == 0 ? 0 : -1;
}

char *test_repeat(const char *s, size_t n)
{
	size_t len = strlen(s);
	char *p = malloc(len * n + 1);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		memcpy(p + i * len, s, len);
	p[len * n] = 0;
	return p;
}

#define ZERO_BLOCK ((size_t)1 << 20)
static const char zero_block[ZERO_BLOCK];

char *test_zip(const struct test_zent *e, size_t n, size_t *out_len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_buffer_fragment_t *frags[16] = {0};
	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s;
		if (e[i].data) {
			s = zip_source_buffer(za, e[i].data, e[i].len, 0);
		} else {
			size_t k = (e[i].len + ZERO_BLOCK - 1) / ZERO_BLOCK;
			frags[i] = calloc(k, sizeof *frags[i]);
			assert_non_null(frags[i]);
			for (size_t j = 0; j < k; j++) {
				frags[i][j].data = (zip_uint8_t *)zero_block;
				frags[i][j].length = j + 1 < k ? ZERO_BLOCK : e[i].len - j * ZERO_BLOCK;
			}
			s = zip_source_buffer_fragment(za, frags[i], k, 0);
		}
		assert_non_null(s);
		zip_int64_t idx = zip_file_add(za, e[i].name, s, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		if (e[i].encrypt)
			assert_int_equal(zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256, "secret"), 0);
	}
	assert_int_equal(zip_close(za), 0);
	for (size_t i = 0; i < n; i++)
		free(frags[i]);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
	zip_int64_t size = zip_source_tell(src);
	assert_true(size > 0);
	assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
	char *out = malloc((size_t)size);
	assert_non_null(out);
	assert_int_equal(zip_source_read(src, out, (zip_uint64_t)size), size);
	zip_source_close(src);
	zip_source_free(src);
	*out_len = (size_t)size;
	return out;
}
