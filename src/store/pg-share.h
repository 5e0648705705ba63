#ifndef STORE_PG_SHARE_H
#define STORE_PG_SHARE_H

/*
 * pg-share.h: write transactions of one process that share a COMMIT
 * (group commit).  On PostgreSQL a save's own statements cost the
 * database little; its BEGIN, its COMMIT and the wait for the log's
 * flush cost most.  So the saves that wait at the same moment, on the
 * server's several threads, go as one transaction: the first to find no
 * group running leads, takes every save queued (up to SHARE_MAX) and
 * runs their bodies one after another on its own connection, their
 * statements sent together, then one COMMIT for all.  The others wait
 * for it and learn their outcome; meanwhile the next group gathers.
 *
 * Only this file knows the queue; pg.c runs a group (run()) and says
 * what became of each member.  Nothing here is PostgreSQL's: sqlite.c
 * groups its saves on the same queue, one per file, under one BEGIN
 * IMMEDIATE and one COMMIT.  One queue per database (its URL, or the
 * file's path), so a process open on two databases never mixes their
 * writes.  Reads that
 * share a round trip (pg-gather.c) have a queue of their own, which lets
 * SHARE_READ_LEADERS groups run at once.
 */

#include <stddef.h>
#include <stdint.h>

#define SHARE_MAX 32
/* Groups of reads running at once (writes': one).  Two kept both cores
 * busier; since members sleep on futex words (pg-share.c), one carries
 * more pages a round trip, each costing the server and PostgreSQL less,
 * and serves more pages (docs/scaling.md, "A seventeenth look"). */
#define SHARE_READ_LEADERS 1

/* What became of a member. */
enum share_state {
	SHARE_WAITING,          /* queued, or in the group running */
	SHARE_DONE,             /* rc is its outcome */
	SHARE_ALONE,            /* the group failed before its COMMIT:
				 * run it again on its own */
};

struct share_member {
	void *who;              /* pg.c's: the body and its store */
	int rc;
	enum share_state outcome;       /* run()'s to set */
	_Atomic int state;              /* the queue's: an enum share_state */
	struct share_member *next;
	_Atomic uint32_t wake;          /* the queue's: a futex word */
};

struct pg_share;

/* The queue of the database at `url` (made on first use), or NULL
 * without memory; share_close() for every share_open(). */
struct pg_share *share_open(const char *url);
/* The queue of its reads (pg-gather.c), apart from the writes'. */
struct pg_share *share_open_reads(const char *url);
void share_close(struct pg_share *sh);

/*
 * Queue m, and return once it is done or to be run alone.  When no
 * group runs, this thread leads one: run(lead, v, n) on the members
 * taken (m among them, unless SHARE_MAX were queued before it), which
 * must set each one's outcome to SHARE_DONE (with rc) or SHARE_ALONE.
 */
typedef void share_run_fn(void *lead, struct share_member **v, size_t n);
void share_wait(struct pg_share *sh, struct share_member *m,
		share_run_fn *run, void *lead);

/* Groups of two or more run so far on this queue, and their members. */
void share_stats(struct pg_share *sh, unsigned long *groups,
		 unsigned long *members);
/* Tests only: lead no group until n are queued (0: as usual). */
void share_test_hold(struct pg_share *sh, size_t n);

#endif
