/*
 * share.c: how a plan is shared, and the pages that show someone
 * else's plan (docs/cohorts.md).
 *
 *   POST /s/N/e/EX/share   the owner: mode=private|cohort, or
 *                          link=new|revoke (a new link replaces the old)
 *   GET  /p/USER/N/EX      the plan read-only with its comments, for
 *                          whoever authz.h lets see it
 *   GET  /l/TOKEN          the plan through its read-only link: nothing
 *                          but the plan, no comments, no names
 *
 * A link is found by the hash of its token, like a login; the token is
 * kept too, so that the owner can copy the link again from "Your plans"
 * until they revoke it.
 */
#include "web/pages/share.h"

#include "auth/auth.h"
#include "auth/authz.h"
#include "core/html.h"
#include "model/session.h"
#include "web/courses.h"
#include "web/widgets/plan-view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- POST /s/N/e/EX/share ---- */

static void link_made(struct page *pg, const struct session *s,
		      const struct exercise *e, const char *token)
{
	struct buf *b = &pg->rs->body;

	page_begin(pg, "Your read-only link");
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d/plan\">Your plans</a></p>"
	     "<h1>Your read-only link</h1><p>Anyone with this link can read "
	     "your plan “%s” (not its comments) until you revoke it. You can "
	     "copy it again, or revoke it, under “Sharing” on “Your "
	     "plans”.</p>"
	     "<p><label for=\"link\">The link, after this site's address"
	     "</label><input type=\"text\" id=\"link\" readonly data-link "
	     "value=\"/l/%s\"></p><p><a href=\"/l/", s->number, e->title,
	     token);
	html_url(b, token);
	html(b, "\">Open the link</a> (copy its address from your browser) · "
	     "<a href=\"/s/%d/plan#share-", s->number);
	html_url(b, e->id);
	html_raw(b, "\">Back to your plans</a></p>");
	page_end(pg);
}

void ui_share_save(struct page *pg)
{
	int n = page_number_param(pg->rq->param[0]);
	const struct session *s = n < 0 ? NULL : course_get(n);
	const struct exercise *e = page_find_exercise(s, pg->rq->param[1]);
	struct share sh;
	struct buf v;
	char token[AUTH_TOKEN_HEX + 1], to[200];
	int r;

	/* The route (ACCESS_OWNER) is the visitor's own plan, logged in. */
	if (!e) {
		page_fail(pg, 404, "There is no such exercise.");
		return;
	}
	if (!page_post_ok(pg))
		return;
	if (store_share_get(pg->st, pg->user.id, s->number, e->id, &sh) !=
	    STORE_OK) {
		memset(&sh, 0, sizeof(sh));
		sh.user = pg->user.id;
		sh.number = s->number;
		snprintf(sh.exercise_id, sizeof(sh.exercise_id), "%s", e->id);
		sh.mode = SHARE_PRIVATE;
	}
	token[0] = '\0';
	buf_init(&v, 32);
	if (page_field(pg, "link", 0, &v) > 0) {
		if (!strcmp(v.data, "new")) {
			auth_random_hex(token, AUTH_TOKEN_HEX);
			auth_token_hash(token, sh.link_hash);
			snprintf(sh.link_token, sizeof(sh.link_token), "%s",
				 token);
		} else if (!strcmp(v.data, "revoke")) {
			sh.link_hash[0] = '\0';
			sh.link_token[0] = '\0';
		} else
			goto bad;
	} else if (page_field(pg, "mode", 0, &v) > 0) {
		if (!strcmp(v.data, "private"))
			sh.mode = SHARE_PRIVATE;
		else if (!strcmp(v.data, "cohort"))
			sh.mode = SHARE_COHORT;
		else
			goto bad;
	} else
		goto bad;
	r = store_share_put(pg->st, &sh);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	if (token[0])
		link_made(pg, s, e, token);
	else {
		snprintf(to, sizeof(to), "/s/%d/plan#share-%s", s->number,
			 e->id);
		response_redirect(pg->rs, to);
	}
	goto out;
bad:
	page_fail(pg, 400, "That sharing choice is not one we offer.");
out:
	buf_release(&v);
}

/* ---- someone's plan, read-only ---- */

/* The owner has seen the comments.  A GET runs in the router's read
 * snapshot, which a write may not share: end it, write, and open a new
 * one for the router to close. */
static void mark_seen(struct page *pg, const struct plan_ref *pr)
{
	bool snapshot = store_read_end(pg->st) == STORE_OK;

	store_comment_seen(pg->st, pr->owner.id, pr->s->number, pr->e->id);
	if (snapshot)
		store_read_begin(pg->st, 0);
}

/* The cohorts of this session the visitor shares with the plan's owner,
 * as links back ("crumbs"): a peer or facilitator came from one.  The
 * visitor's cohorts are copied out first (a store callback may not call
 * the store), then each is asked about the owner. */
#define BACK_MAX 16

struct back {
	int number;
	struct cohort v[BACK_MAX];
	size_t n;
};

static int on_back(void *ctx, const struct cohort *c)
{
	struct back *x = ctx;

	if (c->number == x->number && x->n < BACK_MAX)
		x->v[x->n++] = *c;
	return 0;
}

static void back_links(struct page *pg, const struct plan_ref *pr)
{
	struct buf *b = &pg->rs->body;
	struct back *x = calloc(1, sizeof(*x));
	size_t i;
	int role, shown = 0;

	html_raw(b, "<p class=\"crumbs\">");
	if (x) {
		x->number = pr->s->number;
		if (store_cohort_list(pg->st, pg->user.id, on_back, x) !=
		    STORE_OK)
			x->n = 0;
	}
	for (i = 0; x && i < x->n; i++)
		if (store_member_role(pg->st, x->v[i].id, pr->owner.id,
				      &role) == STORE_OK)
			html(b, "%s<a href=\"/c/%lld\">%s</a>", shown++ ? " · " :
			     "", (long long)x->v[i].id, x->v[i].name);
	if (!shown)
		html_raw(b, "<a href=\"/cohorts\">Cohorts</a>");
	html_raw(b, "</p>");
	free(x);
}

void ui_peer_plan(struct page *pg)
{
	struct plan_ref pr;
	struct buf *b = &pg->rs->body;
	char title[300];
	bool own;
	int unread = 0;

	if (!plan_open(pg, &pr))
		return;
	own = pr.access == PLAN_OWNER;
	if (own && store_comment_unread(pg->st, pr.owner.id, pr.s->number,
					pr.e->id, &unread) != STORE_OK)
		unread = 0;
	snprintf(title, sizeof(title), "%s: %s", pr.owner.name, pr.e->title);
	page_begin(pg, title);
	if (own)
		html(b, "<p class=\"crumbs\"><a href=\"/s/%d/plan\">Your plans"
		     "</a></p><h1>Your plan: %s</h1><p id=\"comments\">"
		     "Your plan as your cohort sees it, with their comments: "
		     "%d new since you last looked.</p>", pr.s->number,
		     pr.e->title, unread);
	else {
		back_links(pg, &pr);
		html(b, "<h1>%s</h1><p class=\"subtitle\" id=\"comments\">"
		     "%s's plan, session %d: read-only. Comments are seen by "
		     "%s and by whoever else may see this plan.</p>",
		     pr.e->title, pr.owner.name, pr.s->number, pr.owner.name);
	}
	plan_view(pg, &pr, true,
		  authz_may_comment(pr.access),
		  NULL);
	page_end(pg);
	if (own && pg->rs->status == 200 && unread)
		mark_seen(pg, &pr);
}

void ui_link_plan(struct page *pg)
{
	/* The router found the link (ACCESS_LINK): a live one. */
	const struct share *sh = &pg->authz.share;
	struct buf *b = &pg->rs->body;
	struct plan_ref pr = { .access = PLAN_LINK };

	if (!(pr.s = course_get(sh->number)) ||
	    !(pr.e = page_find_exercise(pr.s, sh->exercise_id)) ||
	    store_user_by_id(pg->st, sh->user, &pr.owner) != STORE_OK) {
		page_fail(pg, 404, "This link does not work: it may have been "
			  "revoked.");
		return;
	}
	/* The token is in the address: keep it out of Referer headers and
	 * search engines. */
	response_header(pg->rs, "Referrer-Policy", "no-referrer");
	response_header(pg->rs, "X-Robots-Tag", "noindex");
	page_begin(pg, pr.e->title);
	html(b, "<h1>%s</h1><p class=\"subtitle\">A plan shared with you "
	     "read-only (session %d).</p>", pr.e->title, pr.s->number);
	plan_view(pg, &pr, false, false, NULL);
	page_end(pg);
}
