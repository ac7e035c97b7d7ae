/*
 * auth (web side): carries cookies and headers to the domain's session and
 * token functions, and enforces CSRF. The rules themselves live in km/.
 */
#ifndef KLANG_WEB_AUTH_H
#define KLANG_WEB_AUTH_H

#include "core/err.h"
#include "web/req.h"

/* Establishes r->actor from a bearer token (API routes) or the session
 * cookie, or leaves the public actor of the default organisation. Sets up
 * the CSRF token forms must carry: the session's, or for the public the one
 * in its cookie if it has one (see auth_csrf_ensure). A bad bearer token is ERR_UNAUTH; a stale cookie is not an error
 * (the request goes on as the public, and the cookie is cleared). */
int auth_request(struct req *r) WUR;

/* Gives a visitor without a session a CSRF token (in a cookie) for the
 * forms of the page being answered (the login form). */
void auth_csrf_ensure(struct req *r);

/* For state-changing methods: the CSRF token must match, unless the request
 * came with a bearer token. ERR_FORBIDDEN with a Thai message otherwise. */
int auth_check_csrf(const struct req *r) WUR;

/* The role check of the route table (the domain checks again). */
int auth_check_route(const struct req *r) WUR;

#endif
