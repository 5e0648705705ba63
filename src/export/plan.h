#ifndef EXPORT_PLAN_H
#define EXPORT_PLAN_H

/*
 * What the exporters (export-*.c) share: which exercises a document
 * holds, a prompt's answer, and its milestones.  Internal.  What a
 * prompt's kind writes (model/kinds/kind.h) comes with it.
 */
#include "export/export.h"
#include "model/kinds/kind.h"

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

/* A milestone table: a table prompt with budget=, its first date column
 * into *date and first hours column into *hours (-1 when none).  False
 * for other prompts or when there is no date column. */
bool milestone_cols(const struct prompt *p, int *date, int *hours);

/* The milestones of the document as VEVENTs (ics.c): all-day ones, or
 * with a zone's TZID at ICS_FEED_HOUR local time for ICS_FEED_LENGTH
 * (the calendar feed, feed.c).  stamp is the DTSTAMP (ics_stamp()). */
#define ICS_FEED_HOUR 9
#define ICS_FEED_LENGTH "PT30M"
struct ical;
void ics_plan_events(struct ical *w, const struct plan_doc *d,
		     const char *stamp, const char *tzid);
/* A unix time as a UTC DATE-TIME ("20270328T090000Z"); -1 on failure. */
int ics_stamp(long long when, char out[20]);

/* The tracked cheap tests in the document, each as a title (idea and
 * test) and its fields ("Status", "Ran: supported"), those said only;
 * false when the document holds none. */
struct doc_ctests_out {
	void *ctx;
	void (*test)(void *ctx, const char *idea, const char *test);
	void (*field)(void *ctx, const char *label, const char *value);
};
#define DOC_CTESTS_TITLE CTESTS_SECTION
#define DOC_CTESTS_INTRO "Tracked on alignplan: confidence in fit is 0-100 %."
bool doc_ctests(const struct plan_doc *d, const struct doc_ctests_out *w);

/* The coaching checks of the document (coach_run); -1 on failure. */
int doc_checks(const struct plan_doc *d, const struct exercise *e,
	       struct checks *out);

#endif
