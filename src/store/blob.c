/* blob: content-addressed files with atomic writes. */
#include "store/blob.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/log.h"

int blob_hash_valid(const char *sha)
{
	if (!sha || strlen(sha) != BLOB_HASH_LEN)
		return 0;
	for (const char *p = sha; *p; p++) {
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	}
	return 1;
}

static int mkdir_p(const char *dir)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_error("blob: cannot create '%s': %s", dir, strerror(errno));
		return ERR_IO;
	}
	return 0;
}

static int path_of(const char *root, const char *sha, char *dir, size_t dcap, char *file, size_t fcap)
{
	int n = snprintf(dir, dcap, "%s/%.2s", root, sha);
	int m = snprintf(file, fcap, "%s/%.2s/%s", root, sha, sha + 2);
	return n < 0 || (size_t)n >= dcap || m < 0 || (size_t)m >= fcap ? ERR_TOOBIG : 0;
}

int blob_put(const char *root, const void *data, size_t len, char sha[BLOB_HASH_LEN + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(sha, BLOB_HASH_LEN + 1, h, sizeof h);
	char dir[1024], file[1100], tmp[1200];
	int rc = path_of(root, sha, dir, sizeof dir, file, sizeof file);
	if (rc || (rc = mkdir_p(root)) || (rc = mkdir_p(dir)))
		return rc;
	struct stat st;
	if (stat(file, &st) == 0 && (size_t)st.st_size == len)
		return 0; /* already stored */
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", file, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_error("blob: cannot create '%s': %s", tmp, strerror(errno));
		return ERR_IO;
	}
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_error("blob: cannot write '%s': %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			return ERR_IO;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, file) != 0) {
		log_error("blob: cannot store '%s': %s", file, strerror(errno));
		unlink(tmp);
		return ERR_IO;
	}
	return 0;
}

int blob_get(const char *root, const char *sha, struct buf *out)
{
	if (!blob_hash_valid(sha))
		return ERR_INVAL;
	char dir[1024], file[1100];
	int rc = path_of(root, sha, dir, sizeof dir, file, sizeof file);
	if (rc)
		return rc;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
	rc = buf_read_fd(out, fd);
	close(fd);
	return rc;
}
