/* TEMPORARY: until src/export/markdown.c lands; escapes the text. */
#include "core/buf.h"
int md_to_html(const char *md, size_t len, struct buf *out);
int md_to_html(const char *md, size_t len, struct buf *out)
{
	buf_puts(out, "<pre>");
	buf_put_html(out, md, len);
	buf_puts(out, "</pre>");
	return buf_err(out);
}
