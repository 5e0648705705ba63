/*
 * account.c: a person's own account — change the password (which ends
 * every other login), log out everywhere, the time zone and the private
 * calendar feed (calendar-settings.c).  The rules of an account's
 * fields, which sign-up shares, are account-fields.c's.
 */
#include "web/pages/account.h"

#include "auth/auth.h"
#include "core/html.h"
#include "core/tz.h"
#include "web/page.h"
#include "web/widgets/account-fields.h"
#include "web/widgets/calendar-settings.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* How long a login lasts unused, in words ("7 days", "12 hours"). */
static void idle_words(struct buf *b, int64_t s)
{
	static const struct { int64_t secs; const char *unit; } units[] = {
		{ 86400, "day" }, { 3600, "hour" }, { 60, "minute" },
		{ 1, "second" },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
		if (s % units[i].secs == 0) {
			html(b, "%lld %s%s", (long long)(s / units[i].secs),
			     units[i].unit, s == units[i].secs ? "" : "s");
			return;
		}
}

/* The account page; `error` (or NULL) said above the password form,
 * `tz_error` above the time zone's with the name as typed, and `notice`
 * (or NULL) at the top. */
static void account_page_tz(struct page *pg, const char *notice,
			    const char *error, const char *tz_error,
			    const char *typed)
{
	struct buf *b = &pg->rs->body;

	page_begin(pg, "Your account");
	html(b, "<h1>Your account</h1><p class=\"meta\">%s · %s</p>",
	     pg->user.name, pg->user.email);
	if (notice)
		html(b, "<p class=\"flash\" role=\"status\">%s</p>", notice);
	html(b, "<h2 id=\"change-password\">Change your password</h2>");
	if (error)
		html(b, "<p class=\"error\" role=\"alert\">%s</p>", error);
	html(b, "<form method=\"post\" action=\"/account/password\" "
	     "class=\"auth\">");
	page_csrf_field(pg);
	html(b, "<label for=\"current\">Current password</label>"
	     "<input id=\"current\" name=\"current\" type=\"password\" "
	     "required maxlength=\"%d\" autocomplete=\"current-password\">"
	     "<label for=\"password\">New password (at least 8 "
	     "characters)</label>"
	     "<input id=\"password\" name=\"password\" type=\"password\" "
	     "required minlength=\"%d\" maxlength=\"%d\" "
	     "autocomplete=\"new-password\">"
	     "<label for=\"again\">New password again</label>"
	     "<input id=\"again\" name=\"again\" type=\"password\" "
	     "required minlength=\"%d\" maxlength=\"%d\" "
	     "autocomplete=\"new-password\">"
	     "<p class=\"note\">Changing it logs you out on every other "
	     "device; you stay logged in here.</p>"
	     "<button type=\"submit\">Change password</button></form>",
	     AUTH_PASSWORD_MAX, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX,
	     AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
	html(b, "<h2 id=\"log-out-everywhere\">Log out everywhere</h2>"
	     "<p>A login lasts %d days, and ends sooner once it goes unused "
	     "for ", AUTH_SESSION_DAYS);
	idle_words(b, page_idle_timeout());
	html(b, ". If you left yourself logged in on a device you no "
	     "longer use, or someone else may have it, end every login of "
	     "your account, this one included.</p>"
	     "<form method=\"post\" action=\"/account/logout-all\">");
	page_csrf_field(pg);
	html(b, "<button type=\"submit\">Log out everywhere</button></form>");
	calendar_settings(pg, tz_error, typed);
	page_end(pg);
}

static void account_page(struct page *pg, const char *notice,
			 const char *error)
{
	account_page_tz(pg, notice, error, NULL, NULL);
}

void ui_account(struct page *pg)
{
	static const struct { const char *query, *notice; } done[] = {
		{ "done=password", "Your password is changed, and every "
		  "other login of your account has ended." },
		{ "done=timezone", "Your time zone is saved." },
		{ "done=calendar", "Your calendar has a new address: the old "
		  "one, if you had one, no longer works." },
		{ "done=revoked", "Your calendar address is revoked: it no "
		  "longer works." },
	};
	const char *notice = NULL;

	for (size_t i = 0; i < sizeof(done) / sizeof(*done); i++)
		if (!strcmp(pg->rq->query, done[i].query))
			notice = done[i].notice;
	account_page(pg, notice, NULL);
}

/* The time zone: an IANA name the tz database has (core/tz.h). */
void ui_account_timezone(struct page *pg)
{
	struct buf name;
	struct tz z;
	int r;

	if (!page_post_ok(pg))
		return;
	buf_init(&name, 4 * TZ_NAME_MAX);
	page_field(pg, "tz", 0, &name);
	if (name.err || tz_load(name.data, &z)) {
		pg->rs->status = 422;
		account_page_tz(pg, NULL, NULL, name.err ? "That name is too "
				"long to be a time zone." : "There is no time "
				"zone of that name: pick one from the list, "
				"such as Europe/Berlin, or UTC.", name.data);
		buf_release(&name);
		return;
	}
	tz_release(&z);
	r = store_tz_put(pg->st, pg->user.id, name.data);
	buf_release(&name);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	response_redirect(pg->rs, "/account?done=timezone#time-zone");
}

/* The calendar feed: a new address (the old one stops working), or
 * none. */
void ui_account_calendar(struct page *pg)
{
	struct buf action;
	char token[AUTH_TOKEN_HEX + 1], hash[65];
	int r;

	if (!page_post_ok(pg))
		return;
	buf_init(&action, 16);
	page_field(pg, "action", 0, &action);
	if (!strcmp(action.data, "new")) {
		auth_random_hex(token, AUTH_TOKEN_HEX);
		auth_token_hash(token, hash);
		r = store_feed_make(pg->st, pg->user.id, hash, token);
	} else if (!strcmp(action.data, "revoke")) {
		r = store_feed_revoke(pg->st, pg->user.id);
		if (r == STORE_NOTFOUND)
			r = STORE_OK;   /* none to revoke: done already */
	} else {
		buf_release(&action);
		page_fail(pg, 400, "Say whether to make a new calendar address "
			  "or revoke it.");
		return;
	}
	if (r != STORE_OK)
		page_store_failed(pg, r);
	else
		response_redirect(pg->rs, strcmp(action.data, "new") ?
				  "/account?done=revoked#calendar" :
				  "/account?done=calendar#calendar");
	buf_release(&action);
}

/*
 * Change the password: the current one first (counted by the login
 * throttle like a login, so a borrowed session cannot guess it at
 * leisure), the new one checked as sign-up checks it, then the new hash
 * stored and every other login ended in one write.  This login stays.
 */
static const char *password_change(struct page *pg, int *status)
{
	struct buf cur, pw, again;
	const char *error = NULL;
	char hash[STORE_HASH_MAX + 1];
	char device[AUTH_DEVICE_HEX + 1];
	struct auth_attempt a;
	long wait;
	int ok, r;

	buf_init(&cur, AUTH_PASSWORD_MAX);
	buf_init(&pw, AUTH_PASSWORD_MAX);
	buf_init(&again, AUTH_PASSWORD_MAX);
	page_field(pg, "current", 0, &cur);
	page_field(pg, "password", 0, &pw);
	page_field(pg, "again", 0, &again);
	*status = 422;
	if ((error = account_password_problem(&pw)))
		goto out;
	if (pw.len != again.len || memcmp(pw.data, again.data, pw.len)) {
		error = "The two new passwords differ: type the same one "
			"twice.";
		goto out;
	}
	/* Wrong current passwords count as failed logins of the account
	 * (auth.h): a stolen session cannot guess the password faster. */
	if (cookie_get(pg->rq->cookie, AUTH_DEVICE_COOKIE, device,
		       sizeof(device)))
		device[0] = '\0';
	auth_attempt_init(&a, pg->user.email, pg->rq->remote, device);
	if ((wait = auth_attempt_begin(pg->st, &a, store_now(pg->st)))) {
		response_header(pg->rs, "Retry-After", "%ld", wait);
		*status = 429;
		error = "Too many wrong passwords. Wait a few minutes and try "
			"again.";
		goto out;
	}
	ok = !cur.err && auth_check_password(pg->user.pwhash, cur.data);
	auth_attempt_end(pg->st, &a, ok);
	if (!ok) {
		error = "Your current password is not right, so nothing was "
			"changed.";
		goto out;
	}
	*status = 503;
	if (auth_hash_password(pw.data, hash)) {
		error = "The server is short of memory; try again.";
		goto out;
	}
	r = store_password_put(pg->st, pg->user.id, hash, pg->token_hash);
	if (r != STORE_OK)
		error = "The new password could not be saved; your old one "
			"still works. Try again in a moment.";
out:
	buf_release(&cur);
	buf_release(&pw);
	buf_release(&again);
	return error;
}

void ui_account_password(struct page *pg)
{
	const char *error;
	int status;

	if (!page_post_ok(pg))
		return;
	error = password_change(pg, &status);
	if (!error) {
		response_redirect(pg->rs, "/account?done=password");
		return;
	}
	pg->rs->status = status;
	account_page(pg, NULL, error);
}

/* End every login of this person, this one too, and go to log in. */
void ui_account_logout_all(struct page *pg)
{
	if (!page_post_ok(pg))
		return;
	if (store_logins_end(pg->st, pg->user.id, NULL) != STORE_OK) {
		page_fail(pg, 503, "Your logins could not be ended just now; "
			  "try again in a moment.");
		return;
	}
	response_header(pg->rs, "Set-Cookie",
			"%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
			AUTH_COOKIE);
	response_redirect(pg->rs, "/login");
}
