/*
 * words: the dictionary search cuts text with, and the words an
 * organisation's admins add to it (names of places, projects, local terms
 * that libthai lacks), kept in search_words.
 *
 * The dictionary is one per process, shared read-only by every thread (an
 * instance's organisations share it). A change builds a new one (libthai's
 * words, klang's, every organisation's) and swaps the pointer; a thread
 * still cutting a text with the old one keeps using it, so a retired
 * dictionary is freed only RETIRE_S seconds later (cutting the largest
 * text takes milliseconds; callers take search_dict() afresh for each
 * text). The
 * entries whose text holds the word are taken out of the index before the
 * swap and put back after it, so the index always holds text cut the way
 * queries cut it.
 */
#include "search/search.h"
#include "search/search_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/utf8.h"
#include "store/db.h"
#include "store/db_json.h"
#include "thai/segment.h"

#define RETIRE_S 30

static _Atomic(struct thai_dict *) current;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t swap_lock = PTHREAD_MUTEX_INITIALIZER;
static struct retired {
	struct thai_dict *d;
	int64_t at; /* monotonic µs when it stopped being current */
} *retired;
static size_t nretired;

static void free_all(void)
{
	for (size_t i = 0; i < nretired; i++)
		thai_dict_free(retired[i].d);
	free(retired);
	thai_dict_free(atomic_load(&current));
}

/* Frees the dictionaries retired long enough ago (under swap_lock). */
static void reap(int64_t now)
{
	size_t k = 0;
	for (size_t i = 0; i < nretired; i++) {
		if (now - retired[i].at >= (int64_t)RETIRE_S * 1000000)
			thai_dict_free(retired[i].d);
		else
			retired[k++] = retired[i];
	}
	nretired = k;
}

static void first_load(void)
{
	struct thai_dict *d = NULL;
	if (thai_dict_load_default(&d)) {
		log_error("search: cannot load the Thai dictionary '%s' (package libthai-data):"
			  " Thai words are indexed as unknown runs",
			  THAI_DICT_LIBTHAI_PATH);
		d = NULL;
	}
	atomic_store(&current, d);
	atexit(free_all);
}

const struct thai_dict *search_dict(void)
{
	pthread_once(&once, first_load);
	return atomic_load(&current);
}

/* Builds the dictionary anew with every organisation's words and makes it
 * the current one. */
static int rebuild(struct db *db)
{
	struct thai_dict *d = NULL;
	int rc = thai_dict_load_default(&d);
	if (rc)
		return rc;
	struct db_stmt *st = NULL;
	rc = db_query(db, "SELECT word FROM search_words", DB_NOARGS, &st);
	for (; rc == 0 && (rc = db_step(st)) == DB_ROW; rc = 0) {
		const char *w = db_col_text(st, 0, NULL);
		if (thai_dict_add(d, w))
			log_warn("search: word '%s' left out of the dictionary", w);
		err_clear();
	}
	db_done(st);
	if (rc < 0) {
		thai_dict_free(d);
		return rc;
	}
	pthread_mutex_lock(&swap_lock);
	int64_t now = clock_mono_us();
	reap(now);
	struct retired *r = realloc(retired, (nretired + 1) * sizeof *r);
	if (r) {
		retired = r;
		retired[nretired++] = (struct retired){atomic_exchange(&current, d), now};
	}
	pthread_mutex_unlock(&swap_lock);
	if (!r) {
		thai_dict_free(d);
		return ERR_NOMEM;
	}
	return 0;
}

int search_words_load(struct db *db)
{
	search_dict();
	int64_t n = 0;
	int rc = db_query_int(db, "SELECT count(*) FROM search_words", DB_NOARGS, &n);
	if (rc || n == 0)
		return rc;
	return rebuild(db);
}

/* A word of Thai letters: it starts with a consonant or a leading vowel
 * (เ แ โ ใ ไ), then consonants, vowels and marks; 2 to SEARCH_WORD_MAX
 * characters. */
static bool thai_letter(uint32_t c, bool first)
{
	bool cons = c >= 0x0E01 && c <= 0x0E2E;
	bool lead = c >= 0x0E40 && c <= 0x0E44;
	if (first)
		return cons || lead;
	return cons || lead || (c >= 0x0E30 && c <= 0x0E3A) || c == 0x0E45 || (c >= 0x0E47 && c <= 0x0E4E);
}

static int check_word(const char *w)
{
	size_t n = w ? strlen(w) : 0, chars = 0;
	bool ok = n > 0 && utf8_valid_text(w, n);
	for (size_t i = 0; ok && i < n; chars++) {
		uint32_t c = 0;
		size_t l = utf8_decode(w + i, n - i, &c);
		ok = l > 0 && thai_letter(c, chars == 0);
		i += l ? l : 1;
	}
	if (!ok || chars < 2 || chars > SEARCH_WORD_MAX)
		return err_fail(ERR_INVAL, "word", "คำศัพท์ต้องเป็นอักษรไทย 2–64 ตัว ไม่มีช่องว่างหรือเครื่องหมาย",
				"A word is 2 to 64 Thai letters, without spaces or punctuation.");
	return 0;
}

/* The messages above and below spell the limits out. */
_Static_assert(SEARCH_WORD_MAX == 64 && SEARCH_WORDS_MAX == 2000, "update the messages");

/* Adds or removes (`add`) a word with the index kept in step. */
static int change(struct db *db, int64_t org_id, const char *word, int64_t id, int64_t account_id,
		  bool add, int64_t *id_out)
{
	int rc = db_begin(db);
	if (rc)
		return rc;
	char *w = NULL;
	if (add) {
		int64_t count = 0;
		rc = db_query_int(db, "SELECT count(*) FROM search_words WHERE org_id = $1", DB_ARGS(DB_INT(org_id)),
				  &count);
		if (rc == 0 && count >= SEARCH_WORDS_MAX)
			rc = err_fail(ERR_TOOBIG, "word", "มีคำศัพท์ครบ 2,000 คำแล้ว", "The organisation has 2,000 words already.");
		if (rc == 0)
			rc = db_query_int(db,
					  "INSERT INTO search_words (org_id, word, created_by, created_at)"
					  " VALUES ($1, $2, $3, $4) RETURNING id",
					  DB_ARGS(DB_INT(org_id), DB_TEXT(word), DB_ID_OR_NULL(account_id),
						  DB_INT(clock_now())),
					  &id);
		if (rc == ERR_CONFLICT)
			rc = err_fail(rc, "word", "มีคำนี้อยู่แล้ว", "The word is there already.");
		w = rc == 0 ? strdup(word) : NULL;
		if (rc == 0 && !w)
			rc = ERR_NOMEM;
	} else {
		struct db_stmt *st = NULL;
		rc = db_query(db, "SELECT word FROM search_words WHERE id = $1 AND org_id = $2",
			      DB_ARGS(DB_INT(id), DB_INT(org_id)), &st);
		if (rc == 0 && (rc = db_step(st)) == DB_ROW)
			w = strdup(db_col_text(st, 0, NULL));
		db_done(st);
		if (rc == DB_DONE)
			rc = err_fail(ERR_NOTFOUND, NULL, "ไม่พบคำศัพท์นี้", "No such word.");
		else if (rc == DB_ROW)
			rc = w ? 0 : ERR_NOMEM;
		if (rc == 0)
			rc = db_exec(db, "DELETE FROM search_words WHERE id = $1", DB_ARGS(DB_INT(id)));
	}
	int64_t *ids = NULL;
	size_t n = 0;
	bool swapped = false;
	if (rc == 0)
		rc = sq_unindex_matching(db, w, &ids, &n);
	if (rc == 0 && (rc = rebuild(db)) == 0)
		swapped = true;
	if (rc == 0)
		rc = sq_reindex_ids(db, ids, n);
	free(ids);
	free(w);
	rc = db_end(db, rc);
	/* the change did not happen: the dictionary goes back to what is stored */
	if (rc && swapped && rebuild(db))
		log_error("search: the dictionary may differ from the stored words until restart");
	if (rc == 0 && id_out)
		*id_out = id;
	return rc;
}

int search_word_add(struct db *db, int64_t org_id, const char *word, int64_t account_id, int64_t *id_out)
{
	int rc = check_word(word);
	return rc ? rc : change(db, org_id, word, 0, account_id, true, id_out);
}

int search_word_delete(struct db *db, int64_t org_id, int64_t id)
{
	return change(db, org_id, NULL, id, 0, false, NULL);
}

int search_word_list(struct db *db, int64_t org_id, json_t **out)
{
	return db_query_json(db, "SELECT id, word, created_at FROM search_words WHERE org_id = $1 ORDER BY word",
			     DB_ARGS(DB_INT(org_id)), 0, out);
}
