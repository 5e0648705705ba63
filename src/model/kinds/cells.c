/*
 * cells.c: one cell of a row kind's control, by its column's type: a
 * checkbox (mark), a select (scale, choice, ref), a growing text box
 * (text) or a typed input (date, hours, number).  A stored value that
 * does not fit the typed control is shown as typed, so nothing is lost.
 */
#include "model/kinds/shared.h"

#include "core/buf.h"
#include "core/html.h"

#include <stdlib.h>

/* Does a stored cell fit a typed input?  If not it is shown in a text
 * input, so a value of the wrong shape is kept as typed. */
static bool plain_number(struct span c, bool decimals)
{
	size_t i, dots = 0;

	if (!c.n)
		return true;
	for (i = 0; i < c.n; i++) {
		if (c.s[i] == '.' && decimals && i && i + 1 < c.n)
			dots++;
		else if (c.s[i] < '0' || c.s[i] > '9')
			return false;
	}
	return dots <= 1;
}

static void option(struct buf *b, const char *v, size_t n, bool selected)
{
	html_raw(b, "<option value=\"");
	html_txtn(b, v, n);
	html(b, "\"%s>", selected ? " selected" : "");
	html_txtn(b, v, n);
	html_raw(b, "</option>");
}

/* ", for ITEM" or ", row N": which row a cell's label is for. */
static void row_words(struct buf *b, const struct cell_at *at)
{
	if (at->rowname.n) {
		html_raw(b, "for ");
		html_txtn(b, at->rowname.s, at->rowname.n);
	} else
		html(b, "%s <span class=\"rn\">%d</span>", at->rowword,
		     at->row);
}

static void cell_label(struct buf *b, const struct cell_at *at,
		       const struct column *c)
{
	html(b, "<label for=\"t-%s-%d-%d\">%s<span class=\"vh\">, ",
	     at->pid, at->row, at->col, c->label);
	row_words(b, at);
	html_raw(b, "</span></label>");
}

/* A mark: a checkbox inside its label, posted only when ticked. */
static void mark_cell(struct buf *b, const struct cell_at *at,
		      const struct column *c, struct span v)
{
	html(b, "<label class=\"check\"><input type=\"checkbox\" "
	     "name=\"t.%s.%d\" id=\"t-%s-%d-%d\" value=\"yes\"%s> ",
	     at->pid, at->col, at->pid, at->row, at->col,
	     answer_mark(v) ? " checked" : "");
	html(b, "%s<span class=\"vh\">, ", c->label);
	if (at->rowname.n)
		html_txtn(b, at->rowname.s, at->rowname.n);
	else
		html(b, "%s <span class=\"rn\">%d</span>", at->rowword,
		     at->row);
	html_raw(b, "</span></label></div>");
}

static void select_open(struct buf *b, const struct cell_at *at,
			const struct column *c)
{
	cell_label(b, at, c);
	html(b, "<select name=\"t.%s.%d\" id=\"t-%s-%d-%d\">"
	     "<option value=\"\">—</option>", at->pid, at->col, at->pid,
	     at->row, at->col);
}

static void scale_cell(struct buf *b, const struct cell_at *at,
		       const struct column *c, struct span v)
{
	int sc = answer_scale(v);

	select_open(b, at, c);
	for (size_t i = 0; i < 4; i++)
		option(b, answer_scale_names[i], strlen(answer_scale_names[i]),
		       sc == (int)i);
	if (v.n && sc < 0)
		option(b, v.s, v.n, true);
	html_raw(b, "</select></div>");
}

/* choice(a;b): its options; ref(NAME): the items of NAME. */
static void pick_cell(struct buf *b, const struct kind_ctx *fc,
		      const struct cell_at *at, const struct column *c,
		      struct span v)
{
	struct items *it;
	bool found = false;
	size_t i;

	select_open(b, at, c);
	if (c->type == COL_CHOICE) {
		for (i = 0; i < c->nr_options; i++) {
			bool sel = span_is(v, c->options[i]);

			found |= sel;
			option(b, c->options[i], strlen(c->options[i]), sel);
		}
	} else if ((it = calloc(1, sizeof(*it)))) {
		ref_items(fc, c->ref, it);
		for (i = 0; i < it->n; i++) {
			bool sel = !found && span_eq(v, it->v[i]);

			found |= sel;
			option(b, it->v[i].s, it->v[i].n, sel);
		}
		free(it);
	} else
		b->err = 1;
	if (v.n && !found)
		option(b, v.s, v.n, true);
	html_raw(b, "</select></div>");
}

/* A sentence (a cheap test, an uncertainty, the "why") is shown whole:
 * a box that grows with its text.  A line break typed in it is saved as
 * a space. */
static void text_cell(struct buf *b, const struct cell_at *at,
		      const struct column *c, struct span v)
{
	cell_label(b, at, c);
	html(b, "<textarea name=\"t.%s.%d\" id=\"t-%s-%d-%d\" "
	     "rows=\"1\" class=\"grow\">", at->pid, at->col, at->pid, at->row,
	     at->col);
	html_txtn(b, v.s, v.n);
	html_raw(b, "</textarea></div>");
}

/* Date, hours, number: the typed input when the value fits it, else a
 * text input. */
static void input_cell(struct buf *b, const struct cell_at *at,
		       const struct column *c, struct span v)
{
	const char *type = "text", *extra = "";
	int day;

	if (c->type == COL_DATE) {
		if (!v.n || answer_date(v, &day))
			type = "date";
		else
			extra = " placeholder=\"YYYY-MM-DD\"";
	} else if (c->type == COL_HOURS && plain_number(v, true)) {
		type = "number", extra = " min=\"0\" step=\"0.5\"";
	} else if (c->type == COL_NUMBER && plain_number(v, false)) {
		type = "number", extra = " min=\"0\" step=\"1\"";
	}
	cell_label(b, at, c);
	html(b, "<input type=\"%s\" name=\"t.%s.%d\" id=\"t-%s-%d-%d\"",
	     type, at->pid, at->col, at->pid, at->row, at->col);
	html_raw(b, extra);
	html_raw(b, " value=\"");
	html_txtn(b, v.s, v.n);
	html_raw(b, "\"></div>");
}

void cell_field(struct buf *b, const struct kind_ctx *fc,
		const struct cell_at *at, const struct column *c,
		struct span v)
{
	html(b, "<div class=\"cell type-%s\">", column_type_name(c->type));
	switch (c->type) {
	case COL_MARK:
		mark_cell(b, at, c, v);
		break;
	case COL_SCALE:
		scale_cell(b, at, c, v);
		break;
	case COL_CHOICE:
	case COL_REF:
		pick_cell(b, fc, at, c, v);
		break;
	case COL_TEXT:
		text_cell(b, at, c, v);
		break;
	case COL_DATE:
	case COL_HOURS:
	case COL_NUMBER:
		input_cell(b, at, c, v);
		break;
	}
}
