/*
 * router.c: the table of routes (after cgit's cmd.c) and the per-request
 * set-up every page shares: who is logged in, and the CSRF token.
 */
#include "app.h"
#include "auth.h"
#include "ui.h"
#include "ui-cohort.h"
#include "ui-peer.h"
#include "ui-plan.h"

#include <string.h>
#include <time.h>

struct route {
	const char *method;
	const char *pattern;   /* '*' matches one path segment */
	page_fn *fn;
};

static const struct route routes[] = {
	{ "GET",  "/",               ui_home },
	{ "GET",  "/signup",         ui_signup_form },
	{ "POST", "/signup",         ui_signup },
	{ "GET",  "/login",          ui_login_form },
	{ "POST", "/login",          ui_login },
	{ "POST", "/logout",         ui_logout },
	{ "GET",  "/s/*",            ui_session },
	{ "POST", "/s/*/r/*",        ui_reading_save },
	{ "GET",  "/s/*/plan",       ui_plan },
	{ "GET",  "/s/*/export.*",   ui_export },
	{ "GET",  "/s/*/e/*",        ui_exercise },
	{ "GET",  "/s/*/e/*/history", ui_plan_history },
	{ "POST", "/s/*/e/*",        ui_exercise_save },
	{ "GET",  "/static/*",       ui_static },
	/* Cohorts: the facilitator's side (ui-cohort.c, ui-dashboard.c,
	 * ui-review.c) */
	{ "GET",  "/cohorts",        ui_cohorts },
	{ "POST", "/cohorts",        ui_cohort_create },
	{ "GET",  "/c/*",            ui_cohort },
	{ "POST", "/c/*/invites",    ui_invite_add },
	{ "POST", "/c/*/invites/revoke", ui_invite_revoke },
	{ "GET",  "/join/*",         ui_join_form },
	{ "POST", "/join/*",         ui_join },
	{ "GET",  "/c/*/dashboard",  ui_dashboard },
	{ "GET",  "/c/*/answers.csv", ui_answers_csv },
	{ "GET",  "/c/*/review",     ui_review },
	{ "POST", "/c/*/review",     ui_review_post },
	/* Peers (ui-share.c, ui-comment.c, ui-checkin.c): checkins before
	 * the /p/USER/N/EX pattern it would also match. */
	{ "POST", "/s/*/e/*/share",  ui_share_save },
	{ "GET",  "/p/*/*/checkins", ui_peer_checkins },
	{ "GET",  "/p/*/*/*",        ui_peer_plan },
	{ "POST", "/p/*/*/*/comments", ui_comment_add },
	{ "POST", "/comments/*",     ui_comment_change },
	{ "GET",  "/l/*",            ui_link_plan },
	{ "GET",  "/s/*/checkins",   ui_checkins },
	{ "POST", "/s/*/checkins",   ui_checkin_save },
	{ "POST", "/c/*/partner/*",  ui_partner },
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
