/*
 * auth.c: sign up, log in, log out.
 */
#include "web/pages/auth.h"

#include "auth/auth.h"
#include "core/html.h"
#include "web/widgets/account-fields.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The sign-up or login form; `next`: where to go afterwards, or "". */
static void auth_form(struct page *pg, bool signup, const char *error,
		      const char *email, const char *name, const char *next)
{
	struct buf *b = &pg->rs->body;
	const char *title = signup ? "Sign up" : "Log in";

	page_begin(pg, title);
	html(b, "<h1>%s</h1>", title);
	if (error)
		html(b, "<p class=\"error\" role=\"alert\">%s</p>", error);
	html(b, "<form method=\"post\" action=\"%s\" class=\"auth\">",
	     signup ? "/signup" : "/login");
	page_csrf_field(pg);
	if (*next)
		html(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
		     next);
	if (signup)
		html(b, "<label for=\"name\">Your name</label>"
		     "<input id=\"name\" name=\"name\" type=\"text\" required maxlength=\"100\""
		     " autocomplete=\"name\" value=\"%s\">", name);
	html(b, "<label for=\"email\">Email</label>"
	     "<input id=\"email\" name=\"email\" type=\"email\" required "
	     "maxlength=\"254\" autocomplete=\"email\" value=\"%s\">"
	     "<label for=\"password\">Password%s</label>"
	     "<input id=\"password\" name=\"password\" type=\"password\" "
	     "required minlength=\"%d\" maxlength=\"%d\" autocomplete=\"%s\">"
	     "<button type=\"submit\">%s</button></form>",
	     email, signup ? " (at least 8 characters)" : "",
	     signup ? AUTH_PASSWORD_MIN : 1, AUTH_PASSWORD_MAX,
	     signup ? "new-password" : "current-password", title);
	html(b, "<p>%s <a href=\"/%s", signup ? "Already have an account?" :
	     "New here?", signup ? "login" : "signup");
	if (*next) {
		html_raw(b, "?next=");
		html_url(b, next);
	}
	html(b, "\">%s</a>.</p>", signup ? "Log in" : "Sign up");
	page_end(pg);
}

/* Send the visitor on to `next` (see page_next()), or home. */
static void go_next(struct page *pg, const char *next)
{
	struct buf to;

	buf_init(&to, 4 * NEXT_MAX);
	html_url(&to, next);
	response_redirect(pg->rs, *next && !to.err ? to.data : "/");
	buf_release(&to);
}

static void form_page(struct page *pg, bool signup)
{
	char next[NEXT_MAX + 1];

	page_next(pg, next);
	if (pg->logged_in)
		go_next(pg, next);
	else
		auth_form(pg, signup, NULL, "", "", next);
}

void ui_signup_form(struct page *pg)
{
	form_page(pg, true);
}

void ui_login_form(struct page *pg)
{
	form_page(pg, false);
}

/* Start a login for user `id`, whose account `email` names: store the
 * token's digest, set the cookie and a new device cookie (auth.h: this
 * browser's own way past a delay strangers caused), and go on to `next`. */
static int start_login(struct page *pg, int64_t id, const char *email,
		       const char *next)
{
	char token[AUTH_TOKEN_HEX + 1], hash[65], device[AUTH_DEVICE_HEX + 1];
	struct login l = { .user_id = id };
	const char *secure = pg->rq->https ? "; Secure" : "";

	auth_random_hex(token, AUTH_TOKEN_HEX);
	auth_random_hex(l.csrf, AUTH_CSRF_HEX);
	auth_token_hash(token, hash);
	l.expires = store_now(pg->st) + AUTH_SESSION_DAYS * 86400;
	if (store_login_add(pg->st, hash, &l) != STORE_OK)
		return -1;
	response_header(pg->rs, "Set-Cookie",
			"%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
			AUTH_COOKIE, token, AUTH_SESSION_DAYS * 86400, secure);
	auth_device_cookie(email, device);
	response_header(pg->rs, "Set-Cookie",
			"%s=%s; Path=/login; HttpOnly; SameSite=Strict; "
			"Max-Age=%d%s", AUTH_DEVICE_COOKIE, device,
			AUTH_DEVICE_DAYS * 86400, secure);
	go_next(pg, next);
	return 0;
}

/* 429 with the login or sign-up form again, saying how long to wait. */
static void too_many(struct page *pg, bool signup, long wait,
		     const char *email, const char *name, const char *next)
{
	char msg[200];
	long mins = (wait + 59) / 60;

	if (signup)
		snprintf(msg, sizeof(msg), "Too many sign-ups from your "
			 "network just now. Try again in %ld minute%s.", mins,
			 mins == 1 ? "" : "s");
	else
		snprintf(msg, sizeof(msg), "Too many failed attempts. Try "
			 "again in %ld minute%s, or from a browser you have "
			 "logged in with before.", mins, mins == 1 ? "" : "s");
	response_header(pg->rs, "Retry-After", "%ld", wait);
	pg->rs->status = 429;
	auth_form(pg, signup, msg, email, name, next);
}

struct creds {
	struct buf email, name, password;
};

static void creds_init(struct creds *c)
{
	buf_init(&c->email, STORE_EMAIL_MAX);
	buf_init(&c->name, STORE_NAME_MAX * 4);
	buf_init(&c->password, AUTH_PASSWORD_MAX);
}

static void creds_release(struct creds *c)
{
	buf_release(&c->email);
	buf_release(&c->name);
	buf_release(&c->password);
}

void ui_signup(struct page *pg)
{
	struct creds c;
	struct user u = { 0 };
	const char *error = NULL;
	char next[NEXT_MAX + 1];
	int r, status = 400;
	long wait;

	if (!page_post_ok(pg))
		return;
	page_next(pg, next);
	creds_init(&c);
	page_field(pg, "name", 0, &c.name);
	page_field(pg, "email", 0, &c.email);
	page_field(pg, "password", 0, &c.password);
	if (!(error = account_name_problem(&c.name)) &&
	    !(error = account_email_problem(&c.email)))
		error = account_password_problem(&c.password);
	if (error)
		goto refuse;

	wait = auth_signup_begin(pg->st, pg->rq->remote, store_now(pg->st));
	if (wait) {
		too_many(pg, true, wait, c.email.data, c.name.data, next);
		goto out;
	}
	/* An email that has an account costs the same argon2 work as a new
	 * one; the insert then refuses it and nothing is stored. */
	snprintf(u.email, sizeof(u.email), "%s", c.email.data);
	snprintf(u.name, sizeof(u.name), "%s", c.name.data);
	status = 500;
	if (auth_hash_password(c.password.data, u.pwhash)) {
		error = "The server is short of memory; try again.";
		goto refuse;
	}
	r = store_user_add(pg->st, &u);
	if (r == STORE_EXISTS) {
		status = 409;
		error = "That email already has an account: log in instead.";
	} else if (r != STORE_OK || start_login(pg, u.id, u.email, next))
		error = "The account could not be saved; try again.";
	if (!error)
		goto out;
refuse:
	pg->rs->status = status;
	auth_form(pg, true, error, c.email.data, c.name.data, next);
out:
	creds_release(&c);
}

void ui_login(struct page *pg)
{
	struct creds c;
	struct user u;
	struct auth_attempt a;
	char next[NEXT_MAX + 1], device[AUTH_DEVICE_HEX + 1];
	long wait;
	bool ok = false;

	if (!page_post_ok(pg))
		return;
	page_next(pg, next);
	creds_init(&c);
	page_field(pg, "email", 0, &c.email);
	page_field(pg, "password", 0, &c.password);
	if (cookie_get(pg->rq->cookie, AUTH_DEVICE_COOKIE, device,
		       sizeof(device)))
		device[0] = '\0';
	auth_attempt_init(&a, c.email.data, pg->rq->remote, device);
	if (!*a.account || !c.password.len) {
		pg->rs->status = 400;
		auth_form(pg, false, "Give your email and password.",
			  c.email.data, "", next);
		goto out;
	}
	wait = auth_attempt_begin(pg->st, &a, store_now(pg->st));
	if (wait) {
		too_many(pg, false, wait, c.email.data, "", next);
		goto out;
	}
	/* An unknown email costs the same check and is throttled alike. */
	if (store_user_by_email(pg->st, a.account, &u) == STORE_OK)
		ok = auth_check_password(u.pwhash, c.password.data);
	else
		auth_dummy_check(c.password.data);
	auth_attempt_end(pg->st, &a, ok);
	if (ok) {
		if (start_login(pg, u.id, a.account, next))
			page_fail(pg, 503, "The login could not be saved; try "
				  "again in a moment.");
		goto out;
	}
	pg->rs->status = 401;
	auth_form(pg, false, "That email and password do not match.",
		  c.email.data, "", next);
out:
	creds_release(&c);
}

void ui_logout(struct page *pg)
{
	if (pg->logged_in) {
		if (!page_post_ok(pg))
			return;
		store_login_del(pg->st, pg->token_hash);
	}
	response_header(pg->rs, "Set-Cookie",
			"%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
			AUTH_COOKIE);
	response_redirect(pg->rs, "/login");
}
