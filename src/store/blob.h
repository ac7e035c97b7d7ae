/*
 * blob: a content-addressed file store. Each file is kept once, named by
 * the SHA-256 of its bytes, under DATA/files/ab/cdef… — outside any served
 * folder, with paths the server makes itself (never from a user's file
 * name). Writes go to a temporary file that is renamed into place, so a
 * reader never sees half a file.
 */
#ifndef KLANG_STORE_BLOB_H
#define KLANG_STORE_BLOB_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define BLOB_HASH_LEN 64

/* Stores data under `root` (created if missing) and writes its hex SHA-256. */
int blob_put(const char *root, const void *data, size_t len, char sha[BLOB_HASH_LEN + 1]) WUR;

/* Appends the stored file to `out` (whose cap bounds the size). ERR_NOTFOUND
 * when absent; ERR_INVAL for a malformed hash. */
int blob_get(const char *root, const char *sha, struct buf *out) WUR;

/* True for 64 lower-case hex characters. */
int blob_hash_valid(const char *sha);

#endif
