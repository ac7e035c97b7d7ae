/*
 * config: settings from, in rising precedence, built-in defaults, the file
 * DATA/klang.conf (or --config FILE), environment variables KLANG_<KEY>
 * and command-line flags --<key>=<value>. One table (config.c) lists every
 * key with its type, limits and help; docs/CONFIGURATION.md describes them.
 */
#ifndef KLANG_CORE_CONFIG_H
#define KLANG_CORE_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"

struct config {
	char data_dir[512];
	char bind[64];
	int port;
	int threads;          /* HTTP event threads; 0 = one per core */
	int workers;          /* threads for slow work (password hashing…) */
	int conn_limit;       /* open connections in total */
	int per_ip_limit;     /* open connections per client address */
	int conn_timeout;     /* seconds of inactivity before a connection closes */
	int conn_memory_kib;  /* per-connection memory for headers */
	int max_body_kib;     /* largest form or JSON body */
	int max_upload_mib;   /* largest upload (attachments) */
	int session_idle_min;
	int session_max_hours;
	bool secure_cookies;  /* behind TLS: Secure cookies with the __Host- prefix */
	int pwhash_mem_mib;   /* argon2id memory, at least 46 */
	int pwhash_ops;       /* argon2id passes, at least 1 */
	int login_fail_account; /* failures per account in the window before 429 */
	int login_fail_ip;    /* failures per address in the window before 429 */
	int login_window_min;
	char log_level[16];
	bool log_requests;
	int page_cache_ms;    /* public pages may be reused this long; 0: never */
	char base_url[256];   /* public URL for links in shared previews */
	char smtp_url[256];   /* "" : no e-mail; smtp://host:port or smtps://host:port */
	char smtp_user[128];
	char smtp_password[128];
	char smtp_from[256];  /* the sender's address */
	int smtp_interval_s;  /* how often the outbox is sent */
	int training_retention_years; /* purge-training deletes development records older than this */
};

/* Fills in the defaults. */
void config_defaults(struct config *c);

/* Sets one key from text. Returns ERR_NOTFOUND for an unknown key and
 * ERR_INVAL for a bad value, with a message in `why` (static). */
int config_set(struct config *c, const char *key, const char *value, const char **why) WUR;

/* Reads "key = value" lines ('#' starts a comment). A missing file is not an
 * error when `optional`. On error prints the file, line and reason to stderr. */
int config_load_file(struct config *c, const char *path, bool optional) WUR;

/* Applies every KLANG_<KEY> variable of the environment. */
int config_load_env(struct config *c) WUR;

/* Prints every key with its type, default and help (for --help and docs). */
void config_describe(FILE *out);

#endif
