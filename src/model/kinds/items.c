/*
 * items.c: what the kinds whose answer is one item per line share (list,
 * checklist, ranked; text borrows the Markdown and the checks): pieces of
 * their controls, the items of another prompt (rows=NAME, ref()), the
 * l.P field of a post, and their views and exports.  The field names are
 * described at the top of web/widgets/fields.c.
 */
#include "model/kinds/shared.h"

#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"
#include "model/coach-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#define SUMMARY_ITEMS 5    /* of a list or table, in the summary */

/* ---- the controls' pieces ---- */

void field_markdown(struct buf *b, const struct kind_ctx *fc,
		    const char *md, int inline_only)
{
	if (fc && fc->markdown)
		fc->markdown(b, md, inline_only);
	else
		html_markdown(b, md, inline_only);
}

/* Option i as the course wrote it, links and all (rendered once when
 * the session loaded, like the prompt's head). */
void option_text(struct buf *b, const struct kind_ctx *fc,
		 const struct prompt *p, size_t i)
{
	if (p->options_md && p->options_md[i])
		field_markdown(b, fc, p->options_md[i], 1);
	else
		html(b, "%s", p->options[i]);
}

void answer_item(struct buf *b, const struct kind_ctx *fc,
		 const struct prompt *p, struct span line)
{
	for (size_t i = 0; i < p->nr_options; i++)
		if (span_is(line, p->options[i])) {
			option_text(b, fc, p, i);
			return;
		}
	html_txtn(b, line.s, line.n);
}

void consider(struct buf *b, const struct kind_ctx *fc,
	      const struct prompt *p)
{
	if (!p->nr_options)
		return;
	html_raw(b, "<p class=\"own\">Consider:</p><ul class=\"consider\">");
	for (size_t i = 0; i < p->nr_options; i++) {
		html_raw(b, "<li>");
		option_text(b, fc, p, i);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

void item_input(struct buf *b, const char *pid, int i, struct span v,
		const char *label)
{
	html(b, "<li><label class=\"vh\" for=\"l-%s-%d\">%s %d</label>"
	     "<input type=\"text\" name=\"l.%s\" id=\"l-%s-%d\" value=\"",
	     pid, i + 1, label, i + 1, pid, pid, i + 1);
	html_txtn(b, v.s, v.n);
	html_raw(b, "\"></li>");
}

int rows_to_show(const struct prompt *p, int n, int floor)
{
	int rows = n + 1;

	if (rows < p->min_items)
		rows = p->min_items;
	if (rows < floor)
		rows = floor;
	if (p->max_items && rows > p->max_items)
		rows = p->max_items > n ? p->max_items : n;
	return rows;
}

/* ---- the items of another prompt (rows=NAME, ref(NAME[/Column])) ---- */

void items_of(const struct kind_ctx *fc, const char *name, const char *col,
	      struct items *it)
{
	const char *value;
	struct span line;
	size_t c = 0;

	it->n = 0;
	it->from = fc->s ? session_named_prompt(fc->s, name) : NULL;
	if (!it->from || !fc->get)
		return;
	if (col)
		for (size_t i = 0; i < it->from->nr_columns; i++)
			if (!strcasecmp(it->from->columns[i].label, col))
				c = i;
	value = fc->get(fc->ctx, it->from->id);
	while (it->n < REF_MAX_ITEMS && answer_next(&value, &line)) {
		struct span cell = answer_cell(line, c);

		if (cell.n)
			it->v[it->n++] = cell;
	}
}

void ref_items(const struct kind_ctx *fc, const char *ref, struct items *it)
{
	char name[128];
	const char *slash = ref ? strchr(ref, '/') : NULL;

	it->n = 0;
	it->from = NULL;
	if (!ref)
		return;
	snprintf(name, sizeof(name), "%.*s",
		 (int)(slash ? (size_t)(slash - ref) : strlen(ref)), ref);
	items_of(fc, name, slash ? slash + 1 : NULL, it);
}

void source_empty(struct buf *b, const struct prompt *from, const char *name)
{
	if (from)
		html(b, "<p class=\"note\">This list comes from "
		     "<a href=\"#p-%s\">%s</a>: fill that in first, then save "
		     "or reload this page.</p>", from->id, prompt_label(from));
	else
		html(b, "<p class=\"note\">This list comes from the prompt "
		     "called “%s”, which this session does not have.</p>",
		     name);
}

/* ---- a posted form ---- */

void add_flat(struct buf *out, const struct buf *v)
{
	for (size_t j = 0; j < v->len; j++)
		buf_addc(out, strchr("\r\n\t", v->data[j]) ? ' ' : v->data[j]);
}

int posted_lines(const struct form *f, const char *name,
		 struct buf *raw, struct buf *tmp)
{
	size_t pos = 0;
	long n;

	while ((n = form_field_next(f, &pos, name, tmp)) >= 0) {
		if (raw->len)
			buf_addc(raw, '\n');
		add_flat(raw, tmp);
	}
	return n == -2 ? -1 : 0;
}

int items_posted(const struct prompt *p, const struct form *f,
		 struct buf *raw, struct buf *tmp, bool *many)
{
	char name[96];

	(void)many;
	snprintf(name, sizeof(name), "l.%s", p->id);
	return posted_lines(f, name, raw, tmp);
}

/* ---- views and exports ---- */

static bool ordered(const struct prompt *p)
{
	return kind_of(p)->flags & KIND_ORDERED;
}

void items_view(struct buf *b, const struct kind_ctx *fc,
		const struct prompt *p, const char *v)
{
	struct span line;

	html_raw(b, ordered(p) ? "<ol>" : "<ul>");
	while (answer_next(&v, &line)) {
		html_raw(b, "<li>");
		answer_item(b, fc, p, line);
		html_raw(b, "</li>");
	}
	html_raw(b, ordered(p) ? "</ol>" : "</ul>");
}

void items_html(struct buf *b, const struct prompt *p, const char *v)
{
	const char *cur = v;
	struct span line;

	html_raw(b, ordered(p) ? "<ol>" : "<ul>");
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
	html_raw(b, ordered(p) ? "</ol>" : "</ul>");
}

void html_cut(struct buf *b, const char *s, size_t n, size_t max)
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

void brief_lines(struct buf *b, const struct prompt *p, const char *v,
		 void (*one)(struct buf *b, const struct prompt *p,
			     struct span line))
{
	const char *cur = v;
	struct span line;
	int i = 0;

	while (answer_next(&cur, &line)) {
		if (i == SUMMARY_ITEMS) {
			html(b, " \xc2\xb7 and %d more", (int)answer_count(cur) + 1);
			break;
		}
		if (i++)
			html_raw(b, " \xc2\xb7 ");
		one(b, p, line);
	}
}

static void brief_item(struct buf *b, const struct prompt *p,
		       struct span line)
{
	(void)p;
	html_cut(b, line.s, line.n, 120);
}

void items_brief(struct buf *b, const struct prompt *p, const char *v,
		 int today)
{
	(void)today;
	brief_lines(b, p, v, brief_item);
}

void items_docx(const struct kind_docx *w, const struct prompt *p,
		const char *v)
{
	const char *cur = v;
	struct span line;
	char num[16];
	int i = 0;

	while (answer_next(&cur, &line)) {
		snprintf(num, sizeof(num), "%d. ", ++i);
		w->item(w->ctx, ordered(p) ? num : "\xe2\x80\xa2 ", line,
			option_md(p, line));
	}
}

void items_md(const struct kind_md *w, const struct prompt *p, const char *v)
{
	const char *cur = v;
	struct span line;

	(void)p;
	while (answer_next(&cur, &line))
		w->item(w->ctx, line);
}

int items_check(struct coach_run *r, const struct prompt *p, const char *v)
{
	return coach_bounds(r, p, v, "items", false) ||
	       coach_required(r, p, v, true) ? -1 : 0;
}
