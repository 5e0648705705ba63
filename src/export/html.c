/*
 * export-html.c: the plan as one standalone page to share or print: a
 * one-page summary first (each exercise's key answers and its checks),
 * then every answer in full.  Inline CSS with a print stylesheet; every
 * string through html() (html.h).
 */
#include "export/export.h"

#include "core/buf.h"
#include "model/coach.h"
#include "export/plan.h"
#include "core/html.h"

#include <string.h>

static const char css[] =
	"body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;"
	"color:#1d1d1f;background:#fff;margin:0 auto;max-width:46rem;"
	"padding:1.5rem}"
	"h1{font-size:1.8rem;margin:0 0 .25rem}"
	"h2{font-size:1.4rem;border-bottom:2px solid #ddd;margin-top:2rem}"
	"h3{font-size:1.15rem;margin:1.5rem 0 .5rem}"
	"h4{font-size:1rem;margin:1.25rem 0 .25rem}"
	".meta,.group,.none{color:#555}.none{font-style:italic}"
	"dt{font-weight:600;margin-top:.5rem}dd{margin:0 0 0 1rem}"
	"table{border-collapse:collapse;width:100%;margin:.5rem 0}"
	"th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;"
	"vertical-align:top}th{background:#f3f3f3}"
	".scroll{overflow-x:auto;position:relative}td.date{white-space:nowrap}"
	".checks{list-style:none;padding:0}"
	".checks li{margin:.2rem 0}"
	".pass .mark{color:#2e7d32}.fail .mark{color:#b71c1c}"
	".mark{font-weight:700;display:inline-block;width:1.2rem}"
	".vh{position:absolute;width:1px;height:1px;overflow:hidden;"
	"clip:rect(0 0 0 0);white-space:nowrap}"
	"@media print{body{font-size:11pt;max-width:none;padding:0}"
	".summary{break-after:page}h3,h4{break-after:avoid}"
	"tr,li{break-inside:avoid}a{color:inherit}.scroll{overflow:visible}}";

static bool names(const char *ref, const char *name)
{
	size_t n = strlen(name);

	return ref && !strncmp(ref, name, n) && (!ref[n] || ref[n] == '/');
}

/* A key answer for the summary: required, a milestone table, or one
 * that other prompts build on (rows=, budget=, ref()). */
static bool is_key(const struct session *s, const struct prompt *p)
{
	if (p->required || p->budget)
		return true;
	if (!p->name)
		return false;
	for (size_t i = 0; i < s->nr_exercises; i++)
		for (size_t j = 0; j < s->exercises[i].nr_prompts; j++) {
			const struct prompt *q = &s->exercises[i].prompts[j];

			if (names(q->rows_from, p->name) ||
			    names(q->budget, p->name))
				return true;
			for (size_t c = 0; c < q->nr_columns; c++)
				if (names(q->columns[c].ref, p->name))
					return true;
		}
	return false;
}

static void check_list(struct buf *b, const struct checks *c)
{
	if (!c->n)
		return;
	html(b, "<p>%d of %d checks pass.</p><ul class=\"checks\">",
	     c->passed, (int)c->n);
	for (size_t i = 0; i < c->n; i++) {
		const struct check *k = &c->v[i];

		html(b, "<li class=\"%s\"><span class=\"mark\" "
		     "aria-hidden=\"true\">%s</span><span class=\"vh\">%s: "
		     "</span>%s", k->pass ? "pass" : "fail",
		     k->pass ? "\xe2\x9c\x93" : "\xe2\x9c\x97",
		     k->pass ? "Passes" : "Needs work", k->title);
		if (*k->detail)
			html(b, " \xe2\x80\x94 %s", k->detail);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

/* The whole answer, as its kind writes it. */
static void full(struct buf *b, const struct prompt *p, const char *v)
{
	if (!v) {
		html_raw(b, "<p class=\"none\">No answer yet.</p>");
		return;
	}
	kind_of(p)->html(b, p, v);
}

static int summary(struct buf *b, const struct plan_doc *d)
{
	const struct session *s = d->s;

	html_raw(b, "<section class=\"summary\" aria-labelledby=\"summary\">"
		 "<h2 id=\"summary\">Summary</h2>");
	for (size_t i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];
		struct checks c = { 0 };
		bool any_key = false;
		int shown = 0;

		if (!doc_has(d, e))
			continue;
		for (size_t j = 0; j < e->nr_prompts; j++)
			any_key |= is_key(s, &e->prompts[j]);
		html(b, "<h3>%s</h3>", e->title);
		for (size_t j = 0; j < e->nr_prompts; j++) {
			const struct prompt *p = &e->prompts[j];
			const char *v = doc_answer(d, p);

			/* Without declared key prompts, the answered ones
			 * the course does not call optional. */
			if (any_key ? !is_key(s, p) : (p->optional || !v))
				continue;
			html_raw(b, shown++ ? "" : "<dl>");
			html(b, "<dt>%s</dt><dd>", prompt_label(p));
			if (v)
				kind_of(p)->brief(b, p, v, d->today);
			else
				html_raw(b, "<span class=\"none\">No answer "
					 "yet.</span>");
			html_raw(b, "</dd>");
		}
		if (shown)
			html_raw(b, "</dl>");
		if (doc_checks(d, e, &c)) {
			checks_release(&c);
			return -1;
		}
		check_list(b, &c);
		checks_release(&c);
	}
	html_raw(b, "</section>");
	return 0;
}

static void html_ctest(void *ctx, const char *idea, const char *test)
{
	html(ctx, "<h3>%s%s%s</h3>", idea, *test ? ": " : "", test);
}

static void html_ctest_field(void *ctx, const char *label, const char *v)
{
	html(ctx, "<p class=\"ctest\"><strong>%s:</strong> %s</p>", label,
	     v);
}

/* The tracked cheap tests, after the answers. */
static void ctests(struct buf *b, const struct plan_doc *d)
{
	const struct doc_ctests_out w = { b, html_ctest, html_ctest_field };

	if (!doc_ctests(d, NULL))
		return;
	html(b, "<section aria-labelledby=\"ctests\"><h2 id=\"ctests\">%s"
	     "</h2><p>%s</p>", DOC_CTESTS_TITLE, DOC_CTESTS_INTRO);
	doc_ctests(d, &w);
	html_raw(b, "</section>");
}

int export_html(const struct plan_doc *d, struct buf *out)
{
	const struct session *s = d->s;
	struct buf date = BUF_INIT;
	int r;

	answer_put_date(&date, d->today);
	html(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	     "<meta charset=\"utf-8\">"
	     "<meta name=\"viewport\" content=\"width=device-width, "
	     "initial-scale=1\"><title>%s%s%s</title><style>", s->title,
	     d->author ? " \xe2\x80\x94 " : "", d->author);
	html_raw(out, css);
	html(out, "</style></head><body><header><h1>%s</h1><p class=\"meta\">",
	     s->title);
	if (s->course)
		html(out, "%s, session %d \xc2\xb7 ", s->course, s->number);
	if (d->author)
		html(out, "%s \xc2\xb7 ", d->author);
	html(out, "exported %s</p></header><main>", date.data);
	buf_release(&date);
	r = summary(out, d);
	html_raw(out, "<section aria-labelledby=\"answers\">"
		 "<h2 id=\"answers\">Your answers in full</h2>");
	for (size_t i = 0; !r && i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];
		const char *group = NULL;

		if (!doc_has(d, e))
			continue;
		html(out, "<section><h3>%s</h3>", e->title);
		for (size_t j = 0; j < e->nr_prompts; j++) {
			const struct prompt *p = &e->prompts[j];

			if (p->group && (!group || strcmp(group, p->group)))
				html(out, "<p class=\"group\">%s</p>",
				     p->group);
			group = p->group;
			/* The question as the course wrote it, links too. */
			html_raw(out, "<h4>");
			html_markdown(out, p->text ? p->text : "", 1);
			html_raw(out, "</h4>");
			full(out, p, doc_answer(d, p));
		}
		html_raw(out, "</section>");
	}
	html_raw(out, "</section>");
	ctests(out, d);
	if (doc_reflection(d)) {
		html_raw(out, "<section aria-labelledby=\"thoughts\"><h2 "
			 "id=\"thoughts\">Thoughts</h2>");
		kind_of(s->reflection)->html(out, s->reflection,
					     doc_reflection(d));
		html_raw(out, "</section>");
	}
	html_raw(out, "</main></body></html>\n");
	return r || out->err ? -1 : 0;
}
