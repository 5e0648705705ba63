/*
 * plan.c: "Your plans" (/s/N/plan), every exercise with typed prompts
 * on one page (plan-summary.c: how complete it is, its checks, the key
 * answers and the charts its declarations call for) with its sharing
 * control; and an exercise's history (/s/N/e/ID/history): each answer's
 * first draft against its text now, as a line diff.  Only the
 * participant's own answers.
 */
#include "web/pages/plan.h"

#include "core/html.h"
#include "model/kinds/kind.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/page.h"
#include "web/widgets/diff-view.h"
#include "web/widgets/partners.h"
#include "web/widgets/plan-summary.h"
#include "web/widgets/share-control.h"
#include "web/widgets/ctests.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Per plan: who may see it, its read-only link and unread comments
 * (share-control.c); and where check-ins on its milestones are made. */
static void share_controls(struct page *pg, const struct session *s)
{
	struct buf *b = &pg->rs->body;
	size_t i;
	bool any = false;

	for (i = 0; i < s->nr_exercises; i++) {
		if (!plan_has_typed(&s->exercises[i]))
			continue;
		if (!any)
			html_raw(b, "<section class=\"sharing\" "
				 "aria-labelledby=\"sharing\"><h2 "
				 "id=\"sharing\">Sharing and comments</h2>");
		any = true;
		share_control(pg, s, &s->exercises[i]);
	}
	if (any) {
		int waiting = 0;

		if (partner_waiting(pg->st, pg->user.id, s->number,
				    &waiting) != STORE_OK)
			waiting = 0;
		html(b, "<p><a href=\"/s/%d/checkins\">Check-ins on your "
		     "milestones</a>", s->number);
		if (waiting)
			html(b, " · <a href=\"/s/%d/checkins#partners\">%d "
			     "request%s to be your accountability partner</a> "
			     "%s for your answer", s->number, waiting,
			     waiting == 1 ? "" : "s",
			     waiting == 1 ? "waits" : "wait");
		html_raw(b, "</p></section>");
	}
}

/* The cheap tests recorded on the session, summed up, and where to
 * record them (tests.c); nothing when the session asks for none and
 * none were recorded. */
static void cheap_tests(struct page *pg, const struct session *s,
			struct workbook *wb)
{
	struct buf *b = &pg->rs->body;
	const struct prompt *ranked = session_named_prompt(s, "excited");
	struct ctests c;

	if (ctests_load(pg->st, pg->user.id, s->number, &c) != STORE_OK ||
	    (!c.n && !session_named_prompt(s, "tests"))) {
		ctests_release(&c);
		return;
	}
	html(b, "<section class=\"cheap-tests\" aria-labelledby=\"ct-h\">"
	     "<h2 id=\"ct-h\">Cheap tests</h2><p><a href=\"/s/%d/tests\">"
	     "Record your cheap tests and how they went</a></p>", s->number);
	if (c.n)
		ctests_summary(b, &c, ranked ? workbook_get(wb, ranked->id) :
			       NULL);
	html_raw(b, "</section>");
	ctests_release(&c);
}

void ui_plan(struct page *pg)
{
	const struct session *s;
	struct buf *b = &pg->rs->body;
	struct workbook wb;
	char title[300];

	if (!(s = page_session(pg)) || !page_workbook(pg, s, WB_ANSWERS, &wb))
		return;
	snprintf(title, sizeof(title), "Your plans: session %d", s->number);
	page_begin(pg, title);
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a></p>"
	     "<h1>Your plans</h1>", s->number, s->number, s->title);
	if (!strcmp(pg->rq->query, "notes=saved"))
		html_raw(b, "<p class=\"flash\" role=\"status\">Your notes are "
			 "saved: their answers are in your plans below, and "
			 "what they replaced is in each plan's history.</p>");
	html(b, "<p class=\"downloads\">Download your whole workbook "
	     "(every plan, and your reflections): "
	     "<a href=\"/s/%d/export.docx\">Word (.docx)</a> · "
	     "<a href=\"/s/%d/export.md\">Markdown (.md)</a> · "
	     "<a href=\"/s/%d/export.html\">a page to print or share "
	     "(.html)</a> · "
	     "<a href=\"/s/%d/export.ics\">milestones for your calendar "
	     "(.ics)</a></p>", s->number, s->number, s->number, s->number);
	share_controls(pg, s);
	cheap_tests(pg, s, &wb);
	plan_summary(b, s, workbook_get, &wb, answer_today());
	page_end(pg);
	workbook_release(&wb);
}

/* ---- history ---- */

/* The first and newest versions of the exercise's prompts, copied out of
 * the store's callback. */
struct ends {
	const struct exercise *e;
	struct end {
		const struct prompt *p;
		char *first, *latest;
		size_t first_len, latest_len;
		int count;
		int64_t first_saved, last_saved;
	} *v;
	size_t n;
	int oom;
};

static int on_ends(void *ctx, const char *prompt_id,
		   const struct answer_version *first,
		   const struct answer_version *latest)
{
	struct ends *x = ctx;
	struct end *en;
	size_t i;

	for (i = 0; i < x->e->nr_prompts; i++)
		if (!strcmp(x->e->prompts[i].id, prompt_id))
			break;
	if (i == x->e->nr_prompts)
		return 0;           /* another exercise's, or archived */
	en = &x->v[i];
	en->p = &x->e->prompts[i];
	en->first = xstrndup(first->value, first->len);
	en->latest = xstrndup(latest->value, latest->len);
	en->first_len = first->len;
	en->latest_len = latest->len;
	en->count = latest->version;
	en->first_saved = first->first_saved;
	en->last_saved = latest->last_saved;
	if (!en->first || !en->latest)
		x->oom = 1;
	return x->oom;
}

static void ends_release(struct ends *x)
{
	size_t i;

	for (i = 0; x->v && i < x->n; i++) {
		free(x->v[i].first);
		free(x->v[i].latest);
	}
	free(x->v);
}

static void history_item(struct buf *b, const struct end *en)
{
	char t0[40], t1[40];

	when_minute(t0, sizeof(t0), en->first_saved);
	when_minute(t1, sizeof(t1), en->last_saved);
	html(b, "<section class=\"history\" aria-labelledby=\"h-%s\">"
	     "<h2 id=\"h-%s\">%s</h2>", en->p->id, en->p->id,
	     prompt_label(en->p));
	if (en->count == 1) {
		html(b, "<p class=\"meta\">One version, saved from %s to %s."
		     "</p><pre class=\"diff\">", t0, t1);
		row_text(b, (struct span){ en->latest, en->latest_len });
		html_raw(b, "</pre></section>");
		return;
	}
	html(b, "<p class=\"meta\">%d versions: the first draft from %s, "
	     "the newest saved %s.</p>", en->count, t0, t1);
	diff_view(b, en->first, en->first_len, en->latest, en->latest_len);
	html_raw(b, "</section>");
}

void ui_plan_history(struct page *pg)
{
	const struct session *s = NULL;
	const struct exercise *e;
	struct buf *b = &pg->rs->body;
	struct ends x = { 0 };
	char title[300];
	size_t i, shown = 0;

	if (!(e = page_exercise(pg, &s)))
		return;
	x.e = e;
	x.n = e->nr_prompts;
	x.v = calloc(x.n ? x.n : 1, sizeof(*x.v));
	if (!x.v || store_version_ends(pg->st, pg->user.id, s->number,
				       on_ends, &x) != STORE_OK || x.oom) {
		page_fail(pg, 503, "Your history could not be read; try "
			  "again in a moment.");
		goto out;
	}
	snprintf(title, sizeof(title), "History: %s", e->title);
	page_begin(pg, title);
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a> › "
	     "<a href=\"/s/%d/e/", s->number, s->number, s->title, s->number);
	html_url(b, e->id);
	html(b, "\">%s</a> › <a href=\"/s/%d/plan\">Your "
	     "plans</a></p><h1>History of your answers</h1>"
	     "<p>For each answer: your first draft against your text now. "
	     "Lines marked <del><span class=\"mark\">− </span>like this</del> "
	     "were in the first draft and are gone; lines marked "
	     "<ins><span class=\"mark\">+ </span>like this</ins> are new. "
	     "A new version starts when you come back to an answer more "
	     "than two minutes after you began the last one.</p>",
	     e->title, s->number);
	for (i = 0; i < x.n; i++)
		if (x.v[i].p) {
			history_item(b, &x.v[i]);
			shown++;
		}
	if (!shown)
		html_raw(b, "<p>Nothing saved in this exercise yet.</p>");
	page_end(pg);
out:
	ends_release(&x);
}
