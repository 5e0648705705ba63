/*
 * thread.c: the comments on a plan's sections, as threads under each
 * section of the plan page (plan-view.c): loaded and indexed once, then
 * written section by section with the forms to add a comment or reply.
 * A reply is on its parent's section; a deleted comment keeps its place
 * so the replies under it still read in order.
 *
 * Anything a visitor can post is walked in linear time: the comments are
 * indexed once (each one's replies, its thread's top) and each thread is
 * written with an explicit stack, never by recursion, so a chain of
 * replies stored before the caps, however long, costs its length and no
 * stack.  A page writes at most STORE_COMMENTS_MAX comments and
 * THREAD_PAGE_BYTES of them, and says how many more there are.
 */
#include "web/widgets/thread.h"

#include "auth/authz.h"
#include "core/html.h"
#include "model/answer.h"
#include "model/session.h"
#include "web/page.h"
#include "web/widgets/mentions.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define THREAD_DEPTH 8      /* replies deeper than this are shown flat */
/* What one plan page holds at most: comments loaded from the store, and
 * their bytes (more exist only in data from before the caps; the oldest
 * are loaded), and the bytes of comments written (a plan at its cap
 * writes up to 24 MB when every comment is 8 KB of text that escaping
 * makes six times longer); the rest are counted, not written. */
#define THREAD_LOAD_MAX 25000
#define THREAD_LOAD_BYTES ((size_t)16 << 20)
#define THREAD_PAGE_BYTES ((size_t)6 << 20)

/* One comment on the walk's stack. */
struct thread_frame {
	long at;                    /* the comment */
	long next;                  /* its next reply to visit, -1: none */
	int depth;
	bool shown;                 /* written */
	bool nested;                /* its replies go inside its <li> */
	bool open_ol;               /* ...and their <ol> is open */
};

static int on_comment(void *ctx, const struct comment *c, const char *body)
{
	struct thread *t = ctx;
	struct thread_item *it;

	if (t->n == THREAD_LOAD_MAX || t->body_bytes > THREAD_LOAD_BYTES) {
		t->more = true;
		return 1;
	}
	if (t->n == t->alloc) {
		size_t na = t->alloc ? 2 * t->alloc : 16;
		struct thread_item *v = realloc(t->v, na * sizeof(*v));

		if (!v)
			return t->oom = 1;
		t->v = v;
		t->alloc = na;
	}
	it = &t->v[t->n];
	memset(it, 0, sizeof(*it));
	it->c = *c;
	if (!(it->body = xstrdup(body ? body : "")))
		return t->oom = 1;
	t->body_bytes += strlen(it->body);
	t->n++;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct thread_item *x = a, *y = b;

	return (x->c.id > y->c.id) - (x->c.id < y->c.id);
}

/* A top comment as sorted into sections: by prompt id, then oldest
 * first (its index, as the comments are in id order). */
struct top_key {
	const char *prompt_id;
	size_t at;
};

static int by_section(const void *a, const void *b)
{
	const struct top_key *x = a, *y = b;
	int c = strcmp(x->prompt_id, y->prompt_id);

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* The index of comment `id` among the first n (in id order), or -1. */
static long find_id(const struct thread *t, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].c.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && t->v[lo].c.id == id ? (long)lo : -1;
}

/*
 * Link every comment to its parent's replies, in one pass in id order.
 * A parent is older than its reply, so it is looked for only among the
 * comments before it: a reply whose parent is not there (gone, on
 * another plan, or newer, as only damaged data could have) starts a
 * thread of its own, nothing is hidden, and no loop can form.
 */
static int thread_index(struct thread *t)
{
	struct top_key *keys;
	size_t i, k;

	for (i = 1; i < t->n; i++)
		if (t->v[i].c.id <= t->v[i - 1].c.id) {
			qsort(t->v, t->n, sizeof(*t->v), by_id);
			break;
		}
	t->tops = malloc((t->n ? t->n : 1) * sizeof(*t->tops));
	t->stack = malloc((t->n + 1) * sizeof(*t->stack));
	if (!t->tops || !t->stack)
		return STORE_ERR;
	for (i = 0; i < t->n; i++) {
		struct thread_item *it = &t->v[i];
		long p = it->c.parent ? find_id(t, i, it->c.parent) : -1;

		it->first = it->last = it->next = -1;
		if (p < 0) {
			it->top = (long)i;
			t->tops[t->nr_tops++] = i;
			continue;
		}
		it->top = t->v[p].top;
		t->v[it->top].replies++;
		t->v[it->top].live_replies += !it->c.deleted;
		if (t->v[p].last < 0)
			t->v[p].first = (long)i;
		else
			t->v[t->v[p].last].next = (long)i;
		t->v[p].last = (long)i;
	}
	keys = malloc((t->nr_tops ? t->nr_tops : 1) * sizeof(*keys));
	if (!keys)
		return STORE_ERR;
	for (k = 0; k < t->nr_tops; k++)
		keys[k] = (struct top_key){ t->v[t->tops[k]].c.prompt_id,
					    t->tops[k] };
	qsort(keys, t->nr_tops, sizeof(*keys), by_section);
	for (k = 0; k < t->nr_tops; k++)
		t->tops[k] = keys[k].at;
	free(keys);
	return STORE_OK;
}

bool thread_is_open(const struct thread_item *top)
{
	return !top->resolved_at && (!top->c.deleted || top->live_replies);
}

/* A resolved thread, marked on its top comment (when loaded). */
static int on_resolved(void *ctx, int64_t top, int64_t by, int64_t at)
{
	struct thread *t = ctx;
	long i = find_id(t, t->n, top);

	if (i >= 0 && t->v[i].top == i) {
		t->v[i].resolved_at = at;
		t->v[i].resolved_by = by;
	}
	return 0;
}

/* One mention of a loaded comment, filed under it (rows come in
 * comment order, so each comment's are together). */
static int on_mention(void *ctx, int64_t comment, int64_t user,
		      const char *name)
{
	struct thread *t = ctx;
	long i = find_id(t, t->n, comment);

	if (i < 0 || t->v[i].mcount == MENTION_MAX)
		return 0;
	if (t->nwho == t->who_alloc) {
		size_t na = t->who_alloc ? 2 * t->who_alloc : 16;
		struct mention_who *w = realloc(t->who, na * sizeof(*w));
		char (*nm)[STORE_NAME_MAX + 1];

		if (!w)
			return STORE_ERR;
		t->who = w;
		if (!(nm = realloc(t->names, na * sizeof(*nm))))
			return STORE_ERR;
		t->names = nm;
		t->who_alloc = na;
	}
	if (!t->v[i].mcount)
		t->v[i].mfirst = t->nwho;
	t->v[i].mcount++;
	snprintf(t->names[t->nwho], sizeof(*t->names), "%s", name);
	t->who[t->nwho].id = user;
	t->nwho++;
	return 0;
}

/* The people mentioned, read only when a comment holds an "@"; their
 * names are pointed at once the array stops moving. */
static int thread_mentions(struct store *st, const struct plan_ref *pr,
			   struct thread *t)
{
	size_t i;
	int r;

	for (i = 0; i < t->n && !strchr(t->v[i].body, '@'); i++)
		;
	if (i == t->n)
		return STORE_OK;
	r = store_mention_list(st, pr->owner.id, pr->s->number, pr->e->id,
			       on_mention, t);
	for (i = 0; r == STORE_OK && i < t->nwho; i++)
		t->who[i].name = t->names[i];
	return r;
}

int thread_load(struct store *st, const struct plan_ref *pr,
		struct thread *t)
{
	size_t k;
	int r;

	memset(t, 0, sizeof(*t));
	r = store_comment_list(st, pr->owner.id, pr->s->number, pr->e->id,
			       on_comment, t);
	if (r == STORE_OK && t->oom)
		r = STORE_ERR;
	if (r == STORE_OK)
		r = thread_index(t);
	if (r == STORE_OK)
		r = store_thread_resolved(st, pr->owner.id, pr->s->number,
					  pr->e->id, on_resolved, t);
	for (k = 0; r == STORE_OK && k < t->nr_tops; k++) {
		const struct thread_item *top = &t->v[t->tops[k]];

		t->open += thread_is_open(top);
		t->resolved += top->resolved_at != 0;
	}
	if (r == STORE_OK)
		r = thread_mentions(st, pr, t);
	return r;
}

void thread_summary(struct page *pg, const struct thread *t)
{
	html(&pg->rs->body, "<p class=\"thread-count\" id=\"thread-count\" "
	     "aria-live=\"polite\">Comment threads: <strong><span "
	     "data-open-count>%d</span> open</strong>, <span "
	     "data-resolved-count>%d</span> resolved.</p>", t->open,
	     t->resolved);
}

void thread_release(struct thread *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].body);
	free(t->v);
	free(t->tops);
	free(t->stack);
	free(t->who);
	free(t->names);
	memset(t, 0, sizeof(*t));
}

/* A body's lines, escaped, with <br> between them and its mentions
 * marked. */
static void body_text(struct buf *b, const char *body,
		      const struct mention_who *who, size_t nwho)
{
	struct span line;
	bool first = true;

	html_raw(b, "<p class=\"comment-body\">");
	while (answer_next(&body, &line)) {
		if (!first)
			html_raw(b, "<br>");
		mention_html(b, line.s, line.n, who, nwho);
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

/* How the comments of one page are written. */
struct view {
	const struct plan_ref *pr;
	struct thread *t;
	bool can_comment;           /* forms to comment and reply */
	bool plan_full;             /* the plan holds all it may */
	const struct comment_draft *rej;
};

/* Is this the form the refused comment was sent from? */
static bool draft_here(const struct view *vw, const char *prompt_id,
		       int64_t parent)
{
	return vw->rej && vw->rej->parent == parent &&
	       !strcmp(vw->rej->prompt_id, prompt_id);
}

/* The form that adds a comment (parent 0) or a reply. */
static void add_form(struct page *pg, const struct view *vw,
		     const char *prompt_id, int64_t parent)
{
	struct buf *b = &pg->rs->body;
	const struct comment_draft *rej = vw->rej;
	bool mine = draft_here(vw, prompt_id, parent);
	char url[200], fid[160];

	if (mine)
		vw->t->draft_shown = true;
	if (parent)
		snprintf(fid, sizeof(fid), "r-%lld", (long long)parent);
	else
		snprintf(fid, sizeof(fid), "n-%s", prompt_id);
	html(b, "<form method=\"post\" action=\"%s/comments\" "
	     "class=\"comment-form\">", plan_url(url, sizeof(url), vw->pr));
	page_csrf_field(pg);
	html(b, "<input type=\"hidden\" name=\"prompt\" value=\"%s\">",
	     prompt_id);
	if (parent)
		html(b, "<input type=\"hidden\" name=\"parent\" value=\"%lld\">",
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

/* The reply form under comment i, or why there is none: a full plan or
 * thread takes no more (its form stays when it holds a refused reply,
 * so the text is not lost). */
static void reply_part(struct page *pg, const struct view *vw, size_t i)
{
	const struct thread *t = vw->t;
	const struct comment *c = &t->v[i].c;
	const struct thread_item *top = &t->v[t->v[i].top];
	bool mine = draft_here(vw, c->prompt_id, c->id);
	bool thread_full = top->replies >= STORE_REPLIES_MAX;

	if (!vw->can_comment)
		return;
	if (mine || (!vw->plan_full && !thread_full)) {
		html(&pg->rs->body, "<details%s><summary>Reply</summary>",
		     mine ? " open" : "");
		add_form(pg, vw, c->prompt_id, c->id);
		html_raw(&pg->rs->body, "</details>");
	} else if (thread_full && !vw->plan_full && (size_t)t->v[i].top == i) {
		html(&pg->rs->body, "<p class=\"meta\">This thread has %d "
		     "replies, the most a thread holds: to go on, add a new "
		     "comment on this section.</p>", top->replies);
	}
}

/* Who resolved top comment i: the plan's owner or the thread's author
 * (the only two who may). */
static const char *resolver(const struct view *vw, size_t i)
{
	const struct thread_item *it = &vw->t->v[i];

	if (it->resolved_by == vw->pr->owner.id)
		return vw->pr->owner.name;
	if (it->resolved_by == it->c.author)
		return it->c.author_name;
	return "someone";
}

/*
 * A thread's <li> and its fold: a resolved thread is folded under its
 * summary line, an open one unfolded.  The <details> closes, with the
 * form to resolve or reopen it, in thread_tail().
 */
static void thread_head(struct page *pg, const struct view *vw, size_t i)
{
	struct buf *b = &pg->rs->body;
	const struct thread_item *it = &vw->t->v[i];
	bool open = thread_is_open(it);
	char at[40];

	html(b, "<li class=\"comment thread%s\" id=\"c-%lld\">"
	     "<details class=\"thread-box\"%s><summary><span "
	     "class=\"thread-state\">", open ? "" : " resolved",
	     (long long)it->c.id, open ? " open" : "");
	if (it->resolved_at) {
		when_minute(at, sizeof(at), it->resolved_at);
		html(b, "Resolved by %s, %s", resolver(vw, i), at);
	} else {
		html_raw(b, open ? "Open thread" : "Deleted thread");
	}
	html(b, "</span> · started by %s · %d repl%s</summary>",
	     it->c.deleted ? "(deleted)" : it->c.author_name, it->replies,
	     it->replies == 1 ? "y" : "ies");
}

/* The end of thread i: its fold closed, the resolve or reopen form for
 * the plan's owner and the thread's author (while they may comment). */
static void thread_tail(struct page *pg, const struct view *vw, size_t i)
{
	struct buf *b = &pg->rs->body;
	const struct thread_item *it = &vw->t->v[i];
	bool owner = pg->user.id == vw->pr->owner.id;
	bool author = pg->user.id == it->c.author &&
		      authz_may_comment(vw->pr->access);

	html_raw(b, "</details>");
	if (pg->logged_in && (owner || author)) {
		html(b, "<form method=\"post\" action=\"/threads/%lld\" "
		     "class=\"thread-form\">", (long long)it->c.id);
		page_csrf_field(pg);
		html(b, "<button type=\"submit\" name=\"action\" "
		     "value=\"%s\">%s</button></form>",
		     it->resolved_at ? "reopen" : "resolve",
		     it->resolved_at ? "Reopen thread" : "Resolve thread");
	}
	html_raw(b, "</li>");
}

/* The <li> of comment i and what is in it, up to its replies. */
static void comment_open(struct page *pg, const struct view *vw, size_t i)
{
	struct buf *b = &pg->rs->body;
	const struct comment *c = &vw->t->v[i].c;
	const char *body = vw->t->v[i].body;
	char at[40], ed[40];

	when_minute(at, sizeof(at), c->created);
	if (vw->t->v[i].top == (long)i) {
		thread_head(pg, vw, i);
	} else {
		html(b, "<li class=\"comment\" id=\"c-%lld\">",
		     (long long)c->id);
	}
	if (c->deleted) {
		html_raw(b, "<p class=\"meta\">This comment was deleted.</p>");
		return;
	}
	html(b, "<p class=\"meta\"><strong>%s</strong> · %s", c->author_name,
	     at);
	if (c->edited) {
		when_minute(ed, sizeof(ed), c->edited);
		html(b, " · edited %s", ed);
	}
	html_raw(b, "</p>");
	body_text(b, body, vw->t->who ? vw->t->who + vw->t->v[i].mfirst : NULL,
		  vw->t->v[i].mcount);
	if (c->author == pg->user.id) {
		html(b, "<details><summary>Edit or delete</summary>"
		     "<form method=\"post\" action=\"/comments/%lld\">",
		     (long long)c->id);
		page_csrf_field(pg);
		html(b, "<label for=\"e-%lld\">Your comment</label>"
		     "<textarea id=\"e-%lld\" name=\"body\" rows=\"3\">"
		     "%s</textarea><button type=\"submit\" "
		     "name=\"action\" value=\"edit\">Save changes"
		     "</button> <button type=\"submit\" name=\"action\" "
		     "value=\"delete\">Delete</button></form></details>",
		     (long long)c->id, (long long)c->id, body);
	}
	reply_part(pg, vw, i);
}

/* May one more comment be written on this page? */
static bool room(const struct thread *t)
{
	return t->shown < STORE_COMMENTS_MAX && t->bytes < THREAD_PAGE_BYTES;
}

/* Write comment i (when there is room) and push it on the walk. */
static void enter(struct page *pg, const struct view *vw, long i, int depth,
		  size_t *sp, size_t *hidden)
{
	struct thread *t = vw->t;
	struct thread_frame *f = &t->stack[(*sp)++];
	struct buf *b = &pg->rs->body;
	size_t before = b->len;

	*f = (struct thread_frame){ .at = i, .next = t->v[i].first,
				    .depth = depth, .shown = room(t),
				    .nested = depth < THREAD_DEPTH };
	if (!f->shown) {
		++*hidden;
		return;
	}
	comment_open(pg, vw, (size_t)i);
	/* Deep threads stop nesting: their replies follow at this level. */
	if (!f->nested)
		html_raw(b, "</li>");
	t->shown++;
	t->bytes += b->len - before;
}

/*
 * Write thread `top` as nested lists, in one walk with a stack of its
 * own (no recursion per reply: a thread may be as deep as it is long).
 * Comments past the page's room are counted into *hidden, not written.
 */
static void walk(struct page *pg, const struct view *vw, size_t top,
		 size_t *hidden)
{
	struct thread *t = vw->t;
	struct buf *b = &pg->rs->body;
	size_t sp = 0;

	enter(pg, vw, (long)top, 0, &sp, hidden);
	while (sp) {
		struct thread_frame *f = &t->stack[sp - 1];

		if (f->next >= 0) {
			long c = f->next;
			int depth = f->nested ? f->depth + 1 : f->depth;

			f->next = t->v[c].next;
			if (f->nested && f->shown && !f->open_ol && room(t)) {
				html_raw(b, "<ol class=\"replies\">");
				f->open_ol = true;
			}
			enter(pg, vw, c, depth, &sp, hidden);
			continue;
		}
		if (f->open_ol)
			html_raw(b, "</ol>");
		if (f->shown && f->nested && t->v[f->at].top == f->at)
			thread_tail(pg, vw, (size_t)f->at);
		else if (f->shown && f->nested)
			html_raw(b, "</li>");
		sp--;
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

/* The first top comment of the section at or after *k (the tops are in
 * section order); false when there is none.  NULL prompt_id: the
 * sections of prompts the exercise no longer has. */
static bool next_top(const struct plan_ref *pr, const struct thread *t,
		     const char *prompt_id, size_t *k)
{
	for (; *k < t->nr_tops; ++*k) {
		const char *p = t->v[t->tops[*k]].c.prompt_id;
		int c;

		if (!prompt_id) {
			if (!in_exercise(pr, p))
				return true;
			/* Skip the rest of this prompt's threads. */
			while (*k + 1 < t->nr_tops &&
			       !strcmp(t->v[t->tops[*k + 1]].c.prompt_id, p))
				++*k;
			continue;
		}
		c = strcmp(p, prompt_id);
		if (c == 0)
			return true;
		if (c > 0)
			break;
	}
	*k = t->nr_tops;
	return false;
}

/* Where the section's threads start: the first top of its prompt. */
static size_t section_start(const struct thread *t, const char *prompt_id)
{
	size_t lo = 0, hi = t->nr_tops;

	while (prompt_id && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(t->v[t->tops[mid]].c.prompt_id, prompt_id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void thread_section(struct page *pg, const struct plan_ref *pr,
		    struct thread *t, const char *prompt_id,
		    bool can_comment, const struct comment_draft *rej)
{
	struct buf *b = &pg->rs->body;
	struct view vw = {
		.pr = pr, .t = t, .can_comment = can_comment && prompt_id,
		.plan_full = t->n >= STORE_COMMENTS_MAX || t->more,
		.rej = prompt_id ? rej : NULL,
	};
	size_t k, start = section_start(t, prompt_id), n = 0, hidden = 0;
	bool mine;

	for (k = start; next_top(pr, t, prompt_id, &k); k++)
		n++;
	if (!prompt_id && !n)
		return;
	html(b, "<div class=\"comments\"><h3>%s (%d)</h3>", prompt_id ?
	     "Comments" : "Comments on questions this session no longer has",
	     (int)n);
	if (n) {
		html_raw(b, "<ol class=\"threads\">");
		for (k = start; next_top(pr, t, prompt_id, &k); k++)
			walk(pg, &vw, t->tops[k], &hidden);
		html_raw(b, "</ol>");
	}
	if (hidden)
		html(b, "<p class=\"meta\">%d more comment%s on this section "
		     "%s not shown: a plan page shows at most %d comments.</p>",
		     (int)hidden, hidden == 1 ? "" : "s",
		     hidden == 1 ? "is" : "are", STORE_COMMENTS_MAX);
	if (!vw.can_comment)
		goto out;
	mine = draft_here(&vw, prompt_id, 0);
	if (vw.plan_full && !mine)
		html(b, "<p class=\"meta\">This plan has %s%d comments, the "
		     "most a plan holds: no more can be added.</p>",
		     t->more ? "over " : "", (int)t->n);
	if (!vw.plan_full || mine) {
		/* Folded until wanted, open when it holds a refused draft. */
		html(b, "<details class=\"add-comment\"%s><summary>Comment "
		     "on this section</summary>", mine ? " open" : "");
		add_form(pg, &vw, prompt_id, 0);
		html_raw(b, "</details>");
	}
out:
	html_raw(b, "</div>");
}

void thread_end(struct page *pg, const struct plan_ref *pr,
		struct thread *t, const struct comment_draft *rej)
{
	struct view vw = { .pr = pr, .t = t, .can_comment = true, .rej = rej };

	if (t->more)
		html(&pg->rs->body, "<p class=\"meta\">This plan has more than "
		     "the %d comments a page reads: the newest are not shown."
		     "</p>", (int)t->n);
	if (!rej || t->draft_shown)
		return;
	html_raw(&pg->rs->body, "<div class=\"comments\" id=\"draft\"><h3>"
		 "Your comment</h3>");
	add_form(pg, &vw, rej->prompt_id, rej->parent);
	html_raw(&pg->rs->body, "</div>");
}
