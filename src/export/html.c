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

#define SUMMARY_BYTES 280  /* of a text answer in the summary */
#define SUMMARY_ITEMS 5    /* of a list or table */

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

/* Up to `max` bytes of s, cut at a character boundary. */
static void cut(struct buf *b, const char *s, size_t n, size_t max)
{
	if (n <= max) {
		html_txtn(b, s, n);
		return;
	}
	while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	html_txtn(b, s, max);
	html_raw(b, "\xe2\x80\xa6");
}

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

/* A row in a line: its first cell, then the cell that answers for it
 * ("Researcher — A MATS task"). */
static void brief_row(struct buf *b, const struct prompt *p, struct span row)
{
	struct span key = answer_cell(row, 0), ans = cell_shown(p, row, 1);

	if (key.n)
		cut(b, key.s, key.n, 120);
	if (key.n && ans.n)
		html_raw(b, " \xe2\x80\x94 ");
	if (ans.n)
		cut(b, ans.s, ans.n, 120);
}

/* A compact form of an answer for the summary. */
static void brief(struct buf *b, const struct prompt *p, const char *v,
		  int today)
{
	const char *cur = v;
	struct span line;
	int i = 0;

	if (p->kind == PROMPT_TEXT) {
		cut(b, v, strcspn(v, "\n"), SUMMARY_BYTES);
		return;
	}
	if (p->kind == PROMPT_SPRINT) {
		char words[SPRINT_WORDS];
		struct sprint sp;

		answer_sprint(v, today, &sp);
		sprint_words(&sp, words);
		html(b, "%s", words);
		return;
	}
	while (answer_next(&cur, &line)) {
		if (i == SUMMARY_ITEMS) {
			html(b, " \xc2\xb7 and %d more", (int)answer_count(cur) + 1);
			break;
		}
		if (i++)
			html_raw(b, " \xc2\xb7 ");
		if (prompt_has_rows(p))
			brief_row(b, p, line);
		else
			cut(b, line.s, line.n, 120);
	}
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

static void table(struct buf *b, const struct prompt *p, const char *v)
{
	size_t ncols = prompt_ncols(p, v);
	const char *cur = v;
	struct span line;
	char tmp[24];

	/* On a phone a wide table scrolls in its box, not the page. */
	html(b, "<div class=\"scroll\" role=\"group\" tabindex=\"0\" "
	     "aria-label=\"%s\"><table><thead><tr>", prompt_label(p));
	for (size_t c = 0; c < ncols; c++)
		html(b, "<th scope=\"col\">%s</th>", col_label(p, c, tmp));
	html_raw(b, "</tr></thead><tbody>");
	while (answer_next(&cur, &line)) {
		html_raw(b, "<tr>");
		for (size_t c = 0; c < ncols; c++) {
			struct span s = cell_shown(p, line, c);

			html_raw(b, c < p->nr_columns &&
				 p->columns[c].type == COL_DATE ?
				 "<td class=\"date\">" : "<td>");
			html_txtn(b, s.s, s.n);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

/* Text: paragraphs split at blank lines, lines kept with <br>. */
static void text(struct buf *b, const char *v)
{
	const char *cur = v;
	struct span line;
	int open = 0;

	while (answer_next(&cur, &line)) {
		if (!line.n) {
			if (open)
				html_raw(b, "</p>");
			open = 0;
			continue;
		}
		html_raw(b, open ? "<br>" : "<p>");
		open = 1;
		html_txtn(b, line.s, line.n);
	}
	if (open)
		html_raw(b, "</p>");
}

static void full(struct buf *b, const struct prompt *p, const char *v)
{
	const char *cur = v;
	struct span line;

	if (!v) {
		html_raw(b, "<p class=\"none\">No answer yet.</p>");
		return;
	}
	if (prompt_has_rows(p)) {
		table(b, p, v);
		return;
	}
	if (p->kind == PROMPT_TEXT) {
		text(b, v);
		return;
	}
	html_raw(b, p->kind == PROMPT_RANKED ? "<ol>" : "<ul>");
	while (answer_next(&cur, &line)) {
		const char *md = option_md(p, line);

		html_raw(b, "<li>");
		/* A picked option as the course wrote it, links kept. */
		if (md)
			html_markdown(b, md, 1);
		else
			html_txtn(b, line.s, line.n);
		html_raw(b, "</li>");
	}
	html_raw(b, p->kind == PROMPT_RANKED ? "</ol>" : "</ul>");
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
				brief(b, p, v, d->today);
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
	if (doc_reflection(d)) {
		html_raw(out, "<section aria-labelledby=\"thoughts\"><h2 "
			 "id=\"thoughts\">Thoughts</h2>");
		text(out, doc_reflection(d));
		html_raw(out, "</section>");
	}
	html_raw(out, "</main></body></html>\n");
	return r || out->err ? -1 : 0;
}
