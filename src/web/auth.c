/* auth: sessions, bearer tokens and CSRF at the HTTP edge. */
#include "web/auth.h"

#include <string.h>

#include "km/org.h"
#include "km/session.h"
#include "km/token.h"
#include "store/db.h"

int auth_request(struct req *r)
{
	int rc;
	const char *bearer = NULL;
	if (r->authorization && strncmp(r->authorization, "Bearer ", 7) == 0)
		bearer = r->authorization + 7;
	if (bearer) {
		if (!r->route || !(r->route->flags & RF_API))
			return err_fail(ERR_UNAUTH, NULL, "ใช้โทเค็นได้กับ API เท่านั้น",
					"Bearer tokens work with the API only.");
		rc = token_resolve(req_db(r), bearer, &r->actor);
		if (rc == ERR_UNAUTH)
			return err_fail(rc, NULL, "โทเค็นไม่ถูกต้องหรือถูกยกเลิกแล้ว",
					"The token is not valid or was revoked.");
		if (rc)
			return rc;
		r->via_token = true;
	} else if (r->cookie_session && r->cookie_session[0]) {
		rc = session_resolve(req_db(r), &r->app->policy, r->cookie_session, &r->actor, r->csrf);
		if (rc == 0) {
			r->via_session = true;
			memcpy(r->session_token, r->cookie_session, SECRET_TOKEN_LEN + 1);
		} else if (rc == ERR_UNAUTH) {
			resp_cookie(r, "klang_session", "", -1, true);
		} else {
			return rc;
		}
	}
	if (!r->actor.account_id) {
		/* The public acts in the instance's default organisation. */
		memset(&r->actor, 0, sizeof r->actor);
		int64_t org = 0;
		rc = org_default(req_db(r), &org);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		r->actor.org_id = org;
		if (r->cookie_pre && strlen(r->cookie_pre) == SECRET_TOKEN_LEN)
			memcpy(r->csrf, r->cookie_pre, SECRET_TOKEN_LEN + 1);
	}
	size_t n = strlen(r->client_ip ? r->client_ip : "");
	if (n >= sizeof r->actor.ip)
		n = sizeof r->actor.ip - 1;
	memcpy(r->actor.ip, r->client_ip ? r->client_ip : "", n);
	r->actor.ip[n] = 0;
	return 0;
}

void auth_csrf_ensure(struct req *r)
{
	if (r->csrf[0])
		return;
	secret_token_new(r->csrf);
	resp_cookie(r, "klang_pre", r->csrf, 365L * 24 * 3600, true);
}

int auth_check_csrf(const struct req *r)
{
	if (r->method == HTTP_GET || r->method == HTTP_HEAD || r->via_token)
		return 0;
	if (r->csrf[0] && r->csrf_sent && secret_equal(r->csrf, r->csrf_sent))
		return 0;
	return err_fail(ERR_FORBIDDEN, "_csrf",
			"แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งจากหน้าของระบบ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
			"This form expired or did not come from our page (CSRF check). Reload the page and try again.");
}

int auth_check_route(const struct req *r)
{
	const struct route *rt = r->route;
	if (!(rt->flags & RF_AUTH) && !rt->roles)
		return 0;
	if (!r->actor.account_id)
		return err_fail(ERR_UNAUTH, NULL, "กรุณาเข้าสู่ระบบก่อน", "Please log in first.");
	if (rt->roles && !(r->actor.roles & rt->roles))
		return err_fail(ERR_FORBIDDEN, NULL, "คุณไม่มีสิทธิ์เข้าถึงหน้านี้",
				"You do not have permission to open this.");
	return 0;
}
