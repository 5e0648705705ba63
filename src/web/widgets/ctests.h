#ifndef CTESTS_H
#define CTESTS_H

#include "export/svg-ctests.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct page;

/*
 * A person's cheap tests of one session, loaded once and tallied by
 * idea (ctests.c): for the tracker page (/s/N/tests) and "Your plans".
 */
struct ctest_row {
	struct ctest t;
	char *test, *note;
};
struct ctests {
	struct ctest_row *v;        /* oldest first */
	size_t n;
	struct ctest_tally *tally;  /* per idea, in the order of the note */
	size_t nr_tally;
	int oom;
};
int ctests_load(struct store *st, int64_t user, int number,
		struct ctests *c);
void ctests_release(struct ctests *c);

/* "Which ideas survived their cheap tests", in words, and how that
 * compares with the order of the plan's ranked prompt (its answer,
 * one idea a line, most wanted first; NULL when none); then the chart. */
void ctests_summary(struct buf *b, const struct ctests *c,
		    const char *ranked);

/* Status names, for forms and the note. */
const char *ctest_status_name(int status);

#endif
