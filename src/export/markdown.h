/*
 * markdown: Markdown to HTML for pages, through cmark-gfm with the table,
 * strikethrough, autolink and tagfilter extensions, in safe mode: raw HTML
 * never reaches a page (it is replaced by a comment) and links or images
 * with javascript:, vbscript:, file: or data: URLs (but data:image/png,
 * gif, jpeg, webp) lose their URL. The caller caps the input's size.
 */
#ifndef KLANG_EXPORT_MARKDOWN_H
#define KLANG_EXPORT_MARKDOWN_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* Appends the HTML of md[0..len) to `out`. Thread-safe. */
int md_to_html(const char *md, size_t len, struct buf *out) WUR;

/* Appends the text of md[0..len) without its markup (for the search index
 * and its snippets): paragraphs and list items on lines of their own. */
int md_to_text(const char *md, size_t len, struct buf *out) WUR;

#endif
