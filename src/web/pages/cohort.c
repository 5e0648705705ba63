/*
 * cohort.c: the cohorts a person is in (/cohorts) and making one, the
 * cohort page (/c/ID), invite links (/c/ID/invites) and joining by one
 * (/join/TOKEN).  The store keeps only the hash of an invite's token, so
 * the link is shown once, on the page that made it; after that the
 * cohort page lists the invite's dates and a button to revoke it.
 */
#include "web/pages/cohort.h"

#include "auth/auth.h"
#include "auth/authz.h"
#include "core/html.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/courses.h"
#include "mail/message.h"
#include "web/widgets/cohort-dates.h"
#include "web/widgets/invite-mail.h"
#include "web/widgets/partners.h"
#include "web/widgets/roster.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INVITE_DAYS_MAX 60

static const char *role_name(int role)
{
	return role == ROLE_FACILITATOR ? "facilitator" :
	       role == ROLE_PARTICIPANT ? "participant" : "visitor";
}

/* ---- /cohorts ---- */

struct cohort_list {
	struct buf *b;
	int n;
	bool facilitates;
};

static int on_cohort(void *ctx, const struct cohort *c)
{
	struct cohort_list *l = ctx;
	const struct session *s = course_get(c->number);

	if (!l->n++)
		html_raw(l->b, "<ul class=\"cohorts\">");
	html(l->b, "<li><a href=\"/c/%lld\">%s</a> · session %d%s%s",
	     (long long)c->id, c->name, c->number, s ? ": " : "",
	     s ? s->title : "");
	if (c->role)
		html(l->b, " · <span class=\"role\">%s</span>",
		     role_name(c->role));
	html_raw(l->b, "</li>");
	l->facilitates |= c->role == ROLE_FACILITATOR;
	return 0;
}

static void create_form(struct page *pg, const char *name, int number)
{
	struct buf *b = &pg->rs->body;
	const struct session *all;
	size_t i, n;

	all = courses_all(&n);
	html_raw(b, "<section aria-labelledby=\"new-cohort\">"
		 "<h2 id=\"new-cohort\">New cohort</h2>");
	if (!n) {
		html_raw(b, "<p>Import a session first: a cohort works "
			 "through one session.</p></section>");
		return;
	}
	html_raw(b, "<form method=\"post\" action=\"/cohorts\" "
		 "class=\"stack\">");
	page_csrf_field(pg);
	html(b, "<label for=\"cohort-name\">Name</label>"
	     "<input id=\"cohort-name\" name=\"name\" type=\"text\" required "
	     "maxlength=\"%d\" value=\"%s\">"
	     "<label for=\"cohort-session\">Session</label>"
	     "<select id=\"cohort-session\" name=\"session\">",
	     STORE_NAME_MAX, name);
	for (i = 0; i < n; i++)
		html(b, "<option value=\"%d\"%s>Session %d: %s</option>",
		     all[i].number, all[i].number == number ? " selected" : "",
		     all[i].number, all[i].title);
	html_raw(b, "</select><button type=\"submit\">Create cohort</button>"
		 "</form><p class=\"meta\">You will be its facilitator.</p>"
		 "</section>");
}

static void cohorts_page(struct page *pg, const char *error,
			 const char *name, int number)
{
	struct buf *b = &pg->rs->body;
	struct cohort_list mine = { .b = b }, all = { .b = b };

	page_begin(pg, "Cohorts");
	html_raw(b, "<h1>Your cohorts</h1>");
	if (error)
		html(b, "<p class=\"error\" role=\"alert\">%s</p>", error);
	if (store_cohort_list(pg->st, pg->user.id, on_cohort, &mine) !=
	    STORE_OK)
		html_raw(b, "<p class=\"error\">Your cohorts could not be "
			 "read.</p>");
	if (mine.n)
		html_raw(b, "</ul>");
	else
		html_raw(b, "<p>You are not in a cohort yet. To join one, "
			 "open the invite link your facilitator sent you.</p>");
	if (pg->user.is_admin) {
		html_raw(b, "<h2>Every cohort</h2>");
		store_cohort_list(pg->st, 0, on_cohort, &all);
		html_raw(b, all.n ? "</ul>" : "<p>There are none yet.</p>");
	}
	if (authz_may_create_cohort(pg->st, &pg->user))
		create_form(pg, name, number);
	page_end(pg);
}

void ui_cohorts(struct page *pg)
{
	cohorts_page(pg, NULL, "", 0);
}

void ui_cohort_create(struct page *pg)
{
	struct buf name, num;
	struct cohort c = { 0 };
	const char *error = NULL;
	char to[48];
	int number, r;

	/* Only admins and facilitators get here (ACCESS_CREATOR). */
	if (!page_post_ok(pg))
		return;
	buf_init(&name, STORE_NAME_MAX * 4);
	buf_init(&num, 8);
	page_field(pg, "name", 0, &name);
	page_field(pg, "session", 0, &num);
	buf_rtrim(&name);
	number = page_number_param(num.data);
	if (name.err || !name.len || name.len > STORE_NAME_MAX)
		error = "Give the cohort a name of 1 to 100 characters.";
	else if (!text_line_valid(name.data, name.len))
		error = "Give the cohort's name as one line of text, without "
			"control characters.";
	else if (number < 0 || !course_get(number))
		error = "Choose one of the sessions.";
	if (error) {
		pg->rs->status = 422;
		cohorts_page(pg, error, name.err ? "" : name.data, number);
		goto out;
	}
	snprintf(c.name, sizeof(c.name), "%s", name.data);
	c.number = number;
	c.created_by = pg->user.id;
	r = store_cohort_add(pg->st, &c);
	if (r == STORE_FULL) {
		pg->rs->status = 422;
		cohorts_page(pg, "You have made " UI_STR(STORE_COHORTS_MAX)
			     " cohorts, the most one person may make, so this "
			     "one was not created.", name.data, number);
		goto out;
	}
	if (r == STORE_OK)
		r = store_member_put(pg->st, c.id, pg->user.id,
				     ROLE_FACILITATOR);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	snprintf(to, sizeof(to), "/c/%lld", (long long)c.id);
	response_redirect(pg->rs, to);
out:
	buf_release(&name);
	buf_release(&num);
}

/* ---- /c/ID ---- */

struct invites {
	struct buf *b;
	int64_t cohort, now;
	struct page *pg;
	int n;
};

static int on_invite(void *ctx, const struct invite *i)
{
	struct invites *x = ctx;
	struct buf *b = x->b;
	char made[16], ends[16];
	const char *state = i->revoked ? "revoked" :
			    i->expires <= x->now ? "expired" : "active";

	if (!x->n++)
		html_raw(b, "<div class=\"scroll\"><table class=\"invites\">"
			 "<caption>Invite links"
			 "</caption><thead><tr><th scope=\"col\">Made</th>"
			 "<th scope=\"col\">Joins as</th><th scope=\"col\">"
			 "Expires</th><th scope=\"col\">State</th>"
			 "<th scope=\"col\">Link</th>"
			 "<th scope=\"col\"><span class=\"sr-only\">Action"
			 "</span></th></tr></thead><tbody>");
	when_day(made, sizeof(made), i->created);
	when_day(ends, sizeof(ends), i->expires);
	html(b, "<tr><td class=\"date\">%s</td><td>%s</td><td class=\"date\">"
	     "%s</td><td>%s</td><td class=\"invite-link\">",
	     made, role_name(i->role), ends, state);
	/* An active link can be copied again from a box that keeps the
	 * column narrow (app.js shows the whole address); one made
	 * before links were kept cannot. */
	if (!strcmp(state, "active") && i->token[0])
		html(b, "<input type=\"text\" readonly data-link "
		     "aria-label=\"The invite link made %s, expiring %s\" "
		     "value=\"/join/%s\">", made, ends, i->token);
	else if (!strcmp(state, "active"))
		html_raw(b, "not kept: revoke it and make a new one if lost");
	html_raw(b, "</td><td>");
	if (!strcmp(state, "active")) {
		html(b, "<form method=\"post\" action=\"/c/%lld/invites/revoke\" "
		     "class=\"inline\">", (long long)x->cohort);
		page_csrf_field(x->pg);
		html(b, "<input type=\"hidden\" name=\"invite\" value=\"%s\">"
		     "<button type=\"submit\" aria-label=\"Revoke the invite "
		     "made %s, expiring %s\">Revoke</button></form>",
		     i->token_hash, made, ends);
	}
	html_raw(b, "</td></tr>");
	return 0;
}

static void invite_section(struct page *pg, const struct cohort *c)
{
	struct buf *b = &pg->rs->body;
	struct invites x = { .b = b, .cohort = c->id, .pg = pg,
			     .now = store_now(pg->st) };

	html_raw(b, "<section id=\"invites\" aria-labelledby=\"invites-h\">"
		 "<h2 id=\"invites-h\">Invite people</h2>"
		 "<p>An invite link lets anyone who has it join this cohort "
		 "until it expires or you revoke it. The active ones are "
		 "listed below, to copy again or to revoke.</p>");
	html(b, "<form method=\"post\" action=\"/c/%lld/invites\" "
	     "class=\"stack\">", (long long)c->id);
	page_csrf_field(pg);
	html(b, "<label for=\"invite-role\">Joins as</label>"
	     "<select id=\"invite-role\" name=\"role\">"
	     "<option value=\"participant\" selected>participant</option>"
	     "<option value=\"facilitator\">facilitator</option></select>"
	     "<label for=\"invite-days\">Valid for (days)</label>"
	     "<input id=\"invite-days\" name=\"days\" type=\"number\" min=\"1\" "
	     "max=\"%d\" value=\"%d\">"
	     "<label for=\"invite-email\">Send it by mail to (optional)"
	     "</label><input id=\"invite-email\" name=\"email\" "
	     "type=\"email\" maxlength=\"254\" autocomplete=\"off\">"
	     "<button type=\"submit\">Make an invite link</button></form>",
	     INVITE_DAYS_MAX, STORE_INVITE_TTL / 86400);
	if (store_invite_list(pg->st, c->id, on_invite, &x) != STORE_OK)
		html_raw(b, "<p class=\"error\">The invites could not be "
			 "read.</p>");
	if (x.n)
		html_raw(b, "</tbody></table></div>");
	html_raw(b, "</section>");
}

/* The open threads of the members' plans, read once per page. */
struct open_threads {
	struct plan_open {
		int64_t owner;
		char exercise_id[STORE_ID_MAX + 1];
		int count;
	} *v;
	size_t n, alloc;
};

static int on_open_threads(void *ctx, int64_t owner, const char *ex,
			   int count)
{
	struct open_threads *o = ctx;

	if (o->n == o->alloc) {
		size_t na = o->alloc ? 2 * o->alloc : 16;
		struct plan_open *v = realloc(o->v, na * sizeof(*v));

		if (!v)
			return 1;   /* the rest show no count */
		o->v = v;
		o->alloc = na;
	}
	o->v[o->n].owner = owner;
	snprintf(o->v[o->n].exercise_id, sizeof(o->v[o->n].exercise_id), "%s",
		 ex);
	o->v[o->n++].count = count;
	return 0;
}

/* The open threads of one plan: the rows are by owner, then exercise. */
static int open_of(const struct open_threads *o, int64_t owner,
		   const char *ex)
{
	size_t lo = 0, hi = o->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct plan_open *p = &o->v[mid];
		int c = p->owner != owner ? (p->owner < owner ? -1 : 1) :
			strcmp(p->exercise_id, ex);

		if (!c)
			return p->count;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The plans a member shared with the cohort, as links, each with its
 * open threads. */
struct shared {
	struct buf *b;
	const struct session *s;
	const struct member *m;
	const struct open_threads *open;
	int n;
};

static int on_share(void *ctx, const struct share *sh)
{
	struct shared *x = ctx;
	const char *title = sh->exercise_id;
	size_t i;
	int open;

	if (sh->mode != SHARE_COHORT)
		return 0;
	for (i = 0; x->s && i < x->s->nr_exercises; i++)
		if (!strcmp(x->s->exercises[i].id, sh->exercise_id))
			title = x->s->exercises[i].title;
	html(x->b, "%s<a href=\"/p/%lld/%d/", x->n++ ? ", " : "",
	     (long long)x->m->user.id, sh->number);
	html_url(x->b, sh->exercise_id);
	html(x->b, "\">%s</a>", title);
	open = open_of(x->open, x->m->user.id, sh->exercise_id);
	if (open)
		html(x->b, " <span class=\"open-threads\">(%d open thread%s)"
		     "</span>", open, open == 1 ? "" : "s");
	return 0;
}

/* A participant's answer to the session's support prompt, when the
 * visitor may see the plan it is in. */
static void support_request(struct page *pg, const struct session *s,
			    const struct member *m)
{
	const struct exercise *e = NULL;
	const struct prompt *p = s ? session_support_prompt(s) : NULL;
	struct workbook wb;
	const struct wb_answer *a;
	struct span line;
	const char *v;
	int access;

	if (!p || !session_find_prompt(s, p->id, &e) || !e)
		return;
	if (authz_plan(pg->st, &pg->user, m->user.id, s->number, e->id,
		       &access) != STORE_OK || !authz_plan_visible(access))
		return;
	if (workbook_load(pg->st, m->user.id, s->number, WB_ANSWERS, &wb) !=
	    STORE_OK)
		return;
	a = workbook_answer(&wb, p->id);
	if (a && a->len) {
		v = a->value;
		html_raw(&pg->rs->body, "<p class=\"meta\">The support they "
			 "would like:</p><blockquote class=\"support\">");
		while (answer_next(&v, &line)) {
			html_raw(&pg->rs->body, "<p>");
			html_txtn(&pg->rs->body, line.s, line.n);
			html_raw(&pg->rs->body, "</p>");
		}
		html_raw(&pg->rs->body, "</blockquote>");
	}
	workbook_release(&wb);
}

void ui_cohort(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	const struct cohort *c = &pg->authz.cohort_row;
	struct roster r;
	struct partner_rows pl = { 0 };
	struct open_threads open = { 0 };
	const struct session *s;
	bool facil, partners;
	size_t i;
	int role = pg->authz.role;

	if (roster_load(pg->st, c->id, false, &r) != STORE_OK) {
		page_fail(pg, 503, "The cohort could not be read; try again "
			  "in a moment.");
		return;
	}
	facil = role == ROLE_FACILITATOR;
	/* Participants back each other; when their partnerships cannot be
	 * read, the page shows no partner forms. */
	partners = role == ROLE_PARTICIPANT &&
		   partner_rows_load(pg->st, pg->user.id, &pl) == STORE_OK;
	s = course_get(c->number);
	/* Without them the page still shows the plans, uncounted. */
	if (store_thread_open_cohort(pg->st, c->id, c->number,
				     on_open_threads, &open) != STORE_OK)
		open.n = 0;
	page_begin(pg, c->name);
	html(b, "<p class=\"crumbs\"><a href=\"/cohorts\">Cohorts</a></p>"
	     "<h1>%s</h1><p>Working through <a href=\"/s/%d\">session %d%s%s"
	     "</a>.</p>", c->name, c->number, c->number, s ? ": " : "",
	     s ? s->title : "");
	if (facil)
		html(b, "<nav aria-label=\"Facilitator\" class=\"facil\"><a "
		     "href=\"/c/%lld/dashboard\">Dashboard</a> · <a "
		     "href=\"/c/%lld/review\">Final review</a> · <a "
		     "href=\"/c/%lld/answers.csv\">Answers as CSV</a></nav>",
		     (long long)c->id, (long long)c->id, (long long)c->id);

	if (facil)
		invite_section(pg, c);
	cohort_dates_section(pg, c, facil, NULL, NULL);
	html(b, "<section aria-labelledby=\"members-h\"><h2 id=\"members-h\">"
	     "Members (%d)</h2><ul class=\"members\">", (int)r.n);
	for (i = 0; i < r.n; i++) {
		const struct member *m = &r.v[i];
		struct shared x = { .b = b, .s = s, .m = m, .open = &open };

		html(b, "<li><strong>%s</strong> <span class=\"role\">%s"
		     "</span>", m->user.name, role_name(m->role));
		if (m->role != ROLE_PARTICIPANT) {
			html_raw(b, "</li>");
			continue;
		}
		html_raw(b, "<p class=\"shared\">Shared plans: ");
		store_share_list(pg->st, m->user.id, c->number, on_share, &x);
		html_raw(b, x.n ? "</p>" : "none yet</p>");
		support_request(pg, s, m);
		if (partners)
			partner_control(pg, c, m, &pl);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul></section>");
	page_end(pg);
	free(open.v);
	partner_rows_release(&pl);
	roster_release(&r);
}

/* ---- invites ---- */

void ui_invite_add(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	const struct cohort *c = &pg->authz.cohort_row;
	struct invite in = { 0 };
	struct buf role, days, email;
	char token[AUTH_TOKEN_HEX + 1], ends[16];
	bool account = false;
	long d;
	int r;

	if (!page_post_ok(pg))
		return;
	buf_init(&role, 16);
	buf_init(&days, 8);
	buf_init(&email, STORE_EMAIL_MAX + 1);
	page_field(pg, "role", 0, &role);
	page_field(pg, "days", 0, &days);
	if (page_field(pg, "email", 0, &email) == -2 ||
	    (email.len && !mail_addr_ok(email.data))) {
		page_fail(pg, 422, "The address to send the invite to is not "
			  "one we can send to: a plain name@example.org, at "
			  "most 254 characters. No invite was made.");
		goto out;
	}
	d = days.len ? page_number_param(days.data) : STORE_INVITE_TTL / 86400;
	if (d < 1 || d > INVITE_DAYS_MAX) {
		page_fail(pg, 422, "An invite is valid for 1 to 60 days.");
		goto out;
	}
	if (email.len && !invite_mail_room(pg, email.data))
		goto out;
	in.role = !strcmp(role.data, "facilitator") ? ROLE_FACILITATOR :
		  ROLE_PARTICIPANT;
	in.cohort_id = c->id;
	in.created_by = pg->user.id;
	in.expires = store_now(pg->st) + (int64_t)d * 86400;
	auth_random_hex(token, AUTH_TOKEN_HEX);
	auth_token_hash(token, in.token_hash);
	snprintf(in.token, sizeof(in.token), "%s", token);
	if ((r = store_invite_add(pg->st, &in)) == STORE_FULL) {
		page_fail(pg, 422, "This cohort has " UI_STR(STORE_INVITES_MAX)
			  " invite links that still work, the most it may "
			  "have: revoke one to make another.");
		goto out;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	when_day(ends, sizeof(ends), in.expires);
	if (email.len && (r = invite_send(pg, c, email.data, token, in.role,
					  ends, &account)) != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	pg->rs->status = 201;
	page_begin(pg, "Invite link");
	html(b, "<p class=\"crumbs\"><a href=\"/c/%lld\">%s</a></p>"
	     "<h1>Invite link</h1><p>Send this link to the people who "
	     "should join <strong>%s</strong> as %s. It works until %s "
	     "(UTC) or until you revoke it.</p>"
	     "<p class=\"invite-link\"><a id=\"invite-link\" data-link "
	     "href=\"/join/%s\">/join/%s</a></p>"
	     "<p class=\"meta\">Copy it (right-click, “Copy link”). It is "
	     "listed on the cohort's page too, under “Invite people”, "
	     "while it works, to copy again or to revoke.</p>"
	     "<p><a href=\"/c/%lld#invites\">Back to the cohort</a></p>",
	     (long long)c->id, c->name, c->name, role_name(in.role), ends,
	     token, token, (long long)c->id);
	if (email.len)
		html(b, "<p class=\"saved\" role=\"status\">It was sent by "
		     "mail to %s%s.</p>", email.data, account ? ", who has an "
		     "account here and sees it in their notifications too" :
		     "");
	page_end(pg);
out:
	buf_release(&role);
	buf_release(&days);
	buf_release(&email);
}

static bool hex64(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

void ui_invite_revoke(struct page *pg)
{
	const struct cohort *c = &pg->authz.cohort_row;
	struct buf h;
	char to[64];
	int r;

	if (!page_post_ok(pg))
		return;
	buf_init(&h, 80);
	page_field(pg, "invite", 0, &h);
	r = hex64(h.data) ? store_invite_revoke(pg->st, c->id, h.data) :
			    STORE_NOTFOUND;
	buf_release(&h);
	if (r == STORE_NOTFOUND) {
		page_fail(pg, 404, "There is no such invite in this cohort.");
		return;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	snprintf(to, sizeof(to), "/c/%lld#invites", (long long)c->id);
	response_redirect(pg->rs, to);
}

/* ---- /join/TOKEN ---- */

/* The invite a join link names, as the router found it (ACCESS_INVITE
 * lets a visitor not logged in, and an invite that is gone, reach the
 * page, to say why it stops); false after replying 410 when it was
 * revoked or has expired.  *anonymous: it works, but nobody is logged
 * in. */
static bool invite_open(struct page *pg, struct invite *in, bool *anonymous)
{
	const struct invite *az = &pg->authz.invite;
	char ends[WHEN_DAY_MAX], msg[200];

	*anonymous = pg->verdict == AUTHZ_LOGIN;
	switch (pg->verdict) {
	case AUTHZ_ALLOW:
	case AUTHZ_LOGIN:
		*in = *az;
		return true;
	case AUTHZ_GONE:
		if (az->revoked) {
			page_fail(pg, 410, "This invite link was revoked. Ask "
				  "your facilitator for a new one.");
			return false;
		}
		when_day(ends, sizeof(ends), az->expires);
		snprintf(msg, sizeof(msg), "This invite link expired on %s. "
			 "Ask your facilitator for a new one.", ends);
		page_fail(pg, 410, msg);
		return false;
	default:
		page_fail(pg, 503, "The invite could not be read; try again "
			  "in a moment.");
		return false;
	}
}

void ui_join_form(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	struct invite in;
	struct cohort c;
	const struct session *s;
	int role;
	bool anonymous;

	if (!invite_open(pg, &in, &anonymous))
		return;
	if (anonymous) {
		page_begin(pg, "Join a cohort");
		html_raw(b, "<h1>Join a cohort</h1><p>You have been invited "
			 "to join a cohort on alignplan.</p><p><a href=\"/login"
			 "?next=");
		html_url(b, pg->rq->path);
		html_raw(b, "\">Log in</a> or <a href=\"/signup?next=");
		html_url(b, pg->rq->path);
		html_raw(b, "\">sign up</a>, and you come back here to join."
			 "</p>");
		page_end(pg);
		return;
	}
	if (store_cohort_get(pg->st, in.cohort_id, &c) != STORE_OK) {
		page_fail(pg, 404, "This invite's cohort no longer exists.");
		return;
	}
	s = course_get(c.number);
	page_begin(pg, "Join a cohort");
	html(b, "<h1>Join “%s”</h1><p>This cohort works through session %d%s"
	     "%s.</p>", c.name, c.number, s ? ": " : "", s ? s->title : "");
	if (store_member_role(pg->st, c.id, pg->user.id, &role) == STORE_OK &&
	    role >= in.role) {
		html(b, "<p>You are already in this cohort. <a href=\"/c/%lld\">"
		     "Open it</a>.</p>", (long long)c.id);
		page_end(pg);
		return;
	}
	html_raw(b, "<form method=\"post\" action=\"/join/");
	html_url(b, pg->rq->param[0]);
	html_raw(b, "\">");
	page_csrf_field(pg);
	html(b, "<p>You will join as a %s. Members see the plans you choose "
	     "to share with the cohort, and its facilitators see your "
	     "answers to this session's exercises.</p>"
	     "<button type=\"submit\">Join %s</button></form>",
	     role_name(in.role), c.name);
	page_end(pg);
}

void ui_join(struct page *pg)
{
	struct invite in;
	char to[48];
	int r;
	bool anonymous;

	if (!invite_open(pg, &in, &anonymous))
		return;
	if (anonymous) {
		page_need_login(pg);
		return;
	}
	if (!page_post_ok(pg))
		return;
	r = store_member_put(pg->st, in.cohort_id, pg->user.id, in.role);
	if (r == STORE_FULL) {
		page_fail(pg, 409, "This cohort is full: it has "
			  UI_STR(STORE_MEMBERS_MAX) " members, the most a "
			  "cohort may have. Ask its facilitator.");
		return;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	snprintf(to, sizeof(to), "/c/%lld", (long long)in.cohort_id);
	response_redirect(pg->rs, to);
}
