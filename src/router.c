/*
 * router.c: the table of routes (after cgit's cmd.c) and the per-request
 * set-up every page shares: who is logged in, the CSRF token, and whether
 * they may use the route at all.
 */
#include "app.h"
#include "auth.h"
#include "authz.h"
#include "ui.h"
#include "ui-cohort.h"
#include "ui-peer.h"
#include "ui-plan.h"

#include <string.h>
#include <time.h>

/* Every route says who may use it (authz.h); the router refuses
 * everyone else before the page runs, and the page asks authz.c again
 * for what it shows. */
struct route {
	const char *method;
	const char *pattern;   /* '*' matches one path segment */
	page_fn *fn;
	enum access need;
};

static const struct route routes[] = {
	{ "GET",  "/",                  ui_home,           ACCESS_ANYONE },
	{ "GET",  "/signup",            ui_signup_form,    ACCESS_ANYONE },
	{ "POST", "/signup",            ui_signup,         ACCESS_ANYONE },
	{ "GET",  "/login",             ui_login_form,     ACCESS_ANYONE },
	{ "POST", "/login",             ui_login,          ACCESS_ANYONE },
	{ "POST", "/logout",            ui_logout,         ACCESS_ANYONE },
	{ "GET",  "/s/*",               ui_session,        ACCESS_OWNER },
	{ "POST", "/s/*/r/*",           ui_reading_save,   ACCESS_OWNER },
	{ "POST", "/s/*/thoughts",      ui_thoughts_save,  ACCESS_OWNER },
	{ "GET",  "/s/*/plan",          ui_plan,           ACCESS_OWNER },
	{ "GET",  "/s/*/export.*",      ui_export,         ACCESS_OWNER },
	{ "GET",  "/s/*/e/*",           ui_exercise,       ACCESS_OWNER },
	{ "GET",  "/s/*/e/*/history",   ui_plan_history,   ACCESS_OWNER },
	{ "POST", "/s/*/e/*",           ui_exercise_save,  ACCESS_OWNER },
	{ "GET",  "/static/*",          ui_static,         ACCESS_ANYONE },
	/* Cohorts: the facilitator's side (ui-cohort.c, ui-dashboard.c,
	 * ui-review.c) */
	{ "GET",  "/cohorts",           ui_cohorts,        ACCESS_USER },
	{ "POST", "/cohorts",           ui_cohort_create,  ACCESS_CREATOR },
	{ "GET",  "/c/*",               ui_cohort,         ACCESS_MEMBER },
	{ "POST", "/c/*/invites",       ui_invite_add,     ACCESS_FACILITATOR },
	{ "POST", "/c/*/invites/revoke", ui_invite_revoke,  ACCESS_FACILITATOR },
	{ "GET",  "/join/*",            ui_join_form,      ACCESS_INVITE },
	{ "POST", "/join/*",            ui_join,           ACCESS_INVITE },
	{ "GET",  "/c/*/dashboard",     ui_dashboard,      ACCESS_FACILITATOR },
	{ "GET",  "/c/*/answers.csv",   ui_answers_csv,    ACCESS_FACILITATOR },
	{ "GET",  "/c/*/review",        ui_review,         ACCESS_FACILITATOR },
	{ "POST", "/c/*/review",        ui_review_post,    ACCESS_FACILITATOR },
	/* Peers (ui-share.c, ui-comment.c, ui-checkin.c): checkins before
	 * the /p/USER/N/EX pattern it would also match. */
	{ "POST", "/s/*/e/*/share",     ui_share_save,     ACCESS_OWNER },
	{ "GET",  "/p/*/*/checkins",    ui_peer_checkins,  ACCESS_CHECKINS },
	{ "GET",  "/p/*/*/*",           ui_peer_plan,      ACCESS_PLAN },
	{ "POST", "/p/*/*/*/comments",  ui_comment_add,    ACCESS_COMMENT },
	{ "POST", "/comments/*",        ui_comment_change, ACCESS_AUTHOR },
	{ "GET",  "/l/*",               ui_link_plan,      ACCESS_LINK },
	{ "GET",  "/s/*/checkins",      ui_checkins,       ACCESS_OWNER },
	{ "POST", "/s/*/checkins",      ui_checkin_save,   ACCESS_OWNER },
	{ "POST", "/c/*/partner/*",     ui_partner,        ACCESS_MEMBER },
};

/* Match path against pattern, storing up to 3 '*' segments in params
 * (pointing into seg, a copy of the path split at '/'). */
static bool match(const char *pattern, const char *path, char *seg,
		  size_t seglen, const char *param[3])
{
	size_t np = 0, i = 0;
	const char *p = pattern, *s = path;

	while (*p && *s) {
		if (*p == '*') {
			size_t n = strcspn(s, "/");

			if (!n || np == 3 || i + n + 1 > seglen)
				return false;
			memcpy(seg + i, s, n);
			seg[i + n] = '\0';
			param[np++] = seg + i;
			i += n + 1;
			s += n;
			p++;
		} else if (*p++ != *s++)
			return false;
	}
	return !*p && !*s;
}

/* Resolve the session cookie into pg->user and pg->csrf; for visitors
 * not logged in, the CSRF token is the pre-login cookie (double submit). */
static void identify(struct page *pg)
{
	char token[AUTH_TOKEN_HEX + 2];
	struct login l;

	if (cookie_get(pg->rq->cookie, AUTH_COOKIE, token, sizeof(token)) == 0 &&
	    strlen(token) == AUTH_TOKEN_HEX) {
		auth_token_hash(token, pg->token_hash);
		if (store_login_get(pg->st, pg->token_hash, &l) == STORE_OK) {
			pg->user = l.user;
			pg->logged_in = true;
			memcpy(pg->csrf, l.csrf, sizeof(pg->csrf));
			return;
		}
	}
	if (cookie_get(pg->rq->cookie, AUTH_PRE_COOKIE, pg->csrf,
		       sizeof(pg->csrf)) == 0 && strlen(pg->csrf) == AUTH_CSRF_HEX)
		return;
	pg->csrf[0] = '\0';
	if (!strcmp(pg->rq->method, "GET")) {
		auth_random_hex(pg->csrf, AUTH_CSRF_HEX);
		response_header(pg->rs, "Set-Cookie",
				"%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
				AUTH_PRE_COOKIE, pg->csrf,
				pg->rq->https ? "; Secure" : "");
	}
}

/* The route's declaration, checked before its page runs.  An invite
 * link still reaches its page when it is gone or the visitor is not
 * logged in: the page says why it stopped, or to log in first. */
static bool allowed(struct page *pg, const struct route *r)
{
	struct authz z;
	enum authz_verdict v;

	v = authz_route(pg->st, pg->logged_in ? &pg->user : NULL, r->need,
			pg->rq->param, &z);
	switch (v) {
	case AUTHZ_ALLOW:
		return true;
	case AUTHZ_LOGIN:
		if (r->need == ACCESS_INVITE)
			return true;
		page_need_login(pg);
		return false;
	case AUTHZ_GONE:
		return r->need == ACCESS_INVITE;
	case AUTHZ_DENY:
		/* Someone else's plan, check-ins or comment is not there at
		 * all for a stranger: no hint that the id exists.  Cohort
		 * pages say plainly that the viewer is not in it. */
		if (r->need == ACCESS_FACILITATOR || r->need == ACCESS_MEMBER ||
		    r->need == ACCESS_CREATOR || r->need == ACCESS_ADMIN) {
			page_fail(pg, 403, "You do not have access to this "
				  "page.");
			return false;
		}
		/* fall through */
	case AUTHZ_NOTFOUND:
		page_fail(pg, 404, "There is no page at this address.");
		return false;
	case AUTHZ_ERROR:
		break;
	}
	page_fail(pg, 503, "That could not be checked just now; try again "
		  "in a moment.");
	return false;
}

void app_handle(struct request *rq, struct response *rs)
{
	struct page pg = { .rq = rq, .rs = rs, .st = rq->store };
	char seg[512], allow[64] = "";
	bool snapshot;
	size_t i;

	if (!utf8_valid(rq->path, strlen(rq->path))) {
		app_error(rs, 400, "That address is not valid UTF-8.");
		return;
	}
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!match(routes[i].pattern, rq->path, seg, sizeof(seg),
			   rq->param))
			continue;
		if (strcmp(routes[i].method, rq->method) &&
		    !(!strcmp(rq->method, "HEAD") &&
		      !strcmp(routes[i].method, "GET"))) {
			if (strlen(allow) + 8 < sizeof(allow))
				strcat(strcat(allow, *allow ? ", " : ""),
				       routes[i].method);
			continue;
		}
		if (routes[i].fn == ui_static) {
			ui_static(&pg);
			return;
		}
		/* A page reads in one snapshot; a POST writes, so it may not
		 * sit in a read transaction. */
		snapshot = strcmp(routes[i].method, "POST") &&
			   store_read_begin(pg.st) == STORE_OK;
		identify(&pg);
		if (allowed(&pg, &routes[i]))
			routes[i].fn(&pg);
		if (snapshot)
			store_read_end(pg.st);
		return;
	}
	if (*allow) {
		app_error(rs, 405, "That method is not allowed here.");
		response_header(rs, "Allow", "%s", allow);
	} else
		app_error(rs, 404, "There is no page at this address.");
}
