/*
 * list.c: the list kind, items the participant writes, one per line,
 * bounded by min/max.  The prompt's options, if any, are things to
 * consider, not picks.  Field: l.P, one per item.
 */
#include "model/kinds/shared.h"

#include "core/buf.h"
#include "core/html.h"

static void list_control(struct buf *b, const struct kind_ctx *fc,
			 const struct prompt *p, const char *value)
{
	const char *cur = value;
	struct span line;
	int i, rows = rows_to_show(p, (int)answer_count(value), 3);

	consider(b, fc, p);
	html(b, "<ol class=\"items\" data-label=\"Item\" data-max=\"%d\">",
	     p->max_items);
	for (i = 0; i < rows; i++) {
		if (!answer_next(&cur, &line))
			line = (struct span){ "", 0 };
		item_input(b, p->id, i, line, "Item");
	}
	html_raw(b, "</ol>");
}

const struct kind kind_list = {
	.name = "list",
	.shape = KIND_ITEMS,
	.flags = KIND_COUNTED,
	.one = "item", .many = "items",
	.control = list_control,
	.posted = items_posted,
	.check = items_check,
	.view = items_view,
	.html = items_html,
	.brief = items_brief,
	.docx = items_docx,
	.markdown = items_md,
	.csv = kind_csv_answer,
};
