/*
 * ui-plan.c: "Your plans" (/s/N/plan), every exercise with typed prompts
 * on one page: how complete it is, its checks, the key answers and the
 * charts its declarations call for; and an exercise's history
 * (/s/N/e/ID/history): each answer's first draft against its text now,
 * as a line diff.  Only the participant's own answers, logged in only.
 */
#include "web/pages/plan.h"

#include "web/app.h"
#include "model/coach.h"
#include "model/diff.h"
#include "model/kinds/kind.h"
#include "core/html.h"
#include "model/session.h"
#include "export/svg.h"
#include "web/pages/peer.h"
#include "store/workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A prompt whose field is more than a text box: declared by an
 * annotation, or of a kind that says so (model/kinds/kind.h). */
static bool typed(const struct prompt *p)
{
	return p->annotation || (kind_of(p)->flags & KIND_PLAN);
}

static bool has_typed(const struct exercise *e)
{
	size_t i;

	for (i = 0; i < e->nr_prompts; i++)
		if (typed(&e->prompts[i]))
			return true;
	return false;
}

static bool has_column(const struct prompt *p, enum column_type t)
{
	size_t i;

	for (i = 0; i < p->nr_columns; i++)
		if (p->columns[i].type == t)
			return true;
	return false;
}

/* Charts come from declarations: a table with budget= gets a timeline,
 * a table with a scale column a heat map. */
static bool wants_timeline(const struct prompt *p)
{
	return (kind_of(p)->flags & KIND_BUDGET) && p->budget &&
	       has_column(p, COL_DATE);
}

static bool wants_heatmap(const struct prompt *p)
{
	return (kind_of(p)->flags & KIND_COLS) && has_column(p, COL_SCALE);
}

static const char *value_of(answer_get_fn *get, void *ctx,
			    const struct prompt *p)
{
	const char *v = get(ctx, p->id);

	return v && *v ? v : NULL;
}

/* One answer, shown the way its kind reads best. */
void plan_answer_view(struct buf *b, const struct prompt *p, const char *v,
		      int today)
{
	const struct kind_ctx c = { .today = today, .markdown = page_markdown };

	kind_of(p)->view(b, &c, p, v);
}

static void checks_panel(struct buf *b, const struct session *s,
			 const struct exercise *e, answer_get_fn *get,
			 void *ctx, int today, const char *hid)
{
	struct checks c = { 0 };
	size_t i;

	if (coach_run(s, e, get, ctx, today, &c)) {
		checks_release(&c);
		return;
	}
	if (!c.n) {
		checks_release(&c);
		return;
	}
	/* Named by its heading and the plan's, so the landmark names of
	 * the two plans differ even when their counts agree. */
	html(b, "<section class=\"checks\" aria-labelledby=\"%s x-%s\">"
	     "<h3 id=\"%s\">Checks: %d of %d pass</h3><ul>", hid, e->id,
	     hid, c.passed, (int)c.n);
	for (i = 0; i < c.n; i++) {
		const struct check *k = &c.v[i];
		const char *label = k->prompt->label;

		/* As on the exercise page: named with the field's short
		 * name, and linked to the field. */
		html(b, "<li class=\"%s\"><span class=\"mark\">%s</span> "
		     "<a href=\"/s/%d/e/", k->pass ? "pass" : "fail",
		     k->pass ? "✓ Done:" : "✗ To do:", s->number);
		html_url(b, e->id);
		html_raw(b, "#p-");
		html_url(b, k->prompt->id);
		html_raw(b, "\">");
		if (label && strncmp(k->title, label, strlen(label)))
			html(b, "%s: ", label);
		html(b, "%s</a> %s</li>", k->title, k->detail);
	}
	html_raw(b, "</ul></section>");
	checks_release(&c);
}

/* "<a href=/s/N/export.FMT?e=EX>TEXT of “title”</a>", the exercise's
 * title for screen readers only. */
static void download_link(struct buf *b, const struct session *s,
			  const struct exercise *e, const char *fmt,
			  const char *text)
{
	html(b, "<a href=\"/s/%d/export.%s?e=", s->number, fmt);
	html_url(b, e->id);
	html(b, "\">%s<span class=\"vh\"> of “%s”</span></a>", text,
	     e->title);
}

static void exercise_summary(struct buf *b, const struct session *s,
			     const struct exercise *e, answer_get_fn *get,
			     void *ctx, int today)
{
	int done = 0, total = 0, opt_done = 0, opt = 0;
	size_t i;
	char hid[300];
	const struct prompt *p;
	const char *v;
	bool any = false, any_required = false;

	html(b, "<section class=\"plan\" aria-labelledby=\"x-%s\">"
	     "<h2 id=\"x-%s\">%s</h2>", e->id, e->id, e->title);
	/* Counted as workbook_progress() counts: the prompts that are not
	 * optional, the optional ones apart, so no total moves. */
	for (i = 0; i < e->nr_prompts; i++)
		any_required |= !e->optional && !e->prompts[i].optional;
	for (i = 0; i < e->nr_prompts; i++) {
		p = &e->prompts[i];
		v = value_of(get, ctx, p);
		if (any_required && (e->optional || p->optional)) {
			opt++;
			opt_done += v != NULL;
		} else {
			total++;
			done += v != NULL;
		}
	}
	html_raw(b, "<div class=\"plan-bar\">");
	svg_completeness(b, "Prompts answered", done, total);
	if (opt)
		html(b, "<p class=\"meta\">Optional prompts: %d of %d "
		     "answered.</p>", opt_done, opt);
	html_raw(b, "</div>");
	html(b, "<p class=\"plan-links\"><a href=\"/s/%d/e/", s->number);
	html_url(b, e->id);
	html(b, "\">Open “%s”</a> · <a href=\"/s/%d/e/", e->title, s->number);
	html_url(b, e->id);
	html_raw(b, "/history\">History of your answers</a></p>");
	/* This plan alone, to send or print without the other. */
	html_raw(b, "<p class=\"downloads\">Download this plan: ");
	download_link(b, s, e, "docx", "Word (.docx)");
	html_raw(b, " · ");
	download_link(b, s, e, "md", "Markdown (.md)");
	html_raw(b, " · ");
	download_link(b, s, e, "html", "a page to print (.html)");
	for (i = 0; i < e->nr_prompts; i++)
		if (wants_timeline(&e->prompts[i]))
			break;
	if (i < e->nr_prompts) {
		html_raw(b, " · ");
		download_link(b, s, e, "ics", "its milestones (.ics)");
	}
	html_raw(b, "</p>");

	snprintf(hid, sizeof(hid), "c-%s", e->id);
	checks_panel(b, s, e, get, ctx, today, hid);

	for (i = 0; i < e->nr_prompts; i++) {
		const struct prompt *sprint;

		p = &e->prompts[i];
		v = value_of(get, ctx, p);
		if (wants_timeline(p) && v) {
			struct sprint sp;

			sprint = session_named_prompt(s, p->budget);
			answer_sprint(sprint ? get(ctx, sprint->id) : NULL,
				      today, &sp);
			html(b, "<figure class=\"chart\"><figcaption>Timeline: "
			     "%s</figcaption>", prompt_label(p));
			svg_timeline(b, p, v, &sp);
			html_raw(b, "</figure>");
		}
		if (wants_heatmap(p) && v) {
			html(b, "<figure class=\"chart\"><figcaption>Heat map: "
			     "%s</figcaption>", prompt_label(p));
			svg_heatmap(b, p, v);
			html_raw(b, "</figure>");
		}
	}

	snprintf(hid, sizeof(hid), "k-%s", e->id);
	html(b, "<section class=\"key-answers\" aria-labelledby=\"%s x-%s\">"
	     "<h3 id=\"%s\">Your answers</h3>", hid, e->id, hid);
	for (i = 0; i < e->nr_prompts; i++) {
		p = &e->prompts[i];
		if (!(v = value_of(get, ctx, p)))
			continue;
		if (!any)
			html_raw(b, "<dl>");
		any = true;
		html(b, "<dt>%s</dt><dd>", prompt_label(p));
		plan_answer_view(b, p, v, today);
		html_raw(b, "</dd>");
	}
	html_raw(b, any ? "</dl>" : "<p>Nothing answered yet.</p>");
	html_raw(b, "</section></section>");
}

void plan_summary(struct buf *b, const struct session *s,
		  answer_get_fn *get, void *ctx, int today)
{
	size_t i, n = 0;

	for (i = 0; i < s->nr_exercises; i++)
		if (has_typed(&s->exercises[i])) {
			exercise_summary(b, s, &s->exercises[i], get, ctx,
					 today);
			n++;
		}
	if (!n)
		html_raw(b, "<p>This session has no plans to sum up: its "
			 "exercises are answered in free text.</p>");
}

/* Per plan: who may see it, its read-only link and unread comments
 * (ui-share.c); and where check-ins on its milestones are made. */
static void share_controls(struct page *pg, const struct session *s)
{
	struct buf *b = &pg->rs->body;
	size_t i;
	bool any = false;

	for (i = 0; i < s->nr_exercises; i++) {
		if (!has_typed(&s->exercises[i]))
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

void ui_plan(struct page *pg)
{
	const struct session *s;
	struct buf *b = &pg->rs->body;
	struct workbook wb;
	char title[300];

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
	if (!(s = page_session(pg)))
		return;
	if (workbook_load(pg->st, pg->user.id, s->number, WB_ANSWERS,
			  &wb) != STORE_OK) {
		page_fail(pg, 503, "Your workbook could not be read; try "
			  "again in a moment.");
		return;
	}
	snprintf(title, sizeof(title), "Your plans: session %d", s->number);
	page_begin(pg, title);
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a></p>"
	     "<h1>Your plans</h1>", s->number, s->number, s->title);
	html(b, "<p class=\"downloads\">Download your whole workbook "
	     "(every plan, and your reflections): "
	     "<a href=\"/s/%d/export.docx\">Word (.docx)</a> · "
	     "<a href=\"/s/%d/export.md\">Markdown (.md)</a> · "
	     "<a href=\"/s/%d/export.html\">a page to print or share "
	     "(.html)</a> · "
	     "<a href=\"/s/%d/export.ics\">milestones for your calendar "
	     "(.ics)</a></p>", s->number, s->number, s->number, s->number);
	share_controls(pg, s);
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

static void when(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    !strftime(out, size, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, size, "?");
}

/* A line of the diff, with its marker as text: "+", "−" or a space. */
static void diff_line(struct buf *b, enum diff_op op, struct span l)
{
	static const char *const open[] = {
		[DIFF_EQUAL] = "<span class=\"same\"><span class=\"mark\" "
			       "aria-hidden=\"true\">  </span>",
		[DIFF_REMOVED] = "<del><span class=\"mark\">− </span>",
		[DIFF_ADDED] = "<ins><span class=\"mark\">+ </span>",
	};
	static const char *const close[] = {
		[DIFF_EQUAL] = "</span>\n", [DIFF_REMOVED] = "</del>\n",
		[DIFF_ADDED] = "</ins>\n",
	};

	html_raw(b, open[op]);
	row_text(b, l);
	html_raw(b, close[op]);
}

#define DIFF_CONTEXT 2   /* unchanged lines kept around each change */

static void diff_view(struct buf *b, const struct end *en)
{
	struct diff d;
	size_t r, i;

	if (diff_lines(en->first, en->first_len, en->latest, en->latest_len,
		       &d)) {
		html_raw(b, "<p class=\"error\">This history is too large to "
			 "compare.</p>");
		return;
	}
	html_raw(b, "<pre class=\"diff\">");
	for (r = 0; r < d.nr_runs; r++) {
		const struct diff_run *run = &d.runs[r];
		const struct span *l = diff_run_lines(&d, run);
		size_t head = r ? DIFF_CONTEXT : 0;
		size_t tail = r + 1 < d.nr_runs ? DIFF_CONTEXT : 0;

		if (run->op != DIFF_EQUAL || run->n <= head + tail + 1) {
			for (i = 0; i < run->n; i++)
				diff_line(b, run->op, l[i]);
			continue;
		}
		/* A long unchanged stretch: its ends, and a count. */
		for (i = 0; i < head; i++)
			diff_line(b, run->op, l[i]);
		html(b, "<span class=\"skipped\">… %d unchanged lines …</span>\n",
		     (int)(run->n - head - tail));
		for (i = run->n - tail; i < run->n; i++)
			diff_line(b, run->op, l[i]);
	}
	html_raw(b, "</pre>");
	if (d.fallback)
		html_raw(b, "<p class=\"meta\">These texts are too long to "
			 "compare line by line: all of the first draft is "
			 "shown as removed and all of the text now as "
			 "added.</p>");
	diff_release(&d);
}

static void history_item(struct buf *b, const struct end *en)
{
	char t0[40], t1[40];

	when(t0, sizeof(t0), en->first_saved);
	when(t1, sizeof(t1), en->last_saved);
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
	diff_view(b, en);
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

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
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
