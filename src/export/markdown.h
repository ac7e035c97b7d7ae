/* markdown: Markdown to safe HTML (cmark-gfm). */
#ifndef KLANG_EXPORT_MARKDOWN_H
#define KLANG_EXPORT_MARKDOWN_H
#include <stddef.h>
#include "core/buf.h"
int md_to_html(const char *md, size_t len, struct buf *out);
#endif
