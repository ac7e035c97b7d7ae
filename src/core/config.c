/* config: one table of keys, read from file, environment and flags. */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

enum type { T_INT, T_BOOL, T_STR };

struct key {
	const char *name;
	enum type type;
	size_t off;
	size_t size;   /* for strings: the field's capacity */
	long min, max; /* for integers */
	const char *def;
	const char *help;
};

#define INT(n, f, lo, hi, d, h) {n, T_INT, offsetof(struct config, f), 0, lo, hi, d, h}
#define BOOL(n, f, d, h) {n, T_BOOL, offsetof(struct config, f), 0, 0, 1, d, h}
#define STRK(n, f, d, h) {n, T_STR, offsetof(struct config, f), sizeof(((struct config *)0)->f), 0, 0, d, h}

static const struct key keys[] = {
	STRK("data", data_dir, "data", "data directory (database, files)"),
	STRK("bind", bind, "127.0.0.1", "address to listen on"),
	INT("port", port, 1, 65535, "8080", "TCP port"),
	INT("threads", threads, 0, 256, "0", "HTTP event threads (0 = one per core)"),
	INT("workers", workers, 1, 64, "2", "threads for slow work such as password hashing"),
	INT("conn_limit", conn_limit, 16, 100000, "1024", "open connections in total"),
	INT("per_ip_limit", per_ip_limit, 1, 100000, "256", "open connections per client address"),
	INT("conn_timeout", conn_timeout, 1, 3600, "30", "seconds before an idle connection closes"),
	INT("conn_memory_kib", conn_memory_kib, 16, 4096, "64", "memory per connection for headers (KiB)"),
	INT("max_body_kib", max_body_kib, 1, 1048576, "1024", "largest form or JSON body (KiB)"),
	INT("max_upload_mib", max_upload_mib, 1, 2048, "50", "largest upload, e.g. an attachment (MiB)"),
	INT("session_idle_min", session_idle_min, 1, 10080, "120", "minutes of inactivity that end a session"),
	INT("session_max_hours", session_max_hours, 1, 720, "12", "hours after login that end a session"),
	BOOL("secure_cookies", secure_cookies, "false", "served behind TLS: Secure cookies with the __Host- prefix"),
	INT("pwhash_mem_mib", pwhash_mem_mib, 46, 4096, "64", "argon2id memory per hash (MiB, at least 46)"),
	INT("pwhash_ops", pwhash_ops, 1, 20, "2", "argon2id passes"),
	INT("login_fail_account", login_fail_account, 1, 1000, "5", "failed logins per account in the window before 429"),
	INT("login_fail_ip", login_fail_ip, 1, 10000, "20", "failed logins per address in the window before 429"),
	INT("login_window_min", login_window_min, 1, 1440, "15", "minutes a failed login counts"),
	STRK("log_level", log_level, "info", "error, warn, info or debug"),
	BOOL("log_requests", log_requests, "true", "one log line per request"),
	INT("page_cache_ms", page_cache_ms, 0, 60000, "1000", "how long (ms) a public page may be reused for visitors without a login; writes through this server end it at once; 0 turns it off"),
	STRK("base_url", base_url, "http://127.0.0.1:8080", "public address, for links in shared previews and e-mail"),
	STRK("smtp_url", smtp_url, "", "SMTP server for e-mail notifications (smtp://host:587 or smtps://host:465); empty: no e-mail"),
	STRK("smtp_user", smtp_user, "", "SMTP login (empty: none)"),
	STRK("smtp_password", smtp_password, "", "SMTP password"),
	STRK("smtp_from", smtp_from, "klang@localhost", "the sender's address of e-mail notifications"),
	INT("smtp_interval_s", smtp_interval_s, 1, 3600, "10", "seconds between sends of the e-mail outbox"),
	INT("training_retention_years", training_retention_years, 1, 100, "10", "years development records are kept; 'purge-training' deletes older ones"),
};

static const struct key *find(const char *name)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	}
	return NULL;
}

static int apply(struct config *c, const struct key *k, const char *v, const char **why)
{
	char *field = (char *)c + k->off;
	switch (k->type) {
	case T_INT: {
		int64_t n;
		if (!str_to_i64(str_c(v), k->min, k->max, &n)) {
			*why = "expected a whole number in the allowed range";
			return ERR_INVAL;
		}
		*(int *)field = (int)n;
		return 0;
	}
	case T_BOOL:
		if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "on")) {
			*(bool *)field = true;
		} else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no") ||
			   !strcmp(v, "off")) {
			*(bool *)field = false;
		} else {
			*why = "expected true or false";
			return ERR_INVAL;
		}
		return 0;
	case T_STR: {
		size_t n = strlen(v);
		if (n >= k->size) {
			*why = "value too long";
			return ERR_TOOBIG;
		}
		memcpy(field, v, n + 1);
		return 0;
	}
	}
	return ERR_INVAL;
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *why;
		int rc = apply(c, &keys[i], keys[i].def, &why);
		(void)rc; /* the defaults are valid by construction */
	}
}

int config_set(struct config *c, const char *key, const char *value, const char **why)
{
	const struct key *k = find(key);
	if (!k) {
		*why = "unknown setting";
		return ERR_NOTFOUND;
	}
	return apply(c, k, value, why);
}

int config_load_file(struct config *c, const char *path, bool optional)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (optional && errno == ENOENT)
			return 0;
		fprintf(stderr, "klang: cannot open config file '%s': %s\n", path, strerror(errno));
		return ERR_IO;
	}
	char line[1024];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		struct str s = str_trim(str_c(line));
		if (s.len == 0)
			continue;
		struct str k, v;
		if (!str_split(s, '=', &k, &v)) {
			fprintf(stderr, "klang: %s:%d: expected 'key = value'\n", path, lineno);
			rc = ERR_INVAL;
			break;
		}
		k = str_trim(k);
		v = str_trim(v);
		char kb[64], vb[600];
		if (k.len >= sizeof kb || v.len >= sizeof vb) {
			fprintf(stderr, "klang: %s:%d: line too long\n", path, lineno);
			rc = ERR_TOOBIG;
			break;
		}
		memcpy(kb, k.p, k.len);
		kb[k.len] = 0;
		memcpy(vb, v.p, v.len);
		vb[v.len] = 0;
		const char *why = NULL;
		rc = config_set(c, kb, vb, &why);
		if (rc) {
			fprintf(stderr, "klang: %s:%d: '%s': %s\n", path, lineno, kb, why);
			break;
		}
	}
	fclose(f);
	return rc;
}

int config_load_env(struct config *c)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char name[80] = "KLANG_";
		size_t n = 6;
		for (const char *p = keys[i].name; *p && n < sizeof name - 1; p++)
			name[n++] = (char)toupper((unsigned char)*p);
		name[n] = 0;
		const char *v = getenv(name);
		if (!v)
			continue;
		const char *why = NULL;
		int rc = apply(c, &keys[i], v, &why);
		if (rc) {
			fprintf(stderr, "klang: environment %s: %s\n", name, why);
			return rc;
		}
	}
	return 0;
}

void config_describe(FILE *out)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const struct key *k = &keys[i];
		const char *t = k->type == T_INT ? "number" : k->type == T_BOOL ? "true|false" : "text";
		fprintf(out, "  %-20s %-10s default %-24s %s\n", k->name, t, k->def, k->help);
	}
}
