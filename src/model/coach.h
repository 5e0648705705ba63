#ifndef COACH_H
#define COACH_H

#include "model/answer.h"
#include "model/session.h"

#include <stdbool.h>

/*
 * Coaching: the checks the session's own words ask for, derived from each
 * prompt's declaration (bounds, required, rows=, columns, budget=), never
 * from prompt ids in C.  See docs/coaching.md.
 *
 * For each prompt, in order:
 *   bounds    min_items > 1 or max_items: "Roles: 3 to 5" (items, picks
 *             or rows counted)
 *   required  required, or min_items 1, and empty: "Support: answered"
 *   rows      rows=NAME: every item of NAME has a row whose required
 *             cells are filled ("Cheap tests: one for each role")
 *   sprint    a sprint prompt: its cells parse; the figures in use
 * then for each column, in column order:
 *   cell      a required column is empty in some row, or a typed one
 *             (date, hours, number) does not parse ("format" when the
 *             column is not required, or rows= already asks for it)
 *   scale     a scale column rates some row "poorly" or "not at all"
 *             (or leaves it unrated, when required)
 *   mark      a :one mark column has no row ticked
 *   cover     an :all choice column leaves some option without a row
 * then, for a table with budget=:
 *   dates     budget=: a date outside the sprint window
 *   hours     budget=: total hours over weeks x hours a week
 * A check is listed only when the prompt declares what it needs; passing
 * checks are listed too (the panel shows both).  An optional prompt left
 * empty gets no checks.  Titles are stable for a given declaration
 * and start with the prompt's label as written ("Milestones: ...");
 * details say the state now and name the first gaps.  Both are plain
 * text, to be escaped by whoever shows them.
 */
struct check {
	const struct prompt *prompt;  /* the field it concerns */
	const char *kind;             /* "bounds", "rows", ... as above */
	bool pass;
	char title[160];  /* what is checked, plain words: "Roles: 3 to 5" */
	char detail[240]; /* the state now: "You have 2." / the first gap */
};

struct checks {
	struct check *v;
	size_t n, alloc;
	int passed;
};

/* Append the checks of one exercise (or of every exercise when `ex` is
 * NULL) to `out`.  `today` is a day number (answer_today()) for sprint
 * defaults.  Returns 0, or -1 when out of memory. */
int coach_run(const struct session *s, const struct exercise *ex,
	      answer_get_fn *get, void *ctx, int today, struct checks *out);
void checks_release(struct checks *c);

/* A sprint in words, as checks and exports say it: "4 weeks from
 * 2027-01-04 to 2027-01-31, 5 h a week". */
#define SPRINT_WORDS 112
void sprint_words(const struct sprint *sp, char out[SPRINT_WORDS]);

#endif
