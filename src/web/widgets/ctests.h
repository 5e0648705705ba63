#ifndef CTESTS_H
#define CTESTS_H

#include "export/svg-ctests.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct page;
struct session;
struct workbook;

/*
 * A person's cheap tests of one session, loaded once and tallied by
 * idea (ctests.c): for the tracker page (/s/N/tests), the check-in
 * form and "Your plans".
 */
struct ctest_logrow {
	struct ctest_log l;
	char *note;
};
struct ctest_row {
	struct ctest t;             /* t.uncertainty points at uncertainty */
	char *test, *note, *uncertainty;
	size_t log, nr_log;         /* its updates: c->log[log ..], oldest
				     * first */
};
struct ctests {
	struct ctest_row *v;        /* oldest first */
	size_t n;
	struct ctest_tally *tally;  /* per idea, in the order of the note */
	size_t nr_tally;
	struct ctest_logrow *log;   /* by test, oldest first */
	size_t nr_log, alloc_log;
	int oom;
};
int ctests_load(struct store *st, int64_t user, int number,
		struct ctests *c);
void ctests_release(struct ctests *c);

/*
 * The tests to show, in order: each row of the career plan's "tests"
 * table (role, first text column as the test, first date column), with
 * its tracked record when one has the same idea and test, then the
 * tracked ones no plan row names.  fid names each one's form fields:
 * "p-K" (the plan's K-th row) or "t-ID".
 */
struct ctest_item {
	const struct ctest_row *row;  /* tracked, or NULL */
	char fid[24];
	char *idea, *test;            /* owned copies */
	char date[11];                /* the record's, else the plan's */
	bool plan;
};
struct ctest_items {
	struct ctest_item *v;
	size_t n, from_plan;          /* the first from_plan are the plan's */
	const struct prompt *tests;   /* the plan's prompt, or NULL */
};
int ctest_items_make(const struct ctests *c, const struct session *s,
		     struct workbook *wb, struct ctest_items *out);
void ctest_items_release(struct ctest_items *it);

/* "Which ideas survived their cheap tests", in words, and how that
 * compares with the order of the plan's ranked prompt (its answer,
 * one idea a line, most wanted first; NULL when none); then how the
 * confidence in fit before and after the tests ranks the ideas, and
 * which tests changed that order; then the charts. */
void ctests_summary(struct buf *b, const struct ctests *c,
		    const char *ranked);

/* Status names, for forms and the note. */
const char *ctest_status_name(int status);
/* Form words of the statuses ("planned", "supported", ...); 0 when w is
 * none of them. */
const char *ctest_status_key(int status);
int ctest_status_of(const char *w);

/* Parse a form's hours ("2.5", "1,5", "3 h"; up to 1,000) into tenths,
 * and a confidence ("70", "70 %"; 0 to 100); an empty field is -1.
 * NULL, or why not (naming `what`, into msg). */
const char *ctest_parse_hours(const char *s, const char *what, char *msg,
			      size_t size, int *tenths);
const char *ctest_parse_conf(const char *s, const char *what, char *msg,
			     size_t size, int *pct);
/* Tenths of an hour as the form shows them ("2.5", "" for -1). */
void ctest_hours_text(char out[16], int tenths);

/* One test's figures in words ("4 of 10 h; confidence 50 % → 80 %"),
 * escaped into b; nothing when none is said. */
void ctest_figures(struct buf *b, const struct ctest *t);

#endif
