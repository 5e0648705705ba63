#ifndef DIFF_H
#define DIFF_H

#include "model/answer.h"

#include <stddef.h>

/*
 * A line diff of two texts (an answer's first draft and its text now):
 * runs of equal, removed and added lines, from the longest common
 * subsequence.  The table costs n x m; past DIFF_MAX_LINES lines on either
 * side (after the lines both share at the start and end) the middle is
 * reported as all removed, then all added.
 */
#define DIFF_MAX_LINES 2000

enum diff_op { DIFF_EQUAL, DIFF_REMOVED, DIFF_ADDED };

struct diff_run {
	enum diff_op op;
	size_t first;     /* index of its first line in a (equal, removed)
			   * or b (added) */
	size_t n;         /* number of lines */
};

struct diff {
	struct span *a, *b;   /* the lines of each text (pointing into it) */
	size_t na, nb;
	struct diff_run *runs;
	size_t nr_runs, alloc;
	int fallback;         /* too long: all removed, all added */
};

/* Diff `a` (alen bytes) against `b`.  Lines end at LF; a final LF does
 * not start another line, and an empty text has no lines.  The texts must
 * outlive the diff.  Returns 0, or -1 when out of memory (d is then
 * empty). */
int diff_lines(const char *a, size_t alen, const char *b, size_t blen,
	       struct diff *d);
void diff_release(struct diff *d);
/* The lines of a run: from d->a for equal and removed runs, d->b for
 * added ones. */
static inline const struct span *diff_run_lines(const struct diff *d,
						const struct diff_run *r)
{
	return (r->op == DIFF_ADDED ? d->b : d->a) + r->first;
}

#endif
