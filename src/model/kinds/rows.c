/*
 * rows.c: what the kinds whose answer is rows of cells share (table,
 * rounds, sprint): the rows' controls, the r.P and t.P.C fields of a
 * post, and their views and exports.  One cell's control is cells.c's,
 * the checks are rows-check.c's.
 */
#include "model/kinds/shared.h"

#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"

#include <stdio.h>
#include <stdlib.h>

/* A table's rows: items of an ordered list. */
const struct rows_look rows_as_list = { .list = "ol", .floor = 2 };

/* ---- the control ---- */

/* One row: its marker, then a cell per column.  A fixed row (rows=NAME)
 * shows its item instead of an input for the first column. */
void row_field(struct buf *b, const struct kind_ctx *fc,
	       const struct prompt *p, const struct rows_look *look, int row,
	       struct span v, struct span fixed)
{
	const struct column *cols;
	size_t i, ncols;
	struct cell_at at = {
		.pid = p->id, .row = row, .rowword = kind_of(p)->one,
		.rowname = fixed,
	};

	cols = kind_columns(p, &ncols);
	if (look->legend)
		html(b, "<fieldset class=\"%s\" data-row><legend>%s "
		     "<span class=\"rn\">%d</span></legend>", kind_of(p)->one,
		     look->legend, row);
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
	html_raw(b, look->legend ? "</fieldset>" : "</li>");
}

/* rows=NAME: a row per item of NAME, with what was stored for it, then
 * the stored rows whose item was since renamed or removed. */
static void fixed_rows(struct buf *b, const struct kind_ctx *fc,
		       const struct prompt *p, const char *value,
		       const struct rows_look *look)
{
	static const struct span none = { "", 0 };
	struct items *it = calloc(1, sizeof(*it));
	bool *used = NULL;
	const char *cur;
	struct span line;
	int row = 0;
	size_t i;

	if (!it || !(used = calloc(answer_count(value) + 1, sizeof(*used)))) {
		b->err = 1;
		goto out;
	}
	items_of(fc, p->rows_from, NULL, it);
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
		row_field(b, fc, p, look, ++row, v, it->v[i]);
	}
	/* Rows for items since renamed or removed stay editable. */
	cur = value;
	i = 0;
	while (answer_next(&cur, &line))
		if (line.n && !used[i++])
			row_field(b, fc, p, look, ++row, line, none);
	html(b, "</%s>", look->list);
	if (!it->n)
		source_empty(b, it->from, p->rows_from);
out:
	free(used);
	free(it);
}

void rows_control(struct buf *b, const struct kind_ctx *fc,
		  const struct prompt *p, const char *value,
		  const struct rows_look *look)
{
	static const struct span none = { "", 0 };
	const char *cur = value;
	struct span line;
	int row = 0, total;

	consider(b, fc, p);
	html(b, "<%s class=\"rows\" data-max=\"%d\" data-word=\"%s\"%s>",
	     look->list, p->max_items, kind_of(p)->one,
	     p->rows_from ? " data-fixed" : "");
	if (p->rows_from) {
		fixed_rows(b, fc, p, value, look);
		return;
	}
	total = rows_to_show(p, (int)answer_count(value), look->floor);
	while (answer_next(&cur, &line))
		if (line.n)
			row_field(b, fc, p, look, ++row, line, none);
	while (row < total)
		row_field(b, fc, p, look, ++row, none, none);
	html(b, "</%s>", look->list);
}

/* ---- a posted form ---- */

/* The cells of column c, each placed in the row whose marker (at
 * start[r]) precedes it; the first value for a cell wins. */
static int posted_column(const struct prompt *p, size_t c,
			 const struct form *f, const size_t *start,
			 size_t nrows, size_t ncols, struct buf *cell,
			 struct buf *tmp)
{
	char name[96];
	size_t pos = 0, r = 0;
	long got;

	snprintf(name, sizeof(name), "t.%s.%zu", p->id, c);
	while ((got = form_field_next(f, &pos, name, tmp)) >= 0) {
		while (r + 1 < nrows && start[r + 1] < pos)
			r++;
		if (start[r] > pos)
			continue;  /* before the first row */
		if (!cell[r * ncols + c].len)
			add_flat(&cell[r * ncols + c], tmp);
	}
	return got == -2 ? -1 : 0;
}

/* Rows: the positions of the markers, then each column's cells placed in
 * the row whose marker precedes them. */
int rows_posted(const struct prompt *p, const struct form *f,
		struct buf *raw, struct buf *tmp, bool *many)
{
	char name[96];
	size_t ncols, nrows = 0, pos = 0, c, r, *start = NULL;
	struct buf *cell = NULL;
	long got;
	int ret = 0;

	kind_columns(p, &ncols);
	snprintf(name, sizeof(name), "r.%s", p->id);
	start = calloc(KIND_MAX_POSTED, sizeof(*start));
	if (!start)
		return -1;
	while ((got = form_field_next(f, &pos, name, tmp)) >= 0) {
		if (nrows == KIND_MAX_POSTED) {
			*many = true;
			break;
		}
		start[nrows++] = pos;
	}
	if (got == -2)
		ret = -1;
	if (got == -2 || !nrows)
		goto out;
	cell = calloc(nrows * ncols, sizeof(*cell));
	if (!cell) {
		ret = -1;
		goto out;
	}
	for (c = 0; c < nrows * ncols; c++)
		buf_init(&cell[c], tmp->max);
	for (c = 0; c < ncols && !ret; c++)
		ret = posted_column(p, c, f, start, nrows, ncols, cell, tmp);
	for (r = 0; r < nrows && !ret; r++) {
		if (r)
			buf_addc(raw, '\n');
		for (c = 0; c < ncols; c++) {
			const struct buf *x = &cell[r * ncols + c];

			if (c)
				buf_addc(raw, '\t');
			buf_add(raw, x->data, x->len);
			if (x->err)
				raw->err = 1;
		}
	}
	for (c = 0; c < nrows * ncols; c++)
		buf_release(&cell[c]);
out:
	free(cell);
	free(start);
	return ret;
}

/* ---- views and exports ---- */

void row_text(struct buf *b, struct span row)
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
void rows_view(struct buf *b, const struct kind_ctx *fc,
	       const struct prompt *p, const char *v)
{
	struct span row;
	size_t c, nc = p->nr_columns;

	(void)fc;
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
			row_text(b, row);
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

void rows_html(struct buf *b, const struct prompt *p, const char *v)
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

/* A row in a line: its first cell, then the cell that answers for it
 * ("Researcher — A MATS task"). */
static void brief_row(struct buf *b, const struct prompt *p, struct span row)
{
	struct span key = answer_cell(row, 0), ans = cell_shown(p, row, 1);

	if (key.n)
		html_cut(b, key.s, key.n, 120);
	if (key.n && ans.n)
		html_raw(b, " \xe2\x80\x94 ");
	if (ans.n)
		html_cut(b, ans.s, ans.n, 120);
}

void rows_brief(struct buf *b, const struct prompt *p, const char *v,
		int today)
{
	(void)today;
	brief_lines(b, p, v, brief_row);
}

void rows_docx(const struct kind_docx *w, const struct prompt *p,
	       const char *v)
{
	w->table(w->ctx, p, v);
}

/* A row is an item holding its first cell, with one "Label: value" item
 * under it per other non-empty cell (docs/plans.md). */
void rows_md(const struct kind_md *w, const struct prompt *p, const char *v)
{
	const char *cur = v;
	struct span line;
	char tmp[24];

	while (answer_next(&cur, &line)) {
		size_t tabs = 0;

		for (size_t i = 0; i < line.n; i++)
			tabs += line.s[i] == '\t';
		w->item(w->ctx, answer_cell(line, 0));
		/* Up to the last cell the row has. */
		for (size_t c = 1; c <= tabs; c++) {
			struct span cell = answer_cell(line, c);

			if (cell.n)
				w->cell(w->ctx, col_label(p, c, tmp), cell);
		}
	}
}
