#ifndef WEB_WIDGETS_COHORT_PROGRESS_H
#define WEB_WIDGETS_COHORT_PROGRESS_H

/*
 * cohort-progress.h: what a cohort's dashboard shows, as read from the
 * store (cohort-progress.c), for web/pages/dashboard.c to render.
 */

#include "model/session.h"
#include "store/store.h"
#include "web/widgets/spread.h"

#include <stdbool.h>
#include <stdint.h>

/* A milestone of a participant's plan with a date, for the at-risk
 * list: overdue once its day has passed while its newest check-in does
 * not say done (matched by prompt and name, as check-ins name it). */
struct ms_due {
	const char *prompt;
	unsigned char name[16];     /* a digest of its name */
	int day;
	bool done;
};

/*
 * What the dashboard shows, as read from the store: one line per
 * participant.  It is kept (a few cohorts' worth) while
 * store_generation() stays the same, that is until anything is written,
 * and shared by the threads: `refs` counts the cache and each page
 * rendering it.  Whatever depends on the time (who is behind) is worked
 * out when the page is rendered.
 */
struct line {
	struct member m;
	int readings_done, checkins;
	int64_t last_checkin;
	bool has_sprint;
	char sprint[64];    /* the sprint answer (a valid one is short) */
	int *done;          /* per exercise: prompts answered */
	int *optional_done; /* of which optional */
	bool *shared;       /* per exercise */
	int *open;          /* per exercise: open comment threads */
	struct ms_due *ms;  /* milestones with a date (malloc'd) */
	size_t nr_ms;
	bool ms_sorted;     /* ms in ms_cmp's order (ms_sort) */
	int64_t nudged;     /* the newest nudge (0: none), and by whom */
	char nudged_by[STORE_NAME_MAX + 1];
};

struct dash {
	int64_t cohort;
	const struct session *s;    /* read for; served only for this same
				     * one (a reload makes another) */
	int number;                 /* s's: dash_stale_number() guesses by
				     * it, s may be gone by then */
	uint64_t generation;
	uint64_t writes;    /* store_writes_begun() before it was read */
	unsigned used;      /* when last served, for replacing */
	int refs;
	size_t n, ne;
	struct line *v;
	int *counts;        /* the lines' done and optional_done */
	bool *shared;
	int *open;
	int *required;      /* per exercise: prompts that always count */
	struct spread spread;   /* over research agendas */
	struct spread roles;    /* over the roles aimed at */
	int64_t *facilitators;  /* the cohort's, as it was read */
	size_t nr_facilitators;
};


/* The cohort's dashboard data: the kept copy while nothing has been
 * written since it was read, else read now, in the caller's snapshot,
 * and kept.  gen is store_generation() as read before that snapshot
 * began (store_generation_asked(): the router asks, for a page that
 * keeps what it read), so a copy is never older than its number.  Release with dash_put(). */
int dash_get(struct store *st, uint64_t gen, const struct cohort *c,
	     const struct session *s, struct dash *ahead, struct dash **out);
/*
 * The same reads sent ahead, inside the router's snapshot but before it
 * checks the viewer (a cold dashboard in one round trip instead of two),
 * when dash_stale_number() says a copy of this cohort's is kept, for
 * that session number, that viewer was one of its facilitators when it
 * was read, and this process has begun a write since (else 0: the copy
 * is likely still good, or the viewer likely may not see the page, or
 * there is no session to guess).
 * With them goes store_cohort_as_ask() for viewer, so that the router's
 * check reads nothing more.  NULL when it failed; else dash_get() takes
 * it as `ahead` (and uses it unless the copy kept is good after all, or
 * it is for another session), or dash_put() releases it, unseen, when
 * the viewer may not see it.
 */
int dash_stale_number(int64_t cohort, int64_t viewer);
struct dash *dash_ahead(struct store *st, int64_t cohort,
			const struct session *s, int64_t viewer);
void dash_put(struct dash *d);

#endif
