/*
 * account.c: a person's own account — change the password (which ends
 * every other login), log out everywhere.  The rules of an account's
 * fields, which sign-up shares, are account-fields.c's.
 */
#include "web/pages/account.h"

#include "auth/auth.h"
#include "core/html.h"
#include "web/page.h"
#include "web/widgets/account-fields.h"

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

/* The account page; `error` (or NULL) said above the password form, and
 * `notice` (or NULL) at the top. */
static void account_page(struct page *pg, const char *notice,
			 const char *error)
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
	page_end(pg);
}

void ui_account(struct page *pg)
{
	account_page(pg, strcmp(pg->rq->query, "done=password") ? NULL :
		     "Your password is changed, and every other login of "
		     "your account has ended.", NULL);
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
