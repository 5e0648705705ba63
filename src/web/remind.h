#ifndef REMIND_H
#define REMIND_H

#include <stdint.h>

struct store;

/*
 * The reminder pass (remind.c, docs/mail.md "Reminders"): the notices
 * nothing else makes, because no one acts when they fall due:
 *
 *   milestone  a milestone of one's plans, or a cheap test still
 *              planned, due within two days (UTC days: today .. today+2);
 *              a milestone already checked in as done is left alone
 *   missed     a check-in date of the cohort has passed (within three
 *              days) and a participant made no check-in since the one
 *              before it (or the week before, for the first): each of
 *              their accepted partners in that cohort is told
 *   review     the cohort's final review session starts within two
 *              days: every member is told, with the time in their zone
 *
 * Each reminder has a key (store_notice_once()), so it is made exactly
 * once whatever the number of passes and servers; each goes by its
 * person's choice for the kind (at once, digest, off).  A pass reads
 * what falls in the windows only: its cost is linear in the rows it
 * reads (indexed by prompt, date and time).  It uses the loaded
 * sessions (courses.h).  Returns 0, or -1 when the store failed
 * (what was made stays made; the next pass goes on).
 */
struct remind_counts {
	int milestones, ctests, missed, reviews;   /* made by this pass */
};
#define REMIND_WINDOW_DAYS 2
#define REMIND_MISSED_LATE (3 * 86400)
#define REMIND_KEEP (30 * 86400)    /* keys kept this long */
#define REMIND_EVERY_DEFAULT 600    /* serve's pass, in seconds */
int remind_pass(struct store *st, int64_t now, struct remind_counts *out);

#endif
