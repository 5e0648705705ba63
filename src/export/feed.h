#ifndef EXPORT_FEED_H
#define EXPORT_FEED_H

#include "export/export.h"

#include <stddef.h>
#include <stdint.h>

struct buf;
struct tz;

/*
 * A person's private calendar feed (feed.c, docs/calendar.md): the
 * milestones of their plans in every session, and their other dated
 * items (cheap tests), each an event at 09:00 for half an hour in their
 * time zone; and their cohorts' dates (sessions, check-ins due, the
 * final review), each at its instant, on the wall clock of their zone;
 * with that zone's VTIMEZONE.
 */
struct feed_item {
	const char *uid;            /* unique and stable, ours */
	const char *summary;        /* user text, escaped on the way out */
	const char *description;    /* or NULL */
	int day;                    /* day number (answer_date()) */
	int64_t at;                 /* or, when not 0, this instant (UTC
				     * seconds) in the person's zone */
	int minutes;                /* with `at`: its length */
};

struct feed_doc {
	const struct tz *z;
	const char *name;           /* the calendar's name (X-WR-CALNAME) */
	const struct plan_doc *plans;   /* whole workbooks, one a session */
	size_t nr_plans;
	const struct feed_item *items;
	size_t nr_items;
	long long stamp;            /* now: DTSTAMP, and the VTIMEZONE's
				     * window around it */
};

/* Append the feed to out: 0, or -1 (out of memory). */
int export_feed(const struct feed_doc *f, struct buf *out);

#endif
