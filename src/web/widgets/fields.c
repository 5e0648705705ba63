/*
 * fields.c: one prompt's field on the exercise page, for every field
 * kind of the session model.  fields-post.c reads the posted form back
 * into an answer in normal form (answer.h).  Everything here is driven by the
 * prompt's declaration (kind, bounds, options, rows=, columns), never by
 * prompt ids.
 *
 * Form fields, for a prompt with id P (a post may carry several prompts):
 *   p=P            the prompt is part of this post
 *   a.P            text: the answer
 *   l.P (repeated) list items; your own items on a checklist; ranked:
 *                  the items, in the order shown
 *   c.P (repeated) checklist: the ticked options, by their exact text
 *   k.P (repeated) ranked: the rank typed for the l.P at the same
 *                  position; items are sorted by it on save (stable,
 *                  items without a rank keep their place after the rest)
 *   r.P (repeated) table, rounds, sprint: a row marker; it starts a row
 *   t.P.C          the cell of column C (0-based) of the row whose marker
 *                  came last before it in the body.  A mark column is a
 *                  checkbox, posted only when ticked, so cells are placed
 *                  by position and column number, never by counting.
 * Browsers post fields in document order, and app.js's autosave walks
 * the fieldset's elements in the same order, so one walk of the markers
 * and one per column rebuild every row.
 */
#include "web/widgets/fields.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/answer.h"
#include "model/session.h"
#include "web/fragments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REF_MAX_ITEMS 200    /* items of a referenced prompt offered */

/* A sprint prompt's fixed columns, when the model gives none. */
static const struct column sprint_columns[] = {
	{ .label = "Start", .type = COL_DATE },
	{ .label = "Weeks", .type = COL_NUMBER },
	{ .label = "Hours a week", .type = COL_HOURS },
};
static const struct column text_column = { .label = "Item" };

const struct column *ui_columns(const struct prompt *p, size_t *n)
{
	if (p->nr_columns) {
		*n = p->nr_columns;
		return p->columns;
	}
	if (p->kind == PROMPT_SPRINT) {
		*n = 3;
		return sprint_columns;
	}
	*n = 1;
	return &text_column;
}

static bool span_is(struct span a, const char *s)
{
	return a.n == strlen(s) && !memcmp(a.s, s, a.n);
}

static bool span_eq(struct span a, struct span b)
{
	return a.n == b.n && !memcmp(a.s, b.s, a.n);
}

/* ---- the items of another prompt (rows=NAME, ref(NAME[/Column])) ---- */

struct items {
	const struct prompt *from;
	struct span v[REF_MAX_ITEMS];
	size_t n;
};

/* The non-empty items of prompt `name`: its lines, or for a row kind the
 * cells of column `col` (the first when NULL or not found). */
static void items_of(const struct field_ctx *fc, const char *name,
		     const char *col, struct items *it)
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

/* ref(NAME) or ref(NAME/Column): split into the items it offers. */
static void ref_items(const struct field_ctx *fc, const char *ref,
		      struct items *it)
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

/* "Fill in Roles first": a field whose rows come from another prompt
 * that has no items yet. */
static void source_empty(struct buf *b, const struct prompt *from,
			 const char *name)
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

/* ---- head: the same for every participant (pre-rendered) ---- */

static void timer_widget(struct buf *b, const struct prompt *p)
{
	html(b, "<div class=\"timer\" data-seconds=\"%d\" hidden>"
	     "<span class=\"clock\" role=\"timer\" aria-label=\"Time left\">"
	     "%d:00</span>"
	     "<button type=\"button\" data-timer=\"start\">Start %d-minute "
	     "timer</button>"
	     "<button type=\"button\" data-timer=\"pause\" disabled>Pause</button>"
	     "<button type=\"button\" data-timer=\"reset\">Reset</button>"
	     "<span class=\"announce\" role=\"alert\" aria-live=\"assertive\">"
	     "</span></div>",
	     p->timer_minutes * 60, p->timer_minutes, p->timer_minutes);
}

static void bounds_note(struct buf *b, const struct prompt *p)
{
	const char *one = "item", *many = "items";
	int lo = p->min_items, hi = p->max_items;

	if (p->kind == PROMPT_CHECKLIST)
		one = "pick", many = "picks";
	else if (p->kind == PROMPT_ROUNDS)
		one = "round", many = "rounds";
	else if (p->kind == PROMPT_TABLE)
		one = "row", many = "rows";
	if (p->kind == PROMPT_SPRINT || p->kind == PROMPT_TEXT)
		return;
	if (lo && hi == lo)
		html(b, "<p class=\"bounds\">Give %d %s.</p>", lo,
		     lo == 1 ? one : many);
	else if (lo && hi)
		html(b, "<p class=\"bounds\">Give %d to %d %s.</p>", lo, hi,
		     many);
	else if (lo)
		html(b, "<p class=\"bounds\">Give at least %d %s.</p>", lo,
		     lo == 1 ? one : many);
	else if (hi)
		html(b, "<p class=\"bounds\">Give at most %d %s.</p>", hi,
		     hi == 1 ? one : many);
}

void ui_prompt_head(struct buf *b, const struct prompt *p)
{
	const char *pid = p->id;

	html(b, "<fieldset class=\"prompt kind-%s\" id=\"p-%s\" "
	     "data-prompt=\"%s\"><legend id=\"q-%s\">",
	     prompt_kind_name(p->kind), pid, pid, pid);
	fragment_markdown(b, p->text, 1);
	if (p->optional)
		html_raw(b, " <span class=\"tag\">optional</span>");
	else if (p->required)
		html_raw(b, " <span class=\"tag\">required</span>");
	html(b, "</legend><input type=\"hidden\" name=\"p\" value=\"%s\">", pid);
	if (p->hint) {
		html_raw(b, "<div class=\"hint\">");
		fragment_markdown(b, p->hint, 0);
		html_raw(b, "</div>");
	}
	if (p->minutes)
		html(b, "<p class=\"bounds\">Spend about %d minutes.</p>",
		     p->minutes);
	/* Who sees a support request, and from when (docs/cohorts.md). */
	if (p->support)
		html_raw(b, "<p class=\"note\">Your cohort sees this answer "
			 "on the cohort's page, and can offer to be your "
			 "accountability partner, once you share this plan "
			 "with your cohort (under “Sharing” on “Your plans”). "
			 "Your facilitators see it at once.</p>");
	bounds_note(b, p);
	if (p->timer_minutes)
		timer_widget(b, p);
}

/* ---- fields ---- */

static void item_input(struct buf *b, const char *pid, int i,
		       struct span v, const char *label)
{
	html(b, "<li><label class=\"vh\" for=\"l-%s-%d\">%s %d</label>"
	     "<input type=\"text\" name=\"l.%s\" id=\"l-%s-%d\" value=\"",
	     pid, i + 1, label, i + 1, pid, pid, i + 1);
	html_txtn(b, v.s, v.n);
	html_raw(b, "\"></li>");
}

/* Option i as the course wrote it, links and all (rendered once when
 * the session loaded, like the prompt's head). */
static void option_text(struct buf *b, const struct prompt *p, size_t i)
{
	if (p->options_md && p->options_md[i])
		fragment_markdown(b, p->options_md[i], 1);
	else
		html(b, "%s", p->options[i]);
}

void ui_answer_item(struct buf *b, const struct prompt *p, struct span line)
{
	for (size_t i = 0; i < p->nr_options; i++)
		if (span_is(line, p->options[i])) {
			option_text(b, p, i);
			return;
		}
	html_txtn(b, line.s, line.n);
}

static void consider(struct buf *b, const struct prompt *p)
{
	if (!p->nr_options)
		return;
	html_raw(b, "<p class=\"own\">Consider:</p><ul class=\"consider\">");
	for (size_t i = 0; i < p->nr_options; i++) {
		html_raw(b, "<li>");
		option_text(b, p, i);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

/* How many inputs to offer: what is there plus one, at least the
 * minimum and `floor`, at most the maximum unless more are filled. */
static int rows_to_show(const struct prompt *p, int n, int floor)
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

static void list_field(struct buf *b, const struct prompt *p,
		       const char *value)
{
	const char *cur = value;
	struct span line;
	int i, rows = rows_to_show(p, (int)answer_count(value), 3);

	/* Options on a list prompt are things to consider, not picks. */
	consider(b, p);
	html(b, "<ol class=\"items\" data-label=\"Item\" data-max=\"%d\">",
	     p->max_items);
	for (i = 0; i < rows; i++) {
		if (!answer_next(&cur, &line))
			line = (struct span){ "", 0 };
		item_input(b, p->id, i, line, "Item");
	}
	html_raw(b, "</ol>");
}

static void checklist_field(struct buf *b, const struct prompt *p,
			    const char *value)
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
		option_text(b, p, o);
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

/* One ranked item: its text (fixed, or an input when the participant
 * writes the items), and its rank. */
static void ranked_item(struct buf *b, const char *pid, int i, int n,
			struct span v, bool fixed)
{
	html(b, "<li data-item>");
	if (fixed) {
		html(b, "<input type=\"hidden\" name=\"l.%s\" value=\"", pid);
		html_txtn(b, v.s, v.n);
		html(b, "\"><label class=\"item\" for=\"k-%s-%d\">", pid, i);
		html_txtn(b, v.s, v.n);
		html_raw(b, "<span class=\"vh\">, rank</span></label>");
	} else {
		html(b, "<label class=\"vh\" for=\"l-%s-%d\">Item %d</label>"
		     "<input type=\"text\" name=\"l.%s\" id=\"l-%s-%d\" "
		     "value=\"", pid, i, i, pid, pid, i);
		html_txtn(b, v.s, v.n);
		html(b, "\"><label class=\"vh\" for=\"k-%s-%d\">Rank of item "
		     "%d</label>", pid, i, i);
	}
	html(b, "<input type=\"number\" class=\"rank\" name=\"k.%s\" "
	     "id=\"k-%s-%d\" value=\"%d\" min=\"1\" max=\"%d\" step=\"1\">"
	     "</li>", pid, pid, i, i, n);
}

/*
 * Ranked: the items of rows=NAME, else the prompt's options, else the
 * participant's own; in the participant's stored order, items they have
 * not placed yet after them.
 */
static void ranked_field(struct buf *b, const struct field_ctx *fc,
			 const struct prompt *p, const char *value)
{
	static const struct span none = { "", 0 };
	struct items *it = calloc(1, sizeof(*it));
	bool fixed = p->rows_from || p->nr_options, *used = NULL;
	const char *cur = value;
	struct span line;
	size_t i;
	int shown = 0, total;

	if (!it) {
		b->err = 1;
		return;
	}
	if (p->rows_from)
		items_of(fc, p->rows_from, NULL, it);
	else
		for (i = 0; i < p->nr_options && i < REF_MAX_ITEMS; i++)
			it->v[it->n++] = (struct span){ p->options[i],
						strlen(p->options[i]) };
	if (p->rows_from && !it->n) {
		source_empty(b, it->from, p->rows_from);
		goto out;
	}
	html_raw(b, "<p class=\"note how-to-rank\">Put them in order: 1 is "
		 "first. The list is sorted when you save.</p>");
	if (!fixed) {
		total = rows_to_show(p, (int)answer_count(value), 3);
		html(b, "<ol class=\"ranked\" data-label=\"Item\">");
		while (answer_next(&cur, &line))
			if (line.n)
				ranked_item(b, p->id, ++shown, total, line, false);
		while (shown < total)
			ranked_item(b, p->id, ++shown, total, none, false);
		html_raw(b, "</ol>");
		goto out;
	}
	used = calloc(it->n + 1, sizeof(*used));
	if (!used) {
		b->err = 1;
		goto out;
	}
	total = (int)it->n;
	html(b, "<ol class=\"ranked fixed\">");
	while (answer_next(&cur, &line))
		for (i = 0; i < it->n; i++)
			if (!used[i] && span_eq(line, it->v[i])) {
				used[i] = true;
				ranked_item(b, p->id, ++shown, total, it->v[i],
					    true);
				break;
			}
	for (i = 0; i < it->n; i++)
		if (!used[i])
			ranked_item(b, p->id, ++shown, total, it->v[i], true);
	html_raw(b, "</ol>");
out:
	free(used);
	free(it);
}

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

/* Where a cell is: its id, and the row's words for its label. */
struct cell_at {
	const char *pid;
	int row, col;
	const char *rowword;   /* "row", "round" */
	struct span rowname;   /* the item a fixed row is for, or empty */
};

static void cell_label(struct buf *b, const struct cell_at *at,
		       const struct column *c)
{
	html(b, "<label for=\"t-%s-%d-%d\">%s<span class=\"vh\">, ",
	     at->pid, at->row, at->col, c->label);
	if (at->rowname.n) {
		html_raw(b, "for ");
		html_txtn(b, at->rowname.s, at->rowname.n);
	} else
		html(b, "%s <span class=\"rn\">%d</span>", at->rowword,
		     at->row);
	html_raw(b, "</span></label>");
}

static void cell_field(struct buf *b, const struct field_ctx *fc,
		       const struct cell_at *at, const struct column *c,
		       struct span v)
{
	const char *pid = at->pid;
	const char *type = "text", *extra = "";
	struct items *it;
	int day, sc;
	size_t i;
	bool found;

	html(b, "<div class=\"cell type-%s\">", column_type_name(c->type));
	switch (c->type) {
	case COL_MARK:
		html(b, "<label class=\"check\"><input type=\"checkbox\" "
		     "name=\"t.%s.%d\" id=\"t-%s-%d-%d\" value=\"yes\"%s> ",
		     pid, at->col, pid, at->row, at->col,
		     answer_mark(v) ? " checked" : "");
		html(b, "%s<span class=\"vh\">, ", c->label);
		if (at->rowname.n)
			html_txtn(b, at->rowname.s, at->rowname.n);
		else
			html(b, "%s <span class=\"rn\">%d</span>",
			     at->rowword, at->row);
		html_raw(b, "</span></label></div>");
		return;
	case COL_SCALE:
		cell_label(b, at, c);
		sc = answer_scale(v);
		html(b, "<select name=\"t.%s.%d\" id=\"t-%s-%d-%d\">"
		     "<option value=\"\">—</option>", pid, at->col, pid,
		     at->row, at->col);
		for (i = 0; i < 4; i++)
			option(b, answer_scale_names[i],
			       strlen(answer_scale_names[i]), sc == (int)i);
		if (v.n && sc < 0)
			option(b, v.s, v.n, true);
		html_raw(b, "</select></div>");
		return;
	case COL_CHOICE:
	case COL_REF:
		cell_label(b, at, c);
		html(b, "<select name=\"t.%s.%d\" id=\"t-%s-%d-%d\">"
		     "<option value=\"\">—</option>", pid, at->col, pid,
		     at->row, at->col);
		found = false;
		if (c->type == COL_CHOICE) {
			for (i = 0; i < c->nr_options; i++) {
				bool sel = span_is(v, c->options[i]);

				found |= sel;
				option(b, c->options[i], strlen(c->options[i]),
				       sel);
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
		return;
	case COL_DATE:
		if (!v.n || answer_date(v, &day))
			type = "date";
		else
			extra = " placeholder=\"YYYY-MM-DD\"";
		break;
	case COL_HOURS:
		if (plain_number(v, true))
			type = "number", extra = " min=\"0\" step=\"0.5\"";
		break;
	case COL_NUMBER:
		if (plain_number(v, false))
			type = "number", extra = " min=\"0\" step=\"1\"";
		break;
	case COL_TEXT:
		/* A sentence (a cheap test, an uncertainty, the "why") is
		 * shown whole: a box that grows with its text.  A line
		 * break typed in it is saved as a space. */
		cell_label(b, at, c);
		html(b, "<textarea name=\"t.%s.%d\" id=\"t-%s-%d-%d\" "
		     "rows=\"1\" class=\"grow\">", pid, at->col, pid, at->row,
		     at->col);
		html_txtn(b, v.s, v.n);
		html_raw(b, "</textarea></div>");
		return;
	}
	cell_label(b, at, c);
	html(b, "<input type=\"%s\" name=\"t.%s.%d\" id=\"t-%s-%d-%d\"",
	     type, pid, at->col, pid, at->row, at->col);
	html_raw(b, extra);
	html_raw(b, " value=\"");
	html_txtn(b, v.s, v.n);
	html_raw(b, "\"></div>");
}

/* One row: its marker, then a cell per column.  A fixed row (rows=NAME)
 * shows its item instead of an input for the first column. */
static void row_field(struct buf *b, const struct field_ctx *fc,
		      const struct prompt *p, int row, struct span v,
		      struct span fixed)
{
	const struct column *cols;
	size_t i, ncols;
	struct cell_at at = {
		.pid = p->id, .row = row,
		.rowword = p->kind == PROMPT_ROUNDS ? "round" : "row",
		.rowname = fixed,
	};

	cols = ui_columns(p, &ncols);
	if (p->kind == PROMPT_ROUNDS)
		html(b, "<fieldset class=\"round\" data-row><legend>Round "
		     "<span class=\"rn\">%d</span></legend>", row);
	else
		html_raw(b, "<li class=\"trow\" data-row>");
	html(b, "<input type=\"hidden\" name=\"r.%s\" value=\"\">", p->id);
	for (i = 0; i < ncols; i++) {
		at.col = (int)i;
		if (i == 0 && fixed.n) {
			html(b, "<div class=\"cell rowhead\"><span class=\"lbl\">"
			     "%s</span> <span class=\"item\">", cols[0].label);
			html_txtn(b, fixed.s, fixed.n);
			html(b, "</span><input type=\"hidden\" name=\"t.%s.0\" "
			     "value=\"", p->id);
			html_txtn(b, fixed.s, fixed.n);
			html_raw(b, "\"></div>");
			continue;
		}
		cell_field(b, fc, &at, &cols[i], answer_cell(v, i));
	}
	html_raw(b, p->kind == PROMPT_ROUNDS ? "</fieldset>" : "</li>");
}

static void rows_field(struct buf *b, const struct field_ctx *fc,
		       const struct prompt *p, const char *value)
{
	static const struct span none = { "", 0 };
	const bool rounds = p->kind == PROMPT_ROUNDS;
	const char *cur = value;
	struct items *it = NULL;
	struct span line;
	bool *used = NULL;
	int row = 0, total;
	size_t i;

	if (p->kind == PROMPT_SPRINT) {
		struct buf d = BUF_INIT;

		answer_put_date(&d, fc->today);
		html(b, "<p class=\"note\">Until you fill these in, your sprint "
		     "starts today (%s) and runs %d weeks at %d hours a week."
		     "</p><ol class=\"rows sprint\">", d.data, SPRINT_WEEKS,
		     (int)SPRINT_HOURS);
		buf_release(&d);
		if (!answer_next(&cur, &line))
			line = none;
		row_field(b, fc, p, 1, line, none);
		html_raw(b, "</ol>");
		return;
	}
	consider(b, p);
	html(b, "<%s class=\"rows\" data-max=\"%d\" data-word=\"%s\"%s>",
	     rounds ? "div" : "ol", p->max_items, rounds ? "round" : "row",
	     p->rows_from ? " data-fixed" : "");
	if (p->rows_from) {
		if (!(it = calloc(1, sizeof(*it)))) {
			b->err = 1;
			return;
		}
		items_of(fc, p->rows_from, NULL, it);
		used = calloc(answer_count(value) + 1, sizeof(*used));
		if (!used) {
			b->err = 1;
			goto out;
		}
		/* A row per item, with what was stored for it. */
		for (i = 0; i < it->n; i++) {
			struct span v = none;
			size_t k = 0;

			cur = value;
			while (answer_next(&cur, &line))
				if (line.n && !used[k++] &&
				    span_eq(answer_cell(line, 0), it->v[i])) {
					used[k - 1] = true;
					v = line;
					break;
				}
			row_field(b, fc, p, ++row, v, it->v[i]);
		}
		/* Rows for items since renamed or removed stay editable. */
		cur = value;
		i = 0;
		while (answer_next(&cur, &line))
			if (line.n && !used[i++])
				row_field(b, fc, p, ++row, line, none);
		html_raw(b, rounds ? "</div>" : "</ol>");
		if (!it->n)
			source_empty(b, it->from, p->rows_from);
		goto out;
	}
	total = rows_to_show(p, (int)answer_count(value), rounds ? 3 : 2);
	while (answer_next(&cur, &line))
		if (line.n)
			row_field(b, fc, p, ++row, line, none);
	while (row < total)
		row_field(b, fc, p, ++row, none, none);
	html_raw(b, rounds ? "</div>" : "</ol>");
out:
	free(used);
	free(it);
}

void ui_field(struct buf *b, const struct field_ctx *fc,
	      const struct prompt *p, const char *value)
{
	const char *pid = p->id;

	switch (p->kind) {
	case PROMPT_TEXT:
		html(b, "<textarea name=\"a.%s\" id=\"a-%s\" rows=\"%d\" "
		     "aria-labelledby=\"q-%s\">%s</textarea>", pid, pid,
		     value && strlen(value) > 300 ? 8 : 4, pid, value);
		break;
	case PROMPT_CHECKLIST:
		checklist_field(b, p, value);
		break;
	case PROMPT_LIST:
		list_field(b, p, value);
		break;
	case PROMPT_RANKED:
		ranked_field(b, fc, p, value);
		break;
	case PROMPT_TABLE:
	case PROMPT_ROUNDS:
	case PROMPT_SPRINT:
		rows_field(b, fc, p, value);
		break;
	}
}
