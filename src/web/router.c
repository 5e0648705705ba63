/*
 * router.c: the table of routes (after cgit's cmd.c) and the per-request
 * set-up every page shares: who is logged in, the CSRF token, whether
 * they may use the route at all, and a POST's form parsed once.  What
 * it decides travels with the request in struct page (page.h), so a
 * page neither checks again what its route declares nor reads again
 * what the check read.  Also the loading of what the app shows.
 */
#include "web/router.h"

#include "auth/auth.h"
#include "auth/authz.h"
#include "web/agendas.h"
#include "core/multipart.h"
#include "core/clock.h"
#include "web/courses.h"
#include "web/fragments.h"
#include "web/page.h"
#include "web/pages/account.h"
#include "web/pages/agendas.h"
#include "web/pages/auth.h"
#include "web/pages/board.h"
#include "web/pages/calendar.h"
#include "web/pages/checkin.h"
#include "web/pages/cohort.h"
#include "web/pages/comment.h"
#include "web/pages/dashboard.h"
#include "web/pages/dates.h"
#include "web/pages/nudge.h"
#include "web/pages/exercise.h"
#include "web/pages/gallery.h"
#include "web/pages/notices.h"
#include "web/pages/export.h"
#include "web/pages/notes.h"
#include "web/pages/partner.h"
#include "web/pages/people.h"
#include "web/pages/plan.h"
#include "web/pages/profile.h"
#include "web/pages/review.h"
#include "web/pages/session.h"
#include "web/pages/share.h"
#include "web/pages/static.h"
#include "web/pages/teams.h"
#include "web/pages/tests.h"
#include "web/pages/unsubscribe.h"
#include "web/widgets/fields.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Every route says who may use it (authz.h); the router refuses
 * everyone else before the page runs, and the page asks authz.c again
 * for what it shows. */
/* SLOW: the page hashes a password (argon2id, 64 MiB): http.c runs it
 * in its small pool, off the threads that serve every other page.
 * KEPT: a quick page that keeps what it read until the next write (the
 * dashboard, docs/storage.md): it asks for the generation ahead of its
 * snapshot, so that the snapshot is at least as new.
 * ONCE: a quick page that reads in one round trip (its login and its
 * rows, together), which may then go with other threads' (pg-gather.c).
 * A page in `aheads` below has a function that runs in the snapshot once
 * the login is known, before the check of the route's access: it may
 * send the page's reads (its own and the check's, store_cohort_as_ask())
 * in one round trip, and leave them in pg->ahead for the page; if the
 * page does not take them (the viewer may not see it), run() drops them
 * unseen. */
enum pace { QUICK, SLOW, KEPT, ONCE };

struct route {
	const char *method;
	const char *pattern;   /* '*' matches one path segment */
	page_fn *fn;
	enum access need;
	enum pace pace;
};

static const struct {
	page_fn *fn, *ahead;
} aheads[] = {
	{ ui_dashboard, ui_dashboard_ahead },
};

static const struct route routes[] = {
	{ "GET",  "/",                  ui_home,           ACCESS_ANYONE,      QUICK },
	{ "GET",  "/signup",            ui_signup_form,    ACCESS_ANYONE,      QUICK },
	{ "POST", "/signup",            ui_signup,         ACCESS_ANYONE,      SLOW },
	{ "GET",  "/login",             ui_login_form,     ACCESS_ANYONE,      QUICK },
	{ "POST", "/login",             ui_login,          ACCESS_ANYONE,      SLOW },
	{ "POST", "/logout",            ui_logout,         ACCESS_ANYONE,      QUICK },
	{ "GET",  "/account",           ui_account,        ACCESS_USER,        QUICK },
	{ "POST", "/account/password",  ui_account_password, ACCESS_USER,      SLOW },
	{ "POST", "/account/logout-all", ui_account_logout_all, ACCESS_USER,   QUICK },
	{ "POST", "/account/timezone",  ui_account_timezone, ACCESS_USER,      QUICK },
	{ "POST", "/account/calendar",  ui_account_calendar, ACCESS_USER,      QUICK },
	{ "GET",  "/feed/*/alignplan.ics", ui_feed,        ACCESS_FEED,        QUICK },
	{ "GET",  "/s/*",               ui_session,        ACCESS_OWNER,       QUICK },
	{ "POST", "/s/*/r/*",           ui_reading_save,   ACCESS_OWNER,       QUICK },
	{ "POST", "/s/*/thoughts",      ui_thoughts_save,  ACCESS_OWNER,       QUICK },
	{ "POST", "/s/*/notes",         ui_notes_preview,  ACCESS_OWNER,       QUICK },
	{ "POST", "/s/*/notes/confirm", ui_notes_confirm,  ACCESS_OWNER,       QUICK },
	{ "GET",  "/s/*/plan",          ui_plan,           ACCESS_OWNER,       QUICK },
	{ "GET",  "/s/*/export.*",      ui_export,         ACCESS_OWNER,       QUICK },
	{ "GET",  "/s/*/e/*",           ui_exercise,       ACCESS_OWNER,       ONCE },
	{ "GET",  "/s/*/e/*/history",   ui_plan_history,   ACCESS_OWNER,       QUICK },
	{ "POST", "/s/*/e/*",           ui_exercise_save,  ACCESS_OWNER,       QUICK },
	{ "GET",  "/static/*",          ui_static,         ACCESS_ANYONE,      QUICK },
	/* Cohorts: the facilitator's side (cohort.c, dashboard.c,
	 * review.c) */
	{ "GET",  "/cohorts",           ui_cohorts,        ACCESS_USER,        QUICK },
	{ "POST", "/cohorts",           ui_cohort_create,  ACCESS_CREATOR,     QUICK },
	{ "GET",  "/c/*",               ui_cohort,         ACCESS_MEMBER,      QUICK },
	{ "POST", "/c/*/invites",       ui_invite_add,     ACCESS_FACILITATOR, QUICK },
	{ "POST", "/c/*/invites/revoke", ui_invite_revoke,  ACCESS_FACILITATOR, QUICK },
	{ "GET",  "/join/*",            ui_join_form,      ACCESS_INVITE,      QUICK },
	{ "POST", "/join/*",            ui_join,           ACCESS_INVITE,      QUICK },
	{ "GET",  "/c/*/dashboard",     ui_dashboard,      ACCESS_FACILITATOR, KEPT },
	{ "GET",  "/c/*/answers.csv",   ui_answers_csv,    ACCESS_FACILITATOR, QUICK },
	{ "GET",  "/c/*/review",        ui_review,         ACCESS_FACILITATOR, QUICK },
	{ "POST", "/c/*/review",        ui_review_post,    ACCESS_FACILITATOR, QUICK },
	{ "POST", "/c/*/dates",         ui_cohort_dates,   ACCESS_FACILITATOR, QUICK },
	{ "POST", "/c/*/nudge/*",       ui_nudge,          ACCESS_FACILITATOR, QUICK },
	/* Peers (share.c, comment.c, checkin.c): checkins before
	 * the /p/USER/N/EX pattern it would also match. */
	{ "POST", "/s/*/e/*/share",     ui_share_save,     ACCESS_OWNER,       QUICK },
	{ "GET",  "/p/*/*/checkins",    ui_peer_checkins,  ACCESS_CHECKINS,    QUICK },
	{ "GET",  "/p/*/*/*",           ui_peer_plan,      ACCESS_PLAN,        QUICK },
	{ "POST", "/p/*/*/*/comments",  ui_comment_add,    ACCESS_COMMENT,     QUICK },
	{ "GET",  "/p/*/*/*/people",    ui_comment_people, ACCESS_COMMENT,     QUICK },
	{ "POST", "/comments/*",        ui_comment_change, ACCESS_AUTHOR,      QUICK },
	{ "POST", "/threads/*",         ui_thread_state,   ACCESS_THREAD,      QUICK },
	{ "GET",  "/l/*",               ui_link_plan,      ACCESS_LINK,        QUICK },
	{ "GET",  "/s/*/checkins",      ui_checkins,       ACCESS_OWNER,       QUICK },
	{ "POST", "/s/*/checkins",      ui_checkin_save,   ACCESS_OWNER,       QUICK },
	{ "GET",  "/s/*/tests",         ui_tests,          ACCESS_OWNER,       QUICK },
	{ "POST", "/s/*/tests",         ui_tests_save,     ACCESS_OWNER,       QUICK },
	/* Partners by consent: the visitor is always one side of the
	 * partnership the path names (partner.c). */
	{ "POST", "/c/*/partner/*",     ui_partner,        ACCESS_MEMBER,      QUICK },
	{ "POST", "/c/*/backer/*",      ui_backer,         ACCESS_MEMBER,      QUICK },
	/* Research agendas, people and opportunities (issue 13) */
	{ "GET",  "/agendas",           ui_agendas,        ACCESS_ANYONE,      QUICK },
	/* The people directory is opt-in: /people says so to the others,
	 * every other route is for those who opted in (people.c,
	 * profile.c, teams.c). */
	{ "GET",  "/people",            ui_people,         ACCESS_USER,        QUICK },
	{ "GET",  "/people/profile",    ui_profile,        ACCESS_USER,        QUICK },
	{ "POST", "/people/profile",    ui_profile_save,   ACCESS_USER,        QUICK },
	{ "GET",  "/people/*",          ui_person,         ACCESS_PROFILE,     QUICK },
	{ "POST", "/people/*/intro",    ui_intro,          ACCESS_PEOPLE,      QUICK },
	{ "GET",  "/teams",             ui_teams,          ACCESS_PEOPLE,      QUICK },
	{ "POST", "/teams",             ui_team_propose,   ACCESS_PEOPLE,      QUICK },
	{ "GET",  "/teams/*",           ui_team,           ACCESS_PEOPLE,      QUICK },
	{ "POST", "/teams/*",           ui_team_act,       ACCESS_PEOPLE,      QUICK },
	/* The opportunities board (board.c) and the project gallery
	 * (gallery.c): published projects are public. */
	{ "GET",  "/opportunities",     ui_board,          ACCESS_USER,        QUICK },
	{ "POST", "/opportunities/filters", ui_filter_save, ACCESS_USER,       QUICK },
	{ "POST", "/opportunities/filters/*", ui_filter_delete, ACCESS_USER,   QUICK },
	{ "GET",  "/gallery",           ui_gallery,        ACCESS_ANYONE,      QUICK },
	{ "GET",  "/gallery/*/*/*",     ui_project,        ACCESS_ANYONE,      QUICK },
	{ "GET",  "/s/*/e/*/publish",   ui_publish_form,   ACCESS_OWNER,       QUICK },
	{ "POST", "/s/*/e/*/publish",   ui_publish,        ACCESS_OWNER,       QUICK },
	/* Notifications and their mail (notices.c, unsubscribe.c): an
	 * unsubscribe link works without a login, by its signed token. */
	{ "GET",  "/notifications",     ui_notices,        ACCESS_USER,        QUICK },
	{ "POST", "/notifications/read", ui_notices_read,  ACCESS_USER,        QUICK },
	{ "POST", "/notifications/prefs", ui_notices_prefs, ACCESS_USER,       QUICK },
	{ "GET",  "/unsubscribe/*",     ui_unsubscribe_form, ACCESS_ANYONE,    QUICK },
	{ "POST", "/unsubscribe/*",     ui_unsubscribe,    ACCESS_ANYONE,      QUICK },
	{ "GET",  "/admin/mail",        ui_outbox,         ACCESS_ADMIN,       QUICK },
	{ "GET",  "/admin/mail/*",      ui_outbox_mail,    ACCESS_ADMIN,       QUICK },
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

/* Is s exactly n lowercase hex digits, as our tokens are? */
static bool hex_token(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

/* Resolve the session cookie into pg->user and pg->csrf; for visitors
 * not logged in, the CSRF token is the pre-login cookie (double submit),
 * which the page echoes in its forms, so it must be one of ours. */
static void identify(struct page *pg)
{
	char token[AUTH_TOKEN_HEX + 2];
	struct login l;
	int due = 0;

	if (cookie_get(pg->rq->cookie, AUTH_COOKIE, token, sizeof(token)) == 0 &&
	    hex_token(token, AUTH_TOKEN_HEX)) {
		auth_token_hash(token, pg->token_hash);
		if (store_login_find(pg->st, pg->token_hash,
				     page_idle_timeout(), &l, &due) ==
		    STORE_OK) {
			pg->user = l.user;
			pg->unread = l.unread;
			pg->logged_in = true;
			pg->seen_due = due;
			memcpy(pg->csrf, l.csrf, sizeof(pg->csrf));
			return;
		}
	}
	if (cookie_get(pg->rq->cookie, AUTH_PRE_COOKIE, pg->csrf,
		       sizeof(pg->csrf)) == 0 && hex_token(pg->csrf, AUTH_CSRF_HEX))
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

/* The route's declaration, checked before its page runs; what the
 * check found is kept in pg for the page.  An invite link still reaches
 * its page when it is gone or the visitor is not logged in: the page
 * says why it stopped, or to log in first. */
static bool allowed(struct page *pg, const struct route *r)
{
	enum authz_verdict v;

	pg->need = r->need;
	v = pg->verdict = authz_route(pg->st, pg->logged_in ? &pg->user :
				      NULL, r->need, pg->rq->param,
				      &pg->authz);
	switch (v) {
	case AUTHZ_ALLOW:
		return true;
	case AUTHZ_LOGIN:
		if (r->need == ACCESS_INVITE)
			return true;
		page_need_login(pg);
		return false;
	case AUTHZ_GONE:
		/* Their pages say why it stopped. */
		return r->need == ACCESS_INVITE || r->need == ACCESS_FEED;
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
		/* The directory says how to get in: opting in. */
		if (r->need == ACCESS_PEOPLE) {
			page_fail(pg, 403, "Teams, intros and the people "
				  "directory are for people who opted in: "
				  "see /people/profile.");
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

/* The route of this method and path, NULL when there is none. */
static const struct route *route_of(const char *method, const char *path)
{
	const char *param[3];
	char seg[512];
	size_t i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (!strcmp(routes[i].method, method) &&
		    match(routes[i].pattern, path, seg, sizeof(seg), param))
			return &routes[i];
	return NULL;
}

bool app_route_slow(const char *method, const char *path)
{
	const struct route *r = route_of(method, path);

	return r && r->pace == SLOW;
}

int app_route_access(const char *method, const char *path)
{
	const struct route *r = route_of(method, path);

	return r ? (int)r->need : -1;
}

/*
 * Everything a visitor types reaches the pages as UTF-8 text: the query
 * and a POST's form are checked here, whole, before any page reads a
 * field of them, so no page can store a byte of a form that is not.
 * A form that passes is parsed into pg->form.
 */
/* A form sent as multipart/form-data (one with a file: "Bring your
 * notes") becomes the urlencoded form in pg->multipart, which input_ok()
 * then checks and parses as any other. */
static bool multipart_ok(struct page *pg)
{
	const struct request *rq = pg->rq;
	int r;

	buf_init(&pg->multipart, 3 * rq->body_len + 16);
	r = multipart_to_form(rq->content_type, rq->body, rq->body_len,
			      &pg->multipart);
	if (r == MULTIPART_FILE_NOT_UTF8)
		page_fail(pg, 400, "The file you chose is not UTF-8 text (is "
			  "it a Word document, a PDF or an image?), so nothing "
			  "was saved. Save your notes as Markdown or plain "
			  "text in UTF-8 and upload that file.");
	else if (r == MULTIPART_NOMEM)
		page_fail(pg, 503, "The server is short of memory just now; "
			  "nothing was saved. Try again in a moment.");
	else if (r)
		page_fail(pg, 400, "The form sent was not properly encoded, "
			  "so nothing was saved. Reload the page and try "
			  "again.");
	return r == 0;
}

static bool input_ok(struct page *pg, bool post)
{
	const struct request *rq = pg->rq;
	size_t n = strlen(rq->query);
	const char *body;
	size_t body_len;
	int r;

	if (n && (!utf8_valid(rq->query, n) ||
		  form_check(rq->query, n) == FORM_BAD_UTF8)) {
		page_fail(pg, 400, "That address is not valid UTF-8.");
		return false;
	}
	if (!post)
		return true;
	body = rq->body;
	body_len = rq->body_len;
	if (multipart_is(rq->content_type)) {
		if (!multipart_ok(pg))
			return false;
		body = pg->multipart.data;
		body_len = pg->multipart.len;
	}
	if ((r = form_check(body, body_len))) {
		page_fail(pg, 400, r == FORM_BAD_UTF8 ?
			  "The form sent was not valid UTF-8 text, so nothing "
			  "was saved. Copy what you typed, reload the page "
			  "and try again." :
			  "The form sent was not properly encoded, so nothing "
			  "was saved. Reload the page and try again.");
		return false;
	}
	/* Parsed once here; every field a page reads is looked up in it. */
	if ((r = form_parse(&pg->form, body, body_len))) {
		page_fail(pg, r == FORM_TOO_MANY ? 413 : 503,
			  r == FORM_TOO_MANY ?
			  "That form has more than " UI_STR(FORM_MAX_FIELDS)
			  " fields, so nothing was saved." :
			  "The server is short of memory just now; nothing "
			  "was saved. Try again in a moment.");
		return false;
	}
	return true;
}

static void run(struct page *pg, const struct route *r)
{
	size_t i;

	identify(pg);
	for (i = 0; r->pace == KEPT && i < sizeof(aheads) / sizeof(*aheads);
	     i++)
		if (aheads[i].fn == r->fn)
			aheads[i].ahead(pg);
	if (allowed(pg, r))
		r->fn(pg);
	if (pg->ahead)
		pg->ahead_free(pg->ahead);
	pg->ahead = NULL;
}

/* Did the login the reply was made for hold?  A page's guess is
 * checked in its snapshot (store_login_confirm()), a POST's by its
 * write or after it (store_login_settle()). */
static bool login_held(struct page *pg, bool snapshot)
{
	return snapshot ? store_login_confirm(pg->st) :
			  store_login_settle(pg->st);
}

/* The login the reply was made for had changed (login_held()): the
 * reply again from the start, for the login now stored.  A page's is
 * made in the same snapshot, so the second check cannot differ; a
 * POST's first try wrote nothing (its write failed on the check), and
 * this time its login is read, not guessed. */
static void run_again(struct page *pg, const struct route *r, bool snapshot)
{
	struct page again = { .rq = pg->rq, .rs = pg->rs, .st = pg->st,
			      .form = pg->form, .multipart = pg->multipart };

	response_release(pg->rs);
	response_init(pg->rs);
	*pg = again;
	run(pg, r);
	if (!login_held(pg, snapshot)) {
		response_release(pg->rs);
		response_init(pg->rs);
		response_error(pg->rs, 503, "The database is busy; try again "
			       "in a moment.");
	}
}

void app_handle(struct request *rq, struct response *rs)
{
	struct page pg = { .rq = rq, .rs = rs, .st = rq->store,
			   .multipart = BUF_INIT };
	char seg[512], allow[64] = "";
	bool snapshot, post;
	size_t i;

	if (!utf8_valid(rq->path, strlen(rq->path))) {
		response_error(rs, 400, "That address is not valid UTF-8.");
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
		app_refresh(pg.st);
		post = !strcmp(routes[i].method, "POST");
		/* A mail program's one-click unsubscribe may post a
		 * multipart body (RFC 8058): that page reads none. */
		if (!input_ok(&pg, post && !(routes[i].fn == ui_unsubscribe &&
					     rq->content_type &&
					     !strncasecmp(rq->content_type,
							  "multipart/", 10)))) {
			form_release(&pg.form);
			buf_release(&pg.multipart);
			return;
		}
		/* A page reads in one snapshot; a POST writes, so it may not
		 * sit in a read transaction. */
		if (!post && routes[i].pace == KEPT)
			store_generation_ask(pg.st);
		snapshot = !post && store_read_begin(pg.st, routes[i].pace ==
							     ONCE) == STORE_OK;
		run(&pg, &routes[i]);
		if (!login_held(&pg, snapshot))
			run_again(&pg, &routes[i], snapshot);
		if (snapshot)
			store_read_end(pg.st);
		/* Rarely (store_login_find): the one write a page view may
		 * make, after its snapshot.  Failing it only costs the
		 * record of this use. */
		if (pg.seen_due)
			store_login_seen(pg.st, pg.token_hash,
					 store_now(pg.st));
		form_release(&pg.form);
		buf_release(&pg.multipart);
		return;
	}
	if (*allow) {
		response_error(rs, 405, "That method is not allowed here.");
		response_header(rs, "Allow", "%s", allow);
	} else
		response_error(rs, 404, "There is no page at this address.");
}

/* One load at a time: SIGHUP's and app_refresh()'s. */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static int load(struct store *st)
{
	const struct session *s;
	size_t n;

	/* Device cookies from any server of the database are good here. */
	if (auth_keys_load(st))
		fputs("alignplan: cannot read the database's key for device "
		      "cookies; this server's own are good here only\n",
		      stderr);
	if (courses_load(st) || agendas_load(st))
		return -1;
	s = courses_all(&n);
	/* A table that cannot be made costs speed only: pages render. */
	fragments_load(s, n, ui_prompt_head);
	return 0;
}

int app_load(struct store *st)
{
	int r;

	pthread_mutex_lock(&load_lock);
	r = load(st);
	pthread_mutex_unlock(&load_lock);
	return r;
}

/*
 * Several servers on one database (docs/scaling.md): a session imported
 * through any of them, or by `alignplan import`, shows on all without a
 * restart.  At most once per APP_CATALOG_CHECK_MS the request that comes
 * first reads the stored catalog version (one row by its key) and loads
 * the sessions again when it moved; the other threads go on with the
 * catalog they have meanwhile.  So the check costs a few reads a second
 * whatever the load, and a change shows within that interval.
 */
static _Atomic int64_t next_check;

void app_refresh_defer(int64_t ms)
{
	atomic_store(&next_check, clock_ms() + ms);
}

void app_refresh(struct store *st)
{
	int64_t now = clock_ms(), due, v;

	due = atomic_load_explicit(&next_check, memory_order_relaxed);
	if (now < due ||
	    !atomic_compare_exchange_strong(&next_check, &due,
					    now + APP_CATALOG_CHECK_MS))
		return;
	if (store_catalog_version(st, &v) != STORE_OK ||
	    v == courses_version())
		return;
	if (pthread_mutex_trylock(&load_lock))
		return;         /* a load is under way */
	if (load(st))
		fputs("alignplan: the stored sessions changed, and reading "
		      "them again failed; still serving the ones before\n",
		      stderr);
	pthread_mutex_unlock(&load_lock);
}

void app_unload(void)
{
	fragments_free();
	courses_free();
	agendas_free();
}
