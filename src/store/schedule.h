/*
 * schedule.h: a cohort's dates, the reminders made exactly once, and the
 * facilitators' nudges (schedule.c; docs/cohorts.md "Dates, reminders
 * and nudges", docs/mail.md).  Part of the public API: include
 * "store/store.h", which includes this.
 */
#ifndef STORE_SCHEDULE_H
#define STORE_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct notice_new;
struct ctest;

/*
 * A cohort's dates, set by its facilitators: its sessions, the days its
 * check-ins are due, and the final review session.  Each is an instant
 * (`starts`, UTC seconds) with a length; the page turns the
 * facilitator's wall clock into it and back in each viewer's zone.  A
 * cohort keeps at most STORE_CDATES_MAX (CAP_CDATES).
 */
enum cdate_kind { CDATE_SESSION = 1, CDATE_CHECKIN = 2, CDATE_REVIEW = 3 };
#define STORE_CDATES_MAX 100
#define STORE_CDATE_TITLE_MAX 200
#define STORE_CDATE_MINUTES_MAX (24 * 60)
struct cdate {
	int64_t id, cohort;
	int kind;                   /* cdate_kind */
	int64_t starts;             /* UTC seconds */
	int minutes;                /* 1 .. STORE_CDATE_MINUTES_MAX */
	char title[STORE_CDATE_TITLE_MAX + 1];  /* "" : the kind's name */
	int number;                 /* the cohort's session (lists fill it) */
};
/* cohort_name is "" but for store_cdate_of_user(). */
typedef int store_cdate_fn(void *ctx, const struct cdate *d,
			   const char *cohort_name);
/* Add a date (sets d->id); STORE_NOTFOUND for no such cohort. */
int store_cdate_add(struct store *st, struct cdate *d, int64_t by);
/* Delete one of the cohort's dates; STORE_NOTFOUND when not there. */
int store_cdate_del(struct store *st, int64_t cohort, int64_t id);
/* The cohort's dates, earliest first. */
int store_cdate_list(struct store *st, int64_t cohort, store_cdate_fn *fn,
		     void *ctx);
/* The dates of every cohort `user` is in, by cohort then time. */
int store_cdate_of_user(struct store *st, int64_t user, store_cdate_fn *fn,
			void *ctx);
/* The dates of `kind` starting in (after, upto], every cohort. */
int store_cdate_due(struct store *st, int kind, int64_t after, int64_t upto,
		    store_cdate_fn *fn, void *ctx);

/*
 * Reminders made once.  A reminder (a milestone due, a missed check-in)
 * has a key that names what it is about ("ms:..."); store_notice_once()
 * claims the key and adds the notice (and its mail) in one transaction:
 * STORE_OK when this call made it, STORE_EXISTS when some call did
 * before (on any server: the key is unique in the database, so two
 * passes at once make it once).  store_once_made() looks first, so that
 * a pass does not compose mail it would throw away.  Keys older than a
 * reminder's window are forgotten by store_once_prune().
 */
#define STORE_ONCE_KEY_MAX 200
int store_once_made(struct store *st, const char *key, int *made);
int store_notice_once(struct store *st, const char *key,
		      const struct notice_new *nv);
int store_once_prune(struct store *st, int64_t before);

/*
 * A facilitator's nudge of a member (the dashboard's at-risk list): the
 * log row and the notice (with its mail) in one transaction.  At most
 * one per member per cohort in STORE_NUDGE_GAP seconds, whoever sends
 * it: else STORE_FULL (CAP_NUDGES), nothing written.  A member's rows
 * older than STORE_NUDGE_KEEP go with the next nudge.
 */
#define STORE_NUDGE_GAP 86400
#define STORE_NUDGE_KEEP (366 * 86400)
int store_nudge(struct store *st, int64_t cohort, int64_t member,
		int64_t by, const struct notice_new *nv);
/* Per member of the cohort ever nudged: the newest nudge, by member. */
typedef int store_nudge_fn(void *ctx, int64_t member, int64_t at,
			   const char *by_name);
int store_nudge_list(struct store *st, int64_t cohort, store_nudge_fn *fn,
		     void *ctx);

/* What the reminder pass reads: the answers to one prompt with a date
 * from..to (YYYY-MM-DD) written in them (by user; every date a save
 * writes is kept beside its answer, answers.c: the pass reads those
 * due, not everyone's, and may get an answer whose date has since
 * gone), the cheap tests still planned dated from..to, and a person's
 * newest check-in on a session (0: none). */
typedef int store_user_answer_fn(void *ctx, int64_t user, const char *value,
				 size_t len);
int store_answers_dated(struct store *st, int number, const char *prompt_id,
			const char *from, const char *to,
			store_user_answer_fn *fn, void *ctx);
typedef int store_ctest_due_fn(void *ctx, int64_t id, int64_t user,
			       int number, const char *idea,
			       const char *date);
int store_ctest_due(struct store *st, const char *from, const char *to,
		    store_ctest_due_fn *fn, void *ctx);
int store_checkin_last(struct store *st, int64_t user, int number,
		       int64_t *at);

/* How many mails of `kind` to the address env_to were queued since
 * `since`: the cap on invites sent by mail to one address. */
#define STORE_INVITE_MAILS_MAX 3    /* to one address a day */
int store_mail_count_to(struct store *st, const char *env_to, int kind,
			int64_t since, int *count);

#endif
