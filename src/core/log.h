/*
 * log: one line per event on standard error, with a UTC timestamp.
 * Messages are lower-case and say what failed first, the subject quoted.
 */
#ifndef KLANG_CORE_LOG_H
#define KLANG_CORE_LOG_H

#include <stddef.h>

enum log_level { LOG_SILENT = -1, LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Lines above this level are dropped. Default LOG_INFO. */
void log_set_level(enum log_level level);

/* Suppresses per-request lines (for benchmarks); default on. */
void log_set_requests(int on);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* The request line: "GET /path 200 1234B 567us". The path is written with
 * control characters and quotes escaped. */
void log_request(const char *method, const char *path, unsigned status, size_t bytes,
		 long long usec);

#endif
