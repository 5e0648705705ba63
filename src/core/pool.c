/*
 * pool.c: the bounded job pool (pool.h).  One mutex guards a ring of
 * waiting jobs; the threads sleep on a condition variable when it is
 * empty.
 */
#define _GNU_SOURCE     /* SCHED_BATCH */
#include "core/pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

struct job {
	pool_fn *fn;
	void *arg;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job *ring;
	unsigned queue_max, head, waiting;
	bool stopping;
	int nice;
	unsigned nthreads;
	pthread_t threads[];
};

static void *pool_thread(void *arg)
{
	struct pool *p = arg;
	struct job j;

	if (p->nice > 0) {
		/* Best effort (Linux): this thread's own nice value, and
		 * SCHED_BATCH, so that waking it never preempts a page. */
		struct sched_param sp = { 0 };

		setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), p->nice);
		pthread_setschedparam(pthread_self(), SCHED_BATCH, &sp);
	}
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->waiting && !p->stopping)
			pthread_cond_wait(&p->wake, &p->lock);
		if (!p->waiting)
			break;
		j = p->ring[p->head];
		p->head = (p->head + 1) % p->queue_max;
		p->waiting--;
		pthread_mutex_unlock(&p->lock);
		j.fn(j.arg);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct pool *pool_start(unsigned threads, unsigned queue_max, int nice)
{
	struct pool *p;

	if (threads < 1 || threads > 64 || queue_max < 1)
		return NULL;
	p = calloc(1, sizeof(*p) + threads * sizeof(p->threads[0]));
	if (!p || !(p->ring = calloc(queue_max, sizeof(*p->ring)))) {
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->queue_max = queue_max;
	p->nice = nice;
	for (; p->nthreads < threads; p->nthreads++)
		if (pthread_create(&p->threads[p->nthreads], NULL,
				   pool_thread, p)) {
			pool_free(p);
			return NULL;
		}
	return p;
}

int pool_submit(struct pool *p, pool_fn *fn, void *arg)
{
	int r = -1;

	pthread_mutex_lock(&p->lock);
	if (!p->stopping && p->waiting < p->queue_max) {
		p->ring[(p->head + p->waiting) % p->queue_max] =
			(struct job){ fn, arg };
		p->waiting++;
		pthread_cond_signal(&p->wake);
		r = 0;
	}
	pthread_mutex_unlock(&p->lock);
	return r;
}

void pool_stop(struct pool *p)
{
	unsigned i;

	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	p->nthreads = 0;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	pool_stop(p);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p->ring);
	free(p);
}
