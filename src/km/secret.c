/* secret: tokens, hashes and comparisons through libsodium. */
#include "km/secret.h"

#include <sodium.h>
#include <string.h>

int secret_init(void)
{
	return sodium_init() < 0 ? ERR_NOMEM : 0;
}

void secret_token_new(char out[SECRET_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SECRET_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void secret_sha256_hex(const void *p, size_t n, char out[SECRET_HASH_LEN + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(out, SECRET_HASH_LEN + 1, h, sizeof h);
}

bool secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

void secret_password_new(char out[20])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	size_t w = 0;
	for (int i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[w++] = '-';
		out[w++] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	}
	out[w] = 0;
}
