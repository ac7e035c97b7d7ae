/* assets: static files with content types and caching. */
#include "web/assets.h"

#include <string.h>

#include "km/secret.h"
#include "web/handlers.h"

static char version[13];

const char *assets_version(void)
{
	if (!version[0]) {
		/* Digest of the names and contents, chained. */
		char acc[SECRET_HASH_LEN + 1] = "";
		for (const struct embed_file *f = web_static; f->name; f++) {
			char h[SECRET_HASH_LEN + 1];
			secret_sha256_hex(f->data, f->len, h);
			char both[2 * SECRET_HASH_LEN + 2 + 128];
			size_t n = 0;
			memcpy(both, acc, strlen(acc));
			n += strlen(acc);
			memcpy(both + n, h, SECRET_HASH_LEN);
			n += SECRET_HASH_LEN;
			size_t nl = strlen(f->name) < 128 ? strlen(f->name) : 128;
			memcpy(both + n, f->name, nl);
			n += nl;
			secret_sha256_hex(both, n, acc);
		}
		memcpy(version, acc, 12);
		version[12] = 0;
	}
	return version;
}

static const char *content_type(const char *name)
{
	static const struct {
		const char *ext;
		const char *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".woff", "font/woff"},
		{".woff2", "font/woff2"},
		{".png", "image/png"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++) {
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

static int send_file(struct req *r, const struct embed_file *f)
{
	buf_reset(&r->out);
	buf_append(&r->out, f->data, f->len);
	r->status = 200;
	r->content_type_out = content_type(f->name);
	const char *v = req_str(r, "v");
	if (v && strcmp(v, assets_version()) == 0)
		resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	else
		resp_header(r, "Cache-Control", "public, max-age=300");
	return buf_err(&r->out);
}

int h_static(struct req *r)
{
	const char *name = req_str(r, "name");
	const struct embed_file *f = embed_find(web_static, name);
	if (!f)
		return ERR_NOTFOUND;
	return send_file(r, f);
}

int h_favicon(struct req *r)
{
	const struct embed_file *f = embed_find(web_static, "favicon.svg");
	if (!f)
		return ERR_NOTFOUND;
	return send_file(r, f);
}
