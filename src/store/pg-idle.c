/*
 * pg-idle.c: the thread that ends the snapshots a server's connections
 * leave open between requests (pgc_idle() in pg-conn.h).  One per
 * process, started with the first connection lent to it.  While any
 * connection it knows is lent with a COMMIT owed, it looks at each every
 * PGC_IDLE_MS / 2, under that connection's lock, so an owner taking its
 * connection back only waits for a COMMIT under way.  With none, it
 * sleeps until pgc_idle() lends one: an idle server does not wake a
 * hundred times a second for nothing.
 */
#include "store/pg-conn-int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

static struct {
	pthread_mutex_t lock;
	pthread_cond_t lent;            /* pgc_idle() lent one: look again */
	struct pgc **conn;
	size_t n, cap;
	int running;
	/* The thread waits for `lent`, with no deadline.  It sets this
	 * before its last look at the connections, each looked at under
	 * its lock; pgc_idle() reads it after lending one under the same
	 * lock.  The lock orders the two: either the thread sees the loan,
	 * or pgc_idle() sees it asleep and wakes it. */
	_Atomic int asleep;
} idle = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0,
	   0, 0, 0 };

/* pgc_sweep() on every connection: is a COMMIT still owed on one? */
static int sweep_all(int64_t now)
{
	size_t i;
	int pending = 0;

	for (i = 0; i < idle.n; i++)
		pending |= pgc_sweep(idle.conn[i], now);
	return pending;
}

static void *sweeper(void *arg)
{
	struct timespec tick = { 0, PGC_IDLE_MS * 1000000L / 2 };
	int64_t now;
	int pending;

	(void)arg;
	prctl(PR_SET_NAME, "pg-idle");  /* so top -H and tests tell it */
	for (;;) {
		pthread_mutex_lock(&idle.lock);
		now = pgc_now_ms();
		if (!(pending = sweep_all(now))) {
			/* Asleep first, then one more look (see `asleep`):
			 * a quick one, since nothing there is due. */
			atomic_store(&idle.asleep, 1);
			if ((pending = sweep_all(now)))
				atomic_store(&idle.asleep, 0);
		}
		while (atomic_load(&idle.asleep))
			pthread_cond_wait(&idle.lent, &idle.lock);
		pthread_mutex_unlock(&idle.lock);
		if (pending)
			nanosleep(&tick, NULL);
	}
	return NULL;
}

/* Without memory or a thread, -1: the connection is left off the list
 * (and its snapshots then send their COMMIT as without pgc_idle()). */
int pgc_idle_add(struct pgc *pc)
{
	pthread_t t;
	pthread_attr_t attr;
	struct pgc **more;
	int ret = -1;

	pthread_mutex_lock(&idle.lock);
	if (!idle.running) {
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		idle.running = !pthread_create(&t, &attr, sweeper, NULL);
		pthread_attr_destroy(&attr);
	}
	if (idle.n == idle.cap) {
		size_t cap = idle.cap ? 2 * idle.cap : 16;

		if ((more = realloc(idle.conn, cap * sizeof(*more)))) {
			idle.conn = more;
			idle.cap = cap;
		}
	}
	if (idle.running && idle.n < idle.cap) {
		idle.conn[idle.n++] = pc;
		ret = 0;
	}
	pthread_mutex_unlock(&idle.lock);
	return ret;
}

void pgc_idle_remove(struct pgc *pc)
{
	size_t i;

	pthread_mutex_lock(&idle.lock);
	for (i = 0; i < idle.n; i++)
		if (idle.conn[i] == pc) {
			idle.conn[i] = idle.conn[--idle.n];
			break;
		}
	if (!idle.n) {
		free(idle.conn);
		idle.conn = NULL;
		idle.cap = 0;
	}
	pthread_mutex_unlock(&idle.lock);
}

/* Lend the connection to pg-idle.c's thread until the owner's next call,
 * if a snapshot's COMMIT is owed; from now on snapshots owe theirs. */
void pgc_idle(struct pgc *pc)
{
	if (!pc->served && !pc->unlisted &&
	    !(pc->served = pgc_idle_add(pc) == 0))
		pc->unlisted = 1;       /* no sweeper: do without */
	if (!pc->owed || pc->lent)
		return;
	pthread_mutex_lock(&pc->lock);
	pc->lent = 1;
	pc->idle_since = pgc_now_ms();
	pthread_mutex_unlock(&pc->lock);
	if (pc->served && atomic_load(&idle.asleep)) {
		pthread_mutex_lock(&idle.lock);
		atomic_store(&idle.asleep, 0);
		pthread_cond_signal(&idle.lent);
		pthread_mutex_unlock(&idle.lock);
	}
}

int pgc_sweep(struct pgc *pc, int64_t now_ms)
{
	int pending;

	if (pthread_mutex_trylock(&pc->lock))
		return 1;               /* its owner is lending or taking it */
	if (pc->lent && pc->owed && now_ms - pc->idle_since >= PGC_IDLE_MS)
		pgc_pay(pc);
	pending = pc->lent && pc->owed;
	pthread_mutex_unlock(&pc->lock);
	return pending;
}
