/* log: timestamped lines on stderr, each written with one write(2). */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static enum log_level max_level = LOG_INFO;
static int requests_on = 1;

void log_set_level(enum log_level level)
{
	max_level = level;
}

void log_set_requests(int on)
{
	requests_on = on;
}

static size_t stamp(char *out, size_t cap, enum log_level level)
{
	static const char *names[] = {"error", "warn", "info", "debug"};
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	int n = snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 ts.tv_nsec / 1000000, names[level]);
	return n < 0 ? 0 : (size_t)n;
}

static void emit(char *line, size_t n, size_t cap)
{
	if (n >= cap - 1)
		n = cap - 2;
	line[n++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, n);
	(void)w;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level > max_level)
		return;
	char line[2048];
	size_t n = stamp(line, sizeof line, level);
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof line - n, fmt, ap);
	va_end(ap);
	if (m > 0)
		n += (size_t)m;
	emit(line, n, sizeof line);
}

void log_request(const char *method, const char *path, unsigned status, size_t bytes,
		 long long usec)
{
	if (!requests_on || max_level < LOG_INFO)
		return;
	char line[1024];
	size_t n = stamp(line, sizeof line, LOG_INFO);
	int m = snprintf(line + n, sizeof line - n, "%s \"", method);
	if (m > 0)
		n += (size_t)m;
	for (const char *p = path; *p && n < 900; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F)
			n += (size_t)snprintf(line + n, sizeof line - n, "\\x%02x", c);
		else
			line[n++] = (char)c;
	}
	m = snprintf(line + n, sizeof line - n, "\" %u %zuB %lldus", status, bytes, usec);
	if (m > 0)
		n += (size_t)m;
	emit(line, n, sizeof line);
}
