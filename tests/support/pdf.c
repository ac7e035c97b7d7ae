/* A helper for the tests of PDFs: one read back with poppler-glib. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pdf.h"

PopplerDocument *test_pdf_open(const char *p, size_t len)
{
	assert_true(len > 5);
	assert_memory_equal(p, "%PDF-", 5);
	GBytes *bytes = g_bytes_new(p, len);
	GError *gerr = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (!doc)
		fail_msg("poppler: %s", gerr ? gerr->message : "cannot open the PDF");
	return doc;
}
