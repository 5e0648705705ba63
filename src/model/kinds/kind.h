#ifndef MODEL_KIND_H
#define MODEL_KIND_H

#include "model/answer.h"
#include "model/session.h"

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct csv;
struct coach_run;
struct form;
struct agenda_catalog;

/*
 * Field kinds as one table (curl's struct Curl_handler: one row per
 * protocol, every operation a slot).  Each kind is one file in this
 * folder that fills one `struct kind`; kinds.c lists them, indexed by
 * enum prompt_kind (session.h).  Everything that differs from one kind
 * to another is a slot or a field of its row, so the importer, the
 * answer helpers, the checks, the pages and the exports ask the table
 * instead of switching on the kind (docs/plans.md, "Field kinds").
 *
 * Every slot lives in the model layer, so it uses only core's escaping
 * writers (html.h, csv.h) and the model.  Where a format's own machinery
 * sits above the model (a docx's runs and tables, Markdown's escaping
 * and ticks), the exporter hands the slot a small writer of primitives
 * (struct kind_docx, struct kind_md) and the slot says which to use:
 * the kind decides what its answer is made of, the format how that
 * looks.  The web's pre-rendered Markdown reaches the controls and the
 * view through kind_ctx.markdown.
 */

/* What an answer in normal form is made of (answer.h). */
enum kind_shape {
	KIND_LINES,   /* any lines, blank ones inside kept (text) */
	KIND_ITEMS,   /* one item per line, no blank lines */
	KIND_ROWS,    /* one row per line, cells separated by a TAB */
};

/* Flags of a row: what an annotation may say, and how the rest of the
 * app treats the kind. */
enum {
	KIND_COLS = 1 << 0,      /* takes cols="..." and needs it */
	KIND_ROWS_FROM = 1 << 1, /* takes rows=NAME */
	KIND_BUDGET = 1 << 2,    /* takes budget=NAME (dates, hours) */
	KIND_COUNTED = 1 << 3,   /* min=/max= bound its items or rows; the
				  * cues' bounds are kept and the field says
				  * them */
	KIND_PICKS = 1 << 4,     /* unticked items under the prompt in the
				  * session file are options to pick */
	KIND_PLAN = 1 << 5,      /* more than a text box: "Your plans"
				  * shows the exercise */
	KIND_ORDERED = 1 << 6,   /* its items are in order: numbered in
				  * views and exports */
};

/* What a field's control and view need beyond the prompt and answer
 * (the web fills it from its own struct field_ctx, web/ui.h). */
struct kind_ctx {
	const struct session *s;
	answer_get_fn *get;      /* another prompt's stored answer */
	void *ctx;
	int today;               /* day number, for the sprint's defaults */
	/* The course's inline Markdown (an option) as HTML: the web's
	 * copies rendered at load; NULL renders it (html_markdown). */
	void (*markdown)(struct buf *b, const char *md, int inline_only);
	/* The research-agenda catalog (the agendas kind), or NULL. */
	const struct agenda_catalog *agendas;
};

/* The docx exporter's primitives (export/docx.c): a paragraph of plain
 * text; a list item after `marker` ("• ", "2. "), the course's inline
 * Markdown `md` when it is a picked option, else `text`; the rows as a
 * table. */
struct kind_docx {
	void *ctx;
	void (*para)(void *ctx, struct span text);
	void (*item)(void *ctx, const char *marker, struct span text,
		     const char *md);
	void (*table)(void *ctx, const struct prompt *p, const char *value);
};

/* The Markdown exporter's primitives (export/md.c), which escape: an
 * answer item nested under the prompt, and a "Label: value" item under
 * the last one. */
struct kind_md {
	void *ctx;
	void (*item)(void *ctx, struct span text);
	void (*cell)(void *ctx, const char *label, struct span text);
};

/*
 * The slots.  `value` is the stored answer in normal form; NULL or ""
 * when there is none, except where a slot says it is never empty.
 */

/* Write the form controls for one answer (field names: fields.c). */
typedef void kind_control_fn(struct buf *b, const struct kind_ctx *fc,
			     const struct prompt *p, const char *value);
/* Read p's fields from a posted form into `raw`, as posted: lines, a TAB
 * between cells.  The form was parsed once (core/form.h): each lookup
 * walks its table of fields, never the body.  `tmp` is scratch whose cap
 * is that of one posted value.  Sets *many when the post holds more than
 * KIND_MAX_POSTED items or rows (what was read stays in raw).  Returns 0,
 * or -1 when the form is malformed or out of memory. */
#define KIND_MAX_POSTED (2 * ANSWER_MAX_ITEMS)
typedef int kind_posted_fn(const struct prompt *p, const struct form *f,
			   struct buf *raw, struct buf *tmp, bool *many);
/* Append the checks only this kind has (after bounds and required,
 * which coach.c runs for every kind).  Returns 0, or -1 when out of
 * memory. */
typedef int kind_check_fn(struct coach_run *r, const struct prompt *p,
			  const char *value);
/* Read-only, on the pages (never empty). */
typedef void kind_view_fn(struct buf *b, const struct kind_ctx *fc,
			  const struct prompt *p, const char *value);
/* The HTML export: the whole answer (never empty). */
typedef void kind_html_fn(struct buf *b, const struct prompt *p,
			  const char *value);
/* The HTML export's summary: the answer in a line (never empty). */
typedef void kind_brief_fn(struct buf *b, const struct prompt *p,
			   const char *value, int today);
/* The docx (never empty). */
typedef void kind_docx_fn(const struct kind_docx *w, const struct prompt *p,
			  const char *value);
/* Markdown that the importer reads back as the same answer (never
 * empty). */
typedef void kind_md_fn(const struct kind_md *w, const struct prompt *p,
			const char *value);
/* One CSV field holding the answer (n bytes, may be 0). */
typedef void kind_csv_fn(struct csv *w, const struct prompt *p,
			 const char *value, size_t n);

struct kind {
	const char *name;        /* the annotation's word; JSON "kind";
				  * the fieldset's class kind-NAME */
	enum kind_shape shape;   /* how answer_normalize() reads it */
	unsigned flags;          /* KIND_* above */
	const char *one, *many;  /* what the field counts: "Give at least
				  * 3 picks." */
	const struct column *columns;  /* fixed columns (sprint), given
					* to the prompt on import */
	size_t nr_columns;

	kind_control_fn *control;
	kind_posted_fn *posted;
	kind_check_fn *check;    /* NULL: bounds and required only */
	kind_view_fn *view;
	kind_html_fn *html;
	kind_brief_fn *brief;
	kind_docx_fn *docx;
	kind_md_fn *markdown;
	kind_csv_fn *csv;
};

/* The table: one row per enum prompt_kind, KIND_COUNT of them. */
#define KIND_COUNT ((size_t)PROMPT_KINDS)
extern const struct kind *const kinds[KIND_COUNT];

/* The row of kind k (text for a value out of range). */
const struct kind *kind_get(enum prompt_kind k);
static inline const struct kind *kind_of(const struct prompt *p)
{
	return kind_get(p->kind);
}
/* The kind whose name is s[0..n), or -1. */
int kind_lookup(const char *s, size_t n);
/* "table, rounds and ranked": the names of the kinds that have every
 * flag of `flags`, those with columns first, for a message. */
void kind_names(unsigned flags, char *out, size_t n);

/* ---- what several slots and the exporters read of a prompt ---- */

/* The columns of a row kind: the prompt's, else the kind's fixed ones,
 * else one text column "Item". */
const struct column *kind_columns(const struct prompt *p, size_t *n);
/* Number of columns to show for p: its declared columns, or as many as
 * the widest row of `value` when none are declared. */
size_t prompt_ncols(const struct prompt *p, const char *value);
/* Column i's label; "Column N" written into tmp when it has none. */
const char *col_label(const struct prompt *p, size_t i, char tmp[24]);
/* Cell `col` of a row as a reader should see it: a scale by its name
 * ("partly"), a ticked mark as a check mark; other cells as written. */
struct span cell_shown(const struct prompt *p, struct span row, size_t col);
/* The cells of a row as HTML text, " | " between them. */
void row_text(struct buf *b, struct span row);
/* The inline Markdown of p's option that `line` picks (links kept), or
 * NULL when the line is not one of p's options. */
const char *option_md(const struct prompt *p, struct span line);

/*
 * A posted form into an answer, for any kind: `raw` gets the answer as
 * posted (shown again when it is refused), `out` its normal form.  `cap`
 * bounds one posted value.  Returns 0, KIND_TOO_LONG (over out's or raw's
 * cap), KIND_MALFORMED (bad encoding or not UTF-8) or KIND_TOO_MANY (more
 * than ANSWER_MAX_ITEMS items or rows).
 */
enum { KIND_TOO_LONG = -1, KIND_MALFORMED = -2, KIND_TOO_MANY = -3 };
int kind_read_form(const struct prompt *p, const struct form *f,
		   size_t cap, struct buf *raw, struct buf *out);

#endif
