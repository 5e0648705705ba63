/*
 * answer-view.c: one answer, read-only, the way its kind reads best: a
 * table as a table that scrolls inside its own box, a sprint as its
 * dates and hours, a list as a list (a picked option as the course wrote
 * it), text as lines.  "Your plans", someone else's plan and the final
 * review show answers through it.
 */
#include "web/widgets/answer-view.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/answer.h"
#include "model/session.h"
#include "web/widgets/fields.h"

#include <stdio.h>
#include <string.h>

/* The cells of a row as text: " | " between them. */
void plan_row_text(struct buf *b, struct span row)
{
	const char *tab;

	while ((tab = memchr(row.s, '\t', row.n))) {
		html_txtn(b, row.s, (size_t)(tab - row.s));
		html_raw(b, " | ");
		row.n -= (size_t)(tab - row.s) + 1;
		row.s = tab + 1;
	}
	html_txtn(b, row.s, row.n);
}

/* A table of answers scrolls sideways inside its own box on a narrow
 * screen, never the page; the box can be reached and scrolled with the
 * keyboard, and is named after the prompt.  Dates stay on one line. */
static void answer_table(struct buf *b, const struct prompt *p,
			 const char *v)
{
	struct span row;
	size_t c, nc = p->nr_columns;

	html(b, "<div class=\"scroll\" role=\"group\" tabindex=\"0\" "
	     "aria-label=\"%s\"><table class=\"answer\">", prompt_label(p));
	if (nc) {
		html_raw(b, "<thead><tr>");
		for (c = 0; c < nc; c++)
			html(b, "<th scope=\"col\">%s</th>",
			     p->columns[c].label);
		html_raw(b, "</tr></thead>");
	}
	html_raw(b, "<tbody>");
	while (answer_next(&v, &row)) {
		struct span cell;

		html_raw(b, "<tr>");
		if (!nc) {
			html_raw(b, "<td>");
			plan_row_text(b, row);
			html_raw(b, "</td>");
		}
		for (c = 0; c < nc; c++) {
			cell = answer_cell(row, c);
			html_raw(b, p->columns[c].type == COL_DATE ?
				 "<td class=\"date\">" : "<td>");
			if (p->columns[c].type == COL_SCALE &&
			    answer_scale(cell) >= 0)
				html(b, "%s", answer_scale_names[
						answer_scale(cell)]);
			else
				html_txtn(b, cell.s, cell.n);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

static void answer_sprint_text(struct buf *b, const char *v, int today)
{
	struct sprint sp;
	struct buf d = BUF_INIT, e = BUF_INIT;
	char h[32], t[32];

	answer_sprint(v, today, &sp);
	answer_put_date(&d, sp.start);
	answer_put_date(&e, sprint_end(&sp));
	snprintf(h, sizeof(h), "%g", sp.hours_week);
	snprintf(t, sizeof(t), "%g", sp.weeks * sp.hours_week);
	html(b, "<p>From %s to %s: %d weeks at %s hours a week (%s hours in "
	     "all).</p>", d.data, e.data, sp.weeks, h, t);
	buf_release(&d);
	buf_release(&e);
}

void plan_answer_view(struct buf *b, const struct prompt *p, const char *v,
		      int today)
{
	struct span line;

	switch (p->kind) {
	case PROMPT_TABLE:
	case PROMPT_ROUNDS:
		answer_table(b, p, v);
		break;
	case PROMPT_SPRINT:
		answer_sprint_text(b, v, today);
		break;
	case PROMPT_LIST:
	case PROMPT_CHECKLIST:
	case PROMPT_RANKED:
		html_raw(b, p->kind == PROMPT_RANKED ? "<ol>" : "<ul>");
		while (answer_next(&v, &line)) {
			html_raw(b, "<li>");
			ui_answer_item(b, p, line);
			html_raw(b, "</li>");
		}
		html_raw(b, p->kind == PROMPT_RANKED ? "</ol>" : "</ul>");
		break;
	case PROMPT_TEXT:
	default:
		html_raw(b, "<p class=\"answer-text\">");
		for (bool first = true; answer_next(&v, &line); first = false) {
			if (!first)
				html_raw(b, "<br>");
			html_txtn(b, line.s, line.n);
		}
		html_raw(b, "</p>");
		break;
	}
}
