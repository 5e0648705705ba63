/*
 * comment.c: comments on the sections of a plan (docs/cohorts.md).
 *
 *   POST /p/USER/N/EX/comments   add one: prompt=P (the section),
 *                                parent=ID for a reply, body
 *   POST /comments/ID            its author: action=edit with body, or
 *                                action=delete
 *   POST /threads/ID             the plan's owner or the thread's author:
 *                                action=resolve or action=reopen (a top
 *                                comment's id); from app.js (X-Autosave)
 *                                the reply is JSON: {"resolved", "open"}
 *   GET  /p/USER/N/EX/people     who may be @mentioned there (JSON, for
 *                                app.js's completion; the server
 *                                resolves names without it)
 *
 * The threads under each section of the plan page are thread.c's.
 * Bodies are plain text in answer normal form, at most STORE_TEXT_MAX
 * bytes; a longer one is refused with 422 and shown again, as answers
 * are, and so is one past a cap (a plan holds STORE_COMMENTS_MAX
 * comments, a thread STORE_REPLIES_MAX replies; docs/cohorts.md,
 * "Caps").
 */
#include "web/pages/comment.h"

#include "auth/authz.h"
#include "core/html.h"
#include "core/json.h"
#include "model/answer.h"
#include "model/session.h"
#include "web/widgets/mentions.h"
#include "web/widgets/plan-view.h"

#include <stdio.h>
#include <string.h>

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

/* Is prompt_id a section of the plan: a prompt of its exercise? */
static bool on_plan(const struct plan_ref *pr, const char *prompt_id)
{
	const struct exercise *e = NULL;

	return session_find_prompt(pr->s, prompt_id, &e) && e == pr->e;
}

/* A path or form id; 0 when it is not one. */
static int64_t id_of(const char *s)
{
	int64_t v = authz_parse_id(s);

	return v > 0 ? v : 0;
}

/* Why a comment did not fit (store_comment_add said STORE_FULL). */
static const char *full_msg(struct store *st)
{
	if (store_full(st) == CAP_THREAD_REPLIES)
		return "This thread has reached " UI_STR(STORE_REPLIES_MAX)
		       " replies, the most a thread holds. Add a new comment "
		       "on the section instead.";
	return "This plan has reached " UI_STR(STORE_COMMENTS_MAX)
	       " comments, the most a plan holds, so no more can be added.";
}

/* A comment that cannot be saved: the plan again (422), with the text
 * sent in its form and why. */
static void refused(struct page *pg, const struct plan_ref *pr,
		    const char *prompt_id, int64_t parent, const char *body,
		    const char *msg)
{
	struct comment_draft d = {
		.prompt_id = prompt_id, .parent = parent, .body = body,
		.msg = msg,
	};
	char title[300];

	pg->rs->status = 422;
	snprintf(title, sizeof(title), "Not saved: %s", pr->e->title);
	page_begin(pg, title);
	html(&pg->rs->body, "<h1>%s</h1><p class=\"error\">Your comment "
	     "was not saved: %s Your text is still in its form below.</p>",
	     pr->e->title, msg);
	plan_view(pg, pr, true, true, &d);
	page_end(pg);
	if (pg->rs->status == 200)
		pg->rs->status = 422;
}

/* Saved, but some @names reached nobody: say which, and lead back. */
static void mentions_said(struct page *pg, const char *url, const char *said)
{
	page_begin(pg, "Comment saved");
	html(&pg->rs->body, "<h1>Comment saved</h1><p class=\"error\">Your "
	     "comment was saved, but not every @name in it reached someone: "
	     "%s. Those were left as text and nobody was told of them.</p>"
	     "<p><a href=\"", said);
	html_href(&pg->rs->body, url);
	html_raw(&pg->rs->body, "\">Back to the plan</a></p>");
	page_end(pg);
}

void ui_comment_add(struct page *pg)
{
	struct plan_ref pr;
	struct comment c = { 0 }, parent;
	struct buf prompt, pid, body, said;
	const char *msg;
	char url[260];
	int r;

	/* The route (ACCESS_COMMENT) lets only who may comment here. */
	if (!page_post_ok(pg) || !plan_open(pg, &pr))
		return;
	buf_init(&prompt, STORE_ID_MAX);
	buf_init(&pid, 32);
	buf_init(&body, HTTP_MAX_BODY);
	buf_init(&said, 4096);
	if (page_field(pg, "prompt", 0, &prompt) <= 0 ||
	    !on_plan(&pr, prompt.data)) {
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
		refused(pg, &pr, prompt.data, c.parent, body.data, msg);
		goto out;
	}
	c.owner = pr.owner.id;
	c.number = pr.s->number;
	snprintf(c.exercise_id, sizeof(c.exercise_id), "%s", pr.e->id);
	snprintf(c.prompt_id, sizeof(c.prompt_id), "%s", prompt.data);
	c.author = pg->user.id;
	r = notify_comment(pg, &pr, &c, body.data, c.parent ? &parent : NULL,
			   &said);
	if (r == STORE_FULL) {
		refused(pg, &pr, prompt.data, c.parent, body.data,
			full_msg(pg->st));
		goto out;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	snprintf(url, sizeof(url), "/p/%lld/%d/%s#c-%lld",
		 (long long)pr.owner.id, pr.s->number, pr.e->id,
		 (long long)c.id);
	if (said.len && !said.err)
		mentions_said(pg, url, said.data);
	else
		response_redirect(pg->rs, url);
out:
	buf_release(&prompt);
	buf_release(&pid);
	buf_release(&body);
	buf_release(&said);
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
	     "action=\"/comments/%lld\">", msg, (long long)c->id);
	page_csrf_field(pg);
	html(b, "<label for=\"e-%lld\">Your comment</label><textarea "
	     "id=\"e-%lld\" name=\"body\" rows=\"6\" aria-describedby=\"err\">"
	     "%s</textarea><button type=\"submit\" name=\"action\" "
	     "value=\"edit\">Save changes</button></form>",
	     (long long)c->id, (long long)c->id, body);
	page_end(pg);
}

void ui_comment_change(struct page *pg)
{
	/* The router found the comment, the visitor's own (ACCESS_AUTHOR). */
	const struct comment *c = &pg->authz.comment;
	int64_t id = c->id;
	struct buf action, body;
	const char *msg;
	char url[260];
	int r;

	if (!page_post_ok(pg))
		return;
	if (c->deleted) {
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
		if (authz_plan(pg->st, &pg->user, c->owner, c->number,
			       c->exercise_id, &access) != STORE_OK ||
		    !authz_may_comment(access)) {
			page_fail(pg, 403, "This plan is no longer shared with "
				  "you, so your comment cannot be edited; you "
				  "may still delete it.");
			goto out;
		}
		if ((msg = posted_body(pg, &body))) {
			edit_refused(pg, c, body.data, msg);
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
		 (long long)c->owner, c->number, c->exercise_id, (long long)id);
	response_redirect(pg->rs, url);
out:
	buf_release(&action);
	buf_release(&body);
}

void ui_thread_state(struct page *pg)
{
	/* The router found the top comment and that the visitor may
	 * (ACCESS_THREAD). */
	const struct comment *c = &pg->authz.comment;
	struct buf action;
	char url[260];
	int r, open = 0, resolve;

	if (!page_post_ok(pg))
		return;
	buf_init(&action, 16);
	page_field(pg, "action", 0, &action);
	resolve = !strcmp(action.data, "resolve");
	if (!resolve && strcmp(action.data, "reopen")) {
		page_fail(pg, 400, "Say whether to resolve or reopen the "
			  "thread.");
		goto out;
	}
	r = store_thread_resolve(pg->st, c->id, pg->user.id, resolve);
	if (r == STORE_OK)
		r = store_thread_open(pg->st, c->owner, c->number,
				      c->exercise_id, &open);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	if (pg->rq->autosave) {
		struct jw j = { .b = &pg->rs->body, .first = 1, .compact = 1 };

		pg->rs->content_type = "application/json";
		jw_open(&j, NULL, '{');
		jw_bool(&j, "resolved", resolve);
		jw_int(&j, "open", open);
		jw_close(&j, '}');
		goto out;
	}
	snprintf(url, sizeof(url), "/p/%lld/%d/%s#c-%lld",
		 (long long)c->owner, c->number, c->exercise_id,
		 (long long)c->id);
	response_redirect(pg->rs, url);
out:
	buf_release(&action);
}

/* The names app.js offers after an "@": the plan's readers but the
 * visitor, {"people": ["Ann Lee", ...]}. */
void ui_comment_people(struct page *pg)
{
	struct jw j = { .b = &pg->rs->body, .first = 1, .compact = 1 };
	struct mention_people p;
	struct plan_ref pr;
	size_t i;

	if (!plan_open(pg, &pr))
		return;
	if (mention_people(pg->st, &pr, &p) != STORE_OK) {
		page_fail(pg, 503, "The people of this plan could not be read "
			  "just now.");
		return;
	}
	pg->rs->content_type = "application/json";
	jw_open(&j, NULL, '{');
	jw_open(&j, "people", '[');
	for (i = 0; i < p.n; i++)
		if (p.who[i].id != pg->user.id)
			jw_str(&j, NULL, p.who[i].name);
	jw_close(&j, ']');
	jw_close(&j, '}');
	buf_addc(&pg->rs->body, '\n');
	mention_people_release(&p);
}
