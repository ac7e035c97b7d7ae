/* page_cache: a small table of public pages, invalidated by writes and age. */
#include "web/page_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"

#define SLOTS 64
#define KEY_MAX 256
#define BODY_MAX ((size_t)1 << 20)

struct entry {
	char path[KEY_MAX];
	int lang;
	uint64_t generation;
	int64_t made_ms;
	const char *ctype;
	char *body;
	size_t len;
};

static struct entry slots[SLOTS];
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static int max_age_ms;

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static size_t slot_of(const char *path, int lang)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)lang;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)(h % SLOTS);
}

void page_cache_configure(int ms)
{
	max_age_ms = ms;
}

bool page_cache_get(const char *path, int lang, struct buf *out, const char **ctype)
{
	if (max_age_ms <= 0 || strlen(path) >= KEY_MAX)
		return false;
	bool hit = false;
	uint64_t gen = db_generation();
	int64_t now = now_ms();
	pthread_rwlock_rdlock(&lock);
	const struct entry *e = &slots[slot_of(path, lang)];
	if (e->body && e->lang == lang && e->generation == gen && now - e->made_ms < max_age_ms &&
	    strcmp(e->path, path) == 0) {
		buf_reset(out);
		buf_append(out, e->body, e->len);
		*ctype = e->ctype;
		hit = buf_err(out) == 0;
	}
	pthread_rwlock_unlock(&lock);
	return hit;
}

void page_cache_put(const char *path, int lang, uint64_t generation, const char *ctype,
		    const char *body, size_t len)
{
	size_t pl = strlen(path);
	if (max_age_ms <= 0 || pl >= KEY_MAX || len > BODY_MAX || generation != db_generation())
		return;
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return;
	memcpy(copy, body, len);
	pthread_rwlock_wrlock(&lock);
	struct entry *e = &slots[slot_of(path, lang)];
	free(e->body);
	memcpy(e->path, path, pl + 1);
	e->lang = lang;
	e->generation = generation;
	e->made_ms = now_ms();
	e->ctype = ctype;
	e->body = copy;
	e->len = len;
	pthread_rwlock_unlock(&lock);
}

void page_cache_clear(void)
{
	pthread_rwlock_wrlock(&lock);
	for (int i = 0; i < SLOTS; i++) {
		free(slots[i].body);
		slots[i] = (struct entry){0};
	}
	pthread_rwlock_unlock(&lock);
}
