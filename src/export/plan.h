#ifndef EXPORT_PLAN_H
#define EXPORT_PLAN_H

/*
 * What the exporters (export-*.c) share: which exercises a document
 * holds, a prompt's answer, its columns, and its milestones.  Internal.
 */
#include "export/export.h"

#include <stdbool.h>
#include <stddef.h>

struct checks;

/* Does the document hold exercise e? */
bool doc_has(const struct plan_doc *d, const struct exercise *e);

/* The participant's answer to p, or NULL when there is none (or it is
 * empty). */
const char *doc_answer(const struct plan_doc *d, const struct prompt *p);

/* The participant's reflections (the Thoughts section's box), or NULL:
 * only in a whole-workbook document, never in one plan's. */
const char *doc_reflection(const struct plan_doc *d);

/* Are p's answers rows of cells (table, rounds, sprint)? */
bool prompt_has_rows(const struct prompt *p);

/* Number of columns to show for p: its declared columns, or as many as
 * the widest row of `value` when none are declared. */
size_t prompt_ncols(const struct prompt *p, const char *value);

/* Column i's label; "Column N" written into tmp when it has none. */
const char *col_label(const struct prompt *p, size_t i, char tmp[24]);

/* Cell `col` of a row as a reader should see it: a scale by its name
 * ("partly"), a ticked mark as a check mark; other cells as written. */
struct span cell_shown(const struct prompt *p, struct span row, size_t col);

/* The inline Markdown of p's option that `line` picks (links kept), or
 * NULL when the line is not one of p's options. */
const char *option_md(const struct prompt *p, struct span line);

/* A milestone table: a table prompt with budget=, its first date column
 * into *date and first hours column into *hours (-1 when none).  False
 * for other prompts or when there is no date column. */
bool milestone_cols(const struct prompt *p, int *date, int *hours);

/* The coaching checks of the document (coach_run); -1 on failure. */
int doc_checks(const struct plan_doc *d, const struct exercise *e,
	       struct checks *out);

#endif
