/*
 * checklist.c: the checklist kind, options to pick (by their exact text)
 * and items of one's own after them, one per line.  Fields: c.P, one per
 * ticked option; l.P, one per own item.
 */
#include "model/kinds/shared.h"

#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"

#include <stdio.h>

static void checklist_control(struct buf *b, const struct kind_ctx *fc,
			      const struct prompt *p, const char *value)
{
	const char *cur = value;
	struct span line;
	size_t o;
	int n = 0;

	html_raw(b, "<ul class=\"options\">");
	for (o = 0; o < p->nr_options; o++) {
		html(b, "<li><label><input type=\"checkbox\" name=\"c.%s\" "
		     "value=\"%s\"%s> ", p->id, p->options[o],
		     answer_has_line(value, p->options[o],
				     strlen(p->options[o])) ? " checked" : "");
		option_text(b, fc, p, o);
		html_raw(b, "</label></li>");
	}
	html(b, "</ul><p class=\"own\" id=\"own-%s\">Your own:</p>"
	     "<ol class=\"items\" data-label=\"Your own\">", p->id);
	while (answer_next(&cur, &line)) {
		bool option = false;

		for (o = 0; o < p->nr_options; o++)
			option |= span_is(line, p->options[o]);
		if (!option && line.n)
			item_input(b, p->id, n++, line, "Your own");
	}
	item_input(b, p->id, n, (struct span){ "", 0 }, "Your own");
	html_raw(b, "</ol>");
}

/* The ticked options (only the prompt's own), then the own items. */
static int checklist_posted(const struct prompt *p, const struct form *f,
			    struct buf *raw, struct buf *tmp, bool *many)
{
	char name[96];
	size_t pos = 0;
	long n;

	snprintf(name, sizeof(name), "c.%s", p->id);
	while ((n = form_field_next(f, &pos, name, tmp)) >= 0)
		for (size_t o = 0; o < p->nr_options; o++)
			if (!strcmp(tmp->data, p->options[o])) {
				if (raw->len)
					buf_addc(raw, '\n');
				buf_adds(raw, p->options[o]);
			}
	if (n == -2)
		return -1;
	return items_posted(p, f, raw, tmp, many);
}

const struct kind kind_checklist = {
	.name = "checklist",
	.shape = KIND_ITEMS,
	.flags = KIND_COUNTED | KIND_PICKS,
	.one = "pick", .many = "picks",
	.control = checklist_control,
	.posted = checklist_posted,
	.check = items_check,
	.view = items_view,
	.html = items_html,
	.brief = items_brief,
	.docx = items_docx,
	.markdown = items_md,
	.csv = kind_csv_answer,
};
