/*
 * shared.h: what the kinds' files share, internal to src/model/kinds/.
 * items.c holds the pieces of the kinds whose answer is one item per line
 * (and the items of another prompt, for rows= and ref()); rows.c those
 * of the kinds whose answer is rows of cells; cells.c one cell's control
 * by column type; rows-check.c the checks of the row kinds.
 */
#ifndef MODEL_KINDS_SHARED_H
#define MODEL_KINDS_SHARED_H

#include "model/kinds/kind.h"

#include <stdbool.h>
#include <string.h>

/* The rows, one per kind file. */
extern const struct kind kind_agendas, kind_text, kind_list, kind_checklist, kind_ranked,
	kind_table, kind_rounds, kind_sprint;

static inline bool span_is(struct span a, const char *s)
{
	return a.n == strlen(s) && !memcmp(a.s, s, a.n);
}

static inline bool span_eq(struct span a, struct span b)
{
	return a.n == b.n && !memcmp(a.s, b.s, a.n);
}

/* ---- items.c: the controls' pieces ---- */

/* The course's inline Markdown as HTML, through fc->markdown if set. */
void field_markdown(struct buf *b, const struct kind_ctx *fc,
		    const char *md, int inline_only);
/* Option i as the course wrote it, links and all. */
void option_text(struct buf *b, const struct kind_ctx *fc,
		 const struct prompt *p, size_t i);
/* One line of a list-like answer, read-only: a picked option as the
 * course wrote it (links kept), else the text escaped. */
void answer_item(struct buf *b, const struct kind_ctx *fc,
		 const struct prompt *p, struct span line);
/* "Consider:" and the prompt's options, when it has any. */
void consider(struct buf *b, const struct kind_ctx *fc,
	      const struct prompt *p);
/* One text input l.P of a list, labelled "LABEL i+1". */
void item_input(struct buf *b, const char *pid, int i, struct span v,
		const char *label);
/* How many inputs to offer: what is there plus one, at least the
 * minimum and `floor`, at most the maximum unless more are filled. */
int rows_to_show(const struct prompt *p, int n, int floor);

/* The items of another prompt (rows=NAME, ref(NAME[/Column])). */
#define REF_MAX_ITEMS 200    /* items of a referenced prompt offered */
struct items {
	const struct prompt *from;
	struct span v[REF_MAX_ITEMS];
	size_t n;
};
/* The non-empty items of prompt `name`: its lines, or for a row kind the
 * cells of column `col` (the first when NULL or not found). */
void items_of(const struct kind_ctx *fc, const char *name, const char *col,
	      struct items *it);
/* ref(NAME) or ref(NAME/Column): the items it offers. */
void ref_items(const struct kind_ctx *fc, const char *ref, struct items *it);
/* "Fill in Roles first": rows come from a prompt with no items yet. */
void source_empty(struct buf *b, const struct prompt *from, const char *name);

/* ---- items.c: a posted form ---- */

/* Append a posted value as one line or cell: newlines and tabs become
 * spaces, so it cannot split a row.  (answer_normalize trims.) */
void add_flat(struct buf *out, const struct buf *v);
/* Every value of the repeated field `name`, one per line. */
int posted_lines(const struct form *f, const char *name,
		 struct buf *raw, struct buf *tmp);

/* ---- items.c: the slots of the one-item-per-line kinds ---- */

kind_posted_fn items_posted;   /* l.P, one per item */
kind_view_fn items_view;       /* <ul>, or <ol> when the kind ranks */
kind_html_fn items_html;
kind_brief_fn items_brief;     /* "a · b · c and 2 more" */
kind_docx_fn items_docx;       /* "• " items, or "1. " */
kind_md_fn items_md;           /* one Markdown item per line */
kind_csv_fn kind_csv_answer;   /* the normal form, one field */
kind_check_fn items_check;     /* bounds and required only */

/* Up to `max` bytes of s as HTML, cut at a character boundary ("…"). */
void html_cut(struct buf *b, const char *s, size_t n, size_t max);
/* The summary's line: up to 5 lines, each written by `one`. */
void brief_lines(struct buf *b, const struct prompt *p, const char *v,
		 void (*one)(struct buf *b, const struct prompt *p,
			     struct span line));

/* ---- rows.c ---- */

/* How a row kind lays out its rows on the exercise page. */
struct rows_look {
	const char *list;      /* the rows' element: "ol", "div" */
	int floor;             /* rows offered at least */
	const char *legend;    /* each row a fieldset with this legend and
				* its number ("Round"), or NULL: an <li> */
};
extern const struct rows_look rows_as_list;
void row_field(struct buf *b, const struct kind_ctx *fc,
	       const struct prompt *p, const struct rows_look *look, int row,
	       struct span v, struct span fixed);
void rows_control(struct buf *b, const struct kind_ctx *fc,
		  const struct prompt *p, const char *value,
		  const struct rows_look *look);
kind_posted_fn rows_posted;
kind_view_fn rows_view;        /* a table of the declared columns */
kind_html_fn rows_html;        /* a table of every cell */
kind_brief_fn rows_brief;      /* "first cell — second cell · ..." */
kind_docx_fn rows_docx;
kind_md_fn rows_md;            /* the first cell, "Label: value" under */
/* rows-check.c: bounds (`unit_always`: coach_bounds()), required,
 * rows=, the columns, budget=. */
int rows_checks(struct coach_run *r, const struct prompt *p, const char *v,
		bool unit_always);

/* ---- cells.c ---- */

/* Where a cell is: its id, and the row's words for its label. */
struct cell_at {
	const char *pid;
	int row, col;
	const char *rowword;   /* "row", "round" */
	struct span rowname;   /* the item a fixed row is for, or empty */
};
void cell_field(struct buf *b, const struct kind_ctx *fc,
		const struct cell_at *at, const struct column *c,
		struct span v);

#endif
