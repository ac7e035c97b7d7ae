/* Helpers shared by the test programs (not part of klang). */
#ifndef KLANG_TEST_SUPPORT_H
#define KLANG_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

/* Removes a temporary test directory and everything in it; 0 on success. */
int test_rmtree(const char *dir);

/* One entry of a test zip: `data` NULL means `len` zero bytes, streamed
 * and never held whole in memory (for zip-bomb fixtures). */
struct test_zent {
	const char *name;
	const char *data;
	size_t len;
	bool encrypt;
};

/* A zip archive built in memory from n entries (at most 16); fails the
 * running cmocka test if libzip refuses. The caller frees it. */
char *test_zip(const struct test_zent *e, size_t n, size_t *out_len);

/* `s` n times over, in a new heap block the caller frees; fails the
 * running cmocka test when out of memory. */
char *test_repeat(const char *s, size_t n);

#endif
