/*
 * Prompt annotations (annot.c): the `<!-- alignplan: KIND key=value
 * ... -->` comment that gives a prompt its field kind, name, label, bounds
 * and columns (docs/plans.md, "Annotations").  Internal to the importer.
 */
#ifndef IMPORT_ANNOT_H
#define IMPORT_ANNOT_H

#include "model/session.h"

#include <stdbool.h>
#include <stddef.h>

/* What an annotation gave beyond the prompt's own fields: whether it set
 * the kind and the bounds, which then override the cues. */
struct annot {
	bool has_kind, has_min, has_max;
	enum prompt_kind kind;
	int min, max;
};

/*
 * Parse `text` (the comment after "alignplan:", without "-->") into pr's
 * annotation fields (name, label, required, rows_from, budget, columns)
 * and *a.  Returns 0; -1 with the problem in `err` ("unknown column type
 * 'dat'"); -2 when out of memory.  On failure pr may hold some fields:
 * session_release() frees them.
 */
int annot_parse(const char *text, struct prompt *pr, struct annot *a,
		char *err, size_t errlen);

/* Check what pr's annotation names in the rest of session `s`: rows=,
 * budget= and ref() columns.  Returns 0, or -1 with `err` set. */
int annot_check_refs(const struct session *s, const struct prompt *pr,
		     char *err, size_t errlen);

/* The column of `pr` labelled `label` (exact, else ignoring ASCII case),
 * or -1. */
int annot_column(const struct prompt *pr, const char *label, size_t n);

#endif
