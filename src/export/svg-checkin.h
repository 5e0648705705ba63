#ifndef SVG_CHECKIN_H
#define SVG_CHECKIN_H

#include "model/answer.h"

#include <stddef.h>

struct buf;

/*
 * The check-in chart (svg-checkin.c): a plan's milestones week by week
 * over the sprint.  Each week is a stacked bar of the milestones' status
 * at the end of that week (the newest check-in on each, up to then):
 * done, on track, behind, or no check-in yet; a dashed step line marks
 * how many milestones were due by then.  Like svg.h's charts it says in
 * words what the colours say: every bar carries its counts as text, and
 * the aria-label sums up the newest week.
 */

/* One check-in as the chart needs it. */
struct checkin_dot {
	size_t milestone;           /* index into the milestones */
	int day;                    /* day number it was made */
	int status;                 /* enum checkin_status (store.h) */
};

#define CHECKIN_NO_DATE (-1000000)  /* a milestone without a due date */

struct checkin_series {
	struct sprint sp;
	int today;                  /* weeks that start later are empty */
	size_t nr_milestones;
	const int *due;             /* per milestone: due day or NO_DATE */
	const struct checkin_dot *v;  /* oldest first */
	size_t n;
};

/* Per week of the sprint, how many milestones stood where at its end
 * (status counts; none = no check-in yet).  `week` is 0-based. */
struct checkin_week {
	int done, on_track, behind, none, due;
};
void checkin_week_counts(const struct checkin_series *cs, int week,
			 struct checkin_week *out);

void svg_checkin_progress(struct buf *b, const struct checkin_series *cs);

#endif
