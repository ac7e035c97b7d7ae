/*
 * server: the HTTP server (libmicrohttpd, epoll, a thread pool sized to the
 * cores) and the worker pool for slow routes. The only file that includes
 * <microhttpd.h>.
 */
#ifndef KLANG_WEB_SERVER_H
#define KLANG_WEB_SERVER_H

#include "core/err.h"
#include "web/app.h"

/* Serves until SIGTERM or SIGINT, then stops accepting, lets requests in
 * flight finish (up to a grace period) and returns. */
int server_run(struct app *app) WUR;

#endif
