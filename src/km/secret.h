/*
 * secret: random tokens, their hashes and constant-time comparison
 * (libsodium). Session and API tokens are 256 random bits in base64url; the
 * database keeps only their SHA-256 in hex.
 */
#ifndef KLANG_KM_SECRET_H
#define KLANG_KM_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define SECRET_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */
#define SECRET_HASH_LEN 64  /* hex of SHA-256 */

/* Initialises libsodium; call once at start-up. */
int secret_init(void) WUR;

/* Writes a new random token (NUL-terminated) into out. */
void secret_token_new(char out[SECRET_TOKEN_LEN + 1]);

/* Writes the hex SHA-256 of p[0..n) into out. */
void secret_sha256_hex(const void *p, size_t n, char out[SECRET_HASH_LEN + 1]);

/* Constant-time comparison of two strings of equal length; false if the
 * lengths differ. */
bool secret_equal(const char *a, const char *b);

/* A one-time password that people can type: 16 characters from an
 * alphabet without look-alikes (no 0/O, 1/l/I), grouped xxxx-xxxx-xxxx-xxxx. */
void secret_password_new(char out[20]);

#endif
