/*
 * plan-summary.c: a session's plans summed up, one section per exercise
 * with typed prompts: how complete it is, its checks, the downloads of
 * that plan alone, the charts its declarations call for and every answer
 * given.  "Your plans" shows the visitor's; tests drive it with a
 * hand-built session.
 */
#include "web/widgets/plan-summary.h"

#include "core/html.h"
#include "export/svg.h"
#include "model/coach.h"
#include "model/kinds/kind.h"
#include "model/session.h"
#include "web/widgets/answer-view.h"

#include <stdio.h>
#include <string.h>

/* A prompt whose field is more than a text box: declared by an
 * annotation, or of a kind that says so (model/kinds/kind.h). */
static bool typed(const struct prompt *p)
{
	return p->annotation || (kind_of(p)->flags & KIND_PLAN);
}

bool plan_has_typed(const struct exercise *e)
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

/* How complete the plan is: a bar of the prompts answered, counted as
 * workbook_progress() counts (the prompts that are not optional, the
 * optional ones apart, so no total moves). */
static void summary_bar(struct buf *b, const struct exercise *e,
			answer_get_fn *get, void *ctx)
{
	int done = 0, total = 0, opt_done = 0, opt = 0;
	bool any_required = false;
	size_t i;

	for (i = 0; i < e->nr_prompts; i++)
		any_required |= !e->optional && !e->prompts[i].optional;
	for (i = 0; i < e->nr_prompts; i++) {
		const struct prompt *p = &e->prompts[i];
		bool answered = value_of(get, ctx, p) != NULL;

		if (any_required && (e->optional || p->optional)) {
			opt++;
			opt_done += answered;
		} else {
			total++;
			done += answered;
		}
	}
	html_raw(b, "<div class=\"plan-bar\">");
	svg_completeness(b, "Prompts answered", done, total);
	if (opt)
		html(b, "<p class=\"meta\">Optional prompts: %d of %d "
		     "answered.</p>", opt_done, opt);
	html_raw(b, "</div>");
}

/* Links to the exercise and its history, and this plan alone as each
 * download, to send or print without the other. */
static void summary_links(struct buf *b, const struct session *s,
			  const struct exercise *e)
{
	size_t i;

	html(b, "<p class=\"plan-links\"><a href=\"/s/%d/e/", s->number);
	html_url(b, e->id);
	html(b, "\">Open “%s”</a> · <a href=\"/s/%d/e/", e->title, s->number);
	html_url(b, e->id);
	html_raw(b, "/history\">History of your answers</a></p>");
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
}

/* The charts the prompts' declarations call for: a timeline, a heat map. */
static void summary_charts(struct buf *b, const struct session *s,
			   const struct exercise *e, answer_get_fn *get,
			   void *ctx, int today)
{
	size_t i;

	for (i = 0; i < e->nr_prompts; i++) {
		const struct prompt *p = &e->prompts[i], *sprint;
		const char *v = value_of(get, ctx, p);

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
}

/* Every answer given, each as its kind reads best. */
static void summary_answers(struct buf *b, const struct exercise *e,
			    answer_get_fn *get, void *ctx, int today)
{
	char hid[300];
	const char *v;
	bool any = false;
	size_t i;

	snprintf(hid, sizeof(hid), "k-%s", e->id);
	html(b, "<section class=\"key-answers\" aria-labelledby=\"%s x-%s\">"
	     "<h3 id=\"%s\">Your answers</h3>", hid, e->id, hid);
	for (i = 0; i < e->nr_prompts; i++) {
		const struct prompt *p = &e->prompts[i];

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
	html_raw(b, "</section>");
}

static void exercise_summary(struct buf *b, const struct session *s,
			     const struct exercise *e, answer_get_fn *get,
			     void *ctx, int today)
{
	char hid[300];

	html(b, "<section class=\"plan\" aria-labelledby=\"x-%s\">"
	     "<h2 id=\"x-%s\">%s</h2>", e->id, e->id, e->title);
	summary_bar(b, e, get, ctx);
	summary_links(b, s, e);
	snprintf(hid, sizeof(hid), "c-%s", e->id);
	checks_panel(b, s, e, get, ctx, today, hid);
	summary_charts(b, s, e, get, ctx, today);
	summary_answers(b, e, get, ctx, today);
	html_raw(b, "</section>");
}

void plan_summary(struct buf *b, const struct session *s,
		  answer_get_fn *get, void *ctx, int today)
{
	size_t i, n = 0;

	for (i = 0; i < s->nr_exercises; i++)
		if (plan_has_typed(&s->exercises[i])) {
			exercise_summary(b, s, &s->exercises[i], get, ctx,
					 today);
			n++;
		}
	if (!n)
		html_raw(b, "<p>This session has no plans to sum up: its "
			 "exercises are answered in free text.</p>");
}
