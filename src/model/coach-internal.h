/*
 * coach-internal.h: what a field kind's checks are written with (coach.c),
 * for the `check` slot of each kind (model/kinds/).  Not for anyone else:
 * the rest of the app runs the checks with coach_run() (coach.h).
 */
#ifndef MODEL_COACH_INTERNAL_H
#define MODEL_COACH_INTERNAL_H

#include "model/coach.h"

#include <stdbool.h>
#include <stddef.h>

#define NOUN_BYTES 40   /* a label longer than this is not used as a noun */
#define NAME_BYTES 40   /* a row or item named in a detail */
#define VALUE_BYTES 24  /* a participant's value quoted in a detail */

/* One run of the checks: where answers come from, where checks go. */
struct coach_run {
	const struct session *s;
	answer_get_fn *get;
	void *ctx;
	int today;
	struct checks *out;
};

/* Start check c of prompt p ("bounds", "rows", ... coach.h). */
void coach_init(struct check *c, const struct prompt *p, const char *kind);
/* Append c to the run's list.  Returns 0, or -1 when out of memory. */
int coach_push(struct checks *out, const struct check *c);

/* The title: "Label: what" when the prompt has a short name, else
 * "What". */
void coach_title(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append to a title or detail; on truncation it ends on a UTF-8
 * boundary with "…". */
void coach_addf(char *dst, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Copy n bytes of s into out (room for max bytes, "…" and the NUL),
 * cutting a longer text at a space, or else at a UTF-8 boundary. */
void coach_cut(char *out, const char *s, size_t n, size_t max);
/* The prompt's short name when it can open a title, else NULL. */
const char *coach_name_of(const struct prompt *p);

void coach_fmt_hours(char out[32], double h);
void coach_fmt_date(char out[16], int day);
/* A cell of at most 6 digits. */
bool coach_whole_number(struct span c, long *v);

/* The checks every counted kind has.  Bounds: min_items > 1 or
 * max_items, counting `unit` ("items", "rows"); the prompt's label names
 * what is counted unless `unit_always` ("Pre-mortem: at least 3
 * rounds").  Required: required, or min_items 1, and empty; left to the
 * bounds when `counted` and they ask for at least one.  Each returns 0,
 * or -1 when out of memory. */
int coach_bounds(struct coach_run *r, const struct prompt *p, const char *v,
		 const char *unit, bool unit_always);
int coach_required(struct coach_run *r, const struct prompt *p,
		   const char *v, bool counted);

#endif
