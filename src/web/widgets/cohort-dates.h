#ifndef COHORT_DATES_H
#define COHORT_DATES_H

#include <stdbool.h>

struct page;
struct cohort;

/*
 * A cohort's dates on its page (cohort-dates.c, docs/cohorts.md): its
 * sessions, check-in dates and final review, each in the viewer's time
 * zone; to its facilitators a delete button on each and a form to add
 * one, in their own zone.  A refused form comes back with `error` said
 * above it and what was typed (`draft`, or NULL) kept.
 */
struct cdate_draft {
	const char *kind, *day, *time, *minutes, *title;
};
void cohort_dates_section(struct page *pg, const struct cohort *c,
			  bool facil, const char *error,
			  const struct cdate_draft *draft);
/* A kind's name for people ("Session", "Check-in due", "Final review
 * session"); its word in forms ("session", "checkin", "review"). */
const char *cdate_kind_name(int kind);
const char *cdate_kind_word(int kind);

#endif
