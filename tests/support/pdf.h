/* A helper for the tests of PDFs (not part of klang): one read back with
 * poppler-glib. */
#ifndef KLANG_TEST_PDF_H
#define KLANG_TEST_PDF_H

#include <stddef.h>

#include <poppler.h>

/* Reads a PDF held in memory; fails the running test unless it starts
 * with "%PDF-" and poppler opens it. The caller unrefs the document. */
PopplerDocument *test_pdf_open(const char *p, size_t len);

#endif
