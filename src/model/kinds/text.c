/*
 * text.c: the text kind, one free-text answer whose lines (blank ones
 * inside too) are kept as typed.  Field: a.P.
 */
#include "model/kinds/shared.h"

#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"

#include <stdio.h>

#define SUMMARY_BYTES 280  /* of a text answer in the summary */

static void text_control(struct buf *b, const struct kind_ctx *fc,
			 const struct prompt *p, const char *value)
{
	const char *pid = p->id;

	(void)fc;
	html(b, "<textarea name=\"a.%s\" id=\"a-%s\" rows=\"%d\" "
	     "aria-labelledby=\"q-%s\">%s</textarea>", pid, pid,
	     value && strlen(value) > 300 ? 8 : 4, pid, value);
}

static int text_posted(const struct prompt *p, const struct form *f,
		       struct buf *raw, struct buf *tmp, bool *many)
{
	char name[96];

	(void)tmp;
	(void)many;
	snprintf(name, sizeof(name), "a.%s", p->id);
	return form_field_get(f, name, 0, raw) == -2 ? -1 : 0;
}

/* Its lines, a line break between them. */
static void text_view(struct buf *b, const struct kind_ctx *fc,
		      const struct prompt *p, const char *v)
{
	struct span line;

	(void)fc;
	(void)p;
	html_raw(b, "<p class=\"answer-text\">");
	for (bool first = true; answer_next(&v, &line); first = false) {
		if (!first)
			html_raw(b, "<br>");
		html_txtn(b, line.s, line.n);
	}
	html_raw(b, "</p>");
}

/* Paragraphs split at blank lines, lines kept with <br>. */
static void text_html(struct buf *b, const struct prompt *p, const char *v)
{
	const char *cur = v;
	struct span line;
	int open = 0;

	(void)p;
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

/* Its first line. */
static void text_brief(struct buf *b, const struct prompt *p, const char *v,
		       int today)
{
	(void)p;
	(void)today;
	html_cut(b, v, strcspn(v, "\n"), SUMMARY_BYTES);
}

/* A paragraph per line. */
static void text_docx(const struct kind_docx *w, const struct prompt *p,
		      const char *v)
{
	struct span line;

	(void)p;
	while (answer_next(&v, &line))
		w->para(w->ctx, line);
}

const struct kind kind_text = {
	.name = "text",
	.shape = KIND_LINES,
	.one = "item", .many = "items",
	.control = text_control,
	.posted = text_posted,
	.check = items_check,
	.view = text_view,
	.html = text_html,
	.brief = text_brief,
	.docx = text_docx,
	.markdown = items_md,
	.csv = kind_csv_answer,
};
