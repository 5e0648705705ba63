/*
 * pg-idle.c: the thread that ends the snapshots a server's connections
 * leave open between requests (pgc_idle() in pg-conn.h).  One per
 * process, started with the first connection lent to it; every
 * PGC_IDLE_MS / 2 it looks at each connection it knows, under that
 * connection's lock, so an owner taking its connection back only waits
 * for a COMMIT under way.
 */
#include "store/pg-conn-int.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static struct {
	pthread_mutex_t lock;
	pthread_cond_t some;            /* the list is no longer empty */
	struct pgc **conn;
	size_t n, cap;
	int running;
} idle = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0,
	   0, 0 };

static void *sweeper(void *arg)
{
	struct timespec tick = { 0, PGC_IDLE_MS * 1000000L / 2 };
	size_t i;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&idle.lock);
		while (!idle.n)
			pthread_cond_wait(&idle.some, &idle.lock);
		for (i = 0; i < idle.n; i++)
			pgc_sweep(idle.conn[i], pgc_now_ms());
		pthread_mutex_unlock(&idle.lock);
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
		pthread_cond_signal(&idle.some);
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
}

void pgc_sweep(struct pgc *pc, int64_t now_ms)
{
	if (pthread_mutex_trylock(&pc->lock))
		return;                 /* its owner is taking it back */
	if (pc->lent && pc->owed && now_ms - pc->idle_since >= PGC_IDLE_MS)
		pgc_pay(pc);
	pthread_mutex_unlock(&pc->lock);
}
