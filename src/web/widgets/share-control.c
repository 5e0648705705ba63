/*
 * share-control.c: the sharing control of a plan on "Your plans": who
 * may see it (only the owner and the cohort's facilitators, or the
 * cohort), its read-only link to copy, make anew or revoke, and how many
 * comments on it are unread and how many of its threads open.
 */
#include "web/widgets/share-control.h"

#include "core/html.h"
#include "model/session.h"
#include "web/page.h"

void share_control(struct page *pg, const struct session *s,
		   const struct exercise *e)
{
	struct buf *b = &pg->rs->body;
	struct share sh = { .mode = SHARE_PRIVATE };
	int unread = 0, open = 0;

	if (store_share_get(pg->st, pg->user.id, s->number, e->id, &sh) !=
	    STORE_OK)
		sh = (struct share){ .mode = SHARE_PRIVATE };
	if (store_comment_unread(pg->st, pg->user.id, s->number, e->id,
				 &unread) != STORE_OK)
		unread = 0;
	if (store_thread_open(pg->st, pg->user.id, s->number, e->id, &open) !=
	    STORE_OK)
		open = 0;

	html(b, "<section class=\"share\" id=\"share-%s\" "
	     "aria-labelledby=\"sh-%s\"><h3 id=\"sh-%s\">Sharing: %s</h3>",
	     e->id, e->id, e->id, e->title);
	html(b, "<form method=\"post\" action=\"/s/%d/e/", s->number);
	html_url(b, e->id);
	html_raw(b, "/share\"><fieldset><legend>Who may see this plan"
		 "</legend>");
	page_csrf_field(pg);
	html(b, "<label class=\"check\"><input type=\"radio\" name=\"mode\" "
	     "value=\"private\"%s> Only me (and my cohort's facilitators)"
	     "</label><label class=\"check\"><input type=\"radio\" "
	     "name=\"mode\" value=\"cohort\"%s> My cohort</label>"
	     "<button type=\"submit\">Save sharing</button></fieldset></form>",
	     sh.mode == SHARE_COHORT ? "" : " checked",
	     sh.mode == SHARE_COHORT ? " checked" : "");

	html(b, "<form method=\"post\" action=\"/s/%d/e/", s->number);
	html_url(b, e->id);
	html_raw(b, "/share\" class=\"inline\">");
	page_csrf_field(pg);
	if (sh.link_hash[0]) {
		html_raw(b, "<p>A read-only link is active: anyone who has it "
			 "can read this plan, without comments.</p>");
		/* To copy again (app.js makes it the whole address). */
		if (sh.link_token[0])
			html(b, "<p><label for=\"link-%s\">The link to “%s”, "
			     "after this site's address</label><input "
			     "type=\"text\" id=\"link-%s\" readonly data-link "
			     "value=\"/l/%s\"></p>", e->id, e->title, e->id,
			     sh.link_token);
		html_raw(b, "<p><button type=\"submit\" name=\"link\" "
			 "value=\"revoke\">Revoke the link</button> <button "
			 "type=\"submit\" name=\"link\" value=\"new\">Make a "
			 "new link (the old one stops working)</button></p>");
	} else {
		html_raw(b, "<p>No read-only link. <button type=\"submit\" "
			 "name=\"link\" value=\"new\">Make a read-only link"
			 "</button></p>");
	}
	html_raw(b, "</form>");
	html(b, "<p><a href=\"/p/%lld/%d/", (long long)pg->user.id,
	     s->number);
	html_url(b, e->id);
	html(b, "#comments\">Comments on this plan</a>: %d unread, "
	     "<span class=\"open-threads\">%d open thread%s</span></p>"
	     "</section>", unread, open, open == 1 ? "" : "s");
}
