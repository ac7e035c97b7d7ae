/* markdown: cmark-gfm in safe mode with the GFM extensions. */
#include "export/markdown.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* Parses md[0..len) and appends it rendered as HTML or as plain text. */
static int render(const char *md, size_t len, bool text, struct buf *out)
{
	pthread_once(&once, register_extensions);
	/* CMARK_OPT_DEFAULT is safe mode: raw HTML and dangerous URLs dropped. */
	const int options = CMARK_OPT_DEFAULT;
	cmark_parser *parser = cmark_parser_new(options);
	if (!parser)
		return ERR_NOMEM;
	static const char *const extensions[] = {"table", "strikethrough", "autolink", "tagfilter"};
	for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
		if (ext)
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	cmark_parser_feed(parser, md, len);
	cmark_node *doc = cmark_parser_finish(parser);
	int rc = ERR_NOMEM;
	if (doc) {
		char *r = text ? cmark_render_plaintext(doc, options, 0)
			       : cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
		if (r) {
			buf_puts(out, r);
			free(r);
			rc = buf_err(out);
		}
		cmark_node_free(doc);
	}
	cmark_parser_free(parser);
	return rc;
}

int md_to_html(const char *md, size_t len, struct buf *out)
{
	return render(md, len, false, out);
}

int md_to_text(const char *md, size_t len, struct buf *out)
{
	return render(md, len, true, out);
}
