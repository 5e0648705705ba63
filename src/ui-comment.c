/*
 * ui-comment.c: comments on the sections of a plan (docs/cohorts.md).
 *
 *   POST /p/USER/N/EX/comments   add one: prompt=P (the section),
 *                                parent=ID for a reply, body
 *   POST /comments/ID            its author: action=edit with body, or
 *                                action=delete
 *
 * Threads hang under each section of the plan page (ui-share.c); a reply
 * is on its parent's section.  A deleted comment keeps its place so the
 * replies under it still read in order.  Bodies are plain text in answer
 * normal form, at most STORE_TEXT_MAX bytes; a longer one is refused with
 * 422 and shown again, as answers are.
 */
#include "ui-peer.h"

#include "answer.h"
#include "app.h"
#include "authz.h"
#include "html.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define THREAD_DEPTH 6      /* replies deeper than this are shown flat */

static int on_comment(void *ctx, const struct comment *c, const char *body)
{
	struct thread *t = ctx;

	if (t->n == t->alloc) {
		size_t na = t->alloc ? 2 * t->alloc : 16;
		struct comment *v = realloc(t->v, na * sizeof(*v));
		char **bv;

		if (!v)
			return t->oom = 1;
		t->v = v;
		bv = realloc(t->body, na * sizeof(*bv));
		if (!bv)
			return t->oom = 1;
		t->body = bv;
		t->alloc = na;
	}
	if (!(t->body[t->n] = xstrdup(body ? body : "")))
		return t->oom = 1;
	t->v[t->n++] = *c;
	return 0;
}

int thread_load(struct store *st, const struct plan_ref *pr,
		struct thread *t)
{
	int r;

	memset(t, 0, sizeof(*t));
	r = store_comment_list(st, pr->owner.id, pr->s->number, pr->e->id,
			       on_comment, t);
	return r == STORE_OK && t->oom ? STORE_ERR : r;
}

void thread_release(struct thread *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->body[i]);
	free(t->v);
	free(t->body);
	memset(t, 0, sizeof(*t));
}

static void when(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    !strftime(out, size, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, size, "?");
}

/* A body's lines, escaped, with <br> between them. */
static void body_text(struct buf *b, const char *body)
{
	struct span line;
	bool first = true;

	html_raw(b, "<p class=\"comment-body\">");
	while (answer_next(&body, &line)) {
		if (!first)
			html_raw(b, "<br>");
		html_txtn(b, line.s, line.n);
		first = false;
	}
	html_raw(b, "</p>");
}

static const char *plan_url(char *out, size_t size, const struct plan_ref *pr)
{
	snprintf(out, size, "/p/%lld/%d/%s", (long long)pr->owner.id,
		 pr->s->number, pr->e->id);
	return out;
}

/* The form that adds a comment (parent 0) or a reply. */
static void add_form(struct page *pg, const struct plan_ref *pr,
		     const char *prompt_id, int64_t parent,
		     const struct comment_draft *rej)
{
	struct buf *b = &pg->rs->body;
	bool mine = rej && rej->parent == parent &&
		    !strcmp(rej->prompt_id, prompt_id);
	char url[200], fid[160];

	if (parent)
		snprintf(fid, sizeof(fid), "r-%lld", (long long)parent);
	else
		snprintf(fid, sizeof(fid), "n-%s", prompt_id);
	html(b, "<form method=\"post\" action=\"%s/comments\" "
	     "class=\"comment-form\">", plan_url(url, sizeof(url), pr));
	page_csrf_field(pg);
	html(b, "<input type=\"hidden\" name=\"prompt\" value=\"%s\">",
	     prompt_id);
	if (parent)
		html(b, "<input type=\"hidden\" name=\"parent\" value=\"%l\">",
		     (long long)parent);
	if (mine)
		html(b, "<p class=\"error\" role=\"alert\" id=\"%s-err\">%s"
		     "</p>", fid, rej->msg);
	html(b, "<label for=\"%s\">%s</label><textarea id=\"%s\" "
	     "name=\"body\" rows=\"3\"%s%s%s>%s</textarea>"
	     "<button type=\"submit\">%s</button></form>", fid,
	     parent ? "Your reply" : "Add a comment on this section", fid,
	     mine ? " aria-describedby=\"" : "", mine ? fid : "",
	     mine ? "-err\"" : "", mine ? rej->body : "",
	     parent ? "Reply" : "Add comment");
}

static void one_comment(struct page *pg, const struct plan_ref *pr,
			const struct thread *t, size_t i, int depth,
			bool can_comment, const struct comment_draft *rej);

/* The replies to `parent`, as a list (nothing when none). */
static void replies(struct page *pg, const struct plan_ref *pr,
		    const struct thread *t, int64_t parent, int depth,
		    bool can_comment, const struct comment_draft *rej)
{
	struct buf *b = &pg->rs->body;
	bool any = false;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].parent != parent)
			continue;
		if (!any)
			html_raw(b, "<ol class=\"replies\">");
		any = true;
		one_comment(pg, pr, t, i, depth + 1, can_comment, rej);
	}
	if (any)
		html_raw(b, "</ol>");
}

static void one_comment(struct page *pg, const struct plan_ref *pr,
			const struct thread *t, size_t i, int depth,
			bool can_comment, const struct comment_draft *rej)
{
	struct buf *b = &pg->rs->body;
	const struct comment *c = &t->v[i];
	char at[40], ed[40];
	bool reply_open = rej && rej->parent == c->id;

	when(at, sizeof(at), c->created);
	html(b, "<li class=\"comment\" id=\"c-%l\">", (long long)c->id);
	if (c->deleted) {
		html_raw(b, "<p class=\"meta\">This comment was deleted.</p>");
	} else {
		html(b, "<p class=\"meta\"><strong>%s</strong> · %s",
		     c->author_name, at);
		if (c->edited) {
			when(ed, sizeof(ed), c->edited);
			html(b, " · edited %s", ed);
		}
		html_raw(b, "</p>");
		body_text(b, t->body[i]);
		if (c->author == pg->user.id) {
			html(b, "<details><summary>Edit or delete</summary>"
			     "<form method=\"post\" action=\"/comments/%l\">",
			     (long long)c->id);
			page_csrf_field(pg);
			html(b, "<label for=\"e-%l\">Your comment</label>"
			     "<textarea id=\"e-%l\" name=\"body\" rows=\"3\">"
			     "%s</textarea><button type=\"submit\" "
			     "name=\"action\" value=\"edit\">Save changes"
			     "</button> <button type=\"submit\" name=\"action\" "
			     "value=\"delete\">Delete</button></form></details>",
			     (long long)c->id, (long long)c->id, t->body[i]);
		}
		if (can_comment) {
			html(b, "<details%s><summary>Reply</summary>",
			     reply_open ? " open" : "");
			add_form(pg, pr, c->prompt_id, c->id, rej);
			html_raw(b, "</details>");
		}
	}
	/* Deep threads stop nesting: their replies follow at this level. */
	if (depth < THREAD_DEPTH)
		replies(pg, pr, t, c->id, depth, can_comment, rej);
	html_raw(b, "</li>");
	if (depth >= THREAD_DEPTH) {
		size_t k;

		for (k = 0; k < t->n; k++)
			if (t->v[k].parent == c->id)
				one_comment(pg, pr, t, k, depth, can_comment,
					    rej);
	}
}

static bool in_exercise(const struct plan_ref *pr, const char *prompt_id)
{
	size_t i;

	for (i = 0; i < pr->e->nr_prompts; i++)
		if (!strcmp(pr->e->prompts[i].id, prompt_id))
			return true;
	return false;
}

/* Does comment i start a thread in this section?  A reply whose parent
 * is gone from the list starts one too, so nothing is hidden. */
static bool starts_thread(const struct plan_ref *pr, const struct thread *t,
			  size_t i, const char *prompt_id)
{
	const struct comment *c = &t->v[i];
	size_t k;

	if (prompt_id ? strcmp(c->prompt_id, prompt_id) :
	    in_exercise(pr, c->prompt_id))
		return false;
	if (!c->parent)
		return true;
	for (k = 0; k < t->n; k++)
		if (t->v[k].id == c->parent)
			return false;
	return true;
}

void thread_section(struct page *pg, const struct plan_ref *pr,
		    const struct thread *t, const char *prompt_id,
		    bool can_comment, const struct comment_draft *rej)
{
	struct buf *b = &pg->rs->body;
	size_t i, n = 0;

	for (i = 0; i < t->n; i++)
		n += starts_thread(pr, t, i, prompt_id);
	if (!prompt_id && !n)
		return;
	html(b, "<div class=\"comments\"><h3>%s (%d)</h3>", prompt_id ?
	     "Comments" : "Comments on questions this session no longer has",
	     (int)n);
	if (n) {
		html_raw(b, "<ol class=\"threads\">");
		for (i = 0; i < t->n; i++)
			if (starts_thread(pr, t, i, prompt_id))
				one_comment(pg, pr, t, i, 0,
					    can_comment && prompt_id, rej);
		html_raw(b, "</ol>");
	}
	if (prompt_id && can_comment) {
		/* Folded until wanted, open when it holds a refused draft. */
		html(b, "<details class=\"add-comment\"%s><summary>Comment on "
		     "this section</summary>", rej && !rej->parent &&
		     !strcmp(rej->prompt_id, prompt_id) ? " open" : "");
		add_form(pg, pr, prompt_id, 0, rej);
		html_raw(b, "</details>");
	}
	html_raw(b, "</div>");
}

/* The body field in normal form into `out`.  Returns NULL, or why it
 * cannot be saved (then `out` holds the text as sent). */
static const char *posted_body(struct page *pg, struct buf *out)
{
	struct buf raw;
	const char *msg = NULL;

	buf_init(&raw, HTTP_MAX_BODY);
	if (page_field(pg, "body", 0, &raw) < 0)
		msg = "That comment is empty.";
	else if (answer_normalize(PROMPT_TEXT, raw.data, raw.len, out) ||
		 out->err)
		msg = "That comment could not be read.";
	else if (!out->len)
		msg = "That comment is empty.";
	else if (out->len > STORE_TEXT_MAX)
		msg = "That comment is longer than 8 KB, so it was not saved. "
		      "Shorten it and send it again.";
	if (msg) {
		buf_reset(out);
		buf_add(out, raw.data, raw.len);
	}
	buf_release(&raw);
	return msg;
}

/* A path or form id; 0 when it is not one. */
static int64_t id_of(const char *s)
{
	int64_t v = authz_parse_id(s);

	return v > 0 ? v : 0;
}

void ui_comment_add(struct page *pg)
{
	struct plan_ref pr;
	struct comment c = { 0 }, parent;
	struct buf prompt, pid, body;
	const char *msg;
	char url[260];
	int r;

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
	if (!page_post_ok(pg) || !plan_open(pg, &pr))
		return;
	if (!authz_may_comment(pr.access)) {
		page_fail(pg, 403, "You may read this plan but not comment "
			  "on it.");
		return;
	}
	buf_init(&prompt, STORE_ID_MAX);
	buf_init(&pid, 32);
	buf_init(&body, HTTP_MAX_BODY);
	if (page_field(pg, "prompt", 0, &prompt) <= 0 ||
	    !in_exercise(&pr, prompt.data)) {
		page_fail(pg, 400, "That section is not part of this plan "
			  "(was the session changed?). Copy your comment and "
			  "reload the page.");
		goto out;
	}
	if (page_field(pg, "parent", 0, &pid) > 0) {
		c.parent = id_of(pid.data);
		if (!c.parent ||
		    store_comment_get(pg->st, c.parent, &parent, NULL) !=
			    STORE_OK ||
		    parent.owner != pr.owner.id ||
		    parent.number != pr.s->number ||
		    strcmp(parent.exercise_id, pr.e->id) ||
		    strcmp(parent.prompt_id, prompt.data)) {
			page_fail(pg, 404, "The comment you replied to is not "
				  "on this plan.");
			goto out;
		}
	}
	if ((msg = posted_body(pg, &body))) {
		struct comment_draft d = {
			.prompt_id = prompt.data, .parent = c.parent,
			.body = body.data, .msg = msg,
		};
		char title[300];

		pg->rs->status = 422;
		snprintf(title, sizeof(title), "Not saved: %s", pr.e->title);
		page_begin(pg, title);
		html(&pg->rs->body, "<h1>%s</h1><p class=\"error\">Your "
		     "comment was not saved: %s Your text is still in its "
		     "form below.</p>", pr.e->title, msg);
		plan_view(pg, &pr, true, true, &d);
		page_end(pg);
		if (pg->rs->status == 200)
			pg->rs->status = 422;
		goto out;
	}
	c.owner = pr.owner.id;
	c.number = pr.s->number;
	snprintf(c.exercise_id, sizeof(c.exercise_id), "%s", pr.e->id);
	snprintf(c.prompt_id, sizeof(c.prompt_id), "%s", prompt.data);
	c.author = pg->user.id;
	r = store_comment_add(pg->st, &c, body.data);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	snprintf(url, sizeof(url), "/p/%lld/%d/%s#c-%lld",
		 (long long)pr.owner.id, pr.s->number, pr.e->id,
		 (long long)c.id);
	response_redirect(pg->rs, url);
out:
	buf_release(&prompt);
	buf_release(&pid);
	buf_release(&body);
}

/* An edit that cannot be saved: the form again, with the text sent. */
static void edit_refused(struct page *pg, const struct comment *c,
			 const char *body, const char *msg)
{
	struct buf *b = &pg->rs->body;

	page_begin(pg, "Comment not saved");
	pg->rs->status = 422;
	html(b, "<h1>Comment not saved</h1><p class=\"error\" id=\"err\">%s "
	     "Your text is below.</p><form method=\"post\" "
	     "action=\"/comments/%l\">", msg, (long long)c->id);
	page_csrf_field(pg);
	html(b, "<label for=\"e-%l\">Your comment</label><textarea "
	     "id=\"e-%l\" name=\"body\" rows=\"6\" aria-describedby=\"err\">"
	     "%s</textarea><button type=\"submit\" name=\"action\" "
	     "value=\"edit\">Save changes</button></form>",
	     (long long)c->id, (long long)c->id, body);
	page_end(pg);
}

void ui_comment_change(struct page *pg)
{
	int64_t id = id_of(pg->rq->param[0]);
	struct comment c;
	struct buf action, body;
	const char *msg;
	char url[260];
	int r;

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
	if (!page_post_ok(pg))
		return;
	/* Someone else's comment gets the same answer as none at all. */
	if (!id || store_comment_get(pg->st, id, &c, NULL) != STORE_OK ||
	    c.author != pg->user.id || c.deleted) {
		page_fail(pg, 404, "There is no comment of yours here.");
		return;
	}
	buf_init(&action, 16);
	buf_init(&body, HTTP_MAX_BODY);
	page_field(pg, "action", 0, &action);
	if (!strcmp(action.data, "delete")) {
		r = store_comment_delete(pg->st, id, pg->user.id);
	} else if (!strcmp(action.data, "edit")) {
		int access = PLAN_NONE;

		/* Editing is commenting: only while the plan is visible. */
		if (authz_plan(pg->st, peer_viewer(pg), c.owner, c.number,
			       c.exercise_id, &access) != STORE_OK ||
		    !authz_may_comment(access)) {
			page_fail(pg, 403, "This plan is no longer shared with "
				  "you, so your comment cannot be edited; you "
				  "may still delete it.");
			goto out;
		}
		if ((msg = posted_body(pg, &body))) {
			edit_refused(pg, &c, body.data, msg);
			goto out;
		}
		r = store_comment_edit(pg->st, id, pg->user.id, body.data);
	} else {
		page_fail(pg, 400, "Say whether to edit or delete the "
			  "comment.");
		goto out;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	snprintf(url, sizeof(url), "/p/%lld/%d/%s#c-%lld",
		 (long long)c.owner, c.number, c.exercise_id, (long long)id);
	response_redirect(pg->rs, url);
out:
	buf_release(&action);
	buf_release(&body);
}
