#ifndef ANSWER_H
#define ANSWER_H

#include "model/session.h"

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * Answers: one string per prompt, in answer normal form, whatever the
 * field kind (see docs/session-format.md, "Answers").
 *
 *   - valid UTF-8, lines ended by LF (never CR), no control characters
 *     other than LF and, in the row kinds, TAB;
 *   - no trailing spaces or tabs on a line, no blank line at either end;
 *   - text: any lines, blank lines inside kept;
 *   - list, checklist, ranked: one item per line, no blank lines;
 *   - table, rounds, sprint: one row per line, no blank lines; the cells
 *     of a row are separated by TAB, each cell trimmed of spaces, trailing
 *     empty cells dropped, a row whose cells are all empty dropped.
 *
 * Everything that stores, exports or checks an answer goes through these
 * helpers, so "one item per line" is written down once.
 */

/* Items of a list-like answer, rows of a table: at most this many in one
 * answer (docs/plans.md).  The exercise page refuses more; an answer
 * stored before the cap may hold more, and the checks read only this
 * many of it. */
#define ANSWER_MAX_ITEMS 500

/* Append the normal form of `len` bytes of `in` for a prompt of `kind`.
 * Returns 0, or -1 when `in` is not valid UTF-8 (nothing appended). */
int answer_normalize(enum prompt_kind kind, const char *in, size_t len,
		     struct buf *out);

/* A slice of an answer. */
struct span {
	const char *s;
	size_t n;
};

/* Step through lines: *cur starts at the value (may be NULL) and is NULL
 * once every line has been returned.  Returns false at the end. */
bool answer_next(const char **cur, struct span *line);

/* Items in a list-like answer, rows in a table: the non-empty lines. */
size_t answer_count(const char *value);

/* Cell `col` (0-based) of a row; an absent cell is empty. */
struct span answer_cell(struct span row, size_t col);

/* Is `line` one of the lines of `value`? */
bool answer_has_line(const char *value, const char *s, size_t n);

/* ---- typed cells ---- */

/* "2026-12-24": days since 1970-01-01 into *day; false when malformed
 * or not a real date. */
bool answer_date(struct span cell, int *day);
/* Append a day number as YYYY-MM-DD. */
void answer_put_date(struct buf *b, int day);
/* Today (UTC) as a day number. */
int answer_today(void);
/* "4", "2.5", "1,5": hours into *h (0 <= h <= 10000); false otherwise. */
bool answer_hours(struct span cell, double *h);
/* A scale cell: 0 (not at all) .. 3 (well), or -1 when empty/invalid. */
int answer_scale(struct span cell);
extern const char *const answer_scale_names[4];
/* A mark cell: ticked? (any non-empty value) */
bool answer_mark(struct span cell);

/* A sprint answer with its defaults filled in: start today, 4 weeks,
 * 4 hours a week. */
struct sprint {
	int start;          /* day number of the first day */
	int weeks;
	double hours_week;
};
#define SPRINT_WEEKS 4
#define SPRINT_HOURS 4.0
void answer_sprint(const char *value, int today, struct sprint *out);
static inline int sprint_end(const struct sprint *sp)  /* last day */
{
	return sp->start + 7 * sp->weeks - 1;
}

/* Where a page, a check or an export finds a participant's answers: the
 * stored value for a prompt id, or NULL when there is none. */
typedef const char *answer_get_fn(void *ctx, const char *prompt_id);

#endif
